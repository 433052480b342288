/* world: a choice of outcomes (at most one per dispute), a date and the
 * facts (LANGUAGE.md section 5), and what it makes of each clause: rule 1
 * of section 6 (active clauses), the tiers of rule 2, and which clauses
 * and `overrides` lists are the world's own (rule 4).  Every reader of a
 * clause in a world — the evaluation of keys, flows, explanations, the
 * differences between two worlds — asks world_view. */
#ifndef DEAL_WORLD_H
#define DEAL_WORLD_H
#include "model.h"

/* What the world's outcomes do to one agreement clause. */
typedef struct Effect {
  bool upheld, voided;
  const Decl *construe;     /* object read instead */
  const Stmt *amend;        /* replacement statement */
  const Outcome *by;        /* the outcome that acts on it */
} Effect;

typedef struct World {
  Model *m;
  Outcome **chosen;         /* at most one per dispute */
  uint32_t nchosen;
  uint8_t *is_chosen;       /* by outcome index */
  uint32_t noutcomes;
  int32_t date;             /* YYYYMMDD; 0 when the scenario has no date */
  uint8_t *facts;           /* the value of each fact in this world */
  /* the effects, by clause index: open addressing, at most half full */
  struct EffSlot { int32_t clause; Effect *e; } *eff;
  uint32_t capeff;
  ClauseVec touched;        /* agreement clauses with an effect */
  SlotMap extra;            /* slots of outcome norms, amended and construed
                               readings */
  ClauseVec xflows;         /* outcome flows and amended flows */
  Arena arena;
  const char *name;         /* "status quo", or the outcomes joined by '+' */
  const char *id;           /* "status_quo", or the same as name */
} World;

/* A world choosing these outcomes at this date (0: none), the facts of
 * the model changed by the outcomes.  The choice must be valid (see
 * world_check_choice); an outcome listed twice counts once. */
World *world_new(Model *m, Outcome *const *chosen, uint32_t n, int32_t date);
void world_free(World *w);

/* Can these outcomes be chosen together?  false with a message (the two
 * outcomes and why: one dispute, acting differently on a clause or a
 * fact, or closing an `overrides` cycle together; LANGUAGE.md section 8). */
bool world_check_choice(Outcome *const *chosen, uint32_t n, char *msg,
                        size_t cap);
/* Can a world without a date be evaluated?  false, with a message naming
 * a clause that has `from` or `until`, when some clause of it is windowed
 * (LANGUAGE.md section 5). */
bool world_check_dated(const World *w, char *msg, size_t cap);

/* Why a clause says nothing in a world, or that it speaks. */
typedef enum {
  FATE_ACTIVE,
  FATE_VOID,                /* voided by an outcome */
  FATE_ABSENT,              /* an outcome's clause, outcome not chosen */
  FATE_OUT_OF_FORCE,        /* the date is outside its window or its
                               agreement's */
  FATE_CONDITION            /* its if/unless is not met */
} Fate;

/* A clause as a world reads it. */
typedef struct View {
  const Body *b;            /* the statement: as written or as amended */
  const Decl *obj;          /* its object: as written or as construed */
  Tier tier;
  Fate fate;
  bool upheld, amended, construed;
} View;

/* Rule 1 and the tiers: what w makes of clause c. */
void world_view(const World *w, const Clause *c, View *v);

/* Which date bounds a window (LANGUAGE.md section 11): the agreement's
 * `signed` or `until`, or the reading's own `from` or `until` (as written,
 * as amended, or an outcome clause's). */
typedef enum { WD_NONE, WD_SIGNED, WD_AGREEMENT_UNTIL, WD_FROM, WD_UNTIL } WindowDate;

/* The dates of rule 1: the days on which clause c is in force in a world
 * as far as dates go — its agreement's signed..until met with its
 * reading's own from..until — and which date makes each end.  lo 0: open
 * towards the past; hi 0: open towards the future; lo > hi: never.  Where
 * two dates make the same end, the reading's own is named. */
typedef struct Window {
  int32_t lo, hi;           /* first and last day, YYYYMMDD */
  uint8_t lo_why, hi_why;   /* WindowDate */
} Window;
/* c's window as v (world_view's) reads it. */
void world_window(const Clause *c, const View *v, Window *out);
/* The same world on another day: a copy of w that shares everything but
 * the date, for reading only (never world_free it; it lives while w
 * does).  Every day of a `when` or a timeline is asked of one; at date 0
 * (no date) world_view says whether a clause may speak on some day. */
static inline World world_at(const World *w, int32_t date) {
  World x = *w;
  x.date = date;
  return x;
}
static inline bool world_active(const World *w, const Clause *c) {
  View v;
  world_view(w, c, &v);
  return v.fate == FATE_ACTIVE;
}
/* The outcome's effect on an agreement clause, NULL when none. */
const Effect *world_effect(const World *w, const Clause *c);
/* Rule 4: the clauses c overrides in w — its list, or its amendment's —
 * those of them that are w's own. */
typedef void (*WorldEdgeFn)(void *arg, const Clause *to);
void world_overrides(const World *w, const Clause *c, WorldEdgeFn fn,
                     void *arg);
/* Does c's list (or its amendment's) name anything? */
bool world_has_overrides(const World *w, const Clause *c);


#endif
