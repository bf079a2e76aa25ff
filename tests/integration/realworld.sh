#!/bin/sh
# Markdown as people have it: folders without book.yaml, plain chapters without
# front matter, figures in Markdown and HTML (PNG, JPEG, GIF, WebP), badges,
# remote images, TeX math, other scripts, hostile URLs, and the bugs found on
# real books (each with its regression check). Ends with 50 random books with
# figures (tests/tools/mkbook.c, fixed seed), all of which must build and pass
# qpdf --check. Every run is limited to $LIMIT s (tests/lib.sh).
. "$ROOT/tests/lib.sh"

MK="$ROOT/$BUILD/mkbook"
RW="$OUT/realworld"
rm -rf "$RW" && mkdir -p "$RW"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"

lorem="Serving systems answer requests within a latency budget, and every stage of the ranking cascade takes a share of it while the feature store and the model server keep their own queues short."
paras() { i=0; while [ "$i" -lt "$1" ]; do printf '%s %s %s\n\n' "$lorem" "$lorem" "$lorem"; i=$((i + 1)); done; }

# ---- 1. an image that is the first thing drawn on a page (cairo 1.16 tag failure)
d="$RW/figfirst"; mkdir -p "$d"
"$MK" png 1200 800 "$d/big.png"
n=4
while [ "$n" -le 14 ]; do
    { printf -- '---\ntitle: Figures first\n---\n\n'; paras "$n"; printf '![A big figure](big.png "Big")\n\nAfter.\n'; } >"$d/ch.md"
    printf 'title: T\nchapters: [ch.md]\n' >"$d/book.yaml"
    run_limited build -q -c "$d/book.yaml" -o "$d/out-$n.pdf"
    if [ "$RC" -ne 0 ]; then bad "figure after $n paragraphs builds" "exit $RC: $(head -c 400 "$OUT/last.log")"; break; fi
    n=$((n + 1))
done
[ "$n" -gt 14 ] && ok "a figure after 4..14 paragraphs always builds (whatever lands first on a page)"
qpdf_ok "figure first on a page" "$d/out-8.pdf"
check "figure first on a page: the image is embedded" sh -c "pdfimages -list '$d/out-8.pdf' | grep -q ' 1200 *800 '"
# A failure message names the output, never the hidden temporary file.
expect_no_log "no temporary file name in messages" '/\.out-[0-9]+\.pdf\.'

# ---- 2. paragraphs that start with a hard line break (endless loop before)
d="$RW/brk"; mkdir -p "$d"
"$MK" png 60 20 "$d/small.png"
printf 'title: T\nchapters: [ch.md]\n' >"$d/book.yaml"
for t in '![a](small.png)<br>x' '<p><br>x</p>' '**<br>x**' '![a](small.png)  
x' 'x<br><br><br>y'; do
    { printf -- '---\ntitle: Breaks\n---\n\n'; printf '%s\n\n' "$t"; paras 2; } >"$d/ch.md"
    run_limited build -q -c "$d/book.yaml" -o "$d/out.pdf"
    expect_rc "leading hard break finishes: $(echo "$t" | head -1)" 0
done

# ---- 3. autolinks and links that show their URL: no note; URLs never gain a hyphen
d="$RW/links"; mkdir -p "$d"
cat >"$d/ch.md" <<'EOF'
---
title: Links
---

See <https://example.com/documentation/installation/configuration/advanced-settings/overview/index.html> and
[https://github.com/someone/repository](https://github.com/someone/repository) and
[a named link](https://example.net/averyveryverylongpathcomponentthatmustbreaksomewhereinthemiddle/andmoreofitgoeshere/index.html)
next to the word Huyen[^h].

[^h]: A note.
EOF
printf 'title: T\nchapters: [ch.md]\n' >"$d/book.yaml"
run_limited build -q -c "$d/book.yaml" -o "$d/out.pdf"
expect_rc "links book builds" 0
pdftotext "$d/out.pdf" "$d/out.txt"
check "an autolink gets no note (its URL is printed once)" test "$(grep -c 'example.com/documentation' "$d/out.txt")" -eq 1
# (an address broken at a line end continues on the next line: counted with the lines joined)
check "a link whose text is its URL gets no note" test "$(tr -d '\n' <"$d/out.txt" | grep -o 'github.com/someone/repository' | wc -l)" -eq 1
check "a named link's URL is a note" grep -q 'https://example.net/' "$d/out.txt"
check "no hyphen added where a URL breaks" sh -c "! grep -Eq '(example|avery|index|github|repository)[a-z/]*-\$' '$d/out.txt'"
check "note marks are words of their own (Huyen 1, not Huyen1)" grep -Eq 'Huyen +[0-9]' "$d/out.txt"

# ---- 4. a book without version: no version anywhere
pdfinfo "$d/out.pdf" >"$OUT/last.log" 2>&1
expect_no_log "no version in the Subject of a book without one" "^Subject:.*version"
check "no 'Version' on the title page of a book without one" sh -c "! pdftotext -l 1 '$d/out.pdf' - | grep -q Version"

# ---- 5. a chapter after a part, outside it, is a top-level bookmark
d="$RW/outline"; mkdir -p "$d"
printf -- '---\ntitle: Inside\n---\n\nText.\n' >"$d/a.md"
printf -- '---\ntitle: Outside\n---\n\nText.\n' >"$d/b.md"
printf 'title: T\nchapters:\n  - part: "The part"\n    chapters: [a.md]\n  - b.md\n' >"$d/book.yaml"
run_limited build -q -c "$d/book.yaml" -o "$d/out.pdf"
expect_rc "outline book builds" 0
top=$(qpdf --json "$d/out.pdf" | python3 -c 'import json,sys; print("|".join(o["title"] for o in json.load(sys.stdin)["outlines"]))')
case "$top" in *"|Outside"* | *"|2 Outside"*) ok "the chapter after the part is a top-level bookmark ($top)" ;; *) bad "chapter after a part is top level" "top-level bookmarks: $top" ;; esac

# ---- 6. check raises what build raises: DOT errors and unsafe attributes
d="$RW/dot"; mkdir -p "$d"
printf -- '---\ntitle: Dot\n---\n\nText.\n\n```dot\ndigraph { a -> }\n```\n\n```dot\n```\n\n```dot\ndigraph { a [image="/etc/passwd"] }\n```\n\n```dot\ndigraph { a [label=<<IMG SRC="/etc/passwd"/>>] }\n```\n' >"$d/ch.md"
printf 'title: T\nchapters: [ch.md]\n' >"$d/book.yaml"
run_limited check -c "$d/book.yaml"
expect_rc "check fails on bad DOT" 1
expect_log "check: DOT syntax error at its line" "ch\\.md:8:1: error: diagram: syntax error in line 1"
expect_log "check: empty diagram has its own message" "ch\\.md:11:1: error: diagram: empty diagram"
expect_log "check: image= refused" "ch\\.md:14:1: error: diagram: attribute 'image' is not allowed"
expect_log "check: <IMG SRC> refused" "ch\\.md:18:1: error: diagram: attribute 'label' holds an <IMG>"
run_limited build -c "$d/book.yaml" -o "$d/out.pdf"
expect_rc "build fails on bad DOT" 1
check "build reports each DOT error once" test "$(grep -c 'error: diagram' "$OUT/last.log")" -eq 4
{ printf -- '---\ntitle: Dot\n---\n\n```dot\ndigraph { a [label="'; i=0; while [ $i -lt 300 ]; do printf 'line\\n'; i=$((i + 1)); done; printf '"] }\n```\n'; } >"$d/ch.md"
run_limited check -c "$d/book.yaml"
expect_log "a label of 300 lines is refused with its limit" "error: diagram: attribute 'label' has [0-9]+ lines \\(the limit is 100\\)"

# ---- 8. tab-indented code keeps its indentation in the text
d="$RW/tabs"; mkdir -p "$d"
printf -- '---\ntitle: Tabs\n---\n\n```python\ndef f(x):\n\tif x:\n\t\treturn x\n```\n' >"$d/ch.md"
printf 'title: T\nchapters: [ch.md]\n' >"$d/book.yaml"
run_limited build -q -c "$d/book.yaml" -o "$d/out.pdf"
expect_rc "tabs book builds" 0
ind=$(pdftotext -layout "$d/out.pdf" - | awk '/def f\(x\)/ { match($0, /^ */); d = RLENGTH } /return x/ { match($0, /^ */); print RLENGTH - d }')
check "tabs become spaces in the PDF text (8 columns before 'return', got ${ind:-none})" test "${ind:-0}" -eq 8

# ---- plain Markdown: a folder without book.yaml
d="$RW/plain"; mkdir -p "$d/docs/guide" "$d/img"
"$MK" png 400 300 "$d/img/a.png"
"$MK" jpeg 320 200 "$d/img/b.jpg"
"$MK" webp 300 200 "$d/img/c.webp"
printf 'GIF89a\001\000\001\000\200\000\000\377\377\377\000\000\000!\371\004\001\000\000\000\000,\000\000\000\000\001\000\001\000\000\002\002D\001\000;' >"$d/img/d.gif"
cat >"$d/README.md" <<'EOF'
[![build](https://img.shields.io/badge/build-passing-green.svg)](https://ci.example) [![cov](https://example.org/cov.svg)](https://ci.example/cov)

# My Project

Intro with a [link to the guide](docs/guide/intro.md), a [link outside](../other/thing.md) and a remote
![diagram from the web](https://example.org/diagram.png).

<p align="center"><img src="img/a.png" width="300" alt="A PNG"><br><i>Source: the PNG</i></p>

<figure><img src="img/b.jpg" alt="A JPEG"><figcaption>The JPEG</figcaption></figure>

![A WebP](img/c.webp) ![A GIF](img/d.gif)

### Skipped a level

Math $x^2 + y_i$ and prices $5 and $10.

Greek αβγ, Cyrillic Привет, CJK 漢字, Arabic مرحبا, emoji 🚀.

- one
  - two
    - three
      - four
        - five
          - six
EOF
printf '# Intro\n\nBack to [the readme](../../README.md#my-project) and [nowhere](#nope).\n' >"$d/docs/guide/intro.md"
printf '# Ten\n\nText.\n' >"$d/docs/10-ten.md"
printf '# Two\n\nText.\n' >"$d/docs/2-two.md"
# Noto Sans CJK is a CFF font, whose subsetting leaks inside cairo 1.16 (tests/lsan.supp names
# cairo_surface_finish); under the sanitizers the slow unwinder is needed to see that far.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0" limited "$MLSD" build "$d" -o "$d/out.pdf" >"$OUT/last.log" 2>&1
RC=$?
expect_rc "a folder of plain Markdown builds" 0
expect_no_log "plain Markdown: no errors" "error:"
expect_log "plain Markdown: a skipped heading level is a warning" "README\\.md:[0-9]+:1: warning: heading level skips"
expect_log "plain Markdown: a link outside the book is a warning" "README\\.md:[0-9]+:[0-9]+: warning: unknown link target '\\.\\./other/thing\\.md'"
expect_log "plain Markdown: an unknown anchor is a warning" "intro\\.md:[0-9]+:[0-9]+: warning: unknown link target '#nope'"
expect_no_log "a link to the heading that became the title resolves" "my-project"
expect_log "a remote image is a warning" "warning: remote image is not fetched .*diagram\\.png"
expect_no_log "badges are quiet" "shields\\.io|cov\\.svg"
expect_no_log "TeX math is typeset: no warning" "TeX math"
expect_no_log "no glyph is missing (fallback fonts)" "no bundled font has"
pdftotext "$d/out.pdf" "$d/out.txt"
check "title from the first heading, not repeated" sh -c "grep -c '^My Project\$' '$d/out.txt' | grep -qx 2"
check "chapters in natural order, README first (2 before 10)" sh -c "grep -n -E '^(My Project|Two|Ten|Intro)\$' '$d/out.txt' | cut -d: -f2 | uniq | head -4 | tr '\n' '|' | grep -q '^My Project|Two|Ten|Intro|\$'"
check "badges shown as their alt text" grep -q "build" "$d/out.txt"
check "remote image shown as its alt text" sh -c "tr '\n' ' ' <'$d/out.txt' | grep -q 'diagram from the web'"
check "HTML figure caption kept" grep -q "Source: the PNG" "$d/out.txt"
# The text layer reads the formula linearly (x^2 + y_i), without its $ delimiters.
check "math typeset (no TeX left), prices as text" sh -c "! grep -q '\\\$x' '$d/out.txt' && grep -q 'Math x^2 + y_i and' '$d/out.txt' && grep -q 'prices \$5 and \$10' '$d/out.txt'"
check "non-Latin text extracted" sh -c "grep -q 'αβγ' '$d/out.txt' && grep -q 'Привет' '$d/out.txt' && grep -q '漢字' '$d/out.txt'"
pdffonts "$d/out.pdf" >"$OUT/last.log" 2>&1
expect_log "CJK falls back to Noto Sans CJK" "NotoSansCJK"
expect_log "Arabic falls back to Noto Naskh Arabic" "NotoNaskhArabic"
expect_log "emoji fall back to an outline font" "Symbola"
pdfimages -list "$d/out.pdf" >"$OUT/last.log" 2>&1
expect_log "PNG in an HTML block drawn" " 400 +300 "
expect_log "JPEG in <figure> drawn" " 320 +200 "
expect_log "WebP drawn" " 300 +200 "
expect_log "GIF drawn" " 1 +1 "
qpdf_ok "plain Markdown folder" "$d/out.pdf"

# SUMMARY.md decides the order and the parts; FILE.md arguments work too.
d="$RW/summary"; mkdir -p "$d/src"
printf '# Summary\n\n- [Intro](intro.md)\n\n# Part one\n\n- [Beta](b.md)\n  - [Alpha](a.md)\n' >"$d/src/SUMMARY.md"
for f in intro a b; do printf '# Title %s\n\nText of %s.\n' "$f" "$f" >"$d/src/$f.md"; done
printf '# Not listed\n' >"$d/src/zzz.md"
run_limited list "$d"
expect_rc "list of a SUMMARY.md book" 0
expect_log "SUMMARY.md order: Beta before Alpha" "Title b"
check "SUMMARY.md order and the part" sh -c "grep -n -E 'Title (intro|a|b)|Part one' '$OUT/last.log' | cut -d: -f1 | tr '\n' ' ' | grep -q ."
run_limited build -q "$d" -o "$d/out.pdf"
expect_rc "SUMMARY.md book builds" 0
check "SUMMARY.md: the unlisted file is not in the book" sh -c "! pdftotext '$d/out.pdf' - | grep -q 'Not listed'"
check "SUMMARY.md: Beta comes before Alpha" sh -c "pdftotext '$d/out.pdf' - | grep -E '^Title (a|b)\$' | head -1 | grep -q 'Title b'"
check "SUMMARY.md: the part is in the outline" sh -c "qpdf --json '$d/out.pdf' | grep -q 'Part one'"
run_limited build -q "$d/src/b.md" "$d/src/a.md" -o "$d/files.pdf"
expect_rc "build FILE.md FILE.md" 0
check "files in the order given" sh -c "pdftotext '$d/files.pdf' - | grep -E '^Title (a|b)\$' | head -1 | grep -q 'Title b'"

# init writes book.yaml once
run_limited init "$d"
expect_rc "init writes book.yaml" 0
check "init: book.yaml lists the SUMMARY.md chapters" sh -c "grep -q 'src/b.md' '$d/book.yaml' && grep -q 'part: \"Part one\"' '$d/book.yaml'"
run_limited build -q -c "$d/book.yaml" -o "$d/init.pdf"
expect_rc "init's book.yaml builds" 0
run_limited init "$d"
expect_rc "init refuses to overwrite" 1
expect_log "init: message" "book\\.yaml: error: book\\.yaml already exists"

# ---- hostile URLs cannot add PDF actions
d="$RW/hostile"; mkdir -p "$d"
cat >"$d/ch.md" <<'EOF'
---
title: Hostile
---

A [link](<http://x.test/a) /S /JavaScript /JS (app.alert(1)) /X (y>) and
<a href="http://x.test/')>>/S/Launch/F(calc)">html</a> and [back](http://x\\y'z).
EOF
printf 'title: T\nchapters: [ch.md]\n' >"$d/book.yaml"
run_limited build -q -c "$d/book.yaml" -o "$d/out.pdf"
expect_rc "hostile URLs build" 0
qpdf --qdf --object-streams=disable "$d/out.pdf" "$d/qdf.pdf" >/dev/null 2>&1
# Every action in the file is a URI or a GoTo, and no dictionary has a /JS or /Launch key.
actions=$(qpdf --json "$d/out.pdf" | python3 -c '
import json, sys
bad = []
def walk(v):
    if isinstance(v, dict):
        a = v.get("/A")
        if isinstance(a, dict) and a.get("/S") not in ("/URI", "/GoTo"): bad.append(a.get("/S"))
        bad.extend(k for k in v if k in ("/JS", "/Launch"))
        for x in v.values(): walk(x)
    elif isinstance(v, list):
        for x in v: walk(x)
walk(json.load(sys.stdin))
print(" ".join(map(str, bad)))')
check "no JavaScript or Launch action written (found: ${actions:-none})" test -z "$actions"
check "the URI keeps its address, escaped" grep -aq '/URI (http://x.test/a%29%20/S' "$d/qdf.pdf"
qpdf_ok "hostile URLs" "$d/out.pdf"

# ---- a 2,000-deep footnote chain (stack overflow before)
d="$RW/notes"; mkdir -p "$d"
{ printf -- '---\ntitle: Notes\n---\n\nStart[^n0].\n\n'; i=0; while [ $i -lt 2000 ]; do printf '[^n%d]: Note %d refers on[^n%d].\n\n' $i $i $((i + 1)); i=$((i + 1)); done; printf '[^n2000]: End.\n'; } >"$d/ch.md"
printf 'title: T\nchapters: [ch.md]\n' >"$d/book.yaml"
run_limited build -q -c "$d/book.yaml" -o "$d/out.pdf"
expect_rc "a 2,000-deep footnote chain builds" 0
check "every note of the chain is printed" sh -c "pdftotext '$d/out.pdf' - | grep -q 'Note 1999 refers'"

# ---- one image used 20 times is decoded and embedded once
d="$RW/reuse"; mkdir -p "$d"
"$MK" png 500 400 "$d/p.png"
{ printf -- '---\ntitle: Reuse\n---\n\n'; i=0; while [ $i -lt 20 ]; do printf '![Same %d](p.png)\n\n' $i; i=$((i + 1)); done; } >"$d/ch.md"
printf 'title: T\nchapters: [ch.md]\n' >"$d/book.yaml"
run_limited build -q -c "$d/book.yaml" -o "$d/out.pdf"
expect_rc "one image used 20 times builds" 0
qpdf_ok "one image drawn several times on a page" "$d/out.pdf"
check "the image is one PDF object however often it is drawn" test "$(pdfimages -list "$d/out.pdf" | tail -n +3 | awk '{print $11}' | sort -u | wc -l)" -eq 1

# ---- 50 random books with figures (fixed seed)
d="$RW/random"
"$MK" random 20261129 50 "$d"
built=0
for b in "$d"/book-*; do
    if [ -f "$b/book.yaml" ]; then run_limited build -q -c "$b/book.yaml" -o "$b/out.pdf"; else run_limited build -q "$b" -o "$b/out.pdf"; fi
    if [ "$RC" -eq 0 ] && qpdf --check "$b/out.pdf" >/dev/null 2>&1; then built=$((built + 1))
    else bad "random book $(basename "$b") builds and passes qpdf --check" "exit $RC: $(head -c 300 "$OUT/last.log")"; fi
done
check "all 50 random books built and passed qpdf --check ($built)" test "$built" -eq 50

finish
