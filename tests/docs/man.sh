#!/usr/bin/env bash
# The manual pages: docs/deal.1 and docs/deal.5 render without a warning
# (man-db and groff), every option and every command of `deal --help` is
# documented in deal.1, and the example of deal.5 passes `deal test`.
#   tests/docs/man.sh [BUILD]
set -u
cd "$(dirname "$0")/../.." || exit 2
DEAL=${1:-build}/deal
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for page in docs/deal.1 docs/deal.5; do
  LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 \
    man --warnings -E UTF-8 -l "$page" >"$tmp/out" 2>"$tmp/err"
  if [ -s "$tmp/err" ] || [ ! -s "$tmp/out" ]; then
    echo "FAIL: man warns about $page:"; head -20 "$tmp/err"; fail=1
  fi
  if ! groff -ww -z -man "$page" >"$tmp/err" 2>&1 || [ -s "$tmp/err" ]; then
    echo "FAIL: groff -ww warns about $page:"; head -20 "$tmp/err"; fail=1
  fi
done

# every long option deal knows is in deal.1
for opt in $("$DEAL" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
  grep -q -- "$(printf '%s' "$opt" | sed 's/-/\\\\-/g')" docs/deal.1 ||
    { echo "FAIL: docs/deal.1 does not document $opt"; fail=1; }
done

# every command deal knows is in deal.1's synopsis, its list of commands and
# its exit status
section() { sed -n "/^\.SH $1/,/^\.SH /p" docs/deal.1; }
for cmd in $("$DEAL" --help | sed -n 's/^\(usage:\)\{0,1\} *deal \[\{0,1\}\([a-z]*\).*/\2/p'); do
  section SYNOPSIS | grep -qE "^\.B deal $cmd( |\$)|^\.RB \[ $cmd \]" ||
    { echo "FAIL: docs/deal.1: $cmd is not in the SYNOPSIS"; fail=1; }
  section COMMANDS | grep -qE "^\.BR $cmd( |\$)" ||
    { echo "FAIL: docs/deal.1: $cmd is not under COMMANDS"; fail=1; }
  section 'EXIT STATUS' | grep -qE "^\.BR? $cmd( |\$)" ||
    { echo "FAIL: docs/deal.1: the EXIT STATUS of $cmd is not given"; fail=1; }
done

# the example of deal.5 is a valid scenario whose expectations hold
sed -n '/^\.SH EXAMPLE/,/^\.SH /p' docs/deal.5 | sed -n '/^\.EX/,/^\.EE/p' |
  grep -v '^\.E[XE]' | sed -e 's/\\-/-/g' -e 's/\\e/\\/g' >"$tmp/example.deal"
if ! NO_COLOR=1 "$DEAL" test "$tmp/example.deal" >"$tmp/test.out" 2>&1 ||
   ! grep -q '^[1-9][0-9]* passed, 0 failed$' "$tmp/test.out"; then
  echo "FAIL: the example of docs/deal.5:"; head -30 "$tmp/test.out"; fail=1
fi
[ $fail -eq 0 ] || exit 1
echo "man: deal.1 and deal.5 render without warnings; commands and options documented; deal.5 example passes"
