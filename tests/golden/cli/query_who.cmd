$DEAL query tests/golden/language_example.deal "who may host StatefulRuntime under settlement"
