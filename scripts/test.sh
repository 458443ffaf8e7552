#!/usr/bin/env bash
# The test command: installs what is missing, builds, runs every test with ctest.
# Usage: scripts/test.sh [preset]   (default | asan)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
scripts/build.sh "$preset"
ctest --preset "$preset" -j "$(nproc)"
