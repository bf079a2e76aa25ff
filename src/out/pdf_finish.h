/* pdf_finish — what cairo 1.16 cannot write, added to the PDF it wrote (with libqpdf):
 * the document language, XMP metadata and the figures' alternative text. */
#ifndef MLSD_PDF_FINISH_H
#define MLSD_PDF_FINISH_H

#include <stdbool.h>
#include <stddef.h>

#include "pdf.h"

/* Rewrites the PDF at path in place: /Lang (when lang is set), /Metadata (XMP from
 * meta) and /Alt on the n-th Figure structure element (in tree order) from alts[n].
 * The output depends only on the input (no clock, deterministic /ID). Problems are
 * reported under shown_path; returns false on failure. */
bool pdf_finish(const char *path, const char *shown_path, const pdf_meta *meta, char **alts, size_t n_alts);

/* The XMP packet for meta (newly allocated), for pdf_finish and tests. */
char *pdf_finish_xmp(const pdf_meta *meta);

#endif
