/* main: the `deal` command line — a table of commands over the session
 * layer (session.h); the work is in the engine.  Each command runs in a
 * protected call of the process's State: running out of memory is an
 * error message and exit 2. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic.h"
#include "deal.h"
#include "diag.h"
#include "explain.h"
#include "json.h"
#include "lsp.h"
#include "print.h"
#include "repl.h"
#include "report.h"
#include "session.h"

#define DEAL_VERSION "0.2.0"

/* The options; a command takes those of its mask (Command.opts). */
enum {
  OPT_UNDER = 1 << 0, OPT_AT = 1 << 1, OPT_FACT = 1 << 2, OPT_ALL = 1 << 3,
  OPT_FORMAT = 1 << 4, OPT_COLOR = 1 << 5, OPT_SNAPSHOT = 1 << 6,
  OPT_UPDATE = 1 << 7, OPT_JUNIT = 1 << 8, OPT_CHECK = 1 << 9,
  OPT_WRITE = 1 << 10, OPT_PARTY = 1 << 11, OPT_ACTION = 1 << 12,
  OPT_PRODUCT = 1 << 13, OPT_WIDTH = 1 << 14
};
#define OPT_FILTER (OPT_PARTY | OPT_ACTION | OPT_PRODUCT)

typedef struct Option {
  unsigned bit;
  const char *name;
  const char *arg;          /* what follows it (NULL: a flag) */
  const char *what;         /* one line, for deal CMD --help */
} Option;

static const Option options[] = {
    {OPT_UNDER, "--under", "OUTCOME[,OUTCOME]",
     "the world of these outcomes (one per dispute)"},
    {OPT_AT, "--at", "YYYY-MM-DD", "the date, instead of the scenario's"},
    {OPT_FACT, "--fact", "NAME=true|false",
     "suppose a fact's value (may be repeated)"},
    {OPT_ALL, "--all", NULL, "every key a clause covers, not only changes"},
    {OPT_PARTY, "--party", "PARTY", "only this party's keys, markets, flows and totals"},
    {OPT_ACTION, "--action", "ACTION", "only the keys and markets of this action"},
    {OPT_PRODUCT, "--product", "PRODUCT",
     "only the keys and markets of this product and those below it"},
    {OPT_WIDTH, "--width", "N",
     "fit the text in N columns (0: no limit; default: the terminal's)"},
    {OPT_FORMAT, "--format", "text|json|dot|svg|markdown|html",
     "the form of the output (JSON: docs/json.md)"},
    {OPT_COLOR, "--color", "auto|always|never",
     "colour (auto: on a terminal, without NO_COLOR)"},
    {OPT_SNAPSHOT, "--snapshot", NULL,
     "also compare the outcomes with NAME.snap"},
    {OPT_UPDATE, "--update", NULL, "write NAME.snap beside each NAME.deal"},
    {OPT_JUNIT, "--junit", "FILE", "also write the results to FILE as JUnit XML"},
    {OPT_CHECK, "--check", NULL, "only list the files not in the layout"},
    {OPT_WRITE, "-w", NULL, "rewrite the files in place"},
};
enum { NOPTIONS = sizeof options / sizeof *options };

typedef struct Opts {
  const char *under;        /* an outcome list */
  const char *at;           /* YYYY-MM-DD */
  const char **facts;       /* NAME=true|false */
  int nfacts;
  bool all;
  bool fmt_check, fmt_write;
  int color;                /* -1 auto, 0 never, 1 always */
  const char *format;       /* text, json, dot, svg, markdown, html */
  bool snapshot, update;    /* deal test --snapshot / --update */
  const char *junit;        /* deal test --junit FILE */
  const char *party, *action, *product;  /* the filters */
  long width;               /* --width, -1: the terminal's */
  unsigned given;           /* the options given (OPT_*) */
  bool help;
} Opts;

/* A command: its name, what it takes, its help, and what runs it.  The
 * usage of `deal --help` and of `deal CMD --help` are made from this
 * table, and the manual page lists the same commands (tests/docs/man.sh). */
typedef struct Command {
  const char *name;
  const char *args;         /* after "deal NAME [options] " */
  const char *what;         /* one line */
  const char *help;         /* what it does, a few lines */
  const char *exits;        /* its exit status */
  unsigned opts;            /* the options it takes */
  const char *formats;      /* the values of --format, "a|b" */
  int min, max;             /* arguments (max -1: any number) */
  const char *takes;        /* what to say when the count is wrong */
  int (*run)(char **args, int nargs, const Opts *o);
  const char *all;          /* what --all means here (NULL: the option's) */
} Command;

static int cmd_run(char **args, int nargs, const Opts *o);
static int cmd_test(char **args, int nargs, const Opts *o);
static int cmd_diff(char **args, int nargs, const Opts *o);
static int cmd_check(char **args, int nargs, const Opts *o);
static int cmd_query(char **args, int nargs, const Opts *o);
static int cmd_repl(char **args, int nargs, const Opts *o);
static int cmd_lsp(char **args, int nargs, const Opts *o);
static int cmd_fmt(char **args, int nargs, const Opts *o);
static int cmd_timeline(char **args, int nargs, const Opts *o);
static int cmd_help(char **args, int nargs, const Opts *o);

#define NEEDS_FILE "needs a file"
#define EXIT_ERRORS "2 on errors in the input or a usage error"
static const Command commands[] = {
    {"run", "FILE...", "evaluate in every world",
     "Evaluates each scenario in the status quo and in every outcome (with\n"
     "--under: the status quo and that world) and prints the worlds, the\n"
     "permissions that differ between worlds or are contested, the markets,\n"
     "the flows and totals, the breach map, the answers to the file's\n"
     "queries and a line for its expectations.  `deal FILE...` is\n"
     "`deal run FILE...`.\n",
     "0; " EXIT_ERRORS,
     OPT_UNDER | OPT_AT | OPT_FACT | OPT_ALL | OPT_FORMAT | OPT_COLOR | OPT_FILTER |
         OPT_WIDTH,
     "text|json|dot|svg|markdown|html", 1, -1, NEEDS_FILE, cmd_run},
    {"test", "FILE|DIR...", "check every expect",
     "Checks every `expect` of each file (a directory: every .deal file below\n"
     "it, in sorted order) and prints each failure with its place, what was\n"
     "expected, what was found and why; the last line counts the passed and\n"
     "failed expectations and the files with errors.\n",
     "0 when all hold, 1 when one does not, " EXIT_ERRORS,
     OPT_SNAPSHOT | OPT_UPDATE | OPT_JUNIT | OPT_FORMAT | OPT_FACT | OPT_AT |
         OPT_COLOR,
     "text|json", 1, -1, NEEDS_FILE, cmd_test},
    {"diff", "FILE A B", "what differs from world A to world B",
     "Prints every permission, market, flow and total that differs from world\n"
     "A to world B (status_quo, an outcome, or outcomes joined by + or ,),\n"
     "each permission with the clauses responsible.\n",
     "0 when nothing differs, 1 when something does, " EXIT_ERRORS,
     OPT_AT | OPT_FACT | OPT_FORMAT | OPT_COLOR | OPT_FILTER | OPT_WIDTH,
     "text|json|html", 3, 3,
     "takes FILE A B (worlds: status_quo, OUTCOME or A+B)", cmd_diff},
    {"check", "FILE...", "parse and resolve only",
     "Reads each file and its includes, resolves the names, reports every\n"
     "error and warning, and for a file without errors prints a one-line\n"
     "summary; evaluates nothing.\n",
     "0; " EXIT_ERRORS, OPT_FORMAT | OPT_COLOR, "text|json", 1, -1, NEEDS_FILE,
     cmd_check},
    {"query", "FILE 'CHECK'", "answer one check, with reasons",
     "Answers one check, written as after `query` without the final `;`\n"
     "('Amazon may host X under o', 'who may host X'), with the clauses that\n"
     "decide it and those defeated, each with its place.  --under and --at\n"
     "apply when the check has no `under` or `at` of its own.\n",
     "0 when it holds, 1 when it does not, " EXIT_ERRORS,
     OPT_UNDER | OPT_AT | OPT_FACT | OPT_FORMAT | OPT_COLOR, "text|json", 2, 2,
     "takes FILE 'CHECK'", cmd_query},
    {"repl", "[FILE...]", "explore interactively",
     "Loads the files, then reads statements ending in `;`, checks ending in\n"
     "`?` and commands starting with `:` (`:help` lists them).\n",
     "0",
     OPT_COLOR, NULL, 0, -1, NEEDS_FILE, cmd_repl},
    {"lsp", "", "a language server for editors",
     "Serves the Language Server Protocol (3.17) on standard input and\n"
     "output for an editor: the diagnostics of `deal check` and the expects\n"
     "that fail, hover (a clause in the session's world, a name's\n"
     "declaration, an expect's answer and reasons), definition, references,\n"
     "rename, the outline, completion, formatting, a code lens on each\n"
     "expect, and the command deal.world to choose the session's world.\n",
     "0; 1 when the editor exits without shutting the server down",
     0, NULL, 0, 0, "takes no arguments", cmd_lsp},
    {"fmt", "FILE...", "print in the canonical layout",
     "Prints each file in the canonical layout, keeping the author's blank\n"
     "lines and comments.  Files with errors are not formatted.\n",
     "0; 1 with --check when a file is not in the layout; " EXIT_ERRORS,
     OPT_CHECK | OPT_WRITE | OPT_COLOR, NULL, 1, -1, NEEDS_FILE, cmd_fmt},
    {"timeline", "FILE...", "statuses, markets and flows over time",
     "Prints, for each world, every key whose status changes over time with\n"
     "its periods, the market of each product period by period, and every\n"
     "flow with its periods, each change with the clause and date that make\n"
     "it (LANGUAGE.md section 11: computed from the clauses' windows).\n",
     "0; " EXIT_ERRORS,
     OPT_UNDER | OPT_AT | OPT_FACT | OPT_ALL | OPT_FORMAT | OPT_COLOR | OPT_FILTER |
         OPT_WIDTH,
     "text|json|markdown|html", 1, -1, NEEDS_FILE, cmd_timeline,
     "every slot and flow, not only the first 1,000 lines"},
    {"help", "[COMMAND]", "the usage, or a command's options",
     "Prints the usage of deal, or of one command with its options and exit\n"
     "status (as `deal COMMAND --help` does).\n",
     "0; 2 for an unknown command", 0, NULL, 0, 1, "takes at most a command",
     cmd_help},
};
enum { NCOMMANDS = sizeof commands / sizeof *commands };

/* deal --help: every command on a line, then every option. */
static void usage(FILE *f) {
  for (int i = 0; i < NCOMMANDS; i++) {
    const Command *c = &commands[i];
    char line[80];
    int n = snprintf(line, sizeof line, "%s deal %s%s%s %s",
                     i ? "      " : "usage:", i ? "" : "[", c->name,
                     i ? "" : "]", c->args);
    fprintf(f, "%s%*s%s\n", line, n < 37 ? 37 - n : 1, "", c->what);
  }
  int col = fprintf(f, "options:");
  for (int i = 0; i < NOPTIONS + 2; i++) {
    char buf[80];
    int n = i == NOPTIONS ? snprintf(buf, sizeof buf, "--help")
          : i > NOPTIONS  ? snprintf(buf, sizeof buf, "--version")
          : snprintf(buf, sizeof buf, "%s%s%s", options[i].name,
                     options[i].arg ? " " : "", options[i].arg ? options[i].arg : "");
    if (col + 2 + n > 78) {
      fprintf(f, "\n        ");
      col = 8;
    }
    col += fprintf(f, " %s%s", col > 9 ? " " : "", buf);
  }
  fprintf(f, "\n'deal COMMAND --help' shows a command's options and exit status.\n");
}

/* Text from column col on, wrapped at spaces before column 78. */
static void wrap(FILE *f, const char *text, int col) {
  for (const char *p = text; *p;) {
    int n = (int)strcspn(p, " ");
    if (p > text && col + 1 + n > 78) {
      fputs("\n             ", f);
      col = 13;
    } else if (p > text) {
      col += fprintf(f, " ");
    }
    col += fprintf(f, "%.*s", n, p);
    p += n;
    while (*p == ' ') p++;
  }
  fputc('\n', f);
}

/* deal CMD --help. */
static void command_help(FILE *f, const Command *c) {
  fprintf(f, "usage: deal %s%s %s\n\n%s", c->name,
          c->opts ? " [options]" : "", c->args, c->help);
  if (c->opts) fprintf(f, "\noptions:\n");
  for (int i = 0; i < NOPTIONS; i++) {
    const Option *op = &options[i];
    if (!(c->opts & op->bit)) continue;
    char buf[80];
    const char *arg = op->bit == OPT_FORMAT ? c->formats : op->arg;
    snprintf(buf, sizeof buf, "%s%s%s", op->name, arg ? " " : "", arg ? arg : "");
    const char *what = op->bit == OPT_ALL && c->all ? c->all : op->what;
    if (strlen(buf) > 27) fprintf(f, "  %s\n  %-27s %s\n", buf, "", what);
    else fprintf(f, "  %-27s %s\n", buf, what);
  }
  fprintf(f, "\nexit status: ");
  wrap(f, c->exits, 13);
}

/* A usage error: one line, and where the usage is. */
static int usage_error(const Command *c, const char *fmt, const char *arg) {
  fprintf(stderr, "deal: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, " (see deal %s%s--help)\n", c ? c->name : "", c ? " " : "");
  return 2;
}

static bool want_color(const Opts *o, FILE *f) {
  if (o->color >= 0) return o->color == 1;
  const char *nc = getenv("NO_COLOR");
  if (nc && *nc) return false;
  return isatty(fileno(f));
}

/* The columns a text report fits in: --width, else the terminal's on a
 * terminal, else no limit (a file or a pipe keeps every line whole). */
static uint32_t want_width(const Opts *o, FILE *f) {
  return o->width >= 0 ? (uint32_t)o->width : report_terminal_width(f);
}

/* ---- loading ---- */

/* One file as a session, --fact applied; *ok false when it cannot be
 * evaluated.  Its diagnostics are printed as they come, or with keep,
 * kept in s->diag (a --fact error too, as an error of the file). */
static Session *open_session(const char *path, const Opts *o, bool no_model,
                             bool comments, bool keep, bool *ok) {
  SessionOpts so = {keep ? NULL : stderr, want_color(o, stderr), comments,
                    no_model};
  Session *s = session_new(&so);
  Defer d;
  mem_defer(&d, (void (*)(void *))session_free, s);
  *ok = session_load_file(s, path);
  for (int i = 0; *ok && !no_model && i < o->nfacts; i++) {
    char err[400];
    if (!session_fact(s, o->facts[i], err, sizeof err)) {
      if (keep) diag_error(&s->diag, (Loc){0, 0, 0, 0}, "--fact: %s", err);
      else fprintf(stderr, "deal: --fact: %s\n", err);
      *ok = false;
    }
  }
  mem_undefer(&d, false);
  return s;
}

/* The same, NULL (after saying why) when it cannot be evaluated. */
static Session *load(const char *path, const Opts *o, bool no_model,
                     bool comments) {
  bool ok;
  Session *s = open_session(path, o, no_model, comments, false, &ok);
  if (ok) return s;
  session_free(s);
  return NULL;
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
  if (!strcmp(f, "html")) return DEAL_FORMAT_HTML;
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

/* The HTML report's graphs: Graphviz's `dot -Tsvg` reads the DOT from a
 * temporary file (so that nothing waits on a full pipe) and writes the
 * SVG to a pipe read here. */
static bool dot_svg(void *ctx, const char *dot, size_t len, StrBuf *out,
                    char *why, size_t cap) {
  (void)ctx;
  if (!on_path("dot")) {
    snprintf(why, cap, "Graphviz's dot program is not installed");
    return false;
  }
  const char *dir = getenv("TMPDIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/deal-dot-XXXXXX", dir && *dir ? dir : "/tmp");
  int fd = mkstemp(path);
  if (fd < 0) {
    snprintf(why, cap, "cannot make a temporary file for dot: %s", strerror(errno));
    return false;
  }
  bool ok = write(fd, dot, len) == (ssize_t)len;
  close(fd);
  int p[2] = {-1, -1};
  pid_t pid = -1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (ok && pipe(p) == 0) {
    posix_spawn_file_actions_addopen(&fa, 0, path, O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    posix_spawn_file_actions_addclose(&fa, p[0]);
    posix_spawn_file_actions_addclose(&fa, p[1]);
    char a0[] = "dot", a1[] = "-Tsvg";
    char *argv[] = {a0, a1, NULL};
    extern char **environ;
    if (posix_spawnp(&pid, "dot", &fa, NULL, argv, environ) != 0) pid = -1;
    close(p[1]);
    char buf[65536];
    ssize_t k;
    while (pid > 0 && (k = read(p[0], buf, sizeof buf)) > 0) sb_put(out, buf, (size_t)k);
    close(p[0]);
  }
  posix_spawn_file_actions_destroy(&fa);
  int st = 0;
  ok = ok && pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
       WEXITSTATUS(st) == 0;
  unlink(path);
  if (!ok) snprintf(why, cap, "Graphviz's dot failed to draw them");
  return ok;
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
  RunFilter flt;
  if (!session_filter(j.s, o->party, o->action, o->product, &flt, err, sizeof err)) {
    fprintf(stderr, "deal: %s\n", err);
    mem_undefer(&dj, true);
    return 2;
  }
  j.ws = session_report_worlds(j.s, o->under, o->at, dot, &j.nw, err, sizeof err);
  if (!j.ws) {
    fprintf(stderr, "deal: --under: %s\n", err);
    rc = 2;
  } else {
    RunOpts ro = {o->all ? RUN_ROWS_ALL : RUN_ROWS_DIFF, !dot, &flt};
    j.d = rundata_build(j.s->m, j.ws, j.nw, &ro);
    state_phase("rundata");
    ReportOpts rp = {color && fmt == DEAL_FORMAT_TEXT, o->all, path, NULL,
                     want_width(o, stdout), dot_svg, NULL};
    switch (fmt) {
      case DEAL_FORMAT_TEXT:
        report_text(out, j.d, &rp);
        report_text_tail(out, j.s->m, rp.color);
        break;
      case DEAL_FORMAT_JSON: report_json(out, j.d, &rp); break;
      case DEAL_FORMAT_DOT: report_dot(out, j.d, 0); break;
      case DEAL_FORMAT_MARKDOWN: report_markdown(out, j.d, &rp); break;
      case DEAL_FORMAT_HTML: report_html(out, j.d, &rp); break;
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
  if (fmt == DEAL_FORMAT_HTML && nfiles > 1) {
    fprintf(stderr, "deal: --format html makes one page of one scenario: "
            "give one file\n");
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
  else if (o->format && !strcmp(o->format, "html")) fmt = TIMELINE_HTML;
  if (fmt == TIMELINE_HTML && nfiles > 1) {
    fprintf(stderr, "deal: --format html makes one page of one scenario: "
            "give one file\n");
    return 2;
  }
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
    RunFilter flt;
    if (!session_filter(j.s, o->party, o->action, o->product, &flt, err, sizeof err)) {
      fprintf(stderr, "deal: %s\n", err);
      rc = 2;
    } else if (!(j.ws = session_report_worlds(j.s, o->under, o->at, false, &j.nw,
                                             err, sizeof err))) {
      fprintf(stderr, "deal: --under: %s\n", err);
      rc = 2;
    } else {
      ReportOpts rp = {false, o->all, files[fi], &flt, want_width(o, stdout)};
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
  Job j = {load(args[0], o, false, false), NULL, 0, NULL};
  if (!j.s) return 2;
  Defer dj;
  mem_defer(&dj, job_free, &j);
  char err[400];
  int rc = 2;
  RunFilter flt;
  if (!session_filter(j.s, o->party, o->action, o->product, &flt, err, sizeof err)) {
    fprintf(stderr, "deal: %s\n", err);
    mem_undefer(&dj, true);
    return 2;
  }
  j.ws = mem_calloc(2, sizeof *j.ws);
  if ((j.ws[j.nw++] = session_world(j.s, args[1], o->at, err, sizeof err)) &&
      (j.ws[j.nw++] = session_world(j.s, args[2], o->at, err, sizeof err))) {
    RunOpts ro = {RUN_ROWS_DIFF, false, &flt};
    j.d = rundata_build(j.s->m, j.ws, 2, &ro);
    ReportOpts rp = {want_color(o, stdout), false, args[0], NULL, want_width(o, stdout),
                     NULL, NULL};
    deal_format fmt = format_of(o->format);
    rc = (fmt == DEAL_FORMAT_JSON   ? report_diff_json
          : fmt == DEAL_FORMAT_HTML ? report_diff_html
                                    : report_diff)(stdout, j.d, &rp) ? 1 : 0;
  } else {
    fprintf(stderr, "deal: diff: %s\n", err);
  }
  mem_undefer(&dj, true);
  return rc;
}

/* ---- deal test ---- */

/* A file's whole text (malloc'd, NUL after it), or NULL when it cannot be
 * read. */
static char *read_whole(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *text = NULL, buf[65536];
  size_t cap = 0, k;
  while ((k = fread(buf, 1, sizeof buf, f)) > 0) {
    char *grown = realloc(text, cap + k + 1);
    if (!grown) break;
    text = grown;
    memcpy(text + cap, buf, k);
    cap += k;
  }
  fclose(f);
  *len = cap;
  return text ? text : calloc(1, 1);
}

/* deal test --update: writes snap when it is missing or differs; 0, or 2
 * on errors. */
static int snapshot_update(deal_scenario *s, const char *path,
                           const char *snap, const char *old, size_t olen,
                           const Opts *o, FILE *msg) {
  char err[256];
  const char *why;
  size_t len;
  int rc = 2;
  char *text = deal_snapshot(s, o->at, &len, err, sizeof err);
  if (!text) {
    fprintf(stderr, "deal: %s: %s\n", path, err);
  } else if (!old || olen != len || memcmp(old, text, len) != 0) {
    if (!atomic_write(snap, text, len, &why))
      fprintf(stderr, "deal: cannot write %s: %s\n", snap, why);
    else {
      fprintf(msg, "%s: wrote %s\n", path, snap);
      rc = 0;
    }
  } else {
    rc = 0;
  }
  deal_string_free(text);
  return rc;
}

/* deal test --snapshot / --update: NAME.snap beside NAME.deal.  Returns
 * 0 when it matches (or was written), 1 when it differs, 2 on errors
 * (said on stderr); what to say about it is printed to msg.  It runs
 * through the library (deal.h), in a State of its own. */
static int snapshot_file(const char *path, const char *snap, const Opts *o,
                         FILE *msg) {
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
  char *old = read_whole(snap, &olen);
  if (o->update) {
    rc = snapshot_update(s, path, snap, old, olen, o, msg);
    free(old);
    goto out;
  }
  if (!old) {
    fprintf(msg, "%s: no snapshot %s (deal test --update writes it)\n", path, snap);
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
    fprintf(msg, "%s: the outcomes differ from %s in %ld place%s "
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

/* One file of deal test: its expects and its snapshot; the exit status
 * it asks for (2 on errors). */
static int test_one(TestReport *t, const char *path, const Opts *o) {
  bool ok;
  Session *s = open_session(path, o, false, false, true, &ok);
  Defer ds;
  mem_defer(&ds, (void (*)(void *))session_free, s);
  PrintStream m = {NULL, NULL, 0};
  Defer dm;
  mem_defer(&dm, print_stream_free, &m);
  TestSnapshot snap = {NULL, 0, NULL};
  size_t n = strlen(path);
  char *snap_path = mem_talloc(n + 6);
  if (n > 5 && !strcmp(path + n - 5, ".deal")) n -= 5;
  snprintf(snap_path, n + 6, "%.*s.snap", (int)n, path);
  if (ok && (o->snapshot || o->update)) {
    print_stream_open(&m);
    snap.rc = snapshot_file(path, snap_path, o, m.f);
    size_t len;
    snap.path = snap_path;
    snap.message = print_stream_text(&m, &len);
  }
  uint32_t errors = t->errors;
  report_test_file(t, path, ok ? s->m : NULL, &s->diag, snap.path ? &snap : NULL);
  mem_undefer(&dm, true);
  mem_undefer(&ds, true);
  mem_free(snap_path);
  return !ok || snap.rc == 2 || t->errors > errors ? 2 : 0;
}

/* The JUnit XML of the run, written by temporary file and rename. */
static int write_junit(const TestReport *t, const char *path) {
  StrBuf b;
  sb_init(&b);
  Defer d;
  mem_defer(&d, (void (*)(void *))sb_free, &b);
  report_test_junit(t, &b);
  const char *why;
  int rc = 0;
  if (!atomic_write(path, b.s, b.n, &why)) {
    fprintf(stderr, "deal: cannot write %s: %s\n", path, why);
    rc = 2;
  }
  mem_undefer(&d, true);
  return rc;
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
  TestReport t;
  report_test_begin(&t, stdout, o->format && !strcmp(o->format, "json"),
                    want_color(o, stdout), o->junit != NULL);
  Defer dt;
  mem_defer(&dt, (void (*)(void *))report_test_free, &t);
  for (uint32_t i = 0; i < files.n; i++) {
    int r = test_one(&t, files.v[i], o);
    if (r > rc) rc = r;
  }
  report_test_end(&t);
  if (o->junit && write_junit(&t, o->junit)) rc = 2;
  uint32_t failed = t.failed;
  mem_undefer(&dt, true);
  mem_undefer(&df, true);
  if (rc) return rc;
  return failed ? 1 : 0;
}

/* ---- deal check, deal query, deal repl ---- */

/* deal check --format json: each file's diagnostics and, without errors,
 * what it declares. */
static bool check_json(Json *j, const char *path, const Opts *o) {
  bool ok;
  Session *s = open_session(path, o, true, false, true, &ok);
  Defer ds;
  mem_defer(&ds, (void (*)(void *))session_free, s);
  Program *p = s->p;
  json_sep(j);
  json_open(j, '{');
  json_kv_str(j, "file", path);
  json_kv_bool(j, "ok", ok);
  json_key(j, "declares");
  if (ok) {
    json_open_flat(j, '{');
    json_kv_int(j, "parties", p->nparties);
    json_kv_int(j, "agreements", p->nagreements);
    json_kv_int(j, "clauses", p->nclauses);
    json_kv_int(j, "outcomes", p->noutcomes);
    json_kv_int(j, "expects", p->nexpects);
    json_close(j, '}');
  } else {
    fputs("null", stdout);
  }
  json_kv_int(j, "errors", s->diag.errors);
  json_kv_int(j, "warnings", s->diag.warnings);
  json_kv_bool(j, "truncated", s->diag.errors > s->diag.max_errors);
  json_key(j, "diagnostics");
  diag_json(&s->diag, j);
  json_close(j, '}');
  mem_undefer(&ds, true);
  return ok;
}

static int cmd_check(char **files, int nfiles, const Opts *o) {
  int rc = 0;
  bool json = o->format && !strcmp(o->format, "json");
  Json j;
  json_init(&j, stdout);
  if (json) {
    json_open(&j, '{');
    json_kv_int(&j, "version", REPORT_JSON_VERSION);
    json_key(&j, "files");
    json_open(&j, '[');
  }
  for (int i = 0; i < nfiles; i++) {
    if (json) {
      if (!check_json(&j, files[i], o)) rc = 2;
      continue;
    }
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
  if (json) {
    json_close(&j, ']');
    json_close(&j, '}');
    fputc('\n', stdout);
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
    if (o->format && !strcmp(o->format, "json")) {
      Json j;
      json_init(&j, stdout);
      json_open(&j, '{');
      json_kv_int(&j, "version", REPORT_JSON_VERSION);
      json_kv_str(&j, "scenario", args[0]);
      report_check_json(&j, a.s->m, e, &a.r, false, true);
      json_close(&j, '}');
      fputc('\n', stdout);
      rc = a.r.error ? 2 : a.r.holds ? 0 : 1;
    } else if (a.r.error) {
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

static int cmd_lsp(char **args, int nargs, const Opts *o) {
  (void)args, (void)nargs, (void)o;
  return lsp_main(DEAL_VERSION);
}

/* ---- arguments ---- */

static const Command *find_command(const char *name) {
  for (int i = 0; i < NCOMMANDS; i++)
    if (!strcmp(commands[i].name, name)) return &commands[i];
  return NULL;
}

static int unknown_command(const char *a);

/* deal help [COMMAND] */
static int cmd_help(char **args, int nargs, const Opts *o) {
  (void)o;
  if (!nargs) {
    usage(stdout);
    return 0;
  }
  const Command *c = find_command(args[0]);
  if (!c) return unknown_command(args[0]);
  command_help(stdout, c);
  return 0;
}

/* "unknown command ‘rnu’; did you mean ‘run’?", as git says it. */
static int unknown_command(const char *a) {
  const char *names[NCOMMANDS];
  for (int i = 0; i < NCOMMANDS; i++) names[i] = commands[i].name;
  const char *near = diag_nearest(a, names, NCOMMANDS);
  if (near) {
    fprintf(stderr, "deal: unknown command " LQ "%s" RQ "; did you mean " LQ
            "%s" RQ "?\n", a, near);
  } else {
    fprintf(stderr, "deal: unknown command " LQ "%s" RQ " (commands:", a);
    for (int i = 0; i < NCOMMANDS; i++)
      fprintf(stderr, "%s %s", i ? "," : "", names[i]);
    fprintf(stderr, "; see deal --help)\n");
  }
  return 2;
}

/* A first argument that names no command is a file, as `deal FILE` is
 * `deal run FILE` — unless it cannot be one: no such file, and no `.` or
 * `/` in it.  Then it is a mistyped command. */
static bool cannot_be_file(const char *a) {
  struct stat st;
  return !strchr(a, '.') && !strchr(a, '/') && stat(a, &st) != 0;
}

/* The option an argument names (--name or --name=VALUE), or NULL. */
static const Option *find_option(const char *a) {
  for (int i = 0; i < NOPTIONS; i++) {
    size_t n = strlen(options[i].name);
    if (!strncmp(a, options[i].name, n) &&
        (!a[n] || (a[n] == '=' && options[i].arg)))
      return &options[i];
  }
  return NULL;
}

static int unknown_option(const char *a) {
  const char *names[NOPTIONS + 2];
  for (int i = 0; i < NOPTIONS; i++) names[i] = options[i].name;
  names[NOPTIONS] = "--help";
  names[NOPTIONS + 1] = "--version";
  char opt[64];
  snprintf(opt, sizeof opt, "%.*s", (int)strcspn(a, "="), a);
  for (int i = 0; i < NOPTIONS + 2; i++)
    if (!strcmp(opt, names[i])) {
      fprintf(stderr, "deal: %s takes no value (see deal --help)\n", opt);
      return 2;
    }
  const char *near = diag_nearest(opt, names, NOPTIONS + 2);
  if (near)
    fprintf(stderr, "deal: unknown option " LQ "%s" RQ "; did you mean " LQ
            "%s" RQ "? (see deal --help)\n", opt, near);
  else
    fprintf(stderr, "deal: unknown option " LQ "%s" RQ " (see deal --help)\n", opt);
  return 2;
}

/* Sets option op from its value (NULL for a flag); -1, or an exit status
 * after a usage error. */
static int set_option(Opts *o, const Option *op, const char *val) {
  if (op->arg && (!val || !*val)) {
    fprintf(stderr, "deal: %s needs %s (see deal --help)\n", op->name, op->arg);
    return 2;
  }
  o->given |= op->bit;
  switch (op->bit) {
    case OPT_UNDER: o->under = val; break;
    case OPT_AT: {
      int32_t d;
      char err[100];
      if (!session_date(val, &d, err, sizeof err))
        return usage_error(NULL, "--at needs a date YYYY-MM-DD, not " LQ "%s" RQ, val);
      o->at = val;
      break;
    }
    case OPT_FACT: o->facts[o->nfacts++] = val; break;
    case OPT_ALL: o->all = true; break;
    case OPT_FORMAT: o->format = !strcmp(val, "md") ? "markdown" : val; break;
    case OPT_COLOR:
      if (!strcmp(val, "auto")) o->color = -1;
      else if (!strcmp(val, "always")) o->color = 1;
      else if (!strcmp(val, "never")) o->color = 0;
      else return usage_error(NULL, "--color takes auto, always or never, not "
                              LQ "%s" RQ, val);
      break;
    case OPT_SNAPSHOT: o->snapshot = true; break;
    case OPT_UPDATE: o->update = true; break;
    case OPT_JUNIT: o->junit = val; break;
    case OPT_WIDTH: {
      char *end;
      long w = strtol(val, &end, 10);
      if (*end || end == val || w < 0 || w > 100000)
        return usage_error(NULL, "--width needs a number of columns (0: no limit), "
                           "not " LQ "%s" RQ, val);
      o->width = w;
      break;
    }
    case OPT_PARTY: o->party = val; break;
    case OPT_ACTION: o->action = val; break;
    case OPT_PRODUCT: o->product = val; break;
    case OPT_CHECK: o->fmt_check = true; break;
    case OPT_WRITE: o->fmt_write = true; break;
  }
  return -1;
}

/* Reads the options into o and the other arguments into args; the
 * command, when the first argument names one.  -1 to go on, else an exit
 * status. */
static int parse_args(int argc, char **argv, Opts *o, const Command **cmd,
                      char **args, int *nargs) {
  bool dashdash = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (dashdash || a[0] != '-' || a[1] == 0) {
      bool first = !*cmd && !dashdash && !*nargs;
      const Command *c = first ? find_command(a) : NULL;
      if (c) *cmd = c;
      else if (first && cannot_be_file(a)) return unknown_command(a);
      else args[(*nargs)++] = argv[i];
    } else if (!strcmp(a, "--")) {
      dashdash = true;
    } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      o->help = true;
    } else if (!strcmp(a, "--version")) {
      printf("deal %s\n", DEAL_VERSION);
      return 0;
    } else {
      const Option *op = find_option(a);
      if (!op) return unknown_option(a);
      const char *val = NULL, *eq = strchr(a, '=');
      if (op->arg) val = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
      int rc = set_option(o, op, val);
      if (rc >= 0) return rc;
    }
  }
  return -1;
}

/* Is v one of the values "a|b|c"? */
static bool one_of(const char *v, const char *list) {
  size_t n = strlen(v);
  for (const char *p = list; p && *p;) {
    size_t k = strcspn(p, "|");
    if (k == n && !strncmp(p, v, n)) return true;
    p += k + (p[k] == '|');
  }
  return false;
}

/* The options and arguments fit the command; -1, or an exit status. */
static int check_usage(const Command *c, const Opts *o, int nargs) {
  unsigned extra = o->given & ~c->opts;
  for (int i = 0; extra && i < NOPTIONS; i++)
    if (extra & options[i].bit)
    if (extra & options[i].bit) {
      fprintf(stderr, "deal: %s takes no %s (see deal %s --help)\n", c->name,
              options[i].name, c->name);
      return 2;
    }
  if (o->format && !one_of(o->format, c->formats)) {
    fprintf(stderr, "deal: %s --format takes %s, not " LQ "%s" RQ " (see deal "
            "%s --help)\n", c->name, c->formats, o->format, c->name);
    return 2;
  }
  if (nargs < c->min || (c->max >= 0 && nargs > c->max)) {
    fprintf(stderr, "deal: %s %s (see deal %s --help)\n", c->name, c->takes,
            c->name);
    return 2;
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
#ifdef M_MMAP_THRESHOLD
  /* Blocks of 256 KiB and more (a run's row, side and flow vectors, per
   * chunk of slots) are mapped on their own and go back to the system
   * when freed.  glibc would raise that threshold to the largest block
   * freed so far and keep the later ones in its heap, where the chunks'
   * vectors, freed as they are joined, stay resident beside the whole:
   * 8 MiB of the peak of `deal run --format json --all` at 1M clauses.
   * Larger blocks are mem.c's own mappings anyway. */
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
  State *S = state_new();
  if (!S) {
    fputs("deal: out of memory\n", stderr);
    return 2;
  }
  state_enter(S);
  state_phase("start");
  Opts o = {.color = -1, .width = -1};
  char **args = calloc((size_t)argc + 1, sizeof *args);
  o.facts = calloc((size_t)argc + 1, sizeof *o.facts);
  int nargs = 0, rc;
  const Command *cmd = NULL;
  if (!args || !o.facts) {
    fputs("deal: out of memory\n", stderr);
    rc = 2;
  } else if ((rc = parse_args(argc, argv, &o, &cmd, args, &nargs)) >= 0) {
    /* a usage error, or --version */
  } else if (o.help) {
    if (cmd) command_help(stdout, cmd);
    else usage(stdout);
    rc = 0;
  } else if (!cmd && !nargs && !o.given) {
    usage(stderr);  /* `deal` alone: the usage, as a usage error */
    rc = 2;
  } else if ((rc = check_usage(cmd ? cmd : &commands[0], &o, nargs)) < 0) {
    struct main_args a = {cmd ? cmd : &commands[0], args, nargs, &o, 2};
    if (state_call(S, main_fn, &a) != 0) {
      fputs("deal: out of memory\n", stderr);
      a.rc = 2;
    }
    rc = a.rc;
  }
  state_phase("end");
  free(args);
  free((void *)o.facts);
  state_leave();
  state_free(S);
  return rc;
}
