#!/bin/sh
# make bench: typesets generated books of ~150, ~500 and ~3,000 pages and the guide, and reports for
# each the best wall time of a few runs, pages per second, CPU time over wall time (how much of the
# machine a build uses), the threads used and peak memory (from `mlsd-guide build -v`); the 150-page
# book also on one thread. Then `watch` on a copy of the guide: the time from a one-chapter edit to
# the new PDF in place. Results are kept in BUILD/bench/last.txt, and each run prints the change
# against the previous one. Not a test: nothing here fails on a slow machine.
set -e
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN="$ROOT/$BUILD/mlsd-guide"
WORK="$ROOT/$BUILD/bench"
mkdir -p "$WORK"
${CC:-cc} -O2 -o "$WORK/gen" "$ROOT/tests/bench/gen.c"
export SOURCE_DATE_EPOCH=1700000000
unset MLSD_GUIDE_DATA
NOW="$WORK/now.txt"
: >"$NOW"

# NAME CONFIG RUNS [BUILD OPTIONS...]: best of RUNS by wall time
report() {
    name=$1 config=$2 runs=$3
    shift 3
    best="" cpu="" log="$WORK/$name.log"
    r=0
    while [ "$r" -lt "$runs" ]; do
        /usr/bin/time -f '%e %U %S' -o "$WORK/$name.time" "$BIN" build -v "$@" -c "$config" -o "$WORK/$name.pdf" \
            2>"$log.run" >/dev/null
        t=$(sed -n 's/^total: \([0-9.]*\) s.*/\1/p' "$log.run")
        if [ -z "$best" ] || awk "BEGIN { exit !($t < $best) }"; then
            best=$t
            cpu=$(awk '{ if ($1 > 0) printf "%.2f", ($2 + $3) / $1; else print "0" }' "$WORK/$name.time")
            cp "$log.run" "$log"
        fi
        r=$((r + 1))
    done
    pages=$(sed -n 's/^pages: \([0-9]*\).*/\1/p' "$log")
    mem=$(sed -n 's/^peak memory: \([0-9.]*\) MB.*/\1/p' "$log")
    threads=$(sed -n 's/^threads: \([0-9]*\).*/\1/p' "$log")
    layout=$(sed -n 's/^layout and paginate: \([0-9.]*\) s.*/\1/p' "$log")
    pdf=$(sed -n 's/^pdf: \([0-9.]*\) s.*/\1/p' "$log")
    echo "$name $pages $best $cpu ${threads:-1} $mem $layout $pdf" >>"$NOW"
}

# ~13 A4 pages per generated chapter
for spec in "book150 12" "book500 39" "book3000 233"; do
    set -- $spec
    rm -rf "$WORK/$1" && "$WORK/gen" "$WORK/$1" "$2"
done
report book150 "$WORK/book150/book.yaml" 5 -j 2
report book150-j1 "$WORK/book150/book.yaml" 3 -j 1
report book500 "$WORK/book500/book.yaml" 3 -j 2
report book3000 "$WORK/book3000/book.yaml" 1 -j 2
report guide "$ROOT/content/book.yaml" 3 -j 2

# watch: edit one chapter of a copy of the guide and time the new PDF
W="$WORK/watch"
rm -rf "$W" && mkdir -p "$W"
cp -R "$ROOT/content" "$W/content"
sed -i 's|^root: .*||' "$W/content/book.yaml"
MLSD_GUIDE_DATA="$ROOT" "$BIN" watch -j 2 -c "$W/content/book.yaml" -o "$W/out.pdf" >"$W/watch.log" 2>&1 &
wpid=$!
i=0
while [ "$i" -lt 600 ] && ! grep -q 'watching for changes' "$W/watch.log"; do sleep 0.1; i=$((i + 1)); done
latency=""
for edit in 1 2 3; do
    before=$(grep -c 'watching for changes' "$W/watch.log")
    ch=$(ls "$W/content/chapters"/*.md | sed -n "$((edit * 7))p")
    printf '\nAn added sentence, edit %s.\n' "$edit" >>"$ch"
    i=0
    while [ "$i" -lt 600 ] && [ "$(grep -c 'watching for changes' "$W/watch.log")" -le "$before" ]; do sleep 0.05; i=$((i + 1)); done
    t=$(grep 'watching for changes' "$W/watch.log" | tail -n 1 | sed -n 's/.* in \([0-9.]*\) s\].*/\1/p')
    if [ -n "$t" ] && { [ -z "$latency" ] || awk "BEGIN { exit !($t < $latency) }"; }; then latency=$t; fi
done
kill "$wpid" 2>/dev/null || true
wait "$wpid" 2>/dev/null || true
echo "watch-edit 0 ${latency:-0} 0 0 0 0 0" >>"$NOW"

printf '%-11s %6s %8s %9s %6s %7s %9s %7s %7s   %s\n' book pages "wall s" "pages/s" "cpu/w" threads "peak MB" "layout" "pdf" "vs previous run"
while read -r name pages t cpu threads mem layout pdf; do
    prev=$(awk -v n="$name" '$1 == n { print $3 }' "$WORK/last.txt" 2>/dev/null || true)
    change=""
    if [ -n "$prev" ] && awk "BEGIN { exit !($prev > 0) }"; then
        change=$(awk -v a="$t" -v b="$prev" 'BEGIN { printf "%+.0f%% (%.3f s before)", (a - b) / b * 100, b }')
    fi
    if [ "$name" = watch-edit ]; then
        printf '%-11s %6s %8s %9s %6s %7s %9s %7s %7s   %s\n' "$name" - "$t" - - - - - - "$change"
    else
        printf '%-11s %6d %8.3f %9.1f %6s %7s %9s %7s %7s   %s\n' "$name" "$pages" "$t" \
            "$(awk -v p="$pages" -v t="$t" 'BEGIN { print (t > 0 ? p / t : 0) }')" "$cpu" "$threads" "$mem" "$layout" "$pdf" "$change"
    fi
done <"$NOW"
cp "$NOW" "$WORK/last.txt"
echo "(kept in $WORK/last.txt; cpu/w: CPU time over wall time, ~2 when both cores work)"
