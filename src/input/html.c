#include "html.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static size_t html_find(const char *s, size_t len, size_t from, const char *needle)
{
    size_t nl = strlen(needle);
    for (size_t i = from; i + nl <= len; i++)
        if (!memcmp(s + i, needle, nl)) return i;
    return len;
}

bool html_next(const char *s, size_t len, size_t *pos, html_token *t)
{
    size_t p = *pos;
    if (p >= len) return false;
    memset(t, 0, sizeof *t);
    t->start = p;
    if (s[p] != '<') {
        size_t e = p;
        while (e < len && s[e] != '<') e++;
        t->kind = HTML_TEXT;
        t->len = e - p;
        *pos = e;
        return true;
    }
    if (len - p >= 4 && !memcmp(s + p, "<!--", 4)) {
        size_t e = html_find(s, len, p + 4, "-->");
        t->kind = HTML_COMMENT;
        t->len = (e < len ? e + 3 : len) - p;
        *pos = p + t->len;
        return true;
    }
    size_t q = p + 1;
    if (q < len && s[q] == '/') {
        t->closing = true;
        q++;
    }
    if (q >= len || !isalpha((unsigned char)s[q])) {
        if (q < len && (s[q] == '!' || s[q] == '?')) {
            size_t e = html_find(s, len, q, ">");
            t->kind = HTML_OTHER;
            t->len = (e < len ? e + 1 : len) - p;
            *pos = p + t->len;
            return true;
        }
        /* A lone '<' is text. */
        size_t e = q;
        while (e < len && s[e] != '<') e++;
        t->kind = HTML_TEXT;
        t->len = e - p;
        *pos = e;
        return true;
    }
    size_t ns = q;
    while (q < len && (isalnum((unsigned char)s[q]) || s[q] == '-')) q++;
    size_t nlen = q - ns;
    if (nlen < sizeof t->name) {
        for (size_t i = 0; i < nlen; i++) t->name[i] = (char)tolower((unsigned char)s[ns + i]);
    }
    t->attrs = q;
    /* Find the closing '>' outside quotes. */
    char quote = 0;
    while (q < len) {
        char c = s[q];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            break;
        }
        q++;
    }
    size_t end = q < len ? q : len;
    t->attrs_len = end - t->attrs;
    /* "<br/>" and "<img … />" close themselves; the slash of an unquoted value ("href=/docs/") does not. */
    if (end > t->attrs && s[end - 1] == '/' &&
        (end - 1 == t->attrs || isspace((unsigned char)s[end - 2]) || s[end - 2] == '"' || s[end - 2] == '\'')) {
        t->self_closing = true;
        t->attrs_len--;
    }
    t->kind = HTML_TAG;
    t->len = (q < len ? q + 1 : len) - p;
    *pos = p + t->len;
    return true;
}

char *html_decode(const char *s, size_t len)
{
    static const struct { const char *ent; const char *txt; } ents[] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"},
        {"&nbsp;", "\xc2\xa0"}, {"&mdash;", "\xe2\x80\x94"}, {"&ndash;", "\xe2\x80\x93"}, {"&hellip;", "\xe2\x80\xa6"},
    };
    util_buf b = {0};
    for (size_t i = 0; i < len;) {
        bool done = false;
        if (s[i] == '&') {
            for (size_t k = 0; k < sizeof ents / sizeof *ents; k++) {
                size_t el = strlen(ents[k].ent);
                if (i + el <= len && !strncasecmp(s + i, ents[k].ent, el)) {
                    util_buf_adds(&b, ents[k].txt);
                    i += el;
                    done = true;
                    break;
                }
            }
        }
        if (!done) util_buf_addc(&b, s[i++]);
    }
    return util_buf_steal(&b);
}

char *html_attr(const char *s, const html_token *t, const char *name)
{
    size_t i = t->attrs, end = t->attrs + t->attrs_len, nl = strlen(name);
    while (i < end) {
        while (i < end && (isspace((unsigned char)s[i]) || s[i] == '/')) i++;
        size_t ks = i;
        while (i < end && !isspace((unsigned char)s[i]) && s[i] != '=' && s[i] != '/') i++;
        size_t kl = i - ks;
        while (i < end && isspace((unsigned char)s[i])) i++;
        size_t vs = i, vl = 0;
        if (i < end && s[i] == '=') {
            i++;
            while (i < end && isspace((unsigned char)s[i])) i++;
            if (i < end && (s[i] == '"' || s[i] == '\'')) {
                char q = s[i++];
                vs = i;
                while (i < end && s[i] != q) i++;
                vl = i - vs;
                if (i < end) i++;
            } else {
                vs = i;
                while (i < end && !isspace((unsigned char)s[i])) i++;
                vl = i - vs;
            }
        }
        if (kl == nl && !strncasecmp(s + ks, name, nl)) return html_decode(s + vs, vl);
        if (kl == 0) i++;
    }
    return NULL;
}
