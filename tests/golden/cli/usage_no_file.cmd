$DEAL run
