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
/* One key: eval_slot asked about one party (or, party -1, a party no
 * norm names).  r is the caller's (eval_key_free). */
void eval_key(const World *w, EvalScratch *x, int32_t party,
              const Action *a, const Decl *obj, KeyResult *r);
void eval_key_free(KeyResult *r);

#endif
