/* mem: the one allocator of the engine.
 *
 * Every allocation goes through mem_alloc/mem_realloc, into the heap of
 * the thread's current State (state.h): a hook that does the allocating
 * (malloc by default), the list of live blocks and the counter that lets
 * a test make the N-th allocation fail (mem_fail_at).  A failed
 * allocation never returns NULL to its caller: it unwinds to the
 * innermost protected call, running the cleanups registered since
 * (mem_defer).  This keeps the parser and evaluator free of NULL checks
 * yet makes out-of-memory a clean, leak-free error.
 *
 * Large blocks (4 MB and more) are mappings of their own, 2 MB-aligned
 * and offered to the kernel for transparent huge pages: the one place
 * the engine deals with pages. */
#ifndef DEAL_MEM_H
#define DEAL_MEM_H
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "state.h"

void *mem_alloc(size_t n);
void *mem_calloc(size_t n, size_t size);
void *mem_realloc(void *p, size_t n);
void mem_free(void *p);
/* Gives the C library's free memory back to the system (with the default
 * hook; a custom hook's memory is its own): after many blocks of one
 * stage are freed at once, so that the next stage's peak does not add to
 * theirs. */
void mem_trim(void);
char *mem_strdup(const char *s);
/* A temporary: a block that only the function that allocates it (and
 * those it calls) holds, freed by it, or — if the code is unwound — by
 * the unwind itself.  It stays a temporary through mem_realloc.  Anything
 * kept beyond the function is allocated with mem_alloc. */
void *mem_talloc(size_t n);
void *mem_tcalloc(size_t n, size_t size);
/* For code that handles NULL itself (bison's stacks): NULL when memory
 * runs out, and mem_try_failed says so once. */
void *mem_try_alloc(size_t n);
bool mem_try_failed(void);

/* The allocating hook, in the manner of lua_Alloc: n == 0 frees p and
 * returns NULL; otherwise it returns a block of n bytes holding what p
 * held (p NULL: a new one), or NULL when there is no memory. */
typedef void *(*MemHook)(void *ud, void *p, size_t n);

/* A State's heap (state.c embeds one; nothing else touches its fields). */
typedef struct MemHdr MemHdr;
struct MemHdr {
  MemHdr *prev, *next;
  uint64_t seq;
  uint64_t size;
};
typedef struct MemHeap {
  MemHdr live;              /* the list of live blocks */
  uint64_t seq_next;
  long nlive;
  long fail_at;             /* 0: never */
  long count;               /* allocations so far */
  MemHook hook;
  void *hook_ud;
  bool try_failed;          /* a mem_try_alloc returned NULL (parser) */
  pthread_mutex_t lock;     /* taken while the State has helper threads */
} MemHeap;
void mem_heap_init(MemHeap *h);
void mem_heap_destroy(MemHeap *h);
MemHeap *state_heap(State *S);
/* The temporaries of this thread's current State (state.c keeps the list
 * per thread); freeing those allocated after a mark (an unwind), and
 * handing the rest to the State's list (a thread's record going away). */
MemHdr *state_temps(void);
void mem_temps_free_since(MemHdr *list, uint64_t mark);
void mem_temps_adopt(MemHdr *list);
/* Replaces the current State's hook (NULL: malloc's). */
void mem_set_hook(MemHook hook, void *ud);

/* Test hooks, on the current State: make the n-th allocation from now
 * fail (0: never); allocations so far; blocks live now; a mark of the
 * blocks allocated so far, and a listing of those allocated since. */
void mem_fail_at(long n);
long mem_allocations(void);
long mem_live(void);
uint64_t mem_mark(void);
void mem_dump_since(uint64_t mark, FILE *f);

/* Growable array on the heap: v, n, cap fields of any element type.
 * The owner frees v. */
#define MVEC_PUSH(v, n, cap, x)                                                \
  do {                                                                         \
    if ((n) == (cap)) {                                                        \
      size_t nc_ = (cap) ? (size_t)(cap)*2 : 16;                               \
      (v) = mem_realloc((v), nc_ * sizeof *(v));                               \
      (cap) = (uint32_t)nc_;                                                   \
    }                                                                          \
    (v)[(n)++] = (x);                                                          \
  } while (0)

/* The same for a temporary (mem_talloc): v starts NULL and stays a
 * temporary as it grows. */
static inline void *mem_trealloc(void *p, size_t n) {
  return p ? mem_realloc(p, n) : mem_talloc(n);
}
#define TVEC_PUSH(v, n, cap, x)                                                \
  do {                                                                         \
    if ((n) == (cap)) {                                                        \
      size_t nc_ = (cap) ? (size_t)(cap)*2 : 16;                               \
      (v) = mem_trealloc((v), nc_ * sizeof *(v));                              \
      (cap) = (uint32_t)nc_;                                                   \
    }                                                                          \
    (v)[(n)++] = (x);                                                          \
  } while (0)

#if defined(__GNUC__) || defined(__clang__)
#define MEM_PREFETCH(p) __builtin_prefetch(p)
#define MEM_PREFETCH_W(p) __builtin_prefetch((p), 1)
#else
#define MEM_PREFETCH(p) ((void)(p))
#define MEM_PREFETCH_W(p) ((void)(p))
#endif

/* Arenas and interned names are built on it. */
#include "arena.h"
#include "intern.h"

#endif
