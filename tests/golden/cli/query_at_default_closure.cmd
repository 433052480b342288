$DEAL query tests/golden/language_example.deal "Microsoft may use ModelIP" --at 2033-01-01
