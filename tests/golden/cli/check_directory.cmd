$DEAL check tests
