/* when: change dates, intervals, maximal periods, and `when CHECK`. */
#include "when.h"

#include <stdlib.h>
#include <string.h>

#include "weigh.h"

/* ---- change dates ---- */

static Loc date_loc(const Clause *c, const View *v, uint8_t which) {
  switch (which) {
    case WD_SIGNED: return c->agr->signed_loc;
    case WD_AGREEMENT_UNTIL: return c->agr->until_loc;
    default:
      return mods_loc(BODY_MODS(v->b), body_file(v->b), which == WD_FROM);
  }
}

static void add_change(WhenChanges *ch, const Clause *c, const View *v,
                       int32_t day, int32_t date, uint8_t which, bool starts) {
  WhenWhy y = {c, v->b, day, date, which, starts,
               v->amended && (which == WD_FROM || which == WD_UNTIL),
               date_loc(c, v, which)};
  MVEC_PUSH(ch->v, ch->n, ch->cap, y);
}

void when_clause_changes(const Clause *c, const View *v, WhenChanges *ch) {
  /* void, absent or conditioned away: silent on every day */
  if (v->fate != FATE_ACTIVE) return;
  Window win;
  world_window(c, v, &win);
  if (win.lo && win.hi && win.lo > win.hi) return;  /* never in force */
  /* a window from the first day of the calendar, or to its last, has no
   * change at that end */
  if (win.lo > LIT_DAY_FIRST) add_change(ch, c, v, win.lo, win.lo, win.lo_why, true);
  int32_t after = win.hi ? lit_day_next(win.hi) : 0;
  if (after) add_change(ch, c, v, after, win.hi, win.hi_why, false);
}

struct collect {
  WhenChanges *ch;
  const Check *ck;          /* NULL: every clause */
};

static void collect_one(void *arg, const Clause *c, const View *v) {
  struct collect *x = arg;
  if (!x->ck || check_bears(x->ck, v->b)) when_clause_changes(c, v, x->ch);
}

void when_slot_changes(const World *w, uint64_t key, WhenChanges *ch) {
  World undated = world_at(w, 0);
  struct collect x = {ch, NULL};
  eval_slot_clauses(&undated, key, collect_one, &x);
}

static int cmp_why(const void *a, const void *b) {
  const WhenWhy *x = a, *y = b;
  if (x->day != y->day) return x->day < y->day ? -1 : 1;
  if (x->c->index != y->c->index) return x->c->index < y->c->index ? -1 : 1;
  if (x->starts != y->starts) return x->starts ? 1 : -1;
  return (x->which > y->which) - (x->which < y->which);
}

void when_changes_sort(WhenChanges *ch) {
  if (ch->n < 2) return;
  qsort(ch->v, ch->n, sizeof *ch->v, cmp_why);
  uint32_t u = 1;
  for (uint32_t i = 1; i < ch->n; i++)
    if (cmp_why(&ch->v[i], &ch->v[u - 1])) ch->v[u++] = ch->v[i];
  ch->n = u;
}

void when_changes_free(WhenChanges *ch) {
  mem_free(ch->v);
  memset(ch, 0, sizeof *ch);
}

uint32_t when_changes_on(const WhenChanges *ch, int32_t day, uint32_t *first) {
  uint32_t lo = 0, hi = ch->n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (ch->v[mid].day < day) lo = mid + 1;
    else hi = mid;
  }
  *first = lo;
  uint32_t k = lo;
  while (k < ch->n && ch->v[k].day == day) k++;
  return k - lo;
}

/* ---- intervals and periods ---- */

void when_spans(const WhenChanges *ch, WhenSpans *out) {
  out->n = 0;
  if (out->cap < ch->n + 1) {
    out->cap = ch->n + 1 > 16 ? ch->n + 1 : 16;
    out->v = mem_realloc(out->v, out->cap * sizeof *out->v);
  }
  int32_t from = 0;
  for (uint32_t i = 0; i < ch->n; i++) {
    int32_t day = ch->v[i].day;
    if (day == from) continue;   /* sorted: a repeat of the last day */
    out->v[out->n++] = (Period){from, lit_day_prev(day)};
    from = day;
  }
  out->v[out->n++] = (Period){from, 0};
}

void when_spans_free(WhenSpans *s) {
  mem_free(s->v);
  memset(s, 0, sizeof *s);
}

uint32_t when_merge(const WhenSpans *s, const uint8_t *vals, size_t stride,
                    Period *out, uint32_t *at) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < s->n; i++) {
    if (n && !memcmp(vals + (size_t)i * stride, vals + (size_t)at[n - 1] * stride,
                     stride)) {
      out[n - 1].to = s->v[i].to;
      continue;
    }
    out[n] = s->v[i];
    at[n++] = i;
  }
  return n;
}

bool when_same(const Period *a, uint32_t na, const Period *b, uint32_t nb) {
  return na == nb && (!na || !memcmp(a, b, na * sizeof *a));
}

/* Day order with 0 as the open end: a from of 0 is before every day, a
 * to of 0 after. */
static int64_t from_key(int32_t d) { return d ? d : INT64_MIN; }
static int64_t to_key(int32_t d) { return d ? d : INT64_MAX; }

uint32_t when_minus(const Period *a, uint32_t na, const Period *b,
                    uint32_t nb, Period *out) {
  uint32_t n = 0, j = 0;
  for (uint32_t i = 0; i < na; i++) {
    int64_t lo = from_key(a[i].from), hi = to_key(a[i].to);
    Period cur = a[i];
    while (j < nb && to_key(b[j].to) < lo) j++;
    for (uint32_t k = j; k < nb && from_key(b[k].from) <= hi; k++) {
      int64_t blo = from_key(b[k].from), bhi = to_key(b[k].to);
      if (blo > from_key(cur.from))
        out[n++] = (Period){cur.from, lit_day_prev(b[k].from)};
      cur.from = bhi >= hi ? 0 : lit_day_next(b[k].to);
      if (!cur.from) {  /* the rest is covered (or past the calendar) */
        cur.from = -1;
        break;
      }
    }
    if (cur.from != -1) out[n++] = cur;
  }
  return n;
}

void when_answer_free(WhenAnswer *a) {
  if (!a) return;
  mem_free(a->v);
  when_changes_free(&a->why);
  mem_free(a);
}

/* ---- when CHECK ---- */

typedef struct WhenTmp {
  KeySet deps;
  WhenSpans spans;
  uint8_t *holds;
  uint32_t *at;
  CheckResult r;
  World *w;
} WhenTmp;

static void when_tmp_free(void *v) {
  WhenTmp *t = v;
  keyset_free(&t->deps);
  when_spans_free(&t->spans);
  mem_free(t->holds);
  mem_free(t->at);
  check_result_free(&t->r);
  world_free(t->w);
  memset(t, 0, sizeof *t);
}

/* The changes of everything the check reads in w: the clauses of its
 * slots (or its flow key) that can decide it. */
static void check_changes(Model *m, const World *w, const Check *ck,
                          KeySet *deps, WhenChanges *ch) {
  check_depends(m->p, ck, deps);
  World undated = world_at(w, 0);
  struct collect x = {ch, ck};
  for (uint32_t i = 0; i < deps->cap; i++)
    if (deps->v[i] != UINT64_MAX)
      eval_slot_clauses(&undated, deps->v[i], collect_one, &x);
  for (uint32_t i = 0; i < deps->fcap; i++)
    if (deps->flows[i] != UINT64_MAX)
      check_flow_clauses(&undated, deps->flows[i], collect_one, &x);
  when_changes_sort(ch);
}

void when_check(Model *m, EvalScratch *x, const Expect *e, CheckResult *out) {
  WhenTmp t = {0};
  Defer d;
  mem_defer(&d, when_tmp_free, &t);
  t.w = check_world(m, &e->cx, out->msg, sizeof out->msg);
  if (!t.w) {
    out->error = true;
    out->at = e->loc;
    mem_undefer(&d, true);
    return;
  }
  WhenAnswer *a = out->when = mem_calloc(1, sizeof *a);
  check_changes(m, t.w, &e->ck, &t.deps, &a->why);
  when_spans(&a->why, &t.spans);
  a->nspans = t.spans.n;
  t.holds = mem_alloc(t.spans.n);
  for (uint32_t i = 0; i < t.spans.n; i++) {
    World day = world_at(t.w, when_span_day(&t.spans.v[i]));
    check_in_world(&day, x, &e->ck, &t.r);
    t.holds[i] = t.r.holds;
  }
  Period *runs = mem_talloc(t.spans.n * sizeof *runs);
  t.at = mem_alloc(t.spans.n * sizeof *t.at);
  uint32_t nr = when_merge(&t.spans, t.holds, 1, runs, t.at);
  a->v = mem_alloc((nr ? nr : 1) * sizeof *a->v);
  for (uint32_t k = 0; k < nr; k++)
    if (t.holds[t.at[k]]) a->v[a->n++] = runs[k];
  mem_free(runs);
  const Answer *is = e->cx.is;
  out->holds = is ? when_same(a->v, a->n, is->v, is->n) : a->n > 0;
  mem_undefer(&d, true);
}
