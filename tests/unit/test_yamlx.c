/* yamlx: loading with positions and bounds, duplicate keys, typed getters. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "test.h"
#include "util.h"
#include "yamlx.h"

static bool load(yamlx_doc *d, const char *text) { return yamlx_load(d, "t.yaml", text, strlen(text), 0); }

/* Value node of `key` in the root mapping, or NULL. */
static yaml_node_t *val(yamlx_doc *d, const char *key)
{
    yaml_node_t *root = yamlx_root(d);
    if (!root || root->type != YAML_MAPPING_NODE) return NULL;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yamlx_get(d, p->key);
        if (k->type == YAML_SCALAR_NODE && !strcmp((const char *)k->data.scalar.value, key)) return yamlx_get(d, p->value);
    }
    return NULL;
}

TEST(yamlx_load_ok_positions)
{
    yamlx_doc d;
    CHECK(load(&d, "a: 1\nlist:\n  - x\n  - yy\n"));
    CHECK(d.loaded);
    yaml_node_t *list = val(&d, "list");
    REQUIRE(list && list->type == YAML_SEQUENCE_NODE);
    yaml_node_t *yy = yamlx_get(&d, list->data.sequence.items.start[1]);
    CHECK_INT(yamlx_line(&d, yy), 4);
    CHECK_INT(yamlx_col(&d, yy), 5);
    CHECK_STR(yamlx_type_name(list), "a list");
    CHECK_STR(yamlx_type_name(yamlx_root(&d)), "a mapping");
    CHECK_STR(yamlx_type_name(yy), "a scalar");
    CHECK_STR(yamlx_type_name(NULL), "nothing");
    CHECK_INT(diag_errors(), 0);
    yamlx_free(&d);
    CHECK(!d.loaded);
}

TEST(yamlx_load_line_offset)
{
    yamlx_doc d;
    CHECK(yamlx_load(&d, "t.yaml", "a: 1\nb: 2\n", 10, 7));
    CHECK_INT(yamlx_line(&d, val(&d, "b")), 9);
    CHECK_INT(yamlx_col(&d, val(&d, "b")), 4);
    yamlx_free(&d);
    CHECK(!yamlx_load(&d, "t.yaml", "a: 1\nb: [1, 2\n", 14, 7));
    CHECK_DIAG("t.yaml", -1, -1, "invalid YAML");
    size_t n;
    const diag_entry *e = diag_entries(&n);
    REQUIRE(n == 1);
    CHECK(e[0].line >= 9); /* past the offset, not at the top of the text */
    yamlx_free(&d);
}

TEST(yamlx_load_empty_document)
{
    yamlx_doc d;
    CHECK(load(&d, ""));
    CHECK(yamlx_root(&d) == NULL);
    CHECK_INT(diag_errors(), 0);
    yamlx_free(&d);
    CHECK(load(&d, "# only a comment\n"));
    CHECK(yamlx_root(&d) == NULL);
    yamlx_free(&d);
}

TEST(yamlx_syntax_error_has_line_col)
{
    yamlx_doc d;
    CHECK(!load(&d, "title: ok\nbad: [1, 2\nnext: 3\n"));
    CHECK_INT(diag_errors(), 1);
    CHECK_DIAG("t.yaml", -1, -1, "invalid YAML");
    size_t n;
    const diag_entry *e = diag_entries(&n);
    REQUIRE(n == 1);
    CHECK(e[0].line >= 2);
    CHECK(e[0].col >= 1);
    yamlx_free(&d);

    diag_reset();
    CHECK(!load(&d, "a: 1\n  b: 2\n")); /* bad indentation: mapping value not allowed */
    CHECK_DIAG("t.yaml", 2, -1, "invalid YAML");
    yamlx_free(&d);

    diag_reset();
    CHECK(!load(&d, "key: \"unclosed\n"));
    CHECK_DIAG("t.yaml", -1, -1, "invalid YAML");
    yamlx_free(&d);
}

TEST(yamlx_invalid_utf8_position)
{
    yamlx_doc d;
    const char text[] = "a: 1\nb: x\xff\n";
    CHECK(!yamlx_load(&d, "t.yaml", text, sizeof text - 1, 0));
    CHECK_DIAG("t.yaml", 2, 5, "invalid YAML");
    yamlx_free(&d);
}

TEST(yamlx_alias_cycle_rejected)
{
    yamlx_doc d;
    CHECK(!load(&d, "a: &x [1, *x]\n")); /* must return, not recurse forever */
    CHECK_DIAG("t.yaml", 1, 11, "alias refers to a node that contains it"); /* at the alias */
    CHECK_INT(diag_errors(), 1);
    /* A failed load leaves nothing behind: book.c and source.c do not call
     * yamlx_free after a failed yamlx_load. */
    if (d.loaded) tu_fail(__FILE__, __LINE__, "yamlx_load returned false but kept the document loaded");
    yamlx_free(&d);
}

TEST(yamlx_billion_laughs_rejected)
{
    const char *text =
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
        "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
        "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n";
    yamlx_doc d;
    double t0 = util_now();
    CHECK(!load(&d, text));
    CHECK(util_now() - t0 < 5.0);
    CHECK_DIAG("t.yaml", 6, 4, "too large after alias expansion"); /* f: the first node over the bound */
    if (d.loaded) tu_fail(__FILE__, __LINE__, "yamlx_load returned false but kept the document loaded");
    yamlx_free(&d);
}

TEST(yamlx_second_document_warned)
{
    yamlx_doc d;
    CHECK(load(&d, "a: 1\n---\nb: 2\n"));
    CHECK_INT(diag_errors(), 0);
    CHECK_DIAG("t.yaml", 2, 1, "a second YAML document is ignored");
    CHECK(val(&d, "a") && !val(&d, "b"));
    yamlx_free(&d);
}

TEST(yamlx_small_aliases_accepted)
{
    yamlx_doc d;
    CHECK(load(&d, "base: &b {x: 1}\nuse: *b\nlist: &l [1, 2]\nagain: *l\n"));
    CHECK_INT(diag_errors(), 0);
    yaml_node_t *use = val(&d, "use");
    CHECK(use && use->type == YAML_MAPPING_NODE);
    yamlx_free(&d);
}

TEST(yamlx_deep_nesting_rejected)
{
    util_buf b = {0};
    util_buf_adds(&b, "a: ");
    for (int i = 0; i < 100; i++) util_buf_addc(&b, '[');
    for (int i = 0; i < 100; i++) util_buf_addc(&b, ']');
    util_buf_addc(&b, '\n');
    yamlx_doc d;
    CHECK(!load(&d, b.s));
    CHECK_DIAG("t.yaml", 1, 68, "nested too deeply (more than 64 levels)"); /* the 65th [ */
    yamlx_free(&d);
    util_buf_free(&b);
}

typedef struct pairs {
    char keys[8][16];
    int n;
} pairs;

static bool collect(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    pairs *p = user;
    if (p->n < 8) snprintf(p->keys[p->n++], sizeof p->keys[0], "%s", key);
    return true;
}

TEST(yamlx_each_pair_duplicate_keys)
{
    yamlx_doc d;
    CHECK(load(&d, "a: 1\nb: 2\na: 3\n"));
    pairs p = {.n = 0};
    CHECK(!yamlx_each_pair(&d, yamlx_root(&d), "config", collect, &p));
    CHECK_INT(p.n, 2);
    CHECK_STR(p.keys[0], "a");
    CHECK_STR(p.keys[1], "b");
    CHECK_DIAG("t.yaml", 3, 1, "duplicate key 'a'");
    CHECK_INT(diag_errors(), 1);
    yamlx_free(&d);
}

TEST(yamlx_each_pair_bad_nodes)
{
    yamlx_doc d;
    CHECK(load(&d, "list: [1]\n? [x]\n: 2\nok: 3\n"));
    pairs p = {.n = 0};
    CHECK(!yamlx_each_pair(&d, yamlx_root(&d), "config", collect, &p));
    CHECK_DIAG("t.yaml", 2, -1, "keys must be plain names");
    CHECK_INT(p.n, 2); /* list and ok */
    diag_reset();
    CHECK(!yamlx_each_pair(&d, val(&d, "list"), "things", collect, &p));
    CHECK_DIAG("t.yaml", 1, 7, "things: expected a mapping, got a list");
    yamlx_free(&d);
}

TEST(yamlx_string_getter)
{
    yamlx_doc d;
    CHECK(load(&d, "s: hello\nq: \"\"\nempty:\nlist: [a]\nnum: 12\n"));
    char *s = NULL;
    CHECK(yamlx_string(&d, val(&d, "s"), "s", &s));
    CHECK_STR(s, "hello");
    CHECK(yamlx_string(&d, val(&d, "num"), "num", &s)); /* replaces (and frees) the old value */
    CHECK_STR(s, "12");
    CHECK(yamlx_string(&d, val(&d, "q"), "q", &s)); /* an explicit "" is a string */
    CHECK_STR(s, "");
    CHECK_INT(diag_errors(), 0);
    CHECK(!yamlx_string(&d, val(&d, "empty"), "empty", &s));
    CHECK_DIAG("t.yaml", 3, -1, "empty: expected a string, got an empty value");
    CHECK(!yamlx_string(&d, val(&d, "list"), "list", &s));
    CHECK_DIAG("t.yaml", 4, 7, "list: expected a string, got a list");
    CHECK_STR(s, ""); /* unchanged on error */
    free(s);
    yamlx_free(&d);
}

TEST(yamlx_bool_getter)
{
    bool b = false;
    CHECK(yamlx_parse_bool("true", &b) && b);
    CHECK(yamlx_parse_bool("No", &b) && !b);
    CHECK(yamlx_parse_bool("ON", &b) && b);
    CHECK(yamlx_parse_bool("off", &b) && !b);
    CHECK(!yamlx_parse_bool("tru", &b));
    CHECK(!yamlx_parse_bool("1", &b));
    CHECK(!yamlx_parse_bool("", &b));
    yamlx_doc d;
    CHECK(load(&d, "a: yes\nb: maybe\nc: [true]\n"));
    b = false;
    CHECK(yamlx_bool(&d, val(&d, "a"), "a", &b));
    CHECK(b);
    CHECK(!yamlx_bool(&d, val(&d, "b"), "b", &b));
    CHECK_DIAG("t.yaml", 2, 4, "b: expected true or false, got 'maybe'");
    CHECK(!yamlx_bool(&d, val(&d, "c"), "c", &b));
    CHECK_DIAG("t.yaml", 3, 4, "got a list");
    CHECK_INT(diag_errors(), 2);
    yamlx_free(&d);
}

TEST(yamlx_int_getter)
{
    yamlx_doc d;
    CHECK(load(&d, "a: 42\nb: -3\nc: 12abc\nd: 1.5\ne: 99999999999999999999999\nf: 11\ng: ''\nh: 0x10\n"));
    long v = 0;
    CHECK(yamlx_int(&d, val(&d, "a"), "a", 0, 100, &v));
    CHECK_INT(v, 42);
    CHECK(yamlx_int(&d, val(&d, "b"), "b", -10, 10, &v));
    CHECK_INT(v, -3);
    CHECK_INT(diag_errors(), 0);
    v = 7;
    CHECK(!yamlx_int(&d, val(&d, "c"), "c", 0, 100, &v));
    CHECK_DIAG("t.yaml", 3, 4, "c: expected a whole number, got '12abc'");
    CHECK(!yamlx_int(&d, val(&d, "d"), "d", 0, 100, &v));
    CHECK_DIAG("t.yaml", 4, 4, "expected a whole number");
    CHECK(!yamlx_int(&d, val(&d, "e"), "e", 0, 100, &v));
    CHECK_DIAG("t.yaml", 5, 4, "expected a whole number");
    CHECK(!yamlx_int(&d, val(&d, "f"), "f", 0, 10, &v));
    CHECK_DIAG("t.yaml", 6, 4, "f: 11 is out of range (0 to 10)");
    CHECK(!yamlx_int(&d, val(&d, "g"), "g", 0, 10, &v));
    CHECK(!yamlx_int(&d, val(&d, "h"), "h", 0, 100, &v));
    CHECK_INT(v, 7); /* unchanged on error */
    CHECK_INT(diag_errors(), 6);
    yamlx_free(&d);
}

TEST(yamlx_number_getter)
{
    yamlx_doc d;
    CHECK(load(&d, "a: 1.25\nb: -2e1\nc: 1.5x\nd: .inf\ne: nan\nf: 3.5\ng:\n"));
    double v = 0;
    CHECK(yamlx_number(&d, val(&d, "a"), "a", 0, 2, &v));
    CHECK_NEAR(v, 1.25, 1e-12);
    CHECK(yamlx_number(&d, val(&d, "b"), "b", -100, 0, &v));
    CHECK_NEAR(v, -20, 1e-12);
    CHECK_INT(diag_errors(), 0);
    CHECK(!yamlx_number(&d, val(&d, "c"), "c", 0, 10, &v));
    CHECK_DIAG("t.yaml", 3, 4, "c: expected a number, got '1.5x'");
    CHECK(!yamlx_number(&d, val(&d, "d"), "d", -1e300, 1e300, &v));
    CHECK(!yamlx_number(&d, val(&d, "e"), "e", -1e300, 1e300, &v));
    CHECK(!yamlx_number(&d, val(&d, "f"), "f", 1, 3, &v));
    CHECK_DIAG("t.yaml", 6, 4, "f: 3.5 is out of range (1 to 3)");
    CHECK(!yamlx_number(&d, val(&d, "g"), "g", 1, 3, &v));
    CHECK_DIAG("t.yaml", 7, -1, "g: expected a number, got an empty value");
    CHECK_NEAR(v, -20, 1e-12); /* unchanged on error */
    yamlx_free(&d);
}

TEST(yamlx_parse_length_units)
{
    double v = 0;
    CHECK(yamlx_parse_length("12", &v));
    CHECK_NEAR(v, 12, 1e-9);
    CHECK(yamlx_parse_length("12pt", &v));
    CHECK_NEAR(v, 12, 1e-9);
    CHECK(yamlx_parse_length("25.4mm", &v));
    CHECK_NEAR(v, 72, 1e-9);
    CHECK(yamlx_parse_length("2.54cm", &v));
    CHECK_NEAR(v, 72, 1e-9);
    CHECK(yamlx_parse_length("0.5in", &v));
    CHECK_NEAR(v, 36, 1e-9);
    CHECK(yamlx_parse_length("210 mm", &v));
    CHECK_NEAR(v, 595.2756, 1e-3);
    v = -1;
    CHECK(!yamlx_parse_length("12px", &v));
    CHECK(!yamlx_parse_length("2em", &v));
    CHECK(!yamlx_parse_length("mm", &v));
    CHECK(!yamlx_parse_length("", &v));
    CHECK(!yamlx_parse_length("12 pt x", &v));
    CHECK(!yamlx_parse_length("inf", &v));
    CHECK_NEAR(v, -1, 0); /* unchanged on failure */
}

TEST(yamlx_length_getter_and_range)
{
    yamlx_doc d;
    CHECK(load(&d, "a: 10mm\nb: 1in\nc: 5furlongs\nd: 2in\ne: [1]\n"));
    double v = 0;
    CHECK(yamlx_length(&d, val(&d, "a"), "a", 0, 100, &v));
    CHECK_NEAR(v, 28.3465, 1e-3);
    CHECK(yamlx_length(&d, val(&d, "b"), "b", 0, 72, &v));
    CHECK_NEAR(v, 72, 1e-9);
    CHECK_INT(diag_errors(), 0);
    CHECK(!yamlx_length(&d, val(&d, "c"), "c", 0, 100, &v));
    CHECK_DIAG("t.yaml", 3, 4, "c: expected a length");
    CHECK(!yamlx_length(&d, val(&d, "d"), "d", 0, 100, &v));
    CHECK_DIAG("t.yaml", 4, 4, "d: 2in is out of range (0pt to 100pt)");
    CHECK(!yamlx_length(&d, val(&d, "e"), "e", 0, 100, &v));
    CHECK_DIAG("t.yaml", 5, 4, "got a list");
    CHECK_NEAR(v, 72, 1e-9);
    yamlx_free(&d);
}

TEST(yamlx_string_list_scalar_and_list)
{
    yamlx_doc d;
    CHECK(load(&d, "one: Ann\nmany: [Ann, Bob, 'Cy D']\nnone: []\nbad: [Ann, [x], Bob]\nmap: {a: 1}\n"));
    char **v = NULL;
    size_t n = 0;
    CHECK(yamlx_string_list(&d, val(&d, "one"), "one", &v, &n));
    REQUIRE(n == 1);
    CHECK_STR(v[0], "Ann");
    CHECK(yamlx_string_list(&d, val(&d, "many"), "many", &v, &n)); /* replaces the old list */
    REQUIRE(n == 3);
    CHECK_STR(v[0], "Ann");
    CHECK_STR(v[1], "Bob");
    CHECK_STR(v[2], "Cy D");
    CHECK_INT(diag_errors(), 0);
    CHECK(!yamlx_string_list(&d, val(&d, "bad"), "bad", &v, &n));
    CHECK_DIAG("t.yaml", 4, 12, "bad: expected a string, got a list");
    CHECK_INT(n, 3); /* unchanged on error */
    CHECK(!yamlx_string_list(&d, val(&d, "map"), "map", &v, &n));
    CHECK_DIAG("t.yaml", 5, 6, "got a mapping");
    CHECK(yamlx_string_list(&d, val(&d, "none"), "none", &v, &n));
    CHECK_INT(n, 0);
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
    yamlx_free(&d);
}
