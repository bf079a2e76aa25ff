/* layout_memo — chapter layouts kept between passes and `watch` rebuilds (see layout.h).
 *
 * A memo is a copy of what layout_unit made of a chapter: its list, its page references
 * (with the label each had when it was printed), its diagnostics, and the image files it
 * read (path, key with size and time, and the figure, referenced). It is handed over, as a
 * copy, only when all of that would come out the same: the caller's fingerprint of the
 * chapter's inputs (its text, its resolved model, the book's settings, theme and fonts) is
 * the same, every destination it printed the page of has the same label in in->pages, every
 * image file has the same key, and its figures are taken into the cache as a fresh layout
 * takes them (so the book's pixel total and which images it refuses are the same).
 *
 * A memo is used only on the thread that made it: its PangoLayouts belong to that thread's
 * context (cached paragraphs live there too). They are drawn on the main thread as fresh
 * ones are, once the threads are done with them. */
#include "layout_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct layout_memo_fig {
    char *path, *key;
    figure f;
    bool has;
} layout_memo_fig;

struct layout_memo {
    char *key;
    size_t thread;
    vlist list;
    util_buf refs;
    char **labels; /* per line of refs: the label printed (NULL: none) */
    size_t n_labels;
    diag_sink diags;
    layout_memo_fig *figs;
    size_t n_figs, cap_figs;
    bool stub;     /* no layout kept (it printed page numbers): only its diagnostics count */
};

/* The memo being made on this thread (layout_memo_note_figure records into it). */
static _Thread_local layout_memo *layout_memo_rec;

void layout_memo_free(layout_memo *m)
{
    if (!m) return;
    free(m->key);
    vlist_free(&m->list);
    util_buf_free(&m->refs);
    for (size_t i = 0; i < m->n_labels; i++) free(m->labels[i]);
    free(m->labels);
    diag_sink_free(&m->diags);
    for (size_t i = 0; i < m->n_figs; i++) {
        free(m->figs[i].path);
        free(m->figs[i].key);
        if (m->figs[i].has) figure_free(&m->figs[i].f);
    }
    free(m->figs);
    free(m);
}

void layout_memo_note_figure(const char *path, const char *key, const figure *cached)
{
    layout_memo *m = layout_memo_rec;
    if (!m) return;
    layout_memo_fig *g = UTIL_PUSH(m->figs, m->n_figs, m->cap_figs);
    memset(g, 0, sizeof *g);
    g->path = util_xstrdup(path);
    g->key = util_xstrdup(key);
    if (cached) {
        g->has = true;
        g->f = *cached;
        if (g->f.raster) cairo_surface_reference(g->f.raster);
        if (g->f.svg) g_object_ref(g->f.svg);
    }
}

typedef struct layout_memo_walk {
    layout_memo *m;
    const page_destmap *pages;
    size_t k, cap;
} layout_memo_walk;

static bool layout_memo_label_same(const char *name, void *user)
{
    layout_memo_walk *w = user;
    size_t k = w->k++;
    return k < w->m->n_labels && !g_strcmp0(page_destmap_label(w->pages, name), w->m->labels[k]);
}

/* Every destination it printed the page of (one a line in refs) has the label it had then. */
static bool layout_memo_refs_same(const layout_memo *m, const page_destmap *pages)
{
    layout_memo_walk w = {(layout_memo *)m, pages, 0, 0};
    return util_each_line(m->refs.s, layout_memo_label_same, &w);
}

typedef enum { LAYOUT_MEMO_SAME, LAYOUT_MEMO_LABELS, LAYOUT_MEMO_OTHER } layout_memo_check;

/* Whether m stands for a fresh layout of its chapter now; LAYOUT_MEMO_LABELS: it would but for the
 * labels of its page references. */
static layout_memo_check layout_memo_valid(const layout_input *in, const layout_memo *m, const char *key, size_t w)
{
    if (strcmp(m->key, key) || m->thread != w || figure_cache_refused(in->figures)) return LAYOUT_MEMO_OTHER;
    for (size_t i = 0; i < m->n_figs; i++) {
        char *now = layout_image_key(in->files, in->bk->root, m->figs[i].path);
        bool same = !strcmp(now, m->figs[i].key);
        free(now);
        if (!same) return LAYOUT_MEMO_OTHER;
    }
    if (m->stub || !layout_memo_refs_same(m, in->pages)) return LAYOUT_MEMO_LABELS;
    /* Its images go into the cache as a fresh layout puts them there; one refused for the
     * book's total means the chapter is laid out again (and refuses it too). */
    for (size_t i = 0; i < m->n_figs; i++)
        if (m->figs[i].has && !figure_cache_add(in->figures, m->figs[i].key, &m->figs[i].f)) return LAYOUT_MEMO_OTHER;
    return LAYOUT_MEMO_SAME;
}

static bool layout_memo_keep_label(const char *name, void *user)
{
    layout_memo_walk *w = user;
    const char *label = page_destmap_label(w->pages, name);
    *UTIL_PUSH(w->m->labels, w->m->n_labels, w->cap) = label ? util_xstrdup(label) : NULL;
    return true;
}

static void layout_memo_keep_labels(layout_memo *m, const page_destmap *pages)
{
    layout_memo_walk w = {m, pages, 0, 0};
    util_each_line(m->refs.s, layout_memo_keep_label, &w);
}

void layout_memo_unit(const layout_input *in, size_t w, size_t i, vlist *out, util_buf *refs, diag_sink *sink)
{
    layout_memos *ms = in->memos;
    const char *key = ms->keys ? ms->keys[i] : NULL;
    layout_memo *m = ms->slots[i];
    ms->reused[i] = false;
    layout_memo_check how = m && key ? layout_memo_valid(in, m, key, w) : LAYOUT_MEMO_OTHER;
    if (how == LAYOUT_MEMO_SAME) {
        vlist_copy(out, &m->list);
        if (m->refs.len) util_buf_add(refs, m->refs.s, m->refs.len);
        diag_sink_copy(sink, &m->diags);
        ms->reused[i] = true;
        return;
    }
    /* Only page numbers changed: the diagnostics of the layout the memo kept are the chapter's.
     * What a layout reports once per build (a diagram's, drawn once and then taken from the figure
     * cache) is not reported again by a later pass, which is muted (and a fresh build prints its
     * first pass's reports). */
    diag_sink first = {0};
    if (how == LAYOUT_MEMO_LABELS) {
        first = m->diags;
        memset(&m->diags, 0, sizeof m->diags);
    }
    layout_memo_free(m);
    ms->slots[i] = NULL;
    if (!key) {
        layout_unit(in, i, out, refs);
        return;
    }
    m = util_xcalloc(1, sizeof *m);
    m->key = util_xstrdup(key);
    m->thread = w;
    layout_memo_rec = m;
    layout_unit(in, i, out, refs);
    layout_memo_rec = NULL;
    m->stub = refs->len && !ms->keep_citing;
    if (!m->stub) vlist_copy(&m->list, out);
    if (refs->len) util_buf_add(&m->refs, refs->s, refs->len);
    layout_memo_keep_labels(m, in->pages);
    if (how == LAYOUT_MEMO_LABELS) m->diags = first;
    else diag_sink_copy(&m->diags, sink);
    ms->slots[i] = m;
}
