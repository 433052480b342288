#!/usr/bin/env bash
# The tests of `make check`: CUnit suites, golden diagnostics, golden
# reports and command lines, every scenario's expects, and every .deal
# file of the repository in deal fmt's layout (but those tests/fmt-exempt
# lists).
#   tests/run.sh BUILD            run them
#   tests/run.sh BUILD --update   rewrite the golden files (review the diff)
set -u
B=${1:-build}
UPDATE=${2:-}
DEAL=$B/deal
export NO_COLOR=1
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# compare NAME ACTUAL EXPECTED-FILE
golden() {
  if [ "$UPDATE" = --update ]; then
    cp "$2" "$3"
    ok
  elif [ ! -f "$3" ]; then
    bad "$1 (no golden file $3; run make golden-update)"
  elif diff -u "$3" "$2" >"$tmp/diff"; then
    ok
  else
    bad "$1"
    head -40 "$tmp/diff"
  fi
}

# 1. unit suites
for t in "$B"/tests/test_*; do
  [ -x "$t" ] || continue
  if "$t" >"$tmp/unit.out" 2>&1; then ok; else bad "$t"; tail -30 "$tmp/unit.out"; fi
done

# 2. diagnostics: each file's output and exit status
for f in tests/golden/errors/*.deal; do
  (cd tests/golden/errors && "../../../$DEAL" check "$(basename "$f")" >"$tmp/out" 2>&1
   echo "[exit $?]" >>"$tmp/out")
  golden "$f" "$tmp/out" "${f%.deal}.err"
done

# 3. reports of `deal run`
for f in scenarios/*.deal tests/golden/*.deal; do
  [ -f "$f" ] || continue
  name=$(basename "${f%.deal}")
  "$DEAL" run "$f" >"$tmp/out" 2>&1
  echo "[exit $?]" >>"$tmp/out"
  golden "run $f" "$tmp/out" "tests/golden/run/$name.out"
done

# 4. command lines: NAME.cmd is one shell line using $DEAL
for c in tests/golden/cli/*.cmd; do
  [ -f "$c" ] || continue
  DEAL="$DEAL" bash -c "$(cat "$c")" >"$tmp/out" 2>&1 </dev/null
  echo "[exit $?]" >>"$tmp/out"
  golden "$c" "$tmp/out" "${c%.cmd}.out"
done

# 4b. REPL transcripts: NAME.in piped into `deal repl` gives NAME.out; one
# that does `:save build/repl-NAME.deal` has the file it saved compared
# with NAME.saved.deal
for f in tests/repl/*.in; do
  [ -f "$f" ] || continue
  saved="build/repl-$(basename "${f%.in}").deal"
  rm -f "$saved"
  "$DEAL" repl <"$f" >"$tmp/out" 2>&1
  echo "[exit $?]" >>"$tmp/out"
  golden "repl $f" "$tmp/out" "${f%.in}.out"
  if [ -f "${f%.in}.saved.deal" ]; then
    if [ -f "$saved" ]; then golden "repl :save $f" "$saved" "${f%.in}.saved.deal"
    else bad "repl $f saved no $saved"; fi
  fi
  # :save keeps of a loaded NAME.deal what deal fmt keeps, then adds
  if [ -f "${f%.in}.deal" ] && [ -f "$saved" ]; then
    "$DEAL" fmt "${f%.in}.deal" >"$tmp/fmt" 2>&1
    if [ "$(head -c "$(wc -c <"$tmp/fmt")" "$saved")" = "$(cat "$tmp/fmt")" ]; then ok
    else bad "repl $f: :save does not start with deal fmt of ${f%.in}.deal"; fi
  fi
done
if [ -f "$B/repl-session.deal" ]; then
  if "$DEAL" test "$B/repl-session.deal" >"$tmp/out" 2>&1; then ok; else bad "the file saved by the REPL fails its expects"; cat "$tmp/out"; fi
fi

# 4c. the language server: each tests/lsp/NAME.json session, driven by
# a small client over pipes, gives the messages of NAME.out
for f in tests/lsp/*.json; do
  [ -f "$f" ] || continue
  python3 tests/lsp/client.py "$DEAL" "$f" >"$tmp/out" 2>&1
  golden "lsp $f" "$tmp/out" "${f%.json}.out"
done

# the real interactive REPL, in a terminal
if bash tests/repl/pty.sh "$DEAL" >"$tmp/out" 2>&1; then ok; else bad "tests/repl/pty.sh"; cat "$tmp/out"; fi

# limits and hostile inputs
if bash tests/limits/run.sh "$DEAL" >"$tmp/out" 2>&1; then ok; else bad "tests/limits/run.sh"; cat "$tmp/out"; fi

# 5. deal fmt: idempotent, and the formatted file evaluates as the original
# (the formatted copy sits beside the file, for its includes, as a dotfile:
# another run's copies are not inputs)
for f in $(find scenarios tests/golden -name '*.deal' -not -name '.*' -not -path '*/errors/*' | sort); do
  d=$(dirname "$f")
  t="$d/.fmt-$$-$(basename "$f")"
  if ! "$DEAL" fmt "$f" >"$t" 2>"$tmp/fmt.err"; then
    bad "fmt $f: $(head -1 "$tmp/fmt.err")"
    rm -f "$t"
    continue
  fi
  "$DEAL" fmt "$t" >"$tmp/fmt2" 2>&1
  "$DEAL" run "$f" 2>&1 | grep -v ':[0-9]*)' >"$tmp/run1"
  "$DEAL" run "$t" 2>&1 | grep -v ':[0-9]*)' >"$tmp/run2"
  if ! cmp -s "$t" "$tmp/fmt2"; then
    bad "fmt $f is not idempotent"
    diff -u "$t" "$tmp/fmt2" | head -20
  elif ! diff -u "$tmp/run1" "$tmp/run2" >"$tmp/diff"; then
    bad "fmt $f evaluates differently"
    head -20 "$tmp/diff"
  else
    ok
  fi
  rm -f "$t"
done
if "$DEAL" fmt --check tests/golden/language_example.deal >/dev/null; then ok; else bad "the language example is not in canonical layout"; fi

# 5b. every .deal file of the repository (tracked, or new and not ignored)
# is in deal fmt's layout, but those tests/fmt-exempt lists with a reason
exempt_pats=()
while read -r pat why; do
  case $pat in ''|'#'*) continue ;; esac
  if [ -z "$why" ]; then bad "tests/fmt-exempt: $pat has no reason"; continue; fi
  exempt_pats+=("$pat")
done <tests/fmt-exempt
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  deal_files=$(git ls-files --cached --others --exclude-standard -- '*.deal')
else
  deal_files=$(find . -name '*.deal' -not -path './build/*' | sed 's|^\./||')
fi
used=()
nfmt=0
for f in $(printf '%s\n' $deal_files | sort -u); do
  [ -f "$f" ] || continue
  case $(basename "$f") in .*) continue ;; esac  # another run's copies (step 5)
  skip=
  for i in "${!exempt_pats[@]}"; do
    # shellcheck disable=SC2254
    case $f in ${exempt_pats[$i]}) skip=1; used[$i]=1 ;; esac
  done
  [ -n "$skip" ] && continue
  nfmt=$((nfmt + 1))
  if "$DEAL" fmt --check "$f" >/dev/null 2>"$tmp/fmt.err"; then
    ok
  else
    bad "$f is not in deal fmt's layout: run deal fmt -w $f, or list it in tests/fmt-exempt with the reason"
    head -3 "$tmp/fmt.err"
    "$DEAL" fmt "$f" 2>/dev/null | diff -u "$f" - | head -20
  fi
done
for i in "${!exempt_pats[@]}"; do
  [ -n "${used[$i]:-}" ] || bad "tests/fmt-exempt: ${exempt_pats[$i]} matches no .deal file"
done
echo "fmt --check: $nfmt files in deal fmt's layout, ${#exempt_pats[@]} patterns exempt (tests/fmt-exempt)"

# 6. every expect of every scenario and semantics test
if "$DEAL" test scenarios tests/golden/semantics tests/golden/language_example.deal >"$tmp/out" 2>&1; then
  ok
else
  bad "deal test: expects failed"
  cat "$tmp/out"
fi
tail -1 "$tmp/out" | sed 's/^/expects: /'

# 6b. --width: at every width, the text reports (run, timeline) of every
# scenario keep within it (a line wider holds one unbreakable word); the
# timeline's words are those of its unwrapped text, in order
for f in scenarios/*.deal; do
  "$DEAL" timeline "$f" | tr -s ' \n' '\n\n' >"$tmp/words"
  for w in 40 60 80 120; do
    for c in run timeline; do
      "$DEAL" $c --width "$w" "$f" >"$tmp/wide"
      long=$(awk -v W="$w" 'length($0) > W { sub(/^ +/, ""); if (index($0, " ")) print }' "$tmp/wide")
      if [ -n "$long" ]; then bad "$c --width $w $f: a line wider than $w: $(echo "$long" | head -1)"
      else ok; fi
    done
    if tr -s ' \n' '\n\n' <"$tmp/wide" | cmp -s - "$tmp/words"; then ok
    else bad "timeline --width $w $f: not the words of the whole lines"; fi
  done
done

# 7. report formats: every scenario as JSON, DOT, Markdown and HTML
# (golden; the HTML's inline SVG, Graphviz's drawing, left out);
# the JSON parsed and spot-checked with jq, the DOT rendered by Graphviz;
# every command's JSON and the JUnit XML parsed and compared with the text;
# the outcome snapshots beside the scenarios (deal test --snapshot)
for f in scenarios/*.deal; do
  name=$(basename "${f%.deal}")
  for fmt in json dot markdown html; do
    "$DEAL" run --format "$fmt" "$f" >"$tmp/out" 2>&1
    echo "[exit $?]" >>"$tmp/out"
    [ "$fmt" = html ] && perl -0pi -e 's/<svg\b.*?<\/svg>/<svg>(drawn by Graphviz)<\/svg>/gs' "$tmp/out"
    golden "run --format $fmt $f" "$tmp/out" "tests/golden/formats/$name.$fmt"
  done
  if "$DEAL" run --format json --all "$f" | jq -e '.version == 2 and
      (.worlds | length) as $nw | $nw >= 1 and (.worlds[0].id == "status_quo") and
      (.clauses | length) as $nc |
      all(.permissions.keys[]; ([.status, .covered, .deciding][] | length) as $n |
          $n == 1 or $n == $nw) and
      all(.permissions.keys[].deciding[][]; . >= 0 and . < $nc) and
      all(.flows[]; .clause < $nc) and
      (.permissions.keys | length) as $nk |
      all(.conflicts[].keys[]; .key < $nk and all((.permits + .forbids)[]; . < $nc))' >/dev/null; then ok
  else bad "jq: $f --format json --all"; fi
  # the timeline's JSON: every world, every period with its two ends
  if "$DEAL" timeline --format json "$f" 2>/dev/null | jq -e '.version == 2 and .timeline and
      (.worlds[0].id == "status_quo") and .worlds[0].complete and
      all(.worlds[].slots[].keys[].periods[]; has("from") and has("to") and has("status")) and
      all(.worlds[].flows[].periods[]; has("from") and has("to"))' >/dev/null; then ok
  else bad "jq: deal timeline --format json $f"; fi
  if "$DEAL" run --format dot "$f" | dot -Tsvg >/dev/null 2>"$tmp/dot.err" &&
     [ ! -s "$tmp/dot.err" ]; then ok; else bad "dot -Tsvg: $f"; cat "$tmp/dot.err"; fi
done
bash tests/formats/jq.sh "$DEAL" >"$tmp/out" 2>&1 && ok || { bad "tests/formats/jq.sh"; cat "$tmp/out"; }
if bash tests/formats/outputs.sh "$DEAL" >"$tmp/out" 2>&1; then ok; tail -1 "$tmp/out"
else bad "tests/formats/outputs.sh"; cat "$tmp/out"; fi
if "$DEAL" test --snapshot scenarios >"$tmp/out" 2>&1; then ok; else bad "deal test --snapshot scenarios"; tail -20 "$tmp/out"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
