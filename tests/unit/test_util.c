/* util: buffers, arrays, file reading, UTF-8 validation, positions, paths. */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700 /* realpath */
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"
#include "util.h"

TEST(util_buf_add_and_steal)
{
    util_buf b = {0};
    util_buf_adds(&b, "abc");
    util_buf_addc(&b, '-');
    util_buf_add(&b, "xyz123", 3);
    util_buf_printf(&b, "%d/%s", 42, "z");
    CHECK_INT(b.len, 11);
    CHECK_STR(b.s, "abc-xyz42/z");
    CHECK(b.cap > b.len);
    char *s = util_buf_steal(&b);
    CHECK_STR(s, "abc-xyz42/z");
    CHECK(b.s == NULL);
    CHECK_INT(b.len, 0);
    CHECK_INT(b.cap, 0);
    free(s);
}

TEST(util_buf_steal_empty_is_not_null)
{
    util_buf b = {0};
    char *s = util_buf_steal(&b);
    CHECK(s != NULL);
    CHECK_STR(s, "");
    free(s);
    util_buf_printf(&b, "%s", ""); /* nothing to add: stays empty */
    CHECK_INT(b.len, 0);
    util_buf_free(&b);
    CHECK(b.s == NULL);
}

TEST(util_buf_grows_past_many_chunks)
{
    util_buf b = {0};
    for (int i = 0; i < 10000; i++) util_buf_addc(&b, (char)('a' + i % 26));
    CHECK_INT(b.len, 10000);
    CHECK_INT(strlen(b.s), 10000);
    CHECK(b.s[9999] == (char)('a' + 9999 % 26));
    CHECK(b.s[10000] == '\0');
    util_buf_printf(&b, "%05d", 7);
    CHECK_STR(b.s + 10000, "00007");
    util_buf_free(&b);
    CHECK_INT(b.len, 0);
}

TEST(util_push_grows_and_zeroes)
{
    int *v = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < 100; i++) *UTIL_PUSH(v, n, cap) = i * i;
    CHECK_INT(n, 100);
    CHECK(cap >= 100);
    CHECK_INT(v[0], 0);
    CHECK_INT(v[99], 99 * 99);
    /* Grown space past n is zeroed. */
    for (size_t i = n; i < cap; i++) CHECK_INT(v[i], 0);
    free(v);
}

TEST(util_printf_and_strdup)
{
    char *s = util_printf("%s-%03d-%c", "x", 5, 'q');
    CHECK_STR(s, "x-005-q");
    free(s);
    s = util_xstrndup("abcdef", 3);
    CHECK_STR(s, "abc");
    free(s);
    s = util_xstrdup(NULL);
    CHECK_STR(s, "");
    free(s);
}

typedef struct each_line_log {
    util_buf seen;
    int stop_after; /* lines to take before stopping; -1: all */
} each_line_log;

static bool each_line_take(const char *line, void *user)
{
    each_line_log *log = user;
    util_buf_printf(&log->seen, "[%s]", line);
    return log->stop_after < 0 || --log->stop_after > 0;
}

TEST(util_each_line_lines_and_stop)
{
    each_line_log log = {{0}, -1};
    CHECK(util_each_line("a\nbc\n", each_line_take, &log));
    CHECK_STR(log.seen.s, "[a][bc]");
    util_buf_free(&log.seen);
    log = (each_line_log){{0}, -1};
    CHECK(util_each_line("a\n\nlast", each_line_take, &log)); /* an empty line, a last one without '\n' */
    CHECK_STR(log.seen.s, "[a][][last]");
    util_buf_free(&log.seen);
    log = (each_line_log){{0}, 2};
    CHECK(!util_each_line("x\ny\nz\n", each_line_take, &log));
    CHECK_STR(log.seen.s, "[x][y]");
    util_buf_free(&log.seen);
    log = (each_line_log){{0}, -1};
    CHECK(util_each_line(NULL, each_line_take, &log) && util_each_line("", each_line_take, &log));
    CHECK(log.seen.s == NULL);
}

TEST(util_read_file_ok)
{
    char *path = tu_write("util/read.txt", "hello\nworld\n");
    char *text = NULL;
    size_t len = 99;
    CHECK_INT(util_read_file(path, 100, &text, &len), UTIL_READ_OK);
    CHECK_INT(len, 12);
    CHECK_STR(text, "hello\nworld\n");
    free(text);
    /* Exactly at the limit is fine. */
    CHECK_INT(util_read_file(path, 12, &text, &len), UTIL_READ_OK);
    free(text);
    free(path);
}

TEST(util_read_file_empty)
{
    char *path = tu_write("util/empty.txt", "");
    char *text = NULL;
    size_t len = 5;
    CHECK_INT(util_read_file(path, 100, &text, &len), UTIL_READ_OK);
    CHECK_INT(len, 0);
    CHECK(text != NULL);
    CHECK_STR(text, "");
    free(text);
    free(path);
}

TEST(util_read_file_too_large)
{
    char *path = tu_write("util/big.txt", "0123456789");
    char *text = (char *)"sentinel";
    size_t len = 5;
    CHECK_INT(util_read_file(path, 9, &text, &len), UTIL_READ_TOO_LARGE);
    CHECK(text == NULL);
    CHECK_INT(len, 0);
    free(path);
}

TEST(util_read_file_missing_and_directory)
{
    char *text = NULL;
    size_t len = 0;
    char *missing = tu_tmp_path("util/does-not-exist.txt");
    CHECK_INT(util_read_file(missing, 100, &text, &len), UTIL_READ_MISSING);
    CHECK(text == NULL);
    free(missing);
    /* A path through a regular file (ENOTDIR) counts as missing too. */
    char *file = tu_write("util/plain.txt", "x");
    char *through = util_printf("%s/child", file);
    CHECK_INT(util_read_file(through, 100, &text, &len), UTIL_READ_MISSING);
    free(through);
    free(file);
    CHECK_INT(util_read_file(tu_tmpdir(), 100, &text, &len), UTIL_READ_NOT_FILE);
    CHECK(text == NULL);
}

TEST(util_read_file_symlink_loop)
{
    free(tu_write("util/loop-dir-marker", "x")); /* creates util/ */
    char *a = tu_tmp_path("util/loop-a"), *b = tu_tmp_path("util/loop-b");
    unlink(a);
    unlink(b);
    CHECK(symlink(b, a) == 0 && symlink(a, b) == 0);
    char *text = NULL;
    size_t len = 0;
    CHECK_INT(util_read_file(a, 100, &text, &len), UTIL_READ_LOOP);
    CHECK(text == NULL);
    CHECK(util_path_is_loop(a));
    CHECK(!util_path_is_loop(tu_tmpdir()));
    CHECK_STR(util_read_status_str(UTIL_READ_LOOP), "symbolic link loop");
    free(a);
    free(b);
}

TEST(util_utf8_replace_nonchars_in_place)
{
    /* U+FFFF, U+FDD0, U+1FFFE (4 bytes) and U+10FFFF; U+FFFD and U+FDCF stay. */
    char s[] = "a\xef\xbf\xbf b\xef\xb7\x90 c\xf0\x9f\xbf\xbe d\xf4\x8f\xbf\xbf \xef\xbf\xbd\xef\xb7\x8f";
    size_t len = sizeof s - 1, first = 99;
    unsigned cp = 0;
    CHECK_INT(util_utf8_replace_nonchars(s, &len, &first, &cp), 4);
    CHECK_STR(s, "a\xef\xbf\xbd b\xef\xbf\xbd c\xef\xbf\xbd d\xef\xbf\xbd \xef\xbf\xbd\xef\xb7\x8f");
    CHECK_INT(len, strlen(s));
    CHECK_INT(first, 1);
    CHECK_INT(cp, 0xFFFF);
    char clean[] = "plain \xc3\xa9";
    len = sizeof clean - 1;
    CHECK_INT(util_utf8_replace_nonchars(clean, &len, NULL, NULL), 0);
    CHECK_INT(len, sizeof clean - 1);
}

TEST(util_read_status_strings)
{
    CHECK_STR(util_read_status_str(UTIL_READ_OK), "ok");
    CHECK_STR(util_read_status_str(UTIL_READ_MISSING), "no such file");
    CHECK_STR(util_read_status_str(UTIL_READ_TOO_LARGE), "file too large");
    CHECK_STR(util_read_status_str(UTIL_READ_NOT_FILE), "not a regular file");
    CHECK_STR(util_read_status_str(UTIL_READ_UNREADABLE), "cannot read file");
}

#define UTF8_AT(lit) util_utf8_invalid_at((lit), sizeof(lit) - 1)

TEST(util_utf8_valid_text)
{
    CHECK_INT(UTF8_AT(""), -1);
    CHECK_INT(UTF8_AT("plain ASCII\n\t~"), -1);
    CHECK_INT(UTF8_AT("caf\xc3\xa9 \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80"), -1);
    /* Boundaries: U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFF, U+10000, U+10FFFF. */
    CHECK_INT(UTF8_AT("\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf"), -1);
    CHECK_INT(UTF8_AT("\xf0\x90\x80\x80\xf4\x8f\xbf\xbf"), -1);
}

TEST(util_utf8_overlong)
{
    CHECK_INT(UTF8_AT("ab\xc0\xaf"), 2);         /* '/' in two bytes */
    CHECK_INT(UTF8_AT("\xc1\xbf"), 0);
    CHECK_INT(UTF8_AT("x\xe0\x80\xaf"), 1);      /* three-byte overlong */
    CHECK_INT(UTF8_AT("xy\xe0\x9f\xbf"), 2);     /* U+07FF in three bytes */
    CHECK_INT(UTF8_AT("\xf0\x80\x80\xaf"), 0);   /* four-byte overlong */
    CHECK_INT(UTF8_AT("\xf0\x8f\xbf\xbf"), 0);   /* U+FFFF in four bytes */
}

TEST(util_utf8_surrogates_and_out_of_range)
{
    CHECK_INT(UTF8_AT("a\xed\xa0\x80"), 1);      /* U+D800 */
    CHECK_INT(UTF8_AT("ab\xed\xbf\xbf"), 2);     /* U+DFFF */
    CHECK_INT(UTF8_AT("\xf4\x90\x80\x80"), 0);   /* U+110000 */
    CHECK_INT(UTF8_AT("ok\xf5\x80\x80\x80"), 2); /* F5 never appears */
    CHECK_INT(UTF8_AT("\xff"), 0);
    CHECK_INT(UTF8_AT("abc\xfe"), 3);
}

TEST(util_utf8_truncated_and_stray)
{
    CHECK_INT(UTF8_AT("abc\xc3"), 3);            /* cut at end */
    CHECK_INT(UTF8_AT("abc\xe2\x80"), 3);
    CHECK_INT(UTF8_AT("\xf0\x9f\x98"), 0);
    CHECK_INT(UTF8_AT("a\xc3" "b"), 1);          /* continuation missing */
    CHECK_INT(UTF8_AT("a\xe2\x80z"), 1);
    CHECK_INT(UTF8_AT("ab\x80"), 2);             /* stray continuation */
    /* The length bounds the scan: a valid sequence cut by len is invalid. */
    CHECK_INT(util_utf8_invalid_at("x\xc3\xa9", 2), 1);
    CHECK_INT(util_utf8_invalid_at("x\xc3\xa9", 3), -1);
}

TEST(util_utf8_nul_is_invalid)
{
    CHECK_INT(UTF8_AT("abc\0def"), 3);
    CHECK_INT(UTF8_AT("\0"), 0);
    /* Without the NUL in range the text is valid. */
    CHECK_INT(util_utf8_invalid_at("abc\0def", 3), -1);
}

TEST(util_line_col_positions)
{
    const char *s = "ab\ncd\n\xc3\xa9x\xe2\x80\x94y";
    int l = 0, c = 0;
    util_line_col(s, 0, &l, &c);
    CHECK_INT(l, 1);
    CHECK_INT(c, 1);
    util_line_col(s, 1, &l, &c);
    CHECK_INT(l, 1);
    CHECK_INT(c, 2);
    util_line_col(s, 3, &l, &c); /* 'c' */
    CHECK_INT(l, 2);
    CHECK_INT(c, 1);
    util_line_col(s, 8, &l, &c); /* 'x' after a two-byte character: column 2 */
    CHECK_INT(l, 3);
    CHECK_INT(c, 2);
    util_line_col(s, 12, &l, &c); /* 'y' after an em dash: column 4 */
    CHECK_INT(l, 3);
    CHECK_INT(c, 4);
    util_line_col(s, 2, &l, &c); /* the newline itself is still on line 1 */
    CHECK_INT(l, 1);
    CHECK_INT(c, 3);
}

TEST(util_path_dir_base_stem)
{
    char *s = util_path_dir("a/b/c.md");
    CHECK_STR(s, "a/b");
    free(s);
    s = util_path_dir("c.md");
    CHECK_STR(s, ".");
    free(s);
    s = util_path_dir("/c.md");
    CHECK_STR(s, "/");
    free(s);
    CHECK_STR(util_path_base("a/b/c.md"), "c.md");
    CHECK_STR(util_path_base("c.md"), "c.md");
    CHECK_STR(util_path_base("a/b/"), "");
    s = util_path_stem("chapters/01-intro.md");
    CHECK_STR(s, "01-intro");
    free(s);
    s = util_path_stem("x/archive.tar.gz");
    CHECK_STR(s, "archive.tar");
    free(s);
    s = util_path_stem("dir.d/README");
    CHECK_STR(s, "README");
    free(s);
    s = util_path_stem(".hidden");
    CHECK_STR(s, ".hidden");
    free(s);
}

TEST(util_path_join_cases)
{
    char *s = util_path_join("a/b", "c.md");
    CHECK_STR(s, "a/b/c.md");
    free(s);
    s = util_path_join("a/b/", "c.md");
    CHECK_STR(s, "a/b/c.md");
    free(s);
    s = util_path_join(".", "c.md");
    CHECK_STR(s, "c.md");
    free(s);
    s = util_path_join("", "c.md");
    CHECK_STR(s, "c.md");
    free(s);
    s = util_path_join(NULL, "c.md");
    CHECK_STR(s, "c.md");
    free(s);
    s = util_path_join("a/b", "/abs/c.md");
    CHECK_STR(s, "/abs/c.md");
    free(s);
}

TEST(util_path_exists_and_is_dir)
{
    char *file = tu_write("util/exists.txt", "x");
    char *missing = tu_tmp_path("util/nope");
    CHECK(util_path_exists(file));
    CHECK(!util_is_dir(file));
    CHECK(util_path_exists(tu_tmpdir()));
    CHECK(util_is_dir(tu_tmpdir()));
    CHECK(!util_path_exists(missing));
    CHECK(!util_is_dir(missing));
    free(file);
    free(missing);
}

TEST(util_path_inside_new_judges_paths_that_do_not_exist)
{
    char *file = tu_write("inside/book/ch.md", "x");
    char *book = tu_tmp_path("inside/book");
    char *root = realpath(book, NULL);
    char *p;
    CHECK(root != NULL);
    CHECK(util_path_inside_new(file, root));
    CHECK(util_path_inside_new(p = util_path_join(book, "out/new/x.pdf"), root)), free(p);
    CHECK(!util_path_inside_new(p = util_path_join(book, "../x.pdf"), root)), free(p);
    CHECK(!util_path_inside_new(p = tu_tmp_path("inside/newdir/x.pdf"), root)), free(p);
    CHECK(!util_path_inside_new("/x.pdf", root));
    /* Not lexically: a folder that does not exist yet may not climb back out. */
    CHECK(!util_path_inside_new(p = util_printf("%s/nope/../../x.pdf", book), root)), free(p);
    /* A dangling symbolic link could point anywhere. */
    char *link = tu_tmp_path("inside/book/dangling");
    CHECK(symlink("/nonexistent/far/away", link) == 0);
    CHECK(!util_path_inside_new(p = util_printf("%s/x.pdf", link), root)), free(p);
    free(link);
    free(root);
    free(book);
    free(file);
}

TEST(util_now_is_monotonic)
{
    double a = util_now(), b = util_now();
    CHECK(a > 0);
    CHECK(b >= a);
}
