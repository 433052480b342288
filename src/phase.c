/* phase: stage timings for profiling (DEAL_TIMES). */
#include "phase.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int enabled = -1;        /* -1: not yet asked */
static double start, last;

/* Resident and peak resident memory in MiB, from /proc (0 elsewhere). */
static void rss(double *cur, double *peak) {
  *cur = *peak = 0;
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return;
  char line[256];
  while (fgets(line, sizeof line, f)) {
    unsigned long kb;
    if (sscanf(line, "VmRSS: %lu", &kb) == 1) *cur = (double)kb / 1024;
    if (sscanf(line, "VmHWM: %lu", &kb) == 1) *peak = (double)kb / 1024;
  }
  fclose(f);
}

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
  double t = now(), cur, peak;
  rss(&cur, &peak);
  fprintf(stderr, "deal: phase %-8s %7.3f s (total %7.3f s)  RSS %6.0f MiB (peak %6.0f MiB)\n",
          name, t - last, t - start, cur, peak);
  last = t;
}
