/* rundata_flow: the flows active in each world, and the totals per party
 * they add up to. */
#include "rundata.h"

#include <stdlib.h>
#include <string.h>

#include "literal.h"

static int cmp_clause(const void *a, const void *b) {
  const Clause *x = *(Clause *const *)a, *y = *(Clause *const *)b;
  return (x->index > y->index) - (x->index < y->index);
}

/* The flow (c, b) among those from `first` on, added if new. */
static RunFlow *flow_row(RunData *d, uint32_t first, const Clause *c,
                         const Body *b) {
  uint32_t r = first;
  while (r < d->nflows && !(d->flows[r].c == c && d->flows[r].b == b)) r++;
  if (r == d->nflows) {
    RunFlow f = {c, b, arena_alloc(&d->arena, d->nw), NULL};
    MVEC_PUSH(d->flows, d->nflows, d->capflows, f);
  }
  return &d->flows[r];
}

/* World k's reading of a flow clause: active, or out of force for its
 * dates (then when it starts or when it ended); else nothing. */
static void add_flow_world(RunData *d, uint32_t first, const Clause *c,
                           const View *v, const World *w, uint32_t k) {
  if (!v->b->is_flow || !rundata_filter_flow(&d->filter, v->b)) return;
  if (v->fate == FATE_ACTIVE) {
    flow_row(d, first, c, v->b)->on[k] = 1;
    return;
  }
  if (v->fate != FATE_OUT_OF_FORCE) return;
  Window win;
  world_window(c, v, &win);
  RunFlow *f = flow_row(d, first, c, v->b);
  if (!f->when) f->when = arena_alloc(&d->arena, d->nw * sizeof *f->when);  /* zeroed */
  f->when[k] = w->date < win.lo ? (RunWhen){win.lo, RUN_LATER}
                                : (RunWhen){win.hi, RUN_ENDED};
}

/* The flows from `from` on that are active in every world take the shared
 * vector, their own given back (the last first, while it is the arena's
 * last allocation). */
static void share_all_on(RunData *d, uint32_t from, uint8_t *all_on) {
  for (uint32_t r = d->nflows; r-- > from;) {
    RunFlow *f = &d->flows[r];
    if (memchr(f->on, 0, d->nw)) continue;
    arena_unalloc(&d->arena, f->on, d->nw);
    f->on = all_on;
  }
}

typedef struct FlowTmp {
  Clause **cand;
  uint32_t ncand, ccand;
  uint8_t *changed;
  /* the `when` vectors alike in every world, one per (date, kind):
   * open addressing, a power of two */
  RunWhen **same;
  uint32_t nsame, capsame;
} FlowTmp;

static void flow_tmp_free(void *v) {
  FlowTmp *t = v;
  mem_free(t->cand);
  mem_free(t->changed);
  mem_free(t->same);
}

static uint32_t when_hash(RunWhen w, uint32_t cap) {
  return (((uint32_t)w.date * 2654435761u) ^ w.kind) & (cap - 1);
}

/* The flow's `when` (the arena's last block) is the same in every world,
 * as when the worlds share a date: one vector per value serves them all
 * (a million dated flows in ten worlds would hold 80 MB). */
static void share_when(RunData *d, FlowTmp *t, RunFlow *f) {
  uint32_t nw = d->nw;
  for (uint32_t k = 1; k < nw; k++)
    if (f->when[k].date != f->when[0].date || f->when[k].kind != f->when[0].kind)
      return;
  if ((t->nsame + 1) * 2 > t->capsame) {
    uint32_t oc = t->capsame, nc = oc ? oc * 2 : 64;
    RunWhen **old = t->same;
    t->same = mem_calloc(nc, sizeof *t->same);
    t->capsame = nc;
    for (uint32_t i = 0; i < oc; i++) {
      if (!old[i]) continue;
      uint32_t h = when_hash(old[i][0], nc);
      while (t->same[h]) h = (h + 1) & (nc - 1);
      t->same[h] = old[i];
    }
    mem_free(old);
  }
  uint32_t h = when_hash(f->when[0], t->capsame);
  for (; t->same[h]; h = (h + 1) & (t->capsame - 1))
    if (t->same[h][0].date == f->when[0].date && t->same[h][0].kind == f->when[0].kind) {
      if (arena_unalloc(&d->arena, f->when, nw * sizeof *f->when)) f->when = t->same[h];
      return;
    }
  t->same[h] = f->when;
  t->nsame++;
}

/* The flow clauses of the model and the worlds (outcome flows, amended
 * statements), by clause, once each; and those that some world's
 * outcomes can read otherwise (model_reach). */
static void flow_candidates(RunData *d, FlowTmp *t) {
  Model *m = d->m;
  for (uint32_t i = 0; i < m->flows.nrun; i++)
    for (uint32_t j = 0; j < m->flows.run[i].cl.n; j++)
      TVEC_PUSH(t->cand, t->ncand, t->ccand, m->flows.run[i].cl.v[j]);
  for (uint32_t i = 0; i < m->flows.cap; i++)
    for (uint32_t j = 0; j < m->flows.e[i].cl.n; j++)
      TVEC_PUSH(t->cand, t->ncand, t->ccand, m->flows.e[i].cl.v[j]);
  for (uint32_t k = 0; k < d->nw; k++) {
    const World *w = d->worlds[k].w;
    for (uint32_t j = 0; j < w->xflows.n; j++)
      TVEC_PUSH(t->cand, t->ncand, t->ccand, w->xflows.v[j]);
  }
  if (t->ncand) qsort(t->cand, t->ncand, sizeof *t->cand, cmp_clause);
  t->changed = mem_tcalloc(d->p->nclauses + 1, 1);
  for (uint32_t k = 0; k < d->nw; k++) {
    const World *w = d->worlds[k].w;
    for (uint32_t i = 0; i < w->nchosen; i++) {
      const Reach *r = model_reach(m, w->chosen[i]);
      for (uint32_t j = 0; j < r->n; j++) t->changed[r->v[j]] = 1;
    }
  }
}

static void build_totals(RunData *d);

/* The flows active in some world, and where.  A flow no world's outcomes
 * can read otherwise reads in every world of the first world's date as
 * in the first. */
void rundata_build_flows(RunData *d) {
  uint32_t nw = d->nw;
  if (!nw) return;
  FlowTmp t = {0};
  Defer df;
  mem_defer(&df, flow_tmp_free, &t);
  flow_candidates(d, &t);
  /* the flows active in every world (nearly all) share one vector */
  uint8_t *all_on = arena_alloc(&d->arena, nw);
  memset(all_on, 1, nw);
  const World *w0 = d->worlds[0].w;
  uint32_t first_unshared = 0;
  for (uint32_t i = 0; i < t.ncand; i++) {
    Clause *c = t.cand[i];
    if (i && t.cand[i - 1] == c) continue;
    uint32_t first = d->nflows;
    share_all_on(d, first_unshared, all_on);
    first_unshared = first;
    View v0;
    world_view(w0, c, &v0);
    for (uint32_t k = 0; k < nw; k++) {
      const World *w = d->worlds[k].w;
      View v = v0;
      if (k && (t.changed[c->index] || w->date != w0->date)) world_view(w, c, &v);
      add_flow_world(d, first, c, &v, w, k);
    }
    for (uint32_t r = first; r < d->nflows; r++)
      if (d->flows[r].when) share_when(d, &t, &d->flows[r]);
  }
  share_all_on(d, first_unshared, all_on);
  mem_undefer(&df, true);
  build_totals(d);
}

static void add_total(RunTotal *t, int64_t v) {
  if (t->overflow) return;
  if (__builtin_add_overflow(t->v, v, &t->v)) t->overflow = true;
}

/* Flow by flow, each into the worlds where it is active: every total
 * still adds its flows in flow order. */
static void build_totals(RunData *d) {
  uint32_t np = d->p->nparties;
  /* a world whose flows are the first world's has its table */
  uint8_t *own = mem_talloc(d->nw ? d->nw : 1);
  Defer df;
  mem_defer(&df, mem_free_ptr, &own);
  for (uint32_t k = 0; k < d->nw; k++) {
    own[k] = k == 0;
    for (uint32_t i = 0; !own[k] && i < d->nflows; i++)
      own[k] = d->flows[i].on[k] != d->flows[i].on[0];
    d->worlds[k].totals =
        own[k] ? arena_alloc(&d->arena, ((size_t)np + 1) * TM_N * sizeof(RunTotal))
               : d->worlds[0].totals;
  }
  for (uint32_t i = 0; i < d->nflows; i++) {
    const RunFlow *f = &d->flows[i];
    const Body *b = f->b;
    if (!b->fp || !b->fq) continue;
    for (uint32_t k = 0; k < d->nw; k++) {
      if (!own[k] || !f->on[k]) continue;
      RunTotal *t = d->worlds[k].totals;
      RunTotal *P = t + (size_t)b->fp->h.index * TM_N;
      RunTotal *Q = t + (size_t)b->fq->h.index * TM_N;
      /* with a party filter, the other side's totals are not whole: the
       * party's alone are kept (a scratch row takes the rest) */
      RunTotal *none = t + (size_t)np * TM_N;
      if (d->filter.party >= 0 && b->fp->h.index != d->filter.party) P = none;
      if (d->filter.party >= 0 && b->fq->h.index != d->filter.party) Q = none;
      switch (b->fk) {
        case F_PAYS:
          add_total(&P[TM_PAYS], b->money);
          add_total(&Q[TM_PAID], b->money);
          break;
        case F_INVESTS: {
          /* an investment without a committed part is committed whole */
          int64_t c = b->has_money2 ? b->money2 : b->money;
          add_total(&P[TM_INVESTS], b->money);
          add_total(&P[TM_COMMITS], c);
          add_total(&Q[TM_INVESTED], b->money);
          add_total(&Q[TM_INVESTED_COMMITTED], c);
          break;
        }
        case F_OWNS:
          if (b->has_money2) add_total(&P[TM_STAKES], b->money2);
          break;
        case F_SUPPLIES:
          add_total(&P[TM_SUPPLIES], b->watts);
          add_total(&Q[TM_SUPPLIED], b->watts);
          break;
        case F_SHARES:
          break;
      }
    }
  }
  mem_undefer(&df, true);
}

const char *rundata_measure_name(int m) {
  static const char *const n[TM_N] = {
      "pays", "is paid", "invests", "  committed", "receives investment",
      "  committed", "holds stakes valued", "supplies", "is supplied"};
  return n[m];
}

bool rundata_measure_is_watts(int m) {
  return m == TM_SUPPLIES || m == TM_SUPPLIED;
}

bool rundata_total_shown(const RunData *d, uint32_t q, int measure) {
  for (uint32_t k = 0; k < d->nw; k++) {
    const RunTotal *t = &d->worlds[k].totals[(size_t)q * TM_N + measure];
    if (t->v || t->overflow) return true;
  }
  return false;
}

const char *rundata_total_str(const RunTotal *t, int measure, char *buf) {
  if (t->overflow) return strcpy(buf, "overflow");
  if (rundata_measure_is_watts(measure)) return lit_watts_str(t->v, buf);
  return lit_money_str(t->v, buf);
}

bool rundata_implied_valuation(const Body *b, int64_t *cents, bool *overflow) {
  *overflow = false;
  if (b->fk != F_OWNS || !b->has_money2 || b->pct <= 0) return false;
  /* value * 100% / pct, rounded to the nearest cent */
  __int128 num;
  if (__builtin_mul_overflow((__int128)b->money2, (__int128)LIT_PCT_100, &num)) {
    *overflow = true;
    return false;
  }
  __int128 q = (num + b->pct / 2) / b->pct;
  if (q > INT64_MAX) {
    *overflow = true;
    return false;
  }
  *cents = (int64_t)q;
  return true;
}
