#!/usr/bin/env bash
# Checks (and, as root on Debian/Ubuntu, installs) what the Native AOT builds need besides the .NET SDK: a C toolchain
# for the native link (clang or gcc) and the zlib headers. The charms, the simulator's hook tool and the test charm are
# published as Native AOT by the demo and by the tests, so samples/demo.sh and .ci/run call this first.
#
#   samples/prerequisites.sh        exit 0 when everything is there (or was installed), 1 with what to do otherwise
set -euo pipefail

missing=()
if ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
  missing+=(clang)
fi
if [ ! -e /usr/include/zlib.h ]; then
  missing+=(zlib1g-dev)
fi
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> installing the Native AOT prerequisites: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
  exit 0
fi

echo "error: Native AOT publishing needs ${missing[*]} (a C compiler and linker, and the zlib headers)." >&2
echo "       On Debian or Ubuntu: sudo apt-get install clang zlib1g-dev; elsewhere see" >&2
echo "       https://learn.microsoft.com/dotnet/core/deploying/native-aot/#prerequisites" >&2
exit 1
