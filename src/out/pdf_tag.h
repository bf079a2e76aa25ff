/* pdf_tag — the structure tags of the pages as cairo 1.16 can write them (see pdf_tag.c): the
 * writer's stack of open elements, the elements that hold their text themselves, and the
 * alternative texts of the figures in the order they are opened. */
#ifndef MLSD_PDF_TAG_H
#define MLSD_PDF_TAG_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "pages.h"

enum { PDF_LEAF = -1 }; /* a stack entry for a leaf made by the writer */

typedef struct pdf_open {
    int sid;          /* element number, or PDF_LEAF */
    const char *name; /* the tag as opened */
} pdf_open;

/* What pdf_tag_plan counts per element (indexed by element number). */
typedef struct pdf_tag_count {
    int *opened;  /* times the element was opened */
    int *spans;   /* Span leaves opened directly inside it */
    bool *others; /* anything else opened inside it (an element, a Link, a Formula, a Figure) */
} pdf_tag_count;

typedef struct pdf_tags {
    cairo_t *cr;       /* NULL while pdf_tag_plan counts */
    pdf_tag_count *count;
    bool *direct;      /* per element: holds its marked content itself (pdf_tag_plan) */
    size_t n_direct;
    const page_structs *structs;
    pdf_open *stack;
    size_t n, cap;
    int *path;
    size_t n_path, cap_path;
    char **alts;      /* alternative text of every Figure, in the order they were opened */
    size_t n_alts, cap_alts;
    size_t n_top;     /* structure elements made directly under the Document element */
    const char *fallback_alt;
} pdf_tags;

/* Closes open tags until depth are left. */
void pdf_tag_close_to(pdf_tags *t, size_t depth);
/* Closes the innermost tag when it is a leaf (at a page's end, before page furniture). */
void pdf_tag_leaf_end(pdf_tags *t);
/* Opens the tags an item is drawn inside. */
void pdf_tag_item(pdf_tags *t, const page_item *it);
/* Finds the elements of these pages that hold their marked content themselves (closed: no later
 * page goes on with their elements). */
void pdf_tag_plan(pdf_tags *t, const page *pages, size_t n_pages, bool closed);

#endif
