/* test.h — a tiny unit-test framework (no external library).
 *
 *   TEST(name) { CHECK(x > 0); CHECK_STR(s, "abc"); }
 *
 * TEST registers the case at start-up (a constructor function); main.c runs
 * every case in file order (or those whose name contains argv[1]) and
 * prints one line per case:
 *   ok - <name>
 *   FAIL - <name>: <file>:<line>: <detail>
 * and last "unit: N passed, M failed". Failed checks record and continue.
 * Before each case the diagnostics are reset and silenced. */
#ifndef MLSD_TEST_H
#define MLSD_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef void (*tu_fn)(void);

void tu_register(const char *name, const char *file, int line, tu_fn fn);

/* Records a failure of the running case (printf-style detail). */
void tu_fail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

bool tu_check_str(const char *file, int line, const char *expr, const char *a, const char *b);
bool tu_check_int(const char *file, int line, const char *expr, long long a, long long b);
bool tu_check_near(const char *file, int line, const char *expr, double a, double b, double eps);
/* True if s contains sub (false for NULL). */
bool tu_contains(const char *s, const char *sub);

/* Diagnostics: true if a recorded entry matches. path_sub/msg_sub are
 * substrings (NULL = any); line/col 0 or more = exact, -1 = any. */
bool tu_has_diag(const char *path_sub, int line, int col, const char *msg_sub);
/* All recorded diagnostics as "path:line:col: message; …" (newly allocated). */
char *tu_diag_dump(void);
bool tu_check_diag(const char *file, int line, const char *path_sub, int dl, int dc, const char *msg_sub);

/* A per-process temporary directory (removed at exit) and files in it. */
const char *tu_tmpdir(void);
/* Writes data to <tmpdir>/<name> (creating subdirectories); returns the path (free it). */
char *tu_write_n(const char *name, const char *data, size_t len);
char *tu_write(const char *name, const char *text);
/* <tmpdir>/<name> (free it). */
char *tu_tmp_path(const char *name);
/* templates/theme.yaml of the source tree: $ROOT/templates/theme.yaml, else
 * relative to this file (tests/unit/../../templates/theme.yaml). */
const char *tu_theme_path(void);

/* Runs fn(arg) in a forked child so that a crash fails one case instead of
 * ending the run. Returns 1 or 0 (what fn returned), or -N for a crash:
 * N is the signal, or 1000 + an unexpected exit status (sanitizer reports).
 * The child's stderr is discarded. */
int tu_in_child(bool (*fn)(void *), void *arg);
/* Runs fn(arg) in a forked child and reports whether it leaks memory: 1 leak,
 * 0 none, -1 crash. With AddressSanitizer, LeakSanitizer checks the child at
 * exit; otherwise (glibc) the heap in use is compared over repeated calls.
 * Without either, nothing is checked and 0 is returned. */
int tu_leaks(void (*fn)(void *), void *arg);

#define TU_CAT_(a, b) a##b
#define TU_CAT(a, b) TU_CAT_(a, b)

#define TEST(name) \
    static void TU_CAT(test_, name)(void); \
    __attribute__((constructor)) static void TU_CAT(tu_reg_, name)(void) \
    { \
        tu_register(#name, __FILE__, __LINE__, TU_CAT(test_, name)); \
    } \
    static void TU_CAT(test_, name)(void)

#define CHECK(cond) \
    ((cond) ? (void)0 : tu_fail(__FILE__, __LINE__, "CHECK(%s) failed", #cond))
#define CHECK_STR(a, b) ((void)tu_check_str(__FILE__, __LINE__, #a " == " #b, (a), (b)))
#define CHECK_INT(a, b) ((void)tu_check_int(__FILE__, __LINE__, #a " == " #b, (long long)(a), (long long)(b)))
#define CHECK_NEAR(a, b, eps) \
    ((void)tu_check_near(__FILE__, __LINE__, #a " ~= " #b, (double)(a), (double)(b), (double)(eps)))
/* A diagnostic whose path contains p, at line l / column c (-1 = any), whose message contains m. */
#define CHECK_DIAG(p, l, c, m) ((void)tu_check_diag(__FILE__, __LINE__, (p), (l), (c), (m)))
/* Require a condition before going on (e.g. a pointer before dereferencing it). */
#define REQUIRE(cond) \
    do { \
        if (!(cond)) { \
            tu_fail(__FILE__, __LINE__, "REQUIRE(%s) failed", #cond); \
            return; \
        } \
    } while (0)

#endif
