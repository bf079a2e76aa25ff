#!/bin/sh
# Chapters laid out on several threads (issue 11): the pages are the ones a
# single thread makes, diagnostics come in chapter order whatever thread
# found them, --jobs is checked, and -v says how many threads ran. Books: the
# fixtures (every construct, figures, diagrams, footnotes, cross-references with
# page numbers), random books with images (tests/tools/mkbook.c) and a book whose
# every chapter warns.
. "$ROOT/tests/lib.sh"

P="$OUT/parallel"
rm -rf "$P" && mkdir -p "$P"
MK="$ROOT/$BUILD/mkbook"

same_pdf() { # NAME CONFIG: builds with 1, 2 and 4 threads and compares the pages (MLSD_DUMP=pages:
    # every item with its position and text, the outline, the structure elements)
    for j in 1 2 4; do
        MLSD_DUMP=pages limited "$MLSD" build -q -j "$j" -c "$2" -o "$P/$1-j$j.pdf" >/dev/null 2>"$P/$1-j$j.log"
        RC=$?
        if [ "$RC" -ne 0 ]; then
            bad "$1: builds with -j $j" "exit $RC: $(head -c 300 "$P/$1-j$j.log")"
            return
        fi
        dump_lines "$P/$1-j$j.log" >"$P/$1-j$j.pages"
    done
    if [ -s "$P/$1-j1.pages" ] && cmp -s "$P/$1-j1.pages" "$P/$1-j2.pages" && cmp -s "$P/$1-j1.pages" "$P/$1-j4.pages"; then
        ok "$1: 1, 2 and 4 threads give the same pages ($(wc -l <"$P/$1-j1.pages") items)"
    else
        bad "$1: 1, 2 and 4 threads give the same pages" "$(diff "$P/$1-j1.pages" "$P/$1-j2.pages" | head -5; diff "$P/$1-j1.pages" "$P/$1-j4.pages" | head -5)"
    fi
}

fixture_copy constructs constructs-par
same_pdf constructs "$OUT/constructs-par/book.yaml"
fixture_copy figures figures-par
same_pdf figures "$OUT/figures-par/book.yaml"
fixture_copy a11y a11y-par
same_pdf a11y "$OUT/a11y-par/book.yaml"
# The structure tree survives the join: element numbers of later chapters are shifted.
check "a11y: the multi-threaded PDF passes qpdf --check" qpdf --check "$P/a11y-j4.pdf"

# ---- a book of many chapters that refer to each other's pages, with notes and figures
b="$P/xref"
mkdir -p "$b"
i=1
while [ "$i" -le 9 ]; do
    next=$((i % 9 + 1))
    {
        printf -- '---\ntitle: Chapter %s\n---\n\n' "$i"
        printf 'See [](c%s.md#sec-%s) and the figure [](#fig-%s).\n\n' "$next" "$next" "$i"
        k=0
        while [ "$k" -lt $((i * 3)) ]; do
            printf 'Paragraph %s of chapter %s, long enough to be broken into lines by the optimal line breaker, with a note[^n%s] and [a link](https://example.com/%s/%s).\n\n' "$k" "$i" "$k" "$i" "$k"
            printf '[^n%s]: The note %s of chapter %s.\n\n' "$k" "$k" "$i"
            k=$((k + 1))
        done
        printf '## Section %s {#sec-%s}\n\n' "$i" "$i"
        printf '```dot Flow of chapter %s {#fig-%s}\ndigraph { rankdir=LR; a -> b -> c%s; }\n```\n\n' "$i" "$i" "$i"
        printf '| A | B |\n|---|---|\n| %s | two |\n\nTable: Values {#tbl-%s}\n\n' "$i" "$i"
        # The constructs that came with their own shared state: a Mermaid graph (Graphviz), code in a
        # language read from templates/highlight (the registry), math (the math font), index marks.
        printf '```mermaid\nflowchart LR\n  A%s[Start] --> B%s{Check} -->|yes| C%s((Done))\n```\n\n' "$i" "$i" "$i"
        printf '```go\nfunc f%s(x int) int { return x * %s } // comment\n```\n\n' "$i" "$i"
        printf 'Energy<!-- index: Energy %s --> is $E_{%s} = \\frac{m c^2}{%s}$ here.\n\n$$\\sum_{k=1}^{%s} k^2$$\n' "$i" "$i" "$i" "$i"
    } >"$b/c$i.md"
    i=$((i + 1))
done
printf 'title: Cross\nchapters: [c1.md, c2.md, c3.md, c4.md, c5.md, c6.md, c7.md, c8.md, c9.md]\n' >"$b/book.yaml"
same_pdf xref "$b/book.yaml"
check "xref: the index, the math font and the mermaid labels are in the multi-threaded PDF" sh -c "pdftotext '$P/xref-j4.pdf' - | grep -q '^Energy 9' && pdffonts '$P/xref-j4.pdf' | grep -q Math && pdftotext '$P/xref-j4.pdf' - | grep -q Check"
check "xref: page references are filled in" sh -c "pdftotext '$P/xref-j4.pdf' - | grep -Eq 'Section 2, p\\. [0-9]+|p\\. [0-9]+'"

# ---- random books with raster images (each image decoded once, shared by chapters)
"$MK" random 20261130 6 "$P/random" >/dev/null 2>&1
for b in "$P"/random/book-*; do
    if [ -f "$b/book.yaml" ]; then same_pdf "random-$(basename "$b")" "$b/book.yaml"; fi
done

# ---- diagnostics: in chapter order, the same with any number of threads
w="$P/warn"
mkdir -p "$w"
i=1
while [ "$i" -le 8 ]; do
    # Found by check: the link; found in layout: a character no font has.
    printf -- '---\ntitle: Warn %s\n---\n\nText [to nowhere](#missing-%s) and \356\200\200 (private use %s).\n\nMore text.\n' "$i" "$i" "$i" >"$w/w$i.md"
    i=$((i + 1))
done
printf 'title: Warnings\nchapters: [w1.md, w2.md, w3.md, w4.md, w5.md, w6.md, w7.md, w8.md]\n' >"$w/book.yaml"
"$MLSD" build -j1 -c "$w/book.yaml" -o "$P/warn1.pdf" >"$P/warn1.log" 2>&1
"$MLSD" build -j4 -c "$w/book.yaml" -o "$P/warn4.pdf" >"$P/warn4.log" 2>&1
grep -E ': (warning|error):' "$P/warn1.log" >"$P/warn1.msgs"
grep -E ': (warning|error):' "$P/warn4.log" >"$P/warn4.msgs"
n=$(wc -l <"$P/warn1.msgs")
layout_msgs=$(grep -c 'no bundled font' "$P/warn1.msgs")
if [ "$n" -ge 16 ] && [ "$layout_msgs" -eq 8 ] && cmp -s "$P/warn1.msgs" "$P/warn4.msgs"; then
    ok "diagnostics of 8 chapters: $n messages, the same and in the same order with 1 and 4 threads"
else
    bad "diagnostics in chapter order" "$(diff "$P/warn1.msgs" "$P/warn4.msgs" | head -5) ($n messages)"
fi
first=$(grep 'no bundled font' "$P/warn4.msgs" | grep -o 'w[0-9]\.md' | tr '\n' ' ')
[ "$first" = "w1.md w2.md w3.md w4.md w5.md w6.md w7.md w8.md " ] && ok "layout's messages come in chapter order (4 threads)" || bad "chapter order" "$first"

# ---- --jobs and -v
run_mlsd build -q -j 0 -c "$w/book.yaml" -o "$P/x.pdf"
expect_rc "--jobs 0 is a usage error" 2
expect_log "--jobs 0: the message names the range" "--jobs takes a number of threads from 1 to 64, not '0'"
run_mlsd build -q --jobs=65 -c "$w/book.yaml" -o "$P/x.pdf"
expect_rc "--jobs 65 is a usage error" 2
run_mlsd build -q --jobs two -c "$w/book.yaml" -o "$P/x.pdf"
expect_rc "--jobs two is a usage error" 2
run_mlsd build -v -j 3 -c "$w/book.yaml" -o "$P/x.pdf"
expect_log "-v reports the threads used" "^threads: 3$"
printf 'title: One\nchapters: [w1.md]\n' >"$w/one.yaml"
run_mlsd build -v -j 4 -c "$w/one.yaml" -o "$P/one.pdf"
expect_log "one chapter: one thread, whatever -j says" "^threads: 1$"
run_mlsd build -v -c "$w/book.yaml" -o "$P/x.pdf"
expect_log "default: one thread" "^threads: 1$"

finish
