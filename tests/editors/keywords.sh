#!/usr/bin/env bash
# The keyword lists of the editor support and of the docs cannot drift from
# the scanner: each must hold exactly the words of lex_keywords in src/lex.c.
#   editors/vim/syntax/deal.vim          every `syn keyword deal...` line
#                                        (but dealTodo, which is in comments)
#   editors/vscode/deal.tmLanguage.json  every \b(?:a|b|...)\b pattern
#   docs/deal.5, docs/guide.md           the list of keywords
set -u
cd "$(dirname "$0")/../.." || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sed -n '/lex_keywords\[\] *= *{/,/};/p' src/lex.c | grep -o '"[^"]*"' | tr -d '"' |
  sort >"$tmp/lex"
n=$(wc -l <"$tmp/lex")
if [ "$n" -lt 10 ]; then
  echo "FAIL: could not read lex_keywords from src/lex.c (found $n words)"; exit 1
fi

grep -E '^[[:space:]]*syn(tax)?[[:space:]]+keyword[[:space:]]+deal' editors/vim/syntax/deal.vim |
  grep -v 'dealTodo' |
  sed -E 's/^[[:space:]]*syn(tax)?[[:space:]]+keyword[[:space:]]+deal[A-Za-z]*//' |
  tr -s ' \t' '\n\n' | grep -v '^$' | sort >"$tmp/vim"

grep -o '\\\\b(?:[a-z|]*)\\\\b' editors/vscode/deal.tmLanguage.json |
  sed -e 's/^\\\\b(?://' -e 's/)\\\\b$//' | tr '|' '\n' | grep -v '^$' | sort >"$tmp/tm"

# deal.5: the lines between "The keywords are:" and the next .fi
sed -n '/^The keywords are:/,/^\.fi/p' docs/deal.5 | grep -v '^\.' | sed 1d |
  tr -s ' ' '\n' | grep -v '^$' | sort >"$tmp/man5"
# guide.md: the text block that starts with "action agreement"
awk '/^```text$/ { b = 1; buf = ""; next }
     /^```/ && b { if (buf ~ /^action agreement/) printf "%s", buf; b = 0; next }
     b { buf = buf $0 "\n" }' docs/guide.md | tr -s ' ' '\n' | grep -v '^$' | sort >"$tmp/guide"

fail=0
check() {  # NAME FILE
  local missing extra dups
  missing=$(comm -23 "$tmp/lex" <(sort -u "$2") | tr '\n' ' ')
  extra=$(comm -13 "$tmp/lex" <(sort -u "$2") | tr '\n' ' ')
  dups=$(uniq -d "$2" | tr '\n' ' ')
  if [ -n "$missing" ] || [ -n "$extra" ] || [ -n "$dups" ]; then
    echo "FAIL: keywords of $1 differ from lex_keywords in src/lex.c"
    [ -z "$missing" ] || echo "  missing: $missing"
    [ -z "$extra" ] || echo "  extra:   $extra"
    [ -z "$dups" ] || echo "  listed twice: $dups"
    fail=1
  fi
}
check editors/vim/syntax/deal.vim "$tmp/vim"
check editors/vscode/deal.tmLanguage.json "$tmp/tm"
check docs/deal.5 "$tmp/man5"
check docs/guide.md "$tmp/guide"
[ $fail -eq 0 ] || exit 1
echo "keywords: the $n keywords of src/lex.c are exactly those of Vim, TextMate, deal.5 and the guide"
