/* The PDF writer's structure tags: whatever order a page's items come in, and
 * however an element is spread over pages, the tags nest and the file is valid. */
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>

#include "pdf.h"
#include "util.h"
#include "test.h"

/* A small tree: Sect > H2, P, L > LI > (Lbl, LBody > P), Table > TR > TD, Figure, Note > P. */
static void test_pdf_structs(page_structs *s, int *leaves, int *n_leaves, int *figure)
{
    int sect = page_structs_add(s, PAGE_ROLE_SECT, 0, NULL);
    int n = 0;
    leaves[n++] = page_structs_add(s, PAGE_ROLE_H2, sect, NULL);
    leaves[n++] = page_structs_add(s, PAGE_ROLE_P, sect, NULL);
    int l = page_structs_add(s, PAGE_ROLE_L, sect, NULL), li = page_structs_add(s, PAGE_ROLE_LI, l, NULL);
    leaves[n++] = page_structs_add(s, PAGE_ROLE_LBL, li, NULL);
    leaves[n++] = page_structs_add(s, PAGE_ROLE_P, page_structs_add(s, PAGE_ROLE_LBODY, li, NULL), NULL);
    int t = page_structs_add(s, PAGE_ROLE_TABLE, sect, NULL), tr = page_structs_add(s, PAGE_ROLE_TR, t, NULL);
    leaves[n++] = page_structs_add(s, PAGE_ROLE_TD, tr, NULL);
    leaves[n++] = page_structs_add(s, PAGE_ROLE_P, page_structs_add(s, PAGE_ROLE_NOTE, sect, NULL), NULL);
    leaves[n++] = sect;
    leaves[n++] = 0;
    *figure = page_structs_add(s, PAGE_ROLE_FIGURE, sect, "a square");
    *n_leaves = n;
}

TEST(pdf_tags_any_item_order)
{
    PangoFontMap *fm = pango_cairo_font_map_new();
    PangoContext *pc = pango_font_map_create_context(fm);
    PangoLayout *lay = pango_layout_new(pc);
    pango_layout_set_text(lay, "word", -1);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 4, 4);
    unsigned seed = 12345;
    for (int round = 0; round < 40; round++) {
        page_doc doc = {0};
        doc.width = 200;
        doc.height = 200;
        int leaves[16], n_leaves = 0, figure = 0;
        test_pdf_structs(&doc.structs, leaves, &n_leaves, &figure);
        for (int p = 0; p < 3; p++) {
            page *pg = UTIL_PUSH(doc.pages, doc.n_pages, doc.cap_pages);
            memset(pg, 0, sizeof *pg);
            pg->label = util_printf("%d", p + 1);
            for (int i = 0; i < 14; i++) {
                seed = seed * 1103515245u + 12345u;
                unsigned r = seed >> 16;
                int sid = leaves[r % (unsigned)n_leaves];
                switch ((r / 16) % 7) {
                case 0:
                case 1:
                case 2: page_items_text(&pg->items, lay, 0, 10, 20 + i * 10); break;
                case 3: page_items_rect(&pg->items, PAGE_FILL, 5, 5 + i, 50, 3, (theme_color){0.5, 0.5, 0.5}, 0); break;
                case 4: page_items_link(&pg->items, 10, 10 + i, 30, 8, "https://example.org/", false); break;
                case 5: {
                    page_item *it = page_items_add(&pg->items, PAGE_IMAGE);
                    it->x = 100;
                    it->y = 10 + i;
                    it->w = it->h = 8;
                    it->image = cairo_surface_reference(img);
                    it->alt = util_xstrdup("a square");
                    sid = (r / 128) % 2 ? figure : sid;
                    break;
                }
                default:
                    page_items_text(&pg->items, lay, 0, 10, 190);
                    pg->items.v[pg->items.n - 1].artifact = true;
                }
                pg->items.v[pg->items.n - 1].sid = sid;
            }
        }
        char *path = util_printf("%s/tags-%d.pdf", tu_tmpdir(), round);
        pdf_meta meta = {"T", "A", "", "", "test", "en", 0};
        bool ok = pdf_write(&doc, &meta, path, path);
        if (!ok) tu_fail(__FILE__, __LINE__, "round %d: pdf_write failed: %s", round, tu_diag_dump());
        char *cmd = util_printf("qpdf --check '%s' >/dev/null 2>&1", path);
        int rc = system(cmd);
        if (ok && rc != 0) tu_fail(__FILE__, __LINE__, "round %d: qpdf --check exit %d", round, rc);
        free(cmd);
        free(path);
        page_doc_free(&doc);
    }
    cairo_surface_destroy(img);
    g_object_unref(lay);
    g_object_unref(pc);
    g_object_unref(fm);
}
