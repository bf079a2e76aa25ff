/* vars — the book's variable table: definitions, scopes, lazy evaluation
 * with cycle detection, conflicting definitions, calc blocks and quotes. */
#define _DEFAULT_SOURCE
#include "vars.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "source.h"
#include "util.h"
#include "yamlx.h"

/* Two definitions agree when their values differ by less than this (relative). */
#define VARS_SAME_VALUE 1e-9

typedef struct vars_line {
    vars_def *def;     /* a definition, or NULL for a comment or blank line */
    char *text;        /* the comment as written */
} vars_line;

typedef struct vars_block {
    cmark_node *node;
    vars_line *lines;
    size_t n_lines, cap_lines;
} vars_block;

struct vars_table {
    GPtrArray *defs;          /* vars_def *, in order */
    GHashTable *book;         /* name → first vars_def of the book's scope */
    GHashTable **local;       /* per chapter: name → first vars_def */
    size_t n_local;
    struct source_chapter *chs;
    GPtrArray *strings;       /* paths the definitions point to */
    GPtrArray *dups;          /* later definitions of a name already defined in the same scope */
    GPtrArray *firsts;        /* … and the first ones they must agree with */
    GPtrArray *blocks;        /* vars_block * */
    GHashTable *calc_text;    /* cmark_node * → worked arithmetic */
    GHashTable *quote_text;   /* cmark_node * → printed value */
    vars_def *stack[VARS_MAX_CHAIN];
    int depth;
    bool too_many;
};

static void vars_def_free(void *p)
{
    vars_def *d = p;
    free(d->name);
    calc_expr_free(&d->expr);
    calc_display_free(d->unit);
    free(d->shown);
    free(d->uses);
    free(d);
}

static void vars_block_free(void *p)
{
    vars_block *b = p;
    for (size_t i = 0; i < b->n_lines; i++) free(b->lines[i].text);
    free(b->lines);
    free(b);
}

vars_table *vars_new(void)
{
    vars_table *t = util_xcalloc(1, sizeof *t);
    t->defs = g_ptr_array_new_with_free_func(vars_def_free);
    t->book = g_hash_table_new(g_str_hash, g_str_equal);
    t->strings = g_ptr_array_new_with_free_func(free);
    t->dups = g_ptr_array_new();
    t->firsts = g_ptr_array_new();
    t->blocks = g_ptr_array_new_with_free_func(vars_block_free);
    t->calc_text = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, free);
    t->quote_text = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, free);
    return t;
}

void vars_free(vars_table *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->n_local; i++)
        if (t->local[i]) g_hash_table_destroy(t->local[i]);
    free(t->local);
    g_hash_table_destroy(t->book);
    g_ptr_array_free(t->dups, TRUE);
    g_ptr_array_free(t->firsts, TRUE);
    g_ptr_array_free(t->blocks, TRUE);
    g_ptr_array_free(t->defs, TRUE);
    g_ptr_array_free(t->strings, TRUE);
    g_hash_table_destroy(t->calc_text);
    g_hash_table_destroy(t->quote_text);
    free(t);
}

static const char *vars_keep(vars_table *t, const char *s)
{
    for (guint i = 0; i < t->strings->len; i++)
        if (!strcmp(g_ptr_array_index(t->strings, i), s)) return g_ptr_array_index(t->strings, i);
    char *c = util_xstrdup(s);
    g_ptr_array_add(t->strings, c);
    return c;
}

static GHashTable *vars_scope(vars_table *t, int scope) { return scope < 0 ? t->book : t->local[scope]; }

/* The unit a literal was written in ("20 requests/user/day" → requests/user/day), or NULL. */
static units_display *vars_literal_unit(const calc_node *n)
{
    if (!n || n->kind != CALC_NUM || !n->text || n->paren) return NULL;
    const char *s = n->text;
    /* Of dimensionless literals only a percentage keeps its unit: 60% prints as 60%. */
    if (units_dimensionless(&n->q) && s[strlen(s) - 1] != '%') return NULL;
    bool money = *s == '$';
    if (money) s++;
    char *end = NULL;
    double v = strtod(s, &end); /* no '_' in it: then the unit is taken from the value */
    if (end == s || strchr(s, '_')) v = 1, end = (char *)s;
    while (*end == ' ') end++;
    if (v == 0 || !isfinite(v)) return NULL;
    units_display *d = util_xcalloc(1, sizeof *d);
    d->text = money ? util_printf("$%s", end) : util_xstrdup(end);
    d->unit = n->q;
    d->unit.v = n->q.v / v;
    d->money_prefix = money;
    return d;
}

static units_display *vars_copy_display(const units_display *s)
{
    units_display *d = util_xcalloc(1, sizeof *d);
    *d = *s;
    d->text = util_xstrdup(s->text);
    return d;
}

static vars_def *vars_add(vars_table *t, const char *path, const calc_src *s, vars_origin origin, int scope)
{
    if (t->defs->len >= VARS_MAX_DEFS) {
        if (!t->too_many)
            diag_error(path, s->name_line, s->name_col, "more than %d variables: the rest are ignored", VARS_MAX_DEFS);
        t->too_many = true;
        return NULL;
    }
    const char *why;
    if (!calc_name_ok(s->name, &why)) {
        diag_error(path, s->name_line, s->name_col, "'%s' cannot name a variable: %s", s->name, why);
        return NULL;
    }
    vars_def *d = util_xcalloc(1, sizeof *d);
    d->name = util_xstrdup(s->name);
    d->path = vars_keep(t, path);
    d->line = s->name_line;
    d->col = s->name_col;
    d->origin = origin;
    d->scope = scope;
    d->parsed = calc_parse_expr(path, s->text, strlen(s->text), s->line, s->col, &d->expr);
    if (!d->parsed) d->state = 3;
    else if (d->expr.in) d->unit = vars_copy_display(d->expr.in);
    else d->unit = vars_literal_unit(d->expr.root);
    g_ptr_array_add(t->defs, d);
    GHashTable *h = vars_scope(t, scope);
    vars_def *first = g_hash_table_lookup(h, d->name);
    if (first) {
        g_ptr_array_add(t->dups, d);
        g_ptr_array_add(t->firsts, first);
    } else {
        g_hash_table_insert(h, d->name, d);
    }
    return d;
}

void vars_add_book(vars_table *t, const char *path, const calc_src *defs, size_t n, vars_origin origin)
{
    for (size_t i = 0; i < n; i++) vars_add(t, path, &defs[i], origin, -1);
}

void vars_load_file(vars_table *t, files *fs, const char *config, int line, int col, const char *file, const char *root)
{
    char *dir = util_path_dir(config);
    char *path = util_path_join(dir, file);
    free(dir);
    GBytes *bytes = NULL;
    const char *text = NULL;
    gsize len = 0;
    if (!util_path_exists(path)) {
        diag_report_hint(DIAG_ERROR, config, line, col, "the path is relative to the directory of book.yaml",
                         "variables file not found: %s", file);
    } else if (root && !util_path_inside(path, root)) {
        diag_error(config, line, col, "variables file '%s' is outside the book's folder (%s)", file, root);
    } else {
        util_read_status st = UTIL_READ_OK;
        bytes = files_read(fs, path, VARS_MAX_FILE_BYTES, &st, NULL);
        if (bytes) text = g_bytes_get_data(bytes, &len);
        if (!bytes) {
            diag_error(path, 0, 0, "cannot read variables file: %s", util_read_status_str(st));
        } else if (util_utf8_invalid_at(text, len) >= 0) {
            int l, c;
            util_line_col(text, (size_t)util_utf8_invalid_at(text, len), &l, &c);
            diag_error(path, l, c, "variables file is not valid UTF-8 text");
        } else {
            yamlx_doc d;
            if (yamlx_load(&d, path, text, len, 0)) {
                yaml_node_t *r = yamlx_root(&d);
                calc_src *defs = NULL;
                size_t n = 0, cap = 0;
                /* The file is a mapping of variables, or holds one under `variables:`. */
                if (r && r->type == YAML_MAPPING_NODE && r->data.mapping.pairs.top - r->data.mapping.pairs.start == 1) {
                    yaml_node_t *k = yamlx_get(&d, r->data.mapping.pairs.start->key);
                    if (k && k->type == YAML_SCALAR_NODE && !strcmp((const char *)k->data.scalar.value, "variables"))
                        r = yamlx_get(&d, r->data.mapping.pairs.start->value);
                }
                if (r) calc_collect_yaml(&d, r, "variables file", &defs, &n, &cap);
                vars_add_book(t, path, defs, n, VARS_FILE);
                for (size_t i = 0; i < n; i++) calc_src_free(&defs[i]);
                free(defs);
                yamlx_free(&d);
            }
        }
    }
    if (bytes) g_bytes_unref(bytes);
    free(path);
}

/* ---- evaluation ---- */

typedef struct vars_ctx {
    vars_table *t;
    int scope;
    const char *path;   /* of the expression being evaluated (for uses) */
    bool record;
} vars_ctx;

static vars_def *vars_find(const vars_table *t, int scope, const char *name)
{
    vars_def *d = scope >= 0 ? g_hash_table_lookup(t->local[scope], name) : NULL;
    return d ? d : g_hash_table_lookup(t->book, name);
}

static bool vars_eval_def(vars_table *t, vars_def *d);

static bool vars_lookup(void *user, const char *name, int line, int col, const units_q *unit, units_q *out)
{
    vars_ctx *c = user;
    vars_def *d = vars_find(c->t, c->scope, name);
    if (!d && unit) {
        *out = *unit;
        return true;
    }
    if (!d) {
        const char *elsewhere = NULL;
        for (size_t i = 0; i < c->t->n_local && !elsewhere; i++)
            if ((int)i != c->scope && g_hash_table_lookup(c->t->local[i], name)) elsewhere = c->t->chs[i].path;
        if (elsewhere) {
            char *hint = util_printf("'%s' is defined in %s, whose own variables only it sees", name, elsewhere);
            diag_report_hint(DIAG_ERROR, c->path, line, col, hint, "undefined name '%s'", name);
            free(hint);
        } else {
            diag_report_hint(DIAG_ERROR, c->path, line, col, "define it in book.yaml (variables:), the variables file, front matter or a calc block",
                             "undefined name '%s'", name);
        }
        return false;
    }
    if (c->record) {
        vars_use *u = UTIL_PUSH(d->uses, d->n_uses, d->cap_uses);
        u->path = c->path;
        u->line = line;
        u->col = col;
    }
    if (d->state == 1) {
        util_buf chain = {0};
        int from = 0;
        for (int i = 0; i < c->t->depth; i++)
            if (c->t->stack[i] == d) from = i;
        for (int i = from; i < c->t->depth; i++) util_buf_printf(&chain, "%s \xe2\x86\x92 ", c->t->stack[i]->name);
        util_buf_adds(&chain, d->name);
        diag_error(c->path, line, col, "cycle: '%s' depends on itself (%s)", d->name, chain.s);
        util_buf_free(&chain);
        return false;
    }
    if (!vars_eval_def(c->t, d)) return false;
    *out = d->value;
    return true;
}

static bool vars_check_display(const char *path, int line, int col, const char *what, const units_q *v, const units_display *u)
{
    if (!u || units_same_dims(v, &u->unit)) return true;
    char *dv = units_dims_string(v), *du = units_dims_string(&u->unit);
    diag_error(path, line, col, "unit mismatch: %s is in %s and cannot be shown in %s (%s)", what, dv, u->text, du);
    free(dv);
    free(du);
    return false;
}

static char *vars_show(const units_q *v, const units_display *u, const units_format *f, bool *rounded)
{
    units_format plain = *f;
    plain.approx = false;
    return units_format_q(v, u, &plain, rounded);
}

static bool vars_eval_def(vars_table *t, vars_def *d)
{
    if (d->state == 2) return true;
    if (d->state == 3) return false;
    if (t->depth >= VARS_MAX_CHAIN) {
        diag_error(d->path, d->line, d->col, "'%s': definitions depend on each other more than %d deep", d->name, VARS_MAX_CHAIN);
        d->state = 3;
        return false;
    }
    t->stack[t->depth++] = d;
    d->state = 1;
    vars_ctx c = {t, d->scope, d->path, true};
    bool ok = calc_eval(d->expr.root, d->path, vars_lookup, &c, &d->value);
    t->depth--;
    if (ok) {
        char *what = util_printf("'%s'", d->name);
        ok = vars_check_display(d->path, d->line, d->col, what, &d->value, d->unit);
        free(what);
    }
    d->state = ok ? 2 : 3;
    if (ok) d->shown = vars_show(&d->value, d->unit, &d->expr.fmt, NULL);
    return ok;
}

/* ---- chapters ---- */

static bool vars_is_calc_info(const char *info)
{
    return info && !strncmp(info, "calc", 4) && (!info[4] || info[4] == ' ' || info[4] == '\t');
}

bool vars_is_quote(const char *lit) { return lit && lit[0] == '=' && lit[1] && lit[1] != '='; }

static void vars_scan_block(vars_table *t, source_chapter *ch, cmark_node *n, int scope)
{
    const char *lit = cmark_node_get_literal(n);
    if (!lit) return;
    int line, col;
    source_pos(ch, n, &line, &col);
    vars_block *b = util_xcalloc(1, sizeof *b);
    b->node = n;
    g_ptr_array_add(t->blocks, b);
    /* Fenced code starts on the line after the fence, at the fence's indentation. */
    int ln = line + 1;
    for (const char *p = lit; *p; ln++) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        size_t lead = 0;
        while (lead < len && (p[lead] == ' ' || p[lead] == '\t')) lead++;
        vars_line *vl = UTIL_PUSH(b->lines, b->n_lines, b->cap_lines);
        memset(vl, 0, sizeof *vl);
        if (lead == len || p[lead] == '#') {
            vl->text = util_xstrndup(p + lead, len - lead);
        } else {
            calc_src s;
            if (calc_split_def(ch->path, p, len, ln, col, &s)) {
                vl->def = vars_add(t, ch->path, &s, VARS_CALC, scope);
                calc_src_free(&s);
            }
            if (!vl->def) b->node = NULL; /* errors: shown as code */
        }
        p += len + (eol ? 1 : 0);
    }
}

static void vars_quote(vars_table *t, source_chapter *ch, int ci, cmark_node *n)
{
    const char *lit = cmark_node_get_literal(n);
    int line, col;
    source_pos(ch, n, &line, &col);
    col++; /* cmark places a code span at its text: the expression starts after the '=' */
    calc_expr e;
    if (!calc_parse_expr(ch->path, lit + 1, strlen(lit + 1), line, col, &e)) return;
    vars_ctx c = {t, ci, ch->path, true};
    units_q v;
    if (calc_eval(e.root, ch->path, vars_lookup, &c, &v)) {
        const units_display *u = e.in;
        units_format f = e.fmt;
        if (!u && e.root->kind == CALC_NAME && !e.root->paren) {
            /* A variable quoted alone keeps its unit and its format unless the quote gives them. */
            vars_def *d = vars_find(t, ci, e.root->text);
            if (d) {
                u = d->unit;
                if (f.sig == 0 && f.dp < 0) {
                    f.sig = d->expr.fmt.sig;
                    f.dp = d->expr.fmt.dp;
                }
            }
        }
        if (vars_check_display(ch->path, line, col, "the quoted value", &v, u))
            g_hash_table_insert(t->quote_text, n, units_format_q(&v, u, &f, NULL));
    }
    calc_expr_free(&e);
}

static bool vars_chapter_local(const source_chapter *ch) { return ch->n_var_defs > 0; }

/* Calc blocks and quotes of one chapter, walked without recursion. */
static void vars_scan_chapter(vars_table *t, source_chapter *ch, int ci, GPtrArray *quotes)
{
    int scope = vars_chapter_local(ch) ? ci : -1;
    cmark_iter *it = cmark_iter_new(ch->doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type ty = cmark_node_get_type(n);
        if (ty == CMARK_NODE_CODE_BLOCK && vars_is_calc_info(cmark_node_get_fence_info(n))) vars_scan_block(t, ch, n, scope);
        else if (ty == CMARK_NODE_CODE && vars_is_quote(cmark_node_get_literal(n))) {
            g_ptr_array_add(quotes, n);
            g_ptr_array_add(quotes, GINT_TO_POINTER(ci + 1));
        }
    }
    cmark_iter_free(it);
}

static char *vars_value_of(void *user, const char *name)
{
    vars_ctx *c = user;
    vars_def *d = vars_find(c->t, c->scope, name);
    return d && d->shown ? util_xstrdup(d->shown) : NULL;
}

static bool vars_has_name(const calc_node *n)
{
    if (!n) return false;
    return n->kind == CALC_NAME || vars_has_name(n->a) || vars_has_name(n->b);
}

/* The worked arithmetic of a block: formula, numbers substituted, result. */
static void vars_render_block(vars_table *t, vars_block *b)
{
    if (!b->node) return;
    util_buf out = {0};
    for (size_t i = 0; i < b->n_lines; i++) {
        vars_line *l = &b->lines[i];
        if (i) util_buf_addc(&out, '\n');
        if (!l->def) {
            util_buf_adds(&out, l->text);
            continue;
        }
        vars_def *d = l->def;
        if (d->state != 2) {
            util_buf_free(&out);
            return;
        }
        bool rounded = false;
        char *shown = vars_show(&d->value, d->unit, &d->expr.fmt, &rounded);
        const char *eq = rounded ? "\xe2\x89\x88" : "="; /* ≈ when the printed result is rounded */
        const calc_node *r = d->expr.root;
        util_buf_printf(&out, "%s = ", d->name);
        if (r->kind == CALC_NUM && !r->paren) {
            util_buf_printf(&out, "%s", shown);
        } else {
            size_t indent = strlen(d->name) + 1;
            char *formula = calc_render(r, NULL, NULL);
            util_buf_adds(&out, formula);
            if (vars_has_name(r)) {
                vars_ctx c = {t, d->scope, d->path, false};
                char *subst = calc_render(r, vars_value_of, &c);
                util_buf_printf(&out, "\n%*s= %s", (int)indent, "", subst);
                free(subst);
            }
            util_buf_printf(&out, "\n%*s%s %s", (int)indent, "", eq, shown);
            free(formula);
        }
        free(shown);
    }
    g_hash_table_insert(t->calc_text, b->node, util_buf_steal(&out));
}

static void vars_check_dups(vars_table *t)
{
    for (guint i = 0; i < t->dups->len; i++) {
        vars_def *d = g_ptr_array_index(t->dups, i), *first = g_ptr_array_index(t->firsts, i);
        if (!vars_eval_def(t, d) || !vars_eval_def(t, first)) continue;
        double a = d->value.v, b = first->value.v;
        bool same = units_same_dims(&d->value, &first->value) && fabs(a - b) <= VARS_SAME_VALUE * fmax(fabs(a), fabs(b));
        if (same) continue;
        diag_error(d->path, d->line, d->col, "variable '%s' is defined twice with different values: %s here, %s at %s:%d:%d", d->name,
                   d->shown, first->shown, first->path, first->line, first->col);
    }
}

void vars_check_book(vars_table *t, source_chapter *chs, size_t n)
{
    if (!t || t->chs) return; /* no table, or checked already */
    t->chs = chs;
    t->n_local = n;
    t->local = util_xcalloc(n ? n : 1, sizeof *t->local);
    for (size_t i = 0; i < n; i++) {
        t->local[i] = g_hash_table_new(g_str_hash, g_str_equal);
        if (!chs[i].doc || chs[i].failed) continue;
        for (size_t k = 0; k < chs[i].n_var_defs; k++) vars_add(t, chs[i].path, &chs[i].var_defs[k], VARS_FRONT_MATTER, (int)i);
    }
    GPtrArray *quotes = g_ptr_array_new();
    for (size_t i = 0; i < n; i++)
        if (chs[i].doc && !chs[i].failed) vars_scan_chapter(t, &chs[i], (int)i, quotes);
    for (guint i = 0; i < t->defs->len; i++) vars_eval_def(t, g_ptr_array_index(t->defs, i));
    vars_check_dups(t);
    for (guint i = 0; i + 1 < quotes->len; i += 2) {
        int ci = GPOINTER_TO_INT(g_ptr_array_index(quotes, i + 1)) - 1;
        vars_quote(t, &chs[ci], ci, g_ptr_array_index(quotes, i));
    }
    g_ptr_array_free(quotes, TRUE);
    for (guint i = 0; i < t->blocks->len; i++) vars_render_block(t, g_ptr_array_index(t->blocks, i));
}

const char *vars_calc_text(const vars_table *t, cmark_node *block) { return t ? g_hash_table_lookup(t->calc_text, block) : NULL; }

const char *vars_quote_text(const vars_table *t, cmark_node *code) { return t ? g_hash_table_lookup(t->quote_text, code) : NULL; }

size_t vars_count(const vars_table *t) { return t ? t->defs->len : 0; }

const vars_def *vars_def_at(const vars_table *t, size_t i) { return g_ptr_array_index(t->defs, i); }

const char *vars_scope_name(const vars_table *t, int scope)
{
    return scope >= 0 && (size_t)scope < t->n_local ? t->chs[scope].path : NULL;
}
