/* print: statements back to canonical .deal source — for explanations,
 * reports, `deal fmt` and the REPL's :show and :save. */
#ifndef DEAL_PRINT_H
#define DEAL_PRINT_H
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>

#include "ast.h"

typedef struct StrBuf {
  char *s;
  size_t n, cap;
  bool kept;                /* its text outlives the protected call that
                               made it (sb_init_kept); else a temporary */
} StrBuf;

void sb_init(StrBuf *b);
/* A StrBuf whose text is kept beyond the protected call that writes it
 * (the REPL's pending input): not a temporary (mem.h). */
void sb_init_kept(StrBuf *b);
void sb_free(StrBuf *b);
void sb_put(StrBuf *b, const char *s, size_t n);
void sb_puts(StrBuf *b, const char *s);
void sb_vprintf(StrBuf *b, const char *fmt, va_list ap);
void sb_printf(StrBuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* What a FILE* prints, kept in memory (open_memstream) — for the text
 * of a failure inside JUnit XML, or what a snapshot says.  Opening throws
 * when it fails; print_stream_free (mem_defer it for an unwind) closes
 * and frees. */
typedef struct PrintStream {
  FILE *f;
  char *text;
  size_t len;
} PrintStream;
void print_stream_open(PrintStream *s);
/* The text so far ("" when none); the stream stays open. */
const char *print_stream_text(PrintStream *s, size_t *len);
void print_stream_free(void *s);

const char *print_prep(Prep prep);
void print_body(StrBuf *b, const Body *x);
/* A `when` answer: `always`, `never`, or its periods (LANGUAGE.md
 * section 11). */
void print_periods(StrBuf *b, const Period *v, uint32_t n);
/* The check of an expect/query with its context, in an arena. */
char *print_check_text(Arena *a, const Expect *e);
/* A clause as "Agreement.name" or "outcome X's clause name" etc. */
void print_clause_name(StrBuf *b, const Clause *c);
void print_clause_name_to(FILE *f, const Clause *c);
/* Its two parts and what joins them: "Agreement" "." "clause", "order
 * of " "" "outcome", "flow of " "" "outcome", "outcome" "." "clause". */
void print_clause_name_parts(const Clause *c, const char **a,
                             const char **sep, const char **b);



/* A whole program as canonical source.  file >= 0: only what that file
 * declares, its includes as `include` lines, and its comments (deal fmt);
 * file < 0: everything in load order as one self-contained file, includes
 * inlined (the REPL's :save). */
typedef struct PrintOpts {
  int file;
  bool comments;
} PrintOpts;

void print_program(StrBuf *b, const Program *p, const PrintOpts *o);
/* One declaration as source (the REPL's :show). */
void print_decl(StrBuf *b, const Program *p, const Decl *d);

#endif
