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
} mathext_data;

/* Registers the core GFM extensions and "math" (once); then cmark_find_syntax_extension("math") finds it. */
void mathext_ensure_registered(void);
/* The math of a node, or NULL when it is not a math node. */
const mathext_data *mathext_get(cmark_node *n);
/* A ```math code block: true, and the `{#id}` of its info string (or NULL) in *id. */
bool mathext_fence(cmark_node *n, const char **id_start, size_t *id_len);

#endif
