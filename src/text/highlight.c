/* highlight — one scanner engine driven by per-language tables; see highlight.h.
 *
 * The engine walks the code once. At the start of each line it offers the
 * language's line hook (YAML block scalars, bash here-documents, console
 * prompts) the whole line; elsewhere it skips blanks and tries the language's
 * rules in order at each token start. A rule either consumes a token (and
 * emits its spans) or leaves the position untouched; when none matches, a
 * word or one byte is taken as plain text. Every rule consumes what it scans,
 * or looks ahead by a bounded amount or over blanks only, so the whole pass
 * is linear in the input. */
#include "highlight.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Bytes from here up belong to multi-byte UTF-8 sequences: treated as word
 * characters so that no token boundary falls inside a sequence. */
enum { UTF8_MULTIBYTE_FIRST = 0x80 };

/* Word classes a language may have (keywords, types, builtins, …). */
enum { MAX_WORD_LISTS = 8 };

/* No position / no column. */
#define NO_POS SIZE_MAX

/* Language flags. */
enum {
    LF_FOLD = 1u << 0,        /* words are matched case-insensitively (SQL) */
    LF_CALLS = 1u << 1,       /* a plain word before '(' is a function */
    LF_MEMBERS = 1u << 2,     /* a word after '.' or '->' is a member, never a keyword */
    LF_T_TYPES = 1u << 3,     /* words ending in _t are types (C) */
    LF_STRING_KEYS = 1u << 4, /* a string followed by ':' is a key (JSON, YAML) */
    LF_SIGNED = 1u << 5,      /* '-' directly before a number belongs to it (JSON) */
    LF_ASSIGN = 1u << 6,      /* NAME= assigns a variable (shell) */
};

typedef enum { ESC_NONE, ESC_BACKSLASH, ESC_DOUBLED } esc_style;

/* One kind of quoted token; it closes with the same character. */
typedef struct quote_def {
    char open;
    hl_kind kind;      /* HL_TEXT for quoted names (SQL "column") */
    esc_style esc;     /* \x, or the quote written twice ('it''s') */
    bool multiline;    /* else an unterminated one ends at the end of its line */
    bool triple;       /* three quotes open a string that spans lines (Python) */
    bool interpolate;  /* $VAR inside is a variable (shell double quotes) */
} quote_def;

typedef struct word_list {
    hl_kind kind;
    const char *const *words; /* NULL-terminated; NULL ends a table of lists */
} word_list;

typedef struct scanner scanner;
/* Consumes a token at sc->pos and returns true, or returns false untouched. */
typedef bool (*scan_rule)(scanner *sc);

struct hl_lang {
    const char *const *aliases;       /* info-string names, NULL-terminated */
    const scan_rule *rules;           /* tried in order at each token; NULL-terminated */
    scan_rule line_hook;              /* offered each line start first, or NULL */
    const word_list *words;           /* word classes, first match wins; at most MAX_WORD_LISTS */
    const char *const *naming_words;  /* keywords whose next word is a name… */
    hl_kind naming_kind;              /* …of this kind (def f, struct s, TABLE t) */
    const quote_def *quotes;          /* ends with open == '\0' */
    const char *str_prefixes;         /* letters a word may consist of to prefix a string (r"", L"") */
    size_t str_prefix_max;            /* longest such prefix */
    const char *line_comment;         /* "#", "--", "//" */
    const char *comment_after;        /* characters that may precede line_comment; NULL = any */
    const char *block_open, *block_close;
    char directive;                   /* as a line's first token: '#' preprocessor, '@' decorator */
    const char *const *include_words; /* directives followed by a <path> */
    const char *ops;                  /* operator characters, taken in runs */
    const char *punct;                /* punctuation characters */
    const char *word_extra;           /* word characters besides letters, digits, '_' */
    const char *num_suffix;           /* characters a number may end with (1UL, 2j) */
    unsigned flags;
};

struct scanner {
    const struct hl_lang *lang;
    const char *s;
    size_t len, pos;
    hl_span *spans;
    size_t n, cap;
    size_t line_start;   /* offset of the current line */
    size_t line_tokens;  /* tokens seen on it so far */
    size_t hooked_line;  /* the line start the line hook last saw */
    size_t last_tok_end; /* end of the previous token */
    size_t name_after;   /* end of a naming keyword (def, struct), or NO_POS */
    size_t key_col;      /* column of the last key on this line, or NO_POS */
    size_t flow;         /* YAML: depth of [ and { */
    size_t block_indent; /* YAML: a block scalar's lines are indented more than this; NO_POS */
    size_t hd_start, hd_len, hd_line; /* shell: pending here-document delimiter and its line */
    bool hd_strip;       /* <<- : tabs before the delimiter are ignored */
    int prompts;         /* console: -1 not yet known, 0 no prompt in the input, 1 some */
    bool in_command;     /* console: the current line is a command */
    size_t sorted_len[MAX_WORD_LISTS]; /* length of each sorted word class, 0 when unsorted */
};

/* ---- characters ---- */

static bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool is_hex(unsigned char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
static bool is_ascii_word(unsigned char c) { return is_alpha(c) || is_digit(c) || c == '_'; }
static bool is_word_start(unsigned char c) { return is_alpha(c) || c == '_' || c >= UTF8_MULTIBYTE_FIRST; }
static bool is_blank(char c) { return c == ' ' || c == '\t'; }
static bool is_eol(char c) { return c == '\n' || c == '\r'; }
static bool is_space(char c) { return is_blank(c) || is_eol(c) || c == '\f' || c == '\v'; }
static bool in_set(const char *set, char c) { return c && set && strchr(set, c); }
static char fold(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

/* The byte at i, or '\0' past the end. */
static char at(const scanner *sc, size_t i) { return i < sc->len ? sc->s[i] : '\0'; }
static bool blank_or_end(const scanner *sc, size_t i) { return i >= sc->len || is_space(sc->s[i]); }

static bool is_word_char(const scanner *sc, char c)
{
    return is_ascii_word((unsigned char)c) || (unsigned char)c >= UTF8_MULTIBYTE_FIRST ||
           in_set(sc->lang->word_extra, c);
}

static size_t scan_word(const scanner *sc, size_t i)
{
    while (i < sc->len && is_word_char(sc, sc->s[i])) i++;
    return i;
}

static size_t skip_blanks(const scanner *sc, size_t i)
{
    while (i < sc->len && is_blank(sc->s[i])) i++;
    return i;
}

static size_t line_end(const scanner *sc, size_t i)
{
    while (i < sc->len && !is_eol(sc->s[i])) i++;
    return i;
}

static bool starts_with(const scanner *sc, size_t i, const char *lit)
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

static bool in_words(const char *const *list, const char *s, size_t n, bool ci)
{
    for (; list && *list; list++)
        if (!word_cmp(*list, s, n, ci)) return true;
    return false;
}

/* Word classes are kept sorted (case folded where the language folds) so
 * that lookups bisect; hl_tokenize checks, and one found unsorted (an
 * editing slip) is searched linearly instead. */
static size_t sorted_count(const char *const *list, bool ci)
{
    size_t n = 0;
    for (; list[n]; n++)
        if (n && word_cmp(list[n - 1], list[n], strlen(list[n]), ci) >= 0) return 0;
    return n;
}

static hl_kind lookup(const scanner *sc, size_t st, size_t end)
{
    bool ci = sc->lang->flags & LF_FOLD;
    const char *s = sc->s + st;
    size_t n = end - st;
    for (size_t k = 0; sc->lang->words && k < MAX_WORD_LISTS && sc->lang->words[k].words; k++) {
        const char *const *list = sc->lang->words[k].words;
        size_t lo = 0, hi = sc->sorted_len[k];
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = word_cmp(list[mid], s, n, ci);
            if (!c) return sc->lang->words[k].kind;
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (!sc->sorted_len[k] && in_words(list, s, n, ci)) return sc->lang->words[k].kind;
    }
    return HL_TEXT;
}

/* ---- spans ---- */

static void emit(scanner *sc, size_t start, size_t end, hl_kind kind)
{
    if (kind == HL_TEXT || end <= start) return;
    if (sc->n && sc->spans[sc->n - 1].kind == kind && sc->spans[sc->n - 1].end == start) {
        sc->spans[sc->n - 1].end = end; /* "))" is one span */
        return;
    }
    *UTIL_PUSH(sc->spans, sc->n, sc->cap) = (hl_span){start, end, kind};
}

/* Emits [pos, end) as kind and moves past it. */
static bool take(scanner *sc, size_t end, hl_kind kind)
{
    emit(sc, sc->pos, end, kind);
    sc->pos = end;
    return true;
}

/* ---- shared token scanners ---- */

/* End of a number starting at i (i itself when there is none): 0x1F, 0b101,
 * 1_000, 3.14, .5, 1e-3, then the language's suffix letters (10UL, 2j). */
static size_t scan_number(const scanner *sc, size_t i)
{
    size_t st = i;
    if (at(sc, i) == '0' && in_set("xXoObB", at(sc, i + 1)) && is_hex((unsigned char)at(sc, i + 2))) {
        i += 2;
        while (is_hex((unsigned char)at(sc, i)) || at(sc, i) == '_') i++;
    } else {
        bool dot_first = at(sc, i) == '.';
        if (!is_digit((unsigned char)at(sc, i + dot_first))) return st;
        while (is_digit((unsigned char)at(sc, i)) || at(sc, i) == '_') i++;
        if (at(sc, i) == '.' && is_digit((unsigned char)at(sc, i + 1))) {
            i++;
            while (is_digit((unsigned char)at(sc, i)) || at(sc, i) == '_') i++;
        }
        if (in_set("eE", at(sc, i))) {
            size_t j = i + 1 + (in_set("+-", at(sc, i + 1)) ? 1 : 0);
            if (is_digit((unsigned char)at(sc, j))) {
                i = j;
                while (is_digit((unsigned char)at(sc, i)) || at(sc, i) == '_') i++;
            }
        }
    }
    while (in_set(sc->lang->num_suffix, at(sc, i))) i++;
    return i;
}

/* End of a shell variable at i ('$'): $NAME, ${…}, $1, $@, $?…; i when none. */
static size_t scan_variable(const scanner *sc, size_t i)
{
    char c = at(sc, i + 1);
    if (c == '{') {
        size_t e = i + 2;
        while (e < sc->len && sc->s[e] != '}' && !is_eol(sc->s[e])) e++;
        return at(sc, e) == '}' ? e + 1 : e;
    }
    if (is_alpha((unsigned char)c) || c == '_') {
        size_t e = i + 1;
        while (is_ascii_word((unsigned char)at(sc, e))) e++;
        return e;
    }
    if (is_digit((unsigned char)c) || in_set("@#?$!*-", c)) return i + 2;
    return i;
}

static const quote_def *find_quote(const struct hl_lang *l, char c)
{
    for (const quote_def *q = l->quotes; q && q->open; q++)
        if (q->open == c) return q;
    return NULL;
}

/* A quoted token opening at q (its prefix, if any, starts at start). Emits
 * it, split around interpolated variables; a string followed by ':' is a key
 * where the language says so. */
static void take_string(scanner *sc, size_t start, size_t q, const quote_def *d)
{
    const char *s = sc->s;
    char c = d->open;
    bool triple = d->triple && at(sc, q + 1) == c && at(sc, q + 2) == c;
    size_t i = q + (triple ? 3 : 1), seg = start;
    bool closed = false;
    while (i < sc->len && !closed) {
        char ch = s[i];
        if (ch == '\\' && d->esc == ESC_BACKSLASH) {
            i += i + 1 < sc->len ? 2 : 1;
        } else if (ch == c && triple) {
            closed = at(sc, i + 1) == c && at(sc, i + 2) == c;
            i += closed ? 3 : 1;
        } else if (ch == c) {
            bool doubled = d->esc == ESC_DOUBLED && at(sc, i + 1) == c;
            closed = !doubled;
            i += doubled ? 2 : 1;
        } else if (is_eol(ch) && !d->multiline && !triple) {
            break; /* unterminated: ends with its line */
        } else if (ch == '$' && d->interpolate && scan_variable(sc, i) > i) {
            size_t e = scan_variable(sc, i);
            emit(sc, seg, i, d->kind);
            emit(sc, i, e, HL_VARIABLE);
            seg = i = e;
        } else {
            i++;
        }
    }
    hl_kind kind = d->kind;
    if ((sc->lang->flags & LF_STRING_KEYS) && kind == HL_STRING && at(sc, skip_blanks(sc, i)) == ':') {
        kind = HL_KEY;
        sc->key_col = start - sc->line_start;
    }
    emit(sc, seg, i, kind);
    sc->pos = i;
}

/* Is the word [st, end) the prefix of a string (r"…", f'…', L"…")? */
static const quote_def *string_prefix(const scanner *sc, size_t st, size_t end)
{
    const struct hl_lang *l = sc->lang;
    if (!l->str_prefixes || end - st > l->str_prefix_max) return NULL;
    for (size_t i = st; i < end; i++)
        if (!in_set(l->str_prefixes, sc->s[i])) return NULL;
    return find_quote(l, at(sc, end));
}

static bool is_member(const scanner *sc, size_t st)
{
    if (!(sc->lang->flags & LF_MEMBERS) || st == 0) return false;
    return sc->s[st - 1] == '.' || (st >= 2 && sc->s[st - 2] == '-' && sc->s[st - 1] == '>');
}

static hl_kind classify_word(scanner *sc, size_t st, size_t end)
{
    const struct hl_lang *l = sc->lang;
    bool calls = (l->flags & LF_CALLS) && at(sc, skip_blanks(sc, end)) == '(';
    bool named = sc->name_after != NO_POS && sc->last_tok_end == sc->name_after;
    if (is_member(sc, st)) return calls ? HL_FUNCTION : HL_TEXT;
    hl_kind k = lookup(sc, st, end);
    if (k == HL_KEYWORD) { /* keywords win even after def/TABLE: TABLE IF NOT EXISTS */
        if (in_words(l->naming_words, sc->s + st, end - st, l->flags & LF_FOLD)) sc->name_after = end;
        return k;
    }
    if (named) return l->naming_kind; /* def NAME, struct NAME, TABLE name */
    if (k != HL_TEXT) return k;
    if ((l->flags & LF_T_TYPES) && end - st > strlen("_t") && !memcmp(sc->s + end - strlen("_t"), "_t", strlen("_t")))
        return HL_TYPE;
    if (calls) return HL_FUNCTION;
    if ((l->flags & LF_ASSIGN) && at(sc, end) == '=') return HL_VARIABLE;
    return HL_TEXT;
}

/* ---- rules shared by several languages ---- */

static bool line_comment_at(const scanner *sc, size_t i)
{
    const struct hl_lang *l = sc->lang;
    return starts_with(sc, i, l->line_comment) &&
           (!l->comment_after || i == 0 || in_set(l->comment_after, sc->s[i - 1]));
}

static bool starts_comment(const scanner *sc, size_t i)
{
    return starts_with(sc, i, sc->lang->block_open) || line_comment_at(sc, i);
}

static bool rule_line_comment(scanner *sc)
{
    return line_comment_at(sc, sc->pos) && take(sc, line_end(sc, sc->pos), HL_COMMENT);
}

static bool rule_block_comment(scanner *sc)
{
    const struct hl_lang *l = sc->lang;
    if (!starts_with(sc, sc->pos, l->block_open)) return false;
    size_t i = sc->pos + strlen(l->block_open), end = sc->len;
    for (; i < sc->len; i++)
        if (starts_with(sc, i, l->block_close)) {
            end = i + strlen(l->block_close);
            break;
        }
    return take(sc, end, HL_COMMENT);
}

/* '#include <x.h>', '@app.route': a marker as the line's first token, then a (dotted) name. */
static bool rule_directive(scanner *sc)
{
    const struct hl_lang *l = sc->lang;
    if (!l->directive || sc->line_tokens || sc->s[sc->pos] != l->directive) return false;
    size_t name = skip_blanks(sc, sc->pos + 1), i = name;
    while (is_ascii_word((unsigned char)at(sc, i)) || (at(sc, i) == '.' && i > name)) i++;
    take(sc, i, HL_PREPROC);
    size_t p = skip_blanks(sc, i);
    if (in_words(l->include_words, sc->s + name, i - name, false) && at(sc, p) == '<') {
        size_t e = p;
        while (e < sc->len && sc->s[e] != '>' && !is_eol(sc->s[e])) e++;
        sc->pos = p;
        take(sc, at(sc, e) == '>' ? e + 1 : e, HL_STRING);
    }
    return true;
}

static bool rule_string(scanner *sc)
{
    const quote_def *d = find_quote(sc->lang, sc->s[sc->pos]);
    if (!d) return false;
    take_string(sc, sc->pos, sc->pos, d);
    return true;
}

static bool rule_number(scanner *sc)
{
    size_t st = sc->pos + ((sc->lang->flags & LF_SIGNED) && sc->s[sc->pos] == '-');
    size_t end = scan_number(sc, st);
    if (end == st) return false;
    if (is_word_char(sc, at(sc, end))) return take(sc, scan_word(sc, end), HL_TEXT); /* 2fa: a word */
    return take(sc, end, HL_NUMBER);
}

static bool rule_word(scanner *sc)
{
    size_t st = sc->pos;
    if (!is_word_start((unsigned char)sc->s[st])) return false;
    size_t end = scan_word(sc, st);
    const quote_def *d = string_prefix(sc, st, end);
    if (d) {
        take_string(sc, st, end, d);
        return true;
    }
    return take(sc, end, classify_word(sc, st, end));
}

static bool rule_operator(scanner *sc)
{
    const struct hl_lang *l = sc->lang;
    char c = sc->s[sc->pos];
    if (in_set(l->punct, c)) return take(sc, sc->pos + 1, HL_PUNCT);
    if (!in_set(l->ops, c)) return false;
    size_t i = sc->pos + 1;
    while (i < sc->len && in_set(l->ops, sc->s[i]) && !starts_comment(sc, i)) i++;
    return take(sc, i, HL_OPERATOR);
}

/* ---- shell ---- */

static bool rule_variable(scanner *sc)
{
    if (sc->s[sc->pos] != '$') return false;
    const quote_def *single = find_quote(sc->lang, '\'');
    if (at(sc, sc->pos + 1) == '\'' && single) { /* $'…': single quotes with \ escapes */
        quote_def ansi = *single;
        ansi.esc = ESC_BACKSLASH;
        take_string(sc, sc->pos, sc->pos + 1, &ansi);
        return true;
    }
    size_t end = scan_variable(sc, sc->pos);
    return end > sc->pos && take(sc, end, HL_VARIABLE);
}

/* <<EOF, <<-'EOF': the operator and the delimiter; the body follows from the next line. */
static bool rule_heredoc(scanner *sc)
{
    size_t op = sc->pos + strlen("<<");
    if (!starts_with(sc, sc->pos, "<<") || at(sc, op) == '<') return false;
    bool strip = at(sc, op) == '-';
    op += strip;
    size_t d = skip_blanks(sc, op);
    char q = at(sc, d);
    bool quoted = q == '\'' || q == '"';
    size_t w = d + (quoted || q == '\\');
    if (!is_alpha((unsigned char)at(sc, w)) && at(sc, w) != '_') return false;
    size_t we = w;
    while (is_ascii_word((unsigned char)at(sc, we))) we++;
    take(sc, op, HL_OPERATOR);
    sc->pos = d;
    take(sc, we + (quoted && at(sc, we) == q), HL_STRING);
    if (!sc->hd_len) {
        sc->hd_start = w;
        sc->hd_len = we - w;
        sc->hd_strip = strip;
        sc->hd_line = sc->line_start;
    }
    return true;
}

/* Line hook: a here-document's lines, up to and with its delimiter, are a string. */
static bool hook_heredoc(scanner *sc)
{
    if (!sc->hd_len || sc->line_start == sc->hd_line) return false;
    size_t eol = line_end(sc, sc->pos), t = sc->pos;
    if (eol == sc->pos) return false;
    while (sc->hd_strip && at(sc, t) == '\t') t++;
    if (eol - t == sc->hd_len && !memcmp(sc->s + t, sc->s + sc->hd_start, sc->hd_len)) sc->hd_len = 0;
    return take(sc, eol, HL_STRING);
}

/* ---- console: "$ command" lines are shell, the others are output ---- */

/* End of a prompt at line start i ("$", "(venv) $", "user@host:~/dir$"), followed by a blank; 0 when none. */
static size_t prompt_end(const scanner *sc, size_t i, bool in_command)
{
    size_t j = i;
    if (at(sc, j) == '(') {
        size_t k = j + 1;
        while (k < sc->len && sc->s[k] != ')' && !is_eol(sc->s[k])) k++;
        if (at(sc, k) == ')' && is_blank(at(sc, k + 1))) j = skip_blanks(sc, k + 1);
    }
    size_t k = j;
    bool user_host = false;
    while (k < sc->len && !is_space(sc->s[k])) user_host |= sc->s[k++] == '@';
    if (k == j || !blank_or_end(sc, k)) return 0;
    char last = sc->s[k - 1];
    if (user_host && in_set("$#%>", last)) return k;
    if (k - j == 1 && (in_set("$%", last) || (in_command && last == '>'))) return k;
    return 0;
}

/* Does the line before the current one end with a backslash? */
static bool prev_line_continues(const scanner *sc)
{
    size_t i = sc->line_start;
    if (i == 0) return false;
    i--; /* its '\n' */
    if (i > 0 && sc->s[i - 1] == '\r') i--;
    return i > 0 && sc->s[i - 1] == '\\';
}

static bool hook_console(scanner *sc)
{
    if (sc->prompts < 0) {
        sc->prompts = 0;
        for (size_t i = 0; i < sc->len && !sc->prompts; i = line_end(sc, i) + 1)
            sc->prompts = prompt_end(sc, i, false) > 0;
    }
    if (!sc->prompts || (sc->in_command && prev_line_continues(sc))) return false; /* shell throughout */
    size_t p = prompt_end(sc, sc->pos, sc->in_command);
    sc->in_command = p > 0;
    if (p) return take(sc, p, HL_PUNCT);
    size_t eol = line_end(sc, sc->pos);
    if (eol == sc->pos || sc->s[sc->pos] == '#') return false; /* a comment stays a comment */
    return take(sc, eol, HL_TEXT);                             /* output */
}

/* ---- YAML ---- */

static const char yaml_flow_chars[] = ",[]{}";

static size_t indentation(const scanner *sc)
{
    size_t i = sc->line_start;
    while (at(sc, i) == ' ') i++;
    return i - sc->line_start;
}

/* Line hook: the lines of a block scalar (key: |) are a string. */
static bool hook_yaml_block(scanner *sc)
{
    if (sc->block_indent == NO_POS) return false;
    size_t eol = line_end(sc, sc->pos), ind = indentation(sc);
    if (skip_blanks(sc, sc->pos) == eol) return false; /* blank lines belong to it */
    if (ind <= sc->block_indent) {
        sc->block_indent = NO_POS;
        return false;
    }
    sc->pos += ind;
    return take(sc, eol, HL_STRING);
}

/* %YAML directives, --- and ... document markers. */
static bool rule_yaml_line_start(scanner *sc)
{
    if (sc->pos != sc->line_start) return false;
    if (sc->s[sc->pos] == '%') return take(sc, line_end(sc, sc->pos), HL_PREPROC);
    bool marker = starts_with(sc, sc->pos, "---") || starts_with(sc, sc->pos, "...");
    if (marker && blank_or_end(sc, sc->pos + strlen("---"))) {
        sc->flow = 0;
        return take(sc, sc->pos + strlen("---"), HL_PUNCT);
    }
    return false;
}

/* &anchor, *alias, !tag */
static bool rule_yaml_props(scanner *sc)
{
    char c = sc->s[sc->pos];
    if (!in_set("&*!", c)) return false;
    size_t i = sc->pos + 1;
    while (i < sc->len && !is_space(sc->s[i]) && !in_set(yaml_flow_chars, sc->s[i])) i++;
    if (i == sc->pos + 1 && c != '!') return false;
    return take(sc, i, c == '!' ? HL_TYPE : HL_VARIABLE);
}

static bool rule_yaml_indicator(scanner *sc)
{
    char c = sc->s[sc->pos], next = at(sc, sc->pos + 1);
    if (in_set("[{", c)) sc->flow++;
    if (in_set("]}", c) && sc->flow) sc->flow--;
    if (in_set(yaml_flow_chars, c)) return take(sc, sc->pos + 1, HL_PUNCT);
    if (in_set("-?:", c) && (blank_or_end(sc, sc->pos + 1) || (c == ':' && sc->flow && in_set(yaml_flow_chars, next))))
        return take(sc, sc->pos + 1, HL_PUNCT);
    if (!in_set("|>", c)) return false;
    size_t i = sc->pos + 1;
    while (in_set("+-0123456789", at(sc, i))) i++;
    size_t j = skip_blanks(sc, i);
    if (j >= sc->len || is_eol(sc->s[j]) || (sc->s[j] == '#' && j > i))
        sc->block_indent = sc->key_col != NO_POS ? sc->key_col : indentation(sc);
    return take(sc, i, HL_OPERATOR);
}

/* A plain scalar: a key before ': ', else true/null/numbers or text. */
static bool rule_yaml_plain(scanner *sc)
{
    size_t st = sc->pos, i = st, end = st;
    bool key = false;
    while (i < sc->len && !is_eol(sc->s[i])) {
        char c = sc->s[i];
        if (c == ':' && (blank_or_end(sc, i + 1) || (sc->flow && in_set(yaml_flow_chars, at(sc, i + 1))))) {
            key = true;
            break;
        }
        if ((c == '#' && i > st && is_blank(sc->s[i - 1])) || (sc->flow && in_set(yaml_flow_chars, c))) break;
        i++;
        if (!is_blank(c)) end = i;
    }
    if (end == st) return false;
    hl_kind kind = HL_KEY;
    if (key) {
        sc->key_col = st - sc->line_start;
    } else {
        kind = lookup(sc, st, end);
        size_t num = st + in_set("+-", sc->s[st]);
        if (kind == HL_TEXT && num < end && scan_number(sc, num) == end) kind = HL_NUMBER;
    }
    return take(sc, end, kind);
}

/* ---- language tables ---- */

static const char *const py_keywords[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", NULL};
static const char *const py_builtins[] = {
    "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "Ellipsis", "Exception",
    "FileNotFoundError", "ImportError", "IndexError", "KeyError", "KeyboardInterrupt", "NotImplemented",
    "NotImplementedError", "OSError", "RuntimeError", "StopIteration", "TypeError", "ValueError",
    "ZeroDivisionError", "__import__", "__name__", "abs", "all", "any", "ascii", "bin", "bool", "breakpoint",
    "bytearray", "bytes", "callable", "chr", "classmethod", "compile", "complex", "delattr", "dict", "dir",
    "divmod", "enumerate", "eval", "exec", "filter", "float", "format", "frozenset", "getattr", "globals",
    "hasattr", "hash", "help", "hex", "id", "input", "int", "isinstance", "issubclass", "iter", "len", "list",
    "locals", "map", "max", "memoryview", "min", "next", "object", "oct", "open", "ord", "pow", "print",
    "property", "range", "repr", "reversed", "round", "set", "setattr", "slice", "sorted", "staticmethod", "str",
    "sum", "super", "tuple", "type", "vars", "zip", NULL};
static const char *const py_naming[] = {"def", "class", NULL};

static const char *const sql_keywords[] = {
    "ADD", "ALL", "ALTER", "ANALYZE", "AND", "ANY", "AS", "ASC", "BEGIN", "BETWEEN", "BY", "CASCADE", "CASE",
    "CAST", "CHECK", "COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE",
    "CURRENT_TIMESTAMP", "DATABASE", "DEFAULT", "DELETE", "DESC", "DISTINCT", "DO", "DROP", "ELSE", "END",
    "EXCEPT", "EXISTS", "EXPLAIN", "EXTENSION", "FALSE", "FETCH", "FILTER", "FIRST", "FOLLOWING", "FOREIGN",
    "FROM", "FULL", "FUNCTION", "GRANT", "GROUP", "HAVING", "IF", "ILIKE", "IN", "INDEX", "INNER", "INSERT",
    "INTERSECT", "INTO", "IS", "JOIN", "KEY", "LANGUAGE", "LAST", "LATERAL", "LEFT", "LIKE", "LIMIT",
    "MATERIALIZED", "NATURAL", "NOT", "NOTHING", "NULL", "NULLS", "OFFSET", "ON", "OR", "ORDER", "OUTER", "OVER",
    "PARTITION", "PRECEDING", "PRIMARY", "RECURSIVE", "REFERENCES", "REPLACE", "RETURNING", "RETURNS", "REVOKE",
    "RIGHT", "ROLLBACK", "ROW", "ROWS", "SCHEMA", "SELECT", "SEQUENCE", "SET", "TABLE", "TEMP", "TEMPORARY",
    "THEN", "TO", "TRANSACTION", "TRIGGER", "TRUE", "TRUNCATE", "UNBOUNDED", "UNION", "UNIQUE", "UPDATE", "USING",
    "VACUUM", "VALUES", "VIEW", "WHEN", "WHERE", "WINDOW", "WITH", NULL};
static const char *const sql_types[] = {
    "BIGINT", "BIGSERIAL", "BLOB", "BOOL", "BOOLEAN", "BYTEA", "CHAR", "DATE", "DECIMAL", "DOUBLE", "FLOAT", "INT",
    "INTEGER", "INTERVAL", "JSON", "JSONB", "NUMERIC", "PRECISION", "REAL", "SERIAL", "SMALLINT", "TEXT", "TIME",
    "TIMESTAMP", "TIMESTAMPTZ", "UUID", "VARCHAR", "VECTOR", NULL};
/* After these the name is a table or an index, even before '(' */
static const char *const sql_naming[] = {"TABLE", "INTO", "EXISTS", "REFERENCES", "INDEX", "VIEW", "ON", NULL};

static const char *const c_keywords[] = {
    "_Alignas", "_Alignof", "_Atomic", "_Generic", "_Noreturn", "_Static_assert", "_Thread_local", "alignas",
    "alignof", "auto", "break", "case", "const", "constexpr", "continue", "default", "do", "else", "enum",
    "extern", "for", "goto", "if", "inline", "register", "restrict", "return", "sizeof", "static", "static_assert",
    "struct", "switch", "thread_local", "typedef", "typeof", "union", "volatile", "while", NULL};
static const char *const c_types[] = {
    "FILE", "_Bool", "_Complex", "bool", "char", "double", "float", "int", "long", "short", "signed", "unsigned",
    "va_list", "void", NULL};
static const char *const c_builtins[] = {
    "EOF", "NULL", "errno", "false", "nullptr", "stderr", "stdin", "stdout", "true", NULL};
static const char *const c_naming[] = {"struct", "union", "enum", "class", "typename", NULL};
static const char *const c_include[] = {"include", "include_next", "import", NULL};
static const char *const cpp_keywords[] = {
    "and", "bitand", "bitor", "catch", "class", "co_await", "co_return", "co_yield", "compl", "concept",
    "const_cast", "consteval", "constinit", "decltype", "delete", "dynamic_cast", "explicit", "export", "final",
    "friend", "mutable", "namespace", "new", "noexcept", "not", "operator", "or", "override", "private",
    "protected", "public", "reinterpret_cast", "requires", "static_cast", "template", "this", "throw", "try",
    "typeid", "typename", "using", "virtual", "xor", NULL};
static const char *const cpp_types[] = {
    "char16_t", "char32_t", "char8_t", "wchar_t", NULL};
static const char *const cpp_builtins[] = {
    "std", NULL};

static const char *const sh_keywords[] = {
    "case", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if", "in", "select", "then", "time",
    "until", "while", NULL};
static const char *const sh_builtins[] = {
    "alias", "bg", "bind", "break", "builtin", "cd", "command", "continue", "declare", "dirs", "disown", "echo",
    "enable", "eval", "exec", "exit", "export", "false", "fc", "fg", "getopts", "hash", "help", "history", "jobs",
    "kill", "let", "local", "logout", "mapfile", "popd", "printf", "pushd", "pwd", "read", "readarray", "readonly",
    "return", "set", "shift", "shopt", "source", "suspend", "test", "times", "trap", "true", "type", "typeset",
    "ulimit", "umask", "unalias", "unset", "wait", NULL};
static const char *const sh_naming[] = {"function", NULL};

static const char *const json_consts[] = {
    "false", "null", "true", NULL};
static const char *const yaml_consts[] = {
    "FALSE", "False", "NO", "NULL", "No", "Null", "OFF", "ON", "Off", "On", "TRUE", "True", "YES", "Yes", "false",
    "no", "null", "off", "on", "true", "yes", "~", NULL};
static const char *const yaml_numbers[] = {
    "+.INF", "+.Inf", "+.inf", "-.INF", "-.Inf", "-.inf", ".INF", ".Inf", ".NAN", ".NaN", ".inf", ".nan", NULL};

static const word_list py_words[] = {{HL_KEYWORD, py_keywords}, {HL_BUILTIN, py_builtins}, {HL_TEXT, NULL}};
static const word_list sql_words[] = {{HL_KEYWORD, sql_keywords}, {HL_TYPE, sql_types}, {HL_TEXT, NULL}};
static const word_list c_words[] = {
    {HL_KEYWORD, c_keywords}, {HL_TYPE, c_types}, {HL_BUILTIN, c_builtins}, {HL_TEXT, NULL}};
static const word_list cpp_words[] = {{HL_KEYWORD, c_keywords}, {HL_KEYWORD, cpp_keywords}, {HL_TYPE, c_types},
                                      {HL_TYPE, cpp_types},     {HL_BUILTIN, c_builtins},    {HL_BUILTIN, cpp_builtins},
                                      {HL_TEXT, NULL}};
static const word_list sh_words[] = {{HL_KEYWORD, sh_keywords}, {HL_BUILTIN, sh_builtins}, {HL_TEXT, NULL}};
static const word_list json_words[] = {{HL_KEYWORD, json_consts}, {HL_TEXT, NULL}};
static const word_list yaml_words[] = {{HL_KEYWORD, yaml_consts}, {HL_NUMBER, yaml_numbers}, {HL_TEXT, NULL}};

/* open, kind, escapes, multiline, triple, interpolate */
static const quote_def py_quotes[] = {{'"', HL_STRING, ESC_BACKSLASH, false, true, false},
                                      {'\'', HL_STRING, ESC_BACKSLASH, false, true, false},
                                      {0, HL_TEXT, ESC_NONE, false, false, false}};
static const quote_def c_quotes[] = {{'"', HL_STRING, ESC_BACKSLASH, false, false, false},
                                     {'\'', HL_STRING, ESC_BACKSLASH, false, false, false},
                                     {0, HL_TEXT, ESC_NONE, false, false, false}};
static const quote_def sql_quotes[] = {{'\'', HL_STRING, ESC_DOUBLED, true, false, false},
                                       {'"', HL_TEXT, ESC_DOUBLED, false, false, false},
                                       {'`', HL_TEXT, ESC_DOUBLED, false, false, false},
                                       {0, HL_TEXT, ESC_NONE, false, false, false}};
static const quote_def yaml_quotes[] = {{'\'', HL_STRING, ESC_DOUBLED, true, false, false},
                                        {'"', HL_STRING, ESC_BACKSLASH, true, false, false},
                                        {0, HL_TEXT, ESC_NONE, false, false, false}};
static const quote_def json_quotes[] = {{'"', HL_STRING, ESC_BACKSLASH, false, false, false},
                                        {0, HL_TEXT, ESC_NONE, false, false, false}};
static const quote_def sh_quotes[] = {{'\'', HL_STRING, ESC_NONE, true, false, false},
                                      {'"', HL_STRING, ESC_BACKSLASH, true, false, true},
                                      {'`', HL_STRING, ESC_BACKSLASH, true, false, false},
                                      {0, HL_TEXT, ESC_NONE, false, false, false}};
/* A console's quotes end with their line, so that output never turns into a string. */
static const quote_def console_quotes[] = {{'\'', HL_STRING, ESC_NONE, false, false, false},
                                           {'"', HL_STRING, ESC_BACKSLASH, false, false, true},
                                           {'`', HL_STRING, ESC_BACKSLASH, false, false, false},
                                           {0, HL_TEXT, ESC_NONE, false, false, false}};

static const scan_rule py_rules[] = {rule_line_comment, rule_directive, rule_string, rule_number,
                                     rule_word,         rule_operator,  NULL};
static const scan_rule c_rules[] = {rule_directive, rule_line_comment, rule_block_comment, rule_string,
                                    rule_number,    rule_word,         rule_operator,      NULL};
static const scan_rule sh_rules[] = {rule_line_comment, rule_heredoc, rule_string,   rule_variable,
                                     rule_number,       rule_word,    rule_operator, NULL};
static const scan_rule console_rules[] = {rule_line_comment, rule_string, rule_variable, rule_number,
                                          rule_word,         rule_operator, NULL};
/* SQL, JSON */
static const scan_rule plain_rules[] = {rule_line_comment, rule_block_comment, rule_string, rule_number,
                                        rule_word,         rule_operator,      NULL};
static const scan_rule yaml_rules[] = {rule_line_comment, rule_yaml_line_start, rule_string, rule_yaml_props,
                                       rule_yaml_indicator, rule_yaml_plain,    NULL};

static const char *const py_names[] = {"python", "py", "py3", "python3", NULL};
static const char *const sql_names[] = {"sql", "postgresql", "postgres", "pgsql", "psql", "mysql", "sqlite", "plsql",
                                        NULL};
static const char *const yaml_names[] = {"yaml", "yml", NULL};
static const char *const json_names[] = {"json", "jsonc", "jsonl", "ndjson", NULL};
static const char *const sh_names[] = {"bash", "sh", "shell", "zsh", "ksh", NULL};
static const char *const console_names[] = {"console", "shell-session", "terminal", NULL};
static const char *const c_names[] = {"c", "h", NULL};
static const char *const cpp_names[] = {"cpp", "c++", "cc", "cxx", "hpp", "hh", "hxx", NULL};

static const char c_ops[] = "+-*/%=<>!&|^~?:#";
static const char c_punct[] = "()[]{},;.";
static const char sh_ops[] = "|&;<>!=$";
static const char sh_punct[] = "(){}[]";
static const char sh_comment_after[] = " \t\r\n;&|()";
static const char sh_word_extra[] = "-./+:%@~";
/* Python: r"", b'', f"", rb'' … */
enum { PY_PREFIX_MAX = 2, C_PREFIX_MAX = 2, SQL_PREFIX_MAX = 1 };

static const struct hl_lang lang_python = {
    .aliases = py_names, .rules = py_rules, .words = py_words, .naming_words = py_naming,
    .naming_kind = HL_FUNCTION, .quotes = py_quotes, .str_prefixes = "rRbBfFuU", .str_prefix_max = PY_PREFIX_MAX,
    .line_comment = "#", .directive = '@', .ops = "+-*/%=<>!&|^~@", .punct = "()[]{},:;.", .num_suffix = "jJ",
    .flags = LF_CALLS | LF_MEMBERS};

static const struct hl_lang lang_sql = {
    .aliases = sql_names, .rules = plain_rules,
    .words = sql_words, .naming_words = sql_naming, .naming_kind = HL_TEXT, .quotes = sql_quotes,
    .str_prefixes = "EeNnXxBb", .str_prefix_max = SQL_PREFIX_MAX, .line_comment = "--", .block_open = "/*",
    .block_close = "*/", .ops = "+-*/%=<>!|^~&:", .punct = "(),;.[]", .flags = LF_FOLD | LF_CALLS | LF_MEMBERS};

static const struct hl_lang lang_yaml = {
    .aliases = yaml_names, .rules = yaml_rules, .line_hook = hook_yaml_block, .words = yaml_words,
    .quotes = yaml_quotes, .line_comment = "#", .comment_after = " \t\r\n", .flags = LF_STRING_KEYS};

static const struct hl_lang lang_json = {
    .aliases = json_names, .rules = plain_rules,
    .words = json_words, .quotes = json_quotes, .line_comment = "//", .block_open = "/*", .block_close = "*/",
    .punct = "{}[],:", .flags = LF_STRING_KEYS | LF_SIGNED};

static const struct hl_lang lang_bash = {
    .aliases = sh_names, .rules = sh_rules, .line_hook = hook_heredoc, .words = sh_words,
    .naming_words = sh_naming, .naming_kind = HL_FUNCTION, .quotes = sh_quotes, .line_comment = "#",
    .comment_after = sh_comment_after, .ops = sh_ops, .punct = sh_punct, .word_extra = sh_word_extra,
    .flags = LF_CALLS | LF_ASSIGN};

static const struct hl_lang lang_console = {
    .aliases = console_names, .rules = console_rules, .line_hook = hook_console, .words = sh_words,
    .naming_words = sh_naming, .naming_kind = HL_FUNCTION, .quotes = console_quotes, .line_comment = "#",
    .comment_after = sh_comment_after, .ops = sh_ops, .punct = sh_punct, .word_extra = sh_word_extra,
    .flags = LF_ASSIGN};

static const struct hl_lang lang_c = {
    .aliases = c_names, .rules = c_rules, .words = c_words, .naming_words = c_naming, .naming_kind = HL_TYPE,
    .quotes = c_quotes, .str_prefixes = "LuU8", .str_prefix_max = C_PREFIX_MAX, .line_comment = "//",
    .block_open = "/*", .block_close = "*/", .directive = '#', .include_words = c_include, .ops = c_ops,
    .punct = c_punct, .num_suffix = "uUlLfF", .flags = LF_CALLS | LF_MEMBERS | LF_T_TYPES};

static const struct hl_lang lang_cpp = {
    .aliases = cpp_names, .rules = c_rules, .words = cpp_words, .naming_words = c_naming, .naming_kind = HL_TYPE,
    .quotes = c_quotes, .str_prefixes = "LuU8R", .str_prefix_max = C_PREFIX_MAX, .line_comment = "//",
    .block_open = "/*", .block_close = "*/", .directive = '#', .include_words = c_include, .ops = c_ops,
    .punct = c_punct, .num_suffix = "uUlLfFzZ", .flags = LF_CALLS | LF_MEMBERS | LF_T_TYPES};

static const struct hl_lang *const languages[] = {&lang_python, &lang_sql,  &lang_yaml, &lang_json,
                                                  &lang_bash,   &lang_console, &lang_c, &lang_cpp};

/* ---- public API ---- */

const struct hl_lang *hl_find_language(const char *info)
{
    if (!info) return NULL;
    while (is_blank(*info) || *info == '{' || *info == '.') info++;
    size_t n = 0;
    while (is_ascii_word((unsigned char)info[n]) || in_set("+-#", info[n])) n++;
    if (!n) return NULL;
    for (size_t i = 0; i < sizeof languages / sizeof *languages; i++)
        if (in_words(languages[i]->aliases, info, n, true)) return languages[i];
    return NULL;
}

const char *hl_kind_name(hl_kind k)
{
    static const char *const names[HL_COUNT] = {
        [HL_TEXT] = "text",         [HL_KEYWORD] = "keyword",   [HL_TYPE] = "type",
        [HL_STRING] = "string",     [HL_NUMBER] = "number",     [HL_COMMENT] = "comment",
        [HL_FUNCTION] = "function", [HL_OPERATOR] = "operator", [HL_PUNCT] = "punct",
        [HL_KEY] = "key",           [HL_BUILTIN] = "builtin",   [HL_VARIABLE] = "variable",
        [HL_PREPROC] = "preproc",
    };
    return (unsigned)k < HL_COUNT ? names[k] : NULL;
}

/* After a token [start, pos): the line it ends on, if it ran over line ends. */
static void after_token(scanner *sc, size_t start)
{
    sc->line_tokens++;
    sc->last_tok_end = sc->pos;
    for (size_t i = sc->pos; i > start; i--)
        if (sc->s[i - 1] == '\n') {
            sc->line_start = i;
            sc->line_tokens = sc->pos > i;
            sc->key_col = NO_POS;
            break;
        }
}

size_t hl_tokenize(const struct hl_lang *lang, const char *code, size_t len, hl_span **spans)
{
    if (spans) *spans = NULL;
    if (!lang || !code || !len) return 0;
    scanner sc = {.lang = lang, .s = code, .len = len, .hooked_line = NO_POS, .last_tok_end = NO_POS,
                  .name_after = NO_POS, .key_col = NO_POS, .block_indent = NO_POS, .prompts = -1};
    for (size_t k = 0; lang->words && k < MAX_WORD_LISTS && lang->words[k].words; k++)
        sc.sorted_len[k] = sorted_count(lang->words[k].words, lang->flags & LF_FOLD);
    while (sc.pos < len) {
        size_t start = sc.pos;
        char c = code[start];
        if (start == sc.line_start && sc.hooked_line != start && lang->line_hook) {
            sc.hooked_line = start;
            if (lang->line_hook(&sc)) {
                after_token(&sc, start);
                continue;
            }
        }
        if (c == '\n') {
            sc.pos++;
            sc.line_start = sc.pos;
            sc.line_tokens = 0;
            sc.key_col = NO_POS;
            continue;
        }
        if (is_space(c)) {
            sc.pos++;
            continue;
        }
        bool hit = false;
        for (const scan_rule *r = lang->rules; *r && !hit; r++) hit = (*r)(&sc);
        if (!hit) take(&sc, is_word_char(&sc, c) ? scan_word(&sc, start) : start + 1, HL_TEXT);
        if (sc.pos <= start) sc.pos = start + 1; /* never stall */
        after_token(&sc, start);
    }
    if (spans)
        *spans = sc.spans;
    else
        free(sc.spans);
    return sc.n;
}
