/* layout_int — what the layout files share: the context and their entry points. */
#ifndef MLSD_LAYOUT_INT_H
#define MLSD_LAYOUT_INT_H

#include "layout.h"
#include "fonts.h"
#include "linebreak.h"
#include "resolve.h"
#include "util.h"

typedef struct layout_ctx {
    PangoContext *pc;
    PangoLanguage *lang;
    const book *bk;
    const theme *th;
    double em;          /* body font size of the paper */
    double width;       /* text column width */
    double text_height; /* text area height */
    source_chapter *chapters;
    size_t n_chapters;
    const source_chapter *ch;
    const page_destmap *pages; /* page labels from the previous pass, or NULL */
    hyphen *hyph;
    figure_cache *figures;
    files *files;
    layout_cache *cache;
    hl_registry *highlight;     /* language definitions (NULL: no highlighting) */
    util_buf *refs;             /* text of every page reference made (for the pass loop) */
    const bookindex *index;     /* marked index terms: destinations to place (may be NULL) */
    vlist *out;
    double pending_space;
    bool suppress_space; /* the first block of a container adds no space before it */
    /* Current running-text style (changed inside tables, notes, quotes). */
    double size;
    theme_color color;
    /* Notes of the current chapter (numbered by resolve: ch->model->notes): which are laid out. */
    bool *note_placed;    /* per note: laid out (attached to the line of its first mark) */
    size_t *note_queue;   /* notes referenced inside notes, waiting to be laid out */
    size_t n_note_queue, cap_note_queue;
    int list_depth;
    bool warned_depth;
    bool in_note;         /* laying out a footnote */
    struct layout_metrics { const char *family; double size; int weight, style; double ascent, descent, hyphen; } metrics[32];
    int n_metrics;        /* font metrics (and hyphen width) cache: measuring shapes sample text, so once per font */
    page_structs *structs; /* structure elements (the main list's); NULL: none are made */
    int sid;               /* the open structure element new ones go under (0 = the document) */
    int chapter_sid;       /* the chapter's Sect: footnotes go under it */
    cmark_node *skip_node; /* a callout's "[!KIND]" text node (resolve_callout): its first skip_bytes are not printed */
    size_t skip_bytes;
} layout_ctx;

void layout_ctx_init(layout_ctx *c, const layout_input *in, vlist *out);
/* Destination name of part n (its label is resolve_part_label). */
char *layout_part_dest(size_t number);
/* A standalone run of styled text (titles, labels); returns its first box. */
size_t layout_line_text(layout_ctx *c, const char *text, const char *family, double size, PangoWeight weight,
                        PangoStyle style, theme_color color, PangoAlignment align, double leading, double x,
                        double w, bool keep);
void layout_outline(vbox *b, int level, const char *title, const char *dest);
/* "Table 4.2: Caption" (label in bold, may be NULL), centred; returns its first box. */
size_t layout_caption(layout_ctx *c, const char *label, const char *text, bool above, double x, double w);

/* Structure (layout_tag.c): an element opened over the boxes laid out until it is
 * closed; closing gives it every item in them not yet given to an inner element. */
typedef struct layout_tag {
    int sid, parent;
    vlist *out;
    size_t box;
} layout_tag;
void layout_tag_begin(layout_ctx *c, layout_tag *t, page_role role, const char *alt);
void layout_tag_end(layout_ctx *c, const layout_tag *t);
/* A new element under the open one without opening it (table rows and cells, labels). */
int layout_tag_add(layout_ctx *c, page_role role, int parent);
/* Gives items [from, l->n) without an element to sid. */
void layout_tag_items(page_items *l, size_t from, int sid);

/* Vertical spacing: request space before the next box; boxes flush it. */
void layout_space(layout_ctx *c, double amount);
vbox *layout_box(layout_ctx *c, double height, unsigned flags);

/* Paragraph layouts kept (layout_cache.c): the layout and the break fix's offset map. */
typedef struct layout_cached {
    unsigned gen;    /* the cache's generation when last used */
    PangoLayout *lay;
    int *map;        /* the break fix's offset map, or NULL */
    size_t map_len;  /* text length before the fix */
    layout_cache *owner;
    size_t cost;     /* the key's length, counted against the cache's budget */
} layout_cached;
/* The kept layout for key (marked as used), or NULL. */
const layout_cached *layout_cache_get(layout_cache *c, const char *key);
/* Keeps lay (a new reference) and map (taken) under key (taken). */
void layout_cache_put(layout_cache *c, char *key, PangoLayout *lay, int *map, size_t map_len);

/* Words shaped for line breaking, kept per layout thread (layout_measure.c). */
typedef struct text_words text_words;
text_words *text_words_new(void);
void text_words_free(text_words *w);
void text_words_clear(text_words *w);
/* The cache's word table (made on first use). */
text_words *layout_cache_words(layout_cache *c);

/* Inline text (layout_text.c). */
typedef struct text_link {
    int start, end;
    char *target;
    bool internal;
} text_link;

typedef struct text_builder {
    util_buf s;
    PangoAttrList *attrs;
    text_link *links;
    size_t n_links, cap_links;
    struct text_image { char *src, *alt; const char *say, *missing; double width; cmark_node *node; bool leading; } *images;
    size_t n_images, cap_images; /* inline images, placed as figures after the text (leading: no text before it;
                                    say, missing: the model's, see resolve_image) */
    struct text_anchor { int index; char *dest; } *anchors;
    size_t n_anchors, cap_anchors; /* <a id> destinations inside the text */
    struct text_noteref { int index; size_t note; } *noterefs;
    size_t n_noterefs, cap_noterefs; /* note marks in the text, for attaching footnotes to lines */
    struct text_open { char name[16]; int kind; int start; char *target; bool internal; } html[16]; /* kind: resolve_html_kind */
    int n_html;
    const char *family;  /* base family of this text */
    bool hyphenate;      /* insert soft hyphens into words (running text, not headings) */
    struct text_math { int index; page_math *math; double w, h, d; char *alt; int space; double gap, penalty; } *maths;
    size_t n_maths, cap_maths; /* inline formulas (or their parts): U+FFFC objects at index (layout_math.c);
                                * space: the index of the space after a part where the formula may break
                                * (-1: none), gap: its width, penalty: the cost of breaking there */
    size_t n_spans, n_breaks; /* attributes and forced line breaks so far (bounded: Pango is quadratic in them) */
    bool over_budget, warned_budget; /* some were set as plain text / spaces; the warning was given */
} text_builder;

/* Bounds per text (a paragraph, a heading, a cell): beyond them styles and links are dropped and
 * line breaks become spaces, with one warning. Pango 1.50 applies colours and underlines run by run
 * from the start of the attribute list, and counts characters from the start of the text for every
 * line break, so floods of either are quadratic. */
enum { TEXT_MAX_SPANS = 500, TEXT_MAX_BREAKS = 1000 };

typedef struct text_style {
    const char *family;
    double size;
    double leading;      /* line height / size */
    PangoWeight weight;
    PangoStyle style;
    theme_color color;
    PangoAlignment align;
    bool justify;
    bool keep_together;  /* headings: no break inside or after */
} text_style;

/* A forced line break: a paragraph separator for Pango, so the line before it is not justified. */
#define TEXT_LINE_SEPARATOR "\n"

void text_init(text_builder *tb, const char *family);
/* Builder pieces shared by layout_text.c, layout_html.c and layout_lines.c: the text's length
 * so far, an attribute over [start, end), code style (shade: inline code's background), super-
 * or subscript, a link's area and style, and a hard line break. */
int text_len(const text_builder *tb);
void text_attr(text_builder *tb, PangoAttribute *a, int start, int end);
void text_mono(layout_ctx *c, text_builder *tb, int start, int end, bool shade);
void text_script(text_builder *tb, int start, int end, bool super);
void text_add_link(text_builder *tb, int start, int end, const char *target, bool internal);
void text_link_style(layout_ctx *c, text_builder *tb, int start, int end);
void text_hard_break(text_builder *tb);
/* A colour attribute (not yet inserted). */
PangoAttribute *text_color_attr(theme_color c);
/* Closes the open inline HTML tag idx (layout_html.c): its style ends here. */
void text_html_close(layout_ctx *c, text_builder *tb, int idx);
/* The builder holds nothing but spaces and line breaks. */
bool text_is_blank(const text_builder *tb);
void text_attr_bold(text_builder *tb, int start, int end);
void text_free(text_builder *tb);
void text_inlines(layout_ctx *c, text_builder *tb, cmark_node *parent);
/* Raw HTML (inline or block) into the builder; node gives the position. */
void text_html(layout_ctx *c, text_builder *tb, const char *html, cmark_node *node, bool block);
/* The same for bytes [from, to) of html (positions still count from its start). */
void text_html_range(layout_ctx *c, text_builder *tb, const char *html, size_t from, size_t to, cmark_node *node,
                     bool block);
/* An image's alt text in its place (italic, muted): remote images, images that cannot be drawn. */
void text_image_alt(layout_ctx *c, text_builder *tb, const char *alt);
/* A forced line break (none at the start or after another). */
void text_line_break(text_builder *tb);
/* The inline code style on bytes [start, end) (a formula with errors is shown so). */
void text_code_style(layout_ctx *c, text_builder *tb, int start, int end);
/* An attribute over [start, end), counted against the text's budget (inline formulas). */
void text_object(text_builder *tb, PangoAttribute *a, int start, int end);
/* Literal text in the code font (a code block's text inside a table cell). */
void text_code(layout_ctx *c, text_builder *tb, const char *s);
/* Makes the Pango layout of the builder's text at a width. */
PangoLayout *text_make_layout(layout_ctx *c, text_builder *tb, const text_style *st, double width);
/* Adds link areas of the builder's links on a line of its layout (drawn at dx) to items. */
void text_line_links(text_builder *tb, PangoLayoutLine *ln, double dx, double line_top, double line_h, page_items *items);
/* Breaks the text into line boxes at x, width; returns the index of the first box. */
size_t text_emit(layout_ctx *c, text_builder *tb, const text_style *st, double x, double width);
/* The font of a style (newly allocated). */
PangoFontDescription *text_font(const text_style *st);
/* A paragraph measured for line breaking: the width of each cluster (Pango units) at its byte
 * index, in text order, and the segments between forced line breaks (clusters: the number of
 * clusters up to the segment's end; end: the byte index where it ends). */
typedef struct text_cluster {
    int index, width;
} text_cluster;
typedef struct text_segment {
    size_t clusters;
    int end;
} text_segment;
typedef struct text_measure {
    text_cluster *cl;
    size_t n_cl, cap_cl;
    text_segment *seg;
    size_t n_seg, cap_seg;
} text_measure;
/* Memory a layout thread reuses from paragraph to paragraph to break lines (kept in its cache). */
typedef struct text_pool {
    text_measure m;
    linebreak_item *items;
    size_t *at;
    size_t cap_items, cap_at;
    linebreak_scratch lb;
} text_pool;
text_pool *layout_cache_pool(layout_cache *c);
void text_pool_free(text_pool *p);
/* Measures the builder's text (finished) from its words, shaped once per thread and kept (in
 * c->cache); false when the text needs measuring in one piece (see layout_measure.c). */
bool text_measure_words(layout_ctx *c, const text_builder *tb, const text_style *st, text_measure *m);
/* Width of the hyphen added at a line's end in a style's font. */
double text_hyphen_width(layout_ctx *c, const text_style *st);
#define TEXT_SOFT_HYPHEN "\xc2\xad"
#define TEXT_FORCED_BREAK "\xe2\x80\xa8" /* U+2028: a line break inside a justified paragraph */

/* A line break chosen in the text: content up to `end` stays on the line (then a
 * hyphen when it breaks a word), bytes [end, resume) go (the space it breaks at). */
typedef struct text_break {
    size_t end, resume;
    bool hyphen;
} text_break;
/* Knuth–Plass breaks for a justified text (layout_breaks.c), paragraph by paragraph (the
 * segments between forced breaks), within text.tolerance or else text.emergency_tolerance;
 * false when some segment cannot be set within either. */
bool text_optimal_breaks(layout_ctx *c, text_builder *tb, const text_style *st, double width, text_break **out,
                         size_t *n_out);

/* Spaces (layout_spaces.c). For every byte of tb's text: TEXT_SPACE_FIXED on a space that never
 * stretches, TEXT_SPACE_KEEP on one that never ends a line (inline code, a number and its unit,
 * before an operator). Newly allocated, one byte more than the text. */
enum { TEXT_SPACE_FIXED = 1, TEXT_SPACE_KEEP = 2 };
unsigned char *text_space_rules(const layout_ctx *c, const text_builder *tb);
/* Widens (or narrows) the stretchable spaces of every line of lay (tb's text) but a paragraph's
 * last, so that it fills width; a line without one stays as it is. */
void text_justify(const layout_ctx *c, const text_builder *tb, PangoLayout *lay, double width);

/* Line metrics of a style: box height and baseline offset inside it. */
void text_line_box(layout_ctx *c, const text_style *st, PangoLayoutIter *it, double *height, double *baseline);
void text_style_body(layout_ctx *c, text_style *st);
void text_check_glyphs(layout_ctx *c, PangoLayout *lay, cmark_node *node);

/* Index (layout_index.c): the destination of an index mark at byte `offset` of node
 * (a comment in an HTML node, or a glossary term's bold node at 0) becomes an anchor here. */
void layout_index_anchor(layout_ctx *c, text_builder *tb, cmark_node *node, size_t offset);

/* Blocks (layout_block.c), chosen by layout_block (layout_dispatch.c) from the node's type. */
void layout_paragraph(layout_ctx *c, cmark_node *n, double x, double w);
void layout_heading(layout_ctx *c, cmark_node *n, double x, double w);
void layout_list(layout_ctx *c, cmark_node *list, double x, double w);
void layout_quote(layout_ctx *c, cmark_node *n, double x, double w);
void layout_html_block(layout_ctx *c, cmark_node *n, double x, double w);
void layout_thematic_break(layout_ctx *c, double x, double w);
void layout_blocks(layout_ctx *c, cmark_node *parent, double x, double w);
void layout_block(layout_ctx *c, cmark_node *n, double x, double w);
/* Lays out the footnotes first referenced in text bytes [from, to) of tb and
 * attaches them to box `box`. */
void layout_attach_notes(layout_ctx *c, size_t box, const text_builder *tb, int from, int to);
/* A list marker (or task box) on the first text line at or after box `first`. */
void layout_marker(layout_ctx *c, size_t first, const char *text, double right, bool task, bool checked);
/* Decorations for a range of boxes (bars, backgrounds). */
void layout_decorate(layout_ctx *c, size_t from, double x, double w, const theme_color *bg, const theme_color *bar,
                     double bar_w);

/* Page breaks in blocks (layout_keep.c). Marks boxes [from, end) as inside one block
 * (no float between them); spacing carried in before it is left out. */
void layout_mark_inside(layout_ctx *c, size_t from);
/* Boxes [from, end) keep together when at most max_h tall (or too few to split),
 * else the first and the last `ends` lines (or rows) each keep together. */
void layout_keep_block(layout_ctx *c, size_t from, double max_h, size_t ends);
/* Lines (or rows) a block leaves at least on each side of a page break, as paragraphs do. */
enum { LAYOUT_SPLIT_LINES = 2 };


/* Math (layout_math.c): an inline formula into the text; its items on a laid-out line
 * (drawn at x, baseline); the builder's formulas freed; a display formula (a paragraph
 * holding only display math, or a ```math block): true when it was laid out. */
void layout_math_inline(layout_ctx *c, text_builder *tb, cmark_node *n);
void layout_math_line(layout_ctx *c, text_builder *tb, PangoLayout *lay, PangoLayoutLine *ln, double x, double baseline,
                      page_items *items);
void layout_math_free(text_builder *tb);
bool layout_math_block(layout_ctx *c, cmark_node *n, double x, double w);

/* Code blocks: layout_code (layout_dispatch.c) picks a fence's handler by the kind resolve gave it,
 * else sets it as code (layout_code.c). */
void layout_code(layout_ctx *c, cmark_node *n, double x, double w);
/* A block whose longest line does not fit widens into the margins, centred (layout_overhang). */
void layout_code_widen(layout_ctx *c, const char *lit, double *x, double *w);
/* Monospace text on the code background (info: the language that picks the highlighter, may be NULL;
 * results: worked arithmetic, whose results are set in bold; numbers: line numbers, as resolved). */
void layout_code_text(layout_ctx *c, const char *info, const char *text, bool results, bool numbers, double x, double w);
/* A ```calc block as its worked arithmetic (layout_calc.c); false when it had
 * errors (then it is shown as code). */
bool layout_calc(layout_ctx *c, cmark_node *n, double x, double w);
/* Bold for the result lines of worked arithmetic (the last indented line of each definition). */
void layout_calc_results(PangoAttrList *attrs, const char *text, size_t len);
/* Tables (layout_table.c): GFM, and the chapter's HTML table number `index`. */
void layout_table(layout_ctx *c, cmark_node *n, double x, double w);
void layout_html_table(layout_ctx *c, size_t index, double x, double w);
/* Images (layout_image.c): src relative to the chapter's directory; say and missing as resolved
 * (the figure's accessible text, the text printed when it cannot be loaded); width_pt 0 = natural. */
void layout_image(layout_ctx *c, const char *src, const char *say, const char *missing, double width_pt, cmark_node *node,
                  double x, double w);
/* The decoded figure of an image file (cached), or NULL (warned about) when it cannot be drawn. */
const figure *layout_image_figure(layout_ctx *c, const char *src, cmark_node *node);
/* The figure cache's key for an image file: its path and content hash ("file:PATH:SHA256"; just
 * "file:PATH" when it cannot be read inside root). */
char *layout_image_key(files *fs, const char *root, const char *path);
/* An image file a chapter used (cached: its figure, or NULL): recorded in the memo being made on
 * this thread, if any (layout_memo.c). */
void layout_memo_note_figure(const char *path, const char *key, const figure *cached);
/* Chapter i on thread w, into out, refs and sink (the thread's current one): handed over from its
 * memo when that is valid, else laid out with layout_unit (and a memo made when it has a key). */
void layout_memo_unit(const layout_input *in, size_t w, size_t i, vlist *out, util_buf *refs, diag_sink *sink);
/* How far a wide block (a diagram, a code block of long lines) may reach into each margin beside a
 * column of width w: wide.max_width of it in all, at most wide.overhang of the narrower margin a side. */
double layout_overhang(const layout_ctx *c, double w);
/* A ```dot block drawn as a vector figure. */
void layout_diagram(layout_ctx *c, cmark_node *n, double x, double w);
/* The same for DOT text made from the block n (its caption and position are n's). */
void layout_diagram_text(layout_ctx *c, cmark_node *n, const char *dot, double x, double w);
/* A ```mermaid block (layout_mermaid.c): a flowchart is drawn as a diagram (true); false for
 * other kinds, which are shown as code. */
bool layout_mermaid(layout_ctx *c, cmark_node *n, double x, double w);

#endif
