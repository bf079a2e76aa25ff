/* layout_keep — where a block may break across pages. The boxes of a block that
 * floats must not interrupt (code, a list item, a callout, a table) are marked as
 * inside it; a short block keeps together and moves whole, a long one splits with
 * at least a few of its lines (or rows) on each side. */
#include "layout_int.h"

/* The first box at or after `from` that is not spacing carried in from before the block. */
static size_t keep_first(const layout_ctx *c, size_t from)
{
    while (from < c->out->n && (c->out->v[from].flags & VBOX_DISCARDABLE)) from++;
    return from;
}

void layout_mark_inside(layout_ctx *c, size_t from)
{
    for (size_t i = keep_first(c, from); i + 1 < c->out->n; i++) c->out->v[i].flags |= VBOX_INSIDE;
}

void layout_keep_block(layout_ctx *c, size_t from, double max_h, size_t ends)
{
    from = keep_first(c, from);
    size_t n = c->out->n;
    double total = 0;
    size_t content = 0;
    for (size_t i = from; i < n; i++) {
        total += c->out->v[i].height;
        if (!(c->out->v[i].flags & VBOX_DISCARDABLE)) content++;
    }
    if (total <= max_h || content < 2 * ends) {
        for (size_t i = from; i + 1 < n; i++) c->out->v[i].flags |= VBOX_KEEP_WITH_NEXT;
        return;
    }
    /* No break before the `ends`-th content box, nor after the one `ends` from the end. */
    size_t seen = 0;
    for (size_t i = from; i + 1 < n; i++) {
        if (!(c->out->v[i].flags & VBOX_DISCARDABLE)) seen++;
        if (seen < ends || seen > content - ends) c->out->v[i].flags |= VBOX_KEEP_WITH_NEXT;
    }
}
