#!/usr/bin/env bash
# run.sh — the benchmark behind `make bench`.
#
#   bench/run.sh [BUILD]        (BUILD defaults to build)
#
# Needs BUILD/deal, BUILD/bench/lexonly, BUILD/bench/latency and, for each
# of two families of scenarios, BUILD/bench/FAMILY-{10000,100000,1000000}.deal
# and FAMILY-1000000-d1.deal (one dispute: status quo + 3 outcomes; make
# bench builds them with build/gen):
#   clauses       clauses spread over many products (gen's default shape);
#   many-parties  many parties licensing few products (gen --shape
#                 many-parties: 2000 parties, 300 products, 3 disputes).
# For each file it measures, as the median of several runs (hyperfine when
# available, else a timed loop), `deal check FILE`, `deal run FILE` (all
# worlds, output discarded), `deal run FILE --under O` (O the file's first
# outcome), `deal run FILE --format json --all` (output discarded; its size
# counted by wc -c on the first run), `wc -l FILE` and `lexonly FILE`, with
# the peak RSS of the deal runs from /usr/bin/time -f %M; then the latency
# of one check, of one `when` and of adding one clause (BUILD/bench/latency);
# and, on each one-dispute file, `deal timeline` (and `deal timeline --all`,
# the whole text) against `deal run` of the
# same four worlds.  Writes
# bench/RESULTS.md and prints it, with PASS/FAIL against the targets,
# among them the growth per doubling of every command from 100k to 1M.
#
# Every command runs under a time limit of BENCH_TIMEOUT seconds (300): a
# run that reaches it is reported as "> LIMIT s (timed out)" and fails its
# targets.  A command whose first run takes BENCH_LONG seconds (60) or
# more is measured by that run alone.  BENCH_TIMER=loop forces the loop.
set -euo pipefail

BUILD=${1:-build}
DIR=$BUILD/bench
DEAL=$BUILD/deal
LEXONLY=$DIR/lexonly
LATENCY=$DIR/latency
SIZES=(10000 100000 1000000)
FAMS=(clauses many-parties)
declare -A FAM_TITLE=([clauses]="Clauses spread over many products"
                      [many-parties]="Many parties, few products")
declare -A FAM_GEN=([clauses]="" [many-parties]=" --shape many-parties")
LIMIT=${BENCH_TIMEOUT:-300}
LONG=${BENCH_LONG:-60}
OUT=bench/RESULTS.md
RAW=$DIR/raw
mkdir -p "$RAW"

[[ $LIMIT =~ ^[0-9]+$ && $LIMIT -gt 0 ]] || { echo "bench: BENCH_TIMEOUT wants a number of seconds" >&2; exit 2; }
[[ $LONG =~ ^[0-9]+$ ]] || { echo "bench: BENCH_LONG wants a number of seconds" >&2; exit 2; }
for f in "$DEAL" "$LEXONLY" "$LATENCY"; do
  [ -x "$f" ] || { echo "bench: $f is missing (run make bench)" >&2; exit 2; }
done
for fam in "${FAMS[@]}"; do
  for n in "${SIZES[@]}" 1000000-d1; do
    [ -f "$DIR/$fam-$n.deal" ] || { echo "bench: $DIR/$fam-$n.deal is missing (run make bench)" >&2; exit 2; }
  done
done
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
command -v timeout >/dev/null 2>&1 || { echo "bench: timeout is missing (coreutils)" >&2; exit 2; }

# hyperfine if it is there or can be installed; else a timed loop.
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
isnum() { [[ ${1:-} =~ ^[0-9]+(\.[0-9]+)?(e-?[0-9]+)?$ ]]; }
# the exit status of a run stopped by timeout (TERM, or KILL 10 s later)
stopped() { [ "$1" = 124 ] || [ "$1" = 137 ]; }

# measure TAG RUNS WARMUP RSS(0|1) CMD...: runs CMD once, under the time
# limit, its output counted (bytes to $RAW/TAG.size): the first warm-up.
# If that run reached the limit, the result is "T T T 0".  If it took
# BENCH_LONG seconds or more, it is the measurement: "t t t 1".  Else
# WARMUP - 1 more warm-up runs and RUNS timed runs, each under the limit,
# and the result is "median min max RUNS" of the wall times in seconds (or
# "T T T 0" if one reached the limit).  The result goes to $RAW/TAG.res.
# With RSS=1 the peak RSS in KB and the CPU times of every run go to
# $RAW/TAG.rss, and $RAW/TAG.warm says how many of its lines are warm-ups.
measure() {
  local tag=$1 runs=$2 warm=$3 rss=$4
  shift 4
  local rssf=$RAW/$tag.rss res=$RAW/$tag.res
  rm -f "$rssf" "$res" "$RAW/$tag.json"
  local cmd=(timeout -k 10 "$LIMIT" "$@")
  if [ "$rss" = 1 ]; then cmd=(/usr/bin/time -a -o "$rssf" -f '%M %U %S' "${cmd[@]}"); fi
  local st t0=$EPOCHREALTIME t1
  set +e
  "${cmd[@]}" 2>"$RAW/$tag.err" | wc -c > "$RAW/$tag.size"
  st=${PIPESTATUS[0]}
  set -e
  t1=$(calc %.6f "$EPOCHREALTIME - $t0")
  if stopped "$st"; then
    echo 1 > "$RAW/$tag.warm"
    echo "T T T 0" > "$res"
    return
  fi
  [ "$st" = 0 ] || { cat "$RAW/$tag.err" >&2; echo "bench: $tag failed (exit status $st)" >&2; exit 2; }
  if awk "BEGIN { exit !($t1 >= $LONG) }"; then
    echo 0 > "$RAW/$tag.warm"
    echo "$t1 $t1 $t1 1" > "$res"
    return
  fi
  warm=$((warm > 1 ? warm - 1 : 0))
  echo $((warm + 1)) > "$RAW/$tag.warm"
  if [[ $TIMER == hyperfine* ]]; then
    local q=""
    for a in "${cmd[@]}"; do q+="${q:+ }$(printf %q "$a")"; done
    # -i: a run stopped by the limit is found in the exit codes below
    hyperfine -N -i --style none --runs "$runs" --warmup "$warm" \
      --export-json "$RAW/$tag.json" "$q" >/dev/null 2>"$RAW/$tag.err" ||
      { cat "$RAW/$tag.err" >&2; echo "bench: $tag failed" >&2; exit 2; }
    local codes
    codes=$(jq -r '.results[0].exit_codes | map(tostring) | join(" ")' "$RAW/$tag.json")
    for st in $codes; do
      if stopped "$st"; then echo "T T T 0" > "$res"; return; fi
      [ "$st" = 0 ] || { echo "bench: $tag failed (exit status $st)" >&2; exit 2; }
    done
    jq -r --arg n "$runs" '.results[0] | "\(.median) \(.min) \(.max) \($n)"' "$RAW/$tag.json" > "$res"
  else
    local i ts=()
    for ((i = 0; i < warm; i++)); do "${cmd[@]}" >/dev/null 2>&1 || true; done
    for ((i = 0; i < runs; i++)); do
      t0=$EPOCHREALTIME
      set +e
      "${cmd[@]}" >/dev/null 2>"$RAW/$tag.err"
      st=$?
      set -e
      if stopped "$st"; then echo "T T T 0" > "$res"; return; fi
      [ "$st" = 0 ] || { cat "$RAW/$tag.err" >&2; echo "bench: $tag failed (exit status $st)" >&2; exit 2; }
      ts+=("$(calc %.6f "$EPOCHREALTIME - $t0")")
    done
    printf '%s\n' "${ts[@]}" | sort -g |
      awk -v n="$runs" '{ v[NR] = $1 } END { print ((NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[1], v[NR], n }' > "$res"
  fi
}
# Peak RSS (KB, max over the runs, warm-ups and a run stopped by the limit
# included) and median CPU time (user + sys, s, warm-ups left out) from the
# /usr/bin/time log of a measure.
rss_kb() { awk '$1 ~ /^[0-9]+$/ && NF == 3 { print $1 }' "$RAW/$1.rss" | sort -n | tail -1; }
cpu_s() {
  awk -v w="$(cat "$RAW/$1.warm")" '$1 ~ /^[0-9]+$/ && NF == 3 && ++k > w { print $2 + $3 }' "$RAW/$1.rss" |
    sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; else print "T" }'
}

declare -A R
# m KEY TAG RUNS WARMUP RSS CMD...: measure into R[KEY], R[KEY_min],
# R[KEY_max], R[KEY_runs], and with RSS=1 R[KEY_rss], R[KEY_cpu].
m() {
  local key=$1 tag=$2
  shift 2
  measure "$tag" "$@"
  read -r "R[$key]" "R[${key}_min]" "R[${key}_max]" "R[${key}_runs]" < "$RAW/$tag.res"
  R[${key}_size]=$(cat "$RAW/$tag.size")
  if [ "$3" = 1 ]; then
    R[${key}_rss]=$(rss_kb "$tag")
    R[${key}_cpu]=$(cpu_s "$tag")
  fi
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for fam in "${FAMS[@]}"; do
  for n in "${SIZES[@]}"; do
    f=$DIR/$fam-$n.deal
    k=$fam:$n
    echo "bench: $fam, $n clauses ($f)" >&2
    R[$k,bytes]=$(stat -L -c %s "$f")
    R[$k,lines]=$(wc -l < "$f")
    info=$("$DEAL" check "$f")
    R[$k,parties]=$(sed -E 's/.*: ([0-9]+) parties.*/\1/' <<<"$info")
    R[$k,clauses]=$(sed -E 's/.* ([0-9]+) clauses.*/\1/' <<<"$info")
    R[$k,outcomes]=$(sed -E 's/.* ([0-9]+) outcomes.*/\1/' <<<"$info")
    R[$k,products]=$(grep -c '^product ' "$f")
    R[$k,worlds]=$((${R[$k,outcomes]} + 1))
    R[$k,first_outcome]=$(grep -m1 -oE '^[[:space:]]*outcome[[:space:]]+[A-Za-z_][A-Za-z0-9_]*' "$f" | awk '{print $2}')
    big=$([ "$n" -ge 1000000 ] && echo 1 || echo 0)

    echo "bench:   wc -l, lexonly" >&2
    m "$k,wc" "$fam-wc-$n" 5 1 0 wc -l "$f"
    m "$k,lex" "$fam-lexonly-$n" 5 1 0 "$LEXONLY" "$f"
    "$LEXONLY" "$f" > "$RAW/$fam-lexonly-$n.counts"
    R[$k,tokens]=$(awk '{print $2}' "$RAW/$fam-lexonly-$n.counts")

    echo "bench:   deal check" >&2
    m "$k,check" "$fam-check-$n" 5 1 1 "$DEAL" check "$f"

    echo "bench:   deal run (all ${R[$k,worlds]} worlds)" >&2
    if [ "$big" = 1 ]; then runs=3 warm=0; else runs=5 warm=1; fi
    m "$k,run" "$fam-run-$n" $runs $warm 1 "$DEAL" run "$f"

    echo "bench:   deal run --under ${R[$k,first_outcome]}" >&2
    m "$k,under" "$fam-under-$n" 5 $((1 - big)) 1 "$DEAL" run "$f" --under "${R[$k,first_outcome]}"

    echo "bench:   deal run --format json --all" >&2
    m "$k,json" "$fam-json-$n" $runs $warm 1 "$DEAL" run "$f" --format json --all

    echo "bench:   latency (1000 checks, 20 added clauses)" >&2
    if timeout -k 10 "$LIMIT" "$LATENCY" "$f" 1000 20 > "$RAW/$fam-latency-$n.txt"; then :; else
      echo "bench:   latency failed or reached the limit" >&2; : > "$RAW/$fam-latency-$n.txt"
    fi
    lat() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print }' "$RAW/$fam-latency-$n.txt"; }
    R[$k,key]=$(lat key)
    R[$k,check_us]=$(lat check_us_median)
    R[$k,when_us]=$(lat when_us_median)
    R[$k,add_us]=$(lat add_us_median)
    R[$k,add_key]=$(lat add_key)
  done

  # status quo + 3 outcomes at 1M, measured on the one-dispute file
  f4=$DIR/$fam-1000000-d1.deal
  k=$fam:d1
  echo "bench: $fam, 1M clauses, one dispute ($f4): deal check, deal run" >&2
  R[$k,bytes]=$(stat -L -c %s "$f4")
  R[$k,worlds]=$(( $("$DEAL" check "$f4" | sed -E 's/.* ([0-9]+) outcomes.*/\1/') + 1 ))
  m "$k,check" "$fam-check-d1" 5 1 1 "$DEAL" check "$f4"
  m "$k,run" "$fam-run4" 3 0 1 "$DEAL" run "$f4"
  echo "bench: $fam, 1M clauses, one dispute: deal timeline (the same worlds)" >&2
  m "$k,timeline" "$fam-timeline4" 3 0 1 "$DEAL" timeline "$f4"
  echo "bench: $fam, 1M clauses, one dispute: deal timeline --all (the whole text)" >&2
  m "$k,timeline_all" "$fam-timeline4-all" 3 0 1 "$DEAL" timeline --all "$f4"
done

# ---- the language server: diagnostics after a change ----
# bench/lsp_latency.py: didChange of the whole text to the diagnostics of
# that version, the median of 20 changes, on the seed scenario and at 100k
lsp_lat() {
  local f=$1 key=$2
  echo "bench: deal lsp, diagnostics after a change: $f" >&2
  if timeout -k 10 "$LIMIT" python3 bench/lsp_latency.py "$DEAL" "$f" 20 > "$RAW/lsp-$key.txt"; then :; else
    echo "bench:   deal lsp failed or reached the limit" >&2; : > "$RAW/lsp-$key.txt"
  fi
  R[lsp:$key]=$(awk '$1 == "lsp_ms_median" { print $2 }' "$RAW/lsp-$key.txt")
  R[lsp:$key,max]=$(awk '$1 == "lsp_ms_max" { print $2 }' "$RAW/lsp-$key.txt")
}
lsp_lat scenarios/openai-cloud.deal seed
lsp_lat "$DIR/clauses-100000.deal" 100k

# ---- against a base revision (BENCH_BASE_DEAL, BENCH_BASE_REV) ----
# The same 1M commands with both binaries, one right after the other.
BASE=${BENCH_BASE_DEAL:-}
if [ -n "$BASE" ]; then
  [ -x "$BASE" ] || { echo "bench: $BASE is missing" >&2; exit 2; }
  for fam in "${FAMS[@]}"; do
    echo "bench: $fam at 1M: this deal and the base (${BENCH_BASE_REV:-?}) side by side" >&2
    f=$DIR/$fam-1000000.deal f4=$DIR/$fam-1000000-d1.deal
    m "base:$fam,check,new" "base-$fam-check-new" 5 1 1 "$DEAL" check "$f"
    m "base:$fam,check,old" "base-$fam-check-old" 5 1 1 "$BASE" check "$f"
    m "base:$fam,run,new" "base-$fam-run-new" 3 1 1 "$DEAL" run "$f4"
    m "base:$fam,run,old" "base-$fam-run-old" 3 1 1 "$BASE" run "$f4"
  done
fi

# ---- derived numbers; "—" where a measurement is missing ----
# q FORMAT EXPR A B...: EXPR of $1, $2... formatted, or — if one is not a number
q() {
  local fmt=$1 e=$2
  shift 2
  local a i=1
  for a in "$@"; do
    isnum "$a" || { echo "—"; return; }
    e=${e//\$$i/($a)}
    i=$((i + 1))
  done
  calc "$fmt" "$e"
}
TO="> $LIMIT s (timed out)"
# seconds for the tables: the median, "> LIMIT (timed out)", or with "(1 run)"
s() {
  local v=$1 n=${2:-}
  if [ "$v" = T ]; then echo "> $LIMIT (timed out)"; return; fi
  isnum "$v" || { echo "—"; return; }
  if [ "$n" = 1 ]; then echo "$(calc %.3f "$v") (1 run)"; else calc %.3f "$v"; fi
}
# seconds for the targets: VALUE [RUNS]
ss() {
  if [ "$1" = T ]; then echo "$TO"; elif [ "${2:-}" = 1 ]; then echo "$(s "$1") s (1 run)"; else echo "$(s "$1") s"; fi
}
pf() { if awk "BEGIN { exit !($1) }" 2>/dev/null; then echo PASS; else echo FAIL; fi; }
# pfn EXPR A B...: PASS/FAIL of EXPR on numbers; FAIL if one is not a number
pfn() {
  local e=$1
  shift
  local a i=1
  for a in "$@"; do
    isnum "$a" || { echo FAIL; return; }
    e=${e//\$$i/($a)}
    i=$((i + 1))
  done
  pf "$e"
}
mib() { if isnum "${1:-}"; then calc %.0f "$1 / 1024"; else echo "—"; fi; }
mb() { if isnum "${1:-}"; then calc %.2f "$1 / 1e6"; else echo "—"; fi; }
# RSS cells: a run stopped by the limit had not reached its peak
rss_cell() { # KEY FMT(mib|x) BYTES
  local k=$1 v
  if [ "$2" = mib ]; then v=$(mib "${R[${k}_rss]:-}"); else v=$(q %.1f '$1 * 1024 / $2' "${R[${k}_rss]:-}" "$3"); fi
  if [ "${R[$k]}" = T ] && [ "$v" != "—" ]; then v="≥ $v"; fi
  echo "$v"
}
# Growth per doubling from 100k to 1M: (t_1M / t_100k)^(1 / log2 10).
# A 1M run stopped by the limit gives a lower bound from the limit.
growth() {
  local a=$1 b=$2
  if [ "$a" = T ]; then echo "—"; return; fi
  if [ "$b" = T ]; then echo "> $(q %.3f 'exp(log($1 / $2) * log(2) / log(10))' "$LIMIT" "$a")"; return; fi
  q %.3f 'exp(log($1 / $2) * log(2) / log(10))' "$b" "$a"
}
growth_pf() { if [ "$1" = T ] || [ "$2" = T ]; then echo FAIL; else pfn 'exp(log($1 / $2) * log(2) / log(10)) <= 2.3' "$2" "$1"; fi; }
ratio10() { # 1M/100k
  if [ "$1" = T ]; then echo "—"; elif [ "$2" = T ]; then echo "> $(q %.2f '$1 / $2' "$LIMIT" "$1")"; else q %.2f '$1 / $2' "$2" "$1"; fi
}

M=1000000
for fam in "${FAMS[@]}"; do
  for n in "${SIZES[@]}"; do
    k=$fam:$n
    b=${R[$k,bytes]} c=${R[$k,check]} r=${R[$k,run]} w=${R[$k,worlds]}
    R[$k,mb]=$(mb "$b")
    R[$k,mbps]=$(q %.1f '$1 / 1e6 / $2' "$b" "$c")
    R[$k,cps]=$(q %.0f '$1 / $2' "${R[$k,clauses]}" "$c")
    R[$k,per_world]=$(q %.4f '($1 - $2) / $3' "$r" "$c" "$w")
    R[$k,est4]=$(q %.2f '$1 + 4 * ($2 - $1) / $3' "$c" "$r" "$w")
    R[$k,r_lex]=$(q %.1f '$1 / $2' "$c" "${R[$k,lex]}")
    R[$k,r_wc]=$(q %.0f '$1 / $2' "$c" "${R[$k,wc]}")
    for x in check run under json; do
      R[$k,${x}_rss_mb]=$(rss_cell "$k,$x" mib)
      R[$k,${x}_rss_x]=$(rss_cell "$k,$x" x "$b")
    done
    R[$k,json_mb]=$(if [ "${R[$k,json]}" = T ]; then echo "≥ $(mb "${R[$k,json_size]}")"; else mb "${R[$k,json_size]}"; fi)
    R[$k,add_ms]=$(q %.2f '$1 / 1000' "${R[$k,add_us]}")
    for x in check run under json wc lex; do
      R[$k,${x}_s]=$(s "${R[$k,$x]}" "${R[$k,${x}_runs]}")
      R[$k,${x}_range]=$(if isnum "${R[$k,${x}_min]}"; then echo "$(s "${R[$k,${x}_min]}") – $(s "${R[$k,${x}_max]}")"; else s "${R[$k,$x]}"; fi)
      R[$k,${x}_cpu_s]=$(s "${R[$k,${x}_cpu]:-}")
    done
  done
  k=$fam:d1
  for x in check run timeline timeline_all; do
    R[$k,${x}_range]=$(if isnum "${R[$k,${x}_min]}"; then echo "$(s "${R[$k,${x}_min]}") – $(s "${R[$k,${x}_max]}")"; else s "${R[$k,$x]}"; fi)
  done
done

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  commit="$commit (working tree has uncommitted changes)"
fi
cpu=$(grep -m1 '^model name' /proc/cpuinfo | sed 's/^[^:]*: *//')
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)

row() { # label key
  printf '| %s | %s | %s | %s |\n' "$1" "${R[$fam:10000,$2]}" "${R[$fam:100000,$2]}" "${R[$fam:$M,$2]}"
}

family_table() {
  local fam=$1 k=$fam:$M d=$fam:d1
  echo "## ${FAM_TITLE[$fam]}"
  echo
  echo "\`build/gen --clauses N --seed 1${FAM_GEN[$fam]}\`: \`$DIR/$fam-N.deal\`."
  echo
  echo "| | 10k | 100k | 1M |"
  echo "|---|---:|---:|---:|"
  row "file size (MB)" mb
  row "lines" lines
  row "parties" parties
  row "products" products
  row "clauses" clauses
  row "tokens (lexonly)" tokens
  row "\`deal check FILE\` (s)" check_s
  row "&nbsp;&nbsp;min – max (s)" check_range
  row "&nbsp;&nbsp;CPU time, user + sys (s)" check_cpu_s
  row "&nbsp;&nbsp;throughput (MB/s)" mbps
  row "&nbsp;&nbsp;throughput (clauses/s)" cps
  row "&nbsp;&nbsp;peak RSS (MiB)" check_rss_mb
  row "&nbsp;&nbsp;peak RSS / file size" check_rss_x
  row "\`deal run FILE >/dev/null\`, all worlds (s)" run_s
  row "&nbsp;&nbsp;min – max (s)" run_range
  row "&nbsp;&nbsp;CPU time, user + sys (s)" run_cpu_s
  row "&nbsp;&nbsp;worlds (status quo + each outcome)" worlds
  row "&nbsp;&nbsp;time per world, (run − check) / worlds (s)" per_world
  row "&nbsp;&nbsp;est. status quo + 3 outcomes, check + 4 × per world (s)" est4
  row "&nbsp;&nbsp;peak RSS (MiB)" run_rss_mb
  row "&nbsp;&nbsp;peak RSS / file size" run_rss_x
  row "\`deal run FILE --under O\` (2 worlds) (s)" under_s
  row "&nbsp;&nbsp;CPU time, user + sys (s)" under_cpu_s
  row "&nbsp;&nbsp;O (first outcome)" first_outcome
  row "&nbsp;&nbsp;peak RSS (MiB)" under_rss_mb
  row "\`deal run FILE --format json --all >/dev/null\`, all worlds (s)" json_s
  row "&nbsp;&nbsp;min – max (s)" json_range
  row "&nbsp;&nbsp;CPU time, user + sys (s)" json_cpu_s
  row "&nbsp;&nbsp;output (MB, wc -c)" json_mb
  row "&nbsp;&nbsp;peak RSS (MiB)" json_rss_mb
  row "&nbsp;&nbsp;peak RSS / file size" json_rss_x
  row "\`wc -l FILE\` (s)" wc_s
  row "\`lexonly FILE\` (s)" lex_s
  row "deal check / lexonly" r_lex
  row "deal check / wc -l" r_wc
  row "one check: parse_check + resolve_expect + eval_check, median of 1000 (µs)" check_us
  row "one \`when\` of the same key, median of 200 (µs)" when_us
  row "add one clause + check, median of 20 (ms)" add_ms
  echo
  echo "Checked key: 10k \`${R[$fam:10000,key]}\`, 100k \`${R[$fam:100000,key]}\`, 1M \`${R[$k,key]}\`;"
  echo "the added clause is \`clause added: ${R[$k,add_key]};\` in a new agreement (1M)."
  echo
  echo "Status quo + 3 outcomes at 1M (\`build/gen --clauses 1000000 --seed 1${FAM_GEN[$fam]} --disputes 1\`,"
  echo "${R[$d,worlds]} worlds): \`deal run FILE >/dev/null\` $(ss "${R[$d,run]}" "${R[$d,run_runs]}") (min – max ${R[$d,run_range]}),"
  echo "CPU $(s "${R[$d,run_cpu]}") s, peak RSS $(rss_cell "$d,run" mib) MiB ($(rss_cell "$d,run" x "${R[$d,bytes]}") × the file);"
  echo "\`deal check FILE\` $(ss "${R[$d,check]}" "${R[$d,check_runs]}")."
  echo "\`deal timeline FILE >/dev/null\` of the same worlds $(ss "${R[$d,timeline]}" "${R[$d,timeline_runs]}") (min – max ${R[$d,timeline_range]}),"
  echo "CPU $(s "${R[$d,timeline_cpu]}") s, peak RSS $(rss_cell "$d,timeline" mib) MiB ($(rss_cell "$d,timeline" x "${R[$d,bytes]}") × the file),"
  echo "output $(mb "${R[$d,timeline_size]}") MB: $(q %.2f '$1 / $2' "${R[$d,timeline]}" "${R[$d,run]}") × \`deal run\`;"
  echo "\`deal timeline --all FILE >/dev/null\` (every slot and flow) $(ss "${R[$d,timeline_all]}" "${R[$d,timeline_all_runs]}") (min – max ${R[$d,timeline_all_range]}),"
  echo "CPU $(s "${R[$d,timeline_all_cpu]}") s, peak RSS $(rss_cell "$d,timeline_all" mib) MiB ($(rss_cell "$d,timeline_all" x "${R[$d,bytes]}") × the file),"
  echo "output $(mb "${R[$d,timeline_all_size]}") MB: $(q %.2f '$1 / $2' "${R[$d,timeline_all]}" "${R[$d,run]}") × \`deal run\`."
  echo
  echo "Scaling: 1M/100k time ratio — check $(ratio10 "${R[$fam:100000,check]}" "${R[$k,check]}"), run --under O (2 worlds at both sizes) $(ratio10 "${R[$fam:100000,under]}" "${R[$k,under]}"),"
  echo "run of all worlds $(ratio10 "${R[$fam:100000,run]}" "${R[$k,run]}") (100k/10k — check $(ratio10 "${R[$fam:10000,check]}" "${R[$fam:100000,check]}"), run $(ratio10 "${R[$fam:10000,run]}" "${R[$fam:100000,run]}"); 10 means linear)."
  if [ "${R[$fam:100000,worlds]}" != "${R[$k,worlds]}" ]; then
    echo "The generator gives the larger files more disputes, so \`deal run\` evaluates"
    echo "${R[$fam:10000,worlds]}, ${R[$fam:100000,worlds]} and ${R[$k,worlds]} worlds; per world the 1M/100k ratio is $(q %.2f '$1 / $2' "${R[$k,per_world]}" "${R[$fam:100000,per_world]}")."
  else
    echo "\`deal run\` evaluates ${R[$k,worlds]} worlds at every size."
  fi
  echo
}

label_of() {
  case $1 in
    check) echo "\`deal check\`" ;; run) echo "\`deal run\`" ;;
    under) echo "\`deal run --under O\`" ;; json) echo "\`deal run --format json --all\`" ;;
    wc) echo "\`wc -l\`" ;; lex) echo "\`lexonly\`" ;;
  esac
}

# The growth of every command from 100k to 1M, per doubling of the input.
growth_table() {
  local fam=$1 x label a b
  echo "| ${FAM_TITLE[$fam]}: command | 100k (s) | 1M (s) | 1M / 100k | growth per doubling | ≤ 2.3 |"
  echo "|---|---:|---:|---:|---:|---|"
  for x in check run under json wc lex; do
    label=$(label_of $x)
    case $x in
      run) label="$label, all worlds (${R[$fam:100000,worlds]} and ${R[$fam:$M,worlds]})" ;;
      under) label="$label (2 worlds)" ;;
      json) label="$label, all worlds" ;;
    esac
    a=${R[$fam:100000,$x]} b=${R[$fam:$M,$x]}
    printf '| %s | %s | %s | %s | %s | %s |\n' "$label" "$(s "$a")" "$(s "$b")" \
      "$(ratio10 "$a" "$b")" "$(growth "$a" "$b")" "$(growth_pf "$a" "$b")"
  done
}

k=clauses:$M
d=clauses:d1
max_rss=${R[$k,check_rss]} max_t=
for x in run under; do
  if [ "${R[$k,${x}_rss]}" -gt "$max_rss" ]; then max_rss=${R[$k,${x}_rss]}; fi
done
for x in check run under; do [ "${R[$k,$x]}" = T ] && max_t="≥ "; done
max_rss_x=$(calc %.1f "$max_rss * 1024 / ${R[$k,bytes]}")

# many parties at 1M: every deal command's peak over its file
mk=many-parties:$M
md=many-parties:d1
mp_rss_x=0 mp_rss_at="" mp_rss_t=""
for x in "$mk,check" "$mk,run" "$mk,under" "$mk,json" "$md,check" "$md,run"; do
  bytes=${R[${x%%,*},bytes]}
  v=$(q %.2f '$1 * 1024 / $2' "${R[${x}_rss]:-}" "$bytes")
  [ "${R[$x]}" = T ] && mp_rss_t="≥ "
  if isnum "$v" && awk "BEGIN { exit !($v > $mp_rss_x) }"; then mp_rss_x=$v mp_rss_at=$x; fi
done
case $mp_rss_at in
  "$mk,check") mp_rss_at="deal check" ;; "$mk,run") mp_rss_at="deal run, all worlds" ;;
  "$mk,under") mp_rss_at="deal run --under O" ;; "$mk,json") mp_rss_at="json --all" ;;
  "$md,check") mp_rss_at="deal check, one dispute" ;; "$md,run") mp_rss_at="deal run, 4 worlds" ;;
esac
if [ -n "$mp_rss_t" ]; then mp_rss_pf=FAIL; else mp_rss_pf=$(pfn '$1 <= 8' "$mp_rss_x"); fi
mp_run4_check=$(if [ "${R[$md,run]}" = T ]; then echo "> $(q %.1f '$1 / $2' "$LIMIT" "${R[$md,check]}")"; else q %.2f '$1 / $2' "${R[$md,run]}" "${R[$md,check]}"; fi)
mp_json_run=$(if [ "${R[$mk,json]}" = T ]; then
  if [ "${R[$mk,run]}" = T ]; then echo "—"; else echo "> $(q %.1f '$1 / $2' "$LIMIT" "${R[$mk,run]}")"; fi
else q %.2f '$1 / $2' "${R[$mk,json]}" "${R[$mk,run]}"; fi)

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
  echo "- timing: $TIMER; each command first runs once with its output counted by \`wc -c\` (a warm-up), then median of 5 runs (\`deal run\` and json at 1M: 3 runs); a command whose first run takes $LONG s or more is measured by that run alone (\"1 run\"); every run is stopped after $LIMIT s (\`BENCH_TIMEOUT\`; \"timed out\", and its targets fail); peak RSS from /usr/bin/time -f %M (KiB; shown in MiB), max over the runs; file sizes in MB of 10^6 bytes; ratios in bytes"
  echo "- scenarios: \`build/gen --clauses N --seed 1\` (clauses spread over many products) and \`build/gen --clauses N --seed 1 --shape many-parties\` (many parties licensing few products) in $DIR/, and \`--disputes 1\` of each at 1M for the 4-world run"
  echo
  for fam in "${FAMS[@]}"; do family_table "$fam"; done
  echo "## Growth per doubling, 100k to 1M"
  echo
  echo "Growth per doubling of the input = (t_1M / t_100k)^(1 / log2 10): 2 is linear."
  echo "A 1M run stopped by the limit gives a lower bound from the limit."
  echo
  for fam in "${FAMS[@]}"; do growth_table "$fam"; echo; done
  echo "## Targets (at 1M clauses)"
  echo
  echo "| target | measured | |"
  echo "|---|---:|---|"
  echo "| \`deal check\` ≤ 1.5 s | $(ss "${R[$k,check]}" "${R[$k,check_runs]}") | $(pfn '$1 <= 1.5' "${R[$k,check]}") |"
  echo "| \`deal run\` status quo + 3 outcomes ≤ 4 s (measured, ${R[$d,worlds]} worlds) | $(ss "${R[$d,run]}" "${R[$d,run_runs]}") | $(pfn '$1 <= 4' "${R[$d,run]}") |"
  echo "| peak RSS ≤ 8 × file size, \`deal check\` | ${R[$k,check_rss_x]} × (${R[$k,check_rss_mb]} MiB) | $(pfn '$1 * 1024 <= 8 * $2' "${R[$k,check_rss]}" "${R[$k,bytes]}") |"
  echo "| peak RSS ≤ 8 × file size, \`deal run\` of 4 worlds | $(rss_cell "$d,run" x "${R[$d,bytes]}") × ($(rss_cell "$d,run" mib) MiB) | $(if [ "${R[$d,run]}" = T ]; then echo FAIL; else pfn '$1 * 1024 <= 8 * $2' "${R[$d,run_rss]}" "${R[$d,bytes]}"; fi) |"
  echo "| peak RSS ≤ 8 × file size (max of check, run of all worlds, run --under) | ${max_t}${max_rss_x} × (${max_t}$((max_rss / 1024)) MiB) | $(if [ -n "$max_t" ]; then echo FAIL; else pfn '$1 * 1024 <= 8 * $2' "$max_rss" "${R[$k,bytes]}"; fi) |"
  echo "| one check ≤ 1 ms | ${R[$k,check_us]:-—} µs | $(pfn '$1 <= 1000' "${R[$k,check_us]}") |"
  echo "| add clause + check ≤ 50 ms | ${R[$k,add_ms]} ms | $(pfn '$1 <= 50000' "${R[$k,add_us]}") |"
  echo "| one \`when\` ≤ 10 ms | $(q %.2f '$1 / 1000' "${R[$k,when_us]}") ms | $(pfn '$1 <= 10000' "${R[$k,when_us]}") |"
  for fam in "${FAMS[@]}"; do
    t=$fam:d1
    echo "| ${FAM_TITLE[$fam]}: \`deal timeline\` / \`deal run\`, status quo + 3 outcomes ≤ 3 | $(if [ "${R[$t,timeline]}" = T ]; then echo "$TO"; else q %.2f '$1 / $2' "${R[$t,timeline]}" "${R[$t,run]}"; fi) | $(if [ "${R[$t,timeline]}" = T ] || [ "${R[$t,run]}" = T ]; then echo FAIL; else pfn '$1 / $2 <= 3' "${R[$t,timeline]}" "${R[$t,run]}"; fi) |"
    echo "| ${FAM_TITLE[$fam]}: \`deal timeline --all\` / \`deal run\`, the whole text, ≤ 3 | $(if [ "${R[$t,timeline_all]}" = T ]; then echo "$TO"; else q %.2f '$1 / $2' "${R[$t,timeline_all]}" "${R[$t,run]}"; fi) | $(if [ "${R[$t,timeline_all]}" = T ] || [ "${R[$t,run]}" = T ]; then echo FAIL; else pfn '$1 / $2 <= 3' "${R[$t,timeline_all]}" "${R[$t,run]}"; fi) |"
    echo "| ${FAM_TITLE[$fam]}: peak RSS ≤ 8 × file size, \`deal timeline\` of 4 worlds | $(rss_cell "$t,timeline" x "${R[$t,bytes]}") × ($(rss_cell "$t,timeline" mib) MiB) | $(if [ "${R[$t,timeline]}" = T ]; then echo FAIL; else pfn '$1 * 1024 <= 8 * $2' "${R[$t,timeline_rss]}" "${R[$t,bytes]}"; fi) |"
  done
  echo "| \`deal lsp\`: diagnostics after a change ≤ 50 ms, seed scenario (openai-cloud; median of 20, max ${R[lsp:seed,max]:-—}) | ${R[lsp:seed]:-—} ms | $(pfn '$1 <= 50' "${R[lsp:seed]}") |"
  echo "| \`deal lsp\`: diagnostics after a change ≤ 1 s, 100k clauses (median of 20, max ${R[lsp:100k,max]:-—} ms) | ${R[lsp:100k]:-—} ms | $(pfn '$1 <= 1000' "${R[lsp:100k]}") |"
  for x in check under run; do
    case $x in
      check) label="check" ;; under) label="run --under O (2 worlds at both sizes)" ;;
      run) label="run of all worlds (${R[clauses:100000,worlds]} and ${R[$k,worlds]} worlds)" ;;
    esac
    r=$(ratio10 "${R[clauses:100000,$x]}" "${R[$k,$x]}")
    echo "| 1M/100k time ratio < 11, $label | $r | $(if [ "${R[$k,$x]}" = T ]; then echo FAIL; else pfn '$1 / $2 < 11' "${R[$k,$x]}" "${R[clauses:100000,$x]}"; fi) |"
  done
  for fam in "${FAMS[@]}"; do
    worst="" worst_g=-1 worst_n=0 all=PASS
    for x in check run under json wc lex; do
      a=${R[$fam:100000,$x]} b=${R[$fam:$M,$x]}
      [ "$(growth_pf "$a" "$b")" = PASS ] || all=FAIL
      g=$(growth "$a" "$b")
      v=${g#> }
      if [ "$v" = "—" ]; then v=1e9; fi
      if awk "BEGIN { exit !($v > $worst_n) }"; then worst="$(label_of "$x")" worst_g=$g worst_n=$v; fi
    done
    echo "| ${FAM_TITLE[$fam]}: every command grows ≤ 2.3× per doubling, 100k to 1M | $worst_g ($worst) | $all |"
  done
  echo "| Many parties: \`deal run\` of 4 worlds / \`deal check\` ≤ 4 (one-dispute file) | $mp_run4_check | $(if [ "${R[$md,run]}" = T ] || [ "${R[$md,check]}" = T ]; then echo FAIL; else pfn '$1 / $2 <= 4' "${R[$md,run]}" "${R[$md,check]}"; fi) |"
  echo "| Many parties: peak RSS ≤ 8 × file size (max of every deal command; here $mp_rss_at) | ${mp_rss_t}$(calc %.1f "$mp_rss_x") × | $mp_rss_pf |"
  echo "| Many parties: \`--format json --all\` time / \`deal run\` time ≤ 3 (all ${R[$mk,worlds]} worlds) | $mp_json_run | $(if [ "${R[$mk,json]}" = T ] || [ "${R[$mk,run]}" = T ]; then echo FAIL; else pfn '$1 / $2 <= 3' "${R[$mk,json]}" "${R[$mk,run]}"; fi) |"
  echo
  echo "Many parties at 1M: the JSON of \`deal run --format json --all\` is ${R[$mk,json_mb]} MB$([ "${R[$mk,json]}" = T ] && echo " (counted until the limit stopped it)")."
  echo
  if [ -n "$BASE" ]; then
    echo "## Against the base revision ${BENCH_BASE_REV:-}"
    echo
    echo "\`make bench BENCH_BASE=${BENCH_BASE_REV:-REV}\`: the deal of that revision, built from"
    echo "\`git archive\`, measured right after this one on the same files (median"
    echo "of 5 runs for check, 3 for run; peak RSS the max over the runs)."
    echo
    echo "| 1M clauses | this (s) | base (s) | this / base | this RSS (MiB) | base RSS (MiB) | RSS this / base |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for fam in "${FAMS[@]}"; do
      for x in check run; do
        kn="base:$fam,$x,new" ko="base:$fam,$x,old"
        label="${FAM_TITLE[$fam]}: \`deal $x\`"; [ $x = run ] && label="$label (status quo + 3 outcomes)"
        printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$(s "${R[$kn]}")" "$(s "${R[$ko]}")" \
          "$(q %.2f '$1 / $2' "${R[$kn]}" "${R[$ko]}")" "$(mib "${R[${kn}_rss]}")" "$(mib "${R[${ko}_rss]}")" \
          "$(q %.2f '$1 / $2' "${R[${kn}_rss]}" "${R[${ko}_rss]}")"
      done
    done
    echo
  fi
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
