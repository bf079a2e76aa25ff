/* svgscan — a bounded look at SVG text before librsvg parses it. librsvg aborts the
 * whole process on some absurd values (a <text> with font-size="1e30" panics in its
 * Rust code), takes minutes on others (scale(1e30)), and parses any number of
 * elements: this scan refuses such files first. It is deliberately conservative:
 * it reads every tag it finds, in comments and entity values too. */
#ifndef MLSD_SVGSCAN_H
#define MLSD_SVGSCAN_H

#include <stdbool.h>
#include <stddef.h>

enum {
    SVGSCAN_MAX_BYTES = 8 << 20,      /* SVG text */
    SVGSCAN_MAX_ELEMENTS = 100 * 1000, /* start tags */
    SVGSCAN_MAX_DEPTH = 256            /* open elements (libxml2's own limit) */
};
/* The largest magnitude a length, a size, a coordinate or a transform number may
 * have, and how much the transforms of nested elements may enlarge together. */
#define SVGSCAN_MAX_VALUE 1e6

/* True when the SVG may go to librsvg; else false and *why (newly allocated) says
 * why: "SVG is too large (N MiB; the limit is 8 MiB)", "SVG has more than 100000
 * elements", "SVG has an out-of-range value (font-size=\"1e30\"; …)", "SVG declares
 * an entity that holds markup" (or an external one), "SVG embeds another SVG", "SVG holds a
 * character a PDF cannot hold (U+FFFE)". */
bool svgscan_check(const char *data, size_t len, char **why);
/* Whether code point cp may stand in an SVG's text and a PDF's: an XML character that is no
 * control (but tab and line ends), no surrogate and no noncharacter (cairo refuses the whole PDF
 * for one of these in a text: "SVG holds a character a PDF cannot hold (U+FDD0)"). */
bool svgscan_char_ok(unsigned long cp);
/* A numeric character reference at s ("&#123;", "&#x1F;"): its length (0 if s holds none) and
 * *cp its value (0x110000 when larger; digits are read at most that far). */
size_t svgscan_char_ref(const char *s, size_t n, unsigned long *cp);

#endif
