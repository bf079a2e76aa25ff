/* mathparse_int — what mathparse.c and mathcmd.c share: the parser state and its helpers. */
#ifndef MLSD_MATHPARSE_INT_H
#define MLSD_MATHPARSE_INT_H

#include "mathparse.h"

typedef struct math_parser {
    const char *s;
    size_t len, i;
    math_tree *t;
    int depth;
    math_variant variant;
    int left_open; /* \left not yet closed */
    int groups;    /* { not yet closed */
} math_parser;

bool math_fail(math_parser *p, size_t pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
math_node *math_new(math_parser *p, math_kind kind, size_t pos);
void math_add(math_node *row, math_node *kid);
void math_skip_space(math_parser *p);
/* Length of the command name at `at` (after the backslash). */
size_t math_cmd_len(const math_parser *p, size_t at);
/* The input continues with \name. */
bool math_is_cmd(const math_parser *p, const char *name);
/* A mandatory argument (a group or one token, without scripts). */
math_node *math_arg(math_parser *p, const char *cmd);
/* A {…} argument as raw text (newly allocated), or NULL after an error. */
char *math_raw_group(math_parser *p, const char *cmd);
/* A delimiter after \left, \right, \big…; 0 for `.`. */
bool math_delim(math_parser *p, const char *cmd, uint32_t *cp);
math_node *math_symbol_node(math_parser *p, size_t pos, uint32_t cp, uint32_t plain, math_class cls, unsigned flags);
math_node *math_text_node(math_parser *p, size_t pos, char *text, math_class cls, unsigned flags);
/* Items up to the end, a '}', '&', '\\', \right or \end. */
math_node *math_row(math_parser *p);
/* One item (and its scripts when `scripts`). */
math_node *math_atom(math_parser *p, bool scripts);
/* The command at p->i (a backslash). */
math_node *math_command(math_parser *p);
/* An environment's cells up to \end{name}, or (name NULL) to the end of the formula. */
math_node *math_cells(math_parser *p, size_t pos, math_env env, const char *name);

#endif
