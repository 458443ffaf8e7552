#!/usr/bin/env bash
# The libtorch adapter: installs libtorch-dev if missing (Debian 12: 1.13.1,
# about 1 GB), builds adapters/torch in build/torch and runs its tests.
# Usage: scripts/torch.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
if ! dpkg-query -W -f='${Status}' libtorch-dev 2>/dev/null | grep -q "install ok installed"; then
  echo "tapecheck: installing libtorch-dev" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq libtorch-dev >/dev/null
fi
cmake -S . -B build/torch -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTAPECHECK_TORCH=ON >/dev/null
cmake --build build/torch --target torch_adapter_tests -j "$(nproc)"
ctest --test-dir build/torch -L torch --output-on-failure -j "$(nproc)"
