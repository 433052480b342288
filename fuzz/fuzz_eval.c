/* fuzz_eval: libFuzzer harness for the whole `deal run` pipeline.
 *
 * Parses the input as "fuzz.deal", resolves it (unless it has syntax
 * errors, as `deal` does), and when it is free of errors builds the model,
 * the status-quo world and one world per outcome at the default date, and
 * runs the report, the queries written in the file and every `expect`
 * (verbose, with explanations) into /dev/null; then frees everything.
 * Like src/main.c, only loading runs under a MemGuard: an unguarded
 * mem_throw past it aborts, and so is found. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "eval.h"
#include "explain.h"
#include "mem.h"
#include "parse.h"
#include "report.h"
#include "resolve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

static void run(Model *m) {
  Program *p = m->p;
  int32_t date = resolve_default_date(p);
  uint32_t nw = 0;
  World **ws = mem_alloc((p->noutcomes + 1) * sizeof *ws);
  ws[nw++] = eval_world_new(m, NULL, 0, date);
  for (uint32_t i = 0; i < p->noutcomes; i++)
    ws[nw++] = eval_world_new(m, &p->outcomes[i], 1, date);
  ReportOpts ro = {false, false};
  report_run(devnull, m, ws, nw, &ro);
  for (uint32_t i = 0; i < p->nexpects; i++) {
    const Expect *e = p->expects[i];
    if (e->kind != E_QUERY) continue;
    CheckResult r;
    eval_check(m, e, &r);
    ExplainOpts eo = {false, "  "};
    explain_check(devnull, m, e, &r, &eo);
    eval_check_result_free(&r);
  }
  report_expects(devnull, m, true, false);
  for (uint32_t k = 0; k < nw; k++) eval_world_free(ws[k]);
  mem_free(ws);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!devnull && !(devnull = fopen("/dev/null", "w"))) abort();
  Diag d;
  diag_init(&d, devnull, false);
  Program *volatile p = NULL;
  Model *volatile m = NULL;
  MemGuard g;
  if (!MEM_TRY(&g)) {
    /* Nothing in a fuzz run should exhaust memory short of the RSS limit. */
    fputs("fuzz_eval: out of memory while loading\n", stderr);
    abort();
  }
  p = parse_program_new(&d);
  bool ok = parse_string(p, "fuzz.deal", (const char *)data, size, false,
                         NULL, NULL);
  if (p->syntax_errors == 0) ok = resolve_program(p) && ok;
  diag_flush(&d);
  if (ok) m = eval_model_new(p);
  mem_guard_pop(&g);
  if (m) run(m);
  eval_model_free(m);
  parse_program_free(p);
  diag_free(&d);
  return 0;
}
