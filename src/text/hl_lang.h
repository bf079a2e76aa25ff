/* hl_lang — a highlighting language as the lexer sees it (compiled from a
 * templates/highlight/<name>.yaml definition by hl_load.c), and the scanner
 * state the rule files share (hl_scan.c: the engine and the generic rules;
 * hl_special.c: line rules, here-documents, prompts, YAML, markup tags).
 * Internal to the highlighter: the layout sees only highlight.h. */
#ifndef MLSD_HL_LANG_H
#define MLSD_HL_LANG_H

#include <stdbool.h>
#include <stddef.h>

#include "highlight.h"

/* Bounds of one definition (hl_load.c reports each at its node). */
enum {
    HL_DELIM_MAX = 15,        /* bytes of a delimiter, comment marker or line-rule prefix */
    HL_SET_MAX = 127,         /* characters in a set (operators, punctuation, word characters…) */
    HL_MAX_STRINGS = 24,      /* string (delimited span) definitions */
    HL_MAX_COMMENTS = 4,      /* line comment markers, and block comment pairs */
    HL_MAX_LINE_RULES = 32,
    HL_MAX_SIGILS = 16,
    HL_MAX_CLASSES = 8,       /* word classes (and line-word classes) */
    HL_MAX_WORDS = 4096,      /* words in all classes together */
    HL_WORD_MAX = 64,         /* bytes of one word */
    HL_MAX_NAMING = 32,       /* naming keywords (def, struct …) */
    HL_MAX_LIST = 16,         /* aliases, include words, type suffixes */
    HL_DEF_MAX_BYTES = 256 * 1024, /* a definition file */
};

typedef enum { HL_ESC_NONE, HL_ESC_BACKSLASH, HL_ESC_DOUBLED } hl_escape;
typedef enum { HL_BODY_WORD, HL_BODY_DOTTED, HL_BODY_NONSPACE } hl_sigil_body;
typedef enum { HL_SCOPE_LINE, HL_SCOPE_PREFIX, HL_SCOPE_END } hl_line_scope;

/* A delimited span: a string, a raw string, a fenced block, Markdown emphasis. */
typedef struct hl_delim {
    char open[HL_DELIM_MAX + 1], close[HL_DELIM_MAX + 1];
    size_t open_len, close_len;
    hl_kind kind;       /* HL_TEXT for quoted names (SQL "column") */
    hl_escape esc;      /* \x, or the closing delimiter written twice ('it''s') */
    bool multiline;     /* unterminated: to the end of the input, else of its line */
    bool interpolate;   /* variables ($x, ${x}) inside are variables */
    bool prefixed_only; /* only after a string prefix (r#"…"#) */
    bool line_start;    /* opens only as a line's first token (``` fences) */
    bool tight;         /* opens only before a non-blank (*emphasis*) */
    bool must_close;    /* unterminated: not a span at all */
} hl_delim;

typedef struct hl_block_comment {
    char open[HL_DELIM_MAX + 1], close[HL_DELIM_MAX + 1];
    bool nested;        /* comments nest (Rust, Kotlin, Scala) */
} hl_block_comment;

/* A character that starts a token with the body after it (@Override, &anchor, 'lifetime). */
typedef struct hl_sigil {
    char c;
    hl_kind kind;
    hl_sigil_body body;
    bool first_token;          /* only as a line's first token */
    bool allow_empty;          /* the sigil alone is a token (YAML's '!') */
    char stop[HL_SET_MAX + 1]; /* nonspace bodies end before these */
    char close;                /* taken after the body when present (&amp;), or '\0' */
    char not_followed_by;      /* no token when the body is followed by it ('a' is a char), or '\0' */
} hl_sigil;

/* A rule for lines starting with a prefix: the whole line, the prefix, or up to an end delimiter. */
typedef struct hl_line_rule {
    char start[HL_DELIM_MAX + 1], end[HL_DELIM_MAX + 1];
    hl_kind kind;
    hl_line_scope scope;
    bool indent;      /* the prefix may follow blanks */
    bool blank_after; /* the prefix must be followed by a blank or the end of the line */
} hl_line_rule;

typedef struct hl_word_class {
    hl_kind kind;
    char **words; /* sorted (case folded when the language folds) */
    size_t n;
} hl_word_class;

struct hl_lang {
    char *name;  /* file stem */
    char *label; /* shown in the code block's corner */
    char **aliases;
    size_t n_aliases;
    bool fold;              /* words match in any case */
    char word_extra[HL_SET_MAX + 1];
    hl_word_class classes[HL_MAX_CLASSES], line_classes[HL_MAX_CLASSES];
    size_t n_classes, n_line_classes;
    char **naming;          /* keywords whose next word is a name… */
    hl_kind *naming_kind;   /* …of this kind */
    size_t n_naming;
    bool calls, members, assignments, capitalized_types;
    char macro_suffix;
    char type_suffixes[HL_MAX_LIST][HL_DELIM_MAX + 1];
    size_t n_type_suffixes;
    char line_comments[HL_MAX_COMMENTS][HL_DELIM_MAX + 1];
    size_t n_line_comments;
    bool has_comment_after;
    char comment_after[HL_SET_MAX + 1];
    hl_block_comment blocks[HL_MAX_COMMENTS];
    size_t n_blocks;
    hl_delim strings[HL_MAX_STRINGS];
    size_t n_strings;
    char str_prefixes[HL_SET_MAX + 1];
    size_t str_prefix_max;
    char key_sep;           /* '\0': no keys */
    bool key_strings, key_words, key_blank_after;
    bool numbers, signed_numbers;
    char num_suffix[HL_SET_MAX + 1];
    bool vars_in_code, var_braces, var_names, var_digits, ansi_strings;
    char var_specials[HL_SET_MAX + 1];
    char directive;
    char include_words[HL_MAX_LIST][HL_WORD_MAX + 1];
    size_t n_include_words;
    hl_sigil sigils[HL_MAX_SIGILS];
    size_t n_sigils;
    char ops[HL_SET_MAX + 1], punct[HL_SET_MAX + 1];
    hl_line_rule line_rules[HL_MAX_LINE_RULES];
    size_t n_line_rules;
    bool heredocs, prompts, yaml, markup; /* special rule sets */
};

/* No position / no column. */
#define HL_NO_POS ((size_t)-1)

typedef struct hl_scanner {
    const struct hl_lang *lang;
    const char *s;
    size_t len, pos;
    hl_span *spans;
    size_t n, cap;
    size_t line_start;   /* offset of the current line */
    size_t line_tokens;  /* tokens seen on it so far */
    size_t hooked_line;  /* the line start the line hooks last saw */
    size_t last_tok_end; /* end of the previous token */
    size_t name_after;   /* end of a naming keyword (def, struct), or HL_NO_POS */
    hl_kind name_kind;   /* the kind of the name after it */
    size_t key_col;      /* column of the last key on this line, or HL_NO_POS */
    size_t flow;         /* YAML: depth of [ and { */
    size_t block_indent; /* YAML: a block scalar's lines are indented more than this; HL_NO_POS */
    size_t hd_start, hd_len, hd_line; /* shell: pending here-document delimiter and its line */
    bool hd_strip;       /* <<- : tabs before the delimiter are ignored */
    int prompts;         /* console: -1 not yet known, 0 no prompt in the input, 1 some */
    bool in_command;     /* console: the current line is a command */
    size_t unclosed[HL_MAX_STRINGS]; /* must_close strings: no close before this line end (or HL_NO_POS) */
} hl_scanner;

/* ---- shared by hl_scan.c and hl_special.c ---- */
bool hl_is_alpha(unsigned char c);
bool hl_is_digit(unsigned char c);
bool hl_is_ascii_word(unsigned char c);
bool hl_is_blank(char c);
bool hl_is_eol(char c);
bool hl_is_space(char c);
bool hl_in_set(const char *set, char c);
char hl_at(const hl_scanner *sc, size_t i);
bool hl_blank_or_end(const hl_scanner *sc, size_t i);
bool hl_is_word_char(const hl_scanner *sc, char c);
size_t hl_scan_word(const hl_scanner *sc, size_t i);
size_t hl_skip_blanks(const hl_scanner *sc, size_t i);
size_t hl_line_end(const hl_scanner *sc, size_t i);
bool hl_starts_with(const hl_scanner *sc, size_t i, const char *lit);
void hl_emit(hl_scanner *sc, size_t start, size_t end, hl_kind kind);
bool hl_take(hl_scanner *sc, size_t end, hl_kind kind);
size_t hl_scan_number(const hl_scanner *sc, size_t i);
hl_kind hl_lookup(const hl_scanner *sc, const hl_word_class *classes, size_t n, size_t st, size_t end);
/* A string whose opening delimiter starts at q (its prefix, if any, at start); emits it. */
void hl_take_string(hl_scanner *sc, size_t start, size_t q, const hl_delim *d);
const hl_delim *hl_find_string(const hl_scanner *sc, size_t i, bool prefixed);

/* Line hooks (offered each line start first): true when they consumed something. */
bool hl_hook_heredoc(hl_scanner *sc);
bool hl_hook_console(hl_scanner *sc);
bool hl_hook_yaml_block(hl_scanner *sc);
/* Rules: consume a token at sc->pos and return true, or return false untouched. */
bool hl_rule_line(hl_scanner *sc);
bool hl_rule_heredoc(hl_scanner *sc);
bool hl_rule_markup(hl_scanner *sc);
bool hl_rule_yaml_indicator(hl_scanner *sc);
bool hl_rule_yaml_plain(hl_scanner *sc);

/* hl_load.c: compiles one definition file; NULL (after positioned diagnostics) when it is invalid. */
struct hl_lang *hl_lang_load(files *fs, const char *path, const char *stem);
void hl_lang_free(struct hl_lang *l);

#endif
