$DEAL diff --format html scenarios/openai-cloud.deal status_quo settlement
