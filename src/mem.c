/* mem: the allocator of a State: its hook, fault injection, live blocks,
 * and huge-page mappings for large blocks. */
#define _GNU_SOURCE   /* mremap */
#include "mem.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* size's top bits: the block is a mapping of its own (mem_map); it is a
 * temporary, on its thread's list rather than the State's */
#define MAPPED ((uint64_t)1 << 63)
#define TEMP ((uint64_t)1 << 62)
#define SIZE(b) ((size_t)((b)->size & ~(MAPPED | TEMP)))

static void *default_hook(void *ud, void *p, size_t n) {
  (void)ud;
  if (n == 0) {
    free(p);
    return NULL;
  }
  return realloc(p, n);
}

void mem_heap_init(MemHeap *h) {
  memset(h, 0, sizeof *h);
  h->live.prev = h->live.next = &h->live;
  h->seq_next = 1;
  h->hook = default_hook;
  pthread_mutex_init(&h->lock, NULL);
}

void mem_heap_destroy(MemHeap *h) { pthread_mutex_destroy(&h->lock); }

/* The heap of this thread's State.  Allocating outside any State is a bug
 * of the caller: say so rather than crash somewhere else. */
static MemHeap *heap(State **sp) {
  State *S = state_current();
  if (!S) {
    fputs("deal: internal error: allocation outside a State\n", stderr);
    abort();
  }
  *sp = S;
  return state_heap(S);
}

/* The lock is taken only while the State has helper threads: a report
 * makes millions of small allocations, nearly all in one thread. */
#define LOCK(S, h)                                                            \
  do {                                                                        \
    if (state_helpers(S)) pthread_mutex_lock(&(h)->lock);                     \
  } while (0)
#define UNLOCK(S, h)                                                          \
  do {                                                                        \
    if (state_helpers(S)) pthread_mutex_unlock(&(h)->lock);                   \
  } while (0)

void mem_set_hook(MemHook hook, void *ud) {
  State *S;
  MemHeap *h = heap(&S);
  h->hook = hook ? hook : default_hook;
  h->hook_ud = hook ? ud : NULL;
}

void mem_fail_at(long n) {
  State *S;
  MemHeap *h = heap(&S);
  LOCK(S, h);
  h->fail_at = n ? h->count + n : 0;
  UNLOCK(S, h);
}

long mem_allocations(void) {
  State *S;
  MemHeap *h = heap(&S);
  LOCK(S, h);
  long n = h->count;
  UNLOCK(S, h);
  return n;
}

long mem_live(void) {
  State *S;
  MemHeap *h = heap(&S);
  LOCK(S, h);
  long n = h->nlive;
  UNLOCK(S, h);
  return n;
}

uint64_t mem_mark(void) {
  State *S;
  MemHeap *h = heap(&S);
  LOCK(S, h);
  uint64_t m = h->seq_next - 1;
  UNLOCK(S, h);
  return m;
}

/* Walks the list unlocked: it runs when no helper does (tests). */
void mem_dump_since(uint64_t mark, FILE *f) {
  State *S;
  MemHeap *h = heap(&S);
  MemHdr *lists[2] = {&h->live, state_temps()};
  for (int k = 0; k < 2 && lists[k]; k++)
    for (MemHdr *x = lists[k]->next; x != lists[k]; x = x->next)
      if (x->seq > mark)
        fprintf(f, "  %s #%llu of %zu bytes\n", k ? "temporary" : "block",
                (unsigned long long)x->seq, SIZE(x));
}

/* Counts an allocation; true when the test hook says it fails. */
static bool should_fail(State *S, MemHeap *h) {
  LOCK(S, h);
  h->count++;
  bool f = h->fail_at && h->count == h->fail_at;
  UNLOCK(S, h);
  return f;
}


static void list_push(MemHdr *head, MemHdr *b) {
  b->next = head->next;
  b->prev = head;
  head->next->prev = b;
  head->next = b;
}

/* seq 0: the next in order.  A temporary goes on its thread's list,
 * which no other thread touches. */
static void *link_block(State *S, MemHeap *h, MemHdr *b, uint64_t seq) {
  LOCK(S, h);
  b->seq = seq ? seq : h->seq_next++;
  if (!(b->size & TEMP)) list_push(&h->live, b);
  h->nlive++;
  UNLOCK(S, h);
  if (b->size & TEMP) list_push(state_temps(), b);
  return b + 1;
}

static void unlink_block(State *S, MemHeap *h, MemHdr *b) {
  if (b->size & TEMP) {
    b->prev->next = b->next;
    b->next->prev = b->prev;
  }
  LOCK(S, h);
  if (!(b->size & TEMP)) {
    b->prev->next = b->next;
    b->next->prev = b->prev;
  }
  h->nlive--;
  UNLOCK(S, h);
}

/* Large blocks (an arena's later ones, the long lists, a run's tables)
 * are mapped on their own, aligned to 2 MB, and offered to the kernel for
 * transparent huge pages (where it allows them only on request, as
 * Debian's default does): the tree of a million clauses then takes a few
 * hundred page faults instead of 128,000, and `deal check` of it about
 * 1.1 s instead of 2.5 s, of which a third had been the kernel's.
 * mem_calloc's large blocks are mappings too, but in small pages: a
 * zeroed table may be written sparsely, and a huge page is resident as a
 * whole.  (From glibc's heap, calloc clears a large block page by page.) */
#define HUGE_PAGE ((size_t)1 << 21)
#define HUGE_MIN (2 * HUGE_PAGE)

size_t mem_huge_span(size_t n) {
  return (n + sizeof(MemHdr) + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

static void *mem_map(State *S, MemHeap *h, size_t n, bool huge,
                     uint64_t temp) {
  if (n > SIZE_MAX / 2) mem_throw();
  size_t span = mem_huge_span(n);
  char *m = should_fail(S, h) ? MAP_FAILED
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
  MemHdr *b = (MemHdr *)a;
  b->size = n | MAPPED | temp;
  return link_block(S, h, b, 0);
}

/* The State's hook: a hook of the user's own sees one call at a time,
 * as lua_Alloc does, even while helper threads allocate (malloc's does
 * not need the lock). */
static void *call_hook(State *S, MemHeap *h, void *p, size_t n) {
  if (h->hook == default_hook) return default_hook(NULL, p, n);
  LOCK(S, h);
  void *q = h->hook(h->hook_ud, p, n);
  UNLOCK(S, h);
  return q;
}

static void free_block(State *S, MemHeap *h, MemHdr *b) {
  if (b->size & MAPPED) munmap(b, mem_huge_span(SIZE(b)));
  else call_hook(S, h, b, 0);
}

/* Large blocks are mappings of their own, unless the State has a hook of
 * its own (which then sees every allocation). */
#define MAPS(h, n) ((n) >= HUGE_MIN && (h)->hook == default_hook)

static void *alloc_block(size_t n, uint64_t temp) {
  State *S;
  MemHeap *h = heap(&S);
  if (MAPS(h, n)) return mem_map(S, h, n, true, temp);
  MemHdr *b = should_fail(S, h) || n > SIZE_MAX - sizeof *b
                  ? NULL : call_hook(S, h, NULL, n + sizeof *b);
  if (!b) mem_throw();
  b->size = n | temp;
  return link_block(S, h, b, 0);
}

static void *calloc_block(size_t n, size_t size, uint64_t temp) {
  State *S;
  MemHeap *h = heap(&S);
  if (size && n > (SIZE_MAX - sizeof(MemHdr)) / size) mem_throw();
  size_t bytes = n * size;
  if (MAPS(h, bytes)) return mem_map(S, h, bytes, false, temp);  /* zero already */
  /* calloc, not malloc + memset, where the hook is malloc's: a block
   * glibc maps then costs only the pages that are written */
  MemHdr *b = should_fail(S, h) ? NULL
              : h->hook == default_hook ? calloc(1, bytes + sizeof *b)
                                        : call_hook(S, h, NULL, bytes + sizeof *b);
  if (!b) mem_throw();
  if (h->hook != default_hook) memset(b + 1, 0, bytes);
  b->size = bytes | temp;
  return link_block(S, h, b, 0);
}

void *mem_alloc(size_t n) { return alloc_block(n, 0); }
void *mem_talloc(size_t n) { return alloc_block(n, TEMP); }
void *mem_calloc(size_t n, size_t size) { return calloc_block(n, size, 0); }
void *mem_tcalloc(size_t n, size_t size) { return calloc_block(n, size, TEMP); }

void *mem_realloc(void *p, size_t n) {
  if (!p) return mem_alloc(n);
  State *S;
  MemHeap *h = heap(&S);
  MemHdr *b = (MemHdr *)p - 1;
  uint64_t temp = b->size & TEMP;
  if (b->size & MAPPED) {   /* moved by the kernel, pages and all */
    if (n > SIZE_MAX / 2) mem_throw();
    uint64_t seq = b->seq;
    size_t from = mem_huge_span(SIZE(b)), to = mem_huge_span(n);
    if (from == to) {
      if (should_fail(S, h)) mem_throw();
      b->size = n | MAPPED | temp;
      return p;
    }
    unlink_block(S, h, b);
    MemHdr *q = should_fail(S, h) ? MAP_FAILED : mremap(b, from, to, MREMAP_MAYMOVE);
    if (q == MAP_FAILED) {
      link_block(S, h, b, seq);
      mem_throw();
    }
    q->size = n | MAPPED | temp;
    return link_block(S, h, q, seq);
  }
  if (MAPS(h, n)) {         /* a list outgrowing the heap: mapped */
    void *q = mem_map(S, h, n, true, temp);
    memcpy(q, p, SIZE(b));
    mem_free(p);
    return q;
  }
  uint64_t seq = b->seq;
  unlink_block(S, h, b);
  MemHdr *q = should_fail(S, h) || n > SIZE_MAX - sizeof *b
                  ? NULL : call_hook(S, h, b, n + sizeof *b);
  if (!q) {
    link_block(S, h, b, seq);  /* still owned by the caller's structures */
    mem_throw();
  }
  q->size = n | temp;
  return link_block(S, h, q, seq);
}

void mem_free(void *p) {
  if (!p) return;
  State *S;
  MemHeap *h = heap(&S);
  MemHdr *b = (MemHdr *)p - 1;
  unlink_block(S, h, b);
  free_block(S, h, b);
}

void mem_temps_free_since(MemHdr *list, uint64_t mark) {
  State *S;
  MemHeap *h = heap(&S);
  for (MemHdr *b = list->next; b != list;) {
    MemHdr *next = b->next;
    if (b->seq > mark) {
      unlink_block(S, h, b);
      free_block(S, h, b);
    }
    b = next;
  }
}

void mem_temps_adopt(MemHdr *list) {
  State *S;
  MemHeap *h = heap(&S);
  while (list->next != list) {
    MemHdr *b = list->next;
    b->prev->next = b->next;
    b->next->prev = b->prev;
    b->size &= ~TEMP;
    LOCK(S, h);
    list_push(&h->live, b);
    UNLOCK(S, h);
  }
}

char *mem_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = mem_alloc(n);
  memcpy(d, s, n);
  return d;
}

void *mem_arena_block(size_t *size) {
  State *S;
  MemHeap *h = heap(&S);
  /* a huge block fills its last huge page */
  if (MAPS(h, *size)) {
    *size = mem_huge_span(*size) - sizeof(MemHdr);
    return mem_map(S, h, *size, true, 0);
  }
  return mem_calloc(1, *size);
}

struct try_alloc {
  size_t n;
  void *p;
};

static void try_alloc_fn(void *v) {
  struct try_alloc *t = v;
  t->p = mem_alloc(t->n);
}

void *mem_try_alloc(size_t n) {
  State *S;
  MemHeap *h = heap(&S);
  struct try_alloc t = {n, NULL};
  if (state_call(S, try_alloc_fn, &t) != 0) {
    h->try_failed = true;
    return NULL;
  }
  return t.p;
}

bool mem_try_failed(void) {
  State *S;
  MemHeap *h = heap(&S);
  bool f = h->try_failed;
  h->try_failed = false;
  return f;
}

void mem_trim(void) {
  State *S;
  MemHeap *h = heap(&S);
  if (h->hook == default_hook) malloc_trim(0);
}
