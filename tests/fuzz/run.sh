#!/bin/sh
# Runs the libFuzzer targets named as arguments (chapter, book, image, mermaid) one after another,
# each for $FUZZ_SECONDS seconds on one core, and prints one summary line per target:
#   fuzz chapter: ok, 5321 runs in 60 s (88 exec/s), corpus 412 inputs, cov 5210
#   fuzz image: FAILED (crash), 210 runs in 3 s, input build-fuzz/artifacts/image/crash-…
# Exit status 1 when any target found a crash, a timeout, an OOM or a leak.
# Used by `make fuzz` (tests/fuzz/fuzz.mk); FUZZ_ARGS adds libFuzzer options.
# FUZZ_LEAKS=1 checks every input for leaks too (LeakSanitizer, with tests/lsan.supp for
# fontconfig's and Graphviz's caches). It is off by default: fontconfig allocates at every
# build, so libFuzzer would run a full leak scan after every input, halving the speed.
B=${FUZZ_BUILD:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-60}
HERE=$(cd "$(dirname "$0")" && pwd)
LEAKS=${FUZZ_LEAKS:-0}
mkdir -p "$B"
cat "$HERE/../lsan.supp" "$HERE/lsan.supp" > "$B/lsan.supp"
# detect_leaks for ASan too: without it the exit-time leak check would still fail a run.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=$LEAKS:allocator_may_return_null=1:handle_abort=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$B/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=0
for t in "$@"; do
    bin="$B/fuzz_$t"
    [ -x "$bin" ] || { echo "fuzz $t: no $bin (run make fuzz-build)"; failed=1; continue; }
    mkdir -p "$B/corpus/$t" "$B/artifacts/$t" "$B/logs"
    log="$B/logs/$t.log"
    dict=""
    [ "$t" = chapter ] && dict="-dict=$HERE/markdown.dict"
    [ "$t" = book ] && dict="-dict=$HERE/book.dict"
    [ "$t" = image ] && dict="-dict=$HERE/image.dict"
    [ "$t" = mermaid ] && dict="-dict=$HERE/mermaid.dict"
    before=$(ls "$B/artifacts/$t" | wc -l)
    t0=$(date +%s)
    # -max_total_time does not count replaying the corpus at start-up, so a run takes longer.
    # -close_fd_mask=3: the code's own stdout/stderr output goes nowhere; libFuzzer and the
    # sanitizers still report on the original stderr (the log).
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -detect_leaks="$LEAKS" -print_final_stats=1 -close_fd_mask=3 -artifact_prefix="$B/artifacts/$t/" $dict $FUZZ_ARGS \
        "$B/corpus/$t" "$HERE/corpus/$t" </dev/null >"$log" 2>&1
    rc=$?
    took=$(( $(date +%s) - t0 ))
    after=$(ls "$B/artifacts/$t" | wc -l)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    secs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    corp=$(echo "$last" | sed -n 's/.*corp: \([0-9]*\).*/\1/p')
    cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    if [ "$rc" -eq 0 ] && [ "$after" -eq "$before" ]; then
        echo "fuzz $t: ok, ${runs:-?} runs in $took s (${secs:-?} exec/s), corpus ${corp:-?} inputs, cov ${cov:-?}"
    else
        kind=$(grep -o -m 1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer): [a-z-]+|runtime error: [^ ]+ [^ ]+|ALARM: working on the last Unit|out-of-memory' "$log" | head -n 1)
        art=$(grep -o -m 1 -E 'Test unit written to .*' "$log" | sed 's/Test unit written to //')
        echo "fuzz $t: FAILED (${kind:-exit $rc}) after ${runs:-?} runs; input ${art:-?}; log $log"
        failed=1
    fi
done
exit $failed
