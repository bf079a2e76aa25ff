#include "paginate.h"
#include "number.h"

#include <stdlib.h>
#include <string.h>

#include "fonts.h"
#include "util.h"

/* Rounding slack when comparing heights, in points. */
#define PAGINATE_EPSILON 0.01
/* The ellipsis that ends a running head cut short. */
#define PAGINATE_ELLIPSIS "\xe2\x80\xa6"

typedef struct paginate_state {
    const book *bk;
    PangoContext *pc;
    vlist *l;
    page_doc *doc;
    paginate_style style;
    int number;              /* next page number */
    char *chapter_mark;      /* running heads in effect (not owned) */
    char *section_mark;
    vbox **carry;            /* footnote boxes that did not fit on their page */
    size_t n_carry, cap_carry;
    double text_h;           /* height of the text area */
    /* Floating figures: `top` ranges open the next page; `skip` ranges were
     * moved off the page being filled (they become the next page's `top`). */
    struct paginate_range { size_t s, e; } *top, *skip;
    size_t n_top, cap_top, n_skip, cap_skip;
} paginate_state;

static bool paginate_skipped(const paginate_state *s, size_t i)
{
    for (size_t k = 0; k < s->n_skip; k++)
        if (i >= s->skip[k].s && i < s->skip[k].e) return true;
    return false;
}

static double paginate_range_height(const paginate_state *s, struct paginate_range r)
{
    double h = 0;
    for (size_t i = r.s; i < r.e; i++) h += s->l->v[i].height;
    return h;
}

/* Space between floats placed at the top of a page and the text under them. */
static double paginate_float_gap(const paginate_state *s)
{
    return s->bk->theme.float_gap * s->bk->paper->body_size;
}

static double paginate_notes_sep(const paginate_state *s)
{
    return s->bk->theme.notes_space * s->bk->paper->body_size;
}

static double paginate_carry_height(const paginate_state *s)
{
    double h = 0;
    for (size_t i = 0; i < s->n_carry; i++) h += s->carry[i]->height;
    return h;
}

static double paginate_notes_height(const vbox *b)
{
    double h = 0;
    if (b->notes)
        for (size_t i = 0; i < b->notes->n; i++) h += b->notes->v[i].height;
    return h;
}

/* Sets footnotes at the bottom of the page: carried ones first, then those of
 * the lines on it, as many as fit under `content_h`; the rest carry over. */
static void paginate_place_notes(paginate_state *s, page *pg, size_t from, size_t to, double left, double content_h)
{
    vbox **queue = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < s->n_carry; i++) *UTIL_PUSH(queue, n, cap) = s->carry[i];
    for (size_t i = from; i < to; i++) {
        vlist *nl = s->l->v[i].notes;
        if (nl)
            for (size_t k = 0; k < nl->n; k++) *UTIL_PUSH(queue, n, cap) = &nl->v[k];
    }
    s->n_carry = 0;
    if (!n) return;
    const theme *th = &s->bk->theme;
    double sep = paginate_notes_sep(s);
    double avail = s->text_h - content_h - sep;
    size_t placed = 0;
    double h = 0;
    while (placed < n) {
        vbox *b = queue[placed];
        if (h == 0 && (b->flags & VBOX_DISCARDABLE)) {
            placed++;
            continue;
        }
        /* A page of nothing but notes takes at least one box, so notes always progress. */
        if (h + b->height > avail && !(h == 0 && content_h == 0)) break;
        h += b->height;
        placed++;
    }
    /* Never end the notes on this page with a box that keeps with the next one. */
    while (placed < n && placed > 1 && (queue[placed - 1]->flags & VBOX_KEEP_WITH_NEXT) && content_h > 0) {
        placed--;
        h -= queue[placed]->height;
    }
    const theme_paper *p = s->bk->paper;
    double top = p->margin_top + s->text_h - h;
    double tw = p->width - p->margin_inner - p->margin_outer;
    if (h > 0) page_items_rect(&pg->items, PAGE_FILL, left, top - sep / 2, tw * th->rule_length, th->rule_width, th->color_rule, 0);
    double y = top;
    for (size_t i = 0; i < placed; i++) {
        page_items_move(&pg->items, &queue[i]->items, left, y);
        y += queue[i]->height;
    }
    for (size_t i = placed; i < n; i++) *UTIL_PUSH(s->carry, s->n_carry, s->cap_carry) = queue[i];
    free(queue);
}

/* Right-hand pages are the odd ones: index 0, 2, … of a document that starts on a right-hand page. */
static bool paginate_recto(size_t index) { return index % 2 == 0; }

static double paginate_left(const book *bk, size_t index)
{
    const theme_paper *p = bk->paper;
    if (!bk->two_sided) return p->margin_inner;
    return paginate_recto(index) ? p->margin_inner : p->margin_outer;
}

static PangoLayout *paginate_head_layout(paginate_state *s, const char *text, double size)
{
    return fonts_line_layout(s->pc, s->bk->theme.font_heading, size, false, text);
}

/* Natural width of a one-line text in the running-head style. */
static double paginate_head_width(paginate_state *s, const char *text, double size)
{
    PangoLayout *lay = paginate_head_layout(s, text, size);
    int w, h;
    pango_layout_get_size(lay, &w, &h);
    g_object_unref(lay);
    return w / (double)PANGO_SCALE;
}

/* Punctuation a head cut short does not end on before its ellipsis. */
static bool paginate_trailing_punct(gunichar ch)
{
    GUnicodeType t = g_unichar_type(ch);
    return g_unichar_isspace(ch) || t == G_UNICODE_DASH_PUNCTUATION || t == G_UNICODE_OPEN_PUNCTUATION ||
           t == G_UNICODE_OTHER_PUNCTUATION || t == G_UNICODE_INITIAL_PUNCTUATION;
}

/* A running head that fits in max_w: the text itself, or its longest prefix
 * that ends at a word end followed by an ellipsis. Only when not even the first
 * word fits is the text cut inside a word (by Pango). Caller frees. */
static char *paginate_head_fit(paginate_state *s, const char *text, double size, double max_w, bool *cut_in_word)
{
    *cut_in_word = false;
    PangoLayout *lay = paginate_head_layout(s, text, size);
    int w, h;
    pango_layout_get_size(lay, &w, &h);
    if (w / (double)PANGO_SCALE <= max_w) {
        g_object_unref(lay);
        return util_xstrdup(text);
    }
    double room = max_w - paginate_head_width(s, PAGINATE_ELLIPSIS, size);
    PangoLayoutLine *line = pango_layout_get_line_readonly(lay, 0);
    size_t best = 0;
    /* Word ends: a space follows. The loop visits each byte of the text once. */
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        if (p == text || !g_unichar_isspace(g_utf8_get_char(p))) continue;
        /* Back over the space and the punctuation before it. */
        const char *end = p;
        while (end > text && paginate_trailing_punct(g_utf8_get_char(g_utf8_prev_char(end)))) end = g_utf8_prev_char(end);
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
    return util_printf("%.*s%s", (int)best, text, PAGINATE_ELLIPSIS);
}

static void paginate_text(paginate_state *s, page *pg, const char *text, double size, double x, double y,
                          PangoAlignment align, theme_color color, double max_w)
{
    bool cut_in_word;
    char *fit = paginate_head_fit(s, text, size, max_w, &cut_in_word);
    PangoLayout *lay = paginate_head_layout(s, fit, size);
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

static void paginate_footer(paginate_state *s, page *pg, size_t index)
{
    const theme *th = &s->bk->theme;
    const theme_paper *p = s->bk->paper;
    double left = paginate_left(s->bk, index);
    double tw = p->width - p->margin_inner - p->margin_outer;
    double y = p->height - p->margin_bottom + th->footer_offset;
    paginate_text(s, pg, pg->label, th->footer_size * p->body_size, left + tw / 2, y, PANGO_ALIGN_CENTER,
                  th->color_muted, tw);
}

/* Running heads: chapter on one side, section on the other; in a two-sided
 * book the chapter goes on left-hand pages and the section on right-hand ones,
 * each at the outer edge. */
static void paginate_header(paginate_state *s, page *pg, size_t index, const char *chapter, const char *section)
{
    const theme *th = &s->bk->theme;
    const theme_paper *p = s->bk->paper;
    double left = paginate_left(s->bk, index);
    double tw = p->width - p->margin_inner - p->margin_outer;
    double y = p->margin_top - th->header_offset;
    double size = th->header_size * p->body_size;
    bool any = false;
    if (s->bk->two_sided) {
        bool recto = paginate_recto(index);
        const char *text = recto ? (section ? section : chapter) : chapter;
        if (text) {
            paginate_text(s, pg, text, size, recto ? left + tw : left, y, recto ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT,
                          th->color_muted, tw);
            any = true;
        }
    } else {
        /* The chapter and section heads share the line: each gets what the other
         * leaves free, and only when both are long do they split it evenly. */
        double cw = tw, sw = tw;
        if (chapter && section) {
            double gap = th->header_gap * size, room = tw - gap;
            double nc = paginate_head_width(s, chapter, size), ns = paginate_head_width(s, section, size);
            if (nc + ns > room) {
                if (nc <= room / 2) sw = room - nc, cw = nc;
                else if (ns <= room / 2) cw = room - ns, sw = ns;
                else cw = sw = room / 2;
            }
        }
        if (chapter) {
            paginate_text(s, pg, chapter, size, left, y, PANGO_ALIGN_LEFT, th->color_muted, cw);
            any = true;
        }
        if (section) {
            paginate_text(s, pg, section, size, left + tw, y, PANGO_ALIGN_RIGHT, th->color_muted, sw);
            any = true;
        }
    }
    if (any && th->header_rule_width > 0) {
        double ry = y + size * th->header_rule_gap;
        page_items_rect(&pg->items, PAGE_FILL, left, ry, tw, th->header_rule_width, th->color_rule, 0);
    }
}

/* A blank page keeps its place in the numbering but prints nothing. */
static void paginate_blank(page_doc *doc, char *label)
{
    page *pg = UTIL_PUSH(doc->pages, doc->n_pages, doc->cap_pages);
    memset(pg, 0, sizeof *pg);
    pg->label = label;
}

static char *paginate_label(paginate_style style, int number)
{
    return style == PAGINATE_BODY ? util_printf("%d", number) : number_roman(number, false);
}

/* Moves boxes [from, to) onto a new page. */
static void paginate_emit(paginate_state *s, size_t from, size_t to)
{
    const theme_paper *p = s->bk->paper;
    page_doc *doc = s->doc;
    size_t index = doc->n_pages;
    page *pg = UTIL_PUSH(doc->pages, doc->n_pages, doc->cap_pages);
    memset(pg, 0, sizeof *pg);
    double left = paginate_left(s->bk, index);
    double y = 0;
    bool footer = true, opening = false, started = false;
    const char *page_section = NULL;
    /* The boxes of this page: floats carried to its top, then the run [from, to)
     * without the floats moved on to the next page. */
    size_t *order = NULL, n_order = 0, cap_order = 0;
    for (size_t k = 0; k < s->n_top; k++)
        for (size_t i = s->top[k].s; i < s->top[k].e; i++) *UTIL_PUSH(order, n_order, cap_order) = i;
    for (size_t i = from; i < to; i++)
        if (!paginate_skipped(s, i)) *UTIL_PUSH(order, n_order, cap_order) = i;
    size_t n_float_boxes = 0;
    for (size_t k = 0; k < s->n_top; k++) n_float_boxes += s->top[k].e - s->top[k].s;
    s->n_top = 0;
    for (size_t k = 0; k < s->n_skip; k++)
        if (s->skip[k].e <= to) *UTIL_PUSH(s->top, s->n_top, s->cap_top) = s->skip[k];
    s->n_skip = 0;
    for (size_t oi = 0; oi < n_order; oi++) {
        size_t i = order[oi];
        vbox *b = &s->l->v[i];
        if (oi == n_float_boxes && oi > 0) y += paginate_float_gap(s);
        if (!started && (b->flags & VBOX_DISCARDABLE)) continue; /* no spacing at the top of a page */
        if (!started && (b->flags & VBOX_PAGE_BEFORE)) opening = true;
        if (!started && b->header && !b->owns_header) {
            /* A table continued from the previous page: its header row again. */
            size_t had = pg->items.n;
            page_items_copy(&pg->items, &b->header->items, left, p->margin_top);
            for (size_t k = had; k < pg->items.n; k++) pg->items.v[k].artifact = true; /* read once, where it began */
            y += b->header->height;
        }
        started = true;
        if (b->flags & VBOX_NO_FOOTER) footer = false;
        if (b->outline_level > 0) {
            page_outline *o = UTIL_PUSH(doc->outline, doc->n_outline, doc->cap_outline);
            o->title = b->outline_title;
            o->dest = b->outline_dest;
            o->level = b->outline_level;
            o->page = (int)index;
            b->outline_title = b->outline_dest = NULL;
            if (o->level <= 2) {
                /* A chapter's box carries its mark (owned by the box, which outlives the
                 * pagination); a part clears the mark. */
                s->chapter_mark = b->outline_mark ? b->outline_mark : o->level == 2 ? o->title : NULL;
                s->section_mark = NULL;
            } else if (o->level == 3) {
                if (!page_section) page_section = o->title;
                s->section_mark = o->title;
            }
        }
        page_items_move(&pg->items, &b->items, left, p->margin_top + y);
        y += b->height;
    }
    free(order);
    paginate_place_notes(s, pg, from, to, left, y);
    pg->label = paginate_label(s->style, s->number++);
    if (footer) paginate_footer(s, pg, index);
    if (s->style == PAGINATE_BODY && footer && !opening)
        paginate_header(s, pg, index, s->chapter_mark, page_section ? page_section : s->section_mark);
}

void paginate_pad_to_recto(page_doc *doc, paginate_style style)
{
    /* Front matter and body are numbered from 1, so a page's number is its index + 1. */
    if (doc->n_pages % 2 == 1) paginate_blank(doc, paginate_label(style, (int)doc->n_pages + 1));
}

void paginate(const book *bk, PangoContext *pc, vlist *l, page_doc *doc, paginate_style style)
{
    const theme_paper *p = bk->paper;
    double H = p->height - p->margin_top - p->margin_bottom;
    paginate_state s = {bk, pc, l, doc, style, 1, NULL, NULL, NULL, 0, 0, H, NULL, NULL, 0, 0, 0, 0};
    doc->width = p->width;
    doc->height = p->height;
    size_t first_page = doc->n_pages;
    double sep = paginate_notes_sep(&s);
    size_t start = 0, i = 0;
    double y = 0, notes_h = 0;
    bool empty = true; /* no content box on the current page yet */
    bool full = false; /* footnotes already run over to the next page */
    while (i < l->n) {
        vbox *b = &l->v[i];
        if ((b->flags & VBOX_PAGE_BEFORE) && (!empty || s.n_skip || s.n_top)) {
            if (!empty || s.n_skip) paginate_emit(&s, start, i);
            /* Floats and footnotes still waiting get pages of their own before a new chapter. */
            while (s.n_carry || s.n_top) paginate_emit(&s, i, i);
            start = i;
            y = 0;
            notes_h = 0;
            empty = true;
            full = false;
        }
        if (empty && s.n_top && y == 0) {
            /* Floats moved here from the previous page come first. */
            for (size_t k = 0; k < s.n_top; k++) y += paginate_range_height(&s, s.top[k]);
            y += paginate_float_gap(&s);
            empty = false;
        }
        if ((b->flags & VBOX_FLOAT) && !empty) {
            /* A figure with its caption that does not fit moves to the top of the next
             * page, and the text after it fills this one. */
            size_t e = i;
            while (e + 1 < l->n && (l->v[e].flags & VBOX_KEEP_WITH_NEXT)) e++;
            struct paginate_range r = {i, e + 1};
            if (y + paginate_range_height(&s, r) + notes_h > H + PAGINATE_EPSILON) {
                *UTIL_PUSH(s.skip, s.n_skip, s.cap_skip) = r;
                i = r.e;
                continue;
            }
        }
        if (empty && (b->flags & VBOX_PAGE_BEFORE) && (b->flags & VBOX_RECTO) && bk->two_sided &&
            doc->n_pages % 2 == 1) {
            /* Parts and chapters open on a right-hand page: leave a blank one. */
            paginate_blank(doc, paginate_label(style, s.number++));
        }
        if (empty && (b->flags & VBOX_DISCARDABLE)) {
            i++;
            continue;
        }
        if (empty && b->header && !b->owns_header) y += b->header->height; /* the repeated table header */
        double nh = paginate_notes_height(b);
        double need_sep = notes_h + nh > 0 ? sep : 0;
        bool fits = !full && y + b->height + notes_h + nh + need_sep <= H + PAGINATE_EPSILON;
        /* A line whose footnote does not fit whole may still go here if the
         * note's first line does: the rest continues on the next page. */
        if (!fits && !full && nh > 0 &&
            y + b->height + notes_h + b->notes->v[0].height + sep <= H + PAGINATE_EPSILON) {
            fits = true;
            full = true;
        }
        if (fits || empty) {
            /* A box taller than the page goes alone on its page. */
            y += b->height;
            notes_h += nh;
            empty = false;
            i++;
            continue;
        }
        /* Overflow: break at the last allowed point on this page. */
        size_t j = i;
        while (j > start + 1 && (l->v[j - 1].flags & VBOX_KEEP_WITH_NEXT) && !paginate_skipped(&s, j - 1)) j--;
        /* Never leave a page with nothing but spacing on it. */
        bool content = false;
        for (size_t k = start; k < j && !content; k++) content = !(l->v[k].flags & VBOX_DISCARDABLE);
        if (j <= start + 1 || !content) j = i; /* the keep chain fills the page: break here anyway */
        /* Floats deferred from the boxes that now move on are met again there. */
        size_t kept = 0;
        for (size_t k = 0; k < s.n_skip; k++)
            if (s.skip[k].e <= j) s.skip[kept++] = s.skip[k];
        s.n_skip = kept;
        paginate_emit(&s, start, j);
        start = i = j;
        y = 0;
        notes_h = paginate_carry_height(&s);
        empty = true;
        full = false;
    }
    if (start < l->n || s.n_skip) paginate_emit(&s, start, l->n);
    while (s.n_carry || s.n_top) paginate_emit(&s, l->n, l->n);
    free(s.carry);
    free(s.top);
    free(s.skip);
    /* The list's structure elements go to the document, numbered after those it has. */
    int sbase = (int)doc->structs.n;
    for (size_t k = 0; k < l->structs.n; k++) {
        page_struct *e = UTIL_PUSH(doc->structs.v, doc->structs.n, doc->structs.cap);
        *e = l->structs.v[k];
        if (e->parent) e->parent += sbase;
    }
    free(l->structs.v);
    memset(&l->structs, 0, sizeof l->structs);
    for (size_t pi = first_page; pi < doc->n_pages && sbase; pi++)
        for (size_t k = 0; k < doc->pages[pi].items.n; k++)
            if (doc->pages[pi].items.v[k].sid && !doc->pages[pi].items.v[k].artifact) doc->pages[pi].items.v[k].sid += sbase;
}
