/* test_eval: the rules of LANGUAGE.md section 6 (and the world rules of
 * section 5), each with a case where it applies and one where it must not. */
#include "unit.h"

/* A: owner of P and (through `is`) of Q and R; U and V are unowned.
 * The world date is 2026-06-01 unless a test says otherwise. */
#define PRELUDE                                                               \
  "scenario \"s\" as of 2026-06-01;\n"                                       \
  "party A;\n"                                                               \
  "party B;\n"                                                               \
  "party C;\n"                                                               \
  "group g = A, B;\n"                                                        \
  "action host;\n"                                                           \
  "action partner with;\n"                                                   \
  "product P owned by A;\n"                                                  \
  "product Q is P;\n"                                                        \
  "product R is P;\n"                                                        \
  "product U;\n"                                                             \
  "product V;\n"                                                             \
  "fact t = true;\n"                                                         \
  "fact f = false;\n"

#define AGR "agreement G between A, B signed 2026-01-01 {\n"

/* Loads PRELUDE + text and insists that it is clean. */
static T *load(const char *text) {
  size_t n = strlen(PRELUDE) + strlen(text) + 1;
  char *src = malloc(n);
  snprintf(src, n, "%s%s", PRELUDE, text);
  T *t = t_load(src);
  free(src);
  CU_ASSERT(t->parse_ok && t->resolve_ok && t->m != NULL);
  if (!t->m) t_dump(t);
  return t;
}

#define HOLDS(t, check) CU_ASSERT_EQUAL(t_check((t), (check)), 1)
#define FAILS(t, check) CU_ASSERT_EQUAL(t_check((t), (check)), 0)
#define STATUS(t, p, a, x, under, st) \
  CU_ASSERT_EQUAL(t_status((t), (p), (a), (x), (under), 0), (int)(st))

/* ---- 1. active clauses: dates ---- */

static void test_eval_agreement_in_force_inclusive(void) {
  T *t = load("agreement G between A, B signed 2026-01-01 until 2026-12-31 {\n"
              "  clause a: B may host P;\n"
              "}\n");
  FAILS(t, "B may host P at 2025-12-31");
  HOLDS(t, "B may not host P at 2025-12-31");   /* the default closure */
  HOLDS(t, "B may host P at 2026-01-01");
  HOLDS(t, "B may host P at 2026-12-31");
  FAILS(t, "B may host P at 2027-01-01");
  HOLDS(t, "B may host P");
  t_free(t);
  /* without `until` it stays in force */
  t = load(AGR "  clause a: B may host P;\n}\n");
  HOLDS(t, "B may host P at 9999-12-31");
  FAILS(t, "B may host P at 1900-01-01");
  t_free(t);
}

static void test_eval_clause_from_until_inclusive(void) {
  T *t = load(AGR
              "  clause a: B may host P from 2026-03-01 until 2026-03-31;\n"
              "}\n");
  FAILS(t, "B may host P at 2026-02-28");
  HOLDS(t, "B may host P at 2026-03-01");
  HOLDS(t, "B may host P at 2026-03-31");
  FAILS(t, "B may host P at 2026-04-01");
  t_free(t);
  /* a clause window reaching outside its agreement: active where they meet */
  t = t_load(PRELUDE
             "agreement G between A, B signed 2026-01-01 until 2026-12-31 {\n"
             "  clause a: B may host P from 2025-01-01 until 2027-12-31;\n"
             "}\n");
  CU_ASSERT(t->d.warnings >= 1);
  CU_ASSERT_EQUAL(t->d.errors, 0);
  FAILS(t, "B may host P at 2025-06-01");
  HOLDS(t, "B may host P at 2026-01-01");
  FAILS(t, "B may host P at 2027-06-01");
  t_free(t);
}

/* ---- 1. active clauses: conditions ---- */

/* Is `B may host P <kw> <cond>` active (status quo)? 1, 0 or -1. */
static int cond_active(const char *kw, const char *cond) {
  char src[512];
  snprintf(src, sizeof src, AGR "  clause a: B may host P %s %s;\n}\n", kw,
           cond);
  T *t = load(src);
  int v = t_check(t, "B may host P");
  t_free(t);
  return v;
}

static void test_eval_condition_if(void) {
  CU_ASSERT_EQUAL(cond_active("if", "t"), 1);
  CU_ASSERT_EQUAL(cond_active("if", "f"), 0);
  CU_ASSERT_EQUAL(cond_active("if", "not f"), 1);
  CU_ASSERT_EQUAL(cond_active("if", "not not t"), 1);
  CU_ASSERT_EQUAL(cond_active("if", "t and t and f"), 0);
  CU_ASSERT_EQUAL(cond_active("if", "f or f or t"), 1);
}

static void test_eval_condition_unless(void) {
  CU_ASSERT_EQUAL(cond_active("unless", "t"), 0);
  CU_ASSERT_EQUAL(cond_active("unless", "f"), 1);
  CU_ASSERT_EQUAL(cond_active("unless", "f or t"), 0);
  CU_ASSERT_EQUAL(cond_active("if t unless", "t"), 0);
  CU_ASSERT_EQUAL(cond_active("if t unless", "f"), 1);
}

/* not > and > or; each case reads differently under a wrong precedence. */
static void test_eval_condition_precedence(void) {
  CU_ASSERT_EQUAL(cond_active("if", "t or f and f"), 1);     /* t or (f and f) */
  CU_ASSERT_EQUAL(cond_active("if", "f and f or t"), 1);     /* (f and f) or t */
  CU_ASSERT_EQUAL(cond_active("if", "not t and f"), 0);      /* (not t) and f */
  CU_ASSERT_EQUAL(cond_active("if", "not t or t"), 1);       /* (not t) or t */
  CU_ASSERT_EQUAL(cond_active("if", "f or not f and t"), 1);
  CU_ASSERT_EQUAL(cond_active("if", "(t or f) and f"), 0);   /* parentheses */
  CU_ASSERT_EQUAL(cond_active("if", "not (f or t)"), 0);
  CU_ASSERT_EQUAL(cond_active("unless", "t or f and f"), 0);
}

static void test_eval_condition_outcome_fact(void) {
  T *t = load(AGR "  clause a: B may host P if f;\n}\n"
              "dispute D { outcome o { fact f = true; } outcome k { } }\n");
  FAILS(t, "B may host P");
  HOLDS(t, "B may host P under o");
  FAILS(t, "B may host P under k");
  t_free(t);
}

/* ---- 1. active clauses: void ---- */

static void test_eval_void(void) {
  T *t = load(AGR "  clause a: B may host P;\n  clause b: B may host U;\n}\n"
              "dispute D { outcome o { void G.a; } outcome k { } }\n");
  HOLDS(t, "B may host P");
  FAILS(t, "B may host P under o");
  HOLDS(t, "B may not host P under o");   /* back to the default */
  HOLDS(t, "B may host P under k");
  t_free(t);
}

/* ---- 1. construe ---- */

static void test_eval_construe_replaces_object(void) {
  T *t = load(AGR "  clause a: only B among g may host Q;\n}\n"
              "dispute D { outcome o { construe G.a as covering R; } }\n");
  /* status quo: the clause is about Q */
  HOLDS(t, "B may host Q");
  HOLDS(t, "A may not host Q");      /* the owner, excluded by `only` */
  HOLDS(t, "A may host R");          /* default: the owner */
  HOLDS(t, "B may not host R");
  /* under o: it is about R instead */
  HOLDS(t, "B may host R under o");
  HOLDS(t, "A may not host R under o");  /* the exclusion moved too */
  FAILS(t, "B may host Q under o");
  HOLDS(t, "A may host Q under o");
  STATUS(t, "C", "host", "R", "o", ST_FORBIDDEN);   /* C not in g: default */
  t_free(t);
}

static void test_eval_construe_covers_products_below(void) {
  T *t = load(AGR "  clause a: B may not host Q;\n  clause b: C must host U;\n}\n"
              "dispute D { outcome o { construe G.a as covering U; } }\n");
  STATUS(t, "B", "host", "U", NULL, ST_PERMITTED);
  STATUS(t, "B", "host", "U", "o", ST_FORBIDDEN);
  STATUS(t, "C", "host", "U", "o", ST_REQUIRED);   /* other clauses stay */
  t_free(t);
}

/* ---- 1-2. amend ---- */

static void test_eval_amend_keeps_ordinary_tier(void) {
  T *t = load(AGR
              "  clause x: B may host P;\n"
              "  clause y: B may not host P;\n"
              "}\n"
              "dispute D {\n"
              "  outcome o { amend G.y: B may not host P until 2030-01-01; }\n"
              "  outcome u { amend G.y: B may not host P until 2030-01-01; uphold G.y; }\n"
              "}\n"
              "dispute E { outcome e { uphold G.y; } }\n");
  HOLDS(t, "conflict B host P");
  HOLDS(t, "conflict B host P under o");    /* still ordinary: no winner */
  FAILS(t, "B may not host P under o");
  HOLDS(t, "B may not host P under u");     /* amended and upheld: ruling */
  FAILS(t, "conflict B host P under u");
  HOLDS(t, "B may not host P under e");
  t_free(t);
}

static void test_eval_amend_replaces_modifiers(void) {
  T *t = load(AGR
              "  clause z: C may not host U if f;\n"
              "  clause w: C must host V until 2026-02-01;\n"
              "  clause p: A pays B $1M;\n"
              "}\n"
              "dispute D { outcome o {\n"
              "  amend G.z: C may not host U;\n"
              "  amend G.w: C must host V;\n"
              "  amend G.p: A pays B $2M until 2026-02-01;\n"
              "} }\n");
  HOLDS(t, "C may host U");
  HOLDS(t, "C may not host U under o");      /* the `if f` is gone */
  FAILS(t, "C must host V");
  HOLDS(t, "C must host V under o");         /* the `until` is gone */
  HOLDS(t, "A pays B $1M");
  FAILS(t, "A pays B $1M under o");          /* the old statement is gone */
  FAILS(t, "A pays B $2M under o");          /* the new one has expired */
  HOLDS(t, "A pays B $2M under o at 2026-01-15");
  t_free(t);
}

static void test_eval_amend_keeps_agreement_window(void) {
  T *t = load("agreement H between A, C signed 2026-01-01 until 2026-03-01 {\n"
              "  clause e: C must host U until 2026-02-01;\n"
              "}\n"
              "dispute D { outcome o { amend H.e: C must host U; } }\n");
  FAILS(t, "C must host U under o");                 /* 2026-06-01 */
  HOLDS(t, "C must host U under o at 2026-02-15");   /* window of H */
  FAILS(t, "C must host U at 2026-02-15");           /* the old until */
  t_free(t);
}

static void test_eval_amend_changes_key(void) {
  T *t = load(AGR "  clause a: B may host P;\n}\n"
              "dispute D { outcome o { amend G.a: C may not host U; } }\n");
  HOLDS(t, "B may host P");
  FAILS(t, "B may host P under o");
  HOLDS(t, "C may not host U under o");
  HOLDS(t, "C may host U");
  t_free(t);
}

/* ---- 1-2. uphold of an inactive clause ---- */

static void test_eval_uphold_inactive_yields_nothing(void) {
  T *t = load(AGR
              "  clause a: B may host P;\n"
              "  clause b: B may not host P if f;\n"
              "  clause c: B may not host U;\n"
              "  clause d: B may host U until 2026-02-01;\n"
              "}\n"
              "dispute D {\n"
              "  outcome o { uphold G.b; uphold G.d; }\n"
              "  outcome k { fact f = true; uphold G.b; }\n"
              "}\n");
  HOLDS(t, "B may host P under o");          /* b is inactive */
  FAILS(t, "conflict B host P under o");
  HOLDS(t, "B may not host U under o");      /* d expired */
  HOLDS(t, "B may not host P under k");      /* active now, and ruling */
  t_free(t);
}

/* ---- 2-3. tiers ---- */

static void test_eval_outcome_clause_in_ruling_tier(void) {
  T *t = load(AGR "  clause a: B may host P;\n}\n"
              "dispute D { outcome o {\n"
              "  clause n: B may not host P;\n"
              "  clause m: C may not host U until 2026-02-01;\n"
              "} }\n");
  HOLDS(t, "B may host P");
  HOLDS(t, "B may not host P under o");
  FAILS(t, "conflict B host P under o");
  /* subject to its own modifiers */
  HOLDS(t, "C may host U under o");
  HOLDS(t, "C may not host U under o at 2026-01-15");
  t_free(t);
}

static void test_eval_outcome_clauses_of_one_tier_conflict(void) {
  T *t = load("dispute D { outcome o {\n"
              "  clause n: B may not host U;\n"
              "  clause m: B must host U;\n"
              "} outcome k {\n"
              "  clause n: B may not host U;\n"
              "  clause m: B must host U overrides n;\n"
              "} }\n");
  HOLDS(t, "conflict B host U under o");
  HOLDS(t, "B must host U under k");
  t_free(t);
}

static void test_eval_order_above_everything(void) {
  T *t = load(AGR "  clause a: B may host P;\n}\n"
              "dispute D {\n"
              "  outcome o { uphold G.a; order B may not host P; }\n"
              "  outcome k { uphold G.a; }\n"
              "  outcome m { clause n: B must host P; order B may not host P; }\n"
              "}\n");
  HOLDS(t, "B may not host P under o");
  HOLDS(t, "B may host P under k");
  HOLDS(t, "B may not host P under m");
  FAILS(t, "conflict B host P under m");
  t_free(t);
}

static void test_eval_defeat_by_higher_tier(void) {
  T *t = load(AGR
              "  clause a: B may host P;\n"
              "  clause b: B may not host P;\n"
              "}\n"
              "dispute D { outcome o { uphold G.b; } outcome k { uphold G.a; } }\n");
  HOLDS(t, "conflict B host P");
  STATUS(t, "B", "host", "P", "o", ST_FORBIDDEN);
  STATUS(t, "B", "host", "P", "k", ST_PERMITTED);
  t_free(t);
}

/* `overrides` works within a tier; it cannot lift a clause over a higher
 * one. */
static void test_eval_overrides_does_not_cross_tiers(void) {
  T *t = load(AGR
              "  clause b: B may not host P;\n"
              "  clause c: B may host P overrides b;\n"
              "}\n"
              "dispute D { outcome o { uphold G.b; } }\n");
  HOLDS(t, "B may host P");
  HOLDS(t, "B may not host P under o");
  t_free(t);
}

static void test_eval_same_polarity_not_defeated_by_higher_tier(void) {
  T *t = load(AGR "  clause a: B must host P;\n}\n"
              "dispute D {\n"
              "  outcome o { order B may host P; }\n"
              "  outcome n { order B may not host P; }\n"
              "}\n");
  STATUS(t, "B", "host", "P", "o", ST_REQUIRED);   /* the must stands */
  HOLDS(t, "B must host P under o");
  STATUS(t, "B", "host", "P", "n", ST_FORBIDDEN);  /* opposite: defeated */
  t_free(t);
}

/* Rule 4: a norm defeated by a higher tier defeats nothing below it. */
static void test_eval_defeated_norm_defeats_nothing_across_tiers(void) {
  T *t = load(AGR "  clause a: B must host P;\n}\n"
              "dispute D {\n"
              "  outcome o { clause n: B may not host P; order B may host P; }\n"
              "  outcome k { clause n: B may not host P; }\n"
              "}\n");
  STATUS(t, "B", "host", "P", "o", ST_REQUIRED);
  STATUS(t, "B", "host", "P", "k", ST_FORBIDDEN);
  t_free(t);
}

/* ---- 3-4. overrides chains ---- */

static void test_eval_overrides_direct(void) {
  T *t = load(AGR
              "  clause a: B may not host P;\n"
              "  clause b: B may host P overrides a;\n"
              "}\n");
  STATUS(t, "B", "host", "P", NULL, ST_PERMITTED);
  t_free(t);
  /* the relation has a direction */
  t = load(AGR
           "  clause a: B may not host P overrides b;\n"
           "  clause b: B may host P;\n"
           "}\n");
  STATUS(t, "B", "host", "P", NULL, ST_FORBIDDEN);
  t_free(t);
}

static void test_eval_overrides_chain_through_inactive_middle(void) {
  T *t = load(AGR
              "  clause a: B may not host P;\n"
              "  clause b: B may not host P if f overrides a;\n"
              "  clause c: B may host P overrides b;\n"
              "}\n"
              "dispute D { outcome o { void G.b; } }\n");
  STATUS(t, "B", "host", "P", NULL, ST_PERMITTED);   /* c -> b -> a */
  STATUS(t, "B", "host", "P", "o", ST_PERMITTED);    /* void middle too */
  t_free(t);
  /* without the chain the two disagree */
  t = load(AGR
           "  clause a: B may not host P;\n"
           "  clause b: B may not host P if f;\n"
           "  clause c: B may host P overrides b;\n"
           "}\n");
  STATUS(t, "B", "host", "P", NULL, ST_CONTESTED);
  t_free(t);
}

static void test_eval_overrides_chain_from_amendment(void) {
  T *t = load(AGR
              "  clause a: B may not host P;\n"
              "  clause b: B may host U;\n"
              "  clause c: B may host P overrides b;\n"
              "}\n"
              "dispute D { outcome o { amend G.b: B may host U overrides a; } }\n");
  STATUS(t, "B", "host", "P", NULL, ST_CONTESTED);
  STATUS(t, "B", "host", "P", "o", ST_PERMITTED);
  t_free(t);
}

static void test_eval_exception_to_exception_reinstates_rule(void) {
  T *t = load(AGR
              "  clause a: B must host P;\n"
              "  clause b: B may not host P overrides a;\n"
              "  clause c: B may host P overrides b;\n"
              "}\n");
  /* c defeats b; b, defeated, defeats nothing: a's obligation is back */
  STATUS(t, "B", "host", "P", NULL, ST_REQUIRED);
  HOLDS(t, "B must host P");
  t_free(t);
  t = load(AGR
           "  clause a: B must host P;\n"
           "  clause b: B may not host P overrides a;\n"
           "}\n");
  STATUS(t, "B", "host", "P", NULL, ST_FORBIDDEN);
  t_free(t);
}

/* ---- 5. statuses ---- */

static void test_eval_contested(void) {
  T *t = load(AGR
              "  clause a: B may host P;\n"
              "  clause b: B may not host P;\n"
              "}\n");
  STATUS(t, "B", "host", "P", NULL, ST_CONTESTED);
  HOLDS(t, "conflict B host P");
  FAILS(t, "B may host P");
  FAILS(t, "B may not host P");
  FAILS(t, "conflict A host P");
  t_free(t);
  t = load(AGR
           "  clause a: B may host P;\n"
           "  clause b: B may not host P overrides a;\n"
           "}\n");
  FAILS(t, "conflict B host P");
  t_free(t);
}

static void test_eval_required_vs_permitted(void) {
  T *t = load(AGR
              "  clause a: B must host P;\n"
              "  clause b: C may host P;\n"
              "  clause c: A shall host U;\n"
              "  clause d: B may host U;\n"
              "  clause e: B shall host U;\n"
              "  clause f2: C must not host U;\n"
              "  clause g2: A shall not host V;\n"
              "}\n");
  STATUS(t, "B", "host", "P", NULL, ST_REQUIRED);
  HOLDS(t, "B must host P");
  HOLDS(t, "B shall host P");
  HOLDS(t, "B may host P");
  FAILS(t, "B may not host P");
  STATUS(t, "C", "host", "P", NULL, ST_PERMITTED);
  FAILS(t, "C must host P");
  HOLDS(t, "C may host P");
  STATUS(t, "A", "host", "U", NULL, ST_REQUIRED);   /* shall = must */
  STATUS(t, "B", "host", "U", NULL, ST_REQUIRED);   /* may + must */
  STATUS(t, "C", "host", "U", NULL, ST_FORBIDDEN);
  HOLDS(t, "C must not host U");
  HOLDS(t, "A shall not host V");
  t_free(t);
}

/* ---- 6. the default ---- */

static void test_eval_default_closure_owned(void) {
  T *t = load("product S is P owned by C;\n");
  STATUS(t, "A", "host", "P", NULL, ST_PERMITTED);
  STATUS(t, "B", "host", "P", NULL, ST_FORBIDDEN);
  STATUS(t, "C", "host", "P", NULL, ST_FORBIDDEN);
  /* the owner through `is` */
  STATUS(t, "A", "host", "Q", NULL, ST_PERMITTED);
  STATUS(t, "B", "host", "Q", NULL, ST_FORBIDDEN);
  /* its own `owned by` wins over the parent's */
  STATUS(t, "C", "host", "S", NULL, ST_PERMITTED);
  STATUS(t, "A", "host", "S", NULL, ST_FORBIDDEN);
  HOLDS(t, "A may host Q");
  HOLDS(t, "B may not host Q");
  t_free(t);
}

static void test_eval_default_unowned_permitted(void) {
  T *t = load("product W is U;\n");
  STATUS(t, "A", "host", "U", NULL, ST_PERMITTED);
  STATUS(t, "C", "host", "U", NULL, ST_PERMITTED);
  STATUS(t, "B", "host", "W", NULL, ST_PERMITTED);
  STATUS(t, "A", "partner", "B", NULL, ST_PERMITTED);   /* a party object */
  HOLDS(t, "C may host U");
  FAILS(t, "C must host U");
  FAILS(t, "C may not host U");
  t_free(t);
}

/* A norm on the key, even a defeated one, replaces the default. */
static void test_eval_default_only_without_norms(void) {
  T *t = load(AGR "  clause a: B may host P;\n}\n");
  STATUS(t, "B", "host", "P", NULL, ST_PERMITTED);
  STATUS(t, "C", "host", "P", NULL, ST_FORBIDDEN);
  t_free(t);
  t = load(AGR "  clause a: A may not host P;\n}\n");
  STATUS(t, "A", "host", "P", NULL, ST_FORBIDDEN);   /* even the owner */
  t_free(t);
}

/* ---- keys: subjects and objects ---- */

static void test_eval_group_subjects(void) {
  T *t = load("group gg = g, C;\n"
              AGR
              "  clause a: g may not host U;\n"
              "  clause b: gg must host V;\n"
              "}\n");
  STATUS(t, "A", "host", "U", NULL, ST_FORBIDDEN);
  STATUS(t, "B", "host", "U", NULL, ST_FORBIDDEN);
  STATUS(t, "C", "host", "U", NULL, ST_PERMITTED);
  HOLDS(t, "g may not host U");
  FAILS(t, "gg may not host U");      /* every member must satisfy it */
  HOLDS(t, "gg must host V");         /* nested groups */
  STATUS(t, "C", "host", "V", NULL, ST_REQUIRED);
  t_free(t);
}

static void test_eval_group_objects(void) {
  T *t = load(AGR "  clause a: C may not partner with g;\n}\n");
  STATUS(t, "C", "partner", "A", NULL, ST_FORBIDDEN);
  STATUS(t, "C", "partner", "B", NULL, ST_FORBIDDEN);
  STATUS(t, "C", "partner", "C", NULL, ST_PERMITTED);
  HOLDS(t, "C may not partner with g");
  FAILS(t, "C may not partner with C");
  t_free(t);
}

static void test_eval_product_hierarchy_in_clauses_not_checks(void) {
  T *t = load(AGR "  clause a: B may host P;\n}\n");
  HOLDS(t, "B may host Q");          /* a clause covers the products below */
  HOLDS(t, "B may host R");
  FAILS(t, "C may host Q");          /* only its subjects */
  t_free(t);
  t = load(AGR "  clause a: B may host Q;\n}\n");
  HOLDS(t, "B may host Q");
  FAILS(t, "B may host P");          /* a check is about its one key */
  FAILS(t, "B may host R");
  t_free(t);
  t = load(AGR
           "  clause a: B may host P;\n"
           "  clause b: B may not host R overrides a;\n"
           "}\n");
  HOLDS(t, "B may host P");          /* R's status does not count */
  HOLDS(t, "B may not host R");
  t_free(t);
}

/* ---- the `only` check ---- */

static void test_eval_only_check_over_children(void) {
  T *t = load(AGR "  clause x: only B among g may host P;\n}\n");
  HOLDS(t, "only B among g may host P");
  HOLDS(t, "only B among g may host Q");
  FAILS(t, "only A among g may host P");
  FAILS(t, "only A, B among g may host P");
  t_free(t);
  t = load(AGR
           "  clause x: only B among g may host P;\n"
           "  clause y: A may host R overrides x;\n"
           "}\n");
  FAILS(t, "only B among g may host P");   /* R below P lets A in */
  HOLDS(t, "only B among g may host Q");
  HOLDS(t, "only A, B among g may host R");
  HOLDS(t, "A may not host P");            /* the plain check: P alone */
  t_free(t);
}

static void test_eval_only_check_without_among(void) {
  T *t = load(AGR "  clause x: only B among g may host P;\n}\n");
  HOLDS(t, "only B may host P");     /* C: owner A's default shuts it out */
  t_free(t);
  t = load(AGR "  clause x: only B among g may host U;\n}\n");
  FAILS(t, "only B may host U");     /* C is not excluded from U */
  HOLDS(t, "only B, C may host U");
  t_free(t);
}

static void test_eval_only_without_among_excludes_every_party(void) {
  T *t = load(AGR
              "  clause x: only B may host U;\n"
              "  clause y: only B among g may host V;\n"
              "}\n");
  STATUS(t, "B", "host", "U", NULL, ST_PERMITTED);
  STATUS(t, "A", "host", "U", NULL, ST_FORBIDDEN);
  STATUS(t, "C", "host", "U", NULL, ST_FORBIDDEN);
  HOLDS(t, "only B may host U");
  STATUS(t, "A", "host", "V", NULL, ST_FORBIDDEN);
  STATUS(t, "C", "host", "V", NULL, ST_PERMITTED);   /* outside g */
  t_free(t);
}

static void test_eval_only_with_group_subject(void) {
  T *t = load(AGR "  clause x: only g may host U;\n}\n");
  STATUS(t, "A", "host", "U", NULL, ST_PERMITTED);
  STATUS(t, "B", "host", "U", NULL, ST_PERMITTED);
  STATUS(t, "C", "host", "U", NULL, ST_FORBIDDEN);
  HOLDS(t, "only A, B may host U");
  HOLDS(t, "only g may host U");
  FAILS(t, "only A may host U");
  t_free(t);
}

/* ---- flows ---- */

#define FLOWS                                                                 \
  AGR                                                                        \
  "  clause i: A invests $50B in B committed $15B;\n"                        \
  "  clause o: A owns 27% of B valued $135B;\n"                              \
  "  clause s: A shares 20% of revenue from g with B;\n"                     \
  "  clause r: C shares 10% of revenue with A;\n"                            \
  "  clause p: A pays B $1.5M;\n"                                            \
  "  clause w: A supplies 2GW to B;\n"                                       \
  "  clause x: A pays C $1M until 2026-02-01;\n"                             \
  "}\n"

static void test_eval_flow_invests(void) {
  T *t = load(FLOWS);
  HOLDS(t, "A invests $50B in B");
  HOLDS(t, "A invests $50,000M in B");          /* amounts compared exactly */
  HOLDS(t, "A invests $50B in B committed $15B");
  HOLDS(t, "A invests $50B in B committed $15,000,000,000");
  FAILS(t, "A invests $50B in B committed $10B");
  FAILS(t, "A invests $40B in B");
  FAILS(t, "B invests $50B in A");
  FAILS(t, "A invests $50B in C");
  t_free(t);
  t = load(AGR "  clause i: A invests $50B in B;\n}\n");
  HOLDS(t, "A invests $50B in B");
  FAILS(t, "A invests $50B in B committed $15B");  /* not stated */
  t_free(t);
}

static void test_eval_flow_owns_shares_pays_supplies(void) {
  T *t = load(FLOWS);
  HOLDS(t, "A owns 27% of B");
  HOLDS(t, "A owns 27% of B valued $135B");
  FAILS(t, "A owns 27% of B valued $100B");
  FAILS(t, "A owns 27.0001% of B");
  HOLDS(t, "A shares 20% of revenue with B");
  HOLDS(t, "A shares 20% of revenue from g with B");
  FAILS(t, "A shares 20% of revenue from C with B");
  FAILS(t, "A shares 20% of revenue from A with B");  /* by name */
  HOLDS(t, "C shares 10% of revenue with A");
  FAILS(t, "C shares 10% of revenue from g with A");
  HOLDS(t, "A pays B $1.5M");
  HOLDS(t, "A pays B $1,500,000");
  FAILS(t, "B pays A $1.5M");
  FAILS(t, "A pays B $1.6M");
  HOLDS(t, "A supplies 2GW to B");
  HOLDS(t, "A supplies 2000MW to B");
  FAILS(t, "A supplies 1GW to B");
  t_free(t);
}

static void test_eval_flow_not_and_activity(void) {
  T *t = load(FLOWS
              "dispute D {\n"
              "  outcome o { B pays A $3M; }\n"
              "  outcome v { void G.p; }\n"
              "}\n");
  HOLDS(t, "not A pays B $2M");
  FAILS(t, "not A pays B $1.5M");
  FAILS(t, "A pays C $1M");                    /* expired */
  HOLDS(t, "A pays C $1M at 2026-01-15");
  FAILS(t, "B pays A $3M");
  HOLDS(t, "B pays A $3M under o");            /* the outcome's own flow */
  HOLDS(t, "not A pays B $1.5M under v");
  FAILS(t, "A pays B $1.5M at 2025-12-31");    /* before signing */
  t_free(t);
}

/* ---- worlds ---- */

static void test_eval_under_two_disputes(void) {
  T *t = load("dispute D { outcome d1 { order B may not host U; } outcome d2 { } }\n"
              "dispute E { outcome e1 { order C may not host U; } outcome e2 { } }\n");
  HOLDS(t, "B may not host U under d1 and e1");
  HOLDS(t, "C may not host U under d1 and e1");
  HOLDS(t, "C may host U under d1 and e2");
  HOLDS(t, "B may not host U under d1 and d1");   /* = under d1 */
  HOLDS(t, "B may host U");
  t_free(t);
}

static void test_eval_world_with_clashing_outcomes_is_error(void) {
  T *t = t_load(PRELUDE
                "dispute D { outcome d1 { fact f = true; } }\n"
                "dispute E { outcome e1 { fact f = false; } outcome e2 { fact f = true; } }\n");
  CU_ASSERT(t->resolve_ok);
  CU_ASSERT_EQUAL(t_check(t, "A may host U under d1 and e1"), -1);
  CU_ASSERT_EQUAL(t_check(t, "A may host U under d1 and e2"), 1);
  t_free(t);
}

static void test_eval_with_probability_two_disputes(void) {
  T *t = load("group h = B, C;\n"
              "dispute D {\n"
              "  outcome d1 probability 60% { order B may not host U; }\n"
              "  outcome d2 probability 40% { }\n"
              "}\n"
              "dispute E {\n"
              "  outcome e1 probability 50% { order C may not host U; }\n"
              "  outcome e2 probability 50% { }\n"
              "}\n");
  HOLDS(t, "B may not host U with probability 60%");
  FAILS(t, "B may not host U with probability 40%");
  HOLDS(t, "C may host U with probability 50%");
  HOLDS(t, "h may not host U with probability 30%");   /* 60% x 50% */
  FAILS(t, "h may not host U with probability 50%");
  HOLDS(t, "h may host U with probability 20%");        /* 40% x 50% */
  HOLDS(t, "not C may not host U with probability 50%");
  HOLDS(t, "A may host U with probability 100%");
  HOLDS(t, "A may not host U with probability 0%");
  /* to within 0.01 percentage points */
  HOLDS(t, "h may not host U with probability 30.01%");
  HOLDS(t, "h may not host U with probability 29.99%");
  FAILS(t, "h may not host U with probability 30.02%");
  FAILS(t, "h may not host U with probability 29.98%");
  t_free(t);
}

static void test_eval_with_probability_uneven_weights(void) {
  T *t = load("dispute D {\n"
              "  outcome d1 probability 33.3333% { order B may not host U; }\n"
              "  outcome d2 probability 66.6667% { }\n"
              "}\n"
              "dispute E {\n"
              "  outcome e1 probability 12.5% { order B must host V; }\n"
              "  outcome e2 probability 87.5% { }\n"
              "}\n");
  HOLDS(t, "B may not host U with probability 33.3333%");
  HOLDS(t, "B must host V with probability 12.5%");
  HOLDS(t, "B may host U with probability 66.6667%");
  FAILS(t, "B may host U with probability 66.65%");
  t_free(t);
}

static void test_eval_world_date_defaults(void) {
  static const char *const body =
      "party A;\nparty B;\naction host;\nproduct P owned by A;\nproduct U;\n"
      "agreement G1 between A, B signed 2026-01-01 {\n"
      "  clause a: B may not host U until 2026-02-01;\n"
      "}\n"
      "agreement G2 between A, B signed 2026-03-01 {\n"
      "  clause b: B must host P;\n"
      "}\n";
  /* no scenario: the latest signed date, 2026-03-01 */
  T *t = t_load(body);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  CU_ASSERT_EQUAL(resolve_default_date(t->p), 20260301);
  HOLDS(t, "B must host P");          /* G2 is in force */
  HOLDS(t, "B may host U");           /* a has ended */
  t_free(t);
  /* the scenario's `as of` wins */
  char src[1024];
  snprintf(src, sizeof src, "scenario \"s\" as of 2026-01-15;\n%s", body);
  t = t_load(src);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  CU_ASSERT_EQUAL(resolve_default_date(t->p), 20260115);
  FAILS(t, "B must host P");
  HOLDS(t, "B may not host U");
  HOLDS(t, "B must host P at 2026-03-01");   /* and `at` wins over both */
  t_free(t);
}

/* ---- the example of LANGUAGE.md section 1 ---- */

static const char *const example =
    "scenario \"Microsoft v. OpenAI and Amazon\" as of 2026-03-01;\n"
    "party Microsoft \"Microsoft Corporation\" aka Azure;\n"
    "party OpenAI    \"OpenAI Group PBC\";\n"
    "party Amazon    \"Amazon.com, Inc.\" aka AWS;\n"
    "party Google    \"Google Cloud\";\n"
    "group clouds = Microsoft, Amazon, Google;\n"
    "group third_party_clouds = Amazon, Google;\n"
    "action host \"serve the product to customers from its cloud\";\n"
    "action distribute \"resell or distribute the product\";\n"
    "action use \"exploit the intellectual property in its own products\";\n"
    "action partner with \"enter a cloud partnership with\";\n"
    "product ModelIP         \"IP in OpenAI's models and products\" owned by OpenAI;\n"
    "product ModelAccess     \"access to OpenAI models\"            owned by OpenAI;\n"
    "product StatelessAPI    \"stateless OpenAI API\"               is ModelAccess;\n"
    "product StatefulRuntime \"Stateful Runtime Environment\"       is ModelAccess;\n"
    "product Frontier        \"OpenAI Frontier\"                    owned by OpenAI;\n"
    "fact agi_declared = false;\n"
    "fact safety_measures = true;\n"
    "agreement MSFT_OpenAI \"Definitive agreement\" between Microsoft, OpenAI signed 2025-10-28 {\n"
    "  clause ip:              only Microsoft among clouds may use ModelIP until 2032-12-31;\n"
    "  clause post_agi:        Microsoft may use ModelIP if agi_declared and safety_measures;\n"
    "  clause api_exclusivity: only Microsoft among clouds may host StatelessAPI;\n"
    "  clause contemplated:    OpenAI may partner with clouds;\n"
    "  clause revenue_share:   OpenAI shares 20% of revenue from clouds with Microsoft;\n"
    "  clause stake:           Microsoft owns 27% of OpenAI valued $135B;\n"
    "}\n"
    "agreement AWS_OpenAI \"Strategic partnership\" between Amazon, OpenAI signed 2026-02-27 {\n"
    "  clause investment: Amazon invests $50B in OpenAI committed $15B;\n"
    "  clause runtime:    Amazon must host StatefulRuntime;\n"
    "  clause frontier:   only Amazon among third_party_clouds may distribute Frontier;\n"
    "  clause compute:    Amazon supplies 2GW to OpenAI;\n"
    "}\n"
    "dispute cloud_exclusivity \"Microsoft v. OpenAI and Amazon\" {\n"
    "  plaintiff Microsoft;\n"
    "  defendants OpenAI, Amazon;\n"
    "  claim \"AWS_OpenAI.runtime breaches MSFT_OpenAI.api_exclusivity\";\n"
    "  outcome microsoft_wins \"API exclusivity covers all model access\" probability 30% {\n"
    "    construe MSFT_OpenAI.api_exclusivity as covering ModelAccess;\n"
    "    uphold MSFT_OpenAI.api_exclusivity;\n"
    "    void AWS_OpenAI.runtime;\n"
    "  }\n"
    "  outcome openai_amazon_win \"Other clouds were always contemplated\" probability 45% {\n"
    "    uphold AWS_OpenAI.runtime;\n"
    "  }\n"
    "  outcome settlement \"Amazon keeps the runtime, Microsoft's share rises\" probability 25% {\n"
    "    amend MSFT_OpenAI.revenue_share: OpenAI shares 25% of revenue from clouds with Microsoft;\n"
    "    clause azure_stateless: only Microsoft among clouds may host StatelessAPI until 2032-12-31;\n"
    "  }\n"
    "}\n"
    "expect Amazon must host StatefulRuntime;\n"
    "expect Amazon may not host StatefulRuntime under microsoft_wins;\n"
    "expect only Microsoft among clouds may host ModelAccess under microsoft_wins;\n"
    "expect only Amazon among third_party_clouds may distribute Frontier;\n"
    "expect Microsoft may not use ModelIP at 2033-01-01;\n"
    "expect OpenAI shares 25% of revenue from clouds with Microsoft under settlement;\n"
    "expect not OpenAI shares 20% of revenue from clouds with Microsoft under settlement;\n"
    "expect Amazon may host StatefulRuntime with probability 70%;\n";

static void test_eval_language_example_expects_hold(void) {
  T *t = t_load(example);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  CU_ASSERT_EQUAL(t->p->nexpects, 8);
  EvalScratch x = {0};
  for (uint32_t i = 0; i < t->p->nexpects; i++) {
    CheckResult r = {0};
    check_expect(t->m, &x, t->p->expects[i], &r);
    CU_ASSERT(r.holds && !r.error);
    if (!r.holds) fprintf(stderr, "\n  fails: %s\n", t->p->expects[i]->text);
    check_result_free(&r);
  }
  eval_scratch_free(&x);
  t_free(t);
}

/* Section 7 worked through, and the checks that must not hold. */
static void test_eval_language_example_worked(void) {
  T *t = t_load(example);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  STATUS(t, "Amazon", "host", "StatefulRuntime", "microsoft_wins", ST_FORBIDDEN);
  STATUS(t, "Amazon", "host", "StatefulRuntime", "openai_amazon_win", ST_REQUIRED);
  STATUS(t, "Amazon", "host", "StatefulRuntime", "settlement", ST_REQUIRED);
  HOLDS(t, "AWS must host StatefulRuntime");                /* alias */
  FAILS(t, "Amazon may host StatefulRuntime with probability 75%");
  FAILS(t, "only Microsoft among clouds may host ModelAccess");
  HOLDS(t, "Microsoft may use ModelIP");
  FAILS(t, "Microsoft may use ModelIP at 2033-01-01");
  HOLDS(t, "Amazon may not use ModelIP");
  FAILS(t, "OpenAI shares 25% of revenue from clouds with Microsoft");
  HOLDS(t, "Amazon invests $50,000M in OpenAI committed $15B");
  HOLDS(t, "Amazon supplies 2000MW to OpenAI");
  HOLDS(t, "OpenAI may partner with Google");
  t_free(t);
}

/* Groups and `is` chains nest at least 10,000 levels deep. */
static void test_eval_deep_group_and_product_chains(void) {
  enum { N = 10000 };
  size_t cap = (size_t)N * 64 + 4096;
  char *src = malloc(cap), *o = src;
  o += sprintf(o, "party A;\nparty B;\naction host;\nproduct U;\n"
                  "group g0 = A;\nproduct p0 owned by A;\n");
  for (int i = 1; i < N; i++)
    o += sprintf(o, "group g%d = g%d;\nproduct p%d is p%d;\n", i, i - 1, i,
                 i - 1);
  sprintf(o, "agreement G between A, B signed 2026-01-01 {\n"
             "  clause a: g%d may not host U;\n"
             "  clause b: B may host p0;\n"
             "}\n", N - 1);
  T *t = t_load(src);
  free(src);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  HOLDS(t, "A may not host U");        /* through 10,000 groups */
  HOLDS(t, "B may host U");
  char check[64];
  snprintf(check, sizeof check, "B may host p%d", N - 1);
  HOLDS(t, check);                     /* the clause covers 10,000 levels */
  snprintf(check, sizeof check, "A may host p%d", N - 1);
  HOLDS(t, check);                     /* the owner, inherited */
  t_free(t);
}

/* `required` counts as permitted in the `only` check. */
static void test_eval_only_check_counts_required(void) {
  T *t = load(AGR "  clause x: only B may host U;\n  clause y: B must host U;\n}\n");
  HOLDS(t, "only B may host U");
  t_free(t);
  t = load(AGR "  clause x: only B may host U;\n  clause y: B may not host U;\n}\n");
  FAILS(t, "only B may host U");       /* contested is not permitted */
  t_free(t);
}

/* An outcome's clause may override an agreement clause it names. */
static void test_eval_outcome_clause_overrides_upheld_clause(void) {
  T *t = load(AGR "  clause a: B may not host P;\n}\n"
              "dispute D {\n"
              "  outcome o { uphold G.a; clause n: B may host P overrides G.a; }\n"
              "  outcome k { uphold G.a; clause n: B may host P; }\n"
              "}\n");
  STATUS(t, "B", "host", "P", "o", ST_PERMITTED);
  STATUS(t, "B", "host", "P", "k", ST_CONTESTED);
  t_free(t);
}

/* A program of more than INDEX_BULK clauses is indexed in one sorted run
 * (eval.c); clauses added after it (the REPL) extend a slot of the run or
 * start one in the table, and both are found. */
static void test_eval_bulk_index_then_additions(void) {
  enum { N = 1200 };
  size_t cap = 64 * N + 256, n = 0;
  char *text = malloc(cap);
  n += (size_t)snprintf(text + n, cap - n, "party A; party B; action use; action sell;\n");
  for (int i = 0; i < N; i++)
    n += (size_t)snprintf(text + n, cap - n, "product P%d owned by B;\n", i);
  n += (size_t)snprintf(text + n, cap - n, "agreement G between A, B signed 2025-01-01 {\n");
  for (int i = 0; i < N; i++)
    n += (size_t)snprintf(text + n, cap - n, "  clause c%d: A may use P%d;\n", i, i);
  n += (size_t)snprintf(text + n, cap - n, "}\n");
  T *t = t_load_len(text, n);
  free(text);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  CU_ASSERT_EQUAL(t->m->norms.nrun, N);   /* the bulk path was taken */
  CU_ASSERT_EQUAL(t->m->norms.count, 0);
  STATUS(t, "A", "use", "P0", NULL, ST_PERMITTED);
  STATUS(t, "A", "use", "P7", NULL, ST_PERMITTED);
  STATUS(t, "A", "use", "P1199", NULL, ST_PERMITTED);
  STATUS(t, "A", "sell", "P8", NULL, ST_FORBIDDEN);  /* B's: the default */
  const char *more = "agreement H between A, B signed 2025-01-01 {\n"
                     "  clause x: A may not use P7;\n"
                     "  clause y: A may sell P8;\n}\n";
  CU_ASSERT_TRUE(parse_string(t->p, "<more>", more, strlen(more), false, NULL, NULL));
  CU_ASSERT_TRUE(resolve_program(t->p));
  model_sync(t->m);
  CU_ASSERT_EQUAL(t->m->norms.nrun, N);
  CU_ASSERT_EQUAL(t->m->norms.count, 1);  /* (sell, P8) is new */
  STATUS(t, "A", "use", "P7", NULL, ST_CONTESTED);
  STATUS(t, "A", "sell", "P8", NULL, ST_PERMITTED);
  STATUS(t, "A", "use", "P9", NULL, ST_PERMITTED);
  t_free(t);
}

/* An `under` naming one outcome of each of 70 disputes: every one of
 * them acts (the engine once dropped those past the 64th). */
static void test_eval_under_seventy_outcomes(void) {
  size_t cap = 70 * 256 + 1024, n = 0;
  char *src = malloc(cap);
  n += (size_t)snprintf(src + n, cap - n, "party A;\naction sell;\n"
                        "product P owned by A;\n");
  for (int i = 1; i <= 70; i++)
    n += (size_t)snprintf(src + n, cap - n, "party B%d;\n", i);
  n += (size_t)snprintf(src + n, cap - n,
                        "agreement L between A, B1 signed 2025-01-01 {\n");
  for (int i = 1; i <= 70; i++)
    n += (size_t)snprintf(src + n, cap - n, "  clause c%d: B%d may sell P;\n", i, i);
  n += (size_t)snprintf(src + n, cap - n, "}\n");
  for (int i = 1; i <= 70; i++)
    n += (size_t)snprintf(src + n, cap - n, "dispute d%d {\n  outcome o%d {\n"
                          "    void L.c%d;\n  }\n  outcome k%d {\n  }\n}\n",
                          i, i, i, i);
  T *t = t_load(src);
  free(src);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  char check[2048];
  size_t k = (size_t)snprintf(check, sizeof check, "B70 may not sell P under o1");
  for (int i = 2; i <= 70; i++)
    k += (size_t)snprintf(check + k, sizeof check - k, " and o%d", i);
  CU_ASSERT_EQUAL(t_check(t, check), 1);
  CU_ASSERT_EQUAL(t_check(t, "B70 may sell P under o1"), 1);
  /* the same world through an outcome list */
  char under[1024];
  k = 0;
  for (int i = 1; i <= 70; i++) k += (size_t)snprintf(under + k, sizeof under - k, "%so%d", i > 1 ? "," : "", i);
  CU_ASSERT_EQUAL(t_status(t, "B70", "sell", "P", under, 0), ST_FORBIDDEN);
  CU_ASSERT_EQUAL(t_status(t, "B69", "sell", "P", under, 0), ST_FORBIDDEN);
  t_free(t);
}

static const UnitTest tests[] = {
    UNIT_TEST(test_eval_under_seventy_outcomes),
    UNIT_TEST(test_eval_agreement_in_force_inclusive),
    UNIT_TEST(test_eval_clause_from_until_inclusive),
    UNIT_TEST(test_eval_condition_if),
    UNIT_TEST(test_eval_condition_unless),
    UNIT_TEST(test_eval_condition_precedence),
    UNIT_TEST(test_eval_condition_outcome_fact),
    UNIT_TEST(test_eval_void),
    UNIT_TEST(test_eval_construe_replaces_object),
    UNIT_TEST(test_eval_construe_covers_products_below),
    UNIT_TEST(test_eval_amend_keeps_ordinary_tier),
    UNIT_TEST(test_eval_amend_replaces_modifiers),
    UNIT_TEST(test_eval_amend_keeps_agreement_window),
    UNIT_TEST(test_eval_amend_changes_key),
    UNIT_TEST(test_eval_uphold_inactive_yields_nothing),
    UNIT_TEST(test_eval_outcome_clause_in_ruling_tier),
    UNIT_TEST(test_eval_outcome_clauses_of_one_tier_conflict),
    UNIT_TEST(test_eval_order_above_everything),
    UNIT_TEST(test_eval_defeat_by_higher_tier),
    UNIT_TEST(test_eval_overrides_does_not_cross_tiers),
    UNIT_TEST(test_eval_same_polarity_not_defeated_by_higher_tier),
    UNIT_TEST(test_eval_defeated_norm_defeats_nothing_across_tiers),
    UNIT_TEST(test_eval_overrides_direct),
    UNIT_TEST(test_eval_overrides_chain_through_inactive_middle),
    UNIT_TEST(test_eval_overrides_chain_from_amendment),
    UNIT_TEST(test_eval_exception_to_exception_reinstates_rule),
    UNIT_TEST(test_eval_contested),
    UNIT_TEST(test_eval_required_vs_permitted),
    UNIT_TEST(test_eval_default_closure_owned),
    UNIT_TEST(test_eval_default_unowned_permitted),
    UNIT_TEST(test_eval_default_only_without_norms),
    UNIT_TEST(test_eval_group_subjects),
    UNIT_TEST(test_eval_group_objects),
    UNIT_TEST(test_eval_product_hierarchy_in_clauses_not_checks),
    UNIT_TEST(test_eval_only_check_over_children),
    UNIT_TEST(test_eval_only_check_without_among),
    UNIT_TEST(test_eval_only_without_among_excludes_every_party),
    UNIT_TEST(test_eval_only_with_group_subject),
    UNIT_TEST(test_eval_flow_invests),
    UNIT_TEST(test_eval_flow_owns_shares_pays_supplies),
    UNIT_TEST(test_eval_flow_not_and_activity),
    UNIT_TEST(test_eval_under_two_disputes),
    UNIT_TEST(test_eval_world_with_clashing_outcomes_is_error),
    UNIT_TEST(test_eval_with_probability_two_disputes),
    UNIT_TEST(test_eval_with_probability_uneven_weights),
    UNIT_TEST(test_eval_world_date_defaults),
    UNIT_TEST(test_eval_deep_group_and_product_chains),
    UNIT_TEST(test_eval_only_check_counts_required),
    UNIT_TEST(test_eval_outcome_clause_overrides_upheld_clause),
    UNIT_TEST(test_eval_bulk_index_then_additions),
    UNIT_TEST(test_eval_language_example_expects_hold),
    UNIT_TEST(test_eval_language_example_worked),
};

UNIT_MAIN("eval", tests)
