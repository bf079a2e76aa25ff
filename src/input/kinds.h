/* kinds — chapter kinds, defined as data in templates/kinds/<kind>.yaml (the
 * required `##` sections in order, optional sections, required elements) with
 * a Markdown skeleton <kind>.md for `mlsd-guide new`. */
#ifndef MLSD_KINDS_H
#define MLSD_KINDS_H

#include <stdbool.h>
#include <stddef.h>

#include "files.h"

typedef enum {
    KIND_NEEDS_TABLE = 1 << 0,    /* a table */
    KIND_NEEDS_DIAGRAM = 1 << 1,  /* a ```dot block or an image */
    KIND_NEEDS_NUMBERS = 1 << 2,  /* text with digits (an estimate whose numbers are shown) */
    KIND_NEEDS_TASKLIST = 1 << 3, /* a task list (a checklist) */
    KIND_NEEDS_CODE = 1 << 4,     /* a code block */
} kind_needs;

typedef struct kind_section {
    char *title;
    unsigned needs; /* kind_needs */
} kind_section;

typedef struct kind {
    char *name;          /* file stem: "component" */
    char *description;
    char *part;          /* part title `new` files chapters of this kind under ("" = none) */
    bool free;           /* no required sections; any section allowed */
    kind_section *sections;
    size_t n_sections;
    char **optional;
    size_t n_optional;
    char *skeleton;      /* path of <kind>.md */
} kind;

typedef struct kinds {
    kind *v;
    size_t n;
} kinds;

/* Loads every *.yaml in dir; reports problems and returns false on errors. */
bool kinds_load(kinds *k, const char *dir);
/* The same, reading the definitions through the store fs (files.h; NULL: directly), each at most
 * KINDS_MAX_BYTES. */
enum { KINDS_MAX_BYTES = 1 << 20 };
bool kinds_load_in(kinds *k, files *fs, const char *dir);
void kinds_free(kinds *k);
const kind *kinds_find(const kinds *k, const char *name);
/* "case-study, component, …" (newly allocated). */
char *kinds_names(const kinds *k);
/* "table", "diagram", … for one need bit. */
const char *kinds_need_name(unsigned need);

#endif
