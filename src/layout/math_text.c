/* math_text — what a formula reads as in the PDF text layer where its glyphs' own order
 * would mislead: a fraction reads "a/b", "(a+b)/(c+d)" (its numerator and denominator
 * would otherwise come out on two lines, or run together as "a+bc+d"), a root "√(x+1)",
 * scripts "x^2", "x_(i+1)" (not "x2", "xi+1"). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "math_box.h"
#include "util.h"

static void math_text_of(const math_node *n, GString *s);

/* One atom needs no parentheses: a symbol, a word or number, a scripted or accented atom, a
 * fenced group, a root. */
static bool math_text_atomic(const math_node *n, bool script)
{
    while (n && (n->kind == MATH_ROW || n->kind == MATH_STYLE)) {
        if (n->kind == MATH_STYLE) {
            n = n->a;
            continue;
        }
        const math_node *only = NULL;
        size_t count = 0;
        for (size_t i = 0; i < n->n_kids; i++)
            if (n->kids[i]->kind != MATH_SPACE) {
                only = n->kids[i];
                count++;
            }
        if (count != 1) return count == 0;
        n = only;
    }
    if (!n) return true;
    switch (n->kind) {
    case MATH_SYM: case MATH_TEXT: case MATH_ACCENT: case MATH_OVERLINE: case MATH_BIGDELIM: case MATH_SPACE:
        return true;
    case MATH_SCRIPTS: case MATH_FENCED: case MATH_SQRT: case MATH_ARRAY:
        return !script; /* e^(z_i), but (z_i)/2 needs none */
    default: return false;
    }
}

static void math_text_group_of(const math_node *n, GString *s, bool script)
{
    bool paren = !math_text_atomic(n, script);
    if (paren) g_string_append_c(s, '(');
    math_text_of(n, s);
    if (paren) g_string_append_c(s, ')');
}

static void math_text_char(uint32_t cp, GString *s)
{
    if (cp) g_string_append_unichar(s, cp);
}

static void math_text_of(const math_node *n, GString *s)
{
    if (!n) return;
    switch (n->kind) {
    case MATH_ROW:
        for (size_t i = 0; i < n->n_kids; i++) math_text_of(n->kids[i], s);
        break;
    case MATH_SYM: math_text_char(n->cp2 ? n->cp2 : n->cp, s); break;
    case MATH_TEXT: g_string_append(s, n->text ? n->text : ""); break;
    case MATH_FRAC:
        if (n->mu > 0 && !n->cp) {
            math_text_group_of(n->a, s, false);
            g_string_append_c(s, '/');
            math_text_group_of(n->b, s, false);
        } else { /* \binom: (n k) */
            math_text_char(n->cp, s);
            math_text_of(n->a, s);
            g_string_append_c(s, ' ');
            math_text_of(n->b, s);
            math_text_char(n->cp2, s);
        }
        break;
    case MATH_SQRT:
        if (n->b) {
            g_string_append(s, "root(");
            math_text_of(n->b, s);
            g_string_append(s, ")");
        }
        g_string_append(s, "\xe2\x88\x9a"); /* √ */
        math_text_group_of(n->a, s, false);
        break;
    case MATH_SCRIPTS:
        math_text_of(n->a, s);
        if (n->b) {
            g_string_append_c(s, '_');
            math_text_group_of(n->b, s, true);
        }
        if (n->c) {
            g_string_append_c(s, '^');
            math_text_group_of(n->c, s, true);
        }
        break;
    case MATH_FENCED:
        math_text_char(n->cp, s);
        math_text_of(n->a, s);
        math_text_char(n->cp2, s);
        break;
    case MATH_ACCENT:
        math_text_of(n->a, s);
        math_text_char(n->cp, s);
        break;
    case MATH_OVERLINE: math_text_of(n->a, s); break;
    case MATH_SPACE:
        if (n->mu >= 5) g_string_append_c(s, ' ');
        break;
    case MATH_ARRAY:
        for (int r = 0; r < n->rows; r++) {
            if (r) g_string_append(s, "; ");
            for (int k = 0; k < n->cols; k++) {
                if (k) g_string_append_c(s, ' ');
                math_text_of(n->kids[(size_t)r * (size_t)n->cols + (size_t)k], s);
            }
        }
        break;
    case MATH_BIGDELIM: math_text_char(n->cp, s); break;
    case MATH_STYLE: math_text_of(n->a, s); break;
    case MATH_UNDEROVER:
        math_text_of(n->b, s);
        math_text_group_of(n->a, s, true);
        break;
    }
}

char *math_text_linear(const math_node *n)
{
    GString *s = g_string_new(NULL);
    math_text_of(n, s);
    return g_string_free(s, FALSE);
}

void math_text_group(math_ctx *c, math_box *b, const math_node *n, double x, int style)
{
    for (size_t i = 0; i < b->ng; i++) b->g[i].text[0] = 0;
    for (size_t i = 0; i < b->nt; i++) free(b->t[i].text);
    b->nt = 0;
    page_mathtext *t = UTIL_PUSH(b->t, b->nt, b->capt);
    t->text = math_text_linear(n);
    t->id = mathfont_glyph(c->mf, ' ');
    t->x = x;
    t->y = 0;
    t->size = math_em(c, style);
    double adv, h, d;
    mathfont_extents(c->mf, t->id, &adv, &h, &d);
    double span = b->w - x;
    t->sx = adv > 0 && span > adv * t->size ? span / (adv * t->size) : 1;
}
