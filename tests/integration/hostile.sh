#!/bin/sh
# Hostile input stays harmless: inputs that used to run for minutes (quadratic
# paths in cmark-gfm, Pango, HarfBuzz and our own code) or exhaust memory now
# finish within seconds, either typeset (linear) or refused/neutralised by a
# bound with a message that names the place. Inputs are generated here; every
# run is limited as tests/lib.sh says (LIMIT; exit 124 or 152 = too slow).
. "$ROOT/tests/lib.sh"

H="$OUT/hostile"
rm -rf "$H" && mkdir -p "$H"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"

# book DIR: a one-chapter book around DIR/ch.md (written by the caller on stdin)
book() {
    mkdir -p "$1"
    printf 'title: Hostile\nchapters: [ch.md]\n' >"$1/book.yaml"
    { printf -- '---\ntitle: Hostile\nkind: reference\n---\n\n'; cat; } >"$1/ch.md"
}
build() { run_limited build -q -c "$1/book.yaml" -o "$1/out.pdf"; }
rep() { awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s; print "" }'; }

# ---- 1. a 200k-character token in a paragraph, in inline code and in a code block
# (Pango reshaped the rest of the word for every line: quadratic; now a zero-width
# break opportunity every 256 characters)
tok=$(rep 200000 a)
echo "$tok" | book "$H/tok-para"
build "$H/tok-para"
expect_rc "200k-character token in a paragraph builds" 0
qpdf_ok "200k-character token in a paragraph" "$H/tok-para/out.pdf"
expect_text "the token's text is in the PDF" "$H/tok-para/out.pdf" 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
printf 'Before `%s` after.\n' "$tok" | book "$H/tok-code"
build "$H/tok-code"
expect_rc "200k-character token in inline code builds" 0
expect_text "inline code: the text after the token is in the PDF" "$H/tok-code/out.pdf" 'after\.'
printf '```\n%s\n```\n\nAfter the block.\n' "$tok" | book "$H/tok-block"
build "$H/tok-block"
expect_rc "200k-character token in a code block builds" 0
expect_text "code block: the text after it is in the PDF" "$H/tok-block/out.pdf" 'After the block'

# ---- 2. 80k '![[' (cmark-gfm 0.29 is quadratic on unclosed brackets, CVE-2023-22486): refused before parsing
rep 80000 '![[' | book "$H/brackets"
build "$H/brackets"
expect_rc "80k '![[' is refused" 1
expect_log "80k '![[': positioned error" "ch\.md:6:[0-9]+: error: more than 5000 unclosed '\[' brackets in one paragraph \(the limit is 5000\)"
# Matched brackets (links) and brackets in separate paragraphs are not counted against it.
awk 'BEGIN { for (i = 0; i < 6000; i++) printf "[x] y\n\n" }' | book "$H/brackets-ok"
build "$H/brackets-ok"
expect_rc "6000 paragraphs with one '[' each build" 0

# ---- 3. identical headings: linear slug de-duplication, and at most 5000 headings per chapter
{ awk 'BEGIN { for (i = 0; i < 1999; i++) print "## Same\n\nText.\n" }'; printf 'See [the last](#same-1998).\n'; } | book "$H/same"
build "$H/same"
expect_rc "1999 identical headings build, and a link to the last one (#same-1998) resolves" 0
check "1999 identical headings: the destination of the last is in the PDF" sh -c "qpdf --qdf --object-streams=disable '$H/same/out.pdf' - 2>/dev/null | grep -aq 'c\.ch\.same-1998'"
awk 'BEGIN { for (i = 0; i < 20000; i++) print "## Same\n" }' | book "$H/same20k"
build "$H/same20k"
expect_rc "20k identical headings are refused" 1
expect_log "20k headings: positioned error" "ch\.md:[0-9]+:1: error: chapter has more than 5000 headings \(the limit is 5000\)"

# ---- 4. 100k footnotes (references and definitions)
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "x[^%d]\n\n", i; for (i = 0; i < 100000; i++) printf "[^%d]: note %d\n\n", i, i }' | book "$H/notes"
build "$H/notes"
expect_rc "100k footnotes are refused" 1
expect_log "100k footnotes: positioned error" "ch\.md:[0-9]+:[0-9]+: error: chapter has more than 5000 footnotes \(the limit is 5000\)"
awk 'BEGIN { for (i = 0; i < 2000; i++) printf "x[^%d]\n\n", i; for (i = 0; i < 2000; i++) printf "[^%d]: note %d\n\n", i, i }' | book "$H/notes-ok"
build "$H/notes-ok"
expect_rc "2000 footnotes build" 0
expect_text "2000 footnotes: the last note is printed" "$H/notes-ok/out.pdf" 'note 1999'

# ---- 5. 1M empty headings: stopped by the heading bound, in seconds
awk 'BEGIN { for (i = 0; i < 1000000; i++) print "#" }' | book "$H/empty"
build "$H/empty"
expect_rc "1M empty headings are refused" 1
expect_log "1M empty headings: positioned error" "ch\.md:[0-9]+:1: error: chapter has more than 5000 headings"

# ---- 6. floods in one paragraph: <br>, <a href>, Markdown links (Pango is quadratic in
# colour runs and line breaks): the first 500 styles/links and 1000 breaks are kept,
# the rest is plain text, with one warning
for kind in br a link; do
    case $kind in
    br) rep 100000 'w<br>' ;;
    a) awk 'BEGIN { for (i = 0; i < 100000; i++) printf "<a href=\"https://example.com/%d\">w</a> ", i; print "" }' ;;
    link) awk 'BEGIN { for (i = 0; i < 100000; i++) printf "[w](https://example.com/%d) ", i; print "" }' ;;
    esac | book "$H/flood-$kind"
    build "$H/flood-$kind"
    expect_rc "100k $kind in one paragraph build" 0
    expect_log "100k $kind: one positioned warning" "ch\.md:6:[0-9]+: warning: more than 500 styles and links or 1000 line breaks in one paragraph"
    qpdf_ok "100k $kind" "$H/flood-$kind/out.pdf"
done
n=$(grep -c 'more than 500 styles' "$OUT/last.log")
if [ "$n" -eq 1 ]; then ok "the flood warning is given once per paragraph"; else bad "the flood warning is given once per paragraph" "$n times"; fi

# ---- 7. 100k combining marks on one letter (shaping is quadratic in the cluster)
{ printf 'e'; rep 100000 "$(printf '\314\201')"; } | book "$H/marks"
build "$H/marks"
expect_rc "100k combining marks are refused" 1
expect_log "combining marks: positioned error" "ch\.md:6:66: error: more than 64 combining marks on one character \(the limit is 64\)"
{ printf 'Caf'; printf 'e\314\201 and '; rep 3 "$(printf 'a\314\201\314\202\314\203 ')"; } | book "$H/marks-ok"
build "$H/marks-ok"
expect_rc "a few combining marks build" 0

# ---- 8. theme numbers against the page: body size, paper size
d="$H/theme"
printf 'Some text that wraps.\n' | book "$d"
theme() { printf 'title: T\nchapters: [ch.md]\n%s\n' "$1" >"$d/book.yaml"; build "$d"; }
theme 'theme: { papers: { a4: { body_size: 1e-300 } } }'
expect_rc "body_size 1e-300 is refused" 1
expect_log "body_size 1e-300: positioned error naming the key" "book\.yaml:3:[0-9]+: error: papers\.a4\.body_size is 1e-300pt: the least is 4pt"
theme 'theme: { papers: { a4: { body_size: 400 } } }'
expect_rc "body_size 400 on A4 is refused" 1
expect_log "body_size 400: positioned error naming the key" "book\.yaml:3:[0-9]+: error: papers\.a4\.body_size 400pt leaves room for 1 line of [0-9]+ characters?"
theme 'paper: tiny
theme: { papers: { tiny: { width: 30mm, height: 30mm, margin_top: 2mm, margin_bottom: 2mm, margin_inner: 2mm, margin_outer: 2mm, body_size: 11pt } } }'
expect_rc "a tiny paper is refused" 1
expect_log "tiny paper: error naming the key" "book\.yaml:4:[0-9]+: error: papers\.tiny\.body_size 11pt leaves room for 4 lines of 13 characters .*at least 10 lines of 20 characters"
theme 'theme: { papers: { a4: { body_size: 20pt } } }'
expect_rc "body_size 20pt on A4 builds" 0
[ -f "$d/out.pdf" ] && qpdf_ok "body_size 20pt" "$d/out.pdf"

# ---- 9. a huge title in book.yaml (under its 1 MiB bound), in front matter and as a heading
title=$(awk 'BEGIN { for (i = 0; i < 90000; i++) printf "Title%d ", i }')
d="$H/title"; mkdir -p "$d"
printf 'Text.\n' | book "$d"
printf 'title: "%s"\nchapters: [ch.md]\n' "$title" >"$d/book.yaml"
build "$d"
expect_rc "a 900 KB book title is refused" 1
expect_log "book title: positioned error" "book\.yaml:1:8: error: 'title' has [0-9]+ characters \(the limit is 1000\)"
printf 'title: T\nsubtitle: "%s"\nchapters: [ch.md]\n' "$title" >"$d/book.yaml"
build "$d"
expect_log "subtitle: positioned error" "book\.yaml:2:[0-9]+: error: 'subtitle' has [0-9]+ characters"
printf 'title: T\nchapters: [ch.md]\n' >"$d/book.yaml"
printf -- '---\ntitle: "%s"\n---\n\nText.\n' "$title" >"$d/ch.md"
build "$d"
expect_rc "a 1 MB front-matter title is refused" 1
expect_log "front-matter title: positioned error" "ch\.md:2:[0-9]+: error: the chapter's title has [0-9]+ characters \(the limit is 1000\)"
printf -- 'Intro.\n\n## %s\n' "$title" >"$d/ch.md"
build "$d"
expect_rc "a 1 MB heading is refused" 1
expect_log "heading: positioned error" "ch\.md:3:1: error: heading has [0-9]+ characters \(the limit is 1000\)"

finish
