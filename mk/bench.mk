# bench.mk — `make bench`: speed and memory of deal on generated scenarios
# of 10k, 100k and 1M clauses, of two shapes (clauses spread over many
# products; many parties licensing few products), against a bare lexer and
# `wc -l`, plus the latency of one check and of adding one clause.  Writes
# bench/RESULTS.md.  Not part of `make check` (it takes minutes and needs
# gigabytes); each command is stopped after BENCH_TIMEOUT seconds (300).

# This file is included before `all:`; keep `all` the default goal.
bench_saved_goal := $(.DEFAULT_GOAL)

BENCH_DIR    := $(BUILD)/bench
BENCH_SIZES  := 10000 100000 1000000
BENCH_FILES  := $(BENCH_SIZES:%=$(BENCH_DIR)/clauses-%.deal) \
                $(BENCH_DIR)/clauses-1000000-d1.deal \
                $(BENCH_SIZES:%=$(BENCH_DIR)/many-parties-%.deal) \
                $(BENCH_DIR)/many-parties-1000000-d1.deal

.PHONY: bench-tools bench-force check-gen

# BENCH_BASE=REV (a git revision) also measures the deal of that revision,
# built from `git archive` in $(BENCH_DIR)/base, side by side with this
# one at 1M clauses (check, and run of the status quo plus 3 outcomes).
BENCH_BASE ?=
bench: deps $(BIN) $(BENCH_FILES) bench-tools $(if $(BENCH_BASE),bench-base)
	BENCH_BASE_DEAL=$(if $(BENCH_BASE),$(BENCH_DIR)/base/build/deal) \
	BENCH_BASE_REV=$(BENCH_BASE) bench/run.sh $(BUILD)

.PHONY: bench-base
bench-base: | $(BENCH_DIR)
	rm -rf $(BENCH_DIR)/base && mkdir -p $(BENCH_DIR)/base
	git archive $(BENCH_BASE) | tar -x -C $(BENCH_DIR)/base
	$(MAKE) -C $(BENCH_DIR)/base build/deal

bench-tools: $(BENCH_DIR)/lexonly.ok $(BENCH_DIR)/latency

$(BENCH_DIR):
	mkdir -p $@

# Generated once, with seed 1; only if missing (gen is order-only).
# The -d1 file has one dispute (three outcomes): `deal run` of it is the
# status quo plus three outcomes, measured rather than estimated.
$(BENCH_DIR)/clauses-1000000-d1.deal: | $(BUILD)/gen $(BENCH_DIR)
	$(BUILD)/gen --clauses 1000000 --seed 1 --disputes 1 -o $@.tmp
	mv $@.tmp $@

$(BENCH_DIR)/clauses-%.deal: | $(BUILD)/gen $(BENCH_DIR)
	$(BUILD)/gen --clauses $* --seed 1 -o $@.tmp
	mv $@.tmp $@

# The other shape: 2000 parties (fewer below 100k clauses), 300 products,
# 12 % of the norm clauses `only`, 3 disputes; its -d1 file has one dispute.
$(BENCH_DIR)/many-parties-1000000-d1.deal: | $(BUILD)/gen $(BENCH_DIR)
	$(BUILD)/gen --clauses 1000000 --seed 1 --shape many-parties --disputes 1 -o $@.tmp
	mv $@.tmp $@

$(BENCH_DIR)/many-parties-%.deal: | $(BUILD)/gen $(BENCH_DIR)
	$(BUILD)/gen --clauses $* --seed 1 --shape many-parties -o $@.tmp
	mv $@.tmp $@

# The generator keeps its default output byte for byte, and every shape it
# makes is a valid scenario whose expects hold (tests/gen/check.sh).
check-gen: deps $(BIN) $(BUILD)/gen
	@tests/gen/check.sh $(BUILD)

CHECK_EXTRA += check-gen

# bench/lexonly.l is regenerated from grammar/deal.l on every build and
# rewritten only when it differs, so it cannot drift from deal's tokens.
bench/lexonly.l: bench-force | $(BENCH_DIR)
	@sh bench/mklexonly.sh grammar/deal.l > $(BENCH_DIR)/lexonly.l.tmp
	@if cmp -s $(BENCH_DIR)/lexonly.l.tmp $@; then rm -f $(BENCH_DIR)/lexonly.l.tmp; \
	else mv $(BENCH_DIR)/lexonly.l.tmp $@; fi

bench-force:

$(BENCH_DIR)/lexonly.c: bench/lexonly.l | $(BENCH_DIR)
	flex -o $@ $<

$(BENCH_DIR)/lexonly: $(BENCH_DIR)/lexonly.c $(BUILD)/keywords.h
	$(CC) $(CSTD) $(CFLAGS) -I$(BUILD) -o $@ $<

# The scanner must count a small hand-checked file exactly.
$(BENCH_DIR)/lexonly.ok: $(BENCH_DIR)/lexonly bench/lexonly_test.deal bench/lexonly_test.expected
	$(BENCH_DIR)/lexonly bench/lexonly_test.deal > $(BENCH_DIR)/lexonly.out
	diff -u bench/lexonly_test.expected $(BENCH_DIR)/lexonly.out
	touch $@

$(BENCH_DIR)/latency: bench/latency.c $(LIB) $(wildcard src/*.h) | $(BENCH_DIR)
	$(CC) $(ALL_CFLAGS) $(WARN) -o $@ $< $(LIB)

.DEFAULT_GOAL := $(bench_saved_goal)
