/* layout_breaks — the line breaks of a justified paragraph chosen together (Knuth–Plass, see
 * text/linebreak.c): the text measured on one unbroken line becomes boxes, glue and penalties,
 * with the theme's penalties and demerits and the space rules of layout_spaces.c. */
#include <string.h>

#include "layout_int.h"
#include "linebreak.h"

/* Lines are chosen this much narrower than the column, so rounding never re-wraps them. */
#define BREAKS_SAFETY 0.25

/* The clusters of the text measured on one unbroken line (what layout_measure.c cannot measure
 * by words), in segments: one per line of the unbroken layout. */
static void breaks_measure_unbroken(layout_ctx *c, text_builder *tb, const text_style *st, text_measure *m)
{
    PangoLayout *one = text_make_layout(c, tb, st, 0);
    PangoLayoutIter *it = pango_layout_get_iter(one);
    size_t len = tb->s.len;
    m->n_cl = m->n_seg = 0;
    /* Each round consumes one line of the unbroken layout (a segment between
     * forced breaks, possibly empty), so the loop ends after at most that many. */
    for (bool have_line = true; have_line;) {
        PangoLayoutLine *ln = pango_layout_iter_get_line_readonly(it);
        int line_end = ln->start_index + ln->length;
        bool more = true;
        while (more && pango_layout_iter_get_index(it) < line_end) {
            int idx = pango_layout_iter_get_index(it);
            PangoRectangle logical;
            pango_layout_iter_get_cluster_extents(it, NULL, &logical);
            *UTIL_PUSH(m->cl, m->n_cl, m->cap_cl) = (text_cluster){idx, logical.width};
            more = pango_layout_iter_next_cluster(it);
            if (more && pango_layout_iter_get_index(it) <= idx) more = false;
        }
        *UTIL_PUSH(m->seg, m->n_seg, m->cap_seg) = (text_segment){m->n_cl, line_end};
        if (!more) break;
        /* An empty segment (text that starts with a break, or two breaks in a row)
         * has no cluster to step over: step to the next line explicitly. */
        if (pango_layout_iter_get_line_readonly(it) == ln) have_line = pango_layout_iter_next_line(it);
        if (pango_layout_iter_get_index(it) >= (int)len) break;
    }
    pango_layout_iter_free(it);
    g_object_unref(one);
}

/* Chosen paragraph by paragraph (segments between forced breaks) from the measured clusters.
 * A space stretches and shrinks by the theme's shares of itself (text_justify sets them so); a
 * space of the rules that never breaks is part of its word, one that never stretches is glue that
 * keeps its width. */
static bool breaks_choose(layout_ctx *c, text_builder *tb, const text_style *st, text_pool *pool,
                          const unsigned char *rule, double width, double tolerance, text_break **out, size_t *n_out)
{
    const text_measure *m = &pool->m;
    const theme *th = c->th;
    const char *t = tb->s.s;
    double hyphen_w = text_hyphen_width(c, st);
    double hyphen_pen = th->text_hyphen_penalty;
    linebreak_params prm = {.line_width = width - BREAKS_SAFETY,
                            .tolerance = tolerance,
                            .line_penalty = th->text_line_penalty,
                            .flagged_demerits = th->text_double_hyphen_demerits,
                            .fitness_demerits = th->text_adj_demerits,
                            .final_hyphen_demerits = th->text_final_hyphen_demerits,
                            .short_last_demerits = th->text_short_last_line_demerits,
                            .short_last_fraction = th->text_short_last_line,
                            .hyphen_limit = (int)th->text_hyphen_limit};
    text_break *br = NULL;
    size_t n = 0, cap = 0;
    bool ok = true;
    linebreak_item *items = pool->items;
    size_t *at = pool->at, n_items = 0, cap_items = pool->cap_items, cap_at = pool->cap_at;
    size_t len = tb->s.len;
    size_t mi = 0; /* the next inline formula part whose break space may come (they are in text order) */
    for (size_t sg = 0, from = 0; sg < m->n_seg; from = m->seg[sg++].clusters) {
        /* One segment: its clusters become items. */
        n_items = 0;
        size_t n_at = 0;
        int line_end = m->seg[sg].end;
        for (size_t k = from; k < m->seg[sg].clusters; k++) {
            int idx = m->cl[k].index;
            double w = m->cl[k].width / (double)PANGO_SCALE;
            linebreak_item *li = UTIL_PUSH(items, n_items, cap_items);
            *UTIL_PUSH(at, n_at, cap_at) = (size_t)idx;
            memset(li, 0, sizeof *li);
            while (mi < tb->n_maths && tb->maths[mi].space < idx) mi++;
            if (t[idx] == ' ' && mi < tb->n_maths && tb->maths[mi].space == idx) {
                /* Inside an inline formula, after a relation or binary operator: TeX's penalty, then
                 * the math space as glue that keeps its width (see text_space_rules), dropped at a break. */
                *li = (linebreak_item){LINEBREAK_PENALTY, 0, 0, 0, tb->maths[mi].penalty, false};
                linebreak_item *g = UTIL_PUSH(items, n_items, cap_items);
                *g = (linebreak_item){LINEBREAK_GLUE, w, 0, 0, 0, false};
                *UTIL_PUSH(at, n_at, cap_at) = (size_t)idx;
            } else if (t[idx] == ' ' && (rule[idx] & TEXT_SPACE_KEEP)) {
                *li = (linebreak_item){LINEBREAK_BOX, w, 0, 0, 0, false};
            } else if (t[idx] == ' ') {
                bool fixed = rule[idx] & TEXT_SPACE_FIXED;
                *li = (linebreak_item){LINEBREAK_GLUE, w, fixed ? 0 : w * th->text_space_stretch,
                                       fixed ? 0 : w * th->text_space_shrink, 0, false};
            } else if (util_has_at(t, len, (size_t)idx, TEXT_SOFT_HYPHEN)) {
                *li = (linebreak_item){LINEBREAK_PENALTY, hyphen_w, 0, 0, hyphen_pen, true};
            } else {
                *li = (linebreak_item){LINEBREAK_BOX, w, 0, 0, 0, false};
                /* After a hyphen_w or a dash a line may break without adding one. */
                unsigned char ch = (unsigned char)t[idx];
                bool dash = ch == '-' || util_has_at(t, len, (size_t)idx, "\xe2\x80\x93") ||
                            util_has_at(t, len, (size_t)idx, "\xe2\x80\x94");
                if (dash) {
                    linebreak_item *pe = UTIL_PUSH(items, n_items, cap_items);
                    *pe = (linebreak_item){LINEBREAK_PENALTY, 0, 0, 0, hyphen_pen, true};
                    *UTIL_PUSH(at, n_at, cap_at) = (size_t)idx + (ch == '-' ? 1 : 3);
                }
            }
        }
        /* The last line of a segment is not stretched. */
        *UTIL_PUSH(items, n_items, cap_items) = (linebreak_item){LINEBREAK_GLUE, 0, LINEBREAK_INFINITY, 0, 0, false};
        *UTIL_PUSH(at, n_at, cap_at) = (size_t)line_end;
        *UTIL_PUSH(items, n_items, cap_items) = (linebreak_item){LINEBREAK_PENALTY, 0, 0, 0, -LINEBREAK_INFINITY, false};
        *UTIL_PUSH(at, n_at, cap_at) = (size_t)line_end;
        size_t *bs = NULL;
        size_t nb = linebreak_total_fit_in(&pool->lb, items, n_items, &prm, &bs);
        if (!nb) {
            ok = false;
            free(bs);
            break;
        }
        for (size_t k = 0; k + 1 < nb; k++) { /* the last break is the segment's end */
            size_t i = bs[k];
            text_break *b = UTIL_PUSH(br, n, cap);
            if (items[i].type == LINEBREAK_GLUE || (items[i].type == LINEBREAK_PENALTY && t[at[i]] == ' ')) {
                size_t resume = at[i] + 1;
                while (resume < len && t[resume] == ' ') resume++;
                *b = (text_break){at[i], resume, false};
            } else if (items[i].flagged && util_has_at(t, len, at[i], TEXT_SOFT_HYPHEN)) {
                *b = (text_break){at[i], at[i] + 2, true};
            } else {
                *b = (text_break){at[i], at[i], false};
            }
        }
        free(bs);
    }
    pool->items = items;
    pool->cap_items = cap_items;
    pool->at = at;
    pool->cap_at = cap_at;
    if (!ok) {
        free(br);
        br = NULL;
        n = 0;
    }
    *out = br;
    *n_out = n;
    return ok;
}

static void breaks_pool_release(text_pool *p)
{
    free(p->m.cl);
    free(p->m.seg);
    free(p->items);
    free(p->at);
    linebreak_scratch_free(&p->lb);
}

bool text_optimal_breaks(layout_ctx *c, text_builder *tb, const text_style *st, double width, text_break **out,
                         size_t *n_out)
{
    text_pool local = {0};
    text_pool *pool = c->cache ? layout_cache_pool(c->cache) : &local;
    if (!text_measure_words(c, tb, st, &pool->m)) breaks_measure_unbroken(c, tb, st, &pool->m);
    unsigned char *rule = text_space_rules(c, tb);
    /* A paragraph that cannot be set within text.tolerance gets a second try within
     * text.emergency_tolerance (as TeX's second pass) before Pango breaks it. */
    bool ok = breaks_choose(c, tb, st, pool, rule, width, c->th->text_tolerance, out, n_out) ||
              breaks_choose(c, tb, st, pool, rule, width, c->th->text_emergency_tolerance, out, n_out);
    free(rule);
    if (pool == &local) breaks_pool_release(&local);
    return ok;
}

void text_pool_free(text_pool *p)
{
    if (!p) return;
    breaks_pool_release(p);
    free(p);
}
