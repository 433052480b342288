/* eval: worlds, active clauses, norms, tiers, defeat and statuses
 * (LANGUAGE.md section 6), and the checks of `expect` and `query`.
 *
 * Nothing is evaluated ahead of time: a Model indexes, once, the clauses
 * that could bear on each (action, object) slot and the flows by kind and
 * payer, and a key's status is computed on demand from its slot alone, so
 * a check costs what its slot holds, not what the scenario holds. */
#ifndef DEAL_EVAL_H
#define DEAL_EVAL_H
#include "ast.h"

typedef enum { ST_PERMITTED, ST_REQUIRED, ST_FORBIDDEN, ST_CONTESTED } Status;

typedef struct ClauseVec {
  Clause **v;
  uint32_t n, cap;
} ClauseVec;

typedef struct SlotEntry {
  uint64_t key;
  ClauseVec cl;
} SlotEntry;

/* Slots by key: those loaded in bulk in one array sorted by key (a
 * program's clauses read whole: 574,287 slots in 13 MiB at 1M clauses,
 * not a hash table of 24), the rest in an open-addressing table (the
 * REPL's additions, a world's own slots). */
typedef struct SlotMap {
  SlotEntry *e;
  uint32_t cap, count;
  SlotEntry *run;           /* sorted by key */
  uint32_t nrun;
} SlotMap;

/* What evaluating a key writes as it goes: the positions of the parties
 * of a slot (all -1 between calls), the reach memo of `overrides` chains
 * (a mark is read before the next is made) and the buffers of a key's
 * temporaries (a report evaluates hundreds of thousands of keys: they
 * were millions of allocations).  One per thread. */
typedef struct EvalBuf {
  void *p;
  size_t cap;              /* bytes */
} EvalBuf;

#define EVAL_NBUF 12
typedef struct EvalScratch {
  int32_t *pos;
  uint32_t npos;
  /* the clauses of the latest reach mark: open addressing, an entry of
   * an older stamp is empty (nothing to clear between marks) */
  struct VisitSlot { int32_t clause; uint32_t stamp; } *visit;
  uint32_t visit_stamp, capvisit, nvisit;  /* nvisit: in the latest mark */
  EvalBuf buf[EVAL_NBUF];  /* a key's temporaries, kept from key to key */
} EvalScratch;

typedef struct Model {
  Program *p;
  Arena arena;
  SlotMap norms;      /* (action, object) -> agreement clauses with norms */
  SlotMap flows;      /* (flow kind, payer) -> agreement flow clauses */
  uint32_t indexed;   /* clauses indexed so far */
  uint8_t *fact_override;  /* --fact: 0 none, 1 false, 2 true */
  uint32_t nfact_override;
  /* what evaluation writes as it goes, for the thread that owns the model
   * (another thread evaluating its worlds brings its own) */
  EvalScratch scratch;
} Model;

/* What an outcome does to one agreement clause in a world. */
typedef struct Effect {
  bool upheld, voided;
  Decl *construe;     /* object read instead */
  const Stmt *amend;  /* replacement statement */
} Effect;

typedef struct World {
  Model *m;
  Outcome **chosen;   /* at most one per dispute */
  uint32_t nchosen;
  int32_t date;       /* YYYYMMDD; 0 when the scenario has no date */
  uint8_t *facts;     /* value of each fact in this world */
  /* the effects, by clause index: open addressing, at most half full
   * (a table of every clause, mostly empty, was read all over by the
   * evaluation and so made resident: 7.8 MiB a world at 1M clauses) */
  struct EffSlot { int32_t clause; Effect *e; } *eff;
  uint32_t capeff;
  SlotMap extra;      /* slots of amended, construed and outcome norms */
  ClauseVec xflows;   /* flows of outcomes and amendments */
  ClauseVec touched;  /* agreement clauses with an effect */
  Arena arena;
  char name[128];
} World;

typedef struct Hit {
  const Clause *c;
  const Body *b;
  int8_t pol;         /* +1 permit/oblige, -1 forbid */
  bool oblige, exclusion, defeated;
  uint8_t tier;
  int32_t by;         /* index of the hit that defeated it, or -1 */
  uint8_t why;        /* 0 higher tier, 1 overrides */
} Hit;

typedef struct KeyResult {
  Status st;
  bool by_default;
  const Party *owner;
  Hit *hits;
  uint32_t n, cap;
} KeyResult;

Model *eval_model_new(Program *p);
void eval_model_free(Model *m);
/* Index clauses added since the last call (the REPL). */
void eval_model_sync(Model *m);
/* --fact NAME=value: false if the fact is unknown. */
bool eval_set_fact(Model *m, const char *name, bool value);

/* A world choosing these outcomes (checked for clashes by the caller). */
World *eval_world_new(Model *m, Outcome **chosen, uint32_t n, int32_t date);
void eval_world_free(World *w);

void eval_key(World *w, int32_t party, const Action *a, const Decl *obj,
              KeyResult *out);
void eval_key_free(KeyResult *r);
/* Statuses of the given parties (and of every party the slot does not
 * name, *rest) for one (action, object), in one pass over its clauses.
 * covered[i]: some norm applies (else the default decided). */
void eval_slot_parties(World *w, const Action *a, const Decl *obj,
                       const int32_t *parties, uint32_t np, Status *st,
                       bool *covered, Status *rest, bool *rest_covered);
/* The same in a thread other than the model's, with its own scratch
 * (zeroed at first; eval_scratch_free after). */
void eval_slot_parties_in(EvalScratch *x, World *w, const Action *a,
                          const Decl *obj, const int32_t *parties,
                          uint32_t np, Status *st, bool *covered,
                          Status *rest, bool *rest_covered);
void eval_scratch_free(EvalScratch *x);
/* The same pass, giving each key whole (hits, status) to fn: i indexes
 * parties, i == np is every party the slot does not name.  The hits are
 * those eval_key finds for the key (in another order). */
typedef void (*EvalKeyFn)(void *arg, uint32_t i, const KeyResult *r);
void eval_slot_keys(World *w, const Action *a, const Decl *obj,
                    const int32_t *parties, uint32_t np, EvalKeyFn fn,
                    void *arg);
/* The same with another thread's scratch. */
void eval_slot_keys_in(EvalScratch *x, World *w, const Action *a,
                       const Decl *obj, const int32_t *parties, uint32_t np,
                       EvalKeyFn fn, void *arg);
bool eval_status_matches(Modal m, Status st);
const char *eval_status_name(Status st);

/* Object keys of a slot: products by index, parties after them. */
uint64_t eval_slot_key(uint32_t action, const Decl *obj);
/* Calls fn for every object a reference covers (product and below, party,
 * members of a group). */
void eval_objects(Program *p, const Decl *obj, void (*fn)(void *, const Decl *),
                  void *arg);
const ClauseVec *eval_slot(const SlotMap *m, uint64_t key);

bool eval_clause_active(const World *w, const Clause *c, const Body *b);
const Body *eval_body(const World *w, const Clause *c);
Tier eval_tier(const World *w, const Clause *c);
const Effect *eval_effect(const World *w, const Clause *c);

/* Checks. */
typedef struct CheckResult {
  bool holds;
  bool error;              /* the world could not be built */
  char msg[256];
  /* for explanations: the key that decided (first failing, else last) */
  int32_t party;
  const Decl *obj;
  KeyResult key;
  /* with probability */
  int64_t weight_ppm;      /* weight of the worlds where it holds, 1e-6 % */
  uint64_t nworlds;
  /* who: parties for which it holds */
  int32_t *who;
  uint32_t nwho;
  const Clause *flow;      /* the matching flow */
  /* with probability: the first worlds weighed, and the first failing */
  struct WeighedWorld { char name[128]; int64_t weight; bool holds; } ww[16];
  uint32_t nww;
  Outcome *fail_chosen[16];
  uint32_t nfail_chosen;
} CheckResult;

#define EVAL_MAX_WORLDS 65536

void eval_check(Model *m, const Expect *e, CheckResult *out);
void eval_check_in(World *w, const Check *ck, CheckResult *out);
void eval_check_result_free(CheckResult *r);
/* The world of an expect's `under`/`at` (NULL and msg on error). */
World *eval_world_for(Model *m, const CheckCtx *x, char *msg, size_t cap);
bool eval_flow_active(const World *w, const Clause *c, const Body **b);

#endif
