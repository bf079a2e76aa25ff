/* theme: colours, the base theme file, overrides, papers and callouts. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "test.h"
#include "theme.h"
#include "util.h"

TEST(theme_parse_color_good)
{
    theme_color c = {-1, -1, -1};
    CHECK(theme_parse_color("#ff0080", &c));
    CHECK_NEAR(c.r, 1.0, 1e-12);
    CHECK_NEAR(c.g, 0.0, 1e-12);
    CHECK_NEAR(c.b, 128 / 255.0, 1e-12);
    CHECK(theme_parse_color("#1A2b3C", &c));
    CHECK_NEAR(c.r, 0x1a / 255.0, 1e-12);
    CHECK_NEAR(c.g, 0x2b / 255.0, 1e-12);
    CHECK_NEAR(c.b, 0x3c / 255.0, 1e-12);
    CHECK(theme_parse_color("#000000", &c));
    CHECK_NEAR(c.r + c.g + c.b, 0, 1e-12);
}

TEST(theme_parse_color_bad)
{
    theme_color c = {0.5, 0.5, 0.5};
    CHECK(!theme_parse_color("#fff", &c));
    CHECK(!theme_parse_color("ff0080", &c));
    CHECK(!theme_parse_color("#ff008", &c));
    CHECK(!theme_parse_color("#ff00800", &c));
    CHECK(!theme_parse_color("#gg0080", &c));
    CHECK(!theme_parse_color("#ff 080", &c));
    CHECK(!theme_parse_color("#-10080", &c));
    CHECK(!theme_parse_color("", &c));
    CHECK(!theme_parse_color(NULL, &c));
    CHECK(!theme_parse_color("red", &c));
    CHECK_NEAR(c.r, 0.5, 0); /* untouched */
}

TEST(theme_load_template)
{
    theme t;
    CHECK(theme_load_file(&t, tu_theme_path()));
    CHECK_INT(diag_errors(), 0);
    CHECK_STR(t.font_body, "Charis SIL");
    CHECK_STR(t.font_heading, "Lato");
    CHECK_STR(t.font_mono, "JetBrains Mono");
    CHECK_NEAR(t.text_leading, 1.38, 1e-9);
    CHECK(t.text_justify);
    CHECK_NEAR(t.h1_size, 1.75, 1e-9);
    CHECK_NEAR(t.h6_size, 0.95, 1e-9);
    CHECK_NEAR(t.code_padding, 6, 1e-9);
    CHECK_NEAR(t.quote_bar_width, 2.2, 1e-9);
    CHECK_NEAR(t.footer_offset, 24, 1e-9);
    CHECK_NEAR(t.color_link.r, 0x1f / 255.0, 1e-9);
    CHECK_NEAR(t.color_link.g, 0x5f / 255.0, 1e-9);
    CHECK_NEAR(t.color_link.b, 0xa8 / 255.0, 1e-9);
    CHECK_NEAR(t.callout_title_size, 0.9, 1e-9);
    CHECK_INT(t.n_papers, 3);
    CHECK_INT(t.n_callouts, 8);
    theme_free(&t);
    CHECK(t.font_body == NULL);
    CHECK_INT(t.n_papers, 0);
}

TEST(theme_papers_lookup)
{
    theme t;
    REQUIRE(theme_load_file(&t, tu_theme_path()));
    const theme_paper *a4 = theme_find_paper(&t, "a4");
    const theme_paper *letter = theme_find_paper(&t, "letter");
    const theme_paper *six = theme_find_paper(&t, "6x9");
    CHECK(a4 && letter && six);
    if (a4) {
        CHECK_STR(a4->name, "a4");
        CHECK_NEAR(a4->width, 210 * 72 / 25.4, 1e-6);
        CHECK_NEAR(a4->height, 297 * 72 / 25.4, 1e-6);
        CHECK_NEAR(a4->margin_top, 25 * 72 / 25.4, 1e-6);
        CHECK_NEAR(a4->body_size, 11, 1e-9);
    }
    if (letter) {
        CHECK_NEAR(letter->width, 612, 1e-9);
        CHECK_NEAR(letter->height, 792, 1e-9);
        CHECK_NEAR(letter->margin_bottom, 79.2, 1e-9);
    }
    if (six) {
        CHECK_NEAR(six->width, 432, 1e-9);
        CHECK_NEAR(six->height, 648, 1e-9);
        CHECK_NEAR(six->margin_outer, 43.2, 1e-9);
        CHECK_NEAR(six->body_size, 10, 1e-9);
    }
    CHECK(theme_find_paper(&t, "A4") == a4); /* case-insensitive */
    CHECK(theme_find_paper(&t, "a5") == NULL);
    CHECK(theme_find_paper(&t, "") == NULL);
    char *names = theme_paper_names(&t);
    CHECK_STR(names, "a4, letter, 6x9");
    free(names);
    theme_free(&t);
}

TEST(theme_callouts_lookup)
{
    theme t;
    REQUIRE(theme_load_file(&t, tu_theme_path()));
    const theme_callout *note = theme_find_callout(&t, "note");
    REQUIRE(note != NULL);
    CHECK_STR(note->kind, "NOTE");
    CHECK_STR(note->label, "Note");
    CHECK_NEAR(note->color.r, 0x1f / 255.0, 1e-9);
    CHECK_NEAR(note->background.b, 0xfd / 255.0, 1e-9);
    const theme_callout *iv = theme_find_callout(&t, "INTERVIEW");
    CHECK(iv && !strcmp(iv->label, "Say it in the interview"));
    CHECK(theme_find_callout(&t, "DANGER") == NULL);
    theme_free(&t);
}

/* Writes the template with the first line containing `find` replaced by
 * `line` (NULL: dropped) and `append` added at the end; returns the path and
 * sets *at to the number of the changed line. */
static char *theme_variant(const char *name, const char *find, const char *line, const char *append, int *at)
{
    char *text = NULL;
    size_t len = 0;
    if (util_read_file(tu_theme_path(), 1 << 20, &text, &len) != UTIL_READ_OK) return NULL;
    util_buf b = {0};
    int n = 1;
    bool done = !find;
    for (char *p = text; *p; n++) {
        char *eol = strchr(p, '\n');
        size_t ll = eol ? (size_t)(eol - p) + 1 : strlen(p);
        char *copy = util_xstrndup(p, ll);
        if (!done && strstr(copy, find)) {
            done = true;
            if (at) *at = n;
            if (line) util_buf_adds(&b, line);
        } else {
            util_buf_add(&b, p, ll);
        }
        free(copy);
        p += ll;
    }
    if (append) util_buf_adds(&b, append);
    char *path = done ? tu_write(name, b.s ? b.s : "") : NULL;
    util_buf_free(&b);
    free(text);
    return path;
}

TEST(theme_missing_key_fails)
{
    char *path = theme_variant("theme/missing.yaml", "paragraph_space:", NULL, NULL, NULL);
    REQUIRE(path);
    theme t;
    CHECK(!theme_load_file(&t, path));
    CHECK_DIAG("missing.yaml", 0, 0, "theme key 'text.paragraph_space' is missing");
    CHECK_INT(diag_errors(), 1);
    theme_free(&t);
    free(path);
}

TEST(theme_unknown_key_in_file_fails)
{
    char *path = theme_variant("theme/extra.yaml", NULL, NULL, "extra:\n  shiny: true\n", NULL);
    REQUIRE(path);
    theme t;
    CHECK(!theme_load_file(&t, path));
    CHECK_DIAG("extra.yaml", -1, 3, "unknown theme key 'extra.shiny'");
    CHECK_INT(diag_errors(), 1);
    theme_free(&t);
    free(path);
}

TEST(theme_bad_value_in_file_fails)
{
    int line = 0;
    char *path = theme_variant("theme/badcolor.yaml", "  link: \"#", "  link: blue\n", NULL, &line);
    REQUIRE(path);
    theme t;
    CHECK(!theme_load_file(&t, path));
    CHECK_DIAG("badcolor.yaml", line, 9, "color.link: expected a colour '#rrggbb', got 'blue'");
    /* A key with a bad value counts as missing too. */
    CHECK_DIAG("badcolor.yaml", 0, 0, "theme key 'color.link' is missing");
    theme_free(&t);
    free(path);
}

TEST(theme_paper_without_room_fails)
{
    char *path = theme_variant("theme/paper.yaml", "margin_inner: 27mm", "    margin_inner: 99cm\n", NULL, NULL);
    REQUIRE(path);
    theme t;
    CHECK(!theme_load_file(&t, path));
    CHECK_DIAG("paper.yaml", 0, 0, "paper 'a4' needs width, height, body_size and margins");
    CHECK_INT(diag_errors(), 1);
    theme_free(&t);
    free(path);
}

TEST(theme_paper_length_out_of_range)
{
    int line = 0;
    char *path = theme_variant("theme/paper2.yaml", "height: 11in", "    height: 5000in\n", NULL, &line);
    REQUIRE(path);
    theme t;
    CHECK(!theme_load_file(&t, path));
    CHECK_DIAG("paper2.yaml", line, 13, "papers.letter.height: 5000in is out of range");
    theme_free(&t);
    free(path);
}

TEST(theme_missing_file_fails)
{
    char *path = tu_tmp_path("theme/nope.yaml");
    theme t;
    CHECK(!theme_load_file(&t, path));
    CHECK_DIAG("nope.yaml", 0, 0, "cannot load the theme: no such file");
    theme_free(&t);
    free(path);
}

static bool apply(theme *t, yamlx_doc *d, const char *yaml)
{
    if (!yamlx_load(d, "book.yaml", yaml, strlen(yaml), 0)) return false;
    return theme_apply(t, d, yamlx_root(d));
}

TEST(theme_apply_overrides_nested_keys)
{
    theme t;
    REQUIRE(theme_load_file(&t, tu_theme_path()));
    yamlx_doc d;
    CHECK(apply(&t, &d,
                "color: { link: \"#000080\" }\n"
                "text:\n  justify: false\n"
                "heading:\n  h2: { size: 2 }\n"
                "font: { mono: Courier }\n"
                "code: { padding: 2mm }\n"
                "papers: { a4: { margin_top: 1in } }\n"
                "callouts: { note: { label: Remark } }\n"));
    CHECK_INT(diag_errors(), 0);
    CHECK_NEAR(t.color_link.b, 128 / 255.0, 1e-9);
    CHECK_NEAR(t.color_link.r, 0, 1e-9);
    CHECK(!t.text_justify);
    CHECK_NEAR(t.h2_size, 2, 1e-9);
    CHECK_NEAR(t.h3_size, 1.18, 1e-9); /* siblings untouched */
    CHECK_STR(t.font_mono, "Courier");
    CHECK_STR(t.font_body, "Charis SIL");
    CHECK_NEAR(t.code_padding, 2 * 72 / 25.4, 1e-9);
    const theme_paper *a4 = theme_find_paper(&t, "a4");
    CHECK(a4 && a4->margin_top == 72);
    CHECK(a4 && a4->margin_bottom > 79 && a4->margin_bottom < 80);
    const theme_callout *note = theme_find_callout(&t, "NOTE");
    CHECK(note && !strcmp(note->label, "Remark"));
    CHECK_INT(t.n_callouts, 8);
    yamlx_free(&d);
    theme_free(&t);
}

TEST(theme_apply_unknown_key_error)
{
    theme t;
    REQUIRE(theme_load_file(&t, tu_theme_path()));
    yamlx_doc d;
    CHECK(!apply(&t, &d, "color:\n  link: \"#000000\"\n  lnk: \"#ffffff\"\nbogus: 1\n"));
    CHECK_DIAG("book.yaml", 3, 3, "unknown theme key 'color.lnk'");
    CHECK_DIAG("book.yaml", 4, 1, "unknown theme key 'bogus'");
    CHECK_INT(diag_errors(), 2);
    CHECK_NEAR(t.color_link.r, 0, 1e-9); /* the valid sibling still applies */
    yamlx_free(&d);
    theme_free(&t);
}

TEST(theme_apply_type_and_range_errors)
{
    theme t;
    REQUIRE(theme_load_file(&t, tu_theme_path()));
    yamlx_doc d;
    CHECK(!apply(&t, &d, "text: { leading: 9, justify: sometimes }\ncolor: { rule: \"#12\" }\nquote: { bar_width: 3km }\n"));
    CHECK_DIAG("book.yaml", 1, 18, "text.leading: 9 is out of range (1 to 3)");
    CHECK_DIAG("book.yaml", 1, 30, "text.justify: expected true or false");
    CHECK_DIAG("book.yaml", 2, 16, "color.rule: expected a colour");
    CHECK_DIAG("book.yaml", 3, 21, "quote.bar_width: expected a length");
    CHECK_NEAR(t.text_leading, 1.38, 1e-9); /* unchanged */
    CHECK(t.text_justify);
    yamlx_free(&d);
    theme_free(&t);
}

TEST(theme_apply_not_a_mapping)
{
    theme t;
    REQUIRE(theme_load_file(&t, tu_theme_path()));
    yamlx_doc d;
    CHECK(!apply(&t, &d, "[a, b]\n"));
    CHECK_DIAG("book.yaml", 1, 1, "theme: expected a mapping, got a list");
    yamlx_free(&d);
    theme_free(&t);
}

/* Loads the theme file at path (in a child); true if it fails cleanly with a diagnostic. */
static bool theme_fails_cleanly(void *path)
{
    theme t;
    bool ok = theme_load_file(&t, path);
    theme_free(&t);
    return !ok && diag_errors() > 0;
}

TEST(theme_empty_or_scalar_file_fails_cleanly)
{
    static const char *texts[] = {"", "# only a comment\n", "just a scalar\n", "- a\n- b\n"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        char *name = util_printf("theme/odd-%zu.yaml", i);
        char *path = tu_write(name, texts[i]);
        int r = tu_in_child(theme_fails_cleanly, path);
        if (r != 1) {
            if (r < 0 && r > -1000) tu_fail(__FILE__, __LINE__, "theme file \"%s\": crashed with signal %d", texts[i], -r);
            else if (r < 0) tu_fail(__FILE__, __LINE__, "theme file \"%s\": crashed (exit status %d)", texts[i], -r - 1000);
            else tu_fail(__FILE__, __LINE__, "theme file \"%s\": not rejected with a diagnostic", texts[i]);
        }
        free(path);
        free(name);
    }
}
