$DEAL run --format dot --under settlement tests/golden/language_example.deal
