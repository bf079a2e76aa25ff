/* env — the clock and the environment variables the tool reads, taken once (per build: the
 * world fills it) and passed down, so no stage reads them on its own:
 *   SOURCE_DATE_EPOCH   the date written into the PDF (else the current time)
 *   MLSD_REUSE=0        chapter layouts are not reused (tests compare the two)
 *   MLSD_DUMP           vlist, pages, model or diagrams: a dump on stderr (tests)
 *   NO_COLOR            no colours in diagnostics
 *   MLSD_GUIDE_DATA     the shared data directory (datadir.h) */
#ifndef MLSD_ENV_H
#define MLSD_ENV_H

#include <stdbool.h>
#include <time.h>

typedef struct env {
    time_t now;                /* time() when read */
    char *source_date_epoch;   /* NULL: unset or empty */
    char *dump;                /* MLSD_DUMP, NULL: unset */
    bool no_color;             /* NO_COLOR is set */
    char *data;                /* MLSD_GUIDE_DATA, NULL: unset or empty */
    bool no_reuse;             /* MLSD_REUSE=0: every chapter laid out in every pass (tests) */
} env;

/* Reads the clock and the variables (frees what e held). e must be zeroed or read before. */
void env_read(env *e);
void env_free(env *e);
/* The build's date: SOURCE_DATE_EPOCH when it is a number of seconds, else the time read
 * (with a warning when SOURCE_DATE_EPOCH is set but not such a number). */
time_t env_date(const env *e);
/* True when MLSD_DUMP is `what`. */
bool env_dump(const env *e, const char *what);

#endif
