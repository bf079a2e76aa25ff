/* linebreak — Knuth–Plass total-fit line breaking over boxes, glue and
 * penalties: the breaks of a whole paragraph are chosen together, so that no
 * line is much looser than the others (what TeX does, and browsers do not). */
#ifndef MLSD_LINEBREAK_H
#define MLSD_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>

/* A penalty of this size or more forbids a break; this or less forces one. */
#define LINEBREAK_INFINITY 10000.0
/* The largest limit on hyphenated lines in a row that is honoured. */
enum { LINEBREAK_MAX_HYPHEN_LIMIT = 8 };

typedef enum { LINEBREAK_BOX, LINEBREAK_GLUE, LINEBREAK_PENALTY } linebreak_type;

typedef struct linebreak_item {
    linebreak_type type;
    double width;    /* boxes and glue: their width; penalties: the width added when breaking there (a hyphen) */
    double stretch;  /* glue only */
    double shrink;   /* glue only */
    double penalty;  /* penalties only */
    bool flagged;    /* penalties only: a hyphenated break (two in a row cost extra) */
} linebreak_item;

typedef struct linebreak_params {
    double line_width;
    double tolerance;      /* largest adjustment ratio allowed (TeX's \tolerance / 100, e.g. 2) */
    double line_penalty;   /* added to every line's badness (TeX's \linepenalty, 10) */
    double flagged_demerits; /* for two hyphenated lines in a row (TeX's \doublehyphendemerits) */
    double fitness_demerits; /* for adjacent lines of very different tightness (TeX's \adjdemerits) */
    double final_hyphen_demerits; /* for a hyphenated line before a forced break (TeX's \finalhyphendemerits) */
    double short_last_demerits;   /* for a line before a forced break that holds one word, or is shorter */
    double short_last_fraction;   /*   than this fraction of line_width (0: only one word counts) */
    int hyphen_limit;             /* most hyphenated lines in a row (0: no limit; at most LINEBREAK_MAX_HYPHEN_LIMIT) */
} linebreak_params;

/* Chooses the breaks. Returns the number of lines and sets *breaks to the item
 * index of each line's break (the last is the paragraph's end); returns 0 (and
 * *breaks = NULL) when no set of breaks fits the tolerance. The paragraph must
 * end with a forced break (a penalty of -LINEBREAK_INFINITY). */
size_t linebreak_total_fit(const linebreak_item *items, size_t n, const linebreak_params *p, size_t **breaks);

/* The working memory of the breaker, kept from one paragraph to the next (start from all
 * zeros; linebreak_scratch_free releases it). */
typedef struct linebreak_scratch {
    double *sums;          /* widths, stretches and shrinks of item prefixes */
    size_t *spaces;
    size_t cap_sums, cap_spaces;
    struct lb_node *pool;  /* the breaks considered */
    size_t cap_pool;
    size_t *act, *next;    /* active nodes, this break and the next */
    size_t cap_act, cap_next;
} linebreak_scratch;
/* linebreak_total_fit in the memory of scr. */
size_t linebreak_total_fit_in(linebreak_scratch *scr, const linebreak_item *items, size_t n, const linebreak_params *p,
                              size_t **breaks);
void linebreak_scratch_free(linebreak_scratch *scr);

#endif
