/* test_lexer: literals (lit_parse), their canonical spellings, UTF-8
 * validation and the lexical rules of LANGUAGE.md sections 2 and 8. */
#include <unistd.h>

#include "unit.h"

/* ---- literal helpers ---- */

static LitKind lit(const char *s, int64_t *val, const char **err) {
  return lit_parse(s, strlen(s), val, err);
}

/* A valid literal of kind k with value v? */
static bool lit_ok(const char *s, LitKind k, int64_t v) {
  int64_t val = -12345;
  const char *err = "unset";
  LitKind got = lit(s, &val, &err);
  return got == k && err == NULL && val == v;
}

/* An invalid literal (any message)? */
static bool lit_bad(const char *s) {
  int64_t val;
  const char *err = NULL;
  lit(s, &val, &err);
  return err != NULL;
}

static bool lit_bad_with(const char *s, const char *sub) {
  int64_t val;
  const char *err = NULL;
  lit(s, &val, &err);
  return err != NULL && strstr(err, sub) != NULL;
}

/* ---- dates ---- */

static void test_lexer_date_valid(void) {
  CU_ASSERT(lit_ok("2026-03-01", LIT_DATE, 20260301));
  CU_ASSERT(lit_ok("2025-12-31", LIT_DATE, 20251231));
  CU_ASSERT(lit_ok("2026-01-31", LIT_DATE, 20260131));
}

static void test_lexer_date_leap_years(void) {
  CU_ASSERT(lit_ok("2024-02-29", LIT_DATE, 20240229));   /* divisible by 4 */
  CU_ASSERT(lit_ok("2000-02-29", LIT_DATE, 20000229));   /* by 400 */
  CU_ASSERT(lit_bad("2023-02-29"));                      /* common year */
  CU_ASSERT(lit_bad("1900-02-29"));                      /* by 100, not 400 */
  CU_ASSERT(lit_bad("2100-02-29"));
  CU_ASSERT(lit_valid_date(20240229));
  CU_ASSERT_FALSE(lit_valid_date(20250229));
}

static void test_lexer_date_no_such_day(void) {
  CU_ASSERT(lit_bad("2026-02-30"));
  CU_ASSERT(lit_bad("2026-04-31"));
  CU_ASSERT(lit_bad("2026-13-01"));
  CU_ASSERT(lit_bad("2026-00-10"));
  CU_ASSERT(lit_bad("2026-01-00"));
  CU_ASSERT(lit_bad("2026-01-32"));
  int64_t v;
  const char *err;
  CU_ASSERT_EQUAL(lit("2026-02-30", &v, &err), LIT_DATE); /* looks like one */
}

static void test_lexer_date_year_bounds(void) {
  CU_ASSERT(lit_ok("1900-01-01", LIT_DATE, 19000101));
  CU_ASSERT(lit_ok("9999-12-31", LIT_DATE, 99991231));
  CU_ASSERT(lit_bad("1899-12-31"));
  CU_ASSERT(lit_bad("0000-01-01"));
  CU_ASSERT(lit_bad("10000-01-01"));
}

static void test_lexer_date_form(void) {
  CU_ASSERT(lit_bad("2026-1-01"));      /* zero-padded */
  CU_ASSERT(lit_bad("2026-01-1"));
  CU_ASSERT(lit_bad("2026-01-01x"));    /* longest run must match */
  CU_ASSERT(lit_bad("2026/01/01"));
  CU_ASSERT(lit_bad("2026-01-01-"));
}

/* ---- money ---- */

static void test_lexer_money_valid(void) {
  CU_ASSERT(lit_ok("$50B", LIT_MONEY, INT64_C(5000000000000)));
  CU_ASSERT(lit_ok("$1.5M", LIT_MONEY, INT64_C(150000000)));
  CU_ASSERT(lit_ok("$2,500", LIT_MONEY, 250000));
  CU_ASSERT(lit_ok("$0.25", LIT_MONEY, 25));
  CU_ASSERT(lit_ok("$135B", LIT_MONEY, INT64_C(13500000000000)));
  CU_ASSERT(lit_ok("$1K", LIT_MONEY, 100000));
  CU_ASSERT(lit_ok("$1,234,567.89", LIT_MONEY, INT64_C(123456789)));
  CU_ASSERT(lit_ok("$0", LIT_MONEY, 0));
  CU_ASSERT(lit_ok("$2T", LIT_MONEY, INT64_C(200000000000000)));
}

static void test_lexer_money_equal_spellings(void) {
  int64_t a = -1, b = -2;
  const char *e1, *e2;
  lit("$50B", &a, &e1);
  lit("$50,000M", &b, &e2);
  CU_ASSERT_PTR_NULL(e1);
  CU_ASSERT_PTR_NULL(e2);
  CU_ASSERT_EQUAL(a, b);
}

static void test_lexer_money_bad_grouping(void) {
  CU_ASSERT(lit_bad("$2,50"));
  CU_ASSERT(lit_bad("$2,5000"));
  CU_ASSERT(lit_bad("$1,0000"));
  CU_ASSERT(lit_bad("$1234,567"));
  CU_ASSERT(lit_bad("$,100"));
  CU_ASSERT(lit_bad("$1,"));
  CU_ASSERT(lit_bad("$1,,000"));
  CU_ASSERT(lit_ok("$1234", LIT_MONEY, 123400)); /* commas are optional */
}

static void test_lexer_money_lowercase_multiplier(void) {
  CU_ASSERT(lit_bad("$5b"));
  CU_ASSERT(lit_bad("$5m"));
  CU_ASSERT(lit_bad("$5k"));
  CU_ASSERT(lit_bad("$5t"));
  CU_ASSERT(lit_bad("$5x"));
  CU_ASSERT(lit_bad("$5BB"));
  CU_ASSERT(lit_ok("$5B", LIT_MONEY, INT64_C(500000000000)));
}

/* An amount that lost its `$` is told apart (the scanner suggests the
 * `$`); what would be no amount with one is an invalid literal. */
static void test_lexer_money_without_dollar(void) {
  const char *ok[] = {"5M", "1.5B", "2,500M", "90T", "100T", "7K"};
  const char *not[] = {"5m", "5", "5,00M", "5MM", "M", "5.M", "5MW"};
  for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
    int64_t v;
    const char *err = NULL;
    CU_ASSERT_EQUAL(lit(ok[i], &v, &err), LIT_MONEY);
    CU_ASSERT(err && strcmp(err, LIT_ERR_NO_DOLLAR) == 0);
  }
  for (size_t i = 0; i < sizeof not / sizeof *not; i++) {
    int64_t v;
    const char *err = NULL;
    lit(not[i], &v, &err);
    CU_ASSERT(!err || strcmp(err, LIT_ERR_NO_DOLLAR) != 0);
  }
}

static void test_lexer_money_fraction_of_cent(void) {
  CU_ASSERT(lit_bad_with("$0.001", "cent"));
  CU_ASSERT(lit_bad("$1.005"));
  CU_ASSERT(lit_ok("$1.50", LIT_MONEY, 150));
  CU_ASSERT(lit_ok("$1.500", LIT_MONEY, 150));        /* whole cents */
  CU_ASSERT(lit_ok("$0.00000001M", LIT_MONEY, 1));    /* exactly a cent */
  CU_ASSERT(lit_bad("$0.000000001M"));                /* a tenth of one */
  CU_ASSERT(lit_bad("$1."));
  CU_ASSERT(lit_bad("$.5"));
  CU_ASSERT(lit_bad("$"));
}

static void test_lexer_money_upper_limit(void) {
  CU_ASSERT(lit_ok("$90T", LIT_MONEY, LIT_MAX_CENTS));
  CU_ASSERT(lit_ok("$90,000,000,000,000", LIT_MONEY, LIT_MAX_CENTS));
  CU_ASSERT(lit_bad_with("$90.01T", "large"));
  CU_ASSERT(lit_bad("$90,000,000,000,000.01"));
  CU_ASSERT(lit_bad("$91T"));
  CU_ASSERT(lit_bad("$100000000000000000000000000000"));
  CU_ASSERT(lit_ok("$89.999999999999T", LIT_MONEY, LIT_MAX_CENTS - 100));
}

/* ---- percent ---- */

static void test_lexer_percent_valid(void) {
  CU_ASSERT(lit_ok("27%", LIT_PERCENT, 27 * LIT_PCT_ONE));
  CU_ASSERT(lit_ok("12.5%", LIT_PERCENT, 125000));
  CU_ASSERT(lit_ok("0%", LIT_PERCENT, 0));
  CU_ASSERT(lit_ok("0.0001%", LIT_PERCENT, 1));
}

static void test_lexer_percent_decimals(void) {
  CU_ASSERT(lit_ok("12.3456%", LIT_PERCENT, 123456));
  CU_ASSERT(lit_bad_with("12.34567%", "decimals"));
  CU_ASSERT(lit_bad("0.00001%"));
  CU_ASSERT(lit_bad("12.%"));
  CU_ASSERT(lit_bad("1,000%"));   /* no commas in a percentage */
}

static void test_lexer_percent_range(void) {
  CU_ASSERT(lit_ok("100%", LIT_PERCENT, LIT_PCT_100));
  CU_ASSERT(lit_ok("100.0000%", LIT_PERCENT, LIT_PCT_100));
  CU_ASSERT(lit_bad("100.0001%"));
  CU_ASSERT(lit_bad("101%"));
  CU_ASSERT(lit_bad("99999999999999999999%"));
}

static void test_lexer_percent_trailing(void) {
  CU_ASSERT(lit_bad("27%of"));
  CU_ASSERT(lit_bad("27%%"));
  CU_ASSERT(lit_bad("%27"));
}

/* ---- quantities ---- */

static void test_lexer_quantity_valid(void) {
  CU_ASSERT(lit_ok("2GW", LIT_QUANTITY, INT64_C(2000000000)));
  CU_ASSERT(lit_ok("500MW", LIT_QUANTITY, INT64_C(500000000)));
  CU_ASSERT(lit_ok("1.5kW", LIT_QUANTITY, 1500));
  CU_ASSERT(lit_ok("7W", LIT_QUANTITY, 7));
  CU_ASSERT(lit_ok("1TW", LIT_QUANTITY, INT64_C(1000000000000)));
  CU_ASSERT(lit_ok("0.001kW", LIT_QUANTITY, 1));
}

static void test_lexer_quantity_not_whole_watts(void) {
  CU_ASSERT(lit_bad("0.5W"));
  CU_ASSERT(lit_bad("1.5W"));
  CU_ASSERT(lit_bad("0.0001kW"));
}

static void test_lexer_quantity_bad_unit(void) {
  CU_ASSERT(lit_bad("2gW"));
  CU_ASSERT(lit_bad("2KW"));   /* kilo is a lower-case k */
  CU_ASSERT(lit_bad("2Gw"));
  CU_ASSERT(lit_bad("2GWh"));
  CU_ASSERT(lit_bad("2XW"));
}

static void test_lexer_bare_number(void) {
  int64_t v;
  const char *err = NULL;
  CU_ASSERT_EQUAL(lit("42", &v, &err), LIT_BAD);
  CU_ASSERT_PTR_NOT_NULL(err);
  CU_ASSERT(lit_bad("12.5"));
  CU_ASSERT(lit_bad("2026"));
  CU_ASSERT(lit_bad("5x"));
}

/* ---- canonical spellings ---- */

static void test_lexer_money_str(void) {
  char b[64];
  CU_ASSERT_STRING_EQUAL(lit_money_str(INT64_C(5000000000000), b), "$50B");
  CU_ASSERT_STRING_EQUAL(lit_money_str(INT64_C(150000000), b), "$1.5M");
  CU_ASSERT_STRING_EQUAL(lit_money_str(25, b), "$0.25");
  CU_ASSERT_STRING_EQUAL(lit_money_str(INT64_C(123456), b), "$1,234.56");
  CU_ASSERT_STRING_EQUAL(lit_money_str(LIT_MAX_CENTS, b), "$90T");
  CU_ASSERT_STRING_EQUAL(lit_money_str(0, b), "$0");
  CU_ASSERT_STRING_EQUAL(lit_money_str(100, b), "$1");
}

/* Whatever it prints reads back as the same amount. */
static void test_lexer_money_str_round_trip(void) {
  static const int64_t v[] = {
      0, 1, 99, 100, 250000, 123456, 100000, 100001, 99999999,
      INT64_C(150000000), INT64_C(5000000000000), INT64_C(13500000000000),
      INT64_C(123456789012345), LIT_MAX_CENTS, LIT_MAX_CENTS - 1};
  for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
    char b[64];
    lit_money_str(v[i], b);
    CU_ASSERT(lit_ok(b, LIT_MONEY, v[i]));
  }
}

static void test_lexer_pct_str(void) {
  char b[64];
  CU_ASSERT_STRING_EQUAL(lit_pct_str(27 * LIT_PCT_ONE, b), "27%");
  CU_ASSERT_STRING_EQUAL(lit_pct_str(125000, b), "12.5%");
  CU_ASSERT_STRING_EQUAL(lit_pct_str(1, b), "0.0001%");
  CU_ASSERT_STRING_EQUAL(lit_pct_str(LIT_PCT_100, b), "100%");
  CU_ASSERT_STRING_EQUAL(lit_pct_str(0, b), "0%");
  CU_ASSERT_STRING_EQUAL(lit_pct_str(123456, b), "12.3456%");
}

static void test_lexer_watts_str(void) {
  char b[64];
  CU_ASSERT_STRING_EQUAL(lit_watts_str(INT64_C(2000000000), b), "2GW");
  CU_ASSERT_STRING_EQUAL(lit_watts_str(INT64_C(500000000), b), "500MW");
  CU_ASSERT_STRING_EQUAL(lit_watts_str(1500, b), "1.5kW");
  CU_ASSERT_STRING_EQUAL(lit_watts_str(7, b), "7W");
  static const int64_t v[] = {0, 1, 999, 1000, 1001, 1500, INT64_C(2500000000),
                              INT64_C(1000000000000), INT64_C(1234567)};
  for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
    lit_watts_str(v[i], b);
    CU_ASSERT(lit_ok(b, LIT_QUANTITY, v[i]));
  }
}

/* ---- UTF-8 ---- */

static size_t utf8_bad(const char *s) {
  return lex_utf8_invalid(s, strlen(s));
}

static void test_lexer_utf8_valid(void) {
  CU_ASSERT_EQUAL(utf8_bad("plain"), 5);
  CU_ASSERT_EQUAL(utf8_bad("caf\xc3\xa9"), 5);               /* é */
  CU_ASSERT_EQUAL(utf8_bad("\xe2\x80\x98x\xe2\x80\x99"), 7); /* ‘x’ */
  CU_ASSERT_EQUAL(utf8_bad("\xf0\x9f\x98\x80"), 4);          /* U+1F600 */
  CU_ASSERT_EQUAL(utf8_bad("\xf4\x8f\xbf\xbf"), 4);          /* U+10FFFF */
  CU_ASSERT_EQUAL(utf8_bad(""), 0);
}

static void test_lexer_utf8_invalid(void) {
  CU_ASSERT_EQUAL(utf8_bad("ab\xff"), 2);
  CU_ASSERT_EQUAL(utf8_bad("\x80"), 0);                 /* lone continuation */
  CU_ASSERT_EQUAL(utf8_bad("a\xc0\x80"), 1);            /* overlong NUL */
  CU_ASSERT_EQUAL(utf8_bad("\xc1\xbf"), 0);             /* overlong */
  CU_ASSERT_EQUAL(utf8_bad("\xe0\x80\xaf"), 0);         /* overlong 3 bytes */
  CU_ASSERT_EQUAL(utf8_bad("\xf0\x80\x80\xaf"), 0);     /* overlong 4 bytes */
  CU_ASSERT_EQUAL(utf8_bad("xy\xed\xa0\x80"), 2);       /* surrogate */
  CU_ASSERT_EQUAL(utf8_bad("\xf4\x90\x80\x80"), 0);     /* above U+10FFFF */
  CU_ASSERT_EQUAL(utf8_bad("\xf5\x80\x80\x80"), 0);
  CU_ASSERT_EQUAL(utf8_bad("abc\xe2\x82"), 3);          /* truncated */
  CU_ASSERT_EQUAL(utf8_bad("\xc3"), 0);
  CU_ASSERT_EQUAL(utf8_bad("\xc3(x"), 0);               /* bad continuation */
  /* the length bounds the scan: a sequence cut by n is invalid */
  CU_ASSERT_EQUAL(lex_utf8_invalid("\xc3\xa9", 1), 0);
}

static void test_lexer_utf8_in_string_and_comment(void) {
  T *t = t_parse("party A \"caf\xc3\xa9\";  # na\xc3\xafve\n");
  CU_ASSERT(t->parse_ok);
  t_free(t);
  t = t_parse("party A \"ab\xff\";\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 9, "UTF-8"));  /* the string's start */
  t_free(t);
  t = t_parse("party A;\n  # bad \xc3 here\nparty B;\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 2, 3, "UTF-8"));  /* the comment's start */
  t_free(t);
}

static void test_lexer_non_ascii_outside_string(void) {
  T *t = t_parse("party A;\nparty B\xc3\xa9;\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 2, 8, NULL));
  t_free(t);
}

/* ---- identifiers and strings ---- */

static char *repeat(char c, size_t n, const char *pre, const char *post) {
  size_t a = strlen(pre), b = strlen(post);
  char *s = malloc(a + n + b + 1);
  memcpy(s, pre, a);
  memset(s + a, c, n);
  memcpy(s + a + n, post, b + 1);
  return s;
}

static void test_lexer_ident_255_accepted(void) {
  char *src = repeat('a', 255, "party ", ";\n");
  T *t = t_load(src);
  CU_ASSERT(t->parse_ok);
  CU_ASSERT_EQUAL(t->d.errors, 0);
  CU_ASSERT_EQUAL(t->p->nparties, 1);
  if (t->p->nparties == 1) CU_ASSERT_EQUAL(t->p->parties[0]->h.name->len, 255);
  t_free(t);
  free(src);
}

static void test_lexer_ident_256_rejected(void) {
  char *src = repeat('a', 256, "party ", ";\n");
  T *t = t_parse(src);
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT_EQUAL(t->d.errors, 1);
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 7, "identifier"));
  t_free(t);
  free(src);
}

static void test_lexer_string_4096_accepted(void) {
  char *src = repeat('x', 4096, "party A \"", "\";\n");
  T *t = t_parse(src);
  CU_ASSERT(t->parse_ok);
  CU_ASSERT_EQUAL(t->d.errors, 0);
  if (t->p->nparties == 1)
    CU_ASSERT_EQUAL(strlen(t->p->parties[0]->display), 4096);
  t_free(t);
  free(src);
}

static void test_lexer_string_4097_rejected(void) {
  char *src = repeat('x', 4097, "party A \"", "\";\n");
  T *t = t_parse(src);
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 9, "string"));
  t_free(t);
  free(src);
}

/* The limit counts decoded bytes: 4095 + "\n" is 4096 bytes. */
static void test_lexer_string_limit_counts_decoded_bytes(void) {
  char *src = repeat('x', 4095, "party A \"\\n", "\";\n");
  T *t = t_parse(src);
  CU_ASSERT(t->parse_ok);
  t_free(t);
  free(src);
  src = repeat('x', 4096, "party A \"\\n", "\";\n");
  t = t_parse(src);
  CU_ASSERT_FALSE(t->parse_ok);
  t_free(t);
  free(src);
}

static void test_lexer_string_escapes(void) {
  T *t = t_parse("party A \"q\\\"b\\\\n\\nt\\t\";\n");
  CU_ASSERT(t->parse_ok);
  if (t->p->nparties == 1)
    CU_ASSERT_STRING_EQUAL(t->p->parties[0]->display, "q\"b\\n\nt\t");
  t_free(t);
  t = t_parse("party A \"bad \\x escape\";\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 0, "escape"));
  t_free(t);
}

static void test_lexer_string_unterminated(void) {
  T *t = t_parse("party A \"no end;\nparty B;\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 9, NULL));
  t_free(t);
}

/* ---- bytes ---- */

static void test_lexer_nul_byte(void) {
  static const char src[] = "party A;\0party B;\n";
  T *t = t_load_len(src, sizeof src - 1);
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 9, "NUL"));
  t_free(t);
}

static void test_lexer_nul_in_string_and_comment(void) {
  static const char s1[] = "party A \"a\0b\";\n";
  T *t = t_load_len(s1, sizeof s1 - 1);
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 11, "NUL"));   /* at the NUL itself */
  t_free(t);
  static const char s2[] = "party A; # x\0y\nparty B;\n";
  t = t_load_len(s2, sizeof s2 - 1);
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 13, "NUL"));
  t_free(t);
}

static void test_lexer_crlf_line_endings(void) {
  T *t = t_load("party A;\r\nparty B;\r\naction host;\r\n");
  CU_ASSERT(t->parse_ok);
  CU_ASSERT(t->resolve_ok);
  CU_ASSERT_EQUAL(t->p->nparties, 2);
  t_free(t);
  /* lines are counted by LF, the CR is whitespace: the `;` missing
   * before line 3 belongs right after B */
  t = t_parse("party A;\r\nparty B\r\nparty C;\r\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 2, 8, "missing"));
  t_free(t);
  /* a lone CR is whitespace and starts no line */
  t = t_parse("party A;\rparty ;\n");
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 16, NULL));
  t_free(t);
}

static void test_lexer_bom_skipped(void) {
  T *t = t_load("\xef\xbb\xbfparty A;\n");
  CU_ASSERT(t->parse_ok);
  CU_ASSERT_EQUAL(t->p->nparties, 1);
  t_free(t);
  /* a skipped BOM counts no column */
  t = t_parse("\xef\xbb\xbf@party A;\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 1, NULL));
  t_free(t);
  /* not at the start, it is a non-ASCII byte */
  t = t_parse("party A;\xef\xbb\xbf\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 9, NULL));
  t_free(t);
}

static void test_lexer_whitespace_and_comments(void) {
  T *t = t_parse("# a comment\n\tparty A; # trailing\n\n  party   B ;");
  CU_ASSERT(t->parse_ok);
  CU_ASSERT_EQUAL(t->p->nparties, 2);
  t_free(t);
  t = t_parse("party A;\fparty B;\n");   /* form feed is not whitespace */
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 9, NULL));
  t_free(t);
}

/* The marks of a program for deal fmt, as words: `#L` an own-line comment,
 * `#L+` one after a token, `_L` a blank line, `}L:C` a block's end. */
static char *marks_text(const Program *p) {
  static char buf[512];
  size_t n = 0;
  buf[0] = 0;
  for (uint32_t i = 0; i < p->nmarks && n < sizeof buf - 32; i++) {
    const Mark *m = &p->marks[i];
    if (m->kind == MARK_COMMENT)
      n += (size_t)sprintf(buf + n, "%s#%u%s", n ? " " : "", m->loc.line,
                           m->own_line ? "" : "+");
    else if (m->kind == MARK_BLANK)
      n += (size_t)sprintf(buf + n, "%s_%u", n ? " " : "", m->loc.line);
    else
      n += (size_t)sprintf(buf + n, "%s}%u:%u", n ? " " : "", m->loc.line,
                           m->loc.col);
  }
  return buf;
}

/* A line of nothing but blanks (spaces, tabs, a CR) is blank; a line with
 * a token and trailing blanks is not; a `}` in a string or a comment
 * ends no block.  The same read from a file, in blocks. */
static void test_lexer_layout_marks(void) {
  const char *text =
      "party A;   \n"                          /* 1 */
      "\n"                                     /* 2 */
      "  \t \r\n"                              /* 3 */
      "# own line\n"                           /* 4 */
      "party B \"}\"; # after } a token\r\n"   /* 5 */
      "agreement X between A signed 2020-01-01 {\n"
      "\r\n"                                   /* 7 */
      "  clause c: A may host B;\n"
      "  }  # end\n"                           /* 9 */
      "\n";                                    /* 10 */
  const char *want = "_2 _3 #4 #5+ _7 }9:3 #9+ _10";
  T *t = t_parse_layout(text);
  CU_ASSERT(t->parse_ok);
  CU_ASSERT_STRING_EQUAL(marks_text(t->p), want);
  t_free(t);
  char path[] = "/tmp/deal-marks-XXXXXX";
  int fd = mkstemp(path);
  CU_ASSERT_FATAL(fd >= 0);
  CU_ASSERT_EQUAL(write(fd, text, strlen(text)), (ssize_t)strlen(text));
  close(fd);
  t = calloc(1, sizeof *t);
  t->out = open_memstream(&t->outbuf, &t->outlen);
  diag_init(&t->d, t->out, false);
  t->p = parse_program_new(&t->d);
  t->p->keep_comments = true;
  CU_ASSERT(parse_file(t->p, path));
  CU_ASSERT_STRING_EQUAL(marks_text(t->p), want);
  t_free(t);
  unlink(path);
  /* without keep_comments nothing is kept */
  t = t_parse(text);
  CU_ASSERT_EQUAL(t->p->nmarks, 0);
  t_free(t);
}

static void test_lexer_bad_literal_located(void) {
  T *t = t_parse("party A;\nscenario \"s\" as of 2026-02-30;\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 2, 20, NULL));
  t_free(t);
  t = t_parse("scenario \"s\" as of 2026-01-01x;\n");
  CU_ASSERT_FALSE(t->parse_ok);
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 20, NULL));
  t_free(t);
}

/* Columns are 1-based bytes: a tab is one, a UTF-8 character its bytes. */
static void test_lexer_columns_are_bytes(void) {
  T *t = t_parse("\t\tparty ;\n");
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 9, NULL));
  t_free(t);
  t = t_parse("party A \"\xc3\xa9\xc3\xa9\"; party ;\n");
  CU_ASSERT(t_has(t, DIAG_ERROR, 1, 23, NULL));
  t_free(t);
}

/* ---- keywords ---- */

static const char *const spec_keywords[] = {
    "scenario", "as", "of", "party", "aka", "group", "action", "product",
    "is", "owned", "by", "fact", "true", "false", "agreement", "between",
    "signed", "until", "from", "clause", "only", "among", "may", "must",
    "shall", "not", "if", "unless", "and", "or", "overrides", "invests", "in",
    "committed", "pays", "owns", "valued", "shares", "revenue", "with",
    "supplies", "to", "dispute", "plaintiff", "defendants", "claim",
    "outcome", "probability", "uphold", "void", "construe", "covering",
    "amend", "order", "expect", "under", "at", "query", "who", "conflict",
    "include", "on", "for", "when"};

static void test_lexer_keyword_table_matches_spec(void) {
  size_t ns = sizeof spec_keywords / sizeof *spec_keywords;
  CU_ASSERT_EQUAL(lex_nkeywords, ns);
  for (size_t i = 0; i < ns; i++) {
    bool found = false;
    for (size_t k = 0; k < lex_nkeywords; k++)
      found |= strcmp(lex_keywords[k], spec_keywords[i]) == 0;
    CU_ASSERT(found);
    if (!found) fprintf(stderr, "\n  keyword missing: %s\n", spec_keywords[i]);
  }
  for (size_t k = 1; k < lex_nkeywords; k++)
    CU_ASSERT(strcmp(lex_keywords[k - 1], lex_keywords[k]) < 0); /* sorted */
}

/* ... and each, where a name belongs, is reported as a keyword. */
static void test_lexer_keywords_reserved(void) {
  for (size_t k = 0; k < lex_nkeywords; k++) {
    char src[128], msg[64];
    snprintf(src, sizeof src, "party %s;\n", lex_keywords[k]);
    T *t = t_parse(src);
    CU_ASSERT_FALSE(t->parse_ok);
    if (t->parse_ok) fprintf(stderr, "\n  accepted as a name: %s\n", lex_keywords[k]);
    snprintf(msg, sizeof msg, LQ "%s" RQ " is a keyword, not a name",
             lex_keywords[k]);
    CU_ASSERT(t_has(t, DIAG_ERROR, 1, 7, msg));
    t_free(t);
    snprintf(src, sizeof src, "fact %s = true;\n", lex_keywords[k]);
    t = t_parse(src);
    CU_ASSERT_FALSE(t->parse_ok);
    t_free(t);
  }
}

/* Keywords are case-sensitive and whole words: these are identifiers. */
static void test_lexer_keyword_lookalikes_are_identifiers(void) {
  static const char *names[] = {"Party", "PARTY", "partys", "mayor", "_if",
                                "or2", "Is", "fortune", "into"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    char src[128];
    snprintf(src, sizeof src, "party %s;\n", names[i]);
    T *t = t_parse(src);
    CU_ASSERT(t->parse_ok);
    t_free(t);
  }
}

static const UnitTest tests[] = {
    UNIT_TEST(test_lexer_date_valid),
    UNIT_TEST(test_lexer_date_leap_years),
    UNIT_TEST(test_lexer_date_no_such_day),
    UNIT_TEST(test_lexer_date_year_bounds),
    UNIT_TEST(test_lexer_date_form),
    UNIT_TEST(test_lexer_money_valid),
    UNIT_TEST(test_lexer_money_equal_spellings),
    UNIT_TEST(test_lexer_money_bad_grouping),
    UNIT_TEST(test_lexer_money_lowercase_multiplier),
    UNIT_TEST(test_lexer_money_without_dollar),
    UNIT_TEST(test_lexer_money_fraction_of_cent),
    UNIT_TEST(test_lexer_money_upper_limit),
    UNIT_TEST(test_lexer_percent_valid),
    UNIT_TEST(test_lexer_percent_decimals),
    UNIT_TEST(test_lexer_percent_range),
    UNIT_TEST(test_lexer_percent_trailing),
    UNIT_TEST(test_lexer_quantity_valid),
    UNIT_TEST(test_lexer_quantity_not_whole_watts),
    UNIT_TEST(test_lexer_quantity_bad_unit),
    UNIT_TEST(test_lexer_bare_number),
    UNIT_TEST(test_lexer_money_str),
    UNIT_TEST(test_lexer_money_str_round_trip),
    UNIT_TEST(test_lexer_pct_str),
    UNIT_TEST(test_lexer_watts_str),
    UNIT_TEST(test_lexer_utf8_valid),
    UNIT_TEST(test_lexer_utf8_invalid),
    UNIT_TEST(test_lexer_utf8_in_string_and_comment),
    UNIT_TEST(test_lexer_non_ascii_outside_string),
    UNIT_TEST(test_lexer_ident_255_accepted),
    UNIT_TEST(test_lexer_ident_256_rejected),
    UNIT_TEST(test_lexer_string_4096_accepted),
    UNIT_TEST(test_lexer_string_4097_rejected),
    UNIT_TEST(test_lexer_string_limit_counts_decoded_bytes),
    UNIT_TEST(test_lexer_string_escapes),
    UNIT_TEST(test_lexer_string_unterminated),
    UNIT_TEST(test_lexer_nul_byte),
    UNIT_TEST(test_lexer_nul_in_string_and_comment),
    UNIT_TEST(test_lexer_crlf_line_endings),
    UNIT_TEST(test_lexer_bom_skipped),
    UNIT_TEST(test_lexer_whitespace_and_comments),
    UNIT_TEST(test_lexer_layout_marks),
    UNIT_TEST(test_lexer_bad_literal_located),
    UNIT_TEST(test_lexer_columns_are_bytes),
    UNIT_TEST(test_lexer_keyword_table_matches_spec),
    UNIT_TEST(test_lexer_keywords_reserved),
    UNIT_TEST(test_lexer_keyword_lookalikes_are_identifiers),
};

UNIT_MAIN("lexer", tests)
