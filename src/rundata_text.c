/* rundata_text: names and statements of the run data as text, for the
 * formats. */
#include "rundata.h"

#include <stdio.h>
#include <string.h>

#include "literal.h"
#include "print.h"

/* Text into buf[cap], cut as snprintf cuts it. */
typedef struct Bounded {
  char *b;
  size_t cap, n;
} Bounded;

static void bput(Bounded *x, const char *s, size_t len) {
  if (x->n + 1 >= x->cap) return;
  size_t room = x->cap - 1 - x->n;
  if (len > room) len = room;
  memcpy(x->b + x->n, s, len);
  x->n += len;
  x->b[x->n] = 0;
}

static void bputs(Bounded *x, const char *s) { bput(x, s, strlen(s)); }

static void slot_text(Bounded *x, const RunSlot *s) {
  const Action *a = s->act;
  bput(x, a->h.name->s, a->h.name->len);
  if (a->prep) {
    bput(x, " ", 1);
    bputs(x, print_prep(a->prep));
  }
  bput(x, " ", 1);
  bput(x, s->obj->name->s, s->obj->name->len);
}

void rundata_slot_text(const RunSlot *s, char *buf, size_t cap) {
  Bounded x = {buf, cap, 0};
  if (cap) buf[0] = 0;
  slot_text(&x, s);
}

void rundata_key_text(const RunData *d, const RunRow *r, char *buf,
                      size_t cap) {
  char slot[300];
  rundata_slot_text(r->s, slot, sizeof slot);
  Bounded x = {buf, cap, 0};
  if (cap) buf[0] = 0;
  if (r->party >= 0) {
    const Name *n = d->p->parties[r->party]->h.name;
    bput(&x, n->s, n->len);
    bput(&x, " ", 1);
  } else {
    char head[64];
    int k = snprintf(head, sizeof head, "(%u other parties) ", rundata_row_nrest(d, r));
    bput(&x, head, (size_t)k);
  }
  bputs(&x, slot);
}

char *rundata_flow_text(Arena *a, const Body *b, bool with_mods) {
  StrBuf s;
  sb_init(&s);
  Defer d;
  mem_defer(&d, (void (*)(void *))sb_free, &s);
  Body t = *b;
  if (!with_mods) t.mods = NULL;
  print_body(&s, &t);
  char *r = arena_strndup(a, s.s ? s.s : "", s.n);
  mem_undefer(&d, true);
  return r;
}

char *rundata_clause_name(Arena *a, const Clause *c) {
  StrBuf s;
  sb_init(&s);
  Defer d;
  mem_defer(&d, (void (*)(void *))sb_free, &s);
  print_clause_name(&s, c);
  char *r = arena_strndup(a, s.s ? s.s : "", s.n);
  mem_undefer(&d, true);
  return r;
}


const char *rundata_flow_cell(const RunFlow *fl, uint32_t k, char *buf) {
  if (fl->on[k]) return "yes";
  if (!fl->when || fl->when[k].kind == RUN_NOT_DATED) return "-";
  char date[16];
  snprintf(buf, 32, "%s %s", fl->when[k].kind == RUN_LATER ? "from" : "ended",
           lit_date_str(fl->when[k].date, date));
  return buf;
}

bool rundata_flow_differs(const RunFlow *fl, uint32_t k) {
  if (fl->on[k] != fl->on[0]) return true;
  if (!fl->when) return false;
  return fl->when[k].kind != fl->when[0].kind || fl->when[k].date != fl->when[0].date;
}

bool rundata_filter_text(const RunData *d, char *buf, size_t cap) {
  const RunFilter *f = &d->filter;
  Bounded x = {buf, cap, 0};
  if (cap) buf[0] = 0;
  if (f->party >= 0) {
    bputs(&x, "only ");
    bputs(&x, d->p->parties[f->party]->h.name->s);
    bputs(&x, ": its keys, the markets that name it, its flows and totals");
  }
  if (f->act) {
    bputs(&x, x.n ? "; only " : "only ");
    bputs(&x, f->act->h.name->s);
  }
  if (f->product) {
    bputs(&x, x.n ? "; only " : "only ");
    bputs(&x, f->product->h.name->s);
    if (f->product->nkids) bputs(&x, " and the products below it");
  }
  return x.n > 0;
}
