#!/bin/sh
# Diagram sizing (issue 12 item 1): labels at one size in every diagram and never
# below diagram.min_font_size; the source's rankdir is kept (a 9-box LR chain reads
# left to right, long labels wrap rather than shrink); a wide fan-out and a tall graph fit the page.
. "$ROOT/tests/lib.sh"

d="$OUT/diagrams"
rm -rf "$d"; mkdir -p "$d"
cat > "$d/book.yaml" <<'YAML'
title: "Diagrams"
authors: [Tester]
paper: a4
chapters:
  - ch.md
YAML
{
    printf '# Diagrams\n\nA chain of nine stages.\n\n```dot\ndigraph { rankdir=LR;\n'
    for i in 1 2 3 4 5 6 7 8; do printf '  "Chain%d" -> "Chain%d";\n' "$i" $((i + 1)); done
    printf '}\n```\n\nA wide fan-out.\n\n```dot\ndigraph {\n'
    for i in 1 2 3 4 5 6 7 8 9 10 11 12; do printf '  "Fanroot" -> "Fanout%d" [label="Fanedge%d"];\n' "$i" "$i"; done
    printf '}\n```\n\nA tall graph.\n\n```dot\ndigraph { rankdir=TB;\n'
    for i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do printf '  "Tall%d" -> "Tall%d";\n' "$i" $((i + 1)); done
    printf '}\n```\n\nLong labels in a chain, wrapped rather than shrunk.\n\n```dot\ndigraph { rankdir=LR;\n'
    for i in 1 2 3 4; do printf '  "Wrap%d feature store online serving path" -> "Wrap%d feature store online serving path";\n' "$i" $((i + 1)); done
    printf '}\n```\n\nThe end.\n'
} > "$d/ch.md"

pdf="$OUT/diagrams.pdf"
run_mlsd build -c "$d/book.yaml" -o "$pdf"
expect_rc "diagrams book builds" 0
expect_no_log "diagrams book: no warnings" "warning:|error:"
min=$(awk '/^diagram:/ {in_d = 1; next} /^[a-z]/ {in_d = 0} in_d && $1 == "min_font_size:" {sub(/pt/, "", $2); print $2}' "$ROOT/templates/theme.yaml")
check "theme has diagram.min_font_size ($min)" test -n "$min"
pdftotext -bbox-layout "$pdf" "$OUT/diagrams-bbox.html"
# One row per diagram word: page, word, xMin, yMin, xMax, yMax (the word box is at least the font size).
awk -v OFS=' ' '/<page / {p++; match($0, /height="[0-9.]+"/); ph = substr($0, RSTART + 8, RLENGTH - 9)
                  match($0, /width="[0-9.]+"/); pw = substr($0, RSTART + 7, RLENGTH - 8)}
     /<word / && />(Chain|Fan|Tall|Wrap)[a-z0-9]*</ {
        n = split($0, a, "\""); w = $0; sub(/.*">/, "", w); sub(/<.*/, "", w)
        print p, w, a[2], a[4], a[6], a[8], pw, ph }' "$OUT/diagrams-bbox.html" > "$OUT/diagrams-words.txt"
check "all diagram labels found (9 + 13 + 12 edge labels + 14 + 5)" test "$(wc -l < "$OUT/diagrams-words.txt")" -eq 53
check "every label at least ${min} pt" awk -v m="$min" '$6 - $4 < m {bad = 1} END {exit bad}' "$OUT/diagrams-words.txt"
check "label sizes equal across diagrams within 0.1 pt" awk '{h = $6 - $4; if (NR == 1 || h < lo) lo = h; if (NR == 1 || h > hi) hi = h}
    END {exit !(hi - lo <= 0.1)}' "$OUT/diagrams-words.txt"
check "the LR chain reads left to right on one line" awk '$2 ~ /^Chain/ {i = substr($2, 6) + 0; x[i] = $3; y[i] = $4; pg[i] = $1}
    END {for (i = 2; i <= 9; i++) if (x[i] <= x[i - 1] || pg[i] != pg[1] || y[i] - y[1] > 1 || y[1] - y[i] > 1) exit 1}' "$OUT/diagrams-words.txt"
check "the long-label LR chain reads left to right" awk '$2 ~ /^Wrap/ {i = substr($2, 5) + 0; x[i] = $3; pg[i] = $1}
    END {for (i = 2; i <= 5; i++) if (x[i] <= x[i - 1] || pg[i] != pg[1]) exit 1}' "$OUT/diagrams-words.txt"
check "the tall graph stays top to bottom on one page" awk '$2 ~ /^Tall/ {i = substr($2, 5) + 0; y[i] = $4; pg[i] = $1}
    END {for (i = 2; i <= 14; i++) if (y[i] <= y[i - 1] || pg[i] != pg[1]) exit 1}' "$OUT/diagrams-words.txt"
check "no diagram leaves the page" awk '$3 < 0 || $4 < 0 || $5 > $7 || $6 > $8 {bad = 1} END {exit bad}' "$OUT/diagrams-words.txt"
expect_no_log "diagrams that fit at the minimum size get no warning" "too wide for the column"

# A chain the author fixed left to right whose labels cannot wrap: shrunk to fit, with a warning
# that says the size and what to do, at the block's position.
w="$OUT/diagrams-wide"
rm -rf "$w" && mkdir -p "$w"
printf 'title: Wide\nchapters: [wide.md]\n' >"$w/book.yaml"
{
    printf '# Wide\n\nText.\n\n```dot\ndigraph { rankdir=LR;\n'
    for i in 1 2 3 4 5 6 7 8 9 10 11; do printf '  Unbreakableidentifier%s -> Unbreakableidentifier%s;\n' "$i" "$((i + 1))"; done
    printf '}\n```\n'
} >"$w/wide.md"
run_mlsd build -c "$w/book.yaml" -o "$w/wide.pdf"
expect_rc "a too-wide diagram still builds" 0
expect_log "the warning names the position and the size" "wide\\.md:5:1: warning: diagram is too wide for the column: its labels are shown at [0-9.]+ pt, below diagram.min_font_size"
expect_log "and says what to do" "hint: shorten its labels"
run_mlsd build --werror -c "$w/book.yaml" -o "$w/wide2.pdf"
expect_rc "--werror makes it an error" 1
# Edge labels keep diagram.edge_label_gap from their edge (Graphviz sets a label's box against its
# line): measured on the xdot layouts MLSD_DUMP=diagrams dumps (text boxes and flattened splines).
gap=$(awk '/^diagram:/ {in_d = 1; next} /^[a-z]/ {in_d = 0} in_d && $1 == "edge_label_gap:" {sub(/pt/, "", $2); print $2}' "$ROOT/templates/theme.yaml")
check "theme has diagram.edge_label_gap ($gap)" test -n "$gap"
g="$OUT/diagrams-gap"
rm -rf "$g" && mkdir -p "$g"
printf 'title: Gaps\nchapters: [ch.md]\n' >"$g/book.yaml"
cat >"$g/ch.md" <<'EOF'
# Gaps

```dot
digraph { a -> b [label="yes"]; a -> c [label="no way"]; b -> d [label="a longer label"]; c -> d [label="two\nlines"]; }
```

```dot
digraph { rankdir=LR; x -> y [label="left to right"]; y -> z [label=<<B>html</B> &amp; bold>]; x -> z [label="a < b & \"c\""]; z -> x [label="back"]; }
```

```mermaid
flowchart LR
    A[Start] -->|first step| B[Middle]
    B -- second step --> C[End]
    A -.->|skip| C
```
EOF
# (Graphviz's pango plugin leaks a string parsing the bold HTML-like label; the unwinder LeakSanitizer
# uses by default stops in glib, before the libgvc.so frame tests/lsan.supp names: unwind fully.)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0" MLSD_DUMP=diagrams "$MLSD" build -c "$g/book.yaml" -o "$g/out.pdf" >"$OUT/last.log" 2>"$g/dump.txt"; RC=$?
expect_rc "edge-label diagrams build" 0
python3 "$ROOT/tests/tools/edgegap.py" "$g/dump.txt" "$gap" >"$OUT/last.log" 2>&1; RC=$?
expect_rc "every edge label keeps ${gap} pt from its edge" 0
expect_log "edge labels were measured" "labels checked: yes"
check "all 11 edge labels measured" test "$(grep -c 'to its edge' "$OUT/last.log")" -ge 11
expect_text "an escaped plain label is drawn as written" "$g/out.pdf" 'a < b & "c"'
expect_text "an HTML-like label keeps its text" "$g/out.pdf" 'html ?& bold'

# Hostile ```dot blocks (run against every build): dot makes a node for every rank an edge crosses
# and its time grows faster than their number, so graphs of a few hundred nodes whose edges jump
# across a long chain, or onto a rank=sink set, stalled a build for minutes. They are refused from
# an estimate made before Graphviz runs, at the block's position, quickly (run_limited).
h="$OUT/diagrams-hostile"
rm -rf "$h" && mkdir -p "$h"
printf 'title: "Hostile"\nchapters: [ch.md]\n' >"$h/book.yaml"
hostile() { # NAME EXPECTED-RC PATTERN: builds (and checks) $h/ch.md
    run_limited build -c "$h/book.yaml" -o "$h/out.pdf"
    expect_rc "$1: exit $2" "$2"
    expect_log "$1: message" "$3"
    if [ "$2" -ne 0 ]; then
        run_limited check -c "$h/book.yaml"
        expect_rc "$1: check exits $2" "$2"
        expect_log "$1: check says so" "$3"
    fi
}
chain() { seq 1 299 | awk '{ print "n" $1 " -> n" $1 + 1 }'; }
{ printf '# Jumps\n\n```dot\ndigraph {\n'; chain; seq 1 300 | awk '{ srand($1); print "n" int(rand() * 300) + 1 " -> n" int(rand() * 300) + 1 }'; printf '}\n```\n'; } >"$h/ch.md"
hostile "dot edges jumping across a 300-node chain" 1 "ch\.md:3:1: error: diagram: diagram is too large to lay out: its edges cross about [0-9]+ ranks in all \(the limit is 5000\)"
{ printf '# Labels\n\n```dot\ndigraph {\n'; chain; seq 1 300 | awk '{ srand($1); print "n" int(rand() * 300) + 1 " -> n" int(rand() * 300) + 1 " [label=\"x\"]" }'; printf '}\n```\n'; } >"$h/ch.md"
hostile "labelled jumps (two minutes before)" 1 "ch\.md:3:1: error: diagram: diagram is too large to lay out"
for r in sink max min same; do
    { printf '# Sets\n\n```dot\ndigraph {\n'; chain; seq 2 200 | awk '{ print "n" $1 " -> s" $1 }'
      printf '{ rank=%s; ' "$r"; seq 2 200 | awk '{ printf "s%d; ", $1 }'; printf '}\n}\n```\n'; } >"$h/ch.md"
    hostile "a rank=$r set pulled away from its chain" 1 "ch\.md:3:1: error: diagram: diagram is too large to lay out"
done
printf '# Minlen\n\n```dot\ndigraph {\n  a -> b;\n  b -> c [minlen=1000000];\n}\n```\n' >"$h/ch.md"
hostile "a huge minlen" 1 "ch\.md:3:1: error: diagram: attribute 'minlen' is 1000000 \(the limit is 100\)"
# Dense but short: 3600 edges between two ranks lay out once, with less effort, and build.
{ printf '# Dense\n\n```dot\ndigraph {\n'; seq 1 60 | awk '{ for (j = 1; j <= 60; j++) print "a" $1 " -> b" j }'; printf '}\n```\n'; } >"$h/ch.md"
hostile "60 x 60 complete bipartite graph builds" 0 "warning: diagram is too wide"
# A source cannot ask for more crossing-reduction rounds than dot's default.
{ printf '# Effort\n\n```dot\ndigraph { mclimit=100000; searchsize=100000;\n'; seq 1 18 | awk '{ for (j = 1; j <= 18; j++) if ((($1 * 7 + j * 13) % 5) < 2) print "p" $1 " -> q" j }'; printf '}\n```\n'; } >"$h/ch.md"
hostile "mclimit=100000 is held to the default" 0 "wrote "
# Character references Graphviz copies into its SVG as they are: one to a noncharacter or a control
# made librsvg refuse the file ("corrupt SVG file") and U+FDD0 made cairo lose the whole PDF. They
# are errors at their line, in check and in build; one built by DOT's string concatenation is drawn
# as U+FFFD, and an entity name XML does not define as written.
printf '# Ent\n\n```dot\ndigraph {\n  a [label="x &#xFFFE; y"];\n}\n```\n' >"$h/ch.md"
hostile "a reference to U+FFFE in a label" 1 "ch\.md:5:1: error: diagram: character reference '&#xFFFE;' is not a character a diagram can show"
printf '# Ent\n\n```dot\ndigraph {\n  a -> b\n  [label="&#1;"];\n}\n```\n' >"$h/ch.md"
hostile "a reference to U+0001 in an edge label" 1 "ch\.md:6:1: error: diagram: character reference '&#1;'"
printf '# Ent\n\n```dot\ndigraph {\n  "&#xFDD0;" -> b;\n}\n```\n' >"$h/ch.md"
hostile "a reference to U+FDD0 in a node name" 1 "ch\.md:5:1: error: diagram: character reference '&#xFDD0;'"
printf '# Ent\n\n```dot\ndigraph {\n  a [label="x\001y"];\n}\n```\n' >"$h/ch.md"
hostile "a control character" 1 "ch\.md:5:1: error: diagram: control character U\+0001"
printf '# Ent\n\n```dot\ndigraph {\n  "Nodex&#xFF" + "FE;" -> "Named&foo;" [tooltip="&nbsp;", label="Edgey&#x" + "1;"];\n}\n```\n' >"$h/ch.md"
hostile "references built by concatenation, undefined entity names: drawn" 0 "wrote "
expect_text "the concatenated reference is drawn as U+FFFD" "$h/out.pdf" "Nodex�"
expect_text "an undefined entity is drawn as written" "$h/out.pdf" "Named&foo;"
qpdf_ok "entities" "$h/out.pdf"
# The same noncharacter in an SVG image: left out with a warning (it cost the whole PDF before).
printf '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><text x="5" y="20">a &#xFDD0; b</text></svg>' >"$h/x.svg"
printf '# Img\n\nBefore.\n\n![x](x.svg)\n' >"$h/ch.md"
hostile "an SVG image with a noncharacter" 0 "ch\.md:5:1: warning: SVG holds a character a PDF cannot hold \(U\+FDD0\): .*x\.svg"
qpdf_ok "SVG with a noncharacter" "$h/out.pdf"
# Graphviz numbered named objects by the address of their interned name and ordered clusters by
# it, so one source drew its clusters in a different order from run to run (different PDF bytes).
# Names are numbered in order of appearance: clusters come in source order and builds are equal.
{ printf '# Clusters\n\n```dot\ndigraph {\n'; for i in $(seq 1 12); do printf '  subgraph cluster_z%02d { label="Group %d"; n%d_a -> n%d_b }\n' $((13 - i)) "$i" "$i" "$i"; done; printf '}\n```\n'; } >"$h/ch.md"
MLSD_DUMP=diagrams "$MLSD" build "$h" -o "$h/c1.pdf" 2>"$h/c1.log" >/dev/null
order=$(grep -o 'Group [0-9]*' "$h/c1.log" | awk '!seen[$0]++' | tr '\n' ' ')
if [ "$order" = "Group 1 Group 2 Group 3 Group 4 Group 5 Group 6 Group 7 Group 8 Group 9 Group 10 Group 11 Group 12 " ]; then ok "clusters are laid out in source order"; else bad "clusters are laid out in source order" "$order"; fi
same=1
for k in 2 3 4 5; do
    "$MLSD" build "$FIX/mermaid" -o "$h/m$k.pdf" >/dev/null 2>&1
    [ "$k" -gt 2 ] && { cmp -s "$h/m2.pdf" "$h/m$k.pdf" || same=0; }
done
if [ "$same" = 1 ]; then ok "the mermaid fixture builds to the same bytes four times"; else bad "the mermaid fixture builds to the same bytes four times" "PDFs differ"; fi
finish
