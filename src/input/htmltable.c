#include "htmltable.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "html.h"
#include "source.h"
#include "util.h"

typedef struct raw_cell {
    size_t row;
    size_t first, n;   /* pieces */
    bool header;
    char align;
    long colspan, rowspan;
} raw_cell;

typedef struct raw_row {
    bool head;         /* inside <thead> */
    char align;        /* <tr align> */
} raw_row;

typedef enum { OPEN_NONE, OPEN_CELL, OPEN_CAPTION } open_kind;

typedef struct parser {
    const source_chapter *ch;
    htmltable *t;
    size_t cap_pieces;
    raw_cell *cells;
    size_t n_cells, cap_cells;
    raw_row *rows;
    size_t n_rows, cap_rows;
    bool row_open, in_head;
    int depth;           /* <table> nesting: 1 directly inside ours */
    open_kind open;      /* what collects pieces now */
    cmark_node *piece_node;
    size_t piece_start;
    bool piece_open;
    bool warned_cells;
    bool closed;         /* its </table> was seen */
} parser;

static bool is_html_block(cmark_node *n) { return n && cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK; }

/* Position of byte `off` of an HTML block's literal. */
static void htmltable_pos(const source_chapter *ch, cmark_node *node, size_t off, int *line, int *col)
{
    source_pos(ch, node, line, col);
    const char *lit = cmark_node_get_literal(node);
    for (size_t i = 0; lit && i < off && lit[i]; i++) {
        if (lit[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)lit[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

size_t htmltable_find(const char *lit, size_t len, size_t from)
{
    size_t pos = from;
    html_token t;
    while (html_next(lit, len, &pos, &t))
        if (t.kind == HTML_TAG && !t.closing && !strcmp(t.name, "table")) return t.start;
    return len;
}

static void parser_push_piece(parser *p, cmark_node *node, size_t start, size_t end)
{
    htmltable_piece *pc = UTIL_PUSH(p->t->pieces, p->t->n_pieces, p->cap_pieces);
    pc->node = node;
    pc->start = start;
    pc->end = end;
    if (p->open == OPEN_CELL) p->cells[p->n_cells - 1].n++;
    else if (p->open == OPEN_CAPTION) p->t->caption.n++;
}

/* Ends the piece being collected at byte `at` of `node`. */
static void parser_end_piece(parser *p, size_t at)
{
    if (!p->piece_open) return;
    const char *s = cmark_node_get_literal(p->piece_node);
    size_t i = p->piece_start;
    while (i < at && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
    if (i < at) parser_push_piece(p, p->piece_node, p->piece_start, at); /* white space alone is no content */
    p->piece_open = false;
}

static void parser_begin_piece(parser *p, cmark_node *node, size_t at)
{
    p->piece_node = node;
    p->piece_start = at;
    p->piece_open = true;
}

static void parser_close(parser *p, size_t at)
{
    if (p->open == OPEN_NONE) return;
    parser_end_piece(p, at);
    p->open = OPEN_NONE;
}

static void parser_open_row(parser *p)
{
    if (p->n_rows >= HTMLTABLE_MAX_CELLS) { /* rows without cells are dropped later; bound them too */
        p->row_open = true;
        return;
    }
    raw_row *r = UTIL_PUSH(p->rows, p->n_rows, p->cap_rows);
    r->head = p->in_head;
    r->align = 0;
    p->row_open = true;
}

static char parser_align(const char *s, const html_token *tok)
{
    char *a = html_attr(s, tok, "align");
    char *style = a ? NULL : html_attr(s, tok, "style");
    const char *v = a;
    if (style) {
        const char *ta = strstr(style, "text-align");
        if (ta) {
            ta += strlen("text-align");
            while (*ta == ' ' || *ta == ':') ta++;
            v = ta;
        }
    }
    char r = 0;
    if (v) {
        if (!g_ascii_strncasecmp(v, "center", 6) || !g_ascii_strncasecmp(v, "middle", 6)) r = 'c';
        else if (!g_ascii_strncasecmp(v, "right", 5) || !g_ascii_strncasecmp(v, "end", 3)) r = 'r';
        else if (!g_ascii_strncasecmp(v, "left", 4) || !g_ascii_strncasecmp(v, "start", 5)) r = 'l';
    }
    free(a);
    free(style);
    return r;
}

static long parser_span(const char *s, const html_token *tok, const char *name)
{
    char *v = html_attr(s, tok, name);
    long n = v ? strtol(v, NULL, 10) : 1;
    free(v);
    if (n < 1) n = 1;
    if (n > HTMLTABLE_MAX_CELLS) n = HTMLTABLE_MAX_CELLS;
    return n;
}

/* Opens a cell (from a <td>/<th> tag, or implicitly for stray content) whose content starts at `at`. */
static void parser_open_cell(parser *p, cmark_node *node, size_t at, const char *s, const html_token *tok)
{
    if (!p->row_open) parser_open_row(p);
    if (p->n_cells >= HTMLTABLE_MAX_CELLS || p->n_rows == 0) {
        if (!p->warned_cells) {
            int line, col;
            htmltable_pos(p->ch, node, tok ? tok->start : at, &line, &col);
            diag_warning(p->ch->path, line, col, "HTML table has more than %d cells: the rest are dropped",
                         HTMLTABLE_MAX_CELLS);
            p->warned_cells = true;
        }
        return;
    }
    raw_cell *c = UTIL_PUSH(p->cells, p->n_cells, p->cap_cells);
    memset(c, 0, sizeof *c);
    c->row = p->n_rows - 1;
    c->first = p->t->n_pieces;
    c->header = tok && !strcmp(tok->name, "th");
    c->align = tok ? parser_align(s, tok) : 0;
    if (!c->align) c->align = p->rows[c->row].align;
    c->colspan = tok ? parser_span(s, tok, "colspan") : 1;
    c->rowspan = tok ? parser_span(s, tok, "rowspan") : 1;
    p->open = OPEN_CELL;
    parser_begin_piece(p, node, at);
}

/* A tag directly inside our table (depth 1). */
static void parser_tag(parser *p, cmark_node *node, const char *s, const html_token *tok)
{
    const char *nm = tok->name;
    size_t after = tok->start + tok->len;
    bool cell = !strcmp(nm, "td") || !strcmp(nm, "th");
    if (!strcmp(nm, "table")) {
        if (tok->closing) {
            parser_close(p, tok->start);
            p->depth = 0;
            p->closed = true;
        } else { /* a table in a table: its tags are content of the cell */
            if (p->open == OPEN_NONE) parser_open_cell(p, node, tok->start, s, NULL);
            if (!tok->self_closing) p->depth++;
        }
    } else if (cell && !tok->closing) {
        parser_close(p, tok->start);
        parser_open_cell(p, node, after, s, tok);
    } else if (cell || (!strcmp(nm, "caption") && tok->closing)) {
        if (p->open != OPEN_NONE) parser_close(p, tok->start); /* a stray end tag is ignored */
    } else if (!strcmp(nm, "tr")) {
        parser_close(p, tok->start);
        if (tok->closing) {
            p->row_open = false;
        } else {
            parser_open_row(p);
            if (p->n_rows && p->n_rows <= HTMLTABLE_MAX_CELLS) p->rows[p->n_rows - 1].align = parser_align(s, tok);
        }
    } else if (!strcmp(nm, "thead") || !strcmp(nm, "tbody") || !strcmp(nm, "tfoot")) {
        parser_close(p, tok->start);
        p->row_open = false;
        p->in_head = !tok->closing && !strcmp(nm, "thead");
    } else if (!strcmp(nm, "caption")) {
        parser_close(p, tok->start);
        if (p->t->caption.n == 0) {
            p->t->caption.first = p->t->n_pieces;
            p->open = OPEN_CAPTION;
            parser_begin_piece(p, node, after);
        }
    } else if (!strcmp(nm, "colgroup") || !strcmp(nm, "col")) {
        /* column groups: widths are taken from the content */
    } else if (p->open == OPEN_NONE && !tok->closing) {
        /* Inline HTML between cells: a browser moves it out of the table; here it gets a cell of its own. */
        parser_open_cell(p, node, tok->start, s, NULL);
    }
}

/* Feeds bytes [from, len) of an HTML block; returns true once the table is closed (*end set). */
static bool parser_html(parser *p, cmark_node *node, size_t from, size_t *end)
{
    const char *s = cmark_node_get_literal(node);
    size_t len = s ? strlen(s) : 0, pos = from;
    if (p->open != OPEN_NONE) parser_begin_piece(p, node, from);
    html_token tok;
    while (html_next(s, len, &pos, &tok)) {
        if (p->depth > 1) { /* inside a nested table: only its <table> tags count */
            if (tok.kind == HTML_TAG && !strcmp(tok.name, "table") && !tok.self_closing) p->depth += tok.closing ? -1 : 1;
            continue;
        }
        if (tok.kind == HTML_TAG) {
            parser_tag(p, node, s, &tok);
            if (p->closed) {
                *end = pos;
                return true;
            }
        } else if (tok.kind == HTML_TEXT && p->open == OPEN_NONE && strspn(s + tok.start, " \t\r\n") < tok.len) {
            parser_open_cell(p, node, tok.start, s, NULL);
        }
    }
    parser_end_piece(p, len);
    return false;
}

/* A Markdown block between the HTML blocks of a table (blank lines split it). */
static void parser_block(parser *p, cmark_node *node)
{
    if (p->depth > 1 && p->open == OPEN_NONE) return;
    if (p->open == OPEN_NONE) {
        parser_open_cell(p, node, 0, NULL, NULL);
        if (p->open == OPEN_NONE) return;
        p->piece_open = false;
    }
    parser_push_piece(p, node, 0, 0);
}

/* Lays the cells out on a grid: colspans and rowspans cover slots; columns and cells bounded. */
static void parser_grid(parser *p, cmark_node *node, size_t at)
{
    htmltable *t = p->t;
    long busy[HTMLTABLE_MAX_COLUMNS];
    bool dropped = false;
    size_t cols = 0, rows = 0;
    /* Row index in the grid of each raw row (rows without cells are dropped). */
    size_t *grid_row = util_xcalloc(p->n_rows + 1, sizeof *grid_row);
    for (size_t i = 0, r = 0; r < p->n_rows; r++) {
        bool any = false;
        while (i < p->n_cells && p->cells[i].row == r) {
            any = true;
            i++;
        }
        grid_row[r] = any ? rows++ : SIZE_MAX;
    }
    /* Pass 0 counts columns; pass 1 fills the grid. */
    for (int pass = 0; pass < 2; pass++) {
        memset(busy, 0, sizeof busy);
        size_t i = 0;
        for (size_t r = 0; r < p->n_rows; r++) {
            size_t g = grid_row[r];
            if (g == SIZE_MAX) continue;
            if (pass == 1 && g >= t->rows) break;
            htmltable_cell *row = pass == 1 ? &t->cells[g * t->cols] : NULL;
            bool cov[HTMLTABLE_MAX_COLUMNS];
            for (size_t k = 0; k < HTMLTABLE_MAX_COLUMNS; k++) {
                cov[k] = busy[k] > 0;
                if (cov[k]) busy[k]--;
                if (cov[k] && row && k < t->cols) row[k].span = 0;
            }
            size_t k = 0;
            for (; i < p->n_cells && p->cells[i].row == r; i++) {
                const raw_cell *c = &p->cells[i];
                while (k < HTMLTABLE_MAX_COLUMNS && cov[k]) k++;
                if (k >= HTMLTABLE_MAX_COLUMNS) {
                    dropped = true;
                    continue;
                }
                /* A colspan stops at the grid's edge and at a slot a rowspan from above covers. */
                long span = 0;
                while (span < c->colspan && k + (size_t)span < HTMLTABLE_MAX_COLUMNS && !cov[k + (size_t)span]) span++;
                if (span < c->colspan && k + (size_t)span >= HTMLTABLE_MAX_COLUMNS) dropped = true;
                long down = c->rowspan - 1;
                if (down > (long)(rows - g - 1)) down = (long)(rows - g - 1);
                if (row) {
                    row[k].first = c->first;
                    row[k].n = c->n;
                    row[k].header = c->header;
                    row[k].align = c->align;
                    row[k].span = (int)span;
                    for (long j = 1; j < span; j++) row[k + (size_t)j].span = 0;
                }
                for (long j = 0; j < span; j++) {
                    cov[k + (size_t)j] = true;
                    busy[k + (size_t)j] = down;
                }
                k += (size_t)span;
                if (k > cols) cols = k;
            }
        }
        if (pass == 0) {
            t->cols = cols;
            t->rows = rows;
            if (!cols || !rows) {
                t->rows = t->cols = 0;
                break;
            }
            if (t->rows * t->cols > HTMLTABLE_MAX_CELLS) {
                t->rows = HTMLTABLE_MAX_CELLS / t->cols;
                if (!p->warned_cells) {
                    int line, col;
                    htmltable_pos(p->ch, node, at, &line, &col);
                    diag_warning(p->ch->path, line, col, "HTML table has more than %d cells: the rest are dropped",
                                 HTMLTABLE_MAX_CELLS);
                }
            }
            t->cells = util_xcalloc(t->rows * t->cols, sizeof *t->cells);
            /* Slots no cell reaches stay empty cells of their own. */
            for (size_t j = 0; j < t->rows * t->cols; j++) t->cells[j].span = 1;
        }
    }
    if (dropped) {
        int line, col;
        htmltable_pos(p->ch, node, at, &line, &col);
        diag_warning(p->ch->path, line, col, "HTML table has more than %d columns: the rest are dropped",
                     HTMLTABLE_MAX_COLUMNS);
    }
    /* Header rows: those of <thead>, else the leading rows of <th> cells only. */
    bool any_head = false;
    for (size_t r = 0; r < p->n_rows; r++) any_head = any_head || (p->rows[r].head && grid_row[r] != SIZE_MAX);
    for (size_t r = 0, i = 0; r < p->n_rows; r++) {
        size_t g = grid_row[r];
        bool head = p->rows[r].head, all_th = true;
        for (; i < p->n_cells && p->cells[i].row == r; i++) all_th = all_th && p->cells[i].header;
        if (g == SIZE_MAX) continue;
        if (g >= t->rows || g != t->header_rows) break;
        if (!(any_head ? head : all_th)) break;
        t->header_rows++;
    }
    free(grid_row);
}

void htmltable_parse(htmltable *t, const source_chapter *ch, cmark_node *first, size_t start)
{
    memset(t, 0, sizeof *t);
    t->first = t->last = first;
    t->start = start;
    const char *lit = cmark_node_get_literal(first);
    size_t len = strlen(lit);
    size_t from = start;
    html_token tok;
    if (html_next(lit, len, &from, &tok)) { /* the <table …> tag itself; from is past it */
        char *id = html_attr(lit, &tok, "id");
        if (id && *id) t->id = id;
        else free(id);
    }
    /* First with the blocks that follow (within bounds), then, if it never closes, alone. */
    for (int attempt = 0; attempt < 2; attempt++) {
        parser p = {0};
        p.ch = ch;
        p.t = t;
        p.depth = 1;
        size_t end = 0, reach = 0;
        cmark_node *n = first;
        for (size_t i = 0; n; i++, n = cmark_node_next(n)) {
            if (is_html_block(n)) {
                if (parser_html(&p, n, i == 0 ? from : 0, &end)) break;
                reach += strlen(cmark_node_get_literal(n));
            } else {
                parser_block(&p, n);
            }
            if (attempt == 1 || i + 1 >= HTMLTABLE_MAX_BLOCKS || reach > HTMLTABLE_MAX_REACH) {
                n = NULL;
                break;
            }
        }
        if (p.closed || attempt == 1) {
            t->last = p.closed ? n : first;
            t->end = p.closed ? end : len;
            if (!p.closed) {
                int line, col;
                htmltable_pos(ch, first, start, &line, &col);
                diag_warning(ch->path, line, col, "<table> is not closed: it ends with its HTML block");
            }
            parser_grid(&p, first, start);
            free(p.cells);
            free(p.rows);
            return;
        }
        free(p.cells);
        free(p.rows);
        free(t->pieces);
        t->pieces = NULL;
        t->n_pieces = 0;
        memset(&t->caption, 0, sizeof t->caption);
    }
}

void htmltable_free(htmltable *t)
{
    free(t->cells);
    free(t->pieces);
    free(t->id);
    memset(t, 0, sizeof *t);
}

char *htmltable_plain_text(const htmltable *t, const htmltable_cell *cell)
{
    util_buf raw = {0};
    util_buf_adds(&raw, "");
    for (size_t i = 0; i < cell->n; i++) {
        const htmltable_piece *pc = &t->pieces[cell->first + i];
        if (!is_html_block(pc->node)) {
            char *s = source_plain_text(pc->node);
            util_buf_adds(&raw, " ");
            util_buf_adds(&raw, s);
            free(s);
            continue;
        }
        const char *s = cmark_node_get_literal(pc->node);
        size_t pos = pc->start;
        html_token tok;
        while (html_next(s, pc->end, &pos, &tok)) {
            if (tok.kind != HTML_TEXT) continue;
            char *d = html_decode(s + tok.start, tok.len);
            util_buf_adds(&raw, d);
            free(d);
        }
    }
    /* Collapse white space. */
    util_buf out = {0};
    util_buf_adds(&out, "");
    for (size_t i = 0; i < raw.len; i++) {
        char ch = raw.s[i];
        bool ws = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
        if (ws && (out.len == 0 || out.s[out.len - 1] == ' ')) continue;
        util_buf_addc(&out, ws ? ' ' : ch);
    }
    while (out.len && out.s[out.len - 1] == ' ') out.s[--out.len] = '\0';
    util_buf_free(&raw);
    return util_buf_steal(&out);
}
