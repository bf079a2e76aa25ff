/* layout_dispatch — which construct lays out a block: a table keyed by the node's
 * type, and for fenced code a table keyed by the kind resolve decided from the info
 * string's first word (`dot`, `mermaid`, `calc`, `math`; resolve_block.c). A new
 * construct is one file and one row here. A fence handler returns false when it
 * declines: the block is then set as code. */
#include "layout_int.h"

#include <string.h>


typedef bool (*layout_block_fn)(layout_ctx *c, cmark_node *n, double x, double w);

static bool layout_do_paragraph(layout_ctx *c, cmark_node *n, double x, double w)
{
    /* A paragraph holding only display math is that formula. */
    if (!layout_math_block(c, n, x, w)) layout_paragraph(c, n, x, w);
    return true;
}

#define LAYOUT_WRAP(name, call)                                                   \
    static bool name(layout_ctx *c, cmark_node *n, double x, double w)            \
    {                                                                             \
        call;                                                                     \
        return true;                                                              \
    }
LAYOUT_WRAP(layout_do_heading, layout_heading(c, n, x, w))
LAYOUT_WRAP(layout_do_list, layout_list(c, n, x, w))
LAYOUT_WRAP(layout_do_quote, layout_quote(c, n, x, w))
LAYOUT_WRAP(layout_do_code, layout_code(c, n, x, w))
LAYOUT_WRAP(layout_do_html, layout_html_block(c, n, x, w))
LAYOUT_WRAP(layout_do_table, layout_table(c, n, x, w))
LAYOUT_WRAP(layout_do_break, (void)n; layout_thematic_break(c, x, w))
/* Footnote definitions are printed with the chapter's notes, at the foot of their page. */
LAYOUT_WRAP(layout_do_nothing, (void)c; (void)n; (void)x; (void)w)

static bool layout_do_dot(layout_ctx *c, cmark_node *n, double x, double w)
{
    layout_diagram(c, n, x, w);
    return true;
}

static const struct {
    const cmark_node_type *type; /* extension types are variables: compared by value at run time */
    layout_block_fn fn;
} layout_by_type[] = {
    {&(const cmark_node_type){CMARK_NODE_PARAGRAPH}, layout_do_paragraph},
    {&(const cmark_node_type){CMARK_NODE_HEADING}, layout_do_heading},
    {&(const cmark_node_type){CMARK_NODE_LIST}, layout_do_list},
    {&(const cmark_node_type){CMARK_NODE_BLOCK_QUOTE}, layout_do_quote},
    {&(const cmark_node_type){CMARK_NODE_CODE_BLOCK}, layout_do_code},
    {&(const cmark_node_type){CMARK_NODE_HTML_BLOCK}, layout_do_html},
    {&(const cmark_node_type){CMARK_NODE_THEMATIC_BREAK}, layout_do_break},
    {&(const cmark_node_type){CMARK_NODE_FOOTNOTE_DEFINITION}, layout_do_nothing},
    {&CMARK_NODE_TABLE, layout_do_table},
};

/* By the kind resolve gave the fence (resolve_code_of); the table's index is the kind. */
static const layout_block_fn layout_by_fence[] = {
    [RESOLVE_CODE_DOT] = layout_do_dot,
    [RESOLVE_CODE_MERMAID] = layout_mermaid,
    [RESOLVE_CODE_CALC] = layout_calc,
    [RESOLVE_CODE_MATH] = layout_math_block,
};

void layout_block(layout_ctx *c, cmark_node *n, double x, double w)
{
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_PARAGRAPH && source_find_caption(c->ch, n)) return; /* printed with its table */
    const source_html_block *hb = source_find_html_block(c->ch, n);
    if (hb && hb->inside) return; /* in a cell of an HTML table */
    for (size_t i = 0; i < sizeof layout_by_type / sizeof *layout_by_type; i++)
        if (*layout_by_type[i].type == t) {
            layout_by_type[i].fn(c, n, x, w);
            return;
        }
    layout_blocks(c, n, x, w); /* a container: its children */
}

void layout_code(layout_ctx *c, cmark_node *n, double x, double w)
{
    const resolve_code *rc = resolve_code_of(c->ch, n);
    if (rc && (size_t)rc->kind < sizeof layout_by_fence / sizeof *layout_by_fence && layout_by_fence[rc->kind] &&
        layout_by_fence[rc->kind](c, n, x, w))
        return;
    const char *lit = cmark_node_get_literal(n);
    layout_code_widen(c, lit, &x, &w);
    layout_code_text(c, rc ? rc->lang : NULL, lit, false, rc && rc->numbers, x, w);
}
