/* cmd_watch — `mlsd-guide watch`: build, then rebuild whenever an input
 * changes (inotify on the book's directories, the templates and the fonts). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "build.h"
#include "cli.h"
#include "datadir.h"
#include "diag.h"
#include "project.h"
#include "util.h"
#include "world.h"

/* Edits arrive in bursts (an editor writes, renames, touches): wait this long for quiet. */
enum { WATCH_SETTLE_MS = 150, WATCH_MAX_DEPTH = 6, WATCH_EVENT_BUF = 16384 };

static volatile sig_atomic_t watch_stop;

static void watch_on_signal(int sig)
{
    (void)sig;
    watch_stop = 1;
}

static void watch_add_tree(int fd, const char *dir, int depth, int *count)
{
    if (depth > WATCH_MAX_DEPTH) return;
    uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB;
    if (inotify_add_watch(fd, dir, mask) >= 0) (*count)++;
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char *sub = util_path_join(dir, e->d_name);
        /* The build output directory changes on every build: never watch it. */
        if (util_is_dir(sub) && strcmp(e->d_name, "build") && strcmp(e->d_name, "dist")) watch_add_tree(fd, sub, depth + 1, count);
        free(sub);
    }
    closedir(d);
}

/* Inputs: the book's directory tree (chapters, images), and the shared templates and fonts. */
static int watch_setup(const cli_opts *o, const env *e, int *count)
{
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) return -1;
    *count = 0;
    diag_set_silent(true);
    char *config = project_find_config(o->config);
    diag_set_silent(false);
    if (config) {
        char *dir = util_path_dir(config);
        watch_add_tree(fd, dir, 0, count);
        free(dir);
        free(config);
    }
    char *data = datadir_find(e->data, o->argv0);
    if (data) {
        char *t = util_path_join(data, "templates"), *f = util_path_join(data, "fonts");
        watch_add_tree(fd, t, 0, count);
        watch_add_tree(fd, f, 0, count);
        free(t);
        free(f);
        free(data);
    }
    return fd;
}

/* True when the events in buf include a change to an input (not a temporary or output file). */
static bool watch_relevant(const char *buf, ssize_t len)
{
    bool any = false;
    for (const char *p = buf; p < buf + len;) {
        const struct inotify_event *ev = (const struct inotify_event *)(const void *)p;
        const char *name = ev->len ? ev->name : "";
        size_t nl = strlen(name);
        bool ignored = name[0] == '.' || (nl > 4 && !strcmp(name + nl - 4, ".pdf")) || (nl && name[nl - 1] == '~');
        if (!ignored) any = true;
        p += sizeof *ev + ev->len;
    }
    return any;
}

static int watch_build(const cli_opts *o, world *w)
{
    build_opts b = build_opts_from_cli(o);
    diag_reset();
    double t0 = util_now();
    int rc = build_run_in(&b, w);
    fprintf(stderr, "[%s in %.2f s] watching for changes (Ctrl-C to stop)\n", rc == 0 ? "built" : "failed", util_now() - t0);
    fflush(stderr);
    return rc;
}

int cmd_watch(const cli_opts *o)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = watch_on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    int count = 0;
    /* Kept between rebuilds: fonts, decoded images, the files read (re-read only when changed)
     * and the layouts of unchanged paragraphs. Each build reads the clock and environment again. */
    world w;
    world_init(&w);
    world_begin(&w);
    int fd = watch_setup(o, &w.env, &count);
    if (fd < 0) {
        diag_error(NULL, 0, 0, "cannot watch for changes: %s", strerror(errno));
        world_free(&w);
        return 1;
    }
    if (!o->quiet) fprintf(stderr, "watching %d director%s\n", count, count == 1 ? "y" : "ies");
    watch_build(o, &w);
    char buf[WATCH_EVENT_BUF] __attribute__((aligned(__alignof__(struct inotify_event))));
    while (!watch_stop) {
        struct pollfd pfd = {fd, POLLIN, 0};
        int r = poll(&pfd, 1, -1);
        if (r < 0) {
            if (errno == EINTR) continue;
            break;
        }
        bool changed = false;
        ssize_t len;
        while ((len = read(fd, buf, sizeof buf)) > 0) changed = watch_relevant(buf, len) || changed;
        if (!changed) continue;
        /* Let a burst of writes settle, swallowing the events it makes. */
        while (!watch_stop && poll(&pfd, 1, WATCH_SETTLE_MS) > 0)
            while (read(fd, buf, sizeof buf) > 0) {
            }
        if (watch_stop) break;
        /* New directories (a new image folder) are watched from now on. */
        close(fd);
        fd = watch_setup(o, &w.env, &count);
        if (fd < 0) break;
        watch_build(o, &w);
    }
    world_free(&w);
    if (fd >= 0) close(fd);
    if (!o->quiet) fprintf(stderr, "stopped watching\n");
    return 0;
}
