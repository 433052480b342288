/* rundata: the worlds of a report and the statuses of every slot's keys.
 *
 * Every slot is evaluated in the first world, for the parties its
 * clauses name and, as one, for every other party.  Another world can
 * read a slot otherwise only where its outcomes (or the first world's)
 * can change a clause (model_reach), or everywhere when its date differs:
 * those slots are evaluated in it too, and keep statuses of their own.
 * The slots are shared out in chunks (par_for); each chunk writes its own
 * slots, rows and breach-map entries, joined in chunk order. */
#include "rundata.h"

#include <stdlib.h>
#include <string.h>

#include "literal.h"
#include "par.h"

/* ---- statuses ---- */

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

RunSlot *rundata_find_slot(const RunData *d, uint64_t key) {
  uint32_t lo = 0, hi = d->nslots;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (rundata_slot_key(d->slots[mid]) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo < d->nslots && rundata_slot_key(d->slots[lo]) == key ? d->slots[lo] : NULL;
}

/* ---- which worlds read which slots anew ---- */

typedef RunKeyWorld KeyWorld;
typedef RunKeyWorlds KwVec;

static int cmp_kw(const void *a, const void *b) {
  const KeyWorld *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return (x->world > y->world) - (x->world < y->world);
}

struct world_slots_arg {
  void (*fn)(void *, uint64_t);
  void *arg;
};

static void world_clause_slot(void *v, uint64_t key, bool flow) {
  struct world_slots_arg *x = v;
  if (!flow) x->fn(x->arg, key);
}

void rundata_world_slots(Model *m, const World *w,
                         void (*fn)(void *, uint64_t), void *arg) {
  struct world_slots_arg x = {fn, arg};
  for (uint32_t i = 0; i < w->nchosen; i++) {
    const Reach *r = model_reach(m, w->chosen[i]);
    for (uint32_t k = 0; k < r->n; k++)
      model_clause_slots(m, m->p->clauses[r->v[k]], world_clause_slot, &x);
  }
  uint64_t *keys = NULL;
  uint32_t n = 0, cap = 0;
  Defer d;
  mem_defer(&d, mem_free_ptr, &keys);
  model_slot_keys(&w->extra, &keys, &n, &cap);
  for (uint32_t i = 0; i < n; i++) fn(arg, keys[i]);
  mem_undefer(&d, true);
}

static void kw_slot(void *v, uint64_t key) {
  KwVec *kw = v;
  MVEC_PUSH(kw->v, kw->n, kw->cap, ((KeyWorld){key, kw->world}));
}

void rundata_anew_pairs(Model *m, World **ws, uint32_t nw, const bool *skip,
                        RunKeyWorlds *kw) {
  for (uint32_t k = 1; k < nw; k++) {
    if (skip && skip[k]) continue;
    kw->world = k;
    rundata_world_slots(m, ws[k], kw_slot, kw);
    rundata_world_slots(m, ws[0], kw_slot, kw);
  }
  if (!kw->n) return;
  qsort(kw->v, kw->n, sizeof *kw->v, cmp_kw);
  uint32_t u = 1;
  for (uint32_t i = 1; i < kw->n; i++)
    if (kw->v[i].key != kw->v[u - 1].key || kw->v[i].world != kw->v[u - 1].world)
      kw->v[u++] = kw->v[i];
  kw->n = u;
}

uint32_t rundata_anew_first(const RunKeyWorlds *kw, uint64_t key) {
  uint32_t q = 0, hi = kw->n;
  while (q < hi) {
    uint32_t mid = q + (hi - q) / 2;
    if (kw->v[mid].key < key) q = mid + 1;
    else hi = mid;
  }
  return q;
}

/* The slots each world k >= 1 may read otherwise than the first, sorted
 * by key then world, once each; a world whose date differs reads every
 * slot anew (marked, not listed). */
static void anew_pairs(RunData *d, World **ws, uint32_t nw, KwVec *kw) {
  bool *skip = mem_tcalloc(nw + 1, sizeof *skip);
  for (uint32_t k = 1; k < nw; k++)
    skip[k] = d->worlds[k].anew = ws[k]->date != ws[0]->date;
  rundata_anew_pairs(d->m, ws, nw, skip, kw);
  mem_free(skip);
}

/* ---- one chunk of slots ---- */

/* What one chunk makes: its slots (their blocks in the worker's arena),
 * markets, rows (row numbers its own, from 0), and the sides of contested
 * keys: the first world's, and per other world those that differ. */
typedef struct ChunkOut {
  RunSlot **slots;
  uint32_t nslots, capslots;
  RunSlot **markets;
  uint32_t nmarkets, capmarkets;
  RunRow *rows;
  uint32_t nrows, caprows;
  RunSides sides0;
  RunSides *sides;          /* per world, allocated on first use */
} ChunkOut;

/* A worker's own: scratch, arena and temporaries, kept from chunk to
 * chunk. */
typedef struct Worker {
  EvalScratch x;
  Arena arena;
  RunNames nm;              /* the slot's parties, groups, market */
  uint32_t *wl;             /* worlds reading the slot anew */
  uint8_t *st;              /* statuses: world 0, then one row per wl */
  size_t capst;
  RunSides stage;           /* sides of the slot's keys, row = j, per world */
  uint32_t *stage_from;     /* per world of the slot: its sides start */
  uint32_t *lo;             /* per world of the slot: a cursor in them */
  uint8_t *named;
} Worker;

typedef struct SlotShare {
  RunData *d;
  World **ws;
  uint32_t nw;
  RunRowsMode rows;
  const uint64_t *keys;
  uint32_t *bounds;         /* chunk c: keys bounds[c] .. bounds[c + 1] */
  uint32_t nchunks;
  const KwVec *kw;
  uint32_t *all;            /* worlds that read every slot anew */
  uint32_t nall;
  Worker *workers;
  uint32_t nworkers;
  ChunkOut *outs;
} SlotShare;

static int cmp_i32(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

/* ---- the filter ---- */

bool rundata_filter_key(const Program *p, const RunFilter *f, uint64_t key) {
  if (!f) return true;
  if (f->act && model_slot_action(key) != (uint32_t)f->act->h.index) return false;
  if (!f->product) return true;
  const Decl *obj = model_slot_object(p, key & ((1ull << 33) - 1));
  if (obj->kind != K_PRODUCT) return false;
  /* the product or one below it; the parents' chain has no cycle (the
   * resolver refuses one) */
  for (const Product *x = (const Product *)obj; x; x = x->up)
    if (x == f->product) return true;
  return false;
}

bool rundata_filter_flow(const RunFilter *f, const Body *b) {
  if (!f || f->party < 0) return true;
  return (b->fp && b->fp->h.index == f->party) ||
         (b->fq && b->fq->h.index == f->party);
}

/* ---- the names of a slot ---- */

void rundata_names_init(RunNames *x, uint32_t nparties) {
  memset(x, 0, sizeof *x);
  x->stamp = mem_calloc((size_t)nparties + 1, sizeof *x->stamp);
}

void rundata_names_free(RunNames *x) {
  mem_free(x->stamp);
  mem_free(x->parties);
  mem_free(x->among);
  memset(x, 0, sizeof *x);
}

void rundata_names_begin(RunNames *x) {
  x->np = x->namong = 0;
  x->market = false;
  x->mark++;
}

static void names_party(void *v, int32_t q) {
  RunNames *x = v;
  if (x->stamp[q] == x->mark) return;
  x->stamp[q] = x->mark;
  MVEC_PUSH(x->parties, x->np, x->capp, q);
}

void rundata_names_add(RunNames *x, const Body *b, const Decl *written,
                       const Decl *obj) {
  eval_norm_parties(b, names_party, x);
  if (b->only && b->has_among && body_among(b)) {
    Group *g = body_among(b);
    uint32_t i = 0;
    while (i < x->namong && x->among[i] != g) i++;
    if (i == x->namong) MVEC_PUSH(x->among, x->namong, x->capamong, g);
  }
  if (obj->kind == K_PRODUCT && written == obj) x->market = true;
}

void rundata_names_end(RunNames *x, const Decl *obj) {
  if (obj->kind == K_PRODUCT && ((const Product *)obj)->own)
    names_party(x, ((const Product *)obj)->own->h.index);
  if (x->np) qsort(x->parties, x->np, sizeof *x->parties, cmp_i32);
}

/* The parties a slot's clauses name in the first world and in the worlds
 * wl[] that read it anew (the others add no clause of their own to it),
 * plus the owner; its among groups, in world order; and whether it is a
 * market (a clause names the product itself). */
static void slot_parties(Worker *x, World **ws, uint32_t nwl, uint64_t key,
                         const Decl *obj) {
  rundata_names_begin(&x->nm);
  Model *m = ws[0]->m;
  for (uint32_t v = 0; v <= nwl; v++) {
    const World *w = ws[v ? x->wl[v - 1] : 0];
    const ClauseVec *lists[2] = {v ? NULL : model_slot(&m->norms, key),
                                 model_slot(&w->extra, key)};
    for (int k = 0; k < 2; k++)
      for (uint32_t i = 0; lists[k] && i < lists[k]->n; i++) {
        View vw;
        world_view(w, lists[k]->v[i], &vw);
        /* the model's clauses as written, the world's own as it reads them */
        const Body *b = k == 0 ? lists[k]->v[i]->body : vw.b;
        const Decl *written = k == 0 ? b->obj : vw.obj;
        rundata_names_add(&x->nm, b, written, obj);
      }
  }
  rundata_names_end(&x->nm, obj);
}

/* One world's pass over the slot: statuses (with RUN_COVERED) into
 * st[0..np], and the sides of its contested keys, staged with row = the
 * party's position (np: the rest). */
typedef struct PassArg {
  Worker *x;
  uint8_t *st;
} PassArg;

static void pass_key(void *arg, uint32_t i, const KeyResult *r) {
  PassArg *a = arg;
  a->st[i] = (uint8_t)((uint8_t)r->st | (r->by_default ? 0 : RUN_COVERED));
  if (r->st == ST_CONTESTED) rundata_key_sides(&a->x->stage, r, i);
}

/* Is position j of a slot a row, from its statuses in the first world
 * and in the worlds reading it anew? */
static bool wanted(const uint8_t *st, uint32_t nwl, uint32_t stride,
                   uint32_t j, RunRowsMode mode) {
  uint8_t s0 = st[j] & 3;
  bool covered = (st[j] & RUN_COVERED) != 0, differs = s0 == ST_CONTESTED;
  for (uint32_t a = 1; a <= nwl; a++) {
    uint8_t v = st[(size_t)a * stride + j];
    covered |= (v & RUN_COVERED) != 0;
    if ((v & 3) != s0) differs = true;
  }
  return mode == RUN_ROWS_ALL ? covered || differs : differs;
}

static void push_row(ChunkOut *o, RunSlot *s, int32_t j, int32_t party) {
  RunRow r = {s, j, party};
  MVEC_PUSH(o->rows, o->nrows, o->caprows, r);
}

/* The worlds that read key anew, in order: the pairs of kw from *q on,
 * merged with the worlds that read every slot anew. */
static uint32_t worlds_of(const SlotShare *sh, uint64_t key, uint32_t *q,
                          uint32_t *wl) {
  const KwVec *kw = sh->kw;
  while (*q < kw->n && kw->v[*q].key < key) (*q)++;
  uint32_t n = 0, a = 0;
  for (; *q < kw->n && kw->v[*q].key == key; (*q)++) {
    uint32_t k = kw->v[*q].world;
    while (a < sh->nall && sh->all[a] < k) wl[n++] = sh->all[a++];
    if (a < sh->nall && sh->all[a] == k) a++;
    wl[n++] = k;
  }
  while (a < sh->nall) wl[n++] = sh->all[a++];
  return n;
}

/* The position of party q among the slot's named parties (sorted), or
 * -1. */
static int32_t slot_position(const RunSlot *s, int32_t q) {
  const int32_t *v = rundata_slot_parties(s);
  uint32_t lo = 0, hi = s->np;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (v[mid] < q) lo = mid + 1;
    else hi = mid;
  }
  return lo < s->np && v[lo] == q ? (int32_t)lo : -1;
}

/* The slot's block: the slot, its among groups, parties and statuses in
 * the first world, and in the worlds that read it anew where they keep
 * their own. */
static RunSlot *slot_block(const SlotShare *sh, Worker *x, uint64_t key,
                           uint32_t nwl, ChunkOut *o) {
  Program *p = sh->d->p;
  uint32_t np = x->nm.np, stride = np + 1;
  RunSlot *s = arena_alloc(&x->arena, sizeof(RunSlot) +
                                          x->nm.namong * sizeof(Group *) +
                                          np * sizeof(int32_t) + np + 1);
  s->act = p->actions[model_slot_action(key)];
  s->obj = model_slot_object(p, key & ((1ull << 33) - 1));
  s->np = np;
  s->namong = x->nm.namong;  /* before the arrays: they follow the groups */
  if (x->nm.namong) memcpy(rundata_slot_among(s), x->nm.among, x->nm.namong * sizeof *x->nm.among);
  if (np) memcpy(rundata_slot_parties(s), x->nm.parties, np * sizeof *x->nm.parties);
  memcpy(rundata_slot_st0(s), x->st, stride);
  /* a world that reads every slot anew keeps only what differs */
  uint32_t nalt = 0;
  for (uint32_t v = 1; v <= nwl; v++)
    nalt += !sh->d->worlds[x->wl[v - 1]].anew ||
            memcmp(x->st + (size_t)v * stride, x->st, stride) != 0;
  if (nalt) s->alt = arena_alloc(&x->arena, nalt * sizeof *s->alt);
  for (uint32_t v = 1; v <= nwl; v++) {
    const uint8_t *st = x->st + (size_t)v * stride;
    bool same = !memcmp(st, x->st, stride);
    if (same && sh->d->worlds[x->wl[v - 1]].anew) continue;
    RunAlt *al = &s->alt[s->nalt++];
    al->world = x->wl[v - 1];
    if (same) {
      al->st = rundata_slot_st0(s);
    } else {
      uint8_t *c = arena_alloc(&x->arena, stride);
      memcpy(c, st, stride);
      al->st = c;
    }
  }
  s->market = x->nm.market &&
              (sh->d->filter.party < 0 || slot_position(s, sh->d->filter.party) >= 0);
  s->id = o->nslots;
  MVEC_PUSH(o->slots, o->nslots, o->capslots, s);
  if (s->market) MVEC_PUSH(o->markets, o->nmarkets, o->capmarkets, s);
  return s;
}

/* The rows of a slot: its wanted named parties, then the rest (as one
 * row, or one per party when they are few); with a party filter, that
 * party's row alone. */
static void slot_rows(const SlotShare *sh, Worker *x, RunSlot *s,
                      uint32_t nwl, ChunkOut *o) {
  Program *p = sh->d->p;
  uint32_t np = s->np, stride = np + 1, nrest = p->nparties - np;
  s->row0 = o->nrows;
  int32_t only = sh->d->filter.party;
  if (only >= 0) {  /* the party's row alone: its own place, or the rest's */
    int32_t k = slot_position(s, only);
    if (wanted(x->st, nwl, stride, k >= 0 ? (uint32_t)k : np, sh->rows))
      push_row(o, s, k, only);
    s->nrows = o->nrows - s->row0;
    return;
  }
  for (uint32_t k = 0; k < np; k++)
    if (wanted(x->st, nwl, stride, k, sh->rows))
      push_row(o, s, (int32_t)k, rundata_slot_parties(s)[k]);
  if (nrest && wanted(x->st, nwl, stride, np, sh->rows)) {
    if (nrest <= RUN_MAX_REST_ROWS) {
      for (uint32_t k = 0; k < np; k++) x->named[rundata_slot_parties(s)[k]] = 1;
      for (uint32_t r = 0; r < p->nparties; r++)
        if (!x->named[r]) push_row(o, s, -1, (int32_t)r);
      for (uint32_t k = 0; k < np; k++) x->named[rundata_slot_parties(s)[k]] = 0;
    } else {
      push_row(o, s, -1, -1);
    }
  }
  s->nrows = o->nrows - s->row0;
}

/* The staged sides of one world for position j, or NULL.  A world's
 * sides are in position order (eval_slot reports the positions in order)
 * and the rows ask in position order, so *lo only moves forward: a
 * slot's sides are read once, not once per row. */
static const RunSide *stage_at(const RunSides *st, uint32_t *lo, uint32_t end,
                               uint32_t j) {
  while (*lo < end && st->v[*lo].row < j) (*lo)++;
  return *lo < end && st->v[*lo].row == j ? &st->v[*lo] : NULL;
}

/* The sides of the slot's rows: the first world's, and for each world
 * reading it anew those that differ (none: no longer contested). */
static void slot_sides(const SlotShare *sh, Worker *x, const RunSlot *s,
                       uint32_t nwl, ChunkOut *o) {
  const RunSides *st = &x->stage;
  if (!st->n) return;
  uint32_t *lo = x->lo;
  for (uint32_t v = 0; v <= nwl; v++) lo[v] = x->stage_from[v];
  for (uint32_t r = s->row0; r < s->row0 + s->nrows; r++) {
    const RunRow *row = &o->rows[r];
    uint32_t j = row->j >= 0 ? (uint32_t)row->j : s->np;
    const RunSide *a = stage_at(st, &lo[0], x->stage_from[1], j);
    if (a) rundata_sides_append(&o->sides0, st, a, r);
    for (uint32_t v = 1; v <= nwl; v++) {
      const RunSide *b = stage_at(st, &lo[v], x->stage_from[v + 1], j);
      if (rundata_sides_equal(st, a, st, b)) continue;
      uint32_t k = x->wl[v - 1];
      if (!o->sides) o->sides = mem_calloc(sh->nw, sizeof *o->sides);
      RunSide none = {j, 0, 0, 0};
      rundata_sides_append(&o->sides[k], st, b ? b : &none, r);
    }
  }
}

static void slot_one(const SlotShare *sh, Worker *x, uint64_t key,
                     uint32_t *q, ChunkOut *o) {
  Program *p = sh->d->p;
  World **ws = sh->ws;
  const Action *act = p->actions[model_slot_action(key)];
  const Decl *obj = model_slot_object(p, key & ((1ull << 33) - 1));
  uint32_t nwl = worlds_of(sh, key, q, x->wl);
  slot_parties(x, ws, nwl, key, obj);
  uint32_t stride = x->nm.np + 1;
  size_t need = (size_t)stride * (nwl + 1);
  if (need > x->capst) {
    x->capst = need * 2;
    x->st = mem_realloc(x->st, x->capst);
  }
  x->stage.n = x->stage.ncl = 0;
  for (uint32_t v = 0; v <= nwl; v++) {
    x->stage_from[v] = x->stage.n;
    PassArg a = {x, x->st + (size_t)v * stride};
    eval_slot_statuses(ws[v ? x->wl[v - 1] : 0], &x->x, act, obj, x->nm.parties,
                       x->nm.np, true, true, pass_key, &a);
  }
  x->stage_from[nwl + 1] = x->stage.n;
  int32_t only = sh->d->filter.party;
  bool any;
  if (only >= 0) {  /* a market that names the party, or the party's row */
    int32_t k = -1;
    for (uint32_t j = 0; j < x->nm.np && k < 0; j++)
      if (x->nm.parties[j] == only) k = (int32_t)j;
    any = (k >= 0 && x->nm.market) ||
          wanted(x->st, nwl, stride, k >= 0 ? (uint32_t)k : x->nm.np, sh->rows);
  } else {
    any = x->nm.market;
    for (uint32_t j = 0; j <= x->nm.np && !any; j++)
      any = (j < x->nm.np || p->nparties > x->nm.np) &&
            wanted(x->st, nwl, stride, j, sh->rows);
  }
  if (!any) return;
  RunSlot *s = slot_block(sh, x, key, nwl, o);
  slot_rows(sh, x, s, nwl, o);
  slot_sides(sh, x, s, nwl, o);
}

static void slot_chunk(void *arg, uint32_t c, uint32_t worker) {
  SlotShare *sh = arg;
  Worker *x = &sh->workers[worker];
  ChunkOut *o = &sh->outs[c];
  uint32_t from = sh->bounds[c], to = sh->bounds[c + 1];
  if (from >= to) return;
  uint32_t q = rundata_anew_first(sh->kw, sh->keys[from]);
  for (uint32_t i = from; i < to; i++)
    slot_one(sh, x, sh->keys[i], &q, o);
}

static void worker_init(Worker *x, const Program *p, uint32_t nw) {
  memset(x, 0, sizeof *x);
  arena_init(&x->arena);
  rundata_names_init(&x->nm, p->nparties);
  x->named = mem_calloc(p->nparties + 1, 1);
  x->wl = mem_alloc((nw + 1) * sizeof *x->wl);
  x->stage_from = mem_alloc((nw + 2) * sizeof *x->stage_from);
  x->lo = mem_alloc((nw + 2) * sizeof *x->lo);
}

static void worker_free(Worker *x) {
  eval_scratch_free(&x->x);
  arena_free(&x->arena);
  rundata_names_free(&x->nm);
  mem_free(x->named);
  mem_free(x->wl);
  mem_free(x->stage_from);
  mem_free(x->lo);
  mem_free(x->st);
  rundata_sides_free(&x->stage);
}

static void chunk_out_free(ChunkOut *o, uint32_t nw) {
  mem_free(o->slots);
  mem_free(o->markets);
  mem_free(o->rows);
  rundata_sides_free(&o->sides0);
  for (uint32_t k = 0; o->sides && k < nw; k++) rundata_sides_free(&o->sides[k]);
  mem_free(o->sides);
  memset(o, 0, sizeof *o);
}

static void share_free(void *v) {
  SlotShare *sh = v;
  for (uint32_t i = 0; sh->workers && i < sh->nworkers; i++)
    worker_free(&sh->workers[i]);
  for (uint32_t c = 0; sh->outs && c < sh->nchunks; c++)
    chunk_out_free(&sh->outs[c], sh->nw);
  mem_free(sh->workers);
  mem_free(sh->outs);
  mem_free(sh->bounds);
  mem_free(sh->all);
  mem_free((void *)sh->keys);
  mem_free(sh->kw->v);
  memset(sh, 0, sizeof *sh);
}

/* Room for exactly n more in a vector (its final size known). */
#define RESERVE(v, n, cap, more)                                              \
  do {                                                                        \
    if ((uint64_t)(n) + (more) > UINT32_MAX) mem_throw();                     \
    if ((n) + (more) > (cap)) {                                               \
      (cap) = (n) + (more);                                                   \
      (v) = mem_realloc((v), ((size_t)(cap) + 1) * sizeof *(v));              \
    }                                                                         \
  } while (0)

/* The chunks' slots and rows, joined in chunk order into d, each array
 * sized once; row0[c]: where chunk c's rows start. */
static void chunks_join(RunData *d, SlotShare *sh, uint32_t *row0) {
  uint64_t ns = 0, nm = 0, nr = 0;
  for (uint32_t c = 0; c < sh->nchunks; c++) {
    ns += sh->outs[c].nslots;
    nm += sh->outs[c].nmarkets;
    nr += sh->outs[c].nrows;
  }
  RESERVE(d->slots, d->nslots, d->capslots, ns);
  RESERVE(d->markets, d->nmarkets, d->capmarkets, nm);
  if (nr > UINT32_MAX) mem_throw();
  RESERVE(d->rows, d->nrows, d->caprows, nr);
  for (uint32_t c = 0; c < sh->nchunks; c++) {
    ChunkOut *o = &sh->outs[c];
    uint32_t ds = d->nslots;
    row0[c] = d->nrows;
    for (uint32_t i = 0; i < o->nslots; i++) {
      RunSlot *sl = o->slots[i];
      sl->id += ds;
      sl->row0 += row0[c];
      d->slots[d->nslots++] = sl;
    }
    for (uint32_t i = 0; i < o->nmarkets; i++) d->markets[d->nmarkets++] = o->markets[i];
    /* each chunk's rows freed once copied into the whole, reserved at
     * once: its pages are touched as they are filled, so the rows are
     * held twice one chunk at a time (a vector grown by realloc may be
     * copied whole) */
    if (o->nrows) memcpy(d->rows + d->nrows, o->rows, o->nrows * sizeof *o->rows);
    d->nrows += o->nrows;
    mem_free(o->slots);
    mem_free(o->markets);
    mem_free(o->rows);
    o->slots = o->markets = NULL;
    o->rows = NULL;
  }
}

/* One world's sides, joined from the chunks' in chunk order (rows
 * counted from row0[c]): reserved whole at once, each chunk's freed once
 * copied. */
static void join_sides(RunSides *const *seg, const uint32_t *row0,
                       uint32_t nseg, RunSides *out) {
  uint64_t n = 0, ncl = 0;
  for (uint32_t c = 0; c < nseg; c++)
    if (seg[c]) n += seg[c]->n, ncl += seg[c]->ncl;
  memset(out, 0, sizeof *out);
  if (!n) return;
  if (n > UINT32_MAX || ncl > UINT32_MAX) mem_throw();
  out->v = mem_alloc((size_t)(n + 1) * sizeof *out->v);
  out->cl = mem_alloc((size_t)(ncl + 1) * sizeof *out->cl);
  out->cap = (uint32_t)n;
  out->capcl = (uint32_t)ncl;
  for (uint32_t c = 0; c < nseg; c++) {
    RunSides *x = seg[c];
    if (!x || !x->n) continue;
    for (uint32_t i = 0; i < x->n; i++) {
      RunSide t = x->v[i];
      t.row += row0[c];
      t.at += out->ncl;
      out->v[out->n++] = t;
    }
    if (x->ncl) memcpy(out->cl + out->ncl, x->cl, x->ncl * sizeof *x->cl);
    out->ncl += x->ncl;
    rundata_sides_free(x);
  }
}

/* Per world, its sides joined, and how many keys it has contested (the
 * first world's, less those its own sides say are no longer, plus those
 * it newly has). */
static void group_worlds(RunData *d, SlotShare *sh, const uint32_t *row0) {
  uint32_t nc = sh->nchunks;
  RunSides **seg = mem_talloc((nc + 1) * sizeof *seg);
  for (uint32_t k = 0; k < d->nw; k++) {
    RunWorld *rw = &d->worlds[k];
    for (uint32_t c = 0; c < nc; c++) {
      ChunkOut *o = &sh->outs[c];
      seg[c] = k == 0 ? &o->sides0 : o->sides ? &o->sides[k] : NULL;
    }
    join_sides(seg, row0, nc, &rw->sides);
    if (k == 0) {
      rw->nkeys = rw->sides.n;
      continue;
    }
    int64_t n = d->worlds[0].nkeys;
    for (uint32_t i = 0; i < rw->sides.n; i++) {
      const uint32_t *cl;
      n -= rundata_side(d, 0, rw->sides.v[i].row, &cl) != NULL;
      n += rw->sides.v[i].npos != 0;
    }
    rw->nkeys = (uint32_t)n;
  }
  mem_free(seg);
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

uint64_t *rundata_all_keys(Model *m, World **ws, uint32_t nw, uint32_t *n) {
  uint64_t *keys = NULL;
  uint32_t nk = 0, ck = 0;
  Defer d;
  mem_defer(&d, mem_free_ptr, &keys);
  model_slot_keys(&m->norms, &keys, &nk, &ck);
  for (uint32_t k = 0; k < nw; k++) model_slot_keys(&ws[k]->extra, &keys, &nk, &ck);
  if (nk) {
    qsort(keys, nk, sizeof *keys, cmp_u64);
    uint32_t u = 1;
    for (uint32_t i = 1; i < nk; i++)
      if (keys[i] != keys[u - 1]) keys[u++] = keys[i];
    nk = u;
  }
  mem_undefer(&d, false);
  *n = nk;
  return keys;
}

/* Chunks of 512 slots, shared from 4096 slots on: a chunk of a slot of
 * many parties holds a hundred thousand rows, copied while it is alive
 * when the chunks are joined. */
enum { SLOT_CHUNK = 512, SLOT_PAR_MIN = 4096 };

/* Every slot of the model and the worlds: statuses in each world, the
 * rows wanted, and the breach map. */
static void build_slots(RunData *d, World **ws, uint32_t nw,
                        const RunOpts *o) {
  Model *m = d->m;
  KwVec kw = {0};
  SlotShare sh = {.d = d, .ws = ws, .nw = nw, .rows = o->rows, .kw = &kw};
  Defer dsh;
  mem_defer(&dsh, share_free, &sh);
  uint32_t nk;
  uint64_t *keys = rundata_all_keys(m, ws, nw, &nk);
  sh.keys = keys;
  if (o->filter && (o->filter->act || o->filter->product)) {
    uint32_t u = 0;
    for (uint32_t i = 0; i < nk; i++)
      if (rundata_filter_key(d->p, o->filter, keys[i])) keys[u++] = keys[i];
    nk = u;
  }
  anew_pairs(d, ws, nw, &kw);
  sh.all = mem_alloc((nw ? nw : 1) * sizeof *sh.all);
  for (uint32_t k = 1; k < nw; k++)
    if (d->worlds[k].anew) sh.all[sh.nall++] = k;
  sh.nchunks = par_chunks(nk, SLOT_CHUNK, SLOT_PAR_MIN);
  sh.bounds = mem_alloc((sh.nchunks + 2) * sizeof *sh.bounds);
  for (uint32_t c = 0; c <= sh.nchunks; c++)
    sh.bounds[c] = sh.nchunks ? (uint32_t)((uint64_t)nk * c / sh.nchunks) : 0;
  sh.outs = mem_calloc(sh.nchunks + 1, sizeof *sh.outs);
  sh.nworkers = par_workers(sh.nchunks);
  sh.workers = mem_calloc(sh.nworkers, sizeof *sh.workers);
  for (uint32_t i = 0; i < sh.nworkers; i++) worker_init(&sh.workers[i], d->p, nw);
  state_phase("keys");
  par_for(sh.nchunks, slot_chunk, &sh);
  state_phase("statuses");
  /* the blocks first: what is joined into d is then d's whole */
  for (uint32_t i = 0; i < sh.nworkers; i++)
    arena_adopt(&d->arena, &sh.workers[i].arena);
  uint32_t *row0 = mem_talloc((sh.nchunks + 1) * sizeof *row0);
  chunks_join(d, &sh, row0);
  state_phase("join");
  group_worlds(d, &sh, row0);
  mem_undefer(&dsh, true);  /* the chunks' vectors: every one freed */
  mem_trim();
  state_phase("pairs");
  mem_free(row0);
}

/* ---- worlds ---- */

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
  Defer df;
  mem_defer(&df, (void (*)(void *))rundata_free, d);
  d->m = m;
  d->p = m->p;
  d->nw = nw;
  d->filter = o->filter ? *o->filter : (RunFilter){-1, NULL, NULL};
  arena_init(&d->arena);
  d->scratch = mem_calloc(1, sizeof *d->scratch);
  d->worlds = arena_alloc(&d->arena, (nw ? nw : 1) * sizeof *d->worlds);
  for (uint32_t k = 0; k < nw; k++) {
    d->worlds[k].w = ws[k];
    d->worlds[k].prob = world_prob(ws[k]);
  }
  if (nw) build_slots(d, ws, nw, o);
  rundata_build_flows(d);
  state_phase("flows");
  if (o->expected && nw) rundata_build_expected(d);
  state_phase("expected");
  mem_undefer(&df, false);
  return d;
}

void rundata_free(RunData *d) {
  if (!d) return;
  for (uint32_t k = 0; d->worlds && k < d->nw; k++)
    rundata_sides_free(&d->worlds[k].sides);
  if (d->scratch) eval_scratch_free(d->scratch);
  mem_free(d->scratch);
  mem_free(d->rows);
  mem_free(d->expected);
  mem_free(d->slots);
  mem_free(d->markets);
  mem_free(d->flows);
  arena_free(&d->arena);
  mem_free(d);
}
