/* rundata_market: who may use each product a clause names, per world —
 * read off the slot's statuses. */
#include "rundata.h"

#include <stdlib.h>
#include <string.h>

static int cmp_i32(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

/* Where each member of each among group of s is in its parties (np: not
 * named), group after group; kept in b while s is asked again. */
static const uint32_t *among_positions(const RunSlot *s, RunMarketBuf *b) {
  uint64_t key = rundata_slot_key(s);
  if (b->slot == s && b->key == key) return b->pos;
  uint32_t n = 0;
  for (uint32_t g = 0; g < s->namong; g++) n += rundata_slot_among(s)[g]->set.n;
  if (n > b->cappos || !b->pos) {
    b->cappos = n > 64 ? n : 64;
    b->pos = mem_trealloc(b->pos, b->cappos * sizeof *b->pos);
  }
  const int32_t *parties = rundata_slot_parties(s);
  uint32_t k = 0;
  for (uint32_t g = 0; g < s->namong; g++) {
    const IdSet *set = &rundata_slot_among(s)[g]->set;
    for (uint32_t i = 0; i < set->n; i++) {
      const int32_t *hit = bsearch(&set->v[i], parties, s->np, sizeof *parties, cmp_i32);
      b->pos[k++] = hit ? (uint32_t)(hit - parties) : s->np;
    }
  }
  b->slot = s;
  b->key = key;
  return b->pos;
}

void rundata_market(const RunData *d, const RunSlot *s, uint32_t world,
                    RunMarket *out, RunMarketBuf *b) {
  uint32_t need = 2 * s->np + s->namong + 1;
  if (need > b->cap) {
    b->cap = need > 64 ? need : 64;
    b->v = mem_trealloc(b->v, b->cap * sizeof *b->v);
  }
  memset(out, 0, sizeof *out);
  out->permitted = b->v;
  out->contested = b->v + s->np;
  out->excl_among = b->v + 2 * s->np;
  const uint8_t *st = rundata_slot_st(s, world);
  const int32_t *parties = rundata_slot_parties(s);
  for (uint32_t j = 0; j < s->np; j++) {
    Status v = (Status)(st[j] & 3);
    if (eval_permits(v)) out->permitted[out->npermitted++] = parties[j];
    else if (v == ST_CONTESTED) out->contested[out->ncontested++] = parties[j];
  }
  Status rest = (Status)(st[s->np] & 3);
  out->nrest = rundata_slot_nrest(d, s);
  out->rest_permitted = out->nrest && eval_permits(rest);
  uint64_t total = out->npermitted + (out->rest_permitted ? out->nrest : 0);
  out->exclusive = total == 1 && out->npermitted == 1 ? out->permitted[0] : -1;
  if (total == 1 && out->rest_permitted) {
    /* the one party nobody names: find it */
    uint32_t j = 0;
    for (int32_t q = 0; (uint32_t)q < d->p->nparties; q++) {
      while (j < s->np && parties[j] < q) j++;
      if (j < s->np && parties[j] == q) continue;
      out->exclusive = q;
      break;
    }
  }
  const uint32_t *pos = among_positions(s, b);
  for (uint32_t g = 0; g < s->namong; g++) {
    const IdSet *set = &rundata_slot_among(s)[g]->set;
    int32_t one = -1;
    uint32_t n = 0;
    for (uint32_t i = 0; i < set->n; i++) {
      /* every member of an among group is named in the slot */
      int32_t q = set->v[i];
      Status v = (Status)(st[*pos++] & 3);
      if (eval_permits(v)) {
        n++;
        one = q;
      }
    }
    out->excl_among[g] = n == 1 ? one : -1;
  }
}

void rundata_market_buf_free(RunMarketBuf *b) {
  mem_free(b->v);
  mem_free(b->pos);
  memset(b, 0, sizeof *b);
}

bool rundata_market_equal(const RunMarket *x, const RunMarket *y,
                          uint32_t namong) {
  if (x->npermitted != y->npermitted || x->rest_permitted != y->rest_permitted ||
      x->ncontested != y->ncontested || x->exclusive != y->exclusive)
    return false;
  return !memcmp(x->permitted, y->permitted, x->npermitted * sizeof(int32_t)) &&
         !memcmp(x->contested, y->contested, x->ncontested * sizeof(int32_t)) &&
         !memcmp(x->excl_among, y->excl_among, namong * sizeof(int32_t));
}
