/* Reading DOT with object IDs given in order of first appearance, so Graphviz's output does
 * not depend on where the heap put strings. */
#ifndef DIAGRAM_IDS_H
#define DIAGRAM_IDS_H

#include <graphviz/cgraph.h>

/* Parses NUL-terminated DOT text like agmemread (errors go through agerr as usual). */
Agraph_t *diagram_ids_read(const char *dot);

#endif
