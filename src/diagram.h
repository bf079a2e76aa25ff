/* diagram — Graphviz DOT text laid out with libgvc and rendered to SVG, then
 * drawn as vectors like any SVG figure; graph, node and edge defaults come
 * from the theme so every diagram looks alike. */
#ifndef MLSD_DIAGRAM_H
#define MLSD_DIAGRAM_H

#include <stdbool.h>

#include "figure.h"
#include "theme.h"

/* Lays out DOT source (vertical: ranks top to bottom, whatever the source says). On a syntax error returns false with *error set to
 * Graphviz's message (newly allocated) and *line to the line in the source (1-based, 0 if unknown). */
bool diagram_render(const char *dot, const theme *th, bool vertical, figure *out, char **error, int *line);
/* Frees Graphviz's context at exit. */
void diagram_shutdown(void);

#endif
