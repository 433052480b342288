$DEAL run --under settlement tests/golden/language_example.deal
