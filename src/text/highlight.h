/* highlight — syntax highlighting of code blocks: a table-driven lexer that
 * splits code into spans of token kinds (keyword, string, comment, …) for the
 * layout to colour. One scanner engine serves every language; a language is
 * data: templates/highlight/<name>.yaml (word classes, comment and string
 * delimiters, number syntax, operators, line rules, sigils and a few named
 * rule sets for shells, consoles, YAML and markup; see
 * templates/highlight/README.md). Definitions are loaded lazily, once per
 * registry (one per build), and only for the languages a book uses.
 *
 * No Debian 12 package offers a highlighter with a C API that fits a C11
 * tool built from distribution packages: source-highlight and KSyntaxHighlighting
 * are C++, GtkSourceView needs GTK, tree-sitter ships no grammars there, and
 * libt3highlight is regex-driven (no linear-time bound) and unmaintained. */
#ifndef MLSD_HIGHLIGHT_H
#define MLSD_HIGHLIGHT_H

#include <stdbool.h>
#include <stddef.h>

#include "files.h"

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
typedef struct hl_registry hl_registry;

/* A registry of the definitions in dir (templates/highlight); nothing is read yet. */
hl_registry *hl_registry_new(const char *dir);
/* The same, its files read through the store fs (files.h; NULL: directly). */
hl_registry *hl_registry_new_in(const char *dir, files *fs);
void hl_registry_free(hl_registry *r);

/* Language from a fenced block's info string: its first word, case ignored
 * ("python", "Py", "yaml title=x.yml", "{.sql}"), matched against each
 * definition's file name and aliases. The first use of a language loads its
 * definition; an invalid one is reported (path:line:col) once and gives NULL.
 * NULL when unknown ("text", "cobol"): plain text, without a warning.
 * Safe to call from several threads. */
const struct hl_lang *hl_registry_find(hl_registry *r, const char *info);

/* Loads every definition in the directory (tests, and a check of the data):
 * false when one is invalid or two claim the same alias (each reported). */
bool hl_registry_load_all(hl_registry *r);

/* The language's label for the code block's corner ("Python"). */
const char *hl_lang_label(const struct hl_lang *lang);

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
/* The kind with that name; false when there is none. */
bool hl_kind_from_name(const char *name, hl_kind *out);

#endif
