/* fontfaces — one cairo font face per font file, made before any layout thread
 * starts and kept while the fonts are loaded, so that every thread's fonts (and so
 * the PDF) use that one face. */
#ifndef MLSD_FONTFACES_H
#define MLSD_FONTFACES_H

#include <glib.h>
#include <pango/pango.h>

/* A face for every font file of map (the patterns of its fonts loaded on pc), in an
 * array that holds a reference to each (cairo_font_face_destroy frees them). */
GPtrArray *fontfaces_pin(PangoFontMap *map, PangoContext *pc);

#endif
