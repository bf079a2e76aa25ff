#!/bin/sh
# Pagination measured from the PDF (text positions from pdftotext -bbox-layout, read by
# tests/tools/pagecheck.py): a heading never ends a page, not even when a figure that
# floats follows it; figures keep their order; no figure between two lines of one code
# block; pages that do not end a chapter are filled to within a line of the bottom;
# a short table stays on one page and a table that fits keeps its natural width.
. "$ROOT/tests/lib.sh"

# The A4 text area (templates/theme.yaml: 25 mm top margin, 28 mm bottom margin).
TOP=70.87
BOTTOM=762.52

dir="$OUT/pagination"
rm -rf "$dir" && mkdir -p "$dir/chapters"
printf 'title: "Pages"\nchapters: [chapters/floats.md, chapters/fill.md, chapters/tables.md]\n' > "$dir/book.yaml"
# A figure a little under half a page tall at the column's width.
printf '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="290"><rect x="5" y="5" width="390" height="280" fill="#dde" stroke="#335"/></svg>\n' > "$dir/chapters/tall.svg"
printf '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="60"><rect x="5" y="5" width="390" height="50" fill="#ede" stroke="#533"/></svg>\n' > "$dir/chapters/flat.svg"

# words N: a paragraph of N words.
words() { i=0; while [ "$i" -lt "$1" ]; do printf 'filler%d text ' "$i"; i=$((i + 1)); done; printf '\n\n'; }

{
    printf -- '---\ntitle: "Floats"\nkind: reference\n---\n\n'
    # Headings followed by a figure, at every height on the page: one of them meets the foot.
    k=1
    while [ "$k" -le 14 ]; do
        words $((k * 11))
        printf '## Heading before figure %d\n\n![Tall](tall.svg "Tall figure %d")\n\n' "$k" "$k"
        words 30
        k=$((k + 1))
    done
    # A tall figure that does not fit, then a small one that would: they keep their order.
    k=1
    while [ "$k" -le 12 ]; do
        words $((k * 13))
        printf '![Tall](tall.svg "Order tall %d")\n\n' "$k"
        words 25
        printf '![Flat](flat.svg "Order flat %d")\n\n' "$k"
        words 40
        k=$((k + 1))
    done
    # A figure deferred next to a code block that splits across the page: it waits for the block's end.
    for b in A B C D E; do
        words 70
        printf '![Tall](tall.svg "Before code %s")\n\n```text\n' "$b"
        n=1
        while [ "$n" -le 40 ]; do printf 'blk%s-%d = step(%d)\n' "$b" "$n" "$n"; n=$((n + 1)); done
        printf '```\n\n'
    done
    words 40
} > "$dir/chapters/floats.md"

{
    printf -- '---\ntitle: "Fill"\nkind: reference\n---\n\nFillstart.\n\n'
    k=1
    while [ "$k" -le 6 ]; do
        printf '## Section %d\n\n' "$k"
        words $((40 + k * 7))
        printf '> [!NOTE]\n> '
        words $((90 + k * 25))
        words 55
        printf -- '- first item %s\n' "$(words 30)"
        printf -- '- second item %s\n\n' "$(words 12)"
        printf '| Name | Meaning |\n|---|---|\n'
        r=1
        while [ "$r" -le $((6 + k * 2)) ]; do printf '| fillrow%d | %s |\n' "$r" "$(words $((r % 3 * 6 + 4)) | tr -d '\n')"; r=$((r + 1)); done
        printf '\n'
        words $((35 + k * 9))
        k=$((k + 1))
    done
} > "$dir/chapters/fill.md"

{
    printf -- '---\ntitle: "Tables"\nkind: reference\n---\n\nTablesstart.\n\n'
    printf '| Key | Value |\n|---|---|\n| alpha | 1 |\n| beta | 22 |\n\n'
    # Three-row tables at every height on the page: none splits.
    k=1
    while [ "$k" -le 8 ]; do
        words $((k * 23))
        printf 'Table: Short table %d\n\n| Shortcol%d | Other |\n|---|---|\n' "$k" "$k"
        printf '| short%drowA | %s |\n| short%drowB | %s |\n| short%drowC | %s |\n\n' "$k" "$(words 14 | tr -d '\n')" "$k" "$(words 14 | tr -d '\n')" "$k" "$(words 14 | tr -d '\n')"
        k=$((k + 1))
    done
} > "$dir/chapters/tables.md"

pdf="$OUT/pagination.pdf"
run_limited build -c "$dir/book.yaml" -o "$pdf"
expect_rc "pagination book builds" 0
expect_no_log "pagination book: no warnings" "warning:|error:"
pdftotext -bbox-layout "$pdf" "$OUT/pagination.html"
python3 "$ROOT/tests/tools/pagecheck.py" "$OUT/pagination.html" "$TOP" "$BOTTOM" > "$OUT/pagination.txt"
count() { sed -n "s/^$1 //p" "$OUT/pagination.txt"; }
finding() { grep "^$1:" "$OUT/pagination.txt" | head -3 | tr '\n' ' '; }
check "measured the pages" test -n "$(count stranded)"
if [ "$(count stranded)" = 0 ]; then ok "no page ends with a heading"; else bad "no page ends with a heading" "$(finding stranded)"; fi
if [ "$(count order)" = 0 ]; then ok "figures in increasing order"; else bad "figures in increasing order" "$(finding order)"; fi
if [ "$(count interrupt)" = 0 ]; then ok "no figure inside a code block"; else bad "no figure inside a code block" "$(finding interrupt)"; fi
figs=$(grep -o '>Figure</word>' "$OUT/pagination.html" | wc -l)
check "every figure is there ($figs of 43)" test "$figs" -eq 43
# Every code block is there, whole and in order (blkA-1 … blkA-40).
for b in A B C D E; do
    n=$(pdftotext "$pdf" - | grep -c "^blk$b-")
    check "code block $b whole ($n of 40 lines)" test "$n" -eq 40
done

# The pages of the "Fill" chapter end within a line of the bottom, but for its last page
# (the chapter's end: the Tables chapter opens the next page, without a running head).
pages_of() { # WORD: the pages holding WORD, one a line
    python3 - "$OUT/pagination.html" "$1" <<'EOF'
import re, sys
pages = re.findall(r'<page [^>]*>(.*?)</page>', open(sys.argv[1], encoding="utf-8").read(), re.S)
for i, p in enumerate(pages):
    if ">%s</word>" % sys.argv[2] in p:
        print(i + 1)
EOF
}
fill_first=$(pages_of Fillstart. | head -1)
fill_last=$(($(pages_of Tablesstart. | head -1) - 1))
check "the Fill chapter found (pages $fill_first-$fill_last)" test -n "$fill_first" -a "$fill_last" -gt "$fill_first"
python3 "$ROOT/tests/tools/pagecheck.py" "$OUT/pagination.html" "$TOP" "$BOTTOM" "$fill_first" "$fill_last" > "$OUT/pagination-fill.txt"
if grep -q '^loose 0$' "$OUT/pagination-fill.txt"; then ok "Fill pages end within a line of the bottom"; else
    bad "Fill pages end within a line of the bottom" "$(grep '^short:\|^loose' "$OUT/pagination-fill.txt" | tr '\n' ' ')"; fi

# Tables: the two-column table of short words keeps its natural width: its second column
# starts right after the first one's widest word (two cell paddings, 9 pt, not the column's spare room).
gap=$(python3 - "$OUT/pagination.html" <<'EOF'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
w = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', t)
right, left = 0, 1e9
for a, b in (("Key", "Value"), ("alpha", "1"), ("beta", "22")):
    # The cells of one row share a baseline (the first such pair on the page).
    pair = [(x, y) for x in w if x[3] == a for y in w if y[3] == b and abs(float(x[1]) - float(y[1])) < 1]
    if pair:
        right = max(right, float(pair[0][0][2]))
        left = min(left, float(pair[0][1][0]))
print("%.1f" % (left - right))
EOF
)
check "a narrow table keeps its natural width (column gap $gap pt)" awk -v g="$gap" 'BEGIN { exit !(g > 0 && g < 12) }'
# Each short table's three rows are on one page.
k=1
split=""
while [ "$k" -le 8 ]; do
    p1=""; p3=""
    for p in $(seq 1 "$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')"); do
        t=$(pdftotext -f "$p" -l "$p" "$pdf" -)
        case "$t" in *"short${k}rowA"*) p1=$p ;; esac
        case "$t" in *"short${k}rowC"*) p3=$p ;; esac
    done
    [ -n "$p1" ] && [ "$p1" = "$p3" ] || split="$split $k($p1-$p3)"
    k=$((k + 1))
done
if [ -z "$split" ]; then ok "three-row tables stay on one page"; else bad "three-row tables stay on one page" "split:$split"; fi
# A long table split across pages repeats its header and leaves at least two rows on each side.
rows_ok=true
for p in $(seq 1 "$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')"); do
    t=$(pdftotext -f "$p" -l "$p" "$pdf" -)
    n=$(printf '%s\n' "$t" | grep -c '^fillrow')
    if [ "$n" -gt 0 ]; then
        [ "$n" -ge 2 ] || rows_ok=false
        printf '%s\n' "$t" | grep -q '^Meaning$' || rows_ok=false
    fi
done
check "a split table: header on every page, two rows or more on each" $rows_ok
qpdf_ok "pagination book" "$pdf"

# A long table of tall rows after text that leaves a few lines free: it splits after one tall row
# (four lines are as good as two rows) instead of moving whole and leaving the page short.
# One chapter per amount of text before it, so one of them meets each height.
tr="$OUT/pagination-tallrows"
rm -rf "$tr" && mkdir -p "$tr"
{
    printf 'title: "Tall rows"\nchapters:\n'
    k=0; while [ "$k" -le 12 ]; do printf '  - t%d.md\n' "$k"; k=$((k + 1)); done
} > "$tr/book.yaml"
k=0
while [ "$k" -le 12 ]; do
    {
        printf '# Tall %d\n\n' "$k"
        words $((300 + k * 12))
        printf '| Tallkey | Meaning |\n|---|---|\n'
        r=1; while [ "$r" -le 6 ]; do printf '| tallrow%d | %s |\n' "$r" "$(words 30 | tr -d '\n')"; r=$((r + 1)); done
        printf '\n'
        words 500
    } > "$tr/t$k.md"
    k=$((k + 1))
done
run_limited build -c "$tr/book.yaml" -o "$tr/out.pdf"
expect_rc "tall-row tables book builds" 0
pdftotext -bbox-layout "$tr/out.pdf" "$tr/out.html"
python3 "$ROOT/tests/tools/pagecheck.py" "$tr/out.html" "$TOP" "$BOTTOM" > "$tr/check.txt"
if grep -q '^short 0$' "$tr/check.txt"; then ok "tables of tall rows leave no short page"; else
    bad "tables of tall rows leave no short page" "$(grep '^short' "$tr/check.txt" | tr '\n' ' ')"; fi

finish
