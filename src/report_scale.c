/* report_scale: what makes a report readable at scale — shared by the
 * text, Markdown and HTML reports (report.h, "reading at scale").
 *
 * Without --all, a table of more than REPORT_LINES_SHOWN lines keeps the
 * lines that differ between worlds (the first REPORT_LINES_SHOWN of
 * them) and says how many it leaves out; in such a permissions table the
 * parties of one slot that read alike in every world share a line when
 * there are MERGE_MIN or more of them, as the parties no clause names
 * share "N other parties".  A smaller table is printed whole. */
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "sort.h"

enum { MERGE_MIN = 4, NAMES_SHOWN = 3 };


Status report_row_status(const RunRow *r, uint32_t k) {
  const RunSlot *sl = r->s;
  uint32_t j = r->j >= 0 ? (uint32_t)r->j : sl->np;
  return (Status)(rundata_slot_st(sl, k)[j] & 3);
}


void report_lines_free(void *v) {
  ReportLines *x = v;
  mem_free(x->v);
  mem_free(x->rows);
  mem_free(x->tmp);
}

/* Two rows of one slot read alike in every world (and weigh alike)? */
static int cmp_alike(const void *ctx, uint32_t a, uint32_t b) {
  const RunData *d = ctx;
  const RunRow *x = &d->rows[a], *y = &d->rows[b];
  if (x->party < 0 || y->party < 0) return (x->party < 0) - (y->party < 0);
  for (uint32_t k = 0; k < d->nw; k++) {
    Status s = report_row_status(x, k), t = report_row_status(y, k);
    if (s != t) return s < t ? -1 : 1;
  }
  int32_t ex = rundata_row_expected(d, x), ey = rundata_row_expected(d, y);
  if (ex != ey) return ex < ey ? -1 : 1;
  return 0;
}

static int cmp_first(const void *ctx, uint32_t a, uint32_t b) {
  const ReportLines *ls = ctx;
  uint32_t p = ls->rows[ls->v[a].first], q = ls->rows[ls->v[b].first];
  return (p > q) - (p < q);
}

/* The lines of the rows, slot by slot: alike rows of a slot merged (when
 * merge), each line where its first row is. */
void report_lines(const RunData *d, bool merge, ReportLines *out) {
  out->rows = mem_alloc(((size_t)d->nrows + 1) * sizeof *out->rows);
  out->tmp = mem_alloc(((size_t)d->nrows + 1) * 2 * sizeof *out->tmp);
  for (uint32_t i = 0; i < d->nrows;) {
    const RunSlot *sl = d->rows[i].s;
    uint32_t e = i + 1;
    while (e < d->nrows && d->rows[e].s == sl) e++;
    uint32_t *v = out->rows + out->nrows;
    for (uint32_t r = i; r < e; r++) v[r - i] = r;
    if (merge && e - i >= MERGE_MIN) sort_indices(v, e - i, cmp_alike, d, out->tmp);
    uint32_t first_line = out->n;
    for (uint32_t a = 0; a < e - i;) {
      uint32_t b = a + 1;
      while (merge && b < e - i && !cmp_alike(d, v[a], v[b])) b++;
      if (b - a < MERGE_MIN) b = a + 1;
      bool differs = false;
      for (uint32_t k = 1; k < d->nw && !differs; k++)
        differs = report_row_status(&d->rows[v[a]], k) != report_row_status(&d->rows[v[a]], 0);
      ReportLine l = {out->nrows + a, b - a, differs};
      MVEC_PUSH(out->v, out->n, out->cap, l);
      a = b;
    }
    out->nrows += e - i;
    i = e;
    /* the slot's lines in the order of their first rows */
    uint32_t nl = out->n - first_line;
    if (!merge || nl < 2) continue;
    uint32_t *ix = out->tmp, *t2 = out->tmp + nl;
    for (uint32_t k = 0; k < nl; k++) ix[k] = first_line + k;
    sort_indices(ix, nl, cmp_first, out, t2);
    ReportLine *sorted = mem_talloc(nl * sizeof *sorted);
    for (uint32_t k = 0; k < nl; k++) sorted[k] = out->v[ix[k]];
    memcpy(out->v + first_line, sorted, nl * sizeof *sorted);
    mem_free(sorted);
  }
}

/* The key column of a line: "Amazon host X", or "A, B, C and 4 more host
 * X". */
void report_line_key(const RunData *d, const ReportLines *ls,
                          const ReportLine *l, char *buf, size_t cap) {
  const RunRow *r = &d->rows[ls->rows[l->first]];
  if (l->n == 1) {
    rundata_key_text(d, r, buf, cap);
    return;
  }
  char slot[300];
  rundata_slot_text(r->s, slot, sizeof slot);
  size_t n = 0;
  buf[0] = 0;
  for (uint32_t i = 0; i < l->n && i < NAMES_SHOWN && n < cap; i++)
    n += (size_t)snprintf(buf + n, cap - n, "%s%s", i ? ", " : "",
                          d->p->parties[d->rows[ls->rows[l->first + i]].party]->h.name->s);
  if (n < cap && l->n > NAMES_SHOWN)
    n += (size_t)snprintf(buf + n, cap - n, " and %u more", l->n - NAMES_SHOWN);
  if (n < cap) snprintf(buf + n, cap - n, " %s", slot);
}


ReportPlan report_plan(bool all, uint64_t lines) {
  ReportPlan p = {!all && lines > REPORT_LINES_SHOWN, 0, 0, 0};
  return p;
}

bool report_plan_take(ReportPlan *p, int pass, uint32_t lines, bool differs,
                      uint32_t weight) {
  if (!p->cut) return true;
  if (differs && p->used + lines <= REPORT_LINES_SHOWN) {
    p->used += lines;
    return true;
  }
  if (differs) p->used = REPORT_LINES_SHOWN;  /* full: the first ones only */
  if (pass == 0) *(differs ? &p->left_differing : &p->left_same) += weight;
  return false;
}

/* How many measures party q has a total of (its lines), and whether one
 * differs between worlds. */
uint32_t report_party_totals(const RunData *d, uint32_t q, bool *differs) {
  uint32_t n = 0;
  bool diff = false;
  for (int mz = 0; mz < TM_N; mz++) {
    if (!rundata_total_shown(d, q, mz)) continue;
    n++;
    const RunTotal *x0 = &d->worlds[0].totals[(size_t)q * TM_N + mz];
    for (uint32_t k = 1; k < d->nw && !diff; k++) {
      const RunTotal *x = &d->worlds[k].totals[(size_t)q * TM_N + mz];
      diff = x->v != x0->v || x->overflow != x0->overflow;
    }
  }
  if (differs) *differs = diff;
  return n;
}


void report_conflict_bufs_free(void *v) {
  ReportConflictBufs *b = v;
  rundata_pair_index_free(&b->ix);
  rundata_pairs_free(&b->g);
  rundata_pair_changes_free(&b->ch);
  sb_free(&b->s);
}
