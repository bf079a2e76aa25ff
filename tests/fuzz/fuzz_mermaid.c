/* fuzz_mermaid — the input is the text of a ```mermaid block: it is translated to DOT
 * (mermaid_translate, with the bundled theme's colours), the DOT is checked like a
 * ```dot block's (diagram_check: Graphviz's parser and the bounds), and when it is small
 * it is laid out and drawn to SVG as a build would (Graphviz's dot layout, librsvg).
 * The whole-book path (check, layout, PDF) is covered by fuzz_chapter with mermaid seeds.
 * Replay one input: build-fuzz/fuzz_mermaid FILE (FUZZ_VERBOSE=1 prints the DOT and diagnostics). */
#include "fuzz_common.h"
#include "mermaid.h"
#include "theme.h"

/* Larger graphs are only parsed: laying out 1000 nodes takes seconds, which is the DOT path's cost. */
enum { FUZZ_MERMAID_RENDER_MAX = 4096 };

static theme fuzz_theme;
static bool fuzz_verbose;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    fuzz_setup("mermaid", (*argv)[0]);
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/templates/theme.yaml", getenv("MLSD_GUIDE_DATA"));
    if (!theme_load_file(&fuzz_theme, path)) fuzz_die("cannot load the theme", path);
    const char *v = getenv("FUZZ_VERBOSE");
    fuzz_verbose = v && *v && strcmp(v, "0");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *src = malloc(size + 1);
    if (!src) return 0;
    memcpy(src, data, size);
    src[size] = '\0';
    mermaid_result r;
    mermaid_translate(src, &fuzz_theme, &r);
    if (fuzz_verbose)
        for (size_t i = 0; i < r.n_diags; i++)
            fprintf(stderr, "%d:%d: %s: %s\n", r.diags[i].line, r.diags[i].col, r.diags[i].error ? "error" : "warning", r.diags[i].msg);
    if (r.dot) {
        if (fuzz_verbose) fputs(r.dot, stderr);
        char *error = NULL;
        int line = 0;
        if (diagram_check(r.dot, &error, &line) && strlen(r.dot) <= FUZZ_MERMAID_RENDER_MAX) {
            figure f;
            free(error);
            error = NULL;
            if (diagram_render(r.dot, &fuzz_theme, NULL, false, &f, &error, &line)) figure_free(&f);
        }
        if (fuzz_verbose && error) fprintf(stderr, "diagram: %s\n", error);
        free(error);
    }
    mermaid_result_free(&r);
    free(src);
    diag_reset();
    return 0;
}
