/* layout_front — the front matter: title page and table of contents with
 * numbers, dot leaders and right-aligned page numbers; every entry links to
 * its destination. Laid out after the body, whose page numbers it prints. */
#include <stdlib.h>
#include <string.h>

#include "layout_int.h"

static void front_title_page(layout_ctx *c)
{
    const book *bk = c->bk;
    double w = c->width;
    vbox *top = vlist_add(c->out, c->text_height * c->th->titlepage_top, VBOX_PAGE_BEFORE | VBOX_NO_FOOTER | VBOX_KEEP_WITH_NEXT);
    page_items_dest(&top->items, "title", 0, 0);
    layout_line_text(c, bk->title, c->th->font_heading, c->th->title_size * c->em, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL,
                     c->th->color_heading, PANGO_ALIGN_LEFT, c->th->heading_leading, 0, w, true);
    if (bk->subtitle) {
        layout_space(c, c->em);
        layout_line_text(c, bk->subtitle, c->th->font_heading, c->th->subtitle_size * c->em, PANGO_WEIGHT_NORMAL,
                         PANGO_STYLE_NORMAL, c->th->color_muted, PANGO_ALIGN_LEFT, c->th->heading_leading, 0, w, true);
    }
    double space = c->th->titlepage_rule_space * c->em;
    vbox *rule = layout_box(c, space, VBOX_KEEP_WITH_NEXT);
    page_items_rect(&rule->items, PAGE_FILL, 0, space / 2, w * c->th->rule_length, c->th->titlepage_rule_width, c->th->color_heading, 0);
    for (size_t i = 0; i < bk->n_authors; i++)
        layout_line_text(c, bk->authors[i], c->th->font_body, c->th->author_size * c->em, PANGO_WEIGHT_NORMAL,
                         PANGO_STYLE_NORMAL, c->th->color_text, PANGO_ALIGN_LEFT, c->th->text_leading, 0, w, true);
    util_buf meta = {0};
    if (bk->version) util_buf_printf(&meta, "Version %s", bk->version);
    if (bk->date) util_buf_printf(&meta, "%s%s", meta.len ? " \xc2\xb7 " : "", bk->date);
    if (meta.len) {
        layout_space(c, c->em);
        layout_line_text(c, meta.s, c->th->font_heading, c->em, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL,
                         c->th->color_muted, PANGO_ALIGN_LEFT, c->th->heading_leading, 0, w, false);
    }
    util_buf_free(&meta);
}

typedef struct toc_style {
    const char *family;
    double size;
    PangoWeight weight;
    double space_before;
} toc_style;

/* The label of the page holding dest, recorded in c->refs: the contents are right only
 * when it is the final one. */
static const char *front_page_label(layout_ctx *c, const char *dest)
{
    if (c->refs) util_buf_printf(c->refs, "%s\n", dest);
    return page_destmap_label(c->pages, dest);
}

/* Width of a one-line text in a style. */
static double toc_text_width(layout_ctx *c, const toc_style *ts, const char *text)
{
    PangoLayout *lay = fonts_line_layout(c->pc, ts->family, ts->size, ts->weight >= PANGO_WEIGHT_BOLD, text);
    int w, h;
    pango_layout_get_size(lay, &w, &h);
    g_object_unref(lay);
    return w / (double)PANGO_SCALE;
}

/* The number column of each contents level: as wide as the widest number at
 * that level plus a gap (at least toc.number_width), so titles align. */
#define TOC_LEVELS 4

static void toc_entry(layout_ctx *c, const toc_style *ts, int level, double numw, double pagew, const char *number,
                      const char *title, const char *dest)
{
    const theme *th = c->th;
    double w = c->width;
    const char *page_label = front_page_label(c, dest);
    if (!page_label) page_label = "?";
    double indent = (level > 1 ? level - 1 : 0) * th->toc_indent * c->em;
    if (!number) numw = 0;
    /* Room on the right for the widest page number in the contents plus a gap;
     * the leaders of every row stop at the same place, whatever the number's width. */
    double tx = indent + numw, tw = w - tx - pagew - th->toc_leader_gap * c->em;
    layout_space(c, ts->space_before);
    text_builder tb;
    text_init(&tb, ts->family);
    util_buf_adds(&tb.s, title);
    text_style st;
    text_style_body(c, &st);
    st.family = ts->family;
    st.size = ts->size;
    st.weight = ts->weight;
    st.justify = false;
    st.keep_together = true;
    size_t first = text_emit(c, &tb, &st, tx, tw);
    text_free(&tb);
    size_t last = c->out->n - 1;
    vbox *fb = &c->out->v[first];
    if (number) {
        PangoLayout *nl = fonts_line_layout(c->pc, ts->family, ts->size, ts->weight >= PANGO_WEIGHT_BOLD, number);
        page_items_text(&fb->items, nl, 0, indent, fb->baseline);
        fb->items.v[fb->items.n - 1].color = c->color;
        g_object_unref(nl);
    }
    vbox *lb = &c->out->v[last];
    double text_end = tx;
    for (size_t i = 0; i < lb->items.n; i++) {
        const page_item *it = &lb->items.v[i];
        if (it->kind != PAGE_TEXT || it->x < tx) continue;
        PangoRectangle logical;
        pango_layout_line_get_extents(it->ln, NULL, &logical);
        double end = it->x + logical.width / (double)PANGO_SCALE;
        if (end > text_end) text_end = end;
    }
    /* Page number, right-aligned on the last line, and dot leaders up to it. */
    PangoLayout *pl = fonts_line_layout(c->pc, ts->family, ts->size, ts->weight >= PANGO_WEIGHT_BOLD, page_label);
    int pw, ph;
    pango_layout_get_size(pl, &pw, &ph);
    double px = w - pw / (double)PANGO_SCALE;
    page_items_text(&lb->items, pl, 0, px, lb->baseline);
    lb->items.v[lb->items.n - 1].color = c->color;
    g_object_unref(pl);
    double gap = th->toc_leader_gap * c->em;
    PangoLayout *dot = fonts_line_layout(c->pc, th->font_body, ts->size, false, ".");
    int dw, dh;
    pango_layout_get_size(dot, &dw, &dh);
    /* Dots sit on one grid measured from the column's left edge, so they line up
     * down the page across chapter and section rows, and end where the widest
     * page number would begin. */
    double stop = w - pagew - gap / 2;
    if (px - gap / 2 < stop) stop = px - gap / 2;
    for (double x = gap * (double)(long)((text_end + gap) / gap + 1); x + dw / (double)PANGO_SCALE <= stop; x += gap) {
        page_items_text(&lb->items, dot, 0, x, lb->baseline);
        lb->items.v[lb->items.n - 1].color = th->color_muted;
    }
    g_object_unref(dot);
    /* The whole entry is a link. */
    for (size_t i = first; i <= last; i++) {
        vbox *b = &c->out->v[i];
        if (b->flags & VBOX_DISCARDABLE) continue;
        page_items_link(&b->items, indent, 0, w - indent, b->height, dest, true);
    }
}

/* Widens a level's number column to hold `number` and the gap after it. */
static void toc_widen(layout_ctx *c, const toc_style *ts, double *numw, const char *number)
{
    double need = toc_text_width(c, ts, number) + c->em * c->th->list_marker_gap;
    if (need > *numw) *numw = need;
}

/* Widens the page-number column to hold the page label of `dest`. */
static void toc_widen_page(layout_ctx *c, const toc_style *ts, double *pagew, const char *slug, const char *id)
{
    char *dest = layout_dest_name(slug, id);
    const char *label = front_page_label(c, dest);
    double need = toc_text_width(c, ts, label ? label : "?");
    if (need > *pagew) *pagew = need;
    free(dest);
}

static void front_contents(layout_ctx *c)
{
    const theme *th = c->th;
    const book *bk = c->bk;
    int depth = (int)th->toc_depth;
    vbox *top = vlist_add(c->out, th->chapter_top_space * c->em, VBOX_PAGE_BEFORE | VBOX_KEEP_WITH_NEXT);
    page_items_dest(&top->items, "contents", 0, 0);
    layout_outline(top, 2, th->label_contents, "contents");
    layout_line_text(c, th->label_contents, th->font_heading, th->chapter_title_size * c->em, PANGO_WEIGHT_BOLD,
                     PANGO_STYLE_NORMAL, th->color_heading, PANGO_ALIGN_LEFT, th->heading_leading, 0, c->width, true);
    layout_space(c, th->chapter_after_space * c->em);
    toc_style part = {th->font_heading, th->h3_size * c->em, PANGO_WEIGHT_BOLD, th->toc_part_space * c->em};
    toc_style chap = {th->font_heading, c->em, PANGO_WEIGHT_BOLD, th->toc_chapter_space * c->em};
    toc_style sect = {th->font_body, c->em, PANGO_WEIGHT_NORMAL, 0};
    double numw[TOC_LEVELS + 1], pagew = 0;
    for (int l = 0; l <= TOC_LEVELS; l++) numw[l] = th->toc_number_width * c->em;
    for (size_t i = 0; i < c->n_chapters; i++) {
        const source_chapter *ch = &c->chapters[i];
        if (ch->number) toc_widen(c, &chap, &numw[1], ch->number);
        toc_widen_page(c, &chap, &pagew, ch->slug, "");
        for (size_t h = 0; h < ch->n_headings; h++) {
            const source_heading *hd = &ch->headings[h];
            const resolve_section *sec = resolve_section_of(ch, hd->node);
            int level = sec ? sec->toc_level : depth + 1;
            if (level > depth) continue;
            if (level <= TOC_LEVELS && hd->number) toc_widen(c, &sect, &numw[level], hd->number);
            toc_widen_page(c, &chap, &pagew, ch->slug, hd->id);
        }
    }
    if (c->index && c->index->enabled) { /* the Index chapter, last in the contents */
        const char *label = front_page_label(c, LAYOUT_INDEX_DEST);
        double need = toc_text_width(c, &chap, label ? label : "?");
        if (need > pagew) pagew = need;
    }
    int cur_part = -1;
    for (size_t i = 0; i < c->n_chapters; i++) {
        const source_chapter *ch = &c->chapters[i];
        int p = bk->chapters[i].part;
        if (p >= 0 && p != cur_part) {
            cur_part = p;
            char *label = resolve_part_label(c->th, (size_t)p + 1);
            char *title = util_printf("%s \xe2\x80\x94 %s", label, bk->parts[p].title);
            char *dest = layout_part_dest((size_t)p + 1);
            toc_entry(c, &part, 1, 0, pagew, NULL, title, dest);
            free(dest);
            free(title);
            free(label);
        } else if (p < 0 && cur_part >= 0) {
            cur_part = -1;
        }
        if (depth < 1) continue;
        char *dest = layout_dest_name(ch->slug, "");
        toc_entry(c, &chap, 1, numw[1], pagew, ch->number, ch->title, dest);
        free(dest);
        for (size_t h = 0; h < ch->n_headings; h++) {
            const source_heading *hd = &ch->headings[h];
            const resolve_section *sec = resolve_section_of(ch, hd->node);
            int level = sec ? sec->toc_level : depth + 1;
            if (level > depth) continue;
            char *hdest = layout_dest_name(ch->slug, hd->id);
            toc_entry(c, &sect, level, numw[level < TOC_LEVELS ? level : TOC_LEVELS], pagew, hd->number, hd->text, hdest);
            free(hdest);
        }
    }
    if (depth >= 1 && c->index && c->index->enabled)
        toc_entry(c, &chap, 1, numw[1], pagew, NULL, bk->index_title ? bk->index_title : th->label_index, LAYOUT_INDEX_DEST);
}

void layout_front(const layout_input *in, vlist *out, util_buf *refs)
{
    layout_ctx c;
    layout_ctx_init(&c, in, out);
    c.refs = refs;
    front_title_page(&c);
    front_contents(&c);
}
