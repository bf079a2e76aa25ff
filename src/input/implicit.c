/* implicit — a book for Markdown that has no book.yaml: a folder (its
 * SUMMARY.md, as GitBook and mdBook write it, else its Markdown files in natural
 * order with README.md / index.md first) or a list of files, written out as the
 * book.yaml text `build` would have read and `init` saves. */
#define _GNU_SOURCE
#include "implicit.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <glib.h>

#include "diag.h"
#include "source.h"
#include "util.h"

typedef struct implicit_list {
    char **files;    /* relative to the book's directory */
    int *parts;      /* part index per file, or -1 */
    size_t n, cap, cap_parts;
    char **part_titles;
    size_t n_parts, cap_part_titles;
    GHashTable *seen;
} implicit_list;

static bool implicit_is_md(const char *name)
{
    size_t n = strlen(name);
    return (n > 3 && !strcasecmp(name + n - 3, ".md")) || (n > 9 && !strcasecmp(name + n - 9, ".markdown"));
}

static void implicit_add(implicit_list *l, const char *rel, int part)
{
    if (l->n >= IMPLICIT_MAX_FILES) return;
    char *norm = util_path_normalize(rel);
    if (g_hash_table_contains(l->seen, norm)) {
        free(norm);
        return;
    }
    g_hash_table_add(l->seen, norm);
    *UTIL_PUSH(l->files, l->n, l->cap) = util_xstrdup(norm);
    size_t np = l->n - 1;
    l->parts = util_grow(l->parts, &l->cap_parts, l->n, sizeof *l->parts);
    l->parts[np] = part;
}

/* README.md and index.md open their folder; then natural order ("2" before "10"). */
static int implicit_rank(const char *name)
{
    return !strcasecmp(name, "readme.md") || !strcasecmp(name, "index.md") ? 0 : 1;
}

static int implicit_cmp(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    int rx = implicit_rank(x), ry = implicit_rank(y);
    if (rx != ry) return rx - ry;
    return strverscmp(x, y);
}

static bool implicit_skip_dir(const char *name)
{
    return name[0] == '.' || name[0] == '_' || !strcmp(name, "node_modules") || !strcmp(name, "build");
}

/* Markdown files of dir (relative rel), then its sub-folders, each in natural order. */
static void implicit_walk(implicit_list *l, const char *root, const char *rel, int depth)
{
    if (depth > IMPLICIT_MAX_DEPTH) return;
    char *path = *rel ? util_path_join(root, rel) : util_xstrdup(root);
    DIR *d = opendir(path);
    if (!d) {
        free(path);
        return;
    }
    char **mds = NULL, **dirs = NULL;
    size_t nf = 0, cf = 0, nd = 0, cd = 0;
    struct dirent *e;
    while ((e = readdir(d)) && nf + nd < IMPLICIT_MAX_FILES) {
        if (e->d_name[0] == '.') continue;
        char *full = util_path_join(path, e->d_name);
        struct stat st;
        /* lstat: a symbolic link is never followed out of the folder. */
        if (lstat(full, &st) == 0) {
            if (S_ISDIR(st.st_mode) && !implicit_skip_dir(e->d_name)) *UTIL_PUSH(dirs, nd, cd) = util_xstrdup(e->d_name);
            else if (S_ISREG(st.st_mode) && implicit_is_md(e->d_name) && strcasecmp(e->d_name, "SUMMARY.md"))
                *UTIL_PUSH(mds, nf, cf) = util_xstrdup(e->d_name);
        }
        free(full);
    }
    closedir(d);
    if (nf) qsort(mds, nf, sizeof *mds, implicit_cmp);
    if (nd) qsort(dirs, nd, sizeof *dirs, implicit_cmp);
    for (size_t i = 0; i < nf; i++) {
        char *r = *rel ? util_path_join(rel, mds[i]) : util_xstrdup(mds[i]);
        implicit_add(l, r, -1);
        free(r);
        free(mds[i]);
    }
    for (size_t i = 0; i < nd; i++) {
        char *r = *rel ? util_path_join(rel, dirs[i]) : util_xstrdup(dirs[i]);
        implicit_walk(l, root, r, depth + 1);
        free(r);
        free(dirs[i]);
    }
    free(mds);
    free(dirs);
    free(path);
}

/* path read through fs: a copy (NUL-terminated, freed by the caller, edited in place), or NULL. */
static char *implicit_read(files *fs, const char *path, size_t max_bytes, size_t *len, util_read_status *st)
{
    GBytes *bytes = files_read(fs, path, max_bytes, st, NULL);
    if (!bytes) return NULL;
    gsize n = 0;
    const char *data = g_bytes_get_data(bytes, &n);
    char *text = util_xstrndup(data, n);
    *len = n;
    g_bytes_unref(bytes);
    return text;
}

/* SUMMARY.md: every link to a local Markdown file, in order; `#` headings start parts. */
static bool implicit_summary(files *fs, implicit_list *l, const char *root, const char *summary_rel)
{
    char *path = util_path_join(root, summary_rel);
    size_t len = 0;
    util_read_status st = UTIL_READ_OK;
    char *text = implicit_read(fs, path, IMPLICIT_MAX_SUMMARY_BYTES, &len, &st);
    if (st == UTIL_READ_OK && util_utf8_invalid_at(text, len) < 0) diag_fix_nonchars(path, text, &len);
    free(path);
    if (st != UTIL_READ_OK) return false;
    char *sdir = util_path_dir(summary_rel);
    int part = -1;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        char *p = line + strspn(line, " \t");
        if (p[0] == '#' && l->n) { /* a heading after the first chapter starts a part */
            while (*p == '#') p++;
            char *title = g_strstrip(g_strdup(p));
            if (*title) {
                *UTIL_PUSH(l->part_titles, l->n_parts, l->cap_part_titles) = util_xstrdup(title);
                part = (int)l->n_parts - 1;
            }
            g_free(title);
            continue;
        }
        /* Every [text](target) on the line. */
        for (char *q = strstr(p, "]("); q; q = strstr(q, "](")) {
            q += 2;
            char *end = strchr(q, ')');
            if (!end) break;
            char *target = util_xstrndup(q, (size_t)(end - q));
            char *hash = strchr(target, '#');
            if (hash) *hash = '\0';
            char *t = g_strstrip(target);
            if (*t && !strstr(t, "://") && implicit_is_md(t)) {
                char *rel = strcmp(sdir, ".") ? util_path_join(sdir, t) : util_xstrdup(t);
                char *full = util_path_join(root, rel);
                if (util_path_exists(full)) implicit_add(l, rel, part);
                free(full);
                free(rel);
            }
            free(target);
            q = end;
        }
    }
    free(sdir);
    free(text);
    return l->n > 0;
}

/* The first ATX heading of a Markdown file outside code fences, or NULL. */
static char *implicit_first_heading(files *fs, const char *path)
{
    size_t len = 0;
    char *text = implicit_read(fs, path, SOURCE_MAX_BYTES, &len, NULL);
    if (!text) return NULL;
    char *found = NULL;
    bool fence = false, front = !strncmp(text, "---\n", 4);
    int lines = 0;
    for (char *line = text, *next; line && *line && !found && lines < IMPLICIT_MAX_TITLE_LINES; line = next, lines++) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        if (front) {
            if (line != text && (!strcmp(line, "---") || !strcmp(line, "..."))) front = false;
            else if (!strncmp(line, "title:", 6)) {
                char *t = g_strstrip(g_strdup(line + 6));
                size_t tl = strlen(t);
                if (tl >= 2 && (t[0] == '"' || t[0] == '\'') && t[tl - 1] == t[0]) {
                    t[tl - 1] = '\0';
                    memmove(t, t + 1, tl - 1);
                }
                if (*t) found = util_xstrdup(t);
                g_free(t);
            }
            continue;
        }
        const char *p = line + strspn(line, " ");
        if (!strncmp(p, "```", 3) || !strncmp(p, "~~~", 3)) fence = !fence;
        if (fence || p[0] != '#') continue;
        while (*p == '#') p++;
        if (*p != ' ' && *p != '\t') continue;
        char *t = g_strstrip(g_strdup(p));
        char *brace = strstr(t, " {#");
        if (brace) *brace = '\0';
        if (*t) found = util_xstrdup(t);
        g_free(t);
    }
    free(text);
    return found;
}

static void implicit_yaml_string(util_buf *b, const char *s)
{
    util_buf_addc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') util_buf_addc(b, '\\');
        if ((unsigned char)*s < 0x20) continue; /* no control characters in a title or a path */
        util_buf_addc(b, *s);
    }
    util_buf_addc(b, '"');
}

static char *implicit_yaml(files *fs, const implicit_list *l, const char *root, const char *origin)
{
    util_buf b = {0};
    util_buf_printf(&b, "# Written by mlsd-guide for %s: edit it to take over.\n", origin);
    char *first = util_path_join(root, l->files[0]);
    char *title = implicit_first_heading(fs, first);
    free(first);
    if (!title) {
        char *abs = realpath(root, NULL);
        title = util_xstrdup(util_path_base(abs ? abs : root));
        free(abs);
    }
    util_buf_adds(&b, "title: ");
    implicit_yaml_string(&b, title);
    free(title);
    util_buf_adds(&b, "\nchapters:\n");
    int open_part = -1;
    for (size_t i = 0; i < l->n; i++) {
        int part = l->parts[i];
        if (part != open_part && part >= 0) {
            util_buf_adds(&b, "  - part: ");
            implicit_yaml_string(&b, l->part_titles[part]);
            util_buf_adds(&b, "\n    chapters:\n");
        }
        open_part = part;
        util_buf_adds(&b, part >= 0 ? "      - " : "  - ");
        implicit_yaml_string(&b, l->files[i]);
        util_buf_addc(&b, '\n');
    }
    return util_buf_steal(&b);
}

static void implicit_list_free(implicit_list *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->files[i]);
    free(l->files);
    free(l->parts);
    for (size_t i = 0; i < l->n_parts; i++) free(l->part_titles[i]);
    free(l->part_titles);
    if (l->seen) g_hash_table_destroy(l->seen);
}

char *implicit_book_for_dir(files *fs, const char *dir, char **error)
{
    *error = NULL;
    implicit_list l = {0};
    l.seen = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
    static const char *const summaries[] = {"SUMMARY.md", "src/SUMMARY.md", "summary.md"};
    bool from_summary = false;
    for (size_t i = 0; i < sizeof summaries / sizeof *summaries && !from_summary; i++) {
        char *p = util_path_join(dir, summaries[i]);
        if (util_path_exists(p)) from_summary = implicit_summary(fs, &l, dir, summaries[i]);
        free(p);
    }
    if (!from_summary) implicit_walk(&l, dir, "", 0);
    char *yaml = NULL;
    if (!l.n) *error = util_xstrdup("no Markdown files (*.md) in this directory, and no book.yaml");
    else yaml = implicit_yaml(fs, &l, dir, from_summary ? "the chapters of SUMMARY.md" : "the Markdown files of this folder");
    implicit_list_free(&l);
    return yaml;
}

char *implicit_book_for_files(files *fs, char **names, size_t n, char **error)
{
    *error = NULL;
    implicit_list l = {0};
    l.seen = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
    for (size_t i = 0; i < n; i++) {
        if (!implicit_is_md(names[i])) {
            *error = util_printf("'%s' is not a Markdown file (.md)", names[i]);
            implicit_list_free(&l);
            return NULL;
        }
        implicit_add(&l, names[i], -1);
    }
    char *yaml = l.n ? implicit_yaml(fs, &l, ".", "the files named on the command line") : NULL;
    if (!yaml) *error = util_xstrdup("no Markdown files given");
    implicit_list_free(&l);
    return yaml;
}
