#include "pdf.h"

#include <cairo-pdf.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

char *pdf_escape_attr(const char *s)
{
    util_buf b = {0};
    util_buf_adds(&b, "");
    for (; *s; s++) {
        if (*s == '\'' || *s == '\\') util_buf_addc(&b, '\\');
        util_buf_addc(&b, *s);
    }
    return util_buf_steal(&b);
}

static void pdf_color(cairo_t *cr, theme_color c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

static int pdf_cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void pdf_draw_item(cairo_t *cr, const page_item *it, char **dests, size_t n_dests)
{
    switch (it->kind) {
    case PAGE_TEXT: {
        PangoLayoutLine *line = it->ln;
        if (!line) return;
        pdf_color(cr, it->color);
        cairo_move_to(cr, it->x, it->y);
        if (it->as_path) {
            pango_cairo_layout_line_path(cr, line);
            cairo_fill(cr);
        } else {
            pango_cairo_show_layout_line(cr, line);
        }
        break;
    }
    case PAGE_FILL:
        pdf_color(cr, it->color);
        cairo_rectangle(cr, it->x, it->y, it->w, it->h);
        cairo_fill(cr);
        break;
    case PAGE_STROKE:
        pdf_color(cr, it->color);
        cairo_set_line_width(cr, it->line_width);
        cairo_rectangle(cr, it->x, it->y, it->w, it->h);
        cairo_stroke(cr);
        break;
    case PAGE_LINE:
        pdf_color(cr, it->color);
        cairo_set_line_width(cr, it->line_width);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_move_to(cr, it->x, it->y);
        cairo_line_to(cr, it->x + it->w, it->y + it->h);
        cairo_stroke(cr);
        break;
    case PAGE_IMAGE: {
        double iw = cairo_image_surface_get_width(it->image), ih = cairo_image_surface_get_height(it->image);
        /* A Figure structure element (cairo 1.16 has no way to attach the alt text to it). */
        cairo_tag_begin(cr, "Figure", NULL);
        cairo_save(cr);
        cairo_translate(cr, it->x, it->y);
        cairo_scale(cr, it->w / iw, it->h / ih);
        cairo_set_source_surface(cr, it->image, 0, 0);
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
        cairo_paint(cr);
        cairo_restore(cr);
        cairo_tag_end(cr, "Figure");
        break;
    }
    case PAGE_SVG: {
        RsvgRectangle vp = {it->x, it->y, it->w, it->h};
        cairo_tag_begin(cr, "Figure", NULL);
        rsvg_handle_render_document(it->svg, cr, &vp, NULL);
        cairo_tag_end(cr, "Figure");
        break;
    }
    case PAGE_LINK: {
        if (it->internal && !bsearch(&it->target, dests, n_dests, sizeof *dests, pdf_cmp_str)) return;
        char *t = pdf_escape_attr(it->target);
        char *attr = it->internal ? util_printf("rect=[%.2f %.2f %.2f %.2f] dest='%s'", it->x, it->y, it->w, it->h, t)
                                  : util_printf("rect=[%.2f %.2f %.2f %.2f] uri='%s'", it->x, it->y, it->w, it->h, t);
        cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
        cairo_tag_end(cr, CAIRO_TAG_LINK);
        free(attr);
        free(t);
        break;
    }
    case PAGE_DEST: {
        char *t = pdf_escape_attr(it->target);
        char *attr = util_printf("name='%s' x=%.2f y=%.2f", t, it->x, it->y);
        cairo_tag_begin(cr, CAIRO_TAG_DEST, attr);
        cairo_tag_end(cr, CAIRO_TAG_DEST);
        free(attr);
        free(t);
        break;
    }
    }
}

static void pdf_metadata(cairo_surface_t *s, const pdf_meta *m)
{
    if (m->title) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, m->title);
    if (m->author) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, m->author);
    if (m->subject) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, m->subject);
    if (m->keywords) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, m->keywords);
    if (m->creator) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, m->creator);
    struct tm tm;
    gmtime_r(&m->date, &tm);
    char date[32];
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
}

static void pdf_outline(cairo_surface_t *s, const page_doc *doc, char **dests, size_t n_dests)
{
    enum { PDF_MAX_LEVEL = 8 };
    int parents[PDF_MAX_LEVEL + 1] = {0};
    for (size_t i = 0; i < doc->n_outline; i++) {
        const page_outline *o = &doc->outline[i];
        if (!bsearch(&o->dest, dests, n_dests, sizeof *dests, pdf_cmp_str)) continue;
        int level = o->level < 1 ? 1 : o->level > PDF_MAX_LEVEL ? PDF_MAX_LEVEL : o->level;
        int parent = CAIRO_PDF_OUTLINE_ROOT;
        for (int l = level - 1; l >= 1; l--)
            if (parents[l]) {
                parent = parents[l];
                break;
            }
        char *t = pdf_escape_attr(o->dest);
        char *attr = util_printf("dest='%s'", t);
        /* Parts open to show their chapters; chapters stay closed. */
        int id = cairo_pdf_surface_add_outline(s, parent, o->title, attr, level <= 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
        free(attr);
        free(t);
        parents[level] = id;
        for (int l = level + 1; l <= PDF_MAX_LEVEL; l++) parents[l] = 0;
    }
}

bool pdf_write(const page_doc *doc, const pdf_meta *meta, const char *path)
{
    /* All destination names, sorted, so links and bookmarks to missing ones are caught. */
    char **dests = NULL;
    size_t n_dests = 0, cap = 0;
    for (size_t p = 0; p < doc->n_pages; p++)
        for (size_t i = 0; i < doc->pages[p].items.n; i++)
            if (doc->pages[p].items.v[i].kind == PAGE_DEST) *UTIL_PUSH(dests, n_dests, cap) = doc->pages[p].items.v[i].target;
    qsort(dests, n_dests, sizeof *dests, pdf_cmp_str);

    cairo_surface_t *s = cairo_pdf_surface_create(path, doc->width, doc->height);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        diag_error(path, 0, 0, "cannot create PDF: %s", cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        free(dests);
        return false;
    }
    pdf_metadata(s, meta);
    cairo_t *cr = cairo_create(s);
    /* Without a Document structure element, links make qpdf report damage. */
    cairo_tag_begin(cr, "Document", NULL);
    for (size_t p = 0; p < doc->n_pages; p++) {
        const page *pg = &doc->pages[p];
        if (pg->label) cairo_pdf_surface_set_page_label(s, pg->label);
        for (size_t i = 0; i < pg->items.n; i++) pdf_draw_item(cr, &pg->items.v[i], dests, n_dests);
        cairo_show_page(cr);
    }
    cairo_tag_end(cr, "Document");
    pdf_outline(s, doc, dests, n_dests);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    free(dests);
    if (st != CAIRO_STATUS_SUCCESS) {
        diag_error(path, 0, 0, "cannot write PDF: %s", cairo_status_to_string(st));
        return false;
    }
    return true;
}
