#!/bin/sh
# make install / uninstall: an installed binary finds its templates and fonts
# under PREFIX, outside the source tree; DESTDIR stages for packagers.
. "$ROOT/tests/lib.sh"

SANFLAG=""
case "$BUILD" in *san*) SANFLAG="SAN=1" ;; esac
prefix="$OUT/prefix"
rm -rf "$prefix" "$OUT/stage" "$OUT/outside"
check "make install PREFIX" make -s -C "$ROOT" install PREFIX="$prefix" $SANFLAG
check "binary installed" test -x "$prefix/bin/mlsd-guide"
check "theme installed" test -f "$prefix/share/mlsd-guide/templates/theme.yaml"
check "fonts installed with licences" test -f "$prefix/share/mlsd-guide/fonts/charis/OFL.txt"

# Run it on a copy of a book outside the source tree, from the book's directory.
cp -R "$FIX/constructs" "$OUT/outside"
(cd "$OUT/outside" && "$prefix/bin/mlsd-guide" build -q) >"$OUT/last.log" 2>&1
RC=$?
expect_rc "installed binary builds a book outside the tree" 0
check "default output build/<slug>.pdf" test -f "$OUT/outside/build/constructs-test-book.pdf"
expect_text "installed build has the text" "$OUT/outside/build/constructs-test-book.pdf" "Inline constructs"

check "make install DESTDIR" make -s -C "$ROOT" install PREFIX=/usr/local DESTDIR="$OUT/stage" $SANFLAG
check "staged binary" test -x "$OUT/stage/usr/local/bin/mlsd-guide"
check "staged data" test -f "$OUT/stage/usr/local/share/mlsd-guide/templates/theme.yaml"

check "make uninstall" make -s -C "$ROOT" uninstall PREFIX="$prefix" $SANFLAG
check "binary removed" test ! -e "$prefix/bin/mlsd-guide"
check "data removed" test ! -e "$prefix/share/mlsd-guide"
finish
