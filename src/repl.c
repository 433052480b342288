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
  Diag diag;
  Program *p;
  Model *m;
  bool tty, color;
  Outcome **under;  /* current world */
  uint32_t nunder;
  char *under_spec;
  bool has_at;
  int32_t at;
  FactSet *facts;
  uint32_t nfacts;
  Expect *last;     /* the last question, for :why */
  Snapshot *undo;   /* before each accepted input */
  uint32_t nundo, capundo;
  LogEntry *log;    /* accepted inputs, for :reload and :undo */
  uint32_t nlog, caplog;
  uint32_t inputs;  /* numbering of <input-N> */
  bool quit;
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
  eval_model_free(r->m);
  r->m = eval_model_new(r->p);
  for (uint32_t i = 0; i < r->nfacts; i++)
    eval_set_fact(r->m, r->facts[i].name, r->facts[i].value);
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
  if (!e->cx.has_at && r->has_at) {
    e->cx.has_at = true;
    e->cx.at = r->at;
  }
  if (!e->cx.has_under && r->nunder && !e->cx.has_prob) {
    e->cx.under = arena_alloc(&r->p->arena, r->nunder * sizeof(Ref));
    for (uint32_t i = 0; i < r->nunder; i++)
      e->cx.under[i] = (Ref){.name = r->under[i]->h.name, .d = &r->under[i]->h};
    e->cx.nunder = r->nunder;
    e->cx.has_under = true;
  }
}

static void answer(Repl *r, Expect *e) {
  apply_world(r, e);
  CheckResult res;
  eval_check(r->m, e, &res);
  r->last = e;
  if (res.error) {
    say_error(r, "%s", res.msg);
    eval_check_result_free(&res);
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
      printf("%s %s", i ? "," : "", r->p->parties[res.who[i]]->h.name->s);
    printf("%s\n", res.nwho ? "" : " nobody");
  } else if (e->ck.k == CK_FLOW) {
    if (res.flow) {
      StrBuf s;
      sb_init(&s);
      print_clause_name(&s, res.flow);
      printf(" (stated by %s)\n", s.s);
      sb_free(&s);
    } else {
      printf(" (no active flow states it)\n");
    }
  } else if (res.obj) {
    printf(" (%s: %s", r->p->parties[res.party >= 0 ? res.party : 0]->h.name->s,
           eval_status_name(res.key.st));
    if (res.key.by_default) {
      printf(", by default");
    } else {
      bool first = true;
      for (uint32_t i = 0; i < res.key.n; i++) {
        if (res.key.hits[i].defeated) continue;
        StrBuf s;
        sb_init(&s);
        print_clause_name(&s, res.key.hits[i].c);
        printf("%s%s", first ? ", by " : " and ", s.s);
        first = false;
        sb_free(&s);
      }
    }
    printf(")\n");
  } else {
    printf("\n");
  }
  eval_check_result_free(&res);
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

/* Adds text (statements and questions) transactionally. */
static bool add_input(Repl *r, const char *text, bool log_it) {
  Program *p = r->p;
  Snapshot before = snap_take(p);
  char name[32];
  snprintf(name, sizeof name, "<input-%u>", ++r->inputs);
  Expect **qs = NULL;
  uint32_t nq = 0;
  int errors = r->diag.errors;
  parse_string(p, name, text, strlen(text), true, &qs, &nq);
  if (p->syntax_errors == 0) {
    resolve_program(p);
    for (uint32_t i = 0; i < nq; i++) resolve_expect(p, qs[i]);
  }
  diag_flush(&r->diag);
  if (r->diag.errors > errors || p->syntax_errors) {
    snap_restore(p, &before);
    r->diag.errors = errors;
    return false;
  }
  bool changed = p->nitems != before.nitems;
  if (changed) {
    eval_model_sync(r->m);
    if (log_it) log_push(r, text, false, &before);
  }
  for (uint32_t i = 0; i < nq; i++) answer(r, qs[i]);
  return true;
}

static bool load_file(Repl *r, const char *path, bool log_it) {
  Program *p = r->p;
  Snapshot before = snap_take(p);
  int errors = r->diag.errors;
  parse_file(p, path);
  if (p->syntax_errors == 0) resolve_program(p);
  diag_flush(&r->diag);
  if (r->diag.errors > errors || p->syntax_errors) {
    snap_restore(p, &before);
    r->diag.errors = errors;
    say_error(r, "%s not loaded", path);
    return false;
  }
  eval_model_sync(r->m);
  if (log_it) log_push(r, path, true, &before);
  return true;
}

/* ---- commands ---- */

static const char *const commands[] = {
    "help", "quit", "load", "reload", "under", "at", "fact", "why", "worlds",
    "show", "list", "diff", "save", "undo"};
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
       "  :worlds                    disputes, outcomes and probabilities\n"
       "  :show NAME                 a declaration as source (Agreement.clause too)\n"
       "  :list parties|groups|actions|products|facts|agreements|disputes|outcomes\n"
       "  :diff A B                  what differs between two worlds (status_quo, X, X+Y)\n"
       "  :save FILE                 the whole scenario as one .deal file\n"
       "  :undo                      take back the last input that changed the scenario");
}

static bool parse_under(Repl *r, const char *spec, Outcome ***out,
                        uint32_t *n) {
  Program *p = r->p;
  *n = 0;
  *out = mem_alloc((strlen(spec) + 1) * sizeof **out);
  const char *s = spec;
  while (*s) {
    while (*s == ' ') s++;
    const char *e = s;
    while (*e && *e != ',' && *e != '+' && *e != ' ') e++;
    Name *nm = intern_find(&p->names, s, (size_t)(e - s));
    if (!nm || !nm->decl || nm->decl->kind != K_OUTCOME) {
      char buf[300];
      snprintf(buf, sizeof buf, "%.*s", (int)(e - s > 256 ? 256 : e - s), s);
      say_error(r, "no outcome named '%s' (see :worlds)", buf);
      mem_free(*out);
      *out = NULL;
      return false;
    }
    Outcome *o = (Outcome *)nm->decl;
    for (uint32_t i = 0; i < *n; i++) {
      const Clause *c = NULL;
      const Fact *f = NULL;
      if ((*out)[i] != o && ((*out)[i]->disp == o->disp ||
                             resolve_outcomes_clash((*out)[i], o, &c, &f))) {
        say_error(r, "%s cannot be chosen with the other outcomes", o->h.name->s);
        mem_free(*out);
        *out = NULL;
        return false;
      }
    }
    (*out)[(*n)++] = o;
    while (*e == ' ') e++;
    s = *e ? e + 1 : e;
  }
  return true;
}

static World *world_of(Repl *r, const char *spec) {
  int32_t date = r->has_at ? r->at : resolve_default_date(r->p);
  if (!strcmp(spec, "status_quo") || !strcmp(spec, "none"))
    return eval_world_new(r->m, NULL, 0, date);
  Outcome **o;
  uint32_t n;
  if (!parse_under(r, spec, &o, &n)) return NULL;
  World *w = eval_world_new(r->m, o, n, date);
  mem_free(o);
  return w;
}

static void cmd_worlds(Repl *r) {
  Program *p = r->p;
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
  if (r->has_at) printf(" at %s", lit_date_str(r->at, buf));
  else if (resolve_default_date(p))
    printf(" at %s", lit_date_str(resolve_default_date(p), buf));
  for (uint32_t i = 0; i < r->nfacts; i++)
    printf(", %s=%s", r->facts[i].name, r->facts[i].value ? "true" : "false");
  printf("\n");
}

static void cmd_show(Repl *r, const char *arg) {
  Program *p = r->p;
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
  Program *p = r->p;
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
  print_program(&b, r->p, &po);
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
  snap_restore(r->p, &r->undo[k]);
  for (uint32_t i = k; i < r->nlog; i++) mem_free(r->log[i].text);
  r->nlog = k;
  clear_world(r);  /* its outcomes may be gone */
  r->last = NULL;
  model_rebuild(r);
}

static void repl_free_program(Repl *r);
static void repl_new_program(Repl *r);

static void cmd_reload(Repl *r) {
  /* a fresh program from the log; the old one stays if anything fails */
  Repl old = *r;
  LogEntry *log = r->log;
  uint32_t nlog = r->nlog;
  r->log = NULL;
  r->undo = NULL;
  r->nlog = r->caplog = 0;
  repl_new_program(r);
  bool ok = true;
  for (uint32_t i = 0; i < nlog && ok; i++)
    ok = log[i].is_file ? load_file(r, log[i].text, true)
                        : add_input(r, log[i].text, true);
  if (!ok) {
    say_error(r, "reload failed; the scenario is as it was%s", "");
    repl_free_program(r);
    for (uint32_t i = 0; i < r->nlog; i++) mem_free(r->log[i].text);
    mem_free(r->log);
    mem_free(r->undo);
    r->p = old.p;
    r->m = old.m;
    r->diag = old.diag;
    r->log = log;
    r->nlog = nlog;
    r->undo = old.undo;
    r->caplog = old.caplog;
    return;
  }
  for (uint32_t i = 0; i < nlog; i++) mem_free(log[i].text);
  mem_free(log);
  mem_free(old.undo);
  Repl tmp = *r;
  r->p = old.p;
  r->m = old.m;
  r->diag = old.diag;
  repl_free_program(r);
  r->p = tmp.p;
  r->m = tmp.m;
  r->diag = tmp.diag;
  clear_world(r);
  r->last = NULL;
  printf("reloaded\n");
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
      if (parse_under(r, arg, &o, &k)) {
        clear_world(r);
        r->under = o;
        r->nunder = k;
        r->under_spec = mem_strdup(arg);
        printf("world: %s\n", arg);
      }
    }
  } else if (!strcmp(cmd, "at")) {
    int64_t v;
    const char *err;
    if (!strcmp(arg, "none")) {
      r->has_at = false;
      printf("date: the scenario's\n");
    } else if (lit_parse(arg, strlen(arg), &v, &err) != LIT_DATE || err) {
      say_error(r, ":at takes a date YYYY-MM-DD or none, not '%s'", arg);
    } else {
      r->has_at = true;
      r->at = (int32_t)v;
      printf("date: %s\n", arg);
    }
  } else if (!strcmp(cmd, "fact")) {
    char *eq = strchr(arg, '=');
    bool v = false;
    if (!eq || (strcmp(eq + 1, "true") && strcmp(eq + 1, "false"))) {
      say_error(r, ":fact takes NAME=true or NAME=false%s", "");
      return;
    }
    v = !strcmp(eq + 1, "true");
    *eq = 0;
    if (!eval_set_fact(r->m, arg, v)) {
      say_error(r, "no fact named '%s'", arg);
      return;
    }
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
    CheckResult res;
    eval_check(r->m, r->last, &res);
    printf("%s: %s\n", res.error ? "error" : res.holds ? "yes" : "no", r->last->text);
    ExplainOpts eo = {r->color, "  "};
    explain_check(stdout, r->m, r->last, &res, &eo);
    eval_check_result_free(&res);
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
    World *ws[2] = {world_of(r, arg), NULL};
    if (ws[0]) ws[1] = world_of(r, b);
    if (ws[0] && ws[1]) report_diff_worlds(stdout, r->m, ws[0], ws[1], r->color);
    eval_world_free(ws[0]);
    eval_world_free(ws[1]);
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
    size_t n = phase == 0 ? r->p->ndecls : lex_nkeywords;
    while (i < n) {
      const char *c = phase == 0 ? (r->p->decls[i]->name ? r->p->decls[i]->name->s : "")
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
    if (!l) return NULL;
    char *c = mem_strdup(l);
    free(l);
    return c;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n = getline(&line, &cap, stdin);
  if (n < 0) {
    free(line);
    return NULL;
  }
  if (n && line[n - 1] == '\n') line[--n] = 0;
  char *c = mem_strdup(line);
  free(line);
  return c;
}

static void repl_new_program(Repl *r) {
  diag_init(&r->diag, stdout, r->color);
  r->p = parse_program_new(&r->diag);
  r->p->keep_comments = true;  /* :save keeps the files' layout */
  r->m = eval_model_new(r->p);
  for (uint32_t i = 0; i < r->nfacts; i++)
    eval_set_fact(r->m, r->facts[i].name, r->facts[i].value);
}

static void repl_free_program(Repl *r) {
  eval_model_free(r->m);
  parse_program_free(r->p);
  diag_free(&r->diag);
  r->m = NULL;
  r->p = NULL;
}

int repl_main(char **files, int nfiles, int color) {
  Repl r = {0};
  the_repl = &r;
  r.tty = isatty(0) && isatty(1);
  const char *nc = getenv("NO_COLOR");
  r.color = color >= 0 ? color == 1 : (r.tty && !(nc && *nc));
  MemGuard g;
  if (!MEM_TRY(&g)) {
    fputs("deal: out of memory\n", stderr);
    return 2;
  }
  repl_new_program(&r);
  for (int i = 0; i < nfiles; i++) load_file(&r, files[i], true);
  char *hist = NULL;
  if (r.tty) {
    hist = history_path();
    rl_attempted_completion_function = complete_fn;
    rl_basic_word_break_characters = " \t\n\"(),;?.:";
    using_history();
    history_load(hist);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    printf("deal %s — :help for help, :quit to leave\n", "repl");
  }
  StrBuf pending;
  sb_init(&pending);
  while (!r.quit) {
    bool intr;
    char *line = read_line(&r, pending.n > 0, &intr);
    if (intr) {
      printf("\n");
      pending.n = 0;
      continue;
    }
    if (!line) {
      if (pending.n) printf("error: unfinished statement at end of input\n");
      break;
    }
    if (r.tty && *line) {
      add_history(line);
      history_append(hist, line);
    }
    const char *t = line;
    while (*t == ' ' || *t == '\t') t++;
    if (!pending.n && *t == ':') {
      command(&r, line);
    } else if (pending.n || *t) {
      sb_puts(&pending, line);
      sb_puts(&pending, "\n");
      if (complete(pending.s)) {
        add_input(&r, pending.s, true);
        pending.n = 0;
        pending.s[0] = 0;
      }
    }
    mem_free(line);
    fflush(stdout);
  }
  sb_free(&pending);
  mem_free(hist);
  for (uint32_t i = 0; i < r.nlog; i++) mem_free(r.log[i].text);
  mem_free(r.log);
  mem_free(r.undo);
  for (uint32_t i = 0; i < r.nfacts; i++) mem_free(r.facts[i].name);
  mem_free(r.facts);
  clear_world(&r);
  repl_free_program(&r);
  mem_guard_pop(&g);
  return 0;
}
