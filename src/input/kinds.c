#define _DEFAULT_SOURCE
#include "kinds.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"
#include "yamlx.h"

static const struct {
    const char *name;
    unsigned bit;
} kinds_need_table[] = {
    {"table", KIND_NEEDS_TABLE}, {"diagram", KIND_NEEDS_DIAGRAM}, {"numbers", KIND_NEEDS_NUMBERS},
    {"tasklist", KIND_NEEDS_TASKLIST}, {"code", KIND_NEEDS_CODE},
};
enum { KINDS_NEEDS = sizeof kinds_need_table / sizeof kinds_need_table[0] };

const char *kinds_need_name(unsigned need)
{
    for (size_t i = 0; i < KINDS_NEEDS; i++)
        if (kinds_need_table[i].bit == need) return kinds_need_table[i].name;
    return "?";
}

static bool kinds_needs(yamlx_doc *d, yaml_node_t *list, unsigned *out)
{
    char **names = NULL;
    size_t n = 0;
    if (!yamlx_string_list(d, list, "require", &names, &n)) return false;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < KINDS_NEEDS && strcmp(names[i], kinds_need_table[k].name)) k++;
        if (k == KINDS_NEEDS) {
            diag_report_hint(DIAG_ERROR, d->path, yamlx_line(d, list), yamlx_col(d, list),
                             "known elements: table, diagram, numbers, tasklist, code", "unknown required element '%s'", names[i]);
            ok = false;
        } else {
            *out |= kinds_need_table[k].bit;
        }
        free(names[i]);
    }
    free(names);
    return ok;
}

static bool kinds_section_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    kind_section *s = user;
    if (!strcmp(key, "title")) return yamlx_string(d, v, key, &s->title);
    if (!strcmp(key, "require")) return kinds_needs(d, v, &s->needs);
    diag_error(d->path, yamlx_line(d, k), yamlx_col(d, k), "unknown key '%s' in a section (title, require)", key);
    return false;
}

static bool kinds_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    kind *kd = user;
    if (!strcmp(key, "description")) return yamlx_string(d, v, key, &kd->description);
    if (!strcmp(key, "part")) {
        const char *s = v && v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value : NULL;
        if (s && !*s) { /* part: "" — outside any part */
            free(kd->part);
            kd->part = util_xstrdup("");
            return true;
        }
        return yamlx_string(d, v, key, &kd->part);
    }
    if (!strcmp(key, "free")) return yamlx_bool(d, v, key, &kd->free);
    if (!strcmp(key, "optional")) {
        if (v && v->type == YAML_SEQUENCE_NODE && v->data.sequence.items.start == v->data.sequence.items.top) return true;
        return yamlx_string_list(d, v, key, &kd->optional, &kd->n_optional);
    }
    if (!strcmp(key, "sections")) {
        if (!v || v->type != YAML_SEQUENCE_NODE) {
            diag_error(d->path, yamlx_line(d, v), yamlx_col(d, v), "sections: expected a list");
            return false;
        }
        bool ok = true;
        size_t cap = 0;
        for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
            kind_section *s = UTIL_PUSH(kd->sections, kd->n_sections, cap);
            memset(s, 0, sizeof *s);
            yaml_node_t *item = yamlx_get(d, *it);
            if (!yamlx_each_pair(d, item, "section", kinds_section_pair, s)) ok = false;
            if (!s->title) {
                diag_error(d->path, yamlx_line(d, item), yamlx_col(d, item), "a section needs a title");
                s->title = util_xstrdup("");
                ok = false;
            }
        }
        return ok;
    }
    diag_error(d->path, yamlx_line(d, k), yamlx_col(d, k),
               "unknown key '%s' in a kind definition (description, part, free, sections, optional)", key);
    return false;
}

static bool kinds_load_one(kind *kd, files *fs, const char *dir, const char *file)
{
    char *path = util_path_join(dir, file);
    GBytes *bytes = files_read(fs, path, KINDS_MAX_BYTES, NULL, NULL);
    gsize len = 0;
    const char *text = bytes ? g_bytes_get_data(bytes, &len) : NULL;
    bool ok = bytes != NULL;
    if (!ok) diag_error(path, 0, 0, "cannot read the kind definition");
    yamlx_doc d;
    if (ok && yamlx_load(&d, path, text, len, 0)) {
        ok = yamlx_each_pair(&d, yamlx_root(&d), "kind", kinds_pair, kd);
        if (!yamlx_root(&d)) {
            diag_error(path, 1, 1, "the kind definition is empty");
            ok = false;
        }
        yamlx_free(&d);
    } else {
        ok = false;
    }
    if (!kd->part) kd->part = util_xstrdup("");
    if (!kd->description) kd->description = util_xstrdup(kd->name);
    kd->skeleton = util_path_join(dir, file);
    size_t n = strlen(kd->skeleton);
    strcpy(kd->skeleton + n - strlen(".yaml"), ".md");
    if (bytes) g_bytes_unref(bytes);
    free(path);
    return ok;
}

bool kinds_load(kinds *k, const char *dir) { return kinds_load_in(k, NULL, dir); }

bool kinds_load_in(kinds *k, files *fs, const char *dir)
{
    memset(k, 0, sizeof *k);
    struct dirent **names = NULL;
    int count = scandir(dir, &names, NULL, alphasort);
    if (count < 0) {
        diag_error(dir, 0, 0, "cannot read the chapter kinds directory");
        return false;
    }
    bool ok = true;
    size_t cap = 0;
    for (int i = 0; i < count; i++) {
        const char *nm = names[i]->d_name;
        size_t len = strlen(nm);
        if (len > 5 && !strcmp(nm + len - 5, ".yaml") && nm[0] != '.') {
            kind *kd = UTIL_PUSH(k->v, k->n, cap);
            memset(kd, 0, sizeof *kd);
            kd->name = util_xstrndup(nm, len - 5);
            if (!kinds_load_one(kd, fs, dir, nm)) ok = false;
        }
        free(names[i]);
    }
    free(names);
    return ok;
}

void kinds_free(kinds *k)
{
    for (size_t i = 0; i < k->n; i++) {
        kind *kd = &k->v[i];
        free(kd->name);
        free(kd->description);
        free(kd->part);
        free(kd->skeleton);
        for (size_t s = 0; s < kd->n_sections; s++) free(kd->sections[s].title);
        free(kd->sections);
        for (size_t s = 0; s < kd->n_optional; s++) free(kd->optional[s]);
        free(kd->optional);
    }
    free(k->v);
    memset(k, 0, sizeof *k);
}

const kind *kinds_find(const kinds *k, const char *name)
{
    for (size_t i = 0; i < k->n; i++)
        if (!strcmp(k->v[i].name, name)) return &k->v[i];
    return NULL;
}

char *kinds_names(const kinds *k)
{
    util_buf b = {0};
    for (size_t i = 0; i < k->n; i++) util_buf_printf(&b, "%s%s", i ? ", " : "", k->v[i].name);
    return util_buf_steal(&b);
}
