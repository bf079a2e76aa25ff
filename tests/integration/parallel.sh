#!/bin/sh
# Chapters laid out on several threads (issue 11): the PDF is the one a single
# thread makes, byte for byte (also with several builds at once, and with cairo's
# font-face race widened by tests/tools/facerace.c), diagnostics come in chapter
# order whatever thread found them, --jobs is checked, -v says how many threads
# ran and the default is one per core. Books: the fixtures (every construct,
# figures, diagrams, footnotes, cross-references with page numbers), random books
# with images (tests/tools/mkbook.c) and a book whose every chapter warns.
. "$ROOT/tests/lib.sh"

P="$OUT/parallel"
rm -rf "$P" && mkdir -p "$P"
MK="$ROOT/$BUILD/mkbook"

# The fonts of a PDF without their subset tags, one line each (a file embedded twice shows twice).
font_list() { pdffonts "$1" 2>/dev/null | awk 'NR > 2 { sub(/^[A-Z]+\+/, "", $1); print $1, $2 }' | sort; }

same_pdf() { # NAME CONFIG: builds with 1, 2 and 4 threads; the PDFs must be byte-identical. The pages
    # (MLSD_DUMP=pages: every item with its position and text, the outline, the structure elements)
    # and the fonts say what differs when they are not.
    for j in 1 2 4; do
        MLSD_DUMP=pages limited "$MLSD" build -q -j "$j" -c "$2" -o "$P/$1-j$j.pdf" >/dev/null 2>"$P/$1-j$j.log"
        RC=$?
        if [ "$RC" -ne 0 ]; then
            bad "$1: builds with -j $j" "exit $RC: $(head -c 300 "$P/$1-j$j.log")"
            return
        fi
        dump_lines "$P/$1-j$j.log" >"$P/$1-j$j.pages"
    done
    if [ -s "$P/$1-j1.pdf" ] && cmp -s "$P/$1-j1.pdf" "$P/$1-j2.pdf" && cmp -s "$P/$1-j1.pdf" "$P/$1-j4.pdf"; then
        ok "$1: 1, 2 and 4 threads give the same PDF bytes ($(wc -l <"$P/$1-j1.pages") items)"
    else
        font_list "$P/$1-j1.pdf" >"$P/$1-j1.fonts"
        font_list "$P/$1-j4.pdf" >"$P/$1-j4.fonts"
        bad "$1: 1, 2 and 4 threads give the same PDF bytes" "pages: $(diff "$P/$1-j1.pages" "$P/$1-j2.pages" | head -3; diff "$P/$1-j1.pages" "$P/$1-j4.pages" | head -3) fonts (-j 1, -j 4): $(diff "$P/$1-j1.fonts" "$P/$1-j4.fonts" | head -4)"
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
# Later passes hand over the chapters whose page numbers did not change (typeset_memo.c; here every
# chapter cites a page, so its second pass lays all out again): the PDF is the one laying every
# chapter out in every pass makes (MLSD_REUSE=0), with 1 and 3 threads.
for j in 1 3; do
    run_limited build -v -j "$j" -c "$b/book.yaml" -o "$P/xref-reuse-j$j.pdf"
    reused=$(sed -n 's/^chapters laid out: [0-9]* of [0-9]* (\([0-9]*\) reused)$/\1/p' "$OUT/last.log")
    MLSD_REUSE=0 limited "$MLSD" build -v -j "$j" -c "$b/book.yaml" -o "$P/xref-noreuse-j$j.pdf" >"$P/noreuse.log" 2>&1
    none=$(sed -n 's/^chapters laid out: [0-9]* of [0-9]* (\([0-9]*\) reused)$/\1/p' "$P/noreuse.log")
    if [ -n "$reused" ] && [ "${none:-x}" = 0 ] && cmp -s "$P/xref-reuse-j$j.pdf" "$P/xref-noreuse-j$j.pdf" && cmp -s "$P/xref-reuse-j$j.pdf" "$P/xref-j1.pdf"; then
        ok "xref -j $j: the same PDF as laying every chapter out in every pass ($reused reused)"
    else
        bad "xref -j $j: chapters reused, the same PDF" "reused ${reused:-?} (without: ${none:-?}); $(cmp "$P/xref-reuse-j$j.pdf" "$P/xref-noreuse-j$j.pdf")"
    fi
done

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
# The default: one thread per online core, at most 64 and at most one per chapter (8 here).
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
want=$cores
[ "$want" -gt 8 ] && want=8
run_mlsd build -v -c "$w/book.yaml" -o "$P/x.pdf"
expect_log "default: one thread per core ($want of $cores cores, 8 chapters)" "^threads: $want$"
run_mlsd build -v -j 1 -c "$w/book.yaml" -o "$P/x.pdf"
expect_log "-j 1: one thread" "^threads: 1$"

# ---- several builds at once (the machine loaded), each on 4 threads: every PDF is the -j 1 one
c="$OUT/constructs-par/book.yaml"
rounds=3
[ -n "${SAN:-}" ] && rounds=1 # sanitizer builds run several times slower
r=0
n_same=0
n_all=0
while [ "$r" -lt "$rounds" ]; do
    k=0
    while [ "$k" -lt 4 ]; do
        limited "$MLSD" build -q -j 4 -c "$c" -o "$P/stress-$k.pdf" >/dev/null 2>&1 &
        k=$((k + 1))
    done
    wait
    k=0
    while [ "$k" -lt 4 ]; do
        n_all=$((n_all + 1))
        if cmp -s "$P/constructs-j1.pdf" "$P/stress-$k.pdf"; then n_same=$((n_same + 1)); else cp "$P/stress-$k.pdf" "$P/stress-bad-$r-$k.pdf"; fi
        k=$((k + 1))
    done
    r=$((r + 1))
done
if [ "$n_same" -eq "$n_all" ]; then
    ok "constructs: $n_all builds on 4 threads, 4 at a time, all byte-identical to the one-thread build"
else
    bad "constructs: concurrent 4-thread builds are byte-identical" "$n_same of $n_all; fonts of one that differs: $(font_list "$(ls "$P"/stress-bad-* | head -1)" | uniq -d | tr '\n' ' ')"
fi

# ---- cairo's race widened (tests/tools/facerace.c): two threads asking for a file's first face at
# once would each make one (two subsets of the file). Without the faces made up front this fails
# nearly every time. A preload that replaces malloc cannot run under a sanitizer.
FR="$ROOT/$BUILD/facerace.so"
case "${SAN:+san}$BUILD" in
*san*) skip "cairo's face race widened: not with a sanitizer build" ;;
*)
    if [ ! -f "$FR" ]; then
        skip "cairo's face race widened: $FR not built (make $BUILD/facerace.so)"
    else
        n_same=0
        for j in 2 4 2 4; do
            LD_PRELOAD="$FR" limited "$MLSD" build -q -j "$j" -c "$c" -o "$P/race.pdf" >/dev/null 2>&1
            cmp -s "$P/constructs-j1.pdf" "$P/race.pdf" && n_same=$((n_same + 1))
        done
        if [ "$n_same" -eq 4 ]; then
            ok "constructs: with cairo's face race widened, 2- and 4-thread builds are byte-identical to -j 1 (4 of 4)"
        else
            bad "constructs: with cairo's face race widened, builds are byte-identical" "$n_same of 4; fonts twice: $(font_list "$P/race.pdf" | uniq -d | tr '\n' ' ')"
        fi
    fi
    ;;
esac

finish
