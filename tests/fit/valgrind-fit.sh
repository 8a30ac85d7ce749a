#!/bin/sh
# Memcheck over pks fit (the readers, the estimators, the re-run, the
# back-test and fit.html with its charts) on a small generated extract.
#   valgrind-fit.sh PKS VALGRIND_SUPPRESSIONS WORKDIR
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
pks=$1; supp=$2; work=$3
[ -x /usr/bin/python3 ] || { echo "1..0 # SKIP needs /usr/bin/python3"; exit 0; }
rm -rf "$work"; mkdir -p "$work"
/usr/bin/python3 "$here/tests/fit/gen_extract.py" --out "$work/extract" --seed 2 \
  --start 2023-01-01 --days 240
valgrind --leak-check=full --error-exitcode=1 -q --suppressions="$supp" \
  "$pks" fit "$work/extract" --from 2023-02-01 --to 2023-06-30 --backtest-to 2023-08-28 \
  -r 2 --png "$work/png" --out "$work/out" -q
test -s "$work/out/fit.html" && test -s "$work/out/backtest.csv"
