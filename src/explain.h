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

/* The whole explanation of a check's result. */
void explain_check(FILE *f, Model *m, const Expect *e, const CheckResult *r,
                   const ExplainOpts *o);
/* "expected: required (must); found: permitted" for a failed check. */
void explain_expected_found(FILE *f, Model *m, const Expect *e,
                            const CheckResult *r, const char *indent);

#endif
