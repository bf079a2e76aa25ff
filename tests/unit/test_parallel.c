/* Pieces of the parallel layout (issue 11): diagnostics sinks, joining vertical
 * lists, the shared figure cache. */
#include <glib.h>
#include <stdlib.h>

#include "diag.h"
#include "figure.h"
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
