/* report_dot: one world as a Graphviz graph — parties as nodes, flows
 * and exclusive rights as labelled edges. */
#include <string.h>

#include "literal.h"
#include "print.h"
#include "report.h"

/* A DOT string: quotes and backslashes escaped, nothing else special. */
static void dstr(FILE *f, const char *s) {
  fputc('"', f);
  for (; s && *s; s++) {
    if (*s == '"' || *s == '\\') fputc('\\', f);
    if (*s == '\n') fputs("\\n", f);
    else fputc(*s, f);
  }
  fputc('"', f);
}

static void flow_label(char *out, size_t cap, const Body *b) {
  char x[64], y[64], z[64];
  switch (b->fk) {
    case F_INVESTS:
      if (b->has_money2)
        snprintf(out, cap, "invests %s (committed %s)", lit_money_str(b->money, x),
                 lit_money_str(b->money2, y));
      else snprintf(out, cap, "invests %s", lit_money_str(b->money, x));
      break;
    case F_PAYS: snprintf(out, cap, "pays %s", lit_money_str(b->money, x)); break;
    case F_OWNS: {
      int64_t v;
      bool ovf;
      if (rundata_implied_valuation(b, &v, &ovf))
        snprintf(out, cap, "owns %s, valued %s (implies %s)", lit_pct_str(b->pct, x),
                 lit_money_str(b->money2, y), lit_money_str(v, z));
      else if (b->has_money2)
        snprintf(out, cap, "owns %s, valued %s", lit_pct_str(b->pct, x),
                 lit_money_str(b->money2, y));
      else snprintf(out, cap, "owns %s", lit_pct_str(b->pct, x));
      break;
    }
    case F_SHARES:
      if (b->has_x && b->fx)
        snprintf(out, cap, "shares %s of revenue from %s", lit_pct_str(b->pct, x),
                 b->fx->name->s);
      else snprintf(out, cap, "shares %s of revenue", lit_pct_str(b->pct, x));
      break;
    case F_SUPPLIES: snprintf(out, cap, "supplies %s", lit_watts_str(b->watts, x)); break;
  }
}

static const char *flow_color(FlowKind k) {
  static const char *const c[] = {"#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
  return c[k];
}

void report_dot(FILE *f, const RunData *d, uint32_t k) {
  Program *p = d->p;
  Arena a;
  arena_init(&a);
  RunMarketBuf mb = {0};
  Defer da, dm;
  mem_defer(&da, arena_free_cb, &a);
  mem_defer(&dm, (void (*)(void *))rundata_market_buf_free, &mb);
  char title[600], buf[64];
  snprintf(title, sizeof title, "%s\n%s%s%s", p->has_scenario ? p->title : "Scenario",
           d->worlds[k].w->name, d->worlds[k].w->date ? " on " : "",
           d->worlds[k].w->date ? lit_date_str(d->worlds[k].w->date, buf) : "");
  fputs("digraph deal {\n", f);
  fputs("  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", label=", f);
  dstr(f, title);
  fputs("];\n", f);
  fputs("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n", f);
  fputs("  edge [fontname=\"Helvetica\", fontsize=10];\n", f);
  for (uint32_t q = 0; q < p->nparties; q++) {
    const Party *pt = p->parties[q];
    fputs("  ", f);
    dstr(f, pt->h.name->s);
    if (pt->display) {
      snprintf(title, sizeof title, "%s\n%s", pt->h.name->s, pt->display);
      fputs(" [label=", f);
      dstr(f, title);
      fputs("]", f);
    }
    fputs(";\n", f);
  }
  for (uint32_t i = 0; i < d->nflows; i++) {
    const RunFlow *fl = &d->flows[i];
    if (!fl->on[k] || !fl->b->fp || !fl->b->fq) continue;
    char label[300];
    flow_label(label, sizeof label, fl->b);
    fputs("  ", f);
    dstr(f, fl->b->fp->h.name->s);
    fputs(" -> ", f);
    dstr(f, fl->b->fq->h.name->s);
    fputs(" [label=", f);
    dstr(f, label);
    fprintf(f, ", color=\"%s\", fontcolor=\"%s\"];\n", flow_color(fl->b->fk),
            flow_color(fl->b->fk));
  }
  /* exclusive rights: from the product's owner (or the product itself
   * when it has none) to the one party that may */
  bool *product_node = arena_alloc(&a, p->nproducts + 1);
  for (uint32_t i = 0; i < d->nmarkets; i++) {
    const RunSlot *s = d->markets[i];
    RunMarket mk;
    rundata_market(d, s, k, &mk, &mb);
    char slot[300], label[400];
    rundata_slot_text(s, slot, sizeof slot);
    const Product *pr = (const Product *)s->obj;
    for (int32_t g2 = -1; g2 < (int32_t)s->namong; g2++) {
      int32_t who = g2 < 0 ? mk.exclusive : mk.excl_among[g2];
      if (who < 0 || (g2 >= 0 && who == mk.exclusive)) continue;
      if (g2 < 0) snprintf(label, sizeof label, "exclusive: %s", slot);
      else snprintf(label, sizeof label, "exclusive among %s: %s",
                    rundata_slot_among(s)[g2]->h.name->s, slot);
      const char *from = pr->own ? pr->own->h.name->s : pr->h.name->s;
      if (!pr->own && !product_node[pr->h.index]) {
        product_node[pr->h.index] = true;
        fputs("  ", f);
        dstr(f, pr->h.name->s);
        fputs(" [shape=ellipse, style=dashed];\n", f);
      }
      fputs("  ", f);
      dstr(f, from);
      fputs(" -> ", f);
      dstr(f, p->parties[who]->h.name->s);
      fputs(" [label=", f);
      dstr(f, label);
      fputs(", style=bold, color=\"#d62728\", fontcolor=\"#d62728\"];\n", f);
    }
  }
  fputs("}\n", f);
  mem_undefer(&dm, true);
  mem_undefer(&da, true);
}
