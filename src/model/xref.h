/* xref — link targets: an external URL, a chapter, a heading, a table caption
 * or an anchor in the book; and the PDF destination name for each. Shared by
 * `check` (which reports bad targets) and layout (which makes the links). */
#ifndef MLSD_XREF_H
#define MLSD_XREF_H

#include <stdbool.h>
#include <stddef.h>

#include "source.h"

typedef enum {
    XREF_EXTERNAL,       /* a URL with a scheme: http:, mailto:, … */
    XREF_INTERNAL,       /* a chapter or an id in one */
    XREF_EMPTY,          /* no target at all */
    XREF_LOCAL_FILE,     /* a relative path that is not a chapter (cannot be followed in the PDF) */
    XREF_NO_CHAPTER,     /* "x.md…" for a chapter not in the book */
    XREF_NO_ID           /* a chapter without that heading, caption or anchor */
} xref_kind;

typedef struct xref_target {
    xref_kind kind;
    char *dest;                       /* destination name (internal) or the URL (external); else NULL */
    const source_chapter *chapter;    /* internal, no-id: the chapter */
    const source_heading *heading;    /* when the id is a heading */
    const source_caption *caption;    /* when the id is a table caption */
    char *id;                         /* decoded id ("" for the chapter itself) */
    char *file;                       /* decoded file part ("" within the chapter) */
} xref_target;

/* Resolves url as written in chapter `from` against the book's chapters. */
void xref_resolve(source_chapter *chapters, size_t n, const source_chapter *from, const char *url, xref_target *out);
void xref_free(xref_target *t);

/* Destination name for an id in a chapter ("" id = the chapter itself):
 * ASCII only and safe inside a Cairo tag attribute. */
char *xref_dest_name(const char *chapter_slug, const char *id);

#endif
