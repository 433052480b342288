/* phase: the wall time of each stage, on stderr when DEAL_TIMES is set
 * (for profiling: `DEAL_TIMES=1 deal run FILE >/dev/null`). */
#ifndef DEAL_PHASE_H
#define DEAL_PHASE_H

/* Prints "deal: phase NAME  S.SSS s (total T.TTT s)  RSS R MiB (peak P MiB)":
 * the time since the previous mark (the first mark starts the clock) and
 * the resident memory now and at most so far. */
void phase_mark(const char *name);

#endif
