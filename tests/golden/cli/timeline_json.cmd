$DEAL timeline --format json tests/golden/semantics/when_periods.deal
