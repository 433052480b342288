/* explain: answers with their reasons, as plain sentences a lawyer can
 * follow — shared by `deal query`, the failures of `deal test` and the
 * REPL's :why. */
#ifndef DEAL_EXPLAIN_H
#define DEAL_EXPLAIN_H
#include <stdio.h>

#include "check.h"
#include "print.h"

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
