/* arena: bump allocation in blocks, freed in one call. */
#include "mem.h"

#include <string.h>

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
     * pages, so the arena never writes memory only to clear it */
    size_t bytes = sizeof(ArenaBlock) + size;
    ArenaBlock *b = mem_arena_block(&bytes);
    size = bytes - sizeof(ArenaBlock);
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

void arena_free_cb(void *a) { arena_free(a); }

void arena_rewind(Arena *a) {
  ArenaBlock *keep = a->head;
  if (!keep) return;
  ArenaBlock *b = keep->next;
  while (b) {
    ArenaBlock *n = b->next;
    mem_free(b);
    b = n;
  }
  memset(keep->data, 0, (size_t)(a->cur - keep->data));
  keep->next = NULL;
  a->cur = keep->data;
  a->end = keep->data + keep->size;
  a->total = keep->size;
}
