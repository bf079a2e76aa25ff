/* resolve_dump — the resolved model as text (MLSD_DUMP=model): one line per decision, chapter by
 * chapter, in reading order, each with its source position; what a second writer would read. */
#include <string.h>

#include "resolve.h"

static void resolve_dump_pos(const source_chapter *ch, cmark_node *n, FILE *f)
{
    int line = 0, col = 0;
    if (n) source_pos(ch, n, &line, &col);
    fprintf(f, "  %d:%d ", line, col);
}

static const char *resolve_str(const char *s) { return s ? s : "-"; }

static void resolve_dump_node(const source_chapter *ch, cmark_node *n, FILE *f)
{
    const resolve_section *s = resolve_section_of(ch, n);
    if (s) {
        resolve_dump_pos(ch, n, f);
        fprintf(f, "section %s \"%s\" -> %s role H%d outline %d toc %d\n", resolve_str(s->number), s->heading->text, s->dest,
                s->role, s->outline_level, s->toc_level);
    }
    const resolve_callout *co = resolve_callout_of(ch, n);
    if (co) {
        resolve_dump_pos(ch, n, f);
        fprintf(f, "callout %s \"%s\" marker %zu bytes\n", co->kind->kind, co->kind->label, co->marker_bytes);
    }
    const resolve_item *it = resolve_item_of(ch, n);
    if (it && (it->marker || it->task)) {
        resolve_dump_pos(ch, n, f);
        fprintf(f, "item %s%s\n", resolve_str(it->marker), it->task ? it->checked ? " task checked" : " task" : "");
    }
    const resolve_image *im = resolve_image_of(ch, n);
    if (im) {
        resolve_dump_pos(ch, n, f);
        fprintf(f, "image %s%s alt \"%s\" say \"%s\" missing \"%s\"\n", resolve_str(im->src), im->remote ? " remote" : "",
                im->alt, resolve_str(im->say), resolve_str(im->missing));
    }
    const resolve_code *code = resolve_code_of(ch, n);
    if (code) {
        static const char *kinds[] = {"text", "dot", "mermaid", "calc", "math"};
        resolve_dump_pos(ch, n, f);
        fprintf(f, "code %s%s info \"%s\"", kinds[code->kind], code->numbers ? " numbers" : "", resolve_str(code->info));
        if (code->lang) fprintf(f, " lang %s", code->lang);
        if (code->say) fprintf(f, " say \"%s\"", code->say);
        fputc('\n', f);
    }
    const resolve_formula *fm = resolve_formula_of(ch, n);
    if (fm) {
        resolve_dump_pos(ch, n, f);
        fprintf(f, "formula %s%s%s\n", fm->block ? "block" : "inline", fm->display ? " display" : "",
                fm->numbers ? " numbers" : "");
    }
    size_t note;
    const resolve_note *fn = resolve_footnote_of(ch, n, &note);
    if (fn) {
        resolve_dump_pos(ch, n, f);
        fprintf(f, "footnote-ref -> note %zu\n", fn->number);
    }
    const resolve_link *l = resolve_link_of(ch, n);
    if (l) {
        resolve_dump_pos(ch, n, f);
        fprintf(f, "link %s %s", l->internal ? "internal" : "external", resolve_str(l->dest));
        if (l->text) fprintf(f, " text \"%s\"%s", l->text, l->cites_page ? " +page" : "");
        if (l->note >= 0) fprintf(f, " note %ld", l->note + 1);
        if (l->url_inline) fprintf(f, " url-inline");
        if (l->address) fprintf(f, " address");
        fputc('\n', f);
    }
    GArray *a = ch->model ? g_hash_table_lookup(ch->model->html, n) : NULL;
    for (guint i = 0; a && i < a->len; i++) {
        const resolve_html_elem *e = &g_array_index(a, resolve_html_elem, i);
        resolve_dump_pos(ch, n, f);
        fprintf(f, "html +%zu <%s%s> %s", e->offset, e->closing ? "/" : "", e->name, resolve_html_kind_name(e->kind));
        if (e->target) fprintf(f, " %s%s", e->internal ? "internal " : "", e->target);
        if (e->anchor) fprintf(f, " anchor %s", e->anchor);
        if (e->alt) fprintf(f, " alt \"%s\"", e->alt);
        if (e->width > 0) fprintf(f, " width %.2f", e->width);
        if (e->remote) fprintf(f, " remote");
        if (e->say) fprintf(f, " say \"%s\" missing \"%s\"", e->say, resolve_str(e->missing));
        fputc('\n', f);
    }
}

void resolve_dump(const source_chapter *chs, size_t n, FILE *f)
{
    for (size_t i = 0; i < n; i++) {
        const source_chapter *ch = &chs[i];
        const resolve_chapter *m = ch->model;
        if (!m) continue;
        fprintf(f, "chapter %s \"%s\" label %s outline \"%s\" mark \"%s\"\n", ch->slug, ch->title,
                resolve_str(m->label), m->outline, m->mark);
        for (size_t k = 0; k < m->n_floats; k++) {
            const resolve_float *fl = &m->floats[k];
            static const char *kinds[] = {"table", "figure", "equation"};
            resolve_dump_pos(ch, fl->caption->node, f);
            fprintf(f, "float %s %s label \"%s\" id %s", kinds[fl->kind], resolve_str(fl->number), resolve_str(fl->label),
                    resolve_str(fl->caption->id));
            if (fl->text) fprintf(f, " caption \"%s\"", fl->text);
            fputc('\n', f);
        }
        cmark_iter *it = cmark_iter_new(ch->doc);
        for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;)
            if (ev == CMARK_EVENT_ENTER) resolve_dump_node(ch, cmark_iter_get_node(it), f);
        cmark_iter_free(it);
        for (guint k = 0; k < m->notes->len; k++) {
            const resolve_note *note = g_ptr_array_index(m->notes, k);
            resolve_dump_pos(ch, note->first, f);
            if (note->kind == RESOLVE_NOTE_URL) fprintf(f, "note %zu url %s", note->number, note->url);
            else fprintf(f, "note %zu footnote", note->number);
            fprintf(f, " -> %s\n", note->dest);
        }
    }
}
