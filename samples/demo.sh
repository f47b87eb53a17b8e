#!/usr/bin/env bash
# The demo: builds the toolkit's packages, the two sample charms (Native AOT, from the local feed), the simulator and
# its multi-call hook tool (Native AOT), then forms a 5-unit microctl cluster with a 3-unit token distributor, every
# hook a real `dispatch` process under its own host name, and prints the members, roles, statuses, hooks and CLI calls.
#
#   samples/demo.sh [extra charm-sim demo options, e.g. --seed 7 --trace]
#
# The timeline is written to artifacts/demo-timeline.md (a Mermaid sequence diagram).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

samples/prerequisites.sh

echo "==> packing the toolkit and publishing the sample charms (Native AOT)"
samples/build-charms.sh

echo "==> building the simulator and its hook tool (Native AOT)"
mkdir -p artifacts/sim
dotnet publish src/Charm.Simulator.HookTool/Charm.Simulator.HookTool.csproj -c Release -r linux-x64 \
  -p:PublishAot=true -o artifacts/sim/tool -nologo -v quiet
dotnet publish src/Charm.Simulator.Cli/Charm.Simulator.Cli.csproj -c Release -o artifacts/sim -nologo -v quiet

echo "==> forming the cluster"
exec artifacts/sim/charm-sim demo \
  --consumer artifacts/charms/microctl.charm \
  --distributor artifacts/charms/token-distributor.charm \
  --units 5 --distributor-units 3 --mode process \
  --hook-tool artifacts/sim/tool/charm-sim-tool \
  --mermaid artifacts/demo-timeline.md "$@"
