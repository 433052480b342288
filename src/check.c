/* check: checks in a world, and weighed over worlds. */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "literal.h"
#include "resolve.h"
#include "weigh.h"
#include "when.h"

void check_result_free(CheckResult *r) {
  when_answer_free(r->when);
  r->when = NULL;
  eval_key_free(&r->key);
  mem_free(r->who);
  mem_free(r->left_out);
  mem_free(r->fail_chosen);
  r->who = NULL;
  r->left_out = NULL;
  r->fail_chosen = NULL;
}

void check_checked_free(void *v) {
  Checked *c = v;
  check_result_free(&c->r);
  eval_scratch_free(&c->x);
}

/* ---- flows ---- */

static bool flow_matches(const Body *pat, const Body *f) {
  if (!f->is_flow || pat->fk != f->fk || pat->fp != f->fp || pat->fq != f->fq)
    return false;
  switch (pat->fk) {
    case F_INVESTS: case F_OWNS:
      if (pat->fk == F_INVESTS ? pat->money != f->money : pat->pct != f->pct)
        return false;
      if (pat->has_money2 && (!f->has_money2 || pat->money2 != f->money2))
        return false;
      return true;
    case F_PAYS: return pat->money == f->money;
    case F_SHARES:
      if (pat->pct != f->pct) return false;
      if (pat->has_x && (!f->has_x || pat->fx != f->fx)) return false;
      return true;
    case F_SUPPLIES: return pat->watts == f->watts;
  }
  return false;
}

void check_flow_clauses(const World *w, uint64_t key, EvalClauseFn fn,
                        void *arg) {
  const ClauseVec *v = model_slot(&w->m->flows, key);
  for (uint32_t i = 0; v && i < v->n; i++) {
    View vw;
    world_view(w, v->v[i], &vw);
    if (eval_model_reads(&vw)) fn(arg, v->v[i], &vw);  /* else w's own */
  }
  for (uint32_t i = 0; i < w->xflows.n; i++) {
    View vw;
    world_view(w, w->xflows.v[i], &vw);
    fn(arg, w->xflows.v[i], &vw);
  }
}

struct find_flow {
  const Body *pat;
  const Clause *found;
};

static void find_flow_one(void *arg, const Clause *c, const View *v) {
  struct find_flow *f = arg;
  if (!f->found && v->fate == FATE_ACTIVE && flow_matches(f->pat, v->b))
    f->found = c;
}

/* The active flow of w that a flow check's statement matches, or NULL. */
static const Clause *check_find_flow(const World *w, const Body *pat) {
  struct find_flow f = {pat, NULL};
  check_flow_clauses(w, model_flow_key(pat->fk, pat->fp), find_flow_one, &f);
  return f.found;
}

bool check_bears(const Check *ck, const Body *b) {
  const Body *q = ck->body;
  if (ck->k == CK_FLOW) return flow_matches(q, b);
  if (b->is_flow) return false;
  if (ck->k != CK_NORM && ck->k != CK_CONFLICT) return true;  /* any party */
  bool oblige, excl;
  for (uint32_t s = 0; s < q->subjects.n; s++)
    if (eval_norm(b, q->subjects.v[s], &oblige, &excl)) return true;
  return false;
}

/* ---- checks in one world ---- */

struct objs { const Decl **v; uint32_t n, cap; };

static void collect_obj(void *v, const Decl *d) {
  struct objs *o = v;
  TVEC_PUSH(o->v, o->n, o->cap, d);
}

/* The objects whose keys a check reads: a product is one key (not its
 * children) but for `only`, a group each member. */
static void check_objects(Program *p, const Decl *obj, struct objs *o,
                          bool below) {
  if (obj->kind == K_PRODUCT && !below) collect_obj(o, obj);
  else model_objects(p, obj, collect_obj, o);
}

static void keep_key(CheckResult *out, KeyResult *k, int32_t party,
                     const Decl *obj) {
  KeyResult t = out->key;
  out->key = *k;
  *k = t;
  out->party = party;
  out->obj = obj;
}

typedef struct CheckTmp {
  KeyResult k;
  struct objs objs;
} CheckTmp;

static void check_tmp_free(void *v) {
  CheckTmp *t = v;
  eval_key_free(&t->k);
  mem_free(t->objs.v);
  memset(t, 0, sizeof *t);
}

/* A norm or conflict check: every subject on every object. */
static void check_keys(const World *w, EvalScratch *x, const Check *ck,
                       CheckTmp *t, CheckResult *out) {
  const Body *b = ck->body;
  for (uint32_t s = 0; s < b->subjects.n && out->holds; s++)
    for (uint32_t o = 0; o < t->objs.n && out->holds; o++) {
      eval_key(w, x, b->subjects.v[s], b->act, t->objs.v[o], &t->k);
      bool ok = ck->k == CK_CONFLICT ? t->k.st == ST_CONTESTED
                                     : eval_status_matches(b->modal, t->k.st);
      if (!ok || (s + 1 == b->subjects.n && o + 1 == t->objs.n)) {
        keep_key(out, &t->k, b->subjects.v[s], t->objs.v[o]);
        out->holds = ok;
      }
    }
}

/* `only S among G may A X`: for X and below, the permitted members of G
 * (every party without G) are exactly S. */
static void check_only(const World *w, EvalScratch *x, const Check *ck,
                       CheckTmp *t, CheckResult *out) {
  Program *p = w->m->p;
  const Body *b = ck->body;
  const IdSet *g = body_among(b) ? &body_among(b)->set : NULL;
  uint32_t np = g ? g->n : p->nparties;
  for (uint32_t o = 0; o < t->objs.n && out->holds; o++)
    for (uint32_t i = 0; i < np && out->holds; i++) {
      int32_t party = g ? g->v[i] : (int32_t)i;
      eval_key(w, x, party, b->act, t->objs.v[o], &t->k);
      if (eval_permits(t->k.st) != idset_has(&b->subjects, party)) {
        keep_key(out, &t->k, party, t->objs.v[o]);
        out->holds = false;
      }
    }
  if (out->holds && t->objs.n) {
    int32_t q = b->subjects.n ? b->subjects.v[0] : 0;
    eval_key(w, x, q, b->act, t->objs.v[0], &t->k);
    keep_key(out, &t->k, q, t->objs.v[0]);
  }
}

/* `who MODAL A X`: the parties for which the check holds. */
static void check_who(const World *w, EvalScratch *x, const Check *ck,
                      CheckTmp *t, CheckResult *out) {
  Program *p = w->m->p;
  const Body *b = ck->body;
  mem_free(out->who);
  out->who = NULL;
  out->who = mem_alloc((p->nparties ? p->nparties : 1) * sizeof *out->who);
  out->nwho = 0;
  for (uint32_t i = 0; i < p->nparties; i++) {
    bool all = t->objs.n > 0;
    for (uint32_t o = 0; o < t->objs.n && all; o++) {
      eval_key(w, x, (int32_t)i, b->act, t->objs.v[o], &t->k);
      all = eval_status_matches(b->modal, t->k.st);
    }
    if (all) out->who[out->nwho++] = (int32_t)i;
  }
  out->holds = out->nwho > 0;
}

void check_in_world(const World *w, EvalScratch *x, const Check *ck,
                    CheckResult *out) {
  Program *p = w->m->p;
  const Body *b = ck->body;
  out->holds = true;
  out->party = -1;
  out->obj = NULL;
  out->flow = NULL;
  if (ck->k == CK_FLOW) {
    out->flow = check_find_flow(w, b);
    out->holds = out->flow != NULL;
  } else if (!b->act || !b->obj) {
    out->holds = ck->k == CK_WHO ? out->holds : false;
  } else {
    CheckTmp t = {0};
    Defer d;
    mem_defer(&d, check_tmp_free, &t);
    check_objects(p, b->obj, &t.objs, ck->k == CK_ONLY);
    switch (ck->k) {
      case CK_NORM: case CK_CONFLICT: check_keys(w, x, ck, &t, out); break;
      case CK_ONLY: check_only(w, x, ck, &t, out); break;
      case CK_WHO: check_who(w, x, ck, &t, out); break;
      case CK_FLOW: break;
    }
    mem_undefer(&d, true);
  }
  if (ck->negate) out->holds = !out->holds;
}

/* ---- worlds of checks ---- */

World *check_world(Model *m, const CheckCtx *cx, char *msg, size_t cap) {
  Program *p = m->p;
  Outcome **chosen = mem_talloc((cx->nunder + 1) * sizeof *chosen);
  Defer d;
  mem_defer(&d, mem_free_ptr, &chosen);
  uint32_t n = 0;
  World *w = NULL;
  for (uint32_t i = 0; i < cx->nunder; i++) {
    if (!cx->under[i].d) {
      snprintf(msg, cap, "unknown outcome " LQ "%s" RQ,
               cx->under[i].name ? cx->under[i].name->s : "?");
      goto out;
    }
    chosen[n++] = (Outcome *)cx->under[i].d;
  }
  if (!world_check_choice(chosen, n, msg, cap)) goto out;
  w = world_new(m, chosen, n,
                cx->when ? 0 : cx->has_at ? cx->at : resolve_default_date(p));
  if (!cx->when && !world_check_dated(w, msg, cap)) {
    world_free(w);
    w = NULL;
  }
out:
  mem_undefer(&d, true);
  return w;
}

/* ---- with probability ---- */

struct dep_arg {
  KeySet *s;
  uint32_t action;
};

static void dep_object(void *v, const Decl *obj) {
  struct dep_arg *x = v;
  keyset_add(x->s, model_slot_key(x->action, obj), false);
}

void check_depends(Program *p, const Check *ck, KeySet *s) {
  const Body *b = ck->body;
  if (ck->k == CK_FLOW) {
    keyset_add(s, model_flow_key(b->fk, b->fp), true);
    return;
  }
  if (!b->act || !b->obj) return;
  struct dep_arg x = {s, (uint32_t)b->act->h.index};
  if (b->obj->kind == K_PRODUCT && ck->k != CK_ONLY) dep_object(&x, b->obj);
  else model_objects(p, b->obj, dep_object, &x);
}

typedef struct Weighed {
  Model *m;
  EvalScratch *x;
  const Expect *e;
  CheckResult *out;
  int32_t date;
  uint64_t sum;
  bool have_fail;
  CheckResult first_fail;
} Weighed;

static void weighed_free(void *v) {
  Weighed *wd = v;
  check_result_free(&wd->first_fail);
}

static void weigh_one(void *arg, Outcome *const *chosen, uint32_t n,
                      uint64_t weight) {
  Weighed *wd = arg;
  CheckResult *out = wd->out;
  World *w = world_new(wd->m, chosen, n, wd->date);
  Defer d;
  mem_defer(&d, (void (*)(void *))world_free, w);
  if (!out->error && !world_check_dated(w, out->msg, sizeof out->msg)) {
    out->error = true;
    out->at = wd->e->loc;
  }
  CheckResult r = {0};
  Defer dr;
  mem_defer(&dr, (void (*)(void *))check_result_free, &r);
  check_in_world(w, wd->x, &wd->e->ck, &r);
  if (out->nww < 16) {
    WeighedWorld *x = &out->ww[out->nww++];
    snprintf(x->name, sizeof x->name, "%s", w->name);
    x->weight = weigh_pct_units(weight);
    x->holds = r.holds;
  }
  if (r.holds) {
    wd->sum += weight;
  } else if (!wd->have_fail) {
    wd->first_fail = r;
    r = (CheckResult){0};
    wd->have_fail = true;
    out->fail_chosen = mem_alloc((n ? n : 1) * sizeof *out->fail_chosen);
    memcpy(out->fail_chosen, chosen, n * sizeof *chosen);
    out->nfail_chosen = n;
  }
  mem_undefer(&dr, true);
  mem_undefer(&d, true);
}

/* `with probability`: every combination of the outcomes of the disputes
 * that can change the answer (the others cannot, LANGUAGE.md section 8),
 * weighed exactly; it holds when the weight of the worlds where the check
 * holds is the given one to within 0.01 percentage points. */
static void check_probability(Model *m, EvalScratch *x, const Expect *e,
                              CheckResult *out) {
  Program *p = m->p;
  KeySet deps = {0};
  Defer dk;
  mem_defer(&dk, (void (*)(void *))keyset_free, &deps);
  check_depends(p, &e->ck, &deps);
  Dispute **ds = mem_talloc((p->ndisputes + 1) * sizeof *ds);
  Defer dd;
  mem_defer(&dd, mem_free_ptr, &ds);
  uint32_t nd = weigh_disputes(m, &deps, ds);
  out->left_out = mem_alloc((p->ndisputes + 1) * sizeof *out->left_out);
  for (uint32_t i = 0, k = 0; i < p->ndisputes; i++) {
    if (k < nd && ds[k] == p->disputes[i]) k++;
    else if (p->disputes[i]->nouts) out->left_out[out->nleft_out++] = p->disputes[i];
  }
  out->nworlds = weigh_count(ds, nd);
  Weighed wd = {m, x, e, out, e->cx.has_at ? e->cx.at : resolve_default_date(p),
                0, false, {0}};
  Defer dw;
  mem_defer(&dw, weighed_free, &wd);
  if (!weigh_each(ds, nd, WEIGH_MAX_COMBOS, weigh_one, &wd)) {
    out->error = true;
    out->at = e->cx.with_loc;
    snprintf(out->msg, sizeof out->msg, "weighing this check needs %llu "
             "combinations of outcomes of the disputes that can change it; "
             "at most %d are weighed", (unsigned long long)out->nworlds,
             WEIGH_MAX_COMBOS);
  }
  /* 0.01 percentage points = 1e-4 of the whole */
  unsigned __int128 target = (unsigned __int128)(uint64_t)e->cx.prob *
                             (WEIGH_ONE / LIT_PCT_100);
  unsigned __int128 diff = wd.sum > target ? wd.sum - target : target - wd.sum;
  out->weight_ppm = weigh_pct_units(wd.sum);
  out->holds = diff <= (unsigned __int128)(WEIGH_ONE / 10000);
  if (wd.have_fail) {
    out->key = wd.first_fail.key;
    out->party = wd.first_fail.party;
    out->obj = wd.first_fail.obj;
    wd.first_fail.key = (KeyResult){0};
  }
  mem_undefer(&dw, true);
  mem_undefer(&dd, true);
  mem_undefer(&dk, true);
}

void check_expect(Model *m, EvalScratch *x, const Expect *e,
                  CheckResult *out) {
  memset(out, 0, sizeof *out);
  out->party = -1;
  if (e->cx.when) {
    when_check(m, x, e, out);
    return;
  }
  if (e->cx.has_prob) {
    check_probability(m, x, e, out);
    return;
  }
  World *w = check_world(m, &e->cx, out->msg, sizeof out->msg);
  if (!w) {
    out->error = true;
    out->at = e->loc;
    return;
  }
  Defer d;
  mem_defer(&d, (void (*)(void *))world_free, w);
  check_in_world(w, x, &e->ck, out);
  mem_undefer(&d, true);
}
