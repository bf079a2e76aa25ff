/* layout_lines — attributed text → line boxes: line metrics at size × leading, the chosen
 * breaks applied, the paragraph set by Pango (or taken from the cache) and emitted as boxes
 * with their links, notes and structure. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "html.h"
#include "layout_int.h"
#include "xref.h"

/* ---- lines ---- */

void text_style_body(layout_ctx *c, text_style *st)
{
    memset(st, 0, sizeof *st);
    st->family = c->th->font_body;
    st->size = c->size;
    st->leading = c->th->text_leading;
    st->weight = PANGO_WEIGHT_NORMAL;
    st->style = PANGO_STYLE_NORMAL;
    st->color = c->color;
    st->align = PANGO_ALIGN_LEFT;
    st->justify = c->th->text_justify;
}

PangoFontDescription *text_font(const text_style *st)
{
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, st->family);
    pango_font_description_set_absolute_size(fd, st->size * PANGO_SCALE);
    pango_font_description_set_weight(fd, st->weight);
    pango_font_description_set_style(fd, st->style);
    return fd;
}

static void text_remap(text_builder *tb, const int *map, size_t len1);

/* Pango reshapes the rest of a word for every line it breaks inside it, so a token of n characters
 * without a break opportunity costs O(n²). Runs longer than this get a zero-width space (a break
 * opportunity that prints nothing) every so many characters; no real word or URL is that long. */
#define TEXT_MAX_UNBROKEN 256
#define TEXT_ZERO_WIDTH_SPACE "\xe2\x80\x8b"

static bool text_is_break_at(const char *t, size_t len, size_t i)
{
    return t[i] == ' ' || t[i] == '\n' || t[i] == '\t' || util_has_at(t, len, i, TEXT_SOFT_HYPHEN) ||
           util_has_at(t, len, i, TEXT_ZERO_WIDTH_SPACE) || util_has_at(t, len, i, "\xe2\x80\xa8");
}

static void text_break_long_runs(text_builder *tb)
{
    const char *t1 = tb->s.s;
    size_t len1 = tb->s.len, run = 0;
    bool needed = false;
    for (size_t i = 0; i < len1 && !needed; i++) {
        if (((unsigned char)t1[i] & 0xC0) == 0x80) continue;
        run = text_is_break_at(t1, len1, i) ? 0 : run + 1;
        needed = run > TEXT_MAX_UNBROKEN;
    }
    if (!needed) return;
    int *map = util_xcalloc(len1 + 1, sizeof *map);
    util_buf t2 = {0};
    util_buf_adds(&t2, "");
    run = 0;
    for (size_t i = 0; i < len1; i++) {
        if (((unsigned char)t1[i] & 0xC0) != 0x80) {
            run = text_is_break_at(t1, len1, i) ? 0 : run + 1;
            if (run > TEXT_MAX_UNBROKEN) {
                util_buf_adds(&t2, TEXT_ZERO_WIDTH_SPACE);
                run = 1;
            }
        }
        map[i] = (int)t2.len;
        util_buf_addc(&t2, t1[i]);
    }
    map[len1] = (int)t2.len;
    text_remap(tb, map, len1);
    free(map);
    util_buf_free(&tb->s);
    tb->s = t2;
}

/* Closes HTML tags left open and drops trailing spaces and breaks (they would make empty lines). */
static void text_finish(text_builder *tb, layout_ctx *c)
{
    while (tb->n_html > 0) text_html_close(c, tb, tb->n_html - 1);
    while (tb->s.len && (tb->s.s[tb->s.len - 1] == ' ' || tb->s.s[tb->s.len - 1] == '\n')) tb->s.s[--tb->s.len] = '\0';
    /* Marks that pointed into the dropped tail now point at the end. */
    int len = (int)tb->s.len;
    for (size_t i = 0; i < tb->n_links; i++) {
        if (tb->links[i].start > len) tb->links[i].start = len;
        if (tb->links[i].end > len) tb->links[i].end = len;
    }
    for (size_t i = 0; i < tb->n_anchors; i++)
        if (tb->anchors[i].index > len) tb->anchors[i].index = len;
    for (size_t i = 0; i < tb->n_noterefs; i++)
        if (tb->noterefs[i].index > len) tb->noterefs[i].index = len;
    text_break_long_runs(tb);
}

PangoLayout *text_make_layout(layout_ctx *c, text_builder *tb, const text_style *st, double width)
{
    text_finish(tb, c);
    PangoLayout *lay = pango_layout_new(c->pc);
    pango_layout_set_auto_dir(lay, FALSE);
    pango_layout_set_text(lay, tb->s.s, (int)tb->s.len);
    PangoFontDescription *fd = text_font(st);
    pango_layout_set_font_description(lay, fd);
    pango_font_description_free(fd);
    PangoAttrList *attrs = pango_attr_list_copy(tb->attrs);
    PangoAttribute *col = text_color_attr(st->color);
    col->start_index = 0;
    col->end_index = G_MAXUINT;
    pango_attr_list_insert_before(attrs, col);
    PangoAttribute *lang = pango_attr_language_new(c->lang);
    pango_attr_list_insert_before(attrs, lang);
    pango_layout_set_attributes(lay, attrs);
    pango_attr_list_unref(attrs);
    if (width > 0) {
        pango_layout_set_width(lay, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(lay, st->align);
    /* Justified text is widened by text_justify: only the spaces that may stretch. */
    pango_layout_set_justify(lay, FALSE);
    return lay;
}

/* Ascent, descent and the width of a hyphen for a style's font (cached per font). */
static void text_font_metrics(layout_ctx *c, const text_style *st, double *ascent, double *descent, double *hyphen_w)
{
    for (int i = 0; i < c->n_metrics; i++) {
        const struct layout_metrics *m = &c->metrics[i];
        if (m->size == st->size && m->weight == (int)st->weight && m->style == (int)st->style && !strcmp(m->family, st->family)) {
            *ascent = m->ascent;
            *descent = m->descent;
            *hyphen_w = m->hyphen;
            return;
        }
    }
    PangoFontDescription *fd = text_font(st);
    PangoFontMetrics *m = pango_context_get_metrics(c->pc, fd, c->lang);
    *ascent = pango_font_metrics_get_ascent(m) / (double)PANGO_SCALE;
    *descent = pango_font_metrics_get_descent(m) / (double)PANGO_SCALE;
    pango_font_metrics_unref(m);
    pango_font_description_free(fd);
    PangoLayout *h = fonts_line_layout(c->pc, st->family, st->size, st->weight >= PANGO_WEIGHT_BOLD, "-");
    int hw, hh;
    pango_layout_get_size(h, &hw, &hh);
    g_object_unref(h);
    *hyphen_w = hw / (double)PANGO_SCALE;
    int slot = c->n_metrics < (int)(sizeof c->metrics / sizeof c->metrics[0]) ? c->n_metrics++ : 0;
    c->metrics[slot] = (struct layout_metrics){st->family, st->size, (int)st->weight, (int)st->style, *ascent, *descent, *hyphen_w};
}

/* A line's box is size × leading high, whatever the font's own ascent and descent: they are
 * centred in it (the half-leading may be negative, as in CSS), so the baselines of a style's
 * lines are exactly size × leading apart. Only ink that would leave the box (a large fallback
 * glyph, a raised mark) makes the line taller, by what sticks out (TeX's \lineskip rule). */
void text_line_box(layout_ctx *c, const text_style *st, PangoLayoutIter *it, double *height, double *baseline)
{
    double A, D, hyphen_w;
    text_font_metrics(c, st, &A, &D, &hyphen_w);
    double lead = st->size * st->leading;
    *baseline = (lead - (A + D)) / 2 + A;
    *height = lead;
    if (it) {
        PangoRectangle ink;
        pango_layout_iter_get_line_extents(it, &ink, NULL);
        double base = pango_layout_iter_get_baseline(it) / (double)PANGO_SCALE;
        double above = base - ink.y / (double)PANGO_SCALE;
        double below = (ink.y + ink.height) / (double)PANGO_SCALE - base;
        if (ink.height > 0 && above > *baseline) {
            *height += above - *baseline;
            *baseline = above;
        }
        if (ink.height > 0 && below > *height - *baseline) *height = *baseline + below;
    }
}

void text_line_links(text_builder *tb, PangoLayoutLine *ln, double dx, double line_top, double line_h, page_items *items)
{
    if (!ln) return;
    for (size_t i = 0; i < tb->n_links; i++) {
        text_link *l = &tb->links[i];
        int s = l->start > ln->start_index ? l->start : ln->start_index;
        int e = l->end < ln->start_index + ln->length ? l->end : ln->start_index + ln->length;
        if (s >= e) continue;
        int *ranges = NULL, n = 0;
        pango_layout_line_get_x_ranges(ln, s, e, &ranges, &n);
        for (int k = 0; k < n; k++) {
            double x0 = ranges[2 * k] / (double)PANGO_SCALE, x1 = ranges[2 * k + 1] / (double)PANGO_SCALE;
            if (x1 > x0) page_items_link(items, dx + x0, line_top, x1 - x0, line_h, l->target, l->internal);
        }
        g_free(ranges);
    }
}

void text_check_glyphs(layout_ctx *c, PangoLayout *lay, cmark_node *node)
{
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    bool missing = false;
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        if (!run) continue;
        for (int g = 0; g < run->glyphs->num_glyphs && !missing; g++)
            if (run->glyphs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG) missing = true;
    } while (!missing && pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    if (missing && node) {
        int line, col;
        source_pos(c->ch, node, &line, &col);
        diag_warning(c->ch->path, line, col, "text uses characters that no bundled font has (shown as boxes)");
    }
}

/* Width of the hyphen Pango adds at a break: justified lines leave room for it
 * and a hyphenated line lets it hang into that room, so nothing overflows. */
double text_hyphen_width(layout_ctx *c, const text_style *st)
{
    double ascent, descent, hyphen_w;
    text_font_metrics(c, st, &ascent, &descent, &hyphen_w);
    return hyphen_w;
}

/* Rewrites the builder's text so each line of `lay` ends in a forced break:
 * a soft hyphen that was used becomes a real hyphen, unused ones disappear (so
 * they never reach the PDF's text), and attributes, links, anchors and note
 * marks move with their text. */
/* Moves attributes, links, anchors and note marks to their new byte offsets. */
static int text_map_at(const int *map, size_t len1, int i) { return map[i < 0 ? 0 : (size_t)i > len1 ? len1 : (size_t)i]; }

static void text_remap(text_builder *tb, const int *map, size_t len1)
{
    PangoAttrList *attrs = pango_attr_list_new();
    GSList *all = pango_attr_list_get_attributes(tb->attrs);
    for (GSList *a = all; a; a = a->next) {
        PangoAttribute *attr = a->data;
        if (attr->start_index <= len1) attr->start_index = (guint)map[attr->start_index];
        if (attr->end_index <= len1) attr->end_index = (guint)map[attr->end_index];
        pango_attr_list_insert(attrs, attr);
    }
    g_slist_free(all);
    pango_attr_list_unref(tb->attrs);
    tb->attrs = attrs;
    for (size_t i = 0; i < tb->n_links; i++) {
        tb->links[i].start = text_map_at(map, len1, tb->links[i].start);
        tb->links[i].end = text_map_at(map, len1, tb->links[i].end);
    }
    for (size_t i = 0; i < tb->n_anchors; i++) tb->anchors[i].index = text_map_at(map, len1, tb->anchors[i].index);
    for (size_t i = 0; i < tb->n_noterefs; i++) tb->noterefs[i].index = text_map_at(map, len1, tb->noterefs[i].index);
    for (size_t i = 0; i < tb->n_maths; i++) {
        tb->maths[i].index = text_map_at(map, len1, tb->maths[i].index);
        if (tb->maths[i].space >= 0) tb->maths[i].space = text_map_at(map, len1, tb->maths[i].space);
    }
}

/* Rewrites the builder's text so each chosen line ends in a forced break; the
 * soft hyphens not used disappear (so they never reach the PDF's text). A used
 * one stays, as an empty box as wide as a hyphen (hyphen_w): the PDF writer draws
 * the hyphen there, with the soft hyphen as its text, so a copied word comes back
 * whole. Returns the offset map (old byte → new byte, len1 + 1 entries). */
static int *text_apply_breaks(text_builder *tb, const text_break *br, size_t n, double hyphen_w)
{
    size_t *shy = NULL, n_shy = 0, cap_shy = 0;
    const char *t1 = tb->s.s;
    size_t len1 = tb->s.len;
    int *map = util_xcalloc(len1 + 1, sizeof *map);
    util_buf t2 = {0};
    util_buf_adds(&t2, "");
    size_t pos = 0;
    for (size_t k = 0; k <= n; k++) {
        size_t end = k < n ? br[k].end : len1;
        for (; pos < end; pos++) {
            map[pos] = (int)t2.len;
            if (util_has_at(t1, len1, pos, TEXT_SOFT_HYPHEN)) {
                map[++pos] = (int)t2.len;
                continue;
            }
            util_buf_addc(&t2, t1[pos]);
        }
        if (k == n) break;
        for (; pos < br[k].resume; pos++) map[pos] = (int)t2.len;
        if (br[k].hyphen) *UTIL_PUSH(shy, n_shy, cap_shy) = t2.len;
        util_buf_adds(&t2, br[k].hyphen ? TEXT_SOFT_HYPHEN TEXT_FORCED_BREAK : TEXT_FORCED_BREAK);
    }
    map[len1] = (int)t2.len;
    text_remap(tb, map, len1);
    for (size_t i = 0; i < n_shy; i++) {
        /* No ink, no height (the line's own glyphs set it): only the hyphen's advance. */
        PangoRectangle ink = {0, 0, 0, 0}, logical = {0, 0, (int)(hyphen_w * PANGO_SCALE), 0};
        PangoAttribute *a = pango_attr_shape_new(&ink, &logical);
        a->start_index = (guint)shy[i];
        a->end_index = (guint)(shy[i] + strlen(TEXT_SOFT_HYPHEN));
        pango_attr_list_insert(tb->attrs, a);
    }
    free(shy);
    util_buf_free(&tb->s);
    tb->s = t2;
    return map;
}

/* The breaks Pango chose in a laid-out text. */
static size_t text_breaks_of_layout(const text_builder *tb, PangoLayout *lay, text_break **out)
{
    const char *t = tb->s.s;
    text_break *br = NULL;
    size_t n = 0, cap = 0;
    for (GSList *l = pango_layout_get_lines_readonly(lay); l; l = l->next) {
        PangoLayoutLine *ln = l->data;
        if (!l->next || ((PangoLayoutLine *)l->next->data)->is_paragraph_start) continue;
        size_t s = (size_t)ln->start_index, e = s + (size_t)ln->length;
        text_break *b = UTIL_PUSH(br, n, cap);
        if (e >= s + 2 && util_has_at(t, e, e - 2, TEXT_SOFT_HYPHEN)) {
            *b = (text_break){e - 2, e, true};
        } else {
            size_t keep = e;
            while (keep > s && t[keep - 1] == ' ') keep--; /* the break's own space goes */
            *b = (text_break){keep, e, false};
        }
    }
    *out = br;
    return n;
}


/* Everything that decides a paragraph's layout: style, width, text, attributes and
 * the targets of its links, anchors and notes (a later pass sets the same
 * paragraph again only when one of them changed, e.g. a page number). */
static char *text_cache_key(const layout_ctx *c, const text_builder *tb, const text_style *st, double width)
{
    util_buf k = {0};
    util_buf_printf(&k, "%s|%.3f|%d|%d|%.4f,%.4f,%.4f|%d|%d|%.3f|%d|%.3f|%d\n", st->family, st->size, (int)st->weight,
                    (int)st->style, st->color.r, st->color.g, st->color.b, (int)st->align, st->justify, st->leading,
                    st->keep_together, width, tb->hyphenate && c->hyph);
    char *attrs = pango_attr_list_to_string(tb->attrs);
    util_buf_adds(&k, attrs);
    g_free(attrs);
    for (size_t i = 0; i < tb->n_links; i++)
        util_buf_printf(&k, "\nL%d,%d,%d,%s", tb->links[i].start, tb->links[i].end, tb->links[i].internal, tb->links[i].target);
    for (size_t i = 0; i < tb->n_anchors; i++) util_buf_printf(&k, "\nA%d,%s", tb->anchors[i].index, tb->anchors[i].dest);
    for (size_t i = 0; i < tb->n_noterefs; i++) util_buf_printf(&k, "\nN%d,%zu", tb->noterefs[i].index, tb->noterefs[i].note);
    /* Inline formulas: their size (a shape attribute prints without it). */
    for (size_t i = 0; i < tb->n_maths; i++)
        util_buf_printf(&k, "\nM%d,%.3f,%.3f,%.3f,%d,%.3f,%.0f", tb->maths[i].index, tb->maths[i].w, tb->maths[i].h,
                        tb->maths[i].d, tb->maths[i].space, tb->maths[i].gap, tb->maths[i].penalty);
    util_buf_addc(&k, '\n');
    util_buf_add(&k, tb->s.s, tb->s.len);
    return util_buf_steal(&k);
}

size_t text_emit(layout_ctx *c, text_builder *tb, const text_style *st, double x, double width)
{
    PangoLayout *lay;
    text_finish(tb, c);
    char *key = c->cache ? text_cache_key(c, tb, st, width) : NULL;
    const layout_cached *hit = key ? layout_cache_get(c->cache, key) : NULL;
    if (hit) {
        lay = g_object_ref(hit->lay);
        if (hit->map && hit->map_len == tb->s.len) text_remap(tb, hit->map, hit->map_len);
        free(key);
    } else {
        int *map = NULL;
        size_t len1 = tb->s.len;
        text_break *br = NULL;
        size_t nbr = 0;
        /* A flood (over the budget) is set line by line: measuring it as one line splits one long glyph
         * run at every style change, which is quadratic in Pango. */
        /* A paragraph that cannot be set even within text.emergency_tolerance is broken by Pango. */
        const theme *th = c->th;
        if (st->justify && th->text_optimal_breaks && !tb->over_budget && text_optimal_breaks(c, tb, st, width, &br, &nbr)) {
            /* Breaks chosen for the whole paragraph at once; the lines are then set with forced breaks. */
            map = text_apply_breaks(tb, br, nbr, text_hyphen_width(c, st));
        } else if (tb->hyphenate && c->hyph && strstr(tb->s.s, TEXT_SOFT_HYPHEN)) {
            /* Pango's breaks, with the hyphen's width kept free, then the lines set at full
             * width: a hyphenated line ends exactly at the margin. */
            double hang = text_hyphen_width(c, st);
            PangoLayout *probe = text_make_layout(c, tb, st, width - hang);
            nbr = text_breaks_of_layout(tb, probe, &br);
            map = text_apply_breaks(tb, br, nbr, hang);
            g_object_unref(probe);
        }
        free(br);
        /* Lines broken by Knuth–Plass are all forced, and may be set a little wider than the column
         * (their spaces shrink to fit): Pango must not wrap them again. */
        bool forced = map && st->align == PANGO_ALIGN_LEFT;
        lay = text_make_layout(c, tb, st, forced ? 0 : width);
        if (st->justify && width > 0) text_justify(c, tb, lay, width);
        if (key) {
            layout_cache_put(c->cache, key, lay, map, len1);
        } else {
            free(map);
        }
    }
    size_t first = (size_t)-1;
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    int line = 0, n_lines = pango_layout_get_line_count(lay);
    size_t anchor = 0;
    do {
        double h, base;
        text_line_box(c, st, it, &h, &base);
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        double lx = logical.x / (double)PANGO_SCALE;
        unsigned flags = 0;
        /* Keep rules: a heading never splits or ends a page; a paragraph leaves
         * at least two lines on each side of a break (no widows or orphans). */
        if (st->keep_together) flags |= VBOX_KEEP_WITH_NEXT;
        else if (n_lines <= 3) flags |= line < n_lines - 1 ? VBOX_KEEP_WITH_NEXT : 0;
        else if (line == 0 || line == n_lines - 2) flags |= VBOX_KEEP_WITH_NEXT;
        vbox *b = layout_box(c, h, flags);
        if (first == (size_t)-1) first = (size_t)(b - c->out->v);
        b->baseline = base;
        PangoLayoutLine *ln = pango_layout_iter_get_line_readonly(it);
        page_items_text_line(&b->items, lay, ln, line, x + lx, base);
        layout_math_line(c, tb, lay, ln, x, base, &b->items);
        while (anchor < tb->n_anchors && tb->anchors[anchor].index < ln->start_index + ln->length + (line == n_lines - 1)) {
            page_items_dest(&b->items, tb->anchors[anchor].dest, x, 0);
            anchor++;
        }
        text_line_links(tb, ln, x, 0, h, &b->items);
        if (tb->n_noterefs) {
            size_t bi = (size_t)(b - c->out->v);
            layout_attach_notes(c, bi, tb, ln->start_index, ln->start_index + ln->length + (line == n_lines - 1));
        }
        line++;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    g_object_unref(lay);
    return first;
}
