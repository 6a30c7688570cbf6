#!/bin/sh
# run-fuzz.sh EXE SEEDS WORK SECONDS [DICT]: one short libFuzzer run of a
# target on its seed corpus, as the `fuzz` meson suite runs it. New inputs go
# to WORK/corpus (never into the source tree), findings to WORK/crashes/.
set -eu
exe=$1 seeds=$2 work=$3 secs=$4 dict=${5:-}
mkdir -p "$work/corpus" "$work/crashes"
set -- -max_total_time="$secs" -timeout=25 -rss_limit_mb=2560 -print_final_stats=1 \
  -artifact_prefix="$work/crashes/"
[ -n "$dict" ] && set -- "$@" -dict="$dict"
exec "$exe" "$@" "$work/corpus" "$seeds"
