#include "pdf_finish.h"

#include <errno.h>
#include <glib.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "util.h"

static void pdf_finish_xml(util_buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': util_buf_adds(b, "&lt;"); break;
        case '>': util_buf_adds(b, "&gt;"); break;
        case '&': util_buf_adds(b, "&amp;"); break;
        case '"': util_buf_adds(b, "&quot;"); break;
        default:
            /* Control characters are not allowed in XML 1.0. */
            if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n') util_buf_addc(b, *s);
        }
    }
}

static void pdf_finish_alt(util_buf *b, const char *tag, const char *value)
{
    if (!value || !*value) return;
    util_buf_printf(b, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", tag);
    pdf_finish_xml(b, value);
    util_buf_printf(b, "</rdf:li></rdf:Alt></%s>\n", tag);
}

char *pdf_finish_xmp(const pdf_meta *m)
{
    struct tm tm;
    gmtime_r(&m->date, &tm);
    char date[32];
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    util_buf b = {0};
    util_buf_adds(&b, "<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                      " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                      "  <rdf:Description rdf:about=\"\"\n"
                      "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                      "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                      "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                      "   <dc:format>application/pdf</dc:format>\n");
    pdf_finish_alt(&b, "dc:title", m->title);
    pdf_finish_alt(&b, "dc:description", m->subject);
    if (m->author && *m->author) {
        util_buf_adds(&b, "   <dc:creator><rdf:Seq><rdf:li>");
        pdf_finish_xml(&b, m->author);
        util_buf_adds(&b, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    if (m->language && *m->language) {
        util_buf_adds(&b, "   <dc:language><rdf:Bag><rdf:li>");
        pdf_finish_xml(&b, m->language);
        util_buf_adds(&b, "</rdf:li></rdf:Bag></dc:language>\n");
    }
    if (m->keywords && *m->keywords) {
        util_buf_adds(&b, "   <pdf:Keywords>");
        pdf_finish_xml(&b, m->keywords);
        util_buf_adds(&b, "</pdf:Keywords>\n");
    }
    if (m->creator) {
        util_buf_adds(&b, "   <xmp:CreatorTool>");
        pdf_finish_xml(&b, m->creator);
        util_buf_adds(&b, "</xmp:CreatorTool>\n");
    }
    util_buf_printf(&b, "   <xmp:CreateDate>%s</xmp:CreateDate>\n   <xmp:ModifyDate>%s</xmp:ModifyDate>\n"
                        "   <xmp:MetadataDate>%s</xmp:MetadataDate>\n",
                    date, date, date);
    util_buf_adds(&b, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n");
    return util_buf_steal(&b);
}

/* Walks the structure tree from StructTreeRoot in document order (children in /K
 * order) and sets /Alt on the Figures and Formulas, up to the last one. Iterative, and every
 * object is entered at most once, so a damaged or cyclic tree cannot loop. */
static void pdf_finish_figures(qpdf_data q, qpdf_oh root, char **alts, size_t n_alts)
{
    qpdf_oh tree = qpdf_oh_get_key(q, root, "/StructTreeRoot");
    if (!qpdf_oh_is_dictionary(q, tree)) return;
    qpdf_oh *stack = NULL;
    size_t n = 0, cap = 0, fig = 0;
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    *UTIL_PUSH(stack, n, cap) = qpdf_oh_get_key(q, tree, "/K");
    /* Every handle is released once used: the C API keeps each one until then. */
    while (n && fig < n_alts) {
        qpdf_oh o = stack[--n];
        bool visit = true;
        if (qpdf_oh_is_indirect(q, o)) {
            gpointer id = GINT_TO_POINTER(qpdf_oh_get_object_id(q, o));
            visit = !g_hash_table_contains(seen, id);
            g_hash_table_add(seen, id);
        }
        if (visit && qpdf_oh_is_array(q, o)) {
            /* Pushed last first, so the first child is visited next. */
            for (int i = qpdf_oh_get_array_n_items(q, o); i > 0; i--) *UTIL_PUSH(stack, n, cap) = qpdf_oh_get_array_item(q, o, i - 1);
        } else if (visit && qpdf_oh_is_dictionary(q, o) && qpdf_oh_has_key(q, o, "/S")) { /* not marked content, annotations */
            qpdf_oh role = qpdf_oh_get_key(q, o, "/S");
            if (qpdf_oh_is_name_and_equals(q, role, "/Figure") || qpdf_oh_is_name_and_equals(q, role, "/Formula")) {
                if (alts[fig]) {
                    qpdf_oh alt = qpdf_oh_new_unicode_string(q, alts[fig]);
                    qpdf_oh_replace_key(q, o, "/Alt", alt);
                    qpdf_oh_release(q, alt);
                }
                fig++;
            }
            qpdf_oh_release(q, role);
            if (qpdf_oh_has_key(q, o, "/K")) *UTIL_PUSH(stack, n, cap) = qpdf_oh_get_key(q, o, "/K");
        }
        qpdf_oh_release(q, o);
    }
    g_hash_table_destroy(seen);
    free(stack);
}

/* The array's last `front` items moved before its first `body` ones (nothing when it does not
 * hold exactly body + front items). */
static void pdf_finish_rotate(qpdf_data q, qpdf_oh array, size_t body, size_t front)
{
    if (!front || !qpdf_oh_is_array(q, array) || (size_t)qpdf_oh_get_array_n_items(q, array) != body + front) return;
    qpdf_oh moved = qpdf_oh_new_array(q);
    for (size_t i = 0; i < body + front; i++) {
        qpdf_oh item = qpdf_oh_get_array_item(q, array, (int)((i + body) % (body + front)));
        qpdf_oh_append_item(q, moved, item);
        qpdf_oh_release(q, item);
    }
    for (size_t i = 0; i < body + front; i++) {
        qpdf_oh item = qpdf_oh_get_array_item(q, moved, (int)i);
        qpdf_oh_set_array_item(q, array, (int)i, item);
        qpdf_oh_release(q, item);
    }
    qpdf_oh_release(q, moved);
}

/* A page's label: its range (an index into /Nums' pairs; -1: before the first, which cairo leaves
 * out when it would be decimal from 1) and its number in it. */
typedef struct pdf_finish_label {
    int range;
    long long number;
} pdf_finish_label;

/* /PageLabels << /Nums [start dict …] >> (ranges of pages: a prefix /P, a style /S, numbers from
 * /St) for the pages in their new order, page i being the old page (i + body) % n: each page
 * keeps its label; a range starts where the range or the numbering changes. */
static void pdf_finish_labels(qpdf_data q, qpdf_oh root, size_t body, size_t n)
{
    qpdf_oh labels = qpdf_oh_get_key(q, root, "/PageLabels");
    qpdf_oh nums = qpdf_oh_is_dictionary(q, labels) ? qpdf_oh_get_key(q, labels, "/Nums") : qpdf_oh_new_null(q);
    int len = qpdf_oh_is_array(q, nums) ? qpdf_oh_get_array_n_items(q, nums) : 0;
    pdf_finish_label *old = util_xcalloc(n ? n : 1, sizeof *old);
    for (size_t i = 0; i < n; i++) old[i] = (pdf_finish_label){-1, (long long)i + 1};
    bool ok = len >= 2 && len % 2 == 0;
    for (int r = 0; ok && r < len / 2; r++) {
        qpdf_oh k = qpdf_oh_get_array_item(q, nums, 2 * r), d = qpdf_oh_get_array_item(q, nums, 2 * r + 1);
        qpdf_oh st = qpdf_oh_is_dictionary(q, d) ? qpdf_oh_get_key(q, d, "/St") : qpdf_oh_new_null(q);
        long long from = qpdf_oh_is_integer(q, k) ? qpdf_oh_get_int_value(q, k) : -1;
        long long first = qpdf_oh_is_integer(q, st) ? qpdf_oh_get_int_value(q, st) : 1;
        ok = from >= 0 && (size_t)from < n && qpdf_oh_is_dictionary(q, d);
        for (size_t i = ok ? (size_t)from : n; i < n; i++) old[i] = (pdf_finish_label){r, first + (long long)(i - (size_t)from)};
        qpdf_oh_release(q, st);
        qpdf_oh_release(q, k);
        qpdf_oh_release(q, d);
    }
    if (ok) {
        qpdf_oh sorted = qpdf_oh_new_array(q);
        for (size_t i = 0; i < n; i++) {
            const pdf_finish_label *l = &old[(i + body) % n], *prev = i ? &old[(i - 1 + body) % n] : NULL;
            if (prev && prev->range == l->range && prev->number + 1 == l->number) continue;
            qpdf_oh d = l->range >= 0 ? qpdf_oh_get_array_item(q, nums, 2 * l->range + 1) : qpdf_oh_parse(q, "<< /S /D >>");
            qpdf_oh copy = qpdf_oh_new_dictionary(q);
            char **keys = NULL;
            size_t n_keys = 0, cap = 0;
            qpdf_oh_begin_dict_key_iter(q, d);
            while (qpdf_oh_dict_more_keys(q)) *UTIL_PUSH(keys, n_keys, cap) = util_xstrdup(qpdf_oh_dict_next_key(q));
            for (size_t k = 0; k < n_keys; k++) {
                qpdf_oh v = qpdf_oh_get_key(q, d, keys[k]);
                qpdf_oh_replace_key(q, copy, keys[k], v);
                qpdf_oh_release(q, v);
                free(keys[k]);
            }
            free(keys);
            qpdf_oh st = qpdf_oh_new_integer(q, l->number);
            qpdf_oh_replace_key(q, copy, "/St", st);
            qpdf_oh idx = qpdf_oh_new_integer(q, (long long)i);
            qpdf_oh_append_item(q, sorted, idx);
            qpdf_oh_append_item(q, sorted, copy);
            qpdf_oh_release(q, st);
            qpdf_oh_release(q, idx);
            qpdf_oh_release(q, copy);
            qpdf_oh_release(q, d);
        }
        qpdf_oh_replace_key(q, labels, "/Nums", sorted);
        qpdf_oh_release(q, sorted);
    }
    free(old);
    qpdf_oh_release(q, nums);
    qpdf_oh_release(q, labels);
}

/* The front matter (drawn last) before the body: the pages, their labels (a number tree of
 * page indices) and the Document element's children. */
static void pdf_finish_order_front(qpdf_data q, qpdf_oh root, const pdf_finish_order *o)
{
    if (!o || !o->front_pages) return;
    size_t n = o->body_pages + o->front_pages;
    qpdf_oh pages = qpdf_oh_get_key(q, root, "/Pages");
    qpdf_oh kids = qpdf_oh_get_key(q, pages, "/Kids");
    pdf_finish_rotate(q, kids, o->body_pages, o->front_pages);
    qpdf_oh_release(q, kids);
    qpdf_oh_release(q, pages);
    pdf_finish_labels(q, root, o->body_pages, n);
    /* StructTreeRoot /K is the Document element; its children are in drawing order. */
    qpdf_oh tree = qpdf_oh_get_key(q, root, "/StructTreeRoot");
    qpdf_oh doc = qpdf_oh_get_key(q, tree, "/K");
    if (qpdf_oh_is_array(q, doc) && qpdf_oh_get_array_n_items(q, doc) == 1) {
        qpdf_oh only = qpdf_oh_get_array_item(q, doc, 0);
        qpdf_oh_release(q, doc);
        doc = only;
    }
    qpdf_oh role = qpdf_oh_is_dictionary(q, doc) ? qpdf_oh_get_key(q, doc, "/S") : qpdf_oh_new_null(q);
    if (qpdf_oh_is_name_and_equals(q, role, "/Document")) {
        qpdf_oh k = qpdf_oh_get_key(q, doc, "/K");
        pdf_finish_rotate(q, k, o->body_top, o->front_top);
        qpdf_oh_release(q, k);
    }
    qpdf_oh_release(q, role);
    qpdf_oh_release(q, doc);
    qpdf_oh_release(q, tree);
}

static bool pdf_finish_failed(qpdf_data q, const char *shown_path)
{
    if (!qpdf_has_error(q)) return false;
    diag_error(shown_path, 0, 0, "cannot finish the PDF (qpdf): %s", qpdf_get_error_full_text(q, qpdf_get_error(q)));
    return true;
}

bool pdf_finish(const char *path, const char *shown_path, const pdf_meta *meta, char **alts, size_t n_alts,
                const pdf_png *pngs, const pdf_finish_order *order)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    bool ok = false;
    if (qpdf_read(q, path, NULL) & QPDF_ERRORS) {
        pdf_finish_failed(q, shown_path);
        goto done;
    }
    qpdf_oh root = qpdf_get_root(q);
    if (meta->language && *meta->language) qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_unicode_string(q, meta->language));
    char *xmp = pdf_finish_xmp(meta);
    qpdf_oh md = qpdf_oh_new_stream(q);
    qpdf_oh_replace_stream_data(q, md, (const unsigned char *)xmp, strlen(xmp), qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    free(xmp);
    qpdf_oh dict = qpdf_oh_get_dict(q, md);
    qpdf_oh_replace_key(q, dict, "/Type", qpdf_oh_new_name(q, "/Metadata"));
    qpdf_oh_replace_key(q, dict, "/Subtype", qpdf_oh_new_name(q, "/XML"));
    qpdf_oh_replace_key(q, root, "/Metadata", md);
    /* Tagged PDF: say so, and that the text is not suspect. */
    qpdf_oh mark = qpdf_oh_parse(q, "<< /Marked true >>");
    qpdf_oh_replace_key(q, root, "/MarkInfo", mark);
    qpdf_oh vp = qpdf_oh_get_key(q, root, "/ViewerPreferences");
    if (!qpdf_oh_is_dictionary(q, vp)) {
        vp = qpdf_oh_new_dictionary(q);
        qpdf_oh_replace_key(q, root, "/ViewerPreferences", vp);
    }
    qpdf_oh_replace_key(q, vp, "/DisplayDocTitle", qpdf_oh_new_bool(q, QPDF_TRUE));
    if (n_alts) pdf_finish_figures(q, root, alts, n_alts); /* in drawing order: before the front moves */
    pdf_finish_order_front(q, root, order);
    pdf_png_apply(pngs, q);
    if (pdf_finish_failed(q, shown_path)) goto done;
    /* Written to memory first: qpdf reads the input lazily while it writes. */
    if (qpdf_init_write_memory(q) & QPDF_ERRORS) {
        pdf_finish_failed(q, shown_path);
        goto done;
    }
    qpdf_set_deterministic_ID(q, QPDF_TRUE);
    qpdf_set_object_stream_mode(q, qpdf_o_generate);
    qpdf_set_compress_streams(q, QPDF_TRUE);
    /* No stream is decoded: cairo's are compressed already, and a PNG's data must
     * stay as it is (only the uncompressed XMP is compressed). */
    qpdf_set_decode_level(q, qpdf_dl_none);
    if (qpdf_write(q) & QPDF_ERRORS) {
        pdf_finish_failed(q, shown_path);
        goto done;
    }
    size_t len = qpdf_get_buffer_length(q);
    const unsigned char *buf = qpdf_get_buffer(q);
    FILE *f = fopen(path, "wb");
    bool wrote = f && fwrite(buf, 1, len, f) == len;
    if (f && fclose(f) != 0) wrote = false;
    if (!wrote) {
        diag_error(shown_path, 0, 0, "cannot write PDF: %s", strerror(errno));
        goto done;
    }
    ok = true;
done:
    qpdf_cleanup(&q);
    return ok;
}
