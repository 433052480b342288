/* unit.h: shared helpers of the CUnit suites in tests/unit/.
 *
 * Everything here is static (the project builds with -Wmissing-prototypes)
 * and marked unused, so a suite may use any subset of it.
 *
 *   T *t = t_load("party A; ...");      parse + resolve + model
 *   CU_ASSERT_EQUAL(t_check(t, "A may host X under o1"), 1);
 *   CU_ASSERT_EQUAL(t_status(t, "A", "host", "X", NULL, 0), ST_PERMITTED);
 *   CU_ASSERT(t_has(t, DIAG_ERROR, 3, 7, "unknown party"));
 *   t_free(t);
 *
 * Diagnostics stay collected in t->d.msgs (never flushed by the helpers
 * except through t_flush_text), so tests can inspect the location and text
 * of each.  With UNIT_DIAG=1 in the environment, t_free prints them. */
#ifndef DEAL_UNIT_H
#define DEAL_UNIT_H

#include <CUnit/Basic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "diag.h"
#include "check.h"
#include "lex.h"
#include "literal.h"
#include "mem.h"
#include "par.h"
#include "parse.h"
#include "resolve.h"
#include "session.h"

#define UNIT_FN static __attribute__((unused))

typedef struct T {
  Diag d;
  FILE *out;        /* open_memstream: what diag_flush prints */
  char *outbuf;
  size_t outlen;
  Program *p;
  Model *m;
  bool parse_ok;    /* parse_string succeeded with no error */
  bool resolve_ok;  /* resolve_program ran and found no error */
} T;

/* Parses text as the file "t.deal" (no resolve). */
UNIT_FN T *t_parse_named(const char *name, const char *text, size_t len) {
  T *t = calloc(1, sizeof *t);
  t->out = open_memstream(&t->outbuf, &t->outlen);
  diag_init(&t->d, t->out, false);
  t->p = parse_program_new(&t->d);
  t->parse_ok = parse_string(t->p, name, text, len, false, NULL, NULL);
  return t;
}

UNIT_FN T *t_parse(const char *text) {
  return t_parse_named("t.deal", text, strlen(text));
}

/* Parses text as "t.deal" keeping its layout (comments, blank lines,
 * block ends), as deal fmt does. */
UNIT_FN T *t_parse_layout(const char *text) {
  T *t = calloc(1, sizeof *t);
  t->out = open_memstream(&t->outbuf, &t->outlen);
  diag_init(&t->d, t->out, false);
  t->p = parse_program_new(&t->d);
  t->p->keep_comments = true;
  t->parse_ok = parse_string(t->p, "t.deal", text, strlen(text), false, NULL,
                             NULL);
  return t;
}

/* Parses a file from disk (includes are resolved relative to it). */
UNIT_FN T *t_parse_file(const char *path) {
  T *t = calloc(1, sizeof *t);
  t->out = open_memstream(&t->outbuf, &t->outlen);
  diag_init(&t->d, t->out, false);
  t->p = parse_program_new(&t->d);
  t->parse_ok = parse_file(t->p, path);
  return t;
}

/* As `deal` does: resolve unless there was a syntax error (the tree has
 * holes then; lexical errors still resolve), and build the model when
 * nothing at all went wrong. */
UNIT_FN void t_finish(T *t) {
  if (t->p->syntax_errors == 0) t->resolve_ok = resolve_program(t->p);
  if (t->parse_ok && t->resolve_ok && t->d.errors == 0)
    t->m = model_new(t->p);
}

/* Parse + resolve + model, like `deal` does for a file. */
UNIT_FN T *t_load(const char *text) {
  T *t = t_parse(text);
  t_finish(t);
  return t;
}

UNIT_FN T *t_load_len(const char *text, size_t len) {
  T *t = t_parse_named("t.deal", text, len);
  t_finish(t);
  return t;
}

UNIT_FN void t_free(T *t) {
  if (!t) return;
  if (getenv("UNIT_DIAG")) {
    t->d.out = stderr;
    diag_flush(&t->d);
  }
  model_free(t->m);
  parse_program_free(t->p);
  diag_free(&t->d);
  fclose(t->out);
  free(t->outbuf);
  free(t);
}

/* Prints and forgets the collected diagnostics; returns all printed so far. */
UNIT_FN const char *t_flush_text(T *t) {
  diag_flush(&t->d);
  fflush(t->out);
  return t->outbuf ? t->outbuf : "";
}

/* Number of collected messages of a level whose text contains sub (NULL:
 * any). */
UNIT_FN int t_count(const T *t, DiagLevel lv, const char *sub) {
  int n = 0;
  for (uint32_t i = 0; i < t->d.nmsgs; i++)
    if (t->d.msgs[i].level == lv && (!sub || strstr(t->d.msgs[i].text, sub)))
      n++;
  return n;
}

/* Is there a message of this level at LINE:COL (0: any) whose text contains
 * sub (NULL: any)? */
UNIT_FN bool t_has(const T *t, DiagLevel lv, uint32_t line, uint32_t col,
                   const char *sub) {
  for (uint32_t i = 0; i < t->d.nmsgs; i++) {
    const DiagMsg *m = &t->d.msgs[i];
    if (m->level != lv) continue;
    if (line && m->loc.line != line) continue;
    if (col && m->loc.col != col) continue;
    if (sub && !strstr(m->text, sub)) continue;
    return true;
  }
  return false;
}

/* The first message of a level (NULL if none), for precise assertions. */
UNIT_FN const DiagMsg *t_first(const T *t, DiagLevel lv) {
  const DiagMsg *best = NULL;
  for (uint32_t i = 0; i < t->d.nmsgs; i++) {
    const DiagMsg *m = &t->d.msgs[i];
    if (m->level != lv) continue;
    if (!best || m->loc.line < best->loc.line ||
        (m->loc.line == best->loc.line && m->loc.col < best->loc.col))
      best = m;
  }
  return best;
}

/* Prints the collected messages to stderr (when a test needs debugging). */
UNIT_FN void t_dump(const T *t) {
  for (uint32_t i = 0; i < t->d.nmsgs; i++)
    fprintf(stderr, "  [%u:%u] %s: %s\n", t->d.msgs[i].loc.line,
            t->d.msgs[i].loc.col,
            t->d.msgs[i].level == DIAG_ERROR ? "error" : "warning",
            t->d.msgs[i].text);
}

/* Evaluates one check, written as after `expect` (with optional under, at,
 * with probability).  1: holds, 0: does not, -1: the check or the program
 * has an error. */
UNIT_FN int t_check(T *t, const char *check) {
  if (!t->m) return -1;
  int before = t->d.errors;
  Expect *e = parse_check(t->p, "<q>", check);
  if (!e || !resolve_expect(t->p, e) || t->d.errors != before) return -1;
  EvalScratch x = {0};
  CheckResult r = {0};
  check_expect(t->m, &x, e, &r);
  int v = r.error ? -1 : r.holds ? 1 : 0;
  check_result_free(&r);
  eval_scratch_free(&x);
  return v;
}

/* The weight that eval_check found for a `with probability` check (as
 * CheckResult.weight_ppm), or -1 on error. */
UNIT_FN int64_t t_weight(T *t, const char *check) {
  if (!t->m) return -1;
  int before = t->d.errors;
  Expect *e = parse_check(t->p, "<q>", check);
  if (!e || !resolve_expect(t->p, e) || t->d.errors != before) return -1;
  EvalScratch x = {0};
  CheckResult r = {0};
  check_expect(t->m, &x, e, &r);
  int64_t v = r.error ? -1 : r.weight_ppm;
  check_result_free(&r);
  eval_scratch_free(&x);
  return v;
}

UNIT_FN Decl *t_decl(const T *t, const char *name) {
  Name *n = intern_find(&t->p->names, name, strlen(name));
  return n ? n->decl : NULL;
}

/* Party index of a party or alias name, -1 if none. */
UNIT_FN int32_t t_party(const T *t, const char *name) {
  Decl *d = t_decl(t, name);
  if (!d) return -1;
  if (d->kind == K_ALIAS) return ((Alias *)d)->party->h.index;
  return d->kind == K_PARTY ? d->index : -1;
}

/* Runs fn(arg) as a protected call of the suite's State: 0, or -1 when
 * memory ran out. */
UNIT_FN int t_protect(void (*fn)(void *), void *arg) {
  return state_call(state_current(), fn, arg);
}

/* The threads a parallel-for may use and the size from which it shares
 * work (par.h reads both from the environment at each call): threads 1
 * runs everything in this thread; min 2 shares even the smallest work. */
UNIT_FN void t_threads(int threads, unsigned min) {
  char b[32];
  snprintf(b, sizeof b, "%d", threads);
  setenv("DEAL_THREADS", b, 1);
  if (min) {
    snprintf(b, sizeof b, "%u", min);
    setenv("DEAL_PAR_MIN", b, 1);
  } else {
    unsetenv("DEAL_PAR_MIN");
  }
}

/* A world choosing the outcomes of a comma-separated list (NULL or "":
 * the status quo) at date (0: the default date).  NULL if a name is not an
 * outcome. */
UNIT_FN World *t_world(T *t, const char *under, int32_t date) {
  if (!t->m) return NULL;
  Session s = {.p = t->p, .m = t->m};
  Outcome **chosen;
  uint32_t n;
  char err[400];
  if (!session_outcomes(&s, under, &chosen, &n, err, sizeof err)) return NULL;
  World *w = world_new(t->m, chosen, n, date ? date : resolve_default_date(t->p));
  mem_free(chosen);
  return w;
}

/* The worlds of a report: the status quo, then each outcome alone, at the
 * default date (at most max); returns how many (world_free each). */
UNIT_FN uint32_t t_report_worlds(T *t, World **ws, uint32_t max) {
  uint32_t nw = 0;
  ws[nw++] = t_world(t, NULL, 0);
  for (uint32_t i = 0; i < t->p->noutcomes && nw < max; i++)
    ws[nw++] = world_new(t->m, &t->p->outcomes[i], 1,
                         resolve_default_date(t->p));
  return nw;
}

/* The status of one key (party, action, object) in a world as t_world;
 * -1 if a name is unknown. */
UNIT_FN int t_status(T *t, const char *party, const char *action,
                     const char *obj, const char *under, int32_t date) {
  int32_t pi = t_party(t, party);
  Decl *a = t_decl(t, action), *o = t_decl(t, obj);
  if (pi < 0 || !a || a->kind != K_ACTION || !o) return -1;
  if (o->kind == K_ALIAS) o = &((Alias *)o)->party->h;
  World *w = t_world(t, under, date);
  if (!w) return -1;
  EvalScratch x = {0};
  KeyResult r = {0};
  eval_key(w, &x, pi, (Action *)a, o, &r);
  int st = (int)r.st;
  eval_key_free(&r);
  eval_scratch_free(&x);
  world_free(w);
  return st;
}

#ifndef DEAL_GEN
#define DEAL_GEN "build/gen"
#endif

/* The text tools/gen writes for these arguments (malloc'd). */
UNIT_FN char *t_gen(const char *args, size_t *len) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "%s %s", DEAL_GEN, args);
  FILE *f = popen(cmd, "r");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  size_t cap = 1 << 16, n = 0;
  char *s = malloc(cap);
  for (size_t k; (k = fread(s + n, 1, cap - n, f)) > 0;) {
    n += k;
    if (n == cap) s = realloc(s, cap *= 2);
  }
  CU_ASSERT_EQUAL(pclose(f), 0);
  *len = n;
  return s;
}

/* Writes text to path; true on success. */
UNIT_FN bool t_write(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  if (!f) return false;
  size_t n = strlen(text);
  bool ok = fwrite(text, 1, n, f) == n;
  return fclose(f) == 0 && ok;
}

/* ---- running a suite ---- */

typedef struct UnitTest {
  const char *name;
  void (*fn)(void);
} UnitTest;

#define UNIT_TEST(f) {#f, f}

/* Registers the tests in one suite, runs them (those whose name contains
 * argv[1] when given) and returns the exit status: 0 when every assertion
 * passed, 1 otherwise (CU_basic_run_tests alone does not say). */
UNIT_FN int unit_run(const char *suite, const UnitTest *tests, size_t n,
                     int argc, char **argv) {
  /* the suite's own State: the engine allocates in the current one */
  State *S = state_new();
  if (!S) return 2;
  state_enter(S);
  if (CU_initialize_registry() != CUE_SUCCESS) {
    fprintf(stderr, "%s: cannot initialise CUnit\n", suite);
    return 2;
  }
  CU_pSuite s = CU_add_suite(suite, NULL, NULL);
  if (!s) {
    CU_cleanup_registry();
    return 2;
  }
  for (size_t i = 0; i < n; i++) {
    if (argc > 1 && !strstr(tests[i].name, argv[1])) continue;
    if (!CU_add_test(s, tests[i].name, tests[i].fn)) {
      CU_cleanup_registry();
      return 2;
    }
  }
  CU_basic_set_mode(getenv("UNIT_VERBOSE") ? CU_BRM_VERBOSE : CU_BRM_NORMAL);
  CU_ErrorCode rc = CU_basic_run_tests();
  unsigned failed = CU_get_number_of_tests_failed();
  unsigned failures = CU_get_number_of_failures();
  unsigned run = CU_get_number_of_tests_run();
  CU_cleanup_registry();
  if (rc != CUE_SUCCESS) return 2;
  if (failed || failures) {
    fprintf(stderr, "%s: %u of %u tests failed (%u assertions)\n", suite,
            failed, run, failures);
    return 1;
  }
  return 0;
}

#define UNIT_MAIN(suite, table)                                              \
  int main(int argc, char **argv) {                                          \
    return unit_run(suite, table, sizeof(table) / sizeof *(table), argc,     \
                    argv);                                                   \
  }

#endif
