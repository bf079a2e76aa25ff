/* check — the book's structure rules: chapter kinds and their sections in
 * order, required elements, heading levels, ids, links, images, empty
 * sections, and chapter files the book does not list. */
#define _DEFAULT_SOURCE
#include "check.h"
#include "diagram.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>
#include <unistd.h>

#include <cmark-gfm-core-extensions.h>

#include "diag.h"
#include "html.h"
#include "mermaid.h"
#include "util.h"
#include "xref.h"

typedef struct check_ctx {
    const book *bk;
    source_chapter *chs;
    size_t n;
    const kinds *kinds;
    source_chapter *ch;
} check_ctx;

/* Problems that do not stop typesetting are errors in chapters of a kind (the
 * book's own rules) and warnings in plain Markdown taken as it is. */
static diag_level check_severity(const check_ctx *c) { return c->ch->kind ? DIAG_ERROR : DIAG_WARNING; }

static void check_pos(const check_ctx *c, cmark_node *n, int *line, int *col) { source_pos(c->ch, n, line, col); }

/* ---- links and images ---- */

static void check_link(check_ctx *c, const char *url, cmark_node *n)
{
    int line, col;
    check_pos(c, n, &line, &col);
    xref_target t;
    xref_resolve(c->chs, c->n, c->ch, url, &t);
    switch (t.kind) {
    case XREF_EMPTY:
        diag_warning(c->ch->path, line, col, "link has an empty target");
        break;
    case XREF_LOCAL_FILE:
        diag_warning(c->ch->path, line, col, "link to local file '%s' cannot be followed in the PDF", t.file);
        break;
    case XREF_NO_CHAPTER:
        diag_report_hint(check_severity(c), c->ch->path, line, col, "link to a chapter listed in book.yaml",
                         "unknown link target '%s': no such chapter in the book", url);
        break;
    case XREF_NO_ID:
        diag_report_hint(check_severity(c), c->ch->path, line, col,
                         "ids are GitHub-style heading slugs (\"How it works\" \xe2\x86\x92 how-it-works) or {#id} after a heading",
                         "unknown link target '%s': no heading or anchor '%s' in %s", url, t.id, t.chapter->file);
        break;
    case XREF_EXTERNAL:
    case XREF_INTERNAL:
        break;
    }
    xref_free(&t);
}

/* True when a node holds only images, links around images and white space. */
static bool check_only_images(cmark_node *n)
{
    for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k)) {
        cmark_node_type t = cmark_node_get_type(k);
        if (t == CMARK_NODE_IMAGE || t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) continue;
        if (t == CMARK_NODE_LINK && check_only_images(k)) continue;
        if (t == CMARK_NODE_TEXT && !cmark_node_get_literal(k)[strspn(cmark_node_get_literal(k), " \t")]) continue;
        if (t == CMARK_NODE_HTML_INLINE) continue;
        return false;
    }
    return true;
}

/* A badge: a status image from a badge service, or a remote image in a paragraph
 * of nothing but images (the row of badges under a README's title). */
static bool check_is_badge(const char *src, cmark_node *n)
{
    static const char *const hosts[] = {"shields.io", "badge", "badgen.net", "travis-ci", "codecov.io", "circleci.com",
                                        "/workflows/", "coveralls.io", "readthedocs.org"};
    for (size_t i = 0; i < sizeof hosts / sizeof *hosts; i++)
        if (strstr(src, hosts[i])) return true;
    cmark_node *para = n;
    while (para && cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) para = cmark_node_parent(para);
    return para && check_only_images(para);
}

static void check_image(check_ctx *c, const char *src, cmark_node *n)
{
    int line, col;
    check_pos(c, n, &line, &col);
    if (!src || !*src) {
        diag_warning(c->ch->path, line, col, "image has no source");
        return;
    }
    if (strstr(src, "://") || !strncmp(src, "//", 2) || !strncmp(src, "data:", 5)) {
        /* Shown as their alt text; badges (a row of small status images) quietly. */
        if (!check_is_badge(src, n)) diag_warning(c->ch->path, line, col, "remote image is not fetched (its alt text is shown): %s", src);
        return;
    }
    char *dir = util_path_dir(c->ch->path);
    char *path = util_path_join(dir, src);
    if (util_path_is_loop(path)) diag_warning(c->ch->path, line, col, "image is a symbolic link loop: %s", path);
    else if (!util_path_exists(path)) diag_warning(c->ch->path, line, col, "image not found: %s", path);
    else if (util_is_dir(path)) diag_warning(c->ch->path, line, col, "cannot read image: %s (a directory)", path);
    else if (!util_path_inside(path, c->bk->root))
        diag_report_hint(DIAG_ERROR, c->ch->path, line, col, "images are read only from the book's folder; set 'root:' in book.yaml to widen it",
                         "image '%s' is outside the book's folder (%s)", src, c->bk->root);
    else if (!util_is_file(path)) diag_warning(c->ch->path, line, col, "cannot read image: %s (not a regular file)", path);
    else if (access(path, R_OK) != 0) diag_warning(c->ch->path, line, col, "cannot read image: %s", path);
    free(dir);
    free(path);
}

static void check_html(check_ctx *c, cmark_node *n)
{
    const char *lit = cmark_node_get_literal(n);
    size_t len = strlen(lit), pos = 0;
    html_token t;
    while (html_next(lit, len, &pos, &t)) {
        if (t.kind != HTML_TAG || t.closing) continue;
        if (!strcmp(t.name, "a")) {
            char *href = html_attr(lit, &t, "href");
            if (href && *href) check_link(c, href, n);
            free(href);
        } else if (!strcmp(t.name, "img")) {
            char *src = html_attr(lit, &t, "src");
            if (src && *src) check_image(c, src, n);
            free(src);
        }
    }
}

/* A ```mermaid block: the translator's errors and warnings at their places in the chapter
 * (the block's text starts on the line after the fence, at the fence's column). */
static bool check_mermaid(check_ctx *c, cmark_node *n, int line, int col, char **dot)
{
    mermaid_result r;
    /* With the book's theme, as the build translates it: the same DOT, the same bounds. */
    mermaid_translate(cmark_node_get_literal(n), &c->bk->theme, &r);
    for (size_t i = 0; i < r.n_diags; i++) {
        const mermaid_diag *d = &r.diags[i];
        if (d->error) diag_error(c->ch->path, line + d->line, col - 1 + d->col, "mermaid: %s", d->msg);
        else diag_warning(c->ch->path, line + d->line, col - 1 + d->col, "mermaid: %s", d->msg);
    }
    *dot = r.dot;
    r.dot = NULL;
    mermaid_result_free(&r);
    return *dot != NULL;
}

/* A ```dot block (or the DOT a ```mermaid flowchart makes): the same syntax and safety errors the build gives. */
static void check_diagram(check_ctx *c, cmark_node *n)
{
    diagram_fence_kind fence = diagram_fence(cmark_node_get_fence_info(n));
    if (fence == DIAGRAM_FENCE_NONE) return;
    int line, col;
    check_pos(c, n, &line, &col);
    char *made = NULL;
    if (fence == DIAGRAM_FENCE_MERMAID && !check_mermaid(c, n, line, col, &made)) return;
    const char *dot = made ? made : cmark_node_get_literal(n);
    char *error = NULL;
    int err_line = 0;
    if (!diagram_check(dot ? dot : "", &error, &err_line)) {
        /* The DOT text starts on the line after the opening fence. */
        if (err_line > 0 && !made) {
            line += err_line;
            col = 1;
        }
        diag_error(c->ch->path, line, col, "diagram: %s", error);
    }
    free(error);
    free(made);
}

static void check_links_and_images(check_ctx *c)
{
    cmark_iter *it = cmark_iter_new(c->ch->doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (t == CMARK_NODE_LINK) check_link(c, cmark_node_get_url(n), n);
        else if (t == CMARK_NODE_IMAGE) check_image(c, cmark_node_get_url(n), n);
        else if (t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_HTML_BLOCK) check_html(c, n);
        else if (t == CMARK_NODE_CODE_BLOCK) check_diagram(c, n);
    }
    cmark_iter_free(it);
}

/* ---- headings and sections ---- */

static void check_heading_levels(check_ctx *c)
{
    int prev = 1; /* the chapter title */
    for (size_t i = 0; i < c->ch->n_headings; i++) {
        const source_heading *h = &c->ch->headings[i];
        if (h->level > prev + 1) {
            int line, col;
            check_pos(c, h->node, &line, &col);
            diag_report_hint(check_severity(c), c->ch->path, line, col, "use one more '#' than the heading above it",
                             "heading level skips from %d to %d: '%s'", prev, h->level, h->text);
        }
        prev = h->level;
    }
}

/* True when a block holds something other than HTML comments. */
static bool check_has_content(cmark_node *n)
{
    if (cmark_node_get_type(n) != CMARK_NODE_HTML_BLOCK) return true;
    const char *lit = cmark_node_get_literal(n);
    size_t len = strlen(lit), pos = 0;
    html_token t;
    while (html_next(lit, len, &pos, &t)) {
        if (t.kind == HTML_COMMENT) continue;
        if (t.kind == HTML_TEXT && strspn(lit + t.start, " \t\r\n") >= t.len) continue;
        return true;
    }
    return false;
}

/* What a run of blocks contains, as kind_needs bits. */
static unsigned check_elements(const source_chapter *ch, cmark_node *from, cmark_node *to)
{
    unsigned have = 0;
    for (cmark_node *b = from; b && b != to; b = cmark_node_next(b)) {
        cmark_iter *it = cmark_iter_new(b);
        cmark_event_type ev;
        while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
            if (ev != CMARK_EVENT_ENTER) continue;
            cmark_node *n = cmark_iter_get_node(it);
            cmark_node_type t = cmark_node_get_type(n);
            const char *ts = cmark_node_get_type_string(n);
            const source_html_block *hb = t == CMARK_NODE_HTML_BLOCK ? source_find_html_block(ch, n) : NULL;
            if (t == CMARK_NODE_TABLE || (hb && hb->n)) have |= KIND_NEEDS_TABLE; /* GFM or HTML */
            else if (t == CMARK_NODE_IMAGE) have |= KIND_NEEDS_DIAGRAM;
            else if (t == CMARK_NODE_CODE_BLOCK) {
                const char *info = cmark_node_get_fence_info(n);
                if (diagram_fence_caption(info, cmark_node_get_literal(n))) have |= KIND_NEEDS_DIAGRAM;
                else have |= KIND_NEEDS_CODE;
            } else if (ts && !strcmp(ts, "tasklist")) {
                have |= KIND_NEEDS_TASKLIST;
            } else if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
                for (const char *p = cmark_node_get_literal(n); *p; p++)
                    if (isdigit((unsigned char)*p)) have |= KIND_NEEDS_NUMBERS;
            }
        }
        cmark_iter_free(it);
    }
    return have;
}

typedef struct check_section {
    const source_heading *h;
    cmark_node *end; /* the next `#`/`##` heading, or NULL */
} check_section;

static void check_sections(check_ctx *c, const kind *kd)
{
    source_chapter *ch = c->ch;
    /* The chapter's sections: `##` headings (a body `#` counts as one too). */
    check_section *secs = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < ch->n_headings; i++)
        if (ch->headings[i].level <= 2) UTIL_PUSH(secs, n, cap)->h = &ch->headings[i];
    for (size_t i = 0; i < n; i++) secs[i].end = i + 1 < n ? secs[i + 1].h->node : NULL;

    /* Empty sections: nothing between a heading and the next heading of any level. */
    for (size_t i = 0; i < ch->n_headings; i++) {
        const source_heading *h = &ch->headings[i];
        bool content = false;
        for (cmark_node *b = cmark_node_next(h->node); b && cmark_node_get_type(b) != CMARK_NODE_HEADING && !content;
             b = cmark_node_next(b))
            content = check_has_content(b);
        cmark_node *next = cmark_node_next(h->node);
        /* A heading directly followed by a deeper one is not empty: its subsections are its content. */
        bool nested = next && cmark_node_get_type(next) == CMARK_NODE_HEADING && cmark_node_get_heading_level(next) > h->level;
        if (!content && !nested) {
            int line, col;
            check_pos(c, h->node, &line, &col);
            diag_report_hint(DIAG_WARNING, ch->path, line, col, "write the section, or remove it", "section '%s' is empty",
                             h->text);
        }
    }
    if (!kd || kd->free) {
        free(secs);
        return;
    }
    /* Required sections, in order. */
    size_t at = 0;
    const source_heading *prev = NULL;
    for (size_t r = 0; r < kd->n_sections; r++) {
        const kind_section *req = &kd->sections[r];
        size_t found = n;
        for (size_t i = 0; i < n; i++)
            if (!strcmp(secs[i].h->text, req->title)) {
                found = i;
                if (i >= at) break;
            }
        int line, col;
        if (found == n) {
            if (prev) check_pos(c, prev->node, &line, &col);
            else {
                line = ch->title_line > 0 ? ch->title_line : 1;
                col = 1;
            }
            util_buf hint = {0};
            util_buf_printf(&hint, "a %s chapter has, in order: ", kd->name);
            for (size_t k = 0; k < kd->n_sections; k++)
                util_buf_printf(&hint, "%s%s", k ? " \xc2\xb7 " : "", kd->sections[k].title);
            diag_report_hint(DIAG_ERROR, ch->path, line, col, hint.s, "missing required section '## %s'%s%s%s", req->title,
                             prev ? " (expected after '" : "", prev ? prev->text : "", prev ? "')" : "");
            util_buf_free(&hint);
            continue;
        }
        check_pos(c, secs[found].h->node, &line, &col);
        if (found < at) {
            diag_error(ch->path, line, col, "section '%s' is out of order: it belongs after '%s'", req->title,
                       prev ? prev->text : "the chapter opening");
            continue;
        }
        /* Required elements within the section. */
        unsigned have = check_elements(ch, cmark_node_next(secs[found].h->node), secs[found].end);
        for (unsigned bit = 1; bit <= KIND_NEEDS_CODE; bit <<= 1) {
            if (!(req->needs & bit) || (have & bit)) continue;
            static const char *hints[] = {"add a GFM table comparing the options", "add a ```dot diagram or an image",
                                          "show the numbers of the estimate", "add a checklist: '- [ ] …' items",
                                          "add a fenced code block"};
            size_t k = 0;
            while ((1u << k) != bit) k++;
            static const char *what[] = {"a table", "a diagram", "numbers (an estimate whose numbers are shown)",
                                         "a task list", "a code block"};
            diag_report_hint(DIAG_ERROR, ch->path, line, col, hints[k], "section '%s' needs %s", req->title, what[k]);
        }
        at = found + 1;
        prev = secs[found].h;
    }
    /* Sections the kind does not know. */
    for (size_t i = 0; i < n; i++) {
        const char *t = secs[i].h->text;
        bool known = false;
        for (size_t k = 0; k < kd->n_sections && !known; k++) known = !strcmp(kd->sections[k].title, t);
        for (size_t k = 0; k < kd->n_optional && !known; k++) known = !strcmp(kd->optional[k], t);
        if (known) continue;
        int line, col;
        check_pos(c, secs[i].h->node, &line, &col);
        diag_report_hint(DIAG_WARNING, ch->path, line, col, "make it a ### subsection, or list it under 'optional:' in the kind",
                         "section '%s' is not one of the sections of a %s chapter", t, kd->name);
    }
    free(secs);
}

static void check_kind(check_ctx *c)
{
    source_chapter *ch = c->ch;
    if (!ch->kind && !ch->has_front_matter) {
        check_sections(c, NULL); /* plain Markdown: no structure rules */
        return;
    }
    if (!ch->kind) {
        char *names = kinds_names(c->kinds);
        char *hint = util_printf("add 'kind:' to the front matter (%s)", names);
        diag_report_hint(DIAG_WARNING, ch->path, 1, 1, hint, "chapter has no kind; its structure is not checked");
        free(hint);
        free(names);
        check_sections(c, NULL);
        return;
    }
    const kind *kd = kinds_find(c->kinds, ch->kind);
    if (!kd) {
        char *names = kinds_names(c->kinds);
        char *hint = util_printf("kinds: %s (templates/kinds/)", names);
        diag_report_hint(DIAG_ERROR, ch->path, ch->kind_line > 0 ? ch->kind_line : 1, 1, hint, "unknown chapter kind '%s'",
                         ch->kind);
        free(hint);
        free(names);
    }
    check_sections(c, kd);
}

/* ---- the book ---- */

/* Records an explicit id for the current chapter, or reports the chapter that has it already. */
static void check_claim_id(check_ctx *c, GHashTable *seen, const char *id, cmark_node *where)
{
    const source_chapter *first = g_hash_table_lookup(seen, id);
    if (first && first != c->ch) {
        int line, col;
        check_pos(c, where, &line, &col);
        diag_error(c->ch->path, line, col, "id '%s' is already used in %s", id, first->path);
    } else {
        g_hash_table_insert(seen, (void *)id, c->ch);
    }
}

/* Explicit ids ({#id}, <a id>, captions) must be unique across the book. */
static void check_explicit_ids(check_ctx *c)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < c->n; i++) {
        c->ch = &c->chs[i];
        for (size_t h = 0; h < c->ch->n_headings; h++)
            if (c->ch->headings[h].explicit_id) check_claim_id(c, seen, c->ch->headings[h].id, c->ch->headings[h].node);
        for (size_t a = 0; a < c->ch->n_anchors; a++) check_claim_id(c, seen, c->ch->anchors[a].id, c->ch->anchors[a].node);
        for (size_t k = 0; k < c->ch->n_captions; k++) {
            const source_caption *cap = &c->ch->captions[k];
            if (cap->id) check_claim_id(c, seen, cap->id, cap->para ? cap->para : cap->node);
        }
    }
    g_hash_table_destroy(seen);
}

/* Markdown files next to the book's chapters that book.yaml does not list. */
static void check_unlisted(check_ctx *c)
{
    GHashTable *listed = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *dirs = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
    for (size_t i = 0; i < c->bk->n_chapters; i++) {
        g_hash_table_add(listed, c->bk->chapters[i].path);
        char *dir = util_path_dir(c->bk->chapters[i].path);
        /* Only folders inside the book are listed (a chapter refused as outside names none). */
        if (!util_path_inside(dir, c->bk->root)) free(dir);
        else if (!g_hash_table_contains(dirs, dir)) g_hash_table_add(dirs, dir);
        else free(dir);
    }
    GList *keys = g_list_sort(g_hash_table_get_keys(dirs), (GCompareFunc)strcmp);
    for (GList *d = keys; d; d = d->next) {
        struct dirent **names = NULL;
        int count = scandir(d->data, &names, NULL, alphasort);
        for (int i = 0; i < count; i++) {
            const char *nm = names[i]->d_name;
            size_t len = strlen(nm);
            if (nm[0] != '.' && len > 3 && !strcasecmp(nm + len - 3, ".md") && strcasecmp(nm, "README.md")) {
                char *path = util_path_join(d->data, nm);
                if (!g_hash_table_contains(listed, path) && !util_is_dir(path))
                    diag_report_hint(DIAG_WARNING, path, 0, 0, "add it under 'chapters:' in book.yaml, or move it out of the chapters' folder",
                                     "chapter file is not listed in %s", c->bk->config_path);
                free(path);
            }
            free(names[i]);
        }
        free(names);
    }
    g_list_free(keys);
    g_hash_table_destroy(dirs);
    g_hash_table_destroy(listed);
}

void check_book(const book *bk, source_chapter *chs, size_t n, const kinds *k)
{
    check_ctx c = {bk, chs, n, k, NULL};
    for (size_t i = 0; i < n; i++) {
        if (!chs[i].doc || chs[i].failed) continue; /* its errors are already reported */
        c.ch = &chs[i];
        check_kind(&c);
        check_heading_levels(&c);
        check_links_and_images(&c);
    }
    check_explicit_ids(&c);
    check_unlisted(&c);
    /* Variables, calc blocks and quotes: evaluated once here, printed by layout. */
    vars_check_book(bk->vars, chs, n);
}
