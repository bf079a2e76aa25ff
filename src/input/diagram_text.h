/* diagram_text — characters in DOT text that an SVG or a PDF cannot hold. Graphviz copies a
 * character reference (&#xFFFE;, &#1;) or a control character into its SVG as it is, and
 * librsvg then refuses the whole file ("corrupt SVG file"), or cairo the whole PDF. */
#ifndef MLSD_DIAGRAM_TEXT_H
#define MLSD_DIAGRAM_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include <graphviz/cgraph.h>

/* Looks through DOT source for a character reference or a control character that cannot be
 * drawn; false with *error (newly allocated) and *line (1-based) at the first one. */
bool diagram_text_scan(const char *dot, char **error, int *line);
/* Graphviz's SVG made safe for librsvg (a net under diagram_text_scan, for references built by
 * DOT's string concatenation): a reference to a character that cannot be drawn becomes U+FFFD,
 * an entity name XML does not define is shown as written (&amp;name;), a control character, a
 * noncharacter or a byte that is no UTF-8 U+FFFD.
 * Returns a new string of *out_len bytes. */
char *diagram_text_clean_svg(const char *svg, size_t len, size_t *out_len);

/* Every edge's label (plain or HTML-like) set in an HTML-like table whose cells pad it by gap
 * points and a little more (whole points) on every side: Graphviz routes edges against a label's box, which is then
 * its padding, not its text. A plain label's escapes become what Graphviz would draw (\n, \l
 * and \r line breaks, \E, \T, \H, \G names; \\ a backslash) and its text is escaped. */
void diagram_text_pad_edge_labels(Agraph_t *g, double gap);

#endif
