/* complete: what may be typed where the cursor is — the words that can
 * finish the word before it, read from the grammar's context and the
 * names a program declares.  No line editor here: the REPL's completer
 * (libedit) and a language server call the same function and present the
 * candidates their own way.
 *
 *   Completions c = {0};
 *   complete_line(p, "Amazon may ho", 13, NULL, &c);
 *   c.start == 11; c.v[0] = {"host", COMPLETE_ACTION}
 *   complete_free(&c);
 *
 * The contexts: commands after `:` (when the caller has commands),
 * outcomes after `under` (and after `and`, or `,`/`+` in a command's
 * outcome list), an agreement's (or outcome's) clauses after `Name.`,
 * actions after a modal, the preposition an action takes, products,
 * parties and groups after an action, parties and groups where a
 * statement or a check starts, facts in a condition, and the keywords the
 * grammar allows at that point.  Where the text does not read as the
 * grammar (a typo earlier in the statement), every name and keyword is a
 * candidate. */
#ifndef DEAL_COMPLETE_H
#define DEAL_COMPLETE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"

typedef enum {
  COMPLETE_COMMAND,   /* a REPL command (without its ':') */
  COMPLETE_KEYWORD,
  COMPLETE_PARTY,
  COMPLETE_ALIAS,
  COMPLETE_GROUP,
  COMPLETE_ACTION,
  COMPLETE_PRODUCT,
  COMPLETE_FACT,
  COMPLETE_AGREEMENT,
  COMPLETE_DISPUTE,
  COMPLETE_OUTCOME,
  COMPLETE_CLAUSE,
  COMPLETE_WORD       /* a fixed word of a command's argument */
} CompleteKind;

typedef struct CompleteItem {
  const char *text;   /* the whole word: the program's own text or a
                         static string (valid while the program is) */
  CompleteKind kind;
} CompleteItem;

typedef struct Completions {
  CompleteItem *v;    /* sorted by text, each text once (heap) */
  uint32_t n;
  size_t start;       /* offset of the word they replace, which ends at
                         the cursor */
  bool file;          /* a file name goes here: the caller completes it */
} Completions;

/* How a command's argument is completed. */
typedef enum {
  COMPLETE_ARG_NONE,
  COMPLETE_ARG_FILE,
  COMPLETE_ARG_WORLD,   /* an outcome list: a,b or a+b */
  COMPLETE_ARG_WORLDS,  /* two of them */
  COMPLETE_ARG_NAME,    /* any declared name, Agreement.clause too */
  COMPLETE_ARG_FACT,    /* NAME=true|false */
  COMPLETE_ARG_WORDS    /* one of `words` */
} CompleteArg;

typedef struct CompleteCommand {
  const char *name;
  CompleteArg arg;
  const char *const *words;   /* NULL-terminated: the fixed words the
                                 argument may be (besides names) */
} CompleteCommand;

typedef struct CompleteOpts {
  const CompleteCommand *commands;  /* a text starting with ':' is a
                                       command (NULL: none) */
  size_t ncommands;
} CompleteOpts;

/* The candidates for the word that ends at text[len] (the cursor; text
 * is everything before it that belongs to the input — a whole file up to
 * the cursor, or the lines of an unfinished statement).  out is
 * overwritten; free it with complete_free.  Out of memory unwinds (mem.h)
 * and leaves *out as it was. */
void complete_line(const Program *p, const char *text, size_t len,
                   const CompleteOpts *o, Completions *out);
void complete_free(Completions *c);
/* "party", "keyword", ... */
const char *complete_kind_name(CompleteKind k);

#endif
