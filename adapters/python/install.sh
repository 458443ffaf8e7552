#!/bin/sh
# Installs what adapters/python/torch_engine.py needs: PyTorch for Python 3
# (Debian's python3-torch). Idempotent: does nothing when `python3 -c 'import
# torch'` already works, for the python3 on PATH or for /usr/bin/python3 (the
# interpreter torch_engine.py falls back to when the one on PATH, a pyenv or a
# venv, has no torch). Uses sudo when not root.
set -eu

for python in python3 /usr/bin/python3; do
  if "$python" -c 'import torch' >/dev/null 2>&1; then
    echo "install.sh: torch $("$python" -c 'import torch; print(torch.__version__)') is already importable by $python"
    exit 0
  fi
done

if [ "$(id -u)" -eq 0 ]; then
  SUDO=
else
  SUDO=sudo
fi

# Waits up to 15 minutes for another apt/dpkg run to release its lock.
APT="$SUDO apt-get -o DPkg::Lock::Timeout=900"
echo "install.sh: installing python3-torch with apt-get"
$APT update
DEBIAN_FRONTEND=noninteractive $APT install -y --no-install-recommends python3 python3-torch

/usr/bin/python3 -c 'import torch; print("install.sh: torch", torch.__version__, "for /usr/bin/python3")'
