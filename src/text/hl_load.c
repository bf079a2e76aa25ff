/* hl_load — compiles a language definition (templates/highlight/<name>.yaml)
 * into the tables hl_scan.c reads. Every problem is an error at its node
 * (path:line:col), and every list and string is bounded (hl_lang.h), so a
 * definition cannot make the lexer slow or large. The keys are documented
 * in templates/highlight/README.md. */
#include "hl_lang.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"
#include "hl_defyaml.h"
#include "yamlx.h"

#define AT(n) d->path, yamlx_line(d, n), yamlx_col(d, n)

typedef struct loader {
    yamlx_doc *d;
    struct hl_lang *l;
    size_t words; /* in all classes so far */
} loader;

/* ---- word classes ---- */

static int cmp_fold(const void *a, const void *b)
{
    const unsigned char *x = *(const unsigned char *const *)a, *y = *(const unsigned char *const *)b;
    for (;; x++, y++) {
        int cx = *x >= 'A' && *x <= 'Z' ? *x + ('a' - 'A') : *x, cy = *y >= 'A' && *y <= 'Z' ? *y + ('a' - 'A') : *y;
        if (cx != cy || !cx) return cx - cy;
    }
}

static int cmp_exact(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

typedef struct class_ctx {
    loader *ld;
    hl_word_class *classes;
    size_t *n;
} class_ctx;

static bool class_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    class_ctx *c = user;
    hl_kind kind;
    if (!hl_def_kind(d, k, "word class", &kind)) return false;
    if (*c->n == HL_MAX_CLASSES) {
        hl_def_err_at(d, k, "more than %d word classes", HL_MAX_CLASSES);
        return false;
    }
    hl_word_class *wc = &c->classes[*c->n];
    if (!hl_def_list(d, v, key, HL_MAX_WORDS, HL_WORD_MAX, &wc->words, &wc->n)) return false;
    (*c->n)++;
    wc->kind = kind;
    c->ld->words += wc->n;
    if (c->ld->words > HL_MAX_WORDS) {
        hl_def_err_at(d, v, "more than %d words in all classes", HL_MAX_WORDS);
        return false;
    }
    return true;
}

static bool get_classes(loader *ld, yaml_node_t *v, const char *what, hl_word_class *classes, size_t *n)
{
    class_ctx c = {ld, classes, n};
    return hl_def_each_pair(ld->d, v, what, HL_MAX_CLASSES, class_pair, &c);
}

static bool naming_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    struct hl_lang *l = ((loader *)user)->l;
    hl_kind kind;
    if (!hl_def_kind(d, v, key, &kind)) return false;
    if (!*key || strlen(key) > HL_WORD_MAX) {
        hl_def_err_at(d, k, "names: a word must have 1 to %d bytes", HL_WORD_MAX);
        return false;
    }
    l->naming = util_xrealloc(l->naming, (l->n_naming + 1) * sizeof *l->naming);
    l->naming_kind = util_xrealloc(l->naming_kind, (l->n_naming + 1) * sizeof *l->naming_kind);
    l->naming[l->n_naming] = util_xstrdup(key);
    l->naming_kind[l->n_naming++] = kind;
    return true;
}

/* ---- comments ---- */

static bool block_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    hl_block_comment *b = user;
    if (!strcmp(key, "open")) return hl_def_delim(d, v, "open", b->open);
    if (!strcmp(key, "close")) return hl_def_delim(d, v, "close", b->close);
    if (!strcmp(key, "nested")) return yamlx_bool(d, v, key, &b->nested);
    hl_def_err_at(d, k, "unknown key '%s' in a block comment (open, close, nested)", key);
    return false;
}

static bool comments_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    struct hl_lang *l = ((loader *)user)->l;
    if (!strcmp(key, "line")) {
        char **v_list = NULL;
        size_t n = 0;
        if (!hl_def_list(d, v, "line comments", HL_MAX_COMMENTS, HL_DELIM_MAX, &v_list, &n)) return false;
        for (size_t i = 0; i < n; i++) strcpy(l->line_comments[i], v_list[i]);
        l->n_line_comments = n;
        hl_def_free_list(v_list, n);
        return true;
    }
    if (!strcmp(key, "line_after")) {
        l->has_comment_after = true;
        return hl_def_set(d, v, key, l->comment_after);
    }
    if (!strcmp(key, "block")) {
        if (!hl_def_seq_items(d, v, "block comments", HL_MAX_COMMENTS)) return false;
        bool ok = true;
        for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
            hl_block_comment *b = &l->blocks[l->n_blocks++];
            yaml_node_t *item = yamlx_get(d, *it);
            if (!hl_def_each_pair(d, item, "block comment", HL_MAX_PAIRS, block_pair, b)) ok = false;
            else if (!b->open[0] || !b->close[0]) {
                hl_def_err_at(d, item, "a block comment needs open and close");
                ok = false;
            }
        }
        return ok;
    }
    hl_def_err_at(d, k, "unknown key '%s' in comments (line, line_after, block)", key);
    return false;
}

/* ---- strings ---- */

static const hl_flag_key string_flags[] = {
    {"multiline", offsetof(hl_delim, multiline)},   {"interpolate", offsetof(hl_delim, interpolate)},
    {"prefixed_only", offsetof(hl_delim, prefixed_only)}, {"line_start", offsetof(hl_delim, line_start)},
    {"tight", offsetof(hl_delim, tight)},           {"must_close", offsetof(hl_delim, must_close)},
};

static bool string_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    hl_delim *s = user;
    if (!strcmp(key, "open")) return hl_def_delim(d, v, key, s->open);
    if (!strcmp(key, "close")) return hl_def_delim(d, v, key, s->close);
    if (!strcmp(key, "kind")) return hl_def_kind(d, v, key, &s->kind);
    if (!strcmp(key, "escape")) {
        char *e = NULL;
        if (!yamlx_string(d, v, key, &e)) return false;
        bool ok = true;
        if (!strcmp(e, "backslash")) s->esc = HL_ESC_BACKSLASH;
        else if (!strcmp(e, "doubled")) s->esc = HL_ESC_DOUBLED;
        else if (!strcmp(e, "none")) s->esc = HL_ESC_NONE;
        else {
            hl_def_err_at(d, v, "escape: expected backslash, doubled or none, got '%s'", e);
            ok = false;
        }
        free(e);
        return ok;
    }
    int f = hl_def_flag_find(string_flags, sizeof string_flags / sizeof *string_flags, key);
    if (f >= 0) return yamlx_bool(d, v, key, (bool *)((char *)s + string_flags[f].offset));
    hl_def_err_at(d, k, "unknown key '%s' in a string (open, close, kind, escape, multiline, interpolate, "
               "prefixed_only, line_start, tight, must_close)", key);
    return false;
}

static bool get_strings(yamlx_doc *d, yaml_node_t *v, struct hl_lang *l)
{
    if (!hl_def_seq_items(d, v, "strings", HL_MAX_STRINGS)) return false;
    bool ok = true;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
        hl_delim *s = &l->strings[l->n_strings++];
        s->kind = HL_STRING;
        s->esc = HL_ESC_BACKSLASH;
        yaml_node_t *item = yamlx_get(d, *it);
        if (!hl_def_each_pair(d, item, "string", HL_MAX_PAIRS, string_pair, s)) {
            ok = false;
        } else if (!s->open[0]) {
            hl_def_err_at(d, item, "a string needs open (its opening delimiter)");
            ok = false;
        }
        if (!s->close[0]) strcpy(s->close, s->open);
        s->open_len = strlen(s->open);
        s->close_len = strlen(s->close);
    }
    return ok;
}

static bool prefixes_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    struct hl_lang *l = ((loader *)user)->l;
    if (!strcmp(key, "letters")) return hl_def_set(d, v, key, l->str_prefixes);
    if (!strcmp(key, "max")) {
        long m;
        if (!yamlx_int(d, v, key, 1, HL_DELIM_MAX, &m)) return false;
        l->str_prefix_max = (size_t)m;
        return true;
    }
    hl_def_err_at(d, k, "unknown key '%s' in string_prefixes (letters, max)", key);
    return false;
}

/* ---- keys, numbers, variables, directive ---- */

static bool keys_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    struct hl_lang *l = ((loader *)user)->l;
    if (!strcmp(key, "separator")) return hl_def_char(d, v, key, &l->key_sep);
    if (!strcmp(key, "strings")) return yamlx_bool(d, v, key, &l->key_strings);
    if (!strcmp(key, "words")) return yamlx_bool(d, v, key, &l->key_words);
    if (!strcmp(key, "blank_after")) return yamlx_bool(d, v, key, &l->key_blank_after);
    hl_def_err_at(d, k, "unknown key '%s' in keys (separator, strings, words, blank_after)", key);
    return false;
}

static bool numbers_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    struct hl_lang *l = ((loader *)user)->l;
    if (!strcmp(key, "suffix")) return hl_def_set(d, v, key, l->num_suffix);
    if (!strcmp(key, "signed")) return yamlx_bool(d, v, key, &l->signed_numbers);
    hl_def_err_at(d, k, "unknown key '%s' in numbers (suffix, signed)", key);
    return false;
}

static const hl_flag_key var_flags[] = {
    {"braces", offsetof(struct hl_lang, var_braces)}, {"names", offsetof(struct hl_lang, var_names)},
    {"digits", offsetof(struct hl_lang, var_digits)}, {"in_code", offsetof(struct hl_lang, vars_in_code)},
    {"ansi_strings", offsetof(struct hl_lang, ansi_strings)},
};

static bool variables_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    struct hl_lang *l = ((loader *)user)->l;
    if (!strcmp(key, "specials")) return hl_def_set(d, v, key, l->var_specials);
    int f = hl_def_flag_find(var_flags, sizeof var_flags / sizeof *var_flags, key);
    if (f >= 0) return yamlx_bool(d, v, key, (bool *)((char *)l + var_flags[f].offset));
    hl_def_err_at(d, k, "unknown key '%s' in variables (braces, names, digits, specials, in_code, ansi_strings)", key);
    return false;
}

static bool directive_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    struct hl_lang *l = ((loader *)user)->l;
    if (!strcmp(key, "marker")) return hl_def_char(d, v, key, &l->directive);
    if (!strcmp(key, "include")) {
        char **w = NULL;
        size_t n = 0;
        if (!hl_def_list(d, v, key, HL_MAX_LIST, HL_WORD_MAX, &w, &n)) return false;
        for (size_t i = 0; i < n; i++) strcpy(l->include_words[i], w[i]);
        l->n_include_words = n;
        hl_def_free_list(w, n);
        return true;
    }
    hl_def_err_at(d, k, "unknown key '%s' in directive (marker, include)", key);
    return false;
}

/* ---- sigils and line rules ---- */

static bool sigil_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    hl_sigil *g = user;
    if (!strcmp(key, "char")) return hl_def_char(d, v, key, &g->c);
    if (!strcmp(key, "kind")) return hl_def_kind(d, v, key, &g->kind);
    if (!strcmp(key, "stop")) return hl_def_set(d, v, key, g->stop);
    if (!strcmp(key, "close")) return hl_def_char(d, v, key, &g->close);
    if (!strcmp(key, "not_followed_by")) return hl_def_char(d, v, key, &g->not_followed_by);
    if (!strcmp(key, "first_token")) return yamlx_bool(d, v, key, &g->first_token);
    if (!strcmp(key, "allow_empty")) return yamlx_bool(d, v, key, &g->allow_empty);
    if (!strcmp(key, "body")) {
        const char *s = v && v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value : "";
        if (!strcmp(s, "word")) g->body = HL_BODY_WORD;
        else if (!strcmp(s, "dotted")) g->body = HL_BODY_DOTTED;
        else if (!strcmp(s, "nonspace")) g->body = HL_BODY_NONSPACE;
        else {
            hl_def_err_at(d, v, "body: expected word, dotted or nonspace");
            return false;
        }
        return true;
    }
    hl_def_err_at(d, k, "unknown key '%s' in a sigil (char, kind, body, first_token, allow_empty, stop, close, "
               "not_followed_by)", key);
    return false;
}

static bool line_rule_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    hl_line_rule *r = user;
    if (!strcmp(key, "start")) return hl_def_delim(d, v, key, r->start);
    if (!strcmp(key, "end")) {
        r->scope = HL_SCOPE_END;
        return hl_def_delim(d, v, key, r->end);
    }
    if (!strcmp(key, "kind")) return hl_def_kind(d, v, key, &r->kind);
    if (!strcmp(key, "indent")) return yamlx_bool(d, v, key, &r->indent);
    if (!strcmp(key, "blank_after")) return yamlx_bool(d, v, key, &r->blank_after);
    if (!strcmp(key, "scope")) {
        const char *s = v && v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value : "";
        if (!strcmp(s, "line")) r->scope = HL_SCOPE_LINE;
        else if (!strcmp(s, "prefix")) r->scope = HL_SCOPE_PREFIX;
        else {
            hl_def_err_at(d, v, "scope: expected line or prefix (or give end)");
            return false;
        }
        return true;
    }
    hl_def_err_at(d, k, "unknown key '%s' in a line rule (start, end, kind, scope, indent, blank_after)", key);
    return false;
}

/* A list of mappings, each read into one element of an array of the given size. */
static bool get_items(yamlx_doc *d, yaml_node_t *v, const char *what, size_t max, void *base, size_t size,
                      size_t *n, yamlx_pair_fn fn)
{
    if (!hl_def_seq_items(d, v, what, max)) return false;
    bool ok = true;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
        void *e = (char *)base + (*n)++ * size;
        if (!hl_def_each_pair(d, yamlx_get(d, *it), what, HL_MAX_PAIRS, fn, e)) ok = false;
    }
    return ok;
}

static bool get_special(yamlx_doc *d, yaml_node_t *v, struct hl_lang *l)
{
    char **names = NULL;
    size_t n = 0;
    if (!hl_def_list(d, v, "special", HL_MAX_LIST, HL_WORD_MAX, &names, &n)) return false;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(names[i], "heredocs")) l->heredocs = true;
        else if (!strcmp(names[i], "prompts")) l->prompts = true;
        else if (!strcmp(names[i], "yaml")) l->yaml = true;
        else if (!strcmp(names[i], "markup")) l->markup = true;
        else {
            hl_def_err_at(d, v, "special: unknown rule set '%s' (heredocs, prompts, yaml, markup)", names[i]);
            ok = false;
        }
    }
    hl_def_free_list(names, n);
    return ok;
}

/* ---- the definition ---- */

static const hl_flag_key lang_flags[] = {
    {"case_insensitive", offsetof(struct hl_lang, fold)}, {"calls", offsetof(struct hl_lang, calls)},
    {"members", offsetof(struct hl_lang, members)},       {"assignments", offsetof(struct hl_lang, assignments)},
    {"capitalized_types", offsetof(struct hl_lang, capitalized_types)},
};

static bool lang_pair(yamlx_doc *d, const char *key, yaml_node_t *k, yaml_node_t *v, void *user)
{
    loader *ld = user;
    struct hl_lang *l = ld->l;
    int f = hl_def_flag_find(lang_flags, sizeof lang_flags / sizeof *lang_flags, key);
    if (f >= 0) return yamlx_bool(d, v, key, (bool *)((char *)l + lang_flags[f].offset));
    if (!strcmp(key, "label")) {
        if (!yamlx_string(d, v, key, &l->label)) return false;
        if (!*l->label || strlen(l->label) > HL_WORD_MAX) {
            hl_def_err_at(d, v, "label: expected 1 to %d bytes", HL_WORD_MAX);
            return false;
        }
        return true;
    }
    if (!strcmp(key, "aliases")) return hl_def_list(d, v, key, HL_MAX_LIST, HL_WORD_MAX, &l->aliases, &l->n_aliases);
    if (!strcmp(key, "word_chars")) return hl_def_set(d, v, key, l->word_extra);
    if (!strcmp(key, "words")) return get_classes(ld, v, key, l->classes, &l->n_classes);
    if (!strcmp(key, "line_words")) return get_classes(ld, v, key, l->line_classes, &l->n_line_classes);
    if (!strcmp(key, "names")) return hl_def_each_pair(d, v, key, HL_MAX_NAMING, naming_pair, ld);
    if (!strcmp(key, "macro_suffix")) return hl_def_char(d, v, key, &l->macro_suffix);
    if (!strcmp(key, "type_suffixes")) {
        char **w = NULL;
        size_t n = 0;
        if (!hl_def_list(d, v, key, HL_MAX_LIST, HL_DELIM_MAX, &w, &n)) return false;
        for (size_t i = 0; i < n; i++) strcpy(l->type_suffixes[i], w[i]);
        l->n_type_suffixes = n;
        hl_def_free_list(w, n);
        return true;
    }
    if (!strcmp(key, "comments")) return hl_def_each_pair(d, v, key, HL_MAX_PAIRS, comments_pair, ld);
    if (!strcmp(key, "strings")) return get_strings(d, v, l);
    if (!strcmp(key, "string_prefixes")) return hl_def_each_pair(d, v, key, HL_MAX_PAIRS, prefixes_pair, ld);
    if (!strcmp(key, "keys")) return hl_def_each_pair(d, v, key, HL_MAX_PAIRS, keys_pair, ld);
    if (!strcmp(key, "numbers")) {
        if (v && v->type == YAML_SCALAR_NODE) return yamlx_bool(d, v, key, &l->numbers);
        return hl_def_each_pair(d, v, key, HL_MAX_PAIRS, numbers_pair, ld);
    }
    if (!strcmp(key, "variables")) return hl_def_each_pair(d, v, key, HL_MAX_PAIRS, variables_pair, ld);
    if (!strcmp(key, "directive")) return hl_def_each_pair(d, v, key, HL_MAX_PAIRS, directive_pair, ld);
    if (!strcmp(key, "sigils"))
        return get_items(d, v, key, HL_MAX_SIGILS, l->sigils, sizeof *l->sigils, &l->n_sigils, sigil_pair);
    if (!strcmp(key, "line_rules"))
        return get_items(d, v, key, HL_MAX_LINE_RULES, l->line_rules, sizeof *l->line_rules, &l->n_line_rules,
                         line_rule_pair);
    if (!strcmp(key, "operators")) return hl_def_set(d, v, key, l->ops);
    if (!strcmp(key, "punctuation")) return hl_def_set(d, v, key, l->punct);
    if (!strcmp(key, "special")) return get_special(d, v, l);
    diag_report_hint(DIAG_ERROR, AT(k), "see templates/highlight/README.md for the keys of a definition",
                     "unknown key '%s' in a language definition", key);
    return false;
}

/* Checks what only the whole definition shows. */
static bool lang_finish(yamlx_doc *d, struct hl_lang *l)
{
    bool ok = true;
    for (size_t i = 0; i < l->n_sigils; i++)
        if (!l->sigils[i].c) {
            diag_error(d->path, 1, 1, "sigil %zu has no char", i + 1);
            ok = false;
        }
    for (size_t i = 0; i < l->n_line_rules; i++)
        if (!l->line_rules[i].start[0]) {
            diag_error(d->path, 1, 1, "line rule %zu has no start", i + 1);
            ok = false;
        }
    if ((l->key_strings || l->key_words) && !l->key_sep) l->key_sep = ':';
    if (l->str_prefixes[0] && !l->str_prefix_max) l->str_prefix_max = 1;
    for (size_t c = 0; c < l->n_classes; c++)
        qsort(l->classes[c].words, l->classes[c].n, sizeof(char *), l->fold ? cmp_fold : cmp_exact);
    for (size_t c = 0; c < l->n_line_classes; c++)
        qsort(l->line_classes[c].words, l->line_classes[c].n, sizeof(char *), l->fold ? cmp_fold : cmp_exact);
    return ok;
}

struct hl_lang *hl_lang_load(files *fs, const char *path, const char *stem)
{
    util_read_status st = UTIL_READ_OK;
    GBytes *bytes = files_read(fs, path, HL_DEF_MAX_BYTES, &st, NULL);
    gsize len = 0;
    const char *text = bytes ? g_bytes_get_data(bytes, &len) : NULL;
    if (!bytes) {
        if (st == UTIL_READ_TOO_LARGE)
            diag_error(path, 0, 0, "language definition is too large (the limit is %d KiB)", HL_DEF_MAX_BYTES / 1024);
        else
            diag_error(path, 0, 0, "cannot read the language definition");
        return NULL;
    }
    struct hl_lang *l = util_xcalloc(1, sizeof *l);
    l->name = util_xstrdup(stem);
    l->numbers = true;
    yamlx_doc d;
    bool ok = yamlx_load(&d, path, text, len, 0);
    if (ok) {
        loader ld = {&d, l, 0};
        if (!yamlx_root(&d)) {
            diag_error(path, 1, 1, "the language definition is empty");
            ok = false;
        } else {
            ok = hl_def_each_pair(&d, yamlx_root(&d), "language definition", HL_MAX_PAIRS, lang_pair, &ld) && lang_finish(&d, l);
        }
        yamlx_free(&d);
    }
    g_bytes_unref(bytes);
    if (!l->label) l->label = util_xstrdup(stem);
    if (!ok) {
        hl_lang_free(l);
        return NULL;
    }
    return l;
}

void hl_lang_free(struct hl_lang *l)
{
    if (!l) return;
    free(l->name);
    free(l->label);
    hl_def_free_list(l->aliases, l->n_aliases);
    for (size_t c = 0; c < l->n_classes; c++) hl_def_free_list(l->classes[c].words, l->classes[c].n);
    for (size_t c = 0; c < l->n_line_classes; c++) hl_def_free_list(l->line_classes[c].words, l->line_classes[c].n);
    hl_def_free_list(l->naming, l->n_naming);
    free(l->naming_kind);
    free(l);
}
