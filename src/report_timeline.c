/* report_timeline: `deal timeline` as text, JSON, Markdown or an HTML
 * page (LANGUAGE.md section 11; the JSON schema is in docs/json.md; the
 * page's shell is report_html.c's).
 *
 * For each world: every slot (action, object) with a key whose status
 * changes over time or whose product a clause names — the market, who
 * may, period by period, and each such key's periods with the clause
 * windows behind every change — then every flow with the periods in which
 * it is active.  A world after the first lists only what differs from
 * the first world.  The first world's slots are written by the threads
 * that make them, each into its chunk's text, which is printed in key
 * order as the timeline hands it over (timeline.h): the whole is never
 * held at once.
 *
 * At scale (report.h, "reading at scale"): without --all, the text and
 * Markdown keep to TIMELINE_LINES_SHOWN lines of slots and
 * REPORT_LINES_SHOWN flows a world, a page to HTML_BUDGET bytes of slots
 * (whatever --all says); the first ones in key order, the others
 * counted.  Once the first world's slots are past the budget, the
 * threads count the slots they would write instead of writing them.
 * JSON is always whole. */
#include <string.h>

#include "explain.h"
#include "json.h"
#include "literal.h"
#include "par.h"
#include "report.h"
#include "timeline.h"

/* One thread's writing: where its text goes, and its scratch. */
typedef struct Pr {
  StrBuf *b;
  Json j;
  Period *kp, *kp0;         /* a key's or market's periods, and the first
                               world's */
  uint8_t *kst, *kst0;
  uint32_t *kat, *kat0;     /* a market period's first slot period */
  uint32_t capk;
  RunMarketBuf mb[2];
  StrBuf t;
  Arena a;                  /* names and statements as text */
  uint32_t left;            /* slots not written: past the budget */
} Pr;

typedef struct Out {
  FILE *f;
  TimelineFormat fmt;
  const ReportOpts *o;
  const Timeline *tl;
  StrBuf main;              /* the caller's text, printed as it goes */
  Pr *pr;                   /* per worker; pr[0] is also the caller's */
  uint32_t npr;
  Json slots;              /* the caller's writer where the slots go:
                               each chunk's starts from it */
  bool any;                 /* a slot of this world was written (JSON) */
  /* the budget of a world's slots (bytes of a page, else lines) and
   * flows, when cut; what is left out is counted, world by world */
  bool cut;
  size_t used;
  bool full;
  uint32_t left_slots, left_flows;
} Out;

enum { HTML_BUDGET = 3 << 20, TIMELINE_LINES_SHOWN = 1000 };

static void pr_free(Pr *x) {
  mem_free(x->kp);
  mem_free(x->kp0);
  mem_free(x->kst);
  mem_free(x->kst0);
  mem_free(x->kat);
  mem_free(x->kat0);
  rundata_market_buf_free(&x->mb[0]);
  rundata_market_buf_free(&x->mb[1]);
  sb_free(&x->t);
  arena_free(&x->a);
}

static void out_free(void *v) {
  Out *o = v;
  for (uint32_t i = 0; o->pr && i < o->npr; i++) pr_free(&o->pr[i]);
  mem_free(o->pr);
  sb_free(&o->main);
}

/* ---- pieces of text ---- */

static void put(Pr *x, const char *s) { sb_puts(x->b, s); }
/* Text from the scenario in a page. */
static void hput(Pr *x, const char *s) { report_html_esc_sb(x->b, s); }
static bool html(const Out *o) { return o->fmt == TIMELINE_HTML; }

static const char *pn(const Out *o, int32_t q) {
  return o->tl->p->parties[q]->h.name->s;
}

static bool holds_asof(const Out *o, const Period *p) {
  int32_t d = o->tl->asof;
  return d && (!p->from || p->from <= d) && (!p->to || d <= p->to);
}

static const char *date_or_null(int32_t d, char *buf) {
  return d ? lit_date_str(d, buf) : NULL;
}

/* "until 2025-10-27", "2025-10-28 to 2032-12-31", "from ...", "always":
 * print_periods of one period. */
static void put_period(Pr *x, const Period *p) { print_periods(x->b, p, 1); }

static void json_period_fields(Out *o, Pr *x, const Period *p) {
  char b[64];
  json_kv_str(&x->j, "from", date_or_null(p->from, b));
  json_kv_str(&x->j, "to", date_or_null(p->to, b));
  json_kv_bool(&x->j, "as_of", holds_asof(o, p));
}

/* A period at the start of a line or cell: the as-of mark, then the
 * period, padded to a column when something follows. */
static void period_cell(Out *o, Pr *x, const Period *p, bool pad) {
  bool now = holds_asof(o, p);
  if (html(o)) {
    put(x, now ? "<td class=\"now\"><span aria-hidden=\"true\">&#9654; </span>"
                 "<span class=\"sr\">(holds on the as-of date) </span>"
               : "<td>");
    put_period(x, p);
    put(x, "</td>");
    return;
  }
  if (o->fmt == TIMELINE_MARKDOWN) {
    put(x, now ? "| **" : "| ");
    put_period(x, p);
    put(x, now ? "** |" : " |");
    return;
  }
  static const char spaces[] = "                          ";  /* 26 */
  sb_put(x->b, now ? "      > " : "        ", 8);
  size_t start = x->b->n;
  put_period(x, p);
  if (pad && x->b->n < start + 26) sb_put(x->b, spaces, start + 26 - x->b->n);
}

static void room(Pr *x, uint32_t n) {
  if (n <= x->capk) return;
  x->capk = n * 2;
  x->kp = mem_realloc(x->kp, x->capk * sizeof *x->kp);
  x->kp0 = mem_realloc(x->kp0, x->capk * sizeof *x->kp0);
  x->kst = mem_realloc(x->kst, x->capk);
  x->kst0 = mem_realloc(x->kst0, x->capk);
  x->kat = mem_realloc(x->kat, x->capk * sizeof *x->kat);
  x->kat0 = mem_realloc(x->kat0, x->capk * sizeof *x->kat0);
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
static uint32_t market_periods(Out *o, Pr *x, const TlSlot *s, Period *out,
                               uint32_t *at) {
  uint32_t n = 0;
  RunMarket m[2];
  int cur = 0;
  for (uint32_t k = 0; k < s->npd; k++) {
    market_at(o, s, k, &m[cur], &x->mb[cur]);
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

static bool same_market(Out *o, Pr *x, const TlSlot *s) {
  uint32_t n = market_periods(o, x, s, x->kp, x->kat);
  uint32_t n0 = market_periods(o, x, s->first, x->kp0, x->kat0);
  if (!when_same(x->kp, n, x->kp0, n0)) return false;
  for (uint32_t i = 0; i < n; i++) {
    RunMarket a, b;
    market_at(o, s, x->kat[i], &a, &x->mb[0]);
    market_at(o, s->first, x->kat0[i], &b, &x->mb[1]);
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
  for (uint32_t c = 0; c < mk->ncontested && c < 8; c++) {
    sb_puts(b, c ? ", " : "; contested: ");
    sb_puts(b, pn(o, mk->contested[c]));
  }
  if (mk->ncontested > 8) sb_printf(b, " and %u more", mk->ncontested - 8);
}

static void json_parties(Out *o, Pr *x, const char *k, const int32_t *v,
                         uint32_t n) {
  json_key(&x->j, k);
  json_open_flat(&x->j, '[');
  for (uint32_t i = 0; i < n; i++) {
    json_sep(&x->j);
    json_string(&x->j, pn(o, v[i]));
  }
  json_close(&x->j, ']');
}

static void json_market(Out *o, Pr *x, const TlSlot *s, const RunMarket *mk) {
  Json *j = &x->j;
  json_parties(o, x, "permitted", mk->permitted, mk->npermitted);
  json_kv_bool(j, "others_permitted", mk->rest_permitted);
  json_kv_int(j, "others", mk->nrest);
  json_parties(o, x, "contested", mk->contested, mk->ncontested);
  json_kv_str(j, "exclusive", mk->exclusive >= 0 ? pn(o, mk->exclusive) : NULL);
  json_key(j, "exclusive_among");
  json_open_flat(j, '{');
  for (uint32_t g = 0; g < s->s->namong; g++)
    json_kv_str(j, rundata_slot_among(s->s)[g]->h.name->s,
                mk->excl_among[g] >= 0 ? pn(o, mk->excl_among[g]) : NULL);
  json_close(j, '}');
}

/* One market period: its first and last slot period, the market in mk. */
static void market_line(Out *o, Pr *x, const TlSlot *s, const Period *p,
                        const RunMarket *mk) {
  if (o->fmt == TIMELINE_JSON) {
    json_sep(&x->j);
    json_open_flat(&x->j, '{');
    json_period_fields(o, x, p);
    json_market(o, x, s, mk);
    json_close(&x->j, '}');
    return;
  }
  if (html(o)) put(x, "<tr>");
  period_cell(o, x, p, true);
  market_text(o, s, mk, &x->t);
  if (html(o)) {
    put(x, "<td>");
    hput(x, x->t.s);
    put(x, "</td></tr>\n");
    return;
  }
  if (o->fmt == TIMELINE_MARKDOWN) put(x, " ");
  put(x, x->t.s);
  put(x, o->fmt == TIMELINE_MARKDOWN ? " |\n" : "\n");
}

/* The market period by period: each slot period's market asked once,
 * a line written when the next differs (or at the end). */
static void print_market(Out *o, Pr *x, const TlSlot *s) {
  if (o->fmt == TIMELINE_JSON) {
    json_key(&x->j, "market");
    json_open(&x->j, '[');
  } else if (o->fmt == TIMELINE_MARKDOWN) {
    put(x, "| period | who may |\n|---|---|\n");
  } else if (html(o)) {
    put(x, "<table>\n<thead><tr><th scope=\"col\">Period</th><th scope=\"col\">"
        "Who may</th></tr></thead>\n<tbody>\n");
  } else {
    put(x, "    who may\n");
  }
  RunMarket m[2];
  int cur = 0;
  Period run = {0, 0};
  for (uint32_t k = 0; k < s->npd; k++) {
    market_at(o, s, k, &m[cur], &x->mb[cur]);
    if (k && rundata_market_equal(&m[cur], &m[!cur], s->s->namong)) {
      run.to = s->pd[k].to;
      continue;
    }
    if (k) market_line(o, x, s, &run, &m[!cur]);
    run = s->pd[k];
    cur = !cur;
  }
  if (s->npd) market_line(o, x, s, &run, &m[!cur]);
  if (o->fmt == TIMELINE_JSON) json_close(&x->j, ']');
  else if (o->fmt == TIMELINE_MARKDOWN) put(x, "\n");
  else if (html(o)) put(x, "</tbody>\n</table>\n");
}

/* ---- keys ---- */

/* Is column j to be shown: its status changes (the first world), or it
 * differs from the first world's (another)? */
static bool key_shown(Pr *x, const TlSlot *s, uint32_t j) {
  if (!s->first) return timeline_key_changes(s, j);
  uint32_t n = timeline_key(s, j, x->kp, x->kst);
  uint32_t n0 = timeline_key(s->first, j, x->kp0, x->kst0);
  return !when_same(x->kp, n, x->kp0, n0) || memcmp(x->kst, x->kst0, n);
}

static const char *status_text(uint8_t st) {
  static const char *t[2][4] = {
      {"permitted (default)", "required (default)", "forbidden (default)",
       "contested (default)"},
      {"permitted", "required", "forbidden", "contested"}};
  return t[(st & RUN_COVERED) != 0][st & 3];
}

/* A change in a report's few words: "+ L.grant (L signed 2026-01-01,
 * line 12)", + when it comes into force, - when it goes out; the line is
 * in the scenario's file, or named with its file. */
static void change_text(Out *o, Pr *x, const World *w, const WhenWhy *y) {
  const char *a, *sep, *z;
  print_clause_name_parts(y->c, &a, &sep, &z);
  put(x, y->starts ? "+ " : "- ");
  put(x, a);
  put(x, sep);
  put(x, z);
  put(x, " (");
  explain_when_date(x->b, w, y);
  char n[16];
  int k = snprintf(n, sizeof n, "%u)", y->at.line);
  if (y->at.file) {
    put(x, ", ");
    put(x, diag_file_name(o->tl->p->diag, y->at));
    put(x, ":");
  } else {
    put(x, ", line ");
  }
  sb_put(x->b, n, (size_t)k);
}

static void json_change(Out *o, Pr *x, const World *w, const WhenWhy *y) {
  static const char *which[] = {"", "signed", "agreement_until", "from", "until"};
  static const char *tier[] = {"ordinary", "ruling", "order"};
  char b[64];
  View v;
  world_view(w, y->c, &v);
  const Effect *e = y->amended ? world_effect(w, y->c) : NULL;
  json_sep(&x->j);
  json_open_flat(&x->j, '{');
  json_kv_str(&x->j, "clause", rundata_clause_name(&x->a, y->c));
  json_kv_str(&x->j, "tier", tier[v.tier]);
  json_kv_bool(&x->j, "starts", y->starts);
  json_kv_str(&x->j, "day", lit_date_str(y->day, b));
  json_kv_str(&x->j, "date", which[y->which]);
  json_kv_str(&x->j, "written", lit_date_str(y->date, b));
  json_kv_str(&x->j, "amended_by", e && e->by ? e->by->h.name->s : NULL);
  json_kv_str(&x->j, "file", diag_file_name(o->tl->p->diag, y->at));
  json_kv_int(&x->j, "line", y->at.line);
  json_close(&x->j, '}');
}

/* The changes of the slot on a day that bear on party q. */
static void key_changes(Out *o, Pr *x, const TlSlot *s, int32_t day,
                        int32_t q) {
  const World *w = o->tl->worlds[s->world].w;
  WhenChanges ch = {(WhenWhy *)s->why, s->nwhy, s->nwhy};
  uint32_t first, n = when_changes_on(&ch, day, &first), shown = 0;
  for (uint32_t i = 0; i < n; i++) {
    const WhenWhy *y = &ch.v[first + i];
    if (!timeline_bears(y, q)) continue;
    shown++;
    if (o->fmt == TIMELINE_JSON) {
      json_change(o, x, w, y);
    } else if (o->fmt == TIMELINE_MARKDOWN) {
      put(x, shown > 1 ? "; " : " ");
      change_text(o, x, w, y);
    } else if (html(o)) {
      /* written aside, then escaped: it names files */
      StrBuf *b = x->b;
      x->t.n = 0;
      sb_puts(&x->t, shown > 1 ? "<br>" : "");
      put(x, x->t.s);
      x->t.n = 0;
      sb_puts(&x->t, "");
      x->b = &x->t;
      change_text(o, x, w, y);
      x->b = b;
      hput(x, x->t.s);
    } else {
      put(x, "          ");
      change_text(o, x, w, y);
      put(x, "\n");
    }
  }
}

/* One key: its periods, each with the changes that start it. */
static void print_key(Out *o, Pr *x, const TlSlot *s, uint32_t j,
                      int32_t party, uint32_t nrest) {
  uint32_t n = timeline_key(s, j, x->kp, x->kst);
  int32_t q = j < s->s->np ? rundata_slot_parties(s->s)[j] : -1;
  char head[64];
  const char *name = party >= 0 ? pn(o, party) : head;
  if (party < 0) snprintf(head, sizeof head, "(%u other parties)", nrest);
  if (o->fmt == TIMELINE_JSON) {
    json_sep(&x->j);
    json_open(&x->j, '{');
    json_kv_str(&x->j, "party", party >= 0 ? name : NULL);
    json_kv_int(&x->j, "other_parties", party >= 0 ? 0 : nrest);
    json_key(&x->j, "periods");
    json_open(&x->j, '[');
  } else if (o->fmt == TIMELINE_TEXT) {
    put(x, "    ");
    put(x, name);
    put(x, "\n");
  }
  for (uint32_t i = 0; i < n; i++) {
    const Period *p = &x->kp[i];
    if (html(o)) {
      put(x, "<tr>");
      if (!i) {
        sb_printf(x->b, "<th scope=\"row\" rowspan=\"%u\">", n);
        hput(x, name);
        put(x, "</th>");
      }
      period_cell(o, x, p, false);
      sb_printf(x->b, "<td class=\"s-%s\">%s</td><td>",
                eval_status_name((Status)(x->kst[i] & 3)), status_text(x->kst[i]));
      if (i) key_changes(o, x, s, p->from, q);
      put(x, "</td></tr>\n");
      continue;
    }
    if (o->fmt == TIMELINE_JSON) {
      json_sep(&x->j);
      json_open_flat(&x->j, '{');
      json_period_fields(o, x, p);
      json_kv_str(&x->j, "status", eval_status_name((Status)(x->kst[i] & 3)));
      json_kv_bool(&x->j, "covered", x->kst[i] & RUN_COVERED);
      json_key(&x->j, "changes");
      json_open_flat(&x->j, '[');
      if (i) key_changes(o, x, s, p->from, q);
      json_close(&x->j, ']');
      json_close(&x->j, '}');
      continue;
    }
    if (o->fmt == TIMELINE_MARKDOWN) {
      put(x, "| ");
      put(x, i ? "" : name);
      put(x, " ");
    }
    period_cell(o, x, p, true);
    if (o->fmt == TIMELINE_MARKDOWN) put(x, " ");
    put(x, status_text(x->kst[i]));
    put(x, o->fmt == TIMELINE_MARKDOWN ? " |" : "\n");
    if (i) key_changes(o, x, s, p->from, q);
    if (o->fmt == TIMELINE_MARKDOWN) put(x, " |\n");
  }
  if (o->fmt == TIMELINE_JSON) {
    json_close(&x->j, ']');
    json_close(&x->j, '}');
  }
}

/* The rows of column j: a named party; the parties not named, one row
 * each when they are few (as `deal run` shows them), else one. */
static void print_column(Out *o, Pr *x, const TlSlot *s, uint32_t j) {
  const RunSlot *r = s->s;
  Program *p = o->tl->p;
  if (j < r->np) {
    print_key(o, x, s, j, rundata_slot_parties(r)[j], 0);
    return;
  }
  uint32_t nrest = p->nparties - r->np;
  if (nrest > RUN_MAX_REST_ROWS) {
    print_key(o, x, s, j, -1, nrest);
    return;
  }
  for (int32_t q = 0, i = 0; (uint32_t)q < p->nparties; q++) {
    while ((uint32_t)i < r->np && rundata_slot_parties(r)[i] < q) i++;
    if ((uint32_t)i < r->np && rundata_slot_parties(r)[i] == q) continue;
    print_key(o, x, s, j, q, 0);
  }
}

/* ---- slots ---- */

/* With a party filter: the party's column (its place, or the rest's), -1
 * when it has none; *named whether it is a named party. */
static int32_t party_column(const Out *o, const RunSlot *r, int32_t q,
                            bool *named) {
  const int32_t *v = rundata_slot_parties(r);
  for (uint32_t j = 0; j < r->np; j++)
    if (v[j] == q) {
      *named = true;
      return (int32_t)j;
    }
  *named = false;
  return o->tl->p->nparties > r->np ? (int32_t)r->np : -1;
}

/* Does the slot show a key (with a party filter: that party's, in column
 * *col, else -1)? */
static bool slot_keys(Out *o, Pr *x, const TlSlot *s, int32_t *col,
                      bool *named) {
  const RunSlot *r = s->s;
  uint32_t ncol = r->np + (o->tl->p->nparties > r->np ? 1 : 0);
  int32_t only = o->tl->shell.filter.party;
  *col = -1;
  *named = true;
  if (only >= 0) {
    *col = party_column(o, r, only, named);
    return *col >= 0 && key_shown(x, s, (uint32_t)*col);
  }
  for (uint32_t j = 0; j < ncol; j++)
    if (key_shown(x, s, j)) return true;
  return false;
}

/* Has the slot something to show: its market (*market), or a key? */
static bool slot_shown(Out *o, Pr *x, const TlSlot *s, bool *market,
                       int32_t *col) {
  room(x, s->npd + (s->first ? s->first->npd : 0) + 1);
  bool named, keys = slot_keys(o, x, s, col, &named);
  *market = s->s->market && named && (!s->first || !same_market(o, x, s));
  return *market || keys;
}

static void print_slot(Out *o, Pr *x, const TlSlot *s) {
  const RunSlot *r = s->s;
  uint32_t ncol = r->np + (o->tl->p->nparties > r->np ? 1 : 0);
  int32_t only = o->tl->shell.filter.party, col;
  bool market;
  if (!slot_shown(o, x, s, &market, &col)) return;
  char slot[300];
  rundata_slot_text(r, slot, sizeof slot);
  if (o->fmt == TIMELINE_JSON) {
    const Action *a = r->act;
    json_sep(&x->j);
    json_open(&x->j, '{');
    json_kv_str(&x->j, "action", a->h.name->s);
    json_kv_str(&x->j, "prep", a->prep ? print_prep(a->prep) : NULL);
    json_kv_str(&x->j, "object", r->obj->name->s);
    if (market) print_market(o, x, s);
    else json_kv_null(&x->j, "market");
    json_key(&x->j, "keys");
    json_open(&x->j, '[');
  } else if (o->fmt == TIMELINE_MARKDOWN) {
    sb_printf(x->b, "### %s\n\n", slot);
    if (market) print_market(o, x, s);
    put(x, "| key | period | status | changes |\n|---|---|---|---|\n");
  } else if (html(o)) {
    put(x, "<h3>");
    hput(x, slot);
    put(x, "</h3>\n");
    if (market) print_market(o, x, s);
    bool named;
    if (!slot_keys(o, x, s, &col, &named)) {
      arena_rewind(&x->a);
      return;
    }
    put(x, "<table>\n<thead><tr><th scope=\"col\">Key</th><th scope=\"col\">"
        "Period</th><th scope=\"col\">Status</th><th scope=\"col\">What "
        "starts it</th></tr></thead>\n<tbody>\n");
  } else {
    sb_printf(x->b, "  %s\n", slot);
    if (market) print_market(o, x, s);
  }
  if (only >= 0) {
    if (col >= 0 && key_shown(x, s, (uint32_t)col)) print_key(o, x, s, (uint32_t)col, only, 0);
  } else {
    for (uint32_t j = 0; j < ncol; j++)
      if (key_shown(x, s, j)) print_column(o, x, s, j);
  }
  if (o->fmt == TIMELINE_JSON) {
    json_close(&x->j, ']');
    json_close(&x->j, '}');
  } else if (o->fmt == TIMELINE_MARKDOWN) {
    put(x, "\n");
  } else if (html(o)) {
    put(x, "</tbody>\n</table>\n");
  }
  arena_rewind(&x->a);
}

/* A slot of the first world, in a worker's thread: into its chunk's
 * text, as an item of the world's "slots" (a chunk's first has no comma:
 * on_text adds it). */
static void on_slot(void *arg, uint32_t worker, StrBuf *out, const TlSlot *s) {
  Out *o = arg;
  Pr *x = &o->pr[worker];
  if (o->full) {  /* set between batches (on_text): the same for all */
    bool market;
    int32_t col;
    x->left += slot_shown(o, x, s, &market, &col);
    arena_rewind(&x->a);
    return;
  }
  if (x->b != out || (o->fmt == TIMELINE_JSON && !out->n)) {
    x->b = out;
    x->j = o->slots;  /* the depth of the slots */
    x->j.b = out;
    x->j.first[x->j.depth] = true;
  }
  print_slot(o, x, s);
}

/* Does a slot's text s[0..n) fit in the world's budget?  Once one does
 * not, none does: the first ones are kept, in order, the others
 * counted. */
static bool slot_fits(Out *o, const char *s, size_t n) {
  if (!o->cut || !n) return true;
  size_t w = n;
  if (!html(o))
    for (size_t i = w = 0; i < n; i++) w += s[i] == '\n';
  if (o->full || (o->used && o->used + w > (html(o) ? HTML_BUDGET : TIMELINE_LINES_SHOWN))) {
    o->full = true;
    o->left_slots++;
    return false;
  }
  o->used += w;
  return true;
}

/* Text to the file: as it is, or (text with a width) each line wrapped
 * under its own value: after the line's last gap of two spaces or more
 * (a period's statuses, who may), else two past its indent and its `>`
 * (a reason, a flow's statement, a note, a period on a narrow width). */
static void put_out(Out *o, const char *s, size_t n) {
  uint32_t width = o->o->width;
  if (o->fmt != TIMELINE_TEXT || !width) {
    fwrite(s, 1, n, o->f);
    return;
  }
  for (size_t i = 0; i < n;) {
    const char *nl = memchr(s + i, '\n', n - i);
    size_t e = nl ? (size_t)(nl - s) : n, indent = 0, hang = 0;
    while (i + indent < e && s[i + indent] == ' ') indent++;
    if (i + indent + 1 < e && s[i + indent] == '>' && s[i + indent + 1] == ' ')
      indent += 2;  /* the period of the as-of date: its text starts after */
    for (size_t k = i + indent; k + 1 < e; k++)
      if (s[k] == ' ' && s[k + 1] == ' ') {
        size_t g = k;
        while (g < e && s[g] == ' ') g++;
        hang = g - i;
        k = g;
      }
    if (!hang || hang > width / 2) hang = indent + 2;
    report_wrap(o->f, width, s + i, e - i, (uint32_t)hang);
    i = nl ? e + 1 : n;
  }
}

/* A chunk's text, in the caller's thread, in key order: the slots that
 * fit. */
static void on_text(void *arg, const StrBuf *text, const size_t *ends,
                    uint32_t n) {
  Out *o = arg;
  size_t fit = 0;
  for (uint32_t i = 0; i < n; i++) {
    size_t from = i ? ends[i - 1] : 0;
    if (slot_fits(o, text->s + from, ends[i] - from)) fit = ends[i];
  }
  if (!fit) return;
  if (o->fmt == TIMELINE_JSON && o->any) fputc(',', o->f);
  put_out(o, text->s, fit);
  o->any = true;
}

/* The caller's text so far, printed. */
static void flush(Out *o) {
  if (o->main.n) put_out(o, o->main.s, o->main.n);
  o->main.n = 0;
}

/* ---- flows ---- */

/* "And N more ..." after a part cut short. */
static void left_note(Out *o, Pr *x, uint32_t n, const char *what) {
  if (html(o))
    sb_printf(x->b, "<p class=\"note\">And %u more %s: the page keeps to a "
              "few megabytes (<code>deal timeline --all</code> lists them "
              "all).</p>\n", n, what);
  else if (o->fmt == TIMELINE_MARKDOWN)
    sb_printf(x->b, "*And %u more %s (`deal timeline --all` lists them all).*\n\n",
              n, what);
  else
    sb_printf(x->b, "  and %u more %s (--all lists them all)\n", n, what);
}

static void print_flows(Out *o, Pr *x, const TlWorld *tw, bool first) {
  /* after the first world, only flows that differ: none, nothing to say */
  if (!first && !tw->nflows && o->fmt != TIMELINE_JSON) return;
  if (o->fmt == TIMELINE_JSON) {
    json_key(&x->j, "flows");
    json_open(&x->j, '[');
  } else if (o->fmt == TIMELINE_MARKDOWN) {
    put(x, "### Flows\n\n");
    put(x, tw->nflows ? "| flow | clause | active |\n|---|---|---|\n" : "(none)\n\n");
  } else if (html(o)) {
    put(x, "<h3>Flows</h3>\n");
    put(x, tw->nflows ? "<table>\n<thead><tr><th scope=\"col\">Flow</th><th "
                        "scope=\"col\">Clause</th><th scope=\"col\">Active</th>"
                        "</tr></thead>\n<tbody>\n"
                      : "<p>None.</p>\n");
  } else {
    put(x, tw->nflows ? "  Flows\n" : "  Flows: none\n");
  }
  static const char *kind[] = {"invests", "pays", "owns", "shares", "supplies"};
  bool table = html(o) && tw->nflows;
  for (uint32_t i = 0; i < tw->nflows; i++) {
    const TlFlow *fl = &tw->flows[i];
    if (o->cut && i >= REPORT_LINES_SHOWN) {  /* the run's limit */
      o->left_flows++;
      continue;
    }
    const char *text = rundata_flow_text(&x->a, fl->b, false);
    const char *name = rundata_clause_name(&x->a, fl->c);
    if (o->fmt == TIMELINE_JSON) {
      json_sep(&x->j);
      json_open(&x->j, '{');
      json_kv_str(&x->j, "clause", name);
      json_kv_bool(&x->j, "amended", fl->b != fl->c->body);
      json_kv_str(&x->j, "kind", kind[fl->b->fk]);
      json_kv_str(&x->j, "from", fl->b->fp ? fl->b->fp->h.name->s : NULL);
      json_kv_str(&x->j, "to", fl->b->fq ? fl->b->fq->h.name->s : NULL);
      json_kv_str(&x->j, "text", text);
      json_key(&x->j, "periods");
      json_open_flat(&x->j, '[');
      for (uint32_t k = 0; k < fl->npd; k++) {
        json_sep(&x->j);
        json_open_flat(&x->j, '{');
        json_period_fields(o, x, &fl->pd[k]);
        json_close(&x->j, '}');
      }
      json_close(&x->j, ']');
      json_close(&x->j, '}');
    } else if (html(o)) {
      put(x, "<tr><th scope=\"row\">");
      hput(x, text);
      put(x, "</th><td><code>");
      hput(x, name);
      put(x, "</code></td><td>");
      for (uint32_t k = 0; k < fl->npd; k++) {
        bool now = holds_asof(o, &fl->pd[k]);
        put(x, k ? ", " : "");
        put(x, now ? "<strong class=\"now\"><span aria-hidden=\"true\">&#9654; "
                     "</span><span class=\"sr\">(holds on the as-of date) </span>"
                   : "");
        put_period(x, &fl->pd[k]);
        put(x, now ? "</strong>" : "");
      }
      put(x, fl->npd ? "</td></tr>\n" : "never</td></tr>\n");
    } else if (o->fmt == TIMELINE_MARKDOWN) {
      sb_printf(x->b, "| %s | %s | ", text, name);
      for (uint32_t k = 0; k < fl->npd; k++) {
        bool now = holds_asof(o, &fl->pd[k]);
        put(x, k ? ", " : "");
        put(x, now ? "**" : "");
        put_period(x, &fl->pd[k]);
        put(x, now ? "**" : "");
      }
      put(x, fl->npd ? " |\n" : "never |\n");
    } else {
      sb_printf(x->b, "    %s: %s\n", name, text);
      for (uint32_t k = 0; k < fl->npd; k++) {
        period_cell(o, x, &fl->pd[k], false);
        put(x, "\n");
      }
      if (!fl->npd) put(x, "        never\n");
    }
    arena_rewind(&x->a);
  }
  if (o->fmt == TIMELINE_JSON) json_close(&x->j, ']');
  else if (o->fmt == TIMELINE_MARKDOWN && tw->nflows) put(x, "\n");
  else if (table) put(x, "</tbody>\n</table>\n");
  if (o->left_flows) left_note(o, x, o->left_flows, "flows");
  o->left_flows = 0;
}

/* ---- worlds ---- */

static void world_begin(Out *o, Pr *x, uint32_t k) {
  const TlWorld *tw = &o->tl->worlds[k];
  const World *w = tw->w, *w0 = o->tl->worlds[0].w;
  o->any = false;
  if (o->fmt == TIMELINE_JSON) {
    json_sep(&x->j);
    json_open(&x->j, '{');
    json_kv_str(&x->j, "id", w->id);
    json_kv_str(&x->j, "name", w->name);
    json_kv_bool(&x->j, "complete", k == 0);
    json_key(&x->j, "slots");
    json_open(&x->j, '[');
    return;
  }
  bool same = k && !tw->nslots && !tw->nflows;
  if (html(o)) {
    put(x, "<section>\n<h2>");
    hput(x, w->name);
    put(x, "</h2>\n");
    if (k) {
      put(x, "<p>As the ");
      hput(x, w0->name);
      put(x, same ? ".</p>\n" : ", but for what follows.</p>\n");
    }
    return;
  }
  sb_printf(x->b, o->fmt == TIMELINE_MARKDOWN ? "## %s%s%s%s\n\n" : "\n%s%s%s%s\n",
            w->name, k ? ": as the " : "", k ? w0->name : "",
            k ? (same ? "" : ", but for what follows") : "");
}

static void world_end(Out *o, Pr *x, uint32_t k) {
  for (uint32_t i = 0; i < o->npr; i++) {  /* the threads' count */
    o->left_slots += o->pr[i].left;
    o->pr[i].left = 0;
  }
  if (o->left_slots)
    left_note(o, x, o->left_slots,
              "products and actions whose keys or market change over time");
  o->left_slots = 0;
  o->used = 0;
  o->full = false;
  if (o->fmt == TIMELINE_JSON) {
    /* the slots that went straight to the file count as written */
    x->j.first[x->j.depth] = x->j.first[x->j.depth] && !o->any;
    json_close(&x->j, ']');
  }
  print_flows(o, x, &o->tl->worlds[k], k == 0);
  if (o->fmt == TIMELINE_JSON) json_close(&x->j, '}');
  if (html(o)) put(x, "</section>\n");
}

static void header(Out *o, Pr *x) {
  const Program *p = o->tl->p;
  char d[64];
  int32_t asof = o->tl->asof;
  if (o->fmt == TIMELINE_JSON) {
    json_open(&x->j, '{');
    json_kv_int(&x->j, "version", REPORT_JSON_VERSION);
    json_kv_bool(&x->j, "timeline", true);
    json_key(&x->j, "scenario");
    json_open(&x->j, '{');
    json_kv_str(&x->j, "file", o->o->file);
    json_kv_str(&x->j, "title", p->has_scenario ? p->title : NULL);
    json_kv_str(&x->j, "date", date_or_null(asof, d));
    json_close(&x->j, '}');
    report_json_filter(&x->j, &o->tl->shell);
    json_key(&x->j, "worlds");
    json_open(&x->j, '[');
    return;
  }
  const char *title = p->has_scenario && p->title ? p->title : NULL;
  char only[512];
  bool filtered = rundata_filter_text(&o->tl->shell, only, sizeof only);
  if (html(o)) {
    put(x, "<header>\n<h1>Timeline");
    if (title) {
      put(x, ": ");
      hput(x, title);
    }
    put(x, "</h1>\n<p>Every key whose status changes over time, the market "
        "of each product a clause names, and the flows, period by period, "
        "with what starts each period (+ a clause comes into force, &#8722; "
        "one goes out of force)");
    if (asof) sb_printf(x->b, "; <span aria-hidden=\"true\">&#9654;</span> "
                        "marks the period that holds %s, the as-of date",
                        lit_date_str(asof, d));
    put(x, ". A world after the first lists what differs from the first. "
        "Computed by <code>deal timeline</code> from <code>");
    hput(x, o->o->file ? o->o->file : "the scenario");
    put(x, "</code>.</p>\n");
    if (filtered) {
      put(x, "<p class=\"note\">Filtered: ");
      hput(x, only);
      put(x, ".</p>\n");
    }
    put(x, "</header>\n<main>\n");
    return;
  }
  if (o->fmt == TIMELINE_MARKDOWN) {
    sb_printf(x->b, "# Timeline%s%s\n\n", title ? ": " : "", title ? title : "");
    put(x, "Every key whose status changes over time, the market of each "
        "product a clause names, and the flows, period by period, with what "
        "starts each period (+ a clause comes into force, - one goes out of "
        "force)");
    if (asof) sb_printf(x->b, "; **bold**: the period that holds %s, the as-of "
                        "date", lit_date_str(asof, d));
    put(x, ". A world after the first lists what differs from the first.\n\n");
    if (filtered) sb_printf(x->b, "*Filtered: %s.*\n\n", only);
    return;
  }
  sb_printf(x->b, "Timeline%s%s", title ? " of " : "", title ? title : "");
  if (asof) sb_printf(x->b, " (as of %s)", lit_date_str(asof, d));
  put(x, "\n  every key whose status changes over time, the market of each "
      "product a clause names, and the flows, period by period;\n  under a "
      "period, what starts it: + a clause comes into force, - one goes out of "
      "force");
  if (asof) sb_printf(x->b, ";\n  > marks the period that holds %s", d);
  if (filtered) sb_printf(x->b, "\n  (%s)", only);
  put(x, "\n");
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
  Out *o = &jb.o;
  o->f = f;
  o->fmt = fmt;
  o->o = ro;
  o->cut = fmt == TIMELINE_HTML || (fmt != TIMELINE_JSON && !ro->all);
  sb_init_kept(&o->main);
  o->npr = par_workers(UINT32_MAX);
  o->pr = mem_calloc(o->npr, sizeof *o->pr);
  for (uint32_t i = 0; i < o->npr; i++) {
    Pr *y = &o->pr[i];
    sb_init_kept(&y->t);
    arena_init(&y->a);
    /* used by threads over many calls: blocks of the heap, which
     * rundata_market then grows as they are, never temporaries */
    for (int k = 0; k < 2; k++) {
      y->mb[k].cap = y->mb[k].cappos = 64;
      y->mb[k].v = mem_alloc(64 * sizeof *y->mb[k].v);
      y->mb[k].pos = mem_alloc(64 * sizeof *y->mb[k].pos);
    }
  }
  Pr *x = &o->pr[0];
  x->b = &o->main;
  x->j.b = &o->main;
  x->j.first[0] = true;
  jb.tl = timeline_new(m, ws, nw, ro->filter);
  o->tl = jb.tl;
  if (fmt == TIMELINE_HTML) {
    StrBuf t;
    sb_init(&t);
    Defer dt;
    mem_defer(&dt, (void (*)(void *))sb_free, &t);
    sb_puts(&t, "Timeline");
    if (m->p->has_scenario && m->p->title) sb_printf(&t, ": %s", m->p->title);
    report_html_begin(f, t.s);
    mem_undefer(&dt, true);
  }
  header(o, x);
  if (nw) world_begin(o, x, 0);
  flush(o);
  o->slots = x->j;
  TlSink sink = {on_slot, on_text, o};
  timeline_build(jb.tl, &sink);
  /* the caller's writer again, where the slots began */
  x->b = &o->main;
  x->j = o->slots;
  x->j.b = &o->main;
  if (nw) world_end(o, x, 0);
  for (uint32_t k = 1; k < nw; k++) {
    world_begin(o, x, k);
    const TlWorld *tw = &jb.tl->worlds[k];
    for (uint32_t i = 0; i < tw->nslots; i++) {
      size_t before = o->main.n;
      bool market;
      int32_t col;
      if (o->full) {
        o->left_slots += slot_shown(o, x, &tw->slots[i], &market, &col);
        arena_rewind(&x->a);
        continue;
      }
      print_slot(o, x, &tw->slots[i]);
      if (!slot_fits(o, o->main.s + before, o->main.n - before)) o->main.n = before;
    }
    world_end(o, x, k);
    flush(o);
  }
  if (fmt == TIMELINE_JSON) {
    json_close(&x->j, ']');
    json_close(&x->j, '}');
    put(x, "\n");
  }
  if (fmt == TIMELINE_HTML) put(x, "</main>\n");
  flush(o);
  if (fmt == TIMELINE_HTML) report_html_end(f);
  mem_undefer(&d, true);
}
