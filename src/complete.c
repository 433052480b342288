/* complete: the candidates for the word before the cursor.
 *
 * The text up to the cursor is cut into tokens the way the scanner cuts
 * it (grammar/deal.l), the statement the cursor is in is found (after the
 * last `;`, `?`, `{` or `}`, inside the block the braces leave open), and
 * that statement is read by a small recursive descent that follows
 * grammar/deal.y.  Each reading function returns true when the tokens run
 * out inside what it reads, having said what may come next (a Want);
 * false when it read its whole construct and tokens remain for its
 * caller.  A token that does not fit makes every name and keyword a
 * candidate: a completer should not be stricter than the parser that will
 * report the mistake. */
#include "complete.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "print.h"

/* ---- tokens ---- */

typedef enum { T_NAME, T_KW, T_LIT, T_STR, T_PUNCT } TokKind;

typedef struct Tok {
  uint32_t off, n;
  uint8_t k;                /* a TokKind */
  char c;                   /* T_PUNCT: the character */
} Tok;

typedef struct Toks {
  Tok *v;                   /* a temporary */
  uint32_t n, cap;
  bool dead;                /* the cursor is in a comment or a string */
} Toks;

static bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* deal.l's LITCHAR: what follows the first digit or `$` of a literal. */
static bool is_litchar(char c) {
  return is_alpha(c) || is_digit(c) || (c && strchr(".%$,-", c));
}

static int kw_cmp(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Is s[0..n) a reserved word (lex_keywords is sorted)? */
static bool is_keyword(const char *s, size_t n) {
  char buf[16];
  if (n >= sizeof buf) return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] < 'a' || s[i] > 'z') return false;
  memcpy(buf, s, n);
  buf[n] = 0;
  const char *key = buf;
  return bsearch(&key, lex_keywords, lex_nkeywords, sizeof *lex_keywords,
                 kw_cmp) != NULL;
}

/* A string from s[i] (its opening quote); the offset after it.  One that
 * the text ends in holds the cursor. */
static size_t skip_string(const char *s, size_t i, size_t len, Toks *tk) {
  for (i++; i < len && s[i] != '"' && s[i] != '\n'; i++)
    if (s[i] == '\\' && i + 1 < len) i++;
  if (i >= len) tk->dead = true;
  return i < len && s[i] == '"' ? i + 1 : i;
}

static void scan(const char *s, size_t len, Toks *tk) {
  size_t i = 0;
  while (i < len) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      i++;
      continue;
    }
    if (c == '#') {
      while (i < len && s[i] != '\n') i++;
      if (i == len) tk->dead = true;
      continue;
    }
    Tok t = {(uint32_t)i, 0, T_PUNCT, c};
    if (c == '"') {
      i = skip_string(s, i, len, tk);
      t.k = T_STR;
    } else if (is_alpha(c)) {
      while (i < len && (is_alpha(s[i]) || is_digit(s[i]))) i++;
      t.k = is_keyword(s + t.off, i - t.off) ? T_KW : T_NAME;
    } else if (is_digit(c) || c == '$') {
      for (i++; i < len && is_litchar(s[i]); i++) {}
      t.k = T_LIT;
    } else {
      i++;
    }
    t.n = (uint32_t)(i - t.off);
    TVEC_PUSH(tk->v, tk->n, tk->cap, t);
  }
}

/* ---- what may come next ---- */

#define WANT_MAX_KW 24

typedef struct Want {
  unsigned kinds;           /* names of these kinds (1 << Kind) */
  const char *kw[WANT_MAX_KW];
  uint32_t nkw;
  const Decl *scope;        /* and the clauses of this agreement or outcome */
  bool all;                 /* every name and keyword */
} Want;

typedef struct Parser {
  const Program *p;
  const char *s;
  const Tok *t;
  uint32_t i, n;
  Want w;
  const Decl *scope;        /* the agreement or outcome whose block it is */
  bool check;               /* in a check: under, at, with may follow */
} Parser;

static bool end(const Parser *q) { return q->i >= q->n; }

static bool tok_is(const Parser *q, const Tok *t, const char *word) {
  return t->k == T_KW && strlen(word) == t->n &&
         !memcmp(q->s + t->off, word, t->n);
}

static bool take_kw(Parser *q, const char *word) {
  if (end(q) || !tok_is(q, &q->t[q->i], word)) return false;
  q->i++;
  return true;
}

static bool take_kind(Parser *q, TokKind k) {
  if (end(q) || q->t[q->i].k != k) return false;
  q->i++;
  return true;
}

static bool take_punct(Parser *q, char c) {
  if (end(q) || q->t[q->i].k != T_PUNCT || q->t[q->i].c != c) return false;
  q->i++;
  return true;
}

static bool take_modal(Parser *q) {
  return take_kw(q, "may") || take_kw(q, "must") || take_kw(q, "shall");
}

static void add_kw(Parser *q, const char *word) {
  if (q->w.nkw < WANT_MAX_KW) q->w.kw[q->w.nkw++] = word;
}

/* Names of these kinds and the keywords listed (NULL-ended) may come
 * next; true, for the reading functions to return. */
static bool want(Parser *q, unsigned kinds, ...) {
  q->w.kinds |= kinds;
  va_list ap;
  va_start(ap, kinds);
  for (const char *k; (k = va_arg(ap, const char *));) add_kw(q, k);
  va_end(ap);
  return true;
}

/* The text does not read as the grammar here. */
static bool lost(Parser *q) {
  q->w.all = true;
  return true;
}

/* The statement is whole: only its `;` may follow. */
static bool done(Parser *q) { return end(q) ? true : lost(q); }

/* The steps of the grammar that need no choice.  Each returns from the
 * reading function when the tokens end there (or do not fit). */
#define LITERAL(q)                              /* a date, amount, ... */ \
  do {                                                                     \
    if (end(q)) return true;                                               \
    if (!take_kind(q, T_LIT)) return lost(q);                              \
  } while (0)
#define KEYWORD(q, w)                                                      \
  do {                                                                     \
    if (end(q)) return want(q, 0, w, NULL);                                \
    if (!take_kw(q, w)) return lost(q);                                    \
  } while (0)
#define NAME(q, kinds)                                                     \
  do {                                                                     \
    if (end(q)) return want(q, kinds, NULL);                               \
    if (!take_kind(q, T_NAME)) return lost(q);                             \
  } while (0)
#define NEW_NAME(q) NAME(q, 0)     /* a name being declared: none to offer */

static const Decl *decl_of(const Parser *q, const Tok *t, unsigned kinds) {
  Name *n = intern_find(&q->p->names, q->s + t->off, t->n);
  return n && n->decl && (kinds & (1u << n->decl->kind)) ? n->decl : NULL;
}

static void want_preps(Parser *q) {
  for (Prep pr = PREP_WITH; pr <= PREP_FOR; pr++) add_kw(q, print_prep(pr));
}

/* The modifiers of a norm (or flow), and in a check its context. */
static void want_mods(Parser *q, bool norm) {
  want(q, 0, "from", "until", "if", "unless", NULL);
  if (norm) add_kw(q, "overrides");
  if (q->check) want(q, 0, "under", "at", "with", NULL);
}

/* COND: FACT | not COND | COND and COND | COND or COND | ( COND ). */
#define COND_MAX_DEPTH 64

static bool cond(Parser *q, bool norm, unsigned depth) {
  for (;;) {
    while (take_kw(q, "not")) {}
    if (end(q)) return want(q, MK_FACT, "not", NULL);
    if (take_punct(q, '(')) {
      if (depth >= COND_MAX_DEPTH) return lost(q);
      if (cond(q, norm, depth + 1)) return true;
      if (!take_punct(q, ')')) return lost(q);
    } else if (!take_kind(q, T_NAME)) {
      return lost(q);
    }
    if (end(q)) {
      want(q, 0, "and", "or", NULL);
      if (!depth) want_mods(q, norm);
      return true;
    }
    if (!take_kw(q, "and") && !take_kw(q, "or")) return false;
  }
}

/* REF: NAME or NAME.CLAUSE (the clause after the dot is offered before
 * any reading: complete_line). */
static bool ref(Parser *q) {
  if (end(q)) {
    q->w.scope = q->scope;
    return want(q, MK_AGREEMENT | MK_OUTCOME, NULL);
  }
  if (!take_kind(q, T_NAME)) return lost(q);
  if (take_punct(q, '.')) NAME(q, 0);
  return false;
}

static bool overrides(Parser *q) {
  for (;;) {
    if (ref(q)) return true;
    if (end(q)) {
      want_mods(q, true);
      return true;
    }
    if (!take_punct(q, ',')) return false;
  }
}

static bool mods(Parser *q, bool norm) {
  for (;;) {
    if (end(q)) {
      want_mods(q, norm);
      return true;
    }
    if (take_kw(q, "from") || take_kw(q, "until")) {
      LITERAL(q);
    } else if (take_kw(q, "if") || take_kw(q, "unless")) {
      if (cond(q, norm, 0)) return true;
    } else if (norm && take_kw(q, "overrides")) {
      if (overrides(q)) return true;
    } else {
      return false;
    }
  }
}

/* ACTION [PREP] OBJECT: the preposition is the one the action takes. */
static bool action_object(Parser *q) {
  if (end(q)) return want(q, MK_ACTION, NULL);
  const Tok *a = &q->t[q->i];
  if (!take_kind(q, T_NAME)) return lost(q);
  const Action *act = (const Action *)decl_of(q, a, MK_ACTION);
  if (end(q)) {
    if (act && act->prep) return want(q, 0, print_prep(act->prep), NULL);
    if (!act) want_preps(q);
    return want(q, MK_OBJECT, NULL);
  }
  for (Prep pr = PREP_WITH; pr <= PREP_FOR; pr++)
    if (take_kw(q, print_prep(pr))) break;
  NAME(q, MK_OBJECT);
  return false;
}

/* P invests|pays|owns|shares|supplies ..., the verb next. */
static bool flow(Parser *q) {
  if (take_kw(q, "invests")) {
    LITERAL(q);
    KEYWORD(q, "in");
    NAME(q, MK_PARTYLIKE);
    if (end(q)) add_kw(q, "committed");
    if (take_kw(q, "committed")) LITERAL(q);
  } else if (take_kw(q, "pays")) {
    NAME(q, MK_PARTYLIKE);
    LITERAL(q);
  } else if (take_kw(q, "owns")) {
    LITERAL(q);
    KEYWORD(q, "of");
    NAME(q, MK_PARTYLIKE);
    if (end(q)) add_kw(q, "valued");
    if (take_kw(q, "valued")) LITERAL(q);
  } else if (take_kw(q, "shares")) {
    LITERAL(q);
    KEYWORD(q, "of");
    KEYWORD(q, "revenue");
    if (end(q)) return want(q, 0, "from", "with", NULL);
    if (take_kw(q, "from")) NAME(q, MK_OBJECT);
    KEYWORD(q, "with");
    NAME(q, MK_PARTYLIKE);
  } else if (take_kw(q, "supplies")) {
    LITERAL(q);
    KEYWORD(q, "to");
    NAME(q, MK_PARTYLIKE);
  } else {
    return lost(q);
  }
  return mods(q, false);
}

static const char *const flow_verbs[] = {"invests", "pays", "owns", "shares",
                                         "supplies"};

static bool at_flow_verb(const Parser *q) {
  for (size_t i = 0; !end(q) && i < sizeof flow_verbs / sizeof *flow_verbs; i++)
    if (tok_is(q, &q->t[q->i], flow_verbs[i])) return true;
  return false;
}

/* What may follow the subjects of a norm (or the payer of a flow). */
static bool after_subjects(Parser *q, bool norm, bool flows, bool only,
                           uint32_t nsubj) {
  if (norm && only) want(q, 0, "among", "may", NULL);
  else if (norm) want(q, 0, "may", "must", "shall", NULL);
  if (flows && !only && nsubj == 1)
    for (size_t i = 0; i < sizeof flow_verbs / sizeof *flow_verbs; i++)
      add_kw(q, flow_verbs[i]);
  return true;
}

/* A norm or a flow (which of them the place allows), modifiers included:
 *   [only] SUBJECT, ... [among G] MODAL ACTION [PREP] OBJECT {MODIFIER}
 *   P invests|pays|owns|shares|supplies ... {MODIFIER} */
static bool body(Parser *q, bool norm, bool flows) {
  unsigned subjects = norm ? MK_SUBJECT : MK_PARTYLIKE;
  if (end(q)) return want(q, subjects, norm ? "only" : NULL, NULL);
  bool only = norm && take_kw(q, "only");
  uint32_t nsubj = 0;
  for (;;) {
    NAME(q, subjects);
    nsubj++;
    if (end(q)) return after_subjects(q, norm, flows, only, nsubj);
    if (!take_punct(q, ',')) break;
  }
  if (flows && !only && nsubj == 1 && at_flow_verb(q)) return flow(q);
  if (!norm) return lost(q);
  if (only && take_kw(q, "among")) {
    NAME(q, MK_GROUP);
    KEYWORD(q, "may");
  } else if (!take_modal(q)) {
    return lost(q);
  }
  if (end(q)) return want(q, MK_ACTION, only ? NULL : "not", NULL);
  if (!only) take_kw(q, "not");
  if (action_object(q)) return true;
  return mods(q, true);
}

/* CHECK_CTX: {under OUTCOME [and OUTCOME ...] | at DATE | with probability PCT}. */
static bool check_ctx(Parser *q) {
  for (;;) {
    if (end(q)) return want(q, 0, "under", "at", "with", NULL);
    if (take_kw(q, "under")) {
      for (;;) {
        NAME(q, MK_OUTCOME);
        if (end(q)) return want(q, 0, "and", "at", "with", NULL);
        if (!take_kw(q, "and")) break;
      }
    } else if (take_kw(q, "at")) {
      LITERAL(q);
    } else if (take_kw(q, "with")) {
      KEYWORD(q, "probability");
      LITERAL(q);
    } else {
      return lost(q);
    }
  }
}

/* A check (after expect or query, or a question): who_ok when `who` may
 * start it. */
static bool check(Parser *q, bool who_ok) {
  q->check = true;
  for (;;) {
    if (end(q)) {
      want(q, MK_SUBJECT, "only", "not", "conflict", NULL);
      if (who_ok) add_kw(q, "who");
      return true;
    }
    if (!take_kw(q, "not")) break;
    who_ok = false;
  }
  if (take_kw(q, "who")) {
    if (end(q)) return want(q, 0, "may", "must", "shall", NULL);
    if (!take_modal(q)) return lost(q);
    if (end(q)) return want(q, MK_ACTION, "not", NULL);
    take_kw(q, "not");
    if (action_object(q)) return true;
  } else if (take_kw(q, "conflict")) {
    for (;;) {
      NAME(q, MK_SUBJECT);
      if (end(q)) return want(q, MK_ACTION, NULL);  /* `,` or the action */
      if (!take_punct(q, ',')) break;
    }
    if (action_object(q)) return true;
  } else if (body(q, true, true)) {
    return true;
  }
  return check_ctx(q);
}

/* NAME, ... of the parties (or groups) of a declaration. */
static bool name_list(Parser *q, unsigned kinds, const char *then) {
  for (;;) {
    NAME(q, kinds);
    if (end(q)) return then ? want(q, 0, then, NULL) : true;
    if (!take_punct(q, ',')) return false;
  }
}

static bool decl_party(Parser *q) {
  NEW_NAME(q);
  take_kind(q, T_STR);
  KEYWORD(q, "aka");
  return true;  /* aliases are new names */
}

static bool decl_group(Parser *q) {
  NEW_NAME(q);
  if (end(q)) return true;
  if (!take_punct(q, '=')) return lost(q);
  return name_list(q, MK_SUBJECT, NULL) || done(q);
}

static bool decl_action(Parser *q) {
  NEW_NAME(q);
  if (end(q)) want_preps(q);
  return true;  /* else a preposition or a description: nothing */
}

static bool decl_product(Parser *q) {
  NEW_NAME(q);
  take_kind(q, T_STR);
  for (;;) {
    if (end(q)) return want(q, 0, "is", "owned", NULL);
    if (take_kw(q, "is")) {
      NAME(q, MK_PRODUCT);
    } else if (take_kw(q, "owned")) {
      KEYWORD(q, "by");
      NAME(q, MK_PARTYLIKE);
    } else {
      return lost(q);
    }
  }
}

static bool decl_fact(Parser *q, unsigned kinds) {
  NAME(q, kinds);
  if (end(q)) return true;
  if (!take_punct(q, '=')) return lost(q);
  if (end(q)) return want(q, 0, "true", "false", NULL);
  return done(q);
}

static bool decl_agreement(Parser *q) {
  NEW_NAME(q);
  take_kind(q, T_STR);
  KEYWORD(q, "between");
  if (name_list(q, MK_PARTYLIKE, "signed")) return true;
  KEYWORD(q, "signed");
  LITERAL(q);
  KEYWORD(q, "until");
  LITERAL(q);
  return done(q);
}

static bool decl_scenario(Parser *q) {
  if (end(q)) return true;
  if (!take_kind(q, T_STR)) return lost(q);
  KEYWORD(q, "as");
  KEYWORD(q, "of");
  LITERAL(q);
  return done(q);
}

/* A statement at the top of a file (or typed at the REPL). */
static bool top_statement(Parser *q) {
  if (end(q)) {
    want(q, MK_SUBJECT, "include", "scenario", "party", "group", "action",
         "product", "fact", "agreement", "dispute", "expect", "query", NULL);
    return want(q, 0, "only", "not", "conflict", "who", NULL);
  }
  if (take_kw(q, "include")) return true;
  if (take_kw(q, "scenario")) return decl_scenario(q);
  if (take_kw(q, "party")) return decl_party(q);
  if (take_kw(q, "group")) return decl_group(q);
  if (take_kw(q, "action")) return decl_action(q);
  if (take_kw(q, "product")) return decl_product(q);
  if (take_kw(q, "fact")) return decl_fact(q, 0);
  if (take_kw(q, "agreement")) return decl_agreement(q);
  if (take_kw(q, "dispute")) {
    NEW_NAME(q);
    return true;
  }
  if (take_kw(q, "expect")) return check(q, false);
  if (take_kw(q, "query")) return check(q, true);
  return check(q, true);
}

static bool agreement_item(Parser *q) {
  KEYWORD(q, "clause");
  NEW_NAME(q);
  if (end(q)) return true;
  if (!take_punct(q, ':')) return lost(q);
  return body(q, true, true) || done(q);
}

static bool dispute_item(Parser *q) {
  if (end(q))
    return want(q, 0, "plaintiff", "defendants", "claim", "outcome", NULL);
  if (take_kw(q, "plaintiff") || take_kw(q, "defendants"))
    return name_list(q, MK_PARTYLIKE, NULL) || done(q);
  if (take_kw(q, "claim")) return true;
  if (!take_kw(q, "outcome")) return lost(q);
  NEW_NAME(q);
  take_kind(q, T_STR);
  KEYWORD(q, "probability");
  LITERAL(q);
  return done(q);
}

static bool outcome_item(Parser *q) {
  if (end(q))
    return want(q, MK_PARTYLIKE, "uphold", "void", "construe", "amend",
                "clause", "order", "fact", NULL);
  if (take_kw(q, "uphold") || take_kw(q, "void")) return ref(q) || done(q);
  if (take_kw(q, "construe")) {
    if (ref(q)) return true;
    KEYWORD(q, "as");
    KEYWORD(q, "covering");
    NAME(q, MK_OBJECT);
    return done(q);
  }
  if (take_kw(q, "amend")) {
    if (ref(q)) return true;
  } else if (take_kw(q, "clause")) {
    NEW_NAME(q);
  } else if (take_kw(q, "order")) {
    return body(q, true, false) || done(q);
  } else if (take_kw(q, "fact")) {
    return decl_fact(q, MK_FACT);
  } else {
    return body(q, false, true) || done(q);
  }
  if (end(q)) return true;
  if (!take_punct(q, ':')) return lost(q);
  return body(q, true, true) || done(q);
}

/* ---- the statement the cursor is in ---- */

typedef enum { B_TOP, B_AGREEMENT, B_DISPUTE, B_OUTCOME, B_OTHER } Block;

#define BLOCK_MAX 16

/* Reads the statement that the last tokens begin: its block is found
 * from the braces before it. */
static void read_statement(Parser *q) {
  Block stack[BLOCK_MAX];
  const Decl *scopes[BLOCK_MAX];
  uint32_t depth = 0, start = 0;
  for (uint32_t i = 0; i < q->n; i++) {
    const Tok *t = &q->t[i];
    if (t->k != T_PUNCT) continue;
    if (t->c == '{') {
      Block b = B_OTHER;
      const Tok *h = &q->t[start];
      if (start < i && tok_is(q, h, "agreement")) b = B_AGREEMENT;
      else if (start < i && tok_is(q, h, "dispute")) b = B_DISPUTE;
      else if (start < i && tok_is(q, h, "outcome")) b = B_OUTCOME;
      const Decl *d = start + 1 < i && h[1].k == T_NAME
                          ? decl_of(q, &h[1], MK_AGREEMENT | MK_OUTCOME)
                          : NULL;
      if (depth < BLOCK_MAX) {
        stack[depth] = b;
        scopes[depth] = d;
      }
      depth++;
      start = i + 1;
    } else if (t->c == '}') {
      if (depth) depth--;
      start = i + 1;
    } else if (t->c == ';' || t->c == '?') {
      start = i + 1;
    }
  }
  Block b = !depth ? B_TOP : depth <= BLOCK_MAX ? stack[depth - 1] : B_OTHER;
  q->scope = depth && depth <= BLOCK_MAX ? scopes[depth - 1] : NULL;
  q->i = start;
  switch (b) {
    case B_TOP: top_statement(q); break;
    case B_AGREEMENT: agreement_item(q); break;
    case B_DISPUTE: dispute_item(q); break;
    case B_OUTCOME: outcome_item(q); break;
    case B_OTHER: lost(q); break;
  }
}

/* ---- candidates ---- */

typedef struct Out {
  const char *word;         /* what is typed of the word */
  size_t wlen;
  CompleteItem *v;          /* a temporary */
  uint32_t n, cap;
} Out;

static void add(Out *o, const char *text, CompleteKind k) {
  if (strncmp(text, o->word, o->wlen)) return;
  CompleteItem it = {text, k};
  TVEC_PUSH(o->v, o->n, o->cap, it);
}

static CompleteKind kind_of(Kind k) {
  switch (k) {
    case K_PARTY: return COMPLETE_PARTY;
    case K_ALIAS: return COMPLETE_ALIAS;
    case K_GROUP: return COMPLETE_GROUP;
    case K_ACTION: return COMPLETE_ACTION;
    case K_PRODUCT: return COMPLETE_PRODUCT;
    case K_FACT: return COMPLETE_FACT;
    case K_AGREEMENT: return COMPLETE_AGREEMENT;
    case K_DISPUTE: return COMPLETE_DISPUTE;
    case K_OUTCOME: return COMPLETE_OUTCOME;
    default: return COMPLETE_WORD;
  }
}

static void add_names(Out *o, const Program *p, unsigned kinds) {
  for (uint32_t i = 0; kinds && i < p->ndecls; i++) {
    const Decl *d = p->decls[i];
    if (d->name && !d->redefined && (kinds & (1u << d->kind)))
      add(o, d->name->s, kind_of(d->kind));
  }
}

static void add_clauses(Out *o, const Decl *scope) {
  if (!scope) return;
  Clause *const *v = scope->kind == K_AGREEMENT ? ((const Agreement *)scope)->cl
                     : scope->kind == K_OUTCOME ? ((const Outcome *)scope)->cl
                                                : NULL;
  uint32_t n = scope->kind == K_AGREEMENT ? ((const Agreement *)scope)->ncl
               : scope->kind == K_OUTCOME ? ((const Outcome *)scope)->ncl
                                          : 0;
  for (uint32_t i = 0; v && i < n; i++)
    if (v[i]->name) add(o, v[i]->name->s, COMPLETE_CLAUSE);
}

static void add_want(Out *o, const Program *p, const Want *w) {
  if (w->all) {
    add_names(o, p, MK_ALL);
    for (size_t i = 0; i < lex_nkeywords; i++)
      add(o, lex_keywords[i], COMPLETE_KEYWORD);
    return;
  }
  add_names(o, p, w->kinds);
  add_clauses(o, w->scope);
  for (uint32_t i = 0; i < w->nkw; i++) add(o, w->kw[i], COMPLETE_KEYWORD);
}

static int item_cmp(const void *a, const void *b) {
  const CompleteItem *x = a, *y = b;
  int c = strcmp(x->text, y->text);
  return c ? c : (int)x->kind - (int)y->kind;
}

/* The scope named by the name just before a `.` that ends at `at`. */
static const Decl *dot_scope(const Program *p, const char *s, const Toks *tk,
                             uint32_t n, size_t at) {
  if (n < 2) return NULL;
  const Tok *dot = &tk->v[n - 1], *name = &tk->v[n - 2];
  if (dot->k != T_PUNCT || dot->c != '.' || dot->off + 1 != at) return NULL;
  if (name->k != T_NAME || name->off + name->n != dot->off) return NULL;
  Name *nm = intern_find(&p->names, s + name->off, name->n);
  return nm && nm->decl ? nm->decl : NULL;
}

/* ---- REPL commands ---- */

static const CompleteCommand *find_command(const CompleteOpts *o,
                                           const char *s, size_t n) {
  const CompleteCommand *found = NULL;
  for (size_t i = 0; n && i < o->ncommands; i++) {
    if (strncmp(o->commands[i].name, s, n)) continue;
    if (strlen(o->commands[i].name) == n) return &o->commands[i];
    if (found) return NULL;  /* ambiguous */
    found = &o->commands[i];
  }
  return found;
}

static void add_words(Out *o, const char *const *w) {
  for (; w && *w; w++) add(o, *w, COMPLETE_WORD);
}

static bool blank(char c) { return c == ' ' || c == '\t'; }

/* What is typed of the word is s[from..len). */
static void set_word(Out *o, const char *s, size_t from, size_t len) {
  o->word = s + from;
  o->wlen = len - from;
}

/* The argument (the index-th, its word at s[word..len)) of a command
 * whose arguments start at s[args]; the offset of the word completed. */
static size_t command_arg(Out *o, const Program *p, const CompleteCommand *c,
                          uint32_t index, const char *s, size_t args,
                          size_t word, size_t len, bool *file) {
  size_t from = word;
  switch (c->arg) {
    case COMPLETE_ARG_FILE:
      *file = !index;
      break;
    case COMPLETE_ARG_WORLD:
    case COMPLETE_ARG_WORLDS:  /* a,b or a+b: after a separator, outcomes */
      if (index > (c->arg == COMPLETE_ARG_WORLDS)) break;
      for (size_t k = word; k < len; k++)
        if (s[k] == ',' || s[k] == '+') from = k + 1;
      set_word(o, s, from, len);
      if (from == word) add_words(o, c->words);
      add_names(o, p, MK_OUTCOME);
      break;
    case COMPLETE_ARG_NAME: {  /* NAME, or Agreement.clause */
      if (index) break;
      const char *dot = memchr(s + word, '.', len - word);
      if (dot) {
        Name *nm = intern_find(&p->names, s + word, (size_t)(dot - s - word));
        from = (size_t)(dot - s) + 1;
        set_word(o, s, from, len);
        add_clauses(o, nm ? nm->decl : NULL);
      } else {
        set_word(o, s, from, len);
        add_names(o, p, MK_ALL);
      }
      break;
    }
    case COMPLETE_ARG_FACT: {  /* NAME=true|false, blanks around `=` too */
      const char *eq = memchr(s + args, '=', len - args);
      if (eq) {
        if ((size_t)(eq - s) + 1 > from) from = (size_t)(eq - s) + 1;
        set_word(o, s, from, len);
        add(o, "true", COMPLETE_WORD);
        add(o, "false", COMPLETE_WORD);
      } else if (!index) {
        set_word(o, s, from, len);
        add_names(o, p, MK_FACT);
      }
      break;
    }
    case COMPLETE_ARG_WORDS:
      set_word(o, s, from, len);
      if (!index) add_words(o, c->words);
      break;
    case COMPLETE_ARG_NONE:
      break;
  }
  return from;
}

/* A line `:CMD ARG ...`; the offset of the word completed. */
static size_t command_line(Out *o, const Program *p, const CompleteOpts *co,
                           const char *s, size_t len, bool *file) {
  size_t i = 0;
  while (i < len && blank(s[i])) i++;
  size_t name = ++i;  /* after the `:` */
  while (i < len && !blank(s[i])) i++;
  if (i == len) {  /* the command itself */
    set_word(o, s, name, len);
    for (size_t k = 0; k < co->ncommands; k++)
      add(o, co->commands[k].name, COMPLETE_COMMAND);
    return name;
  }
  const CompleteCommand *c = find_command(co, s + name, i - name);
  size_t word = len;
  while (word > i && !blank(s[word - 1])) word--;
  uint32_t index = 0;  /* of the argument: the words before it */
  for (size_t k = i; k + 1 < word; k++)
    if (blank(s[k]) && !blank(s[k + 1])) index++;
  set_word(o, s, word, len);
  return c ? command_arg(o, p, c, index, s, i, word, len, file) : word;
}

/* ---- the entry ---- */

static void statement_line(Out *o, const Program *p, const char *s,
                           size_t len, size_t *start) {
  Toks tk = {0};
  scan(s, len, &tk);
  uint32_t n = tk.n;
  *start = len;
  if (n && tk.v[n - 1].off + tk.v[n - 1].n == len && !tk.dead) {
    const Tok *last = &tk.v[n - 1];
    if (last->k == T_LIT) tk.dead = true;  /* an amount, a date: nothing */
    if (last->k == T_NAME || last->k == T_KW) {
      *start = last->off;
      n--;
    }
  }
  o->word = s + *start;
  o->wlen = len - *start;
  if (!tk.dead) {
    const Decl *scope = dot_scope(p, s, &tk, n, *start);
    if (scope) {
      add_clauses(o, scope);
    } else if (!(n && tk.v[n - 1].k == T_PUNCT && tk.v[n - 1].c == '.' &&
                 tk.v[n - 1].off + 1 == *start)) {
      Parser q = {p, s, tk.v, 0, n, {0}, NULL, false};
      read_statement(&q);
      add_want(o, p, &q.w);
    }
  }
  mem_free(tk.v);
}

void complete_line(const Program *p, const char *text, size_t len,
                   const CompleteOpts *co, Completions *out) {
  Out o = {text + len, 0, NULL, 0, 0};
  size_t start = len, lead = 0;
  bool file = false;
  while (lead < len && (text[lead] == ' ' || text[lead] == '\t')) lead++;
  if (co && co->commands && lead < len && text[lead] == ':') {
    start = command_line(&o, p, co, text, len, &file);
  } else {
    statement_line(&o, p, text, len, &start);
  }
  if (o.n) qsort(o.v, o.n, sizeof *o.v, item_cmp);
  uint32_t n = 0;
  for (uint32_t i = 0; i < o.n; i++)
    if (!n || strcmp(o.v[n - 1].text, o.v[i].text)) o.v[n++] = o.v[i];
  CompleteItem *v = n ? mem_alloc(n * sizeof *v) : NULL;
  if (n) memcpy(v, o.v, n * sizeof *v);
  mem_free(o.v);
  out->v = v;
  out->n = n;
  out->start = start;
  out->file = file;
}

void complete_free(Completions *c) {
  mem_free(c->v);
  c->v = NULL;
  c->n = 0;
}

const char *complete_kind_name(CompleteKind k) {
  static const char *const names[] = {
      "command", "keyword", "party", "alias", "group", "action", "product",
      "fact", "agreement", "dispute", "outcome", "clause", "word"};
  return (size_t)k < sizeof names / sizeof *names ? names[k] : "word";
}
