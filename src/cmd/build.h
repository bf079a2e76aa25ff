/* build — the `build` command: runs book → source → layout → paginate → pdf
 * and writes the PDF through a temporary file renamed into place. */
#ifndef MLSD_BUILD_H
#define MLSD_BUILD_H

#include <stdbool.h>
#include <time.h>

typedef struct build_opts {
    const char *config;  /* NULL: book.yaml, else content/book.yaml */
    const char *output;  /* NULL: config's output:, else build/<slug>.pdf */
    bool quiet, verbose, werror;
    int jobs;            /* layout threads; 0: one per core */
    char **inputs;       /* Markdown files or a folder named on the command line (no book.yaml) */
    size_t n_inputs;
    const char *argv0;
    time_t date;         /* set by build_run: PDF dates (SOURCE_DATE_EPOCH or now) */
} build_opts;

struct cli_opts;
/* The build options of a command line. */
build_opts build_opts_from_cli(const struct cli_opts *c);
/* Returns the exit status: 0 success, 1 user error. */
int build_run(const build_opts *o);
/* The same with a world kept by the caller (`watch`): fonts, figures and layouts of earlier
 * builds are reused where their inputs did not change. */
struct world;
int build_run_in(const build_opts *o, struct world *w);

#endif
