/* pdf_finish — what cairo 1.16 cannot write, added to the PDF it wrote (with libqpdf):
 * the document language, XMP metadata, the figures' alternative text and PNG data
 * embedded as it is (pdf_png). */
#ifndef MLSD_PDF_FINISH_H
#define MLSD_PDF_FINISH_H

#include <stdbool.h>
#include <stddef.h>

#include "pdf.h"
#include "pdf_png.h"

/* Pages and Document children drawn after the body that go before it (the front matter is
 * made last: pdf_writer_front). All zero: the order is kept. */
typedef struct pdf_finish_order {
    size_t body_pages, front_pages; /* the first body_pages pages, then the front_pages to move first */
    size_t body_top, front_top;     /* the same for the Document element's children */
} pdf_finish_order;

/* Rewrites the PDF at path in place: /Lang (when lang is set), /Metadata (XMP from
 * meta), /Alt on the n-th Figure structure element (in tree order) from alts[n], and
 * the data of the PNGs in pngs (pdf_png_collect; may be NULL), the front matter moved before
 * the body (order; its page labels with it). Streams are copied
 * as they are (cairo compressed them), the other objects go into object streams.
 * The output depends only on the input (no clock, deterministic /ID). Problems are
 * reported under shown_path; returns false on failure. */
bool pdf_finish(const char *path, const char *shown_path, const pdf_meta *meta, char **alts, size_t n_alts,
                const pdf_png *pngs, const pdf_finish_order *order);

/* The XMP packet for meta (newly allocated), for pdf_finish and tests. */
char *pdf_finish_xmp(const pdf_meta *meta);

#endif
