#include "pages.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

page_item *page_items_add(page_items *l, page_item_kind kind)
{
    page_item *it = UTIL_PUSH(l->v, l->n, l->cap);
    memset(it, 0, sizeof *it);
    it->kind = kind;
    return it;
}

void page_items_text(page_items *l, PangoLayout *layout, int line, double x, double baseline)
{
    page_item *it = page_items_add(l, PAGE_TEXT);
    it->layout = g_object_ref(layout);
    it->line = line;
    it->x = x;
    it->y = baseline;
}

void page_items_rect(page_items *l, page_item_kind kind, double x, double y, double w, double h, theme_color c,
                     double line_width)
{
    page_item *it = page_items_add(l, kind);
    it->x = x;
    it->y = y;
    it->w = w;
    it->h = h;
    it->color = c;
    it->line_width = line_width;
}

void page_items_link(page_items *l, double x, double y, double w, double h, const char *target, bool internal)
{
    page_item *it = page_items_add(l, PAGE_LINK);
    it->x = x;
    it->y = y;
    it->w = w;
    it->h = h;
    it->target = util_xstrdup(target);
    it->internal = internal;
}

void page_items_dest(page_items *l, const char *name, double x, double y)
{
    page_item *it = page_items_add(l, PAGE_DEST);
    it->x = x;
    it->y = y;
    it->target = util_xstrdup(name);
}

void page_items_move(page_items *dst, page_items *src, double dx, double dy)
{
    for (size_t i = 0; i < src->n; i++) {
        page_item *it = UTIL_PUSH(dst->v, dst->n, dst->cap);
        *it = src->v[i];
        it->x += dx;
        it->y += dy;
    }
    free(src->v);
    memset(src, 0, sizeof *src);
}

void page_items_free(page_items *l)
{
    for (size_t i = 0; i < l->n; i++) {
        page_item *it = &l->v[i];
        if (it->layout) g_object_unref(it->layout);
        if (it->image) cairo_surface_destroy(it->image);
        free(it->target);
        free(it->alt);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

void page_items_dump(const page_items *l, FILE *out)
{
    static const char *names[] = {"text", "fill", "stroke", "line", "image", "link", "dest"};
    for (size_t i = 0; i < l->n; i++) {
        const page_item *it = &l->v[i];
        fprintf(out, "%s %.2f %.2f %.2f %.2f", names[it->kind], it->x, it->y, it->w, it->h);
        if (it->kind == PAGE_TEXT) {
            PangoLayoutLine *ln = pango_layout_get_line_readonly(it->layout, it->line);
            const char *txt = pango_layout_get_text(it->layout);
            if (ln) fprintf(out, " \"%.*s\"", ln->length, txt + ln->start_index);
        }
        if (it->target) fprintf(out, " -> %s", it->target);
        fputc('\n', out);
    }
}

void page_doc_free(page_doc *d)
{
    for (size_t i = 0; i < d->n_pages; i++) {
        page_items_free(&d->pages[i].items);
        free(d->pages[i].label);
    }
    free(d->pages);
    for (size_t i = 0; i < d->n_outline; i++) {
        free(d->outline[i].title);
        free(d->outline[i].dest);
    }
    free(d->outline);
    memset(d, 0, sizeof *d);
}
