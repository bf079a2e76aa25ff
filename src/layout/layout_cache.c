/* layout_cache — paragraph layouts kept across passes and `watch` rebuilds:
 * a paragraph whose text, style, width and targets did not change is not shaped
 * again. Each cache belongs to one layout thread (its layouts to that thread's
 * Pango context). */
#include "layout_int.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* What a cache may hold, counted in the bytes of its keys (a key is mostly the paragraph's
 * text; its layout takes some 25 times as much): enough for a book of 150-200 pages
 * per thread. Beyond it, paragraphs are shaped again in the next pass, and memory stays
 * flat however long the book (pages are drawn and freed as they are made). */
#define LAYOUT_CACHE_MAX_BYTES ((size_t)1 << 20)

struct layout_cache {
    GHashTable *map; /* key → layout_cached */
    unsigned gen;    /* generation: bumped by each sweep */
    size_t bytes;    /* of the keys held */
    text_words *words; /* word widths for line breaking (layout_measure.c) */
    text_pool *pool;   /* memory reused by the line breaker (layout_breaks.c) */
};

static void layout_cached_free(gpointer p)
{
    layout_cached *t = p;
    t->owner->bytes -= t->cost;
    g_object_unref(t->lay);
    free(t->map);
    free(t);
}

layout_cache *layout_cache_new(void)
{
    layout_cache *c = util_xcalloc(1, sizeof *c);
    c->map = g_hash_table_new_full(g_str_hash, g_str_equal, free, layout_cached_free);
    return c;
}

void layout_cache_free(layout_cache *c)
{
    if (!c) return;
    g_hash_table_destroy(c->map);
    text_words_free(c->words);
    text_pool_free(c->pool);
    free(c);
}

void layout_cache_clear(layout_cache *c)
{
    if (!c) return;
    g_hash_table_remove_all(c->map);
    text_words_clear(c->words);
}

text_words *layout_cache_words(layout_cache *c)
{
    if (!c->words) c->words = text_words_new();
    return c->words;
}

text_pool *layout_cache_pool(layout_cache *c)
{
    if (!c->pool) c->pool = util_xcalloc(1, sizeof *c->pool);
    return c->pool;
}

static gboolean layout_cached_stale(gpointer key, gpointer value, gpointer gen)
{
    return ((layout_cached *)value)->gen != GPOINTER_TO_UINT(gen);
}

void layout_cache_sweep(layout_cache *c)
{
    if (!c) return;
    g_hash_table_foreach_remove(c->map, layout_cached_stale, GUINT_TO_POINTER(c->gen));
    c->gen++;
}

const layout_cached *layout_cache_get(layout_cache *c, const char *key)
{
    layout_cached *t = c ? g_hash_table_lookup(c->map, key) : NULL;
    if (t) t->gen = c->gen;
    return t;
}

void layout_cache_put(layout_cache *c, char *key, PangoLayout *lay, int *map, size_t map_len)
{
    size_t cost = strlen(key);
    layout_cached *was = g_hash_table_lookup(c->map, key);
    if (c->bytes - (was ? was->cost : 0) + cost > LAYOUT_CACHE_MAX_BYTES) {
        free(key);
        free(map);
        return;
    }
    layout_cached *t = util_xcalloc(1, sizeof *t);
    t->owner = c;
    t->cost = cost;
    c->bytes += cost;
    t->gen = c->gen;
    t->lay = g_object_ref(lay);
    t->map = map;
    t->map_len = map_len;
    g_hash_table_replace(c->map, key, t);
}
