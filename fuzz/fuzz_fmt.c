/* fuzz_fmt: libFuzzer harness for the `deal fmt` round trip.
 *
 * An input that parses and resolves without error is printed in the
 * canonical layout (comments kept); the printed text must parse and
 * resolve without error too, keep the same declarations, clauses and
 * expects, and print to itself again (idempotence).  Any difference
 * aborts, which libFuzzer reports as a crash. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "mem.h"
#include "parse.h"
#include "print.h"
#include "resolve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;
/* Every input runs in this State, outside any protected call: running out
 * of memory aborts, and so is found. */
static State *S;

typedef struct Loaded {
  Diag d;
  Program *p;
  bool ok;
} Loaded;

static void load(Loaded *l, const char *text, size_t len) {
  diag_init(&l->d, devnull, false);
  l->p = parse_program_new(&l->d);
  l->p->keep_comments = true;
  l->ok = parse_string(l->p, "fuzz.deal", text, len, false, NULL, NULL);
  if (l->p->syntax_errors == 0) l->ok = resolve_program(l->p) && l->ok;
  l->ok = l->ok && l->d.errors == 0;
  diag_flush(&l->d);
}

static void unload(Loaded *l) {
  parse_program_free(l->p);
  diag_free(&l->d);
}

static void print(const Program *p, StrBuf *b) {
  sb_init(b);
  PrintOpts o = {0, true};
  print_program(b, p, &o);
}

static bool contains(const uint8_t *d, size_t n, const char *w) {
  size_t k = strlen(w);
  for (size_t i = 0; i + k <= n; i++)
    if (memcmp(d + i, w, k) == 0) return true;
  return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!devnull && !(devnull = fopen("/dev/null", "w"))) abort();
  if (!S) {
    if (!(S = state_new())) abort();
    state_enter(S);
  }
  /* includes would make the round trip depend on other files */
  if (contains(data, size, "include")) return 0;
  Loaded a;
  load(&a, (const char *)data, size);
  if (!a.ok) {
    unload(&a);
    return 0;
  }
  StrBuf t1, t2;
  print(a.p, &t1);
  Loaded b;
  load(&b, t1.s ? t1.s : "", t1.n);
  if (!b.ok) abort();  /* the formatter wrote something that is not valid */
  if (a.p->ndecls != b.p->ndecls || a.p->nclauses != b.p->nclauses ||
      a.p->nexpects != b.p->nexpects || a.p->noutcomes != b.p->noutcomes)
    abort();           /* it lost or invented a statement */
  print(b.p, &t2);
  if (t1.n != t2.n || memcmp(t1.s ? t1.s : "", t2.s ? t2.s : "", t1.n) != 0)
    abort();           /* fmt(fmt(x)) != fmt(x) */
  sb_free(&t1);
  sb_free(&t2);
  unload(&a);
  unload(&b);
  return 0;
}
