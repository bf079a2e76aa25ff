#define _DEFAULT_SOURCE
#include "book.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "diag.h"
#include "util.h"

typedef struct book_ctx {
    book *b;
    yaml_node_t *theme_node;
    yaml_node_t *paper_node;
    yaml_node_t *chapters_node;
    yaml_node_t *vars_file_node; /* `variables_file:` */
    char *vars_file;
    bool has_title; /* the key is there (its value may be wrong) */
} book_ctx;

static bool book_language_ok(const char *s)
{
    /* BCP 47-ish: 2–3 letters, then optional -subtags of 2–8 alphanumerics. */
    size_t n = 0;
    while (isalpha((unsigned char)s[n])) n++;
    if (n < 2 || n > 3) return false;
    const char *p = s + n;
    while (*p == '-') {
        size_t k = 0;
        p++;
        while (isalnum((unsigned char)p[k])) k++;
        if (k < 2 || k > 8) return false;
        p += k;
    }
    return *p == '\0';
}

static void book_add_chapter(book *b, yamlx_doc *d, yaml_node_t *n, int part, size_t *cap)
{
    char *file = NULL;
    if (!yamlx_string(d, n, "chapter", &file)) return;
    if (!*file) {
        diag_report_hint(DIAG_ERROR, d->path, yamlx_line(d, n), yamlx_col(d, n), "name a Markdown file, e.g. '- chapters/01-intro.md'",
                         "empty chapter path");
        free(file);
        return;
    }
    book_chapter *c = UTIL_PUSH(b->chapters, b->n_chapters, *cap);
    c->file = file;
    c->path = util_path_join(b->dir, file);
    c->part = part;
    c->line = yamlx_line(d, n);
    c->col = yamlx_col(d, n);
}

typedef struct book_part_ctx {
    book *b;
    char *title;
    yaml_node_t *title_node, *list;
} book_part_ctx;

static bool book_part_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    book_part_ctx *pc = user;
    if (!strcmp(key, "part")) {
        pc->title_node = v;
        return yamlx_string(d, v, "part", &pc->title);
    }
    if (!strcmp(key, "chapters")) {
        if (!v || v->type != YAML_SEQUENCE_NODE) {
            diag_error(d->path, yamlx_line(d, v), yamlx_col(d, v), "chapters of a part: expected a list, got %s", yamlx_type_name(v));
            return false;
        }
        pc->list = v;
        return true;
    }
    diag_report_hint(DIAG_ERROR, d->path, yamlx_line(d, k), yamlx_col(d, k), "a part has the keys 'part' and 'chapters'",
                     "unknown key '%s' in a part", key);
    return false;
}

static void book_load_chapters(book *b, yamlx_doc *d, yaml_node_t *list)
{
    size_t ccap = 0, pcap = 0;
    if (!list || list->type != YAML_SEQUENCE_NODE) {
        diag_error(d->path, yamlx_line(d, list), yamlx_col(d, list), "chapters: expected a list of chapter files or parts, got %s",
                   yamlx_type_name(list));
        return;
    }
    for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top; it++) {
        yaml_node_t *n = yamlx_get(d, *it);
        if (n->type != YAML_MAPPING_NODE) {
            book_add_chapter(b, d, n, -1, &ccap);
            continue;
        }
        book_part_ctx pc = {b, NULL, NULL, NULL};
        yamlx_each_pair(d, n, "part", book_part_pair, &pc);
        if (!pc.title) {
            diag_error(d->path, yamlx_line(d, n), yamlx_col(d, n), "a part needs a title: 'part: Title'");
            continue;
        }
        book_part *p = UTIL_PUSH(b->parts, b->n_parts, pcap);
        p->title = pc.title;
        p->line = yamlx_line(d, n);
        p->col = yamlx_col(d, n);
        if (!pc.list || pc.list->data.sequence.items.start == pc.list->data.sequence.items.top) {
            diag_error(d->path, p->line, p->col, "part '%s' has no chapters", p->title);
            continue;
        }
        for (yaml_node_item_t *jt = pc.list->data.sequence.items.start; jt < pc.list->data.sequence.items.top; jt++) {
            yaml_node_t *c = yamlx_get(d, *jt);
            if (c->type == YAML_MAPPING_NODE) {
                diag_error(d->path, yamlx_line(d, c), yamlx_col(d, c), "parts cannot be nested");
                continue;
            }
            book_add_chapter(b, d, c, (int)b->n_parts - 1, &ccap);
        }
    }
}

/* The folder every file the book reads (chapters, images) and its output: the
 * book's own folder, or `root:` (relative to it) to widen it on purpose. */
static void book_resolve_root(book *b, yamlx_doc *d)
{
    char *want = b->root_given ? util_path_join(b->dir, b->root_given) : util_xstrdup(b->dir);
    b->root = realpath(want, NULL);
    if (!b->root) {
        diag_error(d->path, b->root_line, b->root_col, "root: '%s' is not a folder that exists", b->root_given ? b->root_given : want);
        b->root = util_xstrdup("/nonexistent-root");
    }
    free(want);
}

/* `index: {title: …, glossary: […]}` */
static bool book_index_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    book *b = user;
    if (!strcmp(key, "title")) return yamlx_string(d, v, "index title", &b->index_title);
    if (!strcmp(key, "glossary")) return yamlx_string_list(d, v, "index glossary", &b->index_glossary, &b->n_index_glossary);
    if (!strcmp(key, "enabled")) {
        bool on = true;
        if (!yamlx_bool(d, v, "index enabled", &on)) return false;
        b->index_mode = on ? BOOK_INDEX_ON : BOOK_INDEX_OFF;
        return true;
    }
    diag_report_hint(DIAG_ERROR, d->path, yamlx_line(d, k), yamlx_col(d, k), "index keys: enabled, title, glossary",
                     "unknown key '%s' in index", key);
    return false;
}

/* `index: true|false`, or a mapping (which turns the index on). */
static bool book_index(yamlx_doc *d, yaml_node_t *v, book *b)
{
    b->index_line = yamlx_line(d, v);
    b->index_col = yamlx_col(d, v);
    if (v->type == YAML_SCALAR_NODE) {
        bool on = false;
        if (!yamlx_bool(d, v, "index", &on)) return false;
        b->index_mode = on ? BOOK_INDEX_ON : BOOK_INDEX_OFF;
        return true;
    }
    b->index_mode = BOOK_INDEX_ON;
    return yamlx_each_pair(d, v, "index", book_index_pair, b);
}

static bool book_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    book_ctx *ctx = user;
    book *b = ctx->b;
    struct { const char *key; char **field; } strings[] = {
        {"title", &b->title}, {"subtitle", &b->subtitle}, {"version", &b->version}, {"date", &b->date},
        {"language", &b->language}, {"subject", &b->subject}, {"output", &b->output}, {"root", &b->root_given},
    };
    if (!strcmp(key, "title")) ctx->has_title = true;
    for (size_t i = 0; i < sizeof strings / sizeof *strings; i++) {
        if (strcmp(key, strings[i].key)) continue;
        if (!yamlx_string(d, v, key, strings[i].field)) return false;
        if (!strcmp(key, "output")) {
            b->output_line = yamlx_line(d, v);
            b->output_col = yamlx_col(d, v);
        } else if (!strcmp(key, "root")) {
            b->root_line = yamlx_line(d, v);
            b->root_col = yamlx_col(d, v);
        }
        long chars = g_utf8_strlen(*strings[i].field, -1);
        if ((!strcmp(key, "title") || !strcmp(key, "subtitle")) && chars > UTIL_MAX_TITLE) {
            diag_error(d->path, yamlx_line(d, v), yamlx_col(d, v), "'%s' has %ld characters (the limit is %d)", key, chars,
                       UTIL_MAX_TITLE);
            return false;
        }
        if (!strcmp(key, "language") && !book_language_ok(b->language)) {
            diag_report_hint(DIAG_ERROR, d->path, yamlx_line(d, v), yamlx_col(d, v), "use a language tag such as en, en-US or de-CH",
                             "language: '%s' is not a language tag", b->language);
            return false;
        }
        if (!strcmp(key, "output") && !*b->output) {
            diag_report_hint(DIAG_ERROR, d->path, yamlx_line(d, v), yamlx_col(d, v), "name the PDF, e.g. 'output: book.pdf', or leave the key out",
                             "output: the file name is empty");
            return false;
        }
        return true;
    }
    if (!strcmp(key, "authors") || !strcmp(key, "author")) return yamlx_string_list(d, v, key, &b->authors, &b->n_authors);
    if (!strcmp(key, "two_sided")) return yamlx_bool(d, v, key, &b->two_sided);
    if (!strcmp(key, "index")) return book_index(d, v, b);
    if (!strcmp(key, "keywords")) return yamlx_string_list(d, v, key, &b->keywords, &b->n_keywords);
    if (!strcmp(key, "paper")) {
        ctx->paper_node = v;
        return yamlx_string(d, v, key, &b->paper_name);
    }
    if (!strcmp(key, "chapters")) {
        ctx->chapters_node = v;
        return true;
    }
    if (!strcmp(key, "theme")) {
        ctx->theme_node = v;
        return true;
    }
    if (!strcmp(key, "variables")) {
        calc_src *defs = NULL;
        size_t n = 0, cap = 0;
        bool ok = calc_collect_yaml(d, v, "variables", &defs, &n, &cap);
        vars_add_book(b->vars, d->path, defs, n, VARS_BOOK);
        for (size_t i = 0; i < n; i++) calc_src_free(&defs[i]);
        free(defs);
        return ok;
    }
    if (!strcmp(key, "variables_file")) {
        ctx->vars_file_node = v;
        return yamlx_string(d, v, key, &ctx->vars_file);
    }
    diag_report_hint(DIAG_ERROR, d->path, yamlx_line(d, k), yamlx_col(d, k),
                     "known keys: title, subtitle, authors, version, date, language, subject, keywords, paper, two_sided, output, root, chapters, theme, variables, variables_file, index",
                     "unknown key '%s' in book config", key);
    return false;
}

bool book_load(book *b, const char *config_path, const char *theme_path) { return book_load_text(b, config_path, NULL, theme_path); }

bool book_load_text(book *b, const char *config_path, const char *given_text, const char *theme_path)
{
    return book_load_in(b, NULL, config_path, given_text, theme_path);
}

bool book_load_in(book *b, files *fs, const char *config_path, const char *given_text, const char *theme_path)
{
    memset(b, 0, sizeof *b);
    b->config_path = util_xstrdup(config_path);
    b->dir = util_path_dir(config_path);
    b->vars = vars_new();
    int errors_before = diag_errors();
    if (!theme_load_file_in(&b->theme, fs, theme_path)) return false;

    char *text = NULL;
    size_t len = 0;
    if (given_text) {
        text = util_xstrdup(given_text);
        len = strlen(text);
    } else {
        util_read_status st = UTIL_READ_OK;
        GBytes *bytes = files_read(fs, config_path, BOOK_MAX_CONFIG_BYTES, &st, NULL);
        if (!bytes) {
            diag_error(config_path, 0, 0, "cannot read book config: %s", util_read_status_str(st));
            return false;
        }
        /* Its own copy: noncharacters are replaced in place. */
        gsize n = 0;
        const char *data = g_bytes_get_data(bytes, &n);
        text = util_xstrndup(data, n);
        len = n;
        g_bytes_unref(bytes);
    }
    long bad = util_utf8_invalid_at(text, len);
    if (bad >= 0) {
        int l, c;
        util_line_col(text, (size_t)bad, &l, &c);
        diag_error(config_path, l, c, "book config is not valid UTF-8 text");
        free(text);
        return false;
    }
    diag_fix_nonchars(config_path, text, &len);
    yamlx_doc d;
    if (!yamlx_load(&d, config_path, text, len, 0)) {
        free(text);
        return false;
    }
    yaml_node_t *root = yamlx_root(&d);
    book_ctx ctx = {b, NULL, NULL, NULL, NULL, NULL, false};
    if (!root) {
        diag_error(config_path, 1, 1, "book config is empty");
    } else if (root->type != YAML_MAPPING_NODE) {
        diag_error(config_path, yamlx_line(&d, root), yamlx_col(&d, root), "book config: expected a mapping of keys (title:, chapters:, …), got %s",
                   yamlx_type_name(root));
    } else {
        yamlx_each_pair(&d, root, "book config", book_pair, &ctx);
        if (!b->title && !ctx.has_title) diag_error(config_path, 1, 1, "book config has no 'title'");
        if (ctx.theme_node) theme_apply(&b->theme, &d, ctx.theme_node);
        if (!b->paper_name) b->paper_name = util_xstrdup("a4");
        b->paper = theme_find_paper(&b->theme, b->paper_name);
        if (b->paper && ctx.theme_node && !theme_paper_check(&b->theme, b->paper, config_path)) b->paper = NULL;
        else if (!b->paper) {
            char *names = theme_paper_names(&b->theme);
            char *hint = util_printf("paper sizes: %s", names);
            yaml_node_t *pn = ctx.paper_node;
            diag_report_hint(DIAG_ERROR, config_path, pn ? yamlx_line(&d, pn) : 0, pn ? yamlx_col(&d, pn) : 0, hint,
                             "unknown paper size '%s'", b->paper_name);
            free(hint);
            free(names);
        }
        book_resolve_root(b, &d);
        if (ctx.vars_file)
            vars_load_file(b->vars, fs, config_path, yamlx_line(&d, ctx.vars_file_node), yamlx_col(&d, ctx.vars_file_node), ctx.vars_file,
                           b->root);
        if (ctx.chapters_node) book_load_chapters(b, &d, ctx.chapters_node);
        if (!b->n_chapters && diag_errors() == errors_before)
            diag_report_hint(DIAG_ERROR, config_path, ctx.chapters_node ? yamlx_line(&d, ctx.chapters_node) : 1,
                             ctx.chapters_node ? yamlx_col(&d, ctx.chapters_node) : 1,
                             "list chapter files under 'chapters:', e.g. '- chapters/01-intro.md'", "the book has no chapters");
    }
    if (!b->language) b->language = util_xstrdup("en-US");
    /* A book without a version has none: the tool's version is not the book's. */
    free(ctx.vars_file);
    yamlx_free(&d);
    free(text);
    return diag_errors() == errors_before;
}

static void book_free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

void book_free(book *b)
{
    free(b->config_path);
    free(b->dir);
    free(b->root_given);
    free(b->root);
    free(b->title);
    free(b->subtitle);
    free(b->version);
    free(b->date);
    free(b->language);
    free(b->subject);
    free(b->output);
    free(b->paper_name);
    book_free_list(b->authors, b->n_authors);
    book_free_list(b->keywords, b->n_keywords);
    book_free_list(b->index_glossary, b->n_index_glossary);
    free(b->index_title);
    for (size_t i = 0; i < b->n_parts; i++) free(b->parts[i].title);
    free(b->parts);
    for (size_t i = 0; i < b->n_chapters; i++) {
        free(b->chapters[i].file);
        free(b->chapters[i].path);
    }
    free(b->chapters);
    theme_free(&b->theme);
    vars_free(b->vars);
    memset(b, 0, sizeof *b);
}

char *book_slugify(const char *title)
{
    util_buf out = {0};
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)title; *p; p++) {
        if (isalnum(*p)) {
            if (dash && out.len) util_buf_addc(&out, '-');
            util_buf_addc(&out, (char)tolower(*p));
            dash = false;
        } else {
            dash = true;
        }
    }
    if (!out.len) util_buf_adds(&out, "book");
    return util_buf_steal(&out);
}
