# mk/fuzz.mk — libFuzzer harnesses (fuzz/*.c), included by the top Makefile.
#
#   make fuzz [FUZZ_SECONDS=60]  run each harness that long, with fuzz/deal.dict
#                                and every .deal file of the repo as seeds
#   make fuzz-smoke              the same, 60 seconds each (for CI)
#   make check-regress           replay tests/regress/* through every harness
#                                (part of `make check`)
#   make fuzz-build              build the harnesses only
#
# The engine is rebuilt with clang and the sanitizers into $(BUILD)/fuzz/
# (objects in $(BUILD)/fuzz/obj/); build/obj is left alone.  Corpora grow in
# $(BUILD)/fuzz/corpus-NAME, crashes land in $(BUILD)/fuzz/artifacts/, logs in
# $(BUILD)/fuzz/NAME.log.

# Rules below must not become the default goal of the top Makefile.
fuzz_saved_goal_ := $(.DEFAULT_GOAL)

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   ?= -max_len=65536 -timeout=10 -rss_limit_mb=2048
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer
FUZZ_CFLAGS  ?= -O1 -g
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_OBJDIR  := $(FUZZ_DIR)/obj
FUZZ_NAMES   := parse eval fmt lsp
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_LIB     := $(FUZZ_DIR)/libdeal.a
FUZZ_DICT    := fuzz/deal.dict
FUZZ_SEEDS    = $(shell find scenarios tests -name '*.deal' -type f 2>/dev/null | sort)
# The library: instrumented for coverage, not linked with libFuzzer's main;
# every program's resolution and report shared by two threads, as a large
# one's are (the harnesses parse from memory, never in the scanner's thread).
FUZZ_LIB_CFLAGS = $(CSTD) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_SAN) \
                  -DDEAL_PAR_MIN=2 -Isrc -I$(BUILD)
FUZZ_ENV     := ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
                UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

FUZZ_OBJS := $(ENGINE:%=$(FUZZ_OBJDIR)/%.o) $(FUZZ_OBJDIR)/deal.tab.o \
             $(FUZZ_OBJDIR)/deal.lex.o $(FUZZ_OBJDIR)/lsp.o $(FUZZ_OBJDIR)/lsp_rpc.o

.PHONY: fuzz fuzz-smoke fuzz-build fuzz-deps check-regress

# clang and its sanitizer/libFuzzer runtime (Debian: libclang-rt-N-dev),
# installed as the top `deps` target installs its packages.
fuzz-deps: deps
	@have_rt() { rd=$$($(FUZZ_CC) -print-resource-dir 2>/dev/null) && \
	  ls "$$rd"/lib/*/libclang_rt.fuzzer*.a >/dev/null 2>&1; }; \
	if command -v $(FUZZ_CC) >/dev/null 2>&1 && have_rt; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; \
	else echo "deal: please install as root: apt-get install clang libclang-rt-dev" >&2; exit 1; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "deal: no apt-get here; install clang and its libFuzzer/sanitizer runtime" >&2; exit 1; fi; \
	$$SUDO apt-get update -qq >/dev/null || true; \
	if ! command -v $(FUZZ_CC) >/dev/null 2>&1; then \
	  echo "deal: installing clang"; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq clang >/dev/null || \
	  { echo "deal: apt-get install clang failed" >&2; exit 1; }; \
	fi; \
	if ! have_rt; then \
	  v=$$($(FUZZ_CC) -dumpversion | cut -d. -f1); \
	  echo "deal: installing libclang-rt-$$v-dev"; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libclang-rt-$$v-dev >/dev/null || \
	  { echo "deal: apt-get install libclang-rt-$$v-dev failed" >&2; exit 1; }; \
	fi

$(FUZZ_OBJDIR):
	mkdir -p $@

# Warnings are not errors here: clang may warn where the usual compiler does
# not, and that must not stop the fuzzing of the engine.
$(FUZZ_OBJDIR)/%.o: src/%.c $(wildcard src/*.h) $(BUILD)/deal.tab.h $(BUILD)/deal.lex.h | $(FUZZ_OBJDIR) fuzz-deps
	$(FUZZ_CC) $(FUZZ_LIB_CFLAGS) $(filter-out -Werror,$(WARN)) -c -o $@ $<
$(FUZZ_OBJDIR)/deal.tab.o: $(BUILD)/deal.tab.c $(BUILD)/deal.lex.h | $(FUZZ_OBJDIR) fuzz-deps
	$(FUZZ_CC) $(FUZZ_LIB_CFLAGS) -Wno-unused-function -Wno-sign-compare \
	  -Wno-unused-parameter -c -o $@ $<
$(FUZZ_OBJDIR)/deal.lex.o: $(BUILD)/deal.lex.c $(BUILD)/deal.tab.h $(BUILD)/keywords.h | $(FUZZ_OBJDIR) fuzz-deps
	$(FUZZ_CC) $(FUZZ_LIB_CFLAGS) -Wno-unused-function -Wno-sign-compare \
	  -Wno-unused-parameter -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_OBJS)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: fuzz/fuzz_%.c $(FUZZ_LIB) $(wildcard src/*.h) | fuzz-deps
	$(FUZZ_CC) $(CSTD) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) $(WARN) \
	  -Isrc -I$(BUILD) -o $@ $< $(FUZZ_LIB) $(LDLIBS_LSP)

fuzz-build: $(FUZZ_BINS)

# Each harness runs FUZZ_SECONDS on its own corpus directory, seeded with
# every .deal file (names flattened); all harnesses run even if one fails.
# fuzz_lsp reads a .deal file as a document opened in a whole session;
# fuzz/lsp.dict adds the protocol's words to deal's.
fuzz: $(FUZZ_BINS)
	@mkdir -p $(FUZZ_DIR)/artifacts; fail=""; \
	for n in $(FUZZ_NAMES); do \
	  corpus=$(FUZZ_DIR)/corpus-$$n; mkdir -p $$corpus; \
	  for f in $(FUZZ_SEEDS); do cp -f "$$f" "$$corpus/seed-$$(echo "$$f" | tr / _)"; done; \
	  [ $$n = lsp ] && cp -f tests/lsp/*.lsp "$$corpus/"; \
	  log=$(FUZZ_DIR)/$$n.log; \
	  echo "fuzz_$$n: $(FUZZ_SECONDS)s on $$corpus (log $$log)"; \
	  dict=$(FUZZ_DICT); [ $$n = lsp ] && { cat $(FUZZ_DICT) fuzz/lsp.dict > $(FUZZ_DIR)/lsp.dict; dict=$(FUZZ_DIR)/lsp.dict; }; \
	  $(FUZZ_ENV) $(FUZZ_DIR)/fuzz_$$n -dict=$$dict \
	    -max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS) -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_DIR)/artifacts/$$n- $$corpus </dev/null >$$log 2>&1; \
	  rc=$$?; \
	  grep -E '^#[0-9]+[[:space:]].*cov:' $$log | sed -n -E '/INITED/p;$$p' | sed -E 's/(ft: [0-9]+).*/\1/'; \
	  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' $$log; \
	  if [ $$rc -ne 0 ]; then fail="$$fail $$n"; \
	    grep -E -A30 '^==[0-9]+==ERROR|runtime error|ERROR: libFuzzer' $$log | head -n 60; \
	    grep -E 'Test unit written to' $$log; fi; \
	done; \
	if [ -n "$$fail" ]; then echo "fuzz: failures in:$$fail" >&2; exit 1; fi

fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=60

# A libFuzzer binary given files runs each once and stops at the first
# sanitizer report, leak, timeout or out-of-memory: so each file runs alone,
# and every failure is listed (logs in $(BUILD)/fuzz/regress/).
FUZZ_REGRESS = $(sort $(wildcard tests/regress/*))
check-regress: $(FUZZ_BINS)
	@mkdir -p $(FUZZ_DIR)/regress; fail=0; total=0; \
	for f in $(FUZZ_REGRESS); do for n in $(FUZZ_NAMES); do \
	  total=$$((total + 1)); log=$(FUZZ_DIR)/regress/$$(basename "$$f").$$n.log; \
	  if ! $(FUZZ_ENV) $(FUZZ_DIR)/fuzz_$$n -timeout=10 -rss_limit_mb=2048 "$$f" \
	       </dev/null >"$$log" 2>&1; then \
	    fail=$$((fail + 1)); \
	    echo "check-regress: FAIL fuzz_$$n $$f: $$(grep -m1 -E '^SUMMARY' "$$log" | sed -E 's/^SUMMARY: //; s/ in *$$//' | cut -c1-90);$$(grep -m1 -oE ' in [A-Za-z_0-9]+ [^ ]*src/[^ ]+' "$$log" | sed 's|[^ ]*/src/|src/|')"; \
	  fi; \
	done; done; \
	echo "check-regress: $$((total - fail)) of $$total runs passed ($(words $(FUZZ_REGRESS)) inputs x $(words $(FUZZ_NAMES)) harnesses)"; \
	[ $$fail -eq 0 ]

# make check (and so CI) replays every finding, then fuzzes each harness
# for a minute.  A new finding there fails the check: the input is in
# $(BUILD)/fuzz/artifacts/ and belongs in tests/regress/ with its fix.
CHECK_EXTRA += check-regress fuzz-smoke

.DEFAULT_GOAL := $(if $(fuzz_saved_goal_),$(fuzz_saved_goal_),all)
