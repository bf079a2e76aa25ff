/* cmd_list — `mlsd-guide list`: the book's outline with kinds, word counts and
 * the check result of each chapter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "number.h"
#include "project.h"
#include "util.h"

/* Characters of a chapter title shown per line. */
enum { LIST_TITLE_WIDTH = 46 };

static void list_count(const char *path, int *errors, int *warnings)
{
    size_t n;
    const diag_entry *e = diag_entries(&n);
    *errors = *warnings = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(e[i].path, path)) continue;
        if (e[i].level == DIAG_ERROR) (*errors)++;
        else if (e[i].level == DIAG_WARNING) (*warnings)++;
    }
}

static char *list_thousands(size_t v)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%zu", v);
    util_buf b = {0};
    size_t len = strlen(digits);
    for (size_t i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0) util_buf_addc(&b, ',');
        util_buf_addc(&b, digits[i]);
    }
    return util_buf_steal(&b);
}

/* The text cut or padded to `width` characters (not bytes). */
static char *list_fit(const char *s, long width)
{
    long n = g_utf8_strlen(s, -1);
    util_buf b = {0};
    if (n <= width) {
        util_buf_adds(&b, s);
        for (long i = n; i < width; i++) util_buf_addc(&b, ' ');
    } else {
        const char *end = g_utf8_offset_to_pointer(s, width - 1);
        util_buf_add(&b, s, (size_t)(end - s));
        util_buf_adds(&b, "\xe2\x80\xa6"); /* … */
    }
    return util_buf_steal(&b);
}

static char *list_status(int errors, int warnings)
{
    if (!errors && !warnings) return util_xstrdup("ok");
    util_buf b = {0};
    if (errors) util_buf_printf(&b, "%d error%s", errors, errors == 1 ? "" : "s");
    if (warnings) util_buf_printf(&b, "%s%d warning%s", errors ? ", " : "", warnings, warnings == 1 ? "" : "s");
    return util_buf_steal(&b);
}

int cmd_list(const cli_opts *o)
{
    diag_set_silent(true);
    project p;
    if (!project_open(&p, o->config, o->args, o->n_args, o->argv0)) {
        /* The book itself cannot be read: show why. */
        size_t n;
        const diag_entry *e = diag_entries(&n);
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, "%s:%d:%d: %s\n", e[i].path, e[i].line, e[i].col, e[i].message);
        project_close(&p);
        return 1;
    }
    const book *bk = &p.bk;
    number_book(p.chs, bk->n_chapters, (int)bk->theme.numbering_depth);
    size_t total = 0;
    for (size_t i = 0; i < bk->n_chapters; i++) total += p.chs[i].words;
    char *tw = list_thousands(total);
    printf("%s (%zu chapter%s, %s words)\n", bk->title, bk->n_chapters, bk->n_chapters == 1 ? "" : "s", tw);
    free(tw);
    int part = -1;
    for (size_t i = 0; i < bk->n_chapters; i++) {
        const source_chapter *ch = &p.chs[i];
        int pt = bk->chapters[i].part;
        if (pt >= 0 && pt != part) {
            char *roman = number_roman(pt + 1, true);
            printf("\n%s %s  %s\n", bk->theme.label_part, roman, bk->parts[pt].title);
            free(roman);
        }
        else if (pt < 0 && part >= 0) putchar('\n');
        part = pt;
        int errors, warnings;
        list_count(bk->chapters[i].path, &errors, &warnings);
        char *words = list_thousands(ch->words);
        char *status = list_status(errors, warnings);
        char *title = list_fit(ch->title ? ch->title : bk->chapters[i].file, LIST_TITLE_WIDTH);
        printf("  %3s  %s  %-15s %7s words  %s\n", ch->number ? ch->number : "", title, ch->kind ? ch->kind : "-", words,
               status);
        free(title);
        free(words);
        free(status);
    }
    int errors, warnings;
    list_count(bk->config_path, &errors, &warnings);
    char *status = list_status(errors, warnings);
    printf("\n%s: %s\n", bk->config_path, status);
    free(status);
    int rc = diag_errors() ? 1 : 0;
    project_close(&p);
    return rc;
}
