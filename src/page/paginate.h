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

/* The same a list at a time (a chapter, which opens a page): the pages go on where the
 * last list ended (numbers, running heads, right-hand pages), and when paginate_list
 * returns, every page holding one of l's boxes is in doc, so l can be freed. The result
 * is that of paginate on the lists joined. */
typedef struct paginate_state paginate_state;
paginate_state *paginate_begin(const book *bk, PangoContext *pc, page_doc *doc, paginate_style style);
void paginate_list(paginate_state *s, vlist *l);
/* Whether footnotes of the lists so far are still to be set (on the next list's first page). */
bool paginate_carrying(const paginate_state *s);
/* Sets what is still pending (footnotes carried over) and frees s. */
void paginate_end(paginate_state *s);
/* Two-sided books: adds a blank page so the next page is a right-hand one. */
void paginate_pad_to_recto(page_doc *doc, paginate_style style);


#endif
