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

/* An arena grown to 64 MB gets its later blocks as mappings of their own
 * (huge pages, mem.c): zeroed, freed with the arena, failed by the fault
 * hook and released after an unwind like any block. */
static void arena_fill(Arena *a, size_t bytes) {
  for (size_t done = 0; done < bytes; done += 4096) {
    unsigned char *p = arena_alloc(a, 4096);
    CU_ASSERT_FATAL(p[0] == 0 && p[4095] == 0);
    p[0] = p[4095] = 0xab;
  }
}

static void test_faults_huge_arena_blocks(void) {
  long live = mem_live();
  Arena a;
  arena_init(&a);
  arena_fill(&a, (size_t)64 << 20);
  CU_ASSERT(a.total >= (size_t)64 << 20);
  CU_ASSERT(mem_live() > live);
  /* one allocation larger than any block: a block of its own */
  unsigned char *big = arena_alloc(&a, (size_t)40 << 20);
  CU_ASSERT(big[0] == 0 && big[((size_t)40 << 20) - 1] == 0);
  /* just past the headers at the start of a 2 MB-aligned mapping */
  CU_ASSERT(((uintptr_t)big & (((uintptr_t)1 << 21) - 1)) < 64);
  arena_free(&a);
  CU_ASSERT_EQUAL(mem_live(), live);

  /* every allocation failed in turn, including the mapped ones */
  long before = mem_allocations();
  arena_init(&a);
  arena_fill(&a, (size_t)32 << 20);
  long total = mem_allocations() - before;
  /* each block, mapped or not, went through the fault hook */
  CU_ASSERT_EQUAL(total, mem_live() - live);
  arena_free(&a);
  CU_ASSERT(total > 8);
  for (long n = 1; n <= total; n++) {
    uint64_t mark = mem_mark();
    MemGuard g;
    arena_init(&a);
    volatile bool unwound = false;
    if (MEM_TRY(&g)) {
      mem_fail_at(n);
      arena_fill(&a, (size_t)32 << 20);
      mem_guard_pop(&g);
    } else {
      unwound = true;
      mem_release_since(mark);
    }
    mem_fail_at(0);
    CU_ASSERT(unwound);
    if (!unwound) arena_free(&a);
    CU_ASSERT_EQUAL(mem_live(), live);
  }
}

/* A list grown by doubling from the heap into a mapping of its own and
 * on (mremap) keeps its contents; a failed step leaves the old block
 * whole and owned by the caller. */
static uint32_t *grow_list(uint32_t *v, size_t *cap, size_t want) {
  while (*cap < want) {
    size_t nc = *cap * 2;
    v = mem_realloc(v, nc * sizeof *v);
    for (size_t i = *cap; i < nc; i++) v[i] = (uint32_t)i * 2654435761u;
    *cap = nc;
  }
  return v;
}

/* An arena's last allocation may be given back, cleared; no other. */
static void test_faults_arena_unalloc(void) {
  Arena a;
  arena_init(&a);
  unsigned char *x = arena_alloc(&a, 10), *y = arena_alloc(&a, 20);
  memset(x, 7, 10);
  memset(y, 9, 20);
  CU_ASSERT_FALSE(arena_unalloc(&a, x, 10));  /* not the last */
  CU_ASSERT_FALSE(arena_unalloc(&a, NULL, 0));
  CU_ASSERT_TRUE(arena_unalloc(&a, y, 20));
  CU_ASSERT_FALSE(arena_unalloc(&a, y, 20));  /* given back already */
  unsigned char *z = arena_alloc(&a, 24);
  CU_ASSERT_PTR_EQUAL(z, y);
  for (int i = 0; i < 24; i++) CU_ASSERT_EQUAL(z[i], 0);
  CU_ASSERT_EQUAL(x[9], 7);
  CU_ASSERT_TRUE(arena_unalloc(&a, z, 24));
  CU_ASSERT_TRUE(arena_unalloc(&a, x, 10));   /* now the last */
  arena_free(&a);
}

static void test_faults_huge_lists(void) {
  long live = mem_live();
  size_t want = (size_t)16 << 20;   /* 64 MB */
  size_t cap = 4;
  uint32_t *v = mem_alloc(cap * sizeof *v);
  for (size_t i = 0; i < cap; i++) v[i] = (uint32_t)i * 2654435761u;
  long before = mem_allocations();
  v = grow_list(v, &cap, want);
  long steps = mem_allocations() - before;
  bool same = true;
  for (size_t i = 0; i < cap; i++) same &= v[i] == (uint32_t)i * 2654435761u;
  CU_ASSERT(same);
  /* shrunk within the mapping, then a large block freshly allocated */
  v = mem_realloc(v, (size_t)5 << 20);
  CU_ASSERT(v[1000] == 1000u * 2654435761u);
  mem_free(v);
  unsigned char *big = mem_alloc((size_t)8 << 20);
  CU_ASSERT(((uintptr_t)big & (((uintptr_t)1 << 21) - 1)) < 64);
  big[((size_t)8 << 20) - 1] = 1;
  mem_free(big);
  CU_ASSERT_EQUAL(mem_live(), live);
  for (long n = 1; n <= steps; n++) {
    uint32_t *volatile w = mem_alloc(4 * sizeof *w);
    volatile size_t wcap = 4;
    for (size_t i = 0; i < 4; i++) w[i] = (uint32_t)i * 2654435761u;
    MemGuard g;
    volatile bool unwound = false;
    if (MEM_TRY(&g)) {
      mem_fail_at(n);
      size_t c = wcap;
      uint32_t *x = w;
      while (c < want) {   /* grow_list, keeping w and wcap current */
        x = mem_realloc(x, c * 2 * sizeof *x);
        for (size_t i = c; i < c * 2; i++) x[i] = (uint32_t)i * 2654435761u;
        c *= 2;
        w = x;
        wcap = c;
      }
      mem_guard_pop(&g);
    } else {
      unwound = true;
    }
    mem_fail_at(0);
    CU_ASSERT(unwound);
    /* the block the failed step was given is still whole */
    bool ok = true;
    for (size_t i = 0; i < wcap; i += 4093) ok &= w[i] == (uint32_t)i * 2654435761u;
    CU_ASSERT(ok);
    mem_free(w);
    CU_ASSERT_EQUAL(mem_live(), live);
  }
}

int main(void) {
  CU_initialize_registry();
  CU_pSuite s = CU_add_suite("faults", NULL, NULL);
  CU_add_test(s, "test_faults_language_example", test_faults_language_example);
  CU_add_test(s, "test_faults_seed_scenario", test_faults_seed_scenario);
  CU_add_test(s, "test_faults_includes", test_faults_includes);
  CU_add_test(s, "test_faults_errors_reported", test_faults_errors_reported);
  CU_add_test(s, "test_faults_huge_arena_blocks", test_faults_huge_arena_blocks);
  CU_add_test(s, "test_faults_huge_lists", test_faults_huge_lists);
  CU_add_test(s, "test_faults_arena_unalloc", test_faults_arena_unalloc);
  CU_basic_set_mode(CU_BRM_NORMAL);
  CU_basic_run_tests();
  unsigned failed = CU_get_number_of_failures();
  CU_cleanup_registry();
  return failed ? 1 : 0;
}
