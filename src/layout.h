/* layout — chapters (cmark-gfm ASTs) → one vertical list of boxes.
 * Pango measures and breaks text here; nothing is drawn. */
#ifndef MLSD_LAYOUT_H
#define MLSD_LAYOUT_H

#include <pango/pango.h>
#include <stdbool.h>

#include "book.h"
#include "source.h"
#include "vlist.h"

typedef void (*layout_progress_fn)(size_t done, size_t total, void *user);

/* Lays out the title page, parts and chapters in order. Problems found on the
 * way (unknown link targets, images that cannot be loaded, unsupported HTML)
 * are reported as diagnostics; the list is complete even then. */
void layout_book(const book *bk, source_chapter *chapters, size_t n, PangoContext *pc, vlist *out,
                 layout_progress_fn progress, void *user);

/* A one-line layout for running text outside the flow (page numbers). */
PangoLayout *layout_simple(PangoContext *pc, const char *family, double size, bool bold, const char *text);

/* Destination name for an id in a chapter ("" id = the chapter itself).
 * ASCII only and safe inside a Cairo tag attribute. */
char *layout_dest_name(const char *chapter_slug, const char *id);

#endif
