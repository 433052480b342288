/* when: what holds on which days (LANGUAGE.md section 11).
 *
 * A world fixes its outcomes and facts; moving its date changes only
 * which clauses are active (rule 1), so whatever a set of slots says is
 * constant between their change dates: the days on which a clause that
 * bears on them, as the world reads it (eval_slot_clauses), comes into
 * force or goes out of it — the ends of its window (world_window) — unless
 * nothing dated keeps it silent anyway (void, absent, a condition not
 * met).  A question is asked once per interval between change dates, of
 * the world on a day of that interval (world_at), through the ordinary
 * evaluation (check.c, eval.c); equal neighbours merge into the maximal
 * periods of the answer.  A slot with no dated clause costs one
 * evaluation.
 *
 * The changes are data — the clause, which of its dates, whether an
 * amendment's, where it is written — so `deal query`, `deal test`, the
 * REPL, the timeline and the library print the same reasons. */
#ifndef DEAL_WHEN_H
#define DEAL_WHEN_H
#include "check.h"
#include "literal.h"

/* One change: clause c's window starts on `day`, or ended the day
 * before. */
typedef struct WhenWhy {
  const Clause *c;
  const Body *b;            /* its statement as the world reads it */
  int32_t day;              /* the first day of the new interval */
  int32_t date;             /* the date as written (an `until`: the last
                               day in force) */
  uint8_t which;            /* WindowDate (world.h) */
  bool starts;              /* comes into force on `day`; else went out of
                               force the day before */
  bool amended;             /* the date is an amendment's (an outcome's
                               `amend`: world_effect(w, c)->by) */
  Loc at;                   /* where the date is written */
} WhenWhy;

typedef struct WhenChanges {
  WhenWhy *v;
  uint32_t n, cap;
} WhenChanges;

/* The changes of clause c as read by v — a view of the world at date 0
 * (world_at), whose fate then says whether c may speak on any day —
 * appended to ch (heap). */
void when_clause_changes(const Clause *c, const View *v, WhenChanges *ch);
/* Every change of slot key in w (each clause eval_slot reads there). */
void when_slot_changes(const World *w, uint64_t key, WhenChanges *ch);
/* Sorts by day, then clause, then date kind; drops repeats. */
void when_changes_sort(WhenChanges *ch);
void when_changes_free(WhenChanges *ch);
/* The changes on one day: ch->v[*first .. *first + return) (sorted). */
uint32_t when_changes_on(const WhenChanges *ch, int32_t day, uint32_t *first);

/* The intervals the sorted changes cut the calendar into, in order: the
 * first open towards the past (from 0), the last towards the future (to
 * 0); n + 1 of them for n distinct change days, into out (heap, its room
 * kept from call to call; when_spans_free). */
typedef struct WhenSpans {
  Period *v;
  uint32_t n, cap;
} WhenSpans;
void when_spans(const WhenChanges *ch, WhenSpans *out);
void when_spans_free(WhenSpans *s);
/* A day of an interval, to ask the world on. */
static inline int32_t when_span_day(const Period *p) {
  return p->from ? p->from : LIT_DAY_FIRST;
}
/* Merges the intervals whose values (bytes, stride apart) are equal to
 * their neighbour's into maximal periods: out[k] = the k-th period, and
 * its value's interval in at[k]; returns how many. */
uint32_t when_merge(const WhenSpans *s, const uint8_t *vals, size_t stride,
                    Period *out, uint32_t *at);

/* The answer of `when CHECK`: the periods where it holds, and every
 * change of what it reads (sorted), for the reasons at their ends. */
typedef struct WhenAnswer {
  Period *v;
  uint32_t n;
  WhenChanges why;
  uint32_t nspans;          /* evaluations made */
} WhenAnswer;
void when_answer_free(WhenAnswer *a);

/* `when CHECK [under ...]`, and `expect when ... is ANSWER`: into
 * out->when, out->holds (the answer is not `never`; for an expect, the
 * answer is ANSWER exactly).  out->error with a message when the world
 * is an error. */
void when_check(Model *m, EvalScratch *x, const Expect *e, CheckResult *out);
/* Are the periods of a and b the same? */
bool when_same(const Period *a, uint32_t na, const Period *b, uint32_t nb);
/* The days in a but not in b, as maximal periods into out (room for
 * na + nb); returns how many. */
uint32_t when_minus(const Period *a, uint32_t na, const Period *b,
                    uint32_t nb, Period *out);

#endif
