$DEAL query --format json scenarios/openai-cloud.deal 'Amazon may host StatefulRuntime under microsoft_wins'
