/* eval: rules 2 to 6 of LANGUAGE.md section 6 — the norms a clause yields
 * for a key, defeat by tier and by `overrides` chains, the status, and
 * the default.  One function evaluates the keys of a slot (eval_slot);
 * a single key (eval_key) is that function asked about one party, and
 * every report, check and explanation goes through it. */
#ifndef DEAL_EVAL_H
#define DEAL_EVAL_H
#include "world.h"

typedef enum { ST_PERMITTED, ST_REQUIRED, ST_FORBIDDEN, ST_CONTESTED } Status;

/* One norm on a key: the clause and how the world reads it. */
typedef struct Hit {
  const Clause *c;
  const Body *b;
  int8_t pol;               /* +1 permit/oblige, -1 forbid */
  bool oblige, exclusion, defeated;
  uint8_t tier;
  int32_t by;               /* index of the hit that defeated it, or -1 */
  uint8_t why;              /* 0 higher tier, 1 overrides */
  bool ovr;                 /* its clause's `overrides` list names a clause
                               of the world (world_has_overrides), asked
                               once per clause, not per key */
} Hit;

typedef struct KeyResult {
  Status st;
  bool by_default;          /* no norm: rule 6 decided */
  const Party *owner;
  Hit *hits;
  uint32_t n, cap;
} KeyResult;

/* Rule 2: the norm a statement yields on the key of one party: +1 (may:
 * permit; must, shall: oblige), -1 (may not, must not, shall not; or an
 * exclusion of `only`), 0 none.  party -1 is a party it names nowhere. */
int eval_norm(const Body *b, int32_t party, bool *oblige, bool *exclusion);
/* The parties a statement names (its subjects, and for `only ... among G`
 * the members of G), each once per call of fn; and whether it speaks of
 * every other party too (`only` without `among`) — then alike of each:
 * its norm on any party it does not name is eval_norm(b, -1). */
bool eval_norm_parties(const Body *b, void (*fn)(void *, int32_t),
                       void *arg);
bool eval_status_matches(Modal m, Status st);
const char *eval_status_name(Status st);
static inline bool eval_permits(Status st) {
  return st == ST_PERMITTED || st == ST_REQUIRED;
}

/* What evaluating keys writes as it goes, kept from key to key (a report
 * evaluates millions).  One per thread; zero it to start. */
typedef struct EvalBuf {
  void *p;
  size_t cap;               /* bytes */
} EvalBuf;

#define EVAL_NBUF 16
typedef struct EvalScratch {
  int32_t *pos;             /* position of each party asked about, else -1 */
  uint32_t npos;
  /* the clauses of the latest reach mark: open addressing, an entry of an
   * older stamp is empty (nothing to clear between marks) */
  struct VisitSlot { int32_t clause; uint32_t stamp; } *visit;
  uint32_t visit_stamp, capvisit, nvisit;
  EvalBuf buf[EVAL_NBUF];
  KeyResult one;            /* eval_key's */
} EvalScratch;
void eval_scratch_free(EvalScratch *x);

/* Is a clause of the model's list for a slot (or flows) read there by a
 * world, as v?  Not when the world reads it otherwise (amended,
 * construed): then it is among the world's own (world.h). */
static inline bool eval_model_reads(const View *v) {
  return !v->amended && !v->construed;
}
/* The clauses w reads for a slot, each with its view whatever its fate:
 * those of the model's list that w reads there, then w's own.  What
 * eval_slot evaluates, and where a slot's change dates come from. */
typedef void (*EvalClauseFn)(void *arg, const Clause *c, const View *v);
void eval_slot_clauses(const World *w, uint64_t key, EvalClauseFn fn,
                       void *arg);

/* The keys of one slot (action a, object obj) in world w: for each party
 * listed, fn(arg, i, key) with i its position, then — when rest — fn(arg,
 * np, key) for every party not listed, as one (their keys are alike only
 * if the list holds every party a norm of the slot names: the caller
 * makes sure).  The KeyResult lives until the next call. */
typedef void (*EvalKeyFn)(void *arg, uint32_t i, const KeyResult *r);
void eval_slot(const World *w, EvalScratch *x, const Action *a,
               const Decl *obj, const int32_t *parties, uint32_t np,
               bool rest, EvalKeyFn fn, void *arg);
/* The same when only statuses are wanted (status, by_default, owner): a
 * key's hits are filled only when a norm of it overrides, or when it is
 * contested and contested_hits (for its sides); the others are decided
 * by counting each tier's norms (rule 5 without rule 4), not from their
 * hits. */
void eval_slot_statuses(const World *w, EvalScratch *x, const Action *a,
                        const Decl *obj, const int32_t *parties, uint32_t np,
                        bool rest, bool contested_hits, EvalKeyFn fn,
                        void *arg);
/* eval_slot_statuses on a part of the slot: the clauses cl[0..ncl), each one that
 * w reads for the slot (eval_slot_clauses), once.  A key's status reads
 * only the norms that apply to it (rule 2), so the parties asked have
 * their statuses of eval_slot when cl holds every clause whose norm can
 * apply to them (eval_norm_parties names them, or speaks of every
 * party).  The timeline asks so, on a day, the parties a change can
 * touch. */
void eval_slot_list(const World *w, EvalScratch *x, const Action *a,
                    const Decl *obj, const Clause *const *cl, uint32_t ncl,
                    const int32_t *parties, uint32_t np, EvalKeyFn fn,
                    void *arg);
/* ---- a slot's statuses as its clauses come and go (the timeline) ----
 * Rules 3, 5 and 6 by counting, as eval_slot_statuses decides a key
 * whose norms do not override: the counts of each tier's norms that
 * permit, oblige and forbid, kept for the norms on every party and for
 * each key's own (its cells, less the norm on every party of a clause
 * it is named by), and adjusted by each clause that starts or stops
 * speaking.  A change then costs the parties its clause names (every key
 * only when it speaks of every party).  A key with a norm whose
 * `overrides` chain reaches a clause of the slot cannot be counted: it is
 * decided from its hits (eval_slot_list). */
typedef struct TierCount {
  uint32_t pos[3], neg[3], oblige[3];  /* by tier; differences wrap */
} TierCount;

typedef struct EvalCounts {
  const Party *owner;
  const int32_t *parties;
  uint32_t np;
  TierCount all, *own;      /* own: per key, np + 1 (the rest: none) */
  uint32_t *novr, cap;      /* per key, its cells that may defeat */
  int32_t *pos;             /* a party's column, or -1 */
  uint32_t npos;
  uint32_t *in, nin, base;  /* per clause: of the slot (base), and may
                               defeat (base + 1) */
  uint32_t *named, capnamed;
} EvalCounts;

/* Starts the keys parties[0..np) (kept by the caller until
 * eval_counts_end) and the rest, all silent, for a slot whose clauses on
 * every day are cl[0..ncl) as w reads them (any date: a clause's
 * statement and `overrides` do not change with the day).  false when a
 * norm on every party may defeat another: then the slot is not counted
 * (and nothing is to end). */
bool eval_counts_begin(EvalCounts *k, const World *w, EvalScratch *x,
                       const Decl *obj, const int32_t *parties, uint32_t np,
                       const Clause *const *cl, uint32_t ncl);
/* Clause c, read as v (one of cl), starts (by +1) or stops (by -1)
 * speaking: touch(arg, i) for each key whose counts move; true when it
 * speaks of every party (every key moves, the rest too; none is
 * touched). */
bool eval_counts_clause(EvalCounts *k, const Clause *c, const View *v, int by,
                        void (*touch)(void *, uint32_t), void *arg);
/* Key i's status (i == np: the rest) and whether rule 6 gave it; false
 * when it must be decided from its hits. */
bool eval_counts_key(const EvalCounts *k, uint32_t i, Status *st,
                     bool *by_default);
void eval_counts_end(EvalCounts *k);
void eval_counts_free(EvalCounts *k);

/* One key: eval_slot asked about one party (or, party -1, a party no
 * norm names).  r is the caller's (eval_key_free). */
void eval_key(const World *w, EvalScratch *x, int32_t party,
              const Action *a, const Decl *obj, KeyResult *r);
void eval_key_free(KeyResult *r);

#endif
