/* json: the writer of every JSON output, to a file or to text in
 * memory. */
#include "json.h"

#include <string.h>

void json_init(Json *j, FILE *f) {
  j->f = f;
  j->b = NULL;
  j->depth = 0;
  j->first[0] = true;
  j->flat[0] = false;
}

void json_init_buf(Json *j, StrBuf *b) {
  json_init(j, NULL);
  j->b = b;
}

static void put_c(Json *j, char c) {
  if (j->b) sb_put(j->b, &c, 1);
  else putc_unlocked(c, j->f);
}

/* The stream is the caller's alone while a document is written (a report
 * locks it once), hence the unlocked stdio: a megabyte of JSON is
 * hundreds of thousands of short writes. */
void json_raw(Json *j, const char *s, size_t n) {
  if (j->b) sb_put(j->b, s, n);
  else if (n == 1) putc_unlocked(*s, j->f);
  else fwrite_unlocked(s, 1, n, j->f);
}

void json_lit(Json *j, const char *s) { json_raw(j, s, strlen(s)); }

void json_uint(Json *j, uint64_t v) {
  char b[24];
  size_t i = sizeof b;
  do b[--i] = (char)('0' + v % 10);
  while ((v /= 10));
  json_raw(j, b + i, sizeof b - i);
}

void json_int(Json *j, int64_t v) {
  if (v < 0) {
    put_c(j, '-');
    json_uint(j, (uint64_t)0 - (uint64_t)v);
  } else {
    json_uint(j, (uint64_t)v);
  }
}

static void put_s(Json *j, const char *s) { json_raw(j, s, strlen(s)); }

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

void json_string(Json *j, const char *s) {
  if (!s) {
    put_s(j, "null");
    return;
  }
  put_c(j, '"');
  char buf[8];
  /* the runs that need no escape go whole */
  const unsigned char *p = (const unsigned char *)s, *run = p;
  for (; *p; p++) {
    if (*p >= 0x20 && *p != '"' && *p != '\\') continue;
    const char *e = json_escape(*p, buf);
    if (!e) continue;
    if (p > run) json_raw(j, (const char *)run, (size_t)(p - run));
    put_s(j, e);
    run = p + 1;
  }
  if (p > run) json_raw(j, (const char *)run, (size_t)(p - run));
  put_c(j, '"');
}

void json_str(FILE *f, const char *s) {
  Json j;
  json_init(&j, f);
  json_string(&j, s);
}

void json_strings(Json *j, const char *const *v, uint32_t n) {
  put_c(j, '[');
  for (uint32_t i = 0; i < n; i++) {
    if (i) json_raw(j, ", ", 2);
    json_string(j, v[i]);
  }
  put_c(j, ']');
}

void json_strs(FILE *f, const char *const *v, uint32_t n) {
  Json j;
  json_init(&j, f);
  json_strings(&j, v, n);
}

static void newline(Json *j) {
  static const char spaces[] = "                                                                ";
  put_c(j, '\n');
  for (int i = 0; i < j->depth; i += 32) {
    int k = j->depth - i < 32 ? j->depth - i : 32;
    json_raw(j, spaces, (size_t)k * 2);
  }
}

void json_sep(Json *j) {
  bool first = j->first[j->depth];
  if (!first) put_c(j, ',');
  j->first[j->depth] = false;
  if (!j->flat[j->depth]) newline(j);
  else if (!first) put_c(j, ' ');
}

/* Nesting deeper than JSON_MAX_DEPTH is a bug of the caller: the levels
 * past it share the last one's state rather than write out of bounds. */
static void open_as(Json *j, char c, bool flat) {
  put_c(j, c);
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
  put_c(j, c);
}

void json_key(Json *j, const char *k) {
  json_sep(j);
  json_string(j, k);
  json_raw(j, ": ", 2);
}

void json_kv_str(Json *j, const char *k, const char *v) {
  json_key(j, k);
  json_string(j, v);
}

void json_kv_int(Json *j, const char *k, int64_t v) {
  json_key(j, k);
  json_int(j, v);
}

void json_kv_bool(Json *j, const char *k, bool v) {
  json_key(j, k);
  put_s(j, v ? "true" : "false");
}

void json_kv_null(Json *j, const char *k) {
  json_key(j, k);
  put_s(j, "null");
}

void json_item_str(Json *j, const char *s) {
  json_sep(j);
  json_string(j, s);
}
