/* mathsrc — checks and indexes a chapter's math after it is loaded. */
#include "mathsrc.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "mathext.h"
#include "mathpos.h"
#include "util.h"

const char *mathsrc_tex(cmark_node *n, bool *display)
{
    const mathext_data *d = mathext_get(n);
    if (d) {
        *display = d->display;
        return d->tex;
    }
    const char *id;
    size_t id_len;
    if (mathext_fence(n, &id, &id_len)) {
        *display = true;
        return cmark_node_get_literal(n);
    }
    return NULL;
}

void mathsrc_pos(const source_chapter *ch, cmark_node *n, size_t offset, int *line, int *col)
{
    const mathext_data *d = mathext_get(n);
    bool display;
    const char *tex = mathsrc_tex(n, &display);
    if (!tex) {
        source_pos(ch, n, line, col);
        return;
    }
    int l = d ? d->line : cmark_node_get_start_line(n) + 1; /* a ```math block's TeX starts after the fence */
    int bytes = d ? d->col : 1;
    if (d) mathpos_fix(n, &l, &bytes); /* after another $$…$$ over several lines */
    size_t len = strlen(tex), line_start = 0;
    if (offset > len) offset = len;
    for (size_t i = 0; i < offset; i++)
        if (tex[i] == '\n') {
            l++;
            line_start = i + 1;
        }
    if (line_start || !d) bytes = 1;
    bytes += (int)(offset - line_start);
    *line = l + ch->line_offset;
    *col = 1;
    if (*line < 1 || (size_t)*line > ch->n_lines) return;
    const char *p = ch->text + ch->line_starts[*line - 1];
    size_t plen = strcspn(p, "\n");
    /* Continuation lines lose their indentation in cmark's text: find the formula's line in the file's. */
    if (line_start || !d) {
        size_t seg = strcspn(tex + line_start, "\n");
        if (seg) {
            char *frag = util_xstrndup(tex + line_start, seg);
            char *line_text = util_xstrndup(p, plen);
            char *at = strstr(line_text, frag);
            if (at) bytes = (int)(at - line_text) + 1 + (int)(offset - line_start);
            free(frag);
            free(line_text);
        }
    }
    for (int i = 0; i < bytes - 1 && (size_t)i < plen; i++)
        if (((unsigned char)p[i] & 0xC0) != 0x80) (*col)++;
}

cmark_node *mathsrc_display_para(cmark_node *para)
{
    if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) return NULL;
    cmark_node *math = NULL;
    for (cmark_node *k = cmark_node_first_child(para); k; k = cmark_node_next(k)) {
        const mathext_data *d = mathext_get(k);
        cmark_node_type t = cmark_node_get_type(k);
        if (d && d->display && !math) math = k;
        else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) continue;
        else if (t == CMARK_NODE_TEXT && !cmark_node_get_literal(k)[strspn(cmark_node_get_literal(k), " \t")]) continue;
        else return NULL;
    }
    return math;
}

static bool mathsrc_blank(cmark_node *k)
{
    cmark_node_type t = cmark_node_get_type(k);
    return t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK ||
           (t == CMARK_NODE_TEXT && !cmark_node_get_literal(k)[strspn(cmark_node_get_literal(k), " \t")]);
}

/* Moves display math out of running text: "a $$x$$ b" becomes three paragraphs. */
static void mathsrc_split(cmark_node *para)
{
    for (int guard = 0; para && guard < SOURCE_MAX_BYTES; guard++) {
        if (mathsrc_display_para(para)) return;
        cmark_node *m = NULL;
        for (cmark_node *k = cmark_node_first_child(para); k && !m; k = cmark_node_next(k))
            if (mathext_get(k) && mathext_get(k)->display) m = k;
        if (!m) return;
        cmark_node *pm = cmark_node_new(CMARK_NODE_PARAGRAPH), *pa = cmark_node_new(CMARK_NODE_PARAGRAPH);
        cmark_node_insert_after(para, pm);
        cmark_node_insert_after(pm, pa);
        for (cmark_node *k = cmark_node_next(m), *next; k; k = next) {
            next = cmark_node_next(k);
            cmark_node_append_child(pa, k);
        }
        cmark_node_append_child(pm, m);
        while (cmark_node_last_child(para) && mathsrc_blank(cmark_node_last_child(para))) cmark_node_free(cmark_node_last_child(para));
        while (cmark_node_first_child(pa) && mathsrc_blank(cmark_node_first_child(pa))) cmark_node_free(cmark_node_first_child(pa));
        /* What follows keeps cmark's positions in the first paragraph's coordinates (mathpos.c). */
        mathpos_share(pm, para);
        mathpos_share(pa, para);
        if (!cmark_node_first_child(para)) cmark_node_free(para);
        if (!cmark_node_first_child(pa)) {
            cmark_node_free(pa);
            return;
        }
        para = pa;
    }
}

static void mathsrc_equation(source_chapter *ch, cmark_node *n, const char *id, size_t id_len, const char *tag)
{
    if (!id && !tag) return;
    source_caption *c = UTIL_PUSH(ch->captions, ch->n_captions, ch->cap_captions);
    memset(c, 0, sizeof *c);
    c->equation = true;
    c->node = n;
    c->text = util_xstrdup(tag ? tag : "");
    if (!id) return;
    c->id = util_xstrndup(id, id_len);
    if (source_has_id(ch, c->id)) {
        int line, col;
        mathsrc_pos(ch, n, 0, &line, &col);
        diag_error(ch->path, line, col, "duplicate id '%s' in this chapter", c->id);
    } else if (ch->ids) {
        g_hash_table_add(ch->ids, c->id);
    }
}

void mathsrc_index(source_chapter *ch)
{
    if (!ch->doc) return;
    GPtrArray *nodes = g_ptr_array_new();
    cmark_iter *it = cmark_iter_new(ch->doc);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node *n = cmark_iter_get_node(it);
        bool display;
        if (ev == CMARK_EVENT_ENTER && mathsrc_tex(n, &display)) g_ptr_array_add(nodes, n);
    }
    cmark_iter_free(it);
    for (guint i = 0; i < nodes->len; i++) {
        cmark_node *n = nodes->pdata[i];
        bool display;
        const char *tex = mathsrc_tex(n, &display);
        math_tree t;
        if (!math_parse(tex, strlen(tex), &t)) {
            int line, col;
            mathsrc_pos(ch, n, t.error_pos, &line, &col);
            diag_error(ch->path, line, col, "%s", t.error);
        }
        const mathext_data *d = mathext_get(n);
        const char *id = NULL;
        size_t id_len = 0;
        if (d && d->id) {
            id = d->id;
            id_len = strlen(id);
        } else if (!d) {
            mathext_fence(n, &id, &id_len);
        }
        if (display) mathsrc_equation(ch, n, id, id_len, t.tag);
        math_tree_free(&t);
        cmark_node *parent = cmark_node_parent(n);
        if (d && d->display && parent && cmark_node_get_type(parent) == CMARK_NODE_PARAGRAPH) mathsrc_split(parent);
    }
    g_ptr_array_free(nodes, TRUE);
}
