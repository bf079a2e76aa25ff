/* number — chapter and section numbers: chapters 1, 2, 3 in book order,
 * appendices A, B, …, unnumbered chapters skipped; sections 3.1, 3.1.2 down
 * to a depth. Runs over all chapters before layout, so references to later
 * chapters know their numbers. */
#ifndef MLSD_NUMBER_H
#define MLSD_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

#include "source.h"

/* depth: how many heading levels below the chapter get numbers (0 = none).
 * `#` and `##` are the first level, `###` the second, and so on. */
void number_book(source_chapter *chs, size_t n, int depth);

/* n (1 … NUMBER_ROMAN_MAX) in Roman numerals, "iv" or "IV" (newly allocated): page
 * labels of the front matter, part numbers. */
enum { NUMBER_ROMAN_MAX = 3999 };
char *number_roman(int n, bool upper);

/* Section level of a Markdown heading level (1 for # and ##, 2 for ###, …). */
int number_section_level(int heading_level);

#endif
