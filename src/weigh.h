/* weigh: combinations of outcomes, one per dispute, weighed by the
 * product of their probabilities (disputes independent, LANGUAGE.md
 * section 6) — for `with probability` and the expected column alike —
 * and which disputes can change what a set of slots says (section 8: the
 * others are left out of the weighing). */
#ifndef DEAL_WEIGH_H
#define DEAL_WEIGH_H
#include "model.h"

/* Weights are exact integers in units of 1e-18 of the whole. */
#define WEIGH_ONE 1000000000000000000ull
/* At most this many combinations of the disputes that remain. */
#define WEIGH_MAX_COMBOS 65536

/* A set of slot keys (norms) and flow keys a question depends on. */
typedef struct KeySet {
  uint64_t *v;              /* open addressing, UINT64_MAX empty */
  uint32_t cap, n;
  uint64_t *flows;          /* the same for flow keys */
  uint32_t fcap, fn;
} KeySet;
void keyset_add(KeySet *s, uint64_t key, bool flow);
void keyset_free(KeySet *s);

/* Which disputes can change what a key says: fn(arg, key, flow, i) for
 * every slot key (flow: flow key) where some outcome of dispute i can
 * read a clause otherwise (model_reach), possibly more than once. */
typedef void (*WeighBearFn)(void *arg, uint64_t key, bool flow, uint32_t i);
void weigh_bearings(Model *m, WeighBearFn fn, void *arg);
/* The disputes that can change something in s, in declaration order,
 * into out[] (room for p->ndisputes). */
uint32_t weigh_disputes(Model *m, const KeySet *s, Dispute **out);

/* Calls fn for every combination of one outcome of each dispute d[0..nd)
 * (the first counting fastest), with its weight; false (and nothing
 * called) when some dispute has no probabilities or there are more than
 * max combinations.  A combination's weight is the product of its
 * outcomes' probabilities, rounded to the unit at each step. */
typedef void (*WeighFn)(void *arg, Outcome *const *chosen, uint32_t n,
                        uint64_t weight);
bool weigh_each(Dispute *const *d, uint32_t nd, uint64_t max, WeighFn fn,
                void *arg);
/* How many combinations d[0..nd) has (saturating at UINT64_MAX). */
uint64_t weigh_count(Dispute *const *d, uint32_t nd);
/* A weight in percent units (1% = 10000), rounded. */
int64_t weigh_pct_units(uint64_t weight);

#endif
