/* test_parser: the syntax of LANGUAGE.md sections 3-5, where syntax errors
 * are reported (section 8), recovery, and `include`. */
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#define PRELUDE                                                               \
  "party A;\n"                                                               \
  "party B;\n"                                                               \
  "action host;\n"                                                           \
  "product P owned by A;\n"
/* PRELUDE is four lines: a test's own text starts on line 5. */

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
    "product ModelIP \"IP\" owned by OpenAI;\n"
    "product ModelAccess \"access\" owned by OpenAI;\n"
    "product StatelessAPI \"stateless\" is ModelAccess;\n"
    "product StatefulRuntime \"SRE\" is ModelAccess;\n"
    "product Frontier \"OpenAI Frontier\" owned by OpenAI;\n"
    "fact agi_declared = false;\n"
    "fact safety_measures = true;\n"
    "agreement MSFT_OpenAI \"Definitive\" between Microsoft, OpenAI signed 2025-10-28 {\n"
    "  clause ip: only Microsoft among clouds may use ModelIP until 2032-12-31;\n"
    "  clause post_agi: Microsoft may use ModelIP if agi_declared and safety_measures;\n"
    "  clause api_exclusivity: only Microsoft among clouds may host StatelessAPI;\n"
    "  clause contemplated: OpenAI may partner with clouds;\n"
    "  clause revenue_share: OpenAI shares 20% of revenue from clouds with Microsoft;\n"
    "  clause stake: Microsoft owns 27% of OpenAI valued $135B;\n"
    "}\n"
    "agreement AWS_OpenAI between Amazon, OpenAI signed 2026-02-27 {\n"
    "  clause investment: Amazon invests $50B in OpenAI committed $15B;\n"
    "  clause runtime: Amazon must host StatefulRuntime;\n"
    "  clause frontier: only Amazon among third_party_clouds may distribute Frontier;\n"
    "  clause compute: Amazon supplies 2GW to OpenAI;\n"
    "}\n"
    "dispute cloud_exclusivity \"M v. O\" {\n"
    "  plaintiff Microsoft;\n"
    "  defendants OpenAI, Amazon;\n"
    "  claim \"AWS_OpenAI.runtime breaches MSFT_OpenAI.api_exclusivity\";\n"
    "  outcome microsoft_wins \"all model access\" probability 30% {\n"
    "    construe MSFT_OpenAI.api_exclusivity as covering ModelAccess;\n"
    "    uphold MSFT_OpenAI.api_exclusivity;\n"
    "    void AWS_OpenAI.runtime;\n"
    "  }\n"
    "  outcome openai_amazon_win probability 45% {\n"
    "    uphold AWS_OpenAI.runtime;\n"
    "  }\n"
    "  outcome settlement probability 25% {\n"
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

/* ---- valid programs ---- */

static void test_parser_language_example_parses(void) {
  T *t = t_load(example);
  CU_ASSERT(t->parse_ok);
  CU_ASSERT(t->resolve_ok);
  CU_ASSERT_EQUAL(t->d.errors, 0);
  CU_ASSERT_EQUAL(t->d.warnings, 0);
  Program *p = t->p;
  CU_ASSERT(p->has_scenario);
  CU_ASSERT_EQUAL(p->asof, 20260301);
  CU_ASSERT_EQUAL(p->nparties, 4);
  CU_ASSERT_EQUAL(p->naliases, 2);
  CU_ASSERT_EQUAL(p->ngroups, 2);
  CU_ASSERT_EQUAL(p->nactions, 4);
  CU_ASSERT_EQUAL(p->nproducts, 5);
  CU_ASSERT_EQUAL(p->nfacts, 2);
  CU_ASSERT_EQUAL(p->nagreements, 2);
  CU_ASSERT_EQUAL(p->ndisputes, 1);
  CU_ASSERT_EQUAL(p->noutcomes, 3);
  CU_ASSERT_EQUAL(p->nexpects, 8);
  /* 10 agreement clauses and the settlement's own clause */
  CU_ASSERT_EQUAL(p->nclauses, 11);
  t_free(t);
}

static void test_parser_declarations_recorded(void) {
  T *t = t_load(
      "party A \"Alpha Inc.\" aka Al, Alf;\n"
      "party B;\n"
      "action partner with \"partner\";\n"
      "product P \"p\" owned by A;\n"
      "product Q is P;\n"
      "fact f = true;\n"
      "agreement G \"t\" between A, B signed 2026-01-01 until 2027-01-01 {\n"
      "  clause c: A may partner with B from 2026-02-01 until 2026-03-01 "
      "if f unless not f overrides d;\n"
      "  clause d: B must not partner with A;\n"
      "}\n");
  CU_ASSERT(t->resolve_ok);
  Program *p = t->p;
  CU_ASSERT_EQUAL(p->naliases, 2);
  CU_ASSERT_STRING_EQUAL(p->parties[0]->display, "Alpha Inc.");
  CU_ASSERT_PTR_NULL(p->parties[1]->display);
  CU_ASSERT_EQUAL(p->actions[0]->prep, PREP_WITH);
  CU_ASSERT(p->products[1]->has_parent);
  CU_ASSERT_PTR_EQUAL(p->products[1]->own, p->parties[0]);
  CU_ASSERT(p->facts[0]->value);
  CU_ASSERT(p->agreements[0]->has_until);
  CU_ASSERT_EQUAL(p->agreements[0]->until_d, 20270101);
  CU_ASSERT_EQUAL(p->nclauses, 2);
  if (p->nclauses == 2) {
    Body *b = p->clauses[0]->body;
    CU_ASSERT(b->mods && b->mods->has_from && b->mods->has_until && b->mods->has_ovr);
    CU_ASSERT_EQUAL(b->mods->from, 20260201);
    CU_ASSERT_PTR_NOT_NULL(b->mods->if_c);
    CU_ASSERT_PTR_NOT_NULL(b->mods->unless_c);
    CU_ASSERT_EQUAL(b->modal, M_MAY);
    CU_ASSERT_EQUAL(p->clauses[1]->body->modal, M_MUST_NOT);
    CU_ASSERT_EQUAL(p->clauses[0]->novr, 1);
    CU_ASSERT_PTR_EQUAL(p->clauses[0]->ovr ? p->clauses[0]->ovr[0] : NULL,
                        p->clauses[1]);
  }
  t_free(t);
}

static void test_parser_condition_precedence_tree(void) {
  /* not > and > or: `a or not b and c` is a or ((not b) and c) */
  T *t = t_load(PRELUDE
                "fact a = true;\nfact b = true;\nfact c = true;\n"
                "agreement G between A, B signed 2026-01-01 {\n"
                "  clause x: A may host P if a or not b and c;\n"
                "}\n");
  CU_ASSERT(t->resolve_ok);
  if (t->p->nclauses == 1) {
    Cond *k = t->p->clauses[0]->body->mods->if_c;
    CU_ASSERT_EQUAL(k->k, C_OR);
    CU_ASSERT_EQUAL(k->n, 2);
    if (k->k == C_OR && k->n == 2) {
      CU_ASSERT_EQUAL(k->kids[0]->k, C_FACT);
      CU_ASSERT_EQUAL(k->kids[1]->k, C_AND);
      if (k->kids[1]->k == C_AND)
        CU_ASSERT_EQUAL(k->kids[1]->kids[0]->k, C_NOT);
    }
  }
  t_free(t);
}

static void test_parser_empty_agreement_and_outcome(void) {
  T *t = t_load(PRELUDE
                "agreement G between A, B signed 2026-01-01 { }\n"
                "dispute D { outcome o { } }\n");
  CU_ASSERT(t->parse_ok);
  CU_ASSERT(t->resolve_ok);
  t_free(t);
}

static void test_parser_dispute_items_any_order(void) {
  T *t = t_load(PRELUDE
                "dispute D \"d\" {\n"
                "  claim \"c\";\n"
                "  outcome o1 { }\n"
                "  defendants B;\n"
                "  plaintiff A;\n"
                "  outcome o2 { }\n"
                "}\n");
  CU_ASSERT(t->parse_ok);
  CU_ASSERT(t->resolve_ok);
  if (t->p->ndisputes == 1) {
    CU_ASSERT(t->p->disputes[0]->has_claim);
    CU_ASSERT_EQUAL(t->p->disputes[0]->nouts, 2);
  }
  t_free(t);
}

static void test_parser_dispute_item_twice(void) {
  T *t = t_parse(PRELUDE
                 "dispute D {\n"
                 "  plaintiff A;\n"
                 "  plaintiff B;\n"
                 "  outcome o { }\n"
                 "}\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 7, 3, "plaintiff"));
  t_free(t);
}

static void test_parser_outcome_statements(void) {
  T *t = t_load(PRELUDE
                "fact f = true;\n"
                "agreement G between A, B signed 2026-01-01 {\n"
                "  clause a: B may host P;\n"
                "  clause b: B may not host P;\n"
                "  clause c: A pays B $1M;\n"
                "}\n"
                "dispute D {\n"
                "  outcome o {\n"
                "    uphold G.a;\n"
                "    void G.b;\n"
                "    amend G.c: A pays B $2M;\n"
                "    clause n: A may not host P;\n"
                "    order B must host P;\n"
                "    A pays B $5M;\n"
                "    fact f = false;\n"
                "  }\n"
                "}\n");
  CU_ASSERT(t->resolve_ok);
  if (t->p->noutcomes == 1) {
    Outcome *o = t->p->outcomes[0];
    CU_ASSERT_EQUAL(o->nst, 7);
    if (o->nst == 7) {
      CU_ASSERT_EQUAL(o->st[0]->k, S_UPHOLD);
      CU_ASSERT_EQUAL(o->st[1]->k, S_VOID);
      CU_ASSERT_EQUAL(o->st[2]->k, S_AMEND);
      CU_ASSERT_EQUAL(o->st[3]->k, S_CLAUSE);
      CU_ASSERT_EQUAL(o->st[4]->k, S_ORDER);
      CU_ASSERT_EQUAL(o->st[5]->k, S_FLOW);
      CU_ASSERT_EQUAL(o->st[6]->k, S_FACT);
      CU_ASSERT(o->st[4]->own && o->st[4]->own->is_order);
    }
  }
  t_free(t);
}

static void test_parser_check_forms(void) {
  T *t = t_load(PRELUDE
                "group g = A, B;\n"
                "dispute D { outcome o1 { } outcome o2 { } }\n"
                "expect A may host P;\n"
                "expect not B must host P at 2026-01-01;\n"
                "expect conflict B host P;\n"
                "expect only A among g may host P;\n"
                "expect not A pays B $1M under o1;\n"
                "query A may host P under o1 at 2026-05-01;\n"
                "query who may host P;\n");
  CU_ASSERT(t->parse_ok);
  CU_ASSERT(t->resolve_ok);
  CU_ASSERT_EQUAL(t->p->nexpects, 7);
  if (t->p->nexpects == 7) {
    CU_ASSERT_EQUAL(t->p->expects[1]->ck.k, CK_NORM);
    CU_ASSERT(t->p->expects[1]->ck.negate);
    CU_ASSERT(t->p->expects[1]->cx.has_at);
    CU_ASSERT_EQUAL(t->p->expects[2]->ck.k, CK_CONFLICT);
    CU_ASSERT_EQUAL(t->p->expects[3]->ck.k, CK_ONLY);
    CU_ASSERT_EQUAL(t->p->expects[4]->ck.k, CK_FLOW);
    CU_ASSERT_EQUAL(t->p->expects[5]->kind, E_QUERY);
    CU_ASSERT_EQUAL(t->p->expects[6]->ck.k, CK_WHO);
  }
  t_free(t);
}

/* ---- where syntax errors are reported ---- */

/* A missing `;` before a token on a later line: just after the token
 * before, where the `;` belongs. */
static void test_parser_missing_semicolon_before_next_line(void) {
  T *t = t_parse("party A\nparty B;\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT_EQUAL(t->d.errors, 1);
  const DiagMsg *m = t_first(t, DIAG_ERROR);
  CU_ASSERT_PTR_NOT_NULL(m);
  if (m) {
    CU_ASSERT_EQUAL(m->loc.line, 1);
    CU_ASSERT_EQUAL(m->loc.col, 8);
    CU_ASSERT_STRING_EQUAL(m->text, "missing " LQ ";" RQ " before " LQ "party"
                           RQ " on line 2");
  }
  t_free(t);
  /* blank lines and a comment between: still after the token before */
  t = t_parse("party A \"Alpha\"  # the first\n\n  group g = A;\n");
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 16, "missing " LQ ";" RQ " before "
                  LQ "group" RQ " on line 3"));
  t_free(t);
  /* in a clause, before a name */
  t = t_parse(PRELUDE
              "agreement G between A, B signed 2026-01-01 {\n"
              "  clause a: A may host P\n"
              "  clause b: B may host P;\n"
              "}\n");
  CU_ASSERT(t_has(t, DIAG_ERROR, 6, 25, "missing " LQ ";" RQ " before "
                  LQ "clause" RQ));
  CU_ASSERT_EQUAL(t->d.errors, 1);
  t_free(t);
}

/* On the same line, the error stays at the token found instead; and where
 * no `;` could come, a later line changes nothing. */
static void test_parser_missing_semicolon_same_line(void) {
  T *t = t_parse("party A party B;\n");
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 9, "unexpected " LQ "party" RQ));
  t_free(t);
  t = t_parse("group g = A,\nparty B;\n");
  CU_ASSERT(t_has(t, DIAG_ERROR, 2, 1, NULL));
  CU_ASSERT_EQUAL(t_count(t, DIAG_ERROR, "missing"), 0);
  t_free(t);
}

static void test_parser_missing_semicolon_at_eof(void) {
  T *t = t_parse("party A;\nparty B");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 2, 8, "end of file"));
  t_free(t);
  /* the end is on the line after: the `;` belongs after B */
  t = t_parse("party A;\nparty B\n");
  CU_ASSERT(t_has(t, DIAG_ERROR, 2, 8, "missing " LQ ";" RQ " before the "
                  "end of the file on line 3"));
  t_free(t);
}

/* The note of a missing `}`, at the `{` of the block: it follows its
 * error however the messages are sorted. */
static void test_parser_missing_brace_at_next_token(void) {
  T *t = t_parse(PRELUDE
                 "agreement G between A, B signed 2026-01-01 {\n"
                 "  clause a: A may host P;\n"
                 "party C;\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 7, 1, "party"));
  CU_ASSERT(t_has(t, DIAG_NOTE, 5, 44, "the block opened here"));
  CU_ASSERT_EQUAL(t_count(t, DIAG_NOTE, NULL), 1);
  const char *out = t_flush_text(t);
  const char *e = strstr(out, "t.deal:7:1: error:");
  const char *n = strstr(out, "t.deal:5:44: note:");
  CU_ASSERT(e && n && e < n);
  t_free(t);
  /* an outcome left open: the note is at the outcome's `{`, not the
   * dispute's */
  t = t_parse(PRELUDE
              "dispute d {\n"
              "  outcome o {\n"
              "    fact f = true;\n"
              "  outcome p { }\n"
              "}\n");
  CU_ASSERT(t_has(t, DIAG_ERROR, 8, 3, "outcome"));
  CU_ASSERT(t_has(t, DIAG_NOTE, 6, 13, NULL));
  CU_ASSERT_EQUAL(t_count(t, DIAG_NOTE, NULL), 1);
  t_free(t);
  /* a block closed, then another error: no note */
  t = t_parse(PRELUDE
              "agreement G between A, B signed 2026-01-01 {\n"
              "}\n"
              "party party;\n");
  CU_ASSERT_EQUAL(t_count(t, DIAG_NOTE, NULL), 0);
  t_free(t);
  /* an error closes its block at the first `}`: the block after has the
   * note, not the one before */
  t = t_parse(PRELUDE
              "agreement G between A, B signed 2026-01-01 { clause c: A may }\n"
              "agreement H between A, B signed 2026-01-01 { clause c: A may host P;\n"
              "party C;\n");
  CU_ASSERT(t_has(t, DIAG_ERROR, 5, 62, NULL));
  CU_ASSERT(t_has(t, DIAG_ERROR, 7, 1, "unexpected " LQ "party" RQ));
  CU_ASSERT(t_has(t, DIAG_NOTE, 6, 44, "the block opened here"));
  CU_ASSERT_EQUAL(t_count(t, DIAG_NOTE, NULL), 1);
  t_free(t);
}

static void test_parser_missing_brace_at_eof(void) {
  T *t = t_parse(PRELUDE
                 "agreement G between A, B signed 2026-01-01 {\n"
                 "  clause a: A may host P;\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT_EQUAL(t->d.errors, 1);
  CU_ASSERT(t_has(t, DIAG_ERROR, 7, 1, "end of file"));
  CU_ASSERT(t_has(t, DIAG_NOTE, 5, 44, "this block is not closed"));
  t_free(t);
}

/* Every place of the grammar where a name can stand, one at a time with a
 * keyword in it: the error says that the word is a keyword, at the word.
 * With a keyword that begins statements (`order`) too, but where a
 * statement begins: there it begins one (test_parser_keyword_at_start). */
static const char *const names_everywhere =
    "party A \"a\" aka AA, AB;\n"
    "party B;\n"
    "group g = A, B;\n"
    "action host;\n"
    "action partner with;\n"
    "product P \"p\" is Q owned by A;\n"
    "product Q;\n"
    "fact f = true;\n"
    "agreement G between A, B signed 2026-01-01 {\n"
    "  clause c: A, B may host P if f and not f2 or (f3) unless f4 overrides d, G.c2;\n"
    "  clause d: only A among g may partner with B;\n"
    "  clause e: A invests $1B in B committed $1M;\n"
    "  clause k: A pays B $1;\n"
    "  clause l: A owns 1% of B valued $1;\n"
    "  clause m: A shares 1% of revenue from P with B;\n"
    "  clause n: A supplies 1GW to B;\n"
    "}\n"
    "dispute D {\n"
    "  plaintiff A, B;\n"
    "  defendants B, A;\n"
    "  outcome o {\n"
    "    uphold G.c;\n"
    "    void G.d;\n"
    "    construe G.e as covering Q;\n"
    "    amend G.k: A pays B $2;\n"
    "    clause x: A may host P;\n"
    "    order B must host P;\n"
    "    A pays B $3;\n"
    "    fact f = false;\n"
    "  }\n"
    "}\n"
    "expect A may host P under o and o2;\n"
    "expect not A pays B $1;\n"
    "expect conflict A, B host P;\n"
    "query who may partner with B;\n"
    "A may host P;\n";

static bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_';
}

static bool is_kw(const char *s, size_t n) {
  for (size_t k = 0; k < lex_nkeywords; k++)
    if (strlen(lex_keywords[k]) == n && memcmp(lex_keywords[k], s, n) == 0)
      return true;
  return false;
}

/* text with the word of n bytes at i replaced by kw */
static char *replaced(const char *text, size_t i, size_t n, const char *kw) {
  size_t len = strlen(text), kl = strlen(kw);
  char *s = malloc(len - n + kl + 1);
  memcpy(s, text, i);
  memcpy(s + i, kw, kl);
  memcpy(s + i + kl, text + i + n, len - i - n + 1);
  return s;
}

static void test_parser_keyword_as_name_everywhere(void) {
  const char *text = names_everywhere;
  T *t = t_load(text);
  CU_ASSERT_EQUAL(t_count(t, DIAG_ERROR, "keyword"), 0);
  CU_ASSERT_EQUAL(t->p->syntax_errors, 0);
  t_free(t);
  int places = 0;
  uint32_t line = 1, col = 1;
  char last = ';';  /* the last character but blanks: a statement begins
                       after ; { } */
  for (size_t i = 0; text[i];) {
    char ch = text[i];
    if (ch == '"') {
      size_t j = i + 1;
      while (text[j] != '"') j++;
      col += (uint32_t)(j + 1 - i);
      i = j + 1;
      last = '"';
      continue;
    }
    if (!is_name_char(ch)) {
      if (ch == '\n') line++, col = 1;
      else col++;
      if (ch != ' ' && ch != '\n') last = ch;
      i++;
      continue;
    }
    size_t n = 0;
    while (is_name_char(text[i + n])) n++;
    bool ident = !(ch >= '0' && ch <= '9') && ch != '$' && !is_kw(text + i, n);
    bool starts = last == ';' || last == '{' || last == '}';
    for (int k = 0; ident && k < (starts ? 1 : 2); k++) {
      const char *kw = k == 0 ? "revenue" : "order";
      char *s = replaced(text, i, n, kw);
      T *u = t_parse(s);
      char want[64];
      snprintf(want, sizeof want, LQ "%s" RQ " is a keyword, not a name", kw);
      const DiagMsg *m = t_first(u, DIAG_ERROR);
      bool said = m && m->loc.line == line && m->loc.col == col &&
                  strcmp(m->text, want) == 0;
      if (!said)
        fprintf(stderr, "\n  %s at %u:%u: %s\n", kw, line, col,
                m ? m->text : "no error");
      CU_ASSERT(said);
      places += k == 0;
      t_free(u);
      free(s);
    }
    i += n;
    col += (uint32_t)n;
    last = 'x';
  }
  CU_ASSERT(places > 90);
}

/* Where a statement begins, a keyword that begins statements elsewhere is
 * a statement out of its place, not a name. */
static void test_parser_keyword_at_start(void) {
  T *t = t_parse(PRELUDE "uphold x;\n");
  CU_ASSERT(t_has(t, DIAG_ERROR, 5, 1, "unexpected " LQ "uphold" RQ));
  t_free(t);
  t = t_parse(PRELUDE "revenue may host P;\n");
  CU_ASSERT(t_has(t, DIAG_ERROR, 5, 1, LQ "revenue" RQ " is a keyword"));
  t_free(t);
  t = t_parse(PRELUDE "dispute d { outcome o { plaintiff A; } }\n");
  CU_ASSERT(t_has(t, DIAG_ERROR, 5, 25, "unexpected " LQ "plaintiff" RQ));
  t_free(t);
}

static void test_parser_error_at_unexpected_token(void) {
  /* `may` where the action was expected after the modal */
  T *t = t_parse(PRELUDE
                 "agreement G between A, B signed 2026-01-01 {\n"
                 "  clause a: A may may host P;\n"
                 "}\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 6, 19, "may"));
  t_free(t);
  /* a literal where a name is expected */
  t = t_parse("group g = A, 2026-01-01;\n");
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 14, NULL));
  t_free(t);
}

static void test_parser_recovery_reports_several_errors(void) {
  T *t = t_parse(PRELUDE
                 "party C\n"                                       /* 5 */
                 "party D;\n"                                      /* 6 */
                 "action use;\n"                                   /* 7 */
                 "agreement G between A, B signed 2026-01-01 {\n"  /* 8 */
                 "  clause a A may host P;\n"                      /* 9 */
                 "  clause b: A may host P;\n"                     /* 10 */
                 "  clause c: A host P;\n"                         /* 11 */
                 "}\n"                                             /* 12 */
                 "fact f = maybe;\n");                             /* 13 */
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT_EQUAL(t->d.errors, 4);
  CU_ASSERT(t_has(t, DIAG_ERROR, 5, 8, "missing"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 9, 12, NULL));
  CU_ASSERT(t_has(t, DIAG_ERROR, 11, 15, NULL));
  CU_ASSERT(t_has(t, DIAG_ERROR, 13, 10, NULL));
  /* the statement after the missing `;` (not the one that misses it) and
   * the good clause between the bad ones survive */
  CU_ASSERT_EQUAL(t->p->nparties, 3);
  CU_ASSERT_PTR_NOT_NULL(intern(&t->p->names, "D", 1)->decl);
  CU_ASSERT_PTR_NOT_NULL(t->p->nagreements == 1
                             ? ast_clause_find(&t->p->agreements[0]->h,
                                               intern(&t->p->names, "b", 1))
                             : NULL);
  t_free(t);
}

/* An error in the statement right after a recovered one is reported too
 * (LANGUAGE.md section 9): recovery ends at the `;`. */
static void test_parser_recovery_adjacent_statements(void) {
  T *t = t_parse("party ;\nparty ;\n");
  CU_ASSERT_EQUAL(t->d.errors, 2);
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 7, NULL));
  CU_ASSERT(t_has(t, DIAG_ERROR, 2, 7, NULL));
  t_free(t);
  t = t_parse(PRELUDE
              "party C\n"          /* 5: the `;` missing after C */
              "party D;\n"         /* 6 */
              "group = A;\n");     /* 7: error at `=` */
  CU_ASSERT(t_has(t, DIAG_ERROR, 5, 8, NULL));
  CU_ASSERT(t_has(t, DIAG_ERROR, 7, 7, NULL));
  t_free(t);
  /* the statement after a missing `;` is read as it stands: its own
   * error is reported, however close */
  t = t_parse("party C\nparty ;\n");
  CU_ASSERT_EQUAL(t->d.errors, 2);
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 8, "missing"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 2, 7, "unexpected " LQ ";" RQ));
  t_free(t);
}

/* Past the cap of 50 errors nothing more would be shown, so reading
 * stops: the 51st is counted (for "too many errors"), 50 are kept.
 * Lexical errors (bad escapes) are used so that recovery plays no part. */
static void test_parser_error_cap_counts_all(void) {
  char src[60 * 32 + 1] = "";
  for (int i = 0; i < 60; i++) {
    char line[32];
    snprintf(line, sizeof line, "party P%d \"\\q\";\n", i);
    strcat(src, line);
  }
  T *t = t_parse(src);
  CU_ASSERT(t->d.errors > DIAG_MAX_ERRORS);       /* then it stops */
  CU_ASSERT_EQUAL(t->d.nmsgs, DIAG_MAX_ERRORS);   /* at most 50 kept */
  const char *out = t_flush_text(t);
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "too many errors"));
  t_free(t);
}

static void test_parser_flush_prints_file_line_col(void) {
  T *t = t_parse("party A;\nparty party;\n");
  const char *out = t_flush_text(t);
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "t.deal:2:7: error: "));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, " 2 | party party;\n"));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "   |       ^~~~~\n"));
  CU_ASSERT_EQUAL(t->d.nmsgs, 0);   /* flushed messages are forgotten */
  CU_ASSERT_EQUAL(t->d.errors, 1);  /* but still counted */
  t_free(t);
}

static void test_parser_only_with_must_at_modal(void) {
  T *t = t_parse(PRELUDE
                 "group g = A, B;\n"
                 "agreement G between A, B signed 2026-01-01 {\n"
                 "  clause a: only A among g must host P;\n"
                 "  clause b: only A may not host P;\n"
                 "  clause c: only A shall host P;\n"
                 "  clause d: only A among g may host P;\n"
                 "}\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT_EQUAL(t_count(t, DIAG_ERROR, "only"), 3);
  CU_ASSERT(t_has(t, DIAG_ERROR, 7, 28, "only"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 8, 20, "only"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 9, 20, "only"));
  CU_ASSERT_FALSE(t_has(t, DIAG_ERROR, 10, 0, NULL));
  t_free(t);
}

static void test_parser_among_without_only(void) {
  T *t = t_parse(PRELUDE
                 "group g = A, B;\n"
                 "agreement G between A, B signed 2026-01-01 {\n"
                 "  clause a: A among g may host P;\n"
                 "}\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT_EQUAL(t->d.errors, 1);
  CU_ASSERT(t_has(t, DIAG_ERROR, 7, 15, "among"));
  t_free(t);
}

static void test_parser_duplicate_modifiers(void) {
  T *t = t_parse(PRELUDE
                 "fact f = true;\n"
                 "agreement G between A, B signed 2026-01-01 {\n"
                 "  clause a: A may host P until 2026-02-01 until 2026-03-01;\n"
                 "  clause b: A may host P if f if f;\n"
                 "  clause c: A may host P from 2026-02-01 from 2026-03-01;\n"
                 "  clause d: A may host P unless f unless f;\n"
                 "  clause e: A may host P overrides a overrides b;\n"
                 "  clause g: A may host P from 2026-02-01 until 2026-03-01 if f unless f overrides a;\n"
                 "}\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT_EQUAL(t->d.errors, 5);
  CU_ASSERT(t_has(t, DIAG_ERROR, 7, 43, "until"));   /* the second one */
  CU_ASSERT(t_has(t, DIAG_ERROR, 8, 31, "if"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 9, 42, "from"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 10, 35, "unless"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 11, 38, "overrides"));
  CU_ASSERT_FALSE(t_has(t, DIAG_ERROR, 12, 0, NULL));
  t_free(t);
}

static void test_parser_product_modifier_twice(void) {
  T *t = t_parse("party A;\nproduct P;\nproduct Q is P is P;\n"
                 "product R owned by A owned by A;\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 3, 16, "is"));
  CU_ASSERT(t_has(t, DIAG_ERROR, 4, 22, "owned"));
  t_free(t);
}

static void test_parser_scenario_twice(void) {
  T *t = t_parse("scenario \"a\" as of 2026-01-01;\nscenario \"b\" as of 2026-02-01;\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 2, 1, "scenario"));
  CU_ASSERT_EQUAL(t->p->asof, 20260101);   /* the first stays */
  t_free(t);
}

static void test_parser_question_only_in_repl(void) {
  T *t = t_parse(PRELUDE "A may host P?\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 5, 1, "REPL"));
  t_free(t);
}

static void test_parser_check_takes_no_modifiers(void) {
  T *t = t_parse(PRELUDE "expect A may host P until 2026-01-01;\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 5, 21, NULL));
  t_free(t);
}

static void test_parser_paren_depth_limit(void) {
  char *src = malloc(4096);
  char *o = src;
  o += sprintf(o, PRELUDE "fact f = true;\n"
                          "agreement G between A, B signed 2026-01-01 {\n"
                          "  clause a: A may host P if ");
  for (int i = 0; i < 256; i++) *o++ = '(';
  o += sprintf(o, "f");
  for (int i = 0; i < 256; i++) *o++ = ')';
  sprintf(o, ";\n}\n");
  T *t = t_load(src);
  CU_ASSERT(t->parse_ok);         /* 256 deep is allowed */
  t_free(t);
  o = src;
  o += sprintf(o, PRELUDE "fact f = true;\n"
                          "agreement G between A, B signed 2026-01-01 {\n"
                          "  clause a: A may host P if ");
  for (int i = 0; i < 257; i++) *o++ = '(';
  o += sprintf(o, "f");
  for (int i = 0; i < 257; i++) *o++ = ')';
  sprintf(o, ";\n}\n");
  t = t_parse(src);
  CU_ASSERT_FALSE(t->parse_ok);
  /* at the `(` that makes 257 open: col 29 is the first one */
  CU_ASSERT(t_has(t, DIAG_ERROR, 7, 29 + 256, NULL));
  t_free(t);
  free(src);
}

/* ---- include ---- */

static char tmpdir[256];

static void mkpath(char *out, size_t cap, const char *rel) {
  snprintf(out, cap, "%s/%s", tmpdir, rel);
}

static bool put(const char *rel, const char *text) {
  char path[512];
  mkpath(path, sizeof path, rel);
  return t_write(path, text);
}

static void fresh_dir(void) {
  snprintf(tmpdir, sizeof tmpdir, "/tmp/deal_unit_XXXXXX");
  CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpdir));
}

static void rm_dir(void) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", tmpdir);
}

static T *parse_main(const char *rel) {
  char path[512];
  mkpath(path, sizeof path, rel);
  T *t = t_parse_file(path);
  t_finish(t);
  return t;
}

static const char *msg_file(const T *t, const DiagMsg *m) {
  return m ? diag_file_name(&t->d, m->loc) : "";
}

static bool ends_with(const char *s, const char *suf) {
  size_t a = strlen(s), b = strlen(suf);
  return a >= b && strcmp(s + a - b, suf) == 0;
}

static void test_parser_include_relative_to_including_file(void) {
  fresh_dir();
  char sub[512];
  mkpath(sub, sizeof sub, "sub");
  CU_ASSERT_EQUAL_FATAL(mkdir(sub, 0700), 0);
  CU_ASSERT(put("main.deal", "include \"sub/a.deal\";\nparty M;\n"));
  CU_ASSERT(put("sub/a.deal", "include \"b.deal\";\nparty A;\n"));
  CU_ASSERT(put("sub/b.deal", "party B;\n"));
  CU_ASSERT(put("b.deal", "party WRONG;\n"));   /* not this one */
  T *t = parse_main("main.deal");
  CU_ASSERT(t->parse_ok);
  CU_ASSERT(t->resolve_ok);
  CU_ASSERT_EQUAL(t->p->nparties, 3);
  CU_ASSERT(t_party(t, "B") >= 0);
  CU_ASSERT(t_party(t, "WRONG") < 0);
  /* load order: an included file's declarations at its include */
  if (t->p->nparties == 3) {
    CU_ASSERT_STRING_EQUAL(t->p->parties[0]->h.name->s, "B");
    CU_ASSERT_STRING_EQUAL(t->p->parties[2]->h.name->s, "M");
  }
  t_free(t);
  rm_dir();
}

static void test_parser_include_twice_skipped(void) {
  fresh_dir();
  CU_ASSERT(put("main.deal",
                "include \"a.deal\";\ninclude \"a.deal\";\n"
                "include \"./a.deal\";\ninclude \"b.deal\";\nparty M;\n"));
  CU_ASSERT(put("a.deal", "party A;\n"));
  CU_ASSERT(put("b.deal", "include \"a.deal\";\nparty B;\n"));
  T *t = parse_main("main.deal");
  CU_ASSERT(t->parse_ok);
  CU_ASSERT(t->resolve_ok);
  CU_ASSERT_EQUAL(t->d.errors, 0);   /* no redefinition of A */
  CU_ASSERT_EQUAL(t->p->nparties, 3);
  t_free(t);
  rm_dir();
}

static void test_parser_include_cycle_reported(void) {
  fresh_dir();
  CU_ASSERT(put("main.deal", "include \"a.deal\";\nparty M;\n"));
  CU_ASSERT(put("a.deal", "party A;\n  include \"main.deal\";\n"));
  T *t = parse_main("main.deal");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT_EQUAL(t->d.errors, 1);
  const DiagMsg *m = t_first(t, DIAG_ERROR);
  CU_ASSERT_PTR_NOT_NULL(m);
  if (m) {
    /* at the file-name string of the include that closes it */
    CU_ASSERT(ends_with(msg_file(t, m), "/a.deal"));
    CU_ASSERT_EQUAL(m->loc.line, 2);
    CU_ASSERT_EQUAL(m->loc.col, 11);
    CU_ASSERT_PTR_NOT_NULL(strstr(m->text, "cycle"));
  }
  t_free(t);
  rm_dir();
}

static void test_parser_include_self_is_cycle(void) {
  fresh_dir();
  CU_ASSERT(put("main.deal", "party M;\ninclude \"main.deal\";\n"));
  T *t = parse_main("main.deal");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 2, 9, "cycle"));
  t_free(t);
  rm_dir();
}

/* A diamond (two files include one) is not a cycle. */
static void test_parser_include_diamond_not_cycle(void) {
  fresh_dir();
  CU_ASSERT(put("main.deal", "include \"a.deal\";\ninclude \"b.deal\";\n"));
  CU_ASSERT(put("a.deal", "include \"c.deal\";\nparty A;\n"));
  CU_ASSERT(put("b.deal", "include \"c.deal\";\nparty B;\n"));
  CU_ASSERT(put("c.deal", "party C;\n"));
  T *t = parse_main("main.deal");
  CU_ASSERT(t->parse_ok);
  CU_ASSERT_EQUAL(t->d.errors, 0);
  CU_ASSERT_EQUAL(t->p->nparties, 3);
  t_free(t);
  rm_dir();
}

static void test_parser_include_missing_file(void) {
  fresh_dir();
  CU_ASSERT(put("main.deal", "party M;\ninclude \"nope.deal\";\n"));
  T *t = parse_main("main.deal");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 2, 9, "nope.deal"));
  t_free(t);
  rm_dir();
}

static void test_parser_include_errors_located_in_included_file(void) {
  fresh_dir();
  CU_ASSERT(put("main.deal", "include \"a.deal\";\nparty M;\n"));
  CU_ASSERT(put("a.deal", "party A;\nparty B party C;\n"));
  T *t = parse_main("main.deal");
  CU_ASSERT_FALSE(t->parse_ok);
  const DiagMsg *m = t_first(t, DIAG_ERROR);
  CU_ASSERT_PTR_NOT_NULL(m);
  if (m) {
    CU_ASSERT(ends_with(msg_file(t, m), "/a.deal"));
    CU_ASSERT_EQUAL(m->loc.line, 2);
    CU_ASSERT_EQUAL(m->loc.col, 9);
  }
  t_free(t);
  rm_dir();
}

/* A redefinition is reported at the second definition in load order: an
 * included file's declarations come at its include. */
static void test_parser_include_redefinition_in_load_order(void) {
  fresh_dir();
  CU_ASSERT(put("main.deal", "party A;\ninclude \"a.deal\";\n"));
  CU_ASSERT(put("a.deal", "party B;\nparty A;\n"));
  CU_ASSERT(put("main2.deal", "include \"a.deal\";\nparty A;\n"));
  T *t = parse_main("main.deal");
  const DiagMsg *m = t_first(t, DIAG_ERROR);
  CU_ASSERT_PTR_NOT_NULL(m);
  if (m) {
    CU_ASSERT(ends_with(msg_file(t, m), "/a.deal"));
    CU_ASSERT_EQUAL(m->loc.line, 2);
    CU_ASSERT_EQUAL(m->loc.col, 7);
  }
  t_free(t);
  t = parse_main("main2.deal");
  m = t_first(t, DIAG_ERROR);
  CU_ASSERT_PTR_NOT_NULL(m);
  if (m) {
    CU_ASSERT(ends_with(msg_file(t, m), "/main2.deal"));
    CU_ASSERT_EQUAL(m->loc.line, 2);
  }
  t_free(t);
  rm_dir();
}

static const UnitTest tests[] = {
    UNIT_TEST(test_parser_language_example_parses),
    UNIT_TEST(test_parser_declarations_recorded),
    UNIT_TEST(test_parser_condition_precedence_tree),
    UNIT_TEST(test_parser_empty_agreement_and_outcome),
    UNIT_TEST(test_parser_dispute_items_any_order),
    UNIT_TEST(test_parser_dispute_item_twice),
    UNIT_TEST(test_parser_outcome_statements),
    UNIT_TEST(test_parser_check_forms),
    UNIT_TEST(test_parser_missing_semicolon_before_next_line),
    UNIT_TEST(test_parser_missing_semicolon_same_line),
    UNIT_TEST(test_parser_missing_semicolon_at_eof),
    UNIT_TEST(test_parser_missing_brace_at_next_token),
    UNIT_TEST(test_parser_missing_brace_at_eof),
    UNIT_TEST(test_parser_error_at_unexpected_token),
    UNIT_TEST(test_parser_keyword_as_name_everywhere),
    UNIT_TEST(test_parser_keyword_at_start),
    UNIT_TEST(test_parser_recovery_reports_several_errors),
    UNIT_TEST(test_parser_recovery_adjacent_statements),
    UNIT_TEST(test_parser_error_cap_counts_all),
    UNIT_TEST(test_parser_flush_prints_file_line_col),
    UNIT_TEST(test_parser_only_with_must_at_modal),
    UNIT_TEST(test_parser_among_without_only),
    UNIT_TEST(test_parser_duplicate_modifiers),
    UNIT_TEST(test_parser_product_modifier_twice),
    UNIT_TEST(test_parser_scenario_twice),
    UNIT_TEST(test_parser_question_only_in_repl),
    UNIT_TEST(test_parser_check_takes_no_modifiers),
    UNIT_TEST(test_parser_paren_depth_limit),
    UNIT_TEST(test_parser_include_relative_to_including_file),
    UNIT_TEST(test_parser_include_twice_skipped),
    UNIT_TEST(test_parser_include_cycle_reported),
    UNIT_TEST(test_parser_include_self_is_cycle),
    UNIT_TEST(test_parser_include_diamond_not_cycle),
    UNIT_TEST(test_parser_include_missing_file),
    UNIT_TEST(test_parser_include_errors_located_in_included_file),
    UNIT_TEST(test_parser_include_redefinition_in_load_order),
};

UNIT_MAIN("parser", tests)
