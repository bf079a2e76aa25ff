#include "world.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

void world_init(world *w)
{
    memset(w, 0, sizeof *w);
    w->figures = figure_cache_new();
    w->assign = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
    w->files = files_new();
    w->memos = g_hash_table_new_full(g_str_hash, g_str_equal, free, (GDestroyNotify)layout_memo_free);
}

void world_begin(world *w)
{
    env_read(&w->env);
    diag_set_no_color(w->env.no_color);
}

static void world_close_fonts(world *w)
{
    for (size_t i = 0; i < w->n_workers; i++) layout_cache_free(w->caches ? w->caches[i] : NULL);
    free(w->caches);
    w->caches = NULL;
    /* Figures hold no fonts, but SVG text was measured with them: decode them again. */
    figure_cache_clear(w->figures);
    if (w->assign) g_hash_table_remove_all(w->assign); /* the threads' caches are gone */
    if (w->memos) g_hash_table_remove_all(w->memos);   /* and the contexts the kept chapters' layouts are in */
    for (size_t j = 1; j < w->n_workers; j++) fonts_close(&w->workers[j]);
    free(w->workers);
    w->workers = NULL;
    w->n_workers = 0;
    if (w->have_fonts) fonts_close(&w->main);
    w->have_fonts = false;
    free(w->font_dir);
    free(w->font_stamp);
    w->font_dir = w->font_stamp = NULL;
}

void world_free(world *w)
{
    world_close_fonts(w);
    figure_cache_free(w->figures);
    if (w->assign) g_hash_table_destroy(w->assign);
    if (w->memos) g_hash_table_destroy(w->memos);
    page_destmap_free(&w->last_map);
    hyphen_close(w->hyph);
    free(w->hyph_key);
    files_free(w->files);
    env_free(&w->env);
    memset(w, 0, sizeof *w);
}

bool world_fonts(world *w, const char *dir, size_t jobs)
{
    if (jobs < 1) jobs = 1;
    char *stamp = fonts_stamp(dir);
    bool same = w->have_fonts && !strcmp(w->font_dir, dir) && !strcmp(w->font_stamp, stamp);
    if (same && w->n_workers >= jobs) {
        free(stamp);
        return true;
    }
    if (!same) {
        world_close_fonts(w);
        if (!fonts_open(&w->main, dir)) {
            free(stamp);
            return false;
        }
        w->have_fonts = true;
        w->font_dir = util_xstrdup(dir);
        w->font_stamp = stamp;
        w->n_workers = 1;
        w->workers = util_xcalloc(1, sizeof *w->workers);
        w->caches = util_xcalloc(1, sizeof *w->caches);
        w->caches[0] = layout_cache_new();
    } else {
        free(stamp);
    }
    /* More threads than before: sets for the new ones, made before any thread starts. */
    w->workers = util_xrealloc(w->workers, jobs * sizeof *w->workers);
    w->caches = util_xrealloc(w->caches, jobs * sizeof *w->caches);
    for (size_t j = w->n_workers; j < jobs; j++) {
        if (!fonts_open_worker(&w->workers[j], &w->main)) break;
        w->caches[j] = layout_cache_new();
        w->n_workers = j + 1;
    }
    return true;
}

hyphen *world_hyphen(world *w, const char *dir, const char *language, int min_left, int min_right, int min_word)
{
    /* The pattern file's content hash in the key: `watch` loads edited patterns again. */
    char *path = language ? hyphen_find(dir, language) : NULL;
    files_digest hash;
    char hex[FILES_HEX_LEN + 1] = "";
    if (path && files_hash(w->files, path, HYPHEN_MAX_DIC_BYTES, &hash)) files_hex(&hash, hex);
    free(path);
    char *key = util_printf("%s\n%s\n%d %d %d\n%s", dir, language ? language : "", min_left, min_right, min_word, hex);
    if (w->hyph_key && !strcmp(w->hyph_key, key)) {
        free(key);
        return w->hyph;
    }
    hyphen_close(w->hyph);
    free(w->hyph_key);
    w->hyph = hyphen_open_in(w->files, dir, language, min_left, min_right, min_word);
    w->hyph_key = key;
    return w->hyph;
}

void world_sweep(world *w)
{
    figure_cache_sweep(w->figures);
    files_sweep(w->files);
}

int *world_assignment(const world *w, const char *const *paths, size_t n)
{
    int *a = util_xmalloc((n ? n : 1) * sizeof *a);
    /* A chapter that failed to load has no path. */
    for (size_t i = 0; i < n; i++) a[i] = paths[i] ? (int)GPOINTER_TO_INT(g_hash_table_lookup(w->assign, paths[i])) - 1 : -1;
    return a;
}

void world_remember_assignment(world *w, const char *const *paths, const int *assign, size_t n)
{
    g_hash_table_remove_all(w->assign);
    for (size_t i = 0; i < n; i++)
        if (paths[i] && assign[i] >= 0) g_hash_table_insert(w->assign, util_xstrdup(paths[i]), GINT_TO_POINTER(assign[i] + 1));
}

void world_remember_pages(world *w, const page_destmap *m, bool refs)
{
    w->last_refs = refs;
    page_destmap_free(&w->last_map);
    page_destmap_copy(&w->last_map, m);
    w->has_last_map = true;
}
