/* explain: answers with their reasons, as plain sentences a lawyer can
 * follow — shared by `deal query`, the failures of `deal test` and the
 * REPL's :why. */
#ifndef DEAL_EXPLAIN_H
#define DEAL_EXPLAIN_H
#include <stdio.h>

#include "check.h"

typedef struct ExplainOpts {
  bool color;
  const char *indent;
} ExplainOpts;

/* "Amazon may host StatefulRuntime" for a key. */
void explain_key_text(FILE *f, Program *p, int32_t party, const Action *a,
                      const Decl *obj);
/* The deciding and defeated norms of one key, or the default closure. */
void explain_key(FILE *f, Program *p, const World *w, int32_t party,
                 const Action *a, const Decl *obj, const KeyResult *r,
                 const ExplainOpts *o);
/* The whole explanation of a check's result. */
void explain_check(FILE *f, Model *m, const Expect *e, const CheckResult *r,
                   const ExplainOpts *o);
/* "clause AWS_OpenAI.runtime (ordinary, file.deal:31)" */
void explain_clause_ref(FILE *f, Program *p, const World *w, const Clause *c);
const char *explain_tier_name(Tier t);
/* "expected: required (must); found: permitted" for a failed check. */
void explain_expected_found(FILE *f, Model *m, const Expect *e,
                            const CheckResult *r, const char *indent);

#endif
