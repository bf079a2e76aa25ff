/* bookindex_text — what the Index chapter prints of an entry that does not depend on pages,
 * decided once after the entries are sorted: its letter group and the targets of its "see" and
 * "see also" references (each once, in book order). Layout adds the pages and the theme's
 * "see" / "see also" words. */
#include <stdlib.h>
#include <string.h>

#include "bookindex.h"
#include "util.h"

/* "X; Y": the targets of the entry's references of one kind, or NULL when it has none. */
static char *bookindex_see_text(const bookindex *ix, const bookindex_entry *e, bool also)
{
    util_buf b = {0};
    for (size_t k = 0; k < e->n_marks; k++) {
        const bookindex_mark *m = &ix->marks[e->marks[k]];
        if (!m->see || m->see_also != also) continue;
        bool dup = false;
        for (size_t j = 0; j < k && !dup; j++) {
            const bookindex_mark *o = &ix->marks[e->marks[j]];
            dup = o->see && o->see_also == also && !strcmp(o->see, m->see);
        }
        if (dup) continue;
        if (b.len) util_buf_adds(&b, "; ");
        util_buf_adds(&b, m->see);
    }
    if (b.len) return util_buf_steal(&b);
    util_buf_free(&b);
    return NULL;
}

void bookindex_texts(bookindex *ix, const theme *th)
{
    for (size_t i = 0; i < ix->n_entries; i++) {
        bookindex_entry *e = &ix->entries[i];
        e->letter = bookindex_letter(e->term);
        e->group = *e->letter ? e->letter : th->label_index_symbols;
        e->see = bookindex_see_text(ix, e, false);
        e->see_also = bookindex_see_text(ix, e, true);
    }
}

void bookindex_dump(const bookindex *ix, FILE *f)
{
    for (size_t i = 0; i < ix->n_entries; i++) {
        const bookindex_entry *e = &ix->entries[i];
        fprintf(f, "index \"%s\"", e->term);
        if (e->sub) fprintf(f, " sub \"%s\"", e->sub);
        fprintf(f, " group \"%s\"", e->group ? e->group : "-");
        if (e->see) fprintf(f, " see \"%s\"", e->see);
        if (e->see_also) fprintf(f, " see-also \"%s\"", e->see_also);
        fputc('\n', f);
    }
}
