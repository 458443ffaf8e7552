#!/bin/sh
# Smoke test of the TF.js engine under tapecheck (about a minute on 2 cores):
#   1. `tapecheck check` with 50 cases per property, seed 1: it must end with
#      exit 0 or 1 (properties hold or fail: TF.js has known findings), never 2
#      (a protocol or handshake error) nor anything else (a crash);
#   2. every case file in findings/ must still replay as failing (exit 1, and
#      the verdict FAILS rather than an ERROR of the engine); those in
#      findings/compare-exact/ under --compare exact.
# Usage: TAPECHECK=/path/to/tapecheck sh adapters/js/smoke_test.sh
set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${TAPECHECK:?set TAPECHECK to the tapecheck binary}"
engine="node $here/tfjs_engine.mjs"
failures=0

sh "$here/install.sh" || { echo "smoke_test: install.sh failed" >&2; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$TAPECHECK" check --engine "$engine" --cases 50 --seed 1 --jobs 0 --no-timings --out "$out" >"$out/check.log" 2>&1
rc=$?
case $rc in
  0|1) echo "ok: tapecheck check --cases 50 --seed 1 exited $rc" ;;
  *) echo "FAIL: tapecheck check --cases 50 --seed 1 exited $rc (2: protocol or handshake error)"; tail -40 "$out/check.log"; failures=$((failures + 1)) ;;
esac
if grep -q '^ERROR ' "$out/check.log"; then
  echo "FAIL: the check run has ERROR rows (an engine request went out of protocol)"
  grep 'ERROR' "$out/check.log" | head -20
  failures=$((failures + 1))
fi

count=0
# replay_must_fail LABEL FILE [replay options]: exit 1 and the verdict FAILS
# (an ERROR of the engine also exits 1, so the verdict is checked too).
replay_must_fail() {
  label=$1 finding=$2
  shift 2
  count=$((count + 1))
  "$TAPECHECK" replay --engine "$engine" "$@" "$finding" >"$out/replay.log" 2>&1
  rc=$?
  if [ $rc -eq 1 ] && grep -q ' FAILS$' "$out/replay.log"; then
    echo "ok: $label replays failing $*"
  else
    echo "FAIL: $label replays with exit $rc $* (expected 1 and FAILS, not an ERROR)"
    tail -20 "$out/replay.log"
    failures=$((failures + 1))
  fi
}
for finding in "$here"/findings/*.json; do
  [ -e "$finding" ] || continue
  replay_must_fail "$(basename "$finding")" "$finding"
done
# Findings that only --compare exact shows (order-bound explains them or calls them not applicable).
for finding in "$here"/findings/compare-exact/*.json; do
  [ -e "$finding" ] || continue
  replay_must_fail "compare-exact/$(basename "$finding")" "$finding" --compare exact
done
echo "smoke_test: $count findings replayed"

if [ $failures -ne 0 ]; then
  echo "smoke_test: $failures failed"
  exit 1
fi
echo "smoke_test: passed"
