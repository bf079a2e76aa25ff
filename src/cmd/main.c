/* main — the command line: global options, the command table, help. */
#include <cairo.h>
#include <cmark-gfm_version.h>
#include <pango/pango.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cli.h"
#include "diag.h"
#include "diagram.h"
#include "env.h"

#ifndef MLSD_YAML_VERSION
#define MLSD_YAML_VERSION "unknown"
#endif
#ifndef MLSD_VERSION
#define MLSD_VERSION "0.0.0"
#endif

#define MAIN_BOOK_OPTIONS \
    "  -c, --config FILE   book config (a book.yaml, or a directory holding one);\n" \
    "                      default: ./book.yaml, else content/book.yaml\n"

/* Markdown files one command line may name. */
enum { MAIN_MAX_INPUTS = 4096 };

static const cli_command main_commands[] = {
    {"build", "build the PDF from book.yaml and its chapters",
     "Usage: mlsd-guide build [OPTIONS] [DIR | FILE.md...]\n"
     "\n"
     "Checks the book, then typesets it into a PDF. It writes the file named by\n"
     "`output:` in the config (relative to it), else build/<book-title-slug>.pdf.\n"
     "Nothing is written when there are errors, and the previous PDF is left untouched.\n"
     "Without a book.yaml, a folder of Markdown (DIR, or the current directory) or\n"
     "the Markdown files given become the book: the chapters of SUMMARY.md, else\n"
     "every .md file in natural order with README.md / index.md first.\n"
     "\n"
     "Options:\n" MAIN_BOOK_OPTIONS
     "  -o, --output FILE   write the PDF here\n"
     "  -q, --quiet         print nothing but diagnostics\n"
     "  -v, --verbose       print stage timings, counts and peak memory\n"
     "      --werror        treat warnings as errors\n"
     "  -j, --jobs N        lay chapters out on N threads (default: one per core);\n"
     "                      the PDF is the same, byte for byte, for every N\n"
     "  -h, --help          show this help\n"
     "\n"
     "Exit status: 0 success, 1 errors in the input, 2 usage error.\n",
     CLI_CONFIG | CLI_OUTPUT | CLI_QUIET | CLI_VERBOSE | CLI_WERROR | CLI_JOBS, 0, MAIN_MAX_INPUTS, cmd_build},
    {"check", "check the book's structure without building it",
     "Usage: mlsd-guide check [OPTIONS] [DIR | FILE.md...]\n"
     "\n"
     "Validates book.yaml and every chapter: front matter, chapter kinds and their\n"
     "sections in order, required elements (a table in Trade-offs, a diagram in How\n"
     "it works, …), heading levels, ids, links and anchors, images, empty sections,\n"
     "and chapter files that book.yaml does not list. Every problem is reported in\n"
     "one run as path:line:col: error|warning: message.\n"
     "\n"
     "Options:\n" MAIN_BOOK_OPTIONS
     "      --format FMT    text (default) or json (diagnostics on stdout)\n"
     "      --werror        treat warnings as errors\n"
     "  -q, --quiet         no summary line\n"
     "  -h, --help          show this help\n"
     "\n"
     "Exit status: 0 no errors, 1 errors found, 2 usage error.\n",
     CLI_CONFIG | CLI_FORMAT | CLI_WERROR | CLI_QUIET, 0, MAIN_MAX_INPUTS, cmd_check},
    {"new", "add a chapter of a kind from its skeleton",
     "Usage: mlsd-guide new KIND \"Title\" [OPTIONS]\n"
     "\n"
     "Creates chapters/NN-slug.md from templates/kinds/KIND.md (front matter filled\n"
     "in, sections with one-line prompts as comments) and adds it to book.yaml in the\n"
     "kind's part, keeping the rest of the file as it is. Refuses to overwrite.\n"
     "\n"
     "Options:\n" MAIN_BOOK_OPTIONS
     "      --summary TEXT  the chapter's summary line\n"
     "  -h, --help          show this help\n"
     "\n"
     "Exit status: 0 created, 1 error (unknown kind, existing chapter), 2 usage error.\n",
     CLI_CONFIG | CLI_SUMMARY, 2, 2, cmd_new},
    {"list", "print the book's outline with kinds, word counts and check status",
     "Usage: mlsd-guide list [OPTIONS] [DIR | FILE.md...]\n"
     "\n"
     "Prints parts and chapters in order, each with its number, kind, word count\n"
     "and the result of `check` for it.\n"
     "\n"
     "Options:\n" MAIN_BOOK_OPTIONS
     "  -h, --help          show this help\n",
     CLI_CONFIG, 0, MAIN_MAX_INPUTS, cmd_list},
    {"vars", "print every variable: its value, where it is defined and used",
     "Usage: mlsd-guide vars [OPTIONS] [DIR | FILE.md...]\n"
     "\n"
     "Evaluates the book's variables (book.yaml `variables:`, the file named by\n"
     "`variables_file:`, chapter front matter `variables:` and ```calc blocks) and\n"
     "prints each one with its value as the PDF shows it, where it is defined and\n"
     "every place that uses it (other definitions, calc blocks, `=name` quotes).\n"
     "Errors (undefined names, unit mismatches, cycles, division by zero,\n"
     "conflicting definitions) are reported as path:line:col: error: message.\n"
     "\n"
     "Options:\n" MAIN_BOOK_OPTIONS
     "  -h, --help          show this help\n"
     "\n"
     "Exit status: 0 no errors, 1 errors found, 2 usage error.\n",
     CLI_CONFIG, 0, MAIN_MAX_INPUTS, cmd_vars},
    {"init", "write a book.yaml for a folder of Markdown",
     "Usage: mlsd-guide init [DIR]\n"
     "\n"
     "Writes DIR/book.yaml (DIR defaults to the current directory) listing the\n"
     "folder's chapters as `build DIR` would take them: the chapters of SUMMARY.md,\n"
     "else every .md file in natural order with README.md / index.md first, and the\n"
     "first chapter's heading as the title. Edit it to take over. Refuses to\n"
     "overwrite an existing book.yaml.\n"
     "\n"
     "Options:\n"
     "  -h, --help          show this help\n"
     "\n"
     "Exit status: 0 written, 1 error, 2 usage error.\n",
     0, 0, 1, cmd_init},
    {"watch", "rebuild the PDF whenever an input changes",
     "Usage: mlsd-guide watch [OPTIONS]\n"
     "\n"
     "Builds once, then rebuilds whenever book.yaml, a chapter, an image, a template\n"
     "or a font changes, printing diagnostics and how long each rebuild took. A broken\n"
     "edit reports its errors and leaves the last good PDF in place. Ctrl-C stops it.\n"
     "\n"
     "Options:\n" MAIN_BOOK_OPTIONS
     "  -o, --output FILE   write the PDF here\n"
     "  -q, --quiet         print nothing but diagnostics and rebuild times\n"
     "  -v, --verbose       print each build's timings, counts (chapters laid out and\n"
     "                      reused) and peak memory\n"
     "      --werror        treat warnings as errors\n"
     "  -j, --jobs N        lay chapters out on N threads (default: one per core)\n"
     "  -h, --help          show this help\n",
     CLI_CONFIG | CLI_OUTPUT | CLI_QUIET | CLI_VERBOSE | CLI_WERROR | CLI_JOBS, 0, 0, cmd_watch},
};
enum { MAIN_N_COMMANDS = sizeof main_commands / sizeof main_commands[0] };

static void main_usage(FILE *out)
{
    fputs("Usage: mlsd-guide COMMAND [OPTIONS]\n\nTypesets a book of Markdown chapters into a PDF.\n\nCommands:\n", out);
    for (size_t i = 0; i < MAIN_N_COMMANDS; i++) fprintf(out, "  %-8s  %s\n", main_commands[i].name, main_commands[i].summary);
    fputs("  help      show help for a command\n\nOptions:\n"
          "  -h, --help     show this help\n"
          "      --version  show the version and the library versions\n\n"
          "Run 'mlsd-guide help COMMAND' for a command's options.\n",
          out);
}

static void main_version(void)
{
    printf("mlsd-guide %s\n", MLSD_VERSION);
    printf("built with cairo %s, pango %s, cmark-gfm %s, libyaml %s\n", CAIRO_VERSION_STRING, PANGO_VERSION_STRING,
           CMARK_GFM_VERSION_STRING, MLSD_YAML_VERSION);
    printf("running with cairo %s, pango %s, libyaml %s\n", cairo_version_string(), pango_version_string(),
           yaml_get_version_string());
}

static const cli_command *main_find(const char *name)
{
    for (size_t i = 0; i < MAIN_N_COMMANDS; i++)
        if (!strcmp(main_commands[i].name, name)) return &main_commands[i];
    return NULL;
}

static int main_help(const char *cmd)
{
    if (!cmd) {
        main_usage(stdout);
        return 0;
    }
    const cli_command *c = main_find(cmd);
    if (c) {
        fputs(c->usage, stdout);
        return 0;
    }
    if (!strcmp(cmd, "help")) {
        fputs("Usage: mlsd-guide help [COMMAND]\n\nShows help for a command.\n", stdout);
        return 0;
    }
    return cli_usage_error(NULL, "unknown command", cmd);
}

int main(int argc, char **argv)
{
    diag_init(stderr, false);
    /* Every command's diagnostics follow NO_COLOR (a build reads the environment again: world.h). */
    env e = {0};
    env_read(&e);
    diag_set_no_color(e.no_color);
    env_free(&e);
    if (argc < 2) {
        main_usage(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    bool global = !strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "--version") || !strcmp(cmd, "-V");
    const cli_command *c = main_find(cmd);
    int rc;
    if ((global && argc > 2) || (!strcmp(cmd, "help") && argc > 3)) {
        rc = cli_usage_error(NULL, "unexpected argument", argv[global ? 2 : 3]);
    } else if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        rc = main_help(NULL);
    } else if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        main_version();
        rc = 0;
    } else if (!strcmp(cmd, "help")) {
        rc = main_help(argc > 2 ? argv[2] : NULL);
    } else if (c) {
        cli_opts o;
        rc = cli_parse(c, argc - 1, argv + 1, &o);
        if (rc < 0) {
            o.argv0 = argv[0];
            rc = c->run(&o);
        }
    } else {
        rc = cli_usage_error(NULL, cmd[0] == '-' ? "unknown option" : "unknown command", cmd);
    }
    diag_reset();
    /* Graphviz keeps one context for the process: `watch` builds many times. */
    diagram_shutdown();
    return rc;
}
