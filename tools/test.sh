#!/usr/bin/env bash
# Second README command: build everything (Release, tests and benches) and run every test.
# With ETSIM_SANITIZE=1 it builds and runs the tests under AddressSanitizer + UBSan instead
# (separate build folder, no benches).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup-debian.sh >/dev/null
jobs=$(nproc)
if [ "${ETSIM_SANITIZE:-0}" = "1" ]; then
  build=build-asan
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DETSIM_SANITIZE=ON \
        -DETSIM_BUILD_BENCHES=OFF >/dev/null
  # HDF5 and TBB keep some allocations until exit; leaks in etsim's own code are still caught by
  # the tests' own checks (allocation counters), so leak detection is off, every other check on.
  export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:strict_string_checks=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
  build=build
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" -j"$jobs"
cd "$build"
ctest --output-on-failure -j"$jobs" --timeout 900
