#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (ASan + UBSan) in build/fuzz,
# seeds them from regressions/ and the generator, and runs each in turn for a
# bounded time. Prints each target's execution count; a crash,
# hang, leak or sanitizer report fails the script and keeps the input.
# Usage: scripts/fuzz.sh [seconds per target]   (default 60)
# Why clang 16, not the installed 14: libstdc++ 12's std::expected, which the
# whole code base uses, does not compile with clang < 16 (fuzz/CMakeLists.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
clang_version=16
scripts/deps.sh "clang-$clang_version" "libclang-rt-$clang_version-dev"
build="${TAPECHECK_FUZZ_BUILD_DIR:-build/fuzz}"
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="clang++-$clang_version" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTAPECHECK_SANITIZE=ON -DTAPECHECK_FUZZ=ON >/dev/null
cmake --build "$build" --target tapecheck_fuzz -j "$(nproc)"

corpus="$build/corpus"
mkdir -p "$corpus/validate" "$corpus/case_loader" "$build/artifacts"
"$build/fuzz/tapecheck_fuzz_seeds" regressions "$corpus/validate" "$corpus/case_loader"

# Why malloc_context_size=2: recording deep allocation stacks slows these
# allocation-heavy targets; a report still shows where the bad access is.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:malloc_context_size=2"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
status=0
total=0
for target in fuzz_validate fuzz_case_loader fuzz_graph_run; do
  [ -x "$build/fuzz/$target" ] || { echo "fuzz: $target not built (no cli/ case loader)"; continue; }
  case "$target" in
    fuzz_case_loader) dir="$corpus/case_loader" ;;
    *) dir="$corpus/validate" ;;
  esac
  log="$build/$target.log"
  # One process per target, in turn: -fork and -jobs cost more than they gain
  # on two cores. -timeout and -rss_limit_mb: a hang or a runaway allocation
  # is a finding too.
  if "$build/fuzz/$target" "$dir" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    total=$((total + runs))
    echo "fuzz: $target: $runs executions in ${seconds}s, no crash"
  else
    status=1
    echo "fuzz: $target FAILED (input kept in $build/artifacts/); the end of $log:"
    grep -v -E '^#[0-9]+|^\s*"' "$log" | tail -n 60
  fi
done
echo "fuzz: $total executions in all"
exit "$status"
