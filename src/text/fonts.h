/* fonts — the bundled fonts, loaded through a private fontconfig
 * configuration so output never depends on the machine's fonts. */
#ifndef MLSD_FONTS_H
#define MLSD_FONTS_H

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdbool.h>

typedef struct fonts {
    FcConfig *config;
    PangoFontMap *map;
    PangoContext *context; /* resolution 72 dpi, unrounded glyph positions */
    int n_files;
    bool worker; /* made by fonts_open_worker: shares the main set's configuration */
} fonts;

/* Loads every .ttf/.otf under dir. Reports and returns false when none load. */
bool fonts_open(fonts *f, const char *dir);
void fonts_close(fonts *f);
/* A font map and context of their own on main's configuration, for a layout
 * thread (Pango's font maps and contexts are not shared between threads). Made
 * before the threads start; closed with fonts_close before main is. */
void fonts_open_worker(fonts *w, const fonts *main);
/* The calling thread's default font map becomes f's (librsvg and Graphviz measure
 * text with it); fonts_leave_thread drops it before the thread ends. */
void fonts_enter_thread(const fonts *f);
void fonts_leave_thread(void);
/* True when `family` is one of the loaded families (case-insensitive). */
bool fonts_has_family(const fonts *f, const char *family);
/* A one-line layout of text in a family, size (pt) and weight: titles, numbers, running heads. */
PangoLayout *fonts_line_layout(PangoContext *pc, const char *family, double size, bool bold, const char *text);

#endif
