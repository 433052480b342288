/* resolve: names, kinds, cycles and the checks of LANGUAGE.md sections
 * 3-5 and 8 that need the whole program.  Completes the tree in place. */
#ifndef DEAL_RESOLVE_H
#define DEAL_RESOLVE_H
#include "ast.h"

/* Resolves everything added since the last call (the REPL adds
 * statements).  Returns true when no error was found.  From this many new
 * clauses on, two threads share them (make check's sanitizer builds use
 * 2: every program with clauses does). */
#ifndef DEAL_RESOLVE_SPLIT
#define DEAL_RESOLVE_SPLIT 16384
#endif
bool resolve_program(Program *p);
/* DEAL_RESOLVE_SPLIT; tests change it to compare one thread with two. */
extern uint32_t resolve_split;
/* Resolves one check (for `deal query` and the REPL). */
bool resolve_expect(Program *p, Expect *e);

/* The parties a group stands for, computed once. */
const IdSet *resolve_group_set(Program *p, Group *g);
/* Do two outcomes act on one clause, or set one fact, differently? */
bool resolve_outcomes_clash(const Outcome *a, const Outcome *b,
                            const Clause **clause, const Fact **fact);
/* The world date when no `at` is given. */
int32_t resolve_default_date(const Program *p);
/* Does a product lie at or below another through `is`? */
bool resolve_product_below(const Product *x, const Product *top);

#endif
