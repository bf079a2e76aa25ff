#include "runhead.h"

#include <stdlib.h>

#include "fonts.h"
#include "util.h"

/* The ellipsis that ends a running head cut short. */
#define RUNHEAD_ELLIPSIS "\xe2\x80\xa6"

typedef struct runhead_ctx {
    const book *bk;
    PangoContext *pc;
} runhead_ctx;

/* Right-hand pages are the odd ones: index 0, 2, … of a document that starts on a right-hand page. */
static bool runhead_recto(size_t index) { return index % 2 == 0; }

double runhead_left(const book *bk, size_t index)
{
    const theme_paper *p = bk->paper;
    if (!bk->two_sided) return p->margin_inner;
    return runhead_recto(index) ? p->margin_inner : p->margin_outer;
}

static PangoLayout *runhead_head_layout(runhead_ctx *s, const char *text, double size)
{
    return fonts_line_layout(s->pc, s->bk->theme.font_heading, size, false, text);
}

/* Natural width of a one-line text in the running-head style. */
static double runhead_head_width(runhead_ctx *s, const char *text, double size)
{
    PangoLayout *lay = runhead_head_layout(s, text, size);
    int w, h;
    pango_layout_get_size(lay, &w, &h);
    g_object_unref(lay);
    return w / (double)PANGO_SCALE;
}

/* Punctuation a head cut short does not end on before its ellipsis. */
static bool runhead_trailing_punct(gunichar ch)
{
    GUnicodeType t = g_unichar_type(ch);
    return g_unichar_isspace(ch) || t == G_UNICODE_DASH_PUNCTUATION || t == G_UNICODE_OPEN_PUNCTUATION ||
           t == G_UNICODE_OTHER_PUNCTUATION || t == G_UNICODE_INITIAL_PUNCTUATION;
}

/* A running head that fits in max_w: the text itself, or its longest prefix
 * that ends at a word end followed by an ellipsis. Only when not even the first
 * word fits is the text cut inside a word (by Pango). Caller frees. */
static char *runhead_head_fit(runhead_ctx *s, const char *text, double size, double max_w, bool *cut_in_word)
{
    *cut_in_word = false;
    PangoLayout *lay = runhead_head_layout(s, text, size);
    int w, h;
    pango_layout_get_size(lay, &w, &h);
    if (w / (double)PANGO_SCALE <= max_w) {
        g_object_unref(lay);
        return util_xstrdup(text);
    }
    double room = max_w - runhead_head_width(s, RUNHEAD_ELLIPSIS, size);
    PangoLayoutLine *line = pango_layout_get_line_readonly(lay, 0);
    size_t best = 0;
    /* Word ends: a space follows. The loop visits each byte of the text once. */
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        if (p == text || !g_unichar_isspace(g_utf8_get_char(p))) continue;
        /* Back over the space and the punctuation before it. */
        const char *end = p;
        while (end > text && runhead_trailing_punct(g_utf8_get_char(g_utf8_prev_char(end)))) end = g_utf8_prev_char(end);
        if (end == text) continue;
        int x;
        pango_layout_line_index_to_x(line, (int)(end - text), false, &x);
        if (x / (double)PANGO_SCALE > room) break;
        best = (size_t)(end - text);
    }
    g_object_unref(lay);
    if (!best) {
        *cut_in_word = true;
        return util_xstrdup(text);
    }
    return util_printf("%.*s%s", (int)best, text, RUNHEAD_ELLIPSIS);
}

static void runhead_text(runhead_ctx *s, page *pg, const char *text, double size, double x, double y,
                          PangoAlignment align, theme_color color, double max_w)
{
    bool cut_in_word;
    char *fit = runhead_head_fit(s, text, size, max_w, &cut_in_word);
    PangoLayout *lay = runhead_head_layout(s, fit, size);
    free(fit);
    if (cut_in_word) {
        pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_END);
        pango_layout_set_width(lay, (int)(max_w * PANGO_SCALE));
    }
    PangoRectangle logical;
    pango_layout_line_get_extents(pango_layout_get_line_readonly(lay, 0), NULL, &logical);
    double tw = logical.width / (double)PANGO_SCALE;
    double tx = align == PANGO_ALIGN_RIGHT ? x - tw : align == PANGO_ALIGN_CENTER ? x - tw / 2 : x;
    page_items_text(&pg->items, lay, 0, tx, y);
    pg->items.v[pg->items.n - 1].color = color;
    pg->items.v[pg->items.n - 1].artifact = true; /* running heads and page numbers are no part of the text */
    g_object_unref(lay);
}

static void runhead_footer_in(runhead_ctx *s, page *pg, size_t index)
{
    const theme *th = &s->bk->theme;
    const theme_paper *p = s->bk->paper;
    double left = runhead_left(s->bk, index);
    double tw = p->width - p->margin_inner - p->margin_outer;
    double y = p->height - p->margin_bottom + th->footer_offset;
    runhead_text(s, pg, pg->label, th->footer_size * p->body_size, left + tw / 2, y, PANGO_ALIGN_CENTER,
                  th->color_muted, tw);
}

/* Running heads: chapter on one side, section on the other; in a two-sided
 * book the chapter goes on left-hand pages and the section on right-hand ones,
 * each at the outer edge. */
static void runhead_header_in(runhead_ctx *s, page *pg, size_t index, const char *chapter, const char *section)
{
    const theme *th = &s->bk->theme;
    const theme_paper *p = s->bk->paper;
    double left = runhead_left(s->bk, index);
    double tw = p->width - p->margin_inner - p->margin_outer;
    double y = p->margin_top - th->header_offset;
    double size = th->header_size * p->body_size;
    bool any = false;
    if (s->bk->two_sided) {
        bool recto = runhead_recto(index);
        const char *text = recto ? (section ? section : chapter) : chapter;
        if (text) {
            runhead_text(s, pg, text, size, recto ? left + tw : left, y, recto ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT,
                          th->color_muted, tw);
            any = true;
        }
    } else {
        /* The chapter and section heads share the line: each gets what the other
         * leaves free, and only when both are long do they split it evenly. */
        double cw = tw, sw = tw;
        if (chapter && section) {
            double gap = th->header_gap * size, room = tw - gap;
            double nc = runhead_head_width(s, chapter, size), ns = runhead_head_width(s, section, size);
            if (nc + ns > room) {
                if (nc <= room / 2) sw = room - nc, cw = nc;
                else if (ns <= room / 2) cw = room - ns, sw = ns;
                else cw = sw = room / 2;
            }
        }
        if (chapter) {
            runhead_text(s, pg, chapter, size, left, y, PANGO_ALIGN_LEFT, th->color_muted, cw);
            any = true;
        }
        if (section) {
            runhead_text(s, pg, section, size, left + tw, y, PANGO_ALIGN_RIGHT, th->color_muted, sw);
            any = true;
        }
    }
    if (any && th->header_rule_width > 0) {
        double ry = y + size * th->header_rule_gap;
        page_items_rect(&pg->items, PAGE_FILL, left, ry, tw, th->header_rule_width, th->color_rule, 0);
    }
}

void runhead_footer(const book *bk, PangoContext *pc, page *pg, size_t index)
{
    runhead_ctx s = {bk, pc};
    runhead_footer_in(&s, pg, index);
}

void runhead_header(const book *bk, PangoContext *pc, page *pg, size_t index, const char *chapter, const char *section)
{
    runhead_ctx s = {bk, pc};
    runhead_header_in(&s, pg, index, chapter, section);
}
