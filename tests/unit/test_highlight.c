/* highlight: language lookup, token kinds at known places per language,
 * unterminated tokens, and robustness (fuzzing, 512 KB inputs). */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "highlight.h"
#include "test.h"
#include "util.h"

static const char *const all_langs[] = {"python", "sql", "yaml", "json", "bash", "console", "c", "cpp",
                                        "go", "rust", "java", "javascript", "typescript", "kotlin", "scala",
                                        "dockerfile", "protobuf", "toml", "ini", "html", "xml", "css", "diff",
                                        "markdown"};

/* templates/highlight of the source tree. */
static const char *hl_registry_dir(void)
{
    static char *hl;
    if (!hl) {
        char *dir = g_path_get_dirname(tu_theme_path());
        hl = g_build_filename(dir, "highlight", NULL);
        g_free(dir);
    }
    return hl;
}

/* The registry of the bundled definitions, made once (freed at exit by the OS). */
static hl_registry *registry(void)
{
    static hl_registry *r;
    if (!r) r = hl_registry_new(hl_registry_dir());
    return r;
}
#define find_lang(name) hl_registry_find(registry(), (name))
enum { N_LANGS = sizeof all_langs / sizeof *all_langs };

typedef struct tokens {
    const char *code;
    hl_span *sp;
    size_t n;
} tokens;

static tokens lex(const char *lang, const char *code)
{
    tokens t = {code, NULL, 0};
    t.n = hl_tokenize(find_lang(lang), code, strlen(code), &t.sp);
    return t;
}

/* 10xxxxxx: a byte inside a multi-byte UTF-8 sequence. */
enum { UTF8_TOP_BITS = 0xC0, UTF8_CONTINUATION = 0x80 };
static bool utf8_continuation(char c) { return ((unsigned char)c & UTF8_TOP_BITS) == UTF8_CONTINUATION; }

/* Spans inside [0, len), non-empty, ordered, not overlapping, of a real kind;
 * with utf8, no boundary inside a multi-byte sequence. */
static bool spans_valid(const char *code, size_t len, const hl_span *sp, size_t n, bool utf8)
{
    if (n && !sp) return false;
    for (size_t i = 0; i < n; i++) {
        if (sp[i].start >= sp[i].end || sp[i].end > len) return false;
        if (i && sp[i].start < sp[i - 1].end) return false;
        if (sp[i].kind <= HL_TEXT || sp[i].kind >= HL_COUNT) return false;
        if (utf8 && utf8_continuation(code[sp[i].start])) return false;
        if (utf8 && sp[i].end < len && utf8_continuation(code[sp[i].end])) return false;
    }
    return true;
}

/* Checks the kind of the first occurrence of tok in the code at or after the
 * first occurrence of ctx (NULL: anywhere): a span must cover exactly it, or
 * none touch it for HL_TEXT. */
static void check_tok(const char *file, int line, const tokens *t, const char *ctx, const char *tok, hl_kind want)
{
    const char *p = ctx ? strstr(t->code, ctx) : t->code;
    if (p) p = strstr(p, tok);
    if (!p) {
        tu_fail(file, line, "'%s' (after '%s') is not in the code", tok, ctx ? ctx : "");
        return;
    }
    size_t st = (size_t)(p - t->code), en = st + strlen(tok);
    hl_kind got = HL_TEXT;
    for (size_t i = 0; i < t->n; i++) {
        if (t->sp[i].end <= st || t->sp[i].start >= en) continue;
        got = t->sp[i].start == st && t->sp[i].end == en ? t->sp[i].kind : HL_COUNT;
        break;
    }
    if (got != want) {
        const char *g = got == HL_COUNT ? "a span that does not match it" : hl_kind_name(got);
        tu_fail(file, line, "'%s' at %zu-%zu: got %s, expected %s", tok, st, en, g, hl_kind_name(want));
    }
}

/* A token expected at the first occurrence of tok after ctx (NULL: anywhere). */
typedef struct tok_case {
    const char *ctx, *tok;
    hl_kind kind;
} tok_case;

/* Tokenises code, checks the spans' invariants, the exact first span and each expected token. */
static void check_lang(const char *file, int line, const char *lang, const char *code, hl_span first,
                       const tok_case *want, size_t n)
{
    tokens t = lex(lang, code);
    if (!spans_valid(code, strlen(code), t.sp, t.n, true)) tu_fail(file, line, "%s: invalid spans", lang);
    if (!t.n || t.sp[0].start != first.start || t.sp[0].end != first.end || t.sp[0].kind != first.kind)
        tu_fail(file, line, "%s: first span is not %zu-%zu %s", lang, first.start, first.end, hl_kind_name(first.kind));
    for (size_t i = 0; i < n; i++) check_tok(file, line, &t, want[i].ctx, want[i].tok, want[i].kind);
    free(t.sp);
}

TEST(highlight_find_language)
{
    const struct hl_lang *py = find_lang("python");
    REQUIRE(py != NULL);
    CHECK(find_lang("py") == py);
    CHECK(find_lang("Python3") == py);
    CHECK(find_lang("python title=\"x.py\"") == py);
    CHECK(find_lang("{.python}") == py);
    CHECK(find_lang("yml") == find_lang("yaml"));
    CHECK(find_lang("sh") == find_lang("bash"));
    CHECK(find_lang("shell") == find_lang("bash"));
    CHECK(find_lang("h") == find_lang("c"));
    CHECK(find_lang("c++") == find_lang("cpp"));
    CHECK(find_lang("POSTGRESQL") == find_lang("sql"));
    for (size_t i = 0; i < N_LANGS; i++) {
        CHECK(find_lang(all_langs[i]) != NULL);
        for (size_t j = 0; j < i; j++) CHECK(find_lang(all_langs[i]) != find_lang(all_langs[j]));
    }
    CHECK(find_lang("text") == NULL);
    CHECK(find_lang("") == NULL);
    CHECK(find_lang("   ") == NULL);
    CHECK(find_lang(NULL) == NULL);
    CHECK(find_lang("pythonx") == NULL);
    CHECK(find_lang("cobol") == NULL);
}

TEST(highlight_kind_names)
{
    for (int k = 0; k < HL_COUNT; k++) {
        REQUIRE(hl_kind_name((hl_kind)k) != NULL);
        for (int j = 0; j < k; j++) CHECK(strcmp(hl_kind_name((hl_kind)k), hl_kind_name((hl_kind)j)) != 0);
    }
    CHECK_STR(hl_kind_name(HL_TEXT), "text");
    CHECK_STR(hl_kind_name(HL_KEYWORD), "keyword");
    CHECK_STR(hl_kind_name(HL_KEY), "key");
    CHECK_STR(hl_kind_name(HL_VARIABLE), "variable");
    CHECK_STR(hl_kind_name(HL_PREPROC), "preproc");
    CHECK(hl_kind_name(HL_COUNT) == NULL);
}

TEST(highlight_empty_and_unknown)
{
    static hl_span dummy;
    hl_span *sp = &dummy; /* must be reset */
    CHECK_INT(hl_tokenize(NULL, "x = 1", 5, &sp), 0);
    CHECK(sp == NULL);
    for (size_t i = 0; i < N_LANGS; i++) {
        sp = &dummy;
        CHECK_INT(hl_tokenize(find_lang(all_langs[i]), "", 0, &sp), 0);
        CHECK(sp == NULL);
        CHECK_INT(hl_tokenize(find_lang(all_langs[i]), NULL, 0, &sp), 0);
        /* Blanks only: nothing to colour. */
        CHECK_INT(hl_tokenize(find_lang(all_langs[i]), " \t\r\n\n  ", 7, &sp), 0);
        free(sp);
    }
    /* Without a place for the spans, only the count. */
    CHECK_INT(hl_tokenize(find_lang("c"), "int x;", 6, NULL), 2);
}

TEST(highlight_python)
{
    static const char code[] = "@dataclass\n"
                               "class Model(Base):\n"
                               "    def fit(self, x, lr=1e-3, n=1_000) -> None:\n"
                               "        \"\"\"Train \"it\".\n        Done.\"\"\"\n"
                               "        s = f\"{x}\" + rb'\\x00' + 'it\\'s' + u\"\xc3\xa9\"\n"
                               "        return print(len(x), 0x1F, 2.5j, .5, os.path.join(a)) # done\n"
                               "y = a @ b; z = self.print\n";
    static const tok_case want[] = {
        {"\n", "class", HL_KEYWORD}, {NULL, "Model", HL_FUNCTION}, {NULL, "Base", HL_TEXT},
        {NULL, "def", HL_KEYWORD}, {NULL, "fit", HL_FUNCTION}, {NULL, "self", HL_TEXT}, {NULL, "=", HL_OPERATOR},
        {NULL, "1e-3", HL_NUMBER}, {NULL, "1_000", HL_NUMBER}, {NULL, "->", HL_OPERATOR},
        {NULL, "None", HL_KEYWORD}, {NULL, "\"\"\"Train \"it\".\n        Done.\"\"\"", HL_STRING},
        {NULL, "f\"{x}\"", HL_STRING}, {NULL, "rb'\\x00'", HL_STRING}, {NULL, "'it\\'s'", HL_STRING},
        {NULL, "u\"\xc3\xa9\"", HL_STRING}, {NULL, "return", HL_KEYWORD}, {NULL, "print", HL_BUILTIN},
        {NULL, "len", HL_BUILTIN}, {NULL, "0x1F", HL_NUMBER}, {NULL, "2.5j", HL_NUMBER}, {"j, ", ".5", HL_NUMBER},
        {NULL, "join", HL_FUNCTION}, {NULL, "path", HL_TEXT}, {NULL, "# done", HL_COMMENT},
        {NULL, "@dataclass", HL_PREPROC}, {"y = a", "@", HL_OPERATOR}, {"self.", "print", HL_TEXT},
    };
    check_lang(__FILE__, __LINE__, "python", code, (hl_span){0, 10, HL_PREPROC}, want, sizeof want / sizeof *want);
}

TEST(highlight_sql)
{
    static const char code[] = "SELECT name, COUNT(*) AS n -- per user\n"
                               "from users u /* all\n rows */ WHERE u.id >= 10 AND note = 'O''Brien'\n"
                               "CREATE TABLE IF NOT EXISTS t (id BIGINT, x varchar(8)) ON DELETE CASCADE;\n";
    static const tok_case want[] = {
        {NULL, "name", HL_TEXT}, {NULL, ",", HL_PUNCT}, {NULL, "COUNT", HL_FUNCTION}, {NULL, "*", HL_OPERATOR},
        {NULL, "AS", HL_KEYWORD}, {NULL, "-- per user", HL_COMMENT}, {NULL, "from", HL_KEYWORD},
        {NULL, "/* all\n rows */", HL_COMMENT}, {NULL, "id", HL_TEXT}, {NULL, ">=", HL_OPERATOR},
        {NULL, "10", HL_NUMBER}, {NULL, "'O''Brien'", HL_STRING}, {NULL, "EXISTS", HL_KEYWORD},
        {NULL, " t ", HL_TEXT}, {NULL, "BIGINT", HL_TYPE}, {NULL, "varchar", HL_TYPE},
        {NULL, "DELETE", HL_KEYWORD}, {NULL, ";", HL_PUNCT},
    };
    check_lang(__FILE__, __LINE__, "sql", code, (hl_span){0, 6, HL_KEYWORD}, want, sizeof want / sizeof *want);
}

TEST(highlight_yaml)
{
    static const char code[] = "# cfg\n"
                               "---\n"
                               "name: \"job\"  # trailing\n"
                               "lr: 1e-3\n"
                               "on: true\n"
                               "base: &b\n"
                               "  x: null\n"
                               "use: *b\n"
                               "list: [a, 'it''s', 3, yes]\n"
                               "tag: !!str v\n"
                               "url: http://h/p#frag\n"
                               "run: |\n"
                               "  echo key: v\n"
                               "\n"
                               "  # inside\n"
                               "steps:\n"
                               "  - id: 12:30\n"
                               "next: ~\n";
    static const tok_case want[] = {
        {NULL, "---", HL_PUNCT}, {NULL, "name", HL_KEY}, {NULL, ":", HL_PUNCT}, {NULL, "\"job\"", HL_STRING},
        {NULL, "# trailing", HL_COMMENT}, {NULL, "1e-3", HL_NUMBER}, {NULL, "on", HL_KEY},
        {NULL, "true", HL_KEYWORD}, {NULL, "&b", HL_VARIABLE}, {NULL, "null", HL_KEYWORD},
        {NULL, "*b", HL_VARIABLE}, {NULL, "[", HL_PUNCT}, {NULL, "'it''s'", HL_STRING}, {"list", "3", HL_NUMBER},
        {NULL, "yes", HL_KEYWORD}, {NULL, "!!str", HL_TYPE}, {NULL, "http://h/p#frag", HL_TEXT},
        {NULL, "|", HL_OPERATOR}, {NULL, "echo key: v", HL_STRING}, {NULL, "# inside", HL_STRING},
        {NULL, "steps", HL_KEY}, {"steps", "-", HL_PUNCT}, {"- ", "id", HL_KEY}, {NULL, "12:30", HL_TEXT},
        {NULL, "next", HL_KEY}, {NULL, "~", HL_KEYWORD},
    };
    check_lang(__FILE__, __LINE__, "yaml", code, (hl_span){0, 5, HL_COMMENT}, want, sizeof want / sizeof *want);
}

TEST(highlight_json)
{
    static const char code[] = "{\"a\": 1, \"b\" : [true, null, -2.5e3, false], \"c\": \"x\\\"y\", \"d\": {}}";
    static const tok_case want[] = {
        {NULL, "\"a\"", HL_KEY}, {NULL, "1", HL_NUMBER}, {NULL, "\"b\"", HL_KEY}, {NULL, "true", HL_KEYWORD},
        {NULL, "null", HL_KEYWORD}, {NULL, "-2.5e3", HL_NUMBER}, {NULL, "false", HL_KEYWORD},
        {NULL, "\"x\\\"y\"", HL_STRING}, {NULL, "{}}", HL_PUNCT},
    };
    check_lang(__FILE__, __LINE__, "json", code, (hl_span){0, 1, HL_PUNCT}, want, sizeof want / sizeof *want);
}

TEST(highlight_bash)
{
    static const char code[] = "#!/bin/sh\n"
                               "export DIR=\"$HOME/x\"  # where\n"
                               "for f in *.txt; do echo \"$f\" 'lit $x' ${N:-1} $?; done\n"
                               "if [ -n \"$1\" ]; then cd /tmp && ls 2>&1 | grep a#b; fi\n"
                               "deploy() { local n=3; }\n"
                               "cat <<EOF > out.txt\n"
                               "body $x\n"
                               "EOF\n"
                               "echo done\n";
    static const tok_case want[] = {
        {NULL, "export", HL_BUILTIN}, {NULL, "DIR", HL_VARIABLE}, {NULL, "$HOME", HL_VARIABLE},
        {NULL, "/x\"", HL_STRING}, {NULL, "# where", HL_COMMENT}, {NULL, "for", HL_KEYWORD},
        {"for f", "in", HL_KEYWORD}, {NULL, "*.txt", HL_TEXT}, {NULL, ";", HL_OPERATOR}, {NULL, "do", HL_KEYWORD},
        {NULL, "echo", HL_BUILTIN}, {NULL, "$f", HL_VARIABLE}, {NULL, "'lit $x'", HL_STRING},
        {NULL, "${N:-1}", HL_VARIABLE}, {NULL, "$?", HL_VARIABLE}, {NULL, "done", HL_KEYWORD},
        {NULL, "if", HL_KEYWORD}, {NULL, "[", HL_PUNCT}, {NULL, "-n", HL_TEXT}, {NULL, "$1", HL_VARIABLE},
        {NULL, "then", HL_KEYWORD}, {NULL, "cd", HL_BUILTIN}, {NULL, "&&", HL_OPERATOR}, {NULL, "2", HL_NUMBER},
        {NULL, ">&", HL_OPERATOR}, {NULL, "a#b", HL_TEXT}, {NULL, "fi", HL_KEYWORD}, {NULL, "deploy", HL_FUNCTION},
        {NULL, "local", HL_BUILTIN}, {NULL, "<<", HL_OPERATOR}, {NULL, "EOF", HL_STRING},
        {NULL, "body $x", HL_STRING}, {"body", "EOF", HL_STRING}, {"EOF\necho", "echo", HL_BUILTIN},
    };
    check_lang(__FILE__, __LINE__, "bash", code, (hl_span){0, 9, HL_COMMENT}, want, sizeof want / sizeof *want);
}

TEST(highlight_console)
{
    static const char code[] = "$ echo \"hi\" $USER \\\n"
                               "    --flag\n"
                               "hi it's me: 100%\n"
                               "# comment\n"
                               "(venv) me@box:~/src$ ls\n";
    static const tok_case want[] = {
        {NULL, "echo", HL_BUILTIN}, {NULL, "\"hi\"", HL_STRING}, {NULL, "$USER", HL_VARIABLE},
        {NULL, "hi it's me: 100%", HL_TEXT}, {NULL, "# comment", HL_COMMENT},
        {NULL, "(venv) me@box:~/src$", HL_PUNCT},
    };
    check_lang(__FILE__, __LINE__, "console", code, (hl_span){0, 1, HL_PUNCT}, want, sizeof want / sizeof *want);
    /* Without any prompt, the whole block is shell. */
    static const tok_case shell[] = {{NULL, "ls", HL_TEXT}, {NULL, "echo", HL_BUILTIN}, {NULL, "\"x\"", HL_STRING}};
    check_lang(__FILE__, __LINE__, "console", "ls -la\necho \"x\"\n", (hl_span){7, 11, HL_BUILTIN}, shell,
               sizeof shell / sizeof *shell);
}

TEST(highlight_c)
{
    static const char code[] = "#include <stdio.h>\n"
                               "/* block */ static size_t count(const char *s, struct point p) {\n"
                               "    int n = 0x1Fu + 10UL + 1.5f; // hex\n"
                               "    char c = '\\'', *w = u8\"\xe2\x82\xac\";\n"
                               "    return printf(\"%d\\n\", p->x) + sizeof(int) + NULL;\n"
                               "}\n"
                               "  #  define MAX 2\n";
    static const tok_case want[] = {
        {NULL, "<stdio.h>", HL_STRING}, {NULL, "/* block */", HL_COMMENT}, {NULL, "static", HL_KEYWORD},
        {NULL, "size_t", HL_TYPE}, {NULL, "count", HL_FUNCTION}, {NULL, "const", HL_KEYWORD},
        {NULL, "char", HL_TYPE}, {NULL, "struct", HL_KEYWORD}, {NULL, "point", HL_TYPE}, {"{\n", "int", HL_TYPE},
        {NULL, "0x1Fu", HL_NUMBER}, {NULL, "10UL", HL_NUMBER}, {NULL, "1.5f", HL_NUMBER},
        {NULL, "// hex", HL_COMMENT}, {NULL, "'\\''", HL_STRING}, {NULL, "u8\"\xe2\x82\xac\"", HL_STRING},
        {NULL, "return", HL_KEYWORD}, {NULL, "printf", HL_FUNCTION}, {NULL, "\"%d\\n\"", HL_STRING},
        {NULL, "->", HL_OPERATOR}, {NULL, "sizeof", HL_KEYWORD}, {NULL, "NULL", HL_BUILTIN},
        {NULL, "#  define", HL_PREPROC}, {NULL, "MAX", HL_TEXT},
    };
    check_lang(__FILE__, __LINE__, "c", code, (hl_span){0, 8, HL_PREPROC}, want, sizeof want / sizeof *want);
}

TEST(highlight_cpp)
{
    static const tok_case want[] = {
        {NULL, "class", HL_KEYWORD}, {NULL, "Net", HL_TYPE}, {NULL, "public", HL_KEYWORD},
        {NULL, "std", HL_BUILTIN},   {NULL, "int", HL_TYPE}, {NULL, "nullptr", HL_BUILTIN},
    };
    check_lang(__FILE__, __LINE__, "cpp", "namespace ml { class Net : public Base { std::vector<int> v = nullptr; }; }",
               (hl_span){0, 9, HL_KEYWORD}, want, sizeof want / sizeof *want);
}

TEST(highlight_unterminated)
{
    static const struct {
        const char *lang, *code, *tok;
        hl_kind kind;
    } cases[] = {
        /* A single-line string ends with its line. */
        {"python", "x = \"abc\ny = 1", "\"abc", HL_STRING},
        {"python", "x = '''abc\ny = 1", "'''abc\ny = 1", HL_STRING},
        {"python", "s = 'a\\", "'a\\", HL_STRING},
        {"c", "s = \"abc\nint x;", "\"abc", HL_STRING},
        {"c", "x; /* abc\nint y;", "/* abc\nint y;", HL_COMMENT},
        {"c", "#include <stdio.h", "<stdio.h", HL_STRING},
        {"json", "{\"abc\n1", "\"abc", HL_STRING},
        /* SQL, YAML and shell strings span lines: to the end of the input. */
        {"sql", "SELECT 'abc\nFROM t", "'abc\nFROM t", HL_STRING},
        {"sql", "SELECT 1 /* abc", "/* abc", HL_COMMENT},
        {"yaml", "a: \"abc\nb: 1", "\"abc\nb: 1", HL_STRING},
        {"bash", "echo 'abc\nls", "'abc\nls", HL_STRING},
        {"bash", "echo ${HOME", "${HOME", HL_VARIABLE},
        {"bash", "cat <<EOF\nabc", "abc", HL_STRING},
        {"console", "$ echo \"abc\nout \"x", "\"abc", HL_STRING},
        /* What follows such a string's line is code again. */
        {"python", "x = \"abc\ny = 1", "1", HL_NUMBER},
        {"console", "$ echo \"abc\nout \"x", "out \"x", HL_TEXT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        tokens t = lex(cases[i].lang, cases[i].code);
        CHECK(spans_valid(t.code, strlen(t.code), t.sp, t.n, true));
        check_tok(__FILE__, __LINE__, &t, NULL, cases[i].tok, cases[i].kind);
        free(t.sp);
    }
}

/* ---- robustness ---- */

/* What a forked case gets: the language under test. */
typedef struct lang_arg {
    const struct hl_lang *lang;
} lang_arg;

/* xorshift64: a deterministic generator for reproducible inputs. */
static const uint64_t fuzz_seed = 0x9E3779B97F4A7C15u; /* any non-zero start */
enum { XS_A = 13, XS_B = 7, XS_C = 17 };
static uint64_t fuzz_next(uint64_t *s)
{
    *s ^= *s << XS_A;
    *s ^= *s >> XS_B;
    *s ^= *s << XS_C;
    return *s;
}

enum {
    FUZZ_BUFFERS = 2000,   /* per language and kind of input */
    FUZZ_MAX_LEN = 300,    /* bytes per buffer */
    FUZZ_TIMEOUT_S = 60,   /* a hang fails the case instead of stalling the run */
    BIG_INPUT = 1 << 19,   /* 512 KB: quadratic work on it takes minutes, linear work milliseconds */
    BIG_TIMEOUT_S = 60,    /* per language, for all the patterns */
};

/* Characters that steer the scanners into their states. */
static const char fuzz_syntax[] = "\"'`#/*-\n\\${}[]():@&!|<>=.,;% \t0123456789abxEe_\r";
/* Fragments of valid UTF-8 (so boundaries can be checked). */
static const char *const fuzz_fragments[] = {
    "\"", "'", "'''", "\"\"\"", "`", "#", "//", "/*", "*/", "--", "\n", "\r\n", " ", "\t", "\\", "$", "${",
    "$(", "{", "}", "[", "]", "(", ")", ":", ": ", "- ", "@", "&a", "*a", "!!", "|", ">-", "<<", "<<-EOF", "EOF",
    "=", ",", ";", "0x1F", "1e-3", "1_0", ".5", "def ", "class ", "if", "then", "fi", "int", "struct ", "SELECT",
    "true", "null", "key", "r", "f", "u8", "L", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "$ ", "(venv) ",
    "a@b$ ", "%YAML", "---", "  ", "    ", "#include <", "x",
    /* the newer languages' own syntax */
    "<a ", "href=", "</", "/>", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "**", "__", "~~", "](", "```", "+++", "@@",
    "[[", "]]", "r#\"", "\"#", "'a", "#[", "println!(", "`${", "$x", "@Override", "#fff", "10px", "FROM ", "ENV ",
};

static bool fuzz_lang(void *arg)
{
    const struct hl_lang *lang = ((const lang_arg *)arg)->lang;
    alarm(FUZZ_TIMEOUT_S);
    uint64_t seed = fuzz_seed;
    char buf[FUZZ_MAX_LEN + 1];
    bool ok = true;
    for (int mode = 0; mode < 3 && ok; mode++) {
        for (int b = 0; b < FUZZ_BUFFERS && ok; b++) {
            size_t len = (size_t)(fuzz_next(&seed) % (FUZZ_MAX_LEN + 1));
            if (mode == 2) { /* valid UTF-8 from fragments */
                size_t n = 0;
                for (;;) {
                    const char *f = fuzz_fragments[fuzz_next(&seed) % (sizeof fuzz_fragments / sizeof *fuzz_fragments)];
                    size_t fl = strlen(f);
                    if (n + fl > len) break;
                    memcpy(buf + n, f, fl);
                    n += fl;
                }
                len = n;
            } else {
                for (size_t i = 0; i < len; i++) {
                    uint64_t r = fuzz_next(&seed);
                    buf[i] = mode == 0 ? (char)(r & UINT8_MAX) : fuzz_syntax[r % (sizeof fuzz_syntax - 1)];
                }
            }
            hl_span *sp = NULL;
            size_t n = hl_tokenize(lang, buf, len, &sp);
            ok = spans_valid(buf, len, sp, n, mode == 2);
            free(sp);
        }
    }
    return ok;
}

TEST(highlight_fuzz)
{
    for (size_t i = 0; i < N_LANGS; i++) {
        lang_arg a = {find_lang(all_langs[i])};
        int r = tu_in_child(fuzz_lang, &a);
        if (r != 1) tu_fail(__FILE__, __LINE__, "%s: fuzzing gave %d (1 = all spans valid)", all_langs[i], r);
    }
}

/* Inputs that would cost quadratic time in a careless scanner, each repeated to 512 KB. */
static const char *const big_patterns[] = {
    "\"", "'''", "${", "<<A ", "/*", "{a, ", "x(", "k: |\n", "$ x \\\n", "(venv ", "@a\n",
    "*a ", "**a _b `c ", "](", "<a b=", "<!x", "/* /* ", "'a ", "`${", "r#\"", "[a", "#[a", "```\n", "+x\n",
    /* Code of every language, so that each scanner meets its own tokens. */
    "def f(x):\n    return len(x) # c\n"
    "SELECT a, COUNT(*) FROM t WHERE b = 'x' -- c\n"
    "key: [1, \"two\", &a x, *a]\n  - run: |\n      echo\n"
    "{\"a\": [1, -2.5, true, null]}\n"
    "for f in *; do echo \"$f ${x}\"; done <<EOF\nbody\nEOF\n"
    "$ ls -la\noutput line\n"
    "#include <x.h>\nint f(void) { return \"s\"[0] + 'c'; } /* c */\n",
};

static bool big_inputs(void *arg)
{
    const struct hl_lang *lang = ((const lang_arg *)arg)->lang;
    alarm(BIG_TIMEOUT_S);
    char *buf = util_xmalloc(BIG_INPUT);
    bool ok = true;
    for (size_t p = 0; p < sizeof big_patterns / sizeof *big_patterns && ok; p++) {
        size_t pl = strlen(big_patterns[p]);
        for (size_t i = 0; i < BIG_INPUT; i++) buf[i] = big_patterns[p][i % pl];
        hl_span *sp = NULL;
        size_t n = hl_tokenize(lang, buf, BIG_INPUT, &sp);
        ok = spans_valid(buf, BIG_INPUT, sp, n, false);
        free(sp);
    }
    free(buf);
    return ok;
}

TEST(highlight_big_input_linear)
{
    for (size_t i = 0; i < N_LANGS; i++) {
        lang_arg a = {find_lang(all_langs[i])};
        int r = tu_in_child(big_inputs, &a);
        if (r != 1) tu_fail(__FILE__, __LINE__, "%s: 512 KB inputs gave %d (1 = done, valid)", all_langs[i], r);
    }
}

/* Every bundled definition compiles, and no two claim one alias. */
TEST(highlight_definitions_load)
{
    hl_registry *r = hl_registry_new(hl_registry_dir());
    bool ok = hl_registry_load_all(r);
    if (!ok) {
        char *dump = tu_diag_dump();
        tu_fail(__FILE__, __LINE__, "definitions: %s", dump);
        free(dump);
    }
    hl_registry_free(r);
}
