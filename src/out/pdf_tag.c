#include "pdf_tag.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---- structure tags ----
 * cairo 1.16 writes the tag tree as it is opened and closed and gives marked content
 * only to leaf elements; content drawn while an element with children is innermost
 * stays out of the tree. So the writer keeps its own stack of open elements and, for
 * each item, closes and opens tags until the stack is the item's path: text goes into
 * a Span leaf of its element, an image into its Figure (or a Figure of its own), a link
 * into a Link under its element. Any order of items gives well-nested tags; an element
 * whose items are interrupted (a page break with running heads, a footnote) is closed
 * and opened again, i.e. split. Leaves are closed at the end of every page.
 *
 * Most elements (a heading, a table cell, a paragraph on one page) would get exactly
 * one Span: for those the element itself is the leaf and holds the marked content
 * ("direct"), which saves a structure element per element. pdf_tag_plan finds them
 * by running the same tagging over all items once without drawing and counting, for
 * each element, how often it is opened and what is opened inside it: direct means
 * opened once, with exactly one Span and nothing else inside. Such an element has no
 * children and all its text is one run on one page, so closing it where its Span
 * would have been closed (page end, page furniture, the next element) never splits it. */

static const page_struct *pdf_struct(const pdf_tags *t, int sid)
{
    return sid > 0 && (size_t)sid <= t->structs->n ? &t->structs->v[sid - 1] : NULL;
}

static bool pdf_tag_is_direct(const pdf_tags *t, int sid)
{
    return t->direct && sid > 0 && (size_t)sid <= t->structs->n && t->direct[sid];
}

static void pdf_tag_open(pdf_tags *t, int sid, const char *name, const char *alt)
{
    if (t->count) {
        int parent = t->n ? t->stack[t->n - 1].sid : 0;
        if (parent > 0) {
            if (sid == PDF_LEAF && !strcmp(name, "Span")) t->count->spans[parent]++;
            else t->count->others[parent] = true;
        }
        if (sid > 0) t->count->opened[sid]++;
    } else {
        cairo_tag_begin(t->cr, name, NULL);
        if (!t->n) t->n_top++;
    }
    pdf_open *o = UTIL_PUSH(t->stack, t->n, t->cap);
    o->sid = sid;
    o->name = name;
    if (t->count) return;
    if (!strcmp(name, "Figure") || !strcmp(name, "Formula")) *UTIL_PUSH(t->alts, t->n_alts, t->cap_alts) = util_xstrdup(alt && *alt ? alt : t->fallback_alt);
}

void pdf_tag_close_to(pdf_tags *t, size_t depth)
{
    while (t->n > depth) {
        t->n--;
        if (!t->count) cairo_tag_end(t->cr, t->stack[t->n].name);
    }
}

/* The path from the document to element sid (parents have smaller numbers, so it ends). */
static void pdf_tag_path(pdf_tags *t, int sid)
{
    t->n_path = 0;
    for (const page_struct *e = pdf_struct(t, sid); e; sid = e->parent, e = pdf_struct(t, sid)) {
        *UTIL_PUSH(t->path, t->n_path, t->cap_path) = sid;
        if (e->parent >= sid) break;
    }
    for (size_t i = 0; i < t->n_path / 2; i++) {
        int x = t->path[i];
        t->path[i] = t->path[t->n_path - 1 - i];
        t->path[t->n_path - 1 - i] = x;
    }
}

/* Makes the open elements exactly the path to sid; returns the depth reached. */
static size_t pdf_tag_reach(pdf_tags *t, int sid, bool keep_leaf, const char *leaf)
{
    pdf_tag_path(t, sid);
    size_t k = 0;
    while (k < t->n && k < t->n_path && t->stack[k].sid == t->path[k]) k++;
    if (k == t->n_path && keep_leaf && leaf && t->n == k + 1 && t->stack[k].sid == PDF_LEAF && !strcmp(t->stack[k].name, leaf))
        return t->n; /* the same leaf goes on */
    pdf_tag_close_to(t, k);
    for (; k < t->n_path; k++) {
        const page_struct *e = pdf_struct(t, t->path[k]);
        pdf_tag_open(t, t->path[k], page_role_name(e->role), e->alt);
    }
    return t->n;
}

void pdf_tag_leaf_end(pdf_tags *t)
{
    if (!t->n) return;
    const pdf_open *top = &t->stack[t->n - 1];
    if (top->sid == PDF_LEAF || !strcmp(top->name, "Figure") || pdf_tag_is_direct(t, top->sid)) pdf_tag_close_to(t, t->n - 1);
}

/* Opens the tags an item is drawn inside. Decorations (rules, backgrounds, outlined
 * line numbers) and destinations change nothing; page furniture closes the leaf. */
void pdf_tag_item(pdf_tags *t, const page_item *it)
{
    bool content = (it->kind == PAGE_TEXT && !it->as_path) || it->kind == PAGE_IMAGE || it->kind == PAGE_SVG ||
                   it->kind == PAGE_MATH;
    if (it->artifact && (content || it->kind == PAGE_LINK)) {
        pdf_tag_leaf_end(t);
        return;
    }
    if (it->kind == PAGE_LINK) {
        pdf_tag_reach(t, it->sid, false, NULL);
        if (t->count && pdf_struct(t, it->sid)) t->count->others[it->sid] = true; /* its Link goes inside */
        return;
    }
    if (!content) return;
    const page_struct *e = pdf_struct(t, it->sid);
    if (it->kind == PAGE_TEXT) {
        if (pdf_tag_is_direct(t, it->sid)) {
            pdf_tag_reach(t, it->sid, false, NULL);
            return;
        }
        /* Document-level text (title page, contents) is read as paragraphs. */
        const char *leaf = it->sid ? "Span" : "P";
        if (pdf_tag_reach(t, it->sid, true, leaf) == t->n_path) pdf_tag_open(t, PDF_LEAF, leaf, NULL);
        return;
    }
    if (it->kind == PAGE_MATH) { /* its own Formula, with the TeX source as /Alt */
        pdf_tag_reach(t, it->sid, false, NULL);
        pdf_tag_open(t, PDF_LEAF, "Formula", it->alt);
        return;
    }
    if (e && e->role == PAGE_ROLE_FIGURE) {
        pdf_tag_reach(t, it->sid, false, NULL);
        return;
    }
    pdf_tag_reach(t, it->sid, false, NULL);
    pdf_tag_open(t, PDF_LEAF, "Figure", it->alt);
}

/* Finds the direct elements (see above) among the elements pages open, by tagging them
 * without drawing, from the elements open now (pages come a chapter at a time; the
 * stack is put back afterwards). Unless the pages are closed (nothing after them goes
 * on with their elements), an element still open at the end may go on in the next
 * pages and is not known to be direct; one met again later was split anyway. */
void pdf_tag_plan(pdf_tags *t, const page *pages, size_t n_pages, bool closed)
{
    size_t n = t->structs->n + 1;
    if (n > t->n_direct) {
        t->direct = util_xrealloc(t->direct, n * sizeof(bool));
        memset(t->direct + t->n_direct, 0, (n - t->n_direct) * sizeof(bool));
        t->n_direct = n;
    }
    pdf_tag_count count = {util_xcalloc(n, sizeof(int)), util_xcalloc(n, sizeof(int)), util_xcalloc(n, sizeof(bool))};
    size_t depth = t->n;
    pdf_open *saved = util_xmalloc((depth ? depth : 1) * sizeof *saved);
    if (depth) memcpy(saved, t->stack, depth * sizeof *saved);
    t->count = &count;
    for (size_t p = 0; p < n_pages; p++) {
        for (size_t i = 0; i < pages[p].items.n; i++) pdf_tag_item(t, &pages[p].items.v[i]);
        pdf_tag_leaf_end(t);
    }
    for (size_t i = 0; i < t->n && !closed; i++)
        if (t->stack[i].sid > 0) count.others[t->stack[i].sid] = true;
    t->count = NULL;
    t->n = 0;
    for (size_t i = 0; i < depth; i++) *UTIL_PUSH(t->stack, t->n, t->cap) = saved[i];
    free(saved);
    for (size_t s = 1; s < n; s++)
        if (count.opened[s] == 1 && count.spans[s] == 1 && !count.others[s]) t->direct[s] = true;
    free(count.opened);
    free(count.spans);
    free(count.others);
}
