/* layout_chapter — a chapter (and the part it opens) as one unit of layout: its title, its
 * blocks, its notes (footnotes and link addresses, numbered by resolve and attached to the
 * line of their first mark), and the layout context they all share. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "layout_int.h"

/* One footnote's boxes: its number, then its text at the notes size. */
static void layout_note_boxes(layout_ctx *c, size_t k, vlist *out)
{
    layout_ctx saved = *c;
    c->out = out;
    c->pending_space = 0;
    c->suppress_space = true;
    c->size = c->th->notes_size * c->em;
    c->color = c->th->color_text;
    c->in_note = true;
    c->list_depth = 0;
    size_t queued = c->n_note_queue;
    /* A note is read where it is printed, at the foot of the page: under the chapter. */
    c->sid = c->chapter_sid;
    layout_tag tag;
    layout_tag_begin(c, &tag, PAGE_ROLE_NOTE, NULL);
    double indent = c->th->list_indent * c->em;
    double w = c->width;
    const resolve_note *note = resolve_note_at(c->ch, k);
    if (note->def) {
        layout_blocks(c, note->def, indent, w - indent);
    } else {
        text_builder tb;
        text_init(&tb, c->th->font_body);
        util_buf_adds(&tb.s, note->url);
        PangoAttribute *a = pango_attr_family_new(c->th->font_mono);
        a->start_index = 0;
        a->end_index = (guint)tb.s.len;
        pango_attr_list_insert(tb.attrs, a);
        /* An address broken across lines gains no hyphen: copied, it stays right. */
        a = pango_attr_insert_hyphens_new(FALSE);
        a->start_index = 0;
        a->end_index = (guint)tb.s.len;
        pango_attr_list_insert(tb.attrs, a);
        text_link *l = UTIL_PUSH(tb.links, tb.n_links, tb.cap_links);
        l->start = 0;
        l->end = (int)tb.s.len;
        l->target = util_xstrdup(note->url);
        l->internal = false;
        text_style st;
        text_style_body(c, &st);
        st.justify = false;
        text_emit(c, &tb, &st, indent, w - indent);
        text_free(&tb);
    }
    if (out->n) {
        char num[24];
        snprintf(num, sizeof num, "%zu", note->number);
        layout_marker(c, 0, num, indent - c->th->list_marker_gap * c->em, false, false);
        page_items_dest(&out->v[0].items, note->dest, 0, 0);
        /* A footnote's lines stay together unless it is long. */
        for (size_t i = 0; i + 1 < out->n && i < 2; i++) out->v[i].flags |= VBOX_KEEP_WITH_NEXT;
    }
    layout_tag_end(c, &tag);
    /* Notes it references were queued. */
    saved.note_queue = c->note_queue;
    saved.n_note_queue = c->n_note_queue;
    saved.cap_note_queue = c->cap_note_queue;
    (void)queued;
    *c = saved;
}

/* Lays out note k and appends its boxes to the notes of box `box` of the main list. */
static void layout_note_into(layout_ctx *c, size_t box, size_t k)
{
    vlist one = {0};
    vbox *b = &c->out->v[box];
    if (!b->notes) b->notes = util_xcalloc(1, sizeof *b->notes);
    /* Space between two notes on the same line. */
    if (b->notes->n) vlist_add(b->notes, c->th->list_item_space * c->em, VBOX_DISCARDABLE);
    layout_note_boxes(c, k, &one);
    b = &c->out->v[box];
    for (size_t i = 0; i < one.n; i++) *UTIL_PUSH(b->notes->v, b->notes->n, b->notes->cap) = one.v[i];
    free(one.v);
}

void layout_attach_notes(layout_ctx *c, size_t box, const text_builder *tb, int from, int to)
{
    for (size_t i = 0; i < tb->n_noterefs; i++) {
        const struct text_noteref *r = &tb->noterefs[i];
        if (r->index < from || r->index >= to || c->note_placed[r->note]) continue;
        c->note_placed[r->note] = true;
        /* A note referenced from inside a note goes with the outer note's line; it is
         * queued, not laid out here, so a chain of notes never recurses. */
        *UTIL_PUSH(c->note_queue, c->n_note_queue, c->cap_note_queue) = r->note;
    }
    if (c->in_note) return;
    /* Every queued note is laid out once (placed is set before queueing). */
    for (size_t q = 0; q < c->n_note_queue; q++) layout_note_into(c, box, c->note_queue[q]);
    c->n_note_queue = 0;
}

static void layout_chapter(layout_ctx *c, source_chapter *ch)
{
    c->ch = ch;
    c->size = c->em;
    c->color = c->th->color_text;
    c->list_depth = 0;
    c->warned_depth = false;
    free(c->note_placed);
    c->note_placed = util_xcalloc(ch->model->notes->len + 1, sizeof *c->note_placed);
    double w = c->width;
    vbox *top = vlist_add(c->out, c->th->chapter_top_space * c->em, VBOX_PAGE_BEFORE | VBOX_RECTO | VBOX_KEEP_WITH_NEXT);
    char *dest = layout_dest_name(ch->slug, "");
    page_items_dest(&top->items, dest, 0, 0);
    /* A chapter outside any part is a top-level bookmark, even after a part. */
    bool in_part = c->bk->chapters[ch - c->chapters].part >= 0;
    layout_outline(top, in_part ? 2 : 1, ch->model->outline, dest);
    /* Every chapter sets its running-head mark, whatever its outline level (inside a part or not). */
    top->outline_mark = util_xstrdup(ch->model->mark);
    free(dest);
    layout_tag sect, title;
    c->sid = 0;
    layout_tag_begin(c, &sect, PAGE_ROLE_SECT, NULL);
    c->chapter_sid = sect.sid;
    layout_tag_begin(c, &title, PAGE_ROLE_H1, NULL);
    const char *label = ch->model->label;
    if (label)
        layout_line_text(c, label, c->th->font_heading, c->th->chapter_label_size * c->em, PANGO_WEIGHT_NORMAL,
                         PANGO_STYLE_NORMAL, c->th->color_muted, PANGO_ALIGN_LEFT, c->th->heading_leading, 0, w, true);
    layout_line_text(c, ch->title, c->th->font_heading, c->th->chapter_title_size * c->em, PANGO_WEIGHT_BOLD,
                     PANGO_STYLE_NORMAL, c->th->color_heading, PANGO_ALIGN_LEFT, c->th->heading_leading, 0, w, true);
    layout_tag_end(c, &title);
    if (ch->summary) {
        layout_space(c, c->th->heading_space_after * c->th->chapter_title_size * c->em);
        layout_tag summary;
        layout_tag_begin(c, &summary, PAGE_ROLE_P, NULL);
        layout_line_text(c, ch->summary, c->th->font_body, c->th->chapter_summary_size * c->em, PANGO_WEIGHT_NORMAL,
                         PANGO_STYLE_ITALIC, c->th->color_muted, PANGO_ALIGN_LEFT, c->th->text_leading, 0, w, true);
        layout_tag_end(c, &summary);
    }
    layout_box(c, c->th->chapter_after_space * c->em, VBOX_KEEP_WITH_NEXT);
    layout_blocks(c, ch->doc, 0, w);
    layout_tag_end(c, &sect);
    c->chapter_sid = 0;
}

static void layout_part(layout_ctx *c, const book_part *p, size_t number)
{
    double w = c->width;
    vbox *top = vlist_add(c->out, c->text_height * c->th->titlepage_top, VBOX_PAGE_BEFORE | VBOX_RECTO | VBOX_KEEP_WITH_NEXT | VBOX_NO_FOOTER);
    char *dest = layout_part_dest(number);
    page_items_dest(&top->items, dest, 0, 0);
    layout_outline(top, 1, p->title, dest);
    free(dest);
    layout_tag tag;
    c->sid = 0;
    layout_tag_begin(c, &tag, PAGE_ROLE_H1, NULL);
    char *label = resolve_part_label(c->th, number);
    layout_line_text(c, label, c->th->font_heading, c->th->part_label_size * c->em, PANGO_WEIGHT_NORMAL,
                     PANGO_STYLE_NORMAL, c->th->color_muted, PANGO_ALIGN_CENTER, c->th->heading_leading, 0, w, true);
    free(label);
    layout_space(c, c->em);
    layout_line_text(c, p->title, c->th->font_heading, c->th->part_title_size * c->em, PANGO_WEIGHT_BOLD,
                     PANGO_STYLE_NORMAL, c->th->color_heading, PANGO_ALIGN_CENTER, c->th->heading_leading, 0, w, false);
    layout_tag_end(c, &tag);
}

char *layout_part_dest(size_t number)
{
    char *id = util_printf("part-%zu", number);
    char *dest = layout_dest_name(id, "");
    free(id);
    return dest;
}

void layout_ctx_init(layout_ctx *c, const layout_input *in, vlist *out)
{
    memset(c, 0, sizeof *c);
    const book *bk = in->bk;
    c->pc = in->pc;
    c->lang = pango_language_from_string(bk->language);
    c->cache = in->cache;
    c->bk = bk;
    c->th = &bk->theme;
    c->em = bk->paper->body_size;
    c->width = bk->paper->width - bk->paper->margin_inner - bk->paper->margin_outer;
    c->text_height = bk->paper->height - bk->paper->margin_top - bk->paper->margin_bottom;
    c->chapters = in->chapters;
    c->n_chapters = in->n;
    c->pages = in->pages;
    c->hyph = in->hyph;
    c->figures = in->figures;
    c->files = in->files;
    c->highlight = in->highlight;
    c->index = in->index;
    c->out = out;
    c->structs = &out->structs;
    c->size = c->em;
    c->color = c->th->color_text;
}

void layout_unit(const layout_input *in, size_t i, vlist *out, util_buf *refs)
{
    layout_ctx c;
    layout_ctx_init(&c, in, out);
    c.refs = refs;
    const book *bk = in->bk;
    /* A part opens before the first of its chapters (a chapter outside any part
     * in between does not close it). */
    int part = bk->chapters[i].part, prev = -1;
    for (size_t j = i; j-- > 0;)
        if (bk->chapters[j].part >= 0) {
            prev = bk->chapters[j].part;
            break;
        }
    if (part >= 0 && part != prev) layout_part(&c, &bk->parts[part], (size_t)part + 1);
    if (in->chapters[i].doc && !in->chapters[i].failed) layout_chapter(&c, &in->chapters[i]);
    free(c.note_placed);
    free(c.note_queue);
}
