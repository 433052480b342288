F=tests/golden/errors/sem_cycle_two_disputes.deal; $DEAL query $F "B may sell P under o1 and o2"; echo "query: exit $?"; $DEAL run --under o1,o2 $F >/dev/null; echo "run: exit $?"
