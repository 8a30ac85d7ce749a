#!/bin/sh
# Byte-identical check for refactors: runs one pks binary on the scenario set
# (the baseline under each outlying policy and with cancellations off, every
# plan and example; summary, daily, monthly CSVs and a trace) into DIR.
# Run it with the old and the new binary and `diff -r` the two folders.
#   sh tests/bench/identical.sh OLD_PKS out-old && sh tests/bench/identical.sh build/sim/pks out-new
#   diff -r out-old out-new && echo identical
set -eu
pks=$1; out=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$out"; mkdir -p "$out"
base=$here/scenarios/vasterbotten-2024.ini
run () {   # name, args...
  name=$1; shift
  "$pks" run "$@" -r 4 -t 2 -q --out "$out/$name" --trace "$out/$name.trace" >/dev/null
  rm -f "$out/$name/run.json"   # carries the binary's path and version
}
for p in none site region; do run "base-$p" "$base" --set policy.outlying=$p; done
run base-nocancel "$base" --set policy.cancel_if_no_bed=false
for f in "$here"/scenarios/plans/*.ini "$here"/scenarios/examples/*.ini; do
  run "$(basename "$f" .ini)" "$f"
done
"$pks" run -r 3 -q --out "$out/embedded" >/dev/null; rm -f "$out/embedded/run.json"
