$DEAL check /nonexistent.deal
