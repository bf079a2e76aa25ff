/* mermaid — a recursive-descent parser for Mermaid flowcharts; every loop advances
 * through the block's bytes, so its work is bounded by their number. */
#include "mermaid.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagram.h"
#include "mermaid_int.h"
#include "util.h"

static void mm_vdiag(mm_parser *p, size_t off, bool error, const char *fmt, va_list ap)
{
    if (!error && p->warnings >= MERMAID_MAX_WARNINGS) return;
    if (!error) p->warnings++;
    mermaid_result *r = p->out;
    mermaid_diag *d = UTIL_PUSH(r->diags, r->n_diags, r->cap_diags);
    util_line_col(p->s, off < p->len ? off : p->len, &d->line, &d->col);
    d->error = error;
    char tmp[512];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    d->msg = util_xstrdup(tmp);
}

void mermaid_error(mm_parser *p, size_t off, const char *fmt, ...)
{
    if (p->failed) return;
    va_list ap;
    va_start(ap, fmt);
    mm_vdiag(p, off, true, fmt, ap);
    va_end(ap);
    p->failed = true;
}

void mermaid_warning(mm_parser *p, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mm_vdiag(p, off, false, fmt, ap);
    va_end(ap);
}

/* For mermaid_style_parse: offsets there are relative to the text it was given. */
typedef struct mm_style_ctx {
    mm_parser *p;
    size_t base;
} mm_style_ctx;

static void mm_style_warn(void *ctx, size_t offset, const char *fmt, ...)
{
    mm_style_ctx *sc = ctx;
    va_list ap;
    va_start(ap, fmt);
    mm_vdiag(sc->p, sc->base + offset, false, fmt, ap);
    va_end(ap);
}

/* ---- statements ---- */

/* A keyword: the word at the cursor is exactly kw, and no node syntax follows it. */
static bool mm_keyword(const mm_parser *p, const char *kw)
{
    size_t n = strlen(kw);
    if (!mm_at(p, kw)) return false;
    char c = p->pos + n < p->len ? p->s[p->pos + n] : '\0';
    return !mm_id_char(c) && c != '-' && c != '[' && c != '(' && c != '{' && c != '>' && c != ':' && c != '&';
}

static void mm_skip_to_eos(mm_parser *p)
{
    while (!mm_eol(p) && mm_cur(p) != ';') p->pos++;
}

/* A statement ends at ';', a %% comment or the end of the line. */
static void mm_end_statement(mm_parser *p)
{
    mm_spaces(p);
    if (mm_cur(p) == ';') {
        p->pos++;
        return;
    }
    if (mm_at(p, "%%")) mm_skip_line(p);
    if (mm_eol(p)) return;
    char what[32];
    mermaid_describe(p, what, sizeof what);
    mermaid_error(p, p->pos, "unexpected %s", what);
}

/* subgraph id [title] | subgraph id["title"] | subgraph "title" | subgraph title words */
static void mm_subgraph(mm_parser *p, size_t at)
{
    mm_spaces(p);
    char *title = NULL, *id = NULL;
    size_t n = mermaid_id_len(p), start = p->pos;
    if (n && (p->pos += n, mm_spaces(p), mm_cur(p) == '[')) {
        size_t q = ++p->pos;
        while (!mm_eol(p) && mm_cur(p) != ']') p->pos++;
        if (mm_cur(p) != ']') {
            mermaid_error(p, q - 1, "unterminated '[': expected ']' before the end of the line");
            return;
        }
        title = mermaid_label(p, p->s + q, p->pos - q, q);
        p->pos++;
        id = util_xstrndup(p->s + start, n);
    } else {
        p->pos = start;
        mm_skip_to_eos(p);
        title = mermaid_label(p, p->s + start, p->pos - start, start);
        /* "subgraph one": one is its id too (edges may name it). */
        if (title && n && strlen(title) == n && !memcmp(title, p->s + start, n)) id = util_xstrdup(title);
    }
    if (!title) return;
    if (p->depth >= MERMAID_MAX_DEPTH || p->g.clusters->len >= MERMAID_MAX_SUBGRAPHS) {
        free(title);
        free(id);
        if (p->depth >= MERMAID_MAX_DEPTH) mermaid_error(p, at, "subgraphs are nested more than %d deep", MERMAID_MAX_DEPTH);
        else mermaid_error(p, at, "mermaid diagram has more than %d subgraphs", MERMAID_MAX_SUBGRAPHS);
        return;
    }
    mermaid_cluster c = {id, title, p->depth ? p->stack[p->depth - 1] : -1};
    g_array_append_val(p->g.clusters, c);
    p->stack_at[p->depth] = at;
    p->stack[p->depth++] = (int)p->g.clusters->len - 1;
}

/* Nodes that only stand for a subgraph (an edge to "one" where "subgraph one" exists and no
 * statement gave one a label): their edges attach to the subgraph's border. */
static void mm_subgraph_refs(mermaid_graph *g)
{
    for (guint k = 0; k < g->clusters->len; k++) {
        const char *id = g_array_index(g->clusters, mermaid_cluster, k).id;
        gpointer v = id ? g_hash_table_lookup(g->node_ids, id) : NULL;
        if (!v) continue;
        mermaid_node *nd = &g_array_index(g->nodes, mermaid_node, GPOINTER_TO_INT(v) - 1);
        if (!nd->label && nd->subgraph < 0) nd->subgraph = (int)k;
    }
}

/* The names of "classDef a,b …" or "class a,b …": each is passed to fn. */
static bool mm_names(mm_parser *p, GArray *names)
{
    g_array_set_size(names, 0);
    for (;;) {
        mm_spaces(p);
        size_t at = p->pos, n = mermaid_id_len(p);
        if (!n) {
            char what[32];
            mermaid_describe(p, what, sizeof what);
            mermaid_error(p, at, "expected a name, found %s", what);
            return false;
        }
        p->pos += n;
        size_t span[2] = {at, n};
        g_array_append_vals(names, span, 2);
        if (mm_cur(p) != ',') return true;
        p->pos++;
    }
}

/* The style properties after the names: to the end of the statement. */
static void mm_props(mm_parser *p, mermaid_style *st)
{
    mm_spaces(p);
    size_t start = p->pos;
    mm_skip_to_eos(p);
    mm_style_ctx sc = {p, start};
    memset(st, 0, sizeof *st);
    mermaid_style_parse(p->s + start, p->pos - start, st, mm_style_warn, &sc);
}

static void mm_class_statement(mm_parser *p, bool def)
{
    GArray *names = g_array_new(false, false, sizeof(size_t));
    if (!mm_names(p, names)) goto out;
    if (def) {
        mermaid_style st;
        mm_props(p, &st);
        for (guint i = 0; i + 1 < names->len && !p->failed; i += 2) {
            size_t at = g_array_index(names, size_t, i);
            int cls = mermaid_class_ref(p, p->s + at, g_array_index(names, size_t, i + 1), at);
            if (cls >= 0) mermaid_style_merge(&g_array_index(p->g.classes, mermaid_class, cls).style, &st);
        }
        goto out;
    }
    mm_spaces(p);
    size_t cat = p->pos, cn = mermaid_id_len(p);
    if (!cn) {
        mermaid_error(p, cat, "expected a class name after the node ids");
        goto out;
    }
    p->pos += cn;
    int cls = mermaid_class_ref(p, p->s + cat, cn, cat);
    for (guint i = 0; cls >= 0 && i + 1 < names->len && !p->failed; i += 2) {
        size_t at = g_array_index(names, size_t, i);
        int node = mermaid_node_ref(p, p->s + at, g_array_index(names, size_t, i + 1), at, false);
        if (node >= 0) mermaid_node_add_class(p, node, cls, cat);
    }
out:
    g_array_free(names, true);
}

static void mm_style_statement(mm_parser *p)
{
    mm_spaces(p);
    size_t at = p->pos, n = mermaid_id_len(p);
    if (!n) {
        mermaid_error(p, at, "expected a node id after 'style'");
        return;
    }
    p->pos += n;
    int node = mermaid_node_ref(p, p->s + at, n, at, false);
    if (node < 0) return;
    mermaid_style st;
    mm_props(p, &st);
    mermaid_style_merge(&g_array_index(p->g.nodes, mermaid_node, node).style, &st);
}

static void mm_statement(mm_parser *p)
{
    size_t at = p->pos;
    if (mm_keyword(p, "subgraph")) {
        p->pos += 8;
        mm_subgraph(p, at);
    } else if (mm_keyword(p, "end")) {
        p->pos += 3;
        if (!p->depth) mermaid_error(p, at, "'end' without a 'subgraph'");
        else p->depth--;
    } else if (mm_keyword(p, "classDef") || mm_keyword(p, "class")) {
        bool def = mm_keyword(p, "classDef");
        p->pos += def ? 8 : 5;
        mm_class_statement(p, def);
    } else if (mm_keyword(p, "style")) {
        p->pos += 5;
        mm_style_statement(p);
    } else if (mm_keyword(p, "linkStyle") || mm_keyword(p, "click") || mm_keyword(p, "direction")) {
        const char *why = mm_keyword(p, "click") ? "'click' is ignored (a printed diagram is not interactive)"
                          : mm_keyword(p, "direction") ? "'direction' is ignored (the whole graph is laid out in one direction)"
                                                       : "'linkStyle' is ignored (edges take the theme's colours)";
        mermaid_warning(p, at, "%s", why);
        mm_skip_line(p);
    } else if (mm_keyword(p, "accTitle") || mm_keyword(p, "accDescr")) {
        p->pos += 8;
        mm_spaces(p);
        if (mm_cur(p) == '{') /* accDescr { … } may span lines */
            while (p->pos < p->len && mm_cur(p) != '}') p->pos++;
        if (mm_cur(p) == '}') p->pos++;
        mm_skip_line(p);
    } else {
        mermaid_parse_chain(p);
    }
    if (!p->failed) mm_end_statement(p);
}

/* ---- the header ---- */

static const char *const mm_other_kinds[] = {
    "sequenceDiagram", "classDiagram", "classDiagram-v2", "stateDiagram", "stateDiagram-v2", "erDiagram",
    "gantt", "pie", "journey", "gitGraph", "mindmap", "timeline", "quadrantChart", "requirementDiagram",
    "C4Context", "C4Container", "C4Component", "C4Dynamic", "C4Deployment", "sankey-beta", "xychart-beta",
    "block-beta", "packet-beta", "architecture-beta", "kanban", "radar-beta", "zenuml", "info"};

/* Skips blank lines, %% comments and a --- front matter --- block; leaves the cursor on the kind. */
static void mm_skip_preamble(mm_parser *p)
{
    bool front = false;
    while (p->pos < p->len) {
        mm_spaces(p);
        bool fence = mm_at(p, "---");
        if (fence || front || mm_at(p, "%%") || mm_eol(p)) {
            if (fence) front = !front;
            mm_skip_line(p);
            if (p->pos < p->len) p->pos++;
            continue;
        }
        return;
    }
}

static size_t mm_kind_len(const mm_parser *p)
{
    size_t n = 0;
    while (p->pos + n < p->len && (g_ascii_isalnum(p->s[p->pos + n]) || p->s[p->pos + n] == '-' || p->s[p->pos + n] == '_')) n++;
    return n;
}

static bool mm_is_flowchart_kind(const char *k, size_t n)
{
    return (n == 9 && !memcmp(k, "flowchart", 9)) || (n == 5 && !memcmp(k, "graph", 5)) || (n == 13 && !memcmp(k, "flowchart-elk", 13));
}

bool mermaid_is_flowchart(const char *src)
{
    mm_parser p = {.s = src ? src : "", .len = src ? strlen(src) : 0};
    mm_skip_preamble(&p);
    return mm_is_flowchart_kind(p.s + p.pos, mm_kind_len(&p));
}

/* The kind and direction; false when the rest is not a flowchart (or after an error). */
static bool mm_header(mm_parser *p)
{
    mm_skip_preamble(p);
    size_t at = p->pos, n = mm_kind_len(p);
    if (p->pos >= p->len) {
        mermaid_warning(p, 0, "empty mermaid diagram: shown as code");
        return false;
    }
    p->out->kind = util_xstrndup(p->s + at, n);
    p->kind_at = at;
    if (!mm_is_flowchart_kind(p->s + at, n)) {
        bool known = false;
        for (size_t i = 0; i < G_N_ELEMENTS(mm_other_kinds) && !known; i++) known = !strcmp(p->out->kind, mm_other_kinds[i]);
        if (known)
            mermaid_warning(p, at, "mermaid %s diagrams are not supported (only flowchart and graph): shown as code", p->out->kind);
        else
            mermaid_warning(p, at, "'%.40s' is not a mermaid diagram kind (expected flowchart or graph): shown as code", p->out->kind);
        return false;
    }
    p->out->flowchart = true;
    p->pos += n;
    mm_spaces(p);
    static const struct { const char *word, *dir; } dirs[] = {{"TB", "TB"}, {"TD", "TB"}, {"LR", "LR"}, {"RL", "RL"}, {"BT", "BT"}};
    size_t dn = mm_kind_len(p);
    if (dn) {
        for (size_t i = 0; i < G_N_ELEMENTS(dirs) && !p->g.dir; i++)
            if (dn == 2 && !memcmp(p->s + p->pos, dirs[i].word, 2)) p->g.dir = dirs[i].dir;
        if (!p->g.dir) {
            mermaid_error(p, p->pos, "unknown direction '%.*s' (use TD, TB, LR, RL or BT)", (int)(dn > 20 ? 20 : dn), p->s + p->pos);
            return false;
        }
        p->pos += dn;
    }
    mm_end_statement(p);
    return !p->failed;
}

static void mm_graph_free(mermaid_graph *g)
{
    for (guint i = 0; i < g->nodes->len; i++) free(g_array_index(g->nodes, mermaid_node, i).label);
    for (guint i = 0; i < g->edges->len; i++) free(g_array_index(g->edges, mermaid_edge, i).label);
    for (guint i = 0; i < g->clusters->len; i++) {
        free(g_array_index(g->clusters, mermaid_cluster, i).title);
        free(g_array_index(g->clusters, mermaid_cluster, i).id);
    }
    for (guint i = 0; i < g->classes->len; i++) free(g_array_index(g->classes, mermaid_class, i).name);
    g_array_free(g->nodes, true);
    g_array_free(g->edges, true);
    g_array_free(g->clusters, true);
    g_array_free(g->classes, true);
    g_hash_table_destroy(g->node_ids); /* owns the ids */
}

bool mermaid_translate(const char *src, const theme *th, mermaid_result *out)
{
    memset(out, 0, sizeof *out);
    mm_parser p = {.s = src ? src : "", .len = src ? strlen(src) : 0, .out = out};
    if (p.len > DIAGRAM_MAX_BYTES) {
        mm_skip_preamble(&p);
        size_t n = mm_kind_len(&p);
        out->kind = util_xstrndup(p.s + p.pos, n);
        out->flowchart = mm_is_flowchart_kind(p.s + p.pos, n);
        p.pos = 0;
        mermaid_error(&p, 0, "mermaid diagram is %zu bytes (the limit is %d)", p.len, DIAGRAM_MAX_BYTES);
        return false;
    }
    p.g.nodes = g_array_new(false, true, sizeof(mermaid_node));
    p.g.edges = g_array_new(false, true, sizeof(mermaid_edge));
    p.g.clusters = g_array_new(false, true, sizeof(mermaid_cluster));
    p.g.classes = g_array_new(false, true, sizeof(mermaid_class));
    p.g.node_ids = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
    if (mm_header(&p)) {
        while (p.pos < p.len && !p.failed) {
            size_t before = p.pos;
            mm_spaces(&p);
            if (mm_at(&p, "%%")) mm_skip_line(&p);
            if (mm_eol(&p) || mm_cur(&p) == ';') p.pos++;
            else mm_statement(&p);
            if (p.pos == before && !p.failed) p.pos++; /* cannot happen; keeps the loop bounded regardless */
        }
        if (!p.failed && p.depth) mermaid_error(&p, p.stack_at[p.depth - 1], "'subgraph' without an 'end'");
        if (!p.failed) mm_subgraph_refs(&p.g);
        guint drawn = 0;
        for (guint i = 0; i < p.g.nodes->len; i++) drawn += g_array_index(p.g.nodes, mermaid_node, i).used;
        if (!p.failed && !drawn && !p.g.clusters->len) mermaid_warning(&p, p.kind_at, "flowchart has no nodes");
        for (guint i = 0; !p.failed && i < p.g.nodes->len; i++) {
            mermaid_node *nd = &g_array_index(p.g.nodes, mermaid_node, i);
            if (!nd->used && nd->subgraph < 0) {
                /* At the first class or style statement that named it. */
                mermaid_warning(&p, nd->at, "'%.60s' is styled but is not a node of the diagram", nd->id);
            }
        }
        size_t span = 0;
        if (!p.failed) out->dot = mermaid_dot_write(&p.g, th, &span);
        if (out->dot && span > MERMAID_MAX_SPAN) {
            mermaid_error(&p, p.kind_at, "mermaid diagram is too large to lay out: its edges cross about %zu ranks in all (the limit is %d); "
                          "split it, or shorten the edges that jump across it", span, MERMAID_MAX_SPAN);
            free(out->dot);
            out->dot = NULL;
        }
        if (out->dot && strlen(out->dot) > DIAGRAM_MAX_BYTES) {
            mermaid_error(&p, 0, "mermaid diagram makes %zu bytes of DOT (the limit is %d)", strlen(out->dot), DIAGRAM_MAX_BYTES);
            free(out->dot);
            out->dot = NULL;
        }
    }
    mm_graph_free(&p.g);
    return out->dot != NULL;
}

void mermaid_result_free(mermaid_result *r)
{
    for (size_t i = 0; i < r->n_diags; i++) free(r->diags[i].msg);
    free(r->diags);
    free(r->kind);
    free(r->dot);
    memset(r, 0, sizeof *r);
}
