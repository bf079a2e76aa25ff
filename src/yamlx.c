#include "yamlx.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "util.h"

/* Bounds against hostile input: deeply nested or alias-amplified documents. */
enum { YAMLX_MAX_NODES = 200000, YAMLX_MAX_DEPTH = 64 };

static int yamlx_count(yamlx_doc *d, int index, int depth, int *budget)
{
    if (depth > YAMLX_MAX_DEPTH) return -1;
    if (--(*budget) < 0) return -2;
    yaml_node_t *n = yaml_document_get_node(&d->doc, index);
    if (!n) return 0;
    if (n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
            int r = yamlx_count(d, *it, depth + 1, budget);
            if (r < 0) return r;
        }
    } else if (n->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
            int r = yamlx_count(d, p->key, depth + 1, budget);
            if (r < 0) return r;
            r = yamlx_count(d, p->value, depth + 1, budget);
            if (r < 0) return r;
        }
    }
    return 0;
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
    yaml_parser_delete(&p);
    d->loaded = true;
    int budget = YAMLX_MAX_NODES;
    int r = yaml_document_get_root_node(&d->doc) ? yamlx_count(d, 1, 0, &budget) : 0;
    if (r < 0) {
        diag_error(path, 1 + line_offset, 1, "%s",
                   r == -1 ? "YAML nested too deeply (or an alias refers to itself)"
                           : "YAML document too large after alias expansion");
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
int yamlx_line(const yamlx_doc *d, const yaml_node_t *n) { return (int)n->start_mark.line + 1 + d->line_offset; }
int yamlx_col(const yamlx_doc *d, const yaml_node_t *n) { return (int)n->start_mark.column + 1; }

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
