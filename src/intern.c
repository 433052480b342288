/* intern: interned names. */
#include "mem.h"

#include <string.h>

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
