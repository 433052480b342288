/* test_report: the data behind `deal run` (rundata), its formats, and the
 * public interface of deal.h. */
#include "deal.h"
#include "report.h"
#include "session.h"
#include "unit.h"

static const char *two_disputes =
    "party A; party B; party C;\n"
    "group all3 = A, B, C;\n"
    "action sell;\n"
    "product W owned by A;\n"
    "product U;\n"
    "agreement L between A, B signed 2025-01-01 {\n"
    "  clause x: only B among all3 may sell W;\n"
    "  clause y: C may sell W;\n"
    "  clause z: B may not sell U;\n"
    "  clause p: A pays B $1M;\n"
    "  clause s: A owns 12.5% of B valued $10M;\n"
    "  clause i: A invests $5M in C;\n"
    "}\n"
    "dispute d1 { outcome d1a probability 25% { void L.y; } "
    "outcome d1b probability 75% { } }\n"
    "dispute d2 { outcome d2a probability 40% { void L.x; } "
    "outcome d2b probability 60% { } }\n";

/* Data of the status quo and every outcome. */
static RunData *data_of(T *t, World **ws, uint32_t *nw, RunRowsMode mode) {
  *nw = 0;
  ws[(*nw)++] = t_world(t, NULL, 0);
  for (uint32_t i = 0; i < t->p->noutcomes; i++)
    ws[(*nw)++] = world_new(t->m, &t->p->outcomes[i], 1,
                                 resolve_default_date(t->p));
  RunOpts o = {mode, true};
  return rundata_build(t->m, ws, *nw, &o);
}

static const RunRow *row_of(const RunData *d, const char *party,
                            const char *obj) {
  for (uint32_t i = 0; i < d->nrows; i++) {
    const RunRow *r = &d->rows[i];
    if (r->party >= 0 && !strcmp(d->p->parties[r->party]->h.name->s, party) &&
        !strcmp(r->s->obj->name->s, obj))
      return r;
  }
  return NULL;
}

static void test_report_expected_weighs_combinations(void) {
  T *t = t_load(two_disputes);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  World *ws[8];
  uint32_t nw;
  RunData *d = data_of(t, ws, &nw, RUN_ROWS_ALL);
  CU_ASSERT_TRUE(d->has_expected);
  CU_ASSERT_EQUAL(d->ncombos, 4);
  /* C may sell W unless y is void (d1a, 25%): contested when x stands,
   * permitted when x is void (d2a): 75% * 40% = 30% */
  const RunRow *c = row_of(d, "C", "W");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL(rundata_status(d, c, 0), ST_CONTESTED);
  CU_ASSERT_EQUAL(rundata_row_expected(d, c), 300000);
  /* B: granted by x; without x (40%) no norm: not the owner, forbidden */
  const RunRow *b = row_of(d, "B", "W");
  CU_ASSERT_PTR_NOT_NULL_FATAL(b);
  CU_ASSERT_EQUAL(rundata_row_expected(d, b), 600000);
  rundata_free(d);
  for (uint32_t k = 0; k < nw; k++) world_free(ws[k]);
  t_free(t);
}

static void test_report_expected_needs_probabilities(void) {
  T *t = t_load("party A; action x; product P owned by A;\n"
                "agreement L between A signed 2025-01-01 { clause c: A may not x P; }\n"
                "dispute d { outcome o1 { void L.c; } outcome o2 { } }\n");
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  World *ws[4];
  uint32_t nw;
  RunData *d = data_of(t, ws, &nw, RUN_ROWS_DIFF);
  CU_ASSERT_FALSE(d->has_expected);
  CU_ASSERT_PTR_NOT_NULL(strstr(d->expected_note, "dispute d gives no probabilities"));
  rundata_free(d);
  for (uint32_t k = 0; k < nw; k++) world_free(ws[k]);
  t_free(t);
}

static void test_report_market_exclusive_and_breach_map(void) {
  T *t = t_load(two_disputes);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  World *ws[8];
  uint32_t nw;
  RunData *d = data_of(t, ws, &nw, RUN_ROWS_DIFF);
  /* markets: sell W, sell U */
  CU_ASSERT_EQUAL_FATAL(d->nmarkets, 2);
  RunMarketBuf a = {0};
  const RunSlot *w = !strcmp(d->markets[0]->obj->name->s, "W") ? d->markets[0]
                                                               : d->markets[1];
  RunMarket mk;
  rundata_market(d, w, 0, &mk, &a);
  /* the exclusion leaves out the owner A too; C is contested: B alone */
  CU_ASSERT_EQUAL(mk.npermitted, 1);
  CU_ASSERT_EQUAL(mk.ncontested, 1);
  CU_ASSERT_EQUAL(mk.exclusive, t_party(t, "B"));
  CU_ASSERT_EQUAL(mk.excl_among[0], t_party(t, "B"));
  /* in d1a, y is void: C is forbidden, the same parties may */
  rundata_market(d, w, 1, &mk, &a);
  CU_ASSERT_EQUAL(mk.ncontested, 0);
  const RunSlot *u = w == d->markets[0] ? d->markets[1] : d->markets[0];
  rundata_market(d, u, 0, &mk, &a);
  CU_ASSERT_TRUE(mk.rest_permitted);   /* unowned: everyone but B */
  StrBuf s;
  sb_init(&s);
  report_permitted_text(&s, d, u, &mk, 0);
  CU_ASSERT_STRING_EQUAL(s.s, "everyone but B");
  sb_free(&s);
  /* the breach map of the status quo: y against x on (C, sell, W) */
  RunPairs pairs = {0};
  RunPairIndex ix0, ix1;
  rundata_pair_index(d, 0, &ix0);
  rundata_pair_index(d, 1, &ix1);
  CU_ASSERT_EQUAL(rundata_pairs(d, &ix0, UINT32_MAX, &pairs), 1);
  const RunPairs *g0 = &pairs;
  CU_ASSERT_EQUAL_FATAL(g0->npairs, 1);
  CU_ASSERT_EQUAL(g0->pairs[0].n, 1);
  CU_ASSERT_STRING_EQUAL(t->p->clauses[g0->pairs[0].pos]->name->s, "y");
  CU_ASSERT_STRING_EQUAL(t->p->clauses[g0->pairs[0].neg]->name->s, "x");
  CU_ASSERT_EQUAL(d->worlds[0].nkeys, 1);
  CU_ASSERT_EQUAL(d->worlds[1].nkeys, 0);
  rundata_pairs_free(&pairs);
  CU_ASSERT_EQUAL(rundata_pairs(d, &ix1, UINT32_MAX, &pairs), 0);
  CU_ASSERT_EQUAL(pairs.npairs, 0);
  rundata_pairs_free(&pairs);
  /* at most one pair asked: the one, and the count */
  CU_ASSERT_EQUAL(rundata_pairs(d, &ix0, 0, &pairs), 1);
  CU_ASSERT_EQUAL(pairs.npairs, 0);
  rundata_pairs_free(&pairs);
  rundata_pair_index_free(&ix0);
  rundata_pair_index_free(&ix1);
  rundata_market_buf_free(&a);
  rundata_free(d);
  for (uint32_t k = 0; k < nw; k++) world_free(ws[k]);
  t_free(t);
}

/* One key met by thousands of clauses: 3,000 grant it, 3,000 `only`
 * clauses leave it out.  Its breach map keeps the two sides (6,000
 * clause references), not the 9,000,000 pairs they make; the pairs are
 * counted when asked and only those printed are listed; the building
 * allocates a bounded number of blocks (vectors grow by doubling).  A
 * path quadratic or worse in a key's hits would not finish here. */
static void test_report_one_key_thousands_of_hits(void) {
  enum { N = 3000 };
  StrBuf s;
  sb_init(&s);
  sb_puts(&s, "party Acme; party Beta; action host; product Widget owned by Acme;\n"
              "agreement A between Acme, Beta signed 2025-01-01 {\n");
  for (int i = 0; i < N; i++)
    sb_printf(&s, "  clause g%d: Beta may host Widget;\n  clause x%d: only Acme may host Widget;\n", i, i);
  sb_puts(&s, "}\n");
  T *t = t_load_len(s.s, s.n);
  sb_free(&s);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  World *w = world_new(t->m, NULL, 0, resolve_default_date(t->p));
  RunOpts ro = {RUN_ROWS_DIFF, false};
  long before = mem_allocations();
  RunData *d = rundata_build(t->m, &w, 1, &ro);
  CU_ASSERT(mem_allocations() - before < 200);
  CU_ASSERT_EQUAL(d->worlds[0].nkeys, 1);
  const RunSides *sd = &d->worlds[0].sides;
  CU_ASSERT_EQUAL_FATAL(sd->n, 1);
  CU_ASSERT_EQUAL(sd->v[0].npos, N);
  CU_ASSERT_EQUAL(sd->v[0].nneg, N);
  CU_ASSERT_EQUAL(sd->ncl, 2 * N);
  RunPairs g;
  RunPairIndex ix;
  rundata_pair_index(d, 0, &ix);
  CU_ASSERT_EQUAL(rundata_pairs(d, &ix, REPORT_PAIRS_SHOWN, &g), (uint32_t)N * N);
  rundata_pair_index_free(&ix);
  CU_ASSERT_EQUAL(g.npairs, REPORT_PAIRS_SHOWN);
  CU_ASSERT_EQUAL(g.nrows, REPORT_PAIRS_SHOWN);  /* one key each */
  rundata_pairs_free(&g);
  rundata_free(d);
  world_free(w);
  t_free(t);
}

static void test_report_money_overflow_and_valuation(void) {
  Body b = {0};
  b.is_flow = true;
  b.fk = F_OWNS;
  b.has_money2 = true;
  b.money2 = 1000000000;  /* $10M */
  b.pct = 125000;         /* 12.5% */
  int64_t v;
  bool ovf;
  CU_ASSERT_TRUE(rundata_implied_valuation(&b, &v, &ovf));
  CU_ASSERT_EQUAL(v, 8000000000);  /* $80M */
  b.pct = 1;                       /* 0.0001% of $90T */
  b.money2 = LIT_MAX_CENTS;
  CU_ASSERT_FALSE(rundata_implied_valuation(&b, &v, &ovf));
  CU_ASSERT_TRUE(ovf);
  b.pct = 0;
  CU_ASSERT_FALSE(rundata_implied_valuation(&b, &v, &ovf));
  CU_ASSERT_FALSE(ovf);
  /* 1100 payments of $90T: past 2^63 cents */
  size_t cap = 64 * 1200;
  char *src = malloc(cap);
  size_t n = (size_t)snprintf(src, cap, "party A; party B;\n"
                              "agreement L between A, B signed 2025-01-01 {\n");
  for (int i = 0; i < 1100; i++)
    n += (size_t)snprintf(src + n, cap - n, "clause p%d: A pays B $90T;\n", i);
  snprintf(src + n, cap - n, "}\n");
  T *t = t_load(src);
  free(src);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  World *ws[2];
  uint32_t nw;
  RunData *d = data_of(t, ws, &nw, RUN_ROWS_DIFF);
  const RunTotal *pays = &d->worlds[0].totals[(size_t)t_party(t, "A") * TM_N + TM_PAYS];
  CU_ASSERT_TRUE(pays->overflow);
  char buf[64];
  CU_ASSERT_STRING_EQUAL(rundata_total_str(pays, TM_PAYS, buf), "overflow");
  rundata_free(d);
  for (uint32_t k = 0; k < nw; k++) world_free(ws[k]);
  t_free(t);
}

static void test_report_world_specs(void) {
  T *t = t_load(two_disputes);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  Session s = {.p = t->p, .m = t->m};
  Outcome **o;
  uint32_t n;
  char msg[400];
  CU_ASSERT_TRUE(session_outcomes(&s, "d1a+d2b", &o, &n, msg, sizeof msg));
  CU_ASSERT_EQUAL(n, 2);
  mem_free(o);
  CU_ASSERT_TRUE(session_outcomes(&s, "d1a,d2b", &o, &n, msg, sizeof msg));
  CU_ASSERT_EQUAL(n, 2);
  mem_free(o);
  CU_ASSERT_TRUE(session_outcomes(&s, "status_quo", &o, &n, msg, sizeof msg));
  CU_ASSERT_EQUAL(n, 0);
  CU_ASSERT_FALSE(session_outcomes(&s, "d1a+d1b", &o, &n, msg, sizeof msg));
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "same dispute"));
  CU_ASSERT_FALSE(session_outcomes(&s, "d1a+", &o, &n, msg, sizeof msg));
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "empty name"));
  CU_ASSERT_FALSE(session_outcomes(&s, "d1x", &o, &n, msg, sizeof msg));
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "did you mean"));
  t_free(t);
}

static int count_status(void *arg, const deal_status_info *s) {
  (void)s;
  ++*(int *)arg;
  return 0;
}

static void test_report_api_round_trip(void) {
  deal_scenario *bad = deal_load_string("b.deal", "party A; party A;", 17, NULL);
  CU_ASSERT_FALSE(deal_ok(bad));
  CU_ASSERT_EQUAL_FATAL(deal_diagnostic_count(bad), 1);
  const deal_diagnostic *dg = deal_diagnostic_at(bad, 0);
  CU_ASSERT_STRING_EQUAL(dg->file, "b.deal");
  CU_ASSERT_EQUAL(dg->line, 1);
  CU_ASSERT_EQUAL(dg->column, 16);
  CU_ASSERT_TRUE(dg->is_error);
  deal_free(bad);

  deal_scenario *s = deal_load_string("t.deal", two_disputes,
                                      strlen(two_disputes), NULL);
  CU_ASSERT_TRUE_FATAL(deal_ok(s));
  deal_answer a;
  CU_ASSERT_EQUAL(deal_ask(s, NULL, "conflict C sell W", &a), 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(a.explanation, "contested"));
  deal_answer_free(&a);
  CU_ASSERT_EQUAL(deal_ask(s, NULL, "C may sell W with probability 30%", &a), 1);
  deal_answer_free(&a);
  char err[128];
  deal_world *w = deal_world_open(s, "d2a", NULL, err, sizeof err);
  CU_ASSERT_PTR_NOT_NULL_FATAL(w);
  CU_ASSERT_EQUAL(deal_ask(s, w, "C may sell W", &a), 1);
  deal_answer_free(&a);
  int n = 0;
  CU_ASSERT_EQUAL(deal_each_status(w, 1, count_status, &n), 0);
  CU_ASSERT_EQUAL(n, 2);  /* C sell W, B sell U */
  deal_world_close(w);
  CU_ASSERT_PTR_NULL(deal_world_open(s, "d1a", "2025-02-30", err, sizeof err));

  size_t len;
  char *snap = deal_snapshot(s, NULL, &len, err, sizeof err);
  CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
  FILE *sink = fopen("/dev/null", "w");
  CU_ASSERT_EQUAL(deal_snapshot_compare(s, NULL, snap, len, sink, "", err, sizeof err), 0);
  /* one line changed by hand is one change */
  char *p = strstr(snap, "= contested");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  memcpy(p, "= permitted", 11);
  CU_ASSERT_EQUAL(deal_snapshot_compare(s, NULL, snap, len, sink, "", err, sizeof err), 1);
  deal_string_free(snap);
  CU_ASSERT_EQUAL(deal_diff(s, "d1b", "d1b", NULL, sink, err, sizeof err), 0);
  CU_ASSERT(deal_diff(s, "status_quo", "d2a", NULL, sink, err, sizeof err) > 0);
  deal_report_options ro = {DEAL_FORMAT_JSON, "d1a+d2a", NULL, 1, 0, "t.deal"};
  CU_ASSERT_EQUAL(deal_report(s, &ro, sink, err, sizeof err), 0);
  ro.under = "d1a+d1b";
  CU_ASSERT_EQUAL(deal_report(s, &ro, sink, err, sizeof err), -1);
  fclose(sink);
  deal_free(s);
}


/* A large report's slots are shared between threads (rundata.c, par.h):
 * the report must be the one of one thread, in every format and row
 * mode, and the second thread must really have run. */
static char *report_with_threads(const char *path, int threads,
                                 RunRowsMode mode, bool json) {
  t_threads(threads, threads > 1 ? 2 : 0);
  uint64_t ran = par_helper_chunks();
  T *t = t_parse_file(path);
  t_finish(t);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  World *ws[64];
  uint32_t nw = t_report_worlds(t, ws, 64);
  RunOpts o = {mode, true};
  RunData *d = rundata_build(t->m, ws, nw, &o);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  ReportOpts ro = {false, mode == RUN_ROWS_ALL, path};
  if (json) report_json(f, d, &ro);
  else report_text(f, d, &ro);
  fclose(f);
  if (threads > 1) {
    CU_ASSERT(par_helper_chunks() > ran);
  } else {
    CU_ASSERT_EQUAL(par_helper_chunks(), ran);
  }
  t_threads(2, 0);
  rundata_free(d);
  for (uint32_t i = 0; i < nw; i++) world_free(ws[i]);
  t_free(t);
  return buf;
}

static void test_report_two_threads_as_one(void) {
  const char *files[] = {"scenarios/openai-cloud.deal",
                         "tests/golden/many_worlds.deal"};
  for (size_t f = 0; f < sizeof files / sizeof *files; f++)
    for (int mode = 0; mode < 2; mode++)
      for (int json = 0; json < 2; json++) {
        RunRowsMode m = mode ? RUN_ROWS_ALL : RUN_ROWS_DIFF;
        char *one = report_with_threads(files[f], 1, m, json);
        char *two = report_with_threads(files[f], 2, m, json);
        CU_ASSERT(strlen(one) > 1000);
        CU_ASSERT_STRING_EQUAL(one, two);
        free(one);
        free(two);
      }
}

/* A flow active in every world shares one vector; a world whose flows are
 * the first world's shares its totals, and only that world. */
static void test_report_flows_and_totals_shared_where_equal(void) {
  T *t = t_load("party A; party B;\n"
                "agreement L between A, B signed 2025-01-01 {\n"
                "  clause p: A pays B $1M;\n"
                "  clause q: A pays B $2M;\n"
                "  clause r: B pays A $3M;\n"
                "}\n"
                "dispute d { outcome none probability 50% { } "
                "outcome voidq probability 50% { void L.q; } }\n");
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  World *ws[4];
  uint32_t nw;
  RunData *d = data_of(t, ws, &nw, RUN_ROWS_DIFF);
  CU_ASSERT_EQUAL_FATAL(nw, 3);
  CU_ASSERT_EQUAL_FATAL(d->nflows, 3);
  const RunFlow *fp = NULL, *fq = NULL, *fr = NULL;
  for (uint32_t i = 0; i < d->nflows; i++) {
    const char *n = d->flows[i].c->name->s;
    if (!strcmp(n, "p")) fp = &d->flows[i];
    if (!strcmp(n, "q")) fq = &d->flows[i];
    if (!strcmp(n, "r")) fr = &d->flows[i];
  }
  CU_ASSERT_FATAL(fp && fq && fr);
  CU_ASSERT_PTR_EQUAL(fp->on, fr->on);        /* on everywhere: shared */
  CU_ASSERT_PTR_NOT_EQUAL(fp->on, fq->on);
  CU_ASSERT(fq->on[0] && fq->on[1] && !fq->on[2]);
  CU_ASSERT(fp->on[0] && fp->on[1] && fp->on[2]);
  CU_ASSERT_PTR_EQUAL(d->worlds[1].totals, d->worlds[0].totals);
  CU_ASSERT_PTR_NOT_EQUAL(d->worlds[2].totals, d->worlds[0].totals);
  size_t a = (size_t)t_party(t, "A") * TM_N, b = (size_t)t_party(t, "B") * TM_N;
  int64_t m = 100000000;      /* $1M in cents */
  for (uint32_t k = 0; k < 3; k++) {
    const RunTotal *x = d->worlds[k].totals;
    CU_ASSERT_EQUAL(x[a + TM_PAYS].v, k == 2 ? m : 3 * m);
    CU_ASSERT_EQUAL(x[b + TM_PAID].v, k == 2 ? m : 3 * m);
    CU_ASSERT_EQUAL(x[b + TM_PAYS].v, 3 * m);
    CU_ASSERT_EQUAL(x[a + TM_PAID].v, 3 * m);
  }
  rundata_free(d);
  for (uint32_t k = 0; k < nw; k++) world_free(ws[k]);
  t_free(t);
}

static const UnitTest tests[] = {
    UNIT_TEST(test_report_expected_weighs_combinations),
    UNIT_TEST(test_report_expected_needs_probabilities),
    UNIT_TEST(test_report_market_exclusive_and_breach_map),
    UNIT_TEST(test_report_one_key_thousands_of_hits),
    UNIT_TEST(test_report_money_overflow_and_valuation),
    UNIT_TEST(test_report_world_specs),
    UNIT_TEST(test_report_api_round_trip),
    UNIT_TEST(test_report_two_threads_as_one),
    UNIT_TEST(test_report_flows_and_totals_shared_where_equal),
};

UNIT_MAIN("report", tests)
