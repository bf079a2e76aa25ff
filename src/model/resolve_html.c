/* resolve_html — raw HTML (inline and blocks) as neutral kinds: every tag of every HTML node
 * with what it means (a style, a break, a link and its target, an image and its size) or that
 * it is not supported (warned about here, once, at its position). */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "html.h"
#include "resolve.h"
#include "util.h"
#include "xref.h"

static const struct {
    const char *name;
    resolve_html_kind kind;
} resolve_html_tags[] = {
    {"b", RESOLVE_HTML_BOLD},          {"strong", RESOLVE_HTML_BOLD},     {"i", RESOLVE_HTML_ITALIC},
    {"em", RESOLVE_HTML_ITALIC},       {"cite", RESOLVE_HTML_ITALIC},     {"var", RESOLVE_HTML_ITALIC},
    {"u", RESOLVE_HTML_UNDERLINE},     {"ins", RESOLVE_HTML_UNDERLINE},   {"s", RESOLVE_HTML_STRIKE},
    {"del", RESOLVE_HTML_STRIKE},      {"strike", RESOLVE_HTML_STRIKE},   {"code", RESOLVE_HTML_CODE},
    {"tt", RESOLVE_HTML_CODE},         {"samp", RESOLVE_HTML_CODE},       {"kbd", RESOLVE_HTML_KEYBOARD},
    {"sub", RESOLVE_HTML_SUB},         {"sup", RESOLVE_HTML_SUP},         {"small", RESOLVE_HTML_SMALL},
    {"mark", RESOLVE_HTML_MARK},       {"summary", RESOLVE_HTML_SUMMARY}, {"a", RESOLVE_HTML_LINK},
    {"q", RESOLVE_HTML_CONTAINER}, /* a style tag without a style of its own */
    {"br", RESOLVE_HTML_BREAK},        {"img", RESOLVE_HTML_IMAGE},       {"table", RESOLVE_HTML_ROW},
    {"tr", RESOLVE_HTML_ROW},          {"td", RESOLVE_HTML_CELL},         {"th", RESOLVE_HTML_CELL},
};

/* Containers whose text is kept as it is (their layout is the paragraph's). */
static const char *resolve_html_containers[] = {
    "span", "abbr", "details", "wbr", "dfn", "time", "bdi", "bdo", "p", "div", "center", "figure", "figcaption",
    "picture", "source", "section", "article", "header", "footer", "nav", "main", "aside", "font", "big", "label",
    "video", "audio", "caption", "thead", "tbody", "tfoot", "colgroup", "col"};

resolve_html_kind resolve_html_kind_of(const char *name)
{
    for (size_t i = 0; i < sizeof resolve_html_tags / sizeof *resolve_html_tags; i++)
        if (!strcmp(name, resolve_html_tags[i].name)) return resolve_html_tags[i].kind;
    for (size_t i = 0; i < sizeof resolve_html_containers / sizeof *resolve_html_containers; i++)
        if (!strcmp(name, resolve_html_containers[i])) return RESOLVE_HTML_CONTAINER;
    return RESOLVE_HTML_UNKNOWN;
}

const char *resolve_html_kind_name(resolve_html_kind k)
{
    static const char *names[] = {"bold", "italic", "underline", "strike", "code", "keyboard", "sub", "sup",
                                  "small", "mark", "summary", "link", "break", "row", "cell", "image",
                                  "container", "unknown"};
    return (size_t)k < sizeof names / sizeof *names ? names[k] : "?";
}

/* Line and column of byte off of an HTML node's literal. */
static void resolve_html_pos(const source_chapter *ch, cmark_node *node, const char *html, size_t off, int *line, int *col)
{
    source_pos(ch, node, line, col);
    for (size_t i = 0; i < off; i++) {
        if (html[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)html[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

static void resolve_html_tag(resolve_html_elem *e, const char *html, const html_token *t, source_chapter *chs, size_t n,
                             const source_chapter *ch, cmark_node *node)
{
    if (e->kind == RESOLVE_HTML_UNKNOWN || (e->kind == RESOLVE_HTML_IMAGE && !t->closing)) {
        int line, col;
        resolve_html_pos(ch, node, html, t->start, &line, &col);
        if (e->kind == RESOLVE_HTML_UNKNOWN && !t->closing)
            diag_warning(ch->path, line, col, "unsupported HTML tag <%s> dropped (its text is kept)",
                         t->name[0] ? t->name : "?");
        if (e->kind == RESOLVE_HTML_UNKNOWN) return;
        char *src = html_attr(html, t, "src");
        if (!src || !*src) {
            diag_warning(ch->path, line, col, "<img> without a src attribute");
            free(src);
            return;
        }
        e->target = src;
        e->remote = resolve_url_is_remote(src);
        e->alt = html_attr(html, t, "alt");
        char *w = html_attr(html, t, "width");
        /* HTML widths are CSS pixels: 96 per inch. */
        e->width = w ? strtod(w, NULL) * UTIL_PX_TO_PT : 0;
        if (e->width < 0) e->width = 0;
        free(w);
        return;
    }
    if (e->kind != RESOLVE_HTML_LINK || t->closing) return;
    char *id = html_attr(html, t, "id");
    if (!id) id = html_attr(html, t, "name");
    if (id && *id) e->anchor = xref_dest_name(ch->slug, id);
    free(id);
    char *href = html_attr(html, t, "href");
    if (href && *href) {
        /* Bad targets were reported by `check`. */
        xref_target xt;
        xref_resolve(chs, n, ch, href, &xt);
        e->internal = xt.kind == XREF_INTERNAL;
        e->target = xt.dest;
        xt.dest = NULL;
        xref_free(&xt);
    }
    free(href);
}

static int resolve_html_cmp(const void *key, const void *elem)
{
    size_t off = *(const size_t *)key, at = ((const resolve_html_elem *)elem)->offset;
    return off < at ? -1 : off > at;
}

void resolve_html_chapter(resolve_chapter *m, source_chapter *chs, size_t n, const source_chapter *ch)
{
    cmark_iter *it = cmark_iter_new(ch->doc);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type ty = cmark_node_get_type(node);
        if (ev != CMARK_EVENT_ENTER || (ty != CMARK_NODE_HTML_INLINE && ty != CMARK_NODE_HTML_BLOCK)) continue;
        const char *html = cmark_node_get_literal(node);
        size_t pos = 0, len = html ? strlen(html) : 0;
        GArray *a = NULL;
        html_token t;
        while (html_next(html, len, &pos, &t)) {
            if (t.kind != HTML_TAG) continue;
            if (!a) a = g_array_new(FALSE, TRUE, sizeof(resolve_html_elem));
            resolve_html_elem e = {.offset = t.start, .kind = resolve_html_kind_of(t.name), .closing = t.closing,
                                   .self_closing = t.self_closing};
            memcpy(e.name, t.name, sizeof e.name);
            resolve_html_tag(&e, html, &t, chs, n, ch, node);
            g_array_append_val(a, e);
            m->n_html++;
        }
        if (a) g_hash_table_insert(m->html, node, a);
    }
    cmark_iter_free(it);
}

const resolve_html_elem *resolve_html_at(const source_chapter *ch, cmark_node *node, size_t offset)
{
    GArray *a = ch->model ? g_hash_table_lookup(ch->model->html, node) : NULL;
    if (!a) return NULL;
    return bsearch(&offset, a->data, a->len, sizeof(resolve_html_elem), resolve_html_cmp);
}
