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

typedef struct Grouping {
  uint32_t *table;          /* pair id + 1, 0 empty */
  uint32_t cap;
  uint32_t *id;             /* per entry: its pair */
  uint32_t *order;          /* pair ids sorted by (pos, neg) */
  uint32_t *rank;           /* pair id -> its place in order */
} Grouping;

static void grouping_free(void *v) {
  Grouping *g = v;
  mem_free(g->table);
  mem_free(g->id);
  mem_free(g->order);
  mem_free(g->rank);
}

typedef struct PairKey {
  uint64_t order;           /* (pos, neg) */
  uint32_t id;
} PairKey;

static int cmp_pair_key(const void *a, const void *b) {
  uint64_t x = ((const PairKey *)a)->order, y = ((const PairKey *)b)->order;
  return (x > y) - (x < y);
}

/* The ids of the pairs in (pos, neg) order. */
static void sort_pair_ids(uint32_t *order, uint32_t n, const RunPair *pairs) {
  PairKey *k = mem_talloc((n + 1) * sizeof *k);
  for (uint32_t i = 0; i < n; i++)
    k[i] = (PairKey){(uint64_t)pairs[i].pos << 32 | pairs[i].neg, i};
  qsort(k, n, sizeof *k, cmp_pair_key);
  for (uint32_t i = 0; i < n; i++) order[i] = k[i].id;
  mem_free(k);
}

void rundata_group_pairs(const RunClash *v, uint32_t n, RunPairs *g) {
  memset(g, 0, sizeof *g);
  if (!n) return;
  Grouping t = {0};
  Defer d;
  mem_defer(&d, grouping_free, &t);
  t.cap = 16;
  while (t.cap < 2 * (uint64_t)n) t.cap *= 2;
  t.table = mem_tcalloc(t.cap, sizeof *t.table);
  t.id = mem_talloc(n * sizeof *t.id);
  RunPair *pairs = NULL;
  uint32_t np = 0, capp = 0;
  Defer dp;
  mem_defer(&dp, mem_free_ptr, &pairs);
  /* each entry's pair, numbered in order of first appearance */
  for (uint32_t i = 0; i < n; i++) {
    uint32_t j = (uint32_t)pair_hash(v[i].pos, v[i].neg) & (t.cap - 1);
    for (;; j = (j + 1) & (t.cap - 1)) {
      uint32_t e = t.table[j];
      if (!e) {
        RunPair p = {v[i].pos, v[i].neg, 0, 0};
        MVEC_PUSH(pairs, np, capp, p);
        t.table[j] = np;
        break;
      }
      if (pairs[e - 1].pos == v[i].pos && pairs[e - 1].neg == v[i].neg) break;
    }
    uint32_t id = t.table[j] - 1;
    t.id[i] = id;
    pairs[id].n++;
  }
  /* the pairs in order, their rows after one another (counting sort:
   * each pair's rows keep the entries' order, which is the rows') */
  t.order = mem_talloc(np * sizeof *t.order);
  for (uint32_t i = 0; i < np; i++) t.order[i] = i;
  sort_pair_ids(t.order, np, pairs);
  t.rank = mem_talloc(np * sizeof *t.rank);
  uint32_t at = 0;
  for (uint32_t r = 0; r < np; r++) {
    t.rank[t.order[r]] = r;
    pairs[t.order[r]].first = at;
    at += pairs[t.order[r]].n;
  }
  g->rows = mem_alloc(n * sizeof *g->rows);
  Defer dr;
  mem_defer(&dr, mem_free_ptr, &g->rows);
  uint32_t *fill = t.table;  /* reused: per pair, rows placed so far */
  memset(fill, 0, np * sizeof *fill);
  for (uint32_t i = 0; i < n; i++) {
    RunPair *p = &pairs[t.id[i]];
    g->rows[p->first + fill[t.id[i]]++] = v[i].row;
  }
  g->pairs = mem_alloc(np * sizeof *g->pairs);
  for (uint32_t r = 0; r < np; r++) g->pairs[r] = pairs[t.order[r]];
  g->npairs = np;
  g->nrows = n;
  mem_undefer(&dr, false);
  mem_undefer(&dp, true);
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
