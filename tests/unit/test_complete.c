/* test_complete: the candidates of completion in each context, on the
 * language example (tests/golden/language_example.deal). */
#include "unit.h"
#include "complete.h"

/* The start of a clause, and of an outcome's statement. */
#define AGR "agreement Z between Amazon signed 2026-01-01 {\n  clause c: "
#define OUTCOME "dispute d {\n  outcome o {\n    "

static T *example(void) {
  T *t = t_parse_file("tests/golden/language_example.deal");
  t_finish(t);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  return t;
}

static const char *const none_words[] = {"none", "status_quo", NULL};
static const char *const list_words[] = {"parties", "groups", "products", NULL};
static const CompleteCommand commands[] = {
    {"help", COMPLETE_ARG_NONE, NULL},
    {"load", COMPLETE_ARG_FILE, NULL},
    {"under", COMPLETE_ARG_WORLD, none_words},
    {"undo", COMPLETE_ARG_NONE, NULL},
    {"diff", COMPLETE_ARG_WORLDS, none_words + 1},
    {"show", COMPLETE_ARG_NAME, NULL},
    {"fact", COMPLETE_ARG_FACT, NULL},
    {"list", COMPLETE_ARG_WORDS, list_words},
    {"worlds", COMPLETE_ARG_NONE, NULL},
    {"why", COMPLETE_ARG_NONE, NULL},
};

typedef struct Got {
  char text[4096];          /* the candidates, space-separated */
  size_t start;
  bool file;
  Completions c;
} Got;

static Got last;

/* The candidates for the end of line, as "a b c"; the kinds kept. */
static Got *got(T *t, const char *line) {
  complete_free(&last.c);
  CompleteOpts o = {commands, sizeof commands / sizeof *commands};
  complete_line(t->p, line, strlen(line), &o, &last.c);
  last.text[0] = 0;
  for (uint32_t i = 0; i < last.c.n; i++) {
    strncat(last.text, i ? " " : "", sizeof last.text - strlen(last.text) - 1);
    strncat(last.text, last.c.v[i].text, sizeof last.text - strlen(last.text) - 1);
  }
  last.start = last.c.start;
  last.file = last.c.file;
  return &last;
}

/* The end of a test: the last candidates and the program freed. */
static void done(T *t) {
  complete_free(&last.c);
  t_free(t);
}

static const char *cands(T *t, const char *line) { return got(t, line)->text; }

/* A line and its candidates, as cands gives them. */
typedef struct Case {
  const char *line, *want;
} Case;

static void check_cases(T *t, const Case *c, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const char *g = cands(t, c[i].line);
    if (strcmp(g, c[i].want))
      fprintf(stderr, "\ncompleting [%s]:\n  got  [%s]\n  want [%s]\n", c[i].line,
              g, c[i].want);
    CU_ASSERT_STRING_EQUAL(g, c[i].want);
  }
}

/* The kind of one candidate (-1 if it is not one). */
static int kind(T *t, const char *line, const char *word) {
  Got *g = got(t, line);
  for (uint32_t i = 0; i < g->c.n; i++)
    if (!strcmp(g->c.v[i].text, word)) return (int)g->c.v[i].kind;
  return -1;
}

static void test_complete_commands(void) {
  T *t = example();
  static const Case cases[] = {
      {":wo", "worlds"},
      {"  :w", "why worlds"},
      {":un", "under undo"},
      {":zz", ""},
  };
  check_cases(t, cases, sizeof cases / sizeof *cases);
  CU_ASSERT_EQUAL(got(t, ":wo")->start, 1);
  CU_ASSERT_EQUAL(got(t, "  :w")->start, 3);
  CU_ASSERT_EQUAL(kind(t, ":", "help"), COMPLETE_COMMAND);
  /* without a command table, ':' is only a character */
  Completions c = {0};
  complete_line(t->p, ":wo", 3, NULL, &c);
  CU_ASSERT_EQUAL(c.n, 0);
  complete_free(&c);
  done(t);
}

static void test_complete_command_arguments(void) {
  T *t = example();
  static const Case cases[] = {
      {":under ", "microsoft_wins none openai_amazon_win settlement status_quo"},
      {":unde mi", "microsoft_wins"}, /* a prefix */
      {":un mi", ""}, /* ambiguous: under, undo */
      {":under microsoft_wins,", "microsoft_wins openai_amazon_win settlement"},
      {":under microsoft_wins+se", "settlement"},
      {":diff status_quo se", "settlement"},
      {":diff st", "status_quo"},
      {":diff a b ", ""},
      {":show Am", "Amazon"},
      {":show MSFT_OpenAI.r", "revenue_share"},
      {":fact ", "agi_declared safety_measures"},
      {":fact agi_declared=", "false true"},
      {":fact agi_declared = t", "true"},
      {":list p", "parties products"},
      {":help ", ""},
      {":bogus x", ""},
  };
  check_cases(t, cases, sizeof cases / sizeof *cases);
  CU_ASSERT_EQUAL(got(t, ":under microsoft_wins+se")->start, 22);
  CU_ASSERT_EQUAL(got(t, ":show MSFT_OpenAI.r")->start, 18);
  /* a file: the caller completes it */
  CU_ASSERT_TRUE(got(t, ":load scen")->file);
  CU_ASSERT_EQUAL(got(t, ":load scen")->start, 6);
  CU_ASSERT_FALSE(got(t, ":under x")->file);
  done(t);
}

static void test_complete_statement_start(void) {
  T *t = example();
  /* parties, groups and the keywords that start a statement or a check */
  const char *all = cands(t, "");
  CU_ASSERT_PTR_NOT_NULL(strstr(all, "Amazon"));
  CU_ASSERT_PTR_NOT_NULL(strstr(all, "clouds"));
  CU_ASSERT_PTR_NOT_NULL(strstr(all, "AWS"));       /* an alias */
  CU_ASSERT_PTR_NOT_NULL(strstr(all, "agreement"));
  CU_ASSERT_PTR_NOT_NULL(strstr(all, "who"));
  CU_ASSERT_PTR_NULL(strstr(all, "host"));          /* not an action */
  CU_ASSERT_PTR_NULL(strstr(all, "ModelIP"));       /* nor a product */
  static const Case cases[] = {
      {"Am", "Amazon"},
      /* after a `;` a new statement starts */
      {"party X; Mi", "Microsoft"},
      {"expect O", "OpenAI"},
      {"expect o", "only"},
      {"query w", "who"},
      {"expect w", ""}, /* who is for queries */
  };
  check_cases(t, cases, sizeof cases / sizeof *cases);
  CU_ASSERT_EQUAL(kind(t, "A", "AWS"), COMPLETE_ALIAS);
  CU_ASSERT_EQUAL(kind(t, "", "clouds"), COMPLETE_GROUP);
  CU_ASSERT_EQUAL(kind(t, "a", "agreement"), COMPLETE_KEYWORD);
  done(t);
}

static void test_complete_modal_action_object(void) {
  T *t = example();
  static const Case cases[] = {
      /* after a subject: a modal, or the verb of a flow */
      {"Amazon ", "invests may must owns pays shall shares supplies"},
      {"Amazon m", "may must"},
      {"Amazon may ", "distribute host not partner use"},
      {"Amazon may ho", "host"},
      {"Amazon may not ", "distribute host partner use"},
      {"Amazon must not h", "host"},
      {"Amazon shall h", "host"},
      /* products, parties and groups after an action */
      {"Amazon may host S", "StatefulRuntime StatelessAPI"},
      {"Amazon may host G", "Google"},
      /* an action with a preposition: that preposition, then the object */
      {"OpenAI may partner ", "with"},
      {"OpenAI may partner with A", "AWS Amazon Azure"},
      /* several subjects, only, among */
      {"Amazon, G", "Google"},
      {"Amazon, Google ", "may must shall"},
      {"only Microsoft ", "among may"},
      {"only Microsoft among ", "clouds third_party_clouds"},
      {"only Microsoft among clouds ", "may"},
      {"only Microsoft may ", "distribute host partner use"},
  };
  check_cases(t, cases, sizeof cases / sizeof *cases);
  CU_ASSERT_EQUAL(got(t, "Amazon may ho")->start, 11);
  CU_ASSERT_EQUAL(kind(t, "Amazon may ho", "host"), COMPLETE_ACTION);
  CU_ASSERT_EQUAL(kind(t, "Amazon may host ", "ModelIP"), COMPLETE_PRODUCT);
  CU_ASSERT_EQUAL(kind(t, "Amazon may host ", "third_party_clouds"), COMPLETE_GROUP);
  CU_ASSERT_EQUAL(kind(t, "Amazon may host ", "host"), -1);
  /* an unknown action: any preposition or object */
  CU_ASSERT_PTR_NOT_NULL(strstr(cands(t, "OpenAI may frob "), "with"));
  done(t);
}

static void test_complete_modifiers_and_facts(void) {
  T *t = example();
  static const Case cases[] = {
      {"Microsoft may use ModelIP ", "at from if overrides under unless until with"},
      {"Microsoft may use ModelIP if ", "agi_declared not safety_measures"},
      {"Microsoft may use ModelIP if a", "agi_declared"},
      {"Microsoft may use ModelIP unless not s", "safety_measures"},
      {"Microsoft may use ModelIP if agi_declared and ", "agi_declared not safety_measures"},
      {"Microsoft may use ModelIP if (agi_declared) u", "under unless until"},
      {"Microsoft may use ModelIP from 2026-01-01 i", "if"},
      /* inside a literal or a string: nothing */
      {"Microsoft may use ModelIP from 2026", ""},
      {"party X \"Mi", ""},
      {"Amazon may # a comment M", ""},
  };
  check_cases(t, cases, sizeof cases / sizeof *cases);
  CU_ASSERT_STRING_EQUAL(cands(t, "Microsoft may use ModelIP if (agi_declared o"), "or");
  done(t);
}

static void test_complete_outcomes(void) {
  T *t = example();
  static const Case cases[] = {
      {"Amazon may host StatefulRuntime under ", "microsoft_wins openai_amazon_win settlement"},
      {"Amazon may host StatefulRuntime under s", "settlement"},
      {"Amazon may host StatefulRuntime under settlement ", "and at with"},
      {"expect Amazon may host StatefulRuntime under settlement and m", "microsoft_wins"},
      {"Amazon may host StatefulRuntime with ", "probability"},
      /* a question's context after a condition's `and` */
      {"Microsoft may use ModelIP if agi_declared under ", "microsoft_wins openai_amazon_win settlement"},
  };
  check_cases(t, cases, sizeof cases / sizeof *cases);
  CU_ASSERT_EQUAL(kind(t, "Amazon may host StatefulRuntime under s", "settlement"),
                  COMPLETE_OUTCOME);
  done(t);
}

static void test_complete_clauses(void) {
  T *t = example();
  static const Case cases[] = {
      {"AWS_OpenAI.", "compute frontier investment runtime"},
      {"AWS_OpenAI.r", "runtime"},
      /* an outcome's clauses too */
      {"settlement.", "azure_stateless"},
      /* not a scope: nothing */
      {"Amazon.", ""},
      {"Nobody.x", ""},
      {AGR "Amazon may host ModelIP overrides MSFT_OpenAI.ip", "ip"},
  };
  check_cases(t, cases, sizeof cases / sizeof *cases);
  CU_ASSERT_EQUAL(got(t, "AWS_OpenAI.r")->start, 11);
  CU_ASSERT_EQUAL(kind(t, "AWS_OpenAI.r", "runtime"), COMPLETE_CLAUSE);
  /* overrides: agreements and outcomes, then their clauses */
  const char *ov = cands(t, AGR "Amazon may host ModelIP overrides ");
  CU_ASSERT_STRING_EQUAL(ov, "AWS_OpenAI MSFT_OpenAI microsoft_wins openai_amazon_win settlement");
  done(t);
}

/* Inside the blocks of a file being written (a language server's view):
 * an agreement's clauses, a dispute's items, an outcome's statements. */
static void test_complete_blocks(void) {
  T *t = example();
  static const Case cases[] = {
      {"agreement Z between Amazon, G", "Google"},
      {"agreement Z \"t\" between Amazon ", "signed"},
      {"agreement Z between Amazon signed 2026-01-01 ", "until"},
      {"agreement Z between Amazon signed 2026-01-01 {\n  ", "clause"},
      {AGR "Amazon p", "pays"},
      {AGR "Amazon pays O", "OpenAI"},
      {AGR "Amazon invests $1B ", "in"},
      {AGR "Amazon shares 5% of ", "revenue"},
      {AGR "Amazon shares 5% of revenue ", "from with"},
      {AGR "Amazon owns 5% of OpenAI ", "from if unless until valued"},
      /* after the block is closed, the top level again */
      {AGR "Amazon pays OpenAI $1;\n}\nG", "Google"},
      {"dispute d {\n  plaintiff Microsoft;\n  ", "claim defendants outcome plaintiff"},
      {"dispute d {\n  defendants Amazon, O", "OpenAI"},
      {"dispute d {\n  outcome o \"t\" ", "probability"},
      {OUTCOME "void AW", "AWS_OpenAI"},
      {OUTCOME "construe AWS_OpenAI.runtime ", "as"},
      {OUTCOME "construe AWS_OpenAI.runtime as ", "covering"},
      {OUTCOME "fact ", "agi_declared safety_measures"},
      {OUTCOME "fact agi_declared = ", "false true"},
      {OUTCOME "order Amazon ", "may must shall"}, /* an order is a norm */
      {OUTCOME "Amazon ", "invests owns pays shares supplies"}, /* a flow */
  };
  check_cases(t, cases, sizeof cases / sizeof *cases);
  CU_ASSERT_PTR_NOT_NULL(strstr(cands(t, OUTCOME), "uphold"));
  CU_ASSERT_PTR_NOT_NULL(strstr(cands(t, OUTCOME), "Amazon"));
  done(t);
}

static void test_complete_declarations(void) {
  T *t = example();
  static const Case cases[] = {
      {"party X ", "aka"},
      {"party X \"x\" a", "aka"},
      {"party ", ""}, /* a new name */
      {"group g = Amazon, ", "AWS Amazon Azure Google Microsoft OpenAI clouds third_party_clouds"},
      {"action a ", "for in on to with"},
      {"product P ", "is owned"},
      {"product P is Mo", "ModelAccess ModelIP"},
      {"product P owned ", "by"},
      {"product P owned by Op", "OpenAI"},
      {"fact f = ", "false true"},
      {"scenario \"x\" ", "as"},
      {"scenario \"x\" as ", "of"},
  };
  check_cases(t, cases, sizeof cases / sizeof *cases);
  done(t);
}

static void test_complete_checks(void) {
  T *t = example();
  static const Case cases[] = {
      {"who ", "may must shall"},
      {"who may ", "distribute host not partner use"},
      {"who may host F", "Frontier"},
      {"who may host Frontier ", "at under with"},
      {"not Am", "Amazon"},
      {"conflict Amazon, Google ", "distribute host partner use"},
      {"OpenAI shares 20% of revenue from clouds with Microsoft ", "at from if under unless until with"},
  };
  check_cases(t, cases, sizeof cases / sizeof *cases);
  done(t);
}

/* Text that does not read as the grammar: every name and keyword. */
static void test_complete_lost(void) {
  T *t = example();
  const char *c = cands(t, "Amazon Amazon ");
  CU_ASSERT_PTR_NOT_NULL(strstr(c, "host"));
  CU_ASSERT_PTR_NOT_NULL(strstr(c, "settlement"));
  CU_ASSERT_PTR_NOT_NULL(strstr(c, "revenue"));
  CU_ASSERT_STRING_EQUAL(cands(t, "} } ; ? Amaz"), "Amazon");
  done(t);
}

/* An empty program: keywords only; and each text is offered once. */
static void test_complete_empty_program(void) {
  T *t = t_load("");
  static const Case cases[] = {
      {"p", "party product"},
      {"x may ", "not"},
      {":under ", "none status_quo"},
  };
  check_cases(t, cases, sizeof cases / sizeof *cases);
  t_free(t);
  t = t_load("party A; party A; party AB;");  /* A twice: an error */
  CU_ASSERT_STRING_EQUAL(cands(t, "A"), "A AB");
  done(t);
}

static const UnitTest tests[] = {
    UNIT_TEST(test_complete_commands),
    UNIT_TEST(test_complete_command_arguments),
    UNIT_TEST(test_complete_statement_start),
    UNIT_TEST(test_complete_modal_action_object),
    UNIT_TEST(test_complete_modifiers_and_facts),
    UNIT_TEST(test_complete_outcomes),
    UNIT_TEST(test_complete_clauses),
    UNIT_TEST(test_complete_blocks),
    UNIT_TEST(test_complete_declarations),
    UNIT_TEST(test_complete_checks),
    UNIT_TEST(test_complete_lost),
    UNIT_TEST(test_complete_empty_program),
};

UNIT_MAIN("complete", tests)
