/* book — book.yaml: metadata, paper, the ordered chapters (optionally in
 * parts) and theme overrides, all type-checked with positions. */
#ifndef MLSD_BOOK_H
#define MLSD_BOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "theme.h"
#include "vars.h"

typedef struct book_chapter {
    char *file;      /* as written in book.yaml */
    char *path;      /* resolved against the book's directory */
    int part;        /* index into parts, or -1 */
    int line, col;   /* of the entry in book.yaml */
} book_chapter;

typedef struct book_part {
    char *title;
    int line, col;
} book_part;

typedef struct book {
    char *config_path;
    char *dir;            /* directory of book.yaml */
    char *title, *subtitle, *version, *date, *language, *subject, *output;
    char *root_given;     /* `root:` as written, or NULL */
    char *root;           /* real path of the folder files may come from and the output go to */
    int output_line, output_col, root_line, root_col; /* of those values in book.yaml (0 when absent) */
    char **authors;
    size_t n_authors;
    char **keywords;
    size_t n_keywords;
    bool two_sided;       /* recto/verso margins; parts and chapters open on right-hand pages */
    char *paper_name;
    const theme_paper *paper; /* points into theme */
    book_part *parts;
    size_t n_parts;
    book_chapter *chapters;
    size_t n_chapters;
    theme theme;
    int index_mode;       /* BOOK_INDEX_AUTO (an index when terms are marked), BOOK_INDEX_ON or _OFF */
    char *index_title;    /* `index: {title:}`, or NULL for the theme's labels.index */
    char **index_glossary; /* `index: {glossary:}`: chapters (as written) whose list items' bold terms are indexed */
    size_t n_index_glossary;
    int index_line, index_col; /* of `index:` in book.yaml (0 when absent) */
    vars_table *vars;     /* variables: book.yaml, the variables file, then chapters (vars_check_book) */
} book;

enum { BOOK_MAX_CONFIG_BYTES = 1 << 20 };
enum { BOOK_INDEX_AUTO, BOOK_INDEX_ON, BOOK_INDEX_OFF };

/* Loads book.yaml and the theme (theme_path: templates/theme.yaml).
 * Reports every problem; returns false on any error. */
bool book_load(book *b, const char *config_path, const char *theme_path);
/* The same from YAML text in memory (a book made up for a folder of Markdown);
 * config_path names it in diagnostics and its directory is the book's. */
bool book_load_text(book *b, const char *config_path, const char *text, const char *theme_path);
/* Either, reading book.yaml (when text is NULL) and the theme through the store fs (files.h). */
bool book_load_in(book *b, files *fs, const char *config_path, const char *text, const char *theme_path);
void book_free(book *b);

/* "Machine Learning: A Guide!" -> "machine-learning-a-guide" */
char *book_slugify(const char *title);

#endif
