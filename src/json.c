/* json: the reports' JSON writer, to a file or to text in memory. */
#include "json.h"

#include <string.h>

static void put(JsonW *j, const char *s, size_t n) {
  if (j->b) sb_put(j->b, s, n);
  else fwrite(s, 1, n, j->f);
}

static void puts_(JsonW *j, const char *s) { put(j, s, strlen(s)); }

static void putc_(JsonW *j, char c) { put(j, &c, 1); }

void json_string(JsonW *j, const char *s) {
  if (!s) {
    puts_(j, "null");
    return;
  }
  putc_(j, '"');
  /* the runs that need no escape go whole */
  const unsigned char *p = (const unsigned char *)s, *run = p;
  for (; *p; p++) {
    const char *esc = NULL;
    char u[8];
    switch (*p) {
      case '"': esc = "\\\""; break;
      case '\\': esc = "\\\\"; break;
      case '\n': esc = "\\n"; break;
      case '\t': esc = "\\t"; break;
      case '\r': esc = "\\r"; break;
      default:
        if (*p < 0x20) {
          snprintf(u, sizeof u, "\\u%04x", *p);
          esc = u;
        }
    }
    if (!esc) continue;
    put(j, (const char *)run, (size_t)(p - run));
    puts_(j, esc);
    run = p + 1;
  }
  put(j, (const char *)run, (size_t)(p - run));
  putc_(j, '"');
}

void json_str(FILE *f, const char *s) {
  JsonW j = {.f = f};
  json_string(&j, s);
}

/* Separators and indentation: one value per line, two spaces a level. */
static void jnl(JsonW *j) {
  static const char spaces[] = "                                                                ";
  putc_(j, '\n');
  for (int i = 0; i < j->depth; i += 32) {
    int k = j->depth - i < 32 ? j->depth - i : 32;
    put(j, spaces, (size_t)k * 2);
  }
}

void json_sep(JsonW *j) {
  bool first = j->first[j->depth];
  if (!first) putc_(j, ',');
  j->first[j->depth] = false;
  if (!j->flat[j->depth]) jnl(j);
  else if (!first) putc_(j, ' ');
}

static void jopen_as(JsonW *j, char c, bool flat) {
  putc_(j, c);
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
  putc_(j, c);
}

void json_key(JsonW *j, const char *k) {
  json_sep(j);
  json_string(j, k);
  put(j, ": ", 2);
}

void json_kv_str(JsonW *j, const char *k, const char *v) {
  json_key(j, k);
  json_string(j, v);
}

void json_kv_int(JsonW *j, const char *k, int64_t v) {
  char b[32];
  json_key(j, k);
  int n = snprintf(b, sizeof b, "%lld", (long long)v);
  put(j, b, (size_t)n);
}

void json_kv_bool(JsonW *j, const char *k, bool v) {
  json_key(j, k);
  puts_(j, v ? "true" : "false");
}

void json_kv_null(JsonW *j, const char *k) {
  json_key(j, k);
  puts_(j, "null");
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
