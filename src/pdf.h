/* pdf — pages → a PDF file with Cairo: drawing, links, named destinations,
 * outline, page labels and document metadata. */
#ifndef MLSD_PDF_H
#define MLSD_PDF_H

#include <stdbool.h>
#include <time.h>

#include "book.h"
#include "pages.h"

typedef struct pdf_meta {
    const char *title, *author, *subject, *keywords, *creator;
    time_t date; /* creation and modification date */
} pdf_meta;

/* Writes doc to path. Reports problems; returns false on failure. */
bool pdf_write(const page_doc *doc, const pdf_meta *meta, const char *path);

/* Escapes ' and \ for a Cairo tag attribute value (newly allocated). */
char *pdf_escape_attr(const char *s);

#endif
