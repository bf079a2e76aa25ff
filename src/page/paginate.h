/* paginate — the page builder: vertical list → pages. Honours page starts,
 * keep-with-next chains (headings, widows and orphans, table headers),
 * drops spacing at page tops, adds footers with page numbers and collects
 * the outline. */
#ifndef MLSD_PAGINATE_H
#define MLSD_PAGINATE_H

#include "book.h"
#include "pages.h"
#include "vlist.h"

typedef enum {
    PAGINATE_FRONT, /* roman page labels i, ii, …; no running heads */
    PAGINATE_BODY   /* arabic labels from 1; running heads */
} paginate_style;

/* Moves the items of l into new pages of doc (l's boxes are left empty).
 * In a two-sided book the first page is a right-hand page. */
void paginate(const book *bk, PangoContext *pc, vlist *l, page_doc *doc, paginate_style style);
/* Two-sided books: adds a blank page so the next page is a right-hand one. */
void paginate_pad_to_recto(page_doc *doc, paginate_style style);


#endif
