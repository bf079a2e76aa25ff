/* layout_text — inline Markdown (and inline HTML) → attributed text → line boxes. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "html.h"
#include "layout_int.h"
#include "xref.h"

/* A forced line break: a paragraph separator for Pango, so the line before it is not justified. */
#define TEXT_LINE_SEPARATOR "\n"

static void text_hard_break(text_builder *tb)
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

static int text_len(const text_builder *tb) { return (int)tb->s.len; }

static void text_attr(text_builder *tb, PangoAttribute *a, int start, int end)
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

static PangoAttribute *text_color_attr(theme_color c)
{
    return pango_attr_foreground_new((guint16)(c.r * 65535), (guint16)(c.g * 65535), (guint16)(c.b * 65535));
}

#define TEXT_NOTE_GAP "\xe2\x80\xaf" /* U+202F NARROW NO-BREAK SPACE: no line break before the mark */

static void text_mono(layout_ctx *c, text_builder *tb, int start, int end, bool shade)
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

static void text_script(text_builder *tb, int start, int end, bool super)
{
    text_attr(tb, pango_attr_font_scale_new(super ? PANGO_FONT_SCALE_SUPERSCRIPT : PANGO_FONT_SCALE_SUBSCRIPT), start, end);
    text_attr(tb, pango_attr_baseline_shift_new(super ? PANGO_BASELINE_SHIFT_SUPERSCRIPT : PANGO_BASELINE_SHIFT_SUBSCRIPT),
              start, end);
}

static void text_add_link(text_builder *tb, int start, int end, const char *target, bool internal)
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

static void text_link_style(layout_ctx *c, text_builder *tb, int start, int end)
{
    text_attr(tb, text_color_attr(c->th->color_link), start, end);
}

/* Appends a superscript note number that links to the note. */
static void text_note_mark(layout_ctx *c, text_builder *tb, size_t note)
{
    char num[24];
    snprintf(num, sizeof num, "%zu", note + 1);
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
    text_add_link(tb, start, text_len(tb), c->notes[note].dest, true);
}

static size_t text_new_note(layout_ctx *c, cmark_node *def, const char *url)
{
    layout_note *n = UTIL_PUSH(c->notes, c->n_notes, c->cap_notes);
    memset(n, 0, sizeof *n);
    n->def = def;
    n->url = url ? util_xstrdup(url) : NULL;
    char *id = util_printf("note-%zu", c->n_notes);
    n->dest = layout_dest_name(c->ch->slug, id);
    free(id);
    return c->n_notes - 1;
}

static void text_footnote_ref(layout_ctx *c, text_builder *tb, cmark_node *n)
{
    long k = strtol(cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "0", NULL, 10);
    if (k < 1 || (size_t)k > c->n_fn_defs) {
        util_buf_adds(&tb->s, "?");
        return;
    }
    if (!c->fn_note[k - 1]) c->fn_note[k - 1] = (int)text_new_note(c, c->fn_defs[k - 1], NULL) + 1;
    text_note_mark(c, tb, (size_t)c->fn_note[k - 1] - 1);
}

char *layout_dest_name(const char *chapter_slug, const char *id) { return xref_dest_name(chapter_slug, id); }

char *layout_resolve_link(layout_ctx *c, const char *url, cmark_node *node, bool *internal)
{
    /* Bad targets were reported by `check`, which runs before layout. */
    (void)node;
    xref_target t;
    xref_resolve(c->chapters, c->n_chapters, c->ch, url, &t);
    *internal = t.kind == XREF_INTERNAL;
    char *dest = t.dest;
    t.dest = NULL;
    xref_free(&t);
    return dest;
}

/* The text of an empty-text cross-reference: "§3.2, p. 41", "Chapter 3, p. 37". */
static void text_ref_text(layout_ctx *c, text_builder *tb, const xref_target *t)
{
    const theme *th = c->th;
    size_t start = tb->s.len;
    const char *dest = t->dest;
    const source_chapter *ch = t->chapter;
    const source_heading *h = t->heading;
    const source_caption *cap = t->caption;
    bool whole_chapter = !*t->id;
    if (cap && cap->number) util_buf_printf(&tb->s, "%s %s", cap->equation ? th->label_equation : cap->figure ? th->label_figure : th->label_table, cap->number);
    else if (h && h->number) util_buf_printf(&tb->s, "%s%s", th->label_section, h->number);
    else if (h) util_buf_printf(&tb->s, "\xe2\x80\x9c%s\xe2\x80\x9d", h->text);
    else if (whole_chapter) {
        char *label = layout_chapter_label(c, ch);
        if (label) util_buf_adds(&tb->s, label);
        else util_buf_printf(&tb->s, "\xe2\x80\x9c%s\xe2\x80\x9d", ch->title);
        free(label);
    }
    const char *page_label = page_destmap_label(c->pages, dest);
    /* A non-breaking space keeps "p." with its number. */
    util_buf_printf(&tb->s, "%s%s\xc2\xa0%s", tb->s.len > start ? ", " : "", th->label_page, page_label ? page_label : "?");
    if (c->refs) util_buf_printf(c->refs, "%s\n", dest);
}

static void text_link_node(layout_ctx *c, text_builder *tb, cmark_node *n)
{
    const char *url = cmark_node_get_url(n);
    int start = text_len(tb);
    /* Link text that is an address (an autolink, or [https://…](https://…)) is not
     * hyphenated, and a line break inside it adds no hyphen: copied, it stays right. */
    char *plain = source_plain_text(n);
    bool address = url && *plain && (strstr(plain, "://") || !strncmp(plain, "www.", 4) || strstr(url, plain));
    free(plain);
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
    if (!url || !*url) return; /* an empty target is reported by check */
    xref_target xt;
    xref_resolve(c->chapters, c->n_chapters, c->ch, url, &xt);
    bool internal = xt.kind == XREF_INTERNAL;
    char *target = xt.dest;
    xt.dest = NULL;
    if (!target) { /* reported by check */
        xref_free(&xt);
        return;
    }
    if (end == start && internal) { /* [](#id): filled in as "§3.2, p. 41" */
        xt.dest = target;
        text_ref_text(c, tb, &xt);
        xt.dest = NULL;
        end = text_len(tb);
    } else if (end == start) {
        util_buf_adds(&tb->s, url);
        end = text_len(tb);
    }
    text_link_style(c, tb, start, end);
    text_add_link(tb, start, end, target, internal);
    if (!internal) {
        /* External links print their URL as a footnote unless the text already shows it
         * (inside a footnote, in parentheses after the text). */
        util_buf sb = {0};
        util_buf_adds(&sb, "");
        for (int i = start; i < end; i++) /* soft hyphens are not part of what is shown */
            if (util_has_at(tb->s.s, (size_t)end, (size_t)i, TEXT_SOFT_HYPHEN)) i++;
            else util_buf_addc(&sb, tb->s.s[i]);
        char *shown = util_buf_steal(&sb);
        const char *bare = url;
        if (!strncmp(bare, "mailto:", 7)) bare += 7;
        bool visible = strstr(url, shown) || strstr(shown, bare);
        free(shown);
        if (!visible && c->in_note) {
            util_buf_adds(&tb->s, " (");
            int us = text_len(tb);
            util_buf_adds(&tb->s, url);
            text_mono(c, tb, us, text_len(tb), false);
            text_add_link(tb, us, text_len(tb), url, false);
            util_buf_adds(&tb->s, ")");
        } else if (!visible) {
            text_note_mark(c, tb, text_new_note(c, NULL, url));
        }
    }
    xref_free(&xt);
    free(target);
}

bool text_is_remote(const char *src)
{
    return src && (strstr(src, "://") || !strncmp(src, "//", 2) || !strncmp(src, "data:", 5));
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
    const char *src = cmark_node_get_url(n);
    if (text_is_remote(src)) {
        char *alt = source_plain_text(n);
        text_image_alt(c, tb, alt);
        free(alt);
        return;
    }
    struct text_image *im = UTIL_PUSH(tb->images, tb->n_images, tb->cap_images);
    im->src = util_xstrdup(src);
    im->alt = source_plain_text(n);
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

/* ---- inline HTML ---- */

typedef enum { TEXT_TAG_STYLE, TEXT_TAG_IGNORE, TEXT_TAG_UNKNOWN } text_tag_class;

static text_tag_class text_tag_class_of(const char *name)
{
    static const char *styles[] = {"b", "strong", "i", "em", "u", "ins", "s", "del", "strike", "code", "tt", "kbd",
                                   "samp", "var", "sub", "sup", "small", "mark", "a", "summary", "cite", "q"};
    /* Containers whose text is kept as it is (their layout is the paragraph's). */
    static const char *ignored[] = {"span", "abbr", "details", "br", "img", "wbr", "dfn", "time", "bdi", "bdo",
                                    "p", "div", "center", "figure", "figcaption", "picture", "source", "section",
                                    "article", "header", "footer", "nav", "main", "aside", "font", "big", "label",
                                    "video", "audio", "caption", "table", "thead", "tbody", "tfoot", "tr",
                                    "td", "th", "colgroup", "col"};
    for (size_t i = 0; i < sizeof styles / sizeof *styles; i++)
        if (!strcmp(name, styles[i])) return TEXT_TAG_STYLE;
    for (size_t i = 0; i < sizeof ignored / sizeof *ignored; i++)
        if (!strcmp(name, ignored[i])) return TEXT_TAG_IGNORE;
    return TEXT_TAG_UNKNOWN;
}

static void text_html_close(layout_ctx *c, text_builder *tb, int idx)
{
    struct text_open *o = &tb->html[idx];
    int start = o->start, end = text_len(tb);
    const char *nm = o->name;
    if (!strcmp(nm, "b") || !strcmp(nm, "strong") || !strcmp(nm, "summary"))
        text_attr(tb, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end);
    else if (!strcmp(nm, "i") || !strcmp(nm, "em") || !strcmp(nm, "cite") || !strcmp(nm, "var"))
        text_attr(tb, pango_attr_style_new(PANGO_STYLE_ITALIC), start, end);
    else if (!strcmp(nm, "u") || !strcmp(nm, "ins"))
        text_attr(tb, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE), start, end);
    else if (!strcmp(nm, "s") || !strcmp(nm, "del") || !strcmp(nm, "strike"))
        text_attr(tb, pango_attr_strikethrough_new(TRUE), start, end);
    else if (!strcmp(nm, "code") || !strcmp(nm, "tt") || !strcmp(nm, "samp"))
        text_mono(c, tb, start, end, true);
    else if (!strcmp(nm, "kbd")) {
        text_mono(c, tb, start, end, true);
        text_attr(tb, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end);
    } else if (!strcmp(nm, "sub") || !strcmp(nm, "sup"))
        text_script(tb, start, end, nm[2] == 'p');
    else if (!strcmp(nm, "small"))
        text_attr(tb, pango_attr_font_scale_new(PANGO_FONT_SCALE_SMALL_CAPS), start, end);
    else if (!strcmp(nm, "mark")) {
        theme_color m = c->th->inline_code_background;
        text_attr(tb, pango_attr_background_new((guint16)(m.r * 65535), (guint16)(m.g * 65535), (guint16)(m.b * 65535)),
                  start, end);
    } else if (!strcmp(nm, "a") && o->target && end > start) {
        text_link_style(c, tb, start, end);
        text_add_link(tb, start, end, o->target, o->internal);
    }
    free(o->target);
    memmove(&tb->html[idx], &tb->html[idx + 1], (size_t)(tb->n_html - idx - 1) * sizeof tb->html[0]);
    tb->n_html--;
}

static void text_html_pos(layout_ctx *c, cmark_node *node, const char *html, size_t off, int *line, int *col)
{
    source_pos(c->ch, node, line, col);
    for (size_t i = 0; i < off; i++) {
        if (html[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)html[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

static void text_html_tag(layout_ctx *c, text_builder *tb, const char *html, const html_token *t, cmark_node *node, bool block)
{
    int line, col;
    text_html_pos(c, node, html, t->start, &line, &col);
    text_tag_class cls = text_tag_class_of(t->name);
    if (cls == TEXT_TAG_UNKNOWN) {
        if (!t->closing)
            diag_warning(c->ch->path, line, col, "unsupported HTML tag <%s> dropped (its text is kept)",
                         t->name[0] ? t->name : "?");
        return;
    }
    if (!strcmp(t->name, "br")) {
        text_hard_break(tb);
        return;
    }
    /* A table the layout cannot set as one (nested in a cell): rows become lines, cells are spaced. */
    if (!strcmp(t->name, "tr") || !strcmp(t->name, "table")) {
        text_line_break(tb);
        return;
    }
    if ((!strcmp(t->name, "td") || !strcmp(t->name, "th")) && !t->closing) {
        if (tb->s.len && tb->s.s[tb->s.len - 1] != ' ' && tb->s.s[tb->s.len - 1] != '\n') util_buf_addc(&tb->s, ' ');
        return;
    }
    if (!strcmp(t->name, "img")) {
        if (t->closing) return;
        char *src = html_attr(html, t, "src");
        if (!src || !*src) {
            diag_warning(c->ch->path, line, col, "<img> without a src attribute");
            free(src);
            return;
        }
        if (text_is_remote(src)) {
            char *alt = html_attr(html, t, "alt");
            text_image_alt(c, tb, alt);
            free(alt);
            free(src);
            return;
        }
        struct text_image *im = UTIL_PUSH(tb->images, tb->n_images, tb->cap_images);
        im->src = src;
        im->alt = html_attr(html, t, "alt");
        char *w = html_attr(html, t, "width");
        /* HTML widths are CSS pixels: 96 per inch. */
        im->width = w ? strtod(w, NULL) * UTIL_PX_TO_PT : 0;
        if (im->width < 0) im->width = 0;
        free(w);
        im->node = node;
        im->leading = text_is_blank(tb);
        return;
    }
    if (cls == TEXT_TAG_IGNORE) return;
    if (t->closing) {
        for (int i = tb->n_html; i-- > 0;) {
            if (!strcmp(tb->html[i].name, t->name)) {
                text_html_close(c, tb, i);
                if (!strcmp(t->name, "summary") && block) util_buf_adds(&tb->s, TEXT_LINE_SEPARATOR);
                break;
            }
        }
        return;
    }
    if (!strcmp(t->name, "a")) {
        char *id = html_attr(html, t, "id");
        if (!id) id = html_attr(html, t, "name");
        if (id && *id) {
            struct text_anchor *a = UTIL_PUSH(tb->anchors, tb->n_anchors, tb->cap_anchors);
            a->index = text_len(tb);
            a->dest = layout_dest_name(c->ch->slug, id);
        }
        free(id);
    }
    if (t->self_closing || tb->n_html >= (int)(sizeof tb->html / sizeof tb->html[0])) return;
    struct text_open *o = &tb->html[tb->n_html++];
    memset(o, 0, sizeof *o);
    memcpy(o->name, t->name, sizeof o->name);
    o->start = text_len(tb);
    if (!strcmp(t->name, "a")) {
        char *href = html_attr(html, t, "href");
        if (href && *href) o->target = layout_resolve_link(c, href, node, &o->internal);
        free(href);
    }
}

void text_html(layout_ctx *c, text_builder *tb, const char *html, cmark_node *node, bool block)
{
    text_html_range(c, tb, html, 0, strlen(html), node, block);
}

void text_html_range(layout_ctx *c, text_builder *tb, const char *html, size_t from, size_t len, cmark_node *node,
                     bool block)
{
    size_t pos = from;
    html_token t;
    while (html_next(html, len, &pos, &t)) {
        if (t.kind == HTML_COMMENT) layout_index_anchor(c, tb, node, t.start);
        if (t.kind == HTML_TAG) {
            text_html_tag(c, tb, html, &t, node, block);
        } else if (t.kind == HTML_TEXT) {
            char *txt = html_decode(html + t.start, t.len);
            if (block) { /* collapse white space as a browser would */
                for (char *p = txt; *p; p++) {
                    bool ws = *p == '\n' || *p == '\t' || *p == ' ' || *p == '\r';
                    bool prev_ws = tb->s.len == 0 || tb->s.s[tb->s.len - 1] == ' ' || tb->s.s[tb->s.len - 1] == '\n';
                    if (ws && prev_ws) continue;
                    util_buf_addc(&tb->s, ws ? ' ' : *p);
                }
            } else {
                util_buf_adds(&tb->s, txt);
            }
            free(txt);
        }
    }
    if (block)
        while (tb->n_html > 0) text_html_close(c, tb, tb->n_html - 1);
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

/* ---- lines ---- */

void text_style_body(layout_ctx *c, text_style *st)
{
    memset(st, 0, sizeof *st);
    st->family = c->th->font_body;
    st->size = c->size;
    st->leading = c->th->text_leading;
    st->weight = PANGO_WEIGHT_NORMAL;
    st->style = PANGO_STYLE_NORMAL;
    st->color = c->color;
    st->align = PANGO_ALIGN_LEFT;
    st->justify = c->th->text_justify;
}

static PangoFontDescription *text_font(const text_style *st)
{
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, st->family);
    pango_font_description_set_absolute_size(fd, st->size * PANGO_SCALE);
    pango_font_description_set_weight(fd, st->weight);
    pango_font_description_set_style(fd, st->style);
    return fd;
}

static void text_remap(text_builder *tb, const int *map, size_t len1);

/* Pango reshapes the rest of a word for every line it breaks inside it, so a token of n characters
 * without a break opportunity costs O(n²). Runs longer than this get a zero-width space (a break
 * opportunity that prints nothing) every so many characters; no real word or URL is that long. */
#define TEXT_MAX_UNBROKEN 256
#define TEXT_ZERO_WIDTH_SPACE "\xe2\x80\x8b"

static bool text_is_break_at(const char *t, size_t len, size_t i)
{
    return t[i] == ' ' || t[i] == '\n' || t[i] == '\t' || util_has_at(t, len, i, TEXT_SOFT_HYPHEN) ||
           util_has_at(t, len, i, TEXT_ZERO_WIDTH_SPACE) || util_has_at(t, len, i, "\xe2\x80\xa8");
}

static void text_break_long_runs(text_builder *tb)
{
    const char *t1 = tb->s.s;
    size_t len1 = tb->s.len, run = 0;
    bool needed = false;
    for (size_t i = 0; i < len1 && !needed; i++) {
        if (((unsigned char)t1[i] & 0xC0) == 0x80) continue;
        run = text_is_break_at(t1, len1, i) ? 0 : run + 1;
        needed = run > TEXT_MAX_UNBROKEN;
    }
    if (!needed) return;
    int *map = util_xcalloc(len1 + 1, sizeof *map);
    util_buf t2 = {0};
    util_buf_adds(&t2, "");
    run = 0;
    for (size_t i = 0; i < len1; i++) {
        if (((unsigned char)t1[i] & 0xC0) != 0x80) {
            run = text_is_break_at(t1, len1, i) ? 0 : run + 1;
            if (run > TEXT_MAX_UNBROKEN) {
                util_buf_adds(&t2, TEXT_ZERO_WIDTH_SPACE);
                run = 1;
            }
        }
        map[i] = (int)t2.len;
        util_buf_addc(&t2, t1[i]);
    }
    map[len1] = (int)t2.len;
    text_remap(tb, map, len1);
    free(map);
    util_buf_free(&tb->s);
    tb->s = t2;
}

/* Closes HTML tags left open and drops trailing spaces and breaks (they would make empty lines). */
static void text_finish(text_builder *tb, layout_ctx *c)
{
    while (tb->n_html > 0) text_html_close(c, tb, tb->n_html - 1);
    while (tb->s.len && (tb->s.s[tb->s.len - 1] == ' ' || tb->s.s[tb->s.len - 1] == '\n')) tb->s.s[--tb->s.len] = '\0';
    /* Marks that pointed into the dropped tail now point at the end. */
    int len = (int)tb->s.len;
    for (size_t i = 0; i < tb->n_links; i++) {
        if (tb->links[i].start > len) tb->links[i].start = len;
        if (tb->links[i].end > len) tb->links[i].end = len;
    }
    for (size_t i = 0; i < tb->n_anchors; i++)
        if (tb->anchors[i].index > len) tb->anchors[i].index = len;
    for (size_t i = 0; i < tb->n_noterefs; i++)
        if (tb->noterefs[i].index > len) tb->noterefs[i].index = len;
    text_break_long_runs(tb);
}

PangoLayout *text_make_layout(layout_ctx *c, text_builder *tb, const text_style *st, double width)
{
    text_finish(tb, c);
    PangoLayout *lay = pango_layout_new(c->pc);
    pango_layout_set_auto_dir(lay, FALSE);
    pango_layout_set_text(lay, tb->s.s, (int)tb->s.len);
    PangoFontDescription *fd = text_font(st);
    pango_layout_set_font_description(lay, fd);
    pango_font_description_free(fd);
    PangoAttrList *attrs = pango_attr_list_copy(tb->attrs);
    PangoAttribute *col = text_color_attr(st->color);
    col->start_index = 0;
    col->end_index = G_MAXUINT;
    pango_attr_list_insert_before(attrs, col);
    PangoAttribute *lang = pango_attr_language_new(c->lang);
    pango_attr_list_insert_before(attrs, lang);
    pango_layout_set_attributes(lay, attrs);
    pango_attr_list_unref(attrs);
    if (width > 0) {
        pango_layout_set_width(lay, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(lay, st->align);
    /* Justified text is widened by text_justify: only the spaces that may stretch. */
    pango_layout_set_justify(lay, FALSE);
    return lay;
}

/* Ascent, descent and the width of a hyphen for a style's font (cached per font). */
static void text_font_metrics(layout_ctx *c, const text_style *st, double *ascent, double *descent, double *hyphen_w)
{
    for (int i = 0; i < c->n_metrics; i++) {
        const struct layout_metrics *m = &c->metrics[i];
        if (m->size == st->size && m->weight == (int)st->weight && m->style == (int)st->style && !strcmp(m->family, st->family)) {
            *ascent = m->ascent;
            *descent = m->descent;
            *hyphen_w = m->hyphen;
            return;
        }
    }
    PangoFontDescription *fd = text_font(st);
    PangoFontMetrics *m = pango_context_get_metrics(c->pc, fd, c->lang);
    *ascent = pango_font_metrics_get_ascent(m) / (double)PANGO_SCALE;
    *descent = pango_font_metrics_get_descent(m) / (double)PANGO_SCALE;
    pango_font_metrics_unref(m);
    pango_font_description_free(fd);
    PangoLayout *h = fonts_line_layout(c->pc, st->family, st->size, st->weight >= PANGO_WEIGHT_BOLD, "-");
    int hw, hh;
    pango_layout_get_size(h, &hw, &hh);
    g_object_unref(h);
    *hyphen_w = hw / (double)PANGO_SCALE;
    int slot = c->n_metrics < (int)(sizeof c->metrics / sizeof c->metrics[0]) ? c->n_metrics++ : 0;
    c->metrics[slot] = (struct layout_metrics){st->family, st->size, (int)st->weight, (int)st->style, *ascent, *descent, *hyphen_w};
}

/* A line's box is size × leading high, whatever the font's own ascent and descent: they are
 * centred in it (the half-leading may be negative, as in CSS), so the baselines of a style's
 * lines are exactly size × leading apart. Only ink that would leave the box (a large fallback
 * glyph, a raised mark) makes the line taller, by what sticks out (TeX's \lineskip rule). */
void text_line_box(layout_ctx *c, const text_style *st, PangoLayoutIter *it, double *height, double *baseline)
{
    double A, D, hyphen_w;
    text_font_metrics(c, st, &A, &D, &hyphen_w);
    double lead = st->size * st->leading;
    *baseline = (lead - (A + D)) / 2 + A;
    *height = lead;
    if (it) {
        PangoRectangle ink;
        pango_layout_iter_get_line_extents(it, &ink, NULL);
        double base = pango_layout_iter_get_baseline(it) / (double)PANGO_SCALE;
        double above = base - ink.y / (double)PANGO_SCALE;
        double below = (ink.y + ink.height) / (double)PANGO_SCALE - base;
        if (ink.height > 0 && above > *baseline) {
            *height += above - *baseline;
            *baseline = above;
        }
        if (ink.height > 0 && below > *height - *baseline) *height = *baseline + below;
    }
}

void text_line_links(text_builder *tb, PangoLayoutLine *ln, double dx, double line_top, double line_h, page_items *items)
{
    if (!ln) return;
    for (size_t i = 0; i < tb->n_links; i++) {
        text_link *l = &tb->links[i];
        int s = l->start > ln->start_index ? l->start : ln->start_index;
        int e = l->end < ln->start_index + ln->length ? l->end : ln->start_index + ln->length;
        if (s >= e) continue;
        int *ranges = NULL, n = 0;
        pango_layout_line_get_x_ranges(ln, s, e, &ranges, &n);
        for (int k = 0; k < n; k++) {
            double x0 = ranges[2 * k] / (double)PANGO_SCALE, x1 = ranges[2 * k + 1] / (double)PANGO_SCALE;
            if (x1 > x0) page_items_link(items, dx + x0, line_top, x1 - x0, line_h, l->target, l->internal);
        }
        g_free(ranges);
    }
}

void text_check_glyphs(layout_ctx *c, PangoLayout *lay, cmark_node *node)
{
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    bool missing = false;
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        if (!run) continue;
        for (int g = 0; g < run->glyphs->num_glyphs && !missing; g++)
            if (run->glyphs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG) missing = true;
    } while (!missing && pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    if (missing && node) {
        int line, col;
        source_pos(c->ch, node, &line, &col);
        diag_warning(c->ch->path, line, col, "text uses characters that no bundled font has (shown as boxes)");
    }
}

/* Width of the hyphen Pango adds at a break: justified lines leave room for it
 * and a hyphenated line lets it hang into that room, so nothing overflows. */
double text_hyphen_width(layout_ctx *c, const text_style *st)
{
    double ascent, descent, hyphen_w;
    text_font_metrics(c, st, &ascent, &descent, &hyphen_w);
    return hyphen_w;
}

/* Rewrites the builder's text so each line of `lay` ends in a forced break:
 * a soft hyphen that was used becomes a real hyphen, unused ones disappear (so
 * they never reach the PDF's text), and attributes, links, anchors and note
 * marks move with their text. */
/* Moves attributes, links, anchors and note marks to their new byte offsets. */
static int text_map_at(const int *map, size_t len1, int i) { return map[i < 0 ? 0 : (size_t)i > len1 ? len1 : (size_t)i]; }

static void text_remap(text_builder *tb, const int *map, size_t len1)
{
    PangoAttrList *attrs = pango_attr_list_new();
    GSList *all = pango_attr_list_get_attributes(tb->attrs);
    for (GSList *a = all; a; a = a->next) {
        PangoAttribute *attr = a->data;
        if (attr->start_index <= len1) attr->start_index = (guint)map[attr->start_index];
        if (attr->end_index <= len1) attr->end_index = (guint)map[attr->end_index];
        pango_attr_list_insert(attrs, attr);
    }
    g_slist_free(all);
    pango_attr_list_unref(tb->attrs);
    tb->attrs = attrs;
    for (size_t i = 0; i < tb->n_links; i++) {
        tb->links[i].start = text_map_at(map, len1, tb->links[i].start);
        tb->links[i].end = text_map_at(map, len1, tb->links[i].end);
    }
    for (size_t i = 0; i < tb->n_anchors; i++) tb->anchors[i].index = text_map_at(map, len1, tb->anchors[i].index);
    for (size_t i = 0; i < tb->n_noterefs; i++) tb->noterefs[i].index = text_map_at(map, len1, tb->noterefs[i].index);
    for (size_t i = 0; i < tb->n_maths; i++) tb->maths[i].index = text_map_at(map, len1, tb->maths[i].index);
}

/* Rewrites the builder's text so each chosen line ends in a forced break; the
 * soft hyphens not used disappear (so they never reach the PDF's text). A used
 * one stays, as an empty box as wide as a hyphen (hyphen_w): the PDF writer draws
 * the hyphen there, with the soft hyphen as its text, so a copied word comes back
 * whole. Returns the offset map (old byte → new byte, len1 + 1 entries). */
static int *text_apply_breaks(text_builder *tb, const text_break *br, size_t n, double hyphen_w)
{
    size_t *shy = NULL, n_shy = 0, cap_shy = 0;
    const char *t1 = tb->s.s;
    size_t len1 = tb->s.len;
    int *map = util_xcalloc(len1 + 1, sizeof *map);
    util_buf t2 = {0};
    util_buf_adds(&t2, "");
    size_t pos = 0;
    for (size_t k = 0; k <= n; k++) {
        size_t end = k < n ? br[k].end : len1;
        for (; pos < end; pos++) {
            map[pos] = (int)t2.len;
            if (util_has_at(t1, len1, pos, TEXT_SOFT_HYPHEN)) {
                map[++pos] = (int)t2.len;
                continue;
            }
            util_buf_addc(&t2, t1[pos]);
        }
        if (k == n) break;
        for (; pos < br[k].resume; pos++) map[pos] = (int)t2.len;
        if (br[k].hyphen) *UTIL_PUSH(shy, n_shy, cap_shy) = t2.len;
        util_buf_adds(&t2, br[k].hyphen ? TEXT_SOFT_HYPHEN TEXT_FORCED_BREAK : TEXT_FORCED_BREAK);
    }
    map[len1] = (int)t2.len;
    text_remap(tb, map, len1);
    for (size_t i = 0; i < n_shy; i++) {
        /* No ink, no height (the line's own glyphs set it): only the hyphen's advance. */
        PangoRectangle ink = {0, 0, 0, 0}, logical = {0, 0, (int)(hyphen_w * PANGO_SCALE), 0};
        PangoAttribute *a = pango_attr_shape_new(&ink, &logical);
        a->start_index = (guint)shy[i];
        a->end_index = (guint)(shy[i] + strlen(TEXT_SOFT_HYPHEN));
        pango_attr_list_insert(tb->attrs, a);
    }
    free(shy);
    util_buf_free(&tb->s);
    tb->s = t2;
    return map;
}

/* The breaks Pango chose in a laid-out text. */
static size_t text_breaks_of_layout(const text_builder *tb, PangoLayout *lay, text_break **out)
{
    const char *t = tb->s.s;
    text_break *br = NULL;
    size_t n = 0, cap = 0;
    for (GSList *l = pango_layout_get_lines_readonly(lay); l; l = l->next) {
        PangoLayoutLine *ln = l->data;
        if (!l->next || ((PangoLayoutLine *)l->next->data)->is_paragraph_start) continue;
        size_t s = (size_t)ln->start_index, e = s + (size_t)ln->length;
        text_break *b = UTIL_PUSH(br, n, cap);
        if (e >= s + 2 && util_has_at(t, e, e - 2, TEXT_SOFT_HYPHEN)) {
            *b = (text_break){e - 2, e, true};
        } else {
            size_t keep = e;
            while (keep > s && t[keep - 1] == ' ') keep--; /* the break's own space goes */
            *b = (text_break){keep, e, false};
        }
    }
    *out = br;
    return n;
}


/* Everything that decides a paragraph's layout: style, width, text, attributes and
 * the targets of its links, anchors and notes (a later pass sets the same
 * paragraph again only when one of them changed, e.g. a page number). */
static char *text_cache_key(const layout_ctx *c, const text_builder *tb, const text_style *st, double width)
{
    util_buf k = {0};
    util_buf_printf(&k, "%s|%.3f|%d|%d|%.4f,%.4f,%.4f|%d|%d|%.3f|%d|%.3f|%d\n", st->family, st->size, (int)st->weight,
                    (int)st->style, st->color.r, st->color.g, st->color.b, (int)st->align, st->justify, st->leading,
                    st->keep_together, width, tb->hyphenate && c->hyph);
    char *attrs = pango_attr_list_to_string(tb->attrs);
    util_buf_adds(&k, attrs);
    g_free(attrs);
    for (size_t i = 0; i < tb->n_links; i++)
        util_buf_printf(&k, "\nL%d,%d,%d,%s", tb->links[i].start, tb->links[i].end, tb->links[i].internal, tb->links[i].target);
    for (size_t i = 0; i < tb->n_anchors; i++) util_buf_printf(&k, "\nA%d,%s", tb->anchors[i].index, tb->anchors[i].dest);
    for (size_t i = 0; i < tb->n_noterefs; i++) util_buf_printf(&k, "\nN%d,%zu", tb->noterefs[i].index, tb->noterefs[i].note);
    /* Inline formulas: their size (a shape attribute prints without it). */
    for (size_t i = 0; i < tb->n_maths; i++) util_buf_printf(&k, "\nM%d,%.3f,%.3f,%.3f", tb->maths[i].index, tb->maths[i].w, tb->maths[i].h, tb->maths[i].d);
    util_buf_addc(&k, '\n');
    util_buf_add(&k, tb->s.s, tb->s.len);
    return util_buf_steal(&k);
}

size_t text_emit(layout_ctx *c, text_builder *tb, const text_style *st, double x, double width)
{
    PangoLayout *lay;
    text_finish(tb, c);
    char *key = c->cache ? text_cache_key(c, tb, st, width) : NULL;
    const layout_cached *hit = key ? layout_cache_get(c->cache, key) : NULL;
    if (hit) {
        lay = g_object_ref(hit->lay);
        if (hit->map && hit->map_len == tb->s.len) text_remap(tb, hit->map, hit->map_len);
        free(key);
    } else {
        int *map = NULL;
        size_t len1 = tb->s.len;
        text_break *br = NULL;
        size_t nbr = 0;
        /* A flood (over the budget) is set line by line: measuring it as one line splits one long glyph
         * run at every style change, which is quadratic in Pango. */
        /* A paragraph that cannot be set within text.tolerance gets a second try within
         * text.emergency_tolerance (as TeX's second pass) before Pango breaks it. */
        const theme *th = c->th;
        if (st->justify && th->text_optimal_breaks && !tb->over_budget &&
            (text_optimal_breaks(c, tb, st, width, th->text_tolerance, &br, &nbr) ||
             text_optimal_breaks(c, tb, st, width, th->text_emergency_tolerance, &br, &nbr))) {
            /* Breaks chosen for the whole paragraph at once; the lines are then set with forced breaks. */
            map = text_apply_breaks(tb, br, nbr, text_hyphen_width(c, st));
        } else if (tb->hyphenate && c->hyph && strstr(tb->s.s, TEXT_SOFT_HYPHEN)) {
            /* Pango's breaks, with the hyphen's width kept free, then the lines set at full
             * width: a hyphenated line ends exactly at the margin. */
            double hang = text_hyphen_width(c, st);
            PangoLayout *probe = text_make_layout(c, tb, st, width - hang);
            nbr = text_breaks_of_layout(tb, probe, &br);
            map = text_apply_breaks(tb, br, nbr, hang);
            g_object_unref(probe);
        }
        free(br);
        /* Lines broken by Knuth–Plass are all forced, and may be set a little wider than the column
         * (their spaces shrink to fit): Pango must not wrap them again. */
        bool forced = map && st->align == PANGO_ALIGN_LEFT;
        lay = text_make_layout(c, tb, st, forced ? 0 : width);
        if (st->justify && width > 0) text_justify(c, tb, lay, width);
        if (key) {
            layout_cache_put(c->cache, key, lay, map, len1);
        } else {
            free(map);
        }
    }
    size_t first = (size_t)-1;
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    int line = 0, n_lines = pango_layout_get_line_count(lay);
    size_t anchor = 0;
    do {
        double h, base;
        text_line_box(c, st, it, &h, &base);
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        double lx = logical.x / (double)PANGO_SCALE;
        unsigned flags = 0;
        /* Keep rules: a heading never splits or ends a page; a paragraph leaves
         * at least two lines on each side of a break (no widows or orphans). */
        if (st->keep_together) flags |= VBOX_KEEP_WITH_NEXT;
        else if (n_lines <= 3) flags |= line < n_lines - 1 ? VBOX_KEEP_WITH_NEXT : 0;
        else if (line == 0 || line == n_lines - 2) flags |= VBOX_KEEP_WITH_NEXT;
        vbox *b = layout_box(c, h, flags);
        if (first == (size_t)-1) first = (size_t)(b - c->out->v);
        b->baseline = base;
        PangoLayoutLine *ln = pango_layout_iter_get_line_readonly(it);
        page_items_text_line(&b->items, lay, ln, line, x + lx, base);
        layout_math_line(c, tb, lay, ln, x, base, &b->items);
        while (anchor < tb->n_anchors && tb->anchors[anchor].index < ln->start_index + ln->length + (line == n_lines - 1)) {
            page_items_dest(&b->items, tb->anchors[anchor].dest, x, 0);
            anchor++;
        }
        text_line_links(tb, ln, x, 0, h, &b->items);
        if (tb->n_noterefs) {
            size_t bi = (size_t)(b - c->out->v);
            layout_attach_notes(c, bi, tb, ln->start_index, ln->start_index + ln->length + (line == n_lines - 1));
        }
        line++;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    g_object_unref(lay);
    return first;
}
