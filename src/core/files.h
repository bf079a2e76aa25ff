/* files — the store every input file is read through (issue 11): chapters, book.yaml, the theme,
 * images, highlight definitions and hyphenation patterns. A build reads each file once: every
 * reader of a path in that build gets the same bytes, and each file has a content hash.
 *
 * The store outlives a build when its world does (`watch`): a later build reads a file again
 * only when its stat (device, inode, size, modification and change times in nanoseconds)
 * changed, and then compares the hash: the same content keeps the same entry (its bytes, its
 * version), so caches keyed by the hash (decoded figures, chapter reuse) stay valid. A file
 * rewritten with its old size and mtime put back (`touch -d`) is still seen: its change time
 * (ctime) moved, and no one can set that back.
 *
 * The hash is SHA-256 (GLib's GChecksum): content-keyed caches must never confuse two files, not
 * even crafted ones, and it costs little beside parsing or decoding the same (bounded) bytes.
 *
 * The store widens nothing: callers still check that a path is inside the book before reading
 * it, and each reader passes its own size bound (refused with UTIL_READ_TOO_LARGE, as
 * util_read_file does). Memory: it holds the files the builds since the last sweep read, and
 * only their hash beyond FILES_HOLD_BYTES a file or FILES_HOLD_TOTAL in all (a reader still gets
 * the bytes; a second reader of such a file in the same build reads it again). files_sweep
 * forgets the files the last build did not use.
 *
 * Every function takes a NULL store too: the file is then read directly (unit tests, `check`).
 * The store may be used from several threads at once (layout threads load images). */
#ifndef MLSD_FILES_H
#define MLSD_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "util.h"

/* A file held (its bytes kept for every reader and for the next build) up to this size, and the
 * store's total of held bytes. */
enum { FILES_HOLD_BYTES = 4 << 20, FILES_HOLD_TOTAL = 256 << 20 };

typedef struct files files;

/* A file's content hash: SHA-256. */
enum { FILES_HASH_BYTES = 32, FILES_HEX_LEN = 2 * FILES_HASH_BYTES };
typedef struct files_digest {
    uint8_t b[FILES_HASH_BYTES];
} files_digest;

files *files_new(void);
void files_free(files *s);

/* The bytes of the regular file path, of at most max_bytes (a NUL follows them, not counted in
 * g_bytes_get_size), read once per build; *hash (may be NULL) gets their hash. NULL on failure,
 * with the reason in *st (may be NULL), as util_read_file gives it. The caller unrefs the result. */
GBytes *files_read(files *s, const char *path, size_t max_bytes, util_read_status *st, files_digest *hash);
/* The hash of path's content (at most max_bytes) into *hash, without reading the file when its
 * stat has not changed since it was last read; false when it cannot be read. Use it to
 * fingerprint a build's inputs (a chapter's text, its images): equal hashes, equal bytes. */
bool files_hash(files *s, const char *path, size_t max_bytes, files_digest *hash);
/* The hash as lower-case hex (out has FILES_HEX_LEN + 1 bytes); returns out. */
char *files_hex(const files_digest *hash, char *out);
/* How often path's content changed since the store first read it (0: never; -1: not in the
 * store). Another stat with the same bytes is no change. */
long files_version(files *s, const char *path);
/* Files read from disk so far (reads the store saved are not counted). */
size_t files_disk_reads(files *s);

/* After a build: forgets the files it did not read (or hash), and starts the next build. */
void files_sweep(files *s);
/* Files in the store. */
size_t files_count(files *s);

#endif
