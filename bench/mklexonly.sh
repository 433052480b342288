#!/bin/sh
# mklexonly.sh — derive a bare token-counting scanner from grammar/deal.l.
#
#   sh bench/mklexonly.sh grammar/deal.l > bench/lexonly.l
#
# Keeps deal.l's name definitions and every rule's pattern, in order, and
# replaces each action with a count of what the action would have produced
# (keyword, identifier, literal, string, comment, punctuation, bad input,
# newline, blank).  No parser, no locations, no validation.  An action the
# script cannot classify stops the generation, so a new kind of rule in
# deal.l must be taught here instead of being miscounted silently.
#
# deal.l matches the keywords with its rule for words of lower-case
# letters, and word() tells them from identifiers with keyword_index
# (build/keywords.h, generated from src/keywords.def): the floor does the
# same, so it is compiled with -I build.
set -eu
src=${1:-grammar/deal.l}
[ -r "$src" ] || { echo "mklexonly: cannot read $src" >&2; exit 1; }

body=$(awk -v SRC="$src" '
function fail(msg) { printf "mklexonly: %s:%d: %s\n", SRC, NR, msg > "/dev/stderr"; bad = 1; exit 1 }

# Length of the pattern at the start of s: up to the first blank that is not
# inside "...", [...] or escaped.
function patlen(s,    i, c, inq, inb, n) {
  n = length(s); inq = 0; inb = 0
  for (i = 1; i <= n; i++) {
    c = substr(s, i, 1)
    if (c == "\\") { i++; continue }
    if (inq) { if (c == "\"") inq = 0; continue }
    if (inb) { if (c == "]" && i > inb + 1 && !(i == inb + 2 && substr(s, inb + 1, 1) == "^")) inb = 0; continue }
    if (c == "\"") { inq = 1; continue }
    if (c == "[") { inb = i; continue }
    if (c == " " || c == "\t") return i - 1
  }
  return n
}

# Brace depth change of a line of C, skipping strings, chars and comments.
function braces(s,    i, c, n, d, q) {
  n = length(s); d = 0; q = ""
  for (i = 1; i <= n; i++) {
    c = substr(s, i, 1)
    if (q != "") { if (c == "\\") i++; else if (c == q) q = ""; continue }
    if (c == "\"" || c == "\047") { q = c; continue }
    if (c == "/" && substr(s, i + 1, 1) == "*") { j = index(substr(s, i + 2), "*/"); if (!j) return d; i += j + 2; continue }
    if (c == "/" && substr(s, i + 1, 1) == "/") return d
    if (c == "{") d++
    else if (c == "}") d--
  }
  return d
}

function classify(pat, act) {
  if (pat == "<<EOF>>") return "EOF"
  if (act ~ /return[ \t]+KW_/) return "KEYWORD"
  if (act ~ /(^|[^A-Za-z0-9_])word[ \t]*\(/) return "WORD"
  if (act ~ /lex_ident[ \t]*\(/) return "IDENT"
  if (act ~ /lex_literal[ \t]*\(/) return "LITERAL"
  if (act ~ /lex_string[ \t]*\(/) return "STRING"
  if (act ~ /lex_comment[ \t]*\(/) return "COMMENT"
  if (act ~ /lex_paren[ \t]*\(/ || act ~ /return[ \t]+\047/ || act ~ /return[ \t]+yytext\[/) return "PUNCT"
  if (act ~ /lex_error[ \t]*\(/ || act ~ /lex_bad_char[ \t]*\(/) return "BAD"
  if (act ~ /line[ \t]*\+\+/) return "NEWLINE"
  if (act ~ /^\{[ \t]*\}$/ || act == ";") return "BLANK"
  return ""
}

function emit(pat, act,    k) {
  if (act == "|") { printf "%s |\n", pat; return }
  k = classify(pat, act)
  if (k == "") fail("cannot classify the action of rule " pat ": " act)
  nrules++; kinds[k]++
  if (k == "EOF") printf "%-24s { return 0; }\n", pat
  else if (k == "BLANK") printf "%-24s { }\n", pat
  else if (k == "WORD") printf "%-24s { count_word(yytext, (size_t)yyleng); }\n", pat
  else printf "%-24s { n_%s++; }\n", pat, k
}

BEGIN { sect = 1; incode = 0; intop = 0; incomment = 0; inact = 0 }

# section 1: name definitions only
sect == 1 {
  if ($0 ~ /^%%/) { sect = 2; print ""; print "%%"; print ""; next }
  if (incode) { if ($0 ~ /^%\}/) incode = 0; next }
  if (intop) { if ($0 ~ /^\}/) intop = 0; next }
  if ($0 ~ /^%\{/) { incode = 1; next }
  if ($0 ~ /^%top\{/) { intop = 1; next }   # %top{ ... }: code, dropped
  if (incomment) { if (index($0, "*/")) incomment = 0; next }
  if ($0 ~ /^\/\*/) { if (!index(substr($0, 3), "*/")) incomment = 1; next }
  if ($0 ~ /^%/ || $0 ~ /^[ \t]*$/ || $0 ~ /^[ \t]/) next
  if ($0 ~ /^[A-Za-z_][A-Za-z0-9_-]*[ \t]/) { print; next }
  fail("unexpected line in the definitions: " $0)
}

# section 2: rules
sect == 2 {
  if (inact) {
    act = act " " $0; depth += braces($0)
    if (depth <= 0) { inact = 0; emit(pat, act) }
    next
  }
  if (incode) { if ($0 ~ /^%\}/) incode = 0; next }
  if ($0 ~ /^%%/) { sect = 3; next }
  if ($0 ~ /^%\{/) { incode = 1; next }
  if ($0 ~ /^[ \t]*$/ || $0 ~ /^[ \t]/) next   # blank or indented code
  n = patlen($0)
  pat = substr($0, 1, n)
  act = substr($0, n + 1); sub(/^[ \t]+/, "", act); sub(/[ \t]+$/, "", act)
  if (act == "") fail("rule without an action: " pat)
  if (substr(act, 1, 1) == "{") {
    depth = braces(act)
    if (depth > 0) { inact = 1; next }
  }
  emit(pat, act)
  next
}

END {
  if (bad) exit 1
  if (sect < 3) { printf "mklexonly: %s: no complete rules section\n", SRC > "/dev/stderr"; exit 1 }
  if (!kinds["WORD"] || !kinds["IDENT"] || !kinds["EOF"]) { printf "mklexonly: %s: no word, identifier or EOF rule found\n", SRC > "/dev/stderr"; exit 1 }
}
' "$src") || exit 1

# deal.l's table options (full tables, equivalence classes...), so that the
# floor is the same automaton deal runs
tables=$(sed -n 's/^%option[ \t]//p' "$src" | tr ' \t' '\n\n' |
         grep -E '^(full|fast|ecs|meta-ecs|align|read)$' | tr '\n' ' ' |
         sed 's/ $//')

{
cat <<HDR
/* lexonly.l — GENERATED by bench/mklexonly.sh from $src; do not edit.
 *
 * The token rules and table options of deal.l with every action replaced
 * by a count: a bare flex scanner (no parser, no locations, no validation)
 * that reads the whole file into memory first and scans it in place with
 * yy_scan_buffer (deal reads in blocks as it scans: the floor leaves the
 * reading out).  Words are told apart from keywords with deal's generated
 * keyword_index (build/keywords.h), as deal does.  Prints the counts; used
 * by bench/run.sh as the lexing floor. */
%option reentrant noyywrap nounput noinput
%option nodefault warn 8bit batch never-interactive $tables

%{
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keywords.h"

static unsigned long long n_KEYWORD, n_IDENT, n_LITERAL, n_STRING, n_COMMENT,
    n_PUNCT, n_BAD, n_NEWLINE;

/* A word of lower-case letters: a keyword if it is in the table of
 * src/keywords.def, as in deal (word() in deal.l), else an identifier.  Its rule
 * takes the blanks before it. */
static void count_word(const char *s, size_t n) {
  while (*s == ' ' || *s == '\t' || *s == '\r') s++, n--;
  int k = keyword_index(s, n);
  n_KEYWORD += k >= 0;
  n_IDENT += k < 0;
}
%}

HDR
printf "%s\n\n" "$body"
cat <<'TAIL'
%%

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: lexonly FILE\n");
    return 2;
  }
  int fd = open(argv[1], O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    fprintf(stderr, "lexonly: %s: %s\n", argv[1], strerror(errno));
    return 2;
  }
  /* the whole file plus the two NULs yy_scan_buffer wants, as deal reads it */
  size_t cap = (size_t)st.st_size + 2, n = 0;
  char *buf = malloc(cap);
  if (!buf) return 2;
  for (;;) {
    if (cap - n < 3) {
      cap *= 2;
      if (!(buf = realloc(buf, cap))) return 2;
    }
    ssize_t r = read(fd, buf + n, cap - n - 2);
    if (r < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "lexonly: %s: %s\n", argv[1], strerror(errno));
      return 2;
    }
    if (r == 0) break;
    n += (size_t)r;
  }
  close(fd);
  buf[n] = buf[n + 1] = 0;
  char *text = buf;
  if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
    text += 3;
    n -= 3;
  }
  yyscan_t sc;
  if (yylex_init(&sc) != 0) return 2;
  YY_BUFFER_STATE b = yy_scan_buffer(text, n + 2, sc);
  if (!b) return 2;
  while (yylex(sc) != 0) {
  }
  yy_delete_buffer(b, sc);
  yylex_destroy(sc);
  free(buf);
  unsigned long long tokens = n_KEYWORD + n_IDENT + n_LITERAL + n_STRING + n_PUNCT;
  printf("tokens %llu keywords %llu identifiers %llu literals %llu strings %llu "
         "punctuation %llu comments %llu bad %llu lines %llu\n",
         tokens, n_KEYWORD, n_IDENT, n_LITERAL, n_STRING, n_PUNCT, n_COMMENT,
         n_BAD, n_NEWLINE);
  return 0;
}
TAIL
}
