# deal — build, test and run.  `make run` and `make check` do all set-up.
# Generated code and objects live in build/ only.

CC      ?= cc
BUILD   ?= build
SAN     ?=
OPT     ?= -O2
CSTD    := -std=c11 -D_DEFAULT_SOURCE -pthread
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wpointer-arith -Wwrite-strings \
           -Wno-missing-field-initializers
CFLAGS  ?= $(OPT) -g
ALL_CFLAGS = $(CSTD) $(CFLAGS) $(SAN) -Isrc -I$(BUILD)
GEN_CFLAGS = $(CSTD) $(CFLAGS) $(SAN) -Isrc -I$(BUILD) -Wno-unused-function \
             -Wno-sign-compare -Wno-unused-parameter
LDLIBS_REPL := -ledit
# The language server (deal lsp) reads JSON with cJSON: the deal binary
# alone links it, the library does not.
LDLIBS_LSP  := -lcjson
FRONT_OBJ   := main repl lsp lsp_rpc

ENGINE  := state mem arena intern par sort diag json literal lex parse build ast print \
           resolve model world eval check weigh when timeline explain atomic \
           rundata rundata_market rundata_flow rundata_clash rundata_expect \
           rundata_text report report_json report_dot report_md report_diff \
           report_test report_snap report_scale report_timeline report_html session complete occur api
SRC_OBJ := $(ENGINE:%=$(BUILD)/obj/%.o)
GEN_OBJ := $(BUILD)/obj/deal.tab.o $(BUILD)/obj/deal.lex.o
LIB     := $(BUILD)/libdeal.a
BIN     := $(BUILD)/deal

DEPS_DEB := flex bison libcunit1-dev libedit-dev libcjson-dev tmux jq graphviz python3 neovim npm

# Fragments for docs, editors, fuzzing and benchmarks: each may add
# targets and append to CHECK_EXTRA (run by `make check`).
CHECK_EXTRA :=
-include mk/*.mk

.PHONY: all deps run check check-plain check-asan check-tsan asan-unit check-valgrind \
        clean bench fuzz golden-update
all: deps $(BIN) $(BUILD)/gen

# Install what is missing (Debian/Ubuntu), as root or through sudo, or say
# exactly what to install.
deps:
	@missing=""; \
	command -v flex  >/dev/null 2>&1 || missing="$$missing flex"; \
	command -v bison >/dev/null 2>&1 || missing="$$missing bison"; \
	[ -f /usr/include/CUnit/Basic.h ] || missing="$$missing libcunit1-dev"; \
	[ -f /usr/include/editline/readline.h ] || missing="$$missing libedit-dev"; \
	[ -f /usr/include/cjson/cJSON.h ] || missing="$$missing libcjson-dev"; \
	command -v nvim  >/dev/null 2>&1 || missing="$$missing neovim"; \
	command -v npm   >/dev/null 2>&1 || missing="$$missing npm"; \
	command -v tmux  >/dev/null 2>&1 || missing="$$missing tmux"; \
	command -v jq    >/dev/null 2>&1 || missing="$$missing jq"; \
	command -v dot   >/dev/null 2>&1 || missing="$$missing graphviz"; \
	command -v python3 >/dev/null 2>&1 || missing="$$missing python3"; \
	if [ -n "$$missing" ]; then \
	  echo "deal: installing$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	  elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; \
	  else echo "deal: please install as root: apt-get install$$missing" >&2; exit 1; fi; \
	  if ! command -v apt-get >/dev/null 2>&1; then \
	    echo "deal: no apt-get here; install:$$missing (flex, bison, CUnit, libedit and cJSON development files)" >&2; exit 1; fi; \
	  $$SUDO apt-get update -qq >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null || \
	  { echo "deal: apt-get install$$missing failed" >&2; exit 1; }; \
	fi

# deps is order-only: under make -j nothing runs bison, flex or the
# compiler before what they need is installed, and nothing rebuilds for it.
# The keywords are src/keywords.def alone: mkkeywords (built for this
# machine, without the sanitizers) declares their tokens in the copy of
# grammar/deal.y that bison reads, and writes the scanner's lookup.
$(BUILD)/mkkeywords: tools/mkkeywords.c src/keywords.def | $(BUILD)/obj
	@echo "  CC    $<"
	@$(CC) $(CSTD) -O1 $(WARN) -Isrc -o $@ $<

$(BUILD)/deal.y: grammar/deal.y $(BUILD)/mkkeywords
	@echo "  GEN   $@"
	@$(BUILD)/mkkeywords grammar $< > $@.tmp && mv $@.tmp $@

$(BUILD)/keywords.h: $(BUILD)/mkkeywords
	@echo "  GEN   $@"
	@$(BUILD)/mkkeywords lookup > $@.tmp && mv $@.tmp $@

# One run makes both files (&:, a grouped target): with two plain targets
# make -j could run bison twice at once, writing the same files.
$(BUILD)/deal.tab.c $(BUILD)/deal.tab.h &: $(BUILD)/deal.y | $(BUILD)/obj deps
	@echo "  BISON grammar/deal.y"
	@bison -Wall -Werror --defines=$(BUILD)/deal.tab.h -o $(BUILD)/deal.tab.c $<

$(BUILD)/deal.lex.c $(BUILD)/deal.lex.h &: grammar/deal.l | $(BUILD)/obj deps
	@echo "  FLEX  $<"
	@flex --header-file=$(BUILD)/deal.lex.h -o $(BUILD)/deal.lex.c $<

$(BUILD)/obj:
	mkdir -p $(BUILD)/obj

$(BUILD)/obj/deal.tab.o: $(BUILD)/deal.tab.c $(BUILD)/deal.lex.h $(wildcard src/*.h)
	@echo "  CC    $<"
	@$(CC) $(GEN_CFLAGS) -c -o $@ $<
$(BUILD)/obj/deal.lex.o: $(BUILD)/deal.lex.c $(BUILD)/deal.tab.h $(BUILD)/keywords.h \
                         src/keywords.def $(wildcard src/*.h)
	@echo "  CC    $<"
	@$(CC) $(GEN_CFLAGS) -c -o $@ $<

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h) src/keywords.def $(BUILD)/deal.tab.h $(BUILD)/deal.lex.h | $(BUILD)/obj deps
	@echo "  CC    $<"
	@$(CC) $(ALL_CFLAGS) $(WARN) -c -o $@ $<

$(LIB): $(SRC_OBJ) $(GEN_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BIN): $(FRONT_OBJ:%=$(BUILD)/obj/%.o) $(LIB)
	@echo "  LINK  $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS_REPL) $(LDLIBS_LSP)

$(BUILD)/gen: tools/gen.c | $(BUILD)/obj
	$(CC) $(CSTD) -O2 -Wall -Wextra -Werror -o $@ $<

run: deps $(BIN)
	$(BIN) run scenarios/openai-cloud.deal

# ---- tests ----
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

# The suites link the REPL and the language server too (test_faults
# drives them); test_oracle reads scenarios from the generator.
TEST_FRONT := $(BUILD)/obj/repl.o $(BUILD)/obj/lsp.o $(BUILD)/obj/lsp_rpc.o
$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(LIB) $(TEST_FRONT) $(BUILD)/gen | deps
	@mkdir -p $(BUILD)/tests
	@echo "  CC    $<"
	@$(CC) $(ALL_CFLAGS) $(WARN) -Itests/unit -DDEAL_GEN='"$(BUILD)/gen"' -o $@ $< $(TEST_FRONT) $(LIB) -lcunit $(LDLIBS_REPL) $(LDLIBS_LSP)

# The whole suite, then again built with AddressSanitizer and UBSan (and
# a 61-byte scanner buffer, so that tokens cross the blocks files are read
# in).
check: check-plain check-asan check-tsan $(CHECK_EXTRA)

check-plain: deps $(BIN) $(UNIT_TESTS)
	@tests/run.sh $(BUILD)

ASAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
check-asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan OPT=-O1 SAN="$(ASAN_FLAGS) -DDEAL_LEX_BUF=61 -DDEAL_PIPE_MIN=0 -DDEAL_PAR_MIN=2" build/asan/deal asan-unit
	@ASAN_OPTIONS=detect_leaks=1 tests/run.sh build/asan

asan-unit: $(UNIT_TESTS)

# The suite under ThreadSanitizer, every file scanned in a thread of its
# own (src/lex.c), every program's clauses resolved and every report's
# slots evaluated by two threads (src/resolve.c, src/rundata.c): the
# threads share nothing unlocked.
check-tsan: deps
	@$(MAKE) --no-print-directory BUILD=build/tsan OPT=-O1 SAN="-fsanitize=thread -DDEAL_PIPE_MIN=0 -DDEAL_PAR_MIN=2" build/tsan/deal asan-unit
	@TSAN_OPTIONS="halt_on_error=1 exitcode=66" tests/run.sh build/tsan

# The whole suite with every program under valgrind (memcheck, leaks).
VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
check-valgrind: deps $(BIN) $(UNIT_TESTS)
	@command -v valgrind >/dev/null || { echo "deal: install valgrind"; exit 1; }
	@rm -rf $(BUILD)/vg && mkdir -p $(BUILD)/vg/tests
	@for p in $(BIN) $(UNIT_TESTS); do \
	  n=$$(basename $$p); d=$(BUILD)/vg; case $$p in */tests/*) d=$(BUILD)/vg/tests;; esac; \
	  printf '#!/bin/sh\nexec $(VALGRIND) %s "$$@"\n' "$(CURDIR)/$$p" > $$d/$$n; chmod +x $$d/$$n; \
	done
	@tests/run.sh $(BUILD)/vg

golden-update: $(BIN)
	@tests/run.sh $(BUILD) --update

clean:
	rm -rf build
