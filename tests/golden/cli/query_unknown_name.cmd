$DEAL query tests/golden/language_example.deal "Amazn may host StatefulRuntime"
