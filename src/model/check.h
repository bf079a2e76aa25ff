/* check — structure rules for the whole book, shared by `check` and `build`
 * (which runs them first and writes nothing when they find errors). */
#ifndef MLSD_CHECK_H
#define MLSD_CHECK_H

#include "book.h"
#include "kinds.h"
#include "source.h"

/* Reports every problem as a diagnostic. Chapters that failed to load are skipped. */
void check_book(const book *bk, source_chapter *chs, size_t n, const kinds *k);

#endif
