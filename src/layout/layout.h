/* layout — chapters (cmark-gfm ASTs) → one vertical list of boxes.
 * Pango measures and breaks text here; nothing is drawn. */
#ifndef MLSD_LAYOUT_H
#define MLSD_LAYOUT_H

#include <pango/pango.h>
#include <stdbool.h>

#include "book.h"
#include "diag.h"
#include "bookindex.h"
#include "figure.h"
#include "fonts.h"
#include "highlight.h"
#include "hyphen.h"
#include "source.h"
#include "vlist.h"

#include "util.h"

typedef void (*layout_progress_fn)(size_t done, size_t total, void *user);

/* Paragraph layouts kept from one pass to the next: a paragraph whose text,
 * style, width and targets did not change is not shaped again. */
typedef struct layout_cache layout_cache;
layout_cache *layout_cache_new(void);
void layout_cache_free(layout_cache *c);
/* Forgets every layout (they belong to the Pango context that made them). */
void layout_cache_clear(layout_cache *c);
/* Forgets the layouts not used since the last sweep (after each pass: a `watch`
 * rebuild then finds what the last pass made, and nothing older piles up). */
void layout_cache_sweep(layout_cache *c);

/* Chapter layouts kept (layout_memo.c): a chapter's list, page references and diagnostics, with
 * the fingerprint of what it was laid out from (the caller's), the page labels it printed, the
 * image files it read and the thread it was laid out on. A chapter laid out again on the same
 * thread, from the same fingerprint, with the same labels for its page references and the same
 * image files is handed over as a copy of its memo, its diagnostics reported again. */
typedef struct layout_memo layout_memo;
void layout_memo_free(layout_memo *m);
typedef struct layout_memos {
    layout_memo **slots;     /* per chapter: its memo or NULL; during layout_body a slot is only
                                touched by the thread laying its chapter out */
    const char *const *keys; /* per chapter: the fingerprint of its inputs; NULL: none kept */
    bool *reused;            /* per chapter: handed over from its memo in the last layout_body */
    bool keep_citing;        /* also keep the layouts of chapters that print page numbers (`watch`); a
                                build lays them out again in a later pass anyway, and keeps only
                                their diagnostics */
} layout_memos;

typedef struct layout_input {
    const book *bk;
    source_chapter *chapters; /* numbered by number_book, resolved by resolve_book (ch->model) */
    size_t n;
    PangoContext *pc;
    const page_destmap *pages; /* page labels from the previous pass, or NULL on the first */
    hyphen *hyph;              /* hyphenation patterns for the book's language, or NULL */
    figure_cache *figures;     /* decoded images and laid-out diagrams, kept across passes */
    files *files;              /* the store images are read through (the world's; may be NULL) */
    layout_cache *cache;       /* paragraph layouts for layout_unit (may be NULL) */
    layout_cache **caches;     /* layout_body's: one per thread (a cache is only used by its thread), or NULL */
    const fonts *workers;      /* font sets of layout threads 1 … n_workers-1 ([0] is unused: thread 0 is the caller, with pc) */
    size_t n_workers;          /* threads to use (0 or 1: only the calling thread) */
    int *assign;               /* per chapter: its thread in the last layout (-1: none), updated; may be NULL */
    hl_registry *highlight;    /* language definitions for code blocks, loaded on first use; shared, it locks (may be NULL) */
    const bookindex *index;    /* the marked index terms (may be NULL) */
    double take_cost;          /* the work of layout_body's take (drawing) per word laid out, as a share of
                                  laying it out: the calling thread, which does it, lays out less */
    layout_memos *memos;       /* layout_body's chapter layouts kept and reused (may be NULL) */
} layout_input;

/* Lays out the body: parts and chapters in order. Problems found on the way
 * (unknown link targets, images that cannot be loaded, unsupported HTML) are
 * reported as diagnostics; the lists are complete even then.
 * Chapters are laid out on in->n_workers threads, each chapter on the same
 * thread in every pass, and handed to take on the calling thread in book order,
 * each with its vertical list and the destination of every page reference it
 * printed (one per line, so the caller can tell whether the page numbers were
 * the final ones); both are freed when take returns, and the chapter's
 * diagnostics are reported just before. The lists, the diagnostics and the
 * references are the same whatever the number of threads.
 * Returns false when the pass must be made again (the book's image budget ran
 * out with several threads: its images are then taken in order, on one thread). */
typedef void (*layout_take_fn)(size_t chapter, vlist *list, util_buf *refs, void *user);
bool layout_body(const layout_input *in, layout_take_fn take, void *take_user, layout_progress_fn progress, void *user);
/* One chapter (and the part it opens) on its own, with in->pc: the unit of layout_body.
 * Touches nothing shared but the figure cache (which locks). */
void layout_unit(const layout_input *in, size_t i, vlist *out, util_buf *refs);

/* Lays out the Index chapter after the body (nothing when the book has no index), its page
 * numbers from in->pages; the destinations of the marks it cites are added to refs. */
void layout_index(const layout_input *in, vlist *out, util_buf *refs);
/* The destination name of the Index chapter. */
#define LAYOUT_INDEX_DEST "index"

/* Lays out the front matter: title page and table of contents (page numbers from in->pages,
 * their destinations added to refs, one per line). */
void layout_front(const layout_input *in, vlist *out, util_buf *refs);

/* What a page reference prints before any page number is known (the first pass): a number as
 * wide as most of the book's will be, guessed from its length (out: at least
 * LAYOUT_PAGE_GUESS_MAX bytes). */
enum { LAYOUT_PAGE_GUESS_MAX = 8 };
void layout_page_guess(const source_chapter *chs, size_t n, char *out, size_t cap);

/* Destination name for an id in a chapter ("" id = the chapter itself).
 * ASCII only and safe inside a Cairo tag attribute. */
char *layout_dest_name(const char *chapter_slug, const char *id);

#endif
