/* vars — the book's variables: definitions from book.yaml (`variables:`), the
 * data file it names (`variables_file:`), chapter front matter and ```calc
 * blocks; evaluated once, lazily, with cycles, undefined names, unit mismatches
 * and conflicting definitions reported at file:line:col. Layout asks it for the
 * printed text of each calc block and each `=expression` quote. */
#ifndef MLSD_VARS_H
#define MLSD_VARS_H

#include <cmark-gfm.h>
#include <stdbool.h>
#include <stddef.h>

#include "calc.h"
#include "files.h"

struct source_chapter;

enum {
    VARS_MAX_DEFS = 10000,       /* definitions in one book */
    VARS_MAX_CHAIN = 64,         /* a definition that needs one that needs one … this deep */
    VARS_MAX_FILE_BYTES = 1 << 20,
};

typedef enum { VARS_BOOK, VARS_FILE, VARS_FRONT_MATTER, VARS_CALC } vars_origin;

typedef struct vars_use {
    const char *path;
    int line, col;
} vars_use;

typedef struct vars_def {
    char *name;
    const char *path;          /* owned by the table */
    int line, col;             /* of the name */
    vars_origin origin;
    int scope;                 /* -1: the whole book; else the chapter's index */
    calc_expr expr;
    bool parsed;
    int state;                 /* 0 not yet, 1 being evaluated, 2 done, 3 failed */
    units_q value;
    char *shown;               /* the value as printed (its own `in`/format, or the unit it was written in) */
    units_display *unit;       /* the display unit: `in UNIT`, or the unit of a literal */
    vars_use *uses;
    size_t n_uses, cap_uses;
} vars_def;

typedef struct vars_table vars_table;

vars_table *vars_new(void);
void vars_free(vars_table *t);

/* Definitions of the whole book: from book.yaml (path, the config) or a data file. */
void vars_add_book(vars_table *t, const char *path, const calc_src *defs, size_t n, vars_origin origin);
/* Reads the data file (a YAML mapping name: value) named at line:col of config; it must be inside root. */
void vars_load_file(vars_table *t, files *fs, const char *config, int line, int col, const char *file, const char *root);
/* Front matter of chapters, their calc blocks and quotes; then evaluates and
 * reports everything. Chapters that failed to load are skipped. */
void vars_check_book(vars_table *t, struct source_chapter *chs, size_t n);

/* For layout: the worked arithmetic of a calc block, or the printed value of
 * an `=expression` inline code node; NULL when it had errors (or is not one). */
const char *vars_calc_text(const vars_table *t, cmark_node *block);
const char *vars_quote_text(const vars_table *t, cmark_node *code);
/* An inline code literal that quotes a value: "=expression". */
bool vars_is_quote(const char *literal);

/* Every definition in the order read (book.yaml, the variables file, front
 * matter, then calc blocks chapter by chapter). */
size_t vars_count(const vars_table *t);
const vars_def *vars_def_at(const vars_table *t, size_t i);
/* The chapter path of a scope, or NULL for the whole book. */
const char *vars_scope_name(const vars_table *t, int scope);

#endif
