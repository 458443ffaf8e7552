#!/usr/bin/env bash
# The libtorch adapter: installs libtorch-dev if missing (Debian 12: 1.13.1,
# about 1 GB), installs tapecheck (preset "default") into a temporary prefix,
# builds adapters/torch against it and runs its tests. Only the adapter's two
# files are compiled here; the in-tree alternative is -DTAPECHECK_TORCH=ON.
# Usage: scripts/torch.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if ! dpkg-query -W -f='${Status}' libtorch-dev 2>/dev/null | grep -q "install ok installed"; then
  echo "tapecheck: installing libtorch-dev" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq libtorch-dev >/dev/null
fi
scripts/build.sh default
work="$(mktemp -d /tmp/tapecheck-torch.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cmake --install build/default --prefix "$work/prefix" >/dev/null
cmake -S adapters/torch -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" -j "$(nproc)"
ctest --test-dir "$work/build" --output-on-failure -j "$(nproc)"
