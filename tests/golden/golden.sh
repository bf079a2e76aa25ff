#!/bin/sh
# Golden layout dumps: for each fixture book below, the body's vertical list (MLSD_DUMP=vlist, the
# last layout pass) and the finished pages (MLSD_DUMP=pages: every item with its position and text,
# the outline, the structure elements) are compared with the files checked in next to this script.
# A layout change shows up as a readable diff; `make golden` accepts the new dumps after you have
# looked at them (git diff tests/golden). The constructs book's resolved model (MLSD_DUMP=model: the
# numbers, notes, link texts, callouts and HTML kinds decided before layout) is compared the same way.
# Usage: sh tests/golden/golden.sh [--update]   (ROOT, MLSD, OUT from tests/run.sh or make golden)
. "$ROOT/tests/lib.sh"

GOLD="$ROOT/tests/golden"
UPDATE=0
[ "${1:-}" = "--update" ] && UPDATE=1
BOOKS="constructs figures a11y"

for b in $BOOKS; do
    fixture_copy "$b" "golden-$b"
    for kind in vlist pages; do
        MLSD_DUMP=$kind limited "$MLSD" build -q -j 2 -c "$OUT/golden-$b/book.yaml" -o "$OUT/golden-$b.pdf" \
            2>"$OUT/golden-$b.$kind.log" >/dev/null
        rc=$?
        dump_lines "$OUT/golden-$b.$kind.log" >"$OUT/golden-$b.$kind"
        if [ "$rc" -ne 0 ] || [ ! -s "$OUT/golden-$b.$kind" ]; then
            bad "golden $b.$kind: the build dumps its $kind" "exit $rc: $(head -c 300 "$OUT/golden-$b.$kind.log")"
            continue
        fi
        if [ "$UPDATE" = 1 ]; then
            cp "$OUT/golden-$b.$kind" "$GOLD/$b.$kind"
            ok "golden $b.$kind: updated ($(wc -l <"$GOLD/$b.$kind") lines)"
        elif [ ! -f "$GOLD/$b.$kind" ]; then
            bad "golden $b.$kind" "no expected dump $GOLD/$b.$kind: run make golden"
        elif diff -u "$GOLD/$b.$kind" "$OUT/golden-$b.$kind" >"$OUT/golden-$b.$kind.diff"; then
            ok "golden $b.$kind: the layout is the expected one ($(wc -l <"$GOLD/$b.$kind") lines)"
        else
            bad "golden $b.$kind: the layout changed (if intended, look at the pages and run make golden)" \
                "$(head -n 30 "$OUT/golden-$b.$kind.diff")"
        fi
    done
done

# The resolved model: every decision made before layout, one line each.
fixture_copy constructs golden-model
MLSD_DUMP=model limited "$MLSD" build -q -j 2 -c "$OUT/golden-model/book.yaml" -o "$OUT/golden-model.pdf" \
    2>"$OUT/golden-model.log" >/dev/null
rc=$?
grep -E '^(chapter |  [0-9]+:[0-9]+ )' "$OUT/golden-model.log" >"$OUT/golden-constructs.model"
if [ "$rc" -ne 0 ] || [ ! -s "$OUT/golden-constructs.model" ]; then
    bad "golden constructs.model: the build dumps its model" "exit $rc: $(head -c 300 "$OUT/golden-model.log")"
elif [ "$UPDATE" = 1 ]; then
    cp "$OUT/golden-constructs.model" "$GOLD/constructs.model"
    ok "golden constructs.model: updated ($(wc -l <"$GOLD/constructs.model") lines)"
elif [ ! -f "$GOLD/constructs.model" ]; then
    bad "golden constructs.model" "no expected dump $GOLD/constructs.model: run make golden"
elif diff -u "$GOLD/constructs.model" "$OUT/golden-constructs.model" >"$OUT/golden-constructs.model.diff"; then
    ok "golden constructs.model: the resolved model is the expected one ($(wc -l <"$GOLD/constructs.model") lines)"
else
    bad "golden constructs.model: the resolved model changed (if intended, run make golden)" \
        "$(head -n 30 "$OUT/golden-constructs.model.diff")"
fi
finish
