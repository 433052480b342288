$DEAL run --format xml scenarios/openai-cloud.deal
