/* report: what `deal run` and `deal diff` print — text (report.c), JSON
 * (report_json.c), Graphviz DOT (report_dot.c), Markdown (report_md.c),
 * the differences of two worlds (report_diff.c) and outcome snapshots
 * (report_snap.c).  Every format prints one RunData (rundata.h). */
#ifndef DEAL_REPORT_H
#define DEAL_REPORT_H
#include <stdio.h>

#include "check.h"
#include "print.h"
#include "rundata.h"

typedef struct ReportOpts {
  bool color;
  bool all;           /* every key a norm covers, not only those that differ */
  const char *file;   /* the scenario's path, for JSON and Markdown */
} ReportOpts;

typedef struct ExpectTally {
  uint32_t passed, failed, errors;
} ExpectTally;

void report_text(FILE *f, const RunData *d, const ReportOpts *o);
/* What differs from world a to world b, with the clauses responsible
 * (`deal diff`; meant for the REPL's :diff too). */
void report_diff_worlds(FILE *f, Model *m, World *a, World *b, bool color);
/* The queries written in the file and the expectations line. */
void report_text_tail(FILE *f, Model *m, bool color);
/* Runs every expect of the program; prints failures when `verbose`. */
ExpectTally report_expects(FILE *f, Model *m, bool verbose, bool color);

/* JSON (schema in docs/json.md); rows with the deciding clauses. */
#define REPORT_JSON_VERSION 1
void report_json(FILE *f, const RunData *d, const ReportOpts *o);
/* Graphviz DOT of world k: parties, flows and exclusive rights. */
void report_dot(FILE *f, const RunData *d, uint32_t k);
/* Markdown for a memo. */
void report_markdown(FILE *f, const RunData *d, const ReportOpts *o);
/* Everything that differs between worlds 0 and 1 of d, with the clauses
 * responsible; returns the number of differences. */
uint32_t report_diff(FILE *f, const RunData *d, const ReportOpts *o);

/* Snapshots: every covered key's status in every world, the markets and
 * the flows, one line each, in a stable order. */
char *report_snapshot(const RunData *d, size_t *len);
/* Compares a snapshot with d; prints each change (which permission
 * flipped in which world, and the clauses deciding it now) and returns
 * how many there are. */
uint32_t report_snapshot_compare(FILE *f, const RunData *d, const char *old,
                                 size_t len, const char *indent);

/* `deal timeline` (LANGUAGE.md section 11): each world over time —
 * every key whose status changes, the market of each product a clause
 * names, every flow — with the clause windows behind each change; a world
 * after the first lists what differs from the first.  Worlds as for a
 * run (the first is the reference); their dates play no part but the
 * first's, marked as the as-of date. */
typedef enum { TIMELINE_TEXT, TIMELINE_JSON, TIMELINE_MARKDOWN } TimelineFormat;
void report_timeline(FILE *f, Model *m, World **ws, uint32_t nw,
                     TimelineFormat fmt, const ReportOpts *o);

/* ---- shared by the formats ---- */

/* Clauses deciding a key in a world, as "A.x, B.y" (undefeated norms), or
 * "default: owned by X" / "default: unowned". */
void report_deciders(StrBuf *b, const RunData *d, const RunRow *r,
                     uint32_t k);
/* Exclusivity of a market as text: "among clouds: Microsoft; overall:
 * X", or "no". */
void report_exclusive_text(StrBuf *b, const RunData *d, const RunSlot *s,
                           const RunMarket *mk);
/* Permitted parties as text, at most `max` names (0: all). */
void report_permitted_text(StrBuf *b, const RunData *d, const RunSlot *s,
                           const RunMarket *mk, uint32_t max);
#endif
