/* layout_measure.c: a paragraph measured from its words (each shaped once and kept) has the
 * clusters, widths and segments of the same paragraph shaped on one unbroken line, styles,
 * soft hyphens, dashes, runs of spaces and forced breaks included; text that shapes by more
 * than its words is left to the unbroken measure. */
#include <stdlib.h>
#include <string.h>

#include "layout_int.h"
#include "test.h"

typedef struct tm_env {
    book bk;
    fonts f;
    layout_cache *cache;
    vlist out;
    layout_ctx c;
} tm_env;

static bool tm_open(tm_env *e)
{
    memset(e, 0, sizeof *e);
    if (!theme_load_file(&e->bk.theme, tu_theme_path())) return false;
    e->bk.paper = &e->bk.theme.papers[0];
    e->bk.language = "en";
    char *dir = util_path_dir(tu_theme_path());
    char *fonts = util_path_join(dir, "../fonts");
    bool ok = fonts_open(&e->f, fonts);
    free(dir);
    free(fonts);
    if (!ok) return false;
    e->cache = layout_cache_new();
    layout_input in = {.bk = &e->bk, .pc = e->f.context, .cache = e->cache};
    layout_ctx_init(&e->c, &in, &e->out);
    return true;
}

/* The clusters of the text shaped on one unbroken line, as layout_breaks.c reads them. */
static void tm_unbroken(tm_env *e, text_builder *tb, const text_style *st, text_measure *m)
{
    PangoLayout *one = text_make_layout(&e->c, tb, st, 0);
    PangoLayoutIter *it = pango_layout_get_iter(one);
    do {
        PangoLayoutLine *ln = pango_layout_iter_get_line_readonly(it);
        int line_end = ln->start_index + ln->length;
        while (pango_layout_iter_get_line_readonly(it) == ln && pango_layout_iter_get_index(it) < line_end) {
            PangoRectangle logical;
            pango_layout_iter_get_cluster_extents(it, NULL, &logical);
            *UTIL_PUSH(m->cl, m->n_cl, m->cap_cl) = (text_cluster){pango_layout_iter_get_index(it), logical.width};
            if (!pango_layout_iter_next_cluster(it)) break;
        }
        *UTIL_PUSH(m->seg, m->n_seg, m->cap_seg) = (text_segment){m->n_cl, line_end};
    } while (pango_layout_iter_get_line_readonly(it) != pango_layout_get_line_readonly(one, (int)m->n_seg - 1) ||
             pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    g_object_unref(one);
}

static void tm_free(text_measure *m)
{
    free(m->cl);
    free(m->seg);
    memset(m, 0, sizeof *m);
}

/* A paragraph of running text with bold, inline code, a link's colour, a note mark, soft
 * hyphens, dashes, two spaces in a row and a forced break. */
static void tm_paragraph(tm_env *e, text_builder *tb, int variant)
{
    text_init(tb, e->c.th->font_body);
    util_buf_printf(&tb->s, "Ranking mod\xc2\xad" "els for re\xc2\xadtrieval%s: the ", variant ? " again" : "");
    int b0 = text_len(tb);
    util_buf_adds(&tb->s, "can\xc2\xad" "di\xc2\xad" "date");
    text_attr_bold(tb, b0, text_len(tb));
    util_buf_adds(&tb->s, " set \xe2\x80\x94 scored by ");
    int m0 = text_len(tb);
    util_buf_adds(&tb->s, "score_item(x)");
    text_mono(&e->c, tb, m0, text_len(tb), true);
    util_buf_adds(&tb->s, " with  two-stage AV (Wa\xc2\xa0To) caching");
    text_hard_break(tb);
    int l0 = text_len(tb);
    util_buf_adds(&tb->s, "a link's text");
    text_link_style(&e->c, tb, l0, text_len(tb));
    util_buf_adds(&tb->s, "\xe2\x80\xaf");
    int n0 = text_len(tb);
    util_buf_adds(&tb->s, "12");
    text_script(tb, n0, text_len(tb), true);
    util_buf_adds(&tb->s, " ends \xe2\x80\x9cthe\xe2\x80\x9d para\xc2\xadgraph\xe2\x80\xa6 1\xe2\x80\x93" "2.");
}

static bool tm_same(const text_measure *a, const text_measure *b)
{
    bool same = a->n_cl == b->n_cl && a->n_seg == b->n_seg;
    for (size_t i = 0; same && i < a->n_cl; i++) same = a->cl[i].index == b->cl[i].index && a->cl[i].width == b->cl[i].width;
    for (size_t i = 0; same && i < a->n_seg; i++) same = a->seg[i].clusters == b->seg[i].clusters && a->seg[i].end == b->seg[i].end;
    return same;
}

/* The cases run in forked children: the fonts they load leave fontconfig memory behind that
 * the leak checks of later cases would count. */
static bool tm_words_match(void *arg)
{
    (void)arg;
    tm_env e;
    if (!tm_open(&e)) return false;
    text_style st;
    text_style_body(&e.c, &st);
    bool ok = true;
    for (int variant = 0; variant < 2 && ok; variant++) { /* the second time, most words are known */
        text_builder tb;
        tm_paragraph(&e, &tb, variant);
        text_measure words = {0}, whole = {0};
        ok = text_measure_words(&e.c, &tb, &st, &words);
        tm_unbroken(&e, &tb, &st, &whole);
        ok = ok && whole.n_seg == 2 && tm_same(&words, &whole);
        tm_free(&words);
        tm_free(&whole);
        text_free(&tb);
    }
    return ok;
}

static bool tm_others_unbroken(void *arg)
{
    (void)arg;
    tm_env e;
    if (!tm_open(&e)) return false;
    text_style st;
    text_style_body(&e.c, &st);
    static const char *texts[] = {"the \xce\xb1 parameter", "a\tb", "\xe2\x80\xaa(embedded)"};
    bool ok = true;
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        text_builder tb;
        text_init(&tb, e.c.th->font_body);
        util_buf_adds(&tb.s, texts[i]);
        text_measure m = {0};
        ok = ok && !text_measure_words(&e.c, &tb, &st, &m);
        tm_free(&m);
        text_free(&tb);
    }
    return ok;
}

TEST(measure_words_gives_the_widths_of_the_unbroken_line) { CHECK_INT(tu_in_child(tm_words_match, NULL), 1); }

TEST(measure_words_leaves_other_scripts_and_tabs_to_the_unbroken_line) { CHECK_INT(tu_in_child(tm_others_unbroken, NULL), 1); }
