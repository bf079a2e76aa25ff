/* layout_image — images as figures: loaded, checked, scaled to the column
 * (aspect kept), captioned; an image that cannot be loaded is a warning and
 * a framed placeholder with its alt text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "layout_int.h"

/* Bounds against hostile files: decoded size and file size. */
enum { IMAGE_MAX_SIDE = 20000, IMAGE_MAX_PIXELS = 80 * 1000 * 1000, IMAGE_MAX_BYTES = 64 << 20 };
/* Pixels are taken at the CSS resolution: 96 per inch. */
#define IMAGE_PX_TO_PT (72.0 / 96.0)

typedef enum { IMAGE_PNG, IMAGE_JPEG, IMAGE_GIF, IMAGE_SVG, IMAGE_WEBP, IMAGE_UNKNOWN } image_type;

static image_type image_sniff(const unsigned char *b, size_t n)
{
    if (n >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8)) return IMAGE_PNG;
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return IMAGE_JPEG;
    if (n >= 6 && (!memcmp(b, "GIF87a", 6) || !memcmp(b, "GIF89a", 6))) return IMAGE_GIF;
    if (n >= 12 && !memcmp(b, "RIFF", 4) && !memcmp(b + 8, "WEBP", 4)) return IMAGE_WEBP;
    for (size_t i = 0; i < n && i < 512; i++)
        if (b[i] == '<' && (i + 4 <= n) && (!memcmp(b + i, "<svg", 4) || !memcmp(b + i, "<?xm", 4))) return IMAGE_SVG;
    return IMAGE_UNKNOWN;
}

static const char *image_type_name(image_type t)
{
    static const char *names[] = {"PNG", "JPEG", "GIF", "SVG", "WebP", "unknown"};
    return names[t];
}

typedef struct image_read {
    const unsigned char *data;
    size_t len, pos;
} image_read;

static cairo_status_t image_read_fn(void *closure, unsigned char *out, unsigned int length)
{
    image_read *r = closure;
    if (r->pos + length > r->len) return CAIRO_STATUS_READ_ERROR;
    memcpy(out, r->data + r->pos, length);
    r->pos += length;
    return CAIRO_STATUS_SUCCESS;
}

/* Loads a PNG; NULL with *why set when it cannot be used. */
static cairo_surface_t *image_load_png(const unsigned char *data, size_t len, const char **why)
{
    if (len < 24 || memcmp(data + 12, "IHDR", 4)) {
        *why = "corrupt PNG file (no image header)";
        return NULL;
    }
    uint32_t w = (uint32_t)data[16] << 24 | (uint32_t)data[17] << 16 | (uint32_t)data[18] << 8 | data[19];
    uint32_t h = (uint32_t)data[20] << 24 | (uint32_t)data[21] << 16 | (uint32_t)data[22] << 8 | data[23];
    if (w == 0 || h == 0) {
        *why = "corrupt PNG file (zero size)";
        return NULL;
    }
    if (w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE || (uint64_t)w * h > IMAGE_MAX_PIXELS) {
        *why = "image is too large to embed (over 80 megapixels or 20000 pixels on a side)";
        return NULL;
    }
    image_read r = {data, len, 0};
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(image_read_fn, &r);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        *why = "corrupt PNG file";
        return NULL;
    }
    return s;
}

static void image_caption(layout_ctx *c, const char *caption, double x, double w)
{
    text_builder tb;
    text_init(&tb, c->th->font_body);
    util_buf_adds(&tb.s, caption);
    text_style st;
    text_style_body(c, &st);
    st.size = c->th->caption_size * c->em;
    st.style = PANGO_STYLE_ITALIC;
    st.align = PANGO_ALIGN_CENTER;
    st.justify = false;
    st.color = c->th->color_muted;
    st.keep_together = false;
    layout_space(c, c->th->text_paragraph_space * c->em * 0.5);
    text_emit(c, &tb, &st, x, w);
    text_free(&tb);
}

static void image_placeholder(layout_ctx *c, const char *src, const char *alt, double x, double w)
{
    text_builder tb;
    text_init(&tb, c->th->font_body);
    util_buf_printf(&tb.s, "[image: %s]", alt && *alt ? alt : src);
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
    text_emit(c, &tb, &st, x + pad, w - 2 * pad);
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

void layout_image(layout_ctx *c, const char *src, const char *alt, const char *title, double width_pt,
                  cmark_node *node, double x, double w)
{
    int line, col;
    source_pos(c->ch, node, &line, &col);
    char *dir = util_path_dir(c->ch->path);
    char *path = util_path_join(dir, src);
    free(dir);
    char *data = NULL;
    size_t len = 0;
    cairo_surface_t *surf = NULL;
    const char *why = NULL;
    bool reported_by_check = false;
    if (!*src || strstr(src, "://")) {
        why = *src ? "remote images are not fetched" : "image has no source";
        reported_by_check = true;
    } else {
        util_read_status st = util_read_file(path, IMAGE_MAX_BYTES, &data, &len);
        if (st == UTIL_READ_MISSING || st == UTIL_READ_UNREADABLE || st == UTIL_READ_NOT_FILE) {
            why = "cannot read image";
            reported_by_check = true;
        } else if (st == UTIL_READ_TOO_LARGE) why = "image file is too large (over 64 MiB)";
        else if (st != UTIL_READ_OK) why = "cannot read image";
        else {
            image_type t = image_sniff((const unsigned char *)data, len);
            if (t == IMAGE_PNG) surf = image_load_png((const unsigned char *)data, len, &why);
            else {
                static char msg[96];
                snprintf(msg, sizeof msg, "unsupported image type (%s); use PNG", image_type_name(t));
                why = msg;
            }
        }
    }
    free(data);
    if (!surf) {
        /* Missing and unreadable files were reported by check; decoding problems are reported here. */
        if (!reported_by_check) diag_warning(c->ch->path, line, col, "%s: %s", why, path);
        image_placeholder(c, src, alt, x, w);
        free(path);
        if (title && *title) image_caption(c, title, x, w);
        return;
    }
    double iw = cairo_image_surface_get_width(surf) * IMAGE_PX_TO_PT;
    double ih = cairo_image_surface_get_height(surf) * IMAGE_PX_TO_PT;
    double dw = width_pt > 0 ? width_pt : iw;
    if (dw > w) dw = w;
    double dh = ih * dw / iw;
    double max_h = c->text_height * c->th->image_max_height;
    if (dh > max_h) {
        dh = max_h;
        dw = iw * dh / ih;
    }
    layout_space(c, c->th->text_paragraph_space * c->em);
    bool captioned = title && *title;
    vbox *b = layout_box(c, dh, captioned ? VBOX_KEEP_WITH_NEXT : 0);
    page_item *it = page_items_add(&b->items, PAGE_IMAGE);
    it->x = x + (w - dw) / 2;
    it->y = 0;
    it->w = dw;
    it->h = dh;
    it->image = surf;
    it->alt = util_xstrdup(alt ? alt : "");
    if (captioned) image_caption(c, title, x, w);
    layout_space(c, c->th->text_paragraph_space * c->em);
    free(path);
}
