/* resolve: names to declarations, kinds, cycles, dates, prepositions,
 * probabilities and outcome statements.  Each pass takes the items added
 * since the previous call, so the REPL can add statements cheaply. */
#include "resolve.h"

#include <stdlib.h>
#include <string.h>

#include "literal.h"
#include "par.h"
#include "print.h"

typedef struct Res {
  Program *p;
  Diag *d;
  Arena *arena;     /* where the clauses' subject sets and overrides go */
  bool in_check;    /* resolving a check, not a clause */
  uint32_t *with_ovr;       /* new agreement clauses that override others */
  uint32_t nwith_ovr, capwith_ovr;
} Res;

/* "a party or group" for a kind mask. */
static const char *mask_text(unsigned m) {
  switch (m) {
    case MK_PARTYLIKE: return "a party";
    case MK_SUBJECT: return "a party or group";
    case MK_OBJECT: return "a product, party or group";
    case MK_GROUP: return "a group";
    case MK_ACTION: return "an action";
    case MK_PRODUCT: return "a product";
    case MK_FACT: return "a fact";
    case MK_OUTCOME: return "an outcome";
    case MK_AGREEMENT | MK_OUTCOME: return "an agreement or outcome";
    default: return "a name";
  }
}

static const char *mask_noun(unsigned m) {
  const char *t = mask_text(m);
  return t[1] == 'n' && t[2] == ' ' ? t + 3 : t + 2;
}

/* The declared name of one of these kinds (a mask of 1 << Kind) nearest
 * to s, or NULL; and the message for an unknown name: "unknown outcome
 * ‘x’; did you mean ‘y’?". */
static const char *resolve_nearest(const Program *p, const char *s, unsigned kinds) {
  size_t n = 0;
  const char **c = mem_talloc((p->ndecls + 1) * sizeof *c);
  for (uint32_t i = 0; i < p->ndecls; i++) {
    Decl *d = p->decls[i];
    if (d->name && (kinds & (1u << d->kind))) c[n++] = d->name->s;
  }
  const char *best = diag_nearest(s, c, n);
  mem_free(c);
  return best;
}

/* "‘Amazon’ is a party; expected an outcome". */
static void wrong_kind_text(const char *s, const Decl *d, unsigned kinds,
                            char *buf, size_t cap) {
  snprintf(buf, cap, LQ "%s" RQ " is %s; expected %s", s,
           ast_kind_name(d->kind), mask_text(kinds));
}

void resolve_unknown_text(const Program *p, const char *s, unsigned kinds,
                          char *buf, size_t cap) {
  const Name *n = intern_find(&p->names, s, strlen(s));
  if (n && n->decl && !(kinds & (1u << n->decl->kind))) {
    wrong_kind_text(s, n->decl, kinds, buf, cap);
    return;
  }
  const char *near = resolve_nearest(p, s, kinds);
  if (near)
    snprintf(buf, cap, "unknown %s " LQ "%s" RQ "; did you mean " LQ "%s" RQ "?",
             mask_noun(kinds), s, near);
  else
    snprintf(buf, cap, "unknown %s " LQ "%s" RQ, mask_noun(kinds), s);
}

static void unknown(Res *r, Loc at, const char *s, unsigned mask) {
  if (r->d->errors >= r->d->max_errors) {
    diag_error(r->d, at, "unknown %s " LQ "%s" RQ, mask_noun(mask), s);
    return;
  }
  char buf[700];
  resolve_unknown_text(r->p, s, mask, buf, sizeof buf);
  diag_error(r->d, at, "%s", buf);
}

/* A name of one of the kinds in mask; aliases come back as their party. */
static Decl *lookup_name(Res *r, const Name *n, Loc at, unsigned mask) {
  if (!n) return NULL;
  Decl *d = n->decl;
  if (!d) {
    unknown(r, at, n->s, mask);
    return NULL;
  }
  if (!(mask & (1u << d->kind))) {
    char buf[700];
    wrong_kind_text(n->s, d, mask, buf, sizeof buf);
    diag_error(r->d, at, "%s", buf);
    return NULL;
  }
  if (d->kind == K_ALIAS) d = &((Alias *)d)->party->h;
  return d;
}

/* The same, bound into the reference. */
static Decl *lookup(Res *r, Ref *ref, unsigned mask) {
  Decl *d = lookup_name(r, ref->name, ref->loc, mask);
  if (d) ref->d = d;
  return d;
}

/* ---- groups ---- */

static void idset_from(Arena *a, IdSet *out, int32_t *v, uint32_t n);

const IdSet *resolve_group_set(Program *p, Group *g) {
  if (g->set.v || g->set.n) return &g->set;
  /* iterative depth-first walk; cycles were reported and are cut here */
  uint32_t cap = 16, n = 0, sp = 0, scap = 16;
  int32_t *ids = mem_talloc(cap * sizeof *ids);
  Group **stack = mem_talloc(scap * sizeof *stack);
  uint32_t stamp = ++p->walk_stamp;
  stack[sp++] = g;
  g->walk = stamp;
  while (sp) {
    Group *x = stack[--sp];
    for (uint32_t i = 0; i < x->nmembers; i++) {
      Decl *d = x->members[i].d;
      if (!d) continue;
      if (d->kind == K_PARTY) {
        if (n == cap) ids = mem_realloc(ids, (cap *= 2) * sizeof *ids);
        ids[n++] = d->index;
      } else if (d->kind == K_GROUP) {
        Group *y = (Group *)d;
        if (y->walk == stamp) continue;
        y->walk = stamp;
        if (y->set.n) {
          if (n + y->set.n > cap) {
            while (n + y->set.n > cap) cap *= 2;
            ids = mem_realloc(ids, cap * sizeof *ids);
          }
          memcpy(ids + n, y->set.v, y->set.n * sizeof *ids);
          n += y->set.n;
          continue;
        }
        if (sp == scap) stack = mem_realloc(stack, (scap *= 2) * sizeof *stack);
        stack[sp++] = y;
      }
    }
  }
  mem_free(stack);
  idset_from(&p->arena, &g->set, ids, n);
  mem_free(ids);
  return &g->set;
}

static int cmp_id(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

static void idset_from(Arena *a, IdSet *out, int32_t *v, uint32_t n) {
  if (n > 16) {
    qsort(v, n, sizeof *v, cmp_id);
  } else {
    for (uint32_t i = 1; i < n; i++)  /* a few: insertion */
      for (uint32_t j = i; j > 0 && v[j - 1] > v[j]; j--) {
        int32_t t = v[j];
        v[j] = v[j - 1];
        v[j - 1] = t;
      }
  }
  uint32_t k = 0;
  for (uint32_t i = 0; i < n; i++)
    if (k == 0 || v[k - 1] != v[i]) v[k++] = v[i];
  out->v = arena_alloc(a, (k ? k : 1) * sizeof *v);
  memcpy(out->v, v, k * sizeof *v);
  out->n = k;
}

/* Cycles among groups: colour-marking depth-first search without
 * recursion; each cycle is reported once, at its first declaration. */
static void group_cycles(Res *r, uint32_t from) {
  Program *p = r->p;
  typedef struct { Group *g; uint32_t i; } Frame;
  uint32_t cap = 64;
  Frame *st = mem_talloc(cap * sizeof *st);
  for (uint32_t gi = from; gi < p->ngroups; gi++) {
    Group *root = p->groups[gi];
    if (root->color) continue;
    uint32_t sp = 0;
    st[sp++] = (Frame){root, 0};
    root->color = 1;
    while (sp) {
      Frame *f = &st[sp - 1];
      if (f->i == f->g->nmembers) {
        f->g->color = 2;
        sp--;
        continue;
      }
      Decl *d = f->g->members[f->i++].d;
      if (!d || d->kind != K_GROUP) continue;
      Group *y = (Group *)d;
      if (y->color == 1) {
        /* the cycle is y .. top of stack; report at its first declaration */
        uint32_t k = sp;
        while (k > 0 && st[k - 1].g != y) k--;
        Group *first = y;
        bool seen = false;
        for (uint32_t j = k - 1; j < sp; j++) {
          if (st[j].g->h.order < first->h.order) first = st[j].g;
          seen |= st[j].g->cycle_reported;
        }
        if (!seen) {
          StrBuf b;
          sb_init(&b);
          for (uint32_t j = k - 1; j < sp; j++)
            sb_printf(&b, "%s -> ", st[j].g->h.name->s);
          sb_puts(&b, y->h.name->s);
          diag_error(r->d, first->h.loc, "groups form a cycle: %s", b.s);
          sb_free(&b);
          for (uint32_t j = k - 1; j < sp; j++) st[j].g->cycle_reported = true;
        }
        f->g->members[f->i - 1].d = NULL;  /* cut it: later walks terminate */
        continue;
      }
      if (y->color == 2) continue;
      if (sp == cap) {
        st = mem_realloc(st, (cap *= 2) * sizeof *st);
      }
      y->color = 1;
      st[sp++] = (Frame){y, 0};
    }
  }
  mem_free(st);
}

/* ---- products ---- */

static void products(Res *r, uint32_t from) {
  Program *p = r->p;
  for (uint32_t i = from; i < p->nproducts; i++) {
    Product *x = p->products[i];
    if (x->has_parent) x->up = (Product *)lookup(r, &x->parent, MK_PRODUCT);
    if (x->has_owner) x->own = (Party *)lookup(r, &x->owner, MK_PARTYLIKE);
  }
  /* cycles in `is`: each product has one parent, so walk up */
  uint32_t stamp = ++p->walk_stamp;
  for (uint32_t i = from; i < p->nproducts; i++) {
    Product *x = p->products[i];
    Product *y = x;
    while (y && y->walk != stamp && !y->done) {
      y->walk = stamp;
      y = y->up;
    }
    if (y && y->walk == stamp && !y->done) {
      /* y is on a cycle: find its first declaration */
      Product *first = y, *z = y->up;
      StrBuf b;
      sb_init(&b);
      sb_printf(&b, "%s", y->h.name->s);
      while (z != y) {
        if (z->h.order < first->h.order) first = z;
        sb_printf(&b, " -> %s", z->h.name->s);
        z = z->up;
      }
      sb_printf(&b, " -> %s", y->h.name->s);
      diag_error(r->d, first->h.loc, "products form a cycle through "
                 LQ "is" RQ ": %s", b.s);
      sb_free(&b);
      z = y;
      do {
        Product *nx = z->up;
        z->up = NULL;   /* cut, so every later walk ends */
        z->done = true;
        z = nx;
      } while (z && z != y);
    }
    for (y = x; y && !y->done; y = y->up) y->done = true;
  }
  /* inherited owners and the tree of children */
  for (uint32_t i = from; i < p->nproducts; i++) {
    Product *x = p->products[i];
    if (x->up) VEC_PUSH(&p->arena, x->up->kids, x->up->nkids, x->up->capkids, x);
  }
  for (uint32_t i = from; i < p->nproducts; i++) {
    Product *x = p->products[i];
    if (x->own || !x->up) continue;
    Product *y = x->up;
    uint32_t guard = 0;
    while (y && !y->own && guard++ < p->nproducts) y = y->up;
    if (y) x->own = y->own;
  }
}

/* ---- clauses ---- */

static void subjects(Res *r, Body *b, Ref *refs, uint32_t n) {
  /* a clause names a party or two: no allocation for the common case
   * (it was a million malloc/free pairs at a million clauses) */
  int32_t local[16];
  uint32_t cap = 16, k = 0, named = 0;
  int32_t *ids = local;
  int32_t *one = NULL;  /* the set of the only subject named */
  for (uint32_t i = 0; i < n; i++) {
    Decl *d = lookup(r, &refs[i], MK_SUBJECT);
    if (!d) continue;
    int32_t *add = &d->index;
    uint32_t nadd = 1;
    if (d->kind != K_PARTY) {
      const IdSet *s = resolve_group_set(r->p, (Group *)d);
      add = s->v;
      nadd = s->n;
    }
    named++;
    one = nadd ? add : NULL;
    if (k + nadd > cap) {
      while (k + nadd > cap) cap *= 2;
      if (ids == local) {
        ids = mem_talloc(cap * sizeof *ids);
        memcpy(ids, local, k * sizeof *ids);
      } else {
        ids = mem_realloc(ids, cap * sizeof *ids);
      }
    }
    memcpy(ids + k, add, nadd * sizeof *ids);
    k += nadd;
  }
  if (named == 1 && one) {
    /* one party or one group: its own set, sorted and unique already (a
     * party's is its index), shared rather than copied (8 MB at 1M) */
    b->subjects = (IdSet){one, k};
  } else {
    idset_from(r->arena, &b->subjects, ids, k);
  }
  if (ids != local) mem_free(ids);
}

static void cond(Res *r, Cond *c) {
  if (c->k == C_FACT) {
    lookup(r, &c->fact, MK_FACT);
    return;
  }
  for (uint32_t i = 0; i < c->n; i++) cond(r, c->kids[i]);
}

static void action_obj(Res *r, Body *b) {
  b->act = (Action *)lookup(r, &b->action, MK_ACTION);
  b->obj = lookup(r, &b->object, MK_OBJECT);
  Action *a = b->act;
  if (!a || !b->action.name) return;
  if (a->prep == b->prep) return;
  if (!a->prep)
    diag_error(r->d, body_prep_loc(b), LQ "%s" RQ " takes no preposition",
               a->h.name->s);
  else if (!b->prep)
    diag_error(r->d, body_prep_loc(b), LQ "%s" RQ " takes " LQ "%s" RQ ": write "
               LQ "%s %s %s" RQ, a->h.name->s, print_prep(a->prep),
               a->h.name->s, print_prep(a->prep),
               b->object.name ? b->object.name->s : "...");
  else
    diag_error(r->d, body_prep_loc(b), LQ "%s" RQ " takes " LQ "%s" RQ ", not "
               LQ "%s" RQ, a->h.name->s, print_prep(a->prep),
               print_prep(b->prep));
}

/* The clause name of scope (an agreement or outcome) nearest to s. */
static const char *nearest_clause(const void *scope, const char *s) {
  const Decl *d = scope;
  Clause **v = d->kind == K_AGREEMENT ? ((const Agreement *)d)->cl
                                      : ((const Outcome *)d)->cl;
  uint32_t n = d->kind == K_AGREEMENT ? ((const Agreement *)d)->ncl
                                      : ((const Outcome *)d)->ncl;
  const char **cand = mem_talloc((n + 1) * sizeof *cand);
  for (uint32_t i = 0; i < n; i++) cand[i] = v[i]->name->s;
  const char *near = diag_nearest(s, cand, n);
  mem_free(cand);
  return near;
}

/* The clauses of that name in other scopes than scope, as "‘A.c’" or
 * "‘A.c’ or ‘B.c’" in buf; false if none.  A bare name that misses its
 * scope most often means the clause of another agreement.  Only while
 * errors are still shown: it reads every clause. */
static bool elsewhere(Res *r, const Name *n, const void *scope, char *buf,
                      size_t cap) {
  if (r->d->errors >= r->d->max_errors) return false;
  const Program *p = r->p;
  int found = 0;
  size_t k = 0;
  for (uint32_t i = 0; i < p->nclauses && found < 2; i++) {
    const Clause *c = p->clauses[i];
    const Decl *in = c->agr ? &c->agr->h : c->out ? &c->out->h : NULL;
    if (c->name != n || !in || in == scope) continue;
    int w = snprintf(buf + k, cap - k, "%s" LQ "%s.%s" RQ, found ? " or " : "",
                     in->name->s, n->s);
    if (w < 0 || (size_t)w >= cap - k) break;
    k += (size_t)w;
    found++;
  }
  return found > 0;
}

void resolve_no_clause_text(const Decl *scope, const char *s, char *buf,
                            size_t cap) {
  const char *near = nearest_clause(scope, s);
  int n = snprintf(buf, cap, "%s " LQ "%s" RQ " has no clause " LQ "%s" RQ,
                   ast_kind_name(scope->kind) + 3, scope->name->s, s);
  if (near && n >= 0 && (size_t)n < cap)
    snprintf(buf + n, cap - (size_t)n, "; did you mean " LQ "%s" RQ "?", near);
}

/* A clause reference.  scope: the agreement or outcome whose clauses a
 * bare name means (NULL: none). */
static Clause *clause_ref(Res *r, QRef *ref, const void *scope,
                          const char *scope_kind) {
  if (!ref->name) return NULL;
  if (!ref->member) {
    char other[2 * 2 * 260 + 32];
    if (!scope) {
      if (elsewhere(r, ref->name, NULL, other, sizeof other))
        diag_error(r->d, ref->loc, "write " LQ "Agreement.%s" RQ " to name a "
                   "clause here; did you mean %s?", ref->name->s, other);
      else
        diag_error(r->d, ref->loc, "write " LQ "Agreement.%s" RQ " to name a "
                   "clause here", ref->name->s);
      return NULL;
    }
    Clause *c = ast_clause_find((const Decl *)scope, ref->name);
    if (!c) {
      /* the clause of that name elsewhere, else the nearest name here */
      const char *near = NULL;
      if (elsewhere(r, ref->name, scope, other, sizeof other))
        near = other;
      else if ((near = nearest_clause(scope, ref->name->s)))
        snprintf(other, sizeof other, LQ "%s" RQ, near);
      if (near)
        diag_error(r->d, ref->loc, "no clause " LQ "%s" RQ " in this %s; did "
                   "you mean %s?", ref->name->s, scope_kind, other);
      else
        diag_error(r->d, ref->loc, "no clause " LQ "%s" RQ " in this %s",
                   ref->name->s, scope_kind);
      return NULL;
    }
    ref->cl = c;
    return c;
  }
  Decl *d = lookup_name(r, ref->name, ref->loc, MK_AGREEMENT | MK_OUTCOME);
  if (!d) return NULL;
  ref->d = d;
  Clause *c = ast_clause_find(d, ref->member);
  if (!c) {
    ref->cl = NULL;  /* d and cl share the Ref's slot */
    char buf[700];
    resolve_no_clause_text(d, ref->member->s, buf, sizeof buf);
    diag_error(r->d, ref_mloc(ref), "%s", buf);
    return NULL;
  }
  ref->cl = c;
  return c;
}

static void overrides(Res *r, const Mods *m, const void *scope, const char *kind,
                      Clause ***out, uint32_t *nout) {
  *nout = 0;
  *out = NULL;
  if (!m->novr) return;
  *out = arena_alloc(r->arena, m->novr * sizeof **out);
  for (uint32_t i = 0; i < m->novr; i++) {
    Clause *c = clause_ref(r, &m->ovr[i], scope, kind);
    if (c) (*out)[(*nout)++] = c;
  }
}

/* A clause's window against its agreement's (LANGUAGE.md section 8): a
 * window that reaches outside is a warning, at the date outside — and when
 * the two never meet, the clause is never active, which the warning says
 * (at the date that keeps them apart). */
static void dates(Res *r, const Mods *m, const Agreement *g, uint32_t file) {
  if (m->from < 0 || m->until < 0) return;  /* a bad date, reported */
  if (m->has_from && m->has_until && m->from > m->until) {
    diag_error(r->d, mods_loc(m, file, true), "the clause starts after it ends");
    return;
  }
  if (!g || g->signed_d < 0 || g->until_d < 0) return;
  bool from_out = m->has_from && (m->from < g->signed_d ||
                                  (g->has_until && m->from > g->until_d));
  bool until_out = m->has_until && (m->until < g->signed_d ||
                                    (g->has_until && m->until > g->until_d));
  if (!from_out && !until_out) return;
  bool starts_late = m->has_from && g->has_until && m->from > g->until_d;
  bool ends_early = m->has_until && m->until < g->signed_d;
  /* the date to show: the one that keeps them apart, else the first out */
  bool at_from = starts_late || (!ends_early && from_out);
  char a[16], b[16], e[16];
  char span[64];
  if (g->has_until)
    snprintf(span, sizeof span, "%s to %s", lit_date_str(g->signed_d, b),
             lit_date_str(g->until_d, e));
  else
    snprintf(span, sizeof span, "%s, open-ended", lit_date_str(g->signed_d, b));
  diag_warning(r->d, mods_loc(m, file, at_from), "the clause %s on %s, outside "
               "its agreement (%s); %s", at_from ? "starts" : "ends",
               lit_date_str(at_from ? m->from : m->until, a), span,
               starts_late || ends_early ? "it is never active"
                                         : "it is active where they meet");
}

/* A statement (norm or flow) in a scope; ovr_scope names the clauses a
 * bare name in `overrides` means. */
static void body(Res *r, Body *b, const Agreement *g, const void *ovr_scope,
                 const char *ovr_kind, Clause ***ovr, uint32_t *novr) {
  const Mods *m = BODY_MODS(b);
  if (!b->is_flow) {
    subjects(r, b, b->subj, b->nsubj);
    if (b->has_among) {
      Group *ag = (Group *)lookup(r, b->among, MK_GROUP);
      if (ag && b->only && !r->in_check) {
        const IdSet *gs = resolve_group_set(r->p, ag);
        for (uint32_t i = 0; i < b->nsubj; i++) {
          Decl *d = b->subj[i].d;
          if (!d) continue;
          bool inside = true;
          if (d->kind == K_PARTY) inside = idset_has(gs, d->index);
          else {
            const IdSet *s = resolve_group_set(r->p, (Group *)d);
            for (uint32_t k = 0; k < s->n && inside; k++)
              inside = idset_has(gs, s->v[k]);
          }
          if (!inside)
            diag_warning(r->d, b->subj[i].loc, LQ "%s" RQ " is not a member "
                         "of " LQ "%s" RQ, b->subj[i].name->s,
                         b->among->name->s);
        }
      }
    }
    action_obj(r, b);
  } else {
    b->fp = (Party *)lookup(r, &b->p, MK_PARTYLIKE);
    b->fq = (Party *)lookup(r, &b->q, MK_PARTYLIKE);
    if (b->has_x) b->fx = lookup(r, b->x, MK_OBJECT);
    if (b->fk == F_INVESTS && b->has_money2 && b->money2 > b->money) {
      /* reported by the parser */
    }
  }
  if (m->if_c) cond(r, m->if_c);
  if (m->unless_c) cond(r, m->unless_c);
  dates(r, m, g, body_file(b));
  overrides(r, m, ovr_scope, ovr_kind, ovr, novr);
}

static void agreements(Res *r, uint32_t from) {
  Program *p = r->p;
  for (uint32_t i = from; i < p->nagreements; i++) {
    Agreement *g = p->agreements[i];
    for (uint32_t k = 0; k < g->nparties; k++)
      lookup(r, &g->parties[k], MK_SUBJECT);
  }
}

/* ---- outcomes ---- */

static const char *stmt_word(StmtKind k) {
  static const char *const w[] = {"uphold", "void", "construe", "amend", "clause",
                            "order", "flow", "fact"};
  return w[k];
}

static bool body_equal(const Body *a, const Body *b) {
  StrBuf x, y;
  sb_init(&x);
  sb_init(&y);
  print_body(&x, a);
  print_body(&y, b);
  bool eq = x.n == y.n && memcmp(x.s, y.s, x.n) == 0;
  sb_free(&x);
  sb_free(&y);
  return eq;
}

static bool stmt_same(const Stmt *a, const Stmt *b) {
  if (a->k != b->k) return false;
  if (a->k == S_CONSTRUE) return a->obj.d == b->obj.d;
  if (a->k == S_AMEND) return body_equal(a->body, b->body);
  return true;
}

/* The statements of o on clause c, in order (at most four). */
static int stmts_on(const Outcome *o, const Clause *c, const Stmt **out) {
  int n = 0;
  for (uint32_t i = 0; i < o->nst && n < 4; i++) {
    const Stmt *s = o->st[i];
    if (s->k <= S_AMEND && s->ref.cl == c) out[n++] = s;
  }
  return n;
}

/* Do a and b set one fact differently, or act on one clause other than
 * in the very same statements? */
static bool acts_differently(const Outcome *a, const Outcome *b,
                             OutcomeClash *why) {
  for (uint32_t i = 0; i < a->nst; i++) {
    const Stmt *s = a->st[i];
    if (s->k == S_FACT) {
      for (uint32_t j = 0; j < b->nst; j++) {
        const Stmt *t = b->st[j];
        if (t->k == S_FACT && t->fact.d && t->fact.d == s->fact.d &&
            t->value != s->value) {
          why->fact = (const Fact *)s->fact.d;
          return true;
        }
      }
      continue;
    }
    if (s->k > S_AMEND || !s->ref.cl) continue;
    const Stmt *x[4], *y[4];
    int nx = stmts_on(a, s->ref.cl, x), ny = stmts_on(b, s->ref.cl, y);
    if (ny == 0) continue;
    bool same = nx == ny;
    for (int k = 0; same && k < nx; k++) {
      bool found = false;
      for (int l = 0; l < ny && !found; l++) found = stmt_same(x[k], y[l]);
      same = found;
    }
    if (!same) {
      why->clause = s->ref.cl;
      return true;
    }
  }
  return false;
}

/* Does o change an `overrides` edge (an amended list, an own clause that
 * overrides)? */
static bool changes_edges(const Outcome *o) {
  for (uint32_t i = 0; i < o->nst; i++) {
    const Stmt *s = o->st[i];
    if ((s->k == S_AMEND && s->ref.cl && (s->namend_ovr || s->ref.cl->novr)) ||
        (s->own && s->own->novr))
      return true;
  }
  return false;
}

/* The list of c in the world of a and b together. */
static Clause **pair_ovr(const Clause *c, const Outcome *a, const Outcome *b,
                         uint32_t *n) {
  const Outcome *o[2] = {a, b};
  for (int k = 0; k < 2 && c->agr; k++)
    for (uint32_t i = 0; i < o[k]->nst; i++) {
      const Stmt *s = o[k]->st[i];
      if (s->k == S_AMEND && s->ref.cl == c) {
        *n = s->namend_ovr;
        return s->amend_ovr;
      }
    }
  *n = c->novr;
  return c->ovr;
}

/* A small set of clause indices with a colour each (DFS: 1 on the path, 2
 * done), open addressing: the walk touches only what the seeds reach. */
typedef struct ColorSet {
  struct { int32_t c; uint8_t color; } *v;
  uint32_t cap, n;
} ColorSet;

static uint8_t *color_at(ColorSet *s, int32_t c) {
  if ((s->n + 1) * 2 > s->cap) {
    ColorSet t = {NULL, s->cap ? s->cap * 2 : 64, 0};
    t.v = mem_tcalloc(t.cap, sizeof *t.v);
    for (uint32_t i = 0; i < s->cap; i++)
      if (s->v[i].color) *color_at(&t, s->v[i].c) = s->v[i].color;
    mem_free(s->v);
    *s = t;
  }
  uint32_t j = ((uint32_t)c * 2654435761u) & (s->cap - 1);
  while (s->v[j].color && s->v[j].c != c) j = (j + 1) & (s->cap - 1);
  if (!s->v[j].color) {
    s->v[j].c = c;
    s->n++;
  }
  return &s->v[j].color;
}

typedef struct PairWalk {
  ColorSet colors;
  struct Frame { const Clause *c; uint32_t i; } *st;
  uint32_t sp, cap;
} PairWalk;

static void pair_walk_free(void *v) {
  PairWalk *w = v;
  mem_free(w->colors.v);
  mem_free(w->st);
}

/* Depth first from `start` in the world of a and b: the first clause of a
 * cycle found, or NULL. */
static const Clause *pair_cycle_from(PairWalk *w, const Clause *start,
                                     const Outcome *a, const Outcome *b) {
  if (*color_at(&w->colors, start->index)) return NULL;
  w->sp = 0;
  MVEC_PUSH(w->st, w->sp, w->cap, ((struct Frame){start, 0}));
  *color_at(&w->colors, start->index) = 1;
  while (w->sp) {
    struct Frame *f = &w->st[w->sp - 1];
    uint32_t n;
    Clause **e = pair_ovr(f->c, a, b, &n);
    if (f->i == n) {
      *color_at(&w->colors, f->c->index) = 2;
      w->sp--;
      continue;
    }
    const Clause *y = e[f->i++];
    if (y->out && y->out != a && y->out != b) continue;  /* not theirs */
    uint8_t *col = color_at(&w->colors, y->index);
    if (*col == 1) return y;
    if (*col) continue;
    *col = 1;
    TVEC_PUSH(w->st, w->sp, w->cap, ((struct Frame){y, 0}));
  }
  return NULL;
}

/* An `overrides` cycle that a and b close together (each alone is
 * checked by ovr_cycles): from what either changes. */
static const Clause *pair_cycle(const Outcome *a, const Outcome *b) {
  if (!changes_edges(a) || !changes_edges(b)) return NULL;
  PairWalk w = {{0}, NULL, 0, 0};
  Defer d;
  mem_defer(&d, pair_walk_free, &w);
  const Clause *found = NULL;
  const Outcome *o[2] = {a, b};
  for (int k = 0; k < 2 && !found; k++)
    for (uint32_t i = 0; i < o[k]->nst && !found; i++) {
      const Stmt *s = o[k]->st[i];
      const Clause *c = s->k == S_AMEND ? s->ref.cl : s->own;
      if (c) found = pair_cycle_from(&w, c, a, b);
    }
  mem_undefer(&d, true);
  return found;
}

bool resolve_outcomes_clash(const Outcome *a, const Outcome *b,
                            OutcomeClash *why) {
  memset(why, 0, sizeof *why);
  if (acts_differently(a, b, why)) return true;
  why->cycle = pair_cycle(a, b);
  return why->cycle != NULL;
}

void resolve_clash_text(const OutcomeClash *why, char *buf, size_t cap) {
  StrBuf s;
  sb_init(&s);
  if (why->clause) {
    sb_puts(&s, "act differently on " LQ);
    print_clause_name(&s, why->clause);
    sb_puts(&s, RQ);
  } else if (why->fact) {
    sb_printf(&s, "set fact " LQ "%s" RQ " differently", why->fact->h.name->s);
  } else if (why->cycle) {
    sb_puts(&s, "close an " LQ "overrides" RQ " cycle together (through " LQ);
    print_clause_name(&s, why->cycle);
    sb_puts(&s, RQ ")");
  }
  snprintf(buf, cap, "%s", s.s ? s.s : "");
  sb_free(&s);
}

static void outcome_stmts(Res *r, Outcome *o) {
  for (uint32_t i = 0; i < o->nst; i++) {
    Stmt *s = o->st[i];
    switch (s->k) {
      case S_UPHOLD: case S_VOID: case S_CONSTRUE: case S_AMEND: {
        Clause *c = clause_ref(r, &s->ref, o, "outcome");
        if (!c) break;
        if (!c->agr) {
          diag_error(r->d, ref_mloc(&s->ref), LQ "%s" RQ " acts on agreement clauses "
                     "only; " LQ "%s" RQ " is an outcome's clause",
                     stmt_word(s->k), c->name ? c->name->s : "?");
          s->ref.cl = NULL;
          break;
        }
        /* one statement of each kind per clause; void alone; construe
         * not with amend */
        for (uint32_t j = 0; j < i; j++) {
          Stmt *t = o->st[j];
          if (t->k > S_AMEND || t->ref.cl != c) continue;
          if (t->k == s->k)
            diag_error(r->d, ref_mloc(&s->ref), LQ "%s" RQ " of this clause is "
                       "already stated in this outcome (line %u)",
                       stmt_word(s->k), t->loc.line);
          else if (t->k == S_VOID || s->k == S_VOID)
            diag_error(r->d, ref_mloc(&s->ref), "a voided clause takes no other "
                       "statement in the same outcome (line %u)", t->loc.line);
          else if ((t->k == S_CONSTRUE && s->k == S_AMEND) ||
                   (t->k == S_AMEND && s->k == S_CONSTRUE))
            diag_error(r->d, ref_mloc(&s->ref), LQ "construe" RQ " and " LQ "amend"
                       RQ " cannot both act on one clause (line %u); amend "
                       "it to the reading you mean", t->loc.line);
          else
            continue;
          break;
        }
        if (s->k == S_CONSTRUE) {
          if (c->body->is_flow)
            diag_error(r->d, ref_mloc(&s->ref), LQ "construe" RQ " reads a norm's "
                       "object; " LQ "%s" RQ " is a flow", c->name->s);
          lookup(r, &s->obj, MK_OBJECT);
        }
        if (s->k == S_AMEND)
          body(r, s->body, c->agr, c->agr, "agreement", &s->amend_ovr,
               &s->namend_ovr);
        break;
      }
      case S_CLAUSE: case S_ORDER: case S_FLOW: {
        uint32_t n;
        body(r, s->own->body, NULL, o, "outcome", &s->own->ovr, &n);
        s->own->novr = n;
        break;
      }
      case S_FACT:
        if (!lookup(r, &s->fact, MK_FACT)) break;
        for (uint32_t j = 0; j < i; j++) {
          Stmt *t = o->st[j];
          if (t->k == S_FACT && t->fact.d == s->fact.d) {
            diag_error(r->d, s->fact.loc, "fact " LQ "%s" RQ " is already set "
                       "in this outcome (line %u)", s->fact.name->s,
                       t->loc.line);
            break;
          }
        }
        break;
    }
  }
}

static void disputes(Res *r, uint32_t from) {
  Program *p = r->p;
  for (uint32_t i = from; i < p->ndisputes; i++) {
    Dispute *d = p->disputes[i];
    for (uint32_t k = 0; k < d->nplaintiffs; k++)
      lookup(r, &d->plaintiffs[k], MK_SUBJECT);
    for (uint32_t k = 0; k < d->ndefendants; k++)
      lookup(r, &d->defendants[k], MK_SUBJECT);
    if (d->nouts == 0) {
      diag_error(r->d, d->h.loc, "dispute " LQ "%s" RQ " has no outcome",
                 d->h.name ? d->h.name->s : "?");
      continue;
    }
    uint32_t with = 0;
    int64_t sum = 0;
    Outcome *missing = NULL;
    for (uint32_t k = 0; k < d->nouts; k++) {
      Outcome *o = d->outs[k];
      if (o->has_prob) {
        with++;
        sum += o->prob;
      } else if (!missing) {
        missing = o;
      }
      outcome_stmts(r, o);
    }
    char b[64];
    if (with && missing)
      diag_error(r->d, missing->h.loc, "outcome " LQ "%s" RQ " has no "
                 "probability; give one to every outcome of " LQ "%s" RQ
                 " or to none", missing->h.name->s, d->h.name->s);
    else if (with && sum != LIT_PCT_100)
      diag_error(r->d, d->h.loc, "the probabilities of " LQ "%s" RQ " add up "
                 "to %s, not 100%%", d->h.name->s,
                 lit_pct_str((int32_t)(sum > 2000000000 ? 2000000000 : sum), b));
    d->has_probs = with > 0 && !missing;
  }
}

/* Pairs of outcomes of different disputes that cannot be chosen together
 * (LANGUAGE.md section 8): a warning each, at the second. */
static void clashes(Res *r) {
  Program *p = r->p;
  p->any_clash = false;
  for (uint32_t i = 0; i < p->noutcomes; i++)
    for (uint32_t j = i + 1; j < p->noutcomes; j++) {
      Outcome *a = p->outcomes[i], *b = p->outcomes[j];
      if (!a->disp || !b->disp || a->disp == b->disp) continue;
      OutcomeClash why;
      if (!resolve_outcomes_clash(a, b, &why)) continue;
      p->any_clash = true;
      char what[300];
      resolve_clash_text(&why, what, sizeof what);
      diag_warning(r->d, b->h.loc, "outcomes " LQ "%s" RQ " and " LQ "%s" RQ
                   " %s; a world with both is an error", a->h.name->s,
                   b->h.name->s, what);
    }
}

/* ---- overrides cycles ---- */

/* The overrides of clause c in the world of outcome o (NULL: none). */
static Clause **ovr_of(const Clause *c, const Outcome *o, uint32_t *n) {
  if (o && c->agr)
    for (uint32_t i = 0; i < o->nst; i++) {
      const Stmt *s = o->st[i];
      if (s->k == S_AMEND && s->ref.cl == c) {
        *n = s->namend_ovr;
        return s->amend_ovr;
      }
    }
  *n = c->novr;
  return c->ovr;
}

/* Depth-first search for a cycle from `start` in the world of o; reports
 * it at its first declaration unless one of its clauses was reported. */
static void ovr_cycle_from(Res *r, Clause *start, const Outcome *o,
                           uint8_t *color) {
  typedef struct { Clause *c; uint32_t i; } Frame;
  uint32_t cap = 64, sp = 0;
  Frame *st = mem_talloc(cap * sizeof *st);
  st[sp++] = (Frame){start, 0};
  color[start->index] = 1;
  while (sp) {
    Frame *f = &st[sp - 1];
    uint32_t n;
    Clause **e = ovr_of(f->c, o, &n);
    if (f->i == n) {
      color[f->c->index] = 2;
      sp--;
      continue;
    }
    Clause *y = e[f->i++];
    /* only the world's own clauses make its chains (LANGUAGE.md section 6,
     * rule 4): another outcome's clause is not one of them */
    if (y->out && y->out != o) continue;
    if (color[y->index] == 1) {
      uint32_t k = sp;
      while (k > 0 && st[k - 1].c != y) k--;
      Clause *first = y;
      bool seen = false;
      for (uint32_t j = k - 1; j < sp; j++) {
        if (st[j].c->index < first->index) first = st[j].c;
        seen |= color[st[j].c->index] == 3;
      }
      /* in an outcome's world, only a cycle the outcome made is news */
      bool made = !o;
      for (uint32_t j = k - 1; o && j < sp && !made; j++) {
        uint32_t n0;
        made = st[j].c->out == o || ovr_of(st[j].c, o, &n0) != st[j].c->ovr;
      }
      if (!seen && made) {
        StrBuf b;
        sb_init(&b);
        for (uint32_t j = k - 1; j < sp; j++) {
          print_clause_name(&b, st[j].c);
          sb_puts(&b, " -> ");
        }
        print_clause_name(&b, y);
        if (o)
          diag_error(r->d, first->loc, "clauses override each other in a "
                     "cycle under " LQ "%s" RQ ": %s", o->h.name->s, b.s);
        else
          diag_error(r->d, first->loc, "clauses override each other in a "
                     "cycle: %s", b.s);
        sb_free(&b);
      }
      continue;
    }
    if (color[y->index]) continue;
    if (sp == cap) st = mem_realloc(st, (cap *= 2) * sizeof *st);
    color[y->index] = 1;
    st[sp++] = (Frame){y, 0};
  }
  mem_free(st);
}

static void ovr_cycles(Res *r, uint32_t from) {
  Program *p = r->p;
  if (from >= p->nclauses) return;
  /* the clauses resolved before were acyclic and cannot name these: a
   * new cycle passes through a new clause */
  uint8_t *color = mem_tcalloc(p->nclauses, 1);
  /* a cycle runs through clauses that override: start only from those,
   * in load order (a clause that overrides nothing is a dead end) */
  for (uint32_t k = 0; k < r->nwith_ovr; k++) {
    uint32_t i = r->with_ovr[k];
    if (!color[i]) ovr_cycle_from(r, p->clauses[i], NULL, color);
  }
  /* each outcome's world: a new cycle passes through what it changed */
  for (uint32_t oi = p->mark.outcomes; oi < p->noutcomes; oi++) {
    Outcome *o = p->outcomes[oi];
    bool changes = false;
    for (uint32_t i = 0; i < o->nst && !changes; i++)
      changes = (o->st[i]->k == S_AMEND && o->st[i]->namend_ovr) ||
                (o->st[i]->own && o->st[i]->own->novr);
    if (!changes) continue;
    memset(color, 0, p->nclauses);
    for (uint32_t i = 0; i < o->nst; i++) {
      Stmt *s = o->st[i];
      Clause *c = s->k == S_AMEND ? s->ref.cl : s->own;
      if (c && !color[c->index]) ovr_cycle_from(r, c, o, color);
    }
  }
  mem_free(color);
}

/* ---- checks ---- */

static bool expect_under(Res *r, Expect *e) {
  CheckCtx *x = &e->cx;
  bool ok = true;
  for (uint32_t i = 0; i < x->nunder; i++) {
    Outcome *o = (Outcome *)lookup(r, &x->under[i], MK_OUTCOME);
    if (!o) { ok = false; continue; }
    for (uint32_t j = 0; j < i; j++) {
      Outcome *q = (Outcome *)x->under[j].d;
      if (!q || q == o || q->disp != o->disp) continue;
      diag_error(r->d, x->under[i].loc, LQ "%s" RQ " and " LQ "%s" RQ " are "
                 "outcomes of the same dispute " LQ "%s" RQ "; a world has at "
                 "most one", q->h.name->s, o->h.name->s,
                 o->disp->h.name->s);
      ok = false;
    }
    for (uint32_t j = 0; j < i && ok; j++) {
      Outcome *q = (Outcome *)x->under[j].d;
      OutcomeClash why;
      if (q && q != o && resolve_outcomes_clash(q, o, &why)) {
        char what[300];
        resolve_clash_text(&why, what, sizeof what);
        diag_error(r->d, x->under[i].loc, "outcomes " LQ "%s" RQ " and " LQ
                   "%s" RQ " %s; this world is an error", q->h.name->s,
                   o->h.name->s, what);
        ok = false;
      }
    }
  }
  return ok;
}

bool resolve_expect(Program *p, Expect *e) {
  Res rr = {.p = p, .d = p->diag, .arena = &p->arena, .in_check = true};
  Res *r = &rr;
  int before = r->d->errors;
  Body *b = e->ck.body;
  switch (e->ck.k) {
    case CK_NORM: case CK_ONLY:
      body(r, b, NULL, NULL, NULL, &(Clause **){NULL}, &(uint32_t){0});
      if (e->ck.k == CK_ONLY && body_among(b)) {
        const IdSet *gs = resolve_group_set(p, body_among(b));
        for (uint32_t i = 0; i < b->nsubj; i++) {
          Decl *d = b->subj[i].d;
          bool inside = true;
          if (!d) continue;
          if (d->kind == K_PARTY) inside = idset_has(gs, d->index);
          else {
            const IdSet *s = resolve_group_set(p, (Group *)d);
            for (uint32_t k = 0; k < s->n && inside; k++)
              inside = idset_has(gs, s->v[k]);
          }
          if (!inside)
            diag_error(r->d, b->subj[i].loc, LQ "%s" RQ " is not a member of "
                       LQ "%s" RQ ", so this check can never hold",
                       b->subj[i].name->s, b->among->name->s);
        }
      }
      break;
    case CK_CONFLICT:
      subjects(r, b, b->subj, b->nsubj);
      action_obj(r, b);
      break;
    case CK_WHO:
      action_obj(r, b);
      break;
    case CK_FLOW:
      body(r, b, NULL, NULL, NULL, &(Clause **){NULL}, &(uint32_t){0});
      break;
  }
  expect_under(r, e);
  if (e->cx.has_prob) {
    for (uint32_t i = 0; i < p->ndisputes; i++) {
      Dispute *d = p->disputes[i];
      if (d->nouts && !d->has_probs) {
        diag_error(r->d, e->cx.with_loc, LQ "with probability" RQ " needs the "
                   "probabilities of every dispute; " LQ "%s" RQ " has none",
                   d->h.name->s);
        break;
      }
    }
    if (p->any_clash)
      diag_error(r->d, e->cx.with_loc, "some combination of outcomes is an "
                 "error (see the warnings), so no probability can be weighed");
  }
  return r->d->errors == before;
}

int32_t resolve_default_date(const Program *p) {
  if (p->has_scenario) return p->asof;
  int32_t d = 0;
  for (uint32_t i = 0; i < p->nagreements; i++)
    if (p->agreements[i]->signed_d > d) d = p->agreements[i]->signed_d;
  return d;
}

#define PREFETCH MEM_PREFETCH
enum { PREFETCH_AHEAD = 8 };

/* The clauses from..to-1, in order. */
static void clause_range(Res *r, uint32_t from, uint32_t to) {
  Program *p = r->p;
  for (uint32_t i = from; i < to; i++) {
    Clause *c = p->clauses[i];
    /* the declarations a clause names are scattered over a large model:
     * ask for them a few clauses ahead (the names are packed and near) */
    if (i + 4 * PREFETCH_AHEAD < to)
      PREFETCH(p->clauses[i + 4 * PREFETCH_AHEAD]);
    if (i + 3 * PREFETCH_AHEAD < to)
      PREFETCH(p->clauses[i + 3 * PREFETCH_AHEAD]->body);
    if (i + 2 * PREFETCH_AHEAD < to) {
      const Body *b = p->clauses[i + 2 * PREFETCH_AHEAD]->body;
      if (!b->is_flow) {
        PREFETCH(b->object.name);
        if (b->nsubj) PREFETCH(b->subj[0].name);
      }
    }
    if (i + PREFETCH_AHEAD < to) {
      const Body *b = p->clauses[i + PREFETCH_AHEAD]->body;
      if (!b->is_flow) {
        if (b->object.name) PREFETCH(b->object.name->decl);
        if (b->nsubj && b->subj[0].name) PREFETCH(b->subj[0].name->decl);
      }
    }
    if (c->agr) {
      uint32_t n;
      body(r, c->body, c->agr, c->agr, "agreement", &c->ovr, &n);
      c->novr = n;
      if (c->novr) TVEC_PUSH(r->with_ovr, r->nwith_ovr, r->capwith_ovr, i);
    }
  }
}

/* ---- a large program: its clauses shared between threads ----
 *
 * Resolving a clause reads the declarations and writes only the clause, so
 * from RESOLVE_PAR_MIN new clauses on they are cut in halves (par_for;
 * group sets computed before, so that the halves only read them).  Each
 * half reports to a Diag of its own, joined in order, and allocates from
 * Program.text: the messages, their order and the error cap are those of
 * one thread. */
enum { RESOLVE_PAR_MIN = 16384 };

typedef struct Halves {
  Res base;
  uint32_t from, to, n;
  Res *r;                   /* per chunk */
  Diag *d;
} Halves;

static void halves_free(void *v) {
  Halves *h = v;
  for (uint32_t i = 0; i < h->n; i++) {
    if (h->d) diag_free(&h->d[i]);
    if (h->r) mem_free(h->r[i].with_ovr);
  }
  mem_free(h->r);
  mem_free(h->d);
}

static void half_run(void *arg, uint32_t c, uint32_t worker) {
  (void)worker;
  Halves *h = arg;
  uint64_t span = h->to - h->from;
  clause_range(&h->r[c], h->from + (uint32_t)(span * c / h->n),
               h->from + (uint32_t)(span * (c + 1) / h->n));
}

static void clauses(Res *r, uint32_t from, uint32_t to) {
  Program *p = r->p;
  uint32_t n = par_chunks(to - from, (to - from + 1) / 2, RESOLVE_PAR_MIN);
  if (n < 2) {
    clause_range(r, from, to);
    return;
  }
  for (uint32_t i = 0; i < p->ngroups; i++)
    resolve_group_set(p, p->groups[i]);
  Halves h = {*r, from, to, n, NULL, NULL};
  Defer d;
  mem_defer(&d, halves_free, &h);
  h.r = mem_calloc(n, sizeof *h.r);
  h.d = mem_calloc(n, sizeof *h.d);
  for (uint32_t i = 0; i < n; i++) {
    diag_init(&h.d[i], NULL, false);
    h.d[i].quiet_warnings = r->d->quiet_warnings;
    h.d[i].max_errors = r->d->max_errors;
    h.r[i] = (Res){.p = p, .d = &h.d[i], .arena = &p->text};
  }
  /* the first chunk writes the caller's Diag and arena directly */
  h.r[0] = *r;
  h.r[0].with_ovr = NULL;
  h.r[0].nwith_ovr = h.r[0].capwith_ovr = 0;
  par_for(n, half_run, &h);
  /* the chunks' messages and overriding clauses in order */
  for (uint32_t i = 0; i < n; i++) {
    if (i) diag_take(r->d, &h.d[i]);
    for (uint32_t k = 0; k < h.r[i].nwith_ovr; k++)
      TVEC_PUSH(r->with_ovr, r->nwith_ovr, r->capwith_ovr, h.r[i].with_ovr[k]);
  }
  mem_undefer(&d, true);
}

bool resolve_program(Program *p) {
  Res rr = {p, p->diag, &p->arena}, *r = &rr;
  int before = r->d->errors;
  ResolveMark *m = &p->mark;
  /* group members first: sets are computed from them */
  for (uint32_t i = m->groups; i < p->ngroups; i++) {
    Group *g = p->groups[i];
    for (uint32_t k = 0; k < g->nmembers; k++)
      lookup(r, &g->members[k], MK_SUBJECT);
  }
  group_cycles(r, m->groups);
  products(r, m->products);
  agreements(r, m->agreements);
  clauses(r, m->clauses, p->nclauses);
  disputes(r, m->disputes);
  if (p->noutcomes > m->outcomes) clashes(r);
  ovr_cycles(r, m->clauses);
  mem_free(rr.with_ovr);
  for (uint32_t i = m->expects; i < p->nexpects; i++)
    resolve_expect(p, p->expects[i]);
  m->groups = p->ngroups;
  m->products = p->nproducts;
  m->agreements = p->nagreements;
  m->clauses = p->nclauses;
  m->disputes = p->ndisputes;
  m->outcomes = p->noutcomes;
  m->expects = p->nexpects;
  p->resolved = true;
  return r->d->errors == before;
}
