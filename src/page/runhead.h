/* runhead — page furniture around the text area: running heads (chapter and
 * section, cut at a word end to the room they have) and the page number in the footer. */
#ifndef MLSD_RUNHEAD_H
#define MLSD_RUNHEAD_H

#include <pango/pango.h>

#include "book.h"
#include "pages.h"

/* The left edge of the text area on page `index` (two-sided books alternate margins). */
double runhead_left(const book *bk, size_t index);
/* The page's label, centred in the footer. */
void runhead_footer(const book *bk, PangoContext *pc, page *pg, size_t index);
/* The running heads of page `index`: chapter and section (either may be NULL). */
void runhead_header(const book *bk, PangoContext *pc, page *pg, size_t index, const char *chapter, const char *section);

#endif
