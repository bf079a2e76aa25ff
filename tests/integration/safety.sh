#!/bin/sh
# Safe by construction (README "Safety"): a build reads only what the book names
# inside its folder (or root:), Graphviz opens no file, the output never replaces
# an input or something that is not a regular file, its mode follows the old
# file or the umask, and a signal during the write leaves no temporary file.
# Every failing case must leave the inputs and the previous PDF byte for byte
# the same and create nothing. With strace, a build is checked to open no file
# beside the book's folder. Every run is limited to $LIMIT s (tests/lib.sh).
. "$ROOT/tests/lib.sh"

S="$OUT/safety"
P="$S/parent"   # the book's parent folder: holds the outside files
B="$P/book"     # the book
O="$S/out"      # outputs of the passing builds
rm -rf "$S" && mkdir -p "$B/img" "$O"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=86"

mlsd() { limited "$MLSD" "$@" >"$OUT/last.log" 2>&1; RC=$?; }

# The outside files: a chapter and an SVG whose texts must never reach a PDF.
SECRET=OUTSIDESECRETTEXT
printf -- '# Secret chapter\n\n%s in a chapter.\n' "$SECRET" >"$P/secret.md"
cat >"$P/secret.svg" <<EOF
<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60" viewBox="0 0 300 60">
<text x="10" y="40" font-size="20">$SECRET</text></svg>
EOF
printf '%s\n' "$SECRET" >"$P/secret.txt"

# The book: a chapter with an SVG figure (inside) and a diagram.
cat >"$B/ch1.md" <<'EOF'
# Chapter one

A paragraph before the figure.

![An inside figure](img/inside.svg)

```dot A small diagram
digraph { a -> b -> c }
```
EOF
cat >"$B/img/inside.svg" <<'EOF'
<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60" viewBox="0 0 300 60">
<text x="10" y="40" font-size="20">INSIDETEXT</text></svg>
EOF
printf 'title: Safety Book\nchapters:\n  - ch1.md\n' >"$B/book.yaml"

# snapshot: the inputs and the list of everything under the parent, to compare after a run.
snapshot() { (cd "$P" && find . | LC_ALL=C sort && cat book/book.yaml book/ch1.md book/img/inside.svg secret.md secret.svg) >"$S/$1"; }
# unchanged NAME: the parent folder holds the same files with the same bytes as before.
unchanged() {
    snapshot after
    if cmp -s "$S/before" "$S/after"; then ok "$1: inputs unchanged, nothing created"
    else bad "$1: inputs unchanged, nothing created" "$(diff "$S/before" "$S/after" | head -5 | tr '\n' ' ')"; fi
}
# prev_kept NAME: the previous good PDF is byte for byte the same.
prev_kept() {
    if cmp -s "$S/good.pdf" "$S/prev.pdf"; then ok "$1: the previous PDF survives"
    else bad "$1: the previous PDF survives" "prev.pdf changed"; cp "$S/good.pdf" "$S/prev.pdf"; fi
}
no_secret() { # NAME PDF
    if [ -f "$2" ] && pdftotext "$2" - 2>/dev/null | grep -q "$SECRET"; then bad "$1: the outside text is not in the PDF" "found $SECRET"
    else ok "$1: the outside text is not in the PDF"; fi
}

# ---- the good build, and the previous PDF every failing case must keep
mlsd build -q -c "$B/book.yaml" -o "$S/good.pdf"
expect_rc "the safety book builds" 0
expect_text "the inside SVG is drawn" "$S/good.pdf" INSIDETEXT
cp "$S/good.pdf" "$S/prev.pdf"
snapshot before

# refused LABEL RE ARGS...: the build fails with a message matching RE, keeps the
# previous PDF and the inputs, and creates nothing.
refused() {
    label=$1 re=$2
    shift 2
    mlsd build "$@"
    expect_rc "$label: exit 1" 1
    expect_log "$label: message" "$re"
    prev_kept "$label"
    unchanged "$label"
    no_secret "$label" "$S/prev.pdf"
}

# ---- 1. chapters outside the book's folder
q() { printf '%s' "$1" | sed 's/[][\.*^$]/\\&/g'; } # a literal for grep -E
chapter_case() { # LABEL ENTRY
    printf 'title: Safety Book\nchapters:\n  - ch1.md\n  - %s\n' "$2" >"$B/book.yaml"
    snapshot before
    refused "$1" "book\\.yaml:4:5: error: chapter '$(q "$2")' is outside the book's folder" -c "$B/book.yaml" -o "$S/prev.pdf"
    mlsd check -c "$B/book.yaml"
    expect_rc "$1: check exits 1" 1
    expect_log "$1: check says where" "book\\.yaml:4:5: error: chapter .* is outside the book's folder"
}
chapter_case "chapter at an absolute path" "$P/secret.md"
chapter_case "chapter at a ../ path" "../secret.md"
ln -s ../secret.md "$B/link.md"
chapter_case "chapter through a symlink" "link.md"
ln -s .. "$B/up"
chapter_case "chapter through a symlinked folder" "up/secret.md"
printf 'title: Safety Book\nchapters:\n  - ch1.md\n' >"$B/book.yaml"

# ---- 2. images outside the book's folder (Markdown and HTML forms)
cp "$B/ch1.md" "$S/ch1.orig"
image_case() { # LABEL LINE SRC
    cp "$S/ch1.orig" "$B/ch1.md"
    printf '\nText.\n\n%s\n' "$3" >>"$B/ch1.md"
    snapshot before
    refused "$1" "ch1\\.md:13:[0-9]+: error: image '.*' is outside the book's folder" -c "$B/book.yaml" -o "$S/prev.pdf"
    mlsd check -c "$B/book.yaml"
    expect_rc "$1: check exits 1" 1
    expect_log "$1: check says where" "ch1\\.md:13:[0-9]+: error: image '.*' is outside the book's folder"
}
image_case "image at an absolute path" 13 "![x]($P/secret.svg)"
image_case "image at a ../ path" 13 "![x](../secret.svg)"
ln -s ../../secret.svg "$B/img/link.svg"
image_case "image through a symlink" 13 "![x](img/link.svg)"
image_case "image through a symlinked folder" 13 "![x](up/secret.svg)"
image_case "HTML image at a ../ path" 13 '<img src="../secret.svg" alt="x">'
cp "$S/ch1.orig" "$B/ch1.md"

# ---- 2b. a chapter or an image that is a FIFO or a device is refused at once, never opened
mkfifo "$B/pipe.md" "$B/img/pipe.png"
printf 'title: Safety Book\nchapters:\n  - ch1.md\n  - pipe.md\n' >"$B/book.yaml"
snapshot before
refused "a chapter that is a FIFO" "book\\.yaml:4:5: error: chapter 'pipe\\.md' is not a regular file" -c "$B/book.yaml" -o "$S/prev.pdf"
printf 'title: Safety Book\nchapters:\n  - ch1.md\n' >"$B/book.yaml"
printf '\nText.\n\n![p](img/pipe.png)\n\n<img src="img/pipe.png">\n' >>"$B/ch1.md"
mlsd check -c "$B/book.yaml"
expect_rc "an image that is a FIFO: check ends" 0
expect_log "an image that is a FIFO: check says where" "ch1\\.md:13:1: warning: cannot read image: .*pipe\\.png \\(not a regular file\\)"
expect_log "an HTML image that is a FIFO: check says where" "ch1\\.md:15:1: warning: cannot read image: .*pipe\\.png \\(not a regular file\\)"
mlsd build -c "$B/book.yaml" -o "$O/fifo-image.pdf"
expect_rc "an image that is a FIFO: the build ends" 0
check "an image that is a FIFO: said once each" test "$(grep -c 'not a regular file' "$OUT/last.log")" -eq 2
rm -f "$B/pipe.md" "$B/img/pipe.png"
cp "$S/ch1.orig" "$B/ch1.md"
snapshot before

# ---- 3. root: widens the folder on purpose
printf 'title: Safety Book\nroot: ..\nchapters:\n  - ch1.md\n  - ../secret.md\n' >"$B/book.yaml"
printf '\nText.\n\n![x](../secret.svg)\n' >>"$B/ch1.md"
mlsd build -q -c "$B/book.yaml" -o "$O/widened.pdf"
expect_rc "root: .. widens it: builds" 0
expect_text "root: .. widens it: the outside chapter is read" "$O/widened.pdf" "Secret chapter"
if [ "$(pdftotext "$O/widened.pdf" - | grep -c "$SECRET")" -ge 2 ]; then ok "root: .. widens it: the outside SVG is drawn"
else bad "root: .. widens it: the outside SVG is drawn" "$(pdftotext "$O/widened.pdf" - | grep -c "$SECRET") occurrences"; fi
# …and no further than root: (the folder above the parent stays out).
printf 'outside root\n' >"$S/above.md"
printf 'title: Safety Book\nroot: ..\nchapters:\n  - ch1.md\n  - ../../above.md\n' >"$B/book.yaml"
mlsd build -q -c "$B/book.yaml" -o "$S/prev.pdf"
expect_rc "root: .. stops at the root: exit 1" 1
expect_log "root: .. stops at the root: message" "book\\.yaml:5:5: error: chapter '\\.\\./\\.\\./above\\.md' is outside the book's folder"
prev_kept "root: .. stops at the root"
mlsd build -q -c "$B/book.yaml" -o "$O/x.pdf"
printf 'title: Safety Book\nroot: nope\nchapters:\n  - ch1.md\n' >"$B/book.yaml"
mlsd build -q -c "$B/book.yaml" -o "$S/prev.pdf"
expect_rc "root: that does not exist: exit 1" 1
expect_log "root: that does not exist: message" "book\\.yaml:2:7: error: root: 'nope' is not a folder that exists"
printf 'title: Safety Book\nchapters:\n  - ch1.md\n' >"$B/book.yaml"
cp "$S/ch1.orig" "$B/ch1.md"
snapshot before

# ---- 4. Graphviz opens no file
dot_case() { # LABEL DOT-LINE
    cp "$S/ch1.orig" "$B/ch1.md"
    printf '\n```dot\n%s\n```\n' "$2" >>"$B/ch1.md"
    mlsd check -c "$B/book.yaml"
    expect_rc "$1: check exits 1" 1
    expect_log "$1: check reports it" "ch1\\.md:[0-9]+:[0-9]+: error: .*diagrams cannot read files"
    expect_no_log "$1: no outside text in the messages" "$SECRET"
    mlsd build -c "$B/book.yaml" -o "$S/prev.pdf"
    expect_rc "$1: build exits 1" 1
    expect_log "$1: build reports it" "ch1\\.md:[0-9]+:[0-9]+: error: .*diagrams cannot read files"
    expect_no_log "$1: no outside name or text in the messages" "$SECRET|secret\\.(svg|txt)"
    prev_kept "$1"
}
dot_case "diagram image=" "digraph { a [image=\"$P/secret.svg\"] }"
dot_case "diagram shapefile=" "digraph { a [shape=custom, shapefile=\"$P/secret.svg\"] }"
dot_case "diagram <IMG SRC>" "digraph { a [label=<<TABLE><TR><TD><IMG SRC=\"$P/secret.svg\"/></TD></TR></TABLE>>] }"
dot_case "diagram <img> in lower case" "digraph { a [label=<<table><tr><td><img src=\"../secret.svg\"/></td></tr></table>>] }"
dot_case "diagram imagepath=" "digraph { imagepath=\"$P\"; a [image=\"secret.svg\"] }"
dot_case "diagram image= as a default" "digraph { node [image=\"$P/secret.svg\"]; a }"
dot_case "diagram <IMG> in a nested cluster" "digraph { subgraph cluster_a { subgraph cluster_b { label=<<IMG SRC=\"$P/secret.svg\"/>>; b } } }"
dot_case "diagram image= in a nested subgraph" "digraph { subgraph s1 { subgraph s2 { subgraph s3 { c [image=\"$P/secret.svg\"] } } } }"
dot_case "diagram <IMG> in an edge label" "digraph { a -> b [label=<<IMG SRC=\"$P/secret.svg\"/>>] }"
cp "$S/ch1.orig" "$B/ch1.md"
snapshot before

# ---- 5. the output never replaces an input or something that is not a regular file
refused "-o ch1.md" "ch1\\.md: error: refusing to replace an input of the book with the PDF" -c "$B/book.yaml" -o "$B/ch1.md"
refused "-o book.yaml" "book\\.yaml: error: refusing to replace an input of the book with the PDF" -c "$B/book.yaml" -o "$B/book.yaml"
refused "-o an image" "inside\\.svg: error: refusing to replace a file that is not a PDF \\(is it an input of the book\\?\\)" -c "$B/book.yaml" -o "$B/img/inside.svg"
# An empty chapter is an input too, although it holds no %PDF header to look at.
: >"$B/empty.md"
printf 'title: Safety Book\nchapters:\n  - ch1.md\n  - empty.md\n' >"$B/book.yaml"
snapshot before
refused "-o an empty chapter" "empty\\.md: error: refusing to replace an input of the book" -c "$B/book.yaml" -o "$B/empty.md"
check "-o an empty chapter: it stays empty" test ! -s "$B/empty.md"
rm -f "$B/empty.md"
printf 'title: Safety Book\nchapters:\n  - ch1.md\n' >"$B/book.yaml"
printf 'title: Safety Book\noutput: book.yaml\nchapters:\n  - ch1.md\n' >"$B/book.yaml"
snapshot before
refused "output: book.yaml" "book\\.yaml: error: refusing to replace an input of the book with the PDF" -c "$B/book.yaml"
printf 'title: Safety Book\noutput: ../x.pdf\nchapters:\n  - ch1.md\n' >"$B/book.yaml"
snapshot before
refused "output: ../x.pdf" "book\\.yaml:2:9: error: output '\\.\\./x\\.pdf' is outside the book's folder" -c "$B/book.yaml"
# The same from the parent folder, with a relative -c and a folder that does not exist yet.
printf 'title: Safety Book\noutput: ../newdir/x.pdf\nchapters:\n  - ch1.md\n' >"$B/book.yaml"
snapshot before
(cd "$P" && limited "$MLSD" build -c book/book.yaml >"$OUT/last.log" 2>&1); RC=$?
expect_rc "output: ../newdir/x.pdf from a relative -c: exit 1" 1
expect_log "output: ../newdir/x.pdf from a relative -c: message" "book/book\\.yaml:2:9: error: output '\\.\\./newdir/x\\.pdf' is outside the book's folder"
unchanged "output: ../newdir/x.pdf from a relative -c"
printf 'title: Safety Book\noutput: %s/abs.pdf\nchapters:\n  - ch1.md\n' "$P" >"$B/book.yaml"
snapshot before
refused "absolute output:" "book\\.yaml:2:9: error: output '.*/abs\\.pdf' is outside the book's folder" -c "$B/book.yaml"
printf 'title: Safety Book\nchapters:\n  - ch1.md\n' >"$B/book.yaml"
snapshot before
mkfifo "$B/fifo"
snapshot before
refused "-o a FIFO" "refusing to replace something that is not a regular file" -c "$B/book.yaml" -o "$B/fifo"
check "-o a FIFO: still a FIFO" test -p "$B/fifo"
rm -f "$B/fifo"
ln -s /dev/null "$B/devlink"
snapshot before
refused "-o a symlink to a device" "refusing to replace something that is not a regular file" -c "$B/book.yaml" -o "$B/devlink"
check "-o a symlink to a device: still a symlink to /dev/null" test "$(readlink "$B/devlink")" = /dev/null
rm -f "$B/devlink"
snapshot before
refused "-o /dev/null" "refusing to replace something that is not a regular file" -c "$B/book.yaml" -o /dev/null
check "-o /dev/null: still a character device" test -c /dev/null
refused "-o a directory" "the output is a directory" -c "$B/book.yaml" -o "$B/img"
refused "-o with a trailing /" "the output is a directory" -c "$B/book.yaml" -o "$B/newdir/"
check "-o with a trailing /: no directory created" test ! -e "$B/newdir"
refused "-o with a trailing / under new folders" "the output is a directory" -c "$B/book.yaml" -o "$B/a/b/"
check "-o with a trailing / under new folders: nothing created" test ! -e "$B/a"
refused "-o ''" "the output file name is empty" -c "$B/book.yaml" -o ""
# A write that fails after typesetting removes the folders it made (a path too long to create).
deep="$O/deep" k=0
while [ "$k" -lt 18 ]; do deep="$deep/$(printf '%0240d' "$k")"; k=$((k + 1)); done
mlsd build -q -c "$B/book.yaml" -o "$deep/x.pdf"
expect_rc "an output folder that cannot be made: exit 1" 1
expect_log "an output folder that cannot be made: message" "error: cannot create output directory"
check "an output folder that cannot be made: the folders made are removed" test ! -e "$O/deep"
# Refused before typesetting: layout's own diagnostics (an image that does not decode) never appear.
printf 'not a PNG' >"$B/img/broken.png"
printf '\n![Broken](img/broken.png)\n' >>"$B/ch1.md"
mlsd build -c "$B/book.yaml" -o "$O/broken.pdf"
expect_log "layout reports an image that does not decode" "broken\\.png"
mlsd build -c "$B/book.yaml" -o "$B/book.yaml"
expect_rc "refused before typesetting: exit 1" 1
expect_no_log "refused before typesetting: layout never ran" "broken\\.png"
cp "$S/ch1.orig" "$B/ch1.md"
rm -f "$B/img/broken.png"
snapshot before

# ---- 6. the mode: an existing file's, else the umask's
cp "$S/good.pdf" "$O/private.pdf" && chmod 600 "$O/private.pdf"
mlsd build -q -c "$B/book.yaml" -o "$O/private.pdf"
expect_rc "rebuild of a 0600 PDF" 0
check "an existing 0600 PDF keeps mode 0600 (got $(stat -c %a "$O/private.pdf"))" test "$(stat -c %a "$O/private.pdf")" = 600
rm -f "$O/new.pdf"
(umask 027 && limited "$MLSD" build -q -c "$B/book.yaml" -o "$O/new.pdf" >"$OUT/last.log" 2>&1); RC=$?
expect_rc "a new PDF under umask 027" 0
check "a new PDF honours umask 027: 0640 (got $(stat -c %a "$O/new.pdf"))" test "$(stat -c %a "$O/new.pdf")" = 640
chmod 644 "$O/new.pdf"
(umask 077 && limited "$MLSD" build -q -c "$B/book.yaml" -o "$O/new.pdf" >"$OUT/last.log" 2>&1); RC=$?
check "an existing 0644 PDF keeps 0644 under umask 077 (got $(stat -c %a "$O/new.pdf"))" test "$(stat -c %a "$O/new.pdf")" = 644

# ---- 7. a 250-character output name
long=$(printf '%0246d' 0 | tr 0 n).pdf
mlsd build -q -c "$B/book.yaml" -o "$O/$long"
expect_rc "a 250-character output name builds" 0
check "a 250-character output name: the PDF is there" test -s "$O/$long"
check "a 250-character output name: no temporary file" test -z "$(ls -A "$O" | grep '^\.mlsd-')"

# ---- 8. signals during the write leave no temporary file; stale ones are swept
L="$S/large"
mkdir -p "$L"
para="Serving systems answer requests within a latency budget, and every stage of the ranking cascade takes a share of it while the feature store and the model server keep their own queues short."
i=1
while [ "$i" -le 12 ]; do
    { printf '# Chapter %s\n\n' "$i"; j=0; while [ "$j" -lt 120 ]; do printf '%s %s\n\n' "$para" "$para"; j=$((j + 1)); done; } >"$L/c$i.md"
    i=$((i + 1))
done
{ printf 'title: Large\nchapters:\n'; i=1; while [ "$i" -le 12 ]; do printf '  - c%s.md\n' "$i"; i=$((i + 1)); done; } >"$L/book.yaml"
W="$S/sig"
mkdir -p "$W"
mlsd build -q -c "$L/book.yaml" -o "$W/large.pdf"
expect_rc "the large book builds" 0
cp "$W/large.pdf" "$S/large-good.pdf"
# signal_during_write SIG: starts a build, waits for its temporary file, sends SIG.
signal_during_write() {
    "$MLSD" build -q -c "$L/book.yaml" -o "$W/large.pdf" >"$OUT/last.log" 2>&1 &
    pid=$!
    n=0 hit=no
    while [ "$n" -lt 6000 ]; do # at most 60 s
        if ls -A "$W" | grep -q '^\.mlsd-.*\.tmp$'; then hit=yes; kill -s "$1" "$pid"; break; fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.01
        n=$((n + 1))
    done
    { wait "$pid"; } 2>/dev/null
    RC=$?
}
for sig in INT TERM HUP; do
    hits=0 k=0
    while [ "$k" -lt 3 ]; do
        signal_during_write "$sig"
        [ "$hit" = yes ] && hits=$((hits + 1))
        left=$(ls -A "$W" | grep '^\.mlsd-' | tr '\n' ' ')
        if [ -n "$left" ]; then bad "SIG$sig during the write: no temporary file" "left: $left"; break; fi
        if ! cmp -s "$W/large.pdf" "$S/large-good.pdf" && [ "$hit" = yes ] && [ "$RC" -eq 0 ]; then :; fi
        k=$((k + 1))
    done
    [ "$k" -eq 3 ] && ok "SIG$sig during the write (3 times, $hits while the temporary file existed): no temporary file"
    check "SIG$sig: the previous PDF is whole" sh -c "qpdf --check '$W/large.pdf' >/dev/null 2>&1"
done
# With timeout, as a user's Ctrl-C lands at any moment.
for d in 0.3 0.6 1 1.5 2; do
    timeout -s INT "$d" "$MLSD" build -q -c "$L/book.yaml" -o "$W/large.pdf" >/dev/null 2>&1
done
check "SIGINT at 0.3..2 s: no temporary file" test -z "$(ls -A "$W" | grep '^\.mlsd-')"
# A killed build leaves its file; the next build sweeps it, and only stale ones of our naming.
dead=$(sh -c 'echo $$')
: >"$W/.mlsd-$dead-AbC123.tmp"
: >"$W/.mlsd-$$-AbC123.tmp"
: >"$W/.mlsd-notes.tmp"
: >"$W/.mlsd-$dead-AbC123.tmp.keep"
mlsd build -q -c "$B/book.yaml" -o "$W/small.pdf"
expect_rc "a build beside stale temporary files" 0
check "a stale .mlsd-<dead pid>-XXXXXX.tmp is swept" test ! -e "$W/.mlsd-$dead-AbC123.tmp"
check "a running process's temporary file is kept" test -e "$W/.mlsd-$$-AbC123.tmp"
check "other files are kept" test -e "$W/.mlsd-notes.tmp" -a -e "$W/.mlsd-$dead-AbC123.tmp.keep"
rm -f "$W/.mlsd-$$-AbC123.tmp" "$W/.mlsd-notes.tmp" "$W/.mlsd-$dead-AbC123.tmp.keep"
# SIGKILL cannot be caught: the next build there sweeps what it left.
"$MLSD" build -q -c "$L/book.yaml" -o "$W/large.pdf" >/dev/null 2>&1 &
pid=$!
n=0
while [ "$n" -lt 6000 ] && ! ls -A "$W" | grep -q '^\.mlsd-'; do kill -0 "$pid" 2>/dev/null || break; sleep 0.01; n=$((n + 1)); done
kill -s KILL "$pid" 2>/dev/null
{ wait "$pid"; } 2>/dev/null
mlsd build -q -c "$B/book.yaml" -o "$W/small.pdf"
check "after SIGKILL, the next build sweeps the temporary file" test -z "$(ls -A "$W" | grep '^\.mlsd-')"

# ---- 9. strace: a build opens nothing beside the book's folder
if ! command -v strace >/dev/null 2>&1 || ! strace -f -o /dev/null true >/dev/null 2>&1; then
    echo "skipped - strace cannot run here: the checks of the files a build opens"
else
    # opened LOG: the absolute, resolved paths of every file the traced run opened (cwd $B).
    opened() {
        sed -n 's/.*open[a-z0-9]*([^"]*"\([^"]*\)".*/\1/p' "$1" | sort -u | while IFS= read -r f; do
            case "$f" in /*) ;; *) f="$B/$f" ;; esac
            realpath -m -- "$f"
        done | sort -u
    }
    RP=$(realpath "$P") RB=$(realpath "$B")
    traced() { # LABEL EXPECTED-RC ARGS...
        label=$1 want=$2
        shift 2
        # LeakSanitizer cannot run under ptrace: leaks are looked for in the untraced runs.
        (cd "$B" && ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0" limited strace -f -e trace=open,openat,openat2 -o "$S/strace.log" "$MLSD" "$@" >"$OUT/last.log" 2>&1); RC=$?
        expect_rc "$label: exit $want" "$want"
        opened "$S/strace.log" >"$S/opened.txt"
        outside=$(grep -E "^$(q "$RP")(/|\$)" "$S/opened.txt" | grep -Ev "^$(q "$RB")(/|\$)" | tr '\n' ' ')
        if [ -z "$outside" ]; then ok "$label: opens no file beside the book's folder"
        else bad "$label: opens no file beside the book's folder" "opened: $outside"; fi
    }
    # Everything a build opens is in the book, the data dir, the output's folder or a system location.
    allowed() {
        RD=$(realpath "$ROOT")
        stray=$(grep -Ev "^($(q "$RB")|$(q "$RD")/templates|$(q "$RD")/fonts|$(q "$(realpath "$O")")|$(q "$(realpath "$S")")/prev\\.pdf)(/|\$)" "$S/opened.txt" |
            grep -Ev '^/(usr|lib|lib64|etc|proc|sys|tmp|var/cache/fontconfig|dev/null|dev/urandom)(/|$)' |
            grep -Ev "^$(q "${HOME:-/nonexistent}")/\\.(cache|config|fonts|local/share/fonts)(/|\$)" | tr '\n' ' ')
        if [ -z "$stray" ]; then ok "$1: opens only the book, the data dir, the output and system files"
        else bad "$1: opens only the book, the data dir, the output and system files" "opened: $stray"; fi
    }
    traced "strace: a good build" 0 build -q -c book.yaml -o "$O/traced.pdf"
    allowed "strace: a good build"
    check "strace: the data dir's theme is read" grep -q '/templates/' "$S/opened.txt"
    # Every input is read once (issue 11: the world's file store).
    # twice LABEL: no file of the book or the data dir opened more than once in the traced run (folders
    # may be listed again).
    twice() {
        twice=$(sed -n 's/.*open[a-z0-9]*([^"]*"\([^"]*\)".*/\1/p' "$S/strace.log" | while IFS= read -r f; do
            case "$f" in /*) ;; *) f="$B/$f" ;; esac
            realpath -m -- "$f"
        done | grep -E "^($(q "$RB")|$(q "$(realpath "$ROOT")")/templates)/" | sort | uniq -d | while IFS= read -r f; do
            [ -d "$f" ] || printf '%s ' "$f" # a folder is listed again to stamp the templates (typeset_memo.c)
        done)
        if [ -z "$twice" ]; then ok "$1: opens each input file once"
        else bad "$1: opens each input file once" "opened more than once: $twice"; fi
    }
    twice "strace: a good build"
    # A book made up for Markdown files reads the first one for its title too: still once.
    traced "strace: build FILE.md" 0 build -q ch1.md -o "$O/traced-md.pdf"
    twice "strace: build FILE.md"
    printf '\nText.\n\n![x](../secret.svg)\n\n<img src="../secret.svg">\n\n![y](img/link.svg)\n\n![z](%s/secret.svg)\n' "$P" >>"$B/ch1.md"
    printf '\n```dot\ndigraph { a [image="%s/secret.svg"]; b [label=<<IMG SRC="%s/secret.txt"/>>] }\n```\n' "$P" "$P" >>"$B/ch1.md"
    printf 'title: Safety Book\nchapters:\n  - ch1.md\n  - ../secret.md\n  - link.md\n' >"$B/book.yaml"
    traced "strace: a build naming outside files" 1 build -c book.yaml -o "$S/prev.pdf"
    allowed "strace: a build naming outside files"
    expect_no_log "strace: outside files: no outside text in the messages" "$SECRET"
    prev_kept "strace: a build naming outside files"
    traced "strace: check naming outside files" 1 check -c book.yaml
    # With the outside chapters gone, only images and diagrams point out: still nothing opened.
    printf 'title: Safety Book\nchapters:\n  - ch1.md\n' >"$B/book.yaml"
    traced "strace: a build with outside images and diagrams" 1 build -c book.yaml -o "$S/prev.pdf"
    prev_kept "strace: a build with outside images and diagrams"
    no_secret "strace" "$S/prev.pdf"
    cp "$S/ch1.orig" "$B/ch1.md"
fi

finish
