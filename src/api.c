/* api: the public interface of deal.h over the session layer.
 *
 * Each scenario has a State of its own (state.h): everything it holds is
 * allocated there, and every entry below is one protected call into it,
 * so that running out of memory is an error return, never an abort, and
 * two scenarios may be used by two threads at the same time. */
#include "deal.h"

#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "report.h"
#include "resolve.h"
#include "session.h"
#include "when.h"

struct deal_scenario {
  State *S;
  Session *s;
  bool ok;
  deal_diagnostic *diags;
  size_t ndiags;
  Arena arena;              /* diagnostic texts, callbacks' strings */
};

struct deal_world {
  deal_scenario *sc;
  World *w;
  RunData *all, *some;      /* one-world data, built on first use */
  Arena arena;              /* strings handed to callbacks */
};

static void set_err(char *err, size_t cap, const char *msg) {
  if (err && cap) snprintf(err, cap, "%s", msg);
}

/* ---- loading ---- */

static int cmp_diag(const void *a, const void *b) {
  const DiagMsg *x = a, *y = b;
  if (x->loc.file != y->loc.file) return x->loc.file < y->loc.file ? -1 : 1;
  if (x->loc.line != y->loc.line) return x->loc.line < y->loc.line ? -1 : 1;
  if (x->loc.col != y->loc.col) return x->loc.col < y->loc.col ? -1 : 1;
  return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Keeps a copy of the collected diagnostics, then prints or drops them. */
static void take_diagnostics(deal_scenario *sc, FILE *print) {
  Diag *d = &sc->s->diag;
  if (d->nmsgs) {
    DiagMsg *v = mem_alloc(d->nmsgs * sizeof *v);
    Defer dv;
    mem_defer(&dv, mem_free_ptr, &v);
    memcpy(v, d->msgs, d->nmsgs * sizeof *v);
    qsort(v, d->nmsgs, sizeof *v, cmp_diag);
    sc->diags = arena_alloc(&sc->arena, (sc->ndiags + d->nmsgs) * sizeof *sc->diags);
    for (uint32_t i = 0; i < d->nmsgs; i++) {
      if (v[i].level == DIAG_NOTE) continue;
      deal_diagnostic *x = &sc->diags[sc->ndiags++];
      const char *path = v[i].loc.file < d->nfiles ? d->files[v[i].loc.file]->path : "";
      x->file = arena_strndup(&sc->arena, path, strlen(path));
      x->line = v[i].loc.line;
      x->column = v[i].loc.col;
      x->is_error = v[i].level == DIAG_ERROR;
      x->message = arena_strndup(&sc->arena, v[i].text, strlen(v[i].text));
    }
    mem_undefer(&dv, true);
  }
  if (print) diag_flush(d);
  else diag_reset(d);
}

struct load_args {
  deal_scenario *sc;
  const char *path, *name, *text;
  size_t len;
  const deal_load_options *o;
};

static void load_fn(void *v) {
  struct load_args *a = v;
  deal_scenario *sc = a->sc;
  if (a->o && a->o->alloc) mem_set_hook(a->o->alloc, a->o->alloc_ud);
  FILE *print = a->o ? a->o->print_diagnostics : NULL;
  SessionOpts so = {NULL, a->o && a->o->color, false, false};
  arena_init(&sc->arena);
  sc->s = session_new(&so);
  sc->s->diag.out = print ? print : stderr;
  bool ok = a->path ? session_load_file(sc->s, a->path)
                    : session_load_text(sc->s, a->name, a->text, a->len);
  take_diagnostics(sc, print);
  sc->ok = ok;
}

static deal_scenario *load(const char *path, const char *name,
                           const char *text, size_t len,
                           const deal_load_options *o) {
  deal_scenario *sc = calloc(1, sizeof *sc);
  if (!sc) return NULL;
  sc->S = state_new();
  if (!sc->S) {
    free(sc);
    return NULL;
  }
  struct load_args a = {sc, path, name, text, len, o};
  if (state_call(sc->S, load_fn, &a) != 0) {
    if (o && o->print_diagnostics) fputs("deal: out of memory\n", o->print_diagnostics);
    sc->ok = false;
  }
  return sc;
}

deal_scenario *deal_load_file(const char *path, const deal_load_options *o) {
  return load(path, NULL, NULL, 0, o);
}

deal_scenario *deal_load_string(const char *name, const char *text,
                                size_t len, const deal_load_options *o) {
  return load(NULL, name ? name : "<string>", text, len, o);
}

int deal_ok(const deal_scenario *s) { return s && s->ok; }

size_t deal_diagnostic_count(const deal_scenario *s) {
  return s ? s->ndiags : 0;
}

const deal_diagnostic *deal_diagnostic_at(const deal_scenario *s, size_t i) {
  return s && i < s->ndiags ? &s->diags[i] : NULL;
}

struct fact_args {
  deal_scenario *sc;
  const char *name;
  int value, ok;
};

static void fact_fn(void *v) {
  struct fact_args *a = v;
  a->ok = model_set_fact(a->sc->s->m, a->name, a->value != 0);
}

int deal_set_fact(deal_scenario *s, const char *name, int value) {
  if (!s || !s->ok) return 0;
  struct fact_args a = {s, name, value, 0};
  return state_call(s->S, fact_fn, &a) == 0 && a.ok;
}

static void free_fn(void *v) {
  deal_scenario *sc = v;
  session_free(sc->s);
  arena_free(&sc->arena);
}

void deal_free(deal_scenario *s) {
  if (!s) return;
  state_call(s->S, free_fn, s);  /* frees only: cannot run out of memory */
  state_free(s->S);
  free(s);
}

/* ---- worlds ---- */

struct world_args {
  deal_scenario *sc;
  const char *spec, *date;
  char *err;
  size_t cap;
  deal_world *out;
};

static void world_fn(void *v) {
  struct world_args *a = v;
  World *w = session_world(a->sc->s, a->spec, a->date, a->err, a->cap);
  if (!w) return;
  Defer d;
  mem_defer(&d, (void (*)(void *))world_free, w);
  deal_world *dw = mem_calloc(1, sizeof *dw);
  mem_undefer(&d, false);
  dw->sc = a->sc;
  dw->w = w;
  arena_init(&dw->arena);
  a->out = dw;
}

deal_world *deal_world_open(deal_scenario *s, const char *spec,
                            const char *date, char *err, size_t errcap) {
  if (!s || !s->ok) {
    set_err(err, errcap, "the scenario has errors");
    return NULL;
  }
  struct world_args a = {s, spec, date, err, errcap, NULL};
  if (state_call(s->S, world_fn, &a) != 0) set_err(err, errcap, "out of memory");
  return a.out;
}

const char *deal_world_name(const deal_world *w) { return w ? w->w->name : NULL; }

static void world_close_fn(void *v) {
  deal_world *w = v;
  rundata_free(w->all);
  rundata_free(w->some);
  world_free(w->w);
  arena_free(&w->arena);
  mem_free(w);
}

void deal_world_close(deal_world *w) {
  if (w) state_call(w->sc->S, world_close_fn, w);
}

/* ---- checks ---- */

struct ask_args {
  deal_scenario *sc;
  const deal_world *w;
  const char *check;
  FILE *f;
  int holds;
  CheckResult r;
};

/* The errors a check's parse or resolution reported, then forgotten. */
static void check_errors(FILE *f, Session *s, int before) {
  for (uint32_t i = 0; i < s->diag.nmsgs; i++)
    if (s->diag.msgs[i].level == DIAG_ERROR)
      fprintf(f, "error: %s\n", s->diag.msgs[i].text);
  diag_reset(&s->diag);
  s->diag.errors = before;
}

/* A check as typed, asked in w (NULL: as it says): its outcomes and
 * date where the check states none (a `when` takes no date); then
 * answered into r, with the explanation in f.  NULL (errors said in f)
 * when it cannot be. */
static Expect *ask_check(Session *s, const World *w, const char *text,
                         FILE *f, CheckResult *r) {
  int before = s->diag.errors;
  char err[320] = "";
  Expect *e = session_check(s, text, NULL, NULL, err, sizeof err);
  if (!e) {
    if (err[0]) fprintf(f, "error: %s\n", err);
    check_errors(f, s, before);
    return NULL;
  }
  diag_reset(&s->diag);
  if (w && !e->cx.has_under && !e->cx.has_prob && w->nchosen) {
    e->cx.under = arena_alloc(&s->p->arena, w->nchosen * sizeof(Ref));
    for (uint32_t i = 0; i < w->nchosen; i++)
      e->cx.under[i] = (Ref){.name = w->chosen[i]->h.name, .d = &w->chosen[i]->h};
    e->cx.nunder = w->nchosen;
    e->cx.has_under = true;
  }
  if (w && !e->cx.has_at && !e->cx.when && w->date != resolve_default_date(s->p)) {
    e->cx.has_at = true;
    e->cx.at = w->date;
  }
  check_expect(s->m, s->x, e, r);
  if (r->error) {
    fprintf(f, "error: %s\n", r->msg);
    return NULL;
  }
  ExplainOpts eo = {false, "  "};
  explain_check(f, s->m, e, r, &eo);
  return e;
}

static void ask_fn(void *v) {
  struct ask_args *a = v;
  if (ask_check(a->sc->s, a->w ? a->w->w : NULL, a->check, a->f, &a->r))
    a->holds = a->r.holds;
}

static void ask_free_fn(void *v) { check_result_free(&((struct ask_args *)v)->r); }

int deal_ask(deal_scenario *s, const deal_world *w, const char *check,
             deal_answer *out) {
  out->holds = -1;
  out->explanation = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&out->explanation, &n);
  if (!f) return -1;
  if (!s || !s->ok) {
    fprintf(f, "the scenario has errors\n");
  } else {
    struct ask_args a = {s, w, check, f, -1, {0}};
    if (state_call(s->S, ask_fn, &a) != 0) fprintf(f, "out of memory\n");
    else out->holds = a.holds;
    state_call(s->S, ask_free_fn, &a);
  }
  fclose(f);
  if (!out->explanation) out->explanation = calloc(1, 1);
  return out->holds;
}

void deal_answer_free(deal_answer *a) {
  if (!a) return;
  free(a->explanation);
  a->explanation = NULL;
}

/* ---- when ---- */

/* The user's copy of a `when` answer: periods, then changes, then their
 * strings, in one block made in two passes (the first counts). */
typedef struct Blob {
  char *base;               /* NULL while counting */
  size_t n;
} Blob;

static const char *blob_str(Blob *b, const char *s) {
  if (!s) return NULL;
  size_t k = strlen(s) + 1;
  const char *at = b->base ? b->base + b->n : NULL;
  if (b->base) memcpy(b->base + b->n, s, k);
  b->n += k;
  return at;
}

typedef struct WhenCopy {
  Program *p;
  const World *w;
  const WhenAnswer *a;
  deal_period *periods;
  deal_change *changes;
  size_t nchanges;
  Blob strs;
  StrBuf t;
} WhenCopy;

/* The changes on one day into the copy; their first and how many. */
static deal_change *copy_changes(WhenCopy *c, int32_t day, size_t *n) {
  static const char *which[] = {"", "signed", "agreement_until", "from", "until"};
  static const char *tier[] = {"ordinary", "ruling", "order"};
  uint32_t first, k = when_changes_on(&c->a->why, day, &first);
  deal_change *out = c->changes ? c->changes + c->nchanges : NULL;
  for (uint32_t i = 0; i < k; i++) {
    const WhenWhy *y = &c->a->why.v[first + i];
    char d[64], e[64];
    View v;
    world_view(c->w, y->c, &v);
    const Effect *ef = y->amended ? world_effect(c->w, y->c) : NULL;
    c->t.n = 0;
    print_clause_name(&c->t, y->c);
    deal_change x = {blob_str(&c->strs, lit_date_str(y->day, d)),
                     blob_str(&c->strs, c->t.s), tier[v.tier], y->starts,
                     which[y->which], blob_str(&c->strs, lit_date_str(y->date, e)),
                     blob_str(&c->strs, ef && ef->by ? ef->by->h.name->s : NULL),
                     blob_str(&c->strs, diag_file_name(c->p->diag, y->at)),
                     y->at.line};
    if (c->changes) c->changes[c->nchanges] = x;
    c->nchanges++;
  }
  *n = k;
  return out;
}

/* One pass over the answer: counting (c->periods NULL) or filling. */
static void copy_pass(WhenCopy *c, deal_when *out) {
  c->nchanges = 0;
  c->strs.n = 0;
  c->t.n = 0;
  print_periods(&c->t, c->a->v, c->a->n);
  out->answer = blob_str(&c->strs, c->t.s);
  for (uint32_t k = 0; k < c->a->n; k++) {
    const Period *pd = &c->a->v[k];
    char d[64];
    deal_period x = {0};
    x.from = blob_str(&c->strs, pd->from ? lit_date_str(pd->from, d) : NULL);
    x.to = blob_str(&c->strs, pd->to ? lit_date_str(pd->to, d) : NULL);
    if (pd->from) x.starts = copy_changes(c, pd->from, &x.nstarts);
    if (pd->to) x.ends = copy_changes(c, lit_day_next(pd->to), &x.nends);
    if (c->periods) c->periods[k] = x;
  }
}

static void free_blob(void *v) {
  char **b = v;
  free(*b);
  *b = NULL;
}

struct when_args {
  deal_scenario *sc;
  const deal_world *w;
  const char *check;
  FILE *f;
  deal_when *out;
  long rc;
  CheckResult r;
};

static void when_fn(void *v) {
  struct when_args *a = v;
  Session *s = a->sc->s;
  char err[320] = "";
  const char *q = a->check;
  while (*q == ' ' || *q == '\t') q++;
  StrBuf text;
  sb_init(&text);
  Defer dt;
  mem_defer(&dt, (void (*)(void *))sb_free, &text);
  bool has_when = !strncmp(q, "when", 4) && (q[4] == ' ' || q[4] == '\t');
  sb_printf(&text, "%s%s", has_when ? "" : "when ", q);
  Expect *e = ask_check(s, a->w ? a->w->w : NULL, text.s, a->f, &a->r);
  mem_undefer(&dt, true);
  if (!e) return;
  World *cw = check_world(s->m, &e->cx, err, sizeof err);
  Defer dw;
  mem_defer(&dw, (void (*)(void *))world_free, cw);
  WhenCopy c = {s->p, cw, a->r.when, NULL, NULL, 0, {NULL, 0}, {0}};
  Defer dc;
  mem_defer(&dc, (void (*)(void *))sb_free, &c.t);
  copy_pass(&c, a->out);
  size_t np = c.a->n, nc = c.nchanges, head = np * sizeof(deal_period) +
                                              nc * sizeof(deal_change);
  char *blob = malloc(head + c.strs.n + 1);
  Defer db;  /* the user's memory, not the State's: freed here if unwound */
  mem_defer(&db, free_blob, &blob);
  if (blob) {
    c.periods = (deal_period *)(void *)blob;
    c.changes = (deal_change *)(void *)(blob + np * sizeof(deal_period));
    c.strs.base = blob + head;
    copy_pass(&c, a->out);
    a->out->storage_ = blob;
    a->out->periods = c.periods;
    a->out->nperiods = np;
    a->rc = (long)np;
  } else {
    a->out->answer = NULL;
    fprintf(a->f, "error: out of memory\n");
  }
  mem_undefer(&db, false);
  mem_undefer(&dc, true);
  mem_undefer(&dw, true);
}

static void when_free_fn(void *v) { check_result_free(&((struct when_args *)v)->r); }

long deal_when_ask(deal_scenario *s, const deal_world *w, const char *check,
                   deal_when *out) {
  memset(out, 0, sizeof *out);
  size_t n = 0;
  FILE *f = open_memstream(&out->explanation, &n);
  if (!f) return -1;
  long rc = -1;
  if (!s || !s->ok) {
    fprintf(f, "the scenario has errors\n");
  } else {
    struct when_args a = {s, w, check, f, out, -1, {0}};
    if (state_call(s->S, when_fn, &a) != 0) {
      fprintf(f, "out of memory\n");
      free(out->storage_);
      out->storage_ = NULL;
      out->periods = NULL;
      out->nperiods = 0;
      out->answer = NULL;
    } else {
      rc = a.rc;
    }
    state_call(s->S, when_free_fn, &a);
  }
  fclose(f);
  if (!out->explanation) out->explanation = calloc(1, 1);
  if (rc < 0) out->answer = NULL;
  return rc;
}

void deal_when_free(deal_when *a) {
  if (!a) return;
  free(a->storage_);
  free(a->explanation);
  memset(a, 0, sizeof *a);
}

/* ---- iteration ---- */

static RunData *world_data(deal_world *w, bool all) {
  RunData **slot = all ? &w->all : &w->some;
  if (!*slot) {
    RunOpts o = {all ? RUN_ROWS_ALL : RUN_ROWS_DIFF, false};
    *slot = rundata_build(w->sc->s->m, &w->w, 1, &o);
  }
  return *slot;
}

struct each_args {
  deal_world *w;
  int all;
  void *fn;
  void *arg;
  int rc;
};

static void status_fn(void *v) {
  struct each_args *a = v;
  RunData *d = world_data(a->w, a->all != 0);
  deal_status_fn fn = (deal_status_fn)a->fn;
  for (uint32_t i = 0; i < d->nrows && !a->rc; i++) {
    const RunRow *r = &d->rows[i];
    deal_status_info x = {
        r->party >= 0 ? d->p->parties[r->party]->h.name->s : NULL,
        rundata_row_nrest(d, r),
        r->s->act->h.name->s,
        r->s->act->prep ? print_prep(r->s->act->prep) : NULL,
        r->s->obj->name->s,
        eval_status_name(rundata_status(d, r, 0)),
        rundata_row_covered(d, r, 0)};
    a->rc = fn(a->arg, &x);
  }
}

static int each(deal_world *w, int all, void (*run)(void *), void *fn,
                void *arg) {
  if (!w) return -1;
  struct each_args a = {w, all, fn, arg, 0};
  if (state_call(w->sc->S, run, &a) != 0) return -1;
  return a.rc;
}

int deal_each_status(deal_world *w, int all, deal_status_fn fn, void *arg) {
  return each(w, all, status_fn, (void *)fn, arg);
}

typedef struct MarketTmp {
  Arena a;
  RunMarketBuf b;
} MarketTmp;

static void market_tmp_free(void *v) {
  MarketTmp *t = v;
  arena_free(&t->a);
  rundata_market_buf_free(&t->b);
}

/* One market as deal.h hands it out (names in t's arena). */
static int market_one(struct each_args *a, const RunData *d, const RunSlot *s,
                      MarketTmp *t) {
  Program *p = d->p;
  RunMarket mk;
  rundata_market(d, s, 0, &mk, &t->b);
  const char **perm = arena_alloc(&t->a, (mk.npermitted + 1) * sizeof *perm);
  const char **cont = arena_alloc(&t->a, (mk.ncontested + 1) * sizeof *cont);
  const char **among = arena_alloc(&t->a, (s->namong + 1) * sizeof *among);
  const char **amex = arena_alloc(&t->a, (s->namong + 1) * sizeof *amex);
  for (uint32_t q = 0; q < mk.npermitted; q++)
    perm[q] = p->parties[mk.permitted[q]]->h.name->s;
  for (uint32_t q = 0; q < mk.ncontested; q++)
    cont[q] = p->parties[mk.contested[q]]->h.name->s;
  for (uint32_t q = 0; q < s->namong; q++) {
    among[q] = rundata_slot_among(s)[q]->h.name->s;
    amex[q] = mk.excl_among[q] >= 0 ? p->parties[mk.excl_among[q]]->h.name->s : NULL;
  }
  deal_market_info x = {
      s->act->h.name->s, s->act->prep ? print_prep(s->act->prep) : NULL,
      s->obj->name->s, perm, mk.npermitted, mk.rest_permitted, cont,
      mk.ncontested,
      mk.exclusive >= 0 ? p->parties[mk.exclusive]->h.name->s : NULL,
      among, amex, s->namong};
  return ((deal_market_fn)a->fn)(a->arg, &x);
}

static void market_fn(void *v) {
  struct each_args *a = v;
  RunData *d = world_data(a->w, false);
  MarketTmp t = {0};
  Defer df;
  mem_defer(&df, market_tmp_free, &t);
  for (uint32_t i = 0; i < d->nmarkets && !a->rc; i++) {
    a->rc = market_one(a, d, d->markets[i], &t);
    arena_free(&t.a);
  }
  mem_undefer(&df, true);
}

int deal_each_market(deal_world *w, deal_market_fn fn, void *arg) {
  return each(w, 0, market_fn, (void *)fn, arg);
}

static void flow_fn(void *v) {
  struct each_args *a = v;
  deal_world *w = a->w;
  RunData *d = world_data(w, false);
  static const char *const kinds[] = {"invests", "pays", "owns", "shares", "supplies"};
  for (uint32_t i = 0; i < d->nflows && !a->rc; i++) {
    const RunFlow *fl = &d->flows[i];
    if (!fl->on[0]) continue;
    const Body *b = fl->b;
    int64_t iv = -1;
    bool ovf;
    if (!rundata_implied_valuation(b, &iv, &ovf)) iv = -1;
    deal_flow_info x = {
        rundata_clause_name(&w->arena, fl->c), kinds[b->fk],
        b->fp ? b->fp->h.name->s : NULL, b->fq ? b->fq->h.name->s : NULL,
        rundata_flow_text(&w->arena, b, true),
        b->fk == F_INVESTS || b->fk == F_PAYS ? b->money : 0,
        b->fk == F_INVESTS ? (b->has_money2 ? b->money2 : b->money) : 0,
        b->fk == F_OWNS || b->fk == F_SHARES ? b->pct : 0,
        b->fk == F_OWNS && b->has_money2 ? b->money2 : -1,
        iv,
        b->fk == F_SHARES && b->has_x && b->fx ? b->fx->name->s : NULL,
        b->fk == F_SUPPLIES ? b->watts : 0};
    a->rc = ((deal_flow_fn)a->fn)(a->arg, &x);
  }
}

int deal_each_flow(deal_world *w, deal_flow_fn fn, void *arg) {
  return each(w, 0, flow_fn, (void *)fn, arg);
}

/* ---- reports ---- */

/* What a report holds while it is built: freed in one place. */
typedef struct Job {
  World **ws;
  uint32_t nw;
  RunData *d;
  char *text;
  size_t len;
} Job;

static void job_free(void *v) {
  Job *j = v;
  rundata_free(j->d);
  session_worlds_free(j->ws, j->nw);
  mem_free(j->text);
  memset(j, 0, sizeof *j);
}

struct report_args {
  deal_scenario *sc;
  const deal_report_options *o;
  const char *a, *b;        /* diff */
  FILE *out;
  char *err;
  size_t cap;
  long rc;
  Job j;
  const char *old;          /* snapshot compare */
  size_t oldlen;
  const char *indent;
};

static bool report_build(struct report_args *a, const char *under, bool one,
                         RunOpts ro) {
  Session *s = a->sc->s;
  const char *at = a->o ? a->o->at : NULL;
  a->j.ws = session_report_worlds(s, under, at, one, &a->j.nw, a->err, a->cap);
  if (!a->j.ws) return false;
  a->j.d = rundata_build(s->m, a->j.ws, a->j.nw, &ro);
  state_phase("rundata");
  return true;
}

static void report_fn(void *v) {
  struct report_args *a = v;
  const deal_report_options *o = a->o;
  bool dot = o->format == DEAL_FORMAT_DOT;
  RunOpts ro = {o->all ? RUN_ROWS_ALL : RUN_ROWS_DIFF, !dot};
  a->rc = -1;
  if (!report_build(a, o->under, dot, ro)) return;
  RunData *d = a->j.d;
  ReportOpts rp = {o->color && o->format == DEAL_FORMAT_TEXT, o->all != 0, o->file};
  switch (o->format) {
    case DEAL_FORMAT_TEXT:
      report_text(a->out, d, &rp);
      report_text_tail(a->out, d->m, rp.color);
      break;
    case DEAL_FORMAT_JSON: report_json(a->out, d, &rp); break;
    case DEAL_FORMAT_DOT: report_dot(a->out, d, 0); break;
    case DEAL_FORMAT_MARKDOWN: report_markdown(a->out, d, &rp); break;
    case DEAL_FORMAT_HTML: report_html(a->out, d, &rp); break;
  }
  fflush(a->out);
  state_phase("report");
  a->rc = 0;
}

static void diff_fn(void *v) {
  struct report_args *a = v;
  Session *s = a->sc->s;
  const char *at = a->o ? a->o->at : NULL;
  a->rc = -1;
  a->j.ws = mem_calloc(2, sizeof *a->j.ws);
  if (!(a->j.ws[a->j.nw++] = session_world(s, a->a, at, a->err, a->cap))) return;
  if (!(a->j.ws[a->j.nw++] = session_world(s, a->b, at, a->err, a->cap))) return;
  RunOpts ro = {RUN_ROWS_DIFF, false};
  a->j.d = rundata_build(s->m, a->j.ws, 2, &ro);
  ReportOpts rp = {a->o && a->o->color, false, a->o ? a->o->file : NULL};
  bool html = a->o && a->o->format == DEAL_FORMAT_HTML;
  a->rc = (long)(html ? report_diff_html : report_diff)(a->out, a->j.d, &rp);
}

static void snapshot_fn(void *v) {
  struct report_args *a = v;
  a->rc = -1;
  RunOpts ro = {RUN_ROWS_ALL, false};
  if (!report_build(a, NULL, false, ro)) return;
  if (a->old) {
    a->rc = (long)report_snapshot_compare(a->out, a->j.d, a->old, a->oldlen,
                                          a->indent ? a->indent : "");
    return;
  }
  a->j.text = report_snapshot(a->j.d, &a->j.len);
  a->rc = 0;
}

static void job_free_fn(void *v) { job_free(&((struct report_args *)v)->j); }

/* Runs fn in the scenario's State; the report's data freed after. */
static long report_call(struct report_args *a, void (*fn)(void *)) {
  if (!a->sc || !a->sc->ok) {
    set_err(a->err, a->cap, "the scenario has errors");
    return -1;
  }
  if (state_call(a->sc->S, fn, a) != 0) {
    set_err(a->err, a->cap, "out of memory");
    a->rc = -1;
  }
  return a->rc;
}

static void report_done(struct report_args *a) {
  if (a->sc && a->sc->ok) state_call(a->sc->S, job_free_fn, a);
}

int deal_report(deal_scenario *s, const deal_report_options *o, FILE *out,
                char *err, size_t errcap) {
  struct report_args a = {s, o, NULL, NULL, out, err, errcap, -1, {0}, NULL, 0, NULL};
  long rc = report_call(&a, report_fn);
  report_done(&a);
  return (int)rc;
}

long deal_diff(deal_scenario *s, const char *wa, const char *wb,
               const deal_report_options *o, FILE *out, char *err,
               size_t errcap) {
  struct report_args a = {s, o, wa, wb, out, err, errcap, -1, {0}, NULL, 0, NULL};
  long rc = report_call(&a, diff_fn);
  report_done(&a);
  return rc;
}

char *deal_snapshot(deal_scenario *s, const char *at, size_t *len, char *err,
                    size_t errcap) {
  deal_report_options o = {DEAL_FORMAT_TEXT, NULL, at, 0, 0, NULL};
  struct report_args a = {s, &o, NULL, NULL, NULL, err, errcap, -1, {0}, NULL, 0, NULL};
  char *text = NULL;
  if (report_call(&a, snapshot_fn) == 0) {
    text = malloc(a.j.len + 1);
    if (text) {
      memcpy(text, a.j.text ? a.j.text : "", a.j.len);
      text[a.j.len] = 0;
      *len = a.j.len;
    } else {
      set_err(err, errcap, "out of memory");
    }
  }
  report_done(&a);
  return text;
}

long deal_snapshot_compare(deal_scenario *s, const char *at, const char *old,
                           size_t len, FILE *out, const char *indent,
                           char *err, size_t errcap) {
  deal_report_options o = {DEAL_FORMAT_TEXT, NULL, at, 0, 0, NULL};
  struct report_args a = {s, &o, NULL, NULL, out, err, errcap, -1, {0}, old, len, indent};
  long rc = report_call(&a, snapshot_fn);
  report_done(&a);
  return rc;
}

static void timeline_fn(void *v) {
  struct report_args *a = v;
  const deal_report_options *o = a->o;
  a->rc = -1;
  if (o->format == DEAL_FORMAT_DOT) {
    set_err(a->err, a->cap, "the timeline is text, JSON or Markdown, not DOT");
    return;
  }
  Session *s = a->sc->s;
  a->j.ws = session_report_worlds(s, o->under, o->at, false, &a->j.nw, a->err,
                                  a->cap);
  if (!a->j.ws) return;
  TimelineFormat f = o->format == DEAL_FORMAT_JSON       ? TIMELINE_JSON
                     : o->format == DEAL_FORMAT_MARKDOWN ? TIMELINE_MARKDOWN
                     : o->format == DEAL_FORMAT_HTML     ? TIMELINE_HTML
                                                         : TIMELINE_TEXT;
  ReportOpts rp = {false, o->all != 0, o->file};
  report_timeline(a->out, s->m, a->j.ws, a->j.nw, f, &rp);
  fflush(a->out);
  a->rc = 0;
}

int deal_timeline(deal_scenario *s, const deal_report_options *o, FILE *out,
                  char *err, size_t errcap) {
  struct report_args a = {s, o, NULL, NULL, out, err, errcap, -1, {0}, NULL, 0, NULL};
  long rc = report_call(&a, timeline_fn);
  report_done(&a);
  return (int)rc;
}

void deal_string_free(char *p) { free(p); }
