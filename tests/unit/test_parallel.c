/* Pieces of the parallel layout (issue 11): diagnostics sinks, joining vertical
 * lists, the shared figure cache, one cairo face per font file for every thread. */
#include <glib.h>
#include <stdlib.h>

#include "diag.h"
#include "figure.h"
#include "fontfaces.h"
#include "fonts.h"
#include "test.h"
#include "util.h"
#include "vlist.h"

typedef struct sink_task {
    diag_sink *sink;
    int chapter;
} sink_task;

static gpointer sink_worker(gpointer p)
{
    sink_task *t = p;
    diag_sink_set(t->sink);
    for (int i = 0; i < 50; i++) diag_warning("ch.md", t->chapter, i + 1, "note %d of chapter %d", i, t->chapter);
    diag_sink_set(NULL);
    return NULL;
}

TEST(parallel_diag_sinks_keep_chapter_order)
{
    diag_sink sinks[4] = {{0}};
    sink_task tasks[4];
    GThread *th[4];
    /* Filled by four threads at once, in any order... */
    for (int i = 0; i < 4; i++) {
        tasks[i] = (sink_task){&sinks[i], i + 1};
        th[i] = g_thread_new("t", sink_worker, &tasks[i]);
    }
    for (int i = 0; i < 4; i++) g_thread_join(th[i]);
    CHECK(diag_warnings() == 0); /* nothing reported while in a sink */
    /* ...reported in the order flushed. */
    for (int i = 0; i < 4; i++) {
        CHECK(sinks[i].n == 50);
        diag_sink_flush(&sinks[i]);
        CHECK(sinks[i].n == 0);
        diag_sink_free(&sinks[i]);
    }
    size_t n = 0;
    const diag_entry *e = diag_entries(&n);
    CHECK(n == 200);
    for (size_t k = 0; k < n && k < 200; k++) {
        CHECK(e[k].line == (int)(k / 50) + 1);
        CHECK(e[k].col == (int)(k % 50) + 1);
    }
    CHECK(diag_warnings() == 200);
}

TEST(parallel_diag_sink_flush_applies_mute_and_werror)
{
    diag_sink s = {0};
    diag_sink_set(&s);
    diag_warning("a.md", 3, 4, "later");
    diag_sink_set(NULL);
    diag_mute(true);
    diag_sink_flush(&s);
    diag_mute(false);
    CHECK(diag_warnings() == 0);
    diag_sink_set(&s);
    diag_warning("a.md", 3, 4, "with werror");
    diag_sink_set(NULL);
    diag_set_werror(true);
    diag_sink_flush(&s);
    diag_set_werror(false);
    CHECK(diag_errors() == 1);
    CHECK_DIAG("a.md", 3, 4, "with werror");
    diag_sink_free(&s);
}

TEST(parallel_vlist_append_shifts_structure)
{
    vlist a = {0}, b = {0};
    int sa = page_structs_add(&a.structs, PAGE_ROLE_SECT, 0, NULL);
    vbox *x = vlist_add(&a, 10, 0);
    page_items_rect(&x->items, PAGE_FILL, 0, 0, 5, 5, (theme_color){0, 0, 0}, 1);
    x->items.v[0].sid = sa;
    int sb = page_structs_add(&b.structs, PAGE_ROLE_SECT, 0, NULL);
    int pb = page_structs_add(&b.structs, PAGE_ROLE_P, sb, NULL);
    vbox *y = vlist_add(&b, 20, VBOX_KEEP_WITH_NEXT);
    page_items_rect(&y->items, PAGE_FILL, 0, 0, 5, 5, (theme_color){0, 0, 0}, 1);
    y->items.v[0].sid = pb;
    y->notes = util_xcalloc(1, sizeof *y->notes);
    vbox *nb = vlist_add(y->notes, 8, 0);
    page_items_rect(&nb->items, PAGE_FILL, 0, 0, 5, 5, (theme_color){0, 0, 0}, 1);
    nb->items.v[0].sid = sb;
    vlist_append(&a, &b);
    CHECK(b.n == 0 && b.structs.n == 0);
    CHECK(a.n == 2 && a.structs.n == 3);
    CHECK(a.v[1].height == 20 && a.v[1].flags == VBOX_KEEP_WITH_NEXT);
    CHECK(a.v[1].items.v[0].sid == pb + 1);           /* shifted by a's one element */
    CHECK(a.structs.v[pb + 1 - 1].parent == sb + 1);  /* and so are parents */
    CHECK(a.structs.v[sb + 1 - 1].parent == 0);       /* the document stays 0 */
    CHECK(a.v[1].notes->v[0].items.v[0].sid == sb + 1);
    CHECK(a.v[0].items.v[0].sid == sa);
    vlist_free(&a);
    vlist_free(&b);
}

TEST(parallel_figure_cache_keeps_first_and_budget)
{
    figure_cache *c = figure_cache_new();
    figure f = {0};
    f.raster = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 4);
    f.width = f.height = 3;
    const figure *a = figure_cache_add(c, "file:x", &f);
    CHECK(a != NULL);
    figure g = f;
    g.width = 9;
    /* A second store of the same key (another thread decoded it too) keeps the first. */
    const figure *b = figure_cache_add(c, "file:x", &g);
    CHECK(a == b && b->width == 3);
    figure_cache_put(c, "file:x", &g);
    CHECK(figure_cache_get(c, "file:x") == a);
    CHECK(!figure_cache_refused(c));
    figure_cache_clear(c);
    CHECK(figure_cache_get(c, "file:x") == NULL);
    figure_free(&f);
    figure_cache_free(c);
}

/* The fonts/ of the source tree (next to templates/). */
static char *fonts_dir_of_tree(void)
{
    char *tpl = util_path_dir(tu_theme_path());
    char *root = util_path_dir(tpl);
    char *dir = util_path_join(root, "fonts");
    free(tpl);
    free(root);
    return dir;
}

static bool faces_has(const fonts *f, cairo_font_face_t *face)
{
    for (guint i = 0; f->faces && i < f->faces->len; i++)
        if (g_ptr_array_index(f->faces, i) == face) return true;
    return false;
}

/* Every face of every family of set's font map, in four styles (a family without bold or
 * italic gets its regular face), is drawn with a face made when the main set opened. */
static int faces_check_map(const fonts *main, const fonts *set, int *missing)
{
    PangoFontFamily **fams = NULL;
    int n = 0, checked = 0;
    pango_font_map_list_families(set->map, &fams, &n);
    for (int i = 0; i < n; i++) {
        PangoFontFace **faces = NULL;
        int m = 0;
        pango_font_family_list_faces(fams[i], &faces, &m);
        for (int k = 0; k < m; k++)
            for (int style = 0; style < 4; style++) {
                PangoFontDescription *d = pango_font_face_describe(faces[k]);
                pango_font_description_set_absolute_size(d, (9 + style) * PANGO_SCALE);
                if (style & 1) pango_font_description_set_weight(d, PANGO_WEIGHT_BOLD);
                if (style & 2) pango_font_description_set_style(d, PANGO_STYLE_ITALIC);
                PangoFont *font = pango_font_map_load_font(set->map, set->context, d);
                pango_font_description_free(d);
                if (!font) continue;
                cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
                if (sf && !faces_has(main, cairo_scaled_font_get_font_face(sf))) (*missing)++;
                checked++;
                g_object_unref(font);
            }
        g_free(faces);
    }
    g_free(fams);
    return checked;
}

TEST(parallel_fonts_one_cairo_face_per_file)
{
    /* cairo 1.16 makes a file's face with no lock (fontfaces.c): two threads could each make
     * one, and the PDF would embed the file twice. The faces are made before any thread
     * starts, and every font of any thread's font map must find them. */
    char *dir = fonts_dir_of_tree();
    fonts f, w;
    CHECK(fonts_open(&f, dir));
    CHECK(fonts_open_worker(&w, &f));
    FcFontSet *set = FcConfigGetFonts(f.config, FcSetApplication);
    CHECK(set && f.faces && (int)f.faces->len == set->nfont && set->nfont >= 20);
    int missing = 0;
    int checked = faces_check_map(&f, &f, &missing) + faces_check_map(&f, &w, &missing);
    CHECK(checked >= 100);
    CHECK_INT(missing, 0);
    fonts_close(&w);
    fonts_close(&f);
    free(dir);
}

TEST(parallel_fonts_graphviz_faces_pinned)
{
    /* Graphviz's Pango plugin makes its own font map on our current FcConfig, with options
     * of its own, on whichever layout thread first sizes a label. Its faces are made up front
     * too, so no thread links or unlinks one in cairo's unlocked list while others read it. */
    char *dir = fonts_dir_of_tree();
    fonts f;
    CHECK(fonts_open(&f, dir));
    CHECK(f.diagram_faces && f.diagram_faces->len == f.faces->len);
    PangoFontMap *gm = pango_cairo_font_map_new(); /* as the plugin does */
    PangoContext *gc = pango_font_map_create_context(gm);
    fontfaces_graphviz_options(gc);
    const char *names[] = {"Lato", "Charis SIL", "JetBrains Mono"};
    int checked = 0, missing = 0;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        for (int style = 0; style < 4; style++) {
            PangoFontDescription *d = pango_font_description_from_string(names[i]);
            pango_font_description_set_size(d, (8 + style) * PANGO_SCALE);
            if (style & 1) pango_font_description_set_weight(d, PANGO_WEIGHT_BOLD);
            if (style & 2) pango_font_description_set_style(d, PANGO_STYLE_ITALIC);
            PangoFont *font = pango_font_map_load_font(gm, gc, d);
            pango_font_description_free(d);
            if (!font) continue;
            cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
            cairo_font_face_t *face = sf ? cairo_scaled_font_get_font_face(sf) : NULL;
            bool found = false;
            for (guint k = 0; face && k < f.diagram_faces->len; k++) found = found || g_ptr_array_index(f.diagram_faces, k) == face;
            missing += !found;
            checked++;
            g_object_unref(font);
        }
    CHECK(checked == 12);
    CHECK_INT(missing, 0);
    g_object_unref(gc);
    g_object_unref(gm);
    fonts_close(&f);
    free(dir);
}
