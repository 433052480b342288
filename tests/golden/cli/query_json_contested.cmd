$DEAL query --format json tests/golden/language_example.deal 'Amazon may host StatefulRuntime'
