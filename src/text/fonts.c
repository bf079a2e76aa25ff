#define _DEFAULT_SOURCE
#include "fonts.h"

#include <dirent.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "fontfaces.h"
#include "util.h"

enum { FONTS_MAX_DEPTH = 4 };

/* Chinese, Japanese and Korean (20 MB a face) and emoji are too large to bundle:
 * they come from Debian's fonts-noto-cjk and fonts-symbola when installed (`make
 * deps` installs both). Colour emoji fonts are not used: cairo 1.16 draws their
 * bitmaps at the wrong size. */
static const char *const fonts_system_fallbacks[] = {
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf", /* emoji, in outline (fonts-symbola) */
};

typedef void (*fonts_file_fn)(const char *path, void *user);

/* Every .ttf/.otf file under dir (sorted, for a deterministic font set), to fn. */
static void fonts_walk(const char *dir, int depth, fonts_file_fn fn, void *user)
{
    if (depth > FONTS_MAX_DEPTH) return;
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent **names = NULL;
    closedir(d);
    int n = scandir(dir, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        const char *nm = names[i]->d_name;
        if (nm[0] != '.') {
            char *path = util_path_join(dir, nm);
            size_t len = strlen(nm);
            /* fonts/math/ holds the math font: read by mathfont, never a fallback for text. */
            if (util_is_dir(path)) {
                if (depth || strcmp(nm, "math")) fonts_walk(path, depth + 1, fn, user);
            } else if (len > 4 && (!strcasecmp(nm + len - 4, ".ttf") || !strcasecmp(nm + len - 4, ".otf"))) {
                fn(path, user);
            }
            free(path);
        }
        free(names[i]);
    }
    free(names);
}

static void fonts_add_file(const char *path, void *user)
{
    fonts *f = user;
    if (FcConfigAppFontAddFile(f->config, (const FcChar8 *)path)) f->n_files++;
    else if (!f->worker) diag_warning(path, 0, 0, "cannot load font file"); /* said once, by the main set */
}

static void fonts_add_dir(fonts *f, const char *dir, int depth) { fonts_walk(dir, depth, fonts_add_file, f); }

static void fonts_stamp_file(const char *path, void *user)
{
    struct stat st;
    if (stat(path, &st) == 0)
        util_buf_printf(user, "%s %lld %lld.%09ld\n", path, (long long)st.st_size, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

char *fonts_stamp(const char *dir)
{
    util_buf b = {0};
    util_buf_adds(&b, "");
    fonts_walk(dir, 0, fonts_stamp_file, &b);
    for (size_t i = 0; i < sizeof fonts_system_fallbacks / sizeof *fonts_system_fallbacks; i++)
        fonts_stamp_file(fonts_system_fallbacks[i], &b);
    return util_buf_steal(&b);
}

/* A font map on f->config and a context on it: 72 dpi, unrounded positions, no hinting. */
static void fonts_make_map(fonts *f)
{
    f->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), f->config);
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(f->map), 72);
    f->context = pango_font_map_create_context(f->map);
    pango_cairo_context_set_resolution(f->context, 72);
    pango_context_set_round_glyph_positions(f->context, FALSE);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(f->context, fo);
    cairo_font_options_destroy(fo);
}

static bool fonts_load(fonts *f, const char *dir);

bool fonts_open_worker(fonts *w, const fonts *main)
{
    /* A configuration of its own too: fontconfig's objects are then never shared between
     * threads either (the same files give the same fonts, so the same layout). */
    memset(w, 0, sizeof *w);
    w->worker = true;
    if (!main->dir || !fonts_load(w, main->dir)) return false;
    fonts_make_map(w);
    /* The one math font, shared: HarfBuzz reads it from any thread, and the PDF embeds one face. */
    if (main->math.font) mathfont_attach(w->context, &main->math);
    return true;
}

void fonts_enter_thread(const fonts *f) { pango_cairo_font_map_set_default(PANGO_CAIRO_FONT_MAP(f->map)); }

void fonts_leave_thread(void) { pango_cairo_font_map_set_default(NULL); }

/* A configuration of the fonts under dir (and the system fallbacks) in f->config. */
static bool fonts_load(fonts *f, const char *dir)
{
    f->config = FcConfigCreate();
    fonts_add_dir(f, dir, 0);
    if (!f->n_files) {
        diag_error(dir, 0, 0, "no fonts found (expected .ttf or .otf files)");
        FcConfigDestroy(f->config);
        f->config = NULL;
        return false;
    }
    for (size_t i = 0; i < sizeof fonts_system_fallbacks / sizeof *fonts_system_fallbacks; i++)
        if (util_path_exists(fonts_system_fallbacks[i])) FcConfigAppFontAddFile(f->config, (const FcChar8 *)fonts_system_fallbacks[i]);
    FcConfigBuildFonts(f->config);
    return true;
}

bool fonts_open(fonts *f, const char *dir)
{
    memset(f, 0, sizeof *f);
    if (!fonts_load(f, dir)) return false;
    f->dir = util_xstrdup(dir);
    /* Our configuration becomes fontconfig's current one and our font map Pango's
     * default: librsvg (SVG text) and Graphviz (label sizes) then use the bundled
     * fonts too, never the machine's. */
    FcConfigSetCurrent(f->config);
    fonts_make_map(f);
    pango_cairo_font_map_set_default(PANGO_CAIRO_FONT_MAP(f->map));
    /* Every file's cairo face, made here, on this thread, before any layout thread starts: the
     * workers' fonts find these (same files, same options), so the PDF embeds each file once. */
    f->faces = fontfaces_pin(f->map, f->context);
    f->diagram_faces = fontfaces_pin_graphviz(f->map);
    char *math_dir = util_path_join(dir, "math");
    if (mathfont_open(&f->math, math_dir)) mathfont_attach(f->context, &f->math);
    free(math_dir);
    return true;
}

void fonts_close(fonts *f)
{
    if (f->map && !f->worker) pango_cairo_font_map_set_default(NULL);
    if (f->context) g_object_unref(f->context);
    /* The font map holds a reference to our FcConfig: release it, or every build
     * (each rebuild of `watch`) leaves the config's fonts behind (found by fuzzing). */
    if (f->map) pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), NULL);
    if (f->map) g_object_unref(f->map);
    if (f->faces) g_ptr_array_unref(f->faces); /* after every worker's fonts (world_close_fonts) */
    if (f->diagram_faces) g_ptr_array_unref(f->diagram_faces);
    if (f->config) FcConfigDestroy(f->config);
    free(f->dir);
    if (!f->worker) mathfont_close(&f->math); /* a worker's is the main set's */
    memset(f, 0, sizeof *f);
}

bool fonts_has_family(const fonts *f, const char *family)
{
    PangoFontFamily **fams = NULL;
    int n = 0;
    pango_font_map_list_families(f->map, &fams, &n);
    bool found = false;
    for (int i = 0; i < n && !found; i++) found = !strcasecmp(pango_font_family_get_name(fams[i]), family);
    g_free(fams);
    return found;
}

PangoLayout *fonts_line_layout(PangoContext *pc, const char *family, double size, bool bold, const char *text)
{
    PangoLayout *lay = pango_layout_new(pc);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, family);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(lay, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(lay, text, -1);
    return lay;
}
