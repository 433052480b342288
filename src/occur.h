/* occur: every place a program writes a name — each declaration and each
 * reference, with what it names — sorted by place.  What a language
 * server's hover, definition, references and rename stand on; it reads
 * the tree only (the resolver's work where it was done: a clause named
 * in `overrides` or `Agreement.clause` is known after resolution, a
 * global name as soon as it is declared). */
#ifndef DEAL_OCCUR_H
#define DEAL_OCCUR_H
#include "ast.h"

typedef struct Occ {
  Loc loc;                  /* the name as written */
  const Name *name;         /* a global name (parties, aliases, groups,
                               actions, products, facts, agreements,
                               disputes, outcomes) ... */
  const Clause *cl;         /* ... or a clause (then name is NULL) */
  const char *include;      /* or an include's file (resolved path) */
  bool decl;                /* where it is declared */
} Occ;

typedef struct Occurs {
  Occ *v;                   /* by file, line, column (heap) */
  uint32_t n, cap;
} Occurs;

/* Every occurrence in p (what it includes too). */
void occur_build(const Program *p, Occurs *o);
void occur_free(Occurs *o);
/* The occurrence that covers (file, line, col) (1-based), or NULL. */
const Occ *occur_at(const Occurs *o, uint32_t file, uint32_t line,
                    uint32_t col);
/* Where what an occurrence names is declared (a name's first
 * declaration), false when it names nothing declared. */
bool occur_target(const Occ *x, Loc *decl);

#endif
