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

static const linebreak_params params = {
    .line_width = 40, .tolerance = 3, .line_penalty = 10, .flagged_demerits = 3000, .fitness_demerits = 10000};

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

/* A paragraph of words with a hyphenation point each, in widths from a fixed sequence; hyphen
 * breaks cost `pen` (negative: wanted). Spaces are 2 wide and stretch and shrink by 1. */
static void hyphenated_words(para *p, int words, double pen)
{
    unsigned x = 12345;
    for (int i = 0; i < words; i++) {
        x = x * 1103515245u + 12345u;
        double a = 3 + (x >> 16) % 9, b = 3 + (x >> 8) % 9;
        if (i) add(p, (linebreak_item){LINEBREAK_GLUE, 2, 1, 1, 0, false});
        word(p, a);
        add(p, (linebreak_item){LINEBREAK_PENALTY, 1, 0, 0, pen, true});
        word(p, b);
    }
    finish(p);
}

static int longest_hyphen_run(const para *p, const size_t *br, size_t n)
{
    int run = 0, best = 0;
    for (size_t k = 0; k + 1 < n; k++) {
        run = p->v[br[k]].type == LINEBREAK_PENALTY && p->v[br[k]].flagged ? run + 1 : 0;
        if (run > best) best = run;
    }
    return best;
}

TEST(linebreak_hyphen_limit_bounds_hyphens_in_a_row)
{
    para p = {0};
    hyphenated_words(&p, 40, -100); /* hyphens are wanted: without a limit they come in runs */
    linebreak_params prm = params;
    prm.flagged_demerits = 0;
    prm.tolerance = 10; /* loose enough that a line may end without a hyphen */
    size_t *br = NULL;
    size_t n = linebreak_total_fit(p.v, p.n, &prm, &br);
    REQUIRE(n > 5);
    CHECK(longest_hyphen_run(&p, br, n) >= 3);
    free(br);
    for (int limit = 1; limit <= 2; limit++) {
        prm.hyphen_limit = limit;
        n = linebreak_total_fit(p.v, p.n, &prm, &br);
        REQUIRE(n > 5);
        CHECK(longest_hyphen_run(&p, br, n) <= limit);
        free(br);
    }
}

TEST(linebreak_final_hyphen_demerits_keep_the_hyphen_off_the_second_to_last_line)
{
    para p = {0};
    hyphenated_words(&p, 10, -100);
    linebreak_params prm = params;
    prm.tolerance = 10;
    size_t *br = NULL;
    size_t n = linebreak_total_fit(p.v, p.n, &prm, &br);
    REQUIRE(n >= 3);
    CHECK(p.v[br[n - 2]].type == LINEBREAK_PENALTY); /* wanted hyphens: the last break is one too */
    free(br);
    prm.final_hyphen_demerits = 1e9;
    n = linebreak_total_fit(p.v, p.n, &prm, &br);
    REQUIRE(n >= 3);
    CHECK(p.v[br[n - 2]].type == LINEBREAK_GLUE);
    free(br);
}

/* Ten words of 10 with spaces of 2 that stretch by 6: three words a line (34 of 40) leave one
 * word on the last line; two-word lines (22, ratio 3) can take it. */
static void ten_words(para *p)
{
    for (int i = 0; i < 10; i++) {
        if (i) add(p, (linebreak_item){LINEBREAK_GLUE, 2, 6, 0, 0, false});
        word(p, 10);
    }
    finish(p);
}

static size_t words_on_last_line(const para *p, const size_t *br, size_t n)
{
    size_t words = 0;
    for (size_t i = n >= 2 ? br[n - 2] : 0; i < br[n - 1]; i++) words += p->v[i].type == LINEBREAK_BOX;
    return words;
}

TEST(linebreak_short_last_line_demerits_avoid_a_one_word_last_line)
{
    para p = {0};
    ten_words(&p);
    linebreak_params prm = params;
    size_t *br = NULL;
    size_t n = linebreak_total_fit(p.v, p.n, &prm, &br);
    REQUIRE(n == 4);
    CHECK_INT(words_on_last_line(&p, br, n), 1);
    free(br);
    prm.short_last_demerits = 1e8; /* more than two lines at ratio 3 cost */
    n = linebreak_total_fit(p.v, p.n, &prm, &br);
    REQUIRE(n == 4);
    CHECK(words_on_last_line(&p, br, n) >= 2);
    free(br);
}

TEST(linebreak_spaces_shrink_to_take_one_more_word)
{
    /* Three words of 12 and two spaces of 2 make 40 on a line of 39: they fit only by shrinking. */
    para p = {0};
    for (int i = 0; i < 9; i++) {
        if (i) add(&p, (linebreak_item){LINEBREAK_GLUE, 2, 1, 1, 0, false});
        word(&p, 12);
    }
    finish(&p);
    linebreak_params prm = params;
    prm.line_width = 39;
    size_t *br = NULL;
    size_t n = linebreak_total_fit(p.v, p.n, &prm, &br);
    CHECK_INT(n, 3);
    free(br);
    for (size_t i = 0; i < p.n; i++) p.v[i].shrink = 0;
    prm.tolerance = 20; /* two words a line: 26 of 39 */
    n = linebreak_total_fit(p.v, p.n, &prm, &br);
    CHECK_INT(n, 5);
    free(br);
}

/* The breaker's memory kept from paragraph to paragraph (a long one, then shorter ones that
 * reuse what it left) chooses what fresh memory chooses. */
TEST(linebreak_reused_scratch_chooses_the_same_breaks)
{
    linebreak_scratch scr = {0};
    static const int counts[] = {60, 7, 31, 2, 45};
    for (size_t k = 0; k < sizeof counts / sizeof *counts; k++) {
        para p = {0};
        for (int i = 0; i < counts[k]; i++) {
            if (i) add(&p, (linebreak_item){LINEBREAK_GLUE, 2, 4, 1, 0, false});
            word(&p, 4 + (i * 7) % 11);
        }
        finish(&p);
        size_t *fresh = NULL, *reused = NULL;
        size_t n = linebreak_total_fit(p.v, p.n, &params, &fresh);
        size_t m = linebreak_total_fit_in(&scr, p.v, p.n, &params, &reused);
        REQUIRE(n > 0);
        CHECK_INT(m, n);
        for (size_t i = 0; i < n && i < m; i++) CHECK_INT(reused[i], fresh[i]);
        free(fresh);
        free(reused);
    }
    linebreak_scratch_free(&scr);
}
