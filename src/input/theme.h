/* theme — every number and colour that decides how a page looks.
 * Defaults come from templates/theme.yaml; book.yaml's `theme:` mapping
 * overrides them key by key. Sizes marked (em) are multiples of the body
 * font size of the chosen paper, so one theme suits every paper size. */
#ifndef MLSD_THEME_H
#define MLSD_THEME_H

#include <stdbool.h>
#include <stddef.h>

#include "files.h"
#include "yamlx.h"

typedef struct theme_color {
    double r, g, b;
} theme_color;

typedef enum { THEME_STR, THEME_NUM, THEME_LEN, THEME_COLOR, THEME_BOOL } theme_type;

/* X(type, c_type, field, "yaml.key", min, max) — min/max bound numbers and lengths. */
#define THEME_FIELDS(X) \
    X(THEME_STR, char *, font_body, "font.body", 0, 0) \
    X(THEME_STR, char *, font_heading, "font.heading", 0, 0) \
    X(THEME_STR, char *, font_mono, "font.mono", 0, 0) \
    X(THEME_NUM, double, text_leading, "text.leading", 1, 3) \
    X(THEME_BOOL, bool, text_justify, "text.justify", 0, 0) \
    X(THEME_BOOL, bool, text_optimal_breaks, "text.optimal_breaks", 0, 0) \
    X(THEME_NUM, double, text_tolerance, "text.tolerance", 0.5, 20) \
    X(THEME_NUM, double, text_emergency_tolerance, "text.emergency_tolerance", 0.5, 100) \
    X(THEME_NUM, double, text_paragraph_space, "text.paragraph_space", 0, 5) \
    X(THEME_NUM, double, text_space_stretch, "text.space_stretch", 0, 5) \
    X(THEME_NUM, double, text_space_shrink, "text.space_shrink", 0, 0.9) \
    X(THEME_NUM, double, text_hyphen_penalty, "text.hyphen_penalty", 0, 10000) \
    X(THEME_NUM, double, text_line_penalty, "text.line_penalty", 0, 1000) \
    X(THEME_NUM, double, text_double_hyphen_demerits, "text.double_hyphen_demerits", 0, 1e7) \
    X(THEME_NUM, double, text_final_hyphen_demerits, "text.final_hyphen_demerits", 0, 1e7) \
    X(THEME_NUM, double, text_adj_demerits, "text.adj_demerits", 0, 1e7) \
    X(THEME_NUM, double, text_short_last_line, "text.short_last_line", 0, 1) \
    X(THEME_NUM, double, text_short_last_line_demerits, "text.short_last_line_demerits", 0, 1e7) \
    X(THEME_NUM, double, text_hyphen_limit, "text.hyphen_limit", 0, 8) \
    X(THEME_NUM, double, text_hyphen_min_left, "text.hyphen_min_left", 1, 10) \
    X(THEME_NUM, double, text_hyphen_min_right, "text.hyphen_min_right", 1, 10) \
    X(THEME_NUM, double, text_hyphen_min_word, "text.hyphen_min_word", 2, 64) \
    X(THEME_STR, char *, text_units, "text.units", 0, 0) \
    X(THEME_STR, char *, text_no_break_before, "text.no_break_before", 0, 0) \
    X(THEME_NUM, double, rule_space, "rule.space", 0, 10) \
    X(THEME_COLOR, theme_color, color_text, "color.text", 0, 0) \
    X(THEME_COLOR, theme_color, color_heading, "color.heading", 0, 0) \
    X(THEME_COLOR, theme_color, color_link, "color.link", 0, 0) \
    X(THEME_COLOR, theme_color, color_muted, "color.muted", 0, 0) \
    X(THEME_COLOR, theme_color, color_rule, "color.rule", 0, 0) \
    X(THEME_NUM, double, h1_size, "heading.h1.size", 0.5, 5) \
    X(THEME_NUM, double, h2_size, "heading.h2.size", 0.5, 5) \
    X(THEME_NUM, double, h3_size, "heading.h3.size", 0.5, 5) \
    X(THEME_NUM, double, h4_size, "heading.h4.size", 0.5, 5) \
    X(THEME_NUM, double, h5_size, "heading.h5.size", 0.5, 5) \
    X(THEME_NUM, double, h6_size, "heading.h6.size", 0.5, 5) \
    X(THEME_NUM, double, heading_space_before, "heading.space_before", 0, 10) \
    X(THEME_NUM, double, heading_space_after, "heading.space_after", 0, 10) \
    X(THEME_NUM, double, heading_leading, "heading.leading", 1, 3) \
    X(THEME_NUM, double, chapter_label_size, "chapter.label_size", 0.5, 5) \
    X(THEME_NUM, double, chapter_title_size, "chapter.title_size", 0.5, 6) \
    X(THEME_NUM, double, chapter_summary_size, "chapter.summary_size", 0.5, 3) \
    X(THEME_NUM, double, chapter_top_space, "chapter.top_space", 0, 30) \
    X(THEME_NUM, double, chapter_after_space, "chapter.after_space", 0, 30) \
    X(THEME_NUM, double, part_title_size, "part.title_size", 0.5, 6) \
    X(THEME_NUM, double, part_label_size, "part.label_size", 0.5, 6) \
    X(THEME_NUM, double, title_size, "titlepage.title_size", 0.5, 8) \
    X(THEME_NUM, double, subtitle_size, "titlepage.subtitle_size", 0.5, 5) \
    X(THEME_NUM, double, author_size, "titlepage.author_size", 0.5, 5) \
    X(THEME_NUM, double, titlepage_top, "titlepage.top", 0, 0.9) \
    X(THEME_LEN, double, titlepage_rule_width, "titlepage.rule_width", 0, 10) \
    X(THEME_NUM, double, titlepage_rule_space, "titlepage.rule_space", 0, 10) \
    X(THEME_NUM, double, code_size, "code.size", 0.4, 2) \
    X(THEME_NUM, double, code_leading, "code.leading", 1, 3) \
    X(THEME_LEN, double, code_padding, "code.padding", 0, 72) \
    X(THEME_COLOR, theme_color, code_background, "code.background", 0, 0) \
    X(THEME_COLOR, theme_color, code_mark, "code.mark_color", 0, 0) \
    X(THEME_BOOL, bool, code_line_numbers, "code.line_numbers", 0, 0) \
    X(THEME_BOOL, bool, code_show_language, "code.show_language", 0, 0) \
    X(THEME_NUM, double, code_label_size, "code.label_size", 0.3, 1.5) \
    X(THEME_NUM, double, code_tab_width, "code.tab_width", 1, 16) \
    X(THEME_NUM, double, code_hang, "code.hang", 0, 8) \
    X(THEME_NUM, double, code_hang_limit, "code.hang_limit", 0, 0.9) \
    X(THEME_COLOR, theme_color, syntax_keyword, "code.syntax.keyword", 0, 0) \
    X(THEME_COLOR, theme_color, syntax_type, "code.syntax.type", 0, 0) \
    X(THEME_COLOR, theme_color, syntax_string, "code.syntax.string", 0, 0) \
    X(THEME_COLOR, theme_color, syntax_number, "code.syntax.number", 0, 0) \
    X(THEME_COLOR, theme_color, syntax_comment, "code.syntax.comment", 0, 0) \
    X(THEME_COLOR, theme_color, syntax_function, "code.syntax.function", 0, 0) \
    X(THEME_COLOR, theme_color, syntax_operator, "code.syntax.operator", 0, 0) \
    X(THEME_COLOR, theme_color, syntax_punct, "code.syntax.punct", 0, 0) \
    X(THEME_COLOR, theme_color, syntax_key, "code.syntax.key", 0, 0) \
    X(THEME_COLOR, theme_color, syntax_builtin, "code.syntax.builtin", 0, 0) \
    X(THEME_COLOR, theme_color, syntax_variable, "code.syntax.variable", 0, 0) \
    X(THEME_COLOR, theme_color, syntax_preproc, "code.syntax.preproc", 0, 0) \
    X(THEME_NUM, double, inline_code_size, "code.inline_size", 0.4, 2) \
    X(THEME_COLOR, theme_color, inline_code_background, "code.inline_background", 0, 0) \
    X(THEME_NUM, double, inline_code_nobreak, "code.inline_nobreak", 0, 1000) \
    X(THEME_NUM, double, quote_indent, "quote.indent", 0, 10) \
    X(THEME_LEN, double, quote_bar_width, "quote.bar_width", 0, 20) \
    X(THEME_COLOR, theme_color, quote_bar, "quote.bar_color", 0, 0) \
    X(THEME_COLOR, theme_color, quote_text, "quote.text_color", 0, 0) \
    X(THEME_NUM, double, list_indent, "list.indent", 0, 10) \
    X(THEME_NUM, double, list_marker_gap, "list.marker_gap", 0, 5) \
    X(THEME_NUM, double, list_item_space, "list.item_space", 0, 5) \
    X(THEME_NUM, double, list_task_size, "list.task_size", 0.2, 2) \
    X(THEME_STR, char *, list_bullets, "list.bullets", 0, 0) \
    X(THEME_NUM, double, table_size, "table.size", 0.4, 2) \
    X(THEME_NUM, double, table_min_size, "table.min_size", 0.3, 2) \
    X(THEME_LEN, double, table_pad_x, "table.cell_pad_x", 0, 72) \
    X(THEME_LEN, double, table_pad_y, "table.cell_pad_y", 0, 72) \
    X(THEME_COLOR, theme_color, table_header_background, "table.header_background", 0, 0) \
    X(THEME_COLOR, theme_color, table_rule, "table.rule_color", 0, 0) \
    X(THEME_LEN, double, table_rule_width, "table.rule_width", 0, 10) \
    X(THEME_LEN, double, table_strong_rule_width, "table.strong_rule_width", 0, 10) \
    X(THEME_NUM, double, table_leading, "table.leading", 1, 3) \
    X(THEME_NUM, double, table_space, "table.space", 0, 10) \
    X(THEME_NUM, double, table_keep_rows, "table.keep_rows", 0, 1000) \
    X(THEME_BOOL, bool, table_center, "table.center", 0, 0) \
    X(THEME_LEN, double, rule_width, "rule.width", 0, 10) \
    X(THEME_NUM, double, rule_length, "rule.length", 0, 1) \
    X(THEME_NUM, double, footer_size, "footer.size", 0.4, 2) \
    X(THEME_LEN, double, footer_offset, "footer.offset", 0, 144) \
    X(THEME_NUM, double, image_max_height, "image.max_height", 0.1, 1) \
    X(THEME_LEN, double, diagram_font_size, "diagram.font_size", 4, 30) \
    X(THEME_LEN, double, diagram_min_font_size, "diagram.min_font_size", 4, 30) \
    X(THEME_NUM, double, diagram_max_height, "diagram.max_height", 0.1, 1) \
    X(THEME_NUM, double, wide_max_width, "wide.max_width", 1, 2) \
    X(THEME_NUM, double, wide_overhang, "wide.overhang", 0, 1) \
    X(THEME_LEN, double, diagram_node_sep, "diagram.node_sep", 1, 144) \
    X(THEME_LEN, double, diagram_rank_sep, "diagram.rank_sep", 1, 144) \
    X(THEME_LEN, double, diagram_padding_x, "diagram.padding_x", 0, 72) \
    X(THEME_NUM, double, diagram_wrap, "diagram.wrap", 4, 200) \
    X(THEME_LEN, double, diagram_padding_y, "diagram.padding_y", 0, 72) \
    X(THEME_LEN, double, diagram_edge_label_gap, "diagram.edge_label_gap", 0, 24) \
    X(THEME_LEN, double, diagram_pen_width, "diagram.pen_width", 0.1, 5) \
    X(THEME_NUM, double, diagram_arrow_size, "diagram.arrow_size", 0.2, 3) \
    X(THEME_COLOR, theme_color, diagram_line, "diagram.line_color", 0, 0) \
    X(THEME_COLOR, theme_color, diagram_fill, "diagram.fill_color", 0, 0) \
    X(THEME_COLOR, theme_color, diagram_text, "diagram.text_color", 0, 0) \
    X(THEME_NUM, double, caption_size, "image.caption_size", 0.4, 2) \
    X(THEME_NUM, double, caption_gap, "image.caption_gap", 0, 5) \
    X(THEME_NUM, double, float_gap, "image.float_gap", 0, 10) \
    X(THEME_NUM, double, page_stretch, "page.stretch", 0, 5) \
    X(THEME_NUM, double, page_line_stretch, "page.line_stretch", 0, 1) \
    X(THEME_NUM, double, notes_size, "notes.size", 0.4, 2) \
    X(THEME_NUM, double, notes_space, "notes.space", 0, 5) \
    X(THEME_NUM, double, numbering_depth, "numbering.depth", 0, 5) \
    X(THEME_NUM, double, toc_depth, "toc.depth", 0, 3) \
    X(THEME_NUM, double, toc_indent, "toc.indent", 0, 10) \
    X(THEME_NUM, double, toc_leader_gap, "toc.leader_gap", 0.1, 3) \
    X(THEME_NUM, double, toc_part_space, "toc.part_space", 0, 10) \
    X(THEME_NUM, double, toc_chapter_space, "toc.chapter_space", 0, 10) \
    X(THEME_NUM, double, toc_number_width, "toc.number_width", 0, 10) \
    X(THEME_NUM, double, header_size, "header.size", 0.4, 2) \
    X(THEME_LEN, double, header_offset, "header.offset", 0, 144) \
    X(THEME_LEN, double, header_rule_width, "header.rule_width", 0, 10) \
    X(THEME_NUM, double, header_rule_gap, "header.rule_gap", 0, 3) \
    X(THEME_NUM, double, header_gap, "header.gap", 0, 10) \
    X(THEME_STR, char *, label_contents, "labels.contents", 0, 0) \
    X(THEME_STR, char *, label_chapter, "labels.chapter", 0, 0) \
    X(THEME_STR, char *, label_appendix, "labels.appendix", 0, 0) \
    X(THEME_STR, char *, label_part, "labels.part", 0, 0) \
    X(THEME_STR, char *, label_section, "labels.section", 0, 0) \
    X(THEME_STR, char *, label_page, "labels.page", 0, 0) \
    X(THEME_STR, char *, label_table, "labels.table", 0, 0) \
    X(THEME_STR, char *, label_figure, "labels.figure", 0, 0) \
    X(THEME_STR, char *, label_equation, "labels.equation", 0, 0) \
    X(THEME_STR, char *, label_notes, "labels.notes", 0, 0) \
    X(THEME_STR, char *, label_index, "labels.index", 0, 0) \
    X(THEME_STR, char *, label_index_see, "labels.index_see", 0, 0) \
    X(THEME_STR, char *, label_index_see_also, "labels.index_see_also", 0, 0) \
    X(THEME_STR, char *, label_index_symbols, "labels.index_symbols", 0, 0) \
    X(THEME_NUM, double, index_size, "index.size", 0.4, 2) \
    X(THEME_NUM, double, index_leading, "index.leading", 0.8, 3) \
    X(THEME_NUM, double, index_column_gap, "index.column_gap", 0, 10) \
    X(THEME_NUM, double, index_indent, "index.indent", 0, 10) \
    X(THEME_NUM, double, index_letter_size, "index.letter_size", 0.4, 3) \
    X(THEME_NUM, double, index_letter_space, "index.letter_space", 0, 10) \
    X(THEME_LEN, double, callout_bar_width, "callout.bar_width", 0, 20) \
    X(THEME_LEN, double, callout_padding, "callout.padding", 0, 72) \
    X(THEME_NUM, double, callout_title_size, "callout.title_size", 0.4, 2) \
    X(THEME_NUM, double, callout_space, "callout.space", 0, 10) \
    X(THEME_NUM, double, math_size, "math.size", 0.5, 2) \
    X(THEME_NUM, double, math_space, "math.space", 0, 5) \
    X(THEME_NUM, double, math_column_gap, "math.column_gap", 0, 5) \
    X(THEME_NUM, double, math_row_height, "math.row_height", 0.5, 5) \
    X(THEME_NUM, double, math_row_gap, "math.row_gap", 0, 5) \
    X(THEME_NUM, double, math_cases_gap, "math.cases_gap", 0, 5) \
    X(THEME_NUM, double, math_null_delimiter, "math.null_delimiter", 0, 1) \
    X(THEME_NUM, double, math_delimiter_factor, "math.delimiter_factor", 0.5, 1) \
    X(THEME_NUM, double, math_delimiter_shortfall, "math.delimiter_shortfall", 0, 2) \
    X(THEME_NUM, double, math_number_gap, "math.number_gap", 0, 10) \
    X(THEME_NUM, double, math_rel_penalty, "math.rel_penalty", 0, 10000) \
    X(THEME_NUM, double, math_bin_penalty, "math.bin_penalty", 0, 10000) \
    X(THEME_NUM, double, callout_keep_height, "callout.keep_height", 0, 1)

typedef struct theme_paper {
    char *name;               /* "a4", "letter", "6x9" */
    double width, height;     /* pt */
    double margin_top, margin_bottom, margin_inner, margin_outer;
    double body_size;         /* pt */
    int line, col;            /* where a field of it was last set (for messages) */
} theme_paper;

/* A paper's text area must hold at least this many lines of this many characters (a character
 * taken as half an em) of body text, and the body size at least this many points: other values
 * would lay out nothing useful, or endless pages. */
enum { THEME_MIN_LINES = 10, THEME_MIN_CHARS = 20, THEME_MIN_BODY_SIZE = 4 };
#define THEME_CHAR_EM 0.5

typedef struct theme_callout {
    char *kind;               /* upper case: NOTE, TIP, … */
    char *label;              /* "Note" */
    theme_color color;        /* bar and title */
    theme_color background;
} theme_callout;

typedef struct theme {
#define THEME_X_FIELD(type, ctype, field, key, min, max) ctype field;
    THEME_FIELDS(THEME_X_FIELD)
#undef THEME_X_FIELD
    theme_paper *papers;
    size_t n_papers;
    theme_callout *callouts;
    size_t n_callouts;
} theme;

/* Loads the base theme file; every key must be present. */
bool theme_load_file(theme *t, const char *path);
/* The same, reading it through the store fs (files.h; NULL: directly); at most THEME_MAX_BYTES. */
enum { THEME_MAX_BYTES = 1 << 20 };
bool theme_load_file_in(theme *t, files *fs, const char *path);
/* Applies overrides from a YAML mapping (book.yaml `theme:`); unknown keys are errors. */
bool theme_apply(theme *t, yamlx_doc *d, yaml_node_t *mapping);
void theme_free(theme *t);

const theme_paper *theme_find_paper(const theme *t, const char *name);
/* Reports (against path) and returns false when a paper has no room for text. */
/* Reports (at the paper's position in path) a paper whose text area cannot hold body text. */
bool theme_paper_check(const theme *t, const theme_paper *p, const char *path);
const theme_callout *theme_find_callout(const theme *t, const char *kind);
/* The bullet of a list at a depth (0 = outermost) into mark: the words of list.bullets in turn
 * ("•" when it has none). */
void theme_list_bullet(const theme *t, int depth, char *mark, size_t cap);
/* "#1a2b3c" -> colour */
bool theme_parse_color(const char *s, theme_color *out);
/* Comma-separated list of paper names, for messages. */
char *theme_paper_names(const theme *t);

#endif
