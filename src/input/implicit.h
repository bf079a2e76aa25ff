/* implicit — the book.yaml text for Markdown that has none: a folder (its
 * SUMMARY.md, else every Markdown file in natural order, README.md / index.md
 * first in each folder) or a list of files. `build DIR`, `build FILE.md…` and
 * `init` use it. */
#ifndef MLSD_IMPLICIT_H
#define MLSD_IMPLICIT_H

#include <stddef.h>

#include "files.h"

/* Bounds: chapters taken from one folder, folder depth, SUMMARY.md size, and the
 * lines read to find a file's first heading. */
enum {
    IMPLICIT_MAX_FILES = 2000,
    IMPLICIT_MAX_DEPTH = 8,
    IMPLICIT_MAX_SUMMARY_BYTES = 1 << 20,
    IMPLICIT_MAX_TITLE_LINES = 400,
};

/* book.yaml text for the Markdown of dir (paths relative to dir); NULL with
 * *error set (newly allocated) when there is none. */
char *implicit_book_for_dir(files *fs, const char *dir, char **error);
/* book.yaml text for the given Markdown files (paths as given, relative to the
 * current directory). */
char *implicit_book_for_files(files *fs, char **names, size_t n, char **error);

#endif
