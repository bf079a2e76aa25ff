#include "pdf_png.h"

#include <glib.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The stand-in JPEG: SOI, a comment with the tag and the PNG's SHA-256 in hex, a
 * frame header with the size (all cairo reads of it), EOI. */
#define PDF_PNG_TAG "mlsd-guide png "
enum {
    PDF_PNG_HEX = 64,                                       /* SHA-256 in hex */
    PDF_PNG_COMMENT = sizeof PDF_PNG_TAG - 1 + PDF_PNG_HEX, /* the comment's text */
    PDF_PNG_SOF = 11,                                       /* frame header of one component */
    PDF_PNG_MARKER = 2 + 4 + PDF_PNG_COMMENT + 2 + PDF_PNG_SOF + 2,
    PDF_PNG_MAX_SIDE = 65535, /* a JPEG frame header's limit */
};

struct pdf_png {
    GHashTable *by_hash; /* hex SHA-256 → pdf_png_info * */
};

static uint32_t pdf_png_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool pdf_png_parse(const unsigned char *data, size_t len, pdf_png_info *out)
{
    memset(out, 0, sizeof *out);
    if (len < 8 || memcmp(data, "\x89PNG\r\n\x1a\n", 8)) return false;
    util_buf idat = {0};
    bool header = false, ok = true, end = false;
    int ctype = -1;
    /* Each chunk moves pos on by at least 12 bytes. */
    for (size_t pos = 8; ok && !end && len - pos >= 12;) {
        uint32_t n = pdf_png_be32(data + pos);
        const unsigned char *type = data + pos + 4, *body = data + pos + 8;
        if (n > len - pos - 12) break;
        if (!memcmp(type, "IHDR", 4)) {
            /* compression method 0, filter method 0, no interlace */
            ok = !header && n == 13 && body[10] == 0 && body[11] == 0 && body[12] == 0;
            header = true;
            out->width = pdf_png_be32(body);
            out->height = pdf_png_be32(body + 4);
            out->depth = body[8];
            ctype = body[9];
        } else if (!memcmp(type, "PLTE", 4)) {
            out->plte = body;
            out->n_plte = n / 3;
            ok = n % 3 == 0 && n / 3 >= 1 && n / 3 <= 256;
        } else if (!memcmp(type, "tRNS", 4)) {
            ok = false; /* transparency: cairo's way, with a soft mask */
        } else if (!memcmp(type, "IDAT", 4)) {
            util_buf_add(&idat, (const char *)body, n);
        } else if (!memcmp(type, "IEND", 4)) {
            end = true;
        }
        pos += 12 + (size_t)n;
    }
    int d = out->depth;
    bool low = d == 1 || d == 2 || d == 4 || d == 8;
    if (ctype == 0) out->colors = 1;
    else if (ctype == 2) out->colors = 3;
    else if (ctype == 3) out->colors = 1, out->palette = true;
    ok = ok && header && end && idat.len > 0 && out->width > 0 && out->height > 0 &&
         out->width <= PDF_PNG_MAX_SIDE && out->height <= PDF_PNG_MAX_SIDE &&
         ((ctype == 0 && low) || (ctype == 2 && d == 8) || (ctype == 3 && low && out->plte));
    if (!ok) {
        util_buf_free(&idat);
        memset(out, 0, sizeof *out);
        return false;
    }
    out->idat_len = idat.len;
    out->idat = (unsigned char *)idat.s;
    return true;
}

static void pdf_png_info_free(gpointer p)
{
    pdf_png_info *info = p;
    free(info->idat);
    free((void *)info->plte);
    free(info);
}

static void pdf_png_marker(unsigned char *m, const char *hex, unsigned w, unsigned h)
{
    unsigned char *p = m;
    *p++ = 0xFF, *p++ = 0xD8;                                     /* SOI */
    *p++ = 0xFF, *p++ = 0xFE;                                     /* COM */
    *p++ = (PDF_PNG_COMMENT + 2) >> 8, *p++ = (PDF_PNG_COMMENT + 2) & 0xFF;
    memcpy(p, PDF_PNG_TAG, sizeof PDF_PNG_TAG - 1);
    memcpy(p + sizeof PDF_PNG_TAG - 1, hex, PDF_PNG_HEX);
    p += PDF_PNG_COMMENT;
    *p++ = 0xFF, *p++ = 0xC0;                                     /* SOF0 */
    *p++ = 0, *p++ = PDF_PNG_SOF;
    *p++ = 8;                                                     /* bits */
    *p++ = (unsigned char)(h >> 8), *p++ = (unsigned char)(h & 0xFF);
    *p++ = (unsigned char)(w >> 8), *p++ = (unsigned char)(w & 0xFF);
    *p++ = 1;                                                     /* one component: */
    *p++ = 1, *p++ = 0x11, *p++ = 0;                              /* id, sampling, table */
    *p++ = 0xFF, *p++ = 0xD9;                                     /* EOI */
}

/* Marks image when cairo read it from a PNG that can be embedded as it is. */
static void pdf_png_mark(pdf_png *set, cairo_surface_t *image)
{
    const unsigned char *png = NULL, *jpeg = NULL;
    unsigned long len = 0, jlen = 0;
    cairo_surface_get_mime_data(image, CAIRO_MIME_TYPE_PNG, &png, &len);
    cairo_surface_get_mime_data(image, CAIRO_MIME_TYPE_JPEG, &jpeg, &jlen);
    if (!png || !len || cairo_surface_get_type(image) != CAIRO_SURFACE_TYPE_IMAGE ||
        cairo_image_surface_get_format(image) != CAIRO_FORMAT_RGB24)
        return;
    char *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, png, len);
    if (!g_hash_table_contains(set->by_hash, hex)) {
        pdf_png_info info;
        if (!pdf_png_parse(png, len, &info) || (int)info.width != cairo_image_surface_get_width(image) ||
            (int)info.height != cairo_image_surface_get_height(image)) {
            free(info.idat);
            g_free(hex);
            return;
        }
        /* Kept past the image: the figure may be freed before pdf_finish reads this. */
        pdf_png_info *kept = util_xmalloc(sizeof *kept);
        *kept = info;
        if (info.plte) {
            unsigned char *plte = util_xmalloc(3 * info.n_plte);
            memcpy(plte, info.plte, 3 * info.n_plte);
            kept->plte = plte;
        }
        g_hash_table_insert(set->by_hash, g_strdup(hex), kept);
    }
    const pdf_png_info *info = g_hash_table_lookup(set->by_hash, hex);
    unsigned char m[PDF_PNG_MARKER];
    pdf_png_marker(m, hex, info->width, info->height);
    g_free(hex);
    /* Already marked (the figure cache keeps surfaces between builds): the same bytes. */
    if (jpeg && jlen == sizeof m && !memcmp(jpeg, m, sizeof m)) return;
    if (jpeg) return; /* a real JPEG: never replaced */
    unsigned char *copy = util_xmalloc(sizeof m);
    memcpy(copy, m, sizeof m);
    cairo_surface_set_mime_data(image, CAIRO_MIME_TYPE_JPEG, copy, sizeof m, free, copy);
}

pdf_png *pdf_png_collect(pdf_png *set, const page *pages, size_t n_pages)
{
    for (size_t p = 0; p < n_pages; p++)
        for (size_t i = 0; i < pages[p].items.n; i++) {
            const page_item *it = &pages[p].items.v[i];
            if (it->kind != PAGE_IMAGE || !it->image) continue;
            if (!set) {
                set = util_xcalloc(1, sizeof *set);
                set->by_hash = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, pdf_png_info_free);
            }
            pdf_png_mark(set, it->image);
        }
    if (set && !g_hash_table_size(set->by_hash)) {
        pdf_png_free(set);
        set = NULL;
    }
    return set;
}

void pdf_png_free(pdf_png *set)
{
    if (!set) return;
    g_hash_table_destroy(set->by_hash);
    free(set);
}

/* The marked PNG a stream stands for, or NULL. */
static const pdf_png_info *pdf_png_find(const pdf_png *set, qpdf_data q, qpdf_oh stream)
{
    qpdf_oh dict = qpdf_oh_get_dict(q, stream);
    if (!qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, dict, "/Subtype"), "/Image") ||
        !qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, dict, "/Filter"), "/DCTDecode"))
        return NULL;
    qpdf_oh length = qpdf_oh_get_key(q, dict, "/Length");
    if (!qpdf_oh_is_integer(q, length) || qpdf_oh_get_int_value(q, length) != PDF_PNG_MARKER) return NULL;
    unsigned char *buf = NULL;
    size_t len = 0;
    const pdf_png_info *found = NULL;
    if (!(qpdf_oh_get_stream_data(q, stream, qpdf_dl_none, NULL, &buf, &len) & QPDF_ERRORS) && len == PDF_PNG_MARKER &&
        !memcmp(buf + 6, PDF_PNG_TAG, sizeof PDF_PNG_TAG - 1)) {
        char hex[PDF_PNG_HEX + 1];
        memcpy(hex, buf + 6 + sizeof PDF_PNG_TAG - 1, PDF_PNG_HEX);
        hex[PDF_PNG_HEX] = 0;
        const pdf_png_info *info = g_hash_table_lookup(set->by_hash, hex);
        unsigned char m[PDF_PNG_MARKER];
        if (info) pdf_png_marker(m, hex, info->width, info->height);
        if (info && !memcmp(buf, m, sizeof m)) found = info;
    }
    free(buf);
    return found;
}

static void pdf_png_replace(qpdf_data q, qpdf_oh stream, const pdf_png_info *info)
{
    char parms[160];
    snprintf(parms, sizeof parms, "<< /Predictor 15 /Colors %d /BitsPerComponent %d /Columns %u >>", info->colors,
             info->depth, info->width);
    qpdf_oh_replace_stream_data(q, stream, info->idat, info->idat_len, qpdf_oh_new_name(q, "/FlateDecode"),
                                qpdf_oh_parse(q, parms));
    qpdf_oh dict = qpdf_oh_get_dict(q, stream);
    qpdf_oh_replace_key(q, dict, "/BitsPerComponent", qpdf_oh_new_integer(q, info->depth));
    if (!info->palette) {
        qpdf_oh_replace_key(q, dict, "/ColorSpace", qpdf_oh_new_name(q, info->colors == 3 ? "/DeviceRGB" : "/DeviceGray"));
        return;
    }
    /* Every index the depth allows has a colour: entries the PNG does not define
     * are black, as when cairo decodes it. */
    size_t n = (size_t)1 << info->depth;
    unsigned char lookup[3 * 256] = {0};
    memcpy(lookup, info->plte, 3 * (info->n_plte < n ? info->n_plte : n));
    qpdf_oh cs = qpdf_oh_new_array(q);
    qpdf_oh_append_item(q, cs, qpdf_oh_new_name(q, "/Indexed"));
    qpdf_oh_append_item(q, cs, qpdf_oh_new_name(q, "/DeviceRGB"));
    qpdf_oh_append_item(q, cs, qpdf_oh_new_integer(q, (long long)n - 1));
    qpdf_oh_append_item(q, cs, qpdf_oh_new_binary_string(q, (const char *)lookup, 3 * n));
    qpdf_oh_replace_key(q, dict, "/ColorSpace", cs);
}

size_t pdf_png_apply(const pdf_png *set, qpdf_data q)
{
    if (!set) return 0;
    /* Every object of the file cairo wrote: numbered 1 to /Size - 1. */
    qpdf_oh size = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size");
    long long n = qpdf_oh_is_integer(q, size) ? qpdf_oh_get_int_value(q, size) : 0;
    size_t done = 0;
    for (long long id = 1; id < n && id <= INT_MAX; id++) {
        qpdf_oh o = qpdf_get_object_by_id(q, (int)id, 0);
        if (qpdf_oh_is_stream(q, o)) {
            const pdf_png_info *info = pdf_png_find(set, q, o);
            if (info) {
                pdf_png_replace(q, o, info);
                done++;
            }
        }
        qpdf_oh_release(q, o);
    }
    return done;
}
