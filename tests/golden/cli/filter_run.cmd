$DEAL run --party AWS scenarios/openai-cloud.deal; echo "exit $?"; $DEAL run --action host --product StatefulRuntime --under settlement scenarios/openai-cloud.deal; echo "exit $?"
