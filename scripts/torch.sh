#!/usr/bin/env bash
# The libtorch adapter: installs libtorch-dev if missing (Debian 12: 1.13.1,
# about 1 GB), installs tapecheck (preset "default") into build/torch-prefix,
# builds adapters/torch against it in build/torch-adapter, then:
#   scripts/torch.sh                    runs the adapter's tests (ctest)
#   scripts/torch.sh check [ARGS...]    tapecheck_libtorch check ARGS...
#   scripts/torch.sh replay FILE...     tapecheck_libtorch replay FILE...
#   scripts/torch.sh show FILE          tapecheck_libtorch show FILE
# Every step is incremental, so a second run only checks that nothing
# changed. Only the adapter's files are compiled against the installed
# package; the in-tree alternative is -DTAPECHECK_TORCH=ON. In the check,
# replay and show forms the build's output goes to stderr, and relative paths
# (case files, --out) are the caller's.
set -euo pipefail
caller="$PWD"
root="$(cd "$(dirname "$0")/.." && pwd)"
command="${1:-test}"
case "$command" in
  test | check | replay | show) ;;
  *)
    echo "usage: scripts/torch.sh [check|replay|show] [ARGS...]" >&2
    exit 2
    ;;
esac
[ $# -eq 0 ] || shift

build() {
  cd "$root"
  if ! dpkg-query -W -f='${Status}' libtorch-dev 2>/dev/null | grep -q "install ok installed"; then
    echo "tapecheck: installing libtorch-dev" >&2
    local sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq libtorch-dev >/dev/null
  fi
  # Why only these targets: they are what `cmake --install` copies (the
  # libraries, tapecheck and the reference engine); the tests and benchmarks
  # of the default preset are not needed here.
  scripts/build.sh default tapecheck tapecheck_reference_engine
  # Why a fixed prefix: `cmake --install` copies only what changed, and the
  # adapter's build keeps pointing at the same package between runs.
  cmake --install build/default --prefix build/torch-prefix >/dev/null
  if [ ! -f build/torch-adapter/CMakeCache.txt ]; then
    cmake -S adapters/torch -B build/torch-adapter -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_PREFIX_PATH="$root/build/torch-prefix" >/dev/null
  fi
  cmake --build build/torch-adapter -j "$(nproc)"
}

if [ "$command" = test ]; then
  build
  ctest --test-dir build/torch-adapter --output-on-failure -j "$(nproc)"
else
  build >&2
  cd "$caller"
  exec "$root/build/torch-adapter/tapecheck_libtorch" "$command" "$@"
fi
