#!/usr/bin/env bash
# The main job: installs what is missing, builds, runs the property suite.
# Extra arguments go to the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh default >&2
exec build/default/tests/property_tests "$@"
