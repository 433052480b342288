/* explain: reasons for answers. */
#include "explain.h"

#include <string.h>

#include "literal.h"
#include "print.h"
#include "resolve.h"

static const char *explain_tier_name(Tier t) {
  static const char *const n[] = {"ordinary", "ruling", "order"};
  return n[t];
}

static const char *party_name(Program *p, int32_t i) {
  return i >= 0 && (uint32_t)i < p->nparties ? p->parties[i]->h.name->s
                                             : "every other party";
}

/* "Amazon may host StatefulRuntime" for a key. */
static void explain_key_text(FILE *f, Program *p, int32_t party, const Action *a,
                      const Decl *obj) {
  fprintf(f, "%s %s", party_name(p, party), a->h.name->s);
  if (a->prep) fprintf(f, " %s", print_prep(a->prep));
  fprintf(f, " %s", obj->name->s);
}

/* "clause AWS_OpenAI.runtime (ordinary, file.deal:31)" */
static void explain_clause_ref(FILE *f, Program *p, const World *w, const Clause *c) {
  StrBuf b;
  sb_init(&b);
  Defer d;
  mem_defer(&d, (void (*)(void *))sb_free, &b);
  print_clause_name(&b, c);
  View v;
  world_view(w, c, &v);
  Loc l = c->loc;
  fprintf(f, "%s (%s tier, %s:%u)", b.s, explain_tier_name(v.tier),
          diag_file_name(p->diag, l), l.line);
  mem_undefer(&d, true);
}

static void clause_says(FILE *f, const World *w, const Clause *c,
                        const Body *b) {
  StrBuf s;
  sb_init(&s);
  Defer d;
  mem_defer(&d, (void (*)(void *))sb_free, &s);
  print_body(&s, b);
  View v;
  world_view(w, c, &v);
  fprintf(f, "\"%s\"", s.s);
  if (v.amended) fprintf(f, " (as amended by %s)", w->name);
  if (v.construed)
    fprintf(f, " (construed by %s as covering %s)", w->name, v.obj->name->s);
  if (v.upheld) fprintf(f, " (upheld by %s)", w->name);
  mem_undefer(&d, true);
}

/* Clauses that would speak of this key as written but that the world's
 * outcomes set aside: voided, construed to cover something else, or
 * amended to say something else. */
static void set_aside(FILE *f, Program *p, const World *w, int32_t party,
                      const Action *a, const Decl *obj, const char *in) {
  const ClauseVec *v = model_slot(&w->m->norms,
                                  model_slot_key((uint32_t)a->h.index, obj));
  StrBuf s;
  sb_init(&s);
  Defer d;
  mem_defer(&d, (void (*)(void *))sb_free, &s);
  for (uint32_t i = 0; v && i < v->n; i++) {
    const Clause *c = v->v[i];
    const Effect *e = world_effect(w, c);
    if (!e || !(e->voided || e->amend || e->construe)) continue;
    const Body *b = c->body;
    bool oblige, excl;
    if (!eval_norm(b, party, &oblige, &excl)) continue;
    const char *how = e->voided ? "voided" : e->amend ? "amended" : "construed";
    const Outcome *o = e->by;
    s.n = 0;
    print_clause_name(&s, c);
    fprintf(f, "%sSet aside: %s (%s:%u), which as written says \"", in, s.s,
            diag_file_name(p->diag, c->loc), c->loc.line);
    s.n = 0;
    print_body(&s, b);
    fprintf(f, "%s\", is %s by %s", s.s, how, o ? o->h.name->s : w->name);
    if (o && o->disp) fprintf(f, " (dispute %s)", o->disp->h.name->s);
    if (!e->voided && !e->amend) fprintf(f, " as covering %s", e->construe->name->s);
    if (!e->voided && e->amend) {
      s.n = 0;
      print_body(&s, e->amend->body);
      fprintf(f, " to \"%s\"", s.s);
    }
    fprintf(f, ".\n");
  }
  mem_undefer(&d, true);
}

/* Why clause c, read as v, gives no norm to party in w (with that
 * party's key decided by default): it speaks of other parties, or it is
 * not active; NULL when it is none of explain's business here (voided or
 * read otherwise: set_aside says so). */
static const char *not_applying(const World *w, const View *v, int32_t party,
                                char *buf, size_t cap) {
  bool oblige, excl;
  bool others = !eval_norm(v->b, party, &oblige, &excl);
  char fate[48], d[16];
  switch (v->fate) {
    case FATE_ACTIVE: fate[0] = 0; break;
    case FATE_OUT_OF_FORCE:
      snprintf(fate, sizeof fate, "not in force on %s",
               lit_date_str(w->date, d));
      break;
    case FATE_CONDITION:
      snprintf(fate, sizeof fate, "its condition does not hold");
      break;
    default: return NULL;
  }
  snprintf(buf, cap, "%s%s%s", others ? "for other parties" : "",
           others && fate[0] ? ", and " : "", fate);
  return buf;
}

/* A key decided by default when clauses speak of its action and object
 * all the same: each of them, and why it gives this party nothing — the
 * answer to "but what about that clause?". */
static void default_despite(FILE *f, Program *p, const World *w,
                            int32_t party, const Action *a, const Decl *obj,
                            const char *in) {
  const ClauseVec *vs[2];
  world_slot_clauses(w, model_slot_key((uint32_t)a->h.index, obj), vs);
  enum { SHOWN = 8 };
  uint32_t shown = 0, more = 0;
  StrBuf s;
  sb_init(&s);
  Defer d;
  mem_defer(&d, (void (*)(void *))sb_free, &s);
  for (int k = 0; k < 2; k++)
    for (uint32_t i = 0; vs[k] && i < vs[k]->n; i++) {
      const Clause *c = vs[k]->v[i];
      View v;
      if (!world_slot_view(w, k, c, &v)) continue;
      char why[96];
      const char *r = not_applying(w, &v, party, why, sizeof why);
      if (!r) continue;
      if (shown == SHOWN) {
        more++;
        continue;
      }
      if (shown++ == 0) {
        fprintf(f, "%sClauses on %s", in, a->h.name->s);
        if (a->prep) fprintf(f, " %s", print_prep(a->prep));
        fprintf(f, " %s that do not apply:\n", obj->name->s);
      }
      s.n = 0;
      print_clause_name(&s, c);
      fprintf(f, "%s  %s (%s:%u) says ", in, s.s, diag_file_name(p->diag, c->loc),
              c->loc.line);
      clause_says(f, w, c, v.b);
      fprintf(f, ": %s.\n", r);
    }
  if (more) fprintf(f, "%s  ... and %u more.\n", in, more);
  mem_undefer(&d, true);
}

/* The deciding and defeated norms of one key, or the default closure. */
static void explain_key(FILE *f, Program *p, const World *w, int32_t party,
                 const Action *a, const Decl *obj, const KeyResult *r,
                 const ExplainOpts *o) {
  const char *in = o && o->indent ? o->indent : "  ";
  set_aside(f, p, w, party, a, obj, in);
  if (r->by_default) {
    if (r->owner)
      fprintf(f, "%sNo clause applies to this key in %s, so the default "
              "holds: %s is owned by %s, who alone may use it without a "
              "licence; %s is %s.\n", in, w->name, obj->name->s,
              r->owner->h.name->s, party_name(p, party),
              eval_status_name(r->st));
    else
      fprintf(f, "%sNo clause applies to this key in %s, and %s has no "
              "owner, so it is permitted by default.\n", in, w->name,
              obj->name->s);
    default_despite(f, p, w, party, a, obj, in);
    return;
  }
  for (int pass = 0; pass < 2; pass++) {
    for (uint32_t i = 0; i < r->n; i++) {
      const Hit *h = &r->hits[i];
      if (h->defeated != (pass == 1)) continue;
      fprintf(f, "%s%s ", in, pass == 0 ? "Decides:" : "Defeated:");
      explain_clause_ref(f, p, w, h->c);
      fprintf(f, " says ");
      clause_says(f, w, h->c, h->b);
      if (h->exclusion)
        fprintf(f, ", which leaves %s out", party_name(p, party));
      fprintf(f, " [%s].\n", h->pol > 0 ? (h->oblige ? "obliges" : "permits")
                                        : "forbids");
      if (pass == 1 && h->by >= 0) {
        const Hit *d = &r->hits[h->by];
        fprintf(f, "%s  because ", in);
        StrBuf s;
        sb_init(&s);
        Defer ds;
        mem_defer(&ds, (void (*)(void *))sb_free, &s);
        print_clause_name(&s, d->c);
        if (h->why == 0)
          fprintf(f, "%s is in a higher tier (%s over %s)", s.s,
                  explain_tier_name((Tier)d->tier),
                  explain_tier_name((Tier)h->tier));
        else
          fprintf(f, "%s overrides it", s.s);
        fprintf(f, ".\n");
        mem_undefer(&ds, true);
      }
    }
  }
  bool pos = false, neg = false;
  for (uint32_t i = 0; i < r->n; i++)
    if (!r->hits[i].defeated) {
      if (r->hits[i].pol > 0) pos = true;
      else neg = true;
    }
  if (pos && neg)
    fprintf(f, "%sThe undefeated norms disagree and none defeats the other: "
            "contested.\n", in);
  (void)a;
}

static const char *modal_expects(Modal md) {
  switch (md) {
    case M_MAY: return "permitted or required";
    case M_MUST: case M_SHALL: return "required";
    default: return "forbidden";
  }
}

void explain_expected_found(FILE *f, Model *m, const Expect *e,
                            const CheckResult *r, const char *in) {
  Program *p = m->p;
  char a[64], b[64];
  const char *neg = e->ck.negate ? "not " : "";
  if (r->error) {
    fprintf(f, "%sexpected: a world to weigh; found: %s\n", in, r->msg);
    return;
  }
  if (e->cx.has_prob) {
    fprintf(f, "%sexpected: %s of the weighed worlds (to within 0.01 points); "
            "found: %s\n", in, lit_pct_str(e->cx.prob, a),
            lit_pct_str((int32_t)r->weight_ppm, b));
    return;
  }
  switch (e->ck.k) {
    case CK_FLOW:
      fprintf(f, "%sexpected: %san active flow stating it; found: %s\n", in,
              e->ck.negate ? "no " : "", r->flow ? "one" : "none");
      return;
    case CK_CONFLICT:
    case CK_NORM:
      if (r->party < 0 || !r->obj) return;
      fprintf(f, "%sexpected: %s%s; found: ", in, neg,
              e->ck.k == CK_CONFLICT ? "contested"
                                     : modal_expects(e->ck.body->modal));
      explain_key_text(f, p, r->party, e->ck.body->act, r->obj);
      fprintf(f, " %s\n", eval_status_name(r->key.st));
      return;
    case CK_ONLY:
      if (r->party < 0 || !r->obj) return;
      fprintf(f, "%sexpected: %sexactly the listed parties permitted; found: ",
              in, neg);
      explain_key_text(f, p, r->party, e->ck.body->act, r->obj);
      fprintf(f, " %s\n", eval_status_name(r->key.st));
      return;
    case CK_WHO:
      return;
  }
}

void explain_check(FILE *f, Model *m, const Expect *e, const CheckResult *r,
                   const ExplainOpts *o) {
  Program *p = m->p;
  const char *in = o && o->indent ? o->indent : "  ";
  if (r->error) {
    fprintf(f, "%serror: %s\n", in, r->msg);
    return;
  }
  char buf[64];
  if (e->cx.has_prob) {
    fprintf(f, "%sThe check holds in worlds weighing %s in all (expected %s):\n",
            in, lit_pct_str((int32_t)r->weight_ppm, buf),
            lit_pct_str(e->cx.prob, buf + 32));
    for (uint32_t i = 0; i < r->nww; i++)
      fprintf(f, "%s  %-24s %8s  %s\n", in, r->ww[i].name,
              lit_pct_str((int32_t)r->ww[i].weight, buf),
              r->ww[i].holds ? "holds" : "does not hold");
    if (r->nworlds > r->nww)
      fprintf(f, "%s  ... and %llu more worlds\n", in,
              (unsigned long long)(r->nworlds - r->nww));
    for (uint32_t i = 0; i < r->nleft_out; i++)
      fprintf(f, "%s%s%s%s", i ? ", " : in,
              i ? "" : "Left out, as no outcome of theirs can change the "
                       "answer: ", r->left_out[i]->h.name->s,
              i + 1 == r->nleft_out ? ".\n" : "");
    if (r->nfail_chosen || r->party >= 0)
      fprintf(f, "%sWhere it does not hold, for example:\n", in);
  }
  if (e->ck.k == CK_FLOW) {
    if (r->flow) {
      StrBuf s;
      sb_init(&s);
      Defer ds;
      mem_defer(&ds, (void (*)(void *))sb_free, &s);
      print_clause_name(&s, r->flow);
      fprintf(f, "%sStated by %s at %s:%u.\n", in, s.s,
              diag_file_name(p->diag, r->flow->loc), r->flow->loc.line);
      mem_undefer(&ds, true);
    } else if (!e->cx.has_prob) {
      fprintf(f, "%sNo active flow in this world states it.\n", in);
    }
    return;
  }
  if (e->ck.k == CK_WHO) {
    fprintf(f, "%s", in);
    for (uint32_t i = 0; i < r->nwho; i++)
      fprintf(f, "%s%s", i ? ", " : "", party_name(p, r->who[i]));
    fprintf(f, "%s\n", r->nwho ? "" : "nobody");
    return;
  }
  if (!r->obj || !e->ck.body->act) return;
  char msg[320];
  World *w = e->cx.has_prob ? NULL : check_world(m, &e->cx, msg, sizeof msg);
  if (!w) {
    /* with probability: explain in the first world where it failed */
    w = world_new(m, r->fail_chosen, r->nfail_chosen,
                  e->cx.has_at ? e->cx.at : resolve_default_date(p));
  }
  Defer dw;
  mem_defer(&dw, (void (*)(void *))world_free, w);
  fprintf(f, "%s", in);
  explain_key_text(f, p, r->party, e->ck.body->act, r->obj);
  fprintf(f, ": %s in %s", eval_status_name(r->key.st), w->name);
  if (w->date) fprintf(f, " on %s", lit_date_str(w->date, buf));
  fprintf(f, ".\n");
  ExplainOpts sub = {o ? o->color : false, "    "};
  explain_key(f, p, w, r->party, e->ck.body->act, r->obj, &r->key, &sub);
  mem_undefer(&dw, true);
}
