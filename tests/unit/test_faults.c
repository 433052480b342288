/* test_faults: fail each allocation in turn while a scenario is parsed,
 * resolved, evaluated and reported; every failure must end cleanly — an
 * "out of memory" error or an unwind to the guard — and leave no block
 * behind (mem_live() counts the blocks of the project's allocator). */
#include "unit.h"
#include "report.h"

/* The whole pipeline of `deal run` and `deal test`, output to /dev/null.
 * Returns true when it ran to the end. */
static bool pipeline(const char *path, FILE *sink) {
  Diag d;
  diag_init(&d, sink, false);
  Program *p = NULL;
  Model *m = NULL;
  World *w[8] = {0};
  uint32_t nw = 0;
  bool done = false;
  MemGuard g;
  uint64_t mark = mem_mark();
  if (MEM_TRY(&g)) {
    p = parse_program_new(&d);
    bool ok = parse_file(p, path);
    if (ok && p->syntax_errors == 0) ok = resolve_program(p);
    diag_flush(&d);
    /* an "out of memory" error ends it here too: not done */
    done = !ok && p->diag->errors > 0 && !p->oom;
    if (ok) {
      m = eval_model_new(p);
      w[nw++] = eval_world_new(m, NULL, 0, resolve_default_date(p));
      for (uint32_t i = 0; i < p->noutcomes && nw < 8; i++)
        w[nw++] = eval_world_new(m, &p->outcomes[i], 1, resolve_default_date(p));
      ReportOpts ro = {false, true};
      report_run(sink, m, w, nw, &ro);
      report_expects(sink, m, true, false);
      done = true;
    }
    mem_guard_pop(&g);
    for (uint32_t i = 0; i < nw; i++) eval_world_free(w[i]);
    eval_model_free(m);
    parse_program_free(p);
    diag_free(&d);
  } else {
    /* an unwind: everything since the mark goes, temporaries included */
    mem_release_since(mark);
  }
  return done;
}

static void fail_each(const char *path) {
  FILE *sink = fopen("/dev/null", "w");
  long live = mem_live();
  uint64_t start = mem_mark();
  long before = mem_allocations();
  CU_ASSERT_TRUE_FATAL(pipeline(path, sink));
  long total = mem_allocations() - before;
  CU_ASSERT_EQUAL(mem_live(), live);
  CU_ASSERT(total > 10);
  long failures = 0, completed = 0;
  for (long n = 1; n <= total + 1; n++) {
    mem_fail_at(n);
    bool done = pipeline(path, sink);
    mem_fail_at(0);
    completed += done;
    failures += !done;
    if (mem_live() != live) {
      fprintf(stderr, "%s: failing allocation %ld of %ld leaves %ld blocks\n",
              path, n, total, mem_live() - live);
      mem_dump_since(start, stderr);
      CU_FAIL("a failed allocation leaked");
      break;
    }
  }
  /* the last run (n = total + 1) fails nothing and must complete */
  CU_ASSERT(completed >= 1);
  CU_ASSERT(failures >= total - 1);
  fclose(sink);
}

static void test_faults_language_example(void) {
  fail_each("tests/golden/language_example.deal");
}

static void test_faults_seed_scenario(void) {
  fail_each("scenarios/openai-cloud.deal");
}

static void test_faults_includes(void) {
  fail_each("scenarios/apple-qualcomm.deal");
}

static void test_faults_errors_reported(void) {
  fail_each("tests/golden/errors/multi_semantic.deal");
}

int main(void) {
  CU_initialize_registry();
  CU_pSuite s = CU_add_suite("faults", NULL, NULL);
  CU_add_test(s, "test_faults_language_example", test_faults_language_example);
  CU_add_test(s, "test_faults_seed_scenario", test_faults_seed_scenario);
  CU_add_test(s, "test_faults_includes", test_faults_includes);
  CU_add_test(s, "test_faults_errors_reported", test_faults_errors_reported);
  CU_basic_set_mode(CU_BRM_NORMAL);
  CU_basic_run_tests();
  unsigned failed = CU_get_number_of_failures();
  CU_cleanup_registry();
  return failed ? 1 : 0;
}
