$DEAL timeline scenarios/openai-cloud.deal
