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
  EvalCounts counts;        /* the slot's keys counted, change by change */
  Arena arena;              /* the slots kept for worlds after the first */
  RunNames nm;              /* the slot's parties, groups, market */
  uint32_t *wl;             /* the worlds reading the slot: 0, then others */
  WhenChanges *chs;         /* the slot's changes in each of them */
  WhenChanges *ch;          /* those of the world being read */
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
  /* the parties a day's changes touch: to ask again, and their columns */
  int32_t *ask;
  uint32_t *col, nask, capask;
  uint32_t *tstamp, tmark, ntstamp;
  uint32_t nchs;
  /* the clauses a world may read for the slot on some day, per world
   * read; and, for the world being read, which of them bear on each
   * column (start[j] .. start[j + 1] of idx) and on every party */
  struct ClauseList { const Clause **v; uint32_t n, cap; } *cls;
  uint32_t *start, *idx, capstart, capidx;
  uint32_t *every, nevery, capevery;
  uint32_t *cstamp, cmark, capcstamp;   /* clauses taken for a day */
  const Clause **list;
  uint32_t *pick, nlist, caplist;
  int32_t *ppos;            /* a party's column, -1 when not the slot's */
  Arena scratch;            /* the first world's slot while it is handed on */
  uint32_t index;           /* the worker's */
} TlWorker;

/* What one chunk makes: the text of the first world's slots, and the
 * other worlds' slots that differ (blocks in the worker's arena). */
typedef struct TlChunk {
  StrBuf text;
  size_t *ends;             /* where each slot's text ends */
  uint32_t nends, capends;
  TlSlot *kept;
  uint32_t nkept, capkept;
} TlChunk;

typedef struct TlShare {
  Timeline *tl;
  const TlSink *sink;
  const uint64_t *keys;
  uint32_t *bounds;         /* chunk c: keys bounds[c] .. bounds[c + 1] */
  uint32_t nchunks, base;   /* base: the batch's first chunk */
  const KwVec *kw;
  TlWorker *workers;
  uint32_t nworkers;
  TlChunk *outs;            /* of the batch */
  uint32_t nouts;
} TlShare;

typedef struct PartyArg {
  TlWorker *x;
  const Decl *obj;
  WhenChanges *ch;
  struct ClauseList *cl;
} PartyArg;

/* Every clause a world may read for the slot on some day: its changes,
 * the parties its norm names, its among group, and whether it names the
 * product (one pass for all of them); those that may speak, listed. */
static void slot_clause(void *arg, const Clause *c, const View *v) {
  PartyArg *a = arg;
  when_clause_changes(c, v, a->ch);
  if (v->fate == FATE_ACTIVE) MVEC_PUSH(a->cl->v, a->cl->n, a->cl->cap, c);
  rundata_names_add(&a->x->nm, v->b, v->obj, a->obj);
}

/* The parties of the slot in every world reading it (and the owner), so
 * that one list serves them all and the parties not named are alike;
 * and its changes in each (as when_slot_changes, sorted). */
static void slot_parties(TlWorker *x, const Timeline *tl, uint32_t nwl,
                         uint64_t key, const Decl *obj) {
  rundata_names_begin(&x->nm);
  for (uint32_t v = 0; v < nwl; v++) {
    PartyArg a = {x, obj, &x->chs[v], &x->cls[v]};
    a.ch->n = a.cl->n = 0;
    World undated = world_at(tl->worlds[x->wl[v]].w, 0);
    eval_slot_clauses(&undated, key, slot_clause, &a);
    when_changes_sort(a.ch);
  }
  rundata_names_end(&x->nm, obj);
  for (uint32_t j = 0; j < x->nm.np; j++) x->ppos[x->nm.parties[j]] = (int32_t)j;
}

/* ---- which clauses bear on which keys ---- */

typedef struct IndexArg {
  TlWorker *x;
  uint32_t clause;          /* its place in the world's list */
  bool fill;
} IndexArg;

static void index_party(void *arg, int32_t q) {
  IndexArg *a = arg;
  TlWorker *x = a->x;
  int32_t j = x->ppos[q];
  if (j < 0) return;
  if (a->fill) x->idx[x->start[j]++] = a->clause;
  else x->start[j + 1]++;
}

/* For the world's list of clauses cl: the clauses whose norm can apply
 * to each column (rule 2's parties: eval_norm_parties of the statement
 * as the world reads it), and those that speak of every party. */
static void index_clauses(TlWorker *x, const World *w,
                          const struct ClauseList *cl) {
  World undated = world_at(w, 0);
  if (x->nm.np + 2 > x->capstart) {
    x->capstart = (x->nm.np + 2) * 2;
    x->start = mem_realloc(x->start, x->capstart * sizeof *x->start);
  }
  memset(x->start, 0, (x->nm.np + 2) * sizeof *x->start);
  x->nevery = 0;
  IndexArg a = {x, 0, false};
  for (int pass = 0; pass < 2; pass++) {
    a.fill = pass == 1;
    for (uint32_t i = 0; i < cl->n; i++) {
      View v;
      world_view(&undated, cl->v[i], &v);
      a.clause = i;
      bool all = eval_norm_parties(v.b, index_party, &a);
      if (all && pass == 0) MVEC_PUSH(x->every, x->nevery, x->capevery, i);
    }
    if (pass == 0) {
      for (uint32_t j = 0; j < x->nm.np; j++) x->start[j + 1] += x->start[j];
      if (x->start[x->nm.np] + 1 > x->capidx) {
        x->capidx = (x->start[x->nm.np] + 1) * 2;
        x->idx = mem_realloc(x->idx, x->capidx * sizeof *x->idx);
      }
    }
  }
  /* the fill moved each start to the next column's: back one */
  for (uint32_t j = x->nm.np; j > 0; j--) x->start[j] = x->start[j - 1];
  x->start[0] = 0;
  if (cl->n > x->capcstamp) {
    mem_free(x->cstamp);
    x->cstamp = NULL;
    x->capcstamp = cl->n * 2;
    x->cstamp = mem_calloc(x->capcstamp, sizeof *x->cstamp);
    x->cmark = 0;
  }
  if (cl->n > x->caplist) {
    x->caplist = cl->n * 2;
    x->list = mem_realloc(x->list, x->caplist * sizeof *x->list);
    x->pick = mem_realloc(x->pick, x->caplist * sizeof *x->pick);
  }
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

static void take_clause(TlWorker *x, uint32_t *pick, uint32_t *n, uint32_t i) {
  if (x->cstamp[i] == x->cmark) return;
  x->cstamp[i] = x->cmark;
  pick[(*n)++] = i;
}

/* The clauses that can bear on the parties asked (x->col), in the
 * list's order, into x->list. */
static void clauses_for(TlWorker *x, const struct ClauseList *cl) {
  if (++x->cmark == 0) {
    memset(x->cstamp, 0, x->capcstamp * sizeof *x->cstamp);
    x->cmark = 1;
  }
  uint32_t *pick = x->pick, n = 0;
  for (uint32_t k = 0; k < x->nask; k++) {
    uint32_t j = x->col[k];
    for (uint32_t i = x->start[j]; i < x->start[j + 1]; i++) take_clause(x, pick, &n, x->idx[i]);
  }
  for (uint32_t i = 0; i < x->nevery; i++) take_clause(x, pick, &n, x->every[i]);
  qsort(pick, n, sizeof *pick, cmp_u32);
  for (uint32_t i = 0; i < n; i++) x->list[i] = cl->v[pick[i]];
  x->nlist = n;
}

typedef struct PassArg {
  uint8_t *st;
  const uint32_t *col;      /* the column of each party asked; NULL: its
                               position */
} PassArg;

static void pass_key(void *arg, uint32_t i, const KeyResult *r) {
  PassArg *a = arg;
  a->st[a->col ? a->col[i] : i] =
      (uint8_t)((uint8_t)r->st | (r->by_default ? 0 : RUN_COVERED));
}

/* The parties whose keys the changes ch->v[from .. from + n) can change:
 * those the changed statements name (rule 2: eval_norm_parties), into
 * x->ask with their columns in x->col; false when some statement speaks
 * of every party (then every key is asked again). */
static void touch_party(void *arg, int32_t q) {
  TlWorker *x = arg;
  if (x->tstamp[q] == x->tmark) return;
  x->tstamp[q] = x->tmark;
  int32_t j = x->ppos[q];
  if (j < 0) return;  /* not the slot's: cannot happen, kept safe */
  x->ask[x->nask] = q;
  x->col[x->nask++] = (uint32_t)j;
}

static bool touched(TlWorker *x, uint32_t from, uint32_t n) {
  x->nask = 0;
  if (++x->tmark == 0) {
    memset(x->tstamp, 0, x->ntstamp * sizeof *x->tstamp);
    x->tmark = 1;
  }
  for (uint32_t i = from; i < from + n; i++)
    if (eval_norm_parties(x->ch->v[i].b, touch_party, x)) return false;
  return true;
}

/* ---- the keys counted, change by change ---- */

static void touch_col(void *arg, uint32_t j) {
  TlWorker *x = arg;
  if (x->tstamp[j] == x->tmark) return;
  x->tstamp[j] = x->tmark;
  x->col[x->nask++] = j;
}

static void new_mark(TlWorker *x) {
  if (++x->tmark == 0) {
    memset(x->tstamp, 0, x->ntstamp * sizeof *x->tstamp);
    x->tmark = 1;
  }
}

/* The statuses of the columns x->col[0..nask) of interval st from the
 * counts; those that cannot be counted are asked of the day's world on
 * the clauses that can bear on them (eval_slot_list). */
static void counted_cols(TlWorker *x, const World *day, const World *w,
                         const struct ClauseList *cl, bool *indexed,
                         const Action *act, const Decl *obj, uint8_t *st) {
  uint32_t nhits = 0;
  for (uint32_t k = 0; k < x->nask; k++) {
    uint32_t j = x->col[k];
    Status s;
    bool dflt;
    if (eval_counts_key(&x->counts, j, &s, &dflt))
      st[j] = (uint8_t)((uint8_t)s | (dflt ? 0 : RUN_COVERED));
    else
      x->col[nhits++] = j;  /* never the rest: it has no cells */
  }
  if (!nhits) return;
  if (!*indexed) index_clauses(x, w, cl);
  *indexed = true;
  x->nask = nhits;
  for (uint32_t k = 0; k < nhits; k++) x->ask[k] = x->nm.parties[x->col[k]];
  clauses_for(x, cl);
  PassArg a = {st, x->col};
  eval_slot_list(day, &x->x, act, obj, x->list, x->nlist, x->ask, x->nask,
                 pass_key, &a);
}

/* The slot in one world by counts (eval_counts_begin said yes): the
 * first interval from every clause active on its day, each later one
 * from the one before and the clauses that start or stop on its first
 * day — a change costs the keys its clause names, not the slot. */
static void slot_counted(TlWorker *x, const World *w, const WhenChanges *ch,
                         const struct ClauseList *cl, const Action *act,
                         const Decl *obj) {
  uint32_t ns = x->sp.n, stride = x->nm.np + 1;
  World undated = world_at(w, 0);
  bool indexed = false;
  for (uint32_t i = 0, c = 0; i < ns; i++) {
    World day = world_at(w, when_span_day(&x->sp.v[i]));
    uint8_t *st = x->st + (size_t)i * stride;
    new_mark(x);
    x->nask = 0;
    bool every = false;
    if (i == 0) {
      for (uint32_t k = 0; k < cl->n; k++) {
        View v;
        world_view(&day, cl->v[k], &v);
        if (v.fate == FATE_ACTIVE) eval_counts_clause(&x->counts, cl->v[k], &v, 1, NULL, NULL);
      }
      every = true;
    } else {
      memcpy(st, st - stride, stride);
      uint32_t n = when_changes_on(ch, x->sp.v[i].from, &c);
      for (uint32_t e = c; e < c + n; e++) {
        const WhenWhy *y = &ch->v[e];
        /* a clause starts or stops once a day, though two of its dates
         * may say so (sorted: such entries are neighbours) */
        if (e > c && y[-1].c == y->c && y[-1].starts == y->starts) continue;
        View v;
        world_view(&undated, y->c, &v);
        every |= eval_counts_clause(&x->counts, y->c, &v, y->starts ? 1 : -1,
                                    touch_col, x);
      }
    }
    if (every) {
      x->nask = 0;
      for (uint32_t j = 0; j < stride; j++) x->col[x->nask++] = j;
    }
    counted_cols(x, &day, w, cl, &indexed, act, obj, st);
  }
  eval_counts_end(&x->counts);
}

/* The slot in one world, an interval at a time: every key in the first,
 * after it those the day's changes can change (a key's status reads only
 * the norms that apply to it), the others as the day before. */
static void slot_stepped(TlWorker *x, const World *w, const WhenChanges *ch,
                         const struct ClauseList *cl, const Action *act,
                         const Decl *obj) {
  uint32_t ns = x->sp.n, stride = x->nm.np + 1;
  if (ch->n) index_clauses(x, w, cl);
  for (uint32_t i = 0, c = 0; i < ns; i++) {
    World day = world_at(w, when_span_day(&x->sp.v[i]));
    uint8_t *st = x->st + (size_t)i * stride;
    uint32_t n = 0;
    if (i) {
      n = when_changes_on(x->ch, x->sp.v[i].from, &c);
      memcpy(st, st - stride, stride);
    }
    if (i && touched(x, c, n)) {
      /* the parties touched, on the clauses that can bear on them */
      PassArg a = {st, x->col};
      if (x->nask) {
        clauses_for(x, cl);
        eval_slot_list(&day, &x->x, act, obj, x->list, x->nlist, x->ask,
                       x->nask, pass_key, &a);
      }
    } else {
      PassArg a = {st, NULL};
      eval_slot_statuses(&day, &x->x, act, obj, x->nm.parties, x->nm.np, true, false,
                         pass_key, &a);
    }
  }
}

/* The slot in one world: its change dates, one evaluation of its keys
 * per interval, neighbours with the same statuses merged; into x->pd,
 * x->npd and x->st (period k's statuses at k * (np + 1)). */
static void slot_world(TlWorker *x, const World *w, const WhenChanges *ch,
                       const struct ClauseList *cl, const Action *act,
                       const Decl *obj) {
  when_spans(ch, &x->sp);
  uint32_t ns = x->sp.n, stride = x->nm.np + 1;
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
  if (stride > x->capask) {
    x->capask = stride * 2;
    x->ask = mem_realloc(x->ask, x->capask * sizeof *x->ask);
    x->col = mem_realloc(x->col, x->capask * sizeof *x->col);
  }
  World undated = world_at(w, 0);
  if (ch->n && eval_counts_begin(&x->counts, &undated, &x->x, obj, x->nm.parties,
                                 x->nm.np, cl->v, cl->n))
    slot_counted(x, w, ch, cl, act, obj);
  else
    slot_stepped(x, w, ch, cl, act, obj);
  x->npd = when_merge(&x->sp, x->st, stride, x->pd, x->at);
  for (uint32_t k = 0; k < x->npd; k++)
    if (x->at[k] != k)
      memmove(x->st + (size_t)k * stride, x->st + (size_t)x->at[k] * stride, stride);
}

/* The result of the first world, kept to compare the others with. */
static void keep_first(TlWorker *x) {
  size_t n = (size_t)x->npd * (x->nm.np + 1);
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
         !memcmp(x->st, x->st0, (size_t)x->npd * (x->nm.np + 1));
}

/* Is a key's status (not only its coverage) different in some period? */
static bool column_changes(const uint8_t *st, uint32_t npd, uint32_t stride,
                           uint32_t j) {
  for (uint32_t k = 1; k < npd; k++)
    if ((st[(size_t)k * stride + j] & 3) != (st[j] & 3)) return true;
  return false;
}

static bool wanted_first(const TlWorker *x, const Program *p) {
  if (x->nm.market) return true;
  uint32_t stride = x->nm.np + 1;
  for (uint32_t j = 0; j <= x->nm.np; j++)
    if ((j < x->nm.np || p->nparties > x->nm.np) &&
        column_changes(x->st, x->npd, stride, j))
      return true;
  return false;
}

/* The slot's block in arena a: a RunSlot whose "worlds" are the periods
 * pd[0..npd) with statuses st, and the periods. */
static TlSlot slot_block(const TlWorker *x, const Program *p, Arena *a,
                         uint64_t key, uint32_t world, const Period *pd,
                         uint32_t npd, const uint8_t *st,
                         const WhenChanges *ch) {
  uint32_t np = x->nm.np, stride = np + 1;
  RunSlot *s = arena_alloc(a, sizeof(RunSlot) + x->nm.namong * sizeof(Group *) +
                                  np * sizeof(int32_t) + stride);
  memset(s, 0, sizeof *s);
  s->act = p->actions[model_slot_action(key)];
  s->obj = model_slot_object(p, key & ((1ull << 33) - 1));
  s->np = np;
  s->namong = x->nm.namong;  /* before the arrays: they follow the groups */
  s->market = x->nm.market;
  if (x->nm.namong) memcpy(rundata_slot_among(s), x->nm.among, x->nm.namong * sizeof *x->nm.among);
  if (np) memcpy(rundata_slot_parties(s), x->nm.parties, np * sizeof *x->nm.parties);
  memcpy(rundata_slot_st0(s), st, stride);
  uint8_t *all = arena_alloc(a, (size_t)npd * stride);
  memcpy(all, st, (size_t)npd * stride);
  if (npd > 1) {
    s->alt = arena_alloc(a, (npd - 1) * sizeof *s->alt);
    for (uint32_t k = 1; k < npd; k++) s->alt[k - 1] = (RunAlt){k, all + (size_t)k * stride};
    s->nalt = npd - 1;
  }
  WhenWhy *why = arena_alloc(a, (ch->n ? ch->n : 1) * sizeof *why);
  if (ch->n) memcpy(why, ch->v, ch->n * sizeof *why);
  TlSlot t = {s, arena_alloc(a, npd * sizeof(Period)), npd, world, all, why,
              ch->n, NULL};
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
    x->ch = &x->chs[v];
    slot_world(x, tl->worlds[k].w, x->ch, &x->cls[v], act, obj);
    if (v == 0) {
      keep_first(x);
      if (sh->sink->slot && wanted_first(x, p)) {
        TlSlot t = slot_block(x, p, &x->scratch, key, 0, x->pd, x->npd, x->st,
                              x->ch);
        sh->sink->slot(sh->sink->arg, x->index, &o->text, &t);
        MVEC_PUSH(o->ends, o->nends, o->capends, o->text.n);
        arena_rewind(&x->scratch);
      }
    } else if (!same_as_first(x)) {
      if (!first) {
        first = arena_alloc(&x->arena, sizeof *first);
        *first = slot_block(x, p, &x->arena, key, 0, x->pd0, x->npd0, x->st0,
                            &x->chs[0]);
      }
      TlSlot t = slot_block(x, p, &x->arena, key, k, x->pd, x->npd, x->st,
                            x->ch);
      t.first = first;
      MVEC_PUSH(o->kept, o->nkept, o->capkept, t);
    }
  }
  for (uint32_t j = 0; j < x->nm.np; j++) x->ppos[x->nm.parties[j]] = -1;
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

static void worker_init(TlWorker *x, const Program *p, uint32_t nw,
                        uint32_t index) {
  memset(x, 0, sizeof *x);
  x->index = index;
  arena_init(&x->arena);
  arena_init(&x->scratch);
  rundata_names_init(&x->nm, p->nparties);
  x->tstamp = mem_calloc(p->nparties + 1, sizeof *x->tstamp);
  x->ntstamp = p->nparties + 1;
  x->wl = mem_alloc((nw + 1) * sizeof *x->wl);
  x->chs = mem_calloc(nw + 1, sizeof *x->chs);
  x->cls = mem_calloc(nw + 1, sizeof *x->cls);
  x->nchs = nw + 1;
  x->ppos = mem_alloc((p->nparties + 1) * sizeof *x->ppos);
  for (uint32_t q = 0; q <= p->nparties; q++) x->ppos[q] = -1;
}

static void worker_free(TlWorker *x) {
  eval_scratch_free(&x->x);
  eval_counts_free(&x->counts);
  arena_free(&x->arena);
  arena_free(&x->scratch);
  rundata_names_free(&x->nm);
  mem_free(x->tstamp);
  mem_free(x->ask);
  mem_free(x->col);
  mem_free(x->wl);
  for (uint32_t v = 0; x->chs && v < x->nchs; v++) when_changes_free(&x->chs[v]);
  for (uint32_t v = 0; x->cls && v < x->nchs; v++) mem_free(x->cls[v].v);
  mem_free(x->chs);
  mem_free(x->cls);
  mem_free(x->start);
  mem_free(x->idx);
  mem_free(x->every);
  mem_free(x->cstamp);
  mem_free(x->list);
  mem_free(x->pick);
  mem_free(x->ppos);
  when_spans_free(&x->sp);
  mem_free(x->st);
  mem_free(x->pd);
  mem_free(x->at);
  mem_free(x->st0);
  mem_free(x->pd0);
}

static void chunk_free(TlChunk *o) {
  sb_free(&o->text);
  mem_free(o->ends);
  mem_free(o->kept);
  memset(o, 0, sizeof *o);
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

/* Chunks of about 16,384 clauses' worth of slots (a slot weighs its
 * clauses, one at least: what reading it costs, and roughly how much it
 * writes — a slot of a thousand clauses may write megabytes), shared from
 * twice that on; two chunks a worker per batch: the first world's text
 * of a batch is handed on before the next batch is evaluated. */
enum { TL_WEIGHT = 16384, TL_PAR_MIN = 32768, TL_BATCH = 2 };

static uint64_t slot_weight(const Timeline *tl, uint64_t key) {
  uint64_t w = 1;
  const ClauseVec *v = model_slot(&tl->m->norms, key);
  if (v) w += v->n;
  for (uint32_t k = 0; k < tl->nw; k++)
    if ((v = model_slot(&tl->worlds[k].w->extra, key))) w += v->n;
  return w;
}

/* The chunks' bounds: as many as par_chunks says for the whole weight,
 * cut where the running weight passes each chunk's share. */
static void cut_chunks(TlShare *sh, uint32_t nk) {
  uint64_t total = 0;
  for (uint32_t i = 0; i < nk; i++) total += slot_weight(sh->tl, sh->keys[i]);
  sh->nchunks = par_chunks(total, TL_WEIGHT, TL_PAR_MIN);
  sh->bounds = mem_alloc((sh->nchunks + 2) * sizeof *sh->bounds);
  uint64_t run = 0;
  uint32_t c = 0, i = 0;
  sh->bounds[0] = 0;
  for (c = 1; c < sh->nchunks; c++) {
    uint64_t target = total * c / sh->nchunks;
    while (i < nk && run < target) run += slot_weight(sh->tl, sh->keys[i++]);
    sh->bounds[c] = i;
  }
  sh->bounds[sh->nchunks] = nk;
}

static void build_slots(Timeline *tl, const TlSink *sink) {
  KwVec kw = {0};
  TlShare sh = {.tl = tl, .sink = sink, .kw = &kw};
  Defer dsh;
  mem_defer(&dsh, share_free, &sh);
  World **ws = mem_talloc(tl->nw * sizeof *ws);
  for (uint32_t k = 0; k < tl->nw; k++) ws[k] = tl->worlds[k].w;
  uint32_t nk;
  uint64_t *keys = rundata_all_keys(tl->m, ws, tl->nw, &nk);
  sh.keys = keys;
  const RunFilter *f = &tl->shell.filter;
  if (f->act || f->product) {
    uint32_t u = 0;
    for (uint32_t i = 0; i < nk; i++)
      if (rundata_filter_key(tl->p, f, keys[i])) keys[u++] = keys[i];
    nk = u;
  }
  /* dates play no part: every day is read */
  rundata_anew_pairs(tl->m, ws, tl->nw, NULL, &kw);
  mem_free(ws);
  cut_chunks(&sh, nk);
  uint32_t batch = par_workers(sh.nchunks) * TL_BATCH;
  sh.nouts = batch < sh.nchunks ? batch : sh.nchunks;
  sh.outs = mem_calloc(sh.nouts + 1, sizeof *sh.outs);
  for (uint32_t c = 0; c < sh.nouts; c++) sb_init_kept(&sh.outs[c].text);
  sh.nworkers = par_workers(sh.nouts);
  sh.workers = mem_calloc(sh.nworkers, sizeof *sh.workers);
  for (uint32_t i = 0; i < sh.nworkers; i++)
    worker_init(&sh.workers[i], tl->p, tl->nw, i);
  for (sh.base = 0; sh.base < sh.nchunks; sh.base += sh.nouts) {
    uint32_t nb = sh.nchunks - sh.base < sh.nouts ? sh.nchunks - sh.base : sh.nouts;
    par_for(nb, slot_chunk, &sh);
    for (uint32_t c = 0; c < nb; c++) {
      TlChunk *o = &sh.outs[c];
      if (sink->text) sink->text(sink->arg, &o->text, o->ends, o->nends);
      o->text.n = 0;
      o->nends = 0;
      for (uint32_t i = 0; i < o->nkept; i++) {
        TlWorld *w = &tl->worlds[o->kept[i].world];
        MVEC_PUSH(w->slots, w->nslots, w->capslots, o->kept[i]);
      }
      o->nkept = 0;
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
  uint8_t *only;            /* after the first world: the clauses to read */
} FlowTmp;

static void flow_tmp_free(void *v) {
  FlowTmp *t = v;
  when_changes_free(&t->ch);
  when_spans_free(&t->sp);
  mem_free(t->on);
  mem_free(t->pd);
  mem_free(t->at);
  mem_free(t->only);
  memset(t, 0, sizeof *t);
}

/* The periods in which w reads flow clause c active, asked once per
 * interval of its change dates; appended to w's flows when there are
 * any. */
static void flow_one(Timeline *tl, TlWorld *tw, FlowTmp *t, const Clause *c) {
  World undated = world_at(tw->w, 0);
  View v;
  world_view(&undated, c, &v);
  if (!rundata_filter_flow(&tl->shell.filter, v.b)) return;
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
 * day, by clause; after the first world, only those of the model whose
 * reading its outcomes or the first world's can change (model_reach: the
 * others read as in the first world on every day). */
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
      if (t->only && !t->only[v->v[j]->index]) continue;
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
 * period: never), among the clauses it read (only, or an outcome's). */
static void differing_flows(Timeline *tl, TlWorld *tw, const uint8_t *only) {
  const TlWorld *w0 = &tl->worlds[0];
  TlFlow *mine = tw->flows;
  uint32_t n = tw->nflows, i = 0, j = 0;
  tw->flows = NULL;
  tw->nflows = tw->capflows = 0;
  Defer d;
  mem_defer(&d, mem_free_ptr, &mine);
  while (i < n || j < w0->nflows) {
    const Clause *c0 = j < w0->nflows ? w0->flows[j].c : NULL;
    if (c0 && !c0->out && !only[c0->index]) {
      j++;
      continue;
    }
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
  const World *w0 = tl->nw ? tl->worlds[0].w : NULL;
  for (uint32_t k = 0; k < tl->nw; k++) {
    const World *w = tl->worlds[k].w;
    if (k) {
      if (!t.only) t.only = mem_alloc(tl->p->nclauses + 1);
      memset(t.only, 0, tl->p->nclauses + 1);
      for (int z = 0; z < 2; z++) {
        const World *u = z ? w0 : w;
        for (uint32_t i = 0; i < u->nchosen; i++) {
          const Reach *r = model_reach(tl->m, u->chosen[i]);
          for (uint32_t q = 0; q < r->n; q++) t.only[r->v[q]] = 1;
        }
      }
    }
    world_flows(tl, &tl->worlds[k], &t);
    if (k) differing_flows(tl, &tl->worlds[k], t.only);
  }
  mem_undefer(&d, true);
  state_phase("timeline flows");
}

/* ---- the whole ---- */

Timeline *timeline_new(Model *m, World **ws, uint32_t nw,
                       const RunFilter *filter) {
  Timeline *tl = mem_calloc(1, sizeof *tl);
  Defer d;
  mem_defer(&d, (void (*)(void *))timeline_free, tl);
  tl->m = m;
  tl->p = m->p;
  tl->shell.m = m;
  tl->shell.p = m->p;
  tl->shell.filter = filter ? *filter : (RunFilter){-1, NULL, NULL};
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

void timeline_build(Timeline *tl, const TlSink *sink) {
  if (tl->nw) build_slots(tl, sink);
  build_flows(tl);
}

uint32_t timeline_key(const TlSlot *s, uint32_t j, Period *out, uint8_t *st) {
  uint32_t n = 0, stride = s->s->np + 1;
  for (uint32_t k = 0; k < s->npd; k++) {
    uint8_t v = s->st[(size_t)k * stride + j];
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
  return column_changes(s->st, s->npd, s->s->np + 1, j);
}

bool timeline_bears(const WhenWhy *y, int32_t q) {
  bool oblige, excl;
  return eval_norm(y->b, q, &oblige, &excl) != 0;
}
