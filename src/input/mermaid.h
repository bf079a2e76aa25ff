/* mermaid — the common subset of Mermaid flowcharts (```mermaid blocks) translated to
 * Graphviz DOT text, which diagram.c then lays out like a ```dot block. The parser is
 * bounded by construction (bytes, nodes, edges, subgraph nesting, label length) and
 * reports problems with their line and column inside the block. Other diagram kinds
 * (sequenceDiagram, gantt, …) are recognised by name and left to be shown as code. */
#ifndef MLSD_MERMAID_H
#define MLSD_MERMAID_H

#include <stdbool.h>
#include <stddef.h>

#include "theme.h"

/* Subgraphs nest at most this deep; a block holds at most this many subgraphs, class
 * definitions and warnings (the rest of the warnings are dropped). Nodes, edges, bytes
 * and label lengths share the DOT limits of diagram.h. */
enum { MERMAID_MAX_DEPTH = 16, MERMAID_MAX_SUBGRAPHS = 500, MERMAID_MAX_CLASSES = 256, MERMAID_MAX_WARNINGS = 20,
       /* a longer link (----->) spans at most this many ranks */
       MERMAID_MAX_MINLEN = 8,
       /* Graphviz's dot layout slows down fast with the ranks edges cross (mermaid_rank.c): past
        * this estimate it is asked for less effort, past the maximum the diagram is refused. */
       MERMAID_EFFORT_SPAN = 500, MERMAID_MAX_SPAN = 5000 };
/* A thick edge (==>) or a node with stroke-width of 2px or more: this many times diagram.pen_width. */
#define MERMAID_THICK_FACTOR 2.0

/* mermaid_rank.c (used for ```dot blocks too) */
typedef struct mermaid_rank_edge {
    int from, to, minlen;
    bool ghost; /* only keeps from above to (a rank constraint): crosses no rank, pulls nothing down */
} mermaid_rank_edge;
/* About how many virtual nodes Graphviz's dot layout will make for these n nodes and m edges
 * (labels: some edge has a label). Linear time. */
size_t mermaid_rank_span(size_t n, const mermaid_rank_edge *edges, size_t m, bool labels);

typedef struct mermaid_diag {
    int line, col; /* 1-based, inside the block's text */
    bool error;
    char *msg;
} mermaid_diag;

typedef struct mermaid_result {
    char *kind;       /* the diagram kind as written ("flowchart", "sequenceDiagram"), NULL if none */
    bool flowchart;   /* a kind this translator handles (flowchart, graph) */
    char *dot;        /* the DOT text; NULL unless a flowchart translated without errors */
    mermaid_diag *diags;
    size_t n_diags, cap_diags;
} mermaid_result;

/* Translates the block's text. th gives the colours of classDef/style (NULL: none are
 * written, as for checking). Returns true when out->dot was made. Free with mermaid_result_free. */
bool mermaid_translate(const char *src, const theme *th, mermaid_result *out);
void mermaid_result_free(mermaid_result *r);
/* Cheap: whether the block's first statement names a kind mermaid_translate handles. */
bool mermaid_is_flowchart(const char *src);

#endif
