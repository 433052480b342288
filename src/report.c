/* report: the text report of `deal run`, and what the formats share. */
#include "report.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "explain.h"
#include "literal.h"
#include "print.h"

/* ---- an aligned table: cells of plain text, each with an optional
 * colour; the last column is not padded (no trailing blanks).  A table
 * is streamed in two passes over the same cells: the first measures the
 * columns, the second prints line by line, so that no table is ever held
 * whole.  Cells run on from line to line, ncols to a line.
 *
 * With a width (--width, or the terminal's), a table too wide for it is
 * laid out after the first pass: its widest columns narrowed (not below
 * their longest word) and their cells wrapped over several lines; or,
 * when even that does not fit, stacked — each line's first cell, then
 * every other cell on a line of its own after its column's heading. ---- */

enum { TBL_PLAIN, TBL_WRAP, TBL_STACK };

typedef struct Table {
  FILE *f;
  const char *indent;
  bool color;
  uint32_t ncols;           /* one per world and more: any number */
  uint8_t *right;
  size_t *w;
  int pass;                 /* 0: measure, 1: print */
  uint32_t n;               /* cells of the current line */
  /* pass 1: the line so far ends with the last non-empty cell (lastc,
   * lastlen): the cells after it are printed only if one is not empty */
  uint32_t lastc;
  size_t lastlen;
  const char **col;         /* colours of the empty cells after it */
  char *line;
  size_t nline, cline;
  /* fitting a width */
  uint32_t width;           /* 0: no limit */
  int mode;                 /* TBL_*, chosen when pass 1 begins */
  bool laid;
  size_t *minw;             /* each column's longest word */
  size_t *bodyw;            /* each column's widest cell below its heading */
  StrBuf head;              /* the heading line's cells, NUL after each */
  size_t *headat;
  uint64_t lines;           /* lines begun in this pass */
  StrBuf cells;             /* wrap, stack: the current line's cells */
  size_t *at;               /* cell c: cells.s + at[c], at[c + 1] - at[c] - 1 */
  const char **ccol;
  size_t *pos;              /* wrap: how far each cell is printed */
} Table;

static void tbl_init(Table *t, FILE *f, uint32_t ncols, const ReportOpts *o) {
  memset(t, 0, sizeof *t);
  t->f = f;
  t->indent = "  ";
  t->color = o->color;
  t->width = o->width;
  t->ncols = ncols;
  size_t n = ncols ? ncols : 1;
  t->right = mem_tcalloc(n, sizeof *t->right);
  t->w = mem_tcalloc(n, sizeof *t->w);
  t->col = mem_tcalloc(n, sizeof *t->col);
  t->minw = mem_tcalloc(n, sizeof *t->minw);
  t->bodyw = mem_tcalloc(n, sizeof *t->bodyw);
  t->headat = mem_tcalloc(n + 1, sizeof *t->headat);
  t->at = mem_tcalloc(n + 1, sizeof *t->at);
  t->ccol = mem_tcalloc(n, sizeof *t->ccol);
  t->pos = mem_tcalloc(n, sizeof *t->pos);
  sb_init(&t->head);
  sb_init(&t->cells);
}

static void tbl_free(Table *t) {
  mem_free(t->line);
  mem_free(t->right);
  mem_free(t->w);
  mem_free(t->col);
  mem_free(t->minw);
  mem_free(t->bodyw);
  mem_free(t->headat);
  mem_free(t->at);
  mem_free(t->ccol);
  mem_free(t->pos);
  sb_free(&t->head);
  sb_free(&t->cells);
  memset(t, 0, sizeof *t);
}

static char *out_room(Table *t, size_t n) {
  if (t->nline + n > t->cline) {
    size_t c = t->cline ? t->cline : 1024;
    while (c < t->nline + n) c *= 2;
    t->line = mem_realloc(t->line, c);
    t->cline = c;
  }
  char *p = t->line + t->nline;
  t->nline += n;
  return p;
}

static void out_put(Table *t, const char *s, size_t n) {
  memcpy(out_room(t, n), s, n);
}

static void out_pad(Table *t, size_t n) {
  memset(out_room(t, n), ' ', n);
}

/* A cell printed: after the blanks between it and the last one printed,
 * "  " before it, its padding before it when right-aligned. */
static void out_cell(Table *t, uint32_t c, const char *s, size_t len,
                     const char *color) {
  if (c) {
    for (uint32_t e = t->lastc; e < c; e++) {
      size_t l = e == t->lastc ? t->lastlen : 0;
      if (e > t->lastc) {
        out_put(t, "  ", 2);
        if (t->right[e]) out_pad(t, t->w[e] - l);
        if (t->color && t->col[e]) {
          out_put(t, t->col[e], strlen(t->col[e]));
          out_put(t, "\033[0m", 4);
        }
      }
      if (!t->right[e]) out_pad(t, t->w[e] - l);
    }
    out_put(t, "  ", 2);
  }
  if (t->right[c]) out_pad(t, t->w[c] - len);
  if (t->color && color) {
    out_put(t, color, strlen(color));
    out_put(t, s, len);
    out_put(t, "\033[0m", 4);
  } else {
    out_put(t, s, len);
  }
  t->lastc = c;
  t->lastlen = len;
}

static void tbl_line_end(Table *t) {
  out_put(t, "\n", 1);
  fwrite(t->line, 1, t->nline, t->f);
  t->nline = 0;
  t->n = 0;
}

/* May a line break after s[i]?  At a space, and inside a long name after
 * `_`, `/` or a `.` before a letter ("MSFT_OpenAI." "revenue_share"). */
static bool break_after(const char *s, size_t len, size_t i) {
  char c = s[i];
  if (c == ' ' || c == '_' || c == '/') return true;
  return c == '.' && i + 1 < len && ((s[i + 1] | 32) >= 'a' && (s[i + 1] | 32) <= 'z');
}

/* The longest unbreakable piece of s (the least a column narrows to). */
static size_t longest_word(const char *s, size_t len) {
  size_t best = 0, run = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] != ' ') run++;
    if (run > best) best = run;
    if (break_after(s, len, i)) run = 0;
  }
  return best;
}

/* After the first pass: plain when it fits; else the headings narrowed to
 * what is below them, then the widest columns in turn, not below their
 * longest word nor 6; else stacked. */
static void tbl_layout(Table *t) {
  t->laid = true;
  t->mode = TBL_PLAIN;
  if (!t->width || !t->ncols) return;
  size_t total = strlen(t->indent) + 2 * (t->ncols - 1);
  for (uint32_t c = 0; c < t->ncols; c++) total += t->w[c];
  if (total <= t->width) return;
  /* first the headings wider than what is below them */
  for (uint32_t c = 0; c < t->ncols && total > t->width; c++) {
    size_t floor = t->bodyw[c] > t->minw[c] ? t->bodyw[c] : t->minw[c];
    size_t cut = t->w[c] > floor ? t->w[c] - floor : 0;
    if (cut > total - t->width) cut = total - t->width;
    t->w[c] -= cut;
    total -= cut;
  }
  while (total > t->width) {
    uint32_t wide = t->ncols;
    for (uint32_t c = 0; c < t->ncols; c++) {
      size_t floor = t->minw[c] > 6 ? t->minw[c] : 6;
      if (t->w[c] > floor && (wide == t->ncols || t->w[c] > t->w[wide])) wide = c;
    }
    if (wide == t->ncols) break;
    t->w[wide]--;
    total--;
  }
  t->mode = total <= t->width ? TBL_WRAP : TBL_STACK;
}

/* The next piece of s (from *pos) that fits in w columns: up to the last
 * place a line may break that fits, else w bytes of a longer word; *pos
 * moves past it and the spaces after it.  Its length (trailing spaces
 * left out). */
static size_t next_piece(const char *s, size_t len, size_t *pos, size_t w) {
  size_t from = *pos;
  if (w < 1) w = 1;
  size_t n;
  if (len - from <= w) {
    n = len - from;
  } else {
    n = w;
    for (size_t i = from + w; i > from; i--)
      if (break_after(s, len, i - 1) || s[i] == ' ') {
        n = i - from;
        break;
      }
  }
  *pos = from + n;
  while (*pos < len && s[*pos] == ' ') (*pos)++;
  while (n && s[from + n - 1] == ' ') n--;
  return n;
}

static const char *cell_text(const Table *t, uint32_t c, size_t *len) {
  *len = t->at[c + 1] - t->at[c] - 1;
  return t->cells.s + t->at[c];
}

/* A line of wrapped cells: as many printed lines as its tallest cell. */
static void emit_wrapped(Table *t) {
  size_t *pos = t->pos;
  memset(pos, 0, t->ncols * sizeof *pos);
  for (bool more = true; more;) {
    more = false;
    out_put(t, t->indent, strlen(t->indent));
    t->lastc = 0;
    t->lastlen = 0;
    for (uint32_t c = 0; c < t->ncols; c++) {
      size_t len;
      const char *s = cell_text(t, c, &len);
      size_t from = pos[c], n = pos[c] < len ? next_piece(s, len, &pos[c], t->w[c]) : 0;
      if (n || c == 0) out_cell(t, c, s + from, n, n ? t->ccol[c] : NULL);
      else t->col[c] = NULL;
      more |= pos[c] < len;
    }
    tbl_line_end(t);
  }
}

/* The line so far, wrapped to the width (report_wrap). */
static void wrap_out(Table *t, size_t hang) {
  report_wrap(t->f, t->width, t->line, t->nline, (uint32_t)hang);
  t->nline = 0;
}

/* A line stacked: its first cell, then "heading: cell" for the others. */
static void emit_stacked(Table *t) {
  if (t->lines == 1) return;  /* the heading line: the labels below */
  StrBuf *b = &t->head;
  size_t ind = strlen(t->indent);
  size_t len;
  const char *s = cell_text(t, 0, &len);
  if (len) {
    out_put(t, t->indent, ind);
    out_put(t, s, len);
    wrap_out(t, ind + 4);
  }
  for (uint32_t c = 1; c < t->ncols; c++) {
    s = cell_text(t, c, &len);
    if (!len) continue;
    const char *h = b->s + t->headat[c];
    out_put(t, t->indent, ind);
    out_put(t, "  ", 2);
    size_t hl = strlen(h);
    if (hl) {
      out_put(t, h, hl);
      out_put(t, ": ", 2);
    }
    if (t->color && t->ccol[c]) {
      out_put(t, t->ccol[c], strlen(t->ccol[c]));
      out_put(t, s, len);
      out_put(t, "\033[0m", 4);
    } else {
      out_put(t, s, len);
    }
    size_t hang = ind + 2 + (hl ? hl + 2 : 0);
    wrap_out(t, hang < t->width / 2 ? hang : ind + 4);
  }
}

static void tbl_addn(Table *t, const char *s, size_t len, const char *color) {
  if (!t->ncols) return;
  uint32_t c = t->n;
  if (t->pass == 0) {
    if (len > t->w[c]) t->w[c] = len;
    size_t lw = longest_word(s, len);
    if (t->lines && lw > t->minw[c]) t->minw[c] = lw;
    if (t->lines && len > t->bodyw[c]) t->bodyw[c] = len;
    if (!t->lines) {  /* the heading line: a word of it is never cut */
      if (lw > t->minw[c]) t->minw[c] = lw;
      t->headat[c] = t->head.n;
      sb_put(&t->head, s, len);
      sb_put(&t->head, "", 1);
    }
    if (++t->n == t->ncols) {
      t->n = 0;
      t->lines++;
    }
    return;
  }
  if (!t->laid) tbl_layout(t);
  if (c == 0) t->lines++;
  if (t->mode != TBL_PLAIN) {
    if (c == 0) t->cells.n = 0;
    t->at[c] = t->cells.n;
    sb_put(&t->cells, s, len);
    sb_put(&t->cells, "", 1);
    t->at[c + 1] = t->cells.n;
    t->ccol[c] = color;
    if (++t->n == t->ncols) {
      if (t->mode == TBL_WRAP) emit_wrapped(t);
      else emit_stacked(t);
      t->n = 0;
    }
    return;
  }
  if (c == 0) out_put(t, t->indent, strlen(t->indent));
  if (len || c == 0) out_cell(t, c, s, len, color);
  else t->col[c] = color;
  if (++t->n == t->ncols) tbl_line_end(t);
}

static void tbl_add(Table *t, const char *s, const char *color) {
  tbl_addn(t, s, strlen(s), color);
}

/* The end of a pass: the last line, if short, is printed too. */
static void tbl_end(Table *t) {
  if (t->pass == 0) {
    if (t->n) t->lines++;
    t->lines = 0;
  }
  while (t->pass == 1 && t->n) tbl_add(t, "", NULL);
  t->n = 0;
}

/* The columns s[0..n) takes on a terminal: colour escapes take none. */
static size_t visible(const char *s, size_t n) {
  size_t w = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\033') {
      while (i < n && s[i] != 'm') i++;
      continue;
    }
    if (((unsigned char)s[i] & 0xC0) != 0x80) w++;  /* a UTF-8 lead byte */
  }
  return w;
}

void report_wrap(FILE *f, uint32_t width, const char *s, size_t n,
                 uint32_t hang) {
  if (!width || visible(s, n) <= width) {
    fwrite(s, 1, n, f);
    fputc('\n', f);
    return;
  }
  /* a hang that leaves no room for the longest word, or little, gives way */
  size_t longest = 0;
  for (size_t i = 0, e; i < n; i = e) {
    while (i < n && s[i] == ' ') i++;
    for (e = i; e < n && s[e] != ' ';) e++;
    size_t v = visible(s + i, e - i);
    if (v > longest) longest = v;
  }
  if (hang + longest > width || hang + 12 > width) hang = 4;
  size_t i = 0, col = 0;
  bool first = true;
  while (i < n) {
    /* a word and the spaces before it */
    size_t sp = i;
    while (sp < n && s[sp] == ' ') sp++;
    size_t e = sp;
    while (e < n && s[e] != ' ') e++;
    size_t wlen = visible(s + sp, e - sp);
    size_t gap = sp - i;
    if (!first && col + gap + wlen > width && col > hang) {
      fputc('\n', f);
      for (uint32_t k = 0; k < hang; k++) fputc(' ', f);
      col = hang;
      gap = 0;
    }
    for (size_t k = 0; k < gap; k++) fputc(' ', f);
    fwrite(s + sp, 1, e - sp, f);
    col += gap + wlen;
    first = false;
    i = e;
  }
  fputc('\n', f);
}

uint32_t report_terminal_width(FILE *f) {
  if (!isatty(fileno(f))) return 0;
  struct winsize ws;
  if (ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20) return ws.ws_col;
  const char *c = getenv("COLUMNS");
  long n = c ? strtol(c, NULL, 10) : 0;
  return n >= 20 && n <= 100000 ? (uint32_t)n : 80;
}

void report_say(FILE *f, uint32_t width, uint32_t hang, const char *fmt, ...) {
  StrBuf b;
  sb_init(&b);
  Defer d;
  mem_defer(&d, (void (*)(void *))sb_free, &b);
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(&b, fmt, ap);
  va_end(ap);
  report_wrap(f, width, b.s ? b.s : "", b.n, hang);
  mem_undefer(&d, true);
}

/* An empty StrBuf whose text is "" (sb_* leave s NULL until first use). */
static void sb_clear(StrBuf *b) {
  b->n = 0;
  sb_put(b, "", 0);
}

static const char *st_color(Status s) {
  static const char *const c[] = {"\033[32m", "\033[34m", "\033[31m", "\033[1;33m"};
  return c[s];
}

static const char *world_label(const RunData *d, uint32_t k) {
  return d->worlds[k].w->name;
}

/* ---- shared helpers ---- */

/* A clause's name (print_clause_name's parts, without printf: the breach
 * map names a pair per line). */
static void put_clause_name(StrBuf *b, const Clause *c) {
  const char *x, *sep, *y;
  print_clause_name_parts(c, &x, &sep, &y);
  sb_puts(b, x);
  sb_puts(b, sep);
  sb_puts(b, y);
}

static const char *pname(const RunData *d, int32_t q) {
  return d->p->parties[q]->h.name->s;
}

void report_permitted_text(StrBuf *b, const RunData *d, const RunSlot *s,
                           const RunMarket *mk, uint32_t max) {
  if (mk->rest_permitted) {
    /* every party not named, and some named ones */
    uint32_t excluded = s->np - mk->npermitted;
    if (!excluded) {
      sb_puts(b, "everyone");
      return;
    }
    sb_puts(b, "everyone but ");
    uint32_t shown = 0;
    for (uint32_t j = 0, i = 0; j < s->np; j++) {
      while (i < mk->npermitted && mk->permitted[i] < rundata_slot_parties(s)[j]) i++;
      if (i < mk->npermitted && mk->permitted[i] == rundata_slot_parties(s)[j]) continue;
      if (max && shown == max) {
        sb_printf(b, " and %u more", excluded - shown);
        break;
      }
      if (shown) sb_put(b, ", ", 2);
      sb_puts(b, pname(d, rundata_slot_parties(s)[j]));
      shown++;
    }
    return;
  }
  if (!mk->npermitted) {
    sb_puts(b, "nobody");
    return;
  }
  for (uint32_t i = 0; i < mk->npermitted; i++) {
    if (max && i == max) {
      sb_printf(b, " and %u more", mk->npermitted - i);
      break;
    }
    if (i) sb_put(b, ", ", 2);
    sb_puts(b, pname(d, mk->permitted[i]));
  }
}

void report_exclusive_text(StrBuf *b, const RunData *d, const RunSlot *s,
                           const RunMarket *mk) {
  size_t start = b->n;
  if (mk->exclusive >= 0) {
    sb_puts(b, "overall: ");
    sb_puts(b, pname(d, mk->exclusive));
  }
  for (uint32_t g = 0; g < s->namong; g++)
    if (mk->excl_among[g] >= 0 && mk->excl_among[g] != mk->exclusive) {
      if (b->n > start) sb_puts(b, "; ");
      sb_puts(b, "among ");
      sb_puts(b, rundata_slot_among(s)[g]->h.name->s);
      sb_puts(b, ": ");
      sb_puts(b, pname(d, mk->excl_among[g]));
    }
  if (b->n == start) sb_puts(b, "no");
}

void report_deciders(StrBuf *b, const RunData *d, const RunRow *r,
                     uint32_t k) {
  KeyResult kr = {0};
  Defer df;
  mem_defer(&df, (void (*)(void *))eval_key_free, &kr);
  eval_key(d->worlds[k].w, d->scratch, r->party, r->s->act,
           r->s->obj, &kr);
  if (kr.by_default) {
    if (kr.owner) sb_printf(b, "default: owned by %s", kr.owner->h.name->s);
    else sb_puts(b, "default: unowned");
  } else {
    /* a clause yields at most one norm per key (a slot lists it once) */
    bool first = true;
    for (uint32_t i = 0; i < kr.n; i++) {
      if (kr.hits[i].defeated) continue;
      if (!first) sb_puts(b, ", ");
      print_clause_name(b, kr.hits[i].c);
      first = false;
    }
  }
  mem_undefer(&df, true);
}

/* ---- sections ---- */

static void header(FILE *f, const RunData *d, const ReportOpts *o) {
  Program *p = d->p;
  char buf[64];
  bool dated = d->nw && d->worlds[0].w->date;
  report_say(f, o->width, 2, "%s%s%s%s", p->has_scenario ? p->title : "Scenario",
      dated ? " (as of " : "", dated ? lit_date_str(d->worlds[0].w->date, buf) : "",
      dated ? ")" : "");
  char only[512];
  if (rundata_filter_text(d, only, sizeof only)) report_say(f, o->width, 1, "(%s)", only);
  fprintf(f, "\nWorlds\n");
  for (uint32_t k = 0; k < d->nw; k++) {
    World *w = d->worlds[k].w;
    if (w->nchosen == 1) {
      Outcome *oc = w->chosen[0];
      report_say(f, o->width, 24, "  %-20s  %s%s%s%s%s", w->name, oc->disp->h.name->s,
          oc->has_prob ? ", " : "", oc->has_prob ? lit_pct_str(oc->prob, buf) : "",
          oc->title ? ": " : "", oc->title ? oc->title : "");
    } else if (w->nchosen == 0) {
      report_say(f, o->width, 24, "  %-20s  no outcome chosen", w->name);
    } else if (d->worlds[k].prob >= 0) {
      report_say(f, o->width, 24, "  %-20s  %s together", w->name,
          lit_pct_str((int32_t)d->worlds[k].prob, buf));
    } else {
      report_say(f, o->width, 24, "  %-20s", w->name);
    }
  }
}

/* "  and N more <what> that differ ..." lines for what was left out;
 * hint: more to say on the second (or ""). */
static void plan_note(FILE *f, const ReportOpts *o, const ReportPlan *p,
                      const char *what, const char *same, const char *hint) {
  if (p->left_differing)
    report_say(f, o->width, 4, "  and %u more %s that differ between worlds (--all "
        "lists them all)", p->left_differing, what);
  if (p->left_same)
    report_say(f, o->width, 4, "  and %u more %s %s (--all lists them all%s)",
        p->left_same, what, same, hint);
}

static void permissions(FILE *f, const RunData *d, const ReportOpts *o) {
  fputc('\n', f);
  report_say(f, o->width, 2, "%s", o->all ? "Permissions (every key a clause covers)"
                                   : "Permissions that differ between worlds or "
                                     "are contested");
  if (!d->nrows) {
    fprintf(f, "  (none)\n");
    if (d->expected_note[0]) report_say(f, o->width, 3, "  (%s)", d->expected_note);
    return;
  }
  ReportLines ls = {0};
  Defer dl;
  mem_defer(&dl, report_lines_free, &ls);
  report_lines(d, !o->all && d->nrows > REPORT_LINES_SHOWN, &ls);
  ReportPlan pl = report_plan(o->all, ls.n);
  uint32_t nc = 1 + d->nw + (d->has_expected ? 1 : 0);
  /* a status, changed or not */
  static const char *const cell[4][2] = {{"permitted", "permitted*"},
                                   {"required", "required*"},
                                   {"forbidden", "forbidden*"},
                                   {"contested", "contested*"}};
  Table t;
  tbl_init(&t, f, nc, o);
  if (d->has_expected) t.right[nc - 1] = 1;
  char buf[512];
  for (t.pass = 0; t.pass < 2; t.pass++) {
    tbl_add(&t, "key", NULL);
    for (uint32_t k = 0; k < d->nw; k++) tbl_add(&t, world_label(d, k), NULL);
    if (d->has_expected) tbl_add(&t, "expected", NULL);
    pl.used = 0;
    for (uint32_t i = 0; i < ls.n; i++) {
      const ReportLine *l = &ls.v[i];
      if (!report_plan_take(&pl, t.pass, 1, l->differs, l->n)) continue;
      const RunRow *r = &d->rows[ls.rows[l->first]];
      report_line_key(d, &ls, l, buf, sizeof buf);
      tbl_add(&t, buf, NULL);
      Status s0 = report_row_status(r, 0);
      for (uint32_t k = 0; k < d->nw; k++) {
        Status s = report_row_status(r, k);
        tbl_add(&t, cell[s][k && s != s0], st_color(s));
      }
      if (d->has_expected)
        tbl_add(&t, lit_pct_str(rundata_row_expected(d, r), buf), NULL);
    }
    tbl_end(&t);
  }
  tbl_free(&t);
  mem_undefer(&dl, true);
  plan_note(f, o, &pl, "keys", "contested alike in every world",
            "; Conflicts groups them by clause");
  if (d->has_expected)
    report_say(f, o->width, 3, "  (* differs from %s; expected: the weight of the %llu "
        "combinations of outcomes in which the key is permitted or required)",
        world_label(d, 0), (unsigned long long)d->ncombos);
  else
    report_say(f, o->width, 3, "  (* differs from %s)", world_label(d, 0));
  if (d->expected_note[0]) report_say(f, o->width, 3, "  (%s)", d->expected_note);
}

/* The cells of a market in world k (m0: in the first world, ex0 its
 * exclusivity as text). */
static void market_line(Table *t, const RunData *d, const RunSlot *sl,
                        uint32_t k, const RunMarket *m0, const RunMarket *mk,
                        const char *ex0, StrBuf *s) {
  char buf[512];
  if (k) {
    tbl_add(t, "", NULL);
  } else {
    rundata_slot_text(sl, buf, sizeof buf);
    tbl_add(t, buf, NULL);
  }
  tbl_add(t, world_label(d, k), NULL);
  sb_clear(s);
  report_permitted_text(s, d, sl, mk, 8);
  bool ch = k && (mk->npermitted != m0->npermitted ||
                  mk->rest_permitted != m0->rest_permitted ||
                  memcmp(mk->permitted, m0->permitted,
                         mk->npermitted * sizeof(int32_t)));
  if (ch) sb_puts(s, "*");
  tbl_addn(t, s->s, s->n, NULL);
  if (k) {
    sb_clear(s);
    report_exclusive_text(s, d, sl, mk);
    if (strcmp(s->s, ex0)) sb_puts(s, "*");
    tbl_addn(t, s->s, s->n, NULL);
  } else {
    tbl_add(t, ex0, NULL);
  }
  sb_clear(s);
  for (uint32_t c = 0; c < mk->ncontested && c < 8; c++) {
    if (c) sb_put(s, ", ", 2);
    sb_puts(s, pname(d, mk->contested[c]));
  }
  if (mk->ncontested > 8) sb_printf(s, " and %u more", mk->ncontested - 8);
  bool cch = k && (mk->ncontested != m0->ncontested ||
                   memcmp(mk->contested, m0->contested,
                          mk->ncontested * sizeof(int32_t)));
  if (cch) sb_puts(s, mk->ncontested ? "*" : "none*");
  tbl_addn(t, s->s, s->n, NULL);
}

static void markets(FILE *f, const RunData *d, const ReportOpts *o) {
  fputc('\n', f);
  report_say(f, o->width, 2, "Markets (who may, for each product a clause names)");
  if (!d->nmarkets) {
    fprintf(f, "  (none)\n");
    return;
  }
  Table t;
  tbl_init(&t, f, 5, o);
  StrBuf s, ex0;
  sb_init(&s);
  sb_init(&ex0);
  RunMarketBuf b0 = {0}, bk = {0};
  bool omitted = false;
  /* a market's lines: its first world's, and one per world that differs */
  uint32_t *lines = mem_talloc(((size_t)d->nmarkets + 1) * sizeof *lines);
  uint64_t nlines = 0;
  for (uint32_t i = 0; i < d->nmarkets; i++) {
    const RunSlot *sl = d->markets[i];
    RunMarket m0, mk;
    rundata_market(d, sl, 0, &m0, &b0);
    lines[i] = 1;
    for (uint32_t a = 0; a < sl->nalt; a++) {
      if (sl->alt[a].st == rundata_slot_st0(sl)) continue;
      rundata_market(d, sl, sl->alt[a].world, &mk, &bk);
      lines[i] += !rundata_market_equal(&mk, &m0, sl->namong);
    }
    nlines += lines[i];
  }
  ReportPlan pl = report_plan(o->all, nlines);
  for (t.pass = 0; t.pass < 2; t.pass++) {
    pl.used = 0;
    tbl_add(&t, "market", NULL);
    tbl_add(&t, "world", NULL);
    tbl_add(&t, "permitted", NULL);
    tbl_add(&t, "exclusive", NULL);
    tbl_add(&t, "contested", NULL);
    for (uint32_t i = 0; i < d->nmarkets; i++) {
      const RunSlot *sl = d->markets[i];
      if (!report_plan_take(&pl, t.pass, lines[i], lines[i] > 1, 1)) continue;
      RunMarket m0, mk;
      rundata_market(d, sl, 0, &m0, &b0);
      sb_clear(&ex0);
      report_exclusive_text(&ex0, d, sl, &m0);
      market_line(&t, d, sl, 0, &m0, &m0, ex0.s, &s);
      /* only a world whose statuses differ can differ: every other is
       * as in the first */
      uint32_t ndiff = 0;
      for (uint32_t a = 0; a < sl->nalt; a++) {
        uint32_t k = sl->alt[a].world;
        if (sl->alt[a].st == rundata_slot_st0(sl)) continue;
        ndiff++;
        rundata_market(d, sl, k, &mk, &bk);
        if (rundata_market_equal(&mk, &m0, sl->namong)) {
          omitted = true;
          continue;
        }
        market_line(&t, d, sl, k, &m0, &mk, ex0.s, &s);
      }
      if (ndiff + 1 < d->nw) omitted = true;
    }
    tbl_end(&t);
  }
  tbl_free(&t);
  sb_free(&s);
  sb_free(&ex0);
  rundata_market_buf_free(&b0);
  rundata_market_buf_free(&bk);
  mem_free(lines);
  plan_note(f, o, &pl, "markets", "the same in every world", "");
  if (d->nw > 1)
    report_say(f, o->width, 3, "  (* differs from %s%s)", world_label(d, 0),
        omitted ? "; a world not listed is as there" : "");
}

static void flows(FILE *f, const RunData *d, const ReportOpts *o) {
  fprintf(f, "\nFlows\n");
  if (!d->nflows) {
    fprintf(f, "  (none)\n");
    return;
  }
  Table t;
  tbl_init(&t, f, 2 + d->nw, o);
  /* the two texts of each flow, made in the first pass: text[2i],
   * text[2i+1] end at end[2i], end[2i+1] */
  StrBuf s;
  sb_init(&s);
  sb_clear(&s);
  size_t *end = mem_talloc((2 * (size_t)d->nflows + 1) * sizeof *end);
  char buf[64];
  ReportPlan pl = report_plan(o->all, d->nflows);
  for (t.pass = 0; t.pass < 2; t.pass++) {
    pl.used = 0;
    tbl_add(&t, "flow", NULL);
    tbl_add(&t, "clause", NULL);
    for (uint32_t k = 0; k < d->nw; k++) tbl_add(&t, world_label(d, k), NULL);
    for (uint32_t i = 0; i < d->nflows; i++) {
      const RunFlow *fl = &d->flows[i];
      bool differs = false;
      for (uint32_t k = 1; k < d->nw && !differs; k++) differs = rundata_flow_differs(fl, k);
      if (!report_plan_take(&pl, t.pass, 1, differs, 1)) {
        if (t.pass == 0) end[2 * i] = end[2 * i + 1] = s.n;
        continue;
      }
      if (t.pass == 0) {
        size_t from = s.n;
        Body body = *fl->b;
        body.mods = NULL;
        print_body(&s, &body);
        int64_t v;
        bool ovf;
        if (rundata_implied_valuation(fl->b, &v, &ovf))
          sb_printf(&s, " (implies %s for 100%%)", lit_money_str(v, buf));
        else if (ovf)
          sb_puts(&s, " (implied valuation: overflow)");
        end[2 * i] = s.n;
        tbl_addn(&t, s.s + from, s.n - from, NULL);
        from = s.n;
        put_clause_name(&s, fl->c);
        if (fl->c->agr && fl->b != fl->c->body) sb_puts(&s, " (amended)");
        end[2 * i + 1] = s.n;
        tbl_addn(&t, s.s + from, s.n - from, NULL);
      } else {
        size_t a = i ? end[2 * i - 1] : 0;
        tbl_addn(&t, s.s + a, end[2 * i] - a, NULL);
        tbl_addn(&t, s.s + end[2 * i], end[2 * i + 1] - end[2 * i], NULL);
      }
      for (uint32_t k = 0; k < d->nw; k++) {
        char cell[48];
        snprintf(cell, sizeof cell, "%s%s", rundata_flow_cell(fl, k, buf),
                 k && rundata_flow_differs(fl, k) ? "*" : "");
        tbl_add(&t, cell, NULL);
      }
    }
    tbl_end(&t);
  }
  tbl_free(&t);
  sb_free(&s);
  mem_free(end);
  plan_note(f, o, &pl, "flows", "active alike in every world", "");
}

static void totals(FILE *f, const RunData *d, const ReportOpts *o) {
  if (!d->nflows) return;
  fputc('\n', f);
  report_say(f, o->width, 2, "Totals per party (an investment without a committed part "
      "is committed whole)");
  Table t;
  tbl_init(&t, f, 2 + d->nw, o);
  char buf[64];
  uint64_t nlines = 0;
  for (uint32_t q = 0; q < d->p->nparties; q++) nlines += report_party_totals(d, q, NULL);
  ReportPlan pl = report_plan(o->all, nlines);
  for (t.pass = 0; t.pass < 2; t.pass++) {
    pl.used = 0;
    tbl_add(&t, "party", NULL);
    tbl_add(&t, "", NULL);
    for (uint32_t k = 0; k < d->nw; k++) tbl_add(&t, world_label(d, k), NULL);
    uint32_t rows = 0;
    for (uint32_t q = 0; q < d->p->nparties; q++) {
      bool differs;
      uint32_t n = report_party_totals(d, q, &differs);
      if (!n || !report_plan_take(&pl, t.pass, n, differs, 1)) continue;
      bool first = true;
      for (int mz = 0; mz < TM_N; mz++) {
        if (!rundata_total_shown(d, q, mz)) continue;
        tbl_add(&t, first ? pname(d, (int32_t)q) : "", NULL);
        tbl_add(&t, rundata_measure_name(mz), NULL);
        first = false;
        rows++;
        const RunTotal *x0 = &d->worlds[0].totals[(size_t)q * TM_N + mz];
        for (uint32_t k = 0; k < d->nw; k++) {
          const RunTotal *x = &d->worlds[k].totals[(size_t)q * TM_N + mz];
          bool ch = k && (x->v != x0->v || x->overflow != x0->overflow);
          char cell[80];
          if (!x->v && !x->overflow) snprintf(cell, sizeof cell, "-%s", ch ? "*" : "");
          else snprintf(cell, sizeof cell, "%s%s", rundata_total_str(x, mz, buf),
                        ch ? "*" : "");
          tbl_add(&t, cell, NULL);
        }
      }
    }
    if (!rows && !pl.cut) {
      fprintf(f, "  (only revenue shares)\n");
      break;
    }
    tbl_end(&t);
  }
  tbl_free(&t);
  plan_note(f, o, &pl, "parties", "with the same totals in every world", "");
}

/* One pair and its keys (the first few, and how many more). */
static void print_pair(FILE *f, const RunData *d, const RunPair *pr,
                       const uint32_t *rows, const char *label,
                       const ReportOpts *o, StrBuf *s) {
  sb_clear(s);
  sb_puts(s, "    ");
  sb_puts(s, label);
  if (o->color) sb_puts(s, "\033[1;33m");
  put_clause_name(s, d->p->clauses[pr->pos]);
  sb_puts(s, " vs ");
  put_clause_name(s, d->p->clauses[pr->neg]);
  if (o->color) sb_puts(s, "\033[0m");
  sb_puts(s, ":");
  char buf[512];
  for (uint32_t q = 0; q < pr->n; q++) {
    if (q == REPORT_KEYS_SHOWN && !o->all) {
      sb_printf(s, " and %u more", pr->n - q);
      break;
    }
    rundata_key_text(d, &d->rows[rows[q]], buf, sizeof buf);
    sb_puts(s, q ? ", " : " ");
    sb_puts(s, buf);
  }
  report_wrap(f, o->width, s->s, s->n, 6);
}

static const char *change_label(RunChange c) {
  switch (c) {
    case RUN_NEW: return "new: ";
    case RUN_CHANGED: return "changed: ";
    case RUN_RESOLVED: return "resolved: ";
    default: return "";
  }
}


/* The breach map of the first world in full; of the others, what differs
 * from it: pairs new in the world, pairs whose keys changed, pairs that
 * the world resolves.  Without --all, the first REPORT_PAIRS_SHOWN pairs
 * of each world and REPORT_KEYS_SHOWN keys of each pair, with how many
 * more. */
static void conflicts(FILE *f, const RunData *d, const ReportOpts *o) {
  fputc('\n', f);
  report_say(f, o->width, 2, "Conflicts (contested keys by the pair of clauses that "
      "collide)");
  uint32_t max = o->all ? UINT32_MAX : REPORT_PAIRS_SHOWN;
  ReportConflictBufs b = {0};
  sb_init(&b.s);
  Defer db;
  mem_defer(&db, report_conflict_bufs_free, &b);
  rundata_pair_index(d, 0, &b.ix);
  uint32_t n = rundata_pairs(d, &b.ix, max, &b.g);
  fprintf(f, "  %s%s\n", world_label(d, 0), n ? "" : ": none");
  for (uint32_t i = 0; i < b.g.npairs; i++)
    print_pair(f, d, &b.g.pairs[i], b.g.rows + b.g.pairs[i].first, "",
               o, &b.s);
  if (n > b.g.npairs)
    fprintf(f, "    and %u more pairs (--all lists them all)\n", n - b.g.npairs);
  rundata_pairs_free(&b.g);
  for (uint32_t k = 1; k < d->nw; k++) {
    const RunWorld *rw = &d->worlds[k];
    uint32_t changes = rundata_pair_changes(d, &b.ix, k, max, &b.ch);
    fprintf(f, "  %s: %s\n", world_label(d, k),
            !rw->nkeys ? "none" : changes ? "against the status quo"
                                          : "as in the status quo");
    const RunPairs *g = &b.ch.pairs;
    for (uint32_t i = 0; changes && i < g->npairs; i++)
      print_pair(f, d, &g->pairs[i], g->rows + g->pairs[i].first,
                 change_label(b.ch.change[i]), o, &b.s);
    if (changes > g->npairs)
      fprintf(f, "    and %u more pairs (--all lists them all)\n", changes - g->npairs);
    rundata_pair_changes_free(&b.ch);
  }
  mem_undefer(&db, true);
}

void report_text(FILE *f, const RunData *d, const ReportOpts *o) {
  header(f, d, o);
  permissions(f, d, o);
  markets(f, d, o);
  flows(f, d, o);
  totals(f, d, o);
  conflicts(f, d, o);
}

void report_diff_worlds(FILE *f, Model *m, World *a, World *b, bool color) {
  World *ws[2] = {a, b};
  RunOpts ro = {RUN_ROWS_DIFF, false};
  RunData *d = rundata_build(m, ws, 2, &ro);
  Defer df;
  mem_defer(&df, (void (*)(void *))rundata_free, d);
  ReportOpts o = {color, false, NULL, NULL, report_terminal_width(f)};
  report_diff(f, d, &o);
  mem_undefer(&df, true);
}

void report_text_tail(FILE *f, Model *m, bool color) {
  Program *p = m->p;
  Checked c = {0};
  Defer d;
  mem_defer(&d, check_checked_free, &c);
  for (uint32_t i = 0; i < p->nexpects; i++) {
    const Expect *e = p->expects[i];
    if (e->kind != E_QUERY) continue;
    check_expect(m, &c.x, e, &c.r);
    fprintf(f, "\nquery %s: ", e->text);
    explain_answer_line(f, e, &c.r, false, true);
    ExplainOpts eo = {color, "  "};
    explain_check(f, m, e, &c.r, &eo);
    check_result_free(&c.r);
  }
  mem_undefer(&d, true);
  ExpectTally t = report_expects(f, m, false, color);
  fprintf(f, "\nExpectations: %u passed, %u failed", t.passed, t.failed);
  if (t.errors) fprintf(f, ", %u errors", t.errors);
  fprintf(f, "%s\n", t.failed || t.errors ? " (deal test shows why)" : "");
}

