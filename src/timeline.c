/* timeline: every slot and flow of the worlds over time. */
#include "timeline.h"

#include <stdlib.h>
#include <string.h>

#include "par.h"

typedef RunKeyWorlds KwVec;

/* ---- one slot ---- */

/* A worker's own, kept from slot to slot. */
typedef struct TlWorker {
  EvalScratch x;
  Arena arena;              /* the slots kept for worlds after the first */
  uint32_t *stamp, mark;    /* parties seen in the slot */
  int32_t *parties;
  uint32_t np, capp;
  Group **among;
  uint32_t namong, capamong;
  bool market;
  uint32_t *wl;             /* the worlds reading the slot: 0, then others */
  WhenChanges ch;
  WhenSpans sp;
  /* one world's result: periods, their statuses (stride np + 1) */
  uint8_t *st;
  size_t capst;
  Period *pd;
  uint32_t *at, cappd, npd;
  /* the first world's, to compare the others with */
  uint8_t *st0;
  size_t capst0;
  Period *pd0;
  uint32_t cappd0, npd0;
  uint64_t nspans;
} TlWorker;

/* What one chunk makes: the first world's slots (blocks in its own
 * arena, dropped once handed on), the other worlds' that differ (blocks
 * in the worker's arena). */
typedef struct TlChunk {
  Arena arena;
  TlSlot *first;
  uint32_t nfirst, capfirst;
  TlSlot *kept;
  uint32_t nkept, capkept;
} TlChunk;

typedef struct TlShare {
  Timeline *tl;
  const uint64_t *keys;
  uint32_t *bounds;         /* chunk c: keys bounds[c] .. bounds[c + 1] */
  uint32_t nchunks, base;   /* base: the batch's first chunk */
  const KwVec *kw;
  TlWorker *workers;
  uint32_t nworkers;
  TlChunk *outs;            /* of the batch */
  uint32_t nouts;
} TlShare;

static void add_party(TlWorker *x, int32_t id) {
  if (x->stamp[id] == x->mark) return;
  x->stamp[id] = x->mark;
  MVEC_PUSH(x->parties, x->np, x->capp, id);
}

static void party_cb(void *v, int32_t q) { add_party(v, q); }

static void add_among(TlWorker *x, Group *g) {
  for (uint32_t i = 0; i < x->namong; i++)
    if (x->among[i] == g) return;
  MVEC_PUSH(x->among, x->namong, x->capamong, g);
}

typedef struct PartyArg {
  TlWorker *x;
  const Decl *obj;
} PartyArg;

/* Every clause a world may read for the slot on some day: the parties
 * its norm names, its among group, and whether it names the product. */
static void slot_clause(void *arg, const Clause *c, const View *v) {
  PartyArg *a = arg;
  (void)c;
  const Body *b = v->b;
  eval_norm_parties(b, party_cb, a->x);
  if (b->only && b->has_among && body_among(b)) add_among(a->x, body_among(b));
  if (a->obj->kind == K_PRODUCT && v->obj == a->obj) a->x->market = true;
}

static int cmp_i32(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

/* The parties of the slot in every world reading it (and the owner), so
 * that one list serves them all and the parties not named are alike. */
static void slot_parties(TlWorker *x, const Timeline *tl, uint32_t nwl,
                         uint64_t key, const Decl *obj) {
  x->np = x->namong = 0;
  x->market = false;
  x->mark++;
  PartyArg a = {x, obj};
  for (uint32_t v = 0; v < nwl; v++) {
    World undated = world_at(tl->worlds[x->wl[v]].w, 0);
    eval_slot_clauses(&undated, key, slot_clause, &a);
  }
  if (obj->kind == K_PRODUCT && ((const Product *)obj)->own)
    add_party(x, ((const Product *)obj)->own->h.index);
  if (x->np) qsort(x->parties, x->np, sizeof *x->parties, cmp_i32);
}

typedef struct PassArg {
  uint8_t *st;
} PassArg;

static void pass_key(void *arg, uint32_t i, const KeyResult *r) {
  PassArg *a = arg;
  a->st[i] = (uint8_t)((uint8_t)r->st | (r->by_default ? 0 : RUN_COVERED));
}

/* The slot in one world: its change dates, one evaluation of its keys
 * per interval, neighbours with the same statuses merged; into x->pd,
 * x->npd and x->st (period k's statuses at k * (np + 1)). */
static void slot_world(TlWorker *x, const World *w, uint64_t key,
                       const Action *act, const Decl *obj) {
  x->ch.n = 0;
  when_slot_changes(w, key, &x->ch);
  when_changes_sort(&x->ch);
  when_spans(&x->ch, &x->sp);
  uint32_t ns = x->sp.n, stride = x->np + 1;
  x->nspans += ns;
  if ((size_t)ns * stride > x->capst) {
    x->capst = (size_t)ns * stride * 2;
    x->st = mem_realloc(x->st, x->capst);
  }
  if (ns > x->cappd) {
    x->cappd = ns * 2;
    x->pd = mem_realloc(x->pd, x->cappd * sizeof *x->pd);
    x->at = mem_realloc(x->at, x->cappd * sizeof *x->at);
  }
  for (uint32_t i = 0; i < ns; i++) {
    World day = world_at(w, when_span_day(&x->sp.v[i]));
    PassArg a = {x->st + (size_t)i * stride};
    eval_slot(&day, &x->x, act, obj, x->parties, x->np, true, pass_key, &a);
  }
  x->npd = when_merge(&x->sp, x->st, stride, x->pd, x->at);
  for (uint32_t k = 0; k < x->npd; k++)
    if (x->at[k] != k)
      memmove(x->st + (size_t)k * stride, x->st + (size_t)x->at[k] * stride, stride);
}

/* The result of the first world, kept to compare the others with. */
static void keep_first(TlWorker *x) {
  size_t n = (size_t)x->npd * (x->np + 1);
  if (n > x->capst0) {
    x->capst0 = n * 2;
    x->st0 = mem_realloc(x->st0, x->capst0);
  }
  if (x->npd > x->cappd0) {
    x->cappd0 = x->npd * 2;
    x->pd0 = mem_realloc(x->pd0, x->cappd0 * sizeof *x->pd0);
  }
  memcpy(x->st0, x->st, n);
  memcpy(x->pd0, x->pd, x->npd * sizeof *x->pd);
  x->npd0 = x->npd;
}

static bool same_as_first(const TlWorker *x) {
  return when_same(x->pd, x->npd, x->pd0, x->npd0) &&
         !memcmp(x->st, x->st0, (size_t)x->npd * (x->np + 1));
}

/* Is a key's status (not only its coverage) different in some period? */
static bool column_changes(const uint8_t *st, uint32_t npd, uint32_t stride,
                           uint32_t j) {
  for (uint32_t k = 1; k < npd; k++)
    if ((st[(size_t)k * stride + j] & 3) != (st[j] & 3)) return true;
  return false;
}

static bool wanted_first(const TlWorker *x, const Program *p) {
  if (x->market) return true;
  uint32_t stride = x->np + 1;
  for (uint32_t j = 0; j <= x->np; j++)
    if ((j < x->np || p->nparties > x->np) &&
        column_changes(x->st, x->npd, stride, j))
      return true;
  return false;
}

/* The slot's block in arena a: a RunSlot whose "worlds" are the periods
 * pd[0..npd) with statuses st, and the periods. */
static TlSlot slot_block(const TlWorker *x, const Program *p, Arena *a,
                         uint64_t key, uint32_t world, const Period *pd,
                         uint32_t npd, const uint8_t *st) {
  uint32_t np = x->np, stride = np + 1;
  RunSlot *s = arena_alloc(a, sizeof(RunSlot) + x->namong * sizeof(Group *) +
                                  np * sizeof(int32_t) + stride);
  memset(s, 0, sizeof *s);
  s->act = p->actions[model_slot_action(key)];
  s->obj = model_slot_object(p, key & ((1ull << 33) - 1));
  s->np = np;
  s->namong = x->namong;  /* before the arrays: they follow the groups */
  s->market = x->market;
  if (x->namong) memcpy(rundata_slot_among(s), x->among, x->namong * sizeof *x->among);
  if (np) memcpy(rundata_slot_parties(s), x->parties, np * sizeof *x->parties);
  memcpy(rundata_slot_st0(s), st, stride);
  if (npd > 1) {
    s->alt = arena_alloc(a, (npd - 1) * sizeof *s->alt);
    uint8_t *rest = arena_alloc(a, (size_t)(npd - 1) * stride);
    memcpy(rest, st + stride, (size_t)(npd - 1) * stride);
    for (uint32_t k = 1; k < npd; k++)
      s->alt[k - 1] = (RunAlt){k, rest + (size_t)(k - 1) * stride};
    s->nalt = npd - 1;
  }
  TlSlot t = {s, arena_alloc(a, npd * sizeof(Period)), npd, world, NULL};
  memcpy(t.pd, pd, npd * sizeof(Period));
  return t;
}

/* The worlds that read key, in order: the first, then those of the pairs
 * of kw from *q on. */
static uint32_t worlds_of(const TlShare *sh, uint64_t key, uint32_t *q,
                          uint32_t *wl) {
  const KwVec *kw = sh->kw;
  while (*q < kw->n && kw->v[*q].key < key) (*q)++;
  uint32_t n = 0;
  wl[n++] = 0;
  for (; *q < kw->n && kw->v[*q].key == key; (*q)++) wl[n++] = kw->v[*q].world;
  return n;
}

static void slot_one(const TlShare *sh, TlWorker *x, uint64_t key,
                     uint32_t *q, TlChunk *o) {
  const Timeline *tl = sh->tl;
  Program *p = tl->p;
  const Action *act = p->actions[model_slot_action(key)];
  const Decl *obj = model_slot_object(p, key & ((1ull << 33) - 1));
  uint32_t nwl = worlds_of(sh, key, q, x->wl);
  slot_parties(x, tl, nwl, key, obj);
  TlSlot *first = NULL;  /* kept with the other worlds' that differ */
  for (uint32_t v = 0; v < nwl; v++) {
    uint32_t k = x->wl[v];
    slot_world(x, tl->worlds[k].w, key, act, obj);
    if (v == 0) {
      keep_first(x);
      if (wanted_first(x, p)) {
        TlSlot t = slot_block(x, p, &o->arena, key, 0, x->pd, x->npd, x->st);
        MVEC_PUSH(o->first, o->nfirst, o->capfirst, t);
      }
    } else if (!same_as_first(x)) {
      if (!first) {
        first = arena_alloc(&x->arena, sizeof *first);
        *first = slot_block(x, p, &x->arena, key, 0, x->pd0, x->npd0, x->st0);
      }
      TlSlot t = slot_block(x, p, &x->arena, key, k, x->pd, x->npd, x->st);
      t.first = first;
      MVEC_PUSH(o->kept, o->nkept, o->capkept, t);
    }
  }
}

static void slot_chunk(void *arg, uint32_t c, uint32_t worker) {
  TlShare *sh = arg;
  TlWorker *x = &sh->workers[worker];
  TlChunk *o = &sh->outs[c];
  uint32_t from = sh->bounds[sh->base + c], to = sh->bounds[sh->base + c + 1];
  if (from >= to) return;
  uint32_t q = rundata_anew_first(sh->kw, sh->keys[from]);
  for (uint32_t i = from; i < to; i++) slot_one(sh, x, sh->keys[i], &q, o);
}

static void worker_init(TlWorker *x, const Program *p, uint32_t nw) {
  memset(x, 0, sizeof *x);
  arena_init(&x->arena);
  x->stamp = mem_calloc(p->nparties + 1, sizeof *x->stamp);
  x->wl = mem_alloc((nw + 1) * sizeof *x->wl);
}

static void worker_free(TlWorker *x) {
  eval_scratch_free(&x->x);
  arena_free(&x->arena);
  mem_free(x->stamp);
  mem_free(x->wl);
  mem_free(x->parties);
  mem_free(x->among);
  when_changes_free(&x->ch);
  when_spans_free(&x->sp);
  mem_free(x->st);
  mem_free(x->pd);
  mem_free(x->at);
  mem_free(x->st0);
  mem_free(x->pd0);
}

static void chunk_free(TlChunk *o) {
  arena_free(&o->arena);
  mem_free(o->first);
  mem_free(o->kept);
  memset(o, 0, sizeof *o);
  arena_init(&o->arena);
}

static void share_free(void *v) {
  TlShare *sh = v;
  for (uint32_t i = 0; sh->workers && i < sh->nworkers; i++)
    worker_free(&sh->workers[i]);
  for (uint32_t c = 0; sh->outs && c < sh->nouts; c++) chunk_free(&sh->outs[c]);
  mem_free(sh->workers);
  mem_free(sh->outs);
  mem_free(sh->bounds);
  mem_free((void *)sh->keys);
  mem_free(sh->kw->v);
  memset(sh, 0, sizeof *sh);
}

/* Chunks of 2048 slots, shared from 4096 slots on, eight chunks a worker
 * per batch: the first world's slots of a batch are handed on and dropped
 * before the next batch is evaluated. */
enum { TL_CHUNK = 2048, TL_PAR_MIN = 4096, TL_BATCH = 8 };

static void build_slots(Timeline *tl, TlSlotFn fn, void *arg) {
  KwVec kw = {0};
  TlShare sh = {.tl = tl, .kw = &kw};
  Defer dsh;
  mem_defer(&dsh, share_free, &sh);
  World **ws = mem_talloc(tl->nw * sizeof *ws);
  for (uint32_t k = 0; k < tl->nw; k++) ws[k] = tl->worlds[k].w;
  uint32_t nk;
  sh.keys = rundata_all_keys(tl->m, ws, tl->nw, &nk);
  /* dates play no part: every day is read */
  rundata_anew_pairs(tl->m, ws, tl->nw, NULL, &kw);
  mem_free(ws);
  sh.nchunks = par_chunks(nk, TL_CHUNK, TL_PAR_MIN);
  sh.bounds = mem_alloc((sh.nchunks + 2) * sizeof *sh.bounds);
  for (uint32_t c = 0; c <= sh.nchunks; c++)
    sh.bounds[c] = sh.nchunks ? (uint32_t)((uint64_t)nk * c / sh.nchunks) : 0;
  uint32_t batch = par_workers(sh.nchunks) * TL_BATCH;
  sh.nouts = batch < sh.nchunks ? batch : sh.nchunks;
  sh.outs = mem_calloc(sh.nouts + 1, sizeof *sh.outs);
  for (uint32_t c = 0; c < sh.nouts; c++) arena_init(&sh.outs[c].arena);
  sh.nworkers = par_workers(sh.nouts);
  sh.workers = mem_calloc(sh.nworkers, sizeof *sh.workers);
  for (uint32_t i = 0; i < sh.nworkers; i++) worker_init(&sh.workers[i], tl->p, tl->nw);
  for (sh.base = 0; sh.base < sh.nchunks; sh.base += sh.nouts) {
    uint32_t nb = sh.nchunks - sh.base < sh.nouts ? sh.nchunks - sh.base : sh.nouts;
    par_for(nb, slot_chunk, &sh);
    for (uint32_t c = 0; c < nb; c++) {
      TlChunk *o = &sh.outs[c];
      for (uint32_t i = 0; i < o->nfirst; i++) fn(arg, tl, &o->first[i]);
      for (uint32_t i = 0; i < o->nkept; i++) {
        TlWorld *w = &tl->worlds[o->kept[i].world];
        MVEC_PUSH(w->slots, w->nslots, w->capslots, o->kept[i]);
      }
      chunk_free(o);
    }
  }
  for (uint32_t i = 0; i < sh.nworkers; i++) {
    tl->nspans += sh.workers[i].nspans;
    arena_adopt(&tl->arena, &sh.workers[i].arena);
  }
  tl->nslots = nk;
  state_phase("timeline slots");
  mem_undefer(&dsh, true);
}

/* ---- flows ---- */

typedef struct FlowTmp {
  WhenChanges ch;
  WhenSpans sp;
  uint8_t *on;
  Period *pd;
  uint32_t *at;
} FlowTmp;

static void flow_tmp_free(void *v) {
  FlowTmp *t = v;
  when_changes_free(&t->ch);
  when_spans_free(&t->sp);
  mem_free(t->on);
  mem_free(t->pd);
  mem_free(t->at);
  memset(t, 0, sizeof *t);
}

/* The periods in which w reads flow clause c active, asked once per
 * interval of its change dates; appended to w's flows when there are
 * any. */
static void flow_one(Timeline *tl, TlWorld *tw, FlowTmp *t, const Clause *c) {
  World undated = world_at(tw->w, 0);
  View v;
  world_view(&undated, c, &v);
  t->ch.n = 0;
  when_clause_changes(c, &v, &t->ch);
  when_changes_sort(&t->ch);
  when_spans(&t->ch, &t->sp);
  t->on = mem_realloc(t->on, t->sp.n);
  t->pd = mem_realloc(t->pd, t->sp.n * sizeof *t->pd);
  t->at = mem_realloc(t->at, t->sp.n * sizeof *t->at);
  for (uint32_t i = 0; i < t->sp.n; i++) {
    World day = world_at(tw->w, when_span_day(&t->sp.v[i]));
    View dv;
    world_view(&day, c, &dv);
    t->on[i] = dv.fate == FATE_ACTIVE;
  }
  uint32_t n = when_merge(&t->sp, t->on, 1, t->pd, t->at), k = 0;
  for (uint32_t i = 0; i < n; i++)
    if (t->on[t->at[i]]) t->pd[k++] = t->pd[i];
  if (!k) return;
  TlFlow f = {c, v.b, arena_alloc(&tl->arena, k * sizeof(Period)), k};
  memcpy(f.pd, t->pd, k * sizeof(Period));
  MVEC_PUSH(tw->flows, tw->nflows, tw->capflows, f);
}

static int cmp_flow(const void *a, const void *b) {
  const TlFlow *x = a, *y = b;
  if (x->c->index != y->c->index) return x->c->index < y->c->index ? -1 : 1;
  return (x->b > y->b) - (x->b < y->b);
}

/* Every flow a world reads (the model's by key, its own), active on some
 * day, by clause. */
static void world_flows(Timeline *tl, TlWorld *tw, FlowTmp *t) {
  const SlotMap *fm = &tl->m->flows;
  World undated = world_at(tw->w, 0);
  uint64_t *keys = NULL;
  uint32_t n = 0, cap = 0;
  Defer d;
  mem_defer(&d, mem_free_ptr, &keys);
  model_slot_keys(fm, &keys, &n, &cap);
  /* the model's flows by key; the world's own once, after them */
  for (uint32_t i = 0; i < n; i++) {
    const ClauseVec *v = model_slot(fm, keys[i]);
    for (uint32_t j = 0; v && j < v->n; j++) {
      View vw;
      world_view(&undated, v->v[j], &vw);
      if (eval_model_reads(&vw)) flow_one(tl, tw, t, v->v[j]);
    }
  }
  for (uint32_t i = 0; i < tw->w->xflows.n; i++)
    flow_one(tl, tw, t, tw->w->xflows.v[i]);
  mem_undefer(&d, true);
  if (tw->nflows) qsort(tw->flows, tw->nflows, sizeof *tw->flows, cmp_flow);
}

static bool same_flow(const TlFlow *x, const TlFlow *y) {
  return x->c == y->c && x->b == y->b && when_same(x->pd, x->npd, y->pd, y->npd);
}

/* After the first world, only the flows whose periods differ from the
 * first world's, and those of the first world it does not have (no
 * period: never). */
static void differing_flows(Timeline *tl, TlWorld *tw) {
  const TlWorld *w0 = &tl->worlds[0];
  TlFlow *mine = tw->flows;
  uint32_t n = tw->nflows, i = 0, j = 0;
  tw->flows = NULL;
  tw->nflows = tw->capflows = 0;
  Defer d;
  mem_defer(&d, mem_free_ptr, &mine);
  while (i < n || j < w0->nflows) {
    int c = i == n ? 1 : j == w0->nflows ? -1 : cmp_flow(&mine[i], &w0->flows[j]);
    if (c == 0 && same_flow(&mine[i], &w0->flows[j])) {
      i++, j++;
    } else if (c <= 0) {
      MVEC_PUSH(tw->flows, tw->nflows, tw->capflows, mine[i]);
      i++;
      j += c == 0;
    } else {
      TlFlow gone = {w0->flows[j].c, w0->flows[j].b, NULL, 0};
      MVEC_PUSH(tw->flows, tw->nflows, tw->capflows, gone);
      j++;
    }
  }
  mem_undefer(&d, true);
}

static void build_flows(Timeline *tl) {
  FlowTmp t = {0};
  Defer d;
  mem_defer(&d, flow_tmp_free, &t);
  for (uint32_t k = 0; k < tl->nw; k++) {
    world_flows(tl, &tl->worlds[k], &t);
    if (k) differing_flows(tl, &tl->worlds[k]);
  }
  mem_undefer(&d, true);
  state_phase("timeline flows");
}

/* ---- the whole ---- */

Timeline *timeline_new(Model *m, World **ws, uint32_t nw) {
  Timeline *tl = mem_calloc(1, sizeof *tl);
  Defer d;
  mem_defer(&d, (void (*)(void *))timeline_free, tl);
  tl->m = m;
  tl->p = m->p;
  tl->shell.m = m;
  tl->shell.p = m->p;
  tl->nw = nw;
  arena_init(&tl->arena);
  arena_init(&tl->shell.arena);
  tl->worlds = mem_calloc(nw ? nw : 1, sizeof *tl->worlds);
  for (uint32_t k = 0; k < nw; k++) tl->worlds[k].w = ws[k];
  tl->asof = nw ? ws[0]->date : 0;
  mem_undefer(&d, false);
  return tl;
}

void timeline_free(Timeline *tl) {
  if (!tl) return;
  for (uint32_t k = 0; tl->worlds && k < tl->nw; k++) {
    mem_free(tl->worlds[k].slots);
    mem_free(tl->worlds[k].flows);
  }
  mem_free(tl->worlds);
  arena_free(&tl->arena);
  arena_free(&tl->shell.arena);
  mem_free(tl);
}

void timeline_build(Timeline *tl, TlSlotFn fn, void *arg) {
  if (tl->nw) build_slots(tl, fn, arg);
  build_flows(tl);
}

uint32_t timeline_key(const TlSlot *s, uint32_t j, Period *out, uint8_t *st) {
  uint32_t n = 0;
  for (uint32_t k = 0; k < s->npd; k++) {
    uint8_t v = rundata_slot_st(s->s, k)[j];
    if (n && st[n - 1] == v) {
      out[n - 1].to = s->pd[k].to;
      continue;
    }
    out[n] = s->pd[k];
    st[n++] = v;
  }
  return n;
}

bool timeline_key_changes(const TlSlot *s, uint32_t j) {
  uint8_t v0 = rundata_slot_st0(s->s)[j] & 3;
  for (uint32_t k = 1; k < s->npd; k++)
    if ((rundata_slot_st(s->s, k)[j] & 3) != v0) return true;
  return false;
}

void timeline_changes(const Timeline *tl, const TlSlot *s, WhenChanges *ch) {
  ch->n = 0;
  when_slot_changes(tl->worlds[s->world].w, rundata_slot_key(s->s), ch);
  when_changes_sort(ch);
}

bool timeline_bears(const WhenWhy *y, int32_t q) {
  bool oblige, excl;
  return eval_norm(y->b, q, &oblige, &excl) != 0;
}
