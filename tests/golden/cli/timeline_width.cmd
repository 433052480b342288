$DEAL timeline --width 60 scenarios/openai-cloud.deal | head -60
