/* mathfont — the bundled OpenType math font (fonts/math/), read through HarfBuzz's
 * hb_ot_math_* API (constants, variants, assemblies, italics correction, accent
 * attachment) and drawn through a cairo font face made from the same file. Values are
 * in ems of the font (divide font units by units per em). */
#ifndef MLSD_MATHFONT_H
#define MLSD_MATHFONT_H

#include <cairo.h>
#include <hb-ot.h>
#include <hb.h>
#include <pango/pango.h>
#include <stdbool.h>

typedef struct mathfont {
    hb_face_t *face;
    hb_font_t *font;    /* scale = units per em */
    double upem;
    cairo_font_face_t *cairo_face;
    char *path;
} mathfont;

typedef struct mathfont_part {
    unsigned glyph;
    double start_conn, end_conn, advance; /* ems */
    bool extender;
} mathfont_part;

/* Opens the first .otf/.ttf in dir with a MATH table; false (nothing reported) when there is none. */
bool mathfont_open(mathfont *m, const char *dir);
void mathfont_close(mathfont *m);
/* The math font attached to a Pango context by fonts_open, or NULL. */
const mathfont *mathfont_of_context(PangoContext *pc);
void mathfont_attach(PangoContext *pc, const mathfont *m);

/* A MATH constant in ems (percentages are returned as given: 0–100). */
double mathfont_constant(const mathfont *m, hb_ot_math_constant_t c);
/* The glyph of a character, or 0 when the font has none. */
unsigned mathfont_glyph(const mathfont *m, unsigned cp);
/* Advance, height above and depth below the baseline (ink), in ems. */
void mathfont_extents(const mathfont *m, unsigned glyph, double *advance, double *height, double *depth);
double mathfont_italic(const mathfont *m, unsigned glyph);
/* Where an accent attaches (from the glyph's origin), in ems. */
double mathfont_accent_x(const mathfont *m, unsigned glyph);
/* Size variants (vertical or horizontal), smallest first: up to max, returns the count. */
unsigned mathfont_variants(const mathfont *m, unsigned glyph, bool vertical, unsigned *glyphs, double *advances, unsigned max);
/* The parts of a glyph assembly (bottom to top, or left to right): up to max, returns the count. */
unsigned mathfont_assembly(const mathfont *m, unsigned glyph, bool vertical, mathfont_part *parts, unsigned max);
double mathfont_min_overlap(const mathfont *m, bool vertical);
/* The glyph of a character in script (level 1) or scriptscript (level 2) size: the font's `ssty`
 * alternate (drawn sturdier for small sizes), or its nominal glyph. */
unsigned mathfont_glyph_script(const mathfont *m, unsigned cp, int level);
/* The font's math kern (MathKernInfo) of a glyph's corner at a height above its baseline, in ems
 * (0 when the font has none). */
double mathfont_kern(const mathfont *m, unsigned glyph, hb_ot_math_kern_t corner, double height);

#endif
