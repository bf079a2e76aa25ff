#include "source.h"

#include <cmark-gfm-core-extensions.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "html.h"
#include "mathpos.h"
#include "util.h"
#include "source_int.h"
#include "yamlx.h"

/* The last column source_pos computed: a later position on the same line counts on from there, so
 * positions of many nodes on one long line cost one pass over it, not one pass each. */
struct source_pos_memo {
    int line, bytes, col;
    size_t offset; /* bytes into the line already counted (col is the column at this offset) */
};

typedef struct source_fm_ctx {
    source_chapter *ch;
} source_fm_ctx;

static bool source_fm_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    source_chapter *ch = ((source_fm_ctx *)user)->ch;
    if (!strcmp(key, "title")) {
        ch->title_line = yamlx_line(d, v);
        return yamlx_string(d, v, key, &ch->title);
    }
    if (!strcmp(key, "short_title")) {
        ch->short_title_line = yamlx_line(d, v);
        return yamlx_string(d, v, key, &ch->short_title);
    }
    if (!strcmp(key, "kind")) {
        ch->kind_line = yamlx_line(d, v);
        return yamlx_string(d, v, key, &ch->kind);
    }
    if (!strcmp(key, "summary")) return yamlx_string(d, v, key, &ch->summary);
    if (!strcmp(key, "numbering")) {
        char *val = NULL;
        if (!yamlx_string(d, v, key, &val)) return false;
        bool ok = true;
        if (!strcmp(val, "numbered")) ch->numbering = SOURCE_NUMBERED;
        else if (!strcmp(val, "unnumbered")) ch->numbering = SOURCE_UNNUMBERED;
        else if (!strcmp(val, "appendix")) ch->numbering = SOURCE_APPENDIX;
        else {
            diag_report_hint(DIAG_ERROR, d->path, yamlx_line(d, v), yamlx_col(d, v), "use numbered, unnumbered or appendix",
                             "numbering: unknown value '%s'", val);
            ok = false;
        }
        free(val);
        return ok;
    }
    if (!strcmp(key, "variables")) return calc_collect_yaml(d, v, "variables", &ch->var_defs, &ch->n_var_defs, &ch->cap_var_defs);
    diag_report_hint(DIAG_WARNING, d->path, yamlx_line(d, k), yamlx_col(d, k), "front matter keys: title, short_title, kind, summary, numbering, variables",
                     "unknown front matter key '%s' (ignored)", key);
    return true;
}

/* Returns the body offset; fills line_offset. Reports malformed front matter. */
static size_t source_front_matter(source_chapter *ch, size_t len, bool *ok)
{
    const char *t = ch->text;
    size_t bom = !strncmp(t, "\xef\xbb\xbf", 3) ? 3 : 0; /* a UTF-8 byte-order mark is allowed */
    t += bom;
    size_t first = 0;
    if (!strncmp(t, "---\n", 4)) first = 4 + bom;
    else if (!strncmp(t, "---\r\n", 5)) first = 5 + bom;
    t = ch->text;
    if (!first) return 0; /* plain Markdown: the title comes from the first heading */
    ch->has_front_matter = true;
    size_t p = first;
    int lines = 1;
    while (p < len) {
        const char *eol = memchr(t + p, '\n', len - p);
        size_t ll = eol ? (size_t)(eol - (t + p)) : len - p;
        size_t l2 = ll && t[p + ll - 1] == '\r' ? ll - 1 : ll;
        if ((l2 == 3 && (!strncmp(t + p, "---", 3) || !strncmp(t + p, "...", 3)))) {
            yamlx_doc d;
            if (yamlx_load(&d, ch->path, t + first, p - first, 1)) {
                yaml_node_t *root = yamlx_root(&d);
                source_fm_ctx ctx = {ch};
                if (!root) diag_error(ch->path, 2, 1, "front matter is empty");
                else if (!yamlx_each_pair(&d, root, "front matter", source_fm_pair, &ctx)) *ok = false;
                yamlx_free(&d);
            } else {
                *ok = false;
            }
            ch->line_offset = lines + 1;
            return eol ? p + ll + 1 : len;
        }
        lines++;
        p += ll + (eol ? 1 : 0);
    }
    diag_report_hint(DIAG_ERROR, ch->path, 1, 1, "close the front matter with a line '---'", "front matter is not closed");
    *ok = false;
    return 0;
}

char *source_slug(const char *text)
{
    gchar *lower = g_utf8_strdown(text, -1);
    util_buf b = {0};
    for (const gchar *p = lower; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == ' ') util_buf_addc(&b, '-');
        else if (c == '-' || c == '_' || g_unichar_isalnum(c) || g_unichar_ismark(c))
            util_buf_add(&b, p, (size_t)(g_utf8_next_char(p) - p));
    }
    g_free(lower);
    return util_buf_steal(&b);
}

static void source_plain_into(cmark_node *n, util_buf *b)
{
    for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
        cmark_node_type t = cmark_node_get_type(c);
        if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) util_buf_adds(b, cmark_node_get_literal(c));
        else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) util_buf_addc(b, ' ');
        else source_plain_into(c, b);
    }
}

char *source_plain_text(cmark_node *n)
{
    util_buf b = {0};
    source_plain_into(n, &b);
    return util_buf_steal(&b);
}

bool source_has_id(const source_chapter *ch, const char *id)
{
    return ch->ids && g_hash_table_contains(ch->ids, id);
}

/* "Title {#my-id}" in the heading's last text node: strip it and return the id. */
static char *source_explicit_id(cmark_node *heading)
{
    cmark_node *last = cmark_node_last_child(heading);
    if (!last || cmark_node_get_type(last) != CMARK_NODE_TEXT) return NULL;
    const char *lit = cmark_node_get_literal(last);
    size_t len = strlen(lit);
    while (len && lit[len - 1] == ' ') len--;
    if (len < 4 || lit[len - 1] != '}') return NULL;
    const char *open = NULL;
    for (size_t i = len; i-- > 0;)
        if (lit[i] == '{') { open = lit + i; break; }
    if (!open || open[1] != '#' || (size_t)(lit + len - 1 - (open + 2)) == 0) return NULL;
    for (const char *q = open + 2; q < lit + len - 1; q++)
        if (!(g_ascii_isalnum(*q) || *q == '-' || *q == '_' || *q == '.' || *q == ':')) return NULL;
    char *id = util_xstrndup(open + 2, (size_t)(lit + len - 1 - (open + 2)));
    size_t keep = (size_t)(open - lit);
    while (keep && lit[keep - 1] == ' ') keep--;
    char *rest = util_xstrndup(lit, keep);
    cmark_node_set_literal(last, rest);
    free(rest);
    return id;
}

static void source_add_id(source_chapter *ch, cmark_node *n, char *id, bool explicit_id)
{
    int line, col;
    source_pos(ch, n, &line, &col);
    if (source_has_id(ch, id)) {
        if (explicit_id) {
            diag_error(ch->path, line, col, "duplicate id '%s' in this chapter", id);
        } else {
            /* GFM: the first free "slug-N", N = 1, 2, …  Ids are never removed, so the search for a
             * slug resumes where the last one ended: each N is tried once per slug. */
            if (!ch->id_suffix) ch->id_suffix = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
            int k = GPOINTER_TO_INT(g_hash_table_lookup(ch->id_suffix, id));
            if (k < 1) k = 1;
            char *alt = util_printf("%s-%d", id, k);
            while (source_has_id(ch, alt)) {
                free(alt);
                alt = util_printf("%s-%d", id, ++k);
            }
            g_hash_table_insert(ch->id_suffix, id, GINT_TO_POINTER(k + 1));
            id = alt;
        }
    }
    g_hash_table_add(ch->ids, id);
    if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
        size_t cap = ch->n_headings;
        source_heading *h = UTIL_PUSH(ch->headings, ch->n_headings, cap);
        h->level = cmark_node_get_heading_level(n);
        h->text = source_plain_text(n);
        h->id = id;
        h->explicit_id = explicit_id;
        h->node = n;
    } else {
        size_t cap = ch->n_anchors;
        source_anchor *a = UTIL_PUSH(ch->anchors, ch->n_anchors, cap);
        a->id = id;
        a->node = n;
    }
}

static size_t source_count_words(const char *s)
{
    size_t n = 0;
    bool in = false;
    for (; *s; s++) {
        bool w = !(*s == ' ' || *s == '\n' || *s == '\t');
        if (w && !in) n++;
        in = w;
    }
    return n;
}

static bool source_too_deep(cmark_node *n, int depth)
{
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_LIST) return depth + 1 > SOURCE_MAX_DEPTH;
    bool container = t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_EMPH || t == CMARK_NODE_STRONG ||
                     t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE || t == CMARK_NODE_STRIKETHROUGH;
    return container && depth > SOURCE_MAX_DEPTH;
}

/* Moves the children of `from` before `before`; false when cmark refuses one. */
static bool source_move_children(cmark_node *from, cmark_node *before)
{
    for (cmark_node *c = cmark_node_first_child(from), *next; c; c = next) {
        next = cmark_node_next(c);
        if (!cmark_node_insert_before(before, c)) return false;
    }
    return true;
}

/* Replaces n by its content: a block quote's blocks, a list's items' blocks, an
 * inline container's inlines. Each node moves once: its new parent is never too deep. */
static bool source_unwrap(cmark_node *n)
{
    bool ok = true;
    if (cmark_node_get_type(n) == CMARK_NODE_LIST)
        for (cmark_node *item = cmark_node_first_child(n); item && ok; item = cmark_node_next(item))
            ok = source_move_children(item, n);
    else
        ok = source_move_children(n, n);
    if (ok) cmark_node_free(n); /* unlinks it */
    return ok;
}

/* Content nested deeper than SOURCE_MAX_DEPTH is flattened, once, with a warning:
 * its text stays, its deeper structure goes, and nothing recursive that walks the
 * tree later (layout, checks) goes deeper than a few levels past the bound. A walk
 * with parent pointers, no recursion; each node is visited and moved at most once
 * more, so the work is linear in the size of the tree. */
static void source_flatten(source_chapter *ch)
{
    cmark_node *n = ch->doc;
    int depth = 1;
    bool warned = false;
    while (n) {
        if (source_too_deep(n, depth)) {
            if (!warned) {
                int line, col;
                source_pos(ch, n, &line, &col);
                diag_warning(ch->path, line, col, "content nested more than %d levels deep; deeper levels are flattened",
                             SOURCE_MAX_DEPTH);
                warned = true;
            }
            cmark_node *parent = cmark_node_parent(n), *prev = cmark_node_previous(n);
            if (source_unwrap(n)) {
                n = prev ? cmark_node_next(prev) : cmark_node_first_child(parent);
                if (n) continue; /* the moved content, visited at the same depth */
                n = parent;
                depth--;
                goto ascend;
            }
        }
        if (cmark_node_first_child(n)) {
            n = cmark_node_first_child(n);
            depth++;
            continue;
        }
    ascend:
        while (n != ch->doc && !cmark_node_next(n)) {
            n = cmark_node_parent(n);
            depth--;
        }
        if (n == ch->doc) break;
        n = cmark_node_next(n);
    }
}

/* Indexes ids and words. */
static bool source_index(source_chapter *ch)
{
    ch->ids = g_hash_table_new(g_str_hash, g_str_equal);
    ch->html_blocks = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, free);
    cmark_iter *it = cmark_iter_new(ch->doc);
    cmark_event_type ev;
    size_t footnotes = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (ev == CMARK_EVENT_EXIT) continue;
        if ((t == CMARK_NODE_HEADING && ch->n_headings >= SOURCE_MAX_HEADINGS) ||
            (t == CMARK_NODE_FOOTNOTE_DEFINITION && ++footnotes > SOURCE_MAX_FOOTNOTES)) {
            int line, col;
            source_pos(ch, n, &line, &col);
            diag_error(ch->path, line, col, "chapter has more than %d %s (the limit is %d)",
                       t == CMARK_NODE_HEADING ? SOURCE_MAX_HEADINGS : SOURCE_MAX_FOOTNOTES,
                       t == CMARK_NODE_HEADING ? "headings" : "footnotes",
                       t == CMARK_NODE_HEADING ? SOURCE_MAX_HEADINGS : SOURCE_MAX_FOOTNOTES);
            cmark_iter_free(it);
            return false;
        }
        if (t == CMARK_NODE_HEADING) {
            char *txt = source_plain_text(n);
            long chars = g_utf8_strlen(txt, -1);
            free(txt);
            if (chars > UTIL_MAX_TITLE) {
                int line, col;
                source_pos(ch, n, &line, &col);
                diag_error(ch->path, line, col, "heading has %ld characters (the limit is %d)", chars, UTIL_MAX_TITLE);
                cmark_iter_free(it);
                return false;
            }
            char *id = source_explicit_id(n);
            bool explicit_id = id != NULL;
            if (!id) {
                char *plain = source_plain_text(n);
                id = source_slug(plain);
                free(plain);
            }
            source_add_id(ch, n, id, explicit_id);
        } else if (t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_HTML_BLOCK) {
            if (t == CMARK_NODE_HTML_BLOCK) source_html_tables(ch, n);
            const char *lit = cmark_node_get_literal(n);
            size_t len = strlen(lit), pos = 0;
            html_token tok;
            while (html_next(lit, len, &pos, &tok)) {
                if (tok.kind != HTML_TAG || tok.closing || strcmp(tok.name, "a")) continue;
                char *id = html_attr(lit, &tok, "id");
                if (!id) id = html_attr(lit, &tok, "name");
                if (id && *id) source_add_id(ch, n, id, true);
                else free(id);
            }
        } else if (t == CMARK_NODE_TABLE) {
            source_add_table_caption(ch, n, n, n);
        } else if (t == CMARK_NODE_IMAGE) {
            source_image(ch, n);
        } else if (t == CMARK_NODE_CODE_BLOCK) {
            source_add_diagram_caption(ch, n);
        } else if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
            ch->words += source_count_words(cmark_node_get_literal(n));
        }
    }
    cmark_iter_free(it);
    return true;
}

/* A chapter without a title in front matter takes its first heading's text when that heading is level 1
 * or the chapter's first block; with one, a first level-1 heading that repeats it is the title too. The
 * heading is then removed, so the title is not printed twice (nor numbered as a section). */
static void source_title_from_heading(source_chapter *ch)
{
    cmark_node *first = cmark_node_first_child(ch->doc), *h = NULL;
    for (cmark_node *n = first; n; n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) != CMARK_NODE_HEADING) continue;
        if (n == first || cmark_node_get_heading_level(n) == 1) h = n;
        break;
    }
    char *text = h ? source_plain_text(h) : NULL;
    if (!h || !*g_strstrip(text) || (ch->title && (cmark_node_get_heading_level(h) != 1 || strcmp(text, ch->title)))) {
        free(text);
        return;
    }
    char *id = source_explicit_id(h); /* strips "{#id}" from the heading's text */
    if (id) text = g_strstrip((free(text), source_plain_text(h)));
    /* Links to the heading's id now lead to the chapter's start. */
    ch->title_id = id ? id : source_slug(text);
    if (ch->title) free(text);
    else ch->title = text;
    ch->title_line = ch->title_line ? ch->title_line : cmark_node_get_start_line(h);
    cmark_node_unlink(h);
    cmark_node_free(h);
}

static void source_index_lines(source_chapter *ch, size_t len)
{
    size_t cap = 0;
    *UTIL_PUSH(ch->line_starts, ch->n_lines, cap) = 0;
    ch->pos_memo = util_xcalloc(1, sizeof *ch->pos_memo);
    for (size_t i = 0; i < len; i++)
        if (ch->text[i] == '\n') *UTIL_PUSH(ch->line_starts, ch->n_lines, cap) = i + 1;
}

/* Guards cmark-gfm and the shaper against hostile text before parsing: too many unclosed '[' in one block
 * of lines (up to a blank line), too many combining marks on one character. Reports the first. */
static bool source_guard(const source_chapter *ch, size_t body, size_t len)
{
    size_t brackets = 0, marks = 0;
    bool line_blank = true;
    for (size_t i = body; i < len;) {
        unsigned char b = (unsigned char)ch->text[i];
        const char *what = NULL;
        int limit = 0;
        if (b == '\n') {
            if (line_blank) brackets = 0;
            line_blank = true;
        } else if (b != ' ' && b != '\t' && b != '\r') {
            line_blank = false;
        }
        if (b == ']' && brackets > 0) brackets--;
        if (b == '[' && ++brackets > SOURCE_MAX_BRACKETS) {
            what = "unclosed '[' brackets in one paragraph";
            limit = SOURCE_MAX_BRACKETS;
        }
        size_t next = b < 0x80 ? i + 1 : (size_t)(g_utf8_next_char(ch->text + i) - ch->text);
        if (b >= 0x80) {
            GUnicodeType t = g_unichar_type(g_utf8_get_char(ch->text + i));
            bool mark = t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_ENCLOSING_MARK || t == G_UNICODE_SPACING_MARK;
            marks = mark ? marks + 1 : 0;
            if (marks > SOURCE_MAX_MARKS) {
                what = "combining marks on one character";
                limit = SOURCE_MAX_MARKS;
            }
        } else {
            marks = 0;
        }
        if (what) {
            int l, c;
            util_line_col(ch->text, i, &l, &c);
            diag_error(ch->path, l, c, "more than %d %s (the limit is %d)", limit, what, limit);
            return false;
        }
        i = next > len ? len : next;
    }
    return true;
}

bool source_load(source_chapter *ch, const char *path, const char *display_path)
{
    return source_load_in(ch, NULL, path, display_path);
}

bool source_load_in(source_chapter *ch, files *fs, const char *path, const char *display_path)
{
    memset(ch, 0, sizeof *ch);
    ch->path = util_xstrdup(display_path);
    ch->file = util_xstrdup(util_path_base(path));
    ch->slug = util_path_stem(path);
    size_t len = 0;
    util_read_status st = UTIL_READ_OK;
    GBytes *bytes = files_read(fs, path, SOURCE_MAX_BYTES, &st, &ch->hash);
    if (bytes) {
        /* The chapter's own copy: it is edited in place (noncharacters replaced). */
        gsize n = 0;
        const char *data = g_bytes_get_data(bytes, &n);
        len = n;
        ch->text = util_xmalloc(len + 1);
        if (len) memcpy(ch->text, data, len);
        ch->text[len] = '\0';
        g_bytes_unref(bytes);
    }
    if (st == UTIL_READ_TOO_LARGE) {
        diag_error(ch->path, 0, 0, "file too large to be a chapter (the limit is %d MiB)", SOURCE_MAX_BYTES >> 20);
        return false;
    }
    if (st != UTIL_READ_OK) {
        diag_error(ch->path, 0, 0, "cannot read chapter: %s", util_read_status_str(st));
        return false;
    }
    long bad = util_utf8_invalid_at(ch->text, len);
    if (bad >= 0) {
        int l, c;
        util_line_col(ch->text, (size_t)bad, &l, &c);
        diag_report_hint(DIAG_ERROR, ch->path, l, c, "save the file as UTF-8", "chapter is not valid UTF-8 text (byte 0x%02x)",
                         (unsigned char)ch->text[bad]);
        return false;
    }
    diag_fix_nonchars(ch->path, ch->text, &len);
    source_index_lines(ch, len);
    bool ok = true;
    size_t body = source_front_matter(ch, len, &ok);
    if (ok && ch->has_front_matter && !ch->title) {
        diag_report_hint(DIAG_ERROR, ch->path, 1, 1, "add 'title: …' to the front matter, or remove the front matter to take the title from the first heading",
                         "front matter has no 'title'");
        ok = false;
    }
    /* The body is parsed even after front-matter errors, so links into this
     * chapter still resolve and report nothing false. */
    mathext_ensure_registered();
    cmark_parser *p = cmark_parser_new(CMARK_OPT_FOOTNOTES | CMARK_OPT_SMART);
    static const char *exts[] = {"table", "strikethrough", "tasklist", "autolink", "math"};
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
        if (e) cmark_parser_attach_syntax_extension(p, e);
    }
    if (source_guard(ch, body, len)) cmark_parser_feed(p, ch->text + body, len - body);
    else ok = false;
    ch->doc = cmark_parser_finish(p);
    cmark_parser_free(p);
    source_flatten(ch);
    source_title_from_heading(ch);
    if (ch->title && g_utf8_strlen(ch->title, -1) > UTIL_MAX_TITLE) {
        diag_error(ch->path, ch->title_line + (ch->has_front_matter ? 0 : ch->line_offset), 1,
                   "the chapter's title has %ld characters (the limit is %d)", g_utf8_strlen(ch->title, -1), UTIL_MAX_TITLE);
        ok = false;
    }
    if (ch->short_title && g_utf8_strlen(ch->short_title, -1) > UTIL_MAX_TITLE) {
        diag_error(ch->path, ch->short_title_line, 1, "the chapter's short_title has %ld characters (the limit is %d)",
                   g_utf8_strlen(ch->short_title, -1), UTIL_MAX_TITLE);
        ok = false;
    }
    if (ch->short_title && !*ch->short_title) {
        free(ch->short_title); /* empty: the running head takes the title */
        ch->short_title = NULL;
    }
    if (!source_index(ch)) ok = false;
    if (!ch->title) ch->title = util_xstrdup(ch->slug);
    ch->failed = !ok;
    return ok;
}

void source_free(source_chapter *ch)
{
    if (ch->model && ch->model_free) ch->model_free(ch->model); /* refers to the AST: goes first */
    free(ch->path);
    free(ch->file);
    free(ch->slug);
    free(ch->title);
    free(ch->short_title);
    free(ch->title_id);
    free(ch->kind);
    free(ch->summary);
    for (size_t i = 0; i < ch->n_var_defs; i++) calc_src_free(&ch->var_defs[i]);
    free(ch->var_defs);
    free(ch->text);
    if (ch->doc) cmark_node_free(ch->doc);
    free(ch->number);
    for (size_t i = 0; i < ch->n_headings; i++) {
        free(ch->headings[i].number);
        free(ch->headings[i].text);
        free(ch->headings[i].id);
    }
    free(ch->headings);
    for (size_t i = 0; i < ch->n_anchors; i++) free(ch->anchors[i].id);
    free(ch->anchors);
    for (size_t i = 0; i < ch->n_captions; i++) {
        free(ch->captions[i].id);
        free(ch->captions[i].text);
        free(ch->captions[i].number);
    }
    free(ch->captions);
    for (size_t i = 0; i < ch->n_image_attrs; i++) free(ch->image_attrs[i].id);
    free(ch->image_attrs);
    if (ch->ids) g_hash_table_destroy(ch->ids);
    for (size_t i = 0; i < ch->n_htmltables; i++) htmltable_free(&ch->htmltables[i].t);
    free(ch->htmltables);
    if (ch->html_blocks) g_hash_table_destroy(ch->html_blocks);
    if (ch->id_suffix) g_hash_table_destroy(ch->id_suffix);
    free(ch->line_starts);
    free(ch->pos_memo);
    memset(ch, 0, sizeof *ch);
}

void source_pos(const source_chapter *ch, cmark_node *n, int *line, int *col)
{
    for (; n; n = cmark_node_parent(n)) {
        int l = cmark_node_get_start_line(n);
        if (l > 0) {
            /* cmark counts bytes; diagnostics count characters. */
            int bytes = cmark_node_get_start_column(n);
            mathpos_fix(n, &l, &bytes); /* after a $$…$$ over several lines */
            *line = l + ch->line_offset;
            *col = 1;
            if ((size_t)*line <= ch->n_lines && bytes > 1) {
                const char *p = ch->text + ch->line_starts[*line - 1];
                struct source_pos_memo *m = ch->pos_memo;
                size_t i = 0;
                if (m && m->line == *line && m->bytes <= bytes) {
                    i = m->offset;
                    *col = m->col;
                }
                for (; i < (size_t)bytes - 1 && p[i] && p[i] != '\n'; i++)
                    if (((unsigned char)p[i] & 0xC0) != 0x80) (*col)++;
                if (m) *m = (struct source_pos_memo){.line = *line, .bytes = bytes, .col = *col, .offset = i};
            }
            return;
        }
    }
    *line = ch->line_offset + 1;
    *col = 1;
}
