/* deal.y — the syntax of LANGUAGE.md sections 3-5, `expect` and `query`,
 * and the `when` questions of section 11.
 *
 * A pure parser with locations.  Actions only build the tree (ast_*); names
 * are resolved and meanings checked later, in resolve.c.  Errors recover at
 * `;` and `}` so that every independent error of a file is reported. */
%require "3.8"
%define api.pure full
%define api.value.type union
%define api.location.type {Loc}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {yyscan_t scanner} {ParseCtx *ctx}

%code requires {
#include "ast.h"
#include "parse.h"
#include "build.h"
typedef void *yyscan_t;
}

%code provides {
int yylex(YYSTYPE *yylval, YYLTYPE *yylloc, yyscan_t scanner, ParseCtx *ctx);
}

%code {
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                          \
  do {                                                                       \
    if (N) (Cur) = YYRHSLOC(Rhs, 1);                                         \
    else { (Cur) = YYRHSLOC(Rhs, 0); (Cur).len = 0; }                        \
  } while (0)
#define YYMALLOC build_stack_alloc
#define YYFREE build_stack_free
static void yyerror(const Loc *l, yyscan_t scanner, ParseCtx *ctx,
                    const char *msg);
}

%token END 0 "end of file"
%token <Name *> IDENT "identifier"
%token <const char *> STRING "string"
%token <int32_t> DATE "date"
%token <int64_t> MONEY "amount"
%token <int32_t> PERCENT "percentage"
%token <int64_t> QUANTITY "quantity"
%token START_QUERY "<query>"
%token LEXERR "invalid token"
/* The keywords: bison reads build/deal.y, where tools/mkkeywords.c has put
 * a %token KW_NAME "word" for each KW("word", NAME) of src/keywords.def
 * just after the next line. */
/* %token KW_...: from src/keywords.def */

%left KW_OR
%left KW_AND
%precedence KW_NOT

%type <const char *> opt_string
%type <RefList *> idents opt_aka outcome_list
%type <QRefList *> refs
%type <QRef *> ref
%type <Ref *> opt_among
%type <Prep> prep opt_prep
%type <int> modal boolean
%type <Body *> body norm flow action_obj
%type <Mods *> mods
%type <Cond *> cond
%type <MoneyOpt> opt_committed opt_valued
%type <Check *> check
%type <CheckCtx *> check_ctx
%type <Ref *> opt_revenue_from
%type <int> lbrace
/* a block's `{` is remembered while the block is read, for the note of a
 * missing `}`; a block that error recovery throws away forgets it */
%destructor { build_brace_close(ctx, $$); } lbrace
%type <Answer *> answer
%type <Period> period

%%

start
  : program
  | START_QUERY check check_ctx opt_end         { build_query(ctx, $2, $3, NULL, @2); }
  | START_QUERY KW_WHO modal action_obj check_ctx opt_end
                                                { build_query(ctx, build_who(ctx, $3, @3, $4, @1), $5, NULL, @2); }
  | START_QUERY KW_WHEN check check_ctx opt_end { build_query(ctx, $3, build_ctx_when(ctx, $4, @2, NULL), NULL, @2); }
  ;

opt_end: %empty | ';' | '?' ;

program
  : %empty
  | program item
  ;

item
  : KW_INCLUDE STRING ';'                       { build_include(ctx, $2, @2); }
  | KW_SCENARIO STRING KW_AS KW_OF DATE ';'     { build_scenario(ctx, $2, $5, @1); }
  | KW_PARTY IDENT opt_string opt_aka ';'       { build_party(ctx, $2, @2, $3, $4); }
  | KW_GROUP IDENT '=' idents ';'               { build_group(ctx, $2, @2, $4); }
  | KW_ACTION IDENT opt_prep opt_string ';'     { build_action(ctx, $2, @2, $3, @3, $4); }
  | KW_PRODUCT IDENT opt_string                 { build_product(ctx, $2, @2, $3); }
      product_mods ';'
  | KW_FACT IDENT '=' boolean ';'                  { build_fact(ctx, $2, @2, $4); }
  | agreement
  | dispute
  | KW_EXPECT check check_ctx ';'               { build_expect(ctx, E_EXPECT, $2, $3, @1); }
  | KW_QUERY check check_ctx ';'                { build_expect(ctx, E_QUERY, $2, $3, @1); }
  | KW_EXPECT KW_WHEN check check_ctx KW_IS answer ';'
                                                { build_expect(ctx, E_EXPECT, $3, build_ctx_when(ctx, $4, @2, $6), @1); }
  | KW_EXPECT KW_WHEN check check_ctx ';'       { build_when_unanswered(ctx, @5); }
  | KW_QUERY KW_WHEN check check_ctx ';'        { build_expect(ctx, E_QUERY, $3, build_ctx_when(ctx, $4, @2, NULL), @1); }
  | KW_WHEN check check_ctx '?'                 { build_expect(ctx, E_QUESTION, $2, build_ctx_when(ctx, $3, @1, NULL), @1); }
  | KW_QUERY KW_WHO modal action_obj check_ctx ';'
                                                { build_expect(ctx, E_QUERY, build_who(ctx, $3, @3, $4, @2), $5, @1); }
  | check check_ctx '?'                         { build_expect(ctx, E_QUESTION, $1, $2, @1); }
  | check check_ctx ';'                         { build_stray(ctx, $1, @1); }
  | KW_WHO modal action_obj check_ctx '?'       { build_expect(ctx, E_QUESTION, build_who(ctx, $2, @2, $3, @1), $4, @1); }
  | error ';' { yyerrok; }
  | error '}'                                   
  ;

opt_string
  : %empty                                      { $$ = NULL; }
  | STRING
  ;

opt_aka
  : %empty                                      { $$ = NULL; }
  | KW_AKA idents                               { $$ = $2; }
  ;

idents
  : IDENT                                       { $$ = build_refs(ctx, NULL, $1, @1); }
  | idents ',' IDENT                            { $$ = build_refs(ctx, $1, $3, @3); }
  ;

prep
  : KW_WITH   { $$ = PREP_WITH; }
  | KW_TO     { $$ = PREP_TO; }
  | KW_IN     { $$ = PREP_IN; }
  | KW_ON     { $$ = PREP_ON; }
  | KW_FOR    { $$ = PREP_FOR; }
  ;

opt_prep
  : %empty                                      { $$ = PREP_NONE; }
  | prep
  ;

product_mods
  : %empty
  | product_mods KW_IS IDENT                    { build_product_parent(ctx, $3, @3, @2); }
  | product_mods KW_OWNED KW_BY IDENT           { build_product_owner(ctx, $4, @4, @2); }
  ;

boolean
  : KW_TRUE   { $$ = 1; }
  | KW_FALSE  { $$ = 0; }
  ;

agreement
  : KW_AGREEMENT IDENT opt_string KW_BETWEEN idents KW_SIGNED DATE
                                                { build_agreement(ctx, $2, @2, $3, $5, $7, @7); }
    opt_agreement_until lbrace clauses block_end
                                                { ctx->cur_agreement = NULL; build_brace_close(ctx, $10); }
  ;

/* A block's `}`; after an error in the block, the first `;` or `}` ends
 * the recovery, so that a statement that lost its `;` before the `}`
 * leaves the block closed. */
block_end
  : '}'
  | error '}'
  ;

opt_agreement_until
  : %empty
  | KW_UNTIL DATE                               { build_agreement_until(ctx, $2, @2); }
  ;

clauses
  : %empty
  | clauses KW_CLAUSE IDENT ':' body ';'        { build_clause(ctx, $3, @3, $5); }
  | clauses error ';' { yyerrok; }
  ;

body
  : norm
  | flow
  ;

norm
  : idents opt_among modal action_obj mods      { $$ = build_norm(ctx, $4, false, @1, $1, $2, $3, @3, $5); }
  | KW_ONLY idents opt_among modal action_obj mods
                                                { $$ = build_norm(ctx, $5, true, @1, $2, $3, $4, @4, $6); }
  ;

opt_among
  : %empty                                      { $$ = NULL; }
  | KW_AMONG IDENT                              { $$ = build_among(ctx, $2, @2, @1); }
  ;

modal
  : KW_MAY              { $$ = M_MAY; }
  | KW_MAY KW_NOT       { $$ = M_MAY_NOT; }
  | KW_MUST             { $$ = M_MUST; }
  | KW_MUST KW_NOT      { $$ = M_MUST_NOT; }
  | KW_SHALL            { $$ = M_SHALL; }
  | KW_SHALL KW_NOT     { $$ = M_SHALL_NOT; }
  ;

action_obj
  : IDENT opt_prep IDENT                        { $$ = build_action_obj(ctx, $1, @1, $2, @2, $3, @3); }
  ;

mods
  : %empty                                      { $$ = build_mods(ctx); }
  | mods KW_FROM DATE                           { $$ = build_mod_date(ctx, $1, true, $3, @3, @2); }
  | mods KW_UNTIL DATE                          { $$ = build_mod_date(ctx, $1, false, $3, @3, @2); }
  | mods KW_IF cond                             { $$ = build_mod_cond(ctx, $1, true, $3, @2); }
  | mods KW_UNLESS cond                         { $$ = build_mod_cond(ctx, $1, false, $3, @2); }
  | mods KW_OVERRIDES refs                      { $$ = build_mod_ovr(ctx, $1, $3, @2); }
  ;

refs
  : ref                                         { $$ = build_qreflist(ctx, NULL, $1); }
  | refs ',' ref                                { $$ = build_qreflist(ctx, $1, $3); }
  ;

ref
  : IDENT                                       { $$ = build_qref(ctx, $1, NULL, @1, @1); }
  | IDENT '.' IDENT                             { $$ = build_qref(ctx, $1, $3, @1, @3); }
  ;

cond
  : IDENT                                       { $$ = build_cond_fact(ctx, $1, @1); }
  | KW_NOT cond                                 { $$ = build_cond(ctx, C_NOT, $2, NULL, @1); }
  | cond KW_AND cond                            { $$ = build_cond(ctx, C_AND, $1, $3, @2); }
  | cond KW_OR cond                             { $$ = build_cond(ctx, C_OR, $1, $3, @2); }
  | '(' cond ')'                                { $$ = build_cond_paren(ctx, $2, @1); }
  ;

flow
  : IDENT KW_INVESTS MONEY KW_IN IDENT opt_committed mods
        { $$ = build_flow(ctx, F_INVESTS, $1, @1, $5, @5, $7); build_flow_money(ctx, $$, $3, @3, $6); }
  | IDENT KW_PAYS IDENT MONEY mods
        { $$ = build_flow(ctx, F_PAYS, $1, @1, $3, @3, $5); build_flow_money(ctx, $$, $4, @4, (MoneyOpt){0}); }
  | IDENT KW_OWNS PERCENT KW_OF IDENT opt_valued mods
        { $$ = build_flow(ctx, F_OWNS, $1, @1, $5, @5, $7); build_flow_pct(ctx, $$, $3, @3); build_flow_money(ctx, $$, 0, @3, $6); }
  | IDENT KW_SHARES PERCENT KW_OF KW_REVENUE opt_revenue_from KW_WITH IDENT mods
        { $$ = build_flow(ctx, F_SHARES, $1, @1, $8, @8, $9); build_flow_pct(ctx, $$, $3, @3); build_flow_from(ctx, $$, $6); }
  | IDENT KW_SUPPLIES QUANTITY KW_TO IDENT mods
        { $$ = build_flow(ctx, F_SUPPLIES, $1, @1, $5, @5, $6); $$->watts = $3; }
  ;

opt_committed
  : %empty                                      { $$ = (MoneyOpt){0}; }
  | KW_COMMITTED MONEY                          { $$ = (MoneyOpt){true, $2, @2}; }
  ;

opt_valued
  : %empty                                      { $$ = (MoneyOpt){0}; }
  | KW_VALUED MONEY                             { $$ = (MoneyOpt){true, $2, @2}; }
  ;

opt_revenue_from
  : %empty                                      { $$ = NULL; }
  | KW_FROM IDENT                               { $$ = build_ref(ctx, $2, @2); }
  ;

lbrace
  : '{'                                         { $$ = build_brace_open(ctx, @1); }
  ;

dispute
  : KW_DISPUTE IDENT opt_string                 { build_dispute(ctx, $2, @2, $3); }
    lbrace dispute_items block_end              { build_dispute_end(ctx, @7); build_brace_close(ctx, $5); }
  ;

dispute_items
  : %empty
  | dispute_items KW_PLAINTIFF idents ';'       { build_dispute_parties(ctx, true, $3, @2); }
  | dispute_items KW_DEFENDANTS idents ';'      { build_dispute_parties(ctx, false, $3, @2); }
  | dispute_items KW_CLAIM STRING ';'           { build_dispute_claim(ctx, $3, @2); }
  | dispute_items outcome
  | dispute_items error ';' { yyerrok; }
  ;

outcome
  : KW_OUTCOME IDENT opt_string                 { build_outcome(ctx, $2, @2, $3); }
    opt_probability lbrace outcome_stmts block_end { ctx->cur_outcome = NULL; build_brace_close(ctx, $6); }
  ;

opt_probability
  : %empty
  | KW_PROBABILITY PERCENT                      { build_probability(ctx, $2, @2); }
  ;

outcome_stmts
  : %empty
  | outcome_stmts outcome_stmt
  | outcome_stmts error ';' { yyerrok; }
  ;

outcome_stmt
  : KW_UPHOLD ref ';'                           { build_stmt_ref(ctx, S_UPHOLD, $2, NULL, NULL, @1); }
  | KW_VOID ref ';'                             { build_stmt_ref(ctx, S_VOID, $2, NULL, NULL, @1); }
  | KW_CONSTRUE ref KW_AS KW_COVERING IDENT ';' { build_stmt_ref(ctx, S_CONSTRUE, $2, build_ref(ctx, $5, @5), NULL, @1); }
  | KW_AMEND ref ':' body ';'                   { build_stmt_ref(ctx, S_AMEND, $2, NULL, $4, @1); }
  | KW_CLAUSE IDENT ':' body ';'                { build_stmt_clause(ctx, $2, @2, $4); }
  | KW_ORDER norm ';'                           { build_stmt_order(ctx, $2, @1); }
  | flow ';'                                    { build_stmt_flow(ctx, $1, @1); }
  | KW_FACT IDENT '=' boolean ';'                  { build_stmt_fact(ctx, $2, @2, $4, @1); }
  ;

check
  : norm                                        { $$ = build_check(ctx, $1, false, @1); }
  | flow                                        { $$ = build_check(ctx, $1, false, @1); }
  | KW_NOT check                                { $$ = $2; build_check_not(ctx, $$, @1); }
  | KW_CONFLICT idents action_obj              { $$ = build_conflict(ctx, $2, $3, @1); }
  ;

check_ctx
  : %empty                                      { $$ = build_ctx(ctx); }
  | check_ctx KW_UNDER outcome_list             { $$ = build_ctx_under(ctx, $1, $3, @2); }
  | check_ctx KW_AT DATE                        { $$ = build_ctx_at(ctx, $1, $3, @2); }
  | check_ctx KW_WITH KW_PROBABILITY PERCENT    { $$ = build_ctx_prob(ctx, $1, $4, @2, @4); }
  ;

outcome_list
  : IDENT                                       { $$ = build_refs(ctx, NULL, $1, @1); }
  | outcome_list KW_AND IDENT                   { $$ = build_refs(ctx, $1, $3, @3); }
  ;

/* The ANSWER of `expect when` (LANGUAGE.md section 11): `always` and
 * `never` are names here, read as answer words by build_answer_word. */
answer
  : IDENT                                       { $$ = build_answer_word(ctx, $1, @1); }
  | period                                      { $$ = build_answer_add(ctx, NULL, $1, @1); }
  | answer ',' period                           { $$ = build_answer_add(ctx, $1, $3, @3); }
  ;

period
  : KW_UNTIL DATE                               { $$ = (Period){0, $2}; }
  | KW_FROM DATE                                { $$ = (Period){$2, 0}; }
  | DATE KW_TO DATE                             { $$ = (Period){$1, $3}; }
  ;

%%

static void yyerror(const Loc *l, yyscan_t scanner, ParseCtx *ctx,
                    const char *msg) {
  (void)scanner;
  build_syntax_error(ctx, *l, msg);
}

static int yyreport_syntax_error(const yypcontext_t *pc, yyscan_t scanner,
                                 ParseCtx *ctx) {
  (void)scanner;
  yysymbol_kind_t la = yypcontext_token(pc);
  if (la == YYSYMBOL_LEXERR) return 0;   /* the scanner said why */
  yysymbol_kind_t exp[YYNTOKENS];
  int n = yypcontext_expected_tokens(pc, exp, YYNTOKENS);
  if (n < 0) n = 0;
  const char *names[YYNTOKENS];
  for (int i = 0; i < n; i++) names[i] = yysymbol_name(exp[i]);
  build_unexpected(ctx, *yypcontext_location(pc), yysymbol_name(la), names,
                   n);
  return 0;
}
