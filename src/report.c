/* report: the text report of `deal run`. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "literal.h"
#include "print.h"

typedef struct Row {
  uint32_t action;
  const Decl *obj;
  int32_t party;        /* -1: the parties no clause of the slot names */
  uint32_t nrest;       /* how many parties the -1 row stands for */
  Status *st;           /* per world */
} Row;

typedef struct Rows {
  Row *v;
  uint32_t n, cap;
} Rows;

static const char *st_color(Status s) {
  static const char *c[] = {"\033[32m", "\033[34m", "\033[31m", "\033[1;33m"};
  return c[s];
}

static const Decl *slot_object(Program *p, uint64_t key) {
  uint32_t idx = (uint32_t)key;
  if (key & (1ull << 32)) return &p->parties[idx]->h;
  return &p->products[idx]->h;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

static void collect_slots(const SlotMap *m, uint64_t **v, uint32_t *n,
                          uint32_t *cap) {
  for (uint32_t i = 0; i < m->cap; i++) {
    if (!m->e[i].cl.v) continue;
    if (*n == *cap) {
      *cap = *cap ? *cap * 2 : 256;
      *v = mem_realloc(*v, *cap * sizeof **v);
    }
    (*v)[(*n)++] = m->e[i].key;
  }
}

/* Parties a slot's clauses name in any world, plus the owner. */
static void slot_parties(Model *m, World **ws, uint32_t nw, uint64_t key,
                         const Decl *obj, uint32_t *stamp, uint32_t mark,
                         int32_t **out, uint32_t *nout, uint32_t *cap,
                         bool *rest) {
  Program *p = m->p;
  *nout = 0;
  *rest = false;
#define ADD(id)                                                               \
  do {                                                                        \
    int32_t id_ = (id);                                                       \
    if (stamp[id_] != mark) {                                                 \
      stamp[id_] = mark;                                                      \
      if (*nout == *cap) {                                                    \
        *cap = *cap ? *cap * 2 : 64;                                          \
        *out = mem_realloc(*out, *cap * sizeof **out);                        \
      }                                                                       \
      (*out)[(*nout)++] = id_;                                                \
    }                                                                         \
  } while (0)
  for (uint32_t k = 0; k < nw; k++) {
    const ClauseVec *vs[2] = {eval_slot(&m->norms, key),
                              eval_slot(&ws[k]->extra, key)};
    for (int s = 0; s < 2; s++)
      for (uint32_t i = 0; vs[s] && i < vs[s]->n; i++) {
        const Body *b = s == 0 ? vs[s]->v[i]->body : eval_body(ws[k], vs[s]->v[i]);
        for (uint32_t j = 0; j < b->subjects.n; j++) ADD(b->subjects.v[j]);
        if (b->only && b->has_among && b->among_g)
          for (uint32_t j = 0; j < b->among_g->set.n; j++)
            ADD(b->among_g->set.v[j]);
        if (b->only && !b->has_among) *rest = true;
      }
  }
  if (obj->kind == K_PRODUCT && ((const Product *)obj)->own)
    ADD(((const Product *)obj)->own->h.index);
  (void)p;
#undef ADD
}

static int cmp_i32(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

static void push_row(Rows *rows, Arena *a, uint32_t action, const Decl *obj,
                     int32_t party, uint32_t nrest, const Status *st,
                     uint32_t nw) {
  Row r = {action, obj, party, nrest, arena_alloc(a, nw * sizeof(Status))};
  memcpy(r.st, st, nw * sizeof(Status));
  VEC_PUSH(a, rows->v, rows->n, rows->cap, r);
}

static bool interesting(const Status *st, uint32_t nw, bool all,
                        bool covered) {
  if (all) return covered;
  for (uint32_t k = 0; k < nw; k++)
    if (st[k] == ST_CONTESTED || st[k] != st[0]) return true;
  return false;
}

static void permissions(FILE *f, Model *m, World **ws, uint32_t nw,
                        const ReportOpts *o, Arena *a) {
  Program *p = m->p;
  uint64_t *keys = NULL;
  uint32_t nk = 0, ck = 0;
  collect_slots(&m->norms, &keys, &nk, &ck);
  for (uint32_t k = 0; k < nw; k++) collect_slots(&ws[k]->extra, &keys, &nk, &ck);
  if (nk) qsort(keys, nk, sizeof *keys, cmp_u64);
  uint32_t *stamp = mem_calloc(p->nparties + 1, sizeof *stamp);
  uint8_t *named = mem_calloc(p->nparties + 1, 1);
  int32_t *parties = NULL;
  uint32_t np = 0, cp = 0;
  Status *st = mem_alloc(nw * sizeof *st);
  Status *rest_st = mem_alloc(nw * sizeof *rest_st), *grid = NULL;
  bool *rest_cov = mem_alloc(nw * sizeof *rest_cov), *gcov = NULL;
  uint32_t cgrid = 0;
  Rows rows = {0};
  for (uint32_t i = 0; i < nk; i++) {
    if (i && keys[i] == keys[i - 1]) continue;
    uint32_t action = (uint32_t)(keys[i] >> 33);
    const Decl *obj = slot_object(p, keys[i] & ((1ull << 33) - 1));
    const Action *act = p->actions[action];
    bool rest;
    slot_parties(m, ws, nw, keys[i], obj, stamp, i + 1, &parties, &np, &cp,
                 &rest);
    if (np) qsort(parties, np, sizeof *parties, cmp_i32);
    if (np > cgrid) {
      cgrid = np;
      grid = mem_realloc(grid, (size_t)cgrid * nw * sizeof *grid);
      gcov = mem_realloc(gcov, (size_t)cgrid * nw * sizeof *gcov);
    }
    for (uint32_t k = 0; k < nw; k++)
      eval_slot_parties(ws[k], act, obj, parties, np, grid + (size_t)k * cgrid,
                        gcov + (size_t)k * cgrid, &rest_st[k], &rest_cov[k]);
    for (uint32_t j = 0; j < np; j++) {
      bool covered = false;
      for (uint32_t k = 0; k < nw; k++) {
        st[k] = grid[(size_t)k * cgrid + j];
        covered |= gcov[(size_t)k * cgrid + j];
      }
      if (interesting(st, nw, o->all, covered))
        push_row(&rows, a, action, obj, parties[j], 0, st, nw);
    }
    if (rest && np < p->nparties) {
      bool covered = false;
      for (uint32_t k = 0; k < nw; k++) {
        st[k] = rest_st[k];
        covered |= rest_cov[k];
      }
      if (interesting(st, nw, o->all, covered)) {
        uint32_t nrest = p->nparties - np;
        if (nrest <= 12) {
          for (uint32_t j = 0; j < np; j++) named[parties[j]] = 1;
          for (uint32_t q = 0; q < p->nparties; q++)
            if (!named[q]) push_row(&rows, a, action, obj, (int32_t)q, 0, st, nw);
          for (uint32_t j = 0; j < np; j++) named[parties[j]] = 0;
        } else {
          push_row(&rows, a, action, obj, -1, nrest, st, nw);
        }
      }
    }
  }
  mem_free(rest_st);
  mem_free(rest_cov);
  mem_free(grid);
  mem_free(gcov);
  mem_free(keys);
  mem_free(stamp);
  mem_free(named);
  mem_free(parties);
  mem_free(st);

  fprintf(f, "%s\n", o->all ? "Permissions (every key a clause covers)"
                            : "Permissions that differ between worlds or are "
                              "contested");
  if (!rows.n) {
    fprintf(f, "  (none)\n");
    return;
  }
  /* column widths */
  size_t wk = 3;
  char buf[512];
  for (uint32_t i = 0; i < rows.n; i++) {
    Row *r = &rows.v[i];
    const Action *act = p->actions[r->action];
    int n = r->party >= 0
                ? snprintf(buf, sizeof buf, "%s %s%s%s %s",
                           p->parties[r->party]->h.name->s, act->h.name->s,
                           act->prep ? " " : "", print_prep(act->prep),
                           r->obj->name->s)
                : snprintf(buf, sizeof buf, "(%u other parties) %s%s%s %s",
                           r->nrest, act->h.name->s, act->prep ? " " : "",
                           print_prep(act->prep), r->obj->name->s);
    if (n > 0 && (size_t)n > wk) wk = (size_t)n;
  }
  size_t *ww = mem_alloc(nw * sizeof *ww);
  fprintf(f, "  %-*s", (int)wk, "key");
  for (uint32_t k = 0; k < nw; k++) {
    ww[k] = strlen(ws[k]->name);
    if (ww[k] < 10) ww[k] = 10;
    fprintf(f, "  %-*s", (int)ww[k], ws[k]->name);
  }
  fprintf(f, "\n");
  for (uint32_t i = 0; i < rows.n; i++) {
    Row *r = &rows.v[i];
    const Action *act = p->actions[r->action];
    if (r->party >= 0)
      snprintf(buf, sizeof buf, "%s %s%s%s %s", p->parties[r->party]->h.name->s,
               act->h.name->s, act->prep ? " " : "", print_prep(act->prep),
               r->obj->name->s);
    else
      snprintf(buf, sizeof buf, "(%u other parties) %s%s%s %s", r->nrest,
               act->h.name->s, act->prep ? " " : "", print_prep(act->prep),
               r->obj->name->s);
    fprintf(f, "  %-*s", (int)wk, buf);
    for (uint32_t k = 0; k < nw; k++) {
      const char *name = eval_status_name(r->st[k]);
      bool changed = k > 0 && r->st[k] != r->st[0];
      if (o->color) fprintf(f, "  %s", st_color(r->st[k]));
      else fprintf(f, "  ");
      fprintf(f, "%s%s", name, changed ? "*" : "");
      if (o->color) fprintf(f, "\033[0m");
      if (k + 1 < nw)
        fprintf(f, "%*s", (int)(ww[k] - strlen(name) - (changed ? 1 : 0)), "");
    }
    fprintf(f, "\n");
  }
  fprintf(f, "  (* differs from %s)\n", ws[0]->name);
  mem_free(ww);
}

static int cmp_clause(const void *a, const void *b) {
  const Clause *x = *(Clause *const *)a, *y = *(Clause *const *)b;
  return (x->index > y->index) - (x->index < y->index);
}

typedef struct FlowRow {
  const Clause *c;
  const Body *b;
  uint8_t *on;
} FlowRow;

static void flows(FILE *f, Model *m, World **ws, uint32_t nw, Arena *a) {
  FlowRow *rows = NULL;
  uint32_t n = 0, cap = 0;
  /* agreement flows and every world's own, once per (clause, statement) */
  Clause **cand = NULL;
  uint32_t ncand = 0, ccand = 0;
  for (uint32_t i = 0; i < m->flows.cap; i++)
    for (uint32_t j = 0; j < m->flows.e[i].cl.n; j++)
      VEC_PUSH(a, cand, ncand, ccand, m->flows.e[i].cl.v[j]);
  for (uint32_t k = 0; k < nw; k++)
    for (uint32_t j = 0; j < ws[k]->xflows.n; j++)
      VEC_PUSH(a, cand, ncand, ccand, ws[k]->xflows.v[j]);
  if (ncand) qsort(cand, ncand, sizeof *cand, cmp_clause);
  for (uint32_t i = 0; i < ncand; i++) {
    Clause *c = cand[i];
    if (i && cand[i - 1] == c) continue;
    uint32_t first = n;  /* rows of this clause start here */
    for (uint32_t k = 0; k < nw; k++) {
      bool in_world = c->agr != NULL;
      for (uint32_t j = 0; !in_world && j < ws[k]->nchosen; j++)
        in_world = ws[k]->chosen[j] == c->out;
      if (!in_world) continue;
      const Body *b = eval_body(ws[k], c);
      if (!b->is_flow || !eval_clause_active(ws[k], c, b)) continue;
      uint32_t r = first;
      while (r < n && !(rows[r].c == c && rows[r].b == b)) r++;
      if (r == n) {
        FlowRow fr = {c, b, arena_alloc(a, nw)};
        VEC_PUSH(a, rows, n, cap, fr);
      }
      rows[r].on[k] = 1;
    }
  }
  fprintf(f, "\nFlows\n");
  if (!n) {
    fprintf(f, "  (none)\n");
    return;
  }
  size_t wf = 4;
  StrBuf s;
  sb_init(&s);
  char **text = arena_alloc(a, n * sizeof *text);
  for (uint32_t i = 0; i < n; i++) {
    s.n = 0;
    print_body(&s, rows[i].b);
    text[i] = arena_strndup(a, s.s, s.n);
    if (s.n > wf) wf = s.n;
  }
  sb_free(&s);
  fprintf(f, "  %-*s", (int)wf, "flow");
  for (uint32_t k = 0; k < nw; k++) {
    size_t w = strlen(ws[k]->name);
    fprintf(f, "  %-*s", (int)(w < 10 ? 10 : w), ws[k]->name);
  }
  fprintf(f, "\n");
  for (uint32_t i = 0; i < n; i++) {
    fprintf(f, "  %-*s", (int)wf, text[i]);
    for (uint32_t k = 0; k < nw; k++) {
      size_t w = strlen(ws[k]->name);
      if (w < 10) w = 10;
      if (k + 1 < nw) fprintf(f, "  %-*s", (int)w, rows[i].on[k] ? "yes" : "-");
      else fprintf(f, "  %s", rows[i].on[k] ? "yes" : "-");
    }
    fprintf(f, "\n");
  }
}

void report_run(FILE *f, Model *m, World **ws, uint32_t nw,
                const ReportOpts *o) {
  Program *p = m->p;
  char buf[64];
  Arena a;
  arena_init(&a);
  MemGuard g;
  if (!MEM_TRY(&g)) {
    arena_free(&a);
    mem_throw();
  }
  if (p->has_scenario) fprintf(f, "%s", p->title);
  else fprintf(f, "Scenario");
  if (nw && ws[0]->date) fprintf(f, " (as of %s)", lit_date_str(ws[0]->date, buf));
  fprintf(f, "\n\nWorlds\n");
  for (uint32_t k = 0; k < nw; k++) {
    fprintf(f, "  %-20s", ws[k]->name);
    if (ws[k]->nchosen == 1) {
      Outcome *oc = ws[k]->chosen[0];
      fprintf(f, "  %s", oc->disp->h.name->s);
      if (oc->has_prob) fprintf(f, ", %s", lit_pct_str(oc->prob, buf));
      if (oc->title) fprintf(f, ": %s", oc->title);
    } else if (ws[k]->nchosen == 0) {
      fprintf(f, "  no outcome chosen");
    }
    fprintf(f, "\n");
  }
  fprintf(f, "\n");
  permissions(f, m, ws, nw, o, &a);
  flows(f, m, ws, nw, &a);
  mem_guard_pop(&g);
  arena_free(&a);
}

ExpectTally report_expects(FILE *f, Model *m, bool verbose, bool color) {
  Program *p = m->p;
  ExpectTally t = {0};
  for (uint32_t i = 0; i < p->nexpects; i++) {
    const Expect *e = p->expects[i];
    if (e->kind != E_EXPECT) continue;
    CheckResult r;
    eval_check(m, e, &r);
    if (r.error) t.errors++;
    else if (r.holds) t.passed++;
    else t.failed++;
    if (verbose && (!r.holds || r.error)) {
      fprintf(f, "%s:%u:%u: %sexpect failed%s: %s\n",
              diag_file_name(p->diag, e->loc), e->loc.line, e->loc.col,
              color ? "\033[1;31m" : "", color ? "\033[0m" : "", e->text);
      ExplainOpts eo = {color, "  "};
      explain_check(f, m, e, &r, &eo);
    }
    eval_check_result_free(&r);
  }
  return t;
}
