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
    const char *language; /* BCP 47 tag ("en", "de-CH"), or NULL */
    time_t date; /* creation and modification date */
} pdf_meta;

/* Writes doc to path (a temporary file); problems are reported under shown_path,
 * the name the user asked for. Returns false on failure. */
bool pdf_write(const page_doc *doc, const pdf_meta *meta, const char *path, const char *shown_path);

/* A URI safe inside a cairo attribute and a PDF string: every byte that could end
 * either (quotes, backslash, parentheses), controls, spaces and non-ASCII bytes
 * percent-encoded (newly allocated). */
char *pdf_uri_escape(const char *s);
/* A destination name as ASCII letters, digits, '-', '_', '.', the rest %XX. */
char *pdf_dest_name(const char *s);

#endif
