#!/usr/bin/env bash
# Every example of docs/guide.md, the language reference, by the info
# string of its fenced block:
#
#   ```deal             a piece of the running example.  All of them, put
#                       together, are one scenario: it must load without an
#                       error or a warning, run, and every expect must hold.
#   ```deal-file NAME   a file of its own, NAME (a path relative to a
#                       scratch directory; every such file is written before
#                       anything runs), whose first line is `# NAME`.  If a ```text block follows it (blank
#                       lines apart), `deal check NAME` must print exactly
#                       that, stdout and stderr together, and exit 2 when it
#                       shows an error, else 0.  Without one, the file must
#                       load without a diagnostic and `deal test NAME` pass.
#   ```sh               commands, run in order with `bash -e` in that scratch
#                       directory with deal on PATH; a ```text block right
#                       after is what they print, stdout and stderr together.
#   ```text             a general form, or the output of the block before.
#
# One word may follow (the name, for deal-file):
#   pending    an example of a rule that this version of deal does not
#              follow yet: it is not checked, and such examples are counted
#   included   (deal-file) a file that is not checked on its own but
#              through the files that include it (e.g. one half of a cycle)
#
#   tests/docs/guide.sh [BUILD]            check the examples
#   tests/docs/guide.sh [BUILD] --update   rewrite the ```text blocks that
#                                          follow checked examples from the
#                                          actual outputs (review the diff)
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=build
UPDATE=
for a in "$@"; do
  case $a in --update) UPDATE=1 ;; *) BUILD=$a ;; esac
done
BIN=$(cd "$BUILD" 2>/dev/null && pwd) || { echo "FAIL: no directory $BUILD"; exit 2; }
DEAL=$BIN/deal
DOC=docs/guide.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1 LC_ALL=C

# Split the document.  $tmp/running.deal: the running example.  For the Nth
# deal-file or sh block: $tmp/N.in (its text), $tmp/N.out (the text block
# after it, if any), and a line "N KIND MARK NAME" in $tmp/blocks (MARK:
# pending, included or -).
split_doc='
  function start(kind, file_) { inb = kind; file = file_; if (kind != "deal") printf "" > file }
  /^```/ && !inb {
    nw = split(substr($0, 4), w, /[ \t]+/)
    if (w[1] == "text" && follow) { follow = 0; start("text", dir "/" n ".out"); next }
    follow = 0
    if (w[1] == "deal" && nw == 1) { start("deal", dir "/running.deal"); next }
    if (w[1] == "deal-file" || w[1] == "sh") {
      n++
      name = (w[1] == "sh") ? "-" : w[2]
      mark = "-"
      for (k = (w[1] == "sh") ? 2 : 3; k <= nw; k++)
        if (w[k] == "pending" || w[k] == "included") mark = w[k]
        else if (w[k] != "") { bad = bad " " NR }
      if (name == "" || name == "pending" || name == "included") { bad = bad " " NR }
      print n, w[1], mark, name > (dir "/blocks")
      start(w[1], dir "/" n ".in"); next
    }
    start("other", "/dev/null"); next
  }
  /^```/ && inb {
    if (inb == "deal") print "" > (dir "/running.deal"); else close(file)
    follow = (inb == "deal-file" || inb == "sh"); inb = ""; next
  }
  inb == "deal" { print > (dir "/running.deal"); next }
  inb == "other" { next }
  inb { print > file; next }
  /^[ \t]*$/ { next }
  { follow = 0 }
  END {
    if (inb) { print "a code block is not closed"; exit 1 }
    if (bad != "") { print "a block with a bad info string (see the top of tests/docs/guide.sh), at line" bad; exit 1 }
  }'
: >"$tmp/blocks"
if ! msg=$(awk -v dir="$tmp" "$split_doc" "$DOC"); then
  echo "FAIL: $DOC: $msg"; exit 1
fi

fail=0
files=$tmp/files
mkdir -p "$files"

# 1. The running example.
if [ ! -s "$tmp/running.deal" ]; then
  echo "FAIL: $DOC has no deal blocks"; fail=1
else
  cp "$tmp/running.deal" "$files/running.deal"
  if ! "$DEAL" check "$tmp/running.deal" >"$tmp/check.out" 2>"$tmp/check.err" ||
     [ -s "$tmp/check.err" ]; then
    echo "FAIL: the running example of $DOC does not load cleanly:"
    sed "s|$tmp/running.deal|running example|" "$tmp/check.err" | head -40
    fail=1
  fi
  if ! "$DEAL" run "$tmp/running.deal" >"$tmp/run.out" 2>&1; then
    echo "FAIL: deal run on the running example of $DOC"; head -20 "$tmp/run.out"; fail=1
  fi
  if ! "$DEAL" test "$tmp/running.deal" >"$tmp/test.out" 2>&1; then
    echo "FAIL: expectations of the running example of $DOC:"
    sed "s|$tmp/running.deal|running example|" "$tmp/test.out" | head -60
    fail=1
  fi
fi

# 2. The files, all written first: one may include another.
while read -r i kind mark name; do
  [ "$kind" = deal-file ] || continue
  case $name in /* | ../* | */../*) echo "FAIL: $DOC: deal-file $name leaves the scratch directory"; fail=1; continue ;; esac
  # the reader tells a file of its own by its first line
  if [ "$(head -1 "$tmp/$i.in")" != "# $name" ]; then
    echo "FAIL: $DOC: deal-file $name does not start with the line '# $name'"; fail=1
  fi
  mkdir -p "$files/$(dirname "$name")"
  cp "$tmp/$i.in" "$files/$name"
done <"$tmp/blocks"

# 3. Each example in order.
checked=0
pending=0
while read -r i kind mark name; do
  if [ "$mark" = pending ]; then pending=$((pending + 1)); continue; fi
  if [ "$mark" = included ]; then
    [ -f "$tmp/$i.out" ] && { echo "FAIL: $DOC: deal-file $name is marked included but shows an output"; fail=1; }
    continue
  fi
  checked=$((checked + 1))
  what="$kind block $i${name#-}"
  [ "$kind" = deal-file ] && what="deal-file $name"
  if [ "$kind" = deal-file ]; then
    (cd "$files" && "$DEAL" check "$name") >"$tmp/$i.actual" 2>"$tmp/$i.err"
    rc=$?
    if [ -f "$tmp/$i.out" ]; then
      # the output block shows stdout and stderr together, diagnostics first
      cat "$tmp/$i.err" "$tmp/$i.actual" >"$tmp/$i.both" && mv "$tmp/$i.both" "$tmp/$i.actual"
      want=0
      grep -q ': error: ' "$tmp/$i.out" && want=2
      if [ $rc -ne $want ]; then
        echo "FAIL: $DOC: deal check $name exited $rc, not $want"; fail=1
      fi
    else
      if [ $rc -ne 0 ] || [ -s "$tmp/$i.err" ]; then
        echo "FAIL: $DOC: $what shows no output, so it must load cleanly; deal check says:"
        sed 's/^/  | /' "$tmp/$i.err" | head -20; fail=1
      elif ! (cd "$files" && "$DEAL" test "$name") >"$tmp/$i.test" 2>&1; then
        echo "FAIL: $DOC: expectations of $what:"
        sed 's/^/  | /' "$tmp/$i.test" | head -30; fail=1
      fi
    fi
  else
    (cd "$files" && PATH="$BIN:$PATH" bash -e "$tmp/$i.in") >"$tmp/$i.actual" 2>&1
    rc=$?
    if [ $rc -ne 0 ]; then
      echo "FAIL: $DOC: sh block $i ($(grep -m1 -v '^[[:space:]]*$' "$tmp/$i.in")) exited $rc"
      sed 's/^/  | /' "$tmp/$i.actual" | head -30; fail=1; continue
    fi
  fi
  if [ -f "$tmp/$i.out" ] && [ -z "$UPDATE" ] &&
     ! diff -u "$tmp/$i.out" "$tmp/$i.actual" >"$tmp/$i.diff"; then
    echo "FAIL: $DOC: the output of $what differs from the text block after it"
    echo "      (tests/docs/guide.sh --update rewrites the text blocks)"
    head -40 "$tmp/$i.diff"; fail=1
  fi
done <"$tmp/blocks"

if [ -n "$UPDATE" ]; then
  # The same walk as split_doc: replace each text block that follows a
  # checked deal-file or sh block by the actual output.
  awk -v dir="$tmp" '
    BEGIN { while ((getline l < (dir "/blocks")) > 0) { split(l, b, " "); skip[b[1]] = (b[3] != "-") } }
    /^```/ && !inb {
      nw = split(substr($0, 4), w, /[ \t]+/)
      if (w[1] == "text" && follow && !skip[n] && (getline t < (dir "/" n ".actual")) >= 0) {
        print; follow = 0; inb = "text"
        f = dir "/" n ".actual"; close(f)
        while ((getline line < f) > 0) print line
        close(f); next
      }
      follow = 0
      if (w[1] == "deal-file" || w[1] == "sh") { n++; inb = w[1] } else inb = "other"
      print; next
    }
    /^```/ && inb { follow = (inb == "deal-file" || inb == "sh"); inb = ""; print; next }
    inb == "text" { next }
    { if (!inb && $0 !~ /^[ \t]*$/) follow = 0; print }
  ' "$DOC" >"$tmp/new.md" || { echo "FAIL: could not rewrite $DOC"; exit 1; }
  cp "$tmp/new.md" "$DOC"
  echo "guide: rewrote the output blocks of $DOC"
fi

[ $fail -eq 0 ] || exit 1
echo "guide: running example loads, $(tail -1 "$tmp/test.out"); $checked file and command examples as shown; $pending pending"
