/* rundata: the data of a `deal run` report, computed once. */
#include "rundata.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "literal.h"
#include "print.h"
#include "resolve.h"

/* ---- small helpers ---- */

/* Growable arrays outside the arena (no copies left behind when they
 * grow); RunData frees them. */

static const Decl *slot_object(Program *p, uint64_t key) {
  uint32_t idx = (uint32_t)key;
  if (key & (1ull << 32)) return &p->parties[idx]->h;
  return &p->products[idx]->h;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

static int cmp_i32(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

static void collect_slots(const SlotMap *m, uint64_t **v, uint32_t *n,
                          uint32_t *cap) {
  for (uint32_t i = 0; i < m->nrun; i++) {
    if (*n == *cap) {
      *cap = *cap ? *cap * 2 : 256;
      *v = mem_realloc(*v, *cap * sizeof **v);
    }
    (*v)[(*n)++] = m->run[i].key;
  }
  for (uint32_t i = 0; i < m->cap; i++) {
    if (!m->e[i].cl.v) continue;
    if (*n == *cap) {
      *cap = *cap ? *cap * 2 : 256;
      *v = mem_realloc(*v, *cap * sizeof **v);
    }
    (*v)[(*n)++] = m->e[i].key;
  }
}

static bool is_perm(Status s) { return s == ST_PERMITTED || s == ST_REQUIRED; }

static const RunAlt *slot_alt(const RunSlot *s, uint32_t world) {
  uint32_t lo = 0, hi = s->nalt;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (s->alt[mid].world < world) lo = mid + 1;
    else hi = mid;
  }
  return lo < s->nalt && s->alt[lo].world == world ? &s->alt[lo] : NULL;
}

const uint8_t *rundata_slot_st(const RunSlot *s, uint32_t world) {
  if (world && s->nalt) {
    const RunAlt *a = slot_alt(s, world);
    if (a) return a->st;
  }
  return rundata_slot_st0(s);
}

bool rundata_slot_same(const RunData *d, const RunSlot *s, uint32_t world) {
  if (!world) return true;
  if (d->worlds[world].anew) return false;
  return !s->nalt || !slot_alt(s, world);
}

Status rundata_slot_status(const RunSlot *s, int32_t j, uint32_t world) {
  return (Status)(rundata_slot_st(s, world)[j >= 0 ? (uint32_t)j : s->np] & 3);
}

Status rundata_status(const RunData *d, const RunRow *r, uint32_t world) {
  (void)d;
  return rundata_slot_status(r->s, r->j, world);
}

bool rundata_row_covered(const RunData *d, const RunRow *r, uint32_t world) {
  (void)d;
  const RunSlot *s = r->s;
  return (rundata_slot_st(s, world)[r->j >= 0 ? (uint32_t)r->j : s->np] &
          RUN_COVERED) != 0;
}

/* ---- the parties a slot names ---- */

typedef struct Scratch {
  uint32_t *stamp;
  uint32_t mark;
  int32_t *parties;
  uint32_t np, cap;
  Group **among;
  uint32_t namong, capamong;
  bool market;
} Scratch;

static void add_party(Scratch *x, int32_t id) {
  if (x->stamp[id] == x->mark) return;
  x->stamp[id] = x->mark;
  if (x->np == x->cap) {
    x->cap = x->cap ? x->cap * 2 : 64;
    x->parties = mem_realloc(x->parties, x->cap * sizeof *x->parties);
  }
  x->parties[x->np++] = id;
}

static void add_among(Scratch *x, Group *g) {
  for (uint32_t i = 0; i < x->namong; i++)
    if (x->among[i] == g) return;
  if (x->namong == x->capamong) {
    x->capamong = x->capamong ? x->capamong * 2 : 4;
    x->among = mem_realloc(x->among, x->capamong * sizeof *x->among);
  }
  x->among[x->namong++] = g;
}

static void scan_body(Scratch *x, const Body *b, const Decl *obj,
                      const Decl *written) {
  for (uint32_t j = 0; j < b->subjects.n; j++) add_party(x, b->subjects.v[j]);
  Group *g = b->only && b->has_among ? body_among(b) : NULL;
  if (g) {
    for (uint32_t j = 0; j < g->set.n; j++) add_party(x, g->set.v[j]);
    add_among(x, g);
  }
  if (obj->kind == K_PRODUCT && written == obj) x->market = true;
}

/* Parties the slot's clauses name in any world, plus the owner: only the
 * first world and the worlds wl[] that read the slot anew can add clauses
 * of their own to it (in world order, as the among groups are listed). */
static void slot_parties(Model *m, World **ws, const uint32_t *wl,
                         uint32_t nwl, uint64_t key, const Decl *obj,
                         Scratch *x) {
  x->np = 0;
  x->namong = 0;
  x->market = false;
  x->mark++;
  const ClauseVec *base = eval_slot(&m->norms, key);
  for (uint32_t i = 0; base && i < base->n; i++)
    scan_body(x, base->v[i]->body, obj, base->v[i]->body->obj);
  for (uint32_t v = 0; v <= nwl; v++) {
    uint32_t k = v ? wl[v - 1] : 0;
    const ClauseVec *ex = eval_slot(&ws[k]->extra, key);
    for (uint32_t i = 0; ex && i < ex->n; i++) {
      const Clause *c = ex->v[i];
      const Effect *e = eval_effect(ws[k], c);
      const Body *b = eval_body(ws[k], c);
      scan_body(x, b, obj, e && e->construe && !e->amend ? e->construe : b->obj);
    }
  }
  if (obj->kind == K_PRODUCT && ((const Product *)obj)->own)
    add_party(x, ((const Product *)obj)->own->h.index);
  if (x->np) qsort(x->parties, x->np, sizeof *x->parties, cmp_i32);
}

/* ---- reuse between worlds ----
 * A slot reads the same in two worlds when neither touches its clauses
 * (no outcome clause, void, uphold, construe or amendment on it), each of
 * its clauses is active in both or in neither, and none of its clauses
 * reaches, through `overrides`, a list that an amendment in either world
 * changes (which could change a chain).  Then every key of the slot has
 * the same norms, tiers and defeats in both.  So a world other than the
 * first is evaluated only on the slots it may read differently. */

static bool world_changes_overrides(const World *w) {
  for (uint32_t i = 0; i < w->touched.n; i++) {
    const Clause *c = w->touched.v[i];
    const Effect *e = eval_effect(w, c);
    if (e && e->amend && (e->amend->namend_ovr || c->novr)) return true;
  }
  return false;
}

/* The slots where world b may read differently from world a: those of
 * every agreement clause that either touches, or whose activity differs
 * (facts set by an outcome), or whose chain runs through a changed list;
 * outcome clauses and the amended or construed statements are in the
 * worlds' own slots, added apart.  A set of slot keys. */
typedef struct Affected {
  uint64_t *keys;           /* open addressing, UINT64_MAX empty */
  uint32_t cap, n;
  bool all;                 /* every slot (the dates differ) */
  const World *a, *b;
} Affected;

/* The hash of eval.c's slot maps (prefetch_step looks entries up). */
static uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

static void aff_add(Affected *af, uint64_t key) {
  if ((af->n + 1) * 2 > af->cap) {
    uint32_t nc = af->cap ? af->cap * 2 : 64;
    uint64_t *nk = mem_alloc(nc * sizeof *nk);
    memset(nk, 0xff, nc * sizeof *nk);
    for (uint32_t i = 0; i < af->cap; i++) {
      if (af->keys[i] == UINT64_MAX) continue;
      uint32_t j = (uint32_t)mix64(af->keys[i]) & (nc - 1);
      while (nk[j] != UINT64_MAX) j = (j + 1) & (nc - 1);
      nk[j] = af->keys[i];
    }
    mem_free(af->keys);
    af->keys = nk;
    af->cap = nc;
  }
  uint32_t j = (uint32_t)mix64(key) & (af->cap - 1);
  while (af->keys[j] != UINT64_MAX) {
    if (af->keys[j] == key) return;
    j = (j + 1) & (af->cap - 1);
  }
  af->keys[j] = key;
  af->n++;
}

struct aff_arg {
  Affected *af;
  uint32_t action;
};

static void aff_object(void *v, const Decl *obj) {
  struct aff_arg *x = v;
  aff_add(x->af, eval_slot_key(x->action, obj));
}

/* Agreement norm clauses by the facts their conditions name, so that a
 * world that sets a fact is compared on those clauses only. */
typedef struct FactIndex {
  uint32_t *start;          /* clauses of fact f: idx[start[f] .. start[f+1]) */
  const Clause **idx;
  /* and, built on first use, the clauses that override each clause:
   * rby[rstart[c] .. rstart[c+1]), with a visit mark per clause */
  uint32_t *rstart;
  const Clause **rby;
  uint32_t *seen, stamp;
} FactIndex;

static void cond_facts(const Cond *c, void (*fn)(void *, int32_t), void *arg,
                       int depth) {
  if (!c || depth > 300) return;
  if (c->k == C_FACT) {
    if (c->fact.d) fn(arg, c->fact.d->index);
    return;
  }
  for (uint32_t i = 0; i < c->n; i++) cond_facts(c->kids[i], fn, arg, depth + 1);
}

struct fx_arg {
  FactIndex *fx;
  const Clause *c;
  bool fill;
};

static void fx_one(void *v, int32_t f) {
  struct fx_arg *x = v;
  if (x->fill) x->fx->idx[x->fx->start[f]++] = x->c;
  else x->fx->start[f + 1]++;
}

/* Built on first use: only worlds whose facts differ need it. */
static void fx_build(FactIndex *fx, Program *p) {
  if (fx->start) return;
  fx->start = mem_calloc(p->nfacts + 2, sizeof *fx->start);
  for (int pass = 0; pass < 2; pass++) {
    for (uint32_t i = 0; i < p->nclauses; i++) {
      const Clause *c = p->clauses[i];
      const Body *b = c->body;
      if (!c->agr || b->is_flow || !b->mods) continue;
      struct fx_arg x = {fx, c, pass == 1};
      cond_facts(b->mods->if_c, fx_one, &x, 0);
      cond_facts(b->mods->unless_c, fx_one, &x, 0);
    }
    if (pass == 0) {
      for (uint32_t f = 0; f < p->nfacts; f++) fx->start[f + 1] += fx->start[f];
      fx->idx = mem_alloc((fx->start[p->nfacts] + 1) * sizeof *fx->idx);
    } else {
      /* the fill advanced each start to the next: shift back */
      for (uint32_t f = p->nfacts; f > 0; f--) fx->start[f] = fx->start[f - 1];
      fx->start[0] = 0;
    }
  }
}

static void fx_free(FactIndex *fx) {
  mem_free(fx->start);
  mem_free(fx->idx);
  mem_free(fx->rstart);
  mem_free(fx->rby);
  mem_free(fx->seen);
}

static void aff_clause(Affected *af, Program *p, const Clause *c) {
  const Body *bd = c->body;
  if (!c->agr || bd->is_flow || !bd->act || !bd->obj) return;
  struct aff_arg x = {af, (uint32_t)bd->act->h.index};
  eval_objects(p, bd->obj, aff_object, &x);
}

static void rev_build(FactIndex *fx, Program *p) {
  uint32_t n = p->nclauses;
  fx->rstart = mem_calloc(n + 2, sizeof *fx->rstart);
  for (uint32_t i = 0; i < n; i++) {
    const Clause *x = p->clauses[i];
    for (uint32_t j = 0; j < x->novr; j++) fx->rstart[x->ovr[j]->index + 1]++;
  }
  for (uint32_t i = 0; i < n; i++) fx->rstart[i + 1] += fx->rstart[i];
  fx->rby = mem_alloc((fx->rstart[n] + 1) * sizeof *fx->rby);
  uint32_t *fill = mem_calloc(n + 1, sizeof *fill);
  for (uint32_t i = 0; i < n; i++) {
    const Clause *x = p->clauses[i];
    for (uint32_t j = 0; j < x->novr; j++) {
      uint32_t y = (uint32_t)x->ovr[j]->index;
      fx->rby[fx->rstart[y] + fill[y]++] = x;
    }
  }
  mem_free(fill);
  fx->seen = mem_calloc(n + 1, sizeof *fx->seen);
}

static bool changes_overrides(const World *w, const Clause *c) {
  const Effect *e = eval_effect(w, c);
  return e && e->amend && (e->amend->namend_ovr || c->novr);
}

struct chain_q {
  const Clause **v;
  uint32_t n, cap;
};

static void chain_push(FactIndex *fx, struct chain_q *q, const Clause *c) {
  if (fx->seen[c->index] == fx->stamp) return;
  fx->seen[c->index] = fx->stamp;
  if (q->n == q->cap) {
    q->cap = q->cap ? q->cap * 2 : 64;
    q->v = mem_realloc(q->v, q->cap * sizeof *q->v);
  }
  q->v[q->n++] = c;
}

/* An amendment that changes a clause's `overrides` list changes the chain
 * of every clause that reaches it: the slots of those clauses (the
 * amended one included) may read differently.  The changed lists are
 * those of the seed worlds; a chain may run through the declared lists
 * and the amended lists of every edge world (of the worlds compared, or
 * of every world that may be combined).  A clause that reaches no
 * changed list walks the same chain in every one of them. */
static void aff_chains(Affected *af, Program *p, FactIndex *fx,
                       const World *const *sw, uint32_t ns,
                       const World *const *ew, uint32_t ne) {
  if (!fx->rstart) rev_build(fx, p);
  fx->stamp++;
  struct chain_q q = {0};
  for (uint32_t k = 0; k < ns; k++)
    for (uint32_t i = 0; i < sw[k]->touched.n; i++)
      if (changes_overrides(sw[k], sw[k]->touched.v[i]))
        chain_push(fx, &q, sw[k]->touched.v[i]);
  for (uint32_t h = 0; h < q.n; h++) {
    const Clause *y = q.v[h];
    aff_clause(af, p, y);
    for (uint32_t i = fx->rstart[y->index]; i < fx->rstart[y->index + 1]; i++)
      chain_push(fx, &q, fx->rby[i]);
    for (uint32_t k = 0; k < ne; k++)
      for (uint32_t i = 0; i < ew[k]->touched.n; i++) {
        const Clause *x = ew[k]->touched.v[i];
        const Effect *e = eval_effect(ew[k], x);
        if (!e || !e->amend) continue;
        for (uint32_t j = 0; j < e->amend->namend_ovr; j++)
          if (e->amend->amend_ovr[j] == y) chain_push(fx, &q, x);
      }
  }
  mem_free(q.v);
}

static void aff_build(Affected *af, Program *p, FactIndex *fx,
                      const World *a, const World *b) {
  memset(af, 0, sizeof *af);
  af->a = a;
  af->b = b;
  if (a == b) return;
  if (a->date != b->date) {
    af->all = true;
    return;
  }
  /* clauses an outcome acts on */
  for (uint32_t i = 0; i < a->touched.n; i++) aff_clause(af, p, a->touched.v[i]);
  for (uint32_t i = 0; i < b->touched.n; i++) aff_clause(af, p, b->touched.v[i]);
  /* clauses whose condition names a fact that differs */
  for (uint32_t f = 0; f < p->nfacts; f++) {
    if (a->facts[f] == b->facts[f]) continue;
    fx_build(fx, p);
    for (uint32_t i = fx->start[f]; i < fx->start[f + 1]; i++) {
      const Clause *c = fx->idx[i];
      if (eval_clause_active(a, c, c->body) != eval_clause_active(b, c, c->body))
        aff_clause(af, p, c);
    }
  }
  /* chains through a changed `overrides` list */
  if (world_changes_overrides(a) || world_changes_overrides(b)) {
    const World *ab[2] = {a, b};
    aff_chains(af, p, fx, ab, 2, ab, 2);
  }
}

/* The slots that world b (the status quo a with one outcome) may read
 * differently from a in any combination with outcomes of other disputes
 * (all the worlds ow[]), but for the conditions on facts: those of the
 * clauses it acts on, of the chains through a list it changes (wherever
 * any outcome puts their clauses), and its own slots. */
static void aff_outcome(Affected *af, Program *p, FactIndex *fx,
                        const World *a, const World *b,
                        const World *const *ow, uint32_t now) {
  memset(af, 0, sizeof *af);
  af->a = a;
  af->b = b;
  for (uint32_t i = 0; i < b->touched.n; i++) aff_clause(af, p, b->touched.v[i]);
  if (world_changes_overrides(b)) {
    aff_chains(af, p, fx, &b, 1, ow, now);
    /* the clauses of the chains where outcomes put them (outcome clauses,
     * amended and construed ones): marked seen by the walk */
    for (uint32_t j = 0; j < now; j++)
      for (uint32_t i = 0; i < ow[j]->extra.cap; i++) {
        const SlotEntry *e = &ow[j]->extra.e[i];
        for (uint32_t k = 0; e->cl.v && k < e->cl.n; k++)
          if (fx->seen[e->cl.v[k]->index] == fx->stamp) {
            aff_add(af, e->key);
            break;
          }
      }
  }
  for (uint32_t i = 0; i < b->extra.cap; i++)
    if (b->extra.e[i].cl.v) aff_add(af, b->extra.e[i].key);
}

static void aff_free(Affected *af) {
  mem_free(af->keys);
  af->keys = NULL;
}

/* ---- rows ---- */

/* Is party j of a slot a row: its status in the first world (st0) and in
 * the worlds that read the slot anew (alts, stride apart); every other
 * world reads as the first. */
static bool wanted(const uint8_t *st0, const uint8_t *alts, uint32_t nalt,
                   uint32_t stride, uint32_t j, RunRowsMode mode) {
  uint8_t s0 = st0[j] & 3;
  bool covered = (st0[j] & RUN_COVERED) != 0, differs = s0 == ST_CONTESTED;
  for (uint32_t a = 0; a < nalt; a++) {
    uint8_t v = alts[(size_t)a * stride + j];
    covered |= (v & RUN_COVERED) != 0;
    if ((v & 3) != s0) differs = true;
  }
  return mode == RUN_ROWS_ALL ? covered || differs : differs;
}


/* A slot key and a world that reads it anew. */
typedef struct KeyWorld {
  uint64_t key;
  uint32_t world;
} KeyWorld;

static int cmp_kw(const void *a, const void *b) {
  const KeyWorld *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return (x->world > y->world) - (x->world < y->world);
}

typedef struct KwVec {
  KeyWorld *v;
  uint32_t n, cap;
} KwVec;

static void kw_push(KwVec *v, uint64_t key, uint32_t world) {
  if (v->n == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 256;
    v->v = mem_realloc(v->v, (size_t)v->cap * sizeof *v->v);
  }
  v->v[v->n++] = (KeyWorld){key, world};
}

static void kw_extra(KwVec *v, const World *w, uint32_t world) {
  for (uint32_t i = 0; i < w->extra.cap; i++)
    if (w->extra.e[i].cl.v) kw_push(v, w->extra.e[i].key, world);
}

/* The slots each world may read differently from the first (the keys of
 * its Affected set and the worlds' own slots), as (key, world) pairs
 * sorted by key; a world that may read every slot differently is marked
 * anew instead. */
static void anew_pairs(RunData *d, World **ws, uint32_t nw,
                       FactIndex *fx, KwVec *kw) {
  for (uint32_t k = 1; k < nw; k++) {
    if (ws[k] == ws[0]) continue;
    Affected af;
    aff_build(&af, d->p, fx, ws[0], ws[k]);
    if (af.all) {
      d->worlds[k].anew = true;
    } else {
      for (uint32_t i = 0; i < af.cap; i++)
        if (af.keys[i] != UINT64_MAX) kw_push(kw, af.keys[i], k);
      kw_extra(kw, ws[k], k);
      kw_extra(kw, ws[0], k);
    }
    aff_free(&af);
  }
  if (kw->n) qsort(kw->v, kw->n, sizeof *kw->v, cmp_kw);
}

/* Status and coverage in one byte. */
static void pack(uint8_t *out, const Status *st, const bool *cov, uint32_t np,
                 Status rest, bool rcov) {
  for (uint32_t j = 0; j < np; j++)
    out[j] = (uint8_t)((uint8_t)st[j] | (cov[j] ? RUN_COVERED : 0));
  out[np] = (uint8_t)((uint8_t)rest | (rcov ? RUN_COVERED : 0));
}

/* The slots are walked in key order, their clauses lie all over the
 * program: ask for what the slots a few steps ahead will read (the map's
 * entry, the clause list, the clauses, their bodies), so that the walk
 * does not wait on memory at every step.  ring[] keeps the lists of the
 * next slots. */
typedef struct Prefetch {
  const SlotMap *m;
  const uint64_t *keys;
  uint32_t n;
  const ClauseVec *ring[16];
} Prefetch;

static void prefetch_init(Prefetch *pf, const SlotMap *m, const uint64_t *keys,
                          uint32_t n) {
  memset(pf, 0, sizeof *pf);
  pf->m = m;
  pf->keys = keys;
  pf->n = n;
  for (uint32_t i = 0; i < 8 && i < n && (m->cap || m->nrun); i++)
    pf->ring[i] = eval_slot(m, keys[i]);
}

static void prefetch_step(Prefetch *pf, uint32_t i) {
  const SlotMap *m = pf->m;
  if (!m->cap && !m->nrun) return;
  if (i + 16 < pf->n && m->cap)
    __builtin_prefetch(&m->e[(uint32_t)mix64(pf->keys[i + 16]) & (m->cap - 1)]);
  if (i + 8 < pf->n) {
    const ClauseVec *v = pf->ring[(i + 8) & 15] = eval_slot(m, pf->keys[i + 8]);
    if (v) __builtin_prefetch(v->v);
  }
  const ClauseVec *v = i + 4 < pf->n ? pf->ring[(i + 4) & 15] : NULL;
  for (uint32_t j = 0; v && j < v->n && j < 16; j++) __builtin_prefetch(v->v[j]);
  v = i + 2 < pf->n ? pf->ring[(i + 2) & 15] : NULL;
  for (uint32_t j = 0; v && j < v->n && j < 16; j++) {
    const Clause *c = v->v[j];
    const Body *b = c->body;
    if (c->agr) __builtin_prefetch(&c->agr->signed_d);
    __builtin_prefetch(b);
    __builtin_prefetch((const char *)b + 64);
    __builtin_prefetch((const char *)b + 128);
    __builtin_prefetch((const char *)b + 192);
  }
  v = i + 1 < pf->n ? pf->ring[(i + 1) & 15] : NULL;
  for (uint32_t j = 0; v && j < v->n && j < 16; j++) {
    const Body *b = v->v[j]->body;
    __builtin_prefetch(b->subjects.v);
    if (b->mods) __builtin_prefetch(b->mods);
  }
}

/* What one thread makes of a run of slots, in key order: the slots' blocks
 * (in its arena), the slots, the markets and the rows. */
typedef struct SlotOut {
  Arena *arena;
  RunSlot **slots;
  uint32_t nslots, capslots;
  RunSlot **markets;
  uint32_t nmarkets, capmarkets;
  RunRow *rows;
  uint32_t nrows, caprows;
} SlotOut;

/* The slots keys[from..to) — what every thread reads, and its own. */
typedef struct SlotJob {
  const RunData *d;
  World **ws;
  uint32_t nw;
  RunRowsMode rows;
  const uint64_t *keys;
  uint32_t from, to;
  const KwVec *kw;
  const uint32_t *all;      /* the worlds that read every slot anew */
  uint32_t nall;
  EvalScratch *ex;
  SlotOut out;
} SlotJob;

static void push_row(SlotOut *o, RunSlot *s, int32_t j, int32_t party,
                     uint32_t nrest) {
  RunRow r = {s, j, party, nrest, -1};
  MVEC_PUSH(o->rows, o->nrows, o->caprows, r);
}

/* The temporaries of slots_range, freed on the way out of an unwind too. */
typedef struct SlotTmp {
  uint32_t *wl;
  Scratch x;
  uint8_t *named;
  Status *grid;
  bool *gcov;
  uint8_t *st0, *alts;
} SlotTmp;

static void slot_tmp_free(SlotTmp *t) {
  mem_free(t->wl);
  mem_free(t->x.stamp);
  mem_free(t->x.parties);
  mem_free(t->x.among);
  mem_free(t->named);
  mem_free(t->grid);
  mem_free(t->gcov);
  mem_free(t->st0);
  mem_free(t->alts);
  memset(t, 0, sizeof *t);
}

static void slots_range_in(SlotJob *j, SlotTmp *t) {
  if (j->from >= j->to) return;  /* no slot (keys may be NULL) */
  const RunData *d = j->d;
  Model *m = d->m;
  Program *p = d->p;
  World **ws = j->ws;
  const uint64_t *keys = j->keys;
  const KwVec *kw = j->kw;
  SlotOut *o = &j->out;
  uint32_t *wl = t->wl = mem_alloc((j->nw ? j->nw : 1) * sizeof *wl);
  Scratch *x = &t->x;
  x->stamp = mem_calloc(p->nparties + 1, sizeof *x->stamp);
  uint8_t *named = t->named = mem_calloc(p->nparties + 1, 1);
  uint32_t cgrid = 0;
  size_t calts = 0;
  /* the first pair of this run's keys */
  uint32_t q = 0, hi = kw->n;
  while (q < hi) {
    uint32_t mid = q + (hi - q) / 2;
    if (kw->v[mid].key < keys[j->from]) q = mid + 1;
    else hi = mid;
  }
  Prefetch pf;
  prefetch_init(&pf, &m->norms, keys + j->from, j->to - j->from);
  for (uint32_t i = j->from; i < j->to; i++) {
    prefetch_step(&pf, i - j->from);
    if (i > j->from && keys[i] == keys[i - 1]) continue;
    uint64_t key = keys[i];
    const Action *act = p->actions[key >> 33];
    const Decl *obj = slot_object(p, key & ((1ull << 33) - 1));
    /* the worlds that read this slot anew, in order: merge the pairs of
     * this key with the worlds that read every slot anew */
    while (q < kw->n && kw->v[q].key < key) q++;
    uint32_t nwl = 0, a = 0;
    for (; q < kw->n && kw->v[q].key == key; q++) {
      uint32_t k = kw->v[q].world;
      while (a < j->nall && j->all[a] < k) wl[nwl++] = j->all[a++];
      if (a < j->nall && j->all[a] == k) a++;
      if (!nwl || wl[nwl - 1] != k) wl[nwl++] = k;
    }
    while (a < j->nall) wl[nwl++] = j->all[a++];
    slot_parties(m, ws, wl, nwl, key, obj, x);
    uint32_t np = x->np;
    if (np + 1 > cgrid) {
      cgrid = np + 1 > 16 ? np + 1 : 16;
      t->grid = mem_realloc(t->grid, cgrid * sizeof *t->grid);
      t->gcov = mem_realloc(t->gcov, cgrid * sizeof *t->gcov);
      t->st0 = mem_realloc(t->st0, cgrid);
    }
    if ((size_t)(np + 1) * nwl > calts) {
      calts = (size_t)(np + 1) * nwl;
      t->alts = mem_realloc(t->alts, calts);
    }
    Status *grid = t->grid;
    bool *gcov = t->gcov;
    uint8_t *st0 = t->st0, *alts = t->alts;
    Status rest;
    bool rcov;
    eval_slot_parties_in(j->ex, ws[0], act, obj, x->parties, np, grid, gcov,
                         &rest, &rcov);
    pack(st0, grid, gcov, np, rest, rcov);
    for (uint32_t v = 0; v < nwl; v++) {
      eval_slot_parties_in(j->ex, ws[wl[v]], act, obj, x->parties, np, grid,
                           gcov, &rest, &rcov);
      pack(alts + (size_t)v * (np + 1), grid, gcov, np, rest, rcov);
    }
    uint32_t nrest = p->nparties - np;
    bool want_rest = nrest && wanted(st0, alts, nwl, np + 1, np, j->rows);
    uint32_t nwanted = 0;
    for (uint32_t k = 0; k < np; k++)
      nwanted += wanted(st0, alts, nwl, np + 1, k, j->rows);
    if (!nwanted && !want_rest && !x->market) continue;
    /* one block: the slot, its among groups, parties and statuses */
    RunSlot *s = arena_alloc(o->arena, sizeof(RunSlot) +
                                           x->namong * sizeof(Group *) +
                                           np * sizeof(int32_t) + np + 1);
    s->act = act;
    s->obj = obj;
    s->np = np;
    s->namong = x->namong;  /* before the arrays: they follow the groups */
    if (x->namong)
      memcpy(rundata_slot_among(s), x->among, x->namong * sizeof *x->among);
    if (np) memcpy(rundata_slot_parties(s), x->parties, np * sizeof *x->parties);
    memcpy(rundata_slot_st0(s), st0, np + 1);
    /* a world that reads every slot anew keeps only what differs */
    uint32_t nalt = 0;
    for (uint32_t v = 0; v < nwl; v++)
      nalt += !d->worlds[wl[v]].anew ||
              memcmp(alts + (size_t)v * (np + 1), st0, np + 1) != 0;
    if (nalt) {
      s->alt = arena_alloc(o->arena, nalt * sizeof *s->alt);
      for (uint32_t v = 0; v < nwl; v++) {
        const uint8_t *st = alts + (size_t)v * (np + 1);
        bool same = !memcmp(st, st0, np + 1);
        if (same && d->worlds[wl[v]].anew) continue;
        RunAlt *al = &s->alt[s->nalt++];
        al->world = wl[v];
        if (same) {
          al->st = rundata_slot_st0(s);
        } else {
          uint8_t *c = arena_alloc(o->arena, np + 1);
          memcpy(c, st, np + 1);
          al->st = c;
        }
      }
    }
    s->market = x->market;
    s->id = o->nslots;
    MVEC_PUSH(o->slots, o->nslots, o->capslots, s);
    if (s->market) MVEC_PUSH(o->markets, o->nmarkets, o->capmarkets, s);
    s->row0 = o->nrows;
    for (uint32_t k = 0; k < np; k++)
      if (wanted(st0, alts, nwl, np + 1, k, j->rows))
        push_row(o, s, (int32_t)k, rundata_slot_parties(s)[k], 0);
    if (want_rest) {
      if (nrest <= RUN_MAX_REST_ROWS) {
        for (uint32_t k = 0; k < np; k++) named[rundata_slot_parties(s)[k]] = 1;
        for (uint32_t r = 0; r < p->nparties; r++)
          if (!named[r]) push_row(o, s, -1, (int32_t)r, 0);
        for (uint32_t k = 0; k < np; k++) named[rundata_slot_parties(s)[k]] = 0;
      } else {
        push_row(o, s, -1, -1, nrest);
      }
    }
    s->nrows = o->nrows - s->row0;
  }
}

static void slots_range(SlotJob *j) {
  SlotTmp t = {0};
  SlotTmp *volatile tp = &t;
  MemGuard g;
  if (!MEM_TRY(&g)) {
    slot_tmp_free(tp);
    mem_throw();
  }
  slots_range_in(j, &t);
  mem_guard_pop(&g);
  slot_tmp_free(&t);
}

static void slot_out_free(SlotOut *o) {
  mem_free(o->slots);
  mem_free(o->markets);
  mem_free(o->rows);
  memset(o, 0, sizeof *o);
}

uint32_t rundata_split = DEAL_RUN_SPLIT;

/* The slots in chunks of SLOT_CHUNK keys, the even ones for one thread and
 * the odd ones for the other (the cost of a key varies along the key
 * order: halves took 0.3 s and 0.6 s; a fixed share keeps each thread's
 * allocations the same from run to run, which the fault-injection test
 * counts on).  Each chunk's slots and rows go to its own SlotOut; they
 * are joined in chunk order, so the result is the one of one thread. */
enum { SLOT_CHUNK = 2048 };

typedef struct SlotShare {
  SlotJob base;             /* what every chunk reads */
  uint32_t *bounds;         /* chunk c: keys bounds[c] .. bounds[c+1]-1 */
  uint32_t nchunks;
  atomic_bool stop;         /* the main thread is unwinding: stop early */
  SlotOut *outs;            /* per chunk */
} SlotShare;

/* Chunks first, first + step, ... (arena: the thread's own). */
/* Chunk c (arena: the thread's own). */
static void slot_chunk(SlotShare *sh, uint32_t c, Arena *arena,
                       EvalScratch *ex) {
  SlotJob j = sh->base;
  j.from = sh->bounds[c];
  j.to = sh->bounds[c + 1];
  j.ex = ex;
  j.out = (SlotOut){.arena = arena};
  SlotJob *volatile jp = &j;
  MemGuard g;
  if (!MEM_TRY(&g)) {
    sh->outs[c] = jp->out;  /* freed with the others */
    mem_throw();
  }
  slots_range(&j);
  mem_guard_pop(&g);
  sh->outs[c] = j.out;
}

/* Chunks first, first + step, ... */
static void slot_chunks(SlotShare *sh, Arena *arena, EvalScratch *ex,
                        uint32_t first, uint32_t step) {
  for (uint32_t c = first; c < sh->nchunks; c += step) {
    if (atomic_load(&sh->stop)) return;
    slot_chunk(sh, c, arena, ex);
  }
}

typedef struct SlotHelper {
  SlotShare *sh;
  Arena arena;
  EvalScratch ex;
} SlotHelper;

static void slot_helper_run(void *arg) {
  SlotHelper *h = arg;
  slot_chunks(h->sh, &h->arena, &h->ex, 1, 2);
}

/* A chunk's slots and rows after those before it, in d. */
static void slot_out_append(RunData *d, const SlotOut *h) {
  uint32_t ds = d->nslots, dr = d->nrows;
  for (uint32_t i = 0; i < h->nslots; i++) {
    RunSlot *s = h->slots[i];
    s->id += ds;
    s->row0 += dr;
    MVEC_PUSH(d->slots, d->nslots, d->capslots, s);
  }
  for (uint32_t i = 0; i < h->nmarkets; i++)
    MVEC_PUSH(d->markets, d->nmarkets, d->capmarkets, h->markets[i]);
  for (uint32_t i = 0; i < h->nrows; i++)
    MVEC_PUSH(d->rows, d->nrows, d->caprows, h->rows[i]);
}

/* The chunks' outputs (those not yet appended), the helper's scratch and
 * arena (if not adopted), and the share itself. */
static void slot_share_free(SlotShare *sh, SlotHelper *h) {
  for (uint32_t c = 0; sh->outs && c < sh->nchunks; c++)
    slot_out_free(&sh->outs[c]);
  if (h) {
    arena_free(&h->arena);
    eval_scratch_free(&h->ex);
    mem_free(h);
  }
  mem_free(sh->outs);
  mem_free(sh->bounds);
  mem_free(sh);
}

/* Every slot of the model and the worlds, statuses in each world, the rows
 * wanted.  From rundata_split distinct keys on, a helper thread shares the
 * chunks of keys, with its own evaluation scratch and arena. */
static void build_slots(RunData *d, World **ws, uint32_t nw,
                        const RunOpts *o, FactIndex *fx) {
  Model *m = d->m;
  uint64_t *keys = NULL;
  uint32_t nk = 0, ck = 0;
  collect_slots(&m->norms, &keys, &nk, &ck);
  for (uint32_t k = 0; k < nw; k++) collect_slots(&ws[k]->extra, &keys, &nk, &ck);
  if (nk) qsort(keys, nk, sizeof *keys, cmp_u64);
  KwVec kw = {0};
  anew_pairs(d, ws, nw, fx, &kw);
  uint32_t *all = mem_alloc((nw ? nw : 1) * sizeof *all), nall = 0;
  for (uint32_t k = 1; k < nw; k++)
    if (d->worlds[k].anew) all[nall++] = k;
  SlotJob base = {d, ws, nw, o->rows, keys, 0, nk, &kw, all, nall,
                  &m->scratch, {.arena = &d->arena}};
  SlotShare *volatile sh = mem_calloc(1, sizeof *sh);
  SlotHelper *volatile h = NULL;
  MemThread th = {0};
  MemGuard g;
  if (!MEM_TRY(&g)) {
    atomic_store(&sh->stop, true);
    mem_thread_join(&th);  /* before anything it reads is freed */
    slot_share_free(sh, h);
    mem_free(kw.v);
    mem_free(all);
    mem_free(keys);
    mem_throw();
  }
  /* chunks end where a key changes */
  sh->base = base;
  sh->bounds = mem_alloc((nk / SLOT_CHUNK + 2) * sizeof *sh->bounds);
  sh->bounds[0] = 0;
  for (uint32_t b = SLOT_CHUNK; b < nk;) {
    while (b < nk && keys[b] == keys[b - 1]) b++;
    if (b < nk) sh->bounds[++sh->nchunks] = b;
    b += SLOT_CHUNK;
  }
  sh->bounds[++sh->nchunks] = nk;
  sh->outs = mem_calloc(sh->nchunks, sizeof *sh->outs);
  atomic_init(&sh->stop, false);
  bool two = false;
  if (nk >= rundata_split && sh->nchunks > 1) {
    h = mem_calloc(1, sizeof *h);
    h->sh = sh;
    arena_init(&h->arena);
    two = mem_thread_start(&th, slot_helper_run, h);
  }
  /* without a helper, every chunk here */
  slot_chunks(sh, &d->arena, &m->scratch, 0, two ? 2 : 1);
  mem_thread_join(&th);
  if (th.oom) mem_throw();
  /* the blocks first: what is appended to d is then d's whole */
  if (h) arena_adopt(&d->arena, &h->arena);
  for (uint32_t c = 0; c < sh->nchunks; c++) {
    slot_out_append(d, &sh->outs[c]);
    slot_out_free(&sh->outs[c]);
  }
  mem_guard_pop(&g);
  slot_share_free(sh, h);
  mem_free(kw.v);
  mem_free(all);
  mem_free(keys);
}

/* ---- markets ---- */

static void market_into(const RunData *d, const RunSlot *s, uint32_t world,
                        RunMarket *out) {
  const uint8_t *st = rundata_slot_st(s, world);
  for (uint32_t j = 0; j < s->np; j++) {
    Status v = (Status)(st[j] & 3);
    if (is_perm(v)) out->permitted[out->npermitted++] = rundata_slot_parties(s)[j];
    else if (v == ST_CONTESTED) out->contested[out->ncontested++] = rundata_slot_parties(s)[j];
  }
  Status rest = (Status)(st[s->np] & 3);
  out->nrest = rundata_slot_nrest(d, s);
  out->rest_permitted = out->nrest && is_perm(rest);
  uint64_t total = out->npermitted + (out->rest_permitted ? out->nrest : 0);
  out->exclusive = total == 1 && out->npermitted == 1 ? out->permitted[0] : -1;
  if (total == 1 && out->rest_permitted) {
    /* the one party nobody names: find it */
    uint32_t j = 0;
    for (int32_t q = 0; (uint32_t)q < d->p->nparties; q++) {
      while (j < s->np && rundata_slot_parties(s)[j] < q) j++;
      if (j < s->np && rundata_slot_parties(s)[j] == q) continue;
      out->exclusive = q;
      break;
    }
  }
  for (uint32_t g = 0; g < s->namong; g++) {
    const IdSet *set = &rundata_slot_among(s)[g]->set;
    int32_t one = -1;
    uint32_t n = 0;
    for (uint32_t i = 0; i < set->n; i++) {
      /* every member of an among group is named in the slot */
      int32_t q = set->v[i];
      int32_t *hit = bsearch(&q, rundata_slot_parties(s), s->np, sizeof *rundata_slot_parties(s), cmp_i32);
      Status v = (Status)(st[hit ? (uint32_t)(hit - rundata_slot_parties(s)) : s->np] & 3);
      if (is_perm(v)) {
        n++;
        one = q;
      }
    }
    out->excl_among[g] = n == 1 ? one : -1;
  }
}

void rundata_market(const RunData *d, const RunSlot *s, uint32_t world,
                    RunMarket *out, Arena *a) {
  memset(out, 0, sizeof *out);
  out->permitted = arena_alloc(a, (s->np ? s->np : 1) * sizeof(int32_t));
  out->contested = arena_alloc(a, (s->np ? s->np : 1) * sizeof(int32_t));
  out->excl_among = arena_alloc(a, (s->namong ? s->namong : 1) * sizeof(int32_t));
  market_into(d, s, world, out);
}

void rundata_market_buf(const RunData *d, const RunSlot *s, uint32_t world,
                        RunMarket *out, RunMarketBuf *b) {
  uint32_t need = 2 * s->np + s->namong + 1;
  if (need > b->cap) {
    b->cap = need > 64 ? need : 64;
    b->v = mem_realloc(b->v, b->cap * sizeof *b->v);
  }
  memset(out, 0, sizeof *out);
  out->permitted = b->v;
  out->contested = b->v + s->np;
  out->excl_among = b->v + 2 * s->np;
  market_into(d, s, world, out);
}

void rundata_market_buf_free(RunMarketBuf *b) {
  mem_free(b->v);
  b->v = NULL;
  b->cap = 0;
}

bool rundata_market_equal(const RunMarket *x, const RunMarket *y,
                          uint32_t namong) {
  if (x->npermitted != y->npermitted || x->rest_permitted != y->rest_permitted ||
      x->ncontested != y->ncontested || x->exclusive != y->exclusive)
    return false;
  if (memcmp(x->permitted, y->permitted, x->npermitted * sizeof(int32_t)) ||
      memcmp(x->contested, y->contested, x->ncontested * sizeof(int32_t)) ||
      memcmp(x->excl_among, y->excl_among, namong * sizeof(int32_t)))
    return false;
  return true;
}

/* ---- flows ---- */

static int cmp_clause(const void *a, const void *b) {
  const Clause *x = *(Clause *const *)a, *y = *(Clause *const *)b;
  return (x->index > y->index) - (x->index < y->index);
}

struct fact_list {
  int32_t v[64];
  uint32_t n;
  bool more;                /* more than fit */
};

static void fact_list_fn(void *arg, int32_t f) {
  struct fact_list *x = arg;
  if (x->n < 64) x->v[x->n++] = f;
  else x->more = true;
}

static void add_flow_world(RunData *d, uint32_t first, const Clause *c,
                           const Body *b, uint32_t k) {
  uint32_t r = first;
  while (r < d->nflows && !(d->flows[r].c == c && d->flows[r].b == b)) r++;
  if (r == d->nflows) {
    RunFlow f = {c, b, arena_alloc(&d->arena, d->nw)};
    MVEC_PUSH(d->flows, d->nflows, d->capflows, f);
  }
  d->flows[r].on[k] = 1;
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

/* The flows active in some world, and where.  An agreement flow no world
 * acts on reads as in the first world wherever the facts its condition
 * names and the date are the first world's. */
static void build_flows(RunData *d, World **ws, uint32_t nw) {
  Model *m = d->m;
  Program *p = d->p;
  Clause **cand = NULL;
  uint32_t ncand = 0, ccand = 0;
  for (uint32_t i = 0; i < m->flows.cap; i++)
    for (uint32_t j = 0; j < m->flows.e[i].cl.n; j++)
      MVEC_PUSH(cand, ncand, ccand, m->flows.e[i].cl.v[j]);
  for (uint32_t k = 0; k < nw; k++)
    for (uint32_t j = 0; j < ws[k]->xflows.n; j++)
      MVEC_PUSH(cand, ncand, ccand, ws[k]->xflows.v[j]);
  if (ncand) qsort(cand, ncand, sizeof *cand, cmp_clause);
  uint8_t *acted = mem_calloc(p->nclauses + 1, 1);
  uint32_t first_unshared = 0;
  for (uint32_t k = 0; k < nw; k++)
    for (uint32_t j = 0; j < ws[k]->touched.n; j++)
      acted[ws[k]->touched.v[j]->index] = 1;
  /* the flows active in every world (nearly all) share one vector */
  uint8_t *all_on = arena_alloc(&d->arena, nw ? nw : 1);
  memset(all_on, 1, nw);
  for (uint32_t i = 0; i < ncand; i++) {
    Clause *c = cand[i];
    if (i && cand[i - 1] == c) continue;
    uint32_t first = d->nflows;
    share_all_on(d, first_unshared, all_on);
    first_unshared = first;
    if (nw && c->agr && !acted[c->index] && c->body->is_flow) {
      const Body *b = c->body;
      const Mods *md = BODY_MODS(b);
      struct fact_list fl = {{0}, 0, false};
      cond_facts(md->if_c, fact_list_fn, &fl, 0);
      cond_facts(md->unless_c, fact_list_fn, &fl, 0);
      bool on0 = eval_clause_active(ws[0], c, b);
      for (uint32_t k = 0; k < nw; k++) {
        bool same = k == 0 || (ws[k]->date == ws[0]->date && !fl.more);
        for (uint32_t f = 0; same && k && f < fl.n; f++)
          same = ws[k]->facts[fl.v[f]] == ws[0]->facts[fl.v[f]];
        bool on = same ? on0 : eval_clause_active(ws[k], c, b);
        if (on) add_flow_world(d, first, c, b, k);
      }
      continue;
    }
    for (uint32_t k = 0; k < nw; k++) {
      bool in_world = c->agr != NULL;
      for (uint32_t j = 0; !in_world && j < ws[k]->nchosen; j++)
        in_world = ws[k]->chosen[j] == c->out;
      if (!in_world) continue;
      const Body *b = eval_body(ws[k], c);
      if (!b->is_flow || !eval_clause_active(ws[k], c, b)) continue;
      add_flow_world(d, first, c, b, k);
    }
  }
  share_all_on(d, first_unshared, all_on);
  mem_free(cand);
  mem_free(acted);
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
  uint8_t *own = mem_alloc(d->nw ? d->nw : 1);
  for (uint32_t k = 0; k < d->nw; k++) {
    own[k] = k == 0;
    for (uint32_t i = 0; !own[k] && i < d->nflows; i++)
      own[k] = d->flows[i].on[k] != d->flows[i].on[0];
    d->worlds[k].totals =
        own[k] ? arena_alloc(&d->arena, ((size_t)np * TM_N + 1) * sizeof(RunTotal))
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
  mem_free(own);
}

const char *rundata_measure_name(int m) {
  static const char *n[TM_N] = {
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

/* ---- conflicts: the breach map ---- */

static int cmp_clash(const void *a, const void *b) {
  const RunClash *x = a, *y = b;
  uint64_t ox = rundata_clash_order(x), oy = rundata_clash_order(y);
  if (ox != oy) return ox < oy ? -1 : 1;
  return (x->row > y->row) - (x->row < y->row);
}

/* The pairs of one key: each undefeated permission or obligation against
 * each undefeated prohibition, once. */
/* Sorting a breach map in place (qsort would take a copy of it). */
static bool clash_lt(const RunClash *a, const RunClash *b) {
  uint64_t x = rundata_clash_order(a), y = rundata_clash_order(b);
  return x < y || (x == y && a->row < b->row);
}

static void clash_swap(RunClash *a, RunClash *b) {
  RunClash t = *a;
  *a = *b;
  *b = t;
}

static void clash_sift(RunClash *v, size_t n, size_t i) {
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= n) return;
    if (c + 1 < n && clash_lt(&v[c], &v[c + 1])) c++;
    if (!clash_lt(&v[i], &v[c])) return;
    clash_swap(&v[i], &v[c]);
    i = c;
  }
}

static void clash_heapsort(RunClash *v, size_t n) {
  for (size_t i = n / 2; i-- > 0;) clash_sift(v, n, i);
  for (size_t i = n; i-- > 1;) {
    clash_swap(&v[0], &v[i]);
    clash_sift(v, i, 0);
  }
}

/* Introsort: quicksort on the median of three, heapsort past a depth,
 * insertion sort for short runs (the keys are distinct). */
static void sort_clashes(RunClash *v, size_t n) {
  int depth = 0;
  for (size_t m = n; m > 1; m >>= 1) depth += 2;
  while (n > 16) {
    if (depth-- == 0) {
      clash_heapsort(v, n);
      return;
    }
    size_t m = n / 2;
    if (clash_lt(&v[m], &v[0])) clash_swap(&v[m], &v[0]);
    if (clash_lt(&v[n - 1], &v[0])) clash_swap(&v[n - 1], &v[0]);
    if (clash_lt(&v[n - 1], &v[m])) clash_swap(&v[n - 1], &v[m]);
    RunClash p = v[m];
    size_t i = 0, j = n - 1;
    for (;;) {
      while (clash_lt(&v[i], &p)) i++;
      while (clash_lt(&p, &v[j])) j--;
      if (i >= j) break;
      clash_swap(&v[i], &v[j]);
      i++;
      j--;
    }
    /* [0, j] and [j + 1, n): sort the smaller, loop on the larger */
    size_t nl = j + 1;
    if (nl < n - nl) {
      sort_clashes(v, nl);
      v += nl;
      n -= nl;
    } else {
      sort_clashes(v + nl, n - nl);
      n = nl;
    }
  }
  for (size_t i = 1; i < n; i++) {
    RunClash x = v[i];
    size_t j = i;
    for (; j > 0 && clash_lt(&x, &v[j - 1]); j--) v[j] = v[j - 1];
    v[j] = x;
  }
}

/* A hit whose clause an earlier undefeated hit of the same polarity has
 * (a clause yields one norm per key, but a key may be reached twice). */
static bool seen_before(const KeyResult *kr, uint32_t a) {
  for (uint32_t q = 0; q < a; q++)
    if (!kr->hits[q].defeated && kr->hits[q].pol == kr->hits[a].pol &&
        kr->hits[q].c == kr->hits[a].c)
      return true;
  return false;
}

static void add_clashes(RunClash **v, uint32_t *n, uint32_t *cap,
                        const KeyResult *kr, uint32_t row) {
  /* distinct clauses on each side, then every pair once: O(pairs) */
  for (uint32_t a = 0; a < kr->n; a++) {
    if (kr->hits[a].defeated || kr->hits[a].pol < 0 || seen_before(kr, a))
      continue;
    for (uint32_t b = 0; b < kr->n; b++) {
      if (kr->hits[b].defeated || kr->hits[b].pol > 0 || seen_before(kr, b))
        continue;
      RunClash c = {(uint32_t)kr->hits[a].c->index,
                    (uint32_t)kr->hits[b].c->index, row};
      MVEC_PUSH(*v, *n, *cap, c);
    }
  }
}

typedef struct ClashVec {
  RunClash *v;
  uint32_t n, cap;
} ClashVec;

/* The rows of a slot whose pairs are named in one pass over the slot
 * (eval_slot_keys): the named parties' first (sub[i] is the party of
 * row[i]), then those of the parties not named, which share one key. */
typedef struct Need {
  const RunData *d;
  uint32_t k;               /* the world of the pass */
  uint32_t *row;
  int32_t *sub;
  uint32_t nrow, nnamed, cap;
  ClashVec *out;            /* the pairs, appended */
  uint32_t *from, *to;      /* per row: its pairs in out, sorted */
  bool sort;
} Need;

static void need_add(Need *x, uint32_t row) {
  if (x->nrow == x->cap) {
    x->cap = x->cap ? x->cap * 2 : 64;
    x->row = mem_realloc(x->row, x->cap * sizeof *x->row);
    x->sub = mem_realloc(x->sub, x->cap * sizeof *x->sub);
    x->from = mem_realloc(x->from, x->cap * sizeof *x->from);
    x->to = mem_realloc(x->to, x->cap * sizeof *x->to);
  }
  const RunRow *r = &x->d->rows[row];
  if (r->j >= 0) x->sub[x->nnamed++] = r->party;
  x->row[x->nrow++] = row;
}

/* The rows of slot s contested in world a or world b (named ones come
 * first in a slot's rows). */
static void need_rows(Need *x, const RunSlot *s, uint32_t a, uint32_t b) {
  x->nrow = x->nnamed = 0;
  for (uint32_t j = s->row0; j < s->row0 + s->nrows; j++) {
    const RunRow *r = &x->d->rows[j];
    if (rundata_status(x->d, r, a) == ST_CONTESTED ||
        rundata_status(x->d, r, b) == ST_CONTESTED)
      need_add(x, j);
  }
}

static void need_fn(void *arg, uint32_t i, const KeyResult *kr) {
  Need *x = arg;
  uint32_t lo = i < x->nnamed ? i : x->nnamed;
  uint32_t hi = i < x->nnamed ? i + 1 : x->nrow;
  for (uint32_t q = lo; q < hi; q++) {
    const RunRow *r = &x->d->rows[x->row[q]];
    ClashVec *o = x->out;
    x->from[q] = o->n;
    if (rundata_status(x->d, r, x->k) == ST_CONTESTED) {
      add_clashes(&o->v, &o->n, &o->cap, kr, x->row[q]);
      if (x->sort && o->n - x->from[q] > 1)
        sort_clashes(o->v + x->from[q], o->n - x->from[q]);
    }
    x->to[q] = o->n;
  }
}

static void need_pass(Need *x, EvalScratch *ex, World *w, uint32_t k,
                      const RunSlot *s, ClashVec *out, bool sort) {
  x->k = k;
  x->out = out;
  x->sort = sort;
  eval_slot_keys_in(ex, w, s->act, s->obj, x->sub, x->nnamed, need_fn, x);
}

static void need_free(Need *x) {
  mem_free(x->row);
  mem_free(x->sub);
  mem_free(x->from);
  mem_free(x->to);
  memset(x, 0, sizeof *x);
}

/* The first world's breach map, from the contested slots cs[from..to)
 * (keys: theirs), into out. */
typedef struct ClashJob {
  const RunData *d;
  World *w;
  RunSlot **cs;
  const uint64_t *keys;
  uint32_t from, to;
  EvalScratch *ex;
  Need x;
  ClashVec out;
  EvalScratch own;          /* a helper's */
} ClashJob;

static void clash_range(ClashJob *j) {
  j->x.d = j->d;
  Prefetch pf;
  prefetch_init(&pf, &j->d->m->norms, j->keys + j->from, j->to - j->from);
  for (uint32_t i = j->from; i < j->to; i++) {
    prefetch_step(&pf, i - j->from);
    need_rows(&j->x, j->cs[i], 0, 0);
    need_pass(&j->x, j->ex, j->w, 0, j->cs[i], &j->out, false);
  }
}

static void clash_run(void *arg) { clash_range(arg); }

/* src's entries after dst's, src emptied as it goes: its tail is copied
 * and given back a block at a time, so the two are never both whole
 * (the second half of the 1M run's map is 5.8 MB). */
static void clash_drain(ClashVec *dst, ClashVec *src) {
  enum { STEP = 1 << 16 };
  if (!src->n) return;
  uint32_t total = dst->n + src->n;
  if (total < dst->n) mem_throw();
  if (total > dst->cap) {
    dst->v = mem_realloc(dst->v, (size_t)total * sizeof *dst->v);
    dst->cap = total;
  }
  while (src->n) {
    uint32_t k = src->n > STEP ? STEP : src->n;
    src->n -= k;
    memcpy(dst->v + dst->n + src->n, src->v + src->n, k * sizeof *src->v);
    if (src->n) {
      src->v = mem_realloc(src->v, (size_t)src->n * sizeof *src->v);
      src->cap = src->n;
    }
  }
  dst->n = total;
}

static void clash_job_free(ClashJob *j) {
  need_free(&j->x);
  mem_free(j->out.v);
  eval_scratch_free(&j->own);
}

/* The first world's map, the second half of the slots by a helper from
 * rundata_split slots on (the map is sorted after: the same either way). */
static void first_clashes(RunData *d, World *w0, RunSlot **cs, uint64_t *keys,
                          uint32_t n) {
  ClashJob a = {.d = d, .w = w0, .cs = cs, .keys = keys, .to = n,
                .ex = &d->m->scratch};
  ClashJob *volatile ap = &a;
  ClashJob *volatile h = NULL;
  MemThread th = {0};
  MemGuard g;
  if (!MEM_TRY(&g)) {
    mem_thread_join(&th);
    if (h) {
      clash_job_free(h);
      mem_free(h);
    }
    clash_job_free(ap);
    mem_throw();
  }
  if (n >= rundata_split && n >= 2) {
    h = mem_calloc(1, sizeof *h);
    *h = a;
    h->from = n / 2;
    h->ex = &h->own;
    a.to = n / 2;
    if (!mem_thread_start(&th, clash_run, h)) {
      a.to = n;
      mem_free(h);
      h = NULL;
    }
  }
  clash_range(&a);
  mem_thread_join(&th);
  if (h) {
    if (th.oom) mem_throw();
    clash_drain(&a.out, &h->out);
    clash_job_free(h);
    mem_free(h);
    h = NULL;
  }
  mem_guard_pop(&g);
  need_free(&a.x);
  d->worlds[0].clash = a.out.v;
  d->worlds[0].nclash = a.out.n;
}

/* The contested keys of each world and the clauses that collide on them,
 * one pass over a slot for all its keys.  The first world's map is
 * computed whole.  Another world's can differ from it only in the keys
 * of the slots it reads anew: those are evaluated in both worlds, and
 * where their pairs differ, the first world's go to `gone` and the
 * world's to `own`. */
static void build_conflicts(RunData *d, World **ws) {
  RunWorld *w0 = &d->worlds[0];
  Need x = {0};
  x.d = d;
  /* the slots with keys contested in the first world, walked with their
   * clauses asked for ahead */
  uint32_t nc = 0;
  uint64_t *ck0 = mem_alloc((d->nslots + 1) * sizeof *ck0);
  RunSlot **cs0 = mem_alloc((d->nslots + 1) * sizeof *cs0);
  for (uint32_t i = 0; i < d->nslots; i++) {
    const RunSlot *s = d->slots[i];
    for (uint32_t j = s->row0; j < s->row0 + s->nrows; j++)
      if (rundata_status(d, &d->rows[j], 0) == ST_CONTESTED) {
        ck0[nc] = rundata_slot_key(s);
        cs0[nc++] = d->slots[i];
        break;
      }
  }
  first_clashes(d, ws[0], cs0, ck0, nc);
  mem_free(ck0);
  mem_free(cs0);
  sort_clashes(w0->clash, w0->nclash);
  /* the slots each world reads anew, from the slots' alternatives */
  uint32_t *start = mem_calloc(d->nw + 1, sizeof *start);
  for (uint32_t i = 0; i < d->nslots; i++)
    for (uint32_t a = 0; a < d->slots[i]->nalt; a++) start[d->slots[i]->alt[a].world + 1]++;
  for (uint32_t k = 0; k < d->nw; k++) start[k + 1] += start[k];
  RunSlot **redo = mem_alloc((start[d->nw] + 1) * sizeof *redo);
  uint32_t *fill = mem_calloc(d->nw + 1, sizeof *fill);
  for (uint32_t i = 0; i < d->nslots; i++)
    for (uint32_t a = 0; a < d->slots[i]->nalt; a++) {
      uint32_t k = d->slots[i]->alt[a].world;
      redo[start[k] + fill[k]++] = d->slots[i];
    }
  ClashVec c0 = {0}, ck = {0};
  uint32_t *from0 = NULL, *to0 = NULL, ncap = 0;
  for (uint32_t k = 1; k < d->nw; k++) {
    RunWorld *rw = &d->worlds[k];
    RunSlot **v = rw->anew ? d->slots : redo + start[k];
    uint32_t nv = rw->anew ? d->nslots : start[k + 1] - start[k];
    uint32_t gcap = 0, ocap = 0;
    for (uint32_t i = 0; i < nv; i++) {
      const RunSlot *s = v[i];
      need_rows(&x, s, 0, k);
      if (!x.nrow) continue;
      c0.n = ck.n = 0;
      need_pass(&x, &d->m->scratch, ws[0], 0, s, &c0, true);
      if (x.nrow > ncap) {
        ncap = x.cap;
        from0 = mem_realloc(from0, ncap * sizeof *from0);
        to0 = mem_realloc(to0, ncap * sizeof *to0);
      }
      memcpy(from0, x.from, x.nrow * sizeof *from0);
      memcpy(to0, x.to, x.nrow * sizeof *to0);
      need_pass(&x, &d->m->scratch, ws[k], k, s, &ck, true);
      for (uint32_t q = 0; q < x.nrow; q++) {
        /* (no pair at all: the vectors may still be NULL) */
        const RunClash *p0 = c0.v ? c0.v + from0[q] : NULL;
        const RunClash *pk = ck.v ? ck.v + x.from[q] : NULL;
        uint32_t n0 = to0[q] - from0[q], nk = x.to[q] - x.from[q];
        bool same = n0 == nk;
        for (uint32_t t = 0; same && t < n0; t++)
          same = rundata_clash_order(&p0[t]) == rundata_clash_order(&pk[t]);
        if (same) continue;
        for (uint32_t t = 0; t < n0; t++) MVEC_PUSH(rw->gone, rw->ngone, gcap, p0[t]);
        for (uint32_t t = 0; t < nk; t++) MVEC_PUSH(rw->own, rw->nown, ocap, pk[t]);
      }
    }
    sort_clashes(rw->gone, rw->ngone);
    sort_clashes(rw->own, rw->nown);
    rw->nclash = w0->nclash - rw->ngone + rw->nown;
    rw->clash = !rw->ngone && !rw->nown ? w0->clash : NULL;
  }
  mem_free(start);
  mem_free(fill);
  mem_free(redo);
  mem_free(c0.v);
  mem_free(ck.v);
  mem_free(from0);
  mem_free(to0);
  mem_free(x.row);
  mem_free(x.sub);
  mem_free(x.from);
  mem_free(x.to);
}

const RunClash *rundata_clashes(const RunData *d, uint32_t world,
                                RunClash **buf) {
  const RunWorld *rw = &d->worlds[world];
  if (rw->clash || !rw->nclash) return rw->clash;
  const RunWorld *w0 = &d->worlds[0];
  *buf = mem_realloc(*buf, rw->nclash * sizeof **buf);
  /* the first world's map without `gone` (a part of it, in its order),
   * merged with `own` */
  uint32_t n = 0, a = 0, g = 0, b = 0;
  for (;;) {
    while (a < w0->nclash && g < rw->ngone &&
           w0->clash[a].row == rw->gone[g].row &&
           rundata_clash_order(&w0->clash[a]) == rundata_clash_order(&rw->gone[g]))
      a++, g++;
    if (a == w0->nclash && b == rw->nown) break;
    if (b == rw->nown ||
        (a < w0->nclash && cmp_clash(&w0->clash[a], &rw->own[b]) < 0))
      (*buf)[n++] = w0->clash[a++];
    else
      (*buf)[n++] = rw->own[b++];
  }
  return *buf;
}

/* ---- the expected column ---- */

static RunSlot *find_slot(const RunData *d, uint64_t key) {
  uint32_t lo = 0, hi = d->nslots;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (rundata_slot_key(d->slots[mid]) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo < d->nslots && rundata_slot_key(d->slots[lo]) == key ? d->slots[lo] : NULL;
}

struct setters_arg {
  const uint64_t *setters;
  uint64_t bits;
};

static void setters_fn(void *v, int32_t f) {
  struct setters_arg *x = v;
  x->bits |= x->setters[f];
}

/* The disputes that set a fact the body's conditions name. */
static uint64_t cond_setters(const Body *b, const uint64_t *setters) {
  const Mods *m = BODY_MODS(b);
  struct setters_arg x = {setters, 0};
  cond_facts(m->if_c, setters_fn, &x, 0);
  cond_facts(m->unless_c, setters_fn, &x, 0);
  return x.bits;
}

struct mask_arg {
  const RunData *d;
  uint64_t *mask, bits;
  uint32_t action;
};

static void mask_object(void *v, const Decl *obj) {
  struct mask_arg *x = v;
  RunSlot *s = find_slot(x->d, eval_slot_key(x->action, obj));
  if (s && s->nrows) x->mask[s->id] |= x->bits;
}

/* The slots of an agreement clause bear the disputes `bits`. */
static void mask_clause(const RunData *d, const Clause *c, uint64_t bits,
                        uint64_t *mask) {
  const Body *bd = c->body;
  if (!c->agr || bd->is_flow || !bd->act || !bd->obj) return;
  struct mask_arg x = {d, mask, bits, (uint32_t)bd->act->h.index};
  eval_objects(d->p, bd->obj, mask_object, &x);
}

typedef struct SlotMask {
  uint64_t mask;
  RunSlot *s;
} SlotMask;

static int cmp_slotmask(const void *a, const void *b) {
  const SlotMask *x = a, *y = b;
  if (x->mask != y->mask) return x->mask < y->mask ? -1 : 1;
  return (x->s->id > y->s->id) - (x->s->id < y->s->id);
}

/* The expected column by the disputes that bear on each slot: a slot no
 * outcome of a dispute may read differently (aff_outcome) reads the same
 * whichever of them is chosen, so it is evaluated once per combination
 * of the outcomes of the disputes that do bear on it, weighed by the sum
 * of the weights of the combinations that agree on those (wc[c]: the
 * weight of combination c, the first dispute counting fastest).  A slot
 * no dispute bears on reads as in the status quo everywhere (the sums
 * start there).  The sums are those of the combinations, exactly. */
static void expected_grouped(RunData *d, int32_t date, FactIndex *fx,
                             uint64_t *sum, const uint64_t *wc,
                             uint64_t combos) {
  Program *p = d->p;
  World *w0 = d->worlds[0].w;
  uint32_t nd = 0, nwo = 0;
  uint32_t *dis = mem_alloc((p->ndisputes + 1) * sizeof *dis);
  for (uint32_t i = 0; i < p->ndisputes; i++)
    if (p->disputes[i]->nouts) {
      dis[nd++] = i;
      nwo += p->disputes[i]->nouts;
    }
  /* one world per outcome; first[t]: the first of dispute t's */
  World **wo = mem_calloc(nwo + 1, sizeof *wo);
  uint32_t *first = mem_alloc((nd + 1) * sizeof *first);
  uint64_t *mask = mem_calloc(d->nslots + 1, sizeof *mask);
  SlotMask *sm = NULL;
  uint64_t *W = NULL;
  Outcome **chosen = mem_alloc((nd + 1) * sizeof *chosen);
  Status *grid = NULL;
  bool *gcov = NULL;
  uint32_t cgrid = 0, q = 0;
  for (uint32_t t = 0; t < nd; t++) {
    Dispute *dp = p->disputes[dis[t]];
    first[t] = q;
    for (uint32_t i = 0; i < dp->nouts; i++)
      wo[q++] = eval_world_new(d->m, &dp->outs[i], 1, date);
  }
  first[nd] = q;
  for (uint32_t t = 0; t < nd; t++)
    for (uint32_t i = first[t]; i < first[t + 1]; i++) {
      Affected af;
      aff_outcome(&af, p, fx, w0, wo[i], (const World *const *)wo, nwo);
      for (uint32_t k = 0; k < af.cap; k++) {
        if (af.keys[k] == UINT64_MAX) continue;
        RunSlot *s = find_slot(d, af.keys[k]);
        if (s && s->nrows) mask[s->id] |= 1ull << t;
      }
      aff_free(&af);
    }
  /* Conditions: the disputes that set each fact otherwise than the
   * status quo.  A clause whose condition names facts that one dispute
   * sets reads in a combination as in the world of that dispute's
   * outcome: its slots bear the dispute where its activity there differs
   * from the status quo's.  One whose facts several disputes set bears
   * them all. */
  uint64_t *setters = mem_calloc(p->nfacts + 1, sizeof *setters);
  for (uint32_t t = 0; t < nd; t++)
    for (uint32_t i = first[t]; i < first[t + 1]; i++)
      for (uint32_t f = 0; f < p->nfacts; f++)
        if (wo[i]->facts[f] != w0->facts[f]) setters[f] |= 1ull << t;
  uint8_t *done = mem_calloc(p->nclauses + 1, 1);
  for (uint32_t f = 0; f < p->nfacts; f++) {
    if (!setters[f]) continue;
    fx_build(fx, p);
    for (uint32_t i = fx->start[f]; i < fx->start[f + 1]; i++) {
      const Clause *c = fx->idx[i];
      if (done[c->index]) continue;
      done[c->index] = 1;
      uint64_t bits = cond_setters(c->body, setters);
      if (bits && !(bits & (bits - 1))) {
        uint32_t t = (uint32_t)__builtin_ctzll(bits);
        bool differs = false;
        bool a0 = eval_clause_active(w0, c, c->body);
        for (uint32_t k = first[t]; k < first[t + 1] && !differs; k++)
          differs = eval_clause_active(wo[k], c, c->body) != a0;
        if (!differs) bits = 0;
      }
      if (bits) mask_clause(d, c, bits, mask);
    }
  }
  /* the outcomes' own statements (outcome clauses, amended and construed
   * ones), in the slots where their outcome puts them, bear the other
   * disputes that set the facts of their conditions */
  for (uint32_t t = 0; t < nd; t++)
    for (uint32_t i = first[t]; i < first[t + 1]; i++)
      for (uint32_t k = 0; k < wo[i]->extra.cap; k++) {
        const SlotEntry *e = &wo[i]->extra.e[k];
        if (!e->cl.v) continue;
        uint64_t bits = 0;
        for (uint32_t j = 0; j < e->cl.n; j++)
          bits |= cond_setters(eval_body(wo[i], e->cl.v[j]), setters);
        bits &= ~(1ull << t);
        RunSlot *s = bits ? find_slot(d, e->key) : NULL;
        if (s && s->nrows) mask[s->id] |= bits;
      }
  mem_free(setters);
  mem_free(done);
  uint32_t nsm = 0;
  for (uint32_t i = 0; i < d->nslots; i++) nsm += mask[i] != 0;
  sm = mem_alloc((nsm + 1) * sizeof *sm);
  nsm = 0;
  for (uint32_t i = 0; i < d->nslots; i++)
    if (mask[i]) sm[nsm++] = (SlotMask){mask[i], d->slots[i]};
  if (nsm) qsort(sm, nsm, sizeof *sm, cmp_slotmask);
  for (uint32_t g = 0; g < nsm;) {
    uint32_t ge = g;
    while (ge < nsm && sm[ge].mask == sm[g].mask) ge++;
    uint64_t m = sm[g].mask;
    /* the combinations of the disputes of m, the first counting fastest */
    uint64_t nsub = 1;
    for (uint32_t t = 0; t < nd; t++)
      if (m >> t & 1) nsub *= first[t + 1] - first[t];
    W = mem_realloc(W, nsub * sizeof *W);
    memset(W, 0, nsub * sizeof *W);
    for (uint64_t c = 0; c < combos; c++) {
      uint64_t rest = c, sub = 0, radix = 1;
      for (uint32_t t = 0; t < nd; t++) {
        uint32_t n = first[t + 1] - first[t];
        uint64_t i = rest % n;
        rest /= n;
        if (m >> t & 1) {
          sub += i * radix;
          radix *= n;
        }
      }
      W[sub] += wc[c];
    }
    for (uint32_t i = g; i < ge; i++) {
      const RunSlot *s = sm[i].s;
      for (uint32_t r = s->row0; r < s->row0 + s->nrows; r++) sum[r] = 0;
    }
    for (uint64_t sub = 0; sub < nsub; sub++) {
      uint64_t rest = sub;
      uint32_t n = 0;
      for (uint32_t t = 0; t < nd; t++) {
        if (!(m >> t & 1)) continue;
        uint32_t k = first[t + 1] - first[t];
        chosen[n++] = wo[first[t] + rest % k]->chosen[0];
        rest /= k;
      }
      World *wd = n == 1 ? NULL : eval_world_new(d->m, chosen, n, date);
      World *w = wd;
      if (!w)
        for (uint32_t t = 0; t < nd && !w; t++)
          if (m >> t & 1) w = wo[first[t] + sub];
      for (uint32_t i = g; i < ge; i++) {
        const RunSlot *s = sm[i].s;
        if (s->np > cgrid || !grid) {
          cgrid = s->np > 8 ? s->np : 8;
          grid = mem_realloc(grid, cgrid * sizeof *grid);
          gcov = mem_realloc(gcov, cgrid * sizeof *gcov);
        }
        Status rest_st;
        bool rcov;
        eval_slot_parties(w, s->act, s->obj, rundata_slot_parties(s), s->np, grid, gcov,
                          &rest_st, &rcov);
        for (uint32_t r = s->row0; r < s->row0 + s->nrows; r++) {
          Status st = d->rows[r].j >= 0 ? grid[d->rows[r].j] : rest_st;
          if (is_perm(st)) sum[r] += W[sub];
        }
      }
      eval_world_free(wd);
    }
    g = ge;
  }
  for (uint32_t i = 0; i < nwo; i++) eval_world_free(wo[i]);
  mem_free(wo);
  mem_free(first);
  mem_free(mask);
  mem_free(sm);
  mem_free(W);
  mem_free(dis);
  mem_free(chosen);
  mem_free(grid);
  mem_free(gcov);
}

/* Every combination of outcomes (one per dispute), weighed by the product
 * of their probabilities in units of 1e-18, like `with probability`. */
static void build_expected(RunData *d, int32_t date, uint32_t max,
                           FactIndex *fx) {
  Program *p = d->p;
  if (!d->nrows) return;
  uint32_t nd = 0;
  uint64_t combos = 1;
  for (uint32_t i = 0; i < p->ndisputes; i++) {
    Dispute *dp = p->disputes[i];
    if (!dp->nouts) continue;
    if (!dp->has_probs) {
      snprintf(d->expected_note, sizeof d->expected_note,
               "no expected column: dispute %s gives no probabilities",
               dp->h.name->s);
      return;
    }
    nd++;
    combos *= dp->nouts;
    if (combos > max) {
      snprintf(d->expected_note, sizeof d->expected_note,
               "no expected column: more than %u combinations of outcomes",
               max);
      return;
    }
  }
  if (!nd) return;  /* no disputes: nothing to weigh */
  if (p->any_clash) {
    /* is some combination an error? */
    for (uint32_t i = 0; i < p->noutcomes; i++)
      for (uint32_t j = i + 1; j < p->noutcomes; j++) {
        const Clause *c;
        const Fact *f;
        Outcome *a = p->outcomes[i], *b = p->outcomes[j];
        if (a->disp != b->disp && resolve_outcomes_clash(a, b, &c, &f)) {
          snprintf(d->expected_note, sizeof d->expected_note,
                   "no expected column: outcomes %s and %s cannot be combined",
                   a->h.name->s, b->h.name->s);
          return;
        }
      }
  }
  d->ncombos = combos;
  const uint64_t ONE = 1000000000000000000ull;
  const uint64_t UNIT = ONE / LIT_PCT_100;
  uint32_t *idx = mem_calloc(p->ndisputes + 1, sizeof *idx);
  Outcome **chosen = mem_alloc((p->ndisputes + 1) * sizeof *chosen);
  /* A key permitted in the first world counts in every combination
   * (total) but where the combination reads its slot anew and finds it
   * otherwise; the sums are exact modulo 2^64, and the true ones fit. */
  uint64_t total = 0;
  uint64_t *wc = mem_alloc(combos * sizeof *wc);
  for (uint64_t c = 0; c < combos; c++) {
    unsigned __int128 w = ONE;
    for (uint32_t i = 0; i < p->ndisputes; i++) {
      Dispute *dp = p->disputes[i];
      if (!dp->nouts) continue;
      w = (w * (uint64_t)dp->outs[idx[i]]->prob + 500000) / 1000000;
    }
    wc[c] = (uint64_t)w;
    total += (uint64_t)w;
    for (uint32_t i = 0; i < p->ndisputes; i++) {
      if (!p->disputes[i]->nouts) continue;
      if (++idx[i] < p->disputes[i]->nouts) break;
      idx[i] = 0;
    }
  }
  uint64_t *sum = mem_alloc(d->nrows * sizeof *sum);
  for (uint32_t i = 0; i < d->nrows; i++)
    sum[i] = is_perm(rundata_status(d, &d->rows[i], 0)) ? total : 0;
  uint32_t *seen = mem_calloc(d->nslots + 1, sizeof *seen);
  Status *grid = NULL;
  bool *gcov = NULL;
  uint32_t cgrid = 0;
  World *w0 = d->worlds[0].w;
  /* from the status quo, by the disputes that bear on each slot; else
   * combination by combination */
  bool grouped = !w0->nchosen && nd <= 64;
  if (grouped) expected_grouped(d, date, fx, sum, wc, combos);
  for (uint64_t c = 0; !grouped && c < combos; c++) {
    unsigned __int128 w = ONE;
    uint32_t n = 0;
    for (uint32_t i = 0; i < p->ndisputes; i++) {
      Dispute *dp = p->disputes[i];
      if (!dp->nouts) continue;
      Outcome *o = dp->outs[idx[i]];
      chosen[n++] = o;
      w = (w * (uint64_t)o->prob + 500000) / 1000000;
    }
    World *wd = eval_world_new(d->m, chosen, n, date);
    Affected af;
    aff_build(&af, p, fx, w0, wd);
    /* the slots with rows the combination may read differently */
    KwVec kw = {0};
    if (!af.all && w0 != wd) {
      for (uint32_t i = 0; i < af.cap; i++)
        if (af.keys[i] != UINT64_MAX) kw_push(&kw, af.keys[i], 0);
      kw_extra(&kw, wd, 0);
      kw_extra(&kw, w0, 0);
    }
    uint32_t nsl = af.all && w0 != wd ? d->nslots : kw.n;
    for (uint32_t t = 0; t < nsl; t++) {
      RunSlot *s;
      if (af.all) {
        s = d->slots[t];
      } else if (!(s = find_slot(d, kw.v[t].key))) {
        continue;
      }
      if (!s->nrows || seen[s->id] == c + 1) continue;
      seen[s->id] = (uint32_t)(c + 1);
      if (s->np > cgrid || !grid) {
        cgrid = s->np > 8 ? s->np : 8;
        grid = mem_realloc(grid, cgrid * sizeof *grid);
        gcov = mem_realloc(gcov, cgrid * sizeof *gcov);
      }
      Status rest;
      bool rcov;
      eval_slot_parties(wd, s->act, s->obj, rundata_slot_parties(s), s->np, grid, gcov,
                        &rest, &rcov);
      for (uint32_t i = s->row0; i < s->row0 + s->nrows; i++) {
        Status st = d->rows[i].j >= 0 ? grid[d->rows[i].j] : rest;
        bool now = is_perm(st), was = is_perm(rundata_status(d, &d->rows[i], 0));
        if (now && !was) sum[i] += (uint64_t)w;
        if (!now && was) sum[i] -= (uint64_t)w;
      }
    }
    mem_free(kw.v);
    aff_free(&af);
    eval_world_free(wd);
    for (uint32_t i = 0; i < p->ndisputes; i++) {
      if (!p->disputes[i]->nouts) continue;
      if (++idx[i] < p->disputes[i]->nouts) break;
      idx[i] = 0;
    }
  }
  for (uint32_t i = 0; i < d->nrows; i++)
    d->rows[i].expected = (int64_t)((sum[i] + UNIT / 2) / UNIT);
  d->has_expected = true;
  mem_free(sum);
  mem_free(wc);
  mem_free(seen);
  mem_free(idx);
  mem_free(chosen);
  mem_free(grid);
  mem_free(gcov);
}

/* ---- worlds ---- */

void rundata_world_id(const World *w, char *buf, size_t cap) {
  if (!w->nchosen) {
    snprintf(buf, cap, "status_quo");
    return;
  }
  snprintf(buf, cap, "%s", w->name);
}

static int64_t world_prob(const World *w) {
  if (!w->nchosen) return -1;
  unsigned __int128 v = LIT_PCT_100;
  for (uint32_t i = 0; i < w->nchosen; i++) {
    if (!w->chosen[i]->has_prob) return -1;
    v = (v * (uint64_t)w->chosen[i]->prob + LIT_PCT_100 / 2) / LIT_PCT_100;
  }
  return (int64_t)v;
}

RunData *rundata_build(Model *m, World **ws, uint32_t nw, const RunOpts *o) {
  RunData *d = mem_calloc(1, sizeof *d);
  d->m = m;
  d->p = m->p;
  d->nw = nw;
  arena_init(&d->arena);
  MemGuard g;
  if (!MEM_TRY(&g)) {
    rundata_free(d);
    mem_throw();
  }
  d->worlds = arena_alloc(&d->arena, (nw ? nw : 1) * sizeof *d->worlds);
  for (uint32_t k = 0; k < nw; k++) {
    d->worlds[k].w = ws[k];
    rundata_world_id(ws[k], d->worlds[k].id, sizeof d->worlds[k].id);
    d->worlds[k].prob = world_prob(ws[k]);
  }
  FactIndex fx = {0};
  build_slots(d, ws, nw, o, &fx);
  build_flows(d, ws, nw);
  build_totals(d);
  build_conflicts(d, ws);
  if (o->expected && nw)
    build_expected(d, ws[0]->date, o->max_combos ? o->max_combos : RUN_MAX_COMBOS,
                   &fx);
  fx_free(&fx);
  mem_guard_pop(&g);
  return d;
}

void rundata_free(RunData *d) {
  if (!d) return;
  for (uint32_t k = 0; d->worlds && k < d->nw; k++) {
    if (k == 0) mem_free(d->worlds[k].clash);
    mem_free(d->worlds[k].gone);
    mem_free(d->worlds[k].own);
  }
  mem_free(d->rows);
  mem_free(d->slots);
  mem_free(d->markets);
  mem_free(d->flows);
  arena_free(&d->arena);
  mem_free(d);
}

/* ---- text ---- */

/* Text into buf[cap], cut as snprintf cuts it. */
typedef struct Bounded {
  char *b;
  size_t cap, n;
} Bounded;

static void bput(Bounded *x, const char *s, size_t len) {
  if (x->n + 1 >= x->cap) return;
  size_t room = x->cap - 1 - x->n;
  if (len > room) len = room;
  memcpy(x->b + x->n, s, len);
  x->n += len;
  x->b[x->n] = 0;
}

static void bputs(Bounded *x, const char *s) { bput(x, s, strlen(s)); }

static void slot_text(Bounded *x, const RunSlot *s) {
  const Action *a = s->act;
  bput(x, a->h.name->s, a->h.name->len);
  if (a->prep) {
    bput(x, " ", 1);
    bputs(x, print_prep(a->prep));
  }
  bput(x, " ", 1);
  bput(x, s->obj->name->s, s->obj->name->len);
}

void rundata_slot_text(const RunSlot *s, char *buf, size_t cap) {
  Bounded x = {buf, cap, 0};
  if (cap) buf[0] = 0;
  slot_text(&x, s);
}

void rundata_key_text(const RunData *d, const RunRow *r, char *buf,
                      size_t cap) {
  char slot[300];
  rundata_slot_text(r->s, slot, sizeof slot);
  Bounded x = {buf, cap, 0};
  if (cap) buf[0] = 0;
  if (r->party >= 0) {
    const Name *n = d->p->parties[r->party]->h.name;
    bput(&x, n->s, n->len);
    bput(&x, " ", 1);
  } else {
    char head[64];
    int k = snprintf(head, sizeof head, "(%u other parties) ", r->nrest);
    bput(&x, head, (size_t)k);
  }
  bputs(&x, slot);
}

char *rundata_flow_text(Arena *a, const Body *b, bool with_mods) {
  StrBuf s;
  sb_init(&s);
  Body t = *b;
  if (!with_mods) t.mods = NULL;
  print_body(&s, &t);
  char *r = arena_strndup(a, s.s ? s.s : "", s.n);
  sb_free(&s);
  return r;
}

char *rundata_clause_name(Arena *a, const Clause *c) {
  StrBuf s;
  sb_init(&s);
  print_clause_name(&s, c);
  char *r = arena_strndup(a, s.s ? s.s : "", s.n);
  sb_free(&s);
  return r;
}

/* ---- world specs ---- */

bool rundata_parse_world(Program *p, const char *spec, Outcome ***out,
                         uint32_t *n, char *msg, size_t cap) {
  *n = 0;
  *out = NULL;
  if (!spec || !strcmp(spec, "status_quo") || !strcmp(spec, "status quo") ||
      !*spec)
    return true;
  size_t len = strlen(spec);
  *out = mem_alloc((len + 1) * sizeof **out);
  const char *s = spec;
  while (*s) {
    size_t k = strcspn(s, ",+");
    Name *nm = intern_find(&p->names, s, k);
    if (!nm || !nm->decl || nm->decl->kind != K_OUTCOME) {
      snprintf(msg, cap, "no outcome named '%.*s'", (int)(k < 200 ? k : 200), s);
      return false;
    }
    Outcome *o = (Outcome *)nm->decl;
    for (uint32_t i = 0; i < *n; i++) {
      const Clause *c = NULL;
      const Fact *f = NULL;
      if ((*out)[i] != o && (*out)[i]->disp == o->disp) {
        snprintf(msg, cap, "%s and %s are outcomes of one dispute",
                 (*out)[i]->h.name->s, o->h.name->s);
        return false;
      }
      if ((*out)[i] != o && resolve_outcomes_clash((*out)[i], o, &c, &f)) {
        snprintf(msg, cap, "%s and %s act differently on %s",
                 (*out)[i]->h.name->s, o->h.name->s,
                 c ? (c->name ? c->name->s : "a clause") : f->h.name->s);
        return false;
      }
    }
    (*out)[(*n)++] = o;
    s += k;
    if (*s) {
      s++;
      if (!*s) {
        snprintf(msg, cap, "a world name ends with '%c'", s[-1]);
        return false;
      }
    }
  }
  return true;
}
