/* mathsrc — a chapter's math: every formula parsed once after loading (errors at the
 * formula's file:line:col), display formulas with `{#id}` or `\tag{…}` registered as
 * numbered equations (captions that cross-references cite), and paragraphs split so that
 * display math stands in a paragraph of its own. */
#ifndef MLSD_MATHSRC_H
#define MLSD_MATHSRC_H

#include "mathparse.h"
#include "source.h"

/* Checks and indexes the chapter's math (after source_load). */
void mathsrc_index(source_chapter *ch);
/* The TeX of a math node or a ```math block (NULL otherwise); *display is set. */
const char *mathsrc_tex(cmark_node *n, bool *display);
/* The file position of byte `offset` of a formula's TeX. */
void mathsrc_pos(const source_chapter *ch, cmark_node *n, size_t offset, int *line, int *col);
/* The display math node a paragraph consists of, or NULL. */
cmark_node *mathsrc_display_para(cmark_node *para);

#endif
