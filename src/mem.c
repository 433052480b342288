/* mem: allocation hook with failure injection, arenas, interned names. */
#define _GNU_SOURCE   /* mremap */
#include "mem.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

/* A large file's scanner runs in a thread of its own (lex.c): each thread
 * unwinds to its own guards, and the list of live blocks and the
 * allocation count are shared under one lock (the tree's nodes come from
 * arenas, so allocations are few). */
static _Thread_local MemGuard *guard_top;
static pthread_mutex_t mem_lock = PTHREAD_MUTEX_INITIALIZER;
static long fail_at;      /* 0: never */
static long alloc_count;
/* Helper threads that may allocate now: the lock is taken only while there
 * are (a report makes millions of small allocations, in one thread).
 * Changed by the main thread alone, when no helper runs: before it starts
 * one and after it has joined it. */
static int helpers;

static void *thread_main(void *v) {
  MemThread *t = v;
  MemGuard g;
  if (!MEM_TRY(&g)) {
    t->oom = true;
    return NULL;
  }
  t->fn(t->arg);
  mem_guard_pop(&g);
  return NULL;
}

bool mem_thread_start(MemThread *t, void (*fn)(void *), void *arg) {
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  t->fn = fn;
  t->arg = arg;
  t->oom = false;
  helpers++;
  t->running = pthread_create(&t->th, NULL, thread_main, t) == 0;
  if (!t->running) helpers--;
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return t->running;
}

void mem_thread_join(MemThread *t) {
  if (!t->running) return;
  pthread_join(t->th, NULL);
  helpers--;
  t->running = false;
}

#define LOCK()                                                                \
  do {                                                                        \
    if (helpers) pthread_mutex_lock(&mem_lock);                               \
  } while (0)
#define UNLOCK()                                                              \
  do {                                                                        \
    if (helpers) pthread_mutex_unlock(&mem_lock);                             \
  } while (0)

void mem_guard_push(MemGuard *g) { g->prev = guard_top; guard_top = g; }
void mem_guard_pop(MemGuard *g) { if (guard_top == g) guard_top = g->prev; }
void mem_fail_at(long n) {
  LOCK();
  fail_at = n ? alloc_count + n : 0;
  UNLOCK();
}
long mem_allocations(void) {
  LOCK();
  long n = alloc_count;
  UNLOCK();
  return n;
}

/* Out of memory: unwind to the innermost guard.  Without one (a bug in the
 * caller) there is nothing sane left to do but stop. */
_Noreturn void mem_throw(void) {
  MemGuard *g = guard_top;
  if (!g) {
    fputs("deal: out of memory\n", stderr);
    abort();
  }
  guard_top = g->prev;
  longjmp(g->jb, 1);
}

static int should_fail(void) {
  LOCK();
  alloc_count++;
  int f = fail_at && alloc_count == fail_at;
  UNLOCK();
  return f;
}

/* The header in front of every block: the list of live blocks. 32 bytes
 * keep the block 16-aligned. */
typedef struct MemHdr {
  struct MemHdr *prev, *next;
  uint64_t seq;
  uint64_t size;
} MemHdr;

/* size's top bit: the block is a mapping of its own (mem_map) */
#define MAPPED ((uint64_t)1 << 63)

static MemHdr live_head = {&live_head, &live_head, 0, 0};
static uint64_t seq_next = 1;
static long nlive;

/* seq 0: the next in order */
static void *link_block(MemHdr *h, uint64_t seq) {
  LOCK();
  h->seq = seq ? seq : seq_next++;
  h->next = live_head.next;
  h->prev = &live_head;
  live_head.next->prev = h;
  live_head.next = h;
  nlive++;
  UNLOCK();
  return h + 1;
}

static void unlink_block(MemHdr *h) {
  LOCK();
  h->prev->next = h->next;
  h->next->prev = h->prev;
  nlive--;
  UNLOCK();
}

/* Large blocks (an arena's later ones, the long lists, a run's tables)
 * are mapped on their own, aligned to 2 MB, and offered to the kernel for
 * transparent huge pages (where it allows them only on request, as
 * Debian's default does): the tree of a million clauses then takes a few
 * hundred page faults instead of 128,000, and `deal check` of it about
 * 1.1 s instead of 2.5 s, of which a third had been the kernel's.
 * mem_calloc's large blocks are mappings too, but in small pages: a
 * zeroed table may be written sparsely (a world's effect per clause), and
 * a huge page is resident as a whole.  (From glibc's heap, where its mmap
 * threshold puts a block once a large one has been freed, calloc clears
 * it page by page: the expected column's three worlds had made 23 MiB
 * resident that way.) */
#define HUGE_PAGE ((size_t)1 << 21)
#define HUGE_MIN (2 * HUGE_PAGE)

static size_t huge_span(size_t n) {
  return (n + sizeof(MemHdr) + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

static void *mem_map(size_t n, bool huge) {
  if (n > SIZE_MAX / 2) mem_throw();
  size_t span = huge_span(n);
  char *m = should_fail() ? MAP_FAILED
                          : mmap(NULL, span + HUGE_PAGE, PROT_READ | PROT_WRITE,
                                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) mem_throw();
  /* keep the aligned span, give back the rest */
  char *a = (char *)(((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
  if (a > m) munmap(m, (size_t)(a - m));
  if (a + span < m + span + HUGE_PAGE)
    munmap(a + span, (size_t)(m + span + HUGE_PAGE - (a + span)));
#ifdef MADV_HUGEPAGE
  if (huge) madvise(a, span, MADV_HUGEPAGE);
#else
  (void)huge;
#endif
  MemHdr *h = (MemHdr *)a;
  h->size = n | MAPPED;
  return link_block(h, 0);
}

static void free_block(MemHdr *h) {
  if (h->size & MAPPED) munmap(h, huge_span((size_t)(h->size & ~MAPPED)));
  else free(h);
}

void *mem_alloc(size_t n) {
  if (n >= HUGE_MIN) return mem_map(n, true);
  MemHdr *h = should_fail() || n > SIZE_MAX - sizeof *h
                  ? NULL : malloc(n + sizeof *h);
  if (!h) mem_throw();
  h->size = n;
  return link_block(h, 0);
}

/* calloc, not malloc + memset: a large zeroed block (a world's clause
 * table) then costs only the pages that are written. */
void *mem_calloc(size_t n, size_t size) {
  if (size && n > (SIZE_MAX - sizeof(MemHdr)) / size) mem_throw();
  size_t bytes = n * size;
  if (bytes >= HUGE_MIN) return mem_map(bytes, false);  /* zero already */
  MemHdr *h = should_fail() ? NULL : calloc(1, bytes + sizeof *h);
  if (!h) mem_throw();
  h->size = bytes;
  return link_block(h, 0);
}

void *mem_realloc(void *p, size_t n) {
  if (!p) return mem_alloc(n);
  MemHdr *h = (MemHdr *)p - 1;
  if (h->size & MAPPED) {   /* moved by the kernel, pages and all */
    if (n > SIZE_MAX / 2) mem_throw();
    uint64_t seq = h->seq;
    size_t from = huge_span((size_t)(h->size & ~MAPPED)), to = huge_span(n);
    if (from == to) {
      if (should_fail()) mem_throw();
      h->size = n | MAPPED;
      return p;
    }
    unlink_block(h);
    MemHdr *q = should_fail() ? MAP_FAILED : mremap(h, from, to, MREMAP_MAYMOVE);
    if (q == MAP_FAILED) {
      link_block(h, seq);
      mem_throw();
    }
    q->size = n | MAPPED;
    return link_block(q, seq);
  }
  if (n >= HUGE_MIN) {      /* a list outgrowing the heap: mapped */
    void *q = mem_map(n, true);
    memcpy(q, p, (size_t)h->size);
    mem_free(p);
    return q;
  }
  uint64_t seq = h->seq;
  unlink_block(h);
  MemHdr *q = should_fail() || n > SIZE_MAX - sizeof *h
                  ? NULL : realloc(h, n + sizeof *h);
  if (!q) {
    link_block(h, seq);  /* still owned by the caller's structures */
    mem_throw();
  }
  q->size = n;
  return link_block(q, seq);
}

void mem_free(void *p) {
  if (!p) return;
  MemHdr *h = (MemHdr *)p - 1;
  unlink_block(h);
  free_block(h);
}

uint64_t mem_mark(void) {
  LOCK();
  uint64_t m = seq_next - 1;
  UNLOCK();
  return m;
}

/* mem_dump_since and mem_release_since walk the list unlocked: they run
 * when no scanner thread does (after an unwind, in tests). */

void mem_dump_since(uint64_t mark, FILE *f) {
  for (MemHdr *h = live_head.next; h != &live_head; h = h->next)
    if (h->seq > mark)
      fprintf(f, "  block #%llu of %llu bytes\n", (unsigned long long)h->seq,
              (unsigned long long)(h->size & ~MAPPED));
}
long mem_live(void) {
  LOCK();
  long n = nlive;
  UNLOCK();
  return n;
}

void mem_release_since(uint64_t mark) {
  MemHdr *h = live_head.next;
  while (h != &live_head) {
    MemHdr *n = h->next;
    if (h->seq > mark) {
      unlink_block(h);
      free_block(h);
    }
    h = n;
  }
}

char *mem_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = mem_alloc(n);
  memcpy(d, s, n);
  return d;
}

/* ---- arenas ---- */

struct ArenaBlock {
  ArenaBlock *next;
  size_t size;
  _Alignas(16) char data[];
};

void arena_init(Arena *a) { memset(a, 0, sizeof *a); }

/* Aligned to 8: what is kept in arenas holds pointers and 64-bit integers
 * at most (a 16-byte rounding cost a million-clause scenario 35 MB). */
void *arena_alloc(Arena *a, size_t n) {
  n = (n + 7) & ~(size_t)7;
  if ((size_t)(a->end - a->cur) < n) {
    size_t size = a->total < (1u << 16) ? (1u << 14) : a->total / 2;
    if (size > (1u << 24)) size = 1u << 24;
    if (size < n) size = n;
    /* zeroed by calloc or the mapping: large blocks come as fresh zero
     * pages, so the arena never writes memory only to clear it; from
     * 4 MB on, in huge pages */
    bool huge = size >= 2 * HUGE_PAGE;
    /* a huge block fills its last huge page */
    if (huge) size = huge_span(sizeof(ArenaBlock) + size) - sizeof(MemHdr) - sizeof(ArenaBlock);
    ArenaBlock *b = huge ? mem_map(sizeof *b + size, true)
                         : mem_calloc(1, sizeof *b + size);
    b->next = a->head;
    b->size = size;
    a->head = b;
    a->cur = b->data;
    a->end = b->data + size;
    a->total += size;
  }
  void *p = a->cur;  /* zero: blocks are zeroed, and cleared if given back */
  a->cur += n;
  return p;
}

bool arena_unalloc(Arena *a, void *p, size_t n) {
  n = (n + 7) & ~(size_t)7;
  if (!p || (char *)p + n != a->cur) return false;
  memset(p, 0, n);
  a->cur = p;
  return true;
}

void *arena_grow(Arena *a, void *old, size_t oldn, size_t newn) {
  void *p = arena_alloc(a, newn);
  if (old && oldn) memcpy(p, old, oldn);
  return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
  char *d = arena_alloc(a, n + 1);
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

void arena_adopt(Arena *dst, Arena *src) {
  if (!src->head) return;
  if (!dst->head) {
    *dst = *src;
  } else {
    /* behind dst's current block, which it goes on filling */
    ArenaBlock *last = src->head;
    while (last->next) last = last->next;
    last->next = dst->head->next;
    dst->head->next = src->head;
    dst->total += src->total;
  }
  memset(src, 0, sizeof *src);
}

void arena_free(Arena *a) {
  ArenaBlock *b = a->head;
  while (b) {
    ArenaBlock *n = b->next;
    mem_free(b);
    b = n;
  }
  memset(a, 0, sizeof *a);
}

/* ---- interned names ---- */

uint32_t mem_hash(const void *p, size_t n) {
  const unsigned char *s = p;
  uint32_t h = 2166136261u;      /* FNV-1a */
  for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 16777619u;
  /* FNV's low bits cluster on names like P1..P999: mix them */
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

void intern_init(Intern *t) {
  memset(t, 0, sizeof *t);
  t->cap = 1024;
  t->slots = mem_calloc(t->cap, sizeof *t->slots);
}

static void intern_rehash(Intern *t) {
  uint32_t nc = t->cap * 2;
  InternSlot *ns = mem_calloc(nc, sizeof *ns);
  for (uint32_t i = 0; i < t->cap; i++) {
    if (!t->slots[i].n) continue;
    uint32_t j = t->slots[i].hash & (nc - 1);
    while (ns[j].n) j = (j + 1) & (nc - 1);
    ns[j] = t->slots[i];
  }
  mem_free(t->slots);
  t->slots = ns;
  t->cap = nc;
}

/* The slot of s: its Name, or the empty slot where it would go. */
static InternSlot *intern_slot(const Intern *t, const char *s, size_t len,
                               uint32_t h) {
  for (uint32_t j = h & (t->cap - 1);; j = (j + 1) & (t->cap - 1)) {
    InternSlot *x = &t->slots[j];
    if (!x->n) return x;
    if (x->hash == h && x->len == len && memcmp(x->n->s, s, len) == 0)
      return x;
  }
}

Name *intern_find(const Intern *t, const char *s, size_t len) {
  if (len > UINT32_MAX) return NULL;
  return intern_slot(t, s, len, mem_hash(s, len))->n;
}

void intern_prefetch_slot(const Intern *t, uint32_t h) {
  MEM_PREFETCH(&t->slots[h & (t->cap - 1)]);
}

void intern_prefetch_name(const Intern *t, uint32_t h) {
  const InternSlot *x = &t->slots[h & (t->cap - 1)];
  if (x->n) MEM_PREFETCH(x->n);
}

Name *intern(Intern *t, const char *s, size_t len) {
  return intern_hashed(t, s, len, mem_hash(s, len));
}

Name *intern_hashed(Intern *t, const char *s, size_t len, uint32_t h) {
  if (len > UINT32_MAX) mem_throw();
  InternSlot *x = intern_slot(t, s, len, h);
  if (x->n) return x->n;
  /* at most three quarters full: short probes (the slot keeps the hash,
   * so a probe reads a Name only on a likely match); at 1M clauses the
   * 140,484 names fit a table of 4 MB, not 8 */
  if ((uint64_t)(t->count + 1) * 4 > (uint64_t)t->cap * 3) {
    intern_rehash(t);
    x = intern_slot(t, s, len, h);
  }
  /* the text right after the Name: one cache line for both */
  Name *n = arena_alloc(&t->arena, sizeof *n + len + 1);
  char *text = (char *)(n + 1);
  memcpy(text, s, len);
  text[len] = 0;
  n->s = text;
  n->len = (uint32_t)len;
  n->hash = h;
  *x = (InternSlot){h, (uint32_t)len, n};
  t->count++;
  return n;
}

void intern_free(Intern *t) {
  mem_free(t->slots);
  arena_free(&t->arena);
  t->slots = NULL;
  t->cap = t->count = 0;
}
