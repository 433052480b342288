/* explain: reasons for answers — gathered once (explain_build), told as
 * text (explain_check) or as JSON (explain_json). */
#include "explain.h"

#include <string.h>

#include "literal.h"
#include "print.h"
#include "resolve.h"
#include "when.h"

static const char *explain_tier_name(Tier t) {
  static const char *const n[] = {"ordinary", "ruling", "order"};
  return n[t];
}

static const char *party_name(Program *p, int32_t i) {
  return i >= 0 && (uint32_t)i < p->nparties ? p->parties[i]->h.name->s
                                             : "every other party";
}

/* ---- gathering ---- */

static void add(Explanation *x, ExplainRole role, const Clause *c,
                const Hit *hit, const Hit *by, const Effect *effect) {
  ExplainClause ec = {role, c, {0}, hit, by, effect};
  world_view(x->w, c, &ec.v);
  MVEC_PUSH(x->v, x->n, x->cap, ec);
}

/* Clauses that would speak of this key as written but that the world's
 * outcomes set aside: voided, construed to cover something else, or
 * amended to say something else. */
static void gather_set_aside(Explanation *x, int32_t party, const Action *a,
                             const Decl *obj) {
  const World *w = x->w;
  const ClauseVec *v = model_slot(&w->m->norms,
                                  model_slot_key((uint32_t)a->h.index, obj));
  for (uint32_t i = 0; v && i < v->n; i++) {
    const Clause *c = v->v[i];
    const Effect *e = world_effect(w, c);
    if (!e || !(e->voided || e->amend || e->construe)) continue;
    bool oblige, excl;
    if (!eval_norm(c->body, party, &oblige, &excl)) continue;
    add(x, EXPLAIN_SET_ASIDE, c, NULL, NULL, e);
  }
}

/* The deciding and defeated norms of the key (the set-aside clauses
 * first), and whether the undefeated ones disagree. */
static void gather_key(Explanation *x) {
  const KeyResult *k = x->key;
  gather_set_aside(x, x->party, x->act, x->obj);
  if (k->by_default) return;
  for (int pass = 0; pass < 2; pass++)
    for (uint32_t i = 0; i < k->n; i++) {
      const Hit *h = &k->hits[i];
      if (h->defeated != (pass == 1)) continue;
      add(x, pass ? EXPLAIN_DEFEATED : EXPLAIN_DECIDES, h->c, h,
          pass && h->by >= 0 ? &k->hits[h->by] : NULL, NULL);
    }
  bool pos = false, neg = false;
  for (uint32_t i = 0; i < k->n; i++)
    if (!k->hits[i].defeated) {
      if (k->hits[i].pol > 0) pos = true;
      else neg = true;
    }
  x->contested = pos && neg;
}

void explain_build(Explanation *x, Model *m, const Expect *e,
                   const CheckResult *r) {
  *x = (Explanation){.m = m, .e = e, .r = r};
  if (r->error || e->ck.k == CK_FLOW || e->ck.k == CK_WHO) return;
  if (!r->obj || !e->ck.body->act) return;
  char msg[320];
  x->own_w = true;
  x->w = e->cx.has_prob ? NULL : check_world(m, &e->cx, msg, sizeof msg);
  if (!x->w) {
    /* with probability: explain in the first world where it failed */
    x->w = world_new(m, r->fail_chosen, r->nfail_chosen,
                     e->cx.has_at ? e->cx.at : resolve_default_date(m->p));
  }
  x->party = r->party;
  x->act = e->ck.body->act;
  x->obj = r->obj;
  x->key = &r->key;
  gather_key(x);
}

void explain_free(Explanation *x) {
  if (x->own_w) world_free(x->w);
  mem_free(x->v);
  x->w = NULL;
  x->v = NULL;
  x->n = x->cap = 0;
}

/* ---- words shared by the text and the JSON ---- */

static const char *effect_word(const Hit *h) {
  return h->pol > 0 ? (h->oblige ? "obliges" : "permits") : "forbids";
}

static const char *set_aside_how(const Effect *e) {
  return e->voided ? "voided" : e->amend ? "amended" : "construed";
}

static const char *set_aside_by(const Explanation *x, const Effect *e) {
  return e->by ? e->by->h.name->s : x->w->name;
}

/* ---- text ---- */

/* "Amazon may host StatefulRuntime" for a key. */
static void explain_key_text(FILE *f, Program *p, int32_t party, const Action *a,
                      const Decl *obj) {
  fprintf(f, "%s %s", party_name(p, party), a->h.name->s);
  if (a->prep) fprintf(f, " %s", print_prep(a->prep));
  fprintf(f, " %s", obj->name->s);
}

/* "clause AWS_OpenAI.runtime (ordinary, file.deal:31)" */
static void clause_ref_text(FILE *f, Program *p, const ExplainClause *ec,
                            StrBuf *s) {
  s->n = 0;
  print_clause_name(s, ec->c);
  fprintf(f, "%s (%s tier, %s:%u)", s->s, explain_tier_name(ec->v.tier),
          diag_file_name(p->diag, ec->c->loc), ec->c->loc.line);
}

/* What a clause says as the world reads it (v), with the body b. */
static void clause_reads_text(FILE *f, const World *w, const View *v,
                              const Body *b, StrBuf *s) {
  s->n = 0;
  print_body(s, b);
  fprintf(f, "\"%s\"", s->s);
  if (v->amended) fprintf(f, " (as amended by %s)", w->name);
  if (v->construed)
    fprintf(f, " (construed by %s as covering %s)", w->name, v->obj->name->s);
  if (v->upheld) fprintf(f, " (upheld by %s)", w->name);
}

static void clause_says_text(FILE *f, const World *w, const ExplainClause *ec,
                             StrBuf *s) {
  clause_reads_text(f, w, &ec->v, ec->hit->b, s);
}

static void set_aside_text(FILE *f, const Explanation *x,
                           const ExplainClause *ec, const char *in, StrBuf *s) {
  Program *p = x->m->p;
  const Effect *e = ec->effect;
  s->n = 0;
  print_clause_name(s, ec->c);
  fprintf(f, "%sSet aside: %s (%s:%u), which as written says \"", in, s->s,
          diag_file_name(p->diag, ec->c->loc), ec->c->loc.line);
  s->n = 0;
  print_body(s, ec->c->body);
  fprintf(f, "%s\", is %s by %s", s->s, set_aside_how(e), set_aside_by(x, e));
  if (e->by && e->by->disp) fprintf(f, " (dispute %s)", e->by->disp->h.name->s);
  if (!e->voided && !e->amend) fprintf(f, " as covering %s", e->construe->name->s);
  if (!e->voided && e->amend) {
    s->n = 0;
    print_body(s, e->amend->body);
    fprintf(f, " to \"%s\"", s->s);
  }
  fprintf(f, ".\n");
}

static void hit_text(FILE *f, const Explanation *x, const ExplainClause *ec,
                     const char *in, StrBuf *s) {
  Program *p = x->m->p;
  const Hit *h = ec->hit;
  bool defeated = ec->role == EXPLAIN_DEFEATED;
  fprintf(f, "%s%s ", in, defeated ? "Defeated:" : "Decides:");
  clause_ref_text(f, p, ec, s);
  fprintf(f, " says ");
  clause_says_text(f, x->w, ec, s);
  if (h->exclusion)
    fprintf(f, ", which leaves %s out", party_name(p, x->party));
  fprintf(f, " [%s].\n", effect_word(h));
  if (!defeated || !ec->by) return;
  fprintf(f, "%s  because ", in);
  s->n = 0;
  print_clause_name(s, ec->by->c);
  if (h->why == 0)
    fprintf(f, "%s is in a higher tier (%s over %s)", s->s,
            explain_tier_name((Tier)ec->by->tier),
            explain_tier_name((Tier)h->tier));
  else
    fprintf(f, "%s overrides it", s->s);
  fprintf(f, ".\n");
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
typedef struct Despite {
  FILE *f;
  const Explanation *x;
  const char *in;
  StrBuf *s;
  uint32_t shown, more;
} Despite;

enum { DESPITE_SHOWN = 8 };

static void despite_one(void *arg, const Clause *c, const View *v) {
  Despite *t = arg;
  const Explanation *x = t->x;
  const World *w = x->w;
  char why[96];
  const char *r = not_applying(w, v, x->party, why, sizeof why);
  if (!r) return;
  if (t->shown == DESPITE_SHOWN) {
    t->more++;
    return;
  }
  if (t->shown++ == 0) {
    const Action *a = x->act;
    fprintf(t->f, "%sClauses on %s", t->in, a->h.name->s);
    if (a->prep) fprintf(t->f, " %s", print_prep(a->prep));
    fprintf(t->f, " %s that do not apply:\n", x->obj->name->s);
  }
  t->s->n = 0;
  print_clause_name(t->s, c);
  fprintf(t->f, "%s  %s (%s:%u) says ", t->in, t->s->s,
          diag_file_name(x->m->p->diag, c->loc), c->loc.line);
  clause_reads_text(t->f, w, v, v->b, t->s);
  fprintf(t->f, ": %s.\n", r);
}

static void default_despite(FILE *f, const Explanation *x, const char *in,
                            StrBuf *s) {
  Despite t = {f, x, in, s, 0, 0};
  const Action *a = x->act;
  eval_slot_clauses(x->w, model_slot_key((uint32_t)a->h.index, x->obj),
                    despite_one, &t);
  if (t.more) fprintf(f, "%s  ... and %u more.\n", in, t.more);
}

/* The deciding and defeated norms of one key, or the default closure. */
static void key_text(FILE *f, const Explanation *x, const char *in, StrBuf *s) {
  Program *p = x->m->p;
  const KeyResult *k = x->key;
  const Decl *obj = x->obj;
  for (uint32_t i = 0; i < x->n; i++)
    if (x->v[i].role == EXPLAIN_SET_ASIDE) set_aside_text(f, x, &x->v[i], in, s);
  if (k->by_default) {
    if (k->owner)
      fprintf(f, "%sNo clause applies to this key in %s, so the default "
              "holds: %s is owned by %s, who alone may use it without a "
              "licence; %s is %s.\n", in, x->w->name, obj->name->s,
              k->owner->h.name->s, party_name(p, x->party),
              eval_status_name(k->st));
    else
      fprintf(f, "%sNo clause applies to this key in %s, and %s has no "
              "owner, so it is permitted by default.\n", in, x->w->name,
              obj->name->s);
    default_despite(f, x, in, s);
    return;
  }
  for (uint32_t i = 0; i < x->n; i++)
    if (x->v[i].role != EXPLAIN_SET_ASIDE) hit_text(f, x, &x->v[i], in, s);
  if (x->contested)
    fprintf(f, "%sThe undefeated norms disagree and none defeats the other: "
            "contested.\n", in);
}

static void probability_text(FILE *f, const Expect *e, const CheckResult *r,
                             const char *in) {
  char buf[64];
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

/* The key's line ("Amazon host X: contested in status quo on DATE.")
 * and its reasons under it. */
static void key_told(FILE *f, const Explanation *x, const char *in,
                     StrBuf *s) {
  char buf[64];
  fprintf(f, "%s", in);
  explain_key_text(f, x->m->p, x->party, x->act, x->obj);
  fprintf(f, ": %s in %s", eval_status_name(x->key->st), x->w->name);
  if (x->w->date) fprintf(f, " on %s", lit_date_str(x->w->date, buf));
  fprintf(f, ".\n");
  key_text(f, x, "    ", s);
}

/* "AWS_OpenAI.runtime (ordinary tier, file.deal:31)": c as w reads it. */
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

/* After "expected: ...; found: ..." of a `when`: the periods where they
 * differ. */
static void explain_when_found(FILE *f, const Expect *e, const CheckResult *r,
                               const char *in) {
  const WhenAnswer *a = r->when;
  const Answer *is = e->cx.is;
  StrBuf b;
  sb_init(&b);
  Defer d;
  mem_defer(&d, (void (*)(void *))sb_free, &b);
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

typedef struct ExplainTmp {
  Explanation x;
  StrBuf s;
} ExplainTmp;

static void explain_tmp_free(void *v) {
  ExplainTmp *t = v;
  explain_free(&t->x);
  sb_free(&t->s);
}

void explain_check(FILE *f, Model *m, const Expect *e, const CheckResult *r,
                   const ExplainOpts *o) {
  Program *p = m->p;
  const char *in = o && o->indent ? o->indent : "  ";
  if (r->error) {
    fprintf(f, "%serror: %s\n", in, r->msg);
    return;
  }
  if (r->when) {
    explain_when(f, m, e, r, o);
    return;
  }
  if (e->cx.has_prob) probability_text(f, e, r, in);
  if (e->ck.k == CK_FLOW) {
    if (r->flow) {
      fprintf(f, "%sStated by ", in);
      print_clause_name_to(f, r->flow);
      fprintf(f, " at %s:%u.\n", diag_file_name(p->diag, r->flow->loc),
              r->flow->loc.line);
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
  ExplainTmp t = {{0}, {0}};
  sb_init(&t.s);
  Defer d;
  mem_defer(&d, explain_tmp_free, &t);
  explain_build(&t.x, m, e, r);
  if (t.x.w) key_told(f, &t.x, in, &t.s);
  mem_undefer(&d, true);
}

void explain_key(FILE *f, Model *m, World *w, EvalScratch *sc, int32_t party,
                 const Action *a, const Decl *obj, const ExplainOpts *o) {
  KeyResult kr = {0};
  ExplainTmp t = {{0}, {0}};
  sb_init(&t.s);
  Defer dk, d;
  mem_defer(&dk, (void (*)(void *))eval_key_free, &kr);
  mem_defer(&d, explain_tmp_free, &t);
  eval_key(w, sc, party, a, obj, &kr);
  t.x = (Explanation){.m = m, .w = w, .party = party, .act = a, .obj = obj,
                      .key = &kr};
  gather_key(&t.x);
  key_told(f, &t.x, o && o->indent ? o->indent : "  ", &t.s);
  mem_undefer(&d, true);
  mem_undefer(&dk, true);
}

/* ---- JSON ---- */

static void json_loc(Json *j, Program *p, Loc l) {
  json_kv_str(j, "file", diag_file_name(p->diag, l));
  json_kv_int(j, "line", l.line);
  json_kv_int(j, "column", l.col);
}

static void json_clause_name(Json *j, const char *k, const Clause *c,
                             StrBuf *s) {
  s->n = 0;
  print_clause_name(s, c);
  json_kv_str(j, k, s->s);
}

static void json_body(Json *j, const char *k, const Body *b, StrBuf *s) {
  s->n = 0;
  print_body(s, b);
  json_kv_str(j, k, s->s);
}

/* A deciding or defeated clause. */
static void json_hit(Json *j, const Explanation *x, const ExplainClause *ec,
                     StrBuf *s) {
  Program *p = x->m->p;
  const Hit *h = ec->hit;
  json_sep(j);
  json_open(j, '{');
  json_clause_name(j, "clause", ec->c, s);
  json_loc(j, p, ec->c->loc);
  json_kv_str(j, "tier", explain_tier_name(ec->v.tier));
  json_body(j, "says", h->b, s);
  json_kv_str(j, "effect", effect_word(h));
  json_kv_bool(j, "leaves_party_out", h->exclusion);
  json_kv_bool(j, "amended", ec->v.amended);
  if (ec->v.construed) json_kv_str(j, "construed_as_covering", ec->v.obj->name->s);
  else json_kv_null(j, "construed_as_covering");
  json_kv_bool(j, "upheld", ec->v.upheld);
  if (ec->role == EXPLAIN_DEFEATED) {
    if (ec->by) json_clause_name(j, "defeated_by", ec->by->c, s);
    else json_kv_null(j, "defeated_by");
    json_kv_str(j, "because", h->why == 0 ? "higher tier" : "overrides");
  }
  json_close(j, '}');
}

static void json_set_aside(Json *j, const Explanation *x,
                           const ExplainClause *ec, StrBuf *s) {
  Program *p = x->m->p;
  const Effect *e = ec->effect;
  json_sep(j);
  json_open(j, '{');
  json_clause_name(j, "clause", ec->c, s);
  json_loc(j, p, ec->c->loc);
  json_body(j, "as_written", ec->c->body, s);
  json_kv_str(j, "how", set_aside_how(e));
  json_kv_str(j, "by", set_aside_by(x, e));
  if (e->by && e->by->disp) json_kv_str(j, "dispute", e->by->disp->h.name->s);
  else json_kv_null(j, "dispute");
  if (!e->voided && !e->amend) json_kv_str(j, "covering", e->construe->name->s);
  else json_kv_null(j, "covering");
  if (!e->voided && e->amend) json_body(j, "amended_to", e->amend->body, s);
  else json_kv_null(j, "amended_to");
  json_close(j, '}');
}

static void json_clauses(Json *j, const char *k, const Explanation *x,
                         ExplainRole role, StrBuf *s) {
  json_key(j, k);
  json_open(j, '[');
  for (uint32_t i = 0; i < x->n; i++) {
    if (x->v[i].role != role) continue;
    if (role == EXPLAIN_SET_ASIDE) json_set_aside(j, x, &x->v[i], s);
    else json_hit(j, x, &x->v[i], s);
  }
  json_close(j, ']');
}

static void json_pct(Json *j, const char *k, int64_t units) {
  char buf[64], key[64];
  json_kv_str(j, k, lit_pct_str((int32_t)units, buf));
  snprintf(key, sizeof key, "%s_units", k);
  json_kv_int(j, key, units);
}

static void json_probability(Json *j, const Expect *e, const CheckResult *r) {
  json_key(j, "probability");
  if (!e->cx.has_prob) {
    fputs("null", j->f);
    return;
  }
  json_open(j, '{');
  json_pct(j, "expected", e->cx.prob);
  json_pct(j, "found", r->weight_ppm);
  json_kv_int(j, "worlds_weighed", (int64_t)r->nworlds);
  json_key(j, "worlds");
  json_open(j, '[');
  for (uint32_t i = 0; i < r->nww; i++) {
    json_sep(j);
    json_open_flat(j, '{');
    json_kv_str(j, "world", r->ww[i].name);
    json_pct(j, "weight", r->ww[i].weight);
    json_kv_bool(j, "holds", r->ww[i].holds);
    json_close(j, '}');
  }
  json_close(j, ']');
  json_key(j, "left_out");
  json_open_flat(j, '[');
  for (uint32_t i = 0; i < r->nleft_out; i++)
    json_item_str(j, r->left_out[i]->h.name->s);
  json_close(j, ']');
  json_close(j, '}');
}

static void json_world(Json *j, const World *w) {
  char buf[64];
  json_key(j, "world");
  if (!w) {
    fputs("null", j->f);
    return;
  }
  json_open_flat(j, '{');
  json_kv_str(j, "id", w->id);
  json_kv_str(j, "name", w->name);
  if (w->date) json_kv_str(j, "date", lit_date_str(w->date, buf));
  else json_kv_null(j, "date");
  json_close(j, '}');
}

static void json_key_of(Json *j, const Explanation *x) {
  json_key(j, "key");
  if (!x->w) {
    fputs("null", j->f);
    return;
  }
  const Action *a = x->act;
  json_open_flat(j, '{');
  if (x->party >= 0) json_kv_str(j, "party", party_name(x->m->p, x->party));
  else json_kv_null(j, "party");
  json_kv_str(j, "action", a->h.name->s);
  if (a->prep) json_kv_str(j, "prep", print_prep(a->prep));
  else json_kv_null(j, "prep");
  json_kv_str(j, "object", x->obj->name->s);
  json_kv_str(j, "status", eval_status_name(x->key->st));
  json_close(j, '}');
}

static void json_default(Json *j, const Explanation *x) {
  json_key(j, "default");
  if (!x->w || !x->key->by_default) {
    fputs("null", j->f);
    return;
  }
  json_open_flat(j, '{');
  if (x->key->owner) json_kv_str(j, "owner", x->key->owner->h.name->s);
  else json_kv_null(j, "owner");
  json_close(j, '}');
}

static void json_who_flow(Json *j, const Explanation *x, StrBuf *s) {
  const Expect *e = x->e;
  const CheckResult *r = x->r;
  Program *p = x->m->p;
  json_key(j, "who");
  if (e->ck.k == CK_WHO && !r->error) {
    json_open_flat(j, '[');
    for (uint32_t i = 0; i < r->nwho; i++) json_item_str(j, party_name(p, r->who[i]));
    json_close(j, ']');
  } else {
    fputs("null", j->f);
  }
  json_key(j, "flow");
  if (e->ck.k == CK_FLOW && r->flow && !r->error) {
    json_open_flat(j, '{');
    json_clause_name(j, "clause", r->flow, s);
    json_loc(j, p, r->flow->loc);
    json_close(j, '}');
  } else {
    fputs("null", j->f);
  }
}

void explain_json(Json *j, Model *m, const Expect *e, const CheckResult *r) {
  ExplainTmp t = {{0}, {0}};
  sb_init(&t.s);
  Defer d;
  mem_defer(&d, explain_tmp_free, &t);
  explain_build(&t.x, m, e, r);
  json_world(j, t.x.w);
  json_key_of(j, &t.x);
  json_default(j, &t.x);
  json_clauses(j, "deciding", &t.x, EXPLAIN_DECIDES, &t.s);
  json_clauses(j, "defeated", &t.x, EXPLAIN_DEFEATED, &t.s);
  json_clauses(j, "set_aside", &t.x, EXPLAIN_SET_ASIDE, &t.s);
  json_kv_bool(j, "contested", t.x.contested);
  json_who_flow(j, &t.x, &t.s);
  if (r->error) json_kv_null(j, "probability");
  else json_probability(j, e, r);
  mem_undefer(&d, true);
}

/* A `when` answer: its periods, and the changes at their ends with the
 * clause and date that make each (what the text's reasons say). */
void explain_when_json(Json *j, Model *m, const Expect *e,
                       const CheckResult *r) {
  const WhenAnswer *a = r->when;
  char d[16];
  json_key(j, "periods");
  json_open(j, '[');
  for (uint32_t k = 0; k < a->n; k++) {
    json_sep(j);
    json_open_flat(j, '{');
    if (a->v[k].from) json_kv_str(j, "from", lit_date_str(a->v[k].from, d));
    else json_kv_null(j, "from");
    if (a->v[k].to) json_kv_str(j, "to", lit_date_str(a->v[k].to, d));
    else json_kv_null(j, "to");
    json_close(j, '}');
  }
  json_close(j, ']');
  char msg[320];
  World *w = check_world(m, &e->cx, msg, sizeof msg);
  json_key(j, "changes");
  json_open(j, '[');
  if (w) {
    StrBuf b;
    sb_init(&b);
    Defer dw, db;
    mem_defer(&dw, (void (*)(void *))world_free, w);
    mem_defer(&db, (void (*)(void *))sb_free, &b);
    for (uint32_t k = 0; k < a->n; k++)
      for (int end = 0; end < 2; end++) {
        int32_t day = end ? (a->v[k].to ? lit_day_next(a->v[k].to) : 0) : a->v[k].from;
        if (!day) continue;
        uint32_t first, n = when_changes_on(&a->why, day, &first);
        for (uint32_t i = 0; i < n; i++) {
          const WhenWhy *y = &a->why.v[first + i];
          json_sep(j);
          json_open_flat(j, '{');
          json_kv_str(j, "end", end ? "until" : "from");
          json_kv_str(j, "day", lit_date_str(y->day, d));
          b.n = 0;
          print_clause_name(&b, y->c);
          json_kv_str(j, "clause", b.s);
          json_kv_bool(j, "starts", y->starts);
          b.n = 0;
          explain_when_date(&b, w, y);
          json_kv_str(j, "date", b.s);
          json_kv_str(j, "file", diag_file_name(m->p->diag, y->at));
          json_kv_int(j, "line", y->at.line);
          json_close(j, '}');
        }
      }
    mem_undefer(&db, true);
    mem_undefer(&dw, true);
  }
  json_close(j, ']');
}

/* ---- expected and found ---- */

static const char *modal_expects(Modal md) {
  switch (md) {
    case M_MAY: return "permitted or required";
    case M_MUST: case M_SHALL: return "required";
    default: return "forbidden";
  }
}

bool explain_expected_found_text(Model *m, const Expect *e,
                                 const CheckResult *r, char *expected,
                                 size_t ecap, char *found, size_t fcap) {
  Program *p = m->p;
  char a[64], b[64];
  const char *neg = e->ck.negate ? "not " : "";
  if (r->error) {
    snprintf(expected, ecap, "a world to weigh");
    snprintf(found, fcap, "%s", r->msg);
    return true;
  }
  if (r->when) {
    if (!e->cx.is) return false;
    StrBuf sb;
    sb_init(&sb);
    Defer d;
    mem_defer(&d, (void (*)(void *))sb_free, &sb);
    print_periods(&sb, e->cx.is->v, e->cx.is->n);
    snprintf(expected, ecap, "%s", sb.s);
    sb.n = 0;
    print_periods(&sb, r->when->v, r->when->n);
    snprintf(found, fcap, "%s", sb.s);
    mem_undefer(&d, true);
    return true;
  }
  if (e->cx.has_prob) {
    snprintf(expected, ecap, "%s of the weighed worlds (to within 0.01 points)",
             lit_pct_str(e->cx.prob, a));
    snprintf(found, fcap, "%s", lit_pct_str((int32_t)r->weight_ppm, b));
    return true;
  }
  switch (e->ck.k) {
    case CK_FLOW:
      snprintf(expected, ecap, "%san active flow stating it",
               e->ck.negate ? "no " : "");
      snprintf(found, fcap, "%s", r->flow ? "one" : "none");
      return true;
    case CK_CONFLICT:
    case CK_NORM:
    case CK_ONLY: {
      if (r->party < 0 || !r->obj) return false;
      if (e->ck.k == CK_ONLY)
        snprintf(expected, ecap, "%sexactly the listed parties permitted", neg);
      else
        snprintf(expected, ecap, "%s%s", neg,
                 e->ck.k == CK_CONFLICT ? "contested"
                                        : modal_expects(e->ck.body->modal));
      const Action *act = e->ck.body->act;
      snprintf(found, fcap, "%s %s%s%s %s %s", party_name(p, r->party),
               act->h.name->s, act->prep ? " " : "",
               act->prep ? print_prep(act->prep) : "", r->obj->name->s,
               eval_status_name(r->key.st));
      return true;
    }
    case CK_WHO:
      return false;
  }
  return false;
}

void explain_expected_found(FILE *f, Model *m, const Expect *e,
                            const CheckResult *r, const char *in) {
  char expected[700], found[1200];
  if (explain_expected_found_text(m, e, r, expected, sizeof expected, found,
                                  sizeof found))
    fprintf(f, "%sexpected: %s; found: %s\n", in, expected, found);
  if (r->when && e->cx.is) explain_when_found(f, e, r, in);
}
