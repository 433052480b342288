/* report_json: the `deal run` report as JSON (schema: docs/json.md).
 * Arrays keep the report's order (slots by action then object, parties
 * by declaration, flows by clause), so equal inputs give equal bytes. */
#include <string.h>

#include "json.h"
#include "literal.h"
#include "print.h"
#include "json.h"
#include "report.h"
#include "when.h"

static const char *pn(const RunData *d, int32_t q) {
  return d->p->parties[q]->h.name->s;
}

static void pct_fields(Json *j, const char *k, int64_t units) {
  char buf[64], key[64];
  if (units < 0) {
    json_kv_null(j, k);
    snprintf(key, sizeof key, "%s_units", k);
    json_kv_null(j, key);
    return;
  }
  json_kv_str(j, k, lit_pct_str((int32_t)units, buf));
  snprintf(key, sizeof key, "%s_units", k);
  json_kv_int(j, key, units);
}

void report_json_filter(Json *j, const RunData *d) {
  const RunFilter *f = &d->filter;
  json_key(j, "filter");
  if (f->party < 0 && !f->act && !f->product) {
    json_raw(j, "null", 4);
    return;
  }
  json_open_flat(j, '{');
  json_kv_str(j, "party", f->party >= 0 ? pn(d, f->party) : NULL);
  json_kv_str(j, "action", f->act ? f->act->h.name->s : NULL);
  json_kv_str(j, "product", f->product ? f->product->h.name->s : NULL);
  json_close(j, '}');
}

void report_json_key(Json *j, const RunData *d, const RunRow *r) {
  if (r->party >= 0) json_kv_str(j, "party", pn(d, r->party));
  else json_kv_null(j, "party");
  json_kv_int(j, "other_parties", rundata_row_nrest(d, r));
  json_kv_str(j, "action", r->s->act->h.name->s);
  if (r->s->act->prep) json_kv_str(j, "prep", print_prep(r->s->act->prep));
  else json_kv_null(j, "prep");
  json_kv_str(j, "object", r->s->obj->name->s);
}

static void worlds(Json *j, const RunData *d) {
  char buf[64];
  json_key(j, "worlds");
  json_open(j, '[');
  for (uint32_t k = 0; k < d->nw; k++) {
    const RunWorld *rw = &d->worlds[k];
    json_sep(j);
    json_open(j, '{');
    json_kv_str(j, "id", rw->w->id);
    json_kv_str(j, "name", rw->w->name);
    json_key(j, "outcomes");
    json_open(j, '[');
    for (uint32_t i = 0; i < rw->w->nchosen; i++) {
      const Outcome *o = rw->w->chosen[i];
      json_sep(j);
      json_open_flat(j, '{');
      json_kv_str(j, "dispute", o->disp->h.name->s);
      json_kv_str(j, "outcome", o->h.name->s);
      json_kv_str(j, "title", o->title);
      pct_fields(j, "probability", o->has_prob ? o->prob : -1);
      json_close(j, '}');
    }
    json_close(j, ']');
    pct_fields(j, "probability", rw->prob);
    if (rw->w->date) json_kv_str(j, "date", lit_date_str(rw->w->date, buf));
    else json_kv_null(j, "date");
    json_close(j, '}');
  }
  json_close(j, ']');
}

/* ---- clauses: a table of every clause the document names, written
 * last; each is named by its place in it, given at its first mention ---- */

typedef struct ClauseIds {
  uint32_t *id;             /* per clause index: id + 1, 0 not yet named */
  uint32_t *order;          /* clause indices by id */
  uint32_t n, cap;
} ClauseIds;

static void clause_ids_free(void *v) {
  ClauseIds *c = v;
  mem_free(c->id);
  mem_free(c->order);
}

static uint32_t clause_id(ClauseIds *c, const Clause *cl) {
  uint32_t *e = &c->id[cl->index];
  if (!*e) {
    MVEC_PUSH(c->order, c->n, c->cap, (uint32_t)cl->index);
    *e = c->n;
  }
  return *e - 1;
}

static void clauses(Json *j, const RunData *d, const ClauseIds *ids, Arena *a) {
  json_key(j, "clauses");
  json_open(j, '[');
  for (uint32_t i = 0; i < ids->n; i++) {
    const Clause *c = d->p->clauses[ids->order[i]];
    json_sep(j);
    json_open_flat(j, '{');
    json_kv_str(j, "name", rundata_clause_name(a, c));
    json_kv_str(j, "file", diag_file_name(d->p->diag, c->loc));
    json_kv_int(j, "line", c->loc.line);
    json_close(j, '}');
    arena_rewind(a);  /* a name at a time: a million clauses name no more */
  }
  json_close(j, ']');
}

/* ---- per-world values: one per world, or one when alike in every
 * world ---- */

/* Writes v(0..nw) as [a, b, ...], or [a] when all are equal. */
#define PER_WORLD(j, nw, same, put)                                           \
  do {                                                                        \
    json_raw((j), "[", 1);                                                    \
    uint32_t n_ = (same) ? 1 : (nw);                                          \
    for (uint32_t k = 0; k < n_; k++) {                                       \
      if (k) json_raw((j), ", ", 2);                                          \
      put;                                                                    \
    }                                                                         \
    json_raw((j), "]", 1);                                                    \
  } while (0)

/* ---- permissions ---- */

/* The deciding clauses of every key of a slot in the worlds: per world
 * that reads the slot anew an evaluation of its own (one pass over the
 * slot, eval_slot), else the first world's; per position j (np: the
 * rest) its undefeated clauses' ids, or none when the default decided. */
typedef struct Deciders {
  uint32_t *id;             /* all lists */
  uint32_t n, cap;
  uint32_t *at;             /* [world * (np + 1) + j]: start in id, then
                               end at the next entry */
  size_t capat;
  uint32_t np;
  ClauseIds *ids;
} Deciders;

typedef struct DecArg {
  Deciders *x;
  uint32_t world;
} DecArg;

static void dec_key(void *arg, uint32_t i, const KeyResult *r) {
  DecArg *a = arg;
  Deciders *x = a->x;
  x->at[(size_t)a->world * (x->np + 2) + i] = x->n;
  for (uint32_t h = 0; h < r->n; h++)
    if (!r->hits[h].defeated)
      MVEC_PUSH(x->id, x->n, x->cap, clause_id(x->ids, r->hits[h].c));
  x->at[(size_t)a->world * (x->np + 2) + i + 1] = x->n;
}

static void deciders_free(void *v) {
  Deciders *x = v;
  mem_free(x->id);
  mem_free(x->at);
}

/* world k's own evaluation, or the first world's */
static uint32_t dec_world(const RunData *d, const RunSlot *s, uint32_t k) {
  return k && rundata_slot_same(d, s, k) ? 0 : k;
}

static void deciders(const RunData *d, const RunSlot *s, Deciders *x) {
  x->n = 0;
  x->np = s->np;
  size_t need = (size_t)d->nw * (s->np + 2);
  if (need > x->capat) {
    x->capat = need;
    x->at = mem_realloc(x->at, need * sizeof *x->at);
  }
  for (uint32_t k = 0; k < d->nw; k++) {
    if (dec_world(d, s, k) != k) continue;
    DecArg a = {x, k};
    eval_slot(d->worlds[k].w, d->scratch, s->act, s->obj,
              rundata_slot_parties(s), s->np, true, dec_key, &a);
  }
}

static void dec_list(const Deciders *x, uint32_t k, uint32_t j,
                     const uint32_t **v, uint32_t *n) {
  size_t e = (size_t)k * (x->np + 2) + j;
  *v = x->id + x->at[e];
  *n = x->at[e + 1] - x->at[e];
}

static void put_ids(Json *j, const uint32_t *v, uint32_t n) {
  json_raw(j, "[", 1);
  for (uint32_t i = 0; i < n; i++) {
    if (i) json_raw(j, ", ", 2);
    json_uint(j, v[i]);
  }
  json_raw(j, "]", 1);
}

/* Does a row read in world k as in the first: its status, its coverage,
 * its deciding clauses? */
static void row_alike(const RunData *d, const RunRow *r, const Deciders *x,
                      uint32_t k, uint32_t pos, bool *st, bool *cov,
                      bool *dec) {
  const uint32_t *v0, *vk;
  uint32_t n0, nk;
  dec_list(x, 0, pos, &v0, &n0);
  *st &= rundata_status(d, r, k) == rundata_status(d, r, 0);
  *cov &= rundata_row_covered(d, r, k) == rundata_row_covered(d, r, 0);
  dec_list(x, dec_world(d, r->s, k), pos, &vk, &nk);
  *dec &= nk == n0 && !memcmp(vk, v0, n0 * sizeof *v0);
}

/* anew: some world reads every slot anew; else only the worlds of the
 * slot's alternatives can read a row otherwise (a run of 64 worlds
 * asks each row 64 times no more). */
static void key_row(Json *j, const RunData *d, const RunRow *r, const Deciders *x,
                    bool anew) {
  const RunSlot *s = r->s;
  uint32_t pos = r->j >= 0 ? (uint32_t)r->j : s->np, nw = d->nw;
  json_sep(j);
  json_open_flat(j, '{');
  report_json_key(j, d, r);
  const Party *own = s->obj->kind == K_PRODUCT ? ((const Product *)s->obj)->own : NULL;
  json_kv_str(j, "owner", own ? own->h.name->s : NULL);
  bool same_st = true, same_cov = true, same_dec = true;
  const uint32_t *vk;
  uint32_t nk;
  if (anew)
    for (uint32_t k = 1; k < nw; k++) row_alike(d, r, x, k, pos, &same_st, &same_cov, &same_dec);
  else
    for (uint32_t a = 0; a < s->nalt; a++)
      row_alike(d, r, x, s->alt[a].world, pos, &same_st, &same_cov, &same_dec);
  json_key(j, "status");
  PER_WORLD(j, nw, same_st, json_string(j, eval_status_name(rundata_status(d, r, k))));
  json_key(j, "covered");
  PER_WORLD(j, nw, same_cov, json_lit(j, rundata_row_covered(d, r, k) ? "true" : "false"));
  pct_fields(j, "expected", d->has_expected ? rundata_row_expected(d, r) : -1);
  json_key(j, "deciding");
  PER_WORLD(j, nw, same_dec, (dec_list(x, dec_world(d, s, k), pos, &vk, &nk), put_ids(j, vk, nk)));
  json_close(j, '}');
}

static void permissions(Json *j, const RunData *d, const ReportOpts *o,
                        ClauseIds *ids) {
  json_key(j, "permissions");
  json_open(j, '{');
  json_kv_str(j, "rows", o->all ? "all" : "differ");
  json_key(j, "expected");
  json_open(j, '{');
  json_kv_bool(j, "available", d->has_expected);
  json_kv_int(j, "combinations", (int64_t)d->ncombos);
  json_kv_str(j, "note", d->expected_note[0] ? d->expected_note : NULL);
  json_close(j, '}');
  json_key(j, "keys");
  json_open(j, '[');
  Deciders x = {0};
  x.ids = ids;
  Defer dx;
  mem_defer(&dx, deciders_free, &x);
  bool anew = false;
  for (uint32_t k = 1; k < d->nw; k++) anew |= d->worlds[k].anew;
  for (uint32_t i = 0; i < d->nrows;) {
    const RunSlot *s = d->rows[i].s;
    deciders(d, s, &x);
    for (; i < d->nrows && d->rows[i].s == s; i++) key_row(j, d, &d->rows[i], &x, anew);
  }
  mem_undefer(&dx, true);
  json_close(j, ']');
  json_close(j, '}');
}

void report_json_market(Json *j, const RunData *d, const RunSlot *s,
                        const RunMarket *mk, const char **names) {
  for (uint32_t q = 0; q < mk->npermitted; q++) names[q] = pn(d, mk->permitted[q]);
  json_key(j, "permitted");
  json_strings(j, names, mk->npermitted);
  json_kv_bool(j, "others_permitted", mk->rest_permitted);
  json_kv_int(j, "others", mk->nrest);
  for (uint32_t q = 0; q < mk->ncontested; q++) names[q] = pn(d, mk->contested[q]);
  json_key(j, "contested");
  json_strings(j, names, mk->ncontested);
  if (mk->exclusive >= 0) json_kv_str(j, "exclusive", pn(d, mk->exclusive));
  else json_kv_null(j, "exclusive");
  json_key(j, "exclusive_among");
  json_open(j, '{');
  for (uint32_t g = 0; g < s->namong; g++) {
    if (mk->excl_among[g] >= 0)
      json_kv_str(j, rundata_slot_among(s)[g]->h.name->s, pn(d, mk->excl_among[g]));
    else json_kv_null(j, rundata_slot_among(s)[g]->h.name->s);
  }
  json_close(j, '}');
}

static void markets(Json *j, const RunData *d, Arena *a) {
  json_key(j, "markets");
  json_open(j, '[');
  const char **names = arena_alloc(a, (d->p->nparties + 1) * sizeof *names);
  RunMarketBuf b0 = {0}, bk = {0};
  for (uint32_t i = 0; i < d->nmarkets; i++) {
    const RunSlot *s = d->markets[i];
    json_sep(j);
    json_open(j, '{');
    json_kv_str(j, "action", s->act->h.name->s);
    if (s->act->prep) json_kv_str(j, "prep", print_prep(s->act->prep));
    else json_kv_null(j, "prep");
    json_kv_str(j, "product", s->obj->name->s);
    json_key(j, "among");
    for (uint32_t g = 0; g < s->namong; g++) names[g] = rundata_slot_among(s)[g]->h.name->s;
    json_strings(j, names, s->namong);
    json_key(j, "worlds");
    json_open(j, '[');
    RunMarket m0;
    rundata_market(d, s, 0, &m0, &b0);
    for (uint32_t k = 0; k < d->nw; k++) {
      RunMarket mk = m0;
      if (k) {
        if (rundata_slot_st(s, k) == rundata_slot_st0(s)) continue;
        rundata_market(d, s, k, &mk, &bk);
        if (rundata_market_equal(&mk, &m0, s->namong)) continue;
      }
      json_sep(j);
      json_open_flat(j, '{');
      json_kv_str(j, "world", d->worlds[k].w->id);
      report_json_market(j, d, s, &mk, names);
      json_close(j, '}');
    }
    json_close(j, ']');
    json_close(j, '}');
  }
  json_close(j, ']');
  rundata_market_buf_free(&b0);
  rundata_market_buf_free(&bk);
}

static const char *flow_kind(FlowKind k) {
  static const char *const n[] = {"invests", "pays", "owns", "shares", "supplies"};
  return n[k];
}

/* A flow's members after its "clause": what it says and its amounts. */
void report_json_flow(Json *j, const RunFlow *fl, Arena *a) {
  char buf[64];
  const Body *b = fl->b;
  json_kv_bool(j, "amended", fl->c->agr && b != fl->c->body);
  json_kv_str(j, "kind", flow_kind(b->fk));
  json_kv_str(j, "from", b->fp ? b->fp->h.name->s : NULL);
  json_kv_str(j, "to", b->fq ? b->fq->h.name->s : NULL);
  json_kv_str(j, "text", rundata_flow_text(a, b, true));
  switch (b->fk) {
    case F_INVESTS:
      json_kv_int(j, "amount_cents", b->money);
      json_kv_str(j, "amount", lit_money_str(b->money, buf));
      json_kv_int(j, "committed_cents", b->has_money2 ? b->money2 : b->money);
      json_kv_bool(j, "committed_stated", b->has_money2);
      break;
    case F_PAYS:
      json_kv_int(j, "amount_cents", b->money);
      json_kv_str(j, "amount", lit_money_str(b->money, buf));
      break;
    case F_OWNS: {
      pct_fields(j, "percent", b->pct);
      if (b->has_money2) {
        json_kv_int(j, "valued_cents", b->money2);
        json_kv_str(j, "valued", lit_money_str(b->money2, buf));
      } else {
        json_kv_null(j, "valued_cents");
        json_kv_null(j, "valued");
      }
      int64_t v;
      bool ovf;
      if (rundata_implied_valuation(b, &v, &ovf)) {
        json_kv_int(j, "implied_valuation_cents", v);
        json_kv_str(j, "implied_valuation", lit_money_str(v, buf));
      } else {
        json_kv_null(j, "implied_valuation_cents");
        if (ovf) json_kv_str(j, "implied_valuation", "overflow");
        else json_kv_null(j, "implied_valuation");
      }
      break;
    }
    case F_SHARES:
      pct_fields(j, "percent", b->pct);
      json_kv_str(j, "revenue_from", b->has_x && b->fx ? b->fx->name->s : NULL);
      break;
    case F_SUPPLIES:
      json_kv_int(j, "watts", b->watts);
      json_kv_str(j, "power", lit_watts_str(b->watts, buf));
      break;
  }
}

static void flows(Json *j, const RunData *d, ClauseIds *ids, Arena *a) {
  char buf[64];
  json_key(j, "flows");
  json_open(j, '[');
  for (uint32_t i = 0; i < d->nflows; i++) {
    const RunFlow *fl = &d->flows[i];
    json_sep(j);
    json_open_flat(j, '{');
    json_kv_int(j, "clause", clause_id(ids, fl->c));
    report_json_flow(j, fl, a);
    arena_rewind(a);  /* its text, written */
    bool same = true, same_when = true;
    for (uint32_t k = 1; k < d->nw; k++) {
      same &= fl->on[k] == fl->on[0];
      same_when &= !rundata_flow_differs(fl, k);
    }
    json_key(j, "active");
    PER_WORLD(j, d->nw, same, json_lit(j, fl->on[k] ? "true" : "false"));
    /* where it is not active for its dates: "from DATE" or "ended DATE" */
    json_key(j, "dates");
    PER_WORLD(j, d->nw, same_when, {
      const char *c = rundata_flow_cell(fl, k, buf);
      if (fl->on[k] || !strcmp(c, "-")) json_lit(j, "null");
      else json_string(j, c);
    });
    json_close(j, '}');
  }
  json_close(j, ']');
}

const char *report_json_measure(int m) {
  static const char *const n[TM_N] = {
      "pays", "paid", "invests", "invests_committed", "invested",
      "invested_committed", "stakes_valued", "supplies", "supplied"};
  return n[m];
}

static void total_value(Json *j, const RunTotal *t) {
  if (t->overflow) json_lit(j, "\"overflow\"");
  else json_int(j, t->v);
}

static void totals(Json *j, const RunData *d) {
  json_key(j, "totals");
  json_open(j, '[');
  for (uint32_t q = 0; q < d->p->nparties; q++)
    for (int m = 0; m < TM_N; m++) {
      if (!rundata_total_shown(d, q, m)) continue;
      json_sep(j);
      json_open_flat(j, '{');
      json_kv_str(j, "party", pn(d, (int32_t)q));
      json_kv_str(j, "measure", report_json_measure(m));
      json_kv_str(j, "unit", rundata_measure_is_watts(m) ? "watts" : "cents");
      const RunTotal *t0 = &d->worlds[0].totals[(size_t)q * TM_N + m];
      bool same = true;
      for (uint32_t k = 1; k < d->nw; k++) {
        const RunTotal *t = &d->worlds[k].totals[(size_t)q * TM_N + m];
        same &= t->v == t0->v && t->overflow == t0->overflow;
      }
      json_key(j, "values");
      PER_WORLD(j, d->nw, same, total_value(j, &d->worlds[k].totals[(size_t)q * TM_N + m]));
      json_close(j, '}');
    }
  json_close(j, ']');
}

/* The breach map: per world its contested keys with their sides (every
 * permitting clause collides with every forbidding one); the first world
 * whole, another only where its keys' sides differ from the first's. */
static void conflicts(Json *j, const RunData *d, ClauseIds *ids) {
  json_key(j, "conflicts");
  json_open(j, '[');
  for (uint32_t k = 0; k < d->nw; k++) {
    const RunSides *sd = &d->worlds[k].sides;
    json_sep(j);
    json_open(j, '{');
    json_kv_str(j, "world", d->worlds[k].w->id);
    json_key(j, "keys");
    json_open(j, '[');
    for (uint32_t i = 0; i < sd->n; i++) {
      const RunSide *x = &sd->v[i];
      const uint32_t *cl = sd->cl + x->at;
      json_sep(j);
      json_lit(j, "{\"key\": ");
      json_uint(j, x->row);
      json_lit(j, ", \"permits\": [");
      for (uint32_t c = 0; c < x->npos; c++) {
        if (c) json_raw(j, ", ", 2);
        json_uint(j, clause_id(ids, d->p->clauses[cl[c]]));
      }
      json_lit(j, "], \"forbids\": [");
      for (uint32_t c = 0; c < x->nneg; c++) {
        if (c) json_raw(j, ", ", 2);
        json_uint(j, clause_id(ids, d->p->clauses[cl[x->npos + c]]));
      }
      json_lit(j, "]}");
    }
    json_close(j, ']');
    json_close(j, '}');
  }
  json_close(j, ']');
}

static void checks(Json *j, const RunData *d) {
  Program *p = d->p;
  ExpectTally t = {0};
  json_key(j, "queries");
  json_open(j, '[');
  EvalScratch x = {0};
  CheckResult r = {0};
  Defer dx, dr;
  mem_defer(&dx, (void (*)(void *))eval_scratch_free, &x);
  mem_defer(&dr, (void (*)(void *))check_result_free, &r);
  for (uint32_t i = 0; i < p->nexpects; i++) {
    const Expect *e = p->expects[i];
    check_expect(d->m, &x, e, &r);
    if (e->kind == E_EXPECT) {
      if (r.error) t.errors++;
      else if (r.holds) t.passed++;
      else t.failed++;
    } else if (e->kind == E_QUERY) {
      json_sep(j);
      json_open(j, '{');
      json_kv_str(j, "check", e->text);
      if (r.error) json_kv_null(j, "holds");
      else json_kv_bool(j, "holds", r.holds);
      if (r.when) {  /* `query when`: its ANSWER too */
        StrBuf b;
        sb_init(&b);
        Defer db;
        mem_defer(&db, (void (*)(void *))sb_free, &b);
        print_periods(&b, r.when->v, r.when->n);
        json_kv_str(j, "answer", b.s);
        mem_undefer(&db, true);
      }
      json_close(j, '}');
    }
    check_result_free(&r);
  }
  mem_undefer(&dr, true);
  mem_undefer(&dx, true);
  json_close(j, ']');
  json_key(j, "expectations");
  json_open(j, '{');
  json_kv_int(j, "passed", t.passed);
  json_kv_int(j, "failed", t.failed);
  json_kv_int(j, "errors", t.errors);
  json_close(j, '}');
}

static void unlock_cb(void *f) { funlockfile(f); }

/* The stream is locked once for the whole report: single characters go
 * out with putc_unlocked (fputc took the lock for each of them, half the
 * time of a large report). */
void report_json(FILE *f, const RunData *d, const ReportOpts *o) {
  Arena a;
  arena_init(&a);
  Defer da, dl;
  mem_defer(&da, arena_free_cb, &a);
  flockfile(f);
  mem_defer(&dl, unlock_cb, f);
  Json j;
  json_init(&j, f);
  char buf[64];
  json_open(&j, '{');
  json_kv_int(&j, "version", REPORT_JSON_VERSION);
  json_key(&j, "scenario");
  json_open(&j, '{');
  json_kv_str(&j, "file", o->file);
  json_kv_str(&j, "title", d->p->has_scenario ? d->p->title : NULL);
  if (d->nw && d->worlds[0].w->date)
    json_kv_str(&j, "date", lit_date_str(d->worlds[0].w->date, buf));
  else json_kv_null(&j, "date");
  json_close(&j, '}');
  report_json_filter(&j, d);
  worlds(&j, d);
  ClauseIds ids = {0};
  Defer di;
  mem_defer(&di, clause_ids_free, &ids);
  ids.id = mem_calloc((size_t)d->p->nclauses + 1, sizeof *ids.id);
  permissions(&j, d, o, &ids);
  markets(&j, d, &a);
  /* from here on, a's texts are written as soon as made */
  flows(&j, d, &ids, &a);
  totals(&j, d);
  conflicts(&j, d, &ids);
  checks(&j, d);
  clauses(&j, d, &ids, &a);
  mem_undefer(&di, true);
  json_close(&j, '}');
  putc_unlocked('\n', f);
  mem_undefer(&dl, true);
  mem_undefer(&da, true);
}
