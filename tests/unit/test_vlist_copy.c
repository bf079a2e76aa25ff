/* vlist_copy: a deep copy of a vertical list (the chapter layouts kept between passes and `watch`
 * rebuilds are copied each time they are paginated, which moves items out): the same dump, new
 * references to layouts, lines, images and formulas, notes, outline strings and structure elements
 * of its own, and a table header shared by its rows as the original's is. */
#define _GNU_SOURCE
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>

#include "vlist.h"
#include "util.h"
#include "test.h"

static char *tvc_dump(const vlist *l)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    vlist_dump(l, f);
    for (size_t i = 0; i < l->n; i++)
        fprintf(f, "outline %d %s %s %s header %s%s\n", l->v[i].outline_level, l->v[i].outline_title ? l->v[i].outline_title : "-",
                l->v[i].outline_dest ? l->v[i].outline_dest : "-", l->v[i].outline_mark ? l->v[i].outline_mark : "-",
                l->v[i].header ? "yes" : "no", l->v[i].owns_header ? " owned" : "");
    for (size_t i = 0; i < l->structs.n; i++)
        fprintf(f, "struct %s %d %s\n", page_role_name(l->structs.v[i].role), l->structs.v[i].parent,
                l->structs.v[i].alt ? l->structs.v[i].alt : "-");
    fclose(f);
    return s;
}

static int tvc_refs(gpointer obj) { return (int)G_OBJECT(obj)->ref_count; }

TEST(vlist_copy_is_deep)
{
    PangoFontMap *fm = pango_cairo_font_map_new();
    PangoContext *pc = pango_font_map_create_context(fm);
    PangoLayout *lay = pango_layout_new(pc);
    pango_layout_set_text(lay, "kept line", -1);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 4, 3);
    cairo_font_face_t *face = cairo_toy_font_face_create("serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    page_math *math = page_math_new(face);

    vlist l = {0};
    int sect = page_structs_add(&l.structs, PAGE_ROLE_SECT, 0, NULL);
    int fig = page_structs_add(&l.structs, PAGE_ROLE_FIGURE, sect, "a chart");
    vbox *b = vlist_add(&l, 12, VBOX_KEEP_WITH_NEXT);
    b->baseline = 9;
    page_items_text(&b->items, lay, 0, 1, 9);
    b->items.v[0].sid = sect;
    b->outline_level = 2;
    b->outline_title = util_xstrdup("1 Title");
    b->outline_dest = util_xstrdup("ch-title");
    b->outline_mark = util_xstrdup("Title");
    b->notes = util_xcalloc(1, sizeof *b->notes);
    vbox *nb = vlist_add(b->notes, 8, 0);
    page_items_text(&nb->items, lay, 0, 0, 6);
    page_items_dest(&nb->items, "note-1", 0, 0);
    b = vlist_add(&l, 30, VBOX_FLOAT);
    page_item *it = page_items_add(&b->items, PAGE_IMAGE);
    it->image = cairo_surface_reference(img);
    it->alt = util_xstrdup("a chart");
    it->w = 40;
    it->sid = fig;
    it = page_items_add(&b->items, PAGE_MATH);
    it->math = page_math_ref(math);
    it->alt = util_xstrdup("x^2");
    page_items_link(&b->items, 0, 0, 5, 5, "ch-title", true);
    /* A table: the header row's box owns the header, the next row shares it. */
    vbox *h = vlist_add(&l, 10, 0);
    h->header = util_xcalloc(1, sizeof *h->header);
    h->owns_header = true;
    h->header->height = 10;
    page_items_text(&h->header->items, lay, 0, 0, 8);
    vbox *row = vlist_add(&l, 10, 0);
    row->header = h->header;

    int lay_refs = tvc_refs(lay), img_refs = (int)cairo_surface_get_reference_count(img), math_refs = math->refs;
    vlist c;
    vlist_copy(&c, &l);
    char *a = tvc_dump(&l), *d = tvc_dump(&c);
    CHECK_STR(d, a);
    CHECK_INT(c.n, 4);
    /* Three text items (a line, a note's, the header's): each copy holds a reference of its own. */
    CHECK_INT(tvc_refs(lay), lay_refs + 3);
    CHECK_INT(cairo_surface_get_reference_count(img), img_refs + 1);
    CHECK_INT(math->refs, math_refs + 1);
    CHECK(c.v[0].outline_title != l.v[0].outline_title);
    CHECK(c.v[0].notes && c.v[0].notes != l.v[0].notes);
    CHECK(c.v[1].items.v[0].alt != l.v[1].items.v[0].alt);
    CHECK(c.structs.v != l.structs.v && c.structs.v[1].alt != l.structs.v[1].alt);
    CHECK(c.v[2].header && c.v[2].header != l.v[2].header && c.v[3].header == c.v[2].header);
    CHECK(c.v[2].owns_header && !c.v[3].owns_header);

    /* The copy outlives the original, and is used up by vlist_append as a chapter's list is. */
    vlist_free(&l);
    char *d2 = tvc_dump(&c);
    CHECK_STR(d2, a);
    vlist joined = {0};
    vlist_add(&joined, 1, 0);
    page_structs_add(&joined.structs, PAGE_ROLE_SECT, 0, NULL);
    vlist_append(&joined, &c);
    CHECK_INT(joined.n, 5);
    CHECK_INT(joined.structs.n, 3);
    vlist_free(&joined);
    CHECK_INT(tvc_refs(lay), lay_refs - 3);
    CHECK_INT(cairo_surface_get_reference_count(img), img_refs - 1);
    CHECK_INT(math->refs, math_refs - 1);
    free(a);
    free(d);
    free(d2);
    page_math_unref(math);
    cairo_font_face_destroy(face);
    cairo_surface_destroy(img);
    g_object_unref(lay);
    g_object_unref(pc);
    g_object_unref(fm);
}

/* A header whose owning box is not in the list: the copy's first row that uses it owns it. */
TEST(vlist_copy_header_without_owner)
{
    vbox_header *hdr = util_xcalloc(1, sizeof *hdr);
    hdr->height = 4;
    page_items_rect(&hdr->items, PAGE_FILL, 0, 0, 10, 4, (theme_color){0}, 0);
    vlist l = {0};
    for (int i = 0; i < 2; i++) vlist_add(&l, 5, 0)->header = hdr;
    vlist c;
    vlist_copy(&c, &l);
    CHECK(c.v[0].header && c.v[0].header != hdr && c.v[1].header == c.v[0].header);
    CHECK(c.v[0].owns_header && !c.v[1].owns_header);
    CHECK_INT(c.v[0].header->items.n, 1);
    vlist_free(&c);
    vlist_free(&l);
    page_items_free(&hdr->items);
    free(hdr);
}
