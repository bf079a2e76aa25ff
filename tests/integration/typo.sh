#!/bin/sh
# Typography of running text, measured from `pdftotext -bbox-layout` (tests/tools/typo.py):
# baselines sit size × leading apart (text.leading, not the font's ascent + descent); the measure
# holds 65–75 characters of the guide's prose on every paper; hyphenation keeps to the theme's
# limit of hyphenated lines in a row, hyphenates fewer lines and leaves fewer very short last
# lines; spaces in inline code never stretch and short code never breaks; a number keeps its unit
# and no line starts with × or =; URL notes and text notes have one line spacing; a `# H1` that
# repeats the chapter's title is not a section; no space starts the line after <br>; list bullets
# are in the body font; a chapter after the last part is top-level in the outline.
. "$ROOT/tests/lib.sh"

T="$OUT/typo"
rm -rf "$T" && mkdir -p "$T"
measure() { # PDF SIZE: typo.py's key=value lines for PDF into $T/m
    rm -f "$T/m" "$T/bbox.html"
    pdftotext -bbox-layout "$1" "$T/bbox.html" 2>/dev/null || return
    python3 "$ROOT/tests/tools/typo.py" "$T/bbox.html" "$2" >"$T/m" 2>&1
}
val() { sed -n "s/^$1=//p" "$T/m"; }
# expect NAME EXPR: EXPR (awk, over the measured values by name) holds
expect() {
    if awk -v f="$(tr '\n' ' ' <"$T/m")" "BEGIN { n = split(f, kv, \" \"); for (i = 1; i <= n; i++) { split(kv[i], p, \"=\"); v[p[1]] = p[2] } exit !($2) }"; then
        ok "$1"
    else
        bad "$1" "not ($2): $(tr '\n' ' ' <"$T/m")"
    fi
}

# ---- the guide's prose: four chapters without front matter, links, quotes or calc blocks
P="$T/prose"
mkdir -p "$P"
for f in 01-the-interview 02-clarify-requirements 03-frame-the-problem 04-data-preparation; do
    awk 'NR == 1 && /^---/ { fm = 1; next } fm && /^---/ { fm = 0; next } !fm' "$ROOT/content/chapters/$f.md" |
        sed -E 's/!?\[([^]]*)\]\([^)]*\)/\1/g; s/`=[^`]*`/42 QPS/g; s/^```calc.*/```text/' >"$P/$f.md"
done
prose() { # NAME 'book.yaml lines': builds the prose with those lines added to its book.yaml
    { printf 'title: Prose\nchapters:\n'
      for f in 01-the-interview 02-clarify-requirements 03-frame-the-problem 04-data-preparation; do printf '  - %s.md\n' "$f"; done
      printf '%s\n' "$2"; } >"$P/book.yaml"
    run_limited build -q -c "$P/book.yaml" -o "$T/$1.pdf"
    [ "$RC" -eq 0 ] || bad "$1: builds" "exit $RC: $(head -c 400 "$OUT/last.log")"
}

# 6. Leading and measure
prose a4 ''
measure "$T/a4.pdf" 11
expect "leading: body baselines are 11pt × text.leading 1.38 = 15.18pt apart" 'v["pitch"] > 15.16 && v["pitch"] < 15.20'
expect "measure: A4 lines of the guide's prose hold 65-75 characters" 'v["cpl"] >= 65 && v["cpl"] <= 75'
# 7. Hyphenation (before: 23% of lines hyphenated, 18% of paragraphs with a very short last line)
expect "hyphenation: at most 2 hyphenated lines in a row (text.hyphen_limit)" 'v["hyphen_run"] <= 2'
expect "hyphenation: under 15% of lines end in a hyphen" 'v["lines"] > 500 && v["hyphenated"] < 15'
expect "last lines: under 10% of paragraphs end with one word or a very short line" 'v["paras"] > 200 && v["short_last"] * 10 < v["paras"]'
expect "no body line starts with × or =" 'v["op_start"] == 0'
prose leading 'theme: { text: { leading: 1.6 } }'
measure "$T/leading.pdf" 11
expect "leading: text.leading 1.6 sets baselines 17.6pt apart" 'v["pitch"] > 17.58 && v["pitch"] < 17.62'
prose letter 'paper: letter'
measure "$T/letter.pdf" 11
expect "measure: Letter lines hold 65-75 characters" 'v["cpl"] >= 65 && v["cpl"] <= 75'
prose 6x9 'paper: 6x9'
measure "$T/6x9.pdf" 10
expect "measure: 6x9 lines hold 65-75 characters" 'v["cpl"] >= 65 && v["cpl"] <= 75 && v["pitch"] > 13.78 && v["pitch"] < 13.82'
# Without the penalties the prose has runs of hyphens: the limit bounds them.
prose nolimit 'theme: { text: { hyphen_penalty: 0, double_hyphen_demerits: 0, hyphen_limit: 0 } }'
measure "$T/nolimit.pdf" 11
expect "hyphenation: without penalties or limit the prose has 3+ hyphens in a row" 'v["hyphen_run"] >= 3'
prose limit1 'theme: { text: { hyphen_penalty: 0, double_hyphen_demerits: 0, hyphen_limit: 1 } }'
measure "$T/limit1.pdf" 11
expect "hyphenation: text.hyphen_limit 1 allows no two hyphenated lines in a row" 'v["hyphen_run"] == 1'

# ---- 8. inline code, units and operators: 40 paragraphs, each shifted, so every break position is tried
S="$T/spaces"
mkdir -p "$S"
awk 'BEGIN {
    split("the model serves a request in time and the cache holds what the feature store keeps for later use", w, " ")
    printf "# Spaces\n\n"
    for (k = 0; k < 40; k++) {
        pre = ""; for (i = 0; i < 5 + k % 13; i++) pre = pre " " w[1 + (k * 7 + i * 3) % 19]
        x = substr("xxxxxxx", 1, k % 7 + 1)
        printf "%s%s with 128 KiB of state and 10 ms of latency, so 4 GB and 3.5 %% hold; then 50 × 49 = 2,450 pairs and `x = f(a, b)` runs%s.\n\n", x, pre, pre
    }
}' >"$S/a.md"
cd "$S" && run_limited build -q -o "$T/spaces.pdf" a.md; cd "$ROOT" || exit 1
expect_rc "spaces fixture builds" 0
measure "$T/spaces.pdf" 11
expect "a number never breaks from its unit (128 KiB, 10 ms, 4 GB, 3.5 %)" 'v["unit_split"] == 0'
expect "no line starts with × or = (50 × 49 = 2,450)" 'v["op_start"] == 0'
expect "short inline code never breaks at its spaces (all 40 \`x = f(a, b)\` on one line)" 'v["code_gaps"] == 120'
expect "spaces in inline code never stretch: equal gaps on every line" 'v["code_gap"] >= 0 && v["code_gap"] < 0.02'
expect "while the justified lines' word spaces do vary" 'v["text_gap"] > 0.5'
if pdftotext "$T/spaces.pdf" - | grep -q 'x = f(a, b)'; then ok "inline code copies with plain spaces"; else bad "inline code copies with plain spaces" "no 'x = f(a, b)' in the text"; fi

# ---- 11. footnotes: URL notes and text notes share one line spacing (notes.size × text.leading)
N="$T/notes"
mkdir -p "$N"
cat >"$N/a.md" <<'EOF'
# Notes

A paragraph with a [link to a long address](https://example.com/a/very/long/path/that/keeps/going/on/and/on/until/it/wraps/over/two/lines/of/the/notes/index.html) and a footnote[^a] and another [link](https://example.org/x) and a second note.[^b]

[^a]: A text note long enough to wrap over two lines at the foot of the page, so that its line spacing can be measured against the notes that print addresses.

[^b]: Short note.
EOF
cd "$N" && run_limited build -q -o "$T/notes.pdf" a.md; cd "$ROOT" || exit 1
expect_rc "notes fixture builds" 0
rm -f "$T/notes.html" "$T/m"
pdftotext -bbox-layout "$T/notes.pdf" "$T/notes.html" 2>/dev/null
# The continuation line of each note (it starts where the note's text does, without a number) and
# the line above it in the same font: their distance.
python3 - "$T/notes.html" >"$T/m" <<'EOF'
import re, sys
ws = [(float(a), float(b), float(d) - float(b), t) for a, b, c, d, t in
      re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', open(sys.argv[1]).read())]
i = next(k for k, w in enumerate(ws) if w[3].startswith("https://example.com/a/very"))
url1, url2 = ws[i], ws[i + 1]  # the address's first line and its continuation
a1 = next(w for w in ws if w[3] == "A" and w[1] > url2[1])
a2 = next(w for w in ws if w[1] > a1[1] + 1 and abs(w[0] - a1[0]) < 0.5 and abs(w[2] - a1[2]) < 0.05)
print("url=%.2f" % (url2[1] - url1[1]))
print("text=%.2f" % (a2[1] - a1[1]))
EOF
expect "notes: URL note lines are 0.86 × 11pt × 1.38 = 13.06pt apart" 'v["url"] > 13.03 && v["url"] < 13.08'
expect "notes: text note lines are as far apart as URL note lines" 'v["url"] > 0 && v["text"] == v["url"]'

# ---- 12. title heading, <br>, bullets, outline
C="$T/misc"
mkdir -p "$C/chapters"
printf -- '---\ntitle: "Feature stores"\nkind: reference\n---\n\n# Feature stores\n\nIntro text.<br>\nAfter a break.\n\nLine one<br> line two.\n\n- item\n  - nested item\n    - third level\n\n## Section\n\nText.\n' >"$C/chapters/a.md"
printf -- '---\ntitle: "Inside part two"\nkind: reference\n---\n\nText.\n' >"$C/chapters/b.md"
printf -- '---\ntitle: "References"\nkind: reference\n---\n\nRefs.\n' >"$C/chapters/c.md"
printf 'title: T\nchapters:\n  - part: "One"\n    chapters:\n      - chapters/a.md\n  - part: "Two"\n    chapters:\n      - chapters/b.md\n  - chapters/c.md\n' >"$C/book.yaml"
run_limited build -c "$C/book.yaml" -o "$T/misc.pdf" --werror
expect_rc "misc fixture builds without warnings" 0
txt=$(pdftotext -layout "$T/misc.pdf" - 2>/dev/null)
if echo "$txt" | grep -Eq '1\.1 +Feature stores'; then bad "a '# H1' repeating the title is not section 1.1" "$(echo "$txt" | grep -E '1\.[12] ')"
else ok "a '# H1' repeating the title is not section 1.1"; fi
if echo "$txt" | grep -Eq '1\.1 +Section'; then ok "the first ## section is 1.1"; else bad "the first ## section is 1.1" "no '1.1 Section'"; fi
rm -f "$T/misc.html" "$T/m"
pdftotext -bbox-layout "$T/misc.pdf" "$T/misc.html" 2>/dev/null
python3 - "$T/misc.html" >"$T/m" <<'EOF'
import re, sys
ws = {t: float(a) for a, t in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', open(sys.argv[1]).read())}
print("after=%.2f" % (ws["After"] - ws["Intro"]))
print("line=%.2f" % (ws["line"] - ws["Line"]))
EOF
expect "no space starts the line after <br> (soft break after it)" 'v["after"] != "" && v["after"] == 0'
expect "no space starts the line after <br> (space after it)" 'v["line"] != "" && v["line"] == 0'
if pdffonts "$T/misc.pdf" 2>/dev/null | grep -q JetBrains; then bad "list bullets are in the body font" "$(pdffonts "$T/misc.pdf" | grep JetBrains)"
else ok "list bullets are in the body font (no monospace font in a book without code)"; fi
qpdf --json --json-key=outlines "$T/misc.pdf" | python3 -c '
import json, sys
def walk(o, d):
    for x in o:
        print("%d %s" % (d, x["title"])); walk(x["kids"], d + 1)
walk(json.load(sys.stdin)["outlines"], 0)' >"$T/outline" 2>&1
if grep -q '^0 3 References$' "$T/outline" && grep -q '^1 2 Inside part two$' "$T/outline"; then
    ok "outline: a chapter after the last part is top-level"
else
    bad "outline: a chapter after the last part is top-level" "$(tr '\n' ';' <"$T/outline")"
fi

finish
