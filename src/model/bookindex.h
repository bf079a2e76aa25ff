/* bookindex — the back-of-book index: terms marked in the chapters with
 * `<!-- index: term!sub | see other -->` comments (and the bold terms of
 * glossary chapters), each with a destination name placed where it stands;
 * sorted entries and page-range merging for the Index chapter. */
#ifndef MLSD_BOOKINDEX_H
#define MLSD_BOOKINDEX_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "book.h"
#include "source.h"

typedef enum { BOOKINDEX_POINT, BOOKINDEX_OPEN, BOOKINDEX_CLOSE } bookindex_range;

typedef struct bookindex_mark {
    char *term;            /* the main entry */
    char *sub;             /* sub-entry (after '!'), or NULL */
    char *see;             /* target of "see" / "see also", or NULL */
    bool see_also;
    bookindex_range range; /* `term (` … `term )` mark a page range */
    long partner;          /* OPEN: its CLOSE mark (and back), or -1 */
    char *dest;            /* destination placed at the mark (NULL for a "see" reference) */
    int line, col;         /* in the chapter */
    const char *path;      /* the chapter's path (not owned) */
} bookindex_mark;

typedef struct bookindex_entry {
    const char *term, *sub; /* sub NULL: a main entry */
    size_t *marks;          /* indices into the index's marks, in book order */
    size_t n_marks, cap_marks;
    char *letter;           /* its letter group ("A", "" when it starts with no letter; bookindex_letter) */
    const char *group;      /* the group's heading: the letter, or the theme's labels.index_symbols */
    char *see, *see_also;   /* "X; Y": the targets of its "see" / "see also" references, each once, in
                               book order; NULL when it has none (bookindex_text.c) */
} bookindex_entry;

typedef struct bookindex {
    bool enabled;           /* the book gets an Index chapter */
    bookindex_mark *marks;
    size_t n, cap;
    GHashTable *at;         /* "node/offset" → destination name (owned by the mark) */
    bookindex_entry *entries; /* sorted; every term has a main entry before its sub-entries */
    size_t n_entries;
    bool overflowed;        /* more than BOOKINDEX_MAX_MARKS (reported once) */
} bookindex;

/* Bounds: marks in a book, and characters in a term. */
enum { BOOKINDEX_MAX_MARKS = 10000, BOOKINDEX_MAX_TERM = 200 };

/* Collects the marks of every chapter (reporting malformed ones at their position),
 * pairs range marks and sorts the entries. */
void bookindex_collect(bookindex *ix, const book *bk, source_chapter *chs, size_t n);
void bookindex_free(bookindex *ix);
/* The texts of every entry that do not depend on pages: letter group, "see" targets (bookindex_text.c;
 * bookindex_collect calls it). */
void bookindex_texts(bookindex *ix, const theme *th);
/* One line per entry with those texts (MLSD_DUMP=model). */
void bookindex_dump(const bookindex *ix, FILE *f);
/* The destination placed at a comment starting at byte `offset` of node's literal
 * (offset 0 and the node itself for a glossary term's bold text), or NULL. */
const char *bookindex_dest_at(const bookindex *ix, const void *node, size_t offset);

/* Parses the text after "index:" of one comment into marks appended to ix (without
 * destinations); problems are reported at path:line:col. Returns the number added. */
size_t bookindex_parse(bookindex *ix, const char *spec, const char *path, int line, int col);
/* The sort key of a term: case and accents folded, punctuation as spaces (newly allocated). */
char *bookindex_sort_key(const char *term);
/* Orders two terms as the index does (by sort key, then as written). */
int bookindex_compare(const char *a, const char *b);
/* The letter group of a term ("A", "É" → "E"), or "" when it starts with no letter (newly allocated). */
char *bookindex_letter(const char *term);

/* A run of pages: first–last, each end linked to the mark it came from. */
typedef struct bookindex_loc {
    int first, last;
    const char *dest_first, *dest_last;
} bookindex_loc;
/* Sorts locations and merges those that overlap or touch (41, 42, 43 → 41–43); returns the new count. */
size_t bookindex_merge(bookindex_loc *v, size_t n);

#endif
