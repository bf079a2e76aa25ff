/* html — a small tokenizer for the raw HTML that Markdown carries
 * (tags, attributes, comments); the layout decides what each tag means. */
#ifndef MLSD_HTML_H
#define MLSD_HTML_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { HTML_TEXT, HTML_TAG, HTML_COMMENT, HTML_OTHER } html_kind; /* OTHER: <!DOCTYPE>, <?…?>, CDATA */

typedef struct html_token {
    html_kind kind;
    size_t start, len;      /* the token's bytes in the input */
    bool closing;           /* </x> */
    bool self_closing;      /* <x/> */
    char name[16];          /* lower-case tag name, "" when too long */
    size_t attrs, attrs_len;/* attribute text within the input */
} html_token;

/* Reads the token at *pos and advances it; false at end of input. */
bool html_next(const char *s, size_t len, size_t *pos, html_token *t);
/* Value of attribute `name` of a tag token (entities &amp; &lt; &gt; &quot; decoded), or NULL. */
char *html_attr(const char *s, const html_token *t, const char *name);
/* Decodes the common character entities in text (newly allocated). */
char *html_decode(const char *s, size_t len);

#endif
