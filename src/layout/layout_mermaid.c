/* layout_mermaid — a ```mermaid block: a flowchart is translated to DOT (mermaid.c) and
 * drawn like a ```dot block, with the same caption, numbering, font and size rules; any
 * other diagram kind is left to be shown as code (check warned about it, naming the kind). */
#include "layout_int.h"
#include "mermaid.h"

bool layout_mermaid(layout_ctx *c, cmark_node *n, double x, double w)
{
    mermaid_result r;
    mermaid_translate(cmark_node_get_literal(n), c->th, &r);
    bool flowchart = r.flowchart;
    /* A flowchart with errors draws nothing: check reported them, and the build stops. */
    if (r.dot) layout_diagram_text(c, n, r.dot, x, w);
    mermaid_result_free(&r);
    return flowchart;
}
