#!/bin/sh
# The source tree shows the pipeline (issue 11): one folder per stage, and a
# stage includes only its own headers and those of earlier stages, so there are
# no include cycles between stages. Header names are unique across folders
# (the Makefile finds them by name), and no source file grows past the limit.
. "$ROOT/tests/lib.sh"

STAGES=$(sed -n 's/^STAGES *= *//p' "$ROOT/Makefile")
MAX_LINES=600
[ -n "$STAGES" ] && ok "the Makefile names the stages: $STAGES" || bad "stages" "no STAGES = line in the Makefile"

# rank of each header: the position of its folder in STAGES
MAP="$OUT/tree-headers"
: >"$MAP"
rank=0
for s in $STAGES; do
    for h in "$ROOT/src/$s"/*.h; do [ -f "$h" ] && echo "$(basename "$h") $rank $s" >>"$MAP"; done
    rank=$((rank + 1))
done

dups=$(cut -d' ' -f1 "$MAP" | sort | uniq -d)
[ -z "$dups" ] && ok "header names are unique across stages" || bad "unique headers" "$dups"

strays=$(find "$ROOT/src" -maxdepth 1 -type f \( -name '*.c' -o -name '*.h' \) | wc -l)
[ "$strays" -eq 0 ] && ok "every source file is in a stage folder" || bad "stage folders" "$strays files directly in src/"

others=""
for d in "$ROOT"/src/*/; do
    n=$(basename "$d")
    case " $STAGES " in *" $n "*) ;; *) others="$others $n" ;; esac
done
[ -z "$others" ] && ok "every folder under src/ is a stage" || bad "stage folders" "not in STAGES:$others"

# direction: for every quoted include, the included header's rank <= the file's rank
viol="$OUT/tree-violations"
: >"$viol"
rank=0
for s in $STAGES; do
    for f in "$ROOT/src/$s"/*.[ch]; do
        [ -f "$f" ] || continue
        grep -o '^#include "[^"]*"' "$f" | sed 's/#include "//; s/"$//' | while read -r inc; do
            line=$(grep "^$inc " "$MAP")
            if [ -z "$line" ]; then
                echo "src/$s/$(basename "$f"): includes unknown header $inc" >>"$viol"
                continue
            fi
            r=$(echo "$line" | cut -d' ' -f2)
            if [ "$r" -gt "$rank" ]; then
                echo "src/$s/$(basename "$f") includes $inc from the later stage $(echo "$line" | cut -d' ' -f3)/" >>"$viol"
            fi
        done
    done
    rank=$((rank + 1))
done
if [ -s "$viol" ]; then bad "includes point only to the same or earlier stages" "$(cat "$viol")"; else ok "includes point only to the same or earlier stages"; fi

# the checker itself catches a backward include
if grep -q '^pdf.h ' "$MAP" && [ "$(grep '^pdf.h ' "$MAP" | cut -d' ' -f2)" -gt "$(grep '^util.h ' "$MAP" | cut -d' ' -f2)" ]; then
    ok "the check knows out/ comes after core/ (a core file including pdf.h would be reported)"
else
    bad "stage order" "pdf.h is not ranked after util.h"
fi

long=""
for f in "$ROOT"/src/*/*.[ch]; do
    n=$(wc -l <"$f")
    [ "$n" -le "$MAX_LINES" ] || long="$long ${f#"$ROOT"/}:$n"
done
[ -z "$long" ] && ok "no source file over $MAX_LINES lines" || bad "file length" "over $MAX_LINES lines (split it along the pipeline):$long"

finish
