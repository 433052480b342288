/* test_timeline: the timeline (src/timeline.c) against the simple
 * evaluation, and its report in one thread and several.
 *
 * timeline.c reads every slot in the first world and, in the others,
 * only the slots their outcomes can change, a batch of chunks at a time
 * in threads, one evaluation per interval between the slot's change
 * dates.  Here every period it reports is asked again the simple way —
 * eval_key on a world built afresh at the period's first and last day —
 * for every party of the slot and some it does not name; neighbouring
 * periods must differ; a slot it leaves out of the first world must have
 * no key whose status changes; and a slot another world does not keep
 * must read there as in the first world, on each of its change days. */
#include <unistd.h>

#include "report.h"
#include "timeline.h"
#include "unit.h"

typedef struct Oracle {
  T *t;
  World **ws;
  uint32_t nw;
  EvalScratch x;
  KeyResult k;
  long bad, periods, flows;
  uint8_t *reported;        /* per slot key seen (first world): index in keys */
  uint64_t *keys;
  uint32_t nkeys;
} Oracle;

static void differ(Oracle *o, const char *what) {
  if (o->bad++ < 8) fprintf(stderr, "\n  timeline: %s", what);
}

static uint8_t status_at(Oracle *o, uint32_t k, int32_t q, const RunSlot *s,
                         int32_t day) {
  World *w = world_new(o->t->m, o->ws[k]->chosen, o->ws[k]->nchosen, day);
  eval_key(w, &o->x, q, s->act, s->obj, &o->k);
  world_free(w);
  return (uint8_t)((uint8_t)o->k.st | (o->k.by_default ? 0 : RUN_COVERED));
}

/* A party the slot does not name (-1 if every party is named). */
static int32_t unnamed(const Program *p, const RunSlot *s) {
  for (int32_t q = 0; (uint32_t)q < p->nparties; q++) {
    bool named = false;
    for (uint32_t j = 0; j < s->np; j++) named |= rundata_slot_parties(s)[j] == q;
    if (!named) return q;
  }
  return -1;
}

static void check_slot(Oracle *o, const TlSlot *ts) {
  Program *p = o->t->p;
  const RunSlot *s = ts->s;
  int32_t rest = unnamed(p, s);
  for (uint32_t i = 0; i < ts->npd; i++) {
    const Period *pd = &ts->pd[i];
    const uint8_t *st = rundata_slot_st(s, i);
    int32_t days[2] = {pd->from ? pd->from : 19000101, pd->to ? pd->to : 99991231};
    o->periods++;
    for (uint32_t j = 0; j <= s->np; j++) {
      int32_t q = j < s->np ? rundata_slot_parties(s)[j] : rest;
      if (q < 0) continue;
      for (int e = 0; e < 2; e++)
        if (status_at(o, ts->world, q, s, days[e]) != st[j]) {
          char b[300];
          snprintf(b, sizeof b, "%s %s %s in %s on %d: %d, period says %d",
                   p->parties[q]->h.name->s, s->act->h.name->s, s->obj->name->s,
                   o->ws[ts->world]->name, days[e], o->k.st, st[j]);
          differ(o, b);
        }
    }
    if (i && !memcmp(st, rundata_slot_st(s, i - 1), s->np + 1)) differ(o, "periods not maximal");
    if (i && pd->from != lit_day_next(ts->pd[i - 1].to)) differ(o, "periods not consecutive");
  }
  if (ts->npd && (ts->pd[0].from || ts->pd[ts->npd - 1].to)) differ(o, "periods not the whole calendar");
}

/* In a worker's thread: the oracle runs with one thread. */
static void on_slot(void *arg, uint32_t worker, StrBuf *out, const TlSlot *s) {
  Oracle *o = arg;
  (void)out;
  CU_ASSERT_EQUAL(worker, 0);
  CU_ASSERT_PTR_NULL(s->first);
  CU_ASSERT_EQUAL(s->world, 0);
  check_slot(o, s);
  uint64_t key = rundata_slot_key(s->s);
  for (uint32_t i = 0; i < o->nkeys; i++)
    if (o->keys[i] == key) o->reported[i] = 1;
}

/* A slot left out: the status of each of its keys is the same on every
 * change day (and the day before) in world k as on the first. */
static void check_constant(Oracle *o, uint32_t k, uint64_t key,
                           const World *ref, uint32_t kref) {
  Program *p = o->t->p;
  const Action *a = p->actions[model_slot_action(key)];
  const Decl *obj = model_slot_object(p, key & ((1ull << 33) - 1));
  WhenChanges ch = {0};
  when_slot_changes(o->ws[k], key, &ch);
  if (ref) when_slot_changes(ref, key, &ch);
  when_changes_sort(&ch);
  RunSlot s = {0};
  s.act = a;
  s.obj = obj;
  for (uint32_t q = 0; q < p->nparties; q++) {
    uint8_t first = status_at(o, kref, (int32_t)q, &s, 19000101);
    for (uint32_t i = 0; i < ch.n; i++) {
      int32_t d[2] = {ch.v[i].day, lit_day_prev(ch.v[i].day)};
      for (int e = 0; e < 2; e++) {
        uint8_t got = status_at(o, k, (int32_t)q, &s, d[e]);
        bool same = ref ? got == status_at(o, kref, (int32_t)q, &s, d[e])
                        : (got & 3) == (first & 3);
        if (!same) {
          char b[300];
          snprintf(b, sizeof b, "%s %s %s left out of %s, but it changes on %d",
                   p->parties[q]->h.name->s, a->h.name->s, obj->name->s,
                   o->ws[k]->name, d[e]);
          differ(o, b);
        }
      }
    }
  }
  when_changes_free(&ch);
}

static int cmp_day(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

static const TlFlow *flow_in(const TlWorld *tw, const Clause *c, const Body *b) {
  for (uint32_t i = 0; i < tw->nflows; i++)
    if (tw->flows[i].c == c && tw->flows[i].b == b) return &tw->flows[i];
  return NULL;
}

/* Every flow clause in every world, on each day a flow's window starts
 * or ends and the day before: active there, asked of a world built on
 * that day, exactly when the timeline has it in a period holding the day
 * (a world after the first: its own entry, else the first world's). */
static void check_flows(Oracle *o, const Timeline *tl) {
  Program *p = o->t->p;
  WhenChanges ch = {0};
  for (uint32_t k = 0; k < o->nw; k++) {
    World *w = world_new(o->t->m, o->ws[k]->chosen, o->ws[k]->nchosen, 0);
    for (uint32_t i = 0; i < p->nclauses; i++) {
      View v;
      world_view(w, p->clauses[i], &v);
      if (v.b->is_flow) when_clause_changes(p->clauses[i], &v, &ch);
    }
    world_free(w);
  }
  int32_t *days = malloc((2 * ch.n + 1) * sizeof *days);
  uint32_t nd = 0;
  days[nd++] = 19000101;
  for (uint32_t i = 0; i < ch.n; i++) {
    days[nd++] = ch.v[i].day;
    days[nd++] = lit_day_prev(ch.v[i].day);
  }
  qsort(days, nd, sizeof *days, cmp_day);
  for (uint32_t k = 0; k < o->nw; k++)
    for (uint32_t i = 0; i < nd; i++) {
      if (i && days[i] == days[i - 1]) continue;
      World *w = world_new(o->t->m, o->ws[k]->chosen, o->ws[k]->nchosen, days[i]);
      for (uint32_t c = 0; c < p->nclauses; c++) {
        View v;
        world_view(w, p->clauses[c], &v);
        if (!v.b->is_flow) continue;
        const TlFlow *f = k ? flow_in(&tl->worlds[k], p->clauses[c], v.b) : NULL;
        if (!f) f = flow_in(&tl->worlds[0], p->clauses[c], v.b);
        bool listed = false;
        for (uint32_t j = 0; f && j < f->npd; j++)
          listed |= (!f->pd[j].from || f->pd[j].from <= days[i]) &&
                    (!f->pd[j].to || days[i] <= f->pd[j].to);
        if (listed != (v.fate == FATE_ACTIVE)) {
          char b[300];
          snprintf(b, sizeof b, "flow on line %u in %s on %d: %s, the timeline says %s",
                   p->clauses[c]->loc.line, o->ws[k]->name, days[i],
                   v.fate == FATE_ACTIVE ? "active" : "silent",
                   listed ? "active" : "silent");
          differ(o, b);
        }
        o->flows++;
      }
      world_free(w);
    }
  free(days);
  when_changes_free(&ch);
}

/* The timeline of the scenario t (freed here), every world of one
 * outcome, against eval_key; min: the periods it must at least check. */
static void oracle_of(T *t, const char *what, long min) {
  Oracle o = {t};
  CU_ASSERT_PTR_NOT_NULL_FATAL(o.t->m);
  Program *p = o.t->p;
  o.ws = calloc(p->noutcomes + 1, sizeof *o.ws);
  o.ws[o.nw++] = t_world(o.t, NULL, 0);
  for (uint32_t i = 0; i < p->noutcomes; i++) {
    char err[400];
    if (world_check_choice(&p->outcomes[i], 1, err, sizeof err))
      o.ws[o.nw++] = world_new(o.t->m, &p->outcomes[i], 1, resolve_default_date(p));
  }
  o.keys = rundata_all_keys(o.t->m, o.ws, o.nw, &o.nkeys);
  o.reported = calloc(o.nkeys + 1, 1);
  Timeline *tl = timeline_new(o.t->m, o.ws, o.nw, NULL);
  t_threads(1, 0);
  TlSink sink = {on_slot, NULL, &o};
  timeline_build(tl, &sink);
  t_threads(2, 0);
  check_flows(&o, tl);
  CU_ASSERT(tl->nslots == o.nkeys);
  CU_ASSERT(tl->nspans > tl->nslots);  /* dates were read */
  /* the first world: what is left out does not change */
  uint32_t left = 0;
  for (uint32_t i = 0; i < o.nkeys && left < 60; i++)
    if (!o.reported[i]) {
      check_constant(&o, 0, o.keys[i], NULL, 0);
      left++;
    }
  /* every other world: what it keeps, and a sample of what it does not */
  uint32_t kept = 0;
  for (uint32_t k = 1; k < o.nw; k++) {
    const TlWorld *tw = &tl->worlds[k];
    for (uint32_t i = 0; i < tw->nslots; i++, kept++) {
      CU_ASSERT_PTR_NOT_NULL_FATAL(tw->slots[i].first);
      check_slot(&o, &tw->slots[i]);
      check_slot(&o, tw->slots[i].first);
    }
    for (uint32_t i = k; i < o.nkeys; i += 7) {
      bool is_kept = false;
      for (uint32_t s = 0; s < tw->nslots; s++)
        is_kept |= rundata_slot_key(tw->slots[s].s) == o.keys[i];
      if (!is_kept) check_constant(&o, k, o.keys[i], o.ws[0], 0);
    }
  }
  if (getenv("UNIT_VERBOSE"))
    fprintf(stderr, "\n  %s: %u slots, %llu intervals, %ld periods checked, "
            "%u kept in other worlds\n", what, o.nkeys,
            (unsigned long long)tl->nspans, o.periods, kept);
  if (getenv("UNIT_VERBOSE")) fprintf(stderr, "  %ld flow readings\n", o.flows);
  CU_ASSERT(o.periods >= min);
  CU_ASSERT(o.flows > 0);
  CU_ASSERT_EQUAL(o.bad, 0);
  timeline_free(tl);
  for (uint32_t k = 0; k < o.nw; k++) world_free(o.ws[k]);
  free(o.ws);
  mem_free(o.keys);
  free(o.reported);
  eval_key_free(&o.k);
  eval_scratch_free(&o.x);
  t_free(o.t);
}

static void oracle_on(const char *args) {
  size_t len;
  char *text = t_gen(args, &len);
  T *t = t_load_len(text, len);
  free(text);
  oracle_of(t, args, 100);
}

static void test_timeline_against_keys(void) {
  oracle_on("--clauses 500 --seed 11 --disputes 2");
  oracle_on("--clauses 500 --seed 12 --tangle --disputes 3");
  oracle_on("--clauses 300 --seed 13 --shape many-parties --disputes 2");
}

/* `overrides` within one slot, where counting the norms would be wrong:
 * a party's own norm that defeats another of its key (g2 over g1, from
 * 2022), an `only` on every party that defeats a grant of the same slot
 * (x2 over g3: the slot is not counted), and one whose chain leads out
 * of the slot (x1 over f: counted); and an outcome whose order is above
 * them all for a while and whose amendments move dates (of a flow too)
 * and void a flow. */
static void test_timeline_overrides_in_a_slot(void) {
  T *t = t_load(
      "party A; party B; party C; party D; action sell; action host;\n"
      "product W owned by A; product V owned by A;\n"
      "agreement L between A, B, C signed 2020-01-01 {\n"
      "  clause g1: B may sell W from 2021-01-01;\n"
      "  clause g2: B may not sell W from 2022-01-01 until 2024-12-31 overrides g1;\n"
      "  clause c1: C may sell W from 2023-06-01;\n"
      "  clause f: D may host V;\n"
      "  clause x1: only C may sell W from 2025-01-01 until 2027-12-31 overrides f;\n"
      "  clause g3: B may sell V from 2021-03-01;\n"
      "  clause g4: D must sell V until 2026-12-31;\n"
      "  clause x2: only C may sell V from 2022-01-01 until 2028-12-31 overrides g3;\n"
      "  clause fee: B pays A $1M from 2021-01-01 until 2025-12-31;\n"
      "  clause rent: C pays A $2M;\n"
      "}\n"
      "dispute d { outcome o {\n"
      "  order B may not sell W from 2023-01-01 until 2023-12-31;\n"
      "  amend L.g2: B may not sell W from 2022-01-01 until 2029-12-31 overrides g1;\n"
      "  amend L.fee: B pays A $1M from 2021-01-01 until 2023-12-31;\n"
      "  void L.rent;\n"
      "} }\n");
  oracle_of(t, "overrides in a slot", 10);
}

/* The report in one thread and in two (every batch shared): the same
 * bytes, and the second thread really ran. */
static char *timeline_with_threads(const char *path, int threads,
                                   TimelineFormat fmt, bool all) {
  t_threads(threads, threads > 1 ? 2 : 0);
  uint64_t ran = par_helper_chunks();
  T *t = t_parse_file(path);
  t_finish(t);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  World *ws[64];
  uint32_t nw = t_report_worlds(t, ws, 64);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  ReportOpts ro = {false, all, path};
  report_timeline(f, t->m, ws, nw, fmt, &ro);
  fclose(f);
  if (threads > 1) {
    CU_ASSERT(par_helper_chunks() > ran);
  } else {
    CU_ASSERT_EQUAL(par_helper_chunks(), ran);
  }
  t_threads(2, 0);
  for (uint32_t i = 0; i < nw; i++) world_free(ws[i]);
  t_free(t);
  return buf;
}

static void test_timeline_two_threads_as_one(void) {
  const char *files[] = {"scenarios/openai-cloud.deal",
                         "tests/golden/many_worlds.deal"};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++)
    for (int fmt = 0; fmt < 3; fmt++) {
      char *one = timeline_with_threads(files[i], 1, (TimelineFormat)fmt, false);
      char *two = timeline_with_threads(files[i], 2, (TimelineFormat)fmt, false);
      CU_ASSERT(strlen(one) > 1000);
      CU_ASSERT_STRING_EQUAL(one, two);
      free(one);
      free(two);
    }
}

static uint32_t count_lines(const char *s) {
  uint32_t n = 0;
  for (; *s; s++) n += *s == '\n';
  return n;
}

/* The slots of a text timeline's first world: its lines of two spaces
 * and a name, up to its flows. */
static uint32_t slot_headings(const char *s) {
  uint32_t n = 0;
  for (const char *l = s; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
    if (!strncmp(l, "  Flows", 7)) break;
    n += l[0] == ' ' && l[1] == ' ' && l[2] != ' ' && strncmp(l, "  and ", 6) &&
         strncmp(l, "  every key", 11) && strncmp(l, "  under a period", 16) &&
         strncmp(l, "  > marks", 9);
  }
  return n;
}

/* A large timeline is cut (text and Markdown, without --all): the same
 * bytes in one thread as in two, though there the threads of the later
 * batches only count the slots; each world's slots within their 1,000
 * lines and the rest counted; with --all, whole, and the cut text its
 * beginning. */
static void test_timeline_cut_at_scale(void) {
  size_t len;
  char *text = t_gen("--clauses 70000 --seed 5 --shape many-parties --disputes 1", &len);
  char path[] = "/tmp/deal-timeline-XXXXXX";
  int fd = mkstemp(path);
  CU_ASSERT_FATAL(fd >= 0);
  CU_ASSERT_FATAL(write(fd, text, len) == (ssize_t)len);
  close(fd);
  free(text);
  for (int fmt = 0; fmt < 3; fmt += 2) {  /* text, Markdown */
    char *one = timeline_with_threads(path, 1, (TimelineFormat)fmt, false);
    char *two = timeline_with_threads(path, 2, (TimelineFormat)fmt, false);
    CU_ASSERT_STRING_EQUAL(one, two);
    CU_ASSERT_PTR_NOT_NULL(strstr(one, "more products and actions whose keys"));
    CU_ASSERT(count_lines(one) < 4 * (1000 + 200 + 20));
    if (fmt == TIMELINE_TEXT) {
      char *all = timeline_with_threads(path, 2, TIMELINE_TEXT, true);
      CU_ASSERT(count_lines(all) > 10 * count_lines(one));
      CU_ASSERT_PTR_NULL(strstr(all, "more products and actions"));
      /* the first world's slots: the cut text is where --all's begins */
      const char *cut = strstr(one, "  and ");
      CU_ASSERT_PTR_NOT_NULL_FATAL(cut);
      CU_ASSERT_EQUAL(strncmp(one, all, (size_t)(cut - one)), 0);
      /* and what it leaves out is counted: its slots and --all's agree */
      unsigned more = 0;
      CU_ASSERT_EQUAL(sscanf(cut, "  and %u more products", &more), 1);
      CU_ASSERT_EQUAL(slot_headings(one) + more, slot_headings(all));
      free(all);
    }
    free(one);
    free(two);
  }
  unlink(path);
}

/* A world after the first keeps only the slots and flows that differ,
 * each slot with the first world's beside it. */
static void test_timeline_worlds_keep_differences(void) {
  T *t = t_load(
      "party A; party B; action sell; product W owned by A; product V owned by A;\n"
      "agreement L between A, B signed 2025-01-01 {\n"
      "  clause w: B may sell W until 2026-12-31;\n"
      "  clause v: B may sell V;\n"
      "  clause fee: B pays A $1M until 2025-12-31;\n"
      "}\n"
      "dispute d { outcome o { amend L.w: B may sell W until 2027-12-31; } }\n");
  CU_ASSERT_PTR_NOT_NULL_FATAL(t->m);
  World *ws[2] = {t_world(t, NULL, 0), t_world(t, "o", 0)};
  Timeline *tl = timeline_new(t->m, ws, 2, NULL);
  Oracle o = {t};
  o.ws = ws;
  o.nw = 2;
  t_threads(1, 0);
  TlSink sink = {on_slot, NULL, &o};
  timeline_build(tl, &sink);
  t_threads(2, 0);
  CU_ASSERT_EQUAL(tl->worlds[0].nflows, 1);
  CU_ASSERT_EQUAL(tl->worlds[1].nflows, 0);
  CU_ASSERT_EQUAL_FATAL(tl->worlds[1].nslots, 1);
  const TlSlot *s = &tl->worlds[1].slots[0];
  CU_ASSERT_STRING_EQUAL(s->s->obj->name->s, "W");
  CU_ASSERT_EQUAL_FATAL(s->npd, 3);
  CU_ASSERT_EQUAL(s->pd[1].to, 20271231);
  CU_ASSERT_EQUAL(s->first->pd[1].to, 20261231);
  CU_ASSERT_EQUAL(o.bad, 0);
  timeline_free(tl);
  world_free(ws[0]);
  world_free(ws[1]);
  eval_key_free(&o.k);
  eval_scratch_free(&o.x);
  t_free(t);
}

static const UnitTest tests[] = {
    UNIT_TEST(test_timeline_against_keys),
    UNIT_TEST(test_timeline_overrides_in_a_slot),
    UNIT_TEST(test_timeline_two_threads_as_one),
    UNIT_TEST(test_timeline_cut_at_scale),
    UNIT_TEST(test_timeline_worlds_keep_differences),
};

UNIT_MAIN("timeline", tests)
