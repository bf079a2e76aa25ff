/* yamlx — libyaml documents with positions, bounds and typed access.
 * libyaml gives strings only and accepts duplicate keys and alias cycles;
 * this module turns every scalar into a checked type and reports
 * `path:line:col` diagnostics for anything else. */
#ifndef MLSD_YAMLX_H
#define MLSD_YAMLX_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

typedef struct yamlx_doc {
    yaml_document_t doc;
    bool loaded;
    const char *path;  /* for diagnostics; not owned */
    int line_offset;   /* added to libyaml's 0-based line */
} yamlx_doc;

/* Parses text; reports syntax errors at their position and returns false.
 * An empty document loads with a NULL root. */
bool yamlx_load(yamlx_doc *d, const char *path, const char *text, size_t len, int line_offset);
void yamlx_free(yamlx_doc *d);

yaml_node_t *yamlx_root(yamlx_doc *d);
yaml_node_t *yamlx_get(yamlx_doc *d, int index);
int yamlx_line(const yamlx_doc *d, const yaml_node_t *n); /* 1-based */
int yamlx_col(const yamlx_doc *d, const yaml_node_t *n);  /* 1-based */
const char *yamlx_type_name(const yaml_node_t *n);

/* Iterates a mapping's pairs in order; reports duplicate keys and non-scalar
 * keys. Returns false (after reporting) when n is not a mapping. */
typedef bool (*yamlx_pair_fn)(yamlx_doc *d, const char *key, yaml_node_t *key_node,
                              yaml_node_t *value, void *user);
bool yamlx_each_pair(yamlx_doc *d, yaml_node_t *n, const char *what, yamlx_pair_fn fn, void *user);

/* Typed conversions: each reports `expected …, got …` at the node and returns false. */
bool yamlx_string(yamlx_doc *d, yaml_node_t *n, const char *what, char **out);
bool yamlx_bool(yamlx_doc *d, yaml_node_t *n, const char *what, bool *out);
bool yamlx_int(yamlx_doc *d, yaml_node_t *n, const char *what, long min, long max, long *out);
bool yamlx_number(yamlx_doc *d, yaml_node_t *n, const char *what, double min, double max, double *out);
/* A length: a number in points, or with a unit pt, mm, cm, in. */
bool yamlx_length(yamlx_doc *d, yaml_node_t *n, const char *what, double min, double max, double *out);
/* A string, or a list of strings (authors: "A" or [A, B]). */
bool yamlx_string_list(yamlx_doc *d, yaml_node_t *n, const char *what, char ***out, size_t *count);

/* Pure parsers, shared with the tests. */
bool yamlx_parse_bool(const char *s, bool *out);
bool yamlx_parse_length(const char *s, double *out_pt);

#endif
