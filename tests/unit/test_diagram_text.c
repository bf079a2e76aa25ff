/* diagram_text: characters in DOT text that an SVG or a PDF cannot hold. */
#include <stdlib.h>
#include <string.h>

#include "diagram_text.h"
#include "svgscan.h"
#include "test.h"

TEST(svgscan_chars)
{
    CHECK(svgscan_char_ok('A'));
    CHECK(svgscan_char_ok('\t'));
    CHECK(svgscan_char_ok(0xFFFD));
    CHECK(svgscan_char_ok(0x10FFFD));
    CHECK(!svgscan_char_ok(0));
    CHECK(!svgscan_char_ok(1));
    CHECK(!svgscan_char_ok(0x7F));
    CHECK(!svgscan_char_ok(0xD800));
    CHECK(!svgscan_char_ok(0xFDD0));
    CHECK(!svgscan_char_ok(0xFFFE));
    CHECK(!svgscan_char_ok(0x1FFFF));
    CHECK(!svgscan_char_ok(0x110000));
}

TEST(diagram_text_scan_finds_references)
{
    char *err = NULL;
    int line = 0;
    CHECK(diagram_text_scan("digraph { a [label=\"&#65; &amp; &#xFFFD;\"] }", &err, &line));
    CHECK(!diagram_text_scan("digraph {\n a [label=\"x &#xFFFE; y\"]\n}", &err, &line));
    CHECK_INT(line, 2);
    CHECK(err && strstr(err, "'&#xFFFE;'"));
    free(err);
    err = NULL;
    CHECK(!diagram_text_scan("digraph {\n\n a [label=\"&#99999999999999999999999;\"] }", &err, &line));
    CHECK_INT(line, 3);
    free(err);
    err = NULL;
    CHECK(!diagram_text_scan("digraph { a [label=\"\x01\"] }", &err, &line));
    CHECK(err && strstr(err, "U+0001"));
    free(err);
}

TEST(diagram_text_clean_svg)
{
    const char *in = "<t>&#xFFFE;&#65;&amp;&foo;&\x01\xEF\xBF\xBE\xC3\xA9\xFF</t>";
    size_t n = 0;
    char *out = diagram_text_clean_svg(in, strlen(in), &n);
    CHECK_STR(out, "<t>&#xFFFD;&#65;&amp;&amp;foo;&amp;\xEF\xBF\xBD\xEF\xBF\xBD\xC3\xA9\xEF\xBF\xBD</t>");
    CHECK_INT(n, strlen(out));
    free(out);
}
