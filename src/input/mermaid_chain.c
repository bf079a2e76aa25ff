/* mermaid_chain — node statements of a Mermaid flowchart: nodes with their shapes and
 * labels, '&' groups and the links between them. Every loop advances the cursor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagram.h"
#include "mermaid_int.h"
#include "util.h"

/* A node id: letters, digits, '_', any non-ASCII character, and '-' between two of them. */
size_t mermaid_id_len(const mm_parser *p)
{
    size_t n = 0;
    while (p->pos + n < p->len) {
        char c = p->s[p->pos + n];
        if (mm_id_char(c)) n++;
        else if (c == '-' && n > 0 && p->pos + n + 1 < p->len && mm_id_char(p->s[p->pos + n + 1])) n++;
        else break;
    }
    return n;
}

void mermaid_describe(const mm_parser *p, char *buf, size_t n)
{
    if (mm_eol(p)) snprintf(buf, n, "the end of the line");
    else if ((unsigned char)mm_cur(p) < 0x20) snprintf(buf, n, "a control character");
    else snprintf(buf, n, "'%c'", mm_cur(p));
}

/* ---- labels ---- */

/* An entity at t[i] — #quot; or #35; as Mermaid writes them, &quot;, &#35; or &#x23; as HTML does:
 * its text is added to b and its length returned (0: none). A code point that is no character of
 * XML text (a control, a noncharacter) becomes U+FFFD: librsvg refuses the SVG, cairo the PDF. */
static size_t mm_entity(const char *t, size_t n, size_t i, util_buf *b)
{
    static const struct { const char *name, *text; } names[] = {
        {"quot;", "\""}, {"amp;", "&"}, {"lt;", "<"}, {"gt;", ">"}, {"apos;", "'"}, {"nbsp;", "\xc2\xa0"}};
    size_t j = i + 1;
    for (size_t k = 0; k < G_N_ELEMENTS(names); k++)
        if (util_has_at(t, n, j, names[k].name)) {
            util_buf_adds(b, names[k].text);
            return 1 + strlen(names[k].name);
        }
    if (t[i] == '&' && (j >= n || t[j++] != '#')) return 0;
    bool hex = t[i] == '&' && j < n && (t[j] == 'x' || t[j] == 'X');
    if (hex) j++;
    size_t start = j;
    unsigned long cp = 0;
    while (j < n && j - start < 8 && (hex ? g_ascii_isxdigit(t[j]) : g_ascii_isdigit(t[j]))) cp = cp * (hex ? 16 : 10) + (unsigned long)g_ascii_xdigit_value(t[j++]);
    if (j == start || j >= n || t[j] != ';') return 0;
    bool ok = cp >= 0x20 && cp <= 0x10ffff && g_unichar_validate((gunichar)cp) && !(cp >= 0x7f && cp <= 0x9f) &&
              !(cp >= 0xfdd0 && cp <= 0xfdef) && (cp & 0xfffe) != 0xfffe;
    char u[8];
    util_buf_add(b, u, (size_t)g_unichar_to_utf8(ok ? (gunichar)cp : 0xfffd, u));
    return j + 1 - i;
}

/* Label text as written (t, n bytes at offset off) → plain text with line breaks: quotes and
 * backticks around it dropped, <br> a line break, entities decoded. */
char *mermaid_label(mm_parser *p, const char *t, size_t n, size_t off)
{
    while (n && (*t == ' ' || *t == '\t')) t++, n--, off++;
    while (n && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\r')) n--;
    if (n >= 2 && t[0] == '"' && t[n - 1] == '"') t++, n -= 2;
    if (n >= 2 && t[0] == '`' && t[n - 1] == '`') t++, n -= 2;
    util_buf b = {0};
    size_t lines = 1;
    for (size_t i = 0; i < n;) {
        if (t[i] == '<' && i + 3 <= n && !g_ascii_strncasecmp(t + i, "<br", 3)) {
            size_t j = i + 3;
            while (j < n && (t[j] == ' ' || t[j] == '/')) j++;
            if (j < n && t[j] == '>') {
                util_buf_addc(&b, '\n');
                lines++;
                i = j + 1;
                continue;
            }
        }
        if (t[i] == '#' || t[i] == '&') {
            size_t len = mm_entity(t, n, i, &b);
            if (len) {
                i += len;
                continue;
            }
        }
        util_buf_addc(&b, (unsigned char)t[i] < 0x20 ? ' ' : t[i]);
        i++;
    }
    if (b.len > DIAGRAM_MAX_LABEL || lines > DIAGRAM_MAX_LABEL_LINES) {
        if (b.len > DIAGRAM_MAX_LABEL) mermaid_error(p, off, "label is %zu bytes long (the limit is %d)", b.len, DIAGRAM_MAX_LABEL);
        else mermaid_error(p, off, "label has %zu lines (the limit is %d)", lines, DIAGRAM_MAX_LABEL_LINES);
        util_buf_free(&b);
        return NULL;
    }
    return util_buf_steal(&b);
}

/* Text up to the first of the closers on this line ("text" in quotes may hold any of them);
 * the cursor ends after the closer. *which is the closer found. NULL after an error. */
static char *mm_bracket_text(mm_parser *p, const char *opener, const char *const *closers, size_t n_closers, size_t *which)
{
    size_t open_at = p->pos - strlen(opener);
    size_t start = p->pos, end = 0;
    bool found = false;
    mm_spaces(p);
    if (mm_cur(p) == '"') {
        size_t q = p->pos + 1;
        while (q < p->len && p->s[q] != '"' && p->s[q] != '\n') q++;
        if (q >= p->len || p->s[q] != '"') {
            mermaid_error(p, p->pos, "unterminated quoted label: expected '\"' before the end of the line");
            return NULL;
        }
        p->pos = q + 1;
        mm_spaces(p);
        for (size_t k = 0; k < n_closers && !found; k++)
            if (mm_at(p, closers[k])) found = true, *which = k, end = p->pos;
        if (!found) {
            mermaid_error(p, p->pos, "expected '%s' after the quoted label", closers[0]);
            return NULL;
        }
    } else {
        for (size_t q = start; q < p->len && p->s[q] != '\n' && !found; q++)
            for (size_t k = 0; k < n_closers && !found; k++)
                if (util_has_at(p->s, p->len, q, closers[k])) found = true, *which = k, end = q;
        if (!found) {
            mermaid_error(p, open_at, "unterminated '%s': expected '%s' before the end of the line", opener, closers[0]);
            return NULL;
        }
    }
    p->pos = end + strlen(closers[*which]);
    return mermaid_label(p, p->s + start, end - start, start);
}

/* ---- nodes, classes, edges ---- */

int mermaid_node_ref(mm_parser *p, const char *id, size_t n, size_t off, bool used)
{
    char *key = util_xstrndup(id, n);
    gpointer v = g_hash_table_lookup(p->g.node_ids, key);
    int idx;
    if (v) {
        free(key);
        idx = GPOINTER_TO_INT(v) - 1;
    } else {
        if (p->g.nodes->len >= DIAGRAM_MAX_NODES) {
            free(key);
            mermaid_error(p, off, "mermaid diagram has more than %d nodes", DIAGRAM_MAX_NODES);
            return -1;
        }
        mermaid_node nd = {.id = key, .cluster = -1, .subgraph = -1, .at = off};
        g_array_append_val(p->g.nodes, nd);
        idx = (int)p->g.nodes->len - 1;
        g_hash_table_insert(p->g.node_ids, key, GINT_TO_POINTER(idx + 1));
    }
    mermaid_node *nd = &g_array_index(p->g.nodes, mermaid_node, idx);
    if (used) {
        nd->used = true;
        if (p->depth > 0) nd->cluster = p->stack[p->depth - 1];
    }
    return idx;
}

int mermaid_class_ref(mm_parser *p, const char *name, size_t n, size_t off)
{
    for (guint i = 0; i < p->g.classes->len; i++) {
        mermaid_class *c = &g_array_index(p->g.classes, mermaid_class, i);
        if (strlen(c->name) == n && !memcmp(c->name, name, n)) return (int)i;
    }
    if (p->g.classes->len >= MERMAID_MAX_CLASSES) {
        mermaid_error(p, off, "mermaid diagram has more than %d classes", MERMAID_MAX_CLASSES);
        return -1;
    }
    mermaid_class c = {.name = util_xstrndup(name, n)};
    g_array_append_val(p->g.classes, c);
    return (int)p->g.classes->len - 1;
}

void mermaid_node_add_class(mm_parser *p, int node, int cls, size_t off)
{
    mermaid_node *nd = &g_array_index(p->g.nodes, mermaid_node, node);
    for (int i = 0; i < nd->n_classes; i++)
        if (nd->classes[i] == cls) return;
    if (nd->n_classes >= MERMAID_MAX_NODE_CLASSES) {
        mermaid_warning(p, off, "node '%s' has more than %d classes: the rest are ignored", nd->id, MERMAID_MAX_NODE_CLASSES);
        return;
    }
    nd->classes[nd->n_classes++] = cls;
}

static const struct mm_shape_syntax {
    const char *open;
    const char *close[2];
    mermaid_shape shape[2];
} mm_shapes[] = {
    /* Longest openers first. */
    {"(((", {")))"}, {MM_DOUBLECIRCLE}},
    {"((", {"))"}, {MM_CIRCLE}},
    {"([", {"])"}, {MM_STADIUM}},
    {"[[", {"]]"}, {MM_SUBROUTINE}},
    {"[(", {")]"}, {MM_CYLINDER}},
    {"{{", {"}}"}, {MM_HEXAGON}},
    {"[/", {"/]", "\\]"}, {MM_PARALLELOGRAM, MM_TRAPEZOID}},
    {"[\\", {"\\]", "/]"}, {MM_PARALLELOGRAM_ALT, MM_INV_TRAPEZOID}},
    {"(", {")"}, {MM_ROUNDED}},
    {"[", {"]"}, {MM_BOX}},
    {"{", {"}"}, {MM_DIAMOND}},
    {">", {"]"}, {MM_ASYMMETRIC}},
};

/* id, optionally a shape with its label, optionally :::class. Returns the node's index, -1 after an error. */
static int mm_parse_node(mm_parser *p)
{
    size_t at = p->pos, n = mermaid_id_len(p);
    if (!n) {
        char what[32];
        mermaid_describe(p, what, sizeof what);
        mermaid_error(p, at, "expected a node id, found %s", what);
        return -1;
    }
    p->pos += n;
    int idx = mermaid_node_ref(p, p->s + at, n, at, true);
    if (idx < 0) return -1;
    for (size_t i = 0; i < G_N_ELEMENTS(mm_shapes); i++) {
        const struct mm_shape_syntax *sh = &mm_shapes[i];
        if (!mm_at(p, sh->open)) continue;
        p->pos += strlen(sh->open);
        size_t which = 0;
        char *label = mm_bracket_text(p, sh->open, sh->close, sh->close[1] ? 2 : 1, &which);
        if (!label) return -1;
        mermaid_node *nd = &g_array_index(p->g.nodes, mermaid_node, idx);
        free(nd->label);
        nd->label = label;
        nd->shape = sh->shape[which];
        break;
    }
    if (mm_at(p, "@{")) {
        mermaid_error(p, p->pos, "the 'id@{ shape: … }' node syntax is not supported: write the shape in brackets, e.g. A[text] or A((text))");
        return -1;
    }
    if (mm_at(p, ":::")) {
        p->pos += 3;
        size_t cat = p->pos, cn = mermaid_id_len(p);
        if (!cn) {
            mermaid_error(p, cat, "expected a class name after ':::'");
            return -1;
        }
        p->pos += cn;
        int cls = mermaid_class_ref(p, p->s + cat, cn, cat);
        if (cls < 0) return -1;
        mermaid_node_add_class(p, idx, cls, cat);
    }
    return idx;
}

/* Nodes joined by '&': their indices go to *group. False after an error. */
static bool mm_parse_group(mm_parser *p, GArray *group)
{
    g_array_set_size(group, 0);
    for (;;) {
        int idx = mm_parse_node(p);
        if (idx < 0) return false;
        g_array_append_val(group, idx);
        mm_spaces(p);
        if (mm_cur(p) != '&') return true;
        p->pos++;
        mm_spaces(p);
    }
}

/* ---- links ---- */

static char mm_peek(const mm_parser *p, size_t k) { return p->pos + k < p->len ? p->s[p->pos + k] : '\0'; }

/* Whether a link starts at the cursor: --, -., ==, ~~~, or <, o, x before one. */
static bool mm_link_start(const mm_parser *p)
{
    char c = mm_cur(p), d = mm_peek(p, 1);
    if (c == '-') return d == '-' || d == '.';
    if (c == '=') return d == '=';
    if (c == '~') return mm_at(p, "~~~");
    if (c == '<') return d == '-' || d == '=';
    if (c == 'o' || c == 'x') return (d == '-' && (mm_peek(p, 2) == '-' || mm_peek(p, 2) == '.')) || (d == '=' && mm_peek(p, 2) == '=');
    return false;
}

/* An arrowhead at the cursor (>, o, x), consumed. */
static mermaid_head mm_head(mm_parser *p)
{
    char c = mm_cur(p);
    mermaid_head h = c == '>' ? MM_HEAD_ARROW : c == 'o' ? MM_HEAD_CIRCLE : c == 'x' ? MM_HEAD_CROSS : MM_HEAD_NONE;
    if (h != MM_HEAD_NONE) p->pos++;
    return h;
}

static size_t mm_run(mm_parser *p, char c)
{
    size_t n = 0;
    while (mm_cur(p) == c) p->pos++, n++;
    return n;
}

/* The text of "-- text -->", "== text ==>" or "-. text .->": up to the closing marker
 * (end: "--", "==" or ".-") on this line; the cursor ends on the marker. */
static bool mm_link_text(mm_parser *p, const char *end, size_t link_at, mermaid_edge *e)
{
    size_t start = p->pos, q = start;
    while (q < p->len && p->s[q] != '\n' && !util_has_at(p->s, p->len, q, end)) q++;
    if (!util_has_at(p->s, p->len, q, end)) {
        mermaid_error(p, link_at, "unterminated edge text: expected '%s' before the end of the line",
                      end[0] == '.' ? ".->" : end[0] == '=' ? "==>" : "-->");
        return false;
    }
    p->pos = q;
    e->label = mermaid_label(p, p->s + start, q - start, start);
    return e->label != NULL;
}

/* -->, ---, -.->, -.-, ==>, ===, --o, --x, <-->, ~~~ (longer runs ask for longer edges), with text
 * as "-- text -->" or "-->|text|". */
static bool mm_parse_link(mm_parser *p, mermaid_edge *e)
{
    memset(e, 0, sizeof *e);
    size_t at = p->pos;
    e->minlen = 1;
    char c = mm_cur(p);
    if (c == '<' || ((c == 'o' || c == 'x') && mm_peek(p, 1) != '.')) {
        e->tail = c == '<' ? MM_HEAD_ARROW : c == 'o' ? MM_HEAD_CIRCLE : MM_HEAD_CROSS;
        p->pos++;
    }
    if (mm_at(p, "~~~")) {
        mm_run(p, '~');
        e->line = MM_INVISIBLE;
    } else if (mm_at(p, "-.")) {
        p->pos++;
        size_t dots = mm_run(p, '.');
        e->line = MM_DOTTED;
        if (mm_cur(p) != '-') {
            if (dots != 1 || !mm_link_text(p, ".-", at, e)) {
                if (!p->failed) mermaid_error(p, at, "expected '-.->' or '-.-'");
                return false;
            }
            p->pos++;
            dots = mm_run(p, '.') + 1;
        }
        p->pos++;
        e->head = mm_head(p);
        e->minlen = (int)dots;
    } else {
        char body = mm_cur(p);
        e->line = body == '=' ? MM_THICK : MM_SOLID;
        size_t n = mm_run(p, body);
        e->head = mm_head(p);
        if (e->head == MM_HEAD_NONE && n == 2) {
            if (!mm_link_text(p, body == '=' ? "==" : "--", at, e)) return false;
            n = mm_run(p, body);
            e->head = mm_head(p);
            if (e->head == MM_HEAD_NONE && n < 3) {
                free(e->label);
                e->label = NULL;
                mermaid_error(p, p->pos, "expected '%s' or '%s' after the edge text", body == '=' ? "==>" : "-->", body == '=' ? "===" : "---");
                return false;
            }
        }
        e->minlen = (int)n - (e->head == MM_HEAD_NONE ? 2 : 1);
    }
    if (e->minlen < 1) e->minlen = 1;
    mm_spaces(p);
    if (mm_cur(p) == '|') {
        size_t start = ++p->pos;
        while (!mm_eol(p) && mm_cur(p) != '|') p->pos++;
        if (mm_cur(p) != '|') {
            free(e->label);
            e->label = NULL;
            mermaid_error(p, start - 1, "unterminated edge label: expected '|' before the end of the line");
            return false;
        }
        free(e->label);
        e->label = mermaid_label(p, p->s + start, p->pos - start, start);
        p->pos++;
        if (!e->label) return false;
    }
    return true;
}

/* A, A --> B, A & B -->|x| C --- D … */
void mermaid_parse_chain(mm_parser *p)
{
    GArray *left = g_array_new(false, false, sizeof(int)), *right = g_array_new(false, false, sizeof(int));
    if (!mm_parse_group(p, left)) goto out;
    for (;;) {
        mm_spaces(p);
        if (!mm_link_start(p)) break;
        size_t at = p->pos;
        mermaid_edge proto;
        if (!mm_parse_link(p, &proto)) goto out;
        mm_spaces(p);
        if (!mm_parse_group(p, right)) {
            free(proto.label);
            goto out;
        }
        if ((size_t)p->g.edges->len + (size_t)left->len * right->len > DIAGRAM_MAX_EDGES) {
            free(proto.label);
            mermaid_error(p, at, "mermaid diagram has more than %d edges", DIAGRAM_MAX_EDGES);
            goto out;
        }
        for (guint i = 0; i < left->len; i++)
            for (guint j = 0; j < right->len; j++) {
                mermaid_edge e = proto;
                e.from = g_array_index(left, int, i);
                e.to = g_array_index(right, int, j);
                e.label = proto.label ? util_xstrdup(proto.label) : NULL;
                g_array_append_val(p->g.edges, e);
            }
        free(proto.label);
        GArray *t = left;
        left = right;
        right = t;
    }
out:
    g_array_free(left, true);
    g_array_free(right, true);
}

