/* timeline: statuses, markets and flows of worlds over time — the data
 * of `deal timeline` (LANGUAGE.md section 11).
 *
 * Every slot is read in the first world, and again in each world that
 * may read it otherwise (rundata_anew_pairs), the way `when` reads a
 * check (when.h): its change dates in that world, then its keys on a day
 * of each interval between them (world_at) — every key in the first
 * interval (eval_slot), and in each later one the keys the day's changes
 * can touch, on the clauses that can bear on them (eval_slot_list) — and
 * equal neighbours merged into periods.  A slot's statuses over its
 * periods are kept as a RunSlot (rundata.h) whose "worlds" are the
 * periods, so that the market of each period is the run's rule and text
 * (rundata_market, report_permitted_text).
 *
 * Slots are evaluated in chunks (cut by weight) shared between threads
 * (par_for), a batch of chunks at a time; each slot of the first world
 * is handed to a sink in the thread that made it, to be written into its
 * chunk's text, and the texts go out in key order after each batch; the
 * other worlds keep their slots only where they differ from the first
 * world's.  DEAL_THREADS=1 gives the same text. */
#ifndef DEAL_TIMELINE_H
#define DEAL_TIMELINE_H
#include "print.h"
#include "rundata.h"
#include "when.h"

/* One slot in one world over time: its periods (maximal: neighbours
 * differ in the status or coverage of some key), and the RunSlot whose
 * "world" i is period i: rundata_slot_st(s, i)[j] is the status of party
 * j (s->np: the parties not named), with RUN_COVERED. */
typedef struct TlSlot {
  RunSlot *s;
  Period *pd;
  uint32_t npd;
  uint32_t world;
  const uint8_t *st;        /* period k's statuses at k * (s->np + 1) */
  const WhenWhy *why;       /* the slot's changes in its world, sorted:
                               the reasons behind its periods */
  uint32_t nwhy;
  const struct TlSlot *first;  /* after the first world: the same slot in
                                  the first world (same parties), to
                                  compare with; else NULL */
} TlSlot;

/* A flow statement as one world reads it, and the periods in which it is
 * active (none: never, in a world after the first). */
typedef struct TlFlow {
  const Clause *c;
  const Body *b;
  Period *pd;
  uint32_t npd;
} TlFlow;

typedef struct TlWorld {
  World *w;
  /* after the first world, only what differs from it: slots by key */
  TlSlot *slots;
  uint32_t nslots, capslots;
  TlFlow *flows;            /* by clause */
  uint32_t nflows, capflows;
} TlWorld;

typedef struct Timeline {
  Model *m;
  Program *p;
  RunData shell;            /* m and p alone, for the run's market rule and
                               its texts */
  TlWorld *worlds;
  uint32_t nw;
  int32_t asof;             /* the first world's date, 0 when none */
  Arena arena;
  uint64_t nslots, nspans;  /* slots read and intervals evaluated, over
                               all worlds (a measure of the work) */
} Timeline;

/* The timeline of these worlds (the first is the one the others are
 * compared with); timeline_build fills it.  A filter (NULL: none) keeps
 * the slots of its action and product and the flows of its party (in
 * shell.filter; the report keeps the party's keys). */
Timeline *timeline_new(Model *m, World **ws, uint32_t nw,
                       const RunFilter *filter);
void timeline_free(Timeline *tl);
/* Where the first world's slots go as they are made.  slot(arg, worker,
 * out, s) is called in a worker's thread (worker < par_workers of any
 * count: one per thread) for each slot of the first world that is a
 * market (a clause names the product) or has a key whose status changes,
 * in key order within the chunk whose text out is; s lives until it
 * returns, and it may only read what is shared.  text(arg, out, ends, n)
 * is then called in the caller's thread with each chunk's text, in key
 * order: ends[i] is where the text of its i-th slot ends (a slot may have
 * written nothing).  Chunks are made a batch at a time (par_for), and
 * text is called between batches, so what text sets, every slot of the
 * next batch sees.  slot may be NULL (nothing is written). */
typedef struct TlSink {
  void (*slot)(void *arg, uint32_t worker, StrBuf *out, const TlSlot *s);
  void (*text)(void *arg, const StrBuf *out, const size_t *ends, uint32_t n);
  void *arg;
} TlSink;
/* Every slot in every world, then the flows. */
void timeline_build(Timeline *tl, const TlSink *sink);

/* The periods of one key of a slot: column j of its statuses (s->np: the
 * parties not named) merged, into out[] with their statuses (and
 * RUN_COVERED) in st[] (room for s->npd each); returns how many. */
uint32_t timeline_key(const TlSlot *s, uint32_t j, Period *out, uint8_t *st);
/* Does the status of column j change over time? */
bool timeline_key_changes(const TlSlot *s, uint32_t j);
/* Can change y bear on the key of party q (-1: a party the slot's
 * clauses do not name)? */
bool timeline_bears(const WhenWhy *y, int32_t q);

#endif
