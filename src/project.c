#include "project.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "datadir.h"
#include "diag.h"
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
        if (!util_path_exists(bc->path)) {
            diag_report_hint(DIAG_ERROR, bk->config_path, bc->line, bc->col, "paths are relative to the directory of book.yaml",
                             "chapter file not found: %s", bc->file);
            continue;
        }
        if (util_is_dir(bc->path)) {
            diag_error(bk->config_path, bc->line, bc->col, "chapter '%s' is a directory, not a Markdown file", bc->file);
            continue;
        }
        source_load(&p->chs[i], bc->path, bc->path); /* on errors it is marked failed */
    }
    g_hash_table_destroy(seen);
    /* Links name chapters by file name, so two chapters may not share one. */
    for (size_t i = 0; i < bk->n_chapters; i++)
        for (size_t j = 0; j < i; j++)
            if (p->chs[i].file && p->chs[j].file && !strcmp(p->chs[i].file, p->chs[j].file) &&
                strcmp(bk->chapters[i].path, bk->chapters[j].path)) {
                diag_error(bk->config_path, bk->chapters[i].line, bk->chapters[i].col,
                           "two chapters are named '%s'; chapter file names must be unique", p->chs[i].file);
            }
}

bool project_open(project *p, const char *config, const char *argv0)
{
    memset(p, 0, sizeof *p);
    p->config = project_find_config(config);
    if (!p->config) return false;
    p->data = datadir_find(argv0);
    if (!p->data) {
        diag_report_hint(DIAG_ERROR, NULL, 0, 0, "set MLSD_GUIDE_DATA to the directory holding templates/ and fonts/",
                         "cannot find the shared data (templates/theme.yaml)");
        return false;
    }
    char *theme_path = project_data_path(p, "templates/theme.yaml");
    bool ok = book_load(&p->bk, p->config, theme_path);
    free(theme_path);
    p->have_book = true;
    char *kinds_dir = project_data_path(p, "templates/kinds");
    if (!kinds_load(&p->kinds, kinds_dir)) ok = false;
    free(kinds_dir);
    if (!ok) return false;
    p->chs = util_xcalloc(p->bk.n_chapters, sizeof *p->chs);
    project_load_chapters(p);
    check_book(&p->bk, p->chs, p->bk.n_chapters, &p->kinds);
    return true;
}

void project_close(project *p)
{
    if (p->chs)
        for (size_t i = 0; i < p->bk.n_chapters; i++) source_free(&p->chs[i]);
    free(p->chs);
    kinds_free(&p->kinds);
    if (p->have_book) book_free(&p->bk);
    free(p->config);
    free(p->data);
    memset(p, 0, sizeof *p);
}
