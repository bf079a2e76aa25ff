/* layout_index — the back-of-book index: destinations at the marked terms, and
 * the Index chapter at the end of the body, its entries grouped by letter and
 * set in two columns, balanced on the last page. Page numbers come from the
 * previous pass (like cross-references), so the index takes part in the pass loop. */
#include "layout_int.h"

#include <stdlib.h>
#include <string.h>

/* Numerical tolerances (pt), not design values: the first page's columns are made this much
 * shorter than the room the opening leaves, so rounding never pushes them to the next page;
 * the balanced height of the last page is searched to this precision. */
#define INDEX_SLACK 0.01
#define INDEX_BALANCE_PRECISION 0.05

void layout_index_anchor(layout_ctx *c, text_builder *tb, cmark_node *node, size_t offset)
{
    const char *dest = bookindex_dest_at(c->index, node, offset);
    if (!dest) return;
    struct text_anchor *a = UTIL_PUSH(tb->anchors, tb->n_anchors, tb->cap_anchors);
    a->index = (int)tb->s.len;
    a->dest = util_xstrdup(dest);
}

/* A row of the column material: one line box, the space before it (dropped at the
 * top of a column) and whether it stays in the column of the next row. */
typedef struct index_row {
    size_t box;
    double gap;
    bool keep;
} index_row;

/* Rows that stay together (a letter heading with its first entry, a main entry with
 * its first sub-entry, the lines of one entry). */
typedef struct index_chunk {
    size_t first, n; /* rows */
    double gap, height; /* gap before it; height without that gap */
} index_chunk;

/* Page number of a destination from the previous pass, or -1. */
static int index_page(layout_ctx *c, const char *dest)
{
    if (c->refs && (!c->pages || page_destmap_label(c->pages, dest))) util_buf_printf(c->refs, "%s\n", dest);
    const char *label = c->pages ? page_destmap_label(c->pages, dest) : NULL;
    if (!label) return -1;
    char *end = NULL;
    long p = strtol(label, &end, 10);
    return end != label && !*end && p > 0 && p < 1000000 ? (int)p : -1;
}

static void index_italic(text_builder *tb, int start)
{
    PangoAttribute *a = pango_attr_style_new(PANGO_STYLE_ITALIC);
    a->start_index = (guint)start;
    a->end_index = (guint)tb->s.len;
    pango_attr_list_insert(tb->attrs, a);
}

static void index_link(text_builder *tb, int start, const char *dest)
{
    if (tb->n_links >= TEXT_MAX_SPANS) return;
    text_link *l = UTIL_PUSH(tb->links, tb->n_links, tb->cap_links);
    l->start = start;
    l->end = (int)tb->s.len;
    l->target = util_xstrdup(dest);
    l->internal = true;
}

/* "see X; Y" references of an entry (also: "see also"; the targets are bookindex_texts');
 * returns whether any was printed. */
static bool index_see(layout_ctx *c, text_builder *tb, const bookindex_entry *e, bool also, bool first)
{
    const char *targets = also ? e->see_also : e->see;
    if (!targets) return false;
    util_buf_adds(&tb->s, first ? ", " : "; ");
    int s = (int)tb->s.len;
    util_buf_adds(&tb->s, also ? c->th->label_index_see_also : c->th->label_index_see);
    index_italic(tb, s);
    util_buf_addc(&tb->s, ' ');
    util_buf_adds(&tb->s, targets);
    return true;
}

/* The text of one entry: its term, its merged page ranges (each end a link to its mark), its references. */
static void index_entry_text(layout_ctx *c, text_builder *tb, const bookindex_entry *e)
{
    const bookindex *ix = c->index;
    util_buf_adds(&tb->s, e->sub ? e->sub : e->term);
    bookindex_loc *locs = util_xcalloc(e->n_marks + 1, sizeof *locs);
    size_t n = 0;
    bool unknown = false;
    for (size_t k = 0; k < e->n_marks; k++) {
        const bookindex_mark *m = &ix->marks[e->marks[k]];
        if (m->see || m->range == BOOKINDEX_CLOSE) continue;
        int p = index_page(c, m->dest);
        const bookindex_mark *end = m->range == BOOKINDEX_OPEN && m->partner >= 0 ? &ix->marks[m->partner] : m;
        int q = end == m ? p : index_page(c, end->dest);
        if (p < 0 || q < 0) {
            unknown = true;
            continue;
        }
        locs[n++] = (bookindex_loc){p, q < p ? p : q, m->dest, q < p ? m->dest : end->dest};
    }
    n = bookindex_merge(locs, n);
    for (size_t i = 0; i < n; i++) {
        util_buf_adds(&tb->s, ", ");
        int s = (int)tb->s.len;
        util_buf_printf(&tb->s, "%d", locs[i].first);
        index_link(tb, s, locs[i].dest_first);
        if (locs[i].last > locs[i].first) {
            util_buf_adds(&tb->s, "\xe2\x80\x93"); /* EN DASH */
            s = (int)tb->s.len;
            util_buf_printf(&tb->s, "%d", locs[i].last);
            index_link(tb, s, locs[i].dest_last);
        }
    }
    if (unknown && !n && !c->pages) util_buf_adds(&tb->s, ", ?"); /* the first pass: pages not known yet */
    bool printed = n || (unknown && !c->pages);
    if (index_see(c, tb, e, false, !printed)) printed = true;
    index_see(c, tb, e, true, !printed);
    free(locs);
}

/* Lays out the letter headings and entries as line boxes of one column's width into c->out. */
static void index_lines(layout_ctx *c, double colw)
{
    const theme *th = c->th;
    const bookindex *ix = c->index;
    double indent = th->index_indent * c->em;
    const char *group = NULL; /* the letter of the group being set */
    for (size_t i = 0; i < ix->n_entries; i++) {
        const bookindex_entry *e = &ix->entries[i];
        if (!e->sub && (!group || strcmp(group, e->letter))) {
            if (group) layout_space(c, th->index_letter_space * c->em);
            layout_tag h;
            layout_tag_begin(c, &h, PAGE_ROLE_H2, NULL);
            layout_line_text(c, e->group, th->font_heading, th->index_letter_size * c->em, PANGO_WEIGHT_BOLD,
                             PANGO_STYLE_NORMAL, th->color_heading, PANGO_ALIGN_LEFT, th->heading_leading, 0, colw, true);
            layout_tag_end(c, &h);
            group = e->letter;
        }
        text_builder tb;
        text_init(&tb, th->font_body);
        tb.hyphenate = false;
        index_entry_text(c, &tb, e);
        text_style st;
        text_style_body(c, &st);
        st.size = th->index_size * c->em;
        st.leading = th->index_leading;
        st.justify = false;
        st.keep_together = true;
        /* A hanging indent: the lines are set one indent in, then the first moves back out. */
        double x = (e->sub ? indent : 0) + indent;
        layout_tag p;
        layout_tag_begin(c, &p, PAGE_ROLE_P, NULL);
        size_t first = text_emit(c, &tb, &st, x, colw - x);
        layout_tag_end(c, &p);
        text_free(&tb);
        vbox *fb = &c->out->v[first];
        for (size_t k = 0; k < fb->items.n; k++) fb->items.v[k].x -= indent;
        /* A main entry keeps with its first sub-entry; else the next entry may go to another column. */
        bool has_sub = i + 1 < ix->n_entries && ix->entries[i + 1].sub && !e->sub;
        if (!has_sub) c->out->v[c->out->n - 1].flags &= ~(unsigned)VBOX_KEEP_WITH_NEXT;
    }
}

/* Chunks from chunk k that fit a column of height h (at least one); returns the next chunk. */
static size_t index_fill(const index_chunk *ch, size_t n, size_t k, double h, double *used)
{
    double y = 0;
    size_t i = k;
    for (; i < n; i++) {
        double need = (i > k ? ch[i].gap : 0) + ch[i].height;
        if (i > k && y + need > h) break;
        y += need;
    }
    if (used) *used = y;
    return i;
}

/* Moves the rows of chunks [from, to) into box b at x = dx, from its top. */
static void index_place(vlist *lines, const index_row *rows, const index_chunk *ch, size_t from, size_t to, vbox *b, double dx)
{
    double y = 0;
    for (size_t i = from; i < to; i++) {
        for (size_t r = ch[i].first; r < ch[i].first + ch[i].n; r++) {
            if (r > ch[i].first || i > from) y += rows[r].gap;
            page_items_move(&b->items, &lines->v[rows[r].box].items, dx, y);
            y += lines->v[rows[r].box].height;
        }
    }
}

/* Sets the chunks in two columns page by page: full pages at the page's height, the
 * last one balanced (the lowest height at which both columns hold what is left). */
static void index_columns(layout_ctx *c, vlist *lines, const index_row *rows, const index_chunk *ch, size_t n,
                          double first_h, double colw)
{
    double H = c->text_height, dx = colw + c->th->index_column_gap * c->em;
    size_t k = 0;
    for (bool first = true; k < n; first = false) {
        double cap = first && first_h > 0 ? first_h : H;
        size_t k1 = index_fill(ch, n, k, cap, NULL), k2 = index_fill(ch, n, k1, cap, NULL);
        double height = cap;
        if (k2 == n) {
            double lo = 0, hi = cap;
            for (size_t i = k; i < n; i++)
                if (ch[i].height > lo) lo = ch[i].height;
            for (int step = 0; step < 30 && hi - lo > INDEX_BALANCE_PRECISION; step++) {
                double mid = (lo + hi) / 2;
                if (index_fill(ch, n, index_fill(ch, n, k, mid, NULL), mid, NULL) == n) hi = mid;
                else lo = mid;
            }
            double u1, u2;
            k1 = index_fill(ch, n, k, hi, &u1);
            index_fill(ch, n, k1, hi, &u2);
            height = u1 > u2 ? u1 : u2;
        }
        vbox *b = vlist_add(c->out, height, 0);
        index_place(lines, rows, ch, k, k1, b, 0);
        index_place(lines, rows, ch, k1, k2, b, dx);
        k = k2;
    }
}

void layout_index(const layout_input *in, vlist *out, util_buf *refs)
{
    const bookindex *ix = in->index;
    if (!ix || !ix->enabled) return;
    layout_ctx c;
    layout_ctx_init(&c, in, out);
    c.refs = refs;
    const theme *th = c.th;
    const char *title = in->bk->index_title ? in->bk->index_title : th->label_index;
    size_t top_i = out->n;
    vbox *top = vlist_add(out, th->chapter_top_space * c.em, VBOX_PAGE_BEFORE | VBOX_RECTO | VBOX_KEEP_WITH_NEXT);
    page_items_dest(&top->items, LAYOUT_INDEX_DEST, 0, 0);
    layout_outline(top, 1, title, LAYOUT_INDEX_DEST);
    top->outline_mark = util_xstrdup(title);
    layout_tag sect, h1;
    layout_tag_begin(&c, &sect, PAGE_ROLE_SECT, NULL);
    layout_tag_begin(&c, &h1, PAGE_ROLE_H1, NULL);
    layout_line_text(&c, title, th->font_heading, th->chapter_title_size * c.em, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL,
                     th->color_heading, PANGO_ALIGN_LEFT, th->heading_leading, 0, c.width, true);
    layout_tag_end(&c, &h1);
    layout_box(&c, th->chapter_after_space * c.em, VBOX_KEEP_WITH_NEXT);
    double used = 0;
    for (size_t i = top_i; i < out->n; i++) used += out->v[i].height;
    double colw = (c.width - th->index_column_gap * c.em) / 2;
    vlist lines = {0};
    c.out = &lines;
    index_lines(&c, colw);
    c.out = out;
    c.pending_space = 0;
    /* Rows (spacing becomes the gap of the row after it), then chunks of rows kept together. */
    index_row *rows = util_xcalloc(lines.n + 1, sizeof *rows);
    index_chunk *chunks = util_xcalloc(lines.n + 1, sizeof *chunks);
    size_t nr = 0, nc = 0;
    double gap = 0;
    for (size_t i = 0; i < lines.n; i++) {
        if (lines.v[i].flags & VBOX_DISCARDABLE) {
            gap += lines.v[i].height;
            continue;
        }
        rows[nr++] = (index_row){i, gap, (lines.v[i].flags & VBOX_KEEP_WITH_NEXT) != 0};
        gap = 0;
    }
    for (size_t r = 0; r < nr; r++) {
        if (r == 0 || !rows[r - 1].keep) chunks[nc++] = (index_chunk){r, 0, rows[r].gap, 0};
        index_chunk *k = &chunks[nc - 1];
        k->height += (k->n ? rows[r].gap : 0) + lines.v[rows[r].box].height;
        k->n++;
    }
    /* What the opening leaves of its page (a hair less, so rounding never pushes the first columns on). */
    index_columns(&c, &lines, rows, chunks, nc, c.text_height - used - INDEX_SLACK, colw);
    free(rows);
    free(chunks);
    vlist_free(&lines);
    layout_tag_end(&c, &sect);
}
