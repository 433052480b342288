$DEAL diff tests/golden/language_example.deal openai_amazon_win settlement
