$DEAL diff --format json scenarios/openai-cloud.deal status_quo settlement; echo "exit $?"; $DEAL diff --format json tests/golden/language_example.deal settlement settlement; echo "exit $?"
