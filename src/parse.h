/* parse: reads source files into a Program — the one module that drives
 * the scanner and the parser, and resolves `include`. */
#ifndef DEAL_PARSE_H
#define DEAL_PARSE_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ast.h"

#define PARSE_MAX_FILE_BYTES DIAG_MAX_FILE_BYTES  /* 1 GiB */
#define PARSE_MAX_INCLUDE_DEPTH 256
#define PARSE_MAX_PARENS 256
#define PARSE_MAX_IDENT 255
#define PARSE_MAX_STRING 4096

typedef struct FileId { dev_t dev; ino_t ino; } FileId;

typedef struct ParseCtx {
  Program *prog;
  Diag *diag;
  Arena *a;
  uint32_t file;           /* Diag file index being parsed */
  const char *path;        /* its path, for resolving includes */
  int depth;               /* include depth, 0 for the top file */
  FileId *stack;           /* files being parsed (include cycle check) */
  int nstack;
  bool repl;               /* questions allowed */
  bool query_mode;         /* parsing one check for `deal query` */
  Expect *query;           /* the check parsed in query mode */
  Expect **questions;      /* questions parsed in REPL mode */
  uint32_t nquestions, capquestions;
  Agreement *cur_agreement;
  Dispute *cur_dispute;
  Product *cur_product;
  Outcome *cur_outcome;
  int syntax_errors;
  struct LexState *lex;
  void *scanner;
  struct LexPipe *pipe;    /* the scanner's thread, while it makes tokens */
  struct ScanOwn *scan;    /* what the scanner of this file holds */
  bool parse_oom;          /* bison's stack could not grow for memory */
  /* RefList headers whose items a statement took over, reused by the next
   * list (build.c): one header per statement would be 16 MB at 1M */
  void *spare_lists[16];
  int nspare_lists;
  void *spare_qlist;       /* the same for a QRefList (overrides) */
  /* where the modifiers of the statement being read are, for the errors
   * its builder reports (not kept in Mods: 32 bytes a clause) */
  struct Mods *mods_cur;
  Loc mods_first;          /* the first modifier keyword */
  Loc mods_ovr;            /* `overrides` */
  Loc among_kw;            /* `among` of the norm being read */
  /* for syntax errors: the parser's last two tokens (the lookahead and
   * the one before it), and the `{` of each block it is inside (blocks
   * nest two deep: a dispute's outcome) */
  Loc tok_last, tok_prev;
  Loc braces[2];
  int nbraces;
  bool put_semicolon;      /* the scanner gives a `;` here next (lex.c) */
  Loc semicolon_at;
} ParseCtx;

/* Program lifecycle. */
Program *parse_program_new(Diag *diag);
void parse_program_free(Program *p);

/* Loads FILE (and what it includes) into p.  Errors go to p->diag. */
bool parse_file(Program *p, const char *path);
/* Parses text as if it were a file named `name` (REPL lines, tests). */
bool parse_string(Program *p, const char *name, const char *text, size_t len,
                  bool repl, Expect ***questions, uint32_t *nquestions);
/* Parses one check with optional under/at/with (for `deal query`). */
Expect *parse_check(Program *p, const char *name, const char *text);

#endif
