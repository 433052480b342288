/* test_pipe: a large file is scanned in a thread of its own (lex.c).  The
 * same text parsed from a file (the thread) and from memory (one thread)
 * must give the same tree and the same diagnostics, in the same order,
 * wherever the errors are: a lexical error hands the scanner back to the
 * parser's thread mid-file, the error cap stops the parse while the
 * thread runs ahead, an include pauses it. */
#include <unistd.h>

#include "print.h"
#include "unit.h"

static char dir[] = "/tmp/deal-test-pipe-XXXXXX";

/* A scenario of about n agreements (~115 bytes of clauses each), with
 * `fault` written in place of agreement k's first clause, for each k of
 * faults[] (0-terminated). */
static char *scenario(int n, const int *faults, const char *fault) {
  StrBuf b;
  sb_init(&b);
  sb_puts(&b, "scenario \"pipe\" as of 2026-01-01;\n# parties\n");
  for (int i = 1; i <= 40; i++) sb_printf(&b, "party P%d \"Party %d\";\n", i, i);
  sb_puts(&b, "product Model;\nproduct Chips;\nfact F1 = true;\n");
  for (int k = 1; k <= n; k++) {
    bool bad = false;
    for (const int *f = faults; f && *f; f++) bad |= *f == k;
    sb_printf(&b, "agreement A%d between P%d, P%d signed 2020-01-01 {\n", k,
              k % 40 + 1, (k * 7) % 40 + 1);
    if (bad) sb_printf(&b, "  %s\n", fault);
    else sb_printf(&b, "  clause c1: P%d may host Model until 2030-01-01;\n", k % 40 + 1);
    sb_printf(&b, "  clause c2: P%d pays P%d $%dM if F1;  # note %d\n",
              (k * 7) % 40 + 1, k % 40 + 1, k % 900 + 1, k);
    sb_printf(&b, "  clause c3: only P%d may sell Chips overrides c1;\n", k % 40 + 1);
    sb_puts(&b, "}\n");
  }
  char *s = strdup(b.s);
  sb_free(&b);
  return s;
}

static char *write_file(const char *name, const char *text) {
  char *path = malloc(strlen(dir) + strlen(name) + 2);
  sprintf(path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fputs(text, f);
  fclose(f);
  return path;
}

static char *program_text(const Program *p) {
  StrBuf b;
  sb_init(&b);
  PrintOpts o = {-1, false};
  print_program(&b, p, &o);
  char *s = strdup(b.s ? b.s : "");
  sb_free(&b);
  return s;
}

/* Parses text from a file and from memory under the same name; both must
 * agree.  Returns the diagnostics, for the caller to look at. */
static char *same_both_ways(const char *text, bool want_ok) {
  CU_ASSERT_FATAL(strlen(text) > DEAL_PIPE_MIN);
  char *path = write_file("big.deal", text);
  T *f = t_parse_file(path);
  T *m = t_parse_named(path, text, strlen(text));
  CU_ASSERT_EQUAL(f->parse_ok, want_ok);
  CU_ASSERT_EQUAL(m->parse_ok, want_ok);
  CU_ASSERT_EQUAL(f->p->nclauses, m->p->nclauses);
  CU_ASSERT_EQUAL(f->p->ndecls, m->p->ndecls);
  CU_ASSERT_EQUAL(f->p->syntax_errors, m->p->syntax_errors);
  CU_ASSERT_EQUAL(f->d.errors, m->d.errors);
  char *pf = program_text(f->p), *pm = program_text(m->p);
  CU_ASSERT_STRING_EQUAL(pf, pm);
  char *df = strdup(t_flush_text(f)), *dm = strdup(t_flush_text(m));
  CU_ASSERT_STRING_EQUAL(df, dm);
  if (strcmp(df, dm) != 0) fprintf(stderr, "\nfile:\n%s\nmemory:\n%s\n", df, dm);
  free(pf);
  free(pm);
  free(dm);
  t_free(f);
  t_free(m);
  unlink(path);
  free(path);
  return df;
}

static void test_pipe_clean_file(void) {
  char *s = scenario(3000, NULL, NULL);
  free(same_both_ways(s, true));
  free(s);
}

/* the thread stops at the bad byte and the parser's thread goes on */
static void test_pipe_lexical_error_mid_file(void) {
  int at[] = {1700, 0};
  char *s = scenario(3000, at, "clause c1: P1 may host Model @;");
  char *d = same_both_ways(s, false);
  CU_ASSERT_PTR_NOT_NULL(strstr(d, "unexpected character"));
  free(d);
  free(s);
}

static void test_pipe_lexical_error_first_and_last(void) {
  int at[] = {1, 3000, 0};
  char *s = scenario(3000, at, "clause c1: P1 pays P2 $12Q;");
  free(same_both_ways(s, false));
  free(s);
}

/* a syntax error first: the parser reports while the thread runs on */
static void test_pipe_syntax_then_lexical_errors(void) {
  int at[] = {5, 2500, 0};
  char *s = scenario(3000, at, "clause c1: P1 may may host Model;");
  size_t n = strlen(s);
  char *t = malloc(n + 64);
  memcpy(t, s, n);
  strcpy(t + n, "party \"unterminated\n");
  free(same_both_ways(t, false));
  free(t);
  free(s);
}

/* past the error cap the parse stops; the thread is stopped with it */
static void test_pipe_error_cap(void) {
  int at[200];
  for (int i = 0; i < 199; i++) at[i] = 10 + i * 13;
  at[199] = 0;
  char *s = scenario(3000, at, "clause c1: P1 may host Model; ~");
  char *d = same_both_ways(s, false);
  CU_ASSERT_PTR_NOT_NULL(strstr(d, "error"));
  free(d);
  free(s);
}

/* an include mid-file pauses the thread; the included file's names and
 * the rest of the big file's come out as in one thread */
static void test_pipe_include_mid_file(void) {
  char *inc = write_file("small.deal", "party Q1;\nproduct Extra owned by Q1;\n"
                                       "agreement Inc between Q1, P1 signed 2020-01-01 {\n"
                                       "  clause i1: Q1 may host Extra;\n}\n");
  char *s = scenario(3000, NULL, NULL);
  char *mid = strstr(s + strlen(s) / 2, "agreement ");
  CU_ASSERT_PTR_NOT_NULL_FATAL(mid);
  size_t head = (size_t)(mid - s);
  char *t = malloc(strlen(s) + 64);
  memcpy(t, s, head);
  strcpy(t + head, "include \"small.deal\";\n");
  strcat(t, mid);
  char *d = same_both_ways(t, true);
  if (*d) fprintf(stderr, "%s\n", d);
  free(d);
  free(t);
  free(s);
  unlink(inc);
  free(inc);
}

static const UnitTest tests[] = {
    UNIT_TEST(test_pipe_clean_file),
    UNIT_TEST(test_pipe_lexical_error_mid_file),
    UNIT_TEST(test_pipe_lexical_error_first_and_last),
    UNIT_TEST(test_pipe_syntax_then_lexical_errors),
    UNIT_TEST(test_pipe_error_cap),
    UNIT_TEST(test_pipe_include_mid_file),
};

int main(int argc, char **argv) {
  if (!mkdtemp(dir)) return 1;
  int rc = unit_run("pipe", tests, sizeof tests / sizeof *tests, argc, argv);
  rmdir(dir);
  return rc;
}
