/* repl: `deal repl` — statements are checked and added to the scenario
 * (one with an error changes nothing), questions ending in `?` are answered
 * in the current world, commands start with `:`.  On a terminal it has line
 * editing, history and completion (libedit, asking complete.c) and a
 * prompt that shows the world; from a pipe it prints no prompts and no
 * escape codes, so transcripts can be tested, and its exit status says
 * whether any input had an error. */
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
#include "complete.h"
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
  uint32_t errors;  /* inputs that had one: the exit status */
  StrBuf *pending;  /* the lines of an unfinished statement (completion) */
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
  r->stale = true;  /* until the new one is whole (model_new may unwind) */
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
    /* the capacity grows only once both lists have (either may unwind) */
    uint32_t cap = r->caplog ? r->caplog * 2 : 16;
    r->log = mem_realloc(r->log, cap * sizeof *r->log);
    r->undo = mem_realloc(r->undo, cap * sizeof *r->undo);
    r->caplog = cap;
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
  r->errors++;
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
    r->errors++;
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

static const char *const world_words[] = {"none", "status_quo", NULL};
static const char *const date_words[] = {"none", NULL};
/* :list's words and the kinds they list, index for index */
static const char *const list_words[] = {
    "parties", "groups", "actions", "products", "facts", "agreements",
    "disputes", "outcomes", NULL};
static const Kind list_kinds[] = {K_PARTY, K_GROUP, K_ACTION, K_PRODUCT,
                                  K_FACT, K_AGREEMENT, K_DISPUTE, K_OUTCOME};

/* The commands, with how their argument is completed (complete.h). */
static const CompleteCommand commands[] = {
    {"help", COMPLETE_ARG_NONE, NULL},
    {"quit", COMPLETE_ARG_NONE, NULL},
    {"load", COMPLETE_ARG_FILE, NULL},
    {"reload", COMPLETE_ARG_NONE, NULL},
    {"under", COMPLETE_ARG_WORLD, world_words},
    {"at", COMPLETE_ARG_WORDS, date_words},
    {"fact", COMPLETE_ARG_FACT, NULL},
    {"why", COMPLETE_ARG_NONE, NULL},
    {"worlds", COMPLETE_ARG_NONE, NULL},
    {"show", COMPLETE_ARG_NAME, NULL},
    {"list", COMPLETE_ARG_WORDS, list_words},
    {"diff", COMPLETE_ARG_WORLDS, world_words + 1},
    {"save", COMPLETE_ARG_FILE, NULL},
    {"undo", COMPLETE_ARG_NONE, NULL},
    {"when", COMPLETE_ARG_NONE, NULL}};
#define NCOMMANDS (sizeof commands / sizeof *commands)

/* A check on the loaded scenario's own names, for :help: the subject,
 * action and object of its first norm clause (else its first party,
 * action and product).  False when it has none. */
static bool help_example(const Program *p, StrBuf *b) {
  const char *subj = NULL, *obj = NULL;
  const Action *act = NULL;
  for (uint32_t i = 0; i < p->nclauses && !act; i++) {
    const Body *x = p->clauses[i]->body;
    if (!x || x->is_flow || !x->nsubj || !x->act || !x->obj) continue;
    subj = x->subj[0].name->s;
    act = x->act;
    obj = x->obj->name->s;
  }
  if (!act) {
    if (!p->nparties || !p->nactions || !p->nproducts) return false;
    subj = p->parties[0]->h.name->s;
    act = p->actions[0];
    obj = p->products[0]->h.name->s;
  }
  char a[300];
  snprintf(a, sizeof a, "%s%s%s", act->h.name->s, act->prep ? " " : "",
           act->prep ? print_prep(act->prep) : "");
  sb_printf(b, "  %s may %s %s", subj, a, obj);
  if (p->noutcomes) sb_printf(b, " under %s", p->outcomes[0]->h.name->s);
  sb_printf(b, "?\n  who may %s %s?\n", a, obj);
  return true;
}

static void cmd_help(Repl *r) {
  StrBuf b;
  sb_init(&b);
  if (!help_example(r->s->p, &b))
    sb_puts(&b, "  PARTY may ACTION PRODUCT?      (:load a scenario first)\n"
                "  who may ACTION PRODUCT?\n");
  printf("Statements end with ';' and are added to the scenario; checks end with\n"
         "'?' and are answered in the current world, e.g.\n%s", b.s);
  sb_free(&b);
  puts("Commands (any unambiguous prefix will do; Tab completes):\n"
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
       "  :undo                      take back the last statement (or :load)");
}

/* The command that s[0..n) names: exactly, or as the prefix of one
 * command only; NULL after saying why not (the nearest name, or the
 * commands the prefix begins). */
static const CompleteCommand *find_command(Repl *r, const char *s, size_t n) {
  const CompleteCommand *found = NULL;
  StrBuf b;
  sb_init(&b);
  uint32_t matches = 0;
  for (size_t i = 0; n && i < NCOMMANDS; i++) {
    if (strncmp(commands[i].name, s, n)) continue;
    if (strlen(commands[i].name) == n) {
      sb_free(&b);
      return &commands[i];
    }
    sb_printf(&b, "%s:%s", matches ? ", " : "", commands[i].name);
    found = &commands[i];
    matches++;
  }
  char msg[600];
  if (matches == 1) {
    sb_free(&b);
    return found;
  } else if (matches > 1) {
    snprintf(msg, sizeof msg, "ambiguous command " LQ ":%.*s" RQ ": %s",
             (int)n, s, b.s);
  } else {
    const char *names[NCOMMANDS];
    for (size_t i = 0; i < NCOMMANDS; i++) names[i] = commands[i].name;
    char word[64];
    snprintf(word, sizeof word, "%.*s", (int)(n < 63 ? n : 63), s);
    const char *near = n ? diag_nearest(word, names, NCOMMANDS) : NULL;
    int w = snprintf(msg, sizeof msg, "unknown command " LQ ":%s" RQ, word);
    if (near) snprintf(msg + w, sizeof msg - (size_t)w, "; did you mean " LQ ":%s" RQ "?", near);
    else snprintf(msg + w, sizeof msg - (size_t)w, " (try :help)");
  }
  sb_free(&b);
  say_error(r, "%s", msg);
  return NULL;
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
  StrBuf b;
  sb_init(&b);
  Defer d;
  mem_defer(&d, (void (*)(void *))sb_free, &b);
  char err[700];
  if (session_show(r->s, arg, &b, err, sizeof err)) fputs(b.s ? b.s : "", stdout);
  else say_error(r, "%s", err);
  mem_undefer(&d, true);
}

static void cmd_list(Repl *r, const char *what) {
  Program *p = r->s->p;
  size_t n = strlen(what);
  for (size_t i = 0; n && list_words[i]; i++) {
    if (strncmp(list_words[i], what, n) != 0) continue;
    int col = 0;
    for (uint32_t j = 0; j < p->ndecls; j++) {
      Decl *d = p->decls[j];
      if (d->kind != list_kinds[i] || d->redefined) continue;
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

/* Back to before the k-th input.  The world stays, unless an outcome
 * it chooses was declared since: then it is the status quo again (and
 * true is returned). */
static bool undo_to(Repl *r, uint32_t k) {
  bool gone = false;
  for (uint32_t i = 0; i < r->nunder; i++)
    gone |= r->under[i]->h.index >= (int32_t)r->undo[k].noutcomes;
  snap_restore(r->s->p, &r->undo[k]);
  for (uint32_t i = k; i < r->nlog; i++) mem_free(r->log[i].text);
  r->nlog = k;
  if (gone) clear_world(r);
  r->last = NULL;  /* it may name what was taken back */
  model_rebuild(r);
  return gone;
}

/* The chosen outcomes again, in a fresh scenario (after :reload); the
 * status quo when they are not there. */
static void rechoose_world(Repl *r) {
  if (!r->nunder) return;
  char *spec = r->under_spec;
  r->under_spec = NULL;
  clear_world(r);  /* the old outcomes are gone, whatever happens next */
  Defer d;
  mem_defer(&d, mem_free_ptr, &spec);
  char err[400];
  Outcome **o;
  uint32_t k;
  if (!session_outcomes(r->s, spec, &o, &k, err, sizeof err)) {
    printf("world: status quo (%s)\n", err);
    mem_undefer(&d, true);
    return;
  }
  mem_undefer(&d, false);
  r->under = o;
  r->nunder = k;
  r->under_spec = spec;
}

static Session *repl_session(Repl *r);

/* What :reload puts aside while it replays the log into a fresh
 * scenario: put back if the replay fails or memory runs out. */
typedef struct Reload {
  Repl *r;
  Session *old;
  LogEntry *log;
  Snapshot *undo;
  uint32_t nlog, caplog, nunder;
} Reload;

/* The fresh scenario (whatever of it was made) freed, the old one back. */
static void reload_back(void *v) {
  Reload *x = v;
  Repl *r = x->r;
  if (r->s != x->old) session_free(r->s);
  for (uint32_t i = 0; i < r->nlog; i++) mem_free(r->log[i].text);
  mem_free(r->log);
  mem_free(r->undo);
  r->s = x->old;
  r->log = x->log;
  r->undo = x->undo;
  r->nlog = x->nlog;
  r->caplog = x->caplog;
  r->nunder = x->nunder;
  r->last = NULL;  /* it may be the fresh scenario's */
}

/* A fresh scenario from the log; the old one stays if anything fails. */
static void cmd_reload(Repl *r) {
  Reload x = {r, r->s, r->log, r->undo, r->nlog, r->caplog, r->nunder};
  Defer d;
  mem_defer(&d, reload_back, &x);
  r->log = NULL;
  r->undo = NULL;
  r->nlog = r->caplog = 0;
  r->nunder = 0;  /* the old scenario's outcomes: not for the replay */
  r->s = repl_session(r);
  bool ok = true;
  for (uint32_t i = 0; i < x.nlog && ok; i++)
    ok = x.log[i].is_file ? load_file(r, x.log[i].text, true)
                          : add_input(r, x.log[i].text, true);
  if (!ok) {
    mem_undefer(&d, true);
    say_error(r, "reload failed; the scenario is as it was%s", "");
    return;
  }
  mem_undefer(&d, false);
  r->nunder = x.nunder;
  for (uint32_t i = 0; i < x.nlog; i++) mem_free(x.log[i].text);
  mem_free(x.log);
  mem_free(x.undo);
  session_free(x.old);
  r->last = NULL;
  printf("reloaded\n");
  rechoose_world(r);
}

typedef struct WorldPair {
  World *w[2];
} WorldPair;

static void world_pair_free(void *v) {
  WorldPair *p = v;
  world_free(p->w[0]);
  world_free(p->w[1]);
}

static void cmd_under(Repl *r, const char *arg) {
  if (!*arg) {
    printf("%s\n", r->nunder ? r->under_spec : "status quo");
  } else if (!strcmp(arg, "none") || !strcmp(arg, "status_quo")) {
    clear_world(r);
    printf("world: status quo\n");
  } else {
    Outcome **o;
    uint32_t k;
    char err[400];
    char *spec = mem_strdup(arg);
    Defer d;
    mem_defer(&d, mem_free_ptr, &spec);
    if (session_outcomes(r->s, arg, &o, &k, err, sizeof err)) {
      clear_world(r);
      r->under = o;
      r->nunder = k;
      r->under_spec = spec;
      mem_undefer(&d, false);
      printf("world: %s\n", arg);
    } else {
      mem_undefer(&d, true);
      say_error(r, "%s", err);
    }
  }
}

static void cmd_at(Repl *r, const char *arg) {
  int32_t v;
  char err[100];
  if (!strcmp(arg, "none")) {
    mem_free(r->at);
    r->at = NULL;
    printf("date: the scenario's\n");
  } else if (!session_date(arg, &v, err, sizeof err)) {
    say_error(r, ":at takes a date YYYY-MM-DD or none, not " LQ "%s" RQ, arg);
  } else {
    mem_free(r->at);
    r->at = NULL;
    r->at = mem_strdup(arg);
    printf("date: %s\n", arg);
  }
}

/* :fact NAME=true|false, blanks allowed around the `=`. */
static void cmd_fact(Repl *r, const char *arg) {
  const char *eq = strchr(arg, '=');
  const char *v = eq ? eq + 1 : "";
  while (*v == ' ' || *v == '\t') v++;
  if (!eq || (strcmp(v, "true") && strcmp(v, "false"))) {
    say_error(r, ":fact takes NAME=true or NAME=false%s", "");
    return;
  }
  size_t n = (size_t)(eq - arg);
  while (n && (arg[n - 1] == ' ' || arg[n - 1] == '\t')) n--;
  char assign[300], err[400];
  snprintf(assign, sizeof assign, "%.*s=%s", (int)(n < 255 ? n : 255), arg, v);
  if (!session_fact(r->s, assign, err, sizeof err)) {
    say_error(r, "%s", err);
    return;
  }
  bool value = !strcmp(v, "true");
  *strchr(assign, '=') = 0;
  uint32_t i = 0;
  while (i < r->nfacts && strcmp(r->facts[i].name, assign)) i++;
  if (i == r->nfacts) {
    r->facts = mem_realloc(r->facts, (r->nfacts + 1) * sizeof *r->facts);
    char *name = mem_strdup(assign);  /* counted once it is there */
    r->facts[r->nfacts] = (FactSet){name, value};
    r->nfacts++;
  }
  r->facts[i].value = value;
  printf("fact %s = %s\n", assign, value ? "true" : "false");
}

/* :when CHECK is `when CHECK?` */
static void cmd_when(Repl *r, const char *arg) {
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
}

static void cmd_why(Repl *r) {
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
}

static void cmd_diff(Repl *r, char *arg) {
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
}

static void cmd_undo(Repl *r) {
  if (!r->nlog) {
    say_error(r, "nothing to undo%s", "");
  } else if (undo_to(r, r->nlog - 1)) {
    printf("undone; world: status quo (its outcome was taken back)\n");
  } else {
    printf("undone\n");
  }
}

/* A line starting with ':'. */
static void command(Repl *r, char *line) {
  char *s = line + strspn(line, " \t") + 1;
  while (*s == ' ') s++;
  char *arg = s;
  while (*arg && *arg != ' ') arg++;
  size_t n = (size_t)(arg - s);
  while (*arg == ' ') *arg++ = 0;
  char *end = arg + strlen(arg);
  while (end > arg && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) *--end = 0;
  const CompleteCommand *c = find_command(r, s, n);
  if (!c) return;
  const char *cmd = c->name;
  if (!strcmp(cmd, "help")) cmd_help(r);
  else if (!strcmp(cmd, "quit")) r->quit = true;
  else if (!strcmp(cmd, "load")) {
    if (!*arg) say_error(r, ":load needs a file%s", "");
    else if (load_file(r, arg, true)) printf("loaded %s\n", arg);
  } else if (!strcmp(cmd, "reload")) cmd_reload(r);
  else if (!strcmp(cmd, "under")) cmd_under(r, arg);
  else if (!strcmp(cmd, "at")) cmd_at(r, arg);
  else if (!strcmp(cmd, "fact")) cmd_fact(r, arg);
  else if (!strcmp(cmd, "why")) cmd_why(r);
  else if (!strcmp(cmd, "when")) cmd_when(r, arg);
  else if (!strcmp(cmd, "worlds")) cmd_worlds(r);
  else if (!strcmp(cmd, "show")) {
    if (!*arg) say_error(r, ":show needs a name%s", "");
    else cmd_show(r, arg);
  } else if (!strcmp(cmd, "list")) cmd_list(r, arg);
  else if (!strcmp(cmd, "diff")) cmd_diff(r, arg);
  else if (!strcmp(cmd, "save")) {
    if (!*arg) say_error(r, ":save needs a file%s", "");
    else cmd_save(r, arg);
  } else if (!strcmp(cmd, "undo")) cmd_undo(r);
}

/* ---- line editing ---- */

/* Completion: complete.c finds the candidates for the text of the
 * statement so far (the pending lines and this one up to the cursor);
 * here they become libedit's matches.  libedit replaces its own word
 * (from the last of rl_basic_word_break_characters), which may start
 * before or after complete.c's (`Agreement.cl`: libedit's word is all
 * of it, complete.c's `cl`): each match is made to start where
 * libedit's word does. */
typedef struct CompleteCall {
  Repl *r;
  const char *line;         /* libedit's buffer */
  size_t point;             /* the cursor in it */
  size_t base;              /* the pending lines before it */
  Completions c;
} CompleteCall;

static void complete_call(void *v) {
  CompleteCall *k = v;
  StrBuf t;
  sb_init(&t);
  if (k->r->pending && k->r->pending->n)
    sb_put(&t, k->r->pending->s, k->r->pending->n);
  k->base = t.n;
  sb_put(&t, k->line, k->point);
  CompleteOpts o = {commands, NCOMMANDS};
  complete_line(k->r->s->p, t.s ? t.s : "", t.n, &o, &k->c);
  sb_free(&t);
}

static char **matches;      /* the matches of the last Tab, malloc's */
static size_t nmatches, next_match;

static void matches_free(void) {
  for (size_t i = next_match; i < nmatches; i++) free(matches[i]);
  free(matches);
  matches = NULL;
  nmatches = next_match = 0;
}

/* rl_completion_matches' generator: hands over the matches one by one. */
static char *match_gen(const char *text, int state) {
  (void)text;
  (void)state;
  return next_match < nmatches ? matches[next_match++] : NULL;
}

/* Candidate c as a replacement of line[from..) when it replaces
 * line[start..) (malloc's; NULL when memory runs out). */
static char *as_match(const char *line, size_t from, size_t start, const char *c) {
  if (from <= start) return strlen(c) >= start - from ? strdup(c + (start - from)) : NULL;
  size_t pre = from - start, n = strlen(c);
  char *m = malloc(pre + n + 1);
  if (!m) return NULL;
  memcpy(m, line + start, pre);
  memcpy(m + pre, c, n + 1);
  return m;
}

static char **complete_fn(const char *text, int start, int end) {
  Repl *r = the_repl;
  rl_attempted_completion_over = 1;  /* no file names unless asked */
  CompleteCall k = {r, rl_line_buffer, (size_t)end, 0, {0}};
  if (state_call(state_current(), complete_call, &k) != 0) return NULL;
  matches_free();
  size_t from = k.c.start >= k.base ? k.c.start - k.base : 0;
  if (k.c.file && !k.c.n) rl_attempted_completion_over = 0;
  matches = k.c.n ? calloc(k.c.n, sizeof *matches) : NULL;
  for (uint32_t i = 0; matches && i < k.c.n; i++) {
    char *m = as_match(rl_line_buffer, from, (size_t)start, k.c.v[i].text);
    if (m) matches[nmatches++] = m;
  }
  complete_free(&k.c);
  return nmatches ? rl_completion_matches(text, match_gen) : NULL;
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

/* The prompt: `deal> `, with the world when it is not the status quo
 * at the scenario's date, as the check would say it: `deal[settlement]> `,
 * `deal[settlement at 2033-01-01]> `, `deal[at 2033-01-01]> `. */
static void prompt(const Repl *r, bool continuation, char *buf, size_t cap) {
  if (continuation) {
    snprintf(buf, cap, "  ...> ");
    return;
  }
  if (!r->nunder && !r->at) {
    snprintf(buf, cap, "deal> ");
    return;
  }
  size_t n = (size_t)snprintf(buf, cap, "deal[");
  for (uint32_t i = 0; i < r->nunder && n < cap; i++)
    n += (size_t)snprintf(buf + n, cap - n, "%s%s", i ? "+" : "", r->under[i]->h.name->s);
  if (r->at && n < cap)
    n += (size_t)snprintf(buf + n, cap - n, "%sat %s", r->nunder ? " " : "", r->at);
  if (n < cap) snprintf(buf + n, cap - n, "]> ");
}

/* One line: from libedit on a terminal, else plain from stdin. */
static char *read_line(Repl *r, bool continuation, bool *interrupted) {
  *interrupted = false;
  if (r->tty) {
    got_sigint = 0;
    char p[600];
    prompt(r, continuation, p, sizeof p);
    char *l = readline(p);
    if (got_sigint) {
      free(l);
      *interrupted = true;
      return NULL;
    }
    if (!l) printf("\n");  /* Ctrl-D: the shell prompt on a line of its own */
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

/* Does text read as a whole check — a question without its `?`?  It is
 * parsed with a Diag of its own, which is dropped; what the scanner
 * noted of the layout (for :save) is dropped too. */
typedef struct Quiet {
  Program *p;
  Diag *diag, own;
  int syntax_errors;
  uint32_t nmarks;
} Quiet;

static void quiet_end(void *v) {
  Quiet *q = v;
  q->p->diag = q->diag;
  q->p->syntax_errors = q->syntax_errors;
  q->p->nmarks = q->nmarks;
  diag_free(&q->own);
}

static bool reads_as_check(Repl *r, const char *text) {
  Program *p = r->s->p;
  Quiet q = {p, p->diag, {0}, p->syntax_errors, p->nmarks};
  diag_init(&q.own, stdout, false);
  Defer d;
  mem_defer(&d, quiet_end, &q);
  p->diag = &q.own;
  Expect *e = parse_check(p, "<input>", text);
  bool ok = e && q.own.errors == 0;
  mem_undefer(&d, true);
  return ok;
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
    if (l->pending.n) {
      printf("error: unfinished statement at end of input\n");
      r->errors++;
    }
    l->eof = true;
    return;
  }
  if (r->stale) model_rebuild(r);  /* memory ran out while it was rebuilt */
  if (r->tty && *l->line) {
    add_history(l->line);
    history_append(l->hist, l->line);
  }
  const char *t = l->line;
  while (*t == ' ' || *t == '\t') t++;
  if (!l->pending.n && *t == ':') {
    command(r, l->line);
  } else if (!l->pending.n && *t && !complete(t) && reads_as_check(r, t)) {
    /* not a silent continuation prompt: most likely the `?` is missing */
    printf("hint: a question ends with " LQ "?" RQ ": %s?\n", t);
    r->errors++;
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
  r->pending = &l->pending;
  if (!r->tty) return;
  l->hist = history_path();
  rl_attempted_completion_function = complete_fn;
  /* not `.`: a file name has dots (complete_fn matches libedit's word) */
  rl_basic_word_break_characters = " \t\n\"(),;?:=+";
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
  r->pending = NULL;
  matches_free();
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
 * of memory is reported and changes nothing.  0, or 2 when the input is
 * not a terminal and any of it had an error (or memory ran out). */
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
    if (state_call(S, repl_load, &a) != 0) {
      printf("error: out of memory\n");
      r.errors++;
    }
  }
  while (!r.quit && !l.eof) {
    if (state_call(S, one_line, &l) != 0) {
      printf("error: out of memory; the input changed nothing\n");
      l.pending.n = 0;
      r.errors++;
    }
    mem_free(l.line);
    l.line = NULL;
    if (r.stale && state_call(S, repl_rebuild, &r) != 0) {
      printf("error: out of memory\n");
      r.errors++;
    }
    fflush(stdout);
  }
  state_call(S, repl_end, &l);
  /* as sqlite3 in batch mode: input that is not typed says by the exit
   * status whether any of it had an error */
  return r.errors && !isatty(0) ? 2 : 0;
}
