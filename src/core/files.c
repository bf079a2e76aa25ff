/* files — the store every input file is read through; see files.h. */
#define _DEFAULT_SOURCE
#include "files.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* What a file's stat says about its content: when all of it is the same, so are the bytes. */
typedef struct files_sig {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime, ctime; /* ctime: no one can set it back, as `touch -d` does mtime */
} files_sig;

typedef struct files_entry {
    GBytes *bytes;      /* NULL: not held (over the bounds), only its hash is known */
    size_t len;
    files_digest hash;
    files_sig sig;
    unsigned gen;       /* the build that last used it */
    long version;       /* content changes seen */
} files_entry;

struct files {
    pthread_mutex_t lock; /* POSIX, not GMutex: ThreadSanitizer sees it */
    GHashTable *map;      /* path → files_entry * */
    unsigned gen;         /* the running build */
    size_t held;          /* bytes of the entries' held bytes */
    size_t disk_reads;
};

static void files_entry_free(gpointer p)
{
    files_entry *e = p;
    if (e->bytes) g_bytes_unref(e->bytes);
    free(e);
}

files *files_new(void)
{
    files *s = util_xcalloc(1, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
    s->map = g_hash_table_new_full(g_str_hash, g_str_equal, free, files_entry_free);
    return s;
}

void files_free(files *s)
{
    if (!s) return;
    g_hash_table_destroy(s->map);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

static void files_digest_of(const char *data, size_t len, files_digest *out)
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(c, (const guchar *)data, (gssize)len);
    gsize n = sizeof out->b;
    g_checksum_get_digest(c, out->b, &n);
    g_checksum_free(c);
}

char *files_hex(const files_digest *hash, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < FILES_HASH_BYTES; i++) {
        out[2 * i] = digits[hash->b[i] >> 4];
        out[2 * i + 1] = digits[hash->b[i] & 15];
    }
    out[FILES_HEX_LEN] = '\0';
    return out;
}

static bool files_stat(const char *path, files_sig *sig)
{
    struct stat st;
    memset(sig, 0, sizeof *sig);
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return false;
    sig->dev = st.st_dev;
    sig->ino = st.st_ino;
    sig->size = st.st_size;
    sig->mtime = st.st_mtim;
    sig->ctime = st.st_ctim;
    return true;
}

static bool files_sig_eq(const files_sig *a, const files_sig *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size && a->mtime.tv_sec == b->mtime.tv_sec &&
           a->mtime.tv_nsec == b->mtime.tv_nsec && a->ctime.tv_sec == b->ctime.tv_sec && a->ctime.tv_nsec == b->ctime.tv_nsec;
}

/* With the lock held: e's bytes for a reader bounded by max_bytes (a new reference), or NULL
 * with *st when it is too large for that reader. */
static GBytes *files_give(files_entry *e, size_t max_bytes, util_read_status *st, files_digest *hash)
{
    if (e->len > max_bytes) {
        if (st) *st = UTIL_READ_TOO_LARGE;
        return NULL;
    }
    if (st) *st = UTIL_READ_OK;
    if (hash) *hash = e->hash;
    return g_bytes_ref(e->bytes);
}

/* Reads path from disk without the store: its bytes (NUL after them) and hash. */
static GBytes *files_load(const char *path, size_t max_bytes, util_read_status *st, files_digest *hash)
{
    char *data = NULL;
    size_t len = 0;
    util_read_status r = util_read_file(path, max_bytes, &data, &len);
    if (st) *st = r;
    if (r != UTIL_READ_OK) return NULL;
    if (hash) files_digest_of(data, len, hash);
    return g_bytes_new_with_free_func(data, len, free, data);
}

GBytes *files_read(files *s, const char *path, size_t max_bytes, util_read_status *st, files_digest *hash)
{
    if (!s) return files_load(path, max_bytes, st, hash);
    pthread_mutex_lock(&s->lock);
    files_entry *e = g_hash_table_lookup(s->map, path);
    /* Read in this build already: the same bytes, whatever happened to the file since. */
    if (e && e->gen == s->gen && e->bytes) {
        GBytes *b = files_give(e, max_bytes, st, hash);
        pthread_mutex_unlock(&s->lock);
        return b;
    }
    pthread_mutex_unlock(&s->lock);
    /* Taken before the read: a change during the read shows as another stat next time. */
    files_sig sig;
    bool have_sig = files_stat(path, &sig);
    pthread_mutex_lock(&s->lock);
    e = g_hash_table_lookup(s->map, path);
    if (have_sig && e && e->bytes && files_sig_eq(&e->sig, &sig)) {
        e->gen = s->gen;
        GBytes *b = files_give(e, max_bytes, st, hash);
        pthread_mutex_unlock(&s->lock);
        return b;
    }
    pthread_mutex_unlock(&s->lock);
    files_digest h;
    GBytes *b = files_load(path, max_bytes, st, &h);
    if (!b) return NULL;
    size_t len = g_bytes_get_size(b);
    pthread_mutex_lock(&s->lock);
    s->disk_reads++;
    e = g_hash_table_lookup(s->map, path);
    if (!e) {
        e = util_xcalloc(1, sizeof *e);
        e->hash = h;
        g_hash_table_insert(s->map, util_xstrdup(path), e);
    }
    if (e->gen == s->gen && e->bytes && !memcmp(&e->hash, &h, sizeof h)) {
        /* Another thread read it first: every reader gets its bytes. */
        g_bytes_unref(b);
        b = g_bytes_ref(e->bytes);
    } else if (e->bytes && !memcmp(&e->hash, &h, sizeof h)) {
        /* Another stat, the same content: the entry (and its bytes) stays. */
        g_bytes_unref(b);
        b = g_bytes_ref(e->bytes);
    } else {
        if (memcmp(&e->hash, &h, sizeof h)) e->version++;
        e->hash = h;
        if (e->bytes) {
            s->held -= e->len;
            g_bytes_unref(e->bytes);
            e->bytes = NULL;
        }
        e->len = len;
        if (len <= FILES_HOLD_BYTES && s->held + len <= FILES_HOLD_TOTAL) {
            e->bytes = g_bytes_ref(b);
            s->held += len;
        }
    }
    if (have_sig) e->sig = sig;
    else memset(&e->sig, 0, sizeof e->sig); /* never matches a real stat: read again next time */
    e->gen = s->gen;
    if (hash) *hash = e->hash;
    pthread_mutex_unlock(&s->lock);
    return b;
}

bool files_hash(files *s, const char *path, size_t max_bytes, files_digest *hash)
{
    if (s) {
        files_sig sig;
        bool have_sig = files_stat(path, &sig);
        pthread_mutex_lock(&s->lock);
        files_entry *e = g_hash_table_lookup(s->map, path);
        bool known = e && e->len <= max_bytes && (e->gen == s->gen || (have_sig && files_sig_eq(&e->sig, &sig)));
        if (known) {
            e->gen = s->gen;
            *hash = e->hash;
        }
        pthread_mutex_unlock(&s->lock);
        if (known) return true;
    }
    GBytes *b = files_read(s, path, max_bytes, NULL, hash);
    if (!b) return false;
    g_bytes_unref(b);
    return true;
}

long files_version(files *s, const char *path)
{
    if (!s) return -1;
    pthread_mutex_lock(&s->lock);
    files_entry *e = g_hash_table_lookup(s->map, path);
    long v = e ? e->version : -1;
    pthread_mutex_unlock(&s->lock);
    return v;
}

size_t files_disk_reads(files *s)
{
    if (!s) return 0;
    pthread_mutex_lock(&s->lock);
    size_t n = s->disk_reads;
    pthread_mutex_unlock(&s->lock);
    return n;
}

static gboolean files_unused(gpointer key, gpointer value, gpointer user)
{
    files *s = user;
    files_entry *e = value;
    if (e->gen == s->gen) return FALSE;
    if (e->bytes) s->held -= e->len;
    return TRUE;
}

void files_sweep(files *s)
{
    if (!s) return;
    pthread_mutex_lock(&s->lock);
    g_hash_table_foreach_remove(s->map, files_unused, s);
    s->gen++;
    pthread_mutex_unlock(&s->lock);
}

size_t files_count(files *s)
{
    if (!s) return 0;
    pthread_mutex_lock(&s->lock);
    size_t n = g_hash_table_size(s->map);
    pthread_mutex_unlock(&s->lock);
    return n;
}
