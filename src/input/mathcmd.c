/* mathcmd — TeX math commands and environments (\frac, \sqrt, \left…\right, \text,
 * \begin{pmatrix} …): what follows a backslash, for mathparse. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mathparse.h"
#include "mathparse_int.h"
#include "util.h"

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

math_node *math_command(math_parser *p)
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
    if (sym && ((n == 3 && !memcmp(name, "iff", 3)) || (n == 7 && !memcmp(name, "implies", 7)) ||
                (n == 9 && !memcmp(name, "impliedby", 9)))) {
        /* amsmath: \;\Longleftrightarrow\; (a relation with a thick space either side of it) */
        math_node *row = math_new(p, MATH_ROW, pos), *l = math_new(p, MATH_SPACE, pos), *r = math_new(p, MATH_SPACE, pos);
        math_node *rel = math_symbol_node(p, pos, sym->cp, math_plain_char(sym->cp), sym->cls, sym->flags);
        if (!row || !l || !r || !rel) return NULL;
        l->mu = r->mu = 5;
        row->cls = MATH_CLASS_REL;
        math_add(row, l);
        math_add(row, rel);
        math_add(row, r);
        return row;
    }
    if (sym) return math_symbol_node(p, pos, sym->cp, math_plain_char(sym->cp), sym->cls, sym->flags);
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
        d->style = 2; /* outside \left…\right: \Big */
        /* Like e-TeX's: a closing delimiter to what precedes it, an opening one to what follows (no space). */
        d->cls = MATH_CLASS_OPEN;
        if (p->left_open) d->flags |= MATH_F_MIDDLE;
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
        sp->mu = 8; /* amsmath's \pmod in running text */
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
    math_node *a = math_cells(p, pos, (math_env)env, name);
    free(name);
    return a;
}

/* The cells of an environment up to its \end{name}, or (name NULL) to the end of the formula:
 * top-level `&` and `\\` make the whole formula an aligned one, as KaTeX and MathJax do. */
math_node *math_cells(math_parser *p, size_t pos, math_env env, const char *name)
{
    math_node *a = math_new(p, MATH_ARRAY, pos);
    if (!a) return NULL;
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
            math_fail(p, pos, "'%s' has more than %d cells", name ? name : "formula", MATH_MAX_CELLS);
            break;
        }
        if (p->i < p->len && p->s[p->i] == '&') {
            p->i++;
            col++;
        } else if (p->i + 1 < p->len && p->s[p->i] == '\\' && p->s[p->i + 1] == '\\') {
            p->i += 2;
            /* \\[2pt]: extra space, ignored; only a length right after it (a row may start with '['). */
            size_t k = p->i + 1;
            while (k < p->len && k < p->i + 16 && (g_ascii_isdigit(p->s[k]) || p->s[k] == '.' || p->s[k] == '-')) k++;
            while (k < p->len && k < p->i + 16 && g_ascii_isalpha(p->s[k])) k++;
            if (p->i < p->len && p->s[p->i] == '[' && k < p->len && p->s[k] == ']' && k > p->i + 1) p->i = k + 1;
            row++;
            col = 0;
        } else if (name && math_is_cmd(p, "end")) {
            p->i += 4;
            char *end = math_raw_group(p, "end");
            if (end && strcmp(end, name)) math_fail(p, pos, "'\\begin{%s}' ends with '\\end{%s}'", name, end);
            free(end);
            break;
        } else if (name || p->i < p->len) {
            if (name) math_fail(p, pos, "'\\begin{%s}' without a matching '\\end{%s}'", name, name);
            else if (math_is_cmd(p, "end")) math_fail(p, p->i, "'\\end' without a matching '\\begin'");
            else math_fail(p, p->i, "unexpected '%c'", p->s[p->i]);
            break;
        } else {
            break;
        }
    }
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

