/* occur: the occurrences of names in a program (see occur.h). */
#include "occur.h"

#include <stdlib.h>
#include <string.h>

static void add(Occurs *o, Occ x) {
  if (!x.loc.line) return;
  MVEC_PUSH(o->v, o->n, o->cap, x);
}

static void name_at(Occurs *o, const Name *n, Loc at, bool decl) {
  if (!n) return;
  at.len = n->len;
  add(o, (Occ){at, n, NULL, NULL, decl});
}

static void ref(Occurs *o, const Ref *r) {
  if (r) name_at(o, r->name, r->loc, false);
}

static void refs(Occurs *o, const Ref *v, uint32_t n) {
  for (uint32_t i = 0; v && i < n; i++) ref(o, &v[i]);
}

/* NAME.MEMBER, or a bare NAME: a clause when the resolver made it one
 * (the Ref's slot holds the clause, not NAME's declaration). */
static void qref(Occurs *o, const QRef *q) {
  if (!q->name) return;
  if (q->member) {
    name_at(o, q->name, q->loc, false);
    if (q->cl) add(o, (Occ){ref_mloc(q), NULL, q->cl, NULL, false});
  } else if (q->cl && (const void *)q->cl != (const void *)q->name->decl) {
    Loc at = q->loc;
    at.len = q->name->len;
    add(o, (Occ){at, NULL, q->cl, NULL, false});
  } else {
    name_at(o, q->name, q->loc, false);
  }
}

static void cond(Occurs *o, const Cond *c) {
  if (!c) return;
  if (c->k == C_FACT) {
    ref(o, &c->fact);
    return;
  }
  for (uint32_t i = 0; i < c->n; i++) cond(o, c->kids[i]);
}

static void body(Occurs *o, const Body *b) {
  if (!b) return;
  if (b->mods) {
    cond(o, b->mods->if_c);
    cond(o, b->mods->unless_c);
    for (uint32_t i = 0; i < b->mods->novr; i++) qref(o, &b->mods->ovr[i]);
  }
  if (b->is_flow) {
    if (b->has_x) ref(o, b->x);
    ref(o, &b->p);
    ref(o, &b->q);
    return;
  }
  refs(o, b->subj, b->nsubj);
  if (b->has_among) ref(o, b->among);
  ref(o, &b->action);
  ref(o, &b->object);
}

static void decl(Occurs *o, const Decl *d) {
  name_at(o, d->name, d->loc, true);
  switch (d->kind) {
    case K_GROUP: {
      const Group *g = (const Group *)d;
      refs(o, g->members, g->nmembers);
      break;
    }
    case K_PRODUCT: {
      const Product *x = (const Product *)d;
      if (x->has_parent) ref(o, &x->parent);
      if (x->has_owner) ref(o, &x->owner);
      break;
    }
    case K_AGREEMENT: {
      const Agreement *a = (const Agreement *)d;
      refs(o, a->parties, a->nparties);
      break;
    }
    case K_DISPUTE: {
      const Dispute *x = (const Dispute *)d;
      refs(o, x->plaintiffs, x->nplaintiffs);
      refs(o, x->defendants, x->ndefendants);
      break;
    }
    case K_OUTCOME: {
      const Outcome *x = (const Outcome *)d;
      for (uint32_t i = 0; i < x->nst; i++) {
        const Stmt *s = x->st[i];
        switch (s->k) {
          case S_UPHOLD: case S_VOID: qref(o, &s->ref); break;
          case S_CONSTRUE: qref(o, &s->ref); ref(o, &s->obj); break;
          case S_AMEND: qref(o, &s->ref); body(o, s->body); break;
          case S_FACT: ref(o, &s->fact); break;
          default: break;  /* its clause: with the program's clauses */
        }
      }
      break;
    }
    default: break;
  }
}

static int by_place(const void *a, const void *b) {
  const Loc *x = &((const Occ *)a)->loc, *y = &((const Occ *)b)->loc;
  if (x->file != y->file) return x->file < y->file ? -1 : 1;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  if (x->col != y->col) return x->col < y->col ? -1 : 1;
  return 0;
}

void occur_build(const Program *p, Occurs *o) {
  memset(o, 0, sizeof *o);
  Defer d;
  mem_defer(&d, (void (*)(void *))occur_free, o);
  for (uint32_t i = 0; i < p->ndecls; i++) decl(o, p->decls[i]);
  for (uint32_t i = 0; i < p->nclauses; i++) {
    const Clause *c = p->clauses[i];
    if (c->name) {
      Loc at = c->loc;
      at.len = c->name->len;
      add(o, (Occ){at, NULL, c, NULL, true});
    }
    body(o, c->body);
  }
  for (uint32_t i = 0; i < p->nexpects; i++) {
    const Expect *e = p->expects[i];
    body(o, e->ck.body);
    refs(o, e->cx.under, e->cx.nunder);
  }
  for (uint32_t i = 0; i < p->nitems; i++)
    if (p->items[i].k == I_INCLUDE)
      add(o, (Occ){p->items[i].loc, NULL, NULL, p->items[i].path, false});
  if (o->n) qsort(o->v, o->n, sizeof *o->v, by_place);
  mem_undefer(&d, false);
}

void occur_free(Occurs *o) {
  mem_free(o->v);
  memset(o, 0, sizeof *o);
}

const Occ *occur_at(const Occurs *o, uint32_t file, uint32_t line,
                    uint32_t col) {
  /* the last occurrence that starts at or before the place */
  uint32_t lo = 0, hi = o->n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    const Loc *l = &o->v[mid].loc;
    bool before = l->file < file || (l->file == file &&
                  (l->line < line || (l->line == line && l->col <= col)));
    if (before) lo = mid + 1;
    else hi = mid;
  }
  if (!lo) return NULL;
  const Occ *x = &o->v[lo - 1];
  /* the cursor just after a name is on it, as editors place it */
  if (x->loc.file != file || x->loc.line != line ||
      col > x->loc.col + x->loc.len)
    return NULL;
  return x;
}

bool occur_target(const Occ *x, Loc *decl) {
  if (x->cl) {
    *decl = x->cl->loc;
    decl->len = x->cl->name ? x->cl->name->len : decl->len;
    return x->cl->name != NULL;
  }
  if (x->name && x->name->decl) {
    *decl = x->name->decl->loc;
    decl->len = x->name->len;
    return true;
  }
  return false;
}
