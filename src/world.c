/* world: worlds, and what they make of clauses (LANGUAGE.md sections 5,
 * 6 rule 1, tiers, rule 4's membership, and 8). */
#include "world.h"

#include <stdio.h>
#include <string.h>

#include "print.h"
#include "resolve.h"

/* ---- effects ---- */

static uint32_t eff_hash(int32_t clause, uint32_t cap) {
  return ((uint32_t)clause * 2654435761u) & (cap - 1);
}

/* The slot of clause i in the effect table: its own or the empty one. */
static struct EffSlot *eff_slot(const World *w, int32_t i) {
  for (uint32_t j = eff_hash(i, w->capeff);; j = (j + 1) & (w->capeff - 1))
    if (!w->eff[j].e || w->eff[j].clause == i) return &w->eff[j];
}

const Effect *world_effect(const World *w, const Clause *c) {
  if (!w->touched.n) return NULL;  /* no effects: skip the table */
  return eff_slot(w, c->index)->e;
}

static Effect *effect_of(World *w, const Clause *c, const Outcome *o) {
  if (w->capeff && eff_slot(w, c->index)->e) return eff_slot(w, c->index)->e;
  if ((w->touched.n + 1) * 2 > w->capeff) {
    uint32_t nc = w->capeff ? w->capeff * 2 : 16;
    struct EffSlot *old = w->eff;
    uint32_t oc = w->capeff;
    w->eff = mem_calloc(nc, sizeof *w->eff);
    w->capeff = nc;
    for (uint32_t j = 0; j < oc; j++)
      if (old[j].e) *eff_slot(w, old[j].clause) = old[j];
    mem_free(old);
  }
  struct EffSlot *s = eff_slot(w, c->index);
  s->clause = c->index;
  s->e = arena_alloc(&w->arena, sizeof(Effect));
  s->e->by = o;
  VEC_PUSH(&w->arena, w->touched.v, w->touched.n, w->touched.cap, (Clause *)c);
  return s->e;
}

/* ---- building a world ---- */

struct extra_arg {
  World *w;
  Clause *c;
};

static void extra_one(void *v, uint64_t key) {
  struct extra_arg *x = v;
  model_slot_add(&x->w->arena, &x->w->extra, key, x->c);
}

/* A statement the world reads from its own slots (or flows). */
static void index_extra(World *w, Clause *c, const Body *b, const Decl *obj) {
  if (b->is_flow) {
    VEC_PUSH(&w->arena, w->xflows.v, w->xflows.n, w->xflows.cap, c);
    return;
  }
  struct extra_arg x = {w, c};
  model_body_slots(w->m->p, b, obj, extra_one, &x);
}

static void apply_outcome(World *w, const Outcome *o) {
  for (uint32_t s = 0; s < o->nst; s++) {
    const Stmt *st = o->st[s];
    Clause *c = st->ref.cl;
    switch (st->k) {
      case S_UPHOLD: if (c) effect_of(w, c, o)->upheld = true; break;
      case S_VOID: if (c) effect_of(w, c, o)->voided = true; break;
      case S_CONSTRUE: if (c) effect_of(w, c, o)->construe = st->obj.d; break;
      case S_AMEND: if (c) effect_of(w, c, o)->amend = st; break;
      case S_CLAUSE: case S_ORDER: case S_FLOW:
        index_extra(w, st->own, st->own->body, st->own->body->obj);
        break;
      case S_FACT:
        if (st->fact.d) w->facts[st->fact.d->index] = st->value;
        break;
    }
  }
}

static void world_name(World *w) {
  if (!w->nchosen) {
    w->name = "status quo";
    w->id = "status_quo";
    return;
  }
  size_t n = 0;
  for (uint32_t i = 0; i < w->nchosen; i++) n += w->chosen[i]->h.name->len + 1;
  char *s = arena_alloc(&w->arena, n), *at = s;
  for (uint32_t i = 0; i < w->nchosen; i++) {
    const Name *nm = w->chosen[i]->h.name;
    if (i) *at++ = '+';
    memcpy(at, nm->s, nm->len);
    at += nm->len;
  }
  *at = 0;
  w->name = w->id = s;
}

World *world_new(Model *m, Outcome *const *chosen, uint32_t n, int32_t date) {
  Program *p = m->p;
  World *w = mem_calloc(1, sizeof *w);
  Defer d;
  mem_defer(&d, (void (*)(void *))world_free, w);
  w->m = m;
  arena_init(&w->arena);
  w->date = date;
  w->facts = arena_alloc(&w->arena, p->nfacts + 1);
  for (uint32_t i = 0; i < p->nfacts; i++) w->facts[i] = model_fact(m, i);
  w->noutcomes = p->noutcomes;
  w->is_chosen = arena_alloc(&w->arena, p->noutcomes + 1);
  w->chosen = arena_alloc(&w->arena, (n ? n : 1) * sizeof *w->chosen);
  for (uint32_t i = 0; i < n; i++) {
    Outcome *o = chosen[i];
    if (w->is_chosen[o->h.index]) continue;
    w->is_chosen[o->h.index] = 1;
    w->chosen[w->nchosen++] = o;
    apply_outcome(w, o);
  }
  world_name(w);
  /* amended and construed clauses are read from the world's own slots */
  for (uint32_t i = 0; i < w->touched.n; i++) {
    Clause *c = w->touched.v[i];
    const Effect *e = world_effect(w, c);
    if (e->voided) continue;
    if (e->amend) index_extra(w, c, e->amend->body, e->amend->body->obj);
    else if (e->construe) index_extra(w, c, c->body, e->construe);
  }
  mem_undefer(&d, false);
  return w;
}

void world_free(World *w) {
  if (!w) return;
  mem_free(w->eff);
  model_slots_free(&w->extra);
  arena_free(&w->arena);
  mem_free(w);
}

bool world_check_choice(Outcome *const *chosen, uint32_t n, char *msg,
                        size_t cap) {
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t j = 0; j < i; j++) {
      const Outcome *a = chosen[j], *b = chosen[i];
      if (a == b) continue;
      if (a->disp == b->disp) {
        snprintf(msg, cap, LQ "%s" RQ " and " LQ "%s" RQ " are outcomes of "
                 "the same dispute " LQ "%s" RQ "; a world has at most one",
                 a->h.name->s, b->h.name->s, a->disp->h.name->s);
        return false;
      }
      OutcomeClash why;
      if (resolve_outcomes_clash(a, b, &why)) {
        char what[300];
        resolve_clash_text(&why, what, sizeof what);
        snprintf(msg, cap, "outcomes " LQ "%s" RQ " and " LQ "%s" RQ " %s; "
                 "a world with both is an error", a->h.name->s, b->h.name->s,
                 what);
        return false;
      }
    }
  return true;
}

static bool windowed(const Body *b) {
  const Mods *md = BODY_MODS(b);
  return md->has_from || md->has_until;
}

bool world_check_dated(const World *w, char *msg, size_t cap) {
  if (w->date) return true;
  const Program *p = w->m->p;
  /* without a date there is no agreement (each has a signed date): only
   * the outcomes' own statements and amendments can be windowed */
  for (uint32_t i = 0; i < w->nchosen; i++) {
    const Outcome *o = w->chosen[i];
    for (uint32_t s = 0; s < o->nst; s++) {
      const Stmt *st = o->st[s];
      const Body *b = st->k == S_AMEND ? st->body : st->own ? st->own->body : NULL;
      if (!b || !windowed(b)) continue;
      const Clause *c = st->k == S_AMEND ? st->ref.cl : st->own;
      const char *x, *sep, *y;
      print_clause_name_parts(c, &x, &sep, &y);
      snprintf(msg, cap, "the world %s has a clause with " LQ "%s" RQ " (%s"
               LQ "%s%s%s" RQ ", line %u) but the scenario has no date; give "
               "it one with " LQ "at" RQ " or " LQ "as of" RQ, w->name,
               BODY_MODS(b)->has_from ? "from" : "until",
               st->k == S_AMEND ? "the amendment of " : "", x, sep, y,
               st->loc.line);
      return false;
    }
  }
  (void)p;
  return true;
}

/* ---- what a world makes of a clause ---- */

static bool cond_holds(const World *w, const Cond *c) {
  switch (c->k) {
    case C_FACT: return c->fact.d && w->facts[c->fact.d->index];
    case C_NOT: return !cond_holds(w, c->kids[0]);
    case C_AND:
      for (uint32_t i = 0; i < c->n; i++)
        if (!cond_holds(w, c->kids[i])) return false;
      return true;
    case C_OR:
      for (uint32_t i = 0; i < c->n; i++)
        if (cond_holds(w, c->kids[i])) return true;
      return false;
  }
  return false;
}

/* Rule 1's dates, once: the agreement's window met with the reading's
 * own.  The reading's date wins a tie, being the more particular. */
static inline void window_of(const Clause *c, const Body *b, Window *out) {
  const Mods *m = BODY_MODS(b);
  *out = (Window){0, 0, WD_NONE, WD_NONE};
  if (c->agr) {
    out->lo = c->agr->signed_d;
    out->lo_why = WD_SIGNED;
    if (c->agr->has_until) {
      out->hi = c->agr->until_d;
      out->hi_why = WD_AGREEMENT_UNTIL;
    }
  }
  if (m->has_from && m->from >= out->lo) {
    out->lo = m->from;
    out->lo_why = WD_FROM;
  }
  if (m->has_until && (!out->hi || m->until <= out->hi)) {
    out->hi = m->until;
    out->hi_why = WD_UNTIL;
  }
}

void world_window(const Clause *c, const View *v, Window *out) {
  window_of(c, v->b, out);
}

/* Is c one of w's clauses (an agreement's, or a chosen outcome's)? */
static bool world_has_clause(const World *w, const Clause *c) {
  if (!c->out) return true;
  int32_t i = c->out->h.index;
  return (uint32_t)i < w->noutcomes && w->is_chosen[i];
}

void world_view(const World *w, const Clause *c, View *v) {
  const Effect *e = c->agr ? world_effect(w, c) : NULL;
  v->b = e && e->amend ? e->amend->body : c->body;
  v->obj = e && e->construe ? e->construe : v->b->is_flow ? NULL : v->b->obj;
  v->upheld = e && e->upheld;
  v->amended = e && e->amend;
  v->construed = e && e->construe;
  v->tier = c->is_order ? T_ORDER : c->out || v->upheld ? T_RULING : T_ORDINARY;
  if (!world_has_clause(w, c)) {
    v->fate = FATE_ABSENT;
    return;
  }
  if (e && e->voided) {
    v->fate = FATE_VOID;
    return;
  }
  int32_t d = w->date;
  if (d) {
    Window win;
    window_of(c, v->b, &win);
    if (d < win.lo || (win.hi && d > win.hi)) {
      v->fate = FATE_OUT_OF_FORCE;
      return;
    }
  }
  const Mods *m = BODY_MODS(v->b);
  if ((m->if_c && !cond_holds(w, m->if_c)) ||
      (m->unless_c && cond_holds(w, m->unless_c))) {
    v->fate = FATE_CONDITION;
    return;
  }
  v->fate = FATE_ACTIVE;
}

static Clause **overrides_list(const World *w, const Clause *c, uint32_t *n) {
  const Effect *e = c->agr ? world_effect(w, c) : NULL;
  if (e && e->amend) {
    *n = e->amend->namend_ovr;
    return e->amend->amend_ovr;
  }
  *n = c->novr;
  return c->ovr;
}

void world_overrides(const World *w, const Clause *c, WorldEdgeFn fn,
                     void *arg) {
  uint32_t n;
  Clause **v = overrides_list(w, c, &n);
  for (uint32_t i = 0; i < n; i++)
    if (world_has_clause(w, v[i])) fn(arg, v[i]);
}

bool world_has_overrides(const World *w, const Clause *c) {
  uint32_t n;
  overrides_list(w, c, &n);
  return n > 0;
}

