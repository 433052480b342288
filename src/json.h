/* json: the one writer of indented JSON, for every format that prints it
 * (`deal run`, `query`, `test`, `check`, `diff` and `timeline` with
 * --format json): one value per line, two spaces a level, short arrays on
 * one line, so equal inputs give equal bytes and a diff of two documents
 * reads line by line.  It writes to a file, or to text in memory (the
 * timeline's threads each write their part, printed in order). */
#ifndef DEAL_JSON_H
#define DEAL_JSON_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "print.h"

#define JSON_MAX_DEPTH 64

typedef struct Json {
  FILE *f;
  StrBuf *b;                /* set: the text goes here instead of f */
  int depth;
  bool first[JSON_MAX_DEPTH];
  bool flat[JSON_MAX_DEPTH];  /* this level is written on one line */
} Json;

/* A writer to f, or (json_init_buf) to b. */
void json_init(Json *j, FILE *f);
void json_init_buf(Json *j, StrBuf *b);
/* The escape of byte c inside a JSON string ("\\n", "\\u0001"), written
 * to buf; NULL when the byte stands for itself. */
const char *json_escape(unsigned char c, char buf[8]);
/* A string (NULL: null) as the next bytes of j, or of f. */
void json_string(Json *j, const char *s);
void json_str(FILE *f, const char *s);
/* Short arrays of strings, on one line. */
void json_strs(FILE *f, const char *const *v, uint32_t n);
void json_strings(Json *j, const char *const *v, uint32_t n);
/* Bytes as they are (a number, a literal), and a literal string of C. */
void json_raw(Json *j, const char *s, size_t n);
void json_lit(Json *j, const char *s);
/* A number as the next bytes. */
void json_uint(Json *j, uint64_t v);
void json_int(Json *j, int64_t v);

/* The separator before the next value of an array or object. */
void json_sep(Json *j);
/* '{' or '[' (json_open_flat: its items on one line), and its end. */
void json_open(Json *j, char c);
void json_open_flat(Json *j, char c);
void json_close(Json *j, char c);
/* A key of an object; its value follows. */
void json_key(Json *j, const char *k);
void json_kv_str(Json *j, const char *k, const char *v);
void json_kv_int(Json *j, const char *k, int64_t v);
void json_kv_bool(Json *j, const char *k, bool v);
void json_kv_null(Json *j, const char *k);
/* A string as the next item of an array. */
void json_item_str(Json *j, const char *s);

#endif
