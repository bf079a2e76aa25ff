/* pdf_finish — what cairo 1.16 cannot write, added to the PDF it wrote (with libqpdf):
 * the document language, XMP metadata, the figures' alternative text and PNG data
 * embedded as it is (pdf_png). */
#ifndef MLSD_PDF_FINISH_H
#define MLSD_PDF_FINISH_H

#include <stdbool.h>
#include <stddef.h>

#include "pdf.h"
#include "pdf_png.h"

/* Rewrites the PDF at path in place: /Lang (when lang is set), /Metadata (XMP from
 * meta), /Alt on the n-th Figure structure element (in tree order) from alts[n], and
 * the data of the PNGs in pngs (pdf_png_collect; may be NULL). Streams are copied
 * as they are (cairo compressed them), the other objects go into object streams.
 * The output depends only on the input (no clock, deterministic /ID). Problems are
 * reported under shown_path; returns false on failure. */
bool pdf_finish(const char *path, const char *shown_path, const pdf_meta *meta, char **alts, size_t n_alts,
                const pdf_png *pngs);

/* The XMP packet for meta (newly allocated), for pdf_finish and tests. */
char *pdf_finish_xmp(const pdf_meta *meta);

#endif
