/* fuzz_common — shared set-up for the libFuzzer targets in tests/fuzz/.
 *
 * Each target writes the fuzzer's bytes into a file of a small book kept in a
 * per-process temporary directory (/tmp/mlsd-fuzz-TARGET-XXXXXX, created once,
 * removed at exit) and runs build_run() — the code `mlsd-guide build` runs —
 * down to the PDF, which is deleted after each run. The shared data (templates/,
 * fonts/) comes from $MLSD_GUIDE_DATA when set, else the repository root given
 * at compile time (-DFUZZ_REPO_ROOT=...), else the directory above the
 * executable's (build-fuzz/..). Diagnostics are recorded but not printed unless
 * FUZZ_VERBOSE=1 is set (handy when replaying one input). */
#ifndef MLSD_FUZZ_COMMON_H
#define MLSD_FUZZ_COMMON_H

#define _GNU_SOURCE
#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "diag.h"
#include "diagram.h"

static char fuzz_dir[PATH_MAX]; /* the temporary directory, "" until created */
static pid_t fuzz_owner;         /* the process that created it (and removes it) */

static void fuzz_die(const char *what, const char *path)
{
    fprintf(stderr, "fuzz set-up: %s: %s\n", what, path);
    abort();
}

/* Writes len bytes to dir/rel (dir = the temporary directory), creating the file. */
static void fuzz_write(const char *rel, const void *data, size_t len)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", fuzz_dir, rel);
    FILE *f = fopen(path, "wb");
    if (!f) fuzz_die("cannot write", path);
    if (len && fwrite(data, 1, len, f) != len) fuzz_die("short write", path);
    if (fclose(f) != 0) fuzz_die("cannot close", path);
}

static void fuzz_write_str(const char *rel, const char *s) { fuzz_write(rel, s, strlen(s)); }

static void fuzz_mkdir(const char *rel)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", fuzz_dir, rel);
    if (mkdir(path, 0700) != 0) fuzz_die("cannot create directory", path);
}

/* A path under the temporary directory (static buffer per slot). */
static const char *fuzz_path(int slot, const char *rel)
{
    static char paths[4][PATH_MAX];
    snprintf(paths[slot], sizeof paths[slot], "%s/%s", fuzz_dir, rel);
    return paths[slot];
}

static int fuzz_rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(p);
    return 0;
}

static void fuzz_cleanup(void)
{
    if (fuzz_dir[0] && getpid() == fuzz_owner) nftw(fuzz_dir, fuzz_rm_one, 16, FTW_DEPTH | FTW_PHYS);
    diag_reset();
    diagram_shutdown();
}

/* Points MLSD_GUIDE_DATA at the repository root and creates the temporary directory. */
static void fuzz_setup(const char *target, const char *argv0)
{
    const char *env = getenv("MLSD_GUIDE_DATA");
    if (!env || !*env) {
        char root[PATH_MAX] = "";
#ifdef FUZZ_REPO_ROOT
        snprintf(root, sizeof root, "%s", FUZZ_REPO_ROOT);
#endif
        char theme[PATH_MAX + 32];
        snprintf(theme, sizeof theme, "%s/templates/theme.yaml", root);
        if (!root[0] || access(theme, R_OK) != 0) {
            /* build-fuzz/fuzz_x → the repository root is the executable's directory's parent. */
            char exe[PATH_MAX];
            ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
            if (n <= 0) fuzz_die("cannot find the executable", argv0 ? argv0 : "?");
            exe[n] = '\0';
            *strrchr(exe, '/') = '\0';
            snprintf(root, sizeof root, "%s/..", exe);
        }
        setenv("MLSD_GUIDE_DATA", root, 1);
    }
    /* Fixed PDF dates: every run does the same work. */
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    snprintf(fuzz_dir, sizeof fuzz_dir, "/tmp/mlsd-fuzz-%s-XXXXXX", target);
    if (!mkdtemp(fuzz_dir)) fuzz_die("cannot create a temporary directory", fuzz_dir);
    fuzz_owner = getpid();
    atexit(fuzz_cleanup);
    diag_init(stderr, false);
    const char *v = getenv("FUZZ_VERBOSE");
    diag_set_silent(!(v && *v && strcmp(v, "0")));
}

/* One `mlsd-guide build -q -c CONFIG -o OUTPUT`, then the PDF is removed and the
 * diagnostics are reset for the next input. */
static int fuzz_build(const char *config_rel, const char *output_rel)
{
    build_opts o = {0};
    char config[PATH_MAX], output[PATH_MAX];
    snprintf(config, sizeof config, "%s/%s", fuzz_dir, config_rel);
    snprintf(output, sizeof output, "%s/%s", fuzz_dir, output_rel);
    o.config = config;
    o.output = output;
    o.quiet = true;
    o.argv0 = "mlsd-guide";
    int rc = build_run(&o);
    unlink(output);
    diag_reset();
    return rc;
}

#endif
