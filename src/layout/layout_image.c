#define _DEFAULT_SOURCE
/* layout_image — images as figures: loaded, checked, scaled to the column
 * (aspect kept), captioned; an image that cannot be loaded is a warning and
 * a framed placeholder with its alt text. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "diagram.h"
#include "figure.h"
#include "layout_int.h"

#include <sys/stat.h>

/* A figure shown wider than this share of its natural (96 dpi) width is upscaled past its resolution. */
#define IMAGE_UPSCALE_TOLERANCE 1.01

static void image_placeholder(layout_ctx *c, const char *missing, double x, double w)
{
    text_builder tb;
    text_init(&tb, c->th->font_body);
    util_buf_printf(&tb.s, "[image: %s]", missing);
    text_style st;
    text_style_body(c, &st);
    st.align = PANGO_ALIGN_CENTER;
    st.justify = false;
    st.color = c->th->color_muted;
    st.style = PANGO_STYLE_ITALIC;
    double pad = c->th->code_padding;
    layout_space(c, c->th->text_paragraph_space * c->em);
    vbox *top = layout_box(c, pad, VBOX_KEEP_WITH_NEXT);
    size_t start = (size_t)(top - c->out->v);
    layout_tag tag;
    layout_tag_begin(c, &tag, PAGE_ROLE_FIGURE, missing);
    text_emit(c, &tb, &st, x + pad, w - 2 * pad);
    layout_tag_end(c, &tag);
    layout_box(c, pad, 0);
    /* A frame around the placeholder: top, sides per box, bottom. */
    for (size_t i = start; i < c->out->n; i++) {
        vbox *b = &c->out->v[i];
        page_items_rect(&b->items, PAGE_FILL, x, 0, c->th->rule_width, b->height, c->th->color_rule, 0);
        page_items_rect(&b->items, PAGE_FILL, x + w - c->th->rule_width, 0, c->th->rule_width, b->height, c->th->color_rule, 0);
    }
    page_items_rect(&c->out->v[start].items, PAGE_FILL, x, 0, w, c->th->rule_width, c->th->color_rule, 0);
    vbox *last = &c->out->v[c->out->n - 1];
    page_items_rect(&last->items, PAGE_FILL, x, last->height - c->th->rule_width, w, c->th->rule_width, c->th->color_rule, 0);
    text_free(&tb);
}

/* The figure's box, scaled to fit the column and the page, then its caption.
 * The figure and its caption stay together and may float to the next page. */
static void image_place(layout_ctx *c, const figure *f, const char *say, const source_caption *cap, double want_w, double max_h,
                        cmark_node *node, double x, double w)
{
    double dw = want_w > 0 ? want_w : f->width;
    if (f->raster && dw > f->width * IMAGE_UPSCALE_TOLERANCE) {
        int line, col;
        source_pos(c->ch, node, &line, &col);
        diag_warning(c->ch->path, line, col, "image is shown larger than its resolution allows (%.0f pixels wide shown at %.0f pt)",
                     f->px_width, dw);
    }
    if (dw > w) dw = w;
    double dh = f->height * dw / f->width;
    if (dh > max_h) {
        dh = max_h;
        dw = f->width * dh / f->height;
    }
    layout_space(c, c->th->text_paragraph_space * c->em);
    vbox *b = layout_box(c, dh, (cap && cap->text ? VBOX_KEEP_WITH_NEXT : 0) | VBOX_FLOAT);
    size_t fig = (size_t)(b - c->out->v);
    int sid = layout_tag_add(c, PAGE_ROLE_FIGURE, c->sid);
    if (sid) c->structs->v[sid - 1].alt = util_xstrdup(say);
    page_item *it = page_items_add(&b->items, f->svg ? PAGE_SVG : PAGE_IMAGE);
    it->x = x + (w - dw) / 2;
    it->y = 0;
    it->w = dw;
    it->h = dh;
    it->image = f->raster ? cairo_surface_reference(f->raster) : NULL;
    it->svg = f->svg ? g_object_ref(f->svg) : NULL;
    it->alt = util_xstrdup(say);
    it->sid = sid;
    if (cap && cap->id) {
        char *dest = layout_dest_name(c->ch->slug, cap->id);
        page_items_dest(&b->items, dest, x, 0);
        free(dest);
    }
    const resolve_float *fl = resolve_float_of(c->ch, cap);
    if (fl && fl->text) {
        layout_caption(c, fl->label, fl->text, false, x, w);
        /* The figure and every line of its caption stay together (and float together). */
        for (size_t i = fig; i + 1 < c->out->n; i++) c->out->v[i].flags |= VBOX_KEEP_WITH_NEXT;
    }
    layout_space(c, c->th->text_paragraph_space * c->em);
}

char *layout_image_key(files *fs, const char *root, const char *path)
{
    /* The content hash in the key: `watch` keeps figures between builds, and an image with new
     * bytes is decoded again (even within the same mtime), one rewritten with the same is not. */
    files_digest hash;
    char hex[FILES_HEX_LEN + 1];
    bool readable = util_is_file(path) && util_path_inside(path, root);
    return readable && files_hash(fs, path, FIGURE_MAX_BYTES, &hash) ? util_printf("file:%s:%s", path, files_hex(&hash, hex))
                                                                     : util_printf("file:%s", path);
}

const figure *layout_image_figure(layout_ctx *c, const char *src, cmark_node *node)
{
    if (!src || !*src || resolve_url_is_remote(src)) return NULL; /* never fetched, whoever asks */
    char *dir = util_path_dir(c->ch->path);
    char *path = util_path_join(dir, src);
    free(dir);
    char *key = layout_image_key(c->files, c->bk->root, path);
    const figure *cached = figure_cache_get(c->figures, key);
    if (!cached) {
        /* Missing and unreadable files were reported by check; decoding problems are reported here. */
        bool reported_by_check = !util_is_file(path) || !util_path_inside(path, c->bk->root);
        figure f;
        char *why = NULL;
        bool loaded = !reported_by_check && figure_load_in(&f, c->files, path, &why);
        int line, col;
        source_pos(c->ch, node, &line, &col);
        if (loaded) {
            cached = figure_cache_add(c->figures, key, &f);
            figure_free(&f);
            /* Many huge images: the book's total is bounded, the rest are placeholders. */
            if (!cached)
                diag_warning(c->ch->path, line, col, "the book's images exceed %llu megapixels in all; left out: %s",
                             FIGURE_MAX_TOTAL_PIXELS / 1000000ull, path);
        } else if (!reported_by_check) {
            diag_warning(c->ch->path, line, col, "%s: %s", why ? why : "cannot load image", path);
        }
        free(why);
    }
    layout_memo_note_figure(path, key, cached);
    free(key);
    free(path);
    return cached;
}

void layout_image(layout_ctx *c, const char *src, const char *say, const char *missing, double width_pt, cmark_node *node,
                  double x, double w)
{
    const source_caption *cap = source_find_caption(c->ch, node);
    const source_image_attrs *attrs = source_find_image_attrs(c->ch, node);
    if (attrs && attrs->width > 0) width_pt = attrs->percent ? w * attrs->width / 100 : attrs->width;
    const figure *f = layout_image_figure(c, src, node);
    if (f) {
        image_place(c, f, say, cap, width_pt, c->text_height * c->th->image_max_height, node, x, w);
        return;
    }
    size_t start = c->out->n;
    image_placeholder(c, missing, x, w);
    const resolve_float *fl = resolve_float_of(c->ch, cap);
    if (fl && fl->text) {
        /* The placeholder and its caption stay together. */
        c->out->v[c->out->n - 1].flags |= VBOX_KEEP_WITH_NEXT;
        layout_caption(c, fl->label, fl->text, false, x, w);
        layout_keep_block(c, start, c->text_height, 0);
    }
}

/* The scale a diagram is shown at: its natural size (labels at diagram.font_size, the same in every
 * diagram) unless it is wider than the column or taller than diagram.max_height; it shrinks toward
 * that height only while its labels stay at least diagram.min_font_size, and beyond that it may grow
 * to the page's height. Only the column width and the page can push labels below the minimum. */
static double diagram_scale(const layout_ctx *c, const figure *f, double w)
{
    if (f->width <= 0 || f->height <= 0) return 1;
    double s_fit = fmin(1, fmin(w / f->width, c->text_height / f->height));
    double s_cap = fmin(s_fit, c->text_height * c->th->diagram_max_height / f->height);
    double s_min = c->th->diagram_min_font_size / c->th->diagram_font_size;
    return fmax(s_cap, fmin(s_fit, s_min));
}

double layout_overhang(const layout_ctx *c, double w)
{
    const theme_paper *p = c->bk->paper;
    return fmin(w * (c->th->wide_max_width - 1) / 2, c->th->wide_overhang * fmin(p->margin_inner, p->margin_outer));
}

/* Centred on the column, with its caption, in the room the overhang adds. */
static void diagram_place(layout_ctx *c, const figure *f, cmark_node *n, double x, double w)
{
    double o = layout_overhang(c, w);
    const resolve_code *rc = resolve_code_of(c->ch, n);
    image_place(c, f, rc ? rc->say : NULL, source_find_caption(c->ch, n), f->width * diagram_scale(c, f, w + 2 * o), c->text_height, n,
                x - o, w + 2 * o);
}

void layout_diagram(layout_ctx *c, cmark_node *n, double x, double w)
{
    const char *dot = cmark_node_get_literal(n);
    layout_diagram_text(c, n, dot ? dot : "", x, w);
}

void layout_diagram_text(layout_ctx *c, cmark_node *n, const char *dot, double x, double w)
{
    char key[48];
    snprintf(key, sizeof key, "node:%p", (void *)n);
    const figure *cached = figure_cache_get(c->figures, key);
    if (cached) {
        diagram_place(c, cached, n, x, w);
        return;
    }
    figure f;
    char *error = NULL;
    int err_line = 0;
    /* Syntax and safety errors were reported by check, which runs before layout. */
    if (!diagram_check(dot, &error, &err_line)) {
        free(error);
        return;
    }
    const theme *th = c->th;
    bool ok = diagram_render(dot, th, NULL, false, &f, &error, &err_line);
    double wide = w + 2 * layout_overhang(c, w);
    double s = ok ? diagram_scale(c, &f, wide) : 1;
    /* Too large to read: try wrapped labels, then (only where the author chose no direction) ranks
     * left to right, and keep whichever reads larger (or, as large, is shorter). */
    bool free_dir = ok && !diagram_sets_rankdir(dot);
    /* A large graph is laid out once: each try would cost as much again. */
    bool retry = ok && !diagram_is_large(dot);
    struct { const char *rankdir; bool wrap; } tries[] = {{NULL, true}, {"LR", false}, {"LR", true}};
    for (size_t i = 0; retry && i < sizeof tries / sizeof *tries; i++) {
        bool too_big = s * th->diagram_font_size < th->diagram_min_font_size - DIAGRAM_FONT_TOLERANCE ||
                       s * f.height > c->text_height * th->diagram_max_height;
        if (!too_big) break;
        if (tries[i].rankdir && !free_dir) break;
        figure other;
        char *e2 = NULL;
        int l2 = 0;
        if (diagram_render(dot, th, tries[i].rankdir, tries[i].wrap, &other, &e2, &l2)) {
            double s2 = diagram_scale(c, &other, wide);
            if (s2 > s || (s2 == s && other.height * s2 < f.height * s)) {
                figure_free(&f);
                f = other;
                s = s2;
            } else {
                figure_free(&other);
            }
        }
        free(e2);
    }
    if (!ok) {
        int line, col;
        source_pos(c->ch, n, &line, &col);
        /* The DOT text starts on the line after the opening fence. */
        if (err_line > 0) {
            line += err_line;
            col = 1;
        }
        diag_error(c->ch->path, line, col, "diagram: %s", error ? error : "syntax error");
        free(error);
        return;
    }
    /* Still too large: shrunk to fit the column, with its labels below the book's minimum. */
    if (s * th->diagram_font_size < th->diagram_min_font_size - DIAGRAM_FONT_TOLERANCE) {
        int line, col;
        source_pos(c->ch, n, &line, &col);
        diag_report_hint(DIAG_WARNING, c->ch->path, line, col,
                         "shorten its labels (break them with \\n), split the graph, or lay it out in another direction",
                         "diagram is too wide for the column: its labels are shown at %.1f pt, below diagram.min_font_size (%.1f pt)",
                         s * th->diagram_font_size, th->diagram_min_font_size);
    }
    diagram_place(c, &f, n, x, w);
    figure_cache_put(c->figures, key, &f);
    figure_free(&f);
}
