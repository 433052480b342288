/* report_snap: snapshots of legal outcomes for `deal test --snapshot`.
 *
 * A snapshot is a text file of lines `KIND WORLD: WHAT = VALUE`, in the
 * report's stable order: every key a norm covers in some world, with its
 * status in each world and the clauses that decide it; every market;
 * every active flow.  Comparing is a merge of the two sets of lines by
 * `KIND WORLD: WHAT`, so a flipped key is printed with the clauses that
 * decided it then and decide it now. */
#include <stdlib.h>
#include <string.h>

#include "print.h"
#include "report.h"

#define SNAP_HEADER "# deal snapshot 1: `deal test --update` rewrites this file\n"

typedef struct Entry {
  const char *id;       /* KIND WORLD: WHAT */
  size_t idn;
  const char *val;
  size_t valn;
  int32_t row;          /* for keys of the current data: row index */
  uint32_t world;
} Entry;

typedef struct Entries {
  Entry *v;
  uint32_t n, cap;
} Entries;

static void add_line(Arena *a, StrBuf *out, Entries *es, const char *id,
                     const char *val, int32_t row, uint32_t world) {
  sb_printf(out, "%s = %s\n", id, val);
  if (!es) return;
  Entry e = {arena_strndup(a, id, strlen(id)), strlen(id),
             arena_strndup(a, val, strlen(val)), strlen(val), row, world};
  VEC_PUSH(a, es->v, es->n, es->cap, e);
}

typedef struct SnapTmp {
  StrBuf s, s0;
  RunMarketBuf mb;
} SnapTmp;

static void snap_tmp_free(void *v) {
  SnapTmp *t = v;
  sb_free(&t->s);
  sb_free(&t->s0);
  rundata_market_buf_free(&t->mb);
}

static void build(const RunData *d, StrBuf *out, Entries *es, Arena *a) {
  char key[600], id[800];
  SnapTmp t = {0};
  sb_init(&t.s);
  sb_init(&t.s0);
  Defer dt;
  mem_defer(&dt, snap_tmp_free, &t);
  StrBuf *s = &t.s, *s0 = &t.s0;
  for (uint32_t i = 0; i < d->nrows; i++) {
    const RunRow *r = &d->rows[i];
    rundata_key_text(d, r, key, sizeof key);
    for (uint32_t k = 0; k < d->nw; k++) {
      snprintf(id, sizeof id, "key %s: %s", d->worlds[k].w->id, key);
      /* a world that reads the slot as the first: the same line */
      if (k && rundata_slot_same(d, r->s, k)) {
        add_line(a, out, es, id, s0->s, (int32_t)i, k);
        continue;
      }
      StrBuf *b = k ? s : s0;
      b->n = 0;
      sb_printf(b, "%s (", eval_status_name(rundata_status(d, r, k)));
      report_deciders(b, d, r, k);
      sb_puts(b, ")");
      add_line(a, out, es, id, b->s, (int32_t)i, k);
    }
  }
  for (uint32_t i = 0; i < d->nmarkets; i++) {
    const RunSlot *sl = d->markets[i];
    rundata_slot_text(sl, key, sizeof key);
    for (uint32_t k = 0; k < d->nw; k++) {
      snprintf(id, sizeof id, "market %s: %s", d->worlds[k].w->id, key);
      if (k && rundata_slot_st(sl, k) == rundata_slot_st0(sl)) {
        add_line(a, out, es, id, s0->s, -1, k);
        continue;
      }
      RunMarket mk;
      rundata_market(d, sl, k, &mk, &t.mb);
      StrBuf *b = k ? s : s0;
      b->n = 0;
      sb_put(b, "", 0);
      report_permitted_text(b, d, sl, &mk, 0);
      sb_puts(b, "; exclusive ");
      report_exclusive_text(b, d, sl, &mk);
      if (mk.ncontested) {
        sb_puts(b, "; contested ");
        for (uint32_t c = 0; c < mk.ncontested; c++)
          sb_printf(b, "%s%s", c ? ", " : "",
                    d->p->parties[mk.contested[c]]->h.name->s);
      }
      add_line(a, out, es, id, b->s, -1, k);
    }
  }
  for (uint32_t i = 0; i < d->nflows; i++) {
    const RunFlow *fl = &d->flows[i];
    for (uint32_t k = 0; k < d->nw; k++) {
      if (!fl->on[k]) continue;
      snprintf(id, sizeof id, "flow %s: %s: %s", d->worlds[k].w->id,
               rundata_clause_name(a, fl->c), rundata_flow_text(a, fl->b, true));
      add_line(a, out, es, id, "active", -1, k);
    }
  }
  mem_undefer(&dt, true);
}

char *report_snapshot(const RunData *d, size_t *len) {
  Arena a;
  arena_init(&a);
  StrBuf out;
  sb_init(&out);
  Defer da, dout;
  mem_defer(&da, arena_free_cb, &a);
  mem_defer(&dout, (void (*)(void *))sb_free, &out);
  sb_puts(&out, SNAP_HEADER);
  build(d, &out, NULL, &a);
  mem_undefer(&dout, false);
  mem_undefer(&da, true);
  *len = out.n;
  return out.s;
}

static int cmp_entry(const void *x, const void *y) {
  const Entry *a = x, *b = y;
  size_t n = a->idn < b->idn ? a->idn : b->idn;
  int c = memcmp(a->id, b->id, n);
  if (c) return c;
  return (a->idn > b->idn) - (a->idn < b->idn);
}

/* Lines of an old snapshot: comments and blank lines skipped. */
static void parse_old(const char *s, size_t len, Entries *es, Arena *a) {
  const char *end = s + len;
  while (s < end) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *le = nl ? nl : end;
    if (le > s && *s != '#') {
      const char *eq = NULL;
      for (const char *p = s; p + 3 <= le; p++)
        if (p[0] == ' ' && p[1] == '=' && p[2] == ' ') {
          eq = p;
          break;
        }
      Entry e = {s, (size_t)(le - s), "", 0, -1, 0};
      if (eq) {
        e.idn = (size_t)(eq - s);
        e.val = eq + 3;
        e.valn = (size_t)(le - eq - 3);
      }
      VEC_PUSH(a, es->v, es->n, es->cap, e);
    }
    s = le + 1;
  }
}

uint32_t report_snapshot_compare(FILE *f, const RunData *d, const char *old,
                                 size_t len, const char *in) {
  Arena a;
  arena_init(&a);
  StrBuf out;
  sb_init(&out);
  Defer da, dout;
  mem_defer(&da, arena_free_cb, &a);
  mem_defer(&dout, (void (*)(void *))sb_free, &out);
  Entries now = {0}, was = {0};
  build(d, &out, &now, &a);
  parse_old(old, len, &was, &a);
  if (now.n) qsort(now.v, now.n, sizeof *now.v, cmp_entry);
  if (was.n) qsort(was.v, was.n, sizeof *was.v, cmp_entry);
  uint32_t changes = 0, i = 0, j = 0;
  while (i < was.n || j < now.n) {
    int c = i == was.n ? 1 : j == now.n ? -1 : cmp_entry(&was.v[i], &now.v[j]);
    if (c < 0) {
      fprintf(f, "%sgone: %.*s (was %.*s)\n", in, (int)was.v[i].idn, was.v[i].id,
              (int)was.v[i].valn, was.v[i].val);
      changes++;
      i++;
      continue;
    }
    const Entry *e = &now.v[j];
    if (c > 0) {
      fprintf(f, "%snew: %.*s = %.*s", in, (int)e->idn, e->id, (int)e->valn,
              e->val);
    } else if (was.v[i].valn != e->valn ||
               memcmp(was.v[i].val, e->val, e->valn) != 0) {
      fprintf(f, "%schanged: %.*s: %.*s -> %.*s", in, (int)e->idn, e->id,
              (int)was.v[i].valn, was.v[i].val, (int)e->valn, e->val);
    } else {
      i++;
      j++;
      continue;
    }
    fputc('\n', f);
    changes++;
    if (c == 0) i++;
    j++;
  }
  mem_undefer(&dout, true);
  mem_undefer(&da, true);
  return changes;
}
