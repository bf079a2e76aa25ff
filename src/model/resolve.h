/* resolve — the meaning of a chapter, decided once between source and layout, for every
 * writer: section, float and list numbers with their labels, headings' structure tags and
 * bookmark levels, the notes in reading order, the text and target of every link, callout
 * kinds, which images are never fetched and the accessible texts of figures, what each fenced
 * block is and whether its lines are numbered, which paragraphs are display formulas, and raw
 * HTML mapped to neutral kinds.
 *
 * resolve_book runs after number_book (chapter, section and caption numbers) and before
 * layout; it gives each chapter a resolve_chapter (ch->model), owned and freed with it. The
 * model is pure data (GLib containers, no globals) and read-only once made, so chapters can be
 * laid out on several threads at once. It holds no page numbers: a cross-reference's page
 * ("p. 41") is the page writer's business (its destination is here). Lookups are by the cmark
 * node the decision is about. */
#ifndef MLSD_RESOLVE_H
#define MLSD_RESOLVE_H

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

#include "book.h"
#include "source.h"

/* ---- sections (headings of the body) ---- */
typedef struct resolve_section {
    const source_heading *heading; /* level, id, plain text */
    const char *number;            /* "3.2", or NULL when unnumbered (the heading's, from number_book) */
    char *dest;                    /* destination name of the heading */
    char *outline;                 /* bookmark title: "3.2 Title" or "Title" */
    int depth;                     /* section depth: # and ## 1, ### 2, … (number_section_level) */
    int role;                      /* structure tag H<role>: the chapter title is H1, a body # or ## H2,
                                      ### H3 and so on, at most H6 */
    int outline_level;             /* bookmark level (parts 1, chapters 2, ## 3, ### 4), 0: no bookmark */
    int toc_level;                 /* level in the contents (chapters 1, ## 2, …); listed up to toc.depth */
} resolve_section;

/* ---- list items ---- */
typedef struct resolve_item {
    char *marker;       /* an ordered list's "3." or "3)"; NULL in a bullet list (the bullet is the theme's) */
    bool task, checked; /* a GFM task list item "[ ]" / "[x]" */
} resolve_item;

/* ---- images: Markdown ![alt](src) (an HTML <img> is an HTML element) ---- */
typedef struct resolve_image {
    const char *src;    /* as written (the node's URL) */
    char *alt;          /* its alt text, plain */
    bool remote;        /* never fetched (resolve_url_is_remote): its alt text stands in its place */
    const char *say;    /* accessible text (/Alt) of the figure: its alt text, else its caption's, else
                           the theme's "Figure" (points into the model or the theme) */
    const char *missing; /* printed (and its /Alt) when it cannot be loaded: its alt text, else its address */
} resolve_image;

/* ---- code blocks: what a fence's info string asks for ---- */
typedef enum {
    RESOLVE_CODE_TEXT,    /* set as code (also a diagram or calc block that declines, see layout_dispatch.c) */
    RESOLVE_CODE_DOT,     /* ```dot: a Graphviz diagram */
    RESOLVE_CODE_MERMAID, /* ```mermaid: a flowchart drawn as a diagram, other kinds as code */
    RESOLVE_CODE_CALC,    /* ```calc: the worked arithmetic */
    RESOLVE_CODE_MATH     /* ```math: a display formula (resolve_formula_of) */
} resolve_code_kind;
typedef struct resolve_code {
    resolve_code_kind kind;  /* by the info string's first word */
    const char *info;        /* the info string, NULL when empty */
    char *lang;              /* the language it names, lower case ("python" of "{.Python .numberLines}"): the
                                highlighter's key (resolve_code_language); NULL when none */
    bool numbers;            /* line numbers: code.line_numbers, or {.numberLines} / {.noNumberLines} in the
                                info string (a calc block's results follow the theme) */
    const char *say;         /* a diagram's accessible text: its caption's, else the theme's "Figure" */
} resolve_code;

/* ---- formulas: $…$, $$…$$, ```math ---- */
typedef struct resolve_formula {
    cmark_node *math;        /* the math node, or the ```math block */
    const char *tex;         /* its TeX */
    bool display;            /* set in display style ($$…$$, ```math) */
    bool block;              /* a display formula on its own, centred, with its number: a paragraph holding
                                only $$…$$ (blanks aside) or a ```math block; keyed by that block */
    bool numbers;            /* its source set as code (when it cannot be set): line numbers as the theme's */
} resolve_formula;

/* ---- floats: tables, figures (images, diagrams), display equations ---- */
typedef enum { RESOLVE_FLOAT_TABLE, RESOLVE_FLOAT_FIGURE, RESOLVE_FLOAT_EQUATION } resolve_float_kind;
typedef struct resolve_float {
    resolve_float_kind kind;
    const source_caption *caption; /* node, id, text */
    const char *number;            /* "4.2" (or an equation's \tag), NULL when not numbered */
    char *label;                   /* what precedes the caption text: "Table 4.2:", "Figure 4.2:";
                                      an equation's "(4.2)" at the margin; NULL when none */
    const char *text;              /* caption text printed (NULL for equations and images without one) */
} resolve_float;

/* ---- notes: footnotes and the addresses of external links, numbered together ---- */
typedef enum { RESOLVE_NOTE_FOOTNOTE, RESOLVE_NOTE_URL } resolve_note_kind;
typedef struct resolve_note {
    resolve_note_kind kind;
    size_t number;      /* 1, 2, … in reading order: text first, then the notes first cited in it
                           (a note cited inside a note comes after the notes of that text) */
    cmark_node *def;    /* footnote: its definition (blocks) */
    char *url;          /* url note: the address printed */
    char *dest;         /* destination name of the note's text */
    cmark_node *first;  /* the node that cites it first (footnote reference or link) */
} resolve_note;

/* ---- links: Markdown links (HTML <a href> is in the HTML elements) ---- */
typedef struct resolve_link {
    char *dest;         /* destination name (internal) or URL (external); NULL: no target (check reported it) */
    bool internal;
    bool address;       /* the link text is the address itself: not hyphenated */
    char *text;         /* text to print when the link has none: a cross-reference's "§3.2", "Table 4.1",
                           "Chapter 3", "“Title”" or "" (then only the page is shown), or an external
                           link's URL; NULL when the link has text of its own */
    bool cites_page;    /* an empty internal link: its page number follows its text (the page writer's part) */
    long note;          /* index into notes of the URL note it makes, or -1 */
    bool url_inline;    /* inside a note: the URL follows the text in parentheses */
} resolve_link;

/* ---- callouts: "> [!NOTE]" block quotes ---- */
typedef struct resolve_callout {
    const theme_callout *kind;   /* the theme's callout (label, colours) */
    cmark_node *marker;          /* the text node holding "[!NOTE]" */
    size_t marker_bytes;         /* its first bytes that are the marker (not printed) */
} resolve_callout;

/* ---- raw HTML, as neutral kinds ---- */
typedef enum {
    RESOLVE_HTML_BOLD, RESOLVE_HTML_ITALIC, RESOLVE_HTML_UNDERLINE, RESOLVE_HTML_STRIKE,
    RESOLVE_HTML_CODE, RESOLVE_HTML_KEYBOARD, RESOLVE_HTML_SUB, RESOLVE_HTML_SUP,
    RESOLVE_HTML_SMALL, RESOLVE_HTML_MARK,
    RESOLVE_HTML_SUMMARY,   /* a <details> summary: bold, a line of its own in a block */
    RESOLVE_HTML_LINK,      /* <a>: target (href), anchor (id/name) */
    RESOLVE_HTML_BREAK,     /* <br> */
    RESOLVE_HTML_ROW,       /* <table>, <tr> the layout cannot set as a table: a line break */
    RESOLVE_HTML_CELL,      /* <td>, <th> likewise: a space */
    RESOLVE_HTML_IMAGE,     /* <img>: src, alt, width */
    RESOLVE_HTML_CONTAINER, /* span, div, figure, details…: its text is kept, the tag means nothing more */
    RESOLVE_HTML_UNKNOWN    /* dropped (warned), its text kept */
} resolve_html_kind;
/* Kinds that style the text between an opening and its closing tag. */
#define RESOLVE_HTML_IS_SPAN(k) ((k) <= RESOLVE_HTML_LINK)

typedef struct resolve_html_elem {
    size_t offset;          /* the tag's first byte in the node's literal */
    resolve_html_kind kind;
    bool closing, self_closing;
    char name[16];          /* lower-case tag name */
    char *target;           /* LINK: destination name or URL (NULL: none); IMAGE: src (NULL: none, warned) */
    bool internal;          /* LINK: target is in the book */
    char *anchor;           /* LINK: destination name of its id/name, or NULL */
    char *alt;              /* IMAGE */
    double width;           /* IMAGE: width in points (0: natural) */
    bool remote;            /* IMAGE: never fetched (resolve_url_is_remote): alt stands in its place */
    const char *say;        /* IMAGE: accessible text of the figure (as resolve_image's) */
    const char *missing;    /* IMAGE: printed when it cannot be loaded: alt, else src */
} resolve_html_elem;

/* ---- a chapter's model ---- */
typedef struct resolve_chapter {
    char *label;           /* "Chapter 3", "Appendix A", or NULL when unnumbered */
    char *outline;         /* bookmark title: "3 Title" or "Title" */
    char *mark;            /* running head: the outline, or "3 Short title" from `short_title:` */
    GPtrArray *notes;      /* resolve_note *, index = number - 1 */
    GHashTable *note_of;   /* footnote reference node → note index + 1 (GSIZE_TO_POINTER) */
    GHashTable *links;     /* link node → resolve_link * */
    GHashTable *sections;  /* heading node → resolve_section * */
    GHashTable *items;     /* list item node → resolve_item * */
    GHashTable *images;    /* image node → resolve_image * */
    resolve_float *floats; /* one per ch->captions entry (same index) */
    size_t n_floats;
    GHashTable *callouts;  /* block quote node → resolve_callout * (only those that are callouts) */
    GHashTable *html;      /* HTML node → GArray of resolve_html_elem, by offset */
    size_t n_html;         /* HTML elements in all */
    GHashTable *code;      /* code block node → resolve_code * */
    GHashTable *formulas;  /* math node, or a block that is a display formula → resolve_formula * */
} resolve_chapter;

/* Resolves every chapter loaded without errors (after number_book); warns about unknown
 * callout kinds and unsupported HTML. Replaces models made before (watch rebuilds). */
void resolve_book(const book *bk, source_chapter *chs, size_t n);
/* One chapter: chs[i] against the book (link targets, their numbers). */
void resolve_chapter_make(const theme *th, const vars_table *vars, source_chapter *chs, size_t n, size_t i);
void resolve_chapter_free(resolve_chapter *m);

/* Lookups (NULL when the node has no decision, or the chapter no model). */
const resolve_section *resolve_section_of(const source_chapter *ch, cmark_node *heading);
const resolve_item *resolve_item_of(const source_chapter *ch, cmark_node *item);
const resolve_image *resolve_image_of(const source_chapter *ch, cmark_node *image);
const resolve_float *resolve_float_of(const source_chapter *ch, const source_caption *cap);
const resolve_link *resolve_link_of(const source_chapter *ch, cmark_node *link);
/* Whether chapter ch prints a page number after a cross-reference (a link that cites_page). */
bool resolve_cites_pages(const source_chapter *ch);
const resolve_note *resolve_note_at(const source_chapter *ch, size_t index);
/* The note a footnote reference cites (its index in *index), or NULL. */
const resolve_note *resolve_footnote_of(const source_chapter *ch, cmark_node *ref, size_t *index);
const resolve_callout *resolve_callout_of(const source_chapter *ch, cmark_node *quote);
const resolve_code *resolve_code_of(const source_chapter *ch, cmark_node *code);
/* A math node's formula, or the display formula a paragraph or ```math block is. */
const resolve_formula *resolve_formula_of(const source_chapter *ch, cmark_node *n);
/* The HTML element whose tag starts at byte `offset` of node's literal. */
const resolve_html_elem *resolve_html_at(const source_chapter *ch, cmark_node *node, size_t offset);

/* "Chapter 3" / "Appendix A" (NULL when unnumbered), "Part II" (newly allocated). */
char *resolve_chapter_label(const theme *th, const source_chapter *ch);
char *resolve_part_label(const theme *th, size_t number);
/* An image address that is never fetched: http:, //host, data:. */
bool resolve_url_is_remote(const char *src);
/* The neutral kind of an HTML tag name (lower case). */
resolve_html_kind resolve_html_kind_of(const char *name);
const char *resolve_html_kind_name(resolve_html_kind k);

/* Fills m->html from every HTML node of the chapter (resolve_html.c). */
void resolve_html_chapter(resolve_chapter *m, source_chapter *chs, size_t n, const source_chapter *ch);
/* Fills m->code, m->formulas and the figure texts of m->images and m->html (resolve_block.c). */
void resolve_block_chapter(const theme *th, const vars_table *vars, resolve_chapter *m, const source_chapter *ch);
/* The language an info string names: its first word after blanks, '{' and '.', of letters, digits
 * and "_+-#", lower case; NULL when none or longer than RESOLVE_LANG_MAX (newly allocated, g_free). */
enum { RESOLVE_LANG_MAX = 64 };
char *resolve_code_language(const char *info);
/* The accessible text of a figure and the text printed when it cannot be loaded (resolve_block.c). */
const char *resolve_figure_say(const theme *th, const char *alt, const source_caption *cap);
const char *resolve_figure_missing(const char *alt, const char *src);
/* Section depth, structure tag, bookmark and contents levels of a heading level (resolve_block.c). */
void resolve_heading_levels(resolve_section *s, int level);
/* Writes every decision of the book's models, chapter by chapter (MLSD_DUMP=model). */
void resolve_dump(const source_chapter *chs, size_t n, FILE *f);

#endif
