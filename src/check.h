/* check: the checks of `expect`, `query` and the REPL (LANGUAGE.md
 * section 6): norms, conflicts, `only ... among`, who, flows, each in a
 * world, and `with probability` over the combinations of outcomes that
 * can change the answer. */
#ifndef DEAL_CHECK_H
#define DEAL_CHECK_H
#include "eval.h"

typedef struct WeighedWorld {
  char name[160];
  int64_t weight;           /* percent units */
  bool holds;
} WeighedWorld;

struct WhenAnswer;
struct KeySet;

typedef struct CheckResult {
  bool holds;
  bool error;               /* the world could not be built */
  char msg[320];
  Loc at;                   /* where the error is: `with`, or the check */
  /* for explanations: the key that decided (first failing, else last) */
  int32_t party;
  const Decl *obj;
  KeyResult key;
  /* with probability */
  int64_t weight_ppm;       /* weight of the worlds where it holds, units */
  uint64_t nworlds;
  Dispute **left_out;       /* disputes that cannot change the answer */
  uint32_t nleft_out;
  /* who: parties for which it holds */
  int32_t *who;
  uint32_t nwho;
  const Clause *flow;       /* the matching flow */
  /* with probability: the first worlds weighed, and the first failing */
  WeighedWorld ww[16];
  uint32_t nww;
  Outcome **fail_chosen;
  uint32_t nfail_chosen;
  struct WhenAnswer *when;  /* `when`: its periods and changes (when.h) */
} CheckResult;

/* An expect, query or question: its world (under, at), or every weighed
 * combination.  out->error with out->msg when a world is an error. */
void check_expect(Model *m, EvalScratch *x, const Expect *e,
                  CheckResult *out);
void check_result_free(CheckResult *r);
/* A scratch and a result, for checks made in turn (a file's expects);
 * check_checked_free frees both, as mem_defer's function on an unwind. */
typedef struct Checked {
  EvalScratch x;
  CheckResult r;
} Checked;
void check_checked_free(void *c);
/* The world of a check's `under` and `at` (the scenario's date without
 * one; none for `when`, which asks every day): NULL with a message when it
 * is an error. */
World *check_world(Model *m, const CheckCtx *cx, char *msg, size_t cap);
/* One check in world w, without `with probability` or `when`. */
void check_in_world(const World *w, EvalScratch *x, const Check *ck,
                    CheckResult *out);
/* The slots (or the flow key) a check reads, added to s. */
void check_depends(Program *p, const Check *ck, struct KeySet *s);
/* Can a statement, as a world reads it, decide the check?  A norm when it
 * yields a norm for a party the check asks about; a flow when it is the
 * flow the check states. */
bool check_bears(const Check *ck, const Body *b);
/* The flow clauses w reads for flow key (model_flow_key): the model's
 * that w reads as written, then every one of w's own flows (its outcome
 * flows and amended statements, whatever their key), each with its
 * view. */
void check_flow_clauses(const World *w, uint64_t key, EvalClauseFn fn,
                        void *arg);

#endif
