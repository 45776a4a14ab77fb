#!/bin/sh
# ASan + UBSan check of the solver tests and the allocation counter:
#   tests/engine/solvers/asan_check.sh [build-dir]   (default: build-asan next to the source tree)
# Configures a -DETSIM_SANITIZE=ON tree, builds only the two test targets (-j2) and runs them.
# Leak detection is on; any ASan/UBSan report fails the run (UBSan is built with -fno-sanitize-recover).
set -eu
source_dir=$(cd "$(dirname "$0")/../../.." && pwd)
build_dir=${1:-"$source_dir/../build-asan"}
cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DETSIM_SANITIZE=ON >/dev/null
cmake --build "$build_dir" --target test_engine_solvers test_support -j2
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
"$build_dir/tests/engine/solvers/test_engine_solvers"
"$build_dir/tests/support/test_support"
echo "ASan/UBSan check passed"
