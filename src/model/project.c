#include "project.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "datadir.h"
#include "diag.h"
#include "implicit.h"
#include "mathsrc.h"
#include "util.h"

char *project_find_config(const char *given)
{
    if (given) {
        if (util_is_dir(given)) {
            char *p = util_path_join(given, "book.yaml");
            if (util_path_exists(p)) return p;
            free(p);
            diag_error(given, 0, 0, "no book.yaml in this directory");
            return NULL;
        }
        if (!util_path_exists(given)) {
            diag_error(given, 0, 0, "book config not found");
            return NULL;
        }
        return util_xstrdup(given);
    }
    if (util_path_exists("book.yaml")) return util_xstrdup("book.yaml");
    if (util_path_exists("content/book.yaml")) return util_xstrdup("content/book.yaml");
    diag_report_hint(DIAG_ERROR, NULL, 0, 0, "run it where book.yaml is, or pass -c path/to/book.yaml",
                     "no book.yaml in the current directory or in content/");
    return NULL;
}

char *project_data_path(const project *p, const char *rel) { return util_path_join(p->data, rel); }

static void project_load_chapters(project *p)
{
    const book *bk = &p->bk;
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal); /* path → first entry */
    for (size_t i = 0; i < bk->n_chapters; i++) {
        const book_chapter *bc = &bk->chapters[i];
        const book_chapter *first = g_hash_table_lookup(seen, bc->path);
        if (first) {
            diag_error(bk->config_path, bc->line, bc->col, "chapter '%s' is listed twice (first at line %d)", bc->file,
                       first->line);
            continue;
        }
        g_hash_table_insert(seen, bc->path, (void *)bc);
        if (util_path_is_loop(bc->path)) {
            diag_error(bk->config_path, bc->line, bc->col, "chapter '%s' is a symbolic link loop", bc->file);
            continue;
        }
        if (!util_path_exists(bc->path)) {
            diag_report_hint(DIAG_ERROR, bk->config_path, bc->line, bc->col, "paths are relative to the directory of book.yaml",
                             "chapter file not found: %s", bc->file);
            continue;
        }
        if (util_is_dir(bc->path)) {
            diag_error(bk->config_path, bc->line, bc->col, "chapter '%s' is a directory, not a Markdown file", bc->file);
            continue;
        }
        if (!util_is_file(bc->path)) { /* a FIFO or a device is never opened */
            diag_error(bk->config_path, bc->line, bc->col, "chapter '%s' is not a regular file", bc->file);
            continue;
        }
        if (!util_path_inside(bc->path, bk->root)) {
            diag_report_hint(DIAG_ERROR, bk->config_path, bc->line, bc->col,
                             "chapters are read only from the book's folder; set 'root:' in book.yaml to widen it",
                             "chapter '%s' is outside the book's folder (%s)", bc->file, bk->root);
            continue;
        }
        source_load_in(&p->chs[i], p->files, bc->path, bc->path); /* on errors it is marked failed */
        mathsrc_index(&p->chs[i]);
    }
    g_hash_table_destroy(seen);
    /* Two chapters may share a file name (a README.md in every folder): links by
     * path tell them apart, and each gets its own destination names. */
    GHashTable *slugs = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < bk->n_chapters; i++) {
        source_chapter *ch = &p->chs[i];
        if (!ch->slug) continue;
        for (int k = 2; g_hash_table_contains(slugs, ch->slug) && k < INT_MAX; k++) {
            char *base = util_path_stem(ch->file);
            free(ch->slug);
            ch->slug = util_printf("%s-%d", base, k);
            free(base);
        }
        g_hash_table_add(slugs, ch->slug);
    }
    g_hash_table_destroy(slugs);
}

/* The book.yaml text to use instead of a file, or NULL to read p->config:
 * Markdown files named on the command line, or a folder without book.yaml. */
static char *project_implicit(project *p, const char *config, char **inputs, size_t n_inputs, bool *ok)
{
    char *error = NULL, *yaml = NULL;
    *ok = true;
    if (n_inputs == 1 && util_is_dir(inputs[0])) {
        config = inputs[0];
        n_inputs = 0;
    }
    if (n_inputs) {
        if (config) {
            diag_error(NULL, 0, 0, "give either -c/--config or Markdown files, not both");
            *ok = false;
            return NULL;
        }
        yaml = implicit_book_for_files(p->files, inputs, n_inputs, &error);
        if (yaml) p->config = util_xstrdup("book.yaml");
    } else {
        const char *dir = config && util_is_dir(config) ? config : NULL;
        char *found = NULL;
        if (dir) {
            found = util_path_join(dir, "book.yaml");
            if (!util_path_exists(found)) {
                free(found);
                found = NULL;
            }
        } else if (!config && !util_path_exists("book.yaml") && !util_path_exists("content/book.yaml")) {
            dir = "."; /* plain Markdown in the current directory */
        }
        if (found || !dir) {
            p->config = found ? found : project_find_config(config);
            *ok = p->config != NULL;
            return NULL;
        }
        yaml = implicit_book_for_dir(p->files, dir, &error);
        if (yaml) p->config = util_path_join(dir, "book.yaml");
    }
    if (!yaml) {
        diag_report_hint(DIAG_ERROR, n_inputs ? inputs[0] : config ? config : ".", 0, 0,
                         "run `mlsd-guide init` in a folder of Markdown to write a book.yaml", "%s", error);
        *ok = false;
    }
    free(error);
    return yaml;
}

bool project_open(project *p, const char *config, char **inputs, size_t n_inputs, const char *argv0)
{
    env e = {0};
    env_read(&e);
    bool ok = project_open_in(p, NULL, &e, config, inputs, n_inputs, argv0);
    env_free(&e);
    return ok;
}

bool project_open_in(project *p, files *fs, const env *e, const char *config, char **inputs, size_t n_inputs,
                     const char *argv0)
{
    memset(p, 0, sizeof *p);
    p->files = fs;
    bool found = false;
    char *yaml = project_implicit(p, config, inputs, n_inputs, &found);
    if (!found) return false;
    p->data = datadir_find(e->data, argv0);
    if (!p->data) {
        diag_report_hint(DIAG_ERROR, NULL, 0, 0, "set MLSD_GUIDE_DATA to the directory holding templates/ and fonts/",
                         "cannot find the shared data (templates/theme.yaml)");
        return false;
    }
    char *theme_path = project_data_path(p, "templates/theme.yaml");
    bool ok = book_load_in(&p->bk, fs, p->config, yaml, theme_path);
    free(yaml);
    free(theme_path);
    p->have_book = true;
    char *kinds_dir = project_data_path(p, "templates/kinds");
    if (!kinds_load_in(&p->kinds, fs, kinds_dir)) ok = false;
    free(kinds_dir);
    if (!ok) return false;
    p->chs = util_xcalloc(p->bk.n_chapters, sizeof *p->chs);
    project_load_chapters(p);
    check_book(&p->bk, p->chs, p->bk.n_chapters, &p->kinds);
    bookindex_collect(&p->index, &p->bk, p->chs, p->bk.n_chapters);
    const char *dump = getenv("MLSD_DUMP");
    if (dump && !strcmp(dump, "model")) bookindex_dump(&p->index, stderr);
    return true;
}

void project_close(project *p)
{
    bookindex_free(&p->index);
    if (p->chs)
        for (size_t i = 0; i < p->bk.n_chapters; i++) source_free(&p->chs[i]);
    free(p->chs);
    kinds_free(&p->kinds);
    if (p->have_book) book_free(&p->bk);
    free(p->config);
    free(p->data);
    memset(p, 0, sizeof *p);
}
