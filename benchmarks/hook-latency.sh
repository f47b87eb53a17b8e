#!/usr/bin/env bash
# Hook latency of the sample consumer charm under the simulator, real processes: the Native AOT build against the
# same charm published for the JIT, side by side in one run. Every dispatch is wrapped to record its wall time
# (including its hook-tool calls, which are processes too) and its peak RSS; the table reports the median wall time of
# cluster-relation-changed and the peak memory, with the ratios JIT/AOT.
#
#   benchmarks/hook-latency.sh [units=10] [seed=5]
#
# Needs what samples/demo.sh builds (it builds what is missing) and GNU time (apt-get install time).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
units=${1:-10}
seed=${2:-5}
[ -x /usr/bin/time ] || { echo "error: GNU time is needed for peak memory: apt-get install -y time" >&2; exit 1; }

out=artifacts/bench
rm -rf "$out"; mkdir -p "$out"
[ -x artifacts/charms/microctl/dispatch ] || samples/build-charms.sh
CHARM_JIT=1 CHARM_OUTPUT_DIR="$root/$out/jit" samples/build-charms.sh >/dev/null
[ -x artifacts/sim/charm-sim ] && [ -x artifacts/sim/tool/charm-sim-tool ] || {
  dotnet publish src/Charm.Simulator.HookTool/Charm.Simulator.HookTool.csproj -c Release -r linux-x64 -p:PublishAot=true -o artifacts/sim/tool -nologo -v quiet
  dotnet publish src/Charm.Simulator.Cli/Charm.Simulator.Cli.csproj -c Release -o artifacts/sim -nologo -v quiet
}

wrap() { # source charm dir, destination, log file
  rm -rf "$2"; cp -a "$1" "$2"
  mv "$2/dispatch" "$2/dispatch.real"
  cat > "$2/dispatch" <<WRAP
#!/bin/sh
start=\$(date +%s%N)
/usr/bin/time -f "%M" -o "\$(dirname "\$0")/.rss" "\$(dirname "\$0")/dispatch.real" "\$@"
rc=\$?
end=\$(date +%s%N)
echo "\${JUJU_DISPATCH_PATH#hooks/} \$(( (end - start) / 1000 )) \$(tail -n 1 "\$(dirname "\$0")/.rss")" >> "$3"
exit \$rc
WRAP
  chmod 0755 "$2/dispatch"
}

run() { # label, consumer dir
  local log="$root/$out/$1.log"
  : > "$log"
  wrap "$2" "$out/$1-microctl" "$log"
  artifacts/sim/charm-sim demo --quiet --consumer "$out/$1-microctl" --distributor artifacts/charms/token-distributor \
    --units "$units" --distributor-units 1 --mode process --seed "$seed" \
    --hook-tool artifacts/sim/tool/charm-sim-tool >/dev/null
}

run aot artifacts/charms/microctl
run jit "$out/jit/microctl"

stats() { # log -> "median_us peak_kb count"
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
