#include "paginate.h"

#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "util.h"

/* Rounding slack when comparing heights, in points. */
#define PAGINATE_EPSILON 0.01

char *paginate_roman(int n)
{
    static const struct { int v; const char *s; } digits[] = {
        {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
        {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"},
    };
    util_buf b = {0};
    if (n < 1) n = 1;
    for (size_t i = 0; i < sizeof digits / sizeof *digits; i++)
        while (n >= digits[i].v) {
            util_buf_adds(&b, digits[i].s);
            n -= digits[i].v;
        }
    return util_buf_steal(&b);
}

typedef struct paginate_state {
    const book *bk;
    PangoContext *pc;
    vlist *l;
    page_doc *doc;
    int body_number;   /* 0 until numbering from 1 starts */
    int front_number;
} paginate_state;

static void paginate_footer(paginate_state *s, page *pg, size_t index)
{
    const theme *th = &s->bk->theme;
    const theme_paper *p = s->bk->paper;
    PangoLayout *lay = layout_simple(s->pc, th->font_heading, th->footer_size * p->body_size, false, pg->label);
    int w, h;
    pango_layout_get_size(lay, &w, &h);
    double left = index % 2 == 0 ? p->margin_inner : p->margin_outer;
    double tw = p->width - p->margin_inner - p->margin_outer;
    double x = left + (tw - w / (double)PANGO_SCALE) / 2;
    double y = p->margin_top + (p->height - p->margin_top - p->margin_bottom) + th->footer_offset;
    page_items_text(&pg->items, lay, 0, x, y);
    pg->items.v[pg->items.n - 1].color = th->color_muted;
    g_object_unref(lay);
}

/* Moves boxes [from, to) onto a new page. */
static void paginate_emit(paginate_state *s, size_t from, size_t to)
{
    const theme_paper *p = s->bk->paper;
    page_doc *doc = s->doc;
    size_t index = doc->n_pages;
    page *pg = UTIL_PUSH(doc->pages, doc->n_pages, doc->cap_pages);
    memset(pg, 0, sizeof *pg);
    double left = index % 2 == 0 ? p->margin_inner : p->margin_outer;
    double y = 0;
    bool footer = true;
    bool started = false;
    for (size_t i = from; i < to; i++) {
        vbox *b = &s->l->v[i];
        if (!started && (b->flags & VBOX_DISCARDABLE)) continue; /* no spacing at the top of a page */
        started = true;
        if (b->flags & VBOX_NO_FOOTER) footer = false;
        if ((b->flags & VBOX_NUMBER_FROM_1) && !s->body_number) s->body_number = 1;
        if (b->outline_level > 0) {
            page_outline *o = UTIL_PUSH(doc->outline, doc->n_outline, doc->cap_outline);
            o->title = b->outline_title;
            o->dest = b->outline_dest;
            o->level = b->outline_level;
            o->page = (int)index;
            b->outline_title = b->outline_dest = NULL;
        }
        page_items_move(&pg->items, &b->items, left, p->margin_top + y);
        y += b->height;
    }
    if (s->body_number) pg->label = util_printf("%d", s->body_number++);
    else pg->label = paginate_roman(++s->front_number);
    if (footer) paginate_footer(s, pg, index);
}

void paginate(const book *bk, PangoContext *pc, vlist *l, page_doc *doc)
{
    paginate_state s = {bk, pc, l, doc, 0, 0};
    const theme_paper *p = bk->paper;
    doc->width = p->width;
    doc->height = p->height;
    double H = p->height - p->margin_top - p->margin_bottom;
    size_t start = 0, i = 0;
    double y = 0;
    bool empty = true; /* no content box on the current page yet */
    while (i < l->n) {
        vbox *b = &l->v[i];
        if ((b->flags & VBOX_PAGE_BEFORE) && !empty) {
            paginate_emit(&s, start, i);
            start = i;
            y = 0;
            empty = true;
        }
        if (empty && (b->flags & VBOX_DISCARDABLE)) {
            i++;
            continue;
        }
        if (y + b->height <= H + PAGINATE_EPSILON || empty) {
            /* A box taller than the page goes alone on its page. */
            y += b->height;
            empty = false;
            i++;
            continue;
        }
        /* Overflow: break at the last allowed point on this page. */
        size_t j = i;
        while (j > start + 1 && (l->v[j - 1].flags & VBOX_KEEP_WITH_NEXT)) j--;
        /* Never leave a page with nothing but spacing on it. */
        bool content = false;
        for (size_t k = start; k < j && !content; k++) content = !(l->v[k].flags & VBOX_DISCARDABLE);
        if (j <= start + 1 || !content) j = i; /* the keep chain fills the page: break here anyway */
        paginate_emit(&s, start, j);
        start = i = j;
        y = 0;
        empty = true;
    }
    if (start < l->n) paginate_emit(&s, start, l->n);
}
