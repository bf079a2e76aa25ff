#!/bin/sh
# Memory stays flat with the length of the book: pages are drawn and freed chapter by chapter
# (src/cmd/typeset.c), not all held until the PDF is written. A generated book of ~700 pages of
# prose, every paragraph different (so no layout is shared), is built on one thread, and its peak
# RSS (/usr/bin/time) must stay under a bound: holding every page's layouts took ~200 MB here,
# drawing them as they come takes ~100 MB (most of it the fonts, the parse trees and the final
# qpdf step, which reads the whole file).
. "$ROOT/tests/lib.sh"

BOUND_KB=150000
CHAPTERS=50
dir="$OUT/memory"
rm -rf "$dir" && mkdir -p "$dir/chapters"
{
    printf 'title: "Long"\nchapters:\n'
    c=1
    while [ "$c" -le "$CHAPTERS" ]; do printf '  - chapters/c%03d.md\n' "$c"; c=$((c + 1)); done
} >"$dir/book.yaml"
# 4 sections of 5 paragraphs of 90 numbered words per chapter (~14 pages).
awk -v n="$CHAPTERS" -v d="$dir" 'BEGIN {
    for (c = 1; c <= n; c++) {
        f = sprintf("%s/chapters/c%03d.md", d, c)
        printf "# Chapter %d\n\n", c > f
        for (s = 1; s <= 4; s++) {
            printf "## Section %d.%d\n\nSee [](#section-%d%d) for more.\n\n", c, s, c, s % 4 + 1 > f
            for (p = 1; p <= 5; p++) {
                for (w = 1; w <= 90; w++) printf "w%dx%dy%d lorem ipsum ", c, s * 10 + p, w > f
                printf "\n\n" > f
            }
        }
        close(f)
    }
}'

if [ -n "${SAN:-}" ]; then
    skip "memory: not measured in a sanitizer build (its allocator's overhead)"
    finish
    exit
fi
if [ ! -x /usr/bin/time ]; then
    skip "memory: /usr/bin/time is not installed"
    finish
    exit
fi
# The build takes some 7 s of CPU here (two passes: the first finds the page numbers); a loaded
# machine may stretch that several times on the clock.
keep=$LIMIT keep_wall=$WALL
LIMIT=60 WALL=240
limited /usr/bin/time -f '%M' -o "$dir/peak" "$MLSD" build -q -j 1 -c "$dir/book.yaml" -o "$dir/long.pdf" >"$OUT/last.log" 2>&1
RC=$?
LIMIT=$keep WALL=$keep_wall
expect_rc "memory: a ~700-page book builds" 0
pages=$(pdfinfo "$dir/long.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
if [ "${pages:-0}" -ge 600 ]; then ok "memory: $pages pages"; else bad "memory: pages" "${pages:-no} pages, expected at least 600"; fi
expect_text "memory: the last chapter is there" "$dir/long.pdf" "w${CHAPTERS}x45y90"
# Drawn chapter by chapter, the PDF is still whole: page references resolved, sound structure.
if pdftotext "$dir/long.pdf" - 2>/dev/null | grep -q 'p\. ?'; then bad "memory: page references" "one printed 'p. ?'"
else ok "memory: page references resolved"; fi
qpdf_ok "memory" "$dir/long.pdf"
peak=$(tail -n 1 "$dir/peak")
if [ -n "$peak" ] && [ "$peak" -lt "$BOUND_KB" ]; then
    ok "memory: peak RSS ${peak} KB < ${BOUND_KB} KB"
else
    bad "memory: peak RSS" "${peak:-unknown} KB, bound ${BOUND_KB} KB (are all pages held until the PDF is written?)"
fi
finish
