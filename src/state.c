/* state: the engine's context, protected calls and cleanups. */
#define _GNU_SOURCE
#include "state.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mem.h"

/* A protected call: where mem_throw lands, the cleanups registered before
 * it (those stay), and the allocation count at its start (the temporaries
 * allocated since are freed). */
typedef struct Unwind {
  jmp_buf jb;
  struct Unwind *prev;
  Defer *defers;
  uint64_t mark;
} Unwind;

/* What one thread does for one State: its unwind chain, cleanups and
 * temporaries (mem_talloc). */
typedef struct Thread {
  State *S;
  Unwind *top;
  Defer *defers;
  MemHdr temps;             /* the list of live temporaries */
} Thread;

struct State {
  MemHeap heap;
  int helpers;              /* helper threads running now */
  _Atomic uint64_t helper_chunks;
  double phase_start, phase_last;
  int phase_on;             /* -1: DEAL_TIMES not read yet */
};

static _Thread_local Thread *cur;

MemHeap *state_heap(State *S) { return &S->heap; }
int state_helpers(const State *S) { return S->helpers; }

void state_count_helper_chunks(uint64_t n) {
  if (cur) atomic_fetch_add(&cur->S->helper_chunks, n);
}

uint64_t state_helper_chunks(void) {
  return cur ? atomic_load(&cur->S->helper_chunks) : 0;
}

State *state_new(void) {
  State *S = calloc(1, sizeof *S);
  if (!S) return NULL;
  mem_heap_init(&S->heap);
  S->phase_on = -1;
  return S;
}

void state_free(State *S) {
  if (!S) return;
  mem_heap_destroy(&S->heap);
  free(S);
}

State *state_current(void) { return cur ? cur->S : NULL; }

MemHdr *state_temps(void) { return cur ? &cur->temps : NULL; }

static void thread_init(Thread *t, State *S) {
  *t = (Thread){S, NULL, NULL, {0}};
  t->temps.prev = t->temps.next = &t->temps;
}

/* The Thread record of state_enter: one per thread, for a main. */
static _Thread_local Thread entered;

void state_enter(State *S) {
  thread_init(&entered, S);
  cur = &entered;
}

void state_leave(void) {
  if (cur) mem_temps_adopt(&cur->temps);
  cur = NULL;
}

int state_call(State *S, void (*fn)(void *), void *arg) {
  Thread *saved = cur;
  Thread fresh;
  /* within S, the call nests on this thread's chain */
  Thread *th = saved && saved->S == S ? saved : &fresh;
  if (th == &fresh) thread_init(&fresh, S);
  Unwind u;
  u.prev = th->top;
  u.defers = th->defers;
  th->top = &u;
  cur = th;
  u.mark = mem_mark();
  if (setjmp(u.jb) != 0) {
    /* mem_throw ran the cleanups, freed the temporaries and popped u */
    cur = saved;
    return -1;
  }
  fn(arg);
  th->top = u.prev;
  /* a fresh record's list goes with its frame: what a bug left in it
   * becomes an ordinary live block (mem_live tells) */
  if (th == &fresh) mem_temps_adopt(&fresh.temps);
  cur = saved;
  return 0;
}

_Noreturn void mem_throw(void) {
  Thread *th = cur;
  if (!th || !th->top) {
    fputs("deal: out of memory\n", stderr);
    abort();
  }
  Unwind *u = th->top;
  while (th->defers != u->defers) {
    Defer *d = th->defers;
    th->defers = d->prev;
    d->fn(d->arg);
  }
  mem_temps_free_since(&th->temps, u->mark);
  th->top = u->prev;
  longjmp(u->jb, 1);
}

void mem_defer(Defer *d, void (*fn)(void *), void *arg) {
  Thread *th = cur;
  d->fn = fn;
  d->arg = arg;
  d->prev = th ? th->defers : NULL;
  if (th) th->defers = d;
}

void mem_undefer(Defer *d, bool run) {
  Thread *th = cur;
  if (th && th->defers == d) th->defers = d->prev;
  if (run) d->fn(d->arg);
}

void mem_free_ptr(void *pp) {
  void **p = pp;
  mem_free(*p);
  *p = NULL;
}

/* ---- helper threads ---- */

static void *thread_main(void *v) {
  StateThread *t = v;
  t->oom = state_call(t->S, t->fn, t->arg) != 0;
  return NULL;
}

bool state_thread_start(StateThread *t, void (*fn)(void *), void *arg) {
  State *S = state_current();
  pthread_t *th = S ? malloc(sizeof *th) : NULL;
  t->running = false;
  t->oom = false;
  if (!th) return false;
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);  /* signals go to the caller */
  t->th = th;
  t->S = S;
  t->fn = fn;
  t->arg = arg;
  S->helpers++;  /* before the thread allocates: the heap locks from now */
  t->running = pthread_create(th, NULL, thread_main, t) == 0;
  if (!t->running) {
    S->helpers--;
    free(th);
    t->th = NULL;
  }
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return t->running;
}

void state_thread_join(StateThread *t) {
  if (!t->running) return;
  pthread_join(*(pthread_t *)t->th, NULL);
  free(t->th);
  t->th = NULL;
  t->S->helpers--;
  t->running = false;
}

/* ---- DEAL_TIMES ---- */

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Resident and peak resident memory in MiB, from /proc (0 elsewhere). */
static void rss_mib(double *now, double *peak) {
  *now = *peak = 0;
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return;
  char line[256];
  while (fgets(line, sizeof line, f)) {
    unsigned long kb;
    if (sscanf(line, "VmRSS: %lu", &kb) == 1) *now = (double)kb / 1024;
    if (sscanf(line, "VmHWM: %lu", &kb) == 1) *peak = (double)kb / 1024;
  }
  fclose(f);
}

/* The first mark of a State starts its clock. */
void state_phase(const char *name) {
  State *S = state_current();
  if (!S) return;
  if (S->phase_on < 0) {
    const char *e = getenv("DEAL_TIMES");
    S->phase_on = e && *e && *e != '0';
    S->phase_start = S->phase_last = now_s();
  }
  if (!S->phase_on) return;
  double t = now_s(), r, peak;
  rss_mib(&r, &peak);
  fprintf(stderr, "deal: phase %-8s %7.3f s (total %7.3f s)  RSS %6.0f MiB "
          "(peak %6.0f MiB)\n", name, t - S->phase_last, t - S->phase_start,
          r, peak);
  S->phase_last = t;
}
