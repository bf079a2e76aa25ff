/* source_int — what source.c and source_caption.c share: the captions, images and HTML
 * tables of a chapter, registered while its tree is indexed (source_index). */
#ifndef MLSD_SOURCE_INT_H
#define MLSD_SOURCE_INT_H

#include "source.h"

/* A "Table: …" paragraph right after `last` or right before `first`; true when registered. */
bool source_add_table_caption(source_chapter *ch, cmark_node *table, cmark_node *first, cmark_node *last);
/* The HTML tables that start in an HTML block; a table split by blank lines covers the
 * blocks up to the one holding its </table>. */
void source_html_tables(source_chapter *ch, cmark_node *n);
/* ```dot Caption text {#id} (or ```mermaid around a flowchart): the rest of the info string. */
void source_add_diagram_caption(source_chapter *ch, cmark_node *code);
/* `{#id width=50%}` in the text right after an image: parsed, then removed from the text. */
void source_image(source_chapter *ch, cmark_node *img);

#endif
