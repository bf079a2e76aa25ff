/* layout_calc — a ```calc block printed as the worked arithmetic a reader
 * follows: each definition as its formula, the numbers substituted and the
 * result rounded as the author asked (the text comes from vars), set like code
 * so that the '=' signs line up. */
#include <string.h>

#include "layout_int.h"
#include "vars.h"

bool layout_calc(layout_ctx *c, cmark_node *n, double x, double w)
{
    const char *text = vars_calc_text(c->bk->vars, n);
    if (!text) return false; /* its errors are reported: shown as written */
    const resolve_code *rc = resolve_code_of(c->ch, n);
    layout_code_text(c, NULL, text, true, rc && rc->numbers, x, w);
    return true;
}

void layout_calc_results(PangoAttrList *attrs, const char *text, size_t len)
{
    for (size_t i = 0; i < len;) {
        const char *eol = memchr(text + i, '\n', len - i);
        size_t end = eol ? (size_t)(eol - text) : len;
        size_t next = eol ? end + 1 : len;
        /* An indented line (= … or ≈ …) that no other indented line follows gives the result. */
        bool result = text[i] == ' ' && (next >= len || text[next] != ' ');
        if (result) {
            size_t from = i;
            while (from < end && text[from] == ' ') from++;
            PangoAttribute *a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
            a->start_index = (guint)from;
            a->end_index = (guint)end;
            pango_attr_list_insert(attrs, a);
        }
        i = next;
    }
}
