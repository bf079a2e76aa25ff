#!/bin/sh
# An accessible PDF: the structure tree (from qpdf's JSON) holds the fixture
# chapter's heading, paragraph, list with its bullets first, table, figures with
# their alt text, footnote and code, in reading order; the catalog has /Lang and
# XMP metadata; pdfinfo reads the tags; qpdf finds nothing wrong; two builds are
# byte-identical; a word hyphenated at a line end copies out whole.
. "$ROOT/tests/lib.sh"

book="$FIX/a11y/book.yaml"
pdf="$OUT/a11y.pdf"
tree="$OUT/a11y-tree.txt"
run_mlsd build -c "$book" -o "$pdf"
expect_rc "a11y book builds" 0
expect_no_log "a11y book: no warnings" "warning:|error:"
qpdf --json "$pdf" | python3 "$ROOT/tests/tools/structtree.py" > "$tree" 2>"$OUT/a11y-tree.err"
check "structure tree read from qpdf --json" test -s "$tree"

# The chapter's elements, in order, without the Spans and Links inside them.
sect=$(sed -n '/^ Sect$/,$p' "$tree" | sed 's/ mc$//; s/ alt=.*//' | grep -v -E '^ *(Span|Link)$' | grep -v -E '^(lang|xmp)=' | tr -s ' ' | tr '\n' '|')
want=' Sect| H1| H2| P| L| LI| Lbl| LBody| P| LI| Lbl| LBody| P| Table| TR| TH| TH| TR| TD| TD| Figure| Figure| Code| P| Note| Lbl| P| Note| Lbl|'
if [ "$sect" = "$want" ]; then ok "chapter's structure: roles and reading order"; else bad "chapter's structure" "got $sect"; fi
check "the document element holds everything" sh -c "head -1 '$tree' | grep -qx Document"
# An element whose text is one run on one page holds it itself: no Span in between
# (one structure element less each; a Span is only made where the element has other
# children or goes on over a page).
check "headings, code and cells hold their text themselves" sh -c "grep -E '^ +(H1|H2|Code|TD|TH|Lbl)( mc)?$' '$tree' >'$OUT/a11y-leaves.txt' && test -s '$OUT/a11y-leaves.txt' && ! grep -v ' mc$' '$OUT/a11y-leaves.txt'"
check "a paragraph without links holds its text itself" grep -qx '  P mc' "$tree"
check "no Span where its element has nothing else inside" sh -c "! grep -B1 -E '^ +Span' '$tree' | grep -E -q '^ +(H1|H2|Code|TD|TH) mc$'"
check "a paragraph with links: its text in a Span beside the Links" sh -c "sed -n '/^  P$/,/^  L$/p' '$tree' | grep -q '^   Span mc$'"
check "link annotations sit inside their paragraph" sh -c "sed -n '/^  P$/,/^  L$/p' '$tree' | grep -q '^   Link mc$'"

# A paragraph that goes on over a page stays one P, with its text on each page in a Span.
long="$OUT/a11y-long"
rm -rf "$long" && mkdir -p "$long/chapters"
printf 'title: Long\nlanguage: en\nchapters:\n  - chapters/one.md\n' >"$long/book.yaml"
{
    printf '# Long\n\nA short paragraph.\n\n'
    i=0
    while [ "$i" -lt 700 ]; do printf 'word%d ' "$i"; i=$((i + 1)); done
    printf '\n\nThe last paragraph.\n'
} >"$long/chapters/one.md"
run_mlsd build -c "$long/book.yaml" -o "$OUT/a11y-long.pdf"
expect_rc "long paragraph book builds" 0
qpdf --json "$OUT/a11y-long.pdf" | python3 "$ROOT/tests/tools/structtree.py" > "$OUT/a11y-long.txt" 2>/dev/null
check "long paragraph: the book has more than two pages" sh -c "pdfinfo '$OUT/a11y-long.pdf' | grep -Eq '^Pages: +[3-9]'"
lsect=$(sed -n '/^ Sect$/,$p' "$OUT/a11y-long.txt" | grep -v -E '^(lang|xmp)=' | tr -s ' ' | tr '\n' '|')
if echo "$lsect" | grep -Eqx ' Sect\| H1 mc\| P mc\| P\|( Span mc\|){2,} P mc\|'; then ok "long paragraph: one P, a Span per page"
else bad "long paragraph: one P, a Span per page" "got $lsect"; fi
check "long paragraph: qpdf --check is clean" sh -c "qpdf --check '$OUT/a11y-long.pdf' 2>&1 | grep -q 'No syntax or stream encoding errors'"
check "long paragraph: its text is read whole" sh -c "pdfinfo -struct-text '$OUT/a11y-long.pdf' | tr -d '\n ' | grep -q 'word0.*word699'"
check "alt text from ![alt]" grep -q '^  Figure alt="A red square" mc$' "$tree"
check "alt text from <img alt>" grep -q '^  Figure alt="An HTML image" mc$' "$tree"
check "every Figure has /Alt" sh -c "test \$(grep -c 'Figure' '$tree') -eq \$(grep -c 'Figure alt=\"..*\"' '$tree')"
check "/Lang from language:" grep -qx 'lang=en-GB' "$tree"
check "XMP metadata in the catalog" grep -qx 'xmp=yes' "$tree"
qpdf --show-object=trailer "$pdf" > /dev/null 2>&1
check "XMP names the title and the language" sh -c "qpdf --qdf --object-streams=disable '$pdf' - 2>/dev/null | grep -a -q '<dc:language><rdf:Bag><rdf:li>en-GB'"
check "XMP dates from SOURCE_DATE_EPOCH" sh -c "qpdf --qdf --object-streams=disable '$pdf' - 2>/dev/null | grep -a -q '<xmp:CreateDate>2023-11-14T22:13:20Z'"
pdfinfo -struct-text "$pdf" > "$OUT/a11y-struct.txt" 2>&1
check "pdfinfo reads the tags: heading text" grep -q 'A heading"$' "$OUT/a11y-struct.txt"
check "pdfinfo reads the tags: bullet, then item" sh -c "grep -A6 'Lbl' '$OUT/a11y-struct.txt' | tr -d '\\n' | grep -q '\"•\".*LBody.*\"alpha item\"'"
check "pdfinfo reads the tags: footnote text" grep -q '"The footnote text."' "$OUT/a11y-struct.txt"
check "page numbers are not in the tags" sh -c "! grep -Eq '^ *\"(i|ii|iii)\"$' '$OUT/a11y-struct.txt'"
check "…though the page numbers are printed" sh -c "pdftotext '$pdf' - | grep -qx ii"
qpdf --check "$pdf" > "$OUT/a11y-check.txt" 2>&1
check "qpdf --check is clean" sh -c "grep -q 'No syntax or stream encoding errors' '$OUT/a11y-check.txt' && ! grep -qi 'warning' '$OUT/a11y-check.txt'"

# Reproducible: two builds, byte for byte.
run_mlsd build -q -c "$book" -o "$OUT/a11y-2.pdf"
check "two builds are byte-identical" cmp -s "$pdf" "$OUT/a11y-2.pdf"
SOURCE_DATE_EPOCH=1600000000 "$MLSD" build -q -c "$book" -o "$OUT/a11y-3.pdf" >/dev/null 2>&1
check "SOURCE_DATE_EPOCH reaches the XMP" sh -c "qpdf --qdf --object-streams=disable '$OUT/a11y-3.pdf' - 2>/dev/null | grep -a -q '<xmp:CreateDate>2020-09-13T12:26:40Z'"

# Hyphenation: the hyphen at a line end is a soft hyphen in the text layer.
pdftotext -raw "$pdf" "$OUT/a11y-raw.txt"
check "a line ends inside the long word (hyphenated)" grep -Eq "$(printf '(^| )[Ii]n[a-z]*\302\255$')" "$OUT/a11y-raw.txt"
check "no hard hyphen copied at the line end" sh -c "! grep -Eq '(^| )[Ii]n[a-z]*-\$' '$OUT/a11y-raw.txt'"
words=$(tr -d '\n' < "$OUT/a11y-raw.txt" | sed "s/$(printf '\302\255')//g" | grep -o 'nternationalisation' | wc -l)
check "copied text gives every hyphenated word back whole" test "$words" -eq 10
finish
