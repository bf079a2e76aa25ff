#!/bin/sh
# Diagnostics that say where, and bounds that say what they are: noncharacters,
# YAML shape errors at their node, chapter paths that cannot be files, nesting
# past the bound, SVG files that would crash or stall librsvg, an empty output
# name. Every run must stop by itself within 20 s with exit code 0, 1 or 2 and
# report at the exact file:line:col. All inputs are generated here, into $OUT.
. "$ROOT/tests/lib.sh"

export LC_ALL="${LC_ALL:-C.UTF-8}" NO_COLOR=1 SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1700000000}"
if [ -z "${LSAN_OPTIONS:-}" ] && [ -f "$ROOT/tests/lsan.supp" ]; then
    export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=86"
SAN_RE='AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:|Assertion .* failed|panicked'

# mlsd LABEL ARGS...: runs the binary (at most 20 s) into $OUT/last.log, sets RC,
# and checks that it stopped by itself with 0, 1 or 2 and no crash report.
mlsd() {
    label=$1
    shift
    limited "$MLSD" "$@" >"$OUT/last.log" 2>&1
    RC=$?
    case $RC in
        0 | 1 | 2)
            if grep -Eq -- "$SAN_RE" "$OUT/last.log"; then bad "$label: no crash" "$(grep -E -m 3 -- "$SAN_RE" "$OUT/last.log")"
            else ok "$label: exits 0, 1 or 2 within 20 s"; fi ;;
        124 | 137 | 152) bad "$label: finishes within the time limit" "killed by the time limit (exit $RC)" ;;
        *) bad "$label: exits 0, 1 or 2" "exit code $RC (crash?); output: $(tail -c 800 "$OUT/last.log")" ;;
    esac
}

fm() { printf -- '---\ntitle: "%s"\nkind: reference\n---\n\n' "$1"; }

# book NAME: a fresh book folder $OUT/NAME (B) with a book.yaml listing ch1.md.
book() {
    B="$OUT/$1"
    rm -rf "$B" && mkdir -p "$B"
    printf 'title: "Diag"\nchapters:\n  - ch1.md\n' >"$B/book.yaml"
    { fm "One"; printf '# Start\n\nPlain text.\n'; } >"$B/ch1.md"
}

# build NAME: builds $B into $OUT/out-NAME/book.pdf (PDF).
build() {
    od="$OUT/out-$1"
    rm -rf "$od" && mkdir -p "$od"
    PDF="$od/book.pdf"
    mlsd "$1" build -c "$B/book.yaml" -o "$PDF"
}

expect_pdf() { # NAME: the last build wrote $PDF and nothing else
    if [ "$(ls -A "$od")" = "book.pdf" ] && qpdf --check "$PDF" >/dev/null 2>&1; then ok "$1: PDF written and sound"
    else bad "$1: PDF written and sound" "output directory holds: $(ls -A "$od" | tr '\n' ' ')"; fi
}

expect_nothing() { # NAME: the last build wrote nothing
    if [ -z "$(ls -A "$od")" ]; then ok "$1: nothing written"; else bad "$1: nothing written" "found: $(ls -A "$od" | tr '\n' ' ')"; fi
}

FFFF=$(printf '\357\277\277')
FFFE=$(printf '\357\277\276')
FDD0=$(printf '\357\267\220')
NC10FFFF=$(printf '\364\217\277\277')
NC1FFFE=$(printf '\360\237\277\276')
FFFD=$(printf '\357\277\275')

# ---------------------------------------------------------------- noncharacters

# In book.yaml's title: replaced, warned at its column, the PDF is written
# (it failed at PDF write before, naming the temporary file).
book nc-yaml
printf 'title: "Book %s"\nchapters:\n  - ch1.md\n' "$FFFF" >"$B/book.yaml"
build nc-yaml
expect_rc "nc-yaml: exit 0" 0
expect_log "nc-yaml: warned at book.yaml:1:14" "(^|/)book\\.yaml:1:14: warning: noncharacter U\\+FFFF replaced by U\\+FFFD$"
expect_pdf nc-yaml
if pdfinfo "$PDF" 2>/dev/null | grep -q "^Title: *Book $FFFD"; then ok "nc-yaml: title metadata holds U+FFFD"
else bad "nc-yaml: title metadata holds U+FFFD" "$(pdfinfo "$PDF" 2>&1 | grep Title)"; fi
# U+FDD0 is not refused by libyaml: it must be replaced all the same.
printf 'title: "Book %s"\nchapters:\n  - ch1.md\n' "$FDD0" >"$B/book.yaml"
build nc-yaml-fdd0
expect_rc "nc-yaml-fdd0: exit 0" 0
expect_log "nc-yaml-fdd0: warned at book.yaml:1:14" "(^|/)book\\.yaml:1:14: warning: noncharacter U\\+FDD0 replaced"
expect_pdf nc-yaml-fdd0

# In a front-matter title, a heading, link text and body text (3- and 4-byte forms):
# one warning at the first, counting the rest.
book nc-chapter
{ printf -- '---\ntitle: "Ch %s"\nkind: reference\n---\n\n' "$FFFE"
  printf '# Head %s\n\nbody %s [link %s](https://example.com) and %s end\n' "$NC10FFFF" "$FDD0" "$NC1FFFE" "$FFFF"; } >"$B/ch1.md"
mlsd nc-check check -c "$B/book.yaml"
expect_rc "nc-check: check exits 0" 0
expect_log "nc-check: check warns at ch1.md:2:12" \
    "(^|/)ch1\\.md:2:12: warning: noncharacter U\\+FFFE replaced by U\\+FFFD \\(and 4 more in this file\\)"
build nc-chapter
expect_rc "nc-chapter: exit 0" 0
expect_log "nc-chapter: warned at ch1.md:2:12" "(^|/)ch1\\.md:2:12: warning: noncharacter U\\+FFFE"
expect_no_log "nc-chapter: no PDF write failure" "cannot write PDF|not valid UTF-8"
expect_pdf nc-chapter
expect_text "nc-chapter: heading text kept" "$PDF" "Head $FFFD"
expect_text "nc-chapter: link text kept" "$PDF" "link $FFFD"
expect_text "nc-chapter: body text kept" "$PDF" "and $FFFD end"

# A 4-byte noncharacter alone in the body: reported at its own line and column.
book nc-body
{ fm "One"; printf '# Start\n\nText \342\200\224 then %s.\n' "$NC1FFFE"; } >"$B/ch1.md"
build nc-body
expect_rc "nc-body: exit 0" 0
expect_log "nc-body: warned at ch1.md:8:13" "(^|/)ch1\\.md:8:13: warning: noncharacter U\\+1FFFE replaced by U\\+FFFD$"
expect_pdf nc-body

# In a plain Markdown folder's SUMMARY.md (its link texts become titles).
B="$OUT/nc-summary"
rm -rf "$B" && mkdir -p "$B"
printf '# Summary\n\n- [Intro %s](intro.md)\n' "$FFFF" >"$B/SUMMARY.md"
printf '# Intro\n\nText.\n' >"$B/intro.md"
od="$OUT/out-nc-summary"
rm -rf "$od" && mkdir -p "$od"
PDF="$od/book.pdf"
mlsd nc-summary build "$B" -o "$PDF"
expect_rc "nc-summary: exit 0" 0
expect_log "nc-summary: warned at SUMMARY.md:3:10" "(^|/)SUMMARY\\.md:3:10: warning: noncharacter U\\+FFFF replaced"
expect_pdf nc-summary

# ---------------------------------------------------------------- YAML shape

book yaml-cycle
printf 'title: "Diag"\nchapters:\n  - ch1.md\nsubject: &x [1, [2, *x]]\n' >"$B/book.yaml"
build yaml-cycle
expect_rc "yaml-cycle: exit 1" 1
expect_log "yaml-cycle: reported at the alias (4:21)" \
    "(^|/)book\\.yaml:4:21: error: YAML alias refers to a node that contains it$"
expect_nothing yaml-cycle

book yaml-deep
printf 'title: "Diag"\nchapters:\n  - ch1.md\nsubject: %s\n' "$(awk 'BEGIN { for (i = 0; i < 70; i++) printf "["; for (i = 0; i < 70; i++) printf "]" }')" >"$B/book.yaml"
build yaml-deep
expect_rc "yaml-deep: exit 1" 1
# The root mapping is level 0, subject's list level 1 at column 10: level 65 at column 74.
expect_log "yaml-deep: reported at the node past the bound (4:74)" \
    "(^|/)book\\.yaml:4:74: error: YAML nested too deeply \\(more than 64 levels\\)$"

book yaml-bomb
{ printf 'title: "Diag"\nchapters:\n  - ch1.md\n'
  printf 'a: &a [x, x, x, x, x, x, x, x, x, x]\n'
  for p in a b c d e f g h; do
      n=$(echo "$p" | tr 'a-h' 'b-i')
      printf '%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n' "$n" "$n" "$p" "$p" "$p" "$p" "$p" "$p" "$p" "$p" "$p" "$p"
  done; } >"$B/book.yaml"
build yaml-bomb
expect_rc "yaml-bomb: exit 1" 1
# a has 11 nodes, b 111, …, f 1 111 111: f (line 9) is the first over 200 000.
expect_log "yaml-bomb: reported at the first node over the bound (9:4)" \
    "(^|/)book\\.yaml:9:4: error: YAML document too large after alias expansion \\(more than 200000 nodes\\)$"

book yaml-second
printf 'title: "Diag"\nchapters:\n  - ch1.md\n---\ntitle: "Other"\n' >"$B/book.yaml"
build yaml-second
expect_rc "yaml-second: exit 0" 0
expect_log "yaml-second: warned at the second document (4:1)" \
    "(^|/)book\\.yaml:4:1: warning: a second YAML document is ignored$"
expect_pdf yaml-second
if pdfinfo "$PDF" 2>/dev/null | grep -q "^Title: *Diag$"; then ok "yaml-second: the first document is used"
else bad "yaml-second: the first document is used" "$(pdfinfo "$PDF" 2>&1 | grep Title)"; fi

# ---------------------------------------------------------------- chapter paths

book empty-path
printf 'title: "Diag"\nchapters:\n  - ch1.md\n  - ""\n' >"$B/book.yaml"
build empty-path
expect_rc "empty-path: exit 1" 1
expect_log "empty-path: its own message at 4:5" "(^|/)book\\.yaml:4:5: error: empty chapter path$"
expect_no_log "empty-path: not 'listed twice' nor 'a directory'" "listed twice|is a directory"
expect_nothing empty-path

book link-loop
ln -s loop-b.md "$B/loop-a.md"
ln -s loop-a.md "$B/loop-b.md"
printf 'title: "Diag"\nchapters:\n  - ch1.md\n  - loop-a.md\n' >"$B/book.yaml"
build link-loop
expect_rc "link-loop: exit 1" 1
expect_log "link-loop: said at 4:5" "(^|/)book\\.yaml:4:5: error: chapter 'loop-a\\.md' is a symbolic link loop$"
expect_no_log "link-loop: not 'not found'" "not found"
expect_nothing link-loop

book image-loop
ln -s loop-b.png "$B/loop-a.png"
ln -s loop-a.png "$B/loop-b.png"
{ fm "One"; printf '# Start\n\n![a loop](loop-a.png)\n'; } >"$B/ch1.md"
build image-loop
expect_rc "image-loop: exit 0" 0
expect_log "image-loop: said at ch1.md:8:1" "(^|/)ch1\\.md:8:1: warning: image is a symbolic link loop: .*loop-a\\.png$"

# ---------------------------------------------------------------- nesting past the bound

# 150 nested list levels: a warning where level 100 is passed, every item kept.
book deep-list
{ fm "One"; printf '# Start\n\n'; awk 'BEGIN { for (i = 1; i <= 150; i++) { for (k = 1; k < i; k++) printf "  "; printf "- deepitem%d\n", i } }'; } >"$B/ch1.md"
build deep-list
expect_rc "deep-list: exit 0 (a warning, not an error)" 0
# The list of item 50 is at depth 99 (document 1, each level a list and an item):
# its items would be at 101. Line 7 + 50 = 57, column 2 * 49 + 1 = 99.
expect_log "deep-list: warned once at ch1.md:57:99" \
    "(^|/)ch1\\.md:57:99: warning: content nested more than 100 levels deep; deeper levels are flattened$"
expect_pdf deep-list
txt=$(pdftotext "$PDF" - 2>/dev/null)
missing=""
i=1
while [ $i -le 150 ]; do
    echo "$txt" | grep -q "deepitem$i\$" || missing="$missing $i"
    i=$((i + 1))
done
if [ -z "$missing" ]; then ok "deep-list: all 150 items in the PDF"; else bad "deep-list: all 150 items in the PDF" "missing:$missing"; fi

# 50 000 nested block quotes and 150 nested emphases: flattened, text kept.
book deep-quote
{ fm "One"; printf '# Start\n\n'; awk 'BEGIN { for (i = 0; i < 50000; i++) printf ">"; print " deepquoteword" }'
  printf '\n'; awk 'BEGIN { for (i = 0; i < 150; i++) printf "*e%d ", i; printf "deepemph"; for (i = 0; i < 150; i++) printf "*"; print "" }'; } >"$B/ch1.md"
build deep-quote
expect_rc "deep-quote: exit 0" 0
expect_log "deep-quote: warned at ch1.md:8:100" "(^|/)ch1\\.md:8:100: warning: content nested more than 100 levels deep"
expect_count_lines=$(grep -c "content nested more than" "$OUT/last.log")
if [ "$expect_count_lines" -eq 1 ]; then ok "deep-quote: warned once per chapter"; else bad "deep-quote: warned once per chapter" "$expect_count_lines warnings"; fi
expect_pdf deep-quote
expect_text "deep-quote: quoted text kept" "$PDF" "deepquoteword"
expect_text "deep-quote: emphasised text kept" "$PDF" "e149 deepemph"

# ---------------------------------------------------------------- SVG

# svg NAME BODY: a book showing a.svg (100 × 100) made of BODY.
svg() {
    book "$1"
    printf '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">%s</svg>\n' "$2" >"$B/a.svg"
    { fm "One"; printf '# Start\n\nBefore.\n\n![a picture](a.svg)\n\nAfter.\n'; } >"$B/ch1.md"
    build "$1"
}

# expect_svg_refused NAME REASON-PATTERN: warned at the image's position, built without it.
expect_svg_refused() {
    expect_rc "$1: exit 0 (the image is left out)" 0
    expect_log "$1: warned at ch1.md:10:1, naming the image and the reason" "(^|/)ch1\\.md:10:1: warning: $2.*: .*a\\.svg$"
    expect_pdf "$1"
    expect_text "$1: text after the image kept" "$PDF" "After\\."
}

# This aborted the whole process inside librsvg ("panicked at 'assertion failed: h >= 0.0'").
svg svg-font-size '<text x="10" y="50" font-size="1e30">Hi</text>'
expect_svg_refused svg-font-size \
    'SVG has an out-of-range value \(font-size="1e30"; numbers and scale factors are limited to 1000000\)'

svg svg-style-attr '<text x="10" y="50" style="fill:#1e9999;font-size:1e30px">Hi</text>'
expect_svg_refused svg-style-attr 'SVG has an out-of-range value \(font-size="1e30px"'

svg svg-style-element '<style><![CDATA[ text { font-size: 1E+30px } ]]></style><text x="10" y="50">Hi</text>'
expect_svg_refused svg-style-element 'SVG has an out-of-range value \(font-size="1E\+30px"'

svg svg-infinite '<rect width="1e999" height="10"/>'
expect_svg_refused svg-infinite 'SVG has an out-of-range value \(width="1e999"'

# This took 19 s in librsvg.
svg svg-scale '<g transform="scale(1e30)"><rect width="1" height="1"/></g>'
expect_svg_refused svg-scale 'SVG has an out-of-range value \(transform="scale\(1e30\)"'

# Each factor is small; together they enlarge 10^30 times (24 s, then Pango assertions).
svg svg-nested-scale "$(awk 'BEGIN { for (i = 0; i < 10; i++) printf "<g transform=\"scale(1000)\">"; printf "<text font-size=\"12\">Hi</text>"; for (i = 0; i < 10; i++) printf "</g>" }')"
expect_svg_refused svg-nested-scale 'SVG has an out-of-range value \(nested transforms enlarge more than 1000000 times\)'

# Two factors in one list, separated by a comma: 2 × 1000000.
svg svg-scale-list '<g transform="scale(2), scale(1000000)"><rect width="1" height="1"/></g>'
expect_svg_refused svg-scale-list 'SVG has an out-of-range value \(transform="scale\(2\), scale\(1000000\)"'

# An SVG in a data: URL would reach librsvg without this scan.
svg svg-data-url '<image width="10" height="10" href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="/>'
expect_svg_refused svg-data-url 'SVG embeds another SVG \(a data: URL\)'

svg svg-skew '<g transform="skewX(90)"><text font-size="12">Hi</text></g>'
expect_svg_refused svg-skew 'SVG has an out-of-range value \(transform="skewX\(90\)"'

svg svg-viewbox '<svg viewBox="0 0 100-1e30" width="10" height="10"/>'
expect_svg_refused svg-viewbox 'SVG has an out-of-range value \(viewBox="0 0 100-1e30"'

svg svg-elements "$(awk 'BEGIN { for (i = 0; i < 100001; i++) printf "<g/>" }')"
expect_svg_refused svg-elements 'SVG has too many elements \(the limit is 100000\)'

svg svg-depth "$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "<g>"; for (i = 0; i < 300; i++) printf "</g>" }')"
expect_svg_refused svg-depth 'SVG nests elements more than 256 deep'

svg svg-entity '<text>&big;</text>'
printf '<?xml version="1.0"?>\n<!DOCTYPE svg [ <!ENTITY big "<text font-size='"'"'1e30'"'"'>x</text>"> ]>\n' >"$OUT/svg-entity/head"
cat "$OUT/svg-entity/head" "$B/a.svg" >"$B/b.svg" && mv "$B/b.svg" "$B/a.svg"
build svg-entity
expect_svg_refused svg-entity 'SVG declares an entity that holds markup'

svg svg-external '<text>&ext;</text>'
printf '<?xml version="1.0"?>\n<!DOCTYPE svg [ <!ENTITY ext SYSTEM "/etc/hostname"> ]>\n' >"$OUT/svg-external/head"
cat "$OUT/svg-external/head" "$B/a.svg" >"$B/b.svg" && mv "$B/b.svg" "$B/a.svg"
build svg-external
expect_svg_refused svg-external 'SVG declares an external entity'

# 8 MiB of unfinished entity declarations: the scan stays linear.
book svg-entities
{ printf '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
  yes '<!ENTITY x SYST' | head -c 8000000 | tr -d '\n'; printf '</svg>\n'; } >"$B/a.svg"
{ fm "One"; printf '# Start\n\nBefore.\n\n![a picture](a.svg)\n\nAfter.\n'; } >"$B/ch1.md"
build svg-entities
expect_rc "svg-entities: exit 0" 0
expect_text "svg-entities: text after the image kept" "$PDF" "After\\."

# 9 MiB of SVG (a comment): the message names the size and the limit.
book svg-bytes
{ printf '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><!--'
  head -c 9437184 /dev/zero | tr '\0' 'x'
  printf -- '--></svg>\n'; } >"$B/a.svg"
{ fm "One"; printf '# Start\n\nBefore.\n\n![a picture](a.svg)\n\nAfter.\n'; } >"$B/ch1.md"
build svg-bytes
expect_svg_refused svg-bytes 'SVG is too large \(9\.0 MiB; the limit is 8 MiB\)'

# Over 64 MiB (a sparse file): refused from its size, with the limit (its message was lost once).
book image-bytes
truncate -s 65M "$B/a.svg"
{ fm "One"; printf '# Start\n\nBefore.\n\n![a picture](a.svg)\n\nAfter.\n'; } >"$B/ch1.md"
build image-bytes
expect_svg_refused image-bytes 'image file is too large \(over 64 MiB\)'

# Ordinary SVG still passes: exported rotations (6.1e-17), colours, ids with digits,
# numbers in text, a transform enlarging 1000 times.
svg svg-ok '<g transform="matrix(6.123e-17 1 -1 6.123e-17 100 0)"><rect id="r1e9" width="50" height="20" fill="#1e9999" stroke-width="0.5"/></g><g transform="scale(1000)"><rect width="0.01" height="0.01"/></g><text x="5" y="80" font-size="12">svgword 1e30</text>'
expect_rc "svg-ok: exit 0" 0
expect_no_log "svg-ok: no warning about the SVG" "SVG"
expect_pdf svg-ok
expect_text "svg-ok: the SVG's text is drawn" "$PDF" "svgword"

# ---------------------------------------------------------------- output name

# -o '' fails before typesetting: the SVG problem found while typesetting is never reached.
svg out-empty '<text font-size="1e30">Hi</text>'
mlsd out-empty build -c "$B/book.yaml" -o ''
expect_rc "out-empty: exit 1" 1
expect_log "out-empty: says the name is empty" "^mlsd-guide: error: the output file name is empty$"
expect_no_log "out-empty: fails before typesetting" "out-of-range|^wrote "

book output-empty
printf 'title: "Diag"\noutput: ""\nchapters:\n  - ch1.md\n' >"$B/book.yaml"
mlsd output-empty build -c "$B/book.yaml"
expect_rc "output-empty: exit 1" 1
expect_log "output-empty: said at book.yaml:2:9" "(^|/)book\\.yaml:2:9: error: output: the file name is empty$"

finish
