/* main — the command line: global options, commands, help. */
#define _GNU_SOURCE
#include <cairo.h>
#include <cmark-gfm_version.h>
#include <getopt.h>
#include <pango/pango.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "build.h"
#include "diag.h"

#ifndef MLSD_YAML_VERSION
#define MLSD_YAML_VERSION "unknown"
#endif
#ifndef MLSD_VERSION
#define MLSD_VERSION "0.0.0"
#endif

enum { EXIT_USAGE = 2 };

static const char *main_usage =
    "Usage: mlsd-guide COMMAND [OPTIONS]\n"
    "\n"
    "Typesets a book of Markdown chapters into a PDF.\n"
    "\n"
    "Commands:\n"
    "  build     build the PDF from book.yaml and its chapters\n"
    "  help      show help for a command\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help\n"
    "      --version  show the version and the library versions\n"
    "\n"
    "Run 'mlsd-guide help COMMAND' for a command's options.\n";

static const char *main_build_usage =
    "Usage: mlsd-guide build [OPTIONS]\n"
    "\n"
    "Builds the PDF. Without -c it reads book.yaml in the current directory,\n"
    "else content/book.yaml; it writes the file named by `output:` in the\n"
    "config, else build/<book-title-slug>.pdf. Nothing is written when there\n"
    "are errors, and the previous PDF is left untouched.\n"
    "\n"
    "Options:\n"
    "  -c, --config FILE   book config (a book.yaml, or a directory holding one)\n"
    "  -o, --output FILE   write the PDF here\n"
    "  -q, --quiet         print nothing but diagnostics\n"
    "  -v, --verbose       print what is being done\n"
    "      --werror        treat warnings as errors\n"
    "  -h, --help          show this help\n"
    "\n"
    "Exit status: 0 success, 1 errors in the input, 2 usage error.\n";

static void main_version(void)
{
    printf("mlsd-guide %s\n", MLSD_VERSION);
    printf("built with cairo %s, pango %s, cmark-gfm %s, libyaml %s\n", CAIRO_VERSION_STRING, PANGO_VERSION_STRING,
           CMARK_GFM_VERSION_STRING, MLSD_YAML_VERSION);
    printf("running with cairo %s, pango %s, libyaml %s\n", cairo_version_string(), pango_version_string(),
           yaml_get_version_string());
}

static int main_usage_error(const char *cmd, const char *msg, const char *arg)
{
    fprintf(stderr, "mlsd-guide: %s%s%s%s\n", msg, arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
    fprintf(stderr, "Try 'mlsd-guide %s%s--help'.\n", cmd ? cmd : "", cmd ? " " : "");
    return EXIT_USAGE;
}

static int main_build(int argc, char **argv)
{
    enum { OPT_WERROR = 256 };
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'}, {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},        {"verbose", no_argument, NULL, 'v'},
        {"werror", no_argument, NULL, OPT_WERROR}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    build_opts o = {0};
    o.argv0 = argv[0];
    opterr = 0;
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, ":c:o:qvh", opts, NULL)) != -1) {
        switch (ch) {
        case 'c': o.config = optarg; break;
        case 'o': o.output = optarg; break;
        case 'q': o.quiet = true; break;
        case 'v': o.verbose = true; break;
        case OPT_WERROR: o.werror = true; break;
        case 'h': fputs(main_build_usage, stdout); return 0;
        case ':': return main_usage_error("build", "option requires an argument:", argv[optind - 1]);
        default: {
            /* A short option inside a cluster (-xq) is named by optopt; a long one by argv. */
            char shortopt[3] = {'-', (char)optopt, 0};
            return main_usage_error("build", "unknown option", optopt ? shortopt : argv[optind - 1]);
        }
        }
    }
    if (optind < argc) return main_usage_error("build", "unexpected argument", argv[optind]);
    return build_run(&o);
}

static int main_help(const char *cmd)
{
    if (!cmd) {
        fputs(main_usage, stdout);
        return 0;
    }
    if (!strcmp(cmd, "build")) {
        fputs(main_build_usage, stdout);
        return 0;
    }
    if (!strcmp(cmd, "help")) {
        fputs("Usage: mlsd-guide help [COMMAND]\n\nShows help for a command.\n", stdout);
        return 0;
    }
    return main_usage_error(NULL, "unknown command", cmd);
}

int main(int argc, char **argv)
{
    diag_init(stderr, false);
    if (argc < 2) {
        fputs(main_usage, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    int rc;
    bool global = !strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "--version") || !strcmp(cmd, "-V");
    if ((global && argc > 2) || (!strcmp(cmd, "help") && argc > 3))
        rc = main_usage_error(NULL, "unexpected argument", argv[global ? 2 : 3]);
    else if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) rc = main_help(NULL);
    else if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        main_version();
        rc = 0;
    } else if (!strcmp(cmd, "help")) rc = main_help(argc > 2 ? argv[2] : NULL);
    else if (!strcmp(cmd, "build")) rc = main_build(argc - 1, argv + 1);
    else if (cmd[0] == '-') rc = main_usage_error(NULL, "unknown option", cmd);
    else rc = main_usage_error(NULL, "unknown command", cmd);
    diag_reset();
    return rc;
}
