#!/usr/bin/env python3
"""edgegap.py DUMP [MIN_GAP]: reads the xdot layouts MLSD_DUMP=diagrams writes to stderr and
prints, per diagram, each edge label's text and the smallest distance (pt) from its text box to
its own edge's path (the spline flattened to a polyline), and to any other edge's. With MIN_GAP,
exits 1 when a label is closer than that to its own edge.
Text boxes: the width Graphviz measured, from the baseline DESCENT x size below to ASCENT x size above."""
import math
import re
import sys

ASCENT, DESCENT = 0.75, 0.22
ATTR = r'(?:^|[\s,\[])%s="((?:[^"\\]|\\.)*)"'


def tokens(s):
    """xdot operations as (op, args)."""
    i, n, out = 0, len(s), []

    def num():
        nonlocal i
        while s[i] == ' ':
            i += 1
        j = i
        while i < n and s[i] not in ' ':
            i += 1
        return float(s[j:i])

    def text():
        nonlocal i
        k = int(num())
        while s[i] != '-':
            i += 1
        i += 1
        t = s[i:i + k]
        i += k
        return t

    while i < n:
        c = s[i]
        i += 1
        if c == ' ':
            continue
        if c in 'EeBbPpL':
            if c in 'Ee':
                out.append((c, [num() for _ in range(4)]))
            else:
                k = int(num())
                out.append((c, [num() for _ in range(2 * k)]))
        elif c in 'cCS':
            out.append((c, [text()]))
        elif c == 'F':
            size = num()
            out.append((c, [size, text()]))
        elif c == 'T':
            x, y, j, w = num(), num(), num(), num()
            out.append((c, [x, y, j, w, text()]))
        elif c == 't':
            out.append((c, [num()]))
        elif c == 'I':
            out.append((c, [num() for _ in range(4)] + [text()]))
        else:
            raise ValueError('unknown xdot op %r in %r' % (c, s[:80]))
    return out


def unquote(v):
    """A DOT quoted string's value: \\" and \\\\ stand for " and \\."""
    return re.sub(r'\\(["\\])', r'\1', v)


def bezier_points(pts, steps=24):
    out = []
    for k in range(0, len(pts) - 3, 3):
        p0, p1, p2, p3 = pts[k:k + 4]
        for t in range(steps + 1):
            u = t / steps
            a, b, c, d = (1 - u) ** 3, 3 * u * (1 - u) ** 2, 3 * u * u * (1 - u), u ** 3
            out.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return out


def seg_rect(p, q, r):
    """Distance between segment pq and rectangle r = (x0, y0, x1, y1) (0 if they meet)."""
    x0, y0, x1, y1 = r

    def inside(a):
        return x0 <= a[0] <= x1 and y0 <= a[1] <= y1

    if inside(p) or inside(q):
        return 0.0
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    edges = [(corners[i], corners[(i + 1) % 4]) for i in range(4)]
    return min(seg_seg(p, q, a, b) for a, b in edges)


def seg_point(p, q, a):
    dx, dy = q[0] - p[0], q[1] - p[1]
    l2 = dx * dx + dy * dy
    t = 0 if l2 == 0 else max(0, min(1, ((a[0] - p[0]) * dx + (a[1] - p[1]) * dy) / l2))
    return math.hypot(p[0] + t * dx - a[0], p[1] + t * dy - a[1])


def seg_seg(p, q, a, b):
    def cross(o, u, v):
        return (u[0] - o[0]) * (v[1] - o[1]) - (u[1] - o[1]) * (v[0] - o[0])

    d1, d2, d3, d4 = cross(a, b, p), cross(a, b, q), cross(p, q, a), cross(p, q, b)
    if ((d1 > 0) != (d2 > 0)) and ((d3 > 0) != (d4 > 0)):
        return 0.0
    return min(seg_point(a, b, p), seg_point(a, b, q), seg_point(p, q, a), seg_point(p, q, b))


def main():
    text = open(sys.argv[1], encoding='utf-8', errors='replace').read()
    need = float(sys.argv[2]) if len(sys.argv) > 2 else None
    worst_all, bad = None, 0
    for d, body in enumerate(re.findall(r'^diagram \{\n(.*?)^\}\n\}\n', text, re.S | re.M)):
        body = body.replace('\\\n', '')
        paths, labels = [], []  # labels: (text, box, index of its edge's first path, past its last)
        # Edge statements: "a -> b [ ... ];" possibly over several lines.
        for m in re.finditer(r'^\s*("(?:[^"\\]|\\.)*"|\S+)\s*-[->]\s*("(?:[^"\\]|\\.)*"|\S+)\s*\[(.*?)\];\s*$', body, re.S | re.M):
            attrs = m.group(3)
            first = len(paths)
            dr = re.search(ATTR % '_draw_', attrs)
            if dr:
                for op, a in tokens(unquote(dr.group(1))):
                    if op in 'Bb':
                        paths.append(bezier_points(list(zip(a[0::2], a[1::2]))))
                    elif op == 'L':
                        paths.append(list(zip(a[0::2], a[1::2])))
            ld = re.search(ATTR % '_ldraw_', attrs)
            if ld:
                size = 0
                for op, a in tokens(unquote(ld.group(1))):
                    if op == 'F':
                        size = a[0]
                    elif op == 'T':
                        x, y, j, w, t = a
                        xl = x - w / 2 if j == 0 else x if j < 0 else x - w
                        labels.append((t, (xl, y - DESCENT * size, xl + w, y + ASCENT * size), first, len(paths)))
        for t, r, a, b in labels:
            def dist(ps):
                return min((seg_rect(p[i], p[i + 1], r) for p in ps for i in range(len(p) - 1)), default=float('inf'))
            gap, other = dist(paths[a:b]), dist(paths[:a] + paths[b:])
            print('diagram %d: label %r: gap %.2f pt to its edge, %.2f pt to others' % (d + 1, t, gap, other))
            worst_all = gap if worst_all is None else min(worst_all, gap)
            if need is not None and gap < need - 1e-6:
                bad += 1
    print('labels checked: %s; smallest gap: %s' % ('none' if worst_all is None else 'yes', 'n/a' if worst_all is None else '%.2f pt' % worst_all))
    if worst_all is None and need is not None:
        return 1
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
