#!/bin/sh
# Installs what adapters/js/tfjs_engine.mjs needs, and nothing when it is there:
#   - node and npm from Debian's packages (apt-get), only if `node` (or `npm`) is missing;
#   - the pinned npm packages with `npm ci`, only when node_modules is missing
#     or older than package-lock.json.
# Run it from anywhere: sh adapters/js/install.sh
set -eu

here=$(cd "$(dirname "$0")" && pwd)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "install.sh: node or npm is missing: installing Debian's nodejs and npm" >&2
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm
fi

# (find -newer rather than test's -nt, which POSIX sh does not define.)
if [ ! -d "$here/node_modules" ] ||
   [ -n "$(find "$here/package-lock.json" -newer "$here/node_modules" 2>/dev/null)" ]; then
  echo "install.sh: npm ci in $here" >&2
  (cd "$here" && npm ci --no-audit --no-fund)
  # npm ci recreates node_modules; touch it anyway so that the test above
  # sees it newer than the lockfile it was installed from.
  touch "$here/node_modules"
else
  echo "install.sh: node_modules is up to date with package-lock.json" >&2
fi
