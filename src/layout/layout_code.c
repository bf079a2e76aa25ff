/* layout_code — fenced and indented code blocks: monospace on a shaded
 * background, long lines wrapped with a continuation mark, one box per
 * visual line so a block splits across pages. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "highlight.h"
#include "layout_int.h"


static theme_color code_syntax_color(const theme *th, hl_kind k)
{
    switch (k) {
    case HL_KEYWORD: return th->syntax_keyword;
    case HL_TYPE: return th->syntax_type;
    case HL_STRING: return th->syntax_string;
    case HL_NUMBER: return th->syntax_number;
    case HL_COMMENT: return th->syntax_comment;
    case HL_FUNCTION: return th->syntax_function;
    case HL_OPERATOR: return th->syntax_operator;
    case HL_PUNCT: return th->syntax_punct;
    case HL_KEY: return th->syntax_key;
    case HL_BUILTIN: return th->syntax_builtin;
    case HL_VARIABLE: return th->syntax_variable;
    case HL_PREPROC: return th->syntax_preproc;
    default: return th->color_text;
    }
}

/* Colours by token kind (comments also in italic), from the theme. */
static void code_highlight(layout_ctx *c, PangoAttrList *attrs, const char *info, const char *text, size_t len)
{
    const struct hl_lang *lang = hl_registry_find(c->highlight, info);
    if (!lang) return;
    hl_span *spans = NULL;
    size_t n = hl_tokenize(lang, text, len, &spans);
    for (size_t i = 0; i < n; i++) {
        theme_color col = code_syntax_color(c->th, spans[i].kind);
        PangoAttribute *a = pango_attr_foreground_new((guint16)(col.r * 65535), (guint16)(col.g * 65535), (guint16)(col.b * 65535));
        a->start_index = (guint)spans[i].start;
        a->end_index = (guint)spans[i].end;
        pango_attr_list_insert(attrs, a);
        if (spans[i].kind == HL_COMMENT) {
            PangoAttribute *it = pango_attr_style_new(PANGO_STYLE_ITALIC);
            it->start_index = (guint)spans[i].start;
            it->end_index = (guint)spans[i].end;
            pango_attr_list_insert(attrs, it);
        }
    }
    free(spans);
}

/* Tabs become spaces up to the next tab stop, so the indentation is in the text
 * (copied out of the PDF, a tab drawn as a gap would be lost). */
static char *code_expand_tabs(const char *text, size_t len, int tab, size_t *out_len)
{
    util_buf b = {0};
    util_buf_adds(&b, "");
    size_t col = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == '\t') {
            do util_buf_addc(&b, ' ');
            while (++col % (size_t)tab);
            continue;
        }
        util_buf_addc(&b, (char)ch);
        if (ch == '\n') col = 0;
        else if ((ch & 0xC0) != 0x80) col++; /* one column per character */
    }
    *out_len = b.len;
    return util_buf_steal(&b);
}

/* The attributes of the whole code (highlighting, calc results), so tokens that
 * span lines (block comments, long strings) keep their colour line by line. */
static PangoAttrList *code_attrs(layout_ctx *c, const char *info, const char *text, size_t len, bool results)
{
    PangoAttrList *attrs = pango_attr_list_new();
    code_highlight(c, attrs, info, text, len);
    if (results) layout_calc_results(attrs, text, len);
    return attrs;
}

/* Pango reshapes the rest of a word for every line it breaks inside it when it
 * looks for word breaks first, so a token of n characters costs O(n²). A line
 * holding a token longer than this (no real identifier or literal is) wraps by
 * character alone, which is linear; the text is never changed. */
#define CODE_MAX_WORD_WRAP 1024

static bool code_has_long_token(const char *t, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)t[i] & 0xC0) == 0x80) continue;
        run = t[i] == ' ' ? 0 : run + 1;
        if (run > CODE_MAX_WORD_WRAP) return true;
    }
    return false;
}

/* One source line [s, e) as its own layout: the attributes that overlap it,
 * clipped and moved to the line's start. all[] is sorted by start (as Pango keeps
 * an attribute list); *lo is the first attribute that may still reach this line
 * (lines come in order), so the whole block is one pass over its attributes. */
static PangoLayout *code_line_layout(layout_ctx *c, const char *text, size_t s, size_t e, GPtrArray *all,
                                     guint *lo, double width)
{
    PangoLayout *lay = pango_layout_new(c->pc);
    pango_layout_set_auto_dir(lay, FALSE);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, c->th->font_mono);
    pango_font_description_set_absolute_size(fd, c->th->code_size * c->em * PANGO_SCALE);
    pango_layout_set_font_description(lay, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(lay, text + s, (int)(e - s));
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_font_features_new("liga 0, calt 0"));
    pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
    theme_color col = c->color;
    pango_attr_list_insert(attrs, pango_attr_foreground_new((guint16)(col.r * 65535), (guint16)(col.g * 65535),
                                                            (guint16)(col.b * 65535)));
    while (*lo < all->len && ((PangoAttribute *)g_ptr_array_index(all, *lo))->end_index <= s) (*lo)++;
    for (guint j = *lo; j < all->len; j++) {
        const PangoAttribute *a = g_ptr_array_index(all, j);
        if (a->start_index >= e) break;
        if (a->end_index <= s) continue;
        PangoAttribute *b = pango_attribute_copy(a);
        b->start_index = (guint)((a->start_index > s ? a->start_index : s) - s);
        b->end_index = (guint)((a->end_index < e ? a->end_index : e) - s);
        pango_attr_list_insert(attrs, b);
    }
    pango_layout_set_attributes(lay, attrs);
    pango_attr_list_unref(attrs);
    pango_layout_set_width(lay, (int)(width * PANGO_SCALE));
    /* Break at spaces and punctuation (Unicode line breaking); inside a token only
     * when the token is longer than the line. */
    pango_layout_set_wrap(lay, code_has_long_token(text + s, e - s) ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
    return lay;
}

/* How far a line's continuation lines are shifted: under the line's own
 * indentation plus the theme's hanging indent, at most code.hang_limit of the
 * width. Set as Pango's (negative) first-line indent, so the continuation lines
 * wrap to the width left to them; the text itself is unchanged. */
static double code_hang(layout_ctx *c, PangoLayout *lay, const char *line, size_t len, double size, double width)
{
    size_t lead = 0;
    while (lead < len && line[lead] == ' ') lead++;
    if (lead == len) return 0; /* blank, or only spaces: nothing to wrap under */
    PangoRectangle pos;
    pango_layout_index_to_pos(lay, (int)lead, &pos);
    double off = pos.x / (double)PANGO_SCALE + c->th->code_hang * size;
    double cap = c->th->code_hang_limit * width;
    if (off > cap) off = cap;
    if (off <= 0) return 0;
    pango_layout_set_indent(lay, -(int)(off * PANGO_SCALE));
    return off;
}

/* A small hooked arrow (↪) in the gutter, drawn as lines so copying the text
 * out of the PDF never picks it up. */
static void code_mark(layout_ctx *c, vbox *b, double x, double baseline, double size)
{
    double lw = c->th->rule_width;
    double h = size * 0.45, w = size * 0.55;
    double top = baseline - size * 0.62;
    page_item *v = page_items_add(&b->items, PAGE_LINE);
    v->x = x;
    v->y = top;
    v->w = 0;
    v->h = h;
    v->color = c->th->code_mark;
    v->line_width = lw;
    page_item *hz = page_items_add(&b->items, PAGE_LINE);
    hz->x = x;
    hz->y = top + h;
    hz->w = w;
    hz->h = 0;
    hz->color = c->th->code_mark;
    hz->line_width = lw;
    for (int s = -1; s <= 1; s += 2) {
        page_item *a = page_items_add(&b->items, PAGE_LINE);
        a->x = x + w;
        a->y = top + h;
        a->w = -size * 0.18;
        a->h = s * size * 0.15;
        a->color = c->th->code_mark;
        a->line_width = lw;
    }
}

/* The language label, its right edge at right and its top at top of the box; drawn as
 * outlines, so that copying the code out of the PDF leaves it behind. */
static void code_label(layout_ctx *c, vbox *b, PangoLayout *lay, double right, double top)
{
    int lw, lh;
    pango_layout_get_size(lay, &lw, &lh);
    page_items_text(&b->items, lay, 0, right - lw / (double)PANGO_SCALE, top + pango_layout_get_baseline(lay) / (double)PANGO_SCALE);
    page_item *it = &b->items.v[b->items.n - 1];
    it->color = c->th->code_mark;
    it->as_path = true;
}

/* A block whose longest line does not fit the column widens, centred on it, as far as the margins
 * allow (layout_overhang), so that it wraps less. */
void layout_code_widen(layout_ctx *c, const char *lit, double *x, double *w)
{
    size_t longest = 0, cur = 0;
    for (const char *p = lit ? lit : ""; *p; p++) {
        if (*p == '\n') cur = 0;
        else if (((unsigned char)*p & 0xC0) != 0x80) cur += *p == '\t' ? (size_t)c->th->code_tab_width : 1;
        if (cur > longest) longest = cur;
    }
    PangoLayout *one = fonts_line_layout(c->pc, c->th->font_mono, c->th->code_size * c->em, false, "0");
    int cw, ch;
    pango_layout_get_size(one, &cw, &ch);
    g_object_unref(one);
    double need = (double)longest * cw / PANGO_SCALE + 2 * c->th->code_padding;
    if (need <= *w) return;
    double o = fmin(layout_overhang(c, *w), (need - *w) / 2);
    *x -= o;
    *w += 2 * o;
}

void layout_code_text(layout_ctx *c, const char *info, const char *lit, bool results, bool numbers, double x, double w)
{
    size_t len = lit ? strlen(lit) : 0;
    while (len && (lit[len - 1] == '\n' || lit[len - 1] == '\r')) len--;
    double pad = c->th->code_padding;
    double size = c->th->code_size * c->em;
    int total_lines = 1;
    for (size_t i = 0; i < len; i++) total_lines += lit[i] == '\n';
    char widest[16];
    snprintf(widest, sizeof widest, "%d", total_lines);
    double numw = 0;
    if (numbers) {
        PangoLayout *nl = fonts_line_layout(c->pc, c->th->font_mono, size, false, widest);
        int nw, nh;
        pango_layout_get_size(nl, &nw, &nh);
        g_object_unref(nl);
        numw = nw / (double)PANGO_SCALE + pad;
    }
    double gutter = size + numw; /* room for line numbers and the continuation mark */
    /* The language's name in the top right corner, on a strip of its own above the code. */
    const char *label = c->th->code_show_language ? hl_lang_label(hl_registry_find(c->highlight, info)) : NULL;
    PangoLayout *label_lay = label ? fonts_line_layout(c->pc, c->th->font_heading, size * c->th->code_label_size, false, label) : NULL;
    double label_h = 0;
    if (label_lay) {
        int lw, lh;
        pango_layout_get_size(label_lay, &lw, &lh);
        label_h = lh / (double)PANGO_SCALE;
    }
    double tx = x + pad + gutter, tw = w - 2 * pad - gutter;
    layout_space(c, c->th->text_paragraph_space * c->size);
    size_t xlen = 0;
    char *text = code_expand_tabs(lit ? lit : "", len, (int)c->th->code_tab_width, &xlen);
    PangoAttrList *attrs = code_attrs(c, info, text, xlen, results);
    GPtrArray *all = g_ptr_array_new_with_free_func((GDestroyNotify)pango_attribute_destroy);
    GSList *copies = pango_attr_list_get_attributes(attrs); /* sorted by start; the copies are ours */
    for (GSList *k = copies; k; k = k->next) g_ptr_array_add(all, k->data);
    g_slist_free(copies);
    pango_attr_list_unref(attrs);
    /* One layout per source line, each with its continuation offset; the count of
     * visual lines first, for the padding and the keeps at both ends. */
    GPtrArray *lays = g_ptr_array_new_with_free_func(g_object_unref);
    GArray *offs = g_array_new(FALSE, FALSE, sizeof(double));
    guint lo = 0;
    int n_lines = 0;
    for (size_t s = 0; s <= xlen;) {
        const char *eol = memchr(text + s, '\n', xlen - s);
        size_t e = eol ? (size_t)(eol - text) : xlen;
        size_t le = e > s && text[e - 1] == '\r' ? e - 1 : e;
        PangoLayout *lay = code_line_layout(c, text, s, le, all, &lo, tw);
        double off = code_hang(c, lay, text + s, le - s, size, tw);
        g_ptr_array_add(lays, lay);
        g_array_append_val(offs, off);
        n_lines += pango_layout_get_line_count(lay);
        if (!eol) break;
        s = e + 1;
    }
    g_ptr_array_unref(all);
    free(text);
    text_style st;
    text_style_body(c, &st);
    st.family = c->th->font_mono;
    st.size = size;
    st.leading = c->th->code_leading;
    int line = 0, source_line = 0;
    size_t first = (size_t)-1;
    layout_tag tag;
    layout_tag_begin(c, &tag, PAGE_ROLE_CODE, NULL);
    for (guint li = 0; li < lays->len; li++) {
        PangoLayout *lay = g_ptr_array_index(lays, li);
        double off = g_array_index(offs, double, li);
        PangoLayoutIter *it = pango_layout_get_iter(lay);
        int k = 0;
        do {
            double h, base;
            text_line_box(c, &st, it, &h, &base);
            double top = line == 0 ? pad + label_h : 0, bottom = line == n_lines - 1 ? pad : 0;
            /* The first two and last two lines stay together. */
            unsigned flags = (n_lines <= 4 || line == 0 || line == n_lines - 2) && line < n_lines - 1 ? VBOX_KEEP_WITH_NEXT : 0;
            vbox *b = layout_box(c, h + top + bottom, flags);
            if (first == (size_t)-1) first = (size_t)(b - c->out->v);
            b->baseline = base + top;
            page_items_rect(&b->items, PAGE_FILL, x, 0, w, b->height, c->th->code_background, 0);
            PangoLayoutLine *ln = pango_layout_iter_get_line_readonly(it);
            /* A continuation line is drawn shifted, not preceded by spaces: copied out, the text is as written. */
            bool cont = k > 0 && !ln->is_paragraph_start;
            page_items_text_line(&b->items, lay, ln, k, tx + (cont ? off : 0), base + top);
            if (cont) code_mark(c, b, x + pad + numw, base + top, size);
            if (line == 0 && label_lay) code_label(c, b, label_lay, x + w - pad, pad);
            if (numbers && k == 0) {
                /* Drawn as outlines, so copying the code out of the PDF leaves them behind. */
                char num[16];
                snprintf(num, sizeof num, "%d", ++source_line);
                PangoLayout *nl = fonts_line_layout(c->pc, c->th->font_mono, size, false, num);
                int nw, nh;
                pango_layout_get_size(nl, &nw, &nh);
                page_items_text(&b->items, nl, 0, x + pad + numw - pad - nw / (double)PANGO_SCALE, base + top);
                page_item *ni = &b->items.v[b->items.n - 1];
                ni->color = c->th->code_mark;
                ni->as_path = true;
                g_object_unref(nl);
            }
            line++;
            k++;
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
    }
    g_ptr_array_unref(lays);
    g_array_free(offs, TRUE);
    if (first != (size_t)-1) layout_mark_inside(c, first);
    if (label_lay) g_object_unref(label_lay);
    layout_tag_end(c, &tag);
    layout_space(c, c->th->text_paragraph_space * c->size);
}
