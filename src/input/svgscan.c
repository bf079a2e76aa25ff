#include "svgscan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "util.h"

/* Attributes and CSS properties whose numbers are checked: sizes, coordinates,
 * lengths, transforms. Path data (d, points) is not: cairo copes with it. */
static const char *const svgscan_watched[] = {
    "x", "y", "dx", "dy", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "x1", "y1", "x2", "y2", "width", "height",
    "viewBox", "transform", "gradientTransform", "patternTransform", "rotate", "font", "font-size", "font-weight",
    "stroke-width", "stroke-dasharray", "stroke-dashoffset", "stroke-miterlimit", "letter-spacing", "word-spacing",
    "line-height", "kerning", "textLength", "baseline-shift", "stdDeviation", "radius", "markerWidth", "markerHeight",
    "refX", "refY", "startOffset", "inline-size",
};

enum { SVGSCAN_MAX_NUMBER_CHARS = 63, SVGSCAN_SHOWN_CHARS = 40 };

typedef struct svgscan {
    const char *s;
    size_t n;
    char *why;        /* the first problem, newly allocated */
    double tag_scale; /* how much the current start tag's transform enlarges */
} svgscan;

static bool svgscan_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == ':' || c == '.';
}

static bool svgscan_is_watched(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof svgscan_watched / sizeof *svgscan_watched; i++)
        if (strlen(svgscan_watched[i]) == len && !strncasecmp(svgscan_watched[i], name, len)) return true;
    return false;
}

static bool svgscan_digit(char c) { return c >= '0' && c <= '9'; }

static void svgscan_out_of_range(svgscan *sc, const char *name, size_t nlen, const char *v, size_t vlen)
{
    int shown = vlen > SVGSCAN_SHOWN_CHARS ? SVGSCAN_SHOWN_CHARS : (int)vlen;
    while (shown > 0 && (size_t)shown < vlen && ((unsigned char)v[shown] & 0xC0) == 0x80) shown--;
    sc->why = util_printf("SVG has an out-of-range value (%.*s=\"%.*s%s\"; numbers and scale factors are limited to %.0f)",
                          (int)nlen, name, shown, v, vlen > (size_t)shown ? "…" : "", SVGSCAN_MAX_VALUE);
}

/* Every number in a watched value: finite and within ±SVGSCAN_MAX_VALUE. */
static void svgscan_value(svgscan *sc, const char *name, size_t nlen, const char *v, size_t vlen)
{
    for (size_t i = 0; i < vlen && !sc->why;) {
        char c = v[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '#') {
            /* A word or a colour ("px", "rotate", "#1e9999"): no number starts inside it. */
            while (i < vlen && (svgscan_name_char(v[i]) || v[i] == '#')) i++;
            continue;
        }
        size_t j = i;
        if (v[j] == '+' || v[j] == '-') j++;
        if (!(j < vlen && (svgscan_digit(v[j]) || (v[j] == '.' && j + 1 < vlen && svgscan_digit(v[j + 1]))))) {
            i++;
            continue;
        }
        while (j < vlen && svgscan_digit(v[j])) j++;
        if (j < vlen && v[j] == '.')
            for (j++; j < vlen && svgscan_digit(v[j]);) j++;
        if (j + 1 < vlen && (v[j] == 'e' || v[j] == 'E') &&
            (svgscan_digit(v[j + 1]) || ((v[j + 1] == '+' || v[j + 1] == '-') && j + 2 < vlen && svgscan_digit(v[j + 2])))) {
            j += 2;
            while (j < vlen && svgscan_digit(v[j])) j++;
        }
        size_t tl = j - i;
        double x = HUGE_VAL;
        if (tl <= SVGSCAN_MAX_NUMBER_CHARS) {
            char buf[SVGSCAN_MAX_NUMBER_CHARS + 1];
            memcpy(buf, v + i, tl);
            buf[tl] = '\0';
            x = strtod(buf, NULL);
        }
        if (!isfinite(x) || fabs(x) > SVGSCAN_MAX_VALUE) svgscan_out_of_range(sc, name, nlen, v, vlen);
        i = j;
    }
}

/* How much a transform list can enlarge: the product over its functions of the
 * largest scale factor (a matrix's largest linear entry, 1 + |tan| for a skew). */
static double svgscan_transform_scale(const char *v, size_t vlen)
{
    char *t = g_strndup(v, vlen);
    double scale = 1;
    for (char *p = t; *p;) {
        char *open = strchr(p, '('), *close = open ? strchr(open, ')') : NULL;
        if (!close) break;
        *open = *close = '\0';
        double a[6] = {0}, big = 0;
        int n = 0;
        for (char *q = open + 1, *e; n < 6; q = e) {
            while (*q == ' ' || *q == ',' || *q == '\t' || *q == '\n' || *q == '\r') q++;
            double x = strtod(q, &e);
            if (e == q) break;
            a[n++] = x;
        }
        for (int k = 0; k < n && k < 4; k++) big = fmax(big, fabs(a[k]));
        char *name = p;
        while (*name == ',' || *name == ' ' || *name == '\t' || *name == '\n' || *name == '\r') name++;
        g_strchomp(name);
        if (!strcmp(name, "scale") || !strcmp(name, "matrix")) scale *= big;
        else if (!strcmp(name, "skewX") || !strcmp(name, "skewY")) scale *= 1 + fabs(tan(a[0] * G_PI / 180));
        p = close + 1;
    }
    g_free(t);
    return scale;
}

/* CSS text (a style attribute or a <style> element): "prop: value" declarations. */
static void svgscan_css(svgscan *sc, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i <= n && !sc->why; i++) {
        if (i < n && s[i] != ';' && s[i] != '{' && s[i] != '}') continue;
        const char *colon = memchr(s + start, ':', i - start);
        if (colon) {
            const char *pe = colon, *ps;
            while (pe > s + start && (pe[-1] == ' ' || pe[-1] == '\t' || pe[-1] == '\n' || pe[-1] == '\r')) pe--;
            for (ps = pe; ps > s + start && svgscan_name_char(ps[-1]);) ps--;
            const char *vs = colon + 1, *ve = s + i;
            while (vs < ve && (*vs == ' ' || *vs == '\t' || *vs == '\n' || *vs == '\r')) vs++;
            while (ve > vs && (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\n' || ve[-1] == '\r')) ve--;
            if (svgscan_is_watched(ps, (size_t)(pe - ps))) svgscan_value(sc, ps, (size_t)(pe - ps), vs, (size_t)(ve - vs));
        }
        start = i + 1;
    }
}

static bool svgscan_at(const svgscan *sc, size_t i, const char *lit)
{
    return util_has_at(sc->s, sc->n, i, lit);
}

/* <!ENTITY …>: entities that hold markup or name files are refused (the markup
 * would escape this scan; files are read only from the book). */
static void svgscan_entity(svgscan *sc, size_t i)
{
    size_t q = i + 1; /* up to its value, its end or the next tag: each byte is looked at once */
    while (q < sc->n && sc->s[q] != '"' && sc->s[q] != '\'' && sc->s[q] != '>' && sc->s[q] != '<') q++;
    for (size_t k = i; k + 6 <= q; k++)
        if (!memcmp(sc->s + k, "SYSTEM", 6) || !memcmp(sc->s + k, "PUBLIC", 6)) {
            sc->why = util_xstrdup("SVG declares an external entity");
            return;
        }
    if (q >= sc->n || sc->s[q] == '>' || sc->s[q] == '<') return;
    const char *end = memchr(sc->s + q + 1, sc->s[q], sc->n - q - 1);
    size_t vlen = end ? (size_t)(end - (sc->s + q + 1)) : sc->n - q - 1;
    if (memchr(sc->s + q + 1, '<', vlen)) sc->why = util_xstrdup("SVG declares an entity that holds markup");
}

static bool svgscan_find_ci(const char *s, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    for (size_t i = 0; i + l <= n; i++)
        if (!strncasecmp(s + i, lit, l)) return true;
    return false;
}

/* The attributes of a start tag from i (just after its name); returns where the tag ends. */
static size_t svgscan_attributes(svgscan *sc, size_t i)
{
    while (i < sc->n && !sc->why) {
        char c = sc->s[i];
        if (c == '>') return i + 1;
        if (!svgscan_name_char(c)) {
            i++;
            continue;
        }
        size_t ns = i;
        while (i < sc->n && svgscan_name_char(sc->s[i])) i++;
        size_t nlen = i - ns;
        while (i < sc->n && (sc->s[i] == ' ' || sc->s[i] == '\t' || sc->s[i] == '\n' || sc->s[i] == '\r')) i++;
        if (i >= sc->n || sc->s[i] != '=') continue;
        for (i++; i < sc->n && (sc->s[i] == ' ' || sc->s[i] == '\t' || sc->s[i] == '\n' || sc->s[i] == '\r');) i++;
        if (i >= sc->n) break;
        size_t vs, ve;
        if (sc->s[i] == '"' || sc->s[i] == '\'') {
            const char *end = memchr(sc->s + i + 1, sc->s[i], sc->n - i - 1);
            vs = i + 1;
            ve = end ? (size_t)(end - sc->s) : sc->n;
            i = end ? ve + 1 : sc->n;
        } else {
            vs = i;
            while (i < sc->n && sc->s[i] != '>' && sc->s[i] != ' ' && sc->s[i] != '\t' && sc->s[i] != '\n') i++;
            ve = i;
        }
        const char *name = sc->s + ns;
        if (nlen == 5 && !strncasecmp(name, "style", 5)) svgscan_css(sc, sc->s + vs, ve - vs);
        else if (svgscan_is_watched(name, nlen)) svgscan_value(sc, name, nlen, sc->s + vs, ve - vs);
        /* An SVG inside a data: URL would reach librsvg unscanned. */
        if (!sc->why && nlen >= 4 && !strncasecmp(name + nlen - 4, "href", 4) && ve - vs >= 5 &&
            !strncasecmp(sc->s + vs, "data:", 5) && svgscan_find_ci(sc->s + vs, ve - vs, "svg"))
            sc->why = util_xstrdup("SVG embeds another SVG (a data: URL)");
        if (!sc->why && nlen == 9 && !strncmp(name, "transform", 9)) {
            sc->tag_scale = svgscan_transform_scale(sc->s + vs, ve - vs);
            if (!(sc->tag_scale <= SVGSCAN_MAX_VALUE)) /* also NaN */
                svgscan_out_of_range(sc, name, nlen, sc->s + vs, ve - vs);
        }
    }
    return i;
}

enum { SVGSCAN_MAX_CP = 0x10FFFF };

bool svgscan_char_ok(unsigned long cp)
{
    if (cp < 0x20) return cp == '\t' || cp == '\n' || cp == '\r';
    if (cp >= 0x7F && cp <= 0x9F) return false;
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;
    if (cp >= 0xFDD0 && cp <= 0xFDEF) return false;
    if ((cp & 0xFFFE) == 0xFFFE) return false;
    return cp <= SVGSCAN_MAX_CP;
}

size_t svgscan_char_ref(const char *s, size_t n, unsigned long *cp)
{
    if (n < 4 || s[0] != '&' || s[1] != '#') return 0;
    bool hex = s[2] == 'x' || s[2] == 'X';
    size_t i = hex ? 3 : 2, start = i;
    unsigned long v = 0;
    for (; i < n && (hex ? g_ascii_isxdigit(s[i]) : g_ascii_isdigit(s[i])); i++)
        if (v <= SVGSCAN_MAX_CP) v = v * (hex ? 16 : 10) + (unsigned long)(hex ? g_ascii_xdigit_value(s[i]) : s[i] - '0');
    if (i == start || i >= n || s[i] != ';') return 0;
    *cp = v > SVGSCAN_MAX_CP ? SVGSCAN_MAX_CP + 1 : v;
    return i + 1;
}

/* Noncharacters, written or referred to: librsvg passes them on and cairo then refuses the
 * whole PDF ("input string not valid UTF-8"). Controls and bytes that are no UTF-8 make
 * librsvg refuse the file itself, which leaves the image out with a warning already. */
static char *svgscan_chars(const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned long cp = 0;
        if (data[i] == '&' && svgscan_char_ref(data + i, len - i, &cp)) {
            /* cp is the reference's character */
        } else if ((unsigned char)data[i] >= 0xC0) {
            gunichar u = g_utf8_get_char_validated(data + i, (gssize)(len - i));
            if (u >= 0x80000000u) continue;
            cp = u;
        } else {
            continue;
        }
        if (cp > 0x9F && !svgscan_char_ok(cp)) return util_printf("SVG holds a character a PDF cannot hold (U+%04lX)", cp);
    }
    return NULL;
}

bool svgscan_check(const char *data, size_t len, char **why)
{
    *why = NULL;
    if (len > SVGSCAN_MAX_BYTES) {
        *why = util_printf("SVG is too large (%.1f MiB; the limit is %d MiB)", (double)len / (1 << 20),
                           SVGSCAN_MAX_BYTES >> 20);
        return false;
    }
    if ((*why = svgscan_chars(data, len))) return false;
    svgscan sc = {data, len, NULL, 1};
    long elements = 0;
    /* The enlargement of the transforms of the open elements, multiplied. */
    double scales[SVGSCAN_MAX_DEPTH + 1];
    int depth = 0;
    scales[0] = 1;
    for (size_t i = 0; i < len && !sc.why;) {
        if (data[i] != '<') {
            i++;
            continue;
        }
        if (svgscan_at(&sc, i, "</")) {
            if (depth > 0) depth--;
            i += 2;
            continue;
        }
        if (svgscan_at(&sc, i, "<!ENTITY")) {
            svgscan_entity(&sc, i);
            i++;
            continue;
        }
        char c = i + 1 < len ? data[i + 1] : '\0';
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':')) {
            i++;
            continue;
        }
        if (++elements > SVGSCAN_MAX_ELEMENTS) {
            sc.why = util_printf("SVG has too many elements (the limit is %d)", SVGSCAN_MAX_ELEMENTS);
            break;
        }
        size_t ns = i + 1, ne = ns;
        while (ne < len && svgscan_name_char(data[ne])) ne++;
        const char *local = memchr(data + ns, ':', ne - ns); /* svg:style */
        local = local ? local + 1 : data + ns;
        bool style = data + ne - local == 5 && !strncasecmp(local, "style", 5);
        sc.tag_scale = 1;
        i = svgscan_attributes(&sc, ne);
        if (sc.why) break;
        if (!(scales[depth] * sc.tag_scale <= SVGSCAN_MAX_VALUE)) {
            sc.why = util_printf("SVG has an out-of-range value (nested transforms enlarge more than %.0f times)",
                                 SVGSCAN_MAX_VALUE);
            break;
        }
        if (!(i >= 2 && data[i - 1] == '>' && data[i - 2] == '/')) { /* not <…/>: it stays open */
            if (depth == SVGSCAN_MAX_DEPTH) {
                sc.why = util_printf("SVG nests elements more than %d deep", SVGSCAN_MAX_DEPTH);
                break;
            }
            scales[depth + 1] = scales[depth] * sc.tag_scale;
            depth++;
        }
        if (style && !sc.why) { /* its text, up to the next end tag */
            size_t e = i;
            while (e < len && !svgscan_at(&sc, e, "</")) e++;
            svgscan_css(&sc, data + i, e - i);
            i = e;
        }
    }
    *why = sc.why;
    return !sc.why;
}
