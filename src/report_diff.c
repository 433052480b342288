/* report_diff: `deal diff FILE A B` — every key, market, flow and total
 * that differs between two worlds, with the clauses responsible: one walk
 * told as text, as JSON or as an HTML page (report_html.c's shell). */
#include <string.h>

#include "json.h"
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
  View v;
  world_view(w, c, &v);
  if (v.fate == FATE_VOID) sb_puts(b, " is void");
  else if (v.construed) sb_printf(b, " is construed as covering %s", v.obj->name->s);
  else if (v.amended) sb_puts(b, " is amended");
  else if (c->out)
    sb_puts(b, v.fate == FATE_ABSENT ? " is not part of this world" : " is not in force");
  else if (v.fate != FATE_ACTIVE) sb_puts(b, " is not in force");
  else sb_puts(b, " no longer applies");
}

/* A deciding clause with what the world does to it. */
static void decider(StrBuf *b, World *w, const Clause *c) {
  print_clause_name(b, c);
  View v;
  world_view(w, c, &v);
  if (v.upheld) sb_puts(b, " (upheld)");
  if (v.amended) sb_puts(b, " (as amended)");
  if (v.construed) sb_printf(b, " (construed as covering %s)", v.obj->name->s);
}

/* Why a key reads differently in world 1 than in world 0. */
static void key_reason(StrBuf *b, const RunData *d, const RunRow *r) {
  World *w0 = d->worlds[0].w, *w1 = d->worlds[1].w;
  KeyResult k0 = {0}, k1 = {0};
  Defer d0, d1;
  mem_defer(&d0, (void (*)(void *))eval_key_free, &k0);
  mem_defer(&d1, (void (*)(void *))eval_key_free, &k1);
  eval_key(w0, d->scratch, r->party, r->s->act, r->s->obj, &k0);
  eval_key(w1, d->scratch, r->party, r->s->act, r->s->obj, &k1);
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
    if (!c->out && (!hit0 || world_effect(w0, c))) {
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
  mem_undefer(&d1, true);
  mem_undefer(&d0, true);
}

/* Why a flow is active in one world and not the other. */
static void flow_reason(StrBuf *b, const World *w, const Clause *c) {
  View v;
  world_view(w, c, &v);
  print_clause_name(b, c);
  if (v.fate == FATE_VOID) sb_printf(b, " is void in %s", w->name);
  else if (v.amended) sb_printf(b, " is amended in %s", w->name);
  else if (v.fate == FATE_ABSENT) sb_printf(b, " is not part of %s", w->name);
  else sb_printf(b, " is not in force in %s", w->name);
}

/* What report_diff holds while it prints (freed on an unwind too), and
 * where it prints: text on f, or JSON through j. */
typedef struct DiffTmp {
  Arena a;
  StrBuf s, x, y;
  RunMarketBuf b0, b1;
  FILE *f;
  Json *j;                  /* NULL: text or HTML */
  bool html;
  const ReportOpts *o;
  const char **names;       /* room for every party's name (JSON) */
} DiffTmp;

static void diff_tmp_free(void *v) {
  DiffTmp *t = v;
  arena_free(&t->a);
  sb_free(&t->s);
  sb_free(&t->x);
  sb_free(&t->y);
  rundata_market_buf_free(&t->b0);
  rundata_market_buf_free(&t->b1);
}

/* A section: its title with the count (text), or its array (JSON). */
static void section(DiffTmp *t, const char *title, const char *key, uint32_t n) {
  if (t->j) {
    json_key(t->j, key);
    json_open(t->j, '[');
  } else if (t->html) {
    fprintf(t->f, "<section id=\"%s\">\n<h2>%s <span class=\"note\">(%u "
            "differ)</span></h2>\n", key, title ? title : "Totals", n);
    if (!n) fputs("<p>None.</p>\n", t->f);
  } else if (title) {
    fprintf(t->f, "\n%s (%u differ)\n", title, n);
  }
}

static void section_end(DiffTmp *t) {
  if (t->j) json_close(t->j, ']');
  if (t->html) fputs("</section>\n", t->f);
}

/* HTML: a table's head, the two worlds' columns among them. */
static void html_table(DiffTmp *t, const RunData *d, const char *first,
                       const char *last) {
  fprintf(t->f, "<table>\n<thead><tr><th scope=\"col\">%s</th>", first);
  for (uint32_t k = 0; k < 2; k++) {
    fputs("<th scope=\"col\">", t->f);
    report_html_esc(t->f, d->worlds[k].w->name);
    fputs("</th>", t->f);
  }
  if (last) fprintf(t->f, "<th scope=\"col\">%s</th>", last);
  fputs("</tr></thead>\n<tbody>\n", t->f);
}

/* A key whose status changed, with why: as a line of its own (indent
 * "  ") or after its market (indent "    "), or as JSON. */
static void key_change(DiffTmp *t, const RunData *d, const RunRow *r,
                       bool in_market) {
  char buf[512];
  Status s0 = rundata_status(d, r, 0), s1 = rundata_status(d, r, 1);
  t->s.n = 0;
  sb_put(&t->s, "", 0);
  key_reason(&t->s, d, r);
  if (t->j) {
    json_sep(t->j);
    json_open_flat(t->j, '{');
    report_json_key(t->j, d, r);
    json_kv_str(t->j, "from", eval_status_name(s0));
    json_kv_str(t->j, "to", eval_status_name(s1));
    json_kv_str(t->j, "because", t->s.s);
    json_close(t->j, '}');
    return;
  }
  rundata_key_text(d, r, buf, sizeof buf);
  if (t->html) {
    fputs("<tr><th scope=\"row\">", t->f);
    report_html_esc(t->f, buf);
    fputs("</th>", t->f);
    report_html_status_cell(t->f, d, r, 0, s0, false);
    report_html_status_cell(t->f, d, r, 1, s1, true);
    fputs("<td>", t->f);
    report_html_esc(t->f, t->s.s);
    fputs("</td></tr>\n", t->f);
    return;
  }
  if (in_market) {
    report_say(t->f, t->o->width, 6, "    %s: %s -> %s, because %s", buf,
               eval_status_name(s0), eval_status_name(s1), t->s.s);
    return;
  }
  bool color = t->o->color;
  fprintf(t->f, "  %s: %s%s -> %s%s\n", buf, eval_status_name(s0),
          color ? "\033[1m" : "", eval_status_name(s1), color ? "\033[0m" : "");
  report_say(t->f, t->o->width, 6, "    because %s", t->s.s);
}

static uint32_t diff_permissions(const RunData *d, DiffTmp *t) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < d->nrows; i++)
    n += rundata_status(d, &d->rows[i], 0) != rundata_status(d, &d->rows[i], 1);
  section(t, "Permissions", "permissions", n);
  if (t->html && n) html_table(t, d, "Key", "Because");
  for (uint32_t i = 0; i < d->nrows; i++) {
    const RunRow *r = &d->rows[i];
    if (rundata_status(d, r, 0) != rundata_status(d, r, 1)) key_change(t, d, r, false);
  }
  if (t->html && n) fputs("</tbody>\n</table>\n", t->f);
  section_end(t);
  return n;
}

/* The contested parties of a market as text ("nobody" when none). */
static void contested_text(StrBuf *b, const RunData *d, const RunMarket *m) {
  b->n = 0;
  sb_put(b, "", 0);
  for (uint32_t c = 0; c < m->ncontested; c++)
    sb_printf(b, "%s%s", c ? ", " : "", d->p->parties[m->contested[c]]->h.name->s);
  if (!b->n) sb_puts(b, "nobody");
}

/* What changed in a market, as text: who may, exclusivity, contested. */
/* One of a market's lines as an HTML row: what, before, after. */
static void html_market_row(DiffTmp *t, const char *what) {
  fprintf(t->f, "<tr><th scope=\"row\">%s</th><td>", what);
  report_html_esc(t->f, t->x.s);
  fputs("</td><td class=\"chg\">", t->f);
  report_html_mark(t->f, "the first world");
  report_html_esc(t->f, t->y.s);
  fputs("</td><td></td></tr>\n", t->f);
}

static void market_lines(DiffTmp *t, const RunData *d, const RunSlot *sl,
                         const RunMarket *m0, const RunMarket *m1) {
  FILE *f = t->f;
  if (t->html) {
    t->x.n = t->y.n = 0;
    report_permitted_text(&t->x, d, sl, m0, 0);
    report_permitted_text(&t->y, d, sl, m1, 0);
    if (strcmp(t->x.s, t->y.s)) html_market_row(t, "permitted");
    t->x.n = t->y.n = 0;
    report_exclusive_text(&t->x, d, sl, m0);
    report_exclusive_text(&t->y, d, sl, m1);
    if (strcmp(t->x.s, t->y.s)) html_market_row(t, "exclusive");
    if (m0->ncontested != m1->ncontested ||
        memcmp(m0->contested, m1->contested, m0->ncontested * sizeof(int32_t))) {
      contested_text(&t->x, d, m0);
      contested_text(&t->y, d, m1);
      html_market_row(t, "contested");
    }
    return;
  }
  t->x.n = t->y.n = 0;
  report_permitted_text(&t->x, d, sl, m0, 0);
  report_permitted_text(&t->y, d, sl, m1, 0);
  if (strcmp(t->x.s, t->y.s))
    report_say(f, t->o->width, 6, "    permitted: %s -> %s", t->x.s, t->y.s);
  t->x.n = t->y.n = 0;
  report_exclusive_text(&t->x, d, sl, m0);
  report_exclusive_text(&t->y, d, sl, m1);
  if (strcmp(t->x.s, t->y.s))
    report_say(f, t->o->width, 6, "    exclusive: %s -> %s", t->x.s, t->y.s);
  if (m0->ncontested != m1->ncontested ||
      memcmp(m0->contested, m1->contested, m0->ncontested * sizeof(int32_t))) {
    contested_text(&t->x, d, m0);
    contested_text(&t->y, d, m1);
    report_say(f, t->o->width, 6, "    contested: %s -> %s", t->x.s, t->y.s);
  }
}

/* One market that differs: who may, exclusivity, contested, and each
 * party whose key changed with its reason. */
static void diff_market(const RunData *d, const RunSlot *sl,
                        const RunMarket *m0, const RunMarket *m1, DiffTmp *t) {
  Json *j = t->j;
  if (j) {
    json_sep(j);
    json_open(j, '{');
    json_kv_str(j, "action", sl->act->h.name->s);
    json_kv_str(j, "prep", sl->act->prep ? print_prep(sl->act->prep) : NULL);
    json_kv_str(j, "product", sl->obj->name->s);
    json_key(j, "from");
    json_open_flat(j, '{');
    report_json_market(j, d, sl, m0, t->names);
    json_close(j, '}');
    json_key(j, "to");
    json_open_flat(j, '{');
    report_json_market(j, d, sl, m1, t->names);
    json_close(j, '}');
    json_key(j, "keys");
    json_open(j, '[');
  } else if (t->html) {
    char buf[512];
    rundata_slot_text(sl, buf, sizeof buf);
    fputs("<figure class=\"market\">\n<figcaption>", t->f);
    report_html_esc(t->f, buf);
    fputs("</figcaption>\n", t->f);
    html_table(t, d, "", "Because");
    market_lines(t, d, sl, m0, m1);
  } else {
    char buf[512];
    rundata_slot_text(sl, buf, sizeof buf);
    fprintf(t->f, "  %s\n", buf);
    market_lines(t, d, sl, m0, m1);
  }
  for (int32_t k = -1; k < (int32_t)sl->np; k++) {
    Status s0 = rundata_slot_status(sl, k, 0), s1 = rundata_slot_status(sl, k, 1);
    if (s0 == s1 || (k < 0 && !rundata_slot_nrest(d, sl))) continue;
    RunRow r = {(RunSlot *)sl, k, k >= 0 ? rundata_slot_parties(sl)[k] : -1};
    key_change(t, d, &r, true);
  }
  if (j) {
    json_close(j, ']');
    json_close(j, '}');
  }
  if (t->html) fputs("</tbody>\n</table>\n</figure>\n", t->f);
}

static uint32_t diff_markets(const RunData *d, DiffTmp *t) {
  uint32_t n = 0;
  RunMarket m0, m1;
  for (uint32_t i = 0; i < d->nmarkets; i++) {
    rundata_market(d, d->markets[i], 0, &m0, &t->b0);
    rundata_market(d, d->markets[i], 1, &m1, &t->b1);
    n += !rundata_market_equal(&m0, &m1, d->markets[i]->namong);
  }
  section(t, "Markets", "markets", n);
  for (uint32_t i = 0; i < d->nmarkets; i++) {
    const RunSlot *sl = d->markets[i];
    rundata_market(d, sl, 0, &m0, &t->b0);
    rundata_market(d, sl, 1, &m1, &t->b1);
    if (!rundata_market_equal(&m0, &m1, sl->namong)) diff_market(d, sl, &m0, &m1, t);
  }
  section_end(t);
  return n;
}

static uint32_t diff_flows(const RunData *d, DiffTmp *t) {
  const World *w0 = d->worlds[0].w, *w1 = d->worlds[1].w;
  uint32_t n = 0;
  for (uint32_t i = 0; i < d->nflows; i++) n += rundata_flow_differs(&d->flows[i], 1);
  section(t, "Flows", "flows", n);
  if (t->html && n) fputs("<ul>\n", t->f);
  for (uint32_t i = 0; i < d->nflows; i++) {
    const RunFlow *fl = &d->flows[i];
    if (!rundata_flow_differs(fl, 1)) continue;
    if (fl->on[0] == fl->on[1]) {
      /* active in neither: in force on other days in one or both */
      char b0[32], b1[32], date[16];
      const char *c0 = rundata_flow_cell(fl, 0, b0), *c1 = rundata_flow_cell(fl, 1, b1);
      lit_date_str(d->worlds[1].w->date, date);
      t->s.n = 0;
      sb_put(&t->s, "", 0);
      bool in1 = strcmp(c1, "-") != 0;
      if (!strcmp(c0, "-") || !in1)
        sb_printf(&t->s, "%s: %s on %s", in1 ? c1 : c0,
                  fl->when[in1].kind == RUN_LATER ? "not yet" : "no longer", date);
      else
        sb_printf(&t->s, "%s: %s; %s: %s; on %s", w0->name, c0, w1->name, c1, date);
      if (t->j) {
        json_sep(t->j);
        json_open_flat(t->j, '{');
        json_kv_str(t->j, "clause", rundata_clause_name(&t->a, fl->c));
        report_json_flow(t->j, fl, &t->a);
        json_kv_null(t->j, "only_in");
        json_kv_str(t->j, "because", t->s.s);
        json_close(t->j, '}');
      } else if (t->html) {
        fputs("<li><span aria-hidden=\"true\">~</span> ", t->f);
        report_html_esc(t->f, rundata_flow_text(&t->a, fl->b, true));
        fputs(": ", t->f);
        report_html_esc(t->f, t->s.s);
        fputs("</li>\n", t->f);
      } else if (!strcmp(c0, "-") || !in1) {
        report_say(t->f, t->o->width, 4, "  ~ %s (only in %s, %s)", rundata_flow_text(&t->a, fl->b, true),
                in1 ? w1->name : w0->name, t->s.s);
      } else {
        report_say(t->f, t->o->width, 4, "  ~ %s (%s)", rundata_flow_text(&t->a, fl->b, true), t->s.s);
      }
      continue;
    }
    int in = fl->on[0] ? 0 : 1;
    t->s.n = 0;
    sb_put(&t->s, "", 0);
    const World *other = in ? w0 : w1;
    View v;
    world_view(other, fl->c, &v);
    if (v.b != fl->b && v.b->is_flow && v.fate == FATE_ACTIVE)
      sb_printf(&t->s, "%s reads differently in %s",
                rundata_clause_name(&t->a, fl->c), other->name);
    else flow_reason(&t->s, other, fl->c);
    if (t->j) {
      json_sep(t->j);
      json_open_flat(t->j, '{');
      json_kv_str(t->j, "clause", rundata_clause_name(&t->a, fl->c));
      report_json_flow(t->j, fl, &t->a);
      json_kv_str(t->j, "only_in", in ? w1->id : w0->id);
      json_kv_str(t->j, "because", t->s.s);
      json_close(t->j, '}');
    } else if (t->html) {
      fprintf(t->f, "<li><span aria-hidden=\"true\">%s</span> ",
              in ? "+" : "&#8722;");
      report_html_esc(t->f, rundata_flow_text(&t->a, fl->b, true));
      fputs(" (only in ", t->f);
      report_html_esc(t->f, in ? w1->name : w0->name);
      fputs("), because ", t->f);
      report_html_esc(t->f, t->s.s);
      fputs("</li>\n", t->f);
    } else {
      fprintf(t->f, "  %c %s (only in %s)\n", in ? '+' : '-',
              rundata_flow_text(&t->a, fl->b, true), in ? w1->name : w0->name);
      report_say(t->f, t->o->width, 6, "    because %s", t->s.s);
    }
  }
  if (t->html && n) fputs("</ul>\n", t->f);
  section_end(t);
  return n;
}

static void json_total(Json *j, const char *k, const RunTotal *t) {
  json_key(j, k);
  if (t->overflow) json_str(j->f, "overflow");
  else fprintf(j->f, "%lld", (long long)t->v);
}

static uint32_t diff_totals(const RunData *d, DiffTmp *t) {
  char b2[64], b3[64];
  uint32_t n = 0;
  if (t->j) section(t, NULL, "totals", 0);
  if (t->html) {
    for (uint32_t q = 0; q < d->p->nparties; q++)
      for (int m = 0; m < TM_N; m++) {
        const RunTotal *t0 = &d->worlds[0].totals[(size_t)q * TM_N + m];
        const RunTotal *t1 = &d->worlds[1].totals[(size_t)q * TM_N + m];
        n += t0->v != t1->v || t0->overflow != t1->overflow;
      }
    section(t, "Totals", "totals", n);
    if (n) html_table(t, d, "Party", NULL);
    n = 0;
  }
  for (uint32_t q = 0; q < d->p->nparties; q++)
    for (int m = 0; m < TM_N; m++) {
      const RunTotal *t0 = &d->worlds[0].totals[(size_t)q * TM_N + m];
      const RunTotal *t1 = &d->worlds[1].totals[(size_t)q * TM_N + m];
      if (t0->v == t1->v && t0->overflow == t1->overflow) continue;
      const char *party = d->p->parties[q]->h.name->s;
      n++;
      if (t->j) {
        json_sep(t->j);
        json_open_flat(t->j, '{');
        json_kv_str(t->j, "party", party);
        json_kv_str(t->j, "measure", report_json_measure(m));
        json_kv_str(t->j, "unit", rundata_measure_is_watts(m) ? "watts" : "cents");
        json_total(t->j, "from", t0);
        json_total(t->j, "to", t1);
        json_close(t->j, '}');
        continue;
      }
      if (t->html) {
        const char *mn = rundata_measure_name(m);
        while (*mn == ' ') mn++;
        fputs("<tr><th scope=\"row\">", t->f);
        report_html_esc(t->f, party);
        fputs(" ", t->f);
        report_html_esc(t->f, mn);
        fputs("</th><td class=\"num\">", t->f);
        report_html_esc(t->f, rundata_total_str(t0, m, b2));
        fputs("</td><td class=\"num chg\">", t->f);
        report_html_mark(t->f, d->worlds[0].w->name);
        report_html_esc(t->f, rundata_total_str(t1, m, b3));
        fputs("</td></tr>\n", t->f);
        continue;
      }
      if (n == 1) fputs("\nTotals\n", t->f);
      const char *mn = rundata_measure_name(m);
      while (*mn == ' ') mn++;
      fprintf(t->f, "  %s %s%s: %s -> %s\n", party,
              m == TM_COMMITS || m == TM_INVESTED_COMMITTED ? "committed " : "",
              m == TM_COMMITS ? "investment" : m == TM_INVESTED_COMMITTED ? "investment received" : mn,
              rundata_total_str(t0, m, b2), rundata_total_str(t1, m, b3));
    }
  if (t->html && n) fputs("</tbody>\n</table>\n", t->f);
  if (t->j || t->html) section_end(t);
  return n;
}

static void json_world(Json *j, const char *k, const World *w) {
  char buf[64];
  json_key(j, k);
  json_open_flat(j, '{');
  json_kv_str(j, "id", w->id);
  json_kv_str(j, "name", w->name);
  json_kv_str(j, "date", w->date ? lit_date_str(w->date, buf) : NULL);
  json_close(j, '}');
}

/* The one walk of both forms. */
static uint32_t diff(FILE *f, Json *j, bool html, const RunData *d,
                     const ReportOpts *o) {
  DiffTmp t = {0};
  t.html = html;
  arena_init(&t.a);
  sb_init(&t.s);
  sb_init(&t.x);
  sb_init(&t.y);
  t.f = f;
  t.j = j;
  t.o = o;
  Defer dt;
  mem_defer(&dt, diff_tmp_free, &t);
  char b2[64];
  const World *w0 = d->worlds[0].w, *w1 = d->worlds[1].w;
  if (j) {
    t.names = arena_alloc(&t.a, (d->p->nparties + 1) * sizeof *t.names);
    json_open(j, '{');
    json_kv_int(j, "version", REPORT_JSON_VERSION);
    json_kv_str(j, "scenario", o->file);
    json_world(j, "from", w0);
    json_world(j, "to", w1);
    report_json_filter(j, d);
  } else if (html) {
    Program *p = d->p;
    t.s.n = 0;
    sb_printf(&t.s, "%s: %s to %s", p->has_scenario ? p->title : "Scenario",
              w0->name, w1->name);
    report_html_begin(f, t.s.s);
    fputs("<header>\n<h1>", f);
    report_html_esc(f, p->has_scenario ? p->title : "Scenario");
    fputs("</h1>\n<p>What differs from <strong>", f);
    report_html_esc(f, w0->name);
    fputs("</strong> to <strong>", f);
    report_html_esc(f, w1->name);
    fputs("</strong>", f);
    if (w0->date) fprintf(f, " as of %s", lit_date_str(w0->date, b2));
    fputs(", computed by <code>deal diff</code> from <code>", f);
    report_html_esc(f, o->file ? o->file : "the scenario");
    fputs("</code>. Open a status to see the clauses that decide it; "
          "<span class=\"mark\" aria-hidden=\"true\">&#916;</span> marks "
          "what changes.</p>\n</header>\n<main>\n", f);
  } else {
    char only[512];
    bool filtered = rundata_filter_text(d, only, sizeof only);
    report_say(f, o->width, 2, "%s -> %s%s%s%s%s%s%s", w0->name, w1->name,
               w0->date ? " (as of " : "", w0->date ? lit_date_str(w0->date, b2) : "",
               w0->date ? ")" : "", filtered ? " (" : "", filtered ? only : "",
               filtered ? ")" : "");
  }
  uint32_t total = diff_permissions(d, &t);
  total += diff_markets(d, &t);
  total += diff_flows(d, &t);
  total += diff_totals(d, &t);
  if (j) {
    json_kv_int(j, "differences", total);
    json_close(j, '}');
    fputc('\n', f);
  } else if (html) {
    fprintf(f, "<p><strong>%u difference%s</strong>.</p>\n</main>\n", total,
            total == 1 ? "" : "s");
    report_html_end(f);
  } else {
    fprintf(f, "\n%u difference%s\n", total, total == 1 ? "" : "s");
  }
  mem_undefer(&dt, true);
  return total;
}

uint32_t report_diff(FILE *f, const RunData *d, const ReportOpts *o) {
  return diff(f, NULL, false, d, o);
}

uint32_t report_diff_html(FILE *f, const RunData *d, const ReportOpts *o) {
  return diff(f, NULL, true, d, o);
}

uint32_t report_diff_json(FILE *f, const RunData *d, const ReportOpts *o) {
  Json j;
  json_init(&j, f);
  return diff(f, &j, false, d, o);
}
