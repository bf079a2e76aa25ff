/* math_delim — what grows: delimiters (size variants, then glyph assemblies), \left…\right,
 * radicals, wide accents, and matrices, cases and aligned (whose delimiters grow with them). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "math_box.h"
#include "util.h"

#define K(k) math_k(c, style, HB_OT_MATH_CONSTANT_##k)
/* Bound on extender repeats in one assembly (a delimiter a few pages tall at most). */
#define MATH_MAX_REPEATS 200

static void math_utf8(uint32_t cp, char out[8])
{
    int n = cp ? g_unichar_to_utf8(cp, out) : 0;
    out[n] = 0;
}

/* Parts of an assembly stacked to at least `target` (ems): glyphs (from the start edge)
 * and offsets; returns the count, or 0. */
static size_t math_assemble(const mathfont *mf, unsigned glyph, bool vertical, double target, unsigned **glyphs,
                            double **offsets, double *total)
{
    mathfont_part parts[16];
    unsigned np = mathfont_assembly(mf, glyph, vertical, parts, 16);
    if (!np) return 0;
    double overlap = mathfont_min_overlap(mf, vertical);
    int repeats = 0;
    size_t n = 0;
    for (;; repeats++) {
        double len = 0;
        n = 0;
        for (unsigned i = 0; i < np; i++) {
            int times = parts[i].extender ? repeats : 1;
            for (int t = 0; t < times; t++, n++) len += parts[i].advance - (n ? overlap : 0);
        }
        if (len >= target || repeats >= MATH_MAX_REPEATS) break;
    }
    /* Spread the surplus over the joins, keeping each within its connectors. */
    double len = 0;
    *glyphs = util_xcalloc(n, sizeof **glyphs);
    *offsets = util_xcalloc(n, sizeof **offsets);
    size_t k = 0;
    double sum = 0;
    for (unsigned i = 0; i < np; i++)
        for (int t = 0; t < (parts[i].extender ? repeats : 1); t++, k++) sum += parts[i].advance;
    double joins = n > 1 ? (double)(n - 1) : 1;
    double ov = (sum - target) / joins;
    if (ov < overlap) ov = overlap;
    k = 0;
    const mathfont_part *prev = NULL;
    for (unsigned i = 0; i < np; i++)
        for (int t = 0; t < (parts[i].extender ? repeats : 1); t++, k++) {
            double o = ov;
            if (prev) {
                double max = prev->end_conn < parts[i].start_conn ? prev->end_conn : parts[i].start_conn;
                if (o > max) o = max > overlap ? max : overlap;
                len -= o;
            }
            (*glyphs)[k] = parts[i].glyph;
            (*offsets)[k] = len;
            len += parts[i].advance;
            prev = &parts[i];
        }
    *total = len;
    return n;
}

math_box math_delimiter(math_ctx *c, uint32_t cp, double target, int style)
{
    math_box b = {0};
    double em = math_em(c, style);
    if (!cp) { /* the null delimiter */
        b.w = c->th->math_null_delimiter * em;
        return b;
    }
    char text[8];
    math_utf8(cp, text);
    unsigned g = mathfont_glyph(c->mf, cp);
    if (!g) return b;
    unsigned gs[32];
    double adv[32];
    unsigned nv = mathfont_variants(c->mf, g, true, gs, adv, 32);
    unsigned pick = g;
    bool found = false;
    for (unsigned i = 0; i < nv && !found; i++) {
        pick = gs[i];
        found = adv[i] * em >= target;
    }
    unsigned *parts = NULL;
    double *offs = NULL, total = 0;
    size_t n = found ? 0 : math_assemble(c->mf, g, true, target / em, &parts, &offs, &total);
    double axis = K(AXIS_HEIGHT);
    if (n) { /* bottom to top, centred on the axis */
        double bottom = axis - total * em / 2, wmax = 0;
        for (size_t i = 0; i < n; i++) {
            double a, h, d;
            mathfont_extents(c->mf, parts[i], &a, &h, &d);
            /* The part's ink bottom sits on its offset. */
            double base_y = bottom + (offs[i] + d) * em;
            math_add_glyph(&b, parts[i], i ? "" : text, em, 0, -base_y);
            if (a * em > wmax) wmax = a * em;
        }
        b.w = wmax;
        b.h = bottom + total * em;
        b.d = -bottom;
    } else {
        math_glyph_box(c, &b, pick, text, style);
        double shift = (b.h - b.d) / 2 - axis; /* centred on the axis */
        for (size_t i = 0; i < b.ng; i++) b.g[i].y += shift;
        b.h -= shift;
        b.d += shift;
    }
    free(parts);
    free(offs);
    b.cls = MATH_CLASS_ORD;
    b.accent_x = b.w / 2;
    return b;
}

math_box math_stretch_h(math_ctx *c, uint32_t cp, double width, int style)
{
    math_box b = {0};
    double em = math_em(c, style);
    unsigned g = mathfont_glyph(c->mf, cp);
    if (!g) return b;
    unsigned gs[32];
    double adv[32];
    unsigned nv = mathfont_variants(c->mf, g, false, gs, adv, 32);
    unsigned pick = g;
    bool found = false;
    for (unsigned i = 0; i < nv && !found; i++) {
        pick = gs[i];
        found = adv[i] * em >= width;
    }
    unsigned *parts = NULL;
    double *offs = NULL, total = 0;
    size_t n = found ? 0 : math_assemble(c->mf, g, false, width / em, &parts, &offs, &total);
    if (n) {
        for (size_t i = 0; i < n; i++) {
            double a, h, d;
            mathfont_extents(c->mf, parts[i], &a, &h, &d);
            math_add_glyph(&b, parts[i], "", em, offs[i] * em, 0);
            if (h * em > b.h) b.h = h * em;
        }
        b.w = total * em;
    } else {
        math_glyph_box(c, &b, pick, "", style);
        /* A combining accent's ink may start left of its origin: centre the ink. */
        if (b.ng) b.w = nv ? (found ? width : b.w) : b.w;
    }
    free(parts);
    free(offs);
    return b;
}

/* The larger of the content's extents from the axis, as TeX sizes \left…\right (rule 19). */
double math_delim_target(const math_ctx *c, double h, double d, int style)
{
    double axis = K(AXIS_HEIGHT);
    double half = h - axis > d + axis ? h - axis : d + axis;
    double a = 2 * half * c->th->math_delimiter_factor;
    double b = 2 * half - c->th->math_delimiter_shortfall * math_em(c, style);
    return a > b ? a : b;
}

static math_box math_wrap(math_ctx *c, math_box body, uint32_t open, uint32_t close, int style)
{
    double target = math_delim_target(c, body.h, body.d, style);
    math_box l = math_delimiter(c, open, target, style), r = math_delimiter(c, close, target, style);
    math_box b = {0};
    b.h = body.h;
    b.d = body.d;
    math_box *parts[3] = {&l, &body, &r};
    for (int i = 0; i < 3; i++) {
        if (parts[i]->h > b.h) b.h = parts[i]->h;
        if (parts[i]->d > b.d) b.d = parts[i]->d;
        double w = parts[i]->w;
        math_box_put(&b, parts[i], b.w, 0);
        b.w += w;
    }
    b.cls = MATH_CLASS_INNER;
    b.accent_x = b.w / 2;
    return b;
}

math_box math_fenced(math_ctx *c, const math_node *n, int style)
{
    return math_wrap(c, math_layout(c, n->a, style), n->cp, n->cp2, style);
}

/* Radicals (rule 11): the radical sign grows to the body, with an optional degree. */
math_box math_radical(math_ctx *c, const math_node *n, int style)
{
    math_box body = math_layout(c, n->a, style | 1);
    bool display = (style & ~1) == MATH_STYLE_D;
    double t = K(RADICAL_RULE_THICKNESS);
    double gap = display ? K(RADICAL_DISPLAY_STYLE_VERTICAL_GAP) : K(RADICAL_VERTICAL_GAP);
    double target = body.h + body.d + gap + t;
    double em = math_em(c, style);
    unsigned g = mathfont_glyph(c->mf, 0x221A);
    unsigned gs[32];
    double adv[32];
    unsigned nv = mathfont_variants(c->mf, g, true, gs, adv, 32);
    unsigned pick = g;
    for (unsigned i = 0; i < nv; i++) {
        pick = gs[i];
        if (adv[i] * em >= target) break;
    }
    double a, h, d;
    mathfont_extents(c->mf, pick, &a, &h, &d);
    double rh = (h + d) * em;
    if (rh > target) gap += (rh - target) / 2;
    /* The sign's top is the rule's top. */
    double top = body.h + gap + t;
    math_box b = {0};
    double x = 0;
    if (n->b) {
        math_box deg = math_layout(c, n->b, MATH_STYLE_SS);
        double raise = mathfont_constant(c->mf, HB_OT_MATH_CONSTANT_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT) / 100 * rh;
        x = K(RADICAL_KERN_BEFORE_DEGREE);
        double dw = deg.w;
        double bottom = top - rh;
        double deg_base = bottom + raise + deg.d; /* the degree's baseline, above ours */
        if (deg_base + deg.h > b.h) b.h = deg_base + deg.h;
        math_box_put(&b, &deg, x, -deg_base);
        x += dw + K(RADICAL_KERN_AFTER_DEGREE);
        if (x < 0) x = 0;
    }
    math_add_glyph(&b, pick, "\xe2\x88\x9a", em, x, -(top - h * em));
    x += a * em;
    math_add_rule(&b, x, -top, body.w, t);
    double bw = body.w;
    if (top + K(RADICAL_EXTRA_ASCENDER) > b.h) b.h = top + K(RADICAL_EXTRA_ASCENDER);
    b.d = body.d > rh - top ? body.d : rh - top;
    math_box_put(&b, &body, x, 0);
    b.w = x + bw;
    b.cls = MATH_CLASS_ORD;
    b.accent_x = b.w / 2;
    math_text_group(c, &b, n, 0, style); /* reads "√(x+1)" */
    return b;
}

/* Matrices, cases and aligned: cells in rows and columns, centred on the axis. */
math_box math_array(math_ctx *c, const math_node *n, int style)
{
    int rows = n->rows, cols = n->cols;
    bool aligned = n->env == MATH_ENV_ALIGNED || n->env == MATH_ENV_GATHERED;
    int cell_style = aligned ? MATH_STYLE_D : MATH_STYLE_T;
    double em = math_em(c, style);
    math_box *cells = util_xcalloc((size_t)rows * (size_t)cols, sizeof *cells);
    double *cw = util_xcalloc((size_t)cols, sizeof *cw), *rh = util_xcalloc((size_t)rows, sizeof *rh),
           *rd = util_xcalloc((size_t)rows, sizeof *rd);
    double strut = c->th->math_row_height * em;
    for (int r = 0; r < rows; r++) {
        rh[r] = 0.7 * strut; /* TeX's array strut: 70% of the row above the baseline, 30% below */
        rd[r] = 0.3 * strut;
        for (int k = 0; k < cols; k++) {
            const math_node *cell = n->kids[(size_t)r * (size_t)cols + (size_t)k];
            math_box *b = &cells[(size_t)r * (size_t)cols + (size_t)k];
            if (!cell) continue;
            if (aligned && k % 2 == 1 && cell->n_kids) { /* "&=": the relation keeps its space on the left */
                math_node row = *cell, empty = {.kind = MATH_ROW};
                math_node **kids = util_xcalloc(cell->n_kids + 1, sizeof *kids);
                kids[0] = &empty;
                memcpy(kids + 1, cell->kids, cell->n_kids * sizeof *kids);
                row.kids = kids;
                row.n_kids = cell->n_kids + 1;
                *b = math_layout(c, &row, cell_style);
                free(kids);
            } else {
                *b = math_layout(c, cell, cell_style);
            }
            if (b->w > cw[k]) cw[k] = b->w;
            if (b->h > rh[r]) rh[r] = b->h;
            if (b->d > rd[r]) rd[r] = b->d;
        }
    }
    double gap = n->env == MATH_ENV_CASES ? c->th->math_cases_gap * em : aligned ? 0 : c->th->math_column_gap * em;
    double row_gap = aligned ? c->th->math_row_gap * em : 0;
    double total = 0;
    for (int r = 0; r < rows; r++) total += rh[r] + rd[r] + (r ? row_gap : 0);
    double axis = K(AXIS_HEIGHT);
    double y = -(total / 2 + axis); /* top edge, y down from the baseline */
    math_box b = {0};
    for (int r = 0; r < rows; r++) {
        y += rh[r] + (r ? row_gap : 0);
        double x = 0;
        for (int k = 0; k < cols; k++) {
            math_box *cell = &cells[(size_t)r * (size_t)cols + (size_t)k];
            double dx;
            if (n->env == MATH_ENV_CASES) dx = 0;
            else if (n->env == MATH_ENV_ALIGNED) dx = k % 2 == 0 ? cw[k] - cell->w : 0;
            else dx = (cw[k] - cell->w) / 2;
            math_box_put(&b, cell, x + dx, y);
            x += cw[k] + (k + 1 < cols ? gap : 0);
        }
        if (x > b.w) b.w = x;
        y += rd[r];
    }
    b.h = total / 2 + axis;
    b.d = total / 2 - axis;
    free(cells);
    free(cw);
    free(rh);
    free(rd);
    static const uint32_t fences[][2] = {
        [MATH_ENV_MATRIX] = {0, 0},         [MATH_ENV_PMATRIX] = {'(', ')'},   [MATH_ENV_BMATRIX] = {'[', ']'},
        [MATH_ENV_BBMATRIX] = {'{', '}'},   [MATH_ENV_VMATRIX] = {'|', '|'},   [MATH_ENV_VVMATRIX] = {0x2016, 0x2016},
        [MATH_ENV_CASES] = {'{', 0},        [MATH_ENV_ALIGNED] = {0, 0},       [MATH_ENV_GATHERED] = {0, 0},
    };
    b.cls = MATH_CLASS_ORD;
    b.accent_x = b.w / 2;
    if (!fences[n->env][0] && !fences[n->env][1]) return b;
    if (n->env == MATH_ENV_CASES) {
        math_box w = math_wrap(c, b, '{', 0, style);
        w.w -= c->th->math_null_delimiter * em; /* no space after the cases */
        return w;
    }
    return math_wrap(c, b, fences[n->env][0], fences[n->env][1], style);
}
