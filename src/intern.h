/* intern: interned names — equal text, equal pointer. */
#ifndef DEAL_INTERN_H
#define DEAL_INTERN_H
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

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
void intern_free(Intern *t);
uint32_t mem_hash(const void *p, size_t n);

#endif
