/* weigh: combinations of outcomes and their weights. */
#include "weigh.h"

#include <string.h>

#include "literal.h"

/* ---- key sets ---- */

static uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

static bool set_has(const uint64_t *v, uint32_t cap, uint64_t key) {
  if (!cap) return false;
  for (uint32_t j = (uint32_t)mix(key) & (cap - 1);; j = (j + 1) & (cap - 1)) {
    if (v[j] == UINT64_MAX) return false;
    if (v[j] == key) return true;
  }
}

static void set_add(uint64_t **v, uint32_t *cap, uint32_t *n, uint64_t key) {
  if ((*n + 1) * 2 > *cap) {
    uint32_t nc = *cap ? *cap * 2 : 16;
    uint64_t *nv = mem_talloc(nc * sizeof *nv);
    memset(nv, 0xff, nc * sizeof *nv);
    for (uint32_t i = 0; i < *cap; i++) {
      if ((*v)[i] == UINT64_MAX) continue;
      uint32_t j = (uint32_t)mix((*v)[i]) & (nc - 1);
      while (nv[j] != UINT64_MAX) j = (j + 1) & (nc - 1);
      nv[j] = (*v)[i];
    }
    mem_free(*v);
    *v = nv;
    *cap = nc;
  }
  uint32_t j = (uint32_t)mix(key) & (*cap - 1);
  while ((*v)[j] != UINT64_MAX) {
    if ((*v)[j] == key) return;
    j = (j + 1) & (*cap - 1);
  }
  (*v)[j] = key;
  (*n)++;
}

void keyset_add(KeySet *s, uint64_t key, bool flow) {
  if (flow) set_add(&s->flows, &s->fcap, &s->fn, key);
  else set_add(&s->v, &s->cap, &s->n, key);
}

static bool keyset_has(const KeySet *s, uint64_t key, bool flow) {
  return flow ? set_has(s->flows, s->fcap, key) : set_has(s->v, s->cap, key);
}

void keyset_free(KeySet *s) {
  mem_free(s->v);
  mem_free(s->flows);
  memset(s, 0, sizeof *s);
}

/* ---- which disputes matter ---- */

struct bear_arg {
  WeighBearFn fn;
  void *arg;
  uint32_t dispute;
};

static void bear_slot(void *v, uint64_t key, bool flow) {
  struct bear_arg *x = v;
  x->fn(x->arg, key, flow, x->dispute);
}

void weigh_bearings(Model *m, WeighBearFn fn, void *arg) {
  Program *p = m->p;
  for (uint32_t i = 0; i < p->ndisputes; i++) {
    const Dispute *d = p->disputes[i];
    struct bear_arg x = {fn, arg, i};
    for (uint32_t k = 0; k < d->nouts; k++) {
      const Reach *r = model_reach(m, d->outs[k]);
      for (uint32_t j = 0; j < r->n; j++)
        model_clause_slots(m, p->clauses[r->v[j]], bear_slot, &x);
    }
  }
}

struct dispute_arg {
  const KeySet *s;
  uint8_t *bears;
};

static void dispute_hit(void *v, uint64_t key, bool flow, uint32_t i) {
  struct dispute_arg *x = v;
  if (!x->bears[i] && keyset_has(x->s, key, flow)) x->bears[i] = 1;
}

uint32_t weigh_disputes(Model *m, const KeySet *s, Dispute **out) {
  Program *p = m->p;
  struct dispute_arg x = {s, mem_tcalloc(p->ndisputes + 1, 1)};
  Defer d;
  mem_defer(&d, mem_free_ptr, &x.bears);
  weigh_bearings(m, dispute_hit, &x);
  uint32_t n = 0;
  for (uint32_t i = 0; i < p->ndisputes; i++)
    if (x.bears[i]) out[n++] = p->disputes[i];
  mem_undefer(&d, true);
  return n;
}

/* ---- combinations ---- */

uint64_t weigh_count(Dispute *const *d, uint32_t nd) {
  uint64_t c = 1;
  for (uint32_t i = 0; i < nd; i++) {
    if (!d[i]->nouts) continue;
    if (__builtin_mul_overflow(c, (uint64_t)d[i]->nouts, &c)) return UINT64_MAX;
  }
  return c;
}

bool weigh_each(Dispute *const *d, uint32_t nd, uint64_t max, WeighFn fn,
                void *arg) {
  for (uint32_t i = 0; i < nd; i++)
    if (d[i]->nouts && !d[i]->has_probs) return false;
  uint64_t combos = weigh_count(d, nd);
  if (combos > max) return false;
  uint32_t *idx = mem_tcalloc(nd + 1, sizeof *idx);
  Outcome **chosen = mem_talloc((nd + 1) * sizeof *chosen);
  Defer d1, d2;
  mem_defer(&d1, mem_free_ptr, &idx);
  mem_defer(&d2, mem_free_ptr, &chosen);
  for (uint64_t c = 0; c < combos; c++) {
    unsigned __int128 w = WEIGH_ONE;
    uint32_t n = 0;
    for (uint32_t i = 0; i < nd; i++) {
      if (!d[i]->nouts) continue;
      Outcome *o = d[i]->outs[idx[i]];
      chosen[n++] = o;
      /* prob is in 1e-6 of one: scale down with rounding to nearest */
      w = (w * (uint64_t)o->prob + 500000) / 1000000;
    }
    fn(arg, chosen, n, (uint64_t)w);
    for (uint32_t i = 0; i < nd; i++) {
      if (!d[i]->nouts) continue;
      if (++idx[i] < d[i]->nouts) break;
      idx[i] = 0;
    }
  }
  mem_undefer(&d2, true);
  mem_undefer(&d1, true);
  return true;
}

int64_t weigh_pct_units(uint64_t weight) {
  const uint64_t unit = WEIGH_ONE / LIT_PCT_100;
  return (int64_t)((weight + unit / 2) / unit);
}
