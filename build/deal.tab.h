/* A Bison parser, made by GNU Bison 3.8.2.  */

/* Bison interface for Yacc-like parsers in C

   Copyright (C) 1984, 1989-1990, 2000-2015, 2018-2021 Free Software Foundation,
   Inc.

   This program is free software: you can redistribute it and/or modify
   it under the terms of the GNU General Public License as published by
   the Free Software Foundation, either version 3 of the License, or
   (at your option) any later version.

   This program is distributed in the hope that it will be useful,
   but WITHOUT ANY WARRANTY; without even the implied warranty of
   MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
   GNU General Public License for more details.

   You should have received a copy of the GNU General Public License
   along with this program.  If not, see <https://www.gnu.org/licenses/>.  */

/* As a special exception, you may create a larger work that contains
   part or all of the Bison parser skeleton and distribute that work
   under terms of your choice, so long as that work isn't itself a
   parser generator using the skeleton or a modified version thereof
   as a parser skeleton.  Alternatively, if you modify or redistribute
   the parser skeleton itself, you may (at your option) remove this
   special exception, which will cause the skeleton and the resulting
   Bison output files to be licensed under the GNU General Public
   License without this special exception.

   This special exception was added by the Free Software Foundation in
   version 2.2 of Bison.  */

/* DO NOT RELY ON FEATURES THAT ARE NOT DOCUMENTED in the manual,
   especially those whose name start with YY_ or yy_.  They are
   private implementation details that can be changed or removed.  */

#ifndef YY_YY_BUILD_DEAL_TAB_H_INCLUDED
# define YY_YY_BUILD_DEAL_TAB_H_INCLUDED
/* Debug traces.  */
#ifndef YYDEBUG
# define YYDEBUG 0
#endif
#if YYDEBUG
extern int yydebug;
#endif
/* "%code requires" blocks.  */
#line 17 "grammar/deal.y"

#include "ast.h"
#include "parse.h"
#include "build.h"
typedef void *yyscan_t;

#line 56 "build/deal.tab.h"

/* Token kinds.  */
#ifndef YYTOKENTYPE
# define YYTOKENTYPE
  enum yytokentype
  {
    YYEMPTY = -2,
    END = 0,                       /* "end of file"  */
    YYerror = 256,                 /* error  */
    YYUNDEF = 257,                 /* "invalid token"  */
    IDENT = 258,                   /* "identifier"  */
    STRING = 259,                  /* "string"  */
    DATE = 260,                    /* "date"  */
    MONEY = 261,                   /* "amount"  */
    PERCENT = 262,                 /* "percentage"  */
    QUANTITY = 263,                /* "quantity"  */
    START_QUERY = 264,             /* "<query>"  */
    LEXERR = 265,                  /* "invalid token"  */
    KW_SCENARIO = 266,             /* "scenario"  */
    KW_AS = 267,                   /* "as"  */
    KW_OF = 268,                   /* "of"  */
    KW_PARTY = 269,                /* "party"  */
    KW_AKA = 270,                  /* "aka"  */
    KW_GROUP = 271,                /* "group"  */
    KW_ACTION = 272,               /* "action"  */
    KW_PRODUCT = 273,              /* "product"  */
    KW_IS = 274,                   /* "is"  */
    KW_OWNED = 275,                /* "owned"  */
    KW_BY = 276,                   /* "by"  */
    KW_FACT = 277,                 /* "fact"  */
    KW_TRUE = 278,                 /* "true"  */
    KW_FALSE = 279,                /* "false"  */
    KW_AGREEMENT = 280,            /* "agreement"  */
    KW_BETWEEN = 281,              /* "between"  */
    KW_SIGNED = 282,               /* "signed"  */
    KW_UNTIL = 283,                /* "until"  */
    KW_FROM = 284,                 /* "from"  */
    KW_CLAUSE = 285,               /* "clause"  */
    KW_ONLY = 286,                 /* "only"  */
    KW_AMONG = 287,                /* "among"  */
    KW_MAY = 288,                  /* "may"  */
    KW_MUST = 289,                 /* "must"  */
    KW_SHALL = 290,                /* "shall"  */
    KW_NOT = 291,                  /* "not"  */
    KW_IF = 292,                   /* "if"  */
    KW_UNLESS = 293,               /* "unless"  */
    KW_AND = 294,                  /* "and"  */
    KW_OR = 295,                   /* "or"  */
    KW_OVERRIDES = 296,            /* "overrides"  */
    KW_INVESTS = 297,              /* "invests"  */
    KW_IN = 298,                   /* "in"  */
    KW_COMMITTED = 299,            /* "committed"  */
    KW_PAYS = 300,                 /* "pays"  */
    KW_OWNS = 301,                 /* "owns"  */
    KW_VALUED = 302,               /* "valued"  */
    KW_SHARES = 303,               /* "shares"  */
    KW_REVENUE = 304,              /* "revenue"  */
    KW_WITH = 305,                 /* "with"  */
    KW_SUPPLIES = 306,             /* "supplies"  */
    KW_TO = 307,                   /* "to"  */
    KW_DISPUTE = 308,              /* "dispute"  */
    KW_PLAINTIFF = 309,            /* "plaintiff"  */
    KW_DEFENDANTS = 310,           /* "defendants"  */
    KW_CLAIM = 311,                /* "claim"  */
    KW_OUTCOME = 312,              /* "outcome"  */
    KW_PROBABILITY = 313,          /* "probability"  */
    KW_UPHOLD = 314,               /* "uphold"  */
    KW_VOID = 315,                 /* "void"  */
    KW_CONSTRUE = 316,             /* "construe"  */
    KW_COVERING = 317,             /* "covering"  */
    KW_AMEND = 318,                /* "amend"  */
    KW_ORDER = 319,                /* "order"  */
    KW_EXPECT = 320,               /* "expect"  */
    KW_UNDER = 321,                /* "under"  */
    KW_AT = 322,                   /* "at"  */
    KW_QUERY = 323,                /* "query"  */
    KW_WHO = 324,                  /* "who"  */
    KW_CONFLICT = 325,             /* "conflict"  */
    KW_INCLUDE = 326,              /* "include"  */
    KW_ON = 327,                   /* "on"  */
    KW_FOR = 328                   /* "for"  */
  };
  typedef enum yytokentype yytoken_kind_t;
#endif

/* Value type.  */
#if ! defined YYSTYPE && ! defined YYSTYPE_IS_DECLARED
union YYSTYPE
{
  Body * body;                             /* body  */
  Body * norm;                             /* norm  */
  Body * action_obj;                       /* action_obj  */
  Body * flow;                             /* flow  */
  Check * check;                           /* check  */
  CheckCtx * check_ctx;                    /* check_ctx  */
  Cond * cond;                             /* cond  */
  Mods * mods;                             /* mods  */
  MoneyOpt opt_committed;                  /* opt_committed  */
  MoneyOpt opt_valued;                     /* opt_valued  */
  Name * IDENT;                            /* "identifier"  */
  Ref * opt_among;                         /* opt_among  */
  Ref * ref;                               /* ref  */
  Ref * opt_revenue_from;                  /* opt_revenue_from  */
  RefList * opt_aka;                       /* opt_aka  */
  RefList * idents;                        /* idents  */
  RefList * refs;                          /* refs  */
  RefList * outcome_list;                  /* outcome_list  */
  const char * STRING;                     /* "string"  */
  const char * opt_string;                 /* opt_string  */
  int prep;                                /* prep  */
  int opt_prep;                            /* opt_prep  */
  int boolean;                             /* boolean  */
  int modal;                               /* modal  */
  int32_t DATE;                            /* "date"  */
  int32_t PERCENT;                         /* "percentage"  */
  int64_t MONEY;                           /* "amount"  */
  int64_t QUANTITY;                        /* "quantity"  */

#line 175 "build/deal.tab.h"

};
typedef union YYSTYPE YYSTYPE;
# define YYSTYPE_IS_TRIVIAL 1
# define YYSTYPE_IS_DECLARED 1
#endif

/* Location type.  */
typedef Loc YYLTYPE;




int yyparse (yyscan_t scanner, ParseCtx *ctx);

/* "%code provides" blocks.  */
#line 24 "grammar/deal.y"

int yylex(YYSTYPE *yylval, YYLTYPE *yylloc, yyscan_t scanner);

#line 196 "build/deal.tab.h"

#endif /* !YY_YY_BUILD_DEAL_TAB_H_INCLUDED  */
