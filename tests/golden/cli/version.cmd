$DEAL --version
