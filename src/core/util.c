#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static void util_oom(void)
{
    fputs("mlsd-guide: fatal: out of memory\n", stderr);
    exit(3);
}

void *util_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) util_oom();
    return p;
}

void *util_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) util_oom();
    return p;
}

void *util_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) util_oom();
    return q;
}

char *util_xstrdup(const char *s)
{
    return util_xstrndup(s ? s : "", strlen(s ? s : ""));
}

char *util_xstrndup(const char *s, size_t n)
{
    char *p = util_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *util_printf(const char *fmt, ...)
{
    va_list ap, cp;
    va_start(ap, fmt);
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0) n = 0;
    char *s = util_xmalloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

void *util_grow(void *v, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return v;
    size_t nc = *cap ? *cap * 2 : 8;
    while (nc < need) nc *= 2;
    if (nc > SIZE_MAX / elem) util_oom();
    v = util_xrealloc(v, nc * elem);
    memset((char *)v + *cap * elem, 0, (nc - *cap) * elem);
    *cap = nc;
    return v;
}

void util_buf_add(util_buf *b, const char *s, size_t n)
{
    b->s = util_grow(b->s, &b->cap, b->len + n + 1, 1);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void util_buf_adds(util_buf *b, const char *s) { util_buf_add(b, s, strlen(s)); }
void util_buf_addc(util_buf *b, char c) { util_buf_add(b, &c, 1); }

void util_buf_printf(util_buf *b, const char *fmt, ...)
{
    va_list ap, cp;
    va_start(ap, fmt);
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n > 0) {
        b->s = util_grow(b->s, &b->cap, b->len + (size_t)n + 1, 1);
        vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
        b->len += (size_t)n;
    }
    va_end(ap);
}

char *util_buf_steal(util_buf *b)
{
    char *s = b->s ? b->s : util_xstrdup("");
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

void util_buf_free(util_buf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

util_read_status util_read_file(const char *path, size_t max_bytes, char **out, size_t *len)
{
    *out = NULL;
    if (len) *len = 0;
    /* Opened without blocking and checked on the open descriptor: a FIFO or a device
     * named as a chapter or an image is refused, never waited on. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        if (errno == ELOOP) return UTIL_READ_LOOP;
        return errno == ENOENT || errno == ENOTDIR ? UTIL_READ_MISSING : UTIL_READ_UNREADABLE;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return UTIL_READ_UNREADABLE;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return UTIL_READ_NOT_FILE;
    }
    if ((unsigned long long)st.st_size > max_bytes) {
        close(fd);
        return UTIL_READ_TOO_LARGE;
    }
    util_buf b = {0};
    char chunk[65536];
    bool err = false;
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            err = true;
            break;
        }
        if (n == 0) break;
        if (b.len + (size_t)n > max_bytes) {
            close(fd);
            util_buf_free(&b);
            return UTIL_READ_TOO_LARGE;
        }
        util_buf_add(&b, chunk, (size_t)n);
    }
    close(fd);
    if (err) {
        util_buf_free(&b);
        return UTIL_READ_UNREADABLE;
    }
    if (len) *len = b.len;
    util_buf_adds(&b, "");
    *out = util_buf_steal(&b);
    return UTIL_READ_OK;
}

const char *util_read_status_str(util_read_status st)
{
    switch (st) {
    case UTIL_READ_OK: return "ok";
    case UTIL_READ_MISSING: return "no such file";
    case UTIL_READ_UNREADABLE: return "cannot read file";
    case UTIL_READ_TOO_LARGE: return "file too large";
    case UTIL_READ_NOT_FILE: return "not a regular file";
    case UTIL_READ_LOOP: return "symbolic link loop";
    }
    return "?";
}

bool util_has_at(const char *s, size_t len, size_t at, const char *lit)
{
    size_t n = strlen(lit);
    return at <= len && n <= len - at && !memcmp(s + at, lit, n);
}

long util_utf8_invalid_at(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c == 0) return (long)i;
        if (c < 0x80) { i++; continue; }
        size_t n;
        unsigned cp;
        if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; }
        else return (long)i;
        if (i + n >= len) return (long)i;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return (long)i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return (long)i;
        i += n + 1;
    }
    return -1;
}

/* U+FDD0–U+FDEF and the last two code points of every plane. */
static bool util_is_nonchar(unsigned cp) { return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE; }

size_t util_utf8_replace_nonchars(char *str, size_t *len, size_t *first, unsigned *first_cp)
{
    unsigned char *s = (unsigned char *)str;
    size_t r = 0, w = 0, n = *len, count = 0;
    while (r < n) {
        unsigned c = s[r];
        size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (k > n - r) k = n - r; /* only reached for invalid input; validated text never is */
        unsigned cp = 0;
        if (k == 3) cp = (c & 0x0Fu) << 12 | (s[r + 1] & 0x3Fu) << 6 | (s[r + 2] & 0x3Fu);
        else if (k == 4) cp = (c & 0x07u) << 18 | (s[r + 1] & 0x3Fu) << 12 | (s[r + 2] & 0x3Fu) << 6 | (s[r + 3] & 0x3Fu);
        if ((k == 3 || k == 4) && util_is_nonchar(cp)) {
            if (!count++) {
                if (first) *first = w;
                if (first_cp) *first_cp = cp;
            }
            memcpy(s + w, "\xef\xbf\xbd", 3); /* U+FFFD, never longer than what it replaces */
            w += 3;
        } else {
            memmove(s + w, s + r, k);
            w += k;
        }
        r += k;
    }
    if (w < n) s[w] = '\0';
    *len = w;
    return count;
}

void util_line_col(const char *s, size_t off, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < off && s[i]; i++) {
        if (s[i] == '\n') { l++; c = 1; }
        else if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
    }
    *line = l;
    *col = c;
}

char *util_path_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return util_xstrdup(".");
    if (slash == path) return util_xstrdup("/");
    return util_xstrndup(path, (size_t)(slash - path));
}

const char *util_path_base(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

char *util_path_normalize(const char *path)
{
    bool abs = path[0] == '/';
    const char **seg = util_xcalloc(strlen(path) / 2 + 2, sizeof *seg);
    size_t *len = util_xcalloc(strlen(path) / 2 + 2, sizeof *len);
    size_t n = 0;
    for (const char *p = path; *p;) {
        while (*p == '/') p++;
        if (!*p) break;
        const char *e = strchr(p, '/');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == 1 && p[0] == '.') {
            /* skip */
        } else if (l == 2 && p[0] == '.' && p[1] == '.' && n > 0 && !(len[n - 1] == 2 && !strncmp(seg[n - 1], "..", 2))) {
            n--;
        } else if (!(l == 2 && p[0] == '.' && p[1] == '.' && abs && n == 0)) {
            seg[n] = p;
            len[n++] = l;
        }
        p += l;
    }
    util_buf b = {0};
    if (abs) util_buf_addc(&b, '/');
    for (size_t i = 0; i < n; i++) {
        if (i) util_buf_addc(&b, '/');
        util_buf_add(&b, seg[i], len[i]);
    }
    if (!b.len) util_buf_addc(&b, '.');
    free(seg);
    free(len);
    return util_buf_steal(&b);
}

char *util_path_join(const char *dir, const char *rel)
{
    if (rel[0] == '/' || !dir || !dir[0] || strcmp(dir, ".") == 0) return util_path_normalize(rel);
    size_t dl = strlen(dir);
    char *joined = util_printf("%s%s%s", dir, dir[dl - 1] == '/' ? "" : "/", rel);
    char *norm = util_path_normalize(joined);
    free(joined);
    return norm;
}

bool util_path_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

bool util_path_is_loop(const char *path)
{
    struct stat st;
    return stat(path, &st) != 0 && errno == ELOOP;
}

bool util_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool util_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *util_path_stem(const char *path)
{
    const char *base = util_path_base(path);
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? util_xstrndup(base, (size_t)(dot - base)) : util_xstrdup(base);
}

static bool util_real_under(const char *real, const char *root)
{
    size_t n = strlen(root);
    return !strncmp(real, root, n) && (real[n] == '/' || real[n] == '\0' || (n == 1 && root[0] == '/'));
}

bool util_path_inside(const char *path, const char *root)
{
    char *real = realpath(path, NULL);
    if (!real) return false;
    bool inside = util_real_under(real, root);
    free(real);
    return inside;
}

bool util_path_inside_new(const char *path, const char *root)
{
    char *cur = util_xstrdup(path), *rest = util_xstrdup(""), *real = NULL;
    bool climbs = false; /* or goes through a dangling link */
    /* Each step drops the last component, so this ends within strlen(path) steps. */
    while (!(real = realpath(cur, NULL))) {
        const char *base = util_path_base(cur);
        char *parent = util_path_dir(cur);
        bool top = !strcmp(parent, cur) || !*base;
        struct stat st; /* a dangling symbolic link points anywhere */
        climbs = climbs || !strcmp(base, "..") || !strcmp(base, ".") || lstat(cur, &st) == 0;
        char *r = util_printf("%s%s%s", base, *rest ? "/" : "", rest);
        free(rest);
        rest = r;
        free(cur);
        cur = parent;
        if (top) break;
    }
    bool inside = false;
    if (real && !climbs) {
        char *full = *rest ? util_path_join(real, rest) : util_xstrdup(real);
        inside = util_real_under(full, root);
        free(full);
    }
    free(real);
    free(cur);
    free(rest);
    return inside;
}

double util_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int util_cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

bool util_each_line(const char *s, bool (*fn)(const char *line, void *user), void *user)
{
    for (const char *line = s; line && *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        char *copy = util_xstrndup(line, len);
        bool go = fn(copy, user);
        free(copy);
        if (!go) return false;
        line = nl ? nl + 1 : NULL;
    }
    return true;
}
