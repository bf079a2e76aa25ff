/* mathparse — TeX math → math tree (recursive descent, bounded depth and size). */
#include "mathparse.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

typedef struct math_parser {
    const char *s;
    size_t len, i;
    math_tree *t;
    int depth;
    math_variant variant;
    int left_open; /* \left not yet closed */
    int groups;    /* { not yet closed */
} math_parser;

static bool math_fail(math_parser *p, size_t pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool math_fail(math_parser *p, size_t pos, const char *fmt, ...)
{
    if (p->t->error) return false;
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    p->t->error = util_xstrdup(msg);
    g_free(msg);
    p->t->error_pos = pos;
    return false;
}

static math_node *math_new(math_parser *p, math_kind kind, size_t pos)
{
    if (p->t->n_all >= MATH_MAX_NODES) {
        math_fail(p, pos, "formula is too large (more than %d parts)", MATH_MAX_NODES);
        return NULL;
    }
    math_node *n = util_xcalloc(1, sizeof *n);
    n->kind = kind;
    n->pos = pos;
    n->style = -1;
    *UTIL_PUSH(p->t->all, p->t->n_all, p->t->cap_all) = n;
    return n;
}

static void math_add(math_node *row, math_node *kid) { *UTIL_PUSH(row->kids, row->n_kids, row->cap_kids) = kid; }

static void math_skip_space(math_parser *p)
{
    while (p->i < p->len && (p->s[p->i] == ' ' || p->s[p->i] == '\n' || p->s[p->i] == '\t' || p->s[p->i] == '\r')) p->i++;
}

/* A command name at p->i (after the backslash): letters, or one other character. */
static size_t math_cmd_len(const math_parser *p, size_t at)
{
    size_t k = at;
    while (k < p->len && g_ascii_isalpha(p->s[k])) k++;
    if (k == at && k < p->len) k++;
    return k - at;
}

static bool math_is_cmd(const math_parser *p, const char *name)
{
    size_t n = strlen(name);
    return p->i < p->len && p->s[p->i] == '\\' && math_cmd_len(p, p->i + 1) == n && !memcmp(p->s + p->i + 1, name, n);
}

static math_node *math_row(math_parser *p);
static math_node *math_atom(math_parser *p, bool scripts);

/* A mandatory argument: a group or a single token. */
static math_node *math_arg(math_parser *p, const char *cmd)
{
    math_skip_space(p);
    if (p->i >= p->len || p->s[p->i] == '}' || p->s[p->i] == '&' || p->s[p->i] == '^' || p->s[p->i] == '_') {
        math_fail(p, p->i, "'\\%s' needs an argument", cmd);
        return NULL;
    }
    return math_atom(p, false);
}

/* A {…} argument read as raw text (\text, \operatorname, \tag, \begin). */
static char *math_raw_group(math_parser *p, const char *cmd)
{
    math_skip_space(p);
    if (p->i >= p->len || p->s[p->i] != '{') {
        math_fail(p, p->i, "'\\%s' needs a {…} argument", cmd);
        return NULL;
    }
    size_t start = ++p->i;
    int depth = 1;
    for (; p->i < p->len; p->i++) {
        char c = p->s[p->i];
        if (c == '\\' && p->i + 1 < p->len) p->i++;
        else if (c == '{') depth++;
        else if (c == '}' && !--depth) break;
    }
    if (p->i >= p->len) {
        math_fail(p, start - 1, "unbalanced braces: this '{' is not closed");
        return NULL;
    }
    util_buf b = {0};
    util_buf_adds(&b, "");
    for (size_t k = start; k < p->i; k++) {
        if (p->s[k] == '\\' && k + 1 < p->i && strchr("{}$%&#_ ", p->s[k + 1])) k++;
        else if (p->s[k] == '~') {
            util_buf_adds(&b, "\xc2\xa0");
            continue;
        }
        util_buf_addc(&b, p->s[k]);
    }
    p->i++;
    return util_buf_steal(&b);
}

static uint32_t math_utf8_at(math_parser *p, size_t *n)
{
    const char *s = p->s + p->i;
    gunichar c = g_utf8_get_char_validated(s, (gssize)(p->len - p->i));
    if (c == (gunichar)-1 || c == (gunichar)-2) {
        *n = 1;
        return 0xFFFD;
    }
    *n = (size_t)(g_utf8_next_char(s) - s);
    return c;
}

/* A delimiter after \left, \right, \big…: a character or a delimiter command; '.' is none. */
static bool math_delim(math_parser *p, const char *cmd, uint32_t *cp)
{
    math_skip_space(p);
    if (p->i >= p->len) return math_fail(p, p->i, "'\\%s' needs a delimiter", cmd);
    char c = p->s[p->i];
    if (strchr("()[]|/.<>", c)) {
        *cp = c == '.' ? 0 : c == '<' ? 0x27E8 : c == '>' ? 0x27E9 : (uint32_t)c;
        p->i++;
        return true;
    }
    if (c == '\\') {
        size_t n = math_cmd_len(p, p->i + 1);
        const math_symbol *s = math_symbol_find(p->s + p->i + 1, n);
        if (s && (s->cls == MATH_CLASS_OPEN || s->cls == MATH_CLASS_CLOSE || s->cp == '|' || s->cp == 0x2016 ||
                  s->cp == 0x2191 || s->cp == 0x2193 || s->cp == '\\')) {
            *cp = s->cp;
            p->i += 1 + n;
            return true;
        }
    }
    return math_fail(p, p->i, "'\\%s' is not followed by a delimiter", cmd);
}

static math_node *math_symbol_node(math_parser *p, size_t pos, uint32_t cp, uint32_t plain, math_class cls, unsigned flags)
{
    math_node *n = math_new(p, MATH_SYM, pos);
    if (!n) return NULL;
    n->cp = cp;
    n->cp2 = plain;
    n->cls = cls;
    n->flags = flags;
    return n;
}

static math_node *math_text_node(math_parser *p, size_t pos, char *text, math_class cls, unsigned flags)
{
    math_node *n = math_new(p, MATH_TEXT, pos);
    if (!n) {
        free(text);
        return NULL;
    }
    n->text = text;
    n->cls = cls;
    n->flags = flags;
    return n;
}

static math_node *math_environment(math_parser *p, size_t pos);

static bool math_font_variant(const char *name, size_t n, math_variant *v)
{
    static const struct { const char *name; math_variant v; } fonts[] = {
        {"mathbf", MATH_VAR_BF}, {"mathrm", MATH_VAR_UP}, {"mathit", MATH_VAR_IT}, {"mathbb", MATH_VAR_BB},
        {"mathcal", MATH_VAR_CAL}, {"mathscr", MATH_VAR_CAL}, {"mathfrak", MATH_VAR_FRAK}, {"mathsf", MATH_VAR_SF},
        {"mathtt", MATH_VAR_TT}, {"boldsymbol", MATH_VAR_BFIT}, {"bm", MATH_VAR_BFIT}, {"mathnormal", MATH_VAR_NORMAL},
    };
    for (size_t i = 0; i < sizeof fonts / sizeof *fonts; i++)
        if (strlen(fonts[i].name) == n && !memcmp(fonts[i].name, name, n)) {
            *v = fonts[i].v;
            return true;
        }
    return false;
}

static double math_space_of(const char *name, size_t n)
{
    static const struct { const char *name; double mu; } sp[] = {
        {",", 3}, {":", 4}, {">", 4}, {";", 5}, {"!", -3}, {" ", 6}, {"quad", 18}, {"qquad", 36},
        {"thinspace", 3}, {"medspace", 4}, {"thickspace", 5}, {"negthinspace", -3}, {"enspace", 9},
    };
    for (size_t i = 0; i < sizeof sp / sizeof *sp; i++)
        if (strlen(sp[i].name) == n && !memcmp(sp[i].name, name, n)) return sp[i].mu;
    return 0;
}

static math_node *math_command(math_parser *p)
{
    size_t pos = p->i;
    size_t n = math_cmd_len(p, p->i + 1);
    const char *name = p->s + p->i + 1;
    char cmd[32];
    snprintf(cmd, sizeof cmd, "%.*s", (int)(n < 31 ? n : 31), name);
    if (n == 0) {
        p->i++;
        math_fail(p, pos, "a lone '\\' ends the formula");
        return NULL;
    }
    p->i += 1 + n;
    const math_symbol *sym = math_symbol_find(name, n);
    if (sym) return math_symbol_node(p, pos, sym->cp, sym->cp, sym->cls, sym->flags);
    const char *optext;
    bool limits;
    if (math_operator_find(name, n, &optext, &limits))
        return math_text_node(p, pos, util_xstrdup(optext), MATH_CLASS_OP, MATH_F_UPRIGHT | (limits ? MATH_F_LIMITS : 0));
    double mu = math_space_of(name, n);
    if (mu != 0) {
        math_node *s = math_new(p, MATH_SPACE, pos);
        if (s) s->mu = mu;
        return s;
    }
    uint32_t acc;
    bool wide;
    if (math_accent_find(name, n, &acc, &wide)) {
        math_node *a = math_new(p, MATH_ACCENT, pos);
        if (!a) return NULL;
        a->cp = acc;
        a->flags = wide ? MATH_F_WIDE : 0;
        a->a = math_arg(p, cmd);
        return a->a ? a : NULL;
    }
    math_variant v;
    if (math_font_variant(name, n, &v)) {
        math_variant saved = p->variant;
        p->variant = v;
        math_node *a = math_arg(p, cmd);
        p->variant = saved;
        return a;
    }
    if (!strcmp(cmd, "frac") || !strcmp(cmd, "dfrac") || !strcmp(cmd, "tfrac") || !strcmp(cmd, "binom") ||
        !strcmp(cmd, "cfrac") || !strcmp(cmd, "dbinom") || !strcmp(cmd, "tbinom")) {
        math_node *f = math_new(p, MATH_FRAC, pos);
        if (!f) return NULL;
        bool binom = strstr(cmd, "binom") != NULL;
        f->mu = binom ? 0 : 1;
        if (binom) {
            f->cp = '(';
            f->cp2 = ')';
        }
        f->style = cmd[0] == 'd' || cmd[0] == 'c' ? 0 : cmd[0] == 't' ? 1 : -1;
        f->a = math_arg(p, cmd);
        if (f->a) f->b = math_arg(p, cmd);
        return f->b ? f : NULL;
    }
    if (!strcmp(cmd, "sqrt")) {
        math_node *r = math_new(p, MATH_SQRT, pos);
        if (!r) return NULL;
        math_skip_space(p);
        if (p->i < p->len && p->s[p->i] == '[') {
            size_t open = p->i++;
            math_node *idx = math_new(p, MATH_ROW, open);
            if (!idx) return NULL;
            while (p->i < p->len && p->s[p->i] != ']' && !p->t->error) {
                math_node *k = math_atom(p, true);
                if (k) math_add(idx, k);
                math_skip_space(p);
            }
            if (p->t->error) return NULL;
            if (p->i >= p->len) {
                math_fail(p, open, "'\\sqrt[' has no closing ']'");
                return NULL;
            }
            p->i++;
            r->b = idx;
        }
        r->a = math_arg(p, cmd);
        return r->a ? r : NULL;
    }
    if (!strcmp(cmd, "overline") || !strcmp(cmd, "underline")) {
        math_node *o = math_new(p, MATH_OVERLINE, pos);
        if (!o) return NULL;
        o->cp = cmd[0] == 'u';
        o->a = math_arg(p, cmd);
        return o->a ? o : NULL;
    }
    if (!strcmp(cmd, "overset") || !strcmp(cmd, "underset") || !strcmp(cmd, "stackrel")) {
        math_node *o = math_new(p, MATH_UNDEROVER, pos);
        if (!o) return NULL;
        o->cp = cmd[0] == 'u';
        o->a = math_arg(p, cmd);
        if (o->a) o->b = math_arg(p, cmd);
        if (o->b && cmd[1] == 't') o->cls = MATH_CLASS_REL;
        else if (o->b && o->b->kind == MATH_SYM) o->cls = o->b->cls;
        return o->b ? o : NULL;
    }
    if (!strcmp(cmd, "text") || !strcmp(cmd, "textrm") || !strcmp(cmd, "mbox") || !strcmp(cmd, "textit") ||
        !strcmp(cmd, "textbf") || !strcmp(cmd, "textnormal") || !strcmp(cmd, "operatorname") || !strcmp(cmd, "mathop")) {
        bool star = p->i < p->len && p->s[p->i] == '*';
        if (star) p->i++;
        char *text = math_raw_group(p, cmd);
        if (!text) return NULL;
        bool op = !strcmp(cmd, "operatorname") || !strcmp(cmd, "mathop");
        return math_text_node(p, pos, text, op ? MATH_CLASS_OP : MATH_CLASS_ORD,
                              MATH_F_UPRIGHT | (star ? MATH_F_LIMITS : 0));
    }
    if (!strcmp(cmd, "left")) {
        math_node *f = math_new(p, MATH_FENCED, pos);
        if (!f || !math_delim(p, "left", &f->cp)) return NULL;
        f->cls = MATH_CLASS_INNER;
        p->left_open++;
        f->a = math_row(p);
        p->left_open--;
        if (!f->a) return NULL;
        if (!math_is_cmd(p, "right")) {
            math_fail(p, pos, "'\\left' without a matching '\\right'");
            return NULL;
        }
        p->i += 6;
        return math_delim(p, "right", &f->cp2) ? f : NULL;
    }
    if (!strcmp(cmd, "right")) {
        math_fail(p, pos, "'\\right' without a matching '\\left'");
        return NULL;
    }
    if (!strcmp(cmd, "middle")) {
        math_node *d = math_new(p, MATH_BIGDELIM, pos);
        if (!d || !math_delim(p, cmd, &d->cp)) return NULL;
        d->style = 2;
        d->cls = MATH_CLASS_REL;
        return d;
    }
    static const char *bigs[] = {"big", "Big", "bigg", "Bigg"};
    for (int k = 0; k < 4; k++) {
        size_t bl = strlen(bigs[k]);
        if (!strncmp(cmd, bigs[k], bl) && (!cmd[bl] || !strcmp(cmd + bl, "l") || !strcmp(cmd + bl, "r") ||
                                          !strcmp(cmd + bl, "m"))) {
            math_node *d = math_new(p, MATH_BIGDELIM, pos);
            if (!d || !math_delim(p, cmd, &d->cp)) return NULL;
            d->style = k + 1;
            d->cls = cmd[bl] == 'l' ? MATH_CLASS_OPEN : cmd[bl] == 'r' ? MATH_CLASS_CLOSE
                     : cmd[bl] == 'm' ? MATH_CLASS_REL : math_char_class(d->cp);
            return d;
        }
    }
    static const char *styles[] = {"displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle"};
    for (int k = 0; k < 4; k++)
        if (!strcmp(cmd, styles[k])) {
            math_node *s = math_new(p, MATH_STYLE, pos);
            if (!s) return NULL;
            s->style = k;
            s->a = math_row(p); /* to the end of the group */
            return s->a ? s : NULL;
        }
    if (!strcmp(cmd, "tag")) {
        bool star = p->i < p->len && p->s[p->i] == '*';
        if (star) p->i++;
        char *tag = math_raw_group(p, cmd);
        if (!tag) return NULL;
        free(p->t->tag);
        p->t->tag = tag;
        return math_new(p, MATH_ROW, pos);
    }
    if (!strcmp(cmd, "label") || !strcmp(cmd, "nonumber") || !strcmp(cmd, "notag") || !strcmp(cmd, "limits") ||
        !strcmp(cmd, "nolimits")) {
        if (cmd[0] == 'l' && cmd[1] == 'a') free(math_raw_group(p, cmd));
        return math_new(p, MATH_ROW, pos);
    }
    if (!strcmp(cmd, "pmod")) {
        math_node *row = math_new(p, MATH_ROW, pos);
        math_node *sp = math_new(p, MATH_SPACE, pos);
        if (!row || !sp) return NULL;
        sp->mu = 18;
        math_add(row, sp);
        math_node *open = math_symbol_node(p, pos, '(', '(', MATH_CLASS_OPEN, 0);
        math_node *mod = math_text_node(p, pos, util_xstrdup("mod"), MATH_CLASS_ORD, MATH_F_UPRIGHT);
        math_node *sp2 = math_new(p, MATH_SPACE, pos);
        math_node *arg = math_arg(p, cmd);
        math_node *close = math_symbol_node(p, pos, ')', ')', MATH_CLASS_CLOSE, 0);
        if (!open || !mod || !sp2 || !arg || !close) return NULL;
        sp2->mu = 6;
        math_add(row, open);
        math_add(row, mod);
        math_add(row, sp2);
        math_add(row, arg);
        math_add(row, close);
        return row;
    }
    if (!strcmp(cmd, "not")) {
        math_node *a = math_arg(p, cmd);
        if (a && a->kind == MATH_SYM) {
            static const uint32_t negs[][2] = {{'=', 0x2260}, {0x2208, 0x2209}, {0x2264, 0x2270}, {0x2265, 0x2271},
                                               {0x2261, 0x2262}, {0x223C, 0x2241}, {0x2282, 0x2284}, {0x2286, 0x2288}};
            for (size_t k = 0; k < sizeof negs / sizeof *negs; k++)
                if (a->cp == negs[k][0]) a->cp = a->cp2 = negs[k][1];
        }
        return a;
    }
    if (!strcmp(cmd, "begin")) return math_environment(p, pos);
    if (!strcmp(cmd, "end")) {
        math_fail(p, pos, "'\\end' without a matching '\\begin'");
        return NULL;
    }
    math_fail(p, pos, "unknown math command '\\%.*s'", (int)(n < 40 ? n : 40), name);
    return NULL;
}

static math_node *math_environment(math_parser *p, size_t pos)
{
    char *name = math_raw_group(p, "begin");
    if (!name) return NULL;
    static const struct { const char *name; math_env env; } envs[] = {
        {"matrix", MATH_ENV_MATRIX}, {"pmatrix", MATH_ENV_PMATRIX}, {"bmatrix", MATH_ENV_BMATRIX},
        {"Bmatrix", MATH_ENV_BBMATRIX}, {"vmatrix", MATH_ENV_VMATRIX}, {"Vmatrix", MATH_ENV_VVMATRIX},
        {"smallmatrix", MATH_ENV_MATRIX}, {"cases", MATH_ENV_CASES}, {"aligned", MATH_ENV_ALIGNED},
        {"align", MATH_ENV_ALIGNED}, {"align*", MATH_ENV_ALIGNED}, {"split", MATH_ENV_ALIGNED},
        {"gathered", MATH_ENV_GATHERED}, {"gather", MATH_ENV_GATHERED}, {"gather*", MATH_ENV_GATHERED},
        {"equation", MATH_ENV_GATHERED}, {"equation*", MATH_ENV_GATHERED}, {"array", MATH_ENV_MATRIX},
    };
    int env = -1;
    for (size_t k = 0; k < sizeof envs / sizeof *envs; k++)
        if (!strcmp(envs[k].name, name)) env = (int)envs[k].env;
    if (env < 0) {
        math_fail(p, pos, "unknown environment '%s'", name);
        free(name);
        return NULL;
    }
    if (!strcmp(name, "array")) free(math_raw_group(p, "begin{array}")); /* column spec: cells are centred */
    math_node *a = math_new(p, MATH_ARRAY, pos);
    if (!a) {
        free(name);
        return NULL;
    }
    a->env = env;
    math_node **cells = NULL;
    size_t n_cells = 0, cap_cells = 0;
    int row = 0, col = 0, cols = 0;
    for (;;) {
        math_node *cell = math_row(p);
        if (!cell) break;
        *UTIL_PUSH(cells, n_cells, cap_cells) = cell;
        cell->rows = row; /* position kept in rows/cols until the grid is built */
        cell->cols = col;
        if (col + 1 > cols) cols = col + 1;
        if (n_cells > MATH_MAX_CELLS) {
            math_fail(p, pos, "'%s' has more than %d cells", name, MATH_MAX_CELLS);
            break;
        }
        if (p->i < p->len && p->s[p->i] == '&') {
            p->i++;
            col++;
        } else if (p->i + 1 < p->len && p->s[p->i] == '\\' && p->s[p->i + 1] == '\\') {
            p->i += 2;
            math_skip_space(p);
            if (p->i < p->len && p->s[p->i] == '[') { /* \\[2pt]: extra space is ignored */
                while (p->i < p->len && p->s[p->i] != ']') p->i++;
                if (p->i < p->len) p->i++;
            }
            row++;
            col = 0;
        } else if (math_is_cmd(p, "end")) {
            p->i += 4;
            char *end = math_raw_group(p, "end");
            if (end && strcmp(end, name)) math_fail(p, pos, "'\\begin{%s}' ends with '\\end{%s}'", name, end);
            free(end);
            break;
        } else {
            math_fail(p, pos, "'\\begin{%s}' without a matching '\\end{%s}'", name, name);
            break;
        }
    }
    free(name);
    if (p->t->error) {
        free(cells);
        return NULL;
    }
    /* A trailing \\ leaves an empty last row: dropped. */
    int rows = row + 1;
    if (n_cells && cells[n_cells - 1]->rows == row && cells[n_cells - 1]->n_kids == 0 && row > 0 &&
        cells[n_cells - 1]->cols == 0)
        rows = row, n_cells--;
    a->rows = rows;
    a->cols = cols;
    a->kids = util_xcalloc((size_t)rows * (size_t)cols, sizeof *a->kids);
    a->n_kids = (size_t)rows * (size_t)cols;
    for (size_t k = 0; k < n_cells; k++) {
        math_node *c = cells[k];
        a->kids[(size_t)c->rows * (size_t)cols + (size_t)c->cols] = c;
        c->rows = c->cols = 0;
    }
    free(cells);
    return a;
}

/* One item: a group, a command or a character, with its scripts. */
static math_node *math_atom(math_parser *p, bool scripts)
{
    if (++p->depth > MATH_MAX_DEPTH) {
        math_fail(p, p->i, "formula is nested more than %d levels deep", MATH_MAX_DEPTH);
        p->depth--;
        return NULL;
    }
    math_skip_space(p);
    size_t pos = p->i;
    math_node *base = NULL;
    char c = p->s[p->i];
    if (c == '{') {
        p->i++;
        p->groups++;
        base = math_row(p);
        p->groups--;
        if (base && (p->i >= p->len || p->s[p->i] != '}')) {
            math_fail(p, pos, "unbalanced braces: this '{' is not closed");
            base = NULL;
        } else if (base) {
            p->i++;
        }
    } else if (c == '\\') {
        base = math_command(p);
    } else if (c == '}') {
        math_fail(p, pos, "unbalanced braces: '}' without a matching '{'");
    } else if (c == '^' || c == '_') {
        base = math_new(p, MATH_ROW, pos); /* a script with an empty base */
    } else if (c == '\'') {
        base = math_new(p, MATH_ROW, pos);
    } else if (c == '~') {
        p->i++;
        base = math_new(p, MATH_SPACE, pos);
        if (base) base->mu = 6;
    } else if (c == '#' || c == '&') {
        p->i++;
        math_fail(p, pos, "'%c' is not allowed here (write \\%c)", c, c);
    } else {
        size_t n;
        uint32_t cp = math_utf8_at(p, &n);
        p->i += n;
        if (cp == '-') cp = 0x2212;
        if (cp == '*') cp = 0x2217;
        bool letter = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
        bool digit = cp >= '0' && cp <= '9';
        math_variant v = p->variant;
        uint32_t shown = (letter || digit) ? math_styled_char(cp, v == MATH_VAR_NORMAL && digit ? MATH_VAR_UP : v) : cp;
        base = math_symbol_node(p, pos, shown, cp, math_char_class(cp), 0);
    }
    /* Scripts and primes. */
    while (scripts && base && !p->t->error) {
        math_skip_space(p);
        if (p->i >= p->len) break;
        char s = p->s[p->i];
        if (s == '\\' && (math_is_cmd(p, "limits") || math_is_cmd(p, "nolimits"))) {
            bool lim = p->s[p->i + 1] == 'l';
            p->i += lim ? 7 : 9;
            base->flags = (base->flags & ~(unsigned)(MATH_F_LIMITS | MATH_F_NOLIMITS)) |
                          (lim ? MATH_F_LIMITS | MATH_F_FORCELIMITS : MATH_F_NOLIMITS);
            continue;
        }
        if (s != '^' && s != '_' && s != '\'') break;
        math_node *sc = base->kind == MATH_SCRIPTS ? base : NULL;
        if (!sc) {
            sc = math_new(p, MATH_SCRIPTS, base->pos);
            if (!sc) break;
            sc->a = base;
            sc->cls = base->cls;
            sc->flags = base->flags;
        }
        size_t spos = p->i++;
        if (s == '\'') {
            math_node *pr = math_symbol_node(p, spos, 0x2032, '\'', MATH_CLASS_ORD, 0);
            if (!pr) break;
            if (!sc->c) sc->c = math_new(p, MATH_ROW, spos);
            if (!sc->c || sc->c->kind != MATH_ROW) {
                math_fail(p, spos, "a prime after a superscript: write x'^2, not x^2'");
                break;
            }
            math_add(sc->c, pr);
        } else {
            math_node **slot = s == '^' ? &sc->c : &sc->b;
            if (*slot && !(s == '^' && (*slot)->kind == MATH_ROW && (*slot)->n_kids && (*slot)->kids[0]->cp == 0x2032)) {
                math_fail(p, spos, "double %s: use braces, e.g. x^{a^b}", s == '^' ? "superscript" : "subscript");
                break;
            }
            math_node *arg = math_arg(p, s == '^' ? "^" : "_");
            if (!arg) break;
            if (*slot) math_add(*slot, arg);
            else *slot = arg;
        }
        base = sc;
    }
    p->depth--;
    return p->t->error ? NULL : base;
}

/* Items up to the end, a '}', '&', '\\', \right or \end. */
static math_node *math_row(math_parser *p)
{
    math_node *row = math_new(p, MATH_ROW, p->i);
    if (!row) return NULL;
    for (;;) {
        math_skip_space(p);
        if (p->i >= p->len || p->t->error) break;
        char c = p->s[p->i];
        if (c == '}' && p->groups) break;
        if (c == '}') {
            math_fail(p, p->i, "unbalanced braces: '}' without a matching '{'");
            break;
        }
        if (c == '&' || (c == '\\' && p->i + 1 < p->len && p->s[p->i + 1] == '\\')) break;
        if (math_is_cmd(p, "end")) break;
        if (math_is_cmd(p, "right") && p->left_open) break;
        math_node *k = math_atom(p, true);
        if (!k) break;
        math_add(row, k);
    }
    return p->t->error ? NULL : row;
}

bool math_parse(const char *tex, size_t len, math_tree *t)
{
    memset(t, 0, sizeof *t);
    math_parser p = {.s = tex, .len = len, .t = t};
    if (len > MATH_MAX_BYTES) {
        math_fail(&p, 0, "formula is longer than %d bytes", MATH_MAX_BYTES);
        return false;
    }
    t->root = math_row(&p);
    if (!t->error && p.i < len) {
        if (tex[p.i] == '&' || tex[p.i] == '\\') math_fail(&p, p.i, "'%s' outside an environment such as aligned or cases",
                                                             tex[p.i] == '&' ? "&" : "\\\\");
        else if (math_is_cmd(&p, "end")) math_fail(&p, p.i, "'\\end' without a matching '\\begin'");
        else math_fail(&p, p.i, "unexpected '%c'", tex[p.i]);
    }
    return !t->error;
}

void math_tree_free(math_tree *t)
{
    for (size_t i = 0; i < t->n_all; i++) {
        free(t->all[i]->text);
        free(t->all[i]->kids);
        free(t->all[i]);
    }
    free(t->all);
    free(t->tag);
    free(t->error);
    memset(t, 0, sizeof *t);
}

void math_tree_dump(const math_node *n, int depth, char **out)
{
    static const char *kinds[] = {"row", "sym", "text", "frac", "sqrt", "scripts", "fenced", "accent",
                                  "overline", "space", "array", "bigdelim", "style", "underover"};
    util_buf b = {0};
    util_buf_adds(&b, *out ? *out : "");
    free(*out);
    if (!n) {
        util_buf_printf(&b, "%*s-\n", depth * 2, "");
        *out = util_buf_steal(&b);
        return;
    }
    util_buf_printf(&b, "%*s%s", depth * 2, "", kinds[n->kind]);
    if (n->kind == MATH_SYM || n->kind == MATH_ACCENT || n->kind == MATH_FENCED || n->kind == MATH_BIGDELIM)
        util_buf_printf(&b, " U+%04X", (unsigned)n->cp);
    if (n->kind == MATH_FENCED) util_buf_printf(&b, " U+%04X", (unsigned)n->cp2);
    if (n->text) util_buf_printf(&b, " \"%s\"", n->text);
    if (n->kind == MATH_SPACE) util_buf_printf(&b, " %gmu", n->mu);
    if (n->kind == MATH_ARRAY) util_buf_printf(&b, " %dx%d env=%d", n->rows, n->cols, n->env);
    if (n->cls) util_buf_printf(&b, " class=%d", (int)n->cls);
    util_buf_addc(&b, '\n');
    *out = util_buf_steal(&b);
    if (n->a || n->b || n->c) {
        math_tree_dump(n->a, depth + 1, out);
        if (n->b || n->c) math_tree_dump(n->b, depth + 1, out);
        if (n->c) math_tree_dump(n->c, depth + 1, out);
    }
    for (size_t i = 0; i < n->n_kids; i++) math_tree_dump(n->kids[i], depth + 1, out);
}
