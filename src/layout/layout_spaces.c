/* layout_spaces — which spaces of a text may stretch and which may end a line: a space in inline
 * code never stretches (nor breaks, in short code), a number keeps its unit ("128 KiB", "10 ms"),
 * and an operator ("×", "=") never starts a line; then the justification that widens only the
 * spaces that may stretch. Rules of the theme, applied to the text as it is set: the Markdown is
 * not changed, and a copied line keeps its plain spaces. */
#include <string.h>

#include "layout_int.h"
#include "units.h"

/* A unit is one token: longer ones are not looked up. */
enum { SPACES_MAX_UNIT = 32 };

/* The inline-code ranges of the text: its runs in the code font. */
static void spaces_mark_code(const layout_ctx *c, const text_builder *tb, unsigned char *rule)
{
    const char *t = tb->s.s;
    size_t len = tb->s.len;
    GSList *all = pango_attr_list_get_attributes(tb->attrs);
    for (GSList *a = all; a; a = a->next) {
        const PangoAttribute *at = a->data;
        if (at->klass->type != PANGO_ATTR_FAMILY || strcmp(((const PangoAttrString *)at)->value, c->th->font_mono)) continue;
        size_t s = at->start_index, e = at->end_index < len ? at->end_index : len;
        size_t chars = 0;
        for (size_t i = s; i < e; i++) chars += ((unsigned char)t[i] & 0xC0) != 0x80;
        bool keep = chars <= c->th->inline_code_nobreak;
        for (size_t i = s; i < e; i++)
            if (t[i] == ' ') rule[i] |= TEXT_SPACE_FIXED | (keep ? TEXT_SPACE_KEEP : 0);
    }
    g_slist_free_full(all, (GDestroyNotify)pango_attribute_destroy);
}

/* True when `word` (n bytes) is one of the space-separated words of `list`. */
static bool spaces_in_list(const char *list, const char *word, size_t n)
{
    for (const char *p = list; p && *p;) {
        p += strspn(p, " ");
        size_t k = strcspn(p, " ");
        if (k == n && k && !memcmp(p, word, n)) return true;
        p += k;
    }
    return false;
}

/* The token after a space at `i` (soft hyphens left out), up to a space or punctuation. */
static size_t spaces_token(const char *t, size_t len, size_t i, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t k = i + 1; k < len && n + 1 < cap;) {
        if (util_has_at(t, len, k, TEXT_SOFT_HYPHEN)) {
            k += strlen(TEXT_SOFT_HYPHEN);
            continue;
        }
        if (strchr(" \n\t,.;:!?)]/'\"-", t[k]) || util_has_at(t, len, k, "\xe2\x80") /* quotes, dashes, U+2028 */) break;
        out[n++] = t[k++];
    }
    out[n] = '\0';
    return n;
}

/* A space before a word that starts with one of the theme's operators. */
static bool spaces_before_operator(const char *list, const char *t, size_t len, size_t i)
{
    for (const char *p = list; p && *p;) {
        p += strspn(p, " ");
        size_t k = strcspn(p, " ");
        if (k && i + 1 + k <= len && !memcmp(t + i + 1, p, k)) return true;
        p += k;
    }
    return false;
}

unsigned char *text_space_rules(const layout_ctx *c, const text_builder *tb)
{
    const char *t = tb->s.s;
    size_t len = tb->s.len;
    unsigned char *rule = util_xcalloc(len + 1, 1);
    spaces_mark_code(c, tb, rule);
    /* The space where an inline formula may break is a Pango shape as wide as the math space: it
     * never stretches (Pango would draw a stretched shape at its own width, not the glyph's). */
    for (size_t i = 0; i < tb->n_maths; i++)
        if (tb->maths[i].space >= 0 && (size_t)tb->maths[i].space < len) rule[tb->maths[i].space] |= TEXT_SPACE_FIXED;
    char tok[SPACES_MAX_UNIT + 1];
    for (size_t i = 1; i + 1 < len; i++) {
        if (t[i] != ' ' || (rule[i] & TEXT_SPACE_KEEP)) continue;
        bool keep = spaces_before_operator(c->th->text_no_break_before, t, len, i);
        if (!keep && t[i - 1] >= '0' && t[i - 1] <= '9') {
            size_t n = spaces_token(t, len, i, tok, sizeof tok);
            keep = n && (units_find(tok, n) || spaces_in_list(c->th->text_units, tok, n));
        }
        if (keep) rule[i] |= TEXT_SPACE_FIXED | TEXT_SPACE_KEEP;
    }
    return rule;
}

/* True when nothing but spaces and breaks follows byte i on its line. */
static bool spaces_trailing(const char *t, size_t i, size_t line_end)
{
    for (size_t k = i; k < line_end; k++)
        if (t[k] != ' ' && t[k] != '\n' && !util_has_at(t, line_end, k, TEXT_FORCED_BREAK)) return false;
    return true;
}

void text_justify(const layout_ctx *c, const text_builder *tb, PangoLayout *lay, double width)
{
    const char *t = pango_layout_get_text(lay);
    unsigned char *rule = text_space_rules(c, tb);
    int target = (int)(width * PANGO_SCALE);
    for (GSList *l = pango_layout_get_lines_readonly(lay); l; l = l->next) {
        PangoLayoutLine *ln = l->data;
        /* A paragraph's last line keeps its natural spaces, unless it was chosen a little too wide. */
        bool last = !l->next || ((PangoLayoutLine *)l->next->data)->is_paragraph_start;
        size_t line_end = (size_t)(ln->start_index + ln->length);
        int natural = 0, spaces = 0;
        for (GSList *r = ln->runs; r; r = r->next) {
            PangoGlyphItem *run = r->data;
            natural += pango_glyph_string_get_width(run->glyphs);
            for (int g = 0; g < run->glyphs->num_glyphs; g++) {
                size_t off = (size_t)(run->item->offset + run->glyphs->log_clusters[g]);
                spaces += t[off] == ' ' && !(rule[off] & TEXT_SPACE_FIXED) && !spaces_trailing(t, off, line_end);
            }
        }
        /* Lines set by text_optimal_breaks may be a little wider than the column: their spaces shrink. */
        int extra = target - natural;
        if (!extra || !spaces || (last && extra > 0)) continue; /* one word is never letter-spaced */
        int k = 0;
        for (GSList *r = ln->runs; r; r = r->next) {
            PangoGlyphItem *run = r->data;
            for (int g = 0; g < run->glyphs->num_glyphs; g++) {
                size_t off = (size_t)(run->item->offset + run->glyphs->log_clusters[g]);
                if (t[off] != ' ' || (rule[off] & TEXT_SPACE_FIXED) || spaces_trailing(t, off, line_end)) continue;
                /* Each stretchable space takes an equal share (the remainder spread over them). */
                run->glyphs->glyphs[g].geometry.width += (int)((long)extra * (k + 1) / spaces - (long)extra * k / spaces);
                k++;
            }
        }
    }
    free(rule);
}
