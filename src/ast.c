/* ast: small helpers over the tree — scoped clause names, kind names. */
#include "ast.h"

#include <string.h>

const Mods ast_no_mods;

static uint32_t slot_hash(const void *scope, const Name *n) {
  uintptr_t x = (uintptr_t)scope * 0x9E3779B97F4A7C15ull;
  return (uint32_t)(x >> 32) ^ n->hash;
}

Clause *ast_clause_find(const Program *p, const void *scope, const Name *n) {
  if (!p->ccap || !n) return NULL;
  for (uint32_t j = slot_hash(scope, n) & (p->ccap - 1);;
       j = (j + 1) & (p->ccap - 1)) {
    const struct ClauseSlot *s = &p->cmap[j];
    if (!s->cl) return NULL;
    if (s->scope == scope && s->name == n) return s->cl;
  }
}

static void cmap_put(struct ClauseSlot *m, uint32_t cap, const void *scope,
                     Name *n, Clause *c) {
  uint32_t j = slot_hash(scope, n) & (cap - 1);
  while (m[j].cl) j = (j + 1) & (cap - 1);
  m[j] = (struct ClauseSlot){scope, n, c};
}

bool ast_clause_add(Program *p, const void *scope, Clause *c) {
  if ((p->ccount + 1) * 2 > p->ccap) {
    uint32_t nc = p->ccap ? p->ccap * 2 : 256;
    struct ClauseSlot *m = mem_calloc(nc, sizeof *m);
    for (uint32_t i = 0; i < p->ccap; i++)
      if (p->cmap[i].cl)
        cmap_put(m, nc, p->cmap[i].scope, p->cmap[i].name, p->cmap[i].cl);
    mem_free(p->cmap);
    p->cmap = m;
    p->ccap = nc;
  }
  cmap_put(p->cmap, p->ccap, scope, c->name, c);
  p->ccount++;
  return true;
}

const char *ast_kind_name(Kind k) {
  static const char *n[] = {"nothing", "a party", "an alias", "a group",
                            "an action", "a product", "a fact",
                            "an agreement", "a dispute", "an outcome"};
  return n[k];
}

const char *ast_modal_text(Modal m) {
  static const char *n[] = {"may", "may not", "must", "must not", "shall",
                            "shall not"};
  return n[m];
}

bool idset_has(const IdSet *s, int32_t id) {
  uint32_t lo = 0, hi = s->n;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (s->v[mid] < id) lo = mid + 1;
    else if (s->v[mid] > id) hi = mid;
    else return true;
  }
  return false;
}
