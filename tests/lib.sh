# Shared helpers for integration tests (sourced). Each check prints
# "ok - name" or "FAIL - name: detail"; `finish` prints "N passed, N failed".
# Environment from tests/run.sh: ROOT, MLSD (the binary), OUT (scratch dir).
PASS=0
FAIL=0
SKIP=0
FIX="$ROOT/tests/fixtures"
# Every run of the tool in a test is limited to LIMIT seconds of CPU time, which catches a hang
# that spins whatever the machine's load, and to WALL seconds on the clock, which catches one that
# blocks. Sanitizer builds (SAN=1, set by `make test`) run several times slower: six times as long.
if [ -n "${SAN:-}" ]; then LIMIT=${LIMIT:-120}; else LIMIT=${LIMIT:-20}; fi
WALL=${WALL:-$((LIMIT * 3))}
# limited CMD...: CMD within those limits; 124 or 137 (clock) or 152 (SIGXCPU) when it overran.
limited() { (ulimit -t "$LIMIT" 2>/dev/null; exec timeout -k 5 "$WALL" "$@"); }

ok() { PASS=$((PASS + 1)); echo "ok - $1"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL - $1: $2"; }
# A check that cannot run here: counted and shown in the summary, never passed quietly.
skip() { SKIP=$((SKIP + 1)); echo "skip - $1"; }

# check NAME CMD...: passes when CMD exits 0
check() { name=$1; shift; if "$@" >/dev/null 2>&1; then ok "$name"; else bad "$name" "command failed: $*"; fi; }

# run_mlsd ARGS...: runs the binary, stores exit code in RC, stdout+stderr in $OUT/last.log
run_mlsd() { "$MLSD" "$@" >"$OUT/last.log" 2>&1; RC=$?; }

# run_limited ARGS...: run_mlsd within the time limits above (a hang fails, not blocks).
run_limited() { limited "$MLSD" "$@" >"$OUT/last.log" 2>&1; RC=$?; }

# qpdf_ok NAME PDF: qpdf --check finds nothing wrong in PDF
qpdf_ok() {
    if qpdf --check "$2" >/dev/null 2>&1; then ok "$1: qpdf --check"; else bad "$1: qpdf --check" "$(qpdf --check "$2" 2>&1 | head -3)"; fi
}

expect_rc() { # NAME EXPECTED
    if [ "$RC" -eq "$2" ]; then ok "$1"; else bad "$1" "exit code $RC, expected $2; output: $(head -c 600 "$OUT/last.log")"; fi
}

expect_log() { # NAME PATTERN (grep -E on the last output)
    if grep -Eq -- "$2" "$OUT/last.log"; then ok "$1"; else bad "$1" "no /$2/ in: $(head -c 600 "$OUT/last.log")"; fi
}

expect_no_log() { # NAME PATTERN
    if grep -Eq -- "$2" "$OUT/last.log"; then bad "$1" "unexpected /$2/ in: $(grep -E -- "$2" "$OUT/last.log" | head -3)"; else ok "$1"; fi
}

expect_text() { # NAME PDF PATTERN (grep -E on pdftotext output)
    if pdftotext "$2" - 2>/dev/null | grep -Eq -- "$3"; then ok "$1"; else bad "$1" "no /$3/ in the text of $2"; fi
}

# A copy of a fixture in the scratch dir, so tests can edit it.
fixture_copy() { rm -rf "$OUT/$2"; cp -R "$FIX/$1" "$OUT/$2"; }

finish() { echo "$PASS passed, $FAIL failed, $SKIP skipped"; [ "$FAIL" -eq 0 ]; }
# The item lines of an MLSD_DUMP=vlist or MLSD_DUMP=pages dump in FILE (diagnostics go to stderr too).
dump_lines() { grep -E '^(doc|page|box|notes \{|\}|text|fill|stroke|line|image|svg|link|dest|math|outline|struct)( |$)' "$1"; }
