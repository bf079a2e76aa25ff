#!/bin/sh
# Prints the CHANGELOG.md entry for one version: the lines under its heading,
# up to the next "## " heading, without leading and trailing blank lines.
# Exits 1 with a message on stderr when there is no dated, non-empty entry.
#
# Usage: sh scripts/changelog.sh VERSION [CHANGELOG]
# The heading is Keep a Changelog's: "## [1.2.0] - 2026-11-21" (the brackets
# may be left out).
version=${1:?usage: changelog.sh VERSION [CHANGELOG]}
file=${2:-CHANGELOG.md}

if [ ! -f "$file" ]; then
    echo "$file: no such file; a release needs a changelog entry for $version" >&2
    exit 1
fi

awk -v v="$version" -v file="$file" '
    function heading_version(line,    s) {
        s = substr(line, 4)
        sub(/^[ \t]+/, "", s)
        sub(/[ \t].*$/, "", s)
        gsub(/[\[\]]/, "", s)
        return s
    }
    /^## / {
        if (found) { done = 1 }
        else if (heading_version($0) == v) {
            found = 1; line = NR
            if ($0 !~ /[ \t]-[ \t]+[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]([ \t]|$)/) undated = 1
            next
        }
    }
    /^\[[^]]*\]: / { next }                 # link reference definitions at the end
    found && !done {
        if ($0 ~ /^[ \t]*$/) { if (n) blank++; next }
        while (blank > 0) { body[++n] = ""; blank-- }
        body[++n] = $0
    }
    END {
        if (!found) {
            printf "%s: no entry for version %s (add a \"## [%s] - YYYY-MM-DD\" section)\n", file, v, v > "/dev/stderr"
            exit 1
        }
        if (undated) {
            printf "%s:%d: the entry for %s has no date (write \"## [%s] - YYYY-MM-DD\")\n", file, line, v, v > "/dev/stderr"
            exit 1
        }
        if (!n) {
            printf "%s:%d: the entry for %s is empty\n", file, line, v > "/dev/stderr"
            exit 1
        }
        for (i = 1; i <= n; i++) print body[i]
    }
' "$file"
