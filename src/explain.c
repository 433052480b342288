/* explain: reasons for answers. */
#include "explain.h"

#include <string.h>

#include "literal.h"
#include "print.h"
#include "resolve.h"
#include "when.h"

static const char *explain_tier_name(Tier t) {
  static const char *n[] = {"ordinary", "ruling", "order"};
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

/* The deciding and defeated norms of one key, or the default closure. */
static void explain_key(FILE *f, Program *p, const World *w, int32_t party,
                 const Action *a, const Decl *obj, const KeyResult *r,
                 const ExplainOpts *o) {
  const char *in = o && o->indent ? o->indent : "  ";
  set_aside(f, p, w, party, a, obj, in);
  if (r->by_default) {
    if (r->owner)
      fprintf(f, "%sNo clause applies to %s in %s, so the default holds: %s "
              "is owned by %s, who alone may use it without a licence; "
              "%s is %s.\n", in, obj->name->s, w->name, obj->name->s,
              r->owner->h.name->s, party_name(p, party),
              eval_status_name(r->st));
    else
      fprintf(f, "%sNo clause applies to %s in %s, and %s has no owner, so "
              "it is permitted by default.\n", in, obj->name->s, w->name,
              obj->name->s);
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

/* ---- when ---- */

void explain_when_date(StrBuf *b, const World *w, const WhenWhy *y) {
  char e[64];
  const Clause *c = y->c;
  lit_date_str(y->date, e);
  switch (y->which) {
    case WD_SIGNED: case WD_AGREEMENT_UNTIL:
      sb_puts(b, c->agr ? c->agr->h.name->s : "");
      sb_puts(b, y->which == WD_SIGNED ? " signed " : " until ");
      sb_puts(b, e);
      break;
    default: {
      sb_puts(b, y->which == WD_FROM ? "from " : "until ");
      sb_puts(b, e);
      const Effect *ef = y->amended ? world_effect(w, c) : NULL;
      if (ef && ef->by) {
        sb_puts(b, " as amended by ");
        sb_puts(b, ef->by->h.name->s);
      }
    }
  }
}

void explain_when_change(FILE *f, Program *p, const World *w,
                         const WhenWhy *y) {
  char d[64];
  explain_clause_ref(f, p, w, y->c);
  if (y->starts) fprintf(f, " comes into force on %s (", lit_date_str(y->day, d));
  else fprintf(f, " goes out of force after %s (", lit_date_str(y->date, d));
  StrBuf b;
  sb_init(&b);
  Defer db;
  mem_defer(&db, (void (*)(void *))sb_free, &b);
  explain_when_date(&b, w, y);
  fprintf(f, "%s, %s:%u)", b.s, diag_file_name(p->diag, y->at), y->at.line);
  mem_undefer(&db, true);
}

/* The changes on one day, each on a line after `head`. */
static void when_changes_lines(FILE *f, Program *p, const World *w,
                               const WhenAnswer *a, int32_t day,
                               const char *in, const char *head,
                               int32_t shown) {
  uint32_t first, n = when_changes_on(&a->why, day, &first);
  char d[64];
  for (uint32_t i = 0; i < n; i++) {
    fprintf(f, "%s%s %s: ", in, head, lit_date_str(shown, d));
    explain_when_change(f, p, w, &a->why.v[first + i]);
    fprintf(f, ".\n");
  }
}

/* The reasons of each end of each period: the changes on its first day
 * and on the day after its last. */
static void explain_when(FILE *f, Model *m, const Expect *e,
                         const CheckResult *r, const ExplainOpts *o) {
  Program *p = m->p;
  const char *in = o && o->indent ? o->indent : "  ";
  const WhenAnswer *a = r->when;
  char msg[320];
  World *w = check_world(m, &e->cx, msg, sizeof msg);
  if (!w) return;
  Defer dw;
  mem_defer(&dw, (void (*)(void *))world_free, w);
  uint32_t nch = 0;
  for (uint32_t i = 0; i < a->why.n; i++)
    nch += !i || a->why.v[i].day != a->why.v[i - 1].day;
  if (a->n == 0 || (a->n == 1 && !a->v[0].from && !a->v[0].to)) {
    fprintf(f, "%sIt holds on %s day in %s: ", in, a->n ? "every" : "no",
            w->name);
    if (!nch) fprintf(f, "no date of what it reads changes it.\n");
    else fprintf(f, "asked between each of the %u dates on which what it "
                 "reads changes, the answer is the same.\n", nch);
  }
  for (uint32_t k = 0; k < a->n; k++) {
    const Period *pd = &a->v[k];
    if (pd->from) when_changes_lines(f, p, w, a, pd->from, in, "from", pd->from);
    if (pd->to) when_changes_lines(f, p, w, a, lit_day_next(pd->to), in, "until", pd->to);
  }
  mem_undefer(&dw, true);
}

static void explain_when_found(FILE *f, const Expect *e, const CheckResult *r,
                               const char *in) {
  const WhenAnswer *a = r->when;
  const Answer *is = e->cx.is;
  StrBuf b;
  sb_init(&b);
  Defer d;
  mem_defer(&d, (void (*)(void *))sb_free, &b);
  print_periods(&b, is->v, is->n);
  fprintf(f, "%sexpected: %s; found: ", in, b.s);
  b.n = 0;
  print_periods(&b, a->v, a->n);
  fprintf(f, "%s\n", b.s);
  Period *x = mem_talloc((a->n + is->n + 1) * sizeof *x);
  for (int side = 0; side < 2; side++) {
    uint32_t n = side ? when_minus(is->v, is->n, a->v, a->n, x)
                      : when_minus(a->v, a->n, is->v, is->n, x);
    if (!n) continue;
    b.n = 0;
    for (uint32_t i = 0; i < n; i++) {
      if (i) sb_puts(&b, ", ");
      print_periods(&b, &x[i], 1);
    }
    fprintf(f, "%s%s: %s\n", in, side ? "expected, but it does not hold"
                                       : "it holds, but not expected", b.s);
  }
  mem_free(x);
  mem_undefer(&d, true);
}

void explain_answer_line(FILE *f, const Expect *e, const CheckResult *r,
                         bool color, bool bare) {
  const char *on = color ? (r->holds ? "\033[1;32m" : "\033[1;31m") : "";
  const char *off = color ? "\033[0m" : "";
  if (r->error) {
    fprintf(f, "error%s%s\n", bare ? "" : ": ", bare ? "" : e->text);
    return;
  }
  if (!r->when) {
    fprintf(f, "%s%s%s%s%s\n", on, r->holds ? "yes" : "no", off,
            bare ? "" : ": ", bare ? "" : e->text);
    return;
  }
  StrBuf b;
  sb_init(&b);
  Defer d;
  mem_defer(&d, (void (*)(void *))sb_free, &b);
  print_periods(&b, r->when->v, r->when->n);
  fprintf(f, "%s%s%s\n", on, b.s, off);
  mem_undefer(&d, true);
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
  if (r->when) {
    if (e->cx.is) explain_when_found(f, e, r, in);
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
  if (r->when) {
    explain_when(f, m, e, r, o);
    return;
  }
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
