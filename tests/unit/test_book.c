/* book: book.yaml loading, validation and diagnostics. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "diag.h"
#include "test.h"
#include "util.h"

/* Writes text to <tmp>/book-<name>/book.yaml and loads it. */
static bool load_book(book *b, const char *name, const char *text, size_t len)
{
    char *rel = util_printf("book-%s/book.yaml", name);
    char *path = tu_write_n(rel, text, len);
    bool ok = book_load(b, path, tu_theme_path());
    free(path);
    free(rel);
    return ok;
}
#define LOAD(b, name, text) load_book((b), (name), (text), strlen(text))

static const diag_entry *find_entry(const char *msg_sub)
{
    size_t n;
    const diag_entry *e = diag_entries(&n);
    for (size_t i = 0; i < n; i++)
        if (tu_contains(e[i].message, msg_sub)) return &e[i];
    return NULL;
}

TEST(book_valid_with_parts)
{
    book b;
    bool ok = LOAD(&b, "valid",
                   "title: \"My Book: Part One\"\n"
                   "subtitle: A subtitle\n"
                   "authors: [Ann Author, Bob Writer]\n"
                   "version: \"1.0\"\n"
                   "language: de-CH\n"
                   "keywords: ml\n"
                   "paper: letter\n"
                   "chapters:\n"
                   "  - chapters/01-intro.md\n"
                   "  - part: Foundations\n"
                   "    chapters:\n"
                   "      - chapters/02-a.md\n"
                   "      - chapters/03-b.md\n"
                   "  - part: Practice\n"
                   "    chapters: [chapters/04-c.md]\n"
                   "theme:\n"
                   "  color: { link: \"#000000\" }\n");
    CHECK(ok);
    CHECK_INT(diag_errors(), 0);
    CHECK_STR(b.title, "My Book: Part One");
    CHECK_STR(b.subtitle, "A subtitle");
    CHECK_STR(b.version, "1.0");
    CHECK_STR(b.language, "de-CH");
    REQUIRE(b.n_authors == 2 && b.n_keywords == 1);
    CHECK_STR(b.authors[1], "Bob Writer");
    CHECK_STR(b.keywords[0], "ml");
    CHECK_STR(b.paper_name, "letter");
    CHECK(b.paper && b.paper->width == 612);
    CHECK(tu_contains(b.dir, "book-valid"));
    REQUIRE(b.n_parts == 2 && b.n_chapters == 4);
    CHECK_STR(b.parts[0].title, "Foundations");
    CHECK_INT(b.parts[0].line, 10);
    CHECK_INT(b.parts[0].col, 5);
    CHECK_STR(b.parts[1].title, "Practice");
    CHECK_STR(b.chapters[0].file, "chapters/01-intro.md");
    CHECK_INT(b.chapters[0].part, -1);
    CHECK_INT(b.chapters[0].line, 9);
    CHECK_INT(b.chapters[0].col, 5);
    CHECK_INT(b.chapters[1].part, 0);
    CHECK_INT(b.chapters[2].part, 0);
    CHECK_INT(b.chapters[3].part, 1);
    CHECK_INT(b.chapters[3].line, 15);
    CHECK_INT(b.chapters[3].col, 16);
    char *want = util_printf("%s/chapters/03-b.md", b.dir);
    CHECK_STR(b.chapters[2].path, want);
    free(want);
    CHECK_NEAR(b.theme.color_link.b, 0, 1e-9);
    book_free(&b);
    CHECK(b.title == NULL);
}

TEST(book_defaults)
{
    book b;
    CHECK(LOAD(&b, "defaults", "title: T\nauthor: Solo\nchapters: [a.md]\n"));
    CHECK_STR(b.language, "en-US");
    CHECK_STR(b.paper_name, "a4");
    CHECK(b.paper && b.paper->body_size == 11);
    CHECK(b.subtitle == NULL);
    REQUIRE(b.n_authors == 1);
    CHECK_STR(b.authors[0], "Solo");
    CHECK_INT(b.n_parts, 0);
    book_free(&b);
}

TEST(book_unknown_key)
{
    book b;
    CHECK(!LOAD(&b, "unknown", "title: T\n  # comment\ncolour: red\nchapters: [a.md]\n"));
    CHECK_DIAG("book.yaml", 3, 1, "unknown key 'colour' in book config");
    const diag_entry *e = find_entry("unknown key");
    CHECK(e && tu_contains(e->hint, "known keys: title"));
    CHECK_INT(diag_errors(), 1);
    book_free(&b);
}

TEST(book_wrong_type)
{
    book b;
    CHECK(!LOAD(&b, "type", "title: [a, b]\nchapters: [a.md]\nauthors: {x: 1}\n"));
    CHECK_DIAG("book.yaml", 1, 8, "title: expected a string, got a list");
    CHECK_DIAG("book.yaml", 3, 10, "authors: expected a string, got a mapping");
    /* The title is there, only of the wrong type: one error for it, not two. */
    CHECK(find_entry("has no 'title'") == NULL);
    CHECK_INT(diag_errors(), 2);
    book_free(&b);
}

TEST(book_language_tags)
{
    static const char *good[] = {"en", "en-US", "de-CH", "zh-Hant-TW", "sr-Latn", "gsw"};
    static const char *bad[] = {"english", "e", "en_US", "en-", "en-U", "en-abcdefghi", "-en", "12"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        char *text = util_printf("title: T\nlanguage: %s\nchapters: [a.md]\n", good[i]);
        book b;
        if (!LOAD(&b, "lang", text)) tu_fail(__FILE__, __LINE__, "language '%s' rejected", good[i]);
        book_free(&b);
        free(text);
    }
    CHECK_INT(diag_errors(), 0);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        diag_reset();
        char *text = util_printf("title: T\nlanguage: \"%s\"\nchapters: [a.md]\n", bad[i]);
        book b;
        if (LOAD(&b, "lang", text)) tu_fail(__FILE__, __LINE__, "language '%s' accepted", bad[i]);
        char *msg = util_printf("language: '%s' is not a language tag", bad[i]);
        CHECK_DIAG("book.yaml", 2, 11, msg);
        free(msg);
        book_free(&b);
        free(text);
    }
}

TEST(book_unknown_paper)
{
    book b;
    CHECK(!LOAD(&b, "paper", "title: T\npaper: a3\nchapters: [a.md]\n"));
    CHECK_DIAG("book.yaml", 2, 8, "unknown paper size 'a3'");
    const diag_entry *e = find_entry("unknown paper size");
    CHECK(e && tu_contains(e->hint, "a4") && tu_contains(e->hint, "letter"));
    CHECK(b.paper == NULL);
    book_free(&b);
}

TEST(book_empty_config)
{
    book b;
    CHECK(!LOAD(&b, "empty", ""));
    CHECK_DIAG("book.yaml", 1, 1, "book config is empty");
    CHECK_INT(diag_errors(), 1);
    book_free(&b);
    diag_reset();
    CHECK(!LOAD(&b, "empty", "# nothing here\n"));
    CHECK_DIAG("book.yaml", 1, 1, "book config is empty");
    book_free(&b);
}

TEST(book_not_a_mapping)
{
    book b;
    CHECK(!LOAD(&b, "list", "- a.md\n- b.md\n"));
    CHECK_DIAG("book.yaml", 1, 1, "book config: expected a mapping");
    book_free(&b);
}

TEST(book_no_chapters)
{
    book b;
    CHECK(!LOAD(&b, "nochap", "title: T\n"));
    CHECK_DIAG("book.yaml", 1, 1, "the book has no chapters");
    book_free(&b);
    diag_reset();
    CHECK(!LOAD(&b, "nochap", "title: T\nchapters: []\n"));
    CHECK_DIAG("book.yaml", 2, 11, "the book has no chapters");
    CHECK_INT(diag_errors(), 1);
    book_free(&b);
    diag_reset();
    CHECK(!LOAD(&b, "nochap", "title: T\nchapters: intro.md\n"));
    CHECK_DIAG("book.yaml", 2, 11, "chapters: expected a list of chapter files or parts, got a scalar");
    book_free(&b);
}

TEST(book_nested_part)
{
    book b;
    CHECK(!LOAD(&b, "nested",
                "title: T\n"
                "chapters:\n"
                "  - part: Outer\n"
                "    chapters:\n"
                "      - a.md\n"
                "      - part: Inner\n"
                "        chapters: [b.md]\n"));
    CHECK_DIAG("book.yaml", 6, 9, "parts cannot be nested");
    CHECK_INT(b.n_chapters, 1);
    book_free(&b);
}

TEST(book_part_errors)
{
    book b;
    CHECK(!LOAD(&b, "parts",
                "title: T\n"
                "chapters:\n"
                "  - a.md\n"
                "  - chapters: [b.md]\n"
                "  - part: Empty\n"
                "  - part: Odd\n"
                "    file: c.md\n"
                "    chapters: [c.md]\n"
                "  - part: Scalar\n"
                "    chapters: d.md\n"
                "  - [e.md]\n"));
    CHECK_DIAG("book.yaml", 4, 5, "a part needs a title");
    CHECK_DIAG("book.yaml", 5, 5, "part 'Empty' has no chapters");
    CHECK_DIAG("book.yaml", 7, 5, "unknown key 'file' in a part");
    CHECK_DIAG("book.yaml", 10, 15, "chapters of a part: expected a list");
    CHECK_DIAG("book.yaml", 11, 5, "chapter: expected a string, got a list");
    book_free(&b);
}

TEST(book_theme_override_errors)
{
    book b;
    CHECK(!LOAD(&b, "theme", "title: T\nchapters: [a.md]\ntheme:\n  text: { leading: 0 }\n  colr: { x: 1 }\n"));
    CHECK_DIAG("book.yaml", 4, 20, "text.leading: 0 is out of range");
    CHECK_DIAG("book.yaml", 5, 11, "unknown theme key 'colr.x'");
    book_free(&b);
}

TEST(book_invalid_utf8)
{
    book b;
    const char text[] = "title: T\nsubtitle: ab\xc3\x28\nchapters: [a.md]\n";
    CHECK(!load_book(&b, "utf8", text, sizeof text - 1));
    CHECK_DIAG("book.yaml", 2, 13, "not valid UTF-8");
    book_free(&b);
}

TEST(book_missing_config_and_theme)
{
    book b;
    char *path = tu_tmp_path("book-none/book.yaml");
    CHECK(!book_load(&b, path, tu_theme_path()));
    CHECK_DIAG("book.yaml", 0, 0, "cannot read book config: no such file");
    book_free(&b);
    free(path);
    diag_reset();
    path = tu_write("book-notheme/book.yaml", "title: T\nchapters: [a.md]\n");
    char *theme = tu_tmp_path("book-notheme/theme.yaml");
    CHECK(!book_load(&b, path, theme));
    CHECK_DIAG("theme.yaml", 0, 0, "cannot load the theme");
    book_free(&b);
    free(theme);
    free(path);
}

TEST(book_duplicate_key)
{
    book b;
    CHECK(!LOAD(&b, "dup", "title: A\nchapters: [a.md]\ntitle: B\n"));
    CHECK_DIAG("book.yaml", 3, 1, "duplicate key 'title'");
    CHECK_STR(b.title, "A");
    book_free(&b);
}

/* Overrides go through the same checks as the theme file: a paper defined or
 * changed under `theme: papers:` must still leave room for text. */
TEST(book_theme_override_paper_validated)
{
    book b;
    bool ok = LOAD(&b, "newpaper", "title: T\npaper: a5\nchapters: [a.md]\ntheme:\n  papers: { a5: { width: 148mm } }\n");
    if (ok && b.paper)
        tu_fail(__FILE__, __LINE__, "book_load accepted paper 'a5' of %gx%gpt, body size %gpt", b.paper->width,
                b.paper->height, b.paper->body_size);
    CHECK(!ok);
    CHECK_DIAG("book.yaml", -1, -1, "a5");
    book_free(&b);
    diag_reset();
    ok = LOAD(&b, "widemargins", "title: T\nchapters: [a.md]\ntheme:\n  papers: { a4: { margin_inner: 150mm, margin_outer: 150mm } }\n");
    if (ok && b.paper)
        tu_fail(__FILE__, __LINE__, "book_load accepted margins of %gpt + %gpt on a %gpt wide page", b.paper->margin_inner,
                b.paper->margin_outer, b.paper->width);
    CHECK(!ok);
    book_free(&b);
}

static void load_and_free(void *path)
{
    book b;
    book_load(&b, path, tu_theme_path());
    book_free(&b);
}

/* Rejected configs must not leak: an alias cycle loads a libyaml document
 * that is then rejected by yamlx_load's bounds check. */
TEST(book_rejected_configs_do_not_leak)
{
    static const char *texts[] = {
        "title: T\nchapters: [a.md]\n",                          /* valid: the harness itself is leak-free */
        "title: [T\nchapters: [a.md]\n",                         /* syntax error */
        "title: T\nloop: &x [1, *x]\nchapters: [a.md]\n",        /* alias cycle */
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        char *name = util_printf("book-leak-%zu/book.yaml", i);
        char *path = tu_write(name, texts[i]);
        int r = tu_leaks(load_and_free, path);
        if (r != 0) tu_fail(__FILE__, __LINE__, "book_load of \"%.30s…\" %s", texts[i], r > 0 ? "leaks memory" : "crashed");
        free(path);
        free(name);
    }
}
