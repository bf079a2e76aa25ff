/* mathext — GitHub's math syntax as a cmark-gfm inline syntax extension: `$…$` (GitHub's
 * rule: the opening `$` is not followed by a space, the closing one not preceded by a space
 * nor followed by a digit, so "$5 and $10" stays text), `` $`…`$ `` and display `$$…$$`
 * (optionally followed by ` {#eq-id}`). Each becomes one inline node holding the TeX and
 * the position of its first byte. ```math blocks stay code blocks (see mathext_fence). */
#ifndef MLSD_MATHEXT_H
#define MLSD_MATHEXT_H

#include <cmark-gfm.h>
#include <stdbool.h>

enum { MATHEXT_MAGIC = 0x6d617468 }; /* tells the math's user data from any other */

typedef struct mathext_data {
    unsigned magic;
    char *tex;
    bool display;
    int line, col; /* of the TeX's first byte in the Markdown body (cmark's coordinates: 1-based, bytes) */
    char *id;      /* `{#id}` after display math, or NULL */
    /* The newlines the formula spans, which cmark's inline parser never sees (mathext_fix_pos);
     * when there are some: the column cmark counts for the byte after it, and its true column
     * less the paragraph's indentation (bytes since the formula's last newline). */
    int newlines, end_col, tail;
} mathext_data;

/* Registers the core GFM extensions and "math" (once); then cmark_find_syntax_extension("math") finds it. */
void mathext_ensure_registered(void);
/* The math of a node, or NULL when it is not a math node. */
const mathext_data *mathext_get(cmark_node *n);
/* Corrects the line and byte column cmark gives node n (or, for a math node, its own line and
 * col): after a $$…$$ that spans lines, cmark's lines in the rest of the paragraph are early by
 * its newlines, and on the line where it ends columns count from the line where it began. */
void mathext_fix_pos(cmark_node *n, int *line, int *bytes);
/* Marks a paragraph split off one that held display math (see mathsrc.c): start_col is the
 * original paragraph's column, continued whether the paragraph before it is part of it too. */
void mathext_mark_split(cmark_node *para, int start_col, bool continued);
/* A paragraph's column, or that of the paragraph it was split from. */
int mathext_para_col(cmark_node *para);
/* Whether a paragraph is a part, after the first, of one split around display math. */
bool mathext_para_continued(cmark_node *para);
/* A ```math code block: true, and the `{#id}` of its info string (or NULL) in *id. */
bool mathext_fence(cmark_node *n, const char **id_start, size_t *id_len);

#endif
