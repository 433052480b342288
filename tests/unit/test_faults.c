/* test_faults: fail each allocation in turn, on every path that
 * allocates — loading, resolving, every report format, the expected
 * column, diff (text and JSON), snapshots, checks with their explanations,
 * deal test's reports (text, JSON, JUnit XML) and the JSON of query and
 * check (diagnostics as JSON), the library
 * (deal.h, through its allocator hook) and the REPL; every failure must
 * end cleanly — an "out of memory" error or an unwind to the protected
 * call — and leave no block behind (mem_live() counts the live blocks of
 * the State's allocator). */
#include "unit.h"
#include "complete.h"
#include "deal.h"
#include "lsp.h"
#include "repl.h"
#include "report.h"
#include "session.h"

typedef struct Pipeline {
  const char *path;
  FILE *sink;
  Session *s;
  World **ws;
  uint32_t nw;
  RunData *d;
  bool done;
  bool timeline;            /* the timeline alone (its own test: in the
                               whole pipeline every one of its failures
                               would run every report before it again) */
  bool html;                /* the HTML pages alone (html_reports) */
} Pipeline;

static void pipeline_free(void *v) {
  Pipeline *p = v;
  rundata_free(p->d);
  session_worlds_free(p->ws, p->nw);
  session_free(p->s);
  p->d = NULL;
  p->ws = NULL;
  p->s = NULL;
}

/* The HTML report's graphs, drawn without Graphviz: one SVG, made with
 * the allocator under test. */
static bool fake_svg(void *ctx, const char *dot, size_t len, StrBuf *out,
                     char *why, size_t cap) {
  (void)ctx;
  (void)why;
  (void)cap;
  sb_printf(out, "<svg id=\"g\" width=\"%zupt\"><text>%.8s</text></svg>", len, dot);
  return true;
}

/* Every report of the worlds of `deal run` and every check. */
static void reports(Pipeline *p) {
  ReportOpts ro = {.all = true, .file = p->path, .svg = fake_svg};
  report_text(p->sink, p->d, &ro);
  report_text_tail(p->sink, p->s->m, false);
  report_json(p->sink, p->d, &ro);
  report_markdown(p->sink, p->d, &ro);
  report_dot(p->sink, p->d, 0);
  size_t len;
  char *snap = report_snapshot(p->d, &len);
  Defer ds;
  mem_defer(&ds, mem_free_ptr, &snap);
  report_snapshot_compare(p->sink, p->d, snap, len / 2, "  ");
  mem_undefer(&ds, true);
  report_expects(p->sink, p->s->m, true, false);
  if (p->nw >= 2) report_diff_worlds(p->sink, p->s->m, p->ws[0], p->ws[p->nw - 1], false);
  if (p->nw >= 2) report_diff_json(p->sink, p->d, &ro);
}

/* deal test's report of one file in every form (text, JSON and JUnit
 * XML; m NULL: the file has errors, in d), and each check as deal query
 * --format json prints it. */
static void test_reports(Pipeline *p, Model *m, Diag *d) {
  for (int json = 1; json >= 0; json--) {  /* JSON first: it sees the diagnostics */
    TestReport t;
    report_test_begin(&t, p->sink, json, false, true);
    Defer dt;
    mem_defer(&dt, (void (*)(void *))report_test_free, &t);
    report_test_file(&t, p->path, m, d, NULL);
    report_test_end(&t);
    StrBuf x;
    sb_init(&x);
    Defer dx;
    mem_defer(&dx, (void (*)(void *))sb_free, &x);
    report_test_junit(&t, &x);
    mem_undefer(&dx, true);
    mem_undefer(&dt, true);
  }
  if (!m) return;
  Json j;
  json_init(&j, p->sink);
  Checked c = {0};
  Defer dc;
  mem_defer(&dc, check_checked_free, &c);
  for (uint32_t i = 0; i < m->p->nexpects; i++) {
    check_expect(m, &c.x, m->p->expects[i], &c.r);
    json_open(&j, '{');
    report_check_json(&j, m, m->p->expects[i], &c.r, true, true);
    json_close(&j, '}');
    check_result_free(&c.r);
  }
  mem_undefer(&dc, true);
}

/* The HTML pages of run, diff and timeline (their explanations, market
 * figures, graphs and expectations), on the rows that differ: a pipeline
 * of their own, so that failing each allocation in turn stays quick. */
static void html_reports(Pipeline *p) {
  ReportOpts ro = {.file = p->path, .svg = fake_svg};
  report_html(p->sink, p->d, &ro);
  if (p->nw >= 2) report_diff_html(p->sink, p->d, &ro);
  report_timeline(p->sink, p->s->m, p->ws, p->nw, TIMELINE_HTML, &ro);
}

static void pipeline_fn(void *v) {
  Pipeline *p = v;
  Defer d;
  mem_defer(&d, pipeline_free, p);
  /* diagnostics kept, for deal test's report (which prints them) */
  SessionOpts so = {NULL, false, false, false};
  p->s = session_new(&so);
  p->s->diag.out = p->sink;
  if (session_load_file(p->s, p->path)) {
    char err[400];
    p->ws = session_report_worlds(p->s, NULL, NULL, false, &p->nw, err, sizeof err);
    if (p->timeline) {
      ReportOpts ro = {false, true, p->path};
      for (int f = TIMELINE_TEXT; f <= TIMELINE_MARKDOWN; f++)
        report_timeline(p->sink, p->s->m, p->ws, p->nw, (TimelineFormat)f, &ro);
      p->done = true;
      mem_undefer(&d, true);
      return;
    }
    RunOpts o = {p->html ? RUN_ROWS_DIFF : RUN_ROWS_ALL, true};
    p->d = rundata_build(p->s->m, p->ws, p->nw, &o);
    if (p->html) {
      html_reports(p);
    } else {
      reports(p);
      test_reports(p, p->s->m, &p->s->diag);
    }
  } else if (!p->html) {
    test_reports(p, NULL, &p->s->diag);
  }
  p->done = true;
  mem_undefer(&d, true);
}

/* The whole pipeline of `deal run` and `deal test`, output to the sink.
 * Returns true when it ran to the end. */
static bool pipeline(const char *path, FILE *sink) {
  Pipeline p = {path, sink, NULL, NULL, 0, NULL, false, false};
  t_protect(pipeline_fn, &p);
  return p.done;
}

static bool timeline_pipeline(const char *path, FILE *sink) {
  Pipeline p = {.path = path, .sink = sink, .timeline = true};
  t_protect(pipeline_fn, &p);
  return p.done;
}

/* Runs fn(arg) failing each of its allocations in turn: each run ends
 * (done or unwound) with every block it made freed. */
static void fail_each(const char *what, bool (*fn)(const char *, FILE *),
                      const char *arg, bool recovers) {
  FILE *sink = fopen("/dev/null", "w");
  long live = mem_live();
  uint64_t start = mem_mark();
  long before = mem_allocations();
  CU_ASSERT_TRUE_FATAL(fn(arg, sink));
  long total = mem_allocations() - before;
  CU_ASSERT_EQUAL(mem_live(), live);
  CU_ASSERT(total > 10);
  long failures = 0, completed = 0;
  for (long n = 1; n <= total + 1; n++) {
    mem_fail_at(n);
    bool done = fn(arg, sink);
    mem_fail_at(0);
    completed += done;
    failures += !done;
    if (mem_live() != live) {
      fprintf(stderr, "%s %s: failing allocation %ld of %ld leaves %ld blocks\n",
              what, arg, n, total, mem_live() - live);
      mem_dump_since(start, stderr);
      CU_FAIL("a failed allocation leaked");
      break;
    }
  }
  /* the last run (n = total + 1) fails nothing and must complete; a
   * REPL completes every time (a failed input changes nothing) */
  if (recovers) {
    /* all but a failure while it starts (its first few allocations) */
    CU_ASSERT(completed >= total - 16);
  } else {
    CU_ASSERT(completed >= 1);
    CU_ASSERT(failures >= total - 1);
  }
  fclose(sink);
}

static void test_faults_language_example(void) {
  fail_each("pipeline", pipeline, "tests/golden/language_example.deal", false);
}

static void test_faults_seed_scenario(void) {
  fail_each("pipeline", pipeline, "scenarios/openai-cloud.deal", false);
}

static void test_faults_includes(void) {
  fail_each("pipeline", pipeline, "scenarios/apple-qualcomm.deal", false);
}

/* deal timeline in every format, on the seed (its dates) and on a file of
 * many worlds. */
static void test_faults_timeline(void) {
  fail_each("timeline", timeline_pipeline, "scenarios/openai-cloud.deal", false);
  fail_each("timeline", timeline_pipeline, "tests/golden/many_worlds.deal", false);
}

static void test_faults_many_worlds(void) {
  fail_each("pipeline", pipeline, "tests/golden/many_worlds.deal", false);
}

/* `expect when` and `query when` (report_expects, report_text_tail), and
 * the timeline of a scenario whose windows are amended, ordered and
 * conditioned. */
static void test_faults_when(void) {
  fail_each("pipeline", pipeline, "tests/golden/semantics/when_periods.deal", false);
}


static bool html_pages(const char *path, FILE *sink) {
  Pipeline p = {.path = path, .sink = sink, .html = true};
  t_protect(pipeline_fn, &p);
  return p.done;
}

static void test_faults_html(void) {
  fail_each("html", html_pages, "tests/golden/language_example.deal", false);
}

static void test_faults_errors_reported(void) {
  fail_each("pipeline", pipeline, "tests/golden/errors/multi_semantic.deal", false);
}

/* Syntax errors with their notes, and the `;` put in after a missing one. */
static void test_faults_syntax_errors_with_notes(void) {
  fail_each("pipeline", pipeline, "tests/golden/errors/syn_missing_brace_outcome.deal", false);
  fail_each("pipeline", pipeline,
            "tests/golden/errors/syn_missing_semicolon_then_next_statement.deal", false);
}

/* ---- the library: its own State, failed through its allocator ---- */

typedef struct Hook {
  long count, fail_at, live;
} Hook;

static void *hook_alloc(void *ud, void *p, size_t n) {
  Hook *h = ud;
  if (n == 0) {
    if (p) h->live--;
    free(p);
    return NULL;
  }
  if (++h->count == h->fail_at) return NULL;
  void *q = realloc(p, n);
  if (q && !p) h->live++;
  return q;
}

static int count_cb(void *arg, const void *x) {
  (void)x;
  ++*(int *)arg;
  return 0;
}

/* Every entry of deal.h on one scenario; true when each worked. */
static bool library(const char *path, Hook *h, FILE *sink) {
  deal_load_options lo = {NULL, 0, hook_alloc, h};
  deal_scenario *s = deal_load_file(path, &lo);
  if (!s) return false;
  bool ok = deal_ok(s);
  char err[256];
  deal_report_options ro = {DEAL_FORMAT_TEXT, NULL, NULL, 1, 0, path};
  ok = ok && deal_report(s, &ro, sink, err, sizeof err) == 0;
  ro.format = DEAL_FORMAT_JSON;
  ok = ok && deal_report(s, &ro, sink, err, sizeof err) == 0;
  deal_answer a = {-1, NULL};
  ok = ok && deal_ask(s, NULL, "Amazon may host StatefulRuntime with "
                      "probability 70%", &a) >= 0;
  deal_answer_free(&a);
  deal_world *w = ok ? deal_world_open(s, "settlement", NULL, err, sizeof err) : NULL;
  int n = 0;
  ok = ok && w && deal_each_status(w, 1, (deal_status_fn)count_cb, &n) == 0 &&
       deal_each_market(w, (deal_market_fn)count_cb, &n) == 0 &&
       deal_each_flow(w, (deal_flow_fn)count_cb, &n) == 0;
  deal_world_close(w);
  deal_when wh;
  ok = ok && deal_when_ask(s, NULL, "Amazon may host StatefulRuntime under "
                           "settlement", &wh) >= 0;
  deal_when_free(&wh);
  ro.format = DEAL_FORMAT_MARKDOWN;
  ok = ok && deal_timeline(s, &ro, sink, err, sizeof err) == 0;
  ok = ok && deal_diff(s, "status_quo", "settlement", NULL, sink, err, sizeof err) >= 0;
  size_t len;
  char *snap = ok ? deal_snapshot(s, NULL, &len, err, sizeof err) : NULL;
  ok = ok && snap;
  deal_string_free(snap);
  deal_free(s);
  return ok;
}

static void test_faults_library(void) {
  const char *path = "tests/golden/language_example.deal";
  FILE *sink = fopen("/dev/null", "w");
  Hook h = {0, 0, 0};
  CU_ASSERT_TRUE_FATAL(library(path, &h, sink));
  CU_ASSERT_EQUAL(h.live, 0);
  long total = h.count;
  CU_ASSERT(total > 100);
  long completed = 0;
  for (long n = 1; n <= total + 1; n++) {
    Hook f = {0, n, 0};
    completed += library(path, &f, sink);
    if (f.live != 0) {
      fprintf(stderr, "library: failing allocation %ld of %ld leaves %ld "
              "blocks\n", n, total, f.live);
      CU_FAIL("a failed allocation in the library leaked");
      break;
    }
  }
  CU_ASSERT(completed >= 1);
  fclose(sink);
}

/* ---- the REPL: each input its own protected call ---- */

/* True when the REPL ran to the end of its input: it did unless memory
 * ran out while it started, which it says on stderr (an input with an
 * error, or one that ran out of memory, only makes the exit status 2). */
static bool repl(const char *in, FILE *sink) {
  (void)sink;
  FILE *saved_in = stdin, *saved_out = stdout, *saved_err = stderr;
  stdin = fopen(in, "r");
  stdout = fopen("/dev/null", "w");
  stderr = tmpfile();
  if (!stdin || !stdout || !stderr) return false;
  int rc = repl_main(NULL, 0, 0);
  bool started = ftell(stderr) == 0;
  fclose(stdin);
  fclose(stdout);
  fclose(stderr);
  stdin = saved_in;
  stdout = saved_out;
  stderr = saved_err;
  return (rc == 0 || rc == 2) && started;
}

/* The REPL survives every failure (a failed input changes nothing) and
 * frees everything at the end. */
static void test_faults_repl(void) {
  fail_each("repl", repl, "tests/repl/session.in", true);
}

/* The same through the hints (a check without `?`, parsed quietly),
 * :help's examples, the names given to commands and :undo's world. */
static void test_faults_repl_hints(void) {
  fail_each("repl", repl, "tests/repl/hints.in", true);
}

static void test_faults_repl_names(void) {
  fail_each("repl", repl, "tests/repl/did_you_mean.in", true);
}

static void test_faults_repl_world(void) {
  fail_each("repl", repl, "tests/repl/world.in", true);
}

/* Completion: a failure anywhere leaves the result as it was and no
 * block behind. */
static const char *const complete_lines[] = {
    "Amazon may ho",
    "agreement Z between Amazon signed 2026-01-01 {\n"
    "  clause c: Amazon may host ModelIP if agi_declared and (not ",
    "dispute d {\n  outcome o {\n    construe AWS_OpenAI.runtime as covering ",
    "AWS_OpenAI.",
    "",
};
static const char *const complete_words[] = {"none", "status_quo", NULL};
static const CompleteCommand complete_commands[] = {
    {"under", COMPLETE_ARG_WORLD, complete_words},
    {"undo", COMPLETE_ARG_NONE, NULL},
    {"show", COMPLETE_ARG_NAME, NULL}};

typedef struct CompleteRun {
  const Program *p;
  const char *line;
  Completions c;
} CompleteRun;

static void complete_run(void *v) {
  CompleteRun *r = v;
  CompleteOpts o = {complete_commands, 3};
  complete_line(r->p, r->line, strlen(r->line), &o, &r->c);
}

static void test_faults_complete(void) {
  T *t = t_parse_file("tests/golden/language_example.deal");
  t_finish(t);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  const char *lines[] = {complete_lines[0], complete_lines[1], complete_lines[2],
                         complete_lines[3], complete_lines[4], ":under microsoft_wins,",
                         ":show MSFT_OpenAI.r"};
  for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
    long live = mem_live();
    long before = mem_allocations();
    CompleteRun r = {t->p, lines[i], {0}};
    CU_ASSERT_EQUAL_FATAL(t_protect(complete_run, &r), 0);
    CU_ASSERT(r.c.n > 0);
    complete_free(&r.c);
    long total = mem_allocations() - before;
    CU_ASSERT(total >= 2);  /* the scratch and the result at least */
    for (long n = 1; n <= total; n++) {
      CompleteRun f = {t->p, lines[i], {(CompleteItem *)1, 7, 3, true}};
      mem_fail_at(n);
      bool unwound = t_protect(complete_run, &f) != 0;
      mem_fail_at(0);
      CU_ASSERT(unwound);
      CU_ASSERT(f.c.v == (CompleteItem *)1 && f.c.n == 7 && f.c.start == 3);
      CU_ASSERT_EQUAL(mem_live(), live);
    }
  }
  t_free(t);
}

/* :why of a key decided by default, with the clauses that do not apply. */
static void test_faults_repl_why_default(void) {
  fail_each("repl", repl, "tests/repl/why_default.in", true);
}

static void test_faults_repl_when(void) {
  fail_each("repl", repl, "tests/repl/when.in", true);
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

static void fill_32mb(void *a) { arena_fill(a, (size_t)32 << 20); }

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
    arena_init(&a);
    mem_fail_at(n);
    bool unwound = t_protect(fill_32mb, &a) != 0;
    mem_fail_at(0);
    CU_ASSERT(unwound);
    arena_free(&a);  /* what it holds: the arena's blocks are its own */
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

/* grow_list, keeping w and cap current in memory (a failed step leaves
 * them as they were). */
typedef struct Grow {
  uint32_t *w;
  size_t cap, want;
} Grow;

static void grow_step(void *v) {
  Grow *g = v;
  while (g->cap < g->want) {
    uint32_t *x = mem_realloc(g->w, g->cap * 2 * sizeof *x);
    for (size_t i = g->cap; i < g->cap * 2; i++) x[i] = (uint32_t)i * 2654435761u;
    g->w = x;
    g->cap *= 2;
  }
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
    Grow g = {mem_alloc(4 * sizeof(uint32_t)), 4, want};
    for (size_t i = 0; i < 4; i++) g.w[i] = (uint32_t)i * 2654435761u;
    mem_fail_at(n);
    bool unwound = t_protect(grow_step, &g) != 0;
    mem_fail_at(0);
    CU_ASSERT(unwound);
    /* the block the failed step was given is still whole */
    bool ok = true;
    for (size_t i = 0; i < g.cap; i += 4093) ok &= g.w[i] == (uint32_t)i * 2654435761u;
    CU_ASSERT(ok);
    mem_free(g.w);
    CU_ASSERT_EQUAL(mem_live(), live);
  }
}

/* ---- the language server: each message its own protected call ---- */

static ssize_t file_read(void *arg, char *buf, size_t n) {
  return (ssize_t)fread(buf, 1, n, arg);
}

static bool file_write(void *arg, const char *buf, size_t n) {
  return fwrite(buf, 1, n, arg) == n;
}

/* True when the server answered the whole session and exited after
 * shutdown: memory that runs out while a message is handled gives an
 * error response (or a diagnostic), and the server goes on. */
static bool lsp(const char *in, FILE *sink) {
  FILE *f = fopen(in, "rb");
  if (!f) return false;
  FILE *saved_err = stderr;
  stderr = sink;  /* what it says of the failures */
  int rc = lsp_serve(file_read, f, file_write, sink, "test");
  stderr = saved_err;
  fclose(f);
  return rc == 0;
}

static void test_faults_lsp(void) {
  fail_each("lsp", lsp, "tests/lsp/faults.lsp", true);
}

static const UnitTest tests[] = {
    UNIT_TEST(test_faults_language_example),
    UNIT_TEST(test_faults_seed_scenario),
    UNIT_TEST(test_faults_includes),
    UNIT_TEST(test_faults_many_worlds),
    UNIT_TEST(test_faults_timeline),
    UNIT_TEST(test_faults_errors_reported),
    UNIT_TEST(test_faults_when),
    UNIT_TEST(test_faults_html),
    UNIT_TEST(test_faults_library),
    UNIT_TEST(test_faults_repl),
    UNIT_TEST(test_faults_lsp),
    UNIT_TEST(test_faults_repl_hints),
    UNIT_TEST(test_faults_repl_names),
    UNIT_TEST(test_faults_repl_world),
    UNIT_TEST(test_faults_complete),
    UNIT_TEST(test_faults_repl_when),
    UNIT_TEST(test_faults_huge_arena_blocks),
    UNIT_TEST(test_faults_huge_lists),
    UNIT_TEST(test_faults_syntax_errors_with_notes),
    UNIT_TEST(test_faults_repl_why_default),
    UNIT_TEST(test_faults_arena_unalloc),
};

UNIT_MAIN("faults", tests)
