/* json: the reports' JSON writer. */
#include "json.h"

void json_str(FILE *f, const char *s) {
  if (!s) {
    fputs("null", f);
    return;
  }
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
      case '"': fputs("\\\"", f); break;
      case '\\': fputs("\\\\", f); break;
      case '\n': fputs("\\n", f); break;
      case '\t': fputs("\\t", f); break;
      case '\r': fputs("\\r", f); break;
      default:
        if (*p < 0x20) fprintf(f, "\\u%04x", *p);
        else fputc(*p, f);
    }
  }
  fputc('"', f);
}

/* Separators and indentation: one value per line, two spaces a level. */
static void jnl(JsonW *j) {
  fputc('\n', j->f);
  for (int i = 0; i < j->depth; i++) fputs("  ", j->f);
}

void json_sep(JsonW *j) {
  bool first = j->first[j->depth];
  if (!first) fputc(',', j->f);
  j->first[j->depth] = false;
  if (!j->flat[j->depth]) jnl(j);
  else if (!first) fputc(' ', j->f);
}

static void jopen_as(JsonW *j, char c, bool flat) {
  fputc(c, j->f);
  j->depth++;
  j->first[j->depth] = true;
  j->flat[j->depth] = flat || j->flat[j->depth - 1];
}

void json_open(JsonW *j, char c) { jopen_as(j, c, false); }

/* Items of a long list, each on one line. */
void json_open_flat(JsonW *j, char c) { jopen_as(j, c, true); }

void json_close(JsonW *j, char c) {
  bool empty = j->first[j->depth], flat = j->flat[j->depth];
  j->depth--;
  if (!empty && !flat) jnl(j);
  fputc(c, j->f);
}

void json_key(JsonW *j, const char *k) {
  json_sep(j);
  json_str(j->f, k);
  fputs(": ", j->f);
}

void json_kv_str(JsonW *j, const char *k, const char *v) {
  json_key(j, k);
  json_str(j->f, v);
}

void json_kv_int(JsonW *j, const char *k, int64_t v) {
  json_key(j, k);
  fprintf(j->f, "%lld", (long long)v);
}

void json_kv_bool(JsonW *j, const char *k, bool v) {
  json_key(j, k);
  fputs(v ? "true" : "false", j->f);
}

void json_kv_null(JsonW *j, const char *k) {
  json_key(j, k);
  fputs("null", j->f);
}

/* Short arrays on one line. */
void json_inline_strs(FILE *f, const char *const *v, uint32_t n) {
  fputc('[', f);
  for (uint32_t i = 0; i < n; i++) {
    if (i) fputs(", ", f);
    json_str(f, v[i]);
  }
  fputc(']', f);
}
