/* model: slot indexes of a program, and what each outcome can change. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "resolve.h"

/* ---- slot maps ---- */

static uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

/* The entry of key in the sorted run, or NULL. */
static SlotEntry *run_find(const SlotMap *m, uint64_t key) {
  uint32_t lo = 0, hi = m->nrun;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (m->run[mid].key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo < m->nrun && m->run[lo].key == key ? &m->run[lo] : NULL;
}

const ClauseVec *model_slot(const SlotMap *m, uint64_t key) {
  if (m->nrun) {
    const SlotEntry *e = run_find(m, key);
    if (e) return &e->cl;
  }
  if (!m->cap) return NULL;
  for (uint32_t j = (uint32_t)mix(key) & (m->cap - 1);; j = (j + 1) & (m->cap - 1)) {
    const SlotEntry *e = &m->e[j];
    if (!e->cl.v) return NULL;
    if (e->key == key) return &e->cl;
  }
}

/* Room for n entries at most three quarters full (short probes). */
static void slot_reserve(SlotMap *m, uint64_t n) {
  uint64_t nc = m->cap ? m->cap : 64;
  while (n * 4 > nc * 3) nc *= 2;
  if (nc == m->cap) return;
  if (nc > UINT32_MAX) mem_throw();
  SlotEntry *ne = mem_calloc(nc, sizeof *ne);
  for (uint32_t i = 0; i < m->cap; i++) {
    SlotEntry *e = &m->e[i];
    if (!e->cl.v) continue;
    uint32_t j = (uint32_t)mix(e->key) & (uint32_t)(nc - 1);
    while (ne[j].cl.v) j = (j + 1) & (uint32_t)(nc - 1);
    ne[j] = *e;
  }
  mem_free(m->e);
  m->e = ne;
  m->cap = (uint32_t)nc;
}

static ClauseVec *slot_get(SlotMap *m, uint64_t key) {
  if (m->nrun) {
    SlotEntry *e = run_find(m, key);
    if (e) return &e->cl;
  }
  slot_reserve(m, (uint64_t)m->count + 1);
  uint32_t j = (uint32_t)mix(key) & (m->cap - 1);
  for (;; j = (j + 1) & (m->cap - 1)) {
    SlotEntry *e = &m->e[j];
    if (!e->cl.v) break;
    if (e->key == key) return &e->cl;
  }
  m->count++;
  m->e[j].key = key;
  return &m->e[j].cl;
}

static void cv_push(Arena *a, ClauseVec *v, Clause *c) {
  if (v->n && v->v[v->n - 1] == c) return;  /* a group listing one member twice */
  VEC_PUSH(a, v->v, v->n, v->cap, c);
}

void model_slot_add(Arena *a, SlotMap *m, uint64_t key, Clause *c) {
  cv_push(a, slot_get(m, key), c);
}

void model_slots_free(SlotMap *m) {
  mem_free(m->e);
  mem_free(m->run);
  memset(m, 0, sizeof *m);
}

void model_slot_keys(const SlotMap *m, uint64_t **v, uint32_t *n,
                     uint32_t *cap) {
  for (uint32_t i = 0; i < m->nrun; i++) MVEC_PUSH(*v, *n, *cap, m->run[i].key);
  for (uint32_t i = 0; i < m->cap; i++)
    if (m->e[i].cl.v) MVEC_PUSH(*v, *n, *cap, m->e[i].key);
}

uint64_t model_slot_key(uint32_t action, const Decl *obj) {
  uint64_t o = obj->kind == K_PRODUCT ? (uint64_t)(uint32_t)obj->index
                                      : (1ull << 32) | (uint32_t)obj->index;
  return ((uint64_t)action << 33) | o;
}

const Decl *model_slot_object(const Program *p, uint64_t key) {
  uint32_t idx = (uint32_t)key;
  if (key & (1ull << 32)) return &p->parties[idx]->h;
  return &p->products[idx]->h;
}

uint64_t model_flow_key(FlowKind k, const Party *p) {
  return ((uint64_t)k << 32) | (uint32_t)(p ? p->h.index : 0x7fffffff);
}

void model_objects(Program *p, const Decl *obj,
                   void (*fn)(void *, const Decl *), void *arg) {
  if (!obj) return;
  if (obj->kind == K_PARTY) {
    fn(arg, obj);
  } else if (obj->kind == K_GROUP) {
    const IdSet *s = resolve_group_set(p, (Group *)obj);
    for (uint32_t i = 0; i < s->n; i++) fn(arg, &p->parties[s->v[i]]->h);
  } else if (obj->kind == K_PRODUCT) {
    /* a product without parts needs no walk (and no allocation) */
    const Product *top = (const Product *)obj;
    if (!top->nkids) {
      fn(arg, obj);
      return;
    }
    uint32_t cap = 16, n = 0;
    const Product **st = mem_talloc(cap * sizeof *st);
    Defer d;
    mem_defer(&d, mem_free_ptr, &st);
    st[n++] = top;
    while (n) {
      const Product *x = st[--n];
      fn(arg, &x->h);
      if (n + x->nkids > cap) {
        while (n + x->nkids > cap) cap *= 2;
        st = mem_realloc(st, cap * sizeof *st);
      }
      for (uint32_t i = x->nkids; i-- > 0;) st[n++] = x->kids[i];
    }
    mem_undefer(&d, true);
  }
}

struct body_slots_arg {
  uint32_t action;
  void (*fn)(void *, uint64_t);
  void *arg;
};

static void body_slot_one(void *v, const Decl *obj) {
  struct body_slots_arg *x = v;
  x->fn(x->arg, model_slot_key(x->action, obj));
}

void model_body_slots(Program *p, const Body *b, const Decl *obj,
                      void (*fn)(void *, uint64_t), void *arg) {
  if (b->is_flow || !b->act || !obj) return;
  struct body_slots_arg x = {(uint32_t)b->act->h.index, fn, arg};
  model_objects(p, obj, body_slot_one, &x);
}

/* ---- indexing ---- */

/* Many clauses at once (a program loaded whole): every (slot, clause) pair
 * is listed, sorted by slot then clause order, and each slot's list made
 * in one piece, its size known.  Inserting them one by one cost a random
 * probe of the map and a growing list per pair: half the time of `deal
 * run` before the first world at a million clauses. */
typedef struct SlotPair {
  uint64_t key;
  Clause *c;
} SlotPair;

typedef struct PairVec {
  SlotPair *v, *tmp;
  uint32_t n, cap;
} PairVec;

static void pairs_free(void *v) {
  PairVec *x = v;
  mem_free(x->v);
  mem_free(x->tmp);
  x->v = x->tmp = NULL;
}

struct index_arg {
  Model *m;
  PairVec *pairs;           /* NULL: straight into the map */
  Clause *c;
};

static void index_one(void *v, uint64_t key) {
  struct index_arg *x = v;
  if (x->pairs) {
    SlotPair sp = {key, x->c};
    TVEC_PUSH(x->pairs->v, x->pairs->n, x->pairs->cap, sp);
  } else {
    model_slot_add(&x->m->arena, &x->m->norms, key, x->c);
  }
}

/* The clauses from `from` on: flows into their map, norms by index_one. */
static void index_clauses(Model *m, uint32_t from, PairVec *pairs) {
  Program *p = m->p;
  for (uint32_t i = from; i < p->nclauses; i++) {
    Clause *c = p->clauses[i];
    if (!c->agr) continue;
    Body *b = c->body;
    if (b->is_flow) {
      model_slot_add(&m->arena, &m->flows, model_flow_key(b->fk, b->fp), c);
    } else {
      struct index_arg x = {m, pairs, c};
      model_body_slots(p, b, b->obj, index_one, &x);
    }
  }
}

/* By key, stably (so in clause order within a key): least significant 16
 * bits first, a pass skipped where every key has the same digit. */
static void sort_pairs(PairVec *x) {
  enum { BITS = 16, NB = 1 << BITS };
  uint32_t n = x->n;
  if (n < 2) return;
  x->tmp = mem_talloc((size_t)n * sizeof *x->tmp);
  uint32_t *count = mem_talloc(NB * sizeof *count);
  Defer d;
  mem_defer(&d, mem_free_ptr, &count);
  SlotPair *a = x->v, *b = x->tmp;
  for (unsigned shift = 0; shift < 64; shift += BITS) {
    memset(count, 0, NB * sizeof *count);
    for (uint32_t i = 0; i < n; i++) count[(a[i].key >> shift) & (NB - 1)]++;
    if (count[(a[0].key >> shift) & (NB - 1)] == n) continue;
    uint32_t sum = 0;
    for (uint32_t k = 0; k < NB; k++) {
      uint32_t c = count[k];
      count[k] = sum;
      sum += c;
    }
    for (uint32_t i = 0; i < n; i++) b[count[(a[i].key >> shift) & (NB - 1)]++] = a[i];
    SlotPair *t = a;
    a = b;
    b = t;
  }
  mem_undefer(&d, true);
  if (a != x->v) {  /* the sorted ones are in tmp: swap the buffers */
    x->tmp = x->v;
    x->v = a;
  }
  mem_free(x->tmp);
  x->tmp = NULL;
}

static void index_bulk(Model *m, uint32_t from) {
  PairVec x = {0};
  Defer d;
  mem_defer(&d, pairs_free, &x);
  index_clauses(m, from, &x);
  sort_pairs(&x);
  uint64_t keys = 0;
  for (uint32_t i = 0; i < x.n; i++) keys += !i || x.v[i].key != x.v[i - 1].key;
  /* into an empty map: the sorted run, in key order; else the table,
   * grown once to its size */
  SlotMap *sm = &m->norms;
  bool run = !sm->count && !sm->nrun && keys;
  if (run) sm->run = mem_alloc(keys * sizeof *sm->run);
  else slot_reserve(sm, sm->count + keys);
  for (uint32_t i = 0, k; i < x.n; i = k) {
    /* the pairs of one slot: its clauses, each once */
    uint32_t r = 1;
    for (k = i + 1; k < x.n && x.v[k].key == x.v[i].key; k++)
      r += x.v[k].c != x.v[k - 1].c;
    ClauseVec *cv;
    if (run) {
      sm->run[sm->nrun] = (SlotEntry){x.v[i].key, {0}};
      cv = &sm->run[sm->nrun++].cl;
    } else {
      cv = slot_get(sm, x.v[i].key);
    }
    if (!cv->n) {
      cv->v = arena_alloc(&m->arena, r * sizeof *cv->v);
      cv->cap = r;
    }
    for (uint32_t j = i; j < k; j++) cv_push(&m->arena, cv, x.v[j].c);
  }
  mem_undefer(&d, true);
}

enum { INDEX_BULK = 1024 };

static void index_free(Model *m);

void model_sync(Model *m) {
  Program *p = m->p;
  if (p->nclauses - m->indexed >= INDEX_BULK) index_bulk(m, m->indexed);
  else index_clauses(m, m->indexed, NULL);
  m->indexed = p->nclauses;
  index_free(m);  /* what outcomes can change may have changed */
}

Model *model_new(Program *p) {
  Model *m = mem_calloc(1, sizeof *m);
  Defer d;
  mem_defer(&d, (void (*)(void *))model_free, m);
  m->p = p;
  arena_init(&m->arena);
  model_sync(m);
  mem_undefer(&d, false);
  return m;
}

void model_free(Model *m) {
  if (!m) return;
  model_slots_free(&m->norms);
  model_slots_free(&m->flows);
  index_free(m);
  arena_free(&m->arena);
  mem_free(m->fact_override);
  mem_free(m);
}

bool model_set_fact(Model *m, const char *name, bool value) {
  Program *p = m->p;
  Name *n = intern_find(&p->names, name, strlen(name));
  if (!n || !n->decl || n->decl->kind != K_FACT) return false;
  if (m->nfact_override < p->nfacts) {
    m->fact_override = mem_realloc(m->fact_override, p->nfacts);
    memset(m->fact_override + m->nfact_override, 0,
           p->nfacts - m->nfact_override);
    m->nfact_override = p->nfacts;
  }
  m->fact_override[n->decl->index] = value ? 2 : 1;
  return true;
}

bool model_fact(const Model *m, uint32_t i) {
  if (i < m->nfact_override && m->fact_override[i])
    return m->fact_override[i] == 2;
  return m->p->facts[i]->value;
}

/* ---- what an outcome can change ----
 *
 * A clause's reading in a world is its statement (as written, amended or
 * construed), its tier, its activity and the `overrides` chains it
 * starts.  An outcome o can change, in any world choosing it:
 *  - the clauses it acts on (uphold, void, construe, amend) and its own
 *    clauses, orders and flows;
 *  - every clause with a reading whose condition names a fact o sets (an
 *    outcome's own clause too: its activity in a world with o and that
 *    outcome);
 *  - every clause whose chain can run through a clause whose list o
 *    changes (an amendment with `overrides`), or through o's own clauses,
 *    which only worlds choosing o have (LANGUAGE.md section 6, rule 4).
 *    The chains are those of the union of every world's relation: the
 *    declared lists and every outcome's amended ones.
 * A clause none of this reaches reads the same with and without o. */

typedef struct Readings {   /* the amendments and constructions of a clause */
  const Stmt **v;
  uint32_t n;
} Readings;

/* A relation from clause to clause (or statement), as pairs sorted by
 * `to`: memory for the edges there are, not for every clause. */
typedef struct Edge {
  int32_t to, from;
} Edge;

typedef struct Reading {
  int32_t clause;
  const Stmt *st;
} Reading;

struct ModelIndex {
  /* clauses with a reading whose condition names fact f:
   * fclause[fstart[f] .. fstart[f + 1]) */
  uint32_t *fstart;
  int32_t *fclause;
  /* (c, x): the list of x (declared or amended) names c */
  Edge *rev;
  uint32_t nrev, caprev;
  /* (c, st): statement st reads clause c otherwise (amend, construe) */
  Reading *reads;
  uint32_t nreads, capreads;
};

static void ix_free(ModelIndex *ix);

static void index_free(Model *m) {
  ix_free(m->ix);
  m->ix = NULL;
  for (uint32_t i = 0; i < m->nreach; i++) mem_free(m->reach[i].v);
  mem_free(m->reach);
  m->reach = NULL;
  m->nreach = 0;
}

static void cond_facts(const Cond *c, void (*fn)(void *, int32_t), void *arg) {
  /* conditions nest at most PARSE_MAX_PARENS deep (resolve checks) */
  if (!c) return;
  if (c->k == C_FACT) {
    if (c->fact.d) fn(arg, c->fact.d->index);
    return;
  }
  for (uint32_t i = 0; i < c->n; i++) cond_facts(c->kids[i], fn, arg);
}

/* Facts to clauses, in two passes over the same walk: pass 0 counts into
 * start[f + 1], pass 1 fills at start[f]++ (shifted back after). */
typedef struct FactFill {
  uint32_t *start;
  int32_t *v;
  int32_t clause;
} FactFill;

static void fact_one(void *v, int32_t f) {
  FactFill *x = v;
  if (x->v) x->v[x->start[f]++] = x->clause;
  else x->start[f + 1]++;
}

static void body_facts(FactFill *x, const Body *b, int32_t clause) {
  if (!b || !b->mods) return;
  x->clause = clause;
  cond_facts(b->mods->if_c, fact_one, x);
  cond_facts(b->mods->unless_c, fact_one, x);
}

/* One pass over every reading's condition: every clause as written, and
 * every outcome's amended statements. */
static void facts_pass(const Program *p, FactFill *x) {
  for (uint32_t i = 0; i < p->nclauses; i++)
    body_facts(x, p->clauses[i]->body, p->clauses[i]->index);
  for (uint32_t k = 0; k < p->noutcomes; k++) {
    const Outcome *o = p->outcomes[k];
    for (uint32_t s = 0; s < o->nst; s++)
      if (o->st[s]->k == S_AMEND && o->st[s]->ref.cl)
        body_facts(x, o->st[s]->body, o->st[s]->ref.cl->index);
  }
}

static int cmp_edge(const void *a, const void *b) {
  const Edge *x = a, *y = b;
  if (x->to != y->to) return x->to < y->to ? -1 : 1;
  return (x->from > y->from) - (x->from < y->from);
}

static int cmp_reading(const void *a, const void *b) {
  int32_t x = ((const Reading *)a)->clause, y = ((const Reading *)b)->clause;
  return (x > y) - (x < y);
}

/* The edges of every world's `overrides` relation (declared lists, and
 * every outcome's amended ones), and the other readings of clauses. */
static void edges_and_readings(const Program *p, ModelIndex *ix) {
  for (uint32_t i = 0; i < p->nclauses; i++) {
    const Clause *c = p->clauses[i];
    for (uint32_t j = 0; j < c->novr; j++)
      MVEC_PUSH(ix->rev, ix->nrev, ix->caprev, ((Edge){c->ovr[j]->index, c->index}));
  }
  for (uint32_t k = 0; k < p->noutcomes; k++) {
    const Outcome *o = p->outcomes[k];
    for (uint32_t s = 0; s < o->nst; s++) {
      const Stmt *st = o->st[s];
      const Clause *c = st->ref.cl;
      if (!c || (st->k != S_AMEND && st->k != S_CONSTRUE)) continue;
      MVEC_PUSH(ix->reads, ix->nreads, ix->capreads, ((Reading){c->index, st}));
      for (uint32_t j = 0; st->k == S_AMEND && j < st->namend_ovr; j++)
        MVEC_PUSH(ix->rev, ix->nrev, ix->caprev,
                  ((Edge){st->amend_ovr[j]->index, c->index}));
    }
  }
  if (ix->nrev) qsort(ix->rev, ix->nrev, sizeof *ix->rev, cmp_edge);
  if (ix->nreads) qsort(ix->reads, ix->nreads, sizeof *ix->reads, cmp_reading);
}

static void ix_free(ModelIndex *ix) {
  if (!ix) return;
  mem_free(ix->fstart);
  mem_free(ix->fclause);
  mem_free(ix->rev);
  mem_free(ix->reads);
  mem_free(ix);
}

/* Built whole, then kept: a model never holds half an index. */
static ModelIndex *index_build(Model *m) {
  if (m->ix) return m->ix;
  Program *p = m->p;
  ModelIndex *ix = mem_calloc(1, sizeof *ix);
  Defer d;
  mem_defer(&d, (void (*)(void *))ix_free, ix);
  uint32_t nf = p->nfacts;
  ix->fstart = mem_calloc(nf + 2, sizeof *ix->fstart);
  FactFill x = {ix->fstart, NULL, 0};
  facts_pass(p, &x);
  for (uint32_t f = 0; f < nf; f++) ix->fstart[f + 1] += ix->fstart[f];
  ix->fclause = mem_alloc((ix->fstart[nf] + 1) * sizeof *ix->fclause);
  x.v = ix->fclause;
  facts_pass(p, &x);
  for (uint32_t f = nf; f > 0; f--) ix->fstart[f] = ix->fstart[f - 1];
  ix->fstart[0] = 0;
  edges_and_readings(p, ix);
  mem_undefer(&d, false);
  m->ix = ix;
  return ix;
}

/* The first edge or reading of clause c: lower bound by `to`/`clause`. */
static uint32_t first_edge(const ModelIndex *ix, int32_t c) {
  uint32_t lo = 0, hi = ix->nrev;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (ix->rev[mid].to < c) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static uint32_t first_reading(const ModelIndex *ix, int32_t c) {
  uint32_t lo = 0, hi = ix->nreads;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (ix->reads[mid].clause < c) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

typedef struct ReachWalk {
  uint8_t *seen;
  int32_t *q;
  uint32_t nq, capq;
} ReachWalk;

static void walk_free(void *v) {
  ReachWalk *w = v;
  mem_free(w->seen);
  mem_free(w->q);
  w->seen = NULL;
  w->q = NULL;
}

static int cmp_i32(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

/* seen[c]: bit 0 in the reach, bit 1 walked as a link of a chain */
static void reach_add(ReachWalk *w, int32_t c) {
  if (w->seen[c] & 1) return;
  w->seen[c] |= 1;
  TVEC_PUSH(w->q, w->nq, w->capq, c);
}

static Reach reach_build(Model *m, const Outcome *o) {
  Program *p = m->p;
  ModelIndex *ix = index_build(m);
  ReachWalk w = {0}, chain = {0};
  Defer d, dc;
  mem_defer(&d, walk_free, &w);
  mem_defer(&dc, walk_free, &chain);
  w.seen = mem_tcalloc(p->nclauses + 1, 1);
  for (uint32_t s = 0; s < o->nst; s++) {
    const Stmt *st = o->st[s];
    /* the seeds of chains: an amended list, an own clause */
    const Clause *seed = st->k == S_AMEND ? st->ref.cl : st->own;
    if (seed) TVEC_PUSH(chain.q, chain.nq, chain.capq, seed->index);
    if (st->k <= S_AMEND && st->ref.cl) reach_add(&w, st->ref.cl->index);
    if (st->own) reach_add(&w, st->own->index);
    if (st->k == S_FACT && st->fact.d) {
      uint32_t f = (uint32_t)st->fact.d->index;
      for (uint32_t i = ix->fstart[f]; i < ix->fstart[f + 1]; i++)
        reach_add(&w, ix->fclause[i]);
    }
  }
  /* every clause whose list names a link of a chain from a seed, back to
   * the clauses that start them */
  while (chain.nq) {
    int32_t y = chain.q[--chain.nq];
    if (w.seen[y] & 2) continue;
    w.seen[y] |= 2;
    for (uint32_t i = first_edge(ix, y); i < ix->nrev && ix->rev[i].to == y; i++) {
      int32_t x = ix->rev[i].from;
      reach_add(&w, x);
      if (!(w.seen[x] & 2)) TVEC_PUSH(chain.q, chain.nq, chain.capq, x);
    }
  }
  mem_undefer(&dc, true);
  if (w.nq) qsort(w.q, w.nq, sizeof *w.q, cmp_i32);
  /* kept by the model: not a temporary */
  Reach r = {mem_alloc((w.nq + 1) * sizeof *r.v), w.nq};
  if (w.nq) memcpy(r.v, w.q, w.nq * sizeof *r.v);
  mem_undefer(&d, true);
  return r;
}

const Reach *model_reach(Model *m, const Outcome *o) {
  Program *p = m->p;
  if (m->nreach < p->noutcomes) {
    m->reach = mem_realloc(m->reach, p->noutcomes * sizeof *m->reach);
    memset(m->reach + m->nreach, 0,
           (p->noutcomes - m->nreach) * sizeof *m->reach);
    m->nreach = p->noutcomes;
  }
  Reach *r = &m->reach[o->h.index];
  if (!r->v) {
    *r = reach_build(m, o);
    if (!r->v) r->v = mem_alloc(sizeof *r->v);  /* built, empty */
  }
  return r;
}

struct clause_slots_arg {
  void (*fn)(void *, uint64_t, bool);
  void *arg;
};

static void clause_slot_one(void *v, uint64_t key) {
  struct clause_slots_arg *x = v;
  x->fn(x->arg, key, false);
}

static void reading_slots(Program *p, const Body *b, const Decl *obj,
                          struct clause_slots_arg *x) {
  if (b->is_flow) x->fn(x->arg, model_flow_key(b->fk, b->fp), true);
  else model_body_slots(p, b, obj, clause_slot_one, x);
}

void model_clause_slots(Model *m, const Clause *c,
                        void (*fn)(void *, uint64_t, bool), void *arg) {
  ModelIndex *ix = index_build(m);
  struct clause_slots_arg x = {fn, arg};
  reading_slots(m->p, c->body, c->body->obj, &x);
  for (uint32_t i = first_reading(ix, c->index);
       i < ix->nreads && ix->reads[i].clause == c->index; i++) {
    const Stmt *st = ix->reads[i].st;
    if (st->k == S_AMEND) reading_slots(m->p, st->body, st->body->obj, &x);
    else reading_slots(m->p, c->body, st->obj.d, &x);
  }
}
