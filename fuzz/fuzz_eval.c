/* fuzz_eval: libFuzzer harness for the whole `deal run` pipeline.
 *
 * Parses the input as "fuzz.deal", resolves it (unless it has syntax
 * errors, as `deal` does), and when it is free of errors builds the model,
 * the status-quo world and one world per outcome at the default date, and
 * runs the report, the queries written in the file, every `expect`
 * (verbose, with explanations) and the timeline into /dev/null; then
 * frees everything.
 * Each part is a protected call of the harness's State: running out of
 * memory aborts, and so is found. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "mem.h"
#include "report.h"
#include "session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The harness's own: the sink and the State every input runs in. */
static FILE *devnull;
static State *S;

struct load {
  const char *data;
  size_t size;
  Session *s;
  bool ok;
};

static void worlds_free(void *v) {
  struct { World **ws; uint32_t n; } *l = v;
  session_worlds_free(l->ws, l->n);
}

/* Every report of every world, the queries and the expects. */
static void run_fn(void *v) {
  Session *s = v;
  char err[400];
  uint32_t nw = 0;
  World **ws = session_report_worlds(s, NULL, NULL, false, &nw, err, sizeof err);
  if (!ws) return;
  Defer dw;
  struct { World **ws; uint32_t n; } wl = {ws, nw};
  mem_defer(&dw, (void (*)(void *))worlds_free, &wl);
  RunOpts ro = {RUN_ROWS_DIFF, true};
  RunData *d = rundata_build(s->m, ws, nw, &ro);
  Defer dd;
  mem_defer(&dd, (void (*)(void *))rundata_free, d);
  ReportOpts rp = {false, false, "fuzz.deal"};
  report_text(devnull, d, &rp);
  report_text_tail(devnull, s->m, false);
  report_json(devnull, d, &rp);
  report_expects(devnull, s->m, true, false);
  report_timeline(devnull, s->m, ws, nw, TIMELINE_TEXT, &rp);
  mem_undefer(&dd, true);
  mem_undefer(&dw, true);
}

static void load_fn(void *v) {
  struct load *l = v;
  SessionOpts so = {devnull, false, false, false};
  l->s = session_new(&so);
  l->ok = session_load_text(l->s, "fuzz.deal", l->data, l->size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!devnull && !(devnull = fopen("/dev/null", "w"))) abort();
  if (!S && !(S = state_new())) abort();
  struct load l = {(const char *)data, size, NULL, false};
  /* Nothing in a fuzz run should exhaust memory short of the RSS limit:
   * an unwind is a finding */
  if (state_call(S, load_fn, &l) != 0) {
    fputs("fuzz_eval: out of memory while loading\n", stderr);
    abort();
  }
  if (l.ok && state_call(S, run_fn, l.s) != 0) {
    fputs("fuzz_eval: out of memory while evaluating\n", stderr);
    abort();
  }
  state_call(S, (void (*)(void *))session_free, l.s);
  return 0;
}
