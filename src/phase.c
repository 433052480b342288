/* phase: stage timings for profiling (DEAL_TIMES). */
#include "phase.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int enabled = -1;        /* -1: not yet asked */
static double start, last;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The first call (main's "start") starts the clock. */
void phase_mark(const char *name) {
  if (enabled < 0) {
    const char *e = getenv("DEAL_TIMES");
    enabled = e && *e && *e != '0';
    start = last = now();
  }
  if (!enabled) return;
  double t = now();
  fprintf(stderr, "deal: phase %-12s %7.3f s (total %7.3f s)\n", name,
          t - last, t - start);
  last = t;
}
