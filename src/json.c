/* json: the writer of every JSON output. */
#include "json.h"

void json_init(Json *j, FILE *f) {
  j->f = f;
  j->depth = 0;
  j->first[0] = true;
  j->flat[0] = false;
}

const char *json_escape(unsigned char c, char buf[8]) {
  switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\t': return "\\t";
    case '\r': return "\\r";
    default:
      if (c >= 0x20) return NULL;
      snprintf(buf, 8, "\\u%04x", c);
      return buf;
  }
}

void json_str(FILE *f, const char *s) {
  if (!s) {
    fputs("null", f);
    return;
  }
  putc_unlocked('"', f);
  char buf[8];
  const unsigned char *p = (const unsigned char *)s, *run = p;
  for (; *p; p++) {
    const char *e = json_escape(*p, buf);
    if (!e) continue;
    /* the plain text before it in one write */
    if (p > run) fwrite(run, 1, (size_t)(p - run), f);
    fputs(e, f);
    run = p + 1;
  }
  if (p > run) fwrite(run, 1, (size_t)(p - run), f);
  putc_unlocked('"', f);
}

void json_strs(FILE *f, const char *const *v, uint32_t n) {
  putc_unlocked('[', f);
  for (uint32_t i = 0; i < n; i++) {
    if (i) fputs(", ", f);
    json_str(f, v[i]);
  }
  putc_unlocked(']', f);
}

static void newline(Json *j) {
  putc_unlocked('\n', j->f);
  for (int i = 0; i < j->depth; i++) fputs("  ", j->f);
}

void json_sep(Json *j) {
  bool first = j->first[j->depth];
  if (!first) putc_unlocked(',', j->f);
  j->first[j->depth] = false;
  if (!j->flat[j->depth]) newline(j);
  else if (!first) putc_unlocked(' ', j->f);
}

/* Nesting deeper than JSON_MAX_DEPTH is a bug of the caller: the levels
 * past it share the last one's state rather than write out of bounds. */
static void open_as(Json *j, char c, bool flat) {
  putc_unlocked(c, j->f);
  if (j->depth + 1 < JSON_MAX_DEPTH) j->depth++;
  j->first[j->depth] = true;
  j->flat[j->depth] = flat || j->flat[j->depth - 1];
}

void json_open(Json *j, char c) { open_as(j, c, false); }

void json_open_flat(Json *j, char c) { open_as(j, c, true); }

void json_close(Json *j, char c) {
  bool empty = j->first[j->depth], flat = j->flat[j->depth];
  if (j->depth > 0) j->depth--;
  if (!empty && !flat) newline(j);
  putc_unlocked(c, j->f);
}

void json_key(Json *j, const char *k) {
  json_sep(j);
  json_str(j->f, k);
  fputs(": ", j->f);
}

void json_kv_str(Json *j, const char *k, const char *v) {
  json_key(j, k);
  json_str(j->f, v);
}

void json_kv_int(Json *j, const char *k, int64_t v) {
  json_key(j, k);
  fprintf(j->f, "%lld", (long long)v);
}

void json_kv_bool(Json *j, const char *k, bool v) {
  json_key(j, k);
  fputs(v ? "true" : "false", j->f);
}

void json_kv_null(Json *j, const char *k) {
  json_key(j, k);
  fputs("null", j->f);
}

void json_item_str(Json *j, const char *s) {
  json_sep(j);
  json_str(j->f, s);
}
