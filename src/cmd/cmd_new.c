/* cmd_new — `mlsd-guide new KIND "Title"`: a chapter from its kind's skeleton,
 * added to book.yaml in the kind's part without disturbing the rest of the
 * file (the edit is made on the text, at positions libyaml reports). */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "book.h"
#include "cli.h"
#include "diag.h"
#include "env.h"
#include "kinds.h"
#include "datadir.h"
#include "project.h"
#include "util.h"
#include "yamlx.h"

/* Chapter numbers from this one up are kept for appendices (references, glossary). */
enum { NEW_APPENDIX_FROM = 90, NEW_MAX_NUMBER = 999 };

/* A YAML double-quoted scalar's content. */
static char *new_yaml_quote(const char *s)
{
    util_buf b = {0};
    util_buf_adds(&b, "");
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') util_buf_addc(&b, '\\');
        if (*s == '\n') util_buf_adds(&b, "\\n");
        else util_buf_addc(&b, *s);
    }
    return util_buf_steal(&b);
}

static char *new_replace(const char *text, const char *key, const char *value)
{
    util_buf b = {0};
    size_t kl = strlen(key);
    for (const char *p = text; *p;) {
        if (!strncmp(p, key, kl)) {
            util_buf_adds(&b, value);
            p += kl;
        } else {
            util_buf_addc(&b, *p++);
        }
    }
    return util_buf_steal(&b);
}

/* The skeleton with the title and summary filled in; without a summary its line goes. */
static char *new_render(const char *skeleton, const char *title, const char *summary)
{
    char *qt = new_yaml_quote(title);
    char *step = new_replace(skeleton, "{{title}}", qt);
    free(qt);
    char *out;
    if (summary) {
        char *qs = new_yaml_quote(summary);
        out = new_replace(step, "{{summary}}", qs);
        free(qs);
    } else {
        util_buf b = {0};
        for (const char *line = step; *line;) {
            const char *eol = strchr(line, '\n');
            size_t len = eol ? (size_t)(eol - line + 1) : strlen(line);
            if (!memmem(line, len, "{{summary}}", 11)) util_buf_add(&b, line, len);
            line += len;
        }
        out = util_buf_steal(&b);
    }
    free(step);
    return out;
}

/* Highest chapter number (the NN- prefix) in dir below `limit`. */
static int new_max_number(const char *dir, int limit)
{
    struct dirent **names = NULL;
    int count = scandir(dir, &names, NULL, alphasort), max = 0;
    for (int i = 0; i < count; i++) {
        const char *nm = names[i]->d_name;
        if (isdigit((unsigned char)nm[0])) {
            int v = atoi(nm);
            if (v < limit && v > max) max = v;
        }
        free(names[i]);
    }
    free(names);
    return max;
}

/* An existing chapter file in dir with this slug after its number, or NULL. */
static char *new_find_slug(const char *dir, const char *slug)
{
    struct dirent **names = NULL;
    int count = scandir(dir, &names, NULL, alphasort);
    char *found = NULL;
    char *want = util_printf("%s.md", slug);
    for (int i = 0; i < count; i++) {
        const char *nm = names[i]->d_name;
        const char *p = nm;
        while (isdigit((unsigned char)*p)) p++;
        if (p != nm && *p == '-' && !strcmp(p + 1, want) && !found) found = util_path_join(dir, nm);
        free(names[i]);
    }
    free(names);
    free(want);
    return found;
}

/* Last line (0-based) of any node under n. */
static size_t new_last_line(yamlx_doc *d, yaml_node_t *n, int depth)
{
    size_t line = n->start_mark.line;
    if (depth > 32) return line;
    if (n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
            size_t l = new_last_line(d, yamlx_get(d, *it), depth + 1);
            if (l > line) line = l;
        }
    } else if (n->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
            size_t l = new_last_line(d, yamlx_get(d, p->value), depth + 1);
            if (l > line) line = l;
        }
    }
    return line;
}

static yaml_node_t *new_map_get(yamlx_doc *d, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE) return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yamlx_get(d, p->key);
        if (k->type == YAML_SCALAR_NODE && !strcmp((const char *)k->data.scalar.value, key)) return yamlx_get(d, p->value);
    }
    return NULL;
}

/* Byte offset of the start of line `line` (0-based) in text, or its length. */
static size_t new_line_offset(const char *text, size_t line)
{
    size_t off = 0;
    for (size_t l = 0; l < line && text[off]; l++) {
        const char *eol = strchr(text + off, '\n');
        if (!eol) return strlen(text);
        off = (size_t)(eol - text) + 1;
    }
    return off;
}

/* Inserts `entry` (a chapter path) into the text of book.yaml: at the end of the
 * kind's part, or as a new part, or at the end of the list. */
static char *new_edit_config(const char *text, size_t len, const char *path, const char *entry, const char *part,
                             char **where)
{
    yamlx_doc d;
    if (!yamlx_load(&d, path, text, len, 0)) return NULL;
    yaml_node_t *chapters = new_map_get(&d, yamlx_root(&d), "chapters");
    if (!chapters || chapters->type != YAML_SEQUENCE_NODE) {
        diag_error(path, 0, 0, "book config has no 'chapters:' list to add the chapter to");
        yamlx_free(&d);
        return NULL;
    }
    util_buf out = {0};
    yaml_node_item_t *first = chapters->data.sequence.items.start, *top = chapters->data.sequence.items.top;
    yaml_node_t *target = NULL, *last_part = NULL, *last_item = top > first ? yamlx_get(&d, top[-1]) : NULL;
    for (yaml_node_item_t *it = first; it < top; it++) {
        yaml_node_t *item = yamlx_get(&d, *it);
        yaml_node_t *title = new_map_get(&d, item, "part");
        if (!title) continue;
        last_part = item;
        if (*part && title->type == YAML_SCALAR_NODE && !strcmp((const char *)title->data.scalar.value, part))
            target = new_map_get(&d, item, "chapters");
    }
    bool flow = chapters->data.sequence.style == YAML_FLOW_SEQUENCE_STYLE ||
                (target && target->data.sequence.style == YAML_FLOW_SEQUENCE_STYLE);
    if (flow) {
        /* [a.md, b.md]: the new entry goes before the closing bracket. */
        yaml_node_t *seq = target ? target : chapters;
        size_t close = seq->end_mark.index;
        while (close > 0 && text[close - 1] != ']') close--;
        if (close == 0) {
            yamlx_free(&d);
            return NULL;
        }
        util_buf_add(&out, text, close - 1);
        util_buf_printf(&out, "%s%s", seq->data.sequence.items.top > seq->data.sequence.items.start ? ", " : "", entry);
        util_buf_add(&out, text + close - 1, len - (close - 1));
        *where = target ? util_printf("under part '%s'", part) : util_xstrdup("at the end of the chapter list");
    } else if (target && target->data.sequence.items.top > target->data.sequence.items.start) {
        /* After the part's last chapter, with that line's indentation and dash. */
        yaml_node_t *lastc = yamlx_get(&d, target->data.sequence.items.top[-1]);
        size_t at = new_line_offset(text, new_last_line(&d, lastc, 0) + 1);
        size_t ls = new_line_offset(text, lastc->start_mark.line);
        util_buf_add(&out, text, at);
        if (at && text[at - 1] != '\n') util_buf_addc(&out, '\n');
        util_buf_add(&out, text + ls, lastc->start_mark.column);
        util_buf_printf(&out, "%s\n", entry);
        util_buf_add(&out, text + at, len - at);
        *where = util_printf("under part '%s'", part);
    } else if (*part) {
        /* A new part after the last one (or at the end of the list). */
        yaml_node_t *after = last_part ? last_part : last_item;
        size_t at = after ? new_line_offset(text, new_last_line(&d, after, 0) + 1) : len;
        size_t col = after ? after->start_mark.column : 2;
        char *pad = util_xcalloc(col + 1, 1);
        memset(pad, ' ', col >= 2 ? col - 2 : 0);
        char *qp = new_yaml_quote(part);
        util_buf_add(&out, text, at);
        if (at && text[at - 1] != '\n') util_buf_addc(&out, '\n');
        util_buf_printf(&out, "%s- part: \"%s\"\n%s  chapters:\n%s    - %s\n", pad, qp, pad, pad, entry);
        util_buf_add(&out, text + at, len - at);
        free(qp);
        free(pad);
        *where = util_printf("in a new part '%s'", part);
    } else {
        /* Outside any part: at the end of the list. */
        size_t at = last_item ? new_line_offset(text, new_last_line(&d, last_item, 0) + 1) : len;
        size_t col = last_item ? last_item->start_mark.column : 2;
        char *pad = util_xcalloc(col + 1, 1);
        memset(pad, ' ', col >= 2 ? col - 2 : 0);
        util_buf_add(&out, text, at);
        if (at && text[at - 1] != '\n') util_buf_addc(&out, '\n');
        util_buf_printf(&out, "%s- %s\n", pad, entry);
        util_buf_add(&out, text + at, len - at);
        free(pad);
        *where = util_xstrdup("at the end of the chapter list");
    }
    yamlx_free(&d);
    return util_buf_steal(&out);
}

static bool new_write_atomic(const char *path, const char *text, bool exclusive)
{
    char *dir = util_path_dir(path);
    char *tmp = util_printf("%s/.%s.XXXXXX", dir, util_path_base(path));
    free(dir);
    int fd = mkstemp(tmp);
    bool ok = fd >= 0;
    if (ok) {
        size_t len = strlen(text);
        ok = write(fd, text, len) == (ssize_t)len;
        ok = close(fd) == 0 && ok;
    }
    /* link() refuses to replace an existing file: a new chapter never overwrites one. */
    if (ok && exclusive) ok = link(tmp, path) == 0;
    else if (ok) ok = rename(tmp, path) == 0;
    if (!ok) diag_error(path, 0, 0, "cannot write: %s", strerror(errno));
    unlink(tmp);
    free(tmp);
    return ok;
}

int cmd_new(const cli_opts *o)
{
    const char *kind_name = o->args[0], *title = o->args[1];
    int rc = 1;
    char *config = project_find_config(o->config);
    if (!config) return 1;
    /* Only the config and the kinds are needed; the chapters are left alone. */
    book bk;
    char *data = NULL, *text = NULL, *chapter_path = NULL, *rel = NULL, *edited = NULL, *body = NULL, *where = NULL;
    kinds ks = {0};
    bool have_book = false;
    env e = {0};
    env_read(&e);
    data = datadir_find(e.data, o->argv0);
    env_free(&e);
    if (!data) {
        diag_error(NULL, 0, 0, "cannot find the shared data (templates/); set MLSD_GUIDE_DATA");
        goto done;
    }
    char *theme_path = util_path_join(data, "templates/theme.yaml");
    book_load(&bk, config, theme_path);
    have_book = true;
    free(theme_path);
    if (diag_errors()) goto done;
    char *kdir = util_path_join(data, "templates/kinds");
    bool kok = kinds_load(&ks, kdir);
    free(kdir);
    if (!kok) goto done;
    const kind *kd = kinds_find(&ks, kind_name);
    if (!kd) {
        char *names = kinds_names(&ks);
        char *hint = util_printf("kinds: %s", names);
        diag_report_hint(DIAG_ERROR, NULL, 0, 0, hint, "unknown chapter kind '%s'", kind_name);
        free(hint);
        free(names);
        goto done;
    }
    /* Where chapters live: next to the last chapter of the kind's part, else the last chapter, else chapters/. */
    const char *near = NULL;
    for (size_t i = 0; i < bk.n_chapters; i++) {
        int pt = bk.chapters[i].part;
        if (*kd->part && pt >= 0 && !strcmp(bk.parts[pt].title, kd->part)) near = bk.chapters[i].file;
    }
    if (!near && bk.n_chapters) near = bk.chapters[bk.n_chapters - 1].file;
    char *rel_dir = near ? util_path_dir(near) : util_xstrdup("chapters");
    char *dir = util_path_join(bk.dir, rel_dir);
    if (!util_is_dir(dir)) {
        diag_error(dir, 0, 0, "the chapters' directory does not exist");
        free(dir);
        free(rel_dir);
        goto done;
    }
    char *slug = book_slugify(title);
    char *existing = new_find_slug(dir, slug);
    if (existing) {
        diag_report_hint(DIAG_ERROR, existing, 0, 0, "choose another title", "a chapter named '%s' already exists", slug);
        free(existing);
    } else {
        bool appendix = !strcmp(kd->name, "reference") && !*kd->part;
        int number = appendix ? new_max_number(dir, NEW_MAX_NUMBER + 1) : new_max_number(dir, NEW_APPENDIX_FROM);
        if (appendix && number < NEW_APPENDIX_FROM - 1) number = NEW_APPENDIX_FROM - 1;
        char *file = util_printf("%02d-%s.md", number + 1, slug);
        chapter_path = util_path_join(dir, file);
        rel = strcmp(rel_dir, ".") ? util_printf("%s/%s", rel_dir, file) : util_xstrdup(file);
        free(file);
    }
    free(slug);
    free(dir);
    free(rel_dir);
    if (!chapter_path) goto done;
    if (util_path_exists(chapter_path)) {
        diag_error(chapter_path, 0, 0, "refusing to overwrite an existing file");
        goto done;
    }
    char *skeleton = NULL;
    if (util_read_file(kd->skeleton, 1 << 20, &skeleton, NULL) != UTIL_READ_OK) {
        diag_error(kd->skeleton, 0, 0, "cannot read the skeleton of kind '%s'", kd->name);
        goto done;
    }
    body = new_render(skeleton, title, o->summary);
    free(skeleton);
    size_t len = 0;
    if (util_read_file(config, BOOK_MAX_CONFIG_BYTES, &text, &len) != UTIL_READ_OK) {
        diag_error(config, 0, 0, "cannot read book config");
        goto done;
    }
    edited = new_edit_config(text, len, config, rel, kd->part, &where);
    if (!edited) goto done;
    /* The chapter first (it must not exist), then the config that lists it. */
    if (!new_write_atomic(chapter_path, body, true)) goto done;
    if (!new_write_atomic(config, edited, false)) {
        unlink(chapter_path);
        goto done;
    }
    printf("created %s (%s) and added it to %s %s\n", chapter_path, kd->name, config, where);
    rc = 0;
done:
    free(where);
    free(edited);
    free(text);
    free(body);
    free(rel);
    free(chapter_path);
    kinds_free(&ks);
    if (have_book) book_free(&bk);
    free(data);
    free(config);
    return rc;
}
