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
    PAGE_DEST,   /* named destination at x,y */
    PAGE_MATH    /* a formula (math): glyphs and rules around the baseline origin x,y; w,h its size */
} page_item_kind;

/* A laid-out formula: glyphs of the math font by id, with the text each stands for
 * (the PDF's text layer), and filled rules (fraction bars, radicals, overlines).
 * Coordinates are points from the formula's baseline origin, y grows downwards.
 * Shared by the items that show it (reference counted). */
typedef struct page_glyph {
    unsigned id;
    double x, y, size;
    char text[8]; /* UTF-8; empty: reads as nothing (the pieces of a glyph assembly after the first,
                   * the glyphs of a group with a page_mathtext) */
} page_glyph;

typedef struct page_rule {
    double x, y, w, h; /* y: the top edge */
} page_rule;

/* What a group of glyphs reads as in the text layer ("(a+b)/(c+d)" for a fraction, whose own
 * glyphs then read as nothing): drawn as an inkless glyph (id) on the group's baseline, stretched
 * sx times horizontally to span the group (so the text's characters spread over it as a line's do). */
typedef struct page_mathtext {
    char *text;
    unsigned id;
    double x, y, size, sx;
} page_mathtext;

typedef struct page_math {
    int refs;
    cairo_font_face_t *face; /* a reference is held */
    page_glyph *glyphs;
    size_t n_glyphs, cap_glyphs;
    page_rule *rules;
    size_t n_rules, cap_rules;
    page_mathtext *texts;
    size_t n_texts, cap_texts;
} page_math;

page_math *page_math_new(cairo_font_face_t *face);
page_math *page_math_ref(page_math *m);
void page_math_unref(page_math *m);

/* Structure roles (PDF 1.7 standard structure types) of the elements items belong to. */
typedef enum {
    PAGE_ROLE_NONE, /* item 0: the document itself */
    PAGE_ROLE_SECT,
    PAGE_ROLE_H1,   /* … PAGE_ROLE_H1 + 5 = H6 */
    PAGE_ROLE_H2,
    PAGE_ROLE_H3,
    PAGE_ROLE_H4,
    PAGE_ROLE_H5,
    PAGE_ROLE_H6,
    PAGE_ROLE_P,
    PAGE_ROLE_L,
    PAGE_ROLE_LI,
    PAGE_ROLE_LBL,
    PAGE_ROLE_LBODY,
    PAGE_ROLE_TABLE,
    PAGE_ROLE_TR,
    PAGE_ROLE_TH,
    PAGE_ROLE_TD,
    PAGE_ROLE_CAPTION,
    PAGE_ROLE_NOTE,
    PAGE_ROLE_CODE,
    PAGE_ROLE_FIGURE,
    PAGE_ROLE_BLOCKQUOTE,
    PAGE_ROLE_DIV,
    PAGE_ROLE_FORMULA,
    PAGE_ROLE_COUNT
} page_role;

/* The PDF name of a role ("H1", "LBody", …). */
const char *page_role_name(page_role r);

/* One structure element: elements are numbered from 1 (0 is the document), and
 * a parent always has a smaller number than its children. */
typedef struct page_struct {
    page_role role;
    int parent;
    char *alt; /* figures and formulas: alternative text, or NULL */
} page_struct;

typedef struct page_structs {
    page_struct *v; /* element n is v[n - 1] */
    size_t n, cap;
} page_structs;

/* Adds an element under parent (0 = the document); returns its number. */
int page_structs_add(page_structs *s, page_role role, int parent, const char *alt);
void page_structs_free(page_structs *s);

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
    char *alt;               /* PAGE_IMAGE alternative text; PAGE_MATH: the TeX source */
    page_math *math;         /* PAGE_MATH (a reference is held) */
    int sid;                 /* structure element holding the item (page_structs number; 0 = the document) */
    bool artifact;           /* page furniture (running heads, page numbers, repeated table heads): no structure */
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
/* Frees every item but the destinations (a page that is drawn keeps where its names are). */
void page_items_keep_dests(page_items *l);
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
    page_structs structs; /* the elements the items' sid refer to */
} page_doc;

void page_doc_free(page_doc *d);
/* Every page with its items, the outline and the structure elements, one per line
 * (MLSD_DUMP=pages and the golden tests). */
void page_doc_dump(const page_doc *d, FILE *out);
/* Its parts: one page (numbered from 1), and the outline and structure elements after the pages. */
void page_dump(const page *pg, size_t number, FILE *out);
void page_doc_dump_tail(const page_doc *d, FILE *out);
/* Appends src's pages, outline and structure to dst (page indexes and element numbers
 * shifted); src is left empty. */
void page_doc_append(page_doc *dst, page_doc *src);

/* Destination name → page label and index, read from laid-out pages. */
typedef struct page_destmap {
    char **names;  /* sorted */
    char **labels;
    int *pages;
    size_t n;
} page_destmap;

void page_destmap_build(page_destmap *m, const page_doc *doc);
/* The names of the destinations on doc's pages, sorted (borrowed from the items; the array is
 * newly allocated, NULL when there are none). */
char **page_doc_dest_names(const page_doc *doc, size_t *n);
/* Label of the page holding a destination, or NULL. */
const char *page_destmap_label(const page_destmap *m, const char *name);
void page_destmap_free(page_destmap *m);
void page_destmap_copy(page_destmap *dst, const page_destmap *src);

#endif
