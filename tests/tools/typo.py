#!/usr/bin/env python3
"""Measures the typography of running text from `pdftotext -bbox-layout` (the file named first).
usage: typo.py BBOX.html SIZE [FIRST_PAGE]
SIZE is the body size in pt. Body lines are the lines whose box is as tall as Charis SIL's
ascent + descent at that size (how pdftotext sizes a line of the body font). Prints key=value:
  pitch       the most common distance between the baselines of consecutive body lines
  cpl         mean characters (spaces included) of the full-measure lines: from the column's left
              edge to its right edge, i.e. justified lines
  lines       body lines that are not a paragraph's last (paragraph: lines one pitch apart)
  hyphenated  those ending in a hyphen added at the break (a soft hyphen in the text layer), in %
  hyphen_run  the most hyphenated lines in a row
  paras       paragraphs of two lines or more
  short_last  those whose last line is one word or shorter than 15% of the measure
  op_start    body lines that start with × or =
  unit_split  lines that end in a number while the next line starts with KiB, ms, GB or %
  code_gap    spread (max - min) of the gaps between the words of `x = f(a, b)`, in pt
  text_gap    spread of the median word gap of justified lines, in pt
"""
import re
import statistics
import sys

CHARIS = 1.635  # Charis SIL (ascent + descent) / size
UNITS = {"KiB", "ms", "GB", "%"}

html = open(sys.argv[1], encoding="utf-8").read()
size = float(sys.argv[2])
first_page = int(sys.argv[3]) if len(sys.argv) > 3 else 1
lh = size * CHARIS
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)

pages = re.findall(r"<page [^>]*>(.*?)</page>", html, re.S)[first_page - 1:]
all_lines, body = [], []
for pi, page in enumerate(pages):
    lines = []
    for m in LINE.finditer(page):
        x0, y0, x1, y1 = map(float, m.groups()[:4])
        words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(m.group(5))]
        lines.append((pi, x0, y0, x1, y1, words))
    lines.sort(key=lambda l: (round(l[2], 1), l[1]))
    all_lines.append(lines)
    body.append([l for l in lines if abs((l[4] - l[2]) - lh) < 0.1])

dys = {}
for b in body:
    for a, c in zip(b, b[1:]):
        dy = round(c[2] - a[2], 2)
        if 0 < dy < 2.5 * size:
            dys[dy] = dys.get(dy, 0) + 1
pitch = max(dys, key=dys.get) if dys else 0
flat = [l for b in body for l in b]
left = min(l[1] for l in flat)
right = max(l[3] for l in flat)
full = [l for l in flat if abs(l[1] - left) < 1 and abs(l[3] - right) < 1.5 and len(l[5]) > 1]


def chars(l):
    return sum(len(w[4].replace("\u00ad", "")) for w in l[5]) + len(l[5]) - 1


cpl = statistics.mean(chars(l) for l in full) if full else 0
paras = []
for b in body:
    cur = []
    for l in b:
        if cur and (abs(l[2] - cur[-1][2] - pitch) > 0.3 or abs(l[1] - cur[-1][1]) > 2 * size):
            paras.append(cur)
            cur = []
        cur.append(l)
    if cur:
        paras.append(cur)


def hyph(l):
    return bool(l[5]) and l[5][-1][4].endswith("\u00ad")


n_lines = sum(len(p) - 1 for p in paras)
n_hyph = sum(1 for p in paras for l in p[:-1] if hyph(l))
run = best = 0
for p in paras:
    run = 0
    for l in p[:-1]:
        run = run + 1 if hyph(l) else 0
        best = max(best, run)
multi = [p for p in paras if len(p) >= 2 and abs(p[-2][3] - right) < 1.5]
short = [p for p in multi if len(p[-1][5]) == 1 or p[-1][3] - p[-1][1] < 0.15 * (right - left)]

op_start = sum(1 for l in flat if l[5] and l[5][0][4][:1] in ("\u00d7", "="))
unit_split = 0
for page in all_lines:
    for a, c in zip(page, page[1:]):
        if a[5] and c[5] and re.fullmatch(r"[\d.,]+", a[5][-1][4]) and c[5][0][4].rstrip(",.;") in UNITS:
            unit_split += 1

code_gaps, text_gaps = [], []
for page in all_lines:
    words = [w for l in page for w in l[5]]
    for i in range(len(words) - 3):
        if [w[4] for w in words[i:i + 4]] == ["x", "=", "f(a,", "b)"] and words[i][1] == words[i + 3][1]:
            code_gaps += [words[k + 1][0] - words[k][2] for k in range(i, i + 3)]
for l in full:
    g = [l[5][k + 1][0] - l[5][k][2] for k in range(len(l[5]) - 1)]
    text_gaps.append(statistics.median(g))

print("pitch=%.2f" % pitch)
print("cpl=%.1f" % cpl)
print("lines=%d" % n_lines)
print("hyphenated=%.1f" % (100.0 * n_hyph / n_lines if n_lines else 0))
print("hyphen_run=%d" % best)
print("paras=%d" % len(multi))
print("short_last=%d" % len(short))
print("op_start=%d" % op_start)
print("unit_split=%d" % unit_split)
print("code_gap=%.3f" % (max(code_gaps) - min(code_gaps) if code_gaps else -1))
print("code_gaps=%d" % len(code_gaps))
print("text_gap=%.3f" % (max(text_gaps) - min(text_gaps) if text_gaps else -1))
