#define _DEFAULT_SOURCE
#include "diagram.h"

#include <errno.h>
#include <glib.h>
#include <pthread.h>
#include <graphviz/gvc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagram_ids.h"
#include "diagram_text.h"
#include "mermaid.h"
#include "util.h"

/* Graphviz keeps global state (its parser, the error hook, the context): one
 * thread at a time uses it, whichever layout thread asks. */
static pthread_mutex_t diagram_lock = PTHREAD_MUTEX_INITIALIZER; /* POSIX: ThreadSanitizer sees it */
static GVC_t *diagram_gvc;
static util_buf diagram_errors;
static bool diagram_dump; /* MLSD_DUMP=diagrams */

void diagram_set_dump(bool on) { diagram_dump = on; }

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
    char size[32], line[16], fill[16], text[16], pen[16], arrow[16], nodesep[16], ranksep[16], margin[40];
    snprintf(size, sizeof size, "%.2f", th->diagram_font_size);
    /* Graphviz measures separations in inches. */
    snprintf(nodesep, sizeof nodesep, "%.3f", th->diagram_node_sep / UTIL_PT_PER_INCH);
    snprintf(ranksep, sizeof ranksep, "%.3f", th->diagram_rank_sep / UTIL_PT_PER_INCH);
    snprintf(margin, sizeof margin, "%.3f,%.3f", th->diagram_padding_x / UTIL_PT_PER_INCH, th->diagram_padding_y / UTIL_PT_PER_INCH);
    snprintf(pen, sizeof pen, "%.2f", th->diagram_pen_width);
    snprintf(arrow, sizeof arrow, "%.2f", th->diagram_arrow_size);
    diagram_color(line, sizeof line, th->diagram_line);
    diagram_color(fill, sizeof fill, th->diagram_fill);
    diagram_color(text, sizeof text, th->diagram_text);
    /* agattr only sets a default where the DOT source did not declare one. */
    struct { int kind; const char *name; const char *value; } defs[] = {
        {AGRAPH, "fontname", th->font_heading}, {AGRAPH, "fontsize", size}, {AGRAPH, "fontcolor", text},
        {AGRAPH, "bgcolor", "transparent"},     {AGRAPH, "nodesep", nodesep}, {AGRAPH, "ranksep", ranksep},
        /* Edge labels are placed as obstacles, never over a line. */
        {AGRAPH, "forcelabels", "true"},        {AGEDGE, "labelfloat", "false"},
        /* Boxes hug their labels (Graphviz's default minimum is 0.75 x 0.5 inches). */
        {AGNODE, "width", "0"},                 {AGNODE, "height", "0"}, {AGNODE, "margin", margin},
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

/* Attributes that make Graphviz open files (images, shapes, fonts, search paths):
 * a diagram may only draw what its text says. */
static const char *const diagram_file_attrs[] = {"image", "shapefile", "imagepath", "fontpath", "fontnames", "stylesheet"};

static bool diagram_bad_value(const char *name, const char *v, util_buf *why)
{
    if (!v || !*v) return false;
    for (size_t i = 0; i < sizeof diagram_file_attrs / sizeof *diagram_file_attrs; i++)
        if (!strcmp(name, diagram_file_attrs[i])) {
            util_buf_printf(why, "attribute '%s' is not allowed (diagrams cannot read files)", name);
            return true;
        }
    if (!strcmp(name, "minlen")) {
        /* dot makes a node for every rank an edge crosses: minlen=1000000 is a million of them. */
        errno = 0;
        long n = strtol(v, NULL, 10);
        if (errno || n > DIAGRAM_MAX_MINLEN) {
            util_buf_printf(why, "attribute 'minlen' is %.20s (the limit is %d)", v, DIAGRAM_MAX_MINLEN);
            return true;
        }
    }
    size_t len = strlen(v);
    if (len > DIAGRAM_MAX_LABEL) {
        util_buf_printf(why, "attribute '%s' is %zu bytes long (the limit is %d)", name, len, DIAGRAM_MAX_LABEL);
        return true;
    }
    size_t lines = 1;
    for (const char *p = v; *p; p++) {
        if (*p == '\n' || (p[0] == '\\' && (p[1] == 'n' || p[1] == 'l' || p[1] == 'r'))) lines++;
        /* An HTML-like label may hold <IMG SRC="file">. */
        if (*p == '<' && !g_ascii_strncasecmp(p, "<img", 4)) {
            util_buf_printf(why, "attribute '%s' holds an <IMG> (diagrams cannot read files)", name);
            return true;
        }
    }
    if (lines > DIAGRAM_MAX_LABEL_LINES) {
        util_buf_printf(why, "attribute '%s' has %zu lines (the limit is %d)", name, lines, DIAGRAM_MAX_LABEL_LINES);
        return true;
    }
    return false;
}

static bool diagram_bad_object(Agraph_t *g, void *obj, int kind, util_buf *why)
{
    for (Agsym_t *sym = agnxtattr(g, kind, NULL); sym; sym = agnxtattr(g, kind, sym))
        if (diagram_bad_value(sym->name, agxget(obj, sym), why)) return true;
    return false;
}

static size_t diagram_find(size_t *up, size_t v)
{
    while (up[v] != v) v = up[v] = up[up[v]];
    return v;
}

/* Subgraphs with rank=same, min, source, max or sink: dot ranks each set's nodes as one
 * node (union-find over node indices), min and source sets above all others, max and sink below. */
static void diagram_rank_sets(Agraph_t *g, GHashTable *index, size_t *up, unsigned char *pin)
{
    GPtrArray *todo = g_ptr_array_new();
    for (Agraph_t *sg = agfstsubg(g); sg; sg = agnxtsubg(sg)) g_ptr_array_add(todo, sg);
    while (todo->len) {
        Agraph_t *sg = g_ptr_array_remove_index_fast(todo, todo->len - 1);
        for (Agraph_t *sub = agfstsubg(sg); sub; sub = agnxtsubg(sub)) g_ptr_array_add(todo, sub);
        const char *r = agget(sg, "rank");
        if (!r || !*r) continue;
        bool top = !strcmp(r, "min") || !strcmp(r, "source"), bottom = !strcmp(r, "max") || !strcmp(r, "sink");
        if (!top && !bottom && strcmp(r, "same")) continue;
        size_t first = SIZE_MAX;
        for (Agnode_t *v = agfstnode(sg); v; v = agnxtnode(sg, v)) {
            size_t i = GPOINTER_TO_SIZE(g_hash_table_lookup(index, agsubnode(g, v, false)));
            if (first == SIZE_MAX) first = i;
            else up[diagram_find(up, i)] = diagram_find(up, first);
            pin[i] |= top ? 1 : bottom ? 2 : 0;
        }
    }
    g_ptr_array_free(todo, true);
}

/* mermaid_rank_span's estimate of Graphviz's work for a parsed graph: every edge with its
 * minlen, between the sets dot ranks as one node, and ghost edges from a node above all the
 * others (n) to every set, and from every set to one below them (n + 1), for min and max sets. */
static size_t diagram_span(Agraph_t *g)
{
    size_t n = (size_t)agnnodes(g), m = (size_t)agnedges(g), k = 0, i = 0;
    GHashTable *index = g_hash_table_new(NULL, NULL);
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v)) g_hash_table_insert(index, v, GSIZE_TO_POINTER(i++));
    size_t *up = util_xcalloc(n + 1, sizeof *up);
    unsigned char *pin = util_xcalloc(n + 1, 1);
    for (i = 0; i < n; i++) up[i] = i;
    diagram_rank_sets(g, index, up, pin);
    bool top = false, bottom = false;
    for (i = 0; i < n; i++) {
        size_t r = diagram_find(up, i);
        pin[r] |= pin[i];
        top |= pin[i] & 1;
        bottom |= (pin[i] & 2) != 0;
    }
    mermaid_rank_edge *re = util_xcalloc(m + 2 * n + 1, sizeof *re);
    bool labels = false;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        for (Agedge_t *e = agfstout(g, v); e && k < m; e = agnxtout(g, e)) {
            const char *ml = agget(e, "minlen"), *label = agget(e, "label");
            long minlen = ml && *ml ? strtol(ml, NULL, 10) : 1;
            if (minlen < 0) minlen = 0;
            if (minlen > DIAGRAM_MAX_MINLEN) minlen = DIAGRAM_MAX_MINLEN;
            size_t a = diagram_find(up, GPOINTER_TO_SIZE(g_hash_table_lookup(index, agtail(e))));
            size_t b = diagram_find(up, GPOINTER_TO_SIZE(g_hash_table_lookup(index, aghead(e))));
            re[k++] = (mermaid_rank_edge){(int)a, (int)b, (int)minlen, false};
            if (label && *label) labels = true;
        }
    for (i = 0; i < n; i++) {
        if (diagram_find(up, i) != i) continue;
        if (top) re[k++] = pin[i] & 1 ? (mermaid_rank_edge){(int)i, (int)n, 0, true} : (mermaid_rank_edge){(int)n, (int)i, 1, true};
        if (bottom) re[k++] = pin[i] & 2 ? (mermaid_rank_edge){(int)n + 1, (int)i, 0, true} : (mermaid_rank_edge){(int)i, (int)n + 1, 1, true};
    }
    size_t span = mermaid_rank_span(n + 2, re, k, labels);
    free(re);
    free(up);
    free(pin);
    g_hash_table_destroy(index);
    return span;
}

/* Bounds and forbidden attributes; false with a message in why. */
static bool diagram_safe(Agraph_t *g, util_buf *why)
{
    int nodes = agnnodes(g), edges = agnedges(g);
    if (nodes > DIAGRAM_MAX_NODES || edges > DIAGRAM_MAX_EDGES) {
        util_buf_printf(why, "diagram has %d nodes and %d edges (the limits are %d and %d)", nodes, edges, DIAGRAM_MAX_NODES,
                        DIAGRAM_MAX_EDGES);
        return false;
    }
    size_t span = diagram_span(g);
    if (span > DIAGRAM_MAX_SPAN) {
        util_buf_printf(why, "diagram is too large to lay out: its edges cross about %zu ranks in all (the limit is %d); "
                        "split it, or shorten the edges that jump across it", span, DIAGRAM_MAX_SPAN);
        return false;
    }
    /* Defaults (agattr) are checked through the objects that carry them. */
    if (diagram_bad_object(g, g, AGRAPH, why)) return false;
    /* Every subgraph at any depth (a nested cluster has a label of its own), walked with
     * an explicit stack: no recursion whose depth the input controls. */
    GPtrArray *todo = g_ptr_array_new();
    for (Agraph_t *sg = agfstsubg(g); sg; sg = agnxtsubg(sg)) g_ptr_array_add(todo, sg);
    bool bad = false;
    while (!bad && todo->len) {
        Agraph_t *sg = g_ptr_array_remove_index_fast(todo, todo->len - 1);
        bad = diagram_bad_object(g, sg, AGRAPH, why);
        for (Agraph_t *sub = agfstsubg(sg); sub; sub = agnxtsubg(sub)) g_ptr_array_add(todo, sub);
    }
    g_ptr_array_free(todo, true);
    if (bad) return false;
    for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
        if (diagram_bad_object(g, n, AGNODE, why)) return false;
        if (strlen(agnameof(n)) > DIAGRAM_MAX_LABEL) {
            util_buf_printf(why, "a node name is longer than %d bytes", DIAGRAM_MAX_LABEL);
            return false;
        }
        for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
            if (diagram_bad_object(g, e, AGEDGE, why)) return false;
    }
    return true;
}

/* Parses DOT text; on failure returns NULL with *error and *line set. */
static Agraph_t *diagram_parse(const char *dot, char **error, int *line)
{
    *error = NULL;
    *line = 0;
    size_t len = strlen(dot), i = 0;
    while (i < len && g_ascii_isspace(dot[i])) i++;
    if (i == len) {
        *error = util_xstrdup("empty diagram: write a graph, e.g. 'digraph { a -> b }'");
        return NULL;
    }
    if (len > DIAGRAM_MAX_BYTES) {
        *error = util_printf("diagram source is %zu bytes (the limit is %d)", len, DIAGRAM_MAX_BYTES);
        return NULL;
    }
    if (!diagram_text_scan(dot, error, line)) return NULL;
    util_buf_free(&diagram_errors);
    agseterrf(diagram_on_error);
    agseterr(AGERR);
    agsetfile("diagram"); /* restarts the lexer's line count, which outlives a parse */
    Agraph_t *g = diagram_ids_read(dot);
    if (!g || agerrors()) {
        if (g) agclose(g);
        char *msg = diagram_errors.len ? util_xstrdup(diagram_errors.s) : util_xstrdup("syntax error in the DOT text");
        /* One line, without Graphviz's "Error: " prefix. */
        char *nl = strchr(msg, '\n');
        if (nl) *nl = '\0';
        const char *m = strncmp(msg, "Error: ", 7) ? msg : msg + 7;
        if (!strncmp(m, "diagram: ", 9)) m += 9; /* the name agsetfile gave */
        *error = util_xstrdup(*m ? m : "syntax error in the DOT text");
        *line = diagram_error_line(msg);
        free(msg);
        /* cgraph keeps its error state: reset it for the next diagram. */
        agreseterrors();
        return NULL;
    }
    util_buf why = {0};
    if (!diagram_safe(g, &why)) {
        agclose(g);
        *error = util_buf_steal(&why);
        return NULL;
    }
    return g;
}

static bool diagram_check_unlocked(const char *dot, char **error, int *line)
{
    Agraph_t *g = diagram_parse(dot, error, line);
    if (g) agclose(g);
    return g != NULL;
}

/* Breaks plain node labels at spaces into lines of about wrap characters (a word longer than
 * that keeps its own line); HTML labels and labels that already break are left alone. */
static void diagram_wrap_labels(Agraph_t *g, size_t wrap)
{
    for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
        char *label = agget(n, "label");
        if (label && aghtmlstr(label)) continue;
        const char *text = !label || !*label || !strcmp(label, "\\N") ? agnameof(n) : label;
        if (strchr(text, '\n') || strchr(text, '\\') || strlen(text) <= wrap) continue;
        util_buf out = {0};
        size_t line = 0;
        gchar **words = g_strsplit(text, " ", -1);
        for (gchar **w = words; *w; w++) {
            if (!**w) continue;
            size_t len = strlen(*w);
            if (line > 0 && line + 1 + len > wrap) {
                util_buf_adds(&out, "\\n");
                line = 0;
            } else if (line > 0) {
                util_buf_adds(&out, " ");
                line++;
            }
            util_buf_adds(&out, *w);
            line += len;
        }
        g_strfreev(words);
        if (out.s) agsafeset(n, "label", out.s, "\\N");
        util_buf_free(&out);
    }
}

static bool diagram_sets_rankdir_unlocked(const char *dot)
{
    char *error = NULL;
    int line = 0;
    Agraph_t *g = diagram_parse(dot, &error, &line);
    free(error);
    if (!g) return false;
    const char *v = agget(g, "rankdir");
    bool set = v && *v;
    agclose(g);
    return set;
}

/* dot's crossing reduction works over every edge and every rank an edge crosses. */
static bool diagram_large(Agraph_t *g)
{
    return diagram_span(g) + (size_t)agnedges(g) > DIAGRAM_EFFORT_SPAN;
}

/* Graphviz's effort: dot's crossing reduction repeats mclimit times its default rounds and tries
 * searchsize edges per network simplex step; a source may lower these, not raise them. A large
 * layout (diagram_span past DIAGRAM_EFFORT_SPAN) gets fewer rounds of both: a little less tidy,
 * its time bounded. */
static void diagram_effort(Agraph_t *g)
{
    if (diagram_large(g)) {
        agsafeset(g, "mclimit", "0.05", "");
        agsafeset(g, "nslimit", "0.2", "");
        agsafeset(g, "nslimit1", "0.2", "");
        agsafeset(g, "searchsize", "5", "");
        return;
    }
    const char *mc = agget(g, "mclimit"), *ss = agget(g, "searchsize");
    if (mc && *mc && !(strtod(mc, NULL) <= 1)) agsafeset(g, "mclimit", "1", "");
    if (ss && *ss && !(strtol(ss, NULL, 10) <= DIAGRAM_SEARCHSIZE)) {
        char most[16];
        snprintf(most, sizeof most, "%d", DIAGRAM_SEARCHSIZE);
        agsafeset(g, "searchsize", most, "");
    }
}

static bool diagram_render_unlocked(const char *dot, const theme *th, const char *rankdir, bool wrap, figure *out, char **error,
                                    int *line)
{
    memset(out, 0, sizeof *out);
    if (!diagram_gvc) {
        /* Graphviz's own confinement for image files: a search path that holds nothing. */
        setenv("GV_FILE_PATH", "/nonexistent/", 1);
        diagram_gvc = gvContext();
    }
    Agraph_t *g = diagram_parse(dot, error, line);
    if (!g) return false;
    diagram_defaults(g, th);
    diagram_effort(g);
    if (rankdir) agsafeset(g, "rankdir", (char *)rankdir, "");
    if (wrap) diagram_wrap_labels(g, (size_t)th->diagram_wrap);
    diagram_text_pad_edge_labels(g, th->diagram_edge_label_gap);
    bool ok = gvLayout(diagram_gvc, g, "dot") == 0;
    char *svg = NULL;
    unsigned int len = 0;
    if (ok) ok = gvRenderData(diagram_gvc, g, "svg", &svg, &len) == 0;
    if (ok) {
        char *why = NULL;
        size_t clean_len = 0;
        char *clean = diagram_text_clean_svg(svg, len, &clean_len);
        ok = figure_load_svg_data(out, clean, clean_len, &why);
        free(clean);
        if (!ok) *error = why;
    } else {
        *error = util_xstrdup(diagram_errors.len ? diagram_errors.s : "Graphviz could not lay out the graph");
    }
    if (svg) gvFreeRenderData(svg);
    if (ok && diagram_dump) {
        /* Every layout as xdot (exact label boxes and edge splines, for tests/tools/edgegap.py). */
        char *xdot = NULL;
        unsigned int xlen = 0;
        if (gvRenderData(diagram_gvc, g, "xdot", &xdot, &xlen) == 0) fprintf(stderr, "diagram {\n%.*s}\n", (int)xlen, xdot);
        if (xdot) gvFreeRenderData(xdot);
    }
    gvFreeLayout(diagram_gvc, g);
    agclose(g);
    return ok;
}

bool diagram_check(const char *dot, char **error, int *line)
{
    pthread_mutex_lock(&diagram_lock);
    bool ok = diagram_check_unlocked(dot, error, line);
    pthread_mutex_unlock(&diagram_lock);
    return ok;
}

static bool diagram_is_large_unlocked(const char *dot)
{
    char *error = NULL;
    int line = 0;
    Agraph_t *g = diagram_parse(dot, &error, &line);
    free(error);
    if (!g) return false;
    bool large = diagram_large(g);
    agclose(g);
    return large;
}

bool diagram_is_large(const char *dot)
{
    pthread_mutex_lock(&diagram_lock);
    bool large = diagram_is_large_unlocked(dot);
    pthread_mutex_unlock(&diagram_lock);
    return large;
}

bool diagram_sets_rankdir(const char *dot)
{
    pthread_mutex_lock(&diagram_lock);
    bool set = diagram_sets_rankdir_unlocked(dot);
    pthread_mutex_unlock(&diagram_lock);
    return set;
}

bool diagram_render(const char *dot, const theme *th, const char *rankdir, bool wrap, figure *out, char **error, int *line)
{
    pthread_mutex_lock(&diagram_lock);
    bool ok = diagram_render_unlocked(dot, th, rankdir, wrap, out, error, line);
    pthread_mutex_unlock(&diagram_lock);
    return ok;
}

diagram_fence_kind diagram_fence(const char *info)
{
    if (!info) return DIAGRAM_FENCE_NONE;
    if (!strncmp(info, "dot", 3) && (!info[3] || g_ascii_isspace(info[3]))) return DIAGRAM_FENCE_DOT;
    if (!strncmp(info, "mermaid", 7) && (!info[7] || g_ascii_isspace(info[7]))) return DIAGRAM_FENCE_MERMAID;
    return DIAGRAM_FENCE_NONE;
}

const char *diagram_fence_caption(const char *info, const char *literal)
{
    diagram_fence_kind k = diagram_fence(info);
    if (k == DIAGRAM_FENCE_NONE || (k == DIAGRAM_FENCE_MERMAID && !mermaid_is_flowchart(literal))) return NULL;
    const char *p = info + (k == DIAGRAM_FENCE_DOT ? 3 : 7);
    while (*p && g_ascii_isspace(*p)) p++;
    return p;
}

void diagram_shutdown(void)
{
    if (diagram_gvc) gvFreeContext(diagram_gvc);
    diagram_gvc = NULL;
    util_buf_free(&diagram_errors);
}
