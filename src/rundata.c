/* rundata: the data of a `deal run` report, computed once. */
#include "rundata.h"

#include <stdlib.h>
#include <string.h>

#include "literal.h"
#include "print.h"
#include "resolve.h"

/* ---- small helpers ---- */

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

Status rundata_slot_status(const RunSlot *s, int32_t j, uint32_t world) {
  return (Status)(j >= 0 ? s->st[(size_t)world * s->np + (uint32_t)j]
                         : s->rest_st[world]);
}

Status rundata_status(const RunData *d, const RunRow *r, uint32_t world) {
  (void)d;
  return rundata_slot_status(r->s, r->j, world);
}

bool rundata_row_covered(const RunData *d, const RunRow *r, uint32_t world) {
  (void)d;
  return r->j >= 0 ? r->s->cov[(size_t)world * r->s->np + (uint32_t)r->j]
                   : r->s->rest_cov[world];
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
  if (b->only && b->has_among && b->among_g) {
    for (uint32_t j = 0; j < b->among_g->set.n; j++)
      add_party(x, b->among_g->set.v[j]);
    add_among(x, b->among_g);
  }
  if (obj->kind == K_PRODUCT && written == obj) x->market = true;
}

/* Parties the slot's clauses name in any world, plus the owner. */
static void slot_parties(Model *m, World **ws, uint32_t nw, uint64_t key,
                         const Decl *obj, Scratch *x) {
  x->np = 0;
  x->namong = 0;
  x->market = false;
  x->mark++;
  const ClauseVec *base = eval_slot(&m->norms, key);
  for (uint32_t i = 0; base && i < base->n; i++)
    scan_body(x, base->v[i]->body, obj, base->v[i]->body->obj);
  for (uint32_t k = 0; k < nw; k++) {
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
 * its clauses is active in both or in neither, and no amendment in either
 * world changes an `overrides` list (which could change a chain).  Then
 * every key of the slot has the same norms, tiers and defeats in both. */

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
 * (facts set by an outcome, dates); outcome clauses and the amended or
 * construed statements are in the worlds' own slots, checked apart.
 * Built once per pair of worlds, so a slot is compared in O(1). */
typedef struct Affected {
  uint64_t *keys;           /* open addressing, UINT64_MAX empty */
  uint32_t cap, n;
  bool all;                 /* an amendment changes an `overrides` list */
  const World *a, *b;
} Affected;

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

static bool aff_has(const Affected *af, uint64_t key) {
  if (!af->cap) return false;
  uint32_t j = (uint32_t)mix64(key) & (af->cap - 1);
  while (af->keys[j] != UINT64_MAX) {
    if (af->keys[j] == key) return true;
    j = (j + 1) & (af->cap - 1);
  }
  return false;
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

static void fx_build(FactIndex *fx, Program *p) {
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
}

static void aff_clause(Affected *af, Program *p, const Clause *c) {
  const Body *bd = c->body;
  if (!c->agr || bd->is_flow || !bd->act || !bd->obj) return;
  struct aff_arg x = {af, (uint32_t)bd->act->h.index};
  eval_objects(p, bd->obj, aff_object, &x);
}

static void aff_build(Affected *af, Program *p, const FactIndex *fx,
                      const World *a, const World *b) {
  memset(af, 0, sizeof *af);
  af->a = a;
  af->b = b;
  if (a == b) return;
  if (world_changes_overrides(a) || world_changes_overrides(b)) {
    af->all = true;
    return;
  }
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
    for (uint32_t i = fx->start[f]; i < fx->start[f + 1]; i++) {
      const Clause *c = fx->idx[i];
      if (eval_clause_active(a, c, c->body) != eval_clause_active(b, c, c->body))
        aff_clause(af, p, c);
    }
  }
}

static void aff_free(Affected *af) {
  mem_free(af->keys);
  af->keys = NULL;
}

/* Does the slot read the same in both worlds of af? */
static bool slot_same(const Affected *af, uint64_t key) {
  if (af->a == af->b) return true;
  if (af->all || aff_has(af, key)) return false;
  return !eval_slot(&af->a->extra, key) && !eval_slot(&af->b->extra, key);
}

/* ---- rows ---- */

static bool wanted(const uint8_t *st, const uint8_t *cov, uint32_t nw,
                   size_t stride, RunRowsMode mode) {
  bool covered = false, differs = false;
  for (uint32_t k = 0; k < nw; k++) {
    Status s = (Status)st[k * stride];
    covered |= cov[k * stride] != 0;
    if (s == ST_CONTESTED || s != (Status)st[0]) differs = true;
  }
  return mode == RUN_ROWS_ALL ? covered || differs : differs;
}

static void push_row(RunData *d, RunSlot *s, int32_t j, int32_t party,
                     uint32_t nrest) {
  RunRow r = {s, j, party, nrest, -1};
  VEC_PUSH(&d->arena, d->rows, d->nrows, d->caprows, r);
}

static void build_slots(RunData *d, World **ws, uint32_t nw,
                        const RunOpts *o, const FactIndex *fx) {
  Model *m = d->m;
  Program *p = d->p;
  uint64_t *keys = NULL;
  uint32_t nk = 0, ck = 0;
  collect_slots(&m->norms, &keys, &nk, &ck);
  for (uint32_t k = 0; k < nw; k++) collect_slots(&ws[k]->extra, &keys, &nk, &ck);
  if (nk) qsort(keys, nk, sizeof *keys, cmp_u64);
  Scratch x = {0};
  x.stamp = mem_calloc(p->nparties + 1, sizeof *x.stamp);
  uint8_t *named = mem_calloc(p->nparties + 1, 1);
  Status *grid = NULL, *rest = mem_alloc(nw * sizeof *rest);
  bool *gcov = NULL, *rcov = mem_alloc(nw * sizeof *rcov);
  uint8_t *st8 = NULL, *cov8 = NULL;
  uint8_t *rst8 = mem_alloc(nw), *rcov8 = mem_alloc(nw);
  uint32_t cgrid = 0;
  Affected *aff = mem_calloc(nw, sizeof *aff);
  for (uint32_t k = 0; k < nw; k++) aff_build(&aff[k], p, fx, ws[0], ws[k]);
  for (uint32_t i = 0; i < nk; i++) {
    if (i && keys[i] == keys[i - 1]) continue;
    const Action *act = p->actions[keys[i] >> 33];
    const Decl *obj = slot_object(p, keys[i] & ((1ull << 33) - 1));
    slot_parties(m, ws, nw, keys[i], obj, &x);
    uint32_t np = x.np;
    if (np > cgrid || !grid) {
      cgrid = np > 8 ? np : 8;
      grid = mem_realloc(grid, (size_t)cgrid * nw * sizeof *grid);
      gcov = mem_realloc(gcov, (size_t)cgrid * nw * sizeof *gcov);
      st8 = mem_realloc(st8, (size_t)cgrid * nw);
      cov8 = mem_realloc(cov8, (size_t)cgrid * nw);
    }
    for (uint32_t k = 0; k < nw; k++) {
      if (k && slot_same(&aff[k], keys[i])) {
        memcpy(grid + (size_t)k * np, grid, np * sizeof *grid);
        memcpy(gcov + (size_t)k * np, gcov, np * sizeof *gcov);
        rest[k] = rest[0];
        rcov[k] = rcov[0];
      } else {
        eval_slot_parties(ws[k], act, obj, x.parties, np, grid + (size_t)k * np,
                          gcov + (size_t)k * np, &rest[k], &rcov[k]);
      }
      for (uint32_t j = 0; j < np; j++) {
        st8[(size_t)k * np + j] = (uint8_t)grid[(size_t)k * np + j];
        cov8[(size_t)k * np + j] = gcov[(size_t)k * np + j];
      }
      rst8[k] = (uint8_t)rest[k];
      rcov8[k] = rcov[k];
    }
    uint32_t nrest = p->nparties - np;
    bool want_rest = nrest && wanted(rst8, rcov8, nw, 1, o->rows);
    uint32_t nwanted = 0;
    for (uint32_t j = 0; j < np; j++)
      nwanted += wanted(st8 + j, cov8 + j, nw, np, o->rows);
    if (!nwanted && !want_rest && !x.market) continue;
    RunSlot *s = arena_alloc(&d->arena, sizeof *s);
    s->key = keys[i];
    s->act = act;
    s->obj = obj;
    s->np = np;
    s->parties = arena_alloc(&d->arena, (np ? np : 1) * sizeof *s->parties);
    memcpy(s->parties, x.parties, np * sizeof *s->parties);
    s->st = arena_alloc(&d->arena, (size_t)np * nw + 1);
    s->cov = arena_alloc(&d->arena, (size_t)np * nw + 1);
    memcpy(s->st, st8, (size_t)np * nw);
    memcpy(s->cov, cov8, (size_t)np * nw);
    s->rest_st = arena_alloc(&d->arena, nw);
    s->rest_cov = arena_alloc(&d->arena, nw);
    memcpy(s->rest_st, rst8, nw);
    memcpy(s->rest_cov, rcov8, nw);
    s->nrest = nrest;
    s->market = x.market;
    s->namong = x.namong;
    s->among = arena_alloc(&d->arena, (x.namong ? x.namong : 1) * sizeof *s->among);
    if (x.namong) memcpy(s->among, x.among, x.namong * sizeof *s->among);
    VEC_PUSH(&d->arena, d->slots, d->nslots, d->capslots, s);
    if (s->market) VEC_PUSH(&d->arena, d->markets, d->nmarkets, d->capmarkets, s);
    for (uint32_t j = 0; j < np; j++)
      if (wanted(st8 + j, cov8 + j, nw, np, o->rows))
        push_row(d, s, (int32_t)j, s->parties[j], 0);
    if (want_rest) {
      if (nrest <= RUN_MAX_REST_ROWS) {
        for (uint32_t j = 0; j < np; j++) named[s->parties[j]] = 1;
        for (uint32_t q = 0; q < p->nparties; q++)
          if (!named[q]) push_row(d, s, -1, (int32_t)q, 0);
        for (uint32_t j = 0; j < np; j++) named[s->parties[j]] = 0;
      } else {
        push_row(d, s, -1, -1, nrest);
      }
    }
  }
  for (uint32_t k = 0; k < nw; k++) aff_free(&aff[k]);
  mem_free(aff);
  mem_free(keys);
  mem_free(x.stamp);
  mem_free(x.parties);
  mem_free(x.among);
  mem_free(named);
  mem_free(grid);
  mem_free(gcov);
  mem_free(rest);
  mem_free(rcov);
  mem_free(st8);
  mem_free(cov8);
  mem_free(rst8);
  mem_free(rcov8);
}

/* ---- markets ---- */

void rundata_market(const RunData *d, const RunSlot *s, uint32_t world,
                    RunMarket *out, Arena *a) {
  memset(out, 0, sizeof *out);
  out->permitted = arena_alloc(a, (s->np ? s->np : 1) * sizeof(int32_t));
  out->contested = arena_alloc(a, (s->np ? s->np : 1) * sizeof(int32_t));
  out->excl_among = arena_alloc(a, (s->namong ? s->namong : 1) * sizeof(int32_t));
  for (uint32_t j = 0; j < s->np; j++) {
    Status st = rundata_slot_status(s, (int32_t)j, world);
    if (is_perm(st)) out->permitted[out->npermitted++] = s->parties[j];
    else if (st == ST_CONTESTED) out->contested[out->ncontested++] = s->parties[j];
  }
  out->nrest = s->nrest;
  out->rest_permitted = s->nrest && is_perm(rundata_slot_status(s, -1, world));
  uint64_t total = out->npermitted + (out->rest_permitted ? s->nrest : 0);
  out->exclusive = total == 1 && out->npermitted == 1 ? out->permitted[0] : -1;
  if (total == 1 && out->rest_permitted) {
    /* the one party nobody names: find it */
    uint32_t j = 0;
    for (int32_t q = 0; (uint32_t)q < d->p->nparties; q++) {
      while (j < s->np && s->parties[j] < q) j++;
      if (j < s->np && s->parties[j] == q) continue;
      out->exclusive = q;
      break;
    }
  }
  for (uint32_t g = 0; g < s->namong; g++) {
    const IdSet *set = &s->among[g]->set;
    int32_t one = -1;
    uint32_t n = 0;
    for (uint32_t i = 0; i < set->n; i++) {
      /* every member of an among group is named in the slot */
      int32_t q = set->v[i];
      int32_t *hit = bsearch(&q, s->parties, s->np, sizeof *s->parties, cmp_i32);
      Status st = hit ? rundata_slot_status(s, (int32_t)(hit - s->parties), world)
                      : rundata_slot_status(s, -1, world);
      if (is_perm(st)) {
        n++;
        one = q;
      }
    }
    out->excl_among[g] = n == 1 ? one : -1;
  }
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

static void build_flows(RunData *d, World **ws, uint32_t nw) {
  Model *m = d->m;
  Arena *a = &d->arena;
  Clause **cand = NULL;
  uint32_t ncand = 0, ccand = 0;
  for (uint32_t i = 0; i < m->flows.cap; i++)
    for (uint32_t j = 0; j < m->flows.e[i].cl.n; j++)
      VEC_PUSH(a, cand, ncand, ccand, m->flows.e[i].cl.v[j]);
  for (uint32_t k = 0; k < nw; k++)
    for (uint32_t j = 0; j < ws[k]->xflows.n; j++)
      VEC_PUSH(a, cand, ncand, ccand, ws[k]->xflows.v[j]);
  if (ncand) qsort(cand, ncand, sizeof *cand, cmp_clause);
  for (uint32_t i = 0; i < ncand; i++) {
    Clause *c = cand[i];
    if (i && cand[i - 1] == c) continue;
    uint32_t first = d->nflows;
    for (uint32_t k = 0; k < nw; k++) {
      bool in_world = c->agr != NULL;
      for (uint32_t j = 0; !in_world && j < ws[k]->nchosen; j++)
        in_world = ws[k]->chosen[j] == c->out;
      if (!in_world) continue;
      const Body *b = eval_body(ws[k], c);
      if (!b->is_flow || !eval_clause_active(ws[k], c, b)) continue;
      uint32_t r = first;
      while (r < d->nflows && !(d->flows[r].c == c && d->flows[r].b == b)) r++;
      if (r == d->nflows) {
        RunFlow f = {c, b, arena_alloc(a, nw)};
        VEC_PUSH(a, d->flows, d->nflows, d->capflows, f);
      }
      d->flows[r].on[k] = 1;
    }
  }
}

static void add_total(RunTotal *t, int64_t v) {
  if (t->overflow) return;
  if (__builtin_add_overflow(t->v, v, &t->v)) t->overflow = true;
}

static void build_totals(RunData *d) {
  uint32_t np = d->p->nparties;
  for (uint32_t k = 0; k < d->nw; k++) {
    RunTotal *t = arena_alloc(&d->arena, ((size_t)np * TM_N + 1) * sizeof *t);
    d->worlds[k].totals = t;
    for (uint32_t i = 0; i < d->nflows; i++) {
      const RunFlow *f = &d->flows[i];
      const Body *b = f->b;
      if (!f->on[k] || !b->fp || !b->fq) continue;
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
  if (x->order != y->order) return x->order < y->order ? -1 : 1;
  return (x->row > y->row) - (x->row < y->row);
}

static void add_clashes(RunData *d, RunWorld *rw, uint32_t *cap,
                        const KeyResult *kr, const RunRow *r) {
  for (uint32_t a = 0; a < kr->n; a++) {
    if (kr->hits[a].defeated || kr->hits[a].pol < 0) continue;
    for (uint32_t b = 0; b < kr->n; b++) {
      if (kr->hits[b].defeated || kr->hits[b].pol > 0) continue;
      RunClash c = {kr->hits[a].c, kr->hits[b].c, r,
                    (uint64_t)(uint32_t)kr->hits[a].c->index << 32 |
                        (uint32_t)kr->hits[b].c->index};
      bool dup = false;
      for (uint32_t q = rw->nclash; q-- > 0 && rw->clash[q].row == r;)
        dup |= rw->clash[q].pos == c.pos && rw->clash[q].neg == c.neg;
      if (!dup) VEC_PUSH(&d->arena, rw->clash, rw->nclash, *cap, c);
    }
  }
}

/* The contested keys of each world and the clauses that collide on them;
 * where a slot reads as in the first world, its pairs are copied. */
static void build_conflicts(RunData *d, World **ws, const FactIndex *fx) {
  KeyResult kr = {0};
  /* first[i]..first[i+1]: the pairs of row i in world 0 */
  uint32_t *first = mem_alloc((d->nrows + 1) * sizeof *first);
  for (uint32_t k = 0; k < d->nw; k++) {
    RunWorld *rw = &d->worlds[k];
    uint32_t cap = 0;
    Affected af;
    aff_build(&af, d->p, fx, ws[0], ws[k]);
    const RunSlot *last = NULL;
    bool same = false;
    for (uint32_t i = 0; i < d->nrows; i++) {
      const RunRow *r = &d->rows[i];
      if (k == 0) first[i] = rw->nclash;
      if (rundata_status(d, r, k) != ST_CONTESTED) continue;
      if (k && r->s != last) {
        last = r->s;
        same = slot_same(&af, r->s->key);
      }
      if (k && same) {
        const RunWorld *w0 = &d->worlds[0];
        uint32_t end = i + 1 < d->nrows ? first[i + 1] : w0->nclash;
        for (uint32_t q = first[i]; q < end; q++)
          VEC_PUSH(&d->arena, rw->clash, rw->nclash, cap, w0->clash[q]);
        continue;
      }
      eval_key(ws[k], r->party, r->s->act, r->s->obj, &kr);
      add_clashes(d, rw, &cap, &kr, r);
    }
    if (k == 0) first[d->nrows] = rw->nclash;
    aff_free(&af);
  }
  for (uint32_t k = 0; k < d->nw; k++) {
    RunWorld *rw = &d->worlds[k];
    if (rw->nclash) qsort(rw->clash, rw->nclash, sizeof *rw->clash, cmp_clash);
  }
  mem_free(first);
  eval_key_free(&kr);
}

/* ---- the expected column ---- */

/* Every combination of outcomes (one per dispute), weighed by the product
 * of their probabilities in units of 1e-18, like `with probability`. */
static void build_expected(RunData *d, int32_t date, uint32_t max,
                           const FactIndex *fx) {
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
  uint64_t *sum = mem_calloc(d->nrows, sizeof *sum);
  uint32_t *idx = mem_calloc(p->ndisputes + 1, sizeof *idx);
  Outcome **chosen = mem_alloc((p->ndisputes + 1) * sizeof *chosen);
  Scratch x = {0};
  x.stamp = mem_calloc(p->nparties + 1, sizeof *x.stamp);
  Status *grid = NULL;
  bool *gcov = NULL;
  uint32_t cgrid = 0;
  for (uint64_t c = 0; c < combos; c++) {
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
    aff_build(&af, p, fx, d->worlds[0].w, wd);
    /* rows are grouped by slot: one pass per slot */
    for (uint32_t i = 0; i < d->nrows;) {
      RunSlot *s = d->rows[i].s;
      if (slot_same(&af, s->key)) {
        for (; i < d->nrows && d->rows[i].s == s; i++)
          if (is_perm(rundata_status(d, &d->rows[i], 0))) sum[i] += (uint64_t)w;
        continue;
      }
      if (s->np > cgrid || !grid) {
        cgrid = s->np > 8 ? s->np : 8;
        grid = mem_realloc(grid, cgrid * sizeof *grid);
        gcov = mem_realloc(gcov, cgrid * sizeof *gcov);
      }
      Status rest;
      bool rcov;
      eval_slot_parties(wd, s->act, s->obj, s->parties, s->np, grid, gcov,
                        &rest, &rcov);
      for (; i < d->nrows && d->rows[i].s == s; i++) {
        Status st = d->rows[i].j >= 0 ? grid[d->rows[i].j] : rest;
        if (is_perm(st)) sum[i] += (uint64_t)w;
      }
    }
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
  mem_free(idx);
  mem_free(chosen);
  mem_free(x.stamp);
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
  fx_build(&fx, d->p);
  build_slots(d, ws, nw, o, &fx);
  build_flows(d, ws, nw);
  build_totals(d);
  build_conflicts(d, ws, &fx);
  if (o->expected && nw)
    build_expected(d, ws[0]->date, o->max_combos ? o->max_combos : RUN_MAX_COMBOS,
                   &fx);
  fx_free(&fx);
  mem_guard_pop(&g);
  return d;
}

void rundata_free(RunData *d) {
  if (!d) return;
  arena_free(&d->arena);
  mem_free(d);
}

/* ---- text ---- */

void rundata_slot_text(const RunSlot *s, char *buf, size_t cap) {
  const Action *a = s->act;
  snprintf(buf, cap, "%s%s%s %s", a->h.name->s, a->prep ? " " : "",
           print_prep(a->prep), s->obj->name->s);
}

void rundata_key_text(const RunData *d, const RunRow *r, char *buf,
                      size_t cap) {
  char slot[300];
  rundata_slot_text(r->s, slot, sizeof slot);
  if (r->party >= 0)
    snprintf(buf, cap, "%s %s", d->p->parties[r->party]->h.name->s, slot);
  else
    snprintf(buf, cap, "(%u other parties) %s", r->nrest, slot);
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
