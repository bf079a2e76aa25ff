#!/bin/sh
# Figures and code: PNG, JPEG (embedded as is) and SVG (vectors) images with
# numbered captions and references, Graphviz diagrams drawn as vectors, bad
# images and bad DOT, every callout kind and one across pages, highlighted code
# that copies out of the PDF as it was written; on all three paper sizes.
. "$ROOT/tests/lib.sh"

book="$FIX/figures/book.yaml"
pdf="$OUT/figures.pdf"
run_mlsd build -c "$book" -o "$pdf"
expect_rc "figures book builds" 0
expect_no_log "figures book: no warnings" "warning:|error:"
for n in 1 2 3 4; do expect_text "figure 1.$n numbered" "$pdf" "Figure 1\\.$n: "; done
expect_text "references to figures" "$pdf" "see Figure 1\\.1, p\\. [0-9]+ and Figure 1\\.3, p\\. [0-9]+"
expect_text "reference to the diagram" "$pdf" "The diagram is Figure 1\\.4, p\\. [0-9]+"
pdfimages -list "$pdf" > "$OUT/figures-images.txt"
check "PNG embedded as an image" grep -Eq ' image +64 +64 ' "$OUT/figures-images.txt"
check "JPEG embedded without re-encoding (DCT, original size)" sh -c "grep -E ' image +320 +200 ' '$OUT/figures-images.txt' | grep -q ' jpeg '"
check "only the two rasters are images (SVG and diagram are vectors)" test "$(tail -n +3 "$OUT/figures-images.txt" | wc -l)" -eq 2
expect_text "SVG text drawn as text" "$pdf" "vector label"
expect_text "diagram labels drawn as text" "$pdf" "feature store"
# The diagram's page holds no image at all.
dpage=""
for p in $(seq 1 "$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')"); do
    if pdftotext -f "$p" -l "$p" "$pdf" - | grep -q "Figure 1.4:"; then dpage=$p; fi
done
check "diagram page found" test -n "$dpage"
check "diagram is vector: no image on its page unless the rasters share it" sh -c \
    "test \$(pdfimages -f $dpage -l $dpage -list '$pdf' | tail -n +3 | grep -vc -E ' (64 +64|320 +200) ') -eq 0"
check "diagram fonts are the bundled ones" sh -c "pdffonts '$pdf' | tail -n +3 | grep -v -E '\\+(CharisSIL|Lato|JetBrainsMono)' | wc -l | grep -qx 0"

# Every callout kind with its theme label; the long one spans two pages.
for label in Note Tip Important Warning Caution Trade-off Pitfall "Say it in the interview"; do
    expect_text "callout label '$label'" "$pdf" "^$label\$"
done
first=""; last=""
for p in $(seq 1 "$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')"); do
    if pdftotext -f "$p" -l "$p" "$pdf" - | grep -q "Long callout paragraph line"; then [ -z "$first" ] && first=$p; last=$p; fi
done
check "long callout spans pages ($first–$last)" sh -c "[ -n '$first' ] && [ '$last' -gt '$first' ]"

# Code copies out as written: no continuation marks, no line numbers, no hyphens added.
expect_text "code text copies out" "$pdf" "def score\\(x: float, weights: list\\[int\\]\\) -> float:"
expect_text "code comment copies out" "$pdf" "total = 0 +# running sum"
check "no continuation glyphs in the text" sh -c "! pdftotext '$pdf' - | grep -q '↪'"
check "line numbers are drawn but not copied" sh -c "pdftotext -layout '$pdf' - | grep -q '^ *import math' && ! pdftotext -layout '$pdf' - | grep -Eq '^ *1 +import math'"

# Highlighting: keywords, strings and comments in the theme's colours (distinct fill colours in the code).
qpdf --qdf --object-streams=disable "$pdf" "$OUT/figures-qdf.pdf"
check "keywords in the keyword colour (#8a3ab9)" grep -aq "0.541176 0.227451 0.72549 rg" "$OUT/figures-qdf.pdf"
check "strings in the string colour (#2f7d32)" grep -aq "0.184314 0.490196 0.196078 rg" "$OUT/figures-qdf.pdf"
check "comments in the comment colour (#7a828c)" grep -aq "0.478431 0.509804 0.54902 rg" "$OUT/figures-qdf.pdf"
check "numbers in the number colour (#b35c00)" grep -aq "0.701961 0.360784 0 rg" "$OUT/figures-qdf.pdf"
colours=$(grep -ao '[0-9.]* [0-9.]* [0-9.]* rg' "$OUT/figures-qdf.pdf" | sort -u | wc -l)
check "many distinct colours across token kinds ($colours)" test "$colours" -ge 10

# Bad images: a corrupt PNG, a truncated JPEG and an enormous PNG header are warnings with positions.
dir="$OUT/badfig"
rm -rf "$dir" && mkdir -p "$dir/chapters"
printf 'title: "Bad figures"\nchapters: [chapters/b.md]\n' > "$dir/book.yaml"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\010\000\000\000\010\010\002\000\000\000garbage' > "$dir/chapters/corrupt.png"
printf '\377\330\377\340\000\020JFIF\000\001' > "$dir/chapters/trunc.jpg"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\165\060\000\000\165\060\010\002\000\000\000' > "$dir/chapters/huge.png"
printf '<svg xmlns="http://www.w3.org/2000/svg"><broken' > "$dir/chapters/bad.svg"
printf -- '---\ntitle: "B"\nkind: reference\n---\n\n![c](corrupt.png)\n\n![t](trunc.jpg)\n\n![h](huge.png)\n\n![s](bad.svg)\n' > "$dir/chapters/b.md"
run_mlsd build -c "$dir/book.yaml" -o "$OUT/badfig.pdf"
expect_rc "bad images: still builds" 0
expect_log "corrupt PNG warned at its line" "b\\.md:6:1: warning: corrupt PNG"
expect_log "truncated JPEG warned at its line" "b\\.md:8:1: warning: corrupt JPEG"
expect_log "enormous PNG refused with a warning" "b\\.md:10:1: warning: image is too large"
expect_log "broken SVG warned" "b\\.md:12:1: warning: (corrupt SVG|SVG has no size)"
run_mlsd build --werror -c "$dir/book.yaml" -o "$OUT/badfig2.pdf"
expect_rc "bad images under --werror: exit 1" 1
check "bad images under --werror: no PDF" test ! -e "$OUT/badfig2.pdf"

# A DOT syntax error is an error at the line in the chapter file.
dir="$OUT/baddot"
rm -rf "$dir" && mkdir -p "$dir/chapters"
printf 'title: "Bad dot"\nchapters: [chapters/d.md]\n' > "$dir/book.yaml"
printf -- '---\ntitle: "D"\nkind: reference\n---\n\nText.\n\n```dot\ndigraph {\n  a -> b\n  b -> ;\n}\n```\n' > "$dir/chapters/d.md"
run_mlsd build -c "$dir/book.yaml" -o "$OUT/baddot.pdf"
expect_rc "broken DOT: exit 1" 1
expect_log "broken DOT: error at the line of the mistake" "d\\.md:11:1: error: diagram: syntax error in line 3"
check "broken DOT: no PDF" test ! -e "$OUT/baddot.pdf"

# All three paper sizes render with nothing outside the text column.
for paper in a4 letter 6x9; do
    fixture_copy figures "fig-$paper"
    sed -i "s/^paper: .*/paper: $paper/" "$OUT/fig-$paper/book.yaml"
    run_mlsd build -q -c "$OUT/fig-$paper/book.yaml" -o "$OUT/fig-$paper.pdf"
    expect_rc "figures book on $paper" 0
    case $paper in a4) W=595.28; M=76.0 ;; letter) W=612; M=79.0 ;; 6x9) W=432; M=42.5 ;; esac
    over=$(pdftotext -bbox "$OUT/fig-$paper.pdf" - | grep -o 'xMin="[0-9.]*" yMin="[0-9.]*" xMax="[0-9.]*"' |
        sed 's/[a-zA-Z]*="//g; s/"//g' | awk -v W="$W" -v M="$M" '$1 < M - 1 || $3 > W - M + 1 { n++ } END { print n + 0 }')
    check "figures book on $paper: no glyph outside the column ($over)" test "$over" -eq 0
done
finish
