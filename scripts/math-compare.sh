#!/bin/sh
# Side-by-side comparison of our math typesetting with pandoc+xelatex (issue 13, see
# docs/math-comparison.md). Not part of `make test`: it needs pandoc and XeTeX, which `make deps`
# does not install (`apt-get install pandoc texlive-xetex lmodern texlive-fonts-recommended`: pandoc's
# LaTeX template loads lmodern, and hyperref's XeTeX driver a font from the latter).
#
#   scripts/math-compare.sh [OUTDIR]     (default /tmp/math-compare)
#
# Builds the math fixture chapter (tests/fixtures/math) with build/mlsd-guide and, from the
# same Markdown turned into pandoc's dialect, with pandoc+xelatex on the same paper, measure,
# body size and math font (TeX Gyre Schola Math, the bundled file); renders both with pdftoppm
# as OUTDIR/ours-N.png and OUTDIR/latex-N.png (page N of the chapter each way; with ImageMagick,
# OUTDIR/side-N.png holds the two side by side).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-/tmp/math-compare}
RES=${RES:-80}
MLSD=${MLSD:-$ROOT/build/mlsd-guide}
for tool in pandoc xelatex pdftoppm; do
    command -v "$tool" >/dev/null || { echo "math-compare: $tool is not installed" >&2; exit 2; }
done
[ -x "$MLSD" ] || { echo "math-compare: build $MLSD first (make all)" >&2; exit 2; }
mkdir -p "$OUT"
src="$ROOT/tests/fixtures/math/chapters/02-formulas.md"

# Ours: the chapter alone, with nothing before it.
mkdir -p "$OUT/book/chapters"
cp "$src" "$OUT/book/chapters/"
cat >"$OUT/book/book.yaml" <<'YAML'
title: "Math comparison"
language: en-US
paper: a4
chapters:
  - chapters/02-formulas.md
YAML
SOURCE_DATE_EPOCH=1700000000 "$MLSD" build -c "$OUT/book/book.yaml" -o "$OUT/ours.pdf" 2>"$OUT/ours.log" || {
    cat "$OUT/ours.log" >&2; exit 1; }

# pandoc's dialect: GitHub's $`…`$ and ```math become $…$ and $$…$$; `{#eq-…}` labels are dropped
# (LaTeX would need \label in an equation environment; numbering is not what is compared), and
# cross-references become "(ref)" (a link needs a PostScript font that texlive-xetex lacks).
awk '
    /^```math/ { print "$$"; inmath = 1; next }
    inmath && /^```/ { print "$$"; inmath = 0; next }
    { gsub(/\$`/, "$"); gsub(/`\$/, "$"); sub(/\$\$ \{#[^}]*\}$/, "$$"); gsub(/\[\]\([^)]*\)/, "(ref)"); print }
' "$src" >"$OUT/pandoc.md"
fonts="$ROOT/fonts"
(cd "$OUT" && pandoc -f markdown -o latex.pdf pandoc.md --pdf-engine=xelatex \
    -V geometry:a4paper,top=22mm,bottom=24mm,left=40mm,right=40mm -V fontsize=11pt \
    -V mainfont=CharisSIL-Regular.ttf -V "mainfontoptions=Path=$fonts/charis/,BoldFont=CharisSIL-Bold.ttf,ItalicFont=CharisSIL-Italic.ttf,BoldItalicFont=CharisSIL-BoldItalic.ttf" \
    -V mathfont=texgyreschola-math.otf -V "mathfontoptions=Path=$fonts/math/" \
    -V pagestyle=empty >latex.log 2>&1) || { cat "$OUT/latex.log" >&2; exit 1; }

rm -f "$OUT"/o-*.png "$OUT"/l-*.png "$OUT"/ours-*.png "$OUT"/latex-*.png "$OUT"/side-*.png
# Our chapter starts after the title page and the contents.
pdftoppm -png -r "$RES" -f 3 "$OUT/ours.pdf" "$OUT/o"
pdftoppm -png -r "$RES" "$OUT/latex.pdf" "$OUT/l"
n=1
ls "$OUT"/l-*.png >"$OUT/latex.list"
for o in $(ls "$OUT"/o-*.png); do
    l=$(sed -n "${n}p" "$OUT/latex.list")
    [ -n "$l" ] || break
    mv "$o" "$OUT/ours-$n.png"
    mv "$l" "$OUT/latex-$n.png"
    if command -v montage >/dev/null; then montage "$OUT/ours-$n.png" "$OUT/latex-$n.png" -tile 2x1 -geometry +4+0 "$OUT/side-$n.png"; fi
    n=$((n + 1))
done
echo "math-compare: $((n - 1)) pages each way: $OUT/ours-N.png and $OUT/latex-N.png; PDFs $OUT/ours.pdf $OUT/latex.pdf"
