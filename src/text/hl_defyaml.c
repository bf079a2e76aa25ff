/* hl_defyaml — typed reading of a language definition's YAML nodes; see hl_defyaml.h. */
#include "hl_defyaml.h"

#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

#define AT(n) d->path, yamlx_line(d, n), yamlx_col(d, n)

/* An error at a node of the definition. */
void hl_def_err_at(yamlx_doc *d, yaml_node_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    diag_report(DIAG_ERROR, AT(n), "%s", msg);
    g_free(msg);
}

bool hl_def_each_pair(yamlx_doc *d, yaml_node_t *n, const char *what, size_t max, yamlx_pair_fn fn, void *user)
{
    if (n && n->type == YAML_MAPPING_NODE && (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start) > max) {
        hl_def_err_at(d, n, "%s: more than %zu entries", what, max);
        return false;
    }
    return yamlx_each_pair(d, n, what, fn, user);
}

/* Printable ASCII (and, in sets, tab and line ends: "a comment follows a blank"). */
static bool ascii_text(const char *s, bool blanks)
{
    for (; *s; s++)
        if (((unsigned char)*s < ' ' || (unsigned char)*s > '~') && !(blanks && strchr("\t\r\n", *s))) return false;
    return true;
}

/* A set of ASCII characters (operators, punctuation, word characters). */
bool hl_def_set(yamlx_doc *d, yaml_node_t *n, const char *what, char out[HL_SET_MAX + 1])
{
    char *s = NULL;
    if (!yamlx_string(d, n, what, &s)) return false;
    bool ok = strlen(s) <= HL_SET_MAX && ascii_text(s, true);
    if (ok)
        strcpy(out, s);
    else
        hl_def_err_at(d, n, "%s: expected at most %d printable ASCII characters (or tabs and line ends)", what, HL_SET_MAX);
    free(s);
    return ok;
}

/* A delimiter or prefix: 1 to HL_DELIM_MAX printable ASCII characters. */
bool hl_def_delim(yamlx_doc *d, yaml_node_t *n, const char *what, char out[HL_DELIM_MAX + 1])
{
    char *s = NULL;
    if (!yamlx_string(d, n, what, &s)) return false;
    bool ok = *s && strlen(s) <= HL_DELIM_MAX && ascii_text(s, false);
    if (ok)
        strcpy(out, s);
    else
        hl_def_err_at(d, n, "%s: expected 1 to %d printable ASCII characters, got '%s'", what, HL_DELIM_MAX, s);
    free(s);
    return ok;
}

bool hl_def_char(yamlx_doc *d, yaml_node_t *n, const char *what, char *out)
{
    char buf[HL_DELIM_MAX + 1];
    if (!hl_def_delim(d, n, what, buf)) return false;
    if (buf[1]) {
        hl_def_err_at(d, n, "%s: expected one character, got '%s'", what, buf);
        return false;
    }
    *out = buf[0];
    return true;
}

bool hl_def_kind(yamlx_doc *d, yaml_node_t *n, const char *what, hl_kind *out)
{
    char *s = NULL;
    if (!yamlx_string(d, n, what, &s)) return false;
    bool ok = hl_kind_from_name(s, out);
    if (!ok)
        diag_report_hint(DIAG_ERROR, AT(n), "kinds: text, keyword, type, string, number, comment, function, operator, "
                         "punct, key, builtin, variable, preproc", "%s: unknown token kind '%s'", what, s);
    free(s);
    return ok;
}

void hl_def_free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

/* A list of strings (or one string), at most max of them, each checked by its length. */
bool hl_def_list(yamlx_doc *d, yaml_node_t *n, const char *what, size_t max, size_t max_len, char ***out,
                     size_t *count)
{
    if (n && n->type == YAML_SEQUENCE_NODE && (size_t)(n->data.sequence.items.top - n->data.sequence.items.start) > max) {
        hl_def_err_at(d, n, "%s: more than %zu entries", what, max);
        return false;
    }
    if (!yamlx_string_list(d, n, what, out, count)) return false;
    for (size_t i = 0; i < *count; i++)
        if (!(*out)[i][0] || strlen((*out)[i]) > max_len) {
            hl_def_err_at(d, n, "%s: '%s' must have 1 to %zu bytes", what, (*out)[i], max_len);
            hl_def_free_list(*out, *count);
            *out = NULL;
            *count = 0;
            return false;
        }
    return true;
}

bool hl_def_seq_items(yamlx_doc *d, yaml_node_t *n, const char *what, size_t max)
{
    if (!n || n->type != YAML_SEQUENCE_NODE) {
        hl_def_err_at(d, n, "%s: expected a list", what);
        return false;
    }
    if ((size_t)(n->data.sequence.items.top - n->data.sequence.items.start) > max) {
        hl_def_err_at(d, n, "%s: more than %zu entries", what, max);
        return false;
    }
    return true;
}

int hl_def_flag_find(const hl_flag_key *t, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(t[i].key, key)) return (int)i;
    return -1;
}

