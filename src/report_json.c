/* report_json: the `deal run` report as JSON (schema: docs/json.md).
 * Arrays keep the report's order (slots by action then object, parties
 * by declaration, flows by clause), so equal inputs give equal bytes. */
#include <string.h>

#include "json.h"
#include "literal.h"
#include "print.h"
#include "report.h"
#include "when.h"

/* The writer (json.h), by the short names this file uses. */
typedef JsonW J;
#define jstr json_str
#define jsep json_sep
#define jopen json_open
#define jopen_flat json_open_flat
#define jclose json_close
#define jkey json_key
#define jkv_str json_kv_str
#define jkv_int json_kv_int
#define jkv_bool json_kv_bool
#define jkv_null json_kv_null
#define jinline_strs json_inline_strs

static const char *pn(const RunData *d, int32_t q) {
  return d->p->parties[q]->h.name->s;
}

static void pct_fields(J *j, const char *k, int64_t units) {
  char buf[64], key[64];
  if (units < 0) {
    jkv_null(j, k);
    snprintf(key, sizeof key, "%s_units", k);
    jkv_null(j, key);
    return;
  }
  jkv_str(j, k, lit_pct_str((int32_t)units, buf));
  snprintf(key, sizeof key, "%s_units", k);
  jkv_int(j, key, units);
}

static void key_fields(J *j, const RunData *d, const RunRow *r) {
  if (r->party >= 0) jkv_str(j, "party", pn(d, r->party));
  else jkv_null(j, "party");
  jkv_int(j, "other_parties", r->party >= 0 ? 0 : r->nrest);
  jkv_str(j, "action", r->s->act->h.name->s);
  if (r->s->act->prep) jkv_str(j, "prep", print_prep(r->s->act->prep));
  else jkv_null(j, "prep");
  jkv_str(j, "object", r->s->obj->name->s);
}

static void worlds(J *j, const RunData *d) {
  char buf[64];
  jkey(j, "worlds");
  jopen(j, '[');
  for (uint32_t k = 0; k < d->nw; k++) {
    const RunWorld *rw = &d->worlds[k];
    jsep(j);
    jopen(j, '{');
    jkv_str(j, "id", rw->w->id);
    jkv_str(j, "name", rw->w->name);
    jkey(j, "outcomes");
    jopen(j, '[');
    for (uint32_t i = 0; i < rw->w->nchosen; i++) {
      const Outcome *o = rw->w->chosen[i];
      jsep(j);
      jopen_flat(j, '{');
      jkv_str(j, "dispute", o->disp->h.name->s);
      jkv_str(j, "outcome", o->h.name->s);
      jkv_str(j, "title", o->title);
      pct_fields(j, "probability", o->has_prob ? o->prob : -1);
      jclose(j, '}');
    }
    jclose(j, ']');
    pct_fields(j, "probability", rw->prob);
    if (rw->w->date) jkv_str(j, "date", lit_date_str(rw->w->date, buf));
    else jkv_null(j, "date");
    jclose(j, '}');
  }
  jclose(j, ']');
}

static void sb_jstr(StrBuf *b, const char *s) {
  sb_put(b, "\"", 1);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
      case '"': sb_put(b, "\\\"", 2); break;
      case '\\': sb_put(b, "\\\\", 2); break;
      case '\n': sb_put(b, "\\n", 2); break;
      case '\t': sb_put(b, "\\t", 2); break;
      case '\r': sb_put(b, "\\r", 2); break;
      default:
        if (*p < 0x20) sb_printf(b, "\\u%04x", *p);
        else sb_put(b, (const char *)p, 1);
    }
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

static void permissions(J *j, const RunData *d, const ReportOpts *o) {
  jkey(j, "permissions");
  jopen(j, '{');
  jkv_str(j, "rows", o->all ? "all" : "differ");
  jkey(j, "expected");
  jopen(j, '{');
  jkv_bool(j, "available", d->has_expected);
  jkv_int(j, "combinations", (int64_t)d->ncombos);
  jkv_str(j, "note", d->expected_note[0] ? d->expected_note : NULL);
  jclose(j, '}');
  jkey(j, "keys");
  jopen(j, '[');
  StrBuf dec0, deck, name;
  sb_init(&dec0);
  sb_init(&deck);
  sb_init(&name);
  for (uint32_t i = 0; i < d->nrows; i++) {
    const RunRow *r = &d->rows[i];
    jsep(j);
    jopen_flat(j, '{');
    key_fields(j, d, r);
    jkey(j, "status");
    fputc('[', j->f);
    for (uint32_t k = 0; k < d->nw; k++)
      fprintf(j->f, "%s\"%s\"", k ? ", " : "",
              eval_status_name(rundata_status(d, r, k)));
    fputc(']', j->f);
    jkey(j, "covered");
    fputc('[', j->f);
    for (uint32_t k = 0; k < d->nw; k++)
      fprintf(j->f, "%s%s", k ? ", " : "",
              rundata_row_covered(d, r, k) ? "true" : "false");
    fputc(']', j->f);
    pct_fields(j, "expected", d->has_expected ? r->expected : -1);
    jkey(j, "deciding");
    jopen(j, '[');
    /* a world that reads the slot as the first has its deciders too */
    for (uint32_t k = 0; k < d->nw; k++) {
      jsep(j);
      if (k && rundata_slot_same(d, r->s, k)) {
        fwrite(dec0.s, 1, dec0.n, j->f);
        continue;
      }
      StrBuf *b = k ? &deck : &dec0;
      deciding(b, d, r, k, &name);
      fwrite(b->s, 1, b->n, j->f);
    }
    jclose(j, ']');
    jclose(j, '}');
  }
  jclose(j, ']');
  jclose(j, '}');
  sb_free(&dec0);
  sb_free(&deck);
  sb_free(&name);
}

static void markets(J *j, const RunData *d, Arena *a) {
  jkey(j, "markets");
  jopen(j, '[');
  const char **names = arena_alloc(a, (d->p->nparties + 1) * sizeof *names);
  RunMarketBuf b0 = {0}, bk = {0};
  for (uint32_t i = 0; i < d->nmarkets; i++) {
    const RunSlot *s = d->markets[i];
    jsep(j);
    jopen(j, '{');
    jkv_str(j, "action", s->act->h.name->s);
    if (s->act->prep) jkv_str(j, "prep", print_prep(s->act->prep));
    else jkv_null(j, "prep");
    jkv_str(j, "product", s->obj->name->s);
    jkey(j, "among");
    for (uint32_t g = 0; g < s->namong; g++) names[g] = rundata_slot_among(s)[g]->h.name->s;
    jinline_strs(j->f, names, s->namong);
    jkey(j, "worlds");
    jopen(j, '[');
    RunMarket m0;
    rundata_market(d, s, 0, &m0, &b0);
    for (uint32_t k = 0; k < d->nw; k++) {
      RunMarket mk = m0;
      if (k) rundata_market(d, s, k, &mk, &bk);
      jsep(j);
      jopen_flat(j, '{');
      jkv_str(j, "world", d->worlds[k].w->id);
      for (uint32_t q = 0; q < mk.npermitted; q++) names[q] = pn(d, mk.permitted[q]);
      jkey(j, "permitted");
      jinline_strs(j->f, names, mk.npermitted);
      jkv_bool(j, "others_permitted", mk.rest_permitted);
      jkv_int(j, "others", mk.nrest);
      for (uint32_t q = 0; q < mk.ncontested; q++) names[q] = pn(d, mk.contested[q]);
      jkey(j, "contested");
      jinline_strs(j->f, names, mk.ncontested);
      if (mk.exclusive >= 0) jkv_str(j, "exclusive", pn(d, mk.exclusive));
      else jkv_null(j, "exclusive");
      jkey(j, "exclusive_among");
      jopen(j, '{');
      for (uint32_t g = 0; g < s->namong; g++) {
        if (mk.excl_among[g] >= 0)
          jkv_str(j, rundata_slot_among(s)[g]->h.name->s, pn(d, mk.excl_among[g]));
        else jkv_null(j, rundata_slot_among(s)[g]->h.name->s);
      }
      jclose(j, '}');
      jkv_bool(j, "changed", k && !rundata_market_equal(&mk, &m0, s->namong));
      jclose(j, '}');
    }
    jclose(j, ']');
    jclose(j, '}');
  }
  jclose(j, ']');
  rundata_market_buf_free(&b0);
  rundata_market_buf_free(&bk);
}

static const char *flow_kind(FlowKind k) {
  static const char *n[] = {"invests", "pays", "owns", "shares", "supplies"};
  return n[k];
}

static void flows(J *j, const RunData *d, Arena *a) {
  char buf[64];
  jkey(j, "flows");
  jopen(j, '[');
  for (uint32_t i = 0; i < d->nflows; i++) {
    const RunFlow *fl = &d->flows[i];
    const Body *b = fl->b;
    jsep(j);
    jopen_flat(j, '{');
    jkv_str(j, "clause", rundata_clause_name(a, fl->c));
    jkv_bool(j, "amended", fl->c->agr && b != fl->c->body);
    jkv_str(j, "kind", flow_kind(b->fk));
    jkv_str(j, "from", b->fp ? b->fp->h.name->s : NULL);
    jkv_str(j, "to", b->fq ? b->fq->h.name->s : NULL);
    jkv_str(j, "text", rundata_flow_text(a, b, true));
    switch (b->fk) {
      case F_INVESTS:
        jkv_int(j, "amount_cents", b->money);
        jkv_str(j, "amount", lit_money_str(b->money, buf));
        jkv_int(j, "committed_cents", b->has_money2 ? b->money2 : b->money);
        jkv_bool(j, "committed_stated", b->has_money2);
        break;
      case F_PAYS:
        jkv_int(j, "amount_cents", b->money);
        jkv_str(j, "amount", lit_money_str(b->money, buf));
        break;
      case F_OWNS: {
        pct_fields(j, "percent", b->pct);
        if (b->has_money2) {
          jkv_int(j, "valued_cents", b->money2);
          jkv_str(j, "valued", lit_money_str(b->money2, buf));
        } else {
          jkv_null(j, "valued_cents");
          jkv_null(j, "valued");
        }
        int64_t v;
        bool ovf;
        if (rundata_implied_valuation(b, &v, &ovf)) {
          jkv_int(j, "implied_valuation_cents", v);
          jkv_str(j, "implied_valuation", lit_money_str(v, buf));
        } else {
          jkv_null(j, "implied_valuation_cents");
          if (ovf) jkv_str(j, "implied_valuation", "overflow");
          else jkv_null(j, "implied_valuation");
        }
        break;
      }
      case F_SHARES:
        pct_fields(j, "percent", b->pct);
        jkv_str(j, "revenue_from", b->has_x && b->fx ? b->fx->name->s : NULL);
        break;
      case F_SUPPLIES:
        jkv_int(j, "watts", b->watts);
        jkv_str(j, "power", lit_watts_str(b->watts, buf));
        break;
    }
    jkey(j, "active");
    fputc('[', j->f);
    for (uint32_t k = 0; k < d->nw; k++)
      fprintf(j->f, "%s%s", k ? ", " : "", fl->on[k] ? "true" : "false");
    fputc(']', j->f);
    jclose(j, '}');
  }
  jclose(j, ']');
}

static const char *measure_key(int m) {
  static const char *n[TM_N] = {
      "pays", "paid", "invests", "invests_committed", "invested",
      "invested_committed", "stakes_valued", "supplies", "supplied"};
  return n[m];
}

static void totals(J *j, const RunData *d) {
  jkey(j, "totals");
  jopen(j, '[');
  for (uint32_t q = 0; q < d->p->nparties; q++)
    for (int m = 0; m < TM_N; m++) {
      if (!rundata_total_shown(d, q, m)) continue;
      jsep(j);
      jopen_flat(j, '{');
      jkv_str(j, "party", pn(d, (int32_t)q));
      jkv_str(j, "measure", measure_key(m));
      jkv_str(j, "unit", rundata_measure_is_watts(m) ? "watts" : "cents");
      jkey(j, "values");
      fputc('[', j->f);
      for (uint32_t k = 0; k < d->nw; k++) {
        const RunTotal *t = &d->worlds[k].totals[(size_t)q * TM_N + m];
        if (k) fputs(", ", j->f);
        if (t->overflow) fputs("\"overflow\"", j->f);
        else fprintf(j->f, "%lld", (long long)t->v);
      }
      fputc(']', j->f);
      jclose(j, '}');
    }
  jclose(j, ']');
}

static void conflicts(J *j, const RunData *d) {
  jkey(j, "conflicts");
  jopen(j, '[');
  RunPairs buf = {0};
  StrBuf nm;
  sb_init(&nm);
  Defer db, dn;
  mem_defer(&db, (void (*)(void *))rundata_pairs_free, &buf);
  mem_defer(&dn, (void (*)(void *))sb_free, &nm);
  for (uint32_t k = 0; k < d->nw; k++) {
    const RunPairs *g = rundata_pairs(d, k, &buf);
    jsep(j);
    jopen(j, '{');
    jkv_str(j, "world", d->worlds[k].w->id);
    jkey(j, "pairs");
    jopen(j, '[');
    for (uint32_t i = 0; i < g->npairs; i++) {
      const RunPair *pr = &g->pairs[i];
      jsep(j);
      jopen_flat(j, '{');
      nm.n = 0;
      print_clause_name(&nm, d->p->clauses[pr->pos]);
      jkv_str(j, "permits", nm.s);
      nm.n = 0;
      print_clause_name(&nm, d->p->clauses[pr->neg]);
      jkv_str(j, "forbids", nm.s);
      jkey(j, "keys");
      jopen(j, '[');
      for (uint32_t q = 0; q < pr->n; q++) {
        jsep(j);
        fputc('{', j->f);
        const RunRow *r = &d->rows[g->rows[pr->first + q]];
        fputs("\"party\": ", j->f);
        jstr(j->f, pn(d, r->party));
        fputs(", \"action\": ", j->f);
        jstr(j->f, r->s->act->h.name->s);
        fputs(", \"object\": ", j->f);
        jstr(j->f, r->s->obj->name->s);
        fputc('}', j->f);
      }
      jclose(j, ']');
      jclose(j, '}');
    }
    jclose(j, ']');
    jclose(j, '}');
    rundata_pairs_free(&buf);
  }
  jclose(j, ']');
  mem_undefer(&dn, true);
  mem_undefer(&db, true);
}

static void checks(J *j, const RunData *d) {
  Program *p = d->p;
  ExpectTally t = {0};
  jkey(j, "queries");
  jopen(j, '[');
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
      jsep(j);
      jopen(j, '{');
      jkv_str(j, "check", e->text);
      if (r.error) jkv_null(j, "holds");
      else jkv_bool(j, "holds", r.holds);
      if (r.when) {  /* `query when`: its ANSWER too */
        StrBuf b;
        sb_init(&b);
        Defer db;
        mem_defer(&db, (void (*)(void *))sb_free, &b);
        print_periods(&b, r.when->v, r.when->n);
        jkv_str(j, "answer", b.s);
        mem_undefer(&db, true);
      }
      jclose(j, '}');
    }
    check_result_free(&r);
  }
  mem_undefer(&dr, true);
  mem_undefer(&dx, true);
  jclose(j, ']');
  jkey(j, "expectations");
  jopen(j, '{');
  jkv_int(j, "passed", t.passed);
  jkv_int(j, "failed", t.failed);
  jkv_int(j, "errors", t.errors);
  jclose(j, '}');
}

void report_json(FILE *f, const RunData *d, const ReportOpts *o) {
  Arena a;
  arena_init(&a);
  Defer da;
  mem_defer(&da, arena_free_cb, &a);
  J j = {f, NULL, 0, {true}};
  char buf[64];
  jopen(&j, '{');
  jkv_int(&j, "version", REPORT_JSON_VERSION);
  jkey(&j, "scenario");
  jopen(&j, '{');
  jkv_str(&j, "file", o->file);
  jkv_str(&j, "title", d->p->has_scenario ? d->p->title : NULL);
  if (d->nw && d->worlds[0].w->date)
    jkv_str(&j, "date", lit_date_str(d->worlds[0].w->date, buf));
  else jkv_null(&j, "date");
  jclose(&j, '}');
  worlds(&j, d);
  permissions(&j, d, o);
  markets(&j, d, &a);
  flows(&j, d, &a);
  totals(&j, d);
  conflicts(&j, d);
  checks(&j, d);
  jclose(&j, '}');
  fputc('\n', f);
  mem_undefer(&da, true);
}
