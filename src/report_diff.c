/* report_diff: `deal diff FILE A B` — every key, market, flow and total
 * that differs between two worlds, with the clauses responsible. */
#include <string.h>

#include "literal.h"
#include "print.h"
#include "report.h"

static bool decides(const KeyResult *kr, const Clause *c) {
  for (uint32_t i = 0; i < kr->n; i++)
    if (kr->hits[i].c == c && !kr->hits[i].defeated) return true;
  return false;
}

/* What became of clause c in world w for this key, when it does not
 * decide there. */
static void fate(StrBuf *b, World *w, const KeyResult *kr, const Clause *c,
                 bool name) {
  if (name) print_clause_name(b, c);
  else sb_puts(b, "it");
  for (uint32_t i = 0; i < kr->n; i++) {
    const Hit *h = &kr->hits[i];
    if (h->c != c || !h->defeated) continue;
    sb_puts(b, " is defeated by ");
    if (h->by >= 0) print_clause_name(b, kr->hits[h->by].c);
    sb_puts(b, h->why == 0 ? " (higher tier)" : " (overrides)");
    return;
  }
  const Effect *e = eval_effect(w, c);
  if (e && e->voided) sb_puts(b, " is void");
  else if (e && e->construe)
    sb_printf(b, " is construed as covering %s", e->construe->name->s);
  else if (e && e->amend) sb_puts(b, " is amended");
  else if (c->out) {
    bool chosen = false;
    for (uint32_t i = 0; i < w->nchosen; i++) chosen |= w->chosen[i] == c->out;
    sb_puts(b, chosen ? " is not in force" : " is not part of this world");
  } else if (!eval_clause_active(w, c, eval_body(w, c)))
    sb_puts(b, " is not in force");
  else sb_puts(b, " no longer applies");
}

/* A deciding clause with what the world does to it. */
static void decider(StrBuf *b, World *w, const Clause *c) {
  print_clause_name(b, c);
  const Effect *e = eval_effect(w, c);
  if (e && e->upheld) sb_puts(b, " (upheld)");
  if (e && e->amend) sb_puts(b, " (as amended)");
  if (e && e->construe)
    sb_printf(b, " (construed as covering %s)", e->construe->name->s);
}

/* Why a key reads differently in world 1 than in world 0. */
static void key_reason(StrBuf *b, const RunData *d, const RunRow *r) {
  World *w0 = d->worlds[0].w, *w1 = d->worlds[1].w;
  KeyResult k0 = {0}, k1 = {0};
  eval_key(w0, r->party, r->s->act, r->s->obj, &k0);
  eval_key(w1, r->party, r->s->act, r->s->obj, &k1);
  size_t start = b->n;
  for (uint32_t i = 0; i < k1.n; i++) {
    const Clause *c = k1.hits[i].c;
    if (k1.hits[i].defeated || decides(&k0, c)) continue;
    bool dup = false;
    for (uint32_t j = 0; j < i; j++) dup |= k1.hits[j].c == c && !k1.hits[j].defeated;
    if (dup) continue;
    sb_puts(b, b->n > start ? "; " : "");
    decider(b, w1, c);
    sb_puts(b, " decides");
    bool hit0 = false;
    for (uint32_t j = 0; j < k0.n; j++) hit0 |= k0.hits[j].c == c;
    if (!c->out && (!hit0 || eval_effect(w0, c))) {
      sb_printf(b, " (in %s ", w0->name);
      fate(b, w0, &k0, c, false);
      sb_puts(b, ")");
    }
  }
  for (uint32_t i = 0; i < k0.n; i++) {
    const Clause *c = k0.hits[i].c;
    if (k0.hits[i].defeated || decides(&k1, c)) continue;
    bool dup = false;
    for (uint32_t j = 0; j < i; j++) dup |= k0.hits[j].c == c && !k0.hits[j].defeated;
    if (dup) continue;
    sb_puts(b, b->n > start ? "; " : "");
    fate(b, w1, &k1, c, true);
  }
  if (b->n == start) {
    /* the same clauses decide, differently (a tier or a chain changed) */
    for (uint32_t i = 0; i < k1.n; i++) {
      if (k1.hits[i].defeated) continue;
      sb_puts(b, b->n > start ? "; " : "");
      decider(b, w1, k1.hits[i].c);
      sb_puts(b, " decides");
    }
    if (k1.by_default)
      sb_printf(b, "%sno clause applies: the default (%s)",
                b->n > start ? "; " : "",
                k1.owner ? "only the owner may" : "unowned: permitted");
  } else if (k1.by_default) {
    sb_printf(b, "; no clause applies, so the default holds (%s)",
              k1.owner ? "only the owner may" : "unowned: permitted");
  }
  eval_key_free(&k0);
  eval_key_free(&k1);
}

/* Why a flow is active in one world and not the other. */
static void flow_reason(StrBuf *b, World *w, const Clause *c) {
  const Effect *e = eval_effect(w, c);
  print_clause_name(b, c);
  if (e && e->voided) sb_printf(b, " is void in %s", w->name);
  else if (e && e->amend) sb_printf(b, " is amended in %s", w->name);
  else if (c->out) {
    bool chosen = false;
    for (uint32_t i = 0; i < w->nchosen; i++) chosen |= w->chosen[i] == c->out;
    sb_printf(b, chosen ? " is not in force in %s" : " is not part of %s", w->name);
  } else sb_printf(b, " is not in force in %s", w->name);
}

uint32_t report_diff(FILE *f, const RunData *d, const ReportOpts *o) {
  Arena a;
  arena_init(&a);
  MemGuard g;
  if (!MEM_TRY(&g)) {
    arena_free(&a);
    mem_throw();
  }
  const char *n0 = d->worlds[0].w->name, *n1 = d->worlds[1].w->name;
  char buf[512], b2[64], b3[64];
  uint32_t total = 0;
  StrBuf s;
  sb_init(&s);
  fprintf(f, "%s -> %s", n0, n1);
  if (d->worlds[0].w->date) fprintf(f, " (as of %s)", lit_date_str(d->worlds[0].w->date, b2));
  fputs("\n", f);

  uint32_t n = 0;
  for (uint32_t i = 0; i < d->nrows; i++)
    n += rundata_status(d, &d->rows[i], 0) != rundata_status(d, &d->rows[i], 1);
  fprintf(f, "\nPermissions (%u differ)\n", n);
  total += n;
  for (uint32_t i = 0; i < d->nrows; i++) {
    const RunRow *r = &d->rows[i];
    Status s0 = rundata_status(d, r, 0), s1 = rundata_status(d, r, 1);
    if (s0 == s1) continue;
    rundata_key_text(d, r, buf, sizeof buf);
    fprintf(f, "  %s: %s%s -> %s%s\n", buf, eval_status_name(s0),
            o->color ? "\033[1m" : "", eval_status_name(s1),
            o->color ? "\033[0m" : "");
    s.n = 0;
    sb_put(&s, "", 0);
    key_reason(&s, d, r);
    fprintf(f, "    because %s\n", s.s);
  }

  n = 0;
  for (uint32_t i = 0; i < d->nmarkets; i++) {
    RunMarket m0, m1;
    rundata_market(d, d->markets[i], 0, &m0, &a);
    rundata_market(d, d->markets[i], 1, &m1, &a);
    n += !rundata_market_equal(&m0, &m1, d->markets[i]->namong);
  }
  fprintf(f, "\nMarkets (%u differ)\n", n);
  total += n;
  for (uint32_t i = 0; i < d->nmarkets; i++) {
    const RunSlot *sl = d->markets[i];
    RunMarket m0, m1;
    rundata_market(d, sl, 0, &m0, &a);
    rundata_market(d, sl, 1, &m1, &a);
    if (rundata_market_equal(&m0, &m1, sl->namong)) continue;
    rundata_slot_text(sl, buf, sizeof buf);
    fprintf(f, "  %s\n", buf);
    StrBuf x, y;
    sb_init(&x);
    sb_init(&y);
    report_permitted_text(&x, d, sl, &m0, 0);
    report_permitted_text(&y, d, sl, &m1, 0);
    if (strcmp(x.s, y.s)) fprintf(f, "    permitted: %s -> %s\n", x.s, y.s);
    x.n = y.n = 0;
    report_exclusive_text(&x, d, sl, &m0);
    report_exclusive_text(&y, d, sl, &m1);
    if (strcmp(x.s, y.s)) fprintf(f, "    exclusive: %s -> %s\n", x.s, y.s);
    if (m0.ncontested != m1.ncontested ||
        memcmp(m0.contested, m1.contested, m0.ncontested * sizeof(int32_t))) {
      x.n = y.n = 0;
      sb_put(&x, "", 0);
      sb_put(&y, "", 0);
      for (uint32_t c = 0; c < m0.ncontested; c++)
        sb_printf(&x, "%s%s", c ? ", " : "", d->p->parties[m0.contested[c]]->h.name->s);
      for (uint32_t c = 0; c < m1.ncontested; c++)
        sb_printf(&y, "%s%s", c ? ", " : "", d->p->parties[m1.contested[c]]->h.name->s);
      fprintf(f, "    contested: %s -> %s\n", x.n ? x.s : "nobody", y.n ? y.s : "nobody");
    }
    sb_free(&x);
    sb_free(&y);
    /* the parties whose key changed, each with its reason */
    for (int32_t j = -1; j < (int32_t)sl->np; j++) {
      Status s0 = rundata_slot_status(sl, j, 0), s1 = rundata_slot_status(sl, j, 1);
      if (s0 == s1 || (j < 0 && !rundata_slot_nrest(d, sl))) continue;
      RunRow r = {(RunSlot *)sl, j, j >= 0 ? rundata_slot_parties(sl)[j] : -1,
                  rundata_slot_nrest(d, sl), -1};
      rundata_key_text(d, &r, buf, sizeof buf);
      s.n = 0;
      sb_put(&s, "", 0);
      key_reason(&s, d, &r);
      fprintf(f, "    %s: %s -> %s, because %s\n", buf, eval_status_name(s0),
              eval_status_name(s1), s.s);
    }
  }

  n = 0;
  for (uint32_t i = 0; i < d->nflows; i++) n += d->flows[i].on[0] != d->flows[i].on[1];
  fprintf(f, "\nFlows (%u differ)\n", n);
  total += n;
  for (uint32_t i = 0; i < d->nflows; i++) {
    const RunFlow *fl = &d->flows[i];
    if (fl->on[0] == fl->on[1]) continue;
    int in = fl->on[0] ? 0 : 1;
    fprintf(f, "  %c %s (only in %s)\n", in ? '+' : '-',
            rundata_flow_text(&a, fl->b, true), in ? n1 : n0);
    s.n = 0;
    sb_put(&s, "", 0);
    const Body *other = eval_body(d->worlds[1 - in].w, fl->c);
    if (other != fl->b && other->is_flow && eval_clause_active(d->worlds[1 - in].w, fl->c, other))
      sb_printf(&s, "%s reads differently in %s", rundata_clause_name(&a, fl->c),
                d->worlds[1 - in].w->name);
    else flow_reason(&s, d->worlds[1 - in].w, fl->c);
    fprintf(f, "    because %s\n", s.s);
  }

  n = 0;
  for (uint32_t q = 0; q < d->p->nparties; q++)
    for (int m = 0; m < TM_N; m++) {
      const RunTotal *t0 = &d->worlds[0].totals[(size_t)q * TM_N + m];
      const RunTotal *t1 = &d->worlds[1].totals[(size_t)q * TM_N + m];
      if (t0->v != t1->v || t0->overflow != t1->overflow) {
        if (!n) fputs("\nTotals\n", f);
        const char *mn = rundata_measure_name(m);
        while (*mn == ' ') mn++;
        fprintf(f, "  %s %s%s: %s -> %s\n", d->p->parties[q]->h.name->s,
                m == TM_COMMITS || m == TM_INVESTED_COMMITTED ? "committed " : "",
                m == TM_COMMITS ? "investment" : m == TM_INVESTED_COMMITTED ? "investment received" : mn,
                rundata_total_str(t0, m, b2), rundata_total_str(t1, m, b3));
        n++;
      }
    }
  fprintf(f, "\n%u difference%s\n", total, total == 1 ? "" : "s");
  sb_free(&s);
  mem_guard_pop(&g);
  arena_free(&a);
  return total;
}
