/* figure — image files as drawable figures: PNG, JPEG, GIF and WebP as rasters (JPEG
 * embedded in the PDF without re-encoding), SVG as vectors through librsvg;
 * sizes checked before anything is decoded. */
#ifndef MLSD_FIGURE_H
#define MLSD_FIGURE_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "files.h"

typedef struct figure {
    cairo_surface_t *raster; /* PNG, JPEG */
    void *svg;               /* RsvgHandle * (SVG, diagrams) */
    double width, height;    /* natural size in points (pixels at 96 per inch for rasters) */
    double px_width;         /* raster width in pixels (0 for vectors) */
} figure;

/* Loads a file; on failure returns false and sets *why (newly allocated). SVG text
 * passes svgscan_check (size, element count, absurd values) before librsvg sees it. */
bool figure_load(figure *f, const char *path, char **why);
/* The same, reading the file through the store fs (files.h; NULL: directly). */
bool figure_load_in(figure *f, files *fs, const char *path, char **why);
/* An image file's size bound ("image file is too large (over 64 MiB)"). */
enum { FIGURE_MAX_BYTES = 64 << 20 };
/* Loads SVG data (a diagram); the same. */
bool figure_load_svg_data(figure *f, const char *data, size_t len, char **why);
/* Draws an SVG figure's handle into the box (x, y, w, h) of cr; librsvg is called by one thread
 * at a time (its handles share state). */
void figure_svg_render(void *svg, cairo_t *cr, double x, double y, double w, double h);
/* Drops a reference to an SVG figure's handle (NULL: nothing), under the same lock. */
void figure_svg_unref(void *svg);
void figure_free(figure *f);

/* Figures kept across layout passes (and `watch` rebuilds), keyed by a string:
 * "file:PATH:HASH" for an image file (its content hash, files.h: decoded once however often it is
 * used, and again in `watch` only when its bytes changed)
 * or "node:ADDR" for a diagram (laid out once per build). */
typedef struct figure_cache figure_cache;
figure_cache *figure_cache_new(void);
void figure_cache_free(figure_cache *c);
/* The cached figure for key, or NULL. */
const figure *figure_cache_get(figure_cache *c, const char *key);
/* Decoded raster pixels a build may hold in all (each image is also bounded on its own). */
#define FIGURE_MAX_TOTAL_PIXELS (320ull * 1000 * 1000)
/* Stores a copy of f (taking new references) unless key is stored already.
 * The cache may be used from several threads at once. */
void figure_cache_put(figure_cache *c, const char *key, const figure *f);
/* The same for a decoded image, within the build's total of pixels: returns the
 * stored figure for key, or NULL when f no longer fits (remembered, see below). */
const figure *figure_cache_add(figure_cache *c, const char *key, const figure *f);
/* An image was left out for the total: which one depends on the order images
 * were met, so a parallel build lays the book out again on one thread. */
bool figure_cache_refused(figure_cache *c);
/* Forgets every figure (their users hold references of their own); a refusal is kept. */
void figure_cache_clear(figure_cache *c);
/* Between builds (`watch`): forgets the figures the last build did not use and the refusal. */
void figure_cache_sweep(figure_cache *c);

#endif
