/* lsp: `deal lsp` (see lsp.h).
 *
 * Each open document is a Doc: the client's text (the C heap: it must
 * outlive the protected calls) and a Session loaded from it, with its
 * includes (an included file that is open is read from the client's
 * text).  A change reloads the document and every open document that
 * includes it, then publishes their diagnostics: the whole document is
 * read again (full synchronisation), which keeps every answer the
 * engine's own.  Places: the engine's are 1-based lines and byte columns;
 * the protocol's 0-based lines and UTF-16 units (or bytes, when the
 * client offers utf-8). */
#include "lsp.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "complete.h"
#include "explain.h"
#include "lex.h"
#include "literal.h"
#include "occur.h"
#include "resolve.h"
#include "session.h"

/* ---- the server ---- */

/* A file of a document's session, as the protocol names and counts it. */
typedef struct FileText {
  const char *text;         /* NULL: not read yet (or unreadable) */
  size_t len;
  uint32_t *ls;             /* line starts */
  uint32_t nls;
  char *uri;
  bool done;
} FileText;

typedef struct Doc {
  char *uri, *path;         /* C heap */
  char *text;
  size_t len;
  int64_t version;
  /* the State's */
  Session *s;               /* NULL when memory ran out loading it */
  bool ok;                  /* loaded without errors: s->m is its model */
  FileText *ft;             /* by Diag file index */
  uint32_t nft;
  Occurs occ;
  bool indexed;
  World *w;                 /* the session's world, when asked */
  char werr[400];
  /* what was published last (C heap): URIs of its includes */
  char **pub;
  uint32_t npub;
} Doc;

typedef struct Server {
  State *S;
  RpcOut out;
  Doc **docs;               /* C heap */
  uint32_t ndocs;
  bool initialized, shutdown, done;
  int status;
  bool utf8;                /* positions count bytes */
  bool lens_refresh;        /* the client can be asked to refresh lenses */
  int64_t next_id;
  char *world, *date;       /* the session's world: NULL, the status quo
                               at the scenario's date */
  const char *version;      /* deal's, for serverInfo */
} Server;

/* One request or notification being handled. */
typedef struct Req {
  Server *sv;
  const RpcMsg *m;
  cJSON *result;            /* built inside the protected call */
  int code;                 /* an error to answer instead */
  char err[600];
} Req;

/* ---- JSON inside a protected call: NULL (cJSON out of memory) unwinds
 * like the engine's allocations; what was built hangs on Req.result or
 * on a message freed after the call ---- */

static cJSON *J(cJSON *x) {
  if (!x) mem_throw();
  return x;
}

static cJSON *jobj(cJSON *o, const char *k) {
  return J(k ? cJSON_AddObjectToObject(o, k) : NULL);
}
static cJSON *jarr(cJSON *o, const char *k) {
  return J(cJSON_AddArrayToObject(o, k));
}
static void jstr(cJSON *o, const char *k, const char *v) {
  J(cJSON_AddStringToObject(o, k, v ? v : ""));
}
static void jnum(cJSON *o, const char *k, double v) {
  J(cJSON_AddNumberToObject(o, k, v));
}
static void jbool(cJSON *o, const char *k, bool v) {
  J(cJSON_AddBoolToObject(o, k, v));
}
/* A new object at the end of an array. */
static cJSON *jpush(cJSON *a) {
  cJSON *x = J(cJSON_CreateObject());
  if (!cJSON_AddItemToArray(a, x)) {
    cJSON_Delete(x);
    mem_throw();
  }
  return x;
}

static bool fail(Req *r, int code, const char *fmt, const char *arg) {
  r->code = code;
  snprintf(r->err, sizeof r->err, fmt, arg ? arg : "");
  return false;
}

/* A member of the params: NULL when missing. */
static cJSON *param(const cJSON *o, const char *k) {
  return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}

static const char *param_str(const cJSON *o, const char *k) {
  cJSON *v = param(o, k);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---- URIs and paths ---- */

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* A file: URI's path, decoded (C heap); another URI as it is. */
static char *uri_path(const char *uri) {
  const char *p = !strncmp(uri, "file://", 7) ? uri + 7 : NULL;
  if (!p) return strdup(uri);
  if (*p != '/') p = strchr(p, '/') ? strchr(p, '/') : "";  /* a host */
  char *out = malloc(strlen(p) + 1), *o = out;
  if (!out) return NULL;
  for (; *p; p++) {
    int h, l;
    if (*p == '%' && (h = hexval(p[1])) >= 0 && (l = hexval(p[2])) >= 0) {
      *o++ = (char)(h * 16 + l);
      p += 2;
    } else {
      *o++ = *p;
    }
  }
  *o = 0;
  /* a NUL written as %00 would end the path early: keep it as written */
  if (strlen(out) != (size_t)(o - out)) {
    free(out);
    return strdup(uri);
  }
  return out;
}

/* The canonical form of a path (symbolic links and `..` resolved) when
 * the file exists, else the path itself: what documents and includes are
 * matched by.  C heap. */
static char *canon(const char *path) {
  char *r = realpath(path, NULL);
  return r ? r : strdup(path);
}

/* For a Defer: free(*(char **)pp), the C heap's. */
static void free_c(void *pp) {
  free(*(char **)pp);
  *(char **)pp = NULL;
}

/* A path as a file: URI, in the State's heap. */
static char *path_uri(const char *path) {
  if (strchr(path, ':') && path[0] != '/') return mem_strdup(path);  /* untitled: */
  char *c = canon(path);
  if (!c) mem_throw();
  Defer dc;
  mem_defer(&dc, free_c, &c);
  size_t n = strlen(c);
  char *u = mem_alloc(7 + 3 * n + 2), *o = u;
  memcpy(o, "file://", 7);
  o += 7;
  if (c[0] != '/') *o++ = '/';
  for (const unsigned char *p = (const unsigned char *)c; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
        (*p >= '0' && *p <= '9') || strchr("/-._~", *p)) {
      *o++ = (char)*p;
    } else {
      sprintf(o, "%%%02X", *p);
      o += 3;
    }
  }
  *o = 0;
  mem_undefer(&dc, true);
  return u;
}

/* ---- documents ---- */

static Doc *doc_find(Server *sv, const char *uri) {
  for (uint32_t i = 0; uri && i < sv->ndocs; i++)
    if (!strcmp(sv->docs[i]->uri, uri)) return sv->docs[i];
  return NULL;
}

/* The open document of a path (an include), or NULL. */
static Doc *doc_of_path(Server *sv, const char *path) {
  char *c = canon(path);
  Doc *d = NULL;
  for (uint32_t i = 0; c && !d && i < sv->ndocs; i++)
    if (!strcmp(sv->docs[i]->path, c)) d = sv->docs[i];
  free(c);
  return d;
}

/* The parser's hook: an open document's text instead of its file's. */
static const char *open_text(void *arg, const char *path, size_t *len) {
  Doc *d = doc_of_path(arg, path);
  if (!d) return NULL;
  *len = d->len;
  return d->text;
}

/* What a session holds besides itself: freed before a reload. */
static void doc_unload(Doc *d) {
  if (d->w) world_free(d->w);
  d->w = NULL;
  d->werr[0] = 0;
  occur_free(&d->occ);
  d->indexed = false;
  for (uint32_t i = 0; i < d->nft; i++) {
    mem_free(d->ft[i].ls);
    mem_free(d->ft[i].uri);
  }
  mem_free(d->ft);
  d->ft = NULL;
  d->nft = 0;
  session_free(d->s);
  d->s = NULL;
  d->ok = false;
}

/* Reads the document again (a protected call's work). */
static void doc_load(Server *sv, Doc *d) {
  doc_unload(d);
  SessionOpts so = {NULL, false, false, false, open_text, sv};
  Session *s = session_new(&so);
  Defer df;
  mem_defer(&df, (void (*)(void *))session_free, s);
  bool ok = session_load_text(s, d->path, d->text, d->len);
  FileText *ft = mem_calloc(s->diag.nfiles ? s->diag.nfiles : 1, sizeof *ft);
  mem_undefer(&df, false);
  /* all or nothing: an unwind above leaves the document unloaded */
  d->ok = ok;
  d->ft = ft;
  d->nft = s->diag.nfiles;
  d->s = s;
}

/* A file of a document's session, its text and lines read on first use. */
static FileText *doc_file(Doc *d, uint32_t f) {
  if (!d->s || f >= d->nft) return NULL;
  FileText *t = &d->ft[f];
  if (t->done) return t;
  mem_free(t->ls);  /* what an unwind left half made */
  mem_free(t->uri);
  t->ls = NULL;
  t->uri = NULL;
  if (f == 0) {
    t->text = d->text;
    t->len = d->len;
  } else {
    t->text = diag_source_text(&d->s->diag, f, &t->len);
  }
  uint32_t n = 1;
  for (size_t i = 0; t->text && i < t->len; i++) n += t->text[i] == '\n';
  t->ls = mem_alloc(n * sizeof *t->ls);
  t->ls[0] = 0;
  t->nls = 1;
  for (size_t i = 0; t->text && i < t->len; i++)
    if (t->text[i] == '\n') t->ls[t->nls++] = (uint32_t)(i + 1);
  t->uri = f == 0 ? mem_strdup(d->uri) : path_uri(d->s->diag.files[f]->path);
  t->done = true;
  return t;
}

/* ---- places ---- */

/* Protocol units in bytes [a, b) of a line. */
static uint32_t units(const Server *sv, const char *s, size_t a, size_t b) {
  if (sv->utf8) return (uint32_t)(b - a);
  uint32_t u = 0;
  for (size_t i = a; i < b; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c & 0xC0) != 0x80) u += c >= 0xF0 ? 2 : 1;
  }
  return u;
}

/* The end of line i's text (before its newline). */
static size_t line_end(const FileText *t, uint32_t i) {
  size_t e = i + 1 < t->nls ? t->ls[i + 1] - 1 : t->len;
  if (e > t->ls[i] && t->text[e - 1] == '\r') e--;
  return e;
}

/* {line, character} of 1-based line and byte column col in file t. */
static void put_pos(const Server *sv, cJSON *o, const FileText *t,
                    uint32_t line, uint32_t col) {
  uint32_t l = line ? line - 1 : 0, c = 0;
  if (t && t->text && l < t->nls) {
    size_t a = t->ls[l], e = line_end(t, l);
    size_t b = a + (col ? col - 1 : 0);
    c = units(sv, t->text, a, b < e ? b : e);
  } else if (col) {
    c = col - 1;
  }
  jnum(o, "line", l);
  jnum(o, "character", c);
}

static void put_range(const Server *sv, cJSON *o, const char *k,
                      const FileText *t, Loc at) {
  cJSON *r = jobj(o, k);
  put_pos(sv, jobj(r, "start"), t, at.line, at.col);
  put_pos(sv, jobj(r, "end"), t, at.line, at.col + at.len);
}

/* A Location {uri, range}. */
static void put_location(Server *sv, cJSON *o, Doc *d, Loc at) {
  FileText *t = doc_file(d, at.file);
  jstr(o, "uri", t ? t->uri : d->uri);
  put_range(sv, o, "range", t, at);
}

/* The params' position in document d as a 1-based line and byte column
 * of its first file; false (answered) when it is not in it. */
static bool get_pos(Req *r, Doc *d, const cJSON *params, uint32_t *line,
                    uint32_t *col) {
  cJSON *p = param(params, "position");
  cJSON *l = param(p, "line"), *c = param(p, "character");
  if (!cJSON_IsNumber(l) || !cJSON_IsNumber(c) || l->valuedouble < 0 ||
      c->valuedouble < 0 || l->valuedouble > UINT32_MAX ||
      c->valuedouble > UINT32_MAX)
    return fail(r, RPC_INVALID_PARAMS, "position: {line, character} needed", NULL);
  FileText *t = doc_file(d, 0);
  if (!t) return fail(r, RPC_REQUEST_FAILED, "the document could not be read", NULL);
  uint32_t li = (uint32_t)l->valuedouble, want = (uint32_t)c->valuedouble;
  if (li >= t->nls)
    return fail(r, RPC_INVALID_PARAMS, "position: the line is past the end of "
                "the document", NULL);
  size_t a = t->ls[li], e = line_end(t, li), b = a;
  for (uint32_t u = 0; b < e && u < want;) {  /* past the end: the end */
    unsigned char ch = (unsigned char)t->text[b++];
    if (r->sv->utf8) u++;
    else if ((ch & 0xC0) != 0x80) u += ch >= 0xF0 ? 2 : 1;
    while (!r->sv->utf8 && b < e && ((unsigned char)t->text[b] & 0xC0) == 0x80) b++;
  }
  *line = li + 1;
  *col = (uint32_t)(b - a) + 1;
  return true;
}

/* The params' document, loaded; false (answered) when it is not open. */
static Doc *get_doc(Req *r, const cJSON *params) {
  const char *uri = param_str(param(params, "textDocument"), "uri");
  if (!uri) {
    fail(r, RPC_INVALID_PARAMS, "textDocument.uri needed", NULL);
    return NULL;
  }
  Doc *d = doc_find(r->sv, uri);
  if (!d) fail(r, RPC_INVALID_PARAMS, "%s is not open (textDocument/didOpen first)", uri);
  else if (!d->s) fail(r, RPC_REQUEST_FAILED, "out of memory reading %s", uri), d = NULL;
  return d;
}

/* ---- diagnostics ---- */

typedef struct Pub {
  cJSON *msg;               /* publishDiagnostics params, per file */
  cJSON *list;
} Pub;

/* The diagnostics of file f in the notifications being built. */
static cJSON *pub_list(Server *sv, Doc *d, Pub *pubs, uint32_t f) {
  if (!pubs[f].msg) {
    FileText *t = doc_file(d, f);
    pubs[f].msg = J(cJSON_CreateObject());
    jstr(pubs[f].msg, "uri", t->uri);
    if (f == 0) jnum(pubs[f].msg, "version", (double)d->version);
    pubs[f].list = jarr(pubs[f].msg, "diagnostics");
  }
  (void)sv;
  return pubs[f].list;
}

static void add_diag(Server *sv, Doc *d, Pub *pubs, Loc at, int severity,
                     const char *text, cJSON **related) {
  cJSON *x = jpush(pub_list(sv, d, pubs, at.file));
  put_range(sv, x, "range", doc_file(d, at.file), at);
  jnum(x, "severity", severity);
  jstr(x, "source", "deal");
  jstr(x, "message", text);
  *related = x;
}

/* Every failing expect, as `deal test` finds it: a warning with what was
 * expected and found (an expect that is an error: an error). */
static void expect_diags(Server *sv, Doc *d, Pub *pubs) {
  Program *p = d->s->p;
  Checked c = {0};
  Defer dc;
  mem_defer(&dc, check_checked_free, &c);
  for (uint32_t i = 0; i < p->nexpects; i++) {
    const Expect *e = p->expects[i];
    if (e->kind != E_EXPECT) continue;
    check_result_free(&c.r);
    memset(&c.r, 0, sizeof c.r);
    check_expect(d->s->m, &c.x, e, &c.r);
    if (c.r.holds && !c.r.error) continue;
    char expected[700], found[1200], msg[2200];
    cJSON *x;
    if (c.r.error) {
      add_diag(sv, d, pubs, c.r.at.line ? c.r.at : e->loc, 1, c.r.msg, &x);
      continue;
    }
    if (explain_expected_found_text(d->s->m, e, &c.r, expected, sizeof expected,
                                    found, sizeof found))
      snprintf(msg, sizeof msg, "expect failed: %s\nexpected: %s; found: %s",
               e->text, expected, found);
    else
      snprintf(msg, sizeof msg, "expect failed: %s", e->text);
    Loc at = e->loc;
    at.len = 6;  /* `expect` */
    add_diag(sv, d, pubs, at, 2, msg, &x);
  }
  mem_undefer(&dc, true);
}

static bool pub_has(char **v, uint32_t n, const char *uri) {
  for (uint32_t i = 0; i < n; i++)
    if (!strcmp(v[i], uri)) return true;
  return false;
}

typedef struct PubSet {
  Pub *pubs;
  uint32_t n;
} PubSet;

static void pubset_free(void *v) {
  PubSet *ps = v;
  for (uint32_t i = 0; ps->pubs && i < ps->n; i++) cJSON_Delete(ps->pubs[i].msg);
  mem_free(ps->pubs);
  ps->pubs = NULL;
}

/* Publishes what the document's session found, per file: the document's
 * own and those of the files it includes that are not open themselves
 * (they publish their own); a file published before and clean now gets
 * an empty list. */
static void doc_publish(Server *sv, Doc *d) {
  PubSet ps = {NULL, d->s ? d->s->diag.nfiles : 1};
  Defer dp;
  mem_defer(&dp, pubset_free, &ps);
  ps.pubs = mem_calloc(ps.n ? ps.n : 1, sizeof *ps.pubs);
  if (!d->s) {
    ps.pubs[0].msg = J(cJSON_CreateObject());
    jstr(ps.pubs[0].msg, "uri", d->uri);
    cJSON *x = jpush(jarr(ps.pubs[0].msg, "diagnostics"));
    cJSON *rg = jobj(x, "range");
    cJSON *a = jobj(rg, "start"), *b = jobj(rg, "end");
    jnum(a, "line", 0), jnum(a, "character", 0), jnum(b, "line", 0), jnum(b, "character", 0);
    jnum(x, "severity", 1);
    jstr(x, "message", "out of memory: the document could not be read");
  } else {
    Diag *dg = &d->s->diag;
    diag_sort(dg);
    pub_list(sv, d, ps.pubs, 0);
    for (uint32_t i = 0; i < dg->nmsgs;) {
      DiagMsg *m = &dg->msgs[i];
      cJSON *x;
      add_diag(sv, d, ps.pubs, m->loc, m->level == DIAG_ERROR ? 1 : 2, m->text, &x);
      cJSON *rel = NULL;
      /* the notes printed after a message are its related information */
      for (i++; i < dg->nmsgs && dg->msgs[i].level == DIAG_NOTE; i++) {
        if (!rel) rel = jarr(x, "relatedInformation");
        cJSON *n = jpush(rel);
        put_location(sv, jobj(n, "location"), d, dg->msgs[i].loc);
        jstr(n, "message", dg->msgs[i].text);
      }
    }
    if (dg->errors > dg->max_errors) {
      cJSON *x;
      add_diag(sv, d, ps.pubs, (Loc){0, 1, 1, 0}, 1,
               "too many errors; only the first ones are shown, and reading stopped", &x);
    }
    if (d->ok) expect_diags(sv, d, ps.pubs);
    for (uint32_t f = 1; f < ps.n; f++) pub_list(sv, d, ps.pubs, f);
  }
  /* what goes out: every file but the open ones (the document itself
   * aside); the includes of last time that are gone, emptied */
  char **now = calloc(ps.n ? ps.n : 1, sizeof *now);
  uint32_t nnow = 0;
  for (uint32_t f = 0; f < ps.n; f++) {
    cJSON *msg = ps.pubs[f].msg;
    if (!msg) continue;
    const char *uri = cJSON_GetObjectItem(msg, "uri")->valuestring;
    if (f > 0 && (doc_find(sv, uri) || !strcmp(uri, d->uri) || pub_has(now, nnow, uri)))
      continue;
    if (f > 0 && now && (now[nnow] = strdup(uri))) nnow++;
    ps.pubs[f].msg = NULL;
    rpc_notify(&sv->out, "textDocument/publishDiagnostics", msg);
  }
  for (uint32_t i = 0; i < d->npub; i++) {
    if (!pub_has(now, nnow, d->pub[i]) && !doc_find(sv, d->pub[i])) {
      cJSON *msg = cJSON_CreateObject();
      if (msg && cJSON_AddStringToObject(msg, "uri", d->pub[i]) &&
          cJSON_AddArrayToObject(msg, "diagnostics"))
        rpc_notify(&sv->out, "textDocument/publishDiagnostics", msg);
      else
        cJSON_Delete(msg);
    }
    free(d->pub[i]);
  }
  free(d->pub);
  d->pub = now;
  d->npub = now ? nnow : 0;
  mem_undefer(&dp, true);
}

/* ---- loading, in protected calls ---- */

typedef struct LoadArg {
  Server *sv;
  Doc *d;
} LoadArg;

static void load_call(void *v) {
  LoadArg *a = v;
  doc_load(a->sv, a->d);
}

static void publish_call(void *v) {
  LoadArg *a = v;
  doc_publish(a->sv, a->d);
}

/* Reloads a document and publishes its diagnostics; memory that runs
 * out leaves it unloaded, and says so. */
static void doc_refresh(Server *sv, Doc *d) {
  LoadArg a = {sv, d};
  if (state_call(sv->S, load_call, &a) != 0) {
    state_call(sv->S, load_call, &a);  /* what it held is gone: try once more */
  }
  if (state_call(sv->S, publish_call, &a) != 0)
    fprintf(stderr, "deal lsp: out of memory publishing %s\n", d->uri);
}

/* Does d's session read the file at path (canonical)? */
static bool doc_reads(Doc *d, const char *path) {
  if (!d->s) return false;
  for (uint32_t f = 1; f < d->s->diag.nfiles; f++) {
    char *c = canon(d->s->diag.files[f]->path);
    bool same = c && !strcmp(c, path);
    free(c);
    if (same) return true;
  }
  return false;
}

/* A document changed (or a file on disk, path; NULL: any): it and every
 * open document that includes it are read again. */
static void changed(Server *sv, Doc *d, const char *path) {
  if (d) doc_refresh(sv, d);
  for (uint32_t i = 0; i < sv->ndocs; i++) {
    Doc *o = sv->docs[i];
    if (o != d && (!path || doc_reads(o, path))) doc_refresh(sv, o);
  }
}

static void doc_free(Doc *d) {
  doc_unload(d);
  for (uint32_t i = 0; i < d->npub; i++) free(d->pub[i]);
  free(d->pub);
  free(d->uri);
  free(d->path);
  free(d->text);
  free(d);
}

/* ---- the session's world ---- */

static void world_forget(Server *sv) {
  for (uint32_t i = 0; i < sv->ndocs; i++) {
    Doc *d = sv->docs[i];
    if (d->w) world_free(d->w);
    d->w = NULL;
    d->werr[0] = 0;
  }
}

/* The document's world (the session's choice), NULL with d->werr. */
static World *doc_world(Server *sv, Doc *d) {
  if (d->w || d->werr[0]) return d->w;
  if (!d->ok) {
    snprintf(d->werr, sizeof d->werr, "the file has errors");
    return NULL;
  }
  d->w = session_world(d->s, sv->world, sv->date, d->werr, sizeof d->werr);
  if (!d->w && !d->werr[0]) snprintf(d->werr, sizeof d->werr, "no world");
  return d->w;
}

static const char *world_name(Server *sv, Doc *d, char *buf, size_t cap) {
  World *w = doc_world(sv, d);
  char date[16];
  if (!w) return "";
  if (w->date) snprintf(buf, cap, "%s at %s", w->name, lit_date_str(w->date, date));
  else snprintf(buf, cap, "%s", w->name);
  return buf;
}

/* An expect as asked in the session's world: its own `under` and `at`
 * when it has them (deal query's --under and --at). */
static void expect_in_world(Server *sv, Doc *d, const Expect *e, Expect *out) {
  *out = *e;
  int32_t at;
  char err[100];
  if (!out->cx.has_at && sv->date && session_date(sv->date, &at, err, sizeof err)) {
    out->cx.has_at = true;
    out->cx.at = at;
  }
  Outcome **o = NULL;
  uint32_t n = 0;
  Defer d_o;
  mem_defer(&d_o, mem_free_ptr, &o);
  if (!out->cx.has_under && !out->cx.has_prob && sv->world &&
      session_outcomes(d->s, sv->world, &o, &n, err, sizeof err) && n) {
    Ref *v = arena_alloc(&d->s->p->arena, n * sizeof *v);
    for (uint32_t i = 0; i < n; i++) v[i] = (Ref){.name = o[i]->h.name, .d = &o[i]->h};
    out->cx.under = v;
    out->cx.nunder = n;
    out->cx.has_under = true;
  }
  mem_undefer(&d_o, true);
}

/* ---- hover ---- */

static void md_code(StrBuf *b, const char *text) {
  sb_puts(b, "```deal\n");
  sb_puts(b, text);
  if (*text && text[strlen(text) - 1] != '\n') sb_puts(b, "\n");
  sb_puts(b, "```\n");
}

static const char *fate_text(Fate f) {
  switch (f) {
    case FATE_ACTIVE: return "active";
    case FATE_VOID: return "void";
    case FATE_ABSENT: return "absent (its outcome is not chosen)";
    case FATE_OUT_OF_FORCE: return "not in force on that date";
    case FATE_CONDITION: return "its condition does not hold";
  }
  return "";
}

static const char *tier_text(Tier t) {
  return t == T_ORDER ? "order" : t == T_RULING ? "ruling" : "ordinary";
}

/* A clause: its statement, its agreement (or outcome), its tier and what
 * the session's world makes of it. */
static void hover_clause(Server *sv, Doc *d, const Clause *c, StrBuf *b) {
  StrBuf t;
  sb_init(&t);
  Defer dt;
  mem_defer(&dt, (void (*)(void *))sb_free, &t);
  print_clause_name(&t, c);
  sb_printf(b, "**clause** `%s`", t.s ? t.s : "");
  if (c->agr)
    sb_printf(b, " of agreement %s%s%s%s", c->agr->h.name->s,
              c->agr->title ? " (\"" : "", c->agr->title ? c->agr->title : "",
              c->agr->title ? "\")" : "");
  else if (c->out)
    sb_printf(b, " of outcome %s", c->out->h.name->s);
  sb_puts(b, "\n\n");
  t.n = 0;
  if (t.s) t.s[0] = 0;
  print_body(&t, c->body);
  md_code(b, t.s ? t.s : "");
  World *w = doc_world(sv, d);
  if (!w) {
    sb_printf(b, "\nTier: %s. In the session's world: %s.\n",
              tier_text(c->is_order ? T_ORDER : c->out ? T_RULING : T_ORDINARY),
              d->werr);
  } else {
    View v;
    world_view(w, c, &v);
    char wn[300];
    sb_printf(b, "\nTier: %s. In %s: %s", tier_text(v.tier),
              world_name(sv, d, wn, sizeof wn), fate_text(v.fate));
    const Effect *ef = world_effect(w, c);
    const char *by = ef && ef->by ? ef->by->h.name->s : "an outcome";
    if (v.fate == FATE_VOID) sb_printf(b, " (voided by %s)", by);
    if (v.upheld) sb_printf(b, "; upheld by %s", by);
    if (v.amended) {
      t.n = 0;
      if (t.s) t.s[0] = 0;
      print_body(&t, v.b);
      sb_printf(b, "; amended by %s to read:\n\n", by);
      md_code(b, t.s ? t.s : "");
    } else if (v.construed && v.obj) {
      sb_printf(b, "; construed by %s as covering %s", by, v.obj->name->s);
    }
    sb_puts(b, v.amended ? "" : ".\n");
  }
  mem_undefer(&dt, true);
}

/* "party", "agreement": the kind without its article. */
static const char *kind_word(Kind k) {
  const char *n = ast_kind_name(k), *sp = strchr(n, ' ');
  return sp ? sp + 1 : n;
}

/* A global name: its declaration as source (with its description). */
static void hover_decl(Doc *d, const Decl *x, StrBuf *b) {
  StrBuf t;
  sb_init(&t);
  Defer dt;
  mem_defer(&dt, (void (*)(void *))sb_free, &t);
  print_decl(&t, d->s->p, x);
  sb_printf(b, "**%s** `%s` (%s:%u)\n\n", kind_word(x->kind),
            x->name->s, diag_file_name(&d->s->diag, x->loc), x->loc.line);
  md_code(b, t.s ? t.s : "");
  mem_undefer(&dt, true);
}

/* An expect or a query: the answer and its reasons, as deal query says
 * them, in the session's world. */
static void hover_expect(Server *sv, Doc *d, const Expect *e0, StrBuf *b) {
  Expect e;
  expect_in_world(sv, d, e0, &e);
  Checked c = {0};
  Defer dc;
  mem_defer(&dc, check_checked_free, &c);
  check_expect(d->s->m, &c.x, &e, &c.r);
  if (c.r.error) {
    sb_printf(b, "**error**: %s\n", c.r.msg);
  } else {
    PrintStream ps = {NULL, NULL, 0};
    Defer dp;
    mem_defer(&dp, print_stream_free, &ps);
    print_stream_open(&ps);
    explain_answer_line(ps.f, &e, &c.r, false, e.cx.when);
    ExplainOpts eo = {false, "  "};
    explain_check(ps.f, d->s->m, &e, &c.r, &eo);
    size_t len;
    const char *text = print_stream_text(&ps, &len);
    sb_puts(b, "```text\n");
    sb_put(b, text, len);
    sb_puts(b, "```\n");
    mem_undefer(&dp, true);
  }
  mem_undefer(&dc, true);
}

static void doc_index(Doc *d) {
  if (d->indexed) return;
  occur_build(d->s->p, &d->occ);
  d->indexed = true;
}

/* The expect or query whose statement the place is in (the last one
 * starting at or before it, before any other item), or NULL. */
static const Expect *expect_at(Doc *d, uint32_t line, uint32_t col) {
  Program *p = d->s->p;
  const Item *best = NULL;
  for (uint32_t i = 0; i < p->nitems; i++) {
    const Item *it = &p->items[i];
    if (it->loc.file != 0) continue;
    if (it->loc.line < line || (it->loc.line == line && it->loc.col <= col))
      if (!best || it->loc.line > best->loc.line ||
          (it->loc.line == best->loc.line && it->loc.col > best->loc.col))
        best = it;
  }
  return best && best->k == I_EXPECT ? best->ex : NULL;
}

/* The clause whose statement starts on the line, or NULL. */
static const Clause *clause_on(Doc *d, uint32_t line) {
  Program *p = d->s->p;
  for (uint32_t i = 0; i < p->nclauses; i++)
    if (p->clauses[i]->loc.file == 0 && p->clauses[i]->loc.line == line)
      return p->clauses[i];
  return NULL;
}

static bool h_hover(Req *r) {
  Server *sv = r->sv;
  const cJSON *params = r->m->params;
  Doc *d = get_doc(r, params);
  uint32_t line, col;
  if (!d || !get_pos(r, d, params, &line, &col)) return false;
  doc_index(d);
  const Occ *x = occur_at(&d->occ, 0, line, col);
  StrBuf b;
  sb_init(&b);
  Defer db;
  mem_defer(&db, (void (*)(void *))sb_free, &b);
  const Expect *e = NULL;
  const Clause *c = NULL;
  if (x && x->cl) {
    hover_clause(sv, d, x->cl, &b);
  } else if (x && x->name && x->name->decl) {
    hover_decl(d, x->name->decl, &b);
  } else if (x && x->include) {
    sb_printf(&b, "include `%s`\n", x->include);
  } else if ((e = expect_at(d, line, col)) && d->ok) {
    hover_expect(sv, d, e, &b);
  } else if ((c = clause_on(d, line))) {
    hover_clause(sv, d, c, &b);
  }
  if (b.n) {
    r->result = J(cJSON_CreateObject());
    cJSON *mc = jobj(r->result, "contents");
    jstr(mc, "kind", "markdown");
    jstr(mc, "value", b.s);
    if (x) put_range(sv, r->result, "range", doc_file(d, 0), x->loc);
  }
  mem_undefer(&db, true);
  return true;
}

/* ---- definition, references, rename ---- */

/* The include an occurrence names, as a path (State heap). */
static char *include_path(Doc *d, const Occ *x) {
  const char *from = d->s->diag.files[x->loc.file]->path;
  const char *slash = strrchr(from, '/');
  if (x->include[0] == '/' || !slash) return mem_strdup(x->include);
  size_t dl = (size_t)(slash - from) + 1, pl = strlen(x->include);
  char *full = mem_alloc(dl + pl + 1);
  memcpy(full, from, dl);
  memcpy(full + dl, x->include, pl + 1);
  return full;
}

static bool h_definition(Req *r) {
  Server *sv = r->sv;
  Doc *d = get_doc(r, r->m->params);
  uint32_t line, col;
  if (!d || !get_pos(r, d, r->m->params, &line, &col)) return false;
  doc_index(d);
  const Occ *x = occur_at(&d->occ, 0, line, col);
  Loc at;
  if (x && x->include) {
    char *path = include_path(d, x);
    Defer dp;
    mem_defer(&dp, mem_free_ptr, &path);
    char *uri = path_uri(path);
    mem_undefer(&dp, true);
    r->result = J(cJSON_CreateObject());
    cJSON *u = cJSON_AddStringToObject(r->result, "uri", uri);
    mem_free(uri);
    J(u);
    cJSON *rg = jobj(r->result, "range");
    cJSON *a = jobj(rg, "start"), *b = jobj(rg, "end");
    jnum(a, "line", 0), jnum(a, "character", 0), jnum(b, "line", 0), jnum(b, "character", 0);
  } else if (x && occur_target(x, &at)) {
    r->result = J(cJSON_CreateObject());
    put_location(sv, r->result, d, at);
  }
  return true;
}

/* A declaration as found in any session: its file's canonical path and
 * place. */
typedef struct Target {
  char *path;               /* C heap */
  uint32_t line, col;
} Target;

/* The place in one of sv's files that x's target is declared. */
static bool target_of(Doc *d, const Occ *x, Target *t) {
  Loc at;
  if (!occur_target(x, &at)) return false;
  t->path = canon(d->s->diag.files[at.file]->path);
  if (!t->path) mem_throw();
  t->line = at.line;
  t->col = at.col;
  return true;
}

typedef struct Spot {
  uint32_t doc, file;
  Loc loc;
  bool decl;
} Spot;

typedef struct Spots {
  Spot *v;
  uint32_t n, cap;
  char **paths;             /* canonical path of each doc's files (C heap) */
} Spots;

/* Every occurrence, in every open document's session, of what t names. */
static void find_all(Server *sv, const Target *t, Spots *h) {
  for (uint32_t i = 0; i < sv->ndocs; i++) {
    Doc *d = sv->docs[i];
    if (!d->s) continue;
    /* the file t is in, among d's; none: d cannot name it */
    Diag *dg = &d->s->diag;
    int32_t tf = -1;
    for (uint32_t f = 0; f < dg->nfiles && tf < 0; f++) {
      char *c = f == 0 ? canon(d->path) : canon(dg->files[f]->path);
      if (c && !strcmp(c, t->path)) tf = (int32_t)f;
      free(c);
    }
    if (tf < 0) continue;
    doc_index(d);
    for (uint32_t k = 0; k < d->occ.n; k++) {
      const Occ *x = &d->occ.v[k];
      Loc at;
      if (x->include || !occur_target(x, &at)) continue;
      if (at.file != (uint32_t)tf || at.line != t->line || at.col != t->col) continue;
      Spot hit = {i, x->loc.file, x->loc, x->decl};
      TVEC_PUSH(h->v, h->n, h->cap, hit);
    }
  }
}

/* The hits as Locations or edits, each place once (a file read by two
 * sessions is found twice). */
typedef struct Place {
  const char *uri;
  uint32_t line, col;
} Place;

static bool place_seen(Place *v, uint32_t n, const char *uri, Loc at) {
  for (uint32_t i = 0; i < n; i++)
    if (v[i].line == at.line && v[i].col == at.col && !strcmp(v[i].uri, uri))
      return true;
  return false;
}

/* The target at the request's place, or false (answered, or nothing to
 * say: *none). */
static bool req_target(Req *r, Doc **dp, Target *t, const Occ **xp) {
  Doc *d = get_doc(r, r->m->params);
  uint32_t line, col;
  if (!d || !get_pos(r, d, r->m->params, &line, &col)) return false;
  doc_index(d);
  const Occ *x = occur_at(&d->occ, 0, line, col);
  *dp = d;
  *xp = x;
  if (!x || x->include || !target_of(d, x, t)) {
    t->path = NULL;
    return true;
  }
  return true;
}

typedef struct Found {
  Target t;
  Spots h;
  Place *seen;
  uint32_t nseen, capseen;
} Found;

static void found_free(void *v) {
  Found *f = v;
  free(f->t.path);
  f->t.path = NULL;
  mem_free(f->h.v);
  mem_free(f->seen);
  f->h.v = NULL;
  f->seen = NULL;
}

/* Each hit once: fn(arg, doc, hit). */
static void each_hit(Server *sv, Found *f,
                     void (*fn)(void *, Doc *, const Spot *), void *arg) {
  for (uint32_t i = 0; i < f->h.n; i++) {
    Spot *h = &f->h.v[i];
    Doc *d = sv->docs[h->doc];
    FileText *ft = doc_file(d, h->file);
    if (!ft || place_seen(f->seen, f->nseen, ft->uri, h->loc)) continue;
    Place pl = {ft->uri, h->loc.line, h->loc.col};
    TVEC_PUSH(f->seen, f->nseen, f->capseen, pl);
    fn(arg, d, h);
  }
}

typedef struct RefsArg {
  Server *sv;
  cJSON *list;
  bool with_decl;
} RefsArg;

static void ref_hit(void *v, Doc *d, const Spot *h) {
  RefsArg *a = v;
  if (h->decl && !a->with_decl) return;
  put_location(a->sv, jpush(a->list), d, h->loc);
}

static bool h_references(Req *r) {
  Found f = {0};
  Defer df;
  mem_defer(&df, found_free, &f);
  Doc *d;
  const Occ *x;
  bool ok = req_target(r, &d, &f.t, &x);
  if (ok && f.t.path) {
    find_all(r->sv, &f.t, &f.h);
    r->result = J(cJSON_CreateArray());
    cJSON *ctx = param(r->m->params, "context");
    RefsArg a = {r->sv, r->result, cJSON_IsTrue(param(ctx, "includeDeclaration"))};
    each_hit(r->sv, &f, ref_hit, &a);
  }
  mem_undefer(&df, true);
  return ok;
}

/* Is s a name deal reads as one (not a keyword)? */
static bool valid_name(const char *s) {
  if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
    return false;
  size_t n = 1;
  for (; s[n]; n++)
    if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
          (s[n] >= '0' && s[n] <= '9') || s[n] == '_'))
      return false;
  for (size_t i = 0; i < lex_nkeywords; i++)
    if (!strcmp(lex_keywords[i], s)) return false;
  return n <= 255;
}

typedef struct RenameArg {
  Server *sv;
  cJSON *changes;
  const char *to;
} RenameArg;

static void rename_hit(void *v, Doc *d, const Spot *h) {
  RenameArg *a = v;
  FileText *ft = doc_file(d, h->file);
  cJSON *edits = cJSON_GetObjectItemCaseSensitive(a->changes, ft->uri);
  if (!edits) edits = jarr(a->changes, ft->uri);
  cJSON *e = jpush(edits);
  put_range(a->sv, e, "range", ft, h->loc);
  jstr(e, "newText", a->to);
}

static bool h_rename(Req *r) {
  const char *to = param_str(r->m->params, "newName");
  if (!to) return fail(r, RPC_INVALID_PARAMS, "newName needed", NULL);
  if (!valid_name(to))
    return fail(r, RPC_REQUEST_FAILED, "%s is not a name deal can declare "
                "(letters, digits and _, not a keyword)", to);
  Found f = {0};
  Defer df;
  mem_defer(&df, found_free, &f);
  Doc *d;
  const Occ *x;
  bool ok = req_target(r, &d, &f.t, &x);
  if (ok && !f.t.path) ok = fail(r, RPC_REQUEST_FAILED, "no name to rename here", NULL);
  if (ok) {
    find_all(r->sv, &f.t, &f.h);
    r->result = J(cJSON_CreateObject());
    RenameArg a = {r->sv, jobj(r->result, "changes"), to};
    each_hit(r->sv, &f, rename_hit, &a);
  }
  mem_undefer(&df, true);
  return ok;
}

static bool h_prepare_rename(Req *r) {
  Found f = {0};
  Defer df;
  mem_defer(&df, found_free, &f);
  Doc *d;
  const Occ *x;
  bool ok = req_target(r, &d, &f.t, &x);
  if (ok && f.t.path) {
    r->result = J(cJSON_CreateObject());
    put_range(r->sv, r->result, "range", doc_file(d, 0), x->loc);
    jstr(r->result, "placeholder", x->cl ? x->cl->name->s : x->name->s);
  }
  mem_undefer(&df, true);
  return ok;
}

/* ---- outline ---- */

enum { SK_MODULE = 2, SK_NAMESPACE = 3, SK_CLASS = 5, SK_METHOD = 6,
       SK_ENUM = 10, SK_FUNCTION = 12, SK_VARIABLE = 13, SK_CONSTANT = 14,
       SK_OBJECT = 19, SK_EVENT = 24, SK_ENUM_MEMBER = 22, SK_STRUCT = 23 };

static int symbol_kind(Kind k) {
  switch (k) {
    case K_PARTY: return SK_CLASS;
    case K_ALIAS: return SK_VARIABLE;
    case K_GROUP: return SK_ENUM;
    case K_ACTION: return SK_FUNCTION;
    case K_PRODUCT: return SK_OBJECT;
    case K_FACT: return SK_CONSTANT;
    case K_AGREEMENT: return SK_NAMESPACE;
    case K_DISPUTE: return SK_EVENT;
    case K_OUTCOME: return SK_ENUM_MEMBER;
    default: return SK_VARIABLE;
  }
}

/* A symbol spanning lines [from, to] of the document, named at `at`. */
static cJSON *symbol(Server *sv, Doc *d, cJSON *list, const char *name,
                     const char *detail, int kind, Loc at, uint32_t to) {
  FileText *t = doc_file(d, 0);
  cJSON *s = jpush(list);
  jstr(s, "name", name);
  jstr(s, "detail", detail);
  jnum(s, "kind", kind);
  cJSON *rg = jobj(s, "range");
  put_pos(sv, jobj(rg, "start"), t, at.line, 1);
  if (to < at.line) to = at.line;
  uint32_t endcol = to - 1 < t->nls ? (uint32_t)(line_end(t, to - 1) - t->ls[to - 1]) + 1 : 1;
  put_pos(sv, jobj(rg, "end"), t, to, endcol);
  put_range(sv, s, "selectionRange", t, at);
  return s;
}

static void clause_symbols(Server *sv, Doc *d, cJSON *parent, Clause **v,
                           uint32_t n, uint32_t *last) {
  cJSON *kids = NULL;
  for (uint32_t i = 0; i < n; i++) {
    const Clause *c = v[i];
    if (!c->name || c->loc.file != 0) continue;
    if (!kids) kids = jarr(parent, "children");
    Loc at = c->loc;
    at.len = c->name->len;
    symbol(sv, d, kids, c->name->s, "clause", SK_METHOD, at, at.line);
    if (at.line > *last) *last = at.line;
  }
}

/* The line of the last item of a block (its closing brace is at most
 * the line before the next top-level item). */
static uint32_t block_end(Doc *d, const Decl *x, uint32_t last) {
  Program *p = d->s->p;
  uint32_t next = 0;
  for (uint32_t i = 0; i < p->nitems; i++) {
    const Item *it = &p->items[i];
    if (it->loc.file == 0 && it->loc.line > x->loc.line && (!next || it->loc.line < next) &&
        !(it->k == I_DECL && it->decl->kind == K_OUTCOME))
      next = it->loc.line;
  }
  FileText *t = doc_file(d, 0);
  uint32_t end = next ? next - 1 : t->nls;
  /* back over blank lines and comments to the `}` */
  while (end > last && t->text) {
    size_t a = t->ls[end - 1], e = line_end(t, end - 1);
    while (a < e && (t->text[a] == ' ' || t->text[a] == '\t')) a++;
    if (a < e && t->text[a] == '}') break;
    end--;
  }
  return end;
}

static bool h_symbols(Req *r) {
  Server *sv = r->sv;
  Doc *d = get_doc(r, r->m->params);
  if (!d) return false;
  Program *p = d->s->p;
  r->result = J(cJSON_CreateArray());
  for (uint32_t i = 0; i < p->ndecls; i++) {
    const Decl *x = p->decls[i];
    if (x->loc.file != 0 || x->kind == K_OUTCOME || !x->name) continue;
    Loc at = x->loc;
    at.len = x->name->len;
    cJSON *s = symbol(sv, d, r->result, x->name->s, kind_word(x->kind),
                      symbol_kind(x->kind), at, at.line);
    uint32_t last = at.line;
    if (x->kind == K_AGREEMENT) {
      const Agreement *a = (const Agreement *)x;
      clause_symbols(sv, d, s, a->cl, a->ncl, &last);
    } else if (x->kind == K_DISPUTE) {
      const Dispute *ds = (const Dispute *)x;
      cJSON *kids = NULL;
      for (uint32_t k = 0; k < ds->nouts; k++) {
        const Outcome *o = ds->outs[k];
        if (o->h.loc.file != 0) continue;
        if (!kids) kids = jarr(s, "children");
        Loc oat = o->h.loc;
        oat.len = o->h.name->len;
        uint32_t olast = oat.line;
        cJSON *os = symbol(sv, d, kids, o->h.name->s, "outcome", SK_ENUM_MEMBER, oat, oat.line);
        clause_symbols(sv, d, os, o->cl, o->ncl, &olast);
        for (uint32_t j = 0; j < o->nst; j++)
          if (o->st[j]->loc.line > olast) olast = o->st[j]->loc.line;
        if (olast > last) last = olast;
        if (olast > oat.line) {  /* the outcome's block: to its last statement */
          cJSON *rg = cJSON_GetObjectItem(os, "range");
          cJSON_DeleteItemFromObject(rg, "end");
          FileText *t = doc_file(d, 0);
          put_pos(sv, jobj(rg, "end"), t, olast + 1 <= t->nls ? olast + 1 : olast, 1);
        }
      }
    } else {
      continue;
    }
    uint32_t end = block_end(d, x, last);
    cJSON *rg = cJSON_GetObjectItem(s, "range");
    cJSON_DeleteItemFromObject(rg, "end");
    FileText *t = doc_file(d, 0);
    uint32_t endcol = end - 1 < t->nls ? (uint32_t)(line_end(t, end - 1) - t->ls[end - 1]) + 1 : 1;
    put_pos(sv, jobj(rg, "end"), t, end, endcol);
  }
  return true;
}

/* ---- completion ---- */

static int item_kind(CompleteKind k) {
  switch (k) {
    case COMPLETE_KEYWORD: return 14;
    case COMPLETE_PARTY: case COMPLETE_ALIAS: return 7;    /* Class */
    case COMPLETE_GROUP: return 13;                       /* Enum */
    case COMPLETE_ACTION: return 3;                       /* Function */
    case COMPLETE_PRODUCT: return 8;                      /* Interface */
    case COMPLETE_FACT: return 21;                        /* Constant */
    case COMPLETE_AGREEMENT: case COMPLETE_DISPUTE: return 9;  /* Module */
    case COMPLETE_OUTCOME: return 20;                     /* EnumMember */
    case COMPLETE_CLAUSE: return 2;                       /* Method */
    default: return 1;                                    /* Text */
  }
}

static bool h_completion(Req *r) {
  Server *sv = r->sv;
  Doc *d = get_doc(r, r->m->params);
  uint32_t line, col;
  if (!d || !get_pos(r, d, r->m->params, &line, &col)) return false;
  FileText *t = doc_file(d, 0);
  size_t cur = t->ls[line - 1] + col - 1;
  Completions c = {0};
  Defer dc;
  mem_defer(&dc, (void (*)(void *))complete_free, &c);
  complete_line(d->s->p, d->text, cur, NULL, &c);
  r->result = J(cJSON_CreateObject());
  jbool(r->result, "isIncomplete", false);
  cJSON *items = jarr(r->result, "items");
  /* the word replaced: from its start (on the cursor's line) to the cursor */
  size_t start = c.start < t->ls[line - 1] ? t->ls[line - 1] : c.start;
  Loc at = {0, line, (uint32_t)(start - t->ls[line - 1]) + 1, (uint32_t)(cur - start)};
  for (uint32_t i = 0; i < c.n; i++) {
    cJSON *it = jpush(items);
    jstr(it, "label", c.v[i].text);
    jnum(it, "kind", item_kind(c.v[i].kind));
    jstr(it, "detail", complete_kind_name(c.v[i].kind));
    cJSON *te = jobj(it, "textEdit");
    put_range(sv, te, "range", t, at);
    jstr(te, "newText", c.v[i].text);
  }
  mem_undefer(&dc, true);
  return true;
}

/* ---- formatting ---- */

static bool h_formatting(Req *r) {
  Server *sv = r->sv;
  Doc *d = get_doc(r, r->m->params);
  if (!d) return false;
  SessionOpts so = {NULL, false, true, true};
  Session *s = session_new(&so);
  Defer ds;
  mem_defer(&ds, (void (*)(void *))session_free, s);
  bool ok = session_load_text(s, d->path, d->text, d->len);
  StrBuf b;
  sb_init(&b);
  Defer db;
  mem_defer(&db, (void (*)(void *))sb_free, &b);
  if (!ok) {
    fail(r, RPC_REQUEST_FAILED, "the document has errors: deal fmt formats "
         "only a file without errors", NULL);
  } else {
    PrintOpts po = {0, true};
    print_program(&b, s->p, &po);
    r->result = J(cJSON_CreateArray());
    if (b.n != d->len || memcmp(b.s ? b.s : "", d->text, d->len)) {
      FileText *t = doc_file(d, 0);
      cJSON *e = jpush(r->result);
      cJSON *rg = jobj(e, "range");
      put_pos(sv, jobj(rg, "start"), t, 1, 1);
      uint32_t last = t->nls;
      put_pos(sv, jobj(rg, "end"), t, last,
              (uint32_t)(line_end(t, last - 1) - t->ls[last - 1]) + 1);
      jstr(e, "newText", b.s ? b.s : "");
    }
  }
  mem_undefer(&db, true);
  mem_undefer(&ds, true);
  return ok;
}

/* ---- code lens: each expect's answer in the session's world ---- */

static bool h_code_lens(Req *r) {
  Server *sv = r->sv;
  Doc *d = get_doc(r, r->m->params);
  if (!d) return false;
  r->result = J(cJSON_CreateArray());
  if (!d->ok) return true;
  Program *p = d->s->p;
  Checked c = {0};
  Defer dc;
  mem_defer(&dc, check_checked_free, &c);
  char wn[300];
  world_name(sv, d, wn, sizeof wn);
  for (uint32_t i = 0; i < p->nexpects; i++) {
    const Expect *e0 = p->expects[i];
    if (e0->loc.file != 0 || e0->kind == E_QUESTION) continue;
    Expect e;
    expect_in_world(sv, d, e0, &e);
    check_result_free(&c.r);
    memset(&c.r, 0, sizeof c.r);
    check_expect(d->s->m, &c.x, &e, &c.r);
    char title[1200], expected[300], found[400];
    const char *in = e.cx.has_under || e.cx.has_at || !wn[0] ? "" : wn;
    if (c.r.error)
      snprintf(title, sizeof title, "error: %s", c.r.msg);
    else if (e0->kind == E_QUERY)
      snprintf(title, sizeof title, "%s%s%s", c.r.holds ? "yes" : "no",
               *in ? " in " : "", in);
    else if (c.r.holds)
      snprintf(title, sizeof title, "\xe2\x9c\x93 holds%s%s", *in ? " in " : "", in);
    else if (explain_expected_found_text(d->s->m, &e, &c.r, expected, sizeof expected,
                                         found, sizeof found))
      snprintf(title, sizeof title, "\xe2\x9c\x97 fails%s%s: expected %s; found %s",
               *in ? " in " : "", in, expected, found);
    else
      snprintf(title, sizeof title, "\xe2\x9c\x97 fails%s%s", *in ? " in " : "", in);
    cJSON *l = jpush(r->result);
    Loc at = e0->loc;
    at.len = 0;
    put_range(sv, l, "range", doc_file(d, 0), at);
    cJSON *cmd = jobj(l, "command");
    jstr(cmd, "title", title);
    jstr(cmd, "command", "");
  }
  mem_undefer(&dc, true);
  return true;
}

/* ---- the session's world: deal.world [OUTCOMES [DATE]] ---- */

/* Sets the world (C heap strings; NULL or "" for the status quo and the
 * scenario's date) after checking it against the open documents that
 * have a model: false with a message when none accepts it. */
static bool set_world(Req *r, const char *world, const char *date) {
  Server *sv = r->sv;
  char err[400] = "";
  int32_t dd;
  if (date && *date && !session_date(date, &dd, err, sizeof err))
    return fail(r, RPC_INVALID_PARAMS, "%s", err);
  bool any = false, tried = false;
  for (uint32_t i = 0; i < sv->ndocs && !any; i++) {
    Doc *d = sv->docs[i];
    if (!d->ok) continue;
    tried = true;
    Outcome **o;
    uint32_t n;
    char e[400];
    if (session_outcomes(d->s, world, &o, &n, e, sizeof e)) {
      mem_free(o);
      any = true;
    } else if (!err[0]) {
      snprintf(err, sizeof err, "%s", e);
    }
  }
  if (tried && !any) return fail(r, RPC_INVALID_PARAMS, "%s", err);
  char *w = world && *world ? strdup(world) : NULL;
  char *dt = date && *date ? strdup(date) : NULL;
  if ((world && *world && !w) || (date && *date && !dt)) {
    free(w);
    free(dt);
    mem_throw();
  }
  free(sv->world);
  free(sv->date);
  sv->world = w;
  sv->date = dt;
  world_forget(sv);
  return true;
}

static void ask_lens_refresh(Server *sv) {
  if (!sv->lens_refresh) return;
  cJSON *m = cJSON_CreateObject();
  if (!m || !cJSON_AddStringToObject(m, "jsonrpc", "2.0") ||
      !cJSON_AddNumberToObject(m, "id", (double)sv->next_id++) ||
      !cJSON_AddStringToObject(m, "method", "workspace/codeLens/refresh")) {
    cJSON_Delete(m);
    return;
  }
  rpc_send(&sv->out, m);
}

static bool h_execute(Req *r) {
  const char *cmd = param_str(r->m->params, "command");
  if (!cmd || strcmp(cmd, "deal.world"))
    return fail(r, RPC_INVALID_PARAMS, "unknown command %s (deal.world is the one)",
                cmd ? cmd : "(none)");
  cJSON *args = param(r->m->params, "arguments");
  cJSON *a0 = cJSON_GetArrayItem(args, 0), *a1 = cJSON_GetArrayItem(args, 1);
  if ((a0 && !cJSON_IsString(a0) && !cJSON_IsNull(a0)) ||
      (a1 && !cJSON_IsString(a1) && !cJSON_IsNull(a1)))
    return fail(r, RPC_INVALID_PARAMS, "deal.world takes an outcome list "
                "(\"a,b\") and a date (YYYY-MM-DD), both optional", NULL);
  if (!set_world(r, cJSON_IsString(a0) ? a0->valuestring : NULL,
                 cJSON_IsString(a1) ? a1->valuestring : NULL))
    return false;
  r->result = J(cJSON_CreateObject());
  jstr(r->result, "world", r->sv->world ? r->sv->world : "status_quo");
  if (r->sv->date) jstr(r->result, "date", r->sv->date);
  ask_lens_refresh(r->sv);
  return true;
}

/* Settings {deal: {world, date}} (initializationOptions holds the inner
 * object): taken when valid, else said on standard error. */
static void settings(Req *r, const cJSON *o) {
  if (!cJSON_IsObject(o)) return;
  const cJSON *w = param(o, "world"), *dt = param(o, "date");
  if (!w && !dt) return;
  if (!set_world(r, cJSON_IsString(w) ? w->valuestring : NULL,
                 cJSON_IsString(dt) ? dt->valuestring : NULL)) {
    fprintf(stderr, "deal lsp: settings: %s\n", r->err);
    r->code = 0;
  }
  ask_lens_refresh(r->sv);
}

/* ---- lifecycle and documents ---- */

static bool h_initialize(Req *r) {
  Server *sv = r->sv;
  const cJSON *p = r->m->params;
  cJSON *enc = param(param(param(p, "capabilities"), "general"), "positionEncodings");
  cJSON *e;
  cJSON_ArrayForEach(e, enc)
    if (cJSON_IsString(e) && !strcmp(e->valuestring, "utf-8")) sv->utf8 = true;
  sv->lens_refresh = cJSON_IsTrue(param(param(param(param(p, "capabilities"),
                                  "workspace"), "codeLens"), "refreshSupport"));
  settings(r, param(p, "initializationOptions"));
  r->result = J(cJSON_CreateObject());
  cJSON *c = jobj(r->result, "capabilities");
  jstr(c, "positionEncoding", sv->utf8 ? "utf-8" : "utf-16");
  cJSON *sync = jobj(c, "textDocumentSync");
  jbool(sync, "openClose", true);
  jnum(sync, "change", 1);  /* full */
  jbool(jobj(sync, "save"), "includeText", false);
  jbool(c, "hoverProvider", true);
  jbool(c, "definitionProvider", true);
  jbool(c, "referencesProvider", true);
  jbool(jobj(c, "renameProvider"), "prepareProvider", true);
  jbool(c, "documentSymbolProvider", true);
  jbool(c, "documentFormattingProvider", true);
  cJSON *comp = jobj(c, "completionProvider");
  cJSON *trig = jarr(comp, "triggerCharacters");
  J(cJSON_AddItemToArray(trig, J(cJSON_CreateString("."))) ? trig : NULL);
  jbool(jobj(c, "codeLensProvider"), "resolveProvider", false);
  cJSON *cmds = jarr(jobj(c, "executeCommandProvider"), "commands");
  J(cJSON_AddItemToArray(cmds, J(cJSON_CreateString("deal.world"))) ? cmds : NULL);
  cJSON *info = jobj(r->result, "serverInfo");
  jstr(info, "name", "deal");
  jstr(info, "version", sv->version);
  sv->initialized = true;
  return true;
}

static Doc *doc_new(Server *sv, const char *uri, const char *text, size_t len,
                    int64_t version) {
  Doc *d = calloc(1, sizeof *d);
  Doc **v = d ? realloc(sv->docs, (sv->ndocs + 1) * sizeof *v) : NULL;
  if (v) sv->docs = v;
  char *u = strdup(uri), *raw = uri_path(uri), *path = raw ? canon(raw) : NULL;
  char *t = malloc(len + 1);
  free(raw);
  if (!d || !v || !u || !path || !t) {
    free(d), free(u), free(path), free(t);
    return NULL;
  }
  memcpy(t, text, len);
  t[len] = 0;
  *d = (Doc){.uri = u, .path = path, .text = t, .len = len, .version = version};
  sv->docs[sv->ndocs++] = d;
  return d;
}

/* Replaces the text of d (C heap), or applies a ranged change to it. */
static bool apply_change(Server *sv, Doc *d, const cJSON *ch) {
  const char *text = param_str(ch, "text");
  cJSON *range = param(ch, "range");
  if (!text) return false;
  size_t tl = strlen(text);
  size_t a = 0, b = d->len;
  if (range) {  /* incremental, though the server asks for full */
    size_t pos[2];
    const char *k[2] = {"start", "end"};
    for (int i = 0; i < 2; i++) {
      cJSON *p = param(range, k[i]);
      cJSON *l = param(p, "line"), *c = param(p, "character");
      if (!cJSON_IsNumber(l) || !cJSON_IsNumber(c) || l->valuedouble < 0 || c->valuedouble < 0)
        return false;
      size_t off = 0, line = 0;
      while (off < d->len && line < (size_t)l->valuedouble)
        if (d->text[off++] == '\n') line++;
      for (double u = 0; off < d->len && d->text[off] != '\n' && u < c->valuedouble;) {
        unsigned char ch8 = (unsigned char)d->text[off++];
        u += sv->utf8 ? 1 : ch8 >= 0xF0 ? 2 : 1;
        while (!sv->utf8 && off < d->len && ((unsigned char)d->text[off] & 0xC0) == 0x80) off++;
      }
      pos[i] = off;
    }
    a = pos[0];
    b = pos[1] < a ? a : pos[1];
  }
  char *t = malloc(d->len - (b - a) + tl + 1);
  if (!t) return false;
  memcpy(t, d->text, a);
  memcpy(t + a, text, tl);
  memcpy(t + a + tl, d->text + b, d->len - b);
  d->len = d->len - (b - a) + tl;
  t[d->len] = 0;
  free(d->text);
  d->text = t;
  return true;
}

/* The notifications that change documents: handled outside protected
 * calls (their text is the C heap's); the reload is one. */
static void on_did_open(Server *sv, const cJSON *p) {
  cJSON *td = param(p, "textDocument");
  const char *uri = param_str(td, "uri"), *text = param_str(td, "text");
  cJSON *ver = param(td, "version");
  if (!uri || !text) {
    fprintf(stderr, "deal lsp: didOpen without textDocument.uri and .text\n");
    return;
  }
  Doc *d = doc_find(sv, uri);
  if (d) {  /* opened twice: the new text */
    free(d->text);
    d->text = strdup(text);
    d->len = d->text ? strlen(text) : 0;
    if (!d->text) d->text = calloc(1, 1);
  } else {
    d = doc_new(sv, uri, text, strlen(text), cJSON_IsNumber(ver) ? (int64_t)ver->valuedouble : 0);
  }
  if (!d) {
    fprintf(stderr, "deal lsp: out of memory opening %s\n", uri);
    return;
  }
  changed(sv, d, d->path);
}

static void on_did_change(Server *sv, const cJSON *p) {
  cJSON *td = param(p, "textDocument");
  Doc *d = doc_find(sv, param_str(td, "uri"));
  if (!d) {
    fprintf(stderr, "deal lsp: didChange of a document not open\n");
    return;
  }
  cJSON *ver = param(td, "version");
  if (cJSON_IsNumber(ver)) d->version = (int64_t)ver->valuedouble;
  cJSON *ch;
  cJSON_ArrayForEach(ch, param(p, "contentChanges"))
    if (!apply_change(sv, d, ch)) fprintf(stderr, "deal lsp: a change not applied\n");
  changed(sv, d, d->path);
}

static void on_did_close(Server *sv, const cJSON *p) {
  Doc *d = doc_find(sv, param_str(param(p, "textDocument"), "uri"));
  if (!d) return;
  uint32_t i = 0;
  while (sv->docs[i] != d) i++;
  memmove(sv->docs + i, sv->docs + i + 1, (sv->ndocs - i - 1) * sizeof *sv->docs);
  sv->ndocs--;
  /* its diagnostics go; those of its includes too */
  for (uint32_t k = 0; k <= d->npub; k++) {
    const char *uri = k == d->npub ? d->uri : d->pub[k];
    if (doc_find(sv, uri)) continue;
    cJSON *m = cJSON_CreateObject();
    if (m && cJSON_AddStringToObject(m, "uri", uri) && cJSON_AddArrayToObject(m, "diagnostics"))
      rpc_notify(&sv->out, "textDocument/publishDiagnostics", m);
    else
      cJSON_Delete(m);
  }
  char *path = strdup(d->path);
  state_call(sv->S, (void (*)(void *))doc_unload, d);
  doc_free(d);
  changed(sv, NULL, path ? path : "");  /* who included it reads the disk's */
  free(path);
}

/* ---- dispatch ---- */

typedef struct Method {
  const char *name;
  bool (*fn)(Req *r);
} Method;

static const Method requests[] = {
    {"textDocument/hover", h_hover},
    {"textDocument/definition", h_definition},
    {"textDocument/references", h_references},
    {"textDocument/rename", h_rename},
    {"textDocument/prepareRename", h_prepare_rename},
    {"textDocument/documentSymbol", h_symbols},
    {"textDocument/completion", h_completion},
    {"textDocument/formatting", h_formatting},
    {"textDocument/codeLens", h_code_lens},
    {"workspace/executeCommand", h_execute},
};

static void call_request(void *v) {
  Req *r = v;
  const char *m = r->m->method;
  if (!strcmp(m, "initialize")) {
    h_initialize(r);
    return;
  }
  for (size_t i = 0; i < sizeof requests / sizeof *requests; i++)
    if (!strcmp(m, requests[i].name)) {
      requests[i].fn(r);
      return;
    }
  fail(r, RPC_METHOD_NOT_FOUND, "no method %s", m);
}

static void call_settings(void *v) {
  Req *r = v;
  settings(r, param(param(r->m->params, "settings"), "deal"));
}

static void request(Server *sv, const RpcMsg *m) {
  const char *meth = m->method;
  if (!strcmp(meth, "shutdown")) {
    sv->shutdown = true;
    rpc_result(&sv->out, m->id, NULL);
    return;
  }
  if (sv->shutdown) {
    rpc_error(&sv->out, m->id, RPC_INVALID_REQUEST, "the server is shutting down");
    return;
  }
  if (!sv->initialized && strcmp(meth, "initialize")) {
    rpc_error(&sv->out, m->id, RPC_SERVER_NOT_INITIALIZED, "initialize first");
    return;
  }
  if (sv->initialized && !strcmp(meth, "initialize")) {
    rpc_error(&sv->out, m->id, RPC_INVALID_REQUEST, "initialized already");
    return;
  }
  Req r = {sv, m, NULL, 0, ""};
  if (state_call(sv->S, call_request, &r) != 0) {
    cJSON_Delete(r.result);
    rpc_error(&sv->out, m->id, RPC_INTERNAL_ERROR, "out of memory");
  } else if (r.code) {
    cJSON_Delete(r.result);
    rpc_error(&sv->out, m->id, r.code, r.err);
  } else {
    rpc_result(&sv->out, m->id, r.result);
  }
}

static void notification(Server *sv, const RpcMsg *m) {
  const char *meth = m->method;
  if (!strcmp(meth, "exit")) {
    sv->done = true;
    sv->status = sv->shutdown ? 0 : 1;
    return;
  }
  if (!sv->initialized || sv->shutdown) return;
  if (!strcmp(meth, "textDocument/didOpen")) on_did_open(sv, m->params);
  else if (!strcmp(meth, "textDocument/didChange")) on_did_change(sv, m->params);
  else if (!strcmp(meth, "textDocument/didClose")) on_did_close(sv, m->params);
  else if (!strcmp(meth, "textDocument/didSave") ||
           !strcmp(meth, "workspace/didChangeWatchedFiles")) {
    Doc *d = doc_find(sv, param_str(param(m->params, "textDocument"), "uri"));
    changed(sv, d, d ? d->path : NULL);  /* a file on disk: every document */
  } else if (!strcmp(meth, "workspace/didChangeConfiguration")) {
    Req r = {sv, m, NULL, 0, ""};
    if (state_call(sv->S, call_settings, &r) != 0)
      fprintf(stderr, "deal lsp: out of memory reading the settings\n");
  }
  /* anything else ($/cancelRequest, initialized, ...) needs nothing */
}

static void free_docs(void *v) {
  Server *sv = v;
  for (uint32_t i = 0; i < sv->ndocs; i++) doc_unload(sv->docs[i]);
}

int lsp_serve(RpcReadFn rd, void *rarg, RpcWriteFn wr, void *warg,
              const char *version) {
  Server sv = {0};
  sv.version = version;
  sv.S = state_current();
  sv.out = (RpcOut){wr, warg, false};
  sv.next_id = 1;
  sv.status = 0;
  RpcIn in;
  rpc_in_init(&in, rd, rarg);
  RpcMsg m;
  while (!sv.done && !sv.out.broken && rpc_next(&in, &sv.out, &m)) {
    if (m.kind == RPC_REQUEST) request(&sv, &m);
    else if (m.kind == RPC_NOTIFICATION) notification(&sv, &m);
    rpc_msg_free(&m);
  }
  rpc_in_free(&in);
  state_call(sv.S, free_docs, &sv);
  for (uint32_t i = 0; i < sv.ndocs; i++) doc_free(sv.docs[i]);
  free(sv.docs);
  free(sv.world);
  free(sv.date);
  return sv.status;
}

int lsp_main(const char *version) {
  /* the protocol alone on standard output: anything else printed there
   * goes to standard error */
  fflush(stdout);
  int out = dup(1);
  if (out < 0 || dup2(2, 1) < 0) {
    fprintf(stderr, "deal lsp: %s\n", strerror(errno));
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  int in = 0;
  int rc = lsp_serve(rpc_fd_read, &in, rpc_fd_write, &out, version);
  close(out);
  return rc;
}
