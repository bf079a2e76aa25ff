#!/bin/sh
# Long code lines wrap at spaces or punctuation, inside a token only when the
# token is longer than the line; a continuation line hangs under its own line's
# indentation (plus code.hang) and is drawn shifted, so the copied text is the
# source line unchanged. Positions come from `pdftotext -bbox-layout`.
. "$ROOT/tests/lib.sh"

D="$OUT/codewrap"
rm -rf "$D" && mkdir -p "$D/chapters"
printf 'title: "Code wrap"\nchapters: [chapters/c.md]\n' > "$D/book.yaml"
LONG="result = compute_weighted_precision(predictions, labels, utilisation_threshold=0.75, normalisation='macro', verbose=False)"
TOKEN=$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "%c", 97 + i % 26 }')
DEEP=$(awk 'BEGIN { for (i = 0; i < 150; i++) printf " "; for (i = 0; i < 60; i++) printf "deep%d ", i }')
{
    printf '# Code\n\nSome text.\n\n```python\ndef f():\n            %s\n    s = "%s"\n    return result\n```\n\n' "$LONG" "$TOKEN"
    printf '```text\n%s\nend of deep\n```\n\nMore.\n' "$DEEP"
} > "$D/chapters/c.md"

pdf="$D/out.pdf"
RC=0; limited "$MLSD" build "$D" -o "$pdf" >"$OUT/last.log" 2>&1 || RC=$?
expect_rc "book with long code lines builds" 0
bbox="$D/bbox.html"
pdftotext -bbox-layout "$pdf" "$bbox"
raw=$(pdftotext -raw "$pdf" -)

# word_x WORD: xMin of the first word that is exactly WORD
word_x() { grep -o "<word xMin=\"[0-9.]*\"[^>]*>$1</word>" "$bbox" | head -n 1 | sed 's/<word xMin="\([0-9.]*\)".*/\1/'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && b != "" && a + 0 >= b + 0) }'; }
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && b != "" && a + 0 > b + 0) }'; }

# The Python line wraps at spaces: its words come out whole, none cut ("pre|cision", "util|isation").
for w in "compute_weighted_precision(predictions," "utilisation_threshold=0.75," "verbose=False)"; do
    check "word '$w' is not cut" test -n "$(word_x "$w")"
done
check "no part-word 'utilisat' at a line end" sh -c "! printf '%s\n' \"\$1\" | grep -Eq 'utilisat\$|precisi\$'" _ "$raw"
# The lines of the wrapped Python line, joined at the spaces they broke at, are the source line.
first=$(printf '%s\n' "$raw" | grep -n '^result = compute' | head -n 1 | cut -d: -f1)
check "the wrapped line's first part is found" test -n "$first"
joined=""
if [ -n "$first" ]; then
    joined=$(printf '%s\n' "$raw" | sed -n "${first},\$p" | awk '{ s = s (NR > 1 ? " " : "") $0 } /verbose=False\)$/ { print s; exit }')
fi
check "wrapped lines reassemble to the source line" test "$joined" = "$LONG"
nparts=$(printf '%s\n' "$raw" | sed -n "${first:-1},\$p" | awk '/verbose=False\)$/ { print NR; exit }')
check "the long line wraps (${nparts:-?} lines)" test "${nparts:-0}" -ge 2

# Continuation lines hang under the indented first word, not at column 0.
x_first=$(word_x result)
x_cont=$(word_x "utilisation_threshold=0.75,")
x_def=$(word_x "def")
check "continuation x ($x_cont) >= indented first word x ($x_first)" ge "$x_cont" "$x_first"
check "first word is indented past 'def' ($x_first > $x_def)" gt "$x_first" "$x_def"

# A 300-character token is longer than the line: it still wraps inside, and its parts give it back.
check "no word holds the whole 300-character token" sh -c "! grep -q '$TOKEN' '$bbox'"
tok=$(printf '%s\n' "$raw" | awk -v t="$TOKEN" '
    /^"/ && !on { on = 1; s = "" }
    on { s = s $0; if (/"$/) { print s; exit } }')
check "the token's wrapped parts reassemble to it" test "$tok" = "\"$TOKEN\""

# A deeply indented line still wraps to a usable width (the hang is capped) and copies out whole.
deep=$(printf '%s\n' "$raw" | awk '/^deep0( |$)/ { on = 1 } on { s = s (s == "" ? "" : " ") $0; if (/deep59$/) { print s; exit } }')
check "deeply indented line reassembles" test "$deep" = "$(printf '%s' "$DEEP" | sed 's/^ *//; s/ *$//')"
x_d0=$(word_x deep0)
x_dc=$(grep -o '<word xMin="[0-9.]*"[^>]*>deep[0-9]*</word>' "$bbox" | sed 's/<word xMin="\([0-9.]*\)".*/\1/' | sort -n | head -n 1)
check "deep continuation lines start left of the deep indentation ($x_dc < $x_d0)" gt "$x_d0" "$x_dc"

# Text layer: no continuation marks.
check "no continuation glyphs in the text" sh -c "! printf '%s' \"\$1\" | grep -q '↪'" _ "$raw"
finish
