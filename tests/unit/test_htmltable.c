/* htmltable: HTML <table> blocks read into a grid of cells (header rows, spans,
 * alignment, captions, tables split by blank lines, malformed and huge tables). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "source.h"
#include "test.h"
#include "util.h"

static bool load_md(source_chapter *ch, const char *text)
{
    char *path = tu_write_n("src/ht.md", text, strlen(text));
    bool ok = source_load(ch, path, "ht.md");
    free(path);
    return ok;
}

static const htmltable_cell *cell(const htmltable *t, size_t r, size_t k) { return &t->cells[r * t->cols + k]; }

TEST(htmltable_grid_header_spans_align)
{
    source_chapter ch;
    CHECK(load_md(&ch, "---\ntitle: T\n---\n\n"
                       "<table>\n<caption>Owners {#tbl-own}</caption>\n"
                       "<tr><th>A</th><th>B</th><th>C</th></tr>\n"
                       "<tr><td rowspan=\"2\">x</td><td colspan=\"2\" align=\"right\">y</td></tr>\n"
                       "<tr><td style=\"text-align: center\">z</td><td>w</td></tr>\n"
                       "</table>\n"));
    CHECK_INT(ch.n_htmltables, 1);
    if (ch.n_htmltables != 1) return;
    const htmltable *t = &ch.htmltables[0].t;
    CHECK_INT(t->rows, 3);
    CHECK_INT(t->cols, 3);
    CHECK_INT(t->header_rows, 1);
    CHECK(cell(t, 0, 0)->header);
    CHECK_INT(cell(t, 1, 1)->span, 2);
    CHECK_INT(cell(t, 1, 2)->span, 0);       /* covered by the colspan */
    CHECK_INT(cell(t, 1, 1)->align, 'r');
    CHECK_INT(cell(t, 2, 0)->span, 0);       /* covered by the rowspan */
    CHECK_INT(cell(t, 2, 1)->align, 'c');
    const source_caption *cap = source_htmltable_caption(&ch, 0);
    CHECK(cap != NULL);
    if (cap) {
        CHECK_STR(cap->text, "Owners");
        CHECK_STR(cap->id, "tbl-own");
    }
    CHECK_INT(diag_warnings(), 0);
    source_free(&ch);
}

TEST(htmltable_split_by_blank_lines)
{
    source_chapter ch;
    CHECK(load_md(&ch, "---\ntitle: T\n---\n\n"
                       "<table>\n<tr>\n<td>\n\n**Bold** text\n\n- a\n- b\n\n</td>\n<td>right</td>\n</tr>\n</table>\n\nAfter.\n"));
    CHECK_INT(ch.n_htmltables, 1);
    if (ch.n_htmltables != 1) return;
    const htmltable *t = &ch.htmltables[0].t;
    CHECK_INT(t->rows, 1);
    CHECK_INT(t->cols, 2);
    CHECK(t->first != t->last);
    CHECK_INT(cell(t, 0, 0)->n, 2);          /* the paragraph and the list */
    cmark_node *para = cmark_node_next(t->first);
    const source_html_block *hb = source_find_html_block(&ch, para);
    CHECK(hb && hb->inside);
    CHECK(source_find_html_block(&ch, cmark_node_next(t->last)) == NULL); /* "After." is not in it */
    source_free(&ch);
}

TEST(htmltable_malformed_bounded)
{
    util_buf b = {0};
    util_buf_adds(&b, "---\ntitle: T\n---\n\n<table><tr>");
    for (int i = 0; i < 5000; i++) util_buf_adds(&b, "<td>c</td>");
    util_buf_adds(&b, "</tr></table>\n\n<table><tr><td colspan=\"999999999999\">w</td></td></tr></tr><td>x\n\n<table>\n\nend\n");
    source_chapter ch;
    CHECK(load_md(&ch, b.s));
    CHECK_INT(ch.n_htmltables, 3);
    if (ch.n_htmltables == 3) {
        CHECK_INT(ch.htmltables[0].t.cols, HTMLTABLE_MAX_COLUMNS);
        CHECK_INT(ch.htmltables[1].t.cols, HTMLTABLE_MAX_COLUMNS);
        CHECK_INT(ch.htmltables[1].t.rows, 2);
        CHECK_INT(ch.htmltables[2].t.rows, 0);  /* an empty, unclosed table */
    }
    CHECK(tu_has_diag("ht.md", 5, 1, "more than 64 columns"));
    CHECK(tu_has_diag("ht.md", 7, 1, "more than 64 columns"));
    CHECK(tu_has_diag("ht.md", 7, 1, "<table> is not closed"));
    CHECK(tu_has_diag("ht.md", 9, 1, "<table> is not closed"));
    source_free(&ch);
    util_buf_free(&b);
}

TEST(htmltable_table_paragraph_caption)
{
    source_chapter ch;
    CHECK(load_md(&ch, "---\ntitle: T\n---\n\n"
                       "<table><tr><th>A</th></tr><tr><td>1</td></tr></table>\n\n"
                       "Table: Latency per stage {#tbl-lat}\n"));
    CHECK_INT(ch.n_htmltables, 1);
    const source_caption *cap = source_htmltable_caption(&ch, 0);
    CHECK(cap != NULL);
    if (cap) {
        CHECK_STR(cap->text, "Latency per stage");
        CHECK_STR(cap->id, "tbl-lat");
        CHECK(cap->para != NULL && source_find_caption(&ch, cap->para) == cap); /* not printed where it stands */
        CHECK(source_find_caption(&ch, cap->node) == NULL); /* the HTML block is no GFM table */
    }
    source_free(&ch);
}
