/* layout_math — formulas in the vertical list: inline math as an object in the line
 * (U+FFFC with a Pango shape attribute as large as the formula, so it sits on the
 * baseline, justifies with the text and never breaks), display math centred on its own
 * with its equation number at the right margin, and a formula with errors shown as code
 * (the error was reported when the chapter was loaded, see mathsrc.c). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "layout_int.h"
#include "math_box.h"
#include "mathsrc.h"

#define LAYOUT_MATH_OBJECT "\xef\xbf\xbc" /* U+FFFC OBJECT REPLACEMENT CHARACTER */

/* Lays out a formula; false (nothing made) when it has errors or there is no math font. brk (if
 * not NULL) gets the places an inline formula may break. */
static bool layout_math_box(layout_ctx *c, const char *tex, int style, math_box *out, char **tag, math_breaks *brk)
{
    const mathfont *mf = mathfont_of_context(c->pc);
    if (!mf || !tex) return false;
    math_tree t;
    if (!math_parse(tex, strlen(tex), &t)) {
        math_tree_free(&t);
        return false;
    }
    math_ctx mc = {.mf = mf, .th = c->th, .size = c->size};
    *out = brk ? math_layout_breaks(&mc, t.root, style, brk) : math_layout(&mc, t.root, style);
    if (tag) *tag = t.tag ? util_xstrdup(t.tag) : NULL;
    math_tree_free(&t);
    return true;
}

static void layout_math_code(layout_ctx *c, text_builder *tb, const char *tex)
{
    int start = (int)tb->s.len;
    util_buf_adds(&tb->s, tex);
    text_code_style(c, tb, start, (int)tb->s.len);
}

/* One part of an inline formula: an object as large as it, on the baseline. */
static struct text_math *layout_math_object(layout_ctx *c, text_builder *tb, math_box *b, char *alt)
{
    int start = (int)tb->s.len;
    util_buf_adds(&tb->s, LAYOUT_MATH_OBJECT);
    PangoRectangle r = {0, (int)(-b->h * PANGO_SCALE), (int)(b->w * PANGO_SCALE), (int)((b->h + b->d) * PANGO_SCALE)};
    text_object(tb, pango_attr_shape_new(&r, &r), start, (int)tb->s.len);
    struct text_math *m = UTIL_PUSH(tb->maths, tb->n_maths, tb->cap_maths);
    m->index = start;
    m->math = math_box_page(&(math_ctx){.mf = mathfont_of_context(c->pc)}, b);
    m->w = b->w;
    m->h = b->h;
    m->d = b->d;
    m->alt = alt;
    m->space = -1;
    m->gap = m->penalty = 0;
    return m;
}

/* The TeX of a part of a formula (bytes from..to), without the spaces around it. */
static char *layout_math_alt(const char *tex, size_t from, size_t to)
{
    while (from < to && g_ascii_isspace(tex[from])) from++;
    while (to > from && g_ascii_isspace(tex[to - 1])) to--;
    return util_xstrndup(tex + from, to - from);
}

/* Inline math: one object, or (TeX's rule) parts that may end a line after a top-level relation
 * or binary operator, joined by a space as wide as the math space there (a break drops it). */
void layout_math_inline(layout_ctx *c, text_builder *tb, cmark_node *n)
{
    const resolve_formula *fm = resolve_formula_of(c->ch, n);
    const char *tex = fm ? fm->tex : NULL;
    bool display = fm && fm->display;
    math_box b;
    math_breaks brk = {0};
    if (!layout_math_box(c, tex, display ? MATH_STYLE_D : MATH_STYLE_T, &b, NULL, display ? NULL : &brk)) {
        layout_math_code(c, tb, tex ? tex : "");
        return;
    }
    double widest = 0;
    for (size_t j = 0; j <= brk.n; j++) {
        double x0 = j ? brk.v[j - 1].x_next : 0, x1 = j < brk.n ? brk.v[j].x_end : b.w;
        if (x1 - x0 > widest) widest = x1 - x0;
    }
    if (widest > c->width && c->width > 0) { /* it cannot break: shrink it to the column */
        int line, col;
        mathsrc_pos(c->ch, n, 0, &line, &col);
        if (brk.n)
            diag_warning(c->ch->path, line, col, "inline formula has a part %.0fpt wide that cannot break, wider than the column (%.0fpt): it is scaled down",
                         widest, c->width);
        else
            diag_warning(c->ch->path, line, col, "inline formula is %.0fpt wide, wider than the column (%.0fpt): it is scaled down",
                         b.w, c->width);
        double f = c->width / widest;
        math_box_scale(&b, f);
        for (size_t j = 0; j < brk.n; j++) brk.v[j].x_end *= f, brk.v[j].x_next *= f;
    }
    if (!brk.n) {
        layout_math_object(c, tb, &b, util_xstrdup(tex));
    } else {
        const math_ctx mc = {.mf = mathfont_of_context(c->pc)};
        size_t len = strlen(tex);
        for (size_t j = 0; j <= brk.n; j++) {
            double x0 = j ? brk.v[j - 1].x_next : 0, x1 = j < brk.n ? brk.v[j].x_end : b.w;
            math_box part = math_box_slice(&mc, &b, x0, x1);
            struct text_math *m = layout_math_object(c, tb, &part, layout_math_alt(tex, j ? brk.v[j - 1].pos : 0,
                                                                                     j < brk.n ? brk.v[j].pos : len));
            math_box_free(&part);
            if (j == brk.n) break;
            m->space = (int)tb->s.len;
            m->penalty = brk.v[j].rel ? c->th->math_rel_penalty : c->th->math_bin_penalty;
            int start = (int)tb->s.len;
            util_buf_adds(&tb->s, " ");
            double gap = brk.v[j].x_next - brk.v[j].x_end;
            m->gap = gap;
            PangoRectangle r = {0, 0, (int)(gap * PANGO_SCALE), 0};
            text_object(tb, pango_attr_shape_new(&r, &r), start, (int)tb->s.len);
        }
    }
    free(brk.v);
    math_box_free(&b);
}

void layout_math_line(layout_ctx *c, text_builder *tb, PangoLayout *lay, PangoLayoutLine *ln, double x, double baseline,
                      page_items *items)
{
    for (size_t i = 0; i < tb->n_maths; i++) {
        struct text_math *m = &tb->maths[i];
        if (m->index < ln->start_index || m->index >= ln->start_index + ln->length) continue;
        PangoRectangle pos;
        pango_layout_index_to_pos(lay, m->index, &pos);
        page_item *it = page_items_add(items, PAGE_MATH);
        it->x = x + pos.x / (double)PANGO_SCALE;
        it->y = baseline;
        it->w = m->w;
        it->h = m->h + m->d;
        it->color = c->color;
        it->math = page_math_ref(m->math);
        it->alt = util_xstrdup(m->alt);
    }
}

void layout_math_free(text_builder *tb)
{
    for (size_t i = 0; i < tb->n_maths; i++) {
        page_math_unref(tb->maths[i].math);
        free(tb->maths[i].alt);
    }
    free(tb->maths);
}

/* A display formula: centred in the column, its number (if any) at the right margin. */
static void layout_math_show(layout_ctx *c, const resolve_formula *fm, double x, double w)
{
    cmark_node *n = fm->math;
    const char *tex = fm->tex;
    math_box b;
    char *tag = NULL;
    if (!layout_math_box(c, tex, MATH_STYLE_D, &b, &tag, NULL)) {
        layout_code_text(c, "math", tex ? tex : "", false, fm->numbers, x, w);
        return;
    }
    const source_caption *cap = source_find_caption(c->ch, n);
    const resolve_float *fl = resolve_float_of(c->ch, cap);
    const char *number = fl ? fl->label : NULL; /* "(4.2)" */
    PangoLayout *num = number ? fonts_line_layout(c->pc, c->th->font_body, c->size, false, number) : NULL;
    double num_w = 0;
    if (num) {
        PangoRectangle lr;
        pango_layout_get_extents(num, NULL, &lr);
        num_w = lr.width / (double)PANGO_SCALE + c->th->math_number_gap * c->size;
    }
    double avail = w - 2 * num_w;
    if (b.w > avail && avail > 0) {
        int line, col;
        mathsrc_pos(c->ch, n, 0, &line, &col);
        diag_warning(c->ch->path, line, col, "display formula is %.0fpt wide, wider than the column (%.0fpt): it is scaled down",
                     b.w, avail);
        math_box_scale(&b, avail / b.w);
    }
    /* No page break just before a display (TeX's \predisplaypenalty): it belongs to the text that introduces it. */
    if (c->out->n && !(c->out->v[c->out->n - 1].flags & VBOX_DISCARDABLE)) c->out->v[c->out->n - 1].flags |= VBOX_KEEP_WITH_NEXT;
    layout_space(c, c->th->math_space * c->size);
    layout_tag tag_p;
    layout_tag_begin(c, &tag_p, PAGE_ROLE_P, NULL);
    vbox *box = layout_box(c, b.h + b.d, 0);
    box->baseline = b.h;
    if (cap && cap->id) {
        char *dest = layout_dest_name(c->ch->slug, cap->id);
        page_items_dest(&box->items, dest, x, 0);
        free(dest);
    }
    page_item *it = page_items_add(&box->items, PAGE_MATH);
    it->x = x + (w - b.w) / 2;
    it->y = b.h;
    it->w = b.w;
    it->h = b.h + b.d;
    it->color = c->color;
    it->math = math_box_page(&(math_ctx){.mf = mathfont_of_context(c->pc)}, &b);
    it->alt = util_xstrdup(tex);
    if (num) {
        PangoRectangle lr;
        pango_layout_get_extents(num, NULL, &lr);
        /* On the formula's baseline, as amsmath sets a one-line equation's tag. */
        page_items_text(&box->items, num, 0, x + w - lr.width / (double)PANGO_SCALE, b.h);
        g_object_unref(num);
    }
    layout_tag_end(c, &tag_p);
    layout_space(c, c->th->math_space * c->size);
    math_box_free(&b);
    free(tag);
}

bool layout_math_block(layout_ctx *c, cmark_node *n, double x, double w)
{
    /* A paragraph holding only display math, or a ```math block (resolve decided which). */
    const resolve_formula *fm = resolve_formula_of(c->ch, n);
    if (!fm || !fm->block) return false;
    layout_math_show(c, fm, x, w);
    return true;
}
