#!/bin/sh
# Mermaid flowcharts (issue 14): the fixture's twenty flowcharts become vector figures whose
# labels are in the text, in the direction their header asks for, numbered and cross-referenced
# like DOT diagrams; other diagram kinds warn (naming the kind) and stay as code; syntax errors
# have positions; hostile blocks finish quickly with a message.
. "$ROOT/tests/lib.sh"

pdf="$OUT/mermaid.pdf"
run_limited build -c "$FIX/mermaid/book.yaml" -o "$pdf"
expect_rc "mermaid fixture builds" 0
expect_no_log "mermaid fixture: no warnings" "warning:|error:"
qpdf_ok "mermaid fixture" "$pdf"
run_limited check -c "$FIX/mermaid/book.yaml"
expect_rc "mermaid fixture passes check" 0
expect_no_log "mermaid fixture: check has no warnings" "warning:|error:"

# Vectors: no raster image anywhere in the book (pdfimages prints only its two header lines).
check "mermaid figures are vector (pdfimages lists no image)" test "$(pdfimages -list "$pdf" | wc -l)" -eq 2
pdftotext "$pdf" "$OUT/mermaid.txt"
# Running text as one line: where the column breaks a sentence does not matter here.
tr '\n' ' ' <"$OUT/mermaid.txt" >"$OUT/mermaid-joined.txt"
missing=""
for w in LRone LRfour TDthree TBtwo RLthree BTone Boxshape Roundshape Circleshape Diamondshape Cylindershape \
         Flagshape Subroutineshape Stadiumshape Hexagonshape Leanshape Backshape Trapshape Invtrapshape Doubleshape \
         Edgeone Edgefive Kindone Kindsix Pipelabel Dottedlabel Thicklabel Openlabel Inlinelabel Dotinline \
         Thickinline Chainfive Ampone Ampfour Ingestionbox Collector Datalake Outerbox Innerbox Innertwo Afterwards Groupone Grouptwo Groupthree Ctwo \
         Warmnode Coolnode Styled Plainnode Firstline Secondline Featurestore Confident Modelregistry Offlinetraining deploy; do
    grep -q "$w" "$OUT/mermaid.txt" || missing="$missing $w"
done
check "every node, edge and subgraph label is in the text (missing:$missing)" test -z "$missing"
check "quoted labels keep their commas and brackets" grep -q "Quoted, with (brackets) and a comma" "$OUT/mermaid.txt"
check "entities in labels are decoded" grep -q 'Entity "quoted" text' "$OUT/mermaid.txt"
check "comments are not drawn" sh -c '! grep -q "comment" "$1"' sh "$OUT/mermaid.txt"
check "twenty-one numbered mermaid figures" grep -q "Figure 1.21: A training pipeline" "$OUT/mermaid-joined.txt"
check "a cross-reference names a mermaid figure and its page" grep -Eq "see Figure 1\.1, p\. 1 and" "$OUT/mermaid-joined.txt"

# Directions, from the word boxes: LR and TD/TB grow, RL and BT shrink.
pdftotext -bbox-layout "$pdf" "$OUT/mermaid-bbox.html"
awk '/<word / { w = $0; sub(/.*">/, "", w); sub(/<.*/, "", w); n = split($0, a, "\""); print w, a[2], a[4] }' \
    "$OUT/mermaid-bbox.html" > "$OUT/mermaid-words.txt"
# order WORDS FIELD CMP: the words' FIELD (2 = x, 3 = y) strictly increases (CMP=up) or decreases (down).
order() {
    awk -v list="$1" -v f="$2" -v cmp="$3" 'BEGIN { n = split(list, want, " ") }
        { for (i = 1; i <= n; i++) if ($1 == want[i] && !(i in v)) v[i] = $f }
        END { for (i = 1; i <= n; i++) if (!(i in v)) exit 1
              for (i = 2; i <= n; i++) if ((cmp == "up" && v[i] <= v[i - 1]) || (cmp == "down" && v[i] >= v[i - 1])) exit 1 }' \
        "$OUT/mermaid-words.txt"
}
check "LR: x grows along the chain" order "LRone LRtwo LRthree LRfour" 2 up
check "TD: y grows along the chain" order "TDone TDtwo TDthree" 3 up
check "TB: y grows along the chain" order "TBone TBtwo TBthree" 3 up
check "RL: x shrinks along the chain" order "RLone RLtwo RLthree" 2 down
check "BT: y shrinks along the chain" order "BTone BTtwo BTthree" 3 down
check "a one-line chain reads left to right" order "Chainone Chaintwo Chainthree Chainfour Chainfive" 2 up

# Other diagram kinds: shown as code, with a warning that names the kind at its line.
u="$OUT/mermaid-kinds"
rm -rf "$u"; mkdir -p "$u"
printf 'title: "Kinds"\nauthors: [T]\nchapters:\n  - ch.md\n' > "$u/book.yaml"
{
    printf '# Kinds\n\n'
    for k in sequenceDiagram classDiagram stateDiagram-v2 erDiagram gantt pie journey mindmap; do
        printf '```mermaid\n%s\n    Keep%sText\n```\n\n' "$k" "$k"
    done
    printf '```mermaid A caption\nbananaChart\n    KeepbananaText\n```\n'
} > "$u/ch.md"
run_limited build -c "$u/book.yaml" -o "$u/out.pdf"
expect_rc "unsupported kinds still build" 0
expect_log "sequenceDiagram warns with its position" "ch\.md:4:1: warning: mermaid: mermaid sequenceDiagram diagrams are not supported"
for k in classDiagram stateDiagram-v2 erDiagram gantt pie journey mindmap; do
    expect_log "$k warns, naming the kind" "warning: mermaid: mermaid $k diagrams are not supported"
    expect_text "$k is shown as code" "$u/out.pdf" "^$k\$"
done
expect_text "the code of an unsupported kind is kept" "$u/out.pdf" "KeepsequenceDiagramText"
expect_log "an unknown kind warns" "ch\.md:44:1: warning: mermaid: 'bananaChart' is not a mermaid diagram kind"
expect_text "an unknown kind is shown as code" "$u/out.pdf" "KeepbananaText"
run_limited build --werror -c "$u/book.yaml" -o "$u/out2.pdf"
expect_rc "--werror turns the kind warnings into a failure" 1

# Syntax errors: positioned at the line and column inside the chapter, from build and from check.
e="$OUT/mermaid-err"
rm -rf "$e"; mkdir -p "$e"
printf 'title: "Errors"\nauthors: [T]\nchapters:\n  - ch.md\n' > "$e/book.yaml"
printf '# Errors\n\nText.\n\n```mermaid\nflowchart LR\n    A --> B[unterminated\n```\n' > "$e/ch.md"
run_limited build -c "$e/book.yaml" -o "$e/out.pdf"
expect_rc "a mermaid syntax error fails the build" 1
expect_log "the error points into the block" "ch\.md:7:12: error: mermaid: unterminated '\[': expected '\]' before the end of the line"
check "no PDF is written after the error" test ! -e "$e/out.pdf"
run_limited check -c "$e/book.yaml"
expect_rc "check reports the mermaid error" 1
expect_log "check gives the same position" "ch\.md:7:12: error: mermaid: unterminated"
# Inside a list item the column still counts from the line's start.
printf '# Errors\n\n- item\n\n  ```mermaid\n  graph TD\n    A --> B{oops\n  ```\n' > "$e/ch.md"
run_limited check -c "$e/book.yaml"
expect_log "an indented block's error column" "ch\.md:7:12: error: mermaid: unterminated '\{'"

# Hostile blocks: each finishes within the time limits with a message, or draws the text as text.
h="$OUT/mermaid-hostile"
rm -rf "$h"; mkdir -p "$h"
printf 'title: "Hostile"\nauthors: [T]\nchapters:\n  - ch.md\n' > "$h/book.yaml"
hostile() { # NAME EXPECTED-RC PATTERN: builds $h/ch.md
    run_limited build -c "$h/book.yaml" -o "$h/out.pdf"
    expect_rc "$1: exit $2" "$2"
    expect_log "$1: message" "$3"
}
cat > "$h/ch.md" <<'EOF'
# Injection

```mermaid
flowchart LR
    A[Inject" } digraph x { Pwned -> Owned } "] --> B["back\\slash \N \G end"]
    B -->|"label=Evil, shape=none"| C[<b>notbold</b> <table>]
    C --- D["#quot;]; E [label=#quot;Sneaky"]
```
EOF
run_limited build -c "$h/book.yaml" -o "$h/out.pdf"
expect_rc "DOT injection attempts build" 0
# (Too wide for the page at its natural size, the boxes' labels are wrapped at spaces.)
expect_text "a quote and braces stay in the label" "$h/out.pdf" '^Inject" \}$'
expect_text "DOT statements in a label are text" "$h/out.pdf" '^Pwned -> Owned$'
expect_text "backslashes are kept, not Graphviz escapes" "$h/out.pdf" 'back\\\\slash \\N \\G end'
expect_text "an edge label stays one label" "$h/out.pdf" 'label=Evil, shape=none'
expect_text "HTML-like text is drawn as text" "$h/out.pdf" '^<b>notbold</b>$'
expect_text "an entity quote cannot close the string" "$h/out.pdf" '^\[label="Sneaky$'
printf '# Ent\n\n```mermaid\nflowchart LR\n    A["x &#xFFFE; #65534; &#1; y"] --> B["&foo; &amp;lt;b&gt; Entityend"]\n```\n' > "$h/ch.md"
run_limited build -c "$h/book.yaml" -o "$h/out.pdf"
expect_rc "entities for noncharacters and controls, unknown entities: drawn" 0
expect_text "an unknown entity is drawn as written" "$h/out.pdf" "&foo;"
expect_text "a decoded &amp; is not decoded again" "$h/out.pdf" "&lt;b>"
printf '# Img\n\n```mermaid\nflowchart LR\n    A[<IMG SRC=/etc/passwd>]\n```\n' > "$h/ch.md"
hostile "an <IMG> in a label" 1 "error: diagram: attribute 'label' holds an <IMG> \(diagrams cannot read files\)"
{ printf '# Big\n\n```mermaid\nflowchart LR\n'; seq 1 100000 | awk '{ print "    n" $1 " --> n" $1 + 1 }'; printf '```\n'; } > "$h/ch.md"
hostile "100k nodes" 1 "ch\.md:4:1: error: mermaid: mermaid diagram is [0-9]+ bytes \(the limit is 262144\)"
{ printf '# Many\n\n```mermaid\nflowchart LR\n'; seq 1 20000 | awk '{ print "n" $1 }'; printf '```\n'; } > "$h/ch.md"
hostile "20k nodes under the byte limit" 1 "ch\.md:1005:1: error: mermaid: mermaid diagram has more than 1000 nodes"
{ printf '# Deep\n\n```mermaid\nflowchart LR\n'; seq 1 5000 | awk '{ print "subgraph s" $1 }'; printf '```\n'; } > "$h/ch.md"
hostile "deep subgraph nesting" 1 "ch\.md:21:1: error: mermaid: subgraphs are nested more than 16 deep"
{ printf '# Deep ok\n\n```mermaid\nflowchart LR\n'; seq 1 16 | awk '{ print "subgraph s" $1 " [Level" $1 "]" }'
  printf 'Deepest\n'; seq 1 16 | awk '{ print "end" }'; printf '```\n'; } > "$h/ch.md"
run_limited build -c "$h/book.yaml" -o "$h/out.pdf"
expect_rc "sixteen nested subgraphs draw" 0
expect_text "the innermost node of sixteen subgraphs" "$h/out.pdf" "Deepest"
{ printf '# Brackets\n\n```mermaid\nflowchart LR\n    A'; head -c 200000 /dev/zero | tr '\0' '('; printf '\n```\n'; } > "$h/ch.md"
hostile "200k unterminated brackets" 1 "ch\.md:5:6: error: mermaid: unterminated '\(\(\('"
{ printf '# Groups\n\n```mermaid\nflowchart LR\n'; seq 1 300 | awk '{ printf "a%d & ", $1 } END { printf "z --> " }'
  seq 1 300 | awk '{ printf "b%d & ", $1 } END { print "y" }'; printf '```\n'; } > "$h/ch.md"
hostile "a 301 x 301 group product" 1 "error: mermaid: mermaid diagram has more than 4000 edges"
{ printf '# Jumps\n\n```mermaid\nflowchart TD\n'; seq 1 299 | awk '{ print "n" $1 " --> n" $1 + 1 }'
  seq 1 300 | awk '{ srand($1); print "n" int(rand() * 300) + 1 " --> n" int(rand() * 300) + 1 }'; printf '```\n'; } > "$h/ch.md"
hostile "edges jumping across a 300-node chain" 1 "ch\.md:4:1: error: mermaid: mermaid diagram is too large to lay out: its edges cross about [0-9]+ ranks"
printf '# Open\n\n```mermaid\nflowchart LR\n    A -- never closed\n    subgraph x\n```\n' > "$h/ch.md"
hostile "unterminated edge text" 1 "ch\.md:5:7: error: mermaid: unterminated edge text"
finish
