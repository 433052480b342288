/* lex: the scanner's helpers (grammar/deal.l calls them) and the keyword
 * table shared with the REPL's completion and the editor grammars. */
#ifndef DEAL_LEX_H
#define DEAL_LEX_H
#include <stddef.h>
#include <stdint.h>

#include "parse.h"

/* Tokens are read a batch ahead of the parser (lex.c): the names in a batch
 * are then looked up together, their memory fetched in parallel. */
typedef struct LexAhead LexAhead;
/* A large file is scanned in a thread of its own (lex.c). */
typedef struct LexPipe LexPipe;

typedef struct LexState {
  const char *base;        /* the text being scanned, when in memory */
  int fd;                  /* else the file it is read from (YY_INPUT) */
  uint64_t nread;          /* bytes read from fd */
  size_t off;              /* offset of the next byte to scan */
  size_t line_start;       /* offset of the current line */
  uint32_t tok_line;       /* the line of the last token but a newline */
  bool own_line;           /* the last token had only blanks before it */
  uint32_t line, file;
  int parens;              /* '(' open now */
  int start_token;         /* returned first, to pick a start symbol */
  char *hold_pos;          /* where flex wrote a NUL after the last token */
  char hold_char;          /* and the byte it replaced */
  LexAhead *ahead;         /* the batch (lex_ahead_new) */
  const char *id_s;        /* the identifier just scanned, to intern */
  size_t id_n;
} LexState;

LexAhead *lex_ahead_new(void);

/* Files of this many bytes or more are scanned in a thread of their own
 * (make check builds its sanitizer engine with 0: every file is). */
#ifndef DEAL_PIPE_MIN
#define DEAL_PIPE_MIN (256 * 1024)
#endif
/* Starts the scanner thread for the scanner sc of c, set up to read its
 * file; NULL (scan in this thread) if a thread cannot be had. */
LexPipe *lex_pipe_start(ParseCtx *c, void *sc);
/* Stops the thread if it runs, gives the scanner back to c, frees pp. */
void lex_pipe_end(ParseCtx *c, LexPipe *pp);
/* Around an include: stop the thread (joined), start it again after. */
void lex_pipe_halt(LexPipe *pp);
void lex_pipe_resume(LexPipe *pp);
/* After an unwind: the thread is halted; frees pp. */
void lex_pipe_free(LexPipe *pp);
/* YY_INPUT: up to max bytes of the file being scanned; 0 at its end or
 * after an error (reported). */
size_t lex_input(ParseCtx *c, char *buf, size_t max);
/* A flex buffer reading through lex_input, made current (deal.l). */
void *lex_file_buffer(void *scanner);
/* flex's scanner (grammar/deal.l), one token per call */
union YYSTYPE;
int lex_scan(union YYSTYPE *v, Loc *l, void *scanner);

union YYSTYPE;
int lex_ident(ParseCtx *c, const char *s, size_t n, union YYSTYPE *v, Loc *l);
int lex_literal(ParseCtx *c, const char *s, size_t n, union YYSTYPE *v, Loc *l);
int lex_string(ParseCtx *c, const char *s, size_t n, int closed,
               union YYSTYPE *v, Loc *l);
void lex_comment(ParseCtx *c, const char *s, size_t n, Loc *l);
/* For deal fmt (Program.keep_comments): the line ending now had nothing
 * but blanks; a `}` at l. */
void lex_blank_line(ParseCtx *c);
void lex_close(ParseCtx *c, Loc *l);
void lex_paren(ParseCtx *c, int delta, Loc *l);
void lex_error(ParseCtx *c, Loc *l, const char *msg);
void lex_bad_char(ParseCtx *c, char ch, Loc *l);
void lex_fatal(const char *msg);
/* The blocks flex allocated for one scanner and has not freed: an unwind
 * skips flex's own cleanup, and frees these instead (deal.l's yyalloc
 * keeps the list; one thread scans at a time, so it needs no lock). */
typedef struct LexBlocks {
  void **v;
  uint32_t n, cap;
} LexBlocks;
void lex_blocks_release(LexBlocks *b);

/* What the scanner of one file holds (parse.c's run_parser). */
typedef struct ScanOwn {
  void *sc;
  LexPipe *pipe;
  LexAhead *ahead;
  LexBlocks flex;
} ScanOwn;

/* Every reserved word of LANGUAGE.md section 2, sorted: src/keywords.def. */
extern const char *const lex_keywords[];
extern const size_t lex_nkeywords;
/* Offset of the first invalid UTF-8 sequence in s, or n if none. */
size_t lex_utf8_invalid(const char *s, size_t n);

#endif
