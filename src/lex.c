/* lex: what the scanner does with a token once flex has matched it. */
#include "lex.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "deal.tab.h"
#include "deal.lex.h"
#include "literal.h"

const char *const lex_keywords[] = {
    "action", "agreement", "aka", "amend", "among", "and", "as", "at",
    "between", "by", "claim", "clause", "committed", "conflict", "construe",
    "covering", "defendants", "dispute", "expect", "fact", "false", "for",
    "from", "group", "if", "in", "include", "invests", "is", "may", "must",
    "not", "of", "on", "only", "or", "order", "outcome", "overrides",
    "owned", "owns", "party", "pays", "plaintiff", "probability", "product",
    "query", "revenue", "scenario", "shall", "shares", "signed", "supplies",
    "to", "true", "under", "unless", "until", "uphold", "valued", "void",
    "who", "with"};
const size_t lex_nkeywords = sizeof lex_keywords / sizeof *lex_keywords;

void lex_fatal(const char *msg) {
  (void)msg;  /* flex's internal errors cannot happen with in-memory input */
  mem_throw();
}

void lex_error(ParseCtx *c, Loc *l, const char *msg) {
  Loc at = *l;
  at.len = 1;
  diag_error(c->diag, at, "%s", msg);
}

void lex_bad_char(ParseCtx *c, char ch, Loc *l) {
  unsigned char u = (unsigned char)ch;
  if (u >= 0x21 && u < 0x7f)
    diag_error(c->diag, *l, "unexpected character " LQ "%c" RQ "",
               ch);
  else
    diag_error(c->diag, *l, "unexpected control character 0x%02x", u);
}

int lex_ident(ParseCtx *c, const char *s, size_t n, union YYSTYPE *v, Loc *l) {
  if (n > PARSE_MAX_IDENT) {
    /* an error: interned at once, it ends the batch and fits no copy */
    diag_error(c->diag, *l, "identifier of %zu bytes; the longest allowed is "
               "%d", n, PARSE_MAX_IDENT);
    v->IDENT = intern(&c->prog->names, s, n);
    return IDENT;
  }
  /* interned with the rest of its batch (fill), from a copy: flex may
   * move its buffer before the batch ends */
  c->lex->id_s = s;
  c->lex->id_n = n;
  v->IDENT = NULL;
  return IDENT;
}

size_t lex_input(ParseCtx *c, char *buf, size_t max) {
  LexState *ls = c->lex;
  if (ls->fd < 0) return 0;
  for (;;) {
    ssize_t r = read(ls->fd, buf, max);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      diag_error(c->diag, (Loc){ls->file, 0, 0, 0}, "cannot read: %s",
                 strerror(errno));
      ls->fd = -1;  /* closed by its owner */
      return 0;
    }
    ls->nread += (uint64_t)r;
    if (ls->nread > PARSE_MAX_FILE_BYTES) {
      diag_error(c->diag, (Loc){ls->file, 0, 0, 0}, "cannot read: file too "
                 "large (the limit is 1 GiB)");
      ls->fd = -1;
      return 0;
    }
    return (size_t)r;
  }
}

/* ---- reading ahead ---- */

enum { AHEAD = 64 };

struct LexAhead {
  char text[AHEAD][PARSE_MAX_IDENT + 1];  /* the identifiers' bytes */
  uint32_t head, n;
  struct {
    int tok;
    YYSTYPE v;
    Loc l;
    const char *s;          /* IDENT: its text, until interned */
    size_t len;
    uint32_t h;
  } t[AHEAD];
};

LexAhead *lex_ahead_new(void) { return mem_calloc(1, sizeof(LexAhead)); }

/* Scans up to AHEAD tokens, then interns their identifiers in three passes
 * (slot, Name, intern) so the cache misses of a batch overlap.  The batch
 * ends at the first diagnostic, and once there is one the scanner goes a
 * token at a time: errors are found in the same order as without it. */
static void fill(ParseCtx *c, LexAhead *a, yyscan_t sc) {
  LexState *ls = c->lex;
  Intern *names = &c->prog->names;
  int errors = c->diag->errors;
  uint32_t max = errors ? 1 : AHEAD;
  a->head = a->n = 0;
  uint32_t pend[AHEAD], npend = 0;
  while (a->n < max) {
    uint32_t i = a->n++;
    ls->id_s = NULL;
    a->t[i].tok = lex_scan(&a->t[i].v, &a->t[i].l, sc);
    if (a->t[i].tok == IDENT && ls->id_s) {
      memcpy(a->text[i], ls->id_s, ls->id_n);
      a->t[i].s = a->text[i];
      a->t[i].len = ls->id_n;
      a->t[i].h = mem_hash(a->text[i], ls->id_n);
      intern_prefetch_slot(names, a->t[i].h);
      pend[npend++] = i;
    }
    if (a->t[i].tok == 0 || c->diag->errors != errors) break;
  }
  for (uint32_t k = 0; k < npend; k++)
    intern_prefetch_name(names, a->t[pend[k]].h);
  for (uint32_t k = 0; k < npend; k++) {
    uint32_t i = pend[k];
    a->t[i].v.IDENT = intern_hashed(names, a->t[i].s, a->t[i].len, a->t[i].h);
  }
}

/* The parser's scanner: the next token of the batch. */
int yylex(YYSTYPE *v, YYLTYPE *l, yyscan_t sc) {
  ParseCtx *c = yyget_extra(sc);
  LexAhead *a = c->lex->ahead;
  /* past the error limit nothing more would be shown: stop reading */
  if (c->diag->errors > DIAG_MAX_ERRORS) return 0;
  if (a->head == a->n) fill(c, a, sc);
  *v = a->t[a->head].v;
  *l = a->t[a->head].l;
  return a->t[a->head++].tok;
}

int lex_literal(ParseCtx *c, const char *s, size_t n, union YYSTYPE *v,
                Loc *l) {
  int64_t val;
  const char *err;
  LitKind k = lit_parse(s, n, &val, &err);
  if (err) {
    diag_error(c->diag, *l, "%s: " LQ "%.*s" RQ, err, n > 40 ? 40 : (int)n, s);
    val = -1;  /* no value: later checks on it stay silent */
  }
  switch (k) {
    case LIT_DATE: v->DATE = (int32_t)val; return DATE;
    case LIT_MONEY: v->MONEY = val; return MONEY;
    case LIT_PERCENT: v->PERCENT = (int32_t)val; return PERCENT;
    case LIT_QUANTITY: v->QUANTITY = val; return QUANTITY;
    default: return LEXERR;
  }
}

size_t lex_utf8_invalid(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    if (c < 0x80) { i++; continue; }
    size_t k;
    unsigned min;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) k = 1, min = 0x80, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) k = 2, min = 0x800, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) k = 3, min = 0x10000, cp = c & 0x07;
    else return i;
    for (size_t j = 1; j <= k; j++) {
      if (i + j >= n || (s[i + j] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + j] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += k + 1;
  }
  return n;
}

static void check_nuls(ParseCtx *c, const char *s, size_t n, Loc at) {
  const char *z = memchr(s, 0, n);
  while (z) {
    Loc nl = at;
    nl.col = at.col + (uint32_t)(z - s);
    nl.len = 1;
    diag_error(c->diag, nl, "NUL byte in the source");
    z = memchr(z + 1, 0, n - (size_t)(z + 1 - s));
  }
}

void lex_comment(ParseCtx *c, const char *s, size_t n, Loc *l) {
  Program *p = c->prog;
  if (p->keep_comments) {
    bool own = c->lex->own_line;
    size_t k = n;
    while (k > 1 && (s[k - 1] == '\r' || s[k - 1] == ' ' || s[k - 1] == '\t')) k--;
    Comment cm = {*l, arena_strndup(c->a, s, k), own};
    VEC_PUSH(c->a, p->comments, p->ncomments, p->capcomments, cm);
  }
  check_nuls(c, s, n, *l);
  if (lex_utf8_invalid(s, n) != n) {
    Loc at = *l;
    at.len = 1;
    diag_error(c->diag, at, "invalid UTF-8 in a comment");
  }
}

int lex_string(ParseCtx *c, const char *s, size_t n, int closed,
               union YYSTYPE *v, Loc *l) {
  Loc at = *l;
  at.len = 1;
  if (!closed)
    diag_error(c->diag, at, "unterminated string: a string ends with "
               "" LQ "\"" RQ " on the same line");
  const char *body = s + 1;
  size_t bn = n - 1 - (closed ? 1 : 0);
  check_nuls(c, body, bn, (Loc){at.file, at.line, at.col + 1, 1});
  if (lex_utf8_invalid(body, bn) != bn)
    diag_error(c->diag, at, "invalid UTF-8 in a string");
  char *out = arena_alloc(c->a, bn + 1);
  size_t o = 0;
  for (size_t i = 0; i < bn; i++) {
    char ch = body[i];
    if (ch == '\\' && i + 1 < bn) {
      char e = body[++i];
      switch (e) {
        case '"': out[o++] = '"'; break;
        case '\\': out[o++] = '\\'; break;
        case 'n': out[o++] = '\n'; break;
        case 't': out[o++] = '\t'; break;
        default: {
          Loc el = {at.file, at.line, at.col + (uint32_t)i, 2};
          diag_error(c->diag, el, "unknown escape " LQ "\\%c" RQ "; "
                     "the escapes are \\\" \\\\ \\n \\t",
                     (unsigned char)e >= 0x20 && (unsigned char)e < 0x7f ? e : '?');
          out[o++] = e;
        }
      }
    } else if (ch != '\\') {
      out[o++] = ch;
    }
  }
  out[o] = 0;
  if (o > PARSE_MAX_STRING)
    diag_error(c->diag, at, "string of %zu bytes; the longest allowed is %d",
               o, PARSE_MAX_STRING);
  v->STRING = out;
  return STRING;
}

void lex_paren(ParseCtx *c, int delta, Loc *l) {
  LexState *ls = c->lex;
  ls->parens += delta;
  if (ls->parens < 0) ls->parens = 0;
  if (delta > 0 && ls->parens == PARSE_MAX_PARENS + 1)
    diag_error(c->diag, *l, "parentheses nested deeper than %d",
               PARSE_MAX_PARENS);
}
