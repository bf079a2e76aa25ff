/* typeset_memo — which chapter layouts a build may hand over from an earlier pass or
 * `watch` rebuild (layout_memo.c keeps and checks them): each chapter's fingerprint, and
 * the memos moved between the world and a build.
 *
 * A chapter's layout is a function of its text, its resolved model (numbers, cross-reference
 * texts taken from other chapters, notes: resolve_dump of the chapter), the index marks it
 * places, the book's settings (book.yaml, the variables' values, the number and names of the
 * chapters), the templates (theme, kinds, highlighting), the fonts and the hyphenation
 * patterns; the rest (page labels of its page references, image files, its thread) is checked
 * by layout_memo. The fingerprint is a SHA-256 of all of these. */
#define _GNU_SOURCE
#include "typeset.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "resolve.h"
#include "util.h"
#include "vars.h"

/* How deep the templates folder is read for its stamp (it is two levels today). */
enum { TYPESET_MEMO_MAX_DEPTH = 4 };

static void typeset_memo_stamp(GChecksum *cs, const char *dir, int depth)
{
    if (depth > TYPESET_MEMO_MAX_DEPTH) return;
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.') {
            char *path = util_path_join(dir, names[i]->d_name);
            struct stat st;
            if (stat(path, &st) == 0) {
                char *line = util_printf("%s %lld %lld.%09ld\n", path, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                                         st.st_mtim.tv_nsec);
                g_checksum_update(cs, (const guchar *)line, (gssize)strlen(line));
                free(line);
                if (S_ISDIR(st.st_mode)) typeset_memo_stamp(cs, path, depth + 1);
            }
            free(path);
        }
        free(names[i]);
    }
    free(names);
}

static void typeset_memo_add(GChecksum *cs, const char *s)
{
    if (s) g_checksum_update(cs, (const guchar *)s, (gssize)strlen(s));
    g_checksum_update(cs, (const guchar *)"\n", 1); /* NULL and "" differ from what follows */
}

/* What every chapter's layout depends on beyond its own text and model. */
static char *typeset_memo_book(const typeset *t, const char *data_dir)
{
    const book *bk = t->bk;
    GChecksum *cs = g_checksum_new(G_CHECKSUM_SHA256);
    files_digest hash;
    char hex[FILES_HEX_LEN + 1];
    typeset_memo_add(cs, files_hash(t->w->files, bk->config_path, BOOK_MAX_CONFIG_BYTES, &hash) ? files_hex(&hash, hex) : "");
    typeset_memo_add(cs, bk->config_path);
    /* What the first pass prints for a page reference (a guess from the book's length). */
    char guess[LAYOUT_PAGE_GUESS_MAX];
    layout_page_guess(t->chapters, t->in.n, guess, sizeof guess);
    typeset_memo_add(cs, guess);
    char *templates = util_path_join(data_dir, "templates");
    typeset_memo_stamp(cs, templates, 0);
    free(templates);
    typeset_memo_add(cs, t->w->font_dir);
    typeset_memo_add(cs, t->w->font_stamp);
    typeset_memo_add(cs, t->w->hyph_key);
    typeset_memo_add(cs, t->in.hyph ? "hyphen" : "no hyphen");
    for (size_t i = 0; i < vars_count(bk->vars); i++) {
        const vars_def *d = vars_def_at(bk->vars, i);
        char *line = util_printf("var %s %d %d", d->name, d->scope, d->state);
        typeset_memo_add(cs, line);
        typeset_memo_add(cs, d->shown);
        free(line);
    }
    for (size_t i = 0; i < t->in.n; i++) {
        const source_chapter *ch = &t->chapters[i];
        char *line = util_printf("chapter %zu %d %d %d", i, bk->chapters[i].part, (int)ch->numbering, ch->failed);
        typeset_memo_add(cs, line);
        free(line);
        typeset_memo_add(cs, ch->path);
        typeset_memo_add(cs, ch->title);
        typeset_memo_add(cs, ch->number);
    }
    const bookindex *ix = t->in.index;
    typeset_memo_add(cs, ix && ix->enabled ? "index" : "no index");
    char *key = util_xstrdup(g_checksum_get_string(cs));
    g_checksum_free(cs);
    return key;
}

static char *typeset_memo_chapter(const typeset *t, const char *book_key, size_t i)
{
    const source_chapter *ch = &t->chapters[i];
    GChecksum *cs = g_checksum_new(G_CHECKSUM_SHA256);
    typeset_memo_add(cs, book_key);
    char *head = util_printf("%zu", i);
    typeset_memo_add(cs, head);
    free(head);
    typeset_memo_add(cs, ch->path);
    typeset_memo_add(cs, ch->text);
    char *dump = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&dump, &len);
    if (f) {
        resolve_dump(ch, 1, f);
        fclose(f);
        g_checksum_update(cs, (const guchar *)dump, (gssize)len);
    }
    free(dump);
    /* Index marks are numbered through the book: the destinations this chapter places. */
    const bookindex *ix = t->in.index;
    for (size_t k = 0; ix && k < ix->n; k++) {
        const bookindex_mark *m = &ix->marks[k];
        if (!m->path || !ch->path || strcmp(m->path, ch->path)) continue;
        char *line = util_printf("mark %d %d %s", m->line, m->col, m->dest ? m->dest : "");
        typeset_memo_add(cs, line);
        free(line);
    }
    char *key = util_xstrdup(g_checksum_get_string(cs));
    g_checksum_free(cs);
    return key;
}

void typeset_memo_begin(typeset *t, const char *data_dir, bool allowed)
{
    size_t n = t->in.n;
    world *w = t->w;
    /* MLSD_REUSE=0 lays every chapter out in every pass (the tests compare the two). */
    if (w->env.no_reuse) allowed = false;
    if (!allowed || !data_dir) {
        if (w->memos) g_hash_table_remove_all(w->memos);
        return;
    }
    char *book_key = typeset_memo_book(t, data_dir);
    t->memo_keys = util_xcalloc(n ? n : 1, sizeof *t->memo_keys);
    layout_memo **slots = util_xcalloc(n ? n : 1, sizeof *slots);
    for (size_t i = 0; i < n; i++) {
        if (!t->chapters[i].path) continue; /* not loaded: nothing to keep */
        t->memo_keys[i] = typeset_memo_chapter(t, book_key, i);
        gpointer old = NULL, old_key = NULL;
        /* The memo of the last build (`watch`), when the chapter is still there. */
        if (g_hash_table_steal_extended(w->memos, t->chapters[i].path, &old_key, &old)) {
            slots[i] = old;
            free(old_key);
        }
    }
    free(book_key);
    g_hash_table_remove_all(w->memos); /* chapters no longer in the book */
    t->memos.slots = slots;
    t->memos.keys = (const char *const *)t->memo_keys;
    t->memos.reused = util_xcalloc(n ? n : 1, sizeof *t->memos.reused);
    t->memos.keep_citing = !w->once;
    t->in.memos = &t->memos;
}

void typeset_memo_count(typeset *t)
{
    for (size_t i = 0; i < t->in.n; i++) {
        bool reused = t->in.memos && t->memos.reused[i];
        if (reused) t->reused++;
        else t->laid_out++;
    }
}

void typeset_memo_drop(typeset *t)
{
    for (size_t i = 0; t->memos.slots && i < t->in.n; i++) {
        layout_memo_free(t->memos.slots[i]);
        t->memos.slots[i] = NULL;
    }
}

void typeset_memo_end(typeset *t)
{
    world *w = t->w;
    for (size_t i = 0; t->memos.slots && i < t->in.n; i++) {
        layout_memo *m = t->memos.slots[i];
        if (m && !w->once && t->chapters[i].path && !g_hash_table_contains(w->memos, t->chapters[i].path))
            g_hash_table_insert(w->memos, util_xstrdup(t->chapters[i].path), m);
        else layout_memo_free(m);
    }
    free(t->memos.slots);
    free(t->memos.reused);
    for (size_t i = 0; t->memo_keys && i < t->in.n; i++) free(t->memo_keys[i]);
    free(t->memo_keys);
    memset(&t->memos, 0, sizeof t->memos);
    t->memo_keys = NULL;
    t->in.memos = NULL;
}
