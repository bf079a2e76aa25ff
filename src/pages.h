/* pages — the one structure layout produces and the PDF writer consumes:
 * positioned, printable items. Coordinates are points, y grows downwards. */
#ifndef MLSD_PAGES_H
#define MLSD_PAGES_H

#include <cairo.h>
#include <pango/pango.h>
#include <stdbool.h>
#include <stdio.h>

#include "theme.h"

typedef enum {
    PAGE_TEXT,   /* one laid-out line: layout + line index, x/y at the baseline origin */
    PAGE_FILL,   /* filled rectangle x,y,w,h */
    PAGE_STROKE, /* outlined rectangle */
    PAGE_LINE,   /* segment from (x,y) to (x+w,y+h) */
    PAGE_IMAGE,  /* raster surface scaled into x,y,w,h */
    PAGE_SVG,    /* vector drawing (an RsvgHandle) scaled into x,y,w,h */
    PAGE_LINK,   /* clickable area x,y,w,h → target */
    PAGE_DEST    /* named destination at x,y */
} page_item_kind;

typedef struct page_item {
    page_item_kind kind;
    double x, y, w, h;
    theme_color color;
    double line_width;
    PangoLayout *layout;     /* PAGE_TEXT (a reference is held) */
    int line;
    PangoLayoutLine *ln;     /* PAGE_TEXT: that line (a reference is held; lists are slow to index) */
    cairo_surface_t *image;  /* PAGE_IMAGE (a reference is held) */
    void *svg;               /* PAGE_SVG: RsvgHandle (a reference is held) */
    char *target;            /* PAGE_LINK: URI or destination name; PAGE_DEST: name */
    bool internal;           /* PAGE_LINK to a destination */
    bool as_path;            /* PAGE_TEXT drawn as outlines: seen, but not copied out of the PDF */
    char *alt;               /* PAGE_IMAGE alternative text */
} page_item;

typedef struct page_items {
    page_item *v;
    size_t n, cap;
} page_items;

page_item *page_items_add(page_items *l, page_item_kind kind);
void page_items_text(page_items *l, PangoLayout *layout, int line, double x, double baseline);
/* The same when the caller holds the line already (from a layout iterator). */
void page_items_text_line(page_items *l, PangoLayout *layout, PangoLayoutLine *ln, int line, double x, double baseline);
void page_items_rect(page_items *l, page_item_kind kind, double x, double y, double w, double h, theme_color c,
                     double line_width);
void page_items_link(page_items *l, double x, double y, double w, double h, const char *target, bool internal);
void page_items_dest(page_items *l, const char *name, double x, double y);
/* Moves all items of src (translated by dx,dy) to the end of dst; src is left empty. */
void page_items_move(page_items *dst, page_items *src, double dx, double dy);
void page_items_free(page_items *l);
/* Appends copies of src's items (translated) to dst. */
void page_items_copy(page_items *dst, const page_items *src, double dx, double dy);
/* One line per item, for golden tests and debugging. */
void page_items_dump(const page_items *l, FILE *out);

typedef struct page_outline {
    char *title;
    char *dest;
    int level;  /* 1 = part, 2 = chapter, 3 = section, … */
    int page;   /* index into pages */
} page_outline;

typedef struct page {
    page_items items;
    char *label; /* printed page number, e.g. "iv" or "12"; may be NULL */
} page;

typedef struct page_doc {
    page *pages;
    size_t n_pages, cap_pages;
    page_outline *outline;
    size_t n_outline, cap_outline;
    double width, height;
} page_doc;

void page_doc_free(page_doc *d);
/* Appends src's pages and outline to dst (page indexes shifted); src is left empty. */
void page_doc_append(page_doc *dst, page_doc *src);

/* Destination name → page label and index, read from laid-out pages. */
typedef struct page_destmap {
    char **names;  /* sorted */
    char **labels;
    int *pages;
    size_t n;
} page_destmap;

void page_destmap_build(page_destmap *m, const page_doc *doc);
/* Label of the page holding a destination, or NULL. */
const char *page_destmap_label(const page_destmap *m, const char *name);
void page_destmap_free(page_destmap *m);

#endif
