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

static bool pdf_finish_failed(qpdf_data q, const char *shown_path)
{
    if (!qpdf_has_error(q)) return false;
    diag_error(shown_path, 0, 0, "cannot finish the PDF (qpdf): %s", qpdf_get_error_full_text(q, qpdf_get_error(q)));
    return true;
}

bool pdf_finish(const char *path, const char *shown_path, const pdf_meta *meta, char **alts, size_t n_alts,
                const pdf_png *pngs)
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
    if (n_alts) pdf_finish_figures(q, root, alts, n_alts);
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
