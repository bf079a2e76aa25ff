#!/bin/sh
# make bench: builds a generated ~500-page book and the real guide, and reports
# pages per second and peak memory (from `mlsd-guide build -v`). Not a test.
set -e
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK="$ROOT/$BUILD/bench"
mkdir -p "$WORK"
${CC:-cc} -O2 -o "$WORK/gen" "$ROOT/tests/bench/gen.c"
rm -rf "$WORK/book" && "$WORK/gen" "$WORK/book" 38
export SOURCE_DATE_EPOCH=1700000000
report() { # NAME CONFIG
    best=""
    for run in 1 2 3; do
        "$ROOT/$BUILD/mlsd-guide" build -v -c "$2" -o "$WORK/$1.pdf" 2>"$WORK/$1.log" >/dev/null
        t=$(sed -n 's/^total: \([0-9.]*\) s.*/\1/p' "$WORK/$1.log")
        if [ -z "$best" ] || awk "BEGIN { exit !($t < $best) }"; then best=$t; fi
    done
    pages=$(sed -n 's/^pages: \([0-9]*\).*/\1/p' "$WORK/$1.log")
    mem=$(sed -n 's/^peak memory: \([0-9.]*\) MB.*/\1/p' "$WORK/$1.log")
    awk -v n="$1" -v p="$pages" -v t="$best" -v m="$mem" \
        'BEGIN { printf "%-10s %5d pages  best of 3: %6.2f s  %7.1f pages/s  peak memory %6.1f MB\n", n, p, t, p / t, m }'
}
report synthetic "$WORK/book/book.yaml"
report guide "$ROOT/content/book.yaml"
