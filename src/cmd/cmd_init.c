#define _GNU_SOURCE
/* cmd_init — `mlsd-guide init [DIR]`: saves the book.yaml that `build DIR`
 * would make up for a folder of Markdown, so the author can take over. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "implicit.h"
#include "util.h"

int cmd_init(const cli_opts *o)
{
    const char *dir = o->n_args ? o->args[0] : ".";
    if (!util_is_dir(dir)) {
        diag_error(dir, 0, 0, "not a directory");
        return 1;
    }
    char *path = util_path_join(dir, "book.yaml");
    char *error = NULL;
    char *yaml = implicit_book_for_dir(NULL, dir, &error);
    int rc = 1;
    if (!yaml) {
        diag_error(dir, 0, 0, "%s", error);
    } else {
        /* O_EXCL: an existing book.yaml (or a link in its place) is never replaced. */
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
        if (fd < 0 && errno == EEXIST) {
            diag_report_hint(DIAG_ERROR, path, 0, 0, "edit it, or remove it to start again", "book.yaml already exists");
        } else if (fd < 0) {
            diag_error(path, 0, 0, "cannot create: %s", strerror(errno));
        } else {
            size_t len = strlen(yaml);
            bool ok = write(fd, yaml, len) == (ssize_t)len;
            ok = close(fd) == 0 && ok;
            if (!ok) {
                diag_error(path, 0, 0, "cannot write: %s", strerror(errno));
                unlink(path);
            } else {
                printf("wrote %s\n", path);
                rc = 0;
            }
        }
    }
    free(error);
    free(yaml);
    free(path);
    return rc;
}
