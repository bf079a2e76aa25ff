/* Test runner: runs every registered TEST in file order; see test.h. */
#define _GNU_SOURCE /* mallinfo2 (glibc) */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "test.h"
#include "util.h"

typedef struct tu_case {
    const char *name, *file;
    int line;
    tu_fn fn;
} tu_case;

static tu_case *tu_cases;
static size_t tu_n, tu_cap;

static struct {
    int failures;      /* failed checks in the running case */
    char detail[1024]; /* first failure */
} tu_cur;

static char *tu_dir;
static pid_t tu_dir_owner;

#if defined(__SANITIZE_ADDRESS__)
#define TU_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TU_ASAN 1
#endif
#endif

void tu_register(const char *name, const char *file, int line, tu_fn fn)
{
    if (tu_n == tu_cap) {
        tu_cap = tu_cap ? tu_cap * 2 : 64;
        tu_cases = realloc(tu_cases, tu_cap * sizeof *tu_cases);
        if (!tu_cases) abort();
    }
    tu_cases[tu_n++] = (tu_case){name, file, line, fn};
}

void tu_fail(const char *file, int line, const char *fmt, ...)
{
    if (tu_cur.failures++ > 0) return;
    int n = snprintf(tu_cur.detail, sizeof tu_cur.detail, "%s:%d: ", file, line);
    if (n < 0 || (size_t)n >= sizeof tu_cur.detail) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tu_cur.detail + n, sizeof tu_cur.detail - (size_t)n, fmt, ap);
    va_end(ap);
    for (char *p = tu_cur.detail; *p; p++)
        if (*p == '\n') *p = ' ';
}

bool tu_check_str(const char *file, int line, const char *expr, const char *a, const char *b)
{
    if (a && b && !strcmp(a, b)) return true;
    if (!a && !b) return true;
    tu_fail(file, line, "%s: got \"%s\", expected \"%s\"", expr, a ? a : "(null)", b ? b : "(null)");
    return false;
}

bool tu_check_int(const char *file, int line, const char *expr, long long a, long long b)
{
    if (a == b) return true;
    tu_fail(file, line, "%s: got %lld, expected %lld", expr, a, b);
    return false;
}

bool tu_check_near(const char *file, int line, const char *expr, double a, double b, double eps)
{
    if (fabs(a - b) <= eps) return true;
    tu_fail(file, line, "%s: got %.6g, expected %.6g (±%g)", expr, a, b, eps);
    return false;
}

bool tu_contains(const char *s, const char *sub) { return s && sub && strstr(s, sub); }

bool tu_has_diag(const char *path_sub, int line, int col, const char *msg_sub)
{
    size_t n;
    const diag_entry *e = diag_entries(&n);
    for (size_t i = 0; i < n; i++) {
        if (path_sub && !tu_contains(e[i].path, path_sub)) continue;
        if (line >= 0 && e[i].line != line) continue;
        if (col >= 0 && e[i].col != col) continue;
        if (msg_sub && !tu_contains(e[i].message, msg_sub)) continue;
        return true;
    }
    return false;
}

char *tu_diag_dump(void)
{
    size_t n;
    const diag_entry *e = diag_entries(&n);
    util_buf b = {0};
    if (!n) util_buf_adds(&b, "no diagnostics");
    for (size_t i = 0; i < n; i++)
        util_buf_printf(&b, "%s%s:%d:%d: %s", i ? "; " : "", util_path_base(e[i].path), e[i].line, e[i].col,
                        e[i].message);
    return util_buf_steal(&b);
}

bool tu_check_diag(const char *file, int line, const char *path_sub, int dl, int dc, const char *msg_sub)
{
    if (tu_has_diag(path_sub, dl, dc, msg_sub)) return true;
    char *dump = tu_diag_dump();
    tu_fail(file, line, "no diagnostic %s:%d:%d '%s'; got: %s", path_sub ? path_sub : "*", dl, dc,
            msg_sub ? msg_sub : "*", dump);
    free(dump);
    return false;
}

static void tu_rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *de;
            while ((de = readdir(d))) {
                if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
                char *sub = util_printf("%s/%s", path, de->d_name);
                tu_rm_rf(sub);
                free(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void tu_cleanup(void)
{
    if (!tu_dir || getpid() != tu_dir_owner) return; /* not in forked children */
    tu_rm_rf(tu_dir);
    free(tu_dir);
    tu_dir = NULL;
}

const char *tu_tmpdir(void)
{
    if (tu_dir) return tu_dir;
    const char *base = getenv("TMPDIR");
    char *tmpl = util_printf("%s/mlsd-unit-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpl)) {
        fprintf(stderr, "unit: cannot create a temporary directory: %s\n", strerror(errno));
        exit(2);
    }
    tu_dir = tmpl;
    tu_dir_owner = getpid();
    atexit(tu_cleanup);
    return tu_dir;
}

char *tu_tmp_path(const char *name) { return util_printf("%s/%s", tu_tmpdir(), name); }

char *tu_write_n(const char *name, const char *data, size_t len)
{
    char *path = tu_tmp_path(name);
    /* Create the parent directories. */
    for (char *p = path + strlen(tu_tmpdir()) + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        mkdir(path, 0777);
        *p = '/';
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "unit: cannot write %s: %s\n", path, strerror(errno));
        exit(2);
    }
    return path;
}

char *tu_write(const char *name, const char *text) { return tu_write_n(name, text, strlen(text)); }

const char *tu_theme_path(void)
{
    static char *path;
    if (path) return path;
    const char *root = getenv("ROOT");
    if (root && *root) {
        path = util_printf("%s/templates/theme.yaml", root);
    } else {
        char *dir = util_path_dir(__FILE__);
        path = util_printf("%s/../../templates/theme.yaml", dir);
        free(dir);
    }
    return path;
}

int tu_in_child(bool (*fn)(void *), void *arg)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) return -1000;
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0) dup2(fd, 2);
        _exit(fn(arg) ? 10 : 11); /* _exit: no leak check of the half-finished child */
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) return -1000;
    if (WIFSIGNALED(st)) return -WTERMSIG(st);
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return code == 10 ? 1 : code == 11 ? 0 : -(1000 + code);
}

/* Exact heap accounting without sanitizers needs glibc's mallinfo2 with the
 * per-thread cache off (its chunks count as in use); main re-executes the
 * runner with GLIBC_TUNABLES set for that. */
#if !defined(TU_ASAN) && defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
#define TU_MALLINFO 1
#include <malloc.h>
#endif

#ifdef TU_MALLINFO
static bool tu_exact_heap(void)
{
    const char *t = getenv("GLIBC_TUNABLES");
    return t && strstr(t, "glibc.malloc.tcache_count=0");
}
#endif

static void tu_reexec_exact_heap(char **argv)
{
#ifdef TU_MALLINFO
    if (tu_exact_heap() || getenv("MLSD_UNIT_REEXEC")) return;
    const char *t = getenv("GLIBC_TUNABLES");
    char *v = util_printf("%s%sglibc.malloc.tcache_count=0", t ? t : "", t && *t ? ":" : "");
    setenv("GLIBC_TUNABLES", v, 1);
    setenv("MLSD_UNIT_REEXEC", "1", 1); /* once only, even if the tunable is ignored */
    free(v);
    fflush(NULL);
    execv("/proc/self/exe", argv);
#endif
    (void)argv; /* not re-executed: tu_leaks then relies on sanitizers only */
}

int tu_leaks(void (*fn)(void *), void *arg)
{
#if defined(TU_MALLINFO)
    if (!tu_exact_heap()) return 0; /* cannot tell */
#elif !defined(TU_ASAN)
    return 0; /* cannot tell */
#endif
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0) dup2(fd, 2);
#ifdef TU_ASAN
        fn(arg);
        diag_reset();
        exit(10); /* LeakSanitizer runs at exit and changes the status when it finds leaks */
#elif defined(TU_MALLINFO)
        fn(arg); /* warm-up: one-time allocations of libraries */
        diag_reset();
        size_t before = mallinfo2().uordblks;
        for (int i = 0; i < 4; i++) {
            fn(arg);
            diag_reset();
        }
        _exit(mallinfo2().uordblks > before ? 12 : 10);
#else
        _exit(10);
#endif
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) return -1;
    if (WIFSIGNALED(st)) return -1;
    return WIFEXITED(st) && WEXITSTATUS(st) == 10 ? 0 : 1;
}

static void tu_free_theme_path(void)
{
    /* tu_theme_path's cache: freed at exit so LeakSanitizer stays quiet. */
    free((void *)tu_theme_path());
}

static int tu_cmp(const void *a, const void *b)
{
    const tu_case *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

int main(int argc, char **argv)
{
    /* Optional filter: run only the cases whose name contains argv[1]. */
    const char *filter = argc > 1 ? argv[1] : NULL;
    tu_reexec_exact_heap(argv);
    tu_theme_path();
    atexit(tu_free_theme_path);
    qsort(tu_cases, tu_n, sizeof *tu_cases, tu_cmp);
    int passed = 0, failed = 0;
    for (size_t i = 0; i < tu_n; i++) {
        const tu_case *c = &tu_cases[i];
        if (filter && !strstr(c->name, filter)) continue;
        diag_reset();
        diag_set_silent(true);
        diag_set_werror(false);
        tu_cur.failures = 0;
        tu_cur.detail[0] = '\0';
        c->fn();
        if (tu_cur.failures) {
            failed++;
            if (tu_cur.failures > 1)
                printf("FAIL - %s: %s (+%d more)\n", c->name, tu_cur.detail, tu_cur.failures - 1);
            else
                printf("FAIL - %s: %s\n", c->name, tu_cur.detail);
        } else {
            passed++;
            printf("ok - %s\n", c->name);
        }
        fflush(stdout);
    }
    diag_reset();
    free(tu_cases);
    printf("unit: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
