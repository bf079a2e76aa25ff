/* layout_measure — a justified paragraph measured for line breaking without shaping it whole:
 * its words (and runs of spaces), each with the styles over it, are shaped once per layout
 * thread and their cluster widths kept, so the only full shaping of a paragraph is that of its
 * final lines. Words not seen before are shaped together on one line, a space apart. Charis SIL
 * and JetBrains Mono kern no pair with a space, so a word measures there what it measures in its
 * paragraph (tests/unit/test_measure.c checks it); with a font that does (Lato: "y ", " w") a
 * width may differ by a few hundredths of an em, which can only move a break, never widen a line
 * (text_justify sets each line from its own glyphs). Text whose shaping depends on more than the
 * word (other scripts, tabs, inline objects, letter spacing) is left to layout_breaks.c, which
 * measures it on one unbroken line. */
#include <string.h>

#include "layout_int.h"

/* Words, their bytes (keys and widths) and styles kept per thread before the tables start over
 * (a bound on their memory). */
enum { MEASURE_MAX_WORDS = 1 << 18, MEASURE_MAX_BYTES = 64 << 20, MEASURE_MAX_STYLES = 1 << 12 };

/* A word's key: its style (the paragraph's font and language, then each attribute range over it,
 * as style ids at offsets into the word) and its bytes. */
typedef struct measure_key {
    size_t len;
    unsigned char b[];
} measure_key;

/* A word's clusters: byte offset into the word and width (Pango units). */
typedef struct measure_word {
    int n;
    text_cluster c[];
} measure_word;

struct text_words {
    GHashTable *words;  /* measure_key → measure_word */
    GHashTable *styles; /* style text → id + 1 */
    size_t bytes;       /* of the words' keys and widths */
    /* Scratch reused from paragraph to paragraph. */
    struct measure_range { int start, end, style; GSList *attrs; } *ranges;
    size_t n_ranges, cap_ranges;
    struct measure_token { int start, end; size_t range; const measure_word *w; long miss; } *tokens;
    size_t n_tokens, cap_tokens;
    util_buf key;
};

static guint measure_key_hash(gconstpointer p)
{
    const measure_key *k = p;
    guint h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < k->len; i++) h = (h ^ k->b[i]) * 16777619u;
    return h;
}

static gboolean measure_key_equal(gconstpointer a, gconstpointer b)
{
    const measure_key *x = a, *y = b;
    return x->len == y->len && !memcmp(x->b, y->b, x->len);
}

text_words *text_words_new(void)
{
    text_words *w = util_xcalloc(1, sizeof *w);
    w->words = g_hash_table_new_full(measure_key_hash, measure_key_equal, free, free);
    w->styles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return w;
}

void text_words_clear(text_words *w)
{
    if (!w) return;
    g_hash_table_remove_all(w->words);
    g_hash_table_remove_all(w->styles);
    w->bytes = 0;
}

void text_words_free(text_words *w)
{
    if (!w) return;
    g_hash_table_destroy(w->words);
    g_hash_table_destroy(w->styles);
    free(w->ranges);
    free(w->tokens);
    util_buf_free(&w->key);
    free(w);
}

/* Characters that every bundled text font has and that shape alike in any Latin context: ASCII,
 * Latin-1, Latin Extended-A and the general punctuation (dashes, quotes, spaces, joiners), not
 * its line and paragraph separators or direction controls. */
static bool measure_plain_char(gunichar u)
{
    return (u >= 0x20 && u < 0x7F) || u == '\n' || (u >= 0xA0 && u <= 0x17F) || (u >= 0x2000 && u <= 0x200D) ||
           (u >= 0x2010 && u <= 0x2027) || (u >= 0x202F && u <= 0x205F);
}

static bool measure_plain_text(const char *t, size_t len)
{
    for (const char *p = t, *end = t + len; p < end; p = g_utf8_next_char(p)) {
        gunichar u = g_utf8_get_char_validated(p, end - p);
        if (u == (gunichar)-1 || u == (gunichar)-2 || !measure_plain_char(u)) return false;
    }
    return true;
}

/* Attributes whose effect on a word's glyphs depends only on the word (not on where its run
 * starts, as letter spacing and inline objects do). */
static bool measure_plain_attr(PangoAttrType t)
{
    switch (t) {
    case PANGO_ATTR_LANGUAGE: case PANGO_ATTR_FAMILY: case PANGO_ATTR_STYLE: case PANGO_ATTR_WEIGHT:
    case PANGO_ATTR_VARIANT: case PANGO_ATTR_STRETCH: case PANGO_ATTR_SIZE: case PANGO_ATTR_FONT_DESC:
    case PANGO_ATTR_FOREGROUND: case PANGO_ATTR_BACKGROUND: case PANGO_ATTR_UNDERLINE:
    case PANGO_ATTR_STRIKETHROUGH: case PANGO_ATTR_RISE: case PANGO_ATTR_SCALE: case PANGO_ATTR_UNDERLINE_COLOR:
    case PANGO_ATTR_STRIKETHROUGH_COLOR: case PANGO_ATTR_ABSOLUTE_SIZE: case PANGO_ATTR_FONT_FEATURES:
    case PANGO_ATTR_FOREGROUND_ALPHA: case PANGO_ATTR_BACKGROUND_ALPHA: case PANGO_ATTR_ALLOW_BREAKS:
    case PANGO_ATTR_INSERT_HYPHENS: case PANGO_ATTR_OVERLINE: case PANGO_ATTR_OVERLINE_COLOR:
    case PANGO_ATTR_BASELINE_SHIFT: case PANGO_ATTR_FONT_SCALE:
        return true;
    default:
        return false;
    }
}

/* The id of a style text (taken). */
static int measure_style_id(text_words *w, char *text)
{
    gpointer v = g_hash_table_lookup(w->styles, text);
    if (v) {
        g_free(text);
        return GPOINTER_TO_INT(v) - 1;
    }
    int id = (int)g_hash_table_size(w->styles);
    g_hash_table_insert(w->styles, text, GINT_TO_POINTER(id + 1));
    return id;
}

static void measure_free_ranges(text_words *w)
{
    for (size_t i = 0; i < w->n_ranges; i++) g_slist_free_full(w->ranges[i].attrs, (GDestroyNotify)pango_attribute_destroy);
    w->n_ranges = 0;
}

/* The text's attribute ranges with the style id of each; false when one holds an attribute
 * that is not measured by the word. */
static bool measure_ranges(text_words *w, const text_builder *tb)
{
    PangoAttrIterator *ai = pango_attr_list_get_iterator(tb->attrs);
    bool ok = true;
    do {
        int rs, re;
        pango_attr_iterator_range(ai, &rs, &re);
        if (rs >= (int)tb->s.len) break;
        GSList *attrs = pango_attr_iterator_get_attrs(ai);
        PangoAttrList *one = pango_attr_list_new();
        for (GSList *a = attrs; a; a = a->next) {
            PangoAttribute *copy = pango_attribute_copy(a->data);
            ok = ok && measure_plain_attr(copy->klass->type);
            copy->start_index = 0;
            copy->end_index = 1;
            pango_attr_list_insert(one, copy);
        }
        struct measure_range *r = UTIL_PUSH(w->ranges, w->n_ranges, w->cap_ranges);
        *r = (struct measure_range){rs, re, measure_style_id(w, pango_attr_list_to_string(one)), attrs};
        pango_attr_list_unref(one);
    } while (ok && pango_attr_iterator_next(ai));
    pango_attr_iterator_destroy(ai);
    return ok;
}

/* The key of bytes [start, end) of t, whose first attribute range is ranges[r], in w->key. */
static const measure_key *measure_make_key(text_words *w, int base, const char *t, int start, int end, size_t r)
{
    util_buf *k = &w->key;
    k->len = 0;
    measure_key head = {0};
    util_buf_add(k, (const char *)&head, sizeof head);
    util_buf_add(k, (const char *)&base, sizeof base);
    for (; r < w->n_ranges && w->ranges[r].start < end; r++) {
        int at[2] = {w->ranges[r].start > start ? w->ranges[r].start - start : 0, w->ranges[r].style};
        util_buf_add(k, (const char *)at, sizeof at);
    }
    util_buf_add(k, t + start, (size_t)(end - start));
    measure_key *key = (measure_key *)k->s;
    key->len = k->len - sizeof head;
    return key;
}

/* Shapes the words not yet known (tokens with miss >= 0, in order of miss) and keeps their
 * clusters. */
static bool measure_shape_misses(layout_ctx *c, text_words *w, const text_builder *tb, const text_style *st,
                                 int base, long n_miss)
{
    const char *t = tb->s.s;
    util_buf text = {0};
    util_buf_adds(&text, "");
    PangoAttrList *attrs = pango_attr_list_new();
    int *starts = util_xcalloc((size_t)n_miss, sizeof *starts);
    size_t *which = util_xcalloc((size_t)n_miss, sizeof *which);
    long next = 0; /* a word's first token */
    for (size_t i = 0; i < w->n_tokens; i++) {
        const struct measure_token *tk = &w->tokens[i];
        if (tk->miss != next) continue;
        if (next++) util_buf_addc(&text, ' ');
        starts[tk->miss] = (int)text.len;
        which[tk->miss] = i;
        util_buf_add(&text, t + tk->start, (size_t)(tk->end - tk->start));
        for (size_t r = tk->range; r < w->n_ranges && w->ranges[r].start < tk->end; r++) {
            int s = w->ranges[r].start > tk->start ? w->ranges[r].start : tk->start;
            int e = w->ranges[r].end < tk->end ? w->ranges[r].end : tk->end;
            for (GSList *a = w->ranges[r].attrs; a; a = a->next) {
                PangoAttribute *copy = pango_attribute_copy(a->data);
                copy->start_index = (guint)(starts[tk->miss] + s - tk->start);
                copy->end_index = (guint)(starts[tk->miss] + e - tk->start);
                pango_attr_list_insert(attrs, copy);
            }
        }
    }
    PangoAttribute *lang = pango_attr_language_new(c->lang);
    pango_attr_list_insert_before(attrs, lang);
    PangoLayout *lay = pango_layout_new(c->pc);
    pango_layout_set_auto_dir(lay, FALSE);
    pango_layout_set_text(lay, text.s, (int)text.len);
    PangoFontDescription *fd = text_font(st);
    pango_layout_set_font_description(lay, fd);
    pango_font_description_free(fd);
    pango_layout_set_attributes(lay, attrs);
    pango_attr_list_unref(attrs);
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    text_cluster *cl = NULL;
    size_t n_cl = 0, cap_cl = 0;
    const measure_word **made = util_xcalloc((size_t)n_miss, sizeof *made);
    bool ok = true;
    /* The words on one line, a space apart: the clusters of each, read in the same way as
     * layout_breaks.c reads an unbroken line (the spaces between them are skipped). */
    long m = 0;
    bool more = true;
    while (ok && m < n_miss) {
        const struct measure_token *tk = &w->tokens[which[m]];
        int idx = more ? pango_layout_iter_get_index(it) : (int)text.len;
        if (idx >= starts[m] + tk->end - tk->start) { /* the word is complete */
            ok = n_cl > 0;
            if (!ok) break;
            measure_word *mw = util_xmalloc(sizeof *mw + n_cl * sizeof *cl);
            mw->n = (int)n_cl;
            memcpy(mw->c, cl, n_cl * sizeof *cl);
            const measure_key *k = measure_make_key(w, base, t, tk->start, tk->end, tk->range);
            measure_key *kept = util_xmalloc(sizeof *k + k->len);
            memcpy(kept, k, sizeof *k + k->len);
            g_hash_table_replace(w->words, kept, mw);
            w->bytes += sizeof *k + k->len + sizeof *mw + n_cl * sizeof *cl;
            made[m++] = mw;
            n_cl = 0;
            continue;
        }
        if (idx >= starts[m]) {
            PangoRectangle logical;
            pango_layout_iter_get_cluster_extents(it, NULL, &logical);
            *UTIL_PUSH(cl, n_cl, cap_cl) = (text_cluster){idx - starts[m], logical.width};
        }
        int at = idx;
        more = pango_layout_iter_next_cluster(it);
        if (more && pango_layout_iter_get_index(it) <= at) more = false;
    }
    /* Every token of the new words, the same word again later in the paragraph too. */
    for (size_t i = 0; ok && i < w->n_tokens; i++)
        if (!w->tokens[i].w) w->tokens[i].w = made[w->tokens[i].miss];
    pango_layout_iter_free(it);
    g_object_unref(lay);
    free(cl);
    free(made);
    free(starts);
    free(which);
    util_buf_free(&text);
    return ok;
}

bool text_measure_words(layout_ctx *c, const text_builder *tb, const text_style *st, text_measure *m)
{
    text_words *w = c->cache ? layout_cache_words(c->cache) : NULL;
    const char *t = tb->s.s;
    int len = (int)tb->s.len;
    if (!w || !measure_plain_text(t, tb->s.len)) return false;
    if (g_hash_table_size(w->words) >= MEASURE_MAX_WORDS || w->bytes >= MEASURE_MAX_BYTES ||
        g_hash_table_size(w->styles) >= MEASURE_MAX_STYLES)
        text_words_clear(w);
    bool ok = measure_ranges(w, tb);
    int base = 0;
    if (ok) {
        char *b = g_strdup_printf("%s|%.3f|%d|%d|%s", st->family, st->size, (int)st->weight, (int)st->style,
                                  pango_language_to_string(c->lang));
        base = measure_style_id(w, b);
    }
    /* Words: runs of spaces and runs of anything else, within the segments between line breaks. */
    w->n_tokens = 0;
    GHashTable *pending = g_hash_table_new(measure_key_hash, measure_key_equal);
    GPtrArray *pending_keys = g_ptr_array_new_with_free_func(free);
    long n_miss = 0;
    size_t r = 0;
    for (int i = 0; ok && i < len;) {
        if (t[i] == '\n') {
            i++;
            continue;
        }
        int j = i + 1;
        while (j < len && t[j] != '\n' && (t[j] == ' ') == (t[i] == ' ')) j++;
        while (r + 1 < w->n_ranges && w->ranges[r].end <= i) r++;
        const measure_key *k = measure_make_key(w, base, t, i, j, r);
        struct measure_token *tk = UTIL_PUSH(w->tokens, w->n_tokens, w->cap_tokens);
        *tk = (struct measure_token){i, j, r, g_hash_table_lookup(w->words, k), -1};
        if (!tk->w) {
            gpointer seen = g_hash_table_lookup(pending, k);
            if (seen) {
                tk->miss = GPOINTER_TO_INT(seen) - 1;
            } else {
                measure_key *kept = util_xmalloc(sizeof *k + k->len);
                memcpy(kept, k, sizeof *k + k->len);
                g_ptr_array_add(pending_keys, kept);
                tk->miss = n_miss++;
                g_hash_table_insert(pending, kept, GINT_TO_POINTER((int)tk->miss + 1));
            }
        }
        i = j;
    }
    g_hash_table_destroy(pending);
    g_ptr_array_free(pending_keys, TRUE);
    if (ok && n_miss) ok = measure_shape_misses(c, w, tb, st, base, n_miss);
    measure_free_ranges(w);
    if (!ok) return false;
    /* The clusters in text order, with the segments' ends. */
    m->n_cl = m->n_seg = 0;
    size_t k = 0;
    for (int s = 0; s <= len; s++) {
        if (s < len && t[s] != '\n') continue;
        for (; k < w->n_tokens && w->tokens[k].start < s; k++)
            for (int q = 0; q < w->tokens[k].w->n; q++)
                *UTIL_PUSH(m->cl, m->n_cl, m->cap_cl) =
                    (text_cluster){w->tokens[k].start + w->tokens[k].w->c[q].index, w->tokens[k].w->c[q].width};
        *UTIL_PUSH(m->seg, m->n_seg, m->cap_seg) = (text_segment){m->n_cl, s};
    }
    return true;
}
