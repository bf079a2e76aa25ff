/* The page builder on hand-built vertical lists: a heading moves on with the
 * float after it, floats keep their order and wait for the end of a block, and
 * pages that do not end a chapter end at the bottom of the text area. */
#define _GNU_SOURCE
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>

#include "paginate.h"
#include "util.h"
#include "test.h"

typedef struct tp_env {
    book bk;
    PangoFontMap *fm;
    PangoContext *pc;
    double top, text_h; /* the text area */
} tp_env;

static bool tp_open(tp_env *e)
{
    memset(e, 0, sizeof *e);
    if (!theme_load_file(&e->bk.theme, tu_theme_path())) return false;
    e->bk.paper = &e->bk.theme.papers[0];
    e->top = e->bk.paper->margin_top;
    e->text_h = e->bk.paper->height - e->bk.paper->margin_top - e->bk.paper->margin_bottom;
    e->fm = pango_cairo_font_map_new();
    e->pc = pango_font_map_create_context(e->fm);
    return true;
}

static void tp_close(tp_env *e)
{
    g_object_unref(e->pc);
    g_object_unref(e->fm);
    theme_free(&e->bk.theme);
}

/* Adds a box named by a destination, so where it went can be read from the pages. */
static void tp_box(vlist *l, const char *name, double h, unsigned flags)
{
    vbox *b = vlist_add(l, h, flags);
    if (name) page_items_dest(&b->items, name, 0, 0);
}

/* The page and y (from the text area's top) where box `name` went; page -1 when nowhere. */
static int tp_find(const tp_env *e, const page_doc *doc, const char *name, double *y)
{
    for (size_t p = 0; p < doc->n_pages; p++)
        for (size_t i = 0; i < doc->pages[p].items.n; i++) {
            const page_item *it = &doc->pages[p].items.v[i];
            if (it->kind == PAGE_DEST && !strcmp(it->target, name)) {
                if (y) *y = it->y - e->top;
                return (int)p;
            }
        }
    return -1;
}

/* n lines of height h named prefix1…prefixN, with extra flags. */
static void tp_lines(vlist *l, const char *prefix, int n, double h, unsigned flags)
{
    for (int i = 1; i <= n; i++) {
        char name[32];
        snprintf(name, sizeof name, "%s%d", prefix, i);
        tp_box(l, name, h, (i < n ? flags : flags & ~(unsigned)VBOX_INSIDE));
    }
}

TEST(paginate_heading_moves_with_float)
{
    tp_env e;
    REQUIRE(tp_open(&e));
    vlist l = {0};
    int n = (int)((e.text_h - 60) / 20); /* lines leave 40–60 pt at the page's foot */
    tp_lines(&l, "line", n, 20, 0);
    tp_box(&l, NULL, 6, VBOX_DISCARDABLE);
    tp_box(&l, "heading", 24, VBOX_KEEP_WITH_NEXT);
    tp_box(&l, NULL, 6, VBOX_DISCARDABLE | VBOX_KEEP_WITH_NEXT);
    tp_box(&l, "figure", e.text_h / 2, VBOX_FLOAT | VBOX_KEEP_WITH_NEXT);
    tp_box(&l, "caption", 14, 0);
    tp_lines(&l, "after", 6, 20, 0);
    page_doc doc = {0};
    paginate(&e.bk, e.pc, &l, &doc, PAGINATE_BODY);
    int ph = tp_find(&e, &doc, "heading", NULL), pf = tp_find(&e, &doc, "figure", NULL);
    CHECK(ph >= 0 && ph == pf);
    CHECK(tp_find(&e, &doc, "caption", NULL) == pf);
    CHECK(tp_find(&e, &doc, "after1", NULL) >= pf);
    page_doc_free(&doc);
    vlist_free(&l);
    tp_close(&e);
}

TEST(paginate_floats_keep_order)
{
    tp_env e;
    REQUIRE(tp_open(&e));
    vlist l = {0};
    tp_lines(&l, "line", (int)(e.text_h * 0.6 / 20), 20, 0);
    tp_box(&l, "tall", e.text_h * 0.5, VBOX_FLOAT); /* does not fit: waits for the next page */
    tp_lines(&l, "mid", 2, 20, 0);
    tp_box(&l, "flat", 30, VBOX_FLOAT); /* would fit, but may not overtake it */
    tp_lines(&l, "after", 30, 20, 0);
    page_doc doc = {0};
    paginate(&e.bk, e.pc, &l, &doc, PAGINATE_BODY);
    double yt = 0, yf = 0;
    int pt = tp_find(&e, &doc, "tall", &yt), pf = tp_find(&e, &doc, "flat", &yf);
    CHECK(pt == 1);
    CHECK(pt >= 0 && (pf > pt || (pf == pt && yf > yt)));
    CHECK(tp_find(&e, &doc, "mid2", NULL) == 0);
    page_doc_free(&doc);
    vlist_free(&l);
    tp_close(&e);
}

TEST(paginate_float_waits_for_block_end)
{
    tp_env e;
    REQUIRE(tp_open(&e));
    vlist l = {0};
    tp_lines(&l, "line", (int)(e.text_h * 0.6 / 20), 20, 0);
    tp_box(&l, "fig", e.text_h * 0.5, VBOX_FLOAT);
    /* A code block that runs over the page break. */
    tp_lines(&l, "code", (int)(e.text_h * 0.6 / 16), 16, VBOX_INSIDE);
    tp_lines(&l, "after", 10, 20, 0);
    page_doc doc = {0};
    paginate(&e.bk, e.pc, &l, &doc, PAGINATE_BODY);
    char last[32];
    snprintf(last, sizeof last, "code%d", (int)(e.text_h * 0.6 / 16));
    double yfig = 0, ylast = 0;
    int pfig = tp_find(&e, &doc, "fig", &yfig), plast = tp_find(&e, &doc, last, &ylast);
    CHECK(tp_find(&e, &doc, "code1", NULL) == 0);
    CHECK(plast == 1);
    /* Not at the top of the page, inside the block: after its last line. */
    CHECK(pfig > plast || (pfig == plast && yfig > ylast));
    page_doc_free(&doc);
    vlist_free(&l);
    tp_close(&e);
}

TEST(paginate_flush_bottom)
{
    tp_env e;
    REQUIRE(tp_open(&e));
    vlist l = {0};
    /* Paragraphs of 4 lines (kept whole) between spaces: pages end short of the bottom. */
    for (int p = 0; p < 12; p++) {
        char prefix[16];
        snprintf(prefix, sizeof prefix, "p%d-", p);
        tp_lines(&l, prefix, 4, 17, VBOX_KEEP_WITH_NEXT);
        tp_box(&l, NULL, 9, VBOX_DISCARDABLE);
    }
    page_doc doc = {0};
    paginate(&e.bk, e.pc, &l, &doc, PAGINATE_BODY);
    REQUIRE(doc.n_pages >= 2);
    /* The last box of the first page ends at the bottom; the last page is not stretched. */
    double bottom = 0, y;
    for (int p = 0; p < 12; p++) {
        char name[16];
        snprintf(name, sizeof name, "p%d-4", p);
        if (tp_find(&e, &doc, name, &y) == 0 && y + 17 > bottom) bottom = y + 17;
    }
    CHECK_NEAR(bottom, e.text_h, 0.5);
    double y0 = 0, y1 = 0;
    char name[16];
    snprintf(name, sizeof name, "p%d-1", 11);
    int plast = tp_find(&e, &doc, name, &y1);
    snprintf(name, sizeof name, "p%d-1", 10);
    if (tp_find(&e, &doc, name, &y0) == plast && plast == (int)doc.n_pages - 1) CHECK_NEAR(y1 - y0, 4 * 17 + 9, 0.01);
    page_doc_free(&doc);
    vlist_free(&l);
    tp_close(&e);
}

/* Three chapters (a float left waiting at a chapter's end, a footnote that runs over, right-hand
 * openings in a two-sided book), made twice: the same pages from one joined list as from the
 * chapters paginated one list at a time (the build frees each chapter once paginated). */
static void tp_chapters(const tp_env *e, vlist *out, int k)
{
    char name[32];
    snprintf(name, sizeof name, "open%d", k);
    tp_box(out, name, 40, VBOX_PAGE_BEFORE | VBOX_RECTO | VBOX_KEEP_WITH_NEXT);
    snprintf(name, sizeof name, "c%dline", k);
    tp_lines(out, name, (int)(e->text_h * (k == 2 ? 0.9 : 1.3) / 20), 20, 0);
    snprintf(name, sizeof name, "c%dfloat", k);
    tp_box(out, name, e->text_h * 0.6, VBOX_FLOAT);
    vbox *b = vlist_add(out, 20, 0);
    snprintf(name, sizeof name, "c%dnoted", k);
    page_items_dest(&b->items, name, 0, 0);
    b->notes = util_xcalloc(1, sizeof *b->notes);
    snprintf(name, sizeof name, "c%dnote", k);
    tp_lines(b->notes, name, (int)(e->text_h * 0.7 / 12), 12, 0);
}

static char *tp_dump(const page_doc *doc)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    page_doc_dump(doc, f);
    fclose(f);
    return text;
}

TEST(paginate_list_at_a_time_is_joined)
{
    tp_env e;
    REQUIRE(tp_open(&e));
    e.bk.two_sided = true;
    vlist joined = {0}, parts[3] = {{0}};
    for (int k = 0; k < 3; k++) {
        tp_chapters(&e, &parts[k], k + 1);
        vlist one = {0};
        tp_chapters(&e, &one, k + 1);
        vlist_append(&joined, &one);
    }
    page_doc a = {0}, b = {0};
    paginate(&e.bk, e.pc, &joined, &a, PAGINATE_BODY);
    paginate_state *s = paginate_begin(&e.bk, e.pc, &b, PAGINATE_BODY);
    for (int k = 0; k < 3; k++) {
        paginate_list(s, &parts[k]);
        vlist_free(&parts[k]); /* nothing on the pages may point into a list once it is paginated */
    }
    paginate_end(s);
    char *da = tp_dump(&a), *db = tp_dump(&b);
    CHECK(a.n_pages > 6);
    CHECK(!strcmp(da, db));
    free(da);
    free(db);
    page_doc_free(&a);
    page_doc_free(&b);
    vlist_free(&joined);
    tp_close(&e);
}
