/* test_resolve: names, kinds, cycles, prepositions, probabilities, outcome
 * statements and the warnings of LANGUAGE.md sections 3-5 and 8. */
#include "unit.h"

#define PRELUDE                                                               \
  "party Amazon aka AWS;\n"                                                  \
  "party Microsoft;\n"                                                       \
  "party OpenAI;\n"                                                          \
  "group clouds = Amazon, Microsoft;\n"                                      \
  "action host;\n"                                                           \
  "action partner with;\n"                                                   \
  "product P owned by OpenAI;\n"                                             \
  "fact f = true;\n"
/* PRELUDE is eight lines: a test's own text starts on line 9. */

#define AGR "agreement G between Amazon, OpenAI signed 2026-01-01 {\n"

/* ---- names ---- */

static void test_resolve_clean_program(void) {
  T *t = t_load(PRELUDE AGR
                "  clause a: AWS may host P if f;\n"
                "  clause b: OpenAI may partner with clouds overrides a;\n"
                "  clause c: Amazon pays OpenAI $1M;\n"
                "}\n");
  CU_ASSERT(t->parse_ok);
  CU_ASSERT(t->resolve_ok);
  CU_ASSERT_EQUAL(t->d.errors, 0);
  CU_ASSERT_EQUAL(t->d.warnings, 0);
  CU_ASSERT_PTR_NOT_NULL(t->m);
  t_free(t);
}

static void test_resolve_names_used_before_declared(void) {
  T *t = t_load("group g = Late;\n"
                "agreement G between Late, Later signed 2026-01-01 {\n"
                "  clause a: Late may host Thing overrides b;\n"
                "  clause b: Later may not host Thing;\n"
                "}\n"
                "party Late;\nparty Later;\naction host;\nproduct Thing;\n");
  CU_ASSERT(t->resolve_ok);
  CU_ASSERT_EQUAL(t->d.errors, 0);
  t_free(t);
}

static void test_resolve_alias_means_its_party(void) {
  T *t = t_load(PRELUDE AGR "  clause a: AWS must host P;\n}\n");
  CU_ASSERT(t->resolve_ok);
  if (t->p->nclauses == 1) {
    IdSet *s = &t->p->clauses[0]->body->subjects;
    CU_ASSERT_EQUAL(s->n, 1);
    CU_ASSERT(idset_has(s, t_party(t, "Amazon")));
  }
  CU_ASSERT_EQUAL(t_party(t, "AWS"), t_party(t, "Amazon"));
  t_free(t);
}

static void test_resolve_unknown_name_did_you_mean(void) {
  T *t = t_load(PRELUDE AGR
                "  clause a: Amazn may host P;\n"         /* 10 */
                "  clause b: Amazon may hots P;\n"        /* 11 */
                "  clause c: Amazon may host Q;\n"        /* 12 */
                "  clause d: Zyxwvuts may host P;\n"      /* 13 */
                "}\n");
  CU_ASSERT(t->parse_ok);
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 10, 13,
                  LQ "Amazn" RQ "; did you mean " LQ "Amazon" RQ "?"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 11, 24,
                  "did you mean " LQ "host" RQ "?"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 12, 29, "unknown"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 13, 13, "unknown"));
  CU_ASSERT_FALSE(t_has(t, DIAG_ERROR, 13, 0, "did you mean"));
  CU_ASSERT_EQUAL(t->d.errors, 4);
  t_free(t);
}

/* Two neighbouring letters swapped are one slip, not two: `rnu` is near
 * `run` though three letters allow only one edit; case is ignored; a
 * word far from every candidate has no suggestion. */
static void test_resolve_nearest_swapped_letters(void) {
  const char *cands[] = {"run", "test", "diff", "query", "Amazon"};
  CU_ASSERT_STRING_EQUAL(diag_nearest("rnu", cands, 5), "run");
  CU_ASSERT_STRING_EQUAL(diag_nearest("tset", cands, 5), "test");
  CU_ASSERT_STRING_EQUAL(diag_nearest("querry", cands, 5), "query");
  CU_ASSERT_STRING_EQUAL(diag_nearest("Amzaon", cands, 5), "Amazon");
  CU_ASSERT_STRING_EQUAL(diag_nearest("AMAZON", cands, 5), "Amazon");
  CU_ASSERT_PTR_NULL(diag_nearest("nur", cands, 5));   /* two edits away */
  CU_ASSERT_PTR_NULL(diag_nearest("frobnicate", cands, 5));
}

/* The suggestion is of the kind wanted: an action, not a party. */
static void test_resolve_did_you_mean_right_kind(void) {
  T *t = t_load("party hosts;\naction host;\nproduct P;\n"
                "agreement G between hosts signed 2026-01-01 {\n"
                "  clause a: hosts may hostt P;\n"
                "}\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 5, 23, "did you mean " LQ "host" RQ));
  CU_ASSERT_FALSE(t_has(t, DIAG_ERROR, 5, 23, LQ "hosts" RQ "?"));
  t_free(t);
}

static void test_resolve_unknown_clause_at_clause_part(void) {
  T *t = t_load(PRELUDE AGR
                "  clause alpha: Amazon may host P;\n"
                "}\n"
                "dispute D {\n"
                "  outcome o {\n"
                "    uphold G.alpah;\n"     /* 14 */
                "    void Gee.alpha;\n"     /* 15 */
                "  }\n"
                "}\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 14, 14, "did you mean " LQ "alpha" RQ));
  CU_ASSERT(t_has(t, DIAG_ERROR, 15, 10, "unknown"));
  t_free(t);
}

static void test_resolve_bare_clause_name_outside_agreement(void) {
  T *t = t_load(PRELUDE AGR
                "  clause a: Amazon may host P;\n"
                "}\n"
                "dispute D { outcome o { uphold a; } }\n");   /* 12 */
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 12, 32, "a"));
  t_free(t);
}

static void test_resolve_wrong_kinds(void) {
  T *t = t_load(PRELUDE AGR
                "  clause a: P may host P;\n"                 /* 10 */
                "  clause b: Amazon may host f;\n"            /* 11 */
                "  clause c: Amazon may Microsoft P;\n"       /* 12 */
                "  clause d: clouds pays OpenAI $1M;\n"       /* 13 */
                "  clause e: Amazon may host P if host;\n"    /* 14 */
                "}\n"
                "product Q is Amazon;\n"                      /* 16 */
                "product R owned by P;\n"                     /* 17 */
                "dispute D { outcome o { } }\n"
                "expect Amazon may host P under Amazon;\n");  /* 19 */
  CU_ASSERT(t->parse_ok);
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 10, 13, "expected a party or group"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 11, 29, "expected a product, party or group"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 12, 24, "expected an action"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 13, 13, "expected a party"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 14, 34, "expected a fact"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 16, 14, "expected a product"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 17, 20, "expected a party"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 19, 32, "expected an outcome"));
  CU_ASSERT_EQUAL(t->d.errors, 8);
  t_free(t);
}

/* Past 64 clauses a scope looks names up in its own index: duplicates,
 * overrides and outcome references must behave as in a short scope. */
static void test_resolve_clause_names_in_a_large_scope(void) {
  char text[16384];
  size_t n = (size_t)snprintf(text, sizeof text, "%s%s", PRELUDE, AGR);
  for (int i = 1; i <= 80; i++)                      /* lines 10..89 */
    n += (size_t)snprintf(text + n, sizeof text - n,
                          "  clause c%d: Amazon may host P%s;\n", i,
                          i == 80 ? " overrides c1, c79" : "");
  n += (size_t)snprintf(text + n, sizeof text - n,
                        "  clause c33: OpenAI may host P;\n"   /* 90 */
                        "  clause c81: OpenAI may host P overrides c177;\n"
                        "}\n"
                        "dispute d {\n"
                        "  plaintiff Amazon; defendants OpenAI;\n"
                        "  outcome o {\n"
                        "    void G.c2;\n"
                        "    void G.c999;\n");                 /* 97 */
  for (int i = 1; i <= 70; i++)                      /* lines 98..167 */
    n += (size_t)snprintf(text + n, sizeof text - n,
                          "    clause k%d: OpenAI may host P;\n", i);
  snprintf(text + n, sizeof text - n,
           "    clause k7: OpenAI may host P;\n"               /* 168 */
           "    clause k71: Amazon may host P overrides k70, k1;\n"
           "  }\n"
           "}\n");
  T *t = t_load(text);
  CU_ASSERT(t_has(t, DIAG_ERROR, 90, 10, "already declared in this agreement"));
  CU_ASSERT(t_has(t, DIAG_NOTE, 42, 10, "the first declaration of " LQ "c33"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 91, 43, "no clause"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 97, 12, "no clause"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 168, 12, "already declared in this outcome"));
  CU_ASSERT(t_has(t, DIAG_NOTE, 104, 12, "the first declaration of " LQ "k7"));
  CU_ASSERT_EQUAL(t->d.errors, 4);
  Agreement *g = t->p->agreements[0];
  CU_ASSERT_EQUAL(g->ncl, 82);
  CU_ASSERT_PTR_NOT_NULL(g->ix.h);                   /* the index is used */
  CU_ASSERT_PTR_EQUAL(ast_clause_find(&g->h, intern(&t->p->names, "c33", 3)),
                      g->cl[32]);
  Clause *c80 = g->cl[79];
  CU_ASSERT_EQUAL(c80->novr, 2);
  if (c80->novr == 2) {
    CU_ASSERT_PTR_EQUAL(c80->ovr[0], g->cl[0]);
    CU_ASSERT_PTR_EQUAL(c80->ovr[1], g->cl[78]);
  }
  CU_ASSERT_PTR_NULL(ast_clause_find(&t->p->parties[0]->h,
                                     intern(&t->p->names, "c1", 2)));
  t_free(t);
}

static void test_resolve_redefinition_at_second(void) {
  T *t = t_load(PRELUDE
                "product Amazon;\n"              /* 9 */
                "party X aka Microsoft;\n"       /* 10 */
                "fact f = false;\n"              /* 11 */
                AGR                              /* 12 */
                "  clause a: Amazon may host P;\n"
                "  clause a: OpenAI may host P;\n"   /* 14 */
                "}\n");
  CU_ASSERT_FALSE(t->parse_ok && t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 9, 9, "already declared"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 10, 13, "already declared"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 11, 6, "already declared"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 14, 10, "already declared"));
  CU_ASSERT_FALSE(t_has(t, DIAG_ERROR, 1, 0, NULL));   /* not the first */
  CU_ASSERT_FALSE(t_has(t, DIAG_ERROR, 13, 0, NULL));
  /* which a note points at (section 9) */
  CU_ASSERT(t_has(t, DIAG_NOTE, 13, 10, "the first declaration of " LQ "a" RQ));
  CU_ASSERT_EQUAL(t_count(t, DIAG_NOTE, NULL), 4);
  t_free(t);
}

/* A note goes with its error: kept while the error is, dropped past the
 * cap of 50 with it, and printed right after it, wherever it points. */
static void test_resolve_redefinition_notes_follow_errors(void) {
  char text[80 * 40 + 1] = "";
  for (int i = 0; i < 60; i++)   /* line 2i+1: first; 2i+2: again */
    snprintf(text + strlen(text), sizeof text - strlen(text),
             "party P%d;\nparty P%d;\n", i, i);
  T *t = t_parse(text);
  CU_ASSERT(t->d.errors > DIAG_MAX_ERRORS);  /* then reading stops */
  CU_ASSERT_EQUAL(t_count(t, DIAG_ERROR, NULL), DIAG_MAX_ERRORS);
  CU_ASSERT_EQUAL(t_count(t, DIAG_NOTE, NULL), DIAG_MAX_ERRORS);
  CU_ASSERT(t_has(t, DIAG_NOTE, 99, 7, LQ "P49" RQ));
  CU_ASSERT_FALSE(t_has(t, DIAG_NOTE, 101, 7, NULL));
  const char *out = t_flush_text(t);
  const char *e = strstr(out, "t.deal:4:7: error:");
  const char *n = strstr(out, "t.deal:3:7: note:");
  const char *e2 = strstr(out, "t.deal:6:7: error:");
  CU_ASSERT(e && n && e2 && e < n && n < e2);
  t_free(t);
}

/* Clause names are scoped by agreement: the same name in two is fine. */
static void test_resolve_clause_names_scoped(void) {
  T *t = t_load(PRELUDE AGR
                "  clause a: Amazon may host P;\n"
                "}\n"
                "agreement H between Microsoft, OpenAI signed 2026-01-01 {\n"
                "  clause a: Microsoft may host P overrides G.a;\n"
                "}\n");
  CU_ASSERT(t->resolve_ok);
  CU_ASSERT_EQUAL(t->d.errors, 0);
  if (t->p->nclauses == 2) {
    CU_ASSERT_EQUAL(t->p->clauses[1]->novr, 1);
    if (t->p->clauses[1]->novr == 1)
      CU_ASSERT_PTR_EQUAL(t->p->clauses[1]->ovr[0], t->p->clauses[0]);
  }
  t_free(t);
  /* inside an agreement a bare name is that agreement's own clause */
  t = t_load(PRELUDE AGR
             "  clause a: Amazon may host P;\n"
             "}\n"
             "agreement H between Microsoft, OpenAI signed 2026-01-01 {\n"
             "  clause b: Microsoft may host P overrides a;\n"     /* 13 */
             "}\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 13, 44, "no clause"));
  t_free(t);
}

/* ---- cycles, each reported once at its first declaration ---- */

static void test_resolve_group_cycle_once(void) {
  T *t = t_load(PRELUDE
                "group g1 = g2, Amazon;\n"   /* 9 */
                "group g2 = g3;\n"
                "group g3 = g1;\n"
                "group g4 = g2, g3;\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT_EQUAL(t_count(t, DIAG_ERROR, "cycle"), 1);
  CU_ASSERT(t_has(t, DIAG_ERROR, 9, 7, "cycle"));
  t_free(t);
}

static void test_resolve_group_self_cycle(void) {
  T *t = t_load(PRELUDE "group s = Amazon, s;\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT_EQUAL(t_count(t, DIAG_ERROR, "cycle"), 1);
  CU_ASSERT(t_has(t, DIAG_ERROR, 9, 7, "cycle"));
  t_free(t);
}

/* A cycle first declared later in the file is reported at that name. */
static void test_resolve_group_cycle_at_first_declaration(void) {
  T *t = t_load(PRELUDE
                "group outer = inner2;\n"    /* 9: not on the cycle */
                "group inner2 = inner1;\n"   /* 10 */
                "group inner1 = inner2;\n");
  CU_ASSERT_EQUAL(t_count(t, DIAG_ERROR, "cycle"), 1);
  CU_ASSERT(t_has(t, DIAG_ERROR, 10, 7, "cycle"));
  t_free(t);
}

static void test_resolve_is_cycle_once(void) {
  T *t = t_load(PRELUDE
                "product X is Y;\n"   /* 9 */
                "product Y is Z;\n"
                "product Z is X;\n"
                "product W is Y;\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT_EQUAL(t_count(t, DIAG_ERROR, "cycle"), 1);
  CU_ASSERT(t_has(t, DIAG_ERROR, 9, 9, "cycle"));
  t_free(t);
}

static void test_resolve_is_self_cycle(void) {
  T *t = t_load(PRELUDE "product X is X;\n");
  CU_ASSERT_EQUAL(t_count(t, DIAG_ERROR, "cycle"), 1);
  CU_ASSERT(t_has(t, DIAG_ERROR, 9, 9, "cycle"));
  t_free(t);
}

static void test_resolve_overrides_cycle_once(void) {
  T *t = t_load(PRELUDE AGR
                "  clause a: Amazon may host P overrides b;\n"      /* 10 */
                "  clause b: Amazon may not host P overrides c;\n"
                "  clause c: Amazon must host P overrides a;\n"
                "  clause d: OpenAI may host P overrides a;\n"
                "}\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT_EQUAL(t_count(t, DIAG_ERROR, "cycle"), 1);
  CU_ASSERT(t_has(t, DIAG_ERROR, 10, 10, "cycle"));
  t_free(t);
}

static void test_resolve_overrides_self_cycle(void) {
  T *t = t_load(PRELUDE AGR "  clause a: Amazon may host P overrides a;\n}\n");
  CU_ASSERT_EQUAL(t_count(t, DIAG_ERROR, "cycle"), 1);
  CU_ASSERT(t_has(t, DIAG_ERROR, 10, 10, "cycle"));
  t_free(t);
}

/* An amendment can close a cycle that exists only in its outcome's world. */
static void test_resolve_overrides_cycle_made_by_amendment(void) {
  T *t = t_load(PRELUDE AGR
                "  clause a: Amazon may host P overrides b;\n"   /* 10 */
                "  clause b: Amazon may not host P;\n"
                "}\n"
                "dispute D { outcome o {\n"
                "  amend G.b: Amazon may not host P overrides a;\n"
                "} }\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT_EQUAL(t_count(t, DIAG_ERROR, "cycle"), 1);
  t_free(t);
  /* the same amendment without the back edge is fine */
  t = t_load(PRELUDE AGR
             "  clause a: Amazon may host P overrides b;\n"
             "  clause b: Amazon may not host P;\n"
             "}\n"
             "dispute D { outcome o {\n"
             "  amend G.b: Amazon may not host P until 2027-01-01;\n"
             "} }\n");
  CU_ASSERT(t->resolve_ok);
  t_free(t);
}

/* One cycle, reached again from an outcome that amends a clause pointing
 * into it, is still one cycle and reported once.
 * (LANGUAGE.md section 8: once, at its first declaration). */
static void test_resolve_overrides_cycle_once_with_outcomes(void) {
  T *t = t_load(PRELUDE AGR
                "  clause a: Amazon may host P overrides b;\n"   /* 10 */
                "  clause b: Amazon may not host P overrides a;\n"
                "  clause c: OpenAI may host P;\n"
                "}\n"
                "dispute D { outcome o {\n"
                "  amend G.c: OpenAI may not host P overrides a;\n"
                "} }\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT_EQUAL(t_count(t, DIAG_ERROR, "cycle"), 1);
  CU_ASSERT(t_has(t, DIAG_ERROR, 10, 10, "cycle"));
  t_free(t);
}

/* ---- prepositions ---- */

static void test_resolve_preposition_errors(void) {
  T *t = t_load(PRELUDE AGR
                "  clause a: OpenAI may partner Amazon;\n"       /* 10 */
                "  clause b: OpenAI may partner to Amazon;\n"    /* 11 */
                "  clause c: OpenAI may host with P;\n"          /* 12 */
                "  clause d: OpenAI may partner with Amazon;\n"  /* 13: fine */
                "}\n");
  CU_ASSERT(t->parse_ok);
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT_EQUAL(t->d.errors, 3);
  CU_ASSERT(t_has(t, DIAG_ERROR, 10, 32, LQ "with" RQ));
  CU_ASSERT(t_has(t, DIAG_ERROR, 11, 32, "not " LQ "to" RQ));
  CU_ASSERT(t_has(t, DIAG_ERROR, 12, 29, "no preposition"));
  CU_ASSERT_FALSE(t_has(t, DIAG_ERROR, 13, 0, NULL));
  t_free(t);
}

static void test_resolve_preposition_in_check(void) {
  T *t = t_load(PRELUDE);
  CU_ASSERT_EQUAL(t_check(t, "OpenAI may partner Amazon"), -1);
  CU_ASSERT(t_has(t, DIAG_ERROR, 0, 0, LQ "with" RQ));
  CU_ASSERT_EQUAL(t_check(t, "OpenAI may partner with Amazon"), 1);
  t_free(t);
}

/* ---- disputes ---- */

static void test_resolve_probabilities_must_add_to_100(void) {
  T *t = t_load(PRELUDE
                "dispute D {\n"                                 /* 9 */
                "  outcome o1 probability 30% { }\n"
                "  outcome o2 probability 60% { }\n"
                "}\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 9, 9, "90%"));   /* at the dispute's name */
  t_free(t);
  t = t_load(PRELUDE
             "dispute D {\n"
             "  outcome o1 probability 33.3333% { }\n"
             "  outcome o2 probability 66.6667% { }\n"
             "}\n");
  CU_ASSERT(t->resolve_ok);
  if (t->p->ndisputes == 1) CU_ASSERT(t->p->disputes[0]->has_probs);
  t_free(t);
  t = t_load(PRELUDE
             "dispute D {\n"
             "  outcome o1 probability 50.0001% { }\n"
             "  outcome o2 probability 50% { }\n"
             "}\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  t_free(t);
}

static void test_resolve_probabilities_all_or_none(void) {
  T *t = t_load(PRELUDE
                "dispute D {\n"
                "  outcome o1 probability 100% { }\n"
                "  outcome o2 { }\n"                      /* 11 */
                "}\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 11, 11, "probability"));
  t_free(t);
  t = t_load(PRELUDE "dispute D { outcome o1 { } outcome o2 { } }\n");
  CU_ASSERT(t->resolve_ok);
  if (t->p->ndisputes == 1) CU_ASSERT_FALSE(t->p->disputes[0]->has_probs);
  t_free(t);
}

#define DISPUTE                                                               \
  "dispute D {\n"                                                            \
  "  outcome o1 probability 40% { }\n"                                       \
  "  outcome o2 probability 60% { }\n"                                       \
  "}\n"                                                                      \
  "dispute E {\n"                                                            \
  "  outcome e1 probability 50% { }\n"                                       \
  "  outcome e2 probability 50% { }\n"                                       \
  "}\n"
/* DISPUTE is eight lines. */

static void test_resolve_with_probability_takes_no_under(void) {
  T *t = t_load(PRELUDE DISPUTE
                "expect Amazon may host P under o1 with probability 40%;\n");
  CU_ASSERT_FALSE(t->parse_ok && t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 17, 35, "under"));   /* at `with` */
  t_free(t);
  t = t_load(PRELUDE DISPUTE);
  CU_ASSERT_EQUAL(t_check(t, "OpenAI may host P under o1 with probability 100%"), -1);
  CU_ASSERT_EQUAL(t_check(t, "OpenAI may host P with probability 100%"), 1);
  t_free(t);
}

static void test_resolve_with_probability_needs_probabilities(void) {
  T *t = t_load(PRELUDE "dispute D { outcome o1 { } outcome o2 { } }\n"
                "expect OpenAI may host P with probability 100%;\n");  /* 10 */
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 10, 26, "probabilit"));
  t_free(t);
}

static void test_resolve_two_outcomes_of_one_dispute(void) {
  T *t = t_load(PRELUDE DISPUTE
                "expect OpenAI may host P under o1 and o2;\n");   /* 17 */
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 17, 39, "same dispute"));
  t_free(t);
  t = t_load(PRELUDE DISPUTE
             "expect OpenAI may host P under o1 and o1;\n"
             "expect OpenAI may host P under o1 and e2;\n");
  CU_ASSERT(t->resolve_ok);
  CU_ASSERT_EQUAL(t->d.errors, 0);
  t_free(t);
}

#define TWO_CLAUSES                                                           \
  AGR                                                                        \
  "  clause a: Amazon may host P;\n"                                         \
  "  clause b: Amazon pays OpenAI $1M;\n"                                    \
  "}\n"
/* lines 9-12 */

static void test_resolve_void_with_uphold(void) {
  T *t = t_load(PRELUDE TWO_CLAUSES
                "dispute D { outcome o {\n"   /* 13 */
                "  uphold G.a;\n"
                "  void G.a;\n"               /* 15 */
                "} }\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT_EQUAL(t->d.errors, 1);
  CU_ASSERT(t_has(t, DIAG_ERROR, 15, 10, "void"));
  t_free(t);
  t = t_load(PRELUDE TWO_CLAUSES
             "dispute D { outcome o { void G.a; uphold G.a; } }\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  t_free(t);
}

static void test_resolve_statement_twice_on_clause(void) {
  T *t = t_load(PRELUDE TWO_CLAUSES
                "dispute D { outcome o {\n"
                "  uphold G.a;\n"
                "  uphold G.a;\n"             /* 15 */
                "  construe G.a as covering P;\n"
                "  amend G.a: Amazon may not host P;\n"   /* 17 */
                "} }\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 15, 12, "uphold"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 17, 11, "construe"));
  CU_ASSERT_EQUAL(t->d.errors, 2);
  t_free(t);
  /* uphold and amend together are allowed */
  t = t_load(PRELUDE TWO_CLAUSES
             "dispute D { outcome o {\n"
             "  uphold G.a;\n"
             "  amend G.a: Amazon may not host P;\n"
             "} }\n");
  CU_ASSERT(t->resolve_ok);
  t_free(t);
}

static void test_resolve_construe_of_flow_clause(void) {
  T *t = t_load(PRELUDE TWO_CLAUSES
                "dispute D { outcome o {\n"
                "  construe G.b as covering P;\n"   /* 14 */
                "} }\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 14, 14, "flow"));
  t_free(t);
  t = t_load(PRELUDE TWO_CLAUSES
             "dispute D { outcome o { construe G.a as covering P; } }\n");
  CU_ASSERT(t->resolve_ok);
  t_free(t);
}

static void test_resolve_outcome_acts_on_agreement_clauses_only(void) {
  T *t = t_load(PRELUDE TWO_CLAUSES
                "dispute D { outcome o {\n"
                "  clause own: Amazon may host P;\n"
                "  uphold own;\n"                     /* 15 */
                "} }\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 15, 10, "agreement clauses"));
  t_free(t);
}

static void test_resolve_outcome_fact(void) {
  T *t = t_load(PRELUDE
                "dispute D { outcome o {\n"
                "  fact nofact = true;\n"      /* 10 */
                "  fact f = false;\n"
                "  fact f = true;\n"           /* 12 */
                "} }\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 10, 8, "unknown"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 12, 8, "already set"));
  t_free(t);
}

static void test_resolve_dispute_needs_outcome(void) {
  T *t = t_load(PRELUDE "dispute D { plaintiff Amazon; }\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 9, 9, "outcome"));
  t_free(t);
}

/* ---- dates ---- */

static void test_resolve_until_before_signed(void) {
  T *t = t_load(PRELUDE
                "agreement G between Amazon, OpenAI signed 2026-01-01 "
                "until 2025-12-31 { }\n");
  CU_ASSERT_FALSE(t->parse_ok && t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 9, 60, NULL));   /* at the until date */
  t_free(t);
  t = t_load(PRELUDE
             "agreement G between Amazon, OpenAI signed 2026-01-01 "
             "until 2026-01-01 { }\n");
  CU_ASSERT(t->resolve_ok);
  t_free(t);
}

static void test_resolve_clause_from_after_until(void) {
  T *t = t_load(PRELUDE AGR
                "  clause a: Amazon may host P from 2026-06-02 until 2026-06-01;\n"
                "  clause b: Amazon may host P until 2026-06-01 from 2026-06-02;\n"
                "  clause c: Amazon may host P from 2026-06-01 until 2026-06-01;\n"
                "}\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT_EQUAL(t->d.errors, 2);
  CU_ASSERT(t_has(t, DIAG_ERROR, 10, 36, NULL));   /* at the from date */
  CU_ASSERT(t_has(t, DIAG_ERROR, 11, 53, NULL));
  t_free(t);
}

/* ---- warnings ---- */

static void test_resolve_warn_clause_window_outside_agreement(void) {
  T *t = t_load(PRELUDE
                "agreement G between Amazon, OpenAI signed 2026-01-01 until 2026-12-31 {\n"
                "  clause a: Amazon may host P from 2025-06-01;\n"    /* 10 */
                "  clause b: Amazon may host P until 2027-06-01;\n"   /* 11 */
                "  clause c: Amazon may host P from 2026-01-01 until 2026-12-31;\n"
                "  clause d: Amazon may host P from 2027-02-01;\n"    /* 13 */
                "}\n");
  CU_ASSERT(t->resolve_ok);             /* warnings only */
  CU_ASSERT_EQUAL(t->d.errors, 0);
  CU_ASSERT_EQUAL(t->d.warnings, 3);
  CU_ASSERT(t_has(t, DIAG_WARNING, 10, 36, NULL));
  CU_ASSERT(t_has(t, DIAG_WARNING, 11, 37, NULL));
  CU_ASSERT(t_has(t, DIAG_WARNING, 13, 36, NULL));
  CU_ASSERT_FALSE(t_has(t, DIAG_WARNING, 12, 0, NULL));
  t_free(t);
}

static void test_resolve_warn_only_subject_outside_among(void) {
  T *t = t_load(PRELUDE AGR
                "  clause a: only OpenAI among clouds may host P;\n"          /* 10 */
                "  clause b: only Amazon among clouds may host P;\n"          /* 11 */
                "  clause c: only Amazon, OpenAI among clouds may host P;\n"  /* 12 */
                "}\n");
  CU_ASSERT(t->resolve_ok);
  CU_ASSERT_EQUAL(t->d.warnings, 2);
  CU_ASSERT(t_has(t, DIAG_WARNING, 10, 18, "OpenAI"));
  CU_ASSERT(t_has(t, DIAG_WARNING, 12, 26, "OpenAI"));
  CU_ASSERT_FALSE(t_has(t, DIAG_WARNING, 11, 0, NULL));
  t_free(t);
}

/* In a check it is an error, not a warning. */
static void test_resolve_only_check_subject_outside_among(void) {
  T *t = t_load(PRELUDE "expect only OpenAI among clouds may host P;\n");  /* 9 */
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 9, 13, "OpenAI"));
  t_free(t);
  t = t_load(PRELUDE);
  CU_ASSERT_EQUAL(t_check(t, "only OpenAI among clouds may host P"), -1);
  CU_ASSERT_EQUAL(t_check(t, "only Amazon among clouds may host P"), 0);
  t_free(t);
}

static void test_resolve_warn_outcomes_clash(void) {
  T *t = t_load(PRELUDE TWO_CLAUSES
                "dispute D { outcome d1 { void G.a; } }\n"
                "dispute E { outcome e1 { uphold G.a; } outcome e2 { void G.a; } }\n"); /* 14 */
  CU_ASSERT(t->resolve_ok);
  CU_ASSERT_EQUAL(t->d.warnings, 1);
  CU_ASSERT(t_has(t, DIAG_WARNING, 14, 21, "d1"));
  /* a world with both is an error; the same statement is not a clash */
  CU_ASSERT_EQUAL(t_check(t, "Amazon may host P under d1 and e1"), -1);
  CU_ASSERT_EQUAL(t_check(t, "Amazon may not host P under d1 and e2"), 1);
  t_free(t);
}

/* Every combination is weighed, even those of weight 0: a clash in any
 * makes a `with probability` check an error. */
static void test_resolve_with_probability_clash_is_error(void) {
  T *t = t_load(PRELUDE
                "dispute D { outcome d1 probability 0% { fact f = false; }\n"
                "            outcome d2 probability 100% { } }\n"
                "dispute E { outcome e1 probability 100% { fact f = true; } }\n");
  CU_ASSERT(t->resolve_ok);
  CU_ASSERT_EQUAL(t_check(t, "OpenAI may host P with probability 100%"), -1);
  CU_ASSERT_EQUAL(t_check(t, "OpenAI may host P under d2 and e1"), 1);
  t_free(t);
}

static void test_resolve_between_takes_groups_and_aliases(void) {
  T *t = t_load(PRELUDE
                "agreement G between clouds, AWS, OpenAI signed 2026-01-01 { }\n"
                "agreement H between P, f signed 2026-01-01 { }\n");   /* 10 */
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT_EQUAL(t->d.errors, 2);
  CU_ASSERT(t_has(t, DIAG_ERROR, 10, 21, "product"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 10, 24, "fact"));
  CU_ASSERT_FALSE(t_has(t, DIAG_ERROR, 9, 0, NULL));
  t_free(t);
}

/* Inside an outcome a bare name is one of its own clauses (in `overrides`
 * of an amendment: one of the amended clause's agreement); Outcome.clause
 * names an outcome's clause from elsewhere. */
static void test_resolve_clause_names_in_outcomes(void) {
  T *t = t_load(PRELUDE TWO_CLAUSES
                "dispute D {\n"
                "  outcome o {\n"
                "    clause n: Amazon may not host P overrides m;\n"
                "    clause m: Amazon must host P;\n"
                "    amend G.b: Amazon pays OpenAI $2M;\n"
                "    amend G.a: Amazon may host P overrides b;\n"
                "  }\n"
                "  outcome k { clause z: OpenAI may host P overrides o.n; }\n"
                "}\n");
  CU_ASSERT(t->resolve_ok);
  CU_ASSERT_EQUAL(t->d.errors, 0);
  t_free(t);
  t = t_load(PRELUDE TWO_CLAUSES
             "dispute D { outcome o {\n"
             "  clause n: Amazon may not host P overrides a;\n"   /* 14 */
             "} }\n");
  CU_ASSERT_FALSE(t->resolve_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 14, 45, "no clause"));
  t_free(t);
}


/* A large program's clauses are resolved by two threads (resolve.c): the
 * messages, their order, the error cap and every binding must be those of
 * one thread.  Errors and warnings are spread over both halves, more than
 * the cap, with an overrides cycle in each half. */
static char *split_text(void) {
  size_t cap = 1 << 20, n = 0;
  char *s = malloc(cap);
  n += (size_t)sprintf(s + n, "party A; party B; party C;\ngroup G = A, B;\n"
                       "action host;\nproduct P;\nfact F = true;\n");
  for (int k = 1; k <= 400; k++) {
    if (cap - n < 1024) s = realloc(s, cap *= 2);
    const char *who = k % 37 == 0 ? "Nobody" : k % 5 ? "A" : "G";
    const char *what = k % 53 == 0 ? "Q" : "P";
    const char *when = k % 41 == 0 ? " from 2010-01-01" : "";
    const char *ovr = k % 97 == 0 ? " overrides c3" : "";
    n += (size_t)sprintf(s + n,
        "agreement X%d between A, B signed 2020-01-01 {\n"
        "  clause c1: only %s among G may host %s%s;\n"
        "  clause c2: B may not host P if F overrides c1;\n"
        "  clause c3: C must host P unless Fx%d%s;\n"
        "  clause c4: A may host P overrides c%d;\n"
        "}\n", k, who, what, when, k % 29 == 0 ? k : 0, ovr,
        k % 61 == 0 ? 9 : 2);
  }
  return s;
}

/* With threads 1, or 2 sharing from 2 clauses on (the second thread must
 * really run). */
static char *split_run(const char *text, int threads, int *errors,
                       int *warnings, uint32_t *digest) {
  t_threads(threads, threads > 1 ? 2 : 0);
  uint64_t ran = par_helper_chunks();
  T *t = t_parse(text);
  CU_ASSERT_EQUAL(t->p->syntax_errors, 0);
  t_finish(t);
  if (threads > 1) CU_ASSERT(par_helper_chunks() > ran);
  t_threads(2, 0);
  *errors = t->d.errors;
  *warnings = t->d.warnings;
  /* every clause's bindings */
  uint32_t h = 2166136261u;
  for (uint32_t i = 0; i < t->p->nclauses; i++) {
    const Clause *c = t->p->clauses[i];
    const Body *b = c->body;
    h = (h ^ c->novr) * 16777619u;
    for (uint32_t k = 0; k < c->novr; k++)
      h = (h ^ (uint32_t)(uintptr_t)c->ovr[k]->index) * 16777619u;
    if (!b->is_flow) {
      h = (h ^ b->subjects.n) * 16777619u;
      for (uint32_t k = 0; k < b->subjects.n; k++)
        h = (h ^ (uint32_t)b->subjects.v[k]) * 16777619u;
      h = (h ^ (b->obj ? b->obj->index + 1u : 0u)) * 16777619u;
    }
  }
  *digest = h;
  char *out = strdup(t_flush_text(t));
  t_free(t);
  return out;
}

static void test_resolve_two_threads_as_one(void) {
  char *text = split_text();
  int e1, w1, e2, w2;
  uint32_t h1, h2;
  char *one = split_run(text, 1, &e1, &w1, &h1);
  char *two = split_run(text, 2, &e2, &w2, &h2);
  CU_ASSERT(e1 > DIAG_MAX_ERRORS);  /* the cap is reached */
  CU_ASSERT(w1 > 0);
  CU_ASSERT_EQUAL(e1, e2);
  CU_ASSERT_EQUAL(w1, w2);
  CU_ASSERT_EQUAL(h1, h2);
  CU_ASSERT_STRING_EQUAL(one, two);
  free(one);
  free(two);
  free(text);
}

static const UnitTest tests[] = {
    UNIT_TEST(test_resolve_clean_program),
    UNIT_TEST(test_resolve_names_used_before_declared),
    UNIT_TEST(test_resolve_alias_means_its_party),
    UNIT_TEST(test_resolve_unknown_name_did_you_mean),
    UNIT_TEST(test_resolve_did_you_mean_right_kind),
    UNIT_TEST(test_resolve_nearest_swapped_letters),
    UNIT_TEST(test_resolve_unknown_clause_at_clause_part),
    UNIT_TEST(test_resolve_bare_clause_name_outside_agreement),
    UNIT_TEST(test_resolve_wrong_kinds),
    UNIT_TEST(test_resolve_redefinition_at_second),
    UNIT_TEST(test_resolve_redefinition_notes_follow_errors),
    UNIT_TEST(test_resolve_clause_names_in_a_large_scope),
    UNIT_TEST(test_resolve_clause_names_scoped),
    UNIT_TEST(test_resolve_group_cycle_once),
    UNIT_TEST(test_resolve_group_self_cycle),
    UNIT_TEST(test_resolve_group_cycle_at_first_declaration),
    UNIT_TEST(test_resolve_is_cycle_once),
    UNIT_TEST(test_resolve_is_self_cycle),
    UNIT_TEST(test_resolve_overrides_cycle_once),
    UNIT_TEST(test_resolve_overrides_self_cycle),
    UNIT_TEST(test_resolve_overrides_cycle_made_by_amendment),
    UNIT_TEST(test_resolve_overrides_cycle_once_with_outcomes),
    UNIT_TEST(test_resolve_preposition_errors),
    UNIT_TEST(test_resolve_preposition_in_check),
    UNIT_TEST(test_resolve_probabilities_must_add_to_100),
    UNIT_TEST(test_resolve_probabilities_all_or_none),
    UNIT_TEST(test_resolve_with_probability_takes_no_under),
    UNIT_TEST(test_resolve_with_probability_needs_probabilities),
    UNIT_TEST(test_resolve_two_outcomes_of_one_dispute),
    UNIT_TEST(test_resolve_with_probability_clash_is_error),
    UNIT_TEST(test_resolve_between_takes_groups_and_aliases),
    UNIT_TEST(test_resolve_void_with_uphold),
    UNIT_TEST(test_resolve_statement_twice_on_clause),
    UNIT_TEST(test_resolve_construe_of_flow_clause),
    UNIT_TEST(test_resolve_outcome_acts_on_agreement_clauses_only),
    UNIT_TEST(test_resolve_clause_names_in_outcomes),
    UNIT_TEST(test_resolve_outcome_fact),
    UNIT_TEST(test_resolve_dispute_needs_outcome),
    UNIT_TEST(test_resolve_until_before_signed),
    UNIT_TEST(test_resolve_clause_from_after_until),
    UNIT_TEST(test_resolve_warn_clause_window_outside_agreement),
    UNIT_TEST(test_resolve_warn_only_subject_outside_among),
    UNIT_TEST(test_resolve_only_check_subject_outside_among),
    UNIT_TEST(test_resolve_warn_outcomes_clash),
    UNIT_TEST(test_resolve_two_threads_as_one),
};

UNIT_MAIN("resolve", tests)
