/* layout_table — GFM tables and HTML <table>s (from the same neutral grid of
 * cells): column widths from each column's minimum and maximum content widths,
 * wrapped cells, alignment, colspans, shaded header rows repeated on every page, rules.
 * A table whose cells all fit on one line keeps its natural width; a short one
 * never splits across pages, a long one leaves two rows on each side.
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
/* Columns broken inside words are at least this many ems wide; an image in a cell
 * may shrink to this many ems (or its own width, if narrower). */
enum { TABLE_MIN_COL_EMS = 2, TABLE_IMAGE_MIN_EMS = 4 };

typedef struct table_cell {
    text_builder tb;
    PangoLayout *lay;
    double min_w, max_w;
    bool header;       /* set in the heading font (header rows, <th>) */
    char align;        /* 'l', 'c', 'r', or 0 */
    int span;          /* columns it covers; 0: a slot another cell covers (nothing drawn) */
    struct table_image { const figure *f; double want; const char *alt; } *imgs;
    size_t n_imgs;     /* images: the first n_above above the cell's text (nothing came before them), the rest below */
    size_t n_above;
} table_cell;

typedef struct table {
    table_cell *cells; /* rows × cols */
    size_t rows, cols;
    size_t header_rows; /* shaded, kept with the first body row, repeated on later pages */
    double *width;     /* content width per column */
    cmark_node *node;  /* for positions */
    const source_caption *cap;
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

/* Measures every cell at a font size; returns false when even the minimum widths do not fit.
 * A cell spanning columns widens them (evenly) only as far as its own widths need. */
static bool table_measure(layout_ctx *c, table *t, double size, double avail, double pad, bool break_words)
{
    double *minw = util_xcalloc(t->cols, sizeof *minw), *maxw = util_xcalloc(t->cols, sizeof *maxw);
    for (int wide = 0; wide < 2; wide++) {
        for (size_t r = 0; r < t->rows; r++) {
            for (size_t k = 0; k < t->cols; k++) {
                table_cell *cell = table_at(t, r, k);
                if (cell->span == 0 || (cell->span > 1) != (wide == 1)) continue;
                text_style st;
                table_style(c, &st, size, cell->header);
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
                for (size_t i = 0; i < cell->n_imgs; i++) {
                    double want = cell->imgs[i].want, least = fmin(want, size * TABLE_IMAGE_MIN_EMS);
                    if (want > cell->max_w) cell->max_w = want;
                    if (least > cell->min_w) cell->min_w = least;
                }
                size_t span = (size_t)cell->span;
                double have_min = 2 * pad * (double)(span - 1), have_max = have_min;
                for (size_t j = k; j < k + span; j++) {
                    have_min += minw[j];
                    have_max += maxw[j];
                }
                for (size_t j = k; j < k + span; j++) {
                    if (cell->min_w > have_min) minw[j] += (cell->min_w - have_min) / (double)span;
                    if (cell->max_w > have_max) maxw[j] += (cell->max_w - have_max) / (double)span;
                }
            }
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
            /* Everything fits on one line: the table keeps its natural width. */
            t->width[k] = sum_max > 0 ? maxw[k] : avail / (double)t->cols;
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

/* The width a cell is set at: its columns and the padding between them. */
static double table_cell_width(const table *t, const table_cell *cell, size_t k, double pad)
{
    double cw = 0;
    for (size_t j = k; j < k + (size_t)cell->span && j < t->cols; j++) cw += t->width[j] + (j > k ? 2 * pad : 0);
    return cw;
}

/* Sets a table whose cells are filled: sizes, caption, rows in bands, header repetition. */
/* Images of the cells: drawn below their text, or their alt text when they cannot be. */
static void table_images(layout_ctx *c, table *t)
{
    for (size_t i = 0; i < t->rows * t->cols; i++) {
        table_cell *cell = &t->cells[i];
        for (size_t k = 0; k < cell->tb.n_images; k++) {
            struct text_image *im = &cell->tb.images[k];
            const figure *f = cell->span ? layout_image_figure(c, im->src, im->node) : NULL;
            if (!f || f->width <= 0 || f->height <= 0) {
                text_image_alt(c, &cell->tb, im->missing);
                continue;
            }
            size_t cap = cell->n_imgs;
            struct table_image *ti = UTIL_PUSH(cell->imgs, cell->n_imgs, cap);
            ti->f = f;
            ti->want = im->width > 0 ? im->width : f->width;
            ti->alt = im->alt ? im->alt : "";
            if (im->leading && cell->n_above + 1 == cell->n_imgs) cell->n_above++;
        }
    }
}

static void table_lay(layout_ctx *c, table *t, double x, double w)
{
    table_images(c, t);
    double pad = c->th->table_pad_x, pady = c->th->table_pad_y;
    double avail = w - 2 * pad * (double)t->cols;
    double size = c->th->table_size * c->em, floor_size = c->th->table_min_size * c->em;
    bool fits = false;
    for (int step = 0; step <= TABLE_SHRINK_STEPS && !fits; step++) {
        size = c->th->table_size * c->em - (c->th->table_size * c->em - floor_size) * step / TABLE_SHRINK_STEPS;
        if (size < floor_size || avail <= 0) break;
        fits = table_measure(c, t, size, avail, pad, false);
    }
    bool broken = !fits;
    if (broken) size = floor_size;
    if (broken && !table_measure(c, t, size, avail, pad, true)) {
        /* Even breaking inside words leaves columns too narrow: drop the cell
         * padding and, if need be, go below the floor so every column holds a
         * few characters. Nothing crosses the margin, but it will be hard to read. */
        int line, col;
        source_pos(c->ch, t->node, &line, &col);
        diag_warning(c->ch->path, line, col, "table has too many columns for the page: %zu columns in %.0f pt", t->cols, w);
        pad = 0;
        avail = w;
        double col_w = w / (double)t->cols;
        if (col_w < size * TABLE_MIN_COL_EMS) size = col_w / TABLE_MIN_COL_EMS;
        table_measure(c, t, size, avail, pad, true);
    }
    /* Narrower than the column: set at its own width (the caption keeps the column's). */
    double cap_x = x, cap_w = w, natural = 0;
    for (size_t k = 0; k < t->cols; k++) natural += t->width[k] + 2 * pad;
    if (natural < w) {
        if (c->th->table_center) x += (w - natural) / 2;
        w = natural;
    }
    layout_space(c, c->th->table_space * c->size);
    size_t table_start = c->out->n, body_start = 0;
    layout_tag ttag;
    layout_tag_begin(c, &ttag, PAGE_ROLE_TABLE, NULL);
    const source_caption *cap = t->cap;
    const resolve_float *fl = resolve_float_of(c->ch, cap);
    if (cap && fl && fl->text) {
        /* "Table 4.2: Caption" above the table, kept with its header. */
        size_t first = layout_caption(c, fl->label, fl->text, true, cap_x, cap_w);
        if (cap->id) {
            char *dest = layout_dest_name(c->ch->slug, cap->id);
            page_items_dest(&c->out->v[first].items, dest, x, 0);
            free(dest);
        }
    }
    double rule = c->th->table_rule_width, strong = c->th->table_strong_rule_width;
    vbox_header *hdr = NULL;
    size_t header_box = 0;
    double header_h = 0;
    /* Per cell: its lines' heights and baselines, for placing rows in bands. */
    double **lh = util_xcalloc(t->cols, sizeof *lh), **lb = util_xcalloc(t->cols, sizeof *lb);
    double **lx = util_xcalloc(t->cols, sizeof *lx), **lw = util_xcalloc(t->cols, sizeof *lw);
    int *nt = util_xcalloc(t->cols, sizeof *nt), *na = util_xcalloc(t->cols, sizeof *na), *ns = util_xcalloc(t->cols, sizeof *ns), *nl = util_xcalloc(t->cols, sizeof *nl), *next = util_xcalloc(t->cols, sizeof *next);
    int *take = util_xcalloc(t->cols, sizeof *take);
    int *cell_sid = util_xcalloc(t->cols, sizeof *cell_sid);
    for (size_t r = 0; r < t->rows; r++) {
        bool head_row = r < t->header_rows;
        /* A row's cells are elements of their own: their lines share the row's boxes
         * (a cell covered by another's span has none). */
        int tr = layout_tag_add(c, PAGE_ROLE_TR, ttag.sid);
        for (size_t k = 0; k < t->cols; k++)
            cell_sid[k] = table_at(t, r, k)->span ? layout_tag_add(c, table_at(t, r, k)->header ? PAGE_ROLE_TH : PAGE_ROLE_TD, tr) : 0;
        /* A row taller than a page (with the repeated header) is set in bands that
         * break between lines; every other row is one band and never splits. */
        double limit = c->text_height - header_h - 2 * pady;
        for (size_t k = 0; k < t->cols; k++) {
            table_cell *cell = table_at(t, r, k);
            nl[k] = 0;
            next[k] = 0;
            if (cell->span == 0) continue;
            text_style st;
            table_style(c, &st, size, cell->header);
            char al = cell->align;
            pango_layout_set_width(cell->lay, (int)(table_cell_width(t, cell, k, pad) * PANGO_SCALE));
            pango_layout_set_wrap(cell->lay, broken ? PANGO_WRAP_WORD_CHAR : PANGO_WRAP_WORD);
            pango_layout_set_alignment(cell->lay, al == 'c' ? PANGO_ALIGN_CENTER : al == 'r' ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
            nt[k] = cell->n_imgs && text_is_blank(&cell->tb) ? 0 : pango_layout_get_line_count(cell->lay);
            nl[k] = nt[k] + (int)cell->n_imgs;
            na[k] = (int)cell->n_above;
            lh[k] = util_xrealloc(lh[k], (size_t)nl[k] * sizeof **lh);
            lb[k] = util_xrealloc(lb[k], (size_t)nl[k] * sizeof **lb);
            lx[k] = util_xrealloc(lx[k], (size_t)nl[k] * sizeof **lx);
            lw[k] = util_xrealloc(lw[k], (size_t)nl[k] * sizeof **lw);
            /* Lines: the leading images, the text's lines, the other images. */
            /* Under images, the empty lines of a leading <br> are dropped. */
            ns[k] = 0;
            while (na[k] && ns[k] + 1 < nt[k] && pango_layout_get_line_readonly(cell->lay, ns[k])->length == 0) ns[k]++;
            nt[k] -= ns[k];
            nl[k] -= ns[k];
            if (nt[k]) {
                PangoLayoutIter *it = pango_layout_get_iter(cell->lay);
                for (int i = 0; i < ns[k]; i++) pango_layout_iter_next_line(it);
                int line = 0;
                do {
                    double *h = &lh[k][na[k] + line], *base = &lb[k][na[k] + line];
                    text_line_box(c, &st, it, h, base);
                    if (line == 0 && na[k]) { /* a gap below the images above */
                        *h += pady;
                        *base += pady;
                    }
                    /* Alignment offsets come from the layout's own line positions. */
                    PangoRectangle logical;
                    pango_layout_iter_get_line_extents(it, NULL, &logical);
                    lx[k][na[k] + line] = logical.x / (double)PANGO_SCALE;
                } while (++line < nt[k] && pango_layout_iter_next_line(it));
                pango_layout_iter_free(it);
            }
            /* Images: each a line of its own, shrunk to the cell and to the page. */
            double cw = table_cell_width(t, cell, k, pad);
            for (size_t i = 0; i < cell->n_imgs; i++) {
                int line = i < cell->n_above ? (int)i : nt[k] + (int)i;
                const figure *f = cell->imgs[i].f;
                double gap = line > 0 ? pady : 0; /* below whatever comes before it in the cell */
                double dw = fmin(cell->imgs[i].want, cw), dh = f->height * dw / f->width;
                double max_h = fmin(c->text_height * c->th->image_max_height, limit - gap);
                if (dh > max_h && max_h > 0) {
                    dh = max_h;
                    dw = f->width * dh / f->height;
                }
                lh[k][line] = dh + gap;
                lb[k][line] = gap;
                lw[k][line] = dw;
                lx[k][line] = al == 'c' ? (cw - dw) / 2 : al == 'r' ? cw - dw : 0;
            }
        }
        bool first_band = true, more = true;
        size_t row_first_box = 0;
        while (more) {
            double content = 0;
            for (size_t k = 0; k < t->cols; k++) {
                double sum = 0;
                int n = 0;
                while (next[k] + n < nl[k] && (n == 0 || sum + lh[k][next[k] + n] <= limit)) sum += lh[k][next[k] + n++];
                take[k] = n;
                if (sum > content) content = sum;
            }
            more = false;
            for (size_t k = 0; k < t->cols; k++) more = more || next[k] + take[k] < nl[k];
            double row_h = content + 2 * pady;
            /* Header rows keep with the first body row. */
            vbox *b = layout_box(c, row_h, head_row ? VBOX_KEEP_WITH_NEXT : 0);
            size_t row_box = (size_t)(b - c->out->v);
            if (first_band) row_first_box = row_box;
            if (first_band && r == t->header_rows) body_start = row_box;
            if (head_row) page_items_rect(&b->items, PAGE_FILL, x, 0, w, row_h, c->th->table_header_background, 0);
            for (size_t k = 0; k < t->cols; k++) {
                table_cell *cell = table_at(t, r, k);
                double cx = table_cell_x(t, k, x, pad), y = pady;
                size_t had = b->items.n;
                for (int i = 0; i < take[k]; i++) {
                    int line = next[k] + i;
                    bool text_line = line >= na[k] && line < na[k] + nt[k];
                    if (!text_line) {
                        const struct table_image *im = &cell->imgs[line < na[k] ? line : line - nt[k]];
                        page_item *it = page_items_add(&b->items, im->f->svg ? PAGE_SVG : PAGE_IMAGE);
                        it->x = cx + lx[k][line];
                        it->y = y + lb[k][line];
                        it->w = lw[k][line];
                        it->h = lh[k][line] - lb[k][line];
                        it->image = im->f->raster ? cairo_surface_reference(im->f->raster) : NULL;
                        it->svg = im->f->svg ? g_object_ref(im->f->svg) : NULL;
                        it->alt = util_xstrdup(im->alt);
                        y += lh[k][line];
                        continue;
                    }
                    page_items_text(&b->items, cell->lay, line - na[k] + ns[k], cx + lx[k][line], y + lb[k][line]);
                    if (b->baseline <= 0) b->baseline = y + lb[k][line];
                    PangoLayoutLine *ln = b->items.v[b->items.n - 1].ln;
                    text_line_links(&cell->tb, ln, cx, y, lh[k][line], &b->items);
                    if (ln) layout_math_line(c, &cell->tb, cell->lay, ln, cx, y + lb[k][line], &b->items);
                    y += lh[k][line];
                }
                if (cell_sid[k]) layout_tag_items(&b->items, had, cell_sid[k]);
                next[k] += take[k];
            }
            /* Rules: strong above the table, below the header and below the last row; light between rows. */
            if (r == 0 && first_band) page_items_rect(&b->items, PAGE_FILL, x, 0, w, strong, c->th->table_rule, 0);
            if (!more) {
                double rw = (r + 1 == t->header_rows || r == t->rows - 1) ? strong : rule;
                page_items_rect(&b->items, PAGE_FILL, x, row_h - rw, w, rw, c->th->table_rule, 0);
            }
            if (head_row && first_band) {
                /* A copy of the header rows (without links and destinations) repeats on later pages. */
                if (!hdr) {
                    hdr = util_xcalloc(1, sizeof *hdr);
                    header_box = row_box;
                    b->header = hdr;
                    b->owns_header = true;
                }
                for (size_t i = 0; i < b->items.n; i++) {
                    page_items tmp = {&b->items.v[i], 1, 1};
                    if (b->items.v[i].kind != PAGE_LINK && b->items.v[i].kind != PAGE_DEST) page_items_copy(&hdr->items, &tmp, 0, header_h);
                }
                header_h += row_h;
                hdr->height = header_h;
            } else if (!head_row && hdr) {
                b->header = c->out->v[header_box].header;
            }
            first_band = false;
        }
        for (size_t k = 0; k < t->cols; k++) {
            table_cell *cell = table_at(t, r, k);
            layout_attach_notes(c, row_first_box, &cell->tb, 0, INT_MAX);
            for (size_t i = 0; i < cell->tb.n_anchors; i++)
                page_items_dest(&c->out->v[row_first_box].items, cell->tb.anchors[i].dest, table_cell_x(t, k, x, pad), 0);
        }
    }
    for (size_t k = 0; k < t->cols; k++) {
        free(lh[k]);
        free(lb[k]);
        free(lx[k]);
        free(lw[k]);
    }
    free(lh);
    free(lb);
    free(lx);
    free(lw);
    free(nt);
    free(na);
    free(ns);
    free(nl);
    free(next);
    free(take);
    free(cell_sid);
    /* A short table moves whole (unless it is taller than the page); a long one splits leaving two rows on each side. */
    if (t->rows - t->header_rows <= (size_t)c->th->table_keep_rows) layout_keep_block(c, table_start, c->text_height, LAYOUT_SPLIT_LINES);
    else if (body_start) layout_keep_block(c, body_start, 0, LAYOUT_SPLIT_LINES);
    layout_mark_inside(c, table_start);
    layout_tag_end(c, &ttag);
    layout_space(c, c->th->table_space * c->size);
}

static void table_init(layout_ctx *c, table *t, size_t rows, size_t cols)
{
    t->rows = rows;
    t->cols = cols;
    t->cells = util_xcalloc(rows * cols, sizeof *t->cells);
    t->width = util_xcalloc(cols, sizeof *t->width);
    for (size_t i = 0; i < rows * cols; i++) {
        text_init(&t->cells[i].tb, c->th->font_body);
        t->cells[i].tb.hyphenate = false; /* cells are measured word by word */
        t->cells[i].span = 1;
    }
}

static void table_free(table *t)
{
    for (size_t i = 0; i < t->rows * t->cols; i++) {
        if (t->cells[i].lay) g_object_unref(t->cells[i].lay);
        text_free(&t->cells[i].tb);
        free(t->cells[i].imgs);
    }
    free(t->cells);
    free(t->width);
}

void layout_table(layout_ctx *c, cmark_node *n, double x, double w)
{
    size_t rows = 0, cols = 0;
    for (cmark_node *row = cmark_node_first_child(n); row; row = cmark_node_next(row)) {
        rows++;
        size_t k = 0;
        for (cmark_node *cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell)) k++;
        if (k > cols) cols = k;
    }
    if (!rows || !cols) return;
    table t = {0};
    table_init(c, &t, rows, cols);
    t.header_rows = 1;
    t.node = n;
    t.cap = source_find_caption(c->ch, n);
    uint8_t *align = cmark_gfm_extensions_get_table_alignments(n);
    size_t r = 0;
    for (cmark_node *row = cmark_node_first_child(n); row; row = cmark_node_next(row), r++) {
        size_t k = 0;
        for (cmark_node *cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell), k++)
            text_inlines(c, &table_at(&t, r, k)->tb, cell);
        for (k = 0; k < cols; k++) {
            table_at(&t, r, k)->header = r == 0;
            table_at(&t, r, k)->align = align ? (char)align[k] : 0;
        }
    }
    table_lay(c, &t, x, w);
    table_free(&t);
}

/* A Markdown block inside an HTML cell (blank lines around it), as lines of text. */
static void table_block_text(layout_ctx *c, text_builder *tb, cmark_node *n, int depth)
{
    cmark_node_type ty = cmark_node_get_type(n);
    if (tb->s.len && tb->s.s[tb->s.len - 1] != '\n') text_line_break(tb);
    if (ty == CMARK_NODE_PARAGRAPH || ty == CMARK_NODE_HEADING) {
        text_inlines(c, tb, n);
    } else if (ty == CMARK_NODE_CODE_BLOCK || ty == CMARK_NODE_HTML_BLOCK) {
        const char *lit = cmark_node_get_literal(n);
        if (ty == CMARK_NODE_HTML_BLOCK) text_html(c, tb, lit ? lit : "", n, true);
        else text_code(c, tb, lit ? lit : "");
    } else if (depth < SOURCE_MAX_DEPTH) {
        bool item = ty == CMARK_NODE_ITEM;
        if (item) util_buf_adds(&tb->s, "\xe2\x80\xa2 "); /* • */
        for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k)) {
            if (item && k == cmark_node_first_child(n) && cmark_node_get_type(k) == CMARK_NODE_PARAGRAPH) text_inlines(c, tb, k);
            else table_block_text(c, tb, k, depth + 1);
        }
    }
}

void layout_html_table(layout_ctx *c, size_t index, double x, double w)
{
    const htmltable *h = &c->ch->htmltables[index].t;
    if (!h->rows || !h->cols) return;
    table t = {0};
    table_init(c, &t, h->rows, h->cols);
    t.header_rows = h->header_rows;
    t.node = h->first;
    t.cap = source_htmltable_caption(c->ch, index);
    for (size_t i = 0; i < h->rows * h->cols; i++) {
        const htmltable_cell *hc = &h->cells[i];
        table_cell *cell = &t.cells[i];
        cell->span = hc->span;
        cell->align = hc->align;
        cell->header = hc->header || i / h->cols < h->header_rows;
        for (size_t p = 0; p < hc->n; p++) {
            const htmltable_piece *pc = &h->pieces[hc->first + p];
            if (cmark_node_get_type(pc->node) == CMARK_NODE_HTML_BLOCK) {
                text_html_range(c, &cell->tb, cmark_node_get_literal(pc->node), pc->start, pc->end, pc->node, true);
            } else {
                table_block_text(c, &cell->tb, pc->node, 0);
                text_line_break(&cell->tb);
            }
        }
    }
    table_lay(c, &t, x, w);
    table_free(&t);
}
