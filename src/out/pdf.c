#include "pdf.h"

#include <cairo-pdf.h>
#include <hb.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "figure.h"
#include "pdf_finish.h"
#include "pdf_png.h"
#include "pdf_tag.h"
#include "util.h"

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

/* A word broken across lines ends its line with a soft hyphen (U+00AD, then the
 * forced break; see text_apply_breaks), which Pango does not show. The hyphen is
 * drawn here, after the line, with the soft hyphen as its text: copied out of the
 * PDF, the word comes back whole (cairo writes an /ActualText when the glyph also
 * stands for a real hyphen elsewhere). */
static void pdf_show_soft_hyphen(cairo_t *cr, const page_item *it)
{
    PangoLayoutLine *ln = it->ln;
    const char *text = pango_layout_get_text(it->layout);
    int end = ln->start_index + ln->length;
    if (end - ln->start_index >= 3 && !memcmp(text + end - 3, "\xe2\x80\xa8", 3)) end -= 3; /* U+2028 */
    if (end - ln->start_index < 2 || memcmp(text + end - 2, "\xc2\xad", 2)) return;
    int shy = end - 2;
    PangoFont *font = NULL;
    for (GSList *r = ln->runs; r; r = r->next) {
        PangoGlyphItem *run = r->data;
        if (run->item->offset <= shy && shy < run->item->offset + run->item->length) font = run->item->analysis.font;
    }
    if (!font && ln->runs) font = ((PangoGlyphItem *)g_slist_last(ln->runs)->data)->item->analysis.font;
    if (!font || !PANGO_IS_CAIRO_FONT(font)) return;
    hb_codepoint_t gid;
    if (!hb_font_get_nominal_glyph(pango_font_get_hb_font(font), '-', &gid)) return;
    cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
    if (!sf) return;
    /* Where the soft hyphen starts: the widths of the runs before it (in a left-to-right
     * line). pango_layout_line_index_to_x would count characters from the start of
     * the whole text, once per line: quadratic in a long paragraph. */
    int x_pos = 0;
    bool rtl = false;
    for (GSList *r = ln->runs; r; r = r->next) rtl = rtl || ((PangoGlyphItem *)r->data)->item->analysis.level % 2;
    if (rtl) {
        pango_layout_line_index_to_x(ln, shy, FALSE, &x_pos);
    } else {
        for (GSList *r = ln->runs; r; r = r->next) {
            PangoGlyphItem *run = r->data;
            PangoItem *item = run->item;
            if (item->offset + item->length <= shy) {
                x_pos += pango_glyph_string_get_width(run->glyphs);
                continue;
            }
            if (item->offset < shy) {
                int xr = 0;
                pango_glyph_string_index_to_x(run->glyphs, (char *)text + item->offset, item->length, &item->analysis,
                                              shy - item->offset, FALSE, &xr);
                x_pos += xr;
            }
            break;
        }
    }
    cairo_save(cr);
    cairo_set_scaled_font(cr, sf);
    cairo_glyph_t glyph = {gid, it->x + x_pos / (double)PANGO_SCALE, it->y};
    cairo_text_cluster_t cluster = {2, 1};
    cairo_show_text_glyphs(cr, "\xc2\xad", 2, &glyph, 1, &cluster, 1, 0);
    cairo_restore(cr);
}

/* A formula: its glyphs by id, each with the text it stands for (a glyph without text reads as
 * nothing: cairo writes an empty /ActualText), the inkless glyphs that carry a group's text
 * ("a/b"), and its rules. */
static void pdf_draw_math(cairo_t *cr, const page_item *it)
{
    const page_math *m = it->math;
    pdf_color(cr, it->color);
    cairo_save(cr);
    cairo_set_font_face(cr, m->face);
    for (size_t i = 0; i < m->n_glyphs; i++) {
        const page_glyph *g = &m->glyphs[i];
        cairo_set_font_size(cr, g->size);
        cairo_glyph_t gl = {g->id, it->x + g->x, it->y + g->y};
        int len = (int)strlen(g->text);
        cairo_text_cluster_t cluster = {len, 1};
        cairo_show_text_glyphs(cr, g->text, len, &gl, 1, &cluster, 1, 0);
    }
    for (size_t i = 0; i < m->n_texts; i++) {
        const page_mathtext *t = &m->texts[i];
        cairo_matrix_t fm;
        cairo_matrix_init(&fm, t->size * t->sx, 0, 0, t->size, 0, 0);
        cairo_set_font_matrix(cr, &fm);
        cairo_glyph_t gl = {t->id, it->x + t->x, it->y + t->y};
        int len = (int)strlen(t->text);
        cairo_text_cluster_t cluster = {len, 1};
        if (len) cairo_show_text_glyphs(cr, t->text, len, &gl, 1, &cluster, 1, 0);
    }
    for (size_t i = 0; i < m->n_rules; i++) {
        const page_rule *r = &m->rules[i];
        cairo_rectangle(cr, it->x + r->x, it->y + r->y, r->w, r->h);
    }
    cairo_fill(cr);
    cairo_restore(cr);
}

/* Whether a link item is drawn: an internal one only to a known destination (dests NULL: any). */
static bool pdf_link_drawn(const page_item *it, char **dests, size_t n_dests)
{
    if (!it->internal || !dests) return true;
    return n_dests && bsearch(&it->target, dests, n_dests, sizeof *dests, util_cmp_str);
}

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
            pdf_show_soft_hyphen(cr, it);
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
        /* Inside its Figure (pdf_tag_item; the alt text is added by pdf_finish). The
         * image is drawn as a filled rectangle, never with cairo_paint: cairo 1.16 fails
         * the whole page ("invalid tag name, attributes, or nesting") when a structure
         * element's first content on a page is a paint. */
        cairo_save(cr);
        cairo_translate(cr, it->x, it->y);
        cairo_scale(cr, it->w / iw, it->h / ih);
        cairo_set_source_surface(cr, it->image, 0, 0);
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
        cairo_rectangle(cr, 0, 0, iw, ih);
        cairo_fill(cr);
        cairo_restore(cr);
        break;
    }
    case PAGE_SVG: {
        /* Clipped to its box, so whatever the drawing starts with (a paint, an
         * embedded image) is not a bare paint (see PAGE_IMAGE). */
        cairo_save(cr);
        cairo_rectangle(cr, it->x, it->y, it->w, it->h);
        cairo_clip(cr);
        figure_svg_render(it->svg, cr, it->x, it->y, it->w, it->h);
        cairo_restore(cr);
        break;
    }
    case PAGE_LINK: {
        if (!pdf_link_drawn(it, dests, n_dests)) return;
        char *t = it->internal ? pdf_dest_name(it->target) : pdf_uri_escape(it->target);
        char *attr = it->internal ? util_printf("rect=[%.2f %.2f %.2f %.2f] dest='%s'", it->x, it->y, it->w, it->h, t)
                                  : util_printf("rect=[%.2f %.2f %.2f %.2f] uri='%s'", it->x, it->y, it->w, it->h, t);
        cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
        cairo_tag_end(cr, CAIRO_TAG_LINK);
        free(attr);
        free(t);
        break;
    }
    case PAGE_MATH:
        pdf_draw_math(cr, it);
        break;
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
        if (!n_dests || !bsearch(&o->dest, dests, n_dests, sizeof *dests, util_cmp_str)) continue;
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

struct pdf_writer {
    cairo_surface_t *surface;
    cairo_t *cr;
    pdf_tags tags;
    char **dests; /* borrowed, sorted by pdf_writer_begin */
    size_t n_dests;
    const pdf_meta *meta;
    char *path, *shown_path;
    char *bad_page; /* the first page a tagging error showed on */
    pdf_png *pngs;  /* the PNGs embedded as they are (marked before drawing) */
    size_t n_pages; /* drawn so far */
    bool front;     /* pdf_writer_front was called: */
    size_t front_page, front_top; /* the pages and Document children made before it */
};

pdf_writer *pdf_writer_begin(const pdf_meta *meta, double width, double height, char **dests, size_t n_dests,
                             const char *path, const char *shown_path)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, width, height);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        diag_error(shown_path, 0, 0, "cannot create PDF: %s", cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return NULL;
    }
    pdf_metadata(s, meta);
    /* Sorted here, so that links and bookmarks to missing names are caught by bsearch. */
    if (dests && n_dests) qsort(dests, n_dests, sizeof *dests, util_cmp_str); /* qsort(NULL, 0, …) is undefined */
    pdf_writer *w = util_xcalloc(1, sizeof *w);
    w->surface = s;
    w->cr = cairo_create(s);
    w->tags = (pdf_tags){.cr = w->cr, .fallback_alt = "Figure"};
    w->dests = dests;
    w->n_dests = n_dests;
    w->meta = meta;
    w->path = util_xstrdup(path);
    w->shown_path = util_xstrdup(shown_path);
    /* Without a Document structure element, links make qpdf report damage. */
    cairo_tag_begin(w->cr, "Document", NULL);
    return w;
}

void pdf_writer_pages(pdf_writer *w, const page *pages, size_t n, const page_structs *structs, bool closed)
{
    w->tags.structs = structs;
    w->pngs = pdf_png_collect(w->pngs, pages, n); /* before drawing: cairo reads the marks then */
    pdf_tag_plan(&w->tags, pages, n, closed);
    for (size_t p = 0; p < n && !w->bad_page; p++) {
        const page *pg = &pages[p];
        if (pg->label) cairo_pdf_surface_set_page_label(w->surface, pg->label);
        for (size_t i = 0; i < pg->items.n; i++) {
            const page_item *it = &pg->items.v[i];
            pdf_tag_item(&w->tags, it);
            /* A link is a structure element too (cairo makes one per link tag). */
            if (it->kind == PAGE_LINK && !w->tags.n && pdf_link_drawn(it, w->dests, w->n_dests)) w->tags.n_top++;
            pdf_draw_item(w->cr, it, w->dests, w->n_dests);
        }
        w->n_pages++;
        /* No leaf goes on to the next page: its first content there could be anything. */
        pdf_tag_leaf_end(&w->tags);
        cairo_show_page(w->cr);
        /* A tagging error ruins the whole file: stop at the first page it shows on. */
        if (cairo_status(w->cr) != CAIRO_STATUS_SUCCESS) w->bad_page = util_xstrdup(pg->label ? pg->label : "?");
    }
}

void pdf_writer_front(pdf_writer *w)
{
    /* The body's elements are all closed: the front's are numbered in a table of their own. */
    pdf_tag_close_to(&w->tags, 0);
    if (w->tags.direct) memset(w->tags.direct, 0, w->tags.n_direct * sizeof *w->tags.direct);
    w->front = true;
    w->front_page = w->n_pages;
    w->front_top = w->tags.n_top;
}

static void pdf_writer_free(pdf_writer *w)
{
    free(w->tags.stack);
    free(w->tags.path);
    free(w->tags.direct);
    pdf_png_free(w->pngs);
    for (size_t i = 0; i < w->tags.n_alts; i++) free(w->tags.alts[i]);
    free(w->tags.alts);
    free(w->path);
    free(w->shown_path);
    free(w->bad_page);
    free(w);
}

void pdf_writer_abort(pdf_writer *w)
{
    if (!w) return;
    cairo_destroy(w->cr);
    cairo_surface_finish(w->surface);
    cairo_surface_destroy(w->surface);
    pdf_writer_free(w);
}

bool pdf_writer_end(pdf_writer *w, const page_doc *doc)
{
    pdf_tag_close_to(&w->tags, 0);
    cairo_tag_end(w->cr, "Document");
    if (w->dests) {
        pdf_outline(w->surface, doc, w->dests, w->n_dests);
    } else {
        /* Bookmarks to the destinations the document has. */
        size_t n_dests = 0;
        char **dests = page_doc_dest_names(doc, &n_dests);
        pdf_outline(w->surface, doc, dests, n_dests);
        free(dests);
    }
    cairo_status_t st = cairo_status(w->cr);
    cairo_destroy(w->cr);
    cairo_surface_finish(w->surface);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(w->surface);
    cairo_surface_destroy(w->surface);
    bool ok = st == CAIRO_STATUS_SUCCESS;
    pdf_finish_order order = {0};
    if (w->front) {
        order.body_pages = w->front_page;
        order.front_pages = w->n_pages - w->front_page;
        order.body_top = w->front_top;
        order.front_top = w->tags.n_top - w->front_top;
    }
    if (ok) ok = pdf_finish(w->path, w->shown_path, w->meta, w->tags.alts, w->tags.n_alts, w->pngs, &order);
    if (st != CAIRO_STATUS_SUCCESS) {
        if (w->bad_page) diag_error(w->shown_path, 0, 0, "cannot write PDF: page %s: %s", w->bad_page, cairo_status_to_string(st));
        else diag_error(w->shown_path, 0, 0, "cannot write PDF: %s", cairo_status_to_string(st));
    }
    pdf_writer_free(w);
    return ok;
}

bool pdf_write(const page_doc *doc, const pdf_meta *meta, const char *path, const char *shown_path)
{
    size_t n_dests = 0;
    char **dests = page_doc_dest_names(doc, &n_dests);
    char *none = NULL; /* no destinations: links to any are left out */
    pdf_writer *w = pdf_writer_begin(meta, doc->width, doc->height, dests ? dests : &none, n_dests, path, shown_path);
    bool ok = w != NULL;
    if (w) {
        pdf_writer_pages(w, doc->pages, doc->n_pages, &doc->structs, true);
        ok = pdf_writer_end(w, doc);
    }
    free(dests);
    return ok;
}
