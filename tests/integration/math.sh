#!/bin/sh
# TeX math (issue 13): GitHub's syntax ($…$ with GitHub's rule for prices, $`…`$, $$…$$, ```math)
# typeset from the bundled OpenType MATH font. Asserts from the PDF: no TeX survives, the math font is
# embedded, prices stay text, numerator above denominator with a fraction bar, limits above and below
# a display ∑ and beside an inline one, equation numbers and cross-references, Formula tags with the
# TeX as /Alt, too-wide display math scaled with a warning, and bad math as a positioned error (exit 1).
. "$ROOT/tests/lib.sh"

# The fixture chapter: more than 60 formulas of an ML guide.
pdf="$OUT/math.pdf"
run_limited build -c "$FIX/math/book.yaml" -o "$pdf"
expect_rc "the math fixture builds" 0
expect_log "a too-wide display formula is a warning at its position" "02-formulas\\.md:[0-9]+:[0-9]+: warning: display formula is [0-9]+pt wide.*scaled down"
expect_no_log "no error" "error:"
n=$(grep -o '\$[^$ ][^$]*\$\|```math' "$FIX/math/chapters/02-formulas.md" | wc -l)
check "the fixture holds at least 60 formulas ($n)" test "$n" -ge 60
pdftotext "$pdf" "$OUT/math.txt"
check "no TeX command survives in the text" sh -c "! grep -E '\\\\(frac|sum|left|right|begin|mathbb|sqrt|alpha)' '$OUT/math.txt'"
check "no \$ delimiter survives (only the prices and the escaped dollars)" \
    sh -c "! grep -E '\\$[^0-9 ]|\\$\\$' '$OUT/math.txt'"
check "math in table cells is typeset" sh -c "grep -q 'Precision at' '$OUT/math.txt' && grep -q '1/k' '$OUT/math.txt' && ! grep -qF '\\sum' '$OUT/math.txt'"
check "prices stay text: \"\$5 and \$10\"" grep -q 'costs \$5 and \$10 on' "$OUT/math.txt"
check "a lone \$ before a space stays text" sh -c "tr '\\n' ' ' <'$OUT/math.txt' | grep -q '\\$ 20 is not math'"
check "escaped dollars inside math are dollars" grep -q '\$5' "$OUT/math.txt"
check "the text layer reads letters and operators" sh -c "grep -q 'softmax' '$OUT/math.txt' && grep -q 'α' '$OUT/math.txt' && grep -q '∑' '$OUT/math.txt'"
check "labelled equations are numbered (2.1)" grep -q '(2\.1)' "$OUT/math.txt"
check "\\tag{} gives its own number" grep -q '(Einstein)' "$OUT/math.txt"
check "[](#eq-logloss) cites \"Equation 2.1, p. N\"" grep -Eq 'Equation 2\.1, p\. [0-9]+' "$OUT/math.txt"
check "a reference from another chapter resolves" sh -c "grep -A3 'later chapter' '$OUT/math.txt' | grep -Eq 'Equation 2\.1'"
check "a \`\`\`math block with an id is numbered and cited" grep -Eq 'Equation 2\.3, p\. [0-9]+' "$OUT/math.txt"
pdffonts "$pdf" >"$OUT/last.log" 2>&1
expect_log "the math font is embedded and subset" "[A-Z]{6}\\+TeXGyreScholaMath.* yes +yes"
qpdf_ok "math fixture" "$pdf"
qpdf --json "$pdf" >"$OUT/math.json" 2>/dev/null
check "formulas are tagged Formula" grep -q '"/S": "/Formula"' "$OUT/math.json"
check "a Formula's /Alt is its TeX source" grep -qF '\\mathcal{L} = -\\frac{1}{N}' "$OUT/math.json"

# Layout rules, read from glyph positions (pdftotext -bbox) and the vertical list.
d="$OUT/mathrules"
rm -rf "$d"; mkdir -p "$d"
cat > "$d/book.yaml" <<'YAML'
title: "Math rules"
paper: a4
chapters:
  - ch.md
YAML
cat > "$d/ch.md" <<'EOF'
---
title: "Rules"
kind: reference
---

Inline qq $x^2$ ww and $\sum_{k=1}^{m} u_k$ here.

Same words $y$ here.

Same words $\frac{\frac{a}{b}}{\frac{c}{d}}$ here.

Sum $\frac{a+b}{c+d}$ and roots $\sqrt{x^2+1}$ and $x_{i+1}$ end, hat $\hat{y}$ end.

$$\frac{a}{b}$$

$$\sum_{i=1}^{n} q_i$$
EOF
MLSD_DUMP=vlist run_limited build -c "$d/book.yaml" -o "$d/out.pdf"
expect_rc "the rules book builds" 0
expect_log "a fraction has its bar (one rule)" 'math [0-9. ]+ 2 glyphs 1 rules "\\frac\{a\}\{b\}"'
# Two paragraphs of the same text with formulas of different sizes are laid out apart (a cached
# layout of one must not serve the other): every formula fits in its line's box.
check "each inline formula fits its line (no layout shared between paragraphs)" sh -c "awk '/^box/{split(\$3,a,\"=\"); h=a[2]} /^ *math/{if (\$5 > h + 0.01) bad=1} END{exit bad}' '$OUT/last.log'"
# Inline math sits on its line's baseline: the math item's y is the text line's.
base_text=$(grep -B1 'math [0-9. ]* 2 glyphs 0 rules "x^2"' "$OUT/last.log" | head -1 | awk '{print $3}')
base_math=$(grep 'math [0-9. ]* 2 glyphs 0 rules "x^2"' "$OUT/last.log" | awk '{print $3}')
check "inline math sits on the text baseline ($base_math = $base_text)" test "$base_math" = "$base_text"
# The text layer reads fractions, roots and scripts linearly (their glyphs are silent; an
# /ActualText on one inkless glyph as wide as the group carries "a/b"); the layout rules
# themselves (numerator above denominator, limits above or beside) are asserted from the boxes
# in tests/unit/test_math_rules.c.
pdftotext "$d/out.pdf" "$d/out.txt"
check "\\frac{a}{b} reads a/b" grep -qx 'a/b' "$d/out.txt"
check "a fraction of fractions reads (a/b)/(c/d), on the text's line" grep -q 'Same words (a/b)/(c/d) here' "$d/out.txt"
check "(a+b)/(c+d) with parentheses for several atoms" grep -q 'Sum (a+b)/(c+d) and' "$d/out.txt"
check "a root and scripts read √(x^2+1) and x_(i+1)" grep -q 'roots √(x^2+1) and x_(i+1) end' "$d/out.txt"
check "display ∑ with limits reads ∑_(i=1)^n q_i" grep -q '∑_(i=1)^n q_i' "$d/out.txt"
check "inline ∑ reads ∑_(k=1)^m u_k" grep -q 'ww and ∑_(k=1)^m u_k here' "$d/out.txt"
check "accents follow their letter (y and U+0302: ŷ)" grep -q "hat y$(printf '\314\202') end" "$d/out.txt"

# A long inline formula breaks after a top-level relation (TeX's \relpenalty, preferred to the
# \binoppenalty) and never inside a group: no line overflows the column.
w="$OUT/mathwrap"
rm -rf "$w"; mkdir -p "$w"
cp "$d/book.yaml" "$w/book.yaml"
cat > "$w/ch.md" <<'EOF'
---
title: "Wrap"
kind: reference
---

The three functions agree on every input, so that in running text we may write
$\operatorname{first}(x_1, x_2, x_3, x_4, x_5) = \operatorname{second}(y_1, y_2, y_3, y_4, y_5) = \operatorname{third}\left(\frac{z_1 = z_2}{z_3}, z_4, z_5\right)$
and go on with the sentence after the formula, which ends here.

With $\alpha = 0.05$ and $1 - \beta = 0.8$, $z_{0.975} \approx 1.96$ and $z_{0.8} \approx 0.84$, so
$n \approx 16 \sigma^2 / \delta^2$. The standard error of a difference in means is small enough.
EOF
MLSD_DUMP=vlist run_limited build -c "$w/book.yaml" -o "$w/out.pdf"
expect_rc "the wrap book builds" 0
expect_no_log "no scaling warning: the formula breaks instead" "scaled down"
pdftotext "$w/out.pdf" "$w/out.txt"
check "a line ends at \"=\" inside the formula" grep -Eq 'x_5\) =$|y_5\) =$' "$w/out.txt"
check "the next line starts with the formula's next part" grep -Eq '^(second|third) ?\(' "$w/out.txt"
check "the fraction (with its own =) stays whole" grep -q '(z_1=z_2)/z_3' "$w/out.txt"
pdftotext -bbox "$w/out.pdf" "$w/bbox.html"
# A4 with 40 mm margins: the column ends at 595.28 - 113.39 = 481.89 pt.
check "no line overflows the column" sh -c "sed -n 's/.*xMax=\"\([0-9.]*\)\".*/\1/p' '$w/bbox.html' | awk '\$1 > 482.5 {bad=1} END {exit bad}'"
# In a justified line the spaces between a formula's parts keep their width (Pango draws a shape at
# its own width): the text after a broken-up formula never overlaps it.
pdftotext -bbox-layout "$w/out.pdf" "$w/layout.html"
check "no word overlaps the one before it on its line" sh -c "awk '/<line/{prev=-1} /<word/{match(\$0, /xMin=\"[0-9.]+/); x0=substr(\$0, RSTART+6, RLENGTH-6)+0; match(\$0, /xMax=\"[0-9.]+/); x1=substr(\$0, RSTART+6, RLENGTH-6)+0; if (prev >= 0 && x0 < prev - 0.5) bad=1; prev=x1} END{exit bad}' '$w/layout.html'"

# Bad math: an error at the formula's line and column, exit 1, nothing written.
b="$OUT/mathbad"
rm -rf "$b"; mkdir -p "$b"
cp "$d/book.yaml" "$b/book.yaml"
cat > "$b/ch.md" <<'EOF'
---
title: "Bad"
kind: reference
---

Unknown $\foo{x}$ command, braces $\frac{a}{b$ and

$$
a + \left( \frac{1}{2}
$$

```math
\begin{cases} a & b
```

Text before a display formula of three lines
$$
a + b
= c
$$
and after it, on line 21, $\foo$ and [](#nope); then on the next line
a link [](#nope2) and $$a
= b$$ then $\baz$ here.
EOF
run_limited build -c "$b/book.yaml" -o "$b/out.pdf"
expect_rc "bad math fails the build" 1
# cmark's inline parser never sees the newlines inside $$…$$: what follows in the paragraph is placed
# by the formulas' recorded newlines (mathext_fix_pos), also where the paragraph was split around them.
expect_log "math after a 3-line display formula: its own line and column" "ch\\.md:21:28: error: unknown math command '\\\\foo'"
expect_log "a link after it: its own line and column" "ch\\.md:21:38: error: unknown link target '#nope'"
expect_log "the line after: the line is right" "ch\\.md:22:8: error: unknown link target '#nope2'"
expect_log "after a formula that ends on the line: the column counts from that line" "ch\\.md:23:13: error: unknown math command '\\\\baz'"
expect_log "unknown command at its line and column" "ch\\.md:6:10: error: unknown math command '\\\\foo'"
expect_log "unbalanced braces at the open brace" "ch\\.md:6:44: error: unbalanced braces"
expect_log "\\left without \\right" "ch\\.md:9:5: error: '\\\\left' without a matching '\\\\right'"
expect_log "an environment never ended (in a \`\`\`math block)" "ch\\.md:13:1: error: '\\\\begin\\{cases\\}' without a matching"
check "no PDF written" test ! -e "$b/out.pdf"
run_limited check -c "$b/book.yaml"
expect_rc "check reports bad math too" 1
expect_log "check: the same positioned error" "ch\\.md:6:10: error: unknown math command"

# Hostile formulas are refused quickly with a message, never a crash.
h="$OUT/mathhostile"
rm -rf "$h"; mkdir -p "$h"
cp "$d/book.yaml" "$h/book.yaml"
{
    printf -- '---\ntitle: "Hostile"\nkind: reference\n---\n\nDeep $'
    i=0; while [ $i -lt 3000 ]; do printf '{'; i=$((i + 1)); done
    printf 'x'
    i=0; while [ $i -lt 3000 ]; do printf '}'; i=$((i + 1)); done
    printf '$ and wide $'
    i=0; while [ $i -lt 3000 ]; do printf '\\frac12'; i=$((i + 1)); done
    printf '$ end.\n\n$$'
    i=0; while [ $i -lt 2000 ]; do printf '\\left('; i=$((i + 1)); done
    printf '$$\n'
} >"$h/ch.md"
run_limited build -c "$h/book.yaml" -o "$h/out.pdf"
expect_rc "hostile math fails cleanly" 1
expect_log "deep nesting is bounded" "error: formula is nested more than [0-9]+ levels deep"
expect_log "long formulas are bounded" "error: formula is longer than [0-9]+ bytes"
finish
