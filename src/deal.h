/* deal.h — the embeddable `deal` engine (link with build/libdeal.a).
 *
 * Load a scenario from a file or a string, list its diagnostics, choose a
 * world, ask a check with its explanation — or when it holds, over time —
 * iterate the statuses, markets and flows of a world, and print the
 * reports of `deal run`, `deal diff` and `deal timeline` in any format.  The `deal` command line uses exactly this.
 *
 *   deal_scenario *s = deal_load_file("x.deal", NULL);
 *   if (!deal_ok(s)) { ...deal_diagnostic_at(s, i)... }
 *   deal_answer a;
 *   deal_ask(s, NULL, "Amazon may host StatefulRuntime under microsoft_wins", &a);
 *   printf("%s\n%s", a.holds ? "yes" : "no", a.explanation);
 *   deal_answer_free(&a);
 *   deal_free(s);
 *
 * Strings handed out stay valid until the object they come from is freed
 * (callback arguments: until the callback returns).  Nothing here exits
 * the process; running out of memory is reported as an error.  Each
 * scenario (with its worlds) has a state of its own: different scenarios
 * may be used by different threads at the same time; one scenario is used
 * by one thread at a time. */
#ifndef DEAL_H
#define DEAL_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define DEAL_API_VERSION 3

typedef struct deal_scenario deal_scenario;
typedef struct deal_world deal_world;

/* ---- loading ---- */

/* The allocator of a scenario, in the manner of lua_Alloc: n == 0 frees
 * p and returns NULL; otherwise it returns a block of n bytes holding what
 * p held (p NULL: a new one), or NULL when there is no memory. */
typedef void *(*deal_alloc)(void *ud, void *p, size_t n);

typedef struct deal_load_options {
  FILE *print_diagnostics;  /* also print them there, with the source line
                               and a caret; NULL: only keep them */
  int color;                /* colour in what is printed */
  deal_alloc alloc;         /* NULL: malloc's (large blocks mapped) */
  void *alloc_ud;
} deal_load_options;

typedef struct deal_diagnostic {
  const char *file;
  unsigned line, column;    /* 1-based */
  int is_error;             /* 1: error; 0: warning */
  const char *message;
} deal_diagnostic;

/* NULL only when memory runs out; otherwise check deal_ok. */
deal_scenario *deal_load_file(const char *path, const deal_load_options *o);
deal_scenario *deal_load_string(const char *name, const char *text,
                                size_t len, const deal_load_options *o);
/* 1 when the scenario has no errors (and can be evaluated). */
int deal_ok(const deal_scenario *s);
size_t deal_diagnostic_count(const deal_scenario *s);
const deal_diagnostic *deal_diagnostic_at(const deal_scenario *s, size_t i);
/* Sets a fact's base value (as --fact); 0 when there is no such fact. */
int deal_set_fact(deal_scenario *s, const char *name, int value);
void deal_free(deal_scenario *s);

/* ---- worlds ---- */

/* spec: NULL or "status_quo", an outcome, or outcomes joined by '+' (or
 * ','); date: "YYYY-MM-DD" or NULL for the scenario's date.  NULL with a
 * message in err on a bad spec. */
deal_world *deal_world_open(deal_scenario *s, const char *spec,
                            const char *date, char *err, size_t errcap);
const char *deal_world_name(const deal_world *w);
void deal_world_close(deal_world *w);

/* ---- checks ---- */

typedef struct deal_answer {
  int holds;                /* 1 holds, 0 does not, -1 error */
  char *explanation;        /* the reasons (or the error), never NULL */
} deal_answer;

/* A check as in `deal query` ("A may host X under o at 2026-01-01",
 * "who may host X", "... with probability 70%").  When w is given and the
 * check names no `under`, it is asked in w.  Returns out->holds. */
int deal_ask(deal_scenario *s, const deal_world *w, const char *check,
             deal_answer *out);
void deal_answer_free(deal_answer *a);

/* ---- over time: when (LANGUAGE.md section 11) ---- */

/* Why a period starts or ends where it does: the window of a clause that
 * bears on the check starts on `day`, or ended the day before. */
typedef struct deal_change {
  const char *day;          /* YYYY-MM-DD: the first day after the change */
  const char *clause;       /* "Agreement.clause", "outcome.clause",
                               "order of outcome", "flow of outcome" */
  const char *tier;         /* ordinary, ruling, order */
  int starts;               /* 1: it comes into force on `day`; 0: it went
                               out of force the day before */
  const char *date;         /* which of its dates: "signed",
                               "agreement_until", "from", "until" */
  const char *written;      /* that date, YYYY-MM-DD */
  const char *amended_by;   /* the outcome whose amendment states it, or
                               NULL (as written; an outcome clause's own) */
  const char *file;         /* where the date is written */
  unsigned line;
} deal_change;

/* A maximal period in which a check holds (ends inclusive). */
typedef struct deal_period {
  const char *from, *to;    /* YYYY-MM-DD; NULL: open towards the past,
                               towards the future */
  const deal_change *starts;  /* the changes on `from` (none when open) */
  size_t nstarts;
  const deal_change *ends;  /* the changes on the day after `to` */
  size_t nends;
} deal_period;

typedef struct deal_when {
  const char *answer;       /* the ANSWER: "always", "never", "until
                               2032-12-31", "2025-10-28 to 2030-12-31, from
                               2035-01-01" (NULL on error) */
  const deal_period *periods;  /* in date order */
  size_t nperiods;
  char *explanation;        /* what `deal query` prints after the answer
                               (or the error), never NULL */
  void *storage_;           /* everything above but the explanation */
} deal_when;

/* `when CHECK [under ...]` (the leading `when` may be left out): the days
 * on which the check holds, as maximal periods with the changes behind
 * each end.  When w is given and the check names no `under`, its
 * outcomes are chosen (its date plays no part).  Returns nperiods, or -1
 * on error; deal_when_free in either case. */
long deal_when_ask(deal_scenario *s, const deal_world *w, const char *check,
                   deal_when *out);
void deal_when_free(deal_when *a);

/* ---- statuses, markets and flows of a world ---- */

typedef struct deal_status_info {
  const char *party;        /* NULL: the other_parties no clause names */
  unsigned other_parties;
  const char *action, *prep, *object;  /* prep NULL when none */
  const char *status;       /* permitted, required, forbidden, contested */
  int covered;              /* some norm applies (else the default) */
} deal_status_info;

typedef struct deal_market_info {
  const char *action, *prep, *product;
  const char *const *permitted;
  size_t npermitted;
  int others_permitted;     /* and every party not listed */
  const char *const *contested;
  size_t ncontested;
  const char *exclusive;    /* the one party permitted overall, or NULL */
  const char *const *among; /* groups of `only ... among` on it */
  const char *const *among_exclusive;  /* the one member permitted, or NULL */
  size_t namong;
} deal_market_info;

typedef struct deal_flow_info {
  const char *clause;       /* "Agreement.clause", "flow of outcome", ... */
  const char *kind;         /* invests, pays, owns, shares, supplies */
  const char *from, *to;
  const char *text;         /* the statement as source */
  int64_t amount_cents;     /* invests, pays */
  int64_t committed_cents;  /* invests: the committed part (else all) */
  int32_t percent_units;    /* owns, shares: 1% = 10000 */
  int64_t valued_cents;     /* owns: the stake's value, -1 when not given */
  int64_t implied_valuation_cents;  /* owns: value / percent, -1 if none */
  const char *revenue_from; /* shares: NULL when not given */
  int64_t watts;            /* supplies */
} deal_flow_info;

/* Each calls fn until it returns non-zero; they return that value, 0
 * when every item was visited, -1 on error.  all: every key a norm
 * covers (else only contested keys). */
typedef int (*deal_status_fn)(void *arg, const deal_status_info *s);
typedef int (*deal_market_fn)(void *arg, const deal_market_info *m);
typedef int (*deal_flow_fn)(void *arg, const deal_flow_info *f);
int deal_each_status(deal_world *w, int all, deal_status_fn fn, void *arg);
int deal_each_market(deal_world *w, deal_market_fn fn, void *arg);
int deal_each_flow(deal_world *w, deal_flow_fn fn, void *arg);

/* ---- reports ---- */

typedef enum {
  DEAL_FORMAT_TEXT, DEAL_FORMAT_JSON, DEAL_FORMAT_DOT, DEAL_FORMAT_MARKDOWN,
  DEAL_FORMAT_HTML          /* one page; its graphs are not drawn here */
} deal_format;

typedef struct deal_report_options {
  deal_format format;
  const char *under;        /* NULL: the status quo and every outcome;
                               else the status quo and this world (DOT:
                               this world alone) */
  const char *at;           /* YYYY-MM-DD or NULL */
  int all;                  /* every key a norm covers; a large
                               timeline's every slot and flow */
  int color;                /* text only */
  const char *file;         /* named in JSON and Markdown */
} deal_report_options;

/* The `deal run` report; 0, or -1 with a message in err. */
int deal_report(deal_scenario *s, const deal_report_options *o, FILE *out,
                char *err, size_t errcap);
/* `deal diff`: what differs from world a to world b (specs as
 * deal_world_open); the number of differences, or -1. */
long deal_diff(deal_scenario *s, const char *a, const char *b,
               const deal_report_options *o, FILE *out, char *err,
               size_t errcap);
/* `deal timeline`: each world over time (LANGUAGE.md section 11), in
 * DEAL_FORMAT_TEXT, _JSON, _MARKDOWN or _HTML (DOT is an error); under,
 * at and all as for `deal timeline` (at: the date marked); 0, or -1 with
 * a message. */
int deal_timeline(deal_scenario *s, const deal_report_options *o, FILE *out,
                  char *err, size_t errcap);
/* A snapshot of the outcome matrix (malloc'd, free with deal_string_free)
 * and its comparison with an older one: the number of changes, each
 * printed to out after `indent`, or -1. */
char *deal_snapshot(deal_scenario *s, const char *at, size_t *len,
                    char *err, size_t errcap);
long deal_snapshot_compare(deal_scenario *s, const char *at, const char *old,
                           size_t len, FILE *out, const char *indent,
                           char *err, size_t errcap);
void deal_string_free(char *p);

#endif
