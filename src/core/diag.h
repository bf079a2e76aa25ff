/* diag — compiler-style diagnostics: `path:line:col: error: message`.
 * Every problem is printed as it is found and counted, so one run reports
 * all it can; --werror turns warnings into errors. */
#ifndef MLSD_DIAG_H
#define MLSD_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR } diag_level;

typedef struct diag_entry {
    diag_level level;
    char *path;
    int line, col; /* 0 when unknown */
    char *message;
    char *hint; /* may be NULL */
} diag_entry;

/* Configure: where text goes (stderr by default), --werror. */
void diag_init(FILE *out, bool werror);
void diag_set_werror(bool werror);
bool diag_werror(void);

/* Report a problem. path may be NULL (then "mlsd-guide" is printed). */
void diag_report(diag_level level, const char *path, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Same, with a hint printed on the following line. */
void diag_report_hint(diag_level level, const char *path, int line, int col, const char *hint,
                      const char *fmt, ...) __attribute__((format(printf, 6, 7)));

#define diag_error(p, l, c, ...) diag_report(DIAG_ERROR, p, l, c, __VA_ARGS__)
#define diag_warning(p, l, c, ...) diag_report(DIAG_WARNING, p, l, c, __VA_ARGS__)

int diag_errors(void);   /* errors so far (warnings count when --werror) */
int diag_warnings(void);
/* Ignore reports entirely (later layout passes repeat the first one's findings). */
void diag_mute(bool mute);
/* A progress line is being redrawn on stderr (a terminal): clear it before each message. */
void diag_set_status_line(bool on);
/* No colours even on a terminal (NO_COLOR is set: env.h). */
void diag_set_no_color(bool no_color);
/* Silence printing (entries are still recorded); used by tests. */
void diag_set_silent(bool silent);
/* Recorded entries (for machine-readable output and tests). */
const diag_entry *diag_entries(size_t *n);
/* "2 errors, 1 warning" — newly allocated. */
char *diag_summary(void);
void diag_reset(void);
/* A sink collects one task's reports (a chapter laid out on a worker thread):
 * while it is the calling thread's current sink, reports are recorded there,
 * not printed or counted; diag_sink_flush then reports them in the order given,
 * so the output is the same whatever thread ran which task. */
typedef struct diag_sink {
    diag_entry *v;
    size_t n, cap;
} diag_sink;
/* Makes s (NULL: none) the calling thread's current sink. */
void diag_sink_set(diag_sink *s);
/* Reports the sink's entries as if they were reported now (muting and --werror
 * apply), then empties it. */
void diag_sink_flush(diag_sink *s);
void diag_sink_free(diag_sink *s);
/* Appends copies of src's entries to dst (a chapter's reports, kept to be reported again). */
void diag_sink_copy(diag_sink *dst, const diag_sink *src);

/* Replaces noncharacters (U+FFFE, U+FFFF, U+FDD0…, which cairo refuses) in a file's
 * valid UTF-8 text by U+FFFD and warns at the first one's line and column. */
void diag_fix_nonchars(const char *path, char *text, size_t *len);

#endif
