$DEAL diff scenarios/openai-cloud.deal status_quo microsoft_win
