/* mathsyms — the TeX math commands mathparse knows: symbols with their classes,
 * named operators, accents, and the Unicode math alphabets (\mathbf, \mathbb, …). */
#include <string.h>

#include "mathparse.h"

#define ORD MATH_CLASS_ORD
#define OP MATH_CLASS_OP
#define BIN MATH_CLASS_BIN
#define REL MATH_CLASS_REL
#define OPEN MATH_CLASS_OPEN
#define CLOSE MATH_CLASS_CLOSE
#define PUNCT MATH_CLASS_PUNCT
#define BIGOP (MATH_F_LARGEOP | MATH_F_LIMITS)
#define INTOP MATH_F_LARGEOP

static const math_symbol math_symbols[] = {
    /* Greek (lower-case italic; upper-case upright, as TeX sets them) */
    {"alpha", 0x1D6FC, ORD, 0}, {"beta", 0x1D6FD, ORD, 0}, {"gamma", 0x1D6FE, ORD, 0}, {"delta", 0x1D6FF, ORD, 0},
    {"epsilon", 0x1D716, ORD, 0}, {"varepsilon", 0x1D700, ORD, 0}, {"zeta", 0x1D701, ORD, 0}, {"eta", 0x1D702, ORD, 0},
    {"theta", 0x1D703, ORD, 0}, {"vartheta", 0x1D717, ORD, 0}, {"iota", 0x1D704, ORD, 0}, {"kappa", 0x1D705, ORD, 0},
    {"lambda", 0x1D706, ORD, 0}, {"mu", 0x1D707, ORD, 0}, {"nu", 0x1D708, ORD, 0}, {"xi", 0x1D709, ORD, 0},
    {"pi", 0x1D70B, ORD, 0}, {"varpi", 0x1D71B, ORD, 0}, {"rho", 0x1D70C, ORD, 0}, {"varrho", 0x1D71A, ORD, 0},
    {"sigma", 0x1D70E, ORD, 0}, {"varsigma", 0x1D70D, ORD, 0}, {"tau", 0x1D70F, ORD, 0}, {"upsilon", 0x1D710, ORD, 0},
    {"phi", 0x1D719, ORD, 0}, {"varphi", 0x1D711, ORD, 0}, {"chi", 0x1D712, ORD, 0}, {"psi", 0x1D713, ORD, 0},
    {"omega", 0x1D714, ORD, 0}, {"Gamma", 0x393, ORD, 0}, {"Delta", 0x394, ORD, 0}, {"Theta", 0x398, ORD, 0},
    {"Lambda", 0x39B, ORD, 0}, {"Xi", 0x39E, ORD, 0}, {"Pi", 0x3A0, ORD, 0}, {"Sigma", 0x3A3, ORD, 0},
    {"Upsilon", 0x3A5, ORD, 0}, {"Phi", 0x3A6, ORD, 0}, {"Psi", 0x3A8, ORD, 0}, {"Omega", 0x3A9, ORD, 0},
    /* letter-like and miscellaneous */
    {"infty", 0x221E, ORD, 0}, {"partial", 0x1D715, ORD, 0}, {"nabla", 0x2207, ORD, 0}, {"forall", 0x2200, ORD, 0},
    {"exists", 0x2203, ORD, 0}, {"nexists", 0x2204, ORD, 0}, {"emptyset", 0x2205, ORD, 0}, {"varnothing", 0x2205, ORD, 0},
    {"neg", 0xAC, ORD, 0}, {"lnot", 0xAC, ORD, 0}, {"ell", 0x2113, ORD, 0}, {"hbar", 0x210F, ORD, 0},
    {"prime", 0x2032, ORD, 0}, {"top", 0x22A4, ORD, 0}, {"bot", 0x22A5, ORD, 0}, {"angle", 0x2220, ORD, 0},
    {"triangle", 0x25B3, ORD, 0}, {"Box", 0x25A1, ORD, 0}, {"aleph", 0x2135, ORD, 0}, {"Re", 0x211C, ORD, 0},
    {"Im", 0x2111, ORD, 0}, {"wp", 0x2118, ORD, 0}, {"dagger", 0x2020, BIN, 0}, {"ddagger", 0x2021, BIN, 0},
    {"ldots", 0x2026, MATH_CLASS_INNER, 0}, {"dots", 0x2026, MATH_CLASS_INNER, 0}, {"cdots", 0x22EF, MATH_CLASS_INNER, 0},
    {"vdots", 0x22EE, ORD, 0}, {"ddots", 0x22F1, MATH_CLASS_INNER, 0}, {"dotsc", 0x2026, MATH_CLASS_INNER, 0},
    {"dotsb", 0x22EF, MATH_CLASS_INNER, 0}, {"checkmark", 0x2713, ORD, 0}, {"degree", 0xB0, ORD, 0},
    {"#", '#', ORD, 0}, {"%", '%', ORD, 0}, {"$", '$', ORD, 0}, {"&", '&', ORD, 0}, {"_", '_', ORD, 0},
    {"backslash", '\\', ORD, 0}, {"colon", ':', PUNCT, 0}, {"surd", 0x221A, ORD, 0}, {"square", 0x25A1, ORD, 0},
    /* binary operators */
    {"pm", 0xB1, BIN, 0}, {"mp", 0x2213, BIN, 0}, {"times", 0xD7, BIN, 0}, {"cdot", 0x22C5, BIN, 0},
    {"div", 0xF7, BIN, 0}, {"ast", 0x2217, BIN, 0}, {"star", 0x22C6, BIN, 0}, {"circ", 0x2218, BIN, 0},
    {"bullet", 0x2219, BIN, 0}, {"cup", 0x222A, BIN, 0}, {"cap", 0x2229, BIN, 0}, {"setminus", 0x2216, BIN, 0},
    {"oplus", 0x2295, BIN, 0}, {"ominus", 0x2296, BIN, 0}, {"otimes", 0x2297, BIN, 0}, {"odot", 0x2299, BIN, 0},
    {"wedge", 0x2227, BIN, 0}, {"land", 0x2227, BIN, 0}, {"vee", 0x2228, BIN, 0}, {"lor", 0x2228, BIN, 0},
    {"diamond", 0x22C4, BIN, 0}, {"sqcup", 0x2294, BIN, 0}, {"sqcap", 0x2293, BIN, 0}, {"wr", 0x2240, BIN, 0},
    {"amalg", 0x2A3F, BIN, 0},
    /* relations and arrows */
    {"le", 0x2264, REL, 0}, {"leq", 0x2264, REL, 0}, {"ge", 0x2265, REL, 0}, {"geq", 0x2265, REL, 0},
    {"leqslant", 0x2A7D, REL, 0}, {"geqslant", 0x2A7E, REL, 0}, {"ne", 0x2260, REL, 0}, {"neq", 0x2260, REL, 0},
    {"approx", 0x2248, REL, 0}, {"sim", 0x223C, REL, 0}, {"simeq", 0x2243, REL, 0}, {"cong", 0x2245, REL, 0},
    {"equiv", 0x2261, REL, 0}, {"propto", 0x221D, REL, 0}, {"in", 0x2208, REL, 0}, {"notin", 0x2209, REL, 0},
    {"ni", 0x220B, REL, 0}, {"subset", 0x2282, REL, 0}, {"subseteq", 0x2286, REL, 0}, {"supset", 0x2283, REL, 0},
    {"supseteq", 0x2287, REL, 0}, {"ll", 0x226A, REL, 0}, {"gg", 0x226B, REL, 0}, {"mid", 0x2223, REL, 0},
    {"nmid", 0x2224, REL, 0}, {"parallel", 0x2225, REL, 0}, {"perp", 0x27C2, REL, 0}, {"models", 0x22A7, REL, 0},
    {"vdash", 0x22A2, REL, 0}, {"dashv", 0x22A3, REL, 0}, {"prec", 0x227A, REL, 0}, {"succ", 0x227B, REL, 0},
    {"preceq", 0x2AAF, REL, 0}, {"succeq", 0x2AB0, REL, 0}, {"asymp", 0x224D, REL, 0}, {"doteq", 0x2250, REL, 0},
    {"coloneqq", 0x2254, REL, 0}, {"triangleq", 0x225C, REL, 0}, {"stackrel", 0, REL, 0},
    {"to", 0x2192, REL, 0}, {"rightarrow", 0x2192, REL, 0}, {"leftarrow", 0x2190, REL, 0}, {"gets", 0x2190, REL, 0},
    {"leftrightarrow", 0x2194, REL, 0}, {"Rightarrow", 0x21D2, REL, 0}, {"Leftarrow", 0x21D0, REL, 0},
    {"Leftrightarrow", 0x21D4, REL, 0}, {"implies", 0x27F9, REL, 0}, {"impliedby", 0x27F8, REL, 0},
    {"iff", 0x27FA, REL, 0}, {"mapsto", 0x21A6, REL, 0}, {"longrightarrow", 0x27F6, REL, 0},
    {"longleftarrow", 0x27F5, REL, 0}, {"Longrightarrow", 0x27F9, REL, 0}, {"longmapsto", 0x27FC, REL, 0},
    {"uparrow", 0x2191, REL, 0}, {"downarrow", 0x2193, REL, 0}, {"updownarrow", 0x2195, REL, 0},
    {"Uparrow", 0x21D1, REL, 0}, {"Downarrow", 0x21D3, REL, 0}, {"nearrow", 0x2197, REL, 0},
    {"searrow", 0x2198, REL, 0}, {"hookrightarrow", 0x21AA, REL, 0}, {"rightleftharpoons", 0x21CC, REL, 0},
    /* big operators */
    {"sum", 0x2211, OP, BIGOP}, {"prod", 0x220F, OP, BIGOP}, {"coprod", 0x2210, OP, BIGOP},
    {"int", 0x222B, OP, INTOP}, {"iint", 0x222C, OP, INTOP}, {"iiint", 0x222D, OP, INTOP}, {"oint", 0x222E, OP, INTOP},
    {"bigcup", 0x22C3, OP, BIGOP}, {"bigcap", 0x22C2, OP, BIGOP}, {"bigoplus", 0x2A01, OP, BIGOP},
    {"bigotimes", 0x2A02, OP, BIGOP}, {"bigodot", 0x2A00, OP, BIGOP}, {"bigvee", 0x22C1, OP, BIGOP},
    {"bigwedge", 0x22C0, OP, BIGOP}, {"bigsqcup", 0x2A06, OP, BIGOP},
    /* delimiters */
    {"langle", 0x27E8, OPEN, 0}, {"rangle", 0x27E9, CLOSE, 0}, {"lfloor", 0x230A, OPEN, 0}, {"rfloor", 0x230B, CLOSE, 0},
    {"lceil", 0x2308, OPEN, 0}, {"rceil", 0x2309, CLOSE, 0}, {"lbrace", '{', OPEN, 0}, {"rbrace", '}', CLOSE, 0},
    {"{", '{', OPEN, 0}, {"}", '}', CLOSE, 0}, {"lvert", '|', OPEN, 0}, {"rvert", '|', CLOSE, 0},
    {"lVert", 0x2016, OPEN, 0}, {"rVert", 0x2016, CLOSE, 0}, {"vert", '|', ORD, 0}, {"Vert", 0x2016, ORD, 0},
    {"|", 0x2016, ORD, 0}, {"lbrack", '[', OPEN, 0}, {"rbrack", ']', CLOSE, 0},
};

const math_symbol *math_symbol_find(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof math_symbols / sizeof *math_symbols; i++)
        if (strlen(math_symbols[i].name) == len && !memcmp(math_symbols[i].name, name, len) && math_symbols[i].cp)
            return &math_symbols[i];
    return NULL;
}

bool math_operator_find(const char *name, size_t len, const char **text, bool *limits)
{
    static const struct { const char *name, *text; bool limits; } ops[] = {
        {"log", "log", false}, {"ln", "ln", false}, {"lg", "lg", false}, {"exp", "exp", false},
        {"sin", "sin", false}, {"cos", "cos", false}, {"tan", "tan", false}, {"cot", "cot", false},
        {"sec", "sec", false}, {"csc", "csc", false}, {"sinh", "sinh", false}, {"cosh", "cosh", false},
        {"tanh", "tanh", false}, {"arcsin", "arcsin", false}, {"arccos", "arccos", false},
        {"arctan", "arctan", false}, {"arg", "arg", false}, {"deg", "deg", false}, {"dim", "dim", false},
        {"ker", "ker", false}, {"hom", "hom", false}, {"lim", "lim", true}, {"liminf", "lim inf", true},
        {"limsup", "lim sup", true}, {"max", "max", true}, {"min", "min", true}, {"sup", "sup", true},
        {"inf", "inf", true}, {"det", "det", true}, {"Pr", "Pr", true}, {"gcd", "gcd", true},
        {"argmax", "arg max", true}, {"argmin", "arg min", true}, {"mod", "mod", false}, {"bmod", "mod", false},
        {"tr", "tr", false}, {"Var", "Var", false}, {"Cov", "Cov", false}, {"softmax", "softmax", false},
    };
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
        if (strlen(ops[i].name) == len && !memcmp(ops[i].name, name, len)) {
            *text = ops[i].text;
            *limits = ops[i].limits;
            return true;
        }
    return false;
}

bool math_accent_find(const char *name, size_t len, uint32_t *cp, bool *wide)
{
    static const struct { const char *name; uint32_t cp; bool wide; } acc[] = {
        {"hat", 0x302, false}, {"widehat", 0x302, true}, {"tilde", 0x303, false}, {"widetilde", 0x303, true},
        {"bar", 0x304, false}, {"vec", 0x20D7, false}, {"overrightarrow", 0x20D7, true}, {"dot", 0x307, false},
        {"ddot", 0x308, false}, {"check", 0x30C, false}, {"breve", 0x306, false}, {"acute", 0x301, false},
        {"grave", 0x300, false}, {"mathring", 0x30A, false},
    };
    for (size_t i = 0; i < sizeof acc / sizeof *acc; i++)
        if (strlen(acc[i].name) == len && !memcmp(acc[i].name, name, len)) {
            *cp = acc[i].cp;
            *wide = acc[i].wide;
            return true;
        }
    return false;
}

math_class math_char_class(uint32_t c)
{
    switch (c) {
    case '+': case '-': case '*': case 0x2212: case 0xB7: case 0xD7: return BIN;
    case '=': case '<': case '>': case ':': case 0x2264: case 0x2265: case 0x2260: case 0x2248: case 0x2192: return REL;
    case '(': case '[': return OPEN;
    case ')': case ']': return CLOSE;
    case ',': case ';': return PUNCT;
    case '!': case '?': return CLOSE;
    default: return ORD;
    }
}

/* Letters missing from a math alphabet live in the Letterlike Symbols block. */
static uint32_t math_hole(uint32_t c, math_variant v)
{
    static const struct { math_variant v; char c; uint32_t cp; } holes[] = {
        {MATH_VAR_NORMAL, 'h', 0x210E}, {MATH_VAR_IT, 'h', 0x210E}, {MATH_VAR_BB, 'C', 0x2102},
        {MATH_VAR_BB, 'H', 0x210D}, {MATH_VAR_BB, 'N', 0x2115}, {MATH_VAR_BB, 'P', 0x2119},
        {MATH_VAR_BB, 'Q', 0x211A}, {MATH_VAR_BB, 'R', 0x211D}, {MATH_VAR_BB, 'Z', 0x2124},
        {MATH_VAR_CAL, 'B', 0x212C}, {MATH_VAR_CAL, 'E', 0x2130}, {MATH_VAR_CAL, 'F', 0x2131},
        {MATH_VAR_CAL, 'H', 0x210B}, {MATH_VAR_CAL, 'I', 0x2110}, {MATH_VAR_CAL, 'L', 0x2112},
        {MATH_VAR_CAL, 'M', 0x2133}, {MATH_VAR_CAL, 'R', 0x211B}, {MATH_VAR_CAL, 'e', 0x212F},
        {MATH_VAR_CAL, 'g', 0x210A}, {MATH_VAR_CAL, 'o', 0x2134}, {MATH_VAR_FRAK, 'C', 0x212D},
        {MATH_VAR_FRAK, 'H', 0x210C}, {MATH_VAR_FRAK, 'I', 0x2111}, {MATH_VAR_FRAK, 'R', 0x211C},
        {MATH_VAR_FRAK, 'Z', 0x2128},
    };
    for (size_t i = 0; i < sizeof holes / sizeof *holes; i++)
        if (holes[i].v == v && (uint32_t)holes[i].c == c) return holes[i].cp;
    return 0;
}

uint32_t math_styled_char(uint32_t c, math_variant v)
{
    /* First code points of the Mathematical Alphanumeric Symbols alphabets (capitals; small letters follow 26 on). */
    static const uint32_t latin[] = {
        [MATH_VAR_NORMAL] = 0x1D434, [MATH_VAR_UP] = 0, [MATH_VAR_BF] = 0x1D400, [MATH_VAR_IT] = 0x1D434,
        [MATH_VAR_BB] = 0x1D538, [MATH_VAR_CAL] = 0x1D49C, [MATH_VAR_FRAK] = 0x1D504, [MATH_VAR_SF] = 0x1D5A0,
        [MATH_VAR_TT] = 0x1D670, [MATH_VAR_BFIT] = 0x1D468,
    };
    static const uint32_t digits[] = {
        [MATH_VAR_BF] = 0x1D7CE, [MATH_VAR_BB] = 0x1D7D8, [MATH_VAR_SF] = 0x1D7E2, [MATH_VAR_TT] = 0x1D7F6,
    };
    uint32_t hole = math_hole(c, v);
    if (hole) return hole;
    bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
    if ((upper || lower) && latin[v]) return latin[v] + (upper ? c - 'A' : 26 + c - 'a');
    if (c >= '0' && c <= '9' && digits[v]) return digits[v] + c - '0';
    if (v == MATH_VAR_BF && c >= 0x1D6FC && c <= 0x1D71B) return c - 0x1D6FC + 0x1D6C2; /* bold Greek */
    return c;
}

uint32_t math_plain_char(uint32_t cp)
{
    static const uint32_t greek_symbols[] = {0x2202, 0x3F5, 0x3D1, 0x3F0, 0x3D5, 0x3F1, 0x3D6}; /* ∂ ϵ ϑ ϰ ϕ ϱ ϖ */
    if (cp >= 0x1D6FC && cp <= 0x1D714) return 0x3B1 + (cp - 0x1D6FC); /* italic α … ω */
    if (cp >= 0x1D715 && cp <= 0x1D71B) return greek_symbols[cp - 0x1D715];
    return cp;
}
