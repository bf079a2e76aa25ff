/* source_caption — a chapter's captions (tables, figures, diagrams), image attributes and
 * HTML tables, registered while source.c indexes its tree, and the lookups layout uses. */
#include "source_int.h"

#include <cmark-gfm-core-extensions.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "diagram.h"
#include "util.h"

static bool source_is_caption_para(cmark_node *n)
{
    if (!n || cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH) return false;
    cmark_node *t = cmark_node_first_child(n);
    return t && cmark_node_get_type(t) == CMARK_NODE_TEXT && !strncmp(cmark_node_get_literal(t), "Table:", 6);
}

static void source_register_caption(source_chapter *ch, bool is_figure, cmark_node *node, cmark_node *para, char *text,
                                    char *id)
{
    source_caption *c = UTIL_PUSH(ch->captions, ch->n_captions, ch->cap_captions);
    memset(c, 0, sizeof *c);
    c->figure = is_figure;
    c->node = node;
    c->para = para;
    c->text = text;
    c->id = id;
    if (!id) return;
    if (source_has_id(ch, id)) {
        int line, col;
        source_pos(ch, para ? para : node, &line, &col);
        diag_error(ch->path, line, col, "duplicate id '%s' in this chapter", id);
    } else {
        g_hash_table_add(ch->ids, id);
    }
}

/* Splits "Caption text {#id}" into its text and id (both newly allocated; id may be NULL). */
static void source_split_id(const char *s, char **text, char **id)
{
    size_t len = strlen(s);
    while (len && s[len - 1] == ' ') len--;
    *id = NULL;
    const char *open = NULL;
    if (len >= 4 && s[len - 1] == '}')
        for (size_t i = len; i-- > 0;)
            if (s[i] == '{') {
                open = s + i;
                break;
            }
    bool ok = open && open[1] == '#' && open + 2 < s + len - 1;
    for (const char *q = open ? open + 2 : s; ok && q < s + len - 1; q++)
        ok = g_ascii_isalnum(*q) || *q == '-' || *q == '_' || *q == '.' || *q == ':';
    if (ok) {
        *id = util_xstrndup(open + 2, (size_t)(s + len - 1 - (open + 2)));
        len = (size_t)(open - s);
        while (len && s[len - 1] == ' ') len--;
    }
    *text = util_xstrndup(s, len);
}

/* A "Table: …" paragraph right after `last` or right before `first`; returns true when registered. */
bool source_add_table_caption(source_chapter *ch, cmark_node *table, cmark_node *first, cmark_node *last)
{
    cmark_node *para = cmark_node_next(last);
    if (!source_is_caption_para(para)) para = cmark_node_previous(first);
    if (!source_is_caption_para(para)) return false;
    char *all = source_plain_text(para);
    const char *p = all + strlen("Table:");
    while (*p == ' ') p++;
    char *text, *id;
    source_split_id(p, &text, &id);
    free(all);
    source_register_caption(ch, false, table, para, text, id);
    return true;
}

static source_html_block *source_html_block_get(source_chapter *ch, cmark_node *n)
{
    source_html_block *b = g_hash_table_lookup(ch->html_blocks, n);
    if (!b) {
        b = util_xcalloc(1, sizeof *b);
        g_hash_table_insert(ch->html_blocks, n, b);
    }
    return b;
}

/* The caption of an HTML table: its <caption> (with an optional {#id}; <table id> gives one too),
 * else a "Table: …" paragraph next to it. */
static void source_htmltable_add_caption(source_chapter *ch, source_htmltable *st)
{
    const htmltable *t = &st->t;
    if (t->caption.n) {
        char *all = htmltable_plain_text(t, &t->caption), *text, *id;
        source_split_id(all, &text, &id);
        free(all);
        if (!id && t->id) id = util_xstrdup(t->id);
        if (!*text) {
            free(text);
            free(id);
            return;
        }
        source_register_caption(ch, false, t->first, NULL, text, id);
    } else if (!source_add_table_caption(ch, t->first, t->first, t->last)) {
        return;
    }
    st->caption = (long)ch->n_captions - 1;
    ch->captions[ch->n_captions - 1].html = true;
}

/* Finds the HTML tables that start in an HTML block; a table split by blank lines
 * covers the blocks up to the one holding its </table>. */
void source_html_tables(source_chapter *ch, cmark_node *n)
{
    source_html_block *info = g_hash_table_lookup(ch->html_blocks, n);
    if (info && info->inside) return;
    /* In a block a table covers (a list in a cell): flattened into the cell's text. */
    for (cmark_node *up = cmark_node_parent(n); up; up = cmark_node_parent(up)) {
        const source_html_block *ub = g_hash_table_lookup(ch->html_blocks, up);
        if (ub && ub->inside) return;
    }
    const char *lit = cmark_node_get_literal(n);
    if (!lit) return;
    size_t len = strlen(lit), from = info ? info->resume : 0;
    while ((from = htmltable_find(lit, len, from)) < len) {
        size_t index = ch->n_htmltables, cap = index;
        source_htmltable *st = UTIL_PUSH(ch->htmltables, ch->n_htmltables, cap);
        htmltable_parse(&st->t, ch, n, from);
        st->caption = -1;
        source_htmltable_add_caption(ch, st);
        info = source_html_block_get(ch, n);
        if (!info->n) info->first = index;
        info->n++;
        if (st->t.last != n) {
            for (cmark_node *k = cmark_node_next(n); k && k != st->t.last; k = cmark_node_next(k))
                source_html_block_get(ch, k)->inside = true;
            source_html_block_get(ch, st->t.last)->resume = st->t.end;
            return; /* the rest of the last block is scanned when the walk gets there */
        }
        from = st->t.end;
    }
}

/* ```dot Caption text {#id} (or ```mermaid around a flowchart) — the caption is the rest of the info string. */
void source_add_diagram_caption(source_chapter *ch, cmark_node *code)
{
    const char *p = diagram_fence_caption(cmark_node_get_fence_info(code), cmark_node_get_literal(code));
    if (!p || !*p) return;
    char *text, *id;
    source_split_id(p, &text, &id);
    source_register_caption(ch, true, code, NULL, text, id);
}

/* `{#id width=50%}` in the text right after an image: parsed, then removed from the text. */
void source_image(source_chapter *ch, cmark_node *img)
{
    cmark_node *next = cmark_node_next(img);
    const char *lit = next && cmark_node_get_type(next) == CMARK_NODE_TEXT ? cmark_node_get_literal(next) : NULL;
    char *id = NULL;
    double width = 0;
    bool percent = false;
    if (lit && lit[0] == '{' && strchr(lit, '}')) {
        const char *end = strchr(lit, '}');
        char *attrs = util_xstrndup(lit + 1, (size_t)(end - lit - 1));
        bool ok = true;
        for (char *tok = strtok(attrs, " "); tok && ok; tok = strtok(NULL, " ")) {
            if (tok[0] == '#' && tok[1]) {
                free(id);
                id = util_xstrdup(tok + 1);
            } else if (!strncmp(tok, "width=", 6)) {
                char *unit = NULL;
                width = strtod(tok + 6, &unit);
                percent = unit && !strcmp(unit, "%");
                double pt;
                if (!percent && !yamlx_parse_length(tok + 6, &pt)) {
                    /* Pixels as in HTML: 96 per inch. */
                    if (unit && !strcmp(unit, "px")) pt = width * UTIL_PX_TO_PT;
                    else ok = false;
                }
                if (!percent && ok) width = pt;
                if (!(width > 0)) ok = false;
            } else {
                ok = false;
            }
        }
        free(attrs);
        if (!ok) {
            int line, col;
            source_pos(ch, next, &line, &col);
            diag_report_hint(DIAG_WARNING, ch->path, line, col, "attributes are {#id width=50%} (%, pt, mm, cm, in or px)",
                             "cannot read the image attributes '%.*s'", (int)(end - lit + 1), lit);
            free(id);
            id = NULL;
            lit = NULL; /* left in the text as it is */
        }
    }
    if (lit && lit[0] == '{' && strchr(lit, '}')) {
        const char *end = strchr(lit, '}');
        const char *rest = end + 1;
        if (*rest) {
            char *r = util_xstrdup(rest);
            cmark_node_set_literal(next, r);
            free(r);
        } else {
            cmark_node_free(next);
        }
        size_t cap = ch->n_image_attrs;
        source_image_attrs *a = UTIL_PUSH(ch->image_attrs, ch->n_image_attrs, cap);
        a->image = img;
        a->id = id ? util_xstrdup(id) : NULL;
        a->width = width;
        a->percent = percent;
    }
    const char *title = cmark_node_get_title(img);
    if (title && *title) source_register_caption(ch, true, img, NULL, util_xstrdup(title), id);
    else if (id) {
        /* An id without a caption still makes the image a link target. */
        source_register_caption(ch, true, img, NULL, NULL, id);
    }
}

const source_image_attrs *source_find_image_attrs(const source_chapter *ch, cmark_node *image)
{
    for (size_t i = 0; i < ch->n_image_attrs; i++)
        if (ch->image_attrs[i].image == image) return &ch->image_attrs[i];
    return NULL;
}

const source_caption *source_find_caption(const source_chapter *ch, cmark_node *n)
{
    for (size_t i = 0; i < ch->n_captions; i++)
        if ((ch->captions[i].node == n && !ch->captions[i].html) || (ch->captions[i].para && ch->captions[i].para == n))
            return &ch->captions[i];
    return NULL;
}

const source_html_block *source_find_html_block(const source_chapter *ch, cmark_node *n)
{
    return ch->html_blocks ? g_hash_table_lookup(ch->html_blocks, n) : NULL;
}

const source_caption *source_htmltable_caption(const source_chapter *ch, size_t i)
{
    return i < ch->n_htmltables && ch->htmltables[i].caption >= 0 ? &ch->captions[ch->htmltables[i].caption] : NULL;
}


/* Past SOURCE_MAX_DEPTH a block quote, a list or an inline container (emphasis,
 * link, …) is too deep; a list already one level earlier, as its items add one. */
