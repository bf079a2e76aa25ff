/* mermaid_dot — writes a parsed flowchart as Graphviz DOT. Nothing the author wrote
 * reaches the DOT text except inside double-quoted strings, escaped (\" and \\), so
 * a label cannot add attributes, statements or HTML-like labels. Node names are n0,
 * n1…; colours of classDef/style are mapped onto the theme's palette. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mermaid_int.h"
#include "util.h"

/* Whether s (just after a '&') reads as an entity: Graphviz decodes those in labels and copies
 * them into the SVG as they are, where librsvg would decode them again (or refuse an unknown one). */
static bool mm_entity_like(const char *s)
{
    size_t i = 0;
    if (s[i] == '#') i++;
    if (i && (s[i] == 'x' || s[i] == 'X')) i++;
    size_t start = i;
    while (g_ascii_isalnum(s[i]) && i - start < 32) i++;
    return i > start && s[i] == ';';
}

/* A DOT string: "…" with \" and \\ escaped, line breaks as \n, and an '&' that would start an
 * entity followed by a word joiner (U+2060, invisible) so that the text is drawn as written. */
static void mm_dot_str(util_buf *b, const char *s)
{
    util_buf_addc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') util_buf_addc(b, '\\');
        if (*s == '\n') util_buf_adds(b, "\\n");
        else util_buf_addc(b, *s);
        if (*s == '&' && mm_entity_like(s + 1)) util_buf_adds(b, "\xe2\x81\xa0");
    }
    util_buf_addc(b, '"');
}

static void mm_dot_attr(util_buf *b, const char *name, const char *value)
{
    util_buf_printf(b, ", %s=", name);
    mm_dot_str(b, value);
}

static void mm_dot_color(util_buf *b, const char *name, theme_color c)
{
    util_buf_printf(b, ", %s=\"#%02x%02x%02x\"", name, (int)(c.r * 255 + 0.5), (int)(c.g * 255 + 0.5), (int)(c.b * 255 + 0.5));
}

/* The theme colour an author's colour maps to: greys (little chroma) are the diagram's own
 * colours (-1); other colours take the callout colour nearest in hue (its index). Every
 * coloured node therefore uses a pair of theme colours (callout background and accent) that
 * are known to read well together and print alike in every diagram. */
#define MM_GREY_CHROMA 0.08
static double mm_hue(theme_color c, double *chroma)
{
    double mx = fmax(c.r, fmax(c.g, c.b)), mn = fmin(c.r, fmin(c.g, c.b)), d = mx - mn;
    *chroma = d;
    if (d <= 0) return 0;
    double h = mx == c.r ? fmod((c.g - c.b) / d, 6) : mx == c.g ? (c.b - c.r) / d + 2 : (c.r - c.g) / d + 4;
    return h < 0 ? h * 60 + 360 : h * 60;
}

static int mm_palette(const theme *th, theme_color c)
{
    double chroma, h = mm_hue(c, &chroma), best = 1e9;
    if (chroma < MM_GREY_CHROMA) return -1;
    int pick = -1;
    for (size_t i = 0; i < th->n_callouts; i++) {
        double cc, hc = mm_hue(th->callouts[i].color, &cc), dh = fabs(h - hc);
        if (dh > 180) dh = 360 - dh;
        if (cc >= MM_GREY_CHROMA && dh < best) best = dh, pick = (int)i;
    }
    return pick;
}

static const struct { const char *shape, *style, *extra; } mm_shape_dot[] = {
    [MM_BOX] = {"box", "filled", NULL},
    [MM_ROUNDED] = {"box", "rounded,filled", NULL},
    [MM_STADIUM] = {"ellipse", "filled", NULL},
    [MM_SUBROUTINE] = {"box", "filled", "peripheries=2"},
    [MM_CYLINDER] = {"cylinder", "filled", NULL},
    [MM_CIRCLE] = {"circle", "filled", NULL},
    [MM_DOUBLECIRCLE] = {"doublecircle", "filled", NULL},
    [MM_DIAMOND] = {"diamond", "filled", NULL},
    [MM_HEXAGON] = {"hexagon", "filled", NULL},
    [MM_ASYMMETRIC] = {"cds", "filled", NULL},
    [MM_PARALLELOGRAM] = {"parallelogram", "filled", NULL},
    [MM_PARALLELOGRAM_ALT] = {"polygon", "filled", "sides=4, skew=-0.4"},
    [MM_TRAPEZOID] = {"trapezium", "filled", NULL},
    [MM_INV_TRAPEZOID] = {"invtrapezium", "filled", NULL},
};

/* What the writer needs besides the graph: per subgraph, the node its edges attach to
 * (-1: an invisible anchor "c<k>" inside it) and the node standing for it in style statements. */
typedef struct mm_writer {
    util_buf *b;
    const mermaid_graph *g;
    const theme *th;
    int *rep, *named;
    bool *linked;
} mm_writer;

/* classDef default, then the node's classes in order, then its style statements. */
static mermaid_style mm_node_style(const mermaid_graph *g, const mermaid_node *nd)
{
    mermaid_style st = {0};
    for (guint i = 0; i < g->classes->len; i++) {
        const mermaid_class *c = &g_array_index(g->classes, mermaid_class, i);
        if (!strcmp(c->name, "default")) mermaid_style_merge(&st, &c->style);
    }
    for (int i = 0; i < nd->n_classes; i++) mermaid_style_merge(&st, &g_array_index(g->classes, mermaid_class, nd->classes[i]).style);
    mermaid_style_merge(&st, &nd->style);
    return st;
}

/* ", fillcolor=…, color=…" from a style (the given defaults where it sets none). */
static void mm_dot_colors(mm_writer *w, const mermaid_style *st, theme_color fill_default, theme_color line_default)
{
    int fill = st->has_fill ? mm_palette(w->th, st->fill) : -1, stroke = st->has_stroke ? mm_palette(w->th, st->stroke) : fill;
    mm_dot_color(w->b, "fillcolor", fill >= 0 ? w->th->callouts[fill].background : st->has_fill ? w->th->diagram_fill : fill_default);
    mm_dot_color(w->b, "color", stroke >= 0 ? w->th->callouts[stroke].color : st->has_fill || st->has_stroke ? w->th->diagram_line : line_default);
}

static void mm_dot_node(mm_writer *w, int idx)
{
    util_buf *b = w->b;
    const mermaid_node *nd = &g_array_index(w->g->nodes, mermaid_node, idx);
    mermaid_style st = mm_node_style(w->g, nd);
    util_buf_printf(b, "  \"n%d\" [label=", idx);
    mm_dot_str(b, nd->label ? nd->label : nd->id);
    util_buf_printf(b, ", shape=\"%s\"", mm_shape_dot[nd->shape].shape);
    util_buf_printf(b, ", style=\"%s%s\"", st.fill_none ? (nd->shape == MM_ROUNDED ? "rounded" : "solid") : mm_shape_dot[nd->shape].style,
                    st.dashed ? ",dashed" : "");
    if (mm_shape_dot[nd->shape].extra) util_buf_printf(b, ", %s", mm_shape_dot[nd->shape].extra);
    if (w->th && (st.has_fill || st.has_stroke)) mm_dot_colors(w, &st, w->th->diagram_fill, w->th->diagram_line);
    if (w->th && st.thick) util_buf_printf(b, ", penwidth=\"%.2f\"", w->th->diagram_pen_width * MERMAID_THICK_FACTOR);
    util_buf_adds(b, "];\n");
}

/* Subgraph k with its nodes and nested subgraphs (depth bounded by MERMAID_MAX_DEPTH). */
static void mm_dot_cluster(mm_writer *w, int k)
{
    const mermaid_graph *g = w->g;
    if (k >= 0) {
        const mermaid_cluster *c = &g_array_index(g->clusters, mermaid_cluster, k);
        util_buf_printf(w->b, "subgraph \"cluster_%d\" {\n  label=", k);
        mm_dot_str(w->b, c->title);
        util_buf_adds(w->b, ";\n");
        if (w->th) {
            /* The subgraph's own attributes: "graph [style=…, color=…, fillcolor=…]". */
            mermaid_style st = {0};
            if (w->named[k] >= 0) st = mm_node_style(g, &g_array_index(g->nodes, mermaid_node, w->named[k]));
            util_buf_printf(w->b, "  graph [style=\"rounded,filled%s\"", st.dashed ? ",dashed" : "");
            mm_dot_colors(w, &st, w->th->code_background, w->th->color_rule);
            util_buf_adds(w->b, "];\n");
        }
        if (w->rep[k] < 0 && w->linked[k]) util_buf_printf(w->b, "  \"c%d\" [label=\"\", shape=\"point\", style=\"invis\"];\n", k);
    }
    for (guint i = 0; i < g->nodes->len; i++) {
        const mermaid_node *nd = &g_array_index(g->nodes, mermaid_node, i);
        if (nd->used && nd->subgraph < 0 && nd->cluster == k) mm_dot_node(w, (int)i);
    }
    for (guint i = 0; i < g->clusters->len; i++)
        if (g_array_index(g->clusters, mermaid_cluster, i).parent == k) mm_dot_cluster(w, (int)i);
    if (k >= 0) util_buf_adds(w->b, "}\n");
}

static const char *mm_arrow(mermaid_head h)
{
    return h == MM_HEAD_ARROW ? "normal" : h == MM_HEAD_CIRCLE ? "odot" : h == MM_HEAD_CROSS ? "tee" : "none";
}

/* The DOT name an edge end uses: the node, or for a subgraph the node it attaches to. */
static void mm_dot_end(mm_writer *w, int node)
{
    int k = g_array_index(w->g->nodes, mermaid_node, node).subgraph;
    if (k < 0) util_buf_printf(w->b, "\"n%d\"", node);
    else if (w->rep[k] >= 0) util_buf_printf(w->b, "\"n%d\"", w->rep[k]);
    else util_buf_printf(w->b, "\"c%d\"", k);
}

static void mm_dot_edge(mm_writer *w, const mermaid_edge *e)
{
    util_buf *b = w->b;
    mm_dot_end(w, e->from);
    util_buf_adds(b, " -> ");
    mm_dot_end(w, e->to);
    util_buf_printf(b, " [arrowhead=\"%s\"", mm_arrow(e->head));
    int from_k = g_array_index(w->g->nodes, mermaid_node, e->from).subgraph, to_k = g_array_index(w->g->nodes, mermaid_node, e->to).subgraph;
    if (from_k >= 0) util_buf_printf(b, ", ltail=\"cluster_%d\"", from_k);
    if (to_k >= 0) util_buf_printf(b, ", lhead=\"cluster_%d\"", to_k);
    if (e->tail != MM_HEAD_NONE) util_buf_printf(b, ", dir=\"both\", arrowtail=\"%s\"", mm_arrow(e->tail));
    if (e->line == MM_DOTTED) util_buf_adds(b, ", style=\"dashed\"");
    else if (e->line == MM_INVISIBLE) util_buf_adds(b, ", style=\"invis\"");
    else if (e->line == MM_THICK && !w->th) util_buf_adds(b, ", style=\"bold\"");
    else if (e->line == MM_THICK) util_buf_printf(b, ", penwidth=\"%.2f\"", w->th->diagram_pen_width * MERMAID_THICK_FACTOR);
    if (e->minlen > 1) util_buf_printf(b, ", minlen=%d", e->minlen < MERMAID_MAX_MINLEN ? e->minlen : MERMAID_MAX_MINLEN);
    if (e->label && *e->label) mm_dot_attr(b, "label", e->label);
    util_buf_adds(b, "];\n");
}

/* The edges as the layout sees them (a subgraph's at its node or anchor), for mermaid_rank_span. */
static size_t mm_span(const mm_writer *w)
{
    const mermaid_graph *g = w->g;
    size_t n = g->nodes->len, m = g->edges->len;
    mermaid_rank_edge *re = util_xcalloc(m + 1, sizeof *re);
    bool labels = false;
    for (size_t i = 0; i < m; i++) {
        const mermaid_edge *e = &g_array_index(g->edges, mermaid_edge, i);
        int ends[2] = {e->from, e->to};
        for (int j = 0; j < 2; j++) {
            int k = g_array_index(g->nodes, mermaid_node, ends[j]).subgraph;
            if (k >= 0) ends[j] = w->rep[k] >= 0 ? w->rep[k] : (int)n + k;
        }
        re[i] = (mermaid_rank_edge){ends[0], ends[1], e->minlen < MERMAID_MAX_MINLEN ? e->minlen : MERMAID_MAX_MINLEN, false};
        if (e->label && *e->label) labels = true;
    }
    size_t span = mermaid_rank_span(n + g->clusters->len, re, m, labels);
    free(re);
    return span;
}

char *mermaid_dot_write(const mermaid_graph *g, const theme *th, size_t *span)
{
    util_buf b = {0};
    guint nk = g->clusters->len;
    mm_writer w = {&b, g, th, util_xcalloc(nk + 1, sizeof(int)), util_xcalloc(nk + 1, sizeof(int)), util_xcalloc(nk + 1, sizeof(bool))};
    bool compound = false;
    for (guint i = 0; i < g->edges->len; i++) {
        const mermaid_edge *e = &g_array_index(g->edges, mermaid_edge, i);
        int ends[2] = {g_array_index(g->nodes, mermaid_node, e->from).subgraph, g_array_index(g->nodes, mermaid_node, e->to).subgraph};
        for (int j = 0; j < 2; j++)
            if (ends[j] >= 0) w.linked[ends[j]] = compound = true;
    }
    /* A subgraph's edges attach to its first node, else to its first nested subgraph's (children
     * come after their parent, so walking backwards sees them first). */
    for (guint k = nk; k-- > 0;) {
        w.rep[k] = w.named[k] = -1;
        for (guint i = 0; i < g->nodes->len && w.rep[k] < 0; i++) {
            const mermaid_node *nd = &g_array_index(g->nodes, mermaid_node, i);
            if (nd->used && nd->subgraph < 0 && nd->cluster == (int)k) w.rep[k] = (int)i;
        }
        for (guint j = k + 1; j < nk && w.rep[k] < 0; j++)
            if (g_array_index(g->clusters, mermaid_cluster, j).parent == (int)k) w.rep[k] = w.rep[j];
    }
    for (guint i = 0; i < g->nodes->len; i++) {
        const mermaid_node *nd = &g_array_index(g->nodes, mermaid_node, i);
        if (nd->subgraph >= 0) w.named[nd->subgraph] = (int)i;
    }
    *span = mm_span(&w);
    util_buf_adds(&b, "digraph mermaid {\n");
    if (g->dir) util_buf_printf(&b, "rankdir=\"%s\";\n", g->dir);
    /* A large layout: fewer rounds of dot's crossing reduction and network simplex (the drawing
     * is a little less tidy, the time bounded). */
    if (*span > MERMAID_EFFORT_SPAN) util_buf_adds(&b, "mclimit=\"0.05\"; nslimit=\"0.2\"; nslimit1=\"0.2\"; searchsize=\"5\";\n");
    if (compound) util_buf_adds(&b, "compound=\"true\";\n");
    if (th) {
        /* The theme's own defaults, declared here: diagram.c sets a default only for attributes the DOT
         * does not name, and nodes with a style name these. */
        util_buf_printf(&b, "node [penwidth=\"%.2f\"", th->diagram_pen_width);
        mm_dot_colors(&w, &(mermaid_style){0}, th->diagram_fill, th->diagram_line);
        util_buf_printf(&b, "];\nedge [penwidth=\"%.2f\"];\n", th->diagram_pen_width);
    }
    mm_dot_cluster(&w, -1);
    for (guint i = 0; i < g->edges->len; i++) mm_dot_edge(&w, &g_array_index(g->edges, mermaid_edge, i));
    util_buf_adds(&b, "}\n");
    free(w.rep);
    free(w.named);
    free(w.linked);
    return util_buf_steal(&b);
}
