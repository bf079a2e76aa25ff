/* mathparse — TeX math → math tree (recursive descent, bounded depth and size). */
#include "mathparse.h"
#include "mathparse_int.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

bool math_fail(math_parser *p, size_t pos, const char *fmt, ...)
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

math_node *math_new(math_parser *p, math_kind kind, size_t pos)
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

void math_add(math_node *row, math_node *kid) { *UTIL_PUSH(row->kids, row->n_kids, row->cap_kids) = kid; }

void math_skip_space(math_parser *p)
{
    while (p->i < p->len && (p->s[p->i] == ' ' || p->s[p->i] == '\n' || p->s[p->i] == '\t' || p->s[p->i] == '\r')) p->i++;
}

/* A command name at p->i (after the backslash): letters, or one other character. */
size_t math_cmd_len(const math_parser *p, size_t at)
{
    size_t k = at;
    while (k < p->len && g_ascii_isalpha(p->s[k])) k++;
    if (k == at && k < p->len) k++;
    return k - at;
}

bool math_is_cmd(const math_parser *p, const char *name)
{
    size_t n = strlen(name);
    return p->i < p->len && p->s[p->i] == '\\' && math_cmd_len(p, p->i + 1) == n && !memcmp(p->s + p->i + 1, name, n);
}


/* A mandatory argument: a group or a single token. */
math_node *math_arg(math_parser *p, const char *cmd)
{
    math_skip_space(p);
    if (p->i >= p->len || p->s[p->i] == '}' || p->s[p->i] == '&' || p->s[p->i] == '^' || p->s[p->i] == '_') {
        math_fail(p, p->i, "'\\%s' needs an argument", cmd);
        return NULL;
    }
    return math_atom(p, false);
}

/* A {…} argument read as raw text (\text, \operatorname, \tag, \begin). */
char *math_raw_group(math_parser *p, const char *cmd)
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
        if (p->s[k] == '\\' && k + 1 < p->i && strchr(",;:! ", p->s[k + 1])) { /* spacing: a space (\! none) */
            if (p->s[++k] != '!') util_buf_addc(&b, ' ');
            continue;
        }
        if (p->s[k] == '\\' && k + 1 < p->i && strchr("{}$%&#_", p->s[k + 1])) k++;
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
bool math_delim(math_parser *p, const char *cmd, uint32_t *cp)
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

math_node *math_symbol_node(math_parser *p, size_t pos, uint32_t cp, uint32_t plain, math_class cls, unsigned flags)
{
    math_node *n = math_new(p, MATH_SYM, pos);
    if (!n) return NULL;
    n->cp = cp;
    n->cp2 = plain;
    n->cls = cls;
    n->flags = flags;
    return n;
}

math_node *math_text_node(math_parser *p, size_t pos, char *text, math_class cls, unsigned flags)
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


/* One item: a group, a command or a character, with its scripts. */
math_node *math_atom(math_parser *p, bool scripts)
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
        size_t spos = p->i++;
        if (s == '\'') { /* a prime: the font's U+2032 is drawn raised already, so it follows the base */
            if (base->kind == MATH_SCRIPTS) {
                math_fail(p, spos, "a prime after a script: write x'^2, not x^2'");
                break;
            }
            math_node *pr = math_symbol_node(p, spos, 0x2032, 0x2032, MATH_CLASS_ORD, 0);
            if (!pr) break;
            if (!(base->flags & MATH_F_PRIMED)) {
                math_node *row = math_new(p, MATH_ROW, base->pos);
                if (!row) break;
                math_add(row, base);
                row->flags = MATH_F_PRIMED;
                base = row;
            }
            math_add(base, pr);
            continue;
        }
        math_node *sc = base->kind == MATH_SCRIPTS ? base : NULL;
        if (!sc) {
            sc = math_new(p, MATH_SCRIPTS, base->pos);
            if (!sc) break;
            sc->a = base;
            sc->cls = base->cls;
            sc->flags = base->flags & ~(unsigned)MATH_F_PRIMED;
        }
        math_node **slot = s == '^' ? &sc->c : &sc->b;
        if (*slot) {
            math_fail(p, spos, "double %s: use braces, e.g. x^{a^b}", s == '^' ? "superscript" : "subscript");
            break;
        }
        *slot = math_arg(p, s == '^' ? "^" : "_");
        if (!*slot) break;
        base = sc;
    }
    p->depth--;
    return p->t->error ? NULL : base;
}

/* Items up to the end, a '}', '&', '\\', \right or \end. */
math_node *math_row(math_parser *p)
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
    if (!t->error && p.i < len && (tex[p.i] == '&' || tex[p.i] == '\\') && !math_is_cmd(&p, "end")) {
        /* Lines (and alignment points) at the top level: the formula is an aligned one. */
        bool amp = memchr(tex, '&', len) != NULL;
        p.i = 0;
        t->root = math_cells(&p, 0, amp ? MATH_ENV_ALIGNED : MATH_ENV_GATHERED, NULL);
    }
    if (!t->error && p.i < len) {
        if (math_is_cmd(&p, "end")) math_fail(&p, p.i, "'\\end' without a matching '\\begin'");
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
