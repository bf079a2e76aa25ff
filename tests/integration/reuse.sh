#!/bin/sh
# Chapter layouts reused (issue #11): a chapter whose inputs and printed page numbers did not change
# is handed over from an earlier pass or `watch` rebuild instead of being laid out again, and `watch`
# starts from the last build's page numbers. Every PDF must be the one a fresh `build` of the same
# files makes, byte for byte, with the same diagnostics: after (a) a text edit in one chapter, (b) an
# edit that moves a cross-referenced target to another page, (c) a heading and a figure added that
# renumber what other chapters cite, (d) an image replaced, (e) a book.yaml (theme) change, (f) an
# edit that brings a warning and one that takes it away, (g) every page reference removed and one
# added back. `-v` counts the chapters laid out and reused.
. "$ROOT/tests/lib.sh"

export LC_ALL="${LC_ALL:-C.UTF-8}" NO_COLOR=1 SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1700000000}"
if [ -z "${LSAN_OPTIONS:-}" ] && [ -f "$ROOT/tests/lsan.supp" ]; then
    export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
MK="$ROOT/$BUILD/mkbook"
R="$OUT/reuse"
B="$R/book"
rm -rf "$R" && mkdir -p "$B/chapters"

# filler N WORD: N paragraphs of text, each naming WORD (so an edit can find one).
filler() {
    i=1
    while [ "$i" -le "$1" ]; do
        printf 'Paragraph %d about %s: the serving path reads features, scores the candidates and logs what it showed, so the next model learns from it. Latency, freshness and cost pull against each other here.\n\n' "$i" "$2"
        i=$((i + 1))
    done
}
cat >"$B/book.yaml" <<'YAML'
title: "Reuse Fixture"
chapters:
  - chapters/01-one.md
  - chapters/02-two.md
  - chapters/03-three.md
  - chapters/04-four.md
  - chapters/05-five.md
YAML
{ printf -- '# One\n\nThe target is in [](03-three.md#target); the figure is [](02-two.md#fig-a).\n\n'; filler 12 one; } >"$B/chapters/01-one.md"
{ printf -- '# Two\n\n## Start\n\n'; filler 8 two
  printf '![Alpha chart](a.png "Alpha chart"){#fig-a}\n\n## Later {#later}\n\n'; filler 8 later; } >"$B/chapters/02-two.md"
{ printf -- '# Three\n\n## Opening\n\n'; filler 6 three; printf '## The target {#target}\n\n'; filler 6 target; } >"$B/chapters/03-three.md"
{ printf -- '# Four\n\n## Body\n\n'; filler 14 alpha; } >"$B/chapters/04-four.md"
# Chapter 5 cites pages, so its later passes lay it out again, and its diagram warns (the diagram is
# drawn once per build: the warning comes from its first layout, which a reused chapter reports).
{ printf -- '# Five\n\nSee [](02-two.md#later) and [](02-two.md#fig-a) and [](03-three.md#target).\n\n'; filler 10 five
  printf '```dot\ndigraph { rankdir=LR; n1 [label="Feature store service"]; n2 [label="Online ranking service"]; n3 [label="Candidate generation"]; n4 [label="Logging pipeline"]; n5 [label="Training data builder"]; n6 [label="Model registry"]; n7 [label="Evaluation harness"]; n1 -> n2 -> n3 -> n4 -> n5 -> n6 -> n7; }\n```\n'; } >"$B/chapters/05-five.md"
"$MK" png 120 60 "$B/chapters/a.png"

# diags FILE: the diagnostics in a log (position, level, message, hints).
diags() { grep -E ': (error|warning|note): |^  hint: ' "$1"; }

# A book with forward page references reuses chapters in its later passes.
run_limited build -v -j 2 -c "$B" -o "$R/fresh.pdf"
expect_rc "build: the fixture builds" 0
expect_log "build -v: counts the chapters laid out and reused" '^chapters laid out: [0-9]+ of [0-9]+ \([0-9]+ reused\)$'
reused=$(sed -n 's/^chapters laid out: [0-9]* of [0-9]* (\([0-9]*\) reused)$/\1/p' "$OUT/last.log")
passes=$(sed -n 's/^layout and paginate: .*(\([0-9]*\) pass.*/\1/p' "$OUT/last.log")
if [ "${passes:-0}" -ge 2 ] && [ "${reused:-0}" -ge 1 ]; then ok "build: later passes reuse chapters ($reused reused in $passes passes)"
else bad "build: later passes reuse chapters" "$passes passes, ${reused:-?} reused: $(grep -E 'laid out|pass' "$OUT/last.log")"; fi
for j in 1 3; do
    run_limited build -q -j "$j" -c "$B" -o "$R/fresh-j$j.pdf"
    if cmp -s "$R/fresh.pdf" "$R/fresh-j$j.pdf"; then ok "build -j $j: the same PDF as -j 2"; else bad "build -j $j: the same PDF as -j 2" "$(cmp "$R/fresh.pdf" "$R/fresh-j$j.pdf")"; fi
done

WPDF="$R/watch.pdf"
WLOG="$R/watch.log"
timeout 120 "$MLSD" watch -v -j 2 -c "$B" -o "$WPDF" >"$WLOG" 2>&1 &
WPID=$!
trap 'kill -KILL -- "-$WPID" 2>/dev/null' EXIT HUP INT TERM
# built N: waits (up to 30 s) for the Nth finished build in the log.
built() {
    i=0
    while [ "$i" -lt 150 ]; do
        c=$(grep -Ec '^\[(built|failed) in [0-9.]+ s\]' "$WLOG" 2>/dev/null)
        [ "${c:-0}" -ge "$1" ] && return 0
        kill -0 "$WPID" 2>/dev/null || return 1
        sleep 0.2
        i=$((i + 1))
    done
    return 1
}
# segment N: the log of the Nth build (the lines after the (N-1)th "[built" line, through the Nth).
segment() { awk -v n="$1" '/^\[(built|failed) in /{k++; if (k == n) print; next} k == n - 1' "$WLOG"; }
# step N NAME: build N of watch ends, and its PDF and diagnostics are a fresh build's.
step() {
    if ! built "$1"; then bad "watch ($2): rebuilt" "no build $1 within 30 s: $(tail -c 600 "$WLOG")"; return; fi
    segment "$1" >"$R/seg$1.log"
    if grep -q '^\[built in' "$R/seg$1.log"; then ok "watch ($2): rebuilt"; else bad "watch ($2): rebuilt" "$(tail -c 600 "$R/seg$1.log")"; fi
    run_limited build -c "$B" -o "$R/fresh$1.pdf"
    if cmp -s "$WPDF" "$R/fresh$1.pdf"; then ok "watch ($2): the PDF is a fresh build's, byte for byte"
    else bad "watch ($2): the PDF is a fresh build's, byte for byte" "$(cmp "$WPDF" "$R/fresh$1.pdf")"; fi
    diags "$OUT/last.log" >"$R/fresh$1.diag"
    limited env MLSD_REUSE=0 "$MLSD" build -q -c "$B" -o "$R/noreuse$1.pdf" >/dev/null 2>&1
    if cmp -s "$WPDF" "$R/noreuse$1.pdf"; then ok "watch ($2): the PDF is the one laying every chapter out makes (MLSD_REUSE=0)"
    else bad "watch ($2): the PDF is the one laying every chapter out makes (MLSD_REUSE=0)" "$(cmp "$WPDF" "$R/noreuse$1.pdf")"; fi
    diags "$R/seg$1.log" >"$R/watch$1.diag"
    if cmp -s "$R/fresh$1.diag" "$R/watch$1.diag"; then ok "watch ($2): the diagnostics are a fresh build's"
    else bad "watch ($2): the diagnostics are a fresh build's" "$(diff "$R/fresh$1.diag" "$R/watch$1.diag" | head -8)"; fi
}
# counts N: "laid-out reused passes" of build N.
counts() {
    lo=$(sed -n 's/^chapters laid out: \([0-9]*\) of [0-9]* (\([0-9]*\) reused)$/\1 \2/p' "$R/seg$1.log")
    ps=$(sed -n 's/^layout and paginate: .*(\([0-9]*\) pass.*/\1/p' "$R/seg$1.log")
    echo "$lo $ps"
}

step 1 "first build"
cp "$WPDF" "$R/first.pdf"
# (a) one word in chapter 4: only it is laid out again, in one pass (the numbers are the last build's).
sed -i 's/^Paragraph 3 about alpha:/Paragraph 3 about omega:/' "$B/chapters/04-four.md"
step 2 "a: text edit"
if grep -q 'diagram is too wide' "$R/watch2.diag"; then ok "watch (a): a reused chapter reports the warning of its first layout"
else bad "watch (a): a reused chapter reports the warning of its first layout" "$(cat "$R/watch2.diag")"; fi
expect_text "watch (a): the PDF has the edit" "$WPDF" "about omega"
set -- $(counts 2)
if [ "${1:-x}" = 1 ] && [ "${2:-x}" = 4 ] && [ "${3:-x}" = 1 ]; then ok "watch (a): one chapter laid out again, 4 reused, one pass"
else bad "watch (a): one chapter laid out again, 4 reused, one pass" "laid out ${1:-?}, reused ${2:-?}, passes ${3:-?}"; fi
# (b) the cross-referenced target moves to a later page: the page numbers that cite it change.
p_before=$(pdftotext "$WPDF" - | grep -o '§3\.2, p\. [0-9]*' | head -n 1)
filler 12 moved >"$R/more.txt"
awk -v f="$R/more.txt" '/^## The target/{while ((getline l < f) > 0) print l} {print}' "$B/chapters/03-three.md" >"$R/three.tmp" && cat "$R/three.tmp" >"$B/chapters/03-three.md"
step 3 "b: target moved"
p_after=$(pdftotext "$WPDF" - | grep -o '§3\.2, p\. [0-9]*' | head -n 1)
if [ -n "$p_before" ] && [ -n "$p_after" ] && [ "$p_before" != "$p_after" ]; then ok "watch (b): the page reference changed ($p_before -> $p_after)"
else bad "watch (b): the page reference changed" "before '$p_before', after '$p_after'"; fi
# (c) a heading and a figure before the cited ones: chapter 5 cites §2.3 and Figure 2.2 now.
awk '/^## Start/{print "## Added first\n\nNew words.\n\n![Beta chart](a.png \"Beta chart\"){#fig-b}\n"} {print}' "$B/chapters/02-two.md" >"$R/two.tmp" && cat "$R/two.tmp" >"$B/chapters/02-two.md"
step 4 "c: renumbered"
expect_text "watch (c): the citation is renumbered" "$WPDF" "§2\.3"
expect_text "watch (c): the figure citation is renumbered" "$WPDF" "Figure 2\.2"
# (d) the image file replaced by one of another size.
"$MK" png 60 90 "$B/chapters/.a.tmp" && mv "$B/chapters/.a.tmp" "$B/chapters/a.png"
step 5 "d: image replaced"
check "watch (d): the new image is drawn" sh -c "pdfimages -list '$WPDF' | grep -Eq ' 60 +90 '"
# (e) the theme in book.yaml: every chapter is laid out again.
printf 'theme:\n  text: { justify: false }\n' >>"$B/book.yaml"
step 6 "e: theme changed"
set -- $(counts 6)
if [ "${2:-x}" = 0 ]; then ok "watch (e): no chapter reused after a theme change"; else bad "watch (e): no chapter reused after a theme change" "reused ${2:-?}"; fi
# (f) a warning comes (an HTML tag layout drops), and goes.
printf '\nOld markup: <blink>x</blink>\n' >>"$B/chapters/04-four.md"
step 7 "f: a warning added"
if grep -q 'unsupported HTML tag <blink>' "$R/watch7.diag"; then ok "watch (f): the warning is reported"; else bad "watch (f): the warning is reported" "$(cat "$R/seg7.log" | head -5)"; fi
# A rebuild where chapter 4 is reused reports its warning again.
sed -i 's/^Paragraph 2 about five:/Paragraph 2 about six:/' "$B/chapters/05-five.md"
step 8 "f: another chapter edited"
if grep -q 'unsupported HTML tag <blink>' "$R/watch8.diag"; then ok "watch (f): a reused chapter reports its warning again"; else bad "watch (f): a reused chapter reports its warning again" "$(head -5 "$R/seg8.log")"; fi
sed -i '/<blink>/d' "$B/chapters/04-four.md"
step 9 "f: the warning removed"
if grep -q 'blink' "$R/watch9.diag"; then bad "watch (f): no warning after the fix" "$(cat "$R/watch9.diag")"; else ok "watch (f): no warning after the fix"; fi
# (g) every page reference removed, then one back: a short book without any is typeset from the
# pages of its first pass, drawn in one go (as a fresh build does), not from the last build's numbers.
cp "$B/chapters/01-one.md" "$R/one.md"
cp "$B/chapters/05-five.md" "$R/five.md"
sed -i 's/\[\]([^)]*)/here/g' "$B/chapters/01-one.md" "$B/chapters/05-five.md"
step 10 "g: no page reference left"
cp "$R/one.md" "$B/chapters/01-one.md"
step 11 "g: page references back"
kill -INT "$WPID" 2>/dev/null
i=0
while [ "$i" -lt 25 ] && kill -0 "$WPID" 2>/dev/null; do sleep 0.2; i=$((i + 1)); done
if kill -0 "$WPID" 2>/dev/null; then
    bad "watch: stops on Ctrl-C" "still running"
    kill -KILL -- "-$WPID" 2>/dev/null || kill -KILL "$WPID" 2>/dev/null
fi
wait "$WPID" 2>/dev/null
trap - EXIT HUP INT TERM
if grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error:' "$WLOG"; then bad "watch: no sanitizer reports" "$(grep -E -m 3 'Sanitizer|runtime error' "$WLOG")"
else ok "watch: no sanitizer reports"; fi
finish
