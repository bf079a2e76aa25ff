#include "vlist.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

vbox *vlist_add(vlist *l, double height, unsigned flags)
{
    vbox *b = UTIL_PUSH(l->v, l->n, l->cap);
    memset(b, 0, sizeof *b);
    b->height = height;
    b->flags = flags;
    return b;
}

void vlist_free(vlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        page_items_free(&l->v[i].items);
        if (l->v[i].owns_header) {
            page_items_free(&l->v[i].header->items);
            free(l->v[i].header);
        }
        if (l->v[i].notes) {
            vlist_free(l->v[i].notes);
            free(l->v[i].notes);
        }
        free(l->v[i].outline_title);
        free(l->v[i].outline_dest);
        free(l->v[i].outline_mark);
    }
    free(l->v);
    page_structs_free(&l->structs);
    memset(l, 0, sizeof *l);
}

static void vlist_shift_sids(vlist *l, int base)
{
    for (size_t i = 0; i < l->n; i++) {
        vbox *b = &l->v[i];
        for (size_t k = 0; k < b->items.n; k++)
            if (b->items.v[k].sid) b->items.v[k].sid += base;
        if (b->owns_header)
            for (size_t k = 0; k < b->header->items.n; k++)
                if (b->header->items.v[k].sid) b->header->items.v[k].sid += base;
        /* Notes hold items of the main list's elements; their own lists have none. */
        if (b->notes) vlist_shift_sids(b->notes, base);
    }
}

void vlist_append(vlist *dst, vlist *src)
{
    int base = (int)dst->structs.n;
    for (size_t i = 0; i < src->structs.n; i++) {
        page_struct *e = UTIL_PUSH(dst->structs.v, dst->structs.n, dst->structs.cap);
        *e = src->structs.v[i];
        if (e->parent) e->parent += base;
    }
    free(src->structs.v);
    src->structs.v = NULL;
    src->structs.n = src->structs.cap = 0;
    if (base) vlist_shift_sids(src, base);
    for (size_t i = 0; i < src->n; i++) *UTIL_PUSH(dst->v, dst->n, dst->cap) = src->v[i];
    free(src->v);
    memset(src, 0, sizeof *src);
}

void vlist_move_structs(vlist *l, page_structs *dst)
{
    int base = (int)dst->n;
    for (size_t i = 0; i < l->structs.n; i++) {
        page_struct *e = UTIL_PUSH(dst->v, dst->n, dst->cap);
        *e = l->structs.v[i];
        if (e->parent) e->parent += base;
    }
    free(l->structs.v);
    memset(&l->structs, 0, sizeof l->structs);
    if (base) vlist_shift_sids(l, base);
}

void vlist_dump(const vlist *l, FILE *out) { vlist_dump_at(l, 0, out); }

void vlist_dump_at(const vlist *l, size_t first, FILE *out)
{
    for (size_t i = 0; i < l->n; i++) {
        const vbox *b = &l->v[i];
        fprintf(out, "box %zu h=%.2f base=%.2f%s%s%s%s%s%s%s\n", first + i, b->height, b->baseline,
                b->flags & VBOX_KEEP_WITH_NEXT ? " keep" : "", b->flags & VBOX_DISCARDABLE ? " space" : "",
                b->flags & VBOX_PAGE_BEFORE ? " page" : "", b->flags & VBOX_NO_FOOTER ? " nofooter" : "",
                b->flags & VBOX_RECTO ? " recto" : "", b->flags & VBOX_FLOAT ? " float" : "",
                b->flags & VBOX_INSIDE ? " inside" : "");
        page_items_dump(&b->items, out);
        if (b->notes) {
            fprintf(out, "notes {\n");
            vlist_dump(b->notes, out);
            fprintf(out, "}\n");
        }
    }
}
