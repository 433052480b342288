/* print: canonical source text of statements. */
#include "print.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "literal.h"

void sb_init(StrBuf *b) { memset(b, 0, sizeof *b); }
void sb_init_kept(StrBuf *b) {
  memset(b, 0, sizeof *b);
  b->kept = true;
}
void sb_free(StrBuf *b) {
  bool kept = b->kept;
  mem_free(b->s);
  sb_init(b);
  b->kept = kept;
}

void print_stream_open(PrintStream *s) {
  s->text = NULL;
  s->len = 0;
  s->f = open_memstream(&s->text, &s->len);
  if (!s->f) mem_throw();
}

const char *print_stream_text(PrintStream *s, size_t *len) {
  fflush(s->f);
  *len = s->len;
  return s->text ? s->text : "";
}

void print_stream_free(void *v) {
  PrintStream *s = v;
  if (s->f) fclose(s->f);
  free(s->text);
  s->f = NULL;
  s->text = NULL;
}

/* A StrBuf's text is a temporary (mem.h): freed by its owner, or by an
 * unwind. */
void sb_put(StrBuf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t nc = b->cap ? b->cap * 2 : 128;
    while (nc < b->n + n + 1) nc *= 2;
    b->s = b->s ? mem_realloc(b->s, nc) : b->kept ? mem_alloc(nc) : mem_talloc(nc);
    b->cap = nc;
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = 0;
}

void sb_puts(StrBuf *b, const char *s) { sb_put(b, s, strlen(s)); }

void sb_vprintf(StrBuf *b, const char *fmt, va_list ap) {
  char tmp[512];
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  if (n >= 0 && (size_t)n < sizeof tmp) {
    sb_put(b, tmp, (size_t)n);
  } else if (n >= 0) {
    char *big = mem_talloc((size_t)n + 1);
    vsnprintf(big, (size_t)n + 1, fmt, again);
    sb_put(b, big, (size_t)n);
    mem_free(big);
  }
  va_end(again);
}

void sb_printf(StrBuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(b, fmt, ap);
  va_end(ap);
}

const char *print_prep(Prep prep) {
  switch (prep) {
    case PREP_WITH: return "with";
    case PREP_TO: return "to";
    case PREP_IN: return "in";
    case PREP_ON: return "on";
    case PREP_FOR: return "for";
    case PREP_NONE: break;
  }
  return "";
}

static void print_ref(StrBuf *b, const Ref *r) {
  sb_puts(b, r->name ? r->name->s : "?");
}

static void print_qref(StrBuf *b, const QRef *r) {
  sb_puts(b, r->name ? r->name->s : "?");
  if (r->member) {
    sb_puts(b, ".");
    sb_puts(b, r->member->s);
  }
}

static void print_string_lit(StrBuf *b, const char *s) {
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

/* NAME or NAME.MEMBER */
static void print_cond(StrBuf *b, const Cond *c) {
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

static void print_mods(StrBuf *b, const Mods *m) {
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

static void print_check(StrBuf *b, const Check *c) {
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

static void print_ctx(StrBuf *b, const CheckCtx *x) {
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

/* Without printf: a timeline prints millions of periods. */
void print_periods(StrBuf *b, const Period *v, uint32_t n) {
  char d[64];
  if (!n) sb_puts(b, "never");
  for (uint32_t i = 0; i < n; i++) {
    if (i) sb_put(b, ", ", 2);
    if (!v[i].from && !v[i].to) {
      sb_puts(b, "always");
      continue;
    }
    if (!v[i].from) sb_put(b, "until ", 6);
    else if (!v[i].to) sb_put(b, "from ", 5);
    if (v[i].from) sb_put(b, lit_date_str(v[i].from, d), 10);
    if (v[i].from && v[i].to) sb_put(b, " to ", 4);
    if (v[i].to) sb_put(b, lit_date_str(v[i].to, d), 10);
  }
}

/* Called while parsing, where an out-of-memory unwind keeps what the
 * program owns: the temporary text is freed on the way out. */
char *print_check_text(Arena *a, const Expect *e) {
  StrBuf b;
  sb_init(&b);
  Defer d;
  mem_defer(&d, (void (*)(void *))sb_free, &b);
  if (e->cx.when) sb_puts(&b, "when ");
  print_check(&b, &e->ck);
  print_ctx(&b, &e->cx);
  if (e->cx.is) {
    sb_puts(&b, " is ");
    print_periods(&b, e->cx.is->v, e->cx.is->n);
  }
  char *s = arena_strndup(a, b.s ? b.s : "", b.n);
  mem_undefer(&d, true);
  return s;
}

void print_clause_name_parts(const Clause *c, const char **a,
                             const char **sep, const char **b) {
  *a = *sep = *b = "";
  if (c->agr) {
    *a = c->agr->h.name ? c->agr->h.name->s : "?";
    *sep = ".";
    *b = c->name->s;
  } else if (c->out) {
    const char *o = c->out->h.name ? c->out->h.name->s : "?";
    if (c->is_order) *a = "order of ", *b = o;
    else if (c->is_outcome_flow) *a = "flow of ", *b = o;
    else *a = o, *sep = ".", *b = c->name->s;
  }
}

void print_clause_name(StrBuf *b, const Clause *c) {
  const char *x, *sep, *y;
  print_clause_name_parts(c, &x, &sep, &y);
  sb_puts(b, x);
  sb_puts(b, sep);
  sb_puts(b, y);
}

void print_clause_name_to(FILE *f, const Clause *c) {
  const char *x, *sep, *y;
  print_clause_name_parts(c, &x, &sep, &y);
  fputs(x, f);
  fputs(sep, f);
  fputs(y, f);
}

/* ---- whole programs ----
 *
 * deal fmt keeps the author's layout, from the marks the scanner recorded
 * (Program.marks): a blank line stands where the author left one or more,
 * but never at the start of the file or of a block, nor before a `}`; a
 * comment on a line of its own stays right above the statement it
 * preceded, at that statement's indentation; a comment after a statement
 * stays on the statement's line.  Columns (the names and descriptions of
 * parties and products, the `clause NAME:` of clauses) are aligned over a
 * run of consecutive lines of one kind, which a blank line or a comment
 * line ends.  Where there are no marks (the REPL's :show) and where the
 * text passes from one file to another (:save inlines includes and adds
 * what was typed), a blank line separates statements of different kinds,
 * as in the language reference. */

typedef struct PrintFile {
  const uint32_t *mark;    /* its marks: indices in Program.marks, in order */
  uint32_t n, next;        /* next: the first not printed yet */
  int64_t last;            /* its last item (printed, or an include :save
                              inlines), -1 for none */
} PrintFile;

typedef struct Printer {
  StrBuf *b;
  const Program *p;
  int file;                /* >= 0: only that file's items (deal fmt) */
  bool layout;             /* the marks are followed */
  PrintFile *files;        /* by file index, when layout */
  uint32_t *ix;            /* the marks' indices, file by file */
  uint32_t nfiles;
  int64_t cur;             /* file of the last statement printed, -1: none */
  int group;               /* blank-line group of the last item, -1: none */
  bool blank;              /* a blank line is due before the next line */
  bool open;               /* at the start of the text or of a block */
  int wname, wdesc;        /* column widths of the run being printed */
  uint32_t run;            /* statements of that run still to print */
} Printer;

static int str_lit_width(const char *s) {
  StrBuf t;
  sb_init(&t);
  print_string_lit(&t, s);
  int n = (int)t.n;
  sb_free(&t);
  return n;
}

/* Spaces that take a column of width `len` to `width` (none past it: a
 * negative width to %*s would pad on the other side). */
static int pad(int width, size_t len) {
  return width > (int)len ? width - (int)len : 0;
}

static bool loc_before(Loc a, Loc b) {
  return a.line < b.line || (a.line == b.line && a.col < b.col);
}

static void printer_init(Printer *pr, StrBuf *b, const Program *p, int file,
                         bool layout) {
  memset(pr, 0, sizeof *pr);
  pr->b = b;
  pr->p = p;
  pr->file = file;
  pr->layout = layout;
  pr->cur = -1;
  pr->group = -1;
  pr->open = true;
  if (!layout) return;
  uint32_t nf = 0;
  for (uint32_t i = 0; i < p->nmarks; i++)
    if (p->marks[i].loc.file >= nf) nf = p->marks[i].loc.file + 1;
  for (uint32_t i = 0; i < p->nitems; i++)
    if (p->items[i].loc.file >= nf) nf = p->items[i].loc.file + 1;
  pr->nfiles = nf;
  pr->files = mem_tcalloc(nf ? nf : 1, sizeof *pr->files);
  pr->ix = mem_talloc((p->nmarks ? p->nmarks : 1) * sizeof *pr->ix);
  /* each file's marks together, in the order they were recorded */
  uint32_t *start = mem_tcalloc(nf + 1, sizeof *start);
  for (uint32_t i = 0; i < p->nmarks; i++) start[p->marks[i].loc.file + 1]++;
  for (uint32_t f = 0; f < nf; f++) start[f + 1] += start[f];
  for (uint32_t f = 0; f < nf; f++) {
    pr->files[f].mark = pr->ix + start[f];
    pr->files[f].last = -1;
  }
  for (uint32_t i = 0; i < p->nmarks; i++) {
    PrintFile *pf = &pr->files[p->marks[i].loc.file];
    pr->ix[start[p->marks[i].loc.file] + pf->n++] = i;
  }
  mem_free(start);
}

static void printer_free(Printer *pr) {
  mem_free(pr->files);
  mem_free(pr->ix);
}

static PrintFile *pfile(const Printer *pr, uint32_t f) {
  return pr->layout && f < pr->nfiles ? &pr->files[f] : NULL;
}

static const Mark *mark_at(const Printer *pr, const PrintFile *pf,
                           uint32_t k) {
  return &pr->p->marks[pf->mark[k]];
}

/* A line is about to be printed: the blank line due before it, if any. */
static void line_start(Printer *pr) {
  if (pr->blank && !pr->open) sb_puts(pr->b, "\n");
  pr->blank = pr->open = false;
}

static void block_open(Printer *pr) {
  pr->open = true;
  pr->blank = false;
}

static void print_mark(Printer *pr, const Mark *m, const char *indent) {
  StrBuf *b = pr->b;
  if (m->kind == MARK_BLANK) {
    pr->blank = true;
  } else if (m->kind == MARK_COMMENT) {
    if (!m->own_line && b->n && b->s[b->n - 1] == '\n') {
      b->n--;  /* after the statement it followed, on its line */
      sb_printf(b, "  %s\n", m->text);
    } else {
      line_start(pr);
      sb_printf(b, "%s%s\n", indent, m->text);
    }
  }
}

/* The marks of file f before `at`, comments at this indentation. */
static void marks_before(Printer *pr, uint32_t f, Loc at, const char *indent) {
  PrintFile *pf = pfile(pr, f);
  if (!pf) return;
  while (pf->next < pf->n && loc_before(mark_at(pr, pf, pf->next)->loc, at))
    print_mark(pr, mark_at(pr, pf, pf->next++), indent);
}

static void marks_rest(Printer *pr, uint32_t f) {
  marks_before(pr, f, (Loc){f, UINT32_MAX, UINT32_MAX, 0}, "");
}

/* Is there a blank line or a comment line of file f from a to before b?
 * Either ends a run of aligned lines. */
static bool breaks_between(const Printer *pr, uint32_t f, Loc a, Loc b) {
  const PrintFile *pf = pfile(pr, f);
  if (!pf) return false;
  uint32_t lo = pf->next, hi = pf->n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (loc_before(mark_at(pr, pf, mid)->loc, a)) lo = mid + 1;
    else hi = mid;
  }
  for (uint32_t k = lo; k < pf->n; k++) {
    const Mark *m = mark_at(pr, pf, k);
    if (!loc_before(m->loc, b)) break;
    if (m->kind == MARK_BLANK || (m->kind == MARK_COMMENT && m->own_line))
      return true;
  }
  return false;
}

/* A statement inside a block is about to be printed. */
static void stmt_begin(Printer *pr, Loc at, const char *indent) {
  marks_before(pr, at.file, at, indent);
  line_start(pr);
}

/* The end of a block of file f: the comments left in it, at the inner
 * indentation, then the `}` line (no blank line before it). */
static void block_end(Printer *pr, uint32_t f, const char *inner,
                      const char *close) {
  PrintFile *pf = pfile(pr, f);
  if (pf) {
    uint32_t k = pf->next;
    while (k < pf->n && mark_at(pr, pf, k)->kind != MARK_CLOSE) k++;
    if (k < pf->n) {
      while (pf->next < k) print_mark(pr, mark_at(pr, pf, pf->next++), inner);
      pf->next++;
    }
  }
  pr->blank = pr->open = false;
  sb_puts(pr->b, close);
}

static void print_refs(StrBuf *b, const Ref *r, uint32_t n, const char *sep) {
  for (uint32_t i = 0; i < n; i++) {
    if (i) sb_puts(b, sep);
    print_ref(b, &r[i]);
  }
}

/* The run of clause statements of an outcome from st[i] on. */
static void stmt_run(Printer *pr, Stmt *const *st, uint32_t n, uint32_t i) {
  pr->wname = 0;
  pr->run = 0;
  for (uint32_t j = i; j < n && st[j]->k == S_CLAUSE; j++) {
    if (j > i && breaks_between(pr, st[j]->loc.file, st[j - 1]->loc, st[j]->loc))
      break;
    if ((int)st[j]->own->name->len > pr->wname)
      pr->wname = (int)st[j]->own->name->len;
    pr->run++;
  }
}

static void print_stmt(Printer *pr, Stmt *const *st, uint32_t n, uint32_t i) {
  StrBuf *b = pr->b;
  const Stmt *s = st[i];
  stmt_begin(pr, s->loc, "    ");
  sb_puts(b, "    ");
  if (s->k != S_CLAUSE) pr->run = 0;
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
      if (!pr->run) stmt_run(pr, st, n, i);
      pr->run--;
      sb_printf(b, "clause %s:%*s ", s->own->name->s,
                pad(pr->wname, s->own->name->len), "");
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

/* The run of an agreement's clauses from cl[i] on. */
static void clause_run(Printer *pr, Clause *const *cl, uint32_t n, uint32_t i) {
  pr->wname = 0;
  pr->run = 0;
  for (uint32_t j = i; j < n; j++) {
    if (j > i && breaks_between(pr, cl[j]->loc.file, cl[j - 1]->loc, cl[j]->loc))
      break;
    if ((int)cl[j]->name->len > pr->wname) pr->wname = (int)cl[j]->name->len;
    pr->run++;
  }
}

static void print_outcome(Printer *pr, const Outcome *o) {
  StrBuf *b = pr->b;
  char buf[64];
  sb_printf(b, "  outcome %s", o->h.name->s);
  if (o->title) {
    sb_puts(b, " ");
    print_string_lit(b, o->title);
  }
  if (o->has_prob) sb_printf(b, " probability %s", lit_pct_str(o->prob, buf));
  sb_puts(b, " {\n");
  block_open(pr);
  for (uint32_t k = 0; k < o->nst; k++) print_stmt(pr, o->st, o->nst, k);
  block_end(pr, o->h.loc.file, "    ", "  }\n");
}

/* A dispute's items in the author's order: plaintiff, defendants and
 * claim (each at most once) among the outcomes. */
static void print_dispute_items(Printer *pr, const Dispute *x) {
  StrBuf *b = pr->b;
  typedef struct Head { Loc at; int k; } Head;
  Head head[3];
  int nh = 0;
  if (x->has_plaintiff) head[nh++] = (Head){x->plaintiffs[0].loc, 0};
  if (x->has_defendants) head[nh++] = (Head){x->defendants[0].loc, 1};
  if (x->has_claim) head[nh++] = (Head){x->claim_loc, 2};
  for (int i = 1; i < nh; i++)
    for (int j = i; j > 0 && loc_before(head[j].at, head[j - 1].at); j--) {
      Head t = head[j];
      head[j] = head[j - 1];
      head[j - 1] = t;
    }
  int h = 0;
  uint32_t oi = 0;
  bool after_head = false;
  while (h < nh || oi < x->nouts) {
    if (h < nh &&
        (oi == x->nouts || loc_before(head[h].at, x->outs[oi]->h.loc))) {
      stmt_begin(pr, head[h].at, "  ");
      if (head[h].k == 0) {
        sb_puts(b, "  plaintiff ");
        print_refs(b, x->plaintiffs, x->nplaintiffs, ", ");
      } else if (head[h].k == 1) {
        sb_puts(b, "  defendants ");
        print_refs(b, x->defendants, x->ndefendants, ", ");
      } else {
        sb_puts(b, "  claim ");
        print_string_lit(b, x->claim);
      }
      sb_puts(b, ";\n");
      h++;
      after_head = true;
    } else {
      /* without the author's layout, the outcomes are set apart */
      if (!pr->layout && after_head) pr->blank = true;
      stmt_begin(pr, x->outs[oi]->h.loc, "  ");
      print_outcome(pr, x->outs[oi++]);
      after_head = false;
    }
  }
}

static void print_party(Printer *pr, const Party *x) {
  StrBuf *b = pr->b;
  const Decl *d = &x->h;
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
}

static void print_product(Printer *pr, const Product *x) {
  StrBuf *b = pr->b;
  const Decl *d = &x->h;
  bool more = x->has_parent || x->has_owner;
  sb_printf(b, "product %s", d->name->s);
  if (x->desc || more)
    sb_printf(b, "%*s", pad(pr->wname, d->name->len), "");
  if (x->desc) {
    sb_puts(b, " ");
    print_string_lit(b, x->desc);
  }
  if (more && pr->wdesc) {
    size_t dw = x->desc ? (size_t)str_lit_width(x->desc) + 1 : 0;
    sb_printf(b, "%*s", pad(pr->wdesc, dw), "");
  }
  if (x->has_parent) sb_printf(b, " is %s", x->parent.name->s);
  if (x->has_owner) sb_printf(b, " owned by %s", x->owner.name->s);
  sb_puts(b, ";\n");
}

static void print_agreement(Printer *pr, const Agreement *g) {
  StrBuf *b = pr->b;
  const Decl *d = &g->h;
  char buf[64];
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
  block_open(pr);
  for (uint32_t i = 0; i < g->ncl; i++) {
    const Clause *c = g->cl[i];
    stmt_begin(pr, c->loc, "  ");
    if (!pr->run) clause_run(pr, g->cl, g->ncl, i);
    pr->run--;
    sb_printf(b, "  clause %s:%*s ", c->name->s,
              pad(pr->wname, c->name->len), "");
    print_body(b, c->body);
    sb_puts(b, ";\n");
  }
  block_end(pr, d->loc.file, "  ", "}\n");
}

static void print_decl_in(Printer *pr, const Decl *d) {
  StrBuf *b = pr->b;
  switch (d->kind) {
    case K_PARTY: print_party(pr, (const Party *)d); break;
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
    case K_PRODUCT: print_product(pr, (const Product *)d); break;
    case K_FACT:
      sb_printf(b, "fact %s = %s;\n", d->name->s,
                ((const Fact *)d)->value ? "true" : "false");
      break;
    case K_AGREEMENT: print_agreement(pr, (const Agreement *)d); break;
    case K_DISPUTE: {
      const Dispute *x = (const Dispute *)d;
      sb_printf(b, "dispute %s", d->name->s);
      if (x->title) {
        sb_puts(b, " ");
        print_string_lit(b, x->title);
      }
      sb_puts(b, " {\n");
      block_open(pr);
      print_dispute_items(pr, x);
      block_end(pr, d->loc.file, "  ", "}\n");
      break;
    }
    default:
      break;
  }
}

void print_decl(StrBuf *b, const Program *p, const Decl *d) {
  Printer pr;
  printer_init(&pr, b, p, -1, false);
  if (d->kind == K_ALIAS) d = &((const Alias *)d)->party->h;
  if (d->kind == K_OUTCOME && ((const Outcome *)d)->disp)
    d = &((const Outcome *)d)->disp->h;
  print_decl_in(&pr, d);
  printer_free(&pr);
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

static bool item_printed(const Printer *pr, const Item *it) {
  if (pr->file >= 0 && (int)it->loc.file != pr->file) return false;
  if (pr->file < 0 && it->k == I_INCLUDE) return false;
  return !(it->k == I_DECL && it->decl->redefined);
}

/* Parties and products are aligned in runs. */
static bool item_aligned(const Item *it) {
  return it->k == I_DECL &&
         (it->decl->kind == K_PARTY || it->decl->kind == K_PRODUCT);
}

/* The run of parties or of products from item i on. */
static void item_run(Printer *pr, uint32_t i) {
  const Program *p = pr->p;
  const Item *it = &p->items[i], *prev = NULL;
  pr->wname = pr->wdesc = 0;
  pr->run = 0;
  for (uint32_t j = i; j < p->nitems; j++) {
    const Item *x = &p->items[j];
    if (!item_printed(pr, x)) continue;
    if (x->k != I_DECL || x->decl->kind != it->decl->kind ||
        x->loc.file != it->loc.file)
      break;
    if (prev && breaks_between(pr, x->loc.file, prev->loc, x->loc)) break;
    if ((int)x->decl->name->len > pr->wname) pr->wname = (int)x->decl->name->len;
    if (x->decl->kind == K_PRODUCT && ((const Product *)x->decl)->desc) {
      int dw = str_lit_width(((const Product *)x->decl)->desc) + 1;
      if (dw > pr->wdesc) pr->wdesc = dw;
    }
    pr->run++;
    prev = x;
  }
}

/* An item of file f at `at` is next.  Without the author's layout a blank
 * line goes between groups; where the text passes to another file, so it
 * does, and before that file's comments or blank lines if it starts so. */
static void item_begin(Printer *pr, uint32_t f, Loc at, int group) {
  PrintFile *pf = pfile(pr, f);
  if (!pf) {
    if (pr->group >= 0 && group != pr->group) pr->blank = true;
  } else if (pr->cur >= 0 && (uint32_t)pr->cur != f) {
    bool marks_first =
        pf->next < pf->n && loc_before(mark_at(pr, pf, pf->next)->loc, at);
    pr->blank = group != pr->group || marks_first;
  }
  pr->cur = f;
  marks_before(pr, f, at, "");
}

void print_program(StrBuf *b, const Program *p, const PrintOpts *o) {
  Printer pr;
  printer_init(&pr, b, p, o->file, o->comments && p->keep_comments);
  for (uint32_t i = 0; pr.layout && i < p->nitems; i++) {
    const Item *it = &p->items[i];
    if (item_printed(&pr, it) || (o->file < 0 && it->k == I_INCLUDE))
      pr.files[it->loc.file].last = i;
  }
  for (uint32_t i = 0; i < p->nitems; i++) {
    const Item *it = &p->items[i];
    uint32_t f = it->loc.file;
    if (!item_printed(&pr, it)) {
      /* :save puts an included file where its include was: what came
       * before the include comes before the file, and so does a comment
       * after it (its line is not printed) */
      if (pr.layout && o->file < 0 && it->k == I_INCLUDE) {
        item_begin(&pr, f, it->loc, pr.group);
        PrintFile *pf = &pr.files[f];
        while (pf->next < pf->n &&
               mark_at(&pr, pf, pf->next)->loc.line == it->loc.line) {
          Mark m = *mark_at(&pr, pf, pf->next++);
          m.own_line = true;
          print_mark(&pr, &m, "");
        }
      }
      continue;
    }
    int g = item_group(it);
    item_begin(&pr, f, it->loc, g);
    line_start(&pr);
    pr.group = g;
    if (!item_aligned(it)) pr.run = 0;
    else if (!pr.run) item_run(&pr, i);
    if (pr.run) pr.run--;
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
    if (pr.layout && pr.files[f].last == (int64_t)i) marks_rest(&pr, f);
  }
  /* the comments after the last item: of the file (deal fmt: even of a
   * file of comments alone), or of each file whose last item is an
   * include (:save), innermost file first */
  for (uint32_t f = pr.nfiles; f-- > 0;)
    if (pr.files[f].last >= 0 || (int)f == o->file) marks_rest(&pr, f);
  printer_free(&pr);
}
