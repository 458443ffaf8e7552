#!/usr/bin/env bash
# Tests a real autograd engine through tapecheck: installs what its client
# needs (idempotently: a second run installs nothing), builds `tapecheck`,
# then runs `tapecheck check` on it. Output and exit codes are the main job's.
# Usage: scripts/engine.sh torch|tfjs|libtorch [check arguments...]
#   torch     PyTorch (Debian's python3-torch) behind the engine protocol: adapters/python/
#   tfjs      TensorFlow.js (npm, pinned) on Node.js behind the engine protocol: adapters/js/
#   libtorch  the in-process libtorch adapter: adapters/torch/ (scripts/torch.sh check)
# Unless the arguments say otherwise: 1,000 cases per property and domain,
# one worker per core. Give --known adapters/<dir>/findings to report logged
# findings as known (CI does), --time 30m for a campaign (docs/campaigns.md).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
engine="${1:-}"
if [ $# -gt 0 ]; then shift; fi
args=("$@")
jobs=(--jobs 0)
cases=(--cases 1000)
for arg in "${args[@]}"; do
  case "$arg" in
    --jobs|--jobs=*|-j|-j*) jobs=() ;;
    --cases|--cases=*) cases=() ;;
  esac
done
args=("${jobs[@]}" "${cases[@]}" "${args[@]}")
case "$engine" in
  torch)
    adapters/python/install.sh >&2
    command="/usr/bin/python3 $root/adapters/python/torch_engine.py"
    ;;
  tfjs)
    adapters/js/install.sh >&2
    command="node $root/adapters/js/tfjs_engine.mjs"
    ;;
  libtorch)
    exec scripts/torch.sh check "${args[@]}"
    ;;
  *)
    echo "usage: scripts/engine.sh torch|tfjs|libtorch [tapecheck check arguments...]" >&2
    exit 2
    ;;
esac
scripts/build.sh default tapecheck >&2
exec build/default/cli/tapecheck check --engine "$command" "${args[@]}"
