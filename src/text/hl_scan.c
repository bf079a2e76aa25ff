/* hl_scan — the scanner engine and its generic rules; see highlight.h.
 *
 * The engine walks the code once. At the start of each line it offers the
 * language's line hooks (YAML block scalars, here-documents, console prompts)
 * the whole line; elsewhere it skips blanks and tries the rules in a fixed
 * order at each token start, each one present only when the definition asks
 * for it. A rule either consumes a token (and emits its spans) or leaves the
 * position untouched; when none matches, a word or one byte is taken as plain
 * text. Every rule consumes what it scans, or looks ahead by a bounded amount
 * or over blanks only (a string that must close remembers where it found no
 * close), so the whole pass is linear in the input. */
#include "hl_lang.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Bytes from here up belong to multi-byte UTF-8 sequences: treated as word
 * characters so that no token boundary falls inside a sequence. */
enum { UTF8_MULTIBYTE_FIRST = 0x80 };

/* ---- characters ---- */

bool hl_is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool hl_is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool is_hex(unsigned char c) { return hl_is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool hl_is_ascii_word(unsigned char c) { return hl_is_alpha(c) || hl_is_digit(c) || c == '_'; }
static bool is_word_start(unsigned char c) { return hl_is_alpha(c) || c == '_' || c >= UTF8_MULTIBYTE_FIRST; }
bool hl_is_blank(char c) { return c == ' ' || c == '\t'; }
bool hl_is_eol(char c) { return c == '\n' || c == '\r'; }
bool hl_is_space(char c) { return hl_is_blank(c) || hl_is_eol(c) || c == '\f' || c == '\v'; }
bool hl_in_set(const char *set, char c) { return c && set && strchr(set, c); }
static char fold(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

char hl_at(const hl_scanner *sc, size_t i) { return i < sc->len ? sc->s[i] : '\0'; }
bool hl_blank_or_end(const hl_scanner *sc, size_t i) { return i >= sc->len || hl_is_space(sc->s[i]); }

bool hl_is_word_char(const hl_scanner *sc, char c)
{
    return hl_is_ascii_word((unsigned char)c) || (unsigned char)c >= UTF8_MULTIBYTE_FIRST ||
           hl_in_set(sc->lang->word_extra, c);
}

size_t hl_scan_word(const hl_scanner *sc, size_t i)
{
    while (i < sc->len && hl_is_word_char(sc, sc->s[i])) i++;
    return i;
}

size_t hl_skip_blanks(const hl_scanner *sc, size_t i)
{
    while (i < sc->len && hl_is_blank(sc->s[i])) i++;
    return i;
}

size_t hl_line_end(const hl_scanner *sc, size_t i)
{
    while (i < sc->len && !hl_is_eol(sc->s[i])) i++;
    return i;
}

bool hl_starts_with(const hl_scanner *sc, size_t i, const char *lit)
{
    size_t n = lit ? strlen(lit) : 0;
    return n && i <= sc->len && n <= sc->len - i && !memcmp(sc->s + i, lit, n);
}

/* Compares the word w (NUL-terminated) with s[0..n): <0, 0, >0. */
static int word_cmp(const char *w, const char *s, size_t n, bool ci)
{
    for (size_t i = 0; i < n; i++) {
        char a = ci ? fold(w[i]) : w[i], b = ci ? fold(s[i]) : s[i];
        if (!w[i] || a != b) return w[i] ? (unsigned char)a - (unsigned char)b : -1;
    }
    return w[n] ? 1 : 0;
}

static bool in_words(char *const *list, size_t n, const char *s, size_t len, bool ci)
{
    for (size_t i = 0; i < n; i++)
        if (!word_cmp(list[i], s, len, ci)) return true;
    return false;
}

/* The kind of the first class holding the word [st, end) (each class is sorted: bisected). */
hl_kind hl_lookup(const hl_scanner *sc, const hl_word_class *classes, size_t n, size_t st, size_t end)
{
    bool ci = sc->lang->fold;
    for (size_t k = 0; k < n; k++) {
        size_t lo = 0, hi = classes[k].n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = word_cmp(classes[k].words[mid], sc->s + st, end - st, ci);
            if (!c) return classes[k].kind;
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
    }
    return HL_TEXT;
}

/* ---- spans ---- */

void hl_emit(hl_scanner *sc, size_t start, size_t end, hl_kind kind)
{
    if (kind == HL_TEXT || end <= start) return;
    if (sc->n && sc->spans[sc->n - 1].kind == kind && sc->spans[sc->n - 1].end == start) {
        sc->spans[sc->n - 1].end = end; /* "))" is one span */
        return;
    }
    *UTIL_PUSH(sc->spans, sc->n, sc->cap) = (hl_span){start, end, kind};
}

/* Emits [pos, end) as kind and moves past it. */
bool hl_take(hl_scanner *sc, size_t end, hl_kind kind)
{
    hl_emit(sc, sc->pos, end, kind);
    sc->pos = end;
    return true;
}

/* ---- shared token scanners ---- */

/* End of a number starting at i (i itself when there is none): 0x1F, 0b101,
 * 1_000, 3.14, .5, 1e-3, then the language's suffix characters (10UL, 2j, 10px). */
size_t hl_scan_number(const hl_scanner *sc, size_t i)
{
    size_t st = i;
    if (hl_at(sc, i) == '0' && hl_in_set("xXoObB", hl_at(sc, i + 1)) && is_hex((unsigned char)hl_at(sc, i + 2))) {
        i += 2;
        while (is_hex((unsigned char)hl_at(sc, i)) || hl_at(sc, i) == '_') i++;
    } else {
        bool dot_first = hl_at(sc, i) == '.';
        if (!hl_is_digit((unsigned char)hl_at(sc, i + dot_first))) return st;
        while (hl_is_digit((unsigned char)hl_at(sc, i)) || hl_at(sc, i) == '_') i++;
        if (hl_at(sc, i) == '.' && hl_is_digit((unsigned char)hl_at(sc, i + 1))) {
            i++;
            while (hl_is_digit((unsigned char)hl_at(sc, i)) || hl_at(sc, i) == '_') i++;
        }
        if (hl_in_set("eE", hl_at(sc, i))) {
            size_t j = i + 1 + (hl_in_set("+-", hl_at(sc, i + 1)) ? 1 : 0);
            if (hl_is_digit((unsigned char)hl_at(sc, j))) {
                i = j;
                while (hl_is_digit((unsigned char)hl_at(sc, i)) || hl_at(sc, i) == '_') i++;
            }
        }
    }
    while (hl_in_set(sc->lang->num_suffix, hl_at(sc, i))) i++;
    return i;
}

/* End of a variable at i ('$'): $NAME, ${…}, $1, $@… as the language allows; i when none. */
static size_t scan_variable(const hl_scanner *sc, size_t i)
{
    const struct hl_lang *l = sc->lang;
    char c = hl_at(sc, i + 1);
    if (c == '{' && l->var_braces) {
        size_t e = i + 2;
        while (e < sc->len && sc->s[e] != '}' && !hl_is_eol(sc->s[e])) e++;
        return hl_at(sc, e) == '}' ? e + 1 : e;
    }
    if ((hl_is_alpha((unsigned char)c) || c == '_') && l->var_names) {
        size_t e = i + 1;
        while (hl_is_ascii_word((unsigned char)hl_at(sc, e))) e++;
        return e;
    }
    if ((hl_is_digit((unsigned char)c) && l->var_digits) || hl_in_set(l->var_specials, c)) return i + 2;
    return i;
}

/* The string definition opening at i: after a prefix (r"…") or as a token of its own. */
const hl_delim *hl_find_string(const hl_scanner *sc, size_t i, bool prefixed)
{
    const struct hl_lang *l = sc->lang;
    for (size_t k = 0; k < l->n_strings; k++) {
        const hl_delim *d = &l->strings[k];
        if (!hl_starts_with(sc, i, d->open)) continue;
        if (d->prefixed_only && !prefixed) continue;
        if (d->line_start && (sc->line_tokens || prefixed)) continue;
        if (d->tight && hl_blank_or_end(sc, i + d->open_len)) continue;
        return d;
    }
    return NULL;
}

/* End of the string opening at q: after its closing delimiter, or where it stops
 * unterminated (*closed false). Interpolated variables are emitted on the way when emit. */
static size_t string_end(hl_scanner *sc, size_t q, const hl_delim *d, bool emit, size_t *seg, bool *closed)
{
    size_t i = q + d->open_len;
    *closed = false;
    while (i < sc->len && !*closed) {
        char ch = sc->s[i];
        if (ch == '\\' && d->esc == HL_ESC_BACKSLASH) {
            i += i + 1 < sc->len ? 2 : 1;
        } else if (hl_starts_with(sc, i, d->close) && !(d->tight && hl_is_blank(sc->s[i - 1]))) {
            bool doubled = d->esc == HL_ESC_DOUBLED && hl_starts_with(sc, i + d->close_len, d->close);
            *closed = !doubled;
            i += doubled ? 2 * d->close_len : d->close_len;
        } else if (hl_is_eol(ch) && !d->multiline) {
            break; /* unterminated: ends with its line */
        } else if (ch == '$' && d->interpolate && scan_variable(sc, i) > i) {
            size_t e = scan_variable(sc, i);
            if (emit) {
                hl_emit(sc, *seg, i, d->kind);
                hl_emit(sc, i, e, HL_VARIABLE);
                *seg = e;
            }
            i = e;
        } else {
            i++;
        }
    }
    return i;
}

/* A quoted token opening at q (its prefix, if any, starts at start). Emits it,
 * split around interpolated variables; a string followed by the key separator
 * is a key where the language says so. */
void hl_take_string(hl_scanner *sc, size_t start, size_t q, const hl_delim *d)
{
    size_t seg = start;
    bool closed;
    size_t i = string_end(sc, q, d, true, &seg, &closed);
    hl_kind kind = d->kind;
    if (sc->lang->key_strings && kind == HL_STRING && hl_at(sc, hl_skip_blanks(sc, i)) == sc->lang->key_sep) {
        kind = HL_KEY;
        sc->key_col = start - sc->line_start;
    }
    hl_emit(sc, seg, i, kind);
    sc->pos = i;
}

/* A string that must close: false (remembered for the rest of its line) when it does not. */
static bool string_closes(hl_scanner *sc, size_t q, const hl_delim *d)
{
    size_t k = (size_t)(d - sc->lang->strings);
    if (sc->unclosed[k] != HL_NO_POS && q < sc->unclosed[k]) return false;
    size_t seg = q;
    bool closed;
    size_t e = string_end(sc, q, d, false, &seg, &closed);
    if (!closed) sc->unclosed[k] = e;
    return closed;
}

/* Is the word [st, end) the prefix of a string (r"…", f'…', L"…")? */
static const hl_delim *string_prefix(const hl_scanner *sc, size_t st, size_t end)
{
    const struct hl_lang *l = sc->lang;
    if (!l->str_prefixes[0] || end - st > l->str_prefix_max) return NULL;
    for (size_t i = st; i < end; i++)
        if (!hl_in_set(l->str_prefixes, sc->s[i])) return NULL;
    return hl_find_string(sc, end, true);
}

static bool is_member(const hl_scanner *sc, size_t st)
{
    if (!sc->lang->members || st == 0) return false;
    return sc->s[st - 1] == '.' || (st >= 2 && sc->s[st - 2] == '-' && sc->s[st - 1] == '>');
}

static bool has_type_suffix(const hl_scanner *sc, size_t st, size_t end)
{
    const struct hl_lang *l = sc->lang;
    for (size_t k = 0; k < l->n_type_suffixes; k++) {
        size_t n = strlen(l->type_suffixes[k]);
        if (end - st > n && !memcmp(sc->s + end - n, l->type_suffixes[k], n)) return true;
    }
    return false;
}

/* Is the word followed by the key separator (key = value, color: red)? */
static bool is_key(const hl_scanner *sc, size_t end)
{
    const struct hl_lang *l = sc->lang;
    if (!l->key_words) return false;
    size_t i = hl_skip_blanks(sc, end);
    return hl_at(sc, i) == l->key_sep && (!l->key_blank_after || hl_blank_or_end(sc, i + 1));
}

static hl_kind classify_word(hl_scanner *sc, size_t st, size_t end)
{
    const struct hl_lang *l = sc->lang;
    bool calls = l->calls && hl_at(sc, hl_skip_blanks(sc, end)) == '(';
    bool named = sc->name_after != HL_NO_POS && sc->last_tok_end == sc->name_after;
    if (is_member(sc, st)) return calls ? HL_FUNCTION : HL_TEXT;
    if (is_key(sc, end)) {
        sc->key_col = st - sc->line_start;
        return HL_KEY;
    }
    hl_kind k = HL_TEXT;
    if (!sc->line_tokens) k = hl_lookup(sc, l->line_classes, l->n_line_classes, st, end);
    if (k == HL_TEXT) k = hl_lookup(sc, l->classes, l->n_classes, st, end);
    if (k == HL_KEYWORD) { /* keywords win even after def/TABLE: TABLE IF NOT EXISTS */
        for (size_t i = 0; i < l->n_naming; i++)
            if (in_words(&l->naming[i], 1, sc->s + st, end - st, l->fold)) {
                sc->name_after = end;
                sc->name_kind = l->naming_kind[i];
                break;
            }
        return k;
    }
    if (named) return sc->name_kind; /* def NAME, struct NAME, TABLE name */
    if (k != HL_TEXT) return k;
    if (has_type_suffix(sc, st, end)) return HL_TYPE;
    if (calls) return HL_FUNCTION;
    if (l->capitalized_types && end - st > 1 && sc->s[st] >= 'A' && sc->s[st] <= 'Z') {
        for (size_t i = st + 1; i < end; i++)
            if (sc->s[i] >= 'a' && sc->s[i] <= 'z') return HL_TYPE;
    }
    if (l->assignments && hl_at(sc, end) == '=') return HL_VARIABLE;
    return HL_TEXT;
}

/* ---- generic rules ---- */

static bool line_comment_at(const hl_scanner *sc, size_t i)
{
    const struct hl_lang *l = sc->lang;
    for (size_t k = 0; k < l->n_line_comments; k++)
        if (hl_starts_with(sc, i, l->line_comments[k]))
            return !l->has_comment_after || i == 0 || hl_in_set(l->comment_after, sc->s[i - 1]);
    return false;
}

static bool starts_comment(const hl_scanner *sc, size_t i)
{
    for (size_t k = 0; k < sc->lang->n_blocks; k++)
        if (hl_starts_with(sc, i, sc->lang->blocks[k].open)) return true;
    return line_comment_at(sc, i);
}

static bool rule_line_comment(hl_scanner *sc)
{
    return line_comment_at(sc, sc->pos) && hl_take(sc, hl_line_end(sc, sc->pos), HL_COMMENT);
}

static bool rule_block_comment(hl_scanner *sc)
{
    const hl_block_comment *b = NULL;
    for (size_t k = 0; k < sc->lang->n_blocks && !b; k++)
        if (hl_starts_with(sc, sc->pos, sc->lang->blocks[k].open)) b = &sc->lang->blocks[k];
    if (!b) return false;
    size_t open = strlen(b->open), close = strlen(b->close), depth = 1, i = sc->pos + open, end = sc->len;
    while (i < sc->len) {
        if (hl_starts_with(sc, i, b->close)) {
            i += close;
            if (!--depth) {
                end = i;
                break;
            }
        } else if (b->nested && hl_starts_with(sc, i, b->open)) {
            i += open;
            depth++;
        } else {
            i++;
        }
    }
    return hl_take(sc, end, HL_COMMENT);
}

/* '#include <x.h>', '@app.route': a marker as the line's first token, then a (dotted) name. */
static bool rule_directive(hl_scanner *sc)
{
    const struct hl_lang *l = sc->lang;
    if (!l->directive || sc->line_tokens || sc->s[sc->pos] != l->directive) return false;
    size_t name = hl_skip_blanks(sc, sc->pos + 1), i = name;
    while (hl_is_ascii_word((unsigned char)hl_at(sc, i)) || (hl_at(sc, i) == '.' && i > name)) i++;
    hl_take(sc, i, HL_PREPROC);
    size_t p = hl_skip_blanks(sc, i);
    bool include = false;
    for (size_t k = 0; k < l->n_include_words && !include; k++)
        include = strlen(l->include_words[k]) == i - name && !memcmp(sc->s + name, l->include_words[k], i - name);
    if (include && hl_at(sc, p) == '<') {
        size_t e = p;
        while (e < sc->len && sc->s[e] != '>' && !hl_is_eol(sc->s[e])) e++;
        sc->pos = p;
        hl_take(sc, hl_at(sc, e) == '>' ? e + 1 : e, HL_STRING);
    }
    return true;
}

/* @Override, &anchor, *alias, !tag, 'lifetime, &amp; */
static bool rule_sigil(hl_scanner *sc)
{
    const struct hl_lang *l = sc->lang;
    char c = sc->s[sc->pos];
    for (size_t k = 0; k < l->n_sigils; k++) {
        const hl_sigil *g = &l->sigils[k];
        if (g->c != c || (g->first_token && sc->line_tokens)) continue;
        size_t b = sc->pos + 1, i = b;
        if (g->body == HL_BODY_NONSPACE) {
            while (i < sc->len && !hl_is_space(sc->s[i]) && !hl_in_set(g->stop, sc->s[i])) i++;
        } else if (g->body == HL_BODY_DOTTED) {
            while (hl_is_ascii_word((unsigned char)hl_at(sc, i)) || (hl_at(sc, i) == '.' && i > b)) i++;
        } else if (is_word_start((unsigned char)hl_at(sc, i))) {
            i = hl_scan_word(sc, i);
        }
        if (i == b && !g->allow_empty) continue;
        if (g->not_followed_by && hl_at(sc, i) == g->not_followed_by) continue;
        if (g->close && hl_at(sc, i) == g->close) i++;
        return hl_take(sc, i, g->kind);
    }
    return false;
}

static bool rule_string(hl_scanner *sc)
{
    const hl_delim *d = hl_find_string(sc, sc->pos, false);
    if (!d || (d->must_close && !string_closes(sc, sc->pos, d))) return false;
    hl_take_string(sc, sc->pos, sc->pos, d);
    return true;
}

static bool rule_variable(hl_scanner *sc)
{
    const struct hl_lang *l = sc->lang;
    if (sc->s[sc->pos] != '$') return false;
    const hl_delim *single = NULL;
    for (size_t k = 0; k < l->n_strings && !single; k++)
        if (!strcmp(l->strings[k].open, "'")) single = &l->strings[k];
    if (l->ansi_strings && hl_at(sc, sc->pos + 1) == '\'' && single) { /* $'…': single quotes with \ escapes */
        hl_delim ansi = *single;
        ansi.esc = HL_ESC_BACKSLASH;
        hl_take_string(sc, sc->pos, sc->pos + 1, &ansi);
        return true;
    }
    size_t end = scan_variable(sc, sc->pos);
    return end > sc->pos && hl_take(sc, end, HL_VARIABLE);
}

static bool rule_number(hl_scanner *sc)
{
    size_t st = sc->pos + (sc->lang->signed_numbers && sc->s[sc->pos] == '-');
    size_t end = hl_scan_number(sc, st);
    if (end == st) return false;
    if (hl_is_word_char(sc, hl_at(sc, end))) return hl_take(sc, hl_scan_word(sc, end), HL_TEXT); /* 2fa: a word */
    return hl_take(sc, end, HL_NUMBER);
}

static bool rule_word(hl_scanner *sc)
{
    size_t st = sc->pos;
    if (!is_word_start((unsigned char)sc->s[st])) return false;
    size_t end = hl_scan_word(sc, st);
    const hl_delim *d = string_prefix(sc, st, end);
    if (d && (!d->must_close || string_closes(sc, end, d))) {
        hl_take_string(sc, st, end, d);
        return true;
    }
    char m = sc->lang->macro_suffix;
    if (m && hl_at(sc, end) == m && hl_in_set("([{", hl_at(sc, end + 1)) && !is_member(sc, st))
        return hl_take(sc, end + 1, HL_FUNCTION); /* println!( */
    return hl_take(sc, end, classify_word(sc, st, end));
}

static bool rule_operator(hl_scanner *sc)
{
    const struct hl_lang *l = sc->lang;
    char c = sc->s[sc->pos];
    if (hl_in_set(l->punct, c)) return hl_take(sc, sc->pos + 1, HL_PUNCT);
    if (!hl_in_set(l->ops, c)) return false;
    size_t i = sc->pos + 1;
    while (i < sc->len && hl_in_set(l->ops, sc->s[i]) && !starts_comment(sc, i)) i++;
    return hl_take(sc, i, HL_OPERATOR);
}

/* ---- the engine ---- */

/* One token at sc->pos: the first rule that takes it. */
static bool scan_token(hl_scanner *sc)
{
    const struct hl_lang *l = sc->lang;
    if (l->n_line_rules && hl_rule_line(sc)) return true;
    if (rule_directive(sc) || rule_line_comment(sc) || rule_block_comment(sc)) return true;
    if (l->heredocs && hl_rule_heredoc(sc)) return true;
    if (l->markup && hl_rule_markup(sc)) return true;
    if (rule_sigil(sc) || rule_string(sc)) return true;
    if (l->vars_in_code && rule_variable(sc)) return true;
    if (l->yaml) return hl_rule_yaml_indicator(sc) || hl_rule_yaml_plain(sc);
    if (l->numbers && rule_number(sc)) return true;
    return rule_word(sc) || rule_operator(sc);
}

static bool line_hooks(hl_scanner *sc)
{
    const struct hl_lang *l = sc->lang;
    return (l->heredocs && hl_hook_heredoc(sc)) || (l->prompts && hl_hook_console(sc)) ||
           (l->yaml && hl_hook_yaml_block(sc));
}

/* After a token [start, pos): the line it ends on, if it ran over line ends. */
static void after_token(hl_scanner *sc, size_t start)
{
    sc->line_tokens++;
    sc->last_tok_end = sc->pos;
    for (size_t i = sc->pos; i > start; i--)
        if (sc->s[i - 1] == '\n') {
            sc->line_start = i;
            sc->line_tokens = sc->pos > i;
            sc->key_col = HL_NO_POS;
            break;
        }
}

size_t hl_tokenize(const struct hl_lang *lang, const char *code, size_t len, hl_span **spans)
{
    if (spans) *spans = NULL;
    if (!lang || !code || !len) return 0;
    hl_scanner sc = {.lang = lang, .s = code, .len = len, .hooked_line = HL_NO_POS, .last_tok_end = HL_NO_POS,
                     .name_after = HL_NO_POS, .key_col = HL_NO_POS, .block_indent = HL_NO_POS, .prompts = -1};
    for (size_t k = 0; k < HL_MAX_STRINGS; k++) sc.unclosed[k] = HL_NO_POS;
    while (sc.pos < len) {
        size_t start = sc.pos;
        char c = code[start];
        if (start == sc.line_start && sc.hooked_line != start) {
            sc.hooked_line = start;
            if (line_hooks(&sc)) {
                after_token(&sc, start);
                continue;
            }
        }
        if (c == '\n') {
            sc.pos++;
            sc.line_start = sc.pos;
            sc.line_tokens = 0;
            sc.key_col = HL_NO_POS;
            continue;
        }
        if (hl_is_space(c)) {
            sc.pos++;
            continue;
        }
        if (!scan_token(&sc)) hl_take(&sc, hl_is_word_char(&sc, c) ? hl_scan_word(&sc, start) : start + 1, HL_TEXT);
        if (sc.pos <= start) sc.pos = start + 1; /* never stall */
        after_token(&sc, start);
    }
    if (spans)
        *spans = sc.spans;
    else
        free(sc.spans);
    return sc.n;
}

static const char *const kind_names[HL_COUNT] = {
    [HL_TEXT] = "text",         [HL_KEYWORD] = "keyword",   [HL_TYPE] = "type",
    [HL_STRING] = "string",     [HL_NUMBER] = "number",     [HL_COMMENT] = "comment",
    [HL_FUNCTION] = "function", [HL_OPERATOR] = "operator", [HL_PUNCT] = "punct",
    [HL_KEY] = "key",           [HL_BUILTIN] = "builtin",   [HL_VARIABLE] = "variable",
    [HL_PREPROC] = "preproc",
};

const char *hl_kind_name(hl_kind k) { return (unsigned)k < HL_COUNT ? kind_names[k] : NULL; }

bool hl_kind_from_name(const char *name, hl_kind *out)
{
    for (int k = 0; name && k < HL_COUNT; k++)
        if (!strcmp(kind_names[k], name)) {
            *out = (hl_kind)k;
            return true;
        }
    return false;
}

const char *hl_lang_label(const struct hl_lang *lang) { return lang ? lang->label : NULL; }
