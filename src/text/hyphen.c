#define _DEFAULT_SOURCE
#include "hyphen.h"

#include <ctype.h>
#include <dirent.h>
#include <glib.h>
#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longer words are left alone (they are identifiers or made up, and fit libhyphen's buffers). */
enum { HYPHEN_MAX_WORD = 64 };
#define HYPHEN_SOFT "\xc2\xad"

struct hyphen {
    HyphenDict *dict;
    int min_left, min_right, min_word;
};

char *hyphen_find(const char *dir, const char *language)
{
    /* "en-US" → hyph_en_US.dic, then hyph_en.dic, then any hyph_en_*.dic. */
    char tag[32];
    size_t n = 0;
    for (; n < sizeof tag - 1 && language[n]; n++) tag[n] = language[n] == '-' ? '_' : language[n];
    tag[n] = '\0';
    char *path = util_printf("%s/hyph_%s.dic", dir, tag);
    if (util_path_exists(path)) return path;
    free(path);
    char primary[16];
    size_t p = 0;
    while (language[p] && language[p] != '-' && p < sizeof primary - 1) {
        primary[p] = (char)tolower((unsigned char)language[p]);
        p++;
    }
    primary[p] = '\0';
    path = util_printf("%s/hyph_%s.dic", dir, primary);
    if (util_path_exists(path)) return path;
    free(path);
    struct dirent **names = NULL;
    int count = scandir(dir, &names, NULL, alphasort);
    char *found = NULL;
    char *prefix = util_printf("hyph_%s_", primary);
    for (int i = 0; i < count; i++) {
        const char *nm = names[i]->d_name;
        size_t len = strlen(nm);
        if (!found && !strncmp(nm, prefix, strlen(prefix)) && len > 4 && !strcmp(nm + len - 4, ".dic"))
            found = util_printf("%s/%s", dir, nm);
        free(names[i]);
    }
    free(names);
    free(prefix);
    return found;
}

hyphen *hyphen_open(const char *dir, const char *language, int min_left, int min_right, int min_word)
{
    return hyphen_open_in(NULL, dir, language, min_left, min_right, min_word);
}

hyphen *hyphen_open_in(files *fs, const char *dir, const char *language, int min_left, int min_right, int min_word)
{
    char *path = hyphen_find(dir, language);
    if (!path) return NULL;
    GBytes *bytes = files_read(fs, path, HYPHEN_MAX_DIC_BYTES, NULL, NULL);
    free(path);
    if (!bytes) return NULL;
    gsize len = 0;
    const void *data = g_bytes_get_data(bytes, &len);
    /* libhyphen parses a stream: the bytes the store read, as one. */
    FILE *f = len ? fmemopen((void *)data, len, "r") : NULL;
    HyphenDict *d = f ? hnj_hyphen_load_file(f) : NULL;
    if (f) fclose(f);
    g_bytes_unref(bytes);
    if (!d) return NULL;
    hyphen *h = util_xcalloc(1, sizeof *h);
    h->dict = d;
    h->min_left = min_left < 1 ? 1 : min_left;
    h->min_right = min_right < 1 ? 1 : min_right;
    h->min_word = min_word;
    return h;
}

void hyphen_close(hyphen *h)
{
    if (!h) return;
    hnj_hyphen_free(h->dict);
    free(h);
}

static void hyphen_word(hyphen *h, const char *w, size_t len, util_buf *out)
{
    /* Only plain lower-case or capitalised ASCII words: no acronyms, no identifiers. */
    bool ok = (int)len >= h->min_word && (int)len >= h->min_left + h->min_right && len <= HYPHEN_MAX_WORD;
    for (size_t i = 1; i < len && ok; i++) ok = islower((unsigned char)w[i]);
    if (!ok) {
        util_buf_add(out, w, len);
        return;
    }
    char lower[HYPHEN_MAX_WORD + 1];
    char hyph[HYPHEN_MAX_WORD + 5];
    for (size_t i = 0; i < len; i++) lower[i] = (char)tolower((unsigned char)w[i]);
    lower[len] = '\0';
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    memset(hyph, 0, sizeof hyph);
    if (hnj_hyphen_hyphenate3(h->dict, lower, (int)len, hyph, NULL, &rep, &pos, &cut, h->min_left, h->min_right,
                              h->min_left, h->min_right) != 0) {
        util_buf_add(out, w, len);
        return;
    }
    for (size_t i = 0; i < len; i++) {
        util_buf_addc(out, w[i]);
        if ((hyph[i] & 1) && i + 1 < len) util_buf_adds(out, HYPHEN_SOFT);
    }
    if (rep) {
        for (size_t i = 0; i < len; i++) free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
}

void hyphen_text(hyphen *h, const char *text, util_buf *out)
{
    if (!h) {
        util_buf_adds(out, text);
        return;
    }
    const char *p = text;
    while (*p) {
        if (isalpha((unsigned char)*p)) {
            const char *s = p;
            while (isalpha((unsigned char)*p)) p++;
            /* Part of a larger token (digits, underscores, accented letters): leave it alone. */
            bool glued = isdigit((unsigned char)*p) || *p == '_' || (*p && g_unichar_isalnum(g_utf8_get_char(p)));
            if (s > text) {
                gunichar prev = g_utf8_get_char(g_utf8_find_prev_char(text, s));
                glued = glued || prev == '_' || g_unichar_isalnum(prev);
            }
            if (glued) util_buf_add(out, s, (size_t)(p - s));
            else hyphen_word(h, s, (size_t)(p - s), out);
        } else {
            util_buf_addc(out, *p++);
        }
    }
}
