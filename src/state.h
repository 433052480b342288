/* state: the one context of the engine, in the manner of lua_State.
 *
 * A State owns the allocator (its hook, the list of live blocks, the
 * fault-injection counter: mem.c), the settings of its threads (par.c),
 * the stage timer (DEAL_TIMES) and, per thread that works for it, the
 * unwind chain: the protected calls it is inside and the cleanups
 * (defers) registered since.  Two States share nothing, so two threads
 * may each use their own at the same time.
 *
 * Running out of memory never returns NULL: mem_throw runs every cleanup
 * registered since the innermost protected call, newest first, while the
 * frames that registered them are still alive, then long-jumps to that
 * call, which returns -1.  Code that holds temporaries registers a Defer
 * for them (mem_defer) and takes it off on the way out (mem_undefer); no
 * other code needs to know about unwinding.
 *
 * The thread's current State is the one mutable thread-local of the
 * engine: a protected call sets it for its thread (and par.c for its
 * workers), so that the allocator, called from hundreds of places, needs
 * no argument. */
#ifndef DEAL_STATE_H
#define DEAL_STATE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct State State;

/* A cleanup to run if the code that registered it is unwound. */
typedef struct Defer {
  void (*fn)(void *);
  void *arg;
  struct Defer *prev;
} Defer;

/* A new State; NULL when memory runs out. */
State *state_new(void);
/* Frees the State itself; everything allocated through it must be freed
 * first (mem_live tells). */
void state_free(State *S);

/* Runs fn(arg) with S current in this thread; 0 when it returned, -1 when
 * it ran out of memory (every cleanup registered inside has run).  Calls
 * nest, in one State or from one State into another. */
int state_call(State *S, void (*fn)(void *), void *arg);
/* The State of this thread's innermost protected call (or of
 * state_enter), NULL outside any. */
State *state_current(void);
/* Makes S current in this thread without a protected call (a program's
 * main, a test suite): running out of memory outside any protected call
 * then ends the process with a message.  state_leave undoes it. */
void state_enter(State *S);
void state_leave(void);

/* Unwinds to the innermost protected call as if memory had run out:
 * the cleanups registered since run, newest first, and the temporaries
 * (mem_talloc) allocated since are freed. */
_Noreturn void mem_throw(void);
/* Registers d: fn(arg) runs if the code is unwound before mem_undefer. */
void mem_defer(Defer *d, void (*fn)(void *), void *arg);
/* Takes off d, the innermost registered cleanup of this thread, and runs
 * it when run is true. */
void mem_undefer(Defer *d, bool run);
/* For a Defer: mem_free(*(void **)pp), then *pp = NULL. */
void mem_free_ptr(void *pp);

/* Helper threads of a State (par.c uses these; nothing else starts
 * threads).  The helper runs fn(arg) inside a protected call of S of its
 * own: if it runs out of memory, oom is set after the join. */
typedef struct StateThread {
  void *th;                 /* pthread_t, kept opaque */
  State *S;
  void (*fn)(void *);
  void *arg;
  bool running, oom;
} StateThread;
bool state_thread_start(StateThread *t, void (*fn)(void *), void *arg);
void state_thread_join(StateThread *t);  /* nothing if it is not running */
/* Helper threads of S running now: while there are, allocation locks. */
int state_helpers(const State *S);
/* Chunks of parallel work helper threads ran in the current State. */
void state_count_helper_chunks(uint64_t n);
uint64_t state_helper_chunks(void);

/* The stage timer of DEAL_TIMES=1: prints the time since the previous
 * mark and the resident memory, on stderr. */
void state_phase(const char *name);

#endif
