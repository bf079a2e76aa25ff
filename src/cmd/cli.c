#define _GNU_SOURCE
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CLI_OPT_WERROR = 256, CLI_OPT_FORMAT, CLI_OPT_SUMMARY };

int cli_usage_error(const char *cmd, const char *msg, const char *arg)
{
    fprintf(stderr, "mlsd-guide: %s%s%s%s\n", msg, arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
    fprintf(stderr, "Try 'mlsd-guide %s%s--help'.\n", cmd ? cmd : "", cmd ? " " : "");
    return CLI_EXIT_USAGE;
}

int cli_parse(const cli_command *cmd, int argc, char **argv, cli_opts *o)
{
    static const struct {
        unsigned flag;
        struct option opt;
    } all[] = {
        {CLI_CONFIG, {"config", required_argument, NULL, 'c'}},
        {CLI_OUTPUT, {"output", required_argument, NULL, 'o'}},
        {CLI_QUIET, {"quiet", no_argument, NULL, 'q'}},
        {CLI_VERBOSE, {"verbose", no_argument, NULL, 'v'}},
        {CLI_WERROR, {"werror", no_argument, NULL, CLI_OPT_WERROR}},
        {CLI_FORMAT, {"format", required_argument, NULL, CLI_OPT_FORMAT}},
        {CLI_SUMMARY, {"summary", required_argument, NULL, CLI_OPT_SUMMARY}},
        {CLI_JOBS, {"jobs", required_argument, NULL, 'j'}},
    };
    struct option longopts[sizeof all / sizeof *all + 2];
    char shortopts[32] = ":h";
    size_t n = 0;
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        if (!(cmd->accept & all[i].flag)) continue;
        longopts[n++] = all[i].opt;
        if (all[i].opt.val < CLI_OPT_WERROR) {
            size_t l = strlen(shortopts);
            shortopts[l] = (char)all[i].opt.val;
            shortopts[l + 1] = all[i].opt.has_arg ? ':' : '\0';
            shortopts[l + 2] = '\0';
        }
    }
    longopts[n++] = (struct option){"help", no_argument, NULL, 'h'};
    longopts[n] = (struct option){NULL, 0, NULL, 0};
    memset(o, 0, sizeof *o);
    o->argv0 = argv[0];
    opterr = 0;
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        switch (ch) {
        case 'c': o->config = optarg; break;
        case 'o': o->output = optarg; break;
        case 'q': o->quiet = true; break;
        case 'v': o->verbose = true; break;
        case CLI_OPT_WERROR: o->werror = true; break;
        case CLI_OPT_FORMAT:
            if (strcmp(optarg, "text") && strcmp(optarg, "json"))
                return cli_usage_error(cmd->name, "--format takes text or json, not", optarg);
            o->format = optarg;
            break;
        case CLI_OPT_SUMMARY: o->summary = optarg; break;
        case 'j': {
            char *end = NULL;
            long v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 1 || v > CLI_MAX_JOBS)
                return cli_usage_error(cmd->name, "--jobs takes a number of threads from 1 to 64, not", optarg);
            o->jobs = (int)v;
            break;
        }
        case 'h': fputs(cmd->usage, stdout); return 0;
        case ':': return cli_usage_error(cmd->name, "option requires an argument:", argv[optind - 1]);
        default: {
            /* A short option inside a cluster (-xq) is named by optopt; a long one by argv. */
            char shortopt[3] = {'-', (char)optopt, 0};
            return cli_usage_error(cmd->name, "unknown option", optopt ? shortopt : argv[optind - 1]);
        }
        }
    }
    o->args = argv + optind;
    o->n_args = (size_t)(argc - optind);
    if (o->n_args > cmd->max_args) return cli_usage_error(cmd->name, "unexpected argument", argv[optind + (int)cmd->max_args]);
    if (o->n_args < cmd->min_args) return cli_usage_error(cmd->name, "missing argument; see the usage", NULL);
    return -1;
}
