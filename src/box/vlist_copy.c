/* vlist_copy — a deep copy of a vertical list, for the chapter layouts kept between passes
 * and `watch` rebuilds (paginating a list moves its items out, so the kept one is copied
 * each time it is used). Items take new references to what they hold (layouts, lines,
 * images, drawings, formulas); notes, outline strings and structure elements are copied;
 * a table's repeated header is copied once and shared by the copied rows as by the originals. */
#include "vlist.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* old header → its copy, and the copies given an owner */
typedef struct vlist_copy_headers {
    GHashTable *copies, *owned;
} vlist_copy_headers;

static vbox_header *vlist_copy_header(vlist_copy_headers *h, const vbox_header *old)
{
    vbox_header *c = g_hash_table_lookup(h->copies, old);
    if (c) return c;
    c = util_xcalloc(1, sizeof *c);
    c->height = old->height;
    page_items_copy(&c->items, &old->items, 0, 0);
    g_hash_table_insert(h->copies, (gpointer)old, c);
    return c;
}

static void vlist_copy_in(vlist *dst, const vlist *src, vlist_copy_headers *h)
{
    for (size_t i = 0; i < src->n; i++) {
        const vbox *s = &src->v[i];
        vbox *d = vlist_add(dst, s->height, s->flags);
        d->baseline = s->baseline;
        page_items_copy(&d->items, &s->items, 0, 0);
        if (s->header) {
            d->header = vlist_copy_header(h, s->header);
            /* The copy is freed with the box that owns the original (or, when none of the
             * list does, with the first box that uses it: vlist_copy_orphans). */
            if (s->owns_header) {
                g_hash_table_add(h->owned, d->header);
                d->owns_header = true;
            }
        }
        if (s->notes) {
            d->notes = util_xcalloc(1, sizeof *d->notes);
            vlist_copy_in(d->notes, s->notes, h);
        }
        d->outline_level = s->outline_level;
        d->outline_title = s->outline_title ? util_xstrdup(s->outline_title) : NULL;
        d->outline_dest = s->outline_dest ? util_xstrdup(s->outline_dest) : NULL;
        d->outline_mark = s->outline_mark ? util_xstrdup(s->outline_mark) : NULL;
    }
    for (size_t i = 0; i < src->structs.n; i++) {
        const page_struct *e = &src->structs.v[i];
        page_structs_add(&dst->structs, e->role, e->parent, e->alt);
    }
}

/* A header whose owner is not in the list: the first box of dst that uses it frees it. */
static void vlist_copy_orphans(vlist *l, vlist_copy_headers *h)
{
    for (size_t i = 0; i < l->n; i++) {
        vbox *b = &l->v[i];
        if (b->header && !g_hash_table_contains(h->owned, b->header)) {
            g_hash_table_add(h->owned, b->header);
            b->owns_header = true;
        }
        if (b->notes) vlist_copy_orphans(b->notes, h);
    }
}

void vlist_copy(vlist *dst, const vlist *src)
{
    memset(dst, 0, sizeof *dst);
    vlist_copy_headers h = {g_hash_table_new(g_direct_hash, g_direct_equal), g_hash_table_new(g_direct_hash, g_direct_equal)};
    vlist_copy_in(dst, src, &h);
    vlist_copy_orphans(dst, &h);
    g_hash_table_destroy(h.copies);
    g_hash_table_destroy(h.owned);
}
