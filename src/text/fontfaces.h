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

/* Gives pc the rendering options Graphviz's Pango plugin sets on its own context. */
void fontfaces_graphviz_options(PangoContext *pc);
/* The faces Graphviz's plugin will ask for: every file of map with those options. The
 * plugin makes its font map (on our current FcConfig) on whichever thread first sizes a
 * label, and Pango drops fonts from its caches as it likes; with the faces held here,
 * that never links or unlinks a face in cairo's unlocked list while layout threads read it. */
GPtrArray *fontfaces_pin_graphviz(PangoFontMap *map);

#endif
