/* util — small helpers shared by every stage: checked allocation, growable
 * strings and arrays, whole-file reading with a size bound, paths, UTF-8. */
#ifndef MLSD_UTIL_H
#define MLSD_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

void *util_xmalloc(size_t n);
/* Titles (book, subtitle, chapter, heading) are set on one page and in running heads, the
 * contents and the outline: longer ones are refused ("… has N characters (the limit is …)"). */
enum { UTIL_MAX_TITLE = 1000 };

void *util_xcalloc(size_t n, size_t size);
void *util_xrealloc(void *p, size_t n);
char *util_xstrdup(const char *s);
char *util_xstrndup(const char *s, size_t n);
char *util_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow an array so that index `need-1` fits; *cap is updated. */
void *util_grow(void *v, size_t *cap, size_t need, size_t elem);
#define UTIL_PUSH(arr, n, cap) \
    ((arr) = util_grow((arr), &(cap), (n) + 1, sizeof *(arr)), &(arr)[(n)++])

typedef struct util_buf {
    char *s;
    size_t len, cap;
} util_buf;

void util_buf_add(util_buf *b, const char *s, size_t n);
void util_buf_adds(util_buf *b, const char *s);
void util_buf_addc(util_buf *b, char c);
void util_buf_printf(util_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *util_buf_steal(util_buf *b); /* returns the string (never NULL), resets b */
void util_buf_free(util_buf *b);

typedef enum {
    UTIL_READ_OK,
    UTIL_READ_MISSING,
    UTIL_READ_UNREADABLE,
    UTIL_READ_TOO_LARGE,
    UTIL_READ_NOT_FILE,
    UTIL_READ_LOOP /* a symbolic link loop */
} util_read_status;

/* Reads a whole regular file (NUL-terminated) of at most max_bytes. */
util_read_status util_read_file(const char *path, size_t max_bytes, char **out, size_t *len);
const char *util_read_status_str(util_read_status st);

/* True when s[at…] (s holds len bytes) starts with lit; never reads past len. */
bool util_has_at(const char *s, size_t len, size_t at, const char *lit);

/* Returns the byte offset of the first invalid UTF-8 sequence, or -1 when valid.
 * NUL bytes count as invalid (they cannot appear in text). */
long util_utf8_invalid_at(const char *s, size_t len);
/* Replaces every noncharacter (U+FDD0–U+FDEF, U+FFFE, U+FFFF and their counterparts in
 * every plane; cairo refuses them in a PDF) in valid UTF-8 text by U+FFFD, in place;
 * *len shrinks when a 4-byte one is replaced. Returns how many were replaced; the
 * first one's offset (in the new text) and code point go to *first and *first_cp. */
size_t util_utf8_replace_nonchars(char *s, size_t *len, size_t *first, unsigned *first_cp);
/* Line and 1-based column (in characters) of byte offset `off` in s. */
void util_line_col(const char *s, size_t off, int *line, int *col);

char *util_path_dir(const char *path);           /* "a/b/c.md" -> "a/b"; "c" -> "." */
const char *util_path_base(const char *path);    /* pointer into path */
char *util_path_join(const char *dir, const char *rel); /* rel absolute -> copy of rel; normalized */
/* Lexically removes "." and "dir/.." segments: "content/../build/x" -> "build/x". */
char *util_path_normalize(const char *path);
bool util_path_exists(const char *path);
/* True when resolving path runs into a symbolic link loop (stat fails with ELOOP). */
bool util_path_is_loop(const char *path);
bool util_is_dir(const char *path);
/* A regular file (through links): never a FIFO or a device, which could block or never end. */
bool util_is_file(const char *path);
/* "chapters/01-intro.md" -> "01-intro" (newly allocated). */
char *util_path_stem(const char *path);

/* True when path (which must exist) resolves, through every symbolic link, to
 * root itself or a file under it; root is a real path. */
bool util_path_inside(const char *path, const char *root);
/* The same for a path that need not exist yet (a file to write): its deepest existing
 * folder is resolved and the rest, which must not hold "..", appended. */
bool util_path_inside_new(const char *path, const char *root);

double util_now(void); /* monotonic seconds */

/* CSS pixels (HTML width attributes, raster images, SVG user units) are 1/96 inch. */
#define UTIL_PX_TO_PT (72.0 / 96.0)
#define UTIL_PT_PER_INCH 72.0

/* qsort/bsearch comparison of two `char *` elements by strcmp. */
int util_cmp_str(const void *a, const void *b);

/* Calls fn with each line of s (its text up to '\n' or the end, as a NUL-terminated copy) until fn
 * returns false; s may be NULL. Returns false when fn stopped it. */
bool util_each_line(const char *s, bool (*fn)(const char *line, void *user), void *user);

#endif
