/* pdf_png_parse: which PNGs are embedded as they are, and their data. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_png.h"
#include "test.h"
#include "util.h"

static void test_png_chunk(util_buf *b, const char *type, const void *data, uint32_t n)
{
    unsigned char len[4] = {n >> 24, n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF};
    util_buf_add(b, (const char *)len, 4);
    util_buf_add(b, type, 4);
    util_buf_add(b, data, n);
    util_buf_add(b, "\0\0\0\0", 4); /* CRCs are not checked (cairo's decoder did) */
}

/* A 3×2 PNG of colour type ctype and bit depth depth; extra: a chunk put before the
 * data (NULL: none); the data (fake: only passed on) in two IDAT chunks. */
static util_buf test_png(int ctype, int depth, int interlace, const char *extra, uint32_t extra_len)
{
    util_buf b = {0};
    util_buf_add(&b, "\x89PNG\r\n\x1a\n", 8);
    unsigned char ihdr[13] = {0, 0, 0, 3, 0, 0, 0, 2, (unsigned char)depth, (unsigned char)ctype, 0, 0, (unsigned char)interlace};
    test_png_chunk(&b, "IHDR", ihdr, 13);
    if (ctype == 3) test_png_chunk(&b, "PLTE", "\xff\x00\x00\x00\xff\x00", 6);
    if (extra) test_png_chunk(&b, extra, "\0\0\0\0\0\0", extra_len);
    test_png_chunk(&b, "IDAT", "abc", 3);
    test_png_chunk(&b, "tEXt", "k\0v", 3);
    test_png_chunk(&b, "IDAT", "de", 2);
    test_png_chunk(&b, "IEND", "", 0);
    return b;
}

TEST(pdf_png_parse_kinds)
{
    static const struct { int ctype, depth; bool ok; int colors; } cases[] = {
        {0, 1, true, 1}, {0, 2, true, 1}, {0, 4, true, 1}, {0, 8, true, 1}, {0, 16, false, 0},
        {2, 8, true, 3}, {2, 16, false, 0}, {3, 1, true, 1}, {3, 2, true, 1}, {3, 4, true, 1},
        {3, 8, true, 1}, {4, 8, false, 0}, {6, 8, false, 0}, {0, 3, false, 0}, {2, 4, false, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        util_buf b = test_png(cases[i].ctype, cases[i].depth, 0, NULL, 0);
        pdf_png_info info;
        bool ok = pdf_png_parse((const unsigned char *)b.s, b.len, &info);
        if (ok != cases[i].ok) tu_fail(__FILE__, __LINE__, "case %zu: colour type %d, depth %d", i, cases[i].ctype, cases[i].depth);
        if (ok) {
            CHECK_INT(info.width, 3);
            CHECK_INT(info.height, 2);
            CHECK_INT(info.depth, cases[i].depth);
            CHECK_INT(info.colors, cases[i].colors);
            CHECK(info.palette == (cases[i].ctype == 3));
            CHECK_INT(info.n_plte, cases[i].ctype == 3 ? 2 : 0);
            /* both IDAT chunks, in order, nothing of the chunk between them */
            CHECK_INT(info.idat_len, 5);
            CHECK(info.idat && !memcmp(info.idat, "abcde", 5));
        } else {
            CHECK(info.idat == NULL);
        }
        free(info.idat);
        util_buf_free(&b);
    }
}

TEST(pdf_png_parse_refusals)
{
    pdf_png_info info;
    /* interlaced, transparency, a palette image without a palette */
    util_buf b = test_png(2, 8, 1, NULL, 0);
    CHECK(!pdf_png_parse((const unsigned char *)b.s, b.len, &info));
    util_buf_free(&b);
    b = test_png(2, 8, 0, "tRNS", 6);
    CHECK(!pdf_png_parse((const unsigned char *)b.s, b.len, &info));
    util_buf_free(&b);
    b = test_png(3, 8, 0, "tRNS", 1);
    CHECK(!pdf_png_parse((const unsigned char *)b.s, b.len, &info));
    util_buf_free(&b);
    /* truncated anywhere: refused, never read past the end */
    b = test_png(2, 8, 0, NULL, 0);
    for (size_t n = 0; n < b.len; n++) {
        unsigned char *copy = util_xmalloc(n + 1);
        memcpy(copy, b.s, n);
        if (pdf_png_parse(copy, n, &info)) tu_fail(__FILE__, __LINE__, "accepted %zu of %zu bytes", n, b.len);
        free(copy);
    }
    /* a chunk length past the end */
    b.s[8 + 12 + 13 + 3] = 0x7F;
    CHECK(!pdf_png_parse((const unsigned char *)b.s, b.len, &info));
    util_buf_free(&b);
    /* not a PNG */
    CHECK(!pdf_png_parse((const unsigned char *)"GIF89a", 6, &info));
}
