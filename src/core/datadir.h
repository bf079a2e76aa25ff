/* datadir — where the shared data (templates/, fonts/) lives: $MLSD_GUIDE_DATA,
 * then next to the executable (source tree: build/../), then the install prefix. */
#ifndef MLSD_DATADIR_H
#define MLSD_DATADIR_H

/* Returns a newly allocated directory holding templates/theme.yaml, or NULL. given is
 * $MLSD_GUIDE_DATA (env.h; NULL or empty: unset). */
char *datadir_find(const char *given, const char *argv0);

#endif
