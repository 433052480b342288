/* api: the public interface of deal.h over parse, resolve, eval, explain,
 * rundata and the report formats. */
#include "deal.h"

#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "literal.h"
#include "parse.h"
#include "report.h"
#include "phase.h"
#include "resolve.h"

struct deal_scenario {
  Diag diag;
  Program *p;
  Model *m;
  bool ok;
  deal_diagnostic *diags;
  size_t ndiags;
  Arena arena;              /* diagnostic texts */
};

struct deal_world {
  deal_scenario *s;
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
static void take_diagnostics(deal_scenario *s, FILE *print) {
  Diag *d = &s->diag;
  if (d->nmsgs) {
    DiagMsg *v = mem_alloc(d->nmsgs * sizeof *v);
    memcpy(v, d->msgs, d->nmsgs * sizeof *v);
    qsort(v, d->nmsgs, sizeof *v, cmp_diag);
    s->diags = arena_alloc(&s->arena, (s->ndiags + d->nmsgs) * sizeof *s->diags);
    for (uint32_t i = 0; i < d->nmsgs; i++) {
      if (v[i].level == DIAG_NOTE) continue;
      deal_diagnostic *x = &s->diags[s->ndiags++];
      const char *path = v[i].loc.file < d->nfiles ? d->files[v[i].loc.file]->path : "";
      x->file = arena_strndup(&s->arena, path, strlen(path));
      x->line = v[i].loc.line;
      x->column = v[i].loc.col;
      x->is_error = v[i].level == DIAG_ERROR;
      x->message = arena_strndup(&s->arena, v[i].text, strlen(v[i].text));
    }
    mem_free(v);
  }
  if (print) diag_flush(d);
  else diag_reset(d);
}

static deal_scenario *load(const char *path, const char *name,
                           const char *text, size_t len,
                           const deal_load_options *o) {
  deal_scenario *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  FILE *print = o ? o->print_diagnostics : NULL;
  diag_init(&s->diag, print ? print : stderr, o && o->color);
  arena_init(&s->arena);
  MemGuard g;
  if (!MEM_TRY(&g)) {
    /* what was built is freed with the scenario */
    s->ok = false;
    return s;
  }
  s->p = parse_program_new(&s->diag);
  bool ok = path ? parse_file(s->p, path)
                 : parse_string(s->p, name, text, len, false, NULL, NULL);
  phase_mark("parse");
  /* after a syntax error the tree has holes: names would be reported
   * unknown that are only unreadable; other errors still resolve */
  if (s->p->syntax_errors == 0) ok = resolve_program(s->p) && ok;
  ok = ok && s->diag.errors == 0;
  take_diagnostics(s, print);
  phase_mark("resolve");
  if (ok) s->m = eval_model_new(s->p);
  phase_mark("model");
  s->ok = ok;
  mem_guard_pop(&g);
  return s;
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

int deal_set_fact(deal_scenario *s, const char *name, int value) {
  if (!s || !s->ok) return 0;
  MemGuard g;
  if (!MEM_TRY(&g)) return 0;
  int r = eval_set_fact(s->m, name, value != 0);
  mem_guard_pop(&g);
  return r;
}

void deal_free(deal_scenario *s) {
  if (!s) return;
  eval_model_free(s->m);
  parse_program_free(s->p);
  diag_free(&s->diag);
  arena_free(&s->arena);
  free(s);
}

/* ---- worlds ---- */

static bool parse_date(const char *at, int32_t *out, char *err, size_t cap) {
  int64_t v;
  const char *e;
  if (lit_parse(at, strlen(at), &v, &e) != LIT_DATE || e) {
    if (err && cap) snprintf(err, cap, "a date is YYYY-MM-DD, not '%.64s'", at);
    return false;
  }
  *out = (int32_t)v;
  return true;
}

/* A world of the scenario, or NULL with a message. */
static World *make_world(deal_scenario *s, const char *spec, const char *at,
                         char *err, size_t cap) {
  if (!s || !s->ok) {
    set_err(err, cap, "the scenario has errors");
    return NULL;
  }
  int32_t date = resolve_default_date(s->p);
  if (at && !parse_date(at, &date, err, cap)) return NULL;
  Outcome **o;
  uint32_t n;
  char msg[256];
  if (!rundata_parse_world(s->p, spec, &o, &n, msg, sizeof msg)) {
    set_err(err, cap, msg);
    mem_free(o);
    return NULL;
  }
  World *w = eval_world_new(s->m, o, n, date);
  mem_free(o);
  return w;
}

deal_world *deal_world_open(deal_scenario *s, const char *spec,
                            const char *date, char *err, size_t errcap) {
  MemGuard g;
  if (!MEM_TRY(&g)) {
    set_err(err, errcap, "out of memory");
    return NULL;
  }
  World *w = make_world(s, spec, date, err, errcap);
  deal_world *dw = NULL;
  if (w) {
    dw = mem_calloc(1, sizeof *dw);
    dw->s = s;
    dw->w = w;
    arena_init(&dw->arena);
  }
  mem_guard_pop(&g);
  return dw;
}

const char *deal_world_name(const deal_world *w) { return w ? w->w->name : NULL; }

void deal_world_close(deal_world *w) {
  if (!w) return;
  rundata_free(w->all);
  rundata_free(w->some);
  eval_world_free(w->w);
  arena_free(&w->arena);
  mem_free(w);
}

/* ---- checks ---- */

static char *mem_text(char *buf, size_t n) {
  /* open_memstream's buffer is malloc'd: hand it over as it is */
  if (!buf) {
    buf = malloc(1);
    if (buf) buf[0] = 0;
  }
  (void)n;
  return buf;
}

int deal_ask(deal_scenario *s, const deal_world *w, const char *check,
             deal_answer *out) {
  out->holds = -1;
  out->explanation = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&out->explanation, &n);
  if (!f) return -1;
  if (!s || !s->ok) {
    fprintf(f, "the scenario has errors\n");
    fclose(f);
    return -1;
  }
  MemGuard g;
  if (!MEM_TRY(&g)) {
    fprintf(f, "out of memory\n");
    fclose(f);
    return out->holds = -1;
  }
  int before = s->diag.errors;
  Expect *e = parse_check(s->p, "<check>", check);
  if (e && !resolve_expect(s->p, e)) e = NULL;
  if (!e || s->diag.errors != before) {
    for (uint32_t i = 0; i < s->diag.nmsgs; i++)
      if (s->diag.msgs[i].level == DIAG_ERROR)
        fprintf(f, "error: %s\n", s->diag.msgs[i].text);
    diag_reset(&s->diag);
    s->diag.errors = before;
    fclose(f);
    mem_guard_pop(&g);
    out->explanation = mem_text(out->explanation, n);
    return -1;
  }
  diag_reset(&s->diag);
  if (w && !e->cx.has_under && !e->cx.has_prob && w->w->nchosen) {
    e->cx.under = arena_alloc(&s->p->arena, w->w->nchosen * sizeof(Ref));
    for (uint32_t i = 0; i < w->w->nchosen; i++)
      e->cx.under[i] = (Ref){.name = w->w->chosen[i]->h.name,
                             .d = &w->w->chosen[i]->h};
    e->cx.nunder = w->w->nchosen;
    e->cx.has_under = true;
  }
  if (w && !e->cx.has_at && w->w->date != resolve_default_date(s->p)) {
    e->cx.has_at = true;
    e->cx.at = w->w->date;
  }
  CheckResult r;
  eval_check(s->m, e, &r);
  if (r.error) {
    fprintf(f, "error: %s\n", r.msg);
  } else {
    out->holds = r.holds;
    ExplainOpts eo = {false, "  "};
    explain_check(f, s->m, e, &r, &eo);
  }
  eval_check_result_free(&r);
  mem_guard_pop(&g);
  fclose(f);
  out->explanation = mem_text(out->explanation, n);
  return out->holds;
}

void deal_answer_free(deal_answer *a) {
  if (!a) return;
  free(a->explanation);
  a->explanation = NULL;
}

/* ---- iteration ---- */

static RunData *world_data(deal_world *w, bool all) {
  RunData **slot = all ? &w->all : &w->some;
  if (!*slot) {
    RunOpts o = {all ? RUN_ROWS_ALL : RUN_ROWS_DIFF, false, 0};
    *slot = rundata_build(w->s->m, &w->w, 1, &o);
  }
  return *slot;
}

int deal_each_status(deal_world *w, int all, deal_status_fn fn, void *arg) {
  if (!w) return -1;
  MemGuard g;
  if (!MEM_TRY(&g)) return -1;
  RunData *d = world_data(w, all != 0);
  int rc = 0;
  for (uint32_t i = 0; i < d->nrows && !rc; i++) {
    const RunRow *r = &d->rows[i];
    deal_status_info x = {
        r->party >= 0 ? d->p->parties[r->party]->h.name->s : NULL,
        r->party >= 0 ? 0 : r->nrest,
        r->s->act->h.name->s,
        r->s->act->prep ? print_prep(r->s->act->prep) : NULL,
        r->s->obj->name->s,
        eval_status_name(rundata_status(d, r, 0)),
        rundata_row_covered(d, r, 0)};
    rc = fn(arg, &x);
  }
  mem_guard_pop(&g);
  return rc;
}

int deal_each_market(deal_world *w, deal_market_fn fn, void *arg) {
  if (!w) return -1;
  MemGuard g;
  if (!MEM_TRY(&g)) return -1;
  RunData *d = world_data(w, false);
  Program *p = d->p;
  int rc = 0;
  const char **names = mem_alloc((2 * p->nparties + 1) * sizeof *names);
  for (uint32_t i = 0; i < d->nmarkets && !rc; i++) {
    const RunSlot *s = d->markets[i];
    Arena a;
    arena_init(&a);
    RunMarket mk;
    rundata_market(d, s, 0, &mk, &a);
    const char **cont = names + p->nparties;
    for (uint32_t q = 0; q < mk.npermitted; q++)
      names[q] = p->parties[mk.permitted[q]]->h.name->s;
    for (uint32_t q = 0; q < mk.ncontested; q++)
      cont[q] = p->parties[mk.contested[q]]->h.name->s;
    const char **among = arena_alloc(&a, (s->namong + 1) * sizeof *among);
    const char **amex = arena_alloc(&a, (s->namong + 1) * sizeof *amex);
    for (uint32_t q = 0; q < s->namong; q++) {
      among[q] = rundata_slot_among(s)[q]->h.name->s;
      amex[q] = mk.excl_among[q] >= 0 ? p->parties[mk.excl_among[q]]->h.name->s : NULL;
    }
    deal_market_info x = {
        s->act->h.name->s, s->act->prep ? print_prep(s->act->prep) : NULL,
        s->obj->name->s, names, mk.npermitted, mk.rest_permitted, cont,
        mk.ncontested,
        mk.exclusive >= 0 ? p->parties[mk.exclusive]->h.name->s : NULL,
        among, amex, s->namong};
    rc = fn(arg, &x);
    arena_free(&a);
  }
  mem_free(names);
  mem_guard_pop(&g);
  return rc;
}

int deal_each_flow(deal_world *w, deal_flow_fn fn, void *arg) {
  if (!w) return -1;
  MemGuard g;
  if (!MEM_TRY(&g)) return -1;
  RunData *d = world_data(w, false);
  static const char *kinds[] = {"invests", "pays", "owns", "shares", "supplies"};
  int rc = 0;
  for (uint32_t i = 0; i < d->nflows && !rc; i++) {
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
    rc = fn(arg, &x);
  }
  mem_guard_pop(&g);
  return rc;
}

/* ---- reports ---- */

/* The worlds of a report: the status quo, then `under` or every outcome
 * (one world only for DOT). */
static World **report_worlds(deal_scenario *s, const char *under,
                             const char *at, bool one, uint32_t *nw,
                             char *err, size_t cap) {
  Program *p = s->p;
  *nw = 0;
  World **ws = mem_alloc((p->noutcomes + 2) * sizeof *ws);
  if (one) {
    ws[0] = make_world(s, under, at, err, cap);
    if (!ws[0]) {
      mem_free(ws);
      return NULL;
    }
    *nw = 1;
    return ws;
  }
  ws[(*nw)++] = make_world(s, NULL, at, err, cap);
  if (!ws[0]) {
    mem_free(ws);
    return NULL;
  }
  if (under) {
    World *w = make_world(s, under, at, err, cap);
    if (!w) {
      eval_world_free(ws[0]);
      mem_free(ws);
      return NULL;
    }
    ws[(*nw)++] = w;
  } else {
    for (uint32_t i = 0; i < p->noutcomes; i++)
      ws[(*nw)++] = eval_world_new(s->m, &p->outcomes[i], 1, ws[0]->date);
  }
  return ws;
}

static void free_worlds(World **ws, uint32_t nw) {
  for (uint32_t k = 0; k < nw; k++) eval_world_free(ws[k]);
  mem_free(ws);
}

/* What a report holds while it is built: freed in one place, also when
 * memory runs out (it lives in memory, not in registers, across the
 * guard's longjmp). */
typedef struct Job {
  World **ws;
  uint32_t nw;
  World *pair[2];
  RunData *d;
  char *text;
} Job;

static void job_free(Job *j) {
  rundata_free(j->d);
  if (j->ws) free_worlds(j->ws, j->nw);
  eval_world_free(j->pair[0]);
  eval_world_free(j->pair[1]);
  mem_free(j->text);
  memset(j, 0, sizeof *j);
}

static void report_job(Job *j, deal_scenario *s, const deal_report_options *o,
                       FILE *out, char *err, size_t errcap) {
  bool dot = o->format == DEAL_FORMAT_DOT;
  j->ws = report_worlds(s, o->under, o->at, dot, &j->nw, err, errcap);
  if (!j->ws) return;
  RunOpts ro = {o->all ? RUN_ROWS_ALL : RUN_ROWS_DIFF, !dot, 0};
  j->d = rundata_build(s->m, j->ws, j->nw, &ro);
  phase_mark("rundata");
  ReportOpts rp = {o->color && o->format == DEAL_FORMAT_TEXT, o->all != 0, o->file};
  switch (o->format) {
    case DEAL_FORMAT_TEXT:
      report_text(out, j->d, &rp);
      report_text_tail(out, s->m, rp.color);
      break;
    case DEAL_FORMAT_JSON: report_json(out, j->d, &rp); break;
    case DEAL_FORMAT_DOT: report_dot(out, j->d, 0); break;
    case DEAL_FORMAT_MARKDOWN: report_markdown(out, j->d, &rp); break;
  }
  fflush(out);
  phase_mark("report");
}

int deal_report(deal_scenario *s, const deal_report_options *o, FILE *out,
                char *err, size_t errcap) {
  if (!s || !s->ok) {
    set_err(err, errcap, "the scenario has errors");
    return -1;
  }
  Job j = {0};
  MemGuard g;
  if (!MEM_TRY(&g)) {
    job_free(&j);
    set_err(err, errcap, "out of memory");
    return -1;
  }
  report_job(&j, s, o, out, err, errcap);
  int rc = j.ws ? 0 : -1;
  job_free(&j);
  mem_guard_pop(&g);
  return rc;
}

static long diff_job(Job *j, deal_scenario *s, const char *a, const char *b,
                     const deal_report_options *o, FILE *out, char *err,
                     size_t errcap) {
  j->pair[0] = make_world(s, a, o ? o->at : NULL, err, errcap);
  if (!j->pair[0]) return -1;
  j->pair[1] = make_world(s, b, o ? o->at : NULL, err, errcap);
  if (!j->pair[1]) return -1;
  RunOpts ro = {RUN_ROWS_DIFF, false, 0};
  j->d = rundata_build(s->m, j->pair, 2, &ro);
  ReportOpts rp = {o && o->color, false, o ? o->file : NULL};
  return (long)report_diff(out, j->d, &rp);
}

long deal_diff(deal_scenario *s, const char *a, const char *b,
               const deal_report_options *o, FILE *out, char *err,
               size_t errcap) {
  if (!s || !s->ok) {
    set_err(err, errcap, "the scenario has errors");
    return -1;
  }
  Job j = {0};
  MemGuard g;
  if (!MEM_TRY(&g)) {
    job_free(&j);
    set_err(err, errcap, "out of memory");
    return -1;
  }
  long n = diff_job(&j, s, a, b, o, out, err, errcap);
  job_free(&j);
  mem_guard_pop(&g);
  return n;
}

/* The data of a snapshot: the status quo and every outcome, every key. */
static bool snap_job(Job *j, deal_scenario *s, const char *at, char *err,
                     size_t cap) {
  j->ws = report_worlds(s, NULL, at, false, &j->nw, err, cap);
  if (!j->ws) return false;
  RunOpts ro = {RUN_ROWS_ALL, false, 0};
  j->d = rundata_build(s->m, j->ws, j->nw, &ro);
  return true;
}

char *deal_snapshot(deal_scenario *s, const char *at, size_t *len, char *err,
                    size_t errcap) {
  if (!s || !s->ok) {
    set_err(err, errcap, "the scenario has errors");
    return NULL;
  }
  Job j = {0};
  MemGuard g;
  if (!MEM_TRY(&g)) {
    job_free(&j);
    set_err(err, errcap, "out of memory");
    return NULL;
  }
  char *text = NULL;
  if (snap_job(&j, s, at, err, errcap)) {
    j.text = report_snapshot(j.d, len);
    text = malloc(*len + 1);
    if (text) {
      memcpy(text, j.text ? j.text : "", *len);
      text[*len] = 0;
    } else {
      set_err(err, errcap, "out of memory");
    }
  }
  job_free(&j);
  mem_guard_pop(&g);
  return text;
}

long deal_snapshot_compare(deal_scenario *s, const char *at, const char *old,
                           size_t len, FILE *out, const char *indent,
                           char *err, size_t errcap) {
  if (!s || !s->ok) {
    set_err(err, errcap, "the scenario has errors");
    return -1;
  }
  Job j = {0};
  MemGuard g;
  if (!MEM_TRY(&g)) {
    job_free(&j);
    set_err(err, errcap, "out of memory");
    return -1;
  }
  long n = -1;
  if (snap_job(&j, s, at, err, errcap))
    n = (long)report_snapshot_compare(out, j.d, old, len, indent ? indent : "");
  job_free(&j);
  mem_guard_pop(&g);
  return n;
}

void deal_string_free(char *p) { free(p); }
