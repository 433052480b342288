/* par: a parallel-for over the helper threads of a State. */
#include "par.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "mem.h"

#ifndef DEAL_PAR_MIN
#define DEAL_PAR_MIN 0          /* 0: the caller's */
#endif

enum { PAR_MAX_THREADS = 16 };

static uint32_t env_u32(const char *name, uint32_t dflt, uint32_t lo,
                        uint32_t hi) {
  const char *e = getenv(name);
  if (!e || !*e) return dflt;
  char *end;
  unsigned long v = strtoul(e, &end, 10);
  if (*end || v < lo || v > hi) return dflt;
  return (uint32_t)v;
}

/* Threads a parallel-for may use: DEAL_THREADS (1 to 16), else 2 (the
 * two cores deal is measured on). */
static uint32_t par_threads(void) {
  return env_u32("DEAL_THREADS", 2, 1, PAR_MAX_THREADS);
}

uint32_t par_chunks(uint64_t n, uint32_t grain, uint32_t min) {
  if (DEAL_PAR_MIN) min = DEAL_PAR_MIN;
  min = env_u32("DEAL_PAR_MIN", min, 1, UINT32_MAX);
  /* the same chunks whatever the threads: one thread runs them all */
  if (n < min || grain == 0) return n ? 1 : 0;
  uint64_t c = (n + grain - 1) / grain;
  if (c < 2) c = n < 2 ? n : 2;  /* work for a second thread */
  return c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
}

uint32_t par_workers(uint32_t nchunks) {
  uint32_t t = par_threads();
  return nchunks < t ? (nchunks ? nchunks : 1) : t;
}

typedef struct ParJob {
  void (*fn)(void *, uint32_t, uint32_t);
  void *arg;
  uint32_t nchunks, nworkers;
  atomic_bool stop;
  atomic_ullong helper_chunks;
} ParJob;

typedef struct ParWorker {
  ParJob *job;
  uint32_t id;
} ParWorker;

/* Worker w's chunks; how many it ran. */
static uint64_t work(ParJob *j, uint32_t w) {
  uint64_t n = 0;
  for (uint32_t c = w; c < j->nchunks; c += j->nworkers) {
    if (atomic_load(&j->stop)) break;
    j->fn(j->arg, c, w);
    n++;
  }
  return n;
}

static void helper_main(void *v) {
  ParWorker *pw = v;
  atomic_fetch_add(&pw->job->helper_chunks, work(pw->job, pw->id));
}

typedef struct ParRun {
  ParJob job;
  ParWorker pw[PAR_MAX_THREADS];
  StateThread th[PAR_MAX_THREADS];
} ParRun;

static void par_join(ParRun *r) {
  for (uint32_t i = 1; i < r->job.nworkers; i++) state_thread_join(&r->th[i]);
}

/* On an unwind: stops every helper at its next chunk and joins it
 * (before what they read is freed). */
static void par_stop(void *v) {
  ParRun *r = v;
  atomic_store(&r->job.stop, true);
  par_join(r);
}

void par_for(uint32_t nchunks, void (*fn)(void *, uint32_t, uint32_t),
             void *arg) {
  if (!nchunks) return;
  ParRun r = {0};
  r.job.fn = fn;
  r.job.arg = arg;
  r.job.nchunks = nchunks;
  r.job.nworkers = par_workers(nchunks);
  atomic_init(&r.job.stop, false);
  atomic_init(&r.job.helper_chunks, 0);
  uint32_t started = 1;
  for (uint32_t i = 1; i < r.job.nworkers; i++) {
    r.pw[i] = (ParWorker){&r.job, i};
    if (!state_thread_start(&r.th[i], helper_main, &r.pw[i])) break;
    started++;
  }
  /* the chunks of workers that could not start: here */
  uint32_t planned = r.job.nworkers;
  Defer d;
  mem_defer(&d, par_stop, &r);
  work(&r.job, 0);
  for (uint32_t w = started; w < planned; w++) work(&r.job, w);
  mem_undefer(&d, false);
  par_join(&r);
  bool oom = false;
  for (uint32_t i = 1; i < started; i++) oom |= r.th[i].oom;
  state_count_helper_chunks(atomic_load(&r.job.helper_chunks));
  if (oom) mem_throw();
}

uint64_t par_helper_chunks(void) { return state_helper_chunks(); }
