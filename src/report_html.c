/* report_html: the `deal run` report as one self-contained HTML page to
 * share or print — no script, style, font or image from elsewhere.  The
 * same sections as the text report, from the same RunData and with the
 * same limits at scale (report_scale.c), and more than a terminal shows:
 * each cell of the permissions opens its explanation (`deal query`'s
 * text, explain.h) in a <details>, each market is drawn as who may in
 * each world, and each world's graph (report_dot.c, drawn by Graphviz
 * through ReportOpts.svg) is inline SVG.  Everything works without
 * JavaScript; a small inline script adds sorting and a filter.  The page
 * shell and escaping are shared with `deal diff` (report_diff.c). */
#include <string.h>

#include "explain.h"
#include "literal.h"
#include "print.h"
#include "report.h"

/* A graph with more parties or flows than this is not drawn: Graphviz
 * would take long and the picture would not be read. */
enum { GRAPH_PARTIES_MAX = 60, GRAPH_FLOWS_MAX = 200, CHIPS_SHOWN = 12 };

/* ---- the page ---- */

/* The entity of a character HTML gives a meaning to, or NULL. */
static const char *entity(char c) {
  switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return NULL;
  }
}

void report_html_esc(FILE *f, const char *s) {
  for (; s && *s; s++) {
    const char *e = entity(*s);
    if (e) fputs(e, f);
    else fputc(*s, f);
  }
}

void report_html_esc_sb(StrBuf *b, const char *s) {
  while (s && *s) {
    size_t n = 0;
    while (s[n] && !entity(s[n])) n++;
    sb_put(b, s, n);
    s += n;
    if (*s) sb_puts(b, entity(*s++));
  }
}

static void esc(FILE *f, const char *s) { report_html_esc(f, s); }

static const char style[] =
    ":root{--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--chg:#fff3bf;"
    "--permitted:#1a7f37;--required:#0b5cad;--forbidden:#b42318;"
    "--contested:#8a5a00}\n"
    "body{font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,"
    "Helvetica,Arial,sans-serif;color:var(--ink);margin:0 auto;"
    "max-width:1200px;padding:1rem 1.5rem 3rem}\n"
    "h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin-top:2rem;"
    "border-bottom:1px solid var(--line);padding-bottom:.2rem}"
    "h3{font-size:1.05rem}\n"
    "nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1rem}\n"
    "table{border-collapse:collapse;margin:.5rem 0;font-size:.92rem}\n"
    "th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;"
    "vertical-align:top}\n"
    "thead th{background:#f6f8fa}th[scope=row]{font-weight:600}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".s-permitted{color:var(--permitted)}.s-required{color:var(--required)}"
    ".s-forbidden{color:var(--forbidden)}.s-contested{color:var(--contested);"
    "font-weight:600}\n"
    ".chg{background:var(--chg)}.mark{font-weight:700;color:#7a4d00}\n"
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0);white-space:nowrap}\n"
    "details summary{cursor:pointer}details[open]{min-width:24rem}\n"
    ".why{color:var(--ink);font-weight:400;font-size:.85rem;margin:.3rem 0}"
    ".why p{margin:.15rem 0}.why .i1{margin-left:1rem}"
    ".why .i2{margin-left:2rem}.why .i3{margin-left:3rem}\n"
    ".note{color:var(--muted);font-size:.9rem}\n"
    ".chip{display:inline-block;border:1px solid var(--line);border-radius:.8rem;"
    "padding:0 .45rem;margin:.1rem .15rem;background:#eef6ee}\n"
    ".chip.excl{border-color:var(--permitted);font-weight:700}\n"
    ".chip.cont{background:#fff4e0;border-style:dashed}\n"
    ".chip.none{background:#f3f3f3;color:var(--muted)}\n"
    "figure{margin:1rem 0}figure.market{display:inline-block;vertical-align:top;margin-right:1.5rem}figcaption{font-weight:600;margin-bottom:.2rem}\n"
    "figure.graph svg{max-width:100%;height:auto}\n"
    ".now{font-weight:700}.pass{color:var(--permitted)}.fail{color:var(--forbidden);font-weight:700}\n"
    "code{font-size:.9em}pre{white-space:pre-wrap}\n"
    ".tools{margin:.3rem 0}.tools input{font:inherit;padding:.1rem .3rem}\n"
    "th button{font:inherit;border:0;background:none;padding:0;cursor:pointer;"
    "font-weight:700}\n"
    "@media print{body{max-width:none;padding:0;font-size:10pt}"
    "nav,.tools,th button .arrow{display:none}"
    "h2{break-after:avoid}tr,figure{break-inside:avoid}"
    "thead{display:table-header-group}.chg{background:none}"
    "a{color:inherit;text-decoration:none}}\n";

/* Sorting by a column (click its heading) and filtering the permissions;
 * without JavaScript the page is whole all the same. */
static const char script[] =
    "(function(){\n"
    "function text(c){return c?c.textContent.trim():'';}\n"
    "function key(s){var m=/^-?[0-9.]+%?$/.test(s)?parseFloat(s):NaN;"
    "return isNaN(m)?s.toLowerCase():m;}\n"
    "document.querySelectorAll('table.sortable').forEach(function(t){\n"
    " var heads=t.tHead?t.tHead.rows[0].cells:[];\n"
    " Array.prototype.forEach.call(heads,function(th,i){\n"
    "  var b=document.createElement('button');b.type='button';\n"
    "  while(th.firstChild)b.appendChild(th.firstChild);\n"
    "  th.appendChild(b);var asc=true;\n"
    "  b.addEventListener('click',function(){\n"
    "   var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);\n"
    "   rows.sort(function(x,y){var a=key(text(x.cells[i])),"
    "c=key(text(y.cells[i]));\n"
    "    if(typeof a!==typeof c){a=String(a);c=String(c);}\n"
    "    return (a<c?-1:a>c?1:0)*(asc?1:-1);});\n"
    "   rows.forEach(function(r){body.appendChild(r);});\n"
    "   Array.prototype.forEach.call(heads,function(h){"
    "h.removeAttribute('aria-sort');});\n"
    "   th.setAttribute('aria-sort',asc?'ascending':'descending');asc=!asc;});\n"
    " });\n"
    "});\n"
    "document.querySelectorAll('table[data-filter]').forEach(function(t){\n"
    " var p=document.createElement('p');p.className='tools';\n"
    " var l=document.createElement('label');l.textContent='Filter rows: ';\n"
    " var i=document.createElement('input');i.type='search';\n"
    " l.appendChild(i);p.appendChild(l);t.parentNode.insertBefore(p,t);\n"
    " i.addEventListener('input',function(){var q=i.value.toLowerCase();\n"
    "  Array.prototype.forEach.call(t.tBodies[0].rows,function(r){\n"
    "   r.hidden=q!==''&&text(r).toLowerCase().indexOf(q)<0;});});\n"
    "});\n"
    "})();\n";

void report_html_begin(FILE *f, const char *title) {
  fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"deal\">\n<title>", f);
  esc(f, title);
  fputs("</title>\n<style>\n", f);
  fputs(style, f);
  fputs("</style>\n</head>\n<body>\n", f);
}

void report_html_end(FILE *f) {
  fputs("<script>\n", f);
  fputs(script, f);
  fputs("</script>\n</body>\n</html>\n", f);
}

/* The mark of a change against the first world: a symbol (not colour
 * alone) and words for a screen reader. */
void report_html_mark(FILE *f, const char *first) {
  fputs("<span class=\"mark\" aria-hidden=\"true\">&#916; </span>"
        "<span class=\"sr\">(changed from ", f);
  esc(f, first);
  fputs(") </span>", f);
}

/* Text told in lines (explain.h's, indented by two spaces a level) as
 * paragraphs, each indented as the line was. */
void report_html_lines(FILE *f, const char *text, size_t len) {
  const char *p = text, *end = text + len;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) nl = end;
    size_t sp = 0;
    while (p + sp < nl && p[sp] == ' ') sp++;
    if (p + sp < nl) {
      size_t lvl = sp / 2;
      if (lvl > 3) lvl = 3;
      fprintf(f, "<p class=\"i%zu\">", lvl);
      for (const char *q = p + sp; q < nl; q++) {
        const char *e = entity(*q);
        if (e) fputs(e, f);
        else fputc(*q, f);
      }
      fputs("</p>\n", f);
    }
    p = nl + 1;
  }
}

/* One key explained in world k, as `deal query` explains it. */
void report_html_explain(FILE *f, const RunData *d, const RunRow *r,
                         uint32_t k) {
  PrintStream o = {NULL, NULL, 0};
  Defer dd;
  mem_defer(&dd, print_stream_free, &o);
  print_stream_open(&o);
  ExplainOpts eo = {false, ""};
  explain_key(o.f, d->m, d->worlds[k].w, d->scratch, r->party, r->s->act,
              r->s->obj, &eo);
  size_t len;
  const char *text = print_stream_text(&o, &len);
  fputs("<div class=\"why\">\n", f);
  report_html_lines(f, text, len);
  fputs("</div>", f);
  mem_undefer(&dd, true);
}

/* A status cell that opens the key's explanation. */
void report_html_status_cell(FILE *f, const RunData *d, const RunRow *r,
                             uint32_t k, Status st, bool changed) {
  if (k && !changed && d->nrows > REPORT_LINES_SHOWN &&
      rundata_slot_same(d, r->s, k)) {
    /* at scale, a key decided as in the first world is explained there
     * only: the page stays a few megabytes at most */
    fprintf(f, "<td class=\"s-%s\">%s<span class=\"sr\"> (as in ",
            eval_status_name(st), eval_status_name(st));
    esc(f, d->worlds[0].w->name);
    fputs(")</span></td>", f);
    return;
  }
  fprintf(f, "<td class=\"s-%s%s\"><details><summary>", eval_status_name(st),
          changed ? " chg" : "");
  if (changed) report_html_mark(f, d->worlds[0].w->name);
  fprintf(f, "%s</summary>", eval_status_name(st));
  report_html_explain(f, d, r, k);
  fputs("</details></td>", f);
}

static const char *wname(const RunData *d, uint32_t k) {
  return d->worlds[k].w->name;
}

static const char *pname(const RunData *d, int32_t q) {
  return d->p->parties[q]->h.name->s;
}

/* What a table left out, as a note after it. */
static void plan_note(FILE *f, const ReportPlan *pl, const char *what,
                      const char *same) {
  if (pl->left_differing)
    fprintf(f, "<p class=\"note\">And %u more %s that differ between worlds "
            "(<code>deal run --all</code> lists them all).</p>\n",
            pl->left_differing, what);
  if (pl->left_same)
    fprintf(f, "<p class=\"note\">And %u more %s %s (<code>deal run "
            "--all</code> lists them all).</p>\n", pl->left_same, what, same);
}

static void world_heads(FILE *f, const RunData *d) {
  for (uint32_t k = 0; k < d->nw; k++) {
    fputs("<th scope=\"col\">", f);
    esc(f, wname(d, k));
    fputs("</th>", f);
  }
}

/* ---- sections ---- */

static void header(FILE *f, const RunData *d, const ReportOpts *o) {
  Program *p = d->p;
  char buf[64];
  fputs("<header>\n<h1>", f);
  esc(f, p->has_scenario ? p->title : "Scenario");
  fputs("</h1>\n<p>", f);
  if (d->nw && d->worlds[0].w->date)
    fprintf(f, "As of <strong>%s</strong>. ", lit_date_str(d->worlds[0].w->date, buf));
  fputs("Computed by <code>deal</code> from <code>", f);
  esc(f, o->file ? o->file : "the scenario");
  fputs("</code>; every status below opens the clauses that decide it.</p>\n", f);
  char only[512];
  if (rundata_filter_text(d, only, sizeof only)) {
    fputs("<p class=\"note\">Filtered: ", f);
    esc(f, only);
    fputs(".</p>\n", f);
  }
  fputs("<nav aria-label=\"Sections\"><ul>"
        "<li><a href=\"#worlds\">Worlds</a></li>"
        "<li><a href=\"#permissions\">Permissions</a></li>"
        "<li><a href=\"#markets\">Markets</a></li>"
        "<li><a href=\"#flows\">Flows</a></li>"
        "<li><a href=\"#totals\">Totals</a></li>"
        "<li><a href=\"#conflicts\">Conflicts</a></li>"
        "<li><a href=\"#expectations\">Expectations</a></li>"
        "<li><a href=\"#graphs\">Graphs</a></li></ul></nav>\n</header>\n", f);
}

static void worlds(FILE *f, const RunData *d) {
  char buf[64];
  fputs("<section id=\"worlds\">\n<h2>Worlds</h2>\n<table>\n<thead><tr>"
        "<th scope=\"col\">World</th><th scope=\"col\">Dispute</th>"
        "<th scope=\"col\">Probability</th><th scope=\"col\">Outcome</th>"
        "</tr></thead>\n<tbody>\n", f);
  for (uint32_t k = 0; k < d->nw; k++) {
    World *w = d->worlds[k].w;
    fputs("<tr><th scope=\"row\">", f);
    esc(f, w->name);
    fputs("</th><td>", f);
    for (uint32_t i = 0; i < w->nchosen; i++) {
      if (i) fputs(", ", f);
      esc(f, w->chosen[i]->disp->h.name->s);
    }
    if (!w->nchosen) fputs("none", f);
    fputs("</td><td class=\"num\">", f);
    if (d->worlds[k].prob >= 0) fputs(lit_pct_str((int32_t)d->worlds[k].prob, buf), f);
    fputs("</td><td>", f);
    bool any = false;
    for (uint32_t i = 0; i < w->nchosen; i++)
      if (w->chosen[i]->title) {
        if (any) fputs("; ", f);
        esc(f, w->chosen[i]->title);
        any = true;
      }
    if (!w->nchosen) fputs("the agreements as they stand", f);
    fputs("</td></tr>\n", f);
  }
  fputs("</tbody>\n</table>\n", f);
  if (d->nw && d->worlds[0].w->date) {
    fputs("<p class=\"note\">Every world is read on ", f);
    fputs(lit_date_str(d->worlds[0].w->date, buf), f);
    fputs(".</p>\n", f);
  }
  fputs("</section>\n", f);
}

static void permissions(FILE *f, const RunData *d, const ReportOpts *o) {
  char buf[512];
  fprintf(f, "<section id=\"permissions\">\n<h2>%s</h2>\n",
          o->all ? "Permissions (every key a clause covers)"
                 : "Permissions that differ between worlds or are contested");
  if (!d->nrows) {
    fputs("<p>None.</p>\n", f);
    if (d->expected_note[0]) {
      fputs("<p class=\"note\">Note: ", f);
      esc(f, d->expected_note);
      fputs(".</p>\n", f);
    }
    fputs("</section>\n", f);
    return;
  }
  ReportLines ls = {0};
  Defer dl;
  mem_defer(&dl, report_lines_free, &ls);
  report_lines(d, !o->all && d->nrows > REPORT_LINES_SHOWN, &ls);
  ReportPlan pl = report_plan(o->all, ls.n);
  fputs("<p>Open a status to see the clauses that decide it, with their "
        "agreements, tiers and source lines. <span class=\"mark\" "
        "aria-hidden=\"true\">&#916;</span> marks a change against the ", f);
  esc(f, wname(d, 0));
  fputs(".</p>\n<table class=\"sortable\" data-filter=\"1\" id=\"matrix\">\n"
        "<caption class=\"sr\">Status of each key in each world</caption>\n"
        "<thead><tr><th scope=\"col\">Key</th>", f);
  world_heads(f, d);
  if (d->has_expected) fputs("<th scope=\"col\">Expected</th>", f);
  fputs("</tr></thead>\n<tbody>\n", f);
  for (uint32_t i = 0; i < ls.n; i++) {
    const ReportLine *l = &ls.v[i];
    if (!report_plan_take(&pl, 0, 1, l->differs, l->n)) continue;
    const RunRow *r = &d->rows[ls.rows[l->first]];
    report_line_key(d, &ls, l, buf, sizeof buf);
    fputs("<tr><th scope=\"row\">", f);
    esc(f, buf);
    fputs("</th>", f);
    Status s0 = report_row_status(r, 0);
    for (uint32_t k = 0; k < d->nw; k++) {
      Status st = report_row_status(r, k);
      report_html_status_cell(f, d, r, k, st, k && st != s0);
    }
    if (d->has_expected)
      fprintf(f, "<td class=\"num\">%s</td>", lit_pct_str(rundata_row_expected(d, r), buf));
    fputs("</tr>\n", f);
  }
  fputs("</tbody>\n</table>\n", f);
  mem_undefer(&dl, true);
  plan_note(f, &pl, "keys", "contested alike in every world");
  if (d->nrows > REPORT_LINES_SHOWN && d->nw > 1) {
    fputs("<p class=\"note\">At this size a status decided by the same "
          "clauses as in the ", f);
    esc(f, wname(d, 0));
    fputs(" opens its explanation in that column only.</p>\n", f);
  }
  if (d->has_expected)
    fprintf(f, "<p class=\"note\"><em>Expected</em> is the weight of the "
            "%llu combinations of outcomes in which the key is permitted or "
            "required.</p>\n", (unsigned long long)d->ncombos);
  if (d->expected_note[0]) {
    fputs("<p class=\"note\">Note: ", f);
    esc(f, d->expected_note);
    fputs(".</p>\n", f);
  }
  fputs("</section>\n", f);
}

/* A party as a chip of the market diagram. */
static void chip(FILE *f, const char *cls, const char *sym, const char *title,
                 const char *name) {
  fprintf(f, "<span class=\"chip %s\" title=\"%s\">", cls, title);
  if (sym) fprintf(f, "<span aria-hidden=\"true\">%s</span> ", sym);
  esc(f, name);
  if (sym) fprintf(f, "<span class=\"sr\"> (%s)</span>", title);
  fputs("</span>", f);
}

/* Who may in one world: a chip per permitted party (the one with it
 * exclusively starred), the contested ones dashed. */
static void market_chips(FILE *f, const RunData *d, const RunSlot *sl,
                         const RunMarket *mk) {
  uint32_t shown = 0;
  for (uint32_t i = 0; i < mk->npermitted; i++) {
    int32_t q = mk->permitted[i];
    if (shown++ == CHIPS_SHOWN) {
      fprintf(f, " and %u more", mk->npermitted - i);
      break;
    }
    bool excl = q == mk->exclusive;
    for (uint32_t g = 0; g < sl->namong && !excl; g++) excl = mk->excl_among[g] == q;
    if (excl) chip(f, "excl", "&#9733;", "exclusive", pname(d, q));
    else chip(f, "", NULL, "permitted", pname(d, q));
  }
  if (mk->rest_permitted)
    fprintf(f, "<span class=\"chip\">every party no clause names (%u)</span>", mk->nrest);
  else if (!mk->npermitted)
    fputs("<span class=\"chip none\">nobody</span>", f);
  for (uint32_t c = 0; c < mk->ncontested; c++) {
    if (c == CHIPS_SHOWN) {
      fprintf(f, " and %u more contested", mk->ncontested - c);
      break;
    }
    chip(f, "cont", "?", "contested", pname(d, mk->contested[c]));
  }
}

typedef struct MarketBufs {
  RunMarketBuf b0, bk;
  uint32_t *lines;
  StrBuf s, ex0;
} MarketBufs;

static void market_bufs_free(void *v) {
  MarketBufs *b = v;
  rundata_market_buf_free(&b->b0);
  rundata_market_buf_free(&b->bk);
  mem_free(b->lines);
  sb_free(&b->s);
  sb_free(&b->ex0);
}

/* Worlds in which a market differs from the first, counted. */
static uint32_t market_differs(const RunData *d, const RunSlot *sl,
                               MarketBufs *b) {
  RunMarket m0, mk;
  rundata_market(d, sl, 0, &m0, &b->b0);
  uint32_t n = 0;
  for (uint32_t k = 1; k < d->nw; k++) {
    if (rundata_slot_st(sl, k) == rundata_slot_st0(sl)) continue;
    rundata_market(d, sl, k, &mk, &b->bk);
    n += !rundata_market_equal(&mk, &m0, sl->namong);
  }
  return n;
}

/* One market as a small figure: who may in each world, exclusivity;
 * with many markets, the worlds where it is as in the first are
 * counted, not shown. */
static void market_figure(FILE *f, const RunData *d, const RunSlot *sl,
                          MarketBufs *b, bool many) {
  char buf[512];
  rundata_slot_text(sl, buf, sizeof buf);
  const Product *pr = (const Product *)sl->obj;
  fputs("<figure class=\"market\">\n<figcaption>", f);
  esc(f, buf);
  if (pr->own) {
    fputs(" <span class=\"note\">(owned by ", f);
    esc(f, pr->own->h.name->s);
    fputs(")</span>", f);
  }
  fputs("</figcaption>\n<table>\n<thead><tr><th scope=\"col\">World</th>"
        "<th scope=\"col\">Who may</th><th scope=\"col\">Exclusive</th>"
        "</tr></thead>\n<tbody>\n", f);
  RunMarket m0, mk;
  rundata_market(d, sl, 0, &m0, &b->b0);
  b->ex0.n = 0;
  sb_put(&b->ex0, "", 0);
  report_exclusive_text(&b->ex0, d, sl, &m0);
  uint32_t same = 0;
  for (uint32_t k = 0; k < d->nw; k++) {
    const RunMarket *m = &m0;
    if (k && rundata_slot_st(sl, k) != rundata_slot_st0(sl)) {
      rundata_market(d, sl, k, &mk, &b->bk);
      m = &mk;
    }
    bool ch = k && m != &m0 && !rundata_market_equal(m, &m0, sl->namong);
    if (k && !ch && many) {
      same++;
      continue;
    }
    fprintf(f, "<tr%s><th scope=\"row\">", ch ? " class=\"chg\"" : "");
    if (ch) report_html_mark(f, wname(d, 0));
    esc(f, wname(d, k));
    fputs("</th><td>", f);
    market_chips(f, d, sl, m);
    fputs("</td><td>", f);
    b->s.n = 0;
    sb_put(&b->s, "", 0);
    report_exclusive_text(&b->s, d, sl, m);
    esc(f, b->s.s);
    fputs("</td></tr>\n", f);
  }
  if (same)
    fprintf(f, "<tr><td colspan=\"3\" class=\"note\">%u other world%s as "
            "the first</td></tr>\n", same, same == 1 ? "" : "s");
  fputs("</tbody>\n</table>\n</figure>\n", f);
}

static void markets(FILE *f, const RunData *d, const ReportOpts *o) {
  fputs("<section id=\"markets\">\n<h2>Markets</h2>\n<p>Who may, for each "
        "product a clause names, in each world: <span class=\"chip excl\">"
        "<span aria-hidden=\"true\">&#9733;</span> exclusive</span> has it "
        "alone (overall or within a group), <span class=\"chip cont\">"
        "<span aria-hidden=\"true\">?</span> contested</span> is both "
        "permitted and forbidden.</p>\n", f);
  if (!d->nmarkets) {
    fputs("<p>None.</p>\n</section>\n", f);
    return;
  }
  MarketBufs b = {0};
  sb_init(&b.s);
  sb_init(&b.ex0);
  Defer db;
  mem_defer(&db, market_bufs_free, &b);
  b.lines = mem_alloc(((size_t)d->nmarkets + 1) * sizeof *b.lines);
  uint64_t nlines = 0;
  for (uint32_t i = 0; i < d->nmarkets; i++)
    nlines += b.lines[i] = 1 + market_differs(d, d->markets[i], &b);
  ReportPlan pl = report_plan(o->all, nlines);
  for (uint32_t i = 0; i < d->nmarkets; i++)
    if (report_plan_take(&pl, 0, b.lines[i], b.lines[i] > 1, 1))
      market_figure(f, d, d->markets[i], &b, pl.cut);
  mem_undefer(&db, true);
  plan_note(f, &pl, "markets", "the same in every world");
  fputs("</section>\n", f);
}

static void flows(FILE *f, const RunData *d, const ReportOpts *o, Arena *a) {
  char b2[64];
  fputs("<section id=\"flows\">\n<h2>Flows</h2>\n", f);
  if (!d->nflows) {
    fputs("<p>None.</p>\n</section>\n", f);
    return;
  }
  fputs("<table class=\"sortable\">\n<thead><tr><th scope=\"col\">Flow</th>"
        "<th scope=\"col\">Clause</th>", f);
  world_heads(f, d);
  fputs("</tr></thead>\n<tbody>\n", f);
  ReportPlan pl = report_plan(o->all, d->nflows);
  for (uint32_t i = 0; i < d->nflows; i++) {
    const RunFlow *fl = &d->flows[i];
    bool differs = false;
    for (uint32_t k = 1; k < d->nw && !differs; k++) differs = rundata_flow_differs(fl, k);
    if (!report_plan_take(&pl, 0, 1, differs, 1)) continue;
    fputs("<tr><th scope=\"row\">", f);
    esc(f, rundata_flow_text(a, fl->b, false));
    int64_t v;
    bool ovf;
    if (rundata_implied_valuation(fl->b, &v, &ovf))
      fprintf(f, " (implies %s for 100%%)", lit_money_str(v, b2));
    else if (ovf)
      fputs(" (implied valuation: overflow)", f);
    fputs("</th><td><code>", f);
    esc(f, rundata_clause_name(a, fl->c));
    fputs("</code>", f);
    if (fl->c->agr && fl->b != fl->c->body) fputs(" (amended)", f);
    fputs("</td>", f);
    for (uint32_t k = 0; k < d->nw; k++) {
      bool ch = k && rundata_flow_differs(fl, k);
      const char *c = rundata_flow_cell(fl, k, b2);
      fprintf(f, "<td%s>", ch ? " class=\"chg\"" : "");
      if (ch) report_html_mark(f, wname(d, 0));
      if (!strcmp(c, "-")) fputs("&#8212;<span class=\"sr\">no</span>", f);
      else esc(f, c);
      fputs("</td>", f);
    }
    fputs("</tr>\n", f);
  }
  fputs("</tbody>\n</table>\n", f);
  plan_note(f, &pl, "flows", "active alike in every world");
  fputs("</section>\n", f);
}

static void totals(FILE *f, const RunData *d, const ReportOpts *o) {
  char b2[64];
  Program *p = d->p;
  fputs("<section id=\"totals\">\n<h2>Totals per party</h2>\n", f);
  uint64_t nlines = 0;
  for (uint32_t q = 0; q < p->nparties; q++) nlines += report_party_totals(d, q, NULL);
  if (!nlines) {
    fputs("<p>None.</p>\n</section>\n", f);
    return;
  }
  fputs("<p class=\"note\">An investment without a committed part counts as "
        "committed whole.</p>\n<table>\n<thead><tr><th scope=\"col\">Party"
        "</th><th scope=\"col\">Measure</th>", f);
  world_heads(f, d);
  fputs("</tr></thead>\n<tbody>\n", f);
  ReportPlan pl = report_plan(o->all, nlines);
  for (uint32_t q = 0; q < p->nparties; q++) {
    bool differs;
    uint32_t n = report_party_totals(d, q, &differs);
    if (!n || !report_plan_take(&pl, 0, n, differs, 1)) continue;
    bool first = true;
    for (int m = 0; m < TM_N; m++) {
      if (!rundata_total_shown(d, q, m)) continue;
      fputs("<tr>", f);
      if (first) {
        fprintf(f, "<th scope=\"row\" rowspan=\"%u\">", n);
        esc(f, pname(d, (int32_t)q));
        fputs("</th>", f);
      }
      first = false;
      const char *mn = rundata_measure_name(m);
      while (*mn == ' ') mn++;
      fputs("<td>", f);
      esc(f, mn);
      fputs("</td>", f);
      const RunTotal *t0 = &d->worlds[0].totals[(size_t)q * TM_N + m];
      for (uint32_t k = 0; k < d->nw; k++) {
        const RunTotal *t = &d->worlds[k].totals[(size_t)q * TM_N + m];
        bool ch = k && (t->v != t0->v || t->overflow != t0->overflow);
        fprintf(f, "<td class=\"num%s\">", ch ? " chg" : "");
        if (ch) report_html_mark(f, wname(d, 0));
        if (t->v || t->overflow) esc(f, rundata_total_str(t, m, b2));
        else fputs("&#8212;", f);
        fputs("</td>", f);
      }
      fputs("</tr>\n", f);
    }
  }
  fputs("</tbody>\n</table>\n", f);
  plan_note(f, &pl, "parties", "with the same totals in every world");
  fputs("</section>\n", f);
}


static void pair_item(FILE *f, const RunData *d, const RunPair *pr,
                      const uint32_t *rows, const char *label, bool all,
                      StrBuf *s) {
  char buf[512];
  fputs("<li>", f);
  if (*label) fprintf(f, "<strong>%s</strong> ", label);
  fputs("<code>", f);
  s->n = 0;
  sb_put(s, "", 0);
  print_clause_name(s, d->p->clauses[pr->pos]);
  esc(f, s->s);
  fputs("</code> vs <code>", f);
  s->n = 0;
  sb_put(s, "", 0);
  print_clause_name(s, d->p->clauses[pr->neg]);
  esc(f, s->s);
  fputs("</code>: ", f);
  for (uint32_t q = 0; q < pr->n; q++) {
    if (q == REPORT_KEYS_SHOWN && !all) {
      fprintf(f, " and %u more", pr->n - q);
      break;
    }
    rundata_key_text(d, &d->rows[rows[q]], buf, sizeof buf);
    if (q) fputs(", ", f);
    esc(f, buf);
  }
  fputs("</li>\n", f);
}

static const char *change_label(RunChange c) {
  switch (c) {
    case RUN_NEW: return "new:";
    case RUN_CHANGED: return "changed:";
    case RUN_RESOLVED: return "resolved:";
    default: return "";
  }
}

/* The breach map: the first world's pairs, and what each other world
 * changes in it. */
static void conflicts(FILE *f, const RunData *d, const ReportOpts *o) {
  fputs("<section id=\"conflicts\">\n<h2>Conflicts</h2>\n<p>Contested keys, "
        "by the pair of clauses that collide (a permission or obligation "
        "against a prohibition).</p>\n", f);
  uint32_t max = o->all ? UINT32_MAX : REPORT_PAIRS_SHOWN;
  ReportConflictBufs b = {0};
  sb_init(&b.s);
  Defer db;
  mem_defer(&db, report_conflict_bufs_free, &b);
  rundata_pair_index(d, 0, &b.ix);
  uint32_t n = rundata_pairs(d, &b.ix, max, &b.g);
  fputs("<h3>", f);
  esc(f, wname(d, 0));
  fprintf(f, "</h3>\n%s", n ? "<ul>\n" : "<p>None.</p>\n");
  for (uint32_t i = 0; i < b.g.npairs; i++)
    pair_item(f, d, &b.g.pairs[i], b.g.rows + b.g.pairs[i].first, "", o->all, &b.s);
  if (n > b.g.npairs) fprintf(f, "<li>and %u more pairs</li>\n", n - b.g.npairs);
  if (n) fputs("</ul>\n", f);
  rundata_pairs_free(&b.g);
  for (uint32_t k = 1; k < d->nw; k++) {
    uint32_t changes = rundata_pair_changes(d, &b.ix, k, max, &b.ch);
    fputs("<h3>", f);
    esc(f, wname(d, k));
    fputs("</h3>\n<p>", f);
    if (!d->worlds[k].nkeys) fputs("No contested keys", f);
    else fputs(changes ? "Against the " : "As in the ", f);
    if (d->worlds[k].nkeys) esc(f, wname(d, 0));
    fputs(".</p>\n", f);
    const RunPairs *g = &b.ch.pairs;
    if (changes && g->npairs) fputs("<ul>\n", f);
    for (uint32_t i = 0; changes && i < g->npairs; i++)
      pair_item(f, d, &g->pairs[i], g->rows + g->pairs[i].first,
                change_label(b.ch.change[i]), o->all, &b.s);
    if (changes > g->npairs) fprintf(f, "<li>and %u more pairs</li>\n", changes - g->npairs);
    if (changes && g->npairs) fputs("</ul>\n", f);
    rundata_pair_changes_free(&b.ch);
  }
  mem_undefer(&db, true);
  fputs("</section>\n", f);
}

/* A check's reasons (deal test's failure text or deal query's
 * explanation) in a <details>. */
static void reasons(FILE *f, const char *summary, PrintStream *o,
                    size_t from) {
  size_t len;
  const char *text = print_stream_text(o, &len);
  fprintf(f, "<details><summary>%s</summary><div class=\"why\">\n", summary);
  report_html_lines(f, text + from, len - from);
  fputs("</div></details>", f);
}

/* Every expect with its result; the failures with why.  At scale the
 * first REPORT_LINES_SHOWN, and every failure up to as many again. */
static void expectations(FILE *f, const RunData *d) {
  Model *m = d->m;
  Program *p = m->p;
  Checked c = {0};
  PrintStream o = {NULL, NULL, 0};
  Defer dc, dout;
  mem_defer(&dc, check_checked_free, &c);
  mem_defer(&dout, print_stream_free, &o);
  print_stream_open(&o);
  fputs("<section id=\"expectations\">\n<h2>Expectations</h2>\n", f);
  ExpectTally t = {0};
  uint32_t shown = 0, failed_shown = 0, left = 0, n = 0;
  for (uint32_t i = 0; i < p->nexpects; i++) {
    const Expect *e = p->expects[i];
    if (e->kind != E_EXPECT) continue;
    check_expect(m, &c.x, e, &c.r);
    bool fails = c.r.error || !c.r.holds;
    if (c.r.error) t.errors++;
    else if (c.r.holds) t.passed++;
    else t.failed++;
    bool show = shown < REPORT_LINES_SHOWN ||
                (fails && failed_shown < REPORT_LINES_SHOWN);
    if (!show) left++;
    if (show) {
      if (!n++)
        fputs("<table class=\"sortable\">\n<thead><tr><th scope=\"col\">Line"
              "</th><th scope=\"col\">Expectation</th><th scope=\"col\">"
              "Result</th></tr></thead>\n<tbody>\n", f);
      shown++;
      failed_shown += fails;
      fputs("<tr><td>", f);
      esc(f, diag_file_name(p->diag, e->loc));
      fprintf(f, ":%u</td><th scope=\"row\"><code>", e->loc.line);
      esc(f, e->text);
      fputs("</code></th>", f);
      if (!fails) {
        fputs("<td class=\"pass\"><span aria-hidden=\"true\">&#10003;</span> "
              "passed</td></tr>\n", f);
      } else {
        fputs("<td class=\"fail\">", f);
        size_t from;
        print_stream_text(&o, &from);
        report_failure_text(o.f, m, e, &c.r, false);
        reasons(f, c.r.error ? "<span aria-hidden=\"true\">&#10007;</span> error"
                             : "<span aria-hidden=\"true\">&#10007;</span> failed",
                &o, from);
        fputs("</td></tr>\n", f);
      }
    }
    check_result_free(&c.r);
  }
  if (n) fputs("</tbody>\n</table>\n", f);
  fprintf(f, "<p><strong>%u passed, %u failed</strong>", t.passed, t.failed);
  if (t.errors) fprintf(f, ", %u errors", t.errors);
  fputs(".", f);
  if (left) fprintf(f, " %u more that pass are not listed (<code>deal test"
                    "</code> checks them all).", left);
  fputs("</p>\n</section>\n", f);
  mem_undefer(&dout, true);
  mem_undefer(&dc, true);
}

/* The file's queries, each answered with its reasons. */
static void queries(FILE *f, const RunData *d) {
  Model *m = d->m;
  Program *p = m->p;
  uint32_t n = 0;
  for (uint32_t i = 0; i < p->nexpects; i++) n += p->expects[i]->kind == E_QUERY;
  if (!n) return;
  Checked c = {0};
  PrintStream o = {NULL, NULL, 0};
  Defer dc, dout;
  mem_defer(&dc, check_checked_free, &c);
  mem_defer(&dout, print_stream_free, &o);
  print_stream_open(&o);
  fputs("<section id=\"queries\">\n<h2>Queries</h2>\n<ul>\n", f);
  for (uint32_t i = 0; i < p->nexpects; i++) {
    const Expect *e = p->expects[i];
    if (e->kind != E_QUERY) continue;
    check_expect(m, &c.x, e, &c.r);
    fputs("<li><code>", f);
    esc(f, e->text);
    fputs("</code>: ", f);
    size_t from;
    print_stream_text(&o, &from);
    ExplainOpts eo = {false, ""};
    explain_check(o.f, m, e, &c.r, &eo);
    reasons(f, c.r.error ? "error" : c.r.holds ? "yes" : "no", &o, from);
    fputs("</li>\n", f);
    check_result_free(&c.r);
  }
  fputs("</ul>\n</section>\n", f);
  mem_undefer(&dout, true);
  mem_undefer(&dc, true);
}

/* ---- graphs ---- */

/* The SVG of one graph from Graphviz's output at *at: from <svg to
 * </svg>, its ids made unique to the page by prefix, labelled for a
 * screen reader; *at moves past it.  False when there is none. */
static bool svg_next(FILE *f, const char **at, const char *end, uint32_t k,
                     const char *label) {
  const char *s = *at;
  const char *open = NULL, *close = NULL;
  for (const char *q = s; q + 4 <= end && !open; q++)
    if (!memcmp(q, "<svg", 4)) open = q;
  if (!open) return false;
  for (const char *q = open; q + 6 <= end && !close; q++)
    if (!memcmp(q, "</svg>", 6)) close = q + 6;
  if (!close) return false;
  fputs("<svg role=\"img\" aria-label=\"", f);
  esc(f, label);
  fputs("\"", f);
  const char *tag_end = memchr(open, '>', (size_t)(close - open));
  for (const char *q = open + 4; q < close; q++) {
    /* the size in points (which HTML does not take) as CSS pixels */
    if (q < tag_end && !memcmp(q, "pt\"", 3)) {
      fputc('"', f);
      q += 2;
      continue;
    }
    if (!memcmp(q, " id=\"", 5) && q + 5 < close) {
      fprintf(f, " id=\"w%u-", k);
      q += 4;
      continue;
    }
    fputc(*q, f);
  }
  fputc('\n', f);
  *at = close;
  return true;
}

static void graphs(FILE *f, const RunData *d, const ReportOpts *o) {
  Program *p = d->p;
  fputs("<section id=\"graphs\">\n<h2>Graphs</h2>\n<p>Parties, the flows "
        "between them and exclusive rights (in red), world by world.</p>\n", f);
  if (p->nparties > GRAPH_PARTIES_MAX || d->nflows > GRAPH_FLOWS_MAX) {
    fprintf(f, "<p class=\"note\">Not drawn: %u parties and %u flows are too "
            "many for a legible graph. <code>deal run --format dot</code> "
            "prints the status quo's for Graphviz.</p>\n</section>\n",
            p->nparties, d->nflows);
    return;
  }
  PrintStream dot = {NULL, NULL, 0};
  StrBuf svg;
  sb_init(&svg);
  Defer dd, ds;
  mem_defer(&dd, print_stream_free, &dot);
  mem_defer(&ds, (void (*)(void *))sb_free, &svg);
  print_stream_open(&dot);
  for (uint32_t k = 0; k < d->nw; k++) report_dot(dot.f, d, k);
  size_t len;
  const char *text = print_stream_text(&dot, &len);
  char why[300] = "";
  bool drawn = o->svg && o->svg(o->svg_ctx, text, len, &svg, why, sizeof why);
  if (!drawn) {
    fputs("<p class=\"note\"><strong>Graphs not drawn:</strong> ", f);
    esc(f, o->svg ? why : "this program does not run Graphviz");
    fputs(". <code>deal run --format html</code> draws them with Graphviz's "
          "<code>dot</code> (Debian: <code>apt-get install graphviz</code>); "
          "<code>deal run --format dot</code> prints a graph without it.</p>\n", f);
  }
  const char *at = svg.s, *end = svg.s + svg.n;
  for (uint32_t k = 0; drawn && k < d->nw; k++) {
    char label[300];
    snprintf(label, sizeof label, "Graph of %s", wname(d, k));
    fputs("<figure class=\"graph\">\n<figcaption>", f);
    esc(f, wname(d, k));
    fputs("</figcaption>\n", f);
    if (!svg_next(f, &at, end, k, label))
      fputs("<p class=\"note\">Graphviz drew no graph for this world.</p>\n", f);
    fputs("</figure>\n", f);
  }
  mem_undefer(&ds, true);
  mem_undefer(&dd, true);
  fputs("</section>\n", f);
}

void report_html(FILE *f, const RunData *d, const ReportOpts *o) {
  Program *p = d->p;
  Arena a;
  arena_init(&a);
  Defer da;
  mem_defer(&da, arena_free_cb, &a);
  report_html_begin(f, p->has_scenario ? p->title : "Scenario");
  header(f, d, o);
  fputs("<main>\n", f);
  worlds(f, d);
  permissions(f, d, o);
  markets(f, d, o);
  flows(f, d, o, &a);
  totals(f, d, o);
  conflicts(f, d, o);
  expectations(f, d);
  queries(f, d);
  graphs(f, d, o);
  fputs("</main>\n", f);
  report_html_end(f);
  mem_undefer(&da, true);
}
