/* math_box — a math tree laid out as TeX does (The TeXbook, appendix G) with the
 * OpenType MATH constants of the math font: a box of positioned glyphs and rules. */
#ifndef MLSD_MATH_BOX_H
#define MLSD_MATH_BOX_H

#include <stdio.h>

#include "mathfont.h"
#include "mathparse.h"
#include "pages.h"
#include "theme.h"

typedef struct math_box {
    double w, h, d;     /* width, height above and depth below the baseline (pt) */
    double italic;      /* italic correction of a single glyph */
    double accent_x;    /* where an accent attaches (a single glyph), else w / 2 */
    bool single;        /* one glyph (scripts and accents treat it as a character) */
    math_class cls;
    page_glyph *g;
    size_t ng, capg;
    page_rule *r;
    size_t nr, capr;
    page_mathtext *t;   /* text-layer groups (fractions), owned */
    size_t nt, capt;
} math_box;

/* Styles: display, text, script, scriptscript (× 2, odd = cramped). */
enum { MATH_STYLE_D = 0, MATH_STYLE_T = 2, MATH_STYLE_S = 4, MATH_STYLE_SS = 6 };

typedef struct math_ctx {
    const mathfont *mf;
    const theme *th;
    double size;        /* text size (pt): the formula's em */
    int warned;         /* missing glyphs reported */
} math_ctx;

/* Lays out a tree in a style (MATH_STYLE_D for display, MATH_STYLE_T inline). */
math_box math_layout(math_ctx *c, const math_node *n, int style);

/* Where an inline formula may break (TeX's rule: after a relation or a binary operator of its
 * top-level row, not before another relation or punctuation; never inside a group): the
 * operator's box ends at x_end, the next atom's starts at x_next. */
typedef struct math_break {
    double x_end, x_next;
    bool rel;        /* after a relation (else a binary operator) */
    size_t pos;      /* byte offset in the formula of the atom after the break */
} math_break;
typedef struct math_breaks {
    math_break *v;
    size_t n, cap;
} math_breaks;
/* math_layout, and the places its top-level row may break (appended to *out). */
math_box math_layout_breaks(math_ctx *c, const math_node *n, int style, math_breaks *out);
/* The part of a box between x0 and x1 (glyphs, rules and texts by their origin), moved to x = 0,
 * with its own height and depth. */
math_box math_box_slice(const math_ctx *c, const math_box *b, double x0, double x1);
void math_box_free(math_box *b);
/* Moves src's glyphs and rules into dst at (dx, dy) (y down) and frees src. */
void math_box_put(math_box *dst, math_box *src, double dx, double dy);
/* Scales a box (a display formula too wide for the column). */
void math_box_scale(math_box *b, double f);
/* The box as a page_math (shared by page items). */
page_math *math_box_page(const math_ctx *c, const math_box *b);
/* A text dump: size and every glyph and rule (golden tests). */
void math_box_dump(const math_box *b, FILE *out);

/* Inside math_layout (math_layout.c, math_delim.c). */
double math_em(const math_ctx *c, int style);
double math_k(const math_ctx *c, int style, hb_ot_math_constant_t k);
void math_glyph_box(math_ctx *c, math_box *b, unsigned glyph, const char *text, int style);
void math_add_glyph(math_box *b, unsigned glyph, const char *text, double size, double x, double y);
void math_add_rule(math_box *b, double x, double y, double w, double h);
/* A delimiter (0: none, a null space) at least `target` tall, centred on the axis. */
math_box math_delimiter(math_ctx *c, uint32_t cp, double target, int style);
/* How tall \left…\right make a delimiter around content of height h and depth d (rule 19). */
double math_delim_target(const math_ctx *c, double h, double d, int style);
/* A glyph stretched horizontally to at least `width` (wide accents). */
math_box math_stretch_h(math_ctx *c, uint32_t cp, double width, int style);
math_box math_array(math_ctx *c, const math_node *n, int style);
math_box math_fenced(math_ctx *c, const math_node *n, int style);
math_box math_radical(math_ctx *c, const math_node *n, int style);
/* The text layer of a group (math_text.c): its glyphs read as nothing, and one inkless glyph on
 * its baseline at x reads as the linear form of n ("(a+b)/(c+d)"). */
void math_text_group(math_ctx *c, math_box *b, const math_node *n, double x, int style);
/* The linear form of a tree: a/b, x^2, x_(i+1), √(x+1) (newly allocated). */
char *math_text_linear(const math_node *n);

#endif
