/* cgraph's default ID discipline makes a named object's ID the address of its interned name, and
 * cgraph orders subgraphs (clusters) by ID. Addresses change from run to run, so the same DOT
 * drew its clusters in a different order in different builds and the PDF bytes differed. This
 * discipline numbers names in the order they first appear instead: even IDs for names (as cgraph
 * expects, since its own print function treats odd IDs as anonymous) and odd ones for anonymous
 * objects. The state lives with the graph and goes with agclose. */
#include "diagram_ids.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    GHashTable *by_name; /* name → ID (names owned here) */
    GPtrArray *names;    /* names by ID / 2 - 1 */
    IDTYPE anon;         /* next anonymous (odd) ID */
} diagram_ids;

static void *diagram_ids_open(Agraph_t *g, Agdisc_t *disc)
{
    (void)g;
    (void)disc;
    diagram_ids *s = g_new0(diagram_ids, 1);
    s->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    s->names = g_ptr_array_new_with_free_func(g_free);
    s->anon = 1;
    return s;
}

static long diagram_ids_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
    (void)objtype;
    diagram_ids *s = state;
    if (!str) {
        *id = s->anon;
        s->anon += 2;
        return 1;
    }
    gpointer found;
    if (g_hash_table_lookup_extended(s->by_name, str, NULL, &found)) {
        *id = (IDTYPE)GPOINTER_TO_SIZE(found);
        return 1;
    }
    if (!createflag) return 0;
    char *name = g_strdup(str);
    g_ptr_array_add(s->names, name);
    *id = (IDTYPE)s->names->len * 2;
    g_hash_table_insert(s->by_name, name, GSIZE_TO_POINTER((gsize)*id));
    return 1;
}

static long diagram_ids_alloc(void *state, int objtype, IDTYPE id)
{
    (void)state;
    (void)objtype;
    (void)id;
    return 0; /* no object may ask for an ID of its own choosing (as with the default) */
}

static void diagram_ids_free(void *state, int objtype, IDTYPE id)
{
    (void)state;
    (void)objtype;
    (void)id; /* names stay until the graph is closed: a deleted node's name may come back */
}

static char *diagram_ids_print(void *state, int objtype, IDTYPE id)
{
    (void)objtype;
    diagram_ids *s = state;
    if (id % 2 || id == 0 || id / 2 > s->names->len) return NULL;
    return g_ptr_array_index(s->names, id / 2 - 1);
}

static void diagram_ids_close(void *state)
{
    diagram_ids *s = state;
    g_hash_table_destroy(s->by_name);
    g_ptr_array_free(s->names, TRUE);
    g_free(s);
}

static void diagram_ids_register(void *state, int objtype, void *obj)
{
    (void)state;
    (void)objtype;
    (void)obj;
}

static Agiddisc_t diagram_ids_disc = {diagram_ids_open,  diagram_ids_map,   diagram_ids_alloc, diagram_ids_free,
                                      diagram_ids_print, diagram_ids_close, diagram_ids_register};

typedef struct {
    const char *s;
    size_t len, at;
} diagram_ids_reader;

/* Hands the lexer one line at a time (at most bufsize bytes), as agmemread's reader does. */
static int diagram_ids_fread(void *chan, char *buf, int bufsize)
{
    diagram_ids_reader *r = chan;
    if (bufsize <= 0 || r->at >= r->len) return 0;
    size_t n = 0, max = (size_t)bufsize;
    while (n < max && r->at < r->len) {
        char c = r->s[r->at++];
        buf[n++] = c;
        if (c == '\n') break;
    }
    return (int)n;
}

/* cgraph's own writer for a FILE (the graph keeps a pointer to this discipline: it is static). */
static int diagram_ids_putstr(void *chan, const char *str)
{
    return fputs(str, chan);
}

static int diagram_ids_flush(void *chan)
{
    return fflush(chan);
}

static Agiodisc_t diagram_ids_io = {diagram_ids_fread, diagram_ids_putstr, diagram_ids_flush};

Agraph_t *diagram_ids_read(const char *dot)
{
    Agdisc_t disc = {&AgMemDisc, &diagram_ids_disc, &diagram_ids_io};
    diagram_ids_reader r = {dot, strlen(dot), 0};
    return agread(&r, &disc);
}
