/* resolve: names, kinds, cycles and the checks of LANGUAGE.md sections
 * 3-5 and 8 that need the whole program.  Completes the tree in place. */
#ifndef DEAL_RESOLVE_H
#define DEAL_RESOLVE_H
#include "ast.h"

/* Resolves everything added since the last call (the REPL adds
 * statements).  Returns true when no error was found.  A large program's
 * clauses are shared between threads (par.h). */
bool resolve_program(Program *p);
/* Resolves one check (for `deal query` and the REPL). */
bool resolve_expect(Program *p, Expect *e);

/* The parties a group stands for, computed once. */
const IdSet *resolve_group_set(Program *p, Group *g);
/* Why two outcomes of different disputes cannot be chosen together: one
 * of these is set. */
typedef struct OutcomeClash {
  const Clause *clause;     /* they act on it differently */
  const Fact *fact;         /* they set it differently */
  const Clause *cycle;      /* a clause of an `overrides` cycle they close */
} OutcomeClash;
bool resolve_outcomes_clash(const Outcome *a, const Outcome *b,
                            OutcomeClash *why);
/* "act differently on ‘A.x’", "set fact ‘f’ differently", "close an
 * ‘overrides’ cycle together (through ‘A.x’)". */
void resolve_clash_text(const OutcomeClash *why, char *buf, size_t cap);
/* The message for a name s that is not a declared name of these kinds (a
 * mask of 1 << Kind): "unknown outcome ‘x’; did you mean ‘y’?", or
 * "‘x’ is a party; expected an outcome" — for names in files and on
 * the command line alike. */
void resolve_unknown_text(const Program *p, const char *s, unsigned kinds,
                          char *buf, size_t cap);
/* "agreement ‘A’ has no clause ‘x’; did you mean ‘y’?" (scope: an
 * agreement or outcome). */
void resolve_no_clause_text(const Decl *scope, const char *s, char *buf,
                            size_t cap);

/* The world date when no `at` is given. */
int32_t resolve_default_date(const Program *p);

#endif
