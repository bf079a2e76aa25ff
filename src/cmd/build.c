#define _GNU_SOURCE
#include "build.h"
#include "cli.h"
#include "diagram.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "book.h"
#include "project.h"
#include "diag.h"
#include "fonts.h"
#include "layout.h"
#include "hyphen.h"
#include "pdf.h"
#include "source.h"
#include "util.h"
#include "typeset.h"
#include "world.h"

typedef struct build_progress {
    bool on;    /* stderr is a terminal and not --quiet */
    double t0;
} build_progress;

static void build_status(build_progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void build_status(build_progress *p, const char *fmt, ...)
{
    if (!p->on) return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "\r\033[K[%5.2fs] ", util_now() - p->t0);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fflush(stderr);
}

static void build_layout_progress(size_t done, size_t total, void *user)
{
    build_status(user, "laid out %zu/%zu chapters", done, total);
}

/* Creates dir and its missing parents; *top gets the outermost one it created (or
 * stays NULL), so that a failed build can remove them again. */
static bool build_mkdirs(const char *dir, char **top)
{
    if (!*dir || util_is_dir(dir)) return true;
    char *parent = util_path_dir(dir);
    bool ok = strcmp(parent, dir) == 0 || build_mkdirs(parent, top);
    free(parent);
    if (!ok) return false;
    if (mkdir(dir, 0777) == 0) {
        if (!*top) *top = util_xstrdup(dir);
        return true;
    }
    return errno == EEXIST;
}

/* Removes the folders build_mkdirs created, from dir up to top (when empty). */
static void build_rmdirs(const char *dir, const char *top)
{
    if (!top) return;
    /* Every folder from top down to dir is one it made. Each step is a shorter path, and
     * top is a prefix of dir; rmdir fails harmlessly on one that was not made or is not empty. */
    char *p = util_xstrdup(dir);
    for (;;) {
        rmdir(p);
        if (!strcmp(p, top) || strlen(p) <= strlen(top)) break;
        char *parent = util_path_dir(p);
        free(p);
        p = parent;
    }
    free(p);
}

static char *build_join(char **v, size_t n)
{
    util_buf b = {0};
    for (size_t i = 0; i < n; i++) util_buf_printf(&b, "%s%s", i ? ", " : "", v[i]);
    return b.len ? util_buf_steal(&b) : NULL;
}

static char *build_output_path(const build_opts *o, const book *bk)
{
    if (o->output) return util_xstrdup(o->output);
    if (bk->output) return util_path_join(bk->dir, bk->output);
    char *slug = book_slugify(bk->title);
    char *p = util_printf("build/%s.pdf", slug);
    free(slug);
    return p;
}

/* The temporary file being written, removed if a signal ends the build. */
static char build_tmp_path[4096];

static void build_on_signal(int sig)
{
    if (build_tmp_path[0]) unlink(build_tmp_path);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Removes temporary files of earlier builds that were killed (named
 * .mlsd-PID-XXXXXX.tmp, with a PID that no longer runs). */
static void build_sweep_stale(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        int pid = 0, end = 0;
        if (sscanf(e->d_name, ".mlsd-%d-%*6[A-Za-z0-9].tmp%n", &pid, &end) != 1 || end == 0 || e->d_name[end] || pid <= 0)
            continue;
        if (kill(pid, 0) == 0 || errno != ESRCH) continue;
        char *p = util_path_join(dir, e->d_name);
        unlink(p);
        free(p);
    }
    closedir(d);
}

/* True when the file st is book.yaml or one of the chapters. */
static bool build_is_input(const book *bk, const struct stat *st)
{
    struct stat in;
    if (stat(bk->config_path, &in) == 0 && in.st_dev == st->st_dev && in.st_ino == st->st_ino) return true;
    for (size_t i = 0; i < bk->n_chapters; i++)
        if (stat(bk->chapters[i].path, &in) == 0 && in.st_dev == st->st_dev && in.st_ino == st->st_ino) return true;
    return false;
}

/* Refuses an output path that would replace something other than a PDF of
 * ours (a chapter, book.yaml, an image, a FIFO, a device), before any work. */
static bool build_output_ok(const book *bk, const char *out, bool from_config)
{
    size_t n = strlen(out);
    if (!n) {
        diag_error(NULL, 0, 0, "the output file name is empty");
        return false;
    }
    if (out[n - 1] == '/' || util_is_dir(out)) {
        diag_error(out, 0, 0, "the output is a directory; name the PDF file to write");
        return false;
    }
    struct stat st;
    if (lstat(out, &st) == 0) {
        if (!S_ISREG(st.st_mode)) {
            diag_error(out, 0, 0, "refusing to replace something that is not a regular file with the PDF");
            return false;
        }
        if (build_is_input(bk, &st)) {
            diag_report_hint(DIAG_ERROR, out, 0, 0, "choose another output name with -o or output:",
                             "refusing to replace an input of the book with the PDF");
            return false;
        }
        char head[5] = {0};
        int fd = open(out, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
        ssize_t got = fd >= 0 ? read(fd, head, 4) : -1;
        if (fd >= 0) close(fd);
        /* An empty file is replaced only when its name says it is meant for a PDF. */
        bool pdf_name = n >= 4 && !strcasecmp(out + n - 4, ".pdf");
        if (st.st_size > 0 ? got != 4 || memcmp(head, "%PDF", 4) : !pdf_name) {
            diag_report_hint(DIAG_ERROR, out, 0, 0, "choose another output name with -o or output:",
                             "refusing to replace a file that is not a PDF (is it an input of the book?)");
            return false;
        }
    }
    /* output: in book.yaml stays inside the book's folder (root: widens it); the folder
     * need not exist yet, and is judged by its deepest existing part, resolved. */
    if (from_config && !util_path_inside_new(out, bk->root)) {
        if (bk->root_given == NULL)
            diag_report_hint(DIAG_ERROR, bk->config_path, bk->output_line, bk->output_col,
                             "set 'root:' in book.yaml to write outside it, or use -o",
                             "output '%s' is outside the book's folder (%s)", bk->output, bk->root);
        else
            diag_error(bk->config_path, bk->output_line, bk->output_col, "output '%s' is outside root: (%s)", bk->output, bk->root);
        return false;
    }
    return true;
}

/* Writes the PDF through a temporary file renamed into place: the last passes of t draw it. */
static int build_write(const build_opts *o, const book *bk, typeset *t, const char *out, build_progress *pr)
{
    char *dir = util_path_dir(out), *made = NULL;
    if (!build_mkdirs(dir, &made)) {
        diag_error(dir, 0, 0, "cannot create output directory: %s", strerror(errno));
        build_rmdirs(dir, made);
        free(made);
        free(dir);
        return 1;
    }
    build_sweep_stale(dir);
    /* A short name, whatever the length of the output's (a 250-byte name still fits). */
    char *tmp = util_printf("%s/.mlsd-%d-XXXXXX.tmp", dir, (int)getpid());
    if (strlen(tmp) >= sizeof build_tmp_path) {
        diag_error(out, 0, 0, "the output path is too long");
        build_rmdirs(dir, made);
        free(made);
        free(dir);
        free(tmp);
        return 1;
    }
    /* The handlers are in place and the name recorded before the file exists: signals
     * are held from just before it is created until its name is where they look. */
    sigset_t hold, before;
    sigemptyset(&hold);
    sigaddset(&hold, SIGINT);
    sigaddset(&hold, SIGTERM);
    sigaddset(&hold, SIGHUP);
    sigprocmask(SIG_BLOCK, &hold, &before);
    struct sigaction sa = {0}, old_int, old_term, old_hup;
    sa.sa_handler = build_on_signal;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);
    int fd = mkstemps(tmp, 4);
    int mk_errno = errno;
    if (fd >= 0) snprintf(build_tmp_path, sizeof build_tmp_path, "%s", tmp);
    sigprocmask(SIG_SETMASK, &before, NULL);
    bool ok = fd >= 0;
    if (!ok) diag_error(out, 0, 0, "cannot create a temporary file next to the output: %s", strerror(mk_errno));
    if (ok) {
        /* The PDF keeps an existing file's mode; a new one gets 0666 less the umask. */
        struct stat st;
        mode_t um = umask(0);
        umask(um);
        mode_t mode = stat(out, &st) == 0 ? (st.st_mode & 07777) : (0666 & ~um);
        bool mode_ok = fchmod(fd, mode) == 0;
        int mode_errno = errno;
        close(fd);
        char *authors = build_join(bk->authors, bk->n_authors);
        char *keywords = build_join(bk->keywords, bk->n_keywords);
        char *creator = util_printf("mlsd-guide %s", MLSD_VERSION);
        /* The book's version travels in the metadata too (PDF has no field of its own for it). */
        char *subject = bk->version ? util_printf("%s%sversion %s", bk->subject ? bk->subject : "", bk->subject ? ", " : "",
                                                  bk->version)
                                    : util_xstrdup(bk->subject ? bk->subject : "");
        pdf_meta meta = {bk->title, authors, subject, keywords, creator, bk->language, o->date};
        build_status(pr, "writing the PDF");
        ok = typeset_write(t, &meta, tmp, out);
        free(authors);
        free(keywords);
        free(creator);
        free(subject);
        if (ok && !mode_ok) {
            diag_error(out, 0, 0, "cannot set the file mode: %s", strerror(mode_errno));
            ok = false;
        }
        sigprocmask(SIG_BLOCK, &hold, NULL);
        if (ok && rename(tmp, out) != 0) {
            diag_error(out, 0, 0, "cannot move the PDF into place: %s", strerror(errno));
            ok = false;
        }
        if (!ok) unlink(tmp);
        build_tmp_path[0] = '\0';
    }
    if (!ok) build_rmdirs(dir, made);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    /* A signal that came during the rename is delivered now, with the old handler. */
    sigprocmask(SIG_SETMASK, &before, NULL);
    free(made);
    free(dir);
    free(tmp);
    return ok ? 0 : 1;
}

int build_run(const build_opts *o)
{
    world w;
    world_init(&w);
    w.once = true;
    int rc = build_run_in(o, &w);
    world_free(&w);
    return rc;
}

/* The layout threads without -j: the online cores, at most CLI_MAX_JOBS. */
static size_t build_default_jobs(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1) return 1;
    return cores > CLI_MAX_JOBS ? CLI_MAX_JOBS : (size_t)cores;
}

int build_run_in(const build_opts *o, world *w)
{
    world_begin(w); /* the clock and environment, once for this build */
    diagram_set_dump(env_dump(&w->env, "diagrams"));
    build_progress pr = {isatty(2) && !o->quiet, util_now()};
    diag_set_werror(o->werror);
    diag_set_status_line(pr.on);
    int rc = 1;
    project pj;
    size_t jobs = 1;
    typeset ts = {0};
    hyphen *hy = NULL;
    hl_registry *hl = NULL;
    char *out = NULL;
    build_status(&pr, "reading the book");
    bool ok = project_open_in(&pj, w->files, &w->env, o->config, o->inputs, o->n_inputs, o->argv0);
    /* The structure checks ran with loading. Even when they found errors the book
     * is laid out once, so problems only layout sees (an image that does not
     * decode, an unsupported HTML tag) are reported in the same run; nothing is
     * written then. */
    if (!ok) goto done;
    book *bk = &pj.bk;
    /* The output is checked before any typesetting: a bad name fails at once. */
    out = build_output_path(o, bk);
    if (!build_output_ok(bk, out, !o->output && bk->output)) {
        ok = false;
        goto done;
    }
    /* Every layout thread but this one gets a font set of its own, made before any starts and
     * kept until the PDF is written (its layouts are drawn then). */
    /* One thread per online core unless -j says otherwise: the PDF is the same, byte for byte,
     * with any number (each font file has one cairo face for all threads: fontfaces.c). */
    jobs = o->jobs > 0 ? (size_t)o->jobs : build_default_jobs();
    if (jobs > bk->n_chapters) jobs = bk->n_chapters ? bk->n_chapters : 1;
    char *font_dir = project_data_path(&pj, "fonts");
    ok = world_fonts(w, font_dir, jobs);
    free(font_dir);
    if (!ok) goto done;
    if (jobs > w->n_workers) jobs = w->n_workers; /* fewer threads, the same result */
    fonts *f = &w->main;
    const char *families[] = {bk->theme.font_body, bk->theme.font_heading, bk->theme.font_mono};
    for (size_t i = 0; i < 3; i++) {
        if (!fonts_has_family(f, families[i])) {
            diag_report_hint(DIAG_ERROR, bk->config_path, 0, 0, "fonts are loaded only from the fonts/ directory",
                             "font family '%s' is not among the bundled fonts", families[i]);
            ok = false;
        }
    }
    if (!ok) goto done;
    double t_parsed = util_now();
    char *hyph_dir = project_data_path(&pj, "templates/hyphenation");
    hy = world_hyphen(w, hyph_dir, bk->language, (int)bk->theme.text_hyphen_min_left, (int)bk->theme.text_hyphen_min_right,
                      (int)bk->theme.text_hyphen_min_word);
    free(hyph_dir);
    if (!hy) diag_warning(bk->config_path, 0, 0, "no hyphenation patterns for language '%s'; words will not be hyphenated", bk->language);
    char *hl_dir = project_data_path(&pj, "templates/highlight");
    hl = hl_registry_new_in(hl_dir, w->files);
    free(hl_dir);
    build_opts wo = *o;
    wo.date = env_date(&w->env); /* a bad SOURCE_DATE_EPOCH under --werror is an error: the book is then only laid out */
    if (!typeset_begin(&ts, bk, pj.chs, &pj.index, w, jobs, hy, hl, pj.data, build_layout_progress, &pr)) goto done;
    if (diag_errors()) {
        /* Errors already (checks under --werror, a bad SOURCE_DATE_EPOCH): the book is laid out
         * only to report what layout finds too; no file is made. */
        typeset_write(&ts, NULL, NULL, NULL);
        goto done;
    }
    rc = build_write(&wo, bk, &ts, out, &pr);
    if (o->verbose) {
        /* Stage timings and peak memory, one `key: value` per line (the benchmark reads them). */
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        size_t words = 0;
        for (size_t i = 0; i < bk->n_chapters; i++) words += pj.chs[i].words;
        if (pr.on) fputs("\r\033[K", stderr);
        fprintf(stderr, "chapters: %zu (%zu words)\nthreads: %zu\n", bk->n_chapters, words, jobs);
        /* Pages are drawn as they are made: "pdf" is the time spent drawing and finishing. */
        fprintf(stderr, "parse and check: %.3f s\nlayout and paginate: %.3f s (%d pass%s)\npdf: %.3f s\n", t_parsed - pr.t0,
                util_now() - t_parsed - ts.t_draw, ts.passes, ts.passes == 1 ? "" : "es", ts.t_draw);
        /* Over all passes: chapters handed over from an earlier pass or build are not laid out again. */
        fprintf(stderr, "chapters laid out: %zu of %zu (%zu reused)\n", ts.laid_out, ts.laid_out + ts.reused, ts.reused);
        fprintf(stderr, "pages: %zu\ntotal: %.3f s\npeak memory: %.1f MB\n", ts.n_pages, util_now() - pr.t0,
                ru.ru_maxrss / 1024.0);
        fprintf(stderr, "peak memory when drawn: %.1f MB (before the PDF is finished)\n", ts.peak_drawn_kb / 1024.0);
    }
    if (pr.on) fputs("\r\033[K", stderr);
    if (rc == 0 && !o->quiet) {
        struct stat st;
        double mb = stat(out, &st) == 0 ? st.st_size / 1e6 : 0;
        fprintf(stderr, "wrote %s: %zu pages, %.1f MB in %.2f s", out, ts.n_pages, mb, util_now() - pr.t0);
        if (diag_warnings()) fprintf(stderr, " (%d warning%s)", diag_warnings(), diag_warnings() == 1 ? "" : "s");
        fputc('\n', stderr);
    }
done:
    if (pr.on) fputs("\r\033[K", stderr);
    if (rc != 0) {
        char *sum = diag_summary();
        fprintf(stderr, "build failed: %s; no PDF written\n", sum);
        free(sum);
    }
    diag_set_status_line(false);
    if (ts.bk) typeset_end(&ts, w);
    free(out);
    hl_registry_free(hl);
    world_sweep(w);
    project_close(&pj);
    return rc;
}

build_opts build_opts_from_cli(const cli_opts *c)
{
    build_opts o = {0};
    o.config = c->config;
    o.output = c->output;
    o.quiet = c->quiet;
    o.verbose = c->verbose;
    o.werror = c->werror;
    o.jobs = c->jobs;
    o.argv0 = c->argv0;
    o.inputs = c->args;
    o.n_inputs = c->n_args;
    return o;
}

int cmd_build(const cli_opts *c)
{
    build_opts o = build_opts_from_cli(c);
    return build_run(&o);
}
