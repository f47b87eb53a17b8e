#!/usr/bin/env bash
# Explores new cases of the randomised tests (CsCheck properties, fuzzers, model-based schedules), outside the test
# command: each round draws a fresh run seed, prints it, and runs tests/Charm.Reliability.Tests under it. The README's test
# command always runs the committed cases; what a round finds becomes a named regression test (docs/reliability.md,
# "Exploring new seeds").
#
#   tests/explore-seeds.sh [--rounds N] [--shrink] [--filter EXPR]
#
#   --rounds N     rounds to run (default 1), each with its own run seed
#   --shrink       after a failure, let CsCheck search from the failing case for a smaller one (PROPERTY_SHRINK=1)
#   --filter EXPR  a dotnet test filter (default: every test of the reliability project)
#
# RELIABILITY_SCHEDULES and RELIABILITY_CONVERGENCE_PERCENT pass through (a longer soak, more convergence runs).
# A failing round is replayed exactly with PROPERTY_RUN_SEED=<its seed>; one failing case alone with the
# CsCheck_Seed=<case seed> the failure prints.
set -uo pipefail
cd "$(dirname "$0")/.."

rounds=1
filter=""
shrink=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="${2:?--rounds needs a number}"; shift 2 ;;
    --shrink) shrink=1; shift ;;
    --filter) filter="${2:?--filter needs an expression}"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "explore-seeds.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$rounds" in ''|*[!0-9]*) echo "explore-seeds.sh: --rounds wants a positive number, not '$rounds'" >&2; exit 2 ;; esac

project=tests/Charm.Reliability.Tests
logs=artifacts/explore
mkdir -p "$logs"
dotnet build "$project" -c Release -v quiet -nologo || { echo "explore-seeds.sh: the build failed" >&2; exit 1; }

failed=()
for round in $(seq 1 "$rounds"); do
  seed="0x$(od -An -N8 -tx8 /dev/urandom | tr -d ' \n')"
  log="$logs/$seed.log"
  echo "round $round/$rounds: PROPERTY_RUN_SEED=$seed (log: $log)"
  args=(test "$project" -c Release --no-build -nologo --logger "console;verbosity=normal")
  [ -n "$filter" ] && args+=(--filter "$filter")
  if PROPERTY_RUN_SEED="$seed" PROPERTY_SHRINK="$shrink" dotnet "${args[@]}" >"$log" 2>&1; then
    echo "  passed"
  else
    failed+=("$seed")
    echo "  FAILED; the failing cases:"
    grep -E '(case [0-9,]+ of [0-9,]+ failed|Replay it alone:)' "$log" | sed 's/^ */    /'
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "failing run seeds: ${failed[*]}"
  echo "replay a round: PROPERTY_RUN_SEED=<seed> dotnet test $project -c Release; then make the case a named test in $project/Regressions"
  exit 1
fi
echo "all $rounds round(s) passed"
