/* cmd_check — `mlsd-guide check`: the structure checks on their own, as text
 * or as JSON for editors and CI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "project.h"
#include "util.h"

static void check_json_string(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(out, "\\%c", *p);
        else if (*p == '\n') fputs("\\n", out);
        else if (*p == '\t') fputs("\\t", out);
        else if (*p < 0x20) fprintf(out, "\\u%04x", *p);
        else fputc(*p, out);
    }
    fputc('"', out);
}

static void check_print_json(FILE *out)
{
    size_t n;
    const diag_entry *e = diag_entries(&n);
    fputs("{\n  \"diagnostics\": [", out);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n    {" : "\n    {", out);
        fputs("\"file\": ", out);
        check_json_string(out, e[i].path);
        fprintf(out, ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", \"message\": ", e[i].line, e[i].col,
                e[i].level == DIAG_ERROR ? "error" : e[i].level == DIAG_WARNING ? "warning" : "note");
        check_json_string(out, e[i].message);
        fputs(", \"hint\": ", out);
        check_json_string(out, e[i].hint);
        fputc('}', out);
    }
    fprintf(out, "%s],\n  \"errors\": %d,\n  \"warnings\": %d\n}\n", n ? "\n  " : "", diag_errors(), diag_warnings());
}

int cmd_check(const cli_opts *o)
{
    bool json = o->format && !strcmp(o->format, "json");
    diag_set_werror(o->werror);
    diag_set_silent(json);
    project p;
    project_open(&p, o->config, o->args, o->n_args, o->argv0);
    if (json) {
        check_print_json(stdout);
    } else if (!o->quiet) {
        char *sum = diag_summary();
        fprintf(stderr, "%s: %s\n", p.config ? p.config : "check", sum);
        free(sum);
    }
    int rc = diag_errors() ? 1 : 0;
    project_close(&p);
    return rc;
}
