/* test_oracle: the run data against the simple evaluation.
 *
 * rundata.c evaluates every slot in the first world and, in every other
 * world, only the slots its outcomes can change (model_reach), many
 * parties at a time, in threads.  Here each of its answers is asked again
 * the simple way — eval_key, one key at a time, in a world built afresh —
 * on scenarios from tools/gen: every key of every world (statuses and
 * coverage, the parties not named included), which keys are rows, every
 * market, every flow, the breach map, and the expected column against a
 * weighing of every combination of outcomes; and the filters (--party,
 * --action, --product) against the whole.  A rule written twice, or a
 * change the fast path misses, shows here as a disagreement. */
#include <dirent.h>
#include <unistd.h>

#include "report.h"
#include "unit.h"
#include "weigh.h"



typedef struct Oracle {
  T *t;
  World **ws;               /* the run's worlds */
  World **fresh;            /* the same worlds, built again */
  uint32_t nw;
  EvalScratch x;
  KeyResult k;
  long disagreements;
} Oracle;

/* One disagreement, said once per kind (the first few). */
static void differ(Oracle *o, const char *what, const char *detail) {
  if (o->disagreements++ < 8) fprintf(stderr, "\n  oracle: %s: %s", what, detail);
}

static Status key_status(Oracle *o, uint32_t k, int32_t party,
                         const Action *a, const Decl *obj) {
  eval_key(o->fresh[k], &o->x, party, a, obj, &o->k);
  return o->k.st;
}

/* A slot's statuses and coverage in every world, for its named parties
 * and for parties it does not name (the first, one in the middle, the
 * last). */
static void check_slot(Oracle *o, const RunSlot *s) {
  Program *p = o->t->p;
  const int32_t *named = rundata_slot_parties(s);
  int32_t rest[3] = {-1, -1, -1};
  uint32_t nrest = 0, j = 0;
  uint32_t want[3] = {0, (p->nparties - s->np) / 2, p->nparties - s->np - 1};
  for (int32_t q = 0, r = 0; (uint32_t)q < p->nparties; q++) {
    while (j < s->np && named[j] < q) j++;
    if (j < s->np && named[j] == q) continue;
    for (int w = 0; w < 3; w++)
      if ((uint32_t)r == want[w] && (!nrest || rest[nrest - 1] != q)) rest[nrest++] = q;
    r++;
  }
  for (uint32_t k = 0; k < o->nw; k++) {
    const uint8_t *st = rundata_slot_st(s, k);
    for (uint32_t i = 0; i <= s->np + nrest; i++) {
      if (i == s->np) continue;
      int32_t q = i < s->np ? named[i] : rest[i - s->np - 1];
      uint8_t got = st[i < s->np ? i : s->np];
      Status want_st = key_status(o, k, q, s->act, s->obj);
      bool covered = !o->k.by_default;
      if ((got & 3) != want_st || ((got & RUN_COVERED) != 0) != covered) {
        char b[400];
        snprintf(b, sizeof b, "%s %s %s in %s: run %s%s, key %s%s",
                 p->parties[q]->h.name->s, s->act->h.name->s, s->obj->name->s,
                 o->fresh[k]->name, eval_status_name((Status)(got & 3)),
                 got & RUN_COVERED ? "" : " (default)", eval_status_name(want_st),
                 covered ? "" : " (default)");
        differ(o, "status", b);
      }
    }
  }
}

/* Who may in a market, the simple way, against the run's market. */
static void check_market(Oracle *o, const RunData *d, const RunSlot *s) {
  Program *p = o->t->p;
  RunMarketBuf mb = {0};
  for (uint32_t k = 0; k < o->nw; k++) {
    RunMarket mk;
    rundata_market(d, s, k, &mk, &mb);
    uint32_t npermitted = 0, ncontested = 0;
    int32_t one = -1;
    bool same = true;
    for (uint32_t q = 0; q < p->nparties; q++) {
      Status st = key_status(o, k, (int32_t)q, s->act, s->obj);
      bool named = false, listed = false;
      for (uint32_t j = 0; j < s->np; j++) named |= rundata_slot_parties(s)[j] == (int32_t)q;
      for (uint32_t j = 0; j < mk.npermitted; j++) listed |= mk.permitted[j] == (int32_t)q;
      if (eval_permits(st)) npermitted++, one = (int32_t)q;
      if (st == ST_CONTESTED) ncontested++;
      same &= named ? listed == eval_permits(st) : mk.rest_permitted == eval_permits(st);
    }
    same &= ncontested == mk.ncontested;
    same &= mk.exclusive == (npermitted == 1 ? one : -1);
    if (!same) {
      char b[300];
      snprintf(b, sizeof b, "%s %s in %s", s->act->h.name->s, s->obj->name->s,
               o->fresh[k]->name);
      differ(o, "market", b);
    }
  }
  rundata_market_buf_free(&mb);
}

/* Two bodies that read the same as source. */
static bool same_body(const Body *a, const Body *b) {
  if (a == b) return true;
  StrBuf x, y;
  sb_init(&x);
  sb_init(&y);
  print_body(&x, a);
  print_body(&y, b);
  bool same = x.n == y.n && memcmp(x.s, y.s, x.n) == 0;
  sb_free(&x);
  sb_free(&y);
  return same;
}

/* Every flow clause, active or not in each world, against the run's flows. */
static void check_flows(Oracle *o, const RunData *d) {
  Program *p = o->t->p;
  for (uint32_t k = 0; k < o->nw; k++) {
    uint32_t active = 0;
    for (uint32_t i = 0; i < p->nclauses; i++) {
      const Clause *c = p->clauses[i];
      View v;
      world_view(o->fresh[k], c, &v);
      if (v.fate != FATE_ACTIVE || !v.b->is_flow) continue;
      active++;
      bool found = false;
      for (uint32_t f = 0; f < d->nflows && !found; f++)
        found = d->flows[f].c == c && d->flows[f].on[k] &&
                same_body(d->flows[f].b, v.b);
      if (!found) differ(o, "flow missing", c->name ? c->name->s : "an outcome flow");
    }
    uint32_t on = 0;
    for (uint32_t f = 0; f < d->nflows; f++) on += d->flows[f].on[k];
    if (on != active) differ(o, "flows", "more in the run than active");
  }
}

/* The distinct undefeated clauses of one side of a key, in order. */
static uint32_t key_side(const KeyResult *k, int pol, uint32_t *out) {
  uint32_t n = 0;
  for (uint32_t a = 0; a < k->n; a++) {
    const Hit *h = &k->hits[a];
    if (h->defeated || (h->pol > 0) != (pol > 0)) continue;
    uint32_t c = (uint32_t)h->c->index, i = n;
    while (i > 0 && out[i - 1] > c) i--;
    if (i > 0 && out[i - 1] == c) continue;
    memmove(out + i + 1, out + i, (n - i) * sizeof *out);
    out[i] = c;
    n++;
  }
  return n;
}

/* Every row has in the run's breach map exactly the sides of its key's
 * undefeated clauses when it is contested, and none else; the pairs the
 * map enumerates are those sides' pairs, each with its rows. */
static void check_breach_map(Oracle *o, const RunData *d) {
  Program *p = o->t->p;
  uint32_t *side = malloc((p->nclauses + 1) * 2 * sizeof *side);
  for (uint32_t k = 0; k < o->nw; k++) {
    uint64_t npairs = 0;
    uint32_t nkeys = 0;
    for (uint32_t r = 0; r < d->nrows; r++) {
      const RunRow *row = &d->rows[r];
      int32_t q = row->party >= 0 ? row->party : -1;
      if (q < 0) {  /* "N other parties": one of them */
        for (uint32_t c = 0; c < p->nparties && q < 0; c++) {
          bool named = false;
          for (uint32_t j = 0; j < row->s->np; j++)
            named |= rundata_slot_parties(row->s)[j] == (int32_t)c;
          if (!named) q = (int32_t)c;
        }
      }
      const uint32_t *cl = NULL;
      const RunSide *s = rundata_side(d, k, r, &cl);
      if (key_status(o, k, q, row->s->act, row->s->obj) != ST_CONTESTED) {
        if (s) differ(o, "breach map", "a key not contested has sides");
        continue;
      }
      nkeys++;
      uint32_t np = key_side(&o->k, 1, side);
      uint32_t nn = key_side(&o->k, -1, side + np);
      npairs += (uint64_t)np * nn;
      if (!s || s->npos != np || s->nneg != nn ||
          memcmp(cl, side, (np + nn) * sizeof *side))
        differ(o, "breach map", "a contested key's sides differ");
    }
    if (nkeys != d->worlds[k].nkeys) differ(o, "breach map", "the count of contested keys");
    /* the enumeration: as many entries as the sides make, in order */
    RunPairs g = {0};
    RunPairIndex ix, ix0;
    rundata_pair_index(d, k, &ix);
    rundata_pair_index(d, 0, &ix0);
    uint32_t n = rundata_pairs(d, &ix, UINT32_MAX, &g);
    if (n != g.npairs) differ(o, "pairs", "the count and the list differ");
    if (g.nrows != npairs) differ(o, "pairs", "entries the sides do not make");
    for (uint32_t i = 1; i < g.npairs; i++)
      if (((uint64_t)g.pairs[i - 1].pos << 32 | g.pairs[i - 1].neg) >=
          ((uint64_t)g.pairs[i].pos << 32 | g.pairs[i].neg))
        differ(o, "pairs", "out of order");
    for (uint32_t i = 0; i < g.npairs; i++)
      for (uint32_t j = 0; j < g.pairs[i].n; j++) {
        uint32_t r = g.rows[g.pairs[i].first + j];
        const uint32_t *cl;
        const RunSide *s = rundata_side(d, k, r, &cl);
        bool pos = false, neg = false;
        for (uint32_t x = 0; s && x < s->npos + s->nneg; x++) {
          pos |= x < s->npos && cl[x] == g.pairs[i].pos;
          neg |= x >= s->npos && cl[x] == g.pairs[i].neg;
        }
        if (!pos || !neg) differ(o, "pairs", "a row that is not the pair's");
      }
    rundata_pairs_free(&g);
    if (k == 0) {
      rundata_pair_index_free(&ix);
      rundata_pair_index_free(&ix0);
      continue;
    }
    /* the changes against the first world: every pair whose rows differ */
    RunPairs g0 = {0};
    RunPairChanges ch = {0};
    rundata_pairs(d, &ix0, UINT32_MAX, &g0);
    rundata_pairs(d, &ix, UINT32_MAX, &g);
    uint32_t want = 0, a = 0, b = 0;
    while (a < g0.npairs || b < g.npairs) {
      uint64_t x = a < g0.npairs ? (uint64_t)g0.pairs[a].pos << 32 | g0.pairs[a].neg : UINT64_MAX;
      uint64_t y = b < g.npairs ? (uint64_t)g.pairs[b].pos << 32 | g.pairs[b].neg : UINT64_MAX;
      if (x != y) want++, a += x < y, b += y < x;
      else {
        want += g0.pairs[a].n != g.pairs[b].n ||
                memcmp(g0.rows + g0.pairs[a].first, g.rows + g.pairs[b].first,
                       g.pairs[b].n * sizeof *g.rows);
        a++, b++;
      }
    }
    if (rundata_pair_changes(d, &ix0, k, UINT32_MAX, &ch) != want)
      differ(o, "pair changes", "not the pairs whose keys differ");
    rundata_pair_changes_free(&ch);
    rundata_pairs_free(&g);
    rundata_pairs_free(&g0);
    rundata_pair_index_free(&ix);
    rundata_pair_index_free(&ix0);
  }
  free(side);
}

typedef struct Weighing {
  Oracle *o;
  const RunData *d;
  uint64_t *sum;
} Weighing;

static void weigh_rows(void *arg, Outcome *const *chosen, uint32_t n,
                       uint64_t weight) {
  Weighing *wg = arg;
  Oracle *o = wg->o;
  World *w = world_new(o->t->m, chosen, n, o->ws[0]->date);
  for (uint32_t r = 0; r < wg->d->nrows; r++) {
    const RunRow *row = &wg->d->rows[r];
    int32_t q = row->party;
    if (q < 0) continue;  /* (a row for many parties: checked as statuses) */
    eval_key(w, &o->x, q, row->s->act, row->s->obj, &o->k);
    if (eval_permits(o->k.st)) wg->sum[r] += weight;
  }
  world_free(w);
}

/* The expected column, against a weighing of every combination of every
 * dispute's outcomes. */
static void check_expected(Oracle *o, const RunData *d, bool big) {
  Program *p = o->t->p;
  if (big) CU_ASSERT_TRUE_FATAL(d->has_expected);
  if (!d->has_expected) return;
  if (weigh_count(p->disputes, p->ndisputes) > 1u << 20) return;
  Weighing wg = {o, d, calloc(d->nrows + 1, sizeof *wg.sum)};
  CU_ASSERT_TRUE(weigh_each(p->disputes, p->ndisputes, 1u << 20, weigh_rows, &wg));
  for (uint32_t r = 0; r < d->nrows; r++) {
    if (d->rows[r].party < 0) continue;
    int64_t want = weigh_pct_units(wg.sum[r]);
    int32_t got = rundata_row_expected(d, &d->rows[r]);
    if (got > want + 1 || got < want - 1) {
      char b[300];
      snprintf(b, sizeof b, "row %u: run %lld, every combination %lld", r,
               (long long)got, (long long)want);
      differ(o, "expected", b);
    }
  }
  free(wg.sum);
}

/* Every key of every slot the model or a world names: a row of the
 * differing data exactly when it is contested or differs between
 * worlds. */
static void check_rows(Oracle *o, const RunData *diff, bool big) {
  Program *p = o->t->p;
  uint64_t *keys = NULL;
  uint32_t nk = 0, cap = 0;
  model_slot_keys(&o->t->m->norms, &keys, &nk, &cap);
  for (uint32_t k = 0; k < o->nw; k++) model_slot_keys(&o->fresh[k]->extra, &keys, &nk, &cap);
  uint32_t rows = 0;
  for (uint32_t i = 0; i < nk; i++) {
    bool dup = false;
    for (uint32_t j = 0; j < i && !dup; j++) dup = keys[j] == keys[i];
    if (dup) continue;
    const Action *a = p->actions[model_slot_action(keys[i])];
    const Decl *obj = model_slot_object(p, keys[i] & ((1ull << 33) - 1));
    RunSlot *s = rundata_find_slot(diff, keys[i]);
    for (uint32_t q = 0; q < p->nparties; q++) {
      Status s0 = key_status(o, 0, (int32_t)q, a, obj);
      bool wanted = s0 == ST_CONTESTED;
      for (uint32_t k = 1; k < o->nw && !wanted; k++)
        wanted = key_status(o, k, (int32_t)q, a, obj) != s0;
      bool row = false;
      for (uint32_t r = s ? s->row0 : 0; s && r < s->row0 + s->nrows && !row; r++) {
        const RunRow *x = &diff->rows[r];
        if (x->party == (int32_t)q) row = true;
        if (x->party < 0 && x->j < 0) {
          bool named = false;
          for (uint32_t j = 0; j < s->np; j++) named |= rundata_slot_parties(s)[j] == (int32_t)q;
          row = !named;
        }
      }
      rows += wanted;
      if (row != wanted) {
        char b[300];
        snprintf(b, sizeof b, "%s %s %s: %s", p->parties[q]->h.name->s,
                 a->h.name->s, obj->name->s, wanted ? "missing" : "not wanted");
        differ(o, "rows", b);
      }
    }
  }
  if (big) CU_ASSERT(rows > 0);  /* the scenario has keys worth a row */
  mem_free(keys);
}

/* The worlds: the status quo, each outcome, pairs of outcomes of
 * different disputes, and the status quo a year later. */
static void make_worlds(Oracle *o) {
  Program *p = o->t->p;
  uint32_t cap = 2 + p->noutcomes * 2;
  o->ws = calloc(cap, sizeof *o->ws);
  o->fresh = calloc(cap, sizeof *o->fresh);
  int32_t date = resolve_default_date(p);
  Outcome *pair[2];
  o->ws[o->nw++] = world_new(o->t->m, NULL, 0, date);
  for (uint32_t i = 0; i < p->noutcomes; i++)
    o->ws[o->nw++] = world_new(o->t->m, &p->outcomes[i], 1, date);
  for (uint32_t i = 0; i + 1 < p->noutcomes && o->nw + 1 < cap; i += 2) {
    pair[0] = p->outcomes[i];
    pair[1] = p->outcomes[(i * 7 + 5) % p->noutcomes];
    char err[400];
    if (pair[0]->disp != pair[1]->disp && world_check_choice(pair, 2, err, sizeof err))
      o->ws[o->nw++] = world_new(o->t->m, pair, 2, date);
  }
  o->ws[o->nw++] = world_new(o->t->m, NULL, 0, date + 10000);
  for (uint32_t k = 0; k < o->nw; k++)
    o->fresh[k] = world_new(o->t->m, o->ws[k]->chosen, o->ws[k]->nchosen,
                            o->ws[k]->date);
}

/* The filters of --party, --action and --product against the whole run
 * data d (every key): a filtered run's rows are the party's, with the
 * statuses one key at a time gives, every row of the party that d has
 * (in a slot the filter keeps) is there, its slots are those the filter
 * keeps, and its flows are those of d the party pays or receives. */
static void check_filtered(Oracle *o, const RunData *d, const RunFilter *f) {
  RunOpts fo = {RUN_ROWS_ALL, false, f};
  RunData *x = rundata_build(o->t->m, o->ws, o->nw, &fo);
  char msg[200];
  for (uint32_t i = 0; i < x->nrows; i++) {
    const RunRow *r = &x->rows[i];
    uint64_t key = model_slot_key((uint32_t)r->s->act->h.index, r->s->obj);
    if (!rundata_filter_key(o->t->p, f, key) || (f->party >= 0 && r->party != f->party))
      differ(o, "filter", "a row the filter leaves out");
    if (r->party < 0) continue;
    for (uint32_t k = 0; k < o->nw; k++)
      if (rundata_status(x, r, k) != key_status(o, k, r->party, r->s->act, r->s->obj)) {
        snprintf(msg, sizeof msg, "%s %s %s in world %u", o->t->p->parties[r->party]->h.name->s,
                 r->s->act->h.name->s, r->s->obj->name->s, k);
        differ(o, "filtered status", msg);
      }
  }
  /* each row is wanted (covered somewhere, or differing), and a slot of d
   * the filter keeps has the party's row (its own, or the rest's) exactly
   * when x has one */
  for (uint32_t i = 0; i < x->nrows; i++) {
    const RunRow *r = &x->rows[i];
    if (r->party < 0) continue;
    bool covered = false, differs = false;
    Status s0 = key_status(o, 0, r->party, r->s->act, r->s->obj);
    for (uint32_t k = 0; k < o->nw; k++) {
      differs |= key_status(o, k, r->party, r->s->act, r->s->obj) != s0;
      covered |= !o->k.by_default;
    }
    if (!covered && !differs) differ(o, "filter", "a row neither covered nor differing");
  }
  uint32_t want = 0, have = 0;
  for (uint32_t i = 0; f->party >= 0 && i < d->nslots; i++) {
    const RunSlot *s = d->slots[i];
    uint64_t key = model_slot_key((uint32_t)s->act->h.index, s->obj);
    if (!rundata_filter_key(o->t->p, f, key)) continue;
    bool named = false, rest = false, in_d = false, in_x = false;
    for (uint32_t j = 0; j < s->np; j++) named |= rundata_slot_parties(s)[j] == f->party;
    for (uint32_t j = s->row0; j < s->row0 + s->nrows; j++) {
      const RunRow *r = &d->rows[j];
      in_d |= r->party == f->party;
      rest |= r->j < 0;
    }
    if (!named) in_d = rest;
    const RunSlot *t = rundata_find_slot(x, key);
    for (uint32_t j = t ? t->row0 : 0; t && j < t->row0 + t->nrows; j++)
      in_x |= x->rows[j].party == f->party;
    want += in_d;
    have += in_x;
    if (in_d != in_x) {
      snprintf(msg, sizeof msg, "%s %s: %s in the whole data, %s filtered",
               s->act->h.name->s, s->obj->name->s, in_d ? "a row" : "no row",
               in_x ? "a row" : "none");
      differ(o, "filtered rows", msg);
    }
  }
  uint32_t fw = 0;
  for (uint32_t i = 0; i < d->nflows; i++) {
    const Body *b = d->flows[i].b;
    fw += f->party < 0 || (b->fp && b->fp->h.index == f->party) ||
          (b->fq && b->fq->h.index == f->party);
  }
  if (fw != x->nflows) {
    snprintf(msg, sizeof msg, "%u flows of the party, %u filtered", fw, x->nflows);
    differ(o, "filtered flows", msg);
  }
  rundata_free(x);
}

/* A party, an action and a product of the scenario, as filters. */
static void check_filters(Oracle *o, const RunData *d) {
  Program *p = o->t->p;
  if (!p->nparties || !d->nrows) return;
  const RunRow *r = &d->rows[d->nrows / 2];
  RunFilter f = {p->parties[p->nparties / 3]->h.index, NULL, NULL};
  check_filtered(o, d, &f);
  if (r->party >= 0) {
    f.party = r->party;
    check_filtered(o, d, &f);
  }
  f = (RunFilter){-1, r->s->act, NULL};
  check_filtered(o, d, &f);
  if (r->s->obj->kind == K_PRODUCT) {
    const Product *pr = (const Product *)r->s->obj;
    f.product = pr->up ? pr->up : pr;
    check_filtered(o, d, &f);
    f.act = NULL;
    f.party = r->party;
    check_filtered(o, d, &f);
  }
}

/* Every check on one scenario; the number of disagreements. */
static long oracle(T *t, const char *what, bool big) {
  Oracle o = {t, NULL, NULL, 0, {0}, {0}, 0};
  CU_ASSERT_PTR_NOT_NULL_FATAL(o.t->m);
  make_worlds(&o);
  RunOpts all = {RUN_ROWS_ALL, false}, diff = {RUN_ROWS_DIFF, true};
  RunData *d = rundata_build(o.t->m, o.ws, o.nw, &all);
  if (big) CU_ASSERT(d->nslots > 10);
  for (uint32_t i = 0; i < d->nslots; i++) check_slot(&o, d->slots[i]);
  for (uint32_t i = 0; i < d->nmarkets; i++) check_market(&o, d, d->markets[i]);
  check_flows(&o, d);
  check_breach_map(&o, d);
  check_filters(&o, d);
  rundata_free(d);
  /* the differing rows, and the expected column of the run's worlds (the
   * status quo and each outcome, at the scenario's date) */
  uint32_t nw = o.nw;
  o.nw = 1 + o.t->p->noutcomes;
  d = rundata_build(o.t->m, o.ws, o.nw, &diff);
  check_rows(&o, d, big);
  check_expected(&o, d, big);
  rundata_free(d);
  o.nw = nw;
  if (o.disagreements)
    fprintf(stderr, "\n  oracle: %s: %ld disagreements\n", what, o.disagreements);
  for (uint32_t k = 0; k < o.nw; k++) {
    world_free(o.ws[k]);
    world_free(o.fresh[k]);
  }
  free(o.ws);
  free(o.fresh);
  eval_key_free(&o.k);
  eval_scratch_free(&o.x);
  return o.disagreements;
}

static void oracle_run(const char *args) {
  size_t len;
  char *text = t_gen(args, &len);
  T *t = t_load_len(text, len);
  free(text);
  CU_ASSERT_EQUAL(oracle(t, args, true), 0);
  t_free(t);
}

static void test_oracle_default_shape(void) {
  oracle_run("--clauses 1500 --seed 1 --disputes 3");
  oracle_run("--clauses 2500 --seed 7 --disputes 4");
}

static void test_oracle_many_parties(void) {
  oracle_run("--clauses 1500 --seed 3 --shape many-parties");
}

/* Disputes that meet: overrides through outcome clauses and amendments,
 * facts set by one dispute read by another's clauses, outcomes acting on
 * other disputes' agreements. */
static void test_oracle_tangle(void) {
  oracle_run("--clauses 800 --seed 1 --tangle");
  oracle_run("--clauses 1500 --seed 2 --tangle");
  oracle_run("--clauses 3000 --seed 3 --tangle");
  oracle_run("--clauses 1000 --seed 4 --tangle --shape many-parties");
}

static void test_oracle_two_threads(void) {
  t_threads(2, 2);
  oracle_run("--clauses 1200 --seed 11 --disputes 3");
  oracle_run("--clauses 1200 --seed 12 --tangle");
  t_threads(2, 0);
}

/* The hand-written scenarios: every semantics test and every scenario. */
static void test_oracle_files(void) {
  const char *dirs[] = {"tests/golden/semantics", "scenarios"};
  uint32_t files = 0;
  for (int i = 0; i < 2; i++) {
    DIR *dir = opendir(dirs[i]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    for (struct dirent *e; (e = readdir(dir));) {
      size_t n = strlen(e->d_name);
      if (n < 6 || strcmp(e->d_name + n - 5, ".deal")) continue;
      char path[512];
      snprintf(path, sizeof path, "%s/%s", dirs[i], e->d_name);
      T *t = t_parse_file(path);
      t_finish(t);
      if (t->m) {
        CU_ASSERT_EQUAL(oracle(t, path, false), 0);
        files++;
      }
      t_free(t);
    }
    closedir(dir);
  }
  CU_ASSERT(files >= 20);
}

static const UnitTest tests[] = {
    UNIT_TEST(test_oracle_files),
    UNIT_TEST(test_oracle_default_shape),
    UNIT_TEST(test_oracle_many_parties),
    UNIT_TEST(test_oracle_tangle),
    UNIT_TEST(test_oracle_two_threads),
};

UNIT_MAIN("oracle", tests)
