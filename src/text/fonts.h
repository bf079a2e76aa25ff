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
    bool worker; /* made by fonts_open_worker */
    char *dir;   /* where the fonts were found */
    mathfont math; /* fonts/math/: attached to context (mathfont_of_context); a worker's is main's */
    GPtrArray *faces; /* the main set's: the cairo face of every file, for all threads (fontfaces.c) */
    GPtrArray *diagram_faces; /* the same with the options Graphviz's plugin uses (fontfaces.c) */
} fonts;

/* Loads every .ttf/.otf under dir. Reports and returns false when none load. */
bool fonts_open(fonts *f, const char *dir);
void fonts_close(fonts *f);
/* The same fonts as main in a configuration, font map and context of their own,
 * for a layout thread (none of them is shared between threads; the cairo faces its
 * fonts find are main's, see fontfaces.h). Made before the threads start; false
 * (reported) when the fonts cannot be loaded again. */
bool fonts_open_worker(fonts *w, const fonts *main);
/* The calling thread's default font map becomes f's (librsvg and Graphviz measure
 * text with it); fonts_leave_thread drops it before the thread ends. */
void fonts_enter_thread(const fonts *f);
void fonts_leave_thread(void);
/* True when `family` is one of the loaded families (case-insensitive). */
bool fonts_has_family(const fonts *f, const char *family);
/* What the fonts under dir (and the system fallbacks) are: path, size and time of each
 * file; equal stamps mean the same fonts (`watch` reloads them when it changes). */
char *fonts_stamp(const char *dir);
/* A one-line layout of text in a family, size (pt) and weight: titles, numbers, running heads. */
PangoLayout *fonts_line_layout(PangoContext *pc, const char *family, double size, bool bold, const char *text);

#endif
