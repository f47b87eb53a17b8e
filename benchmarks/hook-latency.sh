#!/usr/bin/env bash
# Hook latency of the sample consumer charm under the simulator, real processes: the Native AOT build against the
# same charm published for the JIT, side by side in one run. Every dispatch is wrapped (benchmarks/hook-wrap.c) to
# record its wall time, including its hook-tool calls, which are processes too, and its peak RSS; the table reports the
# median wall time of cluster-relation-changed and the peak memory, with the ratios JIT/AOT.
#
#   benchmarks/hook-latency.sh [units=6] [seed=5] [rounds=2]
#
# The AOT and JIT runs alternate, `rounds` times each, so a change in the machine's load during the run weighs on both
# alike; the figures pool the rounds. Everything is rebuilt from the working tree first (the toolkit's packages, both
# builds of the sample charm, the simulator and its Native AOT hook tool). Needs a C compiler (cc), which Native AOT
# needs anyway. Extra environment for the charms (e.g. CHARM_LOG_LEVEL=debug) passes through.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
units=${1:-6}
seed=${2:-5}
rounds=${3:-2}

out=artifacts/bench
rm -rf "$out"; mkdir -p "$out"
command -v cc >/dev/null || { echo "error: a C compiler (cc) is needed for the measuring wrapper" >&2; exit 1; }
cc -O2 -Wall -Werror -o "$out/hook-wrap" benchmarks/hook-wrap.c

echo "==> building (AOT and JIT charms, simulator, hook tool)" >&2
samples/build-charms.sh >/dev/null
CHARM_JIT=1 CHARM_OUTPUT_DIR="$root/$out/jit" samples/build-charms.sh >/dev/null
dotnet publish src/Charm.Simulator.HookTool/Charm.Simulator.HookTool.csproj -c Release -r linux-x64 -p:PublishAot=true \
  -o artifacts/sim/tool -nologo -v quiet
dotnet publish src/Charm.Simulator.Cli/Charm.Simulator.Cli.csproj -c Release -o artifacts/sim -nologo -v quiet

wrap() { # source charm dir, destination, log file
  rm -rf "$2"; cp -a "$1" "$2"
  mv "$2/dispatch" "$2/dispatch.real"
  # The wrapper's own shell starts before the clock does: hook-wrap times dispatch.real and what it runs, nothing else.
  cat > "$2/dispatch" <<WRAP
#!/bin/sh
exec "$root/$out/hook-wrap" "$3" "\${0%/*}/dispatch.real" "\$@"
WRAP
  chmod 0755 "$2/dispatch"
}

run() { # label, consumer dir, round
  local log="$root/$out/$1.log"
  wrap "$2" "$out/$1-microctl" "$log"
  echo "==> round $3: $1" >&2
  artifacts/sim/charm-sim demo --quiet --consumer "$out/$1-microctl" --distributor artifacts/charms/token-distributor \
    --units "$units" --distributor-units 1 --mode process --seed "$seed" \
    --hook-tool artifacts/sim/tool/charm-sim-tool >/dev/null
}

: > "$out/aot.log"
: > "$out/jit.log"
for round in $(seq "$rounds"); do
  run aot artifacts/charms/microctl "$round"
  run jit "$out/jit/microctl" "$round"
done

stats() { # log -> "median_us count peak_kb"
  awk '$1 ~ /-relation-changed$/ { print $2 }' "$1" | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%d %d", m, NR }'
  printf ' '
  awk '{ if ($3 > p) p = $3 } END { printf "%d", p }' "$1"
}
read -r aot_med aot_n aot_peak <<<"$(stats "$out/aot.log")"
read -r jit_med jit_n jit_peak <<<"$(stats "$out/jit.log")"
printf '| build | relation-changed hooks | median wall (ms) | peak RSS (MiB) |\n|---|---|---|---|\n'
printf '| Native AOT | %d | %.1f | %.1f |\n' "$aot_n" "$(echo "$aot_med / 1000" | bc -l)" "$(echo "$aot_peak / 1024" | bc -l)"
printf '| JIT | %d | %.1f | %.1f |\n' "$jit_n" "$(echo "$jit_med / 1000" | bc -l)" "$(echo "$jit_peak / 1024" | bc -l)"
printf '\nJIT/AOT: wall %.1fx, peak memory %.1fx (targets: at least 5x faster, at most half the memory)\n' \
  "$(echo "$jit_med / $aot_med" | bc -l)" "$(echo "$jit_peak / $aot_peak" | bc -l)"
