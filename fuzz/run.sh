#!/usr/bin/env bash
# Fuzz each target in turn for SECONDS (default 300), one fuzzer at a time, then print the figures
# from AFL++'s fuzzer_stats. Usage: fuzz/run.sh [SECONDS] [TARGET…]
# Build first: (cd fuzz && cargo afl build --release)
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(numbers limits formulas standard_files import_lines pdf_verify)
mkdir -p out
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
for t in "${targets[@]}"; do
  out="out/$t"
  # A fresh run from the seeds; RESUME=1 continues the previous run's queue instead.
  input=(-i "seeds/$t")
  if [ -n "${RESUME:-}" ] && [ -d "$out/default/queue" ]; then input=(-i -); else rm -rf "$out"; fi
  timeout --signal=INT $((secs + 60)) \
    cargo afl fuzz "${input[@]}" -o "$out" -V "$secs" -t 1000 "target/release/$t" \
    >"out/$t.log" 2>&1 || true
done
printf '%-16s %12s %10s %9s %8s %6s\n' target execs seconds corpus crashes hangs
for t in "${targets[@]}"; do
  s="out/$t/default/fuzzer_stats"
  [ -f "$s" ] || { echo "$t: no stats (see out/$t.log)"; continue; }
  get() { awk -F' *: *' -v k="$1" '$1==k {print $2}' "$s"; }
  printf '%-16s %12s %10s %9s %8s %6s\n' "$t" "$(get execs_done)" "$(get run_time)" \
    "$(get corpus_count)" "$(get saved_crashes)" "$(get saved_hangs)"
done
