/* yaml-check — parses YAML files with libyaml and reports the first syntax
 * error of each as FILE:LINE:COL: message. Exit status 0 when every file
 * parses, 1 otherwise, 2 on a usage error. Used by scripts/check-workflows.sh
 * so that the workflow check needs no tool the build does not already need.
 *
 * Usage: yaml-check FILE... */
#include <stdio.h>
#include <yaml.h>

static int check(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_file(&p, f);
    int bad = 0, done = 0;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            fprintf(stderr, "%s:%zu:%zu: %s%s%s\n", path, p.problem_mark.line + 1, p.problem_mark.column + 1,
                    p.context ? p.context : "", p.context ? ": " : "", p.problem ? p.problem : "syntax error");
            bad = 1;
            break;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    fclose(f);
    return bad;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: yaml-check FILE...\n", stderr);
        return 2;
    }
    int bad = 0;
    for (int i = 1; i < argc; i++) bad |= check(argv[i]);
    return bad;
}
