/* htmltable — an HTML <table> in a chapter as a neutral table: a grid of
 * cells, each a list of pieces of the source (a byte range of an HTML block,
 * or a whole Markdown block written between HTML blocks), for the layout to
 * fill and set like a GFM table. Malformed tables are repaired as a browser
 * would (implicit rows and cells, stray end tags ignored) and bounded. */
#ifndef MLSD_HTMLTABLE_H
#define MLSD_HTMLTABLE_H

#include <cmark-gfm.h>
#include <stdbool.h>
#include <stddef.h>

struct source_chapter;

/* Bounds: columns kept (the rest are dropped with a warning), cells of the
 * grid (rows past it are dropped), and how far a table may reach across the
 * blocks that follow it when blank lines split it (blocks, and their bytes). */
enum {
    HTMLTABLE_MAX_COLUMNS = 64,
    HTMLTABLE_MAX_CELLS = 20000,
    HTMLTABLE_MAX_BLOCKS = 256,
    HTMLTABLE_MAX_REACH = 1 << 20,
};

typedef struct htmltable_piece {
    cmark_node *node;   /* an HTML block: bytes [start, end) of its literal; any other block: all of it */
    size_t start, end;
} htmltable_piece;

typedef struct htmltable_cell {
    size_t first, n;    /* its pieces */
    bool header;        /* <th> */
    char align;         /* 'l', 'c', 'r', or 0 */
    int span;           /* columns it covers; 0 for a slot covered by another cell's colspan or rowspan */
} htmltable_cell;

typedef struct htmltable {
    cmark_node *first, *last; /* the HTML blocks where it starts and ends (siblings) */
    size_t start, end;        /* its "<table" in first's literal; just past its "</table>" in last's */
    htmltable_cell *cells;    /* rows × cols, row by row */
    size_t rows, cols;
    size_t header_rows;       /* leading rows of <thead>, or of <th> cells only */
    htmltable_cell caption;   /* <caption> (n == 0 when none) */
    htmltable_piece *pieces;
    size_t n_pieces;
    char *id;                 /* <table id=…>, or NULL */
} htmltable;

/* Offset of the next "<table" start tag at or after `from` in an HTML literal, or len. */
size_t htmltable_find(const char *lit, size_t len, size_t from);
/* Parses the table whose "<table" tag is at byte `start` of HTML block `first`;
 * when blank lines split it, it takes in the following sibling blocks up to its
 * "</table>". Problems are warnings at their position in ch. */
void htmltable_parse(htmltable *t, const struct source_chapter *ch, cmark_node *first, size_t start);
void htmltable_free(htmltable *t);
/* The plain text of some pieces (tags dropped, entities decoded, white space
 * collapsed), newly allocated. */
char *htmltable_plain_text(const htmltable *t, const htmltable_cell *cell);

#endif
