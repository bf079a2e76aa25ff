/* resolve: the decisions made once before layout — numbers and labels, notes in reading
 * order, cross-reference text, callout kinds, HTML tags as neutral kinds. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bookindex.h"
#include "diag.h"
#include "number.h"
#include "resolve.h"
#include "source.h"
#include "test.h"
#include "theme.h"
#include "util.h"

typedef struct rbook {
    theme th;
    source_chapter chs[2];
    size_t n;
} rbook;

/* Loads chapters (name, text pairs) from files, numbers and resolves them. */
static bool rbook_open(rbook *b, const char *name1, const char *text1, const char *name2, const char *text2)
{
    memset(b, 0, sizeof *b);
    if (!theme_load_file(&b->th, tu_theme_path())) return false;
    const char *names[2] = {name1, name2}, *texts[2] = {text1, text2};
    for (size_t i = 0; i < 2 && names[i]; i++) {
        char *rel = util_printf("resolve/%s", names[i]);
        char *path = tu_write(rel, texts[i]);
        bool ok = source_load(&b->chs[i], path, names[i]);
        free(path);
        free(rel);
        if (!ok) return false;
        b->n++;
    }
    number_book(b->chs, b->n, 2);
    for (size_t i = 0; i < b->n; i++) resolve_chapter_make(&b->th, NULL, b->chs, b->n, i);
    return true;
}

static void rbook_close(rbook *b)
{
    for (size_t i = 0; i < b->n; i++) source_free(&b->chs[i]);
    theme_free(&b->th);
}

/* The n-th node of a type in document order (0-based), or NULL. */
static cmark_node *nth_node(const source_chapter *ch, cmark_node_type type, int n)
{
    cmark_iter *it = cmark_iter_new(ch->doc);
    cmark_node *found = NULL;
    for (cmark_event_type ev; !found && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node *node = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(node) == type && n-- == 0) found = node;
    }
    cmark_iter_free(it);
    return found;
}

static const char *CH1 = "---\ntitle: One\n---\n"
                         "# Intro {#intro}\n\n"
                         "## Detail {#detail}\n\n"
                         "| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: Sizes {#sizes}\n\n"
                         "![Arch](arch.png \"The architecture\"){#arch}\n\n"
                         "![Second](b.png \"Second one\")\n\n";

TEST(resolve_numbers_and_float_labels)
{
    rbook b;
    REQUIRE(rbook_open(&b, "one.md", CH1, NULL, NULL));
    const source_chapter *ch = &b.chs[0];
    REQUIRE(ch->model != NULL);
    CHECK_STR(ch->model->label, "Chapter 1");
    const resolve_section *s = resolve_section_of(ch, ch->headings[1].node);
    REQUIRE(s != NULL);
    CHECK_STR(s->number, "1.2");
    CHECK_STR(s->outline, "1.2 Detail");
    CHECK_STR(s->dest, "c.one.detail");
    REQUIRE(ch->model->n_floats == 3);
    const resolve_float *t = resolve_float_of(ch, &ch->captions[0]);
    REQUIRE(t != NULL);
    CHECK_INT(t->kind, RESOLVE_FLOAT_TABLE);
    CHECK_STR(t->label, "Table 1.1:");
    CHECK_STR(t->text, "Sizes");
    /* Figures are numbered apart from tables. */
    CHECK_STR(resolve_float_of(ch, &ch->captions[1])->label, "Figure 1.1:");
    CHECK_STR(resolve_float_of(ch, &ch->captions[1])->text, "The architecture");
    CHECK_STR(resolve_float_of(ch, &ch->captions[2])->label, "Figure 1.2:");
    rbook_close(&b);
}

TEST(resolve_xref_text)
{
    rbook b;
    REQUIRE(rbook_open(&b, "one.md", CH1,
                       "two.md",
                       "---\ntitle: Two\nnumbering: unnumbered\n---\n"
                       "# Two\n\nSee [](one.md#detail), [](one.md#sizes), [](one.md#arch), [](one.md),\n"
                       "[](#two-anchor), [](two.md), [text](one.md#intro) and [](https://example.com/x).\n\n"
                       "<a id=\"two-anchor\"></a>\n"));
    const source_chapter *ch = &b.chs[1];
    const char *expect[][2] = {
        {"§1.2", "c.one.detail"}, {"Table 1.1", "c.one.sizes"}, {"Figure 1.1", "c.one.arch"}, {"Chapter 1", "c.one"},
        {"", "c.two.two-anchor"}, {"\xe2\x80\x9cTwo\xe2\x80\x9d", "c.two"},
    };
    for (int i = 0; i < 6; i++) {
        const resolve_link *l = resolve_link_of(ch, nth_node(ch, CMARK_NODE_LINK, i));
        REQUIRE(l != NULL);
        CHECK(l->internal && l->cites_page);
        CHECK_STR(l->text, expect[i][0]);
        CHECK_STR(l->dest, expect[i][1]);
    }
    const resolve_link *own = resolve_link_of(ch, nth_node(ch, CMARK_NODE_LINK, 6));
    REQUIRE(own != NULL);
    CHECK(own->text == NULL && !own->cites_page && own->internal);
    const resolve_link *ext = resolve_link_of(ch, nth_node(ch, CMARK_NODE_LINK, 7));
    REQUIRE(ext != NULL);
    CHECK(!ext->internal && !ext->cites_page && ext->note < 0); /* its text is its address */
    CHECK_STR(ext->text, "https://example.com/x");
    rbook_close(&b);
}

TEST(resolve_notes_in_reading_order)
{
    rbook b;
    /* Footnotes and link addresses are numbered together as they are read; the notes cited
     * inside a note come after the notes of the text that cites it; a repeat keeps its number. */
    REQUIRE(rbook_open(&b, "notes.md",
                       "---\ntitle: Notes\n---\n"
                       "Text[^b] then [site](https://example.com/s) then[^a] again[^b].\n\n"
                       "Later[^c].\n\n"
                       "[^a]: A cites[^n] and [a link](https://example.com/in-note).\n"
                       "[^b]: B.\n[^c]: C.\n[^n]: Nested.\n[^unused]: Never cited.\n",
                       NULL, NULL));
    const source_chapter *ch = &b.chs[0];
    REQUIRE(ch->model != NULL);
    CHECK_INT(ch->model->notes->len, 5);
    size_t k = 99;
    const resolve_note *nb = resolve_footnote_of(ch, nth_node(ch, CMARK_NODE_FOOTNOTE_REFERENCE, 0), &k);
    REQUIRE(nb != NULL);
    CHECK_INT(nb->number, 1);
    CHECK_INT(k, 0);
    CHECK_STR(nb->dest, "c.notes.note-1");
    const resolve_link *site = resolve_link_of(ch, nth_node(ch, CMARK_NODE_LINK, 0));
    REQUIRE(site != NULL);
    CHECK_INT(site->note, 1);
    CHECK_STR(resolve_note_at(ch, 1)->url, "https://example.com/s");
    CHECK_INT(resolve_note_at(ch, 1)->kind, RESOLVE_NOTE_URL);
    CHECK_INT(resolve_footnote_of(ch, nth_node(ch, CMARK_NODE_FOOTNOTE_REFERENCE, 1), &k)->number, 3); /* [^a] */
    CHECK_INT(resolve_footnote_of(ch, nth_node(ch, CMARK_NODE_FOOTNOTE_REFERENCE, 2), &k)->number, 1); /* [^b] again */
    /* [^n], cited in [^a]'s text, follows the notes of the first paragraph; [^c] comes after it. */
    CHECK_INT(resolve_footnote_of(ch, nth_node(ch, CMARK_NODE_FOOTNOTE_REFERENCE, 3), &k)->number, 5); /* [^c] */
    CHECK_INT(resolve_footnote_of(ch, nth_node(ch, CMARK_NODE_FOOTNOTE_REFERENCE, 4), &k)->number, 4); /* [^n] */
    /* Inside a note, a link's address follows its text instead of making a note. */
    const resolve_link *inner = resolve_link_of(ch, nth_node(ch, CMARK_NODE_LINK, 1));
    REQUIRE(inner != NULL);
    CHECK(inner->url_inline && inner->note < 0);
    rbook_close(&b);
}

TEST(resolve_callout_kinds)
{
    rbook b;
    REQUIRE(rbook_open(&b, "callouts.md",
                       "---\ntitle: Callouts\n---\n"
                       "> [!TIP]\n> Use it.\n\n> [!BOGUS]\n> Unknown.\n\n> Plain.\n\n> [!note] lower case\n",
                       NULL, NULL));
    const source_chapter *ch = &b.chs[0];
    const resolve_callout *tip = resolve_callout_of(ch, nth_node(ch, CMARK_NODE_BLOCK_QUOTE, 0));
    REQUIRE(tip != NULL);
    CHECK_STR(tip->kind->kind, "TIP");
    CHECK_INT(tip->marker_bytes, 6);
    CHECK(resolve_callout_of(ch, nth_node(ch, CMARK_NODE_BLOCK_QUOTE, 1)) == NULL);
    CHECK_DIAG("callouts.md", 7, 1, "unknown callout kind [!BOGUS]");
    CHECK(resolve_callout_of(ch, nth_node(ch, CMARK_NODE_BLOCK_QUOTE, 2)) == NULL);
    const resolve_callout *low = resolve_callout_of(ch, nth_node(ch, CMARK_NODE_BLOCK_QUOTE, 3));
    REQUIRE(low != NULL);
    CHECK_STR(low->kind->kind, "NOTE");
    rbook_close(&b);
}

TEST(resolve_html_kinds)
{
    CHECK_INT(resolve_html_kind_of("kbd"), RESOLVE_HTML_KEYBOARD);
    CHECK_INT(resolve_html_kind_of("strong"), RESOLVE_HTML_BOLD);
    CHECK_INT(resolve_html_kind_of("sup"), RESOLVE_HTML_SUP);
    CHECK_INT(resolve_html_kind_of("details"), RESOLVE_HTML_CONTAINER);
    CHECK_INT(resolve_html_kind_of("td"), RESOLVE_HTML_CELL);
    CHECK_INT(resolve_html_kind_of("blink"), RESOLVE_HTML_UNKNOWN);
    rbook b;
    REQUIRE(rbook_open(&b, "html.md",
                       "---\ntitle: HTML\n---\n"
                       "Press <kbd>Ctrl</kbd>, H<sub>2</sub>O,<br><a id=\"here\" href=\"#here\">x</a>\n"
                       "<img src=\"p.png\" alt=\"A\" width=\"96\"> <blink>b</blink> <img alt=\"no src\">\n",
                       NULL, NULL));
    const source_chapter *ch = &b.chs[0];
    cmark_node *kbd = nth_node(ch, CMARK_NODE_HTML_INLINE, 0);
    REQUIRE(kbd != NULL);
    const resolve_html_elem *e = resolve_html_at(ch, kbd, 0);
    REQUIRE(e != NULL);
    CHECK_INT(e->kind, RESOLVE_HTML_KEYBOARD);
    CHECK(!e->closing);
    CHECK(resolve_html_at(ch, kbd, 1) == NULL); /* only where a tag starts */
    CHECK_INT(resolve_html_at(ch, nth_node(ch, CMARK_NODE_HTML_INLINE, 1), 0)->closing, 1);
    CHECK_INT(resolve_html_at(ch, nth_node(ch, CMARK_NODE_HTML_INLINE, 4), 0)->kind, RESOLVE_HTML_BREAK);
    const resolve_html_elem *a = resolve_html_at(ch, nth_node(ch, CMARK_NODE_HTML_INLINE, 5), 0);
    REQUIRE(a != NULL);
    CHECK_INT(a->kind, RESOLVE_HTML_LINK);
    CHECK_STR(a->anchor, "c.html.here");
    CHECK_STR(a->target, "c.html.here");
    CHECK(a->internal);
    const resolve_html_elem *img = resolve_html_at(ch, nth_node(ch, CMARK_NODE_HTML_INLINE, 7), 0);
    REQUIRE(img != NULL);
    CHECK_INT(img->kind, RESOLVE_HTML_IMAGE);
    CHECK_STR(img->target, "p.png");
    CHECK_STR(img->alt, "A");
    CHECK_NEAR(img->width, 72, 1e-9); /* 96 CSS pixels */
    CHECK_DIAG("html.md", 5, 38, "unsupported HTML tag <blink>");
    CHECK_DIAG("html.md", 5, 55, "<img> without a src attribute");
    rbook_close(&b);
}

TEST(resolve_dump_lists_decisions)
{
    rbook b;
    REQUIRE(rbook_open(&b, "one.md", CH1 /* a table, two figures */, "two.md",
                       "---\ntitle: Two\n---\nSee [](one.md#sizes)[^x].\n\n> [!NOTE]\n> N.\n\n[^x]: X.\n"));
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    REQUIRE(f != NULL);
    resolve_dump(b.chs, b.n, f);
    fclose(f);
    CHECK(tu_contains(text, "chapter one \"One\" label Chapter 1 outline \"1 One\" mark \"1 One\"\n"));
    CHECK(tu_contains(text, "float table 1.1 label \"Table 1.1:\" id sizes caption \"Sizes\""));
    CHECK(tu_contains(text, "4:5 link internal c.one.sizes text \"Table 1.1\" +page"));
    CHECK(tu_contains(text, "callout NOTE \"Note\""));
    CHECK(tu_contains(text, "note 1 footnote -> c.two.note-1"));
    free(text);
    rbook_close(&b);
}

TEST(resolve_list_items)
{
    rbook b;
    REQUIRE(rbook_open(&b, "lists.md",
                       "---\ntitle: Lists\nshort_title: L\n---\n"
                       "3) three\n4) four\n\n- [x] done\n- [ ] open\n- plain\n",
                       NULL, NULL));
    const source_chapter *ch = &b.chs[0];
    CHECK_STR(ch->model->mark, "1 L"); /* the running head takes short_title */
    CHECK_STR(ch->model->outline, "1 Lists");
    const resolve_item *i3 = resolve_item_of(ch, nth_node(ch, CMARK_NODE_ITEM, 0));
    const resolve_item *i4 = resolve_item_of(ch, nth_node(ch, CMARK_NODE_ITEM, 1));
    REQUIRE(i3 && i4);
    CHECK_STR(i3->marker, "3)");
    CHECK_STR(i4->marker, "4)");
    const resolve_item *done = resolve_item_of(ch, nth_node(ch, CMARK_NODE_ITEM, 2));
    const resolve_item *open = resolve_item_of(ch, nth_node(ch, CMARK_NODE_ITEM, 3));
    const resolve_item *plain = resolve_item_of(ch, nth_node(ch, CMARK_NODE_ITEM, 4));
    REQUIRE(done && open && plain);
    CHECK(done->task && done->checked && !done->marker);
    CHECK(open->task && !open->checked);
    CHECK(!plain->task && !plain->marker);
    rbook_close(&b);
}

TEST(resolve_remote_images)
{
    rbook b;
    REQUIRE(rbook_open(&b, "img.md",
                       "---\ntitle: Images\n---\n"
                       "![CI *status*](https://example.com/badge.svg) ![local](p.png) <img src=\"//cdn/x.png\" alt=\"cdn\">\n",
                       NULL, NULL));
    const source_chapter *ch = &b.chs[0];
    const resolve_image *badge = resolve_image_of(ch, nth_node(ch, CMARK_NODE_IMAGE, 0));
    const resolve_image *local = resolve_image_of(ch, nth_node(ch, CMARK_NODE_IMAGE, 1));
    REQUIRE(badge && local);
    CHECK(badge->remote);
    CHECK_STR(badge->alt, "CI status");
    CHECK(!local->remote);
    CHECK_STR(local->src, "p.png");
    const resolve_html_elem *cdn = resolve_html_at(ch, nth_node(ch, CMARK_NODE_HTML_INLINE, 0), 0);
    REQUIRE(cdn != NULL);
    CHECK(cdn->kind == RESOLVE_HTML_IMAGE && cdn->remote);
    CHECK_STR(cdn->alt, "cdn");
    rbook_close(&b);
}

/* A heading's structure tag, bookmark and contents levels are decided with its number: under
 * numbering depth 2, #### is unnumbered, tagged H4, has no bookmark and is at contents level 4. */
TEST(resolve_heading_levels)
{
    rbook b;
    REQUIRE(rbook_open(&b, "lv.md", "---\ntitle: Levels\n---\n# One\n\n## Two\n\n### Three\n\n#### Four\n\n###### Six\n", NULL,
                       NULL));
    const source_chapter *ch = &b.chs[0];
    REQUIRE(ch->n_headings == 5);
    const int expect[][4] = {/* role, outline, toc, numbered */ {2, 3, 2, 1}, {2, 3, 2, 1}, {3, 4, 3, 1}, {4, 0, 4, 0}, {6, 0, 6, 0}};
    for (size_t i = 0; i < 5; i++) {
        const resolve_section *s = resolve_section_of(ch, ch->headings[i].node);
        REQUIRE(s != NULL);
        CHECK_INT(s->role, expect[i][0]);
        CHECK_INT(s->outline_level, expect[i][1]);
        CHECK_INT(s->toc_level, expect[i][2]);
        CHECK_INT(s->number != NULL, expect[i][3]);
    }
    CHECK_STR(resolve_section_of(ch, ch->headings[2].node)->number, "1.2.1");
    rbook_close(&b);
}

/* What a fence is and whether its lines are numbered: the theme's default (off), {.numberLines},
 * {.noNumberLines}; dot, mermaid flowcharts and ```math are not code; a mermaid pie chart and a
 * calc block without results (no variables) are set as code. */
TEST(resolve_code_blocks)
{
    rbook b;
    REQUIRE(rbook_open(&b, "code.md",
                       "---\ntitle: Code\n---\n# Code\n\n"
                       "```python\nx = 1\n```\n\n"
                       "```python {.numberLines}\nx = 1\ny = 2\n```\n\n"
                       "```{.sql .noNumberLines}\nselect 1\n```\n\n"
                       "```dot Data flow {#fig-flow}\ndigraph { a -> b }\n```\n\n"
                       "```dot\ndigraph { c -> d }\n```\n\n"
                       "```mermaid\nflowchart LR\n  a --> b\n```\n\n"
                       "```mermaid\npie title Pets\n  \"Dogs\" : 3\n```\n\n"
                       "```calc .numberLines\nx = 1\n```\n\n"
                       "```math\nE = mc^2\n```\n\n"
                       "    indented\n",
                       NULL, NULL));
    const source_chapter *ch = &b.chs[0];
    const resolve_code_kind kinds[] = {RESOLVE_CODE_TEXT,    RESOLVE_CODE_TEXT, RESOLVE_CODE_TEXT, RESOLVE_CODE_DOT,
                                       RESOLVE_CODE_DOT,     RESOLVE_CODE_MERMAID, RESOLVE_CODE_TEXT, RESOLVE_CODE_TEXT,
                                       RESOLVE_CODE_MATH,    RESOLVE_CODE_TEXT};
    const bool numbers[] = {false, true, false, false, false, false, false, true, false, false};
    for (int i = 0; i < 10; i++) {
        const resolve_code *rc = resolve_code_of(ch, nth_node(ch, CMARK_NODE_CODE_BLOCK, i));
        REQUIRE(rc != NULL);
        CHECK_INT(rc->kind, kinds[i]);
        CHECK_INT(rc->numbers, numbers[i]);
    }
    CHECK_STR(resolve_code_of(ch, nth_node(ch, CMARK_NODE_CODE_BLOCK, 1))->info, "python {.numberLines}");
    CHECK(resolve_code_of(ch, nth_node(ch, CMARK_NODE_CODE_BLOCK, 9))->info == NULL);
    /* The language the highlighter is asked for: the first word, lower case, braces and dots aside. */
    CHECK_STR(resolve_code_of(ch, nth_node(ch, CMARK_NODE_CODE_BLOCK, 1))->lang, "python");
    CHECK_STR(resolve_code_of(ch, nth_node(ch, CMARK_NODE_CODE_BLOCK, 2))->lang, "sql");
    CHECK(resolve_code_of(ch, nth_node(ch, CMARK_NODE_CODE_BLOCK, 9))->lang == NULL);
    CHECK(resolve_code_of(ch, nth_node(ch, CMARK_NODE_CODE_BLOCK, 3))->lang == NULL); /* a diagram */
    char *cpp = resolve_code_language(" {.C++ title=x}");
    CHECK_STR(cpp, "c++");
    g_free(cpp);
    char *opt = resolve_code_language("{.numberLines}"); /* an option alone reads as a language, as before */
    CHECK_STR(opt, "numberlines");
    g_free(opt);
    CHECK(resolve_code_language("  {") == NULL);
    /* A diagram's accessible text: its caption, else the theme's "Figure"; code has none. */
    CHECK_STR(resolve_code_of(ch, nth_node(ch, CMARK_NODE_CODE_BLOCK, 3))->say, "Data flow");
    CHECK_STR(resolve_code_of(ch, nth_node(ch, CMARK_NODE_CODE_BLOCK, 4))->say, b.th.label_figure);
    CHECK_STR(resolve_code_of(ch, nth_node(ch, CMARK_NODE_CODE_BLOCK, 5))->say, "Figure");
    CHECK(resolve_code_of(ch, nth_node(ch, CMARK_NODE_CODE_BLOCK, 0))->say == NULL);
    const resolve_formula *fm = resolve_formula_of(ch, nth_node(ch, CMARK_NODE_CODE_BLOCK, 8));
    REQUIRE(fm != NULL);
    CHECK(fm->block && fm->display && !fm->numbers);
    CHECK_STR(fm->tex, "E = mc^2\n");
    rbook_close(&b);
    /* The theme's default turns every block's numbers on, except where a block turns them off. */
    REQUIRE(rbook_open(&b, "code2.md", "---\ntitle: Code\n---\n```sql\ns\n```\n\n```sql .noNumberLines\ns\n```\n", NULL, NULL));
    b.th.code_line_numbers = true;
    resolve_chapter_make(&b.th, NULL, b.chs, b.n, 0);
    CHECK(resolve_code_of(&b.chs[0], nth_node(&b.chs[0], CMARK_NODE_CODE_BLOCK, 0))->numbers);
    CHECK(!resolve_code_of(&b.chs[0], nth_node(&b.chs[0], CMARK_NODE_CODE_BLOCK, 1))->numbers);
    rbook_close(&b);
}

/* A paragraph holding only $$…$$ (blanks aside) is a display formula; display math beside text
 * (in a table cell, where it is not split out) and inline $…$ are formulas in the text. */
TEST(resolve_display_math)
{
    rbook b;
    REQUIRE(rbook_open(&b, "m.md",
                       "---\ntitle: M\n---\nText $a+b$ here.\n\n$$x^2$$\n\n| c |\n|---|\n| $$y$$ and z |\n", NULL, NULL));
    const source_chapter *ch = &b.chs[0];
    cmark_node *p0 = nth_node(ch, CMARK_NODE_PARAGRAPH, 0), *p1 = nth_node(ch, CMARK_NODE_PARAGRAPH, 1);
    CHECK(resolve_formula_of(ch, p0) == NULL);
    const resolve_formula *block = resolve_formula_of(ch, p1);
    REQUIRE(block != NULL);
    CHECK(block->block && block->display);
    CHECK_STR(block->tex, "x^2");
    REQUIRE(block->math != NULL && block->math != p1);
    const resolve_formula *in_block = resolve_formula_of(ch, block->math);
    REQUIRE(in_block != NULL);
    CHECK(!in_block->block && in_block->display);
    int inl = 0, cell_display = 0;
    cmark_iter *it = cmark_iter_new(ch->doc);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        const resolve_formula *f = ev == CMARK_EVENT_ENTER ? resolve_formula_of(ch, cmark_iter_get_node(it)) : NULL;
        if (f && !f->block && !f->display) inl++;
        if (f && !f->block && f->display && f != in_block) cell_display++;
    }
    cmark_iter_free(it);
    CHECK_INT(inl, 1);
    CHECK_INT(cell_display, 1);
    rbook_close(&b);
}

/* A figure's accessible text: its alt, else its caption, else "Figure"; printed in its place when
 * it cannot be loaded: its alt, else its address. The same for HTML <img>. */
TEST(resolve_figure_texts)
{
    rbook b;
    REQUIRE(rbook_open(&b, "fig.md",
                       "---\ntitle: F\n---\n![Arch](a.png \"The caption\")\n\n![](b.png \"Only a caption\")\n\n![](c.png)\n\n"
                       "<img src=\"d.png\">\n\n<img src=\"e.png\" alt=\"Boxes\">\n",
                       NULL, NULL));
    const source_chapter *ch = &b.chs[0];
    const char *say[] = {"Arch", "Only a caption", "Figure"}, *missing[] = {"Arch", "b.png", "c.png"};
    for (int i = 0; i < 3; i++) {
        const resolve_image *im = resolve_image_of(ch, nth_node(ch, CMARK_NODE_IMAGE, i));
        REQUIRE(im != NULL);
        CHECK_STR(im->say, say[i]);
        CHECK_STR(im->missing, missing[i]);
    }
    const resolve_html_elem *d = resolve_html_at(ch, nth_node(ch, CMARK_NODE_HTML_BLOCK, 0), 0);
    REQUIRE(d != NULL && d->kind == RESOLVE_HTML_IMAGE);
    CHECK_STR(d->say, "Figure");
    CHECK_STR(d->missing, "d.png");
    const resolve_html_elem *e = resolve_html_at(ch, nth_node(ch, CMARK_NODE_HTML_BLOCK, 1), 0);
    REQUIRE(e != NULL);
    CHECK_STR(e->say, "Boxes");
    CHECK_STR(e->missing, "Boxes");
    rbook_close(&b);
}

/* An index entry's "see" texts: each target once, in book order, "; " between; its letter group
 * (the theme's label for terms that start with no letter). */
TEST(resolve_index_see_texts)
{
    theme th;
    REQUIRE(theme_load_file(&th, tu_theme_path()));
    bookindex ix;
    memset(&ix, 0, sizeof ix);
    CHECK_INT(bookindex_parse(&ix, "KV store | see feature store", "a.md", 1, 1), 1);
    CHECK_INT(bookindex_parse(&ix, "KV store | see also caching", "a.md", 2, 1), 1);
    CHECK_INT(bookindex_parse(&ix, "KV store | see feature store", "a.md", 3, 1), 1);
    CHECK_INT(bookindex_parse(&ix, "KV store | see cache", "a.md", 4, 1), 1);
    CHECK_INT(bookindex_parse(&ix, "95th percentile", "a.md", 5, 1), 1);
    size_t cap = 0;
    bookindex_entry *kv = UTIL_PUSH(ix.entries, ix.n_entries, cap);
    memset(kv, 0, sizeof *kv);
    kv->term = ix.marks[0].term;
    for (size_t k = 0; k < 4; k++) *UTIL_PUSH(kv->marks, kv->n_marks, kv->cap_marks) = k;
    bookindex_entry *p95 = UTIL_PUSH(ix.entries, ix.n_entries, cap);
    memset(p95, 0, sizeof *p95);
    p95->term = ix.marks[4].term;
    *UTIL_PUSH(p95->marks, p95->n_marks, p95->cap_marks) = 4;
    bookindex_texts(&ix, &th);
    CHECK_STR(ix.entries[0].see, "feature store; cache");
    CHECK_STR(ix.entries[0].see_also, "caching");
    CHECK_STR(ix.entries[0].group, "K");
    CHECK(ix.entries[1].see == NULL && ix.entries[1].see_also == NULL);
    CHECK_STR(ix.entries[1].letter, "");
    CHECK_STR(ix.entries[1].group, th.label_index_symbols);
    bookindex_free(&ix);
    theme_free(&th);
}

/* Resolving again (a watch rebuild) replaces the model; freeing the chapter frees it. */
static void resolve_twice_and_free(void *arg)
{
    (void)arg;
    rbook b;
    if (rbook_open(&b, "leak.md",
                   "---\ntitle: Leak\n---\n# H\n\nA[^a] [l](https://example.com/l) <b>b</b> <a href=\"#h\">h</a>\n\n"
                   "> [!NOTE]\n> N.\n\n1. one\n\n![x](https://example.com/x.png)\n\n[^a]: A.\n",
                   NULL, NULL))
        resolve_chapter_make(&b.th, NULL, b.chs, b.n, 0);
    rbook_close(&b);
}

TEST(resolve_model_freed_with_chapter)
{
    CHECK_INT(tu_leaks(resolve_twice_and_free, NULL), 0);
}
