$DEAL query tests/golden/language_example.deal "Amazon may host StatefulRuntime with probability 70%"
