#!/usr/bin/env bash
# The generator behind `make bench` (tools/gen.c), run by `make check`:
#   tests/gen/check.sh BUILD
# - without shape options its output is the one the benchmarks were
#   measured on, byte for byte (checksums taken before the shape options
#   existed);
# - the same options give the same bytes;
# - files of both shapes, at several sizes and seeds and at the bounds of
#   the options, check without an error or a warning and pass every
#   generated expect;
# - the options do what they say: the preset's parties, products and
#   disputes, the shares of `only` and `among`, clauses per agreement.
set -u
B=${1:-build}
GEN=$B/gen
DEAL=$B/deal
export NO_COLOR=1
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# 1. The default shape, unchanged.
while read -r sum size args; do
  got=$("$GEN" $args | cksum)
  if [ "$got" = "$sum $size" ]; then ok; else bad "gen $args: cksum $got, want $sum $size"; fi
done <<'EOF'
943824726 630711 --clauses 10000 --seed 1
3311054738 6444398 --clauses 100000 --seed 1
2304611217 6443416 --clauses 100000 --seed 7 --disputes 3
3179159165 4081 --clauses 7 --seed 3
EOF

# 2. Deterministic.
args="--clauses 20000 --seed 5 --shape many-parties --per-agreement 7"
if cmp -s <("$GEN" $args) <("$GEN" $args -o /dev/stdout); then ok; else bad "gen $args: two runs differ"; fi

# 3. Valid: no diagnostic at all from deal check, every expect holds.
valid() {
  local f=$tmp/v.deal out
  if ! "$GEN" "$@" -o "$f" 2>"$tmp/err"; then bad "gen $*: $(cat "$tmp/err")"; return; fi
  out=$("$DEAL" check "$f" 2>&1)
  if [ $? -ne 0 ] || [ "$(grep -c . <<<"$out")" != 1 ] || ! grep -q ': no errors$' <<<"$out"; then
    bad "gen $*: deal check"; head -5 <<<"$out"; return
  fi
  if ! "$DEAL" test "$f" >"$tmp/test.out" 2>&1; then bad "gen $*: deal test"; tail -5 "$tmp/test.out"; return; fi
  ok
}
for seed in 1 7; do
  for n in 0 1 7 60 1000 10000; do
    valid --clauses $n --seed $seed --shape many-parties
    valid --clauses $n --seed $seed --parties 6 --products 1 --only 100 --among 100 --per-agreement 1
    valid --clauses $n --seed $seed --only 100% --among 0 --per-agreement 300 --disputes 4
    valid --clauses $n --seed $seed --only 0 --parties 50 --products 3
  done
  valid --clauses 10000 --seed $seed --disputes 3
  valid --clauses 1000 --seed $seed --disputes 5
done
valid --clauses 100000 --seed 3 --shape many-parties

# 4. The options do what they say.
f=$tmp/mp.deal
"$GEN" --clauses 100000 --shape many-parties -o "$f"
got="$(grep -c '^party ' "$f") $(grep -c '^product ' "$f") $(grep -c '^dispute ' "$f")"
# 300 products and the two that no clause names
if [ "$got" = "2000 302 3" ]; then ok; else bad "many-parties at 100000: parties, products, disputes $got, want 2000 302 3"; fi
"$GEN" --clauses 10000 --shape many-parties --parties 77 --disputes 1 -o "$f"
got="$(grep -c '^party ' "$f") $(grep -c '^product ' "$f") $(grep -c '^dispute ' "$f")"
if [ "$got" = "77 32 1" ]; then ok; else bad "many-parties at 10000 with --parties 77 --disputes 1: $got, want 77 32 1"; fi

# Shares of `only` among the agreements' norm clauses, and of `among`
# among those, in percent.
shares() {
  awk '/^  clause [a-z]+[0-9]+: / && !/ (invests|pays|owns|shares|supplies) / {
         n++; if ($3 == "only") { o++; if (/ among /) a++ } }
       END { printf "%d %d\n", 100 * o / n + 0.5, o ? 100 * a / o + 0.5 : 0 }' "$1"
}
for want in "12 60" "50 20" "0 0" "100 100"; do
  set -- $want
  "$GEN" --clauses 50000 --seed 2 --only "$1" --among "$2" -o "$f"
  read -r o a < <(shares "$f")
  if [ $((o - $1)) -ge -1 ] && [ $((o - $1)) -le 1 ] && [ $((a - $2)) -ge -2 ] && [ $((a - $2)) -le 2 ]; then
    ok
  else
    bad "--only $1 --among $2: $o % only, $a % of them among"
  fi
done
"$GEN" --clauses 50000 --seed 2 -o "$f"
read -r o a < <(shares "$f")
if [ "$o $a" = "24 85" ]; then ok; else bad "default shares: $o % only, $a % among, want 24 85"; fi

# --per-agreement: every agreement has that many clauses but the last.
"$GEN" --clauses 1003 --per-agreement 10 -o "$f"
got=$(awk '/^agreement / { if (n) print n; n = 0 } /^  clause / { n++ } /^}/ && n { print n; n = 0 }' "$f" | sort -n | uniq -c | awk '{ printf "%s:%s ", $2, $1 }')
if [ "$got" = "3:1 10:100 " ]; then ok; else bad "--per-agreement 10 of 1003: sizes $got"; fi

# Bounds.
for args in "--parties 5" "--products 0" "--only 101" "--among 1x" "--per-agreement 0" "--shape few" "--disputes 5"; do
  if "$GEN" --clauses 100 $args >/dev/null 2>&1; then bad "gen --clauses 100 $args: accepted"; else ok; fi
done

echo "check-gen: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
