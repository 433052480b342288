$DEAL query --format json scenarios/openai-cloud.deal 'Amazon must host StatefulRuntime' --under settlement
