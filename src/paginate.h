/* paginate — the page builder: vertical list → pages. Honours page starts,
 * keep-with-next chains (headings, widows and orphans, table headers),
 * drops spacing at page tops, adds footers with page numbers and collects
 * the outline. */
#ifndef MLSD_PAGINATE_H
#define MLSD_PAGINATE_H

#include "book.h"
#include "pages.h"
#include "vlist.h"

/* Moves the items of l into pages (l's boxes are left empty). */
void paginate(const book *bk, PangoContext *pc, vlist *l, page_doc *doc);

/* Lower-case roman numeral for n ≥ 1 (newly allocated). */
char *paginate_roman(int n);

#endif
