/* calc, units, vars: evaluation, units and conversions, formatting, the worked
 * arithmetic, scopes, and every error with its position. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "calc.h"
#include "diag.h"
#include "source.h"
#include "test.h"
#include "units.h"
#include "util.h"
#include "vars.h"

/* Names known to eval(): a = 2 users, rate = 20 requests/user/day. */
static bool t_lookup(void *user, const char *name, int line, int col, const units_q *unit, units_q *out)
{
    if (!strcmp(name, "a")) {
        *out = units_of(units_find("users", 5), 2);
        return true;
    }
    if (!strcmp(name, "rate")) {
        units_q r = units_of(units_find("requests", 8), 20), u = units_of(units_find("user", 4), 1),
                d = units_of(units_find("day", 3), 1);
        units_mul(&r, &r, &u, -1);
        units_mul(&r, &r, &d, -1);
        *out = r;
        return true;
    }
    if (unit) {
        *out = *unit;
        return true;
    }
    diag_error("t.md", line, col, "undefined name '%s'", name);
    return false;
}

/* Parses and evaluates text (on line 1, column 1 of "t.md") and prints it as a quote would. */
static char *eval(const char *text)
{
    calc_expr e;
    if (!calc_parse_expr("t.md", text, strlen(text), 1, 1, &e)) return util_xstrdup("(parse error)");
    units_q v;
    char *r;
    if (!calc_eval(e.root, "t.md", t_lookup, NULL, &v)) r = util_xstrdup("(error)");
    else if (e.in && !units_same_dims(&v, &e.in->unit)) r = util_xstrdup("(mismatch)");
    else r = units_format_q(&v, e.in, &e.fmt, NULL);
    calc_expr_free(&e);
    return r;
}

#define CHECK_EVAL(text, want) \
    do { \
        char *got_ = eval(text); \
        CHECK_STR(got_, want); \
        free(got_); \
    } while (0)

TEST(calc_number_format)
{
    units_format f = {0, -1, false};
    bool r;
    char *s = units_format_number(34722.2, &f, &r);
    CHECK_STR(s, "34,700");
    CHECK(r);
    free(s);
    f.sig = 2;
    s = units_format_number(34722.2, &f, NULL);
    CHECK_STR(s, "35,000");
    free(s);
    f.sig = 0;
    s = units_format_number(0.000123, &f, &r);
    CHECK_STR(s, "0.000123");
    CHECK(!r);
    free(s);
    s = units_format_number(1.25e-7, &f, NULL);
    CHECK_STR(s, "1.25e-7");
    free(s);
    s = units_format_number(2e15, &f, NULL);
    CHECK_STR(s, "2e15");
    free(s);
    s = units_format_number(1.2, &f, &r);
    CHECK_STR(s, "1.2");
    CHECK(!r);
    free(s);
    s = units_format_number(-1234567, &f, NULL);
    CHECK_STR(s, "-1,230,000");
    free(s);
    f.dp = 2;
    s = units_format_number(1234.5, &f, NULL);
    CHECK_STR(s, "1,234.50");
    free(s);
    f.dp = 0;
    s = units_format_number(0, &f, NULL);
    CHECK_STR(s, "0");
    free(s);
}

TEST(calc_auto_units)
{
    CHECK_EVAL("1.2e12 B", "1.2 TB");
    CHECK_EVAL("1200 GB", "1.2 TB");
    CHECK_EVAL("34722 requests/s", "34,700 QPS");
    CHECK_EVAL("$1.3e6/month", "$1.3M/month");
    CHECK_EVAL("$45000/month", "$45,000/month");
    CHECK_EVAL("$2.1/GPU/hour * 730 h", "$1,530/GPU");
    CHECK_EVAL("0.0234 s", "23.4 ms");
    CHECK_EVAL("90 s", "1.5 min");
    CHECK_EVAL("50e6 users", "50,000,000 users");
    CHECK_EVAL("1 users", "1 user");
    CHECK_EVAL("a * rate", "0.000463 QPS");
    CHECK_EVAL("3.35 TB/s", "3.35 TB/s");
    CHECK_EVAL("100 tokens/s", "100 tokens/s");
    CHECK_EVAL("80%", "0.8");
    CHECK_EVAL("2 GB * 3 GB", "6e18 B^2");
}

TEST(calc_conversions)
{
    /* SI and binary prefixes are different units */
    CHECK_EVAL("1 GiB in GB; 4sf", "1.074 GB");
    CHECK_EVAL("1.5 KiB in B; 0dp", "1,536 B");
    CHECK_EVAL("1 TB in TiB; 3sf", "0.909 TiB");
    CHECK_EVAL("8 Gbit in GB", "1 GB");
    CHECK_EVAL("10 Gbps in GB/s", "1.25 GB/s");
    /* time: a month is 730 h, a year 12 months */
    CHECK_EVAL("1 month in h", "730 h");
    CHECK_EVAL("12 months in year", "1 year");
    CHECK_EVAL("1 year in days", "365 days");
    CHECK_EVAL("250 us in ms", "0.25 ms");
    CHECK_EVAL("250 \xc2\xb5s + 1 ms", "1.25 ms");
    /* rates: per day and per second convert on their own */
    CHECK_EVAL("86400 requests/day in QPS", "1 QPS");
    CHECK_EVAL("86400 s/day", "1");
    CHECK_EVAL("50e6 users * 20 requests/user/day in QPS", "11,600 QPS");
    CHECK_EVAL("50e6 users * 20 requests/user/day in QPS; 2sf", "12,000 QPS");
    CHECK_EVAL("$2.10/hour in $/month", "$1,530/month");
    CHECK_EVAL("$2.10/hour in $/month; 0dp", "$1,533/month");
    CHECK_EVAL("523 GPUs * $3/GPU/hour in $/month; 0dp", "$1,145,370/month"); /* decimal places asked: no M */
    CHECK_EVAL("523 GPUs * $3/GPU/hour in $/month", "$1.15M/month");
    CHECK_EVAL("0.25 in %", "25%");
    CHECK_EVAL("1.3e6 in 1", "(parse error)");
}

TEST(calc_arithmetic)
{
    CHECK_EVAL("(2 + 3) * 4", "20");
    CHECK_EVAL("2 + 3 * 4", "14");
    CHECK_EVAL("3 \xc3\x97 4 \xe2\x88\x92 2", "10");
    CHECK_EVAL("-3 + 5", "2");
    CHECK_EVAL("--3", "3");
    CHECK_EVAL("2 ^ 10; 0dp", "1,024");
    CHECK_EVAL("(2 s)^-1 in 1/s", "(parse error)");
    CHECK_EVAL("1 / (2 s)", "0.5/s");
    CHECK_EVAL("ceil(7 / 2)", "4");
    CHECK_EVAL("floor(7 / 2)", "3");
    CHECK_EVAL("round(2.5)", "3");
    CHECK_EVAL("abs(-2 ms)", "2 ms");
    CHECK_EVAL("min(3 ms, 2 s)", "3 ms");
    CHECK_EVAL("max(3 ms, 2 s)", "2 s");
    CHECK_EVAL("1_000_000 users", "1,000,000 users");
    CHECK_EVAL("1e3 * 1e3", "1,000,000");
    CHECK_EVAL("peak; approx", "(error)");
    CHECK_EVAL("10 users; approx", "\xe2\x89\x88 10 users");
    CHECK_EVAL("a * 3 ; 1sf", "6 users");
    CHECK_EVAL("GPU * 3", "3 GPUs"); /* a unit name alone is one of it */
}

TEST(calc_render_worked)
{
    calc_expr e;
    const char *t = "dau * (rate + 2 requests/user/day) / 86400 s/day";
    CHECK(calc_parse_expr("t.md", t, strlen(t), 1, 1, &e));
    char *f = calc_render(e.root, NULL, NULL);
    CHECK_STR(f, "dau \xc3\x97 (rate + 2 requests/user/day) / 86400 s/day");
    free(f);
    calc_expr_free(&e);
}

/* ---- errors, each at its position ---- */

static void eval_quiet(const char *text)
{
    char *r = eval(text);
    free(r);
}

TEST(calc_error_unit_mismatch)
{
    eval_quiet("1 GB + 2 ms");
    CHECK_DIAG("t.md", 1, 6, "unit mismatch: cannot add B and s");
    eval_quiet("1 GB - 2 users");
    CHECK_DIAG("t.md", 1, 6, "cannot subtract B and users");
    eval_quiet("min(1 GB, 2 ms)");
    CHECK_DIAG("t.md", 1, 1, "unit mismatch: min() of B and s");
}

TEST(calc_error_division_by_zero)
{
    eval_quiet("3 / (2 - 2)");
    CHECK_DIAG("t.md", 1, 3, "division by zero");
    eval_quiet("(1 - 1)^-2");
    CHECK_DIAG("t.md", 1, 8, "division by zero");
}

TEST(calc_error_syntax)
{
    eval_quiet("3 +");
    CHECK_DIAG("t.md", 1, 4, "expected a number, a name or '(', got 'end of expression'");
    diag_reset();
    eval_quiet("(1 + 2");
    CHECK_DIAG("t.md", 1, 7, "expected ')'");
    diag_reset();
    eval_quiet("3 # 4");
    CHECK_DIAG("t.md", 1, 3, "unexpected '#' after the expression");
    diag_reset();
    eval_quiet("3 in furlongs");
    CHECK_DIAG("t.md", 1, 6, "unknown unit 'furlongs'");
    diag_reset();
    eval_quiet("foo(2)");
    CHECK_DIAG("t.md", 1, 1, "unknown function 'foo'");
    diag_reset();
    eval_quiet("min(2)");
    CHECK_DIAG("t.md", 1, 1, "min() takes two arguments");
    diag_reset();
    eval_quiet("3; 2xx");
    CHECK_DIAG("t.md", 1, 5, "expected 'sf'");
    diag_reset();
    eval_quiet("3; 99sf");
    CHECK_DIAG("t.md", 1, 4, "'99' is too many");
    diag_reset();
    eval_quiet("3 in");
    CHECK_DIAG("t.md", 1, 5, "expected a unit, got 'end of expression'");
    diag_reset();
    eval_quiet("3; fancy");
    CHECK_DIAG("t.md", 1, 4, "unknown format 'fancy'");
    diag_reset();
    eval_quiet("2 GB^99");
    CHECK_DIAG("t.md", 1, 6, "small whole exponent");
    diag_reset();
    eval_quiet("");
    CHECK_DIAG("t.md", 1, 1, "expected an expression");
    diag_reset();
    eval_quiet("3 @ 4");
    CHECK_DIAG("t.md", 1, 3, "unexpected '@'");
}

TEST(calc_error_depth_and_length_bounded)
{
    util_buf b = {0};
    for (int i = 0; i < 100; i++) util_buf_addc(&b, '(');
    util_buf_adds(&b, "1");
    for (int i = 0; i < 100; i++) util_buf_addc(&b, ')');
    eval_quiet(b.s);
    CHECK_DIAG("t.md", 1, -1, "nested more than 64 levels deep");
    util_buf_free(&b);
    diag_reset();
    for (int i = 0; i < 100; i++) util_buf_adds(&b, "1 + ");
    util_buf_adds(&b, "1");
    eval_quiet(b.s);
    CHECK_DIAG("t.md", 1, -1, "nested more than 64 levels deep");
    util_buf_free(&b);
    diag_reset();
    for (int i = 0; i < 100; i++) util_buf_adds(&b, "-");
    util_buf_adds(&b, "1");
    eval_quiet(b.s);
    CHECK_DIAG("t.md", 1, -1, "nested more than 64 levels deep");
    util_buf_free(&b);
    diag_reset();
    for (int i = 0; i < 3000; i++) util_buf_adds(&b, "1*");
    util_buf_adds(&b, "1");
    eval_quiet(b.s);
    CHECK_DIAG("t.md", 1, 1, "longer than 4096 bytes");
    util_buf_free(&b);
}

TEST(calc_error_undefined_name)
{
    eval_quiet("a + nothere * 2");
    CHECK_DIAG("t.md", 1, 5, "undefined name 'nothere'");
}

static bool calc_prefixes(void *arg)
{
    /* Every prefix of a busy expression parses or fails cleanly. */
    const char *t = "dau * (20 requests/user/day + $2.10/GPU/h) / 86400 s/day ^ 2 in QPS; 2sf, approx \xc2\xb5s \xc3\x97 \xe2\x88\x92";
    size_t n = strlen(t);
    for (size_t i = 0; i <= n; i++) {
        char *s = util_xstrndup(t, i);
        eval_quiet(s);
        free(s);
    }
    return true;
}

TEST(calc_every_prefix_is_safe)
{
    diag_set_silent(true);
    CHECK_INT(tu_in_child(calc_prefixes, NULL), 1);
}

TEST(calc_split_definition)
{
    calc_src s;
    CHECK(calc_split_def("c.md", "peak = 3 * x", 12, 4, 1, &s));
    CHECK_STR(s.name, "peak");
    CHECK_STR(s.text, "3 * x");
    CHECK_INT(s.col, 8);
    CHECK_INT(s.line, 4);
    calc_src_free(&s);
    CHECK(!calc_split_def("c.md", "3 * x", 5, 7, 1, &s));
    CHECK_DIAG("c.md", 7, 1, "expected 'name = expression'");
    const char *why;
    CHECK(!calc_name_ok("ceil", &why));
    CHECK(!calc_name_ok("in", &why));
    CHECK(!calc_name_ok("9x", &why));
    CHECK(calc_name_ok("gpus", &why)); /* a variable may share a unit's name */
}

/* ---- the variable table ---- */

typedef struct t_book {
    vars_table *t;
    source_chapter chs[2];
    size_t n;
} t_book;

static void t_chapter(t_book *b, const char *name, const char *text)
{
    char *path = tu_write(name, text);
    source_load(&b->chs[b->n++], path, name);
    free(path);
}

static void t_book_free(t_book *b)
{
    for (size_t i = 0; i < b->n; i++) source_free(&b->chs[i]);
    vars_free(b->t);
}

static void t_define(vars_table *t, const char *path, const char *name, const char *value, int line)
{
    calc_src s = {(char *)name, (char *)value, line, 1, line, (int)strlen(name) + 3};
    vars_add_book(t, path, &s, 1, VARS_BOOK);
}

static cmark_node *t_find(source_chapter *ch, cmark_node_type type, int nth)
{
    cmark_iter *it = cmark_iter_new(ch->doc);
    cmark_node *found = NULL;
    cmark_event_type ev;
    while (!found && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(cmark_iter_get_node(it)) == type && nth-- == 0) found = cmark_iter_get_node(it);
    cmark_iter_free(it);
    return found;
}

TEST(vars_calc_block_and_quotes)
{
    t_book b = {vars_new(), {{0}}, 0};
    t_define(b.t, "book.yaml", "dau", "50e6 users", 3);
    t_define(b.t, "book.yaml", "rpu", "20 requests/user/day", 4);
    t_define(b.t, "book.yaml", "util", "60%", 5);
    t_chapter(&b, "01.md", "# One\n\n```calc\n# traffic\npeak = dau * rpu * 3 in QPS; 2sf\n```\n\nPeak `=peak`, `=peak in QPS; 4sf`, `=dau`, `=util`.\n");
    vars_check_book(b.t, b.chs, b.n);
    CHECK_INT(diag_errors(), 0);
    const char *text = vars_calc_text(b.t, t_find(&b.chs[0], CMARK_NODE_CODE_BLOCK, 0));
    CHECK_STR(text, "# traffic\npeak = dau \xc3\x97 rpu \xc3\x97 3\n     = 50,000,000 users \xc3\x97 20 requests/user/day \xc3\x97 3\n     \xe2\x89\x88 35,000 QPS");
    CHECK_STR(vars_quote_text(b.t, t_find(&b.chs[0], CMARK_NODE_CODE, 0)), "35,000 QPS");
    CHECK_STR(vars_quote_text(b.t, t_find(&b.chs[0], CMARK_NODE_CODE, 1)), "34,720 QPS");
    CHECK_STR(vars_quote_text(b.t, t_find(&b.chs[0], CMARK_NODE_CODE, 2)), "50,000,000 users");
    CHECK_STR(vars_quote_text(b.t, t_find(&b.chs[0], CMARK_NODE_CODE, 3)), "60%"); /* a percentage stays one */
    /* uses: dau in the calc line and the quote */
    const vars_def *dau = vars_def_at(b.t, 0);
    CHECK_STR(dau->name, "dau");
    CHECK_INT(dau->n_uses, 2);
    CHECK_INT(dau->uses[0].line, 5);
    CHECK_INT(dau->uses[0].col, 8);
    t_book_free(&b);
}

TEST(vars_front_matter_is_local)
{
    t_book b = {vars_new(), {{0}}, 0};
    t_define(b.t, "book.yaml", "dau", "50e6 users", 3);
    t_chapter(&b, "01.md", "---\ntitle: Case\nvariables:\n  dau: 2e6 users\n---\n# Case\n\n```calc\nlocal_peak = dau * 2\n```\n\n`=dau`\n");
    t_chapter(&b, "02.md", "# Two\n\n`=dau` and `=local_peak`\n");
    vars_check_book(b.t, b.chs, b.n);
    CHECK_STR(vars_quote_text(b.t, t_find(&b.chs[0], CMARK_NODE_CODE, 0)), "2,000,000 users");
    CHECK_STR(vars_quote_text(b.t, t_find(&b.chs[1], CMARK_NODE_CODE, 0)), "50,000,000 users");
    CHECK(vars_quote_text(b.t, t_find(&b.chs[1], CMARK_NODE_CODE, 1)) == NULL);
    CHECK_DIAG("02.md", 3, 14, "undefined name 'local_peak'");
    t_book_free(&b);
}

TEST(vars_errors_cycle_duplicate_mismatch)
{
    t_book b = {vars_new(), {{0}}, 0};
    t_define(b.t, "book.yaml", "a", "b + 1", 3);
    t_define(b.t, "book.yaml", "b", "a * 2", 4);
    t_define(b.t, "book.yaml", "x", "5 users", 5);
    t_define(b.t, "data.yaml", "x", "6 users", 1);
    t_define(b.t, "data.yaml", "y", "5 users", 2);
    t_define(b.t, "data.yaml", "y", "5 users", 3); /* the same value twice: fine */
    t_define(b.t, "data.yaml", "disk", "80 GB in QPS", 4);
    t_define(b.t, "data.yaml", "ceil", "1", 5);
    t_chapter(&b, "01.md", "# One\n\n```calc\nz = 1 / (y - 5 users)\nnot a definition\n```\n\n`=y in GB` `=x +`\n");
    vars_check_book(b.t, b.chs, b.n);
    CHECK_DIAG("book.yaml", 4, 4, "cycle: 'a' depends on itself (a \xe2\x86\x92 b \xe2\x86\x92 a)");
    CHECK_DIAG("data.yaml", 1, 1, "variable 'x' is defined twice with different values: 6 users here, 5 users at book.yaml:5:1");
    CHECK(!tu_has_diag(NULL, -1, -1, "'y' is defined twice"));
    CHECK_DIAG("data.yaml", 4, 1, "unit mismatch: 'disk' is in B and cannot be shown in QPS");
    CHECK_DIAG("data.yaml", 5, 1, "'ceil' cannot name a variable");
    CHECK_DIAG("01.md", 4, 7, "division by zero");
    CHECK_DIAG("01.md", 5, 1, "expected 'name = expression'");
    CHECK_DIAG("01.md", 8, 3, "unit mismatch: the quoted value is in users and cannot be shown in GB");
    CHECK_DIAG("01.md", 8, 17, "expected a number, a name or '('");
    /* a block with errors is shown as written */
    CHECK(vars_calc_text(b.t, t_find(&b.chs[0], CMARK_NODE_CODE_BLOCK, 0)) == NULL);
    t_book_free(&b);
}

TEST(vars_chain_is_bounded)
{
    t_book b = {vars_new(), {{0}}, 0};
    for (int i = 0; i < 100; i++) {
        char name[16], value[32];
        snprintf(name, sizeof name, "v%d", i);
        if (i == 99) snprintf(value, sizeof value, "1");
        else snprintf(value, sizeof value, "v%d + 1", i + 1);
        t_define(b.t, "deep.yaml", name, value, i + 1);
    }
    vars_check_book(b.t, b.chs, 0);
    CHECK_DIAG("deep.yaml", -1, 1, "depend on each other more than 64 deep");
    t_book_free(&b);
}

TEST(vars_book_yaml_and_file)
{
    char *data = tu_write("vb/scenario.yaml", "variables:\n  dau: 1e6 users\n");
    free(tu_write("vb/ch.md", "# C\n"));
    char *cfg = tu_write("vb/book.yaml", "title: T\nvariables:\n  f: 3\nvariables_file: scenario.yaml\nchapters: [ch.md]\n");
    book bk;
    CHECK(book_load(&bk, cfg, tu_theme_path()));
    CHECK_INT(vars_count(bk.vars), 2);
    book_free(&bk);
    char *cfg2 = tu_write("vb/book2.yaml", "title: T\nvariables_file: missing.yaml\nchapters: [ch.md]\n");
    CHECK(!book_load(&bk, cfg2, tu_theme_path()));
    CHECK_DIAG("book2.yaml", 2, 17, "variables file not found: missing.yaml");
    book_free(&bk);
    char *cfg3 = tu_write("vb/book3.yaml", "title: T\nvariables:\n  f: [1, 2]\nchapters: [ch.md]\n");
    CHECK(!book_load(&bk, cfg3, tu_theme_path()));
    CHECK_DIAG("book3.yaml", 3, 6, "variable 'f': expected a value");
    book_free(&bk);
    free(data);
    free(cfg);
    free(cfg2);
    free(cfg3);
}
