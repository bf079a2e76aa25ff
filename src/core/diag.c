#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static struct {
    FILE *out;
    bool werror, silent, mute, status_line, no_color;
    int errors, warnings;
    diag_entry *v;
    size_t n, cap;
} diag_state;

static _Thread_local diag_sink *diag_current_sink;

void diag_init(FILE *out, bool werror)
{
    diag_reset();
    diag_state.out = out;
    diag_state.werror = werror;
}

void diag_set_werror(bool werror) { diag_state.werror = werror; }
bool diag_werror(void) { return diag_state.werror; }
void diag_set_silent(bool silent) { diag_state.silent = silent; }
void diag_mute(bool mute) { diag_state.mute = mute; }
void diag_set_status_line(bool on) { diag_state.status_line = on; }
void diag_set_no_color(bool no_color) { diag_state.no_color = no_color; }

static void diag_vreport(diag_level level, const char *path, int line, int col, const char *hint,
                         const char *fmt, va_list ap)
{
    util_buf msg = {0};
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n > 0) {
        msg.s = util_xmalloc((size_t)n + 1);
        vsnprintf(msg.s, (size_t)n + 1, fmt, ap);
        msg.len = (size_t)n;
    }
    diag_sink *sink = diag_current_sink;
    if (sink) {
        /* Recorded as given: muting and --werror apply when it is flushed. */
        diag_entry *e = UTIL_PUSH(sink->v, sink->n, sink->cap);
        e->level = level;
        e->path = util_xstrdup(path ? path : "mlsd-guide");
        e->line = line;
        e->col = col;
        e->message = msg.s ? util_buf_steal(&msg) : util_xstrdup("");
        e->hint = hint ? util_xstrdup(hint) : NULL;
        return;
    }
    if (diag_state.mute) {
        free(msg.s);
        return;
    }
    if (level == DIAG_WARNING && diag_state.werror) level = DIAG_ERROR;
    diag_entry *e = UTIL_PUSH(diag_state.v, diag_state.n, diag_state.cap);
    e->level = level;
    e->path = util_xstrdup(path ? path : "mlsd-guide");
    e->line = line > 0 ? line : 0;
    e->col = col > 0 ? col : 0;
    e->message = util_buf_steal(&msg);
    e->hint = hint ? util_xstrdup(hint) : NULL;
    if (level == DIAG_ERROR) diag_state.errors++;
    else if (level == DIAG_WARNING) diag_state.warnings++;
    if (diag_state.silent) return;
    FILE *out = diag_state.out ? diag_state.out : stderr;
    /* A progress line on the terminal is cleared first, so the message starts its own line. */
    if (diag_state.status_line && out == stderr) fputs("\r\033[K", out);
    const char *lv = level == DIAG_ERROR ? "error" : level == DIAG_WARNING ? "warning" : "note";
    bool color = isatty(fileno(out)) && !diag_state.no_color;
    const char *on = "", *off = "";
    if (color) {
        on = level == DIAG_ERROR ? "\033[1;31m" : level == DIAG_WARNING ? "\033[1;35m" : "\033[1;36m";
        off = "\033[0m";
    }
    if (e->line > 0 && e->col > 0) fprintf(out, "%s:%d:%d: ", e->path, e->line, e->col);
    else if (e->line > 0) fprintf(out, "%s:%d: ", e->path, e->line);
    else fprintf(out, "%s: ", e->path);
    fprintf(out, "%s%s:%s %s\n", on, lv, off, e->message);
    if (e->hint) fprintf(out, "  hint: %s\n", e->hint);
}

void diag_report(diag_level level, const char *path, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(level, path, line, col, NULL, fmt, ap);
    va_end(ap);
}

void diag_report_hint(diag_level level, const char *path, int line, int col, const char *hint,
                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(level, path, line, col, hint, fmt, ap);
    va_end(ap);
}

void diag_sink_set(diag_sink *s) { diag_current_sink = s; }

static void diag_sink_clear(diag_sink *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].path);
        free(s->v[i].message);
        free(s->v[i].hint);
    }
    s->n = 0;
}

void diag_sink_flush(diag_sink *s)
{
    diag_sink *was = diag_current_sink;
    diag_current_sink = NULL;
    for (size_t i = 0; i < s->n; i++) {
        const diag_entry *e = &s->v[i];
        if (e->hint) diag_report_hint(e->level, e->path, e->line, e->col, e->hint, "%s", e->message);
        else diag_report(e->level, e->path, e->line, e->col, "%s", e->message);
    }
    diag_current_sink = was;
    diag_sink_clear(s);
}

void diag_sink_free(diag_sink *s)
{
    diag_sink_clear(s);
    free(s->v);
    memset(s, 0, sizeof *s);
}

int diag_errors(void) { return diag_state.errors; }
int diag_warnings(void) { return diag_state.warnings; }

const diag_entry *diag_entries(size_t *n)
{
    *n = diag_state.n;
    return diag_state.v;
}

char *diag_summary(void)
{
    int e = diag_state.errors, w = diag_state.warnings;
    return util_printf("%d error%s, %d warning%s", e, e == 1 ? "" : "s", w, w == 1 ? "" : "s");
}

void diag_reset(void)
{
    for (size_t i = 0; i < diag_state.n; i++) {
        free(diag_state.v[i].path);
        free(diag_state.v[i].message);
        free(diag_state.v[i].hint);
    }
    free(diag_state.v);
    diag_state.v = NULL;
    diag_state.n = diag_state.cap = 0;
    diag_state.errors = diag_state.warnings = 0;
}

void diag_fix_nonchars(const char *path, char *text, size_t *len)
{
    size_t first = 0;
    unsigned cp = 0;
    size_t n = util_utf8_replace_nonchars(text, len, &first, &cp);
    if (!n) return;
    int line, col;
    util_line_col(text, first, &line, &col);
    char *more = n > 1 ? util_printf(" (and %zu more in this file)", n - 1) : util_xstrdup("");
    diag_report_hint(DIAG_WARNING, path, line, col, "noncharacters cannot be written into a PDF; remove them from the source",
                     "noncharacter U+%04X replaced by U+FFFD%s", cp, more);
    free(more);
}

void diag_sink_copy(diag_sink *dst, const diag_sink *src)
{
    for (size_t i = 0; i < src->n; i++) {
        const diag_entry *s = &src->v[i];
        diag_entry *e = UTIL_PUSH(dst->v, dst->n, dst->cap);
        e->level = s->level;
        e->path = util_xstrdup(s->path);
        e->line = s->line;
        e->col = s->col;
        e->message = util_xstrdup(s->message);
        e->hint = s->hint ? util_xstrdup(s->hint) : NULL;
    }
}
