/* layout_keep — where a block may break across pages. The boxes of a block that
 * floats must not interrupt (code, a list item, a callout, a table) are marked as
 * inside it; a short block keeps together and moves whole, a long one splits with
 * at least a few of its lines (or rows, or one tall row) on each side. */
#include <math.h>

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

/* How many lines a box holds when a block splits (a table row of three lines, three); spacing and
 * a callout's padding count one. */
static size_t keep_lines(const layout_ctx *c, const vbox *b)
{
    double line = c->size * c->th->text_leading;
    double n = line > 0 ? floor(b->height / line + 0.5) : 1;
    return n > 1 ? (size_t)n : 1;
}

void layout_keep_block(layout_ctx *c, size_t from, double max_h, size_t ends)
{
    from = keep_first(c, from);
    size_t n = c->out->n;
    double total = 0;
    size_t content = 0, lines = 0;
    for (size_t i = from; i < n; i++) {
        total += c->out->v[i].height;
        if (!(c->out->v[i].flags & VBOX_DISCARDABLE)) {
            content++;
            lines += keep_lines(c, &c->out->v[i]);
        }
    }
    if (total <= max_h) {
        for (size_t i = from; i + 1 < n; i++) c->out->v[i].flags |= VBOX_KEEP_WITH_NEXT;
        return;
    }
    /* Each side of a break holds `ends` content boxes (lines, rows), or fewer boxes (tall table
     * rows) of twice as many lines: a split leaving one row of four lines is as good as two short ones. */
    size_t seen = 0, seen_lines = 0;
    for (size_t i = from; i + 1 < n; i++) {
        if (!(c->out->v[i].flags & VBOX_DISCARDABLE)) {
            seen++;
            seen_lines += keep_lines(c, &c->out->v[i]);
        }
        bool before = seen >= ends || seen_lines >= 2 * ends, after = content - seen >= ends || lines - seen_lines >= 2 * ends;
        if (!before || !after) c->out->v[i].flags |= VBOX_KEEP_WITH_NEXT;
    }
}
