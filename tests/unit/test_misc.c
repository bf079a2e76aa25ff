/* Small helpers of the later stages, and the diagnostics counters. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "diag.h"
#include "layout.h"
#include "number.h"
#include "paginate.h"
#include "pdf.h"
#include "test.h"
#include "util.h"

TEST(misc_number_roman)
{
    static const struct { int n; const char *s; } cases[] = {
        {1, "i"}, {2, "ii"}, {3, "iii"}, {4, "iv"}, {5, "v"}, {9, "ix"}, {14, "xiv"}, {40, "xl"},
        {49, "xlix"}, {90, "xc"}, {400, "cd"}, {944, "cmxliv"}, {1994, "mcmxciv"}, {3999, "mmmcmxcix"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *s = number_roman(cases[i].n, false);
        CHECK_STR(s, cases[i].s);
        free(s);
    }
    /* Below 1 is clamped to 1. */
    char *s = number_roman(0, false);
    CHECK_STR(s, "i");
    free(s);
    s = number_roman(-7, false);
    CHECK_STR(s, "i");
    free(s);
    /* Part numbers are upper case; above 3999 is clamped (no unbounded string). */
    s = number_roman(14, true);
    CHECK_STR(s, "XIV");
    free(s);
    s = number_roman(1000000, true);
    CHECK_STR(s, "MMMCMXCIX");
    free(s);
}

static bool dest_safe(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' ||
              *s == '_' || *s == '.'))
            return false;
    return true;
}

TEST(misc_layout_dest_name)
{
    char *s = layout_dest_name("02-clarify", "");
    CHECK_STR(s, "c.02-clarify");
    free(s);
    s = layout_dest_name("02-clarify", NULL);
    CHECK_STR(s, "c.02-clarify");
    free(s);
    s = layout_dest_name("02-clarify", "setup-1");
    CHECK_STR(s, "c.02-clarify.setup-1");
    free(s);
    s = layout_dest_name("a b", "it's");
    CHECK_STR(s, "c.a_20b.it_27s");
    free(s);
    s = layout_dest_name("ch", "caf\xc3\xa9");
    CHECK_STR(s, "c.ch.caf_c3_a9");
    CHECK(dest_safe(s));
    free(s);
    s = layout_dest_name("x\\y", "sec.2_1");
    CHECK_STR(s, "c.x_5cy.sec_2e2_5f1");
    CHECK(dest_safe(s));
    free(s);
}

TEST(misc_layout_dest_name_distinct)
{
    /* Different (chapter, id) pairs never share a name. */
    static const char *pairs[][2] = {
        {"a.b", ""}, {"a", "b"}, {"a_2eb", ""}, {"a", "b_"}, {"a", "b_5f"}, {"a-b", ""}, {"a", "-b"},
    };
    enum { N = sizeof pairs / sizeof *pairs };
    char *names[N];
    for (size_t i = 0; i < N; i++) names[i] = layout_dest_name(pairs[i][0], pairs[i][1]);
    for (size_t i = 0; i < N; i++)
        for (size_t j = i + 1; j < N; j++)
            if (!strcmp(names[i], names[j]))
                tu_fail(__FILE__, __LINE__, "(%s, %s) and (%s, %s) both give %s", pairs[i][0], pairs[i][1], pairs[j][0],
                        pairs[j][1], names[i]);
    for (size_t i = 0; i < N; i++) free(names[i]);
}

TEST(misc_pdf_uri_escape)
{
    /* Nothing that could end a cairo attribute (' \\) or a PDF string (( ) \\) survives. */
    static const struct { const char *in, *out; } cases[] = {
        {"https://example.com/a?b=1&c=2#x", "https://example.com/a?b=1&c=2#x"},
        {"it's", "it%27s"},
        {"a\\b", "a%5Cb"},
        {"http://x/a) /S /JavaScript (", "http://x/a%29%20/S%20/JavaScript%20%28"},
        {"caf\xc3\xa9", "caf%C3%A9"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *s = pdf_uri_escape(cases[i].in);
        CHECK_STR(s, cases[i].out);
        free(s);
    }
}

TEST(misc_pdf_dest_name)
{
    static const struct { const char *in, *out; } cases[] = {
        {"c.ch1.intro-2_x", "c.ch1.intro-2_x"},
        {"a'b\\c", "a%27b%5Cc"},
        {"50%", "50%25"}, /* '%' itself is encoded, so names stay distinct */
        {"(x)", "%28x%29"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *s = pdf_dest_name(cases[i].in);
        CHECK_STR(s, cases[i].out);
        free(s);
    }
}

TEST(misc_book_slugify)
{
    static const struct { const char *in, *out; } cases[] = {
        {"Machine Learning: A Guide!", "machine-learning-a-guide"},
        {"  --Hello,   World--  ", "hello-world"},
        {"C3PO & R2D2", "c3po-r2d2"},
        {"v2.0", "v2-0"},
        {"", "book"},
        {"!!! ???", "book"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *s = book_slugify(cases[i].in);
        CHECK_STR(s, cases[i].out);
        free(s);
    }
    /* Whatever the input, the slug is safe in a file name. */
    char *s = book_slugify("\xc3\x9c" "ber/../Caf\xc3\xa9 \"x\"");
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            tu_fail(__FILE__, __LINE__, "unsafe character 0x%02x in slug \"%s\"", (unsigned char)*p, s);
    CHECK(s[0] && s[0] != '-' && s[strlen(s) - 1] != '-');
    free(s);
}

TEST(misc_diag_counting)
{
    CHECK_INT(diag_errors(), 0);
    CHECK_INT(diag_warnings(), 0);
    diag_error("a.md", 3, 7, "bad %s", "thing");
    diag_warning("b.md", 4, 0, "meh");
    diag_report(DIAG_NOTE, NULL, -2, -3, "fyi");
    diag_report_hint(DIAG_ERROR, "c.md", 1, 2, "try this", "worse %d", 2);
    CHECK_INT(diag_errors(), 2);
    CHECK_INT(diag_warnings(), 1);
    size_t n = 0;
    const diag_entry *e = diag_entries(&n);
    REQUIRE(n == 4);
    CHECK_INT(e[0].level, DIAG_ERROR);
    CHECK_STR(e[0].path, "a.md");
    CHECK_INT(e[0].line, 3);
    CHECK_INT(e[0].col, 7);
    CHECK_STR(e[0].message, "bad thing");
    CHECK(e[0].hint == NULL);
    CHECK_INT(e[1].level, DIAG_WARNING);
    CHECK_INT(e[1].col, 0);
    CHECK_INT(e[2].level, DIAG_NOTE);
    CHECK_STR(e[2].path, "mlsd-guide");
    CHECK_INT(e[2].line, 0); /* negative positions become "unknown" */
    CHECK_INT(e[2].col, 0);
    CHECK_STR(e[3].hint, "try this");
    CHECK_STR(e[3].message, "worse 2");
    diag_reset();
    CHECK_INT(diag_errors(), 0);
    CHECK_INT(diag_warnings(), 0);
    diag_entries(&n);
    CHECK_INT(n, 0);
}

TEST(misc_diag_werror)
{
    CHECK(!diag_werror());
    diag_set_werror(true);
    CHECK(diag_werror());
    diag_warning("w.md", 1, 1, "now an error");
    CHECK_INT(diag_errors(), 1);
    CHECK_INT(diag_warnings(), 0);
    size_t n = 0;
    const diag_entry *e = diag_entries(&n);
    REQUIRE(n == 1);
    CHECK_INT(e[0].level, DIAG_ERROR);
    diag_report(DIAG_NOTE, "w.md", 1, 1, "notes stay notes");
    CHECK_INT(diag_errors(), 1);
    e = diag_entries(&n);
    REQUIRE(n == 2);
    CHECK_INT(e[1].level, DIAG_NOTE);
    diag_set_werror(false);
    diag_warning("w.md", 2, 1, "a warning again");
    CHECK_INT(diag_warnings(), 1);
    CHECK_INT(diag_errors(), 1);
}

TEST(misc_diag_summary)
{
    char *s = diag_summary();
    CHECK_STR(s, "0 errors, 0 warnings");
    free(s);
    diag_error(NULL, 0, 0, "e1");
    diag_warning(NULL, 0, 0, "w1");
    s = diag_summary();
    CHECK_STR(s, "1 error, 1 warning");
    free(s);
    diag_error(NULL, 0, 0, "e2");
    diag_warning(NULL, 0, 0, "w2");
    diag_warning(NULL, 0, 0, "w3");
    s = diag_summary();
    CHECK_STR(s, "2 errors, 3 warnings");
    free(s);
}

TEST(misc_diag_output_format)
{
    /* Printed form, checked through a temporary file. */
    char *path = tu_tmp_path("diag.txt");
    FILE *f = fopen(path, "w+");
    REQUIRE(f);
    diag_init(f, false);
    diag_set_silent(false);
    diag_error("x.md", 3, 4, "broken");
    diag_report_hint(DIAG_WARNING, "y.md", 5, 0, "do this", "odd");
    diag_report(DIAG_NOTE, NULL, 0, 0, "note");
    diag_set_silent(true);
    diag_error("z.md", 1, 1, "silent");
    fflush(f);
    rewind(f);
    char buf[512] = {0};
    size_t got = fread(buf, 1, sizeof buf - 1, f);
    buf[got] = '\0';
    fclose(f);
    diag_init(NULL, false);
    diag_set_silent(true);
    CHECK_STR(buf, "x.md:3:4: error: broken\ny.md:5: warning: odd\n  hint: do this\nmlsd-guide: note: note\n");
    free(path);
}
