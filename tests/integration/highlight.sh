#!/bin/sh
# Highlighting from language definitions (templates/highlight/*.yaml): every
# snippet in tests/fixtures/highlight/<lang>.txt becomes a chapter, and on its
# page the code's text runs are drawn in at least three of the theme's syntax
# colours (read from the page's content stream: the fill colour before each
# text object). An unknown language is plain text without a warning;
# code.show_language prints the language's name in the block's corner, drawn
# as outlines so the code still copies out as written; a broken definition is
# an error at its line and column, and the build writes nothing.
. "$ROOT/tests/lib.sh"

dir="$OUT/hl"
rm -rf "$dir" && mkdir -p "$dir/chapters"
list=""
i=0
for f in "$FIX"/highlight/*.txt; do
    lang=$(basename "$f" .txt)
    i=$((i + 1))
    ch="chapters/$(printf %02d $i)-$lang.md"
    { printf -- '---\ntitle: "Snippet %s"\nkind: reference\n---\n\n```%s\n' "$lang" "$lang"; cat "$f"; printf '```\n'; } \
        > "$dir/$ch"
    list="$list${list:+, }$ch"
done
check "a fixture for each of the 24 languages" test "$i" -ge 24
printf -- '---\ntitle: "Snippet cobol"\nkind: reference\n---\n\n```cobol\nDISPLAY "HELLO" 42.\n```\n' > "$dir/chapters/99-cobol.md"
list="$list, chapters/99-cobol.md"
printf 'title: "Highlighting"\nchapters: [%s]\n' "$list" > "$dir/book.yaml"
run_limited build -c "$dir/book.yaml" -o "$dir/hl.pdf"
expect_rc "every language builds" 0
expect_no_log "no warnings (an unknown language is plain text, quietly)" "warning:|error:"
qpdf_ok "highlighted book" "$dir/hl.pdf"

# The theme's syntax colours as "r g b" (0-255), one a line.
awk '/^  syntax:/ {on = 1; next} on && !/^    / {on = 0} on && /#[0-9a-fA-F]+/ {sub(/.*#/, ""); print substr($0, 1, 6)}' \
    "$ROOT/templates/theme.yaml" | while read -r h; do
    printf '%d %d %d\n' "0x$(echo "$h" | cut -c1-2)" "0x$(echo "$h" | cut -c3-4)" "0x$(echo "$h" | cut -c5-6)"
done | sort -u > "$dir/syntax.txt"
check "twelve syntax kinds in the theme" test "$(wc -l < "$dir/syntax.txt")" -ge 10

# pdf_colours QDF PAGE: the distinct fill colours (0-255) set right before text objects on the page.
page_text_colours() {
    awk -v p="$2" '$0 == "%% Contents for page " p {on = 1; next}
        on && /endstream/ {exit}
        on && / rg BT/ {printf "%d %d %d\n", $1 * 255 + 0.5, $2 * 255 + 0.5, $3 * 255 + 0.5}' "$1" | sort -u
}
qpdf --qdf --object-streams=disable "$dir/hl.pdf" "$dir/hl-qdf.pdf"
pdftotext "$dir/hl.pdf" "$dir/hl.txt"
# page_of LINE: the first page with LINE on a line of its own ("Chapter 3": that chapter's opening page).
page_of() { awk -v t="$1" 'BEGIN {RS = "\f"} index("\n" $0 "\n", "\n" t "\n") {print NR; exit}' "$dir/hl.txt"; }
i=0
for f in "$FIX"/highlight/*.txt; do
    lang=$(basename "$f" .txt)
    i=$((i + 1))
    p=$(page_of "Chapter $i")
    n=$(page_text_colours "$dir/hl-qdf.pdf" "${p:-0}" | grep -Fxc -f "$dir/syntax.txt")
    check "$lang: tokens in at least 3 syntax colours on page ${p:-?} ($n)" test "${n:-0}" -ge 3
done
p=$(page_of "Chapter $((i + 1))")
n=$(page_text_colours "$dir/hl-qdf.pdf" "${p:-0}" | grep -Fxc -f "$dir/syntax.txt")
check "an unknown language is plain: no syntax colour on its page ($n)" test "${p:-0}" -gt 0 -a "${n:-1}" -eq 0
expect_text "code copies out as written" "$dir/hl.pdf" '^int main\(void\) \{ size_t n = 42; printf\("%zu\\n", n\); return 0; \}$'

# The language label: off by default, on with code.show_language, never in the text layer.
mark=$(printf '%d %d %d' 0x9a 0xa1 0xab) # code.mark_color
fills() { awk '/ rg/ {printf "%d %d %d\n", $1 * 255 + 0.5, $2 * 255 + 0.5, $3 * 255 + 0.5}' "$1" | sort -u; }
if fills "$dir/hl-qdf.pdf" | grep -qx "$mark"; then bad "no label by default" "the mark colour is used"; else ok "no label by default (no mark colour)"; fi
printf 'theme: { code: { show_language: true } }\n' >> "$dir/book.yaml"
run_limited build -c "$dir/book.yaml" -o "$dir/label.pdf"
expect_rc "show_language builds" 0
qpdf --qdf --object-streams=disable "$dir/label.pdf" "$dir/label-qdf.pdf"
if fills "$dir/label-qdf.pdf" | grep -qx "$mark"; then ok "labels drawn in the mark colour"; else bad "labels drawn in the mark colour" "no fill in $mark"; fi
check "labels are not text (Python, TypeScript, C++ not in the text layer)" sh -c \
    "! pdftotext '$dir/label.pdf' - | grep -Eqx 'Python|TypeScript|C\\+\\+'"
expect_text "with labels the code still copies out as written" "$dir/label.pdf" '^def score\(self, items: list\[str\], k=10\) -> float:$'
pl=$(pdftotext -f 3 -l 3 -bbox "$dir/label.pdf" - | grep -m1 '>#!/bin/sh<' | sed -E 's/.*yMin="([0-9.]+)".*/\1/')
pn=$(pdftotext -f 3 -l 3 -bbox "$dir/hl.pdf" - | grep -m1 '>#!/bin/sh<' | sed -E 's/.*yMin="([0-9.]+)".*/\1/')
check "the label has a strip of its own: the first code line moves down ($pn → $pl)" \
    awk -v a="${pn:-0}" -v b="${pl:-0}" 'BEGIN {exit !(a > 0 && b > a + 3)}'

# A broken definition: positioned error, exit 1, no PDF.
data="$OUT/hl-data"
rm -rf "$data" && mkdir -p "$data" && cp -R "$ROOT/templates" "$data/" && ln -s "$ROOT/fonts" "$data/fonts"
printf 'label: Python\naliases: [python, py]\nstrings:\n  - {open: "\\"", escape: sideways}\n' > "$data/templates/highlight/python.yaml"
rm -f "$dir/bad.pdf"
MLSD_GUIDE_DATA="$data" run_limited build -c "$dir/book.yaml" -o "$dir/bad.pdf"
expect_rc "a broken definition fails the build" 1
expect_log "the error names the definition's line and column" \
    "templates/highlight/python\\.yaml:4:26: error: escape: expected backslash, doubled or none, got 'sideways'"
check "no PDF written" test ! -e "$dir/bad.pdf"
MLSD_GUIDE_DATA="$data" run_limited build -c "$dir/book.yaml" -o "$dir/bad.pdf"
check "reported once per build" test "$(grep -c 'python\.yaml:4:26' "$OUT/last.log")" -eq 1

finish
