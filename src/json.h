/* json: a JSON writer for the reports (`deal run --format json`,
 * `deal timeline --format json`): one value per line, two spaces a level,
 * short lists on one line, so that equal inputs give equal bytes and a
 * diff of two reports reads line by line. */
#ifndef DEAL_JSON_H
#define DEAL_JSON_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "print.h"

/* The writer: to b when set (text in memory: the reports' threads), else
 * to f. */
typedef struct JsonW {
  FILE *f;
  StrBuf *b;
  int depth;
  bool first[64];
  bool flat[64];            /* this level is written on one line */
} JsonW;

/* A string, escaped (NULL: null). */
void json_string(JsonW *j, const char *s);
void json_str(FILE *f, const char *s);
/* The separator before the next value of the current level. */
void json_sep(JsonW *j);
/* Opens an object ('{') or an array ('['); _flat: its items on one line. */
void json_open(JsonW *j, char c);
void json_open_flat(JsonW *j, char c);
void json_close(JsonW *j, char c);
/* "key": — the value follows. */
void json_key(JsonW *j, const char *k);
void json_kv_str(JsonW *j, const char *k, const char *v);
void json_kv_int(JsonW *j, const char *k, int64_t v);
void json_kv_bool(JsonW *j, const char *k, bool v);
void json_kv_null(JsonW *j, const char *k);
/* A short array of strings on one line. */
void json_inline_strs(FILE *f, const char *const *v, uint32_t n);

#endif
