#define _DEFAULT_SOURCE
/* mathfont — the OpenType MATH font through HarfBuzz (metrics) and cairo (drawing). */
#include "mathfont.h"

#include <cairo-ft.h>
#include <dirent.h>
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

#define MATHFONT_KEY "mlsd-mathfont"

static bool mathfont_load(mathfont *m, const char *path)
{
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob) return false;
    hb_face_t *face = hb_face_create(blob, 0);
    hb_blob_destroy(blob);
    if (!hb_ot_math_has_data(face)) {
        hb_face_destroy(face);
        return false;
    }
    m->face = face;
    m->upem = hb_face_get_upem(face);
    m->font = hb_font_create(face);
    hb_font_set_scale(m->font, (int)m->upem, (int)m->upem);
    hb_ot_font_set_funcs(m->font);
    hb_font_make_immutable(m->font);
    /* The file itself, never a fontconfig match: the output does not depend on the machine. */
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FILE, (const FcChar8 *)path);
    FcPatternAddInteger(pat, FC_INDEX, 0);
    m->cairo_face = cairo_ft_font_face_create_for_pattern(pat);
    FcPatternDestroy(pat);
    m->path = util_xstrdup(path);
    return true;
}

bool mathfont_open(mathfont *m, const char *dir)
{
    memset(m, 0, sizeof *m);
    DIR *d = opendir(dir);
    if (!d) return false;
    closedir(d);
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    bool ok = false;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(names[i]->d_name);
        if (!ok && len > 4 && (!strcasecmp(names[i]->d_name + len - 4, ".otf") || !strcasecmp(names[i]->d_name + len - 4, ".ttf"))) {
            char *path = util_path_join(dir, names[i]->d_name);
            ok = mathfont_load(m, path);
            free(path);
        }
        free(names[i]);
    }
    free(names);
    return ok;
}

void mathfont_close(mathfont *m)
{
    if (m->font) hb_font_destroy(m->font);
    if (m->face) hb_face_destroy(m->face);
    if (m->cairo_face) cairo_font_face_destroy(m->cairo_face);
    free(m->path);
    memset(m, 0, sizeof *m);
}

const mathfont *mathfont_of_context(PangoContext *pc)
{
    const mathfont *m = pc ? g_object_get_data(G_OBJECT(pc), MATHFONT_KEY) : NULL;
    return m && m->font ? m : NULL;
}

void mathfont_attach(PangoContext *pc, const mathfont *m) { g_object_set_data(G_OBJECT(pc), MATHFONT_KEY, (gpointer)m); }

double mathfont_constant(const mathfont *m, hb_ot_math_constant_t c)
{
    hb_position_t v = hb_ot_math_get_constant(m->font, c);
    if (c == HB_OT_MATH_CONSTANT_SCRIPT_PERCENT_SCALE_DOWN || c == HB_OT_MATH_CONSTANT_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN ||
        c == HB_OT_MATH_CONSTANT_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT)
        return v;
    return v / m->upem;
}

unsigned mathfont_glyph(const mathfont *m, unsigned cp)
{
    hb_codepoint_t g = 0;
    return hb_font_get_nominal_glyph(m->font, cp, &g) ? g : 0;
}

void mathfont_extents(const mathfont *m, unsigned glyph, double *advance, double *height, double *depth)
{
    hb_glyph_extents_t e = {0};
    hb_font_get_glyph_extents(m->font, glyph, &e);
    *advance = hb_font_get_glyph_h_advance(m->font, glyph) / m->upem;
    *height = e.y_bearing / m->upem;
    *depth = -(e.y_bearing + e.height) / m->upem;
}

double mathfont_italic(const mathfont *m, unsigned glyph)
{
    return hb_ot_math_get_glyph_italics_correction(m->font, glyph) / m->upem;
}

double mathfont_accent_x(const mathfont *m, unsigned glyph)
{
    return hb_ot_math_get_glyph_top_accent_attachment(m->font, glyph) / m->upem;
}

unsigned mathfont_variants(const mathfont *m, unsigned glyph, bool vertical, unsigned *glyphs, double *advances, unsigned max)
{
    hb_ot_math_glyph_variant_t v[32];
    unsigned count = max < 32 ? max : 32;
    hb_ot_math_get_glyph_variants(m->font, glyph, vertical ? HB_DIRECTION_BTT : HB_DIRECTION_LTR, 0, &count, v);
    for (unsigned i = 0; i < count; i++) {
        glyphs[i] = v[i].glyph;
        advances[i] = v[i].advance / m->upem;
    }
    return count;
}

unsigned mathfont_assembly(const mathfont *m, unsigned glyph, bool vertical, mathfont_part *parts, unsigned max)
{
    hb_ot_math_glyph_part_t p[16];
    unsigned count = max < 16 ? max : 16;
    hb_position_t italic = 0;
    hb_ot_math_get_glyph_assembly(m->font, glyph, vertical ? HB_DIRECTION_BTT : HB_DIRECTION_LTR, 0, &count, p, &italic);
    for (unsigned i = 0; i < count; i++) {
        parts[i].glyph = p[i].glyph;
        parts[i].start_conn = p[i].start_connector_length / m->upem;
        parts[i].end_conn = p[i].end_connector_length / m->upem;
        parts[i].advance = p[i].full_advance / m->upem;
        parts[i].extender = p[i].flags & HB_OT_MATH_GLYPH_PART_FLAG_EXTENDER;
    }
    return count;
}

double mathfont_min_overlap(const mathfont *m, bool vertical)
{
    return hb_ot_math_get_min_connector_overlap(m->font, vertical ? HB_DIRECTION_BTT : HB_DIRECTION_LTR) / m->upem;
}

unsigned mathfont_glyph_script(const mathfont *m, unsigned cp, int level)
{
    unsigned nominal = mathfont_glyph(m, cp);
    if (!nominal || level < 1) return nominal;
    hb_buffer_t *buf = hb_buffer_create();
    hb_codepoint_t c = cp;
    hb_buffer_add_codepoints(buf, &c, 1, 0, 1);
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    /* The features of a math font are under the script 'math'. */
    hb_buffer_set_script(buf, hb_script_from_string("Zmth", -1));
    hb_feature_t ssty = {HB_TAG('s', 's', 't', 'y'), (unsigned)level, 0, (unsigned)-1};
    hb_shape(m->font, buf, &ssty, 1);
    unsigned n = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    unsigned g = n == 1 && info[0].codepoint ? info[0].codepoint : nominal;
    hb_buffer_destroy(buf);
    return g;
}

double mathfont_kern(const mathfont *m, unsigned glyph, hb_ot_math_kern_t corner, double height)
{
    return hb_ot_math_get_glyph_kerning(m->font, glyph, corner, (hb_position_t)(height * m->upem)) / m->upem;
}
