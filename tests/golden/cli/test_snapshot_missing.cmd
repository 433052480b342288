d=$(mktemp -d); cp tests/golden/language_example.deal "$d/x.deal"; $DEAL test --snapshot "$d/x.deal" | sed "s|$d|DIR|g"; s=${PIPESTATUS[0]}; rm -rf "$d"; exit $s
