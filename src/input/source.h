/* source — a chapter file: UTF-8 check, YAML front matter, the cmark-gfm
 * AST (every node keeps file:line:col), and its heading ids. */
#ifndef MLSD_SOURCE_H
#define MLSD_SOURCE_H

#include <cmark-gfm.h>
#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "files.h"
#include "htmltable.h"
#include "calc.h"
#include "mathext.h"

/* Node types of the GFM extensions (exported, but in no installed header). */
extern cmark_node_type CMARK_NODE_TABLE, CMARK_NODE_TABLE_ROW, CMARK_NODE_TABLE_CELL, CMARK_NODE_STRIKETHROUGH;

typedef enum { SOURCE_NUMBERED, SOURCE_UNNUMBERED, SOURCE_APPENDIX } source_numbering;

typedef struct source_heading {
    int level;
    char *number;    /* "3.2" when numbered (set by number_book), else NULL */
    char *text;      /* plain text */
    char *id;        /* GFM slug or explicit {#id}; unique within the chapter */
    bool explicit_id; /* given as {#id}: must be unique across the book */
    cmark_node *node;
} source_heading;

typedef struct source_anchor { /* <a id=…> / <a name=…> */
    char *id;
    cmark_node *node;
} source_anchor;

typedef struct source_caption {
    bool figure;        /* a figure (image or diagram), else a table */
    bool equation;      /* a display formula (node: its math node or ```math block; text: its \tag or "") */
    bool html;          /* of an HTML <table> (node is the HTML block where it starts) */
    cmark_node *node;   /* the table, image or ```dot code block */
    cmark_node *para;   /* tables: the "Table: …" paragraph (not printed where it stands); else NULL */
    char *text;         /* the caption text */
    char *id;           /* may be NULL */
    char *number;       /* "4.2" (set by number_book) */
} source_caption;

typedef struct source_image_attrs { /* `{#id width=50%}` right after an image */
    cmark_node *image;
    char *id;
    double width;       /* 0 when not given */
    bool percent;       /* width is a percentage of the column */
} source_image_attrs;

typedef struct source_htmltable { /* an HTML <table> */
    htmltable t;
    long caption;       /* index into the chapter's captions, or -1 */
} source_htmltable;

typedef struct source_html_block { /* a block where HTML tables start or that one covers */
    size_t first, n;    /* the HTML tables that start in it (indices into htmltables) */
    size_t resume;      /* bytes before this offset belong to a table begun in an earlier block */
    bool inside;        /* wholly inside a table (set as a cell's content) */
} source_html_block;

typedef struct source_chapter {
    char *path;        /* as shown in diagnostics */
    char *file;        /* as referenced by links: base name, e.g. "02-clarify.md" */
    char *slug;        /* file stem, e.g. "02-clarify" */
    char *title, *kind, *summary;
    char *short_title; /* front matter `short_title:` for the running head, or NULL */
    source_numbering numbering; /* front matter `numbering:` numbered | unnumbered | appendix */
    int kind_line;     /* line of `kind:` in the front matter (0 when absent) */
    char *title_id;    /* id of the heading that became the title (plain Markdown), or NULL */
    bool has_front_matter; /* plain Markdown has none: no kind, title from the first heading */
    bool failed;       /* had errors: its ids are known, but it is not checked further or typeset */
    char *number;      /* "3" or "A" when numbered (set by number_book), else NULL */
    int title_line;
    int short_title_line;
    int line_offset;   /* lines before the Markdown body (front matter) */
    char *text;        /* whole file */
    files_digest hash; /* the file's content hash as read (files.h): a fingerprint of the chapter's text */
    cmark_node *doc;
    source_heading *headings;
    size_t n_headings;
    source_anchor *anchors;
    size_t n_anchors;
    size_t words;
    source_caption *captions;
    size_t n_captions, cap_captions;
    source_image_attrs *image_attrs;
    size_t n_image_attrs;
    source_htmltable *htmltables;
    size_t n_htmltables;
    GHashTable *html_blocks; /* cmark_node * → source_html_block *, for blocks HTML tables start in or cover */
    GHashTable *ids;   /* every heading and anchor id, for fast lookups */
    calc_src *var_defs; /* front matter `variables:` (this chapter's own) */
    size_t n_var_defs, cap_var_defs;
    GHashTable *id_suffix; /* slug → the next "-N" suffix to try for a repeated slug (linear de-duplication) */
    size_t *line_starts; /* byte offset of each line of text (index 0 = line 1) */
    size_t n_lines;
    struct source_pos_memo *pos_memo; /* the last column computed by source_pos (linear scans of long lines) */
    struct resolve_chapter *model; /* the decisions of model/resolve.h (resolve_book), or NULL */
    void (*model_free)(struct resolve_chapter *); /* frees model with the chapter */
} source_chapter;

/* Bounds: file size, and how deeply blocks and inlines nest before deeper content
 * is flattened with a warning (it would exhaust the stack of a recursive layout). */
enum { SOURCE_MAX_BYTES = 4 << 20, SOURCE_MAX_DEPTH = 100 };
/* Bounds against input that is slow to parse or typeset (each gives an error naming the place):
 * unclosed '[' in one block of lines (cmark-gfm 0.29 is quadratic on unmatched brackets, CVE-2023-22486),
 * combining marks on one character (shaping is quadratic in the cluster), headings and footnote
 * definitions in one chapter (each is a line of the contents or a note). */
enum {
    SOURCE_MAX_BRACKETS = 5000,
    SOURCE_MAX_MARKS = 64,
    SOURCE_MAX_HEADINGS = 5000,
    SOURCE_MAX_FOOTNOTES = 5000,
};

/* Reads and parses; reports every problem and returns false on errors.
 * display_path names the file in diagnostics. */
bool source_load(source_chapter *ch, const char *path, const char *display_path);
/* The same, reading the file through the store fs (files.h; NULL: directly). */
bool source_load_in(source_chapter *ch, files *fs, const char *path, const char *display_path);
void source_free(source_chapter *ch);

/* Position of a node in the chapter file (falls back to the enclosing block
 * for nodes without a position, such as autolinks). */
void source_pos(const source_chapter *ch, cmark_node *n, int *line, int *col);

/* GFM heading slug of a plain-text heading (newly allocated). */
char *source_slug(const char *text);
/* Concatenated text of a node's inline descendants (newly allocated). */
char *source_plain_text(cmark_node *n);
/* The caption of a table node, or the caption whose paragraph is this node; NULL if none. */
const source_caption *source_find_caption(const source_chapter *ch, cmark_node *n);
/* How HTML tables use a block (NULL when they do not). */
const source_html_block *source_find_html_block(const source_chapter *ch, cmark_node *n);
/* The caption of HTML table i, or NULL. */
const source_caption *source_htmltable_caption(const source_chapter *ch, size_t i);
/* The `{…}` attributes given after an image, or NULL. */
const source_image_attrs *source_find_image_attrs(const source_chapter *ch, cmark_node *image);
/* True if the chapter defines this id (heading or anchor). */
bool source_has_id(const source_chapter *ch, const char *id);

#endif
