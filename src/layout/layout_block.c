/* layout_block — the block constructs: headings, paragraphs, lists, quotes,
 * callouts and HTML blocks (layout_dispatch.c picks them; layout_chapter.c
 * lays out chapters, parts and notes). Numbers and callout kinds are resolve's. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "layout_int.h"

/* Lists nested deeper than this get a warning and stop indenting. */
enum { LAYOUT_LIST_DEPTH_WARN = 10 };

void layout_space(layout_ctx *c, double amount)
{
    if (!c->suppress_space && amount > c->pending_space) c->pending_space = amount;
}

vbox *layout_box(layout_ctx *c, double height, unsigned flags)
{
    if (c->pending_space > 0) {
        /* Space after a box that keeps with the next one belongs to the chain. */
        unsigned keep = c->out->n ? c->out->v[c->out->n - 1].flags & VBOX_KEEP_WITH_NEXT : 0;
        vlist_add(c->out, c->pending_space, VBOX_DISCARDABLE | keep);
    }
    c->pending_space = 0;
    c->suppress_space = false;
    return vlist_add(c->out, height, flags);
}

void layout_decorate(layout_ctx *c, size_t from, double x, double w, const theme_color *bg, const theme_color *bar,
                     double bar_w)
{
    for (size_t i = from; i < c->out->n; i++) {
        vbox *b = &c->out->v[i];
        /* Decorations are drawn first, under the text. */
        page_items deco = {0};
        if (bg) page_items_rect(&deco, PAGE_FILL, x, 0, w, b->height, *bg, 0);
        if (bar) page_items_rect(&deco, PAGE_FILL, x, 0, bar_w, b->height, *bar, 0);
        page_items_move(&deco, &b->items, 0, 0);
        b->items = deco;
    }
}

static double layout_heading_size(const layout_ctx *c, int level)
{
    const double sizes[] = {c->th->h1_size, c->th->h2_size, c->th->h3_size,
                            c->th->h4_size, c->th->h5_size, c->th->h6_size};
    if (level < 1) level = 1;
    if (level > 6) level = 6;
    return sizes[level - 1] * c->em;
}

/* A standalone line of styled text (titles, labels); returns its first box. */
size_t layout_line_text(layout_ctx *c, const char *text, const char *family, double size, PangoWeight weight,
                               PangoStyle style, theme_color color, PangoAlignment align, double leading, double x,
                               double w, bool keep)
{
    text_builder tb;
    text_init(&tb, family);
    tb.hyphenate = false;
    util_buf_adds(&tb.s, text);
    text_style st;
    text_style_body(c, &st);
    st.family = family;
    st.size = size;
    st.weight = weight;
    st.style = style;
    st.color = color;
    st.align = align;
    st.justify = false;
    st.leading = leading;
    st.keep_together = keep;
    size_t first = text_emit(c, &tb, &st, x, w);
    text_free(&tb);
    return first;
}

size_t layout_caption(layout_ctx *c, const char *label, const char *text, bool above, double x, double w)
{
    text_builder tb;
    text_init(&tb, c->th->font_body);
    tb.hyphenate = false;
    if (label) {
        util_buf_printf(&tb.s, "%s ", label);
        text_attr_bold(&tb, 0, (int)strlen(label));
    }
    size_t start = tb.s.len;
    util_buf_adds(&tb.s, text);
    PangoAttribute *it = pango_attr_style_new(PANGO_STYLE_ITALIC);
    it->start_index = (guint)start;
    it->end_index = (guint)tb.s.len;
    pango_attr_list_insert(tb.attrs, it);
    text_style st;
    text_style_body(c, &st);
    st.size = c->th->caption_size * c->em;
    st.align = PANGO_ALIGN_CENTER;
    st.justify = false;
    st.color = c->th->color_muted;
    /* A caption above keeps with what follows; one below is kept by the figure above it. */
    st.keep_together = above;
    if (!above) layout_space(c, c->th->caption_gap * c->em);
    layout_tag tag;
    layout_tag_begin(c, &tag, PAGE_ROLE_CAPTION, NULL);
    size_t first = text_emit(c, &tb, &st, x, w);
    layout_tag_end(c, &tag);
    text_free(&tb);
    if (above) layout_space(c, c->th->caption_gap * c->em);
    return first;
}

void layout_outline(vbox *b, int level, const char *title, const char *dest)
{
    b->outline_level = level;
    b->outline_title = util_xstrdup(title);
    b->outline_dest = util_xstrdup(dest);
}

void layout_heading(layout_ctx *c, cmark_node *n, double x, double w)
{
    int level = cmark_node_get_heading_level(n);
    double size = layout_heading_size(c, level);
    layout_space(c, c->th->heading_space_before * size);
    const resolve_section *sec = resolve_section_of(c->ch, n);
    text_builder tb;
    text_init(&tb, c->th->font_heading);
    tb.hyphenate = false;
    if (sec && sec->number) util_buf_printf(&tb.s, "%s\xe2\x80\x82", sec->number); /* number, en space */
    text_inlines(c, &tb, n);
    /* Its structure tag and bookmark level are resolve's (resolve_heading_levels). */
    layout_tag tag;
    layout_tag_begin(c, &tag, PAGE_ROLE_H1 + (sec ? sec->role - 1 : 1), NULL);
    text_style st;
    text_style_body(c, &st);
    st.family = c->th->font_heading;
    st.size = size;
    st.weight = level <= 4 ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_SEMIBOLD;
    st.style = level == 6 ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL;
    st.color = c->th->color_heading;
    st.justify = false;
    st.leading = c->th->heading_leading;
    st.keep_together = true;
    size_t first = text_emit(c, &tb, &st, x, w);
    text_free(&tb);
    if (sec && first < c->out->n) {
        vbox *b = &c->out->v[first];
        page_items_dest(&b->items, sec->dest, x, 0);
        if (sec->outline_level) layout_outline(b, sec->outline_level, sec->outline, sec->dest);
    }
    layout_tag_end(c, &tag);
    layout_space(c, c->th->heading_space_after * size);
}

static void layout_text_images(layout_ctx *c, text_builder *tb, double x, double w)
{
    for (size_t i = 0; i < tb->n_images; i++) {
        struct text_image *im = &tb->images[i];
        layout_image(c, im->src, im->say, im->missing, im->width, im->node, x, w);
    }
}

static bool layout_in_tight_list(cmark_node *para)
{
    cmark_node *item = cmark_node_parent(para);
    if (!item || cmark_node_get_type(item) != CMARK_NODE_ITEM) return false;
    cmark_node *list = cmark_node_parent(item);
    return list && cmark_node_get_list_tight(list);
}

void layout_paragraph(layout_ctx *c, cmark_node *n, double x, double w)
{
    if (!layout_in_tight_list(n)) layout_space(c, c->th->text_paragraph_space * c->size);
    text_builder tb;
    text_init(&tb, c->th->font_body);
    text_inlines(c, &tb, n);
    if (!text_is_blank(&tb)) {
        text_style st;
        text_style_body(c, &st);
        layout_tag tag;
        layout_tag_begin(c, &tag, PAGE_ROLE_P, NULL);
        size_t first = text_emit(c, &tb, &st, x, w);
        layout_tag_end(c, &tag);
        if (first < c->out->n) {
            page_item *it = &c->out->v[first].items.v[0];
            if (it->kind == PAGE_TEXT) text_check_glyphs(c, it->layout, n);
        }
    } else if (tb.s.len == 0 && !tb.n_images && tb.n_anchors) {
        vbox *b = layout_box(c, 0, VBOX_KEEP_WITH_NEXT);
        for (size_t i = 0; i < tb.n_anchors; i++) page_items_dest(&b->items, tb.anchors[i].dest, x, 0);
    }
    layout_text_images(c, &tb, x, w);
    text_free(&tb);
}

void layout_thematic_break(layout_ctx *c, double x, double w)
{
    layout_space(c, c->th->rule_space * c->em);
    double lw = c->th->rule_width, len = w * c->th->rule_length;
    vbox *b = layout_box(c, lw, 0);
    page_items_rect(&b->items, PAGE_FILL, x + (w - len) / 2, 0, len, lw, c->th->color_rule, 0);
    layout_space(c, c->th->rule_space * c->em);
}

/* ---- lists ---- */

void layout_marker(layout_ctx *c, size_t first, const char *text, double right, bool task, bool checked)
{
    /* The marker sits on the baseline of the item's first text line. */
    for (size_t i = first; i < c->out->n; i++) {
        vbox *b = &c->out->v[i];
        if (b->baseline <= 0) continue;
        int lbl = layout_tag_add(c, PAGE_ROLE_LBL, c->sid);
        if (task) {
            /* A box with its bottom near the baseline; the tick is two strokes in proportion to it. */
            double s = c->size * c->th->list_task_size, y = b->baseline - s * 0.9;
            double lw = c->th->rule_width;
            page_items_rect(&b->items, PAGE_STROKE, right - s, y, s, s, c->color, lw);
            if (checked) {
                page_item *l1 = page_items_add(&b->items, PAGE_LINE);
                l1->x = right - s * 0.78;
                l1->y = y + s * 0.5;
                l1->w = s * 0.25;
                l1->h = s * 0.28;
                l1->color = c->color;
                l1->line_width = lw * 1.5;
                page_item *l2 = page_items_add(&b->items, PAGE_LINE);
                l2->x = l1->x + l1->w;
                l2->y = l1->y + l1->h;
                l2->w = s * 0.38;
                l2->h = -s * 0.62;
                l2->color = c->color;
                l2->line_width = lw * 1.5;
            }
            return;
        }
        PangoLayout *lay = fonts_line_layout(c->pc, c->th->font_body, c->size, false, text);
        int tw, th;
        pango_layout_get_size(lay, &tw, &th);
        page_items_text(&b->items, lay, 0, right - tw / (double)PANGO_SCALE, b->baseline);
        page_item mark = b->items.v[b->items.n - 1];
        mark.color = c->color;
        mark.sid = lbl;
        g_object_unref(lay);
        /* Read before the item's text: in front of the box's first text line (after
         * backgrounds, which must stay under it). */
        size_t at = 0;
        while (at + 1 < b->items.n && b->items.v[at].kind != PAGE_TEXT) at++;
        memmove(&b->items.v[at + 1], &b->items.v[at], (b->items.n - 1 - at) * sizeof *b->items.v);
        b->items.v[at] = mark;
        return;
    }
}

void layout_list(layout_ctx *c, cmark_node *list, double x, double w)
{
    c->list_depth++;
    if (c->list_depth > LAYOUT_LIST_DEPTH_WARN && !c->warned_depth) {
        int line, col;
        source_pos(c->ch, list, &line, &col);
        diag_warning(c->ch->path, line, col, "list nested %d levels deep; deeper levels are not indented further",
                     c->list_depth);
        c->warned_depth = true;
    }
    double indent = c->th->list_indent * c->em;
    /* Deep nesting stops indenting once the column would get too narrow to read. */
    if (c->list_depth > LAYOUT_LIST_DEPTH_WARN || w - indent < c->width / 3) indent = 0;
    bool tight = cmark_node_get_list_tight(list);
    /* A list nested in a tight list sits as close as the items around it. */
    cmark_node *parent = cmark_node_parent(list);
    bool nested_tight = parent && cmark_node_get_type(parent) == CMARK_NODE_ITEM && layout_in_tight_list(list);
    layout_space(c, nested_tight ? c->th->list_item_space * c->em : c->th->text_paragraph_space * c->size);
    double gap = c->th->list_marker_gap * c->em;
    /* Past the warning depth the content column stops moving: markers of deeper
     * lists line up with their parents', and the text keeps its width. */
    double shift = indent > 0 ? indent : c->list_depth > LAYOUT_LIST_DEPTH_WARN ? 0 : gap * 2;
    bool first_item = true;
    layout_tag ltag;
    layout_tag_begin(c, &ltag, PAGE_ROLE_L, NULL);
    for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
        if (!first_item) layout_space(c, tight ? c->th->list_item_space * c->em : c->th->text_paragraph_space * c->size);
        first_item = false;
        size_t start = c->out->n;
        layout_tag itag, btag;
        layout_tag_begin(c, &itag, PAGE_ROLE_LI, NULL);
        layout_tag_begin(c, &btag, PAGE_ROLE_LBODY, NULL);
        layout_blocks(c, item, x + shift, w - shift);
        layout_tag_end(c, &btag);
        if (c->out->n == start) { /* empty item: still show its marker */
            text_style st;
            text_style_body(c, &st);
            double h, base;
            text_line_box(c, &st, NULL, &h, &base);
            vbox *b = layout_box(c, h, 0);
            b->baseline = base;
        }
        /* The number (or task box) is resolve's; a bullet is the theme's for the depth. */
        const resolve_item *ri = resolve_item_of(c->ch, item);
        char mark[32];
        if (ri && ri->marker) snprintf(mark, sizeof mark, "%s", ri->marker);
        else theme_list_bullet(c->th, c->list_depth - 1, mark, sizeof mark);
        bool task = ri && ri->task;
        layout_marker(c, start, mark, x + shift - gap, task, task && ri->checked);
        layout_mark_inside(c, start);
        layout_tag_end(c, &itag);
    }
    layout_tag_end(c, &ltag);
    layout_space(c, nested_tight ? c->th->list_item_space * c->em : c->th->text_paragraph_space * c->size);
    c->list_depth--;
}

/* ---- quotes and callouts ---- */

static void layout_callout(layout_ctx *c, cmark_node *n, const theme_callout *co, double x, double w)
{
    layout_space(c, c->th->callout_space * c->em);
    double pad = c->th->callout_padding, bar = c->th->callout_bar_width;
    double ix = x + bar + pad, iw = w - bar - 2 * pad;
    vbox *top = layout_box(c, pad, VBOX_KEEP_WITH_NEXT);
    size_t start = (size_t)(top - c->out->v);
    layout_tag tag, ttag;
    layout_tag_begin(c, &tag, PAGE_ROLE_DIV, NULL);
    layout_tag_begin(c, &ttag, PAGE_ROLE_P, NULL);
    layout_line_text(c, co->label, c->th->font_heading, c->th->callout_title_size * c->em, PANGO_WEIGHT_BOLD,
                     PANGO_STYLE_NORMAL, co->color, PANGO_ALIGN_LEFT, c->th->heading_leading, ix, iw, true);
    layout_tag_end(c, &ttag);
    layout_blocks(c, n, ix, iw);
    c->pending_space = 0;
    layout_box(c, pad, 0);
    layout_decorate(c, start, x, w, &co->background, &co->color, bar);
    layout_tag_end(c, &tag);
    /* A short callout never splits across pages; a long one leaves two lines on each side. */
    layout_keep_block(c, start, c->text_height * c->th->callout_keep_height, LAYOUT_SPLIT_LINES + 1); /* + its padding */
    layout_mark_inside(c, start);
    layout_space(c, c->th->callout_space * c->em);
}

void layout_quote(layout_ctx *c, cmark_node *n, double x, double w)
{
    const resolve_callout *rc = resolve_callout_of(c->ch, n);
    if (rc) {
        /* The marker is skipped when the text is built (the AST is left as it is:
         * layout runs more than once). */
        c->skip_node = rc->marker;
        c->skip_bytes = rc->marker_bytes;
        layout_callout(c, n, rc->kind, x, w);
        return;
    }
    double indent = c->th->quote_indent * c->em;
    if (w - indent < c->width / 3) indent = 0;
    theme_color saved = c->color;
    c->color = c->th->quote_text;
    layout_space(c, c->th->text_paragraph_space * c->size);
    size_t start = c->out->n;
    layout_tag tag;
    layout_tag_begin(c, &tag, PAGE_ROLE_BLOCKQUOTE, NULL);
    layout_blocks(c, n, x + indent, w - indent);
    if (c->out->n > start) {
        /* The first box may be spacing carried in from before: keep the bar on content only. */
        size_t from = start;
        while (from < c->out->n && (c->out->v[from].flags & VBOX_DISCARDABLE)) from++;
        layout_decorate(c, from, x, 0, NULL, &c->th->quote_bar, c->th->quote_bar_width);
    }
    layout_tag_end(c, &tag);
    c->color = saved;
    layout_space(c, c->th->text_paragraph_space * c->size);
}

/* Bytes [from, to) of an HTML block as a paragraph, its images as figures after it. */
static void layout_html_text(layout_ctx *c, cmark_node *n, size_t from, size_t to, double x, double w)
{
    text_builder tb;
    text_init(&tb, c->th->font_body);
    text_html_range(c, &tb, cmark_node_get_literal(n), from, to, n, true);
    /* Strip leading white space left by tags. */
    size_t lead = strspn(tb.s.s, " ");
    bool has_text = lead < tb.s.len;
    if (has_text) {
        layout_space(c, c->th->text_paragraph_space * c->size);
        text_style st;
        text_style_body(c, &st);
        layout_tag tag;
        layout_tag_begin(c, &tag, PAGE_ROLE_P, NULL);
        text_emit(c, &tb, &st, x, w);
        layout_tag_end(c, &tag);
    } else if (tb.n_anchors) {
        vbox *b = layout_box(c, 0, VBOX_KEEP_WITH_NEXT);
        for (size_t i = 0; i < tb.n_anchors; i++) page_items_dest(&b->items, tb.anchors[i].dest, x, 0);
    }
    layout_text_images(c, &tb, x, w);
    text_free(&tb);
}

/* An HTML block: its text, and the HTML tables that start in it set as tables
 * (a table split by blank lines goes on to a later block: the rest of this one is its). */
void layout_html_block(layout_ctx *c, cmark_node *n, double x, double w)
{
    const char *lit = cmark_node_get_literal(n);
    size_t len = lit ? strlen(lit) : 0, from = 0;
    const source_html_block *hb = source_find_html_block(c->ch, n);
    if (hb) {
        from = hb->resume;
        for (size_t i = hb->first; i < hb->first + hb->n; i++) {
            const htmltable *t = &c->ch->htmltables[i].t;
            if (t->start > from) layout_html_text(c, n, from, t->start, x, w);
            layout_html_table(c, i, x, w);
            if (t->last != n) return;
            from = t->end;
        }
    }
    if (from < len) layout_html_text(c, n, from, len, x, w);
}

void layout_blocks(layout_ctx *c, cmark_node *parent, double x, double w)
{
    bool first = true;
    for (cmark_node *k = cmark_node_first_child(parent); k; k = cmark_node_next(k)) {
        if (first) c->suppress_space = true;
        layout_block(c, k, x, w);
        first = false;
    }
}
