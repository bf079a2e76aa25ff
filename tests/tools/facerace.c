/* facerace.so — widens the race of cairo 1.16 that made a file's font face twice (see
 * src/text/fontfaces.c), for tests/integration/parallel.sh: LD_PRELOAD=facerace.so.
 *
 * While a thread is inside cairo_ft_font_face_create_for_pattern, each memory allocation it
 * makes waits a millisecond. cairo allocates the new face between missing it in the file's
 * list and linking it there, so another thread asking for the same face in that time misses
 * it too. Without faces made up front, a build with several threads then embeds fonts twice
 * nearly every time; with them, its bytes must still be those of a one-thread build.
 * Not for sanitizer builds (it replaces malloc). */
#define _GNU_SOURCE
#include <cairo-ft.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

extern void *__libc_malloc(size_t n);

static __thread int facerace_inside __attribute__((tls_model("initial-exec")));

typedef cairo_font_face_t *(*facerace_create_fn)(FcPattern *);

cairo_font_face_t *cairo_ft_font_face_create_for_pattern(FcPattern *pattern)
{
    facerace_create_fn real = (facerace_create_fn)dlsym(RTLD_NEXT, "cairo_ft_font_face_create_for_pattern");
    facerace_inside = 1;
    cairo_font_face_t *face = real(pattern);
    facerace_inside = 0;
    return face;
}

void *malloc(size_t n)
{
    if (facerace_inside) {
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
    return __libc_malloc(n);
}
