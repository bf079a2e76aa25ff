#!/bin/sh
# A book without page references is typeset in one pass however long it is: every pass draws, and
# the front matter is laid out last with that pass's page numbers and moved before the body. A book
# with a forward page reference takes a second pass; an index alone does not. Either way the
# contents comes first, labelled i, ii, … and the body from 1.
. "$ROOT/tests/lib.sh"

# DIR CHAPTERS WORDS-PER-PARAGRAPH REF: a generated book, REF=1 adds a forward page reference.
gen() {
    rm -rf "$1" && mkdir -p "$1/chapters"
    {
        printf 'title: "One pass"\nchapters:\n'
        c=1
        while [ "$c" -le "$2" ]; do printf '  - chapters/c%03d.md\n' "$c"; c=$((c + 1)); done
    } >"$1/book.yaml"
    awk -v n="$2" -v d="$1" -v wpp="$3" -v ref="$4" 'BEGIN {
        for (c = 1; c <= n; c++) {
            f = sprintf("%s/chapters/c%03d.md", d, c)
            printf "# Chapter %d\n\n", c > f
            if (ref && c == 1) printf "See [](#section-14) for more.\n\n" > f
            for (s = 1; s <= 4; s++) {
                printf "## Section %d.%d\n\n", c, s > f
                for (p = 1; p <= 10; p++) {
                    for (w = 1; w <= wpp; w++) printf "w%dx%dy%d lorem ", c, s * 100 + p, w > f
                    printf "\n\n" > f
                }
            }
            close(f)
        }
    }'
}

# DIR NAME EXPECTED-PASSES
build_and_check() {
    run_limited build -v -j 2 -c "$1/book.yaml" -o "$1/out.pdf"
    expect_rc "$2: builds" 0
    expect_log "$2: typeset in $3" "layout and paginate: .*\\($3\\)"
    qpdf --json --json-key=pagelabels "$1/out.pdf" >"$1/labels.json" 2>/dev/null
    # Page 1 is labelled i (cairo writes each front page's label as a prefix), and decimal numbering
    # starts after the front matter.
    front=$(awk '/"index"/ { i = $2; sub(/,/, "", i) } /"\/S": "\/D"/ { print i; exit }' "$1/labels.json")
    if grep -q '"/P": "u:i"' "$1/labels.json" && [ "${front:-0}" -ge 1 ]; then
        ok "$2: pages labelled i, … then 1, … from PDF page $((front + 1))"
    else
        bad "$2: page labels" "$(tr -d ' \n' <"$1/labels.json")"
    fi
    fm=$(pdftotext -f 1 -l "${front:-1}" "$1/out.pdf" - 2>/dev/null)
    case "$fm" in
    *Contents*"Chapter 1 "*) ok "$2: the contents is in the front matter" ;;
    *) bad "$2: contents first" "the front pages read: $(printf '%s' "$fm" | head -c 80)" ;;
    esac
    body=$(pdftotext -f $((${front:-0} + 1)) -l $((${front:-0} + 1)) "$1/out.pdf" - 2>/dev/null)
    case "$body" in
    *"Chapter 1"*) ok "$2: the body starts after it" ;;
    *) bad "$2: body first page" "reads: $(printf '%s' "$body" | head -c 80)" ;;
    esac
    qpdf_ok "$2" "$1/out.pdf"
}

# ~160,000 words (over the old bound of 60,000 words beyond the longest chapter), no page reference.
gen "$OUT/onepass-long" 40 50 0
build_and_check "$OUT/onepass-long" "onepass: long book" "1 pass"
# Its contents points at the right page: chapter 40's start, by label.
start=$(pdftotext -layout "$OUT/onepass-long/out.pdf" - 2>/dev/null | awk '/Chapter 40/ { print $NF; exit }')
page=$(pdftotext "$OUT/onepass-long/out.pdf" - | awk -v RS='\f' '/^Chapter 40/ || /\nChapter 40\n/ { print NR; exit }')
front=$(awk '/"index"/ { i = $2; sub(/,/, "", i) } /"\/S": "\/D"/ { print i; exit }' "$OUT/onepass-long/labels.json")
if [ -n "$start" ] && [ -n "$page" ] && [ "$start" = "$((page - front))" ]; then
    ok "onepass: the contents gives chapter 40 page $start"
else
    bad "onepass: contents page of chapter 40" "printed '${start:-none}', found on PDF page ${page:-none} after ${front:-?} front pages"
fi

# Over 300,000 words (the first pass of older versions kept at most 250,000 words of pages, and a
# longer book took a second pass just to draw them): still one pass, with the front matter first.
gen "$OUT/onepass-huge" 64 60 0
build_and_check "$OUT/onepass-huge" "onepass: very long book" "1 pass"

# A forward page reference: the first pass cannot print it, a second one does.
gen "$OUT/onepass-ref" 4 75 1
build_and_check "$OUT/onepass-ref" "onepass: book with a page reference" "2 passes"
if pdftotext "$OUT/onepass-ref/out.pdf" - 2>/dev/null | grep -q 'p\. ?'; then bad "onepass: page reference" "printed 'p. ?'"
else ok "onepass: page reference resolved"; fi

# A book whose only page references are its index's: the first pass lays the index out with its
# own kept pages' numbers (the index comes last and moves nothing), so one pass is enough.
fixture_copy index onepass-index
run_limited build -v -j 2 -c "$OUT/onepass-index/book.yaml" -o "$OUT/onepass-index/out.pdf"
expect_rc "onepass: index book builds" 0
expect_log "onepass: index book typeset in 1 pass" "layout and paginate: .*\\(1 pass\\)"
if pdftotext "$OUT/onepass-index/out.pdf" - 2>/dev/null | grep -q ', ?'; then bad "onepass: index page numbers" "printed '?'"
else ok "onepass: index page numbers printed"; fi
finish
