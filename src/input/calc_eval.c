/* calc_eval — evaluating parsed expressions, rendering them as worked arithmetic, and
 * reading definitions from YAML (see calc.h; calc.c parses). */
#include "calc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

/* ---- evaluation ---- */

static bool calc_finite(const calc_node *n, const char *path, const units_q *q)
{
    if (isfinite(q->v)) return true;
    diag_error(path, n->line, n->col, "the result is too large to be a number");
    return false;
}

static bool calc_eval_call(const calc_node *n, const char *path, const units_q *a, const units_q *b, units_q *out)
{
    *out = *a;
    if (!strcmp(n->text, "ceil")) out->v = ceil(a->v);
    else if (!strcmp(n->text, "floor")) out->v = floor(a->v);
    else if (!strcmp(n->text, "round")) out->v = round(a->v);
    else if (!strcmp(n->text, "abs")) out->v = fabs(a->v);
    else {
        if (!units_same_dims(a, b)) {
            char *da = units_dims_string(a), *db = units_dims_string(b);
            diag_error(path, n->line, n->col, "unit mismatch: %s() of %s and %s", n->text, da, db);
            free(da);
            free(db);
            return false;
        }
        bool max = !strcmp(n->text, "max");
        out->v = (max ? a->v > b->v : a->v < b->v) ? a->v : b->v;
    }
    return true;
}

bool calc_eval(const calc_node *n, const char *path, calc_lookup_fn lookup, void *user, units_q *out)
{
    units_q a, b;
    switch (n->kind) {
    case CALC_NUM: *out = n->q; return true;
    case CALC_NAME: return lookup(user, n->text, n->line, n->col, n->unit ? &n->q : NULL, out);
    case CALC_NEG:
        if (!calc_eval(n->a, path, lookup, user, &a)) return false;
        *out = a;
        out->v = -a.v;
        return true;
    case CALC_POW:
        if (!calc_eval(n->a, path, lookup, user, &a)) return false;
        if (n->exponent < 0 && a.v == 0) {
            diag_error(path, n->line, n->col, "division by zero (zero to a negative power)");
            return false;
        }
        if (!units_pow(out, &a, n->exponent)) {
            diag_error(path, n->line, n->col, "unit exponent out of range");
            return false;
        }
        return calc_finite(n, path, out);
    case CALC_CALL:
        if (!calc_eval(n->a, path, lookup, user, &a)) return false;
        if (n->b && !calc_eval(n->b, path, lookup, user, &b)) return false;
        return calc_eval_call(n, path, &a, n->b ? &b : NULL, out);
    case CALC_ADD:
    case CALC_SUB:
    case CALC_MUL:
    case CALC_DIV: break;
    }
    bool oka = calc_eval(n->a, path, lookup, user, &a);
    bool okb = calc_eval(n->b, path, lookup, user, &b); /* both sides report their problems */
    if (!oka || !okb) return false;
    if (n->kind == CALC_ADD || n->kind == CALC_SUB) {
        if (!units_same_dims(&a, &b)) {
            char *da = units_dims_string(&a), *db = units_dims_string(&b);
            diag_report_hint(DIAG_ERROR, path, n->line, n->col, "quantities added or subtracted must have the same dimensions",
                             "unit mismatch: cannot %s %s and %s", n->kind == CALC_ADD ? "add" : "subtract", da, db);
            free(da);
            free(db);
            return false;
        }
        *out = a;
        out->v = n->kind == CALC_ADD ? a.v + b.v : a.v - b.v;
        return calc_finite(n, path, out);
    }
    if (n->kind == CALC_DIV && b.v == 0) {
        diag_error(path, n->line, n->col, "division by zero");
        return false;
    }
    if (!units_mul(out, &a, &b, n->kind == CALC_MUL ? 1 : -1)) {
        diag_error(path, n->line, n->col, "unit exponent out of range");
        return false;
    }
    return calc_finite(n, path, out);
}

/* ---- rendering ---- */

static void calc_render_into(util_buf *b, const calc_node *n, calc_value_fn value, void *user, bool wrap)
{
    if (n->paren) util_buf_addc(b, '(');
    switch (n->kind) {
    case CALC_NUM: util_buf_adds(b, n->text ? n->text : ""); break;
    case CALC_NAME: {
        char *v = value ? value(user, n->text) : NULL;
        bool w = v && wrap && !n->paren && strpbrk(v, " /");
        if (w) util_buf_addc(b, '(');
        util_buf_adds(b, v ? v : n->text);
        if (w) util_buf_addc(b, ')');
        free(v);
        break;
    }
    case CALC_NEG:
        util_buf_adds(b, "\xe2\x88\x92"); /* − */
        calc_render_into(b, n->a, value, user, true);
        break;
    case CALC_POW:
        calc_render_into(b, n->a, value, user, true);
        util_buf_printf(b, "^%d", n->exponent);
        break;
    case CALC_CALL:
        util_buf_printf(b, "%s(", n->text);
        calc_render_into(b, n->a, value, user, false);
        if (n->b) {
            util_buf_adds(b, ", ");
            calc_render_into(b, n->b, value, user, false);
        }
        util_buf_addc(b, ')');
        break;
    case CALC_ADD:
    case CALC_SUB:
    case CALC_MUL:
    case CALC_DIV: {
        static const char *const ops[] = {[CALC_ADD] = " + ", [CALC_SUB] = " \xe2\x88\x92 ", [CALC_MUL] = " \xc3\x97 ", [CALC_DIV] = " / "};
        calc_render_into(b, n->a, value, user, false);
        util_buf_adds(b, ops[n->kind]);
        calc_render_into(b, n->b, value, user, n->kind == CALC_DIV);
        break;
    }
    }
    if (n->paren) util_buf_addc(b, ')');
}

char *calc_render(const calc_node *n, calc_value_fn value, void *user)
{
    util_buf b = {0};
    calc_render_into(&b, n, value, user, false);
    return util_buf_steal(&b);
}

/* ---- YAML ---- */

typedef struct calc_yaml_ctx {
    calc_src **out;
    size_t *n, *cap;
} calc_yaml_ctx;

static bool calc_yaml_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    calc_yaml_ctx *c = user;
    if (!v || v->type != YAML_SCALAR_NODE) {
        diag_report_hint(DIAG_ERROR, d->path, yamlx_line(d, v), yamlx_col(d, v), "a value is a number with an optional unit, e.g. '50e6 users'",
                         "variable '%s': expected a value, got %s", key, yamlx_type_name(v));
        return false;
    }
    calc_src *s = UTIL_PUSH(*c->out, *c->n, *c->cap);
    s->name = util_xstrdup(key);
    s->name_line = yamlx_line(d, k);
    s->name_col = yamlx_col(d, k);
    s->text = util_xstrndup((const char *)v->data.scalar.value, v->data.scalar.length);
    s->line = yamlx_line(d, v);
    /* A quoted value starts after its quote. */
    bool quoted = v->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE || v->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    s->col = yamlx_col(d, v) + (quoted ? 1 : 0);
    return true;
}

bool calc_collect_yaml(yamlx_doc *d, yaml_node_t *map, const char *what, calc_src **out, size_t *n, size_t *cap)
{
    calc_yaml_ctx c = {out, n, cap};
    return yamlx_each_pair(d, map, what, calc_yaml_pair, &c);
}
