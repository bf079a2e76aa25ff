/* source: chapter files — front matter, UTF-8, headings, ids, anchors, positions. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "source.h"
#include "test.h"
#include "util.h"

/* Writes <tmp>/src/<name> and loads it (diagnostics name the file by `name`). */
static bool load_ch(source_chapter *ch, const char *name, const char *text, size_t len)
{
    char *rel = util_printf("src/%s", name);
    char *path = tu_write_n(rel, text, len);
    bool ok = source_load(ch, path, name);
    free(path);
    free(rel);
    return ok;
}
#define LOAD(ch, name, text) load_ch((ch), (name), (text), strlen(text))

static const source_heading *heading(const source_chapter *ch, size_t i)
{
    return i < ch->n_headings ? &ch->headings[i] : NULL;
}

TEST(source_front_matter_parsed)
{
    source_chapter ch;
    CHECK(LOAD(&ch, "02-clarify.md",
               "---\n"
               "title: \"Clarify the problem\"\n"
               "kind: chapter\n"
               "summary: Ask first.\n"
               "---\n"
               "# Intro\n"
               "\n"
               "Text.\n"));
    CHECK_INT(diag_errors(), 0);
    CHECK_STR(ch.title, "Clarify the problem");
    CHECK_STR(ch.kind, "chapter");
    CHECK_STR(ch.summary, "Ask first.");
    CHECK_INT(ch.title_line, 2);
    CHECK_INT(ch.line_offset, 5);
    CHECK_STR(ch.path, "02-clarify.md");
    CHECK_STR(ch.file, "02-clarify.md");
    CHECK_STR(ch.slug, "02-clarify");
    CHECK(ch.doc != NULL);
    CHECK_INT(ch.n_headings, 1);
    source_free(&ch);
    CHECK(ch.title == NULL && ch.doc == NULL);
}

TEST(source_front_matter_crlf_and_dots)
{
    source_chapter ch;
    CHECK(LOAD(&ch, "crlf.md", "---\r\ntitle: T\r\n---\r\n# H\r\n"));
    CHECK_STR(ch.title, "T");
    CHECK_INT(ch.line_offset, 3);
    CHECK(heading(&ch, 0) && !strcmp(heading(&ch, 0)->id, "h"));
    source_free(&ch);
    CHECK(LOAD(&ch, "dots.md", "---\ntitle: T\n...\nBody\n"));
    CHECK_STR(ch.title, "T");
    CHECK_INT(diag_errors(), 0);
    source_free(&ch);
}

TEST(source_plain_markdown_title)
{
    source_chapter ch;
    /* No front matter: the first heading becomes the title and leaves the body. */
    CHECK(LOAD(&ch, "nofm.md", "# Just a heading {#top}\n\ntitle: no\n\n## Next\n"));
    CHECK_INT(diag_errors(), 0);
    CHECK_STR(ch.title, "Just a heading");
    CHECK_STR(ch.title_id, "top");
    CHECK(!ch.has_front_matter && !ch.kind);
    CHECK_INT((int)ch.n_headings, 1);
    CHECK(heading(&ch, 0) && !strcmp(heading(&ch, 0)->id, "next"));
    source_free(&ch);
    /* A level-2 heading that is not the first block stays; the title is the file name. */
    CHECK(LOAD(&ch, "notitle.md", "Intro.\n\n## Section\n"));
    CHECK_STR(ch.title, "notitle");
    CHECK_INT((int)ch.n_headings, 1);
    source_free(&ch);
    CHECK(LOAD(&ch, "empty.md", ""));
    CHECK_STR(ch.title, "empty");
    source_free(&ch);
    /* Front matter without a title is still an error. */
    diag_reset();
    CHECK(!LOAD(&ch, "fm.md", "---\nkind: component\n---\n# Heading\n"));
    CHECK_DIAG("fm.md", 1, 1, "front matter has no 'title'");
    source_free(&ch);
}

TEST(source_unclosed_front_matter)
{
    source_chapter ch;
    CHECK(!LOAD(&ch, "open.md", "---\ntitle: T\n\n# Body\n"));
    CHECK_DIAG("open.md", 1, 1, "front matter is not closed");
    CHECK_INT(diag_errors(), 1);
    source_free(&ch);
}

TEST(source_missing_title)
{
    source_chapter ch;
    CHECK(!LOAD(&ch, "notitle.md", "---\nkind: chapter\n---\n# Body\n"));
    CHECK_DIAG("notitle.md", -1, -1, "front matter has no 'title'");
    CHECK_INT(diag_errors(), 1);
    source_free(&ch);
    diag_reset();
    CHECK(!LOAD(&ch, "emptyfm.md", "---\n---\n# Body\n"));
    CHECK_DIAG("emptyfm.md", -1, -1, "no 'title'");
    source_free(&ch);
}

TEST(source_front_matter_errors_have_file_lines)
{
    source_chapter ch;
    CHECK(!LOAD(&ch, "type.md", "---\nkind: chapter\ntitle: [a, b]\n---\nBody\n"));
    CHECK_DIAG("type.md", 3, 8, "title: expected a string, got a list");
    source_free(&ch);
    diag_reset();
    CHECK(!LOAD(&ch, "syntax.md", "---\ntitle: T\nkind: [x\n---\nBody\n"));
    CHECK_DIAG("syntax.md", -1, -1, "invalid YAML");
    size_t n;
    const diag_entry *e = diag_entries(&n);
    CHECK(n >= 1 && e[0].line >= 3); /* file lines, not front-matter lines */
    source_free(&ch);
    diag_reset();
    CHECK(!LOAD(&ch, "list.md", "---\n- a\n- b\n---\nBody\n"));
    CHECK_DIAG("list.md", 2, 1, "front matter: expected a mapping, got a list");
    source_free(&ch);
}

TEST(source_unknown_front_matter_key_warns)
{
    source_chapter ch;
    CHECK(LOAD(&ch, "warn.md", "---\ntitle: T\nauthor: me\n---\nBody\n"));
    CHECK_INT(diag_errors(), 0);
    CHECK_INT(diag_warnings(), 1);
    CHECK_DIAG("warn.md", 3, 1, "unknown front matter key 'author'");
    source_free(&ch);
}

TEST(source_invalid_utf8_position)
{
    source_chapter ch;
    const char text[] = "---\ntitle: T\n---\n\nSome caf\xe9 text\n";
    CHECK(!load_ch(&ch, "latin1.md", text, sizeof text - 1));
    CHECK_DIAG("latin1.md", 5, 9, "not valid UTF-8 text (byte 0xe9)");
    CHECK_INT(diag_errors(), 1);
    source_free(&ch);
    diag_reset();
    const char nul[] = "---\ntitle: T\n---\n\xc3\xa9t\xc3\xa9\0x\n";
    CHECK(!load_ch(&ch, "nul.md", nul, sizeof nul - 1));
    CHECK_DIAG("nul.md", 4, 4, "byte 0x00");
    source_free(&ch);
}

TEST(source_too_large_and_missing)
{
    size_t n = (size_t)SOURCE_MAX_BYTES + 1;
    char *big = util_xmalloc(n);
    memset(big, 'a', n);
    memcpy(big, "---\ntitle: T\n---\n", 17);
    source_chapter ch;
    CHECK(!load_ch(&ch, "big.md", big, n));
    CHECK_DIAG("big.md", 0, 0, "file too large to be a chapter");
    source_free(&ch);
    free(big);
    diag_reset();
    char *path = tu_tmp_path("src/missing.md");
    CHECK(!source_load(&ch, path, "missing.md"));
    CHECK_DIAG("missing.md", 0, 0, "cannot read chapter: no such file");
    source_free(&ch);
    free(path);
}

TEST(source_slug_github_rules)
{
    static const struct { const char *in, *out; } cases[] = {
        {"Hello, World!", "hello-world"},
        {"What's new?", "whats-new"},
        {"C++ & Rust", "c--rust"},
        {"1.2 Numbers", "12-numbers"},
        {"snake_case and kebab-case", "snake_case-and-kebab-case"},
        {"\xc3\x9c" "ber Caf\xc3\xa9", "\xc3\xbc" "ber-caf\xc3\xa9"},
        {"Emoji \xf0\x9f\x8e\x89 party", "emoji--party"},
        {"Don\xe2\x80\x99t panic", "dont-panic"},
        {"ALL CAPS", "all-caps"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *s = source_slug(cases[i].in);
        CHECK_STR(s, cases[i].out);
        free(s);
    }
}

static const char *DUPS =
    "---\ntitle: T\n---\n"
    "# Intro\n"
    "\n"
    "## Setup\n"
    "\n"
    "## Setup\n"
    "\n"
    "## Setup\n"
    "\n"
    "### The `foo()` call\n"
    "\n"
    "## Intro\n";

TEST(source_heading_ids_and_duplicates)
{
    source_chapter ch;
    CHECK(LOAD(&ch, "dups.md", DUPS));
    static const char *ids[] = {"intro", "setup", "setup-1", "setup-2", "the-foo-call", "intro-1"};
    static const int levels[] = {1, 2, 2, 2, 3, 2};
    CHECK_INT(ch.n_headings, 6);
    for (size_t i = 0; i < 6 && i < ch.n_headings; i++) {
        CHECK_STR(ch.headings[i].id, ids[i]);
        CHECK_INT(ch.headings[i].level, levels[i]);
    }
    if (ch.n_headings > 4) CHECK_STR(ch.headings[4].text, "The foo() call");
    CHECK(source_has_id(&ch, "setup-2"));
    CHECK(!source_has_id(&ch, "setup-3"));
    source_free(&ch);
}

TEST(source_explicit_ids_stripped)
{
    source_chapter ch;
    CHECK(LOAD(&ch, "explicit.md",
               "---\ntitle: T\n---\n"
               "## Install {#install}\n"
               "\n"
               "## Quick start {#quick-start}\n"
               "\n"
               "## Setup {#setup}\n"
               "\n"
               "## Setup\n"
               "\n"
               "## Section 2.1 {#sec.2_1}\n"
               "\n"
               "## Not an id {#bad id}\n"));
    CHECK_INT(diag_errors(), 0);
    static const char *ids[] = {"install", "quick-start", "setup", "setup-1", "sec.2_1", "not-an-id-bad-id"};
    static const char *texts[] = {"Install", "Quick start", "Setup", "Setup", "Section 2.1", "Not an id {#bad id}"};
    CHECK_INT(ch.n_headings, 6);
    for (size_t i = 0; i < 6 && i < ch.n_headings; i++) {
        CHECK_STR(ch.headings[i].id, ids[i]);
        CHECK_STR(ch.headings[i].text, texts[i]);
        /* The AST itself no longer carries the {#id}, so it is not typeset. */
        char *plain = source_plain_text(ch.headings[i].node);
        CHECK_STR(plain, texts[i]);
        free(plain);
    }
    source_free(&ch);
}

TEST(source_duplicate_explicit_id_error)
{
    source_chapter ch;
    CHECK(LOAD(&ch, "dupid.md", "---\ntitle: T\n---\n# A {#x}\n\n# B {#x}\n"));
    CHECK_DIAG("dupid.md", 6, 1, "duplicate id 'x' in this chapter");
    CHECK_INT(diag_errors(), 1);
    source_free(&ch);
}

TEST(source_anchors_found)
{
    source_chapter ch;
    CHECK(LOAD(&ch, "anchors.md",
               "---\ntitle: T\n---\n"
               "# Top\n"
               "\n"
               "See <a id=\"sec-x\"></a> here and <a name='old-name'>x</a> and <A ID=up>y</A>.\n"
               "\n"
               "<a id=\"block\"></a>\n"
               "\n"
               "<a href=\"#top\">link</a> <span id=\"not-an-anchor\">s</span>\n"));
    CHECK_INT(diag_errors(), 0);
    CHECK_INT(ch.n_anchors, 4);
    CHECK(source_has_id(&ch, "sec-x"));
    CHECK(source_has_id(&ch, "old-name"));
    CHECK(source_has_id(&ch, "up"));
    CHECK(source_has_id(&ch, "block"));
    CHECK(source_has_id(&ch, "top"));
    CHECK(!source_has_id(&ch, "not-an-anchor"));
    CHECK(!source_has_id(&ch, "nope"));
    source_free(&ch);
}

TEST(source_pos_adds_front_matter_offset)
{
    source_chapter ch;
    CHECK(LOAD(&ch, "pos.md",
               "---\ntitle: T\nkind: chapter\n---\n" /* 4 lines */
               "# One\n"                              /* line 5 */
               "\n"
               "- item\n"
               "\n"
               "  ## Nested\n"                        /* line 9, column 3 */
               "\n"
               "Para with **bold** text.\n"));        /* line 11 */
    REQUIRE(ch.n_headings == 2);
    int line = 0, col = 0;
    source_pos(&ch, ch.headings[0].node, &line, &col);
    CHECK_INT(line, 5);
    CHECK_INT(col, 1);
    source_pos(&ch, ch.headings[1].node, &line, &col);
    CHECK_INT(line, 9);
    CHECK_INT(col, 3);
    cmark_node *para = cmark_node_last_child(ch.doc);
    REQUIRE(para && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH);
    source_pos(&ch, cmark_node_first_child(para), &line, &col);
    CHECK_INT(line, 11);
    source_pos(&ch, NULL, &line, &col); /* no node: the first body line */
    CHECK_INT(line, 5);
    CHECK_INT(col, 1);
    source_free(&ch);
}

TEST(source_word_count)
{
    source_chapter ch;
    CHECK(LOAD(&ch, "words.md",
               "---\ntitle: Not counted\nsummary: Not counted either\n---\n"
               "# Intro heading\n"
               "\n"
               "one two  three\tfour\n"
               "five `six` seven\n"
               "\n"
               "- eight\n"
               "- nine ten\n"));
    CHECK_INT(ch.words, 12);
    source_free(&ch);
}

/* Punctuation splits cmark text nodes (smart quotes, periods, hyphens);
 * the count must still be per word, not per node. */
TEST(source_word_count_punctuation)
{
    source_chapter ch;
    CHECK(LOAD(&ch, "punct.md", "---\ntitle: T\n---\nDon't stop. A well-known \"quoted\" word!\n"));
    CHECK_INT(ch.words, 6);
    source_free(&ch);
}

static void load_and_free(void *path)
{
    source_chapter ch;
    source_load(&ch, path, "leak.md");
    source_free(&ch);
}

TEST(source_rejected_front_matter_does_not_leak)
{
    static const char *texts[] = {
        "---\ntitle: T\n---\n# Body {#b}\n\nText <a id=\"x\"></a>\n", /* valid: the harness itself is leak-free */
        "---\ntitle: [T\n---\nBody\n",                                /* syntax error */
        "---\ntitle: &x [1, *x]\n---\nBody\n",                        /* alias cycle */
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        char *name = util_printf("src/leak-%zu.md", i);
        char *path = tu_write(name, texts[i]);
        int r = tu_leaks(load_and_free, path);
        if (r != 0) tu_fail(__FILE__, __LINE__, "source_load of \"%.30s…\" %s", texts[i], r > 0 ? "leaks memory" : "crashed");
        free(path);
        free(name);
    }
}
