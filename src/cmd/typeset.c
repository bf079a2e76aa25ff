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
/* Chapter layouts are kept from pass to pass (and between `watch` rebuilds: typeset_memo.c) for a
 * book of at most this many words beyond its longest chapter (which is in memory whole at one time
 * anyway): kept layouts take some 0.25 KB a word, so ~60 MB; a longer book lays every chapter out in
 * every pass, and its memory stays bounded. */
#define TYPESET_KEEP_WORDS 250000
/* Drawing a chapter's pages costs about this share of laying it out (perf on generated books and
 * the guide): the thread that draws gets that much less of the layout. */
#define TYPESET_DRAW_COST 0.6

/* One pass over the book, drawn as it goes: the body a chapter at a time (each chapter is
 * paginated, drawn and then kept only for where its destinations are), the index, and last
 * the front matter, with this pass's page numbers (pdf_writer_front moves it to the front). */
typedef struct typeset_pass {
    typeset *t;
    paginate_state *ps;
    page_doc front, body;
    util_buf refs;         /* every page reference the body printed, one destination per line */
    pdf_writer *w;         /* NULL once the pass is known not to be the PDF */
    char **dests;          /* the names links may go to, when they are known (owned; the writer sorts them) */
    size_t n_dests;
    GHashTable *linked;    /* the destinations internal links were drawn to */
    FILE *vdump, *pdump, *fdump; /* MLSD_DUMP's, into memory: only the last pass's is printed */
    char *vdump_text, *pdump_text, *fdump_text;
    size_t vdump_len, pdump_len, fdump_len;
    size_t n_boxes;        /* boxes of the body's lists so far (for the vlist dump) */
    page_structs *structs; /* the elements the drawn items belong to */
    /* A page number printed that is already known to differ from where its destination landed
     * makes the pass stale; it is not drawn on (unless it is the last try). */
    GHashTable *placed;    /* destination → its page label in this pass */
    GHashTable *printed;   /* destinations whose page labels were printed */
    bool stale, last_try;
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
    if (p->stale) return;
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

static bool typeset_note_printed(const char *name, void *user)
{
    typeset_note(user, name, NULL);
    return true;
}

/* Pages [from, …) of doc are complete: drawn, dumped, and then kept only for where their
 * destinations are. */
static void typeset_pages_done(typeset_pass *p, page_doc *doc, size_t from, bool closed)
{
    if (p->w) {
        double t0 = util_now();
        pdf_writer_pages(p->w, doc->pages + from, doc->n_pages - from, p->structs, closed);
        p->t->t_draw += util_now() - t0;
    }
    for (size_t i = from; i < doc->n_pages; i++)
        for (size_t k = 0; k < doc->pages[i].items.n; k++) {
            const page_item *it = &doc->pages[i].items.v[k];
            if (it->kind == PAGE_DEST && doc == &p->body) typeset_note(p, it->target, doc->pages[i].label ? doc->pages[i].label : "");
            if (it->kind == PAGE_LINK && it->internal && it->target) g_hash_table_add(p->linked, util_xstrdup(it->target));
        }
    FILE *dump = doc == &p->front ? p->fdump : p->pdump;
    for (size_t i = from; i < doc->n_pages; i++) {
        if (dump) page_dump(&doc->pages[i], i + 1, dump); /* body pages: numbered after the front's at the end */
        page_items_keep_dests(&doc->pages[i].items);
    }
}

static void typeset_list(typeset_pass *p, vlist *l)
{
    if (p->vdump) {
        vlist_dump_at(l, p->n_boxes, p->vdump);
        p->n_boxes += l->n;
    }
    size_t from = p->body.n_pages;
    paginate_list(p->ps, l);
    /* A list ends as its chapter does: its elements are closed unless its notes go on. */
    typeset_pages_done(p, &p->body, from, !paginate_carrying(p->ps));
}

static void typeset_take(size_t chapter, vlist *l, util_buf *refs, void *user)
{
    (void)chapter;
    typeset_pass *p = user;
    if (refs->len) util_buf_add(&p->refs, refs->s, refs->len);
    util_each_line(refs->s, typeset_note_printed, p);
    typeset_list(p, l);
}

/* The front matter, with the page numbers of this pass (next): laid out, paginated and drawn
 * after the body (it goes before it in the file). */
static void typeset_front(typeset_pass *p, const page_destmap *next)
{
    typeset *t = p->t;
    vlist fv = {0};
    util_buf refs = {0};
    const page_destmap *was = t->in.pages;
    t->in.pages = next;
    diag_mute(true);
    layout_front(&t->in, &fv, &refs);
    diag_mute(false);
    t->in.pages = was;
    util_buf_free(&refs);
    paginate(t->bk, t->in.pc, &fv, &p->front, PAGINATE_FRONT);
    vlist_free(&fv);
    if (t->bk->two_sided) paginate_pad_to_recto(&p->front, PAGINATE_FRONT);
    if (p->w) pdf_writer_front(p->w);
    p->structs = &p->front.structs;
    typeset_pages_done(p, &p->front, 0, true);
}

/* The writer; links go to any name unless a pass found one to a missing destination (then
 * only to the names of the last pass). */
static void typeset_open(typeset_pass *p, const pdf_meta *meta, const char *path, const char *shown_path)
{
    typeset *t = p->t;
    if (t->strict) {
        p->dests = util_xmalloc((t->n_names ? t->n_names : 1) * sizeof *p->dests);
        for (size_t i = 0; i < t->n_names; i++) p->dests[i] = util_xstrdup(t->names[i]);
        p->n_dests = t->n_names;
    }
    p->w = pdf_writer_begin(meta, t->bk->paper->width, t->bk->paper->height, p->dests, p->n_dests, path, shown_path);
}

static void typeset_pass_free(typeset_pass *p)
{
    pdf_writer_abort(p->w);
    paginate_end(p->ps);
    page_doc_free(&p->front);
    page_doc_free(&p->body);
    util_buf_free(&p->refs);
    for (size_t i = 0; i < p->n_dests; i++) free(p->dests[i]);
    free(p->dests);
    FILE **dumps[] = {&p->vdump, &p->pdump, &p->fdump};
    for (size_t i = 0; i < 3; i++)
        if (*dumps[i]) fclose(*dumps[i]);
    free(p->vdump_text);
    free(p->pdump_text);
    free(p->fdump_text);
    if (p->placed) g_hash_table_destroy(p->placed);
    if (p->printed) g_hash_table_destroy(p->printed);
    if (p->linked) g_hash_table_destroy(p->linked);
    memset(p, 0, sizeof *p);
}

/* Lays out, paginates and draws the body and the index once; false on errors. */
static bool typeset_pass_run(typeset *t, typeset_pass *p, const pdf_meta *meta, const char *path, const char *shown_path)
{
    const char *dump = t->w->env.dump;
    bool muted = t->passes > 0;
    for (;;) {
        memset(p, 0, sizeof *p);
        p->t = t;
        if (dump && !strcmp(dump, "vlist")) p->vdump = open_memstream(&p->vdump_text, &p->vdump_len);
        if (dump && !strcmp(dump, "pages")) {
            p->pdump = open_memstream(&p->pdump_text, &p->pdump_len);
            p->fdump = open_memstream(&p->fdump_text, &p->fdump_len);
        }
        p->placed = g_hash_table_new_full(g_str_hash, g_str_equal, free, free);
        p->printed = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
        p->linked = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
        p->last_try = t->passes + 1 >= TYPESET_MAX_PASSES;
        p->structs = &p->body.structs;
        if (meta) {
            typeset_open(p, meta, path, shown_path);
            if (!p->w) return false; /* reported */
        }
        p->ps = paginate_begin(t->bk, t->in.pc, &p->body, PAGINATE_BODY);
        diag_mute(muted);
        bool whole = layout_body(&t->in, typeset_take, p, t->progress, t->progress_user);
        diag_mute(false);
        if (whole) {
            typeset_memo_count(t);
            break;
        }
        typeset_pass_free(p); /* the image budget ran out on several threads: again, on one */
    }
    /* The index comes after the body and moves none of its pages: it prints this pass's numbers. */
    page_destmap body_map = {0};
    page_destmap_build(&body_map, &p->body);
    vlist iv = {0};
    util_buf irefs = {0};
    const page_destmap *was = t->in.pages;
    t->in.pages = &body_map;
    diag_mute(muted);
    layout_index(&t->in, &iv, &irefs);
    diag_mute(false);
    t->in.pages = was;
    util_buf_free(&irefs);
    page_destmap_free(&body_map);
    if (diag_errors()) {
        vlist_free(&iv);
        return false;
    }
    typeset_list(p, &iv);
    vlist_free(&iv);
    size_t from = p->body.n_pages;
    paginate_end(p->ps);
    p->ps = NULL;
    typeset_pages_done(p, &p->body, from, true);
    return true;
}

/* Whether the book may keep its chapters' layouts (TYPESET_KEEP_WORDS): decided from the word
 * counts before any is laid out, so a longer book never holds them. */
static bool typeset_short(const typeset *t)
{
    size_t words = 0, longest = 0;
    for (size_t i = 0; i < t->in.n; i++) {
        words += t->in.chapters[i].words;
        if (t->in.chapters[i].words > longest) longest = t->in.chapters[i].words;
    }
    return words - longest <= TYPESET_KEEP_WORDS;
}

typedef struct typeset_maps {
    const page_destmap *was, *now;
} typeset_maps;

static bool typeset_same_label(const char *name, void *user)
{
    const typeset_maps *m = user;
    const char *a = page_destmap_label(m->was, name), *b = page_destmap_label(m->now, name);
    return a && b && !strcmp(a, b);
}

/* Stable when every page number the pass printed is the one its target got. */
static bool typeset_stable(const page_destmap *was, const page_destmap *now, const util_buf *refs)
{
    typeset_maps m = {was, now};
    return util_each_line(refs->s, typeset_same_label, &m);
}

/* The destination names of the pass: the body's (next) and the front's, sorted. */
static char **typeset_names(const typeset_pass *p, const page_destmap *next, size_t *n)
{
    size_t n_front = 0;
    char **front = page_doc_dest_names(&p->front, &n_front);
    *n = next->n + n_front;
    char **names = util_xmalloc((*n ? *n : 1) * sizeof *names);
    for (size_t i = 0; i < next->n; i++) names[i] = util_xstrdup(next->names[i]);
    for (size_t i = 0; i < n_front; i++) names[next->n + i] = util_xstrdup(front[i]);
    free(front);
    if (*n) qsort(names, *n, sizeof *names, util_cmp_str);
    return names;
}

static void typeset_free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

/* After a pass (next: where its destinations landed; taken): true when the pass printed the
 * final page numbers and its links went where they should. */
static bool typeset_settle(typeset *t, typeset_pass *p, page_destmap *next)
{
    bool stable = !p->stale && typeset_stable(t->in.pages, next, &p->refs);
    size_t n = 0;
    char **names = typeset_names(p, next, &n);
    bool same = t->strict && n == t->n_names;
    for (size_t i = 0; same && i < n; i++) same = !strcmp(names[i], t->names[i]);
    if (!t->strict) { /* every link was drawn: its target must be there */
        GHashTableIter it;
        gpointer key;
        same = true;
        g_hash_table_iter_init(&it, p->linked);
        while (same && g_hash_table_iter_next(&it, &key, NULL)) same = bsearch(&key, names, n, sizeof *names, util_cmp_str) != NULL;
        t->strict = !same;
    }
    typeset_free_names(t->names, t->n_names);
    t->names = names;
    t->n_names = n;
    page_destmap_free(&t->map);
    t->map = *next;
    memset(next, 0, sizeof *next);
    t->in.pages = &t->map;
    t->passes++;
    return stable && same;
}

typedef struct typeset_shift {
    size_t shift;
    FILE *out;
} typeset_shift;

static bool typeset_dump_line(const char *line, void *user)
{
    const typeset_shift *d = user;
    char *end = NULL;
    unsigned long k = !strncmp(line, "page ", 5) ? strtoul(line + 5, &end, 10) : 0;
    if (end && end > line + 5) fprintf(d->out, "page %zu%s\n", (size_t)k + d->shift, end);
    else fprintf(d->out, "%s\n", line);
    return true;
}

/* The page dump of the body (numbered from 1) with the front's pages before it. */
static void typeset_dump_shifted(const char *text, size_t shift, FILE *out)
{
    typeset_shift d = {shift, out};
    util_each_line(text, typeset_dump_line, &d);
}

bool typeset_begin(typeset *t, const book *bk, source_chapter *chs, const bookindex *ix, world *w, size_t jobs, hyphen *hy,
                   hl_registry *hl, const char *data_dir, layout_progress_fn progress, void *user)
{
    memset(t, 0, sizeof *t);
    number_book(chs, bk->n_chapters, (int)bk->theme.numbering_depth);
    resolve_book(bk, chs, bk->n_chapters); /* meaning decided once, before layout */
    if (env_dump(&w->env, "model")) resolve_dump(chs, bk->n_chapters, stderr);
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
                           .assign = world_assignment(w, t->paths, n), .take_cost = TYPESET_DRAW_COST};
    t->in.files = w->files; /* images are read through the world's store */
    /* A build keeps chapter layouts only for a later pass, which only page references make (and
     * then only those of the chapters that print none: typeset_memo.c). */
    bool cites = false;
    for (size_t i = 0; i < n && !cites; i++) cites = resolve_cites_pages(&chs[i]);
    typeset_memo_begin(t, data_dir, typeset_short(t) && (cites || !w->once));
    /* `watch`: the last good build's numbers are the first pass's, so that pass is the PDF when
     * nothing it printed changed. */
    if (!w->once && w->has_last_map) {
        page_destmap_copy(&t->map, &w->last_map);
        t->in.pages = &t->map;
        t->from_last = true;
    }
    return true;
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
        if (!typeset_pass_run(t, &p, meta, path, shown_path)) {
            typeset_pass_free(&p); /* errors (reported) */
            return false;
        }
        if (!meta) { /* only laid out, for the diagnostics */
            typeset_pass_free(&p);
            return false;
        }
        page_destmap next = {0};
        page_destmap_build(&next, &p.body);
        typeset_front(&p, &next);
        bool stable = typeset_settle(t, &p, &next);
        if (!stable && t->passes < TYPESET_MAX_PASSES) {
            typeset_pass_free(&p);
            continue;
        }
        if (!stable)
            diag_warning(t->bk->config_path, 0, 0, "page references still changed after %d layout passes", t->passes);
        if (p.vdump) fclose(p.vdump);
        p.vdump = NULL;
        if (p.vdump_text) fputs(p.vdump_text, stderr);
        size_t n_front = p.front.n_pages;
        page_doc_append(&p.front, &p.body);
        t->n_pages = p.front.n_pages;
        if (p.pdump) {
            fclose(p.pdump);
            fclose(p.fdump);
            p.pdump = p.fdump = NULL;
            fprintf(stderr, "doc %.2f x %.2f, %zu pages\n", p.front.width, p.front.height, p.front.n_pages);
            if (p.fdump_text) fputs(p.fdump_text, stderr);
            typeset_dump_shifted(p.pdump_text, n_front, stderr);
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
        if (ok && !t->w->once) world_remember_pages(t->w, &t->map, p.refs.len > 0);
        typeset_pass_free(&p);
        return ok;
    }
}

void typeset_end(typeset *t, world *w)
{
    typeset_free_names(t->names, t->n_names);
    typeset_memo_end(t);
    if (t->paths) world_remember_assignment(w, t->paths, t->in.assign, t->bk->n_chapters);
    free(t->in.assign);
    free(t->paths);
    page_destmap_free(&t->map);
    memset(t, 0, sizeof *t);
}
