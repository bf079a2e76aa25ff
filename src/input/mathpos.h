/* mathpos — source positions after a formula that spans lines. cmark's inline parser never sees
 * the newlines inside $$…$$ (the math extension skips over them), so in the rest of the paragraph
 * its lines are early by them and, on the line where the formula ends, its columns count from the
 * line where it began. The extension records each such formula on its paragraph (in cmark's own
 * coordinates, which stay in document order); positions are corrected from the record. */
#ifndef MLSD_MATHPOS_H
#define MLSD_MATHPOS_H

#include <cmark-gfm.h>

/* A formula in paragraph para spanning `newlines` lines: cmark's line for it and the columns cmark
 * gives the byte after it (end_col) and that byte's true column less the paragraph's indentation
 * (tail: bytes since the formula's last newline). Formulas are recorded in document order. */
void mathpos_record(cmark_node *para, int line, int end_col, int newlines, int tail);
/* para was split off from (a paragraph split off) `from`: it shares its record. */
void mathpos_share(cmark_node *para, cmark_node *from);
/* Corrects the line and byte column cmark gave inline node n (or, for a formula, its own). */
void mathpos_fix(cmark_node *n, int *line, int *bytes);

#endif
