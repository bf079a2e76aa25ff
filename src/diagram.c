#include "diagram.h"

#include <graphviz/gvc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static GVC_t *diagram_gvc;
static util_buf diagram_errors;

static int diagram_on_error(char *msg)
{
    util_buf_adds(&diagram_errors, msg);
    return 0;
}

static void diagram_color(char *buf, size_t n, theme_color c)
{
    snprintf(buf, n, "#%02x%02x%02x", (int)(c.r * 255 + 0.5), (int)(c.g * 255 + 0.5), (int)(c.b * 255 + 0.5));
}

static void diagram_defaults(Agraph_t *g, const theme *th)
{
    char size[32], line[16], fill[16], text[16], pen[16], arrow[16];
    snprintf(size, sizeof size, "%.1f", th->diagram_font_size);
    snprintf(pen, sizeof pen, "%.2f", th->diagram_pen_width);
    snprintf(arrow, sizeof arrow, "%.2f", th->diagram_arrow_size);
    diagram_color(line, sizeof line, th->diagram_line);
    diagram_color(fill, sizeof fill, th->diagram_fill);
    diagram_color(text, sizeof text, th->diagram_text);
    /* agattr only sets a default where the DOT source did not declare one. */
    static const char *kinds_graph[][2] = {{"fontname", NULL}, {"fontsize", NULL}, {"fontcolor", NULL}, {"bgcolor", "transparent"}};
    for (size_t i = 0; i < sizeof kinds_graph / sizeof *kinds_graph; i++) {
        const char *v = kinds_graph[i][1];
        if (!v) v = i == 0 ? th->font_heading : i == 1 ? size : text;
        if (!agattr(g, AGRAPH, (char *)kinds_graph[i][0], NULL)) agattr(g, AGRAPH, (char *)kinds_graph[i][0], (char *)v);
    }
    struct { int kind; const char *name; const char *value; } defs[] = {
        {AGNODE, "fontname", th->font_heading}, {AGNODE, "fontsize", size},   {AGNODE, "fontcolor", text},
        {AGNODE, "shape", "box"},               {AGNODE, "style", "rounded,filled"}, {AGNODE, "color", line},
        {AGNODE, "fillcolor", fill},            {AGNODE, "penwidth", pen},  {AGEDGE, "fontname", th->font_heading},
        {AGEDGE, "fontsize", size},             {AGEDGE, "fontcolor", text},  {AGEDGE, "color", line},
        {AGEDGE, "arrowsize", arrow},           {AGEDGE, "penwidth", pen},
    };
    for (size_t i = 0; i < sizeof defs / sizeof *defs; i++)
        if (!agattr(g, defs[i].kind, (char *)defs[i].name, NULL)) agattr(g, defs[i].kind, (char *)defs[i].name, (char *)defs[i].value);
}

static int diagram_error_line(const char *msg)
{
    const char *p = strstr(msg, "line ");
    return p ? atoi(p + 5) : 0;
}

bool diagram_render(const char *dot, const theme *th, bool vertical, figure *out, char **error, int *line)
{
    memset(out, 0, sizeof *out);
    *error = NULL;
    *line = 0;
    if (!diagram_gvc) diagram_gvc = gvContext();
    util_buf_free(&diagram_errors);
    agseterrf(diagram_on_error);
    agseterr(AGERR);
    Agraph_t *g = agmemread(dot);
    if (!g || agerrors()) {
        if (g) agclose(g);
        char *msg = diagram_errors.len ? util_xstrdup(diagram_errors.s) : util_xstrdup("syntax error");
        /* One line, without Graphviz's "Error: " prefix. */
        char *nl = strchr(msg, '\n');
        if (nl) *nl = '\0';
        const char *m = strncmp(msg, "Error: ", 7) ? msg : msg + 7;
        *error = util_xstrdup(m);
        *line = diagram_error_line(msg);
        free(msg);
        /* cgraph keeps its error state: reset it for the next diagram. */
        agreseterrors();
        return false;
    }
    diagram_defaults(g, th);
    if (vertical) agsafeset(g, "rankdir", "TB", "");
    bool ok = gvLayout(diagram_gvc, g, "dot") == 0;
    char *svg = NULL;
    unsigned int len = 0;
    if (ok) ok = gvRenderData(diagram_gvc, g, "svg", &svg, &len) == 0;
    if (ok) {
        const char *why = NULL;
        ok = figure_load_svg_data(out, svg, len, &why);
        if (!ok) *error = util_xstrdup(why);
    } else {
        *error = util_xstrdup(diagram_errors.len ? diagram_errors.s : "Graphviz could not lay out the graph");
    }
    if (svg) gvFreeRenderData(svg);
    gvFreeLayout(diagram_gvc, g);
    agclose(g);
    return ok;
}

void diagram_shutdown(void)
{
    if (diagram_gvc) gvFreeContext(diagram_gvc);
    diagram_gvc = NULL;
    util_buf_free(&diagram_errors);
}
