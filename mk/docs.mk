# docs.mk — installing deal with its manual pages, and `make check-docs`:
# the tutorial runs as written, every example of the language reference
# (docs/guide.md) holds or prints what it shows, no document points outside
# the repository, the manual pages render without warnings,
# install/uninstall work, and the editor support (Vim, VS Code) is tested.  Included by the top Makefile (BUILD, BIN).
#
#   make install [PREFIX=/usr/local] [DESTDIR=]
#   make uninstall [PREFIX=/usr/local] [DESTDIR=]
#   make check-docs      (also run by `make check`)

# This file is included before `all:`; keep `all` the default goal.
docs_saved_goal_ := $(.DEFAULT_GOAL)

PREFIX  ?= /usr/local
DESTDIR ?=
docs_bindir_ = $(DESTDIR)$(PREFIX)/bin
docs_mandir_ = $(DESTDIR)$(PREFIX)/share/man

.PHONY: install uninstall check-docs docs-deps

install: $(BIN)
	install -d "$(docs_bindir_)" "$(docs_mandir_)/man1" "$(docs_mandir_)/man5"
	install -m 755 $(BIN) "$(docs_bindir_)/deal"
	install -m 644 docs/deal.1 "$(docs_mandir_)/man1/deal.1"
	install -m 644 docs/deal.5 "$(docs_mandir_)/man5/deal.5"

uninstall:
	rm -f "$(docs_bindir_)/deal" "$(docs_mandir_)/man1/deal.1" \
	      "$(docs_mandir_)/man5/deal.5"

# man and groff check the manual pages.  Install what is missing (Debian,
# Ubuntu), as root or through sudo, or say exactly what to install.
docs-deps:
	@missing=""; \
	command -v man   >/dev/null 2>&1 || missing="$$missing man-db"; \
	command -v groff >/dev/null 2>&1 || missing="$$missing groff-base"; \
	if [ -n "$$missing" ]; then \
	  echo "deal: installing$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	  elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; \
	  else echo "deal: please install as root: apt-get install$$missing" >&2; exit 1; fi; \
	  if ! command -v apt-get >/dev/null 2>&1; then \
	    echo "deal: no apt-get here; install:$$missing (man and groff)" >&2; exit 1; fi; \
	  $$SUDO apt-get update -qq >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null || \
	  { echo "deal: apt-get install$$missing failed" >&2; exit 1; }; \
	fi

# Every script runs even when one fails; the target fails if any did.
check-docs: docs-deps $(BIN)
	@rc=0; \
	tests/docs/tutorial.sh          || rc=1; \
	tests/docs/guide.sh $(BUILD)    || rc=1; \
	tests/docs/links.sh             || rc=1; \
	tests/docs/man.sh $(BUILD)      || rc=1; \
	MAKE="$(MAKE)" PREFIX="$(PREFIX)" tests/docs/install.sh || rc=1; \
	tests/editors/keywords.sh       || rc=1; \
	tests/editors/vim.sh $(BUILD)   || rc=1; \
	tests/editors/textmate.sh $(BUILD) || rc=1; \
	if [ $$rc -ne 0 ]; then echo "check-docs: FAILED" >&2; exit 1; fi; \
	echo "check-docs: all passed"

CHECK_EXTRA += check-docs

.DEFAULT_GOAL := $(docs_saved_goal_)
