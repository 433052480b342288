#!/usr/bin/env bash
# The keyword lists of the editor support and of the docs cannot drift from
# the language: each must hold exactly the words of src/keywords.def, the
# one list the scanner, the parser's tokens and lex_keywords are made from.
#   editors/vim/syntax/deal.vim          every `syn keyword deal...` line
#                                        (but dealTodo, which is in comments)
#   editors/vscode/deal.tmLanguage.json  every \b(?:a|b|...)\b pattern
#   docs/deal.5, docs/guide.md           the list of keywords
#   fuzz/deal.dict                       every kw_WORD="WORD" line
set -u
cd "$(dirname "$0")/../.." || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# keywords.def: one KW("word", NAME) a line (tools/mkkeywords.c checks the
# rest); a KW( line of any other form would be a word this reading misses.
def=src/keywords.def
if grep -n 'KW(' "$def" | grep -v '^[0-9]*:KW("[a-z]*", [A-Z]*)$' | grep -v '^[0-9]*: \*'; then
  echo "FAIL: $def: the lines above are not of the form KW(\"word\", NAME)"; exit 1
fi
sed -n 's/^KW("\([a-z]*\)", [A-Z]*)$/\1/p' "$def" | sort >"$tmp/lex"
n=$(wc -l <"$tmp/lex")
if [ "$n" -lt 10 ]; then
  echo "FAIL: could not read the keywords of $def (found $n words)"; exit 1
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

sed -n 's/^kw_[a-z]*="\([^"]*\)"$/\1/p' fuzz/deal.dict | sort >"$tmp/dict"

fail=0
check() {  # NAME FILE
  local missing extra dups
  missing=$(comm -23 "$tmp/lex" <(sort -u "$2") | tr '\n' ' ')
  extra=$(comm -13 "$tmp/lex" <(sort -u "$2") | tr '\n' ' ')
  dups=$(uniq -d "$2" | tr '\n' ' ')
  if [ -n "$missing" ] || [ -n "$extra" ] || [ -n "$dups" ]; then
    echo "FAIL: keywords of $1 differ from $def"
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
check fuzz/deal.dict "$tmp/dict"
[ $fail -eq 0 ] || exit 1
echo "keywords: the $n keywords of $def are exactly those of Vim, TextMate, deal.5, the guide and the fuzzing dictionary"
