/* test_when: change dates, intervals and maximal periods (src/when.c),
 * `when CHECK` and `expect when` (LANGUAGE.md section 11), and the
 * property that `when` and `at DAY` agree: on scenarios from tools/gen
 * with dates, for random checks and random days, a day inside a period
 * of the answer holds when asked `at` that day, and a day outside does
 * not. */
#include "explain.h"
#include "print.h"
#include "unit.h"
#include "when.h"


/* Asks `when CHECK`: the result (check_result_free it); r.error when the
 * check does not parse or resolve. */
static CheckResult ask(T *t, const char *check, EvalScratch *x) {
  CheckResult r = {0};
  char q[1200];
  snprintf(q, sizeof q, "when %s", check);
  int before = t->d.errors;
  Expect *e = t->m ? parse_check(t->p, "<q>", q) : NULL;
  if (!e || !resolve_expect(t->p, e) || t->d.errors != before) {
    r.error = true;
    return r;
  }
  check_expect(t->m, x, e, &r);
  return r;
}

/* The ANSWER of `when CHECK` as text, into buf ("error" on error). */
static const char *answer(T *t, const char *check, char *buf, size_t cap) {
  EvalScratch x = {0};
  CheckResult r = ask(t, check, &x);
  if (r.error || !r.when) {
    snprintf(buf, cap, "error");
  } else {
    StrBuf b;
    sb_init(&b);
    print_periods(&b, r.when->v, r.when->n);
    snprintf(buf, cap, "%s", b.s);
    sb_free(&b);
  }
  check_result_free(&r);
  eval_scratch_free(&x);
  return buf;
}

#define ANSWER_IS(t, check, want)                                            \
  do {                                                                       \
    char b_[512];                                                            \
    const char *got_ = answer(t, check, b_, sizeof b_);                      \
    if (strcmp(got_, want)) fprintf(stderr, "\n  when %s: %s\n", check, got_); \
    CU_ASSERT_STRING_EQUAL(got_, want);                                      \
  } while (0)

static const char *base =
    "party A; party B; party C; group bc = B, C;\n"
    "action sell;\n"
    "product W owned by A;\n"
    "fact f = false;\n";

static T *load_with(const char *more) {
  size_t n = strlen(base) + strlen(more) + 1;
  char *s = malloc(n);
  snprintf(s, n, "%s%s", base, more);
  T *t = t_load(s);
  free(s);
  if (!t->m) t_dump(t);
  return t;
}

/* ---- the calendar ---- */

static void test_when_days(void) {
  CU_ASSERT_EQUAL(lit_day_next(20241231), 20250101);
  CU_ASSERT_EQUAL(lit_day_next(20240228), 20240229);
  CU_ASSERT_EQUAL(lit_day_next(21000228), 21000301);
  CU_ASSERT_EQUAL(lit_day_prev(20240301), 20240229);
  CU_ASSERT_EQUAL(lit_day_prev(20230301), 20230228);
  CU_ASSERT_EQUAL(lit_day_prev(20000301), 20000229);
  CU_ASSERT_EQUAL(lit_day_prev(20250101), 20241231);
  /* the ends of the calendar */
  CU_ASSERT_EQUAL(lit_day_next(LIT_DAY_LAST), 0);
  CU_ASSERT_EQUAL(lit_day_prev(LIT_DAY_FIRST), 0);
  CU_ASSERT_EQUAL(lit_day_next(LIT_DAY_FIRST), 10102);
  CU_ASSERT_EQUAL(lit_day_prev(LIT_DAY_LAST), 99991230);
  CU_ASSERT_EQUAL(lit_day_prev(10201), 10131);
}

/* ---- intervals and merging, on changes made by hand ---- */

static void push_day(WhenChanges *ch, int32_t day) {
  WhenWhy y = {0};
  y.day = day;
  static Clause c;  /* the sort reads the clause's index */
  y.c = &c;
  y.starts = true;
  MVEC_PUSH(ch->v, ch->n, ch->cap, y);
}

static void test_when_spans_and_merge(void) {
  WhenChanges ch = {0};
  push_day(&ch, 20260101);
  push_day(&ch, 20250101);
  push_day(&ch, 20260101);  /* a repeat */
  push_day(&ch, 20270101);
  when_changes_sort(&ch);
  CU_ASSERT_EQUAL(ch.n, 3);
  uint32_t first, n = when_changes_on(&ch, 20260101, &first);
  CU_ASSERT_EQUAL(n, 1);
  CU_ASSERT_EQUAL(first, 1);
  CU_ASSERT_EQUAL(when_changes_on(&ch, 20260102, &first), 0);
  WhenSpans s = {0};
  when_spans(&ch, &s);
  CU_ASSERT_EQUAL_FATAL(s.n, 4);
  CU_ASSERT(s.v[0].from == 0 && s.v[0].to == 20241231);
  CU_ASSERT(s.v[1].from == 20250101 && s.v[1].to == 20251231);
  CU_ASSERT(s.v[2].from == 20260101 && s.v[2].to == 20261231);
  CU_ASSERT(s.v[3].from == 20270101 && s.v[3].to == 0);
  CU_ASSERT_EQUAL(when_span_day(&s.v[0]), LIT_DAY_FIRST);
  CU_ASSERT_EQUAL(when_span_day(&s.v[2]), 20260101);
  /* values 0 1 1 0: three periods, the middle two intervals merged */
  uint8_t vals[4] = {0, 1, 1, 0};
  Period out[4];
  uint32_t at[4];
  uint32_t np = when_merge(&s, vals, 1, out, at);
  CU_ASSERT_EQUAL_FATAL(np, 3);
  CU_ASSERT(out[1].from == 20250101 && out[1].to == 20261231 && at[1] == 1);
  CU_ASSERT(out[2].from == 20270101 && out[2].to == 0 && at[2] == 3);
  /* all equal: one period, open both ways */
  uint8_t same[4] = {1, 1, 1, 1};
  CU_ASSERT_EQUAL(when_merge(&s, same, 1, out, at), 1);
  CU_ASSERT(out[0].from == 0 && out[0].to == 0);
  when_spans_free(&s);
  /* no change at all: one interval, the whole calendar */
  ch.n = 0;
  when_spans(&ch, &s);
  CU_ASSERT(s.n == 1 && s.v[0].from == 0 && s.v[0].to == 0);
  when_spans_free(&s);
  when_changes_free(&ch);
}

static void test_when_minus(void) {
  Period a[2] = {{0, 20201231}, {20250101, 0}};
  Period b[1] = {{20200101, 20260630}};
  Period out[4];
  uint32_t n = when_minus(a, 2, b, 1, out);
  CU_ASSERT_EQUAL_FATAL(n, 2);
  CU_ASSERT(out[0].from == 0 && out[0].to == 20191231);
  CU_ASSERT(out[1].from == 20260701 && out[1].to == 0);
  n = when_minus(b, 1, a, 2, out);
  CU_ASSERT_EQUAL_FATAL(n, 1);
  CU_ASSERT(out[0].from == 20210101 && out[0].to == 20241231);
  /* a period to the last day of the calendar covers what is open */
  Period all[1] = {{0, 0}}, last[1] = {{20200101, LIT_DAY_LAST}};
  n = when_minus(all, 1, last, 1, out);
  CU_ASSERT(n == 1 && out[0].from == 0 && out[0].to == 20191231);
  CU_ASSERT_EQUAL(when_minus(last, 1, all, 1, out), 0);
  CU_ASSERT(when_same(a, 2, a, 2));
  CU_ASSERT(!when_same(a, 2, b, 1));
  CU_ASSERT(when_same(NULL, 0, NULL, 0));
}

/* ---- change dates of clauses ---- */

/* The day after `until`: the last day in force is the until date. */
static void test_when_day_after_until(void) {
  T *t = load_with(
      "agreement L between A, B signed 2025-01-01 {\n"
      "  clause grant: B may sell W until 2026-06-30;\n"
      "}\n");
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  ANSWER_IS(t, "B may sell W", "2025-01-01 to 2026-06-30");
  ANSWER_IS(t, "B may not sell W", "until 2024-12-31, from 2026-07-01");
  EvalScratch x = {0};
  CheckResult r = ask(t, "B may sell W", &x);
  CU_ASSERT_PTR_NOT_NULL_FATAL(r.when);
  CU_ASSERT_EQUAL_FATAL(r.when->why.n, 2);
  const WhenWhy *y = &r.when->why.v[1];
  CU_ASSERT_EQUAL(y->day, 20260701);
  CU_ASSERT_EQUAL(y->date, 20260630);
  CU_ASSERT_EQUAL(y->which, WD_UNTIL);
  CU_ASSERT(!y->starts && !y->amended);
  CU_ASSERT_EQUAL(y->at.line, 6);
  CU_ASSERT_EQUAL(r.when->why.v[0].which, WD_SIGNED);
  CU_ASSERT_EQUAL(r.when->nspans, 3);
  check_result_free(&r);
  eval_scratch_free(&x);
  /* the periods are those of single days */
  CU_ASSERT_EQUAL(t_check(t, "B may sell W at 2026-06-30"), 1);
  CU_ASSERT_EQUAL(t_check(t, "B may sell W at 2026-07-01"), 0);
  t_free(t);
}

/* A clause's window reaching outside its agreement's is clipped to it,
 * and the agreement's date is the reason at that end. */
static void test_when_window_clipped(void) {
  T *t = load_with(
      "agreement L between A, B signed 2025-01-01 until 2030-12-31 {\n"
      "  clause grant: B may sell W from 2024-01-01 until 2032-12-31;\n"
      "}\n");
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  ANSWER_IS(t, "B may sell W", "2025-01-01 to 2030-12-31");
  EvalScratch x = {0};
  CheckResult r = ask(t, "B may sell W", &x);
  CU_ASSERT_EQUAL_FATAL(r.when->why.n, 2);
  CU_ASSERT_EQUAL(r.when->why.v[0].which, WD_SIGNED);
  CU_ASSERT_EQUAL(r.when->why.v[1].which, WD_AGREEMENT_UNTIL);
  CU_ASSERT_EQUAL(r.when->why.v[1].day, 20310101);
  check_result_free(&r);
  /* equal dates: the clause's own is named */
  t_free(t);
  t = load_with(
      "agreement L between A, B signed 2025-01-01 until 2030-12-31 {\n"
      "  clause grant: B may sell W from 2025-01-01 until 2030-12-31;\n"
      "}\n");
  r = ask(t, "B may sell W", &x);
  CU_ASSERT_EQUAL_FATAL(r.when->why.n, 2);
  CU_ASSERT_EQUAL(r.when->why.v[0].which, WD_FROM);
  CU_ASSERT_EQUAL(r.when->why.v[1].which, WD_UNTIL);
  check_result_free(&r);
  /* a window outside its agreement's is never in force: no change */
  t_free(t);
  t = load_with(
      "agreement L between A, B signed 2025-01-01 until 2030-12-31 {\n"
      "  clause grant: B may sell W from 2031-01-01;\n"
      "}\n");
  r = ask(t, "B may sell W", &x);
  CU_ASSERT_EQUAL(r.when->why.n, 0);
  CU_ASSERT_EQUAL(r.when->n, 0);
  check_result_free(&r);
  eval_scratch_free(&x);
  t_free(t);
}

/* An amendment's window replaces the clause's, still inside the
 * agreement's; the change says it is the amendment's. */
static void test_when_amendment_window(void) {
  T *t = load_with(
      "agreement L between A, B signed 2025-01-01 {\n"
      "  clause grant: B may sell W until 2026-06-30;\n"
      "}\n"
      "dispute d { outcome o { amend L.grant: B may sell W from 2026-01-01 until 2028-12-31; } }\n");
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  ANSWER_IS(t, "B may sell W", "2025-01-01 to 2026-06-30");
  ANSWER_IS(t, "B may sell W under o", "2026-01-01 to 2028-12-31");
  EvalScratch x = {0};
  CheckResult r = ask(t, "B may sell W under o", &x);
  CU_ASSERT_EQUAL_FATAL(r.when->why.n, 2);
  CU_ASSERT(r.when->why.v[0].amended && r.when->why.v[0].which == WD_FROM);
  CU_ASSERT(r.when->why.v[1].amended && r.when->why.v[1].which == WD_UNTIL);
  CU_ASSERT_EQUAL(r.when->why.v[1].at.line, 8);
  check_result_free(&r);
  eval_scratch_free(&x);
  t_free(t);
}

/* An outcome clause's own window; it has no agreement. */
static void test_when_outcome_clause_window(void) {
  T *t = load_with(
      "dispute d { outcome o {\n"
      "  clause late: B may sell W from 2027-01-01;\n"
      "  order C must sell W until 2026-12-31;\n"
      "} }\n");
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  ANSWER_IS(t, "B may sell W", "never");
  ANSWER_IS(t, "B may sell W under o", "from 2027-01-01");
  ANSWER_IS(t, "C must sell W under o", "until 2026-12-31");
  /* no agreement and no `as of`: `when` needs no date */
  ANSWER_IS(t, "not B may sell W under o", "until 2026-12-31");
  EvalScratch x = {0};
  CheckResult r = ask(t, "B may sell W under o", &x);
  CU_ASSERT_EQUAL_FATAL(r.when->why.n, 1);
  CU_ASSERT_PTR_NOT_NULL(r.when->why.v[0].c->out);
  CU_ASSERT_EQUAL(r.when->why.v[0].which, WD_FROM);
  check_result_free(&r);
  eval_scratch_free(&x);
  t_free(t);
}

/* A clause whose condition does not hold in the world has no change
 * date there: with no other dated clause, one evaluation. */
static void test_when_condition_irrelevant(void) {
  T *t = load_with(
      "agreement L between A, B signed 2025-01-01 {\n"
      "  clause grant: B may sell W from 2027-01-01 if f;\n"
      "}\n"
      "dispute d { outcome o { fact f = true; } }\n");
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  EvalScratch x = {0};
  CheckResult r = ask(t, "B may sell W", &x);
  CU_ASSERT_EQUAL(r.when->why.n, 0);
  CU_ASSERT_EQUAL(r.when->nspans, 1);
  CU_ASSERT_EQUAL(r.when->n, 0);
  check_result_free(&r);
  r = ask(t, "B may sell W under o", &x);
  CU_ASSERT_EQUAL(r.when->why.n, 1);
  CU_ASSERT_EQUAL(r.when->nspans, 2);
  check_result_free(&r);
  ANSWER_IS(t, "B may sell W under o", "from 2027-01-01");
  /* voided: silent on every day */
  t_free(t);
  t = load_with(
      "agreement L between A, B signed 2025-01-01 {\n"
      "  clause grant: B may sell W until 2026-12-31;\n"
      "}\n"
      "dispute d { outcome o { void L.grant; } }\n");
  r = ask(t, "B may sell W under o", &x);
  CU_ASSERT_EQUAL(r.when->why.n, 0);
  CU_ASSERT_EQUAL(r.when->nspans, 1);
  check_result_free(&r);
  /* a clause that cannot decide the check (it names another party) adds
   * no change date */
  t_free(t);
  t = load_with(
      "agreement L between A, B signed 2025-01-01 {\n"
      "  clause grant: C may sell W from 2026-01-01;\n"
      "}\n");
  r = ask(t, "B may sell W", &x);
  CU_ASSERT_EQUAL(r.when->why.n, 0);
  check_result_free(&r);
  ANSWER_IS(t, "C may sell W", "from 2026-01-01");
  eval_scratch_free(&x);
  t_free(t);
}

/* Windows that reach the ends of the literal calendar. */
static void test_when_calendar_ends(void) {
  T *t = load_with(
      "agreement L between A, B signed 1900-01-01 until 9999-12-31 {\n"
      "  clause grant: B may sell W until 9999-12-31;\n"
      "  clause late: C may sell W from 9999-12-31;\n"
      "}\n");
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  ANSWER_IS(t, "B may sell W", "from 1900-01-01");
  ANSWER_IS(t, "C may sell W", "from 9999-12-31");
  ANSWER_IS(t, "C may not sell W", "until 9999-12-30");
  EvalScratch x = {0};
  CheckResult r = ask(t, "B may sell W", &x);
  CU_ASSERT_EQUAL(r.when->why.n, 1);  /* no day after 9999-12-31 */
  check_result_free(&r);
  eval_scratch_free(&x);
  t_free(t);
}

/* ---- every form of check ---- */

static void test_when_every_check(void) {
  T *t = load_with(
      "agreement L between A, B, C signed 2025-01-01 {\n"
      "  clause b: B may sell W from 2026-01-01;\n"
      "  clause c: C may sell W until 2027-12-31;\n"
      "  clause no: C may not sell W from 2027-01-01;\n"
      "  clause excl: only B among bc may sell W from 2029-01-01;\n"
      "  clause fee: B pays A $1M from 2026-01-01 until 2026-12-31;\n"
      "}\n");
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  ANSWER_IS(t, "bc may sell W", "2026-01-01 to 2026-12-31");
  ANSWER_IS(t, "B, C may sell W", "2026-01-01 to 2026-12-31");
  ANSWER_IS(t, "conflict C sell W", "2027-01-01 to 2027-12-31");
  /* C: contested from 2027 (c against no), so B alone among bc */
  ANSWER_IS(t, "only B among bc may sell W", "from 2027-01-01");
  ANSWER_IS(t, "only A, B may sell W", "from 2027-01-01");
  ANSWER_IS(t, "only B, C among bc may sell W", "2026-01-01 to 2026-12-31");
  ANSWER_IS(t, "B pays A $1M", "2026-01-01 to 2026-12-31");
  ANSWER_IS(t, "not B pays A $1M", "until 2025-12-31, from 2027-01-01");
  ANSWER_IS(t, "B pays A $2M", "never");
  ANSWER_IS(t, "not C may sell W", "until 2024-12-31, from 2027-01-01");
  ANSWER_IS(t, "A may sell W", "always");
  t_free(t);
}

/* `expect when`: holds when the answer is exactly ANSWER; the failure
 * says what differs. */
static void test_when_expect(void) {
  T *t = load_with(
      "agreement L between A, B signed 2025-01-01 {\n"
      "  clause grant: B may sell W until 2026-06-30;\n"
      "}\n"
      "expect when B may sell W is 2025-01-01 to 2026-06-30;\n"
      "expect when B may sell W is 2025-01-01 to 2026-12-31;\n"
      "expect when A may sell W is always;\n"
      "expect when C may sell W is never;\n"
      "expect when C may sell W under o is always;\n"
      "dispute d { outcome o { order C may sell W; } }\n");
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  EvalScratch x = {0};
  int want[] = {1, 0, 1, 1, 1};
  CU_ASSERT_EQUAL_FATAL(t->p->nexpects, 5);
  for (uint32_t i = 0; i < t->p->nexpects; i++) {
    CheckResult r = {0};
    check_expect(t->m, &x, t->p->expects[i], &r);
    CU_ASSERT(!r.error);
    CU_ASSERT_EQUAL(r.holds, want[i]);
    if (i == 1) {
      char *buf = NULL;
      size_t len = 0;
      FILE *f = open_memstream(&buf, &len);
      explain_expected_found(f, t->m, t->p->expects[i], &r, "  ");
      fclose(f);
      CU_ASSERT_PTR_NOT_NULL(strstr(buf, "expected: 2025-01-01 to 2026-12-31; "
                                         "found: 2025-01-01 to 2026-06-30"));
      CU_ASSERT_PTR_NOT_NULL(strstr(buf, "expected, but it does not hold: "
                                         "2026-07-01 to 2026-12-31"));
      free(buf);
    }
    check_result_free(&r);
  }
  eval_scratch_free(&x);
  t_free(t);
}

/* What the grammar takes and refuses, and where the errors are. */
static void test_when_errors(void) {
  T *t = t_load(
      "party A; action sell; product W;\n"
      "expect when A may sell W at 2026-01-01 is always;\n"
      "expect when A may sell W with probability 50% is always;\n"
      "expect when A may sell W is sometimes;\n"
      "expect when A may sell W is from 2026-01-01, 2027-01-01 to 2027-02-01;\n"
      "expect when A may sell W is 2026-01-01 to 2026-12-31, 2027-01-01 to 2027-02-01;\n"
      "expect when A may sell W;\n"
      "expect when A may sell W is never, from 2026-01-01;\n"
      "expect when A may sell W is 2027-01-01 to 2026-01-01;\n");
  CU_ASSERT(t_has(t, DIAG_ERROR, 2, 26, "takes no"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 3, 26, "with probability"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 4, 29, "sometimes"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 5, 46, "date order"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 6, 55, "maximal"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 7, 25, "states its answer"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 8, 29, "whole answers"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 9, 29, "ends"));
  CU_ASSERT_EQUAL(t->d.errors, 8);
  t_free(t);
  /* a bad date is said once, where it is: no order to check after it */
  t = t_load("party A; action sell; product W;\n"
             "expect when A may sell W is 2026-13-01 to 2026-13-02, from 2026-00-05;\n");
  CU_ASSERT_EQUAL(t->d.errors, 3);
  CU_ASSERT_EQUAL(t_count(t, DIAG_ERROR, "invalid date"), 3);
  t_free(t);
  /* `always` and `never` are names elsewhere */
  t = t_load(
      "party always; party never; action sell; product W;\n"
      "expect when always may sell W is always;\n"
      "expect when never may sell W is always;\n");
  CU_ASSERT_EQUAL(t->d.errors, 0);
  CU_ASSERT_PTR_NOT_NULL(t->m);
  t_free(t);
}

/* ---- the property: `when` agrees with `at DAY` ---- */


static uint64_t rng_state;
static uint32_t rnd(uint32_t n) {
  rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
  return n ? (uint32_t)((rng_state >> 33) % n) : 0;
}

/* A random check of the program as text: a key's status, a conflict, an
 * `only`, a group, a flow that some clause states, or a negation. */
static void random_check(T *t, char *buf, size_t cap) {
  Program *p = t->p;
  const Clause *c = p->clauses[rnd(p->nclauses)];
  const Body *b = c->body;
  const char *neg = rnd(5) == 0 ? "not " : "";
  if (b->is_flow) {
    StrBuf s;
    sb_init(&s);
    Body copy = *b;
    copy.mods = NULL;  /* a check states no modifiers */
    print_body(&s, &copy);
    snprintf(buf, cap, "%s%s", neg, s.s);
    sb_free(&s);
    return;
  }
  /* mostly a party the clause names, whose key it can change */
  int32_t q = b->subjects.n && rnd(4) ? b->subjects.v[rnd(b->subjects.n)]
                                      : (int32_t)rnd(p->nparties);
  const char *party = p->parties[q]->h.name->s;
  const char *obj = b->obj ? b->obj->name->s : p->products[0]->h.name->s;
  const char *act = b->act->h.name->s;
  const char *prep = b->act->prep ? print_prep(b->act->prep) : "";
  const char *sp = b->act->prep ? " " : "";
  static const char *modal[] = {"may", "must", "may not", "must not"};
  switch (rnd(5)) {
    case 0:
      snprintf(buf, cap, "%sconflict %s %s%s%s %s", neg, party, act, sp, prep, obj);
      break;
    case 1:
      if (p->ngroups) {
        snprintf(buf, cap, "%s%s %s %s%s%s %s", neg,
                 p->groups[rnd(p->ngroups)]->h.name->s, modal[rnd(4)], act, sp,
                 prep, obj);
        break;
      }
      /* fall through */
    case 2:
      snprintf(buf, cap, "%sonly %s may %s%s%s %s", neg, party, act, sp, prep, obj);
      break;
    default:
      snprintf(buf, cap, "%s%s %s %s%s%s %s", neg, party, modal[rnd(4)], act,
               sp, prep, obj);
  }
}

static bool in_periods(const WhenAnswer *a, int32_t day) {
  for (uint32_t i = 0; i < a->n; i++)
    if ((!a->v[i].from || a->v[i].from <= day) && (!a->v[i].to || day <= a->v[i].to))
      return true;
  return false;
}

static int32_t random_day(void) {
  int32_t y = 1995 + (int32_t)rnd(50), m = 1 + (int32_t)rnd(12), d = 1 + (int32_t)rnd(28);
  return y * 10000 + m * 100 + d;
}

/* One scenario: for random checks in random worlds, every change day,
 * the day before it and random days, asked `at` that day. */
static long agree_on(const char *args, uint32_t nchecks) {
  size_t len;
  char *text = t_gen(args, &len);
  T *t = t_load_len(text, len);
  free(text);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  Program *p = t->p;
  EvalScratch x = {0};
  long bad = 0, asked = 0, nchanging = 0, nsome = 0;
  for (uint32_t k = 0; k < nchecks; k++) {
    char check[600], q[1000], world[300] = "";
    random_check(t, check, sizeof check);
    if (p->noutcomes && rnd(2)) {
      const Outcome *o = p->outcomes[rnd(p->noutcomes)];
      snprintf(world, sizeof world, " under %s", o->h.name->s);
    }
    snprintf(q, sizeof q, "%s%s", check, world);
    CheckResult r = ask(t, q, &x);
    if (r.error || !r.when) {  /* e.g. an `only` with a party outside */
      check_result_free(&r);
      continue;
    }
    nchanging += r.when->why.n > 0;
    nsome += r.when->n > 0 && !(r.when->n == 1 && !r.when->v[0].from && !r.when->v[0].to);
    int32_t days[64];
    uint32_t nd = 0;
    for (uint32_t i = 0; i < r.when->why.n && nd < 40; i++) {
      days[nd++] = r.when->why.v[i].day;
      days[nd++] = lit_day_prev(r.when->why.v[i].day);
    }
    while (nd < 48) days[nd++] = random_day();
    for (uint32_t i = 0; i < nd; i++) {
      char d[64], at[1100];
      if (!lit_valid_date(days[i])) continue;
      snprintf(at, sizeof at, "%s at %s", q, lit_date_str(days[i], d));
      int one = t_check(t, at);
      asked++;
      if (one != (int)in_periods(r.when, days[i])) {
        if (bad++ < 5)
          fprintf(stderr, "\n  when %s disagrees with %s: %d\n", q, at, one);
      }
    }
    check_result_free(&r);
  }
  eval_scratch_free(&x);
  t_free(t);
  CU_ASSERT(asked > nchecks);  /* the property was tried */
  CU_ASSERT(nsome > 0);        /* on answers with periods */
  if (getenv("UNIT_VERBOSE")) fprintf(stderr, "\n  %s: %ld days asked, %ld checks with "
            "change dates, %ld with periods\n", args, asked, nchanging, nsome);
  return bad;
}

static void test_when_agrees_with_at(void) {
  rng_state = 16;
  CU_ASSERT_EQUAL(agree_on("--clauses 600 --seed 3 --disputes 2", 150), 0);
  CU_ASSERT_EQUAL(agree_on("--clauses 600 --seed 5 --tangle --disputes 3", 150), 0);
  CU_ASSERT_EQUAL(agree_on("--clauses 400 --seed 7 --shape many-parties", 100), 0);
}

static const UnitTest tests[] = {
    UNIT_TEST(test_when_days),
    UNIT_TEST(test_when_spans_and_merge),
    UNIT_TEST(test_when_minus),
    UNIT_TEST(test_when_day_after_until),
    UNIT_TEST(test_when_window_clipped),
    UNIT_TEST(test_when_amendment_window),
    UNIT_TEST(test_when_outcome_clause_window),
    UNIT_TEST(test_when_condition_irrelevant),
    UNIT_TEST(test_when_calendar_ends),
    UNIT_TEST(test_when_every_check),
    UNIT_TEST(test_when_expect),
    UNIT_TEST(test_when_errors),
    UNIT_TEST(test_when_agrees_with_at),
};

UNIT_MAIN("when", tests)
