#!/bin/sh
# build-pgo.sh [DIR] — the fast build of pks: release, link-time and
# profile-guided optimisation (meson's b_pgo, GCC's -fprofile-generate and
# -fprofile-use). It builds an instrumented pks, runs the Västerbotten
# baseline once as the training run, and rebuilds everything with that
# profile. Outputs are the same to the byte as any other build's: the
# profile changes inlining and code layout, never the arithmetic (no
# fast-math). What it buys is in docs/performance.md.
#
#   sh tests/bench/build-pgo.sh build-bench
#   meson test -C build-bench --benchmark pks
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-build-pgo}
# tests and benchmarks are not trained, only the library they link
opts="-Dbuildtype=release -Db_lto=true -Dc_args=-Wno-missing-profile"
if [ -f "$dir/build.ninja" ]; then
  meson configure "$dir" $opts -Db_pgo=generate
else
  meson setup "$dir" "$src" $opts -Db_pgo=generate
fi
find "$dir" -name '*.gcda' -delete      # a profile from an older build
ninja -C "$dir" sim/pks
train=$(mktemp -d)
trap 'rm -rf "$train"' EXIT
# one thread: the counters are not atomic, so one thread makes the
# profile the same from one build to the next
"$dir/sim/pks" run "$src/scenarios/vasterbotten-2024.ini" --threads 1 -r 10 -q \
  --out "$train/out"
meson configure "$dir" -Db_pgo=use
ninja -C "$dir"
