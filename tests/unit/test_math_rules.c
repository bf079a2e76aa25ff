/* math rules: layout outcomes that pandoc+xelatex showed (docs/math-comparison.md) and the
 * later rules of issue 13, asserted from the laid-out boxes (widths, glyph ids, positions). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "math_box.h"
#include "mathparse.h"
#include "test.h"
#include "theme.h"
#include "util.h"

typedef struct mr_env {
    theme th;
    mathfont mf;
    bool ok;
} mr_env;

static void mr_open(mr_env *e)
{
    memset(e, 0, sizeof *e);
    REQUIRE(theme_load_file(&e->th, tu_theme_path()));
    char *theme_dir = util_path_dir(tu_theme_path());
    char *font_dir = util_printf("%s/../fonts/math", theme_dir);
    e->ok = mathfont_open(&e->mf, font_dir);
    free(font_dir);
    free(theme_dir);
    CHECK(e->ok);
}

static void mr_close(mr_env *e)
{
    if (e->ok) mathfont_close(&e->mf);
    theme_free(&e->th);
}

static math_box mr_box(mr_env *e, const char *tex, int style)
{
    math_tree t;
    math_box b = {0};
    CHECK(math_parse(tex, strlen(tex), &t));
    math_ctx c = {.mf = &e->mf, .th = &e->th, .size = 10};
    if (t.root) b = math_layout(&c, t.root, style);
    math_tree_free(&t);
    return b;
}

static double mr_width(mr_env *e, const char *tex, int style)
{
    math_box b = mr_box(e, tex, style);
    double w = b.w;
    math_box_free(&b);
    return w;
}

static const page_glyph *mr_glyph(const math_box *b, const char *text)
{
    for (size_t i = 0; i < b->ng; i++)
        if (!strcmp(b->g[i].text, text)) return &b->g[i];
    return NULL;
}

/* LaTeX's \frac is a group, an ordinary atom: no thin space between "-" and ½ (Inner would have one). */
TEST(math_rule_fraction_is_ordinary)
{
    mr_env e;
    mr_open(&e);
    if (!e.ok) return;
    double sum = mr_width(&e, "a", MATH_STYLE_D) + mr_width(&e, "\\frac{1}{N}", MATH_STYLE_D);
    CHECK_NEAR(mr_width(&e, "a\\frac{1}{N}", MATH_STYLE_D), sum, 0.01);
    mr_close(&e);
}

/* \binom's parentheses replace the null delimiters: the numerator starts where "(" ends. */
TEST(math_rule_binom_no_null_delimiter)
{
    mr_env e;
    mr_open(&e);
    if (!e.ok) return;
    math_box b = mr_box(&e, "\\binom{n}{n}", MATH_STYLE_T);
    const page_glyph *open = mr_glyph(&b, "("), *n = mr_glyph(&b, "n");
    CHECK(open && n);
    if (open && n) {
        double adv, h, d;
        mathfont_extents(&e.mf, open->id, &adv, &h, &d);
        CHECK_NEAR(n->x, open->x + adv * open->size, 0.01);
    }
    math_box_free(&b);
    mr_close(&e);
}

/* amsmath's \iff is \;\Longleftrightarrow\; : a thick space more on each side than a relation has. */
TEST(math_rule_iff_thick_spaces)
{
    mr_env e;
    mr_open(&e);
    if (!e.ok) return;
    double adv, h, d;
    mathfont_extents(&e.mf, mathfont_glyph(&e.mf, 0x27FA), &adv, &h, &d);
    double em = 10 * e.th.math_size, thick = 5.0 / 18 * em;
    double want = mr_width(&e, "p", MATH_STYLE_T) + mr_width(&e, "q", MATH_STYLE_T) + adv * em + 4 * thick;
    CHECK_NEAR(mr_width(&e, "p \\iff q", MATH_STYLE_T), want, 0.01);
    mr_close(&e);
}

/* \middle grows as \left and \right around the same content (the same glyph as \left|). */
TEST(math_rule_middle_grows)
{
    mr_env e;
    mr_open(&e);
    if (!e.ok) return;
    math_box m = mr_box(&e, "\\left( \\frac{\\frac{a}{b}}{c} \\middle| x \\right)", MATH_STYLE_D);
    math_box l = mr_box(&e, "\\left| \\frac{\\frac{a}{b}}{c} x \\right.", MATH_STYLE_D);
    const page_glyph *gm = mr_glyph(&m, "|"), *gl = mr_glyph(&l, "|");
    CHECK(gm && gl);
    if (gm && gl) {
        CHECK(gm->id != mathfont_glyph(&e.mf, '|'));
        CHECK_INT(gm->id, gl->id);
    }
    math_box_free(&m);
    math_box_free(&l);
    mr_close(&e);
}

/* The rules math.sh read from glyph positions before the text layer read "a/b": numerator above
 * denominator and centred on it (y grows downwards). */
TEST(math_rule_fraction_stacks)
{
    mr_env e;
    mr_open(&e);
    if (!e.ok) return;
    math_box b = mr_box(&e, "\\frac{a}{b}", MATH_STYLE_D);
    const page_glyph *a = NULL, *d = NULL;
    for (size_t i = 0; i < b.ng; i++) {
        if (b.g[i].id == mathfont_glyph(&e.mf, 0x1D44E)) a = &b.g[i];
        if (b.g[i].id == mathfont_glyph(&e.mf, 0x1D44F)) d = &b.g[i];
    }
    CHECK(a && d && b.nr == 1 && b.nt == 1);
    if (a && d && b.nr == 1) {
        CHECK(a->y < b.r[0].y && d->y > b.r[0].y);
        CHECK_NEAR(a->x, d->x, 1.0);
    }
    if (b.nt == 1) CHECK_STR(b.t[0].text, "a/b");
    math_box_free(&b);
    mr_close(&e);
}

/* Limits above and below a display ∑, centred on it; beside an inline one. */
TEST(math_rule_limits_placement)
{
    mr_env e;
    mr_open(&e);
    if (!e.ok) return;
    unsigned n_id = mathfont_glyph_script(&e.mf, 0x1D45B, 1), one_id = mathfont_glyph_script(&e.mf, '1', 1);
    for (int display = 1; display >= 0; display--) {
        math_box b = mr_box(&e, "\\sum_{i=1}^{n} q", display ? MATH_STYLE_D : MATH_STYLE_T);
        const page_glyph *n = NULL, *sum = NULL, *one = NULL;
        double tallest = 0;
        for (size_t i = 0; i < b.ng; i++) {
            double adv, h, d;
            mathfont_extents(&e.mf, b.g[i].id, &adv, &h, &d);
            if ((h + d) * b.g[i].size > tallest) tallest = (h + d) * b.g[i].size, sum = &b.g[i]; /* ∑ or its display variant */
            if (b.g[i].id == n_id) n = &b.g[i];
            if (b.g[i].id == one_id) one = &b.g[i];
        }
        CHECK(n && sum && one);
        if (n && sum && one) {
            if (display) {
                CHECK(n->y < sum->y && one->y > sum->y); /* above and below */
                CHECK(n->x > sum->x && one->x > sum->x - 1);
            } else {
                CHECK(n->x > sum->x && one->x > sum->x); /* beside */
                CHECK(n->y < sum->y && one->y > sum->y);
            }
        }
        math_box_free(&b);
    }
    mr_close(&e);
}

/* Script and scriptscript sizes use the font's `ssty` forms (sturdier glyphs drawn for small sizes). */
TEST(math_rule_script_forms)
{
    mr_env e;
    mr_open(&e);
    if (!e.ok) return;
    uint32_t x = 0x1D465; /* math italic x */
    unsigned g0 = mathfont_glyph(&e.mf, x), g1 = mathfont_glyph_script(&e.mf, x, 1), g2 = mathfont_glyph_script(&e.mf, x, 2);
    CHECK(g1 != g0 && g2 != g1 && g2 != g0);
    math_box b = mr_box(&e, "x^{x^{x}}", MATH_STYLE_T);
    CHECK_INT(b.ng, 3);
    if (b.ng == 3) {
        CHECK_INT(b.g[0].id, g0);
        CHECK_INT(b.g[1].id, g1);
        CHECK_INT(b.g[2].id, g2);
    }
    math_box_free(&b);
    mr_close(&e);
}

/* Math kerns (cut-ins) move a script by the font's corner kerns. The bundled font has none, so
 * this runs with Asana Math when Debian's fonts-oflb-asana-math is installed (not a dependency). */
TEST(math_rule_kerning_cut_ins)
{
    const char *dir = "/usr/share/fonts/opentype/asana-math";
    theme th;
    memset(&th, 0, sizeof th);
    REQUIRE(theme_load_file(&th, tu_theme_path()));
    mathfont mf;
    if (!mathfont_open(&mf, dir)) {
        theme_free(&th);
        return;
    }
    math_ctx c = {.mf = &mf, .th = &th, .size = 10};
    math_tree t;
    CHECK(math_parse("\\mathrm{A}_1", 12, &t));
    math_box b = math_layout(&c, t.root, MATH_STYLE_T);
    double adv, h, d;
    mathfont_extents(&mf, mathfont_glyph(&mf, 'A'), &adv, &h, &d);
    /* A's bottom-right corner kern is positive (its foot reaches out): the subscript moves right of A's advance. */
    CHECK(b.ng == 2 && b.g[1].x > adv * 10 + 1);
    CHECK_NEAR(b.g[1].x, adv * 10 + mathfont_kern(&mf, mathfont_glyph(&mf, 'A'), HB_OT_MATH_KERN_BOTTOM_RIGHT, 0) * 10, 0.5);
    math_box_free(&b);
    math_tree_free(&t);
    mathfont_close(&mf);
    theme_free(&th);
}

/* An inline formula may break after a top-level relation or binary operator only: not inside a
 * fraction or group, not before another relation or punctuation, not after the last atom. */
TEST(math_rule_inline_break_points)
{
    mr_env e;
    mr_open(&e);
    if (!e.ok) return;
    const char *tex = "\\frac{a=b}{c} = d + {e = f} - g, h \\le\\ge k =";
    math_tree t;
    CHECK(math_parse(tex, strlen(tex), &t));
    math_ctx c = {.mf = &e.mf, .th = &e.th, .size = 10};
    math_breaks brk = {0};
    math_box b = math_layout_breaks(&c, t.root, MATH_STYLE_T, &brk);
    /* after "=", "+", "-" and "\ge"; not inside \frac or {e = f}, not between \le and \ge, not after the last "=" */
    CHECK_INT(brk.n, 4);
    if (brk.n == 4) {
        CHECK(brk.v[0].rel && !brk.v[1].rel && !brk.v[2].rel && brk.v[3].rel);
        CHECK(!strncmp(tex + brk.v[0].pos, "d +", 3));
        size_t group = (size_t)(strstr(tex, "{e") - tex);
        CHECK(brk.v[1].pos == group || brk.v[1].pos == group + 1); /* the group, at its brace or first atom */
        CHECK(!strncmp(tex + brk.v[3].pos, "k", 1));
        for (size_t i = 0; i < brk.n; i++) CHECK(brk.v[i].x_next >= brk.v[i].x_end && brk.v[i].x_end > 0);
    }
    free(brk.v);
    math_box_free(&b);
    math_tree_free(&t);
    mr_close(&e);
}

/* A lone character in braces is that character (TeX §1186): \hat{y} takes y's accent attachment and
 * {x}^2 its script positions, as \hat y and x^2 do. */
TEST(math_rule_braced_character)
{
    mr_env e;
    mr_open(&e);
    if (!e.ok) return;
    const char *pairs[][2] = {{"\\hat{y}", "\\hat y"}, {"{x}^2", "x^2"}, {"\\mathbb{R}^n", "\\mathbb R^n"}};
    for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++) {
        math_box a = mr_box(&e, pairs[k][0], MATH_STYLE_T), b = mr_box(&e, pairs[k][1], MATH_STYLE_T);
        CHECK_INT(a.ng, b.ng);
        for (size_t i = 0; i < a.ng && i < b.ng; i++) {
            CHECK_NEAR(a.g[i].x, b.g[i].x, 0.001);
            CHECK_NEAR(a.g[i].y, b.g[i].y, 0.001);
        }
        math_box_free(&a);
        math_box_free(&b);
    }
    mr_close(&e);
}
