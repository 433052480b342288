/* report: the text report of `deal run`, and what the formats share. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "literal.h"
#include "print.h"

/* ---- an aligned table: cells of plain text, each with an optional
 * colour; the last column is not padded (no trailing blanks) ---- */

typedef struct Cell {
  char *s;
  const char *color;
} Cell;

typedef struct Table {
  Arena *a;
  uint32_t ncols;
  Cell *cell;
  uint32_t n, cap;
  uint8_t right[64];
} Table;

static void tbl_init(Table *t, Arena *a, uint32_t ncols) {
  memset(t, 0, sizeof *t);
  t->a = a;
  t->ncols = ncols < 64 ? ncols : 64;
}

static void tbl_add(Table *t, const char *s, const char *color) {
  Cell c = {arena_strndup(t->a, s, strlen(s)), color};
  VEC_PUSH(t->a, t->cell, t->n, t->cap, c);
}

static void tbl_print(FILE *f, const Table *t, const char *indent, bool color) {
  size_t w[64] = {0};
  uint32_t nc = t->ncols;
  if (!nc) return;
  for (uint32_t i = 0; i < t->n; i++) {
    size_t l = strlen(t->cell[i].s);
    if (l > w[i % nc]) w[i % nc] = l;
  }
  for (uint32_t i = 0; i < t->n; i += nc) {
    /* the last non-empty cell of the line ends it */
    uint32_t last = 0;
    for (uint32_t c = 0; c < nc && i + c < t->n; c++)
      if (t->cell[i + c].s[0]) last = c;
    fputs(indent, f);
    for (uint32_t c = 0; c <= last; c++) {
      const Cell *x = &t->cell[i + c];
      int pad = (int)(w[c] - strlen(x->s));
      if (c) fputs("  ", f);
      if (t->right[c]) fprintf(f, "%*s", pad, "");
      if (color && x->color) fprintf(f, "%s%s\033[0m", x->color, x->s);
      else fputs(x->s, f);
      if (!t->right[c] && c < last) fprintf(f, "%*s", pad, "");
    }
    fputc('\n', f);
  }
}

/* An empty StrBuf whose text is "" (sb_* leave s NULL until first use). */
static void sb_clear(StrBuf *b) {
  b->n = 0;
  sb_put(b, "", 0);
}

static const char *st_color(Status s) {
  static const char *c[] = {"\033[32m", "\033[34m", "\033[31m", "\033[1;33m"};
  return c[s];
}

static const char *world_label(const RunData *d, uint32_t k) {
  return d->worlds[k].w->name;
}

/* ---- shared helpers ---- */

static const char *pname(const RunData *d, int32_t q) {
  return d->p->parties[q]->h.name->s;
}

void report_permitted_text(StrBuf *b, const RunData *d, const RunSlot *s,
                           const RunMarket *mk, uint32_t max) {
  if (mk->rest_permitted) {
    /* every party not named, and some named ones */
    uint32_t excluded = s->np - mk->npermitted;
    if (!excluded) {
      sb_puts(b, "everyone");
      return;
    }
    sb_puts(b, "everyone but ");
    uint32_t shown = 0;
    for (uint32_t j = 0, i = 0; j < s->np; j++) {
      while (i < mk->npermitted && mk->permitted[i] < s->parties[j]) i++;
      if (i < mk->npermitted && mk->permitted[i] == s->parties[j]) continue;
      if (max && shown == max) {
        sb_printf(b, " and %u more", excluded - shown);
        break;
      }
      sb_printf(b, "%s%s", shown ? ", " : "", pname(d, s->parties[j]));
      shown++;
    }
    return;
  }
  if (!mk->npermitted) {
    sb_puts(b, "nobody");
    return;
  }
  for (uint32_t i = 0; i < mk->npermitted; i++) {
    if (max && i == max) {
      sb_printf(b, " and %u more", mk->npermitted - i);
      break;
    }
    sb_printf(b, "%s%s", i ? ", " : "", pname(d, mk->permitted[i]));
  }
}

void report_exclusive_text(StrBuf *b, const RunData *d, const RunSlot *s,
                           const RunMarket *mk) {
  size_t start = b->n;
  if (mk->exclusive >= 0) sb_printf(b, "overall: %s", pname(d, mk->exclusive));
  for (uint32_t g = 0; g < s->namong; g++)
    if (mk->excl_among[g] >= 0 && mk->excl_among[g] != mk->exclusive)
      sb_printf(b, "%samong %s: %s", b->n > start ? "; " : "",
                s->among[g]->h.name->s, pname(d, mk->excl_among[g]));
  if (b->n == start) sb_puts(b, "no");
}

void report_deciders(StrBuf *b, const RunData *d, const RunRow *r,
                     uint32_t k) {
  KeyResult kr = {0};
  World *w = d->worlds[k].w;
  eval_key(w, r->party, r->s->act, r->s->obj, &kr);
  if (kr.by_default) {
    if (kr.owner) sb_printf(b, "default: owned by %s", kr.owner->h.name->s);
    else sb_puts(b, "default: unowned");
  } else {
    bool first = true;
    for (uint32_t i = 0; i < kr.n; i++) {
      if (kr.hits[i].defeated) continue;
      bool dup = false;
      for (uint32_t j = 0; j < i; j++)
        dup |= !kr.hits[j].defeated && kr.hits[j].c == kr.hits[i].c;
      if (dup) continue;
      if (!first) sb_puts(b, ", ");
      print_clause_name(b, kr.hits[i].c);
      first = false;
    }
  }
  eval_key_free(&kr);
}

/* ---- sections ---- */

static void header(FILE *f, const RunData *d) {
  Program *p = d->p;
  char buf[64];
  if (p->has_scenario) fprintf(f, "%s", p->title);
  else fprintf(f, "Scenario");
  if (d->nw && d->worlds[0].w->date)
    fprintf(f, " (as of %s)", lit_date_str(d->worlds[0].w->date, buf));
  fprintf(f, "\n\nWorlds\n");
  for (uint32_t k = 0; k < d->nw; k++) {
    World *w = d->worlds[k].w;
    fprintf(f, "  %-20s", w->name);
    if (w->nchosen == 1) {
      Outcome *oc = w->chosen[0];
      fprintf(f, "  %s", oc->disp->h.name->s);
      if (oc->has_prob) fprintf(f, ", %s", lit_pct_str(oc->prob, buf));
      if (oc->title) fprintf(f, ": %s", oc->title);
    } else if (w->nchosen == 0) {
      fprintf(f, "  no outcome chosen");
    } else if (d->worlds[k].prob >= 0) {
      fprintf(f, "  %s together", lit_pct_str((int32_t)d->worlds[k].prob, buf));
    }
    fprintf(f, "\n");
  }
}

static void permissions(FILE *f, const RunData *d, const ReportOpts *o,
                        Arena *a) {
  fprintf(f, "\n%s\n", o->all ? "Permissions (every key a clause covers)"
                              : "Permissions that differ between worlds or are "
                                "contested");
  if (!d->nrows) {
    fprintf(f, "  (none)\n");
    if (d->expected_note[0]) fprintf(f, "  (%s)\n", d->expected_note);
    return;
  }
  uint32_t nc = 1 + d->nw + (d->has_expected ? 1 : 0);
  Table t;
  tbl_init(&t, a, nc);
  if (d->has_expected) t.right[nc - 1] = 1;
  tbl_add(&t, "key", NULL);
  for (uint32_t k = 0; k < d->nw; k++) tbl_add(&t, world_label(d, k), NULL);
  if (d->has_expected) tbl_add(&t, "expected", NULL);
  char buf[512];
  for (uint32_t i = 0; i < d->nrows; i++) {
    const RunRow *r = &d->rows[i];
    rundata_key_text(d, r, buf, sizeof buf);
    tbl_add(&t, buf, NULL);
    Status s0 = rundata_status(d, r, 0);
    for (uint32_t k = 0; k < d->nw; k++) {
      Status s = rundata_status(d, r, k);
      snprintf(buf, sizeof buf, "%s%s", eval_status_name(s),
               k && s != s0 ? "*" : "");
      tbl_add(&t, buf, st_color(s));
    }
    if (d->has_expected) tbl_add(&t, lit_pct_str((int32_t)r->expected, buf), NULL);
  }
  tbl_print(f, &t, "  ", o->color);
  fprintf(f, "  (* differs from %s", world_label(d, 0));
  if (d->has_expected)
    fprintf(f, "; expected: the weight of the %llu combinations of outcomes "
            "in which the key is permitted or required",
            (unsigned long long)d->ncombos);
  fprintf(f, ")\n");
  if (d->expected_note[0]) fprintf(f, "  (%s)\n", d->expected_note);
}

static void markets(FILE *f, const RunData *d, const ReportOpts *o, Arena *a) {
  fprintf(f, "\nMarkets (who may, for each product a clause names)\n");
  if (!d->nmarkets) {
    fprintf(f, "  (none)\n");
    return;
  }
  Table t;
  tbl_init(&t, a, 5);
  tbl_add(&t, "market", NULL);
  tbl_add(&t, "world", NULL);
  tbl_add(&t, "permitted", NULL);
  tbl_add(&t, "exclusive", NULL);
  tbl_add(&t, "contested", NULL);
  char buf[512];
  StrBuf s;
  sb_init(&s);
  bool omitted = false;
  for (uint32_t i = 0; i < d->nmarkets; i++) {
    const RunSlot *sl = d->markets[i];
    RunMarket m0, mk;
    rundata_market(d, sl, 0, &m0, a);
    for (uint32_t k = 0; k < d->nw; k++) {
      if (k) rundata_market(d, sl, k, &mk, a);
      else mk = m0;
      if (k && rundata_market_equal(&mk, &m0, sl->namong)) {
        omitted = true;
        continue;
      }
      rundata_slot_text(sl, buf, sizeof buf);
      tbl_add(&t, k ? "" : buf, NULL);
      tbl_add(&t, world_label(d, k), NULL);
      sb_clear(&s);
      report_permitted_text(&s, d, sl, &mk, 8);
      bool ch = k && (mk.npermitted != m0.npermitted ||
                      mk.rest_permitted != m0.rest_permitted ||
                      memcmp(mk.permitted, m0.permitted,
                             mk.npermitted * sizeof(int32_t)));
      if (ch) sb_puts(&s, "*");
      tbl_add(&t, s.s, NULL);
      sb_clear(&s);
      report_exclusive_text(&s, d, sl, &mk);
      StrBuf s0;
      sb_init(&s0);
      report_exclusive_text(&s0, d, sl, &m0);
      if (k && strcmp(s.s, s0.s)) sb_puts(&s, "*");
      sb_free(&s0);
      tbl_add(&t, s.s, NULL);
      sb_clear(&s);
      for (uint32_t c = 0; c < mk.ncontested && c < 8; c++)
        sb_printf(&s, "%s%s", c ? ", " : "", pname(d, mk.contested[c]));
      if (mk.ncontested > 8) sb_printf(&s, " and %u more", mk.ncontested - 8);
      bool cch = k && (mk.ncontested != m0.ncontested ||
                       memcmp(mk.contested, m0.contested,
                              mk.ncontested * sizeof(int32_t)));
      if (cch) sb_puts(&s, mk.ncontested ? "*" : "none*");
      tbl_add(&t, s.s, NULL);
    }
  }
  sb_free(&s);
  tbl_print(f, &t, "  ", o->color);
  if (d->nw > 1)
    fprintf(f, "  (* differs from %s%s)\n", world_label(d, 0),
            omitted ? "; a world not listed is as there" : "");
}

static void flows(FILE *f, const RunData *d, const ReportOpts *o, Arena *a) {
  fprintf(f, "\nFlows\n");
  if (!d->nflows) {
    fprintf(f, "  (none)\n");
    return;
  }
  Table t;
  tbl_init(&t, a, 2 + d->nw);
  tbl_add(&t, "flow", NULL);
  tbl_add(&t, "clause", NULL);
  for (uint32_t k = 0; k < d->nw; k++) tbl_add(&t, world_label(d, k), NULL);
  StrBuf s;
  sb_init(&s);
  char buf[64];
  for (uint32_t i = 0; i < d->nflows; i++) {
    const RunFlow *fl = &d->flows[i];
    sb_clear(&s);
    sb_puts(&s, rundata_flow_text(a, fl->b, false));
    int64_t v;
    bool ovf;
    if (rundata_implied_valuation(fl->b, &v, &ovf))
      sb_printf(&s, " (implies %s for 100%%)", lit_money_str(v, buf));
    else if (ovf)
      sb_puts(&s, " (implied valuation: overflow)");
    tbl_add(&t, s.s, NULL);
    sb_clear(&s);
    print_clause_name(&s, fl->c);
    if (fl->c->agr && fl->b != fl->c->body) sb_puts(&s, " (amended)");
    tbl_add(&t, s.s, NULL);
    for (uint32_t k = 0; k < d->nw; k++)
      tbl_add(&t, fl->on[k] ? (k && !fl->on[0] ? "yes*" : "yes")
                            : (k && fl->on[0] ? "-*" : "-"), NULL);
  }
  sb_free(&s);
  tbl_print(f, &t, "  ", o->color);
}

static void totals(FILE *f, const RunData *d, const ReportOpts *o, Arena *a) {
  if (!d->nflows) return;
  fprintf(f, "\nTotals per party (an investment without a committed part is "
          "committed whole)\n");
  Table t;
  tbl_init(&t, a, 2 + d->nw);
  tbl_add(&t, "party", NULL);
  tbl_add(&t, "", NULL);
  for (uint32_t k = 0; k < d->nw; k++) tbl_add(&t, world_label(d, k), NULL);
  char buf[64];
  uint32_t rows = 0;
  for (uint32_t q = 0; q < d->p->nparties; q++) {
    bool first = true;
    for (int mz = 0; mz < TM_N; mz++) {
      bool any = false;
      for (uint32_t k = 0; k < d->nw; k++) {
        const RunTotal *x = &d->worlds[k].totals[(size_t)q * TM_N + mz];
        any |= x->v != 0 || x->overflow;
      }
      if (!any) continue;
      tbl_add(&t, first ? pname(d, (int32_t)q) : "", NULL);
      tbl_add(&t, rundata_measure_name(mz), NULL);
      first = false;
      rows++;
      const RunTotal *x0 = &d->worlds[0].totals[(size_t)q * TM_N + mz];
      for (uint32_t k = 0; k < d->nw; k++) {
        const RunTotal *x = &d->worlds[k].totals[(size_t)q * TM_N + mz];
        bool ch = k && (x->v != x0->v || x->overflow != x0->overflow);
        char cell[80];
        if (!x->v && !x->overflow) snprintf(cell, sizeof cell, "-%s", ch ? "*" : "");
        else snprintf(cell, sizeof cell, "%s%s", rundata_total_str(x, mz, buf),
                      ch ? "*" : "");
        tbl_add(&t, cell, NULL);
      }
    }
  }
  if (!rows) {
    fprintf(f, "  (only revenue shares)\n");
    return;
  }
  tbl_print(f, &t, "  ", o->color);
}

/* The pairs of a world's breach map: [i, j) share one pair. */
static uint32_t pair_end(const RunWorld *rw, uint32_t i) {
  uint32_t j = i;
  while (j < rw->nclash && rw->clash[j].pos == rw->clash[i].pos &&
         rw->clash[j].neg == rw->clash[i].neg)
    j++;
  return j;
}

static int pair_cmp(const RunClash *a, const RunClash *b) {
  if (a->pos != b->pos) return a->pos->index < b->pos->index ? -1 : 1;
  if (a->neg != b->neg) return a->neg->index < b->neg->index ? -1 : 1;
  return 0;
}

static void print_pair(FILE *f, const RunData *d, const RunWorld *rw,
                       uint32_t i, uint32_t j, const char *label, bool color) {
  StrBuf s;
  sb_init(&s);
  print_clause_name(&s, rw->clash[i].pos);
  sb_puts(&s, " vs ");
  print_clause_name(&s, rw->clash[i].neg);
  fprintf(f, "    %s%s%s%s:", label, color ? "\033[1;33m" : "", s.s,
          color ? "\033[0m" : "");
  char buf[512];
  for (uint32_t q = i; q < j; q++) {
    if (q - i == 8) {
      fprintf(f, " and %u more", j - q);
      break;
    }
    rundata_key_text(d, rw->clash[q].row, buf, sizeof buf);
    fprintf(f, "%s %s", q > i ? "," : "", buf);
  }
  fprintf(f, "\n");
  sb_free(&s);
}

/* The breach map of the first world in full; of the others, what differs
 * from it: pairs new in the world, pairs whose keys changed, pairs that
 * the world resolves. */
static void conflicts(FILE *f, const RunData *d, const ReportOpts *o) {
  fprintf(f, "\nConflicts (contested keys by the pair of clauses that "
          "collide)\n");
  const RunWorld *w0 = &d->worlds[0];
  for (uint32_t k = 0; k < d->nw; k++) {
    const RunWorld *rw = &d->worlds[k];
    if (k == 0) {
      if (!rw->nclash) fprintf(f, "  %s: none\n", world_label(d, k));
      else fprintf(f, "  %s\n", world_label(d, k));
      for (uint32_t i = 0; i < rw->nclash; i = pair_end(rw, i))
        print_pair(f, d, rw, i, pair_end(rw, i), "", o->color);
      continue;
    }
    /* merge the two sorted maps */
    uint32_t a = 0, b = 0, changes = 0;
    for (int pass = 0; pass < 2; pass++) {
      a = b = 0;
      while (a < w0->nclash || b < rw->nclash) {
        uint32_t ae = a < w0->nclash ? pair_end(w0, a) : a;
        uint32_t be = b < rw->nclash ? pair_end(rw, b) : b;
        int c = a == w0->nclash ? 1 : b == rw->nclash ? -1
                : pair_cmp(&w0->clash[a], &rw->clash[b]);
        const char *label = NULL;
        if (c < 0) label = "resolved: ";
        else if (c > 0) label = "new: ";
        else {
          bool same = ae - a == be - b;
          for (uint32_t q = 0; same && q < ae - a; q++)
            same = w0->clash[a + q].row == rw->clash[b + q].row;
          if (!same) label = "changed: ";
        }
        if (label) {
          changes++;
          if (pass == 1) {
            if (c < 0) print_pair(f, d, w0, a, ae, label, o->color);
            else print_pair(f, d, rw, b, be, label, o->color);
          }
        }
        if (c <= 0) a = ae;
        if (c >= 0) b = be;
      }
      if (pass == 0) {
        if (!changes) {
          fprintf(f, "  %s: %s\n", world_label(d, k),
                  rw->nclash ? "as in the status quo" : "none");
          break;
        }
        fprintf(f, "  %s: %s\n", world_label(d, k),
                rw->nclash ? "against the status quo" : "none");
      }
    }
  }
}

void report_text(FILE *f, const RunData *d, const ReportOpts *o) {
  Arena a;
  arena_init(&a);
  MemGuard g;
  if (!MEM_TRY(&g)) {
    arena_free(&a);
    mem_throw();
  }
  header(f, d);
  permissions(f, d, o, &a);
  markets(f, d, o, &a);
  flows(f, d, o, &a);
  totals(f, d, o, &a);
  conflicts(f, d, o);
  mem_guard_pop(&g);
  arena_free(&a);
}

void report_run(FILE *f, Model *m, World **ws, uint32_t nw,
                const ReportOpts *o) {
  RunOpts ro = {o->all ? RUN_ROWS_ALL : RUN_ROWS_DIFF, false, 0};
  RunData *d = rundata_build(m, ws, nw, &ro);
  MemGuard g;
  if (!MEM_TRY(&g)) {
    rundata_free(d);
    mem_throw();
  }
  report_text(f, d, o);
  mem_guard_pop(&g);
  rundata_free(d);
}

void report_diff_worlds(FILE *f, Model *m, World *a, World *b, bool color) {
  World *ws[2] = {a, b};
  RunOpts ro = {RUN_ROWS_DIFF, false, 0};
  RunData *d = rundata_build(m, ws, 2, &ro);
  MemGuard g;
  if (!MEM_TRY(&g)) {
    rundata_free(d);
    mem_throw();
  }
  ReportOpts o = {color, false, NULL};
  report_diff(f, d, &o);
  mem_guard_pop(&g);
  rundata_free(d);
}

void report_text_tail(FILE *f, Model *m, bool color) {
  Program *p = m->p;
  for (uint32_t i = 0; i < p->nexpects; i++) {
    const Expect *e = p->expects[i];
    if (e->kind != E_QUERY) continue;
    CheckResult r;
    eval_check(m, e, &r);
    fprintf(f, "\nquery %s: %s\n", e->text,
            r.error ? "error" : r.holds ? "yes" : "no");
    ExplainOpts eo = {color, "  "};
    explain_check(f, m, e, &r, &eo);
    eval_check_result_free(&r);
  }
  ExpectTally t = report_expects(f, m, false, color);
  fprintf(f, "\nExpectations: %u passed, %u failed", t.passed, t.failed);
  if (t.errors) fprintf(f, ", %u errors", t.errors);
  fprintf(f, "%s\n", t.failed || t.errors ? " (deal test shows why)" : "");
}

ExpectTally report_expects(FILE *f, Model *m, bool verbose, bool color) {
  Program *p = m->p;
  ExpectTally t = {0};
  for (uint32_t i = 0; i < p->nexpects; i++) {
    const Expect *e = p->expects[i];
    if (e->kind != E_EXPECT) continue;
    CheckResult r;
    eval_check(m, e, &r);
    if (r.error) t.errors++;
    else if (r.holds) t.passed++;
    else t.failed++;
    if (verbose && (!r.holds || r.error)) {
      fprintf(f, "%s:%u:%u: %sexpect failed%s: %s\n",
              diag_file_name(p->diag, e->loc), e->loc.line, e->loc.col,
              color ? "\033[1;31m" : "", color ? "\033[0m" : "", e->text);
      explain_expected_found(f, m, e, &r, "  ");
      ExplainOpts eo = {color, "  "};
      explain_check(f, m, e, &r, &eo);
    }
    eval_check_result_free(&r);
  }
  return t;
}
