/* mathpos — positions after a formula that spans lines (see mathpos.h). */
#include "mathpos.h"

#include <stdbool.h>
#include <stdlib.h>

#include "util.h"

enum { MATHPOS_MAGIC = 0x6d706f73 };

typedef struct mathpos_span {
    int line, end_col, tail;
    int newlines; /* of this formula and all before it in the paragraph */
} mathpos_span;

/* One paragraph's formulas that span lines, shared by the paragraphs split from it. */
typedef struct mathpos_spans {
    int refs;
    int start_col; /* the original paragraph's column */
    mathpos_span *v;
    size_t n, cap;
} mathpos_spans;

typedef struct mathpos_mark {
    unsigned magic;
    mathpos_spans *spans;
} mathpos_mark;

static mathpos_spans *mathpos_of(cmark_node *para)
{
    if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) return NULL;
    const mathpos_mark *m = cmark_node_get_user_data(para);
    return m && m->magic == MATHPOS_MAGIC ? m->spans : NULL;
}

static void mathpos_free(cmark_mem *mem, void *user)
{
    (void)mem;
    mathpos_mark *m = user;
    if (m && --m->spans->refs == 0) {
        free(m->spans->v);
        free(m->spans);
    }
    free(m);
}

static void mathpos_attach(cmark_node *para, mathpos_spans *s)
{
    mathpos_mark *m = util_xcalloc(1, sizeof *m);
    m->magic = MATHPOS_MAGIC;
    m->spans = s;
    s->refs++;
    cmark_node_set_user_data(para, m);
    cmark_node_set_user_data_free_func(para, mathpos_free);
}

void mathpos_record(cmark_node *para, int line, int end_col, int newlines, int tail)
{
    if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH || newlines <= 0) return;
    mathpos_spans *s = mathpos_of(para);
    if (!s) {
        if (cmark_node_get_user_data(para)) return; /* someone else's: leave it */
        s = util_xcalloc(1, sizeof *s);
        s->start_col = cmark_node_get_start_column(para);
        mathpos_attach(para, s);
    }
    int before = s->n ? s->v[s->n - 1].newlines : 0;
    *UTIL_PUSH(s->v, s->n, s->cap) = (mathpos_span){line, end_col, tail, before + newlines};
}

void mathpos_share(cmark_node *para, cmark_node *from)
{
    mathpos_spans *s = mathpos_of(from);
    if (s && !cmark_node_get_user_data(para)) mathpos_attach(para, s);
}

static bool mathpos_is_block(cmark_node *n) { return (cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK; }

void mathpos_fix(cmark_node *n, int *line, int *bytes)
{
    if (!n || mathpos_is_block(n)) return; /* a block's own position is cmark's */
    cmark_node *block = n;
    while (block && !mathpos_is_block(block)) block = cmark_node_parent(block);
    const mathpos_spans *s = mathpos_of(block);
    if (!s) return; /* the usual case */
    /* The last formula before (line, bytes): cmark's positions grow in document order. */
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const mathpos_span *e = &s->v[mid];
        if (e->line < *line || (e->line == *line && e->end_col <= *bytes)) lo = mid + 1;
        else hi = mid;
    }
    if (!lo) return;
    const mathpos_span *e = &s->v[lo - 1];
    /* Still on the line the formula ends on (cmark's line has not moved since it). */
    if (e->line == *line) *bytes -= e->end_col - (e->tail + s->start_col - 1);
    *line += e->newlines;
}
