/* report: what `deal run` and `deal diff` print — text (report.c), JSON
 * (report_json.c), Graphviz DOT (report_dot.c), Markdown (report_md.c),
 * the differences of two worlds (report_diff.c) and outcome snapshots
 * (report_snap.c).  Every format prints one RunData (rundata.h). */
#ifndef DEAL_REPORT_H
#define DEAL_REPORT_H
#include <stdio.h>

#include "check.h"
#include "json.h"
#include "print.h"
#include "rundata.h"

/* Draws Graphviz DOT (one graph or more) as SVG into out; false with
 * why when it cannot (the command line's runs `dot -Tsvg`). */
typedef bool (*ReportSvgFn)(void *ctx, const char *dot, size_t len,
                            StrBuf *out, char *why, size_t cap);

typedef struct ReportOpts {
  bool color;
  bool all;           /* every key a norm covers, not only those that differ */
  const char *file;   /* the scenario's path, for JSON, Markdown and HTML */
  const RunFilter *filter;  /* the timeline's (run and diff: in RunData) */
  uint32_t width;     /* text: the columns to fit in (0: no limit) */
  ReportSvgFn svg;    /* HTML's graphs; NULL: not drawn, with a note */
  void *svg_ctx;
} ReportOpts;

/* Text wrapped to width columns (0: as it is): s (n bytes, one line,
 * without its newline; colour escapes take no room) broken at spaces,
 * each line after the first indented by hang spaces, then a newline. */
void report_wrap(FILE *f, uint32_t width, const char *s, size_t n,
                 uint32_t hang);
/* The columns of the terminal f is (its size, else $COLUMNS, else 80),
 * or 0 when f is not a terminal (a file or a pipe: no limit). */
uint32_t report_terminal_width(FILE *f);
/* The same of one line in printf's format (no newline). */
void report_say(FILE *f, uint32_t width, uint32_t hang, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

typedef struct ExpectTally {
  uint32_t passed, failed, errors;
} ExpectTally;

void report_text(FILE *f, const RunData *d, const ReportOpts *o);
/* ---- reading at scale (report_scale.c) ----
 * Without --all, a table of more than REPORT_LINES_SHOWN lines keeps the
 * lines that differ between worlds and says how many it leaves out; in
 * such a permissions table the parties of one slot that read alike in
 * every world share a line. */
enum { REPORT_LINES_SHOWN = 200 };

/* Which items of a table (a line or a few) are shown: every one, or when
 * the table is cut, those that differ between worlds as long as they fit
 * in REPORT_LINES_SHOWN lines; what is left out is counted (in keys,
 * markets, flows or parties) on the first pass over the table. */
typedef struct ReportPlan {
  bool cut;
  uint32_t used;            /* lines shown in this pass */
  uint32_t left_same, left_differing;
} ReportPlan;
ReportPlan report_plan(bool all, uint64_t lines);
/* Is an item of `lines` lines (that differs between worlds or not) shown?
 * What is left out is counted, weighing `weight`, on pass 0 only; reset
 * `used` at the start of each pass. */
bool report_plan_take(ReportPlan *p, int pass, uint32_t lines, bool differs,
                      uint32_t weight);

/* A line of the permissions table: rows[first .. first + n) of the line
 * list's members, the first in row order. */
typedef struct ReportLine {
  uint32_t first, n;
  bool differs;             /* a world reads it otherwise than the first */
} ReportLine;

typedef struct ReportLines {
  ReportLine *v;
  uint32_t n, cap;
  uint32_t *rows;           /* members, line by line */
  uint32_t nrows;
  uint32_t *tmp;            /* scratch of the sorts */
} ReportLines;
/* The lines of the permissions table, slot by slot: with merge, the
 * alike rows of a slot (four or more) share a line, placed where its
 * first row is.  report_lines_free after (a Defer's fn). */
void report_lines(const RunData *d, bool merge, ReportLines *out);
void report_lines_free(void *lines);
/* The key column of a line: "Amazon host X", or "A, B, C and 4 more host
 * X". */
void report_line_key(const RunData *d, const ReportLines *ls,
                     const ReportLine *l, char *buf, size_t cap);
Status report_row_status(const RunRow *r, uint32_t k);
/* How many measures party q has a total of, and whether one differs
 * between worlds. */
uint32_t report_party_totals(const RunData *d, uint32_t q, bool *differs);

/* Without --all, the breach map lists this many pairs per world and this
 * many keys per pair. */
enum { REPORT_PAIRS_SHOWN = 40, REPORT_KEYS_SHOWN = 8 };
/* What a breach map's enumeration holds while it prints (freed on an
 * unwind too: report_conflict_bufs_free is a Defer's fn). */
typedef struct ReportConflictBufs {
  RunPairIndex ix;
  RunPairs g;
  RunPairChanges ch;
  StrBuf s;
} ReportConflictBufs;
void report_conflict_bufs_free(void *bufs);
/* What differs from world a to world b, with the clauses responsible
 * (`deal diff`; meant for the REPL's :diff too). */
void report_diff_worlds(FILE *f, Model *m, World *a, World *b, bool color);
/* The queries written in the file and the expectations line. */
void report_text_tail(FILE *f, Model *m, bool color);
/* What `deal test` prints for an expectation that fails or is an error:
 * its place, what was expected and found, and why. */
void report_failure_text(FILE *f, Model *m, const Expect *e,
                         const CheckResult *r, bool color);
/* Runs every expect of the program; prints failures when `verbose`. */
ExpectTally report_expects(FILE *f, Model *m, bool verbose, bool color);

/* ---- deal test (report_test.c) ----
 * The results of the files of one run, in the forms wanted: text or JSON
 * on `out` as each file is checked, and JUnit XML kept for the end. */
typedef struct TestReport {
  FILE *out;                /* NULL: nothing printed */
  bool json, color, junit;
  Json j;
  StrBuf xml;               /* the JUnit test suites so far */
  uint32_t passed, failed, errors;  /* expectations and snapshots;
                                       errors: checks that are errors */
  uint32_t files_with_errors;
  uint32_t xml_tests, xml_failures, xml_errors;
} TestReport;

/* A file's snapshot (deal test --snapshot / --update). */
typedef struct TestSnapshot {
  const char *path;         /* NAME.snap */
  int rc;                   /* 0 matches or was written, 1 differs, 2 error */
  const char *message;      /* what to say about it ("" or NULL: nothing) */
} TestSnapshot;

void report_test_begin(TestReport *t, FILE *out, bool json, bool color,
                       bool junit);
void report_test_free(TestReport *t);
/* One file: m is its model, NULL when it has errors; d holds its
 * diagnostics, kept (printed here as text, or in the JSON); snap NULL
 * without a snapshot. */
void report_test_file(TestReport *t, const char *path, Model *m, Diag *d,
                      const TestSnapshot *snap);
/* The summary line "N passed, N failed[, N files with errors]", or the
 * end of the JSON. */
void report_test_end(TestReport *t);
/* The whole JUnit XML document, appended to out. */
void report_test_junit(const TestReport *t, StrBuf *out);
/* One check's result as members of a JSON object: where it is (with
 * where), the check, holds, error, expected, found and (with reasons)
 * why (explain.h). */
void report_check_json(Json *j, Model *m, const Expect *e,
                       const CheckResult *r, bool where, bool reasons);

/* JSON (schema in docs/json.md); rows with the deciding clauses. */
#define REPORT_JSON_VERSION 2
void report_json(FILE *f, const RunData *d, const ReportOpts *o);
/* Pieces of it shared with `deal diff --format json`: a key's party,
 * action, prep and object; a market in one world (permitted ...
 * exclusive_among; names: room for every party); a flow statement (all
 * but `active`); the JSON name of a total's measure. */
void report_json_key(Json *j, const RunData *d, const RunRow *r);
/* "filter": {"party", "action", "product"} (each null when not given), or
 * null when nothing is filtered. */
void report_json_filter(Json *j, const RunData *d);
void report_json_market(Json *j, const RunData *d, const RunSlot *s,
                        const RunMarket *mk, const char **names);
void report_json_flow(Json *j, const RunFlow *fl, Arena *a);  /* after "clause" */
const char *report_json_measure(int measure);
/* Graphviz DOT of world k: parties, flows and exclusive rights. */
void report_dot(FILE *f, const RunData *d, uint32_t k);
/* Markdown for a memo. */
void report_markdown(FILE *f, const RunData *d, const ReportOpts *o);
/* One self-contained HTML page (report_html.c), and the same for `deal
 * diff` (report_diff.c); the pieces they share: */
void report_html(FILE *f, const RunData *d, const ReportOpts *o);
uint32_t report_diff_html(FILE *f, const RunData *d, const ReportOpts *o);
void report_html_begin(FILE *f, const char *title);  /* through <body> */
void report_html_end(FILE *f);                       /* the script, </html> */
void report_html_esc(FILE *f, const char *s);
void report_html_esc_sb(StrBuf *b, const char *s);
/* The mark of a change against world `first`: a symbol and words. */
void report_html_mark(FILE *f, const char *first);
/* Lines of text (indented by two spaces a level) as paragraphs. */
void report_html_lines(FILE *f, const char *text, size_t len);
/* A key's explanation in world k as `deal query` tells it, and a status
 * cell that opens it. */
void report_html_explain(FILE *f, const RunData *d, const RunRow *r,
                         uint32_t k);
void report_html_status_cell(FILE *f, const RunData *d, const RunRow *r,
                             uint32_t k, Status st, bool changed);
/* Everything that differs between worlds 0 and 1 of d, with the clauses
 * responsible; returns the number of differences. */
uint32_t report_diff(FILE *f, const RunData *d, const ReportOpts *o);
/* The same as JSON (docs/json.md). */
uint32_t report_diff_json(FILE *f, const RunData *d, const ReportOpts *o);

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
typedef enum {
  TIMELINE_TEXT, TIMELINE_JSON, TIMELINE_MARKDOWN, TIMELINE_HTML
} TimelineFormat;
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
