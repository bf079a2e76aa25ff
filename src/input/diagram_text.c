/* diagram_text — see diagram_text.h. Every scan is one pass over its input. */
#include "diagram_text.h"

#include <glib.h>
#include <string.h>

#include "svgscan.h"
#include "util.h"

bool diagram_text_scan(const char *dot, char **error, int *line)
{
    size_t n = strlen(dot);
    int ln = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)dot[i];
        unsigned long cp = 0;
        size_t len;
        if (ch == '\n') ln++;
        else if (ch < 0x20 && ch != '\t' && ch != '\r') {
            *error = util_printf("control character U+%04X in the DOT text (an SVG cannot hold it)", ch);
            *line = ln;
            return false;
        } else if (ch == '&' && (len = svgscan_char_ref(dot + i, n - i, &cp)) && !svgscan_char_ok(cp)) {
            *error = util_printf("character reference '%.*s' is not a character a diagram can show; write the character itself, or U+FFFD",
                                 (int)(len < 24 ? len : 24), dot + i);
            *line = ln;
            return false;
        }
    }
    return true;
}

/* XML's own entities (any other name in Graphviz's SVG is undefined, and the file is refused). */
static bool diagram_text_xml_entity(const char *s, size_t n, size_t *len)
{
    static const char *const names[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        size_t l = strlen(names[k]);
        if (n >= l && !memcmp(s, names[k], l)) {
            *len = l;
            return true;
        }
    }
    return false;
}

char *diagram_text_clean_svg(const char *svg, size_t len, size_t *out_len)
{
    util_buf b = {0};
    for (size_t i = 0; i < len;) {
        unsigned char ch = (unsigned char)svg[i];
        unsigned long cp = 0;
        size_t l = 0;
        if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
            util_buf_adds(&b, "\xEF\xBF\xBD");
            i++;
        } else if (ch >= 0x80) {
            /* Graphviz writes the characters of references it decoded: one that is no character, or
             * bytes that are no UTF-8, become U+FFFD. */
            gunichar u = g_utf8_get_char_validated(svg + i, (gssize)(len - i));
            size_t l8 = u < 0x80000000u ? (size_t)(g_utf8_next_char(svg + i) - (svg + i)) : 1;
            if (u < 0x80000000u && l8 <= len - i && svgscan_char_ok(u)) util_buf_add(&b, svg + i, l8);
            else util_buf_adds(&b, "\xEF\xBF\xBD");
            i += u < 0x80000000u && l8 <= len - i ? l8 : 1;
        } else if (ch != '&') {
            util_buf_addc(&b, (char)ch);
            i++;
        } else if ((l = svgscan_char_ref(svg + i, len - i, &cp))) {
            if (svgscan_char_ok(cp)) util_buf_add(&b, svg + i, l);
            else util_buf_adds(&b, "&#xFFFD;");
            i += l;
        } else if (diagram_text_xml_entity(svg + i, len - i, &l)) {
            util_buf_add(&b, svg + i, l);
            i += l;
        } else {
            /* A bare '&' or an undefined name: the ampersand itself. */
            util_buf_adds(&b, "&amp;");
            i++;
        }
    }
    *out_len = b.len;
    return util_buf_steal(&b);
}
