#!/usr/bin/env bash
# Installs the Debian packages tapecheck needs, only those that are missing.
# Idempotent: a second run installs nothing. Extra package names given as
# arguments are installed too (scripts/fuzz.sh asks for clang this way).
set -euo pipefail
packages=(
  build-essential cmake ninja-build
  librapidcheck-dev libgtest-dev libbenchmark-dev
  libboost-dev libboost-graph-dev
  nlohmann-json3-dev libcli11-dev libfmt-dev
  libgoogle-perftools-dev
  graphviz
  python3
  "$@"
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "tapecheck: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
