/* model: what evaluation reads of a resolved program, indexed once.
 *
 * A slot is an (action, object) pair with every name resolved to a single
 * product or party.  The model lists, for each slot, the agreement clauses
 * whose norms could bear on its keys, and the agreement flows by (kind,
 * payer); worlds add the slots of their outcomes' own statements
 * (world.h).  A key's status is computed from its slot alone, so a check
 * costs what its slot holds, not what the scenario holds.
 *
 * The model also knows, per outcome, every clause whose reading that
 * outcome can change in any world that chooses it (model_reach): the one
 * account of "what an outcome changes" that the run across worlds, the
 * expected column and `with probability` all use. */
#ifndef DEAL_MODEL_H
#define DEAL_MODEL_H
#include "ast.h"

typedef struct ClauseVec {
  Clause **v;
  uint32_t n, cap;
} ClauseVec;

typedef struct SlotEntry {
  uint64_t key;
  ClauseVec cl;
} SlotEntry;

/* Slots by key: those loaded in bulk in one array sorted by key (a
 * program's clauses read whole: 574,287 slots in 13 MiB at 1M clauses),
 * the rest in an open-addressing table (the REPL's additions, a world's
 * own slots). */
typedef struct SlotMap {
  SlotEntry *e;
  uint32_t cap, count;
  SlotEntry *run;           /* sorted by key */
  uint32_t nrun;
} SlotMap;

/* The clauses an outcome may read differently, in any world choosing it:
 * sorted clause indices (agreement clauses and outcome clauses). */
typedef struct Reach {
  int32_t *v;
  uint32_t n;
} Reach;

typedef struct ModelIndex ModelIndex;

typedef struct Model {
  Program *p;
  Arena arena;
  SlotMap norms;            /* (action, object) -> agreement norm clauses */
  SlotMap flows;            /* (flow kind, payer) -> agreement flow clauses */
  uint32_t indexed;         /* clauses indexed so far */
  uint8_t *fact_override;   /* --fact: 0 none, 1 false, 2 true */
  uint32_t nfact_override;
  ModelIndex *ix;           /* facts, readings and reverse overrides: built
                               on first use, dropped by model_sync */
  Reach *reach;             /* per outcome, built on first use */
  uint32_t nreach;
} Model;

Model *model_new(Program *p);
void model_free(Model *m);
/* Indexes the clauses added since the last call (the REPL). */
void model_sync(Model *m);
/* --fact NAME=value: false if there is no such fact. */
bool model_set_fact(Model *m, const char *name, bool value);
/* The value of fact i before any outcome acts (declared, or --fact). */
bool model_fact(const Model *m, uint32_t i);

/* Slot keys: the action's index, then a product's index, or a party's
 * with bit 32 set. */
uint64_t model_slot_key(uint32_t action, const Decl *obj);
const Decl *model_slot_object(const Program *p, uint64_t key);
static inline uint32_t model_slot_action(uint64_t key) {
  return (uint32_t)(key >> 33);
}
uint64_t model_flow_key(FlowKind k, const Party *payer);
const ClauseVec *model_slot(const SlotMap *m, uint64_t key);
/* Adds clause c to slot key of m (a world's own slots). */
void model_slot_add(Arena *a, SlotMap *m, uint64_t key, Clause *c);
void model_slots_free(SlotMap *m);
/* Every key of a map, appended to *v (heap, grown as needed). */
void model_slot_keys(const SlotMap *m, uint64_t **v, uint32_t *n,
                     uint32_t *cap);

/* Every object a reference covers: a product and everything below it, a
 * party, or each member of a group.  Iterative: deep hierarchies are
 * safe. */
void model_objects(Program *p, const Decl *obj,
                   void (*fn)(void *, const Decl *), void *arg);
/* The slots a statement's norm falls in, read with object obj. */
void model_body_slots(Program *p, const Body *b, const Decl *obj,
                      void (*fn)(void *, uint64_t), void *arg);

/* What outcome o can change: every clause whose reading (statement,
 * object, tier, activity, or the `overrides` chains it starts) may differ
 * in a world choosing o from the world without it, whatever else that
 * world chooses.  Conservative: a superset is harmless, a missed clause
 * is a wrong answer (the oracle test in tests/unit/test_oracle.c guards
 * it). */
const Reach *model_reach(Model *m, const Outcome *o);
/* The slots (norms) and flow keys where a clause may be read, under any
 * outcome: as written, as construed or amended by each outcome. */
void model_clause_slots(Model *m, const Clause *c,
                        void (*fn)(void *, uint64_t key, bool flow),
                        void *arg);

#endif
