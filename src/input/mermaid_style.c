/* mermaid_style — the CSS-like properties of classDef and style statements
 * ("fill:#f9f,stroke:#333,stroke-width:4px"). Only what maps onto the theme is kept:
 * fill and stroke colours (mapped to theme colours when written), a thick or dashed
 * outline. Text colours, fonts and other properties are ignored. */
#include <stdlib.h>
#include <string.h>

#include "mermaid_int.h"

static const struct { const char *name; unsigned rgb; } mm_named[] = {
    {"black", 0x000000},  {"white", 0xffffff},     {"gray", 0x808080},      {"grey", 0x808080},
    {"silver", 0xc0c0c0}, {"red", 0xff0000},       {"maroon", 0x800000},    {"orange", 0xffa500},
    {"yellow", 0xffff00}, {"gold", 0xffd700},      {"olive", 0x808000},     {"lime", 0x00ff00},
    {"green", 0x008000},  {"lightgreen", 0x90ee90}, {"teal", 0x008080},     {"cyan", 0x00ffff},
    {"aqua", 0x00ffff},   {"blue", 0x0000ff},      {"navy", 0x000080},      {"lightblue", 0xadd8e6},
    {"skyblue", 0x87ceeb}, {"purple", 0x800080},   {"violet", 0xee82ee},    {"magenta", 0xff00ff},
    {"fuchsia", 0xff00ff}, {"pink", 0xffc0cb},     {"brown", 0xa52a2a},     {"tomato", 0xff6347},
    {"coral", 0xff7f50},  {"salmon", 0xfa8072},    {"khaki", 0xf0e68c},     {"lavender", 0xe6e6fa},
    {"beige", 0xf5f5dc},  {"lightgray", 0xd3d3d3}, {"lightgrey", 0xd3d3d3}, {"darkgray", 0xa9a9a9},
    {"darkgrey", 0xa9a9a9}, {"lightyellow", 0xffffe0}, {"orchid", 0xda70d6}, {"indigo", 0x4b0082},
};

static int mm_hex(char c)
{
    return g_ascii_isdigit(c) ? c - '0' : g_ascii_isxdigit(c) ? g_ascii_tolower(c) - 'a' + 10 : -1;
}

/* #rgb, #rgba, #rrggbb, #rrggbbaa, rgb(r, g, b), rgba(…), a common colour name; "none" and
 * "transparent" set *none. */
static bool mm_css_color(const char *v, size_t n, theme_color *out, bool *none)
{
    *none = false;
    if ((n == 4 && !g_ascii_strncasecmp(v, "none", 4)) || (n == 11 && !g_ascii_strncasecmp(v, "transparent", 11))) {
        *none = true;
        return true;
    }
    if (n && v[0] == '#') {
        int d[8];
        for (size_t i = 1; i < n; i++)
            if (i > 8 || (d[i - 1] = mm_hex(v[i])) < 0) return false;
        if (n == 4 || n == 5) {
            *out = (theme_color){d[0] / 15.0, d[1] / 15.0, d[2] / 15.0};
            return true;
        }
        if (n == 7 || n == 9) {
            *out = (theme_color){(d[0] * 16 + d[1]) / 255.0, (d[2] * 16 + d[3]) / 255.0, (d[4] * 16 + d[5]) / 255.0};
            return true;
        }
        return false;
    }
    if (n > 4 && !g_ascii_strncasecmp(v, "rgb", 3)) {
        char buf[64];
        if (n >= sizeof buf) return false;
        memcpy(buf, v, n);
        buf[n] = '\0';
        double c[3];
        const char *q = strchr(buf, '(');
        for (int i = 0; i < 3; i++) {
            if (!q) return false;
            char *end;
            c[i] = g_ascii_strtod(q + 1, &end);
            if (end == q + 1 || c[i] < 0 || c[i] > 255) return false;
            q = strchr(end, ',');
            if (!q && i < 2) q = strchr(end, ' ');
        }
        *out = (theme_color){c[0] / 255, c[1] / 255, c[2] / 255};
        return true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(mm_named); i++)
        if (strlen(mm_named[i].name) == n && !g_ascii_strncasecmp(v, mm_named[i].name, n)) {
            unsigned c = mm_named[i].rgb;
            *out = (theme_color){(c >> 16) / 255.0, ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0};
            return true;
        }
    return false;
}

static void mm_trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r' || (*s)[*n - 1] == ';')) (*n)--;
}

static void mm_prop(const char *key, size_t kn, const char *v, size_t vn, size_t voff, mermaid_style *st, mermaid_warn_fn warn, void *ctx)
{
    bool fill = kn == 4 && !memcmp(key, "fill", 4), stroke = kn == 6 && !memcmp(key, "stroke", 6);
    if (fill || stroke) {
        theme_color c;
        bool none;
        if (!mm_css_color(v, vn, &c, &none)) {
            warn(ctx, voff, "unknown colour '%.*s': the theme's colour is kept", (int)(vn > 40 ? 40 : vn), v);
            return;
        }
        if (fill) {
            st->has_fill = !none;
            st->fill_none = none;
            st->fill = c;
        } else if (!none) {
            st->has_stroke = true;
            st->stroke = c;
        }
    } else if (kn == 12 && !memcmp(key, "stroke-width", 12)) {
        char buf[32];
        size_t m = vn < sizeof buf - 1 ? vn : sizeof buf - 1;
        memcpy(buf, v, m);
        buf[m] = '\0';
        st->thick = g_ascii_strtod(buf, NULL) >= 2;
    } else if (kn == 16 && !memcmp(key, "stroke-dasharray", 16)) {
        st->dashed = !(vn == 1 && v[0] == '0') && !(vn == 4 && !memcmp(v, "none", 4));
    }
}

void mermaid_style_parse(const char *text, size_t len, mermaid_style *st, mermaid_warn_fn warn, void *ctx)
{
    size_t i = 0;
    while (i < len) {
        /* One property: up to a ',' outside parentheses (rgb(1, 2, 3)). */
        size_t start = i;
        int depth = 0;
        while (i < len && (text[i] != ',' || depth > 0)) {
            if (text[i] == '(') depth++;
            else if (text[i] == ')' && depth > 0) depth--;
            i++;
        }
        const char *prop = text + start, *colon = memchr(prop, ':', i - start);
        if (colon) {
            const char *key = prop, *v = colon + 1;
            size_t kn = (size_t)(colon - prop), vn = (size_t)(text + i - v);
            mm_trim(&key, &kn);
            mm_trim(&v, &vn);
            mm_prop(key, kn, v, vn, (size_t)(v - text), st, warn, ctx);
        } else {
            const char *v = prop;
            size_t vn = i - start;
            mm_trim(&v, &vn);
            if (vn) warn(ctx, (size_t)(v - text), "expected 'property:value', found '%.*s'", (int)(vn > 40 ? 40 : vn), v);
        }
        if (i < len) i++;
    }
}

void mermaid_style_merge(mermaid_style *a, const mermaid_style *b)
{
    if (b->has_fill || b->fill_none) {
        a->has_fill = b->has_fill;
        a->fill_none = b->fill_none;
        a->fill = b->fill;
    }
    if (b->has_stroke) {
        a->has_stroke = true;
        a->stroke = b->stroke;
    }
    if (b->thick) a->thick = true;
    if (b->dashed) a->dashed = true;
}
