/* project — everything a command needs before typesetting: the book config
 * found and loaded with its theme, the shared data directory, the chapter
 * kinds, the chapters parsed, and (optionally) the structure checks run. */
#ifndef MLSD_PROJECT_H
#define MLSD_PROJECT_H

#include <stdbool.h>

#include "book.h"
#include "bookindex.h"
#include "env.h"
#include "kinds.h"
#include "source.h"

typedef struct project {
    char *config;          /* path of book.yaml */
    char *data;            /* directory holding templates/ and fonts/ */
    book bk;
    bool have_book;        /* bk was loaded (maybe with errors) */
    kinds kinds;
    source_chapter *chs;   /* bk.n_chapters entries; a chapter that failed to load has doc == NULL */
    bookindex index;       /* the terms marked for the back-of-book index */
    files *files;          /* the store the files are read through (the world's; NULL: directly) */
} project;

/* Finds book.yaml (given, ./book.yaml, then content/book.yaml) as `build` does;
 * NULL (after reporting) when there is none. */
char *project_find_config(const char *given);

/* Loads the book and its chapters and runs `check`. The book is config (a
 * book.yaml, or a folder holding one), else Markdown files named in inputs, else
 * a folder of Markdown without book.yaml (see implicit.h). Returns false when the
 * book could not be loaded at all; diagnostics tell about everything else. */
bool project_open(project *p, const char *config, char **inputs, size_t n_inputs, const char *argv0);
/* The same reading every file through the store fs (files.h), with the environment e (env.h:
 * MLSD_GUIDE_DATA) read by the caller. */
bool project_open_in(project *p, files *fs, const env *e, const char *config, char **inputs, size_t n_inputs,
                     const char *argv0);
void project_close(project *p);
/* A path under the data directory (newly allocated). */
char *project_data_path(const project *p, const char *rel);

#endif
