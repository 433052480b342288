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
      print_ref(b, &m->ovr[i]);
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
      print_ref(b, &x->among);
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
          print_ref(b, &x->x);
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
  print_mods(b, &x->mods);
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

char *print_check_text(Arena *a, const Expect *e) {
  StrBuf b;
  sb_init(&b);
  print_check(&b, &e->ck);
  print_ctx(&b, &e->cx);
  char *s = arena_strndup(a, b.s ? b.s : "", b.n);
  sb_free(&b);
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
