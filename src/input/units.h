/* units — quantities with units: a value in base units (seconds, bytes,
 * dollars, counts) and the exponent of each dimension; the unit names the
 * book may write (SI and binary prefixes, time, rates, currency, counts),
 * conversions, and formatting for print ("35,000 QPS", "1.2 TB", "$1.3M/month"). */
#ifndef MLSD_UNITS_H
#define MLSD_UNITS_H

#include <stdbool.h>
#include <stddef.h>

/* Dimensions: time, data, money, then the things a book counts. */
typedef enum {
    UNITS_TIME, UNITS_DATA, UNITS_MONEY,
    UNITS_USER, UNITS_REQUEST, UNITS_TOKEN, UNITS_ITEM, UNITS_GPU, UNITS_SERVER, UNITS_REPLICA, UNITS_EVENT,
    UNITS_MESSAGE, UNITS_DOCUMENT, UNITS_IMAGE, UNITS_VIDEO, UNITS_ROW, UNITS_SHARD, UNITS_VECTOR, UNITS_FLOP,
    UNITS_SAMPLE, UNITS_SESSION, UNITS_CLICK,
    UNITS_NDIMS
} units_dim;

/* Largest exponent of one dimension (GB^40 is a mistake, not a quantity). */
enum { UNITS_MAX_EXPONENT = 12 };

typedef struct units_q {
    double v;                       /* in base units: s, B, $, 1 */
    signed char d[UNITS_NDIMS];     /* exponent of each dimension */
} units_q;

/* A unit as written after a number or after `in`: its factor to base units and dimensions. */
typedef struct units_unit {
    const char *name;   /* canonical spelling for print ("GB", "requests", "$") */
    double factor;
    units_dim dim;      /* the one dimension it has (exponent 1), or UNITS_NDIMS for none (%) */
    bool prefix;        /* printed before the number ($) */
} units_unit;

/* Looks up a unit name (n bytes of s): "GB", "GiB", "ms", "µs", "users", "QPS", "$", "%".
 * Returns NULL when it is not a unit. QPS and RPS are requests per second. */
const units_unit *units_find(const char *s, size_t n);
/* True when the name (NUL-terminated) is a unit or a prefix of one's spelling that would be read as one. */
bool units_is_unit_name(const char *name);

units_q units_scalar(double v);
units_q units_of(const units_unit *u, double v); /* v in that unit → base */
bool units_same_dims(const units_q *a, const units_q *b);
bool units_dimensionless(const units_q *q);
/* a*b and a/b; false when an exponent would exceed UNITS_MAX_EXPONENT. */
bool units_mul(units_q *out, const units_q *a, const units_q *b, int sign);
bool units_pow(units_q *out, const units_q *a, int exponent);

/* The dimensions in words for messages: "B", "s", "requests/s", "$/GPU/s", "1". Newly allocated. */
char *units_dims_string(const units_q *q);

/* How a number is printed. */
typedef struct units_format {
    int sig;          /* significant figures (1…15); 0 = default (3) */
    int dp;           /* decimal places, or -1 (then sig applies) */
    bool approx;      /* print "≈ " before the value */
} units_format;

/* A display unit: a product of units with exponents, as given after `in`. */
typedef struct units_display {
    char *text;       /* as it is printed: "TB", "$/month", "QPS" */
    units_q unit;     /* its value in base units and dimensions */
    bool money_prefix; /* "$" goes before the number */
} units_display;

/* Formats q for print. disp (may be NULL) forces the display unit, which must
 * have q's dimensions; else the unit follows q's dimensions (bytes scaled by
 * SI prefixes, times to the unit that reads best, money with K/M/B, requests per
 * second as QPS, …). *rounded (may be NULL) is set when the printed number
 * differs from the exact value. Newly allocated. */
char *units_format_q(const units_q *q, const units_display *disp, const units_format *f, bool *rounded);
/* Just the number: sig figs or dp, thousands separators. Newly allocated. */
char *units_format_number(double v, const units_format *f, bool *rounded);

#endif
