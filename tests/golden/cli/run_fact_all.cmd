$DEAL run --fact agi_declared=true --all tests/golden/language_example.deal
