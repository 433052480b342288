PATH=/nonexistent "$DEAL" run --format svg scenarios/openai-cloud.deal
