/* mathparse — a TeX math subset (GitHub's `$…$`, `$$…$$`, ```math) → a math tree.
 * Commands are looked up in mathsyms.c; the first problem stops the parse and is
 * returned with its byte offset in the formula, so the caller can report it at the
 * formula's file:line:col. Depth and size are bounded. */
#ifndef MLSD_MATHPARSE_H
#define MLSD_MATHPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bounds: bytes in one formula, nodes in its tree, nesting of groups and commands. */
enum { MATH_MAX_BYTES = 8192, MATH_MAX_NODES = 20000, MATH_MAX_DEPTH = 48, MATH_MAX_CELLS = 2500 };

typedef enum {
    MATH_ROW,      /* kids: items in order */
    MATH_SYM,      /* one character cp (text layer: cp2) of class cls */
    MATH_TEXT,     /* text: \text{…}, \operatorname{…}, \log, digits run */
    MATH_FRAC,     /* a over b; mu == 0: no bar (\binom); cp/cp2: delimiters around it */
    MATH_SQRT,     /* √a, index b (may be NULL) */
    MATH_SCRIPTS,  /* base a, subscript b, superscript c (either may be NULL) */
    MATH_FENCED,   /* \left cp a \right cp2 (0: the null delimiter `.`) */
    MATH_ACCENT,   /* accent cp over a (flags MATH_F_WIDE: stretches over it) */
    MATH_OVERLINE, /* a rule over a (\overline); cp == 1: under (\underline) */
    MATH_SPACE,    /* mu wide (18 mu = 1 em) */
    MATH_ARRAY,    /* kids: rows x cols cells, row-major (missing cells NULL); env: MATH_ENV_* */
    MATH_BIGDELIM, /* \big( …: delimiter cp at size style (1..4) */
    MATH_STYLE,    /* \displaystyle …: a set in style `style` */
    MATH_UNDEROVER /* \overset / \underset: a over (cp == 0) or under (cp == 1) base b */
} math_kind;

typedef enum {
    MATH_CLASS_ORD, MATH_CLASS_OP, MATH_CLASS_BIN, MATH_CLASS_REL,
    MATH_CLASS_OPEN, MATH_CLASS_CLOSE, MATH_CLASS_PUNCT, MATH_CLASS_INNER
} math_class;

typedef enum { MATH_ENV_MATRIX, MATH_ENV_PMATRIX, MATH_ENV_BMATRIX, MATH_ENV_BBMATRIX, MATH_ENV_VMATRIX,
               MATH_ENV_VVMATRIX, MATH_ENV_CASES, MATH_ENV_ALIGNED, MATH_ENV_GATHERED } math_env;

enum {
    MATH_F_LIMITS = 1 << 0,   /* big operator: limits above and below in display style */
    MATH_F_NOLIMITS = 1 << 1, /* \nolimits */
    MATH_F_FORCELIMITS = 1 << 2, /* \limits: in every style */
    MATH_F_LARGEOP = 1 << 3,  /* a big operator glyph (∑ ∫): larger in display style */
    MATH_F_WIDE = 1 << 4,     /* accent stretches over its base */
    MATH_F_UPRIGHT = 1 << 5,  /* text: set upright (the math font's roman) */
    MATH_F_PRIMED = 1 << 6,   /* a row of a base and its primes (x') */
    MATH_F_MIDDLE = 1 << 7,   /* \middle inside \left…\right: grows with the row it is in */
};

typedef struct math_node math_node;
struct math_node {
    math_kind kind;
    math_class cls;
    uint32_t cp, cp2;
    char *text;
    unsigned flags;
    int style;          /* MATH_STYLE: 0 display … 3 scriptscript; MATH_BIGDELIM: 1..4; MATH_FRAC: forced or -1 */
    double mu;
    math_node *a, *b, *c;
    math_node **kids;
    size_t n_kids, cap_kids;
    int rows, cols, env;
    size_t pos;         /* byte offset in the formula */
};

typedef struct math_tree {
    math_node *root;
    math_node **all;    /* every node, for freeing */
    size_t n_all, cap_all;
    char *tag;          /* \tag{…}, or NULL */
    char *error;        /* the first problem, or NULL */
    size_t error_pos;   /* its byte offset in the formula */
} math_tree;

/* Parses len bytes of TeX. False (with t->error set) on an error; the tree is then partial. */
bool math_parse(const char *tex, size_t len, math_tree *t);
void math_tree_free(math_tree *t);
/* One line per node, indented (for unit tests and MLSD_DUMP). */
void math_tree_dump(const math_node *n, int depth, char **out);

/* Symbol tables (mathsyms.c). */
typedef struct math_symbol {
    const char *name; /* without the backslash */
    uint32_t cp;
    math_class cls;
    unsigned flags;
} math_symbol;
const math_symbol *math_symbol_find(const char *name, size_t len);
/* Named operators (\log, \max): their text and whether they take limits. */
bool math_operator_find(const char *name, size_t len, const char **text, bool *limits);
/* A letter or digit in a font style (\mathbf …); style 0 is the default (italic letters). */
typedef enum { MATH_VAR_NORMAL, MATH_VAR_UP, MATH_VAR_BF, MATH_VAR_IT, MATH_VAR_BB, MATH_VAR_CAL, MATH_VAR_FRAK,
               MATH_VAR_SF, MATH_VAR_TT, MATH_VAR_BFIT } math_variant;
uint32_t math_styled_char(uint32_t c, math_variant v);
/* The character a math alphabet's character stands for in the text layer (italic α → α). */
uint32_t math_plain_char(uint32_t cp);
/* The class of a plain character (+ is binary, = a relation, ( opens…). */
math_class math_char_class(uint32_t c);
/* Accent commands (\hat …): the combining character; *wide when it stretches. */
bool math_accent_find(const char *name, size_t len, uint32_t *cp, bool *wide);

#endif
