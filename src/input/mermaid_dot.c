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

/* A DOT string: "…" with \" and \\ escaped and line breaks as \n. */
static void mm_dot_str(util_buf *b, const char *s)
{
    util_buf_addc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') util_buf_addc(b, '\\');
        if (*s == '\n') util_buf_adds(b, "\\n");
        else util_buf_addc(b, *s);
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

static void mm_dot_node(util_buf *b, const mermaid_graph *g, int idx, const theme *th)
{
    const mermaid_node *nd = &g_array_index(g->nodes, mermaid_node, idx);
    /* classDef default, then the node's classes in order, then its style statements. */
    mermaid_style st = {0};
    for (guint i = 0; i < g->classes->len; i++) {
        const mermaid_class *c = &g_array_index(g->classes, mermaid_class, i);
        if (!strcmp(c->name, "default")) mermaid_style_merge(&st, &c->style);
    }
    for (int i = 0; i < nd->n_classes; i++) mermaid_style_merge(&st, &g_array_index(g->classes, mermaid_class, nd->classes[i]).style);
    mermaid_style_merge(&st, &nd->style);
    util_buf_printf(b, "  \"n%d\" [label=", idx);
    mm_dot_str(b, nd->label ? nd->label : nd->id);
    util_buf_printf(b, ", shape=\"%s\"", mm_shape_dot[nd->shape].shape);
    util_buf_printf(b, ", style=\"%s%s\"", st.fill_none ? (nd->shape == MM_ROUNDED ? "rounded" : "solid") : mm_shape_dot[nd->shape].style,
                    st.dashed ? ",dashed" : "");
    if (mm_shape_dot[nd->shape].extra) util_buf_printf(b, ", %s", mm_shape_dot[nd->shape].extra);
    if (th) {
        int fill = st.has_fill ? mm_palette(th, st.fill) : -1, stroke = st.has_stroke ? mm_palette(th, st.stroke) : fill;
        /* Written for every node: once the DOT names an attribute, diagram.c's theme default no longer applies to it. */
        mm_dot_color(b, "fillcolor", fill < 0 ? th->diagram_fill : th->callouts[fill].background);
        mm_dot_color(b, "color", stroke < 0 ? th->diagram_line : th->callouts[stroke].color);
        util_buf_printf(b, ", penwidth=\"%.2f\"", th->diagram_pen_width * (st.thick ? MERMAID_THICK_FACTOR : 1));
    }
    util_buf_adds(b, "];\n");
}

/* Subgraph k with its nodes and nested subgraphs (depth bounded by MERMAID_MAX_DEPTH). */
static void mm_dot_cluster(util_buf *b, const mermaid_graph *g, int k, const theme *th)
{
    if (k >= 0) {
        const mermaid_cluster *c = &g_array_index(g->clusters, mermaid_cluster, k);
        util_buf_printf(b, "subgraph \"cluster_%d\" {\n  label=", k);
        mm_dot_str(b, c->title);
        util_buf_adds(b, ";\n");
        if (th) {
            /* As a node list's attributes: ", color=…, fillcolor=…". */
            util_buf_adds(b, "  graph [style=\"rounded,filled\"");
            mm_dot_color(b, "color", th->color_rule);
            mm_dot_color(b, "fillcolor", th->code_background);
            util_buf_adds(b, "];\n");
        }
    }
    for (guint i = 0; i < g->nodes->len; i++) {
        const mermaid_node *nd = &g_array_index(g->nodes, mermaid_node, i);
        if (nd->used && nd->cluster == k) mm_dot_node(b, g, (int)i, th);
    }
    for (guint i = 0; i < g->clusters->len; i++)
        if (g_array_index(g->clusters, mermaid_cluster, i).parent == k) mm_dot_cluster(b, g, (int)i, th);
    if (k >= 0) util_buf_adds(b, "}\n");
}

static const char *mm_arrow(mermaid_head h)
{
    return h == MM_HEAD_ARROW ? "normal" : h == MM_HEAD_CIRCLE ? "odot" : h == MM_HEAD_CROSS ? "tee" : "none";
}

static void mm_dot_edge(util_buf *b, const mermaid_edge *e, const theme *th)
{
    util_buf_printf(b, "\"n%d\" -> \"n%d\" [arrowhead=\"%s\"", e->from, e->to, mm_arrow(e->head));
    if (e->tail != MM_HEAD_NONE) util_buf_printf(b, ", dir=\"both\", arrowtail=\"%s\"", mm_arrow(e->tail));
    if (e->line == MM_DOTTED) util_buf_adds(b, ", style=\"dashed\"");
    else if (e->line == MM_INVISIBLE) util_buf_adds(b, ", style=\"invis\"");
    else if (e->line == MM_THICK && !th) util_buf_adds(b, ", style=\"bold\"");
    if (th) util_buf_printf(b, ", penwidth=\"%.2f\"", th->diagram_pen_width * (e->line == MM_THICK ? MERMAID_THICK_FACTOR : 1));
    if (e->minlen > 1) util_buf_printf(b, ", minlen=%d", e->minlen < MERMAID_MAX_MINLEN ? e->minlen : MERMAID_MAX_MINLEN);
    if (e->label && *e->label) mm_dot_attr(b, "label", e->label);
    util_buf_adds(b, "];\n");
}

char *mermaid_dot_write(const mermaid_graph *g, const theme *th)
{
    util_buf b = {0};
    util_buf_adds(&b, "digraph mermaid {\n");
    if (g->dir) util_buf_printf(&b, "rankdir=\"%s\";\n", g->dir);
    mm_dot_cluster(&b, g, -1, th);
    for (guint i = 0; i < g->edges->len; i++) mm_dot_edge(&b, &g_array_index(g->edges, mermaid_edge, i), th);
    util_buf_adds(&b, "}\n");
    return util_buf_steal(&b);
}
