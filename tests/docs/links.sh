#!/usr/bin/env bash
# The documentation of a clone stands on its own: nothing in README.md or
# under docs/ may send the reader outside the repository.
#  - no tracked file there names ../shared or LANGUAGE.md (the language is
#    specified in docs/guide.md; a specification beside a checkout is not
#    part of a clone);
#  - every Markdown link [text](target) of README.md and docs/*.md is
#    relative, names a tracked file or directory of the repository, and,
#    with #anchor, a heading of the target document.
#   tests/docs/links.sh
set -u
cd "$(dirname "$0")/../.." || exit 2
export LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

git ls-files -- README.md docs >"$tmp/files" 2>/dev/null
if [ ! -s "$tmp/files" ]; then
  # not a git checkout (e.g. an unpacked archive): check what is there
  { [ -f README.md ] && echo README.md; find docs -type f 2>/dev/null; } | sort >"$tmp/files"
  find . -path ./.git -prune -o -print | sed 's|^\./||' >"$tmp/tracked"
else
  git ls-files | awk '{ print; while (sub(/\/[^\/]*$/, "")) print }' | sort -u >"$tmp/tracked"
fi

# 1. No reference to the specification outside the repository.
while read -r f; do
  if grep -n -e '\.\./shared' -e 'LANGUAGE\.md' -- "$f" >"$tmp/hits"; then
    echo "FAIL: $f refers to a file outside the repository:"
    sed 's/^/  | /' "$tmp/hits"
    fail=1
  fi
done <"$tmp/files"

# GitHub's anchor of a heading: lower case, punctuation dropped, spaces to -.
anchors() {  # FILE
  awk '/^```/ { f = !f; next } !f && /^#+ / { sub(/^#+ +/, ""); print }' "$1" |
    tr 'A-Z' 'a-z' | sed -e 's/[^a-z0-9 _-]//g' -e 's/ /-/g'
}

# 2. Markdown links stay inside and lead somewhere.
nlinks=0
while read -r f; do
  case $f in *.md) ;; *) continue ;; esac
  dir=$(dirname "$f")
  # links outside code blocks and inline code
  awk '/^```/ { f = !f; next } !f { gsub(/`[^`]*`/, ""); print }' "$f" |
    grep -o '\]([^)]*)' | sed -e 's/^](//' -e 's/)$//' >"$tmp/links" || true
  while read -r target; do
    nlinks=$((nlinks + 1))
    case $target in
      *://* | mailto:* | /*)
        echo "FAIL: $f: link $target leaves the repository"; fail=1; continue ;;
    esac
    path=${target%%#*}
    anchor=
    case $target in *'#'*) anchor=${target#*#} ;; esac
    if [ -z "$path" ]; then
      doc=$f
    else
      # resolve against the file's directory, without following anything
      doc=$(printf '%s/%s\n' "$dir" "$path" | awk -F/ '{
        n = 0
        for (i = 1; i <= NF; i++) {
          if ($i == "" || $i == ".") continue
          if ($i == "..") { if (n == 0) { print "../"; exit } n--; continue }
          p[++n] = $i
        }
        s = ""; for (i = 1; i <= n; i++) s = s (i > 1 ? "/" : "") p[i]
        print s }')
      case $doc in
        ../* | "")
          echo "FAIL: $f: link $target leaves the repository"; fail=1; continue ;;
      esac
      if ! grep -qxF -- "$doc" "$tmp/tracked"; then
        echo "FAIL: $f: link $target names $doc, which is not in the repository"
        fail=1; continue
      fi
    fi
    if [ -n "$anchor" ]; then
      case $doc in
        *.md) anchors "$doc" | grep -qxF -- "$anchor" ||
                { echo "FAIL: $f: link $target: no heading #$anchor in $doc"; fail=1; } ;;
        *) echo "FAIL: $f: link $target: an anchor into $doc, which is not Markdown"; fail=1 ;;
      esac
    fi
  done <"$tmp/links"
done <"$tmp/files"

[ $fail -eq 0 ] || exit 1
echo "links: README.md and docs/ stay inside the repository ($nlinks links lead where they say)"
