#include "xref.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static bool xref_has_scheme(const char *url)
{
    if (!isalpha((unsigned char)url[0])) return false;
    const char *p = url + 1;
    while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.') p++;
    return *p == ':' && p - url > 1;
}

/* cmark percent-encodes link destinations; ids and file names are compared decoded. */
static char *xref_percent_decode(const char *s, size_t n)
{
    util_buf b = {0};
    util_buf_adds(&b, "");
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && isxdigit((unsigned char)s[i + 1]) && isxdigit((unsigned char)s[i + 2])) {
            char h[3] = {s[i + 1], s[i + 2], 0};
            util_buf_addc(&b, (char)strtol(h, NULL, 16));
            i += 2;
        } else {
            util_buf_addc(&b, s[i]);
        }
    }
    return util_buf_steal(&b);
}

char *xref_dest_name(const char *chapter_slug, const char *id)
{
    util_buf b = {0};
    util_buf_adds(&b, "c.");
    for (int part = 0; part < 2; part++) {
        const unsigned char *s = (const unsigned char *)(part ? id : chapter_slug);
        if (part) {
            if (!id || !*id) break;
            util_buf_addc(&b, '.');
        }
        for (; *s; s++) {
            if (isalnum(*s) || *s == '-') util_buf_addc(&b, (char)*s);
            else util_buf_printf(&b, "_%02x", *s);
        }
    }
    return util_buf_steal(&b);
}

void xref_resolve(source_chapter *chapters, size_t n, const source_chapter *from, const char *url, xref_target *out)
{
    memset(out, 0, sizeof *out);
    if (!url || !*url) {
        out->kind = XREF_EMPTY;
        return;
    }
    if (xref_has_scheme(url)) {
        out->kind = XREF_EXTERNAL;
        out->dest = util_xstrdup(url);
        return;
    }
    const char *hash = strchr(url, '#');
    size_t flen = hash ? (size_t)(hash - url) : strlen(url);
    out->file = xref_percent_decode(url, flen);
    out->id = hash ? xref_percent_decode(hash + 1, strlen(hash + 1)) : util_xstrdup("");
    const source_chapter *target = NULL;
    if (!*out->file) {
        target = from;
    } else {
        const char *base = util_path_base(out->file);
        /* By path relative to the linking chapter first (folders of Markdown have a
         * README.md in every folder), then by file name (the book's convention). */
        char *dir = util_path_dir(from->path);
        char *rel = util_path_join(dir, out->file);
        for (size_t i = 0; i < n && !target; i++)
            if (chapters[i].path && !strcmp(chapters[i].path, rel)) target = &chapters[i];
        free(rel);
        free(dir);
        for (size_t i = 0; i < n && !target; i++)
            if (chapters[i].file && !strcmp(chapters[i].file, base)) target = &chapters[i];
        if (!target) {
            size_t bl = strlen(base);
            out->kind = bl > 3 && !strcmp(base + bl - 3, ".md") ? XREF_NO_CHAPTER : XREF_LOCAL_FILE;
            return;
        }
    }
    out->chapter = target;
    if (*out->id && target->title_id && !strcmp(out->id, target->title_id) && !source_has_id(target, out->id)) {
        free(out->id); /* the heading that became the chapter's title: the chapter itself */
        out->id = util_xstrdup("");
    }
    if (*out->id && !source_has_id(target, out->id)) {
        out->kind = XREF_NO_ID;
        return;
    }
    out->kind = XREF_INTERNAL;
    out->dest = xref_dest_name(target->slug, out->id);
    if (!*out->id) return;
    for (size_t i = 0; i < target->n_headings && !out->heading; i++)
        if (!strcmp(target->headings[i].id, out->id)) out->heading = &target->headings[i];
    for (size_t i = 0; i < target->n_captions && !out->heading && !out->caption; i++)
        if (target->captions[i].id && !strcmp(target->captions[i].id, out->id)) out->caption = &target->captions[i];
}

void xref_free(xref_target *t)
{
    free(t->dest);
    free(t->id);
    free(t->file);
    memset(t, 0, sizeof *t);
}
