#!/bin/sh
# Book-grade features: a table over three pages with its header repeated and a
# numbered caption, references filled in with the right page numbers, the
# contents' page numbers, two-sided layout, footnotes at the foot of the page.
. "$ROOT/tests/lib.sh"

# ---- A long table and references to it.
dir="$OUT/longtable"
rm -rf "$dir" && mkdir -p "$dir/chapters"
cat > "$dir/book.yaml" <<'YAML'
title: "Long Table Book"
paper: a4
chapters: [chapters/one.md, chapters/two.md]
YAML
{
    printf -- '---\ntitle: "Tables"\n---\n\nSee [](#tbl-batch) and [](two.md#far-section).\n\n'
    printf 'Table: Batch vs online inference {#tbl-batch}\n\n'
    printf '| Row | Option | Notes |\n|---:|---|---|\n'
    awk 'BEGIN { for (i = 1; i <= 150; i++) printf "| %d | option %d | note text for row %d that is long enough to wrap in its column |\n", i, i, i }'
    printf '\nAfter the table[^n].\n\n[^n]: A footnote under the table.\n'
} > "$dir/chapters/one.md"
printf -- '---\ntitle: "Second"\n---\n\n## Far section\n\nBack to [](one.md#tbl-batch).\n' > "$dir/chapters/two.md"
pdf="$OUT/longtable.pdf"
run_mlsd build -c "$dir/book.yaml" -o "$pdf"
expect_rc "long table builds" 0
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
# Pages on which the table's rows appear, and whether the header is on each.
spanned=0; with_header=0
for p in $(seq 1 "$pages"); do
    t=$(pdftotext -f "$p" -l "$p" "$pdf" -)
    if echo "$t" | grep -q "option [0-9]"; then
        spanned=$((spanned + 1))
        if echo "$t" | grep -q "^Row Option$"; then with_header=$((with_header + 1)); fi
    fi
done
check "table spans at least three pages ($spanned)" test "$spanned" -ge 3
check "header row on every page of the table ($with_header of $spanned)" test "$with_header" -eq "$spanned"
expect_text "numbered caption" "$pdf" "Table 1\\.1: Batch vs online inference"
# The reference names the table and the page where the caption is.
cap_page_idx=""
for p in $(seq 1 "$pages"); do
    if pdftotext -f "$p" -l "$p" "$pdf" - | grep -q "Table 1.1: Batch"; then cap_page_idx=$p; break; fi
done
front=$(qpdf --json --json-key=pagelabels "$pdf" | awk '/"index"/ { i = $2; sub(/,/, "", i) } /"\/S": "\/D"/ { print i; exit }')
cap_label=$((cap_page_idx - front))
expect_text "reference to the table with its page" "$pdf" "See Table 1\\.1, p\\. $cap_label and"
expect_text "reference from another chapter" "$pdf" "Back to Table 1\\.1, p\\. $cap_label\\."
far_idx=""
for p in $(seq 1 "$pages"); do
    if pdftotext -f "$p" -l "$p" "$pdf" - | grep -q "^2.1 Far section"; then far_idx=$p; fi
done
expect_text "reference to a section in another chapter" "$pdf" "§2\\.1, p\\. $((far_idx - front))"
# The footnote sits on the page of its reference.
ref_idx=""
for p in $(seq 1 "$pages"); do
    if pdftotext -f "$p" -l "$p" "$pdf" - | grep -q "After the table"; then ref_idx=$p; fi
done
check "footnote on the page of its reference" sh -c "pdftotext -f $ref_idx -l $ref_idx '$pdf' - | grep -q 'A footnote under the table'"

# ---- Wide tables: shrink, then break words; nothing crosses the margin; too many columns warn.
dir="$OUT/widetable"
rm -rf "$dir" && mkdir -p "$dir/chapters"
printf 'title: "Wide"\npaper: 6x9\nchapters: [chapters/w.md]\n' > "$dir/book.yaml"
{
    printf -- '---\ntitle: "Wide"\nkind: reference\n---\n\n'
    awk 'BEGIN { for (r = 0; r < 4; r++) { printf "|"; for (c = 0; c < 9; c++) printf " supercalifragilistic%d%d |", r, c; print ""; if (r == 0) { printf "|"; for (c = 0; c < 9; c++) printf "---|"; print "" } } }'
    printf '\nBetween the tables.\n\n'
    awk 'BEGIN { for (r = 0; r < 3; r++) { printf "|"; for (c = 0; c < 60; c++) printf " c%d |", c; print ""; if (r == 0) { printf "|"; for (c = 0; c < 60; c++) printf "---|"; print "" } } }'
} > "$dir/chapters/w.md"
wpdf="$OUT/widetable.pdf"
run_mlsd build -c "$dir/book.yaml" -o "$wpdf"
expect_rc "wide tables build" 0
expect_log "too many columns: a warning with file and line" "w\.md:[0-9]+:1: warning: table has too many columns"
check "a nine-column table warns nothing" test "$(grep -c 'warning:' "$OUT/last.log")" -eq 1
over=$(pdftotext -bbox "$wpdf" - | grep -o 'xMin="[0-9.]*" yMin="[0-9.]*" xMax="[0-9.]*"' | sed 's/[a-zA-Z]*="//g; s/"//g' |
    awk '$1 < 54 - 1 || $3 > 432 - 43.2 + 1 { n++ } END { print n + 0 }')
check "no glyph of a wide table outside the column ($over)" test "$over" -eq 0
check "words of the wide table are all there" sh -c "pdftotext '$wpdf' - | tr -d '\\n' | grep -q 'supercalifragilistic08'"

# ---- A row taller than a page is set in bands across pages; nothing leaves the text area.
dir="$OUT/tallrow"
rm -rf "$dir" && mkdir -p "$dir"
printf 'title: "Tall"\npaper: 6x9\nchapters: [t.md]\n' > "$dir/book.yaml"
{
    printf -- '---\ntitle: "Tall"\nkind: reference\n---\n\n| A | B |\n|---|---|\n| short | '
    awk 'BEGIN { for (i = 0; i < 1500; i++) printf "word%d ", i }'
    printf '|\n| next | row |\n\nAfter.\n'
} > "$dir/t.md"
run_mlsd build -c "$dir/book.yaml" -o "$OUT/tallrow.pdf"
expect_rc "a row taller than a page builds" 0
check "every word of the tall row is there" sh -c "pdftotext '$OUT/tallrow.pdf' - | tr -d '\\n' | grep -q 'word1499'"
low=$(pdftotext -bbox "$OUT/tallrow.pdf" - | grep 'word[0-9]' | grep -o 'yMax="[0-9.]*"' | sed 's/[^0-9.]//g' | sort -n | tail -n 1)
check "tall row stays inside the text area ($low < 590.4)" awk -v y="$low" 'BEGIN { exit !(y < 590.4) }'
pages_with=$(for p in $(seq 1 "$(pdfinfo "$OUT/tallrow.pdf" | awk '/^Pages:/ {print $2}')"); do pdftotext -f "$p" -l "$p" "$OUT/tallrow.pdf" - | grep -c '^B$' ; done | grep -c '^1$')
check "its header repeats on the pages it spans ($pages_with)" test "$pages_with" -ge 3

# ---- Contents: printed page numbers match where chapters start.
book="$FIX/constructs/book.yaml"
cpdf="$OUT/book-constructs.pdf"
run_mlsd build -q -c "$book" -o "$cpdf"
front=$(qpdf --json --json-key=pagelabels "$cpdf" | awk '/"index"/ { i = $2; sub(/,/, "", i) } /"\/S": "\/D"/ { print i; exit }')
toc_num=$(pdftotext -f 2 -l 2 -layout "$cpdf" - | sed -n 's/^ *2 *Block constructs[ .]*\([0-9]*\)$/\1/p')
check "contents gives chapter 2 a page number" test -n "$toc_num"
if [ -n "$toc_num" ]; then
    idx=$((toc_num + front))
    check "chapter 2 starts on the page the contents gives" sh -c "pdftotext -f $idx -l $idx '$cpdf' - | grep -q '^Block constructs'"
fi
qpdf --qdf --object-streams=disable "$cpdf" "$OUT/book-constructs-qdf.pdf"
check "contents entries link to chapters" grep -aq "/Dest (c.blocks)" "$OUT/book-constructs-qdf.pdf"

# ---- Two-sided: chapters open on right-hand (odd) pages; margins mirror.
fixture_copy constructs twosided
printf 'two_sided: true\ntheme:\n  papers:\n    a4: { margin_inner: 32mm, margin_outer: 22mm }\n' >> "$OUT/twosided/book.yaml"
tpdf="$OUT/twosided.pdf"
run_mlsd build -q -c "$OUT/twosided/book.yaml" -o "$tpdf"
expect_rc "two-sided book builds" 0
tpages=$(pdfinfo "$tpdf" | awk '/^Pages:/ {print $2}')
odd_ok=1
for p in $(seq 1 "$tpages"); do
    if pdftotext -f "$p" -l "$p" "$tpdf" - | head -3 | grep -q "^Chapter [0-9]"; then
        [ $((p % 2)) -eq 1 ] || odd_ok=0
    fi
done
check "two-sided: every chapter opens on an odd page" test "$odd_ok" -eq 1
x_odd=$(pdftotext -f 5 -l 5 -bbox "$tpdf" - | grep -o 'xMin="[0-9.]*"' | sed 's/[^0-9.]//g' | sort -n | head -1)
x_even=$(pdftotext -f 6 -l 6 -bbox "$tpdf" - | grep -o 'xMin="[0-9.]*"' | sed 's/[^0-9.]//g' | sort -n | head -1)
check "two-sided: left margins differ on facing pages ($x_odd vs $x_even)" sh -c "[ '$x_odd' != '$x_even' ]"

finish
