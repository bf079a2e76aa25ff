#!/bin/sh
# Running heads and the table of contents, measured from `pdftotext -bbox-layout`:
# a long chapter title in the head ends at a word end followed by "…" and stays
# inside the text column; the chapter head takes the room a short section head
# leaves free; `short_title:` is the running head while the bookmark keeps the
# full title; in the contents, titles of n.9 and n.10 start at the same x and the
# leader dots of every row sit on one grid and end at one place.
. "$ROOT/tests/lib.sh"

B="$OUT/heads"
rm -rf "$B" && mkdir -p "$B/chapters"
LONG1="A chapter with a remarkably long title that goes on and on about capacity planning for distributed storage systems"
SECT2="A long section title about replication lag and read-your-writes consistency guarantees"
LONG2="Another very long chapter title that would overflow the running head line of the page"
printf 'title: Heads Fixture\nauthor: A. Tester\nchapters:\n  - chapters/one.md\n  - chapters/two.md\n' >"$B/book.yaml"
para() { # N SENTENCE: one paragraph of N sentences
    i=0; while [ "$i" -lt "$1" ]; do printf '%s ' "$2"; i=$((i + 1)); done; printf '\n\n'
}
{
    printf -- '---\ntitle: "%s"\nkind: reference\n---\n\n' "$LONG1"
    for i in 1 2 3 4 5 6 7 8 9 10 11; do
        if [ "$i" = 2 ]; then
            printf '## %s\n\n' "$SECT2"
            for j in 1 2 3 4 5 6 7 8; do para 6 "Body text inside the long section that runs over a whole page of its own."; done
        else
            printf '## Section number %s\n\n' "$i"
        fi
        para 6 "Body text that fills the page so that the running heads appear on the following pages."
        para 6 "More filler words go here to push the content further along the pages of this chapter."
    done
} >"$B/chapters/one.md"
{
    printf -- '---\ntitle: "%s"\nshort_title: "Short head"\nkind: reference\n---\n\n' "$LONG2"
    for i in 1 2 3; do
        printf '## Part %s of three\n\n' "$i"
        para 90 "Filler words for the second chapter that make several pages of running text."
    done
} >"$B/chapters/two.md"
pdf="$OUT/heads.pdf"
run_mlsd build -c "$B/book.yaml" -o "$pdf"
expect_rc "heads book builds" 0
expect_no_log "heads book: short_title is a known front matter key" "unknown front matter key"
pdftotext -bbox-layout "$pdf" "$OUT/heads.html" 2>/dev/null

# One line per check: "ok NAME" or "FAIL NAME: detail".
python3 - "$OUT/heads.html" "1 $LONG1" "1.2 $SECT2" "2 Short head" >"$OUT/heads-checks.txt" 2>&1 <<'EOF'
import re, sys
html, chap1, sect2, short2 = sys.argv[1:5]
ELL = "\u2026"
pages, widths = [], []
for pw, pg in re.findall(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', open(html, encoding="utf-8").read(), re.S):
    widths.append(float(pw))
    lines = []
    for ln in re.findall(r'<line[^>]*>(.*?)</line>', pg, re.S):
        ws = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
              re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', ln)]
        if ws: lines.append(ws)
    pages.append(lines)
out = []
def check(name, cond, detail=""):
    out.append(("ok " if cond else "FAIL ") + name + ("" if cond else ": " + detail))

def head(lines, width):
    """Words of the topmost text line of the page, and the text column: from the
    body's left edge to the same distance from the right (the default theme's
    margins are symmetric)."""
    allw = [w for l in lines for w in l]
    if not allw: return [], 0, 0
    top = min(w[1] for w in allw)
    hw = sorted([w for w in allw if abs(w[1] - top) < 1], key=lambda w: w[0])
    body = [w for w in allw if w[1] > top + 5]
    left = min(w[0] for w in body) if body else 0
    return hw, left, width - left

def word_end_prefix(text, full):
    if not text.endswith(ELL): return False
    p = text[:-1]
    return full.startswith(p) and len(p) < len(full) and not full[len(p)].isalnum() and p[-1:].isalnum()

# Contents: the second page (after the title page).
toc = pages[1]
# Body pages with a running head that names chapter 1.
both_long = short_sect = None
short_used = False
for lines, width in zip(pages[2:], widths[2:]):
    hw, left, right = head(lines, width)
    text = " ".join(w[4] for w in hw)
    if text.startswith("1 A chapter"):
        k = next((i for i, w in enumerate(hw) if w[4].endswith(ELL)), None)
        if k is None: continue
        ch = hw[:k + 1]
        sec = hw[k + 1:]
        info = (" ".join(w[4] for w in ch), ch, " ".join(w[4] for w in sec), sec, left, right)
        if info[2].startswith("1.2 ") and both_long is None: both_long = info
        if info[2].startswith("1.3 ") and short_sect is None: short_sect = info
    if text.startswith(short2): short_used = True
    if "Another very long" in text: short_used = False; break

for name, info in (("long chapter head beside a long section head", both_long),
                   ("long chapter head beside a short section head", short_sect)):
    if info is None:
        check(name + ": found", False, "no such page")
        continue
    ctext, cw, stext, sw, left, right = info
    check(name + ": ends at a word end with an ellipsis", word_end_prefix(ctext, chap1), repr(ctext))
    check(name + ": inside the text column", cw[0][0] >= left - 0.5 and (sw[-1][2] if sw else cw[-1][2]) <= right + 0.5,
          "head %.1f–%.1f, column %.1f–%.1f" % (cw[0][0], sw[-1][2] if sw else cw[-1][2], left, right))
    check(name + ": the heads do not touch", not sw or cw[-1][2] < sw[0][0] - 5, "chapter ends %.1f, section starts %.1f" % (cw[-1][2], sw[0][0] if sw else 0))
    if stext.startswith("1.2 "):
        check(name + ": the section head is cut at a word end too", stext == sect2 or word_end_prefix(stext, sect2), repr(stext))
if short_sect:
    ctext, cw, stext, sw, left, right = short_sect
    check("a short section head leaves its room to the chapter head", cw[-1][2] > left + 0.6 * (right - left),
          "chapter head ends at %.1f of %.1f–%.1f" % (cw[-1][2], left, right))
check("short_title is the running head", short_used)

# Contents: the title of 1.9 and 1.10 start at the same x.
def toc_title_x(num):
    words = [w for l in toc for w in l]
    for n in words:
        if n[4] == num:
            after = sorted((w for w in words if abs(w[1] - n[1]) < 1 and w[0] > n[2]), key=lambda w: w[0])
            return after[0][0] if after else None
    return None
x9, x10 = toc_title_x("1.9"), toc_title_x("1.10")
check("contents: titles of 1.9 and 1.10 start at the same x", x9 is not None and x10 is not None and abs(x9 - x10) < 0.5,
      "%s vs %s" % (x9, x10))
# Leader dots: every dot word's start modulo the grid step agrees across rows,
# and every row's last dot ends at the same x.
rows = []
for l in toc:
    dots = [w for w in l if w[4] and set(w[4]) == {"."}]
    if dots: rows.append(dots)
singles = [d for r in rows for d in r if d[4] == "."]
steps = sorted(round(b[0] - a[0], 2) for r in rows for a, b in zip(r, r[1:]) if a[4] == "." and b[4] == ".")
check("contents: leader rows found", len(rows) >= 10 and steps, "%d rows" % len(rows))
if rows and steps:
    step = steps[len(steps) // 2]
    base = rows[0][0][0]
    off = [((r[0][0] - base) / step) for r in rows]
    bad_rows = [o for o in off if abs(o - round(o)) * step > 0.5]
    check("contents: leader dots of all rows sit on one grid (within 0.5 pt)", not bad_rows,
          "offsets in steps: %s" % [round(o, 3) for o in off])
    ends = [r[-1][2] for r in rows]
    check("contents: leaders of all rows end at the same x", max(ends) - min(ends) < 0.5, "ends %s" % ends)
print("\n".join(out))
EOF
while IFS= read -r line; do
    case $line in
    "ok "*) ok "${line#ok }" ;;
    "FAIL "*) n=${line#FAIL }; bad "${n%%: *}" "${n#*: }" ;;
    *) bad "heads measurement" "$line" ;;
    esac
done <"$OUT/heads-checks.txt"

# The bookmark keeps the full title.
qpdf --json "$pdf" 2>/dev/null | grep -q "\"2 $LONG2\"" && ok "the outline keeps the full title" || bad "the outline keeps the full title" "no '2 $LONG2' in the outlines"

# short_title: a string within the title limit; a non-string is an error with its position.
mkdir -p "$B/bad/chapters"
printf 'title: Bad\nchapters:\n  - chapters/one.md\n' >"$B/bad/book.yaml"
printf -- '---\ntitle: "One"\nshort_title: [a, b]\n---\n\nText.\n' >"$B/bad/chapters/one.md"
run_mlsd check -c "$B/bad/book.yaml"
expect_rc "short_title: a list is an error" 1
expect_log "short_title: the error names its position" "one\\.md:3:[0-9]+: error"

finish
