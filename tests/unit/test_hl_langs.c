/* highlight definitions as data: token kinds of representative snippets of
 * each language added as a definition file, every fixture snippet
 * (tests/fixtures/highlight) in at least three kinds, and malformed
 * definitions reported at their position. */
#define _POSIX_C_SOURCE 200809L
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "highlight.h"
#include "test.h"
#include "util.h"

/* templates/highlight of the source tree, and a registry of it (kept for the whole run). */
static const char *langs_dir(void)
{
    static char *dir;
    if (!dir) {
        char *t = g_path_get_dirname(tu_theme_path());
        dir = g_build_filename(t, "highlight", NULL);
        g_free(t);
    }
    return dir;
}

static hl_registry *langs(void)
{
    static hl_registry *r;
    if (!r) r = hl_registry_new(langs_dir());
    return r;
}

typedef struct want {
    const char *ctx, *tok; /* the first tok at or after the first ctx (NULL: anywhere) */
    hl_kind kind;
} want;

/* Each expected token is covered by exactly one span of its kind (none for HL_TEXT). */
static void expect_kinds(const char *file, int line, const char *lang, const char *code, const want *w, size_t n)
{
    const struct hl_lang *l = hl_registry_find(langs(), lang);
    if (!l) {
        tu_fail(file, line, "no language '%s'", lang);
        return;
    }
    hl_span *sp = NULL;
    size_t ns = hl_tokenize(l, code, strlen(code), &sp);
    for (size_t i = 0; i < n; i++) {
        const char *p = w[i].ctx ? strstr(code, w[i].ctx) : code;
        if (p) p = strstr(p, w[i].tok);
        if (!p) {
            tu_fail(file, line, "%s: '%s' is not in the code", lang, w[i].tok);
            continue;
        }
        size_t st = (size_t)(p - code), en = st + strlen(w[i].tok);
        hl_kind got = HL_TEXT;
        for (size_t k = 0; k < ns; k++) {
            if (sp[k].end <= st || sp[k].start >= en) continue;
            got = sp[k].start == st && sp[k].end == en ? sp[k].kind : HL_COUNT;
            break;
        }
        if (got != w[i].kind)
            tu_fail(file, line, "%s: '%s' is %s, expected %s", lang, w[i].tok,
                    got == HL_COUNT ? "a span that does not match it" : hl_kind_name(got), hl_kind_name(w[i].kind));
    }
    free(sp);
}
#define EXPECT(lang, code, ...) \
    do { \
        static const want w_[] = {__VA_ARGS__}; \
        expect_kinds(__FILE__, __LINE__, lang, code, w_, sizeof w_ / sizeof *w_); \
    } while (0)

TEST(hl_langs_aliases)
{
    static const char *const pairs[][2] = {
        {"golang", "go"}, {"rs", "rust"}, {"js", "javascript"}, {"jsx", "javascript"}, {"ts", "typescript"},
        {"kt", "kotlin"}, {"Dockerfile", "dockerfile"}, {"proto", "protobuf"}, {"htm", "html"}, {"svg", "xml"},
        {"patch", "diff"}, {"md", "markdown"}, {"cfg", "ini"}, {"{.toml}", "toml"}, {"css title=a.css", "css"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        const struct hl_lang *a = hl_registry_find(langs(), pairs[i][0]), *b = hl_registry_find(langs(), pairs[i][1]);
        if (!a || a != b) tu_fail(__FILE__, __LINE__, "'%s' is not '%s'", pairs[i][0], pairs[i][1]);
    }
    CHECK_STR(hl_lang_label(hl_registry_find(langs(), "py")), "Python");
    CHECK_STR(hl_lang_label(hl_registry_find(langs(), "ts")), "TypeScript");
    CHECK(hl_registry_find(langs(), "cobol") == NULL);
    CHECK(hl_registry_find(langs(), "../python") == NULL);
    CHECK(hl_registry_find(NULL, "python") == NULL);
}

TEST(hl_langs_go_rust)
{
    EXPECT("go", "package main\nfunc (s *S) Run(x int) error { r := `raw\n\\n`; return fmt.Errorf(\"%d\", 0x1F) } // c",
           {NULL, "package", HL_KEYWORD}, {NULL, "Run", HL_FUNCTION}, {NULL, "int", HL_TYPE}, {NULL, "error", HL_TYPE},
           {NULL, "`raw\n\\n`", HL_STRING}, {NULL, "Errorf", HL_FUNCTION}, {NULL, "0x1F", HL_NUMBER},
           {NULL, "// c", HL_COMMENT}, {NULL, ":=", HL_OPERATOR});
    EXPECT("rust", "#[derive(Debug)]\nfn f<'a>(s: &'a str) -> Vec<u8> { let c = 'x'; let r = r#\"a\"b\"#; "
                   "/* a /* b */ c */ println!(\"{}\", 1u32); }",
           {NULL, "#[derive(Debug)]", HL_PREPROC}, {NULL, "fn", HL_KEYWORD}, {"f<'a>", "f", HL_FUNCTION},
           {NULL, "'a", HL_TYPE}, {NULL, "str", HL_TYPE}, {NULL, "Vec", HL_TYPE}, {NULL, "'x'", HL_STRING},
           {NULL, "r#\"a\"b\"#", HL_STRING}, {NULL, "/* a /* b */ c */", HL_COMMENT}, {NULL, "println!", HL_FUNCTION},
           {NULL, "1u32", HL_NUMBER});
}

TEST(hl_langs_jvm)
{
    EXPECT("java", "@Override public List<String> f() { return \"\"\"\n  text\"\"\"; } // c",
           {NULL, "@Override", HL_PREPROC}, {NULL, "public", HL_KEYWORD}, {NULL, "List", HL_TYPE},
           {NULL, "f", HL_FUNCTION}, {NULL, "\"\"\"\n  text\"\"\"", HL_STRING}, {NULL, "// c", HL_COMMENT});
    EXPECT("kotlin", "fun greet(name: String) = println(\"Hi $name, ${name.length}\")",
           {NULL, "fun", HL_KEYWORD}, {NULL, "greet", HL_FUNCTION}, {NULL, "String", HL_TYPE},
           {NULL, "\"Hi ", HL_STRING}, {NULL, "$name", HL_VARIABLE}, {NULL, "${name.length}", HL_VARIABLE});
    EXPECT("scala", "object Main { def f(x: Int) = s\"v=$x\" + \"$y\" }",
           {NULL, "object", HL_KEYWORD}, {NULL, "Main", HL_TYPE}, {"f(x", "f", HL_FUNCTION}, {NULL, "$x", HL_VARIABLE},
           {NULL, "\"$y\"", HL_STRING});
}

TEST(hl_langs_web)
{
    EXPECT("javascript", "const f = async (x) => `a${x}b` + 'c' // d\nlet n = 10n;",
           {NULL, "const", HL_KEYWORD}, {NULL, "async", HL_KEYWORD}, {NULL, "`a", HL_STRING}, {NULL, "${x}", HL_VARIABLE},
           {NULL, "'c'", HL_STRING}, {NULL, "// d", HL_COMMENT}, {NULL, "10n", HL_NUMBER});
    EXPECT("typescript", "interface A { x: number }\ntype B = A | null;",
           {NULL, "interface", HL_KEYWORD}, {NULL, "A", HL_TYPE}, {NULL, "number", HL_TYPE}, {NULL, "B", HL_TYPE},
           {NULL, "null", HL_BUILTIN});
    EXPECT("html", "<!-- c --><a href=\"x\" hidden>T &amp; U</a><br/>",
           {NULL, "<!-- c -->", HL_COMMENT}, {"-->", "<", HL_PUNCT}, {NULL, "a", HL_KEYWORD}, {NULL, "href", HL_KEY},
           {NULL, "\"x\"", HL_STRING}, {NULL, "hidden", HL_KEY}, {NULL, "T", HL_TEXT}, {NULL, "&amp;", HL_VARIABLE},
           {NULL, "</", HL_PUNCT}, {NULL, "/>", HL_PUNCT});
    EXPECT("xml", "<?xml version=\"1.0\"?><r a='1'><![CDATA[x<y]]></r>",
           {NULL, "<?xml version=\"1.0\"?>", HL_PREPROC}, {NULL, "'1'", HL_STRING}, {NULL, "<![CDATA[x<y]]>", HL_STRING});
    EXPECT("css", "/* c */ .a > #b { margin: 0 1.5em; color: #fff !important; } @media x { }",
           {NULL, "/* c */", HL_COMMENT}, {NULL, ".a", HL_TYPE}, {NULL, "#b", HL_VARIABLE}, {NULL, "margin", HL_KEY},
           {NULL, "1.5em", HL_NUMBER}, {NULL, "#fff", HL_VARIABLE}, {NULL, "!important", HL_KEYWORD},
           {NULL, "@media", HL_PREPROC});
}

TEST(hl_langs_config)
{
    EXPECT("dockerfile", "FROM alpine:3 AS base\nENV A=1\nRUN echo $A ${B} # c\nrun ls",
           {NULL, "FROM", HL_KEYWORD}, {NULL, "alpine:3", HL_TEXT}, {NULL, "AS", HL_KEYWORD}, {"ENV ", "A", HL_KEY},
           {NULL, "RUN", HL_KEYWORD}, {NULL, "$A", HL_VARIABLE}, {NULL, "${B}", HL_VARIABLE}, {NULL, "# c", HL_COMMENT},
           {NULL, "run", HL_KEYWORD}, {"run ", "ls", HL_TEXT});
    EXPECT("protobuf", "message User { optional int64 id = 1; }",
           {NULL, "message", HL_KEYWORD}, {NULL, "User", HL_TYPE}, {NULL, "int64", HL_TYPE}, {NULL, "1", HL_NUMBER});
    EXPECT("toml", "[a.b]\nx-y = 'lit\\'\n\"q k\" = -3\nt = 1979-05-27\n[[arr]]",
           {NULL, "[a.b]", HL_TYPE}, {NULL, "x-y", HL_KEY}, {NULL, "'lit\\'", HL_STRING}, {NULL, "\"q k\"", HL_KEY},
           {NULL, "-3", HL_NUMBER}, {NULL, "1979-05-27", HL_NUMBER}, {NULL, "[[arr]]", HL_TYPE});
    EXPECT("ini", "; c\n[core]\neditor = vim\nbare = TRUE # d",
           {NULL, "; c", HL_COMMENT}, {NULL, "[core]", HL_TYPE}, {NULL, "editor", HL_KEY}, {NULL, "vim", HL_TEXT},
           {NULL, "TRUE", HL_KEYWORD}, {NULL, "# d", HL_COMMENT});
}

TEST(hl_langs_lines)
{
    EXPECT("diff", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old line\n+new line\n same\n",
           {NULL, "--- a/x", HL_KEYWORD}, {NULL, "+++ b/x", HL_KEYWORD}, {NULL, "@@ -1 +1 @@", HL_FUNCTION},
           {NULL, "-old line", HL_BUILTIN}, {NULL, "+new line", HL_STRING}, {NULL, "same", HL_TEXT});
    EXPECT("markdown", "## Title\n\nSome **bold** and *it* and `code`, a * b, [x](y.md).\n\n- item\n```py\nx = 1\n```\n",
           {NULL, "## Title", HL_KEYWORD}, {NULL, "**bold**", HL_KEYWORD}, {NULL, "*it*", HL_TYPE},
           {NULL, "`code`", HL_STRING}, {"a ", "*", HL_TEXT}, {NULL, "](y.md)", HL_FUNCTION}, {NULL, "- ", HL_PUNCT},
           {NULL, "```py\nx = 1\n```", HL_STRING});
    /* An unclosed emphasis is text (a blank before a '*' does not close it), and stays linear
     * (its close is looked for once per line). */
    EXPECT("markdown", "a *b *c *d\n*e*", {NULL, "*b", HL_TEXT}, {NULL, "*c", HL_TEXT}, {NULL, "*e*", HL_TYPE});
}

/* Every fixture of tests/fixtures/highlight gets at least three kinds (the PDF test checks colours). */
TEST(hl_langs_fixtures_three_kinds)
{
    char *dir = g_build_filename(langs_dir(), "..", "..", "tests", "fixtures", "highlight", NULL);
    GDir *d = g_dir_open(dir, 0, NULL);
    REQUIRE(d != NULL);
    int files = 0;
    for (const char *nm; (nm = g_dir_read_name(d));) {
        if (!g_str_has_suffix(nm, ".txt")) continue;
        char *lang = g_strndup(nm, strlen(nm) - strlen(".txt")), *path = g_build_filename(dir, nm, NULL), *text = NULL;
        size_t len = 0;
        const struct hl_lang *l = hl_registry_find(langs(), lang);
        if (!l || util_read_file(path, 1 << 16, &text, &len) != UTIL_READ_OK) {
            tu_fail(__FILE__, __LINE__, "%s: no language or unreadable", nm);
        } else {
            hl_span *sp = NULL;
            size_t n = hl_tokenize(l, text, len, &sp);
            bool seen[HL_COUNT] = {false};
            int kinds = 0;
            for (size_t i = 0; i < n; i++) kinds += !seen[sp[i].kind] && (seen[sp[i].kind] = true);
            if (kinds < 3) tu_fail(__FILE__, __LINE__, "%s: %d token kinds, expected at least 3", nm, kinds);
            free(sp);
        }
        files++;
        free(text);
        g_free(path);
        g_free(lang);
    }
    g_dir_close(d);
    g_free(dir);
    CHECK(files >= 24);
}

/* ---- malformed definitions: positioned errors, no language ---- */

static const struct hl_lang *load_def(const char *name, const char *yaml)
{
    char *file = util_printf("hl-bad/%s.yaml", name);
    free(tu_write(file, yaml));
    free(file);
    char *dir = tu_tmp_path("hl-bad");
    hl_registry *r = hl_registry_new(dir);
    const struct hl_lang *l = hl_registry_find(r, name);
    hl_registry_free(r);
    free(dir);
    return l;
}

TEST(hl_langs_malformed)
{
    CHECK(load_def("b1", "label: B\nstrings:\n  - {open: '\"', escape: sideways}\n") == NULL);
    CHECK_DIAG("b1.yaml", 3, 25, "escape: expected backslash, doubled or none");
    CHECK(load_def("b2", "label: B\nwords:\n  keywrd: [a]\n") == NULL);
    CHECK_DIAG("b2.yaml", 3, 3, "unknown token kind 'keywrd'");
    CHECK(load_def("b3", "label: B\ncolour: red\n") == NULL);
    CHECK_DIAG("b3.yaml", 2, 1, "unknown key 'colour' in a language definition");
    CHECK(load_def("b4", "label: B\nstrings: [{open: '\"'\n") == NULL);
    CHECK_DIAG("b4.yaml", -1, -1, "invalid YAML");
    CHECK(load_def("b5", "operators: 5\nline_rules:\n  - {start: '', kind: comment}\n") == NULL);
    CHECK_DIAG("b5.yaml", 3, 13, "start: expected 1 to 15 printable ASCII characters");
    CHECK(load_def("b6", "special: [yaml, lisp]\n") == NULL);
    CHECK_DIAG("b6.yaml", 1, 10, "unknown rule set 'lisp'");
    CHECK(load_def("b7", "sigils:\n  - {char: '@@', kind: preproc}\n") == NULL);
    CHECK_DIAG("b7.yaml", 2, 12, "expected one character");
    /* Bounds: a definition of more than 256 KiB, more than 4096 words. */
    util_buf big = {0};
    util_buf_adds(&big, "words:\n  keyword: [");
    for (int i = 0; i < 5000; i++) util_buf_printf(&big, "w%d, ", i);
    util_buf_adds(&big, "x]\n");
    CHECK(load_def("b8", big.s) == NULL);
    CHECK_DIAG("b8.yaml", 2, 12, "more than 4096 entries");
    while (big.len < 300 * 1024) util_buf_adds(&big, "# padding padding padding padding padding padding\n");
    CHECK(load_def("b9", big.s) == NULL);
    CHECK_DIAG("b9.yaml", -1, -1, "language definition is too large");
    util_buf_free(&big);
    /* A valid one next to them loads, by its alias too (the broken ones do not stop the alias scan). */
    CHECK(load_def("good", "aliases: [gd]\nwords: {keyword: [if]}\n") != NULL);
    char *dir = tu_tmp_path("hl-bad");
    hl_registry *r = hl_registry_new(dir);
    const struct hl_lang *g = hl_registry_find(r, "GD");
    CHECK(g != NULL);
    hl_span *sp = NULL;
    CHECK_INT(hl_tokenize(g, "if x", 4, &sp), 1);
    CHECK(sp && sp[0].kind == HL_KEYWORD && sp[0].end == 2);
    free(sp);
    CHECK(!hl_registry_load_all(r)); /* the broken ones */
    hl_registry_free(r);
    free(dir);
}
