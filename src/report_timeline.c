/* report_timeline: `deal timeline` as text, JSON or Markdown (LANGUAGE.md
 * section 11; the JSON schema is in docs/json.md).
 *
 * For each world: every slot (action, object) with a key whose status
 * changes over time or whose product a clause names — the market, who
 * may, period by period, and each such key's periods with the clause
 * windows behind every change — then every flow with the periods in which
 * it is active.  A world after the first lists only what differs from
 * the first world.  The first world's slots are printed as the timeline
 * hands them over (timeline.h), so they are never all held at once. */
#include <string.h>

#include "explain.h"
#include "json.h"
#include "literal.h"
#include "report.h"
#include "timeline.h"

typedef struct Out {
  FILE *f;
  TimelineFormat fmt;
  const ReportOpts *o;
  const Timeline *tl;
  JsonW j;
  StrBuf s;
  WhenChanges ch;           /* the changes of the slot being printed */
  Period *kp, *kp0;         /* a key's periods, and the first world's */
  uint8_t *kst, *kst0;
  uint32_t *kat, *kat0;     /* a market period's first slot period */
  uint32_t capk;
  RunMarketBuf mb[2];
  Arena a;                  /* texts */
  bool world_open;          /* JSON: a world's "slots" array is open */
} Out;

static void out_free(void *v) {
  Out *o = v;
  sb_free(&o->s);
  when_changes_free(&o->ch);
  mem_free(o->kp);
  mem_free(o->kp0);
  mem_free(o->kst);
  mem_free(o->kst0);
  mem_free(o->kat);
  mem_free(o->kat0);
  rundata_market_buf_free(&o->mb[0]);
  rundata_market_buf_free(&o->mb[1]);
  arena_free(&o->a);
}

static const char *pn(const Out *o, int32_t q) {
  return o->tl->p->parties[q]->h.name->s;
}

static bool holds_asof(const Out *o, const Period *p) {
  int32_t d = o->tl->asof;
  return d && (!p->from || p->from <= d) && (!p->to || d <= p->to);
}

/* "until 2025-10-27", "2025-10-28 to 2032-12-31", "from ...", "always" */
static const char *period_text(Out *o, const Period *p) {
  o->s.n = 0;
  print_periods(&o->s, p, 1);
  return o->s.s;
}

static const char *date_or_null(int32_t d, char *buf) {
  return d ? lit_date_str(d, buf) : NULL;
}

static void json_period_fields(Out *o, const Period *p) {
  char b[64];
  json_kv_str(&o->j, "from", date_or_null(p->from, b));
  json_kv_str(&o->j, "to", date_or_null(p->to, b));
  json_kv_bool(&o->j, "as_of", holds_asof(o, p));
}

/* A period at the start of a line: the as-of mark, then the period,
 * padded to a column when something follows. */
static void period_cell(Out *o, const Period *p, const char *in, bool pad) {
  bool now = holds_asof(o, p);
  const char *t = period_text(o, p);
  if (o->fmt == TIMELINE_MARKDOWN) fprintf(o->f, "| %s%s%s |", now ? "**" : "", t, now ? "**" : "");
  else fprintf(o->f, "%s%s %-*s", in, now ? ">" : " ", pad ? 26 : 0, t);
}

/* ---- markets ---- */

/* The market of period k into mk (buffer b): the run's rule. */
static void market_at(Out *o, const TlSlot *s, uint32_t k, RunMarket *mk,
                      RunMarketBuf *b) {
  rundata_market(&o->tl->shell, s->s, k, mk, b);
}

/* The periods of a slot's market, merged where it is the same; the
 * slot's period each starts with into at[] (room for s->npd); returns
 * how many. */
static uint32_t market_periods(Out *o, const TlSlot *s, Period *out,
                               uint32_t *at) {
  uint32_t n = 0;
  RunMarket m[2];
  int cur = 0;
  for (uint32_t k = 0; k < s->npd; k++) {
    market_at(o, s, k, &m[cur], &o->mb[cur]);
    if (n && rundata_market_equal(&m[cur], &m[!cur], s->s->namong)) {
      out[n - 1].to = s->pd[k].to;
      continue;
    }
    out[n] = s->pd[k];
    at[n++] = k;
    cur = !cur;
  }
  return n;
}

static bool same_market(Out *o, const TlSlot *s) {
  uint32_t n = market_periods(o, s, o->kp, o->kat);
  uint32_t n0 = market_periods(o, s->first, o->kp0, o->kat0);
  if (!when_same(o->kp, n, o->kp0, n0)) return false;
  for (uint32_t i = 0; i < n; i++) {
    RunMarket a, b;
    market_at(o, s, o->kat[i], &a, &o->mb[0]);
    market_at(o, s->first, o->kat0[i], &b, &o->mb[1]);
    if (!rundata_market_equal(&a, &b, s->s->namong)) return false;
  }
  return true;
}

static void market_text(Out *o, const TlSlot *s, const RunMarket *mk,
                        StrBuf *b) {
  b->n = 0;
  sb_puts(b, "");
  report_permitted_text(b, &o->tl->shell, s->s, mk, 8);
  size_t at = b->n;
  sb_puts(b, "; exclusive ");
  size_t start = b->n;
  report_exclusive_text(b, &o->tl->shell, s->s, mk);
  if (!strcmp(b->s + start, "no")) b->n = at, b->s[at] = 0;
  for (uint32_t c = 0; c < mk->ncontested && c < 8; c++)
    sb_printf(b, "%s%s", c ? ", " : "; contested: ", pn(o, mk->contested[c]));
  if (mk->ncontested > 8) sb_printf(b, " and %u more", mk->ncontested - 8);
}

static void json_market(Out *o, const TlSlot *s, const RunMarket *mk) {
  JsonW *j = &o->j;
  json_key(j, "permitted");
  json_open_flat(j, '[');
  for (uint32_t i = 0; i < mk->npermitted; i++) {
    json_sep(j);
    json_str(o->f, pn(o, mk->permitted[i]));
  }
  json_close(j, ']');
  json_kv_bool(j, "others_permitted", mk->rest_permitted);
  json_kv_int(j, "others", mk->nrest);
  json_key(j, "contested");
  json_open_flat(j, '[');
  for (uint32_t i = 0; i < mk->ncontested; i++) {
    json_sep(j);
    json_str(o->f, pn(o, mk->contested[i]));
  }
  json_close(j, ']');
  json_kv_str(j, "exclusive", mk->exclusive >= 0 ? pn(o, mk->exclusive) : NULL);
  json_key(j, "exclusive_among");
  json_open_flat(j, '{');
  for (uint32_t g = 0; g < s->s->namong; g++)
    json_kv_str(j, rundata_slot_among(s->s)[g]->h.name->s,
                mk->excl_among[g] >= 0 ? pn(o, mk->excl_among[g]) : NULL);
  json_close(j, '}');
}

static void print_market(Out *o, const TlSlot *s) {
  uint32_t n = market_periods(o, s, o->kp, o->kat);
  StrBuf t;
  sb_init(&t);
  Defer d;
  mem_defer(&d, (void (*)(void *))sb_free, &t);
  if (o->fmt == TIMELINE_JSON) {
    json_key(&o->j, "market");
    json_open(&o->j, '[');
  } else if (o->fmt == TIMELINE_MARKDOWN) {
    fprintf(o->f, "| period | who may |\n|---|---|\n");
  } else {
    fprintf(o->f, "    who may\n");
  }
  for (uint32_t i = 0; i < n; i++) {
    RunMarket mk;
    market_at(o, s, o->kat[i], &mk, &o->mb[0]);
    if (o->fmt == TIMELINE_JSON) {
      json_sep(&o->j);
      json_open_flat(&o->j, '{');
      json_period_fields(o, &o->kp[i]);
      json_market(o, s, &mk);
      json_close(&o->j, '}');
      continue;
    }
    period_cell(o, &o->kp[i], "      ", true);
    market_text(o, s, &mk, &t);
    fprintf(o->f, o->fmt == TIMELINE_MARKDOWN ? " %s |\n" : "%s\n", t.s);
  }
  if (o->fmt == TIMELINE_JSON) json_close(&o->j, ']');
  else if (o->fmt == TIMELINE_MARKDOWN) fputc('\n', o->f);
  mem_undefer(&d, true);
}

/* ---- keys ---- */

static void room_keys(Out *o, uint32_t n) {
  if (n <= o->capk) return;
  o->capk = n * 2;
  o->kp = mem_realloc(o->kp, o->capk * sizeof *o->kp);
  o->kp0 = mem_realloc(o->kp0, o->capk * sizeof *o->kp0);
  o->kst = mem_realloc(o->kst, o->capk);
  o->kst0 = mem_realloc(o->kst0, o->capk);
  o->kat = mem_realloc(o->kat, o->capk * sizeof *o->kat);
  o->kat0 = mem_realloc(o->kat0, o->capk * sizeof *o->kat0);
}

/* Is column j to be shown: its status changes (the first world), or it
 * differs from the first world's (another)? */
static bool key_shown(Out *o, const TlSlot *s, uint32_t j) {
  if (!s->first) return timeline_key_changes(s, j);
  uint32_t n = timeline_key(s, j, o->kp, o->kst);
  uint32_t n0 = timeline_key(s->first, j, o->kp0, o->kst0);
  return !when_same(o->kp, n, o->kp0, n0) || memcmp(o->kst, o->kst0, n);
}

static const char *status_text(uint8_t st) {
  static const char *t[2][4] = {
      {"permitted (default)", "required (default)", "forbidden (default)",
       "contested (default)"},
      {"permitted", "required", "forbidden", "contested"}};
  return t[(st & RUN_COVERED) != 0][st & 3];
}

/* The changes of the slot on a day that bear on party q. */
static void key_changes(Out *o, const TlSlot *s, int32_t day, int32_t q) {
  const World *w = o->tl->worlds[s->world].w;
  uint32_t first, n = when_changes_on(&o->ch, day, &first), shown = 0;
  for (uint32_t i = 0; i < n; i++) {
    const WhenWhy *y = &o->ch.v[first + i];
    if (!timeline_bears(y, q)) continue;
    shown++;
    if (o->fmt == TIMELINE_JSON) {
      char b[64];
      View v;
      world_view(w, y->c, &v);
      static const char *which[] = {"", "signed", "agreement_until", "from", "until"};
      static const char *tier[] = {"ordinary", "ruling", "order"};
      const Effect *e = y->amended ? world_effect(w, y->c) : NULL;
      json_sep(&o->j);
      json_open_flat(&o->j, '{');
      json_kv_str(&o->j, "clause", rundata_clause_name(&o->a, y->c));
      json_kv_str(&o->j, "tier", tier[v.tier]);
      json_kv_bool(&o->j, "starts", y->starts);
      json_kv_str(&o->j, "day", lit_date_str(y->day, b));
      json_kv_str(&o->j, "date", which[y->which]);
      json_kv_str(&o->j, "written", lit_date_str(y->date, b));
      json_kv_str(&o->j, "amended_by", e && e->by ? e->by->h.name->s : NULL);
      json_kv_str(&o->j, "file", diag_file_name(o->tl->p->diag, y->at));
      json_kv_int(&o->j, "line", y->at.line);
      json_close(&o->j, '}');
    } else if (o->fmt == TIMELINE_MARKDOWN) {
      fputs(shown > 1 ? "; " : " ", o->f);
      explain_when_change(o->f, o->tl->p, w, y);
    } else {
      fprintf(o->f, "          ");
      explain_when_change(o->f, o->tl->p, w, y);
      fputc('\n', o->f);
    }
  }
}

/* One key: its periods, each with the changes that start it. */
static void print_key(Out *o, const TlSlot *s, uint32_t j, int32_t party,
                      uint32_t nrest) {
  uint32_t n = timeline_key(s, j, o->kp, o->kst);
  int32_t q = j < s->s->np ? rundata_slot_parties(s->s)[j] : -1;
  char head[64];
  const char *name = party >= 0 ? pn(o, party) : head;
  if (party < 0) snprintf(head, sizeof head, "(%u other parties)", nrest);
  if (o->fmt == TIMELINE_JSON) {
    json_sep(&o->j);
    json_open(&o->j, '{');
    json_kv_str(&o->j, "party", party >= 0 ? name : NULL);
    json_kv_int(&o->j, "other_parties", party >= 0 ? 0 : nrest);
    json_key(&o->j, "periods");
    json_open(&o->j, '[');
  } else if (o->fmt == TIMELINE_TEXT) {
    fprintf(o->f, "    %s\n", name);
  }
  for (uint32_t i = 0; i < n; i++) {
    const Period *p = &o->kp[i];
    if (o->fmt == TIMELINE_JSON) {
      json_sep(&o->j);
      json_open_flat(&o->j, '{');
      json_period_fields(o, p);
      json_kv_str(&o->j, "status", eval_status_name((Status)(o->kst[i] & 3)));
      json_kv_bool(&o->j, "covered", o->kst[i] & RUN_COVERED);
      json_key(&o->j, "changes");
      json_open_flat(&o->j, '[');
      if (i) key_changes(o, s, p->from, q);
      json_close(&o->j, ']');
      json_close(&o->j, '}');
      continue;
    }
    if (o->fmt == TIMELINE_MARKDOWN) fprintf(o->f, "| %s ", i ? "" : name);
    period_cell(o, p, "      ", true);
    fprintf(o->f, o->fmt == TIMELINE_MARKDOWN ? " %s |" : "%s\n",
            status_text(o->kst[i]));
    if (i) key_changes(o, s, p->from, q);
    if (o->fmt == TIMELINE_MARKDOWN) fputs(" |\n", o->f);
  }
  if (o->fmt == TIMELINE_JSON) {
    json_close(&o->j, ']');
    json_close(&o->j, '}');
  }
}

/* The rows of column j: a named party; the parties not named, one row
 * each when they are few (as `deal run` shows them), else one. */
static void print_column(Out *o, const TlSlot *s, uint32_t j) {
  const RunSlot *r = s->s;
  Program *p = o->tl->p;
  if (j < r->np) {
    print_key(o, s, j, rundata_slot_parties(r)[j], 0);
    return;
  }
  uint32_t nrest = p->nparties - r->np;
  if (nrest > RUN_MAX_REST_ROWS) {
    print_key(o, s, j, -1, nrest);
    return;
  }
  for (int32_t q = 0, i = 0; (uint32_t)q < p->nparties; q++) {
    while ((uint32_t)i < r->np && rundata_slot_parties(r)[i] < q) i++;
    if ((uint32_t)i < r->np && rundata_slot_parties(r)[i] == q) continue;
    print_key(o, s, j, q, 0);
  }
}

/* ---- slots ---- */

static void print_slot(void *arg, const Timeline *tl, const TlSlot *s) {
  Out *o = arg;
  (void)tl;
  const RunSlot *r = s->s;
  uint32_t ncol = r->np + (o->tl->p->nparties > r->np ? 1 : 0);
  room_keys(o, s->npd + 1);
  bool market = r->market && (!s->first || !same_market(o, s)), any = market;
  for (uint32_t j = 0; j < ncol && !any; j++) any = key_shown(o, s, j);
  if (!any) return;
  timeline_changes(o->tl, s, &o->ch);
  char slot[300];
  rundata_slot_text(r, slot, sizeof slot);
  if (o->fmt == TIMELINE_JSON) {
    const Action *a = r->act;
    json_sep(&o->j);
    json_open(&o->j, '{');
    json_kv_str(&o->j, "action", a->h.name->s);
    json_kv_str(&o->j, "prep", a->prep ? print_prep(a->prep) : NULL);
    json_kv_str(&o->j, "object", r->obj->name->s);
    if (market) print_market(o, s);
    else json_kv_null(&o->j, "market");
    json_key(&o->j, "keys");
    json_open(&o->j, '[');
  } else if (o->fmt == TIMELINE_MARKDOWN) {
    fprintf(o->f, "### %s\n\n", slot);
    if (market) print_market(o, s);
    fprintf(o->f, "| key | period | status | changes |\n|---|---|---|---|\n");
  } else {
    fprintf(o->f, "  %s\n", slot);
    if (market) print_market(o, s);
  }
  for (uint32_t j = 0; j < ncol; j++)
    if (key_shown(o, s, j)) print_column(o, s, j);
  if (o->fmt == TIMELINE_JSON) {
    json_close(&o->j, ']');
    json_close(&o->j, '}');
  } else if (o->fmt == TIMELINE_MARKDOWN) {
    fputc('\n', o->f);
  }
  arena_free(&o->a);
  arena_init(&o->a);
}

/* ---- flows ---- */

static void print_flows(Out *o, const TlWorld *tw) {
  if (o->fmt == TIMELINE_JSON) {
    json_key(&o->j, "flows");
    json_open(&o->j, '[');
  } else if (o->fmt == TIMELINE_MARKDOWN) {
    fprintf(o->f, "### Flows\n\n");
    if (tw->nflows) fprintf(o->f, "| flow | clause | active |\n|---|---|---|\n");
    else fprintf(o->f, "(none)\n\n");
  } else {
    fprintf(o->f, "  Flows%s\n", tw->nflows ? "" : ": none");
  }
  static const char *kind[] = {"invests", "pays", "owns", "shares", "supplies"};
  for (uint32_t i = 0; i < tw->nflows; i++) {
    const TlFlow *fl = &tw->flows[i];
    const char *text = rundata_flow_text(&o->a, fl->b, false);
    const char *name = rundata_clause_name(&o->a, fl->c);
    if (o->fmt == TIMELINE_JSON) {
      json_sep(&o->j);
      json_open(&o->j, '{');
      json_kv_str(&o->j, "clause", name);
      json_kv_bool(&o->j, "amended", fl->b != fl->c->body);
      json_kv_str(&o->j, "kind", kind[fl->b->fk]);
      json_kv_str(&o->j, "from", fl->b->fp ? fl->b->fp->h.name->s : NULL);
      json_kv_str(&o->j, "to", fl->b->fq ? fl->b->fq->h.name->s : NULL);
      json_kv_str(&o->j, "text", text);
      json_key(&o->j, "periods");
      json_open_flat(&o->j, '[');
      for (uint32_t k = 0; k < fl->npd; k++) {
        json_sep(&o->j);
        json_open_flat(&o->j, '{');
        json_period_fields(o, &fl->pd[k]);
        json_close(&o->j, '}');
      }
      json_close(&o->j, ']');
      json_close(&o->j, '}');
      continue;
    }
    if (o->fmt == TIMELINE_MARKDOWN) {
      fprintf(o->f, "| %s | %s | ", text, name);
      for (uint32_t k = 0; k < fl->npd; k++) {
        bool now = holds_asof(o, &fl->pd[k]);
        fprintf(o->f, "%s%s%s%s", k ? ", " : "", now ? "**" : "",
                period_text(o, &fl->pd[k]), now ? "**" : "");
      }
      fprintf(o->f, "%s |\n", fl->npd ? "" : "never");
      continue;
    }
    fprintf(o->f, "    %s: %s\n", name, text);
    for (uint32_t k = 0; k < fl->npd; k++) {
      period_cell(o, &fl->pd[k], "      ", false);
      fputc('\n', o->f);
    }
    if (!fl->npd) fprintf(o->f, "        never\n");
  }
  if (o->fmt == TIMELINE_JSON) json_close(&o->j, ']');
  else if (o->fmt == TIMELINE_MARKDOWN && tw->nflows) fputc('\n', o->f);
  arena_free(&o->a);
  arena_init(&o->a);
}

/* ---- worlds ---- */

static void world_begin(Out *o, uint32_t k) {
  const TlWorld *tw = &o->tl->worlds[k];
  const World *w = tw->w, *w0 = o->tl->worlds[0].w;
  bool same = k && !tw->nslots && !tw->nflows;
  if (o->fmt == TIMELINE_JSON) {
    json_sep(&o->j);
    json_open(&o->j, '{');
    json_kv_str(&o->j, "id", w->id);
    json_kv_str(&o->j, "name", w->name);
    json_kv_bool(&o->j, "complete", k == 0);
    json_key(&o->j, "slots");
    json_open(&o->j, '[');
    return;
  }
  const char *as = k == 0 ? "" : same ? ": as the " : ": as the ";
  if (o->fmt == TIMELINE_MARKDOWN) {
    fprintf(o->f, "## %s%s%s%s\n\n", w->name, as, k ? w0->name : "",
            k ? (same ? "" : ", but for what follows") : "");
  } else {
    fprintf(o->f, "\n%s%s%s%s\n", w->name, as, k ? w0->name : "",
            k ? (same ? "" : ", but for what follows") : "");
  }
}

static void world_end(Out *o) {
  if (o->fmt == TIMELINE_JSON) json_close(&o->j, '}');
}

static void header(Out *o) {
  const Program *p = o->tl->p;
  char d[64];
  int32_t asof = o->tl->asof;
  if (o->fmt == TIMELINE_JSON) {
    json_open(&o->j, '{');
    json_kv_int(&o->j, "version", 1);
    json_kv_bool(&o->j, "timeline", true);
    json_key(&o->j, "scenario");
    json_open(&o->j, '{');
    json_kv_str(&o->j, "file", o->o->file);
    json_kv_str(&o->j, "title", p->has_scenario ? p->title : NULL);
    json_kv_str(&o->j, "date", date_or_null(asof, d));
    json_close(&o->j, '}');
    json_key(&o->j, "worlds");
    json_open(&o->j, '[');
    return;
  }
  const char *title = p->has_scenario && p->title ? p->title : NULL;
  if (o->fmt == TIMELINE_MARKDOWN) {
    fprintf(o->f, "# Timeline%s%s\n\n", title ? ": " : "", title ? title : "");
    fprintf(o->f, "Every key whose status changes over time, the market of "
            "each product a clause names, and the flows, period by period");
    if (asof) fprintf(o->f, "; **bold**: the period that holds %s, the as-of "
                      "date", lit_date_str(asof, d));
    fprintf(o->f, ". A world after the first lists what differs from the "
            "first.\n\n");
    return;
  }
  fprintf(o->f, "Timeline%s%s", title ? " of " : "", title ? title : "");
  if (asof) fprintf(o->f, " (as of %s)", lit_date_str(asof, d));
  fprintf(o->f, "\n  every key whose status changes over time, the market of "
          "each product a clause names, and the flows, period by period");
  if (asof) fprintf(o->f, ";\n  > marks the period that holds %s", d);
  fprintf(o->f, "\n");
}

static void footer(Out *o) {
  if (o->fmt == TIMELINE_JSON) {
    json_close(&o->j, ']');
    json_close(&o->j, '}');
    fputc('\n', o->f);
  }
}

static void world_tail(Out *o, uint32_t k) {
  if (o->fmt == TIMELINE_JSON) {
    json_close(&o->j, ']');
  } else if (o->fmt == TIMELINE_MARKDOWN) {
    /* nothing: the flows follow */
  }
  print_flows(o, &o->tl->worlds[k]);
  world_end(o);
}

typedef struct Job {
  Timeline *tl;
  Out o;
} Job;

static void job_free(void *v) {
  Job *jb = v;
  out_free(&jb->o);
  timeline_free(jb->tl);
}

void report_timeline(FILE *f, Model *m, World **ws, uint32_t nw,
                     TimelineFormat fmt, const ReportOpts *ro) {
  Job jb = {NULL, {0}};
  Defer d;
  mem_defer(&d, job_free, &jb);
  jb.tl = timeline_new(m, ws, nw);
  Out *o = &jb.o;
  o->f = f;
  o->fmt = fmt;
  o->o = ro;
  o->tl = jb.tl;
  o->j.f = f;
  o->j.first[0] = true;
  sb_init(&o->s);
  arena_init(&o->a);
  header(o);
  if (nw) world_begin(o, 0);
  timeline_build(jb.tl, print_slot, o);
  if (nw) world_tail(o, 0);
  for (uint32_t k = 1; k < nw; k++) {
    world_begin(o, k);
    const TlWorld *tw = &jb.tl->worlds[k];
    for (uint32_t i = 0; i < tw->nslots; i++) print_slot(o, jb.tl, &tw->slots[i]);
    world_tail(o, k);
  }
  footer(o);
  mem_undefer(&d, true);
}
