/* embed.c — using the deal engine from C through its one public header.
 *
 *   cc -Isrc examples/embed.c build/libdeal.a -o embed
 *   ./embed [FILE]        (default: scenarios/openai-cloud.deal)
 *
 * It loads a scenario (and a broken one from a string, to show the
 * diagnostics), asks one check with its explanation, and when another
 * holds over time, walks the statuses,
 * markets and flows of one world, and prints the diff of two worlds.
 * It exits non-zero when anything is not as expected, so `make check`
 * runs it as a test. */
#include <stdio.h>
#include <string.h>

#include "deal.h"

static int failures;

#define EXPECT(cond)                                                          \
  do {                                                                        \
    if (!(cond)) {                                                            \
      fprintf(stderr, "embed: %s:%d: expected %s\n", __FILE__, __LINE__,     \
              #cond);                                                         \
      failures++;                                                             \
    }                                                                         \
  } while (0)

static int print_status(void *arg, const deal_status_info *s) {
  int *n = arg;
  ++*n;
  printf("  %s %s%s%s %s: %s\n", s->party ? s->party : "(others)", s->action,
         s->prep ? " " : "", s->prep ? s->prep : "", s->object, s->status);
  return 0;
}

static int print_market(void *arg, const deal_market_info *m) {
  int *n = arg;
  ++*n;
  printf("  %s %s:", m->action, m->product);
  for (size_t i = 0; i < m->npermitted; i++)
    printf("%s %s", i ? "," : "", m->permitted[i]);
  if (m->others_permitted) printf(" and every other party");
  for (size_t i = 0; i < m->namong; i++)
    if (m->among_exclusive[i])
      printf(" (exclusive among %s: %s)", m->among[i], m->among_exclusive[i]);
  printf("\n");
  return 0;
}

static int print_flow(void *arg, const deal_flow_info *f) {
  long long *implied = arg;
  printf("  %-28s %s\n", f->clause, f->text);
  if (!strcmp(f->kind, "owns") && f->implied_valuation_cents >= 0)
    *implied = f->implied_valuation_cents;
  return 0;
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "scenarios/openai-cloud.deal";

  /* 1. diagnostics of a scenario with an error, loaded from a string */
  const char *bad = "party Acme;\nparty Beta;\nagreement L between Acme, Btea "
                    "signed 2025-01-01 { }\n";
  deal_scenario *b = deal_load_string("bad.deal", bad, strlen(bad), NULL);
  EXPECT(b && !deal_ok(b));
  for (size_t i = 0; b && i < deal_diagnostic_count(b); i++) {
    const deal_diagnostic *d = deal_diagnostic_at(b, i);
    printf("%s:%u:%u: %s: %s\n", d->file, d->line, d->column,
           d->is_error ? "error" : "warning", d->message);
  }
  EXPECT(b && deal_diagnostic_count(b) >= 1);
  deal_free(b);

  /* 2. a real scenario */
  deal_scenario *s = deal_load_file(path, NULL);
  if (!s || !deal_ok(s)) {
    fprintf(stderr, "embed: %s has errors\n", path);
    deal_free(s);
    return 1;
  }

  /* 3. one check, with its explanation */
  deal_answer a;
  int holds = deal_ask(s, NULL,
                       "Amazon may host StatefulRuntime under microsoft_wins", &a);
  printf("Amazon may host StatefulRuntime under microsoft_wins? %s\n%s",
         holds == 1 ? "yes" : holds == 0 ? "no" : "error", a.explanation);
  EXPECT(holds == 0);
  deal_answer_free(&a);
  holds = deal_ask(s, NULL, "Amazn may host StatefulRuntime", &a);
  EXPECT(holds == -1 && strstr(a.explanation, "Amazon"));
  deal_answer_free(&a);

  /* 3b. over time: when the check holds, and why each period ends */
  deal_when wh;
  long np = deal_when_ask(s, NULL, "only Microsoft among clouds may use ModelIP",
                          &wh);
  printf("when only Microsoft among clouds may use ModelIP: %s\n",
         wh.answer ? wh.answer : "error");
  EXPECT(np == 1 && !strcmp(wh.answer, "2025-10-28 to 2032-12-31"));
  for (long i = 0; i < np; i++) {
    const deal_period *p = &wh.periods[i];
    for (size_t k = 0; k < p->nends; k++)
      printf("  ends: %s (%s %s, %s:%u)\n", p->ends[k].clause, p->ends[k].date,
             p->ends[k].written, p->ends[k].file, p->ends[k].line);
    EXPECT(p->nends == 1 && !strcmp(p->ends[0].date, "until"));
  }
  deal_when_free(&wh);
  np = deal_when_ask(s, NULL, "when OpenAI shares 25% of revenue from clouds "
                     "with Microsoft under settlement", &wh);
  EXPECT(np == 1 && !strcmp(wh.answer, "from 2026-04-01") &&
         wh.periods[0].nstarts == 1 &&
         !strcmp(wh.periods[0].starts[0].amended_by, "settlement"));
  deal_when_free(&wh);

  /* 4. one world: statuses, markets, flows */
  char err[256];
  deal_world *w = deal_world_open(s, "microsoft_wins", NULL, err, sizeof err);
  EXPECT(w != NULL);
  if (w) {
    int n = 0;
    printf("\nkeys a clause covers in %s:\n", deal_world_name(w));
    deal_each_status(w, 1, print_status, &n);
    EXPECT(n > 0);
    n = 0;
    printf("markets:\n");
    deal_each_market(w, print_market, &n);
    EXPECT(n > 0);
    long long implied = -1;
    printf("flows:\n");
    deal_each_flow(w, print_flow, &implied);
    EXPECT(implied == 50000000000000LL);  /* $135B / 27% = $500B */
    /* asked in this world: the check names no `under` */
    holds = deal_ask(s, w, "Amazon may not host StatefulRuntime", &a);
    EXPECT(holds == 1);
    deal_answer_free(&a);
    deal_world_close(w);
  }
  EXPECT(deal_world_open(s, "no_such_outcome", NULL, err, sizeof err) == NULL);
  printf("a bad world: %s\n", err);

  /* 5. a report, as the command line prints it */
  printf("\n");
  long diffs = deal_diff(s, "status_quo", "microsoft_wins", NULL, stdout, err,
                         sizeof err);
  EXPECT(diffs > 0);
  deal_free(s);
  if (failures) fprintf(stderr, "embed: %d failures\n", failures);
  return failures ? 1 : 0;
}
