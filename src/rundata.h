/* rundata: everything a `deal run` report holds, computed once for a set
 * of worlds and then printed by each format (text, json, dot, markdown),
 * compared by `deal diff` and kept by snapshots.  It holds report data
 * only: every status comes from eval_slot, every reading of a clause from
 * world_view, every weighing from weigh.h.  It is split by what it
 * produces:
 *   rundata.c         the worlds, and the statuses of every slot's keys
 *                     (each slot in the first world, and again in the
 *                     worlds that may read it otherwise: world.h)
 *   rundata_market.c  who may, per product and world
 *   rundata_flow.c    flows and totals per party
 *   rundata_clash.c   the breach map: contested keys by pair of clauses
 *   rundata_expect.c  the expected column
 *   rundata_text.c    names and statements as text for the formats */
#ifndef DEAL_RUNDATA_H
#define DEAL_RUNDATA_H
#include <stdio.h>

#include "eval.h"

/* A world that reads a slot anew, and the slot's statuses there. */
typedef struct RunAlt {
  uint32_t world;
  const uint8_t *st;        /* as rundata_slot_st0 (shared with the first
                               world's when equal) */
} RunAlt;

/* One (action, object) slot: the statuses of the parties its clauses name
 * (and the owner), and of every other party as one.  Statuses are kept
 * for the first world, and for the worlds that read the slot anew; every
 * other world reads it as the first. */
typedef struct RunSlot {
  const Action *act;
  const Decl *obj;
  RunAlt *alt;              /* worlds that read the slot anew, by world */
  uint32_t nalt;
  uint32_t np;              /* named parties (rundata_slot_parties) */
  uint32_t namong : 31;     /* groups of `only ... among` on this slot */
  uint32_t market : 1;      /* a product some clause names as its object */
  uint32_t id;              /* index in RunData.slots */
  uint32_t row0, nrows;     /* its rows: RunData.rows[row0 .. row0 + nrows) */
} RunSlot;                /* 48 bytes, and in the same block right after
                             it: among[namong], parties[np], st[np + 1] */
_Static_assert(sizeof(RunSlot) == 48, "RunSlot: 48 bytes, 482,325 of them at 1M");

static inline uint64_t rundata_slot_key(const RunSlot *s) {
  return model_slot_key((uint32_t)s->act->h.index, s->obj);
}
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

/* One row of the permissions matrix: a key, or the parties not named
 * (how many: rundata_row_nrest; its expected weight: rundata_row_expected). */
typedef struct RunRow {
  RunSlot *s;
  int32_t j;                /* index into s->parties, -1: from the rest */
  int32_t party;            /* party index; -1: "N other parties" */
} RunRow;
_Static_assert(sizeof(RunRow) == 16, "RunRow: 16 bytes, millions of them with --all");

/* Why a flow is not active in a world although it would be on other
 * days: its window starts after the world's date, or ended before it. */
typedef enum { RUN_NOT_DATED, RUN_LATER, RUN_ENDED } RunWhenKind;
typedef struct RunWhen {
  int32_t date;             /* the first day in force, or the last */
  uint8_t kind;             /* RunWhenKind */
} RunWhen;

/* A flow statement, the worlds where it is active, and where it is not
 * for its dates.  A statement no world has active is listed when a world
 * has it out of force for its dates only. */
typedef struct RunFlow {
  const Clause *c;
  const Body *b;
  uint8_t *on;              /* per world (one vector shared by the flows
                               active in every world: read-only) */
  RunWhen *when;            /* per world, or NULL when it is never out of
                               force for its dates */
} RunFlow;

/* Totals per party (money in cents, power in watts). */
enum {
  TM_PAYS, TM_PAID, TM_INVESTS, TM_COMMITS, TM_INVESTED, TM_INVESTED_COMMITTED,
  TM_STAKES, TM_SUPPLIES, TM_SUPPLIED, TM_N
};
typedef struct RunTotal {
  int64_t v;
  bool overflow;
} RunTotal;

/* The sides of a contested key: the distinct clauses of its undefeated
 * norms that permit or oblige, then of those that forbid, each in clause
 * order: RunSides.cl[at .. at + npos) and [at + npos .. at + npos + nneg).
 * A key of another world that is no longer contested there has none. */
typedef struct RunSide {
  uint32_t row;
  uint32_t at;
  uint32_t npos, nneg;
} RunSide;

/* Sides by row. */
typedef struct RunSides {
  RunSide *v;
  uint32_t n, cap;
  uint32_t *cl;
  uint32_t ncl, capcl;
} RunSides;

/* A pair of clauses that collide (an undefeated permission or obligation
 * against an undefeated prohibition) and the rows of the keys it makes
 * contested, in row order: rows[first .. first + n) of its RunPairs. */
typedef struct RunPair {
  uint32_t pos, neg;        /* the clauses' indices in Program.clauses */
  uint32_t n, first;
} RunPair;

/* Pairs in (pos, neg) order. */
typedef struct RunPairs {
  RunPair *pairs;
  uint32_t npairs;
  uint32_t *rows;
  uint32_t nrows;
} RunPairs;

typedef struct RunWorld {
  World *w;
  int64_t prob;             /* product of the chosen outcomes'
                               probabilities, pct units; -1 when none */
  RunTotal *totals;         /* [party * TM_N + measure] */
  bool anew;                /* every slot is read anew (its date differs) */
  /* The breach map: the first world's every contested key; another's,
   * the keys whose sides differ from the first world's. */
  RunSides sides;
  uint32_t nkeys;           /* contested keys (rows) in the world */
} RunWorld;

typedef enum { RUN_ROWS_DIFF, RUN_ROWS_ALL } RunRowsMode;

/* What a report is restricted to (--party, --action, --product).  The
 * slots of other actions and objects are not evaluated at all; with a
 * party, only its keys are rows, only the markets that name it are kept,
 * and only the flows it pays or receives (its totals whole, nobody
 * else's). */
typedef struct RunFilter {
  int32_t party;            /* -1: every party */
  const Action *act;        /* NULL: every action */
  const Product *product;   /* NULL: every object; else it and the
                               products below it */
} RunFilter;

typedef struct RunOpts {
  RunRowsMode rows;         /* differing or contested keys; or every key a
                               norm covers in some world */
  bool expected;            /* weigh every combination of outcomes */
  const RunFilter *filter;  /* NULL: everything */
} RunOpts;

/* Does the filter keep slot key (its action and object)?  f NULL: yes. */
bool rundata_filter_key(const Program *p, const RunFilter *f, uint64_t key);
/* Does it keep a flow stating b (by its parties)? */
bool rundata_filter_flow(const RunFilter *f, const Body *b);

/* rest rows are expanded into one row per party up to this many */
#define RUN_MAX_REST_ROWS 12

typedef struct RunData {
  Model *m;
  Program *p;
  Arena arena;
  EvalScratch *scratch;     /* the formats' own evaluations (deciders) */
  uint32_t nw;
  RunWorld *worlds;
  RunSlot **slots;          /* slots with rows or markets, by key */
  uint32_t nslots, capslots;
  RunRow *rows;
  uint32_t nrows, caprows;
  int32_t *expected;        /* per row: its weight where permitted, pct
                               units (at most 1,000,000 for 100 %); NULL
                               without the expected column */
  RunSlot **markets;        /* slots that are markets, by key */
  uint32_t nmarkets, capmarkets;
  RunFlow *flows;
  uint32_t nflows, capflows;
  RunFilter filter;         /* party -1, act and product NULL: none */
  bool has_expected;
  uint64_t ncombos;         /* most combinations weighed for one key */
  char expected_note[256];  /* why there is no expected column */
} RunData;

static inline uint32_t rundata_slot_nrest(const RunData *d, const RunSlot *s) {
  return d->p->nparties - s->np;
}
/* How many parties a row stands for when it is "N other parties" (party
 * -1); 0 for a party's row. */
static inline uint32_t rundata_row_nrest(const RunData *d, const RunRow *r) {
  return r->party >= 0 ? 0 : rundata_slot_nrest(d, r->s);
}
/* A row's expected weight (pct units), -1 without the expected column
 * or for a row not of d->rows. */
static inline int32_t rundata_row_expected(const RunData *d, const RunRow *r) {
  return d->expected && r >= d->rows && r < d->rows + d->nrows
             ? d->expected[r - d->rows]
             : -1;
}

/* The slots where w may read otherwise than a world choosing no outcome:
 * those of every clause its outcomes can change (model_reach), and its
 * own; fn(arg, key) for each, possibly more than once. */
void rundata_world_slots(Model *m, const World *w,
                         void (*fn)(void *, uint64_t), void *arg);

/* A slot and a world that may read it otherwise than the first. */
typedef struct RunKeyWorld {
  uint64_t key;
  uint32_t world;
} RunKeyWorld;
typedef struct RunKeyWorlds {
  RunKeyWorld *v;
  uint32_t n, cap;
  uint32_t world;           /* while filling */
} RunKeyWorlds;
/* For each world k >= 1 of ws but those with skip[k] (skip may be NULL),
 * the slots it may read otherwise than ws[0] — its own and ws[0]'s
 * (rundata_world_slots) — sorted by key then world, once each, into out
 * (heap). */
void rundata_anew_pairs(Model *m, World **ws, uint32_t nw, const bool *skip,
                        RunKeyWorlds *out);
/* The first pair of out whose key is key or after. */
uint32_t rundata_anew_first(const RunKeyWorlds *kw, uint64_t key);
/* Every slot key of the model and of the worlds' own slots, sorted, once
 * each: heap, *n of them. */
uint64_t *rundata_all_keys(Model *m, World **ws, uint32_t nw, uint32_t *n);

/* The parties and `among` groups a slot's clauses name, and whether it is
 * a market (a clause names the product itself): gathered clause by
 * clause, once per slot, by the run data and the timeline alike.  The
 * parties end sorted, the owner of a product among them, so that one list
 * serves every world and the parties not named are alike. */
typedef struct RunNames {
  uint32_t *stamp, mark;    /* parties seen in the slot */
  int32_t *parties;
  uint32_t np, capp;
  Group **among;
  uint32_t namong, capamong;
  bool market;
} RunNames;
void rundata_names_init(RunNames *x, uint32_t nparties);
void rundata_names_free(RunNames *x);
void rundata_names_begin(RunNames *x);
/* A clause reading b, whose object as written (or construed) is
 * written, in the slot of obj. */
void rundata_names_add(RunNames *x, const Body *b, const Decl *written,
                       const Decl *obj);
void rundata_names_end(RunNames *x, const Decl *obj);

/* Everything for these worlds (the first is the reference for changes). */
RunData *rundata_build(Model *m, World **ws, uint32_t nw, const RunOpts *o);
void rundata_free(RunData *d);

/* Statuses. */
Status rundata_status(const RunData *d, const RunRow *r, uint32_t world);
bool rundata_row_covered(const RunData *d, const RunRow *r, uint32_t world);
Status rundata_slot_status(const RunSlot *s, int32_t j, uint32_t world);
const uint8_t *rundata_slot_st(const RunSlot *s, uint32_t world);
/* Does the slot read in this world as in the first (not read anew)?  Then
 * every key of it has the same norms, tiers and defeats in both. */
bool rundata_slot_same(const RunData *d, const RunSlot *s, uint32_t world);
RunSlot *rundata_find_slot(const RunData *d, uint64_t key);

/* Markets (rundata_market.c): the permitted parties (named ones, in
 * order), whether every party not named is permitted too, and the
 * contested ones. */
typedef struct RunMarket {
  int32_t *permitted;
  uint32_t npermitted;
  bool rest_permitted;      /* and every party not named */
  uint32_t nrest;
  int32_t *contested;
  uint32_t ncontested;
  int32_t exclusive;        /* the one party permitted overall, or -1 */
  int32_t *excl_among;      /* per among group: the one member permitted */
} RunMarket;
typedef struct RunMarketBuf {
  int32_t *v;
  uint32_t cap;
  /* the positions of the among groups' members in the slot last asked
   * about (its parties, or np), kept for the next call on it: a timeline
   * asks one slot for every period */
  const RunSlot *slot;
  uint64_t key;             /* and its key: a block may be made again at
                               the same place for another slot */
  uint32_t *pos, cappos;
} RunMarketBuf;
void rundata_market(const RunData *d, const RunSlot *s, uint32_t world,
                    RunMarket *out, RunMarketBuf *b);
void rundata_market_buf_free(RunMarketBuf *b);
bool rundata_market_equal(const RunMarket *x, const RunMarket *y,
                          uint32_t namong);

/* Flows and totals (rundata_flow.c). */
void rundata_build_flows(RunData *d);
const char *rundata_measure_name(int measure);
bool rundata_measure_is_watts(int measure);
/* Implied valuation of a stake (value / percent), exact to the cent;
 * false when there is no value, the percent is 0 or it overflows. */
bool rundata_implied_valuation(const Body *b, int64_t *cents,
                               bool *overflow);
const char *rundata_total_str(const RunTotal *t, int measure, char *buf);
/* Has party q a total of this measure (or an overflow) in some world? */
bool rundata_total_shown(const RunData *d, uint32_t q, int measure);

/* The breach map (rundata_clash.c).  The sides of a contested key kr (it
 * has none else), as row, appended to out: */
void rundata_key_sides(RunSides *out, const KeyResult *kr, uint32_t row);
/* s of `in`, as row, appended to out. */
void rundata_sides_append(RunSides *out, const RunSides *in, const RunSide *s,
                          uint32_t row);
/* Do two keys (either may be NULL: no sides) have the same sides? */
bool rundata_sides_equal(const RunSides *a, const RunSide *x,
                         const RunSides *b, const RunSide *y);
void rundata_sides_free(RunSides *s);
/* The sides of a row's key in a world and its clauses; NULL when the key
 * is not contested there. */
const RunSide *rundata_side(const RunData *d, uint32_t world, uint32_t row,
                            const uint32_t **cl);
/* Per permitting clause, the keys of world k where it collides: an index
 * (a counting sort of the world's sides by their permitting clauses) that
 * the enumerations below share. */
typedef struct RunPairIndex {
  uint32_t world;
  uint32_t *start;          /* by clause c: entries start[c] .. start[c + 1] */
  const RunSide **side;
  const uint32_t **cl;      /* each entry's side's clauses */
} RunPairIndex;
void rundata_pair_index(const RunData *d, uint32_t world, RunPairIndex *ix);
void rundata_pair_index_free(RunPairIndex *ix);
/* The pairs of ix's world in (pos, neg) order, each with its keys, the
 * first `max` of them (UINT32_MAX: all) into g; returns how many there
 * are in all.  rundata_pairs_free g after. */
uint32_t rundata_pairs(const RunData *d, const RunPairIndex *ix,
                       uint32_t max, RunPairs *g);
void rundata_pairs_free(RunPairs *g);
/* What world k (> 0) changes in the breach map of the first world, pair
 * by pair in order: a pair it adds, one whose keys change, one it
 * resolves — with the pair's keys in world k (resolved: in the first). */
typedef enum { RUN_SAME, RUN_NEW, RUN_CHANGED, RUN_RESOLVED } RunChange;
typedef struct RunPairChanges {
  RunPairs pairs;
  RunChange *change;        /* per pair */
  uint32_t nchange;
} RunPairChanges;
/* The first `max` changes into out; returns how many there are in all.
 * ix: the first world's index. */
uint32_t rundata_pair_changes(const RunData *d, const RunPairIndex *ix,
                              uint32_t world, uint32_t max,
                              RunPairChanges *out);
void rundata_pair_changes_free(RunPairChanges *c);

/* The expected column (rundata_expect.c). */
void rundata_build_expected(RunData *d);

/* Text (rundata_text.c): "Amazon host StatefulRuntime" or "(5 other
 * parties) host X"; "host StatefulRuntime"; a flow without its
 * modifiers; "Agreement.clause", "order of outcome", ... */
void rundata_key_text(const RunData *d, const RunRow *r, char *buf,
                      size_t cap);
void rundata_slot_text(const RunSlot *s, char *buf, size_t cap);
char *rundata_flow_text(Arena *a, const Body *b, bool with_mods);
/* "only Amazon's keys, markets, flows and totals; only host; only
 * StatefulRuntime and the products below it" into buf, or false when
 * nothing is filtered. */
bool rundata_filter_text(const RunData *d, char *buf, size_t cap);
char *rundata_clause_name(Arena *a, const Clause *c);
/* A flow in world k as a cell: "yes", "-", "from 2026-04-01" (not yet in
 * force), "ended 2025-12-31"; buf has room for 32.  And whether world k
 * reads it otherwise than the first. */
const char *rundata_flow_cell(const RunFlow *fl, uint32_t k, char *buf);
bool rundata_flow_differs(const RunFlow *fl, uint32_t k);

#endif
