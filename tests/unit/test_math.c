/* math: the TeX math parser (trees, errors with offsets, bounds), GitHub's `$` rules in the
 * cmark-gfm extension, and golden dumps of laid-out math boxes (tests/golden/math/NAME.txt;
 * `make golden-math` rewrites them after a deliberate layout change). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "math_box.h"
#include "mathparse.h"
#include "mathsrc.h"
#include "source.h"
#include "test.h"
#include "theme.h"
#include "util.h"

static char *dump_of(const char *tex)
{
    math_tree t;
    char *out = NULL;
    if (math_parse(tex, strlen(tex), &t)) math_tree_dump(t.root, 0, &out);
    else out = util_printf("error at %zu: %s", t.error_pos, t.error);
    math_tree_free(&t);
    return out;
}

static bool parse_error(const char *tex, size_t *pos, char **msg)
{
    math_tree t;
    bool ok = math_parse(tex, strlen(tex), &t);
    *pos = t.error_pos;
    *msg = t.error ? util_xstrdup(t.error) : NULL;
    math_tree_free(&t);
    return !ok;
}

TEST(math_parse_fraction_and_scripts)
{
    char *d = dump_of("\\frac{a}{b} + x_i^2");
    CHECK(tu_contains(d, "frac"));
    CHECK(tu_contains(d, "scripts"));
    /* a is the math italic a, U+1D44E; + is binary (class 2) */
    CHECK(tu_contains(d, "sym U+1D44E"));
    CHECK(tu_contains(d, "sym U+002B class=2"));
    free(d);
}

TEST(math_parse_commands)
{
    char *d = dump_of("\\sum_{i=1}^{n} \\alpha \\le \\sqrt[3]{x} \\mathbb{R} \\text{if } \\operatorname{softmax}");
    CHECK(tu_contains(d, "sym U+2211 class=1"));  /* ∑ is an operator */
    CHECK(tu_contains(d, "sym U+1D6FC"));         /* italic α */
    CHECK(tu_contains(d, "sym U+2264 class=3"));  /* ≤ is a relation */
    CHECK(tu_contains(d, "sqrt"));
    CHECK(tu_contains(d, "sym U+211D"));          /* ℝ from the Letterlike block */
    CHECK(tu_contains(d, "text \"if \""));
    CHECK(tu_contains(d, "text \"softmax\" class=1"));
    free(d);
}

TEST(math_parse_environments_and_fences)
{
    char *d = dump_of("\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix} \\left( x \\right]");
    CHECK(tu_contains(d, "array 2x2 env=1"));
    CHECK(tu_contains(d, "fenced U+0028 U+005D"));
    free(d);
    d = dump_of("\\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\\\ \\end{cases}");
    CHECK(tu_contains(d, "array 2x2 env=6")); /* the trailing \\ adds no row */
    free(d);
    d = dump_of("\\begin{bmatrix} a \\\\ [b] \\\\[2pt] c \\end{bmatrix}"); /* a row may start with '[' */
    CHECK(tu_contains(d, "array 3x1 env=2"));
    free(d);
    d = dump_of("a &= b \\\\ c &= d"); /* top-level & and \\: an aligned formula */
    CHECK(tu_contains(d, "array 2x2 env=7"));
    free(d);
}

TEST(math_parse_tag_and_primes)
{
    math_tree t;
    CHECK(math_parse("E = mc^2 \\tag{3a}", 17, &t));
    CHECK_STR(t.tag, "3a");
    math_tree_free(&t);
    char *d = dump_of("f''(x)");
    CHECK(tu_contains(d, "sym U+2032")); /* the prime glyph follows its base */
    CHECK(!tu_contains(d, "scripts"));
    free(d);
}

TEST(math_parse_errors_have_offsets)
{
    size_t pos;
    char *msg;
    CHECK(parse_error("a + \\foo{x}", &pos, &msg));
    CHECK_INT(pos, 4);
    CHECK(tu_contains(msg, "unknown math command '\\foo'"));
    free(msg);
    CHECK(parse_error("\\frac{a}{b", &pos, &msg));
    CHECK_INT(pos, 8);
    CHECK(tu_contains(msg, "unbalanced braces"));
    free(msg);
    CHECK(parse_error("x}", &pos, &msg));
    CHECK_INT(pos, 1);
    CHECK(tu_contains(msg, "'}' without a matching '{'"));
    free(msg);
    CHECK(parse_error("\\left( x", &pos, &msg));
    CHECK_INT(pos, 0);
    CHECK(tu_contains(msg, "'\\left' without a matching '\\right'"));
    free(msg);
    CHECK(parse_error("x \\right)", &pos, &msg));
    CHECK(tu_contains(msg, "'\\right' without a matching '\\left'"));
    free(msg);
    CHECK(parse_error("\\begin{foo} x \\end{foo}", &pos, &msg));
    CHECK(tu_contains(msg, "unknown environment 'foo'"));
    free(msg);
    CHECK(parse_error("x^2^3", &pos, &msg));
    CHECK(tu_contains(msg, "double superscript"));
    free(msg);
    CHECK(parse_error("\\frac{a}", &pos, &msg));
    CHECK(tu_contains(msg, "needs an argument"));
    free(msg);
}

TEST(math_parse_bounds)
{
    size_t pos;
    char *msg;
    util_buf b = {0};
    for (int i = 0; i < 200; i++) util_buf_addc(&b, '{');
    for (int i = 0; i < 200; i++) util_buf_addc(&b, '}');
    CHECK(parse_error(b.s, &pos, &msg));
    CHECK(tu_contains(msg, "nested more than"));
    free(msg);
    util_buf_free(&b);
    for (int i = 0; i < MATH_MAX_BYTES; i++) util_buf_addc(&b, 'x');
    util_buf_addc(&b, 'x');
    CHECK(parse_error(b.s, &pos, &msg));
    CHECK(tu_contains(msg, "longer than"));
    free(msg);
    util_buf_free(&b);
}

/* GitHub's rules, through the cmark-gfm extension: which `$` opens math. */
static int count_math(const char *md, int *display, char **first)
{
    char *path = tu_write("math/ch.md", md);
    source_chapter ch;
    source_load(&ch, path, "ch.md");
    mathsrc_index(&ch);
    int n = 0;
    *display = 0;
    *first = NULL;
    cmark_iter *it = cmark_iter_new(ch.doc);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node *node = cmark_iter_get_node(it);
        const mathext_data *d = mathext_get(node);
        if (ev != CMARK_EVENT_ENTER || !d) continue;
        if (!n) *first = util_xstrdup(d->tex);
        n++;
        *display += d->display;
    }
    cmark_iter_free(it);
    source_free(&ch);
    free(path);
    return n;
}

TEST(math_dollar_rules)
{
    int disp;
    char *first;
    CHECK_INT(count_math("Prices $5 and $10 stay text.\n", &disp, &first), 0);
    free(first);
    CHECK_INT(count_math("A $ 20 sign and $x $ too.\n", &disp, &first), 0);
    free(first);
    CHECK_INT(count_math("Math $x^2$ and $y$, then $$\\frac{a}{b}$$ here.\n", &disp, &first), 3);
    CHECK_INT(disp, 1);
    CHECK_STR(first, "x^2");
    free(first);
    CHECK_INT(count_math("Code-span math $`a_1 * b_2`$.\n", &disp, &first), 1);
    CHECK_STR(first, "a_1 * b_2");
    free(first);
    CHECK_INT(count_math("Escaped \\$x$ is text.\n", &disp, &first), 0);
    free(first);
    CHECK_INT(count_math("No emphasis inside $a_1 b_2$.\n", &disp, &first), 1);
    CHECK_STR(first, "a_1 b_2");
    free(first);
}

TEST(math_display_split_and_label)
{
    char *path = tu_write("math/eq.md", "Before\n$$\nx = 1\n$$ {#eq-one}\nafter.\n");
    source_chapter ch;
    source_load(&ch, path, "eq.md");
    mathsrc_index(&ch);
    /* Three paragraphs: text, the formula alone, text. */
    int paras = 0, alone = 0;
    for (cmark_node *n = cmark_node_first_child(ch.doc); n; n = cmark_node_next(n)) {
        paras++;
        if (mathsrc_display_para(n)) alone++;
    }
    CHECK_INT(paras, 3);
    CHECK_INT(alone, 1);
    CHECK_INT(ch.n_captions, 1);
    CHECK(ch.n_captions == 1 && ch.captions[0].equation && ch.captions[0].id && !strcmp(ch.captions[0].id, "eq-one"));
    CHECK(source_has_id(&ch, "eq-one"));
    source_free(&ch);
    free(path);
}

TEST(math_error_position_in_file)
{
    char *path = tu_write("math/err.md", "---\ntitle: T\n---\n\nSome text $a + \\bad$ and\n\n```math\nx = 1\ny = \\frac{1}{\n```\n");
    source_chapter ch;
    source_load(&ch, path, "err.md");
    mathsrc_index(&ch);
    CHECK_DIAG("err.md", 5, 16, "unknown math command '\\bad'");
    CHECK_DIAG("err.md", 9, 13, "unbalanced braces");
    source_free(&ch);
    free(path);
}

/* ---- golden dumps of laid-out boxes ---- */

static char *golden_dir(void)
{
    char *theme_dir = util_path_dir(tu_theme_path());
    char *dir = util_printf("%s/../tests/golden/math", theme_dir);
    free(theme_dir);
    return dir;
}

static void golden(const char *name, const char *tex, int style)
{
    theme th;
    memset(&th, 0, sizeof th);
    REQUIRE(theme_load_file(&th, tu_theme_path()));
    char *theme_dir = util_path_dir(tu_theme_path());
    char *font_dir = util_printf("%s/../fonts/math", theme_dir);
    mathfont mf;
    bool have = mathfont_open(&mf, font_dir);
    free(font_dir);
    free(theme_dir);
    CHECK(have);
    if (!have) {
        theme_free(&th);
        return;
    }
    math_tree t;
    CHECK(math_parse(tex, strlen(tex), &t));
    math_ctx c = {.mf = &mf, .th = &th, .size = 10};
    math_box b = math_layout(&c, t.root, style);
    char *got = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&got, &len);
    fprintf(f, "tex %s\nstyle %s\n", tex, style == MATH_STYLE_D ? "display" : "text");
    math_box_dump(&b, f);
    fclose(f);
    char *dir = golden_dir();
    char *path = util_printf("%s/%s.txt", dir, name);
    if (getenv("MLSD_GOLDEN_REGEN")) {
        FILE *o = fopen(path, "w");
        CHECK(o != NULL);
        if (o) {
            fputs(got, o);
            fclose(o);
        }
    }
    char *want = NULL;
    size_t wlen = 0;
    if (util_read_file(path, 1 << 20, &want, &wlen) != UTIL_READ_OK) tu_fail(__FILE__, __LINE__, "no golden file %s (make golden-math)", path);
    else CHECK_STR(got, want);
    free(want);
    free(path);
    free(dir);
    free(got);
    math_box_free(&b);
    math_tree_free(&t);
    mathfont_close(&mf);
    theme_free(&th);
}

TEST(math_golden_boxes)
{
    golden("frac-display", "\\frac{a+b}{c}", MATH_STYLE_D);
    golden("frac-text", "\\frac{a+b}{c}", MATH_STYLE_T);
    golden("scripts", "x_i^2 + e^{-x}", MATH_STYLE_T);
    golden("limits-display", "\\sum_{i=1}^{n} x_i", MATH_STYLE_D);
    golden("limits-text", "\\sum_{i=1}^{n} x_i", MATH_STYLE_T);
    golden("sqrt", "\\sqrt{x^2 + 1} + \\sqrt[3]{y}", MATH_STYLE_D);
    golden("left-right", "\\left( \\frac{\\frac{a}{b}}{c} \\right)", MATH_STYLE_D);
    golden("accents", "\\hat{y} + \\bar{x} + \\vec{v} + \\widehat{xyz}", MATH_STYLE_T);
    golden("pmatrix", "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}", MATH_STYLE_D);
    golden("cases", "f(x) = \\begin{cases} x & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}", MATH_STYLE_D);
    golden("spacing", "a+b=c, \\; \\log x \\le -y", MATH_STYLE_T);
    /* the font's ssty forms in script and scriptscript style */
    golden("script-forms", "x^{x^{x}} + 2^{2^{2}} + \\alpha_{\\alpha_{\\alpha}}", MATH_STYLE_T);
    /* math kerns (none in TeX Gyre Schola Math: the positions without cut-ins) */
    golden("kerning", "\\mathrm{A}_1 + \\mathrm{L}^1 + V^2 + f_i + P_{1}^{2}", MATH_STYLE_T);
}
