/* rundata_expect: the expected column — per row, the weight of the
 * combinations of outcomes (one per dispute, weighed as `with
 * probability` weighs them) in which the key is permitted or required.
 *
 * Only the disputes that can change a slot matter to its keys
 * (weigh_bearings): a slot no dispute bears on reads in every combination
 * as in the status quo, and the others are evaluated once per combination
 * of the disputes that bear on them, slots with the same disputes
 * together — but for a slot one dispute alone bears on, a combination is
 * one outcome, whose world the report may already hold: its statuses are
 * read from there. */
#include "rundata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resolve.h"
#include "sort.h"
#include "weigh.h"

typedef struct SlotDispute {
  uint32_t slot, dispute;
} SlotDispute;

typedef struct Expected {
  RunData *d;
  SlotDispute *sd;          /* which disputes bear on which slot */
  uint32_t nsd, capsd;
  uint32_t *runs;           /* run r: sd[runs[r] .. runs[r + 1]), one slot */
  uint32_t nruns;
  uint32_t *order, *tmp;    /* runs ordered by their disputes */
  uint64_t *gsum;           /* per row of the group, in weight units:
                               gsum[gbase[g] + (row - slot's row0)] */
  size_t capgsum;
  uint32_t *gbase;
  uint32_t capgbase;
  Dispute **ds;
  Status *st;
  uint32_t capst;
  const uint32_t *group;    /* the runs being weighed */
  uint32_t ngroup;
  int32_t *world_of;        /* per outcome: the report's world of it alone
                               at the first world's date, or -1 */
} Expected;

static void expected_free(void *v) {
  Expected *x = v;
  mem_free(x->sd);
  mem_free(x->runs);
  mem_free(x->order);
  mem_free(x->tmp);
  mem_free(x->gsum);
  mem_free(x->gbase);
  mem_free(x->ds);
  mem_free(x->st);
  mem_free(x->world_of);
}

static void bear(void *arg, uint64_t key, bool flow, uint32_t dispute) {
  Expected *x = arg;
  if (flow) return;
  const RunSlot *s = rundata_find_slot(x->d, key);
  if (!s || !s->nrows) return;
  SlotDispute e = {s->id, dispute};
  TVEC_PUSH(x->sd, x->nsd, x->capsd, e);
}

static int cmp_sd(const void *a, const void *b) {
  const SlotDispute *x = a, *y = b;
  if (x->slot != y->slot) return x->slot < y->slot ? -1 : 1;
  return (x->dispute > y->dispute) - (x->dispute < y->dispute);
}

/* The dispute lists of runs a and b, compared. */
static int cmp_runs(const void *ctx, uint32_t a, uint32_t b) {
  const Expected *x = ctx;
  uint32_t ia = x->runs[a], ea = x->runs[a + 1];
  uint32_t ib = x->runs[b], eb = x->runs[b + 1];
  for (; ia < ea && ib < eb; ia++, ib++)
    if (x->sd[ia].dispute != x->sd[ib].dispute)
      return x->sd[ia].dispute < x->sd[ib].dispute ? -1 : 1;
  return (ia < ea) - (ib < eb);
}

typedef struct KeepSt {
  Status *st;
} KeepSt;

static void keep_status(void *arg, uint32_t i, const KeyResult *r) {
  ((KeepSt *)arg)->st[i] = r->st;
}

/* One combination: the slots of the group evaluated in its world, each
 * row's weight added where the key is permitted or required. */
static void weigh_combo(void *arg, Outcome *const *chosen, uint32_t n,
                        uint64_t weight) {
  Expected *x = arg;
  RunData *d = x->d;
  int32_t k = n == 1 ? x->world_of[chosen[0]->h.index] : -1;
  if (k >= 0) {
    for (uint32_t g = 0; g < x->ngroup; g++) {
      const RunSlot *s = d->slots[x->sd[x->runs[x->group[g]]].slot];
      for (uint32_t q = s->row0; q < s->row0 + s->nrows; q++)
        if (eval_permits(rundata_status(d, &d->rows[q], (uint32_t)k)))
          x->gsum[x->gbase[g] + (q - s->row0)] += weight;
    }
    return;
  }
  World *w = world_new(d->m, chosen, n, d->worlds[0].w->date);
  Defer dw;
  mem_defer(&dw, (void (*)(void *))world_free, w);
  for (uint32_t g = 0; g < x->ngroup; g++) {
    const RunSlot *s = d->slots[x->sd[x->runs[x->group[g]]].slot];
    if (s->np + 1 > x->capst) {
      x->capst = (s->np + 1) * 2;
      x->st = mem_realloc(x->st, x->capst * sizeof *x->st);
    }
    KeepSt keep = {x->st};
    eval_slot_statuses(w, d->scratch, s->act, s->obj, rundata_slot_parties(s), s->np,
              true, false, keep_status, &keep);
    for (uint32_t q = s->row0; q < s->row0 + s->nrows; q++) {
      Status st = x->st[d->rows[q].j >= 0 ? (uint32_t)d->rows[q].j : s->np];
      if (eval_permits(st)) x->gsum[x->gbase[g] + (q - s->row0)] += weight;
    }
  }
  mem_undefer(&dw, true);
}

/* Why there can be no column, or NULL: a dispute without probabilities,
 * or two outcomes that cannot be combined. */
static bool no_column(RunData *d) {
  Program *p = d->p;
  for (uint32_t i = 0; i < p->ndisputes; i++) {
    const Dispute *dp = p->disputes[i];
    if (dp->nouts && !dp->has_probs) {
      snprintf(d->expected_note, sizeof d->expected_note,
               "no expected column: dispute %s gives no probabilities",
               dp->h.name->s);
      return true;
    }
  }
  for (uint32_t i = 0; p->any_clash && i < p->noutcomes; i++)
    for (uint32_t j = i + 1; j < p->noutcomes; j++) {
      Outcome *a = p->outcomes[i], *b = p->outcomes[j];
      OutcomeClash why;
      if (a->disp != b->disp && resolve_outcomes_clash(a, b, &why)) {
        snprintf(d->expected_note, sizeof d->expected_note,
                 "no expected column: outcomes %s and %s cannot be combined",
                 a->h.name->s, b->h.name->s);
        return true;
      }
    }
  return false;
}

/* The disputes of the group's list (those of its first run). */
static uint32_t group_disputes(Expected *x) {
  uint32_t r = x->group[0], n = 0;
  for (uint32_t i = x->runs[r]; i < x->runs[r + 1]; i++)
    x->ds[n++] = x->d->p->disputes[x->sd[i].dispute];
  return n;
}

void rundata_build_expected(RunData *d) {
  Program *p = d->p;
  if (!d->nrows || d->worlds[0].w->nchosen) return;
  Dispute **all = NULL;
  uint32_t nall = 0;
  for (uint32_t i = 0; i < p->ndisputes; i++) nall += p->disputes[i]->nouts > 0;
  if (!nall || no_column(d)) return;
  Expected x = {.d = d};
  Defer df;
  mem_defer(&df, expected_free, &x);
  x.ds = mem_talloc((p->ndisputes + 1) * sizeof *x.ds);
  all = x.ds;
  nall = 0;
  for (uint32_t i = 0; i < p->ndisputes; i++)
    if (p->disputes[i]->nouts) all[nall++] = p->disputes[i];
  d->ncombos = weigh_count(all, nall);
  x.world_of = mem_alloc((p->noutcomes + 1) * sizeof *x.world_of);
  for (uint32_t i = 0; i < p->noutcomes; i++) x.world_of[i] = -1;
  for (uint32_t k = 1; k < d->nw; k++) {
    const World *w = d->worlds[k].w;
    if (w->nchosen == 1 && w->date == d->worlds[0].w->date)
      x.world_of[w->chosen[0]->h.index] = (int32_t)k;
  }
  /* a row no dispute bears on has the status quo's in every combination;
   * the others are weighed group by group, in sums of the group's own (a
   * sum per row of the whole would be the largest block of the run) */
  int32_t one = (int32_t)weigh_pct_units(WEIGH_ONE);
  d->expected = mem_alloc(((size_t)d->nrows + 1) * sizeof *d->expected);
  for (uint32_t i = 0; i < d->nrows; i++)
    d->expected[i] = eval_permits(rundata_status(d, &d->rows[i], 0)) ? one : 0;
  weigh_bearings(d->m, bear, &x);
  if (x.nsd) qsort(x.sd, x.nsd, sizeof *x.sd, cmp_sd);
  uint32_t u = 0;
  for (uint32_t i = 0; i < x.nsd; i++)
    if (!u || x.sd[i].slot != x.sd[u - 1].slot || x.sd[i].dispute != x.sd[u - 1].dispute)
      x.sd[u++] = x.sd[i];
  x.nsd = u;
  x.runs = mem_talloc((x.nsd + 2) * sizeof *x.runs);
  for (uint32_t i = 0; i < x.nsd; i++)
    if (!i || x.sd[i].slot != x.sd[i - 1].slot) x.runs[x.nruns++] = i;
  x.runs[x.nruns] = x.nsd;
  x.order = mem_talloc((x.nruns + 1) * sizeof *x.order);
  x.tmp = mem_talloc((x.nruns + 1) * sizeof *x.tmp);
  for (uint32_t r = 0; r < x.nruns; r++) x.order[r] = r;
  sort_indices(x.order, x.nruns, cmp_runs, &x, x.tmp);
  for (uint32_t g = 0; g < x.nruns;) {
    uint32_t e = g + 1;
    while (e < x.nruns && !cmp_runs(&x, x.order[g], x.order[e])) e++;
    x.group = x.order + g;
    x.ngroup = e - g;
    /* these rows are weighed afresh: from nothing */
    if (x.ngroup > x.capgbase) {
      x.capgbase = x.ngroup * 2;
      x.gbase = mem_realloc(x.gbase, x.capgbase * sizeof *x.gbase);
    }
    size_t rows = 0;
    for (uint32_t k = 0; k < x.ngroup; k++) {
      x.gbase[k] = (uint32_t)rows;
      rows += d->slots[x.sd[x.runs[x.group[k]]].slot]->nrows;
    }
    if (rows + 1 > x.capgsum) {
      x.capgsum = rows + 1;
      mem_free(x.gsum);
      x.gsum = NULL;
      x.gsum = mem_alloc(x.capgsum * sizeof *x.gsum);
    }
    memset(x.gsum, 0, rows * sizeof *x.gsum);
    uint32_t nd = group_disputes(&x);
    uint64_t combos = weigh_count(x.ds, nd);
    if (combos > WEIGH_MAX_COMBOS) {
      snprintf(d->expected_note, sizeof d->expected_note,
               "no expected column: a key depends on %llu combinations of "
               "outcomes; at most %d are weighed", (unsigned long long)combos,
               WEIGH_MAX_COMBOS);
      mem_undefer(&df, true);
      return;
    }
    weigh_each(x.ds, nd, WEIGH_MAX_COMBOS, weigh_combo, &x);
    for (uint32_t k = 0; k < x.ngroup; k++) {
      const RunSlot *s = d->slots[x.sd[x.runs[x.group[k]]].slot];
      for (uint32_t q = s->row0; q < s->row0 + s->nrows; q++)
        d->expected[q] = (int32_t)weigh_pct_units(x.gsum[x.gbase[k] + (q - s->row0)]);
    }
    g = e;
  }
  d->has_expected = true;
  mem_undefer(&df, true);
}
