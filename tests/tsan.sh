#!/bin/sh
# make tsan: the parallel layout under ThreadSanitizer. Runs the unit tests of the parallel pieces
# and tests/integration/parallel.sh with the -fsanitize=thread build; a data race reported in our
# code makes the run fail (exit code 66), and the summary line counts it as a failure.
# Usage: sh tests/tsan.sh BUILD_DIR
BUILD=${1:-build-tsan}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT BUILD SAN=thread
export MLSD="$ROOT/$BUILD/mlsd-guide"
export OUT="$ROOT/$BUILD/test-out"
rm -rf "$OUT" && mkdir -p "$OUT"
export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1700000000 NO_COLOR=1
unset MLSD_GUIDE_DATA
# GLib's slice allocator hands memory between threads in ways TSan cannot follow.
export G_SLICE=always-malloc
export TSAN_OPTIONS="suppressions=$ROOT/tests/tsan.supp:halt_on_error=1:exitcode=66:report_signal_unsafe=0"
passed=0
failed=0
"$ROOT/$BUILD/unit-tests" parallel >"$OUT/unit.log" 2>&1
rc=$?
cat "$OUT/unit.log" | grep -v '^ok '
line=$(grep -E '^unit: [0-9]+ passed' "$OUT/unit.log" | tail -n 1)
if [ "$rc" -eq 0 ] && [ -n "$line" ]; then
    passed=$((passed + $(echo "$line" | sed -E 's/^unit: ([0-9]+) passed.*/\1/')))
else
    failed=$((failed + 1)); echo "FAIL - unit tests under ThreadSanitizer (exit $rc)"
fi
sh "$ROOT/tests/integration/parallel.sh" >"$OUT/parallel.log" 2>&1
grep -v '^ok ' "$OUT/parallel.log"
line=$(tail -n 1 "$OUT/parallel.log")
p=$(echo "$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\1/p')
f=$(echo "$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\2/p')
passed=$((passed + ${p:-0})); failed=$((failed + ${f:-1}))
if grep -rq 'WARNING: ThreadSanitizer' "$OUT" 2>/dev/null; then
    failed=$((failed + 1)); echo "FAIL - ThreadSanitizer reported:"; grep -rh -A12 'WARNING: ThreadSanitizer' "$OUT" | head -40
fi
echo "tsan: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
