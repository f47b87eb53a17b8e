#!/usr/bin/env bash
# Publishes the charm as a Native AOT .charm and forms a cluster with it in the toolkit's model simulator, charm-sim:
# every hook a real `dispatch` process, a fake microcluster answering `microctl`, and a token distributor (the built-in
# demo one, or DISTRIBUTOR=<an unpacked distributor charm directory>).
#
#   CHARM_SIM=<path to charm-sim> ./simulate.sh [more charm-sim demo options, e.g. --units 5 --seed 7]
#
# charm-sim is built from the toolkit's repository: `dotnet publish src/Charm.Simulator.Cli -c Release -o artifacts/sim`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sim=${CHARM_SIM:-charm-sim}
out="$here/artifacts"
mkdir -p "$out"

dotnet publish "$here/MyWorkload/MyWorkload.csproj" -c Release -r linux-x64 -nologo -v quiet \
  -p:CharmOutputPath="$out/my-workload.charm" -p:CharmUnpackedDirectory="$out/my-workload"

args=(demo --consumer "$out/my-workload" --cli microctl --units "${UNITS:-3}")
if [ -n "${DISTRIBUTOR:-}" ]; then
  args+=(--distributor "$DISTRIBUTOR")
fi
exec "$sim" "${args[@]}" "$@"
