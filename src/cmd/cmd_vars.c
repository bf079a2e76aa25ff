/* cmd_vars — `mlsd-guide vars`: every variable of the book with its value,
 * where it is defined and where it is used. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "project.h"
#include "util.h"
#include "vars.h"

static const char *vars_origin_name(vars_origin o)
{
    switch (o) {
    case VARS_BOOK: return "book.yaml";
    case VARS_FILE: return "variables file";
    case VARS_FRONT_MATTER: return "front matter";
    case VARS_CALC: return "calc block";
    }
    return "";
}

static int vars_use_cmp(const void *a, const void *b)
{
    const vars_use *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    if (c) return c;
    return x->line != y->line ? (x->line > y->line) - (x->line < y->line) : (x->col > y->col) - (x->col < y->col);
}

/* Columns: the widest name and value of a scope. */
static void vars_widths(const vars_table *t, int scope, int *wn, int *wv)
{
    *wn = *wv = 0;
    for (size_t i = 0; i < vars_count(t); i++) {
        const vars_def *d = vars_def_at(t, i);
        if (d->scope != scope) continue;
        int n = (int)g_utf8_strlen(d->name, -1), v = d->shown ? (int)g_utf8_strlen(d->shown, -1) : 0;
        if (n > *wn) *wn = n;
        if (v > *wv) *wv = v;
    }
}

static void vars_print_scope(const vars_table *t, int scope)
{
    int wn, wv;
    vars_widths(t, scope, &wn, &wv);
    bool header = false;
    for (size_t i = 0; i < vars_count(t); i++) {
        vars_def *d = (vars_def *)vars_def_at(t, i);
        if (d->scope != scope) continue;
        if (!header) {
            const char *name = vars_scope_name(t, scope);
            if (name) printf("\n%s (its own variables)\n", name);
            else printf("Book\n");
            header = true;
        }
        const char *value = d->shown ? d->shown : "(error)";
        int pad_n = wn - (int)g_utf8_strlen(d->name, -1), pad_v = wv - (int)g_utf8_strlen(value, -1);
        printf("  %s%*s  %s%*s  %s:%d:%d (%s)  ", d->name, pad_n, "", value, pad_v < 0 ? 0 : pad_v, "", d->path, d->line, d->col,
               vars_origin_name(d->origin));
        if (!d->n_uses) {
            printf("unused\n");
            continue;
        }
        printf("used at ");
        qsort(d->uses, d->n_uses, sizeof *d->uses, vars_use_cmp);
        for (size_t u = 0; u < d->n_uses; u++)
            printf("%s%s:%d:%d", u ? ", " : "", d->uses[u].path, d->uses[u].line, d->uses[u].col);
        putchar('\n');
    }
}

int cmd_vars(const cli_opts *o)
{
    project p;
    if (!project_open(&p, o->config, o->args, o->n_args, o->argv0)) {
        project_close(&p);
        return 1;
    }
    const vars_table *t = p.bk.vars;
    if (!vars_count(t)) {
        printf("The book has no variables.\n");
    } else {
        vars_print_scope(t, -1);
        for (size_t i = 0; i < p.bk.n_chapters; i++) vars_print_scope(t, (int)i);
    }
    int rc = diag_errors() ? 1 : 0;
    project_close(&p);
    return rc;
}
