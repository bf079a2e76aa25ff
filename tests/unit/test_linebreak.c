/* Unit tests for linebreak.c: Knuth–Plass total-fit line breaking. */
#include <stdlib.h>

#include "linebreak.h"
#include "test.h"

typedef struct para {
    linebreak_item v[256];
    size_t n;
} para;

static void add(para *p, linebreak_item it) { p->v[p->n++] = it; }
static void word(para *p, double w) { add(p, (linebreak_item){LINEBREAK_BOX, w, 0, 0, 0, false}); }
static void space(para *p) { add(p, (linebreak_item){LINEBREAK_GLUE, 2, 1, 0, 0, false}); }
static void finish(para *p)
{
    add(p, (linebreak_item){LINEBREAK_GLUE, 0, LINEBREAK_INFINITY, 0, 0, false});
    add(p, (linebreak_item){LINEBREAK_PENALTY, 0, 0, 0, -LINEBREAK_INFINITY, false});
}

static const linebreak_params params = {40, 3, 10, 3000, 10000};

/* Natural width of the line that ends at break b after break a (exclusive of glue at the break). */
static double line_width(const para *p, size_t from, size_t to)
{
    double w = 0;
    for (size_t i = from; i < to; i++)
        if (p->v[i].type != LINEBREAK_PENALTY) w += p->v[i].width;
    return w;
}

TEST(linebreak_lines_never_exceed_the_width)
{
    para p = {0};
    for (int i = 0; i < 10; i++) {
        if (i) space(&p);
        word(&p, 10);
    }
    finish(&p);
    size_t *br = NULL;
    size_t n = linebreak_total_fit(p.v, p.n, &params, &br);
    REQUIRE(n > 0);
    /* Three words (34) fit in 40, four (46) do not: 10 words need 4 lines. */
    CHECK_INT(n, 4);
    CHECK_INT(br[n - 1], p.n - 1);
    size_t from = 0;
    for (size_t k = 0; k < n; k++) {
        CHECK(line_width(&p, from, br[k]) <= 40);
        from = br[k] + 1;
    }
    free(br);
}

TEST(linebreak_balances_lines_where_greedy_would_not)
{
    /* Widths 18 18 | 18 2 2 2 2 2 …: greedy fills 40 with two words and leaves a ragged
     * rest; total fit must give every line (but the last) a ratio within the tolerance. */
    para p = {0};
    double widths[] = {12, 12, 12, 12, 12, 12, 12, 12, 12};
    for (size_t i = 0; i < sizeof widths / sizeof *widths; i++) {
        if (i) space(&p);
        word(&p, widths[i]);
    }
    finish(&p);
    size_t *br = NULL;
    size_t n = linebreak_total_fit(p.v, p.n, &params, &br);
    REQUIRE(n == 3);
    size_t from = 0;
    for (size_t k = 0; k + 1 < n; k++) {
        double w = line_width(&p, from, br[k]);
        CHECK(w <= 40 && (40 - w) / 2 <= params.tolerance); /* two glues of stretch 1 per line */
        from = br[k] + 1;
    }
    free(br);
}

TEST(linebreak_impossible_paragraph_returns_zero)
{
    para p = {0};
    word(&p, 10);
    space(&p);
    word(&p, 55); /* wider than the line */
    finish(&p);
    size_t *br = NULL;
    CHECK_INT(linebreak_total_fit(p.v, p.n, &params, &br), 0);
    CHECK(br == NULL);
}

TEST(linebreak_prefers_a_space_to_a_hyphen)
{
    /* "aaaa bbbb-cccc dddd": a break at the space and one at the hyphen fit equally;
     * the hyphen's penalty makes the space win. */
    para p = {0};
    word(&p, 18);
    space(&p);
    word(&p, 9);
    add(&p, (linebreak_item){LINEBREAK_PENALTY, 1, 0, 0, 50, true});
    word(&p, 9);
    space(&p);
    word(&p, 18);
    finish(&p);
    linebreak_params loose = params;
    loose.tolerance = 20;
    size_t *br = NULL;
    size_t n = linebreak_total_fit(p.v, p.n, &loose, &br);
    REQUIRE(n >= 2);
    CHECK(p.v[br[0]].type == LINEBREAK_GLUE);
    free(br);
}

TEST(linebreak_forced_break_ends_a_line)
{
    para p = {0};
    word(&p, 5);
    add(&p, (linebreak_item){LINEBREAK_PENALTY, 0, 0, 0, -LINEBREAK_INFINITY, false});
    word(&p, 5);
    finish(&p);
    size_t *br = NULL;
    size_t n = linebreak_total_fit(p.v, p.n, &params, &br);
    REQUIRE(n == 2);
    CHECK_INT(br[0], 1);
    free(br);
}
