/* html: the tokenizer for raw HTML in Markdown, attributes and entities. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "test.h"
#include "util.h"

enum { MAX_TOKENS = 16 };

typedef struct toks {
    html_token t[MAX_TOKENS];
    size_t n;
    const char *s;
} toks;

/* Tokenizes the whole string; checks that tokens are contiguous and cover it. */
static void lex(toks *k, const char *s)
{
    size_t len = strlen(s), pos = 0;
    k->n = 0;
    k->s = s;
    html_token t;
    while (k->n < MAX_TOKENS && html_next(s, len, &pos, &t)) {
        size_t expect = k->n ? k->t[k->n - 1].start + k->t[k->n - 1].len : 0;
        if (t.start != expect || t.len == 0 || pos != t.start + t.len)
            tu_fail(__FILE__, __LINE__, "token %zu of \"%s\" at %zu+%zu, expected at %zu", k->n, s, t.start, t.len, expect);
        k->t[k->n++] = t;
    }
    if (pos != len) tu_fail(__FILE__, __LINE__, "\"%s\": stopped at %zu of %zu", s, pos, len);
}

/* The token's bytes as a string (newly allocated). */
static char *text_of(const toks *k, size_t i) { return util_xstrndup(k->s + k->t[i].start, k->t[i].len); }

#define CHECK_TOKEN_TEXT(k, i, want) \
    do { \
        char *got_ = text_of((k), (i)); \
        CHECK_STR(got_, (want)); \
        free(got_); \
    } while (0)

TEST(html_text_only)
{
    toks k;
    lex(&k, "plain text & more");
    REQUIRE(k.n == 1);
    CHECK_INT(k.t[0].kind, HTML_TEXT);
    CHECK_INT(k.t[0].len, 17);
    size_t pos = 0;
    html_token t;
    CHECK(!html_next("", 0, &pos, &t));
    pos = 3;
    CHECK(!html_next("abc", 3, &pos, &t));
}

TEST(html_open_close_tags)
{
    toks k;
    lex(&k, "a<B>bold</b>c");
    REQUIRE(k.n == 5);
    CHECK_INT(k.t[0].kind, HTML_TEXT);
    CHECK_INT(k.t[1].kind, HTML_TAG);
    CHECK_STR(k.t[1].name, "b"); /* lower-cased */
    CHECK(!k.t[1].closing);
    CHECK(!k.t[1].self_closing);
    CHECK_TOKEN_TEXT(&k, 2, "bold");
    CHECK_INT(k.t[3].kind, HTML_TAG);
    CHECK_STR(k.t[3].name, "b");
    CHECK(k.t[3].closing);
    CHECK_TOKEN_TEXT(&k, 3, "</b>");
    CHECK_TOKEN_TEXT(&k, 4, "c");
}

TEST(html_self_closing)
{
    toks k;
    lex(&k, "<br/><hr /><img src=\"a.png\"/><custom-el>");
    REQUIRE(k.n == 4);
    CHECK_STR(k.t[0].name, "br");
    CHECK(k.t[0].self_closing);
    CHECK_INT(k.t[0].attrs_len, 0);
    CHECK_STR(k.t[1].name, "hr");
    CHECK(k.t[1].self_closing);
    CHECK_STR(k.t[2].name, "img");
    CHECK(k.t[2].self_closing);
    char *src = html_attr(k.s, &k.t[2], "src");
    CHECK_STR(src, "a.png");
    free(src);
    CHECK_STR(k.t[3].name, "custom-el");
    CHECK(!k.t[3].self_closing);
}

TEST(html_long_tag_name)
{
    toks k;
    lex(&k, "<averyveryverylongname x=1>");
    REQUIRE(k.n == 1);
    CHECK_INT(k.t[0].kind, HTML_TAG);
    CHECK_STR(k.t[0].name, "");
    char *x = html_attr(k.s, &k.t[0], "x");
    CHECK_STR(x, "1");
    free(x);
}

TEST(html_comments)
{
    toks k;
    lex(&k, "a<!-- c <b> -- d -->b<!---->");
    REQUIRE(k.n == 4);
    CHECK_INT(k.t[1].kind, HTML_COMMENT);
    CHECK_TOKEN_TEXT(&k, 1, "<!-- c <b> -- d -->");
    CHECK_TOKEN_TEXT(&k, 2, "b");
    CHECK_INT(k.t[3].kind, HTML_COMMENT);
    lex(&k, "<!-- unterminated <b>");
    REQUIRE(k.n == 1);
    CHECK_INT(k.t[0].kind, HTML_COMMENT);
    CHECK_INT(k.t[0].len, 21);
}

TEST(html_doctype_and_processing)
{
    toks k;
    lex(&k, "<!DOCTYPE html><?xml version=\"1.0\"?><![CDATA[x]]>");
    REQUIRE(k.n == 3);
    CHECK_INT(k.t[0].kind, HTML_OTHER);
    CHECK_TOKEN_TEXT(&k, 0, "<!DOCTYPE html>");
    CHECK_INT(k.t[1].kind, HTML_OTHER);
    CHECK_TOKEN_TEXT(&k, 1, "<?xml version=\"1.0\"?>");
    CHECK_INT(k.t[2].kind, HTML_OTHER);
    lex(&k, "<!DOCTYPE html");
    REQUIRE(k.n == 1);
    CHECK_INT(k.t[0].kind, HTML_OTHER);
}

TEST(html_lone_less_than)
{
    toks k;
    lex(&k, "a < b <3 <");
    REQUIRE(k.n == 4);
    CHECK_TOKEN_TEXT(&k, 0, "a ");
    CHECK_INT(k.t[1].kind, HTML_TEXT);
    CHECK_TOKEN_TEXT(&k, 1, "< b ");
    CHECK_INT(k.t[2].kind, HTML_TEXT);
    CHECK_TOKEN_TEXT(&k, 2, "<3 ");
    CHECK_INT(k.t[3].kind, HTML_TEXT);
    CHECK_TOKEN_TEXT(&k, 3, "<");
    lex(&k, "x</ y");
    REQUIRE(k.n == 2);
    CHECK_INT(k.t[1].kind, HTML_TEXT);
}

TEST(html_unterminated_tag)
{
    toks k;
    lex(&k, "<a href=\"x>y");
    REQUIRE(k.n == 1);
    CHECK_INT(k.t[0].kind, HTML_TAG);
    CHECK_STR(k.t[0].name, "a");
    CHECK_INT(k.t[0].len, 12);
}

TEST(html_quoted_gt_does_not_end_tag)
{
    toks k;
    lex(&k, "<a title=\"a>b\" alt='c>d'>text</a>");
    REQUIRE(k.n == 3);
    CHECK_TOKEN_TEXT(&k, 0, "<a title=\"a>b\" alt='c>d'>");
    char *t = html_attr(k.s, &k.t[0], "title");
    CHECK_STR(t, "a>b");
    free(t);
    t = html_attr(k.s, &k.t[0], "alt");
    CHECK_STR(t, "c>d");
    free(t);
}

TEST(html_attr_quoting_styles)
{
    toks k;
    lex(&k, "<a href=\"https://x.org/?a=1&amp;b=2\" title='It&#39;s &quot;ok&quot;' id=plain "
            "data-id = spaced  Name=\"MiXed\" disabled empty=\"\">");
    REQUIRE(k.n == 1);
    const html_token *t = &k.t[0];
    static const struct { const char *name, *value; } want[] = {
        {"href", "https://x.org/?a=1&b=2"},
        {"title", "It's \"ok\""},
        {"id", "plain"},
        {"data-id", "spaced"},
        {"name", "MiXed"},
        {"NAME", "MiXed"},
        {"disabled", ""},
        {"empty", ""},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        char *v = html_attr(k.s, t, want[i].name);
        if (!v) tu_fail(__FILE__, __LINE__, "attribute %s missing", want[i].name);
        else CHECK_STR(v, want[i].value);
        free(v);
    }
    char *v = html_attr(k.s, t, "missing");
    CHECK(v == NULL);
    free(v);
    v = html_attr(k.s, t, "data"); /* a prefix of data-id is not a match */
    CHECK(v == NULL);
    free(v);
}

TEST(html_attr_not_in_other_tags_text)
{
    toks k;
    /* As in HTML5, an unquoted value runs up to white space or '>', so its slash is kept. */
    lex(&k, "<b>id=\"x\"</b><i  class=c/>");
    REQUIRE(k.n == 4);
    char *v = html_attr(k.s, &k.t[0], "id");
    CHECK(v == NULL);
    free(v);
    v = html_attr(k.s, &k.t[3], "class");
    CHECK_STR(v, "c/");
    free(v);
}

TEST(html_decode_entities)
{
    static const struct { const char *in, *out; } cases[] = {
        {"a &amp; b", "a & b"},
        {"&lt;tag&gt;", "<tag>"},
        {"&quot;q&quot; &#39;s&#39; &apos;", "\"q\" 's' '"},
        {"x&nbsp;y", "x\xc2\xa0y"},
        {"a&mdash;b&ndash;c&hellip;", "a\xe2\x80\x94" "b\xe2\x80\x93" "c\xe2\x80\xa6"},
        {"&AMP;", "&"},
        {"&amp;lt;", "&lt;"}, /* decoded once */
        {"&unknown; & &", "&unknown; & &"},
        {"&amp", "&amp"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *s = html_decode(cases[i].in, strlen(cases[i].in));
        CHECK_STR(s, cases[i].out);
        free(s);
    }
    /* The length bounds the input: an entity cut by len is left alone. */
    char *s = html_decode("a&amp;b", 4);
    CHECK_STR(s, "a&am");
    free(s);
}
