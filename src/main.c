/* main: the `deal` command line — argument handling only; the work is in
 * parse, resolve, eval, explain and report. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "deal.h"
#include "explain.h"
#include "literal.h"
#include "parse.h"
#include "phase.h"
#include "print.h"
#include "repl.h"
#include "report.h"
#include "resolve.h"

#define DEAL_VERSION "0.1.0"

typedef struct Opts {
  const char *under;        /* OUTCOME[,OUTCOME] */
  bool has_at;
  int32_t at;
  const char **facts;       /* NAME=true|false */
  int nfacts;
  bool all;
  bool no_model;            /* deal check, deal fmt: nothing is evaluated */
  bool fmt_check, fmt_write;
  int color;                /* -1 auto, 0 never, 1 always */
  const char *format;       /* text, json, dot, svg, markdown */
  const char *at_text;      /* --at as given */
  bool snapshot, update;    /* deal test --snapshot / --update */
} Opts;

static const char *usage_text =
    "usage: deal [run] FILE...            evaluate in every world\n"
    "       deal test [--snapshot|--update] FILE|DIR...\n"
    "                                     check every expect (and NAME.snap)\n"
    "       deal diff FILE A B            what differs from world A to B\n"
    "                                     (status_quo, OUTCOME or A+B)\n"
    "       deal check FILE...            parse and resolve only\n"
    "       deal query FILE 'CHECK'       answer one check, with reasons\n"
    "       deal repl [FILE...]           explore interactively\n"
    "       deal fmt [--check] [-w] FILE...  canonical layout (-w: in place)\n"
    "options: --under OUTCOME[,OUTCOME]  --at YYYY-MM-DD  --fact NAME=true|false\n"
    "         --all  --format text|json|dot|svg|markdown\n"
    "         --color auto|always|never  --help  --version\n";

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "deal: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, " (see deal --help)\n");
  return 2;
}

static bool want_color(const Opts *o, FILE *f) {
  if (o->color >= 0) return o->color == 1;
  const char *nc = getenv("NO_COLOR");
  if (nc && *nc) return false;
  return isatty(fileno(f));
}

/* One program: loaded, resolved, with its diagnostics printed. */
typedef struct Loaded {
  Diag diag;
  Program *p;
  Model *m;
  bool ok;
} Loaded;

static void unload(Loaded *l) {
  eval_model_free(l->m);
  parse_program_free(l->p);
  diag_free(&l->diag);
}

static bool apply_facts(Loaded *l, const Opts *o) {
  for (int i = 0; i < o->nfacts; i++) {
    const char *s = o->facts[i];
    const char *eq = strchr(s, '=');
    char name[256];
    if (!eq || (size_t)(eq - s) >= sizeof name) {
      fprintf(stderr, "deal: --fact takes NAME=true or NAME=false, not '%s'\n", s);
      return false;
    }
    memcpy(name, s, (size_t)(eq - s));
    name[eq - s] = 0;
    bool v;
    if (strcmp(eq + 1, "true") == 0) v = true;
    else if (strcmp(eq + 1, "false") == 0) v = false;
    else {
      fprintf(stderr, "deal: --fact %s: the value is true or false\n", name);
      return false;
    }
    if (!eval_set_fact(l->m, name, v)) {
      fprintf(stderr, "deal: --fact: no fact named '%s' in %s\n", name,
              l->diag.nfiles ? l->diag.files[0]->path : "the scenario");
      return false;
    }
  }
  return true;
}

static bool load_ex(Loaded *l, const char *path, const Opts *o,
                    bool comments) {
  memset(l, 0, sizeof *l);
  diag_init(&l->diag, stderr, want_color(o, stderr));
  MemGuard g;
  if (!MEM_TRY(&g)) {
    fprintf(stderr, "deal: out of memory\n");
    return false;
  }
  l->p = parse_program_new(&l->diag);
  l->p->keep_comments = comments;
  bool ok = parse_file(l->p, path);
  phase_mark("parse");
  /* after a syntax error the tree has holes: names would be reported
   * unknown that are only unreadable; other errors still resolve */
  if (l->p->syntax_errors == 0) ok = resolve_program(l->p) && ok;
  diag_flush(&l->diag);
  phase_mark("resolve");
  if (ok && !o->no_model) {
    l->m = eval_model_new(l->p);
    ok = apply_facts(l, o);
  }
  mem_guard_pop(&g);
  l->ok = ok;
  return ok;
}

static bool load(Loaded *l, const char *path, const Opts *o) {
  return load_ex(l, path, o, false);
}

/* deal fmt: one canonical layout; only files without errors are written. */
static int cmd_fmt(char **files, int nfiles, const Opts *o) {
  int rc = 0;
  for (int i = 0; i < nfiles; i++) {
    Loaded l;
    if (!load_ex(&l, files[i], o, true)) {
      unload(&l);
      rc = 2;
      continue;
    }
    StrBuf b;
    sb_init(&b);
    PrintOpts po = {0, true};
    print_program(&b, l.p, &po);
    size_t olen = 0;
    const char *orig = diag_source_text(&l.diag, 0, &olen);
    if (!orig) {
      fprintf(stderr, "%s: error: cannot read it again to compare\n",
              files[i]);
      sb_free(&b);
      unload(&l);
      rc = 2;
      continue;
    }
    bool same = olen == b.n && memcmp(orig, b.s ? b.s : "", b.n) == 0;
    if (o->fmt_check) {
      if (!same) {
        printf("%s: not formatted\n", files[i]);
        if (rc == 0) rc = 1;
      }
    } else if (o->fmt_write) {
      const char *why;
      if (!same && !atomic_write(files[i], b.s ? b.s : "", b.n, &why)) {
        fprintf(stderr, "deal: cannot write %s: %s\n", files[i], why);
        rc = 2;
      }
    } else {
      fwrite(b.s ? b.s : "", 1, b.n, stdout);
    }
    sb_free(&b);
    unload(&l);
  }
  return rc;
}

/* The outcomes named by --under, or an error message. */
static bool under_list(Program *p, const char *spec, Outcome ***out,
                       uint32_t *n) {
  *n = 0;
  *out = NULL;
  if (!spec) return true;
  size_t len = strlen(spec);
  *out = mem_alloc((len + 1) * sizeof **out);
  const char *s = spec;
  while (*s) {
    const char *e = strchr(s, ',');
    size_t k = e ? (size_t)(e - s) : strlen(s);
    Name *nm = intern_find(&p->names, s, k);
    if (!nm || !nm->decl || nm->decl->kind != K_OUTCOME) {
      fprintf(stderr, "deal: --under: no outcome named '%.*s'\n", (int)k, s);
      return false;
    }
    Outcome *o = (Outcome *)nm->decl;
    for (uint32_t i = 0; i < *n; i++) {
      const Clause *c = NULL;
      const Fact *f = NULL;
      if ((*out)[i] != o && (*out)[i]->disp == o->disp) {
        fprintf(stderr, "deal: --under: %s and %s are outcomes of one dispute\n",
                (*out)[i]->h.name->s, o->h.name->s);
        return false;
      }
      if ((*out)[i] != o && resolve_outcomes_clash((*out)[i], o, &c, &f)) {
        fprintf(stderr, "deal: --under: %s and %s act differently on %s\n",
                (*out)[i]->h.name->s, o->h.name->s,
                c ? (c->name ? c->name->s : "a clause") : f->h.name->s);
        return false;
      }
    }
    (*out)[(*n)++] = o;
    s += k;
    if (*s == ',') s++;
  }
  return true;
}

/* A scenario through the public interface (deal.h), with --fact applied;
 * NULL after printing why. */
static deal_scenario *api_load(const char *path, const Opts *o, bool quiet) {
  deal_load_options lo = {quiet ? NULL : stderr, want_color(o, stderr)};
  deal_scenario *s = deal_load_file(path, &lo);
  if (!s) {
    fprintf(stderr, "deal: out of memory\n");
    return NULL;
  }
  if (!deal_ok(s)) {
    deal_free(s);
    return NULL;
  }
  for (int i = 0; i < o->nfacts; i++) {
    const char *f = o->facts[i];
    const char *eq = strchr(f, '=');
    char name[256];
    bool v = eq && !strcmp(eq + 1, "true");
    if (!eq || (size_t)(eq - f) >= sizeof name) {
      fprintf(stderr, "deal: --fact takes NAME=true or NAME=false, not '%s'\n", f);
      deal_free(s);
      return NULL;
    }
    memcpy(name, f, (size_t)(eq - f));
    name[eq - f] = 0;
    if (!v && strcmp(eq + 1, "false") != 0) {
      fprintf(stderr, "deal: --fact %s: the value is true or false\n", name);
      deal_free(s);
      return NULL;
    }
    if (!deal_set_fact(s, name, v)) {
      fprintf(stderr, "deal: --fact: no fact named '%s' in %s\n", name, path);
      deal_free(s);
      return NULL;
    }
  }
  return s;
}

static deal_format format_of(const char *f) {
  if (!f || !strcmp(f, "text")) return DEAL_FORMAT_TEXT;
  if (!strcmp(f, "json")) return DEAL_FORMAT_JSON;
  if (!strcmp(f, "markdown") || !strcmp(f, "md")) return DEAL_FORMAT_MARKDOWN;
  return DEAL_FORMAT_DOT;  /* dot, svg */
}

/* Is an executable named `prog` on PATH? */
static bool on_path(const char *prog) {
  const char *path = getenv("PATH");
  if (!path) return false;
  char buf[4096];
  while (*path) {
    size_t n = strcspn(path, ":");
    if (n && n + strlen(prog) + 2 < sizeof buf) {
      snprintf(buf, sizeof buf, "%.*s/%s", (int)n, path, prog);
      if (access(buf, X_OK) == 0) return true;
    }
    path += n;
    if (*path) path++;
  }
  return false;
}

static int cmd_run(char **files, int nfiles, const Opts *o) {
  int rc = 0;
  bool color = want_color(o, stdout);
  bool svg = o->format && !strcmp(o->format, "svg");
  deal_format fmt = format_of(o->format);
  if (svg && !on_path("dot")) {
    fprintf(stderr, "deal: --format svg needs Graphviz's dot program, which "
            "is not installed (Debian: apt-get install graphviz); --format "
            "dot prints the graph without it\n");
    return 2;
  }
  for (int fi = 0; fi < nfiles; fi++) {
    deal_scenario *s = api_load(files[fi], o, false);
    if (!s) {
      rc = 2;
      continue;
    }
    if (nfiles > 1 && (fmt == DEAL_FORMAT_TEXT || fmt == DEAL_FORMAT_MARKDOWN))
      printf("%s%s\n", fi ? "\n" : "", files[fi]);
    deal_report_options ro = {fmt, o->under, o->at_text, o->all, color, files[fi]};
    char err[256];
    FILE *out = stdout;
    if (svg) {
      fflush(stdout);
      out = popen("dot -Tsvg", "w");
      if (!out) {
        fprintf(stderr, "deal: cannot run dot\n");
        deal_free(s);
        return 2;
      }
    }
    if (deal_report(s, &ro, out, err, sizeof err) < 0) {
      fprintf(stderr, "deal: --under: %s\n", err);
      rc = 2;
    }
    if (svg && pclose(out) != 0) {
      fprintf(stderr, "deal: dot failed to render the graph\n");
      rc = 2;
    }
    deal_free(s);
  }
  return rc;
}

/* deal diff FILE A B: 0 when the worlds agree, 1 when they differ. */
static int cmd_diff(char **args, int nargs, const Opts *o) {
  if (nargs != 3)
    return usage_error("%s takes FILE A B (worlds: status_quo, OUTCOME or A+B)",
                       "diff");
  if (o->format && strcmp(o->format, "text") != 0)
    return usage_error("deal diff prints text, not --format %s", o->format);
  deal_scenario *s = api_load(args[0], o, false);
  if (!s) return 2;
  deal_report_options ro = {DEAL_FORMAT_TEXT, NULL, o->at_text, 0,
                            want_color(o, stdout), args[0]};
  char err[256];
  long n = deal_diff(s, args[1], args[2], &ro, stdout, err, sizeof err);
  deal_free(s);
  if (n < 0) {
    fprintf(stderr, "deal: diff: %s\n", err);
    return 2;
  }
  return n ? 1 : 0;
}

/* deal test --snapshot / --update: NAME.snap beside NAME.deal.  Returns
 * 0 when it matches (or was written), 1 when it differs, 2 on errors. */
static int snapshot_file(const char *path, const Opts *o) {
  size_t n = strlen(path);
  char *snap = mem_alloc(n + 6);
  if (n > 5 && !strcmp(path + n - 5, ".deal")) n -= 5;
  snprintf(snap, n + 6, "%.*s.snap", (int)n, path);
  deal_scenario *s = api_load(path, o, true);
  int rc = 2;
  char err[256];
  if (!s) goto out;
  if (o->update) {
    size_t len;
    char *text = deal_snapshot(s, o->at_text, &len, err, sizeof err);
    if (!text) {
      fprintf(stderr, "deal: %s: %s\n", path, err);
      goto out;
    }
    size_t olen;
    const char *why;
    char *old = diag_read_file(snap, &olen, &why);
    if (!old || olen != len || memcmp(old, text, len) != 0) {
      if (!atomic_write(snap, text, len, &why))
        fprintf(stderr, "deal: cannot write %s: %s\n", snap, why);
      else {
        printf("%s: wrote %s\n", path, snap);
        rc = 0;
      }
    } else {
      rc = 0;
    }
    mem_free(old);
    deal_string_free(text);
    goto out;
  }
  size_t olen;
  const char *why;
  char *old = diag_read_file(snap, &olen, &why);
  if (!old) {
    printf("%s: no snapshot %s (deal test --update writes it)\n", path, snap);
    rc = 1;
    goto out;
  }
  char *buf = NULL;
  size_t blen = 0;
  FILE *mf = open_memstream(&buf, &blen);
  long d = mf ? deal_snapshot_compare(s, o->at_text, old, olen, mf, "  ", err,
                                      sizeof err)
              : -1;
  if (mf) fclose(mf);
  if (d < 0) {
    fprintf(stderr, "deal: %s: %s\n", path, mf ? err : "out of memory");
  } else if (d > 0) {
    printf("%s: the outcomes differ from %s in %ld place%s "
           "(deal test --update accepts them):\n%s",
           path, snap, d, d == 1 ? "" : "s", buf ? buf : "");
    rc = 1;
  } else {
    rc = 0;
  }
  free(buf);
  mem_free(old);
out:
  deal_free(s);
  mem_free(snap);
  return rc;
}

/* ---- deal test ---- */

typedef struct PathList {
  char **v;
  size_t n, cap;
} PathList;

static void paths_add(PathList *l, const char *s) {
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 16;
    l->v = mem_realloc(l->v, l->cap * sizeof *l->v);
  }
  l->v[l->n++] = mem_strdup(s);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every .deal file below dir, sorted, depth-first. */
static void find_deal_files(const char *dir, PathList *out, int depth) {
  if (depth > 64) return;
  DIR *d = opendir(dir);
  if (!d) return;
  PathList here = {0};
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    size_t n = strlen(dir) + strlen(e->d_name) + 2;
    char *full = mem_alloc(n);
    size_t dl = strlen(dir);
    snprintf(full, n, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/",
             e->d_name);
    paths_add(&here, full);
    mem_free(full);
  }
  closedir(d);
  if (here.n) qsort(here.v, here.n, sizeof *here.v, cmp_str);
  for (size_t i = 0; i < here.n; i++) {
    struct stat st;
    if (stat(here.v[i], &st) != 0) continue;
    size_t n = strlen(here.v[i]);
    if (S_ISDIR(st.st_mode)) find_deal_files(here.v[i], out, depth + 1);
    else if (n > 5 && strcmp(here.v[i] + n - 5, ".deal") == 0)
      paths_add(out, here.v[i]);
  }
  for (size_t i = 0; i < here.n; i++) mem_free(here.v[i]);
  mem_free(here.v);
}

static int cmd_test(char **args, int nargs, const Opts *o) {
  PathList files = {0};
  int rc = 0;
  for (int i = 0; i < nargs; i++) {
    struct stat st;
    if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
      size_t before = files.n;
      find_deal_files(args[i], &files, 0);
      if (files.n == before)
        fprintf(stderr, "deal: %s: no .deal files\n", args[i]);
    } else {
      paths_add(&files, args[i]);
    }
  }
  bool color = want_color(o, stdout);
  uint32_t passed = 0, failed = 0;
  for (size_t i = 0; i < files.n; i++) {
    Loaded l;
    if (!load(&l, files.v[i], o)) {
      rc = 2;
      unload(&l);
      continue;
    }
    ExpectTally t = report_expects(stdout, l.m, true, color);
    passed += t.passed;
    failed += t.failed + t.errors;
    if (t.errors) rc = 2;
    unload(&l);
    if (o->snapshot || o->update) {
      int r = snapshot_file(files.v[i], o);
      if (r == 0) passed++;
      else failed++;
      if (r == 2) rc = 2;
    }
  }
  for (size_t i = 0; i < files.n; i++) mem_free(files.v[i]);
  mem_free(files.v);
  printf("%u passed, %u failed\n", passed, failed);
  if (rc) return rc;
  return failed ? 1 : 0;
}

static int cmd_check(char **files, int nfiles, const Opts *o) {
  int rc = 0;
  for (int i = 0; i < nfiles; i++) {
    Loaded l;
    if (!load(&l, files[i], o)) rc = 2;
    else
      printf("%s: %u parties, %u agreements, %u clauses, %u outcomes, %u "
             "expects: no errors\n", files[i], l.p->nparties,
             l.p->nagreements, l.p->nclauses, l.p->noutcomes, l.p->nexpects);
    unload(&l);
  }
  return rc;
}

static int cmd_query(const char *file, const char *text, const Opts *o) {
  Loaded l;
  if (!load(&l, file, o)) {
    unload(&l);
    return 2;
  }
  Expect *e = parse_check(l.p, "<query>", text);
  if (e && !resolve_expect(l.p, e)) e = NULL;
  diag_flush(&l.diag);
  if (!e) {
    unload(&l);
    return 2;
  }
  /* --under and --at fill what the check leaves out */
  if (!e->cx.has_at && o->has_at) {
    e->cx.has_at = true;
    e->cx.at = o->at;
  }
  if (!e->cx.has_under && o->under && !e->cx.has_prob) {
    Outcome **u;
    uint32_t n;
    if (!under_list(l.p, o->under, &u, &n)) {
      mem_free(u);
      unload(&l);
      return 2;
    }
    e->cx.under = arena_alloc(&l.p->arena, n * sizeof(Ref));
    for (uint32_t i = 0; i < n; i++)
      e->cx.under[i] = (Ref){.name = u[i]->h.name, .d = &u[i]->h};
    e->cx.nunder = n;
    e->cx.has_under = true;
    mem_free(u);
  }
  CheckResult r;
  eval_check(l.m, e, &r);
  bool color = want_color(o, stdout);
  if (r.error) {
    fprintf(stderr, "deal: %s\n", r.msg);
    eval_check_result_free(&r);
    unload(&l);
    return 2;
  }
  printf("%s%s%s: %s\n", color ? (r.holds ? "\033[1;32m" : "\033[1;31m") : "",
         r.holds ? "yes" : "no", color ? "\033[0m" : "", e->text);
  ExplainOpts eo = {color, "  "};
  explain_check(stdout, l.m, e, &r, &eo);
  int rc = r.holds ? 0 : 1;
  eval_check_result_free(&r);
  unload(&l);
  return rc;
}

static bool parse_date_arg(const char *s, int32_t *out) {
  int64_t v;
  const char *err;
  if (lit_parse(s, strlen(s), &v, &err) != LIT_DATE || err) return false;
  *out = (int32_t)v;
  return true;
}

int main(int argc, char **argv) {
  phase_mark("start");
  Opts o = {.color = -1};
  const char *cmd = NULL;
  char **args = calloc((size_t)argc + 1, sizeof *args);
  const char **facts = calloc((size_t)argc + 1, sizeof *facts);
  if (!args || !facts) {
    fputs("deal: out of memory\n", stderr);
    return 2;
  }
  o.facts = facts;
  int nargs = 0, rc = 0;
  bool dashdash = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *val = NULL;
#define OPTVAL(name)                                                          \
  (strcmp(a, name) == 0 ? (i + 1 < argc ? (val = argv[++i]) : NULL)           \
   : strncmp(a, name "=", sizeof name) == 0 ? (val = a + sizeof name) : NULL)
    if (dashdash || a[0] != '-' || a[1] == 0) {
      if (!cmd && !dashdash &&
          (!strcmp(a, "run") || !strcmp(a, "test") || !strcmp(a, "check") ||
           !strcmp(a, "query") || !strcmp(a, "repl") || !strcmp(a, "fmt") ||
           !strcmp(a, "diff")))
        cmd = a;
      else
        args[nargs++] = argv[i];
    } else if (!strcmp(a, "--")) {
      dashdash = true;
    } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(usage_text, stdout);
      goto done;
    } else if (!strcmp(a, "--version")) {
      printf("deal %s\n", DEAL_VERSION);
      goto done;
    } else if (!strcmp(a, "--snapshot") && cmd && !strcmp(cmd, "test")) {
      o.snapshot = true;
    } else if (!strcmp(a, "--update") && cmd && !strcmp(cmd, "test")) {
      o.update = true;
    } else if (!strcmp(a, "--check") && cmd && !strcmp(cmd, "fmt")) {
      o.fmt_check = true;
    } else if (!strcmp(a, "-w") && cmd && !strcmp(cmd, "fmt")) {
      o.fmt_write = true;
    } else if (!strcmp(a, "--all")) {
      o.all = true;
    } else if (!strncmp(a, "--under", 7) && (a[7] == 0 || a[7] == '=')) {
      if (!OPTVAL("--under") || !*val) { rc = usage_error("%s needs OUTCOME[,OUTCOME]", a); goto done; }
      o.under = val;
    } else if (!strncmp(a, "--at", 4) && (a[4] == 0 || a[4] == '=')) {
      if (!OPTVAL("--at") || !parse_date_arg(val, &o.at)) {
        rc = usage_error("--at needs a date YYYY-MM-DD, not '%s'", val ? val : "");
        goto done;
      }
      o.has_at = true;
      o.at_text = val;
    } else if (!strncmp(a, "--fact", 6) && (a[6] == 0 || a[6] == '=')) {
      if (!OPTVAL("--fact")) { rc = usage_error("%s needs NAME=true|false", a); goto done; }
      facts[o.nfacts++] = val;
    } else if (!strncmp(a, "--color", 7) && (a[7] == 0 || a[7] == '=')) {
      if (!OPTVAL("--color")) { rc = usage_error("%s needs auto, always or never", a); goto done; }
      if (!strcmp(val, "auto")) o.color = -1;
      else if (!strcmp(val, "always")) o.color = 1;
      else if (!strcmp(val, "never")) o.color = 0;
      else { rc = usage_error("--color takes auto, always or never, not '%s'", val); goto done; }
    } else if (!strncmp(a, "--format", 8) && (a[8] == 0 || a[8] == '=')) {
      if (!OPTVAL("--format")) { rc = usage_error("%s needs a format", a); goto done; }
      if (strcmp(val, "text") && strcmp(val, "json") && strcmp(val, "dot") &&
          strcmp(val, "svg") && strcmp(val, "markdown") && strcmp(val, "md")) {
        rc = usage_error("--format takes text, json, dot, svg or markdown, not '%s'", val);
        goto done;
      }
      o.format = val;
    } else {
      rc = usage_error("unknown option '%s'", a);
      goto done;
    }
#undef OPTVAL
  }
  if (!cmd) cmd = "run";
  if (!strcmp(cmd, "repl")) {
    rc = repl_main(args, nargs, o.color);
    goto done;
  }
  if (nargs == 0) {
    rc = usage_error("%s needs a file", cmd);
    goto done;
  }
  if (!strcmp(cmd, "run")) rc = cmd_run(args, nargs, &o);
  else if (!strcmp(cmd, "test")) rc = cmd_test(args, nargs, &o);
  else if (!strcmp(cmd, "diff")) rc = cmd_diff(args, nargs, &o);
  else if (!strcmp(cmd, "check")) rc = (o.no_model = true, cmd_check(args, nargs, &o));
  else if (!strcmp(cmd, "fmt")) rc = (o.no_model = true, cmd_fmt(args, nargs, &o));
  else if (!strcmp(cmd, "query")) {
    if (nargs != 2) rc = usage_error("%s takes FILE 'CHECK'", "query");
    else rc = cmd_query(args[0], args[1], &o);
  }
done:
  phase_mark("end");
  free(args);
  free(facts);
  return rc;
}
