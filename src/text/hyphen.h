/* hyphen — hyphenation points from libhyphen patterns, inserted into text as
 * soft hyphens (U+00AD) so Pango may break words there. */
#ifndef MLSD_HYPHEN_H
#define MLSD_HYPHEN_H

#include <stdbool.h>
#include <stddef.h>

#include "files.h"
#include "util.h"

typedef struct hyphen hyphen;

/* Loads the patterns for a language tag ("en-US") from dir; NULL when there are none. A word is
 * hyphenated only when it has at least min_word letters, and keeps at least min_left letters
 * before a hyphen and min_right after it (TeX's \lefthyphenmin and \righthyphenmin). */
hyphen *hyphen_open(const char *dir, const char *language, int min_left, int min_right, int min_word);
/* The pattern file for language in dir (newly allocated), or NULL. */
char *hyphen_find(const char *dir, const char *language);
/* Pattern files are read through the file store fs (may be NULL); a larger one is not loaded. */
enum { HYPHEN_MAX_DIC_BYTES = 16 << 20 };
hyphen *hyphen_open_in(files *fs, const char *dir, const char *language, int min_left, int min_right, int min_word);
void hyphen_close(hyphen *h);
/* Appends text to out with soft hyphens in words long enough to break. h may be NULL. */
void hyphen_text(hyphen *h, const char *text, util_buf *out);

#endif
