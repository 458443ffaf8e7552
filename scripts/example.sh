#!/usr/bin/env bash
# Installs tapecheck (preset "default") into a temporary prefix, then builds and
# tests examples/micrograd against the INSTALLED package, as a user would.
# Usage: scripts/example.sh   (builds the default preset first if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh default
work="$(mktemp -d /tmp/tapecheck-example.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cmake --install build/default --prefix "$work/prefix" >/dev/null
# The installed programs: tapecheck passes the installed reference engine.
"$work/prefix/bin/tapecheck" check --engine "$work/prefix/bin/tapecheck_reference_engine" --domain modp \
  --cases 20 --out "$work/failures" >/dev/null
cmake -S examples/micrograd -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" -j "$(nproc)"
ctest --test-dir "$work/build" --output-on-failure -j "$(nproc)"
