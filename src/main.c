/* main: the `deal` command line — a table of commands over the session
 * layer (session.h); the work is in the engine.  Each command runs in a
 * protected call of the process's State: running out of memory is an
 * error message and exit 2. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "deal.h"
#include "diag.h"
#include "explain.h"
#include "print.h"
#include "repl.h"
#include "report.h"
#include "session.h"

#define DEAL_VERSION "0.2.0"

typedef struct Opts {
  const char *under;        /* an outcome list */
  const char *at;           /* YYYY-MM-DD */
  const char **facts;       /* NAME=true|false */
  int nfacts;
  bool all;
  bool fmt_check, fmt_write;
  int color;                /* -1 auto, 0 never, 1 always */
  const char *format;       /* text, json, dot, svg, markdown */
  bool snapshot, update;    /* deal test --snapshot / --update */
} Opts;

/* A command: its name, what it takes, and what runs it. */
typedef struct Command {
  const char *name;
  const char *synopsis;     /* after "deal " */
  const char *what;         /* one line */
  int min, max;             /* arguments (max -1: any number) */
  const char *takes;        /* what to say when the count is wrong */
  int (*run)(char **args, int nargs, const Opts *o);
} Command;

static int cmd_run(char **args, int nargs, const Opts *o);
static int cmd_test(char **args, int nargs, const Opts *o);
static int cmd_diff(char **args, int nargs, const Opts *o);
static int cmd_check(char **args, int nargs, const Opts *o);
static int cmd_query(char **args, int nargs, const Opts *o);
static int cmd_repl(char **args, int nargs, const Opts *o);
static int cmd_fmt(char **args, int nargs, const Opts *o);
static int cmd_timeline(char **args, int nargs, const Opts *o);

#define NEEDS_FILE "needs a file"
static const Command commands[] = {
    {"run", "[run] FILE...", "evaluate in every world", 1, -1, NEEDS_FILE,
     cmd_run},
    {"test", "test [--snapshot|--update] FILE|DIR...",
     "check every expect (and NAME.snap)", 1, -1, NEEDS_FILE, cmd_test},
    {"diff", "diff FILE A B", "what differs from world A to B", 3, 3,
     "takes FILE A B (worlds: status_quo, OUTCOME or A+B)", cmd_diff},
    {"check", "check FILE...", "parse and resolve only", 1, -1, NEEDS_FILE,
     cmd_check},
    {"query", "query FILE 'CHECK'", "answer one check, with reasons", 2, 2,
     "takes FILE 'CHECK'", cmd_query},
    {"repl", "repl [FILE...]", "explore interactively", 0, -1, NEEDS_FILE,
     cmd_repl},
    {"fmt", "fmt [--check] [-w] FILE...", "canonical layout (-w: in place)", 1,
     -1, NEEDS_FILE, cmd_fmt},
    {"timeline", "timeline FILE...", "statuses, markets and flows over time", 1,
     -1, NEEDS_FILE, cmd_timeline},
};
enum { NCOMMANDS = sizeof commands / sizeof *commands };

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
    "       deal timeline FILE...         statuses, markets and flows over time\n"
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

/* ---- loading ---- */

/* One file as a session, its diagnostics printed, --fact applied; NULL
 * (after saying why) when it cannot be evaluated. */
static Session *load(const char *path, const Opts *o, bool no_model,
                     bool comments) {
  SessionOpts so = {stderr, want_color(o, stderr), comments, no_model};
  Session *s = session_new(&so);
  Defer d;
  mem_defer(&d, (void (*)(void *))session_free, s);
  bool ok = session_load_file(s, path);
  for (int i = 0; ok && !no_model && i < o->nfacts; i++) {
    char err[400];
    if (!session_fact(s, o->facts[i], err, sizeof err)) {
      fprintf(stderr, "deal: --fact: %s\n", err);
      ok = false;
    }
  }
  mem_undefer(&d, !ok);
  return ok ? s : NULL;
}

/* ---- deal fmt ---- */

/* One file in the canonical layout: printed, checked or written. */
static int fmt_one(const char *path, const Opts *o) {
  Session *s = load(path, o, true, true);
  if (!s) return 2;
  Defer ds;
  mem_defer(&ds, (void (*)(void *))session_free, s);
  StrBuf b;
  sb_init(&b);
  Defer db;
  mem_defer(&db, (void (*)(void *))sb_free, &b);
  PrintOpts po = {0, true};
  print_program(&b, s->p, &po);
  size_t olen = 0;
  const char *orig = diag_source_text(&s->diag, 0, &olen);
  int rc = 0;
  if (!orig) {
    fprintf(stderr, "%s: error: cannot read it again to compare\n", path);
    rc = 2;
  } else {
    bool same = olen == b.n && memcmp(orig, b.s ? b.s : "", b.n) == 0;
    const char *why;
    if (o->fmt_check) {
      if (!same) {
        printf("%s: not formatted\n", path);
        rc = 1;
      }
    } else if (o->fmt_write) {
      if (!same && !atomic_write(path, b.s ? b.s : "", b.n, &why)) {
        fprintf(stderr, "deal: cannot write %s: %s\n", path, why);
        rc = 2;
      }
    } else {
      fwrite(b.s ? b.s : "", 1, b.n, stdout);
    }
  }
  mem_undefer(&db, true);
  mem_undefer(&ds, true);
  return rc;
}

static int cmd_fmt(char **files, int nfiles, const Opts *o) {
  int rc = 0;
  for (int i = 0; i < nfiles; i++) {
    int r = fmt_one(files[i], o);
    if (r > rc) rc = r;
  }
  return rc;
}

/* ---- deal run ---- */

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

/* What a report holds while it is built. */
typedef struct Job {
  Session *s;
  World **ws;
  uint32_t nw;
  RunData *d;
} Job;

static void job_free(void *v) {
  Job *j = v;
  rundata_free(j->d);
  session_worlds_free(j->ws, j->nw);
  session_free(j->s);
}

/* The report of one file in one format. */
static int run_one(const char *path, const Opts *o, FILE *out) {
  bool color = want_color(o, stdout);
  deal_format fmt = format_of(o->format);
  bool dot = fmt == DEAL_FORMAT_DOT;
  Job j = {load(path, o, false, false), NULL, 0, NULL};
  if (!j.s) return 2;
  Defer dj;
  mem_defer(&dj, job_free, &j);
  char err[400];
  int rc = 0;
  j.ws = session_report_worlds(j.s, o->under, o->at, dot, &j.nw, err, sizeof err);
  if (!j.ws) {
    fprintf(stderr, "deal: --under: %s\n", err);
    rc = 2;
  } else {
    RunOpts ro = {o->all ? RUN_ROWS_ALL : RUN_ROWS_DIFF, !dot};
    j.d = rundata_build(j.s->m, j.ws, j.nw, &ro);
    state_phase("rundata");
    ReportOpts rp = {color && fmt == DEAL_FORMAT_TEXT, o->all, path};
    switch (fmt) {
      case DEAL_FORMAT_TEXT:
        report_text(out, j.d, &rp);
        report_text_tail(out, j.s->m, rp.color);
        break;
      case DEAL_FORMAT_JSON: report_json(out, j.d, &rp); break;
      case DEAL_FORMAT_DOT: report_dot(out, j.d, 0); break;
      case DEAL_FORMAT_MARKDOWN: report_markdown(out, j.d, &rp); break;
    }
    fflush(out);
    state_phase("report");
  }
  mem_undefer(&dj, true);
  return rc;
}

static int cmd_run(char **files, int nfiles, const Opts *o) {
  bool svg = o->format && !strcmp(o->format, "svg");
  deal_format fmt = format_of(o->format);
  if (svg && !on_path("dot")) {
    fprintf(stderr, "deal: --format svg needs Graphviz's dot program, which "
            "is not installed (Debian: apt-get install graphviz); --format "
            "dot prints the graph without it\n");
    return 2;
  }
  int rc = 0;
  for (int fi = 0; fi < nfiles; fi++) {
    if (nfiles > 1 && (fmt == DEAL_FORMAT_TEXT || fmt == DEAL_FORMAT_MARKDOWN))
      printf("%s%s\n", fi ? "\n" : "", files[fi]);
    FILE *out = stdout;
    if (svg) {
      fflush(stdout);
      out = popen("dot -Tsvg", "w");
      if (!out) {
        fprintf(stderr, "deal: cannot run dot\n");
        return 2;
      }
    }
    int r = run_one(files[fi], o, out);
    if (r > rc) rc = r;
    if (svg && pclose(out) != 0) {
      fprintf(stderr, "deal: dot failed to render the graph\n");
      rc = 2;
    }
  }
  return rc;
}

/* ---- deal timeline ---- */

/* The worlds of each file over time (LANGUAGE.md section 11). */
static int cmd_timeline(char **files, int nfiles, const Opts *o) {
  TimelineFormat fmt = TIMELINE_TEXT;
  if (o->format && (!strcmp(o->format, "json"))) fmt = TIMELINE_JSON;
  else if (o->format && (!strcmp(o->format, "markdown") || !strcmp(o->format, "md")))
    fmt = TIMELINE_MARKDOWN;
  else if (o->format && strcmp(o->format, "text"))
    return usage_error("deal timeline prints text, json or markdown, not --format %s",
                       o->format);
  int rc = 0;
  for (int fi = 0; fi < nfiles; fi++) {
    if (nfiles > 1 && fmt != TIMELINE_JSON) printf("%s%s\n", fi ? "\n" : "", files[fi]);
    Job j = {load(files[fi], o, false, false), NULL, 0, NULL};
    if (!j.s) {
      rc = 2;
      continue;
    }
    Defer dj;
    mem_defer(&dj, job_free, &j);
    char err[400];
    j.ws = session_report_worlds(j.s, o->under, o->at, false, &j.nw, err, sizeof err);
    if (!j.ws) {
      fprintf(stderr, "deal: --under: %s\n", err);
      rc = 2;
    } else {
      ReportOpts rp = {false, false, files[fi]};
      report_timeline(stdout, j.s->m, j.ws, j.nw, fmt, &rp);
      fflush(stdout);
      state_phase("timeline");
    }
    mem_undefer(&dj, true);
  }
  return rc;
}

/* ---- deal diff ---- */

/* deal diff FILE A B: 0 when the worlds agree, 1 when they differ. */
static int cmd_diff(char **args, int nargs, const Opts *o) {
  (void)nargs;
  if (o->format && strcmp(o->format, "text") != 0)
    return usage_error("deal diff prints text, not --format %s", o->format);
  Job j = {load(args[0], o, false, false), NULL, 0, NULL};
  if (!j.s) return 2;
  Defer dj;
  mem_defer(&dj, job_free, &j);
  char err[400];
  int rc = 2;
  j.ws = mem_calloc(2, sizeof *j.ws);
  if ((j.ws[j.nw++] = session_world(j.s, args[1], o->at, err, sizeof err)) &&
      (j.ws[j.nw++] = session_world(j.s, args[2], o->at, err, sizeof err))) {
    RunOpts ro = {RUN_ROWS_DIFF, false};
    j.d = rundata_build(j.s->m, j.ws, 2, &ro);
    ReportOpts rp = {want_color(o, stdout), false, args[0]};
    rc = report_diff(stdout, j.d, &rp) ? 1 : 0;
  } else {
    fprintf(stderr, "deal: diff: %s\n", err);
  }
  mem_undefer(&dj, true);
  return rc;
}

/* ---- deal test ---- */

/* deal test --snapshot / --update: NAME.snap beside NAME.deal.  Returns
 * 0 when it matches (or was written), 1 when it differs, 2 on errors. */
static int snapshot_file(const char *path, const Opts *o) {
  size_t n = strlen(path);
  char *snap = malloc(n + 6);
  if (!snap) return 2;
  if (n > 5 && !strcmp(path + n - 5, ".deal")) n -= 5;
  snprintf(snap, n + 6, "%.*s.snap", (int)n, path);
  deal_load_options lo = {NULL, 0};
  deal_scenario *s = deal_load_file(path, &lo);
  for (int i = 0; s && deal_ok(s) && i < o->nfacts; i++) {
    const char *eq = strchr(o->facts[i], '=');
    char name[256];
    snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - o->facts[i]) : 0, o->facts[i]);
    deal_set_fact(s, name, eq && !strcmp(eq + 1, "true"));
  }
  int rc = 2;
  char err[256];
  if (!s || !deal_ok(s)) goto out;
  size_t olen = 0;
  const char *why;
  char *old = NULL;
  {
    FILE *f = fopen(snap, "rb");
    if (f) {
      size_t cap = 0;
      char buf[65536];
      size_t k;
      while ((k = fread(buf, 1, sizeof buf, f)) > 0) {
        char *grown = realloc(old, cap + k + 1);
        if (!grown) break;
        old = grown;
        memcpy(old + cap, buf, k);
        cap += k;
      }
      fclose(f);
      olen = cap;
      if (!old) old = calloc(1, 1);
    }
  }
  if (o->update) {
    size_t len;
    char *text = deal_snapshot(s, o->at, &len, err, sizeof err);
    if (!text) {
      fprintf(stderr, "deal: %s: %s\n", path, err);
    } else if (!old || olen != len || memcmp(old, text, len) != 0) {
      if (!atomic_write(snap, text, len, &why))
        fprintf(stderr, "deal: cannot write %s: %s\n", snap, why);
      else {
        printf("%s: wrote %s\n", path, snap);
        rc = 0;
      }
    } else {
      rc = 0;
    }
    deal_string_free(text);
    free(old);
    goto out;
  }
  if (!old) {
    printf("%s: no snapshot %s (deal test --update writes it)\n", path, snap);
    rc = 1;
    goto out;
  }
  char *buf = NULL;
  size_t blen = 0;
  FILE *mf = open_memstream(&buf, &blen);
  long d = mf ? deal_snapshot_compare(s, o->at, old, olen, mf, "  ", err,
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
  free(old);
out:
  deal_free(s);
  free(snap);
  return rc;
}

typedef struct PathList {
  char **v;
  uint32_t n, cap;
} PathList;

static void paths_free(void *v) {
  PathList *l = v;
  for (uint32_t i = 0; i < l->n; i++) mem_free(l->v[i]);
  mem_free(l->v);
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
  Defer dh;
  mem_defer(&dh, paths_free, &here);
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    size_t dl = strlen(dir), n = dl + strlen(e->d_name) + 2;
    char *full = mem_talloc(n);
    snprintf(full, n, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", e->d_name);
    TVEC_PUSH(here.v, here.n, here.cap, full);
  }
  closedir(d);
  if (here.n) qsort(here.v, here.n, sizeof *here.v, cmp_str);
  for (uint32_t i = 0; i < here.n; i++) {
    struct stat st;
    if (stat(here.v[i], &st) != 0) continue;
    size_t n = strlen(here.v[i]);
    if (S_ISDIR(st.st_mode)) find_deal_files(here.v[i], out, depth + 1);
    else if (n > 5 && strcmp(here.v[i] + n - 5, ".deal") == 0)
      MVEC_PUSH(out->v, out->n, out->cap, mem_strdup(here.v[i]));
  }
  mem_undefer(&dh, true);
}

static int cmd_test(char **args, int nargs, const Opts *o) {
  PathList files = {0};
  Defer df;
  mem_defer(&df, paths_free, &files);
  int rc = 0;
  for (int i = 0; i < nargs; i++) {
    struct stat st;
    if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
      uint32_t before = files.n;
      find_deal_files(args[i], &files, 0);
      if (files.n == before) fprintf(stderr, "deal: %s: no .deal files\n", args[i]);
    } else {
      MVEC_PUSH(files.v, files.n, files.cap, mem_strdup(args[i]));
    }
  }
  bool color = want_color(o, stdout);
  uint32_t passed = 0, failed = 0;
  for (uint32_t i = 0; i < files.n; i++) {
    Session *s = load(files.v[i], o, false, false);
    if (!s) {
      rc = 2;
      continue;
    }
    Defer ds;
    mem_defer(&ds, (void (*)(void *))session_free, s);
    ExpectTally t = report_expects(stdout, s->m, true, color);
    mem_undefer(&ds, true);
    passed += t.passed;
    failed += t.failed + t.errors;
    if (t.errors) rc = 2;
    if (o->snapshot || o->update) {
      int r = snapshot_file(files.v[i], o);
      if (r == 0) passed++;
      else failed++;
      if (r == 2) rc = 2;
    }
  }
  mem_undefer(&df, true);
  printf("%u passed, %u failed\n", passed, failed);
  if (rc) return rc;
  return failed ? 1 : 0;
}

/* ---- deal check, deal query, deal repl ---- */

static int cmd_check(char **files, int nfiles, const Opts *o) {
  int rc = 0;
  for (int i = 0; i < nfiles; i++) {
    Session *s = load(files[i], o, true, false);
    if (!s) {
      rc = 2;
      continue;
    }
    Program *p = s->p;
    printf("%s: %u parties, %u agreements, %u clauses, %u outcomes, %u "
           "expects: no errors\n", files[i], p->nparties, p->nagreements,
           p->nclauses, p->noutcomes, p->nexpects);
    session_free(s);
  }
  return rc;
}

typedef struct Asked {
  Session *s;
  CheckResult r;
} Asked;

static void asked_free(void *v) {
  Asked *a = v;
  check_result_free(&a->r);
  session_free(a->s);
}

static int cmd_query(char **args, int nargs, const Opts *o) {
  (void)nargs;
  Asked a = {load(args[0], o, false, false), {0}};
  if (!a.s) return 2;
  Defer d;
  mem_defer(&d, asked_free, &a);
  char err[400] = "";
  int rc = 2;
  Expect *e = session_check(a.s, args[1], o->under, o->at, err, sizeof err);
  diag_flush(&a.s->diag);
  if (!e) {
    if (err[0]) fprintf(stderr, "deal: %s\n", err);
  } else {
    check_expect(a.s->m, a.s->x, e, &a.r);
    if (a.r.error) {
      diag_error(&a.s->diag, a.r.at, "%s", a.r.msg);
      diag_flush(&a.s->diag);
    } else {
      bool color = want_color(o, stdout);
      explain_answer_line(stdout, e, &a.r, color, e->cx.when);
      ExplainOpts eo = {color, "  "};
      explain_check(stdout, a.s->m, e, &a.r, &eo);
      rc = a.r.holds ? 0 : 1;
    }
  }
  mem_undefer(&d, true);
  return rc;
}

static int cmd_repl(char **args, int nargs, const Opts *o) {
  return repl_main(args, nargs, o->color);
}

/* ---- arguments ---- */

static const Command *find_command(const char *name) {
  for (int i = 0; i < NCOMMANDS; i++)
    if (!strcmp(commands[i].name, name)) return &commands[i];
  return NULL;
}

/* An option with a value: --name VALUE or --name=VALUE. */
static bool opt_value(int argc, char **argv, int *i, const char *name,
                      const char **val) {
  const char *a = argv[*i];
  size_t n = strlen(name);
  if (strncmp(a, name, n) != 0) return false;
  if (a[n] == '=') {
    *val = a + n + 1;
    return true;
  }
  if (a[n]) return false;
  *val = *i + 1 < argc ? argv[++*i] : NULL;
  return true;
}

/* Reads the options into o and the other arguments into args; the
 * command, when the first argument names one.  -1 to go on, else an exit
 * status. */
static int parse_args(int argc, char **argv, Opts *o, const Command **cmd,
                      char **args, int *nargs) {
  bool dashdash = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *val = NULL;
    if (dashdash || a[0] != '-' || a[1] == 0) {
      const Command *c = !*cmd && !dashdash && !*nargs ? find_command(a) : NULL;
      if (c) *cmd = c;
      else args[(*nargs)++] = argv[i];
    } else if (!strcmp(a, "--")) {
      dashdash = true;
    } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(usage_text, stdout);
      return 0;
    } else if (!strcmp(a, "--version")) {
      printf("deal %s\n", DEAL_VERSION);
      return 0;
    } else if (!strcmp(a, "--snapshot") && *cmd && !strcmp((*cmd)->name, "test")) {
      o->snapshot = true;
    } else if (!strcmp(a, "--update") && *cmd && !strcmp((*cmd)->name, "test")) {
      o->update = true;
    } else if (!strcmp(a, "--check") && *cmd && !strcmp((*cmd)->name, "fmt")) {
      o->fmt_check = true;
    } else if (!strcmp(a, "-w") && *cmd && !strcmp((*cmd)->name, "fmt")) {
      o->fmt_write = true;
    } else if (!strcmp(a, "--all")) {
      o->all = true;
    } else if (opt_value(argc, argv, &i, "--under", &val)) {
      if (!val || !*val) return usage_error("%s needs OUTCOME[,OUTCOME]", a);
      o->under = val;
    } else if (opt_value(argc, argv, &i, "--at", &val)) {
      int32_t d;
      char err[100];
      if (!val || !session_date(val, &d, err, sizeof err))
        return usage_error("--at needs a date YYYY-MM-DD, not '%s'", val ? val : "");
      o->at = val;
    } else if (opt_value(argc, argv, &i, "--fact", &val)) {
      if (!val) return usage_error("%s needs NAME=true|false", a);
      o->facts[o->nfacts++] = val;
    } else if (opt_value(argc, argv, &i, "--color", &val)) {
      if (!val) return usage_error("%s needs auto, always or never", a);
      if (!strcmp(val, "auto")) o->color = -1;
      else if (!strcmp(val, "always")) o->color = 1;
      else if (!strcmp(val, "never")) o->color = 0;
      else return usage_error("--color takes auto, always or never, not '%s'", val);
    } else if (opt_value(argc, argv, &i, "--format", &val)) {
      if (!val) return usage_error("%s needs a format", a);
      if (strcmp(val, "text") && strcmp(val, "json") && strcmp(val, "dot") &&
          strcmp(val, "svg") && strcmp(val, "markdown") && strcmp(val, "md"))
        return usage_error("--format takes text, json, dot, svg or markdown, not '%s'", val);
      o->format = val;
    } else {
      return usage_error("unknown option '%s'", a);
    }
  }
  return -1;
}

struct main_args {
  const Command *cmd;
  char **args;
  int nargs;
  const Opts *o;
  int rc;
};

static void main_fn(void *v) {
  struct main_args *a = v;
  a->rc = a->cmd->run(a->args, a->nargs, a->o);
}

int main(int argc, char **argv) {
  State *S = state_new();
  if (!S) {
    fputs("deal: out of memory\n", stderr);
    return 2;
  }
  state_enter(S);
  state_phase("start");
  Opts o = {.color = -1};
  char **args = calloc((size_t)argc + 1, sizeof *args);
  o.facts = calloc((size_t)argc + 1, sizeof *o.facts);
  int nargs = 0, rc;
  const Command *cmd = NULL;
  if (!args || !o.facts) {
    fputs("deal: out of memory\n", stderr);
    rc = 2;
  } else if ((rc = parse_args(argc, argv, &o, &cmd, args, &nargs)) < 0) {
    if (!cmd) cmd = &commands[0];  /* deal FILE... is deal run FILE... */
    if (nargs < cmd->min || (cmd->max >= 0 && nargs > cmd->max)) {
      fprintf(stderr, "deal: %s %s (see deal --help)\n", cmd->name, cmd->takes);
      rc = 2;
    } else {
      struct main_args a = {cmd, args, nargs, &o, 2};
      if (state_call(S, main_fn, &a) != 0) {
        fputs("deal: out of memory\n", stderr);
        a.rc = 2;
      }
      rc = a.rc;
    }
  }
  state_phase("end");
  free(args);
  free((void *)o.facts);
  state_leave();
  state_free(S);
  return rc;
}
