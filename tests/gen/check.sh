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
#   disputes, the shares of `only` and `among`, clauses per agreement;
# - --tangle files are valid too (no clash between outcomes either), and
#   have what they are for: overrides between agreement and outcome
#   clauses and in amendments, facts and acts across disputes, orders and
#   windows in outcomes, while no clause is acted on by two disputes and
#   no fact set by two.
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

# 5. --tangle.
args="--clauses 3000 --seed 9 --tangle"
if cmp -s <("$GEN" $args) <("$GEN" $args -o /dev/stdout); then ok; else bad "gen $args: two runs differ"; fi
for seed in 1 2 3 4 5 6; do
  valid --clauses 1000 --seed $seed --tangle
done
for n in 0 7 60 200; do valid --clauses $n --seed 3 --tangle; done
valid --clauses 20000 --seed 1 --tangle
valid --clauses 5000 --seed 2 --tangle --shape many-parties
valid --clauses 1000 --seed 4 --tangle --disputes 1 --parties 6 --products 1 --per-agreement 1
valid --clauses 10000 --seed 5 --tangle --disputes 14 --only 100 --among 50

# What a --tangle file holds, counted in its text: "name=count" pairs.
tangle_counts() {
  awk '
    function facts_in(s, who,   t) {
      while (match(s, /(^|[^A-Za-z0-9_])F[0-9]+/)) {
        t = substr(s, RSTART, RLENGTH); sub(/^[^F]/, "", t)
        used[t, who] = 1
        s = substr(s, RSTART + RLENGTH)
      }
    }
    # the object of a norm: its last word before the modifiers
    function object(s,   w, n) {
      sub(/ (from|until|if|unless|overrides) .*/, "", s); sub(/;$/, "", s)
      n = split(s, w, " "); return w[n]
    }
    /^dispute D[0-9]+ / { disp = $2; ndisp++; next }
    disp == "" && /^  clause / {
      if (/ overrides .*D[0-9]+_[a-z]+\.t[0-9]/) ag_ovr_out++
      if ($3 == "only") { if (/ among /) among[object($0)] = 1; else plain[object($0)] = 1 }
      next
    }
    disp != "" && /^  outcome / { nout[disp]++; if (!/ probability /) noprob++; next }
    disp != "" && /^    fact F[0-9]+ = / {
      if (!($2 in setter)) setter[$2] = disp; else if (setter[$2] != disp) two_facts++
      next
    }
    disp != "" && /^    (uphold|void|construe|amend) AG[0-9]+\./ {
      ref = $2; sub(/[:;]$/, "", ref)
      if (!(ref in actor)) actor[ref] = disp; else if (actor[ref] != disp) two_acts++
      ag = ref; sub(/\..*/, "", ag); if (!((ag, disp) in agdisp)) { agdisp[ag, disp] = 1; nd[ag]++ }
      if ($1 == "amend" && / overrides /) amend_ovr++
    }
    disp != "" && /^    clause t[0-9]+: / {
      if (/ overrides .*AG[0-9]+\./) out_ovr_ag++
      if (/ overrides .*D[0-9]+_[a-z]+\.t[0-9]/) out_ovr_out++
      if (/ (from|until) /) windows++
      hot[object($0)] = 1
    }
    disp != "" && /^    order / { orders++; if (/ (from|until) /) windows++; hot[object($0)] = 1 }
    disp != "" && / (if|unless) / {
      s = $0; sub(/^.* (if|unless) /, "", s); sub(/ overrides .*/, "", s); facts_in(s, disp)
    }
    END {
      for (k in used) { split(k, p, SUBSEP); if ((p[1] in setter) && setter[p[1]] != p[2]) cross_facts++ }
      for (a in nd) if (nd[a] >= 2) shared_agreements++
      for (x in among) if ((x in plain) && (x in hot)) only_both++
      lo = 9; hi = 0
      for (d in nout) { if (nout[d] < lo) lo = nout[d]; if (nout[d] > hi) hi = nout[d] }
      printf "disputes=%d outcomes=%d..%d without_probability=%d", ndisp, lo, hi, noprob
      printf " outcome_clause_overrides_agreement=%d outcome_clause_overrides_outcome=%d", out_ovr_ag, out_ovr_out
      printf " agreement_overrides_outcome=%d amend_overrides=%d cross_dispute_facts=%d", ag_ovr_out, amend_ovr, cross_facts
      printf " agreements_of_two_disputes=%d outcome_orders=%d outcome_windows=%d only_and_among_on_outcome_products=%d", shared_agreements, orders, windows, only_both
      printf " facts_set_by_two=%d clauses_acted_on_by_two=%d\n", two_facts, two_acts
    }' "$1"
}
# The counts see a clash when there is one.
cat >"$tmp/clash.deal" <<'EOF'
dispute D1 "a" {
  outcome D1_plaintiff "x" probability 100% {
    uphold AG1.grant1;
    fact F1 = true;
  }
}
dispute D2 "b" {
  outcome D2_plaintiff "y" probability 100% {
    void AG1.grant1;
    fact F1 = false;
  }
}
EOF
case $(tangle_counts "$tmp/clash.deal") in
  *" facts_set_by_two=1 clauses_acted_on_by_two=1") ok ;;
  *) bad "tangle_counts misses a clash: $(tangle_counts "$tmp/clash.deal")" ;;
esac
# Each feature in every file; nothing that would make a combined world an
# error (deal check warns about those too, valid() has seen none).
for args in "--clauses 1000 --seed 1" "--clauses 1000 --seed 2" "--clauses 1000 --seed 3" "--clauses 20000 --seed 1"; do
  "$GEN" $args --tangle -o "$f"
  counts=$(tangle_counts "$f")
  fine=1
  for kv in $counts; do
    k=${kv%=*} v=${kv#*=}
    case $k in
      disputes) [ "$v" -ge 2 ] && [ "$v" -le 5 ] || fine=0 ;;
      outcomes) [ "${v%..*}" -ge 2 ] && [ "${v#*..}" -le 4 ] || fine=0 ;;
      without_probability | facts_set_by_two | clauses_acted_on_by_two) [ "$v" -eq 0 ] || fine=0 ;;
      *) [ "$v" -gt 0 ] || fine=0 ;;
    esac
  done
  if [ $fine = 1 ]; then ok; else bad "gen $args --tangle: $counts"; fi
done
# Without --tangle, none of it (the counts can tell).
"$GEN" --clauses 20000 --seed 1 -o "$f"
counts=$(tangle_counts "$f")
case $counts in
  *" outcome_clause_overrides_agreement=0 outcome_clause_overrides_outcome=0 agreement_overrides_outcome=0 amend_overrides=0 cross_dispute_facts=0 agreements_of_two_disputes=0 "*) ok ;;
  *) bad "gen --clauses 20000 --seed 1 without --tangle: $counts" ;;
esac

echo "check-gen: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
