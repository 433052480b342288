/* repl: `deal repl` — statements are checked and added to the scenario
 * (one with an error changes nothing), questions ending in `?` are answered
 * in the current world, commands start with `:`.  On a terminal it has line
 * editing, history and completion (libedit); from a pipe it prints no
 * prompts and no escape codes, so transcripts can be tested. */
#include "repl.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <editline/readline.h>

#include "atomic.h"
#include "explain.h"
#include "lex.h"
#include "literal.h"
#include "parse.h"
#include "print.h"
#include "report.h"
#include "resolve.h"
#include "session.h"

/* What the program holds at one moment, to go back to it (an input with
 * errors, :undo). */
typedef struct Snapshot {
  uint32_t ndecls, nparties, naliases, ngroups, nactions, nproducts, nfacts,
      nagreements, ndisputes, noutcomes, nclauses, nexpects, nitems;
  ResolveMark mark;
  bool has_scenario, any_clash;
  const char *title;
  int32_t asof;
  Loc scen_loc;
  uint32_t nloaded, nmarks;
} Snapshot;

typedef struct LogEntry {
  char *text;       /* typed statements, or a file name */
  bool is_file;
} LogEntry;

typedef struct FactSet {
  char *name;
  bool value;
} FactSet;

typedef struct Repl {
  Session *s;       /* the scenario as it stands */
  bool tty, color;
  Outcome **under;  /* current world */
  uint32_t nunder;
  char *under_spec;
  char *at;         /* the date of the world, NULL: the scenario's */
  FactSet *facts;
  uint32_t nfacts;
  Expect *last;     /* the last question, for :why */
  Snapshot *undo;   /* before each accepted input */
  uint32_t nundo, capundo;
  LogEntry *log;    /* accepted inputs, for :reload and :undo */
  uint32_t nlog, caplog;
  uint32_t inputs;  /* numbering of <input-N> */
  bool quit;
  bool stale;       /* memory ran out while the scenario changed: its
                       model is rebuilt before the next input */
} Repl;

static Repl *the_repl;  /* for completion */
static volatile sig_atomic_t got_sigint;

/* ---- program snapshots ---- */

static Snapshot snap_take(const Program *p) {
  Snapshot s = {p->ndecls, p->nparties, p->naliases, p->ngroups, p->nactions,
                p->nproducts, p->nfacts, p->nagreements, p->ndisputes,
                p->noutcomes, p->nclauses, p->nexpects, p->nitems, p->mark,
                p->has_scenario, p->any_clash, p->title, p->asof,
                p->scen_loc, p->nloaded, p->nmarks};
  return s;
}

/* Back to a snapshot: names declared since are unbound, lists cut, the
 * clause names rebuilt.  The arena keeps the bytes; they are unreachable. */
static void snap_restore(Program *p, const Snapshot *s) {
  for (uint32_t i = s->ndecls; i < p->ndecls; i++) {
    Decl *d = p->decls[i];
    if (d->name && d->name->decl == d) d->name->decl = NULL;
  }
  for (uint32_t i = s->nproducts; i < p->nproducts; i++) {
    Product *x = p->products[i];
    if (!x->up || x->up->h.index >= (int32_t)s->nproducts) continue;
    Product *u = x->up;
    for (uint32_t k = u->nkids; k-- > 0;)
      if (u->kids[k] == x) {
        memmove(u->kids + k, u->kids + k + 1, (u->nkids - k - 1) * sizeof *u->kids);
        u->nkids--;
        break;
      }
  }
  for (uint32_t i = 0; i < s->nparties; i++) {
    /* aliases of old parties cannot be new, but keep the count honest */
    Party *y = p->parties[i];
    while (y->naka && y->aka[y->naka - 1]->decl == NULL) y->naka--;
  }
  ast_scopes_free(p, s->nagreements, s->noutcomes);
  p->ndecls = s->ndecls;
  p->nparties = s->nparties;
  p->naliases = s->naliases;
  p->ngroups = s->ngroups;
  p->nactions = s->nactions;
  p->nproducts = s->nproducts;
  p->nfacts = s->nfacts;
  p->nagreements = s->nagreements;
  p->ndisputes = s->ndisputes;
  p->noutcomes = s->noutcomes;
  p->nclauses = s->nclauses;
  p->nexpects = s->nexpects;
  p->nitems = s->nitems;
  p->mark = s->mark;
  p->has_scenario = s->has_scenario;
  p->any_clash = s->any_clash;
  p->title = s->title;
  p->asof = s->asof;
  p->scen_loc = s->scen_loc;
  p->nloaded = s->nloaded;
  p->nmarks = s->nmarks;
  p->syntax_errors = 0;
  /* clause names live in their agreements and outcomes: the ones declared
   * since the snapshot went with them */
}

static void model_rebuild(Repl *r) {
  model_free(r->s->m);
  r->s->m = NULL;
  r->s->m = model_new(r->s->p);
  for (uint32_t i = 0; i < r->nfacts; i++)
    model_set_fact(r->s->m, r->facts[i].name, r->facts[i].value);
  r->stale = false;
}

static void log_push(Repl *r, const char *text, bool is_file,
                     const Snapshot *before) {
  if (r->nlog == r->caplog) {
    r->caplog = r->caplog ? r->caplog * 2 : 16;
    r->log = mem_realloc(r->log, r->caplog * sizeof *r->log);
    r->undo = mem_realloc(r->undo, r->caplog * sizeof *r->undo);
  }
  r->log[r->nlog].text = mem_strdup(text);
  r->log[r->nlog].is_file = is_file;
  r->undo[r->nlog] = *before;
  r->nlog++;
}

/* ---- output ---- */

static void say_error(Repl *r, const char *fmt, const char *arg) {
  printf("%serror:%s ", r->color ? "\033[1;31m" : "", r->color ? "\033[0m" : "");
  printf(fmt, arg);
  printf("\n");
}

/* ---- the current world ---- */

static void apply_world(Repl *r, Expect *e) {
  int32_t at;
  char err[64];
  /* `when` asks every day: :at is for the others */
  if (!e->cx.has_at && !e->cx.when && r->at &&
      session_date(r->at, &at, err, sizeof err)) {
    e->cx.has_at = true;
    e->cx.at = at;
  }
  if (!e->cx.has_under && r->nunder && !e->cx.has_prob) {
    e->cx.under = arena_alloc(&r->s->p->arena, r->nunder * sizeof(Ref));
    for (uint32_t i = 0; i < r->nunder; i++)
      e->cx.under[i] = (Ref){.name = r->under[i]->h.name, .d = &r->under[i]->h};
    e->cx.nunder = r->nunder;
    e->cx.has_under = true;
  }
}

static void answer(Repl *r, Expect *e) {
  apply_world(r, e);
  CheckResult res = {0};
  Defer dr;
  mem_defer(&dr, (void (*)(void *))check_result_free, &res);
  check_expect(r->s->m, r->s->x, e, &res);
  r->last = e;
  if (res.error) {
    say_error(r, "%s", res.msg);
    mem_undefer(&dr, true);
    return;
  }
  if (res.when) {
    explain_answer_line(stdout, e, &res, r->color, true);
    ExplainOpts eo = {r->color, "  "};
    explain_check(stdout, r->s->m, e, &res, &eo);
    mem_undefer(&dr, true);
    return;
  }
  const char *g = r->color ? "\033[1;32m" : "", *red = r->color ? "\033[1;31m" : "",
             *z = r->color ? "\033[0m" : "";
  printf("%s%s%s", res.holds ? g : red, res.holds ? "yes" : "no", z);
  char buf[64];
  if (e->cx.has_prob) {
    printf(" (%s of the weighed worlds)\n", lit_pct_str((int32_t)res.weight_ppm, buf));
  } else if (e->ck.k == CK_WHO) {
    printf(":");
    for (uint32_t i = 0; i < res.nwho; i++)
      printf("%s %s", i ? "," : "", r->s->p->parties[res.who[i]]->h.name->s);
    printf("%s\n", res.nwho ? "" : " nobody");
  } else if (e->ck.k == CK_FLOW) {
    if (res.flow) {
      printf(" (stated by ");
      print_clause_name_to(stdout, res.flow);
      printf(")\n");
    } else {
      printf(" (no active flow states it)\n");
    }
  } else if (res.obj) {
    printf(" (%s: %s", r->s->p->parties[res.party >= 0 ? res.party : 0]->h.name->s,
           eval_status_name(res.key.st));
    if (res.key.by_default) {
      printf(", by default");
    } else {
      bool first = true;
      for (uint32_t i = 0; i < res.key.n; i++) {
        if (res.key.hits[i].defeated) continue;
        printf("%s", first ? ", by " : " and ");
        print_clause_name_to(stdout, res.key.hits[i].c);
        first = false;
      }
    }
    printf(")\n");
  } else {
    printf("\n");
  }
  mem_undefer(&dr, true);
}

/* ---- input ---- */

/* Has the text a whole statement: braces closed and the last thing a
 * `;`, `?` or `}` outside strings and comments? */
static bool complete(const char *s) {
  int depth = 0;
  char last = 0;
  bool in_str = false;
  for (; *s; s++) {
    char c = *s;
    if (in_str) {
      if (c == '\\' && s[1]) s++;
      else if (c == '"' || c == '\n') in_str = false;
      continue;
    }
    if (c == '#') {
      while (*s && *s != '\n') s++;
      if (!*s) break;
      continue;
    }
    if (c == '"') in_str = true, last = c;
    else if (c == '{') depth++, last = c;
    else if (c == '}') depth--, last = c;
    else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') last = c;
  }
  if (!last) return true;
  return depth <= 0 && (last == ';' || last == '?' || last == '}');
}

/* An input that runs out of memory changes nothing either: the program
 * goes back to what it was (the model is rebuilt after the unwind). */
typedef struct Undo {
  Repl *r;
  Snapshot before;
} Undo;

static void undo_unwound(void *v) {
  Undo *u = v;
  snap_restore(u->r->s->p, &u->before);
  u->r->stale = true;
}

/* Adds text (statements and questions) transactionally. */
static bool add_input(Repl *r, const char *text, bool log_it) {
  Program *p = r->s->p;
  Undo u = {r, snap_take(p)};
  Snapshot before = u.before;
  Defer du;
  mem_defer(&du, undo_unwound, &u);
  char name[32];
  snprintf(name, sizeof name, "<input-%u>", ++r->inputs);
  Expect **qs = NULL;
  uint32_t nq = 0;
  int errors = r->s->diag.errors;
  parse_string(p, name, text, strlen(text), true, &qs, &nq);
  if (p->syntax_errors == 0) {
    resolve_program(p);
    for (uint32_t i = 0; i < nq; i++) resolve_expect(p, qs[i]);
  }
  diag_flush(&r->s->diag);
  if (r->s->diag.errors > errors || p->syntax_errors) {
    mem_undefer(&du, false);
    snap_restore(p, &before);
    r->s->diag.errors = errors;
    return false;
  }
  bool changed = p->nitems != before.nitems;
  if (changed) {
    model_sync(r->s->m);
    if (log_it) log_push(r, text, false, &before);
  }
  mem_undefer(&du, false);
  for (uint32_t i = 0; i < nq; i++) answer(r, qs[i]);
  return true;
}

static bool load_file(Repl *r, const char *path, bool log_it) {
  Program *p = r->s->p;
  Undo u = {r, snap_take(p)};
  Snapshot before = u.before;
  Defer du;
  mem_defer(&du, undo_unwound, &u);
  int errors = r->s->diag.errors;
  parse_file(p, path);
  if (p->syntax_errors == 0) resolve_program(p);
  diag_flush(&r->s->diag);
  if (r->s->diag.errors > errors || p->syntax_errors) {
    mem_undefer(&du, false);
    snap_restore(p, &before);
    r->s->diag.errors = errors;
    say_error(r, "%s not loaded", path);
    return false;
  }
  model_sync(r->s->m);
  if (log_it) log_push(r, path, true, &before);
  mem_undefer(&du, false);
  return true;
}

/* ---- commands ---- */

static const char *const commands[] = {
    "help", "quit", "load", "reload", "under", "at", "fact", "why", "worlds",
    "show", "list", "diff", "save", "undo", "when"};
#define NCOMMANDS (sizeof commands / sizeof *commands)

static void cmd_help(void) {
  puts("Statements end with ';' and are added to the scenario; checks end with\n"
       "'?' and are answered in the current world, e.g.\n"
       "  Amazon may host StatefulRuntime under microsoft_wins?\n"
       "  who may distribute Frontier?\n"
       "Commands (any unambiguous prefix will do):\n"
       "  :help                      this text\n"
       "  :quit                      leave (end of input does too)\n"
       "  :load FILE                 add a file's declarations\n"
       "  :reload                    read the loaded files again, then replay what was typed\n"
       "  :under OUTCOME[,OUTCOME]   answer in that world (:under none: the status quo)\n"
       "  :at DATE | none            the date of the world\n"
       "  :fact NAME=true|false      suppose a fact\n"
       "  :why                       the full explanation of the last answer\n"
       "  :when CHECK                the days it holds (as 'when CHECK?')\n"
       "  :worlds                    disputes, outcomes and probabilities\n"
       "  :show NAME                 a declaration as source (Agreement.clause too)\n"
       "  :list parties|groups|actions|products|facts|agreements|disputes|outcomes\n"
       "  :diff A B                  what differs between two worlds (status_quo, X, X+Y)\n"
       "  :save FILE                 the whole scenario as one .deal file\n"
       "  :undo                      take back the last input that changed the scenario");
}

/* The world of an outcome list, at the REPL's date. */
static World *world_of(Repl *r, const char *spec) {
  char err[400];
  World *w = session_world(r->s, spec, r->at, err, sizeof err);
  if (!w) say_error(r, "%s", err);
  return w;
}

static void cmd_worlds(Repl *r) {
  Program *p = r->s->p;
  char buf[64];
  if (!p->ndisputes) puts("No disputes: the status quo is the only world.");
  for (uint32_t i = 0; i < p->ndisputes; i++) {
    Dispute *d = p->disputes[i];
    printf("dispute %s%s%s\n", d->h.name->s, d->title ? ": " : "",
           d->title ? d->title : "");
    for (uint32_t k = 0; k < d->nouts; k++) {
      Outcome *o = d->outs[k];
      printf("  %-24s %8s  %s\n", o->h.name->s,
             o->has_prob ? lit_pct_str(o->prob, buf) : "-",
             o->title ? o->title : "");
    }
  }
  printf("Current world: %s", r->nunder ? r->under_spec : "status quo");
  if (r->at) printf(" at %s", r->at);
  else if (resolve_default_date(p))
    printf(" at %s", lit_date_str(resolve_default_date(p), buf));
  for (uint32_t i = 0; i < r->nfacts; i++)
    printf(", %s=%s", r->facts[i].name, r->facts[i].value ? "true" : "false");
  printf("\n");
}

static void cmd_show(Repl *r, const char *arg) {
  Program *p = r->s->p;
  const char *dot = strchr(arg, '.');
  StrBuf b;
  sb_init(&b);
  if (dot) {
    Name *a = intern_find(&p->names, arg, (size_t)(dot - arg));
    Name *c = intern_find(&p->names, dot + 1, strlen(dot + 1));
    Clause *cl = a && a->decl && c ? ast_clause_find(a->decl, c) : NULL;
    if (!cl) {
      say_error(r, "no clause %s", arg);
      return;
    }
    sb_printf(&b, "clause %s: ", cl->name->s);
    print_body(&b, cl->body);
    sb_puts(&b, ";\n");
  } else {
    Name *n = intern_find(&p->names, arg, strlen(arg));
    if (!n || !n->decl) {
      say_error(r, "nothing is named '%s'", arg);
      return;
    }
    print_decl(&b, p, n->decl);
  }
  fputs(b.s ? b.s : "", stdout);
  sb_free(&b);
}

static void cmd_list(Repl *r, const char *what) {
  Program *p = r->s->p;
  static const struct { const char *w; Kind k; } kinds[] = {
      {"parties", K_PARTY}, {"groups", K_GROUP}, {"actions", K_ACTION},
      {"products", K_PRODUCT}, {"facts", K_FACT}, {"agreements", K_AGREEMENT},
      {"disputes", K_DISPUTE}, {"outcomes", K_OUTCOME}};
  size_t n = strlen(what);
  for (size_t i = 0; n && i < sizeof kinds / sizeof *kinds; i++) {
    if (strncmp(kinds[i].w, what, n) != 0) continue;
    int col = 0;
    for (uint32_t j = 0; j < p->ndecls; j++) {
      Decl *d = p->decls[j];
      if (d->kind != kinds[i].k || d->redefined) continue;
      printf("%s%s", col ? " " : "", d->name->s);
      col = 1;
    }
    printf("%s\n", col ? "" : "(none)");
    return;
  }
  say_error(r, "list what? parties, groups, actions, products, facts, "
            "agreements, disputes or outcomes%s", "");
}

static void cmd_save(Repl *r, const char *path) {
  StrBuf b;
  sb_init(&b);
  PrintOpts po = {-1, true};
  print_program(&b, r->s->p, &po);
  const char *why;
  if (!atomic_write(path, b.s ? b.s : "", b.n, &why)) {
    char msg[512];
    snprintf(msg, sizeof msg, "cannot write %s: %s", path, why);
    say_error(r, "%s", msg);
  } else {
    printf("saved %s\n", path);
  }
  sb_free(&b);
}

static void clear_world(Repl *r) {
  mem_free(r->under);
  mem_free(r->under_spec);
  r->under = NULL;
  r->under_spec = NULL;
  r->nunder = 0;
}

static void undo_to(Repl *r, uint32_t k) {
  snap_restore(r->s->p, &r->undo[k]);
  for (uint32_t i = k; i < r->nlog; i++) mem_free(r->log[i].text);
  r->nlog = k;
  clear_world(r);  /* its outcomes may be gone */
  r->last = NULL;
  model_rebuild(r);
}

static Session *repl_session(Repl *r);

/* A fresh scenario from the log; the old one stays if anything fails (or
 * memory runs out: the new one is then freed by the unwind). */
static void cmd_reload(Repl *r) {
  Session *old = r->s;
  LogEntry *log = r->log;
  Snapshot *undo = r->undo;
  uint32_t nlog = r->nlog, caplog = r->caplog;
  r->log = NULL;
  r->undo = NULL;
  r->nlog = r->caplog = 0;
  r->s = repl_session(r);
  bool ok = true;
  for (uint32_t i = 0; i < nlog && ok; i++)
    ok = log[i].is_file ? load_file(r, log[i].text, true)
                        : add_input(r, log[i].text, true);
  Session *fresh = r->s;
  LogEntry *flog = r->log;
  uint32_t fn = r->nlog;
  Snapshot *fundo = r->undo;
  uint32_t fcap = r->caplog;
  if (!ok) {
    say_error(r, "reload failed; the scenario is as it was%s", "");
    r->s = old;
    r->log = log;
    r->nlog = nlog;
    r->undo = undo;
    r->caplog = caplog;
    session_free(fresh);
    for (uint32_t i = 0; i < fn; i++) mem_free(flog[i].text);
    mem_free(flog);
    mem_free(fundo);
    return;
  }
  for (uint32_t i = 0; i < nlog; i++) mem_free(log[i].text);
  mem_free(log);
  mem_free(undo);
  (void)fcap;
  session_free(old);
  clear_world(r);
  r->last = NULL;
  printf("reloaded\n");
}

typedef struct WorldPair {
  World *w[2];
} WorldPair;

static void world_pair_free(void *v) {
  WorldPair *p = v;
  world_free(p->w[0]);
  world_free(p->w[1]);
}

static void command(Repl *r, char *line) {
  char *s = line + 1;
  while (*s == ' ') s++;
  char *arg = s;
  while (*arg && *arg != ' ') arg++;
  size_t n = (size_t)(arg - s);
  while (*arg == ' ') *arg++ = 0;
  char *end = arg + strlen(arg);
  while (end > arg && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) *--end = 0;
  const char *cmd = NULL;
  int matches = 0;
  for (size_t i = 0; i < NCOMMANDS; i++) {
    if (strlen(commands[i]) == n && !strncmp(commands[i], s, n)) {
      cmd = commands[i];
      matches = 1;
      break;
    }
    if (n && !strncmp(commands[i], s, n)) {
      cmd = commands[i];
      matches++;
    }
  }
  if (!n || matches == 0) {
    say_error(r, "unknown command ':%s' (try :help)", s);
    return;
  }
  if (matches > 1) {
    say_error(r, "ambiguous command ':%s' (try :help)", s);
    return;
  }
  if (!strcmp(cmd, "help")) cmd_help();
  else if (!strcmp(cmd, "quit")) r->quit = true;
  else if (!strcmp(cmd, "load")) {
    if (!*arg) say_error(r, ":load needs a file%s", "");
    else if (load_file(r, arg, true)) printf("loaded %s\n", arg);
  } else if (!strcmp(cmd, "reload")) cmd_reload(r);
  else if (!strcmp(cmd, "under")) {
    if (!*arg) {
      printf("%s\n", r->nunder ? r->under_spec : "status quo");
    } else if (!strcmp(arg, "none") || !strcmp(arg, "status_quo")) {
      clear_world(r);
      printf("world: status quo\n");
    } else {
      Outcome **o;
      uint32_t k;
      char err[400];
      if (session_outcomes(r->s, arg, &o, &k, err, sizeof err)) {
        clear_world(r);
        r->under = o;
        r->nunder = k;
        r->under_spec = mem_strdup(arg);
        printf("world: %s\n", arg);
      } else {
        say_error(r, "%s", err);
      }
    }
  } else if (!strcmp(cmd, "at")) {
    int32_t v;
    char err[100];
    if (!strcmp(arg, "none")) {
      mem_free(r->at);
      r->at = NULL;
      printf("date: the scenario's\n");
    } else if (!session_date(arg, &v, err, sizeof err)) {
      say_error(r, ":at takes a date YYYY-MM-DD or none, not '%s'", arg);
    } else {
      mem_free(r->at);
      r->at = NULL;
      r->at = mem_strdup(arg);
      printf("date: %s\n", arg);
    }
  } else if (!strcmp(cmd, "fact")) {
    char *eq = strchr(arg, '=');
    char err[400];
    if (!eq || (strcmp(eq + 1, "true") && strcmp(eq + 1, "false"))) {
      say_error(r, ":fact takes NAME=true or NAME=false%s", "");
      return;
    }
    bool v = !strcmp(eq + 1, "true");
    if (!session_fact(r->s, arg, err, sizeof err)) {
      say_error(r, "%s", err);
      return;
    }
    *eq = 0;
    uint32_t i = 0;
    while (i < r->nfacts && strcmp(r->facts[i].name, arg)) i++;
    if (i == r->nfacts) {
      r->facts = mem_realloc(r->facts, (r->nfacts + 1) * sizeof *r->facts);
      r->facts[r->nfacts++] = (FactSet){mem_strdup(arg), v};
    }
    r->facts[i].value = v;
    printf("fact %s = %s\n", arg, v ? "true" : "false");
  } else if (!strcmp(cmd, "why")) {
    if (!r->last) {
      say_error(r, "no question asked yet%s", "");
      return;
    }
    CheckResult res = {0};
    Defer dr;
    mem_defer(&dr, (void (*)(void *))check_result_free, &res);
    check_expect(r->s->m, r->s->x, r->last, &res);
    explain_answer_line(stdout, r->last, &res, false, false);
    ExplainOpts eo = {r->color, "  "};
    explain_check(stdout, r->s->m, r->last, &res, &eo);
    mem_undefer(&dr, true);
  } else if (!strcmp(cmd, "when")) {
    if (!*arg) {
      say_error(r, ":when needs a check, e.g. :when Amazon may host X%s", "");
      return;
    }
    StrBuf q;
    sb_init(&q);
    Defer dq;
    mem_defer(&dq, (void (*)(void *))sb_free, &q);
    size_t len = strlen(arg);
    while (len && (arg[len - 1] == '?' || arg[len - 1] == ';')) len--;
    sb_printf(&q, "when %.*s?", (int)len, arg);
    add_input(r, q.s, false);
    mem_undefer(&dq, true);
  } else if (!strcmp(cmd, "worlds")) cmd_worlds(r);
  else if (!strcmp(cmd, "show")) {
    if (!*arg) say_error(r, ":show needs a name%s", "");
    else cmd_show(r, arg);
  } else if (!strcmp(cmd, "list")) cmd_list(r, arg);
  else if (!strcmp(cmd, "diff")) {
    char *b = arg;
    while (*b && *b != ' ') b++;
    while (*b == ' ') *b++ = 0;
    if (!*arg || !*b) {
      say_error(r, ":diff takes two worlds, e.g. :diff status_quo microsoft_wins%s", "");
      return;
    }
    WorldPair wp = {{world_of(r, arg), NULL}};
    Defer dw;
    mem_defer(&dw, world_pair_free, &wp);
    if (wp.w[0]) wp.w[1] = world_of(r, b);
    if (wp.w[0] && wp.w[1]) report_diff_worlds(stdout, r->s->m, wp.w[0], wp.w[1], r->color);
    mem_undefer(&dw, true);
  } else if (!strcmp(cmd, "save")) {
    if (!*arg) say_error(r, ":save needs a file%s", "");
    else cmd_save(r, arg);
  } else if (!strcmp(cmd, "undo")) {
    if (!r->nlog) say_error(r, "nothing to undo%s", "");
    else {
      undo_to(r, r->nlog - 1);
      printf("undone\n");
    }
  }
}

/* ---- line editing ---- */

static char *complete_gen(const char *text, int state) {
  static size_t i, phase, len;
  Repl *r = the_repl;
  if (!state) {
    i = 0;
    phase = 0;
    len = strlen(text);
  }
  if (text[0] == ':') {
    while (i < NCOMMANDS) {
      const char *c = commands[i++];
      if (!strncmp(c, text + 1, len - 1)) {
        char *m = malloc(strlen(c) + 2);
        if (m) sprintf(m, ":%s", c);
        return m;
      }
    }
    return NULL;
  }
  for (; phase < 2; phase++, i = 0) {
    size_t n = phase == 0 ? r->s->p->ndecls : lex_nkeywords;
    while (i < n) {
      const char *c = phase == 0 ? (r->s->p->decls[i]->name ? r->s->p->decls[i]->name->s : "")
                                 : lex_keywords[i];
      i++;
      if (*c && !strncmp(c, text, len)) return strdup(c);
    }
  }
  return NULL;
}

static char **complete_fn(const char *text, int start, int end) {
  (void)start;
  (void)end;
  return rl_completion_matches(text, complete_gen);
}

static void on_sigint(int sig) {
  (void)sig;
  got_sigint = 1;
}

static char *history_path(void) {
  const char *h = getenv("DEAL_HISTORY");
  if (h && *h) return mem_strdup(h);
  const char *state = getenv("XDG_STATE_HOME");
  const char *home = getenv("HOME");
  char buf[4096];
  if (state && *state) snprintf(buf, sizeof buf, "%s/deal", state);
  else if (home && *home) snprintf(buf, sizeof buf, "%s/.local/state/deal", home);
  else return NULL;
  /* make the directory, parents included */
  for (char *q = buf + 1; *q; q++)
    if (*q == '/') {
      *q = 0;
      mkdir(buf, 0700);
      *q = '/';
    }
  mkdir(buf, 0700);
  size_t n = strlen(buf);
  snprintf(buf + n, sizeof buf - n, "/history");
  return mem_strdup(buf);
}

/* The history file is plain text, a line per entry, the newest last; it
 * keeps the last HISTORY_MAX entries. */
#define HISTORY_MAX 1000

static void history_load(const char *path) {
  if (!path) return;
  FILE *f = fopen(path, "r");
  if (!f) return;
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  char **keep = NULL;
  size_t nkeep = 0;
  while ((n = getline(&line, &cap, f)) >= 0) {
    if (n && line[n - 1] == '\n') line[--n] = 0;
    if (!*line) continue;
    keep = mem_realloc(keep, (nkeep + 1) * sizeof *keep);
    keep[nkeep++] = mem_strdup(line);
  }
  free(line);
  fclose(f);
  size_t from = nkeep > HISTORY_MAX ? nkeep - HISTORY_MAX : 0;
  for (size_t i = from; i < nkeep; i++) add_history(keep[i]);
  if (from) {  /* rewrite it shorter */
    StrBuf b;
    sb_init(&b);
    for (size_t i = from; i < nkeep; i++) {
      sb_puts(&b, keep[i]);
      sb_puts(&b, "\n");
    }
    const char *why;
    (void)atomic_write(path, b.s, b.n, &why);
    sb_free(&b);
  }
  for (size_t i = 0; i < nkeep; i++) mem_free(keep[i]);
  mem_free(keep);
}

static void history_append(const char *path, const char *line) {
  if (!path) return;
  FILE *f = fopen(path, "a");
  if (!f) return;
  fprintf(f, "%s\n", line);
  fclose(f);
}

static void free_cb(void *p) { free(*(char **)p); }

/* A line from libedit or getline (malloc's) as the engine's; the
 * original freed, also if the copy runs out of memory. */
static char *kept_copy(char *l) {
  if (!l) return NULL;
  Defer d;
  mem_defer(&d, free_cb, &l);
  char *c = mem_strdup(l);
  mem_undefer(&d, true);
  return c;
}

/* One line: from libedit on a terminal, else plain from stdin. */
static char *read_line(Repl *r, bool continuation, bool *interrupted) {
  *interrupted = false;
  if (r->tty) {
    got_sigint = 0;
    char *l = readline(continuation ? "  ...> " : "deal> ");
    if (got_sigint) {
      free(l);
      *interrupted = true;
      return NULL;
    }
    return kept_copy(l);
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n = getline(&line, &cap, stdin);
  if (n < 0) {
    free(line);
    return NULL;
  }
  if (n && line[n - 1] == '\n') line[--n] = 0;
  return kept_copy(line);
}

/* An empty scenario for the REPL: diagnostics to stdout, the facts the
 * user set; the layout of what it reads kept, for :save. */
static Session *repl_session(Repl *r) {
  SessionOpts so = {stdout, r->color, true, false};
  Session *s = session_new(&so);
  Defer d;
  mem_defer(&d, (void (*)(void *))session_free, s);
  s->p = parse_program_new(&s->diag);
  s->p->keep_comments = true;
  s->m = model_new(s->p);
  for (uint32_t i = 0; i < r->nfacts; i++)
    model_set_fact(s->m, r->facts[i].name, r->facts[i].value);
  mem_undefer(&d, false);
  return s;
}

/* The loop's own: what is read, and what is pending. */
typedef struct Loop {
  Repl *r;
  char *hist;
  StrBuf pending;
  char *line;
  bool eof;
} Loop;

/* One line read and acted on (a protected call of its own). */
static void one_line(void *v) {
  Loop *l = v;
  Repl *r = l->r;
  bool intr;
  l->line = read_line(r, l->pending.n > 0, &intr);
  if (intr) {
    printf("\n");
    l->pending.n = 0;
    return;
  }
  if (!l->line) {
    if (l->pending.n) printf("error: unfinished statement at end of input\n");
    l->eof = true;
    return;
  }
  if (r->tty && *l->line) {
    add_history(l->line);
    history_append(l->hist, l->line);
  }
  const char *t = l->line;
  while (*t == ' ' || *t == '\t') t++;
  if (!l->pending.n && *t == ':') {
    command(r, l->line);
  } else if (l->pending.n || *t) {
    sb_puts(&l->pending, l->line);
    sb_puts(&l->pending, "\n");
    if (complete(l->pending.s)) {
      l->pending.n = 0;  /* before: an unwind leaves nothing pending */
      add_input(r, l->pending.s, true);
      l->pending.s[0] = 0;
    }
  }
}

static void repl_rebuild(void *v) { model_rebuild(v); }

static void repl_start(void *v) {
  Loop *l = v;
  Repl *r = l->r;
  r->s = repl_session(r);
  if (!r->tty) return;
  l->hist = history_path();
  rl_attempted_completion_function = complete_fn;
  rl_basic_word_break_characters = " \t\n\"(),;?.:";
  using_history();
  history_load(l->hist);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  printf("deal %s — :help for help, :quit to leave\n", "repl");
}

struct load_arg {
  Repl *r;
  const char *path;
};

static void repl_load(void *v) {
  struct load_arg *a = v;
  load_file(a->r, a->path, true);
}

static void repl_end(void *v) {
  Loop *l = v;
  Repl *r = l->r;
  sb_free(&l->pending);
  mem_free(l->hist);
  for (uint32_t i = 0; i < r->nlog; i++) mem_free(r->log[i].text);
  mem_free(r->log);
  mem_free(r->undo);
  for (uint32_t i = 0; i < r->nfacts; i++) mem_free(r->facts[i].name);
  mem_free(r->facts);
  mem_free(r->at);
  clear_world(r);
  session_free(r->s);
}

/* The loop, every input a protected call of its own: one that runs out
 * of memory is reported and changes nothing. */
int repl_main(char **files, int nfiles, int color) {
  Repl r = {0};
  the_repl = &r;
  r.tty = isatty(0) && isatty(1);
  const char *nc = getenv("NO_COLOR");
  r.color = color >= 0 ? color == 1 : (r.tty && !(nc && *nc));
  State *S = state_current();
  Loop l = {&r, NULL, {0}, NULL, false};
  sb_init_kept(&l.pending);
  if (state_call(S, repl_start, &l) != 0) {
    fputs("deal: out of memory\n", stderr);
    state_call(S, repl_end, &l);
    return 2;
  }
  for (int i = 0; i < nfiles; i++) {
    struct load_arg a = {&r, files[i]};
    if (state_call(S, repl_load, &a) != 0) printf("error: out of memory\n");
  }
  while (!r.quit && !l.eof) {
    if (state_call(S, one_line, &l) != 0) {
      printf("error: out of memory; the input changed nothing\n");
      l.pending.n = 0;
    }
    mem_free(l.line);
    l.line = NULL;
    if (r.stale && state_call(S, repl_rebuild, &r) != 0)
      printf("error: out of memory\n");
    fflush(stdout);
  }
  state_call(S, repl_end, &l);
  return 0;
}
