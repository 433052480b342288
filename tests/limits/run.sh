#!/usr/bin/env bash
# Limits of LANGUAGE.md, each tested on both sides, and hostile inputs:
# parentheses and includes nested 256 (accepted) and 257 (error),
# identifiers of 255/256 bytes, strings of 4096/4097 bytes, a 10 MB line,
# an empty file, a directory, a file over the size limit, a NUL byte, a
# named pipe.
#   tests/limits/run.sh path/to/deal     prints "N passed, N failed"
set -u
DEAL=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
# expect EXIT-STATUS TEXT-IN-OUTPUT (or "") -- command...
expect() {
  local want=$1 text=$2
  shift 2
  timeout 60 "$@" >"$tmp/out" 2>&1
  local got=$?
  if [ "$got" -ne "$want" ] || { [ -n "$text" ] && ! grep -q -- "$text" "$tmp/out"; }; then
    fail=$((fail + 1))
    echo "FAIL: $* (exit $got, wanted $want${text:+ and \"$text\"})"
    head -5 "$tmp/out"
  else
    pass=$((pass + 1))
  fi
}
prelude='party A; fact f = true; action act; product P;'

# conditions: 256 open parentheses are fine, 257 are an error at the 257th
cond() { printf '%s\nagreement G between A signed 2026-01-01 { clause c: A may act P if %s f %s; }\n' \
  "$prelude" "$(printf '(%.0s' $(seq 1 "$1"))" "$(printf ')%.0s' $(seq 1 "$1"))"; }
cond 256 >"$tmp/p256.deal"
cond 257 >"$tmp/p257.deal"
expect 0 "no errors" "$DEAL" check "$tmp/p256.deal"
expect 2 ":2:324: error: parentheses nested deeper than 256" "$DEAL" check "$tmp/p257.deal"

# includes: a chain 256 deep is fine, 257 is an error
mkinc() {
  local n=$1 d=$tmp/inc$1
  mkdir -p "$d"
  for i in $(seq 1 "$n"); do
    if [ "$i" -lt "$n" ]; then printf 'include "f%d.deal";\n' $((i + 1)) >"$d/f$i.deal"
    else printf 'party Last;\n' >"$d/f$i.deal"; fi
  done
}
mkinc 257
mkinc 258
expect 0 "no errors" "$DEAL" check "$tmp/inc257/f1.deal"
expect 2 "includes nested deeper than 256" "$DEAL" check "$tmp/inc258/f1.deal"

# identifiers and strings at their limits
id255=$(head -c 255 /dev/zero | tr '\0' a)
printf 'party %s;\n' "$id255" >"$tmp/id255.deal"
printf 'party %sa;\n' "$id255" >"$tmp/id256.deal"
expect 0 "no errors" "$DEAL" check "$tmp/id255.deal"
expect 2 "identifier of 256 bytes" "$DEAL" check "$tmp/id256.deal"
s4096=$(head -c 4096 /dev/zero | tr '\0' s)
printf 'party A "%s";\n' "$s4096" >"$tmp/s4096.deal"
printf 'party A "%ss";\n' "$s4096" >"$tmp/s4097.deal"
printf 'party A "%s\\n";\n' "$s4096" >"$tmp/s4097esc.deal"
expect 0 "no errors" "$DEAL" check "$tmp/s4096.deal"
expect 2 "string of 4097 bytes" "$DEAL" check "$tmp/s4097.deal"
expect 2 "string of 4097 bytes" "$DEAL" check "$tmp/s4097esc.deal"

# a 10 MB single line: many statements, and one endless bad token
seq -f 'fact f%.0f = true;' 1 500000 | tr '\n' ' ' >"$tmp/line.deal"
printf '\n' >>"$tmp/line.deal"
[ "$(wc -c <"$tmp/line.deal")" -gt 10000000 ] || echo "FAIL: the long line is too short"
expect 0 "no errors" "$DEAL" check "$tmp/line.deal"
printf 'fact f1 = true;\n' >>"$tmp/line.deal"
expect 2 "2:6: error: " "$DEAL" check "$tmp/line.deal"
head -c 10000000 /dev/zero | tr '\0' x | sed 's/^/party /' >"$tmp/longident.deal"
expect 2 "identifier of 10000000 bytes" "$DEAL" check "$tmp/longident.deal"
{ printf 'party A "'; head -c 10000000 /dev/zero | tr '\0' q; printf '\n'; } >"$tmp/longstring.deal"
expect 2 "unterminated string" "$DEAL" check "$tmp/longstring.deal"

# empty input, a directory, a missing file, a file over the limit
: >"$tmp/empty.deal"
expect 0 "no errors" "$DEAL" check "$tmp/empty.deal"
expect 2 "is a directory" "$DEAL" check "$tmp"
expect 2 "No such file" "$DEAL" check "$tmp/missing.deal"
truncate -s $((1024 * 1024 * 1024 + 1)) "$tmp/huge.deal"
expect 2 "file too large" "$DEAL" check "$tmp/huge.deal"
rm -f "$tmp/huge.deal"
# NUL bytes and binary garbage
head -c 100000 /dev/urandom >"$tmp/random.deal"
expect 2 "" "$DEAL" check "$tmp/random.deal"
printf 'party A;\0party B;\n' >"$tmp/nul.deal"
expect 2 "1:9: error: NUL byte" "$DEAL" check "$tmp/nul.deal"
# CR LF line endings are whitespace; columns are bytes
printf 'party A;\r\nparty A;\r\n' >"$tmp/crlf.deal"
expect 2 "2:7: error:" "$DEAL" check "$tmp/crlf.deal"
# a named pipe is opened once and read whole (its excerpt is kept)
mkfifo "$tmp/fifo.deal"
timeout 60 sh -c 'printf "party A;\nparty A;\n" >"$1"' sh "$tmp/fifo.deal" &
expect 2 " 2 | party A;" "$DEAL" check "$tmp/fifo.deal"
wait

echo "limits: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
