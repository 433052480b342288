printf "" > /tmp/deal-empty.deal; $DEAL run /tmp/deal-empty.deal
