/* diagram — Graphviz DOT text laid out with libgvc and rendered to SVG, then
 * drawn as vectors like any SVG figure; graph, node and edge defaults come
 * from the theme so every diagram looks alike. */
#ifndef MLSD_DIAGRAM_H
#define MLSD_DIAGRAM_H

#include <stdbool.h>

#include "figure.h"
#include "theme.h"

/* Lays out DOT source (rankdir: "TB", "LR"… whatever the source says, or NULL for the source's own;
 * wrap: break long plain node labels at spaces to diagram.wrap characters). On a syntax error returns false
 * with *error set to Graphviz's message (newly allocated) and *line to the line in the source (1-based, 0 if unknown). */
bool diagram_render(const char *dot, const theme *th, const char *rankdir, bool wrap, figure *out, char **error, int *line);
/* Whether the source sets the graph's rankdir (then its direction is the author's and is kept). */
bool diagram_sets_rankdir(const char *dot);
/* Label sizes closer than this (pt) count as equal. */
#define DIAGRAM_FONT_TOLERANCE 0.05
/* Bounds on what reaches Graphviz (its label code crashes on huge labels). */
enum {
    DIAGRAM_MAX_BYTES = 256 * 1024,
    DIAGRAM_MAX_NODES = 1000,
    DIAGRAM_MAX_EDGES = 4000,
    DIAGRAM_MAX_LABEL = 4096,
    DIAGRAM_MAX_LABEL_LINES = 100,
    /* An edge's minlen (dot makes a node for every rank an edge crosses). */
    DIAGRAM_MAX_MINLEN = 100,
    /* Graphviz's dot layout slows down fast with the ranks edges cross (mermaid_rank.c): past the
     * maximum a graph is refused; when those ranks and its edges add up past the effort bound, it is
     * asked for less effort and laid out once. */
    DIAGRAM_EFFORT_SPAN = 500,
    DIAGRAM_MAX_SPAN = 5000,
    /* dot's default searchsize, the most a source may ask for. */
    DIAGRAM_SEARCHSIZE = 30,
};
/* Whether the layout is large enough (ranks crossed and edges past DIAGRAM_EFFORT_SPAN) to be done once, with less effort,
 * instead of trying other directions and wrapped labels. */
bool diagram_is_large(const char *dot);

/* Parses DOT source and checks it against the bounds and for attributes that
 * would read files; the same errors diagram_render gives, without a layout. */
bool diagram_check(const char *dot, char **error, int *line);
/* What a fenced code block's info string asks for: ```dot, ```mermaid, or neither. */
typedef enum { DIAGRAM_FENCE_NONE, DIAGRAM_FENCE_DOT, DIAGRAM_FENCE_MERMAID } diagram_fence_kind;
diagram_fence_kind diagram_fence(const char *info);
/* For a block drawn as a figure (```dot, or ```mermaid holding a flowchart): its caption, the
 * info string after the first word with spaces skipped ("" when none). NULL for other blocks. */
const char *diagram_fence_caption(const char *info, const char *literal);
/* Frees Graphviz's context at exit. */
void diagram_shutdown(void);
/* Every diagram's layout is printed on stderr as xdot (MLSD_DUMP=diagrams, read by env.h);
 * set before layout starts. */
void diagram_set_dump(bool on);

#endif
