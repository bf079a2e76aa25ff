#!/bin/sh
# Variables and calc blocks: a book whose numbers come from book.yaml, a data
# file and front matter, computed in ```calc blocks and quoted with `=name`.
# The PDF shows the worked arithmetic and the formatted quotes; changing one
# input in the data file changes every dependent number; `vars` lists every
# variable with where it is defined and used; every error has its position.
. "$ROOT/tests/lib.sh"

export LC_ALL="${LC_ALL:-C.UTF-8}" NO_COLOR=1 SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1700000000}"
B="$OUT/vars-book"
rm -rf "$B" && mkdir -p "$B/chapters"

cat >"$B/book.yaml" <<'EOF'
title: Sizing with variables
variables:
  peak_factor: 3
  bytes_per_request: 2 KB/request
variables_file: scenario.yaml
chapters:
  - chapters/01-sizing.md
  - chapters/02-quotes.md
  - chapters/03-case.md
EOF
cat >"$B/scenario.yaml" <<'EOF'
# The running scenario: change a number here and every page follows.
dau: 50e6 users
requests_per_user: 20 requests/user/day
qps_per_gpu: 500 QPS/GPU
gpu_price: $2.10/GPU/hour
EOF
cat >"$B/chapters/01-sizing.md" <<'EOF'
# Sizing

The scenario has `=dau` daily active users.

```calc
# Traffic
avg_qps = dau * requests_per_user in QPS
peak_qps = avg_qps * peak_factor in QPS; 2sf
storage_per_year = dau * requests_per_user * bytes_per_request * 1 year in TB; 2sf
gpus = ceil(peak_qps / qps_per_gpu)
monthly_cost = gpus * gpu_price * 100 in $/month; 2sf
```

Peak is `=peak_qps`, storage `=storage_per_year`.
EOF
cat >"$B/chapters/02-quotes.md" <<'EOF'
# Quotes

Elsewhere the same peak: `=peak_qps` for `=gpus` and `=monthly_cost; approx`.
Latency `=250 ms + 30 ms`, bandwidth `=3.35 TB/s`, a GiB is `=1 GiB in GB; 4sf`.
EOF
cat >"$B/chapters/03-case.md" <<'EOF'
---
title: A case study
variables:
  dau: 2e6 users
---

```calc
case_qps = dau * requests_per_user * peak_factor in QPS; 2sf
```

This case peaks at `=case_qps` with `=dau`.
EOF

PDF="$OUT/vars.pdf"
# The PDF's text, no-break spaces (between a quoted number and its unit) as spaces.
pdftext() { pdftotext "$PDF" - 2>/dev/null | sed 's/\xc2\xa0/ /g' >"$OUT/vars.txt"; }
run_mlsd build -c "$B/book.yaml" -o "$PDF"
expect_rc "vars: book with variables builds" 0
pdftext
has() { # NAME PATTERN (fixed string in the PDF text)
    if grep -Fq -- "$2" "$OUT/vars.txt"; then ok "$1"; else bad "$1" "no '$2' in the PDF text"; fi
}
lacks() {
    if grep -Fq -- "$2" "$OUT/vars.txt"; then bad "$1" "'$2' is still in the PDF text"; else ok "$1"; fi
}
has "vars: calc line shows the formula" "peak_qps = avg_qps × peak_factor"
has "vars: calc line shows the numbers substituted" "= 11,600 QPS × 3"
has "vars: calc result is rounded as asked (2sf, ≈)" "≈ 35,000 QPS"
has "vars: substitution of variables from the data file" "= 50,000,000 users × 20 requests/user/day"
has "vars: result converted to the unit asked (exact: =)" "= 730 TB"
has "vars: ceil() in a calc block" "= ceil(35,000 QPS / (500 QPS/GPU))"
has "vars: comment lines are kept" "# Traffic"
has "vars: quote in the same chapter" "Peak is 35,000 QPS, storage 730 TB."
has "vars: quote in another chapter" "Elsewhere the same peak: 35,000 QPS for 70 GPUs"
has "vars: money per month with approx" "≈ \$11M/month"
has "vars: expression quoted, number and unit kept together" "280 ms"
has "vars: unit kept as written" "bandwidth 3.35 TB/s"
has "vars: binary and SI prefixes" "a GiB is 1.074 GB"
has "vars: front matter variables are the chapter's own" "This case peaks at 1,400 QPS with 2,000,000 users."
has "vars: the book's dau in quotes outside the case" "The scenario has 50,000,000 users daily"
lacks "vars: no quote left as code" "=peak_qps"
if pdffonts "$PDF" 2>/dev/null | grep -q "JetBrainsMono-Bold"; then ok "vars: calc results set in bold (monospace bold embedded)"
else bad "vars: calc results set in bold" "no JetBrainsMono-Bold in pdffonts"; fi

# `vars` lists every variable, its value, where it is defined and used.
run_mlsd vars -c "$B/book.yaml"
expect_rc "vars command: exit 0" 0
expect_log "vars command: data-file variable with its uses" "dau +50,000,000 users +.*scenario.yaml:2:1 \(variables file\) +used at .*01-sizing.md:3:20"
expect_log "vars command: calc variable used in another chapter" "peak_qps +35,000 QPS +.*01-sizing.md:8:1 \(calc block\) +used at .*01-sizing.md:10:13, .*01-sizing.md:14:11, .*02-quotes.md:3:28"
expect_log "vars command: front matter variables listed under their chapter" "03-case.md \(its own variables\)"
expect_log "vars command: unused variables say so" "storage_per_year .* used at|unused"

# One input changed in the data file: every dependent number changes.
sed -i 's/^dau: 50e6 users/dau: 100e6 users/' "$B/scenario.yaml"
run_mlsd build -c "$B/book.yaml" -o "$PDF"
expect_rc "vars: rebuild after changing dau" 0
pdftext
has "vars: changed input substituted" "= 100,000,000 users × 20 requests/user/day"
has "vars: dependent average" "= 23,100 QPS × 3"
has "vars: dependent peak in the calc block" "≈ 69,000 QPS"
has "vars: dependent storage" "≈ 1,500 TB"
has "vars: dependent quote in another chapter" "Elsewhere the same peak: 69,000 QPS for 139 GPUs"
has "vars: dependent cost" "≈ \$21M/month"
has "vars: the case study keeps its own dau" "This case peaks at 1,400 QPS with 2,000,000 users."
lacks "vars: old peak gone" "35,000 QPS"
lacks "vars: old storage gone" "730 TB"

# Errors: each with its position; nothing written.
E="$OUT/vars-errors"
rm -rf "$E" && mkdir -p "$E/chapters"
cat >"$E/book.yaml" <<'EOF'
title: Errors
variables:
  a: b + 1
  b: a * 2
  x: 5 users
  disk: 80 GB
variables_file: data.yaml
chapters:
  - chapters/01.md
EOF
printf 'x: 6 users\nlat: 20 ms\n' >"$E/data.yaml"
cat >"$E/chapters/01.md" <<'EOF'
# One

```calc
bad = disk + lat
zero = disk / (lat - 20 ms)
und = nothere * 2
open = 3 * (4 +
```

Quote `=disk in QPS` and `=missing`.
EOF
rm -f "$OUT/vars-errors.pdf"
run_mlsd build -c "$E/book.yaml" -o "$OUT/vars-errors.pdf"
expect_rc "vars errors: build fails" 1
expect_log "vars errors: unit mismatch at the operator" "chapters/01.md:4:12: error: unit mismatch: cannot add B and s"
expect_log "vars errors: division by zero at the operator" "chapters/01.md:5:13: error: division by zero"
expect_log "vars errors: undefined name" "chapters/01.md:6:7: error: undefined name 'nothere'"
expect_log "vars errors: syntax error at the end" "chapters/01.md:7:16: error: expected a number, a name or '\(', got 'end of expression'"
expect_log "vars errors: cycle" "book.yaml:4:6: error: cycle: 'a' depends on itself \(a → b → a\)"
expect_log "vars errors: defined twice names both places" "data.yaml:1:1: error: variable 'x' is defined twice with different values: 6 users here, 5 users at .*book.yaml:5:3"
expect_log "vars errors: quote shown in a unit of other dimensions" "chapters/01.md:10:9: error: unit mismatch: the quoted value is in B and cannot be shown in QPS"
expect_log "vars errors: undefined name in a quote" "chapters/01.md:10:28: error: undefined name 'missing'"
if [ -e "$OUT/vars-errors.pdf" ]; then bad "vars errors: no PDF written" "the PDF exists"; else ok "vars errors: no PDF written"; fi
run_mlsd check -c "$E/book.yaml"
expect_rc "vars errors: check fails" 1
expect_log "vars errors: check reports them" "chapters/01.md:5:13: error: division by zero"
run_mlsd vars -c "$E/book.yaml"
expect_rc "vars errors: vars command exits 1" 1
expect_log "vars errors: vars command marks failed variables" "bad +\(error\)"

# A data file outside the book's folder is refused.
printf 'y: 1\n' >"$OUT/outside.yaml"
sed -i 's/^variables_file: data.yaml/variables_file: ..\/outside.yaml/' "$E/book.yaml"
run_mlsd check -c "$E/book.yaml"
expect_log "vars errors: variables file outside the book" "book.yaml:7:17: error: variables file '../outside.yaml' is outside the book's folder"

finish
