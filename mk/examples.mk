# examples.mk — examples/*.c built against build/libdeal.a and deal.h
# alone, and run by `make check` (each exits non-zero on a failure).

examples_saved_goal := $(.DEFAULT_GOAL)

EXAMPLES := $(patsubst examples/%.c,$(BUILD)/examples/%,$(wildcard examples/*.c))

.PHONY: examples check-examples

$(BUILD)/examples/%: examples/%.c src/deal.h $(LIB)
	@mkdir -p $(BUILD)/examples
	@echo "  CC    $<"
	@$(CC) $(CSTD) $(CFLAGS) $(SAN) $(WARN) -Isrc -o $@ $< $(LIB)

examples: $(EXAMPLES)

check-examples: deps $(EXAMPLES)
	@for e in $(EXAMPLES); do \
	  $$e >$(BUILD)/examples/$$(basename $$e).out 2>&1 || \
	    { cat $(BUILD)/examples/$$(basename $$e).out; echo "FAIL: $$e"; exit 1; }; \
	  echo "check-examples: $$e ok"; \
	done

CHECK_EXTRA += check-examples

.DEFAULT_GOAL := $(examples_saved_goal)
