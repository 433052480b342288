# browser.mk — `make check-html` (run by `make check`): the HTML reports
# checked by Debian's tidy and loaded in headless Chromium, driven by
# puppeteer-core (tests/browser/package.json and its lock, installed by
# `npm ci` into $(BUILD)/browser).  tests/browser/run.sh says what is
# checked; screenshots are left in $(BUILD)/browser/*.png.
#
# What it needs is installed as `deps` installs its packages (Debian:
# chromium, tidy, and npm when there is no npm); when that is impossible
# (no apt-get, not root and no sudo, or the package registry cannot be
# reached) the check says so and why, and is skipped.

browser_saved_goal_ := $(.DEFAULT_GOAL)

BROWSER_DIR := $(BUILD)/browser
BROWSER_NPM := $(BROWSER_DIR)/node_modules/.package-lock.json

.PHONY: check-html browser-deps

# Writes $(BROWSER_DIR)/skip with the reason when it cannot install.
browser-deps:
	@mkdir -p $(BROWSER_DIR); rm -f $(BROWSER_DIR)/skip; \
	missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v tidy >/dev/null 2>&1 || missing="$$missing tidy"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "deal: installing$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	  elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; \
	  else echo "cannot install$$missing: not root and no sudo" >$(BROWSER_DIR)/skip; exit 0; fi; \
	  if ! command -v apt-get >/dev/null 2>&1; then \
	    echo "cannot install$$missing: no apt-get here" >$(BROWSER_DIR)/skip; exit 0; fi; \
	  $$SUDO apt-get update -qq >/dev/null; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null || \
	    echo "apt-get install$$missing failed" >$(BROWSER_DIR)/skip; \
	fi

$(BROWSER_NPM): tests/browser/package.json tests/browser/package-lock.json | browser-deps
	@mkdir -p $(BROWSER_DIR)
	@if [ ! -f $(BROWSER_DIR)/skip ]; then \
	  cp tests/browser/package.json tests/browser/package-lock.json $(BROWSER_DIR)/ && \
	  (cd $(BROWSER_DIR) && npm ci --no-audit --no-fund --loglevel=error >npm.log 2>&1) || \
	  { echo "npm ci of tests/browser/package-lock.json failed: $$(tail -3 $(BROWSER_DIR)/npm.log)" >$(BROWSER_DIR)/skip; }; \
	fi

check-html: deps $(BIN) $(BUILD)/gen browser-deps
	@$(MAKE) --no-print-directory $(BROWSER_NPM)
	@if [ -f $(BROWSER_DIR)/skip ]; then \
	  echo "check-html: SKIPPED, the HTML reports are not checked in a browser: $$(cat $(BROWSER_DIR)/skip)"; \
	  exit 0; fi; \
	tests/browser/run.sh $(BUILD)

CHECK_EXTRA += check-html

.DEFAULT_GOAL := $(browser_saved_goal_)
