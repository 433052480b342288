/* test_session: the session layer the command line, the REPL and the
 * library share — names given outside a file (outcome lists, facts,
 * :show) answered as names in files are, with the nearest name and the
 * same quotes. */
#include "unit.h"

static const char *SCEN =
    "party Acme;\nparty Beta;\naction sell;\nproduct Ledger owned by Acme;\n"
    "fact paid = true;\n"
    "agreement Licence between Acme, Beta signed 2025-01-01 {\n"
    "  clause grant: Beta may sell Ledger;\n"
    "}\n"
    "dispute d {\n  outcome upheld { uphold Licence.grant; }\n"
    "  outcome voided { void Licence.grant; }\n}\n";

static Session *load(void) {
  SessionOpts so = {NULL, false, false, false};
  Session *s = session_new(&so);
  CU_ASSERT_TRUE_FATAL(session_load_text(s, "s.deal", SCEN, strlen(SCEN)));
  return s;
}

static void test_session_outcome_names(void) {
  Session *s = load();
  char err[400];
  Outcome **o;
  uint32_t n;
  CU_ASSERT_TRUE(session_outcomes(s, "upheld", &o, &n, err, sizeof err));
  CU_ASSERT_EQUAL(n, 1);
  mem_free(o);
  CU_ASSERT_FALSE(session_outcomes(s, "uphold", &o, &n, err, sizeof err));
  CU_ASSERT_STRING_EQUAL(err, "unknown outcome " LQ "uphold" RQ "; did you mean "
                         LQ "upheld" RQ "?");
  CU_ASSERT_FALSE(session_outcomes(s, "Acme", &o, &n, err, sizeof err));
  CU_ASSERT_STRING_EQUAL(err, LQ "Acme" RQ " is a party; expected an outcome");
  CU_ASSERT_FALSE(session_outcomes(s, "upheld+voided", &o, &n, err, sizeof err));
  CU_ASSERT_STRING_EQUAL(err, LQ "upheld" RQ " and " LQ "voided" RQ " are "
                         "outcomes of the same dispute " LQ "d" RQ "; a world "
                         "has at most one");
  session_free(s);
}

static void test_session_fact_names(void) {
  Session *s = load();
  char err[400];
  CU_ASSERT_TRUE(session_fact(s, "paid=false", err, sizeof err));
  CU_ASSERT_FALSE(session_fact(s, "piad=false", err, sizeof err));
  CU_ASSERT_STRING_EQUAL(err, "unknown fact " LQ "piad" RQ "; did you mean "
                         LQ "paid" RQ "?");
  CU_ASSERT_FALSE(session_fact(s, "Beta=true", err, sizeof err));
  CU_ASSERT_STRING_EQUAL(err, LQ "Beta" RQ " is a party; expected a fact");
  CU_ASSERT_FALSE(session_fact(s, "paid=yes", err, sizeof err));
  CU_ASSERT_PTR_NOT_NULL(strstr(err, LQ "yes" RQ));
  session_free(s);
}

static const char *show(Session *s, const char *name, char *err, size_t cap) {
  static char out[400];
  StrBuf b;
  sb_init(&b);
  bool ok = session_show(s, name, &b, err, cap);
  snprintf(out, sizeof out, "%s", ok && b.s ? b.s : "");
  sb_free(&b);
  return ok ? out : NULL;
}

static void test_session_show_names(void) {
  Session *s = load();
  char err[400];
  const char *t = show(s, "Licence.grant", err, sizeof err);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t);
  CU_ASSERT_STRING_EQUAL(t, "clause grant: Beta may sell Ledger;\n");
  t = show(s, "Ledger", err, sizeof err);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t);
  CU_ASSERT_PTR_NOT_NULL(strstr(t, "product Ledger"));
  CU_ASSERT_PTR_NULL(show(s, "Ledgr", err, sizeof err));
  CU_ASSERT_STRING_EQUAL(err, "unknown name " LQ "Ledgr" RQ "; did you mean "
                         LQ "Ledger" RQ "?");
  CU_ASSERT_PTR_NULL(show(s, "Licence.grnat", err, sizeof err));
  CU_ASSERT_STRING_EQUAL(err, "agreement " LQ "Licence" RQ " has no clause "
                         LQ "grnat" RQ "; did you mean " LQ "grant" RQ "?");
  CU_ASSERT_PTR_NULL(show(s, "License.grant", err, sizeof err));
  CU_ASSERT_STRING_EQUAL(err, "unknown agreement or outcome " LQ "License" RQ
                         "; did you mean " LQ "Licence" RQ "?");
  CU_ASSERT_PTR_NULL(show(s, "Acme.grant", err, sizeof err));
  CU_ASSERT_STRING_EQUAL(err, LQ "Acme" RQ " is a party; expected an "
                         "agreement or outcome");
  CU_ASSERT_PTR_NULL(show(s, "upheld.x", err, sizeof err));
  CU_ASSERT_STRING_EQUAL(err, "outcome " LQ "upheld" RQ " has no clause " LQ
                         "x" RQ);
  CU_ASSERT_PTR_NULL(show(s, "Zzzzzzzz", err, sizeof err));
  CU_ASSERT_STRING_EQUAL(err, "unknown name " LQ "Zzzzzzzz" RQ);
  session_free(s);
}

static const UnitTest tests[] = {
    UNIT_TEST(test_session_outcome_names),
    UNIT_TEST(test_session_fact_names),
    UNIT_TEST(test_session_show_names),
};

UNIT_MAIN("session", tests)
