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

/* The same a few pages at a time, so that pages can be freed once drawn. dests: every
 * destination name of the document, in any order (sorted in place; links and bookmarks to
 * others are left out; borrowed until pdf_writer_end), or NULL when they are not known yet:
 * then every link is drawn (the caller checks that their targets exist) and bookmarks go to
 * the destinations doc holds at pdf_writer_end. NULL when the file cannot be made (reported). */
typedef struct pdf_writer pdf_writer;
pdf_writer *pdf_writer_begin(const pdf_meta *meta, double width, double height, char **dests, size_t n_dests,
                             const char *path, const char *shown_path);
/* Draws n pages; structs: the elements their items belong to (all of the document's so far);
 * closed: no later page goes on with an element of these (their chapter is finished). */
void pdf_writer_pages(pdf_writer *w, const page *pages, size_t n, const page_structs *structs, bool closed);
/* The pages drawn from here on are the front matter (title page, contents), made last because
 * they print the body's page numbers: pdf_writer_end moves them, and their structure elements,
 * before the body's. Their items' elements are in structs (a table of their own). */
void pdf_writer_front(pdf_writer *w);
/* Adds doc's outline (doc: the whole document in reading order, front matter first),
 * finishes the file (pdf_finish) and frees w; false on failure (reported). */
bool pdf_writer_end(pdf_writer *w, const page_doc *doc);
/* Stops without finishing (the file is left incomplete) and frees w. */
void pdf_writer_abort(pdf_writer *w);

/* A URI safe inside a cairo attribute and a PDF string: every byte that could end
 * either (quotes, backslash, parentheses), controls, spaces and non-ASCII bytes
 * percent-encoded (newly allocated). */
char *pdf_uri_escape(const char *s);
/* A destination name as ASCII letters, digits, '-', '_', '.', the rest %XX. */
char *pdf_dest_name(const char *s);

#endif
