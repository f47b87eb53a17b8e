#!/usr/bin/env bash
# Checks (and, as root on Debian/Ubuntu, installs with apt-get) what building and testing this project needs: the .NET 10
# SDK (`dotnet`; apt package dotnet-sdk-10.0), and for the Native AOT builds a C toolchain for the native link (clang or
# gcc) and the zlib headers. The charms, the simulator's hook tool and the test charm are published as Native AOT by the
# demo and by the tests, so samples/demo.sh and .ci/run call this first. What is already there is left alone.
#
#   samples/prerequisites.sh        exit 0 when everything is there (or was installed), 1 with what to do otherwise
set -euo pipefail

can_install=false
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  can_install=true
fi

updated=false
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if ! $updated; then
    apt-get update -qq || return 1
    updated=true
  fi
  apt-get install -y -qq --no-install-recommends "$@"
}

failed=0

# The .NET SDK, first: nothing else builds without it.
if ! command -v dotnet >/dev/null 2>&1; then
  if $can_install; then
    echo "==> dotnet is not on PATH; installing the .NET 10 SDK (apt package dotnet-sdk-10.0)"
    if ! apt_install dotnet-sdk-10.0 || ! command -v dotnet >/dev/null 2>&1; then
      echo "error: apt-get could not install dotnet-sdk-10.0 (see above; this system's package sources may not have it:" >&2
      echo "       Debian, and Ubuntu releases before .NET 10, need Microsoft's package repository). Install the .NET 10 SDK" >&2
      echo "       as https://learn.microsoft.com/dotnet/core/install/linux says, so that 'dotnet' is on PATH, then run this again." >&2
      failed=1
    fi
  else
    echo "error: the .NET SDK (dotnet) is not on PATH; this project needs the .NET 10 SDK." >&2
    echo "       On Debian or Ubuntu: sudo apt-get install dotnet-sdk-10.0 (or run this script as root to install it);" >&2
    echo "       elsewhere see https://learn.microsoft.com/dotnet/core/install/linux" >&2
    failed=1
  fi
fi

# The Native AOT prerequisites.
missing=()
if ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
  missing+=(clang)
fi
if [ ! -e /usr/include/zlib.h ]; then
  missing+=(zlib1g-dev)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  if $can_install; then
    echo "==> installing the Native AOT prerequisites: ${missing[*]}"
    if ! apt_install "${missing[@]}"; then
      echo "error: apt-get could not install ${missing[*]} (see above); install a C compiler and linker and the zlib headers." >&2
      failed=1
    fi
  else
    echo "error: Native AOT publishing needs ${missing[*]} (a C compiler and linker, and the zlib headers)." >&2
    echo "       On Debian or Ubuntu: sudo apt-get install clang zlib1g-dev; elsewhere see" >&2
    echo "       https://learn.microsoft.com/dotnet/core/deploying/native-aot/#prerequisites" >&2
    failed=1
  fi
fi

exit "$failed"
