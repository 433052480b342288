/* build: tree construction for the grammar's actions (see build.h). */
#include "build.h"

#include <string.h>

#include "deal.tab.h"
#include "lex.h"
#include "literal.h"
#include "print.h"

#define A (c->a)

/* ---- the parser's stack, through the project allocator ----
 * Bison grows its stack with YYMALLOC and frees the old one with YYFREE.
 * They come from mem_try_alloc, which returns NULL when memory runs out:
 * bison then frees its stacks itself and reports "memory exhausted", and
 * the parse unwinds after yyparse returns (run_parser), so an unwind
 * never skips bison's cleanup. */
void *build_stack_alloc(size_t n) { return mem_try_alloc(n); }

void build_stack_free(void *p) { mem_free(p); }

/* ---- errors ---- */

void build_syntax_error(ParseCtx *c, Loc at, const char *msg) {
  c->syntax_errors++;
  c->prog->syntax_errors++;
  if (strcmp(msg, "memory exhausted") == 0) {
    /* out of memory, or deeper than bison's YYMAXDEPTH */
    if (mem_try_failed()) {
      c->parse_oom = true;
      return;
    }
    msg = "nesting too deep for the parser";
  }
  diag_error(c->diag, at, "%s", msg);
}

/* Bison's names of tokens are "\"may\"" for keywords and plain words for
 * classes ("identifier"); quote the first kind as the user wrote them. */
static bool is_keyword(const char *s) {
  for (size_t i = 0; i < lex_nkeywords; i++)
    if (strcmp(lex_keywords[i], s) == 0) return true;
  return false;
}

static void token_text(char *out, size_t cap, const char *name) {
  size_t n = strlen(name);
  if (is_keyword(name)) {
    snprintf(out, cap, LQ "%s" RQ, name);
  } else if (n >= 2 && name[0] == '"') {
    snprintf(out, cap, "" LQ "%.*s" RQ "", (int)(n - 2), name + 1);
  } else if (n == 3 && name[0] == '\'') {
    snprintf(out, cap, "" LQ "%c" RQ "", name[1]);
  } else {
    snprintf(out, cap, "%s", name);
  }
}

/* The keywords that begin a statement, in some block or at the top. */
static bool begins_statement(const char *s) {
  static const char *const w[] = {
      "include", "scenario", "party", "group", "action", "product", "fact",
      "agreement", "dispute", "expect", "query", "who", "only", "not",
      "conflict", "clause", "plaintiff", "defendants", "claim", "outcome",
      "uphold", "void", "construe", "amend", "order"};
  for (size_t i = 0; i < sizeof w / sizeof *w; i++)
    if (strcmp(w[i], s) == 0) return true;
  return false;
}

static bool among(const char *const *names, int n, const char *s) {
  for (int i = 0; i < n; i++)
    if (strcmp(names[i], s) == 0) return true;
  return false;
}

/* "unexpected X; expected A, B or C" (the list left out when long: where
 * a statement begins, almost anything could come). */
static void say_unexpected(ParseCtx *c, Loc at, const char *found,
                           const char *const *expected, int n) {
  char msg[512], t[64];
  token_text(t, sizeof t, found);
  int k = snprintf(msg, sizeof msg, "unexpected %s", t);
  for (int i = 0; n <= 6 && i < n && k < (int)sizeof msg - 80; i++) {
    token_text(t, sizeof t, expected[i]);
    k += snprintf(msg + k, sizeof msg - (size_t)k, "%s%s",
                  i == 0 ? "; expected " : i == n - 1 ? " or " : ", ", t);
  }
  build_syntax_error(c, at, msg);
}

/* A `;` that could have ended the statement, missing before a token on a
 * later line: reported just after the token before it, where it belongs
 * (LANGUAGE.md section 8). */
static bool missing_semicolon(ParseCtx *c, Loc at, const char *found,
                              const char *const *expected, int n) {
  Loc prev = c->tok_prev;
  if (!among(expected, n, "';'") || prev.file != at.file || !prev.line ||
      at.line <= prev.line)
    return false;
  char t[64];
  token_text(t, sizeof t, found);
  const char *art = "";
  if (strcmp(found, "end of file") == 0) snprintf(t, sizeof t, "the end of the file");
  else if (t[0] != LQ[0]) art = strchr("aeiou", t[0]) ? "an " : "a ";
  Loc after = {prev.file, prev.line, prev.col + prev.len, 1};
  /* error recovery goes on at a `;` (or a `}`): give it the missing one,
   * so the statement on the later line is read as it stands */
  if (strcmp(found, "'}'") != 0 && strcmp(found, "end of file") != 0) {
    c->put_semicolon = true;
    c->semicolon_at = after;
  }
  char msg[160];
  snprintf(msg, sizeof msg, "missing " LQ ";" RQ " before %s%s on line %u",
           art, t, at.line);
  build_syntax_error(c, after, msg);
  return true;
}

/* A syntax error, in the first of these forms that fits:
 * - a missing `;` before the next line (missing_semicolon);
 * - a keyword where a name could come: most likely meant as a name
 *   (`party revenue;`), so say that it is reserved — but not where a
 *   statement begins (more than six tokens could come) if the keyword
 *   begins one, for then it more likely begins a statement out of its
 *   place;
 * - what came and what could have; where the block's `}` could have
 *   come, with a note at its `{`. */
void build_unexpected(ParseCtx *c, Loc at, const char *found,
                      const char *const *expected, int n) {
  /* an unexpected end after an earlier error is that error's echo */
  if (c->syntax_errors && strcmp(found, "end of file") == 0) return;
  bool ok = missing_semicolon(c, at, found, expected, n);
  if (!ok && is_keyword(found) && among(expected, n, "identifier") &&
      (n <= 6 || !begins_statement(found))) {
    char msg[512], t[64];
    token_text(t, sizeof t, found);
    snprintf(msg, sizeof msg, "%s is a keyword, not a name", t);
    build_syntax_error(c, at, msg);
    ok = true;
  }
  if (ok) return;
  say_unexpected(c, at, found, expected, n);
  if (c->nbraces > 0 && among(expected, n, "'}'"))
    diag_note(c->diag, c->braces[c->nbraces - 1],
              strcmp(found, "end of file") == 0 ? "this block is not closed"
                                                : "the block opened here");
}

int build_brace_open(ParseCtx *c, Loc at) {
  int n = (int)(sizeof c->braces / sizeof *c->braces);
  if (c->nbraces < n) c->braces[c->nbraces] = at;
  return c->nbraces++;
}

void build_brace_close(ParseCtx *c, int index) {
  c->nbraces = index;
}

/* ---- names ---- */

static void declare(ParseCtx *c, Decl *d, Kind k, Name *n, Loc at) {
  Program *p = c->prog;
  d->kind = k;
  d->name = n;
  d->loc = at;
  d->order = p->ndecls;
  if (n->decl) {
    Decl *o = n->decl;
    diag_error(c->diag, at, LQ "%s" RQ " is already declared as %s", n->s,
               ast_kind_name(o->kind));
    diag_note(c->diag, o->loc, "the first declaration of " LQ "%s" RQ, n->s);
    d->redefined = true;  /* the name stays bound to the first */
  } else {
    n->decl = d;
  }
  MVEC_PUSH(p->decls, p->ndecls, p->capdecls, d);
  Item it = {.k = I_DECL, .decl = d, .loc = at};
  MVEC_PUSH(p->items, p->nitems, p->capitems, it);
}

#define PUSH_KIND(vec, n, cap, x)                                            \
  do {                                                                       \
    (x)->h.index = (int32_t)c->prog->n;                                      \
    VEC_PUSH(A, c->prog->vec, c->prog->n, c->prog->cap, (x));                \
  } while (0)

static RefList *build_reflist(ParseCtx *c, RefList *l, Ref *r) {
  if (!l && c->nspare_lists) {
    l = c->spare_lists[--c->nspare_lists];
    memset(l, 0, sizeof *l);
  }
  if (!l) l = arena_alloc(A, sizeof *l);
  VEC_PUSH(A, l->v, l->n, l->cap, *r);
  return l;
}

RefList *build_refs(ParseCtx *c, RefList *l, Name *n, Loc at) {
  Ref r = {.name = n, .loc = at};
  return build_reflist(c, l, &r);
}

Ref *build_ref(ParseCtx *c, Name *n, Loc at) {
  Ref *r = arena_alloc(A, sizeof *r);
  r->name = n;
  r->loc = at;
  return r;
}

Ref *build_among(ParseCtx *c, Name *n, Loc at, Loc kw) {
  c->among_kw = kw;
  return build_ref(c, n, at);
}

QRef *build_qref(ParseCtx *c, Name *n, Name *member, Loc at, Loc mat) {
  QRef *r = arena_alloc(A, sizeof *r);
  r->name = n;
  r->member = member;
  r->loc = at;
  if (member) {
    r->mline = mat.line;
    r->mcol = mat.col;
  }
  return r;
}

QRefList *build_qreflist(ParseCtx *c, QRefList *l, QRef *r) {
  if (!l && c->spare_qlist) {
    l = c->spare_qlist;
    c->spare_qlist = NULL;
    memset(l, 0, sizeof *l);
  }
  if (!l) l = arena_alloc(A, sizeof *l);
  VEC_PUSH(A, l->v, l->n, l->cap, *r);
  return l;
}

/* ---- declarations ---- */

void build_scenario(ParseCtx *c, const char *title, int32_t date, Loc at) {
  Program *p = c->prog;
  if (p->has_scenario) {
    diag_error(c->diag, at, "a second " LQ "scenario" RQ " line");
    diag_note(c->diag, p->scen_loc, "the first " LQ "scenario" RQ " line");
    return;
  }
  p->has_scenario = true;
  p->title = title;
  p->asof = date;
  p->scen_loc = at;
  Item it = {.k = I_SCENARIO, .loc = at};
  MVEC_PUSH(p->items, p->nitems, p->capitems, it);
}

void build_party(ParseCtx *c, Name *n, Loc at, const char *display,
                 RefList *aliases) {
  Party *y = arena_alloc(A, sizeof *y);
  y->display = display;
  declare(c, &y->h, K_PARTY, n, at);
  PUSH_KIND(parties, nparties, capparties, y);
  for (uint32_t i = 0; aliases && i < aliases->n; i++) {
    Alias *al = arena_alloc(A, sizeof *al);
    al->party = y;
    declare(c, &al->h, K_ALIAS, aliases->v[i].name, aliases->v[i].loc);
    VEC_PUSH(A, y->aka, y->naka, y->capaka, aliases->v[i].name);
    c->prog->nitems--;  /* aliases print with their party */
    PUSH_KIND(aliases, naliases, capaliases, al);
  }
}

void build_group(ParseCtx *c, Name *n, Loc at, RefList *members) {
  Group *g = arena_alloc(A, sizeof *g);
  g->members = members->v;
  g->nmembers = members->n;
  g->capmembers = members->cap;
  declare(c, &g->h, K_GROUP, n, at);
  PUSH_KIND(groups, ngroups, capgroups, g);
}

void build_action(ParseCtx *c, Name *n, Loc at, Prep prep, Loc prep_at,
                  const char *desc) {
  (void)prep_at;
  Action *x = arena_alloc(A, sizeof *x);
  x->prep = prep;
  x->desc = desc;
  declare(c, &x->h, K_ACTION, n, at);
  PUSH_KIND(actions, nactions, capactions, x);
}

void build_product(ParseCtx *c, Name *n, Loc at, const char *desc) {
  Product *x = arena_alloc(A, sizeof *x);
  x->desc = desc;
  declare(c, &x->h, K_PRODUCT, n, at);
  PUSH_KIND(products, nproducts, capproducts, x);
  c->cur_product = x;
}

void build_product_parent(ParseCtx *c, Name *n, Loc at, Loc kw) {
  Product *x = c->cur_product;
  if (x->has_parent) {
    diag_error(c->diag, kw, "" LQ "is" RQ " given twice");
    return;
  }
  x->has_parent = true;
  x->parent = (Ref){.name = n, .loc = at};
}

void build_product_owner(ParseCtx *c, Name *n, Loc at, Loc kw) {
  Product *x = c->cur_product;
  if (x->has_owner) {
    diag_error(c->diag, kw, "" LQ "owned by" RQ " given twice");
    return;
  }
  x->has_owner = true;
  x->owner = (Ref){.name = n, .loc = at};
}

void build_fact(ParseCtx *c, Name *n, Loc at, int value) {
  Fact *f = arena_alloc(A, sizeof *f);
  f->value = value;
  declare(c, &f->h, K_FACT, n, at);
  PUSH_KIND(facts, nfacts, capfacts, f);
}

void build_agreement(ParseCtx *c, Name *n, Loc at, const char *title,
                     RefList *parties, int32_t signed_d, Loc signed_at) {
  Agreement *g = arena_alloc(A, sizeof *g);
  g->title = title;
  g->parties = parties->v;
  g->nparties = parties->n;
  g->capparties = parties->cap;
  g->signed_d = signed_d;
  g->signed_loc = signed_at;
  declare(c, &g->h, K_AGREEMENT, n, at);
  PUSH_KIND(agreements, nagreements, capagreements, g);
  c->cur_agreement = g;
}

void build_agreement_until(ParseCtx *c, int32_t d, Loc at) {
  Agreement *g = c->cur_agreement;
  g->has_until = true;
  g->until_d = d;
  g->until_loc = at;
  if (d >= 0 && g->signed_d >= 0 && d < g->signed_d)
    diag_error(c->diag, at, "the agreement ends before it is signed");
}

static Clause *new_clause(ParseCtx *c, Name *n, Loc at, Body *b) {
  Clause *cl = arena_alloc(A, sizeof *cl);
  cl->name = n;
  cl->loc = at;
  cl->body = b;
  cl->index = (int32_t)c->prog->nclauses;
  MVEC_PUSH(c->prog->clauses, c->prog->nclauses, c->prog->capclauses, cl);
  return cl;
}

/* Adds cl to its scope's clauses; a second one of a name is an error (and
 * the first keeps the name). */
static void add_scoped(ParseCtx *c, Decl *scope, Clause *cl,
                       const char *where) {
  Clause *o = ast_clause_find(scope, cl->name);
  if (o) {
    diag_error(c->diag, cl->loc, "clause " LQ "%s" RQ " is already "
               "declared in this %s", cl->name->s, where);
    diag_note(c->diag, o->loc, "the first declaration of " LQ "%s" RQ,
              cl->name->s);
  }
  ast_clause_add(c->prog, scope, cl);
}

void build_clause(ParseCtx *c, Name *n, Loc at, Body *b) {
  Agreement *g = c->cur_agreement;
  if (!g || !b) return;
  Clause *cl = new_clause(c, n, at, b);
  cl->agr = g;
  add_scoped(c, &g->h, cl, "agreement");
}

/* ---- norms, modifiers, conditions ---- */

Body *build_action_obj(ParseCtx *c, Name *act, Loc act_at, Prep prep,
                       Loc prep_at, Name *obj, Loc obj_at) {
  Body *b = arena_alloc(A, sizeof *b);
  b->action = (Ref){.name = act, .loc = act_at};
  b->prep = (uint16_t)prep;
  Loc pl = prep ? prep_at : obj_at;
  b->prep_line = pl.line;
  b->prep_col = pl.col;
  b->prep_len = pl.len > 255 ? 255 : (uint8_t)pl.len;
  b->object = (Ref){.name = obj, .loc = obj_at};
  return b;
}

/* The items of l now belong to a statement: its header can be reused. */
static void reflist_taken(ParseCtx *c, RefList *l) {
  if (l && c->nspare_lists < (int)(sizeof c->spare_lists / sizeof *c->spare_lists))
    c->spare_lists[c->nspare_lists++] = l;
}

Body *build_norm(ParseCtx *c, Body *b, bool only, Loc at, RefList *subj,
                 Ref *among, int modal, Loc modal_at, Mods *m) {
  (void)at;  /* where the statement starts: its clause's place says it */
  b->only = only;
  b->subj = subj->v;
  b->nsubj = subj->n;
  b->modal = (Modal)modal;
  b->mods = m;
  if (among) {
    b->has_among = true;
    b->among = among;
    Loc kw = c->among_kw;  /* opt_among's, just read */
    if (!only)
      diag_error(c->diag, kw, "" LQ "among" RQ " goes "
                 "with " LQ "only" RQ ": write " LQ "only "
                 "%s among %s may ..." RQ "", subj->v[0].name->s,
                 among->name->s);
  }
  if (only && modal != M_MAY)
    diag_error(c->diag, modal_at, "" LQ "only" RQ " takes "
               "" LQ "may" RQ " alone, not " LQ "%s" RQ "",
               ast_modal_text((Modal)modal));
  reflist_taken(c, subj);
  return b;
}

/* Most statements have no modifier: the list is made by the first one. */
Mods *build_mods(ParseCtx *c) {
  (void)c;
  return NULL;
}

static Mods *mods_of(ParseCtx *c, Mods *m) {
  if (m) return m;
  m = arena_alloc(A, sizeof(Mods));
  c->mods_cur = m;
  c->mods_first = c->mods_ovr = (Loc){0, 0, 0, 0};
  return m;
}

/* The first modifier keyword of m, or at (m is not the one being read). */
static Loc mods_first(const ParseCtx *c, const Mods *m, Loc at) {
  return m == c->mods_cur && c->mods_first.line ? c->mods_first : at;
}

static void twice(ParseCtx *c, Loc kw, const char *what) {
  diag_error(c->diag, kw, "" LQ "%s" RQ " given twice; each "
             "modifier may appear once", what);
}

Mods *build_mod_date(ParseCtx *c, Mods *m, bool from, int32_t d, Loc at,
                     Loc kw) {
  m = mods_of(c, m);
  if (from) {
    if (m->has_from) twice(c, kw, "from");
    m->has_from = true;
    m->from = d;
    m->from_line = at.line;
    m->from_col = at.col;
    m->from_len = at.len > 255 ? 255 : (uint8_t)at.len;
  } else {
    if (m->has_until) twice(c, kw, "until");
    m->has_until = true;
    m->until = d;
    m->until_line = at.line;
    m->until_col = at.col;
    m->until_len = at.len > 255 ? 255 : (uint8_t)at.len;
  }
  if (!c->mods_first.line) c->mods_first = kw;
  return m;
}

Mods *build_mod_cond(ParseCtx *c, Mods *m, bool is_if, Cond *cond, Loc kw) {
  m = mods_of(c, m);
  Cond **slot = is_if ? &m->if_c : &m->unless_c;
  if (*slot) twice(c, kw, is_if ? "if" : "unless");
  *slot = cond;
  if (!c->mods_first.line) c->mods_first = kw;
  return m;
}

Mods *build_mod_ovr(ParseCtx *c, Mods *m, QRefList *refs, Loc kw) {
  m = mods_of(c, m);
  if (m->has_ovr) twice(c, kw, "overrides");
  m->has_ovr = true;
  m->ovr = refs->v;
  m->novr = refs->n;
  c->mods_ovr = kw;
  c->spare_qlist = refs;  /* its items are the modifier's now */
  if (!c->mods_first.line) c->mods_first = kw;
  return m;
}

Cond *build_cond_fact(ParseCtx *c, Name *n, Loc at) {
  Cond *x = arena_alloc(A, sizeof *x);
  x->k = C_FACT;
  x->loc = at;
  x->fact = (Ref){.name = n, .loc = at};
  return x;
}

/* `a and b and c` becomes one node with three operands, so conditions of
 * any length stay shallow for every recursive walk. */
Cond *build_cond(ParseCtx *c, CondKind k, Cond *a, Cond *b, Loc at) {
  if (k != C_NOT && a->k == k && !a->paren) {
    VEC_PUSH(A, a->kids, a->n, a->cap, b);
    return a;
  }
  Cond *x = arena_alloc(A, sizeof *x);
  x->k = k;
  x->loc = k == C_NOT ? at : a->loc;
  VEC_PUSH(A, x->kids, x->n, x->cap, a);
  if (b) VEC_PUSH(A, x->kids, x->n, x->cap, b);
  return x;
}

Cond *build_cond_paren(ParseCtx *c, Cond *a, Loc at) {
  (void)c;
  (void)at;
  a->paren = true;
  return a;
}

/* ---- flows ---- */

Body *build_flow(ParseCtx *c, FlowKind k, Name *p, Loc p_at, Name *q,
                 Loc q_at, Mods *m) {
  Body *b = arena_alloc(A, sizeof *b);
  b->is_flow = true;
  b->fk = k;
  b->p = (Ref){.name = p, .loc = p_at};
  b->q = (Ref){.name = q, .loc = q_at};
  b->mods = m;
  if (m && m->has_ovr)
    diag_error(c->diag, m == c->mods_cur ? c->mods_ovr : p_at,
               "a flow cannot override clauses; "
               "" LQ "overrides" RQ " belongs to norms");
  return b;
}

void build_flow_money(ParseCtx *c, Body *b, int64_t money, Loc at,
                      MoneyOpt second) {
  (void)at;
  b->money = money;
  b->has_money2 = second.has;
  b->money2 = second.v;
  if (b->fk == F_INVESTS && second.has && money >= 0 && second.v > money)
    diag_error(c->diag, second.loc, "the committed part is larger than the "
               "investment");
}

void build_flow_pct(ParseCtx *c, Body *b, int32_t pct, Loc at) {
  (void)c;
  b->pct = pct;
  (void)at;
}

void build_flow_from(ParseCtx *c, Body *b, Ref *x) {
  (void)c;
  if (!x) return;
  b->has_x = true;
  b->x = x;
}

/* ---- disputes and outcomes ---- */

void build_dispute(ParseCtx *c, Name *n, Loc at, const char *title) {
  Dispute *d = arena_alloc(A, sizeof *d);
  d->title = title;
  declare(c, &d->h, K_DISPUTE, n, at);
  PUSH_KIND(disputes, ndisputes, capdisputes, d);
  c->cur_dispute = d;
}

void build_dispute_end(ParseCtx *c, Loc at) {
  (void)at;
  c->cur_dispute = NULL;
}

void build_dispute_parties(ParseCtx *c, bool plaintiff, RefList *l, Loc kw) {
  Dispute *d = c->cur_dispute;
  if (!d) return;
  bool *has = plaintiff ? &d->has_plaintiff : &d->has_defendants;
  if (*has) {
    diag_error(c->diag, kw, "" LQ "%s" RQ " given twice in one "
               "dispute", plaintiff ? "plaintiff" : "defendants");
    return;
  }
  *has = true;
  if (plaintiff) {
    d->plaintiffs = l->v;
    d->nplaintiffs = l->n;
  } else {
    d->defendants = l->v;
    d->ndefendants = l->n;
  }
}

void build_dispute_claim(ParseCtx *c, const char *claim, Loc kw) {
  Dispute *d = c->cur_dispute;
  if (!d) return;
  if (d->has_claim) {
    diag_error(c->diag, kw, "" LQ "claim" RQ " given twice in one "
               "dispute");
    return;
  }
  d->has_claim = true;
  d->claim = claim;
  d->claim_loc = kw;
}

void build_outcome(ParseCtx *c, Name *n, Loc at, const char *title) {
  Dispute *d = c->cur_dispute;
  Outcome *o = arena_alloc(A, sizeof *o);
  o->title = title;
  o->disp = d;
  declare(c, &o->h, K_OUTCOME, n, at);
  c->prog->nitems--;  /* outcomes print inside their dispute */
  PUSH_KIND(outcomes, noutcomes, capoutcomes, o);
  if (d) VEC_PUSH(A, d->outs, d->nouts, d->capouts, o);
  c->cur_outcome = o;
}

void build_probability(ParseCtx *c, int32_t pct, Loc at) {
  Outcome *o = c->cur_outcome;
  o->has_prob = true;
  o->prob = pct;
  o->prob_loc = at;
}

static Stmt *new_stmt(ParseCtx *c, StmtKind k, Loc at) {
  Outcome *o = c->cur_outcome;
  Stmt *s = arena_alloc(A, sizeof *s);
  s->k = k;
  s->loc = at;
  if (o) VEC_PUSH(A, o->st, o->nst, o->capst, s);
  return s;
}

void build_stmt_ref(ParseCtx *c, StmtKind k, QRef *r, Ref *obj, Body *b,
                    Loc at) {
  Stmt *s = new_stmt(c, k, at);
  s->ref = *r;
  if (obj) s->obj = *obj;
  s->body = b;
}

static Clause *outcome_clause(ParseCtx *c, Name *n, Loc at, Body *b) {
  Clause *cl = new_clause(c, n, at, b);
  cl->out = c->cur_outcome;
  return cl;
}

void build_stmt_clause(ParseCtx *c, Name *n, Loc at, Body *b) {
  Stmt *s = new_stmt(c, S_CLAUSE, at);
  s->own = outcome_clause(c, n, at, b);
  if (c->cur_outcome) add_scoped(c, &c->cur_outcome->h, s->own, "outcome");
}

void build_stmt_order(ParseCtx *c, Body *b, Loc at) {
  Stmt *s = new_stmt(c, S_ORDER, at);
  s->own = outcome_clause(c, NULL, at, b);
  s->own->is_order = true;
}

void build_stmt_flow(ParseCtx *c, Body *b, Loc at) {
  Stmt *s = new_stmt(c, S_FLOW, at);
  s->own = outcome_clause(c, NULL, at, b);
  s->own->is_outcome_flow = true;
}

void build_stmt_fact(ParseCtx *c, Name *n, Loc at, int value, Loc kw) {
  Stmt *s = new_stmt(c, S_FACT, kw);
  s->fact = (Ref){.name = n, .loc = at};
  s->value = value;
}

/* ---- checks ---- */

static void no_mods(ParseCtx *c, Body *b, Loc at) {
  if (b && b->mods)
    diag_error(c->diag, mods_first(c, b->mods, at), "a check takes no modifiers; "
               "use " LQ "at DATE" RQ " for a date");
}

Check *build_check(ParseCtx *c, Body *b, bool negate, Loc at) {
  Check *k = arena_alloc(A, sizeof *k);
  k->body = b;
  k->negate = negate;
  k->loc = at;
  k->k = b->is_flow ? CK_FLOW : b->only ? CK_ONLY : CK_NORM;
  no_mods(c, b, at);
  return k;
}

void build_check_not(ParseCtx *c, Check *ck, Loc at) {
  (void)c;
  ck->negate = !ck->negate;
  ck->loc = at;
}

Check *build_conflict(ParseCtx *c, RefList *subj, Body *ao, Loc at) {
  Check *k = arena_alloc(A, sizeof *k);
  ao->subj = subj->v;
  ao->nsubj = subj->n;
  k->k = CK_CONFLICT;
  k->body = ao;
  k->loc = at;
  (void)c;
  return k;
}

Check *build_who(ParseCtx *c, int modal, Loc modal_at, Body *ao, Loc at) {
  Check *k = arena_alloc(A, sizeof *k);
  ao->modal = (Modal)modal;
  (void)modal_at;
  k->k = CK_WHO;
  k->body = ao;
  k->loc = at;
  (void)c;
  return k;
}

CheckCtx *build_ctx(ParseCtx *c) { return arena_alloc(A, sizeof(CheckCtx)); }

CheckCtx *build_ctx_under(ParseCtx *c, CheckCtx *x, RefList *l, Loc kw) {
  if (x->has_under) {
    diag_error(c->diag, kw, "" LQ "under" RQ " given twice; join "
               "outcomes with " LQ "and" RQ "");
    return x;
  }
  x->has_under = true;
  x->under = l->v;
  x->nunder = l->n;
  x->capunder = l->cap;
  x->under_loc = kw;
  return x;
}

CheckCtx *build_ctx_at(ParseCtx *c, CheckCtx *x, int32_t d, Loc kw) {
  if (x->has_at) {
    diag_error(c->diag, kw, "" LQ "at" RQ " given twice");
    return x;
  }
  x->has_at = true;
  x->at = d;
  x->at_loc = kw;
  return x;
}

CheckCtx *build_ctx_prob(ParseCtx *c, CheckCtx *x, int32_t pct, Loc kw,
                         Loc at) {
  if (x->has_prob) {
    diag_error(c->diag, kw, "" LQ "with probability" RQ " given "
               "twice");
    return x;
  }
  x->has_prob = true;
  x->prob = pct;
  x->with_loc = kw;
  x->prob_loc = at;
  return x;
}

CheckCtx *build_ctx_when(ParseCtx *c, CheckCtx *x, Loc kw, Answer *is) {
  x->when = true;
  x->when_loc = kw;
  x->is = is;
  if (x->has_at)
    diag_error(c->diag, x->at_loc, LQ "when" RQ " answers for every day and "
               "takes no " LQ "at" RQ "; ask without " LQ "when" RQ " for one "
               "day");
  if (x->has_prob)
    diag_error(c->diag, x->with_loc, LQ "when" RQ " answers in one world and "
               "takes no " LQ "with probability" RQ "");
  return x;
}

void build_when_unanswered(ParseCtx *c, Loc at) {
  diag_error(c->diag, at, "an " LQ "expect when" RQ " states its answer: "
             LQ "is always" RQ ", " LQ "is never" RQ " or " LQ "is PERIOD, "
             "..." RQ " (" LQ "query when" RQ " asks without one)");
}

static Answer *new_answer(ParseCtx *c, Loc at) {
  Answer *a = arena_alloc(A, sizeof *a);
  a->loc = at;
  return a;
}

Answer *build_answer_word(ParseCtx *c, Name *n, Loc at) {
  Answer *a = new_answer(c, at);
  a->word = true;
  if (!strcmp(n->s, "always")) {
    VEC_PUSH(A, a->v, a->n, a->cap, ((Period){0, 0}));
  } else if (strcmp(n->s, "never") != 0) {
    diag_error(c->diag, at, "expected an answer after " LQ "is" RQ ": "
               LQ "always" RQ ", " LQ "never" RQ ", or periods (" LQ "until "
               "DATE" RQ ", " LQ "DATE to DATE" RQ ", " LQ "from DATE" RQ "), "
               "not " LQ "%s" RQ, n->s);
  }
  return a;
}

Answer *build_answer_add(ParseCtx *c, Answer *a, Period pd, Loc at) {
  char d1[64], d2[64];
  if (!a) a = new_answer(c, at);
  if (a->word) {
    diag_error(c->diag, a->loc, LQ "always" RQ " and " LQ "never" RQ " are "
               "whole answers: no period goes with them");
    a->word = false;  /* said once */
    return a;
  }
  /* a bad date was said where it is: no order to check */
  bool bad = (pd.from && !lit_valid_date(pd.from)) || (pd.to && !lit_valid_date(pd.to));
  for (uint32_t i = 0; i < a->n && !bad; i++)
    bad = (a->v[i].from && !lit_valid_date(a->v[i].from)) ||
          (a->v[i].to && !lit_valid_date(a->v[i].to));
  if (bad) {
    VEC_PUSH(A, a->v, a->n, a->cap, pd);
    return a;
  }
  if (pd.from && pd.to && pd.from > pd.to) {
    diag_error(c->diag, at, "this period ends (%s) before it starts (%s)",
               lit_date_str(pd.to, d1), lit_date_str(pd.from, d2));
    return a;
  }
  if (a->n) {
    const Period *last = &a->v[a->n - 1];
    if (!last->to) {
      diag_error(c->diag, at, "nothing follows a period open towards the "
                 "future; the periods of an answer are in date order");
      return a;
    }
    if (!pd.from) {
      diag_error(c->diag, at, "only the first period of an answer is open "
                 "towards the past (" LQ "until DATE" RQ ")");
      return a;
    }
    if (pd.from <= lit_day_next(last->to)) {
      diag_error(c->diag, at, "the periods of an answer are maximal and in "
                 "date order: this one must start after %s, the day after "
                 "the one before it ends",
                 lit_date_str(lit_day_next(last->to), d1));
      return a;
    }
  }
  VEC_PUSH(A, a->v, a->n, a->cap, pd);
  return a;
}

static Expect *new_expect(ParseCtx *c, ExpectKind k, Check *ck, CheckCtx *x,
                          Loc at) {
  Expect *e = arena_alloc(A, sizeof *e);
  e->kind = k;
  e->ck = *ck;
  e->cx = *x;
  e->loc = at;
  e->text = print_check_text(A, e);
  if (x->has_prob && x->has_under)
    diag_error(c->diag, x->with_loc, "" LQ "with probability" RQ " "
               "weighs every outcome and takes no " LQ "under" RQ "");
  if (x->has_prob && k != E_EXPECT && ck->k == CK_WHO)
    diag_error(c->diag, x->with_loc, "" LQ "who" RQ " takes no "
               "" LQ "with probability" RQ "");
  return e;
}

void build_expect(ParseCtx *c, ExpectKind k, Check *ck, CheckCtx *x, Loc at) {
  Program *p = c->prog;
  Expect *e = new_expect(c, k, ck, x, at);
  if (k == E_QUESTION) {
    if (!c->repl) {
      diag_error(c->diag, at, "a question ending in " LQ "?" RQ " "
                 "is for the REPL; in a file write " LQ "query ...;" RQ "");
      return;
    }
    VEC_PUSH(A, c->questions, c->nquestions, c->capquestions, e);
    return;
  }
  if (k == E_EXPECT && ck->k == CK_WHO) {
    diag_error(c->diag, at, "" LQ "who" RQ " is for queries");
    return;
  }
  VEC_PUSH(A, p->expects, p->nexpects, p->capexpects, e);
  Item it = {.k = I_EXPECT, .ex = e, .loc = at};
  MVEC_PUSH(p->items, p->nitems, p->capitems, it);
}

void build_stray(ParseCtx *c, Check *ck, Loc at) {
  diag_error(c->diag, at, "a %s stands only in a clause of an agreement or "
             "outcome, or after " LQ "expect" RQ " or " LQ "query" RQ,
             ck->k == CK_FLOW ? "flow" : "norm");
}

void build_query(ParseCtx *c, Check *ck, CheckCtx *x, void *unused, Loc at) {
  (void)unused;
  c->query = new_expect(c, E_QUERY, ck, x, at);
}
