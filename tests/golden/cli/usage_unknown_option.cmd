$DEAL run --bogus tests/golden/language_example.deal; echo "exit $?"; $DEAL run --formt json tests/golden/language_example.deal; echo "exit $?"; $DEAL run --all=yes tests/golden/language_example.deal
