$DEAL timeline --format markdown tests/golden/semantics/when_periods.deal
