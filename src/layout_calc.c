/* layout_calc — a ```calc block printed as the worked arithmetic a reader
 * follows: each definition as its formula, the numbers substituted and the
 * result rounded as the author asked (the text comes from vars), set like code
 * so that the '=' signs line up. */
#include "layout_int.h"
#include "vars.h"

bool layout_calc(layout_ctx *c, cmark_node *n, double x, double w)
{
    const char *text = vars_calc_text(c->bk->vars, n);
    if (!text) return false; /* its errors are reported: shown as written */
    layout_code_text(c, NULL, text, x, w);
    return true;
}
