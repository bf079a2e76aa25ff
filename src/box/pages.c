#include "pages.h"

#include <stdlib.h>
#include <string.h>

#include "figure.h"
#include "util.h"

const char *page_role_name(page_role r)
{
    static const char *names[PAGE_ROLE_COUNT] = {"Document", "Sect", "H1", "H2", "H3", "H4", "H5", "H6",
                                                 "P", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD",
                                                 "Caption", "Note", "Code", "Figure", "BlockQuote", "Div", "Formula"};
    return r >= 0 && r < PAGE_ROLE_COUNT ? names[r] : "Div";
}

int page_structs_add(page_structs *s, page_role role, int parent, const char *alt)
{
    page_struct *e = UTIL_PUSH(s->v, s->n, s->cap);
    e->role = role;
    e->parent = parent;
    e->alt = alt ? util_xstrdup(alt) : NULL;
    return (int)s->n;
}

void page_structs_free(page_structs *s)
{
    for (size_t i = 0; i < s->n; i++) free(s->v[i].alt);
    free(s->v);
    memset(s, 0, sizeof *s);
}

page_math *page_math_new(cairo_font_face_t *face)
{
    page_math *m = util_xcalloc(1, sizeof *m);
    m->refs = 1;
    m->face = cairo_font_face_reference(face);
    return m;
}

page_math *page_math_ref(page_math *m)
{
    __atomic_add_fetch(&m->refs, 1, __ATOMIC_SEQ_CST);
    return m;
}

void page_math_unref(page_math *m)
{
    if (!m || __atomic_sub_fetch(&m->refs, 1, __ATOMIC_SEQ_CST)) return;
    cairo_font_face_destroy(m->face);
    free(m->glyphs);
    free(m->rules);
    for (size_t i = 0; i < m->n_texts; i++) free(m->texts[i].text);
    free(m->texts);
    free(m);
}

page_item *page_items_add(page_items *l, page_item_kind kind)
{
    page_item *it = UTIL_PUSH(l->v, l->n, l->cap);
    memset(it, 0, sizeof *it);
    it->kind = kind;
    return it;
}

void page_items_text_line(page_items *l, PangoLayout *layout, PangoLayoutLine *ln, int line, double x, double baseline)
{
    page_item *it = page_items_add(l, PAGE_TEXT);
    it->layout = g_object_ref(layout);
    it->line = line;
    it->ln = ln ? pango_layout_line_ref(ln) : NULL;
    it->x = x;
    it->y = baseline;
}

void page_items_text(page_items *l, PangoLayout *layout, int line, double x, double baseline)
{
    page_items_text_line(l, layout, pango_layout_get_line_readonly(layout, line), line, x, baseline);
}

void page_items_rect(page_items *l, page_item_kind kind, double x, double y, double w, double h, theme_color c,
                     double line_width)
{
    page_item *it = page_items_add(l, kind);
    it->x = x;
    it->y = y;
    it->w = w;
    it->h = h;
    it->color = c;
    it->line_width = line_width;
}

void page_items_link(page_items *l, double x, double y, double w, double h, const char *target, bool internal)
{
    page_item *it = page_items_add(l, PAGE_LINK);
    it->x = x;
    it->y = y;
    it->w = w;
    it->h = h;
    it->target = util_xstrdup(target);
    it->internal = internal;
}

void page_items_dest(page_items *l, const char *name, double x, double y)
{
    page_item *it = page_items_add(l, PAGE_DEST);
    it->x = x;
    it->y = y;
    it->target = util_xstrdup(name);
}

void page_items_move(page_items *dst, page_items *src, double dx, double dy)
{
    for (size_t i = 0; i < src->n; i++) {
        page_item *it = UTIL_PUSH(dst->v, dst->n, dst->cap);
        *it = src->v[i];
        it->x += dx;
        it->y += dy;
    }
    free(src->v);
    memset(src, 0, sizeof *src);
}

void page_items_copy(page_items *dst, const page_items *src, double dx, double dy)
{
    for (size_t i = 0; i < src->n; i++) {
        page_item *it = UTIL_PUSH(dst->v, dst->n, dst->cap);
        *it = src->v[i];
        it->x += dx;
        it->y += dy;
        if (it->layout) g_object_ref(it->layout);
        if (it->ln) pango_layout_line_ref(it->ln);
        if (it->image) cairo_surface_reference(it->image);
        if (it->svg) g_object_ref(it->svg);
        if (it->target) it->target = util_xstrdup(it->target);
        if (it->alt) it->alt = util_xstrdup(it->alt);
        if (it->math) page_math_ref(it->math);
    }
}

static void page_item_release(page_item *it)
{
    if (it->ln) pango_layout_line_unref(it->ln);
    if (it->layout) g_object_unref(it->layout);
    if (it->image) cairo_surface_destroy(it->image);
    figure_svg_unref(it->svg);
    free(it->target);
    free(it->alt);
    if (it->math) page_math_unref(it->math);
}

void page_items_free(page_items *l)
{
    for (size_t i = 0; i < l->n; i++) page_item_release(&l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

void page_items_keep_dests(page_items *l)
{
    size_t kept = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (l->v[i].kind == PAGE_DEST) {
            l->v[kept++] = l->v[i];
            continue;
        }
        page_item_release(&l->v[i]);
    }
    l->n = kept;
    if (!kept) {
        free(l->v);
        memset(l, 0, sizeof *l);
    } else {
        l->v = util_xrealloc(l->v, kept * sizeof *l->v);
        l->cap = kept;
    }
}

void page_items_dump(const page_items *l, FILE *out)
{
    static const char *names[] = {"text", "fill", "stroke", "line", "image", "svg", "link", "dest", "math"};
    for (size_t i = 0; i < l->n; i++) {
        const page_item *it = &l->v[i];
        fprintf(out, "%s %.2f %.2f %.2f %.2f", names[it->kind], it->x, it->y, it->w, it->h);
        if (it->kind == PAGE_TEXT) {
            PangoLayoutLine *ln = it->ln;
            const char *txt = pango_layout_get_text(it->layout);
            if (ln) fprintf(out, " \"%.*s\"", ln->length, txt + ln->start_index);
        }
        if (it->math) fprintf(out, " %zu glyphs %zu rules \"%s\"", it->math->n_glyphs, it->math->n_rules, it->alt ? it->alt : "");
        if (it->target) fprintf(out, " -> %s", it->target);
        fputc('\n', out);
    }
}

void page_dump(const page *pg, size_t number, FILE *out)
{
    fprintf(out, "page %zu \"%s\"\n", number, pg->label ? pg->label : "");
    page_items_dump(&pg->items, out);
}

void page_doc_dump(const page_doc *d, FILE *out)
{
    fprintf(out, "doc %.2f x %.2f, %zu pages\n", d->width, d->height, d->n_pages);
    for (size_t i = 0; i < d->n_pages; i++) page_dump(&d->pages[i], i + 1, out);
    page_doc_dump_tail(d, out);
}

void page_doc_dump_tail(const page_doc *d, FILE *out)
{
    for (size_t i = 0; i < d->n_outline; i++)
        fprintf(out, "outline %d \"%s\" -> %s (page %d)\n", d->outline[i].level, d->outline[i].title, d->outline[i].dest,
                d->outline[i].page + 1);
    for (size_t i = 0; i < d->structs.n; i++)
        fprintf(out, "struct %zu %s in %d%s%s\n", i + 1, page_role_name(d->structs.v[i].role), d->structs.v[i].parent,
                d->structs.v[i].alt ? " alt: " : "", d->structs.v[i].alt ? d->structs.v[i].alt : "");
}

void page_doc_free(page_doc *d)
{
    for (size_t i = 0; i < d->n_pages; i++) {
        page_items_free(&d->pages[i].items);
        free(d->pages[i].label);
    }
    free(d->pages);
    for (size_t i = 0; i < d->n_outline; i++) {
        free(d->outline[i].title);
        free(d->outline[i].dest);
    }
    free(d->outline);
    page_structs_free(&d->structs);
    memset(d, 0, sizeof *d);
}

void page_doc_append(page_doc *dst, page_doc *src)
{
    size_t base = dst->n_pages;
    int sbase = (int)dst->structs.n;
    for (size_t i = 0; i < src->structs.n; i++) {
        page_struct *e = UTIL_PUSH(dst->structs.v, dst->structs.n, dst->structs.cap);
        *e = src->structs.v[i];
        if (e->parent) e->parent += sbase;
    }
    free(src->structs.v);
    for (size_t i = 0; i < src->n_pages; i++) {
        page_items *l = &src->pages[i].items;
        for (size_t k = 0; k < l->n; k++)
            if (l->v[k].sid) l->v[k].sid += sbase;
        *UTIL_PUSH(dst->pages, dst->n_pages, dst->cap_pages) = src->pages[i];
    }
    for (size_t i = 0; i < src->n_outline; i++) {
        page_outline *o = UTIL_PUSH(dst->outline, dst->n_outline, dst->cap_outline);
        *o = src->outline[i];
        o->page += (int)base;
    }
    if (!dst->width) {
        dst->width = src->width;
        dst->height = src->height;
    }
    free(src->pages);
    free(src->outline);
    memset(src, 0, sizeof *src);
}

typedef struct page_dest_entry {
    char *name, *label;
    int page;
} page_dest_entry;

static int page_dest_cmp(const void *a, const void *b)
{
    return strcmp(((const page_dest_entry *)a)->name, ((const page_dest_entry *)b)->name);
}

void page_destmap_build(page_destmap *m, const page_doc *doc)
{
    memset(m, 0, sizeof *m);
    page_dest_entry *v = NULL;
    size_t n = 0, cap = 0;
    for (size_t p = 0; p < doc->n_pages; p++)
        for (size_t i = 0; i < doc->pages[p].items.n; i++) {
            const page_item *it = &doc->pages[p].items.v[i];
            if (it->kind != PAGE_DEST) continue;
            page_dest_entry *e = UTIL_PUSH(v, n, cap);
            e->name = it->target;
            e->label = doc->pages[p].label ? doc->pages[p].label : "";
            e->page = (int)p;
        }
    if (n) qsort(v, n, sizeof *v, page_dest_cmp); /* qsort(NULL, 0, …) is undefined */
    m->names = util_xcalloc(n, sizeof *m->names);
    m->labels = util_xcalloc(n, sizeof *m->labels);
    m->pages = util_xcalloc(n, sizeof *m->pages);
    for (size_t i = 0; i < n; i++) {
        /* The first occurrence wins when a name repeats. */
        if (m->n && !strcmp(m->names[m->n - 1], v[i].name)) continue;
        m->names[m->n] = util_xstrdup(v[i].name);
        m->labels[m->n] = util_xstrdup(v[i].label);
        m->pages[m->n] = v[i].page;
        m->n++;
    }
    free(v);
}

static int page_name_cmp(const void *key, const void *elem) { return strcmp(key, *(char *const *)elem); }

char **page_doc_dest_names(const page_doc *doc, size_t *n)
{
    char **names = NULL;
    size_t cap = 0;
    *n = 0;
    for (size_t p = 0; p < doc->n_pages; p++)
        for (size_t i = 0; i < doc->pages[p].items.n; i++)
            if (doc->pages[p].items.v[i].kind == PAGE_DEST) *UTIL_PUSH(names, *n, cap) = doc->pages[p].items.v[i].target;
    if (*n) qsort(names, *n, sizeof *names, util_cmp_str);
    return names;
}

const char *page_destmap_label(const page_destmap *m, const char *name)
{
    if (!m || !m->n) return NULL;
    char **hit = bsearch(name, m->names, m->n, sizeof *m->names, page_name_cmp);
    return hit ? m->labels[hit - m->names] : NULL;
}

void page_destmap_free(page_destmap *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->names[i]);
        free(m->labels[i]);
    }
    free(m->names);
    free(m->labels);
    free(m->pages);
    memset(m, 0, sizeof *m);
}

void page_destmap_copy(page_destmap *dst, const page_destmap *src)
{
    memset(dst, 0, sizeof *dst);
    dst->names = util_xcalloc(src->n ? src->n : 1, sizeof *dst->names);
    dst->labels = util_xcalloc(src->n ? src->n : 1, sizeof *dst->labels);
    dst->pages = util_xcalloc(src->n ? src->n : 1, sizeof *dst->pages);
    for (size_t i = 0; i < src->n; i++) {
        dst->names[i] = util_xstrdup(src->names[i]);
        dst->labels[i] = util_xstrdup(src->labels[i]);
        dst->pages[i] = src->pages[i];
    }
    dst->n = src->n;
}
