/* explain: answers with their reasons, as plain sentences a lawyer can
 * follow — shared by `deal query`, the failures of `deal test` and the
 * REPL's :why — and as JSON (docs/json.md).  One walk gathers the
 * reasons (an Explanation); the text and the JSON print the same one. */
#ifndef DEAL_EXPLAIN_H
#define DEAL_EXPLAIN_H
#include <stdio.h>

#include "check.h"
#include "json.h"
#include "print.h"

typedef struct ExplainOpts {
  bool color;
  const char *indent;
} ExplainOpts;

typedef enum { EXPLAIN_SET_ASIDE, EXPLAIN_DECIDES, EXPLAIN_DEFEATED } ExplainRole;

/* A clause that bears on the key explained. */
typedef struct ExplainClause {
  ExplainRole role;
  const Clause *c;
  View v;                   /* what the world makes of it */
  const Hit *hit;           /* decides, defeated: its norm on the key */
  const Hit *by;            /* defeated: the norm that defeats it */
  const Effect *effect;     /* set aside: what an outcome does to it */
} ExplainClause;

/* Everything an explanation of a check's result says. */
typedef struct Explanation {
  Model *m;
  const Expect *e;          /* NULL: a key explained in a given world */
  const CheckResult *r;
  World *w;                 /* the world of a norm's key, or NULL */
  bool own_w;               /* w is freed with the explanation */
  /* the key explained, and how it was decided */
  int32_t party;
  const Action *act;
  const Decl *obj;
  const KeyResult *key;
  ExplainClause *v;         /* in the order they are told */
  uint32_t n, cap;
  bool contested;           /* undefeated norms disagree */
} Explanation;

/* Gathers the reasons of r (the result of e); explain_free frees them. */
void explain_build(Explanation *x, Model *m, const Expect *e,
                   const CheckResult *r);
void explain_free(Explanation *x);

/* The explanation of one key in world w, as `deal query` tells it after
 * its answer: "Amazon host X: contested in status quo on DATE." and the
 * deciding, defeated and set-aside clauses (a cell of `deal run`'s
 * permissions, explained). */
void explain_key(FILE *f, Model *m, World *w, EvalScratch *x, int32_t party,
                 const Action *a, const Decl *obj, const ExplainOpts *o);

/* The whole explanation of a check's result. */
void explain_check(FILE *f, Model *m, const Expect *e, const CheckResult *r,
                   const ExplainOpts *o);
/* The same as the members of a JSON object (docs/json.md, "reasons"). */
void explain_json(Json *j, Model *m, const Expect *e, const CheckResult *r);
/* A `when` check's periods and the changes at their ends, as members. */
void explain_when_json(Json *j, Model *m, const Expect *e,
                       const CheckResult *r);
/* What a failed check expected and what was found ("required", "Amazon
 * host X permitted"); false when there is nothing to say (who). */
bool explain_expected_found_text(Model *m, const Expect *e,
                                 const CheckResult *r, char *expected,
                                 size_t ecap, char *found, size_t fcap);
/* "expected: required (must); found: permitted" for a failed check. */
void explain_expected_found(FILE *f, Model *m, const Expect *e,
                            const CheckResult *r, const char *indent);

/* The first line of an answer: ANSWER for `when` (LANGUAGE.md section
 * 11), else yes or no; with the check after it unless bare. */
void explain_answer_line(FILE *f, const Expect *e, const CheckResult *r,
                         bool color, bool bare);
/* One change of a `when` answer or a timeline: "X.y (ordinary tier,
 * f.deal:12) comes into force on 2026-01-01 (from 2026-01-01,
 * f.deal:12)". */
struct WhenWhy;
void explain_when_change(FILE *f, Program *p, const World *w,
                         const struct WhenWhy *y);
/* Which date of its window makes the change: "MSFT_OpenAI signed
 * 2025-10-28", "until 2026-12-31 as amended by settlement". */
void explain_when_date(StrBuf *b, const World *w, const struct WhenWhy *y);

#endif
