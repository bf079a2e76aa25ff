#include "theme.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "util.h"

typedef struct theme_key {
    const char *key;
    theme_type type;
    size_t offset;
    double min, max;
} theme_key;

static const theme_key theme_keys[] = {
#define THEME_X_KEY(type, ctype, field, key, min, max) {key, type, offsetof(theme, field), min, max},
    THEME_FIELDS(THEME_X_KEY)
#undef THEME_X_KEY
};
enum { THEME_NKEYS = sizeof theme_keys / sizeof theme_keys[0] };

/* Paper fields are lengths in points; pages up to A0 and margins up to half of it. */
enum { THEME_PAGE_MAX = 3400 };

typedef struct theme_walk {
    theme *t;
    bool *seen; /* NULL when overriding */
} theme_walk;

bool theme_parse_color(const char *s, theme_color *out)
{
    if (!s || s[0] != '#' || strlen(s) != 7) return false;
    unsigned v[3];
    for (int i = 0; i < 3; i++) {
        char h[3] = {s[1 + 2 * i], s[2 + 2 * i], 0};
        if (!isxdigit((unsigned char)h[0]) || !isxdigit((unsigned char)h[1])) return false;
        v[i] = (unsigned)strtoul(h, NULL, 16);
    }
    out->r = v[0] / 255.0;
    out->g = v[1] / 255.0;
    out->b = v[2] / 255.0;
    return true;
}

static bool theme_color_node(yamlx_doc *d, yaml_node_t *n, const char *what, theme_color *out)
{
    char *s = NULL;
    if (!yamlx_string(d, n, what, &s)) return false;
    bool ok = theme_parse_color(s, out);
    if (!ok) diag_error(d->path, yamlx_line(d, n), yamlx_col(d, n), "%s: expected a colour '#rrggbb', got '%s'", what, s);
    free(s);
    return ok;
}

static theme_paper *theme_paper_get(theme *t, const char *name, size_t len)
{
    for (size_t i = 0; i < t->n_papers; i++)
        if (strlen(t->papers[i].name) == len && !strncmp(t->papers[i].name, name, len)) return &t->papers[i];
    size_t cap = t->n_papers;
    theme_paper *p = UTIL_PUSH(t->papers, t->n_papers, cap);
    memset(p, 0, sizeof *p);
    p->name = util_xstrndup(name, len);
    return p;
}

static theme_callout *theme_callout_get(theme *t, const char *kind, size_t len)
{
    for (size_t i = 0; i < t->n_callouts; i++)
        if (strlen(t->callouts[i].kind) == len && !strncasecmp(t->callouts[i].kind, kind, len)) return &t->callouts[i];
    size_t cap = t->n_callouts;
    theme_callout *c = UTIL_PUSH(t->callouts, t->n_callouts, cap);
    memset(c, 0, sizeof *c);
    c->kind = util_xstrndup(kind, len);
    for (char *q = c->kind; *q; q++) *q = (char)toupper((unsigned char)*q);
    c->label = util_xstrdup(c->kind);
    return c;
}

static bool theme_leaf_paper(theme_walk *w, yamlx_doc *d, const char *key, yaml_node_t *v)
{
    const char *name = key + strlen("papers.");
    const char *dot = strchr(name, '.');
    if (!dot || dot == name) return false;
    const char *field = dot + 1;
    static const struct { const char *name; size_t off; } fields[] = {
        {"width", offsetof(theme_paper, width)},
        {"height", offsetof(theme_paper, height)},
        {"margin_top", offsetof(theme_paper, margin_top)},
        {"margin_bottom", offsetof(theme_paper, margin_bottom)},
        {"margin_inner", offsetof(theme_paper, margin_inner)},
        {"margin_outer", offsetof(theme_paper, margin_outer)},
        {"body_size", offsetof(theme_paper, body_size)},
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        if (strcmp(field, fields[i].name)) continue;
        double val;
        if (!yamlx_length(d, v, key, 0, THEME_PAGE_MAX, &val)) return true;
        theme_paper *p = theme_paper_get(w->t, name, (size_t)(dot - name));
        memcpy((char *)p + fields[i].off, &val, sizeof val);
        p->line = yamlx_line(d, v);
        p->col = yamlx_col(d, v);
        return true;
    }
    return false;
}

static bool theme_leaf_callout(theme_walk *w, yamlx_doc *d, const char *key, yaml_node_t *v)
{
    const char *kind = key + strlen("callouts.");
    const char *dot = strchr(kind, '.');
    if (!dot || dot == kind) return false;
    const char *field = dot + 1;
    size_t klen = (size_t)(dot - kind);
    if (!strcmp(field, "label")) {
        char *s = NULL;
        if (yamlx_string(d, v, key, &s)) {
            theme_callout *c = theme_callout_get(w->t, kind, klen);
            free(c->label);
            c->label = s;
        }
        return true;
    }
    if (!strcmp(field, "color") || !strcmp(field, "background")) {
        theme_color col;
        if (theme_color_node(d, v, key, &col)) {
            theme_callout *c = theme_callout_get(w->t, kind, klen);
            if (!strcmp(field, "color")) c->color = col;
            else c->background = col;
        }
        return true;
    }
    return false;
}

static void theme_leaf(theme_walk *w, yamlx_doc *d, const char *key, yaml_node_t *keynode, yaml_node_t *v)
{
    for (size_t i = 0; i < THEME_NKEYS; i++) {
        const theme_key *k = &theme_keys[i];
        if (strcmp(k->key, key)) continue;
        void *field = (char *)w->t + k->offset;
        bool ok = false;
        switch (k->type) {
        case THEME_STR: ok = yamlx_string(d, v, key, (char **)field); break;
        case THEME_NUM: ok = yamlx_number(d, v, key, k->min, k->max, (double *)field); break;
        case THEME_LEN: ok = yamlx_length(d, v, key, k->min, k->max, (double *)field); break;
        case THEME_COLOR: ok = theme_color_node(d, v, key, (theme_color *)field); break;
        case THEME_BOOL: ok = yamlx_bool(d, v, key, (bool *)field); break;
        }
        if (ok && w->seen) w->seen[i] = true;
        return;
    }
    if (!strncmp(key, "papers.", 7) && theme_leaf_paper(w, d, key, v)) return;
    if (!strncmp(key, "callouts.", 9) && theme_leaf_callout(w, d, key, v)) return;
    diag_report_hint(DIAG_ERROR, d->path, yamlx_line(d, keynode), yamlx_col(d, keynode),
                     "see templates/theme.yaml for the keys a theme has", "unknown theme key '%s'", key);
}

static bool theme_walk_pair(yamlx_doc *d, const char *key, yaml_node_t *keynode, yaml_node_t *v, void *user);

typedef struct theme_walk_ctx {
    theme_walk *w;
    const char *prefix;
} theme_walk_ctx;

static bool theme_walk_node(theme_walk *w, yamlx_doc *d, const char *prefix, yaml_node_t *keynode, yaml_node_t *v)
{
    if (v && v->type == YAML_MAPPING_NODE) {
        theme_walk_ctx ctx = {w, prefix};
        return yamlx_each_pair(d, v, prefix[0] ? prefix : "theme", theme_walk_pair, &ctx);
    }
    int before = diag_errors();
    theme_leaf(w, d, prefix, keynode, v);
    return diag_errors() == before;
}

static bool theme_walk_pair(yamlx_doc *d, const char *key, yaml_node_t *keynode, yaml_node_t *v, void *user)
{
    theme_walk_ctx *ctx = user;
    char *full = ctx->prefix[0] ? util_printf("%s.%s", ctx->prefix, key) : util_xstrdup(key);
    bool ok = theme_walk_node(ctx->w, d, full, keynode, v);
    free(full);
    return ok;
}

bool theme_apply(theme *t, yamlx_doc *d, yaml_node_t *mapping)
{
    theme_walk w = {t, NULL};
    if (!mapping || mapping->type != YAML_MAPPING_NODE) {
        if (mapping) diag_error(d->path, yamlx_line(d, mapping), yamlx_col(d, mapping), "theme: expected a mapping, got %s", yamlx_type_name(mapping));
        return false;
    }
    return theme_walk_node(&w, d, "", NULL, mapping);
}

bool theme_load_file(theme *t, const char *path) { return theme_load_file_in(t, NULL, path); }

bool theme_load_file_in(theme *t, files *fs, const char *path)
{
    memset(t, 0, sizeof *t);
    util_read_status st = UTIL_READ_OK;
    GBytes *bytes = files_read(fs, path, THEME_MAX_BYTES, &st, NULL);
    gsize len = 0;
    const char *text = bytes ? g_bytes_get_data(bytes, &len) : NULL;
    if (!bytes) {
        diag_error(path, 0, 0, "cannot load the theme: %s", util_read_status_str(st));
        return false;
    }
    yamlx_doc d;
    bool ok = yamlx_load(&d, path, text, len, 0);
    yaml_node_t *root = ok ? yamlx_root(&d) : NULL;
    if (ok && (!root || root->type != YAML_MAPPING_NODE)) {
        diag_error(path, root ? yamlx_line(&d, root) : 1, root ? yamlx_col(&d, root) : 1,
                   "theme: expected a mapping of keys, got %s", root ? yamlx_type_name(root) : "an empty file");
        ok = false;
    }
    if (ok) {
        bool seen[THEME_NKEYS] = {0};
        theme_walk w = {t, seen};
        ok = theme_walk_node(&w, &d, "", NULL, yamlx_root(&d));
        for (size_t i = 0; i < THEME_NKEYS; i++) {
            if (!seen[i]) {
                diag_error(path, 0, 0, "theme key '%s' is missing", theme_keys[i].key);
                ok = false;
            }
        }
        for (size_t i = 0; i < t->n_papers; i++)
            if (!theme_paper_check(t, &t->papers[i], path)) ok = false;
        if (!t->n_papers) {
            diag_error(path, 0, 0, "the theme defines no paper sizes");
            ok = false;
        }
    }
    yamlx_free(&d);
    g_bytes_unref(bytes);
    return ok;
}

void theme_free(theme *t)
{
    for (size_t i = 0; i < THEME_NKEYS; i++) {
        if (theme_keys[i].type != THEME_STR) continue;
        char **field = (char **)(void *)((char *)t + theme_keys[i].offset);
        free(*field);
    }
    for (size_t i = 0; i < t->n_papers; i++) free(t->papers[i].name);
    free(t->papers);
    for (size_t i = 0; i < t->n_callouts; i++) {
        free(t->callouts[i].kind);
        free(t->callouts[i].label);
    }
    free(t->callouts);
    memset(t, 0, sizeof *t);
}

bool theme_paper_check(const theme *t, const theme_paper *p, const char *path)
{
    /* Room for text: at least this fraction of the page in each direction. */
    const double min_text = 0.25;
    if (p->width <= 0 || p->height <= 0 || p->body_size <= 0 ||
        p->width - p->margin_inner - p->margin_outer < p->width * min_text ||
        p->height - p->margin_top - p->margin_bottom < p->height * min_text) {
        diag_error(path, 0, 0, "paper '%s' needs a width, height and body_size, and margins that leave room for text",
                   p->name);
        return false;
    }
    if (p->body_size < THEME_MIN_BODY_SIZE) {
        diag_error(path, p->line, p->col, "papers.%s.body_size is %gpt: the least is %dpt", p->name, p->body_size,
                   THEME_MIN_BODY_SIZE);
        return false;
    }
    double lines = (p->height - p->margin_top - p->margin_bottom) / (p->body_size * t->text_leading);
    double chars = (p->width - p->margin_inner - p->margin_outer) / (p->body_size * THEME_CHAR_EM);
    if (lines < THEME_MIN_LINES || chars < THEME_MIN_CHARS) {
        diag_report_hint(DIAG_ERROR, path, p->line, p->col, "use a smaller body_size, or a larger paper or smaller margins",
                         "papers.%s.body_size %gpt leaves room for %d line%s of %d character%s on the page (at least %d lines "
                         "of %d characters are needed)",
                         p->name, p->body_size, (int)lines, (int)lines == 1 ? "" : "s", (int)chars, (int)chars == 1 ? "" : "s",
                         THEME_MIN_LINES, THEME_MIN_CHARS);
        return false;
    }
    return true;
}

const theme_paper *theme_find_paper(const theme *t, const char *name)
{
    for (size_t i = 0; i < t->n_papers; i++)
        if (!strcasecmp(t->papers[i].name, name)) return &t->papers[i];
    return NULL;
}

const theme_callout *theme_find_callout(const theme *t, const char *kind)
{
    for (size_t i = 0; i < t->n_callouts; i++)
        if (!strcasecmp(t->callouts[i].kind, kind)) return &t->callouts[i];
    return NULL;
}

char *theme_paper_names(const theme *t)
{
    util_buf b = {0};
    for (size_t i = 0; i < t->n_papers; i++) util_buf_printf(&b, "%s%s", i ? ", " : "", t->papers[i].name);
    return util_buf_steal(&b);
}

void theme_list_bullet(const theme *t, int depth, char *mark, size_t cap)
{
    const char *p = t->list_bullets ? t->list_bullets : "";
    int n = 0;
    for (const char *q = p; *(q += strspn(q, " ")); q += strcspn(q, " ")) n++;
    if (!n || depth < 0) {
        snprintf(mark, cap, "\xe2\x80\xa2"); /* • */
        return;
    }
    p += strspn(p, " ");
    for (int k = depth % n; k > 0; k--) p += strcspn(p, " "), p += strspn(p, " ");
    snprintf(mark, cap, "%.*s", (int)strcspn(p, " "), p);
}
