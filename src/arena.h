/* arena: bump allocation in blocks from mem.h, freed in one call. */
#ifndef DEAL_ARENA_H
#define DEAL_ARENA_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
/* Empties a for reuse, keeping its newest (largest) block, cleared: an
 * arena refilled again and again (a batch at a time) then touches the
 * same pages instead of fresh ones. */
void arena_rewind(Arena *a);
/* For a Defer: arena_free((Arena *)a). */
void arena_free_cb(void *a);

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

/* A large zeroed block for an arena, from the allocator (mem.c): a
 * mapping of its own in huge pages from 4 MB on. */
void *mem_arena_block(size_t *size);
size_t mem_huge_span(size_t n);

#endif
