#!/bin/sh
# The folders of sim/ are layers; an include may only point down the order
# below (docs/architecture.md). Prints every arrow "from to" with its
# count and fails on one that points up or sideways into a higher layer.
# Inside sim/model the files are layers too: prints each file's includes
# of its neighbours and fails on one that points up the model's order,
# so a circle between model files cannot pass.
cd "$(dirname "$0")/.." || exit 1
order="core stats model input exp output fit report serve cli"
rank () { i=0; for l in $order; do [ "$l" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done; echo 99; }
bad=0
arrows=$(grep -rEo '#include "pks/[a-z]+/' sim include/pks \
  | sed -E 's#^(sim|include/pks)/([a-z]+)/[^:]*:\#include "pks/([a-z]+)/#\2 \3#' \
  | grep -v '^include' | awk '$1 != $2' | sort | uniq -c)
echo "$arrows"
echo "$arrows" | while read -r n from to; do
  [ -n "$from" ] || continue
  if [ "$(rank "$from")" -le "$(rank "$to")" ]; then echo "upward: $from -> $to ($n)"; exit 1; fi
done || bad=1
# inside sim/model, bottom first; X.c and X.h are one entry, a file that
# is not named here fails (place a new file in the order)
morder="metrics scenario waitlist compiled capacity periods state balance patient outlying beds transfer theatre results model sim fork"
mrank () { i=0; for l in $morder; do [ "$l" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done; echo 99; }
echo "sim/model:"
for f in sim/model/*.c sim/model/*.h; do
  from=$(basename "$f" | sed 's/\.[ch]$//')
  [ "$(mrank "$from")" -lt 99 ] || { echo "sim/model/$from: not in the model's order"; bad=1; }
  for to in $(sed -n 's/^#include "\([a-z-]*\)\.h".*/\1/p' "$f"); do
    [ "$to" = "$from" ] && continue
    echo "  $from -> $to"
    if [ "$(mrank "$from")" -le "$(mrank "$to")" ]; then echo "upward in sim/model: $f includes $to.h"; bad=1; fi
  done
done
# a folder's internal header is included only inside its folder
for h in $(find sim -name '*.h'); do
  d=$(dirname "$h"); b=$(basename "$h")
  out=$(grep -rln "#include \"$b\"" sim tests | grep -v "^$d/" | grep -v '^tests/')
  [ -z "$out" ] || { echo "$h included outside $d: $out"; bad=1; }
done
[ $bad -eq 0 ] && echo "layers: ok"
exit $bad
