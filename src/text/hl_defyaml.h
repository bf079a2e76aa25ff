/* hl_defyaml — typed reading of a language definition's YAML nodes for
 * hl_load.c: each value is checked (type, length, characters, count) and
 * every problem is an error at its node (path:line:col). */
#ifndef MLSD_HL_DEFYAML_H
#define MLSD_HL_DEFYAML_H

#include "hl_lang.h"
#include "yamlx.h"

/* Pairs in a mapping of a definition besides the word lists (bounds the duplicate-key check). */
enum { HL_MAX_PAIRS = 64 };

void hl_def_err_at(yamlx_doc *d, yaml_node_t *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* yamlx_each_pair on a mapping of at most max pairs. */
bool hl_def_each_pair(yamlx_doc *d, yaml_node_t *n, const char *what, size_t max, yamlx_pair_fn fn, void *user);
/* A set of ASCII characters (operators, punctuation, word characters; tabs and line ends allowed). */
bool hl_def_set(yamlx_doc *d, yaml_node_t *n, const char *what, char out[HL_SET_MAX + 1]);
/* A delimiter or prefix: 1 to HL_DELIM_MAX printable ASCII characters. */
bool hl_def_delim(yamlx_doc *d, yaml_node_t *n, const char *what, char out[HL_DELIM_MAX + 1]);
bool hl_def_char(yamlx_doc *d, yaml_node_t *n, const char *what, char *out);
bool hl_def_kind(yamlx_doc *d, yaml_node_t *n, const char *what, hl_kind *out);
/* A list of strings (or one string), at most max of them, each of 1 to max_len bytes. */
bool hl_def_list(yamlx_doc *d, yaml_node_t *n, const char *what, size_t max, size_t max_len, char ***out,
                 size_t *count);
void hl_def_free_list(char **v, size_t n);
/* n is a list of at most max items (else an error). */
bool hl_def_seq_items(yamlx_doc *d, yaml_node_t *n, const char *what, size_t max);

/* A mapping's boolean switches: key → offset of a bool in a struct. */
typedef struct hl_flag_key {
    const char *key;
    size_t offset;
} hl_flag_key;
/* The index of key in t[0..n), or -1. */
int hl_def_flag_find(const hl_flag_key *t, size_t n, const char *key);

#endif
