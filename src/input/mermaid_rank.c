/* mermaid_rank — an estimate, before Graphviz runs, of how much work its dot layout will do.
 * dot gives every rank an edge crosses a virtual node, and its time grows faster than their
 * number (10 s for about 7000 on a test machine, minutes for 30000): a flowchart of a few
 * hundred nodes whose edges jump across a long chain can stall a build. The estimate ranks the
 * nodes as dot roughly does — cycles broken where a depth-first walk meets a node on its path,
 * longest paths, then nodes pulled down next to their successors — and adds up the ranks each
 * edge crosses. Every step is linear in nodes and edges, with explicit stacks. */
#include <stdint.h>
#include <stdlib.h>

#include "mermaid_int.h"
#include "util.h"

size_t mermaid_rank_span(size_t n, const mermaid_rank_edge *edges, size_t m, bool labels)
{
    if (!n || !m) return 0;
    /* Out-edges per node, as index lists (counting sort by tail). */
    size_t *first = util_xcalloc(n + 1, sizeof *first), *out = util_xcalloc(m, sizeof *out);
    for (size_t i = 0; i < m; i++) first[edges[i].from + 1]++;
    for (size_t v = 0; v < n; v++) first[v + 1] += first[v];
    size_t *fill = util_xcalloc(n, sizeof *fill);
    for (size_t i = 0; i < m; i++) out[first[edges[i].from] + fill[edges[i].from]++] = i;
    /* Depth-first: an edge to a node still on the path closes a cycle and is turned around. */
    unsigned char *state = util_xcalloc(n, 1); /* 0 new, 1 on the path, 2 done */
    bool *reversed = util_xcalloc(m, sizeof *reversed);
    size_t *stack = util_xcalloc(n, sizeof *stack), *next = util_xcalloc(n, sizeof *next);
    for (size_t root = 0; root < n; root++) {
        if (state[root]) continue;
        size_t top = 0;
        stack[top++] = root;
        state[root] = 1;
        next[root] = first[root];
        while (top) {
            size_t v = stack[top - 1];
            if (next[v] == first[v + 1]) {
                state[v] = 2;
                top--;
                continue;
            }
            size_t e = out[next[v]++], w = (size_t)edges[e].to;
            if (state[w] == 1) reversed[e] = true;
            else if (!state[w]) {
                state[w] = 1;
                next[w] = first[w];
                stack[top++] = w;
            }
        }
    }
    /* Longest paths in topological order (Kahn), over the edges as turned. */
    size_t *indeg = util_xcalloc(n, sizeof *indeg), *order = util_xcalloc(n, sizeof *order), *rank = util_xcalloc(n, sizeof *rank);
    for (size_t i = 0; i < m; i++)
        if (edges[i].from != edges[i].to) indeg[reversed[i] ? edges[i].from : edges[i].to]++;
    /* Edges by their tail as turned: rebuild the lists. */
    for (size_t v = 0; v <= n; v++) first[v] = 0;
    for (size_t i = 0; i < m; i++) first[(reversed[i] ? edges[i].to : edges[i].from) + 1]++;
    for (size_t v = 0; v < n; v++) first[v + 1] += first[v];
    for (size_t v = 0; v < n; v++) fill[v] = 0;
    for (size_t i = 0; i < m; i++) {
        size_t t = reversed[i] ? edges[i].to : edges[i].from;
        out[first[t] + fill[t]++] = i;
    }
    size_t head = 0, tail = 0;
    for (size_t v = 0; v < n; v++)
        if (!indeg[v]) order[tail++] = v;
    while (head < tail) {
        size_t v = order[head++];
        for (size_t k = first[v]; k < first[v + 1]; k++) {
            size_t e = out[k], w = reversed[e] ? edges[e].from : edges[e].to;
            if (w == v) continue;
            size_t r = rank[v] + (size_t)edges[e].minlen;
            if (r > rank[w]) rank[w] = r;
            if (!--indeg[w]) order[tail++] = w;
        }
    }
    /* Pulled down: a node sits just above its nearest successor (dot's ranking minimises edge length). */
    for (size_t i = tail; i-- > 0;) {
        size_t v = order[i], best = SIZE_MAX;
        for (size_t k = first[v]; k < first[v + 1]; k++) {
            size_t e = out[k], w = reversed[e] ? edges[e].from : edges[e].to;
            if (w != v && !edges[e].ghost && rank[w] >= (size_t)edges[e].minlen && rank[w] - (size_t)edges[e].minlen < best) best = rank[w] - (size_t)edges[e].minlen;
        }
        if (best != SIZE_MAX && best > rank[v]) rank[v] = best;
    }
    size_t span = 0;
    for (size_t i = 0; i < m; i++) {
        if (edges[i].ghost) continue;
        size_t a = rank[edges[i].from], b = rank[edges[i].to], d = a > b ? a - b : b - a;
        /* Edge labels make dot double every rank. */
        if (labels) d *= 2;
        if (d > 1) span += d - 1;
    }
    free(first);
    free(out);
    free(fill);
    free(state);
    free(reversed);
    free(stack);
    free(next);
    free(indeg);
    free(order);
    free(rank);
    return span;
}
