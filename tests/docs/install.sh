#!/usr/bin/env bash
# `make install` and `make uninstall` into a temporary DESTDIR: the binary
# and both manual pages appear (and man finds them), then disappear.
#   MAKE=make PREFIX=/usr/local tests/docs/install.sh
set -u
cd "$(dirname "$0")/../.." || exit 2
MAKE=${MAKE:-make}
PREFIX=${PREFIX:-/usr/local}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files="bin/deal share/man/man1/deal.1 share/man/man5/deal.5"
fail=0

if ! $MAKE --no-print-directory install DESTDIR="$tmp" PREFIX="$PREFIX" >"$tmp/log" 2>&1; then
  echo "FAIL: make install DESTDIR=$tmp"; cat "$tmp/log"; exit 1
fi
for f in $files; do
  [ -f "$tmp$PREFIX/$f" ] || { echo "FAIL: make install did not install $PREFIX/$f"; fail=1; }
done
[ -x "$tmp$PREFIX/bin/deal" ] && "$tmp$PREFIX/bin/deal" --version >/dev/null ||
  { echo "FAIL: the installed deal does not run"; fail=1; }
for s in 1 5; do
  found=$(MANPATH="$tmp$PREFIX/share/man" man -w "$s" deal 2>/dev/null)
  [ "$found" = "$tmp$PREFIX/share/man/man$s/deal.$s" ] ||
    { echo "FAIL: man does not find deal($s) after make install (got '$found')"; fail=1; }
done

if ! $MAKE --no-print-directory uninstall DESTDIR="$tmp" PREFIX="$PREFIX" >"$tmp/log" 2>&1; then
  echo "FAIL: make uninstall DESTDIR=$tmp"; cat "$tmp/log"; exit 1
fi
for f in $files; do
  [ ! -e "$tmp$PREFIX/$f" ] || { echo "FAIL: make uninstall left $PREFIX/$f"; fail=1; }
done
[ $fail -eq 0 ] || exit 1
echo "install: make install and uninstall (DESTDIR, PREFIX=$PREFIX) put and remove deal, deal.1, deal.5"
