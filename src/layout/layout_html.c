/* layout_html — inline HTML (and HTML blocks set as text) into the text builder: the tags
 * that style, link and break; the rest dropped with a warning, their text kept. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "html.h"
#include "layout_int.h"
#include "xref.h"

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

void text_html_close(layout_ctx *c, text_builder *tb, int idx)
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

