/* eval: the evaluator of LANGUAGE.md section 6. */
#include "eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "literal.h"
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

const ClauseVec *eval_slot(const SlotMap *m, uint64_t key) {
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

/* Room for n entries at most three quarters full (short probes; the
 * million-clause index is 574,287 slots in 24 MB, not 48 at half full). */
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

static void slot_free(SlotMap *m) {
  mem_free(m->e);
  mem_free(m->run);
  memset(m, 0, sizeof *m);
}

uint64_t eval_slot_key(uint32_t action, const Decl *obj) {
  uint64_t o = obj->kind == K_PRODUCT ? (uint64_t)(uint32_t)obj->index
                                      : (1ull << 32) | (uint32_t)obj->index;
  return ((uint64_t)action << 33) | o;
}

/* Objects a reference covers: a product and everything below it, a party,
 * or each member of a group.  Iterative, so deep hierarchies are safe. */
void eval_objects(Program *p, const Decl *obj,
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
    const Product **st = mem_alloc(cap * sizeof *st);
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
    mem_free(st);
  }
}

/* ---- the model ---- */


static uint64_t flow_key(FlowKind k, const Party *p) {
  return ((uint64_t)k << 32) | (uint32_t)(p ? p->h.index : 0x7fffffff);
}

/* Many clauses at once (a program loaded whole): every (slot, clause) pair
 * is listed, sorted by slot then clause order, and each slot's list made
 * in one piece, its size known.  Inserting them one by one cost a random
 * probe of the map and a growing list per pair: half the time of `deal
 * run` before the first world at a million clauses.  The lists are the
 * same, clause for clause. */
typedef struct SlotPair {
  uint64_t key;
  Clause *c;
} SlotPair;

typedef struct PairVec {
  SlotPair *v, *tmp;
  uint32_t n, cap;
} PairVec;

/* Indexing: a clause's slots go straight into the map, or to pairs. */
struct index_arg {
  Arena *a;
  SlotMap *map;
  PairVec *pairs;
  uint32_t action;
  Clause *c;
};

static void index_one(void *v, const Decl *obj) {
  struct index_arg *x = v;
  uint64_t key = eval_slot_key(x->action, obj);
  if (x->pairs) {
    SlotPair sp = {key, x->c};
    MVEC_PUSH(x->pairs->v, x->pairs->n, x->pairs->cap, sp);
  } else {
    cv_push(x->a, slot_get(x->map, key), x->c);
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
      cv_push(&m->arena, slot_get(&m->flows, flow_key(b->fk, b->fp)), c);
    } else if (b->act && b->obj) {
      struct index_arg x = {&m->arena, &m->norms, pairs,
                            (uint32_t)b->act->h.index, c};
      eval_objects(p, b->obj, index_one, &x);
    }
  }
}

/* By key, stably (so in clause order within a key): least significant 16
 * bits first, a pass skipped where every key has the same digit. */
static void sort_pairs(PairVec *x) {
  enum { BITS = 16, NB = 1 << BITS };
  uint32_t n = x->n;
  if (n < 2) return;
  x->tmp = mem_alloc((size_t)n * sizeof *x->tmp);
  uint32_t *count = mem_alloc(NB * sizeof *count);
  SlotPair *a = x->v, *b = x->tmp;
  for (unsigned shift = 0; shift < 64; shift += BITS) {
    memset(count, 0, NB * sizeof *count);
    for (uint32_t i = 0; i < n; i++) count[(a[i].key >> shift) & (NB - 1)]++;
    if (count[(a[0].key >> shift) & (NB - 1)] == n) continue;
    uint32_t sum = 0;
    for (uint32_t d = 0; d < NB; d++) {
      uint32_t c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (uint32_t i = 0; i < n; i++) b[count[(a[i].key >> shift) & (NB - 1)]++] = a[i];
    SlotPair *t = a;
    a = b;
    b = t;
  }
  mem_free(count);
  if (a != x->v) {  /* the sorted ones are in tmp: swap the buffers */
    x->tmp = x->v;
    x->v = a;
  }
  mem_free(x->tmp);
  x->tmp = NULL;
}

static void index_bulk(Model *m, uint32_t from) {
  PairVec x = {0};
  PairVec *volatile xp = &x;
  MemGuard g;
  if (!MEM_TRY(&g)) {
    mem_free(xp->v);
    mem_free(xp->tmp);
    mem_throw();
  }
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
    if (cv->n) {
      for (uint32_t j = i; j < k; j++) cv_push(&m->arena, cv, x.v[j].c);
      continue;
    }
    cv->v = arena_alloc(&m->arena, r * sizeof *cv->v);
    cv->cap = r;
    for (uint32_t j = i; j < k; j++) cv_push(&m->arena, cv, x.v[j].c);
  }
  mem_guard_pop(&g);
  mem_free(x.v);
}

enum { INDEX_BULK = 1024 };

void eval_model_sync(Model *m) {
  Program *p = m->p;
  if (p->nclauses - m->indexed >= INDEX_BULK) index_bulk(m, m->indexed);
  else index_clauses(m, m->indexed, NULL);
  m->indexed = p->nclauses;
}

Model *eval_model_new(Program *p) {
  Model *m = mem_calloc(1, sizeof *m);
  m->p = p;
  arena_init(&m->arena);
  eval_model_sync(m);
  return m;
}

void eval_model_free(Model *m) {
  if (!m) return;
  slot_free(&m->norms);
  slot_free(&m->flows);
  arena_free(&m->arena);
  mem_free(m->fact_override);
  eval_scratch_free(&m->scratch);
  mem_free(m);
}

bool eval_set_fact(Model *m, const char *name, bool value) {
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

/* ---- worlds ---- */

static uint32_t eff_hash(int32_t clause, uint32_t cap) {
  return ((uint32_t)clause * 2654435761u) & (cap - 1);
}

/* The slot of clause i in the effect table: its own or the empty one. */
static struct EffSlot *eff_slot(const World *w, int32_t i) {
  for (uint32_t j = eff_hash(i, w->capeff);; j = (j + 1) & (w->capeff - 1))
    if (!w->eff[j].e || w->eff[j].clause == i) return &w->eff[j];
}

static Effect *effect_of(World *w, const Clause *c) {
  if (w->capeff && eff_slot(w, c->index)->e) return eff_slot(w, c->index)->e;
  if ((w->touched.n + 1) * 2 > w->capeff) {
    uint32_t nc = w->capeff ? w->capeff * 2 : 16;
    struct EffSlot *old = w->eff;
    uint32_t oc = w->capeff;
    w->eff = mem_calloc(nc, sizeof *w->eff);
    w->capeff = nc;
    for (uint32_t j = 0; j < oc; j++)
      if (old[j].e) *eff_slot(w, old[j].clause) = old[j];
    mem_free(old);
  }
  struct EffSlot *s = eff_slot(w, c->index);
  s->clause = c->index;
  s->e = arena_alloc(&w->arena, sizeof(Effect));
  cv_push(&w->arena, &w->touched, (Clause *)c);
  return s->e;
}

static void index_extra(World *w, Clause *c, const Body *b, const Decl *obj) {
  if (b->is_flow) {
    cv_push(&w->arena, &w->xflows, c);
    return;
  }
  if (!b->act || !obj) return;
  struct index_arg x = {&w->arena, &w->extra, NULL, (uint32_t)b->act->h.index,
                        c};
  eval_objects(w->m->p, obj, index_one, &x);
}

World *eval_world_new(Model *m, Outcome **chosen, uint32_t n, int32_t date) {
  Program *p = m->p;
  World *w = mem_calloc(1, sizeof *w);
  w->m = m;
  arena_init(&w->arena);
  MemGuard g;
  if (!MEM_TRY(&g)) {
    eval_world_free(w);
    mem_throw();
  }
  w->date = date;
  w->facts = mem_alloc(p->nfacts ? p->nfacts : 1);
  for (uint32_t i = 0; i < p->nfacts; i++) {
    w->facts[i] = p->facts[i]->value;
    if (i < m->nfact_override && m->fact_override[i])
      w->facts[i] = m->fact_override[i] == 2;
  }
  w->chosen = arena_alloc(&w->arena, (n ? n : 1) * sizeof *w->chosen);
  size_t k = 0;
  for (uint32_t i = 0; i < n; i++) {
    Outcome *o = chosen[i];
    bool dup = false;
    for (uint32_t j = 0; j < w->nchosen; j++) dup |= w->chosen[j] == o;
    if (dup) continue;
    w->chosen[w->nchosen++] = o;
    k += (size_t)snprintf(w->name + k, k < sizeof w->name ? sizeof w->name - k : 0,
                          "%s%s", w->nchosen > 1 ? "+" : "", o->h.name->s);
    if (k >= sizeof w->name) k = sizeof w->name - 1;
    for (uint32_t s = 0; s < o->nst; s++) {
      Stmt *st = o->st[s];
      switch (st->k) {
        case S_UPHOLD: if (st->ref.cl) effect_of(w, st->ref.cl)->upheld = true; break;
        case S_VOID: if (st->ref.cl) effect_of(w, st->ref.cl)->voided = true; break;
        case S_CONSTRUE:
          if (st->ref.cl) effect_of(w, st->ref.cl)->construe = st->obj.d;
          break;
        case S_AMEND: if (st->ref.cl) effect_of(w, st->ref.cl)->amend = st; break;
        case S_CLAUSE: case S_ORDER: case S_FLOW:
          index_extra(w, st->own, st->own->body, st->own->body->obj);
          break;
        case S_FACT:
          if (st->fact.d) w->facts[st->fact.d->index] = st->value;
          break;
      }
    }
  }
  if (!w->nchosen) snprintf(w->name, sizeof w->name, "status quo");
  /* amended and construed clauses are read from the world's own slots */
  for (uint32_t i = 0; i < w->touched.n; i++) {
    Clause *c = w->touched.v[i];
    const Effect *e = eval_effect(w, c);
    if (e->voided) continue;
    if (e->amend) index_extra(w, c, e->amend->body, e->amend->body->obj);
    else if (e->construe) index_extra(w, c, c->body, e->construe);
  }
  mem_guard_pop(&g);
  return w;
}

void eval_world_free(World *w) {
  if (!w) return;
  mem_free(w->eff);
  mem_free(w->facts);
  slot_free(&w->extra);
  arena_free(&w->arena);
  mem_free(w);
}

const Effect *eval_effect(const World *w, const Clause *c) {
  if (!w->touched.n) return NULL;  /* no effects: skip the table */
  return eff_slot(w, c->index)->e;
}

const Body *eval_body(const World *w, const Clause *c) {
  const Effect *e = eval_effect(w, c);
  return e && e->amend ? e->amend->body : c->body;
}

static bool cond_eval(const World *w, const Cond *c) {
  switch (c->k) {
    case C_FACT: return c->fact.d && w->facts[c->fact.d->index];
    case C_NOT: return !cond_eval(w, c->kids[0]);
    case C_AND:
      for (uint32_t i = 0; i < c->n; i++)
        if (!cond_eval(w, c->kids[i])) return false;
      return true;
    case C_OR:
      for (uint32_t i = 0; i < c->n; i++)
        if (cond_eval(w, c->kids[i])) return true;
      return false;
  }
  return false;
}

bool eval_clause_active(const World *w, const Clause *c, const Body *b) {
  int32_t d = w->date;
  const Effect *e = eval_effect(w, c);
  if (e && e->voided) return false;
  if (d && c->agr &&
      (d < c->agr->signed_d || (c->agr->has_until && d > c->agr->until_d)))
    return false;
  const Mods *m = BODY_MODS(b);
  if (d && m->has_from && d < m->from) return false;
  if (d && m->has_until && d > m->until) return false;
  if (m->if_c && !cond_eval(w, m->if_c)) return false;
  if (m->unless_c && cond_eval(w, m->unless_c)) return false;
  return true;
}

Tier eval_tier(const World *w, const Clause *c) {
  if (c->is_order) return T_ORDER;
  if (c->out) return T_RULING;
  const Effect *e = eval_effect(w, c);
  return e && e->upheld ? T_RULING : T_ORDINARY;
}

/* The overrides of a clause as it reads in w. */
static Clause **ovr_in(const World *w, const Clause *c, uint32_t *n) {
  const Effect *e = eval_effect(w, c);
  if (e && e->amend) {
    *n = e->amend->namend_ovr;
    return e->amend->amend_ovr;
  }
  *n = c->novr;
  return c->ovr;
}

/* Marks every clause that clause a overrides in w, directly or through a
 * chain — the declared relation, active or not (rule 4) — with a fresh
 * stamp in the model's visit memo, and returns the stamp. */
/* The scratch buffers of a key's evaluation (EvalScratch.buf); those in
 * use at one time are distinct. */
enum { EB_HEAD, EB_POOL, EB_ALLX, EB_ALLXB, EB_HITS, EB_IDX, EB_INDEG,
       EB_EDGES, EB_START, EB_TO, EB_QUEUE, EB_STACK };
_Static_assert(EB_STACK < EVAL_NBUF, "EVAL_NBUF covers every buffer");

/* Buffer k of x with room for at least n bytes (its content is kept). */
static void *eb(EvalScratch *x, int k, size_t n) {
  EvalBuf *b = &x->buf[k];
  if (b->cap < n) {
    size_t c = b->cap ? b->cap : 256;
    while (c < n) c *= 2;
    b->p = mem_realloc(b->p, c);
    b->cap = c;
  }
  return b->p;
}

/* The slot of clause i in the visit set: its own in the latest mark, or
 * the one where it would go. */
static struct VisitSlot *visit_slot(const EvalScratch *m, int32_t i) {
  for (uint32_t j = ((uint32_t)i * 2654435761u) & (m->capvisit - 1);;
       j = (j + 1) & (m->capvisit - 1)) {
    struct VisitSlot *s = &m->visit[j];
    if (s->stamp != m->visit_stamp || s->clause == i) return s;
  }
}

static bool visited(const EvalScratch *m, uint32_t stamp, int32_t i) {
  return stamp == m->visit_stamp && m->capvisit &&
         visit_slot(m, i)->stamp == stamp;
}

/* Adds clause i to the latest mark; false if it is there already.  (The
 * set was a stamp per clause of the program, 3.8 MiB a thread at 1M,
 * read at every clause a tier met and so all resident.) */
static bool visit_add(EvalScratch *m, int32_t i) {
  if ((m->nvisit + 1) * 2 > m->capvisit) {
    struct VisitSlot *old = m->visit;
    uint32_t oc = m->capvisit;
    m->capvisit = oc ? oc * 2 : 64;
    m->visit = mem_calloc(m->capvisit, sizeof *m->visit);
    for (uint32_t j = 0; j < oc; j++)
      if (old[j].stamp == m->visit_stamp) *visit_slot(m, old[j].clause) = old[j];
    mem_free(old);
  }
  struct VisitSlot *s = visit_slot(m, i);
  if (s->stamp == m->visit_stamp) return false;
  *s = (struct VisitSlot){i, m->visit_stamp};
  m->nvisit++;
  return true;
}

static uint32_t reach_mark(World *w, EvalScratch *m, const Clause *a) {
  /* a new stamp: every entry is empty (0 is a zeroed table's, skipped) */
  if (++m->visit_stamp == 0) {
    if (m->visit) memset(m->visit, 0, m->capvisit * sizeof *m->visit);
    m->visit_stamp = 1;
  }
  m->nvisit = 0;
  uint32_t stamp = m->visit_stamp;
  uint32_t sp = 0;
  const Clause **st = eb(m, EB_STACK, 32 * sizeof *st);
  size_t cap = m->buf[EB_STACK].cap / sizeof *st;
  st[sp++] = a;
  while (sp) {
    const Clause *x = st[--sp];
    uint32_t n;
    Clause **e = ovr_in(w, x, &n);
    for (uint32_t i = 0; i < n; i++) {
      const Clause *y = e[i];
      if (!visit_add(m, y->index)) continue;
      if (sp == cap) {
        st = eb(m, EB_STACK, (sp + 1) * sizeof *st);
        cap = m->buf[EB_STACK].cap / sizeof *st;
      }
      st[sp++] = y;
    }
  }
  return stamp;
}

/* ---- keys ---- */

static void add_hit(KeyResult *r, const Clause *c, const Body *b, int8_t pol,
                    bool oblige, bool excl, Tier t) {
  if (r->n == r->cap) {
    r->cap = r->cap ? r->cap * 2 : 8;
    r->hits = mem_realloc(r->hits, r->cap * sizeof *r->hits);
  }
  r->hits[r->n++] = (Hit){c, b, pol, oblige, excl, false, (uint8_t)t, -1, 0};
}

/* What a clause says of one party for a slot it covers. */
static void contribute(World *w, const Clause *c, const Body *b,
                       int32_t party, KeyResult *r) {
  if (!eval_clause_active(w, c, b)) return;
  Tier t = eval_tier(w, c);
  if (party >= 0 && idset_has(&b->subjects, party)) {
    bool neg = b->modal == M_MAY_NOT || b->modal == M_MUST_NOT ||
               b->modal == M_SHALL_NOT;
    add_hit(r, c, b, neg ? -1 : 1, b->modal == M_MUST || b->modal == M_SHALL,
            false, t);
  } else if (b->only &&
             (!b->has_among || (body_among(b) && party >= 0 &&
                                idset_has(&body_among(b)->set, party)))) {
    add_hit(r, c, b, -1, false, true, t);
  }
}

/* Rule 3, tier by tier from the top; within a tier a norm is decided once
 * every norm that could override it is. */
/* Within one tier: j may defeat i when they differ in polarity and j's
 * clause overrides i's through a chain.  The relation is acyclic, so the
 * norms are decided in topological order (Kahn): a norm is defeated when
 * a norm that may defeat it turns out undefeated.  Each clause's chain is
 * walked once, so a key costs O(norms x chain), not more. */
static void defeat_in_tier(World *w, EvalScratch *sc, Hit *h, uint32_t n,
                           Tier t) {
  uint32_t *idx = eb(sc, EB_IDX, (n ? n : 1) * sizeof *idx);  /* live norms */
  uint32_t m = 0;
  for (uint32_t i = 0; i < n; i++)
    if (h[i].tier == t && !h[i].defeated) idx[m++] = i;
  uint32_t *indeg = eb(sc, EB_INDEG, (m ? m : 1) * sizeof *indeg);
  memset(indeg, 0, (m ? m : 1) * sizeof *indeg);
  typedef struct { uint32_t from, to; } Edge;
  Edge *e = eb(sc, EB_EDGES, 16 * sizeof *e);
  uint32_t ne = 0;
  for (uint32_t a = 0; a < m; a++) {
    const Clause *c = h[idx[a]].c;
    uint32_t no;
    ovr_in(w, c, &no);
    if (!no) continue;
    uint32_t stamp = reach_mark(w, sc, c);
    for (uint32_t b = 0; b < m; b++) {
      const Clause *d = h[idx[b]].c;
      if (d == c || h[idx[b]].pol == h[idx[a]].pol) continue;
      if (!visited(sc, stamp, d->index)) continue;
      e = eb(sc, EB_EDGES, (ne + 1) * sizeof *e);
      e[ne++] = (Edge){a, b};
      indeg[b]++;
    }
  }
  /* Kahn's order over the edges, grouped by source */
  uint32_t *start = eb(sc, EB_START, (m + 1) * 2 * sizeof *start);
  memset(start, 0, (m + 1) * 2 * sizeof *start);
  uint32_t *fill = start + m + 1;
  for (uint32_t k = 0; k < ne; k++) start[e[k].from + 1]++;
  for (uint32_t a = 0; a < m; a++) start[a + 1] += start[a];
  uint32_t *to = eb(sc, EB_TO, (ne ? ne : 1) * sizeof *to);
  for (uint32_t k = 0; k < ne; k++)
    to[start[e[k].from] + fill[e[k].from]++] = e[k].to;
  uint32_t *queue = eb(sc, EB_QUEUE, (m ? m : 1) * sizeof *queue);
  uint32_t qh = 0, qt = 0;
  for (uint32_t a = 0; a < m; a++)
    if (!indeg[a]) queue[qt++] = a;
  while (qh < qt) {
    uint32_t a = queue[qh++];
    Hit *x = &h[idx[a]];
    for (uint32_t k = start[a]; k < start[a + 1]; k++) {
      uint32_t b = to[k];
      Hit *y = &h[idx[b]];
      if (!x->defeated && !y->defeated) {
        y->defeated = true;
        y->by = (int32_t)idx[a];
        y->why = 1;
      }
      if (--indeg[b] == 0) queue[qt++] = b;
    }
  }
}

static void defeat(World *w, EvalScratch *x, KeyResult *r) {
  Hit *h = r->hits;
  uint32_t n = r->n;
  int32_t hi_pos = -1, hi_neg = -1;  /* an undefeated norm of a higher tier */
  for (int t = T_ORDER; t >= T_ORDINARY; t--) {
    uint32_t cnt = 0;
    bool any_ovr = false;
    for (uint32_t i = 0; i < n; i++) {
      if (h[i].tier != t) continue;
      cnt++;
      int32_t opp = h[i].pol > 0 ? hi_neg : hi_pos;
      if (opp >= 0) {
        h[i].defeated = true;
        h[i].by = opp;
        h[i].why = 0;
      } else {
        uint32_t no;
        ovr_in(w, h[i].c, &no);
        any_ovr |= no > 0;
      }
    }
    if (cnt > 1 && any_ovr) defeat_in_tier(w, x, h, n, (Tier)t);
    for (uint32_t i = 0; i < n; i++) {
      if (h[i].tier != t || h[i].defeated) continue;
      if (h[i].pol > 0 && hi_pos < 0) hi_pos = (int32_t)i;
      if (h[i].pol < 0 && hi_neg < 0) hi_neg = (int32_t)i;
    }
  }
}

/* Rules 5 and 6: the status of a key from its hits. */
static void finish_key(World *w, EvalScratch *x, KeyResult *r, int32_t party,
                       const Decl *obj) {
  r->owner = obj->kind == K_PRODUCT ? ((const Product *)obj)->own : NULL;
  if (r->n == 0) {
    /* rule 6: no licence without the owner */
    r->by_default = true;
    r->st = r->owner && r->owner->h.index != party ? ST_FORBIDDEN
                                                   : ST_PERMITTED;
    return;
  }
  r->by_default = false;
  defeat(w, x, r);
  bool pos = false, neg = false, oblige = false;
  for (uint32_t i = 0; i < r->n; i++) {
    if (r->hits[i].defeated) continue;
    if (r->hits[i].pol > 0) pos = true, oblige |= r->hits[i].oblige;
    else neg = true;
  }
  r->st = pos && neg ? ST_CONTESTED : pos ? (oblige ? ST_REQUIRED : ST_PERMITTED)
                                          : ST_FORBIDDEN;
}

/* The statuses of many parties for one slot in one pass over its clauses:
 * each clause's norms go straight to the parties they name, so the cost is
 * the number of norms, not parties times clauses. */
static void slot_pass(World *w, EvalScratch *x, const Action *a,
                      const Decl *obj, const int32_t *parties, uint32_t np,
                      Status *st, bool *covered, Status *rest,
                      bool *rest_covered, EvalKeyFn fn, void *arg) {
  Program *p = w->m->p;
  uint64_t key = eval_slot_key((uint32_t)a->h.index, obj);
  const ClauseVec *vs[2] = {eval_slot(&w->m->norms, key), eval_slot(&w->extra, key)};
  /* positions of the parties asked about */
  if (!x->pos || x->npos < p->nparties) {
    mem_free(x->pos);
    x->pos = NULL;
    x->pos = mem_alloc((p->nparties + 1) * sizeof *x->pos);
    x->npos = p->nparties;
    for (uint32_t i = 0; i < x->npos; i++) x->pos[i] = -1;
  }
  int32_t *pos = x->pos;
  for (uint32_t i = 0; i < np; i++) pos[parties[i]] = (int32_t)i;
  /* per position, a list of (clause, polarity) in a pool */
  typedef struct { const Clause *c; const Body *b; int8_t pol; bool oblige, excl; uint8_t tier; int32_t next; } Cell;
  Cell *pool = eb(x, EB_POOL, 64 * sizeof *pool);
  uint32_t npool = 0, cpool = (uint32_t)(x->buf[EB_POOL].cap / sizeof *pool);
  int32_t *head = eb(x, EB_HEAD, (np ? np : 1) * sizeof *head);
  for (uint32_t i = 0; i < np; i++) head[i] = -1;
  const Clause **allx = eb(x, EB_ALLX, 8 * sizeof *allx);
  const Body **allxb = eb(x, EB_ALLXB, 8 * sizeof *allxb);
  uint32_t nallx = 0, callx = 8;
#define CELL(pos_, c_, b_, pol_, ob_, ex_, t_)                                  \
  do {                                                                        \
    if (npool == cpool) {                                                     \
      pool = eb(x, EB_POOL, (npool + 1) * sizeof *pool);                      \
      cpool = (uint32_t)(x->buf[EB_POOL].cap / sizeof *pool);                 \
    }                                                                         \
    pool[npool] = (Cell){c_, b_, pol_, ob_, ex_, (uint8_t)(t_), head[pos_]};  \
    head[pos_] = (int32_t)npool++;                                            \
  } while (0)
  for (int s = 0; s < 2; s++)
    for (uint32_t i = 0; vs[s] && i < vs[s]->n; i++) {
      const Clause *c = vs[s]->v[i];
      const Effect *e = eval_effect(w, c);
      if (s == 0 && e && (e->voided || e->amend || e->construe)) continue;
      const Body *b = s == 0 ? c->body : eval_body(w, c);
      if (!eval_clause_active(w, c, b)) continue;
      Tier t = eval_tier(w, c);
      bool neg = b->modal == M_MAY_NOT || b->modal == M_MUST_NOT ||
                 b->modal == M_SHALL_NOT;
      bool ob = b->modal == M_MUST || b->modal == M_SHALL;
      for (uint32_t k = 0; k < b->subjects.n; k++) {
        int32_t q = b->subjects.v[k];
        if (pos[q] >= 0) CELL(pos[q], c, b, neg ? -1 : 1, ob, false, t);
      }
      if (!b->only) continue;
      if (b->has_among) {
        if (!body_among(b)) continue;
        const IdSet *g = &body_among(b)->set;
        for (uint32_t k = 0; k < g->n; k++) {
          int32_t q = g->v[k];
          if (pos[q] >= 0 && !idset_has(&b->subjects, q))
            CELL(pos[q], c, b, -1, false, true, t);
        }
      } else {
        if (nallx == callx) {
          callx *= 2;
          allx = eb(x, EB_ALLX, callx * sizeof *allx);
          allxb = eb(x, EB_ALLXB, callx * sizeof *allxb);
        }
        allx[nallx] = c;
        allxb[nallx++] = b;
      }
    }
#undef CELL
  /* room for any key's hits: it never grows in add_hit */
  KeyResult r = {0};
  r.cap = npool + nallx + 1;
  r.hits = eb(x, EB_HITS, r.cap * sizeof *r.hits);
  for (uint32_t i = 0; i < np; i++) {
    r.n = 0;
    for (int32_t j = head[i]; j >= 0; j = pool[j].next)
      add_hit(&r, pool[j].c, pool[j].b, pool[j].pol, pool[j].oblige,
              pool[j].excl, (Tier)pool[j].tier);
    for (uint32_t j = 0; j < nallx; j++)
      if (!idset_has(&allxb[j]->subjects, parties[i]))
        add_hit(&r, allx[j], allxb[j], -1, false, true, eval_tier(w, allx[j]));
    finish_key(w, x, &r, parties[i], obj);
    if (st) st[i] = r.st;
    if (covered) covered[i] = !r.by_default;
    if (fn) fn(arg, i, &r);
  }
  r.n = 0;
  for (uint32_t j = 0; j < nallx; j++)
    add_hit(&r, allx[j], allxb[j], -1, false, true, eval_tier(w, allx[j]));
  finish_key(w, x, &r, -1, obj);
  if (rest) *rest = r.st;
  if (rest_covered) *rest_covered = !r.by_default;
  if (fn) fn(arg, np, &r);
  for (uint32_t i = 0; i < np; i++) pos[parties[i]] = -1;
}

void eval_slot_parties(World *w, const Action *a, const Decl *obj,
                       const int32_t *parties, uint32_t np, Status *st,
                       bool *covered, Status *rest, bool *rest_covered) {
  slot_pass(w, &w->m->scratch, a, obj, parties, np, st, covered, rest,
            rest_covered, NULL, NULL);
}

void eval_slot_parties_in(EvalScratch *x, World *w, const Action *a,
                          const Decl *obj, const int32_t *parties,
                          uint32_t np, Status *st, bool *covered,
                          Status *rest, bool *rest_covered) {
  slot_pass(w, x, a, obj, parties, np, st, covered, rest, rest_covered, NULL,
            NULL);
}

void eval_scratch_free(EvalScratch *x) {
  mem_free(x->pos);
  mem_free(x->visit);
  for (int k = 0; k < EVAL_NBUF; k++) mem_free(x->buf[k].p);
  memset(x, 0, sizeof *x);
}

void eval_slot_keys(World *w, const Action *a, const Decl *obj,
                    const int32_t *parties, uint32_t np, EvalKeyFn fn,
                    void *arg) {
  slot_pass(w, &w->m->scratch, a, obj, parties, np, NULL, NULL, NULL, NULL,
            fn, arg);
}

void eval_slot_keys_in(EvalScratch *x, World *w, const Action *a,
                       const Decl *obj, const int32_t *parties, uint32_t np,
                       EvalKeyFn fn, void *arg) {
  slot_pass(w, x, a, obj, parties, np, NULL, NULL, NULL, NULL, fn, arg);
}

void eval_key(World *w, int32_t party, const Action *a, const Decl *obj,
              KeyResult *r) {
  r->n = 0;
  r->by_default = false;
  r->owner = NULL;
  uint64_t key = eval_slot_key((uint32_t)a->h.index, obj);
  const ClauseVec *base = eval_slot(&w->m->norms, key);
  for (uint32_t i = 0; base && i < base->n; i++) {
    const Clause *c = base->v[i];
    const Effect *e = eval_effect(w, c);
    if (e && (e->voided || e->amend || e->construe)) continue;
    contribute(w, c, c->body, party, r);
  }
  const ClauseVec *ex = eval_slot(&w->extra, key);
  for (uint32_t i = 0; ex && i < ex->n; i++) {
    const Clause *c = ex->v[i];
    contribute(w, c, eval_body(w, c), party, r);
  }
  finish_key(w, &w->m->scratch, r, party, obj);
}

void eval_key_free(KeyResult *r) {
  mem_free(r->hits);
  memset(r, 0, sizeof *r);
}

bool eval_status_matches(Modal m, Status st) {
  switch (m) {
    case M_MAY: return st == ST_PERMITTED || st == ST_REQUIRED;
    case M_MUST: case M_SHALL: return st == ST_REQUIRED;
    default: return st == ST_FORBIDDEN;
  }
}

const char *eval_status_name(Status st) {
  static const char *n[] = {"permitted", "required", "forbidden", "contested"};
  return n[st];
}

/* ---- flows ---- */

bool eval_flow_active(const World *w, const Clause *c, const Body **b) {
  const Body *x = eval_body(w, c);
  if (!x->is_flow) return false;
  const Effect *e = eval_effect(w, c);
  if (c->agr && e && e->amend && b == NULL) return false;
  if (!eval_clause_active(w, c, x)) return false;
  if (b) *b = x;
  return true;
}

static bool flow_matches(const Body *pat, const Body *f) {
  if (pat->fk != f->fk || pat->fp != f->fp || pat->fq != f->fq) return false;
  switch (pat->fk) {
    case F_INVESTS: case F_OWNS:
      if (pat->fk == F_INVESTS ? pat->money != f->money : pat->pct != f->pct)
        return false;
      if (pat->has_money2 && (!f->has_money2 || pat->money2 != f->money2))
        return false;
      return true;
    case F_PAYS: return pat->money == f->money;
    case F_SHARES:
      if (pat->pct != f->pct) return false;
      if (pat->has_x && (!f->has_x || pat->fx != f->fx)) return false;
      return true;
    case F_SUPPLIES: return pat->watts == f->watts;
  }
  return false;
}

static const Clause *find_flow(World *w, const Body *pat) {
  const ClauseVec *v = eval_slot(&w->m->flows, flow_key(pat->fk, pat->fp));
  for (uint32_t i = 0; v && i < v->n; i++) {
    const Clause *c = v->v[i];
    const Effect *e = eval_effect(w, c);
    if (e && (e->amend || e->voided)) continue;
    if (eval_clause_active(w, c, c->body) && flow_matches(pat, c->body))
      return c;
  }
  for (uint32_t i = 0; i < w->xflows.n; i++) {
    const Clause *c = w->xflows.v[i];
    const Body *b = eval_body(w, c);
    if (eval_clause_active(w, c, b) && flow_matches(pat, b)) return c;
  }
  return NULL;
}

/* ---- checks ---- */

void eval_check_result_free(CheckResult *r) {
  eval_key_free(&r->key);
  mem_free(r->who);
  r->who = NULL;
}

struct objs { const Decl **v; uint32_t n, cap; };
static void collect_obj(void *v, const Decl *d) {
  struct objs *o = v;
  if (o->n == o->cap) {
    o->cap = o->cap ? o->cap * 2 : 16;
    o->v = mem_realloc(o->v, o->cap * sizeof *o->v);
  }
  o->v[o->n++] = d;
}

/* Key-level objects of a check: a product is one key (not its children),
 * a group each member. */
static void check_objects(Program *p, const Decl *obj, struct objs *o,
                          bool below) {
  if (obj->kind == K_PRODUCT && !below) collect_obj(o, obj);
  else eval_objects(p, obj, collect_obj, o);
}

static void keep_key(CheckResult *out, KeyResult *k, int32_t party,
                     const Decl *obj) {
  KeyResult t = out->key;
  out->key = *k;
  *k = t;
  out->party = party;
  out->obj = obj;
}

void eval_check_in(World *w, const Check *ck, CheckResult *out) {
  Program *p = w->m->p;
  const Body *b = ck->body;
  out->holds = true;
  out->party = -1;
  out->obj = NULL;
  out->flow = NULL;
  KeyResult k = {0};
  struct objs objs = {0};
  switch (ck->k) {
    case CK_FLOW:
      out->flow = find_flow(w, b);
      out->holds = out->flow != NULL;
      break;
    case CK_NORM: case CK_CONFLICT: {
      if (!b->act || !b->obj) { out->holds = false; break; }
      check_objects(p, b->obj, &objs, false);
      for (uint32_t s = 0; s < b->subjects.n && out->holds; s++)
        for (uint32_t o = 0; o < objs.n && out->holds; o++) {
          eval_key(w, b->subjects.v[s], b->act, objs.v[o], &k);
          bool ok = ck->k == CK_CONFLICT ? k.st == ST_CONTESTED
                                         : eval_status_matches(b->modal, k.st);
          if (!ok || (s + 1 == b->subjects.n && o + 1 == objs.n)) {
            keep_key(out, &k, b->subjects.v[s], objs.v[o]);
            out->holds = ok;
          }
        }
      break;
    }
    case CK_ONLY: {
      if (!b->act || !b->obj) { out->holds = false; break; }
      check_objects(p, b->obj, &objs, true);
      const IdSet *g = body_among(b) ? &body_among(b)->set : NULL;
      uint32_t np = g ? g->n : p->nparties;
      for (uint32_t o = 0; o < objs.n && out->holds; o++)
        for (uint32_t i = 0; i < np && out->holds; i++) {
          int32_t party = g ? g->v[i] : (int32_t)i;
          eval_key(w, party, b->act, objs.v[o], &k);
          bool permitted = k.st == ST_PERMITTED || k.st == ST_REQUIRED;
          bool listed = idset_has(&b->subjects, party);
          if (permitted != listed) {
            keep_key(out, &k, party, objs.v[o]);
            out->holds = false;
          }
        }
      if (out->holds && objs.n) {
        eval_key(w, b->subjects.n ? b->subjects.v[0] : 0, b->act, objs.v[0], &k);
        keep_key(out, &k, b->subjects.n ? b->subjects.v[0] : 0, objs.v[0]);
      }
      break;
    }
    case CK_WHO: {
      if (!b->act || !b->obj) break;
      check_objects(p, b->obj, &objs, false);
      mem_free(out->who);
      out->who = mem_alloc((p->nparties ? p->nparties : 1) * sizeof *out->who);
      out->nwho = 0;
      for (uint32_t i = 0; i < p->nparties; i++) {
        bool all = objs.n > 0;
        for (uint32_t o = 0; o < objs.n && all; o++) {
          eval_key(w, (int32_t)i, b->act, objs.v[o], &k);
          all = eval_status_matches(b->modal, k.st);
        }
        if (all) out->who[out->nwho++] = (int32_t)i;
      }
      out->holds = out->nwho > 0;
      break;
    }
  }
  mem_free(objs.v);
  eval_key_free(&k);
  if (ck->negate) out->holds = !out->holds;
}

World *eval_world_for(Model *m, const CheckCtx *x, char *msg, size_t cap) {
  Program *p = m->p;
  Outcome *chosen[64];
  uint32_t n = 0;
  for (uint32_t i = 0; i < x->nunder; i++) {
    Outcome *o = (Outcome *)x->under[i].d;
    if (!o) {
      snprintf(msg, cap, "unknown outcome");
      return NULL;
    }
    for (uint32_t j = 0; j < n; j++) {
      const Clause *c = NULL;
      const Fact *f = NULL;
      if (chosen[j] != o && chosen[j]->disp == o->disp) {
        snprintf(msg, cap, "two outcomes of dispute %s", o->disp->h.name->s);
        return NULL;
      }
      if (chosen[j] != o && resolve_outcomes_clash(chosen[j], o, &c, &f)) {
        snprintf(msg, cap, "outcomes %s and %s act differently on %s",
                 chosen[j]->h.name->s, o->h.name->s,
                 c ? (c->name ? c->name->s : "a clause") : f->h.name->s);
        return NULL;
      }
    }
    if (n < 64) chosen[n++] = o;
  }
  int32_t date = x->has_at ? x->at : resolve_default_date(p);
  return eval_world_new(m, chosen, n, date);
}

/* `with probability`: every combination of outcomes, one per dispute,
 * weighed exactly in units of 1e-18 (integer, no rounding that matters
 * at the 0.01-point tolerance). */
static void eval_probability(Model *m, const Expect *e, CheckResult *out) {
  Program *p = m->p;
  uint64_t combos = 1;
  for (uint32_t i = 0; i < p->ndisputes; i++) {
    if (!p->disputes[i]->nouts) continue;
    combos *= p->disputes[i]->nouts;
    if (combos > EVAL_MAX_WORLDS) {
      out->error = true;
      snprintf(out->msg, sizeof out->msg, "weighing this check needs more than "
               "%d worlds", EVAL_MAX_WORLDS);
      return;
    }
  }
  uint32_t nd = p->ndisputes;
  uint32_t *idx = mem_calloc(nd ? nd : 1, sizeof *idx);
  Outcome **chosen = mem_alloc((nd ? nd : 1) * sizeof *chosen);
  const uint64_t ONE = 1000000000000000000ull;  /* 100% */
  uint64_t sum = 0;
  int32_t date = e->cx.has_at ? e->cx.at : resolve_default_date(p);
  out->nworlds = combos;
  CheckResult first_fail = {0};
  bool have_fail = false;
  for (uint64_t c = 0; c < combos; c++) {
    unsigned __int128 w = ONE;
    uint32_t n = 0;
    for (uint32_t i = 0; i < nd; i++) {
      Dispute *d = p->disputes[i];
      if (!d->nouts) continue;
      Outcome *o = d->outs[idx[i]];
      chosen[n++] = o;
      /* prob is in 1e-6 of one: scale down with rounding to nearest */
      w = (w * (uint64_t)o->prob + 500000) / 1000000;
    }
    World *wd = eval_world_new(m, chosen, n, date);
    CheckResult r = {0};
    eval_check_in(wd, &e->ck, &r);
    if (out->nww < 16) {
      struct WeighedWorld *x = &out->ww[out->nww++];
      snprintf(x->name, sizeof x->name, "%s", wd->name);
      x->weight = (int64_t)((w + ONE / LIT_PCT_100 / 2) / (ONE / LIT_PCT_100));
      x->holds = r.holds;
    }
    if (r.holds) sum += (uint64_t)w;
    else if (!have_fail) {
      first_fail = r;
      have_fail = true;
      r = (CheckResult){0};
      for (uint32_t i = 0; i < n && i < 16; i++) out->fail_chosen[i] = chosen[i];
      out->nfail_chosen = n < 16 ? n : 16;
    }
    eval_check_result_free(&r);
    eval_world_free(wd);
    for (uint32_t i = 0; i < nd; i++) {
      if (!p->disputes[i]->nouts) continue;
      if (++idx[i] < p->disputes[i]->nouts) break;
      idx[i] = 0;
    }
  }
  mem_free(idx);
  mem_free(chosen);
  /* sum is in 1e-18 of one; the target is in 1e-6 of one percent... */
  unsigned __int128 target = (unsigned __int128)(uint64_t)e->cx.prob *
                             (ONE / LIT_PCT_100);
  unsigned __int128 diff = sum > target ? sum - target : target - sum;
  out->weight_ppm = (int64_t)((sum + ONE / LIT_PCT_100 / 2) / (ONE / LIT_PCT_100));
  /* 0.01 percentage points = 1e-4 of one */
  out->holds = diff <= (unsigned __int128)(ONE / 10000);
  if (have_fail) {
    out->key = first_fail.key;
    out->party = first_fail.party;
    out->obj = first_fail.obj;
    first_fail.key = (KeyResult){0};
  }
  eval_check_result_free(&first_fail);
  if (e->ck.negate) {
    /* `not` applies inside each world; nothing more to do */
  }
}

void eval_check(Model *m, const Expect *e, CheckResult *out) {
  memset(out, 0, sizeof *out);
  out->party = -1;
  if (e->cx.has_prob) {
    eval_probability(m, e, out);
    return;
  }
  World *w = eval_world_for(m, &e->cx, out->msg, sizeof out->msg);
  if (!w) {
    out->error = true;
    return;
  }
  eval_check_in(w, &e->ck, out);
  eval_world_free(w);
}
