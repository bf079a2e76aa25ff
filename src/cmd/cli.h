/* cli — the command table and the shared GNU-style option parser. */
#ifndef MLSD_CLI_H
#define MLSD_CLI_H

#include <stdbool.h>
#include <stddef.h>

enum { CLI_EXIT_USAGE = 2 };

enum {
    CLI_CONFIG = 1 << 0,  /* -c, --config FILE */
    CLI_OUTPUT = 1 << 1,  /* -o, --output FILE */
    CLI_QUIET = 1 << 2,   /* -q, --quiet */
    CLI_VERBOSE = 1 << 3, /* -v, --verbose */
    CLI_WERROR = 1 << 4,  /* --werror */
    CLI_FORMAT = 1 << 5,  /* --format text|json */
    CLI_SUMMARY = 1 << 6, /* --summary TEXT */
    CLI_JOBS = 1 << 7,    /* -j, --jobs N */
};

/* Upper bound of --jobs (threads beyond the cores only cost memory). */
enum { CLI_MAX_JOBS = 64 };

typedef struct cli_opts {
    const char *config, *output, *format, *summary;
    bool quiet, verbose, werror;
    int jobs; /* --jobs: 0 = one per core */
    char **args; /* positional arguments */
    size_t n_args;
    const char *argv0;
} cli_opts;

typedef struct cli_command {
    const char *name;
    const char *summary;    /* one line for `mlsd-guide --help` */
    const char *usage;      /* full help text */
    unsigned accept;        /* CLI_* options it takes */
    size_t min_args, max_args;
    int (*run)(const cli_opts *o);
} cli_command;

/* Parses argv (argv[0] is the command name) into o. Returns -1 to go on, or an
 * exit status: 0 after printing help, CLI_EXIT_USAGE after a usage error. */
int cli_parse(const cli_command *cmd, int argc, char **argv, cli_opts *o);
/* Prints "mlsd-guide: msg 'arg'" and a hint naming --help; returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *msg, const char *arg);

/* The commands (each in its own file). */
int cmd_build(const cli_opts *o);
int cmd_check(const cli_opts *o);
int cmd_list(const cli_opts *o);
int cmd_new(const cli_opts *o);
int cmd_watch(const cli_opts *o);
int cmd_init(const cli_opts *o);
int cmd_vars(const cli_opts *o);

#endif
