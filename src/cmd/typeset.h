/* typeset — the passes of a build, chapter by chapter. Every pass is drawn as it goes: each
 * chapter laid out, paginated, drawn and freed (a pass keeps only where each destination
 * landed), then the index and last the front matter, which prints this pass's page numbers
 * and is moved before the body when the file is finished. A pass is the PDF when every page
 * number the body printed is where its target landed (a book without page references in its
 * text is done in one pass, whatever its length: the contents and the index print the numbers
 * of their own pass); a pass that printed a number known to be wrong stops drawing and only
 * finds the numbers for the next. So a few chapters' layouts are in memory at a time, whatever
 * the length of the book. A book of up to TYPESET_KEEP_WORDS also keeps each chapter's layout
 * (typeset_memo.c, layout_memo.c): a later pass, or the next `watch` rebuild, lays out again only
 * the chapters whose inputs or printed page numbers changed. A `watch` rebuild starts from the
 * page numbers of the last good build, so its first pass is usually the PDF. */
#ifndef MLSD_TYPESET_H
#define MLSD_TYPESET_H

#include <stdbool.h>

#include "book.h"
#include "bookindex.h"
#include "highlight.h"
#include "hyphen.h"
#include "layout.h"
#include "pdf.h"
#include "source.h"
#include "world.h"

typedef struct typeset {
    const book *bk;
    source_chapter *chapters;
    world *w;
    layout_input in;
    page_destmap map;          /* where the destinations were in the last pass */
    const char **paths;        /* the chapters' paths, for the thread assignment */
    layout_progress_fn progress;
    void *progress_user;
    int passes;
    size_t n_pages;            /* of the PDF written */
    double t_draw;             /* seconds spent drawing and finishing the PDF */
    long peak_drawn_kb;        /* peak RSS when the last page was drawn (before pdf_finish) */
    bool strict;               /* a link went to a missing name: links only to the names of the last pass */
    char **names;              /* the destination names of the last pass (sorted) */
    size_t n_names;
    /* Chapter layouts kept from pass to pass (and, in the world, from build to build) when the
     * book is short enough to hold them (TYPESET_KEEP_WORDS): typeset_memo.c. */
    layout_memos memos;
    char **memo_keys;          /* per chapter: the fingerprint of its inputs */
    size_t laid_out, reused;   /* chapters over all passes: laid out, handed over from a memo */
    bool from_last;            /* `watch`: the passes started from the last build's page numbers */
} typeset;

/* Numbers and resolves the book; the passes are made by typeset_write. data_dir holds the
 * templates (for the chapters' fingerprints). A world that kept the page numbers of its last
 * good build (`watch`) starts from them, so the first pass prints them. */
bool typeset_begin(typeset *t, const book *bk, source_chapter *chs, const bookindex *ix, world *w, size_t jobs, hyphen *hy,
                   hl_registry *hl, const char *data_dir, layout_progress_fn progress, void *user);
/* The passes, into the file at path (problems reported under shown_path), until
 * the page numbers are stable; MLSD_DUMP=vlist or pages prints the last one. False on failure.
 * Before the file is finished (pdf_finish reads it whole), what the layout no longer needs is
 * freed: the chapters' parse trees, and when the world serves one build, its kept layouts. */
bool typeset_write(typeset *t, const pdf_meta *meta, const char *path, const char *shown_path);
/* (meta NULL: one pass is laid out only, for its diagnostics, and false returned.) */
void typeset_end(typeset *t, world *w);

/* typeset_memo.c: the chapters' fingerprints and memos (from the world's, when allowed; else
 * the world's are dropped and none are kept). */
void typeset_memo_begin(typeset *t, const char *data_dir, bool allowed);
/* After a layout of the body: how many chapters were laid out and how many handed over. */
void typeset_memo_count(typeset *t);
/* Frees the memos (a build that does not keep them, before its PDF is finished). */
void typeset_memo_drop(typeset *t);
/* Gives the memos to the world (`watch`) or frees them. */
void typeset_memo_end(typeset *t);

#endif
