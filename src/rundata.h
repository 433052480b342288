/* rundata: everything a `deal run` report holds, computed once for a set
 * of worlds and then printed by each format (text, json, dot, markdown),
 * compared by `deal diff` and kept by snapshots.
 *
 * Evaluation stays linear: each (action, object) slot is evaluated in the
 * first world with eval_slot_parties, for the parties its clauses name
 * and, as one, for every other party; another world evaluates only the
 * slots it may read differently (those its outcomes bear on), and keeps
 * statuses only for those.  The breach map names the clauses of the
 * contested keys in one pass over each slot (eval_slot_keys); another
 * world keeps only the pairs it changes.  The expected column evaluates a
 * slot once per combination of the outcomes of the disputes that bear on
 * it.  What a format prints is streamed from this, not held. */
#ifndef DEAL_RUNDATA_H
#define DEAL_RUNDATA_H
#include <stdio.h>

#include "eval.h"

/* Where a slot may read differently from the first world: a world that
 * touches its clauses (or changes what decides them) reads it anew. */
typedef struct RunAlt {
  uint32_t world;
  const uint8_t *st;        /* as RunSlot.st, in that world (shared with
                               the first world's when equal) */
} RunAlt;

/* One (action, object) slot: the statuses of the parties its clauses name
 * (and the owner), and of every other party as one.  Statuses are kept
 * for the first world, and for the few worlds that read the slot anew;
 * every other world reads it as the first. */
typedef struct RunSlot {
  const Action *act;
  const Decl *obj;
  RunAlt *alt;              /* worlds that read the slot anew, by world */
  uint32_t nalt;
  uint32_t np;              /* named parties (rundata_slot_parties); the
                               others: rundata_slot_nrest */
  uint32_t namong : 31;     /* groups of `only ... among` on this slot
                               (rundata_slot_among) */
  uint32_t market : 1;      /* a product some clause names as its object */
  uint32_t id;              /* index in RunData.slots */
  uint32_t row0, nrows;     /* its rows: RunData.rows[row0 .. row0 + nrows) */
} RunSlot;                /* 48 bytes, and in the same block right after
                             it: among[namong], parties[np], st[np + 1] */
_Static_assert(sizeof(RunSlot) == 48, "RunSlot: 48 bytes, 482,325 of them at 1M");

/* Its key (eval_slot_key): not kept, as the slot has its action and
 * object. */
static inline uint64_t rundata_slot_key(const RunSlot *s) {
  return eval_slot_key((uint32_t)s->act->h.index, s->obj);
}

/* The blocks after a slot (its arrays were pointers beside it: 24 bytes
 * a slot, 482,325 slots in the 1M run). */
static inline Group **rundata_slot_among(const RunSlot *s) {
  return (Group **)(uintptr_t)(s + 1);
}
/* The named parties, sorted by index. */
static inline int32_t *rundata_slot_parties(const RunSlot *s) {
  return (int32_t *)(uintptr_t)((const char *)(s + 1) +
                                s->namong * sizeof(Group *));
}
/* In the first world: [j] the status of party j (bits 0-1), and
 * RUN_COVERED when some norm applies; [np] the parties not named. */
static inline uint8_t *rundata_slot_st0(const RunSlot *s) {
  return (uint8_t *)(rundata_slot_parties(s) + s->np);
}

#define RUN_COVERED 4

/* One row of the permissions matrix: a key, or the parties not named. */
typedef struct RunRow {
  RunSlot *s;
  int32_t j;                /* index into s->parties, -1: from the rest */
  int32_t party;            /* party index; -1 with nrest: "N other parties" */
  uint32_t nrest;
  int64_t expected;         /* weight where permitted, pct units; -1 none */
} RunRow;

/* A flow statement and the worlds where it is active. */
typedef struct RunFlow {
  const Clause *c;
  const Body *b;
  uint8_t *on;              /* per world (one vector shared by the flows
                               active in every world: read-only) */
} RunFlow;

/* Totals per party (LANGUAGE.md money in cents, power in watts). */
enum {
  TM_PAYS, TM_PAID, TM_INVESTS, TM_COMMITS, TM_INVESTED, TM_INVESTED_COMMITTED,
  TM_STAKES, TM_SUPPLIES, TM_SUPPLIED, TM_N
};
typedef struct RunTotal {
  int64_t v;
  bool overflow;
} RunTotal;

/* A contested key of a world, and the pair of clauses that collide on it:
 * an undefeated permission or obligation against an undefeated
 * prohibition (the breach map groups these by pair). */
typedef struct RunClash {
  uint32_t pos, neg;        /* the clauses' indices in Program.clauses */
  uint32_t row;             /* in RunData.rows */
} RunClash;               /* 12 bytes: a million-clause run has a million */

/* The pair as one sort key: by pos, then neg. */
static inline uint64_t rundata_clash_order(const RunClash *c) {
  return (uint64_t)c->pos << 32 | c->neg;
}

typedef struct RunWorld {
  World *w;
  char id[160];             /* status_quo, an outcome, or A+B */
  int64_t prob;             /* product of the chosen outcomes' probabilities,
                               pct units; -1 when one has none */
  RunTotal *totals;         /* [party * TM_N + measure] */
  /* The breach map, sorted by pair, then key: nclash entries.  It is the
   * first world's without `gone` and with `own` (both sorted likewise:
   * the pairs of the keys that collide otherwise here); clash is the
   * first world's map when they are empty, else NULL (rundata_clashes
   * assembles it). */
  RunClash *clash;
  uint32_t nclash;
  bool anew;                /* every slot is read anew (alt only where a
                               status differs) */
  RunClash *gone, *own;
  uint32_t ngone, nown;
} RunWorld;

typedef enum { RUN_ROWS_DIFF, RUN_ROWS_ALL } RunRowsMode;

typedef struct RunOpts {
  RunRowsMode rows;         /* differing or contested keys; or every key a
                               norm covers in some world */
  bool expected;            /* weigh every combination of outcomes */
  uint32_t max_combos;      /* 0: RUN_MAX_COMBOS */
} RunOpts;

#define RUN_MAX_COMBOS 4096
/* rest rows are expanded into one row per party up to this many */
#define RUN_MAX_REST_ROWS 12

typedef struct RunData {
  Model *m;
  Program *p;
  Arena arena;
  uint32_t nw;
  RunWorld *worlds;
  RunSlot **slots;          /* slots with rows or markets, by key */
  uint32_t nslots, capslots;
  RunRow *rows;
  uint32_t nrows, caprows;
  RunSlot **markets;        /* slots that are markets, by key */
  uint32_t nmarkets, capmarkets;
  RunFlow *flows;
  uint32_t nflows, capflows;
  bool has_expected;
  uint64_t ncombos;
  char expected_note[256];  /* why there is no expected column */
} RunData;

/* How many parties a slot does not name. */
static inline uint32_t rundata_slot_nrest(const RunData *d, const RunSlot *s) {
  return d->p->nparties - s->np;
}

/* Everything for these worlds (the first is the reference for changes).
 * From this many slots on, two threads share them (make check's sanitizer
 * builds use 2). */
#ifndef DEAL_RUN_SPLIT
#define DEAL_RUN_SPLIT 4096
#endif
RunData *rundata_build(Model *m, World **ws, uint32_t nw, const RunOpts *o);
/* DEAL_RUN_SPLIT; tests change it to compare one thread with two. */
extern uint32_t rundata_split;
void rundata_free(RunData *d);

Status rundata_status(const RunData *d, const RunRow *r, uint32_t world);
bool rundata_row_covered(const RunData *d, const RunRow *r, uint32_t world);
/* The status of party j of a slot (-1: the rest) in a world. */
Status rundata_slot_status(const RunSlot *s, int32_t j, uint32_t world);
/* The statuses of a slot in a world ([j] and [np], as RunSlot.st). */
const uint8_t *rundata_slot_st(const RunSlot *s, uint32_t world);
/* Does the slot read in this world as in the first (not read anew)?  Then
 * every key of it has the same norms, tiers and defeats in both. */
bool rundata_slot_same(const RunData *d, const RunSlot *s, uint32_t world);

/* The two clauses of a pair, and its key. */
static inline const Clause *rundata_clash_pos(const RunData *d,
                                              const RunClash *c) {
  return d->p->clauses[c->pos];
}
static inline const Clause *rundata_clash_neg(const RunData *d,
                                              const RunClash *c) {
  return d->p->clauses[c->neg];
}
static inline const RunRow *rundata_clash_row(const RunData *d,
                                              const RunClash *c) {
  return &d->rows[c->row];
}

/* The breach map of a world (nclash entries): rw->clash, or assembled
 * into *buf (mem_free it; NULL to start). */
const RunClash *rundata_clashes(const RunData *d, uint32_t world,
                                RunClash **buf);

/* Market of a slot in a world: the permitted parties (named ones, in
 * order, into out[] of at least s->np), whether every party not named is
 * permitted too, and the contested ones. */
typedef struct RunMarket {
  int32_t *permitted;
  uint32_t npermitted;
  bool rest_permitted;      /* and every party not named */
  uint32_t nrest;
  int32_t *contested;
  uint32_t ncontested;
  int32_t exclusive;        /* the one party permitted overall, or -1 */
  /* per among group of the slot: the one member permitted, or -1 */
  int32_t *excl_among;
} RunMarket;
void rundata_market(const RunData *d, const RunSlot *s, uint32_t world,
                    RunMarket *out, Arena *a);
/* The same, with the arrays in buffers reused from call to call. */
typedef struct RunMarketBuf {
  int32_t *v;
  uint32_t cap;
} RunMarketBuf;
void rundata_market_buf(const RunData *d, const RunSlot *s, uint32_t world,
                        RunMarket *out, RunMarketBuf *b);
void rundata_market_buf_free(RunMarketBuf *b);
bool rundata_market_equal(const RunMarket *x, const RunMarket *y,
                          uint32_t namong);

/* "Amazon host StatefulRuntime" or "(5 other parties) host X". */
void rundata_key_text(const RunData *d, const RunRow *r, char *buf,
                      size_t cap);
/* "host StatefulRuntime", "partner with Amazon". */
void rundata_slot_text(const RunSlot *s, char *buf, size_t cap);
/* The flow statement without its modifiers (print_body of the rest). */
char *rundata_flow_text(Arena *a, const Body *b, bool with_mods);
/* "Agreement.clause", "order of outcome", ... in an arena. */
char *rundata_clause_name(Arena *a, const Clause *c);
const char *rundata_measure_name(int measure);
bool rundata_measure_is_watts(int measure);
/* Implied valuation of a stake (value / percent), exact to the cent;
 * false when there is no value, the percent is 0 or it overflows. */
bool rundata_implied_valuation(const Body *b, int64_t *cents,
                               bool *overflow);
/* Amounts as text: "$50B", or "overflow". */
const char *rundata_total_str(const RunTotal *t, int measure, char *buf);
/* Whether party q has a total of this measure (or an overflow) in some
 * world: the rows of the totals tables. */
bool rundata_total_shown(const RunData *d, uint32_t q, int measure);

/* Parties of a world's chosen outcomes for a world spec ("status_quo", "A",
 * "A+B", "A,B"); false with a message when a name is unknown or two
 * outcomes cannot be chosen together. */
bool rundata_parse_world(Program *p, const char *spec, Outcome ***out,
                         uint32_t *n, char *msg, size_t cap);
/* The world's id: status_quo or the outcome names joined by '+'. */
void rundata_world_id(const World *w, char *buf, size_t cap);

#endif
