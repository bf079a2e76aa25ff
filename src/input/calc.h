/* calc — definitions and expressions with units: a hand-written
 * recursive-descent parser (nesting bounded by CALC_MAX_DEPTH), evaluation with
 * units carried and checked, and the text of the worked arithmetic.
 *
 *   definition := NAME '=' expression
 *   expression := sum [ 'in' UNIT ] [ ';' FORMAT ]
 *   sum        := product (('+' | '-') product)*
 *   product    := unary (('*' | '×' | '·' | '/') unary)*
 *   unary      := '-' unary | power
 *   power      := primary [ '^' ['-'] INTEGER ]
 *   primary    := NUMBER [UNIT] | '$' NUMBER ['/' UNIT …] | UNIT | NAME
 *               | FUNCTION '(' sum [',' sum] ')' | '(' sum ')'
 *   UNIT       := unit-name ['^' INTEGER] (('/' | '·') unit-name ['^' INTEGER])*
 *   FORMAT     := (INTEGER 'sf' | INTEGER 'dp' | 'approx') separated by ',' or spaces
 *
 * A unit right after a number binds to it: `86400 s/day` is one quantity.
 * Elsewhere a name is a variable, or a unit when no variable has that name. */
#ifndef MLSD_CALC_H
#define MLSD_CALC_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "units.h"
#include "yamlx.h"

enum {
    CALC_MAX_DEPTH = 64,     /* parentheses, signs and operators nested in one expression */
    CALC_MAX_TEXT = 4096,    /* bytes in one expression */
};

typedef enum { CALC_NUM, CALC_NAME, CALC_NEG, CALC_ADD, CALC_SUB, CALC_MUL, CALC_DIV, CALC_POW, CALC_CALL } calc_kind;

typedef struct calc_node {
    calc_kind kind;
    int line, col;             /* of the token (the operator of a binary node) */
    int depth;                 /* 1 + the deepest operand */
    bool paren;                /* written in parentheses */
    units_q q;                 /* CALC_NUM: the literal's value */
    char *text;                /* CALC_NUM: as written; CALC_NAME, CALC_CALL: the name */
    bool unit;                 /* CALC_NAME: also a unit name (q): a variable of the name wins */
    int exponent;              /* CALC_POW */
    struct calc_node *a, *b;   /* operands (CALC_CALL: its one or two arguments) */
} calc_node;

typedef struct calc_expr {
    calc_node *root;
    units_display *in;         /* `in UNIT`, or NULL */
    units_format fmt;
} calc_expr;

/* A definition as written: in YAML (name: value) or on a line of a calc block. */
typedef struct calc_src {
    char *name, *text;
    int name_line, name_col;   /* of the name */
    int line, col;             /* of the value text */
} calc_src;

/* Parses an expression (text of len bytes starting at line:col of path).
 * Reports every problem at its position and returns false. */
bool calc_parse_expr(const char *path, const char *text, size_t len, int line, int col, calc_expr *out);
/* Splits "name = expression" (a calc block line) into a calc_src; false (after
 * reporting) when the line is not a definition. */
bool calc_split_def(const char *path, const char *text, size_t len, int line, int col, calc_src *out);
/* A display unit as written after `in` ("TB", "$/month"); NULL after reporting. */
units_display *calc_parse_unit(const char *path, const char *text, size_t len, int line, int col);
void calc_expr_free(calc_expr *e);
void calc_display_free(units_display *d);
void calc_src_free(calc_src *s);
/* True for a name a definition may take: [A-Za-z_][A-Za-z0-9_]*, not a function or keyword. */
bool calc_name_ok(const char *name, const char **why);

/* Name lookup during evaluation: reports its own errors and returns false.
 * unit (may be NULL) is the unit of that name, used when no variable has it. */
typedef bool (*calc_lookup_fn)(void *user, const char *name, int line, int col, const units_q *unit, units_q *out);
bool calc_eval(const calc_node *n, const char *path, calc_lookup_fn lookup, void *user, units_q *out);

/* The expression as written (value == NULL) or with each name replaced by its
 * printed value (value returns a newly allocated string, or NULL to keep the name).
 * Operators print as ×, /, +, −. Newly allocated. */
typedef char *(*calc_value_fn)(void *user, const char *name);
char *calc_render(const calc_node *n, calc_value_fn value, void *user);

/* Reads name: value pairs of a YAML mapping into definitions (values are
 * expressions: `50e6 users`, `dau * 20 requests/user/day`). */
bool calc_collect_yaml(yamlx_doc *d, yaml_node_t *map, const char *what, calc_src **out, size_t *n, size_t *cap);

#endif
