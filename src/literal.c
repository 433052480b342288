/* literal: exact conversion of literals; every form must match completely
 * and every value is checked against its range before any arithmetic can
 * overflow. */
#include "literal.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static int month_days(int y, int m) {
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return mdays[m - 1];
}

bool lit_valid_date(int32_t d) {
  int y = d / 10000, m = d / 100 % 100, day = d % 100;
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || day < 1) return false;
  return day <= month_days(y, m);
}

/* A date of the calendar of `when`: any year from 1 (a literal's is from
 * 1900, but a bad one still reaches the builders, which say why). */
static bool calendar_day(int32_t d) {
  int y = d / 10000, m = d / 100 % 100, day = d % 100;
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && day >= 1 &&
         day <= month_days(y, m);
}

int32_t lit_day_next(int32_t d) {
  int y = d / 10000, m = d / 100 % 100, day = d % 100;
  if (d >= LIT_DAY_LAST || !calendar_day(d)) return 0;
  if (day < month_days(y, m)) return d + 1;
  if (m < 12) return y * 10000 + (m + 1) * 100 + 1;
  return (y + 1) * 10000 + 101;
}

int32_t lit_day_prev(int32_t d) {
  int y = d / 10000, m = d / 100 % 100, day = d % 100;
  if (d <= LIT_DAY_FIRST || !calendar_day(d)) return 0;
  if (day > 1) return d - 1;
  if (m > 1) return y * 10000 + (m - 1) * 100 + month_days(y, m - 1);
  return (y - 1) * 10000 + 1231;
}

static LitKind parse_date(const char *s, size_t n, int64_t *val,
                          const char **err) {
  if (n != 10 || s[4] != '-' || s[7] != '-') {
    *err = "invalid date: write YYYY-MM-DD, zero-padded";
    return LIT_DATE;
  }
  for (size_t i = 0; i < n; i++)
    if (i != 4 && i != 7 && !is_digit(s[i])) {
      *err = "invalid date: write YYYY-MM-DD, zero-padded";
      return LIT_DATE;
    }
  int32_t y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
              (s[3] - '0');
  int32_t m = (s[5] - '0') * 10 + (s[6] - '0');
  int32_t d = (s[8] - '0') * 10 + (s[9] - '0');
  *val = y * 10000 + m * 100 + d;
  if (y < 1900 || y > 9999)
    *err = "invalid date: years run from 1900 to 9999";
  else if (!lit_valid_date((int32_t)*val))
    *err = "invalid date: no such day in the calendar";
  return LIT_DATE;
}

/* Digits with optional exact comma grouping; returns the count of digits
 * consumed (commas included in *used), or 0 on a malformed group. */
static bool parse_int_part(const char *s, size_t n, size_t *used,
                           uint64_t *v, bool commas, int *ndigits) {
  size_t i = 0;
  uint64_t x = 0;
  int nd = 0, group = 0;
  bool saw_comma = false;
  while (i < n && (is_digit(s[i]) || (commas && s[i] == ','))) {
    if (s[i] == ',') {
      if ((!saw_comma && (group < 1 || group > 3)) || (saw_comma && group != 3))
        return false;
      saw_comma = true;
      group = 0;
    } else {
      if (x > UINT64_MAX / 100) return false; /* absurdly long: too large */
      x = x * 10 + (uint64_t)(s[i] - '0');
      nd++;
      group++;
    }
    i++;
  }
  if (nd == 0 || (saw_comma && group != 3)) return false;
  *used = i;
  *v = x;
  *ndigits = nd;
  return true;
}

static const char money_bad[] = "invalid amount: write $ then digits, "
                                "optional comma groups of three, decimals "
                                "and K, M, B or T";

static LitKind parse_money(const char *s, size_t n, int64_t *val,
                           const char **err) {
  const char *bad = money_bad;
  size_t i = 1, used;
  uint64_t ip, fp = 0;
  int nd, fd = 0;
  *val = 0;
  if (!parse_int_part(s + i, n - i, &used, &ip, true, &nd)) {
    *err = bad;
    return LIT_MONEY;
  }
  i += used;
  if (i < n && s[i] == '.') {
    i++;
    while (i < n && is_digit(s[i])) {
      if (fd >= 18) { *err = "invalid amount: too many decimals"; return LIT_MONEY; }
      fp = fp * 10 + (uint64_t)(s[i] - '0');
      fd++;
      i++;
    }
    if (fd == 0) { *err = bad; return LIT_MONEY; }
  }
  uint64_t mult = 1;
  if (i < n) {
    switch (s[i]) {
      case 'K': mult = 1000ull; break;
      case 'M': mult = 1000000ull; break;
      case 'B': mult = 1000000000ull; break;
      case 'T': mult = 1000000000000ull; break;
      default: *err = bad; return LIT_MONEY;
    }
    i++;
  }
  if (i != n) { *err = bad; return LIT_MONEY; }
  /* cents = (ip + fp/10^fd) * mult * 100, exactly */
  unsigned __int128 scale = (unsigned __int128)mult * 100;
  unsigned __int128 whole = (unsigned __int128)ip * scale;
  unsigned __int128 p10 = 1;
  for (int k = 0; k < fd; k++) p10 *= 10;
  unsigned __int128 frac = (unsigned __int128)fp * scale;
  if (whole > (unsigned __int128)LIT_MAX_CENTS) {
    *err = "amount too large: the largest is $90T";
    return LIT_MONEY;
  }
  if (frac % p10 != 0) {
    *err = "invalid amount: not a whole number of cents";
    return LIT_MONEY;
  }
  whole += frac / p10;
  if (whole > (unsigned __int128)LIT_MAX_CENTS) {
    *err = "amount too large: the largest is $90T";
    return LIT_MONEY;
  }
  *val = (int64_t)whole;
  return LIT_MONEY;
}

/* NUMBER[.DECIMALS] into an integer scaled by 10^scale; *used is how many
 * bytes were read. */
typedef enum { DEC_OK, DEC_MALFORMED, DEC_DECIMALS, DEC_LARGE, DEC_FRACTION } DecErr;

static DecErr parse_decimal(const char *s, size_t n, size_t *used, int maxdec,
                            int scale, uint64_t limit, uint64_t *out) {
  size_t i = 0;
  unsigned __int128 x = 0;
  bool big = false;
  while (i < n && is_digit(s[i])) {
    x = x * 10 + (unsigned)(s[i] - '0');
    if (x > limit) big = true, x = limit + 1;
    i++;
  }
  if (i == 0) return DEC_MALFORMED;
  int fd = 0;
  unsigned __int128 f = 0;
  if (i < n && s[i] == '.') {
    i++;
    size_t st = i;
    while (i < n && is_digit(s[i])) {
      if (fd < 30) f = f * 10 + (unsigned)(s[i] - '0');
      fd++;
      i++;
    }
    if (i == st) return DEC_MALFORMED;
  }
  *used = i;
  if (fd > maxdec) return DEC_DECIMALS;
  if (big) return DEC_LARGE;
  unsigned __int128 v = x;
  for (int k = 0; k < scale; k++) v *= 10;
  int shift = scale - fd;
  if (shift >= 0) {
    for (int k = 0; k < shift; k++) f *= 10;
    v += f;
  } else {
    unsigned __int128 p = 1;
    for (int k = 0; k < -shift; k++) p *= 10;
    if (f % p) return DEC_FRACTION;
    v += f / p;
  }
  if (v > limit) return DEC_LARGE;
  *out = (uint64_t)v;
  return DEC_OK;
}

static LitKind parse_percent(const char *s, size_t n, int64_t *val,
                             const char **err) {
  size_t used = 0;
  uint64_t v = 0;
  *val = 0;
  DecErr e = parse_decimal(s, n, &used, 4, 4, 1000000000ull, &v);
  if (e == DEC_MALFORMED || used != n - 1 || s[n - 1] != '%')
    *err = "invalid percentage: write a number with at most four decimals "
           "and %, as 27% or 12.5%";
  else if (e == DEC_DECIMALS)
    *err = "invalid percentage: at most four decimals";
  else if (e != DEC_OK || v > LIT_PCT_100)
    *err = "percentage out of range: stakes, shares and probabilities lie "
           "in 0%-100%";
  else
    *val = (int64_t)v;
  return LIT_PERCENT;
}

static LitKind parse_quantity(const char *s, size_t n, int64_t *val,
                              const char **err) {
  static const char *bad = "invalid quantity: write a number and W, kW, MW, "
                           "GW or TW with no space, as 2GW";
  size_t used = 0;
  *val = 0;
  size_t i = 0;
  while (i < n && (is_digit(s[i]) || s[i] == '.')) i++;
  const char *u = s + i;
  size_t ul = n - i;
  int scale;
  if (ul == 1 && u[0] == 'W') scale = 0;
  else if (ul == 2 && u[1] == 'W' && u[0] == 'k') scale = 3;
  else if (ul == 2 && u[1] == 'W' && u[0] == 'M') scale = 6;
  else if (ul == 2 && u[1] == 'W' && u[0] == 'G') scale = 9;
  else if (ul == 2 && u[1] == 'W' && u[0] == 'T') scale = 12;
  else { *err = bad; return LIT_QUANTITY; }
  uint64_t v = 0;
  DecErr e = parse_decimal(s, i, &used, 30, scale, (uint64_t)INT64_MAX, &v);
  if (e == DEC_MALFORMED || used != i) *err = bad;
  else if (e == DEC_FRACTION || e == DEC_DECIMALS)
    *err = "invalid quantity: not a whole number of watts";
  else if (e == DEC_LARGE) *err = "quantity too large";
  else *val = (int64_t)v;
  return LIT_QUANTITY;
}

LitKind lit_parse(const char *s, size_t n, int64_t *val, const char **err) {
  *err = NULL;
  *val = 0;
  if (n == 0) { *err = "empty literal"; return LIT_BAD; }
  if (s[0] == '$') return parse_money(s, n, val, err);
  if (memchr(s, '%', n)) return parse_percent(s, n, val, err);
  if (n >= 5 && is_digit(s[0]) && memchr(s, '-', n))
    return parse_date(s, n, val, err);
  if (s[n - 1] == 'W' || (n >= 2 && (s[n - 1] | 32) == 'w' &&
                          memchr("kKmMgGtT", s[n - 2], 8)))
    return parse_quantity(s, n, val, err);
  size_t i = 0;
  while (i < n && (is_digit(s[i]) || s[i] == '.')) i++;
  if (i == n) {
    *err = "a bare number has no meaning here: write a date, an amount "
           "($), a percentage (%) or a quantity (W)";
    return LIT_BAD;
  }
  /* an amount but for its `$` (5M, 1.5B): an amount (see literal.h) */
  char buf[64];
  if (n < sizeof buf && memchr("KMBT", s[n - 1], 4)) {
    buf[0] = '$';
    memcpy(buf + 1, s, n);
    int64_t v;
    const char *e;
    parse_money(buf, n + 1, &v, &e);
    if (e != money_bad) {
      *err = LIT_ERR_NO_DOLLAR;
      return LIT_MONEY;
    }
  }
  *err = "invalid literal";
  return LIT_BAD;
}

/* By hand, not snprintf: a timeline prints millions of dates. */
char *lit_date_str(int32_t d, char *buf) {
  if (d < 0 || d > 99991231) {
    snprintf(buf, 64, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100);
    return buf;
  }
  int y = d / 10000, m = d / 100 % 100, day = d % 100;
  char *p = buf;
  *p++ = (char)('0' + y / 1000);
  *p++ = (char)('0' + y / 100 % 10);
  *p++ = (char)('0' + y / 10 % 10);
  *p++ = (char)('0' + y % 10);
  *p++ = '-';
  *p++ = (char)('0' + m / 10);
  *p++ = (char)('0' + m % 10);
  *p++ = '-';
  *p++ = (char)('0' + day / 10);
  *p++ = (char)('0' + day % 10);
  *p = 0;
  return buf;
}

/* Fraction of v/unit with up to `dec` decimals, trailing zeros dropped. */
static void print_scaled(char *buf, uint64_t v, uint64_t unit, int dec,
                         const char *suffix) {
  uint64_t ip = v / unit, fp = v % unit;
  int n = snprintf(buf, 64, "%llu", (unsigned long long)ip);
  if (fp) {
    char f[32];
    snprintf(f, sizeof f, "%0*llu", dec, (unsigned long long)fp);
    size_t l = strlen(f);
    while (l > 0 && f[l - 1] == '0') f[--l] = 0;
    n += snprintf(buf + n, 64 - (size_t)n, ".%s", f);
  }
  snprintf(buf + n, 64 - (size_t)n, "%s", suffix);
}

char *lit_money_str(int64_t cents, char *buf) {
  static const struct { uint64_t cents; const char *s; int dec; } m[] = {
      {100000000000000ull, "T", 14}, {100000000000ull, "B", 11},
      {100000000ull, "M", 8}, {100000ull, "K", 5}};
  uint64_t v = (uint64_t)cents;
  buf[0] = '$';
  for (int i = 0; i < 4; i++) {
    /* use a multiplier when it reads shorter: at most 3 decimals */
    if (v >= m[i].cents && v % (m[i].cents / 1000) == 0) {
      uint64_t unit = m[i].cents;
      uint64_t ip = v / unit, fp = (v % unit) / (unit / 1000);
      int n = snprintf(buf + 1, 63, "%llu", (unsigned long long)ip);
      if (fp) {
        char f[32];
        snprintf(f, sizeof f, "%03llu", (unsigned long long)fp);
        size_t l = strlen(f);
        while (l > 0 && f[l - 1] == '0') f[--l] = 0;
        n += snprintf(buf + 1 + n, 63 - (size_t)n, ".%s", f);
      }
      snprintf(buf + 1 + n, 63 - (size_t)n, "%s", m[i].s);
      return buf;
    }
  }
  /* plain dollars with thousands separators, and cents if any */
  char d[32];
  int dl = snprintf(d, sizeof d, "%llu", (unsigned long long)(v / 100));
  size_t o = 1;
  for (int i = 0; i < dl; i++) {
    if (i && (dl - i) % 3 == 0) buf[o++] = ',';
    buf[o++] = d[i];
  }
  if (v % 100) o += (size_t)snprintf(buf + o, 64 - o, ".%02llu",
                                     (unsigned long long)(v % 100));
  buf[o] = 0;
  return buf;
}

char *lit_pct_str(int32_t pct, char *buf) {
  print_scaled(buf, (uint64_t)pct, LIT_PCT_ONE, 4, "%");
  return buf;
}

char *lit_watts_str(int64_t w, char *buf) {
  static const struct { uint64_t u; const char *s; int dec; } m[] = {
      {1000000000000ull, "TW", 12}, {1000000000ull, "GW", 9},
      {1000000ull, "MW", 6}, {1000ull, "kW", 3}};
  uint64_t v = (uint64_t)w;
  for (int i = 0; i < 4; i++)
    if (v >= m[i].u && v % (m[i].u / 1000) == 0) {
      print_scaled(buf, v, m[i].u, m[i].dec, m[i].s);
      return buf;
    }
  snprintf(buf, 64, "%lluW", (unsigned long long)v);
  return buf;
}
