/* test_print: deal fmt keeps the author's layout — blank lines (collapsed),
 * comments where they were, columns aligned over runs of consecutive lines
 * — and prints its own output again unchanged. */
#include <unistd.h>

#include "print.h"
#include "unit.h"

/* What deal fmt prints for text, which must be a valid scenario. */
static char *fmt(const char *text) {
  T *t = t_parse_layout(text);
  t_finish(t);
  CU_ASSERT(t->parse_ok && t->resolve_ok);
  if (!t->parse_ok || !t->resolve_ok) t_dump(t);
  StrBuf b;
  sb_init(&b);
  PrintOpts o = {0, true};
  print_program(&b, t->p, &o);
  char *s = strdup(b.s ? b.s : "");
  sb_free(&b);
  t_free(t);
  return s;
}

/* fmt(text) is want, and fmt(want) is want again. */
static void fmt_is(const char *text, const char *want) {
  char *got = fmt(text);
  CU_ASSERT_STRING_EQUAL(got, want);
  if (strcmp(got, want) != 0)
    fprintf(stderr, "\n--- want\n%s--- got\n%s---\n", want, got);
  char *again = fmt(want);
  CU_ASSERT_STRING_EQUAL(again, want);
  free(got);
  free(again);
}

/* What the examples below declare, and how fmt prints it. */
#define DECLS "party A; party B; action host; action sell; product P;\n"
#define DECLS_OUT "party A;\nparty B;\naction host;\naction sell;\nproduct P;\n"

static void test_print_blank_lines_collapsed(void) {
  fmt_is("\n\n\nparty A;\n\n\n\nparty B;\n   \n\t\naction host;\n\n\n",
         "party A;\n\nparty B;\n\naction host;\n");
}

static void test_print_no_blank_line_where_the_author_had_none(void) {
  /* statements of different kinds, with no blank line between them, get
   * none: the layout is the author's */
  fmt_is("party A;\naction host;\nproduct P owned by A;\nfact f = true;\n"
         "expect A may host P;\n",
         "party A;\naction host;\nproduct P owned by A;\nfact f = true;\n"
         "expect A may host P;\n");
}

static void test_print_no_blank_line_at_block_edges(void) {
  const char *text =
      DECLS
      "agreement X between A, B signed 2020-01-01 {\n\n\n"
      "  clause a: A may host P;\n\n"
      "  clause b: B may host P;\n\n\n"
      "}\n"
      "dispute D {\n\n  plaintiff A;\n\n"
      "  outcome o {\n\n    void X.a;\n\n  }\n\n}\n";
  const char *want =
      DECLS_OUT
      "agreement X between A, B signed 2020-01-01 {\n"
      "  clause a: A may host P;\n\n"
      "  clause b: B may host P;\n"
      "}\n"
      "dispute D {\n  plaintiff A;\n\n"
      "  outcome o {\n    void X.a;\n  }\n}\n";
  fmt_is(text, want);
}

static void test_print_party_columns_in_runs(void) {
  /* a blank line ends a run; so does a comment line; so does a line of
   * another kind */
  fmt_is("party Microsoft \"M\";\nparty Ab \"A\" aka X;\n\n"
         "party Google \"G\";\nparty Cd \"C\";\n"
         "# the rest\n"
         "party Eeeeeeee \"E\";\nparty F \"F\";\n"
         "group g = F;\n"
         "party Hh \"H\";\n",
         "party Microsoft \"M\";\nparty Ab        \"A\" aka X;\n\n"
         "party Google \"G\";\nparty Cd     \"C\";\n"
         "# the rest\n"
         "party Eeeeeeee \"E\";\nparty F        \"F\";\n"
         "group g = F;\n"
         "party Hh \"H\";\n");
}

static void test_print_product_columns_in_runs(void) {
  fmt_is("party A;\n"
         "product Long \"a long description\" owned by A;\n"
         "product S \"short\" is Long;\n\n"
         "product T \"t\" owned by A;\n"
         "product Uu is T;\n",
         "party A;\n"
         "product Long \"a long description\" owned by A;\n"
         "product S    \"short\"              is Long;\n\n"
         "product T  \"t\" owned by A;\n"
         "product Uu     is T;\n");
}

static void test_print_clause_columns_in_runs(void) {
  const char *text =
      DECLS
      "agreement X between A, B signed 2020-01-01 {\n"
      "  clause a: A may host P;\n"
      "  clause long_name: B may host P;\n\n"
      "  clause c: A may sell P;\n"
      "  clause dd: B may sell P;  # a trailing comment\n"
      "  # a comment line\n"
      "  clause e: A must host P;\n"
      "  clause ffff: A must sell P;\n"
      "}\n"
      "dispute D {\n"
      "  outcome o {\n"
      "    clause x: A may host P;\n"
      "    clause yyyy: B may host P;\n"
      "    void X.a;\n"
      "    clause z: A may sell P;\n"
      "  }\n"
      "}\n";
  const char *want =
      DECLS_OUT
      "agreement X between A, B signed 2020-01-01 {\n"
      "  clause a:         A may host P;\n"
      "  clause long_name: B may host P;\n\n"
      "  clause c:  A may sell P;\n"
      "  clause dd: B may sell P;  # a trailing comment\n"
      "  # a comment line\n"
      "  clause e:    A must host P;\n"
      "  clause ffff: A must sell P;\n"
      "}\n"
      "dispute D {\n"
      "  outcome o {\n"
      "    clause x:    A may host P;\n"
      "    clause yyyy: B may host P;\n"
      "    void X.a;\n"
      "    clause z: A may sell P;\n"
      "  }\n"
      "}\n";
  fmt_is(text, want);
}

/* An own-line comment stays right above what it preceded, with the blank
 * line before it that the author left, at that statement's indentation;
 * at the end of a block it stays in the block. */
static void test_print_comments_stay_in_place(void) {
  fmt_is("# header\n\n\n"
         "# about A\nparty A;\n"
         "party B;\n\n"
         "   # about host, indented oddly\n"
         "action host;\naction sell;\nproduct P;\n\n"
         "agreement X between A, B signed 2020-01-01 {\n"
         "# about a\n"
         "  clause a: A may host P;\n\n"
         "      # the end of X\n"
         "}\n"
         "# about D\n"
         "dispute D {\n"
         "  # about the plaintiff\n"
         "  plaintiff A;\n\n"
         "  # about o\n"
         "  outcome o {\n"
         "    # about the void\n"
         "    void X.a;\n"
         "    # the end of o\n"
         "  }\n"
         "  outcome p {\n"
         "    # only a comment\n"
         "  }\n"
         "  # the end of D\n"
         "}\n\n"
         "# the end of the file\n",
         "# header\n\n"
         "# about A\nparty A;\n"
         "party B;\n\n"
         "# about host, indented oddly\n"
         "action host;\naction sell;\nproduct P;\n\n"
         "agreement X between A, B signed 2020-01-01 {\n"
         "  # about a\n"
         "  clause a: A may host P;\n\n"
         "  # the end of X\n"
         "}\n"
         "# about D\n"
         "dispute D {\n"
         "  # about the plaintiff\n"
         "  plaintiff A;\n\n"
         "  # about o\n"
         "  outcome o {\n"
         "    # about the void\n"
         "    void X.a;\n"
         "    # the end of o\n"
         "  }\n"
         "  outcome p {\n"
         "    # only a comment\n"
         "  }\n"
         "  # the end of D\n"
         "}\n\n"
         "# the end of the file\n");
}

static void test_print_trailing_comments_stay_on_their_line(void) {
  fmt_is("party A;    # after A\n"
         "party B;\naction host; product P;  # after P\n"
         "agreement X between A, B signed 2020-01-01 {   # after {\n"
         "  clause a: A may host\n"
         "    P;  # after a, on its second line\n"
         "}  # after }\n"
         "expect A may host P;# tight\n",
         "party A;  # after A\n"
         "party B;\naction host;\nproduct P;  # after P\n"
         "agreement X between A, B signed 2020-01-01 {  # after {\n"
         "  clause a: A may host P;  # after a, on its second line\n"
         "}  # after }\n"
         "expect A may host P;  # tight\n");
}

/* plaintiff, defendants and claim come where the author put them. */
static void test_print_dispute_items_in_author_order(void) {
  const char *text =
      DECLS "dispute D {\n  claim \"c\";\n  outcome o { }\n"
      "  defendants B;\n  plaintiff A;\n}\n";
  const char *want =
      DECLS_OUT
      "dispute D {\n  claim \"c\";\n  outcome o {\n  }\n"
      "  defendants B;\n  plaintiff A;\n}\n";
  fmt_is(text, want);
}

/* A file with CRLF line ends prints as with LF: blank lines of a CR and
 * blanks are blank, no CR is left at the end of a comment. */
static void test_print_crlf_as_lf(void) {
  fmt_is("# c\r\nparty A;  # t\r\n\r\n \r\n\t\r\r\nparty B;\r\n",
         "# c\nparty A;  # t\n\nparty B;\n");
}

static void test_print_no_newline_at_end(void) {
  fmt_is("party A;\n\nparty B;", "party A;\n\nparty B;\n");
  fmt_is("party A;\n\n# last", "party A;\n\n# last\n");
  fmt_is("party A;  # last", "party A;  # last\n");
  fmt_is("", "");
  fmt_is("\n\n# only a comment\n\n", "# only a comment\n");
}

/* Printed from the tree alone (:show, a program read without its
 * layout): a blank line between statements of different kinds, and
 * before a dispute's outcomes. */
static void test_print_without_layout(void) {
  T *t = t_load("party A; party Bb \"b\";\n\n\naction host; product P;\n"
                "dispute D { plaintiff A; outcome o { } }\n");
  CU_ASSERT(t->resolve_ok);
  StrBuf b;
  sb_init(&b);
  PrintOpts o = {-1, true};  /* comments asked, none recorded */
  print_program(&b, t->p, &o);
  CU_ASSERT_STRING_EQUAL(b.s, "party A;\nparty Bb \"b\";\n\naction host;\n\n"
                              "product P;\n\ndispute D {\n  plaintiff A;\n\n"
                              "  outcome o {\n  }\n}\n");
  sb_free(&b);
  t_free(t);
}

/* :save prints every file in load order: each file's comments and blank
 * lines, and between files a blank line where the kind changes. */
static void test_print_several_files(void) {
  T *t = t_parse_layout("# the file\nparty A;\n\n\nparty Bb \"b\";  # B\n"
                        "action host;\nproduct P;\n# its end\n");
  CU_ASSERT(parse_string(t->p, "<input-1>", "party C \"c\";  # typed\n",
                         strlen("party C \"c\";  # typed\n"), true, NULL,
                         NULL));
  CU_ASSERT(parse_string(t->p, "<input-2>", "expect C may host P;\n",
                         strlen("expect C may host P;\n"), true, NULL, NULL));
  t_finish(t);
  CU_ASSERT(t->resolve_ok);
  StrBuf b;
  sb_init(&b);
  PrintOpts o = {-1, true};
  print_program(&b, t->p, &o);
  CU_ASSERT_STRING_EQUAL(b.s, "# the file\nparty A;\n\nparty Bb \"b\";  # B\n"
                              "action host;\nproduct P;\n# its end\n\n"
                              "party C \"c\";  # typed\n\n"
                              "expect C may host P;\n");
  sb_free(&b);
  t_free(t);
}

/* :save puts an included file where its include was, its comments with
 * it; a comment after the include (whose line is not printed) goes above
 * the file.  deal fmt prints the include itself, the comment after it. */
static void test_print_save_inlines_includes(void) {
  char dir[] = "/tmp/deal_print_XXXXXX", main_path[64], inc_path[64];
  CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
  snprintf(main_path, sizeof main_path, "%s/main.deal", dir);
  snprintf(inc_path, sizeof inc_path, "%s/common.deal", dir);
  CU_ASSERT(t_write(inc_path, "# common\nparty A \"a\";\nparty Bb \"b\";\n"
                              "# its end\n"));
  CU_ASSERT(t_write(main_path, "# main\n\n# the parties\n"
                               "include \"common.deal\";  # shared\n\n"
                               "action host;\n"));
  T *t = calloc(1, sizeof *t);
  t->out = open_memstream(&t->outbuf, &t->outlen);
  diag_init(&t->d, t->out, false);
  t->p = parse_program_new(&t->d);
  t->p->keep_comments = true;
  t->parse_ok = parse_file(t->p, main_path);
  t_finish(t);
  CU_ASSERT(t->resolve_ok);
  StrBuf b;
  sb_init(&b);
  PrintOpts save = {-1, true}, fmt_main = {0, true};
  print_program(&b, t->p, &save);
  CU_ASSERT_STRING_EQUAL(b.s, "# main\n\n# the parties\n# shared\n\n"
                              "# common\nparty A  \"a\";\nparty Bb \"b\";\n"
                              "# its end\n\naction host;\n");
  sb_free(&b);
  print_program(&b, t->p, &fmt_main);
  CU_ASSERT_STRING_EQUAL(b.s, "# main\n\n# the parties\n"
                              "include \"common.deal\";  # shared\n\n"
                              "action host;\n");
  sb_free(&b);
  t_free(t);
  unlink(inc_path);
  unlink(main_path);
  rmdir(dir);
}

static const UnitTest tests[] = {
    UNIT_TEST(test_print_blank_lines_collapsed),
    UNIT_TEST(test_print_no_blank_line_where_the_author_had_none),
    UNIT_TEST(test_print_no_blank_line_at_block_edges),
    UNIT_TEST(test_print_party_columns_in_runs),
    UNIT_TEST(test_print_product_columns_in_runs),
    UNIT_TEST(test_print_clause_columns_in_runs),
    UNIT_TEST(test_print_comments_stay_in_place),
    UNIT_TEST(test_print_trailing_comments_stay_on_their_line),
    UNIT_TEST(test_print_dispute_items_in_author_order),
    UNIT_TEST(test_print_crlf_as_lf),
    UNIT_TEST(test_print_no_newline_at_end),
    UNIT_TEST(test_print_without_layout),
    UNIT_TEST(test_print_several_files),
    UNIT_TEST(test_print_save_inlines_includes),
};

UNIT_MAIN("print", tests)
