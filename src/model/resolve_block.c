/* resolve_block — the decisions about blocks that layout used to make itself: what a fenced
 * block is (code, a diagram, calc, a formula) and whether its lines are numbered, which
 * paragraphs are display formulas, the accessible texts of figures, and a heading's levels
 * (structure tag, bookmark, contents). */
#include <string.h>

#include "mathext.h"
#include "mathsrc.h"
#include "mermaid.h"
#include "number.h"
#include "resolve.h"
#include "vars.h"

/* The fences that are not code, by the info string's first word. */
static const struct {
    const char *word;
    resolve_code_kind kind;
} resolve_fences[] = {
    {"dot", RESOLVE_CODE_DOT},
    {"mermaid", RESOLVE_CODE_MERMAID},
    {"calc", RESOLVE_CODE_CALC},
    {"math", RESOLVE_CODE_MATH},
};

/* Largest heading level a structure tag has (H6). */
#define RESOLVE_MAX_ROLE 6
/* Deepest heading (###) that gets a bookmark. */
#define RESOLVE_MAX_OUTLINE_HEADING 3

void resolve_heading_levels(resolve_section *s, int level)
{
    s->depth = number_section_level(level);
    int role = 1 + s->depth;
    s->role = role < 1 ? 1 : role > RESOLVE_MAX_ROLE ? RESOLVE_MAX_ROLE : role;
    s->outline_level = level <= RESOLVE_MAX_OUTLINE_HEADING ? 2 + s->depth : 0;
    s->toc_level = s->depth + 1;
}

const char *resolve_figure_say(const theme *th, const char *alt, const source_caption *cap)
{
    return alt && *alt ? alt : cap && cap->text ? cap->text : th->label_figure;
}

const char *resolve_figure_missing(const char *alt, const char *src) { return alt && *alt ? alt : src; }

char *resolve_code_language(const char *info)
{
    if (!info) return NULL;
    while (*info == ' ' || *info == '\t' || *info == '{' || *info == '.') info++;
    size_t n = 0;
    while (g_ascii_isalnum(info[n]) || (info[n] && strchr("_+-#", info[n]))) n++;
    if (!n || n > RESOLVE_LANG_MAX) return NULL;
    return g_ascii_strdown(info, (gssize)n);
}

static resolve_code_kind resolve_fence_kind(const vars_table *vars, cmark_node *n, const char *info)
{
    size_t len = 0;
    while (info && info[len] && info[len] != ' ' && info[len] != '\t') len++;
    resolve_code_kind kind = RESOLVE_CODE_TEXT;
    for (size_t i = 0; info && i < sizeof resolve_fences / sizeof *resolve_fences; i++)
        if (strlen(resolve_fences[i].word) == len && !strncmp(info, resolve_fences[i].word, len)) kind = resolve_fences[i].kind;
    bool display;
    /* Declined, and set as code: a mermaid diagram of another kind than a flowchart (check warned),
     * a calc block with errors (reported), a ```math fence that is not one (```math\tx). */
    if (kind == RESOLVE_CODE_MERMAID && !mermaid_is_flowchart(cmark_node_get_literal(n))) kind = RESOLVE_CODE_TEXT;
    if (kind == RESOLVE_CODE_CALC && !vars_calc_text(vars, n)) kind = RESOLVE_CODE_TEXT;
    if (kind == RESOLVE_CODE_MATH && !mathsrc_tex(n, &display)) kind = RESOLVE_CODE_TEXT;
    return kind;
}

static void resolve_code_block(const theme *th, const vars_table *vars, resolve_chapter *m, const source_chapter *ch,
                               cmark_node *n)
{
    resolve_code *rc = g_new0(resolve_code, 1);
    const char *info = cmark_node_get_fence_info(n);
    rc->info = info && *info ? info : NULL;
    rc->kind = resolve_fence_kind(vars, n, rc->info);
    if (rc->kind == RESOLVE_CODE_TEXT) rc->lang = resolve_code_language(rc->info);
    rc->numbers = th->code_line_numbers;
    /* A calc block prints its results, not its info string: the theme's choice. */
    if (rc->kind != RESOLVE_CODE_CALC && rc->info && strstr(rc->info, ".numberLines")) rc->numbers = true;
    if (rc->kind != RESOLVE_CODE_CALC && rc->info && strstr(rc->info, ".noNumberLines")) rc->numbers = false;
    if (rc->kind == RESOLVE_CODE_DOT || rc->kind == RESOLVE_CODE_MERMAID)
        rc->say = resolve_figure_say(th, NULL, source_find_caption(ch, n));
    g_hash_table_insert(m->code, n, rc);
}

static void resolve_formula_add(const theme *th, resolve_chapter *m, cmark_node *key, cmark_node *math, bool block)
{
    resolve_formula *f = g_new0(resolve_formula, 1);
    f->math = math;
    f->tex = mathsrc_tex(math, &f->display);
    f->block = block && f->tex && f->display;
    f->numbers = th->code_line_numbers;
    g_hash_table_insert(m->formulas, key, f);
}

/* The accessible texts of an image node's figure and of every <img> of an HTML node (after
 * resolve_items and resolve_html_chapter). */
static void resolve_figure_texts(const theme *th, resolve_chapter *m, const source_chapter *ch, cmark_node *n)
{
    resolve_image *im = g_hash_table_lookup(m->images, n);
    if (im) {
        im->say = resolve_figure_say(th, im->alt, source_find_caption(ch, n));
        im->missing = resolve_figure_missing(im->alt, im->src);
    }
    GArray *a = g_hash_table_lookup(m->html, n);
    for (guint i = 0; a && i < a->len; i++) {
        resolve_html_elem *e = &g_array_index(a, resolve_html_elem, i);
        if (e->kind != RESOLVE_HTML_IMAGE || !e->target) continue;
        e->say = resolve_figure_say(th, e->alt, source_find_caption(ch, n));
        e->missing = resolve_figure_missing(e->alt, e->target);
    }
}

void resolve_block_chapter(const theme *th, const vars_table *vars, resolve_chapter *m, const source_chapter *ch)
{
    cmark_iter *it = cmark_iter_new(ch->doc);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node_type t = cmark_node_get_type(n);
        resolve_figure_texts(th, m, ch, n);
        if (t == CMARK_NODE_CODE_BLOCK) {
            resolve_code_block(th, vars, m, ch, n);
            if (((const resolve_code *)g_hash_table_lookup(m->code, n))->kind == RESOLVE_CODE_MATH)
                resolve_formula_add(th, m, n, n, true);
        } else if (t == CMARK_NODE_PARAGRAPH) {
            /* A paragraph holding only display math (blanks aside) is that formula. */
            cmark_node *math = mathsrc_display_para(n);
            if (math) resolve_formula_add(th, m, n, math, true);
        } else if (mathext_get(n)) {
            resolve_formula_add(th, m, n, n, false);
        }
    }
    cmark_iter_free(it);
}

const resolve_code *resolve_code_of(const source_chapter *ch, cmark_node *code)
{
    return ch->model ? g_hash_table_lookup(ch->model->code, code) : NULL;
}

const resolve_formula *resolve_formula_of(const source_chapter *ch, cmark_node *n)
{
    return ch->model ? g_hash_table_lookup(ch->model->formulas, n) : NULL;
}
