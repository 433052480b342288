#!/usr/bin/env bash
# run.sh — the benchmark behind `make bench`.
#
#   bench/run.sh [BUILD]        (BUILD defaults to build)
#
# Needs BUILD/deal, BUILD/bench/lexonly, BUILD/bench/latency and the
# scenarios BUILD/bench/clauses-{10000,100000,1000000}.deal and
# clauses-1000000-d1.deal (one dispute: status quo + 3 outcomes; make bench
# builds them).  For each size it measures, as the median of several runs
# (hyperfine when available, else a timed loop), `deal check FILE`,
# `deal run FILE` (all worlds, output discarded), `deal run FILE --under O`
# (O the file's first outcome), `wc -l FILE` and `lexonly FILE`, with the
# peak RSS of the deal runs from /usr/bin/time -f %M; then the latency of
# one check and of adding one clause (BUILD/bench/latency).  Writes
# bench/RESULTS.md and prints it, with PASS/FAIL against the targets.
set -euo pipefail

BUILD=${1:-build}
DIR=$BUILD/bench
DEAL=$BUILD/deal
LEXONLY=$DIR/lexonly
LATENCY=$DIR/latency
SIZES=(10000 100000 1000000)
OUT=bench/RESULTS.md
RAW=$DIR/raw
mkdir -p "$RAW"

for f in "$DEAL" "$LEXONLY" "$LATENCY"; do
  [ -x "$f" ] || { echo "bench: $f is missing (run make bench)" >&2; exit 2; }
done
for n in "${SIZES[@]}" 1000000-d1; do
  [ -f "$DIR/clauses-$n.deal" ] || { echo "bench: $DIR/clauses-$n.deal is missing (run make bench)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }

# hyperfine if it is there or can be installed; else a timed loop.
# (BENCH_TIMER=loop forces the loop.)
if [ "${BENCH_TIMER:-}" != loop ] && ! command -v hyperfine >/dev/null 2>&1 &&
   command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else SUDO=none; fi
  if [ "$SUDO" != none ]; then
    echo "bench: installing hyperfine" >&2
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq hyperfine; } >/dev/null 2>&1 ||
      echo "bench: could not install hyperfine; timing with a loop" >&2
  fi
fi
if [ "${BENCH_TIMER:-}" != loop ] && command -v hyperfine >/dev/null 2>&1 &&
   command -v jq >/dev/null 2>&1; then
  TIMER="hyperfine $(hyperfine --version | awk '{print $2}')"
else
  TIMER="loop of /usr/bin/time"
fi

calc() { awk "BEGIN { printf \"$1\", $2 }"; }

# measure TAG RUNS WARMUP RSS(0|1) CMD...: prints the median, min and max
# wall time in seconds; with RSS=1 the peak RSS in KB (max over the runs) goes to
# $RAW/TAG.rss.
measure() {
  local tag=$1 runs=$2 warm=$3 rss=$4
  shift 4
  local rssf=$RAW/$tag.rss
  rm -f "$rssf"
  local cmd=("$@")
  if [ "$rss" = 1 ]; then cmd=(/usr/bin/time -a -o "$rssf" -f '%M %U %S' "$@"); fi
  echo "$warm" > "$RAW/$tag.warm"
  if [[ $TIMER == hyperfine* ]]; then
    local q=""
    for a in "${cmd[@]}"; do q+="${q:+ }$(printf %q "$a")"; done
    hyperfine -N --style none --runs "$runs" --warmup "$warm" \
      --export-json "$RAW/$tag.json" "$q" >/dev/null 2>"$RAW/$tag.err" ||
      { cat "$RAW/$tag.err" >&2; echo "bench: $tag failed" >&2; exit 2; }
    jq -r '.results[0] | "\(.median) \(.min) \(.max)"' "$RAW/$tag.json"
  else
    local i ts=()
    for ((i = 0; i < warm; i++)); do "${cmd[@]}" >/dev/null 2>&1; done
    for ((i = 0; i < runs; i++)); do
      local t0=$EPOCHREALTIME
      "${cmd[@]}" >/dev/null 2>"$RAW/$tag.err" ||
        { cat "$RAW/$tag.err" >&2; echo "bench: $tag failed" >&2; exit 2; }
      ts+=("$(calc %.6f "$EPOCHREALTIME - $t0")")
    done
    printf '%s\n' "${ts[@]}" | sort -g | awk '{ v[NR] = $1 } END { print ((NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[1], v[NR] }'
  fi
}
# Peak RSS (KB, max over the runs) and median CPU time (user + sys, s,
# warm-up runs left out) from the /usr/bin/time log of a measure.
rss_kb() { awk '$1 ~ /^[0-9]+$/ && NF == 3 { print $1 }' "$RAW/$1.rss" | sort -n | tail -1; }
cpu_s() {
  awk -v w="$(cat "$RAW/$1.warm")" '$1 ~ /^[0-9]+$/ && NF == 3 && ++k > w { print $2 + $3 }' "$RAW/$1.rss" |
    sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

declare -A R
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for n in "${SIZES[@]}"; do
  f=$DIR/clauses-$n.deal
  echo "bench: $n clauses ($f)" >&2
  R[$n,bytes]=$(stat -c %s "$f")
  R[$n,lines]=$(wc -l < "$f")
  info=$("$DEAL" check "$f")
  R[$n,clauses]=$(sed -E 's/.* ([0-9]+) clauses.*/\1/' <<<"$info")
  R[$n,outcomes]=$(sed -E 's/.* ([0-9]+) outcomes.*/\1/' <<<"$info")
  R[$n,worlds]=$((${R[$n,outcomes]} + 1))
  R[$n,first_outcome]=$(grep -m1 -oE '^[[:space:]]*outcome[[:space:]]+[A-Za-z_][A-Za-z0-9_]*' "$f" | awk '{print $2}')
  big=$([ "$n" -ge 1000000 ] && echo 1 || echo 0)

  echo "bench:   wc -l, lexonly" >&2
  read -r "R[$n,wc]" "R[$n,wc_min]" "R[$n,wc_max]" < <(measure "wc-$n" 5 1 0 wc -l "$f")
  read -r "R[$n,lex]" "R[$n,lex_min]" "R[$n,lex_max]" < <(measure "lexonly-$n" 5 1 0 "$LEXONLY" "$f")
  "$LEXONLY" "$f" > "$RAW/lexonly-$n.counts"
  R[$n,tokens]=$(awk '{print $2}' "$RAW/lexonly-$n.counts")

  echo "bench:   deal check" >&2
  read -r "R[$n,check]" "R[$n,check_min]" "R[$n,check_max]" < <(measure "check-$n" 5 1 1 "$DEAL" check "$f")
  R[$n,check_rss]=$(rss_kb "check-$n")
  R[$n,check_cpu]=$(cpu_s "check-$n")

  echo "bench:   deal run (all ${R[$n,worlds]} worlds)" >&2
  if [ "$big" = 1 ]; then runs=3 warm=0; else runs=5 warm=1; fi
  read -r "R[$n,run]" "R[$n,run_min]" "R[$n,run_max]" < <(measure "run-$n" $runs $warm 1 "$DEAL" run "$f")
  R[$n,run_runs]=$runs
  R[$n,run_rss]=$(rss_kb "run-$n")
  R[$n,run_cpu]=$(cpu_s "run-$n")

  echo "bench:   deal run --under ${R[$n,first_outcome]}" >&2
  read -r "R[$n,under]" "R[$n,under_min]" "R[$n,under_max]" < <(measure "under-$n" 5 $((1 - big)) 1 "$DEAL" run "$f" --under "${R[$n,first_outcome]}")
  R[$n,under_rss]=$(rss_kb "under-$n")
  R[$n,under_cpu]=$(cpu_s "under-$n")

  echo "bench:   latency (1000 checks, 20 added clauses)" >&2
  "$LATENCY" "$f" 1000 20 > "$RAW/latency-$n.txt"
  lat() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print }' "$RAW/latency-$n.txt"; }
  R[$n,key]=$(lat key)
  R[$n,check_us]=$(lat check_us_median)
  R[$n,add_us]=$(lat add_us_median)
  R[$n,add_key]=$(lat add_key)
done

# status quo + 3 outcomes at 1M, measured on the one-dispute file
f4=$DIR/clauses-1000000-d1.deal
echo "bench: 1M clauses, one dispute ($f4): deal run" >&2
W4=$(( $("$DEAL" check "$f4" | sed -E 's/.* ([0-9]+) outcomes.*/\1/') + 1 ))
read -r RUN4 RUN4_MIN RUN4_MAX < <(measure "run4" 3 0 1 "$DEAL" run "$f4")
RUN4_RSS=$(rss_kb run4)
RUN4_CPU=$(cpu_s run4)

# derived numbers
for n in "${SIZES[@]}"; do
  b=${R[$n,bytes]} c=${R[$n,check]} r=${R[$n,run]} w=${R[$n,worlds]}
  R[$n,mb]=$(calc %.2f "$b / 1e6")
  R[$n,mbps]=$(calc %.1f "$b / 1e6 / $c")
  R[$n,cps]=$(calc %.0f "${R[$n,clauses]} / $c")
  R[$n,per_world]=$(calc %.4f "($r - $c) / $w")
  R[$n,est4]=$(calc %.2f "$c + 4 * ($r - $c) / $w")
  R[$n,r_lex]=$(calc %.1f "$c / ${R[$n,lex]}")
  R[$n,r_wc]=$(calc %.0f "$c / ${R[$n,wc]}")
  for k in check_rss run_rss under_rss; do
    R[$n,${k}_mb]=$(calc %.0f "${R[$n,$k]} / 1024")
    R[$n,${k}_x]=$(calc %.1f "${R[$n,$k]} * 1024 / $b")
  done
  R[$n,add_ms]=$(calc %.2f "${R[$n,add_us]} / 1000")
done
ratio_check=$(calc %.2f "${R[1000000,check]} / ${R[100000,check]}")
ratio_run=$(calc %.2f "${R[1000000,run]} / ${R[100000,run]}")
ratio_check_small=$(calc %.2f "${R[100000,check]} / ${R[10000,check]}")
ratio_world=$(calc %.2f "${R[1000000,per_world]} / ${R[100000,per_world]}")
ratio_run_small=$(calc %.2f "${R[100000,run]} / ${R[10000,run]}")
# the same number of worlds at both sizes (2): the all-worlds run is not
ratio_under=$(calc %.2f "${R[1000000,under]} / ${R[100000,under]}")

s() { calc %.3f "$1"; }
row() { # label key [format]
  local l=$1 k=$2
  printf '| %s | %s | %s | %s |\n' "$l" "${R[10000,$k]}" "${R[100000,$k]}" "${R[1000000,$k]}"
}
rows() { # label key: seconds
  printf '| %s | %s | %s | %s |\n' "$1" "$(s "${R[10000,$2]}")" "$(s "${R[100000,$2]}")" "$(s "${R[1000000,$2]}")"
}
range() { # label key: min – max seconds
  printf '| %s | %s – %s | %s – %s | %s – %s |\n' "$1" \
    "$(s "${R[10000,$2_min]}")" "$(s "${R[10000,$2_max]}")" \
    "$(s "${R[100000,$2_min]}")" "$(s "${R[100000,$2_max]}")" \
    "$(s "${R[1000000,$2_min]}")" "$(s "${R[1000000,$2_max]}")"
}
pf() { if awk "BEGIN { exit !($1) }"; then echo PASS; else echo FAIL; fi; }

M=1000000
max_rss=${R[$M,check_rss]}
for k in run_rss under_rss; do
  if [ "${R[$M,$k]}" -gt "$max_rss" ]; then max_rss=${R[$M,$k]}; fi
done
check_rss_x=${R[$M,check_rss_x]}
run4_rss_x=$(calc %.1f "$RUN4_RSS * 1024 / ${R[$M,bytes]}")
max_rss_x=$(calc %.1f "$max_rss * 1024 / ${R[$M,bytes]}")

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  commit="$commit (working tree has uncommitted changes)"
fi
cpu=$(grep -m1 '^model name' /proc/cpuinfo | sed 's/^[^:]*: *//')
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)

{
  echo "# deal benchmark results"
  echo
  echo "Generated by \`make bench\` (bench/run.sh); do not edit by hand."
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- git commit: $commit"
  echo "- machine: $(nproc) CPUs, $cpu, $mem RAM, $(uname -sr)"
  echo "- compiler: $($(command -v "${CC:-cc}") --version 2>/dev/null | head -1); flex $(flex --version | awk '{print $2}')"
  echo "- load average (1, 5, 15 min) at start: $load_start; at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- timing: $TIMER; median of 5 runs (deal run at 1M: ${R[$M,run_runs]} runs); peak RSS from /usr/bin/time -f %M (KiB; shown in MiB), max over the runs; file sizes in MB of 10^6 bytes; ratios in bytes"
  echo "- scenarios: \`build/gen --clauses N --seed 1\` in $DIR/, and \`--disputes 1\` for the 4-world run"
  echo
  echo "## Results"
  echo
  echo "| | 10k | 100k | 1M |"
  echo "|---|---:|---:|---:|"
  row "file size (MB)" mb
  row "lines" lines
  row "clauses" clauses
  row "tokens (lexonly)" tokens
  rows "\`deal check FILE\` (s)" check
  range "&nbsp;&nbsp;min – max (s)" check
  rows "&nbsp;&nbsp;CPU time, user + sys (s)" check_cpu
  row "&nbsp;&nbsp;throughput (MB/s)" mbps
  row "&nbsp;&nbsp;throughput (clauses/s)" cps
  row "&nbsp;&nbsp;peak RSS (MiB)" check_rss_mb
  row "&nbsp;&nbsp;peak RSS / file size" check_rss_x
  rows "\`deal run FILE >/dev/null\`, all worlds (s)" run
  range "&nbsp;&nbsp;min – max (s)" run
  rows "&nbsp;&nbsp;CPU time, user + sys (s)" run_cpu
  row "&nbsp;&nbsp;worlds (status quo + each outcome)" worlds
  row "&nbsp;&nbsp;time per world, (run − check) / worlds (s)" per_world
  row "&nbsp;&nbsp;est. status quo + 3 outcomes, check + 4 × per world (s)" est4
  row "&nbsp;&nbsp;peak RSS (MiB)" run_rss_mb
  row "&nbsp;&nbsp;peak RSS / file size" run_rss_x
  rows "\`deal run FILE --under O\` (2 worlds) (s)" under
  rows "&nbsp;&nbsp;CPU time, user + sys (s)" under_cpu
  row "&nbsp;&nbsp;O (first outcome)" first_outcome
  row "&nbsp;&nbsp;peak RSS (MiB)" under_rss_mb
  rows "\`wc -l FILE\` (s)" wc
  rows "\`lexonly FILE\` (s)" lex
  row "deal check / lexonly" r_lex
  row "deal check / wc -l" r_wc
  row "one check: parse_check + resolve_expect + eval_check, median of 1000 (µs)" check_us
  row "add one clause + check, median of 20 (ms)" add_ms
  echo
  echo "Checked key: 10k \`${R[10000,key]}\`, 100k \`${R[100000,key]}\`, 1M \`${R[$M,key]}\`;"
  echo "the added clause is \`clause added: ${R[$M,add_key]};\` in a new agreement (1M)."
  echo
  echo "Status quo + 3 outcomes at 1M (\`build/gen --clauses 1000000 --seed 1 --disputes 1\`,"
  echo "$W4 worlds): \`deal run FILE >/dev/null\` $(s "$RUN4") s (min – max $(s "$RUN4_MIN") – $(s "$RUN4_MAX")),"
  echo "CPU $(s "$RUN4_CPU") s, peak RSS $((RUN4_RSS / 1024)) MiB (${run4_rss_x} × the file)."
  echo
  echo "Scaling: 1M/100k time ratio — check $ratio_check, run --under O (2 worlds at both sizes) $ratio_under,"
  echo "run of all worlds $ratio_run (100k/10k — check $ratio_check_small, run $ratio_run_small; 10 means linear)."
  echo "The generator gives the larger files more disputes, so \`deal run\` evaluates"
  echo "${R[10000,worlds]}, ${R[100000,worlds]} and ${R[1000000,worlds]} worlds; per world the 1M/100k ratio is $ratio_world."
  echo
  echo "## Targets (at 1M clauses)"
  echo
  echo "| target | measured | |"
  echo "|---|---:|---|"
  echo "| \`deal check\` ≤ 1.5 s | $(s "${R[$M,check]}") s | $(pf "${R[$M,check]} <= 1.5") |"
  echo "| \`deal run\` status quo + 3 outcomes ≤ 4 s (measured, $W4 worlds) | $(s "$RUN4") s | $(pf "$RUN4 <= 4") |"
  echo "| peak RSS ≤ 8 × file size, \`deal check\` | ${check_rss_x} × (${R[$M,check_rss_mb]} MiB) | $(pf "${R[$M,check_rss]} * 1024 <= 8 * ${R[$M,bytes]}") |"
  echo "| peak RSS ≤ 8 × file size, \`deal run\` of 4 worlds | ${run4_rss_x} × ($((RUN4_RSS / 1024)) MiB) | $(pf "$RUN4_RSS * 1024 <= 8 * ${R[$M,bytes]}") |"
  echo "| peak RSS ≤ 8 × file size (max of check, run of all worlds, run --under) | ${max_rss_x} × ($((max_rss / 1024)) MiB) | $(pf "$max_rss * 1024 <= 8 * ${R[$M,bytes]}") |"
  echo "| one check ≤ 1 ms | ${R[$M,check_us]} µs | $(pf "${R[$M,check_us]} <= 1000") |"
  echo "| add clause + check ≤ 50 ms | ${R[$M,add_ms]} ms | $(pf "${R[$M,add_us]} <= 50000") |"
  echo "| 1M/100k time ratio < 11, check | $ratio_check | $(pf "$ratio_check < 11") |"
  echo "| 1M/100k time ratio < 11, run --under O (2 worlds at both sizes) | $ratio_under | $(pf "$ratio_under < 11") |"
  echo "| 1M/100k time ratio < 11, run of all worlds (10 and 64 worlds) | $ratio_run | $(pf "$ratio_run < 11") |"
  echo
  echo "Targets are judged on wall time.  deal gives a large input a second"
  echo "thread (the scanner, half the clauses' resolution, half a report's slots"
  echo "and breach map), so its CPU time exceeds its wall time.  When the"
  echo "load average above exceeds the CPU count, other processes shared the"
  echo "CPUs and the times are not the engine's alone."
  echo
  echo "The estimate row above (load plus four times the mean cost of one world"
  echo "of the all-worlds run) is kept for comparison with the measured 4-world run."
  echo "Raw hyperfine JSON, RSS logs and latency output: \`$RAW/\`."
} > "$OUT"
cat "$OUT"
