#include "figure.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <librsvg/rsvg.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "svgscan.h"
#include "util.h"

/* Bounds against hostile files: decoded size and file size. */
enum { FIGURE_MAX_SIDE = 20000, FIGURE_MAX_PIXELS = 80 * 1000 * 1000 };
/* Raster pixels and SVG user units are taken at the CSS resolution: 96 per inch. */
#define FIGURE_SVG_DPI 96.0

typedef enum { FIGURE_PNG, FIGURE_JPEG, FIGURE_GIF, FIGURE_SVG, FIGURE_WEBP, FIGURE_UNKNOWN } figure_type;

static figure_type figure_sniff(const unsigned char *b, size_t n)
{
    if (n >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8)) return FIGURE_PNG;
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return FIGURE_JPEG;
    if (n >= 6 && (!memcmp(b, "GIF87a", 6) || !memcmp(b, "GIF89a", 6))) return FIGURE_GIF;
    if (n >= 12 && !memcmp(b, "RIFF", 4) && !memcmp(b + 8, "WEBP", 4)) return FIGURE_WEBP;
    for (size_t i = 0; i < n && i < 1024; i++)
        if (b[i] == '<' && i + 4 <= n && (!memcmp(b + i, "<svg", 4) || !memcmp(b + i, "<?xm", 4))) return FIGURE_SVG;
    return FIGURE_UNKNOWN;
}

static bool figure_size_ok(uint64_t w, uint64_t h, const char **why)
{
    if (w == 0 || h == 0) {
        *why = "corrupt image (zero size)";
        return false;
    }
    if (w > FIGURE_MAX_SIDE || h > FIGURE_MAX_SIDE || w * h > FIGURE_MAX_PIXELS) {
        *why = "image is too large to embed (over 80 megapixels or 20000 pixels on a side)";
        return false;
    }
    return true;
}

typedef struct figure_read {
    const unsigned char *data;
    size_t len, pos;
} figure_read;

static cairo_status_t figure_read_fn(void *closure, unsigned char *out, unsigned int length)
{
    figure_read *r = closure;
    if (r->pos + length > r->len) return CAIRO_STATUS_READ_ERROR;
    memcpy(out, r->data + r->pos, length);
    r->pos += length;
    return CAIRO_STATUS_SUCCESS;
}

static bool figure_png(figure *f, const unsigned char *data, size_t len, const char **why)
{
    if (len < 24 || memcmp(data + 12, "IHDR", 4)) {
        *why = "corrupt PNG file (no image header)";
        return false;
    }
    uint32_t w = (uint32_t)data[16] << 24 | (uint32_t)data[17] << 16 | (uint32_t)data[18] << 8 | data[19];
    uint32_t h = (uint32_t)data[20] << 24 | (uint32_t)data[21] << 16 | (uint32_t)data[22] << 8 | data[23];
    if (!figure_size_ok(w, h, why)) return false;
    figure_read r = {data, len, 0};
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(figure_read_fn, &r);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        *why = "corrupt PNG file";
        return false;
    }
    f->raster = s;
    return true;
}

/* A JPEG's size from its frame header (SOFn), read before anything is decoded. */
static bool figure_jpeg_size(const unsigned char *d, size_t len, uint32_t *w, uint32_t *h)
{
    size_t i = 2;
    /* Each marker segment moves i forward by at least 2 bytes: bounded by len. */
    while (i + 9 < len) {
        if (d[i] != 0xFF) return false;
        unsigned char m = d[i + 1];
        if (m == 0xFF) {
            i++;
            continue;
        }
        size_t seg = (size_t)d[i + 2] << 8 | d[i + 3];
        if (seg < 2) return false;
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            *h = (uint32_t)d[i + 5] << 8 | d[i + 6];
            *w = (uint32_t)d[i + 7] << 8 | d[i + 8];
            return true;
        }
        i += 2 + seg;
    }
    return false;
}

typedef struct figure_bound {
    bool too_large;
    const char **why;
} figure_bound;

/* gdk-pixbuf tells the size before it allocates the pixels: refuse there. */
static void figure_size_prepared(GdkPixbufLoader *ld, gint w, gint h, gpointer user)
{
    figure_bound *b = user;
    if (!figure_size_ok((uint64_t)(w > 0 ? w : 0), (uint64_t)(h > 0 ? h : 0), b->why)) {
        b->too_large = true;
        gdk_pixbuf_loader_set_size(ld, 1, 1); /* decode (almost) nothing */
    }
}

/* Decodes with gdk-pixbuf (JPEG, GIF's first frame, WebP) into a cairo surface. */
static cairo_surface_t *figure_pixbuf(const char *type, const unsigned char *data, size_t len, const char **why,
                                      const char *corrupt)
{
    GdkPixbufLoader *ld = gdk_pixbuf_loader_new_with_type(type, NULL);
    if (!ld) {
        *why = !strcmp(type, "webp") ? "WebP support is missing (install Debian's webp-pixbuf-loader)"
                                      : "image support is missing (gdk-pixbuf loader)";
        return NULL;
    }
    figure_bound bound = {false, why};
    g_signal_connect(ld, "size-prepared", G_CALLBACK(figure_size_prepared), &bound);
    bool ok = gdk_pixbuf_loader_write(ld, data, len, NULL);
    ok = gdk_pixbuf_loader_close(ld, NULL) && ok;
    GdkPixbuf *pb = ok && !bound.too_large ? gdk_pixbuf_loader_get_pixbuf(ld) : NULL;
    if (!pb) {
        g_object_unref(ld);
        if (!bound.too_large) *why = corrupt;
        return NULL;
    }
    int w = gdk_pixbuf_get_width(pb), h = gdk_pixbuf_get_height(pb);
    int nch = gdk_pixbuf_get_n_channels(pb), stride = gdk_pixbuf_get_rowstride(pb);
    bool alpha = gdk_pixbuf_get_has_alpha(pb) && nch == 4;
    const guchar *px = gdk_pixbuf_read_pixels(pb);
    cairo_surface_t *s = cairo_image_surface_create(alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, w, h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        g_object_unref(ld);
        *why = "image is too large to decode";
        return NULL;
    }
    unsigned char *dst = cairo_image_surface_get_data(s);
    int dstride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < h; y++) {
        const guchar *row = px + (size_t)y * (size_t)stride;
        uint32_t *out = (uint32_t *)(void *)(dst + (size_t)y * (size_t)dstride);
        for (int x = 0; x < w; x++) {
            const guchar *p = row + (size_t)x * (size_t)nch;
            uint32_t a = alpha ? p[3] : 255;
            /* cairo wants premultiplied alpha */
            uint32_t r = p[0] * a / 255, g = p[1] * a / 255, b = p[2] * a / 255;
            out[x] = a << 24 | r << 16 | g << 8 | b;
        }
    }
    cairo_surface_mark_dirty(s);
    g_object_unref(ld);
    return s;
}

/* Decodes a JPEG for its pixels, and attaches the original bytes so the PDF
 * embeds them as they are. */
static bool figure_jpeg(figure *f, const unsigned char *data, size_t len, const char **why)
{
    uint32_t w = 0, h = 0;
    if (!figure_jpeg_size(data, len, &w, &h)) {
        *why = "corrupt JPEG file (no frame header)";
        return false;
    }
    if (!figure_size_ok(w, h, why)) return false;
    cairo_surface_t *s = figure_pixbuf("jpeg", data, len, why, "corrupt JPEG file");
    if (!s) return false;
    unsigned char *copy = util_xmalloc(len);
    memcpy(copy, data, len);
    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, copy, len, free, copy);
    f->raster = s;
    return true;
}

/* librsvg shares state between its handles: ThreadSanitizer sees its writes race when one thread
 * loads an SVG (a diagram being laid out) while another draws one (the pages being drawn). Every
 * call into it is made under this lock (POSIX: ThreadSanitizer sees it). */
static pthread_mutex_t figure_svg_lock = PTHREAD_MUTEX_INITIALIZER;

static bool figure_load_svg_locked(figure *f, const char *data, size_t len, char **why)
{
    RsvgHandle *h = rsvg_handle_new_from_data((const guint8 *)data, len, NULL);
    if (!h) {
        *why = util_xstrdup("corrupt SVG file");
        return false;
    }
    rsvg_handle_set_dpi(h, FIGURE_SVG_DPI);
    gdouble w = 0, hh = 0;
    if (!rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &hh)) {
        /* Only a viewBox: take its size in user units. */
        RsvgRectangle vb;
        gboolean has_w, has_h, has_vb;
        RsvgLength lw, lh;
        rsvg_handle_get_intrinsic_dimensions(h, &has_w, &lw, &has_h, &lh, &has_vb, &vb);
        if (has_vb) {
            w = vb.width;
            hh = vb.height;
        }
    }
    if (!(w > 0 && hh > 0) || w > FIGURE_MAX_SIDE || hh > FIGURE_MAX_SIDE) {
        g_object_unref(h);
        *why = w > 0 && hh > 0 ? util_printf("SVG is too large to embed (%.0f × %.0f pixels; the limit is %d a side)", w, hh, FIGURE_MAX_SIDE)
                               : util_xstrdup("SVG has no size (no width, height or viewBox)");
        return false;
    }
    f->svg = h;
    f->width = w * UTIL_PX_TO_PT;
    f->height = hh * UTIL_PX_TO_PT;
    return true;
}

bool figure_load_svg_data(figure *f, const char *data, size_t len, char **why)
{
    memset(f, 0, sizeof *f);
    *why = NULL;
    if (!svgscan_check(data, len, why)) return false;
    pthread_mutex_lock(&figure_svg_lock);
    bool ok = figure_load_svg_locked(f, data, len, why);
    pthread_mutex_unlock(&figure_svg_lock);
    return ok;
}

void figure_svg_unref(void *svg)
{
    if (!svg) return;
    pthread_mutex_lock(&figure_svg_lock); /* the last reference finalizes the handle */
    g_object_unref(svg);
    pthread_mutex_unlock(&figure_svg_lock);
}

void figure_svg_render(void *svg, cairo_t *cr, double x, double y, double w, double h)
{
    RsvgRectangle vp = {x, y, w, h};
    pthread_mutex_lock(&figure_svg_lock);
    rsvg_handle_render_document(svg, cr, &vp, NULL);
    pthread_mutex_unlock(&figure_svg_lock);
}

bool figure_load(figure *f, const char *path, char **why_out) { return figure_load_in(f, NULL, path, why_out); }

bool figure_load_in(figure *f, files *fs, const char *path, char **why_out)
{
    memset(f, 0, sizeof *f);
    *why_out = NULL;
    const char *why_static = NULL, **why = &why_static;
    util_read_status st = UTIL_READ_OK;
    GBytes *bytes = files_read(fs, path, FIGURE_MAX_BYTES, &st, NULL);
    gsize len = 0;
    const char *data = bytes ? g_bytes_get_data(bytes, &len) : NULL;
    if (!bytes) {
        *why_out = st == UTIL_READ_TOO_LARGE ? util_printf("image file is too large (over %d MiB)", FIGURE_MAX_BYTES >> 20)
                                             : util_printf("cannot read image (%s)", util_read_status_str(st));
        return false;
    }
    figure_type t = figure_sniff((const unsigned char *)data, len);
    bool ok = false;
    if (t == FIGURE_PNG) ok = figure_png(f, (const unsigned char *)data, len, why);
    else if (t == FIGURE_JPEG) ok = figure_jpeg(f, (const unsigned char *)data, len, why);
    else if (t == FIGURE_SVG) ok = figure_load_svg_data(f, data, len, why_out);
    else if (t == FIGURE_GIF || t == FIGURE_WEBP) {
        /* GIF: its first frame. */
        f->raster = figure_pixbuf(t == FIGURE_GIF ? "gif" : "webp", (const unsigned char *)data, len, why,
                                  t == FIGURE_GIF ? "corrupt GIF file" : "corrupt WebP file");
        ok = f->raster != NULL;
    } else *why = "unsupported image type; use PNG, JPEG, GIF, WebP or SVG";
    g_bytes_unref(bytes);
    if (!ok && !*why_out) *why_out = util_xstrdup(why_static ? why_static : "cannot read image");
    if (ok && f->raster) {
        f->px_width = cairo_image_surface_get_width(f->raster);
        f->width = f->px_width * UTIL_PX_TO_PT;
        f->height = cairo_image_surface_get_height(f->raster) * UTIL_PX_TO_PT;
    }
    return ok;
}

void figure_free(figure *f)
{
    if (f->raster) cairo_surface_destroy(f->raster);
    figure_svg_unref(f->svg);
    memset(f, 0, sizeof *f);
}

/* Shared by the layout threads: every access holds the lock. Entries are never
 * replaced or removed until the cache is freed, so a figure handed out stays valid. */
typedef struct figure_entry {
    figure f;     /* first: a figure_entry * is the figure * handed out */
    unsigned gen; /* the cache's generation when last used */
} figure_entry;

struct figure_cache {
    pthread_mutex_t lock; /* POSIX, not GMutex: ThreadSanitizer sees it */
    GHashTable *map;      /* key (string) → figure_entry * */
    unsigned gen;
    uint64_t pixels;      /* decoded raster pixels held, against FIGURE_MAX_TOTAL_PIXELS */
    bool refused;         /* an image was left out for the total */
};

static uint64_t figure_pixels(const figure *f)
{
    return f->raster ? (uint64_t)cairo_image_surface_get_width(f->raster) * (uint64_t)cairo_image_surface_get_height(f->raster) : 0;
}

static void figure_cache_free_value(gpointer p)
{
    figure_free(p);
    free(p);
}

figure_cache *figure_cache_new(void)
{
    figure_cache *c = util_xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    c->map = g_hash_table_new_full(g_str_hash, g_str_equal, free, figure_cache_free_value);
    return c;
}

void figure_cache_free(figure_cache *c)
{
    if (!c) return;
    g_hash_table_destroy(c->map);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

const figure *figure_cache_get(figure_cache *c, const char *key)
{
    if (!c) return NULL;
    pthread_mutex_lock(&c->lock);
    figure_entry *e = g_hash_table_lookup(c->map, key);
    if (e) e->gen = c->gen;
    pthread_mutex_unlock(&c->lock);
    return e ? &e->f : NULL;
}

/* With the lock held: the stored figure for key, f's copy when key is new. */
static const figure *figure_cache_store(figure_cache *c, const char *key, const figure *f)
{
    figure_entry *old = g_hash_table_lookup(c->map, key);
    if (old) {
        old->gen = c->gen;
        return &old->f; /* another thread stored it first: keep that one */
    }
    figure_entry *e = util_xmalloc(sizeof *e);
    e->f = *f;
    e->gen = c->gen;
    if (e->f.raster) cairo_surface_reference(e->f.raster);
    if (e->f.svg) g_object_ref(e->f.svg);
    c->pixels += figure_pixels(&e->f);
    g_hash_table_insert(c->map, util_xstrdup(key), e);
    return &e->f;
}

void figure_cache_put(figure_cache *c, const char *key, const figure *f)
{
    if (!c) return;
    pthread_mutex_lock(&c->lock);
    figure_cache_store(c, key, f);
    pthread_mutex_unlock(&c->lock);
}

const figure *figure_cache_add(figure_cache *c, const char *key, const figure *f)
{
    if (!c) return NULL;
    pthread_mutex_lock(&c->lock);
    figure_entry *hit = g_hash_table_lookup(c->map, key);
    const figure *stored = hit ? &hit->f : NULL;
    if (hit) hit->gen = c->gen;
    if (!stored && c->pixels + figure_pixels(f) > FIGURE_MAX_TOTAL_PIXELS) c->refused = true;
    else if (!stored) stored = figure_cache_store(c, key, f);
    pthread_mutex_unlock(&c->lock);
    return stored;
}

static gboolean figure_entry_stale(gpointer key, gpointer value, gpointer user)
{
    figure_cache *c = user;
    figure_entry *e = value;
    /* A diagram is keyed by its node, which the next build's parse may reuse for another. */
    if (e->gen == c->gen && strncmp(key, "node:", 5) != 0) return FALSE;
    c->pixels -= figure_pixels(&e->f);
    return TRUE;
}

void figure_cache_sweep(figure_cache *c)
{
    if (!c) return;
    pthread_mutex_lock(&c->lock);
    g_hash_table_foreach_remove(c->map, figure_entry_stale, c);
    c->gen++;
    c->refused = false;
    pthread_mutex_unlock(&c->lock);
}

void figure_cache_clear(figure_cache *c)
{
    if (!c) return;
    pthread_mutex_lock(&c->lock);
    g_hash_table_remove_all(c->map);
    c->pixels = 0;
    pthread_mutex_unlock(&c->lock);
}

bool figure_cache_refused(figure_cache *c)
{
    if (!c) return false;
    pthread_mutex_lock(&c->lock);
    bool r = c->refused;
    pthread_mutex_unlock(&c->lock);
    return r;
}
