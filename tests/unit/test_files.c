/* files: the input store (read once per build, content hashes, `watch` re-reads, sweep, bounds). */
#define _GNU_SOURCE /* utimensat */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "hyphen.h"
#include "test.h"
#include "util.h"
#include "world.h"

/* Rewrites path with text, then puts its old modification time back (as `touch -d` would). */
static void files_rewrite_same_mtime(const char *name, const char *text)
{
    char *path = tu_tmp_path(name);
    struct stat st;
    CHECK(stat(path, &st) == 0);
    free(tu_write(name, text));
    struct timespec ts[2] = {st.st_atim, st.st_mtim};
    CHECK(utimensat(AT_FDCWD, path, ts, 0) == 0);
    struct stat now;
    CHECK(stat(path, &now) == 0);
    CHECK(now.st_mtim.tv_sec == st.st_mtim.tv_sec && now.st_mtim.tv_nsec == st.st_mtim.tv_nsec);
    CHECK(now.st_size == st.st_size);
    free(path);
}

/* Waits until the clock the file system stamps with has moved (ctime granularity). */
static void files_tick(void) { usleep(20 * 1000); }

TEST(files_same_bytes_for_every_reader)
{
    char *path = tu_write("files/a.md", "# Hello\n");
    files *s = files_new();
    util_read_status st = UTIL_READ_MISSING;
    files_digest h1, h2;
    GBytes *a = files_read(s, path, 1 << 20, &st, &h1);
    REQUIRE(a);
    CHECK_INT(st, UTIL_READ_OK);
    /* Rewritten during the build: readers in this build still get the bytes it read first. */
    free(tu_write("files/a.md", "# Changed\n"));
    GBytes *b = files_read(s, path, 1 << 20, &st, &h2);
    REQUIRE(b);
    CHECK(g_bytes_get_data(a, NULL) == g_bytes_get_data(b, NULL));
    CHECK(!memcmp(&h1, &h2, sizeof h1));
    gsize len = 0;
    const char *d = g_bytes_get_data(b, &len);
    CHECK_INT(len, 8);
    CHECK_INT(d[len], '\0'); /* NUL-terminated, as util_read_file */
    CHECK(!memcmp(d, "# Hello\n", 8));
    CHECK_INT(files_disk_reads(s), 1);
    files_digest h3;
    CHECK(files_hash(s, path, 1 << 20, &h3));
    CHECK(!memcmp(&h1, &h3, sizeof h1));
    CHECK_INT(files_disk_reads(s), 1);
    g_bytes_unref(a);
    g_bytes_unref(b);
    files_free(s);
    free(path);
}

TEST(files_hash_is_sha256_of_the_content)
{
    char *p1 = tu_write("files/h1.txt", "abc");
    char *p2 = tu_write("files/h2.txt", "abc");
    char *p3 = tu_write("files/h3.txt", "abd");
    files *s = files_new();
    files_digest a, b, c;
    CHECK(files_hash(s, p1, 100, &a));
    CHECK(files_hash(s, p2, 100, &b));
    CHECK(files_hash(s, p3, 100, &c));
    CHECK(!memcmp(&a, &b, sizeof a));
    CHECK(memcmp(&a, &c, sizeof a));
    char hex[FILES_HEX_LEN + 1];
    CHECK_STR(files_hex(&a, hex), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* Without a store the file is read directly: the same hash. */
    files_digest d;
    CHECK(files_hash(NULL, p1, 100, &d));
    CHECK(!memcmp(&a, &d, sizeof a));
    files_free(s);
    free(p1);
    free(p2);
    free(p3);
}

TEST(files_watch_keeps_an_entry_whose_content_did_not_change)
{
    char *path = tu_write("files/keep.md", "same text\n");
    files *s = files_new();
    GBytes *a = files_read(s, path, 1 << 20, NULL, NULL);
    REQUIRE(a);
    files_sweep(s); /* the next build */
    /* Unchanged stat: not read again. */
    GBytes *b = files_read(s, path, 1 << 20, NULL, NULL);
    REQUIRE(b);
    CHECK_INT(files_disk_reads(s), 1);
    CHECK(g_bytes_get_data(a, NULL) == g_bytes_get_data(b, NULL));
    files_sweep(s);
    /* Another stat (rewritten, touched), the same bytes: read again, and the entry stays. */
    files_tick();
    free(tu_write("files/keep.md", "same text\n"));
    GBytes *c = files_read(s, path, 1 << 20, NULL, NULL);
    REQUIRE(c);
    CHECK_INT(files_disk_reads(s), 2);
    CHECK(g_bytes_get_data(a, NULL) == g_bytes_get_data(c, NULL));
    CHECK_INT(files_version(s, path), 0);
    g_bytes_unref(a);
    g_bytes_unref(b);
    g_bytes_unref(c);
    files_free(s);
    free(path);
}

TEST(files_watch_sees_a_change_with_the_same_size_and_mtime)
{
    char *path = tu_write("files/img.bin", "AAAA");
    files *s = files_new();
    files_digest h1, h2;
    CHECK(files_hash(s, path, 100, &h1));
    files_sweep(s);
    files_tick();
    files_rewrite_same_mtime("files/img.bin", "BBBB");
    CHECK(files_hash(s, path, 100, &h2));
    CHECK(memcmp(&h1, &h2, sizeof h1));
    CHECK_INT(files_version(s, path), 1);
    GBytes *b = files_read(s, path, 100, NULL, NULL);
    REQUIRE(b);
    CHECK(!memcmp(g_bytes_get_data(b, NULL), "BBBB", 4));
    g_bytes_unref(b);
    files_free(s);
    free(path);
}

TEST(files_sweep_forgets_what_the_last_build_did_not_read)
{
    char *p1 = tu_write("files/s1.md", "one");
    char *p2 = tu_write("files/s2.md", "two");
    files *s = files_new();
    files_digest h;
    CHECK(files_hash(s, p1, 100, &h));
    CHECK(files_hash(s, p2, 100, &h));
    files_sweep(s);
    CHECK_INT(files_count(s), 2);
    CHECK(files_hash(s, p1, 100, &h)); /* the second build reads only s1 */
    files_sweep(s);
    CHECK_INT(files_count(s), 1);
    CHECK_INT(files_version(s, p2), -1);
    CHECK_INT(files_version(s, p1), 0);
    files_sweep(s);
    files_sweep(s);
    CHECK_INT(files_count(s), 0);
    files_free(s);
    free(p1);
    free(p2);
}

TEST(files_errors_are_util_read_files)
{
    files *s = files_new();
    util_read_status st = UTIL_READ_OK;
    char *missing = tu_tmp_path("files/none.md");
    CHECK(!files_read(s, missing, 100, &st, NULL));
    CHECK_INT(st, UTIL_READ_MISSING);
    char *dir = tu_tmp_path("files");
    CHECK(!files_read(s, dir, 100, &st, NULL));
    CHECK_INT(st, UTIL_READ_NOT_FILE);
    char *big = tu_write("files/big.md", "0123456789");
    CHECK(!files_read(s, big, 9, &st, NULL));
    CHECK_INT(st, UTIL_READ_TOO_LARGE);
    /* Held for a reader with a larger bound, still too large for a smaller one. */
    GBytes *b = files_read(s, big, 10, &st, NULL);
    CHECK(b != NULL);
    CHECK_INT(st, UTIL_READ_OK);
    CHECK(!files_read(s, big, 9, &st, NULL));
    CHECK_INT(st, UTIL_READ_TOO_LARGE);
    files_digest h;
    CHECK(!files_hash(s, big, 9, &h));
    CHECK(!files_hash(s, missing, 100, &h));
    if (b) g_bytes_unref(b);
    files_free(s);
    free(missing);
    free(dir);
    free(big);
}

TEST(files_large_files_are_not_held)
{
    size_t n = (size_t)FILES_HOLD_BYTES + 1;
    char *data = util_xmalloc(n);
    memset(data, 'x', n);
    char *path = tu_write_n("files/large.bin", data, n);
    files *s = files_new();
    GBytes *a = files_read(s, path, n, NULL, NULL);
    REQUIRE(a);
    CHECK_INT(g_bytes_get_size(a), n);
    files_sweep(s);
    /* Only its hash is kept: known without a read while its stat stays. */
    files_digest h;
    CHECK(files_hash(s, path, n, &h));
    CHECK_INT(files_disk_reads(s), 1);
    GBytes *b = files_read(s, path, n, NULL, NULL);
    REQUIRE(b);
    CHECK_INT(files_disk_reads(s), 2);
    CHECK(g_bytes_equal(a, b));
    g_bytes_unref(a);
    g_bytes_unref(b);
    files_free(s);
    free(path);
    free(data);
}

/* The world's hyphenation patterns are read through its store: an edited pattern file is loaded
 * again in the next `watch` build, an untouched one is kept. */
static char *files_hyphenate(hyphen *h, const char *word)
{
    util_buf b = {0};
    hyphen_text(h, word, &b);
    return util_buf_steal(&b);
}

TEST(files_world_hyphen_loads_edited_patterns_again)
{
    free(tu_write("files/hyph/hyph_xx.dic", "UTF-8\n1b\n"));
    char *dir = tu_tmp_path("files/hyph");
    world w;
    world_init(&w);
    world_begin(&w);
    hyphen *a = world_hyphen(&w, dir, "xx", 1, 1, 1);
    REQUIRE(a);
    char *before = files_hyphenate(a, "abcabc");
    CHECK(world_hyphen(&w, dir, "xx", 1, 1, 1) == a);
    world_sweep(&w);
    CHECK(world_hyphen(&w, dir, "xx", 1, 1, 1) == a); /* unchanged: kept */
    world_sweep(&w);
    files_tick();
    free(tu_write("files/hyph/hyph_xx.dic", "UTF-8\n1c\n"));
    hyphen *b = world_hyphen(&w, dir, "xx", 1, 1, 1);
    REQUIRE(b);
    char *after = files_hyphenate(b, "abcabc");
    hyphen *fresh = hyphen_open(dir, "xx", 1, 1, 1);
    REQUIRE(fresh);
    char *expected = files_hyphenate(fresh, "abcabc");
    CHECK(strcmp(before, after) != 0);
    CHECK_STR(after, expected);
    hyphen_close(fresh);
    free(before);
    free(after);
    free(expected);
    world_free(&w);
    free(dir);
}
