/* pdf_png — PNG figures embedded as they are, the way pdfTeX does: the PNG's
 * compressed image data (its IDAT chunks) becomes the image's stream, /FlateDecode
 * with the PNG predictor, instead of cairo 1.16 decoding the pixels and deflating
 * them again. For PNGs without transparency, not interlaced, gray (1-8 bits), RGB
 * (8 bits) or palette (1-8 bits); others keep cairo's way.
 *
 * cairo writes an image it has JPEG data for as that data, untouched. So before
 * drawing, each such PNG (cairo keeps the file it read as image/png mime data) gets
 * a stand-in "JPEG": a few bytes with the image's size and a SHA-256 of the PNG.
 * pdf_png_apply (in pdf_finish) finds those streams and puts the PNG's data in. */
#ifndef MLSD_PDF_PNG_H
#define MLSD_PDF_PNG_H

#include <cairo.h>
#include <qpdf/qpdf-c.h>
#include <stdbool.h>
#include <stddef.h>

#include "pages.h"

typedef struct pdf_png pdf_png;

/* Marks the PNGs the images of pages can take as they are (see above) and keeps their
 * data in set (made when NULL; pages come a chapter at a time); NULL while there is none. */
pdf_png *pdf_png_collect(pdf_png *set, const page *pages, size_t n_pages);
/* Puts the data of every marked PNG into its image stream; returns how many streams
 * it replaced. */
size_t pdf_png_apply(const pdf_png *set, qpdf_data q);
void pdf_png_free(pdf_png *set);

/* The PNG parts pdf_png needs, from a whole PNG file. */
typedef struct pdf_png_info {
    unsigned width, height;
    int depth;                 /* bits per sample */
    int colors;                /* 1 (gray, palette) or 3 (RGB) */
    bool palette;
    const unsigned char *plte; /* palette entries (3 bytes each; in the file, or owned when kept) */
    size_t n_plte;
    unsigned char *idat;       /* the IDAT chunks' data, concatenated (newly allocated) */
    size_t idat_len;
} pdf_png_info;

/* Reads a PNG (checking chunk lengths, not CRCs: cairo's decoder has read it);
 * true when its data can be embedded as it is. */
bool pdf_png_parse(const unsigned char *data, size_t len, pdf_png_info *out);

#endif
