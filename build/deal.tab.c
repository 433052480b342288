/* A Bison parser, made by GNU Bison 3.8.2.  */

/* Bison implementation for Yacc-like parsers in C

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

/* C LALR(1) parser skeleton written by Richard Stallman, by
   simplifying the original so-called "semantic" parser.  */

/* DO NOT RELY ON FEATURES THAT ARE NOT DOCUMENTED in the manual,
   especially those whose name start with YY_ or yy_.  They are
   private implementation details that can be changed or removed.  */

/* All symbols defined below should begin with yy or YY, to avoid
   infringing on user name space.  This should be done even for local
   variables, as they might otherwise be expanded by user macros.
   There are some unavoidable exceptions within include files to
   define necessary library symbols; they are noted "INFRINGES ON
   USER NAME SPACE" below.  */

/* Identify Bison output, and Bison version.  */
#define YYBISON 30802

/* Bison version string.  */
#define YYBISON_VERSION "3.8.2"

/* Skeleton name.  */
#define YYSKELETON_NAME "yacc.c"

/* Pure parsers.  */
#define YYPURE 2

/* Push parsers.  */
#define YYPUSH 0

/* Pull parsers.  */
#define YYPULL 1





# ifndef YY_CAST
#  ifdef __cplusplus
#   define YY_CAST(Type, Val) static_cast<Type> (Val)
#   define YY_REINTERPRET_CAST(Type, Val) reinterpret_cast<Type> (Val)
#  else
#   define YY_CAST(Type, Val) ((Type) (Val))
#   define YY_REINTERPRET_CAST(Type, Val) ((Type) (Val))
#  endif
# endif
# ifndef YY_NULLPTR
#  if defined __cplusplus
#   if 201103L <= __cplusplus
#    define YY_NULLPTR nullptr
#   else
#    define YY_NULLPTR 0
#   endif
#  else
#   define YY_NULLPTR ((void*)0)
#  endif
# endif

#include "deal.tab.h"
/* Symbol kind.  */
enum yysymbol_kind_t
{
  YYSYMBOL_YYEMPTY = -2,
  YYSYMBOL_YYEOF = 0,                      /* "end of file"  */
  YYSYMBOL_YYerror = 1,                    /* error  */
  YYSYMBOL_YYUNDEF = 2,                    /* "invalid token"  */
  YYSYMBOL_IDENT = 3,                      /* "identifier"  */
  YYSYMBOL_STRING = 4,                     /* "string"  */
  YYSYMBOL_DATE = 5,                       /* "date"  */
  YYSYMBOL_MONEY = 6,                      /* "amount"  */
  YYSYMBOL_PERCENT = 7,                    /* "percentage"  */
  YYSYMBOL_QUANTITY = 8,                   /* "quantity"  */
  YYSYMBOL_START_QUERY = 9,                /* "<query>"  */
  YYSYMBOL_LEXERR = 10,                    /* "invalid token"  */
  YYSYMBOL_KW_SCENARIO = 11,               /* "scenario"  */
  YYSYMBOL_KW_AS = 12,                     /* "as"  */
  YYSYMBOL_KW_OF = 13,                     /* "of"  */
  YYSYMBOL_KW_PARTY = 14,                  /* "party"  */
  YYSYMBOL_KW_AKA = 15,                    /* "aka"  */
  YYSYMBOL_KW_GROUP = 16,                  /* "group"  */
  YYSYMBOL_KW_ACTION = 17,                 /* "action"  */
  YYSYMBOL_KW_PRODUCT = 18,                /* "product"  */
  YYSYMBOL_KW_IS = 19,                     /* "is"  */
  YYSYMBOL_KW_OWNED = 20,                  /* "owned"  */
  YYSYMBOL_KW_BY = 21,                     /* "by"  */
  YYSYMBOL_KW_FACT = 22,                   /* "fact"  */
  YYSYMBOL_KW_TRUE = 23,                   /* "true"  */
  YYSYMBOL_KW_FALSE = 24,                  /* "false"  */
  YYSYMBOL_KW_AGREEMENT = 25,              /* "agreement"  */
  YYSYMBOL_KW_BETWEEN = 26,                /* "between"  */
  YYSYMBOL_KW_SIGNED = 27,                 /* "signed"  */
  YYSYMBOL_KW_UNTIL = 28,                  /* "until"  */
  YYSYMBOL_KW_FROM = 29,                   /* "from"  */
  YYSYMBOL_KW_CLAUSE = 30,                 /* "clause"  */
  YYSYMBOL_KW_ONLY = 31,                   /* "only"  */
  YYSYMBOL_KW_AMONG = 32,                  /* "among"  */
  YYSYMBOL_KW_MAY = 33,                    /* "may"  */
  YYSYMBOL_KW_MUST = 34,                   /* "must"  */
  YYSYMBOL_KW_SHALL = 35,                  /* "shall"  */
  YYSYMBOL_KW_NOT = 36,                    /* "not"  */
  YYSYMBOL_KW_IF = 37,                     /* "if"  */
  YYSYMBOL_KW_UNLESS = 38,                 /* "unless"  */
  YYSYMBOL_KW_AND = 39,                    /* "and"  */
  YYSYMBOL_KW_OR = 40,                     /* "or"  */
  YYSYMBOL_KW_OVERRIDES = 41,              /* "overrides"  */
  YYSYMBOL_KW_INVESTS = 42,                /* "invests"  */
  YYSYMBOL_KW_IN = 43,                     /* "in"  */
  YYSYMBOL_KW_COMMITTED = 44,              /* "committed"  */
  YYSYMBOL_KW_PAYS = 45,                   /* "pays"  */
  YYSYMBOL_KW_OWNS = 46,                   /* "owns"  */
  YYSYMBOL_KW_VALUED = 47,                 /* "valued"  */
  YYSYMBOL_KW_SHARES = 48,                 /* "shares"  */
  YYSYMBOL_KW_REVENUE = 49,                /* "revenue"  */
  YYSYMBOL_KW_WITH = 50,                   /* "with"  */
  YYSYMBOL_KW_SUPPLIES = 51,               /* "supplies"  */
  YYSYMBOL_KW_TO = 52,                     /* "to"  */
  YYSYMBOL_KW_DISPUTE = 53,                /* "dispute"  */
  YYSYMBOL_KW_PLAINTIFF = 54,              /* "plaintiff"  */
  YYSYMBOL_KW_DEFENDANTS = 55,             /* "defendants"  */
  YYSYMBOL_KW_CLAIM = 56,                  /* "claim"  */
  YYSYMBOL_KW_OUTCOME = 57,                /* "outcome"  */
  YYSYMBOL_KW_PROBABILITY = 58,            /* "probability"  */
  YYSYMBOL_KW_UPHOLD = 59,                 /* "uphold"  */
  YYSYMBOL_KW_VOID = 60,                   /* "void"  */
  YYSYMBOL_KW_CONSTRUE = 61,               /* "construe"  */
  YYSYMBOL_KW_COVERING = 62,               /* "covering"  */
  YYSYMBOL_KW_AMEND = 63,                  /* "amend"  */
  YYSYMBOL_KW_ORDER = 64,                  /* "order"  */
  YYSYMBOL_KW_EXPECT = 65,                 /* "expect"  */
  YYSYMBOL_KW_UNDER = 66,                  /* "under"  */
  YYSYMBOL_KW_AT = 67,                     /* "at"  */
  YYSYMBOL_KW_QUERY = 68,                  /* "query"  */
  YYSYMBOL_KW_WHO = 69,                    /* "who"  */
  YYSYMBOL_KW_CONFLICT = 70,               /* "conflict"  */
  YYSYMBOL_KW_INCLUDE = 71,                /* "include"  */
  YYSYMBOL_KW_ON = 72,                     /* "on"  */
  YYSYMBOL_KW_FOR = 73,                    /* "for"  */
  YYSYMBOL_74_ = 74,                       /* ';'  */
  YYSYMBOL_75_ = 75,                       /* '?'  */
  YYSYMBOL_76_ = 76,                       /* '='  */
  YYSYMBOL_77_ = 77,                       /* '}'  */
  YYSYMBOL_78_ = 78,                       /* ','  */
  YYSYMBOL_79_ = 79,                       /* '{'  */
  YYSYMBOL_80_ = 80,                       /* ':'  */
  YYSYMBOL_81_ = 81,                       /* '.'  */
  YYSYMBOL_82_ = 82,                       /* '('  */
  YYSYMBOL_83_ = 83,                       /* ')'  */
  YYSYMBOL_YYACCEPT = 84,                  /* $accept  */
  YYSYMBOL_start = 85,                     /* start  */
  YYSYMBOL_opt_end = 86,                   /* opt_end  */
  YYSYMBOL_program = 87,                   /* program  */
  YYSYMBOL_item = 88,                      /* item  */
  YYSYMBOL_89_1 = 89,                      /* $@1  */
  YYSYMBOL_opt_string = 90,                /* opt_string  */
  YYSYMBOL_opt_aka = 91,                   /* opt_aka  */
  YYSYMBOL_idents = 92,                    /* idents  */
  YYSYMBOL_prep = 93,                      /* prep  */
  YYSYMBOL_opt_prep = 94,                  /* opt_prep  */
  YYSYMBOL_product_mods = 95,              /* product_mods  */
  YYSYMBOL_boolean = 96,                   /* boolean  */
  YYSYMBOL_agreement = 97,                 /* agreement  */
  YYSYMBOL_98_2 = 98,                      /* $@2  */
  YYSYMBOL_opt_agreement_until = 99,       /* opt_agreement_until  */
  YYSYMBOL_clauses = 100,                  /* clauses  */
  YYSYMBOL_body = 101,                     /* body  */
  YYSYMBOL_norm = 102,                     /* norm  */
  YYSYMBOL_opt_among = 103,                /* opt_among  */
  YYSYMBOL_modal = 104,                    /* modal  */
  YYSYMBOL_action_obj = 105,               /* action_obj  */
  YYSYMBOL_mods = 106,                     /* mods  */
  YYSYMBOL_refs = 107,                     /* refs  */
  YYSYMBOL_ref = 108,                      /* ref  */
  YYSYMBOL_cond = 109,                     /* cond  */
  YYSYMBOL_flow = 110,                     /* flow  */
  YYSYMBOL_opt_committed = 111,            /* opt_committed  */
  YYSYMBOL_opt_valued = 112,               /* opt_valued  */
  YYSYMBOL_opt_revenue_from = 113,         /* opt_revenue_from  */
  YYSYMBOL_dispute = 114,                  /* dispute  */
  YYSYMBOL_115_3 = 115,                    /* $@3  */
  YYSYMBOL_dispute_items = 116,            /* dispute_items  */
  YYSYMBOL_outcome = 117,                  /* outcome  */
  YYSYMBOL_118_4 = 118,                    /* $@4  */
  YYSYMBOL_opt_probability = 119,          /* opt_probability  */
  YYSYMBOL_outcome_stmts = 120,            /* outcome_stmts  */
  YYSYMBOL_outcome_stmt = 121,             /* outcome_stmt  */
  YYSYMBOL_check = 122,                    /* check  */
  YYSYMBOL_check_ctx = 123,                /* check_ctx  */
  YYSYMBOL_outcome_list = 124              /* outcome_list  */
};
typedef enum yysymbol_kind_t yysymbol_kind_t;



/* Unqualified %code blocks.  */
#line 28 "grammar/deal.y"

#define YYLLOC_DEFAULT(Cur, Rhs, N)                                          \
  do {                                                                       \
    if (N) (Cur) = YYRHSLOC(Rhs, 1);                                         \
    else { (Cur) = YYRHSLOC(Rhs, 0); (Cur).len = 0; }                        \
  } while (0)
#define YYMALLOC build_stack_alloc
#define YYFREE build_stack_free
static void yyerror(const Loc *l, yyscan_t scanner, ParseCtx *ctx,
                    const char *msg);

#line 240 "build/deal.tab.c"

#ifdef short
# undef short
#endif

/* On compilers that do not define __PTRDIFF_MAX__ etc., make sure
   <limits.h> and (if available) <stdint.h> are included
   so that the code can choose integer types of a good width.  */

#ifndef __PTRDIFF_MAX__
# include <limits.h> /* INFRINGES ON USER NAME SPACE */
# if defined __STDC_VERSION__ && 199901 <= __STDC_VERSION__
#  include <stdint.h> /* INFRINGES ON USER NAME SPACE */
#  define YY_STDINT_H
# endif
#endif

/* Narrow types that promote to a signed type and that can represent a
   signed or unsigned integer of at least N bits.  In tables they can
   save space and decrease cache pressure.  Promoting to a signed type
   helps avoid bugs in integer arithmetic.  */

#ifdef __INT_LEAST8_MAX__
typedef __INT_LEAST8_TYPE__ yytype_int8;
#elif defined YY_STDINT_H
typedef int_least8_t yytype_int8;
#else
typedef signed char yytype_int8;
#endif

#ifdef __INT_LEAST16_MAX__
typedef __INT_LEAST16_TYPE__ yytype_int16;
#elif defined YY_STDINT_H
typedef int_least16_t yytype_int16;
#else
typedef short yytype_int16;
#endif

/* Work around bug in HP-UX 11.23, which defines these macros
   incorrectly for preprocessor constants.  This workaround can likely
   be removed in 2023, as HPE has promised support for HP-UX 11.23
   (aka HP-UX 11i v2) only through the end of 2022; see Table 2 of
   <https://h20195.www2.hpe.com/V2/getpdf.aspx/4AA4-7673ENW.pdf>.  */
#ifdef __hpux
# undef UINT_LEAST8_MAX
# undef UINT_LEAST16_MAX
# define UINT_LEAST8_MAX 255
# define UINT_LEAST16_MAX 65535
#endif

#if defined __UINT_LEAST8_MAX__ && __UINT_LEAST8_MAX__ <= __INT_MAX__
typedef __UINT_LEAST8_TYPE__ yytype_uint8;
#elif (!defined __UINT_LEAST8_MAX__ && defined YY_STDINT_H \
       && UINT_LEAST8_MAX <= INT_MAX)
typedef uint_least8_t yytype_uint8;
#elif !defined __UINT_LEAST8_MAX__ && UCHAR_MAX <= INT_MAX
typedef unsigned char yytype_uint8;
#else
typedef short yytype_uint8;
#endif

#if defined __UINT_LEAST16_MAX__ && __UINT_LEAST16_MAX__ <= __INT_MAX__
typedef __UINT_LEAST16_TYPE__ yytype_uint16;
#elif (!defined __UINT_LEAST16_MAX__ && defined YY_STDINT_H \
       && UINT_LEAST16_MAX <= INT_MAX)
typedef uint_least16_t yytype_uint16;
#elif !defined __UINT_LEAST16_MAX__ && USHRT_MAX <= INT_MAX
typedef unsigned short yytype_uint16;
#else
typedef int yytype_uint16;
#endif

#ifndef YYPTRDIFF_T
# if defined __PTRDIFF_TYPE__ && defined __PTRDIFF_MAX__
#  define YYPTRDIFF_T __PTRDIFF_TYPE__
#  define YYPTRDIFF_MAXIMUM __PTRDIFF_MAX__
# elif defined PTRDIFF_MAX
#  ifndef ptrdiff_t
#   include <stddef.h> /* INFRINGES ON USER NAME SPACE */
#  endif
#  define YYPTRDIFF_T ptrdiff_t
#  define YYPTRDIFF_MAXIMUM PTRDIFF_MAX
# else
#  define YYPTRDIFF_T long
#  define YYPTRDIFF_MAXIMUM LONG_MAX
# endif
#endif

#ifndef YYSIZE_T
# ifdef __SIZE_TYPE__
#  define YYSIZE_T __SIZE_TYPE__
# elif defined size_t
#  define YYSIZE_T size_t
# elif defined __STDC_VERSION__ && 199901 <= __STDC_VERSION__
#  include <stddef.h> /* INFRINGES ON USER NAME SPACE */
#  define YYSIZE_T size_t
# else
#  define YYSIZE_T unsigned
# endif
#endif

#define YYSIZE_MAXIMUM                                  \
  YY_CAST (YYPTRDIFF_T,                                 \
           (YYPTRDIFF_MAXIMUM < YY_CAST (YYSIZE_T, -1)  \
            ? YYPTRDIFF_MAXIMUM                         \
            : YY_CAST (YYSIZE_T, -1)))

#define YYSIZEOF(X) YY_CAST (YYPTRDIFF_T, sizeof (X))


/* Stored state numbers (used for stacks). */
typedef yytype_int16 yy_state_t;

/* State numbers in computations.  */
typedef int yy_state_fast_t;

#ifndef YY_
# if defined YYENABLE_NLS && YYENABLE_NLS
#  if ENABLE_NLS
#   include <libintl.h> /* INFRINGES ON USER NAME SPACE */
#   define YY_(Msgid) dgettext ("bison-runtime", Msgid)
#  endif
# endif
# ifndef YY_
#  define YY_(Msgid) Msgid
# endif
#endif


#ifndef YY_ATTRIBUTE_PURE
# if defined __GNUC__ && 2 < __GNUC__ + (96 <= __GNUC_MINOR__)
#  define YY_ATTRIBUTE_PURE __attribute__ ((__pure__))
# else
#  define YY_ATTRIBUTE_PURE
# endif
#endif

#ifndef YY_ATTRIBUTE_UNUSED
# if defined __GNUC__ && 2 < __GNUC__ + (7 <= __GNUC_MINOR__)
#  define YY_ATTRIBUTE_UNUSED __attribute__ ((__unused__))
# else
#  define YY_ATTRIBUTE_UNUSED
# endif
#endif

/* Suppress unused-variable warnings by "using" E.  */
#if ! defined lint || defined __GNUC__
# define YY_USE(E) ((void) (E))
#else
# define YY_USE(E) /* empty */
#endif

/* Suppress an incorrect diagnostic about yylval being uninitialized.  */
#if defined __GNUC__ && ! defined __ICC && 406 <= __GNUC__ * 100 + __GNUC_MINOR__
# if __GNUC__ * 100 + __GNUC_MINOR__ < 407
#  define YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN                           \
    _Pragma ("GCC diagnostic push")                                     \
    _Pragma ("GCC diagnostic ignored \"-Wuninitialized\"")
# else
#  define YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN                           \
    _Pragma ("GCC diagnostic push")                                     \
    _Pragma ("GCC diagnostic ignored \"-Wuninitialized\"")              \
    _Pragma ("GCC diagnostic ignored \"-Wmaybe-uninitialized\"")
# endif
# define YY_IGNORE_MAYBE_UNINITIALIZED_END      \
    _Pragma ("GCC diagnostic pop")
#else
# define YY_INITIAL_VALUE(Value) Value
#endif
#ifndef YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN
# define YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN
# define YY_IGNORE_MAYBE_UNINITIALIZED_END
#endif
#ifndef YY_INITIAL_VALUE
# define YY_INITIAL_VALUE(Value) /* Nothing. */
#endif

#if defined __cplusplus && defined __GNUC__ && ! defined __ICC && 6 <= __GNUC__
# define YY_IGNORE_USELESS_CAST_BEGIN                          \
    _Pragma ("GCC diagnostic push")                            \
    _Pragma ("GCC diagnostic ignored \"-Wuseless-cast\"")
# define YY_IGNORE_USELESS_CAST_END            \
    _Pragma ("GCC diagnostic pop")
#endif
#ifndef YY_IGNORE_USELESS_CAST_BEGIN
# define YY_IGNORE_USELESS_CAST_BEGIN
# define YY_IGNORE_USELESS_CAST_END
#endif


#define YY_ASSERT(E) ((void) (0 && (E)))

#if 1

/* The parser invokes alloca or malloc; define the necessary symbols.  */

# ifdef YYSTACK_ALLOC
   /* Pacify GCC's 'empty if-body' warning.  */
#  define YYSTACK_FREE(Ptr) do { /* empty */; } while (0)
#  ifndef YYSTACK_ALLOC_MAXIMUM
    /* The OS might guarantee only one guard page at the bottom of the stack,
       and a page size can be as small as 4096 bytes.  So we cannot safely
       invoke alloca (N) if N exceeds 4096.  Use a slightly smaller number
       to allow for a few compiler-allocated temporary stack slots.  */
#   define YYSTACK_ALLOC_MAXIMUM 4032 /* reasonable circa 2006 */
#  endif
# else
#  define YYSTACK_ALLOC YYMALLOC
#  define YYSTACK_FREE YYFREE
#  ifndef YYSTACK_ALLOC_MAXIMUM
#   define YYSTACK_ALLOC_MAXIMUM YYSIZE_MAXIMUM
#  endif
#  if (defined __cplusplus && ! defined EXIT_SUCCESS \
       && ! ((defined YYMALLOC || defined malloc) \
             && (defined YYFREE || defined free)))
#   include <stdlib.h> /* INFRINGES ON USER NAME SPACE */
#   ifndef EXIT_SUCCESS
#    define EXIT_SUCCESS 0
#   endif
#  endif
#  ifndef YYMALLOC
#   define YYMALLOC malloc
#   if ! defined malloc && ! defined EXIT_SUCCESS
void *malloc (YYSIZE_T); /* INFRINGES ON USER NAME SPACE */
#   endif
#  endif
#  ifndef YYFREE
#   define YYFREE free
#   if ! defined free && ! defined EXIT_SUCCESS
void free (void *); /* INFRINGES ON USER NAME SPACE */
#   endif
#  endif
# endif
# define YYCOPY_NEEDED 1
#endif /* 1 */

#if (! defined yyoverflow \
     && (! defined __cplusplus \
         || (defined YYLTYPE_IS_TRIVIAL && YYLTYPE_IS_TRIVIAL \
             && defined YYSTYPE_IS_TRIVIAL && YYSTYPE_IS_TRIVIAL)))

/* A type that is properly aligned for any stack member.  */
union yyalloc
{
  yy_state_t yyss_alloc;
  YYSTYPE yyvs_alloc;
  YYLTYPE yyls_alloc;
};

/* The size of the maximum gap between one aligned stack and the next.  */
# define YYSTACK_GAP_MAXIMUM (YYSIZEOF (union yyalloc) - 1)

/* The size of an array large to enough to hold all stacks, each with
   N elements.  */
# define YYSTACK_BYTES(N) \
     ((N) * (YYSIZEOF (yy_state_t) + YYSIZEOF (YYSTYPE) \
             + YYSIZEOF (YYLTYPE)) \
      + 2 * YYSTACK_GAP_MAXIMUM)

# define YYCOPY_NEEDED 1

/* Relocate STACK from its old location to the new one.  The
   local variables YYSIZE and YYSTACKSIZE give the old and new number of
   elements in the stack, and YYPTR gives the new location of the
   stack.  Advance YYPTR to a properly aligned location for the next
   stack.  */
# define YYSTACK_RELOCATE(Stack_alloc, Stack)                           \
    do                                                                  \
      {                                                                 \
        YYPTRDIFF_T yynewbytes;                                         \
        YYCOPY (&yyptr->Stack_alloc, Stack, yysize);                    \
        Stack = &yyptr->Stack_alloc;                                    \
        yynewbytes = yystacksize * YYSIZEOF (*Stack) + YYSTACK_GAP_MAXIMUM; \
        yyptr += yynewbytes / YYSIZEOF (*yyptr);                        \
      }                                                                 \
    while (0)

#endif

#if defined YYCOPY_NEEDED && YYCOPY_NEEDED
/* Copy COUNT objects from SRC to DST.  The source and destination do
   not overlap.  */
# ifndef YYCOPY
#  if defined __GNUC__ && 1 < __GNUC__
#   define YYCOPY(Dst, Src, Count) \
      __builtin_memcpy (Dst, Src, YY_CAST (YYSIZE_T, (Count)) * sizeof (*(Src)))
#  else
#   define YYCOPY(Dst, Src, Count)              \
      do                                        \
        {                                       \
          YYPTRDIFF_T yyi;                      \
          for (yyi = 0; yyi < (Count); yyi++)   \
            (Dst)[yyi] = (Src)[yyi];            \
        }                                       \
      while (0)
#  endif
# endif
#endif /* !YYCOPY_NEEDED */

/* YYFINAL -- State number of the termination state.  */
#define YYFINAL  13
/* YYLAST -- Last index in YYTABLE.  */
#define YYLAST   292

/* YYNTOKENS -- Number of terminals.  */
#define YYNTOKENS  84
/* YYNNTS -- Number of nonterminals.  */
#define YYNNTS  41
/* YYNRULES -- Number of rules.  */
#define YYNRULES  124
/* YYNSTATES -- Number of states.  */
#define YYNSTATES  286

/* YYMAXUTOK -- Last valid token kind.  */
#define YYMAXUTOK   328


/* YYTRANSLATE(TOKEN-NUM) -- Symbol number corresponding to TOKEN-NUM
   as returned by yylex, with out-of-bounds checking.  */
#define YYTRANSLATE(YYX)                                \
  (0 <= (YYX) && (YYX) <= YYMAXUTOK                     \
   ? YY_CAST (yysymbol_kind_t, yytranslate[YYX])        \
   : YYSYMBOL_YYUNDEF)

/* YYTRANSLATE[TOKEN-NUM] -- Symbol number corresponding to TOKEN-NUM
   as returned by yylex.  */
static const yytype_int8 yytranslate[] =
{
       0,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
      82,    83,     2,     2,    78,     2,    81,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,    80,    74,
       2,    76,     2,    75,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,    79,     2,    77,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     2,     2,     2,     2,
       2,     2,     2,     2,     2,     2,     1,     2,     3,     4,
       5,     6,     7,     8,     9,    10,    11,    12,    13,    14,
      15,    16,    17,    18,    19,    20,    21,    22,    23,    24,
      25,    26,    27,    28,    29,    30,    31,    32,    33,    34,
      35,    36,    37,    38,    39,    40,    41,    42,    43,    44,
      45,    46,    47,    48,    49,    50,    51,    52,    53,    54,
      55,    56,    57,    58,    59,    60,    61,    62,    63,    64,
      65,    66,    67,    68,    69,    70,    71,    72,    73
};

#if YYDEBUG
/* YYRLINE[YYN] -- Source line where rule number YYN was defined.  */
static const yytype_int16 yyrline[] =
{
       0,    86,    86,    87,    88,    92,    92,    92,    95,    96,
     100,   101,   102,   103,   104,   105,   105,   107,   108,   109,
     110,   111,   112,   114,   115,   116,   117,   118,   122,   123,
     127,   128,   132,   133,   137,   138,   139,   140,   141,   145,
     146,   150,   151,   152,   156,   157,   162,   161,   167,   168,
     172,   173,   174,   178,   179,   183,   184,   189,   190,   194,
     195,   196,   197,   198,   199,   203,   207,   208,   209,   210,
     211,   212,   216,   217,   221,   222,   226,   227,   228,   229,
     230,   234,   236,   238,   240,   242,   247,   248,   252,   253,
     257,   258,   262,   262,   267,   268,   269,   270,   271,   272,
     276,   276,   281,   282,   286,   287,   288,   292,   293,   294,
     295,   296,   297,   298,   299,   303,   304,   305,   306,   310,
     311,   312,   313,   317,   318
};
#endif

/** Accessing symbol of state STATE.  */
#define YY_ACCESSING_SYMBOL(State) YY_CAST (yysymbol_kind_t, yystos[State])

#if 1
/* The user-facing name of the symbol whose (internal) number is
   YYSYMBOL.  No bounds checking.  */
static const char *yysymbol_name (yysymbol_kind_t yysymbol) YY_ATTRIBUTE_UNUSED;

static const char *
yysymbol_name (yysymbol_kind_t yysymbol)
{
  static const char *const yy_sname[] =
  {
  "end of file", "error", "invalid token", "identifier", "string", "date",
  "amount", "percentage", "quantity", "<query>", "invalid token",
  "scenario", "as", "of", "party", "aka", "group", "action", "product",
  "is", "owned", "by", "fact", "true", "false", "agreement", "between",
  "signed", "until", "from", "clause", "only", "among", "may", "must",
  "shall", "not", "if", "unless", "and", "or", "overrides", "invests",
  "in", "committed", "pays", "owns", "valued", "shares", "revenue", "with",
  "supplies", "to", "dispute", "plaintiff", "defendants", "claim",
  "outcome", "probability", "uphold", "void", "construe", "covering",
  "amend", "order", "expect", "under", "at", "query", "who", "conflict",
  "include", "on", "for", "';'", "'?'", "'='", "'}'", "','", "'{'", "':'",
  "'.'", "'('", "')'", "$accept", "start", "opt_end", "program", "item",
  "$@1", "opt_string", "opt_aka", "idents", "prep", "opt_prep",
  "product_mods", "boolean", "agreement", "$@2", "opt_agreement_until",
  "clauses", "body", "norm", "opt_among", "modal", "action_obj", "mods",
  "refs", "ref", "cond", "flow", "opt_committed", "opt_valued",
  "opt_revenue_from", "dispute", "$@3", "dispute_items", "outcome", "$@4",
  "opt_probability", "outcome_stmts", "outcome_stmt", "check", "check_ctx",
  "outcome_list", YY_NULLPTR
  };
  return yy_sname[yysymbol];
}
#endif

#define YYPACT_NINF (-207)

#define yypact_value_is_default(Yyn) \
  ((Yyn) == YYPACT_NINF)

#define YYTABLE_NINF (-3)

#define yytable_value_is_error(Yyn) \
  0

/* YYPACT[STATE-NUM] -- Index in YYTABLE of the portion describing
   STATE-NUM.  */
static const yytype_int16 yypact[] =
{
       1,    19,    18,   109,   101,    39,    20,   172,    39,   -11,
    -207,  -207,  -207,  -207,    34,    74,    57,    83,   103,   110,
     112,   119,   132,    20,    22,   172,   133,  -207,  -207,  -207,
    -207,   135,   145,   146,   149,   156,  -207,   -11,  -207,   134,
     136,   140,   154,     4,   179,   180,   172,    92,  -207,  -207,
     173,   182,   120,    78,   182,   122,   182,   182,  -207,   172,
    -207,   154,   126,    94,   165,   203,   197,   198,   162,   172,
    -207,  -207,  -207,    78,  -207,  -207,  -207,  -207,   154,   157,
     214,   213,  -207,  -207,  -207,   206,  -207,   205,    39,  -207,
    -207,  -207,  -207,  -207,  -207,   182,  -207,    12,   195,  -207,
     121,   154,   123,  -207,  -207,  -207,  -207,   219,  -207,   220,
     176,   221,   154,   223,    92,  -207,   222,  -207,   188,  -207,
     225,    39,   158,   -54,   159,  -207,  -207,  -207,   160,    39,
     152,  -207,  -207,  -207,    88,   184,   175,   189,   208,  -207,
    -207,  -207,  -207,   175,  -207,   232,   164,   161,  -207,  -207,
    -207,    -6,  -207,   -12,  -207,   125,  -207,   234,  -207,   236,
     237,     3,     3,   240,   238,  -207,   242,   196,   175,   175,
    -207,  -207,   244,   227,  -207,   245,     7,  -207,  -207,   175,
    -207,  -207,  -207,     3,     3,    79,    79,   168,   174,  -207,
    -207,   175,  -207,   248,  -207,   250,  -207,   181,    39,    39,
     252,   251,  -207,  -207,  -207,    56,     3,     3,   254,   240,
    -207,  -207,   230,  -207,   -46,   -37,   185,   182,  -207,  -207,
     224,  -207,  -207,   175,   255,   183,  -207,  -207,  -207,  -207,
    -207,  -207,   207,    10,   257,   187,   193,   258,  -207,  -207,
    -207,  -207,   190,    16,    13,   194,   101,   266,   268,   240,
     240,   240,   240,    23,  -207,   199,  -207,   200,  -207,  -207,
    -207,   201,   192,   202,   204,   263,   209,   210,  -207,  -207,
      12,    13,  -207,  -207,   217,    13,  -207,   211,   212,   277,
     216,  -207,  -207,   218,  -207,  -207
};

/* YYDEFACT[STATE-NUM] -- Default reduction number in state STATE-NUM.
   Performed when YYTABLE does not specify something else to do.  Zero
   means the default is an error.  */
static const yytype_int8 yydefact[] =
{
       8,     0,     0,     0,    32,     0,     0,     0,     0,    57,
     115,   116,   119,     1,     0,     0,     0,     0,     0,     0,
       0,     0,     0,     0,     0,     0,     0,     9,    18,    19,
     119,     0,     0,     0,     0,     0,    32,    57,   117,    59,
      61,    63,     0,     0,     0,     0,     0,     5,    26,    27,
       0,    28,     0,    39,    28,     0,    28,    28,   119,     0,
     119,     0,     0,     0,     0,     0,     0,     0,     0,     0,
      60,    62,    64,    39,   119,   118,    58,    33,     0,     0,
       0,     0,     6,     7,     3,     0,    29,    30,     0,    36,
      34,    35,    37,    38,    40,    28,    15,     0,     0,    92,
       0,     0,     0,   119,    10,    24,    23,     0,    66,     0,
       0,     0,     0,     0,     5,    66,     0,   123,   120,   121,
       0,     0,     0,     0,     0,    41,    44,    45,     0,     0,
       0,    20,   119,    21,     0,    86,    82,    88,    90,    66,
      66,    65,     4,    55,   122,     0,     0,    31,    12,    13,
      14,     0,    17,     0,    94,     0,    25,     0,    66,     0,
       0,     0,     0,     0,     0,    66,     0,     0,    85,    56,
     124,    11,     0,     0,    16,     0,     0,    22,    87,    81,
      68,    67,    76,     0,     0,    69,    70,    74,    71,    72,
      89,    83,    91,     0,    42,     0,    46,     0,     0,     0,
       0,     0,    93,    98,    77,     0,     0,     0,     0,     0,
      66,    43,    48,    99,     0,     0,     0,    28,    80,    78,
      79,    75,    73,    84,     0,     0,    95,    96,    97,   100,
      49,    50,   102,     0,     0,     0,     0,     0,    47,   103,
     104,    52,     0,     0,     0,     0,     0,     0,     0,     0,
       0,     0,     0,     0,   101,     0,   105,     0,    53,    54,
     106,     0,     0,     0,     0,     0,     0,     0,   113,    51,
       0,     0,   107,   108,     0,     0,   112,     0,     0,     0,
       0,   114,   111,     0,   110,   109
};

/* YYPGOTO[NTERM-NUM].  */
static const yytype_int16 yypgoto[] =
{
    -207,  -207,   167,  -207,  -207,  -207,   -52,  -207,    -5,  -207,
     215,  -207,    17,  -207,  -207,  -207,  -207,  -206,  -139,   246,
      48,   -31,  -106,  -207,  -152,  -135,  -142,  -207,  -207,  -207,
    -207,  -207,  -207,  -207,  -207,  -207,  -207,  -207,   178,   -29,
    -207
};

/* YYDEFGOTO[NTERM-NUM].  */
static const yytype_int16 yydefgoto[] =
{
       0,     2,    84,     3,    27,   125,    87,   122,     9,    94,
      95,   151,   128,    28,   212,   225,   233,   257,    10,    46,
      42,    74,   136,   188,   189,   185,    11,   158,   165,   167,
      29,   130,   176,   203,   232,   235,   243,   256,    12,    47,
     118
};

/* YYTABLE[YYPACT[STATE-NUM]] -- What to do in state STATE-NUM.  If
   positive, shift that token.  If negative, reduce the rule whose
   number is the opposite.  If YYTABLE_NINF, syntax error.  */
static const yytype_int16 yytable[] =
{
      37,    63,    96,    43,    98,    99,   182,    73,   197,   143,
       1,   236,    75,   172,   173,   175,     4,   245,    13,   246,
     149,    44,     4,     4,    45,     4,    36,   186,   226,   100,
     103,   102,    45,   168,   169,   126,   127,   227,   247,   183,
     237,    45,    36,   124,     5,   114,   248,   115,   204,   205,
       5,     5,   179,     5,     5,     6,     6,   222,     6,   191,
      51,   198,   199,   200,   201,   278,    45,    45,   174,   280,
     132,   219,   220,    61,   134,   249,   250,   251,    50,   252,
     253,   140,    45,   123,   202,   184,    52,   238,     7,     8,
       8,    59,     8,   254,    78,   206,   207,   263,   264,   265,
     266,   255,   259,   155,   223,   258,    53,   101,    48,    -2,
      14,    49,     4,    54,   267,    55,   147,   112,   206,   207,
      15,    89,    56,    16,   153,    17,    18,    19,    90,   259,
      91,    20,   258,   259,    21,    57,   258,    62,    79,   218,
       5,    64,    79,    31,    79,     6,    32,    33,    65,    34,
      92,    93,    35,    66,    80,    81,    67,    73,    80,    81,
      80,    81,    22,   156,    68,   229,    82,    83,   105,   106,
      70,    79,    71,    79,    23,    79,    72,    24,    25,     8,
      26,    30,    76,    77,    38,    85,    86,    80,    81,    80,
      81,    80,    81,   214,   215,   131,    88,   133,    97,   177,
     104,    58,    60,   159,   160,    39,    40,    41,   107,   108,
     109,   110,   161,   162,   111,   116,   163,   117,   119,   120,
     121,   129,   135,   137,   139,   138,   141,   145,   157,   144,
     146,   154,   148,   150,   152,   170,   164,   166,   171,    45,
     178,   180,   181,   187,   190,   192,   193,   194,   195,   208,
     196,   210,   209,   211,   217,   213,   216,   221,   224,   228,
     230,   242,   231,   206,   239,   234,   240,   241,   260,   261,
     244,   262,   271,   268,   269,   274,   272,   270,   273,   279,
     283,   142,     0,    69,   276,   281,   282,   277,   113,   275,
     284,     0,   285
};

static const yytype_int16 yycheck[] =
{
       5,    30,    54,     8,    56,    57,     3,     3,     1,   115,
       9,     1,    43,    19,    20,    27,     3,     1,     0,     3,
      74,    32,     3,     3,    78,     3,     3,   162,    74,    58,
      61,    60,    78,   139,   140,    23,    24,    74,    22,    36,
      30,    78,     3,    95,    31,    74,    30,    78,   183,   184,
      31,    31,   158,    31,    31,    36,    36,   209,    36,   165,
       3,    54,    55,    56,    57,   271,    78,    78,    74,   275,
     101,   206,   207,    25,   103,    59,    60,    61,     4,    63,
      64,   112,    78,    88,    77,    82,     3,    77,    69,    70,
      70,    69,    70,    77,    46,    39,    40,   249,   250,   251,
     252,   243,   244,   132,   210,   244,     3,    59,    74,     0,
       1,    77,     3,     3,   253,     3,   121,    69,    39,    40,
      11,    43,     3,    14,   129,    16,    17,    18,    50,   271,
      52,    22,   271,   275,    25,     3,   275,     4,    50,    83,
      31,     6,    50,    42,    50,    36,    45,    46,     3,    48,
      72,    73,    51,     7,    66,    67,     7,     3,    66,    67,
      66,    67,    53,    75,     8,   217,    74,    75,    74,    75,
      36,    50,    36,    50,    65,    50,    36,    68,    69,    70,
      71,     3,     3,     3,     6,    12,     4,    66,    67,    66,
      67,    66,    67,   198,   199,    74,    76,    74,    76,    74,
      74,    23,    24,    28,    29,    33,    34,    35,    43,     6,
      13,    13,    37,    38,    52,    58,    41,     3,     5,    13,
      15,    26,     3,     3,     3,    49,     3,    39,    44,     7,
       5,    79,    74,    74,    74,     3,    47,    29,    74,    78,
       6,     5,     5,     3,     6,     3,    50,     3,    21,    81,
       5,     3,    78,     3,     3,    74,     4,     3,    28,    74,
       5,     3,    79,    39,     7,    58,    79,    74,    74,     3,
      80,     3,    80,    74,    74,    12,    74,    76,    74,    62,
       3,   114,    -1,    37,    74,    74,    74,   270,    73,    80,
      74,    -1,    74
};

/* YYSTOS[STATE-NUM] -- The symbol kind of the accessing symbol of
   state STATE-NUM.  */
static const yytype_int8 yystos[] =
{
       0,     9,    85,    87,     3,    31,    36,    69,    70,    92,
     102,   110,   122,     0,     1,    11,    14,    16,    17,    18,
      22,    25,    53,    65,    68,    69,    71,    88,    97,   114,
     122,    42,    45,    46,    48,    51,     3,    92,   122,    33,
      34,    35,   104,    92,    32,    78,   103,   123,    74,    77,
       4,     3,     3,     3,     3,     3,     3,     3,   122,    69,
     122,   104,     4,   123,     6,     3,     7,     7,     8,   103,
      36,    36,    36,     3,   105,   105,     3,     3,   104,    50,
      66,    67,    74,    75,    86,    12,     4,    90,    76,    43,
      50,    52,    72,    73,    93,    94,    90,    76,    90,    90,
     123,   104,   123,   105,    74,    74,    75,    43,     6,    13,
      13,    52,   104,    94,   123,   105,    58,     3,   124,     5,
      13,    15,    91,    92,    90,    89,    23,    24,    96,    26,
     115,    74,   105,    74,   123,     3,   106,     3,    49,     3,
     105,     3,    86,   106,     7,    39,     5,    92,    74,    74,
      74,    95,    74,    92,    79,   123,    75,    44,   111,    28,
      29,    37,    38,    41,    47,   112,    29,   113,   106,   106,
       3,    74,    19,    20,    74,    27,   116,    74,     6,   106,
       5,     5,     3,    36,    82,   109,   109,     3,   107,   108,
       6,   106,     3,    50,     3,    21,     5,     1,    54,    55,
      56,    57,    77,   117,   109,   109,    39,    40,    81,    78,
       3,     3,    98,    74,    92,    92,     4,     3,    83,   109,
     109,     3,   108,   106,    28,    99,    74,    74,    74,    90,
       5,    79,   118,   100,    58,   119,     1,    30,    77,     7,
      79,    74,     3,   120,    80,     1,     3,    22,    30,    59,
      60,    61,    63,    64,    77,   110,   121,   101,   102,   110,
      74,     3,     3,   108,   108,   108,   108,   102,    74,    74,
      76,    80,    74,    74,    12,    80,    74,    96,   101,    62,
     101,    74,    74,     3,    74,    74
};

/* YYR1[RULE-NUM] -- Symbol kind of the left-hand side of rule RULE-NUM.  */
static const yytype_int8 yyr1[] =
{
       0,    84,    85,    85,    85,    86,    86,    86,    87,    87,
      88,    88,    88,    88,    88,    89,    88,    88,    88,    88,
      88,    88,    88,    88,    88,    88,    88,    88,    90,    90,
      91,    91,    92,    92,    93,    93,    93,    93,    93,    94,
      94,    95,    95,    95,    96,    96,    98,    97,    99,    99,
     100,   100,   100,   101,   101,   102,   102,   103,   103,   104,
     104,   104,   104,   104,   104,   105,   106,   106,   106,   106,
     106,   106,   107,   107,   108,   108,   109,   109,   109,   109,
     109,   110,   110,   110,   110,   110,   111,   111,   112,   112,
     113,   113,   115,   114,   116,   116,   116,   116,   116,   116,
     118,   117,   119,   119,   120,   120,   120,   121,   121,   121,
     121,   121,   121,   121,   121,   122,   122,   122,   122,   123,
     123,   123,   123,   124,   124
};

/* YYR2[RULE-NUM] -- Number of symbols on the right-hand side of rule RULE-NUM.  */
static const yytype_int8 yyr2[] =
{
       0,     2,     1,     4,     6,     0,     1,     1,     0,     2,
       3,     6,     5,     5,     5,     0,     6,     5,     1,     1,
       4,     4,     6,     3,     3,     5,     2,     2,     0,     1,
       0,     2,     1,     3,     1,     1,     1,     1,     1,     0,
       1,     0,     3,     4,     1,     1,     0,    12,     0,     2,
       0,     6,     3,     1,     1,     5,     6,     0,     2,     1,
       2,     1,     2,     1,     2,     3,     0,     3,     3,     3,
       3,     3,     1,     3,     1,     3,     1,     2,     3,     3,
       3,     7,     5,     7,     9,     6,     0,     2,     0,     2,
       0,     2,     0,     7,     0,     4,     4,     4,     2,     3,
       0,     8,     0,     2,     0,     2,     3,     3,     3,     6,
       5,     5,     3,     2,     5,     1,     1,     2,     3,     0,
       3,     3,     4,     1,     3
};


enum { YYENOMEM = -2 };

#define yyerrok         (yyerrstatus = 0)
#define yyclearin       (yychar = YYEMPTY)

#define YYACCEPT        goto yyacceptlab
#define YYABORT         goto yyabortlab
#define YYERROR         goto yyerrorlab
#define YYNOMEM         goto yyexhaustedlab


#define YYRECOVERING()  (!!yyerrstatus)

#define YYBACKUP(Token, Value)                                    \
  do                                                              \
    if (yychar == YYEMPTY)                                        \
      {                                                           \
        yychar = (Token);                                         \
        yylval = (Value);                                         \
        YYPOPSTACK (yylen);                                       \
        yystate = *yyssp;                                         \
        YY_LAC_DISCARD ("YYBACKUP");                              \
        goto yybackup;                                            \
      }                                                           \
    else                                                          \
      {                                                           \
        yyerror (&yylloc, scanner, ctx, YY_("syntax error: cannot back up")); \
        YYERROR;                                                  \
      }                                                           \
  while (0)

/* Backward compatibility with an undocumented macro.
   Use YYerror or YYUNDEF. */
#define YYERRCODE YYUNDEF

/* YYLLOC_DEFAULT -- Set CURRENT to span from RHS[1] to RHS[N].
   If N is 0, then set CURRENT to the empty location which ends
   the previous symbol: RHS[0] (always defined).  */

#ifndef YYLLOC_DEFAULT
# define YYLLOC_DEFAULT(Current, Rhs, N)                                \
    do                                                                  \
      if (N)                                                            \
        {                                                               \
          (Current).first_line   = YYRHSLOC (Rhs, 1).first_line;        \
          (Current).first_column = YYRHSLOC (Rhs, 1).first_column;      \
          (Current).last_line    = YYRHSLOC (Rhs, N).last_line;         \
          (Current).last_column  = YYRHSLOC (Rhs, N).last_column;       \
        }                                                               \
      else                                                              \
        {                                                               \
          (Current).first_line   = (Current).last_line   =              \
            YYRHSLOC (Rhs, 0).last_line;                                \
          (Current).first_column = (Current).last_column =              \
            YYRHSLOC (Rhs, 0).last_column;                              \
        }                                                               \
    while (0)
#endif

#define YYRHSLOC(Rhs, K) ((Rhs)[K])


/* Enable debugging if requested.  */
#if YYDEBUG

# ifndef YYFPRINTF
#  include <stdio.h> /* INFRINGES ON USER NAME SPACE */
#  define YYFPRINTF fprintf
# endif

# define YYDPRINTF(Args)                        \
do {                                            \
  if (yydebug)                                  \
    YYFPRINTF Args;                             \
} while (0)


/* YYLOCATION_PRINT -- Print the location on the stream.
   This macro was not mandated originally: define only if we know
   we won't break user code: when these are the locations we know.  */

# ifndef YYLOCATION_PRINT

#  if defined YY_LOCATION_PRINT

   /* Temporary convenience wrapper in case some people defined the
      undocumented and private YY_LOCATION_PRINT macros.  */
#   define YYLOCATION_PRINT(File, Loc)  YY_LOCATION_PRINT(File, *(Loc))

#  elif defined YYLTYPE_IS_TRIVIAL && YYLTYPE_IS_TRIVIAL

/* Print *YYLOCP on YYO.  Private, do not rely on its existence. */

YY_ATTRIBUTE_UNUSED
static int
yy_location_print_ (FILE *yyo, YYLTYPE const * const yylocp)
{
  int res = 0;
  int end_col = 0 != yylocp->last_column ? yylocp->last_column - 1 : 0;
  if (0 <= yylocp->first_line)
    {
      res += YYFPRINTF (yyo, "%d", yylocp->first_line);
      if (0 <= yylocp->first_column)
        res += YYFPRINTF (yyo, ".%d", yylocp->first_column);
    }
  if (0 <= yylocp->last_line)
    {
      if (yylocp->first_line < yylocp->last_line)
        {
          res += YYFPRINTF (yyo, "-%d", yylocp->last_line);
          if (0 <= end_col)
            res += YYFPRINTF (yyo, ".%d", end_col);
        }
      else if (0 <= end_col && yylocp->first_column < end_col)
        res += YYFPRINTF (yyo, "-%d", end_col);
    }
  return res;
}

#   define YYLOCATION_PRINT  yy_location_print_

    /* Temporary convenience wrapper in case some people defined the
       undocumented and private YY_LOCATION_PRINT macros.  */
#   define YY_LOCATION_PRINT(File, Loc)  YYLOCATION_PRINT(File, &(Loc))

#  else

#   define YYLOCATION_PRINT(File, Loc) ((void) 0)
    /* Temporary convenience wrapper in case some people defined the
       undocumented and private YY_LOCATION_PRINT macros.  */
#   define YY_LOCATION_PRINT  YYLOCATION_PRINT

#  endif
# endif /* !defined YYLOCATION_PRINT */


# define YY_SYMBOL_PRINT(Title, Kind, Value, Location)                    \
do {                                                                      \
  if (yydebug)                                                            \
    {                                                                     \
      YYFPRINTF (stderr, "%s ", Title);                                   \
      yy_symbol_print (stderr,                                            \
                  Kind, Value, Location, scanner, ctx); \
      YYFPRINTF (stderr, "\n");                                           \
    }                                                                     \
} while (0)


/*-----------------------------------.
| Print this symbol's value on YYO.  |
`-----------------------------------*/

static void
yy_symbol_value_print (FILE *yyo,
                       yysymbol_kind_t yykind, YYSTYPE const * const yyvaluep, YYLTYPE const * const yylocationp, yyscan_t scanner, ParseCtx *ctx)
{
  FILE *yyoutput = yyo;
  YY_USE (yyoutput);
  YY_USE (yylocationp);
  YY_USE (scanner);
  YY_USE (ctx);
  if (!yyvaluep)
    return;
  YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN
  YY_USE (yykind);
  YY_IGNORE_MAYBE_UNINITIALIZED_END
}


/*---------------------------.
| Print this symbol on YYO.  |
`---------------------------*/

static void
yy_symbol_print (FILE *yyo,
                 yysymbol_kind_t yykind, YYSTYPE const * const yyvaluep, YYLTYPE const * const yylocationp, yyscan_t scanner, ParseCtx *ctx)
{
  YYFPRINTF (yyo, "%s %s (",
             yykind < YYNTOKENS ? "token" : "nterm", yysymbol_name (yykind));

  YYLOCATION_PRINT (yyo, yylocationp);
  YYFPRINTF (yyo, ": ");
  yy_symbol_value_print (yyo, yykind, yyvaluep, yylocationp, scanner, ctx);
  YYFPRINTF (yyo, ")");
}

/*------------------------------------------------------------------.
| yy_stack_print -- Print the state stack from its BOTTOM up to its |
| TOP (included).                                                   |
`------------------------------------------------------------------*/

static void
yy_stack_print (yy_state_t *yybottom, yy_state_t *yytop)
{
  YYFPRINTF (stderr, "Stack now");
  for (; yybottom <= yytop; yybottom++)
    {
      int yybot = *yybottom;
      YYFPRINTF (stderr, " %d", yybot);
    }
  YYFPRINTF (stderr, "\n");
}

# define YY_STACK_PRINT(Bottom, Top)                            \
do {                                                            \
  if (yydebug)                                                  \
    yy_stack_print ((Bottom), (Top));                           \
} while (0)


/*------------------------------------------------.
| Report that the YYRULE is going to be reduced.  |
`------------------------------------------------*/

static void
yy_reduce_print (yy_state_t *yyssp, YYSTYPE *yyvsp, YYLTYPE *yylsp,
                 int yyrule, yyscan_t scanner, ParseCtx *ctx)
{
  int yylno = yyrline[yyrule];
  int yynrhs = yyr2[yyrule];
  int yyi;
  YYFPRINTF (stderr, "Reducing stack by rule %d (line %d):\n",
             yyrule - 1, yylno);
  /* The symbols being reduced.  */
  for (yyi = 0; yyi < yynrhs; yyi++)
    {
      YYFPRINTF (stderr, "   $%d = ", yyi + 1);
      yy_symbol_print (stderr,
                       YY_ACCESSING_SYMBOL (+yyssp[yyi + 1 - yynrhs]),
                       &yyvsp[(yyi + 1) - (yynrhs)],
                       &(yylsp[(yyi + 1) - (yynrhs)]), scanner, ctx);
      YYFPRINTF (stderr, "\n");
    }
}

# define YY_REDUCE_PRINT(Rule)          \
do {                                    \
  if (yydebug)                          \
    yy_reduce_print (yyssp, yyvsp, yylsp, Rule, scanner, ctx); \
} while (0)

/* Nonzero means print parse trace.  It is left uninitialized so that
   multiple parsers can coexist.  */
int yydebug;
#else /* !YYDEBUG */
# define YYDPRINTF(Args) ((void) 0)
# define YY_SYMBOL_PRINT(Title, Kind, Value, Location)
# define YY_STACK_PRINT(Bottom, Top)
# define YY_REDUCE_PRINT(Rule)
#endif /* !YYDEBUG */


/* YYINITDEPTH -- initial size of the parser's stacks.  */
#ifndef YYINITDEPTH
# define YYINITDEPTH 200
#endif

/* YYMAXDEPTH -- maximum size the stacks can grow to (effective only
   if the built-in stack extension method is used).

   Do not make this value too large; the results are undefined if
   YYSTACK_ALLOC_MAXIMUM < YYSTACK_BYTES (YYMAXDEPTH)
   evaluated with infinite-precision integer arithmetic.  */

#ifndef YYMAXDEPTH
# define YYMAXDEPTH 10000
#endif


/* Given a state stack such that *YYBOTTOM is its bottom, such that
   *YYTOP is either its top or is YYTOP_EMPTY to indicate an empty
   stack, and such that *YYCAPACITY is the maximum number of elements it
   can hold without a reallocation, make sure there is enough room to
   store YYADD more elements.  If not, allocate a new stack using
   YYSTACK_ALLOC, copy the existing elements, and adjust *YYBOTTOM,
   *YYTOP, and *YYCAPACITY to reflect the new capacity and memory
   location.  If *YYBOTTOM != YYBOTTOM_NO_FREE, then free the old stack
   using YYSTACK_FREE.  Return 0 if successful or if no reallocation is
   required.  Return YYENOMEM if memory is exhausted.  */
static int
yy_lac_stack_realloc (YYPTRDIFF_T *yycapacity, YYPTRDIFF_T yyadd,
#if YYDEBUG
                      char const *yydebug_prefix,
                      char const *yydebug_suffix,
#endif
                      yy_state_t **yybottom,
                      yy_state_t *yybottom_no_free,
                      yy_state_t **yytop, yy_state_t *yytop_empty)
{
  YYPTRDIFF_T yysize_old =
    *yytop == yytop_empty ? 0 : *yytop - *yybottom + 1;
  YYPTRDIFF_T yysize_new = yysize_old + yyadd;
  if (*yycapacity < yysize_new)
    {
      YYPTRDIFF_T yyalloc = 2 * yysize_new;
      yy_state_t *yybottom_new;
      /* Use YYMAXDEPTH for maximum stack size given that the stack
         should never need to grow larger than the main state stack
         needs to grow without LAC.  */
      if (YYMAXDEPTH < yysize_new)
        {
          YYDPRINTF ((stderr, "%smax size exceeded%s", yydebug_prefix,
                      yydebug_suffix));
          return YYENOMEM;
        }
      if (YYMAXDEPTH < yyalloc)
        yyalloc = YYMAXDEPTH;
      yybottom_new =
        YY_CAST (yy_state_t *,
                 YYSTACK_ALLOC (YY_CAST (YYSIZE_T,
                                         yyalloc * YYSIZEOF (*yybottom_new))));
      if (!yybottom_new)
        {
          YYDPRINTF ((stderr, "%srealloc failed%s", yydebug_prefix,
                      yydebug_suffix));
          return YYENOMEM;
        }
      if (*yytop != yytop_empty)
        {
          YYCOPY (yybottom_new, *yybottom, yysize_old);
          *yytop = yybottom_new + (yysize_old - 1);
        }
      if (*yybottom != yybottom_no_free)
        YYSTACK_FREE (*yybottom);
      *yybottom = yybottom_new;
      *yycapacity = yyalloc;
    }
  return 0;
}

/* Establish the initial context for the current lookahead if no initial
   context is currently established.

   We define a context as a snapshot of the parser stacks.  We define
   the initial context for a lookahead as the context in which the
   parser initially examines that lookahead in order to select a
   syntactic action.  Thus, if the lookahead eventually proves
   syntactically unacceptable (possibly in a later context reached via a
   series of reductions), the initial context can be used to determine
   the exact set of tokens that would be syntactically acceptable in the
   lookahead's place.  Moreover, it is the context after which any
   further semantic actions would be erroneous because they would be
   determined by a syntactically unacceptable token.

   YY_LAC_ESTABLISH should be invoked when a reduction is about to be
   performed in an inconsistent state (which, for the purposes of LAC,
   includes consistent states that don't know they're consistent because
   their default reductions have been disabled).  Iff there is a
   lookahead token, it should also be invoked before reporting a syntax
   error.  This latter case is for the sake of the debugging output.

   For parse.lac=full, the implementation of YY_LAC_ESTABLISH is as
   follows.  If no initial context is currently established for the
   current lookahead, then check if that lookahead can eventually be
   shifted if syntactic actions continue from the current context.
   Report a syntax error if it cannot.  */
#define YY_LAC_ESTABLISH                                                \
do {                                                                    \
  if (!yy_lac_established)                                              \
    {                                                                   \
      YYDPRINTF ((stderr,                                               \
                  "LAC: initial context established for %s\n",          \
                  yysymbol_name (yytoken)));                            \
      yy_lac_established = 1;                                           \
      switch (yy_lac (yyesa, &yyes, &yyes_capacity, yyssp, yytoken))    \
        {                                                               \
        case YYENOMEM:                                                  \
          YYNOMEM;                                                      \
        case 1:                                                         \
          goto yyerrlab;                                                \
        }                                                               \
    }                                                                   \
} while (0)

/* Discard any previous initial lookahead context because of Event,
   which may be a lookahead change or an invalidation of the currently
   established initial context for the current lookahead.

   The most common example of a lookahead change is a shift.  An example
   of both cases is syntax error recovery.  That is, a syntax error
   occurs when the lookahead is syntactically erroneous for the
   currently established initial context, so error recovery manipulates
   the parser stacks to try to find a new initial context in which the
   current lookahead is syntactically acceptable.  If it fails to find
   such a context, it discards the lookahead.  */
#if YYDEBUG
# define YY_LAC_DISCARD(Event)                                           \
do {                                                                     \
  if (yy_lac_established)                                                \
    {                                                                    \
      YYDPRINTF ((stderr, "LAC: initial context discarded due to "       \
                  Event "\n"));                                          \
      yy_lac_established = 0;                                            \
    }                                                                    \
} while (0)
#else
# define YY_LAC_DISCARD(Event) yy_lac_established = 0
#endif

/* Given the stack whose top is *YYSSP, return 0 iff YYTOKEN can
   eventually (after perhaps some reductions) be shifted, return 1 if
   not, or return YYENOMEM if memory is exhausted.  As preconditions and
   postconditions: *YYES_CAPACITY is the allocated size of the array to
   which *YYES points, and either *YYES = YYESA or *YYES points to an
   array allocated with YYSTACK_ALLOC.  yy_lac may overwrite the
   contents of either array, alter *YYES and *YYES_CAPACITY, and free
   any old *YYES other than YYESA.  */
static int
yy_lac (yy_state_t *yyesa, yy_state_t **yyes,
        YYPTRDIFF_T *yyes_capacity, yy_state_t *yyssp, yysymbol_kind_t yytoken)
{
  yy_state_t *yyes_prev = yyssp;
  yy_state_t *yyesp = yyes_prev;
  /* Reduce until we encounter a shift and thereby accept the token.  */
  YYDPRINTF ((stderr, "LAC: checking lookahead %s:", yysymbol_name (yytoken)));
  if (yytoken == YYSYMBOL_YYUNDEF)
    {
      YYDPRINTF ((stderr, " Always Err\n"));
      return 1;
    }
  while (1)
    {
      int yyrule = yypact[+*yyesp];
      if (yypact_value_is_default (yyrule)
          || (yyrule += yytoken) < 0 || YYLAST < yyrule
          || yycheck[yyrule] != yytoken)
        {
          /* Use the default action.  */
          yyrule = yydefact[+*yyesp];
          if (yyrule == 0)
            {
              YYDPRINTF ((stderr, " Err\n"));
              return 1;
            }
        }
      else
        {
          /* Use the action from yytable.  */
          yyrule = yytable[yyrule];
          if (yytable_value_is_error (yyrule))
            {
              YYDPRINTF ((stderr, " Err\n"));
              return 1;
            }
          if (0 < yyrule)
            {
              YYDPRINTF ((stderr, " S%d\n", yyrule));
              return 0;
            }
          yyrule = -yyrule;
        }
      /* By now we know we have to simulate a reduce.  */
      YYDPRINTF ((stderr, " R%d", yyrule - 1));
      {
        /* Pop the corresponding number of values from the stack.  */
        YYPTRDIFF_T yylen = yyr2[yyrule];
        /* First pop from the LAC stack as many tokens as possible.  */
        if (yyesp != yyes_prev)
          {
            YYPTRDIFF_T yysize = yyesp - *yyes + 1;
            if (yylen < yysize)
              {
                yyesp -= yylen;
                yylen = 0;
              }
            else
              {
                yyesp = yyes_prev;
                yylen -= yysize;
              }
          }
        /* Only afterwards look at the main stack.  */
        if (yylen)
          yyesp = yyes_prev -= yylen;
      }
      /* Push the resulting state of the reduction.  */
      {
        yy_state_fast_t yystate;
        {
          const int yylhs = yyr1[yyrule] - YYNTOKENS;
          const int yyi = yypgoto[yylhs] + *yyesp;
          yystate = (0 <= yyi && yyi <= YYLAST && yycheck[yyi] == *yyesp
                     ? yytable[yyi]
                     : yydefgoto[yylhs]);
        }
        if (yyesp == yyes_prev)
          {
            yyesp = *yyes;
            YY_IGNORE_USELESS_CAST_BEGIN
            *yyesp = YY_CAST (yy_state_t, yystate);
            YY_IGNORE_USELESS_CAST_END
          }
        else
          {
            if (yy_lac_stack_realloc (yyes_capacity, 1,
#if YYDEBUG
                                      " (", ")",
#endif
                                      yyes, yyesa, &yyesp, yyes_prev))
              {
                YYDPRINTF ((stderr, "\n"));
                return YYENOMEM;
              }
            YY_IGNORE_USELESS_CAST_BEGIN
            *++yyesp = YY_CAST (yy_state_t, yystate);
            YY_IGNORE_USELESS_CAST_END
          }
        YYDPRINTF ((stderr, " G%d", yystate));
      }
    }
}

/* Context of a parse error.  */
typedef struct
{
  yy_state_t *yyssp;
  yy_state_t *yyesa;
  yy_state_t **yyes;
  YYPTRDIFF_T *yyes_capacity;
  yysymbol_kind_t yytoken;
  YYLTYPE *yylloc;
} yypcontext_t;

/* Put in YYARG at most YYARGN of the expected tokens given the
   current YYCTX, and return the number of tokens stored in YYARG.  If
   YYARG is null, return the number of expected tokens (guaranteed to
   be less than YYNTOKENS).  Return YYENOMEM on memory exhaustion.
   Return 0 if there are more than YYARGN expected tokens, yet fill
   YYARG up to YYARGN. */
static int
yypcontext_expected_tokens (const yypcontext_t *yyctx,
                            yysymbol_kind_t yyarg[], int yyargn)
{
  /* Actual size of YYARG. */
  int yycount = 0;

  int yyx;
  for (yyx = 0; yyx < YYNTOKENS; ++yyx)
    {
      yysymbol_kind_t yysym = YY_CAST (yysymbol_kind_t, yyx);
      if (yysym != YYSYMBOL_YYerror && yysym != YYSYMBOL_YYUNDEF)
        switch (yy_lac (yyctx->yyesa, yyctx->yyes, yyctx->yyes_capacity, yyctx->yyssp, yysym))
          {
          case YYENOMEM:
            return YYENOMEM;
          case 1:
            continue;
          default:
            if (!yyarg)
              ++yycount;
            else if (yycount == yyargn)
              return 0;
            else
              yyarg[yycount++] = yysym;
          }
    }
  if (yyarg && yycount == 0 && 0 < yyargn)
    yyarg[0] = YYSYMBOL_YYEMPTY;
  return yycount;
}




/* The kind of the lookahead of this context.  */
static yysymbol_kind_t
yypcontext_token (const yypcontext_t *yyctx) YY_ATTRIBUTE_UNUSED;

static yysymbol_kind_t
yypcontext_token (const yypcontext_t *yyctx)
{
  return yyctx->yytoken;
}

/* The location of the lookahead of this context.  */
static YYLTYPE *
yypcontext_location (const yypcontext_t *yyctx) YY_ATTRIBUTE_UNUSED;

static YYLTYPE *
yypcontext_location (const yypcontext_t *yyctx)
{
  return yyctx->yylloc;
}

/* User defined function to report a syntax error.  */
static int
yyreport_syntax_error (const yypcontext_t *yyctx, yyscan_t scanner, ParseCtx *ctx);

/*-----------------------------------------------.
| Release the memory associated to this symbol.  |
`-----------------------------------------------*/

static void
yydestruct (const char *yymsg,
            yysymbol_kind_t yykind, YYSTYPE *yyvaluep, YYLTYPE *yylocationp, yyscan_t scanner, ParseCtx *ctx)
{
  YY_USE (yyvaluep);
  YY_USE (yylocationp);
  YY_USE (scanner);
  YY_USE (ctx);
  if (!yymsg)
    yymsg = "Deleting";
  YY_SYMBOL_PRINT (yymsg, yykind, yyvaluep, yylocationp);

  YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN
  YY_USE (yykind);
  YY_IGNORE_MAYBE_UNINITIALIZED_END
}






/*----------.
| yyparse.  |
`----------*/

int
yyparse (yyscan_t scanner, ParseCtx *ctx)
{
/* Lookahead token kind.  */
int yychar;


/* The semantic value of the lookahead symbol.  */
/* Default value used for initialization, for pacifying older GCCs
   or non-GCC compilers.  */
YY_INITIAL_VALUE (static YYSTYPE yyval_default;)
YYSTYPE yylval YY_INITIAL_VALUE (= yyval_default);

/* Location data for the lookahead symbol.  */
static YYLTYPE yyloc_default
# if defined YYLTYPE_IS_TRIVIAL && YYLTYPE_IS_TRIVIAL
  = { 1, 1, 1, 1 }
# endif
;
YYLTYPE yylloc = yyloc_default;

    /* Number of syntax errors so far.  */
    int yynerrs = 0;

    yy_state_fast_t yystate = 0;
    /* Number of tokens to shift before error messages enabled.  */
    int yyerrstatus = 0;

    /* Refer to the stacks through separate pointers, to allow yyoverflow
       to reallocate them elsewhere.  */

    /* Their size.  */
    YYPTRDIFF_T yystacksize = YYINITDEPTH;

    /* The state stack: array, bottom, top.  */
    yy_state_t yyssa[YYINITDEPTH];
    yy_state_t *yyss = yyssa;
    yy_state_t *yyssp = yyss;

    /* The semantic value stack: array, bottom, top.  */
    YYSTYPE yyvsa[YYINITDEPTH];
    YYSTYPE *yyvs = yyvsa;
    YYSTYPE *yyvsp = yyvs;

    /* The location stack: array, bottom, top.  */
    YYLTYPE yylsa[YYINITDEPTH];
    YYLTYPE *yyls = yylsa;
    YYLTYPE *yylsp = yyls;

    yy_state_t yyesa[20];
    yy_state_t *yyes = yyesa;
    YYPTRDIFF_T yyes_capacity = 20 < YYMAXDEPTH ? 20 : YYMAXDEPTH;

  /* Whether LAC context is established.  A Boolean.  */
  int yy_lac_established = 0;
  int yyn;
  /* The return value of yyparse.  */
  int yyresult;
  /* Lookahead symbol kind.  */
  yysymbol_kind_t yytoken = YYSYMBOL_YYEMPTY;
  /* The variables used to return semantic value and location from the
     action routines.  */
  YYSTYPE yyval;
  YYLTYPE yyloc;

  /* The locations where the error started and ended.  */
  YYLTYPE yyerror_range[3];



#define YYPOPSTACK(N)   (yyvsp -= (N), yyssp -= (N), yylsp -= (N))

  /* The number of symbols on the RHS of the reduced rule.
     Keep to zero when no symbol should be popped.  */
  int yylen = 0;

  YYDPRINTF ((stderr, "Starting parse\n"));

  yychar = YYEMPTY; /* Cause a token to be read.  */

  yylsp[0] = yylloc;
  goto yysetstate;


/*------------------------------------------------------------.
| yynewstate -- push a new state, which is found in yystate.  |
`------------------------------------------------------------*/
yynewstate:
  /* In all cases, when you get here, the value and location stacks
     have just been pushed.  So pushing a state here evens the stacks.  */
  yyssp++;


/*--------------------------------------------------------------------.
| yysetstate -- set current state (the top of the stack) to yystate.  |
`--------------------------------------------------------------------*/
yysetstate:
  YYDPRINTF ((stderr, "Entering state %d\n", yystate));
  YY_ASSERT (0 <= yystate && yystate < YYNSTATES);
  YY_IGNORE_USELESS_CAST_BEGIN
  *yyssp = YY_CAST (yy_state_t, yystate);
  YY_IGNORE_USELESS_CAST_END
  YY_STACK_PRINT (yyss, yyssp);

  if (yyss + yystacksize - 1 <= yyssp)
#if !defined yyoverflow && !defined YYSTACK_RELOCATE
    YYNOMEM;
#else
    {
      /* Get the current used size of the three stacks, in elements.  */
      YYPTRDIFF_T yysize = yyssp - yyss + 1;

# if defined yyoverflow
      {
        /* Give user a chance to reallocate the stack.  Use copies of
           these so that the &'s don't force the real ones into
           memory.  */
        yy_state_t *yyss1 = yyss;
        YYSTYPE *yyvs1 = yyvs;
        YYLTYPE *yyls1 = yyls;

        /* Each stack pointer address is followed by the size of the
           data in use in that stack, in bytes.  This used to be a
           conditional around just the two extra args, but that might
           be undefined if yyoverflow is a macro.  */
        yyoverflow (YY_("memory exhausted"),
                    &yyss1, yysize * YYSIZEOF (*yyssp),
                    &yyvs1, yysize * YYSIZEOF (*yyvsp),
                    &yyls1, yysize * YYSIZEOF (*yylsp),
                    &yystacksize);
        yyss = yyss1;
        yyvs = yyvs1;
        yyls = yyls1;
      }
# else /* defined YYSTACK_RELOCATE */
      /* Extend the stack our own way.  */
      if (YYMAXDEPTH <= yystacksize)
        YYNOMEM;
      yystacksize *= 2;
      if (YYMAXDEPTH < yystacksize)
        yystacksize = YYMAXDEPTH;

      {
        yy_state_t *yyss1 = yyss;
        union yyalloc *yyptr =
          YY_CAST (union yyalloc *,
                   YYSTACK_ALLOC (YY_CAST (YYSIZE_T, YYSTACK_BYTES (yystacksize))));
        if (! yyptr)
          YYNOMEM;
        YYSTACK_RELOCATE (yyss_alloc, yyss);
        YYSTACK_RELOCATE (yyvs_alloc, yyvs);
        YYSTACK_RELOCATE (yyls_alloc, yyls);
#  undef YYSTACK_RELOCATE
        if (yyss1 != yyssa)
          YYSTACK_FREE (yyss1);
      }
# endif

      yyssp = yyss + yysize - 1;
      yyvsp = yyvs + yysize - 1;
      yylsp = yyls + yysize - 1;

      YY_IGNORE_USELESS_CAST_BEGIN
      YYDPRINTF ((stderr, "Stack size increased to %ld\n",
                  YY_CAST (long, yystacksize)));
      YY_IGNORE_USELESS_CAST_END

      if (yyss + yystacksize - 1 <= yyssp)
        YYABORT;
    }
#endif /* !defined yyoverflow && !defined YYSTACK_RELOCATE */


  if (yystate == YYFINAL)
    YYACCEPT;

  goto yybackup;


/*-----------.
| yybackup.  |
`-----------*/
yybackup:
  /* Do appropriate processing given the current state.  Read a
     lookahead token if we need one and don't already have one.  */

  /* First try to decide what to do without reference to lookahead token.  */
  yyn = yypact[yystate];
  if (yypact_value_is_default (yyn))
    goto yydefault;

  /* Not known => get a lookahead token if don't already have one.  */

  /* YYCHAR is either empty, or end-of-input, or a valid lookahead.  */
  if (yychar == YYEMPTY)
    {
      YYDPRINTF ((stderr, "Reading a token\n"));
      yychar = yylex (&yylval, &yylloc, scanner);
    }

  if (yychar <= END)
    {
      yychar = END;
      yytoken = YYSYMBOL_YYEOF;
      YYDPRINTF ((stderr, "Now at end of input.\n"));
    }
  else if (yychar == YYerror)
    {
      /* The scanner already issued an error message, process directly
         to error recovery.  But do not keep the error token as
         lookahead, it is too special and may lead us to an endless
         loop in error recovery. */
      yychar = YYUNDEF;
      yytoken = YYSYMBOL_YYerror;
      yyerror_range[1] = yylloc;
      goto yyerrlab1;
    }
  else
    {
      yytoken = YYTRANSLATE (yychar);
      YY_SYMBOL_PRINT ("Next token is", yytoken, &yylval, &yylloc);
    }

  /* If the proper action on seeing token YYTOKEN is to reduce or to
     detect an error, take that action.  */
  yyn += yytoken;
  if (yyn < 0 || YYLAST < yyn || yycheck[yyn] != yytoken)
    {
      YY_LAC_ESTABLISH;
      goto yydefault;
    }
  yyn = yytable[yyn];
  if (yyn <= 0)
    {
      if (yytable_value_is_error (yyn))
        goto yyerrlab;
      yyn = -yyn;
      YY_LAC_ESTABLISH;
      goto yyreduce;
    }

  /* Count tokens shifted since error; after three, turn off error
     status.  */
  if (yyerrstatus)
    yyerrstatus--;

  /* Shift the lookahead token.  */
  YY_SYMBOL_PRINT ("Shifting", yytoken, &yylval, &yylloc);
  yystate = yyn;
  YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN
  *++yyvsp = yylval;
  YY_IGNORE_MAYBE_UNINITIALIZED_END
  *++yylsp = yylloc;

  /* Discard the shifted token.  */
  yychar = YYEMPTY;
  YY_LAC_DISCARD ("shift");
  goto yynewstate;


/*-----------------------------------------------------------.
| yydefault -- do the default action for the current state.  |
`-----------------------------------------------------------*/
yydefault:
  yyn = yydefact[yystate];
  if (yyn == 0)
    goto yyerrlab;
  goto yyreduce;


/*-----------------------------.
| yyreduce -- do a reduction.  |
`-----------------------------*/
yyreduce:
  /* yyn is the number of a rule to reduce with.  */
  yylen = yyr2[yyn];

  /* If YYLEN is nonzero, implement the default value of the action:
     '$$ = $1'.

     Otherwise, the following line sets YYVAL to garbage.
     This behavior is undocumented and Bison
     users should not rely upon it.  Assigning to YYVAL
     unconditionally makes the parser a bit smaller, and it avoids a
     GCC warning that YYVAL may be used uninitialized.  */
  yyval = yyvsp[1-yylen];

  /* Default location. */
  YYLLOC_DEFAULT (yyloc, (yylsp - yylen), yylen);
  yyerror_range[1] = yyloc;
  YY_REDUCE_PRINT (yyn);
  {
    int yychar_backup = yychar;
    switch (yyn)
      {
  case 3: /* start: "<query>" check check_ctx opt_end  */
#line 87 "grammar/deal.y"
                                                { build_query(ctx, (yyvsp[-2].check), (yyvsp[-1].check_ctx), NULL, (yylsp[-2])); }
#line 1821 "build/deal.tab.c"
    break;

  case 4: /* start: "<query>" "who" modal action_obj check_ctx opt_end  */
#line 89 "grammar/deal.y"
                                                { build_query(ctx, build_who(ctx, (yyvsp[-3].modal), (yylsp[-3]), (yyvsp[-2].action_obj), (yylsp[-5])), (yyvsp[-1].check_ctx), NULL, (yylsp[-4])); }
#line 1827 "build/deal.tab.c"
    break;

  case 10: /* item: "include" "string" ';'  */
#line 100 "grammar/deal.y"
                                                { build_include(ctx, (yyvsp[-1].STRING), (yylsp[-1])); }
#line 1833 "build/deal.tab.c"
    break;

  case 11: /* item: "scenario" "string" "as" "of" "date" ';'  */
#line 101 "grammar/deal.y"
                                                { build_scenario(ctx, (yyvsp[-4].STRING), (yyvsp[-1].DATE), (yylsp[-5])); }
#line 1839 "build/deal.tab.c"
    break;

  case 12: /* item: "party" "identifier" opt_string opt_aka ';'  */
#line 102 "grammar/deal.y"
                                                { build_party(ctx, (yyvsp[-3].IDENT), (yylsp[-3]), (yyvsp[-2].opt_string), (yyvsp[-1].opt_aka)); }
#line 1845 "build/deal.tab.c"
    break;

  case 13: /* item: "group" "identifier" '=' idents ';'  */
#line 103 "grammar/deal.y"
                                                { build_group(ctx, (yyvsp[-3].IDENT), (yylsp[-3]), (yyvsp[-1].idents)); }
#line 1851 "build/deal.tab.c"
    break;

  case 14: /* item: "action" "identifier" opt_prep opt_string ';'  */
#line 104 "grammar/deal.y"
                                                { build_action(ctx, (yyvsp[-3].IDENT), (yylsp[-3]), (yyvsp[-2].opt_prep), (yylsp[-2]), (yyvsp[-1].opt_string)); }
#line 1857 "build/deal.tab.c"
    break;

  case 15: /* $@1: %empty  */
#line 105 "grammar/deal.y"
                                                { build_product(ctx, (yyvsp[-1].IDENT), (yylsp[-1]), (yyvsp[0].opt_string)); }
#line 1863 "build/deal.tab.c"
    break;

  case 17: /* item: "fact" "identifier" '=' boolean ';'  */
#line 107 "grammar/deal.y"
                                                   { build_fact(ctx, (yyvsp[-3].IDENT), (yylsp[-3]), (yyvsp[-1].boolean)); }
#line 1869 "build/deal.tab.c"
    break;

  case 20: /* item: "expect" check check_ctx ';'  */
#line 110 "grammar/deal.y"
                                                { build_expect(ctx, E_EXPECT, (yyvsp[-2].check), (yyvsp[-1].check_ctx), (yylsp[-3])); }
#line 1875 "build/deal.tab.c"
    break;

  case 21: /* item: "query" check check_ctx ';'  */
#line 111 "grammar/deal.y"
                                                { build_expect(ctx, E_QUERY, (yyvsp[-2].check), (yyvsp[-1].check_ctx), (yylsp[-3])); }
#line 1881 "build/deal.tab.c"
    break;

  case 22: /* item: "query" "who" modal action_obj check_ctx ';'  */
#line 113 "grammar/deal.y"
                                                { build_expect(ctx, E_QUERY, build_who(ctx, (yyvsp[-3].modal), (yylsp[-3]), (yyvsp[-2].action_obj), (yylsp[-4])), (yyvsp[-1].check_ctx), (yylsp[-5])); }
#line 1887 "build/deal.tab.c"
    break;

  case 23: /* item: check check_ctx '?'  */
#line 114 "grammar/deal.y"
                                                { build_expect(ctx, E_QUESTION, (yyvsp[-2].check), (yyvsp[-1].check_ctx), (yylsp[-2])); }
#line 1893 "build/deal.tab.c"
    break;

  case 24: /* item: check check_ctx ';'  */
#line 115 "grammar/deal.y"
                                                { build_stray(ctx, (yyvsp[-2].check), (yylsp[-2])); }
#line 1899 "build/deal.tab.c"
    break;

  case 25: /* item: "who" modal action_obj check_ctx '?'  */
#line 116 "grammar/deal.y"
                                                { build_expect(ctx, E_QUESTION, build_who(ctx, (yyvsp[-3].modal), (yylsp[-3]), (yyvsp[-2].action_obj), (yylsp[-4])), (yyvsp[-1].check_ctx), (yylsp[-4])); }
#line 1905 "build/deal.tab.c"
    break;

  case 26: /* item: error ';'  */
#line 117 "grammar/deal.y"
              { yyerrok; }
#line 1911 "build/deal.tab.c"
    break;

  case 28: /* opt_string: %empty  */
#line 122 "grammar/deal.y"
                                                { (yyval.opt_string) = NULL; }
#line 1917 "build/deal.tab.c"
    break;

  case 30: /* opt_aka: %empty  */
#line 127 "grammar/deal.y"
                                                { (yyval.opt_aka) = NULL; }
#line 1923 "build/deal.tab.c"
    break;

  case 31: /* opt_aka: "aka" idents  */
#line 128 "grammar/deal.y"
                                                { (yyval.opt_aka) = (yyvsp[0].idents); }
#line 1929 "build/deal.tab.c"
    break;

  case 32: /* idents: "identifier"  */
#line 132 "grammar/deal.y"
                                                { (yyval.idents) = build_refs(ctx, NULL, (yyvsp[0].IDENT), (yylsp[0])); }
#line 1935 "build/deal.tab.c"
    break;

  case 33: /* idents: idents ',' "identifier"  */
#line 133 "grammar/deal.y"
                                                { (yyval.idents) = build_refs(ctx, (yyvsp[-2].idents), (yyvsp[0].IDENT), (yylsp[0])); }
#line 1941 "build/deal.tab.c"
    break;

  case 34: /* prep: "with"  */
#line 137 "grammar/deal.y"
              { (yyval.prep) = KW_WITH; }
#line 1947 "build/deal.tab.c"
    break;

  case 35: /* prep: "to"  */
#line 138 "grammar/deal.y"
              { (yyval.prep) = KW_TO; }
#line 1953 "build/deal.tab.c"
    break;

  case 36: /* prep: "in"  */
#line 139 "grammar/deal.y"
              { (yyval.prep) = KW_IN; }
#line 1959 "build/deal.tab.c"
    break;

  case 37: /* prep: "on"  */
#line 140 "grammar/deal.y"
              { (yyval.prep) = KW_ON; }
#line 1965 "build/deal.tab.c"
    break;

  case 38: /* prep: "for"  */
#line 141 "grammar/deal.y"
              { (yyval.prep) = KW_FOR; }
#line 1971 "build/deal.tab.c"
    break;

  case 39: /* opt_prep: %empty  */
#line 145 "grammar/deal.y"
                                                { (yyval.opt_prep) = 0; }
#line 1977 "build/deal.tab.c"
    break;

  case 42: /* product_mods: product_mods "is" "identifier"  */
#line 151 "grammar/deal.y"
                                                { build_product_parent(ctx, (yyvsp[0].IDENT), (yylsp[0]), (yylsp[-1])); }
#line 1983 "build/deal.tab.c"
    break;

  case 43: /* product_mods: product_mods "owned" "by" "identifier"  */
#line 152 "grammar/deal.y"
                                                { build_product_owner(ctx, (yyvsp[0].IDENT), (yylsp[0]), (yylsp[-2])); }
#line 1989 "build/deal.tab.c"
    break;

  case 44: /* boolean: "true"  */
#line 156 "grammar/deal.y"
              { (yyval.boolean) = 1; }
#line 1995 "build/deal.tab.c"
    break;

  case 45: /* boolean: "false"  */
#line 157 "grammar/deal.y"
              { (yyval.boolean) = 0; }
#line 2001 "build/deal.tab.c"
    break;

  case 46: /* $@2: %empty  */
#line 162 "grammar/deal.y"
                                                { build_agreement(ctx, (yyvsp[-5].IDENT), (yylsp[-5]), (yyvsp[-4].opt_string), (yyvsp[-2].idents), (yyvsp[0].DATE), (yylsp[0])); }
#line 2007 "build/deal.tab.c"
    break;

  case 47: /* agreement: "agreement" "identifier" opt_string "between" idents "signed" "date" $@2 opt_agreement_until '{' clauses '}'  */
#line 163 "grammar/deal.y"
                                                { ctx->cur_agreement = NULL; }
#line 2013 "build/deal.tab.c"
    break;

  case 49: /* opt_agreement_until: "until" "date"  */
#line 168 "grammar/deal.y"
                                                { build_agreement_until(ctx, (yyvsp[0].DATE), (yylsp[0])); }
#line 2019 "build/deal.tab.c"
    break;

  case 51: /* clauses: clauses "clause" "identifier" ':' body ';'  */
#line 173 "grammar/deal.y"
                                                { build_clause(ctx, (yyvsp[-3].IDENT), (yylsp[-3]), (yyvsp[-1].body)); }
#line 2025 "build/deal.tab.c"
    break;

  case 52: /* clauses: clauses error ';'  */
#line 174 "grammar/deal.y"
                      { yyerrok; }
#line 2031 "build/deal.tab.c"
    break;

  case 55: /* norm: idents opt_among modal action_obj mods  */
#line 183 "grammar/deal.y"
                                                { (yyval.norm) = build_norm(ctx, (yyvsp[-1].action_obj), false, (yylsp[-4]), (yyvsp[-4].idents), (yyvsp[-3].opt_among), (yyvsp[-2].modal), (yylsp[-2]), (yyvsp[0].mods)); }
#line 2037 "build/deal.tab.c"
    break;

  case 56: /* norm: "only" idents opt_among modal action_obj mods  */
#line 185 "grammar/deal.y"
                                                { (yyval.norm) = build_norm(ctx, (yyvsp[-1].action_obj), true, (yylsp[-5]), (yyvsp[-4].idents), (yyvsp[-3].opt_among), (yyvsp[-2].modal), (yylsp[-2]), (yyvsp[0].mods)); }
#line 2043 "build/deal.tab.c"
    break;

  case 57: /* opt_among: %empty  */
#line 189 "grammar/deal.y"
                                                { (yyval.opt_among) = NULL; }
#line 2049 "build/deal.tab.c"
    break;

  case 58: /* opt_among: "among" "identifier"  */
#line 190 "grammar/deal.y"
                                                { (yyval.opt_among) = build_ref(ctx, (yyvsp[0].IDENT), NULL, (yylsp[0]), (yylsp[-1])); }
#line 2055 "build/deal.tab.c"
    break;

  case 59: /* modal: "may"  */
#line 194 "grammar/deal.y"
                        { (yyval.modal) = M_MAY; }
#line 2061 "build/deal.tab.c"
    break;

  case 60: /* modal: "may" "not"  */
#line 195 "grammar/deal.y"
                        { (yyval.modal) = M_MAY_NOT; }
#line 2067 "build/deal.tab.c"
    break;

  case 61: /* modal: "must"  */
#line 196 "grammar/deal.y"
                        { (yyval.modal) = M_MUST; }
#line 2073 "build/deal.tab.c"
    break;

  case 62: /* modal: "must" "not"  */
#line 197 "grammar/deal.y"
                        { (yyval.modal) = M_MUST_NOT; }
#line 2079 "build/deal.tab.c"
    break;

  case 63: /* modal: "shall"  */
#line 198 "grammar/deal.y"
                        { (yyval.modal) = M_SHALL; }
#line 2085 "build/deal.tab.c"
    break;

  case 64: /* modal: "shall" "not"  */
#line 199 "grammar/deal.y"
                        { (yyval.modal) = M_SHALL_NOT; }
#line 2091 "build/deal.tab.c"
    break;

  case 65: /* action_obj: "identifier" opt_prep "identifier"  */
#line 203 "grammar/deal.y"
                                                { (yyval.action_obj) = build_action_obj(ctx, (yyvsp[-2].IDENT), (yylsp[-2]), (yyvsp[-1].opt_prep), (yylsp[-1]), (yyvsp[0].IDENT), (yylsp[0])); }
#line 2097 "build/deal.tab.c"
    break;

  case 66: /* mods: %empty  */
#line 207 "grammar/deal.y"
                                                { (yyval.mods) = build_mods(ctx); }
#line 2103 "build/deal.tab.c"
    break;

  case 67: /* mods: mods "from" "date"  */
#line 208 "grammar/deal.y"
                                                { (yyval.mods) = build_mod_date(ctx, (yyvsp[-2].mods), true, (yyvsp[0].DATE), (yylsp[0]), (yylsp[-1])); }
#line 2109 "build/deal.tab.c"
    break;

  case 68: /* mods: mods "until" "date"  */
#line 209 "grammar/deal.y"
                                                { (yyval.mods) = build_mod_date(ctx, (yyvsp[-2].mods), false, (yyvsp[0].DATE), (yylsp[0]), (yylsp[-1])); }
#line 2115 "build/deal.tab.c"
    break;

  case 69: /* mods: mods "if" cond  */
#line 210 "grammar/deal.y"
                                                { (yyval.mods) = build_mod_cond(ctx, (yyvsp[-2].mods), true, (yyvsp[0].cond), (yylsp[-1])); }
#line 2121 "build/deal.tab.c"
    break;

  case 70: /* mods: mods "unless" cond  */
#line 211 "grammar/deal.y"
                                                { (yyval.mods) = build_mod_cond(ctx, (yyvsp[-2].mods), false, (yyvsp[0].cond), (yylsp[-1])); }
#line 2127 "build/deal.tab.c"
    break;

  case 71: /* mods: mods "overrides" refs  */
#line 212 "grammar/deal.y"
                                                { (yyval.mods) = build_mod_ovr(ctx, (yyvsp[-2].mods), (yyvsp[0].refs), (yylsp[-1])); }
#line 2133 "build/deal.tab.c"
    break;

  case 72: /* refs: ref  */
#line 216 "grammar/deal.y"
                                                { (yyval.refs) = build_reflist(ctx, NULL, (yyvsp[0].ref)); }
#line 2139 "build/deal.tab.c"
    break;

  case 73: /* refs: refs ',' ref  */
#line 217 "grammar/deal.y"
                                                { (yyval.refs) = build_reflist(ctx, (yyvsp[-2].refs), (yyvsp[0].ref)); }
#line 2145 "build/deal.tab.c"
    break;

  case 74: /* ref: "identifier"  */
#line 221 "grammar/deal.y"
                                                { (yyval.ref) = build_ref(ctx, (yyvsp[0].IDENT), NULL, (yylsp[0]), (yylsp[0])); }
#line 2151 "build/deal.tab.c"
    break;

  case 75: /* ref: "identifier" '.' "identifier"  */
#line 222 "grammar/deal.y"
                                                { (yyval.ref) = build_ref(ctx, (yyvsp[-2].IDENT), (yyvsp[0].IDENT), (yylsp[-2]), (yylsp[0])); }
#line 2157 "build/deal.tab.c"
    break;

  case 76: /* cond: "identifier"  */
#line 226 "grammar/deal.y"
                                                { (yyval.cond) = build_cond_fact(ctx, (yyvsp[0].IDENT), (yylsp[0])); }
#line 2163 "build/deal.tab.c"
    break;

  case 77: /* cond: "not" cond  */
#line 227 "grammar/deal.y"
                                                { (yyval.cond) = build_cond(ctx, C_NOT, (yyvsp[0].cond), NULL, (yylsp[-1])); }
#line 2169 "build/deal.tab.c"
    break;

  case 78: /* cond: cond "and" cond  */
#line 228 "grammar/deal.y"
                                                { (yyval.cond) = build_cond(ctx, C_AND, (yyvsp[-2].cond), (yyvsp[0].cond), (yylsp[-1])); }
#line 2175 "build/deal.tab.c"
    break;

  case 79: /* cond: cond "or" cond  */
#line 229 "grammar/deal.y"
                                                { (yyval.cond) = build_cond(ctx, C_OR, (yyvsp[-2].cond), (yyvsp[0].cond), (yylsp[-1])); }
#line 2181 "build/deal.tab.c"
    break;

  case 80: /* cond: '(' cond ')'  */
#line 230 "grammar/deal.y"
                                                { (yyval.cond) = build_cond_paren(ctx, (yyvsp[-1].cond), (yylsp[-2])); }
#line 2187 "build/deal.tab.c"
    break;

  case 81: /* flow: "identifier" "invests" "amount" "in" "identifier" opt_committed mods  */
#line 235 "grammar/deal.y"
        { (yyval.flow) = build_flow(ctx, F_INVESTS, (yyvsp[-6].IDENT), (yylsp[-6]), (yyvsp[-2].IDENT), (yylsp[-2]), (yyvsp[0].mods)); build_flow_money(ctx, (yyval.flow), (yyvsp[-4].MONEY), (yylsp[-4]), (yyvsp[-1].opt_committed)); }
#line 2193 "build/deal.tab.c"
    break;

  case 82: /* flow: "identifier" "pays" "identifier" "amount" mods  */
#line 237 "grammar/deal.y"
        { (yyval.flow) = build_flow(ctx, F_PAYS, (yyvsp[-4].IDENT), (yylsp[-4]), (yyvsp[-2].IDENT), (yylsp[-2]), (yyvsp[0].mods)); build_flow_money(ctx, (yyval.flow), (yyvsp[-1].MONEY), (yylsp[-1]), (MoneyOpt){0}); }
#line 2199 "build/deal.tab.c"
    break;

  case 83: /* flow: "identifier" "owns" "percentage" "of" "identifier" opt_valued mods  */
#line 239 "grammar/deal.y"
        { (yyval.flow) = build_flow(ctx, F_OWNS, (yyvsp[-6].IDENT), (yylsp[-6]), (yyvsp[-2].IDENT), (yylsp[-2]), (yyvsp[0].mods)); build_flow_pct(ctx, (yyval.flow), (yyvsp[-4].PERCENT), (yylsp[-4])); build_flow_money(ctx, (yyval.flow), 0, (yylsp[-4]), (yyvsp[-1].opt_valued)); }
#line 2205 "build/deal.tab.c"
    break;

  case 84: /* flow: "identifier" "shares" "percentage" "of" "revenue" opt_revenue_from "with" "identifier" mods  */
#line 241 "grammar/deal.y"
        { (yyval.flow) = build_flow(ctx, F_SHARES, (yyvsp[-8].IDENT), (yylsp[-8]), (yyvsp[-1].IDENT), (yylsp[-1]), (yyvsp[0].mods)); build_flow_pct(ctx, (yyval.flow), (yyvsp[-6].PERCENT), (yylsp[-6])); build_flow_from(ctx, (yyval.flow), (yyvsp[-3].opt_revenue_from)); }
#line 2211 "build/deal.tab.c"
    break;

  case 85: /* flow: "identifier" "supplies" "quantity" "to" "identifier" mods  */
#line 243 "grammar/deal.y"
        { (yyval.flow) = build_flow(ctx, F_SUPPLIES, (yyvsp[-5].IDENT), (yylsp[-5]), (yyvsp[-1].IDENT), (yylsp[-1]), (yyvsp[0].mods)); (yyval.flow)->watts = (yyvsp[-3].QUANTITY); }
#line 2217 "build/deal.tab.c"
    break;

  case 86: /* opt_committed: %empty  */
#line 247 "grammar/deal.y"
                                                { (yyval.opt_committed) = (MoneyOpt){0}; }
#line 2223 "build/deal.tab.c"
    break;

  case 87: /* opt_committed: "committed" "amount"  */
#line 248 "grammar/deal.y"
                                                { (yyval.opt_committed) = (MoneyOpt){true, (yyvsp[0].MONEY), (yylsp[0])}; }
#line 2229 "build/deal.tab.c"
    break;

  case 88: /* opt_valued: %empty  */
#line 252 "grammar/deal.y"
                                                { (yyval.opt_valued) = (MoneyOpt){0}; }
#line 2235 "build/deal.tab.c"
    break;

  case 89: /* opt_valued: "valued" "amount"  */
#line 253 "grammar/deal.y"
                                                { (yyval.opt_valued) = (MoneyOpt){true, (yyvsp[0].MONEY), (yylsp[0])}; }
#line 2241 "build/deal.tab.c"
    break;

  case 90: /* opt_revenue_from: %empty  */
#line 257 "grammar/deal.y"
                                                { (yyval.opt_revenue_from) = NULL; }
#line 2247 "build/deal.tab.c"
    break;

  case 91: /* opt_revenue_from: "from" "identifier"  */
#line 258 "grammar/deal.y"
                                                { (yyval.opt_revenue_from) = build_ref(ctx, (yyvsp[0].IDENT), NULL, (yylsp[0]), (yylsp[0])); }
#line 2253 "build/deal.tab.c"
    break;

  case 92: /* $@3: %empty  */
#line 262 "grammar/deal.y"
                                                { build_dispute(ctx, (yyvsp[-1].IDENT), (yylsp[-1]), (yyvsp[0].opt_string)); }
#line 2259 "build/deal.tab.c"
    break;

  case 93: /* dispute: "dispute" "identifier" opt_string $@3 '{' dispute_items '}'  */
#line 263 "grammar/deal.y"
                                                { build_dispute_end(ctx, (yylsp[0])); }
#line 2265 "build/deal.tab.c"
    break;

  case 95: /* dispute_items: dispute_items "plaintiff" idents ';'  */
#line 268 "grammar/deal.y"
                                                { build_dispute_parties(ctx, true, (yyvsp[-1].idents), (yylsp[-2])); }
#line 2271 "build/deal.tab.c"
    break;

  case 96: /* dispute_items: dispute_items "defendants" idents ';'  */
#line 269 "grammar/deal.y"
                                                { build_dispute_parties(ctx, false, (yyvsp[-1].idents), (yylsp[-2])); }
#line 2277 "build/deal.tab.c"
    break;

  case 97: /* dispute_items: dispute_items "claim" "string" ';'  */
#line 270 "grammar/deal.y"
                                                { build_dispute_claim(ctx, (yyvsp[-1].STRING), (yylsp[-2])); }
#line 2283 "build/deal.tab.c"
    break;

  case 99: /* dispute_items: dispute_items error ';'  */
#line 272 "grammar/deal.y"
                            { yyerrok; }
#line 2289 "build/deal.tab.c"
    break;

  case 100: /* $@4: %empty  */
#line 276 "grammar/deal.y"
                                                { build_outcome(ctx, (yyvsp[-1].IDENT), (yylsp[-1]), (yyvsp[0].opt_string)); }
#line 2295 "build/deal.tab.c"
    break;

  case 101: /* outcome: "outcome" "identifier" opt_string $@4 opt_probability '{' outcome_stmts '}'  */
#line 277 "grammar/deal.y"
                                                { ctx->cur_outcome = NULL; }
#line 2301 "build/deal.tab.c"
    break;

  case 103: /* opt_probability: "probability" "percentage"  */
#line 282 "grammar/deal.y"
                                                { build_probability(ctx, (yyvsp[0].PERCENT), (yylsp[0])); }
#line 2307 "build/deal.tab.c"
    break;

  case 106: /* outcome_stmts: outcome_stmts error ';'  */
#line 288 "grammar/deal.y"
                            { yyerrok; }
#line 2313 "build/deal.tab.c"
    break;

  case 107: /* outcome_stmt: "uphold" ref ';'  */
#line 292 "grammar/deal.y"
                                                { build_stmt_ref(ctx, S_UPHOLD, (yyvsp[-1].ref), NULL, NULL, (yylsp[-2])); }
#line 2319 "build/deal.tab.c"
    break;

  case 108: /* outcome_stmt: "void" ref ';'  */
#line 293 "grammar/deal.y"
                                                { build_stmt_ref(ctx, S_VOID, (yyvsp[-1].ref), NULL, NULL, (yylsp[-2])); }
#line 2325 "build/deal.tab.c"
    break;

  case 109: /* outcome_stmt: "construe" ref "as" "covering" "identifier" ';'  */
#line 294 "grammar/deal.y"
                                                { build_stmt_ref(ctx, S_CONSTRUE, (yyvsp[-4].ref), build_ref(ctx, (yyvsp[-1].IDENT), NULL, (yylsp[-1]), (yylsp[-1])), NULL, (yylsp[-5])); }
#line 2331 "build/deal.tab.c"
    break;

  case 110: /* outcome_stmt: "amend" ref ':' body ';'  */
#line 295 "grammar/deal.y"
                                                { build_stmt_ref(ctx, S_AMEND, (yyvsp[-3].ref), NULL, (yyvsp[-1].body), (yylsp[-4])); }
#line 2337 "build/deal.tab.c"
    break;

  case 111: /* outcome_stmt: "clause" "identifier" ':' body ';'  */
#line 296 "grammar/deal.y"
                                                { build_stmt_clause(ctx, (yyvsp[-3].IDENT), (yylsp[-3]), (yyvsp[-1].body)); }
#line 2343 "build/deal.tab.c"
    break;

  case 112: /* outcome_stmt: "order" norm ';'  */
#line 297 "grammar/deal.y"
                                                { build_stmt_order(ctx, (yyvsp[-1].norm), (yylsp[-2])); }
#line 2349 "build/deal.tab.c"
    break;

  case 113: /* outcome_stmt: flow ';'  */
#line 298 "grammar/deal.y"
                                                { build_stmt_flow(ctx, (yyvsp[-1].flow), (yylsp[-1])); }
#line 2355 "build/deal.tab.c"
    break;

  case 114: /* outcome_stmt: "fact" "identifier" '=' boolean ';'  */
#line 299 "grammar/deal.y"
                                                   { build_stmt_fact(ctx, (yyvsp[-3].IDENT), (yylsp[-3]), (yyvsp[-1].boolean), (yylsp[-4])); }
#line 2361 "build/deal.tab.c"
    break;

  case 115: /* check: norm  */
#line 303 "grammar/deal.y"
                                                { (yyval.check) = build_check(ctx, (yyvsp[0].norm), false, (yylsp[0])); }
#line 2367 "build/deal.tab.c"
    break;

  case 116: /* check: flow  */
#line 304 "grammar/deal.y"
                                                { (yyval.check) = build_check(ctx, (yyvsp[0].flow), false, (yylsp[0])); }
#line 2373 "build/deal.tab.c"
    break;

  case 117: /* check: "not" check  */
#line 305 "grammar/deal.y"
                                                { (yyval.check) = (yyvsp[0].check); build_check_not(ctx, (yyval.check), (yylsp[-1])); }
#line 2379 "build/deal.tab.c"
    break;

  case 118: /* check: "conflict" idents action_obj  */
#line 306 "grammar/deal.y"
                                               { (yyval.check) = build_conflict(ctx, (yyvsp[-1].idents), (yyvsp[0].action_obj), (yylsp[-2])); }
#line 2385 "build/deal.tab.c"
    break;

  case 119: /* check_ctx: %empty  */
#line 310 "grammar/deal.y"
                                                { (yyval.check_ctx) = build_ctx(ctx); }
#line 2391 "build/deal.tab.c"
    break;

  case 120: /* check_ctx: check_ctx "under" outcome_list  */
#line 311 "grammar/deal.y"
                                                { (yyval.check_ctx) = build_ctx_under(ctx, (yyvsp[-2].check_ctx), (yyvsp[0].outcome_list), (yylsp[-1])); }
#line 2397 "build/deal.tab.c"
    break;

  case 121: /* check_ctx: check_ctx "at" "date"  */
#line 312 "grammar/deal.y"
                                                { (yyval.check_ctx) = build_ctx_at(ctx, (yyvsp[-2].check_ctx), (yyvsp[0].DATE), (yylsp[-1])); }
#line 2403 "build/deal.tab.c"
    break;

  case 122: /* check_ctx: check_ctx "with" "probability" "percentage"  */
#line 313 "grammar/deal.y"
                                                { (yyval.check_ctx) = build_ctx_prob(ctx, (yyvsp[-3].check_ctx), (yyvsp[0].PERCENT), (yylsp[-2]), (yylsp[0])); }
#line 2409 "build/deal.tab.c"
    break;

  case 123: /* outcome_list: "identifier"  */
#line 317 "grammar/deal.y"
                                                { (yyval.outcome_list) = build_refs(ctx, NULL, (yyvsp[0].IDENT), (yylsp[0])); }
#line 2415 "build/deal.tab.c"
    break;

  case 124: /* outcome_list: outcome_list "and" "identifier"  */
#line 318 "grammar/deal.y"
                                                { (yyval.outcome_list) = build_refs(ctx, (yyvsp[-2].outcome_list), (yyvsp[0].IDENT), (yylsp[0])); }
#line 2421 "build/deal.tab.c"
    break;


#line 2425 "build/deal.tab.c"

        default: break;
      }
    if (yychar_backup != yychar)
      YY_LAC_DISCARD ("yychar change");
  }
  /* User semantic actions sometimes alter yychar, and that requires
     that yytoken be updated with the new translation.  We take the
     approach of translating immediately before every use of yytoken.
     One alternative is translating here after every semantic action,
     but that translation would be missed if the semantic action invokes
     YYABORT, YYACCEPT, or YYERROR immediately after altering yychar or
     if it invokes YYBACKUP.  In the case of YYABORT or YYACCEPT, an
     incorrect destructor might then be invoked immediately.  In the
     case of YYERROR or YYBACKUP, subsequent parser actions might lead
     to an incorrect destructor call or verbose syntax error message
     before the lookahead is translated.  */
  YY_SYMBOL_PRINT ("-> $$ =", YY_CAST (yysymbol_kind_t, yyr1[yyn]), &yyval, &yyloc);

  YYPOPSTACK (yylen);
  yylen = 0;

  *++yyvsp = yyval;
  *++yylsp = yyloc;

  /* Now 'shift' the result of the reduction.  Determine what state
     that goes to, based on the state we popped back to and the rule
     number reduced by.  */
  {
    const int yylhs = yyr1[yyn] - YYNTOKENS;
    const int yyi = yypgoto[yylhs] + *yyssp;
    yystate = (0 <= yyi && yyi <= YYLAST && yycheck[yyi] == *yyssp
               ? yytable[yyi]
               : yydefgoto[yylhs]);
  }

  goto yynewstate;


/*--------------------------------------.
| yyerrlab -- here on detecting error.  |
`--------------------------------------*/
yyerrlab:
  /* Make sure we have latest lookahead translation.  See comments at
     user semantic actions for why this is necessary.  */
  yytoken = yychar == YYEMPTY ? YYSYMBOL_YYEMPTY : YYTRANSLATE (yychar);
  /* If not already recovering from an error, report this error.  */
  if (!yyerrstatus)
    {
      ++yynerrs;
      {
        yypcontext_t yyctx
          = {yyssp, yyesa, &yyes, &yyes_capacity, yytoken, &yylloc};
        if (yychar != YYEMPTY)
          YY_LAC_ESTABLISH;
        if (yyreport_syntax_error (&yyctx, scanner, ctx) == 2)
          YYNOMEM;
      }
    }

  yyerror_range[1] = yylloc;
  if (yyerrstatus == 3)
    {
      /* If just tried and failed to reuse lookahead token after an
         error, discard it.  */

      if (yychar <= END)
        {
          /* Return failure if at end of input.  */
          if (yychar == END)
            YYABORT;
        }
      else
        {
          yydestruct ("Error: discarding",
                      yytoken, &yylval, &yylloc, scanner, ctx);
          yychar = YYEMPTY;
        }
    }

  /* Else will try to reuse lookahead token after shifting the error
     token.  */
  goto yyerrlab1;


/*---------------------------------------------------.
| yyerrorlab -- error raised explicitly by YYERROR.  |
`---------------------------------------------------*/
yyerrorlab:
  /* Pacify compilers when the user code never invokes YYERROR and the
     label yyerrorlab therefore never appears in user code.  */
  if (0)
    YYERROR;
  ++yynerrs;

  /* Do not reclaim the symbols of the rule whose action triggered
     this YYERROR.  */
  YYPOPSTACK (yylen);
  yylen = 0;
  YY_STACK_PRINT (yyss, yyssp);
  yystate = *yyssp;
  goto yyerrlab1;


/*-------------------------------------------------------------.
| yyerrlab1 -- common code for both syntax error and YYERROR.  |
`-------------------------------------------------------------*/
yyerrlab1:
  yyerrstatus = 3;      /* Each real token shifted decrements this.  */

  /* Pop stack until we find a state that shifts the error token.  */
  for (;;)
    {
      yyn = yypact[yystate];
      if (!yypact_value_is_default (yyn))
        {
          yyn += YYSYMBOL_YYerror;
          if (0 <= yyn && yyn <= YYLAST && yycheck[yyn] == YYSYMBOL_YYerror)
            {
              yyn = yytable[yyn];
              if (0 < yyn)
                break;
            }
        }

      /* Pop the current state because it cannot handle the error token.  */
      if (yyssp == yyss)
        YYABORT;

      yyerror_range[1] = *yylsp;
      yydestruct ("Error: popping",
                  YY_ACCESSING_SYMBOL (yystate), yyvsp, yylsp, scanner, ctx);
      YYPOPSTACK (1);
      yystate = *yyssp;
      YY_STACK_PRINT (yyss, yyssp);
    }

  /* If the stack popping above didn't lose the initial context for the
     current lookahead token, the shift below will for sure.  */
  YY_LAC_DISCARD ("error recovery");

  YY_IGNORE_MAYBE_UNINITIALIZED_BEGIN
  *++yyvsp = yylval;
  YY_IGNORE_MAYBE_UNINITIALIZED_END

  yyerror_range[2] = yylloc;
  ++yylsp;
  YYLLOC_DEFAULT (*yylsp, yyerror_range, 2);

  /* Shift the error token.  */
  YY_SYMBOL_PRINT ("Shifting", YY_ACCESSING_SYMBOL (yyn), yyvsp, yylsp);

  yystate = yyn;
  goto yynewstate;


/*-------------------------------------.
| yyacceptlab -- YYACCEPT comes here.  |
`-------------------------------------*/
yyacceptlab:
  yyresult = 0;
  goto yyreturnlab;


/*-----------------------------------.
| yyabortlab -- YYABORT comes here.  |
`-----------------------------------*/
yyabortlab:
  yyresult = 1;
  goto yyreturnlab;


/*-----------------------------------------------------------.
| yyexhaustedlab -- YYNOMEM (memory exhaustion) comes here.  |
`-----------------------------------------------------------*/
yyexhaustedlab:
  yyerror (&yylloc, scanner, ctx, YY_("memory exhausted"));
  yyresult = 2;
  goto yyreturnlab;


/*----------------------------------------------------------.
| yyreturnlab -- parsing is finished, clean up and return.  |
`----------------------------------------------------------*/
yyreturnlab:
  if (yychar != YYEMPTY)
    {
      /* Make sure we have latest lookahead translation.  See comments at
         user semantic actions for why this is necessary.  */
      yytoken = YYTRANSLATE (yychar);
      yydestruct ("Cleanup: discarding lookahead",
                  yytoken, &yylval, &yylloc, scanner, ctx);
    }
  /* Do not reclaim the symbols of the rule whose action triggered
     this YYABORT or YYACCEPT.  */
  YYPOPSTACK (yylen);
  YY_STACK_PRINT (yyss, yyssp);
  while (yyssp != yyss)
    {
      yydestruct ("Cleanup: popping",
                  YY_ACCESSING_SYMBOL (+*yyssp), yyvsp, yylsp, scanner, ctx);
      YYPOPSTACK (1);
    }
#ifndef yyoverflow
  if (yyss != yyssa)
    YYSTACK_FREE (yyss);
#endif
  if (yyes != yyesa)
    YYSTACK_FREE (yyes);

  return yyresult;
}

#line 321 "grammar/deal.y"


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
  yysymbol_kind_t exp[7];
  int n = yypcontext_expected_tokens(pc, exp, 7);
  const char *names[7];
  if (n < 0) n = 0;
  for (int i = 0; i < n; i++) names[i] = yysymbol_name(exp[i]);
  build_unexpected(ctx, *yypcontext_location(pc), yysymbol_name(la),
                   names, n > 6 ? 0 : n);
  return 0;
}
