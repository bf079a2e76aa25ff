/* mkbook — test inputs made on the spot, so no binary fixture is checked in:
 *   mkbook png W H FILE          a W×H PNG (a gradient with a frame)
 *   mkbook jpeg|webp W H FILE    the same as a JPEG or a WebP
 *   mkbook random SEED N DIR     N random one-chapter books with PNG and JPEG
 *                                figures (Markdown and HTML forms), nested lists,
 *                                code with tabs, notes and links: DIR/book-K/
 * The generator is seeded, so a failing book can be made again. */
#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static cairo_surface_t *mk_surface(int w, int h)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_pattern_t *p = cairo_pattern_create_linear(0, 0, w, h);
    cairo_pattern_add_color_stop_rgb(p, 0, 0.2, 0.4, 0.8);
    cairo_pattern_add_color_stop_rgb(p, 1, 0.9, 0.7, 0.2);
    cairo_set_source(cr, p);
    cairo_paint(cr);
    cairo_pattern_destroy(p);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 4);
    cairo_rectangle(cr, 2, 2, w - 4, h - 4);
    cairo_stroke(cr);
    cairo_destroy(cr);
    return s;
}

static int mk_png(int w, int h, const char *path)
{
    cairo_surface_t *s = mk_surface(w, h);
    int rc = cairo_surface_write_to_png(s, path) == CAIRO_STATUS_SUCCESS ? 0 : 1;
    cairo_surface_destroy(s);
    return rc;
}

static int mk_pixbuf(int w, int h, const char *path, const char *type)
{
    cairo_surface_t *s = mk_surface(w, h);
    cairo_surface_flush(s);
    GdkPixbuf *pb = gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, w, h);
    const unsigned char *src = cairo_image_surface_get_data(s);
    int ss = cairo_image_surface_get_stride(s), ds = gdk_pixbuf_get_rowstride(pb);
    guchar *dst = gdk_pixbuf_get_pixels(pb);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t v = *(const uint32_t *)(const void *)(src + y * ss + x * 4);
            guchar *d = dst + y * ds + x * 3;
            d[0] = (guchar)(v >> 16);
            d[1] = (guchar)(v >> 8);
            d[2] = (guchar)v;
        }
    int rc = (!strcmp(type, "jpeg") ? gdk_pixbuf_save(pb, path, "jpeg", NULL, "quality", "80", NULL)
                                    : gdk_pixbuf_save(pb, path, type, NULL, NULL)) ? 0 : 1;
    g_object_unref(pb);
    cairo_surface_destroy(s);
    return rc;
}

static uint64_t mk_state;
static unsigned mk_rand(unsigned n)
{
    mk_state ^= mk_state << 13;
    mk_state ^= mk_state >> 7;
    mk_state ^= mk_state << 17;
    return (unsigned)(mk_state % n);
}

static const char *const mk_words[] = {"model", "feature", "latency", "ranking", "the", "of", "and", "embedding",
                                       "retrieval", "serving", "a", "calibration", "traffic", "label", "offline",
                                       "online", "metric", "users", "to", "in", "dataset", "throughput", "GPU"};

static void mk_sentence(FILE *f, unsigned words)
{
    for (unsigned i = 0; i < words; i++) {
        const char *w = mk_words[mk_rand(sizeof mk_words / sizeof *mk_words)];
        fprintf(f, "%s%s", i ? " " : "", w);
        if (mk_rand(40) == 0) fputs(" **important**", f);
        if (mk_rand(60) == 0) fputs(" `code_token`", f);
    }
    fputs(". ", f);
}

static void mk_paragraph(FILE *f)
{
    unsigned n = 2 + mk_rand(6);
    for (unsigned i = 0; i < n; i++) mk_sentence(f, 6 + mk_rand(14));
    fputs("\n\n", f);
}

static int mk_random_book(const char *dir, unsigned k)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/book-%u", dir, k);
    mkdir(path, 0777);
    char ch[4200];
    snprintf(ch, sizeof ch, "%s/chapter.md", path);
    FILE *f = fopen(ch, "w");
    if (!f) return 1;
    /* Half of the books are plain Markdown (no front matter, no book.yaml). */
    bool plain = mk_rand(2);
    if (!plain) fprintf(f, "---\ntitle: \"Random book %u\"\n---\n\n", k);
    else fprintf(f, "# Random book %u\n\n", k);
    unsigned blocks = 6 + mk_rand(20), fig = 0, note = 0;
    for (unsigned b = 0; b < blocks; b++) {
        switch (mk_rand(10)) {
        case 0:
        case 1: { /* a figure */
            char img[4300];
            bool jpeg = mk_rand(2);
            int w = 80 + (int)mk_rand(1800), h = 60 + (int)mk_rand(1400);
            snprintf(img, sizeof img, "%s/fig%u.%s", path, fig, jpeg ? "jpg" : "png");
            if ((jpeg ? mk_pixbuf(w, h, img, "jpeg") : mk_png(w, h, img)) != 0) return 1;
            unsigned form = mk_rand(4);
            if (form == 0) fprintf(f, "![Figure %u](fig%u.%s \"Figure %u caption\")\n\n", fig, fig, jpeg ? "jpg" : "png", fig);
            else if (form == 1) fprintf(f, "![fig %u](fig%u.%s)<br>\n*Source: somewhere*\n\n", fig, fig, jpeg ? "jpg" : "png");
            else if (form == 2)
                fprintf(f, "<p align=\"center\"><img src=\"fig%u.%s\" width=\"%d\" alt=\"fig %u\"><br><i>Source: test</i></p>\n\n",
                        fig, jpeg ? "jpg" : "png", 100 + (int)mk_rand(600), fig);
            else fprintf(f, "Text before ![inline %u](fig%u.%s) and after.\n\n", fig, fig, jpeg ? "jpg" : "png");
            fig++;
            break;
        }
        case 2: { /* a nested list */
            unsigned depth = 1 + mk_rand(6);
            for (unsigned d = 0; d < depth; d++) {
                fprintf(f, "%*s- item at depth %u ", (int)(d * 2), "", d);
                mk_sentence(f, 3 + mk_rand(8));
                fputc('\n', f);
            }
            fputc('\n', f);
            break;
        }
        case 3: /* code with tabs and a long line */
            fputs("```python\ndef f(x):\n\tif x:\n\t\treturn x * 2  # a comment that is long enough to wrap somewhere on the page\n\treturn 0\n```\n\n", f);
            break;
        case 4: /* a heading, sometimes skipping levels when plain */
            fprintf(f, "%s Section %u\n\n", plain && mk_rand(3) == 0 ? "####" : "##", b);
            break;
        case 5: /* a footnote and links */
            fprintf(f, "A claim[^n%u] with <https://example.com/a/long/path/segment/%u> and [a link](https://example.org/%u).\n\n", note, b, b);
            fprintf(f, "[^n%u]: The note %u.\n\n", note, note);
            note++;
            break;
        default:
            mk_paragraph(f);
        }
    }
    fclose(f);
    if (!plain) {
        char yaml[4200];
        snprintf(yaml, sizeof yaml, "%s/book.yaml", path);
        FILE *y = fopen(yaml, "w");
        if (!y) return 1;
        fprintf(y, "title: \"Random %u\"\nchapters:\n  - chapter.md\n", k);
        fclose(y);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 5 && !strcmp(argv[1], "png")) return mk_png(atoi(argv[2]), atoi(argv[3]), argv[4]);
    if (argc == 5 && (!strcmp(argv[1], "jpeg") || !strcmp(argv[1], "webp")))
        return mk_pixbuf(atoi(argv[2]), atoi(argv[3]), argv[4], argv[1]);
    if (argc == 5 && !strcmp(argv[1], "random")) {
        mk_state = strtoull(argv[2], NULL, 10) * 2654435761u + 1;
        unsigned n = (unsigned)atoi(argv[3]);
        mkdir(argv[4], 0777);
        for (unsigned k = 0; k < n; k++)
            if (mk_random_book(argv[4], k) != 0) return 1;
        return 0;
    }
    fprintf(stderr, "usage: mkbook png|jpeg W H FILE | mkbook random SEED N DIR\n");
    return 2;
}
