#define _DEFAULT_SOURCE
#include "fonts.h"

#include <dirent.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

enum { FONTS_MAX_DEPTH = 4 };

static void fonts_add_dir(fonts *f, const char *dir, int depth)
{
    if (depth > FONTS_MAX_DEPTH) return;
    DIR *d = opendir(dir);
    if (!d) return;
    /* Sorted for a deterministic font set. */
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
                if (depth || strcmp(nm, "math")) fonts_add_dir(f, path, depth + 1);
            } else if (len > 4 && (!strcasecmp(nm + len - 4, ".ttf") || !strcasecmp(nm + len - 4, ".otf"))) {
                if (FcConfigAppFontAddFile(f->config, (const FcChar8 *)path)) f->n_files++;
                else diag_warning(path, 0, 0, "cannot load font file");
            }
            free(path);
        }
        free(names[i]);
    }
    free(names);
}

bool fonts_open(fonts *f, const char *dir)
{
    memset(f, 0, sizeof *f);
    f->config = FcConfigCreate();
    fonts_add_dir(f, dir, 0);
    if (!f->n_files) {
        diag_error(dir, 0, 0, "no fonts found (expected .ttf or .otf files)");
        FcConfigDestroy(f->config);
        f->config = NULL;
        return false;
    }
    /* Chinese, Japanese and Korean (20 MB a face) and emoji are too large to bundle:
     * they come from Debian's fonts-noto-cjk and fonts-symbola when installed (`make
     * deps` installs both). Colour emoji fonts are not used: cairo 1.16 draws their
     * bitmaps at the wrong size. */
    static const char *const system_fallbacks[] = {
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf", /* emoji, in outline (fonts-symbola) */
    };
    for (size_t i = 0; i < sizeof system_fallbacks / sizeof *system_fallbacks; i++)
        if (util_path_exists(system_fallbacks[i])) FcConfigAppFontAddFile(f->config, (const FcChar8 *)system_fallbacks[i]);
    FcConfigBuildFonts(f->config);
    /* Our configuration becomes fontconfig's current one and our font map Pango's
     * default: librsvg (SVG text) and Graphviz (label sizes) then use the bundled
     * fonts too, never the machine's. */
    FcConfigSetCurrent(f->config);
    f->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), f->config);
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(f->map), 72);
    pango_cairo_font_map_set_default(PANGO_CAIRO_FONT_MAP(f->map));
    f->context = pango_font_map_create_context(f->map);
    pango_cairo_context_set_resolution(f->context, 72);
    pango_context_set_round_glyph_positions(f->context, FALSE);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(f->context, fo);
    cairo_font_options_destroy(fo);
    char *math_dir = util_path_join(dir, "math");
    if (mathfont_open(&f->math, math_dir)) mathfont_attach(f->context, &f->math);
    free(math_dir);
    return true;
}

void fonts_close(fonts *f)
{
    if (f->map) pango_cairo_font_map_set_default(NULL);
    if (f->context) g_object_unref(f->context);
    /* The font map holds a reference to our FcConfig: release it, or every build
     * (each rebuild of `watch`) leaves the config's fonts behind (found by fuzzing). */
    if (f->map) pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), NULL);
    if (f->map) g_object_unref(f->map);
    if (f->config) FcConfigDestroy(f->config);
    mathfont_close(&f->math);
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
