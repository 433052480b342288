$DEAL diff scenarios/openai-cloud.deal status_quo
