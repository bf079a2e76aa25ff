#!/bin/sh
# Runs the unit tests and every integration test script, then prints one
# summary line: "N passed, N failed". Exits non-zero when anything failed.
# Usage: sh tests/run.sh BUILD_DIR
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT BUILD
export MLSD="$ROOT/$BUILD/mlsd-guide"
export OUT="$ROOT/$BUILD/test-out"
rm -rf "$OUT" && mkdir -p "$OUT"
# Reproducible, locale-independent runs.
export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1700000000 NO_COLOR=1
unset MLSD_GUIDE_DATA
# Sanitizer builds (make SAN=1 test): fail on any report; see tests/lsan.supp.
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

passed=0
failed=0
skipped=0
add_counts() { # file with "N passed, N failed" as its last line
    line=$(grep -E '^[a-z-]*:? ?[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
    p=$(echo "$line" | sed -E 's/^[^0-9]*([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    if [ -z "$line" ]; then
        echo "  (no summary from $2: counted as one failure)"
        f=1; p=0
    fi
    sk=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p')
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + ${sk:-0}))
}

echo "== unit tests"
"$ROOT/$BUILD/unit-tests" > "$OUT/unit.log" 2>&1
cat "$OUT/unit.log" | grep -v '^ok ' 
add_counts "$OUT/unit.log" unit-tests

for t in "$ROOT"/tests/integration/*.sh; do
    name=$(basename "$t" .sh)
    echo "== $name"
    sh "$t" > "$OUT/$name.log" 2>&1
    grep -v '^ok ' "$OUT/$name.log"
    add_counts "$OUT/$name.log" "$name"
done

[ "$skipped" -eq 0 ] || echo "$skipped skipped (the 'skip -' lines above say why)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
