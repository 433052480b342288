/* rundata_clash: the breach map — the contested keys of each world and
 * the clauses that collide on them.
 *
 * What is kept is linear in the norms: for each contested key its sides,
 * the distinct clauses of its undefeated norms that permit (or oblige)
 * and of those that forbid.  Every pair of one side's clause with the
 * other side's collides on the key, so a key of 2 against 80 clauses
 * makes 160 pairs; the pairs are therefore not kept but enumerated when
 * a format asks, in (permitting clause, forbidding clause) order, and
 * only as many as it prints — counting the rest costs a pass over them
 * with a stamp per clause, no table.  Another world keeps only the keys
 * whose sides differ from the first world's. */
#include "rundata.h"

#include <stdlib.h>
#include <string.h>

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

/* Sorts v[0..n) and drops repeats; the new length.  A key's sides are
 * mostly a few clauses: those are sorted by insertion. */
static uint32_t sort_unique(uint32_t *v, uint32_t n) {
  if (n < 2) return n;
  if (n <= 16) {
    for (uint32_t i = 1; i < n; i++) {
      uint32_t x = v[i], j = i;
      for (; j > 0 && v[j - 1] > x; j--) v[j] = v[j - 1];
      v[j] = x;
    }
  } else {
    qsort(v, n, sizeof *v, cmp_u32);
  }
  uint32_t u = 1;
  for (uint32_t i = 1; i < n; i++)
    if (v[i] != v[u - 1]) v[u++] = v[i];
  return u;
}

static void sides_room(RunSides *out, uint64_t more) {
  if ((uint64_t)out->ncl + more > UINT32_MAX) mem_throw();
  if (out->ncl + more > out->capcl) {
    uint64_t cap = out->capcl ? (uint64_t)out->capcl * 2 : 64;
    while (cap < out->ncl + more) cap *= 2;
    if (cap > UINT32_MAX) cap = UINT32_MAX;
    out->cl = mem_realloc(out->cl, (size_t)cap * sizeof *out->cl);
    out->capcl = (uint32_t)cap;
  }
}

void rundata_key_sides(RunSides *out, const KeyResult *kr, uint32_t row) {
  uint32_t np = 0, nn = 0;
  for (uint32_t i = 0; i < kr->n; i++)
    if (!kr->hits[i].defeated) *(kr->hits[i].pol > 0 ? &np : &nn) += 1;
  if (!np || !nn) return;
  sides_room(out, (uint64_t)np + nn);
  uint32_t *pos = out->cl + out->ncl, *neg = pos + np;
  np = nn = 0;
  for (uint32_t i = 0; i < kr->n; i++) {
    const Hit *h = &kr->hits[i];
    if (h->defeated) continue;
    if (h->pol > 0) pos[np++] = (uint32_t)h->c->index;
    else neg[nn++] = (uint32_t)h->c->index;
  }
  /* the same clause may give a key several norms: once each side */
  np = sort_unique(pos, np);
  nn = sort_unique(neg, nn);
  if (neg != pos + np) memmove(pos + np, neg, nn * sizeof *neg);
  RunSide s = {row, out->ncl, np, nn};
  /* the keys of a slot often have the sides of the key before them (the
   * norms on every party): then they share its list */
  const RunSide *prev = out->n ? &out->v[out->n - 1] : NULL;
  if (prev && prev->npos == np && prev->nneg == nn &&
      !memcmp(out->cl + prev->at, pos, (np + nn) * sizeof *pos))
    s.at = prev->at;
  else
    out->ncl += np + nn;
  MVEC_PUSH(out->v, out->n, out->cap, s);
}

void rundata_sides_append(RunSides *out, const RunSides *in, const RunSide *s,
                          uint32_t row) {
  sides_room(out, (uint64_t)s->npos + s->nneg);
  if (s->npos + s->nneg)
    memcpy(out->cl + out->ncl, in->cl + s->at, (s->npos + s->nneg) * sizeof *out->cl);
  RunSide t = {row, out->ncl, s->npos, s->nneg};
  MVEC_PUSH(out->v, out->n, out->cap, t);
  out->ncl += s->npos + s->nneg;
}

bool rundata_sides_equal(const RunSides *a, const RunSide *x,
                         const RunSides *b, const RunSide *y) {
  if (!x || !y) return !x && !y;
  return x->npos == y->npos && x->nneg == y->nneg &&
         !memcmp(a->cl + x->at, b->cl + y->at,
                 (x->npos + x->nneg) * sizeof *a->cl);
}

void rundata_sides_free(RunSides *s) {
  mem_free(s->v);
  mem_free(s->cl);
  memset(s, 0, sizeof *s);
}

static const RunSide *side_find(const RunSides *s, uint32_t row) {
  uint32_t lo = 0, hi = s->n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (s->v[mid].row < row) lo = mid + 1;
    else hi = mid;
  }
  return lo < s->n && s->v[lo].row == row ? &s->v[lo] : NULL;
}

const RunSide *rundata_side(const RunData *d, uint32_t world, uint32_t row,
                            const uint32_t **cl) {
  const RunSides *s = &d->worlds[world].sides;
  const RunSide *x = world ? side_find(s, row) : NULL;
  if (!x) s = &d->worlds[0].sides, x = side_find(s, row);
  if (!x || !x->npos) return NULL;  /* not contested there */
  *cl = s->cl + x->at;
  return x;
}

/* ---- a world's keys, one after the other ---- */

/* The contested keys of world k in row order: the first world's, with
 * those world k has otherwise replaced. */
typedef struct SideWalk {
  const RunSides *s0, *sk;
  uint32_t i, j;
} SideWalk;

static bool walk_next(SideWalk *w, const RunSide **x, const uint32_t **cl) {
  for (;;) {
    const RunSide *a = w->i < w->s0->n ? &w->s0->v[w->i] : NULL;
    const RunSide *b = w->sk && w->j < w->sk->n ? &w->sk->v[w->j] : NULL;
    if (!a && !b) return false;
    if (b && (!a || b->row <= a->row)) {
      if (a && a->row == b->row) w->i++;
      w->j++;
      if (!b->npos) continue;  /* no longer contested */
      *x = b;
      *cl = w->sk->cl + b->at;
      return true;
    }
    w->i++;
    *x = a;
    *cl = w->s0->cl + a->at;
    return true;
  }
}

static SideWalk walk_start(const RunData *d, uint32_t world) {
  SideWalk w = {&d->worlds[0].sides, world ? &d->worlds[world].sides : NULL, 0, 0};
  return w;
}

/* ---- pairs ---- */

void rundata_pair_index_free(RunPairIndex *x) {
  mem_free(x->start);
  mem_free(x->side);
  mem_free(x->cl);
  memset(x, 0, sizeof *x);
}

void rundata_pair_index(const RunData *d, uint32_t world, RunPairIndex *x) {
  memset(x, 0, sizeof *x);
  x->world = world;
  Defer dx;
  mem_defer(&dx, (void (*)(void *))rundata_pair_index_free, x);
  uint32_t nc = d->p->nclauses;
  x->start = mem_calloc((size_t)nc + 2, sizeof *x->start);
  uint64_t total = 0;
  const RunSide *s;
  const uint32_t *cl;
  SideWalk w = walk_start(d, world);
  while (walk_next(&w, &s, &cl))
    for (uint32_t i = 0; i < s->npos; i++) x->start[cl[i] + 1]++, total++;
  if (total > UINT32_MAX) mem_throw();
  for (uint32_t c = 0; c <= nc; c++) x->start[c + 1] += x->start[c];
  x->side = mem_alloc((total + 1) * sizeof *x->side);
  x->cl = mem_alloc((total + 1) * sizeof *x->cl);
  w = walk_start(d, world);
  while (walk_next(&w, &s, &cl))
    for (uint32_t i = 0; i < s->npos; i++) {
      uint32_t at = x->start[cl[i]]++;
      x->side[at] = s;
      x->cl[at] = cl;
    }
  /* back to starts (each moved to the next one's) */
  for (uint32_t c = nc + 1; c > 0; c--) x->start[c] = x->start[c - 1];
  x->start[0] = 0;
  mem_undefer(&dx, false);
}

static bool has_neg(const RunSide *s, const uint32_t *cl, uint32_t neg) {
  const uint32_t *v = cl + s->npos;
  uint32_t lo = 0, hi = s->nneg;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (v[mid] < neg) lo = mid + 1;
    else hi = mid;
  }
  return lo < s->nneg && v[lo] == neg;
}

static void pairs_push(RunPairs *g, uint32_t pos, uint32_t neg,
                       const uint32_t *rows, uint32_t n, uint32_t *cappairs,
                       uint32_t *caprows) {
  RunPair pr = {pos, neg, n, g->nrows};
  MVEC_PUSH(g->pairs, g->npairs, *cappairs, pr);
  for (uint32_t i = 0; i < n; i++) MVEC_PUSH(g->rows, g->nrows, *caprows, rows[i]);
}

/* Scratch of one enumeration. */
typedef struct PairScratch {
  uint64_t *nr;             /* (neg, row) of one permitting clause */
  uint32_t nnr, capnr;
  uint32_t *rows;
  uint32_t nrows, caprows;
  uint32_t *stamp;          /* by clause: the permitting clause + 1 */
} PairScratch;

static void scratch_free(void *v) {
  PairScratch *x = v;
  mem_free(x->nr);
  mem_free(x->rows);
  mem_free(x->stamp);
}

uint32_t rundata_pairs(const RunData *d, const RunPairIndex *ix,
                       uint32_t max, RunPairs *g) {
  memset(g, 0, sizeof *g);
  PairScratch x = {0};
  Defer dx, dg;
  mem_defer(&dx, scratch_free, &x);
  mem_defer(&dg, (void (*)(void *))rundata_pairs_free, g);
  uint32_t nc = d->p->nclauses, npairs = 0, cappairs = 0, caprows = 0;
  x.stamp = mem_calloc((size_t)nc + 1, sizeof *x.stamp);
  for (uint32_t p = 0; p < nc; p++) {
    uint32_t a = ix->start[p], b = ix->start[p + 1];
    if (a == b) continue;
    if (g->npairs < max) {
      /* this clause's pairs in order, each with its rows in order */
      x.nnr = 0;
      for (uint32_t i = a; i < b; i++) {
        const RunSide *s = ix->side[i];
        const uint32_t *negs = ix->cl[i] + s->npos;
        for (uint32_t k = 0; k < s->nneg; k++)
          MVEC_PUSH(x.nr, x.nnr, x.capnr, (uint64_t)negs[k] << 32 | s->row);
      }
      qsort(x.nr, x.nnr, sizeof *x.nr, cmp_u64);
      for (uint32_t i = 0; i < x.nnr;) {
        uint32_t neg = (uint32_t)(x.nr[i] >> 32), n = 0;
        x.nrows = 0;
        for (; i < x.nnr && (uint32_t)(x.nr[i] >> 32) == neg; i++, n++)
          MVEC_PUSH(x.rows, x.nrows, x.caprows, (uint32_t)x.nr[i]);
        npairs++;
        if (g->npairs < max) pairs_push(g, p, neg, x.rows, n, &cappairs, &caprows);
      }
      continue;
    }
    /* past what is wanted: only count this clause's distinct partners */
    for (uint32_t i = a; i < b; i++) {
      const RunSide *s = ix->side[i];
      const uint32_t *negs = ix->cl[i] + s->npos;
      for (uint32_t k = 0; k < s->nneg; k++)
        if (x.stamp[negs[k]] != p + 1) x.stamp[negs[k]] = p + 1, npairs++;
    }
  }
  mem_undefer(&dg, false);
  mem_undefer(&dx, true);
  return npairs;
}

void rundata_pairs_free(RunPairs *g) {
  mem_free(g->pairs);
  mem_free(g->rows);
  memset(g, 0, sizeof *g);
}

/* ---- what another world changes ---- */

/* A pair a changed key of world k had or has: (pos, neg, row, 0 had / 1
 * has), packed for one sort. */
typedef struct Touch {
  uint32_t pos, neg, row, has;
} Touch;

static int cmp_touch(const void *a, const void *b) {
  const Touch *x = a, *y = b;
  if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
  if (x->neg != y->neg) return x->neg < y->neg ? -1 : 1;
  if (x->row != y->row) return x->row < y->row ? -1 : 1;
  return (x->has > y->has) - (x->has < y->has);
}

static void touch_side(Touch **t, uint32_t *n, uint32_t *cap,
                       const RunSide *s, const uint32_t *cl, uint32_t row,
                       uint32_t has) {
  for (uint32_t a = 0; a < s->npos; a++)
    for (uint32_t b = 0; b < s->nneg; b++) {
      Touch x = {cl[a], cl[s->npos + b], row, has};
      MVEC_PUSH(*t, *n, *cap, x);
    }
}

typedef struct ChangeScratch {
  Touch *t;
  uint32_t nt, capt;
  uint32_t *r0, *had, *has;
  uint32_t n0, nhad, nhas, cap0, caphad, caphas;
} ChangeScratch;

static void change_scratch_free(void *v) {
  ChangeScratch *x = v;
  mem_free(x->t);
  mem_free(x->r0);
  mem_free(x->had);
  mem_free(x->has);
}

uint32_t rundata_pair_changes(const RunData *d, const RunPairIndex *ix,
                              uint32_t world, uint32_t max,
                              RunPairChanges *out) {
  memset(out, 0, sizeof *out);
  if (!world) return 0;
  const RunSides *sk = &d->worlds[world].sides, *s0 = &d->worlds[0].sides;
  if (!sk->n || ix->world != 0) return 0;
  ChangeScratch x = {0};
  Defer dx, dout;
  mem_defer(&dx, change_scratch_free, &x);
  mem_defer(&dout, (void (*)(void *))rundata_pair_changes_free, out);
  /* every pair of every changed key, as it was and as it is */
  for (uint32_t i = 0; i < sk->n; i++) {
    const RunSide *b = &sk->v[i], *a = side_find(s0, b->row);
    if (a) touch_side(&x.t, &x.nt, &x.capt, a, s0->cl + a->at, b->row, 0);
    touch_side(&x.t, &x.nt, &x.capt, b, sk->cl + b->at, b->row, 1);
  }
  qsort(x.t, x.nt, sizeof *x.t, cmp_touch);
  uint32_t count = 0, cappairs = 0, caprows = 0, capch = 0;
  for (uint32_t i = 0; i < x.nt;) {
    uint32_t pos = x.t[i].pos, neg = x.t[i].neg;
    x.nhad = x.nhas = 0;
    for (; i < x.nt && x.t[i].pos == pos && x.t[i].neg == neg; i++) {
      if (x.t[i].has) MVEC_PUSH(x.has, x.nhas, x.caphas, x.t[i].row);
      else MVEC_PUSH(x.had, x.nhad, x.caphad, x.t[i].row);
    }
    /* the pair's keys in the first world */
    x.n0 = 0;
    for (uint32_t k = ix->start[pos]; k < ix->start[pos + 1]; k++)
      if (has_neg(ix->side[k], ix->cl[k], neg))
        MVEC_PUSH(x.r0, x.n0, x.cap0, ix->side[k]->row);
    uint32_t n = x.n0 - x.nhad + x.nhas;
    RunChange label = RUN_SAME;
    if (x.n0 && !n) label = RUN_RESOLVED;
    else if (!x.n0 && n) label = RUN_NEW;
    else if (x.nhad != x.nhas || memcmp(x.had, x.has, x.nhad * sizeof *x.had))
      label = RUN_CHANGED;
    if (label == RUN_SAME) continue;
    count++;
    if (out->pairs.npairs >= max) continue;
    /* its keys in world k: the first world's but those it had, and those
     * it has (both in row order) — or, resolved, the first world's */
    RunPairs *g = &out->pairs;
    RunPair pr = {pos, neg, 0, g->nrows};
    uint32_t a = 0, b = 0, c = 0;
    if (label == RUN_RESOLVED) {
      for (; a < x.n0; a++) MVEC_PUSH(g->rows, g->nrows, caprows, x.r0[a]);
    } else {
      for (;;) {
        while (a < x.n0 && b < x.nhad && x.r0[a] == x.had[b]) a++, b++;
        if (a == x.n0 && c == x.nhas) break;
        uint32_t r = c == x.nhas || (a < x.n0 && x.r0[a] < x.has[c]) ? x.r0[a++] : x.has[c++];
        MVEC_PUSH(g->rows, g->nrows, caprows, r);
      }
    }
    pr.n = g->nrows - pr.first;
    MVEC_PUSH(g->pairs, g->npairs, cappairs, pr);
    MVEC_PUSH(out->change, out->nchange, capch, label);
  }
  mem_undefer(&dout, false);
  mem_undefer(&dx, true);
  return count;
}

void rundata_pair_changes_free(RunPairChanges *c) {
  rundata_pairs_free(&c->pairs);
  mem_free(c->change);
  memset(c, 0, sizeof *c);
}
