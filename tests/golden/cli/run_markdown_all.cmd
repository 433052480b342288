$DEAL run --format markdown --all --under microsoft_wins tests/golden/language_example.deal
