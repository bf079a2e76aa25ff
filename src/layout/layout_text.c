/* layout_text — inline Markdown → attributed text: styles, links, notes, images, code and math
 * in a text builder (layout_html.c adds inline HTML; layout_lines.c makes the line boxes). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "html.h"
#include "layout_int.h"
#include "xref.h"


void text_hard_break(text_builder *tb)
{
    if (++tb->n_breaks > TEXT_MAX_BREAKS) {
        util_buf_addc(&tb->s, ' ');
        tb->over_budget = true;
    } else {
        util_buf_adds(&tb->s, TEXT_LINE_SEPARATOR);
    }
}

void text_init(text_builder *tb, const char *family)
{
    memset(tb, 0, sizeof *tb);
    tb->attrs = pango_attr_list_new();
    tb->family = family;
    tb->hyphenate = true;
    util_buf_adds(&tb->s, "");
}

void text_free(text_builder *tb)
{
    util_buf_free(&tb->s);
    pango_attr_list_unref(tb->attrs);
    for (size_t i = 0; i < tb->n_links; i++) free(tb->links[i].target);
    free(tb->links);
    for (size_t i = 0; i < tb->n_images; i++) {
        free(tb->images[i].src);
        free(tb->images[i].alt);
    }
    free(tb->images);
    for (size_t i = 0; i < tb->n_anchors; i++) free(tb->anchors[i].dest);
    free(tb->anchors);
    free(tb->noterefs);
    layout_math_free(tb);
    for (int i = 0; i < tb->n_html; i++) free(tb->html[i].target);
    memset(tb, 0, sizeof *tb);
}

int text_len(const text_builder *tb) { return (int)tb->s.len; }

void text_attr(text_builder *tb, PangoAttribute *a, int start, int end)
{
    if (++tb->n_spans > TEXT_MAX_SPANS) {
        pango_attribute_destroy(a);
        tb->over_budget = true;
        return;
    }
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(tb->attrs, a);
}

void text_attr_bold(text_builder *tb, int start, int end)
{
    text_attr(tb, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end);
}

PangoAttribute *text_color_attr(theme_color c)
{
    return pango_attr_foreground_new((guint16)(c.r * 65535), (guint16)(c.g * 65535), (guint16)(c.b * 65535));
}

#define TEXT_NOTE_GAP "\xe2\x80\xaf" /* U+202F NARROW NO-BREAK SPACE: no line break before the mark */

void text_mono(layout_ctx *c, text_builder *tb, int start, int end, bool shade)
{
    text_attr(tb, pango_attr_family_new(c->th->font_mono), start, end);
    text_attr(tb, pango_attr_scale_new(c->th->inline_code_size), start, end);
    text_attr(tb, pango_attr_font_features_new("liga 0, calt 0"), start, end);
    /* Code broken across lines must not gain hyphens. */
    text_attr(tb, pango_attr_insert_hyphens_new(FALSE), start, end);
    if (shade) {
        theme_color b = c->th->inline_code_background;
        text_attr(tb, pango_attr_background_new((guint16)(b.r * 65535), (guint16)(b.g * 65535), (guint16)(b.b * 65535)),
                  start, end);
    }
}

void text_script(text_builder *tb, int start, int end, bool super)
{
    text_attr(tb, pango_attr_font_scale_new(super ? PANGO_FONT_SCALE_SUPERSCRIPT : PANGO_FONT_SCALE_SUBSCRIPT), start, end);
    text_attr(tb, pango_attr_baseline_shift_new(super ? PANGO_BASELINE_SHIFT_SUPERSCRIPT : PANGO_BASELINE_SHIFT_SUBSCRIPT),
              start, end);
}

void text_add_link(text_builder *tb, int start, int end, const char *target, bool internal)
{
    if (tb->n_links >= TEXT_MAX_SPANS) {
        tb->over_budget = true;
        return;
    }
    text_link *l = UTIL_PUSH(tb->links, tb->n_links, tb->cap_links);
    l->start = start;
    l->end = end;
    l->target = util_xstrdup(target);
    l->internal = internal;
}

void text_link_style(layout_ctx *c, text_builder *tb, int start, int end)
{
    text_attr(tb, text_color_attr(c->th->color_link), start, end);
}

/* Appends a superscript note number (note index + 1, as resolve numbered it) that links to the note. */
static void text_note_mark(layout_ctx *c, text_builder *tb, size_t note)
{
    const resolve_note *rn = resolve_note_at(c->ch, note);
    if (!rn) return;
    char num[24];
    snprintf(num, sizeof num, "%zu", rn->number);
    /* A narrow no-break space keeps the mark a word of its own in the PDF's text
     * ("Huyen 6", not "Huyen6") for search and copy, and on the word's line. */
    util_buf_adds(&tb->s, TEXT_NOTE_GAP);
    int start = text_len(tb);
    struct text_noteref *r = UTIL_PUSH(tb->noterefs, tb->n_noterefs, tb->cap_noterefs);
    r->index = start;
    r->note = note;
    util_buf_adds(&tb->s, num);
    text_script(tb, start, text_len(tb), true);
    text_link_style(c, tb, start, text_len(tb));
    text_add_link(tb, start, text_len(tb), rn->dest, true);
}

static void text_footnote_ref(layout_ctx *c, text_builder *tb, cmark_node *n)
{
    size_t note;
    if (resolve_footnote_of(c->ch, n, &note)) text_note_mark(c, tb, note);
    else util_buf_adds(&tb->s, "?");
}

char *layout_dest_name(const char *chapter_slug, const char *id) { return xref_dest_name(chapter_slug, id); }

/* Words on a page of a typical book (the guide: 186,000 words on 614 pages), to guess how many
 * digits page numbers have before any is known. */
#define TEXT_GUESS_WORDS_PER_PAGE 300.0

/* Before the first pass has placed anything, a page reference prints a number as wide as most of
 * the book's will be (as many digits as its estimated page count), so that the next pass, which
 * prints the real ones, usually breaks the lines the same way and moves nothing. The first pass is
 * never the PDF when it printed one (typeset.c). */
void layout_page_guess(const source_chapter *chs, size_t n, char *out, size_t cap)
{
    double words = 0;
    for (size_t i = 0; i < n; i++) words += (double)chs[i].words;
    size_t k = 0;
    for (double pages = words / TEXT_GUESS_WORDS_PER_PAGE; k + 1 < cap && (k == 0 || pages >= 1); pages /= 10) out[k++] = '0';
    out[k] = '\0';
}

/* The page part of a cross-reference ("§3.2, p. 41"): text since `start` is its resolved text. */
static void text_page_ref(layout_ctx *c, text_builder *tb, const char *dest, size_t start)
{
    char guess[LAYOUT_PAGE_GUESS_MAX];
    const char *page_label = page_destmap_label(c->pages, dest);
    if (!c->pages) {
        layout_page_guess(c->chapters, c->n_chapters, guess, sizeof guess);
        page_label = guess;
    }
    /* A non-breaking space keeps "p." with its number. */
    util_buf_printf(&tb->s, "%s%s\xc2\xa0%s", tb->s.len > start ? ", " : "", c->th->label_page, page_label ? page_label : "?");
    if (c->refs) util_buf_printf(c->refs, "%s\n", dest);
}

static void text_link_node(layout_ctx *c, text_builder *tb, cmark_node *n)
{
    const resolve_link *l = resolve_link_of(c->ch, n);
    int start = text_len(tb);
    /* Link text that is an address (an autolink, or [https://…](https://…)) is not
     * hyphenated, and a line break inside it adds no hyphen: copied, it stays right. */
    bool address = l && l->address;
    bool hyphenate = tb->hyphenate;
    if (address) tb->hyphenate = false;
    text_inlines(c, tb, n);
    tb->hyphenate = hyphenate;
    int end = text_len(tb);
    if (tb->n_links >= TEXT_MAX_SPANS) { /* a flood of links: the rest is plain text, without notes */
        tb->over_budget = true;
        return;
    }
    if (address) text_attr(tb, pango_attr_insert_hyphens_new(FALSE), start, end);
    if (!l || !l->dest) return; /* no target: reported by check */
    if (l->text) { /* an empty link: [](#id) filled in as "§3.2, p. 41", an external one as its URL */
        util_buf_adds(&tb->s, l->text);
        if (l->cites_page) text_page_ref(c, tb, l->dest, (size_t)start);
        end = text_len(tb);
    }
    text_link_style(c, tb, start, end);
    text_add_link(tb, start, end, l->dest, l->internal);
    if (l->url_inline) { /* inside a footnote: the address in parentheses after the text */
        util_buf_adds(&tb->s, " (");
        int us = text_len(tb);
        util_buf_adds(&tb->s, l->dest);
        text_mono(c, tb, us, text_len(tb), false);
        text_add_link(tb, us, text_len(tb), l->dest, false);
        util_buf_adds(&tb->s, ")");
    } else if (l->note >= 0) {
        text_note_mark(c, tb, (size_t)l->note);
    }
}

/* A remote image is never fetched: its alt text stands in its place, in italics
 * (check warns, except for badges). */
void text_image_alt(layout_ctx *c, text_builder *tb, const char *alt)
{
    if (!alt || !*alt) return;
    int start = text_len(tb);
    if (start && tb->s.s[start - 1] != ' ') util_buf_addc(&tb->s, ' ');
    start = text_len(tb);
    util_buf_adds(&tb->s, alt);
    text_attr(tb, pango_attr_style_new(PANGO_STYLE_ITALIC), start, text_len(tb));
    text_attr(tb, text_color_attr(c->th->color_muted), start, text_len(tb));
}

static void text_image_node(layout_ctx *c, text_builder *tb, cmark_node *n)
{
    const resolve_image *ri = resolve_image_of(c->ch, n);
    if (!ri) return;
    if (ri->remote) {
        text_image_alt(c, tb, ri->alt);
        return;
    }
    struct text_image *im = UTIL_PUSH(tb->images, tb->n_images, tb->cap_images);
    im->src = util_xstrdup(ri->src);
    im->alt = util_xstrdup(ri->alt);
    im->say = ri->say;
    im->missing = ri->missing;
    im->width = 0;
    im->node = n;
    im->leading = text_is_blank(tb);
}

bool text_is_blank(const text_builder *tb)
{
    for (size_t i = 0; i < tb->s.len;) {
        if (tb->s.s[i] == ' ' || tb->s.s[i] == '\n') i++;
        else if (util_has_at(tb->s.s, tb->s.len, i, TEXT_LINE_SEPARATOR)) i += strlen(TEXT_LINE_SEPARATOR);
        else return false;
    }
    return true;
}

/* True right after a forced line break: the spaces that follow it are not shown (as in a browser). */
static bool text_at_line_start(const text_builder *tb) { return tb->s.len && tb->s.s[tb->s.len - 1] == '\n'; }

static void text_plain(layout_ctx *c, text_builder *tb, const char *s, size_t n)
{
    while (n && *s == ' ' && text_at_line_start(tb)) s++, n--;
    char *part = util_xstrndup(s, n);
    if (tb->hyphenate) hyphen_text(c->hyph, part, &tb->s);
    else util_buf_adds(&tb->s, part);
    free(part);
}

void text_code_style(layout_ctx *c, text_builder *tb, int start, int end) { text_mono(c, tb, start, end, true); }

void text_object(text_builder *tb, PangoAttribute *a, int start, int end) { text_attr(tb, a, start, end); }

void text_inlines(layout_ctx *c, text_builder *tb, cmark_node *parent)
{
    for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
        cmark_node_type t = cmark_node_get_type(n);
        int start = text_len(tb);
        if (t == CMARK_NODE_TEXT && n == c->skip_node) {
            const char *rest = cmark_node_get_literal(n) + c->skip_bytes;
            rest += strspn(rest, " ");
            util_buf_adds(&tb->s, rest);
            c->skip_node = NULL;
            /* A marker alone on its line takes its line break with it. */
            cmark_node *next = cmark_node_next(n);
            if (!*rest && next && (cmark_node_get_type(next) == CMARK_NODE_SOFTBREAK ||
                                   cmark_node_get_type(next) == CMARK_NODE_LINEBREAK))
                n = next;
        } else if (t == CMARK_NODE_TEXT) {
            text_plain(c, tb, cmark_node_get_literal(n), strlen(cmark_node_get_literal(n)));
        } else if (t == CMARK_NODE_SOFTBREAK) {
            if (!text_at_line_start(tb)) util_buf_addc(&tb->s, ' ');
        } else if (mathext_get(n)) {
            layout_math_inline(c, tb, n);
        } else if (t == CMARK_NODE_LINEBREAK) {
            text_hard_break(tb);
        } else if (t == CMARK_NODE_CODE && vars_quote_text(c->bk->vars, n)) {
            /* `=expression`: the value, printed as running text that never breaks
             * between a number and its unit (spaces become U+00A0 NO-BREAK SPACE) */
            for (const char *q = vars_quote_text(c->bk->vars, n); *q; q++) {
                if (*q == ' ') util_buf_adds(&tb->s, "\xc2\xa0");
                else util_buf_addc(&tb->s, *q);
            }
        } else if (t == CMARK_NODE_CODE) {
            util_buf_adds(&tb->s, cmark_node_get_literal(n));
            text_mono(c, tb, start, text_len(tb), true);
        } else if (t == CMARK_NODE_EMPH) {
            text_inlines(c, tb, n);
            text_attr(tb, pango_attr_style_new(PANGO_STYLE_ITALIC), start, text_len(tb));
        } else if (t == CMARK_NODE_STRONG) {
            layout_index_anchor(c, tb, n, 0); /* a glossary term */
            text_inlines(c, tb, n);
            text_attr(tb, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, text_len(tb));
        } else if (t == CMARK_NODE_STRIKETHROUGH) {
            text_inlines(c, tb, n);
            text_attr(tb, pango_attr_strikethrough_new(TRUE), start, text_len(tb));
        } else if (t == CMARK_NODE_LINK) {
            text_link_node(c, tb, n);
        } else if (t == CMARK_NODE_IMAGE) {
            text_image_node(c, tb, n);
        } else if (t == CMARK_NODE_HTML_INLINE) {
            text_html(c, tb, cmark_node_get_literal(n), n, false);
        } else if (t == CMARK_NODE_FOOTNOTE_REFERENCE) {
            text_footnote_ref(c, tb, n);
        } else {
            text_inlines(c, tb, n);
        }
        if (tb->over_budget && !tb->warned_budget) {
            int line, col;
            source_pos(c->ch, n, &line, &col);
            diag_warning(c->ch->path, line, col,
                         "more than %d styles and links or %d line breaks in one paragraph: the rest are set as plain text",
                         TEXT_MAX_SPANS, TEXT_MAX_BREAKS);
            tb->warned_budget = true;
        }
    }
}

void text_line_break(text_builder *tb) { if (tb->s.len && tb->s.s[tb->s.len - 1] != '\n') util_buf_adds(&tb->s, TEXT_LINE_SEPARATOR); }

void text_code(layout_ctx *c, text_builder *tb, const char *s)
{
    int start = text_len(tb);
    size_t n = strlen(s);
    while (n && s[n - 1] == '\n') n--;
    util_buf_add(&tb->s, s, n);
    text_mono(c, tb, start, text_len(tb), false);
}

