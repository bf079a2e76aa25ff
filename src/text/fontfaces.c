/* fontfaces — why every face is made up front, on one thread.
 *
 * Pango makes the cairo font of a PangoFcFont with cairo_ft_font_face_create_for_pattern
 * (pangocairo-fcfont.c), on whichever thread first measures or draws with it. cairo 1.16
 * finds the "unscaled font" of the file under a lock, but then searches and extends that
 * font's list of faces (_cairo_ft_font_face_create in cairo-ft-font.c) and unlinks a face
 * whose last reference went (_cairo_ft_font_face_destroy) with no lock at all. Two layout
 * threads asking for the first face of one file at the same moment can both miss and
 * both make one. The PDF surface keys font subsets by the cairo_font_face_t
 * (_cairo_sub_font_init_key in cairo-scaled-font-subsets.c), so the chapters of each
 * thread then get a subset of their own: the file is embedded twice, the pages are the
 * same and the bytes are not.
 *
 * So the main thread makes, before any thread starts, the face of every file with the
 * options Pango gives it, and holds it while the fonts are loaded. A thread's lookup
 * then always finds it (the list is only read) and no face is ever unlinked meanwhile:
 * the face of a file is one object for every thread and for every build of `watch`.
 *
 * A face is its file and the rendering options cairo reads from the pattern (hinting,
 * antialiasing, emboldening, variations). Our configuration has no rules, so Pango gives
 * every font the same options: the pattern of one font Pango loaded, with another file
 * and index, is the pattern Pango makes for that file (a unit test checks it face by
 * face). Loading every face through Pango instead costs about 2 ms each. */
#include "fontfaces.h"

#include <cairo-ft.h>
#include <pango/pangofc-font.h>
#include <pango/pangofc-fontmap.h>
#include <pango/pangocairo.h>

/* Any size: a face is the file with its rendering options, whatever the size. */
#define FONTFACES_SIZE 10

/* The pattern Pango gives the first face of map's first family, as it will in layout. */
static FcPattern *fontfaces_model(PangoFontMap *map, PangoContext *pc)
{
    PangoFontFamily **fams = NULL;
    int n = 0;
    pango_font_map_list_families(map, &fams, &n);
    PangoFontFace **faces = NULL;
    int m = 0;
    if (n > 0) pango_font_family_list_faces(fams[0], &faces, &m);
    FcPattern *model = NULL;
    if (m > 0) {
        PangoFontDescription *d = pango_font_face_describe(faces[0]);
        pango_font_description_set_absolute_size(d, FONTFACES_SIZE * PANGO_SCALE);
        PangoFont *font = pango_font_map_load_font(map, pc, d);
        pango_font_description_free(d);
        if (font && PANGO_IS_FC_FONT(font)) model = FcPatternDuplicate(pango_fc_font_get_pattern(PANGO_FC_FONT(font)));
        if (font) g_object_unref(font);
    }
    g_free(faces);
    g_free(fams);
    return model;
}

GPtrArray *fontfaces_pin(PangoFontMap *map, PangoContext *pc)
{
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)cairo_font_face_destroy);
    FcConfig *config = PANGO_IS_FC_FONT_MAP(map) ? pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(map)) : NULL;
    FcFontSet *set = config ? FcConfigGetFonts(config, FcSetApplication) : NULL;
    FcPattern *model = set ? fontfaces_model(map, pc) : NULL;
    for (int i = 0; model && i < set->nfont; i++) {
        FcChar8 *file = NULL;
        int index = 0;
        if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch) continue;
        if (FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index) != FcResultMatch) index = 0;
        FcPattern *p = FcPatternDuplicate(model);
        FcPatternDel(p, FC_FILE);
        FcPatternDel(p, FC_INDEX);
        FcPatternAddString(p, FC_FILE, file);
        FcPatternAddInteger(p, FC_INDEX, index);
        /* The same file and options give the face already made (cairo keeps one per pair). */
        cairo_font_face_t *face = cairo_ft_font_face_create_for_pattern(p);
        FcPatternDestroy(p);
        if (cairo_font_face_status(face) == CAIRO_STATUS_SUCCESS) g_ptr_array_add(out, face);
        else cairo_font_face_destroy(face);
    }
    if (model) FcPatternDestroy(model);
    return out;
}

/* As gvtextlayout_pango.c (Graphviz 2.42) sets them: grey antialiasing, full hinting,
 * hinted metrics, BGR subpixel order. */
void fontfaces_graphviz_options(PangoContext *pc)
{
    cairo_font_options_t *o = cairo_font_options_create();
    cairo_font_options_set_antialias(o, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(o, CAIRO_HINT_STYLE_FULL);
    cairo_font_options_set_hint_metrics(o, CAIRO_HINT_METRICS_ON);
    cairo_font_options_set_subpixel_order(o, CAIRO_SUBPIXEL_ORDER_BGR);
    pango_cairo_context_set_font_options(pc, o);
    cairo_font_options_destroy(o);
}

GPtrArray *fontfaces_pin_graphviz(PangoFontMap *map)
{
    PangoContext *pc = pango_font_map_create_context(map);
    fontfaces_graphviz_options(pc);
    GPtrArray *out = fontfaces_pin(map, pc);
    g_object_unref(pc);
    return out;
}
