#!/bin/sh
# Smoke test of the PyTorch protocol engine (adapters/python/torch_engine.py):
#
#  1. `tapecheck check` with it, 50 cases per run, seed 1, must not end in
#     exit 2 (a usage or handshake error: the engine is out of protocol).
#     Exit 1 is expected: PyTorch differs from the spec on purpose in places
#     (adapters/python/findings/README.md).
#  2. Every case file in adapters/python/findings/ must still fail on replay
#     (exit 1): while it does, the finding it records is there. A finding that
#     holds (exit 0) means PyTorch changed, or the spec did: look again.
#
# TAPECHECK names the tapecheck binary (default: tapecheck on PATH).
# Usage: TAPECHECK=/work/bin/tapecheck adapters/python/smoke_test.sh
#
# --engine-timeout 60: `import torch` takes 3 s on an idle 2-core machine but
# more than 10 s (the default timeout) on a loaded one, and the engine pays it
# on its first run request.
set -u

here=$(cd "$(dirname "$0")" && pwd)
tapecheck=${TAPECHECK:-tapecheck}
engine="python3 $here/torch_engine.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

if ! command -v "$tapecheck" >/dev/null 2>&1; then
  echo "smoke_test.sh: no tapecheck binary: set TAPECHECK (got '$tapecheck')" >&2
  exit 2
fi

# check writes tapecheck-failures/ into the current directory: keep it in $work.
(cd "$work" && "$tapecheck" check --engine "$engine" --engine-timeout 60 --jobs 0 --cases 50 --seed 1 --no-timings) >"$work/check.log" 2>&1
code=$?
if [ "$code" -eq 2 ] || [ "$code" -gt 2 ]; then
  echo "FAIL check exited $code (2: usage or protocol error); its output:" >&2
  tail -n 40 "$work/check.log" >&2
  status=1
elif grep -q '^ERROR \| ERROR$' "$work/check.log"; then
  echo "FAIL check reported ERROR rows (the engine answered out of protocol or refused):" >&2
  grep -n 'ERROR' "$work/check.log" | head -n 20 >&2
  status=1
else
  echo "ok   check --cases 50 --seed 1 exited $code"
fi

# All case files in one replay (one engine start); then each file's verdict line.
found=0
set -- "$here"/findings/*.json
if [ -e "$1" ]; then
  found=$#
  (cd "$work" && "$tapecheck" replay --engine "$engine" --engine-timeout 60 "$@") >"$work/replay.log" 2>&1
  code=$?
  if [ "$code" -ne 1 ]; then
    echo "FAIL replay of the findings exited $code, expected 1" >&2
    status=1
  fi
  for case_file in "$@"; do
    name=$(basename "$case_file")
    # Exit 1 is also what an ERROR (an engine that hung or died) gives: require FAILS.
    if grep -q "^$case_file: .* FAILS\$" "$work/replay.log"; then
      echo "ok   $name still fails on replay"
    else
      echo "FAIL $name does not fail on replay (the finding no longer reproduces, or replay broke):" >&2
      grep -A3 "^$case_file: " "$work/replay.log" >&2 || tail -n 20 "$work/replay.log" >&2
      status=1
    fi
  done
fi
# Findings the float model now explains (order-bound holds or calls them not
# applicable): they still show bit for bit, under --compare exact.
for case_file in "$here"/findings/compare-exact/*.json; do
  [ -e "$case_file" ] || continue
  found=$((found + 1))
  name=compare-exact/$(basename "$case_file")
  if (cd "$work" && "$tapecheck" replay --engine "$engine" --engine-timeout 60 --compare exact "$case_file") 2>&1 | grep -q " FAILS\$"; then
    echo "ok   $name still fails on replay under --compare exact"
  else
    echo "FAIL $name does not fail on replay under --compare exact" >&2
    status=1
  fi
done
echo "smoke_test.sh: $found finding(s) replayed"
exit $status
