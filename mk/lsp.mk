# lsp.mk — the language server with real clients, in `make check`:
# Neovim (headless) gets a diagnostic and a hover from `deal lsp`
# (tests/lsp/nvim.sh), and the VS Code extension installs its npm
# dependencies and loads (tests/editors/vscode.sh).  The scripted
# sessions (tests/lsp/*.json) are part of tests/run.sh, so they run under
# the sanitizers too.  `make deps` installs Neovim and npm.

lsp_saved_goal := $(.DEFAULT_GOAL)

.PHONY: check-lsp-editors
check-lsp-editors: deps $(BIN)
	@sh tests/lsp/nvim.sh $(BIN)
	@sh tests/editors/vscode.sh $(BUILD) 2>$(BUILD)/vscode.err || { cat $(BUILD)/vscode.err; exit 1; }

CHECK_EXTRA += check-lsp-editors

.DEFAULT_GOAL := $(lsp_saved_goal)
