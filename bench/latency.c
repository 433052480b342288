/* latency — how long one question and one added clause take once a
 * scenario is loaded (the REPL's and `deal query`'s per-answer cost).
 *
 *   latency FILE [CHECKS [ADDS]]      (defaults 1000 and 20)
 *
 * Loads FILE once (parse_file, resolve_program, model_new), then:
 *  check: parse_check + resolve_expect + check_expect of "S may A O" for the
 *         subject, action and object of the first agreement clause with a
 *         norm on a party — median of CHECKS runs;
 *  when:  the same with "when S may A O" (its periods over every day) —
 *         median of CHECKS / 5 runs;
 *  add:   parse_string of a new, uniquely named agreement with one clause
 *         into the same Program, resolve_program (incremental),
 *         model_sync, then one such check on the new clause's key —
 *         median of ADDS runs.
 * Prints "key", "load_s", "check_us_median/min/p90", "when_us_median/max",
 * "add_us_median/min/max" lines (microseconds), one "name value" per line
 * for bench/run.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ast.h"
#include "diag.h"
#include "check.h"
#include "mem.h"
#include "parse.h"
#include "print.h"
#include "resolve.h"

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* v sorted in place; the median (mean of the middle two when n is even). */
static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_d);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One check, timed: parse, resolve, evaluate.  Returns -1 on error. */
static double one_check(Program *p, Model *m, EvalScratch *x,
                        const char *text, int *holds) {
  double t0 = now_us();
  Expect *e = parse_check(p, "<bench>", text);
  if (!e || !resolve_expect(p, e)) return -1;
  CheckResult r = {0};
  check_expect(m, x, e, &r);
  bool err = r.error;
  *holds = r.holds;
  check_result_free(&r);
  double t = now_us() - t0;
  return err ? -1 : t;
}

/* "S may A [prep] O" for a body. */
static void key_text(char *out, size_t cap, const char *subj, const Action *a,
                     const char *obj) {
  const char *prep = a->prep ? print_prep(a->prep) : NULL;
  snprintf(out, cap, "%s may %s%s%s %s", subj, a->h.name->s, prep ? " " : "",
           prep ? prep : "", obj);
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 4) {
    fprintf(stderr, "usage: latency FILE [CHECKS [ADDS]]\n");
    return 2;
  }
  int nchecks = argc > 2 ? atoi(argv[2]) : 1000;
  int nadds = argc > 3 ? atoi(argv[3]) : 20;
  if (nchecks < 1 || nadds < 1) {
    fprintf(stderr, "latency: CHECKS and ADDS are positive\n");
    return 2;
  }
  State *S = state_new();
  if (!S) return 2;
  state_enter(S);  /* out of memory ends the process: a benchmark */
  Diag diag;
  diag_init(&diag, stderr, false);
  EvalScratch x = {0};
  double t0 = now_us();
  Program *p = parse_program_new(&diag);
  bool ok = parse_file(p, argv[1]);
  if (ok) ok = resolve_program(p);
  diag_flush(&diag);
  if (!ok) {
    fprintf(stderr, "latency: %s has errors\n", argv[1]);
    return 2;
  }
  Model *m = model_new(p);
  double load_s = (now_us() - t0) / 1e6;

  /* the key of the first agreement clause with a norm on a party */
  const Body *kb = NULL;
  for (uint32_t i = 0; i < p->nclauses && !kb; i++) {
    const Clause *c = p->clauses[i];
    const Body *b = c->body;
    if (c->agr && b && !b->is_flow && b->nsubj > 0 && b->subj[0].d &&
        b->subj[0].d->kind == K_PARTY && b->act && b->obj)
      kb = b;
  }
  if (!kb || p->nparties < 2) {
    fprintf(stderr, "latency: no agreement clause with a party subject\n");
    return 2;
  }
  char key[1024];
  key_text(key, sizeof key, kb->subj[0].name->s, kb->act,
           kb->object.name->s);
  printf("key %s\n", key);
  printf("clauses %u\n", p->nclauses);
  printf("load_s %.3f\n", load_s);

  int holds = 0;
  double *ct = malloc((size_t)nchecks * sizeof *ct);
  for (int i = 0; i < nchecks; i++) {
    ct[i] = one_check(p, m, &x, key, &holds);
    if (ct[i] < 0) {
      diag_flush(&diag);
      fprintf(stderr, "latency: the check '%s' failed\n", key);
      return 2;
    }
  }
  printf("check_holds %s\n", holds ? "yes" : "no");
  double cmed = median(ct, nchecks);
  printf("check_us_median %.1f\n", cmed);
  printf("check_us_min %.1f\n", ct[0]);
  printf("check_us_p90 %.1f\n", ct[(nchecks * 9) / 10]);
  fflush(stdout);

  /* `when` of the same key: its change dates, one evaluation per interval
   * between them (src/when.c) — median of a fifth as many */
  char wkey[1100];
  snprintf(wkey, sizeof wkey, "when %s", key);
  int nwhen = nchecks / 5 > 0 ? nchecks / 5 : 1;
  double *wt = malloc((size_t)nwhen * sizeof *wt);
  for (int i = 0; i < nwhen; i++) {
    wt[i] = one_check(p, m, &x, wkey, &holds);
    if (wt[i] < 0) {
      diag_flush(&diag);
      fprintf(stderr, "latency: the check '%s' failed\n", wkey);
      return 2;
    }
  }
  printf("when_us_median %.1f\n", median(wt, nwhen));
  printf("when_us_max %.1f\n", wt[nwhen - 1]);
  free(wt);
  fflush(stdout);

  /* add one clause to a new agreement between two parties of the file,
   * on the same action and object, then ask about its key */
  const char *pa = p->parties[0]->h.name->s, *pb = p->parties[1]->h.name->s;
  double *at = malloc((size_t)nadds * sizeof *at);
  char text[2048], nkey[1024], agname[64];
  key_text(nkey, sizeof nkey, pb, kb->act, kb->object.name->s);
  for (int i = 0; i < nadds; i++) {
    int k = 0;
    do snprintf(agname, sizeof agname, "ZBenchAdded%d_%d", i, k++);
    while (intern_find(&p->names, agname, strlen(agname)));
    const char *prep = kb->act->prep ? print_prep(kb->act->prep) : NULL;
    snprintf(text, sizeof text,
             "agreement %s between %s, %s signed 2000-01-01 {\n"
             "  clause added: %s may %s%s%s %s;\n}\n",
             agname, pa, pb, pb, kb->act->h.name->s, prep ? " " : "",
             prep ? prep : "", kb->object.name->s);
    double s0 = now_us();
    bool aok = parse_string(p, "<bench-add>", text, strlen(text), false, NULL,
                            NULL);
    if (aok) aok = resolve_program(p);
    if (aok) model_sync(m);
    double tc = aok ? one_check(p, m, &x, nkey, &holds) : -1;
    if (tc < 0) {
      diag_flush(&diag);
      fprintf(stderr, "latency: adding or checking failed:\n%s", text);
      return 2;
    }
    at[i] = now_us() - s0;
  }
  printf("add_key %s\n", nkey);
  printf("add_holds %s\n", holds ? "yes" : "no");
  double amed = median(at, nadds);
  printf("add_us_median %.1f\n", amed);
  printf("add_us_min %.1f\n", at[0]);
  printf("add_us_max %.1f\n", at[nadds - 1]);
  free(ct);
  free(at);
  eval_scratch_free(&x);
  model_free(m);
  parse_program_free(p);
  diag_free(&diag);
  return 0;
}
