/* math_layout — rows, spacing, scripts, limits, fractions and accents (TeX's appendix G
 * rules, with the OpenType MATH constants of the font in place of TeX's font parameters). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "math_box.h"
#include "util.h"

#define K(k) math_k(c, style, HB_OT_MATH_CONSTANT_##k)
#define MATH_MU_PER_EM 18.0

static int math_level(int style) { return style & ~1; }
static bool math_cramped(int style) { return style & 1; }
static int math_sup_style(int style) { return (math_level(style) <= MATH_STYLE_T ? MATH_STYLE_S : MATH_STYLE_SS) | (style & 1); }
static int math_sub_style(int style) { return math_sup_style(style) | 1; }
static int math_num_style(int style)
{
    int l = math_level(style);
    return (l == MATH_STYLE_D ? MATH_STYLE_T : l == MATH_STYLE_T ? MATH_STYLE_S : MATH_STYLE_SS) | (style & 1);
}

double math_em(const math_ctx *c, int style)
{
    double em = c->size * c->th->math_size;
    if (math_level(style) == MATH_STYLE_S) em *= mathfont_constant(c->mf, HB_OT_MATH_CONSTANT_SCRIPT_PERCENT_SCALE_DOWN) / 100;
    if (math_level(style) == MATH_STYLE_SS)
        em *= mathfont_constant(c->mf, HB_OT_MATH_CONSTANT_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN) / 100;
    return em;
}

double math_k(const math_ctx *c, int style, hb_ot_math_constant_t k) { return mathfont_constant(c->mf, k) * math_em(c, style); }

/* One glyph appended at the pen (b->w). */
void math_glyph_box(math_ctx *c, math_box *b, unsigned glyph, const char *text, int style)
{
    double em = math_em(c, style), adv, h, d;
    mathfont_extents(c->mf, glyph, &adv, &h, &d);
    math_add_glyph(b, glyph, text, em, b->w, 0);
    b->accent_x = b->w + mathfont_accent_x(c->mf, glyph) * em;
    b->w += adv * em;
    if (h * em > b->h) b->h = h * em;
    if (d * em > b->d) b->d = d * em;
    b->italic = mathfont_italic(c->mf, glyph) * em;
}

/* A character's glyph; in script and scriptscript style the font's `ssty` form of it. */
static unsigned math_glyph_of(math_ctx *c, uint32_t cp, uint32_t fallback, int style)
{
    int level = math_level(style) == MATH_STYLE_S ? 1 : math_level(style) == MATH_STYLE_SS ? 2 : 0;
    unsigned g = mathfont_glyph_script(c->mf, cp, level);
    if (!g && fallback) g = mathfont_glyph_script(c->mf, fallback, level);
    if (!g) {
        c->warned++;
        g = mathfont_glyph(c->mf, '?');
    }
    return g;
}

static void math_utf8(uint32_t cp, char out[8])
{
    int n = g_unichar_to_utf8(cp, out);
    out[n] = 0;
}

static math_box math_sym_box(math_ctx *c, const math_node *n, int style)
{
    math_box b = {0};
    char text[8];
    math_utf8(n->cp2 ? n->cp2 : n->cp, text);
    unsigned g = math_glyph_of(c, n->cp, n->cp2, style);
    if (n->flags & MATH_F_LARGEOP) {
        if (math_level(style) == MATH_STYLE_D) { /* the display size: the first variant tall enough */
            unsigned gs[16];
            double adv[16];
            unsigned k = mathfont_variants(c->mf, g, true, gs, adv, 16);
            double min = K(DISPLAY_OPERATOR_MIN_HEIGHT) / math_em(c, style);
            for (unsigned i = 0; i < k; i++)
                if (adv[i] >= min || i == k - 1) {
                    g = gs[i];
                    if (adv[i] >= min) break;
                }
        }
        math_glyph_box(c, &b, g, text, style);
        /* Centred on the math axis. */
        double shift = (b.h - b.d) / 2 - K(AXIS_HEIGHT);
        for (size_t i = 0; i < b.ng; i++) b.g[i].y += shift;
        b.h -= shift;
        b.d += shift;
    } else {
        math_glyph_box(c, &b, g, text, style);
    }
    b.single = true;
    b.cls = n->cls;
    return b;
}

static math_box math_text(math_ctx *c, const math_node *n, int style)
{
    math_box b = {0};
    for (const char *p = n->text; *p; p = g_utf8_next_char(p)) {
        gunichar ch = g_utf8_get_char(p);
        char text[8];
        math_utf8(ch, text);
        unsigned g = math_glyph_of(c, ch == 0xA0 ? ' ' : ch, 0, style);
        math_glyph_box(c, &b, g, text, style);
    }
    b.italic = 0;
    b.accent_x = b.w / 2;
    b.single = g_utf8_strlen(n->text, -1) == 1;
    b.cls = n->cls;
    return b;
}

/* TeX's spacing between atoms (The TeXbook, ch. 18): 0 none, 1 thin, 2 thin (not in scripts),
 * 3 medium (not in scripts), 4 thick (not in scripts). */
static double math_atom_space(const math_ctx *c, math_class l, math_class r, int style)
{
    static const unsigned char table[8][8] = {
        /*          ord op bin rel open close punct inner */
        /* ord */   {0, 1, 3, 4, 0, 0, 0, 2},
        /* op */    {1, 1, 0, 4, 0, 0, 0, 2},
        /* bin */   {3, 3, 0, 0, 3, 0, 0, 3},
        /* rel */   {4, 4, 0, 0, 4, 0, 0, 4},
        /* open */  {0, 0, 0, 0, 0, 0, 0, 0},
        /* close */ {0, 1, 3, 4, 0, 0, 0, 2},
        /* punct */ {2, 2, 0, 2, 2, 2, 2, 2},
        /* inner */ {2, 1, 3, 4, 2, 0, 2, 2},
    };
    static const double mu[] = {0, 3, 3, 4, 5};
    int k = table[l][r];
    if (k >= 2 && math_level(style) >= MATH_STYLE_S) return 0;
    return mu[k] * math_em(c, style) / MATH_MU_PER_EM;
}

static math_box math_node_box(math_ctx *c, const math_node *n, int style);

static math_box math_row_breaks(math_ctx *c, const math_node *n, int style, math_breaks *brk);
static math_box math_row(math_ctx *c, const math_node *n, int style) { return math_row_breaks(c, n, style, NULL); }

static math_box math_row_breaks(math_ctx *c, const math_node *n, int style, math_breaks *brk)
{
    math_box b = {0};
    size_t k = n->n_kids;
    if (!k) return b;
    math_class *cls = util_xcalloc(k, sizeof *cls);
    math_box *kids = util_xcalloc(k, sizeof *kids);
    bool middle = false;
    for (size_t i = 0; i < k; i++) {
        middle = middle || (n->kids[i]->flags & MATH_F_MIDDLE);
        kids[i] = math_node_box(c, n->kids[i], style);
        cls[i] = kids[i].cls;
    }
    if (middle) { /* \middle grows as \left and \right do around the rest of the row (rule 19) */
        double h = 0, d = 0;
        for (size_t i = 0; i < k; i++)
            if (!(n->kids[i]->flags & MATH_F_MIDDLE)) {
                if (kids[i].h > h) h = kids[i].h;
                if (kids[i].d > d) d = kids[i].d;
            }
        for (size_t i = 0; i < k; i++)
            if (n->kids[i]->flags & MATH_F_MIDDLE) {
                math_box_free(&kids[i]);
                kids[i] = math_delimiter(c, n->kids[i]->cp, math_delim_target(c, h, d, style), style);
                kids[i].cls = cls[i];
            }
    }
    /* A binary operator with nothing to combine is ordinary (rules 5 and 6). */
    int prev = -1;
    for (size_t i = 0; i < k; i++) {
        if (n->kids[i]->kind == MATH_SPACE) continue;
        if (cls[i] == MATH_CLASS_BIN &&
            (prev < 0 || cls[prev] == MATH_CLASS_BIN || cls[prev] == MATH_CLASS_OP || cls[prev] == MATH_CLASS_REL ||
             cls[prev] == MATH_CLASS_OPEN || cls[prev] == MATH_CLASS_PUNCT))
            cls[i] = MATH_CLASS_ORD;
        if (prev >= 0 && cls[prev] == MATH_CLASS_BIN &&
            (cls[i] == MATH_CLASS_REL || cls[i] == MATH_CLASS_CLOSE || cls[i] == MATH_CLASS_PUNCT))
            cls[prev] = MATH_CLASS_ORD;
        prev = (int)i;
    }
    if (prev >= 0 && cls[prev] == MATH_CLASS_BIN) cls[prev] = MATH_CLASS_ORD;
    prev = -1;
    bool open_break = false; /* a break recorded after the previous atom waits for where the next starts */
    bool single = false;
    for (size_t i = 0; i < k; i++) {
        bool space = n->kids[i]->kind == MATH_SPACE;
        if (!space && prev >= 0) b.w += math_atom_space(c, cls[prev], cls[i], style);
        double x = b.w;
        if (open_break && !space) {
            if (cls[i] == MATH_CLASS_REL || cls[i] == MATH_CLASS_PUNCT || cls[i] == MATH_CLASS_CLOSE) {
                brk->n--; /* not before another relation, punctuation or a closing delimiter */
            } else {
                brk->v[brk->n - 1].x_next = x;
                brk->v[brk->n - 1].pos = n->kids[i]->pos;
            }
            open_break = false;
        }
        if (brk && !space && i + 1 < k && (cls[i] == MATH_CLASS_REL || cls[i] == MATH_CLASS_BIN)) {
            math_break *e = UTIL_PUSH(brk->v, brk->n, brk->cap);
            *e = (math_break){x + kids[i].w, 0, cls[i] == MATH_CLASS_REL, 0};
            open_break = true;
        }
        b.w += kids[i].w;
        if (kids[i].h > b.h) b.h = kids[i].h;
        if (kids[i].d > b.d) b.d = kids[i].d;
        b.italic = kids[i].italic;
        single = kids[i].single; /* read before the kid's box is moved (and cleared) */
        b.accent_x = x + kids[i].accent_x;
        math_box_put(&b, &kids[i], x, 0);
        if (!space) prev = (int)i;
    }
    if (open_break) brk->n--; /* only spaces after it */
    b.single = k == 1 && single; /* {x} is x (TeX strips the braces of a lone character, §1186) */
    b.cls = k == 1 ? cls[0] : n->cls; /* a group is ordinary; \iff's row is a relation */
    if (k != 1) b.accent_x = b.w / 2;
    free(cls);
    free(kids);
    return b;
}

/* Limits above and below an operator (rule 13a). */
static math_box math_limits(math_ctx *c, math_box base, const math_node *sub, const math_node *sup, int style)
{
    math_box b = {0}, up = {0}, dn = {0};
    if (sup) up = math_node_box(c, sup, math_sup_style(style));
    if (sub) dn = math_node_box(c, sub, math_sub_style(style));
    double w = base.w;
    if (up.w > w) w = up.w;
    if (dn.w > w) w = dn.w;
    double delta = base.italic;
    b.w = w;
    b.h = base.h;
    b.d = base.d;
    if (sup) {
        double shift = base.h + up.d + K(UPPER_LIMIT_GAP_MIN);
        if (shift < base.h + K(UPPER_LIMIT_BASELINE_RISE_MIN)) shift = base.h + K(UPPER_LIMIT_BASELINE_RISE_MIN);
        b.h = shift + up.h;
        math_box_put(&b, &up, (w - up.w) / 2 + delta / 2, -shift);
    }
    if (sub) {
        double shift = base.d + dn.h + K(LOWER_LIMIT_GAP_MIN);
        if (shift < base.d + K(LOWER_LIMIT_BASELINE_DROP_MIN)) shift = base.d + K(LOWER_LIMIT_BASELINE_DROP_MIN);
        b.d = shift + dn.d;
        math_box_put(&b, &dn, (w - dn.w) / 2 - delta / 2, shift);
    }
    math_box_put(&b, &base, (w - base.w) / 2, 0);
    b.cls = MATH_CLASS_OP;
    b.accent_x = w / 2;
    return b;
}

/* The math kern between a base and its script (OpenType MathKernInfo, the "cut-ins" of a
 * glyph's corners): at the two heights where they meet — the script's edge near the base
 * and the base's edge near the script — the sum of the base's corner kern and the script's
 * opposite corner kern; the larger (less negative) of the two. shift: the script's baseline
 * above the base's (negative below). 0 unless both are one glyph each (\mathrm{A} too) and the
 * font kerns them (TeX Gyre Schola Math has no MathKernInfo; Asana Math and STIX Two do). */
static double math_kern(math_ctx *c, const math_box *base, const math_box *script, double shift, bool sup,
                        int style, int script_style)
{
    if (base->ng != 1 || base->nr || script->ng != 1 || script->nr) return 0;
    double em = math_em(c, style), sem = math_em(c, script_style);
    unsigned bg = base->g[0].id, sg = script->g[0].id;
    hb_ot_math_kern_t bc = sup ? HB_OT_MATH_KERN_TOP_RIGHT : HB_OT_MATH_KERN_BOTTOM_RIGHT;
    hb_ot_math_kern_t sc = sup ? HB_OT_MATH_KERN_BOTTOM_LEFT : HB_OT_MATH_KERN_TOP_LEFT;
    double heights[2] = {sup ? shift - script->d : shift + script->h, sup ? base->h : -base->d};
    double best = 0;
    for (int i = 0; i < 2; i++) {
        double k = mathfont_kern(c->mf, bg, bc, heights[i] / em) * em +
                   mathfont_kern(c->mf, sg, sc, (heights[i] - shift) / sem) * sem;
        if (i == 0 || k > best) best = k;
    }
    return best;
}

/* Sub- and superscripts (rules 18a–f). */
static math_box math_scripts(math_ctx *c, const math_node *n, int style)
{
    math_box base = math_node_box(c, n->a, style);
    bool limits = (n->a->flags & MATH_F_LIMITS) && !(n->a->flags & MATH_F_NOLIMITS) &&
                  (math_level(style) == MATH_STYLE_D || (n->a->flags & MATH_F_FORCELIMITS));
    if (limits) {
        math_box b = math_limits(c, base, n->b, n->c, style);
        math_text_group(c, &b, n, 0, style); /* reads "∑_(i=1)^n" */
        return b;
    }
    int sst = math_sup_style(style);
    math_box sup = {0}, sub = {0};
    if (n->c) sup = math_node_box(c, n->c, sst);
    if (n->b) sub = math_node_box(c, n->b, math_sub_style(style));
    double u = 0, v = 0;
    if (!base.single) {
        u = base.h - math_k(c, sst, HB_OT_MATH_CONSTANT_SUPERSCRIPT_BASELINE_DROP_MAX);
        v = base.d + math_k(c, sst, HB_OT_MATH_CONSTANT_SUBSCRIPT_BASELINE_DROP_MIN);
    }
    if (n->c) {
        double up = math_cramped(style) ? K(SUPERSCRIPT_SHIFT_UP_CRAMPED) : K(SUPERSCRIPT_SHIFT_UP);
        if (u < up) u = up;
        if (u < sup.d + K(SUPERSCRIPT_BOTTOM_MIN)) u = sup.d + K(SUPERSCRIPT_BOTTOM_MIN);
    }
    if (n->b) {
        if (v < K(SUBSCRIPT_SHIFT_DOWN)) v = K(SUBSCRIPT_SHIFT_DOWN);
        if (!n->c && v < sub.h - K(SUBSCRIPT_TOP_MAX)) v = sub.h - K(SUBSCRIPT_TOP_MAX);
    }
    if (n->b && n->c) {
        double gap = (u - sup.d) - (sub.h - v);
        if (gap < K(SUB_SUPERSCRIPT_GAP_MIN)) {
            v += K(SUB_SUPERSCRIPT_GAP_MIN) - gap;
            double lift = K(SUPERSCRIPT_BOTTOM_MAX_WITH_SUBSCRIPT) - (u - sup.d);
            if (lift > 0) {
                u += lift;
                v -= lift;
            }
        }
    }
    bool large = n->a->flags & MATH_F_LARGEOP;
    double italic = base.italic;
    math_box b = {0};
    b.w = base.w;
    b.h = base.h;
    b.d = base.d;
    b.cls = base.cls;
    double sup_x = base.w + (large ? 0 : italic), sub_x = base.w - (large ? italic : 0);
    if (n->c) sup_x += math_kern(c, &base, &sup, u, true, style, sst);
    if (n->b) sub_x += math_kern(c, &base, &sub, -v, false, style, math_sub_style(style));
    math_box_put(&b, &base, 0, 0);
    double end = b.w;
    if (n->c) {
        if (u + sup.h > b.h) b.h = u + sup.h;
        if (sup_x + sup.w > end) end = sup_x + sup.w;
        math_box_put(&b, &sup, sup_x, -u);
    }
    if (n->b) {
        if (v + sub.d > b.d) b.d = v + sub.d;
        if (sub_x + sub.w > end) end = sub_x + sub.w;
        math_box_put(&b, &sub, sub_x, v);
    }
    b.w = end + K(SPACE_AFTER_SCRIPT);
    b.accent_x = b.w / 2;
    math_text_group(c, &b, n, 0, style); /* reads "x^2", "x_(i+1)" */
    return b;
}

/* Fractions and \binom (rules 15a–e). */
static math_box math_fraction(math_ctx *c, const math_node *n, int style)
{
    if (n->style >= 0) style = n->style * 2;
    bool display = math_level(style) == MATH_STYLE_D;
    math_box num = math_node_box(c, n->a, math_num_style(style));
    math_box den = math_node_box(c, n->b, math_num_style(style) | 1);
    double axis = K(AXIS_HEIGHT), t = K(FRACTION_RULE_THICKNESS), u, v;
    if (n->mu > 0) {
        u = display ? K(FRACTION_NUMERATOR_DISPLAY_STYLE_SHIFT_UP) : K(FRACTION_NUMERATOR_SHIFT_UP);
        v = display ? K(FRACTION_DENOMINATOR_DISPLAY_STYLE_SHIFT_DOWN) : K(FRACTION_DENOMINATOR_SHIFT_DOWN);
        double ng = display ? K(FRACTION_NUM_DISPLAY_STYLE_GAP_MIN) : K(FRACTION_NUMERATOR_GAP_MIN);
        double dg = display ? K(FRACTION_DENOM_DISPLAY_STYLE_GAP_MIN) : K(FRACTION_DENOMINATOR_GAP_MIN);
        if ((u - num.d) - (axis + t / 2) < ng) u = ng + axis + t / 2 + num.d;
        if ((axis - t / 2) - (den.h - v) < dg) v = dg - axis + t / 2 + den.h;
    } else {
        u = display ? K(STACK_TOP_DISPLAY_STYLE_SHIFT_UP) : K(STACK_TOP_SHIFT_UP);
        v = display ? K(STACK_BOTTOM_DISPLAY_STYLE_SHIFT_DOWN) : K(STACK_BOTTOM_SHIFT_DOWN);
        double min = display ? K(STACK_DISPLAY_STYLE_GAP_MIN) : K(STACK_GAP_MIN);
        double gap = (u - num.d) - (den.h - v);
        if (gap < min) {
            u += (min - gap) / 2;
            v += (min - gap) / 2;
        }
    }
    /* The null delimiters either side; \binom's parentheses take their place. */
    double pad = n->cp ? 0 : c->th->math_null_delimiter * math_em(c, style);
    double w = num.w > den.w ? num.w : den.w;
    math_box b = {0};
    b.w = w + 2 * pad;
    b.h = u + num.h;
    b.d = v + den.d;
    if (n->mu > 0) math_add_rule(&b, pad, -(axis + t / 2), w, t);
    math_box_put(&b, &num, pad + (w - num.w) / 2, -u);
    math_box_put(&b, &den, pad + (w - den.w) / 2, v);
    if (n->mu > 0 && !n->cp) math_text_group(c, &b, n, pad, style); /* reads "a/b" */
    b.cls = MATH_CLASS_ORD; /* LaTeX's \frac is a group {…\over…}: ordinary, not inner */
    b.accent_x = b.w / 2;
    if (!n->cp) return b;
    /* \binom: delimiters as tall as the stack. */
    double target = 2 * (b.h - axis > b.d + axis ? b.h - axis : b.d + axis);
    math_box l = math_delimiter(c, n->cp, target, style), r = math_delimiter(c, n->cp2, target, style);
    math_box out = {0};
    out.h = b.h > l.h ? b.h : l.h;
    out.d = b.d > l.d ? b.d : l.d;
    double lw = l.w, bw = b.w;
    math_box_put(&out, &l, 0, 0);
    math_box_put(&out, &b, lw, 0);
    out.w = lw + bw;
    if (r.h > out.h) out.h = r.h;
    if (r.d > out.d) out.d = r.d;
    double rw = r.w;
    math_box_put(&out, &r, out.w, 0);
    out.w += rw;
    out.cls = MATH_CLASS_ORD;
    out.accent_x = out.w / 2;
    return out;
}

/* Accents (rule 12): centred on the base's attachment point, raised over a tall base. */
static math_box math_accent(math_ctx *c, const math_node *n, int style)
{
    math_box base = math_node_box(c, n->a, style | 1);
    math_box acc;
    unsigned g = math_glyph_of(c, n->cp, 0, style);
    double acc_x;
    if (n->flags & MATH_F_WIDE) {
        acc = math_stretch_h(c, n->cp, base.w, style);
        acc_x = acc.w / 2;
    } else {
        acc = (math_box){0};
        math_glyph_box(c, &acc, g, "", style);
        acc_x = mathfont_accent_x(c->mf, g) * math_em(c, style);
    }
    if (acc.ng) math_utf8(n->cp, acc.g[0].text); /* reads as the combining accent after its base */
    double base_x = base.single ? base.accent_x : base.w / 2;
    double delta = base.h < K(ACCENT_BASE_HEIGHT) ? base.h : K(ACCENT_BASE_HEIGHT);
    math_box b = {0};
    b.w = base.w;
    b.d = base.d;
    b.h = base.h;
    b.italic = base.italic;
    b.cls = base.cls;
    b.single = base.single;
    b.accent_x = base.accent_x;
    double lift = base.h - delta;
    if (lift + acc.h > b.h) b.h = lift + acc.h;
    math_box_put(&b, &base, 0, 0);
    math_box_put(&b, &acc, base_x - acc_x, -lift);
    return b;
}

static math_box math_overline(math_ctx *c, const math_node *n, int style)
{
    bool under = n->cp == 1;
    math_box base = math_node_box(c, n->a, under ? style : style | 1);
    math_box b = {0};
    b.w = base.w;
    b.h = base.h;
    b.d = base.d;
    b.cls = MATH_CLASS_ORD;
    b.accent_x = base.w / 2;
    if (under) {
        double t = K(UNDERBAR_RULE_THICKNESS), gap = K(UNDERBAR_VERTICAL_GAP);
        math_add_rule(&b, 0, base.d + gap, base.w, t);
        b.d = base.d + gap + t + K(UNDERBAR_EXTRA_DESCENDER);
    } else {
        double t = K(OVERBAR_RULE_THICKNESS), gap = K(OVERBAR_VERTICAL_GAP);
        math_add_rule(&b, 0, -(base.h + gap + t), base.w, t);
        b.h = base.h + gap + t + K(OVERBAR_EXTRA_ASCENDER);
    }
    math_box_put(&b, &base, 0, 0);
    return b;
}

static math_box math_underover(math_ctx *c, const math_node *n, int style)
{
    math_box base = math_node_box(c, n->b, style);
    math_class cls = base.cls;
    math_box b = n->cp == 1 ? math_limits(c, base, n->a, NULL, style) : math_limits(c, base, NULL, n->a, style);
    b.cls = n->cls ? n->cls : cls;
    return b;
}

/* \big( … \Bigg): delimiters around an empty box as tall as plain TeX makes it (8.5, 11.5, 14.5
 * and 17.5 pt at 10 pt), in ems. */
static math_box math_big(math_ctx *c, const math_node *n, int style)
{
    static const double sizes[] = {0, 0.85, 1.15, 1.45, 1.75};
    int k = n->style >= 1 && n->style <= 4 ? n->style : 1;
    math_box b = math_delimiter(c, n->cp, math_delim_target(c, sizes[k] * math_em(c, style), 0, style), style);
    b.cls = n->cls;
    return b;
}

static math_box math_node_box(math_ctx *c, const math_node *n, int style)
{
    math_box b = {0};
    if (!n) return b;
    switch (n->kind) {
    case MATH_ROW: return math_row(c, n, style);
    case MATH_SYM: return math_sym_box(c, n, style);
    case MATH_TEXT: return math_text(c, n, math_level(style) == MATH_STYLE_D ? MATH_STYLE_T | (style & 1) : style);
    case MATH_FRAC: return math_fraction(c, n, style);
    case MATH_SQRT: return math_radical(c, n, style);
    case MATH_SCRIPTS: return math_scripts(c, n, style);
    case MATH_FENCED: return math_fenced(c, n, style);
    case MATH_ACCENT: return math_accent(c, n, style);
    case MATH_OVERLINE: return math_overline(c, n, style);
    case MATH_SPACE: b.w = n->mu * math_em(c, style) / MATH_MU_PER_EM; return b;
    case MATH_ARRAY: return math_array(c, n, style);
    case MATH_BIGDELIM: return math_big(c, n, style);
    case MATH_STYLE: return math_node_box(c, n->a, n->style * 2);
    case MATH_UNDEROVER: return math_underover(c, n, style);
    }
    return b;
}

math_box math_layout(math_ctx *c, const math_node *n, int style) { return math_node_box(c, n, style); }

math_box math_layout_breaks(math_ctx *c, const math_node *n, int style, math_breaks *out)
{
    if (n && n->kind == MATH_ROW) return math_row_breaks(c, n, style, out);
    return math_node_box(c, n, style);
}

