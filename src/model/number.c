#include "number.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Deepest section level that can carry a number. */
enum { NUMBER_MAX_DEPTH = 5 };

int number_section_level(int heading_level) { return heading_level <= 2 ? 1 : heading_level - 1; }

static char *number_appendix_letter(int k)
{
    /* A … Z, then AA, AB, … */
    char buf[8];
    int len = 0;
    k++;
    while (k > 0 && len < (int)sizeof buf - 1) {
        k--;
        buf[len++] = (char)('A' + k % 26);
        k /= 26;
    }
    char *s = util_xmalloc((size_t)len + 1);
    for (int i = 0; i < len; i++) s[i] = buf[len - 1 - i];
    s[len] = '\0';
    return s;
}

void number_book(source_chapter *chs, size_t n, int depth)
{
    if (depth > NUMBER_MAX_DEPTH) depth = NUMBER_MAX_DEPTH;
    int chapter = 0, appendix = 0;
    for (size_t i = 0; i < n; i++) {
        source_chapter *ch = &chs[i];
        free(ch->number);
        ch->number = NULL;
        if (ch->numbering == SOURCE_NUMBERED) ch->number = util_printf("%d", ++chapter);
        else if (ch->numbering == SOURCE_APPENDIX) ch->number = number_appendix_letter(appendix++);
        size_t tables = 0, figures = 0, equations = 0; /* numbered separately: Table 4.1, Figure 4.1, (4.1) */
        for (size_t k = 0; k < ch->n_captions; k++) {
            source_caption *cap = &ch->captions[k];
            free(cap->number);
            cap->number = NULL;
            if (!cap->text) continue; /* an image with only an id is not numbered */
            if (cap->equation && *cap->text) { /* \tag{…} names its own number */
                cap->number = util_xstrdup(cap->text);
                continue;
            }
            size_t no = cap->equation ? ++equations : cap->figure ? ++figures : ++tables;
            cap->number = ch->number ? util_printf("%s.%zu", ch->number, no) : util_printf("%zu", no);
        }
        int counters[NUMBER_MAX_DEPTH + 1] = {0};
        for (size_t h = 0; h < ch->n_headings; h++) {
            source_heading *hd = &ch->headings[h];
            free(hd->number);
            hd->number = NULL;
            int level = number_section_level(hd->level);
            if (!ch->number || level > depth) continue;
            counters[level]++;
            for (int l = level + 1; l <= NUMBER_MAX_DEPTH; l++) counters[l] = 0;
            util_buf b = {0};
            util_buf_adds(&b, ch->number);
            for (int l = 1; l <= level; l++) util_buf_printf(&b, ".%d", counters[l]);
            hd->number = util_buf_steal(&b);
        }
    }
}

char *number_roman(int n, bool upper)
{
    static const struct { int v; const char *s; } digits[] = {
        {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
        {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"},
    };
    util_buf b = {0};
    if (n < 1) n = 1;
    if (n > NUMBER_ROMAN_MAX) n = NUMBER_ROMAN_MAX; /* bounded: at most a few dozen letters */
    for (size_t i = 0; i < sizeof digits / sizeof *digits; i++)
        while (n >= digits[i].v) {
            util_buf_adds(&b, digits[i].s);
            n -= digits[i].v;
        }
    char *r = util_buf_steal(&b);
    if (upper)
        for (char *q = r; *q; q++) *q = (char)(*q - 'a' + 'A');
    return r;
}
