/* report_json: the `deal run` report as JSON (schema: docs/json.md).
 * Arrays keep the report's order (slots by action then object, parties
 * by declaration, flows by clause), so equal inputs give equal bytes. */
#include <string.h>

#include "json.h"
#include "literal.h"
#include "print.h"
#include "report.h"

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

void report_json_key(Json *j, const RunData *d, const RunRow *r) {
  if (r->party >= 0) json_kv_str(j, "party", pn(d, r->party));
  else json_kv_null(j, "party");
  json_kv_int(j, "other_parties", r->party >= 0 ? 0 : r->nrest);
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

static void sb_jstr(StrBuf *b, const char *s) {
  char buf[8];
  sb_put(b, "\"", 1);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    const char *e = json_escape(*p, buf);
    if (e) sb_puts(b, e);
    else sb_put(b, (const char *)p, 1);
  }
  sb_put(b, "\"", 1);
}

/* The clauses deciding a key in a world (its undefeated norms), or the
 * default as ["default: owned by X"] / ["default: unowned"]. */
static void deciding(StrBuf *out, const RunData *d, const RunRow *r,
                     uint32_t k, StrBuf *name) {
  KeyResult kr = {0};
  Defer df;
  mem_defer(&df, (void (*)(void *))eval_key_free, &kr);
  eval_key(d->worlds[k].w, d->scratch, r->party, r->s->act, r->s->obj, &kr);
  out->n = 0;
  sb_put(out, "[", 1);
  if (kr.by_default) {
    char buf[300];
    if (kr.owner) snprintf(buf, sizeof buf, "default: owned by %s", kr.owner->h.name->s);
    else snprintf(buf, sizeof buf, "default: unowned");
    sb_jstr(out, buf);
  } else {
    bool first = true;
    for (uint32_t i = 0; i < kr.n; i++) {
      if (kr.hits[i].defeated) continue;
      if (!first) sb_put(out, ", ", 2);
      name->n = 0;
      sb_put(name, "", 0);
      print_clause_name(name, kr.hits[i].c);
      sb_jstr(out, name->s);
      first = false;
    }
  }
  sb_put(out, "]", 1);
  mem_undefer(&df, true);
}

static void permissions(Json *j, const RunData *d, const ReportOpts *o) {
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
  StrBuf dec0, deck, name;
  sb_init(&dec0);
  sb_init(&deck);
  sb_init(&name);
  for (uint32_t i = 0; i < d->nrows; i++) {
    const RunRow *r = &d->rows[i];
    json_sep(j);
    json_open_flat(j, '{');
    report_json_key(j, d, r);
    json_key(j, "status");
    fputc('[', j->f);
    for (uint32_t k = 0; k < d->nw; k++)
      fprintf(j->f, "%s\"%s\"", k ? ", " : "",
              eval_status_name(rundata_status(d, r, k)));
    fputc(']', j->f);
    json_key(j, "covered");
    fputc('[', j->f);
    for (uint32_t k = 0; k < d->nw; k++)
      fprintf(j->f, "%s%s", k ? ", " : "",
              rundata_row_covered(d, r, k) ? "true" : "false");
    fputc(']', j->f);
    pct_fields(j, "expected", d->has_expected ? r->expected : -1);
    json_key(j, "deciding");
    json_open(j, '[');
    /* a world that reads the slot as the first has its deciders too */
    for (uint32_t k = 0; k < d->nw; k++) {
      json_sep(j);
      if (k && rundata_slot_same(d, r->s, k)) {
        fwrite(dec0.s, 1, dec0.n, j->f);
        continue;
      }
      StrBuf *b = k ? &deck : &dec0;
      deciding(b, d, r, k, &name);
      fwrite(b->s, 1, b->n, j->f);
    }
    json_close(j, ']');
    json_close(j, '}');
  }
  json_close(j, ']');
  json_close(j, '}');
  sb_free(&dec0);
  sb_free(&deck);
  sb_free(&name);
}

void report_json_market(Json *j, const RunData *d, const RunSlot *s,
                        const RunMarket *mk, const char **names) {
  for (uint32_t q = 0; q < mk->npermitted; q++) names[q] = pn(d, mk->permitted[q]);
  json_key(j, "permitted");
  json_strs(j->f, names, mk->npermitted);
  json_kv_bool(j, "others_permitted", mk->rest_permitted);
  json_kv_int(j, "others", mk->nrest);
  for (uint32_t q = 0; q < mk->ncontested; q++) names[q] = pn(d, mk->contested[q]);
  json_key(j, "contested");
  json_strs(j->f, names, mk->ncontested);
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
    json_strs(j->f, names, s->namong);
    json_key(j, "worlds");
    json_open(j, '[');
    RunMarket m0;
    rundata_market(d, s, 0, &m0, &b0);
    for (uint32_t k = 0; k < d->nw; k++) {
      RunMarket mk = m0;
      if (k) rundata_market(d, s, k, &mk, &bk);
      json_sep(j);
      json_open_flat(j, '{');
      json_kv_str(j, "world", d->worlds[k].w->id);
      report_json_market(j, d, s, &mk, names);
      json_kv_bool(j, "changed", k && !rundata_market_equal(&mk, &m0, s->namong));
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
  static const char *n[] = {"invests", "pays", "owns", "shares", "supplies"};
  return n[k];
}

void report_json_flow(Json *j, const RunFlow *fl, Arena *a) {
  char buf[64];
  const Body *b = fl->b;
  json_kv_str(j, "clause", rundata_clause_name(a, fl->c));
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

static void flows(Json *j, const RunData *d, Arena *a) {
  json_key(j, "flows");
  json_open(j, '[');
  for (uint32_t i = 0; i < d->nflows; i++) {
    const RunFlow *fl = &d->flows[i];
    json_sep(j);
    json_open_flat(j, '{');
    report_json_flow(j, fl, a);
    json_key(j, "active");
    fputc('[', j->f);
    for (uint32_t k = 0; k < d->nw; k++)
      fprintf(j->f, "%s%s", k ? ", " : "", fl->on[k] ? "true" : "false");
    fputc(']', j->f);
    json_close(j, '}');
  }
  json_close(j, ']');
}

const char *report_json_measure(int m) {
  static const char *n[TM_N] = {
      "pays", "paid", "invests", "invests_committed", "invested",
      "invested_committed", "stakes_valued", "supplies", "supplied"};
  return n[m];
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
      json_key(j, "values");
      fputc('[', j->f);
      for (uint32_t k = 0; k < d->nw; k++) {
        const RunTotal *t = &d->worlds[k].totals[(size_t)q * TM_N + m];
        if (k) fputs(", ", j->f);
        if (t->overflow) fputs("\"overflow\"", j->f);
        else fprintf(j->f, "%lld", (long long)t->v);
      }
      fputc(']', j->f);
      json_close(j, '}');
    }
  json_close(j, ']');
}

static void conflicts(Json *j, const RunData *d) {
  json_key(j, "conflicts");
  json_open(j, '[');
  RunPairs buf = {0};
  StrBuf nm;
  sb_init(&nm);
  Defer db, dn;
  mem_defer(&db, (void (*)(void *))rundata_pairs_free, &buf);
  mem_defer(&dn, (void (*)(void *))sb_free, &nm);
  for (uint32_t k = 0; k < d->nw; k++) {
    const RunPairs *g = rundata_pairs(d, k, &buf);
    json_sep(j);
    json_open(j, '{');
    json_kv_str(j, "world", d->worlds[k].w->id);
    json_key(j, "pairs");
    json_open(j, '[');
    for (uint32_t i = 0; i < g->npairs; i++) {
      const RunPair *pr = &g->pairs[i];
      json_sep(j);
      json_open_flat(j, '{');
      nm.n = 0;
      print_clause_name(&nm, d->p->clauses[pr->pos]);
      json_kv_str(j, "permits", nm.s);
      nm.n = 0;
      print_clause_name(&nm, d->p->clauses[pr->neg]);
      json_kv_str(j, "forbids", nm.s);
      json_key(j, "keys");
      json_open(j, '[');
      for (uint32_t q = 0; q < pr->n; q++) {
        json_sep(j);
        fputc('{', j->f);
        const RunRow *r = &d->rows[g->rows[pr->first + q]];
        fputs("\"party\": ", j->f);
        json_str(j->f, pn(d, r->party));
        fputs(", \"action\": ", j->f);
        json_str(j->f, r->s->act->h.name->s);
        fputs(", \"object\": ", j->f);
        json_str(j->f, r->s->obj->name->s);
        fputc('}', j->f);
      }
      json_close(j, ']');
      json_close(j, '}');
    }
    json_close(j, ']');
    json_close(j, '}');
    rundata_pairs_free(&buf);
  }
  json_close(j, ']');
  mem_undefer(&dn, true);
  mem_undefer(&db, true);
}

static void checks(Json *j, const RunData *d) {
  Program *p = d->p;
  ExpectTally t = {0};
  json_key(j, "queries");
  json_open(j, '[');
  Checked c = {0};
  Defer dc;
  mem_defer(&dc, check_checked_free, &c);
  CheckResult *r = &c.r;
  for (uint32_t i = 0; i < p->nexpects; i++) {
    const Expect *e = p->expects[i];
    check_expect(d->m, &c.x, e, r);
    if (e->kind == E_EXPECT) {
      if (r->error) t.errors++;
      else if (r->holds) t.passed++;
      else t.failed++;
    } else if (e->kind == E_QUERY) {
      json_sep(j);
      json_open(j, '{');
      json_kv_str(j, "check", e->text);
      if (r->error) json_kv_null(j, "holds");
      else json_kv_bool(j, "holds", r->holds);
      json_close(j, '}');
    }
    check_result_free(r);
  }
  mem_undefer(&dc, true);
  json_close(j, ']');
  json_key(j, "expectations");
  json_open(j, '{');
  json_kv_int(j, "passed", t.passed);
  json_kv_int(j, "failed", t.failed);
  json_kv_int(j, "errors", t.errors);
  json_close(j, '}');
}

void report_json(FILE *f, const RunData *d, const ReportOpts *o) {
  Arena a;
  arena_init(&a);
  Defer da;
  mem_defer(&da, arena_free_cb, &a);
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
  worlds(&j, d);
  permissions(&j, d, o);
  markets(&j, d, &a);
  flows(&j, d, &a);
  totals(&j, d);
  conflicts(&j, d);
  checks(&j, d);
  json_close(&j, '}');
  fputc('\n', f);
  mem_undefer(&da, true);
}
