#include "linebreak.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Fitness classes: how tight or loose a line is set. */
enum { LINEBREAK_TIGHT, LINEBREAK_NORMAL, LINEBREAK_LOOSE, LINEBREAK_VERY_LOOSE, LINEBREAK_CLASSES };
/* Badness grows with the cube of the adjustment ratio, 100 at a ratio of 1 (as in TeX). */
#define LINEBREAK_BADNESS_SCALE 100.0

typedef struct lb_node {
    size_t position;       /* item index of the break (n for the start) */
    size_t line;
    int fitness;
    double width, stretch, shrink; /* sums of everything before the line that starts here */
    size_t spaces;         /* glue items of finite stretch before the line that starts here */
    int hyphens;           /* hyphenated lines in a row that end here */
    double demerits;
    long prev;             /* index into the node pool, -1 for none */
} lb_node;

typedef struct lb_sums {
    double *w, *st, *sh;   /* sums of items [0, i) */
    size_t *sp;            /* glue items of finite stretch in [0, i): the spaces between words */
} lb_sums;

static bool lb_is_space(const linebreak_item *it) { return it->type == LINEBREAK_GLUE && it->stretch < LINEBREAK_INFINITY; }

static bool lb_is_break(const linebreak_item *it, size_t i)
{
    if (it[i].type == LINEBREAK_PENALTY) return it[i].penalty < LINEBREAK_INFINITY;
    if (it[i].type == LINEBREAK_GLUE) return i > 0 && it[i - 1].type == LINEBREAK_BOX;
    return false;
}

/* Totals a line starting after a break at `b` begins with: the glue and penalties
 * right after the break are dropped with it. */
static void lb_after(const linebreak_item *it, size_t n, const lb_sums *s, size_t b, double *w, double *st, double *sh,
                     size_t *sp)
{
    *w = s->w[b];
    *st = s->st[b];
    *sh = s->sh[b];
    *sp = s->sp[b];
    for (size_t i = b; i < n; i++) {
        if (it[i].type == LINEBREAK_BOX) break;
        if (it[i].type == LINEBREAK_GLUE) {
            *w += it[i].width;
            *st += it[i].stretch;
            *sh += it[i].shrink;
            *sp += lb_is_space(&it[i]);
        } else if (it[i].penalty <= -LINEBREAK_INFINITY && i > b) {
            break;
        }
    }
}

static int lb_fitness(double r)
{
    if (r < -0.5) return LINEBREAK_TIGHT;
    if (r <= 0.5) return LINEBREAK_NORMAL;
    if (r <= 1) return LINEBREAK_LOOSE;
    return LINEBREAK_VERY_LOOSE;
}

void linebreak_scratch_free(linebreak_scratch *scr)
{
    free(scr->sums);
    free(scr->spaces);
    free(scr->pool);
    free(scr->act);
    free(scr->next);
    memset(scr, 0, sizeof *scr);
}

size_t linebreak_total_fit(const linebreak_item *it, size_t n, const linebreak_params *p, size_t **breaks)
{
    linebreak_scratch scr = {0};
    size_t lines = linebreak_total_fit_in(&scr, it, n, p, breaks);
    linebreak_scratch_free(&scr);
    return lines;
}

size_t linebreak_total_fit_in(linebreak_scratch *scr, const linebreak_item *it, size_t n, const linebreak_params *p,
                              size_t **breaks)
{
    *breaks = NULL;
    if (!n) return 0;
    lb_sums s;
    /* Every entry [0, n] is written below: the memory of the last paragraph needs no clearing. */
    scr->sums = util_grow(scr->sums, &scr->cap_sums, 3 * (n + 1), sizeof *scr->sums);
    scr->spaces = util_grow(scr->spaces, &scr->cap_spaces, n + 1, sizeof *scr->spaces);
    s.w = scr->sums;
    s.st = scr->sums + (n + 1);
    s.sh = scr->sums + 2 * (n + 1);
    s.sp = scr->spaces;
    s.w[0] = s.st[0] = s.sh[0] = 0;
    s.sp[0] = 0;
    for (size_t i = 0; i < n; i++) {
        bool counts = it[i].type != LINEBREAK_PENALTY;
        s.w[i + 1] = s.w[i] + (counts ? it[i].width : 0);
        s.st[i + 1] = s.st[i] + (it[i].type == LINEBREAK_GLUE ? it[i].stretch : 0);
        s.sh[i + 1] = s.sh[i] + (it[i].type == LINEBREAK_GLUE ? it[i].shrink : 0);
        s.sp[i + 1] = s.sp[i] + lb_is_space(&it[i]);
    }
    lb_node *pool = scr->pool;
    size_t np = 0, cap = scr->cap_pool;
    lb_node *start = UTIL_PUSH(pool, np, cap);
    *start = (lb_node){n, 0, LINEBREAK_NORMAL, 0, 0, 0, 0, 0, 0, -1};
    /* Nodes are told apart by fitness and by the hyphenated lines in a row before them (0 or more, up
     * to the limit), so that a limit never loses the best way to keep within it. */
    int limit = p->hyphen_limit < 0 ? 0 : p->hyphen_limit > LINEBREAK_MAX_HYPHEN_LIMIT ? LINEBREAK_MAX_HYPHEN_LIMIT : p->hyphen_limit;
    int runs = limit ? limit + 1 : 2;
    /* Only active nodes (where a line may still start) are visited. */
    size_t *act = scr->act, n_act = 0, cap_act = scr->cap_act, *next_act = scr->next, n_next = 0, cap_next = scr->cap_next;
    *UTIL_PUSH(act, n_act, cap_act) = 0;
    for (size_t b = 0; b < n && n_act; b++) {
        if (!lb_is_break(it, b)) continue;
        bool forced = it[b].type == LINEBREAK_PENALTY && it[b].penalty <= -LINEBREAK_INFINITY;
        double best[LINEBREAK_CLASSES][LINEBREAK_MAX_HYPHEN_LIMIT + 1];
        long best_from[LINEBREAK_CLASSES][LINEBREAK_MAX_HYPHEN_LIMIT + 1];
        for (int k = 0; k < LINEBREAK_CLASSES; k++)
            for (int h = 0; h < runs; h++) {
                best[k][h] = INFINITY;
                best_from[k][h] = -1;
            }
        bool flagged = it[b].type == LINEBREAK_PENALTY && it[b].flagged;
        n_next = 0;
        for (size_t ai = 0; ai < n_act; ai++) {
            size_t a = act[ai];
            lb_node *nd = &pool[a];
            double len = s.w[b] - nd->width + (it[b].type == LINEBREAK_PENALTY ? it[b].width : 0);
            double r;
            if (len < p->line_width) {
                double st = s.st[b] - nd->stretch;
                r = st > 0 ? (p->line_width - len) / st : INFINITY;
            } else if (len > p->line_width) {
                double sh = s.sh[b] - nd->shrink;
                r = sh > 0 ? (p->line_width - len) / sh : -INFINITY;
            } else {
                r = 0;
            }
            /* A node stays active until its lines overflow, or a forced break ends them all. */
            if (r >= -1 && !forced) *UTIL_PUSH(next_act, n_next, cap_next) = a;
            /* A forced break is taken however loose its line (TeX's underfull box). */
            if (r < -1 || (r > p->tolerance && !forced)) continue;
            if (r > p->tolerance) r = p->tolerance;
            int run = flagged ? nd->hyphens + 1 : 0;
            if (limit && run > limit) continue; /* one hyphenated line too many in a row */
            if (run >= runs) run = runs - 1;
            double badness = LINEBREAK_BADNESS_SCALE * fabs(r) * fabs(r) * fabs(r);
            double d = (p->line_penalty + badness) * (p->line_penalty + badness);
            if (it[b].type == LINEBREAK_PENALTY && it[b].penalty >= 0) d += it[b].penalty * it[b].penalty;
            else if (it[b].type == LINEBREAK_PENALTY && !forced) d -= it[b].penalty * it[b].penalty;
            if (flagged && nd->hyphens > 0) d += p->flagged_demerits;
            if (forced && nd->hyphens > 0) d += p->final_hyphen_demerits;
            /* A paragraph's last line of one word, or very short, is worth avoiding when earlier lines can
             * take it (a word pushed down by looser lines, a different hyphen). */
            if (forced && nd->position < n &&
                (s.sp[b] == nd->spaces || len < p->short_last_fraction * p->line_width))
                d += p->short_last_demerits;
            int fit = lb_fitness(r);
            if (abs(fit - nd->fitness) > 1) d += p->fitness_demerits;
            d += nd->demerits;
            if (d < best[fit][run]) {
                best[fit][run] = d;
                best_from[fit][run] = (long)a;
            }
        }
        double w, st, sh;
        size_t sp;
        lb_after(it, n, &s, b, &w, &st, &sh, &sp);
        for (int k = 0; k < LINEBREAK_CLASSES * runs; k++) {
            int fit = k / runs, run = k % runs;
            if (best_from[fit][run] < 0) continue;
            size_t line = pool[best_from[fit][run]].line + 1;
            lb_node *nd = UTIL_PUSH(pool, np, cap);
            /* Lines start after every break, forced ones too (the nodes before a forced break are done). */
            *nd = (lb_node){b, line, fit, w, st, sh, sp, run, best[fit][run], best_from[fit][run]};
            *UTIL_PUSH(next_act, n_next, cap_next) = np - 1;
        }
        size_t *tmp = act;
        act = next_act;
        next_act = tmp;
        size_t tcap = cap_act;
        cap_act = cap_next;
        cap_next = tcap;
        n_act = n_next;
    }
    scr->act = act;
    scr->cap_act = cap_act;
    scr->next = next_act;
    scr->cap_next = cap_next;
    /* The best way to reach the paragraph's end. */
    long end = -1;
    for (size_t a = 0; a < np; a++)
        if (pool[a].position == n - 1 && (end < 0 || pool[a].demerits < pool[end].demerits)) end = (long)a;
    size_t lines = 0;
    if (end >= 0) {
        lines = pool[end].line;
        size_t *br = util_xcalloc(lines, sizeof *br);
        for (long a = end; a >= 0 && pool[a].position != n; a = pool[a].prev) br[pool[a].line - 1] = pool[a].position;
        *breaks = br;
    }
    scr->pool = pool;
    scr->cap_pool = cap;
    return lines;
}
