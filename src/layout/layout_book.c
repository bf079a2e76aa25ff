/* layout_book — the body on every core: each chapter is laid out on its own
 * (layout_unit) into its own vertical list, references and diagnostics, on one
 * of the worker threads, and handed on in chapter order as soon as it is done
 * (then paginated, drawn and freed: a few chapters are in memory at a time).
 *
 * A chapter goes to the same worker in every pass (its cached paragraph layouts
 * belong to that worker's Pango context): workers get chapters by size, largest
 * first, each to the least loaded one. Pango, fontconfig and HarfBuzz objects
 * are never shared between threads; Graphviz and the figure cache lock. */
#include "layout_int.h"

#include <glib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The cost of a chapter beyond its words (title, setup), in words, for sharing the work. */
#define LAYOUT_BOOK_CHAPTER_COST 200.0
/* How many chapters past the one handed on next a thread may lay out (and hold) ahead. */
#define LAYOUT_BOOK_AHEAD 4

typedef struct layout_book_run layout_book_run;

typedef struct layout_worker {
    layout_book_run *run;
    size_t index;
    size_t *chapters; /* in book order */
    size_t n;
    double load;
} layout_worker;

struct layout_book_run {
    const layout_input *in;
    vlist *lists;      /* one per chapter */
    util_buf *refs;    /* one per chapter */
    diag_sink *sinks;  /* one per chapter */
    bool *ready;       /* one per chapter: laid out, not yet handed on */
    layout_worker *workers;
    pthread_mutex_t lock; /* for progress and hand-over (POSIX, not GMutex: ThreadSanitizer sees it) */
    pthread_cond_t changed; /* a chapter is ready, or one was handed on */
    size_t next;          /* the chapter to hand on next */
    size_t done;
    layout_progress_fn progress;
    void *user;
};

static void layout_book_chapter(layout_book_run *r, size_t w, size_t i)
{
    layout_input in = *r->in;
    in.pc = w ? r->in->workers[w].context : r->in->pc;
    in.cache = r->in->caches ? r->in->caches[w] : NULL;
    diag_sink_set(&r->sinks[i]);
    if (in.memos) layout_memo_unit(&in, w, i, &r->lists[i], &r->refs[i], &r->sinks[i]);
    else layout_unit(&in, i, &r->lists[i], &r->refs[i]);
    diag_sink_set(NULL);
    pthread_mutex_lock(&r->lock);
    r->done++;
    r->ready[i] = true;
    if (r->progress) r->progress(r->done, r->in->n, r->user);
    pthread_cond_broadcast(&r->changed);
    pthread_mutex_unlock(&r->lock);
}

/* Waits until chapter i is close enough to the next one handed on. */
static void layout_book_wait_turn(layout_book_run *r, size_t i)
{
    pthread_mutex_lock(&r->lock);
    while (i >= r->next + LAYOUT_BOOK_AHEAD) pthread_cond_wait(&r->changed, &r->lock);
    pthread_mutex_unlock(&r->lock);
}

static gpointer layout_book_worker(gpointer data)
{
    layout_worker *w = data;
    /* librsvg and Graphviz measure text with the thread's default font map. */
    fonts_enter_thread(&w->run->in->workers[w->index]);
    for (size_t k = 0; k < w->n; k++) {
        layout_book_wait_turn(w->run, w->chapters[k]);
        layout_book_chapter(w->run, w->index, w->chapters[k]);
    }
    fonts_leave_thread();
    return NULL;
}

static int layout_book_by_size(const void *a, const void *b, void *data)
{
    const source_chapter *chs = data;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    size_t sx = chs[x].words, sy = chs[y].words;
    if (sx != sy) return sx > sy ? -1 : 1;
    return x < y ? -1 : x > y;
}

static int layout_book_cmp_index(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* A chapter stays with the worker it had last time (in->assign: `watch` keeps its cached layouts
 * there); the others go largest first, each to the least loaded worker (ties: the lower index). */
static void layout_book_assign(const layout_input *in, layout_worker *w, size_t nw)
{
    size_t *order = util_xmalloc((in->n ? in->n : 1) * sizeof *order);
    double words = 0;
    for (size_t i = 0; i < in->n; i++) {
        order[i] = i;
        words += (double)in->chapters[i].words + LAYOUT_BOOK_CHAPTER_COST;
    }
    /* Worker 0 is the calling thread, which also does what take does with every chapter. */
    if (nw > 1) w[0].load = in->take_cost * words;
    g_qsort_with_data(order, (gint)in->n, sizeof *order, layout_book_by_size, in->chapters);
    for (int pinned = 1; pinned >= 0; pinned--)
        for (size_t k = 0; k < in->n; k++) {
            size_t i = order[k];
            int prev = in->assign ? in->assign[i] : -1;
            bool has = prev >= 0 && (size_t)prev < nw;
            if (has != (bool)pinned) continue;
            size_t best = has ? (size_t)prev : 0;
            for (size_t j = 1; !has && j < nw; j++)
                if (w[j].load < w[best].load) best = j;
            w[best].chapters[w[best].n++] = i;
            /* Each chapter also costs its title page and its setup. */
            w[best].load += (double)in->chapters[i].words + LAYOUT_BOOK_CHAPTER_COST;
            if (in->assign) in->assign[i] = (int)best;
        }
    for (size_t j = 0; j < nw; j++) qsort(w[j].chapters, w[j].n, sizeof *w[j].chapters, layout_book_cmp_index);
    free(order);
}

/* One attempt: chapters on nw workers, handed to take in order on this thread, which lays out
 * worker 0's chapters in between. No thread waits for ever: the chapter handed on next is
 * never held back, and its thread has laid out all of its earlier ones. */
static void layout_book_pass(layout_book_run *r, size_t nw, layout_take_fn take, void *take_user)
{
    const layout_input *in = r->in;
    size_t n = in->n;
    r->workers = util_xcalloc(nw, sizeof *r->workers);
    for (size_t j = 0; j < nw; j++) {
        r->workers[j].run = r;
        r->workers[j].index = j;
        r->workers[j].chapters = util_xmalloc((n ? n : 1) * sizeof(size_t));
    }
    layout_book_assign(in, r->workers, nw);
    r->next = 0;
    /* Worker 0 is the calling thread (its fonts are in->pc's); the others get threads of their own. */
    GThread **threads = util_xcalloc(nw, sizeof *threads);
    for (size_t j = 1; j < nw; j++) threads[j] = g_thread_new("layout", layout_book_worker, &r->workers[j]);
    layout_worker *own = &r->workers[0];
    size_t k0 = 0;
    while (r->next < n) {
        size_t i = r->next;
        pthread_mutex_lock(&r->lock);
        bool ready = r->ready[i];
        pthread_mutex_unlock(&r->lock);
        if (ready) {
            diag_sink_flush(&r->sinks[i]);
            diag_sink_free(&r->sinks[i]);
            take(i, &r->lists[i], &r->refs[i], take_user);
            vlist_free(&r->lists[i]);
            util_buf_free(&r->refs[i]);
            pthread_mutex_lock(&r->lock);
            r->ready[i] = false;
            r->next++;
            pthread_cond_broadcast(&r->changed);
            pthread_mutex_unlock(&r->lock);
            continue;
        }
        if (k0 < own->n && own->chapters[k0] < i + LAYOUT_BOOK_AHEAD) {
            layout_book_chapter(r, 0, own->chapters[k0++]);
            continue;
        }
        pthread_mutex_lock(&r->lock);
        while (!r->ready[i]) pthread_cond_wait(&r->changed, &r->lock);
        pthread_mutex_unlock(&r->lock);
    }
    for (size_t j = 1; j < nw; j++) g_thread_join(threads[j]);
    free(threads);
    for (size_t j = 0; j < nw; j++) free(r->workers[j].chapters);
    free(r->workers);
    r->workers = NULL;
}

bool layout_body(const layout_input *in, layout_take_fn take, void *take_user, layout_progress_fn progress, void *user)
{
    size_t n = in->n;
    size_t nw = in->workers && in->n_workers > 1 ? in->n_workers : 1;
    if (nw > n) nw = n ? n : 1;
    /* Which images the book's pixel budget leaves out depends on the order they are met:
     * once it was exceeded, the book is laid out on one thread, in order. */
    if (figure_cache_refused(in->figures)) nw = 1;
    layout_book_run r = {.in = in, .progress = progress, .user = user};
    r.lists = util_xcalloc(n ? n : 1, sizeof *r.lists);
    r.refs = util_xcalloc(n ? n : 1, sizeof *r.refs);
    r.sinks = util_xcalloc(n ? n : 1, sizeof *r.sinks);
    r.ready = util_xcalloc(n ? n : 1, sizeof *r.ready);
    pthread_mutex_init(&r.lock, NULL);
    pthread_cond_init(&r.changed, NULL);
    layout_book_pass(&r, nw, take, take_user);
    bool again = nw > 1 && figure_cache_refused(in->figures);
    if (again) {
        figure_cache_clear(in->figures);
        for (size_t j = 0; in->caches && j < nw; j++) layout_cache_clear(in->caches[j]);
    }
    for (size_t j = 0; in->caches && j < nw; j++) layout_cache_sweep(in->caches[j]);
    /* Which images the total left out depends on the order they were met: no kept chapter
     * stands for a fresh layout then. */
    for (size_t i = 0; in->memos && i < n && (again || figure_cache_refused(in->figures)); i++) {
        layout_memo_free(in->memos->slots[i]);
        in->memos->slots[i] = NULL;
        in->memos->reused[i] = false;
    }
    pthread_cond_destroy(&r.changed);
    pthread_mutex_destroy(&r.lock);
    free(r.lists);
    free(r.refs);
    free(r.sinks);
    free(r.ready);
    return !again;
}
