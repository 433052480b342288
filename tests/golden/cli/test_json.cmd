$DEAL test --format json tests/golden/failing tests/golden/errors/multi_semantic.deal /nonexistent.deal
