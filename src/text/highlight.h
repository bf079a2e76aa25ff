/* highlight — syntax highlighting of code blocks: a small table-driven lexer
 * that splits code into spans of token kinds (keyword, string, comment, …)
 * for the layout to colour. One scanner engine serves every language; a
 * language is a table of word lists, quote styles, comment markers and an
 * ordered list of scanning rules.
 *
 * Languages (info-string aliases in brackets):
 *   python  [python py py3 python3]
 *   sql     [sql postgresql postgres pgsql psql mysql sqlite plsql]
 *   yaml    [yaml yml]
 *   json    [json jsonc jsonl ndjson]
 *   bash    [bash sh shell zsh ksh]
 *   console [console shell-session terminal] — `$ ` prompts, the rest output
 *   c       [c h]
 *   cpp     [cpp c++ cc cxx hpp hh hxx]
 *
 * No Debian 12 package offers a highlighter with a C API that fits a C11
 * tool built from distribution packages: source-highlight and KSyntaxHighlighting
 * are C++, GtkSourceView needs GTK, tree-sitter ships no grammars there, and
 * libt3highlight is regex-driven (no linear-time bound) and unmaintained. */
#ifndef MLSD_HIGHLIGHT_H
#define MLSD_HIGHLIGHT_H

#include <stddef.h>

typedef enum {
    HL_TEXT,
    HL_KEYWORD,
    HL_TYPE,
    HL_STRING,
    HL_NUMBER,
    HL_COMMENT,
    HL_FUNCTION,
    HL_OPERATOR,
    HL_PUNCT,
    HL_KEY /* yaml/json keys */,
    HL_BUILTIN,
    HL_VARIABLE /* bash $VAR */,
    HL_PREPROC,
    HL_COUNT
} hl_kind;

typedef struct hl_span {
    size_t start, end; /* byte range in the code */
    hl_kind kind;
} hl_span;

struct hl_lang;

/* Language from a fenced block's info string: its first word, case ignored
 * ("python", "Py", "yaml title=x.yml", "{.sql}"). NULL when unknown or "text". */
const struct hl_lang *hl_find_language(const char *info);

/* Tokenises code (UTF-8, any bytes tolerated) and returns the number of spans
 * stored in *spans (NULL when none; the caller frees it). The spans cover only
 * non-HL_TEXT tokens, in order, never overlapping, and never split a UTF-8
 * sequence. Linear time; unterminated strings and comments run to the end of
 * the line or of the input, as the language does. lang NULL gives no spans. */
size_t hl_tokenize(const struct hl_lang *lang, const char *code, size_t len, hl_span **spans);

/* "text", "keyword", "type", "string", "number", "comment", "function",
 * "operator", "punct", "key", "builtin", "variable", "preproc" — theme keys.
 * NULL for a value outside the enumeration. */
const char *hl_kind_name(hl_kind k);

#endif
