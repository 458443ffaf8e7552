#!/usr/bin/env bash
# Installs missing dependencies, then configures and builds one preset.
# Usage: scripts/build.sh [preset [target...]]   (preset: default | asan; no
# target builds everything: libraries, tools, tests and benchmarks)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
shift || true
scripts/deps.sh
cmake --preset "$preset" -G Ninja >/dev/null
targets=()
[ $# -eq 0 ] || targets=(--target "$@")
cmake --build --preset "$preset" -j "$(nproc)" "${targets[@]}"
