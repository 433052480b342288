$DEAL frobnicate --bogus
