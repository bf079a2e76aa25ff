/* layout_table — GFM tables: column widths from each column's minimum and
 * maximum content widths, wrapped cells, alignment, shaded header, rules.
 * A table too wide for the column shrinks its font down to the theme's floor,
 * then breaks inside words (with a warning); nothing crosses the margin. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>

#include "diag.h"
#include "layout_int.h"

/* Font size steps tried when a table is too wide: from theme size down to the floor. */
enum { TABLE_SHRINK_STEPS = 6 };
/* Columns broken inside words are at least this many ems wide. */
enum { TABLE_MIN_COL_EMS = 2 };

typedef struct table_cell {
    text_builder tb;
    PangoLayout *lay;
    double min_w, max_w;
} table_cell;

typedef struct table {
    table_cell *cells; /* rows × cols */
    size_t rows, cols;
    uint8_t *align;
    double *width;     /* content width per column */
} table;

static table_cell *table_at(table *t, size_t r, size_t col) { return &t->cells[r * t->cols + col]; }

static void table_style(layout_ctx *c, text_style *st, double size, bool header)
{
    text_style_body(c, st);
    st->size = size;
    st->justify = false;
    st->leading = c->th->table_leading;
    if (header) {
        st->family = c->th->font_heading;
        st->weight = PANGO_WEIGHT_BOLD;
    }
}

/* Measures every cell at a font size; returns false when even the minimum widths do not fit. */
static bool table_measure(layout_ctx *c, table *t, double size, double avail, bool break_words)
{
    double *minw = util_xcalloc(t->cols, sizeof *minw), *maxw = util_xcalloc(t->cols, sizeof *maxw);
    for (size_t r = 0; r < t->rows; r++) {
        for (size_t k = 0; k < t->cols; k++) {
            table_cell *cell = table_at(t, r, k);
            text_style st;
            table_style(c, &st, size, r == 0);
            if (cell->lay) g_object_unref(cell->lay);
            cell->lay = text_make_layout(c, &cell->tb, &st, 0);
            int w, h;
            pango_layout_get_size(cell->lay, &w, &h);
            cell->max_w = w / (double)PANGO_SCALE;
            /* Narrowest width without breaking words: lay out at width 1 with word wrapping. */
            pango_layout_set_width(cell->lay, break_words ? -1 : 1);
            pango_layout_set_wrap(cell->lay, PANGO_WRAP_WORD);
            PangoRectangle ink, logical;
            pango_layout_get_extents(cell->lay, &ink, &logical);
            cell->min_w = break_words ? size * TABLE_MIN_COL_EMS : logical.width / (double)PANGO_SCALE;
            if (cell->min_w > cell->max_w) cell->min_w = cell->max_w;
            if (cell->min_w > minw[k]) minw[k] = cell->min_w;
            if (cell->max_w > maxw[k]) maxw[k] = cell->max_w;
        }
    }
    double sum_min = 0, sum_max = 0;
    for (size_t k = 0; k < t->cols; k++) {
        sum_min += minw[k];
        sum_max += maxw[k];
    }
    bool fits = sum_min <= avail + 0.01;
    for (size_t k = 0; k < t->cols; k++) {
        if (sum_max <= avail) {
            /* Everything fits on one line: spread the spare room in proportion. */
            t->width[k] = sum_max > 0 ? maxw[k] + (avail - sum_max) * maxw[k] / sum_max : avail / (double)t->cols;
        } else if (fits) {
            /* Give each column its minimum, then share the rest by how much more it wants. */
            double want = sum_max - sum_min;
            t->width[k] = minw[k] + (want > 0 ? (avail - sum_min) * (maxw[k] - minw[k]) / want : 0);
        } else {
            t->width[k] = avail * (sum_min > 0 ? minw[k] / sum_min : 1.0 / (double)t->cols);
        }
    }
    free(minw);
    free(maxw);
    return fits;
}

static double table_cell_x(const table *t, size_t k, double x, double pad)
{
    for (size_t i = 0; i < k; i++) x += t->width[i] + 2 * pad;
    return x + pad;
}

void layout_table(layout_ctx *c, cmark_node *n, double x, double w)
{
    table t = {0};
    for (cmark_node *row = cmark_node_first_child(n); row; row = cmark_node_next(row)) {
        t.rows++;
        size_t k = 0;
        for (cmark_node *cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell)) k++;
        if (k > t.cols) t.cols = k;
    }
    if (!t.rows || !t.cols) return;
    t.cells = util_xcalloc(t.rows * t.cols, sizeof *t.cells);
    t.width = util_xcalloc(t.cols, sizeof *t.width);
    t.align = cmark_gfm_extensions_get_table_alignments(n);
    size_t r = 0;
    for (cmark_node *row = cmark_node_first_child(n); row; row = cmark_node_next(row), r++) {
        size_t k = 0;
        for (cmark_node *cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell), k++) {
            text_init(&table_at(&t, r, k)->tb, c->th->font_body);
            table_at(&t, r, k)->tb.hyphenate = false; /* cells are measured word by word */
            text_inlines(c, &table_at(&t, r, k)->tb, cell);
        }
        for (; k < t.cols; k++) text_init(&table_at(&t, r, k)->tb, c->th->font_body);
    }
    double pad = c->th->table_pad_x, pady = c->th->table_pad_y;
    double avail = w - 2 * pad * (double)t.cols;
    double size = c->th->table_size * c->em, floor_size = c->th->table_min_size * c->em;
    bool fits = false;
    for (int step = 0; step <= TABLE_SHRINK_STEPS && !fits; step++) {
        size = c->th->table_size * c->em - (c->th->table_size * c->em - floor_size) * step / TABLE_SHRINK_STEPS;
        if (size < floor_size || avail <= 0) break;
        fits = table_measure(c, &t, size, avail, false);
    }
    bool broken = !fits;
    if (broken) size = floor_size;
    if (broken && !table_measure(c, &t, size, avail, true)) {
        /* Even breaking inside words leaves columns too narrow: drop the cell
         * padding and, if need be, go below the floor so every column holds a
         * few characters. Nothing crosses the margin, but it will be hard to read. */
        int line, col;
        source_pos(c->ch, n, &line, &col);
        diag_warning(c->ch->path, line, col, "table has too many columns for the page: %zu columns in %.0f pt", t.cols, w);
        pad = 0;
        avail = w;
        double col_w = w / (double)t.cols;
        if (col_w < size * TABLE_MIN_COL_EMS) size = col_w / TABLE_MIN_COL_EMS;
        table_measure(c, &t, size, avail, true);
    }
    layout_space(c, c->th->table_space * c->size);
    layout_tag ttag;
    layout_tag_begin(c, &ttag, PAGE_ROLE_TABLE, NULL);
    const source_caption *cap = source_find_caption(c->ch, n);
    if (cap) {
        /* "Table 4.2: Caption" above the table, kept with its header. */
        char *label = util_printf("%s %s:", c->th->label_table, cap->number);
        size_t first = layout_caption(c, label, cap->text, true, x, w);
        free(label);
        if (cap->id) {
            char *dest = layout_dest_name(c->ch->slug, cap->id);
            page_items_dest(&c->out->v[first].items, dest, x, 0);
            free(dest);
        }
    }
    double rule = c->th->table_rule_width, strong = c->th->table_strong_rule_width;
    size_t header_box = 0;
    double header_h = 0;
    /* Per cell: its lines' heights and baselines, for placing rows in bands. */
    double **lh = util_xcalloc(t.cols, sizeof *lh), **lb = util_xcalloc(t.cols, sizeof *lb);
    double **lx = util_xcalloc(t.cols, sizeof *lx);
    int *nl = util_xcalloc(t.cols, sizeof *nl), *next = util_xcalloc(t.cols, sizeof *next);
    int *take = util_xcalloc(t.cols, sizeof *take);
    int *cell_sid = util_xcalloc(t.cols, sizeof *cell_sid);
    for (r = 0; r < t.rows; r++) {
        text_style st;
        table_style(c, &st, size, r == 0);
        /* A row's cells are elements of their own: their lines share the row's boxes. */
        int tr = layout_tag_add(c, PAGE_ROLE_TR, ttag.sid);
        for (size_t k = 0; k < t.cols; k++) cell_sid[k] = layout_tag_add(c, r == 0 ? PAGE_ROLE_TH : PAGE_ROLE_TD, tr);
        for (size_t k = 0; k < t.cols; k++) {
            table_cell *cell = table_at(&t, r, k);
            uint8_t al = t.align ? t.align[k] : 0;
            pango_layout_set_width(cell->lay, (int)(t.width[k] * PANGO_SCALE));
            pango_layout_set_wrap(cell->lay, broken ? PANGO_WRAP_WORD_CHAR : PANGO_WRAP_WORD);
            pango_layout_set_alignment(cell->lay, al == 'c' ? PANGO_ALIGN_CENTER : al == 'r' ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
            nl[k] = pango_layout_get_line_count(cell->lay);
            next[k] = 0;
            lh[k] = util_xrealloc(lh[k], (size_t)nl[k] * sizeof **lh);
            lb[k] = util_xrealloc(lb[k], (size_t)nl[k] * sizeof **lb);
            lx[k] = util_xrealloc(lx[k], (size_t)nl[k] * sizeof **lx);
            PangoLayoutIter *it = pango_layout_get_iter(cell->lay);
            int line = 0;
            do {
                text_line_box(c, &st, it, &lh[k][line], &lb[k][line]);
                /* Alignment offsets come from the layout's own line positions. */
                PangoRectangle logical;
                pango_layout_iter_get_line_extents(it, NULL, &logical);
                lx[k][line] = logical.x / (double)PANGO_SCALE;
            } while (++line < nl[k] && pango_layout_iter_next_line(it));
            pango_layout_iter_free(it);
        }
        /* A row taller than a page (with the repeated header) is set in bands that
         * break between lines; every other row is one band and never splits. */
        double limit = c->text_height - header_h - 2 * pady;
        bool first_band = true, more = true;
        size_t row_first_box = 0;
        while (more) {
            double content = 0;
            for (size_t k = 0; k < t.cols; k++) {
                double sum = 0;
                int n = 0;
                while (next[k] + n < nl[k] && (n == 0 || sum + lh[k][next[k] + n] <= limit)) sum += lh[k][next[k] + n++];
                take[k] = n;
                if (sum > content) content = sum;
            }
            more = false;
            for (size_t k = 0; k < t.cols; k++) more = more || next[k] + take[k] < nl[k];
            double row_h = content + 2 * pady;
            /* The header keeps with the first row. */
            vbox *b = layout_box(c, row_h, r == 0 ? VBOX_KEEP_WITH_NEXT : 0);
            size_t row_box = (size_t)(b - c->out->v);
            if (first_band) row_first_box = row_box;
            if (r == 0) page_items_rect(&b->items, PAGE_FILL, x, 0, w, row_h, c->th->table_header_background, 0);
            for (size_t k = 0; k < t.cols; k++) {
                table_cell *cell = table_at(&t, r, k);
                double cx = table_cell_x(&t, k, x, pad), y = pady;
                size_t had = b->items.n;
                for (int i = 0; i < take[k]; i++) {
                    int line = next[k] + i;
                    page_items_text(&b->items, cell->lay, line, cx + lx[k][line], y + lb[k][line]);
                    if (b->baseline <= 0) b->baseline = y + lb[k][line];
                    text_line_links(&cell->tb, b->items.v[b->items.n - 1].ln, cx, y, lh[k][line], &b->items);
                    y += lh[k][line];
                }
                layout_tag_items(&b->items, had, cell_sid[k]);
                next[k] += take[k];
            }
            /* Rules: strong above the header and below the header and the last row, light between rows. */
            if (r == 0 && first_band) page_items_rect(&b->items, PAGE_FILL, x, 0, w, strong, c->th->table_rule, 0);
            if (!more) {
                double rw = (r == 0 || r == t.rows - 1) ? strong : rule;
                page_items_rect(&b->items, PAGE_FILL, x, row_h - rw, w, rw, c->th->table_rule, 0);
            }
            if (r == 0 && first_band) {
                /* A copy of the header (without its links and destinations) repeats on later pages. */
                header_box = row_box;
                vbox_header *hdr = util_xcalloc(1, sizeof *hdr);
                for (size_t i = 0; i < b->items.n; i++) {
                    page_items tmp = {&b->items.v[i], 1, 1};
                    if (b->items.v[i].kind != PAGE_LINK && b->items.v[i].kind != PAGE_DEST) page_items_copy(&hdr->items, &tmp, 0, 0);
                }
                hdr->height = row_h;
                header_h = row_h;
                b->header = hdr;
                b->owns_header = true;
            } else if (r > 0) {
                b->header = c->out->v[header_box].header;
            }
            first_band = false;
        }
        for (size_t k = 0; k < t.cols; k++) layout_attach_notes(c, row_first_box, &table_at(&t, r, k)->tb, 0, INT_MAX);
    }
    for (size_t k = 0; k < t.cols; k++) {
        free(lh[k]);
        free(lb[k]);
        free(lx[k]);
    }
    free(lh);
    free(lb);
    free(lx);
    free(nl);
    free(next);
    free(take);
    free(cell_sid);
    layout_tag_end(c, &ttag);
    layout_space(c, c->th->table_space * c->size);
    for (size_t i = 0; i < t.rows * t.cols; i++) {
        if (t.cells[i].lay) g_object_unref(t.cells[i].lay);
        text_free(&t.cells[i].tb);
    }
    free(t.cells);
    free(t.width);
}
