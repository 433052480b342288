/* literal: the value forms of section 2 — dates, money, percent, power. */
#ifndef DEAL_LITERAL_H
#define DEAL_LITERAL_H
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum { LIT_DATE, LIT_MONEY, LIT_PERCENT, LIT_QUANTITY, LIT_BAD } LitKind;

#define LIT_MAX_CENTS INT64_C(9000000000000000)  /* $90T */
#define LIT_PCT_ONE 10000                          /* 1% in units */
#define LIT_PCT_100 (100 * LIT_PCT_ONE)

/* Classifies and converts one literal run.  Returns its kind — for an
 * invalid literal, the kind it most looks like (LIT_BAD if none) — and sets
 * *err to a message, or NULL when valid.  Dates come back as YYYYMMDD,
 * money in cents, percent in 1/10000 of a percent, power in watts. */
LitKind lit_parse(const char *s, size_t n, int64_t *val, const char **err);
/* The *err of an amount written without its `$` (5M): the caller says
 * what to write instead. */
#define LIT_ERR_NO_DOLLAR "an amount starts with $"


bool lit_valid_date(int32_t yyyymmdd);
/* Canonical spellings, as the formatter prints them. buf >= 64 bytes. */
char *lit_money_str(int64_t cents, char *buf);
char *lit_pct_str(int32_t pct, char *buf);
char *lit_watts_str(int64_t watts, char *buf);
char *lit_date_str(int32_t d, char *buf);
/* The calendar of `when` (LANGUAGE.md section 11): the proleptic
 * Gregorian days from 0001-01-01 to 9999-12-31 as YYYYMMDD.  The day
 * after and the day before d, 0 past either end (or when d is no day of
 * it). */
#define LIT_DAY_FIRST 10101
#define LIT_DAY_LAST 99991231
int32_t lit_day_next(int32_t d);
int32_t lit_day_prev(int32_t d);

#endif
