#include "paginate.h"
#include "number.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runhead.h"
#include "util.h"

/* Rounding slack when comparing heights, in points. */
#define PAGINATE_EPSILON 0.01

/* A box placed on the page being built: flow boxes in their order, and floats
 * (figures with their captions) placed at the top or where a block ended. */
typedef struct paginate_entry {
    size_t box;
    double gap;  /* space before it (around floats) */
    bool moved;  /* a float placed away from its place in the flow */
} paginate_entry;

typedef struct paginate_state {
    const book *bk;
    PangoContext *pc;
    vlist *l;
    page_doc *doc;
    paginate_style style;
    int number;              /* next page number */
    char *chapter_mark;      /* running heads in effect (not owned) */
    char *section_mark;
    char *own_mark;          /* the chapter mark taken from its box (which is freed with its list) */
    vlist kept;              /* footnote boxes carried over from an earlier list, taken from it */
    vbox **carry;            /* footnote boxes that did not fit on their page */
    size_t n_carry, cap_carry;
    double text_h;           /* height of the text area */
    /* Floats waiting for a place, in their order: a float never overtakes an earlier one. */
    struct paginate_range { size_t s, e; } *wait;
    size_t n_wait, cap_wait;
    /* The page being built. */
    paginate_entry *pg;
    size_t n_pg, cap_pg;
    size_t start;            /* its first flow box */
    double y, notes_h, pending_gap;
    bool empty;              /* nothing but spacing on it yet */
    bool full;               /* footnotes already run over to the next page */
    bool blocked;            /* it began inside a block: waiting floats wait for the block's end */
} paginate_state;

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
 * the boxes on it, as many as fit under `content_h`; the rest carry over. With
 * pg NULL it only measures. Returns the height the notes take (0: none). */
static double paginate_place_notes(paginate_state *s, page *pg, double left, double content_h)
{
    vbox **queue = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < s->n_carry; i++) *UTIL_PUSH(queue, n, cap) = s->carry[i];
    for (size_t e = 0; e < s->n_pg; e++) {
        vlist *nl = s->l->v[s->pg[e].box].notes;
        if (nl)
            for (size_t k = 0; k < nl->n; k++) *UTIL_PUSH(queue, n, cap) = &nl->v[k];
    }
    if (!n) return 0;
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
    if (!pg) {
        free(queue);
        return h;
    }
    s->n_carry = 0;
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
    return h;
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

/* Entry e of the page is a space between blocks: around a float, or spacing that
 * does not keep with what follows (a heading's space below it stays as it is). */
static bool paginate_block_gap(const paginate_state *s, size_t e)
{
    unsigned f = s->l->v[s->pg[e].box].flags;
    return s->pg[e].gap > 0 || (e > 0 && (f & VBOX_DISCARDABLE) && !(f & VBOX_KEEP_WITH_NEXT));
}

/* Moves the boxes of the page being built onto a new page. A page that does not
 * end a chapter (stretch) spreads the room under its last line over the spaces
 * between its blocks, at most page.stretch per space, and what is still left
 * over every other box boundary, at most page.line_stretch each, so that its last
 * line sits at the bottom (TeX's \\flushbottom). */
static void paginate_emit(paginate_state *s, bool stretch)
{
    const theme_paper *p = s->bk->paper;
    page_doc *doc = s->doc;
    size_t index = doc->n_pages;
    page *pg = UTIL_PUSH(doc->pages, doc->n_pages, doc->cap_pages);
    memset(pg, 0, sizeof *pg);
    double left = runhead_left(s->bk, index);
    /* Spacing at the foot of the page goes; what stretches is the spacing between blocks. */
    size_t n = s->n_pg;
    while (n > 0 && !s->pg[n - 1].moved && (s->l->v[s->pg[n - 1].box].flags & VBOX_DISCARDABLE)) n--;
    double content = 0;
    size_t n_gaps = 0, n_lines = 0;
    bool flow_seen = false;
    for (size_t e = 0; e < n; e++) {
        const vbox *b = &s->l->v[s->pg[e].box];
        content += s->pg[e].gap + b->height;
        if (!s->pg[e].moved && !flow_seen) {
            flow_seen = true;
            if (b->header && !b->owns_header) content += b->header->height;
        }
        if (paginate_block_gap(s, e)) n_gaps++;
        else if (e > 0) n_lines++;
    }
    double extra = 0, extra_line = 0;
    if (stretch && s->style == PAGINATE_BODY && n_gaps + n_lines) { /* the contents keep even spacing */
        double notes = paginate_place_notes(s, NULL, left, content);
        double room = s->text_h - content - (notes > 0 ? notes + paginate_notes_sep(s) : 0);
        if (room > 0 && n_gaps) extra = fmin(room / (double)n_gaps, s->bk->theme.page_stretch * p->body_size);
        room -= extra * (double)n_gaps;
        if (room > 0 && n_lines) extra_line = fmin(room / (double)n_lines, s->bk->theme.page_line_stretch * p->body_size);
    }
    double y = 0;
    bool footer = true, opening = false;
    const char *page_section = NULL;
    flow_seen = false;
    for (size_t e = 0; e < n; e++) {
        const paginate_entry *en = &s->pg[e];
        vbox *b = &s->l->v[en->box];
        y += en->gap + (paginate_block_gap(s, e) ? extra : e > 0 ? extra_line : 0);
        if (e == 0 && (b->flags & VBOX_PAGE_BEFORE)) opening = true;
        if (!en->moved && !flow_seen) {
            flow_seen = true;
            if (b->header && !b->owns_header) {
                /* A table continued from the previous page: its header row again. */
                size_t had = pg->items.n;
                page_items_copy(&pg->items, &b->header->items, left, p->margin_top + y);
                for (size_t k = had; k < pg->items.n; k++) pg->items.v[k].artifact = true; /* read once, where it began */
                y += b->header->height;
            }
        }
        if (b->flags & VBOX_NO_FOOTER) footer = false;
        if (b->outline_level > 0) {
            page_outline *o = UTIL_PUSH(doc->outline, doc->n_outline, doc->cap_outline);
            o->title = b->outline_title;
            o->dest = b->outline_dest;
            o->level = b->outline_level;
            o->page = (int)index;
            b->outline_title = b->outline_dest = NULL;
            if (o->level <= 2) {
                /* A chapter's box carries its mark (taken from the box: lists are paginated one
                 * chapter at a time); a part clears the mark. */
                free(s->own_mark);
                s->own_mark = b->outline_mark;
                b->outline_mark = NULL;
                s->chapter_mark = s->own_mark ? s->own_mark : o->level == 2 ? o->title : NULL;
                s->section_mark = NULL;
            } else if (o->level == 3) {
                if (!page_section) page_section = o->title;
                s->section_mark = o->title;
            }
        }
        page_items_move(&pg->items, &b->items, left, p->margin_top + y);
        y += b->height;
    }
    paginate_place_notes(s, pg, left, y);
    s->n_pg = 0;
    pg->label = paginate_label(s->style, s->number++);
    if (footer) runhead_footer(s->bk, s->pc, pg, index);
    if (s->style == PAGINATE_BODY && footer && !opening)
        runhead_header(s->bk, s->pc, pg, index, s->chapter_mark, page_section ? page_section : s->section_mark);
}

static void paginate_add(paginate_state *s, size_t box, double gap, bool moved)
{
    paginate_entry *en = UTIL_PUSH(s->pg, s->n_pg, s->cap_pg);
    en->box = box;
    en->gap = gap;
    en->moved = moved;
}

/* Places waiting floats, oldest first, while they fit: at the top of the page,
 * or where the block the page began in ended. An empty page takes one whatever its size. */
static void paginate_place_waiting(paginate_state *s)
{
    double gap = paginate_float_gap(s);
    while (s->n_wait) {
        struct paginate_range r = s->wait[0];
        double before = s->n_pg ? gap : 0;
        double h = before + paginate_range_height(s, r);
        if (!(s->n_pg == 0 && s->empty) && s->y + h + s->notes_h > s->text_h + PAGINATE_EPSILON) break;
        for (size_t k = r.s; k < r.e; k++) paginate_add(s, k, k == r.s ? before : 0, true);
        s->y += h;
        s->empty = false;
        s->pending_gap = gap;
        s->n_wait--;
        memmove(s->wait, s->wait + 1, s->n_wait * sizeof *s->wait);
    }
}

static void paginate_page_start(paginate_state *s, size_t start, bool blocked)
{
    s->n_pg = 0;
    s->start = start;
    s->y = 0;
    s->notes_h = paginate_carry_height(s);
    s->pending_gap = 0;
    s->empty = true;
    s->full = false;
    s->blocked = blocked;
    if (!blocked) paginate_place_waiting(s);
}

static bool paginate_waiting(const paginate_state *s, size_t i)
{
    for (size_t k = 0; k < s->n_wait; k++)
        if (i >= s->wait[k].s && i < s->wait[k].e) return true;
    return false;
}

/* Where the page breaks when box i does not fit: before the chain of boxes that
 * keep with it (a heading goes with what follows), unless that would leave
 * nothing on the page; then at i. */
static size_t paginate_break_point(const paginate_state *s, size_t i)
{
    size_t j = i;
    while (j > s->start && (s->l->v[j - 1].flags & VBOX_KEEP_WITH_NEXT) && !paginate_waiting(s, j - 1)) j--;
    for (size_t e = 0; e < s->n_pg; e++) {
        const paginate_entry *en = &s->pg[e];
        if ((en->moved || en->box < j) && !(s->l->v[en->box].flags & VBOX_DISCARDABLE)) return j;
    }
    return i;
}

/* Ends the page before box j (boxes from j on move to the next page, and the
 * floats they deferred are met again there), emits it and starts the next. */
static void paginate_break(paginate_state *s, size_t j)
{
    size_t cut = 0, back = 0;
    while (cut < s->n_pg && (s->pg[cut].moved || s->pg[cut].box < j)) cut++;
    /* Floats placed after the boxes that move on wait again, ahead of the others. */
    struct paginate_range *again = NULL;
    size_t n_again = 0, cap_again = 0;
    for (size_t e = cut; e < s->n_pg; e++)
        if (s->pg[e].moved && (e == cut || !s->pg[e - 1].moved || s->pg[e - 1].box + 1 != s->pg[e].box)) {
            size_t end = e;
            while (end + 1 < s->n_pg && s->pg[end + 1].moved && s->pg[end + 1].box == s->pg[end].box + 1) end++;
            *UTIL_PUSH(again, n_again, cap_again) = (struct paginate_range){s->pg[e].box, s->pg[end].box + 1};
        }
    size_t kept = 0;
    for (size_t k = 0; k < s->n_wait; k++)
        if (s->wait[k].s < j) s->wait[kept++] = s->wait[k];
    s->n_wait = kept;
    for (size_t k = 0; k < n_again; k++) *UTIL_PUSH(s->wait, s->n_wait, s->cap_wait) = again[k];
    if (n_again) {
        /* again[] goes first: rotate it to the front. */
        for (size_t k = 0; k < n_again; k++) {
            struct paginate_range r = s->wait[s->n_wait - 1];
            memmove(s->wait + 1, s->wait, (s->n_wait - 1) * sizeof *s->wait);
            s->wait[0] = r;
        }
    }
    free(again);
    s->n_pg = cut;
    for (size_t e = cut; e-- > 0;)
        if (!s->pg[e].moved) {
            back = s->pg[e].box;
            break;
        }
    bool blocked = cut > 0 && (s->l->v[back].flags & VBOX_INSIDE);
    paginate_emit(s, true);
    paginate_page_start(s, j, blocked);
}

void paginate_pad_to_recto(page_doc *doc, paginate_style style)
{
    /* Front matter and body are numbered from 1, so a page's number is its index + 1. */
    if (doc->n_pages % 2 == 1) paginate_blank(doc, paginate_label(style, (int)doc->n_pages + 1));
}

paginate_state *paginate_begin(const book *bk, PangoContext *pc, page_doc *doc, paginate_style style)
{
    const theme_paper *p = bk->paper;
    paginate_state *s = util_xcalloc(1, sizeof *s);
    s->bk = bk;
    s->pc = pc;
    s->doc = doc;
    s->style = style;
    s->number = 1;
    s->text_h = p->height - p->margin_top - p->margin_bottom;
    doc->width = p->width;
    doc->height = p->height;
    paginate_page_start(s, 0, false);
    return s;
}

/* Footnote boxes still to set when a list ends on an empty page go on the next list's first
 * page: they are taken from the list (which is freed) into s->kept. */
static void paginate_keep_carry(paginate_state *s)
{
    vlist kept = {0};
    for (size_t k = 0; k < s->n_carry; k++) {
        vbox *b = vlist_add(&kept, 0, 0);
        *b = *s->carry[k];
        memset(s->carry[k], 0, sizeof *s->carry[k]);
    }
    for (size_t k = 0; k < s->n_carry; k++) s->carry[k] = &kept.v[k];
    vlist_free(&s->kept);
    s->kept = kept;
}

void paginate_list(paginate_state *run, vlist *l)
{
    /* The list's structure elements go to the document, numbered after those it has. */
    vlist_move_structs(l, &run->doc->structs);
    if (!l->n) return;
    paginate_state s = *run; /* worked on here, and kept for the next list */
    const book *bk = s.bk;
    page_doc *doc = s.doc;
    paginate_style style = s.style;
    double H = s.text_h;
    double sep = paginate_notes_sep(&s);
    s.l = l;
    s.start = 0;
    size_t i = 0;
    while (i < l->n) {
        vbox *b = &l->v[i];
        if ((b->flags & VBOX_PAGE_BEFORE) && (!s.empty || s.n_wait)) {
            /* The chapter ends: floats still waiting go on its last page if they fit, else on pages of
             * their own, with the footnotes still to set. */
            paginate_place_waiting(&s);
            if (!s.empty) paginate_emit(&s, false);
            while (s.n_carry || s.n_wait) {
                paginate_page_start(&s, i, false);
                paginate_emit(&s, false);
            }
            paginate_page_start(&s, i, false);
        }
        if (s.empty && !s.n_pg && (b->flags & VBOX_PAGE_BEFORE) && (b->flags & VBOX_RECTO) && bk->two_sided &&
            doc->n_pages % 2 == 1) {
            /* Parts and chapters open on a right-hand page: leave a blank one. */
            paginate_blank(doc, paginate_label(style, s.number++));
        }
        if ((b->flags & VBOX_DISCARDABLE) && (s.empty || s.pending_gap > 0)) {
            i++; /* no spacing at the top of a page, nor next to the space around a float */
            continue;
        }
        if ((b->flags & VBOX_FLOAT) && (!s.empty || s.n_wait)) {
            /* A figure with its caption that does not fit, or that would overtake a figure still
             * waiting, waits for the next page (or the end of the block it is in), and the text
             * after it fills this one. What keeps with it (a heading) moves on with it instead. */
            size_t e = i;
            while (e + 1 < l->n && (l->v[e].flags & VBOX_KEEP_WITH_NEXT)) e++;
            struct paginate_range r = {i, e + 1};
            if (s.n_wait || s.y + s.pending_gap + paginate_range_height(&s, r) + s.notes_h > H + PAGINATE_EPSILON) {
                size_t j = paginate_break_point(&s, i);
                if (j < i) {
                    paginate_break(&s, j);
                    i = j;
                    continue;
                }
                *UTIL_PUSH(s.wait, s.n_wait, s.cap_wait) = r;
                i = r.e;
                continue;
            }
        }
        bool first_flow = true;
        for (size_t e = 0; e < s.n_pg && first_flow; e++) first_flow = s.pg[e].moved;
        double head = first_flow && b->header && !b->owns_header ? b->header->height : 0; /* the repeated table header */
        double gap = s.pending_gap;
        double nh = paginate_notes_height(b);
        double need_sep = s.notes_h + nh > 0 ? sep : 0;
        double need = s.y + gap + head + b->height;
        bool fits = !s.full && need + s.notes_h + nh + need_sep <= H + PAGINATE_EPSILON;
        /* A line whose footnote does not fit whole may still go here if the
         * note's first line does: the rest continues on the next page. */
        if (!fits && !s.full && nh > 0 && need + s.notes_h + b->notes->v[0].height + sep <= H + PAGINATE_EPSILON) {
            fits = true;
            s.full = true;
        }
        if (fits || s.empty) {
            /* A box taller than the page goes alone on its page. */
            paginate_add(&s, i, gap, false);
            s.y = need;
            s.pending_gap = 0;
            s.notes_h += nh;
            if (!(b->flags & VBOX_DISCARDABLE)) s.empty = false;
            i++;
            if (s.blocked && !(b->flags & (VBOX_INSIDE | VBOX_DISCARDABLE))) {
                /* The block the page began in has ended: the floats that waited for it come here. */
                s.blocked = false;
                paginate_place_waiting(&s);
            }
            continue;
        }
        /* Overflow: break at the last allowed point on this page. */
        size_t j = paginate_break_point(&s, i);
        paginate_break(&s, j);
        i = j;
    }
    /* The list ends as a chapter does (the next list opens a page): its last page is made
     * now, so that every page with its boxes is complete when it returns. */
    if (!s.empty || s.n_wait) {
        paginate_place_waiting(&s);
        if (!s.empty) paginate_emit(&s, false);
        while (s.n_carry || s.n_wait) {
            paginate_page_start(&s, l->n, false);
            paginate_emit(&s, false);
        }
        paginate_page_start(&s, l->n, false);
    }
    if (s.n_carry) paginate_keep_carry(&s);
    s.l = NULL;
    *run = s;
}

bool paginate_carrying(const paginate_state *s) { return s && s->n_carry > 0; }

void paginate_end(paginate_state *s)
{
    if (!s) return;
    if (s->n_carry) {
        /* Notes carried over from the last list: pages of their own. */
        vlist none = {0};
        s->l = &none;
        while (s->n_carry) {
            paginate_page_start(s, 0, false);
            paginate_emit(s, false);
        }
        s->l = NULL; /* none ends here */
    }
    vlist_free(&s->kept);
    free(s->own_mark);
    free(s->carry);
    free(s->wait);
    free(s->pg);
    free(s);
}

void paginate(const book *bk, PangoContext *pc, vlist *l, page_doc *doc, paginate_style style)
{
    paginate_state *s = paginate_begin(bk, pc, doc, style);
    paginate_list(s, l);
    paginate_end(s);
}
