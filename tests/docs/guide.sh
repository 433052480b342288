#!/usr/bin/env bash
# The examples of docs/guide.md: its ```deal blocks, put together, are one
# scenario.  It must load without errors or warnings, evaluate, and every
# expect in it must hold.
#   tests/docs/guide.sh [BUILD]
set -u
cd "$(dirname "$0")/../.." || exit 2
DEAL=${1:-build}/deal
DOC=docs/guide.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1

awk '/^```deal[ \t]*$/ && !b { b = 1; next } /^```/ && b { b = 0; print ""; next } b' \
  "$DOC" >"$tmp/guide.deal"
[ -s "$tmp/guide.deal" ] || { echo "FAIL: $DOC has no deal blocks"; exit 1; }
fail=0
if ! "$DEAL" check "$tmp/guide.deal" >"$tmp/check.out" 2>"$tmp/check.err" ||
   [ -s "$tmp/check.err" ]; then
  echo "FAIL: the examples of $DOC do not load cleanly:"
  sed "s|$tmp/guide.deal|guide examples|" "$tmp/check.err" | head -40
  fail=1
fi
if ! "$DEAL" run "$tmp/guide.deal" >"$tmp/run.out" 2>&1; then
  echo "FAIL: deal run on the examples of $DOC"; head -20 "$tmp/run.out"; fail=1
fi
if ! "$DEAL" test "$tmp/guide.deal" >"$tmp/test.out" 2>&1; then
  echo "FAIL: expectations in $DOC:"
  sed "s|$tmp/guide.deal|guide examples|" "$tmp/test.out" | head -60
  fail=1
fi
[ $fail -eq 0 ] || exit 1
echo "guide: examples load; $(tail -1 "$tmp/test.out")"
