/* math_box — the boxes math is laid out in: glyphs, rules and text-layer groups added,
 * moved, scaled, sliced (an inline formula broken across lines), dumped (golden tests) and
 * handed to the page as a page_math. */
#include <stdlib.h>
#include <string.h>

#include "math_box.h"
#include "util.h"

void math_add_glyph(math_box *b, unsigned glyph, const char *text, double size, double x, double y)
{
    page_glyph *g = UTIL_PUSH(b->g, b->ng, b->capg);
    g->id = glyph;
    g->x = x;
    g->y = y;
    g->size = size;
    snprintf(g->text, sizeof g->text, "%s", text ? text : "");
}

void math_add_rule(math_box *b, double x, double y, double w, double h)
{
    page_rule *r = UTIL_PUSH(b->r, b->nr, b->capr);
    *r = (page_rule){x, y, w, h};
}

void math_box_free(math_box *b)
{
    free(b->g);
    free(b->r);
    for (size_t i = 0; i < b->nt; i++) free(b->t[i].text);
    free(b->t);
    memset(b, 0, sizeof *b);
}

void math_box_put(math_box *dst, math_box *src, double dx, double dy)
{
    for (size_t i = 0; i < src->ng; i++) {
        page_glyph *g = UTIL_PUSH(dst->g, dst->ng, dst->capg);
        *g = src->g[i];
        g->x += dx;
        g->y += dy;
    }
    for (size_t i = 0; i < src->nr; i++) {
        page_rule *r = UTIL_PUSH(dst->r, dst->nr, dst->capr);
        *r = src->r[i];
        r->x += dx;
        r->y += dy;
    }
    for (size_t i = 0; i < src->nt; i++) {
        page_mathtext *t = UTIL_PUSH(dst->t, dst->nt, dst->capt);
        *t = src->t[i];
        t->x += dx;
        t->y += dy;
    }
    src->nt = 0; /* the texts are dst's now */
    math_box_free(src);
}

void math_box_scale(math_box *b, double f)
{
    b->w *= f, b->h *= f, b->d *= f;
    for (size_t i = 0; i < b->ng; i++) b->g[i].x *= f, b->g[i].y *= f, b->g[i].size *= f;
    for (size_t i = 0; i < b->nr; i++) b->r[i].x *= f, b->r[i].y *= f, b->r[i].w *= f, b->r[i].h *= f;
    for (size_t i = 0; i < b->nt; i++) b->t[i].x *= f, b->t[i].y *= f, b->t[i].size *= f;
}

page_math *math_box_page(const math_ctx *c, const math_box *b)
{
    page_math *m = page_math_new(c->mf->cairo_face);
    m->glyphs = util_xcalloc(b->ng ? b->ng : 1, sizeof *m->glyphs);
    if (b->ng) memcpy(m->glyphs, b->g, b->ng * sizeof *b->g);
    m->n_glyphs = m->cap_glyphs = b->ng;
    m->rules = util_xcalloc(b->nr ? b->nr : 1, sizeof *m->rules);
    if (b->nr) memcpy(m->rules, b->r, b->nr * sizeof *b->r);
    m->n_rules = m->cap_rules = b->nr;
    m->texts = util_xcalloc(b->nt ? b->nt : 1, sizeof *m->texts);
    for (size_t i = 0; i < b->nt; i++) {
        m->texts[i] = b->t[i];
        m->texts[i].text = util_xstrdup(b->t[i].text);
    }
    m->n_texts = m->cap_texts = b->nt;
    return m;
}

void math_box_dump(const math_box *b, FILE *out)
{
    fprintf(out, "box w=%.2f h=%.2f d=%.2f\n", b->w, b->h, b->d);
    for (size_t i = 0; i < b->ng; i++)
        fprintf(out, "glyph %u \"%s\" x=%.2f y=%.2f size=%.2f\n", b->g[i].id, b->g[i].text, b->g[i].x, b->g[i].y,
                b->g[i].size);
    for (size_t i = 0; i < b->nr; i++)
        fprintf(out, "rule x=%.2f y=%.2f w=%.2f h=%.2f\n", b->r[i].x, b->r[i].y, b->r[i].w, b->r[i].h);
    for (size_t i = 0; i < b->nt; i++)
        fprintf(out, "text \"%s\" x=%.2f y=%.2f size=%.2f sx=%.2f\n", b->t[i].text, b->t[i].x, b->t[i].y, b->t[i].size,
                b->t[i].sx);
}

math_box math_box_slice(const math_ctx *c, const math_box *b, double x0, double x1)
{
    math_box s = {0};
    s.w = x1 - x0;
    for (size_t i = 0; i < b->ng; i++) {
        const page_glyph *g = &b->g[i];
        if (g->x < x0 || g->x >= x1) continue;
        page_glyph *o = UTIL_PUSH(s.g, s.ng, s.capg);
        *o = *g;
        o->x -= x0;
        double adv, h, d;
        mathfont_extents(c->mf, g->id, &adv, &h, &d);
        if (h * g->size - g->y > s.h) s.h = h * g->size - g->y;
        if (d * g->size + g->y > s.d) s.d = d * g->size + g->y;
    }
    for (size_t i = 0; i < b->nr; i++) {
        const page_rule *r = &b->r[i];
        if (r->x < x0 || r->x >= x1) continue;
        page_rule *o = UTIL_PUSH(s.r, s.nr, s.capr);
        *o = *r;
        o->x -= x0;
        if (-r->y > s.h) s.h = -r->y;
        if (r->y + r->h > s.d) s.d = r->y + r->h;
    }
    for (size_t i = 0; i < b->nt; i++) {
        const page_mathtext *t = &b->t[i];
        if (t->x < x0 || t->x >= x1) continue;
        page_mathtext *o = UTIL_PUSH(s.t, s.nt, s.capt);
        *o = *t;
        o->text = util_xstrdup(t->text);
        o->x -= x0;
    }
    s.cls = MATH_CLASS_ORD;
    s.accent_x = s.w / 2;
    return s;
}
