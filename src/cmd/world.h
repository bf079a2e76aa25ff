/* world — what outlives one build: the fonts (the main set and one per layout
 * thread), the decoded figures, the paragraph layouts of each thread and the
 * hyphenation patterns. `build` makes one for its run; `watch` keeps one between
 * rebuilds, so an edit re-shapes only the paragraphs it changed and decodes only
 * the images that changed. It owns all input: every file a build reads goes through its file
 * store (files.h: read once per build, hashed, read again in `watch` only when changed) and the
 * clock and environment are read once per build into env (env.h) and passed down. It also keeps
 * each chapter's layout (layout_memo: a chapter whose inputs and printed page numbers did not
 * change is not laid out again) and the page numbers of the last good build (a rebuild starts
 * from them and draws in its first pass). Fonts are loaded again when their files change, and
 * then every kept layout is dropped. */
#ifndef MLSD_WORLD_H
#define MLSD_WORLD_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

#include "env.h"
#include "figure.h"
#include "files.h"
#include "fonts.h"
#include "hyphen.h"
#include "layout.h"

typedef struct world {
    fonts main;
    bool have_fonts;
    fonts *workers;         /* [1, n_workers): the other layout threads' sets ([0] is unused) */
    size_t n_workers;       /* threads the fonts are made for (at least 1) */
    char *font_dir, *font_stamp;
    figure_cache *figures;
    layout_cache **caches;  /* one per thread, n_workers */
    hyphen *hyph;
    char *hyph_key;         /* "dir\nlanguage\nminimums\nhash" the patterns were loaded for */
    GHashTable *assign;     /* chapter path → 1 + the thread it was laid out on (its layouts are cached there) */
    bool once;              /* made for one build (not `watch`): nothing is kept for a next one */
    files *files;           /* every input file, by path and content hash */
    env env;                /* the clock and environment of the running build (world_begin) */
    GHashTable *memos;      /* chapter path → layout_memo * of the last build (dropped with the fonts) */
    page_destmap last_map;  /* where the destinations were in the last good build (`watch`) */
    bool has_last_map;
    bool last_refs;         /* its chapters printed page references */
} world;

void world_init(world *w);
void world_free(world *w);
/* Before a build: reads the clock and the environment into w->env (and sets the diagnostics'
 * colours from it). */
void world_begin(world *w);
/* The fonts under dir for `jobs` layout threads: the ones already loaded when dir and its
 * files are unchanged, else loaded again (dropping every kept layout). False (reported)
 * when no font loads; fewer threads when a thread's set cannot be made. */
bool world_fonts(world *w, const char *dir, size_t jobs);
/* The hyphenation patterns for language from dir with the theme's letter minimums (kept while
 * all stay the same), or NULL. */
hyphen *world_hyphen(world *w, const char *dir, const char *language, int min_left, int min_right, int min_word);
/* After a build: forgets figures, layouts and files it did not use. */
void world_sweep(world *w);
/* The threads n chapters were laid out on last time (-1: unknown), for layout_input.assign
 * (newly allocated), and the record of this build's. */
int *world_assignment(const world *w, const char *const *paths, size_t n);
void world_remember_assignment(world *w, const char *const *paths, const int *assign, size_t n);
/* After a good build: its page numbers, the next build's first guess (`watch`), and whether
 * its chapters printed page references. */
void world_remember_pages(world *w, const page_destmap *m, bool refs);

#endif
