#define _DEFAULT_SOURCE
#include "datadir.h"

#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

#ifndef MLSD_DATADIR
#define MLSD_DATADIR "/usr/local/share/mlsd-guide"
#endif

static char *datadir_try(char *dir)
{
    char *theme = util_path_join(dir, "templates/theme.yaml");
    bool ok = util_path_exists(theme);
    free(theme);
    if (ok) return dir;
    free(dir);
    return NULL;
}

char *datadir_find(const char *given, const char *argv0)
{
    if (given && *given) return datadir_try(util_xstrdup(given));
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *found = NULL;
    if (n > 0) {
        exe[n] = '\0';
        char *bindir = util_path_dir(exe);
        found = datadir_try(util_path_join(bindir, ".."));
        if (!found) found = datadir_try(util_path_join(bindir, "../share/mlsd-guide"));
        free(bindir);
    } else if (argv0 && argv0[0]) {
        char *bindir = util_path_dir(argv0);
        found = datadir_try(util_path_join(bindir, ".."));
        free(bindir);
    }
    if (!found) found = datadir_try(util_xstrdup(MLSD_DATADIR));
    return found;
}
