#!/usr/bin/env bash
# Every JSON document deal prints parses, and says what the text says; the
# JUnit XML of deal test is well formed and agrees with the JSON:
#  - run, query, test, check and diff with --format json, over every
#    scenario, the golden scenarios and every diagnostic test, each parsed
#    by jq;
#  - every single-line `expect` of the scenarios, asked with deal query
#    --format json, holds;
#  - deal diff --format json of the status quo and each outcome counts
#    the differences the text counts, with the same exit status;
#  - deal check --format json counts the diagnostics the text prints;
#  - deal test --junit, read by Python's xml.etree: one testsuite per
#    file, one testcase per expectation, the counts of the JSON.
#   tests/formats/outputs.sh DEAL
set -u
DEAL=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1
fail=0
n=0
bad() { echo "FAIL: $*"; fail=1; }

# Documents are checked in batches (jq starts once per batch, not once per
# document): add BATCH DESCRIPTION FILE [WANT] [WORLD] wraps one in
# {"desc", "want", "world", "doc"}; check BATCH CONDITION runs jq on the
# batch, CONDITION about .doc (and .want, .world), and names each document
# that does not parse or fails it.
add() {
  local d=${2//\\/\\\\}
  d=${d//\"/\\\"}
  { printf '{"desc": "%s", "want": %s, "world": "%s", "doc": ' "$d" "${4:-null}" "${5:-}"
    if [ -s "$3" ]; then cat "$3"; else printf 'null'; fi
    printf '}\n'; } >>"$tmp/$1.batch"
  n=$((n + 1))
}
check() {
  if ! jq -r -s "map(select(($2) | not) | .desc)[]" "$tmp/$1.batch" >"$tmp/failed" 2>&1; then
    bad "$1: a document does not parse: $(head -1 "$tmp/failed")"
  elif [ -s "$tmp/failed" ]; then
    while IFS= read -r d; do bad "$1: $d: $2"; done <"$tmp/failed"
  fi
}

files=$(ls scenarios/*.deal tests/golden/*.deal tests/golden/semantics/*.deal)

# run and test
for f in $files; do
  "$DEAL" run --format json "$f" >"$tmp/doc" 2>/dev/null
  add run "run --format json $f" "$tmp/doc"
  "$DEAL" test --format json "$f" >"$tmp/doc" 2>/dev/null
  add test "test --format json $f" "$tmp/doc"
done
check run '.doc.version == 2 and (.doc.worlds | length) >= 1'
check test '.doc.version == 2 and (.doc.files | length) == 1 and
  .doc.passed + .doc.failed + .doc.errors == ([.doc.files[].expectations[]] | length) and
  all(.doc.files[].expectations[]; (.holds == true) == (.reasons == null))'

# query: every single-line expect of the scenarios holds; an `expect
# when CHECK is ANSWER` is asked as `when CHECK`, whose answer is ANSWER
for f in scenarios/*.deal; do
  sed -n 's/^expect \(.*\);[[:space:]]*\(#.*\)\{0,1\}$/\1/p' "$f" >"$tmp/checks"
  while IFS= read -r c; do
    case "$c" in
      "when "*" is "*)
        q=${c% is *}
        "$DEAL" query --format json "$f" "$q" >"$tmp/doc" 2>/dev/null
        add querywhen "query $f '$q' (exit $?)" "$tmp/doc" $? "${c##* is }" ;;
      *)
        "$DEAL" query --format json "$f" "$c" >"$tmp/doc" 2>/dev/null
        add query "query $f '$c' (exit $?)" "$tmp/doc" $? ;;
    esac
  done <"$tmp/checks"
done
check query '.want == 0 and .doc.version == 2 and .doc.holds == true and
  .doc.error == null and (.doc.reasons | type) == "object"'
check querywhen '.doc.version == 2 and .doc.answer == .world and
  (.want == 0) == (.world != "never") and (.doc.periods | type) == "array" and
  (.doc.changes | type) == "array"'

# diff: the status quo against each outcome, as the text counts, with the
# text's exit status
for f in scenarios/*.deal tests/golden/*.deal; do
  for o in $("$DEAL" run --format json "$f" 2>/dev/null | jq -r '.worlds[1:][].id'); do
    "$DEAL" diff "$f" status_quo "$o" >"$tmp/diff.txt" 2>&1
    rt=$?
    "$DEAL" diff --format json "$f" status_quo "$o" >"$tmp/doc" 2>/dev/null
    rj=$?
    [ $rt -eq $rj ] || bad "diff $f status_quo $o: exit $rt as text, $rj as JSON"
    add diff "diff $f status_quo $o" "$tmp/doc" "$(tail -1 "$tmp/diff.txt" | sed 's/ difference.*//')" "$o"
  done
done
check diff '.doc.version == 2 and .doc.differences == .want and
  .doc.from.id == "status_quo" and .doc.to.id == .world and
  .doc.differences == (.doc.permissions | length) + (.doc.markets | length) +
                      (.doc.flows | length) + (.doc.totals | length)'

# check: each diagnostic test, as many diagnostics as the text prints
for f in tests/golden/errors/*.deal; do
  b=$(basename "$f")
  (cd tests/golden/errors && "$DEAL" check --format json "$b") >"$tmp/doc" 2>/dev/null
  want=$(cd tests/golden/errors && "$DEAL" check "$b" 2>&1 |
         grep -c ': \(error\|warning\|note\): ')
  add check "check --format json $f" "$tmp/doc" "$want"
done
check check '.doc.version == 2 and
  ([.doc.files[].diagnostics[] | ., .notes[]] | length) == .want and
  all(.doc.files[]; .ok == (.errors == 0))'

# JUnit: the XML agrees with the JSON
"$DEAL" test --format json --junit "$tmp/r.xml" scenarios tests/golden/failing \
  tests/golden/errors/multi_semantic.deal >"$tmp/t.json" 2>/dev/null
add junit "test --format json (with --junit)" "$tmp/t.json"
check junit '.doc.files_with_errors == 1'
if ! python3 - "$tmp/r.xml" "$tmp/t.json" <<'PY'
import json, sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
doc = json.load(open(sys.argv[2]))
def fail(msg):
    print("junit:", msg)
    sys.exit(1)
if root.tag != "testsuites":
    fail("the root is " + root.tag)
suites = root.findall("testsuite")
if [s.get("name") for s in suites] != [f["file"] for f in doc["files"]]:
    fail("the suites are not the files")
cases = failures = errors = 0
for s, f in zip(suites, doc["files"]):
    tc = s.findall("testcase")
    fl = sum(len(c.findall("failure")) for c in tc)
    er = sum(len(c.findall("error")) for c in tc)
    if [int(s.get(k)) for k in ("tests", "failures", "errors")] != [len(tc), fl, er]:
        fail(s.get("name") + ": its counts are not its testcases")
    if f["loaded"]:
        names = [c.get("name") for c in tc]
        if names != [e["check"] for e in f["expectations"]]:
            fail(s.get("name") + ": a testcase per expectation, in order")
        if fl != f["failed"] or er != f["errors"]:
            fail(s.get("name") + ": the failures are not the JSON's")
        for c, e in zip(tc, f["expectations"]):
            if c.get("file") != e["file"] or int(c.get("line")) != e["line"]:
                fail(c.get("name") + ": not at the expect's place")
    elif [c.get("name") for c in tc] != ["load"] or er != 1:
        fail(s.get("name") + ": a file with errors is one load error")
    cases += len(tc); failures += fl; errors += er
if [int(root.get(k)) for k in ("tests", "failures", "errors")] != [cases, failures, errors]:
    fail("the totals are not the suites'")
PY
then bad "JUnit XML"; fi

[ $fail -eq 0 ] || exit 1
echo "outputs: $n JSON documents and the JUnit XML parse and agree with the text"
