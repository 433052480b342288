/* ast: the syntax tree of a program, which the resolver completes in place
 * into the model (the "resolved" fields).  One arena holds all of it. */
#ifndef DEAL_AST_H
#define DEAL_AST_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "mem.h"

typedef enum {
  K_NONE, K_PARTY, K_ALIAS, K_GROUP, K_ACTION, K_PRODUCT, K_FACT,
  K_AGREEMENT, K_DISPUTE, K_OUTCOME
} Kind;

/* Sets of kinds (1 << Kind): what a name may be at a place (resolve.c
 * looks names up by them; complete.c offers names by them). */
enum {
  MK_PARTY = 1 << K_PARTY, MK_ALIAS = 1 << K_ALIAS, MK_GROUP = 1 << K_GROUP,
  MK_ACTION = 1 << K_ACTION, MK_PRODUCT = 1 << K_PRODUCT,
  MK_FACT = 1 << K_FACT, MK_AGREEMENT = 1 << K_AGREEMENT,
  MK_DISPUTE = 1 << K_DISPUTE, MK_OUTCOME = 1 << K_OUTCOME,
  MK_PARTYLIKE = MK_PARTY | MK_ALIAS,
  MK_SUBJECT = MK_PARTYLIKE | MK_GROUP,
  MK_OBJECT = MK_SUBJECT | MK_PRODUCT,
  MK_ALL = MK_OBJECT | MK_ACTION | MK_FACT | MK_AGREEMENT | MK_DISPUTE |
           MK_OUTCOME,
};

typedef struct Decl {
  Name *name;
  Loc loc;
  Kind kind;
  uint32_t order;   /* load order among all declarations */
  int32_t index;    /* index among the declarations of its kind */
  bool redefined;   /* a second definition (an error): the name is bound
                       to the first, this one is kept only to be checked */
} Decl;             /* 40 bytes */

typedef struct Clause Clause;

/* A reference as written: NAME.  32 bytes: a million-clause scenario has
 * some four million (subjects, actions, objects, flow parties). */
typedef struct Ref {
  Name *name;
  union {           /* resolved: */
    Decl *d;        /* the declaration NAME names (a party for an alias) */
    Clause *cl;
  };
  Loc loc;          /* of NAME */
} Ref;

/* A reference that may name a clause: NAME or NAME.MEMBER (`overrides`
 * and the outcome statements, the only places the grammar allows one). */
typedef struct QRef {
  Name *name, *member;
  union {           /* resolved: */
    Decl *d;        /* the declaration NAME names */
    Clause *cl;     /* or, for a clause reference, the clause */
  };
  Loc loc;          /* of NAME */
  uint32_t mline, mcol;  /* of MEMBER (see ref_mloc) */
} QRef;

/* Where the MEMBER of NAME.MEMBER is (the NAME when there is none). */
static inline Loc ref_mloc(const QRef *r) {
  if (!r->member) return r->loc;
  Loc l = {r->loc.file, r->mline, r->mcol, r->member->len};
  return l;
}

typedef struct IdSet {
  int32_t *v;       /* sorted, unique party indices */
  uint32_t n;
} IdSet;

typedef struct Party {
  Decl h;
  const char *display;
  Name **aka;               /* aliases, for printing */
  uint32_t naka, capaka;
} Party;

typedef struct Alias {
  Decl h;
  Party *party;
} Alias;

typedef struct Group {
  Decl h;
  Ref *members;
  uint32_t nmembers, capmembers;
  IdSet set;        /* resolved: every party, recursively */
  uint32_t walk;    /* visit stamp */
  uint8_t color;    /* cycle search */
  bool cycle_reported;
} Group;

/* The preposition an action takes (LANGUAGE.md section 3), none being 0;
 * the grammar's actions map its tokens to these, so the tree does not
 * depend on the parser's token numbers. */
typedef enum { PREP_NONE, PREP_WITH, PREP_TO, PREP_IN, PREP_ON, PREP_FOR } Prep;

typedef struct Action {
  Decl h;
  Prep prep;
  const char *desc;
} Action;

typedef struct Product {
  Decl h;
  const char *desc;
  Ref parent, owner;
  bool has_parent, has_owner;
  struct Product *up;       /* resolved parent */
  Party *own;               /* resolved owner, inherited */
  struct Product **kids;
  uint32_t nkids, capkids;
  uint32_t walk;            /* visit stamp */
  bool done;
} Product;

typedef struct Fact {
  Decl h;
  bool value;
} Fact;

typedef enum { M_MAY, M_MAY_NOT, M_MUST, M_MUST_NOT, M_SHALL, M_SHALL_NOT } Modal;
typedef enum { C_FACT, C_NOT, C_AND, C_OR } CondKind;

/* 40 bytes: a fact's node is its Ref, whose place is the node's. */
typedef struct Cond {
  union {
    Ref fact;               /* C_FACT */
    struct {
      struct Cond **kids;   /* C_NOT: one; C_AND/C_OR: two or more */
      uint32_t n, cap;
      Loc loc;              /* of the node: for C_FACT, fact.loc itself
                               (the same offset in both) */
    };
  };
  uint16_t depth;
  uint8_t k;                /* a CondKind */
  bool paren;
} Cond;
_Static_assert(offsetof(Cond, loc) == offsetof(Cond, fact.loc),
               "a fact's Loc is its node's");

typedef struct Mods {
  Cond *if_c, *unless_c;
  QRef *ovr;
  uint32_t novr;
  int32_t from, until;      /* dates as YYYYMMDD */
  /* where the dates are, in the file of their statement (mods_loc) */
  uint32_t from_line, from_col, until_line, until_col;
  uint8_t from_len, until_len;
  bool has_from : 1, has_until : 1, has_ovr : 1;
} Mods;                     /* 56 bytes */

/* Where the `from` (or `until`) date of a statement in this file is. */
static inline Loc mods_loc(const Mods *m, uint32_t file, bool from) {
  Loc l = {file, from ? m->from_line : m->until_line,
           from ? m->from_col : m->until_col,
           from ? m->from_len : m->until_len};
  return l;
}

typedef enum { F_INVESTS, F_PAYS, F_OWNS, F_SHARES, F_SUPPLIES } FlowKind;

/* The statement of a clause, an order, an amendment or a check.  There
 * is one per clause, so it is laid out without holes (128 bytes) and keeps
 * nothing twice: what a reference resolves to is in the Ref, and act, obj,
 * fp and fq are that same pointer under the name and type the evaluator
 * uses (each overlays the `d` of its Ref: written by resolve's lookup,
 * read here; a Decl is the first member of every declaration).  Where it
 * starts is its clause's (or check's) place; its file, body_file. */
typedef struct Body {
  Mods *mods;               /* NULL when it has none: see BODY_MODS */
  union {
    struct {                /* a norm */
      Ref *subj;
      Ref *among;           /* `among G`, or NULL: see body_among */
      IdSet subjects;       /* resolved: parties listed, expanded */
      union {               /* the action as written; act: resolved */
        Ref action;
        struct { Name *action_name_; Action *act; };
      };
      union {               /* the object; obj: product, party or group
                               (the party for an alias) */
        Ref object;
        struct { Name *object_name_; Decl *obj; };
      };
      uint32_t prep_line, prep_col;  /* of the preposition (see body_prep_loc) */
      uint32_t nsubj;
      uint16_t prep;        /* a Prep */
      uint8_t prep_len;     /* its length (the object's, at most 255) */
      uint8_t modal : 4;    /* a Modal */
      bool only : 1, has_among : 1;
    };
    struct {                /* a flow */
      Ref *x;               /* `revenue from X`, or NULL */
      Decl *fx;             /* resolved: revenue from party, group or product */
      union {               /* payer; fp: resolved */
        Ref p;
        struct { Name *p_name_; Party *fp; };
      };
      union {               /* payee (investee, ...); fq: resolved */
        Ref q;
        struct { Name *q_name_; Party *fq; };
      };
      int64_t money, money2;  /* cents: amount; committed or valued */
      int64_t watts;
      int32_t pct;          /* percent in 1/10000 of a percent */
      uint8_t fk;           /* a FlowKind */
      bool has_x, has_money2;
    };
  };
  bool is_flow;
} Body;

/* The file a statement is in (its action's, or its payer's). */
static inline uint32_t body_file(const Body *b) {
  return b->is_flow ? b->p.loc.file : b->action.loc.file;
}

/* The group of `only ... among G`, resolved (NULL when none or unknown). */
static inline Group *body_among(const Body *b) {
  return b->among ? (Group *)b->among->d : NULL;
}

/* Where the preposition is (the object when there is none): in the
 * action's file. */
static inline Loc body_prep_loc(const Body *b) {
  Loc l = {b->action.loc.file, b->prep_line, b->prep_col, b->prep_len};
  return l;
}

extern const Mods ast_no_mods;
#define BODY_MODS(b) ((b)->mods ? (b)->mods : &ast_no_mods)

typedef enum { T_ORDINARY, T_RULING, T_ORDER } Tier;

typedef struct Agreement Agreement;
typedef struct Outcome Outcome;

/* The clause names of one scope (an agreement or an outcome): a scan of
 * its list while it is short (64), then an open-addressing index by name.  Kept
 * per scope, so a lookup touches only that scope's memory. */
typedef struct ClauseIndex {
  Clause **h;
  uint32_t cap, count;
} ClauseIndex;

struct Clause {            /* 64 bytes */
  Name *name;               /* NULL for orders and outcome flows */
  Loc loc;
  Agreement *agr;           /* the agreement, or NULL */
  Outcome *out;             /* the outcome, or NULL */
  Body *body;
  Clause **ovr;             /* resolved overrides of body */
  int32_t index;            /* in Program.clauses */
  uint32_t novr : 30;       /* (a file of 1 GiB holds fewer) */
  bool is_order : 1, is_outcome_flow : 1;
};

struct Agreement {
  Decl h;
  const char *title;
  Ref *parties;
  uint32_t nparties, capparties;
  int32_t signed_d, until_d;
  bool has_until;
  Loc signed_loc, until_loc;
  Clause **cl;              /* every clause, duplicates included (heap) */
  uint32_t ncl, capcl;
  ClauseIndex ix;
};

typedef enum {
  S_UPHOLD, S_VOID, S_CONSTRUE, S_AMEND, S_CLAUSE, S_ORDER, S_FLOW, S_FACT
} StmtKind;

typedef struct Stmt {
  StmtKind k;
  Loc loc;
  QRef ref;                 /* uphold/void/construe/amend target */
  Ref obj;                  /* construe ... as covering OBJ */
  Body *body;               /* amend */
  Clause *own;              /* S_CLAUSE, S_ORDER, S_FLOW */
  Ref fact;                 /* S_FACT */
  bool value;
  /* resolved */
  Clause **amend_ovr;       /* overrides of an amendment */
  uint32_t namend_ovr;
} Stmt;

typedef struct Dispute Dispute;

struct Outcome {
  Decl h;
  Dispute *disp;
  const char *title;
  bool has_prob;
  int32_t prob;
  Loc prob_loc;
  Stmt **st;
  uint32_t nst, capst;
  Clause **cl;              /* the named clauses (S_CLAUSE; heap) */
  uint32_t ncl, capcl;
  ClauseIndex ix;
};

struct Dispute {
  Decl h;
  const char *title;
  Ref *plaintiffs, *defendants;
  uint32_t nplaintiffs, ndefendants, cappl, capdef;
  const char *claim;
  Loc claim_loc;            /* of `claim`: deal fmt keeps the items' order */
  bool has_plaintiff, has_defendants, has_claim;
  Outcome **outs;
  uint32_t nouts, capouts;
  bool has_probs;           /* every outcome has one, adding to 100% */
};

typedef enum { CK_NORM, CK_CONFLICT, CK_ONLY, CK_FLOW, CK_WHO } CheckKind;

typedef struct ResolveMark ResolveMark;

typedef struct Check {
  CheckKind k;
  bool negate;
  Loc loc;
  Body *body;
} Check;

/* A period of a `when` answer (LANGUAGE.md section 11), its ends
 * inclusive (YYYYMMDD): from 0 is open towards the past, to 0 towards
 * the future. */
typedef struct Period {
  int32_t from, to;
} Period;

/* The ANSWER after `is` in `expect when`: maximal periods in date order
 * (`always`: one open both ways; `never`: none). */
typedef struct Answer {
  Period *v;
  uint32_t n, cap;
  Loc loc;
  bool word;                /* written `always` or `never` */
} Answer;

typedef struct CheckCtx {
  Ref *under;
  uint32_t nunder, capunder;
  bool has_under, has_at, has_prob;
  bool when;                /* `when CHECK`: the days it holds (section 11) */
  int32_t at, prob;
  Loc under_loc, at_loc, with_loc, prob_loc, when_loc;
  Answer *is;               /* `expect when ... is ANSWER` */
} CheckCtx;

typedef enum { E_EXPECT, E_QUERY, E_QUESTION } ExpectKind;

typedef struct Expect {
  ExpectKind kind;
  Loc loc;
  Check ck;
  CheckCtx cx;
  const char *text;         /* the check as written, for reports */
} Expect;

/* Top-level items in load order, for printing and the REPL. */
typedef enum {
  I_INCLUDE, I_SCENARIO, I_DECL, I_EXPECT
} ItemKind;

typedef struct Item {
  ItemKind k;
  Decl *decl;
  Expect *ex;
  const char *path;         /* I_INCLUDE */
  Loc loc;
} Item;

/* What deal fmt keeps of the author's layout, recorded by the scanner
 * when Program.keep_comments is set: the comments, the blank lines, and
 * the `}` that end blocks (so that a comment at the end of a block stays
 * in it).  Each file's marks are in source order; the files' may
 * interleave (an include is read while its includer is read ahead). */
typedef enum { MARK_COMMENT, MARK_BLANK, MARK_CLOSE } MarkKind;

typedef struct Mark {
  Loc loc;                  /* MARK_BLANK: the blank line, column 1 */
  const char *text;         /* MARK_COMMENT: from '#' to the end of the line */
  uint8_t kind;             /* a MarkKind */
  bool own_line;            /* MARK_COMMENT: nothing but blanks before it */
} Mark;

typedef struct Program {
  Arena arena;
  Arena text;               /* string literals' bytes: the scanner's (lex.c),
                               which may run in a thread of its own */
  bool keep_comments;       /* the scanner records the layout (deal fmt) */
  Mark *marks;
  uint32_t nmarks, capmarks;
  Intern names;
  Diag *diag;
  /* scenario */
  bool has_scenario;
  const char *title;
  int32_t asof;
  Loc scen_loc;
  /* declarations by kind, in load order */
  Decl **decls;
  uint32_t ndecls, capdecls;
  Party **parties;   uint32_t nparties, capparties;
  Alias **aliases;   uint32_t naliases, capaliases;
  Group **groups;    uint32_t ngroups, capgroups;
  Action **actions;  uint32_t nactions, capactions;
  Product **products; uint32_t nproducts, capproducts;
  Fact **facts;      uint32_t nfacts, capfacts;
  Agreement **agreements; uint32_t nagreements, capagreements;
  Dispute **disputes; uint32_t ndisputes, capdisputes;
  Outcome **outcomes; uint32_t noutcomes, capoutcomes;
  Clause **clauses;  uint32_t nclauses, capclauses;
  Expect **expects;  uint32_t nexpects, capexpects;
  Item *items;       uint32_t nitems, capitems;
  bool resolved;
  bool any_clash;
  int syntax_errors;        /* resolution is skipped after these */
  bool oom;                 /* reading stopped: out of memory */           /* some pair of outcomes cannot be chosen together */
  uint32_t walk_stamp;
  struct ResolveMark {
    uint32_t groups, products, agreements, clauses, disputes, outcomes,
        expects;
  } mark;                   /* what resolve_program has done */
  struct FileIdent { unsigned long long dev, ino; } *loaded;
  uint32_t nloaded, caploaded;
} Program;

/* scope: an agreement's or an outcome's Decl (anything else has no
 * clauses).  find gives the first clause of that name; add appends to the
 * scope's list. */
Clause *ast_clause_find(const Decl *scope, const Name *n);
void ast_clause_add(Program *p, Decl *scope, Clause *c);
/* Frees the clause lists of the agreements and outcomes from these
 * indices on (the program's end; the REPL dropping what it added). */
void ast_scopes_free(Program *p, uint32_t agreements, uint32_t outcomes);
const char *ast_kind_name(Kind k);
const char *ast_modal_text(Modal m);
bool idset_has(const IdSet *s, int32_t id);

#endif
