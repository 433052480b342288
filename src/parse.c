/* parse: files into a Program.  Scans regular files from disk in blocks
 * (strings and pipes in memory) and follows `include` depth-first, so
 * declarations arrive in load order (an included file's at the point of
 * its `include`). */
#include "parse.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "deal.tab.h"
#include "deal.lex.h"
#include "lex.h"

Program *parse_program_new(Diag *diag) {
  Program *p = mem_calloc(1, sizeof *p);
  Defer d;
  mem_defer(&d, (void (*)(void *))parse_program_free, p);
  arena_init(&p->arena);
  arena_init(&p->text);
  p->diag = diag;
  intern_init(&p->names);
  mem_undefer(&d, false);
  return p;
}

void parse_program_free(Program *p) {
  if (!p) return;
  intern_free(&p->names);
  ast_scopes_free(p, 0, 0);
  mem_free(p->loaded);
  mem_free(p->decls);
  mem_free(p->items);
  mem_free(p->clauses);
  arena_free(&p->arena);
  arena_free(&p->text);
  mem_free(p);
}

/* On an unwind (which skips flex's own cleanup): the scanner's thread
 * first, then every block flex allocated for it that is still live. */
static void scan_unwind(void *v) {
  ScanOwn *o = v;
  lex_pipe_free(o->pipe);  /* joined: none reads the scanner any more */
  lex_blocks_release(&o->flex);
  mem_free(o->ahead);
}

/* Scan and parse a buffer (text has two NULs after len bytes), or, with
 * fd >= 0, a file read in blocks through YY_INPUT. */
static void run_parser(ParseCtx *c, char *text, size_t len, int fd,
                       int start) {
  ScanOwn own = {0};
  Defer d;
  mem_defer(&d, scan_unwind, &own);
  c->scan = &own;
  c->parse_oom = false;
  if (yylex_init_extra(c, &own.sc) != 0) mem_throw();
  yyscan_t sc = own.sc;
  LexState ls = {.base = text, .fd = fd, .line = 1, .file = c->file,
                 .start_token = start};
  ls.ahead = own.ahead = lex_ahead_new();
  c->lex = &ls;
  c->scanner = sc;
  YY_BUFFER_STATE b;
  if (fd >= 0) {
    /* a leading byte-order mark is skipped and counts no column */
    char bom[3];
    if (pread(fd, bom, 3, 0) == 3 && memcmp(bom, "\xEF\xBB\xBF", 3) == 0)
      lseek(fd, 3, SEEK_SET);
    b = lex_file_buffer(sc);
    /* a large file (len >= DEAL_PIPE_MIN, written so that a minimum of 0
     * compiles without a warning): scanned in a thread of its own, not
     * for deal fmt, whose comments the scanner hands to the tree */
    if (len + 1 > (size_t)DEAL_PIPE_MIN && !c->prog->keep_comments)
      own.pipe = lex_pipe_start(c, sc);
  } else {
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
      ls.base = text + 3;
      text += 3;
      len -= 3;
    }
    b = yy_scan_buffer(text, len + 2, sc);
    if (!b) mem_throw();
  }
  yyparse(sc, c);
  lex_pipe_end(c, own.pipe);
  own.pipe = NULL;
  /* bison's stacks could not grow: it has freed them, now unwind */
  if (c->parse_oom) mem_throw();
  /* a parse that stopped early leaves flex's NUL after the last token:
   * put the byte back, the source is shown in diagnostics */
  if (fd < 0 && ls.hold_pos) *ls.hold_pos = ls.hold_char;
  yy_delete_buffer(b, sc);
  yylex_destroy(sc);
  mem_undefer(&d, true);  /* what flex left: nothing; the batch */
}

static void ctx_init(ParseCtx *c, Program *p) {
  memset(c, 0, sizeof *c);
  c->prog = p;
  c->diag = p->diag;
  c->a = &p->arena;
}

struct fd_own {
  int fd;
};

static void close_fd(void *v) {
  struct fd_own *f = v;
  if (f->fd >= 0) close(f->fd);
  f->fd = -1;
}

/* Loads one file; `from` is the include that names it (NULL at the top). */
static void load(Program *p, const char *path, ParseCtx *from, Loc at) {
  size_t len;
  const char *why = NULL;
  Diag *d_ = p->diag;
  struct stat st;
  if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
    struct FileIdent id = {st.st_dev, st.st_ino};
    for (int i = 0; from && i < from->nstack; i++)
      if (from->stack[i].dev == st.st_dev && from->stack[i].ino == st.st_ino) {
        diag_error(d_, at, "include cycle: " LQ "%s" RQ " is "
                   "already being read", path);
        return;
      }
    for (uint32_t i = 0; i < p->nloaded; i++)
      if (p->loaded[i].dev == id.dev && p->loaded[i].ino == id.ino) return;
    if (p->nloaded == p->caploaded) {
      p->caploaded = p->caploaded ? p->caploaded * 2 : 8;
      p->loaded = mem_realloc(p->loaded, p->caploaded * sizeof *p->loaded);
    }
    p->loaded[p->nloaded++] = id;
  }
  /* a regular file is scanned from disk in blocks and its text not kept
   * (diagnostics read it again); anything else is read whole */
  struct stat fst;
  const char *given = p->source_text ? p->source_text(p->source_arg, path, &len)
                                     : NULL;
  int fd = given ? -1 : diag_open_file(path, &fst, &why);
  char *text = NULL;
  if (given) {  /* copied: the Diag owns a file's text */
    text = mem_alloc(len + 2);
    memcpy(text, given, len);
    text[len] = text[len + 1] = 0;
  } else if (fd >= 0 && !S_ISREG(fst.st_mode)) {
    text = diag_read_fd(fd, &fst, &len, &why);  /* a pipe, opened once */
    fd = -1;
  }
  if (fd >= 0) len = (size_t)fst.st_size;
  if (fd < 0) {
    if (!text) {
      if (from) {
        diag_error(d_, at, "cannot include " LQ "%s" RQ ": %s", path,
                   why);
      } else {
        uint32_t f = diag_add_file(d_, path, mem_calloc(2, 1), 0);
        diag_error(d_, (Loc){f, 0, 0, 0}, "cannot read: %s", why);
      }
      return;
    }
  }
  ParseCtx c;
  ctx_init(&c, p);
  struct fd_own fo = {fd};
  Defer d;
  mem_defer(&d, close_fd, &fo);
  c.file = fd >= 0 ? diag_add_lazy_file(d_, path)
                   : diag_add_file(d_, path, text, len);
  c.path = d_->files[c.file]->path;
  c.depth = from ? from->depth + 1 : 0;
  FileId stack[PARSE_MAX_INCLUDE_DEPTH + 2];
  int n = 0;
  for (int i = 0; from && i < from->nstack; i++) stack[n++] = from->stack[i];
  if (stat(path, &st) == 0) stack[n++] = (FileId){st.st_dev, st.st_ino};
  c.stack = stack;
  c.nstack = n;
  run_parser(&c, text, len, fd, 0);
  mem_undefer(&d, true);
}

void build_include(ParseCtx *c, const char *path, Loc at) {
  Program *p = c->prog;
  Item it = {.k = I_INCLUDE, .path = path, .loc = at};
  MVEC_PUSH(p->items, p->nitems, p->capitems, it);
  if (c->depth + 1 > PARSE_MAX_INCLUDE_DEPTH) {
    diag_error(c->diag, at, "includes nested deeper than %d",
               PARSE_MAX_INCLUDE_DEPTH);
    return;
  }
  if (!*path) {
    diag_error(c->diag, at, "an include needs a file name");
    return;
  }
  char *full;
  const char *slash = strrchr(c->path, '/');
  if (path[0] == '/' || !slash || c->query_mode || c->repl) {
    full = arena_strndup(c->a, path, strlen(path));
  } else {
    size_t dl = (size_t)(slash - c->path) + 1, pl = strlen(path);
    full = arena_alloc(c->a, dl + pl + 1);
    memcpy(full, c->path, dl);
    memcpy(full + dl, path, pl + 1);
  }
  /* the file's scanner thread stops while the included file is read */
  LexPipe *pp = c->pipe;
  lex_pipe_halt(pp);
  load(p, full, c, at);
  lex_pipe_resume(pp);
}

struct load_args { Program *p; const char *path; };
static void do_load(void *v) {
  struct load_args *a = v;
  load(a->p, a->path, NULL, (Loc){0, 0, 0, 0});
}

bool parse_file(Program *p, const char *path) {
  struct load_args a = {p, path};
  int before = p->diag->errors;
  do_load(&a);
  return p->diag->errors == before;
}

struct string_args {
  Program *p;
  const char *name, *text;
  size_t len;
  bool repl;
  int start;
  ParseCtx *c;
};

static void do_string(void *v) {
  struct string_args *a = v;
  Diag *d = a->p->diag;
  char *buf = mem_alloc(a->len + 2);  /* the Diag's from diag_add_file on */
  memcpy(buf, a->text, a->len);
  buf[a->len] = buf[a->len + 1] = 0;
  ParseCtx *c = a->c;
  ctx_init(c, a->p);
  c->repl = a->repl;
  c->query_mode = a->start == START_QUERY;
  c->file = diag_add_file(d, a->name, buf, a->len);
  c->path = d->files[c->file]->path;
  run_parser(c, buf, a->len, -1, a->start);
}

bool parse_string(Program *p, const char *name, const char *text, size_t len,
                  bool repl, Expect ***questions, uint32_t *nquestions) {
  ParseCtx c;
  struct string_args a = {p, name, text, len, repl, 0, &c};
  int before = p->diag->errors;
  do_string(&a);
  if (questions) {
    *questions = c.questions;
    *nquestions = c.nquestions;
  }
  return p->diag->errors == before;
}

Expect *parse_check(Program *p, const char *name, const char *text) {
  ParseCtx c;
  struct string_args a = {p, name, text, strlen(text), false, START_QUERY, &c};
  int before = p->diag->errors;
  do_string(&a);
  if (p->diag->errors != before) return NULL;
  return c.query;
}
