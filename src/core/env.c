/* env — the clock and the environment, read once; see env.h. */
#include "env.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

static char *env_copy(const char *name, bool keep_empty)
{
    const char *v = getenv(name);
    return v && (keep_empty || *v) ? util_xstrdup(v) : NULL;
}

void env_read(env *e)
{
    env_free(e);
    e->now = time(NULL);
    e->source_date_epoch = env_copy("SOURCE_DATE_EPOCH", false);
    e->dump = env_copy("MLSD_DUMP", true);
    e->no_color = getenv("NO_COLOR") != NULL;
    e->data = env_copy("MLSD_GUIDE_DATA", false);
    const char *reuse = getenv("MLSD_REUSE");
    e->no_reuse = reuse && !strcmp(reuse, "0");
}

void env_free(env *e)
{
    free(e->source_date_epoch);
    free(e->dump);
    free(e->data);
    memset(e, 0, sizeof *e);
}

time_t env_date(const env *e)
{
    const char *sde = e->source_date_epoch;
    if (sde && *sde) {
        char *end = NULL;
        long long v = strtoll(sde, &end, 10);
        if (!*end && v >= 0) return (time_t)v;
        diag_warning(NULL, 0, 0, "SOURCE_DATE_EPOCH='%s' is not a number of seconds; using the current time", sde);
    }
    return e->now;
}

bool env_dump(const env *e, const char *what) { return e && e->dump && !strcmp(e->dump, what); }
