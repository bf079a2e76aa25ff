#!/bin/sh
# HTML <table> blocks as README files have them, set as real tables: a header
# row of <th> (or <thead>), body rows, cells holding <b>, <code>, <br>, <img>
# and <a href>, align and colspan, a <caption> that numbers the table, a table
# split by blank lines with Markdown in its cells, a long table whose header
# repeats on every page, and malformed tables that must build quickly with
# warnings. Positions come from `pdftotext -bbox-layout`. Every run is limited as tests/lib.sh says (LIMIT).
. "$ROOT/tests/lib.sh"

MK="$ROOT/$BUILD/mkbook"
D="$OUT/htmltable"
rm -rf "$D" && mkdir -p "$D/chapters"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
# word_box BBOX WORD: "xMin yMin xMax yMax" of the first word that is exactly WORD
word_box() {
    grep -o "<word xMin=\"[0-9.]*\" yMin=\"[0-9.]*\" xMax=\"[0-9.]*\" yMax=\"[0-9.]*\">$2</word>" "$1" | head -n 1 |
        sed 's/<word xMin="\([0-9.]*\)" yMin="\([0-9.]*\)" xMax="\([0-9.]*\)" yMax="\([0-9.]*\)">.*/\1 \2 \3 \4/'
}
# same VALUE VALUE: equal within 0.5 pt
same() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(a != "" && b != "" && d < 0.5 && d > -0.5) }'; }
less() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && b != "" && a + 0 < b + 0) }'; }
all_same() { v=$1; shift; for x in "$@"; do same "$v" "$x" || return 1; done; }
increasing() { v=$1; shift; for x in "$@"; do less "$v" "$x" || return 1; v=$x; done; }
field() { echo "$1" | cut -d' ' -f"$2"; }

"$MK" png 64 32 "$D/chapters/logo.png"
"$MK" png 48 24 "$D/chapters/gfm.png"
"$MK" png 96 48 "$D/chapters/face.png"
printf 'title: "HTML tables"\npaper: a4\nchapters: [chapters/a.md, chapters/b.md]\n' > "$D/book.yaml"
cat > "$D/chapters/a.md" <<'EOF'
---
title: "Tables in HTML"
kind: reference
---

The services are listed in [](#tbl-services).

<table>
<caption>Services and their owners {#tbl-services}</caption>
<tr><th>Service</th><th>Latency</th><th>Notes</th></tr>
<tr><td>alpha1</td><td align="right">beta1</td><td>gamma1</td></tr>
<tr><td><b>alpha2</b></td><td align="right">beta2</td><td>uses <code>redisclient</code><br>secondline</td></tr>
<tr><td><a href="https://example.com/ranker">alpha3</a></td><td align="right">beta3</td><td>gamma3 <img src="logo.png" alt="the logo"></td></tr>
<tr><td colspan="2">spanning both of the first two columns of this table spanend</td><td>gamma4</td></tr>
</table>

<div align="center">
<table>
  <thead>
    <tr>
      <th>Left</th>
      <th>Right</th>
    </tr>
  </thead>
  <tbody>
    <tr>
      <td>

**Markdown** cellword

- itemone
- itemtwo

</td>
      <td>plainright</td>
    </tr>
  </tbody>
</table>
</div>

<table>
<tr>
<td align="center"><img src="face.png" width="64"><br><b>Alicegrid</b></td>
<td align="center">Carolgrid</td>
</tr>
</table>

<table><tr><td>outer <table><tr><td>innerone</td><td>innertwo</td></tr></table></td><td>outertwo</td></tr></table>

Text after the tables.

| Logo | Name |
|---|---|
| ![gfm logo](gfm.png) | gfmname |
EOF
{
    printf -- '---\ntitle: "A long HTML table"\nkind: reference\n---\n\n<table>\n<thead><tr><th>Row</th><th>Option</th></tr></thead>\n<tbody>\n'
    awk 'BEGIN { for (i = 1; i <= 150; i++) printf "<tr><td>%d</td><td>option %d with text long enough to be a real cell</td></tr>\n", i, i }'
    printf '</tbody>\n</table>\n'
} > "$D/chapters/b.md"
pdf="$D/tables.pdf"
run_limited build -c "$D/book.yaml" -o "$pdf"
expect_rc "HTML tables build" 0
expect_no_log "no unsupported-tag warning for table tags" "unsupported HTML tag"
expect_no_log "no warning at all" "warning:"
qpdf_ok "HTML tables" "$pdf"
run_limited check -c "$D/book.yaml"
expect_rc "check passes the HTML tables" 0
txt=$(pdftotext "$pdf" - | tr '\n' ' ')
missing=""
for w in alpha1 beta1 gamma1 alpha2 beta2 redisclient secondline alpha3 beta3 gamma3 spanning gamma4 Markdown cellword \
    itemone itemtwo plainright outer innerone innertwo outertwo Service Latency Notes; do
    case "$txt" in *"$w"*) ;; *) missing="$missing $w" ;; esac
done
check "all cell text is there (missing:$missing)" test -z "$missing"
case "$txt" in *"<td>"* | *"<table>"* | *"<th>"*) bad "no tag text in the PDF" "tags printed";; *) ok "no tag text in the PDF";; esac
expect_text "the <caption> numbers the table" "$pdf" "Table 1\\.1: Services and their owners"
expect_text "a reference to the table by the caption's id" "$pdf" "listed in Table 1\\.1, p\\. 1\\."

pdftotext -bbox-layout "$pdf" "$D/bbox.html"
bb="$D/bbox.html"
a1=$(word_box "$bb" alpha1); b1=$(word_box "$bb" beta1); g1=$(word_box "$bb" gamma1)
a2=$(word_box "$bb" alpha2); g2=$(word_box "$bb" uses); b2=$(word_box "$bb" beta2); g3=$(word_box "$bb" gamma3)
a3=$(word_box "$bb" alpha3); b3=$(word_box "$bb" beta3); g4=$(word_box "$bb" gamma4); sp=$(word_box "$bb" spanning)
hs=$(word_box "$bb" Service); hl=$(word_box "$bb" Latency); hn=$(word_box "$bb" Notes)
check "row 1: cells share a baseline" all_same "$(field "$a1" 4)" "$(field "$b1" 4)" "$(field "$g1" 4)"
check "row 3: cells share a baseline (a link, text, text beside an image)" all_same "$(field "$a3" 4)" "$(field "$b3" 4)" "$(field "$g3" 4)"
check "header row: cells share a baseline" all_same "$(field "$hs" 4)" "$(field "$hl" 4)" "$(field "$hn" 4)"
check "rows go down the page" increasing "$(field "$hs" 4)" "$(field "$a1" 4)" "$(field "$a2" 4)" "$(field "$a3" 4)" "$(field "$sp" 4)"
check "column 1 lines up (left edges)" all_same "$(field "$a1" 1)" "$(field "$a2" 1)" "$(field "$a3" 1)" "$(field "$hs" 1)" "$(field "$sp" 1)"
check "column 2 lines up (right aligned: right edges)" all_same "$(field "$b1" 3)" "$(field "$b2" 3)" "$(field "$b3" 3)"
check "column 3 lines up (left edges)" all_same "$(field "$g1" 1)" "$(field "$g2" 1)" "$(field "$g3" 1)" "$(field "$g4" 1)" "$(field "$hn" 1)"
check "columns do not overlap" increasing "$(field "$a1" 3)" "$(field "$hl" 1)" "$(field "$b1" 3)" "$(field "$g1" 1)"
check "<br> breaks the cell's line" less "$(field "$g2" 4)" "$(field "$(word_box "$bb" secondline)" 4)"
# The 32 px (24 pt) image goes below its cell's text: the next row starts that much lower.
check "the image in a cell makes its row taller" awk -v a="$(field "$g3" 4)" -v b="$(field "$sp" 4)" 'BEGIN { exit !(b - a > 24) }'
ag=$(word_box "$bb" Alicegrid); cg=$(word_box "$bb" Carolgrid)
# face.png is 96×48 px shown 64 px (48 pt) wide: 24 pt tall.
check "an image first in its cell goes above the text, the <br> after it adds no empty line" \
    awk -v a="$(field "$cg" 4)" -v b="$(field "$ag" 4)" 'BEGIN { d = b - a; exit !(d > 24 && d < 24 + 10) }'
check "a colspan cell runs into the second column, on one line" sh -c "$(printf '[ "%s" = "%s" ]' "$(field "$(word_box "$bb" spanend)" 4)" "$(field "$sp" 4)")"
check "a colspan cell reaches past column 1" less "$(field "$hl" 1)" "$(field "$(word_box "$bb" spanend)" 3)"
check "the image in a cell is drawn" sh -c "pdfimages -list '$pdf' | grep -q ' 64 *32 '"
check "an image in a GFM table cell is drawn (it was dropped)" sh -c "pdfimages -list '$pdf' | grep -q ' 48 *24 '"
qpdf --qdf --object-streams=disable "$pdf" "$D/tables.qdf" 2>/dev/null
check "the <a href> in a cell is a link" grep -aq "https://example.com/ranker" "$D/tables.qdf"
mk=$(word_box "$bb" Markdown); pr=$(word_box "$bb" plainright); i2=$(word_box "$bb" itemtwo)
check "blank lines in a table: Markdown in a cell, beside its neighbour" same "$(field "$mk" 4)" "$(field "$pr" 4)"
check "blank lines in a table: the list stays in the cell" increasing "$(field "$pr" 4)" "$(field "$i2" 4)"
check "blank lines in a table: the list stays in its column" less "$(field "$i2" 3)" "$(field "$pr" 1)"
check "a nested table is flattened into its cell" same "$(field "$(word_box "$bb" outer)" 4)" "$(field "$(word_box "$bb" outertwo)" 4)"
# The long table: the header row on every page it spans.
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
spanned=0; with_header=0
for p in $(seq 1 "$pages"); do
    t=$(pdftotext -layout -f "$p" -l "$p" "$pdf" -)
    if echo "$t" | grep -Eq "^ *[0-9]+ +option [0-9]"; then
        spanned=$((spanned + 1))
        if echo "$t" | grep -Eq "^ *Row +Option *$"; then with_header=$((with_header + 1)); fi
    fi
done
check "the long HTML table spans pages ($spanned)" test "$spanned" -ge 2
check "its header row on every page ($with_header of $spanned)" test "$with_header" -eq "$spanned"
expect_text "its last row is there" "$pdf" "option 150 with"

# ---- Malformed tables: bounded, warned about, never a crash or a hang.
M="$D/bad"
mkdir -p "$M/chapters"
printf 'title: "Bad tables"\npaper: a4\nchapters: [chapters/m.md]\n' > "$M/book.yaml"
{
    printf -- '---\ntitle: "Malformed"\nkind: reference\n---\n\n'
    printf '<table><tr>'; awk 'BEGIN { for (i = 0; i < 10000; i++) printf "<td>c%d</td>", i }'; printf '</tr></table>\n\n'
    printf '<table><tr><td colspan="99999999999999" rowspan="-3">wide</td><td>x</td></tr><tr><td rowspan="100000">down</td></tr></table>\n\n'
    printf '</td></tr></table><td>strayend</td>\n\n'
    printf '<table><tr><td>a<td>b</td></td></tr><tr><td>c</tr></td><td>dcell</table>\n\n'
    printf '<table>'; awk 'BEGIN { for (i = 0; i < 2000; i++) printf "<table><tr><td>" }'; printf '\n\n'
    printf '<table>\n'; awk 'BEGIN { for (i = 0; i < 12000; i++) printf "<tr><td>r%d</td><td>s</td></tr>\n", i }'; printf '</table>\n\n'
    awk 'BEGIN { for (i = 0; i < 400; i++) printf "<table>\n\npara %d\n\n", i }'
    printf '<table><tr><td>unclosed cell <b>boldword\n\nLast paragraph.\n'
} > "$M/chapters/m.md"
run_limited build -c "$M/book.yaml" -o "$M/bad.pdf"
expect_rc "malformed HTML tables build (warnings only)" 0
qpdf_ok "malformed HTML tables" "$M/bad.pdf"
expect_log "10k columns: bounded with a warning at the table" "m\\.md:6:1: warning: HTML table has more than 64 columns: the rest are dropped"
expect_log "too many cells: bounded with a warning" "m\\.md:[0-9]+:[0-9]+: warning: HTML table has more than 20000 cells"
expect_log "an unclosed table: a warning at its position" "m\\.md:[0-9]+:1: warning: <table> is not closed"
expect_no_log "no unsupported-tag warning for stray table tags" "unsupported HTML tag"
check "stray end tags keep their text" sh -c "pdftotext '$M/bad.pdf' - | grep -q strayend"
check "cells after broken rows are kept" sh -c "pdftotext '$M/bad.pdf' - | grep -q dcell"
check "text after an unclosed table is kept" sh -c "pdftotext '$M/bad.pdf' - | grep -q 'Last paragraph'"

finish
