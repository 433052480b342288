/* session: one scenario loaded and the questions asked of it — the layer
 * under the command line (main.c), the REPL (repl.c) and the library
 * (api.c).  Loading, facts, the choice of a world (one syntax for outcome
 * lists), checks with their defaults, and the worlds of a report live
 * here once.
 *
 * Outcome lists: `status_quo` (or `none`, or nothing) for no outcome;
 * otherwise outcome names joined by `,` or `+` (`a,b` and `a+b` are the
 * same world), any number of them, at most one per dispute.  Unknown
 * names are answered with the nearest declared outcome. */
#ifndef DEAL_SESSION_H
#define DEAL_SESSION_H
#include <stdio.h>

#include "check.h"
#include "print.h"
#include "rundata.h"

typedef struct SessionOpts {
  FILE *diag_out;           /* where diagnostics are printed as they come;
                               NULL: kept only (Session.diag) */
  bool color;               /* in those */
  bool keep_comments;       /* the scanner keeps comments (deal fmt) */
  bool no_model;            /* parse and resolve only (deal check, fmt) */
} SessionOpts;

typedef struct Session {
  Diag diag;
  Program *p;
  Model *m;                 /* NULL until loaded without errors */
  EvalScratch *x;           /* the session's own evaluations */
  SessionOpts o;
} Session;

/* A session in the current State (state.h); session_free frees it. */
Session *session_new(const SessionOpts *o);
void session_free(Session *s);
/* Loads a file, or text under a name; true when it has no errors (then
 * s->m is its model, unless no_model). */
bool session_load_file(Session *s, const char *path);
bool session_load_text(Session *s, const char *name, const char *text,
                       size_t len);
/* --fact NAME=true|false: false with a message in err. */
bool session_fact(Session *s, const char *assign, char *err, size_t cap);
/* An outcome list, checked (LANGUAGE.md section 8): *out is heap
 * (mem_free it), NULL for the status quo. */
bool session_outcomes(Session *s, const char *spec, Outcome ***out,
                      uint32_t *n, char *err, size_t cap);
/* A declared name, or NAME.CLAUSE (an agreement's or an outcome's
 * clause): its declaration (*clause NULL) or its clause; false with a
 * message that names the nearest ("unknown name ‘x’; did you mean
 * ‘y’?"). */
bool session_lookup(Session *s, const char *text, const Decl **decl,
                    const Clause **clause, char *err, size_t cap);
/* YYYY-MM-DD into *out; false with a message. */
bool session_date(const char *text, int32_t *out, char *err, size_t cap);
/* The world of an outcome list at a date (NULL: the scenario's), checked;
 * NULL with a message. */
World *session_world(Session *s, const char *spec, const char *at,
                     char *err, size_t cap);
/* A check as typed ("A may host X under o at 2026-01-01", "who may ...",
 * "... with probability 70%"); `under` and `at`, when given, fill what it
 * states none of.  NULL when it has errors (reported as diagnostics, or
 * in err). */
Expect *session_check(Session *s, const char *text, const char *under,
                      const char *at, char *err, size_t cap);
/* The worlds of a report: the status quo, then the world of `under` or
 * every outcome (one: only the world of `under`).  Heap array of worlds
 * (session_worlds_free); NULL with a message. */
World **session_report_worlds(Session *s, const char *under, const char *at,
                              bool one, uint32_t *nw, char *err, size_t cap);
void session_worlds_free(World **ws, uint32_t nw);
/* The filter of --party, --action and --product (each NULL: none) into
 * *f; false with a message that names the nearest name of that kind. */
bool session_filter(Session *s, const char *party, const char *action,
                    const char *product, RunFilter *f, char *err, size_t cap);
/* A declaration as source, by name ("Amazon", or "Agreement.clause" for a
 * clause), appended to out; false with a message in err (the nearest
 * name, as for names in files). */
bool session_show(Session *s, const char *name, StrBuf *out, char *err,
                  size_t cap);

#endif
