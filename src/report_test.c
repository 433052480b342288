/* report_test: the results of `deal test` — each file's expectations
 * and snapshot, told as text, as JSON and as JUnit XML from one walk —
 * and one check's result as JSON (`deal query`, docs/json.md). */
#include <stdint.h>
#include <string.h>

#include "explain.h"
#include "report.h"
#include "when.h"

/* ---- one check ---- */

void report_failure_text(FILE *f, Model *m, const Expect *e,
                         const CheckResult *r, bool color) {
  Program *p = m->p;
  const char *on = color ? "\033[1;31m" : "", *off = color ? "\033[0m" : "";
  if (r->error) {
    Loc at = r->at.line ? r->at : e->loc;
    fprintf(f, "%s:%u:%u: %serror:%s %s\n", diag_file_name(p->diag, at),
            at.line, at.col, on, off, r->msg);
    return;
  }
  fprintf(f, "%s:%u:%u: %sexpect failed%s: %s\n",
          diag_file_name(p->diag, e->loc), e->loc.line, e->loc.col, on, off,
          e->text);
  explain_expected_found(f, m, e, r, "  ");
  ExplainOpts eo = {color, "  "};
  explain_check(f, m, e, r, &eo);
}

void report_check_json(Json *j, Model *m, const Expect *e,
                       const CheckResult *r, bool where, bool reasons) {
  Program *p = m->p;
  char expected[700], found[1200];
  if (where) {
    json_kv_str(j, "file", diag_file_name(p->diag, e->loc));
    json_kv_int(j, "line", e->loc.line);
    json_kv_int(j, "column", e->loc.col);
  }
  json_kv_str(j, "check", e->text);
  if (r->error) json_kv_null(j, "holds");
  else json_kv_bool(j, "holds", r->holds);
  json_key(j, "error");
  if (r->error) {
    Loc at = r->at.line ? r->at : e->loc;
    json_open_flat(j, '{');
    json_kv_str(j, "message", r->msg);
    json_kv_str(j, "file", diag_file_name(p->diag, at));
    json_kv_int(j, "line", at.line);
    json_kv_int(j, "column", at.col);
    json_close(j, '}');
  } else {
    fputs("null", j->f);
  }
  bool ef = explain_expected_found_text(m, e, r, expected, sizeof expected,
                                        found, sizeof found);
  json_kv_str(j, "expected", ef ? expected : NULL);
  json_kv_str(j, "found", ef ? found : NULL);
  if (r->when && !r->error) {
    StrBuf b;
    sb_init(&b);
    Defer db;
    mem_defer(&db, (void (*)(void *))sb_free, &b);
    print_periods(&b, r->when->v, r->when->n);
    json_kv_str(j, "answer", b.s);
    mem_undefer(&db, true);
    explain_when_json(j, m, e, r);
  }
  json_key(j, "reasons");
  if (reasons) {
    json_open(j, '{');
    explain_json(j, m, e, r);
    json_close(j, '}');
  } else {
    fputs("null", j->f);
  }
}

/* ---- JUnit XML ---- */

/* Text in an XML attribute or element: the five special characters as
 * entities, and the control characters XML 1.0 cannot hold as '?'. */
static void xml_text(StrBuf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
      case '&': sb_puts(b, "&amp;"); break;
      case '<': sb_puts(b, "&lt;"); break;
      case '>': sb_puts(b, "&gt;"); break;
      case '"': sb_puts(b, "&quot;"); break;
      case '\'': sb_puts(b, "&apos;"); break;
      default:
        if (c < 0x20 && c != '\n' && c != '\t') sb_put(b, "?", 1);
        else sb_put(b, s + i, 1);
    }
  }
}

static void xml_attr(StrBuf *b, const char *name, const char *v) {
  sb_printf(b, " %s=\"", name);
  xml_text(b, v, strlen(v));
  sb_put(b, "\"", 1);
}

/* A testcase: an expectation, or the snapshot or the loading of a file.
 * kind: NULL (it passed), "failure" or "error", with a one-line message
 * and the whole text. */
static void junit_case(TestReport *t, const char *suite, const char *name,
                       const char *file, uint32_t line, const char *kind,
                       const char *msg, const char *text, size_t len) {
  StrBuf *b = &t->xml;
  t->xml_tests++;
  sb_puts(b, "    <testcase");
  xml_attr(b, "name", name);
  xml_attr(b, "classname", suite);
  xml_attr(b, "file", file);
  if (line) sb_printf(b, " line=\"%u\"", line);
  if (!kind) {
    sb_puts(b, "/>\n");
    return;
  }
  if (!strcmp(kind, "error")) t->xml_errors++;
  else t->xml_failures++;
  sb_printf(b, ">\n      <%s", kind);
  xml_attr(b, "message", msg);
  sb_puts(b, ">");
  xml_text(b, text, len);
  sb_printf(b, "</%s>\n    </testcase>\n", kind);
}

static void junit_expect(TestReport *t, const char *suite, Model *m,
                         const Expect *e, const CheckResult *r) {
  Program *p = m->p;
  const char *file = diag_file_name(p->diag, e->loc);
  if (!r->error && r->holds) {
    junit_case(t, suite, e->text, file, e->loc.line, NULL, NULL, NULL, 0);
    return;
  }
  char expected[700], found[1200], msg[2000];
  if (r->error)
    snprintf(msg, sizeof msg, "%s", r->msg);
  else if (explain_expected_found_text(m, e, r, expected, sizeof expected,
                                       found, sizeof found))
    snprintf(msg, sizeof msg, "expected: %s; found: %s", expected, found);
  else
    snprintf(msg, sizeof msg, "expect failed: %s", e->text);
  PrintStream o = {NULL, NULL, 0};
  Defer d;
  mem_defer(&d, print_stream_free, &o);
  print_stream_open(&o);
  report_failure_text(o.f, m, e, r, false);
  size_t len;
  const char *text = print_stream_text(&o, &len);
  junit_case(t, suite, e->text, file, e->loc.line,
             r->error ? "error" : "failure", msg, text, len);
  mem_undefer(&d, true);
}

/* A file that did not load: one testcase in error, with its diagnostics. */
static void junit_load_error(TestReport *t, const char *path, Diag *d) {
  StrBuf text;
  sb_init(&text);
  Defer df;
  mem_defer(&df, (void (*)(void *))sb_free, &text);
  size_t first = SIZE_MAX;   /* where the first error's line starts */
  diag_sort(d);
  for (uint32_t i = 0; i < d->nmsgs; i++) {
    const DiagMsg *m = &d->msgs[i];
    size_t start = text.n;
    if (m->loc.line)
      sb_printf(&text, "%s:%u:%u: ", diag_file_name(d, m->loc), m->loc.line,
                m->loc.col);
    else
      sb_printf(&text, "%s: ", diag_file_name(d, m->loc));
    sb_printf(&text, "%s: %s\n", diag_level_name(m->level), m->text);
    if (first == SIZE_MAX && m->level == DIAG_ERROR) first = start;
  }
  char msg[1200];
  if (first != SIZE_MAX)
    snprintf(msg, sizeof msg, "%.*s", (int)strcspn(text.s + first, "\n"),
             text.s + first);
  else
    snprintf(msg, sizeof msg, "%s: cannot be evaluated", path);
  junit_case(t, path, "load", path, 0, "error", msg, text.s ? text.s : "", text.n);
  mem_undefer(&df, true);
}

/* ---- the run ---- */

void report_test_begin(TestReport *t, FILE *out, bool json, bool color,
                       bool junit) {
  memset(t, 0, sizeof *t);
  t->out = out;
  t->json = json;
  t->color = color && !json;
  t->junit = junit;
  sb_init(&t->xml);
  if (!json) return;
  json_init(&t->j, out);
  json_open(&t->j, '{');
  json_kv_int(&t->j, "version", REPORT_JSON_VERSION);
  json_key(&t->j, "files");
  json_open(&t->j, '[');
}

void report_test_free(TestReport *t) { sb_free(&t->xml); }

/* Every expect of a file: counted, and told in each form wanted. */
static ExpectTally expectations(TestReport *t, const char *path, Model *m) {
  Program *p = m->p;
  ExpectTally n = {0};
  Checked c = {0};
  Defer d;
  mem_defer(&d, check_checked_free, &c);
  if (t->json) {
    json_key(&t->j, "expectations");
    json_open(&t->j, '[');
  }
  for (uint32_t i = 0; i < p->nexpects; i++) {
    const Expect *e = p->expects[i];
    if (e->kind != E_EXPECT) continue;
    check_expect(m, &c.x, e, &c.r);
    bool fails = c.r.error || !c.r.holds;
    if (c.r.error) n.errors++;
    else if (c.r.holds) n.passed++;
    else n.failed++;
    if (t->out && !t->json && fails) report_failure_text(t->out, m, e, &c.r, t->color);
    if (t->json) {
      json_sep(&t->j);
      json_open(&t->j, '{');
      report_check_json(&t->j, m, e, &c.r, true, fails);
      json_close(&t->j, '}');
    }
    if (t->junit) junit_expect(t, path, m, e, &c.r);
    check_result_free(&c.r);
  }
  if (t->json) json_close(&t->j, ']');
  mem_undefer(&d, true);
  return n;
}

static void snapshot(TestReport *t, const char *path, const TestSnapshot *s) {
  if (!s) {
    if (t->json) json_kv_null(&t->j, "snapshot");
    return;
  }
  if (s->rc == 0) t->passed++;
  else t->failed++;
  const char *msg = s->message ? s->message : "";
  if (t->json) {
    json_key(&t->j, "snapshot");
    json_open(&t->j, '{');
    json_kv_str(&t->j, "file", s->path);
    if (s->rc == 2) json_kv_null(&t->j, "holds");
    else json_kv_bool(&t->j, "holds", s->rc == 0);
    json_kv_str(&t->j, "message", s->message);
    json_close(&t->j, '}');
  } else if (t->out) {
    fputs(msg, t->out);
  }
  if (t->junit) {
    char line[1200];
    snprintf(line, sizeof line, "%.*s", (int)strcspn(msg, "\n"), msg);
    junit_case(t, path, "snapshot", s->path, 0,
               s->rc == 0 ? NULL : s->rc == 1 ? "failure" : "error",
               *line ? line : "the snapshot cannot be compared", msg, strlen(msg));
  }
}

void report_test_file(TestReport *t, const char *path, Model *m, Diag *d,
                      const TestSnapshot *snap) {
  size_t suite = t->xml.n;
  uint32_t tests = t->xml_tests, failures = t->xml_failures,
           errors = t->xml_errors;
  if (t->json) {
    json_sep(&t->j);
    json_open(&t->j, '{');
    json_kv_str(&t->j, "file", path);
    json_kv_bool(&t->j, "loaded", m != NULL);
    json_key(&t->j, "diagnostics");
    diag_json(d, &t->j);
  }
  if (t->junit && !m) junit_load_error(t, path, d);
  if (!t->json) diag_flush(d);
  else diag_reset(d);
  ExpectTally n = {0};
  if (m) {
    n = expectations(t, path, m);
    t->passed += n.passed;
    t->failed += n.failed;
    t->errors += n.errors;
  } else {
    t->files_with_errors++;
    if (t->json) {
      json_key(&t->j, "expectations");
      json_open(&t->j, '[');
      json_close(&t->j, ']');
    }
  }
  snapshot(t, path, m ? snap : NULL);
  if (t->json) {
    json_kv_int(&t->j, "passed", n.passed);
    json_kv_int(&t->j, "failed", n.failed);
    json_kv_int(&t->j, "errors", n.errors);
    json_close(&t->j, '}');
  }
  if (!t->junit) return;
  /* the suite's opening tag, now that its counts are known */
  StrBuf head;
  sb_init(&head);
  Defer dh;
  mem_defer(&dh, (void (*)(void *))sb_free, &head);
  sb_puts(&head, "  <testsuite");
  xml_attr(&head, "name", path);
  sb_printf(&head, " tests=\"%u\" failures=\"%u\" errors=\"%u\">\n",
            t->xml_tests - tests, t->xml_failures - failures,
            t->xml_errors - errors);
  size_t body = t->xml.n - suite;
  sb_put(&t->xml, head.s, head.n);  /* room, then move the body after it */
  memmove(t->xml.s + suite + head.n, t->xml.s + suite, body);
  memcpy(t->xml.s + suite, head.s, head.n);
  sb_puts(&t->xml, "  </testsuite>\n");
  mem_undefer(&dh, true);
}

void report_test_end(TestReport *t) {
  if (!t->json) {
    if (!t->out) return;
    fprintf(t->out, "%u passed, %u failed", t->passed, t->failed + t->errors);
    if (t->files_with_errors)
      fprintf(t->out, ", %u file%s with errors", t->files_with_errors,
              t->files_with_errors == 1 ? "" : "s");
    fputc('\n', t->out);
    return;
  }
  json_close(&t->j, ']');
  json_kv_int(&t->j, "passed", t->passed);
  json_kv_int(&t->j, "failed", t->failed);
  json_kv_int(&t->j, "errors", t->errors);
  json_kv_int(&t->j, "files_with_errors", t->files_with_errors);
  json_close(&t->j, '}');
  fputc('\n', t->out);
}

void report_test_junit(const TestReport *t, StrBuf *out) {
  sb_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
  xml_attr(out, "name", "deal test");
  sb_printf(out, " tests=\"%u\" failures=\"%u\" errors=\"%u\">\n",
            t->xml_tests, t->xml_failures, t->xml_errors);
  if (t->xml.n) sb_put(out, t->xml.s, t->xml.n);
  sb_puts(out, "</testsuites>\n");
}

/* ---- the expectations line of `deal run` ---- */

ExpectTally report_expects(FILE *f, Model *m, bool verbose, bool color) {
  TestReport t;
  report_test_begin(&t, verbose ? f : NULL, false, color, false);
  Defer d;
  mem_defer(&d, (void (*)(void *))report_test_free, &t);
  ExpectTally n = expectations(&t, "", m);
  mem_undefer(&d, true);
  return n;
}
