/* report_md: the `deal run` report as Markdown a lawyer can paste into a
 * memo — the same sections as the text report, as tables, with changes
 * against the first world in bold. */
#include <string.h>

#include "literal.h"
#include "print.h"
#include "report.h"

/* A table cell: '|' and newlines would break the row. */
static void cell(FILE *f, const char *s, bool bold) {
  fputs(" ", f);
  if (bold) fputs("**", f);
  for (; *s; s++) {
    if (*s == '|') fputs("\\|", f);
    else if (*s == '\n') fputc(' ', f);
    else if (*s == '*' || *s == '`') fprintf(f, "\\%c", *s);
    else fputc(*s, f);
  }
  if (bold) fputs("**", f);
  fputs(" |", f);
}

static void rule(FILE *f, uint32_t n) {
  fputs("|", f);
  for (uint32_t i = 0; i < n; i++) fputs("---|", f);
  fputs("\n", f);
}

static const char *wname(const RunData *d, uint32_t k) {
  return d->worlds[k].w->name;
}

static void text_cell(FILE *f, const char *s) { cell(f, s, false); }

/* What a table left out, as a paragraph after it. */
static void md_plan_note(FILE *f, const ReportPlan *pl, const char *what,
                         const char *same) {
  if (pl->left_differing)
    fprintf(f, "\nAnd %u more %s that differ between worlds (`--all` lists "
            "them all).\n", pl->left_differing, what);
  if (pl->left_same)
    fprintf(f, "\nAnd %u more %s %s (`--all` lists them all).\n",
            pl->left_same, what, same);
}

static void md_worlds(FILE *f, const RunData *d, StrBuf *s) {
  char b2[64];
  fprintf(f, "\n## Worlds\n\n| World | Dispute | Probability | Outcome |\n");
  rule(f, 4);
  for (uint32_t k = 0; k < d->nw; k++) {
    World *w = d->worlds[k].w;
    fputs("|", f);
    text_cell(f, w->name);
    s->n = 0;
    sb_put(s, "", 0);
    for (uint32_t i = 0; i < w->nchosen; i++)
      sb_printf(s, "%s%s", i ? ", " : "", w->chosen[i]->disp->h.name->s);
    text_cell(f, w->nchosen ? s->s : "none");
    text_cell(f, d->worlds[k].prob >= 0 ? lit_pct_str((int32_t)d->worlds[k].prob, b2) : "");
    s->n = 0;
    sb_put(s, "", 0);
    for (uint32_t i = 0; i < w->nchosen; i++)
      if (w->chosen[i]->title)
        sb_printf(s, "%s%s", s->n ? "; " : "", w->chosen[i]->title);
    text_cell(f, w->nchosen ? s->s : "the agreements as they stand");
    fputs("\n", f);
  }
}

static void md_permissions(FILE *f, const RunData *d, const ReportOpts *o) {
  char buf[512], b2[64];
  fprintf(f, "\n## %s\n\n", o->all ? "Permissions (every key a clause covers)"
                                   : "Permissions that differ between worlds or are contested");
  if (!d->nrows) {
    fputs("None.\n", f);
    if (d->expected_note[0]) fprintf(f, "\nNote: %s.\n", d->expected_note);
    return;
  }
  ReportLines ls = {0};
  Defer dl;
  mem_defer(&dl, report_lines_free, &ls);
  report_lines(d, !o->all && d->nrows > REPORT_LINES_SHOWN, &ls);
  ReportPlan pl = report_plan(o->all, ls.n);
  fputs("| Key |", f);
  for (uint32_t k = 0; k < d->nw; k++) text_cell(f, wname(d, k));
  if (d->has_expected) fputs(" Expected |", f);
  fputs("\n", f);
  rule(f, 1 + d->nw + (d->has_expected ? 1 : 0));
  for (uint32_t i = 0; i < ls.n; i++) {
    const ReportLine *l = &ls.v[i];
    if (!report_plan_take(&pl, 0, 1, l->differs, l->n)) continue;
    const RunRow *r = &d->rows[ls.rows[l->first]];
    report_line_key(d, &ls, l, buf, sizeof buf);
    fputs("|", f);
    text_cell(f, buf);
    for (uint32_t k = 0; k < d->nw; k++) {
      Status st = rundata_status(d, r, k);
      cell(f, eval_status_name(st), k && st != rundata_status(d, r, 0));
    }
    if (d->has_expected) text_cell(f, lit_pct_str(rundata_row_expected(d, r), b2));
    fputs("\n", f);
  }
  mem_undefer(&dl, true);
  md_plan_note(f, &pl, "keys", "contested alike in every world");
  fprintf(f, "\nChanges against the %s are in bold.", wname(d, 0));
  if (d->has_expected)
    fputs(" *Expected* is the probability that the key is permitted or "
          "required, over every combination of outcomes.", f);
  fputs("\n", f);
  if (d->expected_note[0]) fprintf(f, "\nNote: %s.\n", d->expected_note);
}

/* One line of a market in world k (m0: the first world's). */
static void md_market_line(FILE *f, const RunData *d, const RunSlot *sl,
                           uint32_t k, const RunMarket *m0,
                           const RunMarket *mk, StrBuf *s) {
  char buf[512];
  bool ch = k > 0;
  rundata_slot_text(sl, buf, sizeof buf);
  fputs("|", f);
  text_cell(f, k ? "" : buf);
  text_cell(f, wname(d, k));
  s->n = 0;
  sb_put(s, "", 0);
  report_permitted_text(s, d, sl, mk, 0);
  cell(f, s->s, ch && (mk->npermitted != m0->npermitted ||
                       mk->rest_permitted != m0->rest_permitted ||
                       memcmp(mk->permitted, m0->permitted,
                              mk->npermitted * sizeof(int32_t))));
  s->n = 0;
  sb_put(s, "", 0);
  report_exclusive_text(s, d, sl, mk);
  bool ex_ch = mk->exclusive != m0->exclusive ||
               memcmp(mk->excl_among, m0->excl_among, sl->namong * sizeof(int32_t));
  cell(f, s->s, ch && ex_ch);
  s->n = 0;
  sb_put(s, "", 0);
  for (uint32_t c = 0; c < mk->ncontested; c++)
    sb_printf(s, "%s%s", c ? ", " : "", d->p->parties[mk->contested[c]]->h.name->s);
  cell(f, s->s, ch && mk->ncontested);
  fputs("\n", f);
}

typedef struct MarketBufs {
  RunMarketBuf b0, bk;
  uint32_t *lines;
} MarketBufs;

static void market_bufs_free(void *v) {
  MarketBufs *b = v;
  rundata_market_buf_free(&b->b0);
  rundata_market_buf_free(&b->bk);
  mem_free(b->lines);
}

/* A market's lines: the first world's and one per world where it differs
 * (printed when f is not NULL); returns how many. */
static uint32_t md_market_worlds(FILE *f, const RunData *d,
                                 const RunSlot *sl, MarketBufs *b,
                                 StrBuf *s) {
  RunMarket m0, mk;
  rundata_market(d, sl, 0, &m0, &b->b0);
  if (f) md_market_line(f, d, sl, 0, &m0, &m0, s);
  uint32_t n = 1;
  for (uint32_t k = 1; k < d->nw; k++) {
    /* a world whose statuses are the first's has its market */
    if (rundata_slot_st(sl, k) == rundata_slot_st0(sl)) continue;
    rundata_market(d, sl, k, &mk, &b->bk);
    if (rundata_market_equal(&mk, &m0, sl->namong)) continue;
    n++;
    if (f) md_market_line(f, d, sl, k, &m0, &mk, s);
  }
  return n;
}

static void md_markets(FILE *f, const RunData *d, const ReportOpts *o,
                       StrBuf *s) {
  fprintf(f, "\n## Markets\n\nWho may, for each product a clause names; a world "
          "not listed is as the %s.\n\n| Market | World | Permitted | Exclusive | "
          "Contested |\n", wname(d, 0));
  rule(f, 5);
  MarketBufs b = {0};
  Defer db;
  mem_defer(&db, market_bufs_free, &b);
  b.lines = mem_alloc(((size_t)d->nmarkets + 1) * sizeof *b.lines);
  uint64_t nlines = 0;
  for (uint32_t i = 0; i < d->nmarkets; i++)
    nlines += b.lines[i] = md_market_worlds(NULL, d, d->markets[i], &b, s);
  ReportPlan pl = report_plan(o->all, nlines);
  for (uint32_t i = 0; i < d->nmarkets; i++)
    if (report_plan_take(&pl, 0, b.lines[i], b.lines[i] > 1, 1))
      md_market_worlds(f, d, d->markets[i], &b, s);
  mem_undefer(&db, true);
  md_plan_note(f, &pl, "markets", "the same in every world");
}

static void md_flows(FILE *f, const RunData *d, const ReportOpts *o,
                     Arena *a, StrBuf *s) {
  char b2[64];
  fputs("\n## Flows\n\n", f);
  if (!d->nflows) {
    fputs("None.\n", f);
    return;
  }
  fputs("| Flow | Clause |", f);
  for (uint32_t k = 0; k < d->nw; k++) text_cell(f, wname(d, k));
  fputs("\n", f);
  rule(f, 2 + d->nw);
  ReportPlan pl = report_plan(o->all, d->nflows);
  for (uint32_t i = 0; i < d->nflows; i++) {
    const RunFlow *fl = &d->flows[i];
    bool differs = false;
    for (uint32_t k = 1; k < d->nw && !differs; k++) differs = rundata_flow_differs(fl, k);
    if (!report_plan_take(&pl, 0, 1, differs, 1)) continue;
    s->n = 0;
    sb_put(s, "", 0);
    sb_puts(s, rundata_flow_text(a, fl->b, false));
    int64_t v;
    bool ovf;
    if (rundata_implied_valuation(fl->b, &v, &ovf))
      sb_printf(s, " (implies %s for 100%%)", lit_money_str(v, b2));
    else if (ovf)
      sb_puts(s, " (implied valuation: overflow)");
    fputs("|", f);
    text_cell(f, s->s);
    text_cell(f, rundata_clause_name(a, fl->c));
    for (uint32_t k = 0; k < d->nw; k++)
      cell(f, fl->on[k] ? "yes" : strcmp(rundata_flow_cell(fl, k, b2), "-") ? b2 : "no",
           k && rundata_flow_differs(fl, k));
    fputs("\n", f);
  }
  md_plan_note(f, &pl, "flows", "active alike in every world");
}

static void md_totals(FILE *f, const RunData *d, const ReportOpts *o) {
  char b2[64];
  Program *p = d->p;
  if (!d->nflows) return;
  fputs("\n### Totals per party\n\nAn investment without a committed part "
        "counts as committed whole.\n\n| Party | Measure |", f);
  for (uint32_t k = 0; k < d->nw; k++) text_cell(f, wname(d, k));
  fputs("\n", f);
  rule(f, 2 + d->nw);
  uint64_t nlines = 0;
  for (uint32_t q = 0; q < p->nparties; q++) nlines += report_party_totals(d, q, NULL);
  ReportPlan pl = report_plan(o->all, nlines);
  for (uint32_t q = 0; q < p->nparties; q++) {
    bool differs;
    uint32_t n = report_party_totals(d, q, &differs);
    if (!n || !report_plan_take(&pl, 0, n, differs, 1)) continue;
    for (int m = 0; m < TM_N; m++) {
      if (!rundata_total_shown(d, q, m)) continue;
      fputs("|", f);
      text_cell(f, p->parties[q]->h.name->s);
      const char *mn = rundata_measure_name(m);
      while (*mn == ' ') mn++;
      text_cell(f, mn);
      const RunTotal *t0 = &d->worlds[0].totals[(size_t)q * TM_N + m];
      for (uint32_t k = 0; k < d->nw; k++) {
        const RunTotal *t = &d->worlds[k].totals[(size_t)q * TM_N + m];
        cell(f, t->v || t->overflow ? rundata_total_str(t, m, b2) : "-",
             k && (t->v != t0->v || t->overflow != t0->overflow));
      }
      fputs("\n", f);
    }
  }
  md_plan_note(f, &pl, "parties", "with the same totals in every world");
}

typedef struct PairBufs {
  RunPairIndex ix;
  RunPairs g;
} PairBufs;

static void pair_bufs_free(void *v) {
  PairBufs *b = v;
  rundata_pair_index_free(&b->ix);
  rundata_pairs_free(&b->g);
}

static void md_conflicts(FILE *f, const RunData *d, const ReportOpts *o,
                         StrBuf *s) {
  char buf[512];
  fputs("\n## Conflicts\n\nContested keys, by the pair of clauses that "
        "collide (a permission or obligation against a prohibition).\n\n", f);
  PairBufs b = {0};
  Defer db;
  mem_defer(&db, pair_bufs_free, &b);
  for (uint32_t k = 0; k < d->nw; k++) {
    rundata_pair_index(d, k, &b.ix);
    uint32_t all = rundata_pairs(d, &b.ix, o->all ? UINT32_MAX : REPORT_PAIRS_SHOWN, &b.g);
    const RunPairs *g = &b.g;
    fprintf(f, "- **%s**:%s\n", wname(d, k), g->npairs ? "" : " none");
    for (uint32_t i = 0; i < g->npairs; i++) {
      const RunPair *pr = &g->pairs[i];
      s->n = 0;
      sb_puts(s, "  - `");
      print_clause_name(s, d->p->clauses[pr->pos]);
      sb_puts(s, "` vs `");
      print_clause_name(s, d->p->clauses[pr->neg]);
      sb_puts(s, "`: ");
      fwrite(s->s, 1, s->n, f);
      for (uint32_t q = 0; q < pr->n; q++) {
        if (q == REPORT_KEYS_SHOWN && !o->all) {
          fprintf(f, " and %u more", pr->n - q);
          break;
        }
        rundata_key_text(d, &d->rows[g->rows[pr->first + q]], buf, sizeof buf);
        fprintf(f, "%s%s", q ? ", " : "", buf);
      }
      fputs("\n", f);
    }
    if (all > g->npairs)
      fprintf(f, "  - and %u more pairs (`--all` lists them all)\n", all - g->npairs);
    rundata_pairs_free(&b.g);
    rundata_pair_index_free(&b.ix);
  }
  mem_undefer(&db, true);
}

void report_markdown(FILE *f, const RunData *d, const ReportOpts *o) {
  Program *p = d->p;
  Arena a;
  arena_init(&a);
  char b2[64];
  StrBuf s;
  sb_init(&s);
  Defer da, ds;
  mem_defer(&da, arena_free_cb, &a);
  mem_defer(&ds, (void (*)(void *))sb_free, &s);
  fprintf(f, "# %s\n\n", p->has_scenario ? p->title : "Scenario");
  if (d->nw && d->worlds[0].w->date)
    fprintf(f, "As of %s. ", lit_date_str(d->worlds[0].w->date, b2));
  fprintf(f, "Computed by `deal` from `%s`; every status below is traced to "
          "the clauses that decide it (`deal query`).\n", o->file ? o->file : "the scenario");
  char only[512];
  if (rundata_filter_text(d, only, sizeof only)) fprintf(f, "\n*Filtered: %s.*\n", only);
  md_worlds(f, d, &s);
  md_permissions(f, d, o);
  md_markets(f, d, o, &s);
  md_flows(f, d, o, &a, &s);
  md_totals(f, d, o);
  md_conflicts(f, d, o, &s);
  ExpectTally t = report_expects(f, d->m, false, false);
  fprintf(f, "\n## Expectations\n\n%u passed, %u failed", t.passed, t.failed);
  if (t.errors) fprintf(f, ", %u errors", t.errors);
  fputs(".\n", f);
  mem_undefer(&ds, true);
  mem_undefer(&da, true);
}
