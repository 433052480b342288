/* session: loading, facts, worlds and checks, once for every front end. */
#include "session.h"

#include <string.h>

#include "literal.h"
#include "parse.h"
#include "resolve.h"

Session *session_new(const SessionOpts *o) {
  Session *s = mem_calloc(1, sizeof *s);
  Defer d;
  mem_defer(&d, (void (*)(void *))session_free, s);
  if (o) s->o = *o;
  diag_init(&s->diag, s->o.diag_out ? s->o.diag_out : stderr, s->o.color);
  s->x = mem_calloc(1, sizeof *s->x);
  mem_undefer(&d, false);
  return s;
}

void session_free(Session *s) {
  if (!s) return;
  model_free(s->m);
  parse_program_free(s->p);
  diag_free(&s->diag);
  if (s->x) eval_scratch_free(s->x);
  mem_free(s->x);
  mem_free(s);
}

/* After the parse: resolve (unless a syntax error left holes in the tree:
 * names would be reported unknown that are only unreadable; other errors
 * still resolve), print what was found, and build the model. */
static bool finish_load(Session *s, bool ok) {
  state_phase("parse");
  if (s->p->syntax_errors == 0) ok = resolve_program(s->p) && ok;
  ok = ok && s->diag.errors == 0;
  if (s->o.diag_out) diag_flush(&s->diag);
  state_phase("resolve");
  if (ok && !s->o.no_model) {
    s->m = model_new(s->p);
    state_phase("model");
  }
  return ok;
}

static void new_program(Session *s) {
  s->p = parse_program_new(&s->diag);
  s->p->keep_comments = s->o.keep_comments;
}

bool session_load_file(Session *s, const char *path) {
  new_program(s);
  return finish_load(s, parse_file(s->p, path));
}

bool session_load_text(Session *s, const char *name, const char *text,
                       size_t len) {
  new_program(s);
  return finish_load(s, parse_string(s->p, name, text, len, false, NULL, NULL));
}

bool session_fact(Session *s, const char *assign, char *err, size_t cap) {
  const char *eq = strchr(assign, '=');
  char name[256];
  if (!eq || eq == assign || (size_t)(eq - assign) >= sizeof name) {
    snprintf(err, cap, "--fact takes NAME=true or NAME=false, not " LQ "%s" RQ,
             assign);
    return false;
  }
  memcpy(name, assign, (size_t)(eq - assign));
  name[eq - assign] = 0;
  bool v;
  if (!strcmp(eq + 1, "true")) v = true;
  else if (!strcmp(eq + 1, "false")) v = false;
  else {
    snprintf(err, cap, "the value of fact " LQ "%s" RQ " is true or false, not "
             LQ "%s" RQ, name, eq + 1);
    return false;
  }
  if (!model_set_fact(s->m, name, v)) {
    resolve_unknown_text(s->p, name, 1u << K_FACT, err, cap);
    return false;
  }
  return true;
}

bool session_outcomes(Session *s, const char *spec, Outcome ***out,
                      uint32_t *n, char *err, size_t cap) {
  *n = 0;
  *out = NULL;
  if (!spec || !*spec || !strcmp(spec, "status_quo") || !strcmp(spec, "none"))
    return true;
  Program *p = s->p;
  size_t len = strlen(spec);
  Outcome **v = mem_alloc((len + 1) * sizeof *v);
  Defer d;
  mem_defer(&d, mem_free_ptr, &v);
  for (const char *at = spec;;) {
    size_t k = strcspn(at, ",+");
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)(k < 255 ? k : 255), at);
    Name *nm = k ? intern_find(&p->names, at, k) : NULL;
    if (!nm || !nm->decl || nm->decl->kind != K_OUTCOME) {
      if (!k) snprintf(err, cap, "an empty name in the outcome list " LQ "%s" RQ, spec);
      else resolve_unknown_text(p, name, 1u << K_OUTCOME, err, cap);
      mem_undefer(&d, true);
      return false;
    }
    v[(*n)++] = (Outcome *)nm->decl;
    at += k;
    if (!*at) break;
    at++;
  }
  if (!world_check_choice(v, *n, err, cap)) {
    mem_undefer(&d, true);
    *n = 0;
    return false;
  }
  mem_undefer(&d, false);
  *out = v;
  return true;
}

/* The clause of a scope named s, or a message naming the nearest. */
static const Clause *scope_clause(const Decl *scope, const char *s,
                                  char *err, size_t cap) {
  const Agreement *a = scope->kind == K_AGREEMENT ? (const Agreement *)scope : NULL;
  const Outcome *o = scope->kind == K_OUTCOME ? (const Outcome *)scope : NULL;
  Clause **v = a ? a->cl : o->cl;
  uint32_t n = a ? a->ncl : o->ncl;
  const char **names = mem_talloc((n + 1) * sizeof *names);
  uint32_t k = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (!v[i]->name) continue;
    if (!strcmp(v[i]->name->s, s)) {
      mem_free(names);
      return v[i];
    }
    names[k++] = v[i]->name->s;
  }
  const char *near = diag_nearest(s, names, k);
  int w = snprintf(err, cap, "%s " LQ "%s" RQ " has no clause " LQ "%s" RQ,
                   a ? "agreement" : "outcome", scope->name->s, s);
  if (near && w >= 0 && (size_t)w < cap)
    snprintf(err + w, cap - (size_t)w, "; did you mean " LQ "%s" RQ "?", near);
  mem_free(names);
  return NULL;
}

/* The declaration of a name of one of the kinds, or NULL with the message
 * "unknown party ‘x’; did you mean ‘y’?" in err after "OPTION: ". */
static const Decl *named(Session *s, const char *option, const char *name,
                         unsigned kinds, char *err, size_t cap) {
  Name *nm = intern_find(&s->p->names, name, strlen(name));
  const Decl *d = nm ? nm->decl : NULL;
  if (d && (kinds & (1u << d->kind))) return d;
  int n = snprintf(err, cap, "%s: ", option);
  if (n > 0 && (size_t)n < cap)
    resolve_unknown_text(s->p, name, kinds, err + n, cap - (size_t)n);
  return NULL;
}

bool session_filter(Session *s, const char *party, const char *action,
                    const char *product, RunFilter *f, char *err, size_t cap) {
  *f = (RunFilter){-1, NULL, NULL};
  const Decl *d;
  if (party) {
    if (!(d = named(s, "--party", party, MK_PARTYLIKE, err, cap))) return false;
    if (d->kind == K_ALIAS) d = &((const Alias *)d)->party->h;
    f->party = d->index;
  }
  if (action) {
    if (!(d = named(s, "--action", action, MK_ACTION, err, cap))) return false;
    f->act = (const Action *)d;
  }
  if (product) {
    if (!(d = named(s, "--product", product, MK_PRODUCT, err, cap))) return false;
    f->product = (const Product *)d;
  }
  return true;
}

bool session_lookup(Session *s, const char *text, const Decl **decl,
                    const Clause **clause, char *err, size_t cap) {
  const Program *p = s->p;
  const char *dot = strchr(text, '.');
  size_t n = dot ? (size_t)(dot - text) : strlen(text);
  char name[256];
  snprintf(name, sizeof name, "%.*s", (int)(n < 255 ? n : 255), text);
  Name *nm = intern_find(&p->names, text, n);
  const Decl *d = nm ? nm->decl : NULL;
  unsigned scopes = MK_AGREEMENT | MK_OUTCOME;
  *decl = NULL;
  *clause = NULL;
  if (!d || (dot && !(scopes & (1u << d->kind)))) {
    resolve_unknown_text(p, name, dot ? scopes : MK_ALL, err, cap);
    return false;
  }
  if (!dot) {
    *decl = d;
    return true;
  }
  *clause = scope_clause(d, dot + 1, err, cap);
  return *clause != NULL;
}

bool session_date(const char *text, int32_t *out, char *err, size_t cap) {
  int64_t v;
  const char *e;
  if (lit_parse(text, strlen(text), &v, &e) != LIT_DATE || e) {
    snprintf(err, cap, "a date is YYYY-MM-DD, not " LQ "%.64s" RQ, text);
    return false;
  }
  *out = (int32_t)v;
  return true;
}

World *session_world(Session *s, const char *spec, const char *at,
                     char *err, size_t cap) {
  int32_t date = resolve_default_date(s->p);
  if (at && !session_date(at, &date, err, cap)) return NULL;
  Outcome **o;
  uint32_t n;
  if (!session_outcomes(s, spec, &o, &n, err, cap)) return NULL;
  Defer d;
  mem_defer(&d, mem_free_ptr, &o);
  World *w = world_new(s->m, o, n, date);
  mem_undefer(&d, true);
  if (!world_check_dated(w, err, cap)) {
    world_free(w);
    return NULL;
  }
  return w;
}

Expect *session_check(Session *s, const char *text, const char *under,
                      const char *at, char *err, size_t cap) {
  Program *p = s->p;
  int before = s->diag.errors;
  Expect *e = parse_check(p, "<query>", text);
  if (e && !resolve_expect(p, e)) e = NULL;
  if (!e || s->diag.errors != before) return NULL;
  if (at && e->cx.when) {
    snprintf(err, cap, "--at: " LQ "when" RQ " answers for every day and takes "
             "no date (%s)", at);
    return NULL;
  }
  if (at && !e->cx.has_at) {
    if (!session_date(at, &e->cx.at, err, cap)) return NULL;
    e->cx.has_at = true;
  }
  if (under && !e->cx.has_under && !e->cx.has_prob) {
    Outcome **o;
    uint32_t n;
    if (!session_outcomes(s, under, &o, &n, err, cap)) {
      size_t k = strlen(err);
      if (k + 10 < cap) {  /* say which option it is about */
        memmove(err + 9, err, k + 1);
        memcpy(err, "--under: ", 9);
      }
      return NULL;
    }
    e->cx.under = arena_alloc(&p->arena, (n ? n : 1) * sizeof(Ref));
    for (uint32_t i = 0; i < n; i++)
      e->cx.under[i] = (Ref){.name = o[i]->h.name, .d = &o[i]->h};
    e->cx.nunder = n;
    e->cx.has_under = n > 0;
    mem_free(o);
  }
  return e;
}

void session_worlds_free(World **ws, uint32_t nw) {
  for (uint32_t k = 0; ws && k < nw; k++) world_free(ws[k]);
  mem_free(ws);
}

typedef struct WorldList {
  World **v;
  uint32_t n;
} WorldList;

static void world_list_free(void *v) {
  WorldList *l = v;
  session_worlds_free(l->v, l->n);
}

World **session_report_worlds(Session *s, const char *under, const char *at,
                              bool one, uint32_t *nw, char *err, size_t cap) {
  Program *p = s->p;
  WorldList l = {mem_calloc(p->noutcomes + 2, sizeof *l.v), 0};
  Defer d;
  mem_defer(&d, world_list_free, &l);
  if (!one && !(l.v[l.n++] = session_world(s, NULL, at, err, cap))) goto fail;
  if (under || one) {
    if (!(l.v[l.n++] = session_world(s, under, at, err, cap))) goto fail;
  } else {
    for (uint32_t i = 0; i < p->noutcomes; i++) {
      World *w = world_new(s->m, &p->outcomes[i], 1, l.v[0]->date);
      l.v[l.n++] = w;
      if (!world_check_dated(w, err, cap)) goto fail;
    }
  }
  mem_undefer(&d, false);
  *nw = l.n;
  return l.v;
fail:
  mem_undefer(&d, true);
  return NULL;
}

bool session_show(Session *s, const char *name, StrBuf *out, char *err,
                  size_t cap) {
  Program *p = s->p;
  const char *dot = strchr(name, '.');
  size_t n = dot ? (size_t)(dot - name) : strlen(name);
  char head[256];
  snprintf(head, sizeof head, "%.*s", (int)(n < 255 ? n : 255), name);
  Name *nm = n ? intern_find(&p->names, name, n) : NULL;
  const Decl *d = nm ? nm->decl : NULL;
  unsigned kinds = dot ? (1u << K_AGREEMENT) | (1u << K_OUTCOME) : ~1u;
  if (!d || !(kinds & (1u << d->kind))) {
    resolve_unknown_text(p, head, kinds, err, cap);
    return false;
  }
  if (!dot) {
    print_decl(out, p, d);
    return true;
  }
  Name *cn = intern_find(&p->names, dot + 1, strlen(dot + 1));
  const Clause *c = cn ? ast_clause_find(d, cn) : NULL;
  if (!c) {
    resolve_no_clause_text(d, dot + 1, err, cap);
    return false;
  }
  sb_printf(out, "clause %s: ", c->name->s);
  print_body(out, c->body);
  sb_puts(out, ";\n");
  return true;
}
