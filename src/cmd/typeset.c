#define _GNU_SOURCE
#include "typeset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "diag.h"
#include "number.h"
#include "paginate.h"
#include "resolve.h"
#include "util.h"

/* Page references are resolved by laying out again until they stop changing. */
enum { TYPESET_MAX_PASSES = 5 };
/* The first pass keeps its pages when the book has at most this many words more than its longest
 * chapter (which is in memory whole at one time anyway), until a page reference is printed:
 * such a book needs no pass just for the page numbers (the pages are drawn after the front matter),
 * and memory is bounded by the longest chapter and this (kept pages take some 0.2 KB a word, so
 * ~50 MB; a second pass over a book this long costs about a third more CPU). A page reference
 * means a second pass anyway, so its pages are not kept. */
#define TYPESET_KEEP_WORDS 250000

/* One pass over the body: its pages are paginated a chapter at a time, drawn when
 * there is a writer, and then only their destinations are kept. */
typedef struct typeset_pass {
    typeset *t;
    paginate_state *ps;
    page_doc front, body;  /* body.structs: the front's elements, then the body's */
    util_buf refs;         /* every page reference printed, one destination per line */
    util_buf front_refs;   /* the destinations whose pages the contents printed */
    pdf_writer *w;         /* NULL: a pass that only finds the page numbers */
    char **dests;          /* the names links may go to (owned; the writer sorts and reads them) */
    size_t n_dests;
    FILE *vdump, *pdump;   /* MLSD_DUMP's, into memory: only the last pass's is printed */
    char *vdump_text, *pdump_text;
    size_t vdump_len, pdump_len;
    size_t n_boxes;        /* boxes of the body's lists so far (for the vlist dump) */
    bool keep;             /* the first pass, while its pages are kept (see TYPESET_KEEP_WORDS) */
    page_structs *structs; /* the elements the drawn items belong to */
    /* Drawn passes: a page number printed that is already known to differ from where its
     * destination landed makes the pass stale; it is not drawn on (unless it is the last try). */
    GHashTable *placed;    /* destination → its page label in this pass */
    GHashTable *printed;   /* destinations whose page labels were printed */
    bool stale, last_try;
    /* A first pass that kept its pages lays out the index with their page numbers (the index
     * comes after them and moves none): a book whose only page references are its index's is
     * typeset in one pass. */
    page_destmap body_map;
    bool has_body_map;
    bool body_refs;        /* the chapters printed page references (the index's aside) */
} typeset_pass;

static void typeset_stale(typeset_pass *p)
{
    if (p->stale) return;
    p->stale = true;
    if (p->last_try) return;
    pdf_writer_abort(p->w);
    p->w = NULL;
}

/* A page label printed for name (print) or found for it in this pass: stale when the two differ. */
static void typeset_note(typeset_pass *p, const char *name, const char *label)
{
    if (!p->placed || p->stale) return;
    if (!label) {
        g_hash_table_add(p->printed, util_xstrdup(name));
        label = g_hash_table_lookup(p->placed, name);
        if (label && g_strcmp0(label, page_destmap_label(p->t->in.pages, name))) typeset_stale(p);
        return;
    }
    if (g_hash_table_contains(p->placed, name)) return; /* the first one counts */
    g_hash_table_insert(p->placed, util_xstrdup(name), util_xstrdup(label));
    if (g_hash_table_contains(p->printed, name) && g_strcmp0(label, page_destmap_label(p->t->in.pages, name))) typeset_stale(p);
}

static void typeset_note_refs(typeset_pass *p, const util_buf *refs)
{
    for (const char *line = refs->s, *nl; p->placed && line && *line; line = nl + 1) {
        nl = strchr(line, '\n');
        char *name = g_strndup(line, (gsize)(nl - line));
        typeset_note(p, name, NULL);
        g_free(name);
    }
}

/* Pages [from, …) of the body are complete: drawn, dumped, and then kept only for where
 * their destinations are. */
static void typeset_pages_done(typeset_pass *p, page_doc *doc, size_t from, size_t number_base, bool closed)
{
    if (p->w) {
        double t0 = util_now();
        pdf_writer_pages(p->w, doc->pages + from, doc->n_pages - from, p->structs, closed);
        p->t->t_draw += util_now() - t0;
    }
    if (p->keep) return;
    for (size_t i = from; doc == &p->body && i < doc->n_pages; i++)
        for (size_t k = 0; k < doc->pages[i].items.n; k++)
            if (doc->pages[i].items.v[k].kind == PAGE_DEST)
                typeset_note(p, doc->pages[i].items.v[k].target, doc->pages[i].label ? doc->pages[i].label : "");
    for (size_t i = from; i < doc->n_pages; i++) {
        if (p->pdump) page_dump(&doc->pages[i], number_base + i + 1, p->pdump);
        page_items_keep_dests(&doc->pages[i].items);
    }
}

/* The first pass holds too much: from here on it only finds the page numbers. */
static void typeset_drop(typeset_pass *p)
{
    p->keep = false;
    for (size_t i = 0; i < p->body.n_pages; i++) page_items_keep_dests(&p->body.pages[i].items);
    if (p->vdump) fclose(p->vdump);
    free(p->vdump_text);
    p->vdump = NULL;
    p->vdump_text = NULL;
}

static void typeset_list(typeset_pass *p, vlist *l)
{
    if (p->vdump) {
        vlist_dump_at(l, p->n_boxes, p->vdump);
        p->n_boxes += l->n;
    }
    size_t from = p->body.n_pages;
    paginate_list(p->ps, l);
    typeset_pages_done(p, &p->body, from, p->front.n_pages, false); /* the last page is still open */
}

static void typeset_take(size_t chapter, vlist *l, util_buf *refs, void *user)
{
    typeset_pass *p = user;
    if (refs->len) util_buf_add(&p->refs, refs->s, refs->len);
    typeset_note_refs(p, refs);
    typeset_list(p, l);
    if (p->keep && refs->len) typeset_drop(p);
}

/* Whether the first pass may keep its pages: decided from the chapters' word counts before any
 * is laid out, so a longer book never holds them. */
static bool typeset_short(const typeset *t)
{
    size_t words = 0, longest = 0;
    for (size_t i = 0; i < t->in.n; i++) {
        words += t->in.chapters[i].words;
        if (t->in.chapters[i].words > longest) longest = t->in.chapters[i].words;
    }
    return words - longest <= TYPESET_KEEP_WORDS;
}

/* The front matter with the last pass's page numbers. */
static void typeset_front_layout(typeset_pass *p)
{
    typeset *t = p->t;
    vlist fv = {0};
    diag_mute(true);
    layout_front(&t->in, &fv, &p->front_refs);
    diag_mute(false);
    paginate(t->bk, t->in.pc, &fv, &p->front, PAGINATE_FRONT);
    vlist_free(&fv);
    if (t->bk->two_sided) paginate_pad_to_recto(&p->front, PAGINATE_FRONT);
}

/* The writer, with the names links may go to: the body's of the last pass and the front's. */
static void typeset_open(typeset_pass *p, const pdf_meta *meta, const char *path, const char *shown_path)
{
    typeset *t = p->t;
    size_t cap = 0;
    /* Copies: the map is replaced before the writer ends. */
    for (size_t i = 0; i < t->map.n; i++) *UTIL_PUSH(p->dests, p->n_dests, cap) = util_xstrdup(t->map.names[i]);
    for (size_t pg = 0; pg < p->front.n_pages; pg++)
        for (size_t i = 0; i < p->front.pages[pg].items.n; i++)
            if (p->front.pages[pg].items.v[i].kind == PAGE_DEST)
                *UTIL_PUSH(p->dests, p->n_dests, cap) = util_xstrdup(p->front.pages[pg].items.v[i].target);
    p->w = pdf_writer_begin(meta, t->bk->paper->width, t->bk->paper->height, p->dests, p->n_dests, path, shown_path);
}

/* A streamed pass: the front matter is drawn first; the body's elements are numbered after its. */
static void typeset_front(typeset_pass *p, const pdf_meta *meta, const char *path, const char *shown_path)
{
    typeset_front_layout(p);
    typeset_note_refs(p, &p->front_refs);
    p->body.structs = p->front.structs;
    memset(&p->front.structs, 0, sizeof p->front.structs);
    p->structs = &p->body.structs;
    typeset_open(p, meta, path, shown_path);
    typeset_pages_done(p, &p->front, 0, 0, true);
}

/* The first pass kept its pages and they are final: the front matter and then they are drawn. */
static void typeset_draw_kept(typeset_pass *p, const pdf_meta *meta, const char *path, const char *shown_path)
{
    const char *dump = getenv("MLSD_DUMP");
    if (dump && !strcmp(dump, "pages")) p->pdump = open_memstream(&p->pdump_text, &p->pdump_len);
    typeset_front_layout(p);
    page_doc_append(&p->front, &p->body);
    p->structs = &p->front.structs;
    p->keep = false;
    typeset_open(p, meta, path, shown_path);
    typeset_pages_done(p, &p->front, 0, 0, true);
}

static void typeset_pass_free(typeset_pass *p)
{
    pdf_writer_abort(p->w);
    paginate_end(p->ps);
    page_doc_free(&p->front);
    page_doc_free(&p->body);
    util_buf_free(&p->refs);
    util_buf_free(&p->front_refs);
    for (size_t i = 0; i < p->n_dests; i++) free(p->dests[i]);
    free(p->dests);
    if (p->vdump) fclose(p->vdump);
    if (p->pdump) fclose(p->pdump);
    free(p->vdump_text);
    free(p->pdump_text);
    if (p->placed) g_hash_table_destroy(p->placed);
    if (p->printed) g_hash_table_destroy(p->printed);
    page_destmap_free(&p->body_map);
    memset(p, 0, sizeof *p);
}

/* Lays out, paginates (and, with meta, draws) the whole book once; false on errors. */
static bool typeset_pass_run(typeset *t, typeset_pass *p, const pdf_meta *meta, const char *path, const char *shown_path)
{
    const char *dump = getenv("MLSD_DUMP");
    bool muted = t->passes > 0 || t->mute_first;
    for (;;) {
        memset(p, 0, sizeof *p);
        p->t = t;
        p->keep = !meta && typeset_short(t);
        if ((meta || p->keep) && dump && !strcmp(dump, "vlist")) p->vdump = open_memstream(&p->vdump_text, &p->vdump_len);
        if (meta && dump && !strcmp(dump, "pages")) p->pdump = open_memstream(&p->pdump_text, &p->pdump_len);
        if (meta) {
            p->placed = g_hash_table_new_full(g_str_hash, g_str_equal, free, free);
            p->printed = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
            p->last_try = t->passes + 1 >= TYPESET_MAX_PASSES;
        }
        if (meta) typeset_front(p, meta, path, shown_path);
        p->ps = paginate_begin(t->bk, t->in.pc, &p->body, PAGINATE_BODY);
        diag_mute(muted);
        bool whole = layout_body(&t->in, typeset_take, p, t->progress, t->progress_user);
        diag_mute(false);
        if (whole) typeset_memo_count(t);
        if (whole) break;
        typeset_pass_free(p); /* the image budget ran out on several threads: again, on one */
    }
    p->body_refs = p->refs.len > 0;
    vlist iv = {0};
    const page_destmap *was = t->in.pages;
    if (p->keep) {
        page_destmap_build(&p->body_map, &p->body);
        p->has_body_map = true;
        t->in.pages = &p->body_map;
    }
    diag_mute(muted);
    layout_index(&t->in, &iv, &p->refs); /* its page numbers are this pass's references too */
    diag_mute(false);
    t->in.pages = was;
    if (diag_errors()) {
        vlist_free(&iv);
        return false;
    }
    typeset_list(p, &iv);
    vlist_free(&iv);
    size_t from = p->body.n_pages;
    paginate_end(p->ps);
    p->ps = NULL;
    typeset_pages_done(p, &p->body, from, p->front.n_pages, true);
    return true;
}

/* Stable when every page number the pass printed is the one its target got. */
static bool typeset_stable(const page_destmap *was, const page_destmap *now, util_buf *refs)
{
    bool stable = true;
    for (char *line = refs->s, *nl; stable && line && *line; line = nl + 1) {
        nl = strchr(line, '\n');
        *nl = '\0';
        const char *a = page_destmap_label(was, line), *b = page_destmap_label(now, line);
        stable = a && b && !strcmp(a, b);
    }
    return stable;
}

static bool typeset_same_names(const page_destmap *a, const page_destmap *b)
{
    if (a->n != b->n) return false;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->names[i], b->names[i])) return false;
    return true;
}

/* After a pass: the new page numbers; true when the pass printed the final ones. */
static bool typeset_settle(typeset *t, typeset_pass *p)
{
    page_destmap next = {0};
    page_destmap_build(&next, &p->body);
    bool stable = typeset_stable(p->has_body_map ? &p->body_map : t->in.pages, &next, &p->refs);
    /* A drawn pass is the PDF when its contents printed the final numbers too and links
     * went to the names that are there. */
    if (p->stale) stable = false;
    else if (p->w) stable = stable && typeset_stable(t->in.pages, &next, &p->front_refs) && typeset_same_names(&t->map, &next);
    page_destmap_free(&t->map);
    t->map = next;
    t->in.pages = &t->map;
    t->passes++;
    return stable;
}

static bool typeset_first(typeset *t);

bool typeset_begin(typeset *t, const book *bk, source_chapter *chs, const bookindex *ix, world *w, size_t jobs, hyphen *hy,
                   hl_registry *hl, const char *data_dir, layout_progress_fn progress, void *user)
{
    memset(t, 0, sizeof *t);
    number_book(chs, bk->n_chapters, (int)bk->theme.numbering_depth);
    resolve_book(bk, chs, bk->n_chapters); /* meaning decided once, before layout */
    const char *dump = getenv("MLSD_DUMP");
    if (dump && !strcmp(dump, "model")) resolve_dump(chs, bk->n_chapters, stderr);
    size_t n = bk->n_chapters;
    t->bk = bk;
    t->chapters = chs;
    t->w = w;
    t->progress = progress;
    t->progress_user = user;
    /* Each chapter goes back to the thread that holds its layouts from the last build (`watch`). */
    t->paths = util_xmalloc((n ? n : 1) * sizeof *t->paths);
    for (size_t i = 0; i < n; i++) t->paths[i] = chs[i].path;
    t->in = (layout_input){.bk = bk, .chapters = chs, .n = n, .pc = w->main.context, .hyph = hy, .figures = w->figures,
                           .caches = w->caches, .workers = w->workers, .n_workers = jobs, .highlight = hl, .index = ix,
                           .assign = world_assignment(w, t->paths, n)};
    typeset_memo_begin(t, data_dir, typeset_short(t));
    /* `watch`: the last good build's numbers are the first guess, so the first pass draws; when
     * nothing it printed changed, it is the PDF. Not for a book a fresh build typesets from the
     * pages of its first pass (short, no page reference: typeset_first), drawn in one go. */
    if (!w->once && w->has_last_map && (w->last_refs || !typeset_short(t))) {
        page_destmap_copy(&t->map, &w->last_map);
        t->in.pages = &t->map;
        t->from_last = true;
        return true;
    }
    return typeset_first(t);
}

/* The first pass, which only finds the page numbers (or keeps its pages: t->kept). */
static bool typeset_first(typeset *t)
{
    typeset_pass p;
    bool ok = typeset_pass_run(t, &p, NULL, NULL, NULL);
    if (ok && typeset_settle(t, &p) && p.keep) {
        if (p.vdump) fclose(p.vdump); /* before the pass moves: the stream writes to &p.vdump_text */
        p.vdump = NULL;
        t->kept = util_xmalloc(sizeof *t->kept);
        *t->kept = p;
        return true;
    }
    typeset_pass_free(&p);
    return ok;
}

/* After the last pass: frees what only layout needed, before the PDF is finished. */
static void typeset_release(typeset *t)
{
    for (size_t i = 0; i < t->bk->n_chapters; i++) {
        source_chapter *ch = &t->chapters[i];
        if (ch->doc) cmark_node_free(ch->doc);
        ch->doc = NULL;
    }
    if (!t->w->once) return;
    typeset_memo_drop(t);
    for (size_t j = 0; t->w->caches && j < t->w->n_workers; j++) layout_cache_clear(t->w->caches[j]);
    figure_cache_clear(t->w->figures);
}

bool typeset_write(typeset *t, const pdf_meta *meta, const char *path, const char *shown_path)
{
    for (;;) {
        typeset_pass p;
        bool stable = true;
        if (t->kept) {
            p = *t->kept;
            free(t->kept);
            t->kept = NULL;
            typeset_draw_kept(&p, meta, path, shown_path);
        } else if (!typeset_pass_run(t, &p, meta, path, shown_path)) {
            typeset_pass_free(&p);
            return false;
        } else {
            stable = typeset_settle(t, &p);
            if (t->from_last && !p.body_refs && typeset_short(t) && !p.stale) {
                /* No page reference is left: a fresh build draws this book from the pages of its
                 * first pass, in one go, and so must this one (pages drawn as they come are
                 * tagged a little differently). Its diagnostics were reported by this pass. */
                typeset_pass_free(&p);
                t->from_last = false;
                t->mute_first = true;
                t->in.pages = NULL;
                t->passes = 0;
                if (!typeset_first(t)) return false;
                continue;
            }
        }
        if (!p.w && !p.stale) { /* the file could not be made (reported) */
            typeset_pass_free(&p);
            return false;
        }
        if (!stable && t->passes < TYPESET_MAX_PASSES) {
            typeset_pass_free(&p);
            continue;
        }
        if (!stable)
            diag_warning(t->bk->config_path, 0, 0, "page references still changed after %d layout passes", t->passes);
        if (p.vdump) fclose(p.vdump);
        p.vdump = NULL;
        if (p.vdump_text) fputs(p.vdump_text, stderr);
        page_doc_append(&p.front, &p.body);
        t->n_pages = p.front.n_pages;
        if (p.pdump) {
            fclose(p.pdump);
            p.pdump = NULL;
            fprintf(stderr, "doc %.2f x %.2f, %zu pages\n", p.front.width, p.front.height, p.front.n_pages);
            if (p.pdump_text) fputs(p.pdump_text, stderr);
            page_doc_dump_tail(&p.front, stderr);
        }
        struct rusage ru;
        if (getrusage(RUSAGE_SELF, &ru) == 0) t->peak_drawn_kb = ru.ru_maxrss;
        typeset_release(t);
        bool ok = p.w != NULL;
        if (p.w) {
            double t0 = util_now();
            ok = pdf_writer_end(p.w, &p.front);
            t->t_draw += util_now() - t0;
            p.w = NULL;
        }
        if (ok && !t->w->once) world_remember_pages(t->w, &t->map, p.body_refs);
        typeset_pass_free(&p);
        return ok;
    }
}

void typeset_end(typeset *t, world *w)
{
    if (t->kept) typeset_pass_free(t->kept);
    free(t->kept);
    typeset_memo_end(t);
    if (t->paths) world_remember_assignment(w, t->paths, t->in.assign, t->bk->n_chapters);
    free(t->in.assign);
    free(t->paths);
    page_destmap_free(&t->map);
    memset(t, 0, sizeof *t);
}
