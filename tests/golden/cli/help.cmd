$DEAL --help
