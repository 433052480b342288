/* report: the text report of `deal run`, and what the formats share. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "literal.h"
#include "print.h"

/* ---- an aligned table: cells of plain text, each with an optional
 * colour; the last column is not padded (no trailing blanks).  A table
 * is streamed in two passes over the same cells: the first measures the
 * columns, the second prints line by line, so that no table is ever held
 * whole.  Cells run on from line to line, ncols to a line. ---- */

typedef struct Table {
  FILE *f;
  const char *indent;
  bool color;
  uint32_t ncols;           /* one per world and more: any number */
  uint8_t *right;
  size_t *w;
  int pass;                 /* 0: measure, 1: print */
  uint32_t n;               /* cells of the current line */
  /* pass 1: the line so far ends with the last non-empty cell (lastc,
   * lastlen): the cells after it are printed only if one is not empty */
  uint32_t lastc;
  size_t lastlen;
  const char **col;         /* colours of the empty cells after it */
  char *line;
  size_t nline, cline;
} Table;

static void tbl_init(Table *t, FILE *f, uint32_t ncols, bool color) {
  memset(t, 0, sizeof *t);
  t->f = f;
  t->indent = "  ";
  t->color = color;
  t->ncols = ncols;
  size_t n = ncols ? ncols : 1;
  t->right = mem_tcalloc(n, sizeof *t->right);
  t->w = mem_tcalloc(n, sizeof *t->w);
  t->col = mem_tcalloc(n, sizeof *t->col);
}

static void tbl_free(Table *t) {
  mem_free(t->line);
  mem_free(t->right);
  mem_free(t->w);
  mem_free(t->col);
  t->line = NULL;
  t->right = NULL;
  t->w = NULL;
  t->col = NULL;
}

static char *out_room(Table *t, size_t n) {
  if (t->nline + n > t->cline) {
    size_t c = t->cline ? t->cline : 1024;
    while (c < t->nline + n) c *= 2;
    t->line = mem_realloc(t->line, c);
    t->cline = c;
  }
  char *p = t->line + t->nline;
  t->nline += n;
  return p;
}

static void out_put(Table *t, const char *s, size_t n) {
  memcpy(out_room(t, n), s, n);
}

static void out_pad(Table *t, size_t n) {
  memset(out_room(t, n), ' ', n);
}

/* A cell printed: after the blanks between it and the last one printed,
 * "  " before it, its padding before it when right-aligned. */
static void out_cell(Table *t, uint32_t c, const char *s, size_t len,
                     const char *color) {
  if (c) {
    for (uint32_t e = t->lastc; e < c; e++) {
      size_t l = e == t->lastc ? t->lastlen : 0;
      if (e > t->lastc) {
        out_put(t, "  ", 2);
        if (t->right[e]) out_pad(t, t->w[e] - l);
        if (t->color && t->col[e]) {
          out_put(t, t->col[e], strlen(t->col[e]));
          out_put(t, "\033[0m", 4);
        }
      }
      if (!t->right[e]) out_pad(t, t->w[e] - l);
    }
    out_put(t, "  ", 2);
  }
  if (t->right[c]) out_pad(t, t->w[c] - len);
  if (t->color && color) {
    out_put(t, color, strlen(color));
    out_put(t, s, len);
    out_put(t, "\033[0m", 4);
  } else {
    out_put(t, s, len);
  }
  t->lastc = c;
  t->lastlen = len;
}

static void tbl_line_end(Table *t) {
  out_put(t, "\n", 1);
  fwrite(t->line, 1, t->nline, t->f);
  t->nline = 0;
  t->n = 0;
}

static void tbl_addn(Table *t, const char *s, size_t len, const char *color) {
  if (!t->ncols) return;
  uint32_t c = t->n;
  if (t->pass == 0) {
    if (len > t->w[c]) t->w[c] = len;
    if (++t->n == t->ncols) t->n = 0;
    return;
  }
  if (c == 0) out_put(t, t->indent, strlen(t->indent));
  if (len || c == 0) out_cell(t, c, s, len, color);
  else t->col[c] = color;
  if (++t->n == t->ncols) tbl_line_end(t);
}

static void tbl_add(Table *t, const char *s, const char *color) {
  tbl_addn(t, s, strlen(s), color);
}

/* The end of a pass: the last line, if short, is printed too. */
static void tbl_end(Table *t) {
  if (t->pass == 1 && t->n) tbl_line_end(t);
  t->n = 0;
}

/* An empty StrBuf whose text is "" (sb_* leave s NULL until first use). */
static void sb_clear(StrBuf *b) {
  b->n = 0;
  sb_put(b, "", 0);
}

static const char *st_color(Status s) {
  static const char *const c[] = {"\033[32m", "\033[34m", "\033[31m", "\033[1;33m"};
  return c[s];
}

static const char *world_label(const RunData *d, uint32_t k) {
  return d->worlds[k].w->name;
}

/* ---- shared helpers ---- */

/* A clause's name (print_clause_name's parts, without printf: the breach
 * map names a pair per line). */
static void put_clause_name(StrBuf *b, const Clause *c) {
  const char *x, *sep, *y;
  print_clause_name_parts(c, &x, &sep, &y);
  sb_puts(b, x);
  sb_puts(b, sep);
  sb_puts(b, y);
}

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
      while (i < mk->npermitted && mk->permitted[i] < rundata_slot_parties(s)[j]) i++;
      if (i < mk->npermitted && mk->permitted[i] == rundata_slot_parties(s)[j]) continue;
      if (max && shown == max) {
        sb_printf(b, " and %u more", excluded - shown);
        break;
      }
      if (shown) sb_put(b, ", ", 2);
      sb_puts(b, pname(d, rundata_slot_parties(s)[j]));
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
    if (i) sb_put(b, ", ", 2);
    sb_puts(b, pname(d, mk->permitted[i]));
  }
}

void report_exclusive_text(StrBuf *b, const RunData *d, const RunSlot *s,
                           const RunMarket *mk) {
  size_t start = b->n;
  if (mk->exclusive >= 0) {
    sb_puts(b, "overall: ");
    sb_puts(b, pname(d, mk->exclusive));
  }
  for (uint32_t g = 0; g < s->namong; g++)
    if (mk->excl_among[g] >= 0 && mk->excl_among[g] != mk->exclusive) {
      if (b->n > start) sb_puts(b, "; ");
      sb_puts(b, "among ");
      sb_puts(b, rundata_slot_among(s)[g]->h.name->s);
      sb_puts(b, ": ");
      sb_puts(b, pname(d, mk->excl_among[g]));
    }
  if (b->n == start) sb_puts(b, "no");
}

void report_deciders(StrBuf *b, const RunData *d, const RunRow *r,
                     uint32_t k) {
  KeyResult kr = {0};
  Defer df;
  mem_defer(&df, (void (*)(void *))eval_key_free, &kr);
  eval_key(d->worlds[k].w, d->scratch, r->party, r->s->act,
           r->s->obj, &kr);
  if (kr.by_default) {
    if (kr.owner) sb_printf(b, "default: owned by %s", kr.owner->h.name->s);
    else sb_puts(b, "default: unowned");
  } else {
    /* a clause yields at most one norm per key (a slot lists it once) */
    bool first = true;
    for (uint32_t i = 0; i < kr.n; i++) {
      if (kr.hits[i].defeated) continue;
      if (!first) sb_puts(b, ", ");
      print_clause_name(b, kr.hits[i].c);
      first = false;
    }
  }
  mem_undefer(&df, true);
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

/* "  and N more <what> that differ ..." lines for what was left out;
 * hint: more to say on the second (or ""). */
static void plan_note(FILE *f, const ReportPlan *p, const char *what,
                      const char *same, const char *hint) {
  if (p->left_differing)
    fprintf(f, "  and %u more %s that differ between worlds (--all lists "
            "them all)\n", p->left_differing, what);
  if (p->left_same)
    fprintf(f, "  and %u more %s %s (--all lists them all%s)\n",
            p->left_same, what, same, hint);
}

static void permissions(FILE *f, const RunData *d, const ReportOpts *o) {
  fprintf(f, "\n%s\n", o->all ? "Permissions (every key a clause covers)"
                              : "Permissions that differ between worlds or are "
                                "contested");
  if (!d->nrows) {
    fprintf(f, "  (none)\n");
    if (d->expected_note[0]) fprintf(f, "  (%s)\n", d->expected_note);
    return;
  }
  ReportLines ls = {0};
  Defer dl;
  mem_defer(&dl, report_lines_free, &ls);
  report_lines(d, !o->all && d->nrows > REPORT_LINES_SHOWN, &ls);
  ReportPlan pl = report_plan(o->all, ls.n);
  uint32_t nc = 1 + d->nw + (d->has_expected ? 1 : 0);
  /* a status, changed or not */
  static const char *const cell[4][2] = {{"permitted", "permitted*"},
                                   {"required", "required*"},
                                   {"forbidden", "forbidden*"},
                                   {"contested", "contested*"}};
  Table t;
  tbl_init(&t, f, nc, o->color);
  if (d->has_expected) t.right[nc - 1] = 1;
  char buf[512];
  for (t.pass = 0; t.pass < 2; t.pass++) {
    tbl_add(&t, "key", NULL);
    for (uint32_t k = 0; k < d->nw; k++) tbl_add(&t, world_label(d, k), NULL);
    if (d->has_expected) tbl_add(&t, "expected", NULL);
    pl.used = 0;
    for (uint32_t i = 0; i < ls.n; i++) {
      const ReportLine *l = &ls.v[i];
      if (!report_plan_take(&pl, t.pass, 1, l->differs, l->n)) continue;
      const RunRow *r = &d->rows[ls.rows[l->first]];
      report_line_key(d, &ls, l, buf, sizeof buf);
      tbl_add(&t, buf, NULL);
      Status s0 = report_row_status(r, 0);
      for (uint32_t k = 0; k < d->nw; k++) {
        Status s = report_row_status(r, k);
        tbl_add(&t, cell[s][k && s != s0], st_color(s));
      }
      if (d->has_expected)
        tbl_add(&t, lit_pct_str((int32_t)r->expected, buf), NULL);
    }
    tbl_end(&t);
  }
  tbl_free(&t);
  mem_undefer(&dl, true);
  plan_note(f, &pl, "keys", "contested alike in every world",
            "; Conflicts groups them by clause");
  fprintf(f, "  (* differs from %s", world_label(d, 0));
  if (d->has_expected)
    fprintf(f, "; expected: the weight of the %llu combinations of outcomes "
            "in which the key is permitted or required",
            (unsigned long long)d->ncombos);
  fprintf(f, ")\n");
  if (d->expected_note[0]) fprintf(f, "  (%s)\n", d->expected_note);
}

/* The cells of a market in world k (m0: in the first world, ex0 its
 * exclusivity as text). */
static void market_line(Table *t, const RunData *d, const RunSlot *sl,
                        uint32_t k, const RunMarket *m0, const RunMarket *mk,
                        const char *ex0, StrBuf *s) {
  char buf[512];
  if (k) {
    tbl_add(t, "", NULL);
  } else {
    rundata_slot_text(sl, buf, sizeof buf);
    tbl_add(t, buf, NULL);
  }
  tbl_add(t, world_label(d, k), NULL);
  sb_clear(s);
  report_permitted_text(s, d, sl, mk, 8);
  bool ch = k && (mk->npermitted != m0->npermitted ||
                  mk->rest_permitted != m0->rest_permitted ||
                  memcmp(mk->permitted, m0->permitted,
                         mk->npermitted * sizeof(int32_t)));
  if (ch) sb_puts(s, "*");
  tbl_addn(t, s->s, s->n, NULL);
  if (k) {
    sb_clear(s);
    report_exclusive_text(s, d, sl, mk);
    if (strcmp(s->s, ex0)) sb_puts(s, "*");
    tbl_addn(t, s->s, s->n, NULL);
  } else {
    tbl_add(t, ex0, NULL);
  }
  sb_clear(s);
  for (uint32_t c = 0; c < mk->ncontested && c < 8; c++) {
    if (c) sb_put(s, ", ", 2);
    sb_puts(s, pname(d, mk->contested[c]));
  }
  if (mk->ncontested > 8) sb_printf(s, " and %u more", mk->ncontested - 8);
  bool cch = k && (mk->ncontested != m0->ncontested ||
                   memcmp(mk->contested, m0->contested,
                          mk->ncontested * sizeof(int32_t)));
  if (cch) sb_puts(s, mk->ncontested ? "*" : "none*");
  tbl_addn(t, s->s, s->n, NULL);
}

static void markets(FILE *f, const RunData *d, const ReportOpts *o) {
  fprintf(f, "\nMarkets (who may, for each product a clause names)\n");
  if (!d->nmarkets) {
    fprintf(f, "  (none)\n");
    return;
  }
  Table t;
  tbl_init(&t, f, 5, o->color);
  StrBuf s, ex0;
  sb_init(&s);
  sb_init(&ex0);
  RunMarketBuf b0 = {0}, bk = {0};
  bool omitted = false;
  /* a market's lines: its first world's, and one per world that differs */
  uint32_t *lines = mem_talloc(((size_t)d->nmarkets + 1) * sizeof *lines);
  uint64_t nlines = 0;
  for (uint32_t i = 0; i < d->nmarkets; i++) {
    const RunSlot *sl = d->markets[i];
    RunMarket m0, mk;
    rundata_market(d, sl, 0, &m0, &b0);
    lines[i] = 1;
    for (uint32_t a = 0; a < sl->nalt; a++) {
      if (sl->alt[a].st == rundata_slot_st0(sl)) continue;
      rundata_market(d, sl, sl->alt[a].world, &mk, &bk);
      lines[i] += !rundata_market_equal(&mk, &m0, sl->namong);
    }
    nlines += lines[i];
  }
  ReportPlan pl = report_plan(o->all, nlines);
  for (t.pass = 0; t.pass < 2; t.pass++) {
    pl.used = 0;
    tbl_add(&t, "market", NULL);
    tbl_add(&t, "world", NULL);
    tbl_add(&t, "permitted", NULL);
    tbl_add(&t, "exclusive", NULL);
    tbl_add(&t, "contested", NULL);
    for (uint32_t i = 0; i < d->nmarkets; i++) {
      const RunSlot *sl = d->markets[i];
      if (!report_plan_take(&pl, t.pass, lines[i], lines[i] > 1, 1)) continue;
      RunMarket m0, mk;
      rundata_market(d, sl, 0, &m0, &b0);
      sb_clear(&ex0);
      report_exclusive_text(&ex0, d, sl, &m0);
      market_line(&t, d, sl, 0, &m0, &m0, ex0.s, &s);
      /* only a world whose statuses differ can differ: every other is
       * as in the first */
      uint32_t ndiff = 0;
      for (uint32_t a = 0; a < sl->nalt; a++) {
        uint32_t k = sl->alt[a].world;
        if (sl->alt[a].st == rundata_slot_st0(sl)) continue;
        ndiff++;
        rundata_market(d, sl, k, &mk, &bk);
        if (rundata_market_equal(&mk, &m0, sl->namong)) {
          omitted = true;
          continue;
        }
        market_line(&t, d, sl, k, &m0, &mk, ex0.s, &s);
      }
      if (ndiff + 1 < d->nw) omitted = true;
    }
    tbl_end(&t);
  }
  tbl_free(&t);
  sb_free(&s);
  sb_free(&ex0);
  rundata_market_buf_free(&b0);
  rundata_market_buf_free(&bk);
  mem_free(lines);
  plan_note(f, &pl, "markets", "the same in every world", "");
  if (d->nw > 1)
    fprintf(f, "  (* differs from %s%s)\n", world_label(d, 0),
            omitted ? "; a world not listed is as there" : "");
}

static void flows(FILE *f, const RunData *d, const ReportOpts *o) {
  fprintf(f, "\nFlows\n");
  if (!d->nflows) {
    fprintf(f, "  (none)\n");
    return;
  }
  Table t;
  tbl_init(&t, f, 2 + d->nw, o->color);
  /* the two texts of each flow, made in the first pass: text[2i],
   * text[2i+1] end at end[2i], end[2i+1] */
  StrBuf s;
  sb_init(&s);
  sb_clear(&s);
  size_t *end = mem_talloc((2 * (size_t)d->nflows + 1) * sizeof *end);
  char buf[64];
  ReportPlan pl = report_plan(o->all, d->nflows);
  for (t.pass = 0; t.pass < 2; t.pass++) {
    pl.used = 0;
    tbl_add(&t, "flow", NULL);
    tbl_add(&t, "clause", NULL);
    for (uint32_t k = 0; k < d->nw; k++) tbl_add(&t, world_label(d, k), NULL);
    for (uint32_t i = 0; i < d->nflows; i++) {
      const RunFlow *fl = &d->flows[i];
      bool differs = false;
      for (uint32_t k = 1; k < d->nw && !differs; k++) differs = rundata_flow_differs(fl, k);
      if (!report_plan_take(&pl, t.pass, 1, differs, 1)) {
        if (t.pass == 0) end[2 * i] = end[2 * i + 1] = s.n;
        continue;
      }
      if (t.pass == 0) {
        size_t from = s.n;
        Body body = *fl->b;
        body.mods = NULL;
        print_body(&s, &body);
        int64_t v;
        bool ovf;
        if (rundata_implied_valuation(fl->b, &v, &ovf))
          sb_printf(&s, " (implies %s for 100%%)", lit_money_str(v, buf));
        else if (ovf)
          sb_puts(&s, " (implied valuation: overflow)");
        end[2 * i] = s.n;
        tbl_addn(&t, s.s + from, s.n - from, NULL);
        from = s.n;
        put_clause_name(&s, fl->c);
        if (fl->c->agr && fl->b != fl->c->body) sb_puts(&s, " (amended)");
        end[2 * i + 1] = s.n;
        tbl_addn(&t, s.s + from, s.n - from, NULL);
      } else {
        size_t a = i ? end[2 * i - 1] : 0;
        tbl_addn(&t, s.s + a, end[2 * i] - a, NULL);
        tbl_addn(&t, s.s + end[2 * i], end[2 * i + 1] - end[2 * i], NULL);
      }
      for (uint32_t k = 0; k < d->nw; k++) {
        char cell[48];
        snprintf(cell, sizeof cell, "%s%s", rundata_flow_cell(fl, k, buf),
                 k && rundata_flow_differs(fl, k) ? "*" : "");
        tbl_add(&t, cell, NULL);
      }
    }
    tbl_end(&t);
  }
  tbl_free(&t);
  sb_free(&s);
  mem_free(end);
  plan_note(f, &pl, "flows", "active alike in every world", "");
}

static void totals(FILE *f, const RunData *d, const ReportOpts *o) {
  if (!d->nflows) return;
  fprintf(f, "\nTotals per party (an investment without a committed part is "
          "committed whole)\n");
  Table t;
  tbl_init(&t, f, 2 + d->nw, o->color);
  char buf[64];
  uint64_t nlines = 0;
  for (uint32_t q = 0; q < d->p->nparties; q++) nlines += report_party_totals(d, q, NULL);
  ReportPlan pl = report_plan(o->all, nlines);
  for (t.pass = 0; t.pass < 2; t.pass++) {
    pl.used = 0;
    tbl_add(&t, "party", NULL);
    tbl_add(&t, "", NULL);
    for (uint32_t k = 0; k < d->nw; k++) tbl_add(&t, world_label(d, k), NULL);
    uint32_t rows = 0;
    for (uint32_t q = 0; q < d->p->nparties; q++) {
      bool differs;
      uint32_t n = report_party_totals(d, q, &differs);
      if (!n || !report_plan_take(&pl, t.pass, n, differs, 1)) continue;
      bool first = true;
      for (int mz = 0; mz < TM_N; mz++) {
        if (!rundata_total_shown(d, q, mz)) continue;
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
    if (!rows && !pl.cut) {
      fprintf(f, "  (only revenue shares)\n");
      break;
    }
    tbl_end(&t);
  }
  tbl_free(&t);
  plan_note(f, &pl, "parties", "with the same totals in every world", "");
}

/* One pair and its keys (the first few, and how many more). */
static void print_pair(FILE *f, const RunData *d, const RunPair *pr,
                       const uint32_t *rows, const char *label, bool color,
                       bool all, StrBuf *s) {
  sb_clear(s);
  put_clause_name(s, d->p->clauses[pr->pos]);
  sb_puts(s, " vs ");
  put_clause_name(s, d->p->clauses[pr->neg]);
  fputs("    ", f);
  fputs(label, f);
  if (color) fputs("\033[1;33m", f);
  fwrite(s->s, 1, s->n, f);
  if (color) fputs("\033[0m", f);
  fputc(':', f);
  char buf[512];
  for (uint32_t q = 0; q < pr->n; q++) {
    if (q == REPORT_KEYS_SHOWN && !all) {
      fprintf(f, " and %u more", pr->n - q);
      break;
    }
    rundata_key_text(d, &d->rows[rows[q]], buf, sizeof buf);
    fputs(q ? ", " : " ", f);
    fputs(buf, f);
  }
  fputc('\n', f);
}

static const char *change_label(RunChange c) {
  switch (c) {
    case RUN_NEW: return "new: ";
    case RUN_CHANGED: return "changed: ";
    case RUN_RESOLVED: return "resolved: ";
    default: return "";
  }
}


/* The breach map of the first world in full; of the others, what differs
 * from it: pairs new in the world, pairs whose keys changed, pairs that
 * the world resolves.  Without --all, the first REPORT_PAIRS_SHOWN pairs
 * of each world and REPORT_KEYS_SHOWN keys of each pair, with how many
 * more. */
static void conflicts(FILE *f, const RunData *d, const ReportOpts *o) {
  fprintf(f, "\nConflicts (contested keys by the pair of clauses that "
          "collide)\n");
  uint32_t max = o->all ? UINT32_MAX : REPORT_PAIRS_SHOWN;
  ReportConflictBufs b = {0};
  sb_init(&b.s);
  Defer db;
  mem_defer(&db, report_conflict_bufs_free, &b);
  rundata_pair_index(d, 0, &b.ix);
  uint32_t n = rundata_pairs(d, &b.ix, max, &b.g);
  fprintf(f, "  %s%s\n", world_label(d, 0), n ? "" : ": none");
  for (uint32_t i = 0; i < b.g.npairs; i++)
    print_pair(f, d, &b.g.pairs[i], b.g.rows + b.g.pairs[i].first, "",
               o->color, o->all, &b.s);
  if (n > b.g.npairs)
    fprintf(f, "    and %u more pairs (--all lists them all)\n", n - b.g.npairs);
  rundata_pairs_free(&b.g);
  for (uint32_t k = 1; k < d->nw; k++) {
    const RunWorld *rw = &d->worlds[k];
    uint32_t changes = rundata_pair_changes(d, &b.ix, k, max, &b.ch);
    fprintf(f, "  %s: %s\n", world_label(d, k),
            !rw->nkeys ? "none" : changes ? "against the status quo"
                                          : "as in the status quo");
    const RunPairs *g = &b.ch.pairs;
    for (uint32_t i = 0; changes && i < g->npairs; i++)
      print_pair(f, d, &g->pairs[i], g->rows + g->pairs[i].first,
                 change_label(b.ch.change[i]), o->color, o->all, &b.s);
    if (changes > g->npairs)
      fprintf(f, "    and %u more pairs (--all lists them all)\n", changes - g->npairs);
    rundata_pair_changes_free(&b.ch);
  }
  mem_undefer(&db, true);
}

void report_text(FILE *f, const RunData *d, const ReportOpts *o) {
  header(f, d);
  permissions(f, d, o);
  markets(f, d, o);
  flows(f, d, o);
  totals(f, d, o);
  conflicts(f, d, o);
}

void report_diff_worlds(FILE *f, Model *m, World *a, World *b, bool color) {
  World *ws[2] = {a, b};
  RunOpts ro = {RUN_ROWS_DIFF, false};
  RunData *d = rundata_build(m, ws, 2, &ro);
  Defer df;
  mem_defer(&df, (void (*)(void *))rundata_free, d);
  ReportOpts o = {color, false, NULL};
  report_diff(f, d, &o);
  mem_undefer(&df, true);
}

void report_text_tail(FILE *f, Model *m, bool color) {
  Program *p = m->p;
  Checked c = {0};
  Defer d;
  mem_defer(&d, check_checked_free, &c);
  for (uint32_t i = 0; i < p->nexpects; i++) {
    const Expect *e = p->expects[i];
    if (e->kind != E_QUERY) continue;
    check_expect(m, &c.x, e, &c.r);
    fprintf(f, "\nquery %s: ", e->text);
    explain_answer_line(f, e, &c.r, false, true);
    ExplainOpts eo = {color, "  "};
    explain_check(f, m, e, &c.r, &eo);
    check_result_free(&c.r);
  }
  mem_undefer(&d, true);
  ExpectTally t = report_expects(f, m, false, color);
  fprintf(f, "\nExpectations: %u passed, %u failed", t.passed, t.failed);
  if (t.errors) fprintf(f, ", %u errors", t.errors);
  fprintf(f, "%s\n", t.failed || t.errors ? " (deal test shows why)" : "");
}

