#!/bin/sh
# bench-fit.sh — pks fit on a synthetic region the size of Västerbotten
# (41 units, about 140 000 admissions a year; tests/fit/gen_extract.py):
# one year fitted (the worked example of docs/fit.md), and six years, a
# million-row extract, fitted with a back-test. Prints wall time, CPU time
# and peak memory (GNU time); never asserts on time.
#   sh tests/bench/bench-fit.sh [PKS] [WORKDIR]
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
pks=${1:-$here/build/sim/pks}
work=${2:-${TMPDIR:-/tmp}/pks-bench-fit}
py=/usr/bin/python3
gen=$here/tests/fit/gen_extract.py
mkdir -p "$work"
measure () {   # label, command...
  label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %U s user, %M KiB peak" "$@" >/dev/null
}
# the worked example: 2023 generated after a year to warm up, 2024 to forecast
[ -d "$work/region" ] || $py "$gen" --out "$work/region" --region 41 --scale 0.8 --seed 7 \
  --start 2022-01-01 --days 1096 --truth-year 2024
echo "region extract: $(cat "$work"/region/*.csv | wc -l) rows, $(du -sh "$work/region" | cut -f1)"
measure "fit 2023, back-test 2024 (20 replications)" "$pks" fit "$work/region" \
  --from 2023-01-01 --to 2023-12-31 --backtest-to 2024-12-31 --out "$work/region-fit" -q
measure "validate the written scenario" "$pks" validate "$work/region-fit/scenario.ini"
measure "run it from today's state (30 replications)" "$pks" run "$work/region-fit/scenario.ini" -q
# a million rows: six years
[ -d "$work/million" ] || $py "$gen" --out "$work/million" --region 41 --scale 0.8 --seed 7 \
  --start 2019-01-01 --days 2192 --truth-year 2024
echo "million extract: $(cat "$work"/million/*.csv | wc -l) rows, $(du -sh "$work/million" | cut -f1)"
measure "fit 2020-2023 of the million rows (1 replication: read and fit)" "$pks" fit \
  "$work/million" --from 2020-01-01 --to 2023-12-31 --out "$work/million-fit" -q -r 1
measure "fit 2020-2023, back-test 2024 (20 replications)" "$pks" fit "$work/million" \
  --from 2020-01-01 --to 2023-12-31 --backtest-to 2024-12-31 --out "$work/million-fit" -q
