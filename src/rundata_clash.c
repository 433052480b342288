/* rundata_clash: the breach map — the contested keys of each world,
 * grouped by the pair of clauses that collide on them.  A key's pairs
 * come from its distinct undefeated clauses (sorted, not rescanned); a
 * world's entries are grouped by pair in one pass (a hash of the pairs,
 * then a counting sort), and only the distinct pairs are sorted. */
#include "rundata.h"

#include <stdlib.h>
#include <string.h>

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

/* Sorts v[0..n) and drops repeats; the new length. */
static uint32_t sort_unique(uint32_t *v, uint32_t n) {
  if (n < 2) return n;
  qsort(v, n, sizeof *v, cmp_u32);
  uint32_t u = 1;
  for (uint32_t i = 1; i < n; i++)
    if (v[i] != v[u - 1]) v[u++] = v[i];
  return u;
}

void rundata_key_clashes(ClashVec *out, const KeyResult *kr, uint32_t row,
                         EvalScratch *x) {
  (void)x;
  uint32_t np = 0, nn = 0;
  for (uint32_t i = 0; i < kr->n; i++)
    if (!kr->hits[i].defeated) *(kr->hits[i].pol > 0 ? &np : &nn) += 1;
  if (!np || !nn) return;
  /* the clause indices of each side, then every pair once: O(pairs) */
  uint32_t stack[64];
  uint32_t *v = np + nn <= 64 ? stack : mem_talloc((np + nn) * sizeof *v);
  Defer d;
  if (v != stack) mem_defer(&d, mem_free_ptr, &v);
  uint32_t *pos = v, *neg = v + np;
  np = nn = 0;
  for (uint32_t i = 0; i < kr->n; i++) {
    const Hit *h = &kr->hits[i];
    if (h->defeated) continue;
    if (h->pol > 0) pos[np++] = (uint32_t)h->c->index;
    else neg[nn++] = (uint32_t)h->c->index;
  }
  np = sort_unique(pos, np);
  nn = sort_unique(neg, nn);
  for (uint32_t a = 0; a < np; a++)
    for (uint32_t b = 0; b < nn; b++) {
      RunClash c = {pos[a], neg[b], row};
      MVEC_PUSH(out->v, out->n, out->cap, c);
    }
  if (v != stack) mem_undefer(&d, true);
}

/* ---- grouping ---- */

static uint64_t pair_hash(uint32_t pos, uint32_t neg) {
  uint64_t x = (uint64_t)pos << 32 | neg;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

/* The pairs met so far: an open-addressing table of their ids (+ 1),
 * grown with them (there are far fewer pairs than entries). */
typedef struct Grouping {
  uint32_t *table;
  uint32_t cap;
  RunPair *pairs;
  uint32_t npairs, cappairs;
} Grouping;

static void grouping_free(void *v) {
  Grouping *g = v;
  mem_free(g->table);
  mem_free(g->pairs);
}

static uint32_t *pair_slot(const Grouping *g, uint32_t pos, uint32_t neg) {
  uint32_t j = (uint32_t)pair_hash(pos, neg) & (g->cap - 1);
  for (;; j = (j + 1) & (g->cap - 1)) {
    uint32_t e = g->table[j];
    if (!e || (g->pairs[e - 1].pos == pos && g->pairs[e - 1].neg == neg))
      return &g->table[j];
  }
}

static void grow_table(Grouping *g) {
  uint32_t *old = g->table, oc = g->cap;
  g->cap = oc ? oc * 2 : 64;
  g->table = mem_tcalloc(g->cap, sizeof *g->table);
  for (uint32_t i = 0; i < oc; i++)
    if (old[i]) *pair_slot(g, g->pairs[old[i] - 1].pos, g->pairs[old[i] - 1].neg) = old[i];
  mem_free(old);
}

/* The id of the pair of (pos, neg), a new one if it is new. */
static uint32_t pair_id(Grouping *g, uint32_t pos, uint32_t neg) {
  if ((g->npairs + 1) * 2 > g->cap) grow_table(g);
  uint32_t *e = pair_slot(g, pos, neg);
  if (!*e) {
    RunPair p = {pos, neg, 0, 0};
    MVEC_PUSH(g->pairs, g->npairs, g->cappairs, p);  /* kept: g's */
    *e = g->npairs;
  }
  return *e - 1;
}

static int cmp_pair(const void *a, const void *b) {
  const RunPair *x = a, *y = b;
  if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
  return (x->neg > y->neg) - (x->neg < y->neg);
}

/* Groups the entries of the segments (in order; each in row order, its
 * rows counted from row0[i]) by pair.  Each entry's pos is overwritten
 * with its pair's id on the way, and each segment is freed once read for
 * the last time: the segments are the grouping's scratch. */
void rundata_group_pairs(ClashVec *const *seg, const uint32_t *row0,
                         uint32_t nseg, RunPairs *g) {
  memset(g, 0, sizeof *g);
  uint64_t n = 0;
  for (uint32_t s = 0; s < nseg; s++) n += seg[s] ? seg[s]->n : 0;
  if (!n) return;
  if (n > UINT32_MAX) mem_throw();
  Grouping t = {0};
  Defer d;
  mem_defer(&d, grouping_free, &t);
  for (uint32_t s = 0; s < nseg; s++)
    for (uint32_t i = 0; seg[s] && i < seg[s]->n; i++) {
      RunClash *c = &seg[s]->v[i];
      uint32_t id = pair_id(&t, c->pos, c->neg);
      t.pairs[id].n++;
      c->pos = id;
    }
  mem_free(t.table);
  t.table = NULL;
  /* the pairs in order (their ids kept in `first` through the sort),
   * then each one's rows after the others' (a counting sort: a pair's
   * rows keep the entries' order, which is the rows') */
  uint32_t np = t.npairs;
  for (uint32_t r = 0; r < np; r++) t.pairs[r].first = r;
  qsort(t.pairs, np, sizeof *t.pairs, cmp_pair);
  uint32_t *at = mem_talloc((np + 1) * sizeof *at);  /* by id: next row */
  for (uint32_t r = 0, sum = 0; r < np; r++) {
    at[t.pairs[r].first] = sum;
    t.pairs[r].first = sum;
    sum += t.pairs[r].n;
  }
  g->rows = mem_alloc((size_t)n * sizeof *g->rows);
  for (uint32_t s = 0; s < nseg; s++) {
    for (uint32_t i = 0; seg[s] && i < seg[s]->n; i++)
      g->rows[at[seg[s]->v[i].pos]++] = seg[s]->v[i].row + row0[s];
    if (seg[s]) {
      mem_free(seg[s]->v);
      *seg[s] = (ClashVec){0};
    }
  }
  mem_free(at);
  g->pairs = t.pairs;
  t.pairs = NULL;
  g->npairs = np;
  g->nrows = (uint32_t)n;
  mem_undefer(&d, true);
}

void rundata_pairs_free(RunPairs *g) {
  mem_free(g->pairs);
  mem_free(g->rows);
  memset(g, 0, sizeof *g);
}

const RunPair *rundata_pair_find(const RunPairs *g, uint32_t pos,
                                 uint32_t neg) {
  uint32_t lo = 0, hi = g->npairs;
  uint64_t key = (uint64_t)pos << 32 | neg;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    uint64_t k = (uint64_t)g->pairs[mid].pos << 32 | g->pairs[mid].neg;
    if (k < key) lo = mid + 1;
    else hi = mid;
  }
  if (lo < g->npairs && g->pairs[lo].pos == pos && g->pairs[lo].neg == neg)
    return &g->pairs[lo];
  return NULL;
}

static uint64_t pair_order(const RunPair *p) {
  return (uint64_t)p->pos << 32 | p->neg;
}

/* The rows of pair `a` of the first world (may be NULL) without those of
 * `gone` and with those of `own`, in row order, appended to rows. */
static uint32_t merge_rows(const RunPairs *g0, const RunPair *a,
                           const RunPairs *gg, const RunPair *gone,
                           const RunPairs *go, const RunPair *own,
                           uint32_t *rows) {
  uint32_t n = 0;
  uint32_t x = 0, nx = a ? a->n : 0, y = 0, ny = gone ? gone->n : 0;
  uint32_t z = 0, nz = own ? own->n : 0;
  const uint32_t *r0 = a ? g0->rows + a->first : NULL;
  const uint32_t *rg = gone ? gg->rows + gone->first : NULL;
  const uint32_t *ro = own ? go->rows + own->first : NULL;
  for (;;) {
    while (x < nx && y < ny && r0[x] == rg[y]) x++, y++;
    if (x == nx && z == nz) break;
    if (z == nz || (x < nx && r0[x] < ro[z])) rows[n++] = r0[x++];
    else rows[n++] = ro[z++];
  }
  return n;
}

const RunPairs *rundata_pairs(const RunData *d, uint32_t world,
                              RunPairs *buf) {
  const RunWorld *w0 = &d->worlds[0], *rw = &d->worlds[world];
  if (world == 0 || (!rw->gone.npairs && !rw->own.npairs)) return &w0->clash;
  memset(buf, 0, sizeof *buf);
  Defer db;
  mem_defer(&db, (void (*)(void *))rundata_pairs_free, buf);
  uint32_t maxp = w0->clash.npairs + rw->own.npairs;
  uint32_t maxr = w0->clash.nrows + rw->own.nrows;
  buf->pairs = mem_alloc((maxp + 1) * sizeof *buf->pairs);
  buf->rows = mem_alloc((maxr + 1) * sizeof *buf->rows);
  /* the pairs of the first world and of `own`, in order */
  uint32_t a = 0, b = 0;
  const RunPairs *g0 = &w0->clash;
  while (a < g0->npairs || b < rw->own.npairs) {
    uint64_t oa = a < g0->npairs ? pair_order(&g0->pairs[a]) : UINT64_MAX;
    uint64_t ob = b < rw->own.npairs ? pair_order(&rw->own.pairs[b]) : UINT64_MAX;
    uint64_t o = oa < ob ? oa : ob;
    const RunPair *pa = oa == o ? &g0->pairs[a++] : NULL;
    const RunPair *po = ob == o ? &rw->own.pairs[b++] : NULL;
    const RunPair *pg = rundata_pair_find(&rw->gone, (uint32_t)(o >> 32),
                                          (uint32_t)o);
    uint32_t n = merge_rows(g0, pa, &rw->gone, pg, &rw->own, po,
                            buf->rows + buf->nrows);
    if (!n) continue;
    buf->pairs[buf->npairs++] =
        (RunPair){(uint32_t)(o >> 32), (uint32_t)o, n, buf->nrows};
    buf->nrows += n;
  }
  mem_undefer(&db, false);
  return buf;
}
