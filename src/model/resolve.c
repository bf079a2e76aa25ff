/* resolve — a chapter's decisions (see resolve.h): sections, floats, callouts, and, walking
 * the blocks in reading order as a reader meets them, the notes and the links. */
#include "resolve.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>

#include "diag.h"
#include "html.h"
#include "mathext.h"
#include "number.h"
#include "util.h"
#include "vars.h"
#include "xref.h"

#define RESOLVE_NOTE_GAP "\xe2\x80\xaf"   /* U+202F before a note mark (as printed) */
#define RESOLVE_OBJECT "\xef\xbf\xbc"     /* U+FFFC: an inline formula in the text */

typedef struct resolve_walk {
    const theme *th;
    const vars_table *vars;
    source_chapter *chs;
    size_t n;
    source_chapter *ch;
    resolve_chapter *m;
    GPtrArray *fn_defs;  /* footnote definitions in cmark's numbering (reference literal - 1) */
    size_t *fn_note;     /* per definition: note index + 1 (0: not cited yet) */
    GArray *queue;       /* notes first cited in the text being read: their text is read after it */
    bool in_note;        /* reading a note's text */
} resolve_walk;

static void resolve_blocks(resolve_walk *w, cmark_node *parent);

char *resolve_chapter_label(const theme *th, const source_chapter *ch)
{
    if (!ch->number) return NULL;
    const char *word = ch->numbering == SOURCE_APPENDIX ? th->label_appendix : th->label_chapter;
    return util_printf("%s %s", word, ch->number);
}

char *resolve_part_label(const theme *th, size_t number)
{
    char *roman = number_roman(number > NUMBER_ROMAN_MAX ? NUMBER_ROMAN_MAX : (int)number, true);
    char *label = util_printf("%s %s", th->label_part, roman);
    free(roman);
    return label;
}

static size_t resolve_new_note(resolve_walk *w, resolve_note_kind kind, cmark_node *def, const char *url, cmark_node *first)
{
    resolve_note *note = g_new0(resolve_note, 1);
    note->kind = kind;
    note->def = def;
    note->url = url ? util_xstrdup(url) : NULL;
    note->first = first;
    g_ptr_array_add(w->m->notes, note);
    note->number = w->m->notes->len;
    char *id = util_printf("note-%zu", note->number);
    note->dest = xref_dest_name(w->ch->slug, id);
    free(id);
    size_t idx = note->number - 1;
    g_array_append_val(w->queue, idx);
    return idx;
}

/* The text a link shows, as layout builds it (soft hyphens aside): whether it already
 * shows its address, or is empty (then it is filled in). */
static void resolve_shown(resolve_walk *w, cmark_node *parent, util_buf *b)
{
    for (cmark_node *k = cmark_node_first_child(parent); k; k = cmark_node_next(k)) {
        cmark_node_type t = cmark_node_get_type(k);
        bool line_start = b->len && b->s[b->len - 1] == '\n';
        if (t == CMARK_NODE_TEXT) {
            const char *s = cmark_node_get_literal(k);
            while (line_start && *s == ' ') s++;
            util_buf_adds(b, s);
        } else if (t == CMARK_NODE_SOFTBREAK) {
            if (!line_start) util_buf_addc(b, ' ');
        } else if (mathext_get(k)) {
            util_buf_adds(b, RESOLVE_OBJECT);
        } else if (t == CMARK_NODE_LINEBREAK) {
            util_buf_addc(b, '\n');
        } else if (t == CMARK_NODE_CODE) {
            const char *q = vars_quote_text(w->vars, k);
            for (; q && *q; q++) util_buf_adds(b, *q == ' ' ? "\xc2\xa0" : (char[]){*q, 0});
            if (!vars_quote_text(w->vars, k)) util_buf_adds(b, cmark_node_get_literal(k));
        } else if (t == CMARK_NODE_IMAGE) {
            if (resolve_url_is_remote(cmark_node_get_url(k))) {
                char *alt = source_plain_text(k);
                if (*alt && b->len && b->s[b->len - 1] != ' ') util_buf_addc(b, ' ');
                util_buf_adds(b, alt);
                free(alt);
            }
        } else if (t == CMARK_NODE_HTML_INLINE) {
            const char *h = cmark_node_get_literal(k);
            size_t pos = 0, len = h ? strlen(h) : 0;
            html_token tok;
            while (html_next(h, len, &pos, &tok))
                if (tok.kind == HTML_TEXT) {
                    char *txt = html_decode(h + tok.start, tok.len);
                    util_buf_adds(b, txt);
                    free(txt);
                }
        } else if (t == CMARK_NODE_FOOTNOTE_REFERENCE) {
            gpointer v = g_hash_table_lookup(w->m->note_of, k);
            if (v) util_buf_printf(b, RESOLVE_NOTE_GAP "%zu", GPOINTER_TO_SIZE(v));
            else util_buf_addc(b, '?');
        } else {
            resolve_shown(w, k, b);
        }
    }
}

/* The text of an empty cross-reference, without its page: "§3.2", "Table 4.1", "Chapter 3", "“Title”". */
static char *resolve_xref_text(const theme *th, const xref_target *t)
{
    const source_heading *h = t->heading;
    const source_caption *cap = t->caption;
    if (cap && cap->number)
        return util_printf("%s %s", cap->equation ? th->label_equation : cap->figure ? th->label_figure : th->label_table,
                           cap->number);
    if (h && h->number) return util_printf("%s%s", th->label_section, h->number);
    if (h) return util_printf("\xe2\x80\x9c%s\xe2\x80\x9d", h->text);
    if (!*t->id) {
        char *label = resolve_chapter_label(th, t->chapter);
        return label ? label : util_printf("\xe2\x80\x9c%s\xe2\x80\x9d", t->chapter->title);
    }
    return util_xstrdup("");
}

static void resolve_link_node(resolve_walk *w, cmark_node *n)
{
    resolve_link *l = g_new0(resolve_link, 1);
    l->note = -1;
    g_hash_table_insert(w->m->links, n, l);
    const char *url = cmark_node_get_url(n);
    char *plain = source_plain_text(n);
    l->address = url && *plain && (strstr(plain, "://") || !strncmp(plain, "www.", 4) || strstr(url, plain));
    free(plain);
    if (!url || !*url) return; /* an empty target is reported by check */
    xref_target xt;
    xref_resolve(w->chs, w->n, w->ch, url, &xt);
    l->internal = xt.kind == XREF_INTERNAL;
    l->dest = xt.dest;
    xt.dest = NULL;
    if (!l->dest) { /* reported by check */
        xref_free(&xt);
        return;
    }
    util_buf shown = {0};
    util_buf_adds(&shown, "");
    resolve_shown(w, n, &shown);
    if (!shown.len && l->internal) {
        l->text = resolve_xref_text(w->th, &xt);
        l->cites_page = true;
    } else if (!shown.len) {
        l->text = util_xstrdup(url);
        util_buf_adds(&shown, url);
    }
    xref_free(&xt);
    if (!l->internal) {
        /* An external link prints its address as a note unless its text shows it (inside
         * a note, the address follows the text in parentheses). */
        const char *bare = !strncmp(url, "mailto:", 7) ? url + 7 : url;
        bool visible = strstr(url, shown.s) || strstr(shown.s, bare);
        if (!visible && w->in_note) l->url_inline = true;
        else if (!visible) l->note = (long)resolve_new_note(w, RESOLVE_NOTE_URL, NULL, url, n);
    }
    util_buf_free(&shown);
}

static void resolve_footnote_ref(resolve_walk *w, cmark_node *n)
{
    const char *lit = cmark_node_get_literal(n);
    long k = strtol(lit ? lit : "0", NULL, 10);
    if (k < 1 || (size_t)k > w->fn_defs->len) return; /* printed as "?" */
    if (!w->fn_note[k - 1])
        w->fn_note[k - 1] = resolve_new_note(w, RESOLVE_NOTE_FOOTNOTE, g_ptr_array_index(w->fn_defs, k - 1), NULL, n) + 1;
    g_hash_table_insert(w->m->note_of, n, GSIZE_TO_POINTER(w->fn_note[k - 1]));
}

static void resolve_inlines(resolve_walk *w, cmark_node *parent)
{
    for (cmark_node *k = cmark_node_first_child(parent); k; k = cmark_node_next(k)) {
        cmark_node_type t = cmark_node_get_type(k);
        if (t == CMARK_NODE_TEXT || t == CMARK_NODE_SOFTBREAK || mathext_get(k) || t == CMARK_NODE_IMAGE ||
            t == CMARK_NODE_CODE || t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_LINEBREAK)
            continue;
        if (t == CMARK_NODE_FOOTNOTE_REFERENCE) {
            resolve_footnote_ref(w, k);
            continue;
        }
        resolve_inlines(w, k); /* a link's own notes come before the note of its address */
        if (t == CMARK_NODE_LINK) resolve_link_node(w, k);
    }
}

/* After a text (a paragraph, a heading, a table): the notes first cited in it, in order, then
 * the notes cited in those, and so on (each note's text is read once). */
static void resolve_text_end(resolve_walk *w)
{
    if (w->in_note) return;
    w->in_note = true;
    for (size_t q = 0; q < w->queue->len; q++) {
        const resolve_note *note = g_ptr_array_index(w->m->notes, g_array_index(w->queue, size_t, q));
        if (note->def) resolve_blocks(w, note->def);
    }
    w->in_note = false;
    g_array_set_size(w->queue, 0);
}

/* "> [!NOTE]": the theme's callout kind (an unknown kind is warned about: a plain quote). */
static void resolve_quote(resolve_walk *w, cmark_node *quote)
{
    cmark_node *para = cmark_node_first_child(quote);
    if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) return;
    cmark_node *t = cmark_node_first_child(para);
    if (!t || cmark_node_get_type(t) != CMARK_NODE_TEXT) return;
    const char *lit = cmark_node_get_literal(t);
    if (strncmp(lit, "[!", 2)) return;
    const char *end = strchr(lit, ']');
    if (!end) return;
    char kind[32];
    size_t kl = (size_t)(end - lit - 2);
    if (kl == 0 || kl >= sizeof kind) return;
    memcpy(kind, lit + 2, kl);
    kind[kl] = '\0';
    for (size_t i = 0; i < kl; i++)
        if (!isalpha((unsigned char)kind[i])) return;
    const theme_callout *co = theme_find_callout(w->th, kind);
    if (!co) {
        int line, col;
        source_pos(w->ch, quote, &line, &col);
        util_buf b = {0};
        util_buf_adds(&b, "callout kinds: ");
        for (size_t i = 0; i < w->th->n_callouts; i++) util_buf_printf(&b, "%s%s", i ? ", " : "", w->th->callouts[i].kind);
        diag_report_hint(DIAG_WARNING, w->ch->path, line, col, b.s, "unknown callout kind [!%s]; shown as a quote", kind);
        util_buf_free(&b);
        return;
    }
    resolve_callout *rc = g_new0(resolve_callout, 1);
    rc->kind = co;
    rc->marker = t;
    rc->marker_bytes = (size_t)(end + 1 - lit);
    g_hash_table_insert(w->m->callouts, quote, rc);
}

/* A Markdown block inside an HTML table's cell (as layout sets it: lines of text). */
static void resolve_cell_block(resolve_walk *w, cmark_node *n, int depth)
{
    cmark_node_type ty = cmark_node_get_type(n);
    if (ty == CMARK_NODE_PARAGRAPH || ty == CMARK_NODE_HEADING) resolve_inlines(w, n);
    else if (ty != CMARK_NODE_CODE_BLOCK && ty != CMARK_NODE_HTML_BLOCK && depth < SOURCE_MAX_DEPTH)
        for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k)) resolve_cell_block(w, k, depth + 1);
}

static void resolve_html_block(resolve_walk *w, cmark_node *n)
{
    const source_html_block *hb = source_find_html_block(w->ch, n);
    for (size_t i = hb ? hb->first : 0; hb && i < hb->first + hb->n; i++) {
        const htmltable *h = &w->ch->htmltables[i].t;
        if (!h->rows || !h->cols) continue;
        for (size_t c = 0; c < h->rows * h->cols; c++)
            for (size_t p = 0; p < h->cells[c].n; p++) {
                cmark_node *pn = h->pieces[h->cells[c].first + p].node;
                if (cmark_node_get_type(pn) != CMARK_NODE_HTML_BLOCK) resolve_cell_block(w, pn, 0);
            }
        resolve_text_end(w);
        if (h->last != n) return;
    }
}

static void resolve_table(resolve_walk *w, cmark_node *n)
{
    for (cmark_node *row = cmark_node_first_child(n); row; row = cmark_node_next(row))
        for (cmark_node *cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell)) resolve_inlines(w, cell);
    resolve_text_end(w);
}

static void resolve_blocks(resolve_walk *w, cmark_node *parent)
{
    for (cmark_node *k = cmark_node_first_child(parent); k; k = cmark_node_next(k)) {
        cmark_node_type t = cmark_node_get_type(k);
        if (t == CMARK_NODE_PARAGRAPH && source_find_caption(w->ch, k)) continue; /* printed with its table */
        const source_html_block *hb = source_find_html_block(w->ch, k);
        if (hb && hb->inside) continue; /* read with its HTML table */
        if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING) {
            resolve_inlines(w, k);
            resolve_text_end(w);
        } else if (t == CMARK_NODE_TABLE) {
            resolve_table(w, k);
        } else if (t == CMARK_NODE_HTML_BLOCK) {
            resolve_html_block(w, k);
        } else if (t == CMARK_NODE_BLOCK_QUOTE) {
            resolve_quote(w, k);
            resolve_blocks(w, k);
        } else if (t != CMARK_NODE_CODE_BLOCK && t != CMARK_NODE_THEMATIC_BREAK && t != CMARK_NODE_FOOTNOTE_DEFINITION) {
            resolve_blocks(w, k); /* lists, items, other containers */
        }
    }
}

static void resolve_section_free(gpointer p)
{
    resolve_section *s = p;
    free(s->dest);
    free(s->outline);
    g_free(s);
}

static void resolve_link_free(gpointer p)
{
    resolve_link *l = p;
    free(l->dest);
    free(l->text);
    g_free(l);
}

static void resolve_note_free(gpointer p)
{
    resolve_note *note = p;
    free(note->url);
    free(note->dest);
    g_free(note);
}

void resolve_chapter_free(resolve_chapter *m)
{
    if (!m) return;
    free(m->label);
    free(m->outline);
    free(m->mark);
    g_hash_table_unref(m->items);
    g_hash_table_unref(m->images);
    g_ptr_array_unref(m->notes);
    g_hash_table_unref(m->note_of);
    g_hash_table_unref(m->links);
    g_hash_table_unref(m->sections);
    g_hash_table_unref(m->callouts);
    g_hash_table_unref(m->html);
    g_hash_table_unref(m->code);
    g_hash_table_unref(m->formulas);
    for (size_t i = 0; i < m->n_floats; i++) free(m->floats[i].label);
    free(m->floats);
    g_free(m);
}

static void resolve_floats(const theme *th, const source_chapter *ch, resolve_chapter *m)
{
    m->n_floats = ch->n_captions;
    m->floats = util_xcalloc(m->n_floats ? m->n_floats : 1, sizeof *m->floats);
    for (size_t k = 0; k < ch->n_captions; k++) {
        const source_caption *cap = &ch->captions[k];
        resolve_float *f = &m->floats[k];
        f->caption = cap;
        f->kind = cap->equation ? RESOLVE_FLOAT_EQUATION : cap->figure ? RESOLVE_FLOAT_FIGURE : RESOLVE_FLOAT_TABLE;
        f->number = cap->number;
        if (f->kind == RESOLVE_FLOAT_EQUATION) {
            if (cap->number) f->label = util_printf("(%s)", cap->number);
            continue;
        }
        f->text = cap->text;
        if (cap->number) f->label = util_printf("%s %s:", f->kind == RESOLVE_FLOAT_TABLE ? th->label_table : th->label_figure,
                                                cap->number);
    }
}

static void resolve_sections(const source_chapter *ch, resolve_chapter *m)
{
    for (size_t i = 0; i < ch->n_headings; i++) {
        const source_heading *h = &ch->headings[i];
        resolve_section *s = g_new0(resolve_section, 1);
        s->heading = h;
        s->number = h->number;
        s->dest = xref_dest_name(ch->slug, h->id);
        s->outline = h->number ? util_printf("%s %s", h->number, h->text) : util_xstrdup(h->text);
        resolve_heading_levels(s, h->level);
        g_hash_table_insert(m->sections, h->node, s);
    }
}

static void resolve_item_free(gpointer p)
{
    resolve_item *it = p;
    free(it->marker);
    g_free(it);
}

static void resolve_image_free(gpointer p)
{
    resolve_image *im = p;
    free(im->alt);
    g_free(im);
}

bool resolve_url_is_remote(const char *src)
{
    return src && (strstr(src, "://") || !strncmp(src, "//", 2) || !strncmp(src, "data:", 5));
}

/* Every image (remote ones are never fetched) and list item (an ordered list's numbers from
 * its start, task boxes). */
static void resolve_items(const source_chapter *ch, resolve_chapter *m)
{
    cmark_iter *it = cmark_iter_new(ch->doc);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node *list = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(list) == CMARK_NODE_IMAGE) {
            resolve_image *im = g_new0(resolve_image, 1);
            im->src = cmark_node_get_url(list);
            im->alt = source_plain_text(list);
            im->remote = resolve_url_is_remote(im->src);
            g_hash_table_insert(m->images, list, im);
        }
        if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(list) != CMARK_NODE_LIST) continue;
        bool ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
        char delim = cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ')' : '.';
        long number = cmark_node_get_list_start(list);
        for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item), number++) {
            resolve_item *ri = g_new0(resolve_item, 1);
            if (ordered) ri->marker = util_printf("%ld%c", number, delim);
            const char *ts = cmark_node_get_type_string(item);
            ri->task = ts && !strcmp(ts, "tasklist");
            ri->checked = ri->task && cmark_gfm_extensions_get_tasklist_item_checked(item);
            g_hash_table_insert(m->items, item, ri);
        }
    }
    cmark_iter_free(it);
}

static void resolve_code_free(gpointer p)
{
    resolve_code *rc = p;
    g_free(rc->lang);
    g_free(rc);
}

static void resolve_html_free(gpointer p)
{
    GArray *a = p;
    for (guint i = 0; i < a->len; i++) {
        resolve_html_elem *e = &g_array_index(a, resolve_html_elem, i);
        free(e->target);
        free(e->anchor);
        free(e->alt);
    }
    g_array_unref(a);
}

void resolve_chapter_make(const theme *th, const vars_table *vars, source_chapter *chs, size_t n, size_t i)
{
    source_chapter *ch = &chs[i];
    if (ch->model && ch->model_free) ch->model_free(ch->model);
    resolve_chapter *m = g_new0(resolve_chapter, 1);
    ch->model = m;
    ch->model_free = resolve_chapter_free;
    m->label = resolve_chapter_label(th, ch);
    m->outline = ch->number ? util_printf("%s %s", ch->number, ch->title) : util_xstrdup(ch->title);
    /* The bookmark keeps the full title; the running head takes `short_title:` when given. */
    m->mark = !ch->short_title ? util_xstrdup(m->outline)
              : ch->number     ? util_printf("%s %s", ch->number, ch->short_title)
                               : util_xstrdup(ch->short_title);
    m->items = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, resolve_item_free);
    m->images = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, resolve_image_free);
    m->notes = g_ptr_array_new_with_free_func(resolve_note_free);
    m->note_of = g_hash_table_new(g_direct_hash, g_direct_equal);
    m->links = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, resolve_link_free);
    m->sections = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, resolve_section_free);
    m->callouts = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    m->html = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, resolve_html_free);
    m->code = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, resolve_code_free);
    m->formulas = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    resolve_sections(ch, m);
    resolve_floats(th, ch, m);
    if (!ch->doc) return;
    resolve_items(ch, m);
    resolve_html_chapter(m, chs, n, ch);
    resolve_block_chapter(th, vars, m, ch);
    resolve_walk w = {.th = th, .vars = vars, .chs = chs, .n = n, .ch = ch, .m = m};
    w.fn_defs = g_ptr_array_new();
    for (cmark_node *k = cmark_node_first_child(ch->doc); k; k = cmark_node_next(k))
        if (cmark_node_get_type(k) == CMARK_NODE_FOOTNOTE_DEFINITION) g_ptr_array_add(w.fn_defs, k);
    w.fn_note = util_xcalloc(w.fn_defs->len + 1, sizeof *w.fn_note);
    w.queue = g_array_new(FALSE, FALSE, sizeof(size_t));
    resolve_blocks(&w, ch->doc);
    g_array_unref(w.queue);
    free(w.fn_note);
    g_ptr_array_unref(w.fn_defs);
}

void resolve_book(const book *bk, source_chapter *chs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (chs[i].doc && !chs[i].failed) resolve_chapter_make(&bk->theme, bk->vars, chs, n, i);
}

/* ---- lookups ---- */

const resolve_section *resolve_section_of(const source_chapter *ch, cmark_node *heading)
{
    return ch->model ? g_hash_table_lookup(ch->model->sections, heading) : NULL;
}

const resolve_item *resolve_item_of(const source_chapter *ch, cmark_node *item)
{
    return ch->model ? g_hash_table_lookup(ch->model->items, item) : NULL;
}

const resolve_image *resolve_image_of(const source_chapter *ch, cmark_node *image)
{
    return ch->model ? g_hash_table_lookup(ch->model->images, image) : NULL;
}

const resolve_float *resolve_float_of(const source_chapter *ch, const source_caption *cap)
{
    if (!ch->model || !cap || cap < ch->captions || cap >= ch->captions + ch->model->n_floats) return NULL;
    return &ch->model->floats[cap - ch->captions];
}

const resolve_link *resolve_link_of(const source_chapter *ch, cmark_node *link)
{
    return ch->model ? g_hash_table_lookup(ch->model->links, link) : NULL;
}

bool resolve_cites_pages(const source_chapter *ch)
{
    if (!ch->model || !ch->model->links) return false;
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, ch->model->links);
    while (g_hash_table_iter_next(&it, NULL, &value))
        if (((const resolve_link *)value)->cites_page) return true;
    return false;
}

const resolve_note *resolve_note_at(const source_chapter *ch, size_t index)
{
    return ch->model && index < ch->model->notes->len ? g_ptr_array_index(ch->model->notes, index) : NULL;
}

const resolve_note *resolve_footnote_of(const source_chapter *ch, cmark_node *ref, size_t *index)
{
    gpointer v = ch->model ? g_hash_table_lookup(ch->model->note_of, ref) : NULL;
    if (!v) return NULL;
    *index = GPOINTER_TO_SIZE(v) - 1;
    return resolve_note_at(ch, *index);
}

const resolve_callout *resolve_callout_of(const source_chapter *ch, cmark_node *quote)
{
    return ch->model ? g_hash_table_lookup(ch->model->callouts, quote) : NULL;
}
