/* fonts — the bundled fonts, loaded through a private fontconfig
 * configuration so output never depends on the machine's fonts. */
#ifndef MLSD_FONTS_H
#define MLSD_FONTS_H

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdbool.h>

#include "mathfont.h"

typedef struct fonts {
    FcConfig *config;
    PangoFontMap *map;
    PangoContext *context; /* resolution 72 dpi, unrounded glyph positions */
    int n_files;
    mathfont math; /* fonts/math/: attached to context (mathfont_of_context) */
} fonts;

/* Loads every .ttf/.otf under dir. Reports and returns false when none load. */
bool fonts_open(fonts *f, const char *dir);
void fonts_close(fonts *f);
/* True when `family` is one of the loaded families (case-insensitive). */
bool fonts_has_family(const fonts *f, const char *family);
/* A one-line layout of text in a family, size (pt) and weight: titles, numbers, running heads. */
PangoLayout *fonts_line_layout(PangoContext *pc, const char *family, double size, bool bold, const char *text);

#endif
