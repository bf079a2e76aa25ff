#!/bin/sh
# The guide's running scenario is the book's variables (content/scenario.yaml):
# on a copy of content/, one input changes (feed DAU 50e6 -> 60e6), the guide is
# rebuilt, and every dependent number changes in the sizing chapter and in the
# chapters that quote it, while the old values are gone and the numbers that do
# not depend on the feed's DAU (the LLM assistant) stay as they were.
. "$ROOT/tests/lib.sh"

export LC_ALL="${LC_ALL:-C.UTF-8}" NO_COLOR=1 SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1700000000}"
G="$OUT/guide-vars"
rm -rf "$G" && mkdir -p "$G"
# The copy keeps the guide's layout (book.yaml sets root: .., the folder above content/).
cp -R "$ROOT/content" "$G/content"
C="$G/content"
PDF="$G/guide.pdf"

check "the guide names its variables file" grep -Eq '^variables_file: *scenario.yaml' "$C/book.yaml"
check "the scenario sets the feed's DAU to 50e6 users" grep -Eq '^feed_dau: *50e6 users' "$C/scenario.yaml"

# mlsd ARGS: run the tool with a time limit (the whole guide takes several seconds)
mlsd() { timeout -k 5 "$((LIMIT * 6))" "$MLSD" "$@" >"$OUT/last.log" 2>&1; RC=$?; }

# chapters PDF: "first-page|title" for each chapter, from the PDF outline (depth 1 below parts)
chapters() {
    qpdf --json "$1" | python3 -c '
import json, sys
d = json.load(sys.stdin)
for part in d["outlines"]:
    kids = part.get("kids", [])
    items = kids if kids and part["title"] not in ("Contents",) and not part["title"][:1].isdigit() else [part]
    for o in items:
        print("%s|%s" % (o.get("destpageposfrom1"), o["title"].replace("|", "/")))
' >"$G/outline.txt"
}
# chtext PDF NUM OUTFILE: the text of chapter NUM (its outline title starts with "NUM "),
# no-break spaces (between a quoted number and its unit) as spaces
chtext() {
    first=$(awk -F'|' -v n="$2 " 'index($2, n) == 1 { print $1; exit }' "$G/outline.txt")
    next=$(awk -F'|' -v n="$2 " 'f { print $1; exit } index($2, n) == 1 { f = 1 }' "$G/outline.txt")
    if [ -z "$first" ]; then : >"$3"; return; fi
    [ -n "$next" ] && last=$((next - 1)) || last=$first
    pdftotext -f "$first" -l "$last" "$1" - 2>/dev/null | sed 's/\xc2\xa0/ /g' >"$3"
}
# (the text with its lines joined: where a line breaks is not what these look at)
has() { # NAME FILE STRING
    if tr '\n' ' ' <"$2" | grep -Fq -- "$3"; then ok "$1"; else bad "$1" "no '$3' in $(basename "$2")"; fi
}
lacks() { # NAME FILE STRING
    if tr '\n' ' ' <"$2" | grep -Fq -- "$3"; then bad "$1" "'$3' is still in $(basename "$2")"; else ok "$1"; fi
}
texts() { # SUFFIX: the text of the chapters the test looks at, and of the whole book
    chapters "$PDF"
    for n in 2 5 7 8 9 12 18 35; do chtext "$PDF" "$n" "$G/ch$n.$1.txt"; done
    pdftotext "$PDF" - 2>/dev/null | sed 's/\xc2\xa0/ /g' >"$G/all.$1.txt"
}

# ---- 1. the guide as it is
mlsd build -q -c "$C/book.yaml" -o "$PDF"
expect_rc "guide-vars: the copy of the guide builds" 0
texts before
c=$(grep -c . "$G/outline.txt")
check "guide-vars: chapters found in the outline ($c)" test "$c" -ge 40
has "before: sizing chapter, peak QPS" "$G/ch9.before.txt" "≈ 83,000 QPS"
has "before: sizing chapter, ranker fleet" "$G/ch9.before.txt" "= 348 GPUs"
has "before: sizing chapter, ranker cost" "$G/ch9.before.txt" "= \$254,040/month"
has "before: sizing chapter, users substituted" "$G/ch9.before.txt" "= 50,000,000 users × 48 requests/user/day"
has "before: sizing chapter, assistant fleet" "$G/ch9.before.txt" "= 523 GPUs"
has "before: sizing chapter, assistant cost" "$G/ch9.before.txt" "= \$1,145,370/month"
has "before: requirements chapter, peak QPS" "$G/ch2.before.txt" "≈ 83,000 QPS"
has "before: serving chapter, ranker fleet" "$G/ch7.before.txt" "= 348 GPUs"
has "before: cascades chapter, peak QPS" "$G/ch12.before.txt" "83,000 QPS at peak"

# ---- 2. one input changed in the copy's scenario: the feed's DAU 50e6 -> 60e6
sed -i 's/^feed_dau: *50e6 users/feed_dau: 60e6 users/' "$C/scenario.yaml"
check "guide-vars: the copy's feed DAU is now 60e6" grep -Eq '^feed_dau: 60e6 users' "$C/scenario.yaml"
mlsd build -q -c "$C/book.yaml" -o "$PDF"
expect_rc "guide-vars: the changed copy builds" 0
texts after

# 60e6 users × 48 requests/user/day = 2.88e9 requests/day ≈ 33,300 QPS average, 100,000 at peak;
# 100,000 ÷ 400 ÷ 60 % = 416.7 → 139 per domain × 3 = 417 L4s; 417 × 730 h × $1 = $304,410.
has "sizing chapter: the changed input is substituted" "$G/ch9.after.txt" "= 60,000,000 users × 48 requests/user/day"
has "sizing chapter: average QPS follows" "$G/ch9.after.txt" "≈ 33,300 QPS"
has "sizing chapter: peak QPS follows" "$G/ch9.after.txt" "≈ 100,000 QPS"
has "sizing chapter: ranker fleet follows" "$G/ch9.after.txt" "= 417 GPUs"
has "sizing chapter: ranker cost follows" "$G/ch9.after.txt" "= \$304,410/month"
has "sizing chapter: the scenario table quotes the new fleet" "$G/ch9.after.txt" "417 L4 GPUs"
lacks "sizing chapter: old peak gone" "$G/ch9.after.txt" "83,000 QPS"
lacks "sizing chapter: old fleet gone" "$G/ch9.after.txt" "348 GPUs"
lacks "sizing chapter: old ranker cost gone" "$G/ch9.after.txt" "254,040"
lacks "sizing chapter: old monthly bill gone" "$G/ch9.after.txt" "270,398"
has "requirements chapter: peak QPS follows" "$G/ch2.after.txt" "≈ 100,000 QPS"
has "requirements chapter: users follow" "$G/ch2.after.txt" "60 million daily active users"
lacks "requirements chapter: old peak gone" "$G/ch2.after.txt" "83,000"
has "serving chapter: ranker fleet follows" "$G/ch7.after.txt" "= 417 GPUs"
has "serving chapter: ranker cost follows" "$G/ch7.after.txt" "= \$304,410/month"
lacks "serving chapter: old fleet gone" "$G/ch7.after.txt" "348 GPUs"
has "monitoring chapter: ranker cost follows" "$G/ch8.after.txt" "\$304,000/month"
lacks "monitoring chapter: old ranker cost gone" "$G/ch8.after.txt" "\$254,000"
has "cascades chapter: peak QPS follows" "$G/ch12.after.txt" "100,000 QPS at peak"
has "cascades chapter: fleet follows" "$G/ch12.after.txt" "a fleet of 417 GPUs"
lacks "cascades chapter: old fleet gone" "$G/ch12.after.txt" "348 GPUs"
has "serving-modes chapter: active users follow" "$G/ch18.after.txt" "With 60 M of the 200 M users"
lacks "nowhere in the book: the old peak" "$G/all.after.txt" "83,000 QPS"
lacks "nowhere in the book: the old ranker fleet" "$G/all.after.txt" "348 GPUs"
lacks "nowhere in the book: the old ranker cost" "$G/all.after.txt" "254,040"
# Numbers that do not depend on the feed's DAU stay as they were.
has "unchanged: the assistant fleet in the sizing chapter" "$G/ch9.after.txt" "= 523 GPUs"
has "unchanged: the assistant cost in its own chapter" "$G/ch35.after.txt" "= \$1,145,370/month"
has "unchanged: the training estimate" "$G/ch5.after.txt" "≈ 111 GPU·h"

finish
