#!/usr/bin/env bash
# The VS Code support in editors/vscode: its JSON files parse, the grammar
# tests tests/editors/*.deal (vscode-tmgrammar-test format) pass, and the
# test inputs are real .deal: tokens.deal is a valid scenario whose expects
# hold, invalid.deal is rejected.
# vscode-tmgrammar-test is installed from npm into BUILD/npm when missing.
#   tests/editors/textmate.sh [BUILD]
set -u
cd "$(dirname "$0")/../.." || exit 2
B=${1:-build}
fail=0
for tool in node npm npx; do
  command -v $tool >/dev/null 2>&1 ||
    { echo "FAIL: $tool is needed for the TextMate grammar tests (apt-get install nodejs npm)"; exit 1; }
done

for j in editors/vscode/*.json; do
  node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$j" 2>/dev/null ||
    { echo "FAIL: $j is not valid JSON"; fail=1; }
done

if [ ! -x "$B/npm/node_modules/.bin/vscode-tmgrammar-test" ]; then
  echo "textmate: installing vscode-tmgrammar-test into $B/npm"
  mkdir -p "$B/npm"
  npm install --prefix "$B/npm" --no-audit --no-fund --loglevel=error \
      vscode-tmgrammar-test >/dev/null ||
    { echo "FAIL: npm install vscode-tmgrammar-test failed"; exit 1; }
fi
if ! npx --prefix "$B/npm" --no -- vscode-tmgrammar-test -c \
       -g editors/vscode/deal.tmLanguage.json 'tests/editors/*.deal' >"$B/npm/test.out" 2>&1; then
  echo "FAIL: TextMate grammar tests:"; cat "$B/npm/test.out"; fail=1
fi

export NO_COLOR=1
if ! "$B/deal" test tests/editors/tokens.deal >/dev/null 2>&1; then
  echo "FAIL: tests/editors/tokens.deal should be a valid scenario:"
  "$B/deal" test tests/editors/tokens.deal 2>&1 | head -20; fail=1
fi
if "$B/deal" check tests/editors/invalid.deal >/dev/null 2>&1; then
  echo "FAIL: tests/editors/invalid.deal should be rejected by deal check"; fail=1
fi
[ $fail -eq 0 ] || exit 1
echo "textmate: $(ls tests/editors/*.deal | wc -l) grammar test files pass"
