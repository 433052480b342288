/* diag: collected, position-sorted diagnostics with source excerpts. */
#include "diag.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "mem.h"

void diag_init(Diag *d, FILE *out, bool color) {
  memset(d, 0, sizeof *d);
  d->out = out;
  d->color = color;
  d->max_errors = DIAG_MAX_ERRORS;
}

void diag_reset(Diag *d) {
  for (uint32_t i = 0; i < d->nmsgs; i++) mem_free(d->msgs[i].text);
  d->nmsgs = 0;
  d->errors = d->warnings = 0;
}

void diag_free(Diag *d) {
  diag_reset(d);
  mem_free(d->msgs);
  for (uint32_t i = 0; i < d->nfiles; i++) {
    Source *s = d->files[i];
    mem_free(s->path);
    mem_free(s->text);
    mem_free(s->lines);
    mem_free(s);
  }
  mem_free(d->files);
  memset(d, 0, sizeof *d);
}

uint32_t diag_add_file(Diag *d, const char *path, char *text, size_t len) {
  Defer df;
  mem_defer(&df, mem_free_ptr, &text);  /* not owned by anything yet */
  if (d->nfiles == d->capfiles) {
    uint32_t nc = d->capfiles ? d->capfiles * 2 : 8;
    d->files = mem_realloc(d->files, nc * sizeof *d->files);
    d->capfiles = nc;
  }
  Source *s = mem_calloc(1, sizeof *s);
  mem_undefer(&df, false);
  d->files[d->nfiles] = s;  /* owned from here on, even if strdup fails */
  s->text = text;
  s->len = len;
  d->nfiles++;
  s->path = mem_strdup(path);
  return d->nfiles - 1;
}

/* Counts a message of level lv; whether it is kept (the caps).  A note
 * goes with the message before it. */
static bool keep(Diag *d, DiagLevel lv) {
  if (lv == DIAG_ERROR) d->last_kept = ++d->errors <= d->max_errors;
  else if (lv == DIAG_WARNING)
    d->last_kept = (d->warnings++, !d->quiet_warnings &&
                    d->nmsgs <= 4 * (uint32_t)d->max_errors);
  else return d->last_kept && d->nmsgs > 0;
  return d->last_kept;
}

/* The sort key of message m, the last of d's: a note's is that of the
 * message before it. */
static void set_key(Diag *d, DiagMsg *m) {
  if (m->level == DIAG_NOTE && m->seq > 0) {
    const DiagMsg *parent = &d->msgs[m->seq - 1];
    m->key = parent->key;
    m->key_seq = parent->key_seq;
  } else {
    m->key = m->loc;
    m->key_seq = m->seq;
  }
}

static void diag_add(Diag *d, DiagLevel lv, Loc at, const char *fmt,
                     va_list ap) {
  if (!keep(d, lv)) return;
  char buf[1024];
  vsnprintf(buf, sizeof buf, fmt, ap);
  if (d->nmsgs == d->capmsgs) {
    uint32_t nc = d->capmsgs ? d->capmsgs * 2 : 16;
    d->msgs = mem_realloc(d->msgs, nc * sizeof *d->msgs);
    d->capmsgs = nc;
  }
  DiagMsg *m = &d->msgs[d->nmsgs];
  m->loc = at;
  m->level = lv;
  m->seq = d->nmsgs;
  m->text = NULL;
  set_key(d, m);
  d->nmsgs++;
  m->text = mem_strdup(buf);
}

#define DIAG_FN(fn, lv)                                                       \
  void fn(Diag *d, Loc at, const char *fmt, ...) {                           \
    va_list ap;                                                              \
    va_start(ap, fmt);                                                       \
    diag_add(d, lv, at, fmt, ap);                                            \
    va_end(ap);                                                              \
  }
DIAG_FN(diag_error, DIAG_ERROR)
DIAG_FN(diag_warning, DIAG_WARNING)
DIAG_FN(diag_note, DIAG_NOTE)

void diag_take(Diag *d, Diag *src) {
  /* room first: if that fails, src still owns every message */
  if (src->nmsgs > d->capmsgs - d->nmsgs) {
    uint32_t nc = d->capmsgs ? d->capmsgs : 16;
    while (nc - d->nmsgs < src->nmsgs) nc *= 2;
    d->msgs = mem_realloc(d->msgs, nc * sizeof *d->msgs);
    d->capmsgs = nc;
  }
  int errors = 0, warnings = 0;
  for (uint32_t i = 0; i < src->nmsgs; i++) {
    DiagMsg m = src->msgs[i];
    errors += m.level == DIAG_ERROR;
    warnings += m.level == DIAG_WARNING;
    if (!keep(d, m.level)) {
      mem_free(m.text);
      continue;
    }
    m.seq = d->nmsgs;
    d->msgs[d->nmsgs] = m;
    set_key(d, &d->msgs[d->nmsgs]);
    d->nmsgs++;
  }
  /* and those src counted but did not keep (past its own cap, which is
   * never below what is left of d's) */
  d->errors += src->errors - errors;
  d->warnings += src->warnings - warnings;
  src->nmsgs = 0;
  src->errors = src->warnings = 0;
}

int diag_open_file(const char *path, struct stat *st, const char **why) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    *why = strerror(errno);
    return -1;
  }
  *why = NULL;
  if (fstat(fd, st) != 0) *why = strerror(errno);
  else if (S_ISDIR(st->st_mode)) *why = "is a directory";
  /* a device (/dev/zero, a terminal) is no scenario; pipes are read */
  else if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
    *why = "is a device, not a file";
  else if (S_ISREG(st->st_mode) && (uint64_t)st->st_size > DIAG_MAX_FILE_BYTES)
    *why = "file too large (the limit is 1 GiB)";
  if (*why) {
    close(fd);
    return -1;
  }
  return fd;
}

/* diag_open_file, then diag_read_fd. */
static char *diag_read_file(const char *path, size_t *len, const char **why) {
  struct stat st;
  int fd = diag_open_file(path, &st, why);
  return fd < 0 ? NULL : diag_read_fd(fd, &st, len, why);
}

typedef struct ReadBuf {
  char *buf;
  int fd;
} ReadBuf;

static void readbuf_free(void *v) {
  ReadBuf *r = v;
  mem_free(r->buf);
  r->buf = NULL;
  close(r->fd);
}

char *diag_read_fd(int fd, const struct stat *st, size_t *len,
                   const char **why) {
  /* a regular file's size + 3: its bytes, a look for more, two NULs */
  size_t cap = S_ISREG(st->st_mode) ? (size_t)st->st_size + 3 : 65536;
  size_t n = 0;
  ReadBuf rb = {NULL, fd};
  Defer d;
  mem_defer(&d, readbuf_free, &rb);
  rb.buf = mem_alloc(cap);
  for (;;) {
    if (cap - n < 3) {
      if (cap > DIAG_MAX_FILE_BYTES) {
        mem_undefer(&d, true);
        *why = "file too large (the limit is 1 GiB)";
        return NULL;
      }
      cap *= 2;
      rb.buf = mem_realloc(rb.buf, cap);
    }
    ssize_t r = read(fd, rb.buf + n, cap - n - 2);
    if (r < 0) {
      if (errno == EINTR) continue;
      *why = strerror(errno);
      mem_undefer(&d, true);
      return NULL;
    }
    if (r == 0) break;
    n += (size_t)r;
  }
  mem_undefer(&d, false);
  close(fd);
  rb.buf[n] = rb.buf[n + 1] = 0;
  *len = n;
  return rb.buf;
}

struct reread {
  const Source *s;
  char *text;
  size_t n;
};

static void reread_text(void *v) {
  struct reread *r = v;
  const char *why;
  r->text = diag_read_file(r->s->path, &r->n, &why);
}

/* A file scanned from disk keeps no copy: its text is read again the first
 * time a diagnostic shows one of its lines (or fmt compares it).  If it
 * cannot be read any more, diagnostics go without the excerpt. */
static void load_text(Source *s) {
  if (s->text || !s->lazy) return;
  s->lazy = false;
  s->len = 0;
  /* a protected call of its own: without memory to read it again, the
   * message goes without its excerpt */
  struct reread r = {s, NULL, 0};
  if (state_call(state_current(), reread_text, &r) != 0 || !r.text) return;
  s->text = r.text;
  s->len = r.n;
}

const char *diag_source_text(Diag *d, uint32_t file, size_t *len) {
  if (file >= d->nfiles) return NULL;
  Source *s = d->files[file];
  load_text(s);
  *len = s->len;
  return s->text;
}

uint32_t diag_add_lazy_file(Diag *d, const char *path) {
  uint32_t f = diag_add_file(d, path, NULL, 0);
  d->files[f]->lazy = true;
  return f;
}

static void build_lines(Source *s) {
  if (s->lines) return;
  uint32_t n = 1;
  for (size_t i = 0; i < s->len; i++) n += s->text[i] == '\n';
  s->lines = mem_alloc((n + 1) * sizeof *s->lines);
  uint32_t k = 0;
  s->lines[k++] = 0;
  for (size_t i = 0; i < s->len; i++)
    if (s->text[i] == '\n') s->lines[k++] = (uint32_t)(i + 1);
  s->lines[k] = (uint32_t)s->len + 1;
  s->nlines = n;
}

/* The source text of a line range (for :show); NULL if unknown. */
static const char *diag_line_text(Diag *d, uint32_t file, uint32_t line,
                           size_t *len) {
  if (file >= d->nfiles || line == 0) return NULL;
  Source *s = d->files[file];
  load_text(s);
  if (!s->text) return NULL;
  build_lines(s);
  if (line > s->nlines) return NULL;
  size_t b = s->lines[line - 1], e = b;
  while (e < s->len && s->text[e] != '\n') e++;
  if (e > b && s->text[e - 1] == '\r') e--;
  *len = e - b;
  return s->text + b;
}

const char *diag_file_name(const Diag *d, Loc at) {
  return at.file < d->nfiles ? d->files[at.file]->path : "<input>";
}

/* By position, a note right after its message. */
static int msg_cmp(const void *a, const void *b) {
  const DiagMsg *x = a, *y = b;
  const Loc *k = &x->key, *l = &y->key;
  if (k->file != l->file) return k->file < l->file ? -1 : 1;
  if (k->line != l->line) return k->line < l->line ? -1 : 1;
  if (k->col != l->col) return k->col < l->col ? -1 : 1;
  if (x->key_seq != y->key_seq) return x->key_seq < y->key_seq ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The source line, cut to a window around the column, bytes that would
 * upset a terminal shown as '?', and a caret under the column. */
static void print_excerpt(Diag *d, Loc at) {
  size_t len;
  const char *line = diag_line_text(d, at.file, at.line, &len);
  if (!line) return;
  size_t col = at.col ? at.col - 1 : 0;
  if (col > len) col = len;
  size_t from = col > 80 ? col - 60 : 0;
  size_t to = len - from > 160 ? from + 160 : len;
  if (to < col) to = col;
  char gutter[16];
  int gw = snprintf(gutter, sizeof gutter, "%u", at.line);
  fprintf(d->out, " %s | %s", gutter, from ? "..." : "");
  for (size_t i = from; i < to; i++) {
    unsigned char c = (unsigned char)line[i];
    fputc(c == '\t' || (c >= 0x20 && c < 0x7f) || c >= 0x80 ? c : '?',
          d->out);
  }
  fprintf(d->out, "%s\n %*s | %s", to < len ? "..." : "", gw, "",
          from ? "   " : "");
  for (size_t i = from; i < col; i++) {
    unsigned char c = (unsigned char)line[i];
    if (c == '\t') fputc('\t', d->out);
    else if ((c & 0xC0) != 0x80) fputc(' ', d->out);
  }
  if (d->color) fputs("\033[1;32m", d->out);
  fputc('^', d->out);
  size_t ul = at.len > 1 ? at.len - 1 : 0;
  if (col + 1 + ul > to) ul = to > col + 1 ? to - col - 1 : 0;
  if (ul > 100) ul = 100;
  for (size_t i = 0; i < ul; i++) fputc('~', d->out);
  if (d->color) fputs("\033[0m", d->out);
  fputc('\n', d->out);
}

void diag_sort(Diag *d) {
  if (d->nmsgs) qsort(d->msgs, d->nmsgs, sizeof *d->msgs, msg_cmp);
}

const char *diag_level_name(DiagLevel lv) {
  static const char *n[] = {"error", "warning", "note"};
  return n[lv];
}

static void json_pos(Json *j, const char *k, uint32_t line, uint32_t col) {
  json_key(j, k);
  json_open_flat(j, '{');
  json_kv_int(j, "line", line);
  json_kv_int(j, "column", col);
  json_close(j, '}');
}

/* One message's members: where it is (null without a line: the file as a
 * whole) and what it says. */
static void json_msg(Json *j, const Diag *d, const DiagMsg *m) {
  json_kv_str(j, "file", diag_file_name(d, m->loc));
  if (m->loc.line) {
    json_kv_int(j, "line", m->loc.line);
    json_kv_int(j, "column", m->loc.col);
    json_pos(j, "end", m->loc.line, m->loc.col + m->loc.len);  /* exclusive */
  } else {
    json_kv_null(j, "line");
    json_kv_null(j, "column");
    json_kv_null(j, "end");
  }
  json_kv_str(j, "severity", diag_level_name(m->level));
  json_kv_str(j, "message", m->text);
}

void diag_json(Diag *d, Json *j) {
  diag_sort(d);
  json_open(j, '[');
  for (uint32_t i = 0; i < d->nmsgs;) {
    json_sep(j);
    json_open(j, '{');
    json_msg(j, d, &d->msgs[i]);
    json_key(j, "notes");
    json_open(j, '[');
    /* the notes printed after a message are its notes */
    for (i++; i < d->nmsgs && d->msgs[i].level == DIAG_NOTE; i++) {
      json_sep(j);
      json_open_flat(j, '{');
      json_msg(j, d, &d->msgs[i]);
      json_close(j, '}');
    }
    json_close(j, ']');
    json_close(j, '}');
  }
  json_close(j, ']');
}

void diag_flush(Diag *d) {
  diag_sort(d);
  static const char *lc[] = {"\033[1;31m", "\033[1;35m", "\033[1;36m"};
  for (uint32_t i = 0; i < d->nmsgs; i++) {
    DiagMsg *m = &d->msgs[i];
    const char *file = diag_file_name(d, m->loc);
    if (d->color) fputs("\033[1m", d->out);
    if (m->loc.line)
      fprintf(d->out, "%s:%u:%u: ", file, m->loc.line, m->loc.col);
    else
      fprintf(d->out, "%s: ", file);
    if (d->color) fprintf(d->out, "%s", lc[m->level]);
    fprintf(d->out, "%s:", diag_level_name(m->level));
    if (d->color) fputs("\033[0m", d->out);
    fprintf(d->out, " %s\n", m->text);
    if (m->loc.line) print_excerpt(d, m->loc);
  }
  if (d->errors > d->max_errors)
    fprintf(d->out, "deal: too many errors; only the first %d are shown, "
            "and reading stopped\n", d->max_errors);
  fflush(d->out);
  for (uint32_t i = 0; i < d->nmsgs; i++) mem_free(d->msgs[i].text);
  d->nmsgs = 0;
}

/* The optimal string alignment distance (Levenshtein, with a swap of two
 * neighbouring letters counted as one edit, the commonest slip: `rnu`
 * for `run`), ignoring case; more than limit once every alignment is
 * past it. */
static size_t diag_edit_distance(const char *a, size_t na, const char *b, size_t nb,
                          size_t limit) {
  if (na > 64 || nb > 64) return limit + 1;
  size_t rows[3][65], *prev2 = rows[0], *prev = rows[1], *row = rows[2];
  for (size_t j = 0; j <= nb; j++) prev[j] = j;
  for (size_t i = 1; i <= na; i++) {
    size_t best = row[0] = i;
    for (size_t j = 1; j <= nb; j++) {
      size_t cost = (a[i - 1] | 32) == (b[j - 1] | 32) ? 0 : 1;
      size_t v = prev[j - 1] + cost;
      if (prev[j] + 1 < v) v = prev[j] + 1;
      if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
      if (i > 1 && j > 1 && (a[i - 1] | 32) == (b[j - 2] | 32) &&
          (a[i - 2] | 32) == (b[j - 1] | 32) && prev2[j - 2] + 1 < v)
        v = prev2[j - 2] + 1;
      row[j] = v;
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    size_t *t = prev2;
    prev2 = prev;
    prev = row;
    row = t;
  }
  return prev[nb];
}

const char *diag_nearest(const char *s, const char *const *cands, size_t n) {
  size_t ls = strlen(s), limit = ls < 4 ? 1 : ls < 8 ? 2 : 3;
  const char *best = NULL;
  size_t bd = limit + 1;
  for (size_t i = 0; i < n; i++) {
    size_t lc = strlen(cands[i]);
    if ((lc > ls ? lc - ls : ls - lc) > limit) continue;
    size_t dist = diag_edit_distance(s, ls, cands[i], lc, limit);
    if (dist < bd) {
      bd = dist;
      best = cands[i];
    }
  }
  return best;
}
