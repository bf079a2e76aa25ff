#!/bin/sh
# Book structure: every rule of `check` (one broken copy of a valid fixture
# book per rule, asserting exit code, file, line, column and message), the
# JSON output, `build` refusing to write on check errors, the shipped guide
# (passes --werror; breaking a chapter of each kind fails check and build),
# `new` (scaffold -> check -> build), `list`, and `watch` (bounded in time).
# The base book is tests/fixtures/structure/base: one chapter of each kind.
# Broken variants are derived from it here, with sed and awk, into $OUT.
. "$ROOT/tests/lib.sh"

export LC_ALL="${LC_ALL:-C.UTF-8}" NO_COLOR=1 SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1700000000}"
if [ -z "${LSAN_OPTIONS:-}" ] && [ -f "$ROOT/tests/lsan.supp" ]; then
    export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
fi
# Sanitizers exit with 1 by default, which would pass for an input error.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=86"
SAN_RE='AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:|Assertion .* failed'

BASE="$FIX/structure/base"
ST="$OUT/st"
rm -rf "$ST" && mkdir -p "$ST"
: >"$ST/all.log"
KINDS='case-study, component, framework-step, reference'

# run ARGS...: the binary, limited to $LIMIT s (tests/lib.sh); RC and $OUT/last.log as run_mlsd.
run() {
    limited "$MLSD" "$@" >"$OUT/last.log" 2>&1
    RC=$?
    cat "$OUT/last.log" >>"$ST/all.log"
}

# variant NAME: a fresh copy of the base book in $ST/NAME; sets V (its directory).
variant() { V="$ST/$1"; rm -rf "$V"; cp -R "$BASE" "$V"; }

# lineof FILE ERE: the number of the first line of FILE matching ERE.
lineof() { grep -n -E -m 1 -- "$2" "$1" | cut -d: -f1; }

# ck NAME [ARGS...]: runs check on variant NAME (made by variant NAME first).
ck() { n=$1; shift; run check -c "$ST/$n" "$@"; }

# summary NAME ERRORS WARNINGS: the check summary line of the last run.
summary() {
    e=$2 w=$3
    es=s ws=s
    [ "$e" -eq 1 ] && es=
    [ "$w" -eq 1 ] && ws=
    expect_log "$1: summary counts $e error$es, $w warning$ws" "book\\.yaml: $e error$es, $w warning$ws\$"
}

pdf_sum() { cksum <"$1" 2>/dev/null; }

expect_count() { # NAME PATTERN N: exactly N lines of the last output match
    c=$(grep -Ec -- "$2" "$OUT/last.log")
    if [ "$c" -eq "$3" ]; then ok "$1"; else bad "$1" "$c lines match /$2/, expected $3: $(grep -E -m 6 -- "$2" "$OUT/last.log")"; fi
}

# ====================================================================== base

run check -c "$BASE" --werror
expect_rc "base fixture: check --werror exits 0" 0
expect_log "base fixture: no problems" "book\\.yaml: 0 errors, 0 warnings\$"

# ================================================================ check rules

# ---- unknown kind (error, at the kind: line of the front matter)
variant kind-unknown
sed -i 's/^kind: component$/kind: compnent/' "$V/chapters/02-cache.md"
ck kind-unknown
expect_rc "unknown kind: exit 1" 1
expect_log "unknown kind: message" "(^|/)kind-unknown/chapters/02-cache\\.md:[0-9]+:[0-9]+: error: unknown chapter kind 'compnent'"
expect_log "unknown kind: reported at the kind: line (3)" "(^|/)kind-unknown/chapters/02-cache\\.md:3:[0-9]+: error: unknown chapter kind 'compnent'"
expect_log "unknown kind: hint lists the kinds" "hint: kinds: $KINDS"
summary "unknown kind" 1 0

# ---- missing kind (warning)
variant kind-missing
sed -i '/^kind:/d' "$V/chapters/90-glossary.md"
ck kind-missing
expect_rc "missing kind: exit 0 (a warning)" 0
expect_log "missing kind: position and message" \
    "(^|/)kind-missing/chapters/90-glossary\\.md:1:1: warning: chapter has no kind; its structure is not checked"
expect_log "missing kind: hint lists the kinds" "hint: add 'kind:' to the front matter \\($KINDS\\)"
summary "missing kind" 0 1
ck kind-missing --werror
expect_rc "missing kind --werror: exit 1" 1
expect_log "missing kind --werror: reported as an error" \
    "(^|/)kind-missing/chapters/90-glossary\\.md:1:1: error: chapter has no kind"
summary "missing kind --werror" 1 0

# ---- missing required section (reported after the section before it)
variant sec-missing
sed -i '/^## When you need it$/d' "$V/chapters/02-cache.md"
ck sec-missing
L=$(lineof "$V/chapters/02-cache.md" '^## What it is$')
expect_rc "missing section: exit 1" 1
expect_log "missing section: position and message" \
    "(^|/)sec-missing/chapters/02-cache\\.md:$L:1: error: missing required section '## When you need it' \\(expected after 'What it is'\\)"
expect_log "missing section: hint lists the sections in order" \
    "hint: a component chapter has, in order: What it is · When you need it · How it works · Trade-offs · Failure modes · Interview talking points"
summary "missing section" 1 0

# ---- missing first required section (reported at the title)
variant sec-missing-first
sed -i '/^## What it is$/d' "$V/chapters/02-cache.md"
ck sec-missing-first
expect_rc "missing first section: exit 1" 1
expect_log "missing first section: at the title line" \
    "(^|/)sec-missing-first/chapters/02-cache\\.md:2:1: error: missing required section '## What it is'\$"
summary "missing first section" 1 0

# ---- section out of order
variant sec-order
sed -i 's/^## What to ask or say$/## TMP/; s/^## Techniques$/## What to ask or say/; s/^## TMP$/## Techniques/' \
    "$V/chapters/01-framing.md"
ck sec-order
L=$(lineof "$V/chapters/01-framing.md" '^## Techniques$')
expect_rc "section order: exit 1" 1
expect_log "section order: position and message" \
    "(^|/)sec-order/chapters/01-framing\\.md:$L:1: error: section 'Techniques' is out of order: it belongs after 'What to ask or say'"
summary "section order" 1 0

# ---- unexpected ## section (warning)
variant sec-unknown
printf '\n## Further reading\n\nA good book on caching.\n' >>"$V/chapters/02-cache.md"
ck sec-unknown
L=$(lineof "$V/chapters/02-cache.md" '^## Further reading$')
expect_rc "unexpected section: exit 0 (a warning)" 0
expect_log "unexpected section: position and message" \
    "(^|/)sec-unknown/chapters/02-cache\\.md:$L:1: warning: section 'Further reading' is not one of the sections of a component chapter"
expect_log "unexpected section: hint" "hint: make it a ### subsection, or list it under 'optional:'"
summary "unexpected section" 0 1
ck sec-unknown --werror
expect_rc "unexpected section --werror: exit 1" 1

# ---- a reference chapter has a free structure: any ## section is fine
variant ref-free
printf '\n## Further reading\n\nA good book on caching.\n\n### Papers\n\nTwo of them.\n' >>"$V/chapters/90-glossary.md"
ck ref-free --werror
expect_rc "reference chapter: any sections pass --werror" 0

# ---- heading level skip
variant heading-skip
sed -i 's/^A key-value store in front of the feature store\.$/&\n\n#### Deep detail\n\nEviction is least recently used./' \
    "$V/chapters/02-cache.md"
ck heading-skip
L=$(lineof "$V/chapters/02-cache.md" '^#### Deep detail$')
expect_rc "heading skip: exit 1" 1
expect_log "heading skip: position and message" \
    "(^|/)heading-skip/chapters/02-cache\\.md:$L:1: error: heading level skips from 2 to 4: 'Deep detail'"
expect_log "heading skip: hint" "hint: use one more '#' than the heading above it"
summary "heading skip" 1 0

# ---- explicit ids used in two chapters: <a id>, table caption {#id}, heading {#id}
variant id-anchor
printf '\nSee <a id="term-ndcg"></a>the ranking metric.\n' >>"$V/chapters/03-feed.md"
ck id-anchor
L=$(lineof "$V/chapters/90-glossary.md" 'id="term-ndcg"')
expect_rc "duplicate <a id>: exit 1" 1
expect_log "duplicate <a id>: position and message (the later chapter)" \
    "(^|/)id-anchor/chapters/90-glossary\\.md:$L:1: error: id 'term-ndcg' is already used in .*id-anchor/chapters/03-feed\\.md\$"
summary "duplicate <a id>" 1 0

variant id-caption
printf '\n| Term | Meaning |\n|---|---|\n| NDCG | a ranking metric |\n\nTable: Terms {#tab-cache}\n' >>"$V/chapters/90-glossary.md"
ck id-caption
L=$(lineof "$V/chapters/90-glossary.md" '^Table: Terms')
expect_rc "duplicate caption id: exit 1" 1
expect_log "duplicate caption id: position and message" \
    "(^|/)id-caption/chapters/90-glossary\\.md:$L:1: error: id 'tab-cache' is already used in .*id-caption/chapters/02-cache\\.md\$"
summary "duplicate caption id" 1 0

variant id-heading
printf '\n### Cold start {#cold-start}\n\nNew users have no history.\n' >>"$V/chapters/03-feed.md"
printf '\n## Cold start problem {#cold-start}\n\nNew items have no clicks.\n' >>"$V/chapters/90-glossary.md"
ck id-heading
L=$(lineof "$V/chapters/90-glossary.md" '^## Cold start problem')
expect_rc "duplicate heading {#id}: exit 1" 1
expect_log "duplicate heading {#id}: position and message" \
    "(^|/)id-heading/chapters/90-glossary\\.md:$L:1: error: id 'cold-start' is already used in .*id-heading/chapters/03-feed\\.md\$"

variant id-heading-caption
printf '\n## Cache options {#tab-cache}\n\nWhich cache to pick.\n' >>"$V/chapters/90-glossary.md"
ck id-heading-caption
L=$(lineof "$V/chapters/90-glossary.md" '^## Cache options')
expect_rc "heading {#id} = a caption id in another chapter: exit 1" 1
expect_log "heading {#id} = a caption id in another chapter: position and message" \
    "(^|/)id-heading-caption/chapters/90-glossary\\.md:$L:1: error: id 'tab-cache' is already used in .*id-heading-caption/chapters/02-cache\\.md\$"

# ---- links
variant link-id
sed -i 's/^Say the hit rate and the fallback\.$/Say the hit rate; see [below](#nope)./' "$V/chapters/02-cache.md"
ck link-id
L=$(lineof "$V/chapters/02-cache.md" '#nope')
expect_rc "link to unknown #id: exit 1" 1
expect_log "link to unknown #id: position and message" \
    "(^|/)link-id/chapters/02-cache\\.md:$L:23: error: unknown link target '#nope': no heading or anchor 'nope' in 02-cache\\.md"
expect_log "link to unknown #id: hint" "hint: ids are GitHub-style heading slugs"
summary "link to unknown #id" 1 0

variant link-chapter-id
sed -i 's/^Say the hit rate and the fallback\.$/Say the hit rate; see [terms](90-glossary.md#nope)./' "$V/chapters/02-cache.md"
ck link-chapter-id
expect_rc "link to unknown id in another chapter: exit 1" 1
expect_log "link to unknown id in another chapter: position and message" \
    "(^|/)link-chapter-id/chapters/02-cache\\.md:$L:23: error: unknown link target '90-glossary\\.md#nope': no heading or anchor 'nope' in 90-glossary\\.md"

variant link-chapter
sed -i 's/^Say the hit rate and the fallback\.$/Say the hit rate; see [later](99-missing.md)./' "$V/chapters/02-cache.md"
ck link-chapter
expect_rc "link to a chapter not in the book: exit 1" 1
expect_log "link to a chapter not in the book: position and message" \
    "(^|/)link-chapter/chapters/02-cache\\.md:$L:23: error: unknown link target '99-missing\\.md': no such chapter in the book"
expect_log "link to a chapter not in the book: hint" "hint: link to a chapter listed in book\\.yaml"
summary "link to a chapter not in the book" 1 0

# ---- missing image (warning; error with --werror)
variant image-missing
sed -i 's/^Say the hit rate and the fallback\.$/Say it: ![flow](img\/nope.png)/' "$V/chapters/02-cache.md"
ck image-missing
expect_rc "missing image: exit 0 (a warning)" 0
expect_log "missing image: position and message" \
    "(^|/)image-missing/chapters/02-cache\\.md:$L:9: warning: image not found: .*image-missing/chapters/img/nope\\.png"
summary "missing image" 0 1
ck image-missing --werror
expect_rc "missing image --werror: exit 1" 1
expect_log "missing image --werror: reported as an error" \
    "(^|/)image-missing/chapters/02-cache\\.md:$L:9: error: image not found"
summary "missing image --werror" 1 0

# ---- required elements
variant need-table
awk '/^\|/ { if (!done) print "Pointwise is the simplest option."; done = 1; next } { print }' \
    "$BASE/chapters/01-framing.md" >"$V/chapters/01-framing.md"
ck need-table
L=$(lineof "$V/chapters/01-framing.md" '^## Trade-offs$')
expect_rc "Trade-offs without a table: exit 1" 1
expect_log "Trade-offs without a table: position and message" \
    "(^|/)need-table/chapters/01-framing\\.md:$L:1: error: section 'Trade-offs' needs a table"
expect_log "Trade-offs without a table: hint" "hint: add a GFM table"
summary "Trade-offs without a table" 1 0

# An HTML <table> is a table too.
variant html-table
awk '/^\|/ { if (!done) print "<table><tr><th>Option</th><th>Cost</th></tr><tr><td>Pointwise</td><td>low</td></tr></table>"; done = 1; next } { print }' \
    "$BASE/chapters/01-framing.md" >"$V/chapters/01-framing.md"
ck html-table
expect_rc "Trade-offs with an HTML table: exit 0" 0
expect_no_log "Trade-offs with an HTML table: no missing-table error" "needs a table"

variant need-diagram
sed -i 's/^```dot$/```text/' "$V/chapters/02-cache.md"
ck need-diagram
L=$(lineof "$V/chapters/02-cache.md" '^## How it works$')
expect_rc "How it works without a diagram: exit 1" 1
expect_log "How it works without a diagram: position and message" \
    "(^|/)need-diagram/chapters/02-cache\\.md:$L:1: error: section 'How it works' needs a diagram"
summary "How it works without a diagram" 1 0

variant need-numbers
sed -i 's/^Scale: .*/Many users open the feed many times a day./' "$V/chapters/03-feed.md"
ck need-numbers
L=$(lineof "$V/chapters/03-feed.md" '^## Clarify requirements$')
expect_rc "Clarify requirements without numbers: exit 1" 1
expect_log "Clarify requirements without numbers: position and message" \
    "(^|/)need-numbers/chapters/03-feed\\.md:$L:1: error: section 'Clarify requirements' needs .*numbers"
expect_no_log "Clarify requirements without numbers: message is grammatical" "needs a numbers"
expect_log "Clarify requirements without numbers: hint" "hint: show the numbers of the estimate"
summary "Clarify requirements without numbers" 1 0

variant need-tasklist
sed -i 's/^- \[[ x]\] /- /' "$V/chapters/01-framing.md"
ck need-tasklist
L=$(lineof "$V/chapters/01-framing.md" '^## Checklist$')
expect_rc "Checklist without a task list: exit 1" 1
expect_log "Checklist without a task list: position and message" \
    "(^|/)need-tasklist/chapters/01-framing\\.md:$L:1: error: section 'Checklist' needs a task list"
summary "Checklist without a task list" 1 0

# ---- empty section (warning); a section holding only a comment is empty too
variant empty
sed -i '/^Offline ranking metrics/d' "$V/chapters/03-feed.md"
ck empty
L=$(lineof "$V/chapters/03-feed.md" '^## Evaluation$')
expect_rc "empty section: exit 0 (a warning)" 0
expect_log "empty section: position and message" \
    "(^|/)empty/chapters/03-feed\\.md:$L:1: warning: section 'Evaluation' is empty"
expect_log "empty section: hint" "hint: write the section, or remove it"
summary "empty section" 0 1
ck empty --werror
expect_rc "empty section --werror: exit 1" 1

variant empty-comment
sed -i 's/^Offline ranking metrics.*/<!-- Offline metrics, then the online experiment. -->/' "$V/chapters/03-feed.md"
ck empty-comment
expect_rc "comment-only section: exit 0 (a warning)" 0
expect_log "comment-only section: position and message" \
    "(^|/)empty-comment/chapters/03-feed\\.md:$L:1: warning: section 'Evaluation' is empty"
summary "comment-only section" 0 1

# ---- a chapter file on disk that book.yaml does not list (warning); README.md is fine
variant unlisted
printf -- '---\ntitle: "Draft"\nkind: reference\n---\n\nA draft.\n' >"$V/chapters/50-draft.md"
printf 'Notes for authors.\n' >"$V/chapters/README.md"
ck unlisted
expect_rc "unlisted chapter: exit 0 (a warning)" 0
expect_log "unlisted chapter: file and message" \
    "(^|/)unlisted/chapters/50-draft\\.md: warning: chapter file is not listed in .*unlisted/book\\.yaml"
expect_log "unlisted chapter: hint" "hint: add it under 'chapters:' in book\\.yaml"
expect_no_log "unlisted chapter: README.md is not reported" "README\\.md"
summary "unlisted chapter" 0 1
ck unlisted --werror
expect_rc "unlisted chapter --werror: exit 1" 1

# ---- front matter: wrong type, unknown key, bad numbering
variant fm-type
sed -i 's/^title: "Feature cache"$/title: [a, b]/' "$V/chapters/02-cache.md"
ck fm-type
expect_rc "front matter wrong type: exit 1" 1
expect_log "front matter wrong type: position and message" \
    "(^|/)fm-type/chapters/02-cache\\.md:2:8: error: title: expected a string, got a list"
summary "front matter wrong type" 1 0

variant fm-key
sed -i 's/^summary: /summry: /' "$V/chapters/01-framing.md"
ck fm-key
expect_rc "front matter unknown key: exit 0 (a warning)" 0
expect_log "front matter unknown key: position and message" \
    "(^|/)fm-key/chapters/01-framing\\.md:4:1: warning: unknown front matter key 'summry' \\(ignored\\)"
summary "front matter unknown key" 0 1

variant fm-numbering
sed -i 's/^numbering: appendix$/numbering: appendx/' "$V/chapters/90-glossary.md"
ck fm-numbering
expect_rc "numbering bad value: exit 1" 1
expect_log "numbering bad value: position and message" \
    "(^|/)fm-numbering/chapters/90-glossary\\.md:4:12: error: numbering: unknown value 'appendx'"
expect_log "numbering bad value: hint" "hint: use numbered, unnumbered or appendix"
# 03-feed.md links to 90-glossary.md#term-ndcg, which is still there
expect_no_log "numbering bad value: links into the chapter still resolve" "unknown link target"
summary "numbering bad value" 1 0

# ---- every problem in one run
variant many
sed -i 's/^- \[[ x]\] /- /' "$V/chapters/01-framing.md"
sed -i 's/^Say the hit rate and the fallback\.$/Say the hit rate; see [below](#nope) and ![flow](img\/nope.png)./' \
    "$V/chapters/02-cache.md"
sed -i '/^Offline ranking metrics/d' "$V/chapters/03-feed.md"
printf '\n#### Too deep\n\nText.\n' >>"$V/chapters/90-glossary.md"
ck many
expect_rc "several problems: exit 1" 1
expect_count "several problems: all reported in one run, one line each" \
    "(^|/)many/chapters/[0-9]+-[a-z]+\\.md:[0-9]+:[0-9]+: (error|warning): " 5
summary "several problems" 3 2

# ---- options
ck many -q
expect_rc "check -q: exit 1" 1
expect_no_log "check -q: no summary line" "book\\.yaml: [0-9]+ errors?, "
run check -c "$ST/many" --format xml
expect_rc "check --format xml: usage error, exit 2" 2

# ==================================================================== JSON

J="$ST/check.json"
# a broken link (an error, its hint has quotes) and a missing image (a warning)
variant json
sed -i 's/^Say the hit rate and the fallback\.$/Say "it": see [below](#nope), then ![flow](img\/nope.png)./' "$V/chapters/02-cache.md"
L=$(lineof "$V/chapters/02-cache.md" '#nope')
C1=$(sed -n "${L}p" "$V/chapters/02-cache.md" | awk '{ print index($0, "[below]") }')
C2=$(sed -n "${L}p" "$V/chapters/02-cache.md" | awk '{ print index($0, "![flow]") }')
limited "$MLSD" check -c "$V" --format json >"$J" 2>"$ST/check.json.err"
RC=$?
cat "$J" "$ST/check.json.err" >>"$ST/all.log"
expect_rc "json: exit 1 on an error and a warning" 1
if [ -s "$ST/check.json.err" ]; then bad "json: nothing on stderr" "$(head -c 300 "$ST/check.json.err")"; else ok "json: nothing on stderr"; fi
if command -v python3 >/dev/null 2>&1; then
    if python3 -m json.tool "$J" >/dev/null 2>&1; then ok "json: stdout is one JSON document (json.tool)"
    else bad "json: stdout is one JSON document (json.tool)" "$(head -c 400 "$J")"; fi
    res=$(python3 - "$J" "$L" "$C1" "$C2" <<'EOF' 2>&1
import json, sys
d = json.load(open(sys.argv[1]))
line, c1, c2 = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
probs = []
if sorted(d) != ["diagnostics", "errors", "warnings"]: probs.append("top-level keys %s" % sorted(d))
if d.get("errors") != 1 or d.get("warnings") != 1: probs.append("counts %r/%r" % (d.get("errors"), d.get("warnings")))
ds = d.get("diagnostics", [])
if len(ds) != 2: probs.append("%d diagnostics" % len(ds))
for e in ds:
    if sorted(e) != ["column", "file", "hint", "line", "message", "severity"]: probs.append("keys %s" % sorted(e))
err = [e for e in ds if e.get("severity") == "error"]
warn = [e for e in ds if e.get("severity") == "warning"]
if len(err) != 1 or len(warn) != 1: probs.append("severities %s" % [e.get("severity") for e in ds])
else:
    e, w = err[0], warn[0]
    if not e["file"].endswith("json/chapters/02-cache.md") or e["line"] != line or e["column"] != c1:
        probs.append("error at %s:%s:%s" % (e["file"], e["line"], e["column"]))
    if e["message"] != "unknown link target '#nope': no heading or anchor 'nope' in 02-cache.md": probs.append("message %r" % e["message"])
    if not (e["hint"] or "").startswith('ids are GitHub-style heading slugs ("How it works" \u2192 how-it-works)'): probs.append("hint %r" % e["hint"])
    if not w["file"].endswith("json/chapters/02-cache.md") or w["line"] != line or w["column"] != c2:
        probs.append("warning at %s:%s:%s" % (w["file"], w["line"], w["column"]))
    if not w["message"].startswith("image not found: ") or not w["message"].endswith("json/chapters/img/nope.png"): probs.append("message %r" % w["message"])
    if w["hint"] is not None: probs.append("warning hint %r" % w["hint"])
print("; ".join(probs) if probs else "ok")
EOF
)
    if [ "$res" = ok ]; then ok "json: file, line, column, severity, message, hint and counts"
    else bad "json: file, line, column, severity, message, hint and counts" "$res"; fi
else
    for k in file line column severity message hint; do
        c=$(grep -c "\"$k\": " "$J")
        if [ "$c" -eq 2 ]; then ok "json: key $k in each diagnostic"; else bad "json: key $k in each diagnostic" "$c occurrences"; fi
    done
    if head -n 1 "$J" | grep -q '^{$' && tail -n 1 "$J" | grep -q '^}$'; then ok "json: stdout is only the JSON object"
    else bad "json: stdout is only the JSON object" "$(head -c 300 "$J")"; fi
    if grep -q '"errors": 1,' "$J" && grep -q '"warnings": 1$' "$J"; then ok "json: counts"; else bad "json: counts" "$(tail -n 3 "$J")"; fi
    if grep -q "02-cache\\.md\", \"line\": $L, \"column\": $C1, \"severity\": \"error\", \"message\": \"unknown link target '#nope'" "$J"
    then ok "json: the error"; else bad "json: the error" "$(head -c 600 "$J")"; fi
fi
limited "$MLSD" check -c "$V" --format json --werror >"$J" 2>/dev/null
RC=$?
expect_rc "json --werror: exit 1" 1
if grep -q '"errors": 2,' "$J" && grep -q '"warnings": 0$' "$J" && ! grep -q '"severity": "warning"' "$J"
then ok "json --werror: the warning counts as an error"; else bad "json --werror: the warning counts as an error" "$(tail -n 4 "$J")"; fi
limited "$MLSD" check -c "$BASE" --format json >"$J" 2>/dev/null
RC=$?
expect_rc "json on a clean book: exit 0" 0
if tr -d ' \n' <"$J" | grep -q '^{"diagnostics":\[\],"errors":0,"warnings":0}$'; then ok "json on a clean book: empty list, zero counts"
else bad "json on a clean book: empty list, zero counts" "$(head -c 300 "$J")"; fi

# ================================================ build refuses on check errors

KD="$ST/keep"
mkdir -p "$KD"
run build -c "$BASE" -o "$KD/book.pdf"
expect_rc "build of the base book: exit 0" 0
missing=
for t in "Frame the problem" "Feature cache" "News feed" "Glossary"; do
    pdftotext "$KD/book.pdf" - 2>/dev/null | grep -q "$t" || missing="$missing '$t'"
done
if [ -z "$missing" ]; then ok "build of the base book: all four chapters in the PDF"
else bad "build of the base book: all four chapters in the PDF" "missing:$missing"; fi
sum1=$(pdf_sum "$KD/book.pdf")
run build -c "$ST/link-id" -o "$KD/book.pdf"
expect_rc "build with a check error: exit 1" 1
expect_log "build with a check error: names file, line and column" \
    "(^|/)link-id/chapters/02-cache\\.md:[0-9]+:23: error: unknown link target '#nope'"
expect_log "build with a check error: no PDF written" "^build failed: .*no PDF written"
sum2=$(pdf_sum "$KD/book.pdf")
if [ -n "$sum1" ] && [ "$sum1" = "$sum2" ]; then ok "build with a check error: previous PDF unchanged"
else bad "build with a check error: previous PDF unchanged" "checksum '$sum1' became '$sum2'"; fi
if [ "$(ls -A "$KD")" = "book.pdf" ]; then ok "build with a check error: no temporary file left"
else bad "build with a check error: no temporary file left" "$(ls -A "$KD" | tr '\n' ' ')"; fi
run build -c "$ST/need-tasklist" -o "$ST/fresh/book.pdf"
expect_rc "build with a missing element: exit 1" 1
if [ -e "$ST/fresh/book.pdf" ]; then bad "build with a missing element: no PDF" "$ST/fresh/book.pdf exists"; else ok "build with a missing element: no PDF"; fi
run build -c "$ST/empty" -o "$KD/book.pdf" --werror
expect_rc "build --werror with a warning: exit 1" 1
sum2=$(pdf_sum "$KD/book.pdf")
if [ "$sum1" = "$sum2" ]; then ok "build --werror with a warning: previous PDF unchanged"
else bad "build --werror with a warning: previous PDF unchanged" "checksum '$sum1' became '$sum2'"; fi

# ============================================================ the shipped guide

run check -c "$ROOT/content/book.yaml" --werror
expect_rc "shipped guide: check --werror exits 0" 0
expect_log "shipped guide: no problems" "book\\.yaml: 0 errors, 0 warnings\$"

# guide_break NAME CHAPTER SECTION PREV KIND: a copy of content/ without `## SECTION` in CHAPTER;
# check and build must fail, naming the file and the line of `## PREV`.
guide_break() {
    g="$ST/guide-$1"
    rm -rf "$g" && cp -R "$ROOT/content" "$g"
    f="$g/chapters/$2"
    if ! grep -q "^kind: $5\$" "$f" || ! grep -q "^## $3\$" "$f"; then
        bad "guide without '$3' in $2" "$2 is not a $5 chapter with '## $3'"
        return
    fi
    sed -i "/^## $3\$/d" "$f"
    pl=$(lineof "$f" "^## $4\$")
    fre=$(echo "$2" | sed 's/\./\\./g')
    pat="(^|/)guide-$1/chapters/$fre:$pl:1: error: missing required section '## $3' \\(expected after '$4'\\)"
    run check -c "$g"
    expect_rc "$5 chapter without '$3': check exits 1" 1
    expect_log "$5 chapter without '$3': check names file and line" "$pat"
    # The whole guide is laid out once even when check found errors: a larger limit.
    keep=$LIMIT; LIMIT=$((LIMIT * 6))
    run build -c "$g" -o "$g/out.pdf"
    LIMIT=$keep
    expect_rc "$5 chapter without '$3': build exits 1" 1
    expect_log "$5 chapter without '$3': build names file and line" "$pat"
    if [ -e "$g/out.pdf" ]; then bad "$5 chapter without '$3': no PDF" "$g/out.pdf written"; else ok "$5 chapter without '$3': no PDF"; fi
}
guide_break fs 02-clarify-requirements.md "Common mistakes" "Trade-offs" framework-step
guide_break co 10-feature-store.md "When you need it" "What it is" component

# ==================================================================== new

N="$ST/new"
rm -rf "$N" && cp -R "$ROOT/content" "$N"
cp "$N/book.yaml" "$ST/book.yaml.orig"
nlast=$(ls "$N/chapters" | sed -n 's/^\([0-9][0-9]\)-.*/\1/p' | awk '$1 < 90' | sort -n | tail -n 1)
NN=$(printf '%02d' $((${nlast#0} + 1)))
run new case-study "Ride ETA" -c "$N"
expect_rc "new case-study: exit 0" 0
expect_log "new case-study: says what it created" "created .*chapters/$NN-ride-eta\\.md \\(case-study\\)"
RIDE="$N/chapters/$NN-ride-eta.md"
if [ -f "$RIDE" ]; then ok "new case-study: creates chapters/$NN-ride-eta.md"; else bad "new case-study: creates chapters/$NN-ride-eta.md" "$(ls "$N/chapters" | tail -n 3 | tr '\n' ' ')"; fi
if sed -n 2,5p "$RIDE" 2>/dev/null | grep -q '^kind: case-study$' && sed -n 2,5p "$RIDE" | grep -q '^title: "Ride ETA"$'
then ok "new case-study: front matter has the title and the kind"; else bad "new case-study: front matter has the title and the kind" "$(head -n 5 "$RIDE" 2>/dev/null)"; fi
diff "$ST/book.yaml.orig" "$N/book.yaml" >"$ST/new.diff"
if grep -q '^[<]' "$ST/new.diff"; then bad "new case-study: book.yaml only gains lines" "$(grep '^[<]' "$ST/new.diff" | head -3)"
else ok "new case-study: book.yaml only gains lines (comments and order kept)"; fi
added=$(grep '^>' "$ST/new.diff" | sed 's/^> //')
# The guide has a "Case studies" part: the chapter joins it, as its last chapter.
exp_added=$(printf '      - chapters/%s-ride-eta.md' "$NN")
if [ "$added" = "$exp_added" ]; then ok "new case-study: one line added to the existing part"
else bad "new case-study: one line added to the existing part" "added: $(echo "$added" | tr '\n' '|')"; fi
last_cs=$(ls "$N/chapters" | grep -E '^(3[0-9]|4[0-1])-' | sort | tail -n 1)
al=$(lineof "$N/book.yaml" "^      - chapters/$NN-ride-eta\\.md\$")
ll=$(lineof "$N/book.yaml" "^      - chapters/$last_cs\$")
if [ -n "$al" ] && [ -n "$ll" ] && [ "$al" -eq $((ll + 1)) ]; then ok "new case-study: it comes after the part's last chapter ($last_cs)"
else bad "new case-study: it comes after the part's last chapter" "new at line $al, $last_cs at $ll"; fi

# In a book without the kind's part, new adds the part after the last part, before the references.
M="$ST/newpart"
rm -rf "$M" && mkdir -p "$M/chapters"
printf '# A small book\ntitle: "Small"\nchapters:\n  - part: "Basics"\n    chapters:\n      - chapters/01-basics.md\n  - chapters/90-references.md   # last\n' >"$M/book.yaml"
printf -- '---\ntitle: "Basics"\nkind: reference\n---\n\nText.\n' >"$M/chapters/01-basics.md"
printf -- '---\ntitle: "References"\nkind: reference\n---\n\nSources.\n' >"$M/chapters/90-references.md"
run new component "Alpha store" -c "$M"
expect_rc "new component in a book without parts: exit 0" 0
run new case-study "Ride ETA" -c "$M"
expect_rc "new case-study in a book without its part: exit 0" 0
pb=$(lineof "$M/book.yaml" '^  - part: "Basics"$')
pc=$(lineof "$M/book.yaml" '^  - part: "Component notes"$')
pl=$(lineof "$M/book.yaml" '^  - part: "Case studies"$')
rl=$(lineof "$M/book.yaml" '^  - chapters/90-references\.md')
if [ -n "$pb" ] && [ -n "$pc" ] && [ -n "$pl" ] && [ -n "$rl" ] && [ "$pb" -lt "$pc" ] && [ "$pc" -lt "$pl" ] && [ "$pl" -lt "$rl" ]; then
    ok "new: a new part block comes after the last part, before the references"
else bad "new: a new part block comes after the last part, before the references" "$(cat "$M/book.yaml" | tr '\n' '|')"; fi
if grep -q '^# A small book$' "$M/book.yaml" && grep -q '# last$' "$M/book.yaml"; then ok "new: comments kept in a small book"
else bad "new: comments kept in a small book" "$(head -3 "$M/book.yaml")"; fi
run check -c "$M"
expect_rc "new: the small book checks (warnings for the empty sections only)" 0

c1=$(grep -c '^ *#' "$ST/book.yaml.orig"); c2=$(grep -c '^ *#' "$N/book.yaml")
if [ "$c1" -eq "$c2" ] && [ "$c1" -gt 0 ]; then ok "new case-study: comments kept"; else bad "new case-study: comments kept" "$c1 comment lines became $c2"; fi
run check -c "$N"
expect_rc "new case-study: check exits 0" 0
expect_log "new case-study: check finds no errors" "book\\.yaml: 0 errors, [0-9]+ warnings?\$"
other=$(grep -E ': (warning|error): ' "$OUT/last.log" | grep -v "/chapters/$NN-ride-eta\\.md:")
if [ -z "$other" ]; then ok "new case-study: warnings only for the new chapter"; else bad "new case-study: warnings only for the new chapter" "$other"; fi
sum_yaml=$(cksum <"$N/book.yaml")
timeout -k 5 120 "$MLSD" build -c "$N" -o "$ST/new.pdf" >"$OUT/last.log" 2>&1
RC=$?
cat "$OUT/last.log" >>"$ST/all.log"
expect_rc "new case-study: build exits 0" 0
expect_text "new case-study: the PDF contains Ride ETA" "$ST/new.pdf" "Ride ETA"

run new case-study "Ride ETA" -c "$N"
expect_rc "new case-study twice: exit 1" 1
expect_log "new case-study twice: already exists" "ride-eta\\.md: error: a chapter named 'ride-eta' already exists"
if [ "$(cksum <"$N/book.yaml")" = "$sum_yaml" ]; then ok "new case-study twice: book.yaml unchanged"; else bad "new case-study twice: book.yaml unchanged" "it changed"; fi

run new nope "X" -c "$N"
expect_rc "new with an unknown kind: exit 1" 1
expect_log "new with an unknown kind: message" "error: unknown chapter kind 'nope'"
expect_log "new with an unknown kind: names the known kinds" "hint: kinds: $KINDS"
if [ "$(cksum <"$N/book.yaml")" = "$sum_yaml" ] && ! ls "$N/chapters" | grep -q -- '-x\.md$'
then ok "new with an unknown kind: nothing written"; else bad "new with an unknown kind: nothing written" "$(ls "$N/chapters" | tail -n 2 | tr '\n' ' ')"; fi

run new case-study -c "$N"
expect_rc "new without a title: usage error, exit 2" 2
run new -c "$N"
expect_rc "new without a kind: usage error, exit 2" 2

NC=$(printf '%02d' $((${NN#0} + 1)))
run new component "Query cache" -c "$N"
expect_rc "new component: exit 0" 0
expect_log "new component: added under the part" "under part 'Component notes'"
ql=$(lineof "$N/book.yaml" "^      - chapters/$NC-query-cache\\.md\$")
cl=$(lineof "$N/book.yaml" '^      - chapters/22-privacy-fairness-safety\.md$')
if [ -n "$ql" ] && [ -n "$cl" ] && [ "$ql" -eq $((cl + 1)) ]; then ok "new component: listed right after the last chapter of Component notes"
else bad "new component: listed right after the last chapter of Component notes" "entry at line '$ql', last component at '$cl'"; fi
if [ "$(grep -c '^  - part: "Component notes"$' "$N/book.yaml")" -eq 1 ]; then ok "new component: no second Component notes part"
else bad "new component: no second Component notes part" "$(grep -c 'Component notes' "$N/book.yaml") parts"; fi
if sed -n 2,5p "$N/chapters/$NC-query-cache.md" 2>/dev/null | grep -q '^kind: component$'; then ok "new component: front matter has the kind"
else bad "new component: front matter has the kind" "$(head -n 5 "$N/chapters/$NC-query-cache.md" 2>&1)"; fi
if ! sed -n 2,5p "$N/chapters/$NC-query-cache.md" 2>/dev/null | grep -q '^summary:'; then ok "new component: no summary line without --summary"
else bad "new component: no summary line without --summary" "$(head -n 5 "$N/chapters/$NC-query-cache.md")"; fi

NF=$(printf '%02d' $((${NC#0} + 1)))
run new framework-step "Wrap up" --summary 'Close with a recap and "what next".' -c "$N"
expect_rc "new --summary: exit 0" 0
WF="$N/chapters/$NF-wrap-up.md"
if sed -n 2,5p "$WF" 2>/dev/null | grep -qF 'summary: "Close with a recap and \"what next\"."'; then ok "new --summary: summary in the front matter"
else bad "new --summary: summary in the front matter" "$(head -n 6 "$WF" 2>&1)"; fi
if sed -n 2,5p "$WF" 2>/dev/null | grep -q '^kind: framework-step$'; then ok "new --summary: front matter has the kind"; else bad "new --summary: front matter has the kind" "$(head -n 6 "$WF" 2>&1)"; fi
wl=$(lineof "$N/book.yaml" "^      - chapters/$NF-wrap-up\\.md\$")
bl=$(lineof "$N/book.yaml" '^      - chapters/09-back-of-the-envelope\.md$')
if [ -n "$wl" ] && [ -n "$bl" ] && [ "$wl" -eq $((bl + 1)) ]; then ok "new framework-step: listed at the end of its part"
else bad "new framework-step: listed at the end of its part" "entry at line '$wl', 09 at '$bl'"; fi

run new reference "Cheat sheet" -c "$N"
expect_rc "new reference: exit 0" 0
if [ -f "$N/chapters/91-cheat-sheet.md" ] && [ "$(tail -n 1 "$N/book.yaml")" = "  - chapters/91-cheat-sheet.md" ]
then ok "new reference: 91-cheat-sheet.md at the end of the list"; else bad "new reference: 91-cheat-sheet.md at the end of the list" "$(tail -n 2 "$N/book.yaml" | tr '\n' '|')"; fi

diff "$ST/book.yaml.orig" "$N/book.yaml" >"$ST/new.diff"
if grep -q '^[<]' "$ST/new.diff"; then bad "new x4: book.yaml only gains lines" "$(grep '^[<]' "$ST/new.diff" | head -3)"
else ok "new x4: book.yaml only gains lines"; fi
run check -c "$N"
expect_rc "new x4: check exits 0" 0

# the new case study is a chapter of the case-study kind: breaking it fails check and build
g="$ST/guide-cs"
rm -rf "$g" && cp -R "$N" "$g"
f="$g/chapters/$NN-ride-eta.md"
sed -i '/^## Evaluation$/d' "$f"
pl=$(lineof "$f" '^## Model development$')
pat="(^|/)guide-cs/chapters/$NN-ride-eta\\.md:$pl:1: error: missing required section '## Evaluation' \\(expected after 'Model development'\\)"
run check -c "$g"
expect_rc "case-study chapter without 'Evaluation': check exits 1" 1
expect_log "case-study chapter without 'Evaluation': check names file and line" "$pat"
run build -c "$g" -o "$g/out.pdf"
expect_rc "case-study chapter without 'Evaluation': build exits 1" 1
expect_log "case-study chapter without 'Evaluation': build names file and line" "$pat"

# ==================================================================== list

run list -c "$BASE"
expect_rc "list: exit 0" 0
expect_log "list: book title" "^Structure Fixture \\(4 chapters, [0-9,]+ words\\)"
expect_log "list: Part I" "^Part I +The framework\$"
expect_log "list: Part III" "^Part III +Case studies\$"
expect_log "list: framework-step chapter" "^ +1 +Frame the problem +framework-step +[0-9]+ words +ok\$"
expect_log "list: component chapter" "^ +2 +Feature cache +component +[0-9]+ words +ok\$"
expect_log "list: case-study chapter" "^ +3 +News feed +case-study +[0-9]+ words +ok\$"
expect_log "list: reference chapter (appendix A)" "^ +A +Glossary +reference +[0-9]+ words +ok\$"
total=$(sed -n 's/^Structure Fixture (4 chapters, \([0-9,]*\) words)$/\1/p' "$OUT/last.log" | tr -d ,)
sum=$(awk '/ words +(ok|[0-9]+ (error|warning))/ { for (i = 1; i < NF; i++) if ($(i + 1) == "words") s += $i } END { print s + 0 }' "$OUT/last.log")
if [ -n "$total" ] && [ "$total" -eq "$sum" ] && [ "$sum" -gt 100 ]; then ok "list: word counts add up to the total ($total)"
else bad "list: word counts add up to the total" "total '$total', sum of chapters '$sum'"; fi
run list -c "$ST/heading-skip"
expect_rc "list on a broken book: exit 1" 1
expect_log "list on a broken book: the chapter shows its error count" "^ +2 +Feature cache +component +[0-9]+ words +1 error\$"
expect_log "list on a broken book: the other chapters are ok" "^ +1 +Frame the problem +framework-step +[0-9]+ words +ok\$"
run list -c "$ST/many"
expect_log "list: errors and warnings per chapter" "^ +3 +News feed +case-study +[0-9]+ words +1 warning\$"
expect_log "list: errors and warnings per chapter (2)" "^ +2 +Feature cache +component +[0-9]+ words +1 error, 1 warning\$"

# ==================================================================== watch

W="$ST/watch"
MK="$ROOT/$BUILD/mkbook"
WPDF="$ST/watch.pdf"
WLOG="$ST/watch.log"
rm -rf "$W" "$WPDF" && cp -R "$BASE" "$W"
timeout 60 "$MLSD" watch -c "$W" -o "$WPDF" >"$WLOG" 2>&1 &
WPID=$!
# timeout runs in its own process group: if this script dies, take it down with the watcher.
trap 'kill -KILL -- "-$WPID" 2>/dev/null' EXIT HUP INT TERM
# wait_for PATTERN N: up to 20 s for N lines of the watch log to match PATTERN.
wait_for() {
    i=0
    while [ "$i" -lt 100 ]; do
        [ "$(grep -Ec -- "$1" "$WLOG")" -ge "$2" ] && return 0
        kill -0 "$WPID" 2>/dev/null || { [ "$(grep -Ec -- "$1" "$WLOG")" -ge "$2" ]; return; }
        sleep 0.2
        i=$((i + 1))
    done
    return 1
}
wcheck() { # NAME PATTERN N
    if wait_for "$2" "$3"; then ok "$1"; else bad "$1" "no ${3}x /$2/ within 20 s; log: $(tail -c 600 "$WLOG")"; fi
}
wcheck "watch: first build" '^\[built in [0-9.]+ s\]' 1
expect_text "watch: first PDF written" "$WPDF" "News feed"
printf '\nAsk about Quokkaflux traffic.\n' >>"$W/chapters/03-feed.md"
wcheck "watch: rebuilds after an edit" '^\[built in [0-9.]+ s\]' 2
expect_text "watch: the PDF has the new word" "$WPDF" "Quokkaflux"
wsum=$(pdf_sum "$WPDF")
sed -i 's/^Say the hit rate and the fallback\.$/Say the hit rate; see [below](#nope)./' "$W/chapters/02-cache.md"
wcheck "watch: a broken edit fails" '^\[failed in [0-9.]+ s\]' 1
if grep -Eq "(^|/)watch/chapters/02-cache\\.md:[0-9]+:23: error: unknown link target '#nope'" "$WLOG"; then ok "watch: prints the diagnostic"
else bad "watch: prints the diagnostic" "$(tail -c 600 "$WLOG")"; fi
if [ "$(pdf_sum "$WPDF")" = "$wsum" ]; then ok "watch: the last good PDF stays in place"; else bad "watch: the last good PDF stays in place" "the PDF changed"; fi
cp "$BASE/chapters/02-cache.md" "$W/chapters/02-cache.md"
wcheck "watch: rebuilds after the fix" '^\[built in [0-9.]+ s\]' 3
expect_text "watch: the fixed PDF still has the new word" "$WPDF" "Quokkaflux"
# watch keeps fonts, images and unchanged paragraphs' layouts between rebuilds: its PDF is the one a
# fresh build of the same files makes, byte for byte.
"$MLSD" build -q -c "$W" -o "$ST/watch-fresh.pdf" >/dev/null 2>&1
if cmp -s "$WPDF" "$ST/watch-fresh.pdf"; then ok "watch: after three rebuilds the PDF is the one a fresh build makes"
else bad "watch: after three rebuilds the PDF is the one a fresh build makes" "$(cmp "$WPDF" "$ST/watch-fresh.pdf")"; fi
"$MK" png 40 20 "$W/chapters/fig.png"
printf '\n![A small figure](fig.png)\n' >>"$W/chapters/03-feed.md"
wcheck "watch: rebuilds after an image is added" '^\[built in [0-9.]+ s\]' 4
"$MK" png 90 30 "$W/chapters/.fig.tmp" && mv "$W/chapters/.fig.tmp" "$W/chapters/fig.png"
wcheck "watch: rebuilds after the image changes" '^\[built in [0-9.]+ s\]' 5
check "watch: the changed image is drawn, not the kept one" sh -c "pdfimages -list '$WPDF' | grep -Eq ' 90 +30 '"
"$MLSD" build -q -c "$W" -o "$ST/watch-fresh2.pdf" >/dev/null 2>&1
if cmp -s "$WPDF" "$ST/watch-fresh2.pdf"; then ok "watch: with a changed image the PDF is the one a fresh build makes"
else bad "watch: with a changed image the PDF is the one a fresh build makes" "$(cmp "$WPDF" "$ST/watch-fresh2.pdf")"; fi
# Images are kept by content hash (issue 11): one rewritten with other bytes of the same size, its
# mtime put back (touch -d), is decoded again; the PDF is a fresh build's.
wsvg() { printf '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="30"><rect width="60" height="30" fill="#%s"/></svg>\n' "$1" >"$W/chapters/fig2.svg"; }
wsvg ff0000
touch -d '2020-01-01 00:00:00' "$W/chapters/fig2.svg"
printf '\n![A vector figure](fig2.svg)\n' >>"$W/chapters/03-feed.md"
wn=$(grep -Ec '^\[built in [0-9.]+ s\]' "$WLOG")
wcheck "watch: rebuilds after an SVG is added" '^\[built in [0-9.]+ s\]' $((wn + 1))
wred=$(pdf_sum "$WPDF")
wsvg 0000ff
touch -d '2020-01-01 00:00:00' "$W/chapters/fig2.svg"
wcheck "watch: rebuilds after the SVG is rewritten with its old size and mtime" '^\[built in [0-9.]+ s\]' $((wn + 2))
if [ "$(pdf_sum "$WPDF")" != "$wred" ]; then ok "watch: the rewritten SVG (same size and mtime) is decoded again"
else bad "watch: the rewritten SVG (same size and mtime) is decoded again" "the PDF still has the old image"; fi
"$MLSD" build -q -c "$W" -o "$ST/watch-fresh3.pdf" >/dev/null 2>&1
if cmp -s "$WPDF" "$ST/watch-fresh3.pdf"; then ok "watch: with an image rewritten in the same mtime the PDF is the one a fresh build makes"
else bad "watch: with an image rewritten in the same mtime the PDF is the one a fresh build makes" "$(cmp "$WPDF" "$ST/watch-fresh3.pdf")"; fi
kill -INT "$WPID" 2>/dev/null
i=0
while [ "$i" -lt 25 ] && kill -0 "$WPID" 2>/dev/null; do sleep 0.2; i=$((i + 1)); done
if kill -0 "$WPID" 2>/dev/null; then
    bad "watch: Ctrl-C stops it within 5 s" "still running; killing it"
    kill -KILL -- "-$WPID" 2>/dev/null || kill -KILL "$WPID" 2>/dev/null
    wait "$WPID" 2>/dev/null
else
    wait "$WPID"
    wrc=$?
    if [ "$wrc" -eq 0 ]; then ok "watch: Ctrl-C stops it within 5 s, exit 0"; else bad "watch: Ctrl-C stops it within 5 s, exit 0" "exit code $wrc"; fi
fi
trap - EXIT HUP INT TERM
if grep -q '^stopped watching$' "$WLOG"; then ok "watch: prints 'stopped watching'"; else bad "watch: prints 'stopped watching'" "$(tail -c 300 "$WLOG")"; fi
cat "$WLOG" >>"$ST/all.log"

# ================================================================ sanitizers

if grep -Eq -- "$SAN_RE" "$ST/all.log"; then bad "no sanitizer report in any run" "$(grep -E -m 3 -- "$SAN_RE" "$ST/all.log")"
else ok "no sanitizer report in any run"; fi

finish
