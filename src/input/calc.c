/* calc — parsing, evaluating and rendering expressions with units (see calc.h). */
#include "calc.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

typedef enum { TOK_END, TOK_NUM, TOK_IDENT, TOK_OP, TOK_BAD } calc_tok_kind;

typedef struct calc_tok {
    calc_tok_kind kind;
    size_t start, end;  /* bytes in the text */
    int line, col;
    char op;            /* TOK_OP: + - * / ^ ( ) , ; = (× and · are '*', − is '-') */
    double num;
} calc_tok;

typedef struct calc_parser {
    const char *path, *s;
    size_t len, pos;
    int line, col;      /* of s[pos] */
    int depth;          /* nesting of the recursive descent */
    bool failed;
    calc_tok tok;       /* the current token */
} calc_parser;

static const char *const calc_functions[] = {"ceil", "floor", "round", "min", "max", "abs"};

/* ---- lexer ---- */

static bool calc_ident_start(const calc_parser *p, size_t i)
{
    unsigned char c = (unsigned char)p->s[i];
    if (isalpha(c) || c == '_') return true;
    /* µ (U+00B5) and μ (U+03BC) begin µs */
    return i + 1 < p->len && ((c == 0xC2 && (unsigned char)p->s[i + 1] == 0xB5) || (c == 0xCE && (unsigned char)p->s[i + 1] == 0xBC));
}

static void calc_advance(calc_parser *p, size_t to)
{
    for (; p->pos < to && p->pos < p->len; p->pos++) {
        unsigned char c = (unsigned char)p->s[p->pos];
        if (c == '\n') {
            p->line++;
            p->col = 1;
        } else if ((c & 0xC0) != 0x80) {
            p->col++;
        }
    }
}

static void calc_next(calc_parser *p)
{
    while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
        calc_advance(p, p->pos + 1);
    calc_tok *t = &p->tok;
    memset(t, 0, sizeof *t);
    t->start = p->pos;
    t->line = p->line;
    t->col = p->col;
    if (p->pos >= p->len) {
        t->kind = TOK_END;
        t->end = p->pos;
        return;
    }
    const char *s = p->s;
    size_t i = p->pos;
    unsigned char c = (unsigned char)s[i];
    if (isdigit(c) || (c == '.' && i + 1 < p->len && isdigit((unsigned char)s[i + 1]))) {
        char buf[64];
        size_t n = 0;
        while (i < p->len && (isdigit((unsigned char)s[i]) || s[i] == '_' || s[i] == '.') && n + 1 < sizeof buf) {
            if (s[i] != '_') buf[n++] = s[i];
            i++;
        }
        if (i < p->len && (s[i] == 'e' || s[i] == 'E')) {
            size_t k = i + 1;
            if (k < p->len && (s[k] == '+' || s[k] == '-')) k++;
            if (k < p->len && isdigit((unsigned char)s[k])) {
                while (i < p->len && (i < k || isdigit((unsigned char)s[i])) && n + 1 < sizeof buf) buf[n++] = s[i++];
            }
        }
        buf[n] = '\0';
        char *end = NULL;
        t->num = strtod(buf, &end);
        t->kind = (end && *end == '\0' && isfinite(t->num)) ? TOK_NUM : TOK_BAD;
        t->end = i;
    } else if (calc_ident_start(p, i)) {
        i += (c & 0x80) ? 2 : 1;
        while (i < p->len && (isalnum((unsigned char)s[i]) || s[i] == '_')) i++;
        t->kind = TOK_IDENT;
        t->end = i;
    } else if (c == '$' || c == '%') {
        t->kind = TOK_IDENT;
        t->end = i + 1;
    } else if (strchr("+-*/^(),;=", c)) {
        t->kind = TOK_OP;
        t->op = (char)c;
        t->end = i + 1;
    } else if (i + 1 < p->len && c == 0xC3 && (unsigned char)s[i + 1] == 0x97) { /* × */
        t->kind = TOK_OP;
        t->op = '*';
        t->end = i + 2;
    } else if (i + 1 < p->len && c == 0xC2 && (unsigned char)s[i + 1] == 0xB7) { /* · */
        t->kind = TOK_OP;
        t->op = '*';
        t->end = i + 2;
    } else if (i + 2 < p->len && c == 0xE2 && (unsigned char)s[i + 1] == 0x88 && (unsigned char)s[i + 2] == 0x92) { /* − */
        t->kind = TOK_OP;
        t->op = '-';
        t->end = i + 3;
    } else {
        t->kind = TOK_BAD;
        size_t k = i + 1;
        while (k < p->len && ((unsigned char)s[k] & 0xC0) == 0x80) k++;
        t->end = k;
    }
    calc_advance(p, t->end);
}

static bool calc_is_op(const calc_parser *p, char op) { return p->tok.kind == TOK_OP && p->tok.op == op; }

static bool calc_is_ident(const calc_parser *p, const char *word)
{
    size_t n = p->tok.end - p->tok.start;
    return p->tok.kind == TOK_IDENT && strlen(word) == n && !memcmp(p->s + p->tok.start, word, n);
}

static char *calc_tok_text(const calc_parser *p) { return util_xstrndup(p->s + p->tok.start, p->tok.end - p->tok.start); }

static void calc_error(calc_parser *p, const char *fmt, const char *arg)
{
    if (p->failed) return; /* one error per expression: the rest would follow from it */
    p->failed = true;
    char *msg = util_printf(fmt, arg ? arg : "");
    diag_error(p->path, p->tok.line, p->tok.col, "%s", msg);
    free(msg);
}

static void calc_error_tok(calc_parser *p, const char *fmt)
{
    char *t = p->tok.kind == TOK_END ? util_xstrdup("end of expression") : calc_tok_text(p);
    calc_error(p, fmt, t);
    free(t);
}

/* ---- nodes ---- */

static calc_node *calc_node_new(calc_parser *p, calc_kind k, const calc_tok *at, calc_node *a, calc_node *b)
{
    calc_node *n = util_xcalloc(1, sizeof *n);
    n->kind = k;
    n->line = at->line;
    n->col = at->col;
    n->a = a;
    n->b = b;
    int da = a ? a->depth : 0, db = b ? b->depth : 0;
    n->depth = 1 + (da > db ? da : db);
    if (n->depth > CALC_MAX_DEPTH) {
        char lim[16];
        snprintf(lim, sizeof lim, "%d", CALC_MAX_DEPTH);
        calc_error(p, "expression is nested more than %s levels deep", lim);
    }
    return n;
}

static void calc_node_free(calc_node *n)
{
    if (!n) return;
    calc_node_free(n->a);
    calc_node_free(n->b);
    free(n->text);
    free(n);
}

/* ---- units as written ---- */

/* unit-name ['^' INTEGER], at the current token (an identifier that is a unit). */
static bool calc_unit_atom(calc_parser *p, units_q *q)
{
    const units_unit *u = p->tok.kind == TOK_IDENT ? units_find(p->s + p->tok.start, p->tok.end - p->tok.start) : NULL;
    if (!u) {
        calc_error_tok(p, p->tok.kind == TOK_IDENT ? "unknown unit '%s'" : "expected a unit, got '%s'");
        return false;
    }
    *q = units_of(u, 1);
    calc_next(p);
    if (calc_is_op(p, '^')) {
        calc_next(p);
        if (p->tok.kind != TOK_NUM || p->tok.num != floor(p->tok.num) || p->tok.num < 1 || p->tok.num > UNITS_MAX_EXPONENT) {
            calc_error_tok(p, "expected a small whole exponent after '^', got '%s'");
            return false;
        }
        units_q r;
        if (!units_pow(&r, q, (int)p->tok.num)) return false;
        *q = r;
        calc_next(p);
    }
    return true;
}

/* The next token is '/' or '·' and the one after it a unit name. */
static bool calc_unit_continues(const calc_parser *p)
{
    if (!(calc_is_op(p, '/') || (calc_is_op(p, '*') && p->tok.end - p->tok.start == 2))) return false;
    calc_parser look = *p;
    calc_next(&look);
    return look.tok.kind == TOK_IDENT && units_find(look.s + look.tok.start, look.tok.end - look.tok.start);
}

/* Further '/ unit' and '· unit' after a first unit; q is multiplied in place. */
static bool calc_unit_rest(calc_parser *p, units_q *q)
{
    for (size_t guard = 0; guard < CALC_MAX_TEXT && calc_unit_continues(p); guard++) {
        int sign = calc_is_op(p, '/') ? -1 : 1;
        calc_next(p);
        units_q u;
        if (!calc_unit_atom(p, &u)) return false;
        if (!units_mul(q, q, &u, sign)) {
            calc_error(p, "unit exponent out of range%s", NULL);
            return false;
        }
    }
    return true;
}

/* ---- expressions ---- */

static calc_node *calc_sum(calc_parser *p);

static bool calc_enter(calc_parser *p)
{
    if (++p->depth > CALC_MAX_DEPTH) {
        char lim[16];
        snprintf(lim, sizeof lim, "%d", CALC_MAX_DEPTH);
        calc_error(p, "expression is nested more than %s levels deep", lim);
        return false;
    }
    return true;
}

static bool calc_is_function(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof calc_functions / sizeof *calc_functions; i++)
        if (strlen(calc_functions[i]) == n && !memcmp(calc_functions[i], s, n)) return true;
    return false;
}

static calc_node *calc_number(calc_parser *p, bool money)
{
    calc_tok start = p->tok;
    calc_node *n = calc_node_new(p, CALC_NUM, &start, NULL, NULL);
    if (money) {
        calc_next(p); /* the '$' */
        if (p->tok.kind != TOK_NUM) {
            /* `$` alone is one dollar (as in `x in $`) */
            n->q = units_of(units_find("$", 1), 1);
            n->text = util_xstrdup("$");
            return n;
        }
        n->q = units_of(units_find("$", 1), p->tok.num);
        calc_next(p);
    } else {
        n->q = units_scalar(p->tok.num);
        calc_next(p);
        if (p->tok.kind == TOK_IDENT && units_find(p->s + p->tok.start, p->tok.end - p->tok.start)) {
            units_q u;
            if (!calc_unit_atom(p, &u) || !units_mul(&n->q, &n->q, &u, 1)) {
                calc_error(p, "unit exponent out of range%s", NULL);
                return n;
            }
        }
    }
    if (!calc_unit_rest(p, &n->q)) return n;
    size_t end = p->tok.start;
    while (end > start.start && strchr(" \t\r\n", p->s[end - 1])) end--;
    n->text = util_xstrndup(p->s + start.start, end - start.start);
    return n;
}

static calc_node *calc_primary(calc_parser *p)
{
    calc_tok at = p->tok;
    if (p->tok.kind == TOK_NUM) return calc_number(p, false);
    if (calc_is_ident(p, "$")) return calc_number(p, true);
    if (calc_is_op(p, '(')) {
        calc_next(p);
        calc_node *n = calc_sum(p);
        if (!n) return NULL;
        if (!calc_is_op(p, ')')) {
            calc_error_tok(p, "expected ')', got '%s'");
            calc_node_free(n);
            return NULL;
        }
        calc_next(p);
        n->paren = true;
        return n;
    }
    if (p->tok.kind == TOK_IDENT) {
        const char *s = p->s + p->tok.start;
        size_t len = p->tok.end - p->tok.start;
        const units_unit *u = units_find(s, len);
        char *name = calc_tok_text(p);
        calc_next(p);
        if (!calc_is_op(p, '(')) {
            calc_node *n = calc_node_new(p, CALC_NAME, &at, NULL, NULL);
            n->text = name;
            if (u) {
                n->unit = true;
                n->q = units_of(u, 1);
            }
            return n;
        }
        if (!calc_is_function(s, len)) {
            p->tok = at;
            calc_error(p, "unknown function '%s' (functions: ceil, floor, round, min, max, abs)", name);
            free(name);
            return NULL;
        }
        calc_next(p);
        calc_node *a = calc_sum(p), *b = NULL;
        if (a && calc_is_op(p, ',')) {
            calc_next(p);
            b = calc_sum(p);
        }
        bool two = !strcmp(name, "min") || !strcmp(name, "max");
        if (a && !p->failed && (two != (b != NULL))) {
            p->tok = at;
            calc_error(p, two ? "%s() takes two arguments" : "%s() takes one argument", name);
        }
        if (!p->failed && !calc_is_op(p, ')')) calc_error_tok(p, "expected ')', got '%s'");
        calc_node *n = calc_node_new(p, CALC_CALL, &at, a, b);
        n->text = name;
        if (!p->failed) calc_next(p);
        return n;
    }
    calc_error_tok(p, p->tok.kind == TOK_BAD ? "unexpected '%s' in an expression" : "expected a number, a name or '(', got '%s'");
    return NULL;
}

static calc_node *calc_power(calc_parser *p)
{
    calc_node *n = calc_primary(p);
    if (!n || p->failed || !calc_is_op(p, '^')) return n;
    calc_tok at = p->tok;
    calc_next(p);
    int sign = 1;
    if (calc_is_op(p, '-')) {
        sign = -1;
        calc_next(p);
    }
    if (p->tok.kind != TOK_NUM || p->tok.num != floor(p->tok.num) || p->tok.num > UNITS_MAX_EXPONENT) {
        calc_error_tok(p, "expected a small whole exponent after '^', got '%s'");
        return n;
    }
    calc_node *pw = calc_node_new(p, CALC_POW, &at, n, NULL);
    pw->exponent = sign * (int)p->tok.num;
    calc_next(p);
    return pw;
}

static calc_node *calc_unary(calc_parser *p)
{
    if (!calc_is_op(p, '-')) return calc_power(p);
    calc_tok at = p->tok;
    if (!calc_enter(p)) return NULL;
    calc_next(p);
    calc_node *a = calc_unary(p);
    p->depth--;
    return a ? calc_node_new(p, CALC_NEG, &at, a, NULL) : NULL;
}

static calc_node *calc_product(calc_parser *p)
{
    calc_node *n = calc_unary(p);
    while (n && !p->failed && (calc_is_op(p, '*') || calc_is_op(p, '/'))) {
        calc_tok at = p->tok;
        calc_next(p);
        calc_node *b = calc_unary(p);
        if (!b) break;
        n = calc_node_new(p, at.op == '*' ? CALC_MUL : CALC_DIV, &at, n, b);
    }
    return n;
}

static calc_node *calc_sum(calc_parser *p)
{
    if (!calc_enter(p)) return NULL;
    calc_node *n = calc_product(p);
    while (n && !p->failed && (calc_is_op(p, '+') || calc_is_op(p, '-'))) {
        calc_tok at = p->tok;
        calc_next(p);
        calc_node *b = calc_product(p);
        if (!b) break;
        n = calc_node_new(p, at.op == '+' ? CALC_ADD : CALC_SUB, &at, n, b);
    }
    p->depth--;
    return n;
}

static void calc_init(calc_parser *p, const char *path, const char *text, size_t len, int line, int col)
{
    memset(p, 0, sizeof *p);
    p->path = path;
    p->s = text;
    p->len = len;
    p->line = line;
    p->col = col;
}

/* The display unit after `in`, at the current token. */
static units_display *calc_display(calc_parser *p)
{
    calc_tok at = p->tok;
    units_q q;
    if (!calc_unit_atom(p, &q) || !calc_unit_rest(p, &q)) return NULL;
    units_display *d = util_xcalloc(1, sizeof *d);
    size_t end = p->tok.kind == TOK_END ? p->len : p->tok.start;
    while (end > at.start && strchr(" \t\r\n", p->s[end - 1])) end--;
    d->text = util_xstrndup(p->s + at.start, end - at.start);
    d->unit = q;
    d->money_prefix = d->text[0] == '$';
    return d;
}

/* FORMAT after ';'. */
static void calc_format(calc_parser *p, units_format *f)
{
    for (size_t guard = 0; guard < CALC_MAX_TEXT && p->tok.kind != TOK_END && !p->failed; guard++) {
        if (calc_is_op(p, ',') || calc_is_op(p, ';')) {
            calc_next(p);
        } else if (calc_is_ident(p, "approx")) {
            f->approx = true;
            calc_next(p);
        } else if (p->tok.kind == TOK_NUM && p->tok.num == floor(p->tok.num) && p->tok.num > 15) {
            calc_error_tok(p, "'%s' is too many: significant figures and decimal places go up to 15");
        } else if (p->tok.kind == TOK_NUM && p->tok.num == floor(p->tok.num)) {
            int v = (int)p->tok.num;
            calc_next(p);
            if (calc_is_ident(p, "sf") && v >= 1) f->sig = v, f->dp = -1;
            else if (calc_is_ident(p, "dp")) f->dp = v;
            else {
                calc_error_tok(p, "expected 'sf' (significant figures) or 'dp' (decimal places), got '%s'");
                return;
            }
            calc_next(p);
        } else {
            calc_error_tok(p, "unknown format '%s' (formats: 3sf, 0dp, approx)");
        }
    }
}

bool calc_parse_expr(const char *path, const char *text, size_t len, int line, int col, calc_expr *out)
{
    memset(out, 0, sizeof *out);
    out->fmt.dp = -1;
    calc_parser p;
    calc_init(&p, path, text, len, line, col);
    if (len > CALC_MAX_TEXT) {
        char lim[16];
        snprintf(lim, sizeof lim, "%d", CALC_MAX_TEXT);
        calc_next(&p);
        calc_error(&p, "expression is longer than %s bytes", lim);
        return false;
    }
    calc_next(&p);
    if (p.tok.kind == TOK_END) {
        calc_error(&p, "expected an expression%s", NULL);
        return false;
    }
    out->root = calc_sum(&p);
    if (!p.failed && calc_is_ident(&p, "in")) {
        calc_next(&p);
        out->in = calc_display(&p);
    }
    if (!p.failed && calc_is_op(&p, ';')) {
        calc_next(&p);
        calc_format(&p, &out->fmt);
    }
    if (!p.failed && p.tok.kind != TOK_END) calc_error_tok(&p, "unexpected '%s' after the expression");
    if (p.failed || !out->root) {
        calc_expr_free(out);
        return false;
    }
    return true;
}

units_display *calc_parse_unit(const char *path, const char *text, size_t len, int line, int col)
{
    calc_parser p;
    calc_init(&p, path, text, len, line, col);
    calc_next(&p);
    units_display *d = calc_display(&p);
    if (d && p.tok.kind != TOK_END) {
        calc_error_tok(&p, "unexpected '%s' after the unit");
        calc_display_free(d);
        return NULL;
    }
    return d;
}

void calc_display_free(units_display *d)
{
    if (!d) return;
    free(d->text);
    free(d);
}

void calc_expr_free(calc_expr *e)
{
    calc_node_free(e->root);
    calc_display_free(e->in);
    memset(e, 0, sizeof *e);
}

void calc_src_free(calc_src *s)
{
    free(s->name);
    free(s->text);
    memset(s, 0, sizeof *s);
}

bool calc_name_ok(const char *name, const char **why)
{
    *why = NULL;
    if (!name[0] || !(isalpha((unsigned char)name[0]) || name[0] == '_')) {
        *why = "names start with a letter or '_'";
        return false;
    }
    for (const char *q = name; *q; q++)
        if (!isalnum((unsigned char)*q) && *q != '_') {
            *why = "names hold letters, digits and '_'";
            return false;
        }
    if (calc_is_function(name, strlen(name))) {
        *why = "it is the name of a function";
        return false;
    }
    if (!strcmp(name, "in") || !strcmp(name, "approx") || !strcmp(name, "sf") || !strcmp(name, "dp")) {
        *why = "it is a keyword";
        return false;
    }
    return true;
}

bool calc_split_def(const char *path, const char *text, size_t len, int line, int col, calc_src *out)
{
    memset(out, 0, sizeof *out);
    calc_parser p;
    calc_init(&p, path, text, len, line, col);
    calc_next(&p);
    calc_tok name = p.tok;
    if (name.kind != TOK_IDENT) {
        calc_error_tok(&p, "expected 'name = expression', got '%s'");
        return false;
    }
    calc_next(&p);
    if (!calc_is_op(&p, '=')) {
        p.tok = name;
        calc_error_tok(&p, "expected 'name = expression' (a definition) at '%s'");
        return false;
    }
    calc_next(&p);
    out->name = util_xstrndup(text + name.start, name.end - name.start);
    out->name_line = name.line;
    out->name_col = name.col;
    out->line = p.tok.line;
    out->col = p.tok.col;
    out->text = util_xstrndup(text + p.tok.start, len - p.tok.start);
    return true;
}
