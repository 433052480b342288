#!/usr/bin/env bash
# The HTML reports as a person gets them (make check-html, part of make
# check): every scenario's `deal run --format html` page, a `deal diff
# --format html` and a `deal timeline --format html` page pass Debian's
# tidy (errors are fatal), the seed scenario's page stays under 200 KB, a generated scenario of 10,000
# clauses gives a page of summaries and top rows, and headless Chromium
# (tests/browser/pages.mjs, puppeteer-core installed by `npm ci` into
# BUILD/browser) loads each page: no console error, no request at all,
# every world's name shown, a status cell that opens on its deciding
# clause, and the page whole with JavaScript off.  Screenshots are kept in
# BUILD/browser/NAME.png.
#   tests/browser/run.sh BUILD
set -u
B=${1:-build}
DEAL=$B/deal
OUT=$B/browser
export NO_COLOR=1
mkdir -p "$OUT"
fail=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# tidy: exit 2 is an error in the page (1: warnings, shown but allowed)
tidy_page() {
  tidy -q -e "$1" >"$OUT/tidy.out" 2>&1
  local rc=$?
  if [ $rc -ge 2 ]; then bad "tidy: $1"; cat "$OUT/tidy.out"; else ok; fi
  if [ $rc -eq 1 ]; then echo "tidy warnings in $1:"; head -5 "$OUT/tidy.out"; fi
}

pages='[]'
add_page() {  # HTML PNG WORLDS-JSON CELL-JSON NOJS
  pages=$(jq -c --arg h "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" --arg p "$2" \
    --argjson w "$3" --argjson c "$4" --argjson n "$5" \
    '. + [{html: $h, png: $p, worlds: $w, cell: $c, nojs: $n}]' <<<"$pages")
}

for f in scenarios/*.deal; do
  name=$(basename "${f%.deal}")
  html=$OUT/$name.html
  if ! "$DEAL" run --format html "$f" >"$html" 2>"$OUT/err"; then
    bad "deal run --format html $f: $(head -1 "$OUT/err")"
    continue
  fi
  tidy_page "$html"
  "$DEAL" run --format json "$f" >"$OUT/$name.json"
  worlds=$(jq -c '[.worlds[].name]' "$OUT/$name.json")
  # the first key decided by clauses in some world: its row, that world's
  # column and the names of its deciding clauses
  cell=$(jq -c '.clauses as $c | [.permissions.keys | to_entries[] |
      .key as $row | .value.deciding | to_entries[] |
      select(.value | length > 0) |
      {row: $row, col: .key, clauses: [.value[] | $c[.].name]}] | first // null' \
      "$OUT/$name.json")
  add_page "$html" "$(pwd)/$OUT/$name.png" "$worlds" "$cell" true
done

# the seed scenario's page is small
size=$(wc -c <"$OUT/openai-cloud.html")
if [ "$size" -lt 204800 ]; then ok; else bad "openai-cloud.html is $size bytes (200 KB at most)"; fi

# deal diff as a page
if "$DEAL" diff --format html scenarios/openai-cloud.deal status_quo settlement \
     >"$OUT/openai-cloud-diff.html" 2>"$OUT/err"; [ $? -eq 1 ]; then ok
else bad "deal diff --format html: $(head -1 "$OUT/err")"; fi
tidy_page "$OUT/openai-cloud-diff.html"
add_page "$OUT/openai-cloud-diff.html" "$(pwd)/$OUT/openai-cloud-diff.png" \
  '["status quo","settlement"]' null false

# deal timeline as a page
if "$DEAL" timeline --format html scenarios/openai-cloud.deal \
     >"$OUT/openai-cloud-timeline.html" 2>"$OUT/err"; then ok
else bad "deal timeline --format html: $(head -1 "$OUT/err")"; fi
tidy_page "$OUT/openai-cloud-timeline.html"
add_page "$OUT/openai-cloud-timeline.html" "$(pwd)/$OUT/openai-cloud-timeline.png" \
  '["status quo","microsoft_wins","openai_amazon_win","settlement"]' null false

# at scale: summaries and the top rows, a note of what is left out
"$B/gen" --clauses 10000 --seed 1 -o "$OUT/gen-10000.deal"
"$DEAL" run --format html "$OUT/gen-10000.deal" >"$OUT/gen-10000.html"
tidy_page "$OUT/gen-10000.html"
size=$(wc -c <"$OUT/gen-10000.html")
rows=$(grep -c '^<tr><th scope="row">' "$OUT/gen-10000.html")
if [ "$size" -lt 2000000 ] && grep -q 'more keys that differ\|more keys contested' "$OUT/gen-10000.html"
then ok; else bad "gen-10000.html: $size bytes, no note of the keys left out"; fi
"$DEAL" timeline --format html "$OUT/gen-10000.deal" >"$OUT/gen-10000-timeline.html"
tidy_page "$OUT/gen-10000-timeline.html"
echo "browser: openai-cloud.html $(wc -c <"$OUT/openai-cloud.html") bytes, gen-10000.html $size bytes ($rows rows)"
add_page "$OUT/gen-10000.html" "$(pwd)/$OUT/gen-10000.png" \
  "$(jq -c '[.worlds[].name]' <("$DEAL" run --format json "$OUT/gen-10000.deal"))" null false

# headless Chromium
jq -n --arg c "${CHROMIUM:-$(command -v chromium)}" --argjson p "$pages" \
  '{chromium: $c, pages: $p}' >"$OUT/spec.json"
cp tests/browser/pages.mjs "$OUT/pages.mjs"  # beside its node_modules
if node "$OUT/pages.mjs" "$OUT/spec.json" >"$OUT/browser.out" 2>&1; then
  ok
else
  bad "headless Chromium (tests/browser/pages.mjs)"
fi
cat "$OUT/browser.out"
echo "browser: screenshots in $OUT/*.png"
echo "check-html: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
