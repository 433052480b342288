#!/usr/bin/env bash
# Runs docs/tutorial.md: every ```sh block, in order, from the repository
# root, each with `bash -e`.  A ```text block right after a ```sh block is
# the output the tutorial shows for it (stdout and stderr together); it must
# match exactly, so the exit statuses the tutorial states
# (`... || echo "exit status: $?"`) are checked too.
#
#   tests/docs/tutorial.sh             run the tutorial, compare its outputs
#   tests/docs/tutorial.sh --update    rewrite the ```text blocks from the
#                                      actual outputs (review the diff)
#
# The tutorial writes under /tmp/deal-tutorial/; here that path is replaced
# by a private temporary directory so that runs in parallel do not collide.
set -u
cd "$(dirname "$0")/../.." || exit 2
DOC=docs/tutorial.md
UPDATE=${1:-}
TUT=/tmp/deal-tutorial

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1 LC_ALL=C

# Split the tutorial: $tmp/N.sh for each sh block, $tmp/N.out for the
# text block that follows it (if any); $tmp/count holds the number of blocks.
awk -v dir="$tmp" '
  function flush_pending() { pending = 0 }
  /^```sh[ \t]*$/ && !inblock { n++; inblock = "sh"; file = dir "/" n ".sh"; printf "" > file; next }
  /^```text[ \t]*$/ && !inblock && pending { inblock = "text"; file = dir "/" n ".out"; printf "" > file; next }
  /^```/ && inblock { close(file); pending = (inblock == "sh"); inblock = ""; next }
  /^```/ && !inblock { inblock = "other"; file = "/dev/null"; next }
  inblock == "sh" || inblock == "text" { print > file; next }
  inblock == "other" { next }
  /^[ \t]*$/ { next }
  { pending = 0 }
  END { print n > (dir "/count"); if (inblock) exit 1 }
' "$DOC" || { echo "FAIL: $DOC: a code block is not closed"; exit 1; }

n=$(cat "$tmp/count")
[ "${n:-0}" -gt 0 ] || { echo "FAIL: $DOC has no sh blocks"; exit 1; }
work="$tmp/work"
mkdir -p "$work"
fail=0
for i in $(seq 1 "$n"); do
  sed "s|$TUT|$work/deal-tutorial|g" "$tmp/$i.sh" >"$tmp/$i.run"
  bash -e "$tmp/$i.run" >"$tmp/$i.raw" 2>&1
  rc=$?
  sed "s|$work/deal-tutorial|$TUT|g" "$tmp/$i.raw" >"$tmp/$i.actual"
  first=$(grep -m1 -v '^[[:space:]]*$' "$tmp/$i.sh")
  if [ $rc -ne 0 ]; then
    echo "FAIL: $DOC: sh block $i ($first) exited $rc"
    sed 's/^/  | /' "$tmp/$i.actual" | head -40
    fail=1
    continue
  fi
  if grep -q '||' "$tmp/$i.sh" && [ ! -f "$tmp/$i.out" ]; then
    echo "FAIL: $DOC: sh block $i ($first) states an exit status but shows no output block"
    fail=1
  fi
  if [ -f "$tmp/$i.out" ] && [ "$UPDATE" != --update ] &&
     ! diff -u "$tmp/$i.out" "$tmp/$i.actual" >"$tmp/$i.diff"; then
    echo "FAIL: $DOC: output of sh block $i ($first) differs from the text block after it"
    echo "      (tests/docs/tutorial.sh --update rewrites the text blocks)"
    head -40 "$tmp/$i.diff"
    fail=1
  fi
done

if [ "$UPDATE" = --update ]; then
  awk -v dir="$tmp" '
    /^```sh[ \t]*$/ && !inblock { n++; inblock = "sh"; print; next }
    /^```text[ \t]*$/ && !inblock && pending {
      print; inblock = "text"
      f = dir "/" n ".actual"
      while ((getline line < f) > 0) print line
      close(f); next }
    /^```/ && inblock == "text" { inblock = ""; pending = 0; print; next }
    inblock == "text" { next }
    /^```/ && inblock { pending = (inblock == "sh"); inblock = ""; print; next }
    /^```/ && !inblock { inblock = "other"; print; next }
    inblock { print; next }
    /^[ \t]*$/ { print; next }
    { pending = 0; print }
  ' "$DOC" >"$tmp/new.md" && cp "$tmp/new.md" "$DOC"
  echo "tutorial: rewrote the output blocks of $DOC"
fi

if [ $fail -ne 0 ]; then exit 1; fi
echo "tutorial: $n sh blocks ran, outputs as shown"
