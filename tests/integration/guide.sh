#!/bin/sh
# The guide's content rules that `check` does not know: every case study has
# each section of its kind (check --werror on the guide), the question bank has
# at least 120 questions and the glossary at least 150 terms, and each cheat
# sheet fits on one page at A4 and at letter (measured from the PDF outline).
. "$ROOT/tests/lib.sh"

C="$ROOT/content"
run_mlsd check --werror -c "$C/book.yaml"
expect_rc "the guide passes check --werror (every chapter has its kind's sections)" 0

n=$(ls "$C"/chapters/3[0-9]-*.md "$C"/chapters/4[0-1]-*.md 2>/dev/null | wc -l)
check "twelve case studies in part III ($n)" test "$n" -ge 12
for f in "$C"/chapters/3[0-9]-*.md "$C"/chapters/4[0-1]-*.md "$C"/chapters/5[7-9]-*.md "$C"/chapters/60-*.md; do
    [ -f "$f" ] || continue
    k=$(sed -n 's/^kind: *//p' "$f" | head -1)
    w=$(wc -w <"$f")
    check "$(basename "$f"): a case study of at least 3,500 words ($k, $w)" sh -c "[ '$k' = case-study ] && [ $w -ge 3500 ]"
done
for f in "$C"/chapters/5[0-6]-*.md; do
    w=$(wc -w <"$f")
    check "$(basename "$f"): a component of at least 2,000 words ($w)" test "$w" -ge 2000
done

q=$(grep -cE '^### Q[0-9]+\. ' "$C/chapters/70-question-bank.md")
check "question bank: at least 120 questions ($q)" test "$q" -ge 120
t=$(grep -cE '^- \*\*' "$C/chapters/77-glossary.md")
check "glossary: at least 150 terms ($t)" test "$t" -ge 150

# Cheat sheets: one page each, at A4 and at letter. The outline gives each chapter's first
# page; a sheet is one page when the next chapter starts on the following page.
for paper in a4 letter; do
    sed "s/^paper: .*/paper: $paper/" "$C/book.yaml" >"$C/.book-$paper.yaml"
    run_mlsd build -q -c "$C/.book-$paper.yaml" -o "$OUT/guide-$paper.pdf"
    rm -f "$C/.book-$paper.yaml"
    expect_rc "the guide builds on $paper" 0
    qpdf --json "$OUT/guide-$paper.pdf" | python3 -c '
import json, sys
d = json.load(sys.stdin)
flat = []
def walk(items, depth):
    for o in items:
        flat.append((o["title"], o.get("destpageposfrom1"), depth))
        walk(o.get("kids", []), depth + 1)
walk(d["outlines"], 0)
for i, (t, p, depth) in enumerate(flat):
    if "heat sheet" in t and depth <= 1:
        # the next bookmark at the same or a higher level: the next chapter or part
        nxt = next((q for _, q, e in flat[i + 1:] if e <= depth), None)
        print("%s|%s|%s" % (t.replace("|", "/"), p, nxt))
' >"$OUT/cheat-$paper.txt"
    c=$(grep -c . "$OUT/cheat-$paper.txt")
    check "four cheat sheets found in the $paper outline ($c)" test "$c" -ge 4
    while IFS='|' read -r title first next; do
        [ -n "$title" ] || continue
        check "cheat sheet on one $paper page: $title (p. $first, next chapter p. $next)" test "$((next - first))" -eq 1
    done <"$OUT/cheat-$paper.txt"
done

finish
