f=tests/golden/semantics/default_despite_clauses.deal; $DEAL query $f "Gamma may sell Ledger"; $DEAL query $f "Beta may sell LedgerCloud under voided"; $DEAL query $f "Gamma may host Ledger"
