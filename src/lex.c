/* lex: what the scanner does with a token once flex has matched it. */
#include "lex.h"

#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "deal.tab.h"
#include "deal.lex.h"
#include "literal.h"

const char *const lex_keywords[] = {
#define KW(word, NAME) word,
#include "keywords.def"
#undef KW
};
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

typedef struct LexTok {
  int tok;
  YYSTYPE v;
  Loc l;
  const char *s;           /* IDENT: its text, until interned */
  size_t len;
  uint32_t h;
} LexTok;

struct LexAhead {
  char text[AHEAD][PARSE_MAX_IDENT + 1];  /* the identifiers' bytes */
  uint32_t head, n;
  LexTok t[AHEAD];
  LexTok last;              /* the token the parser has last */
  int resend;               /* a `;` was put in (yylex): then `last` again */
};

LexAhead *lex_ahead_new(void) { return mem_calloc(1, sizeof(LexAhead)); }

/* Scans up to max (<= AHEAD) tokens into out, then interns their
 * identifiers in three passes (slot, Name, intern) so the cache misses of
 * a batch overlap.  The batch ends at end of input and at the first
 * diagnostic; once there is one the scanner goes a token at a time, so
 * errors are found in the same order as without reading ahead.  Returns
 * the number of tokens. */
static uint32_t fill(ParseCtx *c, LexAhead *a, yyscan_t sc, LexTok *out,
                     uint32_t max) {
  LexState *ls = c->lex;
  Intern *names = &c->prog->names;
  int errors = c->diag->errors;
  if (errors) max = 1;
  uint32_t pend[AHEAD], npend = 0, n = 0;
  while (n < max) {
    uint32_t i = n++;
    LexTok *t = &out[i];
    ls->id_s = NULL;
    t->tok = lex_scan(&t->v, &t->l, sc);
    if (t->tok == IDENT && ls->id_s) {
      memcpy(a->text[i], ls->id_s, ls->id_n);
      t->s = a->text[i];
      t->len = ls->id_n;
      t->h = mem_hash(a->text[i], ls->id_n);
      intern_prefetch_slot(names, t->h);
      pend[npend++] = i;
    }
    if (t->tok == 0 || c->diag->errors != errors) break;
  }
  for (uint32_t k = 0; k < npend; k++)
    intern_prefetch_name(names, out[pend[k]].h);
  for (uint32_t k = 0; k < npend; k++) {
    LexTok *t = &out[pend[k]];
    t->v.IDENT = intern_hashed(names, t->s, t->len, t->h);
  }
  return n;
}

/* ---- a large file: the scanner in a thread of its own ----
 *
 * For a regular file of DEAL_PIPE_MIN bytes or more, a second thread runs
 * the scanner and the interning (about half the work of reading a file)
 * while the parser builds the tree from the tokens it has made: batches
 * of tokens pass through a ring of PIPE_SLOTS.  The scanner thread owns
 * the flex scanner, the LexState and the names table while it runs; the
 * parser thread owns the tree.  What the scanner reports goes to a Diag of
 * its own, and the thread stops after the first token with a diagnostic:
 * when the parser reaches that token it takes the diagnostics over and
 * scans the rest itself, one token at a time as without the thread.  So
 * every token, name and message is the same as in one thread, in the
 * same order.  At an `include` the scanner thread is paused (joined) and
 * started again after it, so only one thread ever scans. */

enum { PIPE_BATCH = 1024, PIPE_SLOTS = 4, PIPE_AHEAD = 16 };

/* A token in the ring: what the parser needs, in 24 bytes (the file of
 * its location is the scanner's), for 12 million tokens cross from one
 * core's cache to the other's at a million clauses. */
typedef struct RingTok {
  int32_t tok;
  uint32_t line, col, len;
  YYSTYPE v;
} RingTok;

typedef struct PipeBatch {
  uint32_t n;
  RingTok t[PIPE_BATCH];
} PipeBatch;

/* What each thread writes often is a cache line (64 bytes) away from
 * what the other reads: the parser's thread touches neither the flex
 * scanner nor the LexState while the scanner's thread runs. */
struct LexPipe {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  /* under mu */
  uint64_t made, taken;    /* batches made by the scanner, used up */
  bool stop;               /* the parser asks the scanner thread to end */
  bool done;               /* the scanner thread made its last batch */
  bool oom;                /* ... because memory ran out */
  bool diag_end;           /* ... because its last token has diagnostics */
  /* the parser thread's */
  StateThread thr;         /* the scanner's thread, while it runs */
  char pad1[64];
  ParseCtx *pc;
  uint32_t pos;            /* next token in batch `taken` */
  bool have;               /* batch `taken` is being read */
  bool last;               /* and it is the last one */
  Loc eof;                 /* where the input ended */
  uint32_t file;           /* of every token */
  char pad2[64];
  /* the scanner thread's */
  ParseCtx lc;
  Diag ld;
  yyscan_t sc;
  char pad3[64];
  PipeBatch b[PIPE_SLOTS];
};

static void pipe_lock(LexPipe *pp) { pthread_mutex_lock(&pp->mu); }
static void pipe_unlock(LexPipe *pp) { pthread_mutex_unlock(&pp->mu); }

/* Memory ran out in the scanner's thread: the parser hears of it at its
 * next batch, and unwinds in its own thread. */
static void pipe_oom(void *arg) {
  LexPipe *pp = arg;
  pipe_lock(pp);
  pp->oom = pp->done = true;
  pthread_cond_broadcast(&pp->cv);
  pipe_unlock(pp);
}

static void pipe_main(void *arg) {
  LexPipe *pp = arg;
  ParseCtx *c = &pp->lc;
  Defer d;
  mem_defer(&d, pipe_oom, pp);
  for (;;) {
    pipe_lock(pp);
    while (!pp->stop && pp->made - pp->taken == PIPE_SLOTS)
      pthread_cond_wait(&pp->cv, &pp->mu);
    bool stop = pp->stop;
    uint64_t slot = pp->made % PIPE_SLOTS;
    pipe_unlock(pp);
    if (stop) break;
    PipeBatch *b = &pp->b[slot];
    LexAhead *a = c->lex->ahead;
    uint32_t n = 0;
    bool end = false;
    while (n < PIPE_BATCH && !end) {
      uint32_t max = PIPE_BATCH - n < AHEAD ? PIPE_BATCH - n : AHEAD;
      uint32_t k = fill(c, a, pp->sc, a->t, max);
      for (uint32_t i = 0; i < k; i++) {
        const LexTok *t = &a->t[i];
        if (n + i + PIPE_AHEAD < PIPE_BATCH)
          MEM_PREFETCH_W(&b->t[n + i + PIPE_AHEAD]);
        b->t[n + i] = (RingTok){t->tok, t->l.line, t->l.col, t->l.len, t->v};
      }
      n += k;
      end = a->t[k - 1].tok == 0 || pp->ld.nmsgs > 0;
    }
    b->n = n;
    pipe_lock(pp);
    pp->made++;
    if (end) {
      pp->done = true;
      pp->diag_end = pp->ld.nmsgs > 0;
    }
    pthread_cond_broadcast(&pp->cv);
    pipe_unlock(pp);
    if (end) break;
  }
  mem_undefer(&d, false);
}

/* Starts (or starts again) the scanner thread; false if it cannot. */
static bool pipe_run(LexPipe *pp) {
  if (pp->thr.running || pp->done) return pp->thr.running;
  pp->stop = false;
  return state_thread_start(&pp->thr, pipe_main, pp);
}

/* Stops the scanner thread after the batch it is making, and waits. */
static void pipe_halt(LexPipe *pp) {
  if (!pp->thr.running) return;
  pipe_lock(pp);
  pp->stop = true;
  pthread_cond_broadcast(&pp->cv);
  pipe_unlock(pp);
  state_thread_join(&pp->thr);
}

static void pipe_free(LexPipe *pp) {
  pipe_halt(pp);
  pthread_cond_destroy(&pp->cv);
  pthread_mutex_destroy(&pp->mu);
  diag_free(&pp->ld);
  mem_free(pp);
}

LexPipe *lex_pipe_start(ParseCtx *c, void *sc) {
  LexPipe *pp = mem_alloc(sizeof *pp);
  memset(pp, 0, offsetof(LexPipe, b));
  if (pthread_mutex_init(&pp->mu, NULL) != 0) {
    mem_free(pp);
    return NULL;
  }
  if (pthread_cond_init(&pp->cv, NULL) != 0) {
    pthread_mutex_destroy(&pp->mu);
    mem_free(pp);
    return NULL;
  }
  pp->pc = c;
  pp->sc = sc;
  pp->file = c->lex->file;
  pp->lc = *c;
  diag_init(&pp->ld, NULL, false);
  pp->lc.diag = &pp->ld;
  c->pipe = pp;
  yyset_extra(&pp->lc, sc);
  if (!pipe_run(pp)) {
    lex_pipe_end(c, pp);
    return NULL;
  }
  return pp;
}

void lex_pipe_end(ParseCtx *c, LexPipe *pp) {
  if (!pp) return;
  pipe_halt(pp);
  if (c->pipe == pp) {
    c->pipe = NULL;
    yyset_extra(c, pp->sc);
  }
  pipe_free(pp);
}

void lex_pipe_halt(LexPipe *pp) {
  if (pp) pipe_halt(pp);
}

void lex_pipe_resume(LexPipe *pp) {
  if (pp) (void)pipe_run(pp);
}

void lex_pipe_free(LexPipe *pp) {
  if (pp) pipe_free(pp);
}

/* The parser's next token from the ring. */
static int pipe_next(LexPipe *pp, YYSTYPE *v, YYLTYPE *l) {
  if (pp->have && pp->pos == pp->b[pp->taken % PIPE_SLOTS].n) {
    pipe_lock(pp);
    pp->taken++;
    pthread_cond_broadcast(&pp->cv);
    pipe_unlock(pp);
    pp->have = false;
  }
  if (!pp->have) {
    pipe_lock(pp);
    /* a paused thread (an include) was started again; one that could not
     * be leaves its part to this thread: see yylex */
    while (pp->made == pp->taken && !pp->done && pp->thr.running)
      pthread_cond_wait(&pp->cv, &pp->mu);
    bool avail = pp->made > pp->taken;
    pp->last = avail && pp->done && pp->made == pp->taken + 1;
    bool oom = pp->oom;
    pipe_unlock(pp);
    if (!avail) {
      if (oom) mem_throw();
      return -1;  /* nothing more from the thread */
    }
    pp->have = true;
    pp->pos = 0;
  }
  PipeBatch *b = &pp->b[pp->taken % PIPE_SLOTS];
  /* the tokens were written in the other core's cache: ask for them a
   * few lines ahead, or each line is a wait */
  if (pp->pos + PIPE_AHEAD < b->n) MEM_PREFETCH(&b->t[pp->pos + PIPE_AHEAD]);
  const RingTok *t = &b->t[pp->pos++];
  *v = t->v;
  *l = (Loc){pp->file, t->line, t->col, t->len};
  return t->tok;
}

/* The next token of the batch, or of the ring. */
static int next_token(YYSTYPE *v, YYLTYPE *l, yyscan_t sc, ParseCtx *c) {
  LexPipe *pp = c->pipe;
  /* past the error limit nothing more would be shown: stop reading */
  if (c->diag->errors > DIAG_MAX_ERRORS) return 0;
  if (pp) {
    int tok = pipe_next(pp, v, l);
    bool final = tok >= 0 && pp->last &&
                 pp->pos == pp->b[pp->taken % PIPE_SLOTS].n;
    if (tok >= 0 && !(final && pp->diag_end)) {
      if (tok == 0) pp->eof = *l;
      return tok;
    }
    if (tok < 0 && pp->done) {
      *l = pp->eof;  /* asked again after the end */
      return 0;
    }
    /* The thread ended after a token with diagnostics, or could not be
     * started again after an include: its diagnostics become the
     * parser's and this thread scans the rest. */
    pipe_halt(pp);
    diag_take(c->diag, &pp->ld);
    c->pipe = NULL;
    yyset_extra(c, sc);
    if (tok >= 0) return tok;
  }
  LexAhead *a = c->lex->ahead;
  if (a->head == a->n) {
    a->head = 0;
    a->n = fill(c, a, sc, a->t, AHEAD);
  }
  *v = a->t[a->head].v;
  *l = a->t[a->head].l;
  return a->t[a->head++].tok;
}

/* The parser's scanner.  It remembers where the last two tokens are: a
 * syntax error is found at the second, and a missing `;` belongs after
 * the first (build_unexpected).  When a `;` was missing before the token
 * the parser has, error recovery throws that token away and asks for the
 * next: the `;` is given then, and the token again, so that reading goes
 * on at the statement after the `;` (ParseCtx.put_semicolon). */
int yylex(YYSTYPE *v, YYLTYPE *l, yyscan_t sc, ParseCtx *c) {
  LexAhead *a = c->lex->ahead;
  int tok;
  if (c->put_semicolon) {
    c->put_semicolon = false;
    a->resend = 1;
    tok = ';';
    *l = c->semicolon_at;
  } else if (a->resend) {
    a->resend = 0;
    tok = a->last.tok;
    *v = a->last.v;
    *l = a->last.l;
  } else {
    tok = next_token(v, l, sc, c);
    a->last = (LexTok){.tok = tok, .v = *v, .l = *l};
  }
  c->tok_prev = c->tok_last;
  c->tok_last = *l;
  return tok;
}

int lex_literal(ParseCtx *c, const char *s, size_t n, union YYSTYPE *v,
                Loc *l) {
  int64_t val;
  const char *err;
  LitKind k = lit_parse(s, n, &val, &err);
  if (err && strcmp(err, LIT_ERR_NO_DOLLAR) == 0)
    diag_error(c->diag, *l, "%s: " LQ "%.*s" RQ "; did you mean " LQ "$%.*s"
               RQ "?", err, (int)n, s, (int)n, s);  /* n < 64 */
  else if (err)
    diag_error(c->diag, *l, "%s: " LQ "%.*s" RQ, err, n > 40 ? 40 : (int)n, s);
  if (err) val = -1;  /* no value: later checks on it stay silent */
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

static void mark_push(ParseCtx *c, Mark m) {
  Program *p = c->prog;
  VEC_PUSH(c->a, p->marks, p->nmarks, p->capmarks, m);
}

void lex_comment(ParseCtx *c, const char *s, size_t n, Loc *l) {
  if (c->prog->keep_comments) {
    size_t k = n;
    while (k > 1 && (s[k - 1] == '\r' || s[k - 1] == ' ' || s[k - 1] == '\t')) k--;
    mark_push(c, (Mark){*l, arena_strndup(c->a, s, k), MARK_COMMENT,
                        c->lex->own_line});
  }
  check_nuls(c, s, n, *l);
  if (lex_utf8_invalid(s, n) != n) {
    Loc at = *l;
    at.len = 1;
    diag_error(c->diag, at, "invalid UTF-8 in a comment");
  }
}

void lex_blank_line(ParseCtx *c) {
  if (c->prog->keep_comments)
    mark_push(c, (Mark){{c->lex->file, c->lex->line, 1, 0}, NULL, MARK_BLANK,
                        true});
}

void lex_close(ParseCtx *c, Loc *l) {
  if (c->prog->keep_comments) mark_push(c, (Mark){*l, NULL, MARK_CLOSE, false});
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
  char *out = arena_alloc(&c->prog->text, bn + 1);
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
