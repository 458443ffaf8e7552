#!/usr/bin/env bash
# The main job: installs what is missing, builds, then runs `tapecheck check`
# (every property in every domain; on a failure, a shrunk case file in
# tapecheck-failures/ and the commands that replay it; see docs/counterexamples.md).
# Extra arguments go to `tapecheck check`, e.g. --seed 7 --cases 500 --domain modp.
# Properties run in one worker process per core unless --jobs is given; the
# output is the same either way.
set -euo pipefail
cd "$(dirname "$0")/.."
# Only the `tapecheck` binary: the first result need not wait for the tests
# and benchmarks (scripts/test.sh builds those).
scripts/build.sh default tapecheck >&2
jobs=(--jobs 0)
for arg in "$@"; do
  case "$arg" in --jobs|--jobs=*|-j|-j*) jobs=() ;; esac
done
exec build/default/cli/tapecheck check "${jobs[@]}" "$@"
