/* ast: small helpers over the tree — scoped clause names, kind names. */
#include "ast.h"

#include <string.h>

const Mods ast_no_mods;

/* Scopes this short are scanned: a scan of an agreement's own clauses
 * (near each other in memory) costs less than an index for each of the
 * tens of thousands of agreements of a large scenario (33 MB at 1M). */
enum { SCAN_MAX = 64 };

typedef struct Scope {
  Clause ***v;
  uint32_t *n, *cap;
  ClauseIndex *ix;
} Scope;

static bool scope_of(const Decl *d, Scope *s) {
  if (!d) return false;
  if (d->kind == K_AGREEMENT) {
    Agreement *g = (Agreement *)d;
    *s = (Scope){&g->cl, &g->ncl, &g->capcl, &g->ix};
    return true;
  }
  if (d->kind == K_OUTCOME) {
    Outcome *o = (Outcome *)d;
    *s = (Scope){&o->cl, &o->ncl, &o->capcl, &o->ix};
    return true;
  }
  return false;
}

/* The slot of name n in the index: its clause or an empty slot. */
static Clause **ix_slot(const ClauseIndex *ix, const Name *n) {
  for (uint32_t j = n->hash & (ix->cap - 1);; j = (j + 1) & (ix->cap - 1))
    if (!ix->h[j] || ix->h[j]->name == n) return &ix->h[j];
}

static void ix_put(Arena *a, ClauseIndex *ix, Clause *c) {
  if ((ix->count + 1) * 2 > ix->cap) {
    ClauseIndex nx = {NULL, ix->cap ? ix->cap * 2 : 4 * SCAN_MAX, 0};
    nx.h = arena_alloc(a, nx.cap * sizeof *nx.h);
    for (uint32_t i = 0; i < ix->cap; i++)
      if (ix->h[i]) {
        *ix_slot(&nx, ix->h[i]->name) = ix->h[i];
        nx.count++;
      }
    *ix = nx;  /* the old table stays in the arena, unreachable */
  }
  Clause **s = ix_slot(ix, c->name);
  if (*s) return;  /* a duplicate: the first keeps the name */
  *s = c;
  ix->count++;
}

Clause *ast_clause_find(const Decl *scope, const Name *n) {
  Scope s;
  if (!n || !scope_of(scope, &s)) return NULL;
  if (s.ix->h) return *ix_slot(s.ix, n);
  Clause **v = *s.v;
  for (uint32_t i = 0; i < *s.n; i++)
    if (v[i]->name == n) return v[i];
  return NULL;
}

void ast_clause_add(Program *p, Decl *scope, Clause *c) {
  Scope s;
  if (!scope_of(scope, &s)) return;
  MVEC_PUSH(*s.v, *s.n, *s.cap, c);  /* on the heap: ast_scopes_free */
  if (s.ix->h)
    ix_put(&p->arena, s.ix, c);
  else if (*s.n > SCAN_MAX)
    for (uint32_t i = 0; i < *s.n; i++) ix_put(&p->arena, s.ix, (*s.v)[i]);
}

void ast_scopes_free(Program *p, uint32_t agreements, uint32_t outcomes) {
  for (uint32_t i = agreements; i < p->nagreements; i++) {
    mem_free(p->agreements[i]->cl);
    p->agreements[i]->cl = NULL;
    p->agreements[i]->ncl = p->agreements[i]->capcl = 0;
  }
  for (uint32_t i = outcomes; i < p->noutcomes; i++) {
    mem_free(p->outcomes[i]->cl);
    p->outcomes[i]->cl = NULL;
    p->outcomes[i]->ncl = p->outcomes[i]->capcl = 0;
  }
}

const char *ast_kind_name(Kind k) {
  static const char *const n[] = {"nothing", "a party", "an alias", "a group",
                            "an action", "a product", "a fact",
                            "an agreement", "a dispute", "an outcome"};
  return n[k];
}

const char *ast_modal_text(Modal m) {
  static const char *const n[] = {"may", "may not", "must", "must not", "shall",
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
