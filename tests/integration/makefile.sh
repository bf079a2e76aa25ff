#!/bin/sh
# The build itself (issue 21): objects depend on the headers they include and
# on VERSION where they embed it, the user's CFLAGS never hide our flags, quiet
# one-line-per-file output unless V=1. Checked with `make -n`/`make -q` on a
# scratch build directory, so the tree's build/ is not touched.
. "$ROOT/tests/lib.sh"

unset MAKEFLAGS MFLAGS MAKELEVEL
B="$OUT/mk-build"
mk() { make -C "$ROOT" --no-print-directory BUILD="$B" "$@" >"$OUT/last.log" 2>&1; RC=$?; }

mk all
expect_rc "a scratch build" 0
expect_log "quiet output: one line per file" "^  CC    src/core/util\\.c\$"
expect_no_log "quiet output: no compiler command lines" "-Wextra"
mk -q all
expect_rc "up to date afterwards (make -q)" 0

# VERSION is an input of what embeds it, and only of that.
touch -d '+1 minute' "$ROOT/VERSION" 2>/dev/null || touch "$ROOT/VERSION"
mk -q all
expect_rc "after VERSION changes the build is stale (make release's make -q sees it)" 1
mk -n all
expect_log "the objects that embed the version are rebuilt" "src/cmd/main\\.c"
expect_no_log "the others are not" "src/text/linebreak\\.c"
mk all
touch "$ROOT/VERSION"

# Headers: an object is rebuilt when a header it includes changes, not otherwise.
mk -n -W src/text/linebreak.h all
expect_log "a header change rebuilds its includers" "src/text/linebreak\\.c"
expect_no_log "and not unrelated files" "src/input/yamlx\\.c"

# The user's flags are theirs, ours stay: CFLAGS=-O0 still finds the libraries' headers.
mk -n -B CFLAGS=-O0 V=1 "$B/obj/out/pdf.o"
expect_log "CFLAGS=-O0 is used" " -O0( |\$)"
expect_log "pkg-config flags stay with CFLAGS=-O0" "-I/usr/include/cairo"
expect_log "V=1 shows the commands" "-c -o .*/obj/out/pdf\\.o src/out/pdf\\.c"

finish
