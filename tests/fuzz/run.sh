#!/usr/bin/env bash
# Build the libFuzzer harnesses (clang, -Dfuzz=true, in build-fuzz/) and run
# each for SECONDS (default 30), two at a time. New inputs go to
# build-fuzz/corpus/<harness>/ (the seeds in tests/fuzz/corpus/ are read,
# never written); a crash leaves its input in build-fuzz/artifacts/ and
# makes the script exit 1.
#   tests/fuzz/run.sh [SECONDS] [HARNESS...]
set -u
cd "$(dirname "$0")/../.."
secs=${1:-30}
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(ini set units flows changes staffing waitlist profiles extract state)
b=build-fuzz
if [ ! -d "$b" ]; then
  CC=clang meson setup "$b" -Dfuzz=true --buildtype=debugoptimized >"$b.setup.log" 2>&1 \
    || { cat "$b.setup.log"; exit 1; }
fi
targets=()
for h in "${harnesses[@]}"; do targets+=("tests/fuzz/fuzz-$h"); done
ninja -C "$b" "${targets[@]}" >"$b.build.log" 2>&1 || { tail -40 "$b.build.log"; exit 1; }
mkdir -p "$b/artifacts"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

run_one () {   # harness
  local h=$1 dict=tests/fuzz/csv.dict
  case $h in ini|set) dict=tests/fuzz/ini.dict ;; esac
  mkdir -p "$b/corpus/$h"
  "$b/tests/fuzz/fuzz-$h" "$b/corpus/$h" "tests/fuzz/corpus/$h" -dict="$dict" \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
    -artifact_prefix="$b/artifacts/$h-" -print_final_stats=1 >"$b/fuzz-$h.log" 2>&1
  local rc=$?
  local execs
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$b/fuzz-$h.log" | grep -o '[0-9]*$')
  if [ $rc -eq 0 ]; then
    echo "fuzz-$h: ok, ${execs:-?} executions in ${secs} s"
  else
    echo "fuzz-$h: FAILED (exit $rc); input in $b/artifacts/, log $b/fuzz-$h.log"
    grep -E "ERROR|runtime error|CRITICAL|Assertion|SUMMARY" "$b/fuzz-$h.log" | head -5
  fi
  return $rc
}

status=0
i=0
pids=()
names=()
for h in "${harnesses[@]}"; do
  run_one "$h" & pids+=($!); names+=("$h")
  i=$((i + 1))
  if [ $((i % 2)) -eq 0 ]; then
    for p in "${pids[@]}"; do wait "$p" || status=1; done
    pids=()
  fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
