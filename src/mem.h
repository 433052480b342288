/* mem: the one allocation hook, arenas and interned names.
 *
 * Every allocation of the engine goes through mem_alloc/mem_realloc so a
 * test can make the N-th one fail (mem_fail_at).  A failed allocation never
 * returns NULL to its caller: it long-jumps to the innermost MemGuard, whose
 * owner then frees everything it holds (arenas, tables, the scanner).  This
 * keeps the parser and evaluator free of NULL checks yet makes out-of-memory
 * a clean, leak-free error. */
#ifndef DEAL_MEM_H
#define DEAL_MEM_H
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

typedef struct MemGuard {
  jmp_buf jb;
  struct MemGuard *prev;
} MemGuard;

void *mem_alloc(size_t n);
void *mem_calloc(size_t n, size_t size);
void *mem_realloc(void *p, size_t n);
void mem_free(void *p);
/* Unwind to the innermost guard as if memory had run out. */
_Noreturn void mem_throw(void);
char *mem_strdup(const char *s);

/* Guards nest; mem_guard_push must be followed by setjmp(g->jb) in the
 * caller's frame (see MEM_TRY). */
void mem_guard_push(MemGuard *g);
void mem_guard_pop(MemGuard *g);
#define MEM_TRY(g) (mem_guard_push(g), setjmp((g)->jb) == 0)

/* A helper thread (the scanner of a large file, half of a large
 * program's resolution or report).  Started by the main thread only, with
 * every signal blocked (they go to the main thread); while one runs,
 * allocation takes a lock.  fn(arg) runs under a guard of the thread's
 * own: if memory runs out there, oom is set after the join (and the
 * caller unwinds, if it wants, in its own thread).  Join before freeing
 * what it reads, also on the way out of an unwind. */
#include <pthread.h>
#include <stdbool.h>
typedef struct MemThread {
  pthread_t th;
  bool running;
  bool oom;                /* fn unwound: out of memory */
  void (*fn)(void *);
  void *arg;
} MemThread;
/* false: no thread (the caller does the work itself) */
bool mem_thread_start(MemThread *t, void (*fn)(void *), void *arg);
void mem_thread_join(MemThread *t);  /* nothing if it is not running */

/* Test hooks: make the n-th allocation from now fail (0: never). */
void mem_fail_at(long n);
long mem_allocations(void);
/* Every block from mem_alloc is on one list, so that after an unwind the
 * owner of a guard can free all that was allocated since a mark, even
 * the temporaries of the functions it skipped. */
uint64_t mem_mark(void);
void mem_release_since(uint64_t mark);
long mem_live(void);      /* blocks allocated and not yet freed */
/* Lists the live blocks allocated since a mark (tests, debugging). */
#include <stdio.h>
void mem_dump_since(uint64_t mark, FILE *f);

/* Arena: bump allocation in blocks, freed in one call. */
typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
  ArenaBlock *head;
  char *cur, *end;
  size_t total;
} Arena;

void arena_init(Arena *a);
void *arena_alloc(Arena *a, size_t n);          /* zeroed, 8-aligned */
void *arena_grow(Arena *a, void *old, size_t oldn, size_t newn);
char *arena_strndup(Arena *a, const char *s, size_t n);
/* Gives back p (n bytes) if it is the arena's last allocation: the next
 * one may reuse it.  false, and nothing done, if it is not. */
bool arena_unalloc(Arena *a, void *p, size_t n);
/* Moves src's blocks into dst, to be freed with it; src is left empty. */
void arena_adopt(Arena *dst, Arena *src);
void arena_free(Arena *a);

/* Growable array in an arena: v, n, cap fields of any element type. */
#define VEC_PUSH(arena, v, n, cap, x)                                          \
  do {                                                                         \
    if ((n) == (cap)) {                                                        \
      size_t nc_ = (cap) ? (size_t)(cap)*2 : 1;                                \
      (v) = arena_grow((arena), (v), sizeof *(v) * (size_t)(cap),              \
                       sizeof *(v) * nc_);                                     \
      (cap) = (uint32_t)nc_;                                                   \
    }                                                                          \
    (v)[(n)++] = (x);                                                          \
  } while (0)

/* The same on the heap (mem_realloc): for the long lists, whose arena
 * copies would stay behind at each doubling.  The owner frees v. */
#define MVEC_PUSH(v, n, cap, x)                                                \
  do {                                                                         \
    if ((n) == (cap)) {                                                        \
      size_t nc_ = (cap) ? (size_t)(cap)*2 : 16;                               \
      (v) = mem_realloc((v), nc_ * sizeof *(v));                               \
      (cap) = (uint32_t)nc_;                                                   \
    }                                                                          \
    (v)[(n)++] = (x);                                                          \
  } while (0)

/* Interned names: equal text, equal pointer. */
struct Decl;
typedef struct Name {
  const char *s;
  uint32_t len, hash;
  struct Decl *decl;       /* the global binding, set by the parser */
  int keyword;             /* token number when the text is a keyword */
} Name;

/* A slot keeps the hash and length beside the pointer, so that a probe
 * reads the Name (one cache line with its text) only on a likely match. */
typedef struct InternSlot {
  uint32_t hash, len;
  Name *n;
} InternSlot;

typedef struct Intern {
  InternSlot *slots;
  uint32_t cap, count;
  Arena arena;             /* the Names alone, packed: a scan of a large
                              scenario touches few pages to find them */
} Intern;

void intern_init(Intern *t);
Name *intern(Intern *t, const char *s, size_t len);
Name *intern_find(const Intern *t, const char *s, size_t len);
/* intern with h = mem_hash(s, len) computed already (the scanner's batch) */
Name *intern_hashed(Intern *t, const char *s, size_t len, uint32_t h);
/* Asks the cache for the slot of hash h, then (a later call) for the Name
 * in it: a batch of lookups then waits for memory once, not once each. */
void intern_prefetch_slot(const Intern *t, uint32_t h);
void intern_prefetch_name(const Intern *t, uint32_t h);

#if defined(__GNUC__) || defined(__clang__)
#define MEM_PREFETCH(p) __builtin_prefetch(p)
#define MEM_PREFETCH_W(p) __builtin_prefetch((p), 1)
#else
#define MEM_PREFETCH(p) ((void)(p))
#define MEM_PREFETCH_W(p) ((void)(p))
#endif
void intern_free(Intern *t);
uint32_t mem_hash(const void *p, size_t n);

#endif
