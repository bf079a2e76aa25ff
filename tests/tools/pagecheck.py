#!/usr/bin/env python3
"""pagecheck — measures pagination from `pdftotext -bbox-layout` output.

Usage: pagecheck.py BBOX.html TOP BOTTOM [FIRST_PAGE [LAST_PAGE]]
TOP and BOTTOM are the text area's edges in points (margin_top and
height - margin_bottom); lines above TOP are running heads, below BOTTOM footers.
Only pages FIRST_PAGE to LAST_PAGE (1-based, default all) are measured.

Prints one line per finding and then the counts:
  short N        mid-chapter pages whose last line ends 3 or more lines above the bottom
  loose N        mid-chapter pages more than one line short
  stranded N     pages whose last text line is a heading (numbered, in type larger than the body's)
  order N        figure captions ("Figure X.Y:") out of increasing order
  interrupt N    figure captions between two lines of one code block (lines "blk<A>-<n>")
A page is mid-chapter when the page after it has a running head (it continues the chapter).
"""
import re
import statistics
import sys

LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', re.S)
PAGE = re.compile(r'<page [^>]*>(.*?)</page>', re.S)


def pages_of(text):
    out = []
    for m in PAGE.finditer(text):
        lines = []
        for l in LINE.finditer(m.group(1)):
            words = WORD.findall(l.group(5))
            # Type size, as the width of a section number's characters ("3.12": digits and dots).
            size = (float(words[0][1]) - float(words[0][0])) / len(words[0][2]) if words and re.match(r'^\d+(\.\d+)+$', words[0][2]) else 0
            lines.append((float(l.group(2)), float(l.group(4)), size, " ".join(w for _, _, w in words)))
        lines.sort()
        out.append(lines)
    return out


def main():
    path, top, bottom = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    first = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    last_page = int(sys.argv[5]) if len(sys.argv) > 5 else 1 << 30
    pages = pages_of(open(path, encoding="utf-8", errors="replace").read())
    body = [[l for l in p if l[1] > top + 0.5 and l[0] < bottom - 0.5] for p in pages]
    heads = [any(l[1] <= top + 0.5 for l in p) for p in pages]
    heights = [l[1] - l[0] for p in body for l in p]
    sizes = [l[2] for p in body for l in p if l[2] > 0]
    if not heights:
        print("no text")
        return 1
    text_h = statistics.median(heights)
    text_size = min(sizes) if sizes else 0
    gaps = []
    for p in body:
        for a, b in zip(p, p[1:]):
            d = b[0] - a[0]
            if 0.5 * text_h < d < 2 * text_h:
                gaps.append(d)
    step = statistics.median(gaps) if gaps else text_h
    short = loose = stranded = order = interrupt = 0
    for i, p in enumerate(body):
        if i + 1 < first or i + 1 > last_page or not p:
            continue
        last = p[-1]
        mid = i + 1 < len(pages) and heads[i + 1]
        if mid:
            lines_short = (bottom - last[1]) / step
            if lines_short >= 3:
                short += 1
                print("short: page %d ends %.1f lines above the bottom" % (i + 1, lines_short))
            if lines_short > 1:
                loose += 1
                if lines_short < 3:
                    print("loose: page %d ends %.1f lines above the bottom" % (i + 1, lines_short))
        if last[2] > 1.15 * text_size and re.match(r'^\d+(\.\d+)+ ', last[3]) and mid:
            stranded += 1
            print("stranded: page %d ends with the heading '%s'" % (i + 1, last[3]))
    # Document order: figure captions and code-block lines.
    seq = []
    for i, p in enumerate(body):
        if i + 1 < first or i + 1 > last_page:
            continue
        for l in p:
            m = re.match(r'^Figure (\d+(?:\.\d+)*):', l[3])
            if m:
                seq.append(("fig", tuple(int(x) for x in m.group(1).split(".")), i + 1))
            m = re.search(r'\bblk([A-Za-z0-9]+)-(\d+)\b', l[3])
            if m:
                seq.append(("code", (m.group(1), int(m.group(2))), i + 1))
    prev = None
    for kind, key, pg in seq:
        if kind != "fig":
            continue
        if prev is not None and key < prev:
            order += 1
            print("order: Figure %s on page %d after Figure %s" % (".".join(map(str, key)), pg, ".".join(map(str, prev))))
        prev = key
    last_code = None
    figs_since = []
    for kind, key, pg in seq:
        if kind == "fig":
            figs_since.append((key, pg))
            continue
        if last_code and last_code[0] == key[0] and key[1] == last_code[1] + 1 and figs_since:
            for f, fp in figs_since:
                interrupt += 1
                print("interrupt: Figure %s (page %d) inside code block %s" % (".".join(map(str, f)), fp, key[0]))
        last_code = key
        figs_since = []
    print("short %d" % short)
    print("loose %d" % loose)
    print("stranded %d" % stranded)
    print("order %d" % order)
    print("interrupt %d" % interrupt)
    return 0


sys.exit(main())
