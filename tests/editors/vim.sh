#!/usr/bin/env bash
# The Vim support in editors/vim, checked in a headless Vim:
#  - syntax/deal.vim gives each token the group its class calls for, on the
#    assertions of the TextMate grammar tests (tests/editors/*.deal);
#  - ftdetect/deal.vim sets filetype=deal for *.deal;
#  - compiler/deal.vim reads errors, warnings and failed expectations of
#    `deal test` and skips the source excerpts.
# Skipped (exit 0, with a note) when vim is not installed.
#   tests/editors/vim.sh [BUILD]
set -u
cd "$(dirname "$0")/../.." || exit 2
B=${1:-build}
if ! command -v vim >/dev/null 2>&1; then
  echo "vim: SKIPPED (vim is not installed)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. assertions: "FILE LNUM COL LEN SCOPE" (the last positive scope)
for f in tests/editors/*.deal; do
  awk -v file="$f" '
    /^#[ \t]*(\^+|<[~]*-+)[ \t]/ {
      line = $0; sub(/^#/, " ", line)
      if (match(line, /\^+/)) { col = RSTART; len = RLENGTH }
      else if (match(line, /<~*-+/)) {
        s = substr(line, RSTART, RLENGTH); t = s; gsub(/[^~]/, "", t)
        col = 1 + length(t); len = RLENGTH - 1 - length(t) }
      rest = substr(line, RSTART + RLENGTH)
      sub(/[ \t]+-[ \t].*$/, "", rest)          # drop negative scopes
      n = split(rest, sc, /[ \t]+/); scope = sc[n]
      if (scope != "") print file, src, col, len, scope
      next }
    { src = NR }
  ' "$f"
done >"$tmp/asserts"

cat >"$tmp/check.vim" <<'VIM'
set nocompatible
let &rtp = getcwd() . '/editors/vim,' . &rtp
filetype on
syntax on
let s:classes = {
  \ 'storage.type.deal': ['dealDeclaration'],
  \ 'keyword': ['dealDeclaration', 'dealDeclWord', 'dealModal', 'dealModifier',
  \             'dealFlow', 'dealPreposition', 'dealRuling', 'dealCheck'],
  \ 'keyword.operator.assignment.deal': ['dealPunctuation'],
  \ 'constant.language.boolean.deal': ['dealBoolean'],
  \ 'comment.line.number-sign.deal': ['dealComment'],
  \ 'punctuation.definition.comment.deal': ['dealComment'],
  \ 'string.quoted.double.deal': ['dealString'],
  \ 'punctuation.definition.string.begin.deal': ['dealString'],
  \ 'constant.character.escape.deal': ['dealEscape'],
  \ 'invalid.illegal.escape.deal': ['dealBadEscape'],
  \ 'constant.numeric.date.deal': ['dealDate'],
  \ 'constant.numeric.money.deal': ['dealMoney'],
  \ 'constant.numeric.percent.deal': ['dealPercent'],
  \ 'constant.numeric.quantity.deal': ['dealQuantity'],
  \ 'invalid.illegal.literal.deal': ['dealBadLiteral'],
  \ 'variable.other.deal': ['', 'dealDefinition', 'dealReference'],
  \ 'variable.other.member.deal': ['dealReference'],
  \ 'punctuation.accessor.deal': ['dealDot'],
  \ 'punctuation': ['dealPunctuation'],
  \ 'invalid.illegal.character.deal': [''],
  \ }
let s:out = []
let s:n = 0
let s:cur = ''
for s:a in readfile($TMP . '/asserts')
  let [s:file, s:lnum, s:col, s:len, s:scope] = split(s:a, ' ')
  if s:file !=# s:cur
    execute 'edit! ' . fnameescape(s:file)
    let s:cur = s:file
    if &filetype !=# 'deal'
      call add(s:out, s:file . ': filetype is "' . &filetype . '", not deal')
    endif
  endif
  let s:key = has_key(s:classes, s:scope) ? s:scope
        \ : s:scope =~# '^keyword\.' ? 'keyword'
        \ : s:scope =~# '^punctuation\.' ? 'punctuation' : ''
  if s:key ==# ''
    call add(s:out, 'no Vim group is known for scope ' . s:scope)
    continue
  endif
  for s:c in range(str2nr(s:col), str2nr(s:col) + str2nr(s:len) - 1)
    let s:n += 1
    let s:g = synIDattr(synID(str2nr(s:lnum), s:c, 0), 'name')
    if index(s:classes[s:key], s:g) < 0
      call add(s:out, printf('%s:%s:%d: %s expected (%s), Vim gives "%s": %s',
            \ s:file, s:lnum, s:c, s:scope, join(s:classes[s:key], '|'), s:g,
            \ getline(str2nr(s:lnum))))
      break
    endif
  endfor
endfor
call add(s:out, 'checked ' . s:n . ' characters')
call writefile(s:out, $TMP . '/syntax.out')
qa!
VIM
TMP="$tmp" vim -N -u NONE -i NONE -es -S "$tmp/check.vim" </dev/null >/dev/null 2>&1
fail=0
if [ ! -f "$tmp/syntax.out" ]; then
  echo "FAIL: vim did not run the syntax check"; fail=1
elif [ "$(wc -l <"$tmp/syntax.out")" -ne 1 ]; then
  echo "FAIL: editors/vim/syntax/deal.vim:"; head -30 "$tmp/syntax.out"; fail=1
fi

# 2. the compiler: a file with an error, a warning and failed expectations
mkdir -p "$tmp/w"
cat >"$tmp/w/bad.deal" <<'DEAL'
party Acme;
party Acme;
agreement A between Acme, Gama signed 2025-01-01 {
  clause fee: Acme pays Acme $0.001;
}
DEAL
cat >"$tmp/w/warn.deal" <<'DEAL'
party Acme; party Beta; party Gamma;
group g = Beta;
action sell;
product W owned by Acme;
agreement A between Acme, Beta signed 2025-01-01 {
  clause x: only Gamma among g may sell W;
}
expect Beta may sell W;
expect Gamma may not sell W;
DEAL
cat >"$tmp/qf.vim" <<'VIM'
set nocompatible
let &rtp = getcwd() . '/editors/vim,' . &rtp
compiler! deal
let s:out = [&makeprg]
cgetexpr system($DEAL . ' test --color=never ' . $TMP . '/w/bad.deal ' . $TMP . '/w/warn.deal')
for s:e in getqflist()
  call add(s:out, printf('%s:%d:%d:%s:%d:%s', fnamemodify(bufname(s:e.bufnr), ':t'),
        \ s:e.lnum, s:e.col, s:e.type, s:e.valid, split(s:e.text, "\n")[0]))
endfor
call writefile(s:out, $TMP . '/qf.out')
qa!
VIM
TMP="$tmp" DEAL="$B/deal" vim -N -u NONE -i NONE -es -S "$tmp/qf.vim" </dev/null >/dev/null 2>&1
cat >"$tmp/qf.expected" <<'OUT'
deal test --color=never %:S
bad.deal:2:7:e:1:‘Acme’ is already declared as a party
bad.deal:1:7:n:1:the first declaration of ‘Acme’
bad.deal:3:27:e:1:unknown party or group ‘Gama’
bad.deal:4:30:e:1:invalid amount: not a whole number of cents: ‘$0.001’
warn.deal:6:18:w:1:‘Gamma’ is not a member of ‘g’
warn.deal:8:1:E:1:Beta may sell W
warn.deal:9:1:E:1:Gamma may not sell W
OUT
sed -i "s|TMP|$tmp|" "$tmp/qf.expected"
if ! diff -u "$tmp/qf.expected" "$tmp/qf.out" >"$tmp/qf.diff" 2>&1; then
  echo "FAIL: editors/vim/compiler/deal.vim reads deal's output wrongly:"
  cat "$tmp/qf.diff"; fail=1
fi
[ $fail -eq 0 ] || exit 1
echo "vim: syntax ($(cat "$tmp/syntax.out" | sed 's/checked //')), ftdetect and compiler OK"
