#!/usr/bin/env bash
# Packs the toolkit and its templates into artifacts/packages (the local feed nuget.config names), then publishes the sample charms
# as Native AOT .charm archives, restoring the toolkit from that feed as a charm author would.
#
#   samples/build-charms.sh            -> artifacts/charms/{microctl,token-distributor}.charm and unpacked directories
#
# It also copies the packages into each sample's packages/ folder, which that sample's nuget.config names: after it,
# `cd samples/MicroctlCharm && charmcraft pack` builds the same charm with charmcraft (see the README).
#
# Environment: CONFIGURATION (Release), CHARM_OUTPUT_DIR (artifacts/charms), NUGET_PACKAGES (artifacts/nuget-cache:
# a cache of this repository's own, so a rebuilt 0.1.0 package is never shadowed by a stale cached copy),
# CHARM_JIT=1 to publish the charms on the JIT instead of Native AOT (for the latency benchmark's baseline),
# PACK_BUILD_DIR (artifacts/pack-build): where the toolkit is built for packing. The packs build there, never in
# src/*/obj, so a restore against another NUGET_PACKAGES cannot pull the rug from a build of the solution running
# at the same time (dotnet test builds and runs test projects concurrently).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
config=${CONFIGURATION:-Release}
charms=${CHARM_OUTPUT_DIR:-$root/artifacts/charms}
export NUGET_PACKAGES=${NUGET_PACKAGES:-$root/artifacts/nuget-cache}
pack_build=${PACK_BUILD_DIR:-$root/artifacts/pack-build}
aot=true
[ "${CHARM_JIT:-0}" = "1" ] && aot=false

cd "$root"
mkdir -p artifacts/packages "$charms" "$NUGET_PACKAGES"
# The toolkit's version does not change between local builds: forget cached copies before restoring.
rm -rf "$NUGET_PACKAGES"/charm.framework "$NUGET_PACKAGES"/charm.simulator.microcluster "$NUGET_PACKAGES"/charm.testing "$NUGET_PACKAGES"/charm.tokendistributor

for project in Charm.Framework Charm.Simulator.Microcluster Charm.Testing Charm.TokenDistributor; do
  dotnet pack "src/$project/$project.csproj" -c "$config" -o artifacts/packages -nologo -v quiet \
    --artifacts-path "$pack_build"
done
# The `dotnet new` templates (charm-consumer, charm-distributor) that start a charm of one's own on these packages.
dotnet pack src/Charm.Templates/Charm.Templates.csproj -c "$config" -o artifacts/packages -nologo -v quiet \
  --artifacts-path "$pack_build"

# Each sample charm is a self-contained folder, as charmcraft builds it: its nuget.config takes the toolkit from its own
# packages/ (git-ignored), so the same folder builds here, in `charmcraft pack`, or copied anywhere.
for sample in MicroctlCharm TokenDistributorCharm; do
  rm -rf "samples/$sample/packages"
  mkdir -p "samples/$sample/packages"
  cp artifacts/packages/Charm.*.nupkg "samples/$sample/packages/"
done

publish() { # project, charm name
  dotnet publish "samples/$1/$1.csproj" -c "$config" -nologo -v quiet \
    -p:PublishAot=$aot -p:SelfContained=$aot \
    -p:CharmOutputPath="$charms/$2.charm" -p:CharmUnpackedDirectory="$charms/$2"
}
publish MicroctlCharm microctl
publish TokenDistributorCharm token-distributor
echo "charms in $charms"
