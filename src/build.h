/* build: the constructors the grammar's actions call.  They make tree
 * nodes, register global names (so redefinitions are found in load order)
 * and check what the grammar cannot express: one modifier of each kind,
 * `only` with `may` alone, `among` with `only`, and the like. */
#ifndef DEAL_BUILD_H
#define DEAL_BUILD_H
#include "ast.h"
#include "parse.h"

typedef struct RefList {
  Ref *v;
  uint32_t n, cap;
} RefList;

typedef struct QRefList {  /* `overrides A.c, b` */
  QRef *v;
  uint32_t n, cap;
} QRefList;

typedef struct MoneyOpt {
  bool has;
  int64_t v;
  Loc loc;
} MoneyOpt;

void *build_stack_alloc(size_t n);
void build_stack_free(void *p);

void build_syntax_error(ParseCtx *c, Loc at, const char *msg);
/* A syntax error at the token named found (bison's name), at `at`, where
 * the n tokens named expected could have come. */
void build_unexpected(ParseCtx *c, Loc at, const char *found,
                      const char *const *expected, int n);
/* A block's `{`: its index among the open ones; and the end of that
 * block (read or thrown away). */
int build_brace_open(ParseCtx *c, Loc at);
void build_brace_close(ParseCtx *c, int index);

RefList *build_refs(ParseCtx *c, RefList *l, Name *n, Loc at);
Ref *build_ref(ParseCtx *c, Name *n, Loc at);
/* NAME or NAME.MEMBER (member NULL: mat unused) */
QRef *build_qref(ParseCtx *c, Name *n, Name *member, Loc at, Loc mat);
QRefList *build_qreflist(ParseCtx *c, QRefList *l, QRef *r);
/* `among G`: kw is where the keyword is, for build_norm's check */
Ref *build_among(ParseCtx *c, Name *n, Loc at, Loc kw);

void build_include(ParseCtx *c, const char *path, Loc at);
void build_scenario(ParseCtx *c, const char *title, int32_t date, Loc at);
void build_party(ParseCtx *c, Name *n, Loc at, const char *display,
                 RefList *aliases);
void build_group(ParseCtx *c, Name *n, Loc at, RefList *members);
void build_action(ParseCtx *c, Name *n, Loc at, Prep prep, Loc prep_at,
                  const char *desc);
void build_product(ParseCtx *c, Name *n, Loc at, const char *desc);
void build_product_parent(ParseCtx *c, Name *n, Loc at, Loc kw);
void build_product_owner(ParseCtx *c, Name *n, Loc at, Loc kw);
void build_fact(ParseCtx *c, Name *n, Loc at, int value);

void build_agreement(ParseCtx *c, Name *n, Loc at, const char *title,
                     RefList *parties, int32_t signed_d, Loc signed_at);
void build_agreement_until(ParseCtx *c, int32_t d, Loc at);
void build_clause(ParseCtx *c, Name *n, Loc at, Body *b);

Body *build_action_obj(ParseCtx *c, Name *act, Loc act_at, Prep prep,
                       Loc prep_at, Name *obj, Loc obj_at);
Body *build_norm(ParseCtx *c, Body *b, bool only, Loc at, RefList *subj,
                 Ref *among, int modal, Loc modal_at, Mods *m);
Mods *build_mods(ParseCtx *c);
Mods *build_mod_date(ParseCtx *c, Mods *m, bool from, int32_t d, Loc at,
                     Loc kw);
Mods *build_mod_cond(ParseCtx *c, Mods *m, bool is_if, Cond *cond, Loc kw);
Mods *build_mod_ovr(ParseCtx *c, Mods *m, QRefList *refs, Loc kw);
Cond *build_cond_fact(ParseCtx *c, Name *n, Loc at);
Cond *build_cond(ParseCtx *c, CondKind k, Cond *a, Cond *b, Loc at);
Cond *build_cond_paren(ParseCtx *c, Cond *a, Loc at);

Body *build_flow(ParseCtx *c, FlowKind k, Name *p, Loc p_at, Name *q,
                 Loc q_at, Mods *m);
void build_flow_money(ParseCtx *c, Body *b, int64_t money, Loc at,
                      MoneyOpt second);
void build_flow_pct(ParseCtx *c, Body *b, int32_t pct, Loc at);
void build_flow_from(ParseCtx *c, Body *b, Ref *x);

void build_dispute(ParseCtx *c, Name *n, Loc at, const char *title);
void build_dispute_end(ParseCtx *c, Loc at);
void build_dispute_parties(ParseCtx *c, bool plaintiff, RefList *l, Loc kw);
void build_dispute_claim(ParseCtx *c, const char *claim, Loc kw);
void build_outcome(ParseCtx *c, Name *n, Loc at, const char *title);
void build_probability(ParseCtx *c, int32_t pct, Loc at);
void build_stmt_ref(ParseCtx *c, StmtKind k, QRef *r, Ref *obj, Body *b,
                    Loc at);
void build_stmt_clause(ParseCtx *c, Name *n, Loc at, Body *b);
void build_stmt_order(ParseCtx *c, Body *b, Loc at);
void build_stmt_flow(ParseCtx *c, Body *b, Loc at);
void build_stmt_fact(ParseCtx *c, Name *n, Loc at, int value, Loc kw);

Check *build_check(ParseCtx *c, Body *b, bool negate, Loc at);
void build_check_not(ParseCtx *c, Check *ck, Loc at);
Check *build_conflict(ParseCtx *c, RefList *subj, Body *ao, Loc at);
Check *build_who(ParseCtx *c, int modal, Loc modal_at, Body *ao, Loc at);
CheckCtx *build_ctx(ParseCtx *c);
CheckCtx *build_ctx_under(ParseCtx *c, CheckCtx *x, RefList *l, Loc kw);
CheckCtx *build_ctx_at(ParseCtx *c, CheckCtx *x, int32_t d, Loc kw);
CheckCtx *build_ctx_prob(ParseCtx *c, CheckCtx *x, int32_t pct, Loc kw,
                         Loc at);
/* `when` before a check (kw: where it is), with the answer after `is`
 * (NULL: none): it takes no `at` and no `with probability`. */
CheckCtx *build_ctx_when(ParseCtx *c, CheckCtx *x, Loc kw, Answer *is);
/* `expect when CHECK;` without `is ANSWER` (at is the `;`). */
void build_when_unanswered(ParseCtx *c, Loc at);
/* `always` or `never` after `is`; another name is an error. */
Answer *build_answer_word(ParseCtx *c, Name *n, Loc at);
/* A period appended to an answer (a NULL: a new one), which must stay
 * maximal periods in date order. */
Answer *build_answer_add(ParseCtx *c, Answer *a, Period pd, Loc at);
void build_expect(ParseCtx *c, ExpectKind k, Check *ck, CheckCtx *x, Loc at);
void build_stray(ParseCtx *c, Check *ck, Loc at);
void build_query(ParseCtx *c, Check *ck, CheckCtx *x, void *unused, Loc at);

#endif
