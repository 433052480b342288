$DEAL run --under nonesuch tests/golden/language_example.deal
