$DEAL timeline --format html tests/golden/semantics/when_periods.deal
