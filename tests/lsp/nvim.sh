#!/bin/sh
# tests/lsp/nvim.sh DEAL: Neovim, headless, drives `deal lsp` (nvim.lua).
set -u
DEAL=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
if ! command -v nvim >/dev/null 2>&1; then
  echo "nvim.sh: SKIP: Neovim is not installed and could not be (make deps installs it)"
  exit 0
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
DEAL=$DEAL WORKDIR=$dir timeout 120 nvim --headless --clean -i NONE -n \
  -c "luafile $(dirname "$0")/nvim.lua" 2>&1 </dev/null
