#!/bin/sh
# Builds the constructs fixture and the real guide; checks the PDF's text,
# structure, fonts, links, outline, page labels, reproducibility and that no
# text lies outside the page's text area on every paper size.
. "$ROOT/tests/lib.sh"

book="$FIX/constructs/book.yaml"
pdf="$OUT/constructs.pdf"

run_mlsd build -c "$book" -o "$pdf"
expect_rc "constructs book builds" 0
expect_log "summary line" "^wrote .*constructs.pdf: [0-9]+ pages, [0-9.]+ MB in [0-9.]+ s"
expect_log "empty link warned with position" "inline.md:18:79: warning: link has an empty target"
expect_log "unknown HTML tag warned with position" "html.md:19:9: warning: unsupported HTML tag <blink>"
expect_no_log "no errors" "error:"

check "qpdf --check passes" sh -c "qpdf --check '$pdf' | grep -q 'No syntax or stream encoding errors'"
fonts=$(pdffonts "$pdf" | tail -n +3)
if [ -n "$fonts" ] && ! echo "$fonts" | awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes") bad=1 } END { exit bad }'; then
    bad "every font embedded and subset" "$fonts"
else ok "every font embedded and subset"; fi
for fam in CharisSIL Lato JetBrainsMono; do
    check "bundled font $fam used" sh -c "pdffonts '$pdf' | grep -q '+$fam'"
done
check "no system font leaks in" sh -c "! pdffonts '$pdf' | tail -n +3 | grep -Ev '\\+(CharisSIL|Lato|JetBrainsMono)'"

info=$(pdfinfo "$pdf")
check "title metadata" sh -c "echo '$info' | grep -q '^Title: *Constructs Test Book'"
check "author metadata" sh -c "echo '$info' | grep -q '^Author: *Ada Tester, Bob Example'"
check "creation date from SOURCE_DATE_EPOCH" sh -c "echo '$info' | grep -q '^CreationDate: .*2023'"

# Every word of the Markdown text is in the PDF text.
text="$OUT/constructs.txt"
pdftotext "$pdf" "$text"
joined="$OUT/constructs-joined.txt"
# Lines joined with nothing between them, so words broken across lines are found too.
sed 's/-$//' "$text" | tr -d '\n' > "$joined"
missing=""
for md in "$FIX"/constructs/chapters/*.md; do
    words=$(sed '1,/^---$/{/^---$/!d}; /^---$/d; /^```/d' "$md" |
        sed -E 's/<!--.*-->//g; s/<[^>]*>/ /g; s/\]\([^)]*\)/]/g; s/\[\^[a-z]+\]:?//g; s/\{#[^}]*\}//g; s/!\[[^]]*\]//g; s/https?:[^ >)]*//g; s/\[![A-Z]+\]//g' |
        tr -c 'A-Za-z0-9\n' ' ' | tr ' ' '\n' | grep -E '^[A-Za-z]{3,}$' | sort -u)
    for w in $words; do
        grep -q -- "$w" "$text" || grep -q -- "$w" "$joined" || missing="$missing $w"
    done
done
if [ -z "$missing" ]; then ok "every word of the Markdown is in the PDF"; else bad "every word of the Markdown is in the PDF" "missing:$missing"; fi
expect_text "footnote text" "$pdf" "The first footnote, with code and emphasis"
expect_text "link URL printed as a note" "$pdf" "https://github.com/github/cmark-gfm"
expect_text "ordered list start honoured" "$pdf" "7\\) starts at seven"
expect_text "callout label from the theme" "$pdf" "Say it in the interview"
expect_text "HTML sub/sup text kept" "$pdf" "H2O"
if pdftotext "$pdf" - | grep -q "<blink>"; then bad "unknown tag name not printed" "found <blink>"; else ok "unknown tag name not printed"; fi

# Links, destinations, outline and page labels.
qdf="$OUT/constructs-qdf.pdf"
qpdf --qdf --object-streams=disable "$pdf" "$qdf"
check "external link annotation" grep -aq "/URI (https://github.com/github/cmark-gfm)" "$qdf"
check "autolink annotation" grep -aq "/URI (https://example.org/autolink)" "$qdf"
check "cross-chapter link to a section" grep -aq "/Dest (c.blocks.tables)" "$qdf"
check "link to an explicit id" grep -aq "/Dest (c.inline.custom-anchor)" "$qdf"
check "link to an HTML anchor" grep -aq "/Dest (c.html.html-anchor)" "$qdf"
qpdf --json --json-key=outlines "$pdf" > "$OUT/outline.json"
# Each bookmark title with the page it opens (1-based page index in the file).
# (An entry's page comes before its children and its title after them: a stack pairs them.)
awk '/"destpageposfrom1"/ { v = $2; sub(/,$/, "", v); st[++n] = v }
     /"title"/ { t = $0; sub(/^ *"title": /, "", t); sub(/,$/, "", t); print st[n--] "\t" t }' \
    "$OUT/outline.json" > "$OUT/outline.txt"
for t in "Contents" "Inline and block" "1 Inline constructs" "2 Block constructs" "3 HTML in Markdown" "2.4 Tables" "1.4 An explicit id"; do
    check "outline entry '$t'" grep -q "\"$t\"" "$OUT/outline.txt"
done
# The bookmark for chapter 2 opens the page whose text starts that chapter.
page=$(grep '"2 Block constructs"' "$OUT/outline.txt" | cut -f1)
check "chapter bookmark points at its page" sh -c "pdftotext -f $page -l $page '$pdf' - | grep -q 'Block constructs'"
qpdf --json --json-key=pagelabels "$pdf" > "$OUT/labels.json"
check "front matter labelled i, ii" grep -q 'u:i' "$OUT/labels.json"
check "body pages numbered from 1 (decimal labels)" grep -q '"/S": "/D"' "$OUT/labels.json"
# Contents: every chapter listed with a leader and its page number.
check "contents lists chapters with page numbers" sh -c "pdftotext -f 2 -l 2 -layout '$pdf' - | grep -Eq '2 +Block constructs[ .]+[0-9]+'"
# (the text joined across line ends: where its lines break is not what this checks)
check "filled-in section reference" sh -c "pdftotext '$pdf' - | tr '\n' ' ' | grep -Eq 'see +§2\.4, +p\. [0-9]+, +Chapter +2, +p\. [0-9]+'"
check "running head on a body page" sh -c "pdftotext -f 7 -l 7 '$pdf' - | head -3 | grep -q '2 Block constructs'"

# Reproducible: same inputs and SOURCE_DATE_EPOCH, same bytes.
run_mlsd build -q -c "$book" -o "$OUT/constructs-2.pdf"
check "byte-identical rebuild" cmp -s "$pdf" "$OUT/constructs-2.pdf"
check "quiet build prints nothing" test ! -s "$OUT/last.log" -o -n "$(grep warning "$OUT/last.log")"

# No glyph outside the text area (plus footer) on any paper size.
for paper in a4 letter 6x9; do
    fixture_copy constructs "paper-$paper"
    sed -i "s/^paper: .*/paper: $paper/" "$OUT/paper-$paper/book.yaml"
    p="$OUT/paper-$paper.pdf"
    run_mlsd build -q -c "$OUT/paper-$paper/book.yaml" -o "$p"
    expect_rc "builds on $paper" 0
    pdftotext -bbox "$p" "$OUT/bbox-$paper.html"
    # Page size and text area from the theme: margins are checked with a small tolerance. M is the
    # narrower margin less what a wide block (a diagram, a code block of long lines) may take of it:
    # wide.max_width of the column in all, at most wide.overhang (half) of that margin a side.
    case $paper in
        a4) W=595.28; M=67.0 ;;    # 40 mm margins, column 368.5 pt: 46 pt a side
        letter) W=612; M=76.0 ;;   # 1.7 in margins, column 367.2 pt: 46 pt a side
        6x9) W=432; M=21.3 ;;      # 0.6 in outer margin: half of it, 21.6 pt
    esac
    over=$(grep -o 'xMin="[0-9.]*" yMin="[0-9.]*" xMax="[0-9.]*" yMax="[0-9.]*"' "$OUT/bbox-$paper.html" |
        sed 's/[a-zA-Z]*="//g; s/"//g' |
        awk -v W="$W" -v M="$M" '$1 < M - 1 || $3 > W - M + 1 { n++ } END { print n + 0 }')
    if [ "$over" -eq 0 ]; then ok "no glyph outside the text column on $paper"; else bad "no glyph outside the text column on $paper" "$over words outside"; fi
done

# The real guide builds cleanly.
run_mlsd build -c "$ROOT/content/book.yaml" -o "$OUT/guide.pdf"
expect_rc "the guide builds" 0
expect_no_log "the guide builds without warnings" "warning:|error:"
check "the guide passes qpdf --check" sh -c "qpdf --check '$OUT/guide.pdf' | grep -q 'No syntax or stream encoding errors'"
check "the guide has more than 100 pages" sh -c "test \$(pdfinfo '$OUT/guide.pdf' | awk '/^Pages:/ {print \$2}') -gt 100"

finish
