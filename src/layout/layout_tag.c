/* layout_tag — the structure elements of the PDF's tag tree (headings, paragraphs,
 * lists, tables, figures, notes…): made while laying out, attached to page items. */
#include "layout_int.h"

int layout_tag_add(layout_ctx *c, page_role role, int parent)
{
    return c->structs ? page_structs_add(c->structs, role, parent, NULL) : 0;
}

void layout_tag_begin(layout_ctx *c, layout_tag *t, page_role role, const char *alt)
{
    t->parent = c->sid;
    t->out = c->out;
    t->box = c->out->n;
    t->sid = c->structs ? page_structs_add(c->structs, role, c->sid, alt) : 0;
    if (t->sid) c->sid = t->sid;
}

void layout_tag_items(page_items *l, size_t from, int sid)
{
    for (size_t i = from; i < l->n; i++)
        if (!l->v[i].sid && !l->v[i].artifact) l->v[i].sid = sid;
}

void layout_tag_end(layout_ctx *c, const layout_tag *t)
{
    if (!t->sid) return;
    /* Spacing boxes carried in before the element hold no items; the boxes after
     * t->box are all the element's (boxes are only appended while it is open). */
    if (t->out == c->out)
        for (size_t i = t->box; i < c->out->n; i++) layout_tag_items(&c->out->v[i].items, 0, t->sid);
    c->sid = t->parent;
}
