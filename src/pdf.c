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

/* Bytes a URI may keep as they are inside a cairo attribute and a PDF string:
 * RFC 3986's unreserved and reserved characters and '%', minus the ones that
 * would end the attribute (' \\) or the PDF string (( ) \\). */
static bool pdf_uri_safe(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           strchr("-._~:/?#[]@!$&*+,;=%", ch) != NULL;
}

char *pdf_uri_escape(const char *s)
{
    util_buf b = {0};
    util_buf_adds(&b, "");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (pdf_uri_safe(*p)) util_buf_addc(&b, (char)*p);
        else util_buf_printf(&b, "%%%02X", *p);
    }
    return util_buf_steal(&b);
}

char *pdf_dest_name(const char *s)
{
    /* Destination names must be ASCII for cairo's links to work, and unique:
     * everything but letters, digits, '-', '_' and '.' becomes %XX ('%' too). */
    util_buf b = {0};
    util_buf_adds(&b, "");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char ch = *p;
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
            ch == '.')
            util_buf_addc(&b, (char)ch);
        else util_buf_printf(&b, "%%%02X", ch);
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
        /* A Figure structure element (cairo 1.16 has no way to attach the alt text to it).
         * The image is drawn as a filled rectangle, never with cairo_paint: cairo 1.16
         * fails the whole page ("invalid tag name, attributes, or nesting") when a
         * structure element's first content on a page is a paint. */
        cairo_tag_begin(cr, "Figure", NULL);
        cairo_save(cr);
        cairo_translate(cr, it->x, it->y);
        cairo_scale(cr, it->w / iw, it->h / ih);
        cairo_set_source_surface(cr, it->image, 0, 0);
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
        cairo_rectangle(cr, 0, 0, iw, ih);
        cairo_fill(cr);
        cairo_restore(cr);
        cairo_tag_end(cr, "Figure");
        break;
    }
    case PAGE_SVG: {
        RsvgRectangle vp = {it->x, it->y, it->w, it->h};
        /* Clipped to its box, so whatever the drawing starts with (a paint, an
         * embedded image) is not a bare paint (see PAGE_IMAGE). */
        cairo_tag_begin(cr, "Figure", NULL);
        cairo_save(cr);
        cairo_rectangle(cr, it->x, it->y, it->w, it->h);
        cairo_clip(cr);
        rsvg_handle_render_document(it->svg, cr, &vp, NULL);
        cairo_restore(cr);
        cairo_tag_end(cr, "Figure");
        break;
    }
    case PAGE_LINK: {
        if (it->internal && !bsearch(&it->target, dests, n_dests, sizeof *dests, pdf_cmp_str)) return;
        char *t = it->internal ? pdf_dest_name(it->target) : pdf_uri_escape(it->target);
        char *attr = it->internal ? util_printf("rect=[%.2f %.2f %.2f %.2f] dest='%s'", it->x, it->y, it->w, it->h, t)
                                  : util_printf("rect=[%.2f %.2f %.2f %.2f] uri='%s'", it->x, it->y, it->w, it->h, t);
        cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
        cairo_tag_end(cr, CAIRO_TAG_LINK);
        free(attr);
        free(t);
        break;
    }
    case PAGE_DEST: {
        char *t = pdf_dest_name(it->target);
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
    if (m->subject && *m->subject) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, m->subject);
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
        char *t = pdf_dest_name(o->dest);
        char *attr = util_printf("dest='%s'", t);
        /* Parts open to show their chapters; chapters stay closed. */
        int id = cairo_pdf_surface_add_outline(s, parent, o->title, attr, level <= 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
        free(attr);
        free(t);
        parents[level] = id;
        for (int l = level + 1; l <= PDF_MAX_LEVEL; l++) parents[l] = 0;
    }
}

bool pdf_write(const page_doc *doc, const pdf_meta *meta, const char *path, const char *shown_path)
{
    /* All destination names, sorted, so links and bookmarks to missing ones are caught. */
    char **dests = NULL;
    size_t n_dests = 0, cap = 0;
    for (size_t p = 0; p < doc->n_pages; p++)
        for (size_t i = 0; i < doc->pages[p].items.n; i++)
            if (doc->pages[p].items.v[i].kind == PAGE_DEST) *UTIL_PUSH(dests, n_dests, cap) = doc->pages[p].items.v[i].target;
    if (n_dests) qsort(dests, n_dests, sizeof *dests, pdf_cmp_str); /* qsort(NULL, 0, …) is undefined */

    cairo_surface_t *s = cairo_pdf_surface_create(path, doc->width, doc->height);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        diag_error(shown_path, 0, 0, "cannot create PDF: %s", cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        free(dests);
        return false;
    }
    pdf_metadata(s, meta);
    cairo_t *cr = cairo_create(s);
    const char *bad_page = NULL;
    /* Without a Document structure element, links make qpdf report damage. */
    cairo_tag_begin(cr, "Document", NULL);
    for (size_t p = 0; p < doc->n_pages; p++) {
        const page *pg = &doc->pages[p];
        if (pg->label) cairo_pdf_surface_set_page_label(s, pg->label);
        for (size_t i = 0; i < pg->items.n; i++) pdf_draw_item(cr, &pg->items.v[i], dests, n_dests);
        cairo_show_page(cr);
        if (cairo_status(cr) != CAIRO_STATUS_SUCCESS && !bad_page) bad_page = pg->label ? pg->label : "?";
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
        if (bad_page) diag_error(shown_path, 0, 0, "cannot write PDF: page %s: %s", bad_page, cairo_status_to_string(st));
        else diag_error(shown_path, 0, 0, "cannot write PDF: %s", cairo_status_to_string(st));
        return false;
    }
    return true;
}
