/* test_api: the library (src/deal.h) used by several threads at once.
 *
 * Each scenario has a state of its own (src/state.h): its allocator, its
 * unwind chain, its scanner and parser stacks.  Two threads that load and
 * evaluate different scenarios at the same time must share nothing
 * unlocked — `make check` runs this under ThreadSanitizer — and each must
 * get exactly what it gets alone. */
#include <pthread.h>

#include "deal.h"
#include "unit.h"

/* What one thread does with one scenario: load it, ask a check, count
 * the statuses of a world, print the whole report as JSON.  The results
 * go to out (malloc'd text) so that runs can be compared. */
typedef struct Job {
  const char *path;         /* a file, or NULL: text */
  const char *text;
  const char *check;
  int rounds;
  deal_alloc alloc;
  /* results */
  char *out;
  size_t len;
  long allocs;
  int failed;
} Job;

static void *counting_alloc(void *ud, void *p, size_t n) {
  Job *j = ud;
  if (!n) {
    free(p);
    return NULL;
  }
  j->allocs++;  /* this scenario's own counter: no lock needed */
  return realloc(p, n);
}

static int count_status(void *arg, const deal_status_info *s) {
  (void)s;
  ++*(long *)arg;
  return 0;
}

static void *job_run(void *arg) {
  Job *j = arg;
  for (int r = 0; r < j->rounds; r++) {
    deal_load_options lo = {NULL, 0, j->alloc, j};
    deal_scenario *s = j->path ? deal_load_file(j->path, &lo)
                               : deal_load_string("t.deal", j->text, strlen(j->text), &lo);
    if (!s || !deal_ok(s)) {
      j->failed = 1;
      deal_free(s);
      return NULL;
    }
    char *out;
    size_t len;
    FILE *f = open_memstream(&out, &len);
    deal_answer a;
    int holds = deal_ask(s, NULL, j->check, &a);
    fprintf(f, "%d %s\n", holds, a.explanation);
    deal_answer_free(&a);
    char err[256];
    deal_world *w = deal_world_open(s, NULL, NULL, err, sizeof err);
    long n = 0;
    if (!w || deal_each_status(w, 1, count_status, &n) != 0) j->failed = 1;
    deal_world_close(w);
    fprintf(f, "%ld statuses\n", n);
    deal_report_options ro = {DEAL_FORMAT_JSON, NULL, NULL, 1, 0, "t.deal"};
    if (deal_report(s, &ro, f, err, sizeof err) != 0) j->failed = 1;
    fclose(f);
    deal_free(s);
    if (!j->out) {
      j->out = out;
      j->len = len;
    } else {
      if (len != j->len || memcmp(out, j->out, len)) j->failed = 2;
      free(out);
    }
  }
  return NULL;
}

static const char *small =
    "scenario \"Two disputes\" as of 2026-01-01;\n"
    "party A; party B; party C;\n"
    "action sell \"sell it\";\n"
    "product W owned by A;\n"
    "agreement G between A, B signed 2025-01-01 {\n"
    "  clause grant: C may sell W;\n"
    "  clause bar: C may not sell W;\n"
    "  clause fee: B pays A $2M;\n"
    "}\n"
    "dispute d1 {\n"
    "  outcome d1a probability 30% { void G.bar; }\n"
    "  outcome d1b probability 70% { uphold G.bar; }\n"
    "}\n"
    "dispute d2 {\n"
    "  outcome d2a probability 50% { void G.fee; }\n"
    "  outcome d2b probability 50% { }\n"
    "}\n";

/* Alone, one after the other; then at the same time, each several
 * rounds: the same text each time. */
static void test_api_two_threads_two_scenarios(void) {
  Job alone[2] = {
      {"scenarios/openai-cloud.deal", NULL,
       "Amazon may host StatefulRuntime under microsoft_wins", 1, NULL, NULL, 0, 0, 0},
      {NULL, small, "C may sell W with probability 30%", 1, NULL, NULL, 0, 0, 0},
  };
  for (int i = 0; i < 2; i++) {
    job_run(&alone[i]);
    CU_ASSERT_EQUAL_FATAL(alone[i].failed, 0);
  }
  Job both[2] = {alone[0], alone[1]};
  for (int i = 0; i < 2; i++) {
    both[i].out = NULL;
    both[i].rounds = 3;
    both[i].alloc = counting_alloc;
  }
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, job_run, &both[i]), 0);
  for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
  for (int i = 0; i < 2; i++) {
    CU_ASSERT_EQUAL(both[i].failed, 0);
    CU_ASSERT(both[i].allocs > 0);  /* each scenario's own allocator */
    CU_ASSERT_EQUAL(both[i].len, alone[i].len);
    if (both[i].out && both[i].len == alone[i].len)
      CU_ASSERT_EQUAL(memcmp(both[i].out, alone[i].out, alone[i].len), 0);
    free(both[i].out);
    free(alone[i].out);
  }
}

/* The same scenario text loaded by four threads, each its own scenario
 * (a scenario is one thread's at a time, but two scenarios of the same
 * text are two scenarios). */
static void test_api_four_threads_same_text(void) {
  Job j[4];
  for (int i = 0; i < 4; i++)
    j[i] = (Job){NULL, small, "conflict C sell W", 2, NULL, NULL, 0, 0, 0};
  pthread_t t[4];
  for (int i = 0; i < 4; i++) CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, job_run, &j[i]), 0);
  for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
  for (int i = 0; i < 4; i++) {
    CU_ASSERT_EQUAL(j[i].failed, 0);
    CU_ASSERT_EQUAL(j[i].len, j[0].len);
    if (j[i].out && j[i].len == j[0].len) CU_ASSERT_EQUAL(memcmp(j[i].out, j[0].out, j[0].len), 0);
  }
  for (int i = 0; i < 4; i++) free(j[i].out);
}

/* `when` through the library: the answer, the periods and the changes
 * at their ends; in a world (its outcomes, not its date); errors. */
static void test_api_when(void) {
  const char *text =
      "scenario \"T\" as of 2026-06-01;\n"
      "party A; party B; action sell; product W owned by A;\n"
      "agreement L between A, B signed 2025-01-01 until 2030-12-31 {\n"
      "  clause grant: B may sell W from 2026-01-01 until 2027-12-31;\n"
      "}\n"
      "dispute d { outcome o { amend L.grant: B may sell W until 2028-06-30; } }\n";
  deal_scenario *s = deal_load_string("t.deal", text, strlen(text), NULL);
  CU_ASSERT_FATAL(deal_ok(s));
  deal_when a;
  CU_ASSERT_EQUAL(deal_when_ask(s, NULL, "B may sell W", &a), 1);
  CU_ASSERT_STRING_EQUAL(a.answer, "2026-01-01 to 2027-12-31");
  CU_ASSERT_STRING_EQUAL(a.periods[0].from, "2026-01-01");
  CU_ASSERT_STRING_EQUAL(a.periods[0].to, "2027-12-31");
  CU_ASSERT_EQUAL_FATAL(a.periods[0].nstarts, 1);
  CU_ASSERT_EQUAL_FATAL(a.periods[0].nends, 1);
  const deal_change *c = &a.periods[0].ends[0];
  CU_ASSERT_STRING_EQUAL(c->clause, "L.grant");
  CU_ASSERT_STRING_EQUAL(c->day, "2028-01-01");
  CU_ASSERT_STRING_EQUAL(c->date, "until");
  CU_ASSERT_STRING_EQUAL(c->written, "2027-12-31");
  CU_ASSERT_STRING_EQUAL(c->tier, "ordinary");
  CU_ASSERT_STRING_EQUAL(c->file, "t.deal");
  CU_ASSERT_EQUAL(c->line, 4);
  CU_ASSERT(!c->starts && !c->amended_by);
  CU_ASSERT_PTR_NOT_NULL(strstr(a.explanation, "goes out of force"));
  deal_when_free(&a);
  /* in the world of o, whose date is not the scenario's */
  char err[200];
  deal_world *w = deal_world_open(s, "o", "2029-01-01", err, sizeof err);
  CU_ASSERT_PTR_NOT_NULL_FATAL(w);
  CU_ASSERT_EQUAL(deal_when_ask(s, w, "when B may sell W", &a), 1);
  CU_ASSERT_STRING_EQUAL(a.answer, "2025-01-01 to 2028-06-30");
  CU_ASSERT_STRING_EQUAL(a.periods[0].ends[0].amended_by, "o");
  CU_ASSERT_STRING_EQUAL(a.periods[0].starts[0].date, "signed");
  deal_when_free(&a);
  CU_ASSERT_EQUAL(deal_when_ask(s, w, "A may sell W", &a), 1);
  CU_ASSERT_STRING_EQUAL(a.answer, "always");
  CU_ASSERT(!a.periods[0].from && !a.periods[0].to && !a.periods[0].nstarts);
  deal_when_free(&a);
  deal_world_close(w);
  CU_ASSERT_EQUAL(deal_when_ask(s, NULL, "A may not sell W", &a), 0);
  CU_ASSERT_STRING_EQUAL(a.answer, "never");
  deal_when_free(&a);
  /* errors */
  CU_ASSERT_EQUAL(deal_when_ask(s, NULL, "B may sell W at 2026-01-01", &a), -1);
  CU_ASSERT_PTR_NULL(a.answer);
  CU_ASSERT_PTR_NOT_NULL(strstr(a.explanation, "takes no"));
  deal_when_free(&a);
  CU_ASSERT_EQUAL(deal_when_ask(s, NULL, "Bb may sell W", &a), -1);
  deal_when_free(&a);
  /* the timeline */
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  deal_report_options ro = {DEAL_FORMAT_JSON, "o", NULL, 0, 0, "t.deal"};
  CU_ASSERT_EQUAL(deal_timeline(s, &ro, f, err, sizeof err), 0);
  ro.format = DEAL_FORMAT_DOT;
  CU_ASSERT_EQUAL(deal_timeline(s, &ro, f, err, sizeof err), -1);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "DOT"));
  fclose(f);
  CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"timeline\": true"));
  CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"id\": \"o\""));
  free(buf);
  deal_free(s);
}

static const UnitTest tests[] = {
    UNIT_TEST(test_api_when),
    UNIT_TEST(test_api_two_threads_two_scenarios),
    UNIT_TEST(test_api_four_threads_same_text),
};

UNIT_MAIN("api", tests)
