/* bookindex: marker syntax, sort keys and order, letter groups, page-range merging. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "bookindex.h"
#include "test.h"
#include "util.h"

static void ix_init(bookindex *ix) { memset(ix, 0, sizeof *ix); }

TEST(bookindex_parse_forms)
{
    bookindex ix;
    ix_init(&ix);
    CHECK_INT(bookindex_parse(&ix, " feature store ", "a.md", 3, 5), 1);
    CHECK_INT(bookindex_parse(&ix, "metrics!NDCG", "a.md", 4, 1), 1);
    CHECK_INT(bookindex_parse(&ix, "KV store | see feature store", "a.md", 5, 1), 1);
    CHECK_INT(bookindex_parse(&ix, "online store | see also  feature\n store", "a.md", 6, 1), 1);
    CHECK_INT(bookindex_parse(&ix, "two-tower model (", "a.md", 7, 1), 1);
    CHECK_INT(bookindex_parse(&ix, "two-tower model )", "a.md", 8, 1), 1);
    CHECK_INT(bookindex_parse(&ix, "NDCG; metrics ! NDCG@10", "a.md", 9, 1), 2);
    CHECK_INT(bookindex_parse(&ix, "Approximate search (ANN)", "a.md", 10, 1), 1);
    REQUIRE(ix.n == 9);
    CHECK_STR(ix.marks[0].term, "feature store");
    CHECK(ix.marks[0].sub == NULL && ix.marks[0].see == NULL && ix.marks[0].range == BOOKINDEX_POINT);
    CHECK_STR(ix.marks[1].term, "metrics");
    CHECK_STR(ix.marks[1].sub, "NDCG");
    CHECK_STR(ix.marks[2].see, "feature store");
    CHECK(!ix.marks[2].see_also);
    CHECK_STR(ix.marks[3].see, "feature store");
    CHECK(ix.marks[3].see_also);
    CHECK_INT(ix.marks[4].range, BOOKINDEX_OPEN);
    CHECK_STR(ix.marks[4].term, "two-tower model");
    CHECK_INT(ix.marks[5].range, BOOKINDEX_CLOSE);
    CHECK_STR(ix.marks[7].sub, "NDCG@10");
    /* A closing parenthesis that belongs to the term is not a range. */
    CHECK_STR(ix.marks[8].term, "Approximate search (ANN)");
    CHECK_INT(ix.marks[8].range, BOOKINDEX_POINT);
    CHECK_INT(ix.marks[8].line, 10);
    bookindex_free(&ix);
}

TEST(bookindex_parse_errors)
{
    bookindex ix;
    ix_init(&ix);
    CHECK_INT(bookindex_parse(&ix, "  ", "a.md", 2, 7), 0);
    CHECK_DIAG("a.md", 2, 7, "empty term");
    CHECK_INT(bookindex_parse(&ix, "a!b!c", "a.md", 3, 1), 0);
    CHECK_DIAG("a.md", 3, 1, "more than one '!'");
    CHECK_INT(bookindex_parse(&ix, "x | sea y", "a.md", 4, 1), 0);
    CHECK_DIAG("a.md", 4, 1, "expected 'see' or 'see also'");
    CHECK_INT(bookindex_parse(&ix, "x!", "a.md", 5, 1), 0);
    CHECK_DIAG("a.md", 5, 1, "empty sub-entry");
    char *longterm = util_xmalloc(BOOKINDEX_MAX_TERM + 2);
    memset(longterm, 'x', BOOKINDEX_MAX_TERM + 1);
    longterm[BOOKINDEX_MAX_TERM + 1] = '\0';
    CHECK_INT(bookindex_parse(&ix, longterm, "a.md", 6, 1), 0);
    CHECK_DIAG("a.md", 6, 1, "the limit is 200");
    free(longterm);
    CHECK_INT(bookindex_parse(&ix, "x ( | see y", "a.md", 7, 1), 1);
    CHECK_DIAG("a.md", 7, 1, "has no page range");
    CHECK_INT(ix.n, 1);
    bookindex_free(&ix);
}

TEST(bookindex_parse_bounded)
{
    bookindex ix;
    ix_init(&ix);
    for (int i = 0; i < BOOKINDEX_MAX_MARKS + 5; i++) bookindex_parse(&ix, "t", "a.md", i + 1, 1);
    CHECK_INT(ix.n, BOOKINDEX_MAX_MARKS);
    CHECK_DIAG("a.md", BOOKINDEX_MAX_MARKS + 1, 1, "more than 10000 index entries");
    bookindex_free(&ix);
}

TEST(bookindex_sort_keys)
{
    char *k = bookindex_sort_key("Élan  Vital");
    CHECK_STR(k, "elan vital");
    free(k);
    k = bookindex_sort_key("A/B test");
    CHECK_STR(k, "a b test");
    free(k);
    k = bookindex_sort_key("(ANN)");
    CHECK_STR(k, "ann");
    free(k);
    /* Case and accents do not decide the order; word by word ("A/B test" before "Adam"). */
    CHECK(bookindex_compare("apple", "Banana") < 0);
    CHECK(bookindex_compare("Élan", "embedding") < 0);
    CHECK(bookindex_compare("embedding", "Élan") > 0);
    CHECK(bookindex_compare("A/B test", "Adam") < 0);
    CHECK(bookindex_compare("KV cache", "k-means") > 0);
    CHECK(bookindex_compare("95th percentile", "Adam") < 0);
    CHECK(bookindex_compare("NDCG", "NDCG") == 0);
    CHECK(bookindex_compare("ndcg", "NDCG") != 0); /* same key: then as written, so the order is total */
}

TEST(bookindex_letters)
{
    char *l = bookindex_letter("élan");
    CHECK_STR(l, "E");
    free(l);
    l = bookindex_letter("zebra");
    CHECK_STR(l, "Z");
    free(l);
    l = bookindex_letter("95th percentile");
    CHECK_STR(l, "");
    free(l);
    l = bookindex_letter("\"quoted\"");
    CHECK_STR(l, "Q");
    free(l);
}

TEST(bookindex_merge_ranges)
{
    bookindex_loc v[] = {
        {43, 43, "d43", "d43"}, {41, 41, "d41", "d41"}, {42, 42, "d42", "d42"}, {41, 41, "d41b", "d41b"},
        {50, 53, "o50", "c53"}, {52, 52, "d52", "d52"},  {54, 54, "d54", "d54"}, {60, 60, "d60", "d60"},
    };
    size_t n = bookindex_merge(v, sizeof v / sizeof *v);
    REQUIRE(n == 3);
    CHECK_INT(v[0].first, 41);
    CHECK_INT(v[0].last, 43);
    CHECK_STR(v[0].dest_last, "d43");
    CHECK_INT(v[1].first, 50);
    CHECK_INT(v[1].last, 54);
    CHECK_STR(v[1].dest_first, "o50");
    CHECK_STR(v[1].dest_last, "d54");
    CHECK_INT(v[2].first, 60);
    CHECK_INT(v[2].last, 60);
    CHECK_INT(bookindex_merge(v, 0), 0);
    bookindex_loc one = {7, 7, "a", "a"};
    CHECK_INT(bookindex_merge(&one, 1), 1);
}
