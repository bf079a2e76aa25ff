/* env: the clock and environment, read once (SOURCE_DATE_EPOCH, MLSD_DUMP, NO_COLOR, MLSD_GUIDE_DATA). */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include <stdlib.h>
#include <string.h>

#include "env.h"
#include "test.h"

/* The variables as the tests found them, put back after each case that changes them. */
static char *env_saved[4];
static const char *const env_names[4] = {"SOURCE_DATE_EPOCH", "MLSD_DUMP", "NO_COLOR", "MLSD_GUIDE_DATA"};

static void env_save(void)
{
    for (size_t i = 0; i < 4; i++) {
        const char *v = getenv(env_names[i]);
        env_saved[i] = v ? strdup(v) : NULL;
    }
}

static void env_restore(void)
{
    for (size_t i = 0; i < 4; i++) {
        if (env_saved[i]) setenv(env_names[i], env_saved[i], 1);
        else unsetenv(env_names[i]);
        free(env_saved[i]);
        env_saved[i] = NULL;
    }
}

TEST(env_reads_once_and_keeps_its_copy)
{
    env_save();
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    setenv("MLSD_DUMP", "pages", 1);
    setenv("NO_COLOR", "", 1);
    setenv("MLSD_GUIDE_DATA", "/nowhere", 1);
    env e = {0};
    env_read(&e);
    /* Later changes to the process environment do not reach a build that has read it. */
    setenv("MLSD_DUMP", "vlist", 1);
    unsetenv("NO_COLOR");
    CHECK_INT(env_date(&e), 1700000000);
    CHECK(env_dump(&e, "pages"));
    CHECK(!env_dump(&e, "vlist"));
    CHECK(e.no_color); /* set, even empty */
    CHECK_STR(e.data, "/nowhere");
    env_read(&e);
    CHECK(env_dump(&e, "vlist"));
    CHECK(!e.no_color);
    env_free(&e);
    CHECK(!env_dump(NULL, "pages"));
    env_restore();
}

TEST(env_date_warns_on_a_bad_source_date_epoch)
{
    env_save();
    setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
    env e = {0};
    env_read(&e);
    CHECK(env_date(&e) == e.now);
    CHECK_DIAG(NULL, -1, -1, "SOURCE_DATE_EPOCH='yesterday' is not a number of seconds; using the current time");
    unsetenv("SOURCE_DATE_EPOCH");
    env_read(&e);
    CHECK(e.source_date_epoch == NULL);
    CHECK(env_date(&e) == e.now);
    env_free(&e);
    env_restore();
}
