$DEAL query scenarios/openai-cloud.deal "Amazon must host StatefulRuntime" --under settlement
