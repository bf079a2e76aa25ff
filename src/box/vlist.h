/* vlist — the vertical list layout produces and the page builder breaks into
 * pages: boxes of fixed height whose items are relative to the box's top-left
 * corner at the text column's left edge. Break rules live in the flags. */
#ifndef MLSD_VLIST_H
#define MLSD_VLIST_H

#include "pages.h"

enum {
    VBOX_KEEP_WITH_NEXT = 1 << 0, /* no page break after this box */
    VBOX_DISCARDABLE = 1 << 1,    /* spacing: dropped at the top or bottom of a page */
    VBOX_PAGE_BEFORE = 1 << 2,    /* starts a new page */
    VBOX_NO_FOOTER = 1 << 3,      /* the page holding it gets no footer (title page) */
    VBOX_RECTO = 1 << 4,          /* with VBOX_PAGE_BEFORE: in a two-sided book, starts a right-hand page */
    VBOX_FLOAT = 1 << 5,          /* a figure (with its keep chain): may move to the top of the next page */
    VBOX_INSIDE = 1 << 6,         /* the block (code, list item, callout, table) goes on after it: floats wait for its end */
};

typedef struct vbox {
    double height;
    double baseline; /* of the first text line in the box, 0 when none */
    unsigned flags;
    page_items items;
    /* Table rows: the header row to repeat at the top of a page this row starts
     * (owned by the header box itself, shared by its rows). */
    struct vbox_header *header;
    bool owns_header;
    /* Footnotes referenced from this box, set at the bottom of its page. */
    struct vlist *notes;
    /* An outline (bookmark) entry that starts at this box, when level > 0. */
    int outline_level;
    char *outline_title;
    char *outline_dest;
    char *outline_mark; /* the running head for this entry when it differs from the title, or NULL */
} vbox;

typedef struct vbox_header {
    page_items items; /* a copy of the header row's items */
    double height;
} vbox_header;

typedef struct vlist {
    vbox *v;
    size_t n, cap;
    page_structs structs; /* structure elements of the items (the main list only) */
} vlist;

vbox *vlist_add(vlist *l, double height, unsigned flags);
void vlist_free(vlist *l);
/* Moves src's boxes and structure elements to the end of dst (element numbers
 * shifted; a chapter laid out on its own joins the book); src is left empty. */
void vlist_append(vlist *dst, vlist *src);
/* A deep copy of src into dst (dst's old contents are not freed): items take references of
 * their own, notes, outline strings, structure elements and shared table headers are copied. */
void vlist_copy(vlist *dst, const vlist *src);
/* Moves l's structure elements to the end of dst, renumbering them and the items of l. */
void vlist_move_structs(vlist *l, page_structs *dst);
/* One line per box and per item (for MLSD_DUMP=vlist and golden tests). */
void vlist_dump(const vlist *l, FILE *out);
/* The same for a list that goes on a joined one at box number first. */
void vlist_dump_at(const vlist *l, size_t first, FILE *out);

#endif
