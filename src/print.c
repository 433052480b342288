/* print: canonical source text of statements. */
#include "print.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "deal.tab.h"
#include "literal.h"

void sb_init(StrBuf *b) { memset(b, 0, sizeof *b); }
void sb_free(StrBuf *b) { mem_free(b->s); sb_init(b); }

void sb_put(StrBuf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t nc = b->cap ? b->cap * 2 : 128;
    while (nc < b->n + n + 1) nc *= 2;
    b->s = mem_realloc(b->s, nc);
    b->cap = nc;
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = 0;
}

void sb_puts(StrBuf *b, const char *s) { sb_put(b, s, strlen(s)); }

void sb_printf(StrBuf *b, const char *fmt, ...) {
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof tmp) {
    sb_put(b, tmp, (size_t)n);
    return;
  }
  char *big = mem_alloc((size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  sb_put(b, big, (size_t)n);
  mem_free(big);
}

const char *print_prep(int prep) {
  switch (prep) {
    case KW_WITH: return "with";
    case KW_TO: return "to";
    case KW_IN: return "in";
    case KW_ON: return "on";
    case KW_FOR: return "for";
    default: return "";
  }
}

void print_ref(StrBuf *b, const Ref *r) {
  sb_puts(b, r->name ? r->name->s : "?");
}

void print_qref(StrBuf *b, const QRef *r) {
  sb_puts(b, r->name ? r->name->s : "?");
  if (r->member) {
    sb_puts(b, ".");
    sb_puts(b, r->member->s);
  }
}

void print_string_lit(StrBuf *b, const char *s) {
  sb_puts(b, "\"");
  for (; *s; s++) {
    switch (*s) {
      case '"': sb_puts(b, "\\\""); break;
      case '\\': sb_puts(b, "\\\\"); break;
      case '\n': sb_puts(b, "\\n"); break;
      case '\t': sb_puts(b, "\\t"); break;
      default: sb_put(b, s, 1);
    }
  }
  sb_puts(b, "\"");
}

static int cond_prec(const Cond *c) {
  return c->k == C_OR ? 1 : c->k == C_AND ? 2 : 3;
}

void print_cond(StrBuf *b, const Cond *c) {
  switch (c->k) {
    case C_FACT: print_ref(b, &c->fact); return;
    case C_NOT: {
      const Cond *k = c->kids[0];
      sb_puts(b, "not ");
      bool par = k->k == C_AND || k->k == C_OR;
      if (par) sb_puts(b, "(");
      print_cond(b, k);
      if (par) sb_puts(b, ")");
      return;
    }
    default:
      for (uint32_t i = 0; i < c->n; i++) {
        const Cond *k = c->kids[i];
        if (i) sb_puts(b, c->k == C_AND ? " and " : " or ");
        bool par = cond_prec(k) < cond_prec(c) || k->k == c->k;
        if (par) sb_puts(b, "(");
        print_cond(b, k);
        if (par) sb_puts(b, ")");
      }
  }
}

void print_mods(StrBuf *b, const Mods *m) {
  char buf[64];
  if (m->has_from) sb_printf(b, " from %s", lit_date_str(m->from, buf));
  if (m->has_until) sb_printf(b, " until %s", lit_date_str(m->until, buf));
  if (m->if_c) {
    sb_puts(b, " if ");
    print_cond(b, m->if_c);
  }
  if (m->unless_c) {
    sb_puts(b, " unless ");
    print_cond(b, m->unless_c);
  }
  if (m->has_ovr) {
    sb_puts(b, " overrides ");
    for (uint32_t i = 0; i < m->novr; i++) {
      if (i) sb_puts(b, ", ");
      print_qref(b, &m->ovr[i]);
    }
  }
}

static void print_subjects(StrBuf *b, const Body *x) {
  for (uint32_t i = 0; i < x->nsubj; i++) {
    if (i) sb_puts(b, ", ");
    print_ref(b, &x->subj[i]);
  }
}

static void print_action_obj(StrBuf *b, const Body *x) {
  print_ref(b, &x->action);
  if (x->prep) {
    sb_puts(b, " ");
    sb_puts(b, print_prep(x->prep));
  }
  sb_puts(b, " ");
  print_ref(b, &x->object);
}

void print_body(StrBuf *b, const Body *x) {
  char m1[64], m2[64];
  if (!x->is_flow) {
    if (x->only) sb_puts(b, "only ");
    print_subjects(b, x);
    if (x->has_among) {
      sb_puts(b, " among ");
      print_ref(b, x->among);
    }
    sb_printf(b, " %s ", ast_modal_text(x->modal));
    print_action_obj(b, x);
  } else {
    print_ref(b, &x->p);
    switch (x->fk) {
      case F_INVESTS:
        sb_printf(b, " invests %s in ", lit_money_str(x->money, m1));
        print_ref(b, &x->q);
        if (x->has_money2)
          sb_printf(b, " committed %s", lit_money_str(x->money2, m2));
        break;
      case F_PAYS:
        sb_puts(b, " pays ");
        print_ref(b, &x->q);
        sb_printf(b, " %s", lit_money_str(x->money, m1));
        break;
      case F_OWNS:
        sb_printf(b, " owns %s of ", lit_pct_str(x->pct, m1));
        print_ref(b, &x->q);
        if (x->has_money2)
          sb_printf(b, " valued %s", lit_money_str(x->money2, m2));
        break;
      case F_SHARES:
        sb_printf(b, " shares %s of revenue", lit_pct_str(x->pct, m1));
        if (x->has_x) {
          sb_puts(b, " from ");
          print_ref(b, x->x);
        }
        sb_puts(b, " with ");
        print_ref(b, &x->q);
        break;
      case F_SUPPLIES:
        sb_printf(b, " supplies %s to ", lit_watts_str(x->watts, m1));
        print_ref(b, &x->q);
        break;
    }
  }
  print_mods(b, BODY_MODS(x));
}

void print_check(StrBuf *b, const Check *c) {
  if (c->negate) sb_puts(b, "not ");
  switch (c->k) {
    case CK_CONFLICT:
      sb_puts(b, "conflict ");
      print_subjects(b, c->body);
      sb_puts(b, " ");
      print_action_obj(b, c->body);
      break;
    case CK_WHO:
      sb_printf(b, "who %s ", ast_modal_text(c->body->modal));
      print_action_obj(b, c->body);
      break;
    default:
      print_body(b, c->body);
  }
}

void print_ctx(StrBuf *b, const CheckCtx *x) {
  char buf[64];
  if (x->has_under) {
    sb_puts(b, " under ");
    for (uint32_t i = 0; i < x->nunder; i++) {
      if (i) sb_puts(b, " and ");
      print_ref(b, &x->under[i]);
    }
  }
  if (x->has_at) sb_printf(b, " at %s", lit_date_str(x->at, buf));
  if (x->has_prob)
    sb_printf(b, " with probability %s", lit_pct_str(x->prob, buf));
}

/* Called while parsing, where an out-of-memory unwind keeps what the
 * program owns: the temporary text is freed on the way out. */
char *print_check_text(Arena *a, const Expect *e) {
  StrBuf b;
  sb_init(&b);
  StrBuf *volatile bp = &b;
  MemGuard g;
  if (!MEM_TRY(&g)) {
    sb_free(bp);
    mem_throw();
  }
  print_check(bp, &e->ck);
  print_ctx(bp, &e->cx);
  char *s = arena_strndup(a, bp->s ? bp->s : "", bp->n);
  mem_guard_pop(&g);
  sb_free(bp);
  return s;
}

void print_clause_name(StrBuf *b, const Clause *c) {
  if (c->agr) {
    sb_printf(b, "%s.%s", c->agr->h.name ? c->agr->h.name->s : "?",
              c->name->s);
  } else if (c->out) {
    const char *o = c->out->h.name ? c->out->h.name->s : "?";
    if (c->is_order) sb_printf(b, "order of %s", o);
    else if (c->is_outcome_flow) sb_printf(b, "flow of %s", o);
    else sb_printf(b, "%s.%s", o, c->name->s);
  }
}

/* ---- whole programs ---- */

typedef struct Printer {
  StrBuf *b;
  const Program *p;
  int file;
  bool comments;
  uint32_t next_comment;   /* index into p->marks */
  int wname, wdesc;        /* column widths of a run of parties/products */
} Printer;

/* Spaces that take a column of width `len` to `width` (none past it: a
 * negative width to %*s would pad on the other side). */
static int pad(int width, size_t len) {
  return width > (int)len ? width - (int)len : 0;
}

static int str_lit_width(const char *s) {
  StrBuf t;
  sb_init(&t);
  print_string_lit(&t, s);
  int n = (int)t.n;
  sb_free(&t);
  return n;
}

/* Comments of the printed file before `line`: own-line ones on their own
 * lines at this indentation, trailing ones after the previous line. */
static void flush_comments_ex(Printer *pr, uint32_t line, const char *indent,
                              bool trailing_only) {
  if (!pr->comments) return;
  const Program *p = pr->p;
  while (pr->next_comment < p->nmarks) {
    const Mark *c = &p->marks[pr->next_comment];
    if ((int)c->loc.file != pr->file || c->kind != MARK_COMMENT) {
      pr->next_comment++;
      continue;
    }
    if (c->loc.line >= line) break;
    if (trailing_only && c->own_line) break;
    StrBuf *b = pr->b;
    if (!c->own_line && b->n && b->s[b->n - 1] == '\n') {
      b->n--;
      sb_printf(b, "  %s\n", c->text);
    } else {
      sb_printf(b, "%s%s\n", indent, c->text);
    }
    pr->next_comment++;
  }
}

static void flush_comments(Printer *pr, uint32_t line, const char *indent) {
  flush_comments_ex(pr, line, indent, false);
}

static void print_refs(StrBuf *b, const Ref *r, uint32_t n, const char *sep) {
  for (uint32_t i = 0; i < n; i++) {
    if (i) sb_puts(b, sep);
    print_ref(b, &r[i]);
  }
}

static void print_stmt(Printer *pr, const Stmt *s) {
  StrBuf *b = pr->b;
  flush_comments(pr, s->loc.line, "    ");
  sb_puts(b, "    ");
  switch (s->k) {
    case S_UPHOLD: sb_puts(b, "uphold "); print_qref(b, &s->ref); break;
    case S_VOID: sb_puts(b, "void "); print_qref(b, &s->ref); break;
    case S_CONSTRUE:
      sb_puts(b, "construe ");
      print_qref(b, &s->ref);
      sb_puts(b, " as covering ");
      print_ref(b, &s->obj);
      break;
    case S_AMEND:
      sb_puts(b, "amend ");
      print_qref(b, &s->ref);
      sb_puts(b, ": ");
      print_body(b, s->body);
      break;
    case S_CLAUSE:
      sb_printf(b, "clause %s: ", s->own->name->s);
      print_body(b, s->own->body);
      break;
    case S_ORDER: sb_puts(b, "order "); print_body(b, s->own->body); break;
    case S_FLOW: print_body(b, s->own->body); break;
    case S_FACT:
      sb_puts(b, "fact ");
      print_ref(b, &s->fact);
      sb_puts(b, s->value ? " = true" : " = false");
      break;
  }
  sb_puts(b, ";\n");
}

static void print_decl_in(Printer *pr, const Decl *d) {
  StrBuf *b = pr->b;
  char buf[64];
  switch (d->kind) {
    case K_PARTY: {
      const Party *x = (const Party *)d;
      sb_printf(b, "party %s", d->name->s);
      if (x->display || x->naka)
        sb_printf(b, "%*s", pad(pr->wname, d->name->len), "");
      if (x->display) {
        sb_puts(b, " ");
        print_string_lit(b, x->display);
      }
      for (uint32_t i = 0; i < x->naka; i++)
        sb_printf(b, "%s%s", i ? ", " : " aka ", x->aka[i]->s);
      sb_puts(b, ";\n");
      break;
    }
    case K_GROUP: {
      const Group *g = (const Group *)d;
      sb_printf(b, "group %s = ", d->name->s);
      print_refs(b, g->members, g->nmembers, ", ");
      sb_puts(b, ";\n");
      break;
    }
    case K_ACTION: {
      const Action *a = (const Action *)d;
      sb_printf(b, "action %s", d->name->s);
      if (a->prep) sb_printf(b, " %s", print_prep(a->prep));
      if (a->desc) {
        sb_puts(b, " ");
        print_string_lit(b, a->desc);
      }
      sb_puts(b, ";\n");
      break;
    }
    case K_PRODUCT: {
      const Product *x = (const Product *)d;
      bool more = x->has_parent || x->has_owner;
      sb_printf(b, "product %s", d->name->s);
      if (x->desc || more) sb_printf(b, "%*s", pad(pr->wname, d->name->len), "");
      if (x->desc) {
        sb_puts(b, " ");
        print_string_lit(b, x->desc);
      }
      if (more && pr->wdesc)
        sb_printf(b, "%*s", pad(pr->wdesc, x->desc ? (size_t)str_lit_width(x->desc) + 1 : 0), "");
      if (x->has_parent) sb_printf(b, " is %s", x->parent.name->s);
      if (x->has_owner) sb_printf(b, " owned by %s", x->owner.name->s);
      sb_puts(b, ";\n");
      break;
    }
    case K_FACT:
      sb_printf(b, "fact %s = %s;\n", d->name->s,
                ((const Fact *)d)->value ? "true" : "false");
      break;
    case K_AGREEMENT: {
      const Agreement *g = (const Agreement *)d;
      sb_printf(b, "agreement %s", d->name->s);
      if (g->title) {
        sb_puts(b, " ");
        print_string_lit(b, g->title);
      }
      sb_puts(b, " between ");
      print_refs(b, g->parties, g->nparties, ", ");
      sb_printf(b, " signed %s", lit_date_str(g->signed_d, buf));
      if (g->has_until) sb_printf(b, " until %s", lit_date_str(g->until_d, buf));
      sb_puts(b, " {\n");
      int w = 0;
      for (uint32_t i = 0; i < g->ncl; i++)
        if ((int)g->cl[i]->name->len > w) w = (int)g->cl[i]->name->len;
      for (uint32_t i = 0; i < g->ncl; i++) {
        const Clause *c = g->cl[i];
        flush_comments(pr, c->loc.line, "  ");
        sb_printf(b, "  clause %s:%*s ", c->name->s, pad(w, c->name->len), "");
        print_body(b, c->body);
        sb_puts(b, ";\n");
      }
      sb_puts(b, "}\n");
      break;
    }
    case K_DISPUTE: {
      const Dispute *x = (const Dispute *)d;
      sb_printf(b, "dispute %s", d->name->s);
      if (x->title) {
        sb_puts(b, " ");
        print_string_lit(b, x->title);
      }
      sb_puts(b, " {\n");
      if (x->has_plaintiff) {
        flush_comments(pr, x->plaintiffs[0].loc.line, "  ");
        sb_puts(b, "  plaintiff ");
        print_refs(b, x->plaintiffs, x->nplaintiffs, ", ");
        sb_puts(b, ";\n");
      }
      if (x->has_defendants) {
        flush_comments(pr, x->defendants[0].loc.line, "  ");
        sb_puts(b, "  defendants ");
        print_refs(b, x->defendants, x->ndefendants, ", ");
        sb_puts(b, ";\n");
      }
      if (x->has_claim) {
        sb_puts(b, "  claim ");
        print_string_lit(b, x->claim);
        sb_puts(b, ";\n");
      }
      if (x->nouts && (x->has_plaintiff || x->has_defendants || x->has_claim))
        sb_puts(b, "\n");
      for (uint32_t i = 0; i < x->nouts; i++) {
        const Outcome *o = x->outs[i];
        flush_comments(pr, o->h.loc.line, "  ");
        sb_printf(b, "  outcome %s", o->h.name->s);
        if (o->title) {
          sb_puts(b, " ");
          print_string_lit(b, o->title);
        }
        if (o->has_prob) sb_printf(b, " probability %s", lit_pct_str(o->prob, buf));
        sb_puts(b, " {\n");
        for (uint32_t k = 0; k < o->nst; k++) print_stmt(pr, o->st[k]);
        sb_puts(b, "  }\n");
      }
      sb_puts(b, "}\n");
      break;
    }
    default:
      break;
  }
}

void print_decl(StrBuf *b, const Program *p, const Decl *d) {
  Printer pr = {b, p, -1, false, 0};
  if (d->kind == K_ALIAS) d = &((const Alias *)d)->party->h;
  if (d->kind == K_OUTCOME && ((const Outcome *)d)->disp)
    d = &((const Outcome *)d)->disp->h;
  print_decl_in(&pr, d);
}

/* Which blank-line group an item belongs to. */
static int item_group(const Item *it) {
  if (it->k == I_DECL) {
    Kind k = it->decl->kind;
    if (k == K_AGREEMENT || k == K_DISPUTE) return 100 + (int)it->decl->order;
    return k == K_GROUP ? (int)K_PARTY : (int)k;  /* groups go with parties */
  }
  return 50 + (int)it->k;
}

void print_program(StrBuf *b, const Program *p, const PrintOpts *o) {
  Printer pr = {b, p, o->file, o->comments && o->file >= 0, 0};
  int last = -1;
  for (uint32_t i = 0; i < p->nitems; i++) {
    const Item *it = &p->items[i];
    if (o->file >= 0 && (int)it->loc.file != o->file) continue;
    if (o->file < 0 && it->k == I_INCLUDE) continue;
    if (it->k == I_DECL && it->decl->redefined) continue;
    int g = item_group(it);
    /* a comment after the last statement stays on its line, before any
     * blank line that separates groups */
    flush_comments_ex(&pr, it->loc.line, "", true);
    if (g != last) {
      if (last >= 0) sb_puts(b, "\n");
      /* a run of parties or products is aligned in columns */
      pr.wname = pr.wdesc = 0;
      for (uint32_t j = i; it->k == I_DECL && j < p->nitems; j++) {
        const Item *x = &p->items[j];
        if (item_group(x) != g || x->k != I_DECL || x->decl->redefined) break;
        if (x->decl->kind != it->decl->kind) continue;
        if ((int)x->decl->name->len > pr.wname) pr.wname = (int)x->decl->name->len;
        if (x->decl->kind == K_PRODUCT && ((const Product *)x->decl)->desc) {
          int dw = str_lit_width(((const Product *)x->decl)->desc) + 1;
          if (dw > pr.wdesc) pr.wdesc = dw;
        }
      }
    }
    last = g;
    flush_comments(&pr, it->loc.line, "");
    switch (it->k) {
      case I_INCLUDE:
        sb_puts(b, "include ");
        print_string_lit(b, it->path);
        sb_puts(b, ";\n");
        break;
      case I_SCENARIO: {
        char buf[64];
        sb_puts(b, "scenario ");
        print_string_lit(b, p->title ? p->title : "");
        sb_printf(b, " as of %s;\n", lit_date_str(p->asof, buf));
        break;
      }
      case I_DECL:
        print_decl_in(&pr, it->decl);
        break;
      case I_EXPECT:
        sb_printf(b, "%s %s;\n", it->ex->kind == E_QUERY ? "query" : "expect",
                  it->ex->text);
        break;
    }
  }
  flush_comments(&pr, UINT32_MAX, "");
}
