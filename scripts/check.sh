#!/usr/bin/env bash
# The main job: installs what is missing, builds, then runs `tapecheck check`
# (every property in every domain; on a failure, a shrunk case file in
# tapecheck-failures/ and the commands that replay it; see docs/counterexamples.md).
# Extra arguments go to `tapecheck check`, e.g. --seed 7 --cases 500 --domain modp.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh default >&2
exec build/default/cli/tapecheck check "$@"
