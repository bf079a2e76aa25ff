#!/bin/sh
# Adversarial inputs: broken book.yaml files, broken chapters, bad links and
# images, hostile sizes and nesting, usage errors. Every failing build must
# exit 1 (2 for usage errors) with a "path:line:col: error:" diagnostic where
# the problem has a position, and must write nothing: no PDF, no temporary
# file, and a previous PDF at the output path stays byte for byte the same.
# Every run must stop by itself within $LIMIT s of CPU time (20, or 120 under the sanitizers; tests/lib.sh) with exit code 0, 1 or 2.
# Large and binary inputs are generated here, into $OUT.
. "$ROOT/tests/lib.sh"

BAD="$FIX/bad"
HERE=$(pwd)
export LC_ALL="${LC_ALL:-C.UTF-8}" NO_COLOR=1 SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1700000000}"
if [ -z "${LSAN_OPTIONS:-}" ] && [ -f "$ROOT/tests/lsan.supp" ]; then
    export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
fi
# Sanitizers exit with 1 by default, which would pass for an input error.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=86"
SAN_RE='AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:|Assertion .* failed'

# sane LABEL: the last run stopped by itself with 0, 1 or 2 and no sanitizer report.
sane() {
    case $RC in
        0 | 1 | 2)
            if grep -Eq -- "$SAN_RE" "$OUT/last.log"; then
                bad "$1: no crash or sanitizer report" "$(grep -E -m 3 -- "$SAN_RE" "$OUT/last.log")"
            else
                ok "$1: exits 0, 1 or 2 within $LIMIT s of CPU time"
            fi ;;
        124 | 137 | 152) bad "$1: finishes within $LIMIT s" "stopped after $LIMIT s of CPU time or $WALL s (exit $RC)" ;;
        *) bad "$1: exits 0, 1 or 2" "exit code $RC (crash?); output: $(tail -c 800 "$OUT/last.log")" ;;
    esac
}

# mlsd LABEL ARGS...: like run_mlsd (RC, $OUT/last.log) but limited to $LIMIT s (tests/lib.sh) and checked by sane.
mlsd() {
    label=$1
    shift
    limited "$MLSD" "$@" >"$OUT/last.log" 2>&1
    RC=$?
    sane "$label"
}

# mlsd_flood LABEL PATTERN ARGS...: for runs that may print a flood of diagnostics:
# keeps the first 200 lines in last.log and the number of lines matching PATTERN in COUNT.
mlsd_flood() {
    label=$1 pat=$2
    shift 2
    { limited "$MLSD" "$@" 2>&1; echo "$?" >"$OUT/flood.rc"; } |
        awk -v pat="$pat" -v cnt="$OUT/flood.count" 'NR <= 200 { print } $0 ~ pat { n++ } END { print n + 0 > cnt }' >"$OUT/last.log"
    RC=$(cat "$OUT/flood.rc")
    COUNT=$(cat "$OUT/flood.count")
    sane "$label"
}

nothing_written() { # NAME DIR: DIR is empty
    if [ -z "$(ls -A "$2")" ]; then ok "$1: nothing written"; else bad "$1: nothing written" "found: $(ls -A "$2" | tr '\n' ' ')"; fi
}

fresh_dir() { rm -rf "$1" && mkdir -p "$1"; }

# build_bad NAME DIR [ARGS...]: builds DIR/book.yaml to an empty output directory
# and expects exit 1, the failure summary and nothing written.
build_bad() {
    name=$1 dir=$2
    shift 2
    od="$OUT/out-$name"
    fresh_dir "$od"
    mlsd "$name" build -c "$dir/book.yaml" -o "$od/book.pdf" "$@"
    expect_rc "$name: exit 1" 1
    expect_log "$name: says no PDF was written" "^build failed: .*no PDF written"
    nothing_written "$name" "$od"
}

# build_warn NAME DIR [ARGS...]: expects exit 0 and exactly one PDF in the output
# directory ($od/book.pdf), no temporary file beside it.
build_warn() {
    name=$1 dir=$2
    shift 2
    od="$OUT/out-$name"
    fresh_dir "$od"
    mlsd "$name" build -c "$dir/book.yaml" -o "$od/book.pdf" "$@"
    expect_rc "$name: exit 0" 0
    if [ "$(ls -A "$od")" = "book.pdf" ] && head -c 5 "$od/book.pdf" | grep -q '%PDF-'; then ok "$name: PDF written"
    else bad "$name: PDF written" "output directory holds: $(ls -A "$od" | tr '\n' ' ')"; fi
    expect_log "$name: summary counts the warnings" "^wrote .*book.pdf: .*\\([0-9]+ warnings?\\)"
}

count_log() { grep -Ec -- "$1" "$OUT/last.log"; }

expect_count() { # NAME PATTERN N: exactly N lines of the last output match
    c=$(count_log "$2")
    if [ "$c" -eq "$3" ]; then ok "$1"; else bad "$1" "$c lines match /$2/, expected $3: $(grep -E -m 5 -- "$2" "$OUT/last.log")"; fi
}

fm() { printf -- '---\ntitle: "%s"\nkind: reference\n---\n\n' "$1"; }

# ---------------------------------------------------------------- book.yaml

build_bad yaml-syntax "$BAD/yaml-syntax"
expect_log "yaml-syntax: position and message" \
    "(^|/)book\\.yaml:2:12: error: invalid YAML: mapping values are not allowed"

build_bad yaml-cycle "$BAD/yaml-cycle"
expect_log "yaml-cycle: reported as an alias problem" "(^|/)book\\.yaml:[0-9]+:[0-9]+: error: .*alias"

build_bad yaml-bomb "$BAD/yaml-bomb"
expect_log "yaml-bomb: reported as too large after alias expansion" \
    "(^|/)book\\.yaml:[0-9]+:[0-9]+: error: YAML document too large after alias expansion"

build_bad unknown-key "$BAD/unknown-key"
expect_log "unknown-key: line and column of the key" "(^|/)book\\.yaml:4:1: error: unknown key 'colour' in book config"
expect_log "unknown-key: hint lists the known keys" "hint: known keys: .*title.*chapters"

build_bad unknown-part-key "$BAD/unknown-part-key"
expect_log "unknown-part-key: line and column of the key" "(^|/)book\\.yaml:4:5: error: unknown key 'chaptres' in a part"

build_bad wrong-types "$BAD/wrong-types"
expect_log "wrong-types: title as a list" "(^|/)book\\.yaml:1:8: error: title: expected a string, got a list"
expect_log "wrong-types: authors as a mapping" "(^|/)book\\.yaml:2:10: error: authors: expected a string, got a mapping"

build_bad duplicate-key "$BAD/duplicate-key"
expect_log "duplicate-key: position of the second key" "(^|/)book\\.yaml:3:1: error: .*duplicate key 'title'"

build_bad bad-paper "$BAD/bad-paper"
expect_log "bad-paper: position and message" "(^|/)book\\.yaml:2:8: error: unknown paper size 'a9'"
expect_log "bad-paper: hint lists the paper sizes" "hint: paper sizes: .*a4"

build_bad bad-language "$BAD/bad-language"
expect_log "bad-language: position and message" "(^|/)book\\.yaml:2:11: error: language: 'english_US' is not a language tag"

build_bad empty-config "$BAD/empty-config"
expect_log "empty-config: message" "(^|/)book\\.yaml:1:1: error: book config is empty"

fixture_copy bad/empty-config comments-only
printf '# only a comment\n\n# and another\n' >"$OUT/comments-only/book.yaml"
build_bad comments-only "$OUT/comments-only"
expect_log "comments-only: treated as empty" "(^|/)book\\.yaml:1:1: error: book config is empty"

fixture_copy bad/base not-a-mapping
printf -- '- ch1.md\n- ch2.md\n' >"$OUT/not-a-mapping/book.yaml"
build_bad not-a-mapping "$OUT/not-a-mapping"
expect_log "not-a-mapping: message" "(^|/)book\\.yaml:1:1: error: book config: expected a mapping"

build_bad no-chapters "$BAD/no-chapters"
expect_log "no-chapters: position and message" "(^|/)book\\.yaml:2:11: error: the book has no chapters"

build_bad chapter-twice "$BAD/chapter-twice"
expect_log "chapter-twice: position of the second entry" \
    "(^|/)book\\.yaml:4:5: error: chapter 'ch1\\.md' is listed twice \\(first at line 3\\)"
expect_count "chapter-twice: reported once" "listed twice" 1

# Three entries: one error per extra entry, each naming the first one.
fixture_copy bad/chapter-twice chapter-thrice
printf '  - ch1.md\n' >>"$OUT/chapter-thrice/book.yaml"
build_bad chapter-thrice "$OUT/chapter-thrice"
expect_log "chapter-thrice: third entry points at the first" \
    "(^|/)book\\.yaml:5:5: error: chapter 'ch1\\.md' is listed twice \\(first at line 3\\)"
expect_count "chapter-thrice: one error per extra entry" "listed twice" 2

# The same chapter 6000 times (a 70 KB book.yaml): must not go quadratic.
fixture_copy bad/chapter-twice chapter-many
awk 'BEGIN { print "title: \"Many\""; print "chapters:"; for (i = 0; i < 6000; i++) print "  - ch1.md" }' \
    >"$OUT/chapter-many/book.yaml"
fresh_dir "$OUT/out-chapter-many"
mlsd_flood chapter-many "listed twice" build -c "$OUT/chapter-many/book.yaml" -o "$OUT/out-chapter-many/book.pdf"
expect_rc "chapter-many: exit 1" 1
if [ "$COUNT" -eq 5999 ]; then ok "chapter-many: one error per extra entry"
else bad "chapter-many: one error per extra entry" "$COUNT 'listed twice' errors, expected 5999"; fi
nothing_written chapter-many "$OUT/out-chapter-many"

build_bad missing-chapter "$BAD/missing-chapter"
expect_log "missing-chapter: position of the list entry" \
    "(^|/)book\\.yaml:4:5: error: chapter file not found: not-there\\.md"

# Git keeps no empty directories: the directory is made here.
fixture_copy bad/chapter-dir chapter-dir
mkdir -p "$OUT/chapter-dir/subdir.md"
build_bad chapter-dir "$OUT/chapter-dir"
expect_log "chapter-dir: says it is not a file" "subdir\\.md.*(not a regular file|directory)"
expect_log "chapter-dir: position of the list entry" "(^|/)book\\.yaml:4:5: error: .*subdir\\.md"

fixture_copy bad/base config-not-utf8
printf 'title: caf\351\nchapters: [ch1.md, ch2.md]\n' >"$OUT/config-not-utf8/book.yaml"
build_bad config-not-utf8 "$OUT/config-not-utf8"
expect_log "config-not-utf8: line and column of the bad byte" "(^|/)book\\.yaml:1:11: error: .*not valid UTF-8"

fixture_copy bad/base config-huge
{ printf 'title: "Huge"\nchapters: [ch1.md, ch2.md]\n'; yes '# padding padding padding padding padding padding' | head -c 1100000; } \
    >"$OUT/config-huge/book.yaml"
build_bad config-huge "$OUT/config-huge"
expect_log "config-huge: too large" "(^|/)book\\.yaml: error: .*too large"

# ---------------------------------------------------------------- chapters

# (A chapter without front matter is plain Markdown and builds: tests/integration/realworld.sh.)

build_bad unclosed-front-matter "$BAD/unclosed-front-matter"
expect_log "unclosed-front-matter: message" "(^|/)ch1\\.md:1:1: error: front matter is not closed"

build_bad front-matter-no-title "$BAD/front-matter-no-title"
expect_log "front-matter-no-title: message" "(^|/)ch1\\.md:[0-9]+:[0-9]+: error: front matter has no 'title'"

build_bad front-matter-bad-yaml "$BAD/front-matter-bad-yaml"
expect_log "front-matter-bad-yaml: line counted in the chapter file" \
    "(^|/)ch1\\.md:4:11: error: invalid YAML: mapping values are not allowed"

fixture_copy bad/base chapter-not-utf8
{ fm "Two"; printf '## Details\n\nab\303\251c \377 d\n'; } >"$OUT/chapter-not-utf8/ch2.md"
build_bad chapter-not-utf8 "$OUT/chapter-not-utf8"
expect_log "chapter-not-utf8: line:col of the bad byte" "(^|/)ch2\\.md:8:6: error: chapter is not valid UTF-8 text \\(byte 0xff\\)"

fixture_copy bad/base chapter-truncated-utf8
{ fm "Two"; printf '## Details\n\nends mid-character \342\202'; } >"$OUT/chapter-truncated-utf8/ch2.md"
build_bad chapter-truncated-utf8 "$OUT/chapter-truncated-utf8"
expect_log "chapter-truncated-utf8: line:col of the cut character" "(^|/)ch2\\.md:8:20: error: chapter is not valid UTF-8"

fixture_copy bad/base chapter-nul
{ fm "Two"; printf '## Details\n\nnul\000byte\n'; } >"$OUT/chapter-nul/ch2.md"
build_bad chapter-nul "$OUT/chapter-nul"
expect_log "chapter-nul: line:col of the NUL byte" "(^|/)ch2\\.md:8:4: error: "

fixture_copy bad/base chapter-too-large
{ fm "Big"; yes 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do' | head -c 4194304; } \
    >"$OUT/chapter-too-large/ch2.md"
build_bad chapter-too-large "$OUT/chapter-too-large"
expect_log "chapter-too-large: message names the file and the limit" "(^|/)ch2\\.md: error: .*too large.*4 MiB"

# ---------------------------------------------------------------- links

build_bad links "$BAD/links"
expect_log "links: #nope at the link's position" \
    "(^|/)ch1\\.md:8:5: error: unknown link target '#nope'"
expect_log "links: chapter not in the book" \
    "(^|/)ch1\\.md:10:12: error: unknown link target 'other\\.md'"
expect_log "links: missing heading in another chapter" \
    "(^|/)ch1\\.md:12:13: error: unknown link target 'ch2\\.md#missing-heading'"
expect_no_log "links: valid links are not reported" "'#links-here'|'ch2\\.md'|target-heading"
# Columns count characters, as in the UTF-8 error above ("Café " is 5 characters, 6 bytes).
expect_log "links: column counts characters, not bytes" \
    "(^|/)ch1\\.md:16:6: error: unknown link target '#nope-after-accent'"

# ---------------------------------------------------------------- images

fixture_copy bad/images images
img="$OUT/images"
printf '\211PNG\r\n\032\nthis is not a PNG image at all' >"$img/corrupt.png"
printf '\377\330\377\340\000\020JFIF\000\001\001\000\000\001\000\001\000\000' >"$img/photo.jpg"
# PNG signature and an IHDR chunk that claims 30000 x 30000 pixels.
printf '\211PNG\r\n\032\n\000\000\000\015IHDR\000\000\165\060\000\000\165\060\010\006\000\000\000\000\000\000\000' >"$img/huge.png"
# A valid 1 x 1 header (correct CRC), then the file ends.
printf '\211PNG\r\n\032\n\000\000\000\015IHDR\000\000\000\001\000\000\000\001\010\006\000\000\000\037\025\304\211' >"$img/truncated.png"

build_warn images "$img"
expect_log "images: missing image warned at its position" "(^|/)ch1\\.md:8:1: warning: image not found: .*missing\\.png"
expect_log "images: corrupt PNG warned" "(^|/)ch1\\.md:10:1: warning: corrupt PNG file.*corrupt\\.png"
expect_log "images: truncated JPEG warned as corrupt" "(^|/)ch1\\.md:12:1: warning: corrupt JPEG file.*photo\\.jpg"
expect_log "images: enormous PNG warned" "(^|/)ch1\\.md:14:1: warning: image is too large.*huge\\.png"
expect_log "images: truncated PNG warned" "(^|/)ch1\\.md:16:1: warning: corrupt PNG file.*truncated\\.png"
expect_log "images: five warnings counted" "\\(5 warnings\\)"
expect_no_log "images: no errors" "error:"
expect_text "images: placeholder with the alt text" "$od/book.pdf" "image: missing alt"
expect_text "images: text after the images" "$od/book.pdf" "Text after the images"

build_bad images-werror "$img" --werror
expect_log "images-werror: warnings become errors" "(^|/)ch1\\.md:8:1: error: image not found"
expect_count "images-werror: every image reported" "(^|/)ch1\\.md:[0-9]+:1: error: " 5

# ---------------------------------------------------------------- HTML, empty links, nesting

build_warn html-tag "$BAD/html-tag"
expect_log "html-tag: inline tag warned at its position" \
    "(^|/)ch1\\.md:6:6: warning: unsupported HTML tag <blink> dropped"
expect_log "html-tag: block tag warned at its position" "(^|/)ch1\\.md:8:1: warning: unsupported HTML tag <marquee>"
expect_text "html-tag: inline text kept" "$od/book.pdf" "flashing words"
expect_text "html-tag: block text kept" "$od/book.pdf" "scrolling words"
if pdftotext "$od/book.pdf" - | grep -Eq 'blink|marquee|<'; then bad "html-tag: tags not printed" "tag text in the PDF"
else ok "html-tag: tags not printed"; fi
expect_log "html-tag: column counts characters, not bytes" "(^|/)ch1\\.md:12:4: warning: unsupported HTML tag <foo>"

build_bad html-tag-werror "$BAD/html-tag" --werror
expect_log "html-tag-werror: warning became an error" "(^|/)ch1\\.md:6:6: error: unsupported HTML tag <blink>"

build_warn empty-link "$BAD/empty-link"
expect_log "empty-link: warned at its position" "(^|/)ch1\\.md:6:7: warning: link has an empty target"
expect_text "empty-link: link text kept" "$od/book.pdf" "clickhere"

build_warn deep-list "$BAD/deep-list"
expect_log "deep-list: warned at the first too-deep list" \
    "(^|/)ch1\\.md:16:21: warning: list nested 11 levels deep"
expect_count "deep-list: warned once" "warning:" 1
txt=$(pdftotext "$od/book.pdf" - 2>/dev/null)
missing=""
i=1
while [ $i -le 12 ]; do
    echo "$txt" | grep -Eq "(^|[^0-9])level$i item" || missing="$missing level$i"
    i=$((i + 1))
done
if [ -z "$missing" ]; then ok "deep-list: every item's text in the PDF"; else bad "deep-list: every item's text in the PDF" "missing:$missing"; fi

# 50 000 nested block quotes in a 50 KB chapter.
fixture_copy bad/base deep-quote
{ fm "Two"; printf '## Details\n\n'; awk 'BEGIN { for (i = 0; i < 50000; i++) printf ">"; print " deepquoteword" }'; } >"$OUT/deep-quote/ch2.md"
fresh_dir "$OUT/out-deep-quote"
mlsd deep-quote build -c "$OUT/deep-quote/book.yaml" -o "$OUT/out-deep-quote/book.pdf"
case $RC in
    0) expect_text "deep-quote: text kept" "$OUT/out-deep-quote/book.pdf" "deepquoteword" ;;
    1) expect_log "deep-quote: failure explained at a position" "(^|/)ch2\\.md:[0-9]+:[0-9]+: error: " ;;
    *) bad "deep-quote: exit 0 or 1" "exit code $RC" ;;
esac

# 4000 headings with the same text: ids get suffixes, in reasonable time.
fixture_copy bad/base same-headings
{ fm "Two"; awk 'BEGIN { print "## Details\n"; for (i = 0; i < 4000; i++) print "## Same\n" }'; } >"$OUT/same-headings/ch2.md"
fresh_dir "$OUT/out-same-headings"
mlsd same-headings build -q -c "$OUT/same-headings/book.yaml" -o "$OUT/out-same-headings/book.pdf"
expect_rc "same-headings: exit 0" 0

# A chapter of exactly 4 MiB is still accepted.
fixture_copy bad/base chapter-4mib
{ fm "Two"; printf '## Details\n\n'; } >"$OUT/chapter-4mib/ch2.md"
have=$(wc -c <"$OUT/chapter-4mib/ch2.md")
yes 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.' |
    head -c $((4194304 - have - 1)) >>"$OUT/chapter-4mib/ch2.md"
echo >>"$OUT/chapter-4mib/ch2.md"
fresh_dir "$OUT/out-chapter-4mib"
# (One 4 MiB paragraph takes several seconds to set: this checks the size bound, not speed.)
keep=$LIMIT; LIMIT=$((LIMIT * 3))
mlsd chapter-4mib build -q -c "$OUT/chapter-4mib/book.yaml" -o "$OUT/out-chapter-4mib/book.pdf"
LIMIT=$keep
expect_rc "chapter-4mib: a chapter of exactly 4 MiB builds" 0

# ---------------------------------------------------------------- usage

# Usage errors run where a valid book.yaml is: they must not build anything.
fixture_copy bad/base usage
cd "$OUT/usage" || exit 1
usage_case() { # NAME MESSAGE-PATTERN HINT-PATTERN ARGS...
    name=$1 msg=$2 hint=$3
    shift 3
    mlsd "$name" "$@"
    expect_rc "$name: exit 2" 2
    expect_log "$name: message" "$msg"
    expect_log "$name: hint names --help" "$hint"
    if [ -e build ]; then bad "$name: builds nothing" "build/ was created"; rm -rf build; else ok "$name: builds nothing"; fi
}
usage_case unknown-option "^mlsd-guide: unknown option '--frobnicate'" "^Try 'mlsd-guide build --help'" build --frobnicate
usage_case unknown-command "^mlsd-guide: unknown command 'frobnicate'" "^Try 'mlsd-guide --help'" frobnicate
usage_case missing-argument "^mlsd-guide: option requires an argument: '-c'" "^Try 'mlsd-guide build --help'" build -c
usage_case missing-argument-long "^mlsd-guide: option requires an argument: '--output'" "--help" build --output
usage_case extra-argument "^mlsd-guide: unexpected argument 'extra'" "^Try 'mlsd-guide new --help'" new component "T" extra
usage_case unknown-global-option "^mlsd-guide: unknown option '--frob'" "^Try 'mlsd-guide --help'" --frob
usage_case help-unknown-command "^mlsd-guide: unknown command 'nope'" "--help" help nope
# An unknown letter in front of a known one in a cluster: the message names the unknown option.
usage_case unknown-option-cluster "^mlsd-guide: unknown option '-x" "--help" build -xq

mlsd no-arguments
expect_rc "no-arguments: exit 2" 2
expect_log "no-arguments: prints the usage" "^Usage: mlsd-guide COMMAND"

# ---------------------------------------------------------------- help and version

mlsd "--help" --help
expect_rc "--help: exit 0" 0
expect_log "--help: usage line" "^Usage: mlsd-guide COMMAND"
expect_log "--help: lists build" "^  build "
cp "$OUT/last.log" "$OUT/help-main.txt"
mlsd "-h" -h
check "-h: same text as --help" cmp -s "$OUT/last.log" "$OUT/help-main.txt"

mlsd "help build" help build
expect_rc "help build: exit 0" 0
expect_log "help build: usage line" "^Usage: mlsd-guide build \\[OPTIONS\\]"
expect_log "help build: documents --werror" "--werror"
expect_log "help build: documents the exit status" "Exit status: 0 success, 1 errors in the input, 2 usage error"
cp "$OUT/last.log" "$OUT/help-build.txt"

mlsd "build --help" build --help
expect_rc "build --help: exit 0" 0
check "build --help: same text as help build" cmp -s "$OUT/last.log" "$OUT/help-build.txt"
check "build --help: builds nothing" test ! -e build

mlsd "--version" --version
expect_rc "--version: exit 0" 0
expect_log "--version: version from VERSION" "^mlsd-guide $(cat "$ROOT/VERSION")\$"
expect_log "--version: library versions" "cairo .*pango .*cmark-gfm .*libyaml"
cd "$HERE" || exit 1

# ---------------------------------------------------------------- finding book.yaml

fresh_dir "$OUT/nobook"
mkdir "$OUT/nobook/content"
cd "$OUT/nobook" || exit 1
mlsd nobook build
expect_rc "nobook: exit 1" 1
expect_log "nobook: message" "error: no Markdown files \\(\\*\\.md\\) in this directory, and no book\\.yaml"
check "nobook: nothing written" test "$(ls -A "$OUT/nobook")" = content
mlsd nobook-config build -c missing.yaml
expect_rc "nobook-config: exit 1" 1
expect_log "nobook-config: message" "^missing\\.yaml: error: book config not found"
mlsd nobook-dir build -c content
expect_rc "nobook-dir: exit 1" 1
expect_log "nobook-dir: message" "^content: error: no Markdown files \\(\\*\\.md\\) in this directory, and no book\\.yaml"
cd "$HERE" || exit 1

# Control: content/book.yaml is found when there is no ./book.yaml.
fresh_dir "$OUT/contentbook"
cp -R "$BAD/base" "$OUT/contentbook/content"
cd "$OUT/contentbook" || exit 1
mlsd contentbook build -q -o "$OUT/contentbook/found.pdf"
expect_rc "contentbook: content/book.yaml is used" 0
cd "$HERE" || exit 1

# ---------------------------------------------------------------- the previous PDF survives

fixture_copy bad/base survive
sd="$OUT/survive-out"
fresh_dir "$sd"
mlsd survive-first build -c "$OUT/survive/book.yaml" -o "$sd/book.pdf"
expect_rc "survive: first build succeeds" 0
sum1=$(cksum <"$sd/book.pdf" 2>/dev/null)
survives() { # NAME
    expect_rc "$1: exit 1" 1
    sum2=$(cksum <"$sd/book.pdf" 2>/dev/null)
    if [ -n "$sum1" ] && [ "$sum1" = "$sum2" ]; then ok "$1: previous PDF unchanged"; else bad "$1: previous PDF unchanged" "checksum '$sum1' became '$sum2'"; fi
    left=$(ls -A "$sd" | tr '\n' ' ')
    if [ "$left" = "book.pdf " ]; then ok "$1: no temporary file left"; else bad "$1: no temporary file left" "output directory holds: $left"; fi
}
cp "$OUT/survive/ch2.md" "$OUT/survive/ch2.md.good"
printf '\nSee [gone](#no-such-heading).\n' >>"$OUT/survive/ch2.md"
mlsd survive-bad-link build -c "$OUT/survive/book.yaml" -o "$sd/book.pdf"
survives survive-bad-link
printf -- '---\nkind: component\n---\n# no title in the front matter\n' >"$OUT/survive/ch2.md"
mlsd survive-no-title build -c "$OUT/survive/book.yaml" -o "$sd/book.pdf"
survives survive-no-title
{ fm "Two"; printf '## Details\n\n<blink>only a warning</blink>\n'; } >"$OUT/survive/ch2.md"
mlsd survive-werror build --werror -c "$OUT/survive/book.yaml" -o "$sd/book.pdf"
survives survive-werror
cp "$OUT/survive/ch2.md.good" "$OUT/survive/ch2.md"
# Writing fails: the output path is a directory. The temporary file must go.
mkdir "$sd/isdir"
mlsd survive-write-fails build -c "$OUT/survive/book.yaml" -o "$sd/isdir"
expect_rc "survive-write-fails: exit 1" 1
expect_log "survive-write-fails: message names the output" "isdir: error: "
left=$(ls -A "$sd" | tr '\n' ' ')
if [ "$left" = "book.pdf isdir " ] && [ -z "$(ls -A "$sd/isdir")" ]; then ok "survive-write-fails: no temporary file left"
else bad "survive-write-fails: no temporary file left" "output directory holds: $left"; fi
rmdir "$sd/isdir"
# --werror: an invalid SOURCE_DATE_EPOCH is a warning, so an error here.
old_sde=${SOURCE_DATE_EPOCH-unset}
export SOURCE_DATE_EPOCH=yesterday
mlsd survive-bad-epoch build --werror -c "$OUT/survive/book.yaml" -o "$sd/book.pdf"
if [ "$old_sde" = unset ]; then unset SOURCE_DATE_EPOCH; else export SOURCE_DATE_EPOCH="$old_sde"; fi
expect_log "survive-bad-epoch: SOURCE_DATE_EPOCH reported as an error" "error: SOURCE_DATE_EPOCH='yesterday'"
survives survive-bad-epoch

# A failing build creates no output directory either.
rm -rf "$OUT/newdir"
mlsd newdir build -c "$BAD/links/book.yaml" -o "$OUT/newdir/sub/book.pdf"
expect_rc "newdir: exit 1" 1
check "newdir: output directory not created" test ! -e "$OUT/newdir"

# Control: the base book itself builds cleanly, so the failures above are the broken parts.
build_warn_free() {
    fresh_dir "$OUT/out-base"
    mlsd base build -c "$BAD/base/book.yaml" -o "$OUT/out-base/book.pdf"
    expect_rc "base: exit 0" 0
    expect_no_log "base: no diagnostics" "warning:|error:"
    expect_text "base: both chapters in the PDF" "$OUT/out-base/book.pdf" "Bravoword"
}
build_warn_free

finish
