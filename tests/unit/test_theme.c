/* theme: colours, the base theme file, overrides, papers and callouts. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "test.h"
#include "theme.h"
#include "util.h"

TEST(theme_parse_color_good)
{
    theme_color c = {-1, -1, -1};
    CHECK(theme_parse_color("#ff0080", &c));
    CHECK_NEAR(c.r, 1.0, 1e-12);
    CHECK_NEAR(c.g, 0.0, 1e-12);
    CHECK_NEAR(c.b, 128 / 255.0, 1e-12);
    CHECK(theme_parse_color("#1A2b3C", &c));
    CHECK_NEAR(c.r, 0x1a / 255.0, 1e-12);
    CHECK_NEAR(c.g, 0x2b / 255.0, 1e-12);
    CHECK_NEAR(c.b, 0x3c / 255.0, 1e-12);
    CHECK(theme_parse_color("#000000", &c));
    CHECK_NEAR(c.r + c.g + c.b, 0, 1e-12);
}

TEST(theme_parse_color_bad)
{
    theme_color c = {0.5, 0.5, 0.5};
    CHECK(!theme_parse_color("#fff", &c));
    CHECK(!theme_parse_color("ff0080", &c));
    CHECK(!theme_parse_color("#ff008", &c));
    CHECK(!theme_parse_color("#ff00800", &c));
    CHECK(!theme_parse_color("#gg0080", &c));
    CHECK(!theme_parse_color("#ff 080", &c));
    CHECK(!theme_parse_color("#-10080", &c));
    CHECK(!theme_parse_color("", &c));
    CHECK(!theme_parse_color(NULL, &c));
    CHECK(!theme_parse_color("red", &c));
    CHECK_NEAR(c.r, 0.5, 0); /* untouched */
}

/* The template parsed independently of theme.c, to compare values with. */
typedef struct tmpl {
    char *text;
    yamlx_doc d;
} tmpl;

static bool tmpl_load(tmpl *m)
{
    size_t len = 0;
    memset(m, 0, sizeof *m);
    if (util_read_file(tu_theme_path(), 1 << 20, &m->text, &len) != UTIL_READ_OK) return false;
    return yamlx_load(&m->d, "theme.yaml", m->text, len, 0);
}

static void tmpl_free(tmpl *m)
{
    yamlx_free(&m->d);
    free(m->text);
}

/* Scalar at a dotted key path ("heading.h1.size"), or NULL. */
static const char *tmpl_get(tmpl *m, const char *key)
{
    yaml_node_t *n = yamlx_root(&m->d);
    char *path = util_xstrdup(key);
    for (char *part = strtok(path, "."); part && n; part = strtok(NULL, ".")) {
        yaml_node_t *next = NULL;
        if (n->type == YAML_MAPPING_NODE)
            for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
                yaml_node_t *k = yamlx_get(&m->d, p->key);
                if (k->type == YAML_SCALAR_NODE && !strcmp((char *)k->data.scalar.value, part)) next = yamlx_get(&m->d, p->value);
            }
        n = next;
    }
    free(path);
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

TEST(theme_load_template)
{
    theme t;
    CHECK(theme_load_file(&t, tu_theme_path()));
    CHECK_INT(diag_errors(), 0);
    CHECK(t.font_body && *t.font_body);
    CHECK(t.n_papers >= 3);
    CHECK(t.n_callouts >= 5);
    theme_free(&t);
    CHECK(t.font_body == NULL);
    CHECK_INT(t.n_papers, 0);
    CHECK_INT(t.n_callouts, 0);
}

/* Every key of THEME_FIELDS is loaded, with the value the template gives it. */
TEST(theme_template_sets_every_key)
{
    theme t;
    tmpl m;
    REQUIRE(tmpl_load(&m));
    REQUIRE(theme_load_file(&t, tu_theme_path()));
    int keys = 0;
    theme_color c;
    double v;
    bool bv;
#define CHECK_KEY(key, ok) \
    do { \
        keys++; \
        const char *s_ = tmpl_get(&m, key); \
        if (!s_) tu_fail(__FILE__, __LINE__, "%s is not in the template", key); \
        else if (!(ok)) tu_fail(__FILE__, __LINE__, "%s: theme value differs from the template's '%s'", key, s_); \
    } while (0)
#define X_THEME_STR(f, key, lo, hi) CHECK_KEY(key, t.f && !strcmp(t.f, s_));
#define X_THEME_NUM(f, key, lo, hi) CHECK_KEY(key, strtod(s_, NULL) == t.f && t.f >= (lo) && t.f <= (hi));
#define X_THEME_LEN(f, key, lo, hi) \
    CHECK_KEY(key, yamlx_parse_length(s_, &v) && v == t.f && t.f >= (lo) && t.f <= (hi));
#define X_THEME_COLOR(f, key, lo, hi) \
    CHECK_KEY(key, theme_parse_color(s_, &c) && c.r == t.f.r && c.g == t.f.g && c.b == t.f.b);
#define X_THEME_BOOL(f, key, lo, hi) CHECK_KEY(key, yamlx_parse_bool(s_, &bv) && bv == t.f);
#define X(type, ctype, field, key, lo, hi) X_##type(field, key, lo, hi)
    THEME_FIELDS(X)
#undef X
    CHECK(keys > 50);
    /* Callouts too. */
    const theme_callout *note = theme_find_callout(&t, "note");
    CHECK(note && tu_contains(note->kind, "NOTE"));
    CHECK(note && note->label && tmpl_get(&m, "callouts.NOTE.label") && !strcmp(note->label, tmpl_get(&m, "callouts.NOTE.label")));
    theme_free(&t);
    tmpl_free(&m);
}

TEST(theme_papers_lookup)
{
    theme t;
    REQUIRE(theme_load_file(&t, tu_theme_path()));
    const theme_paper *a4 = theme_find_paper(&t, "a4");
    const theme_paper *letter = theme_find_paper(&t, "letter");
    const theme_paper *six = theme_find_paper(&t, "6x9");
    CHECK(a4 && letter && six);
    if (a4) {
        CHECK_STR(a4->name, "a4");
        CHECK_NEAR(a4->width, 210 * 72 / 25.4, 1e-6);
        CHECK_NEAR(a4->height, 297 * 72 / 25.4, 1e-6);
        CHECK(a4->body_size >= 8 && a4->body_size <= 14);
        CHECK(a4->margin_top > 0 && a4->margin_inner + a4->margin_outer < a4->width);
    }
    if (letter) {
        CHECK_NEAR(letter->width, 612, 1e-9);
        CHECK_NEAR(letter->height, 792, 1e-9);
    }
    if (six) {
        CHECK_NEAR(six->width, 432, 1e-9);
        CHECK_NEAR(six->height, 648, 1e-9);
    }
    CHECK(theme_find_paper(&t, "A4") == a4); /* case-insensitive */
    CHECK(theme_find_paper(&t, "a5") == NULL);
    CHECK(theme_find_paper(&t, "") == NULL);
    char *names = theme_paper_names(&t);
    CHECK(tu_contains(names, "a4") && tu_contains(names, ", letter") && tu_contains(names, "6x9"));
    free(names);
    theme_free(&t);
}

TEST(theme_callouts_lookup)
{
    theme t;
    REQUIRE(theme_load_file(&t, tu_theme_path()));
    static const char *kinds[] = {"NOTE", "tip", "Important", "WARNING", "caution"}; /* GitHub's five */
    for (size_t i = 0; i < 5; i++) {
        const theme_callout *c = theme_find_callout(&t, kinds[i]);
        if (!c) {
            tu_fail(__FILE__, __LINE__, "callout %s missing", kinds[i]);
            continue;
        }
        CHECK(!strcasecmp(c->kind, kinds[i]));
        CHECK(c->label && *c->label);
    }
    CHECK(theme_find_callout(&t, "DANGER") == NULL);
    CHECK(theme_find_callout(&t, "") == NULL);
    theme_free(&t);
}

/* Writes a copy of the template to <tmp>/<name>: the first line that starts
 * with `key` (e.g. "  link:") gets `value` instead of its own (NULL: the line
 * is dropped), and `append` is added at the end. Returns the path (NULL if
 * the key is not there) and the line and column of the new value. */
static char *theme_variant(const char *name, const char *key, const char *value, const char *append, int *line,
                           int *col)
{
    char *text = NULL;
    size_t len = 0;
    if (util_read_file(tu_theme_path(), 1 << 20, &text, &len) != UTIL_READ_OK) return NULL;
    util_buf b = {0};
    int n = 1;
    bool done = !key;
    for (char *p = text; *p; n++) {
        char *eol = strchr(p, '\n');
        size_t ll = eol ? (size_t)(eol - p) + 1 : strlen(p);
        if (!done && !strncmp(p, key, strlen(key))) {
            done = true;
            if (line) *line = n;
            if (col) *col = (int)strlen(key) + 2;
            if (value) util_buf_printf(&b, "%s %s\n", key, value);
        } else {
            util_buf_add(&b, p, ll);
        }
        p += ll;
    }
    if (append) util_buf_adds(&b, append);
    char *path = done ? tu_write(name, b.s ? b.s : "") : NULL;
    util_buf_free(&b);
    free(text);
    return path;
}

TEST(theme_missing_key_fails)
{
    char *path = theme_variant("theme/missing.yaml", "  paragraph_space:", NULL, NULL, NULL, NULL);
    REQUIRE(path);
    theme t;
    CHECK(!theme_load_file(&t, path));
    CHECK_DIAG("missing.yaml", 0, 0, "theme key 'text.paragraph_space' is missing");
    CHECK_INT(diag_errors(), 1);
    theme_free(&t);
    free(path);
}

TEST(theme_unknown_key_in_file_fails)
{
    char *path = theme_variant("theme/extra.yaml", NULL, NULL, "extra:\n  shiny: true\n", NULL, NULL);
    REQUIRE(path);
    theme t;
    CHECK(!theme_load_file(&t, path));
    CHECK_DIAG("extra.yaml", -1, 3, "unknown theme key 'extra.shiny'");
    CHECK_INT(diag_errors(), 1);
    theme_free(&t);
    free(path);
}

TEST(theme_bad_value_in_file_fails)
{
    int line = 0, col = 0;
    char *path = theme_variant("theme/badcolor.yaml", "  link:", "blue", NULL, &line, &col);
    REQUIRE(path);
    theme t;
    CHECK(!theme_load_file(&t, path));
    CHECK_DIAG("badcolor.yaml", line, col, "color.link: expected a colour '#rrggbb', got 'blue'");
    /* A key with a bad value counts as missing too. */
    CHECK_DIAG("badcolor.yaml", 0, 0, "theme key 'color.link' is missing");
    theme_free(&t);
    free(path);
}

TEST(theme_paper_without_room_fails)
{
    char *path = theme_variant("theme/paper.yaml", "    margin_inner:", "99cm", NULL, NULL, NULL);
    REQUIRE(path);
    theme t;
    CHECK(!theme_load_file(&t, path));
    CHECK_DIAG("paper.yaml", 0, 0, "margins that leave room for text");
    CHECK_INT(diag_errors(), 1);
    theme_free(&t);
    free(path);
}

TEST(theme_paper_length_out_of_range)
{
    int line = 0, col = 0;
    char *path = theme_variant("theme/paper2.yaml", "    height:", "5000in", NULL, &line, &col);
    REQUIRE(path);
    theme t;
    CHECK(!theme_load_file(&t, path));
    CHECK_DIAG("paper2.yaml", line, col, ".height: 5000in is out of range");
    theme_free(&t);
    free(path);
}

TEST(theme_missing_file_fails)
{
    char *path = tu_tmp_path("theme/nope.yaml");
    theme t;
    CHECK(!theme_load_file(&t, path));
    CHECK_DIAG("nope.yaml", 0, 0, "cannot load the theme: no such file");
    theme_free(&t);
    free(path);
}

static bool apply(theme *t, yamlx_doc *d, const char *yaml)
{
    if (!yamlx_load(d, "book.yaml", yaml, strlen(yaml), 0)) return false;
    return theme_apply(t, d, yamlx_root(d));
}

TEST(theme_apply_overrides_nested_keys)
{
    theme t;
    REQUIRE(theme_load_file(&t, tu_theme_path()));
    double h3 = t.h3_size;
    char *body = util_xstrdup(t.font_body);
    size_t callouts = t.n_callouts;
    const theme_paper *a4 = theme_find_paper(&t, "a4");
    REQUIRE(a4);
    double a4_bottom = a4->margin_bottom;
    yamlx_doc d;
    CHECK(apply(&t, &d,
                "color: { link: \"#000080\" }\n"
                "text:\n  justify: false\n"
                "heading:\n  h2: { size: 2 }\n"
                "font: { mono: Courier }\n"
                "code: { padding: 2mm }\n"
                "papers: { a4: { margin_top: 1in } }\n"
                "callouts: { note: { label: Remark } }\n"));
    CHECK_INT(diag_errors(), 0);
    CHECK_NEAR(t.color_link.b, 128 / 255.0, 1e-9);
    CHECK_NEAR(t.color_link.r, 0, 1e-9);
    CHECK(!t.text_justify);
    CHECK_NEAR(t.h2_size, 2, 1e-9);
    CHECK_NEAR(t.h3_size, h3, 0); /* siblings untouched */
    CHECK_STR(t.font_mono, "Courier");
    CHECK_STR(t.font_body, body);
    CHECK_NEAR(t.code_padding, 2 * 72 / 25.4, 1e-9);
    CHECK(theme_find_paper(&t, "a4") == a4);
    CHECK_NEAR(a4->margin_top, 72, 1e-9);
    CHECK_NEAR(a4->margin_bottom, a4_bottom, 0);
    const theme_callout *note = theme_find_callout(&t, "NOTE");
    CHECK(note && !strcmp(note->label, "Remark"));
    CHECK_INT(t.n_callouts, callouts);
    yamlx_free(&d);
    theme_free(&t);
    free(body);
}

TEST(theme_apply_unknown_key_error)
{
    theme t;
    REQUIRE(theme_load_file(&t, tu_theme_path()));
    yamlx_doc d;
    CHECK(!apply(&t, &d, "color:\n  link: \"#000000\"\n  lnk: \"#ffffff\"\nbogus: 1\n"));
    CHECK_DIAG("book.yaml", 3, 3, "unknown theme key 'color.lnk'");
    CHECK_DIAG("book.yaml", 4, 1, "unknown theme key 'bogus'");
    CHECK_INT(diag_errors(), 2);
    CHECK_NEAR(t.color_link.r, 0, 1e-9); /* the valid sibling still applies */
    yamlx_free(&d);
    theme_free(&t);
}

TEST(theme_apply_type_and_range_errors)
{
    theme t;
    REQUIRE(theme_load_file(&t, tu_theme_path()));
    double leading = t.text_leading;
    bool justify = t.text_justify;
    yamlx_doc d;
    CHECK(!apply(&t, &d, "text: { leading: 9, justify: sometimes }\ncolor: { rule: \"#12\" }\nquote: { bar_width: 3km }\n"));
    CHECK_DIAG("book.yaml", 1, 18, "text.leading: 9 is out of range (1 to 3)");
    CHECK_DIAG("book.yaml", 1, 30, "text.justify: expected true or false");
    CHECK_DIAG("book.yaml", 2, 16, "color.rule: expected a colour");
    CHECK_DIAG("book.yaml", 3, 21, "quote.bar_width: expected a length");
    CHECK_NEAR(t.text_leading, leading, 0); /* unchanged */
    CHECK(t.text_justify == justify);
    yamlx_free(&d);
    theme_free(&t);
}

TEST(theme_apply_not_a_mapping)
{
    theme t;
    REQUIRE(theme_load_file(&t, tu_theme_path()));
    yamlx_doc d;
    CHECK(!apply(&t, &d, "[a, b]\n"));
    CHECK_DIAG("book.yaml", 1, 1, "theme: expected a mapping, got a list");
    yamlx_free(&d);
    theme_free(&t);
}

/* Loads the theme file at path (in a child); true if it fails cleanly with a diagnostic. */
static bool theme_fails_cleanly(void *path)
{
    theme t;
    bool ok = theme_load_file(&t, path);
    theme_free(&t);
    return !ok && diag_errors() > 0;
}

TEST(theme_empty_or_scalar_file_fails_cleanly)
{
    static const char *texts[] = {"", "# only a comment\n", "just a scalar\n", "- a\n- b\n"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        char *name = util_printf("theme/odd-%zu.yaml", i);
        char *path = tu_write(name, texts[i]);
        int r = tu_in_child(theme_fails_cleanly, path);
        if (r != 1) {
            if (r < 0 && r > -1000) tu_fail(__FILE__, __LINE__, "theme file \"%s\": crashed with signal %d", texts[i], -r);
            else if (r < 0) tu_fail(__FILE__, __LINE__, "theme file \"%s\": crashed (exit status %d)", texts[i], -r - 1000);
            else tu_fail(__FILE__, __LINE__, "theme file \"%s\": not rejected with a diagnostic", texts[i]);
        }
        free(path);
        free(name);
    }
}

TEST(theme_list_bullet_takes_the_words_in_turn)
{
    theme t;
    memset(&t, 0, sizeof t);
    char mark[16];
    t.list_bullets = (char *)" \xe2\x80\xa2  \xe2\x80\x93 \xe2\x80\xa3 ";
    theme_list_bullet(&t, 0, mark, sizeof mark);
    CHECK_STR(mark, "\xe2\x80\xa2");
    theme_list_bullet(&t, 1, mark, sizeof mark);
    CHECK_STR(mark, "\xe2\x80\x93");
    theme_list_bullet(&t, 2, mark, sizeof mark);
    CHECK_STR(mark, "\xe2\x80\xa3");
    theme_list_bullet(&t, 3, mark, sizeof mark); /* in turn again */
    CHECK_STR(mark, "\xe2\x80\xa2");
    t.list_bullets = (char *)"  ";
    theme_list_bullet(&t, 4, mark, sizeof mark);
    CHECK_STR(mark, "\xe2\x80\xa2");
}
