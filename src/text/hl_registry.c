/* hl_registry — the language definitions of one build: found by file name
 * or alias, each loaded on its first use and kept (also when invalid: it is
 * reported once). A name that is no file's stem is looked up among the
 * aliases, which are read once from every definition's `aliases:` key alone
 * (an event-level parse that stops there) without compiling it. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <glib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "diag.h"
#include "hl_lang.h"
#include "resolve.h"
#include "util.h"

/* Definition files looked at in the directory. */
enum { HL_MAX_FILES = 256 };

struct hl_registry {
    char *dir;
    files *files;           /* the store definitions are read through (may be NULL) */
    pthread_mutex_t lock; /* POSIX, not GMutex: ThreadSanitizer sees it */
    GHashTable *by_name;    /* lower-case info word → const hl_lang * (NULL: plain text) */
    GHashTable *by_stem;    /* file stem → hl_lang * (NULL: invalid), owned */
    GHashTable *alias_stem; /* lower-case alias → file stem, after the alias scan (else NULL) */
};

hl_registry *hl_registry_new(const char *dir) { return hl_registry_new_in(dir, NULL); }

hl_registry *hl_registry_new_in(const char *dir, files *fs)
{
    hl_registry *r = util_xcalloc(1, sizeof *r);
    r->files = fs;
    r->dir = util_xstrdup(dir ? dir : "");
    pthread_mutex_init(&r->lock, NULL);
    r->by_name = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    r->by_stem = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)hl_lang_free);
    return r;
}

void hl_registry_free(hl_registry *r)
{
    if (!r) return;
    g_hash_table_destroy(r->by_name);
    g_hash_table_destroy(r->by_stem);
    if (r->alias_stem) g_hash_table_destroy(r->alias_stem);
    pthread_mutex_destroy(&r->lock);
    free(r->dir);
    free(r);
}

/* ---- the aliases of a definition, read without compiling it ---- */

/* The aliases a definition file declares (its top-level `aliases:`), from its YAML events up to
 * them; false when the file cannot be read or is not valid YAML. */
static bool scan_file_aliases(files *fs, const char *path, char ***aliases, size_t *n)
{
    *aliases = NULL;
    *n = 0;
    size_t cap = 0;
    GBytes *bytes = files_read(fs, path, HL_DEF_MAX_BYTES, NULL, NULL);
    if (!bytes) return false;
    gsize len = 0;
    const char *text = g_bytes_get_data(bytes, &len);
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        g_bytes_unref(bytes);
        return false;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    int depth = 0;
    bool key_next = true, in_aliases = false, alias_list = false, done = false, ok = true;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            ok = false;
            break;
        }
        switch (ev.type) {
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT:
            if (depth == 1 && in_aliases && !key_next) alias_list = ev.type == YAML_SEQUENCE_START_EVENT;
            depth++;
            break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
            if (--depth == 1) {
                key_next = true;
                done = alias_list;
            }
            break;
        case YAML_SCALAR_EVENT: {
            const char *v = (const char *)ev.data.scalar.value;
            if (depth == 1 && key_next) {
                in_aliases = !strcmp(v, "aliases");
                key_next = false;
            } else if ((depth == 1 && in_aliases) || (depth == 2 && alias_list)) {
                if (*n < HL_MAX_LIST) *UTIL_PUSH(*aliases, *n, cap) = util_xstrdup(v);
                done = depth == 1;
                key_next = depth == 1;
            } else if (depth == 1) {
                key_next = true;
            }
            break;
        }
        case YAML_ALIAS_EVENT:
            if (depth == 1) key_next = !key_next;
            break;
        case YAML_STREAM_END_EVENT: done = true; break;
        default: break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    g_bytes_unref(bytes);
    return ok;
}

/* The *.yaml files of the directory, sorted (stems, newly allocated; at most HL_MAX_FILES). */
static GPtrArray *definition_stems(const char *dir)
{
    GPtrArray *stems = g_ptr_array_new_with_free_func(g_free);
    struct dirent **names = NULL;
    int count = scandir(dir, &names, NULL, alphasort);
    for (int i = 0; i < count; i++) {
        const char *nm = names[i]->d_name;
        size_t len = strlen(nm);
        if (len > strlen(".yaml") && !strcmp(nm + len - strlen(".yaml"), ".yaml") && nm[0] != '.') {
            if (stems->len < HL_MAX_FILES)
                g_ptr_array_add(stems, g_strndup(nm, len - strlen(".yaml")));
            else if (stems->len == HL_MAX_FILES)
                diag_warning(dir, 0, 0, "more than %d language definitions: the rest are ignored", HL_MAX_FILES);
        }
        free(names[i]);
    }
    free(names);
    return stems;
}

static char *stem_path(const hl_registry *r, const char *stem)
{
    char *file = util_printf("%s.yaml", stem);
    char *path = util_path_join(r->dir, file);
    free(file);
    return path;
}

/* The definition of a file stem: loaded (and reported when invalid) on its first use. */
static const struct hl_lang *load_stem(hl_registry *r, const char *stem)
{
    gpointer v;
    if (g_hash_table_lookup_extended(r->by_stem, stem, NULL, &v)) return v;
    char *path = stem_path(r, stem);
    struct hl_lang *l = hl_lang_load(r->files, path, stem);
    free(path);
    g_hash_table_insert(r->by_stem, g_strdup(stem), l);
    return l;
}

static void scan_aliases(hl_registry *r)
{
    r->alias_stem = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GPtrArray *stems = definition_stems(r->dir);
    for (guint i = 0; i < stems->len; i++) {
        const char *stem = g_ptr_array_index(stems, i);
        char *path = stem_path(r, stem);
        char **aliases = NULL;
        size_t n = 0;
        if (!scan_file_aliases(r->files, path, &aliases, &n)) load_stem(r, stem); /* reports the YAML error */
        for (size_t k = 0; k < n; k++) {
            char *a = g_ascii_strdown(aliases[k], -1);
            if (!g_hash_table_contains(r->alias_stem, a))
                g_hash_table_insert(r->alias_stem, a, g_strdup(stem));
            else
                g_free(a);
            free(aliases[k]);
        }
        free(aliases);
        free(path);
    }
    g_ptr_array_unref(stems);
}

/* The first word of an info string ("python", "{.sql}", "yaml title=x"), lower-cased; NULL when
 * none: the language resolve names (resolve_code_language, the one rule for both). */
static char *info_word(const char *info)
{
    char *word = resolve_code_language(info);
    if (word && strlen(word) > HL_WORD_MAX) {
        g_free(word);
        return NULL;
    }
    return word;
}

const struct hl_lang *hl_registry_find(hl_registry *r, const char *info)
{
    char *word = r ? info_word(info) : NULL;
    if (!word) return NULL;
    pthread_mutex_lock(&r->lock);
    gpointer v = NULL;
    if (!g_hash_table_lookup_extended(r->by_name, word, NULL, &v)) {
        char *path = stem_path(r, word);
        const char *stem = util_is_file(path) ? word : NULL;
        free(path);
        if (!stem) {
            if (!r->alias_stem) scan_aliases(r);
            stem = g_hash_table_lookup(r->alias_stem, word);
        }
        v = stem ? (gpointer)load_stem(r, stem) : NULL;
        g_hash_table_insert(r->by_name, word, v);
        word = NULL;
    }
    pthread_mutex_unlock(&r->lock);
    g_free(word);
    return v;
}

bool hl_registry_load_all(hl_registry *r)
{
    bool ok = true;
    GPtrArray *stems = definition_stems(r->dir);
    GHashTable *owner = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    pthread_mutex_lock(&r->lock);
    for (guint i = 0; i < stems->len; i++) g_hash_table_insert(owner, g_strdup(g_ptr_array_index(stems, i)), g_ptr_array_index(stems, i));
    for (guint i = 0; i < stems->len; i++) {
        const char *stem = g_ptr_array_index(stems, i);
        const struct hl_lang *l = load_stem(r, stem);
        if (!l) {
            ok = false;
            continue;
        }
        for (size_t k = 0; k < l->n_aliases; k++) {
            char *a = g_ascii_strdown(l->aliases[k], -1);
            const char *other = g_hash_table_lookup(owner, a);
            if (other && strcmp(other, stem)) {
                char *path = stem_path(r, stem);
                diag_error(path, 0, 0, "alias '%s' is also a name of %s.yaml", l->aliases[k], other);
                free(path);
                ok = false;
                g_free(a);
            } else {
                g_hash_table_insert(owner, a, (gpointer)stem);
            }
        }
    }
    pthread_mutex_unlock(&r->lock);
    g_hash_table_destroy(owner);
    g_ptr_array_unref(stems);
    return ok;
}
