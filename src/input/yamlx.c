#include "yamlx.h"

#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "util.h"

/* Bounds against hostile input: deeply nested or alias-amplified documents. */
enum { YAMLX_MAX_NODES = 200000, YAMLX_MAX_DEPTH = 64 };

typedef enum { YAMLX_SHAPE_OK, YAMLX_SHAPE_DEEP, YAMLX_SHAPE_CYCLE, YAMLX_SHAPE_LARGE } yamlx_shape_error;

/* One pass over the node graph, each node once (aliases share nodes): its height
 * and its size once aliases are expanded. The recursion stops at YAMLX_MAX_DEPTH. */
typedef struct yamlx_shape {
    yamlx_doc *d;
    unsigned char *state; /* per node: 0 unseen, 1 on the current path, 2 done */
    int *height;
    long *size;           /* saturates just above YAMLX_MAX_NODES */
    yamlx_shape_error error;
    yaml_node_t *at;      /* the node the error is reported at */
} yamlx_shape;

static void yamlx_shape_child(yamlx_shape *s, int index, int depth, int *height, long *size);

static void yamlx_shape_node(yamlx_shape *s, int index, int depth)
{
    yaml_node_t *n = yaml_document_get_node(&s->d->doc, index);
    size_t i = (size_t)(index - 1);
    if (depth > YAMLX_MAX_DEPTH) {
        s->error = YAMLX_SHAPE_DEEP;
        s->at = n;
        return;
    }
    s->state[i] = 1;
    int h = 0;
    long size = 1;
    if (n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = n->data.sequence.items.start; !s->error && it < n->data.sequence.items.top; it++)
            yamlx_shape_child(s, *it, depth + 1, &h, &size);
    } else if (n->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; !s->error && p < n->data.mapping.pairs.top; p++) {
            yamlx_shape_child(s, p->key, depth + 1, &h, &size);
            if (!s->error) yamlx_shape_child(s, p->value, depth + 1, &h, &size);
        }
    }
    if (!s->error && size > YAMLX_MAX_NODES) {
        s->error = YAMLX_SHAPE_LARGE;
        s->at = n;
    }
    s->state[i] = 2;
    s->height[i] = h;
    s->size[i] = size;
}

static void yamlx_shape_child(yamlx_shape *s, int index, int depth, int *height, long *size)
{
    yaml_node_t *n = yaml_document_get_node(&s->d->doc, index);
    if (!n) return;
    size_t i = (size_t)(index - 1);
    if (s->state[i] == 1) {
        s->error = YAMLX_SHAPE_CYCLE;
        s->at = n;
        return;
    }
    if (s->state[i] == 0) yamlx_shape_node(s, index, depth);
    if (s->error) return;
    if (depth + s->height[i] > YAMLX_MAX_DEPTH) { /* an alias to a deep node, placed deep */
        s->error = YAMLX_SHAPE_DEEP;
        s->at = n;
        return;
    }
    if (s->height[i] + 1 > *height) *height = s->height[i] + 1;
    *size += s->size[i];
    if (*size > YAMLX_MAX_NODES) *size = YAMLX_MAX_NODES + 1L;
}

/* The alias that refers to a node containing it: the first alias event whose
 * anchor belongs to a collection still open. Found by a second, event-level pass. */
static bool yamlx_cycle_alias(const char *text, size_t len, int *line, int *col)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) return false;
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    GPtrArray *open = g_ptr_array_new_with_free_func(g_free); /* anchor (or NULL) per open collection */
    bool found = false, done = false;
    while (!found && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) break;
        switch (ev.type) {
        case YAML_SEQUENCE_START_EVENT:
            g_ptr_array_add(open, g_strdup((const char *)ev.data.sequence_start.anchor));
            break;
        case YAML_MAPPING_START_EVENT:
            g_ptr_array_add(open, g_strdup((const char *)ev.data.mapping_start.anchor));
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (open->len) g_ptr_array_remove_index(open, open->len - 1);
            break;
        case YAML_ALIAS_EVENT:
            for (guint k = 0; k < open->len && !found; k++) {
                const char *a = g_ptr_array_index(open, k);
                if (a && !strcmp(a, (const char *)ev.data.alias.anchor)) {
                    found = true;
                    *line = (int)ev.start_mark.line + 1;
                    *col = (int)ev.start_mark.column + 1;
                }
            }
            break;
        case YAML_DOCUMENT_END_EVENT:
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        default: break;
        }
        yaml_event_delete(&ev);
    }
    g_ptr_array_free(open, TRUE);
    yaml_parser_delete(&p);
    return found;
}

/* Reports a nesting, alias-cycle or expansion problem at its node; false then. */
static bool yamlx_check_shape(yamlx_doc *d, const char *text, size_t len)
{
    if (!yaml_document_get_root_node(&d->doc)) return true;
    size_t n = (size_t)(d->doc.nodes.top - d->doc.nodes.start);
    yamlx_shape s = {d, g_new0(unsigned char, n), g_new0(int, n), g_new0(long, n), YAMLX_SHAPE_OK, NULL};
    yamlx_shape_node(&s, 1, 0);
    if (s.error) {
        int line = yamlx_line(d, s.at), col = yamlx_col(d, s.at);
        if (s.error == YAMLX_SHAPE_DEEP) {
            diag_error(d->path, line, col, "YAML nested too deeply (more than %d levels)", YAMLX_MAX_DEPTH);
        } else if (s.error == YAMLX_SHAPE_CYCLE) {
            int al, ac;
            if (yamlx_cycle_alias(text, len, &al, &ac)) {
                line = al + d->line_offset;
                col = ac;
            }
            diag_error(d->path, line, col, "YAML alias refers to a node that contains it");
        } else {
            diag_error(d->path, line, col, "YAML document too large after alias expansion (more than %d nodes)", YAMLX_MAX_NODES);
        }
    }
    g_free(s.state);
    g_free(s.height);
    g_free(s.size);
    return !s.error;
}

bool yamlx_load(yamlx_doc *d, const char *path, const char *text, size_t len, int line_offset)
{
    memset(d, 0, sizeof *d);
    d->path = path;
    d->line_offset = line_offset;
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        diag_error(path, 0, 0, "cannot initialise the YAML parser");
        return false;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    if (!yaml_parser_load(&p, &d->doc)) {
        int line = (int)p.problem_mark.line + 1 + line_offset;
        int col = (int)p.problem_mark.column + 1;
        if (p.error == YAML_READER_ERROR) {
            int l, c;
            util_line_col(text, p.problem_offset < len ? p.problem_offset : len, &l, &c);
            line = l + line_offset;
            col = c;
        }
        diag_error(path, line, col, "invalid YAML: %s%s%s", p.problem ? p.problem : "syntax error",
                   p.context ? " " : "", p.context ? p.context : "");
        yaml_parser_delete(&p);
        return false;
    }
    /* Only the first document is read: say so when there is another. */
    yaml_event_t ev;
    if (yaml_parser_parse(&p, &ev)) {
        if (ev.type == YAML_DOCUMENT_START_EVENT)
            diag_report_hint(DIAG_WARNING, path, (int)ev.start_mark.line + 1 + line_offset, (int)ev.start_mark.column + 1,
                             "a YAML file here holds one document; remove the '---' line or merge the documents",
                             "a second YAML document is ignored");
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    d->loaded = true;
    if (!yamlx_check_shape(d, text, len)) {
        yaml_document_delete(&d->doc);
        d->loaded = false;
        return false;
    }
    return true;
}

void yamlx_free(yamlx_doc *d)
{
    if (d->loaded) yaml_document_delete(&d->doc);
    d->loaded = false;
}

yaml_node_t *yamlx_root(yamlx_doc *d) { return d->loaded ? yaml_document_get_root_node(&d->doc) : NULL; }
yaml_node_t *yamlx_get(yamlx_doc *d, int index) { return yaml_document_get_node(&d->doc, index); }
int yamlx_line(const yamlx_doc *d, const yaml_node_t *n) { return n ? (int)n->start_mark.line + 1 + d->line_offset : 0; }
int yamlx_col(const yamlx_doc *d, const yaml_node_t *n) { return n ? (int)n->start_mark.column + 1 : 0; }

const char *yamlx_type_name(const yaml_node_t *n)
{
    if (!n) return "nothing";
    switch (n->type) {
    case YAML_SCALAR_NODE: return n->data.scalar.length ? "a scalar" : "an empty value";
    case YAML_SEQUENCE_NODE: return "a list";
    case YAML_MAPPING_NODE: return "a mapping";
    default: return "nothing";
    }
}

static const char *yamlx_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static bool yamlx_is_null(const yaml_node_t *n)
{
    const char *s = yamlx_scalar(n);
    return s && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
           (!*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL"));
}

static void yamlx_type_error(yamlx_doc *d, yaml_node_t *n, const char *what, const char *expected)
{
    const char *got = yamlx_is_null(n) ? "an empty value (null)" : yamlx_type_name(n);
    const char *s = yamlx_scalar(n);
    if (s && *s && !yamlx_is_null(n))
        diag_error(d->path, yamlx_line(d, n), yamlx_col(d, n), "%s: expected %s, got '%.60s'", what, expected, s);
    else
        diag_error(d->path, yamlx_line(d, n), yamlx_col(d, n), "%s: expected %s, got %s", what, expected, got);
}

bool yamlx_each_pair(yamlx_doc *d, yaml_node_t *n, const char *what, yamlx_pair_fn fn, void *user)
{
    if (!n || n->type != YAML_MAPPING_NODE) {
        if (n) yamlx_type_error(d, n, what, "a mapping");
        return false;
    }
    bool ok = true;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yamlx_get(d, p->key), *v = yamlx_get(d, p->value);
        const char *key = yamlx_scalar(k);
        if (!key) {
            diag_error(d->path, yamlx_line(d, k), yamlx_col(d, k), "%s: keys must be plain names", what);
            ok = false;
            continue;
        }
        bool dup = false;
        for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < p; q++) {
            const char *prev = yamlx_scalar(yamlx_get(d, q->key));
            if (prev && !strcmp(prev, key)) dup = true;
        }
        if (dup) {
            diag_error(d->path, yamlx_line(d, k), yamlx_col(d, k), "%s: duplicate key '%s'", what, key);
            ok = false;
            continue;
        }
        if (!fn(d, key, k, v, user)) ok = false;
    }
    return ok;
}

bool yamlx_string(yamlx_doc *d, yaml_node_t *n, const char *what, char **out)
{
    const char *s = yamlx_scalar(n);
    if (!s || yamlx_is_null(n)) {
        yamlx_type_error(d, n, what, "a string");
        return false;
    }
    free(*out);
    *out = util_xstrdup(s);
    return true;
}

bool yamlx_parse_bool(const char *s, bool *out)
{
    static const char *yes[] = {"true", "yes", "on", "True", "Yes", "On", "TRUE", "YES", "ON"};
    static const char *no[] = {"false", "no", "off", "False", "No", "Off", "FALSE", "NO", "OFF"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        if (!strcmp(s, yes[i])) { *out = true; return true; }
        if (!strcmp(s, no[i])) { *out = false; return true; }
    }
    return false;
}

bool yamlx_bool(yamlx_doc *d, yaml_node_t *n, const char *what, bool *out)
{
    const char *s = yamlx_scalar(n);
    if (!s || !yamlx_parse_bool(s, out)) {
        yamlx_type_error(d, n, what, "true or false");
        return false;
    }
    return true;
}

bool yamlx_int(yamlx_doc *d, yaml_node_t *n, const char *what, long min, long max, long *out)
{
    const char *s = yamlx_scalar(n);
    char *end = NULL;
    errno = 0;
    long v = s && *s ? strtol(s, &end, 10) : 0;
    if (!s || !*s || *end || errno) {
        yamlx_type_error(d, n, what, "a whole number");
        return false;
    }
    if (v < min || v > max) {
        diag_error(d->path, yamlx_line(d, n), yamlx_col(d, n), "%s: %ld is out of range (%ld to %ld)", what, v, min, max);
        return false;
    }
    *out = v;
    return true;
}

static bool yamlx_parse_number(const char *s, double *out, const char **rest)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || !isfinite(v)) return false;
    *out = v;
    *rest = end;
    return true;
}

bool yamlx_number(yamlx_doc *d, yaml_node_t *n, const char *what, double min, double max, double *out)
{
    const char *s = yamlx_scalar(n), *rest = NULL;
    double v;
    if (!s || !yamlx_parse_number(s, &v, &rest) || *rest) {
        yamlx_type_error(d, n, what, "a number");
        return false;
    }
    if (v < min || v > max) {
        diag_error(d->path, yamlx_line(d, n), yamlx_col(d, n), "%s: %g is out of range (%g to %g)", what, v, min, max);
        return false;
    }
    *out = v;
    return true;
}

bool yamlx_parse_length(const char *s, double *out_pt)
{
    const char *rest = NULL;
    double v;
    if (!yamlx_parse_number(s, &v, &rest)) return false;
    while (*rest == ' ') rest++;
    double k;
    if (!*rest || !strcmp(rest, "pt")) k = 1;
    else if (!strcmp(rest, "mm")) k = 72.0 / 25.4;
    else if (!strcmp(rest, "cm")) k = 720.0 / 25.4;
    else if (!strcmp(rest, "in")) k = 72.0;
    else return false;
    *out_pt = v * k;
    return true;
}

bool yamlx_length(yamlx_doc *d, yaml_node_t *n, const char *what, double min, double max, double *out)
{
    const char *s = yamlx_scalar(n);
    double v;
    if (!s || !yamlx_parse_length(s, &v)) {
        yamlx_type_error(d, n, what, "a length (e.g. 12, 12pt, 20mm, 1in)");
        return false;
    }
    if (v < min || v > max) {
        diag_error(d->path, yamlx_line(d, n), yamlx_col(d, n), "%s: %s is out of range (%gpt to %gpt)", what, s, min, max);
        return false;
    }
    *out = v;
    return true;
}

bool yamlx_string_list(yamlx_doc *d, yaml_node_t *n, const char *what, char ***out, size_t *count)
{
    char **v = NULL;
    size_t cnt = 0, cap = 0;
    bool ok = true;
    if (n && n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
            char *s = NULL;
            if (yamlx_string(d, yamlx_get(d, *it), what, &s)) *UTIL_PUSH(v, cnt, cap) = s;
            else ok = false;
        }
    } else {
        char *s = NULL;
        if (yamlx_string(d, n, what, &s)) *UTIL_PUSH(v, cnt, cap) = s;
        else ok = false;
    }
    if (!ok) {
        for (size_t i = 0; i < cnt; i++) free(v[i]);
        free(v);
        return false;
    }
    for (size_t i = 0; i < *count; i++) free((*out)[i]);
    free(*out);
    *out = v;
    *count = cnt;
    return true;
}
