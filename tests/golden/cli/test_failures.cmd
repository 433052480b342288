$DEAL test tests/golden/failing
