/* layout_dispatch — which construct lays out a block: a table keyed by the node's
 * type, and for fenced code a table keyed by the info string's first word (`dot`,
 * `mermaid`, `calc`, `math`). A new construct is one file and one row here. A fence
 * handler returns false when it declines (a mermaid diagram of an unsupported kind,
 * a calc block with errors): the block is then set as code. */
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

static const struct {
    const char *word;
    layout_block_fn fn;
} layout_by_fence[] = {
    {"dot", layout_do_dot},
    {"mermaid", layout_mermaid},
    {"calc", layout_calc},
    {"math", layout_math_block},
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
    const char *info = cmark_node_get_fence_info(n);
    if (info && !*info) info = NULL;
    size_t len = 0;
    while (info && info[len] && info[len] != ' ' && info[len] != '\t') len++;
    for (size_t i = 0; info && i < sizeof layout_by_fence / sizeof *layout_by_fence; i++)
        if (strlen(layout_by_fence[i].word) == len && !strncmp(info, layout_by_fence[i].word, len)) {
            if (layout_by_fence[i].fn(c, n, x, w)) return;
            break;
        }
    const char *lit = cmark_node_get_literal(n);
    layout_code_widen(c, lit, &x, &w);
    layout_code_text(c, info, lit, false, x, w);
}
