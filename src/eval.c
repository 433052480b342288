/* eval: norms, defeat, statuses and the default (LANGUAGE.md section 6,
 * rules 2 to 6), for the keys of one slot at a time. */
#include "eval.h"

#include <string.h>

/* ---- rule 2: norms ---- */

int eval_norm(const Body *b, int32_t party, bool *oblige, bool *exclusion) {
  *oblige = *exclusion = false;
  if (b->is_flow) return 0;
  if (party >= 0 && idset_has(&b->subjects, party)) {
    *oblige = b->modal == M_MUST || b->modal == M_SHALL;
    bool neg = b->modal == M_MAY_NOT || b->modal == M_MUST_NOT ||
               b->modal == M_SHALL_NOT;
    return neg ? -1 : 1;
  }
  if (!b->only) return 0;
  if (b->has_among) {
    const Group *g = body_among(b);
    if (!g || party < 0 || !idset_has(&g->set, party)) return 0;
  }
  *exclusion = true;
  return -1;
}

bool eval_norm_parties(const Body *b, void (*fn)(void *, int32_t),
                       void *arg) {
  for (uint32_t k = 0; k < b->subjects.n; k++) fn(arg, b->subjects.v[k]);
  if (!b->only) return false;
  if (!b->has_among) return true;
  const Group *g = body_among(b);
  for (uint32_t k = 0; g && k < g->set.n; k++)
    if (!idset_has(&b->subjects, g->set.v[k])) fn(arg, g->set.v[k]);
  return false;
}

bool eval_status_matches(Modal m, Status st) {
  switch (m) {
    case M_MAY: return eval_permits(st);
    case M_MUST: case M_SHALL: return st == ST_REQUIRED;
    default: return st == ST_FORBIDDEN;
  }
}

const char *eval_status_name(Status st) {
  static const char *n[] = {"permitted", "required", "forbidden", "contested"};
  return n[st];
}

/* ---- scratch ---- */

/* The scratch buffers of a key's evaluation; those in use at one time are
 * distinct. */
enum { EB_HEAD, EB_TAIL, EB_POOL, EB_ALLX, EB_ALLXV, EB_ALLSEQ, EB_HITS,
       EB_IDX, EB_INDEG, EB_EDGES, EB_START, EB_TO, EB_QUEUE, EB_STACK,
       EB_ALLOVR /* the norms on every party: AllNorm */, EB_SEQ };
_Static_assert(EB_SEQ < EVAL_NBUF, "EVAL_NBUF covers every buffer");

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

void eval_scratch_free(EvalScratch *x) {
  mem_free(x->pos);
  mem_free(x->visit);
  for (int k = 0; k < EVAL_NBUF; k++) mem_free(x->buf[k].p);
  eval_key_free(&x->one);
  memset(x, 0, sizeof *x);
}

/* ---- rule 4: chains ---- */

/* The slot of clause i in the visit set: its own in the latest mark, or
 * the one where it would go. */
static struct VisitSlot *visit_slot(const EvalScratch *x, int32_t i) {
  for (uint32_t j = ((uint32_t)i * 2654435761u) & (x->capvisit - 1);;
       j = (j + 1) & (x->capvisit - 1)) {
    struct VisitSlot *s = &x->visit[j];
    if (s->stamp != x->visit_stamp || s->clause == i) return s;
  }
}

static bool visited(const EvalScratch *x, uint32_t stamp, int32_t i) {
  return stamp == x->visit_stamp && x->capvisit &&
         visit_slot(x, i)->stamp == stamp;
}

/* Adds clause i to the latest mark; false if it is there already. */
static bool visit_add(EvalScratch *x, int32_t i) {
  if ((x->nvisit + 1) * 2 > x->capvisit) {
    struct VisitSlot *old = x->visit;
    uint32_t oc = x->capvisit;
    x->capvisit = oc ? oc * 2 : 64;
    x->visit = mem_calloc(x->capvisit, sizeof *x->visit);
    for (uint32_t j = 0; j < oc; j++)
      if (old[j].stamp == x->visit_stamp) *visit_slot(x, old[j].clause) = old[j];
    mem_free(old);
  }
  struct VisitSlot *s = visit_slot(x, i);
  if (s->stamp == x->visit_stamp) return false;
  *s = (struct VisitSlot){i, x->visit_stamp};
  x->nvisit++;
  return true;
}

struct reach_arg {
  EvalScratch *x;
  const Clause **st;
  uint32_t sp;
  size_t cap;
  const uint32_t *in;       /* NULL, or a mark per clause: */
  uint32_t base;            /* ... those marked base or base + 1 */
  bool found;               /* ... of which one was reached */
};

static void reach_edge(void *v, const Clause *y) {
  struct reach_arg *r = v;
  if (!visit_add(r->x, y->index)) return;
  if (r->in && (r->in[y->index] & ~1u) == r->base) r->found = true;
  if (r->sp == r->cap) {
    r->st = eb(r->x, EB_STACK, (r->sp + 1) * sizeof *r->st);
    r->cap = r->x->buf[EB_STACK].cap / sizeof *r->st;
  }
  r->st[r->sp++] = y;
}

/* Marks every clause that clause a overrides in w, directly or through a
 * chain of w's own clauses and lists, active or not (rule 4), with a
 * fresh stamp, and returns the stamp. */
static uint32_t reach_begin(EvalScratch *x) {
  /* a new stamp: every entry is empty (0 is a zeroed table's, skipped) */
  if (++x->visit_stamp == 0) {
    if (x->visit) memset(x->visit, 0, x->capvisit * sizeof *x->visit);
    x->visit_stamp = 1;
  }
  x->nvisit = 0;
  return x->visit_stamp;
}

/* Adds to the current stamp what a overrides (a itself only when a
 * chain comes back to it, which rule 4 rules out). */
static bool reach_into(const World *w, EvalScratch *x, const Clause *a,
                       const uint32_t *in, uint32_t base) {
  struct reach_arg r = {x, eb(x, EB_STACK, 32 * sizeof(const Clause *)), 0, 0,
                        in, base, false};
  r.cap = x->buf[EB_STACK].cap / sizeof *r.st;
  r.st[r.sp++] = a;
  while (r.sp && !r.found) world_overrides(w, r.st[--r.sp], reach_edge, &r);
  return r.found;
}

static void reach_from(const World *w, EvalScratch *x, const Clause *a) {
  reach_into(w, x, a, NULL, 0);
}

static uint32_t reach_mark(const World *w, EvalScratch *x, const Clause *a) {
  uint32_t stamp = reach_begin(x);
  reach_from(w, x, a);
  return stamp;
}

/* ---- rule 3: defeat ---- */

/* Within one tier: j may defeat i when they differ in polarity and j's
 * clause overrides i's through a chain.  The relation is acyclic, so the
 * norms are decided in topological order (Kahn): a norm is defeated when
 * a norm that may defeat it turns out undefeated.  Each clause's chain is
 * walked once, so a key costs O(norms x chain), not more. */
static void defeat_in_tier(const World *w, EvalScratch *sc, Hit *h,
                           uint32_t n, Tier t) {
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
    if (!h[idx[a]].ovr) continue;
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

/* Rule 3, tier by tier from the top: a norm opposed by an undefeated norm
 * of a higher tier is defeated; within a tier, by chains. */
static void defeat(const World *w, EvalScratch *x, KeyResult *r) {
  Hit *h = r->hits;
  uint32_t n = r->n;
  int32_t hi_pos = -1, hi_neg = -1;  /* an undefeated norm of a higher tier */
  unsigned tiers = 0;  /* the tiers the key has norms in: most have one */
  for (uint32_t i = 0; i < n; i++) tiers |= 1u << h[i].tier;
  for (int t = T_ORDER; t >= T_ORDINARY; t--) {
    if (!(tiers & (1u << t))) continue;
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
        any_ovr |= h[i].ovr;
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

/* Rules 5 and 6: the status of a key from its norms. */
static void decide(const World *w, EvalScratch *x, KeyResult *r,
                   int32_t party, const Decl *obj) {
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

/* ---- a slot's keys ---- */

/* A norm waiting for its key: the clauses' norms go straight to the
 * parties they name, in a pool of cells listed per party. */
typedef struct Cell {
  const Clause *c;
  const Body *b;
  int32_t next;
  uint32_t seq;             /* the clause's place in the slot */
  int8_t pol;
  bool oblige, excl, ovr;
  uint8_t tier;
} Cell;

typedef struct SlotPass {
  EvalScratch *x;
  const int32_t *pos;
  Cell *pool;
  uint32_t npool, cpool;
  int32_t *head, *tail;     /* per party: its cells, in clause order */
  const World *w;
  const Clause *c;          /* the clause being read */
  const View *v;
  bool ovr;                 /* its world_has_overrides */
  uint32_t seq;
  /* norms that speak of every party but their subjects */
  const Clause **allx;
  View *allxv;
  uint32_t *allseq;
  struct AllNorm {           /* its norm on a party it does not name */
    int8_t pol;
    bool oblige, excl, ovr;
  } *alln;
  uint32_t nallx, callx;
} SlotPass;

static void cell_add(SlotPass *s, uint32_t at, int pol, bool oblige,
                     bool excl) {
  if (s->npool == s->cpool) {
    s->pool = eb(s->x, EB_POOL, (s->npool + 1) * sizeof *s->pool);
    s->cpool = (uint32_t)(s->x->buf[EB_POOL].cap / sizeof *s->pool);
  }
  s->pool[s->npool] = (Cell){s->c, s->v->b, -1, s->seq, (int8_t)pol, oblige,
                             excl, s->ovr, (uint8_t)s->v->tier};
  if (s->tail[at] >= 0) s->pool[s->tail[at]].next = (int32_t)s->npool;
  else s->head[at] = (int32_t)s->npool;
  s->tail[at] = (int32_t)s->npool++;
}

static void named_party(void *arg, int32_t q) {
  SlotPass *s = arg;
  if (s->pos[q] < 0) return;
  bool oblige, excl;
  int pol = eval_norm(s->v->b, q, &oblige, &excl);
  if (pol) cell_add(s, (uint32_t)s->pos[q], pol, oblige, excl);
}

static void add_hit(KeyResult *r, const Clause *c, const Body *b, int pol,
                    bool oblige, bool excl, uint8_t tier, bool ovr) {
  r->hits[r->n++] =
      (Hit){c, b, (int8_t)pol, oblige, excl, false, tier, -1, 0, ovr};
}

/* The clauses w reads for slot key, once for every reader: those of the
 * model's list that w reads there, then w's own.  Inlined into eval_slot
 * with its reader, the hot loop of every evaluation. */
static inline __attribute__((always_inline)) void
slot_clauses(const World *w, uint64_t key, EvalClauseFn fn, void *arg) {
  const ClauseVec *vs[2] = {model_slot(&w->m->norms, key),
                            model_slot(&w->extra, key)};
  for (int k = 0; k < 2; k++)
    for (uint32_t i = 0; vs[k] && i < vs[k]->n; i++) {
      View v;
      world_view(w, vs[k]->v[i], &v);
      /* a clause read otherwise is read from the world's own slots */
      if (k == 0 && !eval_model_reads(&v)) continue;
      fn(arg, vs[k]->v[i], &v);
    }
}

void eval_slot_clauses(const World *w, uint64_t key, EvalClauseFn fn,
                       void *arg) {
  slot_clauses(w, key, fn, arg);
}

/* One active clause of the slot: its norms to the parties it names, or
 * to the norms on every party. */
static inline __attribute__((always_inline)) void
slot_read(void *arg, const Clause *c, const View *v) {
  SlotPass *s = arg;
  if (v->fate != FATE_ACTIVE) return;
  s->c = c;
  s->v = v;
  s->ovr = world_has_overrides(s->w, c);
  s->seq++;
  if (eval_norm_parties(v->b, named_party, s)) {
    if (s->nallx == s->callx) {
      s->callx *= 2;
      s->allx = eb(s->x, EB_ALLX, s->callx * sizeof *s->allx);
      s->allxv = eb(s->x, EB_ALLXV, s->callx * sizeof *s->allxv);
      s->allseq = eb(s->x, EB_ALLSEQ, s->callx * sizeof *s->allseq);
      s->alln = eb(s->x, EB_ALLOVR, s->callx * sizeof *s->alln);
    }
    s->allx[s->nallx] = c;
    s->allseq[s->nallx] = s->seq;
    /* the same for every party it does not name (eval_norm_parties: it
     * names no among group), so asked once, of party -1 */
    struct AllNorm *an = &s->alln[s->nallx];
    an->pol = (int8_t)eval_norm(v->b, -1, &an->oblige, &an->excl);
    an->ovr = s->ovr;
    s->allxv[s->nallx++] = *v;
  }
}

/* The positions of the parties asked about (-1 for the others). */
static int32_t *positions(EvalScratch *x, const Program *p,
                          const int32_t *parties, uint32_t np) {
  if (!x->pos || x->npos < p->nparties) {
    mem_free(x->pos);
    x->pos = NULL;
    x->pos = mem_alloc((p->nparties + 1) * sizeof *x->pos);
    x->npos = p->nparties;
    for (uint32_t i = 0; i < x->npos; i++) x->pos[i] = -1;
  }
  for (uint32_t i = 0; i < np; i++) x->pos[parties[i]] = (int32_t)i;
  return x->pos;
}

/* The statuses of many parties for one slot in one pass over its
 * clauses: each clause's norms go straight to the parties they name, so
 * the cost is the number of norms, not parties times clauses.  The
 * clauses are the model's for the slot (those an outcome reads otherwise
 * are skipped there) and the world's own (outcome clauses, amended and
 * construed readings). */
/* ---- statuses by counting ----
 * Without `overrides` in play, rule 5 needs no more of a key's norms than
 * whether each tier has one that permits, one that obliges and one that
 * forbids: a tier's norms are defeated by an undefeated norm of the other
 * polarity in a higher tier, and none within a tier.  The norms on every
 * party are counted once per slot; a key then adjusts the counts by its
 * own cells (dropping the norm on every party of a clause whose subject it
 * is: it has the clause's cell instead).  Used where only statuses are
 * wanted; a key with a norm that overrides is decided from its hits as
 * always, and so is a contested one when its sides are wanted. */

enum { COUNT_NOT, COUNT_HITS_IF_CONTESTED, COUNT_ONLY };

static void count_norm(TierCount *t, int pol, bool oblige, unsigned tier,
                       int by) {
  if (pol > 0) {
    t->pos[tier] += (uint32_t)by;
    if (oblige) t->oblige[tier] += (uint32_t)by;
  } else if (pol < 0) {
    t->neg[tier] += (uint32_t)by;
  }
}

/* Rule 5 on the counts: the tiers from the highest down. */
static Status counted_status(const TierCount *t, bool *any) {
  bool hp = false, hn = false, pos = false, neg = false, obl = false;
  *any = false;
  for (int k = T_ORDER; k >= T_ORDINARY; k--) {
    bool p = t->pos[k] && !hn, n = t->neg[k] && !hp;
    *any |= t->pos[k] || t->neg[k];
    if (p) pos = true, obl |= t->oblige[k] > 0;
    if (n) neg = true;
    hp |= p;
    hn |= n;
  }
  return pos && neg ? ST_CONTESTED : pos ? (obl ? ST_REQUIRED : ST_PERMITTED)
                                         : ST_FORBIDDEN;
}

/* Can a norm on every party whose clause overrides defeat another norm
 * of the slot within its tier?  Only when its chain reaches a clause the
 * slot reads: the chains of all of them are walked together, once, and
 * each clause of the slot looked up (its cells are consecutive).  When
 * none is reached, those norms count as any other. */
static bool all_norms_reach(const SlotPass *s) {
  EvalScratch *x = s->x;
  uint32_t stamp = reach_begin(x);
  for (uint32_t ax = 0; ax < s->nallx; ax++)
    if (s->alln[ax].pol && s->alln[ax].ovr) reach_from(s->w, x, s->allx[ax]);
  if (!x->nvisit) return false;
  for (uint32_t ax = 0; ax < s->nallx; ax++)
    if (visited(x, stamp, s->allx[ax]->index)) return true;
  for (uint32_t j = 0; j < s->npool; j++)
    if ((!j || s->pool[j].seq != s->pool[j - 1].seq) &&
        visited(x, stamp, s->pool[j].c->index))
      return true;
  return false;
}

/* eval_slot on the slot's clauses (list NULL), or on the list; with
 * counting, statuses only (above). */
static inline __attribute__((always_inline)) void
slot_eval(const World *w, EvalScratch *x, const Action *a, const Decl *obj,
          const Clause *const *list, uint32_t ncl, const int32_t *parties,
          uint32_t np, bool rest, int counting, EvalKeyFn fn, void *arg) {
  Program *p = w->m->p;
  SlotPass s = {x, positions(x, p, parties, np), NULL, 0, 0, NULL, NULL,
                w, NULL, NULL, false, 0, NULL, NULL, NULL, NULL, 0, 8};
  s.pool = eb(x, EB_POOL, 64 * sizeof *s.pool);
  s.cpool = (uint32_t)(x->buf[EB_POOL].cap / sizeof *s.pool);
  s.head = eb(x, EB_HEAD, (np ? np : 1) * sizeof *s.head);
  s.tail = eb(x, EB_TAIL, (np ? np : 1) * sizeof *s.tail);
  for (uint32_t i = 0; i < np; i++) s.head[i] = s.tail[i] = -1;
  s.allx = eb(x, EB_ALLX, 8 * sizeof *s.allx);
  s.allxv = eb(x, EB_ALLXV, 8 * sizeof *s.allxv);
  s.allseq = eb(x, EB_ALLSEQ, 8 * sizeof *s.allseq);
  s.alln = eb(x, EB_ALLOVR, 8 * sizeof *s.alln);
  if (list) {
    for (uint32_t i = 0; i < ncl; i++) {
      View v;
      world_view(w, list[i], &v);
      slot_read(&s, list[i], &v);
    }
  } else {
    slot_clauses(w, model_slot_key((uint32_t)a->h.index, obj), slot_read, &s);
  }
  const Clause **allx = s.allx;
  const View *allxv = s.allxv;
  const uint32_t *allseq = s.allseq;
  const struct AllNorm *alln = s.alln;
  uint32_t nallx = s.nallx;
  /* room for any key's hits: a key never holds more */
  KeyResult r = {0};
  r.cap = s.npool + nallx + 1;
  r.hits = eb(x, EB_HITS, r.cap * sizeof *r.hits);
  /* counting: the norms on every party once, and where each clause's
   * norm on every party is (by its place in the slot) */
  TierCount all = {{0}, {0}, {0}};
  uint32_t *at_seq = NULL;
  if (counting && all_norms_reach(&s)) counting = 0;  /* rule 4 in play */
  for (uint32_t ax = 0; counting && ax < nallx; ax++)
    count_norm(&all, alln[ax].pol, alln[ax].oblige, allxv[ax].tier, 1);
  if (counting && nallx) {
    at_seq = eb(x, EB_SEQ, (s.seq + 1) * sizeof *at_seq);
    memset(at_seq, 0, (s.seq + 1) * sizeof *at_seq);
    for (uint32_t ax = 0; ax < nallx; ax++) at_seq[allseq[ax]] = ax + 1;
  }
  for (uint32_t i = 0; i <= np; i++) {
    if (i == np && !rest) break;
    int32_t q = i < np ? parties[i] : -1;
    r.n = 0;
    if (counting) {
      TierCount t = all;
      bool own_ovr = false;
      for (int32_t j = i < np ? s.head[i] : -1; j >= 0; j = s.pool[j].next) {
        const Cell *cl = &s.pool[j];
        own_ovr |= cl->ovr;
        uint32_t ax = at_seq ? at_seq[cl->seq] : 0;
        if (ax--) count_norm(&t, alln[ax].pol, alln[ax].oblige, allxv[ax].tier, -1);
        count_norm(&t, cl->pol, cl->oblige, cl->tier, 1);
      }
      bool any;
      Status st = counted_status(&t, &any);
      if (!own_ovr && (st != ST_CONTESTED || counting == COUNT_ONLY)) {
        r.owner = obj->kind == K_PRODUCT ? ((const Product *)obj)->own : NULL;
        r.by_default = !any;
        r.st = any ? st
                   : r.owner && r.owner->h.index != q ? ST_FORBIDDEN : ST_PERMITTED;
        fn(arg, i, &r);
        continue;
      }
    }
    /* the party's cells and the norms on every party, in clause order */
    int32_t j = i < np ? s.head[i] : -1;
    for (uint32_t ax = 0; j >= 0 || ax < nallx;) {
      if (j >= 0 && (ax == nallx || s.pool[j].seq < allseq[ax])) {
        const Cell *cl = &s.pool[j];
        add_hit(&r, cl->c, cl->b, cl->pol, cl->oblige, cl->excl, cl->tier,
                cl->ovr);
        j = cl->next;
        continue;
      }
      const Body *b = allxv[ax].b;
      const struct AllNorm *an = &alln[ax];
      if (an->pol && (q < 0 || !idset_has(&b->subjects, q)))  /* else a cell */
        add_hit(&r, allx[ax], b, an->pol, an->oblige, an->excl, allxv[ax].tier,
                an->ovr);
      ax++;
    }
    decide(w, x, &r, q, obj);
    fn(arg, i, &r);
  }
  for (uint32_t i = 0; i < np; i++) x->pos[parties[i]] = -1;
}

void eval_slot(const World *w, EvalScratch *x, const Action *a,
               const Decl *obj, const int32_t *parties, uint32_t np,
               bool rest, EvalKeyFn fn, void *arg) {
  slot_eval(w, x, a, obj, NULL, 0, parties, np, rest, COUNT_NOT, fn, arg);
}

void eval_slot_statuses(const World *w, EvalScratch *x, const Action *a,
                        const Decl *obj, const int32_t *parties, uint32_t np,
                        bool rest, bool contested_hits, EvalKeyFn fn,
                        void *arg) {
  slot_eval(w, x, a, obj, NULL, 0, parties, np, rest,
            contested_hits ? COUNT_HITS_IF_CONTESTED : COUNT_ONLY, fn, arg);
}

void eval_slot_list(const World *w, EvalScratch *x, const Action *a,
                    const Decl *obj, const Clause *const *cl, uint32_t ncl,
                    const int32_t *parties, uint32_t np, EvalKeyFn fn,
                    void *arg) {
  slot_eval(w, x, a, obj, cl, ncl, parties, np, false, COUNT_ONLY, fn, arg);
}

struct one_arg {
  KeyResult *r;
};

static void keep_one(void *v, uint32_t i, const KeyResult *k) {
  (void)i;
  KeyResult *r = ((struct one_arg *)v)->r;
  if (r->cap < k->n) {
    r->hits = mem_realloc(r->hits, (k->n ? k->n : 1) * sizeof *r->hits);
    r->cap = k->n;
  }
  if (k->n) memcpy(r->hits, k->hits, k->n * sizeof *r->hits);
  r->n = k->n;
  r->st = k->st;
  r->by_default = k->by_default;
  r->owner = k->owner;
}

void eval_key(const World *w, EvalScratch *x, int32_t party,
              const Action *a, const Decl *obj, KeyResult *r) {
  struct one_arg o = {r};
  if (party >= 0) eval_slot(w, x, a, obj, &party, 1, false, keep_one, &o);
  else eval_slot(w, x, a, obj, NULL, 0, true, keep_one, &o);
}

void eval_key_free(KeyResult *r) {
  mem_free(r->hits);
  memset(r, 0, sizeof *r);
}

/* ---- counts kept as clauses come and go ---- */

static void no_party(void *arg, int32_t q) {
  (void)arg, (void)q;
}

/* A clause's `overrides` matters to the slot only when its chain reaches
 * a clause the slot reads on some day (rule 3 within a tier needs both
 * norms on one key); such a clause is marked base + 1, the slot's other
 * clauses base. */
static bool counts_harmful(const EvalCounts *k, const Clause *c) {
  return k->in[c->index] == k->base + 1;
}

bool eval_counts_begin(EvalCounts *k, const World *w, EvalScratch *x,
                       const Decl *obj, const int32_t *parties, uint32_t np,
                       const Clause *const *cl, uint32_t ncl) {
  const Program *p = w->m->p;
  if (k->nin < p->nclauses || k->base >= UINT32_MAX - 4) {
    mem_free(k->in);
    k->in = NULL;
    k->in = mem_calloc(p->nclauses + 1, sizeof *k->in);
    k->nin = p->nclauses;
    k->base = 0;
  }
  if (k->npos < p->nparties) {
    mem_free(k->pos);
    k->pos = NULL;
    k->pos = mem_alloc((p->nparties + 1) * sizeof *k->pos);
    for (uint32_t i = 0; i <= p->nparties; i++) k->pos[i] = -1;
    k->npos = p->nparties;
  }
  if (np + 1 > k->cap) {
    k->cap = (np + 1) * 2;
    k->own = mem_realloc(k->own, k->cap * sizeof *k->own);
    k->novr = mem_realloc(k->novr, k->cap * sizeof *k->novr);
  }
  memset(k->own, 0, (np + 1) * sizeof *k->own);
  memset(k->novr, 0, (np + 1) * sizeof *k->novr);
  memset(&k->all, 0, sizeof k->all);
  k->owner = obj->kind == K_PRODUCT ? ((const Product *)obj)->own : NULL;
  k->parties = parties;
  k->np = np;
  for (uint32_t i = 0; i < np; i++) k->pos[parties[i]] = (int32_t)i;
  k->base += 2;
  for (uint32_t i = 0; i < ncl; i++) k->in[cl[i]->index] = k->base;
  bool ok = true;
  for (uint32_t i = 0; i < ncl && ok; i++) {
    const Clause *c = cl[i];
    if (!world_has_overrides(w, c)) continue;
    reach_begin(x);
    if (!reach_into(w, x, c, k->in, k->base)) continue;
    k->in[c->index] = k->base + 1;
    /* a norm on every party that may defeat: counting cannot serve */
    View v;
    world_view(w, c, &v);
    bool oblige, excl;
    if (eval_norm_parties(v.b, no_party, NULL) && eval_norm(v.b, -1, &oblige, &excl))
      ok = false;
  }
  if (!ok) eval_counts_end(k);
  return ok;
}

void eval_counts_end(EvalCounts *k) {
  for (uint32_t i = 0; i < k->np; i++) k->pos[k->parties[i]] = -1;
  k->np = 0;
}

struct counts_arg {
  EvalCounts *k;
  uint32_t n;               /* columns named, in k->named */
};

static void counts_party(void *arg, int32_t q) {
  struct counts_arg *a = arg;
  EvalCounts *k = a->k;
  if (k->pos[q] < 0) return;
  MVEC_PUSH(k->named, a->n, k->capnamed, (uint32_t)k->pos[q]);
}

bool eval_counts_clause(EvalCounts *k, const Clause *c, const View *v, int by,
                        void (*touch)(void *, uint32_t), void *arg) {
  struct counts_arg a = {k, 0};
  bool every = eval_norm_parties(v->b, counts_party, &a);
  bool harm = counts_harmful(k, c), aobl = false, aexcl;
  int apol = every ? eval_norm(v->b, -1, &aobl, &aexcl) : 0;
  count_norm(&k->all, apol, aobl, v->tier, by);
  for (uint32_t n = 0; n < a.n; n++) {
    uint32_t i = k->named[n];
    bool oblige, excl;
    int pol = eval_norm(v->b, k->parties[i], &oblige, &excl);
    if (!pol) continue;
    /* the clause's cell instead of its norm on every party */
    count_norm(&k->own[i], apol, aobl, v->tier, -by);
    count_norm(&k->own[i], pol, oblige, v->tier, by);
    if (harm) k->novr[i] += (uint32_t)by;
    if (touch && !every) touch(arg, i);
  }
  return every;
}

bool eval_counts_key(const EvalCounts *k, uint32_t i, Status *st,
                     bool *by_default) {
  if (i < k->np && k->novr[i]) return false;
  TierCount t = k->all;
  if (i < k->np)
    for (int j = 0; j < 3; j++) {
      t.pos[j] += k->own[i].pos[j];
      t.neg[j] += k->own[i].neg[j];
      t.oblige[j] += k->own[i].oblige[j];
    }
  bool any;
  Status s = counted_status(&t, &any);
  int32_t q = i < k->np ? k->parties[i] : -1;
  *by_default = !any;
  *st = any ? s : k->owner && k->owner->h.index != q ? ST_FORBIDDEN : ST_PERMITTED;
  return true;
}

void eval_counts_free(EvalCounts *k) {
  mem_free(k->in);
  mem_free(k->pos);
  mem_free(k->own);
  mem_free(k->novr);
  mem_free(k->named);
  memset(k, 0, sizeof *k);
}
