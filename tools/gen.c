/*
 * gen — deterministic generator of valid `.deal` scenarios for benchmarks.
 *
 *   gen --clauses N [--seed S] [--disputes D] [--tangle] [-o FILE]
 *       [--shape many-parties] [--parties N] [--products N]
 *       [--only PCT] [--among PCT] [--per-agreement N]
 *   gen --help
 *
 * Without shape options the file spreads its clauses over many products
 * (N / 10 + 10 products, N / 1000 + 20 parties, agreements of 5 to 50
 * clauses, 23.5 % of the norm clauses `only`, 85 % of those with `among`),
 * byte for byte as before the shape options existed: an option left out
 * draws nothing it did not draw before. `--shape many-parties` is the
 * other shape, many parties licensing few products: 2,000 parties, 300
 * products, 12 % `only`, 60 % of those with `among`, 3 disputes (parties
 * and products in proportion to N below 100,000 clauses); options given
 * with it override its numbers. `gen --help` lists the bounds.
 *
 * `--tangle` (off by default; without it not a byte changes) makes the
 * disputes act on one another's worlds, for tests that compare the
 * evaluation of many worlds at once with that of one key in one world:
 *  - 2 to 5 disputes (at most half the facts: 4 below 1,000 clauses; or
 *    --disputes D), of 2 to 4 outcomes each, with probabilities adding up
 *    to 100 %;
 *  - hot keys (party, action, product; two parties share each action and
 *    product), 8 + N / 500 of them up to 4,096, on which a fifth of the
 *    agreements' norm clauses, the outcomes' own clauses (`t1`..`t3`) and
 *    their orders speak: `may`, `must`, `only` and `only ... among`, often
 *    for a group holding the party, sometimes on the product's parent,
 *    some with `from`/`until` windows;
 *  - `overrides` from agreement clauses to outcome clauses
 *    (`overrides D1_plaintiff.t2`) and to clauses of other agreements,
 *    from outcome clauses to agreement clauses and to other outcomes'
 *    clauses, and in amendments (`amend A.c: NORM overrides ...`);
 *  - outcomes that uphold, void, construe and amend clauses of any
 *    agreement, other disputes' agreements included (one agreement often
 *    has clauses acted on by two disputes), and whose facts condition
 *    clauses of every agreement and other disputes' outcome clauses and
 *    orders; outcome flows and orders besides.
 *
 * The same N and seed give byte-identical output on every platform: the only
 * source of randomness is a splitmix64 stream, all arithmetic is on integers,
 * and numbers and dates are formatted by hand (no locale, no printf floats).
 *
 * Validity is by construction (see LANGUAGE.md):
 *  - every global name has a prefix of its kind (P, AL, AK, G, Prod, F, AG,
 *    D…_…) or is one of the twelve fixed action words, none a keyword, so
 *    each name is declared exactly once;
 *  - a group only lists groups of a lower level, so groups have no cycles;
 *  - a product's parent always has a smaller index, so `is` has no cycles;
 *  - a clause only overrides earlier clauses of its own agreement, and
 *    amendments and outcome clauses carry no `overrides`, so no world has an
 *    overrides cycle; with --tangle, the rank rule instead: every clause has
 *    a rank (the g-th agreement clause of the file 2 g + 1, an outcome's
 *    own clause 2 p, p drawn in 0..N before the agreements are written),
 *    `overrides` names only clauses of lower rank, and an amendment keeps
 *    the rank of the clause it replaces, so every edge of every world,
 *    whatever outcomes it combines, goes down in rank;
 *  - `only S among G` takes S from G's direct members;
 *  - each dispute acts only on clauses of its own agreements (an agreement
 *    has at most one dispute; with more disputes than agreements, some act
 *    on none) and sets only its own two facts, so combined worlds are never
 *    errors and there are at most half as many disputes as facts; with
 *    --tangle, each agreement clause is acted on by at most one dispute
 *    (whose outcomes may act on it differently: they never meet in a
 *    world), and dispute i alone sets its facts i K .. i K + K - 1
 *    (K = min(3, facts / D) >= 2), each at most once per outcome;
 *  - in an outcome, `void` goes alone on its clause, `construe` only on a
 *    norm with a product object and never with `amend`, and each statement
 *    acts on a clause at most once;
 *  - windows of agreement clauses and amendments lie in their agreement's;
 *  - at least six parties, so that a group of six and an agreement of three
 *    find distinct members, and at least one product besides the two
 *    reserved ones;
 *  - every `expect` is one whose truth follows from the construction alone.
 *    --tangle adds none of its own and keeps those whose reasons it keeps:
 *    flows and reserved products in the status quo, the plaintiff's order
 *    of D1 and D2 (no other order in those two outcomes), the damages, the
 *    settlement payment where there is a settlement, and the weight of the
 *    damages `with probability` up to 4,096 combinations of outcomes.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------- PRNG: splitmix64 ---------- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Uniform-enough integer in [0, n); 0 when n is 0. */
static uint32_t rnd(uint32_t n)
{
    return n ? (uint32_t)(rng_next() % n) : 0;
}

static int chance(unsigned pct) { return rnd(100) < pct; }

static int32_t rrange(int32_t lo, int32_t hi)
{
    return hi <= lo ? lo : lo + (int32_t)rnd((uint32_t)(hi - lo + 1));
}

/* ---------- output: one large buffer, flushed between statements ---------- */

#define OUT_CAP (1u << 22)
#define OUT_SLACK (1u << 16) /* no statement we write is longer than this */

static FILE *out_fp;
static char *ob;
static size_t olen;
static int out_err;

static void out_flush(void)
{
    if (olen && fwrite(ob, 1, olen, out_fp) != olen)
        out_err = 1;
    olen = 0;
}

/* Called before each statement or line so that it fits in the buffer. */
static void out_line(void)
{
    if (olen > OUT_CAP - OUT_SLACK)
        out_flush();
}

static void wn(const char *s, size_t n)
{
    memcpy(ob + olen, s, n);
    olen += n;
}

static void ws(const char *s) { wn(s, strlen(s)); }
static void wc(char c) { ob[olen++] = c; }

static void wu(uint64_t v)
{
    char t[24];
    int n = 0;
    do {
        t[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        ob[olen++] = t[--n];
}

/* v with exactly `width` digits, zero-padded. */
static void wu_pad(uint64_t v, int width)
{
    char t[24];
    int n = 0;
    while (n < width) {
        t[n++] = (char)('0' + v % 10);
        v /= 10;
    }
    while (n)
        ob[olen++] = t[--n];
}

/* v with `,` thousands separators. */
static void wu_commas(uint64_t v)
{
    if (v < 1000) {
        wu(v);
        return;
    }
    wu_commas(v / 1000);
    wc(',');
    wu_pad(v % 1000, 3);
}

/* ---------- dates as day numbers (proleptic Gregorian) ---------- */

static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = y / 400; /* y >= 1900 here */
    int yoe = y - era * 400;
    int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void wdate(int32_t z)
{
    z += 719468;
    int era = z / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    wu_pad((uint64_t)y, 4);
    wc('-');
    wu_pad((uint64_t)m, 2);
    wc('-');
    wu_pad((uint64_t)d, 2);
}

/* ---------- the model ---------- */

static uint32_t NP, NG, NPR, NF, NA, ND; /* parties, groups, products, facts, agreements, disputes */
static uint32_t N_CLAUSES;
static uint32_t PER_AGREEMENT; /* clauses per agreement, or 0: 5 to 50 */
static uint32_t AG_MAX;        /* no agreement has more clauses */
static uint64_t SEED;
static int32_t AS_OF;
static int TANGLE;             /* --tangle: disputes that act on one another */
static uint32_t *prod_parent;  /* with --tangle: a product's parent, or itself */

static uint8_t *alias_flags; /* bit 0: aka AL<i>; bit 1: aka AK<i> */
static uint32_t *g_off;      /* group g's members are g_mem[g_off[g] .. g_off[g+1]) */
static int32_t *g_mem;       /* >= 0: party; < 0: group -(m+1) */
static uint32_t g_mem_len, g_mem_cap;
static uint32_t *ag_size;
static int32_t *ag_disp; /* dispute owning this agreement, or -1 */

/* Two extra root products that no clause or outcome ever mentions: their
 * status is the ownership default, which makes for certain expectations. */
static uint32_t reserve_owner[2];

static const char *const ACTIONS[12] = {"host",  "distribute", "use",     "resell",
                                        "train", "audit",      "deploy",  "build",
                                        "bid",   "partner",    "sell",    "compete"};
static const char *const ACTION_PREP[12] = {NULL, NULL, NULL, NULL, NULL, NULL,
                                            "in", "on", "for", "with", "to", "with"};
static const char *const ACTION_DESC[12] = {
    "serve the product to customers from its cloud",
    "resell or distribute the product",
    "exploit the intellectual property in its own products",
    "resell the product under its own brand",
    "train models with or on the product",
    "audit the product and its data",
    "deploy its systems in",
    "build products on",
    "bid for contracts covering",
    "enter a partnership with",
    "sell capacity to",
    "compete for customers with"};
#define N_PRODUCT_ACTIONS 9 /* actions 0..8 take a product, 9..11 a party */

static const char *const WORD_A[16] = {"Northwind", "Contoso", "Fabrikam", "Initech",
                                       "Globex",    "Umbrella", "Stark",   "Wayne",
                                       "Tyrell",    "Cyberdyne", "Soylent", "Hooli",
                                       "Pied Piper", "Vandelay", "Acme",   "Massive Dynamic"};
static const char *const WORD_B[8] = {"Cloud", "Systems", "AI", "Compute",
                                      "Networks", "Labs", "Capital", "Semiconductor"};
static const char *const WORD_C[6] = {"Inc.", "Corp.", "LLC", "PBC", "plc", "GmbH"};
static const char *const PROD_KIND[12] = {"model weights", "inference API", "runtime",
                                          "training cluster", "chip design", "dataset",
                                          "agent platform", "search index", "storage tier",
                                          "fine-tuning service", "edge appliance", "SDK"};
static const char *const AG_KIND[8] = {"Definitive agreement", "Strategic partnership",
                                       "Cloud services agreement", "Licence agreement",
                                       "Investment agreement", "Supply agreement",
                                       "Reseller agreement", "Joint venture"};

enum {
    K_MAY, K_MAYNOT, K_MUST, K_MUSTNOT, K_SHALL, K_SHALLNOT, K_ONLYAMONG, K_ONLY,
    K_INVEST, K_PAY, K_OWN, K_SHARE, K_SUPPLY, K_COUNT
};
#define K_FIRST_FLOW K_INVEST

static const char *const KIND_PREFIX[K_COUNT] = {
    "grant", "ban", "duty", "bar", "oblig", "forbid", "excl", "sole",
    "invest", "pay", "stake", "revshare", "supply"};
/* Out of 1000: norms 850 (only-without-among 30), flows 150. */
static const uint16_t KIND_WEIGHT[K_COUNT] = {240, 120, 110, 80, 80, 20, 170, 30,
                                              30, 40, 30, 30, 20};
/* The weights pick_kind draws from: KIND_WEIGHT out of 1000 unless --only or
 * --among reshape them (set_kind_weights). */
static uint32_t kind_weight[K_COUNT];
static uint32_t kind_total;
static const char *const MODAL[K_ONLYAMONG] = {"may", "may not", "must", "must not",
                                               "shall", "shall not"};

/* The agreement being generated, or the frame of an outcome statement. */
typedef struct {
    uint32_t idx;
    uint32_t party[3];
    int nparty;
    int32_t start, end;  /* window for clause dates */
    uint8_t *kind;       /* kinds of the clauses written so far (agreements only) */
    uint32_t *norms;     /* indices of its norm clauses so far (agreements only) */
    int nnorms;
} Ctx;

typedef struct {
    uint32_t ag, clause;
    uint8_t kind;
} ClauseRef;

/* --tangle: an agreement clause that one dispute's outcomes act on, with
 * what an amendment of it needs (its agreement's window and parties). */
typedef struct {
    ClauseRef r;
    uint32_t g;       /* its place among all agreement clauses: rank 2 g + 1 */
    int32_t key;      /* the hot key it speaks on, or -1 */
    int8_t product;   /* a norm with a product object (construe may read it) */
    int8_t ovr_out;   /* the outcome of its dispute whose clause it overrides, or -1 */
    int32_t start, end;
    int nparty;
    uint32_t party[3];
} Target;

#define OUT_MAX 4     /* outcomes per dispute with --tangle */
#define TARGET_CAP 16 /* clauses a dispute acts on with --tangle: up to 8
                         planned, and clauses that override its outcomes'
                         clauses taken while it has fewer than 8 */

#define DREF_CAP 128
typedef struct {
    int nag;
    uint32_t ag[2];
    uint32_t party[2][3];
    int nparty[2];
    int32_t start[2], end[2];
    ClauseRef norms[DREF_CAP]; /* norm clauses with a product object */
    int nnorms;
    ClauseRef flows[DREF_CAP];
    int nflows;
    uint32_t plaintiff, defendant; /* chosen once, by gen_disputes */
    /* --tangle only */
    int nout;                 /* 2 to 4 outcomes */
    uint32_t prob[OUT_MAX];   /* their probabilities, in half-percents */
    uint8_t nown[OUT_MAX];    /* own clauses t1.. of each outcome */
    uint32_t own0;            /* the first of them in `own` */
    Target targets[TARGET_CAP];
    int ntargets;
} Dispute;

static Dispute *disputes;

/* Flow clauses certain to hold in the status quo, captured verbatim. */
#define N_FLOW_EXPECTS 3
static char flow_expect[N_FLOW_EXPECTS][512];
static int n_flow_expect;

/* ---------- names ---------- */

static void wparty(uint32_t p) { wc('P'); wu(p + 1); }

/* A party, sometimes by one of its aliases. */
static void wparty_ref(uint32_t p)
{
    uint8_t f = alias_flags[p];
    if (f && chance(12)) {
        if ((f & 1) && (!(f & 2) || chance(50)))
            ws("AL");
        else
            ws("AK");
        wu(p + 1);
    } else {
        wparty(p);
    }
}

static void wgroup(uint32_t g) { wc('G'); wu(g + 1); }
static void wproduct(uint32_t x) { ws("Prod"); wu(x + 1); }
static void wfact(uint32_t f) { wc('F'); wu(f + 1); }
static void wagreement(uint32_t a) { ws("AG"); wu(a + 1); }

static void wmember(int32_t m)
{
    if (m >= 0)
        wparty((uint32_t)m);
    else
        wgroup((uint32_t)(-(m + 1)));
}

static void wclause_name(int kind, uint32_t c)
{
    ws(KIND_PREFIX[kind]);
    wu(c + 1);
}

static void wref(const ClauseRef *r)
{
    wagreement(r->ag);
    wc('.');
    wclause_name(r->kind, r->clause);
}

static uint32_t other_party(uint32_t p)
{
    uint32_t q = rnd(NP - 1);
    return q >= p ? q + 1 : q;
}

/* ---------- literals ---------- */

/* A money amount in tenths of a unit with multiplier m ("K","M","B"). */
static void wmoney_tenths(uint32_t tenths, const char *m)
{
    wc('$');
    wu(tenths / 10);
    if (tenths % 10) {
        wc('.');
        wu(tenths % 10);
    }
    ws(m);
}

static void wmoney_any(void)
{
    uint32_t r = rnd(100);
    if (r < 45) {
        wc('$');
        wu((uint64_t)rrange(1, 999));
        wc('M');
    } else if (r < 65) {
        wmoney_tenths((uint32_t)rrange(10, 999), "B");
    } else if (r < 85) {
        wc('$');
        wu_commas((uint64_t)rrange(1000, 99999999));
    } else {
        wc('$');
        wu((uint64_t)rrange(1, 999));
        wc('K');
    }
}

/* A percent in (0, 50) with 0, 1, 2 or 4 decimals. */
static void wpercent(void)
{
    wu((uint64_t)rrange(1, 49));
    uint32_t r = rnd(100);
    int dec = r < 60 ? 0 : r < 85 ? 1 : r < 95 ? 2 : 4;
    if (dec) {
        static const uint32_t lim[5] = {1, 1, 10, 100, 1000};
        /* Two statements: operand evaluation order is unspecified. */
        uint64_t head = rnd(lim[dec]);
        uint64_t last = (uint64_t)rrange(1, 9);
        wc('.');
        wu_pad(head * 10 + last, dec);
    }
    wc('%');
}

static void wquantity(void)
{
    uint32_t r = rnd(100);
    if (r < 50) {
        wu((uint64_t)rrange(1, 999));
        ws("MW");
    } else if (r < 75) {
        wu((uint64_t)rrange(1, 20));
        ws("GW");
    } else if (r < 90) {
        wu((uint64_t)rrange(1, 9));
        ws(".5GW");
    } else {
        wu((uint64_t)rrange(100, 999));
        ws("kW");
    }
}

/* Probability given in half-percent units. */
static void wprob(uint32_t half)
{
    wu(half / 2);
    if (half & 1)
        ws(".5");
    wc('%');
}

/* ---------- conditions and modifiers ---------- */

static void wcond(int depth, int top)
{
    uint32_t r = rnd(100);
    if (depth >= 2 || r < 45) {
        if (chance(20))
            ws("not ");
        wfact(rnd(NF));
    } else if (r < 55) {
        ws("not (");
        wcond(depth + 1, 1);
        wc(')');
    } else {
        if (!top)
            wc('(');
        wcond(depth + 1, 0);
        ws(chance(55) ? " and " : " or ");
        wcond(depth + 1, 0);
        if (!top)
            wc(')');
    }
}

/* from/until inside the window, if/unless; returns whether any was written. */
static int wdate_cond_mods(const Ctx *c, unsigned p_from, unsigned p_until, unsigned p_if,
                           unsigned p_unless)
{
    int any = 0;
    int32_t lo = c->start;
    if (chance(p_from)) {
        lo = rrange(c->start, c->end);
        ws(" from ");
        wdate(lo);
        any = 1;
    }
    if (chance(p_until)) {
        ws(" until ");
        wdate(rrange(lo, c->end));
        any = 1;
    }
    if (chance(p_if)) {
        ws(" if ");
        wcond(0, 1);
        any = 1;
    }
    if (chance(p_unless)) {
        ws(" unless ");
        wcond(0, 1);
        any = 1;
    }
    return any;
}

/* ---------- clauses ---------- */

static void wsubject(const Ctx *c)
{
    uint32_t r = rnd(100);
    if (r < 70 && c->nparty)
        wparty_ref(c->party[rnd((uint32_t)c->nparty)]);
    else if (r < 85)
        wparty_ref(rnd(NP));
    else
        wgroup(rnd(NG));
}

/* Writes NORM (no `clause NAME:`). Returns whether the object is a product. */
static int gen_norm(Ctx *c, int kind, int force_product, int allow_overrides, int allow_mods)
{
    int32_t first_party = -1;
    if (kind == K_ONLYAMONG) {
        uint32_t g = rnd(NG);
        uint32_t o = g_off[g], n = g_off[g + 1] - o;
        uint32_t i = rnd(n);
        ws("only ");
        wmember(g_mem[o + i]);
        if (n > 1 && chance(20)) {
            uint32_t j = rnd(n - 1);
            if (j >= i)
                j++;
            ws(", ");
            wmember(g_mem[o + j]);
        }
        ws(" among ");
        wgroup(g);
        ws(" may ");
    } else {
        if (kind == K_ONLY)
            ws("only ");
        if (c->nparty && chance(70)) {
            first_party = (int32_t)c->party[rnd((uint32_t)c->nparty)];
            wparty_ref((uint32_t)first_party);
        } else {
            wsubject(c);
        }
        if (chance(8)) {
            ws(", ");
            uint32_t q = first_party >= 0 ? other_party((uint32_t)first_party) : rnd(NP);
            wparty_ref(q);
        }
        wc(' ');
        ws(kind == K_ONLY ? "may" : MODAL[kind]);
        wc(' ');
    }

    int product = force_product || chance(80);
    uint32_t a = product ? rnd(N_PRODUCT_ACTIONS) : N_PRODUCT_ACTIONS + rnd(12 - N_PRODUCT_ACTIONS);
    ws(ACTIONS[a]);
    if (ACTION_PREP[a]) {
        wc(' ');
        ws(ACTION_PREP[a]);
    }
    wc(' ');
    if (product) {
        wproduct(rnd(NPR));
    } else if (chance(15)) {
        wgroup(rnd(NG));
    } else {
        uint32_t q = first_party >= 0 ? other_party((uint32_t)first_party) : rnd(NP);
        wparty_ref(q);
    }

    if (allow_mods)
        wdate_cond_mods(c, 10, 15, 10, 5);
    if (allow_overrides && c->nnorms && chance(15)) {
        uint32_t t1 = chance(60) ? (uint32_t)c->nnorms - 1 : rnd((uint32_t)c->nnorms);
        ws(" overrides ");
        wclause_name(c->kind[c->norms[t1]], c->norms[t1]);
        if (c->nnorms > 1 && chance(20)) {
            uint32_t t2 = rnd((uint32_t)c->nnorms - 1);
            if (t2 >= t1)
                t2++;
            ws(", ");
            wclause_name(c->kind[c->norms[t2]], c->norms[t2]);
        }
    }
    return product;
}

/* Writes FLOW. Returns whether it has modifiers. */
static int gen_flow(const Ctx *c, int kind, int allow_mods)
{
    uint32_t p, q;
    if (c->nparty >= 2) {
        uint32_t i = rnd((uint32_t)c->nparty);
        uint32_t j = rnd((uint32_t)c->nparty - 1);
        if (j >= i)
            j++;
        p = c->party[i];
        q = chance(80) ? c->party[j] : other_party(p);
    } else {
        p = rnd(NP);
        q = other_party(p);
    }
    wparty_ref(p);
    switch (kind) {
    case K_INVEST: {
        uint32_t x = (uint32_t)rrange(10, 1500);
        if (chance(70))
            x -= x % 10;
        ws(" invests ");
        wmoney_tenths(x, "B");
        ws(" in ");
        wparty_ref(q);
        if (chance(75)) {
            uint32_t y = (uint32_t)rrange(1, (int32_t)x);
            if (chance(60) && y >= 10)
                y -= y % 10;
            ws(" committed ");
            wmoney_tenths(y, "B");
        }
        break;
    }
    case K_PAY:
        ws(" pays ");
        wparty_ref(q);
        wc(' ');
        wmoney_any();
        break;
    case K_OWN:
        ws(" owns ");
        wpercent();
        ws(" of ");
        wparty_ref(q);
        if (chance(70)) {
            ws(" valued ");
            wmoney_tenths((uint32_t)rrange(10, 5000), "B");
        }
        break;
    case K_SHARE: {
        ws(" shares ");
        wpercent();
        ws(" of revenue");
        uint32_t r = rnd(100);
        if (r < 40) {
            ws(" from ");
            wgroup(rnd(NG));
        } else if (r < 70) {
            ws(" from ");
            wproduct(rnd(NPR));
        } else if (r < 80) {
            ws(" from ");
            wparty_ref(rnd(NP));
        }
        ws(" with ");
        wparty_ref(q);
        break;
    }
    default:
        ws(" supplies ");
        wquantity();
        ws(" to ");
        wparty_ref(q);
        break;
    }
    return allow_mods ? wdate_cond_mods(c, 8, 10, 8, 4) : 0;
}

static int pick_kind(void)
{
    uint32_t r = rnd(kind_total);
    int k = 0;
    while (r >= kind_weight[k]) {
        r -= kind_weight[k];
        k++;
    }
    return k;
}

/* A norm kind: evenly by default (as it always was), in the proportions of
 * the weights when --only or --among set them, so that `--only 0` means no
 * `only` in any agreement. */
static int pick_norm_kind(void)
{
    if (kind_total == 1000)
        return (int)rnd(K_ONLY + 1);
    uint32_t norms = 0;
    for (int k = K_MAY; k <= K_ONLY; k++)
        norms += kind_weight[k];
    uint32_t r = rnd(norms);
    int k = 0;
    while (r >= kind_weight[k]) {
        r -= kind_weight[k];
        k++;
    }
    return k;
}

/* only_pct: share of the norm clauses that are `only`; among_pct: share of
 * those with `among`; -1 keeps today's share (200 of 850; 170 of 200). With
 * neither, the weights are KIND_WEIGHT out of 1000, so the draws of an
 * invocation without shape options are the ones they always were. Otherwise
 * they are in millionths: the flows keep their 150,000, the `only` kinds take
 * their share of the norms' 850,000, and the other norm kinds share the rest
 * in their old proportions. */
static void set_kind_weights(int only_pct, int among_pct)
{
    for (int k = 0; k < K_COUNT; k++)
        kind_weight[k] = KIND_WEIGHT[k];
    kind_total = 1000;
    if (only_pct < 0 && among_pct < 0)
        return;
    const uint32_t norms = 850000;
    uint32_t only = only_pct < 0 ? 200000 : norms / 100 * (uint32_t)only_pct;
    uint32_t among = among_pct < 0 ? only / 200 * 170 : only / 100 * (uint32_t)among_pct;
    uint32_t rest = norms - only, other = 0, given = 0;
    for (int k = K_MAY; k < K_ONLYAMONG; k++)
        other += KIND_WEIGHT[k];
    for (int k = K_MAY; k < K_ONLYAMONG; k++) {
        kind_weight[k] = rest / other * KIND_WEIGHT[k];
        given += kind_weight[k];
    }
    kind_weight[K_MAY] += rest - given;
    kind_weight[K_ONLYAMONG] = among;
    kind_weight[K_ONLY] = only - among;
    for (int k = K_FIRST_FLOW; k < K_COUNT; k++)
        kind_weight[k] = KIND_WEIGHT[k] * 1000u;
    kind_total = 1000000;
}

/* ---------- sections ---------- */

static void gen_parties(void)
{
    ws("\n# Parties\n");
    for (uint32_t p = 0; p < NP; p++) {
        out_line();
        ws("party ");
        wparty(p);
        if (chance(80)) {
            ws(" \"");
            ws(WORD_A[rnd(16)]);
            wc(' ');
            ws(WORD_B[rnd(8)]);
            wc(' ');
            wu(p + 1);
            wc(' ');
            ws(WORD_C[rnd(6)]);
            wc('"');
        }
        uint8_t f = 0;
        if (chance(15))
            f |= 1;
        if (chance(4))
            f |= 2;
        alias_flags[p] = f;
        if (f) {
            ws(" aka ");
            if (f & 1) {
                ws("AL");
                wu(p + 1);
            }
            if (f == 3)
                ws(", ");
            if (f & 2) {
                ws("AK");
                wu(p + 1);
            }
        }
        ws(";\n");
    }
}

static void g_push(int32_t m)
{
    if (g_mem_len == g_mem_cap) {
        g_mem_cap = g_mem_cap ? g_mem_cap * 2 : 1024;
        g_mem = realloc(g_mem, g_mem_cap * sizeof *g_mem);
        if (!g_mem) {
            fprintf(stderr, "gen: out of memory\n");
            exit(1);
        }
    }
    g_mem[g_mem_len++] = m;
}

static int g_has(uint32_t from, int32_t m)
{
    for (uint32_t i = from; i < g_mem_len; i++)
        if (g_mem[i] == m)
            return 1;
    return 0;
}

/* Three levels, so nesting is at most three deep: level 0 lists parties only;
 * level 1 lists level-0 groups and parties; level 2 lists groups of levels 0
 * and 1 and parties. A group never lists itself or a later group. */
static void gen_groups(void)
{
    uint32_t l0 = NG / 2, l1 = NG / 3;
    ws("\n# Groups (three levels; a group only lists groups declared before it)\n");
    for (uint32_t g = 0; g < NG; g++) {
        uint32_t from = g_mem_len;
        g_off[g] = from;
        uint32_t nsub = 0, npart;
        uint32_t lower = g < l0 ? 0 : g < l0 + l1 ? l0 : l0 + l1;
        if (lower) {
            nsub = (uint32_t)rrange(1, 3);
            if (nsub > lower)
                nsub = lower;
            npart = (uint32_t)rrange(0, g < l0 + l1 ? 3 : 2);
        } else {
            npart = (uint32_t)rrange(2, 6);
        }
        for (uint32_t k = 0; k < nsub; k++) {
            int32_t m;
            do
                m = -(int32_t)rnd(lower) - 1;
            while (g_has(from, m));
            g_push(m);
        }
        for (uint32_t k = 0; k < npart; k++) {
            int32_t m;
            do
                m = (int32_t)rnd(NP);
            while (g_has(from, m));
            g_push(m);
        }
        out_line();
        ws("group ");
        wgroup(g);
        ws(" = ");
        for (uint32_t i = from; i < g_mem_len; i++) {
            if (i > from)
                ws(", ");
            wmember(g_mem[i]);
        }
        ws(";\n");
    }
    g_off[NG] = g_mem_len;
}

static void gen_actions(void)
{
    ws("\n# Actions\n");
    for (int a = 0; a < 12; a++) {
        ws("action ");
        ws(ACTIONS[a]);
        if (ACTION_PREP[a]) {
            wc(' ');
            ws(ACTION_PREP[a]);
        }
        ws(" \"");
        ws(ACTION_DESC[a]);
        ws("\";\n");
    }
}

/* Products: about a third have a parent; depth (number of `is` hops) <= 3. */
static void gen_products(void)
{
    uint8_t *depth = malloc(NPR ? NPR : 1);
    uint32_t *parent = malloc((NPR ? NPR : 1) * sizeof *parent);
    if (!depth || !parent) {
        fprintf(stderr, "gen: out of memory\n");
        exit(1);
    }
    ws("\n# Products (is-chains up to four products long)\n");
    for (uint32_t x = 0; x < NPR + 2; x++) {
        int has_parent = x < NPR && x > 0 && chance(35);
        uint32_t par = 0;
        if (has_parent) {
            par = rnd(x);
            if (depth[par] >= 3)
                par = parent[par];
            depth[x] = (uint8_t)(depth[par] + 1);
            parent[x] = par;
        } else if (x < NPR) {
            depth[x] = 0;
            parent[x] = x;
        }
        out_line();
        ws("product ");
        wproduct(x);
        if (x >= NPR || chance(85)) {
            ws(" \"");
            ws(PROD_KIND[rnd(12)]);
            wc(' ');
            wu(x + 1);
            wc('"');
        }
        if (has_parent) {
            ws(" is ");
            wproduct(par);
        }
        if (x >= NPR) {
            reserve_owner[x - NPR] = rnd(NP);
            ws(" owned by ");
            wparty(reserve_owner[x - NPR]);
        } else if (has_parent ? chance(12) : chance(85)) {
            ws(" owned by ");
            wparty_ref(rnd(NP));
        }
        ws(";\n");
    }
    free(depth);
    if (TANGLE)
        prod_parent = parent;
    else
        free(parent);
}

static void gen_facts(void)
{
    ws("\n# Facts\n");
    for (uint32_t f = 0; f < NF; f++) {
        out_line();
        ws("fact ");
        wfact(f);
        ws(chance(50) ? " = true;\n" : " = false;\n");
    }
}

/* Sizes of 5..50 clauses summing to N (one smaller agreement when N < 5);
 * with --per-agreement K, K clauses each and the remainder in the last. */
static void plan_agreements(void)
{
    uint32_t cap = PER_AGREEMENT ? N_CLAUSES / PER_AGREEMENT + 2 : N_CLAUSES / 5 + 2;
    ag_size = malloc(cap * sizeof *ag_size);
    if (!ag_size) {
        fprintf(stderr, "gen: out of memory\n");
        exit(1);
    }
    NA = 0;
    uint32_t rem = N_CLAUSES;
    AG_MAX = 1;
    if (PER_AGREEMENT) {
        while (rem) {
            uint32_t k = rem < PER_AGREEMENT ? rem : PER_AGREEMENT;
            ag_size[NA++] = k;
            rem -= k;
        }
        AG_MAX = PER_AGREEMENT;
        return;
    }
    AG_MAX = 50;
    while (rem) {
        uint32_t k = (uint32_t)rrange(5, 50);
        if (k >= rem)
            k = rem;
        else if (rem - k < 5)
            k = rem <= 50 ? rem : rem - 5;
        ag_size[NA++] = k;
        rem -= k;
    }
}

/* Each dispute gets up to two agreements of its own, spread over the file. */
static void plan_disputes(void)
{
    disputes = calloc(ND, sizeof *disputes);
    ag_disp = malloc((NA ? NA : 1) * sizeof *ag_disp);
    if (!disputes || !ag_disp) {
        fprintf(stderr, "gen: out of memory\n");
        exit(1);
    }
    for (uint32_t a = 0; a < NA; a++)
        ag_disp[a] = -1;
    if (!NA)
        return;
    for (uint32_t k = 0; k < 2 * ND; k++) {
        uint32_t a = (uint32_t)((uint64_t)(2 * k + 1) * NA / (4 * (uint64_t)ND));
        if (ag_disp[a] >= 0)
            continue;
        Dispute *d = &disputes[k / 2];
        ag_disp[a] = (int32_t)(k / 2);
        d->ag[d->nag++] = a;
    }
}

/* ---------- --tangle: worlds that act on one another ---------- */

/* Everything in this section draws from the stream only when TANGLE is set,
 * so that a file made without --tangle is byte for byte what it was. */

/* A hot key (party, action, product): clauses of many agreements, outcome
 * clauses and orders all speak on it, so that defeat, `overrides` chains
 * and `only` meet. Two hot keys share each (action, product). */
typedef struct {
    uint32_t party, action, product;
    int32_t group; /* a group with the party as a direct member, or -1 */
} HotKey;

/* An agreement clause on a hot key. */
typedef struct {
    uint32_t ag, clause, g; /* g: as in Target, rank 2 g + 1 */
    uint8_t kind;
} HotRef;

#define HOT_MAX 4096 /* hot keys */
#define HOT_CAP 256  /* clauses remembered per hot key (some 70 on average);
                        later ones go unnamed */
static HotKey *hot;
static uint32_t NHOT;
static HotRef *hot_ref; /* key k's: hot_ref[k * HOT_CAP ..][0 .. hot_n[k]) */
static uint32_t *hot_n;

/* An outcome's own clause `tN`, planned before the agreements are written
 * so that they can name it in `overrides`; its rank is 2 pos. */
typedef struct {
    uint32_t disp, pos, key;
    uint8_t out, idx;
} OwnClause;
static OwnClause *own;
static uint32_t n_own;
static uint32_t *own_by_pos; /* indices in `own`, by pos */

static uint32_t FACTS_PER_DISPUTE; /* dispute i owns facts i K .. i K + K - 1 */

/* Planned targets, (g << 16) | dispute, sorted; the next one not yet passed. */
static uint64_t *tplan;
static uint32_t n_tplan, tplan_at;

static const char *const OUT_NAME[OUT_MAX] = {"plaintiff", "defendants", "settlement",
                                              "remand"};
static const char *const OUT_TITLE[OUT_MAX] = {"Plaintiff prevails", "Defendants prevail",
                                               "Settlement", "Remanded in part"};

static void woutcome(uint32_t d, int o)
{
    wc('D');
    wu(d + 1);
    wc('_');
    ws(OUT_NAME[o]);
}

/* A fact for a condition: mostly one that a dispute other than `excl` (-1:
 * none) sets, so that an outcome reaches into other disputes' worlds. */
static void tfact(int32_t excl)
{
    uint32_t owned = ND * FACTS_PER_DISPUTE;
    if (owned && chance(70)) {
        uint32_t f = rnd(owned);
        if (excl >= 0 && ND > 1 && f / FACTS_PER_DISPUTE == (uint32_t)excl)
            f = (f + FACTS_PER_DISPUTE) % owned;
        wfact(f);
    } else {
        wfact(rnd(NF));
    }
}

static void tcond(int depth, int top, int32_t excl)
{
    uint32_t r = rnd(100);
    if (depth >= 2 || r < 50) {
        if (chance(25))
            ws("not ");
        tfact(excl);
    } else if (r < 60) {
        ws("not (");
        tcond(depth + 1, 1, excl);
        wc(')');
    } else {
        if (!top)
            wc('(');
        tcond(depth + 1, 0, excl);
        ws(chance(50) ? " and " : " or ");
        tcond(depth + 1, 0, excl);
        if (!top)
            wc(')');
    }
}

/* As wdate_cond_mods, with conditions from tcond. */
static void tmods(const Ctx *c, unsigned p_from, unsigned p_until, unsigned p_if,
                  unsigned p_unless, int32_t excl)
{
    int32_t lo = c->start;
    if (chance(p_from)) {
        lo = rrange(c->start, c->end);
        ws(" from ");
        wdate(lo);
    }
    if (chance(p_until)) {
        ws(" until ");
        wdate(rrange(lo, c->end));
    }
    if (chance(p_if)) {
        ws(" if ");
        tcond(0, 1, excl);
    }
    if (chance(p_unless)) {
        ws(" unless ");
        tcond(0, 1, excl);
    }
}

/* A hot key's product, or now and then its parent (which covers it). */
static void whot_product(uint32_t k)
{
    uint32_t x = hot[k].product;
    if (prod_parent[x] != x && chance(25))
        x = prod_parent[x];
    wproduct(x);
}

/* A NORM on hot key k: granted to, imposed on or (by `only` for others)
 * withheld from the key's party, alone, with another or through a group. */
static void tnorm(int kind, uint32_t k)
{
    const HotKey *h = &hot[k];
    if (kind == K_ONLYAMONG && h->group < 0)
        kind = K_ONLY;
    if (kind == K_ONLYAMONG) {
        uint32_t g = (uint32_t)h->group;
        uint32_t o = g_off[g], n = g_off[g + 1] - o;
        ws("only ");
        if (chance(50))
            wparty_ref(h->party);
        else
            wmember(g_mem[o + rnd(n)]);
        ws(" among ");
        wgroup(g);
        ws(" may ");
    } else {
        if (kind == K_ONLY)
            ws("only ");
        uint32_t r = rnd(100);
        if (r < 55 || (r < 70 && h->group < 0)) {
            wparty_ref(h->party);
        } else if (r < 70) {
            wgroup((uint32_t)h->group);
        } else if (r < 85) {
            wparty_ref(h->party);
            ws(", ");
            wparty_ref(other_party(h->party));
        } else {
            wparty_ref(other_party(h->party));
        }
        wc(' ');
        ws(kind == K_ONLY ? "may" : MODAL[kind]);
        wc(' ');
    }
    ws(ACTIONS[h->action]);
    if (ACTION_PREP[h->action]) {
        wc(' ');
        ws(ACTION_PREP[h->action]);
    }
    wc(' ');
    whot_product(k);
}

/* An `overrides` list being built: agreement clauses (ag, clause, kind) and
 * own clauses (index in `own`), none twice, each written bare or in full. */
typedef struct {
    uint8_t is_own, kind, bare;
    uint32_t a, b;
} OvrRef;
typedef struct {
    int n;
    OvrRef v[4];
} OvrList;

static void ovr_add(OvrList *l, int is_own, uint32_t a, uint32_t b, uint8_t kind, int bare)
{
    for (int i = 0; i < l->n; i++)
        if (l->v[i].is_own == is_own && l->v[i].a == a && l->v[i].b == b)
            return;
    if (l->n < 4)
        l->v[l->n++] = (OvrRef){(uint8_t)is_own, kind, (uint8_t)bare, a, b};
}

static void ovr_write(const OvrList *l)
{
    for (int i = 0; i < l->n; i++) {
        ws(i ? ", " : " overrides ");
        if (l->v[i].is_own) {
            const OwnClause *o = &own[l->v[i].a];
            if (!l->v[i].bare) {
                woutcome(o->disp, o->out);
                wc('.');
            }
            wc('t');
            wu(o->idx + 1u);
        } else {
            if (!l->v[i].bare) {
                wagreement(l->v[i].a);
                wc('.');
            }
            wclause_name(l->v[i].kind, l->v[i].b);
        }
    }
}

/* How many of key k's remembered clauses rank below R. */
static uint32_t hot_below(uint32_t k, uint64_t R)
{
    const HotRef *v = hot_ref + (size_t)k * HOT_CAP;
    uint32_t lo = 0, hi = hot_n[k];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (2 * (uint64_t)v[mid].g + 1 < R)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The rank rule: every clause has a rank (agreement clause 2 g + 1, own
 * clause 2 pos) and names in `overrides` only clauses of lower rank, R
 * being its own; an amendment keeps the amended clause's rank. So every
 * `overrides` edge of every world, whatever outcomes it chooses, goes
 * down in rank, and no world has a cycle.
 *
 * Adds to l, with chance p_hot, a clause of key k ranked below R (most
 * often the latest, so chains form), and with chance p_own an own clause
 * ranked below R, of key k when there is one. Agreement clauses of
 * bare_ag, and own clauses of outcome (here_disp, here_out), are written
 * bare. Returns the own clause added, or -1. */
static int32_t tovr_pick(OvrList *l, int32_t k, uint64_t R, unsigned p_hot, unsigned p_own,
                         int32_t bare_ag, int32_t here_disp, int here_out)
{
    if (k >= 0 && chance(p_hot)) {
        uint32_t nb = hot_below((uint32_t)k, R);
        if (nb) {
            const HotRef *e = hot_ref + (size_t)k * HOT_CAP + (chance(60) ? nb - 1 : rnd(nb));
            ovr_add(l, 0, e->ag, e->clause, e->kind, (int32_t)e->ag == bare_ag);
        }
    }
    if (!n_own || !chance(p_own))
        return -1;
    uint32_t lo = 0, hi = n_own; /* own clauses ranked below R: own_by_pos[0 .. lo) */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (2 * (uint64_t)own[own_by_pos[mid]].pos < R)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!lo)
        return -1;
    uint32_t i = own_by_pos[rnd(lo)];
    for (int tries = 0; tries < 4 && (int32_t)own[i].key != k; tries++)
        i = own_by_pos[rnd(lo)]; /* rather one of key k */
    int bare = (int32_t)own[i].disp == here_disp && own[i].out == here_out;
    ovr_add(l, 1, i, 0, 0, bare);
    return (int32_t)i;
}

/* The dispute that planned to act on agreement clause g, or -1. */
static int32_t tangle_planned(uint32_t g)
{
    while (tplan_at < n_tplan && tplan[tplan_at] >> 16 < g)
        tplan_at++;
    if (tplan_at < n_tplan && tplan[tplan_at] >> 16 == g)
        return (int32_t)(tplan[tplan_at] & 0xffff);
    return -1;
}

/* Clause i (place g) of the agreement in c becomes one that dispute d acts on. */
static void tangle_target(uint32_t d, const Ctx *c, int kind, uint32_t i, uint32_t g,
                          int32_t key, int product, int ovr_out)
{
    Dispute *dp = &disputes[d];
    if (dp->ntargets >= TARGET_CAP)
        return;
    Target *t = &dp->targets[dp->ntargets++];
    t->r = (ClauseRef){c->idx, i, (uint8_t)kind};
    t->g = g;
    t->key = key;
    t->product = (int8_t)product;
    t->ovr_out = (int8_t)ovr_out;
    t->start = c->start;
    t->end = c->end;
    t->nparty = c->nparty;
    memcpy(t->party, c->party, sizeof t->party);
}

/* Agreement clause i (place g) as a norm on a hot key: conditions on the
 * disputes' facts, overrides of lower-ranked clauses of the same key in
 * this and other agreements and in outcomes. */
static void tangle_agreement_norm(Ctx *c, int kind, uint32_t i, uint32_t g, int32_t tdisp)
{
    uint32_t k = rnd(NHOT);
    tnorm(kind, k);
    tmods(c, 10, 15, 15, 8, -1);
    OvrList l = {0};
    if (c->nnorms && chance(15)) {
        uint32_t t = chance(60) ? (uint32_t)c->nnorms - 1 : rnd((uint32_t)c->nnorms);
        ovr_add(&l, 0, c->idx, c->norms[t], c->kind[c->norms[t]], 1);
    }
    int32_t oc = tovr_pick(&l, (int32_t)k, 2 * (uint64_t)g + 1, 45, 35, (int32_t)c->idx, -1, 0);
    ovr_write(&l);
    if (hot_n[k] < HOT_CAP)
        hot_ref[(size_t)k * HOT_CAP + hot_n[k]++] = (HotRef){c->idx, i, g, (uint8_t)kind};
    /* Overriding an outcome's clause matters where this clause is upheld
     * too (it is ordinary otherwise): let that outcome uphold it. A few such
     * clauses, spread over the file, leave room for the planned ones. */
    if (tdisp >= 0)
        tangle_target((uint32_t)tdisp, c, kind, i, g, (int32_t)k, 1,
                      oc >= 0 && own[oc].disp == (uint32_t)tdisp ? own[oc].out : -1);
    else if (oc >= 0 && disputes[own[oc].disp].ntargets < TARGET_CAP - 8 &&
             rnd(N_CLAUSES / 1000 + 1) == 0 && chance(40))
        tangle_target(own[oc].disp, c, kind, i, g, (int32_t)k, 1, own[oc].out);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* By pos, then by index: a total order, so qsort gives the same on every
 * platform. */
static int cmp_own_pos(const void *a, const void *b)
{
    uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
    if (own[i].pos != own[j].pos)
        return own[i].pos < own[j].pos ? -1 : 1;
    return i < j ? -1 : i > j;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fprintf(stderr, "gen: out of memory\n");
        exit(1);
    }
    return p;
}

/* The place of agreement a's first clause among all agreement clauses. */
static uint32_t ag_first(uint32_t a)
{
    uint32_t g = 0;
    for (uint32_t i = 0; i < a; i++)
        g += ag_size[i];
    return g;
}

/* Before the agreements: hot keys, the facts each dispute owns, the
 * disputes' outcomes with their probabilities and own clauses, and the
 * clauses each dispute will act on. */
static void tangle_plan(void)
{
    NHOT = 8 + N_CLAUSES / 500;
    if (NHOT > HOT_MAX)
        NHOT = HOT_MAX;
    hot = xcalloc(NHOT, sizeof *hot);
    hot_n = xcalloc(NHOT, sizeof *hot_n);
    hot_ref = xcalloc((size_t)NHOT * HOT_CAP, sizeof *hot_ref);
    uint32_t nslot = NHOT / 2;
    for (uint32_t k = 0; k < NHOT; k++) {
        HotKey *h = &hot[k];
        h->party = rnd(NP);
        if (k < nslot) {
            h->action = rnd(N_PRODUCT_ACTIONS);
            h->product = rnd(NPR);
        } else {
            h->action = hot[k - nslot].action;
            h->product = hot[k - nslot].product;
        }
        uint32_t seen = 0;
        h->group = -1;
        for (uint32_t g = 0; g < NG; g++)
            for (uint32_t i = g_off[g]; i < g_off[g + 1]; i++)
                if (g_mem[i] == (int32_t)h->party && rnd(++seen) == 0)
                    h->group = (int32_t)g;
    }

    FACTS_PER_DISPUTE = NF / ND < 3 ? NF / ND : 3;

    own = xcalloc((size_t)ND * OUT_MAX * 3, sizeof *own);
    tplan = xcalloc((size_t)ND * 8, sizeof *tplan);
    uint32_t prev_g = UINT32_MAX;
    for (uint32_t i = 0; i < ND; i++) {
        Dispute *d = &disputes[i];
        d->nout = rrange(2, OUT_MAX);
        uint32_t rem = 200;
        for (int o = 0; o < d->nout - 1; o++) {
            d->prob[o] = (uint32_t)rrange(20, (int32_t)rem - 20 * (d->nout - 1 - o));
            rem -= d->prob[o];
        }
        d->prob[d->nout - 1] = rem;
        d->own0 = n_own;
        for (int o = 0; o < d->nout; o++) {
            d->nown[o] = (uint8_t)rrange(0, 3);
            for (uint8_t j = 0; j < d->nown[o]; j++)
                own[n_own++] = (OwnClause){i, rnd(N_CLAUSES + 1), rnd(NHOT), (uint8_t)o, j};
        }
        if (!N_CLAUSES)
            continue;
        /* A clause of the next dispute's first agreement, one next to a
         * clause of the previous dispute (mostly in the same agreement),
         * and clauses anywhere. */
        int nt = rrange(4, 8);
        for (int t = 0; t < nt; t++) {
            uint32_t g = rnd(N_CLAUSES);
            const Dispute *next = &disputes[(i + 1) % ND];
            if (t == 0 && ND > 1 && next->nag) {
                uint32_t sz = ag_size[next->ag[0]];
                g = ag_first(next->ag[0]) + rnd(sz < 5 ? sz : 5);
            } else if (t == 1 && prev_g + 1 < N_CLAUSES) {
                g = prev_g + 1;
            }
            if (t == nt - 1)
                prev_g = g;
            tplan[n_tplan++] = (uint64_t)g << 16 | i;
        }
    }
    own_by_pos = xcalloc(n_own, sizeof *own_by_pos);
    for (uint32_t j = 0; j < n_own; j++)
        own_by_pos[j] = j;
    qsort(own_by_pos, n_own, sizeof *own_by_pos, cmp_own_pos);
    /* One dispute per clause: of equal places, the first dispute's. */
    qsort(tplan, n_tplan, sizeof *tplan, cmp_u64);
    uint32_t m = 0;
    for (uint32_t j = 0; j < n_tplan; j++)
        if (!m || tplan[j] >> 16 != tplan[m - 1] >> 16)
            tplan[m++] = tplan[j];
    n_tplan = m;
}

static void gen_agreements(void)
{
    static Ctx c;
    uint8_t *kinds = malloc(AG_MAX);
    uint32_t *norms = malloc(AG_MAX * sizeof *norms);
    if (!kinds || !norms) {
        fprintf(stderr, "gen: out of memory\n");
        exit(1);
    }
    ws("\n# Agreements\n");
    int32_t lo = days_from_civil(2000, 1, 1), hi = days_from_civil(2026, 2, 28);
    uint32_t g = 0; /* the clause's place among all agreement clauses */
    for (uint32_t a = 0; a < NA; a++) {
        memset(&c, 0, sizeof c);
        c.kind = kinds;
        c.norms = norms;
        c.idx = a;
        c.nparty = chance(70) ? 2 : 3;
        for (int i = 0; i < c.nparty; i++) {
            uint32_t p;
            int dup;
            do {
                p = chance(25) ? rnd(NP < 12 ? NP : 12) : rnd(NP);
                dup = 0;
                for (int j = 0; j < i; j++)
                    dup |= c.party[j] == p;
            } while (dup);
            c.party[i] = p;
        }
        int32_t signed_d = chance(95) ? rrange(lo, hi) : rrange(AS_OF + 1, AS_OF + 600);
        int has_until = chance(35);
        int32_t until_d = signed_d + rrange(365, 5400);
        c.start = signed_d;
        c.end = has_until ? until_d : signed_d + 7300;
        int in_force = signed_d <= AS_OF && (!has_until || until_d >= AS_OF);

        out_line();
        ws("\nagreement ");
        wagreement(a);
        if (chance(85)) {
            ws(" \"");
            ws(AG_KIND[rnd(8)]);
            wc(' ');
            wu(a + 1);
            wc('"');
        }
        ws(" between ");
        for (int i = 0; i < c.nparty; i++) {
            if (i)
                ws(", ");
            wparty_ref(c.party[i]);
        }
        ws(" signed ");
        wdate(signed_d);
        if (has_until) {
            ws(" until ");
            wdate(until_d);
        }
        ws(" {\n");

        Dispute *d = ag_disp[a] >= 0 ? &disputes[ag_disp[a]] : NULL;
        int slot = 0;
        if (d) {
            slot = d->ag[0] == a ? 0 : 1;
            d->nparty[slot] = c.nparty;
            memcpy(d->party[slot], c.party, sizeof c.party);
            d->start[slot] = c.start;
            d->end[slot] = c.end;
        }

        for (uint32_t i = 0; i < ag_size[a]; i++, g++) {
            /* A disputed agreement opens with norms on products and a payment,
             * so its dispute has clauses of both kinds to act on. */
            int kind = d && i < 5 ? (i == 1 ? K_PAY : pick_norm_kind()) : pick_kind();
            out_line();
            ws("  clause ");
            wclause_name(kind, i);
            ws(": ");
            c.kind[i] = (uint8_t)kind;
            int32_t tdisp = TANGLE ? tangle_planned(g) : -1;
            if (TANGLE && kind < K_FIRST_FLOW && (chance(20) || (tdisp >= 0 && chance(70)))) {
                tangle_agreement_norm(&c, kind, i, g, tdisp);
                c.norms[c.nnorms++] = i;
            } else if (kind < K_FIRST_FLOW) {
                int prod = gen_norm(&c, kind, d && i < 5, 1, 1);
                c.norms[c.nnorms++] = i;
                if (d && prod && d->nnorms < DREF_CAP)
                    d->norms[d->nnorms++] = (ClauseRef){a, i, (uint8_t)kind};
                if (tdisp >= 0)
                    tangle_target((uint32_t)tdisp, &c, kind, i, g, -1, prod, -1);
            } else {
                size_t at = olen;
                int mods = gen_flow(&c, kind, 1);
                if (d && d->nflows < DREF_CAP)
                    d->flows[d->nflows++] = (ClauseRef){a, i, (uint8_t)kind};
                if (!d && !mods && in_force && n_flow_expect < N_FLOW_EXPECTS &&
                    olen - at < sizeof flow_expect[0] && rnd(4) == 0) {
                    memcpy(flow_expect[n_flow_expect], ob + at, olen - at);
                    flow_expect[n_flow_expect][olen - at] = 0;
                    n_flow_expect++;
                }
                if (tdisp >= 0)
                    tangle_target((uint32_t)tdisp, &c, kind, i, g, -1, 0, -1);
            }
            ws(";\n");
        }
        ws("}\n");
    }
    free(kinds);
    free(norms);
}

/* Chooses the parties of dispute d: a plaintiff and a defendant, never equal. */
static void dispute_parties(const Dispute *d, uint32_t *pl, uint32_t *def)
{
    *pl = d->nag >= 1 ? d->party[0][0] : rnd(NP);
    if (d->nag >= 2) {
        *def = d->party[1][0] != *pl ? d->party[1][0] : d->party[1][1];
    } else if (d->nag == 1) {
        *def = d->party[0][1];
    } else {
        *def = other_party(*pl);
    }
}

/* The outcome flow of dispute i (damages in the defendants' outcome) and the
 * settlement's payment clause carry cents, which no agreement flow does, so
 * they are the only flows with those amounts. */
static void wdamages(uint32_t i) { wc('$'); wu_commas(1000 + i); ws(".07"); }
static void wsettle(uint32_t i) { wc('$'); wu_commas(2000 + i); ws(".09"); }

static uint32_t PROBS[3];
static uint32_t ORDER_PRODUCT[2]; /* of the court orders of D1 and D2 */

static void gen_disputes(void)
{
    ws("\n# Disputes (each acts only on its own agreements' clauses and facts)\n");
    for (uint32_t i = 0; i < ND; i++) {
        Dispute *d = &disputes[i];
        static Ctx c;
        memset(&c, 0, sizeof c);
        uint32_t pl, def;
        dispute_parties(d, &pl, &def);
        d->plaintiff = pl;
        d->defendant = def;
        c.nparty = 2;
        c.party[0] = def;
        c.party[1] = pl;
        c.start = AS_OF;
        c.end = AS_OF + 3650;
        uint32_t f0 = 2 * i, f1 = 2 * i + 1;

        uint32_t p1 = (uint32_t)rrange(20, 120);
        uint32_t p2 = (uint32_t)rrange(20, (int32_t)(180 - p1));
        uint32_t p3 = 200 - p1 - p2;
        uint32_t order_product = rnd(NPR);
        int order_must = i % 2 == 1;
        if (i == 0) {
            PROBS[0] = p1, PROBS[1] = p2, PROBS[2] = p3;
        }
        if (i < 2)
            ORDER_PRODUCT[i] = order_product;

        out_line();
        ws("\ndispute D");
        wu(i + 1);
        ws(" \"");
        wparty(pl);
        ws(" v. ");
        wparty(def);
        ws(" \\\"");
        ws(PROD_KIND[rnd(12)]);
        ws("\\\"\" {\n  plaintiff ");
        wparty(pl);
        ws(";\n  defendants ");
        wparty(def);
        if (d->nag >= 2 && d->nparty[1] == 3 && d->party[1][2] != pl) {
            ws(", ");
            wparty(d->party[1][2]);
        }
        ws(";\n");
        if (d->nnorms >= 2) {
            ws("  claim \"");
            wref(&d->norms[1]);
            ws(" breaches ");
            wref(&d->norms[0]);
            ws("\";\n");
        }

        /* Plaintiff wins: construe + uphold, void, a court order, a fact. */
        ws("  outcome D");
        wu(i + 1);
        ws("_plaintiff \"Plaintiff prevails\" probability ");
        wprob(p1);
        ws(" {\n");
        if (d->nnorms >= 1) {
            ws("    construe ");
            wref(&d->norms[0]);
            ws(" as covering ");
            wproduct(rnd(NPR));
            ws(";\n    uphold ");
            wref(&d->norms[0]);
            ws(";\n");
        }
        if (d->nnorms >= 2) {
            ws("    void ");
            wref(&d->norms[1]);
            ws(";\n");
        }
        ws("    order ");
        wparty(def);
        ws(order_must ? " must host " : " may not host ");
        wproduct(order_product);
        ws(";\n    fact ");
        wfact(f0);
        ws(" = true;\n  }\n");

        /* Defendants win: uphold, amend + uphold, damages, facts. */
        ws("  outcome D");
        wu(i + 1);
        ws("_defendants \"Defendants prevail\" probability ");
        wprob(p2);
        ws(" {\n");
        if (d->nnorms >= 3) {
            ws("    uphold ");
            wref(&d->norms[2]);
            ws(";\n");
        }
        if (d->nnorms >= 4) {
            const ClauseRef *r = &d->norms[3];
            int s = d->ag[0] == r->ag ? 0 : 1;
            Ctx ac = c;
            ac.start = d->start[s];
            ac.end = d->end[s];
            ws("    amend ");
            wref(r);
            ws(": ");
            gen_norm(&ac, pick_norm_kind(), 1, 0, 1);
            ws(";\n    uphold ");
            wref(r);
            ws(";\n");
        }
        ws("    ");
        wparty(pl);
        ws(" pays ");
        wparty(def);
        wc(' ');
        wdamages(i);
        ws(";\n    fact ");
        wfact(f0);
        ws(" = false;\n    fact ");
        wfact(f1);
        ws(" = true;\n  }\n");

        /* Settlement: amend a payment, new terms, a fact. */
        ws("  outcome D");
        wu(i + 1);
        ws("_settlement \"Settlement\" probability ");
        wprob(p3);
        ws(" {\n");
        if (d->nflows >= 1) {
            const ClauseRef *r = &d->flows[0];
            int s = d->ag[0] == r->ag ? 0 : 1;
            Ctx ac = c;
            ac.nparty = d->nparty[s];
            memcpy(ac.party, d->party[s], sizeof ac.party);
            ws("    amend ");
            wref(r);
            ws(": ");
            gen_flow(&ac, K_PAY, 0);
            ws(";\n");
        }
        ws("    clause settle1: ");
        gen_norm(&c, chance(50) ? K_MAY : K_ONLY, 1, 0, 0);
        ws(" until ");
        wdate(AS_OF + rrange(365, 3650));
        ws(";\n    clause settle2: ");
        wparty(def);
        ws(" pays ");
        wparty(pl);
        wc(' ');
        wsettle(i);
        ws(";\n    fact ");
        wfact(f1);
        ws(" = false;\n  }\n}\n");
    }
}

/* --tangle: `amend` of target x by an outcome of dispute `disp`. A norm on
 * a hot key may move to another and gets `overrides` by the rank rule, at
 * the rank of the clause it replaces. */
static void tamend(const Target *x, uint32_t disp)
{
    Ctx ac;
    memset(&ac, 0, sizeof ac);
    ac.idx = x->r.ag;
    ac.nparty = x->nparty;
    memcpy(ac.party, x->party, sizeof ac.party);
    ac.start = x->start;
    ac.end = x->end;
    ws("    amend ");
    wref(&x->r);
    ws(": ");
    if (x->r.kind >= K_FIRST_FLOW) {
        gen_flow(&ac, K_FIRST_FLOW + (int)rnd(K_COUNT - K_FIRST_FLOW), 1);
    } else if (x->key >= 0 || chance(50)) {
        uint32_t k = x->key >= 0 && chance(70) ? (uint32_t)x->key : rnd(NHOT);
        tnorm(pick_norm_kind(), k);
        tmods(&ac, 10, 15, 15, 8, (int32_t)disp);
        OvrList l = {0};
        tovr_pick(&l, (int32_t)k, 2 * (uint64_t)x->g + 1, 70, 40, (int32_t)x->r.ag, -1, 0);
        ovr_write(&l);
    } else {
        gen_norm(&ac, pick_norm_kind(), 1, 0, 1);
    }
    ws(";\n");
}

/* --tangle: what outcome o of dispute i does to the clauses it acts on,
 * within the rules of LANGUAGE.md section 8 (void alone, construe only on
 * a norm and not with amend, each at most once). */
static void tangle_acts(const Dispute *d, uint32_t i, int o)
{
    for (int t = 0; t < d->ntargets; t++) {
        const Target *x = &d->targets[t];
        uint32_t r = x->ovr_out == o ? 200 : rnd(100);
        int construe = 0, uphold = 0;
        out_line();
        if (r < 12) {
            ws("    void ");
            wref(&x->r);
            ws(";\n");
            continue;
        } else if (r < 30) {
            uphold = 1;
        } else if (r < 45 && x->product) {
            construe = 1;
            uphold = chance(50);
        } else if (r < 65) {
            tamend(x, i);
            uphold = x->r.kind < K_FIRST_FLOW && chance(40);
        } else if (r == 200) {
            /* its override of this outcome's clause takes effect here */
            construe = x->product && chance(30);
            uphold = 1;
        }
        if (construe) {
            ws("    construe ");
            wref(&x->r);
            ws(" as covering ");
            if (chance(70))
                whot_product(rnd(NHOT));
            else
                wproduct(rnd(NPR));
            ws(";\n");
        }
        if (uphold) {
            ws("    uphold ");
            wref(&x->r);
            ws(";\n");
        }
    }
}

/* With --tangle: disputes of 2 to 4 outcomes that act on clauses anywhere,
 * set facts that condition other disputes' clauses, and have clauses and
 * orders on the hot keys. The plaintiff's order of D1 and D2, the damages
 * and the settlement payment are as without --tangle, for the expects. */
static void gen_disputes_tangle(void)
{
    ws("\n# Disputes (--tangle: each acts on clauses of any agreement, but no clause is\n"
       "# acted on by two disputes and no fact set by two; `overrides` by rank)\n");
    for (uint32_t i = 0; i < ND; i++) {
        Dispute *d = &disputes[i];
        static Ctx c;
        memset(&c, 0, sizeof c);
        uint32_t pl, def;
        dispute_parties(d, &pl, &def);
        d->plaintiff = pl;
        d->defendant = def;
        c.nparty = 2;
        c.party[0] = def;
        c.party[1] = pl;
        c.start = AS_OF - 1500;
        c.end = AS_OF + 1500;
        uint32_t order_product = rnd(NPR);
        int order_must = i % 2 == 1;
        if (i == 0)
            PROBS[1] = d->prob[1];
        if (i < 2)
            ORDER_PRODUCT[i] = order_product;

        out_line();
        ws("\ndispute D");
        wu(i + 1);
        ws(" \"");
        wparty(pl);
        ws(" v. ");
        wparty(def);
        ws(" \\\"");
        ws(PROD_KIND[rnd(12)]);
        ws("\\\"\" {\n  plaintiff ");
        wparty(pl);
        ws(";\n  defendants ");
        wparty(def);
        if (d->nag >= 2 && d->nparty[1] == 3 && d->party[1][2] != pl) {
            ws(", ");
            wparty(d->party[1][2]);
        }
        ws(";\n");
        if (d->ntargets >= 2) {
            ws("  claim \"");
            wref(&d->targets[1].r);
            ws(" breaches ");
            wref(&d->targets[0].r);
            ws("\";\n");
        }

        const OwnClause *oc = own + d->own0;
        for (int o = 0; o < d->nout; o++) {
            out_line();
            ws("  outcome ");
            woutcome(i, o);
            ws(" \"");
            ws(OUT_TITLE[o]);
            ws("\" probability ");
            wprob(d->prob[o]);
            ws(" {\n");
            tangle_acts(d, i, o);
            out_line();
            if (o == 0) {
                ws("    order ");
                wparty(def);
                ws(order_must ? " must host " : " may not host ");
                wproduct(order_product);
                ws(";\n");
            } else if (o == 1) {
                ws("    ");
                wparty(pl);
                ws(" pays ");
                wparty(def);
                wc(' ');
                wdamages(i);
                ws(";\n");
            } else if (o == 2) {
                ws("    clause settle2: ");
                wparty(def);
                ws(" pays ");
                wparty(pl);
                wc(' ');
                wsettle(i);
                ws(";\n");
            }
            for (uint8_t j = 0; j < d->nown[o]; j++, oc++) {
                out_line();
                ws("    clause t");
                wu(j + 1u);
                ws(": ");
                tnorm(pick_norm_kind(), oc->key);
                tmods(&c, 15, 15, 30, 10, (int32_t)i);
                OvrList l = {0};
                tovr_pick(&l, (int32_t)oc->key, 2 * (uint64_t)oc->pos, 65, 45, -1,
                          (int32_t)i, o);
                tovr_pick(&l, (int32_t)oc->key, 2 * (uint64_t)oc->pos, 30, 0, -1, (int32_t)i,
                          o);
                ovr_write(&l);
                ws(";\n");
            }
            /* More orders, except where an expect counts on the plaintiff's
             * being the only one. */
            if (!(o == 0 && i < 2))
                for (uint32_t n = rnd(3); n; n--) {
                    out_line();
                    ws("    order ");
                    tnorm(pick_norm_kind(), rnd(NHOT));
                    tmods(&c, 10, 10, 25, 10, (int32_t)i);
                    ws(";\n");
                }
            if (chance(40)) {
                out_line();
                ws("    ");
                gen_flow(&c, K_FIRST_FLOW + (int)rnd(K_COUNT - K_FIRST_FLOW), 1);
                ws(";\n");
            }
            /* Only this dispute sets its facts (its outcomes never meet). */
            uint32_t f0 = i * FACTS_PER_DISPUTE, nset = 0;
            for (uint32_t f = f0; f < f0 + FACTS_PER_DISPUTE; f++)
                if (chance(60) || (!nset && f + 1 == f0 + FACTS_PER_DISPUTE)) {
                    ws("    fact ");
                    wfact(f);
                    ws(chance(50) ? " = true;\n" : " = false;\n");
                    nset++;
                }
            ws("  }\n");
        }
        ws("}\n");
    }
}

static void gen_expects(void)
{
    ws("\n# Expectations that hold by construction\n");
    for (int k = 0; k < n_flow_expect; k++) {
        ws("expect ");
        ws(flow_expect[k]);
        ws(";\n");
    }
    /* No flow of exactly $1 is ever generated. */
    ws("expect not P1 pays P2 $1;\n");
    /* Reserve products: no clause names them, so the ownership default rules. */
    for (int k = 0; k < 2; k++) {
        uint32_t o = reserve_owner[k];
        ws("expect ");
        wparty(o);
        ws(" may host ");
        wproduct(NPR + (uint32_t)k);
        ws(";\nexpect ");
        wparty(other_party(o));
        ws(" may not use ");
        wproduct(NPR + (uint32_t)k);
        ws(";\n");
    }
    for (uint32_t i = 0; i < ND && i < 2; i++) {
        uint32_t pl = disputes[i].plaintiff, def = disputes[i].defendant;
        /* The outcome's order is the only order-tier norm in that world, so
         * it defeats every norm of the other polarity on its key. */
        ws("expect ");
        wparty(def);
        ws(i % 2 == 1 ? " must host " : " may not host ");
        wproduct(ORDER_PRODUCT[i]);
        ws(" under D");
        wu(i + 1);
        ws("_plaintiff;\n");
        ws("expect ");
        wparty(pl);
        ws(" pays ");
        wparty(def);
        wc(' ');
        wdamages(i);
        ws(" under D");
        wu(i + 1);
        ws("_defendants;\nexpect not ");
        wparty(pl);
        ws(" pays ");
        wparty(def);
        wc(' ');
        wdamages(i);
        ws(";\n");
        if (TANGLE && disputes[i].nout < 3)
            continue; /* no settlement */
        ws("expect ");
        wparty(def);
        ws(" pays ");
        wparty(pl);
        wc(' ');
        wsettle(i);
        ws(" under D");
        wu(i + 1);
        ws("_settlement;\n");
    }
    /* Weighing every combination of outcomes is exponential in the number of
     * disputes, so the probabilistic check is only emitted for small files. */
    uint32_t combos = 1; /* with --tangle: of 2 to 4 outcomes each */
    for (uint32_t i = 0; TANGLE && i < ND && combos <= 4096; i++)
        combos *= (uint32_t)disputes[i].nout;
    if (TANGLE ? combos <= 4096 : ND <= 4) {
        uint32_t pl = disputes[0].plaintiff, def = disputes[0].defendant;
        ws("expect ");
        wparty(pl);
        ws(" pays ");
        wparty(def);
        wc(' ');
        wdamages(0);
        ws(" with probability ");
        wprob(PROBS[1]);
        ws(";\n");
    }
}

/* ---------- main ---------- */

static void usage(FILE *f)
{
    fputs("usage: gen --clauses N [--seed S] [--disputes D] [--tangle] [-o FILE]\n"
          "           [--shape many-parties] [--parties N] [--products N]\n"
          "           [--only PCT] [--among PCT] [--per-agreement N]\n"
          "       gen --help\n"
          "Writes a valid .deal scenario with N agreement clauses (N <= 100000000),\n"
          "deterministically from the seed (default 1), to FILE (default stdout).\n"
          "Each dispute has three outcomes; D (by default N / 50000 + 1, at most\n"
          "half the N / 500 + 8 facts and 2000) sets how many disputes, hence\n"
          "worlds, there are.\n"
          "  --tangle           disputes that act on one another's worlds (2 to 5 of\n"
          "                     2 to 4 outcomes each, by default): overrides between\n"
          "                     agreement and outcome clauses and in amendments,\n"
          "                     facts and acts across disputes, orders, windows\n"
          "Shape (an option left out keeps the default):\n"
          "  --parties N        N parties (6 to 10000000; default N / 1000 + 20)\n"
          "  --products N       N products (1 to 100000000; default N / 10 + 10)\n"
          "  --only PCT         PCT % of the norm clauses are `only` (0 to 100;\n"
          "                     default 23.5)\n"
          "  --among PCT        PCT % of those have `among G` (0 to 100; default 85)\n"
          "  --per-agreement N  N clauses in every agreement, the remainder in the\n"
          "                     last (1 to 1000000; default 5 to 50 at random)\n"
          "  --shape many-parties\n"
          "                     many parties licensing few products: --parties 2000\n"
          "                     --products 300 --only 12 --among 60 --disputes 3;\n"
          "                     below 100000 clauses, parties and products in\n"
          "                     proportion to N (N / 50 and 3 N / 1000, at least 20\n"
          "                     and 10). Options given as well override it.\n",
          f);
}

static int parse_u64(const char *s, uint64_t *v)
{
    if (!s || !*s)
        return 0;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    errno = 0;
    unsigned long long x = strtoull(s, NULL, 10);
    if (errno)
        return 0;
    *v = (uint64_t)x;
    return 1;
}

/* A percent: digits, with or without a final `%`. */
static int parse_pct(const char *s, uint64_t *v)
{
    char t[24];
    size_t n = s ? strlen(s) : 0;
    if (n && s[n - 1] == '%')
        n--;
    if (!n || n >= sizeof t)
        return 0;
    memcpy(t, s, n);
    t[n] = 0;
    return parse_u64(t, v);
}

/* The numeric options and their bounds. */
typedef struct {
    const char *name;
    uint64_t lo, hi;
    int pct; /* a percent: a final `%` is allowed */
    int set; /* given (or set by --shape) */
    uint64_t val;
} NumOpt;

enum { O_CLAUSES, O_SEED, O_DISPUTES, O_PARTIES, O_PRODUCTS, O_ONLY, O_AMONG, O_PER_AG, O_COUNT };

static NumOpt opts[O_COUNT] = {
    [O_CLAUSES] = {"--clauses", 0, 100000000, 0, 0, 0},
    [O_SEED] = {"--seed", 0, UINT64_MAX, 0, 0, 1},
    [O_DISPUTES] = {"--disputes", 1, 2000, 0, 0, 0},
    [O_PARTIES] = {"--parties", 6, 10000000, 0, 0, 0},
    [O_PRODUCTS] = {"--products", 1, 100000000, 0, 0, 0},
    [O_ONLY] = {"--only", 0, 100, 1, 0, 0},
    [O_AMONG] = {"--among", 0, 100, 1, 0, 0},
    [O_PER_AG] = {"--per-agreement", 1, 1000000, 0, 0, 0},
};

/* Share of the norm clauses of kinds k0..k1 among those of k2..k3, in tenths
 * of a percent, rounded. */
static void wshare(int k0, int k1, int k2, int k3)
{
    uint64_t part = 0, whole = 0;
    for (int k = k0; k <= k1; k++)
        part += kind_weight[k];
    for (int k = k2; k <= k3; k++)
        whole += kind_weight[k];
    uint64_t t = whole ? (part * 1000 + whole / 2) / whole : 0;
    wu(t / 10);
    if (t % 10) {
        wc('.');
        wu(t % 10);
    }
    wc('%');
}

/* The second comment line of a file made with shape options: the shape it
 * has, the options left out included. */
static void wshape(int preset)
{
    ws("# Shape");
    if (preset)
        ws(" (--shape many-parties)");
    ws(": ");
    wu(NP);
    ws(" parties, ");
    wu(NPR);
    ws(" products, ");
    wu(ND);
    ws(ND == 1 ? " dispute; " : " disputes; ");
    wshare(K_ONLYAMONG, K_ONLY, K_MAY, K_ONLY);
    ws(" of the norm clauses `only`, ");
    wshare(K_ONLYAMONG, K_ONLYAMONG, K_ONLYAMONG, K_ONLY);
    ws(" of those with `among`; ");
    if (PER_AGREEMENT) {
        wu(PER_AGREEMENT);
        ws(PER_AGREEMENT == 1 ? " clause per agreement.\n" : " clauses per agreement.\n");
    } else {
        ws("5 to 50 clauses per agreement.\n");
    }
}

int main(int argc, char **argv)
{
    const char *outfile = NULL;
    int many_parties = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int o;
        for (o = 0; o < O_COUNT && strcmp(a, opts[o].name); o++)
            ;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (o < O_COUNT && i + 1 < argc) {
            NumOpt *n = &opts[o];
            const char *v = argv[++i];
            if (!(n->pct ? parse_pct(v, &n->val) : parse_u64(v, &n->val)) || n->val < n->lo ||
                n->val > n->hi) {
                if (o == O_SEED)
                    fprintf(stderr, "gen: --seed wants an unsigned 64-bit number\n");
                else
                    fprintf(stderr, "gen: %s wants a number from %llu to %llu\n", n->name,
                            (unsigned long long)n->lo, (unsigned long long)n->hi);
                return 2;
            }
            n->set = 1;
        } else if (!strcmp(a, "--shape") && i + 1 < argc) {
            if (strcmp(argv[++i], "many-parties")) {
                fprintf(stderr, "gen: --shape wants many-parties\n");
                return 2;
            }
            many_parties = 1;
        } else if (!strcmp(a, "--tangle")) {
            TANGLE = 1;
        } else if (!strcmp(a, "-o") && i + 1 < argc) {
            outfile = argv[++i];
        } else {
            fprintf(stderr, "gen: unexpected argument '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    if (!opts[O_CLAUSES].set) {
        fprintf(stderr, "gen: --clauses N is required\n");
        usage(stderr);
        return 2;
    }
    uint64_t n = opts[O_CLAUSES].val;
    uint64_t seed = opts[O_SEED].val;

    /* Many parties licensing few products, as in a market with hundreds of
     * licensees: the numbers of the report that found deal run cubic per
     * key there, from 100000 clauses on; below, parties and products in
     * proportion, so a smaller file has the same clauses per party and per
     * product as the 100000-clause one. */
    int shaped = many_parties;
    for (int o = O_PARTIES; o < O_COUNT; o++)
        shaped |= opts[o].set;
    if (many_parties) {
        uint64_t scale = n < 100000 ? n : 100000;
        uint64_t pre[O_COUNT] = {0};
        pre[O_PARTIES] = 2000 * scale / 100000;
        pre[O_PRODUCTS] = 300 * scale / 100000;
        pre[O_ONLY] = 12;
        pre[O_AMONG] = 60;
        pre[O_DISPUTES] = 3;
        if (pre[O_PARTIES] < 20)
            pre[O_PARTIES] = 20;
        if (pre[O_PRODUCTS] < 10)
            pre[O_PRODUCTS] = 10;
        for (int o = O_DISPUTES; o < O_PER_AG; o++)
            if (!opts[o].set) {
                opts[o].val = pre[o];
                opts[o].set = 1;
            }
    }

    N_CLAUSES = (uint32_t)n;
    SEED = seed;
    rng_state = seed;
    AS_OF = days_from_civil(2026, 3, 1);
    NP = opts[O_PARTIES].set ? (uint32_t)opts[O_PARTIES].val : N_CLAUSES / 1000 + 20;
    NG = NP / 4 + 3;
    NPR = opts[O_PRODUCTS].set ? (uint32_t)opts[O_PRODUCTS].val : N_CLAUSES / 10 + 10;
    NF = N_CLAUSES / 500 + 8;
    ND = N_CLAUSES / 50000 + 1;
    PER_AGREEMENT = opts[O_PER_AG].set ? (uint32_t)opts[O_PER_AG].val : 0;
    set_kind_weights(opts[O_ONLY].set ? (int)opts[O_ONLY].val : -1,
                     opts[O_AMONG].set ? (int)opts[O_AMONG].val : -1);
    /* Each dispute sets two facts of its own (so that no two disputes set
     * one fact differently), which bounds their number. */
    if (opts[O_DISPUTES].set) {
        uint32_t nd_max = NF / 2;
        if (opts[O_DISPUTES].val > nd_max) {
            fprintf(stderr,
                    "gen: --disputes at most %u for %u clauses (each sets two of the "
                    "N / 500 + 8 facts)\n",
                    nd_max, N_CLAUSES);
            return 2;
        }
        ND = (uint32_t)opts[O_DISPUTES].val;
    } else if (TANGLE) {
        ND = (uint32_t)rrange(2, 5);
        if (ND > NF / 2)
            ND = NF / 2;
    }

    ob = malloc(OUT_CAP);
    alias_flags = calloc(NP, 1);
    g_off = malloc((NG + 1) * sizeof *g_off);
    if (!ob || !alias_flags || !g_off) {
        fprintf(stderr, "gen: out of memory\n");
        return 1;
    }
    out_fp = outfile ? fopen(outfile, "wb") : stdout;
    if (!out_fp) {
        fprintf(stderr, "gen: cannot open '%s': %s\n", outfile, strerror(errno));
        return 1;
    }

    plan_agreements();
    plan_disputes();

    ws("# Generated by tools/gen --clauses ");
    wu(N_CLAUSES);
    ws(" --seed ");
    wu(SEED);
    if (TANGLE)
        ws(" --tangle");
    ws(": a synthetic benchmark scenario.\n");
    if (shaped)
        wshape(many_parties);
    ws("scenario \"Synthetic benchmark, ");
    wu(N_CLAUSES);
    ws(" clauses, seed ");
    wu(SEED);
    ws("\" as of ");
    wdate(AS_OF);
    ws(";\n");
    gen_parties();
    gen_groups();
    gen_actions();
    gen_products();
    gen_facts();
    if (TANGLE)
        tangle_plan();
    gen_agreements();
    if (TANGLE)
        gen_disputes_tangle();
    else
        gen_disputes();
    out_line();
    gen_expects();
    out_flush();

    if (fflush(out_fp) != 0)
        out_err = 1;
    if (out_fp != stdout && fclose(out_fp) != 0)
        out_err = 1;
    if (out_err) {
        fprintf(stderr, "gen: write error\n");
        return 1;
    }
    return 0;
}
