/* mermaid_int — the flowchart model shared by the parser (mermaid.c), the style
 * parser (mermaid_style.c) and the DOT writer (mermaid_dot.c). */
#ifndef MLSD_MERMAID_INT_H
#define MLSD_MERMAID_INT_H

#include <glib.h>
#include <stdbool.h>

#include "mermaid.h"
#include "theme.h"
#include "util.h"

typedef enum {
    MM_BOX, MM_ROUNDED, MM_STADIUM, MM_SUBROUTINE, MM_CYLINDER, MM_CIRCLE, MM_DOUBLECIRCLE, MM_DIAMOND,
    MM_HEXAGON, MM_ASYMMETRIC, MM_PARALLELOGRAM, MM_PARALLELOGRAM_ALT, MM_TRAPEZOID, MM_INV_TRAPEZOID
} mermaid_shape;

typedef enum { MM_SOLID, MM_DOTTED, MM_THICK, MM_INVISIBLE } mermaid_line;
typedef enum { MM_HEAD_NONE, MM_HEAD_ARROW, MM_HEAD_CIRCLE, MM_HEAD_CROSS } mermaid_head;

/* What classDef/style said, as far as it is kept (colours are mapped to the theme later). */
typedef struct mermaid_style {
    bool has_fill, has_stroke, fill_none;
    theme_color fill, stroke;
    bool thick, dashed;
} mermaid_style;

enum { MERMAID_MAX_NODE_CLASSES = 8 };

typedef struct mermaid_node {
    char *id, *label;      /* label NULL: the id */
    mermaid_shape shape;
    int cluster;           /* innermost subgraph it was last mentioned in, -1 for none */
    bool used;             /* named by a node statement (not only by class/style) */
    int subgraph;          /* >= 0: the name of that subgraph, not a node (edges attach to its border) */
    size_t at;             /* first mention (byte offset) */
    int classes[MERMAID_MAX_NODE_CLASSES];
    int n_classes;
    mermaid_style style;   /* from `style` statements, applied over the classes */
} mermaid_node;

typedef struct mermaid_edge {
    int from, to;
    char *label;
    mermaid_line line;
    mermaid_head head, tail;
    int minlen;
} mermaid_edge;

typedef struct mermaid_cluster {
    char *id;              /* NULL when the source gave none */
    char *title;
    int parent;
} mermaid_cluster;

typedef struct mermaid_class {
    char *name;
    mermaid_style style;
} mermaid_class;

typedef struct mermaid_graph {
    const char *dir;       /* "TB", "LR"…, NULL when the source gave none */
    GArray *nodes;         /* mermaid_node */
    GArray *edges;         /* mermaid_edge */
    GArray *clusters;      /* mermaid_cluster */
    GArray *classes;       /* mermaid_class */
    GHashTable *node_ids;  /* id -> index + 1 */
} mermaid_graph;

/* The parser's state (mermaid.c: statements; mermaid_chain.c: nodes, edges and labels). */
typedef struct mm_parser {
    const char *s;
    size_t len, pos;
    mermaid_result *out;
    mermaid_graph g;
    int stack[MERMAID_MAX_DEPTH];    /* open subgraphs */
    size_t stack_at[MERMAID_MAX_DEPTH];
    int depth;
    bool failed;                     /* after the first error nothing more is parsed */
    size_t kind_at;                  /* where the diagram kind is written */
    size_t warnings;
} mm_parser;

/* Diagnostics at byte offset off of the block (an error stops the parse). */
void mermaid_error(mm_parser *p, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void mermaid_warning(mm_parser *p, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The cursor: never reads past len; statements end at a newline, ';' or a %% comment. */
static inline char mm_cur(const mm_parser *p) { return p->pos < p->len ? p->s[p->pos] : '\0'; }
static inline bool mm_at(const mm_parser *p, const char *lit) { return util_has_at(p->s, p->len, p->pos, lit); }
static inline bool mm_eol(const mm_parser *p) { return p->pos >= p->len || p->s[p->pos] == '\n'; }
static inline bool mm_eos(const mm_parser *p) { return mm_eol(p) || mm_cur(p) == ';' || mm_at(p, "%%"); }
static inline void mm_spaces(mm_parser *p)
{
    while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\r')) p->pos++;
}
static inline void mm_skip_line(mm_parser *p)
{
    while (!mm_eol(p)) p->pos++;
}
static inline bool mm_id_char(char c) { return g_ascii_isalnum(c) || c == '_' || (unsigned char)c >= 0x80; }

/* mermaid_chain.c */
/* Length of the node id at the cursor: letters, digits, '_', non-ASCII, and '-' between them. */
size_t mermaid_id_len(const mm_parser *p);
/* "'x'", "the end of the line"… for messages. */
void mermaid_describe(const mm_parser *p, char *buf, size_t n);
/* Label text as written → plain text with line breaks (NULL after an error). */
char *mermaid_label(mm_parser *p, const char *t, size_t n, size_t off);
/* The node with this id, made when new (used: named by a node statement). -1 after an error. */
int mermaid_node_ref(mm_parser *p, const char *id, size_t n, size_t off, bool used);
int mermaid_class_ref(mm_parser *p, const char *name, size_t n, size_t off);
void mermaid_node_add_class(mm_parser *p, int node, int cls, size_t off);
/* A node statement: nodes, '&' groups and the edges between them. */
void mermaid_parse_chain(mm_parser *p);

/* mermaid_style.c */
/* Parses "fill:#f9f,stroke:#333,stroke-width:4px" into st; a value it cannot read is
 * reported through warn (its offset in text) and skipped. */
typedef void (*mermaid_warn_fn)(void *ctx, size_t offset, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void mermaid_style_parse(const char *text, size_t len, mermaid_style *st, mermaid_warn_fn warn, void *ctx);
/* Lays b over a (fields b sets win). */
void mermaid_style_merge(mermaid_style *a, const mermaid_style *b);

/* Writes the graph as DOT (colours from th, none when th is NULL); *span is mermaid_rank_span's estimate. */
char *mermaid_dot_write(const mermaid_graph *g, const theme *th, size_t *span);

#endif
