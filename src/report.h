/* report: the `deal run` text report — permissions that differ between
 * worlds or are contested, the flows of each world, and the expectations. */
#ifndef DEAL_REPORT_H
#define DEAL_REPORT_H
#include <stdio.h>

#include "eval.h"

typedef struct ReportOpts {
  bool color;
  bool all;           /* every key a norm covers, not only those that differ */
} ReportOpts;

typedef struct ExpectTally {
  uint32_t passed, failed, errors;
} ExpectTally;

void report_run(FILE *f, Model *m, World **worlds, uint32_t n,
                const ReportOpts *o);
/* Runs every expect of the program; prints failures when `verbose`. */
ExpectTally report_expects(FILE *f, Model *m, bool verbose, bool color);

#endif
