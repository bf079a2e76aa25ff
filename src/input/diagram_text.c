/* diagram_text — see diagram_text.h. Every scan is one pass over its input. */
#include "diagram_text.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "svgscan.h"
#include "util.h"

/* An entity name is at most this long (HTML's longest is 31). */
enum { DIAGRAM_TEXT_MAX_ENTITY = 32 };
/* How far (pt) dot's splines may bend into the box of the label they pass: added to the gap. */
#define DIAGRAM_TEXT_SPLINE_SLACK 1.5

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

/* Text for an HTML-like label: markup characters escaped, an ampersand kept where it starts an
 * entity (Graphviz decodes those in plain labels too). */
static void diagram_text_html(util_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '<') util_buf_adds(b, "&lt;");
        else if (c == '>') util_buf_adds(b, "&gt;");
        else if (c == '"') util_buf_adds(b, "&quot;");
        else if (c == '&') {
            size_t j = i + 1;
            if (j < n && s[j] == '#') j++;
            while (j < n && j - i <= DIAGRAM_TEXT_MAX_ENTITY && g_ascii_isalnum(s[j])) j++;
            if (j < n && s[j] == ';' && j > i + 1 && s[i + 1 + (s[i + 1] == '#')] != ';') util_buf_addc(b, '&');
            else util_buf_adds(b, "&amp;");
        } else util_buf_addc(b, c);
    }
}

static void diagram_text_html_s(util_buf *b, const char *s) { diagram_text_html(b, s, strlen(s)); }

/* A plain label's text as HTML-like text (see diagram_text.h). */
static void diagram_text_plain_to_html(util_buf *b, Agedge_t *e, const char *v)
{
    size_t n = strlen(v);
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        bool last = i + 2 >= n;
        if (c == '\n') {
            if (i + 1 < n) util_buf_adds(b, "<BR/>");
        } else if (c != '\\' || i + 1 == n) {
            diagram_text_html(b, v + i, 1);
        } else {
            char x = v[++i];
            Agraph_t *root = agroot(agraphof(aghead(e)));
            /* A line break that ends the label breaks nothing. */
            if (x == 'n' || x == 'l' || x == 'r') {
                if (!last) util_buf_adds(b, x == 'n' ? "<BR/>" : x == 'l' ? "<BR ALIGN=\"LEFT\"/>" : "<BR ALIGN=\"RIGHT\"/>");
            } else if (x == 'T') diagram_text_html_s(b, agnameof(agtail(e)));
            else if (x == 'H') diagram_text_html_s(b, agnameof(aghead(e)));
            else if (x == 'G') diagram_text_html_s(b, agnameof(root));
            else if (x == 'E') {
                diagram_text_html_s(b, agnameof(agtail(e)));
                util_buf_adds(b, agisdirected(root) ? "-&gt;" : "--");
                diagram_text_html_s(b, agnameof(aghead(e)));
            } else if (x != 'N' && x != 'L') diagram_text_html(b, &x, 1);
        }
    }
}

void diagram_text_pad_edge_labels(Agraph_t *g, double gap)
{
    Agsym_t *sym = agattr(g, AGEDGE, "label", NULL);
    if (!sym) return;
    int pad = (int)ceil(gap + DIAGRAM_TEXT_SPLINE_SLACK);
    /* dot sets a label beside its edge, across the ranks: padded fully on those two sides by spacer
     * cells, and by half as much along the ranks (which it lengthens), where only a sloped edge
     * passing the label's corner comes near. */
    int along = (int)ceil(gap / 2);
    const char *dir = agget(g, "rankdir");
    bool across = dir && (!g_ascii_strcasecmp(dir, "LR") || !g_ascii_strcasecmp(dir, "RL"));
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        for (Agedge_t *e = agfstout(g, v); e; e = agnxtout(g, e)) {
            char *label = agxget(e, sym);
            if (!label || !*label) continue;
            util_buf b = {0};
            util_buf_adds(&b, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\">");
            if (across) util_buf_printf(&b, "<TR><TD HEIGHT=\"%d\"></TD></TR><TR><TD CELLPADDING=\"%d\">", pad - along, along);
            else util_buf_printf(&b, "<TR><TD WIDTH=\"%d\"></TD><TD CELLPADDING=\"%d\">", pad - along, along);
            if (aghtmlstr(label)) util_buf_adds(&b, label);
            else diagram_text_plain_to_html(&b, e, label);
            if (across) util_buf_printf(&b, "</TD></TR><TR><TD HEIGHT=\"%d\"></TD></TR></TABLE>", pad - along);
            else util_buf_printf(&b, "</TD><TD WIDTH=\"%d\"></TD></TR></TABLE>", pad - along);
            char *html = agstrdup_html(g, b.s);
            agxset(e, sym, html);
            agstrfree(g, html);
            util_buf_free(&b);
        }
}
