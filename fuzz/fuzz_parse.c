/* fuzz_parse: libFuzzer harness for the scanner and parser.
 *
 * The input bytes are parsed as one file named "fuzz.deal" (an `include`
 * in it resolves against the current directory); the diagnostics are
 * printed, source line and caret included, into /dev/null; everything is
 * freed.  Built by mk/fuzz.mk (`make fuzz`, `make check-regress`). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "mem.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;
/* Every input runs in this State, outside any protected call: running out
 * of memory aborts, and so is found. */
static State *S;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!devnull && !(devnull = fopen("/dev/null", "w"))) abort();
  if (!S) {
    if (!(S = state_new())) abort();
    state_enter(S);
  }
  Diag d;
  diag_init(&d, devnull, false);
  Program *p = parse_program_new(&d);
  parse_string(p, "fuzz.deal", (const char *)data, size, false, NULL, NULL);
  diag_flush(&d);
  parse_program_free(p);
  diag_free(&d);
  return 0;
}
