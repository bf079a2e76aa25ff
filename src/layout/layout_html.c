/* layout_html — inline HTML (and HTML blocks set as text) into the text builder: the tags
 * that style, link and break, as resolve mapped them; the rest dropped, their text kept. */
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "layout_int.h"

/* ---- inline HTML: each tag as resolve mapped it (resolve_html.c) ---- */

void text_html_close(layout_ctx *c, text_builder *tb, int idx)
{
    struct text_open *o = &tb->html[idx];
    int start = o->start, end = text_len(tb);
    switch ((resolve_html_kind)o->kind) {
    case RESOLVE_HTML_BOLD:
    case RESOLVE_HTML_SUMMARY: text_attr(tb, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end); break;
    case RESOLVE_HTML_ITALIC: text_attr(tb, pango_attr_style_new(PANGO_STYLE_ITALIC), start, end); break;
    case RESOLVE_HTML_UNDERLINE: text_attr(tb, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE), start, end); break;
    case RESOLVE_HTML_STRIKE: text_attr(tb, pango_attr_strikethrough_new(TRUE), start, end); break;
    case RESOLVE_HTML_CODE: text_mono(c, tb, start, end, true); break;
    case RESOLVE_HTML_KEYBOARD:
        text_mono(c, tb, start, end, true);
        text_attr(tb, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end);
        break;
    case RESOLVE_HTML_SUB:
    case RESOLVE_HTML_SUP: text_script(tb, start, end, o->kind == RESOLVE_HTML_SUP); break;
    case RESOLVE_HTML_SMALL: text_attr(tb, pango_attr_font_scale_new(PANGO_FONT_SCALE_SMALL_CAPS), start, end); break;
    case RESOLVE_HTML_MARK: {
        theme_color m = c->th->inline_code_background;
        text_attr(tb, pango_attr_background_new((guint16)(m.r * 65535), (guint16)(m.g * 65535), (guint16)(m.b * 65535)),
                  start, end);
        break;
    }
    case RESOLVE_HTML_LINK:
        if (o->target && end > start) {
            text_link_style(c, tb, start, end);
            text_add_link(tb, start, end, o->target, o->internal);
        }
        break;
    default: break;
    }
    free(o->target);
    memmove(&tb->html[idx], &tb->html[idx + 1], (size_t)(tb->n_html - idx - 1) * sizeof tb->html[0]);
    tb->n_html--;
}

static void text_html_image(layout_ctx *c, text_builder *tb, const resolve_html_elem *e, cmark_node *node)
{
    if (e->closing || !e->target) return; /* no src: warned by resolve */
    if (e->remote) {
        text_image_alt(c, tb, e->alt);
        return;
    }
    struct text_image *im = UTIL_PUSH(tb->images, tb->n_images, tb->cap_images);
    im->src = util_xstrdup(e->target);
    im->alt = e->alt ? util_xstrdup(e->alt) : NULL;
    im->say = e->say;
    im->missing = e->missing;
    im->width = e->width;
    im->node = node;
    im->leading = text_is_blank(tb);
}

static void text_html_tag(layout_ctx *c, text_builder *tb, const html_token *t, cmark_node *node, bool block)
{
    const resolve_html_elem *e = resolve_html_at(c->ch, node, t->start);
    if (!e) return;
    switch (e->kind) {
    case RESOLVE_HTML_UNKNOWN: /* warned by resolve */
    case RESOLVE_HTML_CONTAINER: return;
    case RESOLVE_HTML_BREAK: text_hard_break(tb); return;
    /* A table the layout cannot set as one (nested in a cell): rows become lines, cells are spaced. */
    case RESOLVE_HTML_ROW: text_line_break(tb); return;
    case RESOLVE_HTML_CELL:
        if (!e->closing && tb->s.len && tb->s.s[tb->s.len - 1] != ' ' && tb->s.s[tb->s.len - 1] != '\n')
            util_buf_addc(&tb->s, ' ');
        return;
    case RESOLVE_HTML_IMAGE: text_html_image(c, tb, e, node); return;
    default: break;
    }
    if (e->closing) {
        for (int i = tb->n_html; i-- > 0;) {
            if (!strcmp(tb->html[i].name, e->name)) {
                text_html_close(c, tb, i);
                if (e->kind == RESOLVE_HTML_SUMMARY && block) util_buf_adds(&tb->s, TEXT_LINE_SEPARATOR);
                break;
            }
        }
        return;
    }
    if (e->anchor) {
        struct text_anchor *a = UTIL_PUSH(tb->anchors, tb->n_anchors, tb->cap_anchors);
        a->index = text_len(tb);
        a->dest = util_xstrdup(e->anchor);
    }
    if (e->self_closing || tb->n_html >= (int)(sizeof tb->html / sizeof tb->html[0])) return;
    struct text_open *o = &tb->html[tb->n_html++];
    memset(o, 0, sizeof *o);
    memcpy(o->name, e->name, sizeof o->name);
    o->kind = (int)e->kind;
    o->start = text_len(tb);
    if (e->kind == RESOLVE_HTML_LINK && e->target) {
        o->target = util_xstrdup(e->target);
        o->internal = e->internal;
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
            text_html_tag(c, tb, &t, node, block);
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

