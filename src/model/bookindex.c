#include "bookindex.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "html.h"
#include "util.h"

static char *bookindex_trim(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
    char *r = util_xmalloc(n + 1);
    memcpy(r, s, n);
    r[n] = '\0';
    /* Runs of white space (a marker may span lines) become one space. */
    char *w = r;
    for (const char *p = r; *p; p++) {
        bool ws = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
        if (ws && w > r && w[-1] == ' ') continue;
        *w++ = ws ? ' ' : *p;
    }
    *w = '\0';
    return r;
}

static bool bookindex_room(bookindex *ix, const char *path, int line, int col)
{
    if (ix->n < BOOKINDEX_MAX_MARKS) return true;
    if (!ix->overflowed)
        diag_error(path, line, col, "the book has more than %d index entries; the rest are ignored", BOOKINDEX_MAX_MARKS);
    ix->overflowed = true;
    return false;
}

static bool bookindex_term_ok(const char *t, const char *what, const char *path, int line, int col)
{
    if (!*t) {
        diag_warning(path, line, col, "index marker has an empty %s; it is ignored", what);
        return false;
    }
    long chars = g_utf8_strlen(t, -1);
    if (chars > BOOKINDEX_MAX_TERM) {
        diag_warning(path, line, col, "index %s has %ld characters (the limit is %d); it is ignored", what, chars,
                     BOOKINDEX_MAX_TERM);
        return false;
    }
    return true;
}

/* One entry of a marker: TERM[!SUB][ (| )][| see[ also] TARGET]. */
static bool bookindex_parse_one(bookindex *ix, const char *s, const char *path, int line, int col)
{
    const char *bar = strchr(s, '|');
    char *left = bookindex_trim(s, bar ? (size_t)(bar - s) : strlen(s));
    char *see = NULL;
    bool also = false, ok = true;
    if (bar) {
        char *right = bookindex_trim(bar + 1, strlen(bar + 1));
        if (!strncmp(right, "see also ", 9)) {
            see = bookindex_trim(right + 9, strlen(right + 9));
            also = true;
        } else if (!strncmp(right, "see ", 4)) {
            see = bookindex_trim(right + 4, strlen(right + 4));
        } else {
            diag_report_hint(DIAG_WARNING, path, line, col, "write `<!-- index: term | see other term -->` or `| see also …`",
                             "index marker: expected 'see' or 'see also' after '|', got '%s'", right);
            ok = false;
        }
        free(right);
        if (ok && !bookindex_term_ok(see, "'see' reference", path, line, col)) ok = false;
    }
    bookindex_range range = BOOKINDEX_POINT;
    size_t ll = strlen(left);
    if (ll >= 2 && left[ll - 2] == ' ' && (left[ll - 1] == '(' || left[ll - 1] == ')')) {
        range = left[ll - 1] == '(' ? BOOKINDEX_OPEN : BOOKINDEX_CLOSE;
        left[ll - 2] = '\0';
    } else if (ll == 1 && (left[0] == '(' || left[0] == ')')) {
        left[0] = '\0';
    }
    if (ok && range != BOOKINDEX_POINT && see) {
        diag_warning(path, line, col, "index marker: a 'see' reference has no page range; the '%c' is ignored",
                     range == BOOKINDEX_OPEN ? '(' : ')');
        range = BOOKINDEX_POINT;
    }
    char *bang = strchr(left, '!');
    char *term = bookindex_trim(left, bang ? (size_t)(bang - left) : strlen(left));
    char *sub = bang ? bookindex_trim(bang + 1, strlen(bang + 1)) : NULL;
    if (ok && sub && strchr(sub, '!')) {
        diag_report_hint(DIAG_WARNING, path, line, col, "an entry has one level of sub-entries: `term!sub`",
                         "index marker '%s' has more than one '!'", left);
        ok = false;
    }
    if (ok) ok = bookindex_term_ok(term, "term", path, line, col) && (!sub || bookindex_term_ok(sub, "sub-entry", path, line, col));
    if (ok) ok = bookindex_room(ix, path, line, col);
    if (ok) {
        bookindex_mark *m = UTIL_PUSH(ix->marks, ix->n, ix->cap);
        memset(m, 0, sizeof *m);
        m->term = term;
        m->sub = sub;
        m->see = see;
        m->see_also = also;
        m->range = range;
        m->partner = -1;
        m->path = path;
        m->line = line;
        m->col = col;
    } else {
        free(term);
        free(sub);
        free(see);
    }
    free(left);
    return ok;
}

size_t bookindex_parse(bookindex *ix, const char *spec, const char *path, int line, int col)
{
    size_t added = 0;
    char *all = util_xstrdup(spec);
    /* Entries are separated by ';' (a bounded walk over the marker's bytes). */
    for (char *p = all, *semi; p; p = semi ? semi + 1 : NULL) {
        semi = strchr(p, ';');
        if (semi) *semi = '\0';
        char *one = bookindex_trim(p, strlen(p));
        if (*one || !semi) added += bookindex_parse_one(ix, one, path, line, col);
        free(one);
    }
    free(all);
    return added;
}

/* Line and column of byte `off` of a node's literal. */
static void bookindex_pos(const source_chapter *ch, cmark_node *n, const char *lit, size_t off, int *line, int *col)
{
    source_pos(ch, n, line, col);
    size_t bol = 0;
    int nl = 0;
    for (size_t i = 0; i < off; i++)
        if (lit[i] == '\n') nl++, bol = i + 1;
    if (nl) *col = 1;
    *line += nl;
    for (size_t i = bol; i < off; i++)
        if (((unsigned char)lit[i] & 0xC0) != 0x80) (*col)++;
}

static void bookindex_place(bookindex *ix, size_t from, const void *node, size_t off)
{
    /* The marks of one comment share the destination placed where it stands. */
    const char *dest = NULL;
    for (size_t i = from; i < ix->n; i++) {
        bookindex_mark *m = &ix->marks[i];
        if (m->see) continue;
        m->dest = dest ? util_xstrdup(dest) : util_printf("ix.%zu", i);
        dest = m->dest;
    }
    if (dest) g_hash_table_insert(ix->at, util_printf("%p/%zu", node, off), (void *)dest);
}

/* The comments of an HTML node that start with "index:". */
static void bookindex_comments(bookindex *ix, const source_chapter *ch, cmark_node *n)
{
    const char *lit = cmark_node_get_literal(n);
    if (!lit || !strstr(lit, "index:")) return;
    size_t len = strlen(lit), pos = 0;
    html_token t;
    while (html_next(lit, len, &pos, &t)) {
        if (t.kind != HTML_COMMENT || t.len < 7) continue;
        const char *body = lit + t.start + 4;
        size_t blen = t.len - 4;
        if (!strncmp(body + blen - 3, "-->", 3)) blen -= 3; /* t.len >= 7: blen >= 3 */
        char *text = bookindex_trim(body, blen);
        if (!strncmp(text, "index:", 6)) {
            int line, col;
            bookindex_pos(ch, n, lit, t.start, &line, &col);
            size_t from = ix->n;
            bookindex_parse(ix, text + 6, ch->path, line, col);
            bookindex_place(ix, from, n, t.start);
        }
        free(text);
    }
}

/* A glossary: the bold text opening each list item is a term. */
static void bookindex_glossary_item(bookindex *ix, const source_chapter *ch, cmark_node *item)
{
    cmark_node *para = cmark_node_first_child(item);
    if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) return;
    cmark_node *strong = cmark_node_first_child(para);
    if (!strong || cmark_node_get_type(strong) != CMARK_NODE_STRONG) return;
    char *raw = source_plain_text(strong);
    char *term = bookindex_trim(raw, strlen(raw));
    free(raw);
    int line, col;
    source_pos(ch, strong, &line, &col);
    if (bookindex_term_ok(term, "term", ch->path, line, col) && bookindex_room(ix, ch->path, line, col)) {
        bookindex_mark *m = UTIL_PUSH(ix->marks, ix->n, ix->cap);
        memset(m, 0, sizeof *m);
        m->term = term;
        m->partner = -1;
        m->path = ch->path;
        m->line = line;
        m->col = col;
        bookindex_place(ix, ix->n - 1, strong, 0);
        return;
    }
    free(term);
}

static void bookindex_chapter(bookindex *ix, const source_chapter *ch, bool glossary)
{
    cmark_iter *it = cmark_iter_new(ch->doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE) bookindex_comments(ix, ch, n);
        else if (glossary && t == CMARK_NODE_ITEM) bookindex_glossary_item(ix, ch, n);
    }
    cmark_iter_free(it);
}

/* Pairs each `term (` with the next `term )` of the same entry; a lone one is a point. */
static void bookindex_pair_ranges(bookindex *ix)
{
    for (size_t e = 0; e < ix->n_entries; e++) {
        const bookindex_entry *en = &ix->entries[e];
        long open = -1;
        for (size_t k = 0; k < en->n_marks; k++) {
            bookindex_mark *m = &ix->marks[en->marks[k]];
            if (m->range == BOOKINDEX_OPEN) {
                if (open >= 0) {
                    bookindex_mark *o = &ix->marks[open];
                    diag_warning(o->path, o->line, o->col, "index range '%s (' is opened again before it is closed", o->term);
                    o->range = BOOKINDEX_POINT;
                }
                open = (long)en->marks[k];
            } else if (m->range == BOOKINDEX_CLOSE) {
                if (open < 0) {
                    diag_warning(m->path, m->line, m->col, "index range '%s )' closes no range opened before it", m->term);
                    m->range = BOOKINDEX_POINT;
                    continue;
                }
                ix->marks[open].partner = (long)en->marks[k];
                m->partner = open;
                open = -1;
            }
        }
        if (open >= 0) {
            bookindex_mark *o = &ix->marks[open];
            diag_warning(o->path, o->line, o->col, "index range '%s (' is not closed (add `<!-- index: %s ) -->`)", o->term,
                         o->term);
            o->range = BOOKINDEX_POINT;
        }
    }
}

static int bookindex_entry_cmp(const void *pa, const void *pb)
{
    const bookindex_entry *a = pa, *b = pb;
    int c = bookindex_compare(a->term, b->term);
    if (c) return c;
    if (!a->sub || !b->sub) return (a->sub != NULL) - (b->sub != NULL);
    return bookindex_compare(a->sub, b->sub);
}

static bookindex_entry *bookindex_entry_for(bookindex *ix, GHashTable *by_key, size_t *cap, const char *term, const char *sub)
{
    /* "Feature store" in the glossary and "feature store" in a marker are one entry (spelt as first met). */
    char *ft = g_utf8_casefold(term, -1), *fs = sub ? g_utf8_casefold(sub, -1) : NULL;
    char *key = util_printf("%s\x01%s", ft, fs ? fs : "");
    g_free(ft);
    g_free(fs);
    size_t *found = g_hash_table_lookup(by_key, key);
    if (found) {
        free(key);
        return &ix->entries[*found - 1];
    }
    bookindex_entry *e = UTIL_PUSH(ix->entries, ix->n_entries, *cap);
    memset(e, 0, sizeof *e);
    e->term = term;
    e->sub = sub;
    size_t *at = util_xmalloc(sizeof *at);
    *at = ix->n_entries;
    g_hash_table_insert(by_key, key, at);
    return e;
}

static void bookindex_build_entries(bookindex *ix)
{
    GHashTable *by_key = g_hash_table_new_full(g_str_hash, g_str_equal, free, free);
    size_t cap = 0;
    for (size_t i = 0; i < ix->n; i++) {
        const bookindex_mark *m = &ix->marks[i];
        /* Every term has its main entry; its sub-entries take the main entry's spelling. */
        const char *term = bookindex_entry_for(ix, by_key, &cap, m->term, NULL)->term;
        bookindex_entry *e = bookindex_entry_for(ix, by_key, &cap, term, m->sub);
        *UTIL_PUSH(e->marks, e->n_marks, e->cap_marks) = i;
    }
    g_hash_table_destroy(by_key);
    if (ix->n_entries) qsort(ix->entries, ix->n_entries, sizeof *ix->entries, bookindex_entry_cmp);
}

void bookindex_collect(bookindex *ix, const book *bk, source_chapter *chs, size_t n)
{
    memset(ix, 0, sizeof *ix);
    ix->at = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
    bool *glossary = util_xcalloc(n + 1, sizeof *glossary);
    for (size_t g = 0; g < bk->n_index_glossary; g++) {
        char *path = util_path_join(bk->dir, bk->index_glossary[g]);
        bool found = false;
        for (size_t i = 0; i < n; i++)
            if (!strcmp(bk->chapters[i].path, path)) glossary[i] = found = true;
        if (!found)
            diag_report_hint(DIAG_ERROR, bk->config_path, bk->index_line, bk->index_col,
                             "name a chapter listed under chapters:, as written there",
                             "index glossary '%s' is not a chapter of the book", bk->index_glossary[g]);
        free(path);
    }
    for (size_t i = 0; i < n; i++)
        if (chs[i].doc && !chs[i].failed) bookindex_chapter(ix, &chs[i], glossary[i]);
    free(glossary);
    bookindex_build_entries(ix);
    bookindex_pair_ranges(ix);
    bookindex_texts(ix, &bk->theme);
    ix->enabled = bk->index_mode == BOOK_INDEX_ON || (bk->index_mode == BOOK_INDEX_AUTO && ix->n > 0);
}

void bookindex_free(bookindex *ix)
{
    for (size_t i = 0; i < ix->n; i++) {
        free(ix->marks[i].term);
        free(ix->marks[i].sub);
        free(ix->marks[i].see);
        free(ix->marks[i].dest);
    }
    free(ix->marks);
    for (size_t i = 0; i < ix->n_entries; i++) {
        free(ix->entries[i].marks);
        free(ix->entries[i].letter);
        free(ix->entries[i].see);
        free(ix->entries[i].see_also);
    }
    free(ix->entries);
    if (ix->at) g_hash_table_destroy(ix->at);
    memset(ix, 0, sizeof *ix);
}

const char *bookindex_dest_at(const bookindex *ix, const void *node, size_t offset)
{
    if (!ix || !ix->at || !g_hash_table_size(ix->at)) return NULL;
    char key[64];
    snprintf(key, sizeof key, "%p/%zu", node, offset);
    return g_hash_table_lookup(ix->at, key);
}

char *bookindex_sort_key(const char *term)
{
    char *nfd = g_utf8_normalize(term, -1, G_NORMALIZE_NFD);
    if (!nfd) nfd = util_xstrdup(term);
    char *folded = g_utf8_casefold(nfd, -1);
    free(nfd);
    util_buf b = {0};
    util_buf_adds(&b, "");
    for (const char *p = folded; *p; p = g_utf8_next_char(p)) {
        gunichar u = g_utf8_get_char(p);
        GUnicodeType ty = g_unichar_type(u);
        if (ty == G_UNICODE_NON_SPACING_MARK || ty == G_UNICODE_SPACING_MARK || ty == G_UNICODE_ENCLOSING_MARK) continue;
        if (g_unichar_isalnum(u)) {
            char buf[8];
            util_buf_add(&b, buf, (size_t)g_unichar_to_utf8(u, buf));
        } else if (b.len && b.s[b.len - 1] != ' ') {
            util_buf_addc(&b, ' '); /* word by word: "A/B test" sorts as "a b test" */
        }
    }
    g_free(folded);
    while (b.len && b.s[b.len - 1] == ' ') b.s[--b.len] = '\0';
    return util_buf_steal(&b);
}

int bookindex_compare(const char *a, const char *b)
{
    char *ka = bookindex_sort_key(a), *kb = bookindex_sort_key(b);
    int c = strcmp(ka, kb);
    free(ka);
    free(kb);
    return c ? c : strcmp(a, b);
}

char *bookindex_letter(const char *term)
{
    char *key = bookindex_sort_key(term);
    gunichar u = g_utf8_get_char(key);
    free(key);
    if (!u || !g_unichar_isalpha(u)) return util_xstrdup("");
    char buf[8];
    buf[g_unichar_to_utf8(g_unichar_toupper(u), buf)] = '\0';
    return util_xstrdup(buf);
}

static int bookindex_loc_cmp(const void *pa, const void *pb)
{
    const bookindex_loc *a = pa, *b = pb;
    if (a->first != b->first) return a->first < b->first ? -1 : 1;
    return (a->last > b->last) - (a->last < b->last);
}

size_t bookindex_merge(bookindex_loc *v, size_t n)
{
    if (!n) return 0;
    qsort(v, n, sizeof *v, bookindex_loc_cmp);
    size_t out = 0;
    for (size_t i = 1; i < n; i++) {
        bookindex_loc *cur = &v[out];
        if (v[i].first <= cur->last + 1) {
            if (v[i].last > cur->last) {
                cur->last = v[i].last;
                cur->dest_last = v[i].dest_last;
            }
        } else {
            v[++out] = v[i];
        }
    }
    return out + 1;
}
